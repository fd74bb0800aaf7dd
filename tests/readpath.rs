//! The read path on damaged and tricky stores: every failure to read a
//! live file ends the command with exit 1 naming the file — never exit 0
//! with fewer records — and writers refuse a damaged store unchanged.

mod common;

use common::{files_of, TestEnv};
use std::path::{Path, PathBuf};

use common::support::repro;

/// A store of 20,000 records in a dozen tables, written by C++ LevelDB.
fn many_tables() -> TestEnv {
    let env = TestEnv::empty();
    repro(&env.db, "many-tables");
    env
}

fn tables(db: &Path) -> Vec<PathBuf> {
    let mut t: Vec<PathBuf> = std::fs::read_dir(db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ldb" || e == "sst"))
        .collect();
    t.sort();
    t
}

/// Every reading command fails with exit 1 naming `file`; writers refuse
/// and leave every byte of the store as it was.
fn assert_reads_fail_and_writes_refuse(env: &TestEnv, file: &Path) {
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    for args in [
        &["scan", "--count"][..],
        &["scan", "-o", "ndjson"],
        &["scan", "--reverse", "--keys-only"],
        &["hash"],
        &["export", "-"],
        &["get", "k:00000001"],
        &["stats"],
        &["block", "list"],
    ] {
        let out = env.run(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} on a damaged store: {stderr}"
        );
        assert!(
            stderr.contains(&name),
            "{args:?} does not name {name}: {stderr}"
        );
    }
    // Into a file: the store is blamed, not the dump (it said "write
    // FILE.part: …" for a table that could not be read), and no file is left.
    let dump = env.path("out.dump");
    let out = env
        .run(&["export", dump.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&name) && stderr.contains("stopped (") && !stderr.contains("write "),
        "{stderr}"
    );
    assert!(!dump.exists());
    let before = files_of(&env.db);
    for args in [
        &["put", "x", "1"][..],
        &["compact"],
        &["delete", "k:00000001"],
    ] {
        let out = env.run(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} on a damaged store: {stderr}"
        );
        assert!(stderr.contains("refusing"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("verify"),
            "{args:?} should point to verify: {stderr}"
        );
    }
    assert!(
        files_of(&env.db) == before,
        "a refused writer changed the store"
    );
    let out = env.run(&["verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&name));
}

#[test]
fn a_table_truncated_to_zero_is_an_error_not_a_shorter_scan() {
    // Issue 11: `scan --count` printed 4,539 of 30,000 and exited 0; then
    // `compact` deleted the other tables.
    let env = many_tables();
    let victim = tables(&env.db)[0].clone();
    std::fs::write(&victim, b"").unwrap();
    assert_reads_fail_and_writes_refuse(&env, &victim);
}

#[test]
fn flipped_bytes_in_a_data_block_or_the_index_are_errors() {
    for at_end in [false, true] {
        let env = many_tables();
        let victim = tables(&env.db)[1].clone();
        let mut bytes = std::fs::read(&victim).unwrap();
        // The first data block starts at 0; the index block sits just before
        // the 48-byte footer.
        let at = if at_end { bytes.len() - 60 } else { 40 };
        for b in &mut bytes[at..at + 4] {
            *b ^= 0x5A;
        }
        std::fs::write(&victim, &bytes).unwrap();
        // Reads that need the damaged block fail (the index is read at open;
        // a data block when it is reached).
        for args in [
            &["scan", "--count"][..],
            &["scan", "--reverse", "-o", "ndjson"],
            &["hash"],
            &["export", "-"],
            &["stats"],
            &["--raw", "scan", "--keys-only"],
        ] {
            let out = env.run(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(
                stderr.contains(&*victim.file_name().unwrap().to_string_lossy()),
                "{args:?}: {stderr}"
            );
        }
        let before = files_of(&env.db);
        let out = env.run(&["compact"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            files_of(&env.db) == before,
            "compact changed a damaged store"
        );
        env.run(&["verify", "--checks", "storage"]).assert().code(5);
    }
}

/// A table's footer and index are read when a read first needs the table:
/// a lookup whose key lies outside a damaged table's range (as the manifest
/// gives it) is answered, one inside it fails naming the table, and so does
/// every scan — never a shorter answer.
#[test]
fn a_damaged_index_fails_every_read_that_needs_its_table() {
    let env = many_tables();
    let manifest: serde_json::Value =
        serde_json::from_str(&env.stdout(&["inspect", "manifest", "-o", "json"])).unwrap();
    let items = manifest["items"].as_array().unwrap();
    assert!(items.len() > 2, "{manifest}");
    // The table holding the largest keys, and a key of it.
    let last = items
        .iter()
        .max_by_key(|i| i["largest"]["key"].as_str().unwrap().to_string())
        .unwrap();
    let victim = tables(&env.db)
        .into_iter()
        .find(|p| {
            p.file_stem()
                .unwrap()
                .to_string_lossy()
                .parse::<u64>()
                .unwrap()
                == last["file"].as_u64().unwrap()
        })
        .unwrap();
    let inside = last["largest"]["key"]
        .as_str()
        .unwrap()
        .trim_start_matches(':')
        .to_string();
    let first_key = env.stdout(&["scan", "--keys-only", "--limit", "1", "-o", "plain"]);
    let first_key = first_key.trim().to_string();
    let first_value = env.stdout(&["get", &first_key]);
    let mut bytes = std::fs::read(&victim).unwrap();
    let at = bytes.len() - 60; // inside the index block, before the footer
    for b in &mut bytes[at..at + 4] {
        *b ^= 0x5A;
    }
    std::fs::write(&victim, &bytes).unwrap();
    let name = victim.file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(env.stdout(&["get", &first_key]), first_value);
    for args in [
        &["get", inside.as_str()][..],
        &["scan", "--count"],
        &["hash"],
    ] {
        let out = env.run(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(&name), "{args:?}: {stderr}");
    }
}

#[test]
fn a_missing_table_is_an_error() {
    let env = many_tables();
    let victim = tables(&env.db)[2].clone();
    std::fs::remove_file(&victim).unwrap();
    assert_reads_fail_and_writes_refuse(&env, &victim);
}

#[test]
fn running_out_of_file_descriptors_is_an_error() {
    // Issue 11: with `ulimit -n 48`, 153,488 of 300,000 records, exit 0.
    // How many descriptors a read needs depends on how far C++ LevelDB's
    // background compaction got before close (a CI host once compacted the
    // store down to where 9 sufficed), so every limit from 4 (the loader
    // needs one) to 24 is tried: each gives the whole answer or fails
    // loudly, and some fail on a table, after the manifest was read.
    let env = many_tables();
    let bin = assert_cmd::cargo::cargo_bin("storectl");
    let full = env.stdout(&["scan", "--count"]);
    assert_eq!(full, "20000\n");
    let mut failed_on_a_table = 0;
    for limit in 4..=24 {
        let script = format!(
            "ulimit -n {limit} && exec '{}' --db '{}' scan --count",
            bin.display(),
            env.db.display()
        );
        let out = std::process::Command::new("sh")
            .args(["-c", &script])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() == Some(0) {
            assert_eq!(stdout, full, "ulimit -n {limit}: a different count");
            continue;
        }
        assert_eq!(
            out.status.code(),
            Some(1),
            "ulimit -n {limit}: stdout {stdout:?} stderr {stderr}"
        );
        assert!(
            stdout.is_empty(),
            "ulimit -n {limit}: printed a count: {stdout:?}"
        );
        assert!(
            stderr.contains("Too many open files"),
            "ulimit -n {limit}: {stderr}"
        );
        if stderr.contains(".ldb") {
            failed_on_a_table += 1;
        }
    }
    assert!(
        failed_on_a_table > 0,
        "no limit ran out of descriptors on a table"
    );
}

#[test]
fn blocks_pruned_after_a_compaction_are_still_found() {
    // Issue 11, storectl alone: 100 blocks, compact, prune below 50, one
    // more put → `block get --height 72` said not found, `block list`
    // skipped 72, verify reported an orphan, and a different block at 72
    // was accepted without --force.
    let env = TestEnv::new();
    let blocks: String = (0..100u64)
        .map(|h| {
            format!(
                "{{\"stateRoot\":\"0x{:04x}\",\"height\":{h}}}\n",
                h * 7919 % 65536
            )
        })
        .collect();
    env.run(&["block", "put", "-"])
        .write_stdin(blocks)
        .assert()
        .success();
    env.run(&["compact"]).assert().success();
    env.run(&["prune", "--blocks-below", "50", "--yes"])
        .assert()
        .success();
    env.run(&["put", "note", "\"x\""]).assert().success();
    let want = format!("0x{:04x}", 72 * 7919 % 65536);
    let got = env.stdout(&["block", "get", "--height", "72", "-o", "json"]);
    assert!(got.contains(&want), "{got}");
    let list = env.stdout(&["block", "list", "-o", "plain"]);
    assert_eq!(list.lines().count(), 50, "{list}");
    env.run(&["verify"]).assert().success();
    let other = "{\"stateRoot\":\"0xdead\",\"height\":72}";
    env.run(&["block", "put", other]).assert().code(1);
}

#[test]
fn verify_reads_every_key_of_a_seed_store_synced_in_shuffled_order() {
    // Issue 11: verify examined ~51,800 of 120,000 keys and reported 101
    // false height gaps on 60,000 saveBlock calls in shuffled order.
    let env = TestEnv::empty();
    let n = if std::env::var_os("STORECTL_HEAVY").is_some() {
        60_000
    } else {
        20_000
    };
    repro(&env.db, &format!("shuffled-blocks-{n}"));
    let out = env.stdout(&["verify", "-o", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["ok"], true, "{out}");
    let values = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "values")
        .unwrap();
    assert_eq!(values["items"], 2 * n, "{out}");
    assert_eq!(
        env.stdout(&["block", "latest", "--height-only"]).trim(),
        (n - 1).to_string()
    );
}
