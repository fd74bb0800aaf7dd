//! Differential tests of storectl's read path against C++ LevelDB: plyvel
//! writes stores from seeded random operation sequences
//! (`tests/support/differential.py`) and reads them back as the reference;
//! storectl must give the same keys, values, order and answers.
//!
//! `STORECTL_HEAVY=1` runs many more and larger stores.

mod common;

use common::{copy_dir, decode_ndjson, storectl, unhex, TestEnv};
use std::path::Path;
use storectl::store::{Namespace, ScanRange, StorageService, Store};

use common::support::differential as python;

struct Expected {
    entries: Vec<(Vec<u8>, Vec<u8>)>,
    probes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    hash: String,
    options: String,
}

fn expected(db: &Path) -> Expected {
    let text = std::fs::read_to_string(format!("{}.expected.json", db.display())).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pair = |p: &serde_json::Value| unhex(p.as_str().unwrap());
    Expected {
        entries: doc["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (pair(&e[0]), pair(&e[1])))
            .collect(),
        probes: doc["probes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (pair(&e[0]), e[1].as_str().map(unhex)))
            .collect(),
        hash: doc["hash"].as_str().unwrap().to_string(),
        options: doc["options"].to_string(),
    }
}

fn raw_view(db: &Path) -> StorageService {
    StorageService::new(
        Store::open_read(db).expect("open read view"),
        Namespace::Raw,
    )
}

fn scan(service: &mut StorageService, range: &ScanRange) -> Vec<(Vec<u8>, Vec<u8>)> {
    service
        .scan(range)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

/// Every comparison for one store: gets of every key ever written and its
/// neighbours, forward and reverse scans (whole, by prefix, by range, with
/// limits), the content hash and the binary's own scan.
fn compare(db: &Path) {
    let exp = expected(db);
    let context = format!("store {} options {}", db.display(), exp.options);
    let mut view = raw_view(db);
    for (key, want) in &exp.probes {
        let got = view.get(key).unwrap();
        assert!(
            got == *want,
            "get {:?}: storectl {:?} bytes, C++ {:?} bytes ({context})",
            String::from_utf8_lossy(key),
            got.as_ref().map(Vec::len),
            want.as_ref().map(Vec::len)
        );
    }
    let all = scan(&mut view, &ScanRange::default());
    assert!(all == exp.entries, "forward scan differs ({context})");
    let mut reversed = scan(
        &mut view,
        &ScanRange {
            reverse: true,
            ..ScanRange::default()
        },
    );
    reversed.reverse();
    assert!(reversed == exp.entries, "reverse scan differs ({context})");
    // Prefixes, ranges and limits against the reference's order.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut pick = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state as usize) % n.max(1)
    };
    for _ in 0..40 {
        let bound = |i: usize| exp.entries.get(i).map(|e| e.0.clone()).unwrap_or_default();
        let (a, b) = (pick(exp.entries.len() + 1), pick(exp.entries.len() + 1));
        let (lo, hi) = (a.min(b), a.max(b));
        let prefix_len = pick(4);
        let prefix: Vec<u8> = bound(pick(exp.entries.len()))
            .into_iter()
            .take(prefix_len)
            .collect();
        let range = ScanRange {
            key_prefix: prefix.clone(),
            start: Some(bound(lo)),
            end: (hi < exp.entries.len()).then(|| bound(hi)),
            limit: (pick(3) == 0).then(|| pick(50)),
            reverse: pick(2) == 0,
        };
        let mut want: Vec<(Vec<u8>, Vec<u8>)> = exp
            .entries
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| range.start.as_ref().is_none_or(|s| k >= s))
            .filter(|(k, _)| range.end.as_ref().is_none_or(|e| k < e))
            .cloned()
            .collect();
        if range.reverse {
            want.reverse();
        }
        if let Some(n) = range.limit {
            want.truncate(n);
        }
        assert!(
            scan(&mut view, &range) == want,
            "scan {range:?} differs ({context})"
        );
    }
    // The binary: hash and the lossless NDJSON scan.
    let env = TestEnv {
        dir: tempfile::tempdir().unwrap(),
        db: db.to_path_buf(),
    };
    assert_eq!(env.stdout(&["--raw", "hash"]).trim(), exp.hash, "{context}");
    let ndjson = env.stdout(&["--raw", "scan", "-o", "ndjson"]);
    assert!(
        decode_ndjson(&ndjson) == exp.entries,
        "binary scan differs ({context})"
    );
    let count = env.stdout(&["--raw", "scan", "--count"]);
    assert_eq!(count.trim(), exp.entries.len().to_string());
    // An undamaged store passes the storage check.
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();
    // The greatest live height (canonical `height:<n>` keys of the default
    // namespace) as C++ LevelDB reads the store, deletions included.
    let latest = exp
        .entries
        .iter()
        .filter_map(|(k, _)| k.strip_prefix(b":height:"))
        .filter(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
        .filter(|d| d.len() == 1 || d[0] != b'0')
        .filter_map(|d| std::str::from_utf8(d).ok()?.parse::<u64>().ok())
        .max();
    let out = env
        .run(&["block", "latest", "--height-only"])
        .output()
        .unwrap();
    match latest {
        Some(h) => assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            h.to_string(),
            "block latest ({context})"
        ),
        None => assert_eq!(out.status.code(), Some(3), "block latest ({context})"),
    }
}

fn heavy() -> bool {
    std::env::var_os("STORECTL_HEAVY").is_some()
}

#[test]
fn random_cpp_stores_read_identically() {
    let dir = tempfile::tempdir().unwrap();
    let (seeds, scale) = if heavy() { (60u32, "3") } else { (10, "1") };
    for seed in 0..seeds {
        let db = dir.path().join(format!("s{seed}"));
        python(&["gen", db.to_str().unwrap(), &seed.to_string(), scale]);
        compare(&db);
    }
}

#[test]
fn stores_a_killed_cpp_writer_left_read_identically() {
    // A C++ LevelDB writer killed (SIGKILL) mid-work leaves two logs, a
    // half-written table, compaction inputs beside their outputs: storectl
    // reads what C++ LevelDB's recovery reads, the storage check finds the
    // store sound, and salvage recovers exactly that content.
    let dir = tempfile::tempdir().unwrap();
    let seeds = if heavy() { 40u32 } else { 10 };
    for seed in 0..seeds {
        let db = dir.path().join(format!("c{seed}"));
        python(&["crash", db.to_str().unwrap(), &seed.to_string()]);
        compare(&db);
        common::storectl()
            .arg("--db")
            .arg(&db)
            .args(["verify", "--checks", "storage"])
            .assert()
            .success();
        let salvaged = dir.path().join(format!("c{seed}.salvaged"));
        common::storectl()
            .arg("--db")
            .arg(&db)
            .args(["salvage", "-o", "json", "--to"])
            .arg(&salvaged)
            .assert()
            .success();
        let exp = expected(&db);
        let got = scan(&mut raw_view(&salvaged), &ScanRange::default());
        assert!(
            got == exp.entries,
            "seed {seed}: salvage of a killed writer's store differs from C++ LevelDB's recovery \
             ({} vs {} entries)",
            got.len(),
            exp.entries.len()
        );
    }
}

#[test]
fn writes_on_a_killed_cpp_writers_store_keep_every_key() {
    // storectl's writers open such a store through rusty-leveldb (whose
    // recovery replays both logs) or write a table of their own (a batch
    // over 4 MiB): C++ LevelDB then reads what its own recovery read plus
    // the new writes, and so does a checkpoint of the result.
    let dir = tempfile::tempdir().unwrap();
    let seeds = if heavy() { 12u32 } else { 3 };
    let big: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\":big:{i:05}\",\"value\":{{\"pad\":\"{}\"}}}}\n",
                "z".repeat(2000)
            )
        })
        .collect();
    let batch = dir.path().join("big.ndjson");
    std::fs::write(&batch, big).unwrap();
    for seed in 0..seeds {
        let db = dir.path().join(format!("w{seed}"));
        python(&["crash", db.to_str().unwrap(), &(100 + seed).to_string()]);
        let mut want: std::collections::BTreeMap<Vec<u8>, Vec<u8>> =
            expected(&db).entries.into_iter().collect();
        let run = |args: &[&str]| {
            storectl()
                .arg("--db")
                .arg(&db)
                .arg("--raw")
                .args(args)
                .assert()
                .success();
        };
        run(&["put", ":zz:small", "\"x\""]);
        want.insert(b":zz:small".to_vec(), b"\"x\"".to_vec());
        run(&["batch", batch.to_str().unwrap()]);
        for i in 0..3000 {
            want.insert(
                format!(":big:{i:05}").into_bytes(),
                format!("{{\"pad\":\"{}\"}}", "z".repeat(2000)).into_bytes(),
            );
        }
        run(&["compact"]);
        let checkpoint = dir.path().join(format!("w{seed}.checkpoint"));
        run(&["checkpoint", checkpoint.to_str().unwrap()]);
        for (what, store) in [("store", &db), ("checkpoint", &checkpoint)] {
            let copy = dir.path().join(format!("w{seed}.{what}.copy"));
            copy_dir(store, &copy);
            let got: std::collections::BTreeMap<Vec<u8>, Vec<u8>> =
                common::cpp_dump(&copy).into_iter().collect();
            assert!(
                got == want,
                "seed {seed}: the {what} as C++ LevelDB reads it differs ({} vs {} keys)",
                got.len(),
                want.len()
            );
        }
    }
}

#[test]
fn a_neighbours_deletion_does_not_hide_a_key() {
    // Issue 11: put b, c; compact; put a; delete c → `get b` said not found.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    python(&["repro", db.to_str().unwrap(), "neighbour-deletion"]);
    compare(&db);
    let out = storectl()
        .arg("--db")
        .arg(&db)
        .args(["get", "b"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
}

#[test]
fn a_key_equal_to_an_index_key_is_found() {
    // Issue 11: k:B, then a 5 KB k:A ending the block; compact → `get k:A` missed.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    python(&["repro", db.to_str().unwrap(), "index-key"]);
    compare(&db);
    let out = storectl()
        .arg("--db")
        .arg(&db)
        .args(["get", "k:A", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout.len(), 5003);
}
