//! End-to-end tests of snapshots and incremental chains.

mod common;

use common::{seed_store, TestEnv};
use predicates::prelude::*;

/// A store with machine m1 (state + sub-keys) and neighbours outside its range.
fn machine_store() -> TestEnv {
    let env = TestEnv::new();
    let ops = r#"{"type":"put","key":"state:m1","value":{"stateRoot":"0x1","machineId":"m1"}}
{"type":"put","key":"root:0x1","value":{"stateRoot":"0x1","machineId":"m1"}}
{"type":"put","key":"state:m1:acct:a","value":{"balance":1}}
{"type":"put","key":"state:m1:acct:b","value":{"balance":2}}
{"type":"put","key":"state:m10","value":{"stateRoot":"0x10"}}
{"type":"put","key":"state:m10:x","value":1}
{"type":"put","key":"block:0xab","value":{"stateRoot":"0xab","height":0}}
"#;
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    env
}

fn machine_range(env: &TestEnv) -> String {
    env.stdout(&["scan", "state:m1", "-o", "plain"])
        .lines()
        .filter(|l| l.starts_with("state:m1\t") || l.starts_with("state:m1:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn create(env: &TestEnv, args: &[&str]) -> String {
    let mut full = vec!["snapshot", "create"];
    full.extend_from_slice(args);
    env.stdout(&full).trim().to_string()
}

#[test]
fn restore_gives_back_exactly_the_captured_range() {
    let env = machine_store();
    let id = create(&env, &["--machine", "m1"]);
    assert!(id.starts_with("snap-"), "{id}");

    // The seed's readers see id, timestamp and data; data holds state:m1 itself.
    let meta: serde_json::Value =
        serde_json::from_str(&env.stdout(&["get", &format!("snapshot:{id}"), "-o", "json"]))
            .unwrap();
    assert_eq!(meta["id"], id.as_str());
    assert!(meta["timestamp"].is_i64());
    assert_eq!(
        meta["data"]["state:m1"],
        serde_json::json!({"stateRoot":"0x1","machineId":"m1"})
    );
    assert_eq!(
        meta["data"]["state:m1:acct:b"],
        serde_json::json!({"balance":2})
    );
    assert!(meta["data"].get("state:m10").is_none());

    // Change the state, add and delete sub-keys, and touch keys outside the range.
    env.run(&[
        "state",
        "put",
        "m1",
        "{\"stateRoot\":\"0x2\",\"machineId\":\"m1\"}",
    ])
    .assert()
    .success();
    env.run(&["put", "state:m1:acct:c", "3"]).assert().success();
    env.run(&["delete", "state:m1:acct:a"]).assert().success();
    env.run(&["put", "state:m10:x", "2"]).assert().success();
    let outside_after = env.stdout(&["get", "state:m10:x", "-o", "json"]);

    let plan = env.stdout(&["snapshot", "restore", &id, "--dry-run", "-o", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    assert_eq!(
        plan,
        serde_json::json!([
            {"change": "overwrite", "key": "state:m1"},
            {"change": "create", "key": "state:m1:acct:a"},
            {"change": "delete", "key": "state:m1:acct:c"}
        ])
    );
    env.run(&["snapshot", "restore", &id]).assert().success();
    assert_eq!(
        machine_range(&env),
        "state:m1\t{\"stateRoot\":\"0x1\",\"machineId\":\"m1\"}\nstate:m1:acct:a\t{\"balance\":1}\nstate:m1:acct:b\t{\"balance\":2}\n"
    );
    // Outside the range nothing was touched (root:0x2 from the later state stays).
    assert_eq!(
        env.stdout(&["get", "state:m10:x", "-o", "json"]),
        outside_after
    );
    env.run(&["get", "root:0x2"]).assert().success();
    env.run(&["block", "get", "0xab"]).assert().success();
    // Restoring again changes nothing.
    env.run(&["snapshot", "restore", &id, "--dry-run", "-o", "json"])
        .assert()
        .stdout("[]\n");
}

#[test]
fn incremental_chains_with_deletions_restore_every_link() {
    let env = machine_store();
    let mut views = Vec::new();
    let mut ids = Vec::new();
    ids.push(create(&env, &["--machine", "m1", "--id", "s1"]));
    views.push(machine_range(&env));

    let steps: [&[&[&str]]; 3] = [
        &[
            &["delete", "state:m1:acct:a"],
            &["put", "state:m1:acct:c", "3"],
        ],
        &[
            &["state", "put", "m1", "{\"stateRoot\":\"0x2\"}"],
            &["delete", "state:m1:acct:b"],
        ],
        &[
            &["put", "state:m1:acct:a", "{\"balance\":9}"],
            &["delete", "state:m1:acct:c"],
            &["put", "state:m1:z", "[]"],
        ],
    ];
    for (i, step) in steps.iter().enumerate() {
        for cmd in *step {
            env.run(cmd).assert().success();
        }
        let base = ids.last().unwrap().clone();
        let id = format!("s{}", i + 2);
        create(&env, &["--base", &base, "--id", &id]);
        ids.push(id);
        views.push(machine_range(&env));
    }
    // Incremental snapshots store only changes, and record deletions.
    let s2: serde_json::Value =
        serde_json::from_str(&env.stdout(&["snapshot", "show", "s2", "-o", "json"])).unwrap();
    assert_eq!(s2["entries"], 1);
    assert_eq!(s2["deletions"], 1);
    assert_eq!(s2["base"], "s1");
    env.run(&["get", "snapshot:s2:base", "-o", "json"])
        .assert()
        .stdout("\"s1\"\n");

    let chain: serde_json::Value =
        serde_json::from_str(&env.stdout(&["snapshot", "chain", "s4", "-o", "json"])).unwrap();
    let chain_ids: Vec<&str> = chain
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(chain_ids, ["s4", "s3", "s2", "s1"]);

    // Restore every link, in an order that forces deletions and re-creations.
    for i in [0usize, 3, 1, 2, 0, 3] {
        env.run(&["snapshot", "restore", &ids[i]])
            .assert()
            .success();
        assert_eq!(machine_range(&env), views[i], "after restoring {}", ids[i]);
    }
    // Diff between links.
    env.run(&["snapshot", "diff", "s1", "s1"]).assert().code(0);
    let diff = env
        .run(&["snapshot", "diff", "s1", "s4", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(5));
    let diff: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(
        diff,
        serde_json::json!({"added": ["state:m1:z"], "changed": ["state:m1", "state:m1:acct:a"], "removed": ["state:m1:acct:b"]})
    );
}

#[test]
fn key_prefix_and_all_ranges() {
    let env = machine_store();
    create(&env, &["--key-prefix", "block:", "--id", "blocks"]);
    create(&env, &["--all", "--id", "everything"]);
    env.run(&["put", "block:0xcd", "{\"stateRoot\":\"0xcd\",\"height\":1}"])
        .assert()
        .success();
    env.run(&["delete", "state:m10:x"]).assert().success();
    env.run(&["snapshot", "restore", "blocks"])
        .assert()
        .success();
    env.run(&["get", "block:0xcd"]).assert().code(3);
    env.run(&["get", "state:m10:x"]).assert().code(3);
    env.run(&["snapshot", "restore", "everything"])
        .assert()
        .success();
    env.run(&["get", "state:m10:x", "-o", "json"])
        .assert()
        .stdout("1\n");
    // Snapshots are never part of --all, so they survive restoring it.
    assert_eq!(
        env.stdout(&["snapshot", "list", "-o", "plain"]),
        "blocks\neverything\n"
    );
    // A base with another range is refused.
    env.run(&["snapshot", "create", "--base", "blocks", "--machine", "m1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must capture the same range"));
}

#[test]
fn broken_chains_restore_nothing_and_exit_1() {
    let env = machine_store();
    create(&env, &["--machine", "m1", "--id", "s1"]);
    env.run(&["put", "state:m1:new", "1"]).assert().success();
    create(&env, &["--base", "s1", "--id", "s2"]);
    create(&env, &["--base", "s2", "--id", "s3"]);
    env.run(&["put", "state:m1:later", "1"]).assert().success();

    // Missing base: s1 deleted from under s2 (refused without --force).
    env.run(&["snapshot", "delete", "s1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is the base of s2"));
    env.run(&["snapshot", "delete", "s1", "--force"])
        .assert()
        .success();
    let before = env.files();
    env.run(&["snapshot", "restore", "s3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "snapshot s2 has base s1, which does not exist",
        ));
    assert!(before == env.files(), "a refused restore changed the store");
    let chain = env
        .run(&["snapshot", "chain", "s3", "-o", "plain"])
        .output()
        .unwrap();
    assert_eq!(chain.status.code(), Some(1));
    assert_eq!(String::from_utf8(chain.stdout).unwrap(), "s3\ns2\n");

    // A cycle: s2's base link pointed back at s3.
    env.run(&["put", "snapshot:s2:base", "\"s3\""])
        .assert()
        .success();
    let before = env.files();
    env.run(&["snapshot", "restore", "s3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("loops back to snapshot s3"));
    env.run(&["snapshot", "chain", "s3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("loops back"));
    assert!(before == env.files(), "a refused restore changed the store");
    // An unreadable link.
    env.run(&["put", "snapshot:s2:base", "42"])
        .assert()
        .success();
    let before = env.files();
    env.run(&["snapshot", "restore", "s3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a snapshot id string"));
    assert!(before == env.files(), "a refused restore changed the store");
    env.run(&["snapshot", "restore", "nope"]).assert().code(3);
}

#[test]
fn seed_written_snapshots_list_and_chain() {
    let env = seed_store();
    let list: serde_json::Value =
        serde_json::from_str(&env.stdout(&["snapshot", "list", "-o", "json"])).unwrap();
    assert_eq!(list[0]["id"], "seed-snap-1");
    assert_eq!(list[0]["entries"], 0);
    assert_eq!(list[0]["range"], serde_json::Value::Null);
    assert_eq!(list[1]["id"], "seed-snap-2");
    assert_eq!(list[1]["hasMetadata"], false);
    assert_eq!(list[1]["base"], "seed-snap-1");
    let chain: serde_json::Value =
        serde_json::from_str(&env.stdout(&["snapshot", "chain", "seed-snap-2", "-o", "json"]))
            .unwrap();
    assert_eq!(chain.as_array().unwrap().len(), 2);
    assert_eq!(chain[1]["id"], "seed-snap-1");
    env.run(&["snapshot", "show", "seed-snap-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(seed snapshot)"));
    // Their data cannot be restored exactly: refused, not silently partial.
    env.run(&["snapshot", "restore", "seed-snap-1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not written by storectl"));
    env.run(&["--prefix", "chain7", "snapshot", "list", "-o", "plain"])
        .assert()
        .stdout("seed-snap-1\nseed-snap-2\n");
}

#[test]
fn non_json_and_binary_values_survive_a_snapshot() {
    let env = TestEnv::new();
    let ops = r#"{"type":"put","key":"state:m1","value":{"stateRoot":"0x1","n":1.50}}
{"type":"put","key":"state:m1:bin","raw":{"bytes":"AP8="}}
{"type":"put","key":"state:m1:text","raw":{"text":"plain"}}
{"type":"put","key":{"bytes":"c3RhdGU6bTE6/w=="},"value":"\u00e9"}
"#;
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    let before = env.stdout(&["scan", "-o", "ndjson"]);
    create(&env, &["--machine", "m1", "--id", "b1"]);
    // An odd number of hex digits is a usage error.
    env.run(&["--raw", "--hex", "delete", "3a73746174653a6d313afff"])
        .assert()
        .code(2);
    env.run(&["delete", "state:m1:bin", "state:m1:text", "state:m1"])
        .assert()
        .success();
    env.run(&["--hex", "delete", "73746174653a6d313aff"])
        .assert()
        .success();
    env.run(&["snapshot", "restore", "b1"]).assert().success();
    let after: String = env
        .stdout(&["scan", "-o", "ndjson"])
        .lines()
        .filter(|l| !l.contains("snapshot:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(after, before);
}

/// A snapshot of a whole store larger than the engine's memtable is
/// written as a table of its own and a new manifest, and so is a restore
/// that changes more than that: C++ LevelDB reads exactly what storectl
/// reads after each, both engines keep writing to the store, and the
/// storage check finds nothing.
#[test]
fn whole_store_snapshots_are_ingested_and_cpp_leveldb_reads_them() {
    use common::{cpp_dump, decode_ndjson};
    let env = TestEnv::new();
    let pad = "x".repeat(900);
    let mut ops = String::new();
    for i in 0..8000 {
        ops.push_str(&format!(
            "{{\"type\":\"put\",\"key\":\"state:m{}:acct:{i:05}\",\"value\":{{\"balance\":{i},\"pad\":\"{pad}\"}}}}\n",
            i % 10
        ));
    }
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    // A few writes still in the log.
    env.stdout(&["put", "height:7", "\"0xab\""]);
    let ours = || decode_ndjson(&env.stdout(&["--raw", "scan", "-o", "ndjson"]));
    let ids: Vec<String> = (0..2)
        .map(|i| create(&env, &["--all", "--id", &format!("big{i}")]))
        .collect();
    assert_eq!(ids, ["big0", "big1"]);
    let captured = ours();
    assert_eq!(captured.len(), 8001 + 2);
    assert!(
        captured == cpp_dump(&env.db),
        "C++ LevelDB reads another store"
    );
    let snapshot = captured
        .iter()
        .find(|(k, _)| k == b":snapshot:big1")
        .expect("snapshot stored");
    assert!(snapshot.1.len() > 7_000_000, "{} bytes", snapshot.1.len());
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();

    // Delete 6000 keys (more than 4 MiB): the restore's write is ingested.
    let deletes: String = (0..6000)
        .map(|i| {
            format!(
                "{{\"type\":\"delete\",\"key\":\"state:m{}:acct:{i:05}\"}}\n",
                i % 10
            )
        })
        .collect();
    env.run(&["batch", "-"])
        .write_stdin(deletes)
        .assert()
        .success();
    assert_eq!(ours().len(), 2001 + 2);
    env.run(&["snapshot", "restore", "big0", "-o", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"puts\":6000"));
    assert!(ours() == captured, "the restore gave back another store");
    assert!(
        cpp_dump(&env.db) == captured,
        "C++ LevelDB reads another store"
    );

    // storectl's engine writes on (reopened after the ingested write)...
    env.stdout(&["put", "after", "1"]);
    // ...and so does C++ LevelDB.
    let out = std::process::Command::new("python3")
        .arg(common::cpp_script())
        .args(["load", env.db.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(
                format!("{} {}\n", common::hex(b":cpp"), common::hex(b"2")).as_bytes(),
            )?;
            child.wait_with_output()
        })
        .expect("run the C++ helper");
    assert!(out.status.success());
    assert_eq!(env.stdout(&["get", "after"]).trim(), "1");
    assert_eq!(env.stdout(&["get", "cpp"]).trim(), "2");
    assert_eq!(ours().len(), captured.len() + 2);
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();
}
