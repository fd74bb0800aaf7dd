//! End-to-end tests of get / put / delete / scan / batch on real stores.

mod common;

use common::{decode_ndjson, storectl, TestEnv};
use predicates::prelude::*;

#[test]
fn get_missing_key_exits_3_with_nothing_on_stdout() {
    let env = TestEnv::new();
    env.run(&["get", "nope"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("key :nope not found"));
}

#[test]
fn get_quiet_only_sets_status() {
    let env = TestEnv::new();
    env.run(&["put", "k", "1"]).assert().success();
    env.run(&["get", "-q", "k"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    env.run(&["get", "-q", "missing"])
        .assert()
        .code(3)
        .stdout("")
        .stderr("");
}

#[test]
fn put_then_get_in_every_output_mode() {
    let env = TestEnv::new();
    env.run(&[
        "put",
        "block:1",
        r#"{ "stateRoot": "0xab", "height": 1.50, "n": [1, 2] }"#,
    ])
    .assert()
    .success()
    .stdout("");
    // -o json: exactly the stored JSON, compact, spelling kept.
    env.run(&["get", "block:1", "-o", "json"])
        .assert()
        .success()
        .stdout("{\"stateRoot\":\"0xab\",\"height\":1.50,\"n\":[1,2]}\n");
    env.run(&["get", "block:1", "-o", "plain"])
        .assert()
        .stdout("{\"stateRoot\":\"0xab\",\"height\":1.50,\"n\":[1,2]}\n");
    env.run(&["get", "block:1", "-o", "ndjson"])
        .assert()
        .stdout(
        "{\"key\":\"block:1\",\"value\":{\"stateRoot\":\"0xab\",\"height\":1.50,\"n\":[1,2]}}\n",
    );
    env.run(&["get", "block:1"])
        .assert()
        .stdout(predicate::str::contains("  \"stateRoot\": \"0xab\",\n"));
}

#[test]
fn put_invalid_json_exits_1_and_writes_nothing() {
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    let before = env.files();
    env.run(&["put", "b", "{not json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "value for key b is not valid JSON",
        ));
    assert_eq!(
        before,
        env.files(),
        "store files changed after a rejected put"
    );
    env.run(&["get", "b"]).assert().code(3);
}

#[test]
fn put_string_and_stdin() {
    let env = TestEnv::new();
    env.run(&["put", "s", "hello world", "--string"])
        .assert()
        .success();
    env.run(&["get", "s", "-o", "json"])
        .assert()
        .stdout("\"hello world\"\n");
    env.run(&["put", "t", "-"])
        .write_stdin("[1,\n 2]\n")
        .assert()
        .success();
    env.run(&["get", "t", "-o", "json"])
        .assert()
        .stdout("[1,2]\n");
}

#[test]
fn keys_are_namespaced_like_get_full_key() {
    let env = TestEnv::new();
    env.run(&["put", "k", "1"]).assert().success();
    env.run(&["--prefix", "chain1", "put", "k", "2"])
        .assert()
        .success();
    let raw = env.stdout(&["--raw", "scan", "--keys-only", "-o", "plain"]);
    assert_eq!(raw, ":k\nchain1:k\n");
    env.run(&["--prefix", "chain1", "get", "k", "-o", "json"])
        .assert()
        .stdout("2\n");
    env.run(&["--raw", "get", "chain1:k", "-o", "json"])
        .assert()
        .stdout("2\n");
    // The env vars work like the flags.
    storectl()
        .env("STORECTL_DB", &env.db)
        .env("STORECTL_PREFIX", "chain1")
        .args(["get", "k", "-o", "json"])
        .assert()
        .stdout("2\n");
}

#[test]
fn global_options_work_after_the_subcommand() {
    let env = TestEnv::new();
    env.run(&["put", "k", "[1]"]).assert().success();
    storectl()
        .args(["get", "k", "--db"])
        .arg(&env.db)
        .args(["--output", "json"])
        .assert()
        .success()
        .stdout("[1]\n");
}

#[test]
fn missing_db_path_is_an_error_and_is_not_created() {
    let env = TestEnv::empty();
    for args in [
        &["get", "k"][..],
        &["scan"],
        &["put", "k", "1"],
        &["delete", "k"],
    ] {
        env.run(args).assert().code(1).stderr(
            predicate::str::contains("no LevelDB store at").and(predicate::str::contains("db")),
        );
        assert!(!env.db.exists(), "{args:?} created the store directory");
    }
}

#[test]
fn no_db_given_is_a_usage_error() {
    storectl()
        .args(["get", "k"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--db"));
}

#[test]
fn a_directory_that_is_not_a_store_is_refused() {
    let env = TestEnv::empty();
    std::fs::create_dir(&env.db).unwrap();
    env.run(&["scan"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no CURRENT file"));
    assert_eq!(std::fs::read_dir(&env.db).unwrap().count(), 0);
}

#[test]
fn create_makes_a_new_store() {
    let env = TestEnv::empty();
    env.run(&["--create", "put", "k", "true"])
        .assert()
        .success();
    assert!(env.db.join("CURRENT").is_file());
    env.run(&["get", "k", "-o", "json"])
        .assert()
        .stdout("true\n");
}

#[test]
fn delete_is_atomic_and_counts_existing_keys() {
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    env.run(&["put", "b", "2"]).assert().success();
    env.run(&["delete", "a", "b", "c", "-o", "json"])
        .assert()
        .success()
        .stdout("{\"action\":\"delete\",\"requested\":3,\"existed\":2}\n");
    env.run(&["delete", "a"])
        .assert()
        .success()
        .stderr(predicate::str::contains("deleted 0 of 1"));
    assert_eq!(env.stdout(&["scan", "--count"]), "0\n");
}

fn seed_keys(env: &TestEnv) {
    let ops: String = ["a", "b", "block:1", "block:2", "block:3", "c"]
        .iter()
        .map(|k| format!("{{\"type\":\"put\",\"key\":\"{k}\",\"value\":\"{k}\"}}\n"))
        .collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
}

fn keys(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["scan", "--keys-only", "-o", "plain"];
    full.extend_from_slice(args);
    env.stdout(&full).lines().map(String::from).collect()
}

#[test]
fn scan_ranges_limits_and_order() {
    let env = TestEnv::new();
    seed_keys(&env);
    assert_eq!(
        keys(&env, &[]),
        ["a", "b", "block:1", "block:2", "block:3", "c"]
    );
    assert_eq!(keys(&env, &["block:"]), ["block:1", "block:2", "block:3"]);
    assert_eq!(
        keys(&env, &["block:", "--reverse"]),
        ["block:3", "block:2", "block:1"]
    );
    assert_eq!(
        keys(&env, &["--start", "b", "--end", "block:3"]),
        ["b", "block:1", "block:2"]
    );
    assert_eq!(
        keys(&env, &["--start", "b", "--end", "block:3", "--reverse"]),
        ["block:2", "block:1", "b"]
    );
    assert_eq!(keys(&env, &["--limit", "2", "--reverse"]), ["c", "block:3"]);
    assert_eq!(keys(&env, &["block:", "--limit", "1"]), ["block:1"]);
    assert_eq!(
        env.stdout(&["scan", "block:", "--count", "-o", "json"]),
        "{\"count\":3}\n"
    );
    // The raw view shows the namespace's neighbours are excluded.
    assert_eq!(keys(&env, &["zzz"]), Vec::<String>::new());
}

#[test]
fn scan_json_and_table_output() {
    let env = TestEnv::new();
    seed_keys(&env);
    let json: serde_json::Value =
        serde_json::from_str(&env.stdout(&["scan", "block:", "-o", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(
        json[0],
        serde_json::json!({"key": "block:1", "value": "block:1"})
    );
    assert_eq!(env.stdout(&["scan", "nothing", "-o", "json"]), "[]\n");
    let table = env.stdout(&["scan", "block:"]);
    assert!(table.contains("│ block:2 ┆ \"block:2\" │"), "{table}");
}

#[test]
fn raw_scan_prefix_of_ff_bytes_uses_a_correct_upper_bound() {
    let env = TestEnv::new();
    let ops = [
        ("61ff", "1"),
        ("61ff00", "2"),
        ("61ffff", "3"),
        ("62", "4"),
        ("ffff", "5"),
        ("ffff01", "6"),
    ];
    for (hexkey, v) in ops {
        env.run(&["--raw", "--hex", "put", hexkey, v])
            .assert()
            .success();
    }
    let got = decode_ndjson(&env.stdout(&["--raw", "--hex", "scan", "61ff", "-o", "ndjson"]));
    let keys: Vec<Vec<u8>> = got.into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        vec![
            vec![0x61, 0xff],
            vec![0x61, 0xff, 0],
            vec![0x61, 0xff, 0xff]
        ]
    );
    let got = decode_ndjson(&env.stdout(&[
        "--raw",
        "--hex",
        "scan",
        "ffff",
        "--reverse",
        "-o",
        "ndjson",
    ]));
    let values: Vec<Vec<u8>> = got.into_iter().map(|(_, v)| v).collect();
    assert_eq!(values, vec![b"6".to_vec(), b"5".to_vec()]);
}

#[test]
fn binary_keys_and_values_round_trip() {
    let env = TestEnv::new();
    // A binary key with a non-JSON, non-UTF-8 value, a text non-JSON value, and a multi-line JSON value.
    let ops = r#"{"type":"put","key":{"bytes":"AP8Kc2VjcmV0"},"raw":{"bytes":"/wABAgM="}}
{"type":"put","key":"text","raw":{"text":"plain words\nline 2"}}
{"type":"put","key":"pretty","raw":{"text":"{\n  \"a\": 1\n}"}}
"#;
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    let scanned = env.stdout(&["scan", "-o", "ndjson"]);
    let decoded = decode_ndjson(&scanned);
    assert_eq!(
        decoded,
        vec![
            (
                vec![0x00, 0xff, b'\n', b's', b'e', b'c', b'r', b'e', b't'],
                vec![0xff, 0, 1, 2, 3]
            ),
            (b"pretty".to_vec(), b"{\n  \"a\": 1\n}".to_vec()),
            (b"text".to_vec(), b"plain words\nline 2".to_vec()),
        ]
    );
    // Tables and plain output escape to one line per entry and never emit raw bytes.
    let plain = env.stdout(&["scan", "-o", "plain"]);
    assert_eq!(plain.lines().count(), 3, "{plain}");
    assert!(
        plain.contains("\\x00\\xff\\nsecret\t\\xff\\x00\\x01\\x02\\x03"),
        "{plain}"
    );
    // The scan output feeds back into batch as put operations.
    let again = TestEnv::new();
    let ops: String = scanned
        .lines()
        .map(|l| format!("{{\"type\":\"put\",{}\n", &l[1..]))
        .collect();
    again
        .run(&["batch", "-"])
        .write_stdin(ops)
        .assert()
        .success();
    assert_eq!(again.stdout(&["scan", "-o", "ndjson"]), scanned);
    // Hex key arguments address the binary key.
    env.run(&["--hex", "get", "00ff0a736563726574", "-o", "ndjson"])
        .assert()
        .success()
        .stdout("{\"key\":{\"bytes\":\"AP8Kc2VjcmV0\"},\"raw\":{\"bytes\":\"/wABAgM=\"}}\n");
}

#[test]
fn batch_with_a_bad_op_on_line_3_writes_nothing() {
    let env = TestEnv::new();
    env.run(&["put", "keep", "1"]).assert().success();
    let before = env.files();
    let file = env.file(
        "ops.ndjson",
        "{\"type\":\"put\",\"key\":\"a\",\"value\":1}\n{\"type\":\"delete\",\"key\":\"keep\"}\n{\"type\":\"put\",\"key\":\"c\",\"value\":tru}\n{\"type\":\"put\",\"key\":\"d\",\"value\":4}\n",
    );
    env.run(&["batch", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ops.ndjson: line 3:"));
    assert!(before == env.files(), "the store files changed");
    env.run(&["get", "a"]).assert().code(3);
    env.run(&["get", "keep"]).assert().code(0);
}

#[test]
fn batch_json_array_errors_name_the_element() {
    let env = TestEnv::new();
    let file = env.file("ops.json", "[\n {\"type\":\"put\",\"key\":\"a\",\"value\":1},\n {\"type\":\"explode\",\"key\":\"b\"}\n]\n");
    env.run(&["batch", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 3 (element 1): unknown type \"explode\"",
        ));
    env.run(&["get", "a"]).assert().code(3);
}

#[test]
fn batch_applies_puts_and_deletes_and_dry_run_changes_nothing() {
    let env = TestEnv::new();
    env.run(&["put", "old", "1"]).assert().success();
    env.run(&["put", "same", "2"]).assert().success();
    let ops = r#"[{"type":"put","key":"new","value":{"x":1}},
{"type":"put","key":"same","value":2},
{"type":"put","key":"old","value":3},
{"type":"delete","key":"gone"},
{"type":"delete","key":"new"}]"#;
    let before = env.files();
    let plan = env
        .run(&["batch", "--dry-run", "-", "-o", "ndjson"])
        .write_stdin(ops)
        .output()
        .unwrap();
    assert!(plan.status.success());
    assert_eq!(
        String::from_utf8(plan.stdout).unwrap(),
        "{\"type\":\"put\",\"key\":\"new\",\"change\":\"create\"}\n\
         {\"type\":\"put\",\"key\":\"same\",\"change\":\"unchanged\"}\n\
         {\"type\":\"put\",\"key\":\"old\",\"change\":\"overwrite\"}\n\
         {\"type\":\"delete\",\"key\":\"gone\",\"change\":\"delete (absent)\"}\n\
         {\"type\":\"delete\",\"key\":\"new\",\"change\":\"delete\"}\n"
    );
    assert!(before == env.files(), "dry run changed the store");
    env.run(&["batch", "-", "-o", "json"])
        .write_stdin(ops)
        .assert()
        .success()
        .stdout("{\"action\":\"batch\",\"applied\":5,\"puts\":3,\"deletes\":2}\n");
    assert_eq!(env.stdout(&["scan", "-o", "plain"]), "old\t3\nsame\t2\n");
}

#[test]
fn batch_reports_missing_file() {
    let env = TestEnv::new();
    env.run(&["batch", "/nonexistent/ops.ndjson"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/ops.ndjson"));
}

#[test]
fn usage_errors_exit_2_and_help_lists_exit_codes() {
    storectl().args(["frobnicate"]).assert().code(2);
    storectl()
        .args(["--output", "xml", "scan"])
        .assert()
        .code(2);
    storectl().arg("--help").assert().success().stdout(
        predicate::str::contains("Exit codes:").and(predicate::str::contains("4    store locked")),
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let env = TestEnv::new();
    let ops: String = (0..20000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\"k{i:06}\",\"value\":\"{}\"}}\n",
                "v".repeat(100)
            )
        })
        .collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .args(["scan", "-o", "ndjson", "--db"])
        .arg(&env.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// storectl on `env`'s store, as a std Command (its stdout can be set).
fn plain_command(env: &TestEnv, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("storectl"));
    command
        .arg("--db")
        .arg(&env.db)
        .args(args)
        .env_remove("STORECTL_DB")
        .env_remove("STORECTL_PREFIX");
    command
}

/// Runs storectl with `args` on a stdout whose reader is already gone:
/// (exit code, stderr).
fn with_closed_stdout(env: &TestEnv, args: &[&str]) -> (Option<i32>, String) {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just opened and are owned here.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    let out = plain_command(env, args).stdout(write).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_keeps_a_checks_exit_code_and_never_blames_the_store() {
    // `hash` and `metrics` into a closed pipe said "the storage engine
    // failed while reading the store … the store may be damaged" (exit 1);
    // `verify` with findings exited 0 (table, plain) or 1 ("Broken pipe"),
    // and `diff` of stores that differ 1: a pipeline's status said
    // nothing, or the wrong thing, about the check.
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    for args in [
        &["hash"][..],
        &["metrics"],
        &["scan", "-o", "ndjson"],
        &["export", "-"],
        &["stats", "-o", "json"],
        &["verify", "-o", "json"],
        &["verify"],
    ] {
        let (code, stderr) = with_closed_stdout(&env, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
    // Findings: a height entry naming no block.
    env.run(&["put", "height:7", "\"0xdead\""])
        .assert()
        .success();
    let other = TestEnv::new();
    for args in [
        &["verify", "-o", "json"][..],
        &["verify", "-o", "ndjson"],
        &["verify", "-o", "plain"],
        &["verify"],
        &["diff", other.db.to_str().unwrap(), "-o", "ndjson"],
        &["diff", other.db.to_str().unwrap()],
    ] {
        let (code, stderr) = with_closed_stdout(&env, args);
        assert_eq!(code, Some(5), "{args:?}: {stderr}");
        assert!(
            stderr.contains("found problems (stdout was closed"),
            "{args:?}: {stderr}"
        );
    }
    // A stdout that cannot be written for another reason is an error about
    // stdout, not the store.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = plain_command(&env, &["hash"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("hash: cannot write to stdout: No space left on device")
            && !stderr.contains("damaged"),
        "{stderr}"
    );
}

#[test]
fn a_closed_stderr_does_not_turn_a_finished_write_into_a_failure() {
    // With stderr a pipe whose reader had gone (`… 2>&1 | head -0`), `put`
    // wrote the key, then its note panicked in eprintln!: exit 101, a code
    // the exit-code table does not have, for a write that was done.
    use std::os::fd::{FromRawFd, OwnedFd};
    let env = TestEnv::new();
    let closed = || {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe() writes.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // SAFETY: both descriptors were just opened and are owned here.
        let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        drop(read);
        write
    };
    for (args, code) in [
        (&["put", "k", "1"][..], 0),
        (&["get", "missing"], 3),
        (&["scan", "--bogus"], 2),
        (&["put", "k2", "not json"], 1),
    ] {
        let out = plain_command(&env, args).stderr(closed()).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    assert_eq!(env.stdout(&["get", "k"]), "1\n");
}
