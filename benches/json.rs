//! Throughput of the JSON scanner that `verify`, `scan` and the block
//! model run on every value: validation of whole values, and the block
//! parse (`stateRoot` and `height`) the blocks check runs on every block.
//!
//!   cargo bench --bench json
//!   JSON_BENCH_N=20000 valgrind --tool=callgrind target/release/deps/json-*
//!
//! The values are shaped as the system writes them (the same shapes as
//! benches/records.py and benches/blocks.sh): blocks, height index entries,
//! state values with nested members and an escaped string, and values with
//! non-ASCII text. Each row prints ns per value and MB/s.

use std::hint::black_box;
use std::time::Instant;
use storectl::model::block::{block_fields, block_parts};
use storectl::store::json;

fn blocks(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"stateRoot":"0x{i:064x}","height":{i},"transactions":["tx{i}"],"timestamp":{}}}"#,
                1_700_000_000_000u64 + i as u64
            )
        })
        .collect()
}

fn heights(n: usize) -> Vec<String> {
    (0..n).map(|i| format!(r#""0x{i:064x}""#)).collect()
}

fn states(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"balance":{i},"nonce":{},"owner":"0x{i:040x}","flags":[true,false,null],"meta":{{"note":"line\nbreak \"quoted\"","ratio":-1.5e-3}}}}"#,
                i % 97
            )
        })
        .collect()
}

fn unicode(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!(r#"{{"name":"Zürich ☃ {i} 𝄞","tags":["été","日本語"],"n":{i}}}"#))
        .collect()
}

fn measure(name: &str, values: &[String], run: impl Fn(&str) -> bool) {
    // JSON_BENCH_ROW=text runs only the rows whose name holds it.
    if std::env::var("JSON_BENCH_ROW").is_ok_and(|row| !name.contains(&row)) {
        return;
    }
    let bytes: usize = values.iter().map(String::len).sum();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut ok = 0usize;
        for v in values {
            ok += usize::from(run(black_box(v)));
        }
        assert_eq!(ok, values.len(), "{name}: every value is valid");
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{name:<28} {:>7.1} ns/value {:>8.0} MB/s",
        best * 1e9 / values.len() as f64,
        bytes as f64 / best / 1e6
    );
}

fn main() {
    // JSON_BENCH_N=20000 keeps a run under valgrind short (instruction
    // counts: `valgrind --tool=callgrind`, steady whatever the machine does).
    let n = std::env::var("JSON_BENCH_N").map_or(200_000, |v| v.parse().expect("JSON_BENCH_N"));
    let (b, h, s, u) = (blocks(n), heights(n), states(n), unicode(n));
    measure("is_json: blocks", &b, |v| json::is_json(v.as_bytes()));
    measure("is_json: height entries", &h, |v| {
        json::is_json(v.as_bytes())
    });
    measure("is_json: states", &s, |v| json::is_json(v.as_bytes()));
    measure("is_json: non-ASCII", &u, |v| json::is_json(v.as_bytes()));
    measure("from_utf8: blocks", &b, |v| {
        std::str::from_utf8(v.as_bytes()).is_ok()
    });
    measure("validate: blocks", &b, |v| json::validate(v).is_ok());
    measure("block_fields: blocks", &b, |v| {
        block_fields(v.as_bytes()).is_ok()
    });
    measure("block_parts: blocks", &b, |v| block_parts(v).is_ok());
    measure("decode_str: height entries", &h, |v| {
        json::decode_str(v).is_some()
    });
}
