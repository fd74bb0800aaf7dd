//! `follow` against a C++ LevelDB writer: every batch exactly once, in
//! order, across memtable flushes and log switches; resuming; gaps; events.

mod common;

use common::{cpp, unhex, TestEnv};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// The writer's batches: per batch, (put?, key, value) with keys in the
/// default namespace (the leading ':' stripped).
/// One operation: (put?, key, value).
type Op = (bool, Vec<u8>, Vec<u8>);

fn recorded(path: &Path) -> Vec<Vec<Op>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let ops: Vec<Vec<String>> = serde_json::from_str(l).unwrap();
            ops.into_iter()
                .map(|op| {
                    let key = unhex(&op[1])[1..].to_vec();
                    let value = op.get(2).map(|v| unhex(v)).unwrap_or_default();
                    (op[0] == "put", key, value)
                })
                .collect()
        })
        .collect()
}

/// Batches printed by follow, as (seq, ops).
fn printed(text: &str) -> Vec<(u64, Vec<Op>)> {
    text.lines()
        .filter(|l| l.starts_with("{\"seq\""))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let ops = v["ops"]
                .as_array()
                .unwrap()
                .iter()
                .map(|op| {
                    let put = op["type"] == "put";
                    let key = op["key"].as_str().unwrap().as_bytes().to_vec();
                    let value = if put {
                        // Values are JSON strings: re-extract them as stored.
                        serde_json::to_string(&op["value"]).unwrap().into_bytes()
                    } else {
                        Vec::new()
                    };
                    (put, key, value)
                })
                .collect();
            (v["seq"].as_u64().unwrap(), ops)
        })
        .collect()
}

fn spawn_follow(env: &TestEnv, args: &[&str]) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .arg("--db")
        .arg(&env.db)
        .arg("follow")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn run_writer(env: &TestEnv, n: usize, seed: u64) -> PathBuf {
    let record = env.path(&format!("batches-{seed}.jsonl"));
    let out = Command::new("python3")
        .arg(support("differential.py"))
        .args([
            "batches",
            env.db.to_str().unwrap(),
            &n.to_string(),
            record.to_str().unwrap(),
            &seed.to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    record
}

/// The `{"gap": {"from", "to"}}` lines follow printed.
fn gaps(text: &str) -> Vec<(u64, u64)> {
    text.lines()
        .filter(|l| l.starts_with("{\"gap\""))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["gap"]["from"].as_u64().unwrap(),
                v["gap"]["to"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Every written batch was printed, exactly and in order, or lies inside a
/// reported gap (a log the owner flushed and deleted before follow could
/// open it: on a loaded machine the watcher can be late). Returns how many
/// were printed.
fn printed_or_reported(got: &[(u64, Vec<Op>)], want: &[Vec<Op>], gaps: &[(u64, u64)]) -> usize {
    // Each batch's sequence number is its first's plus the operations before it.
    let offsets: Vec<u64> = want
        .iter()
        .scan(0u64, |n, ops| {
            let at = *n;
            *n += ops.len() as u64;
            Some(at)
        })
        .collect();
    let mut base = None;
    let mut unprinted = Vec::new();
    let mut j = 0;
    for (seq, ops) in got {
        while j < want.len() && want[j] != *ops {
            unprinted.push(j);
            j += 1;
        }
        assert!(
            j < want.len(),
            "printed batch {seq} was never written (or out of order)"
        );
        let b = seq - offsets[j];
        assert_eq!(
            *base.get_or_insert(b),
            b,
            "batch {j} printed with seq {seq}"
        );
        j += 1;
    }
    unprinted.extend(j..want.len());
    let base = base.expect("some batch printed");
    for k in &unprinted {
        let (from, to) = (
            base + offsets[*k],
            base + offsets[*k] + want[*k].len() as u64 - 1,
        );
        assert!(
            gaps.iter().any(|(a, b)| *a <= from && to <= *b),
            "batch {k} (seq {from}..={to}) neither printed nor in a reported gap {gaps:?}"
        );
    }
    assert!(
        got.windows(2).all(|p| p[0].0 < p[1].0),
        "sequence numbers increase"
    );
    got.len()
}

#[test]
fn every_batch_of_a_live_writer_exactly_once_in_order() {
    let env = TestEnv::empty();
    assert!(cpp(&["load", env.db.to_str().unwrap()]).status.success());
    let follow = spawn_follow(&env, &["--from-start", "--idle-exit", "4", "-o", "ndjson"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let record = run_writer(&env, 10_000, 3);
    let out = follow.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let want = recorded(&record);
    let printed = printed_or_reported(&printed(&text), &want, &gaps(&text));
    // On an idle machine every batch is read (the watcher opens each log
    // as it appears); a loaded one may lose a few logs to the owner's
    // deletions, never silently.
    assert!(
        printed * 10 >= want.len() * 9,
        "only {printed} of {} batches printed",
        want.len()
    );
}

#[test]
fn resuming_from_the_last_seq_misses_nothing_and_gaps_are_reported() {
    let env = TestEnv::empty();
    assert!(cpp(&["load", env.db.to_str().unwrap()]).status.success());
    let first = spawn_follow(&env, &["--from-start", "--count", "1500", "-o", "ndjson"]);
    let record = run_writer(&env, 3000, 5);
    let out1 = first.wait_with_output().unwrap();
    let part1 = printed(&String::from_utf8_lossy(&out1.stdout));
    assert_eq!(part1.len(), 1500);
    // The writer has flushed its early logs into tables meanwhile: resuming
    // from the last seq printed still finds every later batch (the logs
    // holding them are live), or says exactly what is gone.
    let last = part1.last().unwrap().0;
    let out2 = Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .arg("--db")
        .arg(&env.db)
        .args([
            "follow",
            "--from-seq",
            &last.to_string(),
            "--idle-exit",
            "1",
            "-o",
            "ndjson",
        ])
        .output()
        .unwrap();
    let text2 = String::from_utf8_lossy(&out2.stdout).to_string();
    let part2 = printed(&text2);
    let want = recorded(&record);
    if text2.starts_with("{\"gap\"") {
        // The batch named by --from-seq may be gone too, so the gap starts
        // right after its first sequence number at the latest.
        let gap: serde_json::Value = serde_json::from_str(text2.lines().next().unwrap()).unwrap();
        let from = gap["gap"]["from"].as_u64().unwrap();
        assert!(
            from > last && from <= last + part1.last().unwrap().1.len() as u64,
            "{gap}"
        );
    } else {
        let all: Vec<_> = part1
            .iter()
            .chain(&part2)
            .map(|(_, ops)| ops.clone())
            .collect();
        assert_eq!(
            all, want,
            "together the two runs hold every batch exactly once"
        );
    }
    // From sequence 0 after everything was flushed: a gap, never silence.
    let out3 = Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .arg("--db")
        .arg(&env.db)
        .args([
            "follow",
            "--from-seq",
            "0",
            "--idle-exit",
            "1",
            "-o",
            "ndjson",
        ])
        .output()
        .unwrap();
    let text3 = String::from_utf8_lossy(&out3.stdout);
    let gap: serde_json::Value = serde_json::from_str(text3.lines().next().unwrap()).unwrap();
    assert_eq!(gap["gap"]["from"], 1, "{text3}");
    assert!(String::from_utf8_lossy(&out3.stderr).contains("in no log any more"));
}

#[test]
fn events_interpret_the_seed_model_and_damage_is_skipped() {
    let env = TestEnv::new();
    let follow = spawn_follow(&env, &["--events", "--idle-exit", "2", "-o", "ndjson"]);
    std::thread::sleep(std::time::Duration::from_millis(400));
    env.run(&["block", "put", "{\"stateRoot\":\"0xab\",\"height\":7}"])
        .assert()
        .success();
    env.run(&["state", "put", "m1", "{\"stateRoot\":\"0x01\"}"])
        .assert()
        .success();
    env.run(&["snapshot", "create", "--machine", "m1", "--id", "s1"])
        .assert()
        .success();
    env.run(&["delete", "height:7"]).assert().success();
    let out = follow.wait_with_output().unwrap();
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["block", "state", "root", "snapshot", "delete"],
        "{events:?}"
    );
    assert_eq!(events[0]["height"], 7);
    assert_eq!(events[0]["hash"], "0xab");
    assert_eq!(events[1]["machine"], "m1");
    assert_eq!(events[1]["stateRoot"], "0x01");
    // A corrupt record: reported with file and offset; reading goes on.
    let env = TestEnv::empty();
    let script = "import plyvel,sys\ndb=plyvel.DB(sys.argv[1],create_if_missing=True,write_buffer_size=64<<20)\nfor i in range(40): db.put(b':k%02d'%i, b'\"'+b'v'*500+b'\"')\ndb.close()";
    let out = Command::new("python3")
        .args(["-c", script, env.db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = std::fs::read_dir(&env.db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let before = common::files_of(&env.db);
    let mut bytes = std::fs::read(&log).unwrap();
    bytes[5000] ^= 0xFF;
    std::fs::write(&log, &bytes).unwrap();
    let before_damage = common::files_of(&env.db);
    let out = env
        .run(&["follow", "--from-start", "--idle-exit", "1", "-o", "ndjson"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&*log.file_name().unwrap().to_string_lossy()) && stderr.contains("offset"),
        "{stderr}"
    );
    let n = printed(&String::from_utf8_lossy(&out.stdout)).len();
    assert!((38..40).contains(&n), "{n} batches");
    assert!(
        common::files_of(&env.db) == before_damage,
        "follow changed the store"
    );
    let _ = before;
}

/// Follows the store with `args` while a put larger than the memtable
/// (ingested as a table of its own, never in a log) is made; the
/// follower's output.
fn follow_a_large_put(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let follow = spawn_follow(env, args);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let big = format!("\"{}\"", "v".repeat(5 << 20));
    env.run(&["put", "big", "-"])
        .write_stdin(big)
        .assert()
        .success();
    follow.wait_with_output().unwrap()
}

/// A write that never is in a log (a put larger than the memtable, which
/// storectl ingests as a table of its own) is reported as a gap as soon as
/// the manifest records it, not only when the next logged write arrives:
/// a follower that exits when idle still learns of it.
#[test]
fn an_ingested_write_is_reported_as_a_gap_without_waiting_for_another() {
    let env = TestEnv::new();
    env.stdout(&["put", "before", "1"]);
    let out = follow_a_large_put(&env, &["--idle-exit", "3", "-o", "ndjson"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    let gap = &lines[0]["gap"];
    assert_eq!(gap["from"], gap["to"], "{text}");
    assert!(gap["from"].as_u64().unwrap() >= 2, "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("a table of their own"));
}

/// From the start, on logs that hold no batch: an ingested write made
/// while following is still reported.
#[test]
fn from_the_start_an_ingested_write_on_empty_logs_is_reported() {
    let env = TestEnv::new();
    let out = follow_a_large_put(&env, &["--from-start", "--idle-exit", "3", "-o", "ndjson"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("{\"gap\""), "{text}");
}
