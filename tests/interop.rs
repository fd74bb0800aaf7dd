//! Interoperability with the real C++ LevelDB engine (through plyvel), both ways.

mod common;

use common::{cpp, cpp_dump, decode_ndjson, TestEnv};

#[test]
fn storectl_reads_a_cpp_store_with_snappy_tables_and_an_unflushed_log() {
    let env = TestEnv::empty();
    let out = cpp(&["write", env.db.to_str().unwrap(), "3000"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        cpp(&["snappy", env.db.to_str().unwrap()]).status.success(),
        "C++ wrote no Snappy table"
    );

    let expected = cpp_dump(&env.db);
    let ours = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    assert_eq!(ours.len(), expected.len());
    assert!(
        ours == expected,
        "storectl and C++ LevelDB disagree on the store's contents"
    );

    // Seed-shaped reads through the default namespace.
    env.run(&["get", "tail:unflushed", "-o", "json"])
        .assert()
        .success()
        .stdout("{\"in\":\"log only\"}\n");
    env.run(&["get", "height:2999", "-o", "json"])
        .assert()
        .stdout(format!("\"0x{:064x}\"\n", 2999));
    // The binary key outside the namespace, in raw mode.
    env.run(&["--raw", "--hex", "get", "0062696eff6b6579", "-o", "ndjson"])
        .assert()
        .success()
        .stdout(
            "{\"key\":{\"bytes\":\"AGJpbv9rZXk=\"},\"raw\":{\"bytes\":\"AQL/IG5vdCBqc29u\"}}\n",
        );
}

#[test]
fn cpp_leveldb_reads_what_storectl_writes() {
    let env = TestEnv::new();
    // Two large batches so that the first memtable is written out as a table.
    for round in 0..2 {
        let ops: String = (0..15000)
            .map(|i| {
                format!(
                    "{{\"type\":\"put\",\"key\":\"block:{round}:{i:06}\",\"value\":{{\"stateRoot\":\"0x{i:064x}\",\"height\":{i},\"txs\":[\"{}\"]}}}}\n",
                    "t".repeat(100)
                )
            })
            .collect();
        env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    }
    env.run(&["--raw", "--hex", "put", "00ff", "1"])
        .assert()
        .success();
    env.run(&["batch", "-"])
        .write_stdin("{\"type\":\"put\",\"key\":\"bin\",\"raw\":{\"bytes\":\"AP8=\"}}\n{\"type\":\"delete\",\"key\":\"block:0:000007\"}\n")
        .assert()
        .success();
    let names: Vec<String> = env.files().into_keys().collect();
    assert!(
        names.iter().any(|n| n.ends_with(".ldb")),
        "storectl wrote no table: {names:?}"
    );
    assert!(
        cpp(&["snappy", env.db.to_str().unwrap()]).status.success(),
        "storectl's tables are not Snappy-compressed"
    );

    let ours = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    let theirs = cpp_dump(&env.db);
    assert_eq!(theirs.len(), 2 * 15000 - 1 + 2);
    assert!(
        ours == theirs,
        "C++ LevelDB reads different contents than storectl wrote"
    );
    assert!(theirs.contains(&(b":bin".to_vec(), vec![0, 255])));
    assert!(theirs.contains(&(vec![0, 255], b"1".to_vec())));

    // And storectl still reads the store after C++ LevelDB opened (and recovered) it.
    let again = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    assert!(again == ours);
}
