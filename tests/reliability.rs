//! Reliability: interrupts, crashes, corruption, concurrent writers, hostile
//! input, and read commands that must change nothing.

mod common;

use common::TestEnv;
use predicates::prelude::*;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .arg("--db")
        .arg(&env.db)
        .args(args)
        .env_remove("STORECTL_DB")
        .env_remove("STORECTL_PREFIX")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, sig: libc::c_int) {
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, sig) };
}

/// A dump of `n` seed-shaped records.
fn big_dump(env: &TestEnv, n: usize) -> std::path::PathBuf {
    let mut text = String::with_capacity(n * 120);
    text.push_str("{\"format\":\"storectl-dump\",\"version\":1,\"prefix\":\"\",\"raw\":false,\"created\":0}\n");
    let mut digest = storectl::store::digest::ContentDigest::new();
    for i in 0..n {
        let key = format!("block:{i:08}");
        let value = format!(
            "{{\"stateRoot\":\"{i:08}\",\"height\":{i},\"pad\":\"{}\"}}",
            "x".repeat(60)
        );
        text.push_str(&format!("{{\"key\":\"{key}\",\"value\":{value}}}\n"));
        digest.add(key.as_bytes(), value.as_bytes());
    }
    text.push_str(&format!(
        "{{\"end\":true,\"records\":{n},\"hash\":\"{}\"}}\n",
        digest.finish()
    ));
    env.file("big.dump", &text)
}

/// Sends `sig` to `child` as soon as `ready()` holds (polled every
/// millisecond): the command is then known to be in the middle of its work,
/// whatever the machine's speed (fixed delays let a fast run finish first).
fn signal_when(child: &mut Child, sig: libc::c_int, what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the command ended before {what}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} never happened"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    signal(child, sig);
}

/// Whether process `pid` has a table file of the store open (its scan has
/// begun).
fn reading_tables(pid: u32) -> bool {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|fds| {
            fds.flatten().any(|fd| {
                std::fs::read_link(fd.path())
                    .is_ok_and(|target| target.extension().is_some_and(|e| e == "ldb"))
            })
        })
        .unwrap_or(false)
}

/// Sends SIGINT once `ready(pid)` holds, and checks the command stopped
/// with 130.
fn interrupted(mut child: Child, what: &str, ready: impl Fn(u32) -> bool) -> Output {
    let pid = child.id();
    signal_when(&mut child, libc::SIGINT, what, || ready(pid));
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn sigint_during_import_exits_130_and_builds_nothing() {
    let env = TestEnv::empty();
    let dump = big_dump(&env, 400_000);
    let child = spawn(&env, &["--create", "import", dump.to_str().unwrap()]);
    let out = interrupted(child, "the temporary store appeared", |_| {
        !names_in(env.dir.path(), ".db.storectl-import").is_empty()
    });
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert!(
        !env.db.exists(),
        "an interrupted import into a new store left it behind"
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("storectl-import"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn sigint_during_block_put_says_how_far_it_got() {
    // Ctrl-C during `block put` into a store killed it outright: chunks
    // were in the store and nothing said how many. It now stops between
    // chunks, exits 130 and says how many blocks were written, and the
    // store holds exactly those.
    let env = TestEnv::new();
    env.run(&["put", "x", "1"]).assert().success();
    let n = 200_000u64;
    let blocks: String = (0..n)
        .map(|h| {
            format!(
                "{{\"stateRoot\":\"0x{:064x}\",\"height\":{h},\"parentRoot\":null,\"transactions\":[],\"timestamp\":{h}}}\n",
                h * 7919 + 1
            )
        })
        .collect();
    let file = env.file("blocks.ndjson", &blocks);
    let child = spawn(&env, &["block", "put", file.to_str().unwrap()]);
    let db = env.db.clone();
    let out = interrupted(child, "the first chunks were written", move |_| {
        std::fs::read_dir(&db).unwrap().flatten().any(|e| {
            e.path().extension().is_some_and(|x| x == "log")
                && e.metadata().is_ok_and(|m| m.len() > 1 << 20)
        })
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said = stderr
        .split("stopped part way: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        said.contains(&format!(" of {n} blocks were written before this"))
            && said.contains("nothing after them was")
            && said.contains("interrupted: block put stopped"),
        "{stderr}"
    );
    let done: u64 = said.split(' ').next().unwrap().parse().unwrap();
    assert!(done > 0 && done < n && done.is_multiple_of(1000), "{done}");
    let count = |prefix: &str| -> u64 {
        env.stdout(&["scan", prefix, "--count"])
            .trim()
            .parse()
            .unwrap()
    };
    assert_eq!(count("block:"), done);
    assert_eq!(count("height:"), done);
    env.run(&["block", "put", file.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(count("block:"), n);
}

#[test]
fn sigint_during_export_and_verify_exits_130_without_part_files() {
    let env = TestEnv::empty();
    let dump = big_dump(&env, 300_000);
    env.run(&["--create", "import", dump.to_str().unwrap()])
        .assert()
        .success();
    let target = env.path("out.dump");
    let child = spawn(&env, &["export", target.to_str().unwrap()]);
    let out = interrupted(child, "the part file appeared", |_| {
        !names_in(env.dir.path(), "out.dump.").is_empty()
    });
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted: export stopped"));
    assert!(!target.exists());
    let parts = names_in(env.dir.path(), "out.dump.");
    assert!(parts.is_empty(), "export left its .part file: {parts:?}");

    let child = spawn(&env, &["verify"]);
    let out = interrupted(child, "the scan began", reading_tables);
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted: verify stopped after"));

    // salvage ended with exit 1, as if it had failed.
    let to = env.path("salvaged");
    let child = spawn(&env, &["salvage", "--to", to.to_str().unwrap()]);
    let out = interrupted(child, "the new store appeared", |_| {
        !names_in(env.dir.path(), ".salvaged").is_empty()
    });
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert!(!to.exists());
    let parts = names_in(env.dir.path(), ".salvaged");
    assert!(parts.is_empty(), "salvage left its store: {parts:?}");
}

#[test]
fn two_writers_one_wins_the_other_exits_4_quickly() {
    let env = TestEnv::new();
    let dump = big_dump(&env, 200_000);
    // --lock-wait: the probes below briefly hold the lock themselves.
    let first = spawn(
        &env,
        &[
            "import",
            "--merge",
            "--lock-wait",
            "60",
            dump.to_str().unwrap(),
        ],
    );
    // Wait until the first writer holds the lock (it validates first).
    let started = Instant::now();
    loop {
        let out = env.run(&["put", "probe", "1"]).output().unwrap();
        if out.status.code() == Some(4) {
            assert!(String::from_utf8_lossy(&out.stderr).contains("locked by another process"));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the first writer never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A reader meanwhile sees a consistent state: whole chunks only.
    let count: u64 = env
        .stdout(&["scan", "block:", "--count"])
        .trim()
        .parse()
        .unwrap();
    assert_eq!(count % 10_000, 0, "a reader saw a partial chunk: {count}");
    let timed = Instant::now();
    env.run(&["delete", "probe"]).assert().code(4);
    assert!(timed.elapsed() < Duration::from_secs(5));
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.stdout(&["scan", "block:", "--count"]), "200000\n");
}

/// Kills `args` with SIGKILL after a random delay, many times, and checks
/// the store afterwards with `check`.
fn crash_trials(
    env: &TestEnv,
    args: &[&str],
    trials: u32,
    max_delay_ms: u64,
    mut check: impl FnMut(&TestEnv),
) {
    crash_trials_checking(
        env,
        args,
        trials,
        max_delay_ms,
        "storage,values,blocks,snapshots",
        &mut check,
    )
}

/// [`crash_trials`] with the verify checks to require clean.
fn crash_trials_checking(
    env: &TestEnv,
    args: &[&str],
    trials: u32,
    max_delay_ms: u64,
    checks: &str,
    mut check: impl FnMut(&TestEnv),
) {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..trials {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let child = spawn(env, args);
        std::thread::sleep(Duration::from_millis(state % max_delay_ms));
        signal(&child, libc::SIGKILL);
        let _ = child.wait_with_output();
        let out = env
            .run(&["verify", "--checks", checks, "-o", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} killed: verify says {}",
            String::from_utf8_lossy(&out.stdout)
        );
        check(env);
    }
}

#[test]
fn kill_9_during_writes_leaves_whole_atomic_units() {
    // batch: 3000 keys in one atomic write — all or nothing.
    let env = TestEnv::new();
    let ops: String = (0..3000)
        .map(|i| format!("{{\"type\":\"put\",\"key\":\"b:{i:05}\",\"value\":{i}}}\n"))
        .collect();
    let ops_file = env.file("ops.ndjson", &ops);
    crash_trials(
        &env,
        &["batch", ops_file.to_str().unwrap()],
        8,
        120,
        |env| {
            let n = env.stdout(&["scan", "b:", "--count"]);
            assert!(n == "0\n" || n == "3000\n", "half a batch: {n}");
        },
    );

    // block put of many blocks: never a block without its height index.
    let env = TestEnv::new();
    let blocks: String = (0..5000)
        .map(|i| format!("{{\"stateRoot\":\"0x{i:06x}\",\"height\":{i}}}\n"))
        .collect();
    let blocks_file = env.file("blocks.ndjson", &blocks);
    crash_trials(
        &env,
        &["block", "put", blocks_file.to_str().unwrap()],
        8,
        200,
        |env| {
            let blocks = env.stdout(&["scan", "block:", "--count"]);
            let heights = env.stdout(&["scan", "height:", "--count"]);
            assert_eq!(blocks, heights);
            let n: u64 = blocks.trim().parse().unwrap();
            assert_eq!(n % 1000, 0, "blocks are saved in chunks of 1000: {n}");
        },
    );

    // snapshot restore: the range is either as before or as captured.
    let env = TestEnv::new();
    let ops: String = (0..4000)
        .map(|i| format!("{{\"type\":\"put\",\"key\":\"state:m:k{i:05}\",\"value\":{i}}}\n"))
        .collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    env.run(&["state", "put", "m", "{\"stateRoot\":\"0x1\"}"])
        .assert()
        .success();
    env.run(&["snapshot", "create", "--machine", "m", "--id", "s"])
        .assert()
        .success();
    let captured = env.stdout(&["hash"]);
    let changes: String = (0..4000)
        .map(|i| format!("{{\"type\":\"put\",\"key\":\"state:m:k{i:05}\",\"value\":-1}}\n"))
        .collect();
    env.run(&["batch", "-"])
        .write_stdin(changes)
        .assert()
        .success();
    let changed = env.stdout(&["hash"]);
    crash_trials(&env, &["snapshot", "restore", "s"], 8, 150, |env| {
        let now = env.stdout(&["hash"]);
        assert!(now == captured || now == changed, "half-restored snapshot");
    });
}

#[test]
fn kill_9_during_import_and_compact_keeps_the_store_whole() {
    // import --merge: whole chunks of 10,000 records only.
    let env = TestEnv::new();
    let dump = big_dump(&env, 60_000);
    // The dump's blocks have no height index (it is a load test, not a
    // chain), so the blocks check would report every one as an orphan;
    // the old read path hid that (verify's scan ended early).
    crash_trials_checking(
        &env,
        &["import", "--merge", dump.to_str().unwrap()],
        6,
        900,
        "storage,values,snapshots",
        |env| {
            let n: u64 = env
                .stdout(&["scan", "block:", "--count"])
                .trim()
                .parse()
                .unwrap();
            assert_eq!(n % 10_000, 0, "a partial import chunk: {n}");
        },
    );
    // compact: contents never change.
    let env = TestEnv::new();
    for round in 0..3 {
        let ops: String = (0..8000)
            .map(|i| {
                format!(
                    "{{\"type\":\"put\",\"key\":\"k{i:05}\",\"value\":{{\"round\":{round}}}}}\n"
                )
            })
            .collect();
        env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    }
    let hash = env.stdout(&["hash"]);
    crash_trials(&env, &["compact"], 6, 150, |env| {
        assert_eq!(env.stdout(&["hash"]), hash);
    });
}

#[test]
fn a_full_disk_fails_cleanly_and_leaves_the_store_unchanged() {
    // A 2 MiB tmpfs made by the test; skipped where mounting is not allowed.
    let env = TestEnv::new();
    let ops: String = (0..20000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\"k{i:05}\",\"value\":\"{}\"}}\n",
                "v".repeat(100)
            )
        })
        .collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    let mnt = env.path("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    // Export into the full filesystem: a clear error, no .part left.
    let target = mnt.join("out.dump");
    let out = env
        .run(&["export", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("out.dump.") && stderr.contains(".part"),
        "{stderr}"
    );
    assert!(!target.exists() && names_in(&mnt, "out.dump").is_empty());
    // A store on the full filesystem: writes fail cleanly, the store still opens.
    let small = TestEnv {
        dir: tempfile::tempdir().unwrap(),
        db: mnt.join("db"),
    };
    small
        .run(&["--create", "put", "first", "1"])
        .assert()
        .success();
    let dump = big_dump(&env, 40_000);
    let out = small
        .run(&["import", "--merge", dump.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("storectl:") && stderr.trim_end().lines().count() == 1,
        "{stderr}"
    );
    small
        .run(&["get", "first", "-o", "json"])
        .assert()
        .success()
        .stdout("1\n");
    // One atomic batch that does not fit: refused whole, contents unchanged.
    let small2 = TestEnv {
        dir: tempfile::tempdir().unwrap(),
        db: mnt.join("db2"),
    };
    std::fs::remove_dir_all(&small.db).unwrap();
    small2
        .run(&["--create", "put", "first", "1"])
        .assert()
        .success();
    let hash_before = small2.stdout(&["hash"]);
    let ops: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\"big{i}\",\"value\":\"{}\"}}\n",
                "z".repeat(1000)
            )
        })
        .collect();
    let out = small2
        .run(&["batch", "-"])
        .write_stdin(ops)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(small2.stdout(&["hash"]), hash_before);
}

#[test]
fn corrupted_stores_give_clear_errors_never_panics() {
    type Damage = fn(&std::path::Path);
    let damages: [(&str, Damage); 5] = [
        ("garbage CURRENT", |db| {
            std::fs::write(db.join("CURRENT"), b"\x00garbage").unwrap()
        }),
        ("garbage MANIFEST", |db| {
            for e in std::fs::read_dir(db).unwrap().flatten() {
                if e.file_name().to_string_lossy().starts_with("MANIFEST-") {
                    std::fs::write(e.path(), b"not a manifest at all, not at all").unwrap();
                }
            }
        }),
        ("missing table", |db| {
            for e in std::fs::read_dir(db).unwrap().flatten() {
                if e.file_name().to_string_lossy().ends_with(".ldb") {
                    std::fs::remove_file(e.path()).unwrap();
                    return;
                }
            }
        }),
        ("truncated table", |db| {
            for e in std::fs::read_dir(db).unwrap().flatten() {
                if e.file_name().to_string_lossy().ends_with(".ldb") {
                    let bytes = std::fs::read(e.path()).unwrap();
                    std::fs::write(e.path(), &bytes[..bytes.len() / 3]).unwrap();
                }
            }
        }),
        ("truncated log tail", |db| {
            for e in std::fs::read_dir(db).unwrap().flatten() {
                if e.file_name().to_string_lossy().ends_with(".log") {
                    let bytes = std::fs::read(e.path()).unwrap();
                    std::fs::write(e.path(), &bytes[..bytes.len().saturating_sub(7)]).unwrap();
                }
            }
        }),
    ];
    for (name, damage) in damages {
        let env = TestEnv::new();
        let ops: String = (0..30000)
            .map(|i| format!("{{\"type\":\"put\",\"key\":\"k:{i:06}\",\"value\":{{\"h\":{i}}}}}\n"))
            .collect();
        env.run(&["batch", "-"]).write_stdin(ops).assert().success();
        env.run(&["put", "tail", "1"]).assert().success(); // leaves a small log
        damage(&env.db);
        for args in [
            &["get", "k:000001"][..],
            &["scan", "--count"],
            &["verify"],
            &["hash"],
            &["export"],
            &["put", "x", "1"],
        ] {
            let out = env.run(args).output().unwrap();
            let code = out.status.code();
            assert_ne!(
                code,
                Some(101),
                "{name}: {args:?} panicked: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(code.is_some(), "{name}: {args:?} was killed");
            if code != Some(0) {
                assert!(
                    matches!(code, Some(1) | Some(3) | Some(5)),
                    "{name}: {args:?} exit {code:?}"
                );
                // The error is one line starting with "storectl:" (verify may
                // print notes before it).
                let stderr = String::from_utf8_lossy(&out.stderr);
                let last = stderr.trim_end().lines().last().unwrap_or_default();
                assert!(last.starts_with("storectl:"), "{name}: {args:?}: {stderr}");
                assert_eq!(
                    stderr
                        .trim_end()
                        .lines()
                        .filter(|l| l.starts_with("storectl:"))
                        .count(),
                    1,
                    "{name}: {args:?}: not one line: {stderr}"
                );
            }
        }
        if name == "truncated log tail" {
            // Losing a torn tail is what LevelDB does; the rest is intact.
            env.run(&["get", "k:000001"]).assert().success();
            // A write after the torn tail must survive the next open
            // (rusty-leveldb would append it behind the damage).
            env.run(&["get", "x", "-o", "json"])
                .assert()
                .success()
                .stdout("1\n");
            env.run(&["verify"]).assert().code(0);
        }
    }
}

#[test]
fn every_read_command_leaves_the_store_byte_identical() {
    let env = TestEnv::new();
    let ops: String = (0..20000).map(|i| format!("{{\"type\":\"put\",\"key\":\"block:{i:05}\",\"value\":{{\"stateRoot\":\"{i:05}\",\"height\":{i}}}}}\n")).collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    env.run(&["block", "put", "{\"stateRoot\":\"0xa\",\"height\":0}"])
        .assert()
        .success();
    env.run(&["state", "put", "m", "{\"stateRoot\":\"0x1\"}"])
        .assert()
        .success();
    env.run(&["snapshot", "create", "--machine", "m", "--id", "s"])
        .assert()
        .success();
    env.run(&["put", "last", "1"]).assert().success();
    let before = env.files();
    let ops = env.file(
        "ops.ndjson",
        "{\"type\":\"put\",\"key\":\"x\",\"value\":1}\n",
    );
    let commands: Vec<Vec<&str>> = vec![
        vec!["get", "last"],
        vec!["scan", "--count"],
        vec!["batch", "--dry-run", ops.to_str().unwrap()],
        vec!["block", "get", "--height", "0"],
        vec!["block", "latest"],
        vec!["block", "list", "--limit", "5"],
        vec!["state", "get", "m"],
        vec!["state", "list"],
        vec!["state", "roots"],
        vec!["snapshot", "list"],
        vec!["snapshot", "show", "s", "--data"],
        vec!["snapshot", "chain", "s"],
        vec!["snapshot", "restore", "s", "--dry-run"],
        vec!["snapshot", "diff", "s", "s"],
        vec!["verify"],
        vec!["stats"],
        vec!["stats", "--fast"],
        vec!["hash"],
        vec!["export"],
        vec!["export", "--canonical"],
        vec!["prune", "--blocks-below", "1", "--dry-run"],
    ];
    for args in commands {
        let out = env.run(&args).output().unwrap();
        assert_ne!(out.status.code(), Some(101));
        assert!(
            before == env.files(),
            "`storectl {args:?}` changed the store directory"
        );
    }
}

#[test]
fn hostile_input_is_refused_cleanly() {
    let env = TestEnv::new();
    let before = env.files();
    for bad in [
        "\u{0}\u{1}",
        "{\"type\":\"put\",\"key\":",
        "[{]",
        "{\"type\":\"put\",\"key\":\"a\",\"value\":1}\n\u{ff}",
        "{}\n{}",
    ] {
        let out = env.run(&["batch", "-"]).write_stdin(bad).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{bad:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = env
            .run(&["import", "--merge", "-"])
            .write_stdin(bad)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{bad:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    env.run(&["batch", "-"])
        .write_stdin(vec![0xffu8, 0xfe, b'\n'])
        .assert()
        .code(1);
    assert!(before == env.files());
    // Batch input past the in-memory limit is refused, not buffered.
    let big = env.path("big.ndjson");
    {
        use std::io::Write as _;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let line = format!(
            "{{\"type\":\"put\",\"key\":\"k\",\"value\":\"{}\"}}\n",
            "y".repeat(1 << 20)
        );
        for _ in 0..260 {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    env.run(&["batch", big.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("input larger than 256 MiB"));
    std::fs::remove_file(&big).unwrap();
    assert!(before == env.files());
    // An over-long line is refused without buffering it whole.
    let huge = format!(
        "{{\"key\":\"a\",\"value\":\"{}\"}}\n",
        "x".repeat(300 * 1024 * 1024)
    );
    let file = env.file("huge.ndjson", &huge);
    drop(huge);
    env.run(&["import", "--merge", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "huge.ndjson: line 1: line longer than",
        ));
    assert!(before == env.files());
}

#[test]
fn kill_9_during_prune_never_separates_a_block_from_its_height() {
    // Issue 12: killed at 0.12 s, `prune --blocks-below 4000` of 5,000
    // blocks left 1,000 block keys deleted and every height key present.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for trial in 0..5 {
        let env = TestEnv::new();
        let blocks: String = (0..5000u64)
            .map(|h| {
                format!(
                    "{{\"stateRoot\":\"0x{:08x}\",\"height\":{h}}}\n",
                    h * 2_654_435_761 % (1 << 32)
                )
            })
            .collect();
        env.run(&["block", "put", "-"])
            .write_stdin(blocks)
            .assert()
            .success();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let child = spawn(&env, &["prune", "--blocks-below", "4000", "--yes"]);
        std::thread::sleep(Duration::from_millis(20 + state % 250));
        signal(&child, libc::SIGKILL);
        let _ = child.wait_with_output();
        // A partly done prune leaves gaps (heights go in key order, not
        // numeric), but never a block without its height or the reverse.
        let out = env
            .run(&["verify", "--checks", "storage,blocks", "-o", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for finding in report["findings"].as_array().unwrap() {
            let message = finding["message"].as_str().unwrap();
            assert!(
                message.starts_with("gap") || message.contains("more gaps"),
                "trial {trial}: {finding}"
            );
        }
        let blocks: u64 = env
            .stdout(&["scan", "block:", "--count"])
            .trim()
            .parse()
            .unwrap();
        let heights: u64 = env
            .stdout(&["scan", "height:", "--count"])
            .trim()
            .parse()
            .unwrap();
        assert_eq!(blocks, heights, "trial {trial}");
    }
}

/// Names in `dir` starting with `prefix`.
fn names_in(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[test]
fn sigterm_and_sighup_stop_cleanly_like_sigint() {
    let env = TestEnv::empty();
    let dump = big_dump(&env, 300_000);
    let mut child = spawn(&env, &["--create", "import", dump.to_str().unwrap()]);
    signal_when(
        &mut child,
        libc::SIGHUP,
        "the temporary store appeared",
        || !names_in(env.dir.path(), ".db.storectl-import").is_empty(),
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(129),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!env.db.exists());
    assert!(names_in(env.dir.path(), ".db.storectl-import").is_empty());

    env.run(&["--create", "import", dump.to_str().unwrap()])
        .assert()
        .success();
    let target = env.path("out.dump");
    let mut child = spawn(&env, &["export", target.to_str().unwrap()]);
    signal_when(&mut child, libc::SIGTERM, "the part file appeared", || {
        !names_in(env.dir.path(), "out.dump.").is_empty()
    });
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(143),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(names_in(env.dir.path(), "out.dump").is_empty());
}

#[test]
fn the_next_run_removes_what_a_killed_run_left() {
    // Issue 12: after kill -9, export left FILE.part and import its
    // temporary store; nothing cleaned them up.
    let env = TestEnv::empty();
    let dump = big_dump(&env, 150_000);
    let mut child = spawn(&env, &["--create", "import", dump.to_str().unwrap()]);
    // Kill it once the temporary store exists (after the input was checked).
    signal_when(
        &mut child,
        libc::SIGKILL,
        "the temporary store appeared",
        || !names_in(env.dir.path(), ".db.storectl-import").is_empty(),
    );
    let _ = child.wait_with_output();
    assert_eq!(
        names_in(env.dir.path(), ".db.storectl-import").len(),
        1,
        "the kill left nothing to clean"
    );
    let out = env
        .run(&["--create", "import", dump.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("left by an import that was killed"));
    assert!(names_in(env.dir.path(), ".db.storectl-import").is_empty());

    let target = env.path("out.dump");
    let mut child = spawn(&env, &["export", target.to_str().unwrap()]);
    signal_when(&mut child, libc::SIGKILL, "the part file appeared", || {
        !names_in(env.dir.path(), "out.dump.").is_empty()
    });
    let _ = child.wait_with_output();
    assert_eq!(names_in(env.dir.path(), "out.dump.").len(), 1);
    // A part file of a live process is never touched.
    let live = env.path(&format!("out.dump.{}.part", std::process::id()));
    std::fs::write(&live, b"someone else's").unwrap();
    let out = env
        .run(&["export", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("left by an export that was killed"));
    assert_eq!(
        names_in(env.dir.path(), "out.dump."),
        vec![live.file_name().unwrap().to_string_lossy().to_string()]
    );
    assert!(target.exists());
}
