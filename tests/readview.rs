//! Reading commands change nothing and work while another process holds the
//! store; writing commands fail fast (exit 4) on a locked store.

mod common;

use common::{cpp_script, cpp_store, decode_ndjson, Helper, TestEnv};
use predicates::prelude::*;
use std::io::Write;
use std::time::{Duration, Instant};

/// A store with Snappy tables, several log generations and an unflushed log tail.
fn busy_store() -> TestEnv {
    let env = TestEnv::new();
    for round in 0..3 {
        let ops: String = (0..12000)
            .map(|i| {
                format!(
                    "{{\"type\":\"put\",\"key\":\"block:{round}-{i:06}\",\"value\":{{\"stateRoot\":\"0x{i:064x}\",\"height\":{i},\"pad\":\"{}\"}}}}\n",
                    "x".repeat(120)
                )
            })
            .collect();
        env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    }
    env.run(&["put", "state:m1", "{\"stateRoot\":\"0x1\"}"])
        .assert()
        .success();
    env.run(&["delete", "block:0-000001"]).assert().success();
    let names: Vec<String> = env.files().into_keys().collect();
    assert!(
        names.iter().any(|n| n.ends_with(".ldb")),
        "no table written: {names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with(".log")),
        "no log: {names:?}"
    );
    env
}

const READ_COMMANDS: &[&[&str]] = &[
    &["get", "state:m1"],
    &["get", "state:m1", "-o", "json"],
    &["get", "-q", "missing"],
    &["scan", "--count"],
    &["scan", "block:1-", "--limit", "5"],
    &["scan", "-o", "ndjson"],
    &["scan", "--reverse", "-o", "json", "--limit", "100"],
    &["--raw", "scan", "--keys-only", "-o", "plain"],
];

#[test]
fn read_commands_leave_every_file_byte_identical() {
    let env = busy_store();
    let before = env.files();
    for args in READ_COMMANDS {
        let status = env.run(args).output().unwrap().status;
        assert!(
            status.code() == Some(0) || status.code() == Some(3),
            "{args:?}: {status}"
        );
        assert_eq!(
            before,
            env.files(),
            "`storectl {args:?}` changed the store directory"
        );
    }
    let ops = env.file(
        "ops.ndjson",
        "{\"type\":\"put\",\"key\":\"x\",\"value\":1}\n",
    );
    env.run(&["batch", "--dry-run", ops.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        before,
        env.files(),
        "batch --dry-run changed the store directory"
    );
}

#[test]
fn read_view_sees_the_unflushed_log_and_deletions() {
    let env = busy_store();
    assert_eq!(
        env.stdout(&["scan", "--count"]),
        format!("{}\n", 3 * 12000 - 1 + 1)
    );
    env.run(&["get", "block:0-000001"]).assert().code(3);
    env.run(&["get", "block:2-011999", "-o", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"height\":11999"));
}

/// Runs a long-lived C++ LevelDB helper command on the store and waits
/// until it says it is ready; it stops when its stdin closes.
fn start_cpp(command: &str, env: &TestEnv) -> Helper {
    Helper::start(&[
        cpp_script().to_str().unwrap(),
        command,
        env.db.to_str().unwrap(),
    ])
}

/// Holds the store's LOCK the way C++ LevelDB does (plyvel, fcntl lock).
fn hold_with_cpp(env: &TestEnv) -> Helper {
    start_cpp("hold", env)
}

/// Holds the store's LOCK the way rusty-leveldb does (flock).
fn hold_with_flock(env: &TestEnv) -> Helper {
    let script = "import fcntl,sys\nf=open(sys.argv[1],'a')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('ready',flush=True)\nsys.stdin.read()\n";
    Helper::start(&["-c", script, env.db.join("LOCK").to_str().unwrap()])
}

fn check_locked_store(env: &TestEnv) {
    // Reading works through the read view.
    env.run(&["get", "state:m1", "-o", "json"])
        .assert()
        .success()
        .stdout("{\"stateRoot\":\"0x1\"}\n");
    assert!(
        env.stdout(&["scan", "--count"])
            .trim()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    // Writing fails fast with exit 4 and a clear message.
    let started = Instant::now();
    env.run(&["put", "k", "1"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("locked by another process"));
    env.run(&["delete", "state:m1"]).assert().code(4);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "locked write did not fail fast"
    );
    // --lock-wait waits, then gives up with exit 4.
    let started = Instant::now();
    env.run(&["put", "k", "1", "--lock-wait", "0.5"])
        .assert()
        .code(4);
    assert!(started.elapsed() >= Duration::from_millis(500));
}

#[test]
fn store_locked_by_cpp_leveldb_reads_work_and_writes_exit_4() {
    let env = busy_store();
    // (The C++ holder may compact in the background, so files are not compared here.)
    let holder = hold_with_cpp(&env);
    check_locked_store(&env);
    holder.stop();
    env.run(&["put", "k", "1"]).assert().success();
}

#[test]
fn store_locked_by_flock_reads_work_and_writes_exit_4() {
    let env = busy_store();
    let holder = hold_with_flock(&env);
    let before = env.files();
    check_locked_store(&env);
    assert_eq!(
        before,
        env.files(),
        "reads or refused writes changed the locked store"
    );
    holder.stop();
    env.run(&["put", "k", "1"]).assert().success();
}

#[test]
fn lock_wait_succeeds_once_the_holder_releases() {
    let env = busy_store();
    let mut holder = hold_with_cpp(&env);
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        holder.child.stdin.as_mut().unwrap().write_all(b"").unwrap();
        holder.stop();
    });
    env.run(&["put", "waited", "1", "--lock-wait", "30"])
        .assert()
        .success();
    releaser.join().unwrap();
    env.run(&["get", "waited", "-o", "json"])
        .assert()
        .stdout("1\n");
}

#[test]
fn reads_work_while_cpp_leveldb_has_the_store_open_with_a_live_log() {
    let env = cpp_store(500);
    let holder = hold_with_cpp(&env);
    env.run(&["get", "tail:unflushed", "-o", "json"])
        .assert()
        .success()
        .stdout("{\"in\":\"log only\"}\n");
    assert_eq!(env.stdout(&["scan", "height:", "--count"]), "500\n");
    holder.stop();
}

#[test]
fn reads_succeed_while_a_live_cpp_owner_compacts_underneath() {
    let env = TestEnv::empty();
    let owner = start_cpp("churn", &env);
    std::thread::sleep(Duration::from_millis(300));
    for round in 0..25 {
        let out = env.run(&["scan", "churn:", "--count"]).output().unwrap();
        assert!(
            out.status.success(),
            "scan {round} failed under a live owner: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n: u64 = String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(n > 0 && n <= 5000, "scan {round} counted {n}");
        env.run(&["get", "churn:000000", "-o", "json"])
            .assert()
            .success();
    }
    env.run(&["put", "x", "1"]).assert().code(4);
    owner.stop();
}

#[test]
fn keys_a_live_cpp_writer_never_changes_are_always_found() {
    // Issue 11: against a live C++ writer, 83 of 528 lookups of keys that
    // never change said "not found" (lookups through rusty-leveldb).
    let env = TestEnv::empty();
    let owner = start_cpp("churn", &env);
    std::thread::sleep(Duration::from_millis(200));
    for k in 0..528 {
        let key = format!("stable:{k:04}");
        let out = env.run(&["get", &key, "-o", "json"]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "get {key} under a live owner: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("{{\"stable\": {k}}}")
        );
        if k % 66 == 0 {
            assert_eq!(env.stdout(&["scan", "stable:", "--count"]), "528\n");
        }
    }
    owner.stop();
}

#[test]
fn scans_and_verify_on_two_threads_see_one_state_of_a_live_store() {
    // A live C++ owner rewrites 60,000 keys (about 15 MB, several key
    // ranges) while storectl scans them on two threads, each from its own
    // view: every scan must be one consistent state — each key once, in
    // order, all 60,528 of them, the never-changing ones unchanged.
    let env = TestEnv::empty();
    let owner = start_cpp("bigchurn", &env);
    std::thread::sleep(Duration::from_millis(200));
    for round in 0..6 {
        let out = env.run(&["scan", "-o", "ndjson"]).output().unwrap();
        assert!(
            out.status.success(),
            "scan {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let records = decode_ndjson(&String::from_utf8(out.stdout).unwrap());
        assert_eq!(records.len(), 60_528, "scan {round}");
        assert!(
            records.windows(2).all(|w| w[0].0 < w[1].0),
            "scan {round}: keys out of order or repeated"
        );
        for (k, (key, value)) in records
            .iter()
            .filter(|r| r.0.starts_with(b"stable:"))
            .enumerate()
        {
            assert_eq!(key, format!("stable:{k:04}").as_bytes());
            assert_eq!(value, format!("{{\"stable\": {k}}}").as_bytes());
        }
        let out = env
            .run(&["verify", "--checks", "values", "-o", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "verify {round}: {report}");
        assert_eq!(report["checks"][0]["items"], 60_528, "verify {round}");
    }
    owner.stop();
}

#[test]
fn verify_of_a_live_store_does_not_call_a_table_its_owner_compacted_away_missing() {
    // The storage check reads the manifest, then each table it lists; a
    // live C++ owner compacting meanwhile deletes some of them. verify
    // reported "missing: MANIFEST-... lists this table, but the file is
    // gone" and exited 5 on a sound store (in every run of this test).
    let env = TestEnv::empty();
    let owner = start_cpp("bigchurn", &env);
    std::thread::sleep(Duration::from_millis(200));
    for round in 0..6 {
        for checks in ["storage", "storage,values"] {
            let out = env
                .run(&["verify", "--checks", checks, "-o", "json"])
                .output()
                .unwrap();
            let report: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
            assert_eq!(
                out.status.code(),
                Some(0),
                "verify {round} {checks}: {report}"
            );
            let checked = report["checks"].as_array().unwrap().iter();
            if let Some(values) = checked.clone().find(|c| c["check"] == "values") {
                // The key checks read one state of the store: every key once.
                assert_eq!(values["items"], 60_528, "verify {round} {checks}");
            }
        }
    }
    owner.stop();
}

#[test]
fn salvage_refuses_a_store_another_process_has_open() {
    // A running node compacts files away under salvage's reads: salvage
    // would report them skipped or missing and leave their keys out. It
    // refuses (exit 4, nothing written, the store unchanged) while either
    // kind of lock is held, and runs once the holder is gone.
    for holder_kind in ["fcntl (C++ LevelDB)", "flock (rusty-leveldb)"] {
        let env = busy_store();
        let holder = if holder_kind.starts_with("fcntl") {
            hold_with_cpp(&env)
        } else {
            hold_with_flock(&env)
        };
        let before = env.files();
        let to = env.path("salvaged");
        for args in [
            &["salvage", "--to", to.to_str().unwrap()][..],
            &["salvage", "--dry-run"],
        ] {
            env.run(args)
                .assert()
                .code(4)
                .stderr(predicate::str::contains("no process has open"));
        }
        assert!(!to.exists(), "{holder_kind}: salvage wrote {to:?}");
        if holder_kind.starts_with("flock") {
            // (The C++ holder may compact in the background.)
            assert_eq!(before, env.files(), "{holder_kind}: the store changed");
        }
        holder.stop();
        env.run(&["salvage", "--to", to.to_str().unwrap()])
            .assert()
            .success();
    }
}
