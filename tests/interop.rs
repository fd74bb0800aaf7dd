//! Interoperability with the real C++ LevelDB engine (through plyvel), both ways.

mod common;

use common::{cpp, cpp_dump, cpp_store, decode_ndjson, storectl, TestEnv};

#[test]
fn storectl_reads_a_cpp_store_with_snappy_tables_and_an_unflushed_log() {
    let env = cpp_store(3000);
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

/// `import` writes records in key order through an external sort (runs in
/// temporary files once the in-memory bound is reached): the store must be
/// exactly what writing the records in input order gives — the last value
/// of a repeated key, binary keys, non-JSON values — as C++ LevelDB and
/// storectl both read it, with the bound tiny (many runs) and default (one
/// sort in memory), into a new store and into an existing one (--merge).
#[test]
fn sorted_import_is_read_identically_by_cpp_leveldb_and_storectl() {
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let mut lines = Vec::new();
    let mut expected = std::collections::BTreeMap::new();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..3000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        // Random order, some keys repeated (later values win).
        let key = format!("block:0x{:08x}", x % 2000);
        let value = format!(
            "{{\"i\":{i},\"pad\":\"{}\"}}",
            "x".repeat((x % 40) as usize)
        );
        lines.push(format!("{{\"key\":\"{key}\",\"value\":{value}}}"));
        expected.insert(format!(":{key}").into_bytes(), value.into_bytes());
    }
    let binary_key = b"bin\xff\x00key".to_vec();
    lines.push(format!(
        "{{\"key\":{{\"bytes\":\"{}\"}},\"raw\":{{\"bytes\":\"{}\"}}}}",
        b64(&binary_key),
        b64(b"\x00\x01\xff")
    ));
    expected.insert(
        [b":".as_slice(), &binary_key].concat(),
        b"\x00\x01\xff".to_vec(),
    );
    lines.push(r#"{"key":"text","raw":{"text":"not json"}}"#.into());
    expected.insert(b":text".to_vec(), b"not json".to_vec());
    let input = lines.join("\n") + "\n";
    let expected: Vec<(Vec<u8>, Vec<u8>)> = expected.into_iter().collect();

    for run_bytes in ["2048", "1000000000"] {
        // A new store.
        let env = TestEnv::empty();
        env.run(&["--create", "import", "-"])
            .env("STORECTL_IMPORT_SORT_BYTES", run_bytes)
            .write_stdin(input.clone())
            .assert()
            .success();
        assert!(
            cpp_dump(&env.db) == expected,
            "C++ LevelDB reads another store (runs of {run_bytes} bytes)"
        );
        let ours = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
        assert!(
            ours == expected,
            "storectl reads another store (runs of {run_bytes} bytes)"
        );

        // An existing store with other keys: --merge adds to them.
        let env = TestEnv::new();
        env.run(&["put", "zzz:kept", "1"]).assert().success();
        env.run(&["import", "-", "--merge"])
            .env("STORECTL_IMPORT_SORT_BYTES", run_bytes)
            .write_stdin(input.clone())
            .assert()
            .success();
        let mut with_kept = expected.clone();
        with_kept.push((b":zzz:kept".to_vec(), b"1".to_vec()));
        assert!(
            cpp_dump(&env.db) == with_kept,
            "C++ after --merge (runs of {run_bytes} bytes)"
        );
        let files: Vec<String> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["db"], "no temporary file left beside the store");
    }
}

/// A store that `import` built directly from sorted tables (several
/// tables, placed below level 1) is an ordinary store afterwards: C++
/// LevelDB opens it with paranoid checks, deletes, overwrites, adds and
/// compacts through it, and both engines then read the same contents;
/// storectl writes to it too and `verify` finds it clean.
#[test]
fn a_store_built_from_sorted_tables_is_changed_and_compacted_by_both_engines() {
    let n = 30_000usize;
    let mut lines = String::new();
    for i in 0..n {
        // Random order, about 600 bytes a record (a third of it compressible):
        // 16 MB of tables, more than level 1 holds.
        let k = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 16;
        let mut x = k | 1;
        let pad: String = (0..24)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                format!("{x:016x}")
            })
            .collect();
        lines.push_str(&format!(
            "{{\"key\":\"block:{k:012x}\",\"value\":{{\"i\":{i},\"pad\":\"{pad}\",\"note\":\"{}\"}}}}\n",
            "compressible ".repeat(16)
        ));
    }
    let env = TestEnv::empty();
    env.run(&["--create", "import", "-"])
        .write_stdin(lines)
        .assert()
        .success();
    let tables = std::fs::read_dir(&env.db)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ldb")
        })
        .count();
    assert!(tables > 4, "{tables} tables");
    let manifest: serde_json::Value =
        serde_json::from_str(&env.stdout(&["inspect", "manifest", "-o", "json"])).unwrap();
    assert_eq!(
        manifest["levels"][2]["files"].as_u64(),
        Some(tables as u64),
        "every table in level 2 (over level 1's 10 MiB): {manifest}"
    );
    let snappy = cpp(&["snappy", env.db.to_str().unwrap()]);
    assert!(
        snappy.status.success(),
        "the built tables hold Snappy blocks"
    );
    let before = cpp_dump(&env.db);
    assert_eq!(before.len(), n);
    let ours = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    assert!(ours == before, "both engines read the built store alike");

    let out = cpp(&["rewrite", env.db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut expected = Vec::new();
    for (j, (k, v)) in before.into_iter().enumerate() {
        if j % 5 == 0 {
            continue;
        }
        expected.push((
            k,
            if j % 3 == 0 {
                b"\"rewritten\"".to_vec()
            } else {
                v
            },
        ));
    }
    for i in 0..2000 {
        expected.push((format!(":zz:new:{i:04}").into_bytes(), b"1".to_vec()));
    }
    assert!(
        cpp_dump(&env.db) == expected,
        "C++ LevelDB's changes, read by C++ LevelDB"
    );
    let ours = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    assert!(ours == expected, "C++ LevelDB's changes, read by storectl");

    env.run(&["put", "after", "\"storectl\""])
        .assert()
        .success();
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();
    assert_eq!(env.stdout(&["get", "after"]).trim(), "\"storectl\"");
    assert_eq!(cpp_dump(&env.db).len(), expected.len() + 1);
}

#[test]
fn a_scan_formatted_on_two_threads_prints_what_cpp_leveldb_reads() {
    // Large enough for several 2 MiB key ranges (scanned on two threads).
    let env = cpp_store(160000);
    // One entry larger than a hand-over chunk, inside a range.
    let big = format!("\"{}\"", "b".repeat(1_500_000));
    env.run(&["put", "height:4zz", "-"])
        .write_stdin(big)
        .assert()
        .success();
    let expected = cpp_dump(&env.db);
    let ndjson = env.stdout(&["--raw", "scan", "-o", "ndjson"]);
    assert!(
        decode_ndjson(&ndjson) == expected,
        "ndjson differs from C++"
    );
    // The JSON array holds the same records, in the same order.
    let array: Vec<serde_json::Value> =
        serde_json::from_str(&env.stdout(&["--raw", "scan", "-o", "json"])).unwrap();
    let lines: Vec<serde_json::Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(array == lines, "json array differs from ndjson");
    assert_eq!(
        env.stdout(&["--raw", "scan", "--count"]),
        format!("{}\n", expected.len())
    );
    let plain = env.stdout(&["--raw", "scan", "-o", "plain"]);
    assert_eq!(plain.lines().count(), expected.len());
    let keys = env.stdout(&["--raw", "scan", "--keys-only", "-o", "ndjson"]);
    assert_eq!(keys.lines().count(), expected.len());
    // A bounded range inside the default namespace.
    let inside: Vec<(Vec<u8>, Vec<u8>)> = expected
        .iter()
        .filter(|(k, _)| {
            k.starts_with(b":height:")
                && k.as_slice() >= b":height:2".as_slice()
                && k.as_slice() < b":height:7".as_slice()
        })
        .map(|(k, v)| (k[1..].to_vec(), v.clone()))
        .collect();
    assert!(inside.len() > 10_000);
    let part = env.stdout(&[
        "scan", "height:", "--start", "height:2", "--end", "height:7", "-o", "ndjson",
    ]);
    assert!(
        decode_ndjson(&part) == inside,
        "range scan differs from C++"
    );
    // export lays its entries out the same way: both dump forms load back
    // into exactly what C++ LevelDB read, and the trailer's digest is the
    // store's hash.
    let hash = env.stdout(&["--raw", "hash"]);
    // The digest, computed here from what C++ LevelDB read (each entry as
    // len(key) u64 LE, key, len(value) u64 LE, value).
    use sha2::Digest as _;
    let mut sha = sha2::Sha256::new();
    for (k, v) in &expected {
        sha.update((k.len() as u64).to_le_bytes());
        sha.update(k);
        sha.update((v.len() as u64).to_le_bytes());
        sha.update(v);
    }
    let hex: String = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hash.trim(),
        format!("sha256:{hex}"),
        "hash differs from C++"
    );
    for form in [&[][..], &["--canonical"][..]] {
        let dump = env.path(&format!("all{}.dump", form.len()));
        let mut args = vec!["--raw", "export", dump.to_str().unwrap()];
        args.extend_from_slice(form);
        env.run(&args).assert().success();
        let text = std::fs::read_to_string(&dump).unwrap();
        assert!(text.contains(hash.trim()), "{form:?}: digest is not {hash}");
        let copy = env.path(&format!("copy{}", form.len()));
        storectl()
            .args(["--raw", "--create", "--db", copy.to_str().unwrap()])
            .args(["import", dump.to_str().unwrap()])
            .assert()
            .success();
        assert!(
            cpp_dump(&copy) == expected,
            "{form:?}: the export does not load back"
        );
    }
}

/// A C++-written store (levels, compaction pointers, an unflushed log)
/// takes storectl's ingested writes — a whole-store snapshot, then a
/// restore of more than 4 MiB after C++ LevelDB rewrote and compacted the
/// store — and C++ LevelDB reads exactly what storectl reads after each,
/// then compacts over the ingested tables and still agrees.
#[test]
fn ingested_snapshot_writes_into_a_cpp_store_read_the_same_in_cpp_leveldb() {
    let env = cpp_store(40_000);
    let ours = || decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    let same = |what: &str| {
        let mine = ours();
        assert!(
            mine == cpp_dump(&env.db),
            "{what}: C++ LevelDB reads another store"
        );
        mine
    };
    env.stdout(&["snapshot", "create", "--all", "--id", "s"]);
    let captured = same("after the snapshot");
    let value = captured.iter().find(|(k, _)| k == b":snapshot:s").unwrap();
    assert!(value.1.len() > 8 << 20, "a {}-byte snapshot", value.1.len());
    // C++ deletes every fifth key, rewrites every third, adds 2000 and
    // compacts; the restore puts back about 5 MB.
    let out = cpp(&["rewrite", env.db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.run(&["snapshot", "restore", "s", "-o", "json"])
        .assert()
        .success();
    let restored = same("after the restore");
    // The captured range (the namespace, snapshots aside) is as captured;
    // the key outside the namespace is as C++ left it.
    let in_range = |entries: &[(Vec<u8>, Vec<u8>)]| -> Vec<(Vec<u8>, Vec<u8>)> {
        entries
            .iter()
            .filter(|(k, _)| k.starts_with(b":") && !k.starts_with(b":snapshot:"))
            .cloned()
            .collect()
    };
    assert!(in_range(&restored) == in_range(&captured));
    assert!(in_range(&restored).len() > 80_000);
    // C++ compacts everything again, ingested tables included.
    let out = cpp(&["rewrite", env.db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    same("after C++ compacted");
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();
}

/// `put` and `batch` writes larger than the engine's memtable are
/// ingested as tables of their own: nothing of them goes through the log,
/// C++ LevelDB reads the same store, and later writes go on.
#[test]
fn large_put_and_batch_writes_are_ingested_and_read_the_same_in_cpp_leveldb() {
    let env = TestEnv::new();
    let big = format!("\"{}\"", "v".repeat(5 << 20));
    env.run(&["put", "big", "-"])
        .write_stdin(big.clone())
        .assert()
        .success();
    let ops: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\"state:m1:{i:04}\",\"value\":{{\"pad\":\"{}\"}}}}\n",
                "p".repeat(2000)
            )
        })
        .chain(["{\"type\":\"delete\",\"key\":\"big\"}\n".to_string()])
        .collect();
    env.run(&["batch", "-", "-o", "json"])
        .write_stdin(ops)
        .assert()
        .success()
        .stdout(predicates::str::contains("\"applied\":3001"));
    let logs: u64 = std::fs::read_dir(&env.db)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(
        logs < 1 << 20,
        "{logs} bytes of logs: the writes went through the log"
    );
    // Placed as deep as their keys allow, where the engine's own flushes
    // never put a table (it stops at level 2).
    let manifest: serde_json::Value =
        serde_json::from_str(&env.stdout(&["inspect", "manifest", "-o", "json"])).unwrap();
    let levels: Vec<u64> = manifest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["level"].as_u64().unwrap())
        .collect();
    assert!(
        levels.iter().filter(|l| **l >= 3).count() >= 2,
        "levels {levels:?}"
    );
    env.stdout(&["put", "after", "1"]);
    let ours = decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    assert_eq!(ours.len(), 3001);
    assert!(ours.iter().all(|(k, _)| k != b":big"));
    assert!(ours == cpp_dump(&env.db), "C++ LevelDB reads another store");
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();
}
