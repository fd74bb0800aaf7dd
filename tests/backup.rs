//! `checkpoint` and `backup`: consistent copies of a store a C++ LevelDB
//! process keeps writing, incremental backups, damage and crashes.

mod common;

use common::{cpp_dump, storectl, Helper, TestEnv};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// Asserts the store at `db` (read by C++ LevelDB) holds exactly the first
/// k counter batches for some k; returns k.
fn whole_batches(db: &Path) -> u64 {
    let entries = cpp_dump(db);
    let get = |k: &[u8]| {
        entries
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let Some(last) = get(b":last") else {
        assert!(
            entries.iter().all(|(k, _)| !k.starts_with(b":n:")),
            "counter keys without :last"
        );
        return 0;
    };
    let k: u64 = String::from_utf8(last).unwrap().parse().unwrap();
    let n: Vec<u64> = entries
        .iter()
        .filter(|(key, _)| key.starts_with(b":n:"))
        .map(|(key, _)| String::from_utf8_lossy(&key[3..]).parse().unwrap())
        .collect();
    let expected: Vec<u64> = (k.saturating_sub(99).max(1)..=k).collect();
    assert_eq!(n, expected, "not exactly the first {k} batches");
    k
}

#[test]
fn checkpoints_and_backups_of_a_live_store_hold_whole_batches() {
    let env = TestEnv::empty();
    // A C++ LevelDB writer of counter batches, stopped when dropped.
    let writer = Helper::start(&[
        support("differential.py").to_str().unwrap(),
        "counter",
        env.db.to_str().unwrap(),
    ]);
    std::thread::sleep(Duration::from_millis(300));
    let repo = env.path("repo");
    let mut seen = Vec::new();
    for i in 0..20 {
        let dest = env.path(&format!("ckpt{i}"));
        env.run(&["checkpoint", dest.to_str().unwrap()])
            .assert()
            .success();
        seen.push(whole_batches(&dest));
        if i % 4 == 0 {
            env.run(&["backup", "create", repo.to_str().unwrap()])
                .assert()
                .success();
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    drop(writer);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(
        seen.last().unwrap() > &seen[0],
        "the writer made no progress: {seen:?}"
    );
    // Every backup restores, opens in C++ LevelDB and holds whole batches.
    let ids = backup_ids(repo.to_str().unwrap());
    assert_eq!(ids.len(), 5);
    storectl()
        .args(["backup", "verify", repo.to_str().unwrap()])
        .assert()
        .success();
    for id in ids {
        let target = env.path(&format!("restored{id}"));
        storectl()
            .args([
                "backup",
                "restore",
                repo.to_str().unwrap(),
                &id.to_string(),
                target.to_str().unwrap(),
            ])
            .assert()
            .success();
        whole_batches(&target);
        storectl()
            .arg("--db")
            .arg(&target)
            .args(["verify", "--checks", "storage"])
            .assert()
            .success();
    }
}

#[test]
fn a_second_backup_stores_only_what_changed() {
    let env = TestEnv::new();
    let records: String = (0..100_000)
        .map(|i| {
            format!(
                "{{\"key\":\"k{i:06}\",\"value\":{{\"n\":{i},\"pad\":\"{}\"}}}}\n",
                "x".repeat(40)
            )
        })
        .collect();
    let file = env.file("records.ndjson", &records);
    env.run(&["import", "--merge", file.to_str().unwrap()])
        .assert()
        .success();
    env.run(&["compact"]).assert().success();
    let repo = env.path("repo");
    let first: serde_json::Value = serde_json::from_slice(
        &env.run(&["backup", "create", repo.to_str().unwrap(), "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let changes: String = (0..1000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\"k{:06}\",\"value\":\"changed\"}}\n",
                i * 100
            )
        })
        .collect();
    env.run(&["batch", "-"])
        .write_stdin(changes)
        .assert()
        .success();
    let second: serde_json::Value = serde_json::from_slice(
        &env.run(&["backup", "create", repo.to_str().unwrap(), "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let (a, b) = (
        first[0]["bytesAdded"].as_u64().unwrap(),
        second[0]["bytesAdded"].as_u64().unwrap(),
    );
    assert!(a > 1_000_000, "{first}");
    assert!(
        b * 20 < a,
        "the second backup added {b} bytes of {a}: {second}"
    );
    assert!(second[0]["filesReused"].as_u64().unwrap() >= 1);
    assert_eq!(second[0]["stats"]["keys"]["other"], 100_000);
}

#[test]
fn a_damaged_repository_file_fails_verify_and_restore() {
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    let repo = env.path("repo");
    env.run(&["backup", "create", repo.to_str().unwrap()])
        .assert()
        .success();
    let blob = std::fs::read_dir(repo.join("files"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[0] ^= 0xFF;
    std::fs::write(&blob, &bytes).unwrap();
    let out = storectl()
        .args(["backup", "verify", repo.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let blob_name = blob.file_name().unwrap().to_string_lossy().to_string();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&blob_name));
    let target = env.path("restored");
    let out = storectl()
        .args([
            "backup",
            "restore",
            repo.to_str().unwrap(),
            "1",
            target.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!target.exists());
}

#[test]
fn kill_9_never_breaks_the_repository() {
    let env = TestEnv::new();
    let records: String = (0..60_000)
        .map(|i| format!("{{\"key\":\"k{i:06}\",\"value\":{i}}}\n"))
        .collect();
    let file = env.file("records.ndjson", &records);
    env.run(&["import", "--merge", file.to_str().unwrap()])
        .assert()
        .success();
    let repo = env.path("repo");
    env.run(&["backup", "create", repo.to_str().unwrap()])
        .assert()
        .success();
    let bin = assert_cmd::cargo::cargo_bin("storectl");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for trial in 0..6 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        env.run(&["put", &format!("t{trial}"), "1"])
            .assert()
            .success();
        let args: Vec<String> = match trial % 3 {
            0 => vec![
                "--db".into(),
                env.db.to_str().unwrap().into(),
                "backup".into(),
                "create".into(),
                repo.to_str().unwrap().into(),
            ],
            1 => vec![
                "backup".into(),
                "restore".into(),
                repo.to_str().unwrap().into(),
                "1".into(),
                env.path(&format!("r{trial}")).to_str().unwrap().into(),
            ],
            _ => vec![
                "backup".into(),
                "prune".into(),
                repo.to_str().unwrap().into(),
                "--keep".into(),
                "2".into(),
            ],
        };
        let child = Command::new(&bin)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(state % 60));
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
        let mut child = child;
        let _ = child.wait();
        storectl()
            .args(["backup", "verify", repo.to_str().unwrap()])
            .assert()
            .success();
        let list: serde_json::Value = serde_json::from_slice(
            &storectl()
                .args(["backup", "list", repo.to_str().unwrap(), "-o", "json"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        for b in list.as_array().unwrap() {
            let id = b["id"].as_u64().unwrap().to_string();
            let target = env.path(&format!("check{trial}-{id}"));
            storectl()
                .args([
                    "backup",
                    "restore",
                    repo.to_str().unwrap(),
                    &id,
                    target.to_str().unwrap(),
                ])
                .assert()
                .success();
        }
    }
    // What the killed runs left is removed by the next run of the same
    // kind (a killed create's scratch checkpoint of hard links kept the
    // space of tables the store had deleted, for ever).
    let bin_dir = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("tmp-") || n.contains(".storectl-"))
            .collect()
    };
    let stale = repo.join(format!("tmp-{}", 999_999_999));
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(repo.join("files/000005.ldb.tmp-999999999-0"), b"part").unwrap();
    let out = env
        .run(&["backup", "create", repo.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("left by a backup create that was killed")
    );
    assert_eq!(bin_dir(&repo), Vec::<String>::new());
    assert_eq!(bin_dir(&repo.join("files")), Vec::<String>::new());
    let target = env.path("restored-after");
    std::fs::create_dir_all(env.path(".restored-after.storectl-restore-999999999")).unwrap();
    env.run(&[
        "backup",
        "restore",
        repo.to_str().unwrap(),
        "1",
        target.to_str().unwrap(),
    ])
    .assert()
    .success();
    assert!(
        !bin_dir(env.dir.path())
            .iter()
            .any(|n| n.starts_with(".restored-after.")),
        "{:?}",
        bin_dir(env.dir.path())
    );
}

/// What `backup create` recorded of the store: keys per category, latest
/// height, machines and snapshots.
fn backup_stats(env: &TestEnv, repo: &Path) -> serde_json::Value {
    let list: serde_json::Value = serde_json::from_str(&env.stdout(&[
        "backup",
        "create",
        repo.to_str().unwrap(),
        "-o",
        "json",
    ]))
    .unwrap();
    list[0]["stats"].clone()
}

/// The same description from `stats` (one merged scan of the store).
fn store_stats(env: &TestEnv) -> serde_json::Value {
    let s: serde_json::Value = serde_json::from_str(&env.stdout(&["stats", "-o", "json"])).unwrap();
    let keys: serde_json::Map<String, serde_json::Value> = s["categories"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(c, v)| (c.clone(), v["keys"].clone()))
        .collect();
    serde_json::json!({"keys": keys, "latestHeight": s["maxHeight"],
        "machines": s["machines"], "snapshots": s["snapshots"]})
}

#[test]
fn backup_stats_equal_the_stores_stats_whatever_its_files_overlap() {
    // A backup describes the tables no other file overlaps from their own
    // entries as it copies them, and the rest of the key space through the
    // merged view: on stores where tables are alone, where a log's writes
    // overlap some, and where C++ LevelDB left versions of keys and
    // deletions in several levels and the log, the description is exactly
    // what one merged scan counts.
    let env = TestEnv::empty();
    let mut records = String::new();
    for h in 0..50_000u64 {
        let root = format!("0x{:064x}", h.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        records += &format!(
            "{{\"key\":\"block:{root}\",\"value\":{{\"stateRoot\":\"{root}\",\"height\":{h}}}}}\n\
             {{\"key\":\"height:{h}\",\"value\":\"{root}\"}}\n\
             {{\"key\":\"state:m{}:acct:{h}\",\"value\":{h}}}\n",
            h % 7
        );
    }
    records += "{\"key\":\"state:m1\",\"value\":{\"stateRoot\":\"0x1\"}}\n";
    let file = env.file("records.ndjson", &records);
    env.run(&["--create", "import", file.to_str().unwrap()])
        .assert()
        .success();
    // Several tables, so that the writes below leave some alone.
    let levels: serde_json::Value =
        serde_json::from_str(&env.stdout(&["stats", "--fast", "-o", "json"])).unwrap();
    assert!(
        levels["levels"][0]["files"].as_u64().unwrap() >= 2,
        "{levels}"
    );
    let repo = env.path("repo");
    let stats = backup_stats(&env, &repo);
    assert_eq!(stats, store_stats(&env));
    assert_eq!(stats["keys"]["block"], 50_000, "{stats}");
    // Writes in the log over part of the key space: an overwrite, new keys
    // and deletions of keys the tables hold.
    env.run(&["put", "height:50000", "\"0xnew\""])
        .assert()
        .success();
    env.run(&["put", "snapshot:s1", "{\"id\":\"s1\"}"])
        .assert()
        .success();
    env.run(&["delete", "height:49999", "height:5"])
        .assert()
        .success();
    let stats = backup_stats(&env, &repo);
    assert_eq!(stats, store_stats(&env));
    assert_eq!(stats["keys"]["height"], 49_999, "{stats}");
    assert_eq!(stats["latestHeight"], 50_000, "{stats}");
    // Writes C++ LevelDB leaves in its log (storectl's own writes above
    // were flushed into a table when it closed the store).
    let db = env.db.to_str().unwrap();
    let hex = |s: &str| common::hex(s.as_bytes());
    common::support::differential(&["write", db, &hex(":state:m9"), &hex("{}")]);
    let block = format!(
        ":block:0x{:064x}",
        100u64.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    );
    common::support::differential(&["write", db, &hex(&block), "-"]);
    assert!(std::fs::read_dir(&env.db).unwrap().flatten().any(|e| e
        .path()
        .extension()
        .is_some_and(|x| x == "log")
        && e.metadata().unwrap().len() > 0));
    let stats = backup_stats(&env, &repo);
    assert_eq!(stats, store_stats(&env));
    assert_eq!(
        (stats["keys"]["block"].clone(), stats["machines"].clone()),
        (49_999.into(), 2.into()),
        "{stats}"
    );
    // Stores C++ LevelDB wrote: overlapping levels, hot keys in several
    // tables, deletions, the last writes only in the log.
    for seed in 0..4 {
        let env = TestEnv::empty();
        common::support::differential(&[
            "gen",
            env.db.to_str().unwrap(),
            &(300 + seed).to_string(),
            "1",
        ]);
        let repo = env.path("repo");
        assert_eq!(backup_stats(&env, &repo), store_stats(&env), "seed {seed}");
    }
}

#[test]
fn a_damaged_table_fails_the_backup_naming_it() {
    // A table is read once, for its hash, its copy and the backup's
    // description: a data block whose checksum fails ends the backup with
    // an error naming the table, and no backup is recorded.
    let env = TestEnv::new();
    let records: String = (0..20_000)
        .map(|i| format!("{{\"key\":\"k{i:06}\",\"value\":\"{}\"}}\n", "v".repeat(50)))
        .collect();
    let file = env.file("records.ndjson", &records);
    env.run(&["import", file.to_str().unwrap()])
        .assert()
        .success();
    let table = std::fs::read_dir(&env.db)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "ldb"))
        .unwrap();
    let original = std::fs::read(&table).unwrap();
    // Bytes after the table's end: not the size the manifest gives it, as
    // the storage check says too.
    let mut longer = original.clone();
    longer.extend_from_slice(b"garbage");
    std::fs::write(&table, longer).unwrap();
    // A backup into `repo` that fails: its message.
    let failed = |repo: &Path| {
        let out = env
            .run(&["backup", "create", repo.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = failed(&env.path("repo0"));
    assert!(
        stderr.contains(&*table.to_string_lossy()) && stderr.contains("bytes added"),
        "{stderr}"
    );
    let mut bytes = original;
    bytes[200] ^= 0x10;
    std::fs::write(&table, bytes).unwrap();
    let repo = env.path("repo");
    let stderr = failed(&repo);
    // The store's file, not the scratch checkpoint's link to it (gone).
    assert!(
        stderr.contains(&*table.to_string_lossy()) && stderr.contains("checksum"),
        "{stderr}"
    );
    let list = storectl()
        .args(["backup", "list", repo.to_str().unwrap(), "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "[]");
}

/// Runs `n` `backup create`s of `env`'s store into `repo` at once; each
/// must succeed.
fn creates_at_once(env: &TestEnv, repo: &Path, n: usize) {
    let bin = assert_cmd::cargo::cargo_bin("storectl");
    let creates: Vec<_> = (0..n)
        .map(|_| {
            Command::new(&bin)
                .args(["--db", env.db.to_str().unwrap(), "backup", "create"])
                .arg(repo)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for create in creates {
        let out = create.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The ids `backup list` shows.
fn backup_ids(repo: &str) -> Vec<u64> {
    let out = storectl()
        .args(["backup", "list", repo, "-o", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_u64().unwrap())
        .collect()
}

#[test]
fn a_prune_while_a_backup_runs_waits_instead_of_deleting_its_files() {
    // Without a repository lock, `backup prune` deleted the files a running
    // `backup create` had copied but not yet recorded: the create failed
    // ("rename …/files/000002.ldb.tmp-…: No such file or directory") in
    // every overlap, and one landing between its renames and its metadata
    // would have recorded files that are gone; two creates could take the
    // same id. Delete and prune now exclude everyone else (exit 4, or wait
    // with --lock-wait); create, verify and restore share the lock, and
    // creates take distinct ids.
    let env = TestEnv::new();
    let records: String = (0..200_000u64)
        .map(|i| {
            // Values that do not compress: tables as large as the data.
            let v = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            format!(
                "{{\"key\":\"k{i:06}\",\"value\":\"{v:016x}{:016x}{:016x}\"}}\n",
                v.rotate_left(17),
                v.rotate_left(31)
            )
        })
        .collect();
    let file = env.file("records.ndjson", &records);
    env.run(&["import", "--merge", file.to_str().unwrap()])
        .assert()
        .success();
    let repo = env.path("repo");
    let repo_arg = repo.to_str().unwrap();
    env.run(&["backup", "create", repo_arg]).assert().success();
    let bin = assert_cmd::cargo::cargo_bin("storectl");
    for round in 0..3 {
        // New tables for the create to copy (a file an earlier backup
        // holds is only hashed, never copied).
        let more: String = (0..100_000u64)
            .map(|i| {
                let v = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ round;
                format!(
                    "{{\"key\":\"r{round}-{i:06}\",\"value\":\"{v:016x}{:016x}\"}}\n",
                    v.rotate_left(29)
                )
            })
            .collect();
        let more = env.file(&format!("more{round}.ndjson"), &more);
        env.run(&["import", "--merge", more.to_str().unwrap()])
            .assert()
            .success();
        // Prunes in a loop on another thread, from before the create starts.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let pruner = {
            let (stop, repo) = (stop.clone(), repo.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let out = storectl()
                        .args(["backup", "prune", repo.to_str().unwrap(), "--keep", "1"])
                        .output()
                        .unwrap();
                    let code = out.status.code();
                    assert!(code == Some(0) || code == Some(4), "{out:?}");
                    if code == Some(4) {
                        assert!(String::from_utf8_lossy(&out.stderr)
                            .contains("is in use by another storectl"));
                    }
                }
            })
        };
        let out = Command::new(&bin)
            .args(["--db", env.db.to_str().unwrap(), "--lock-wait", "60"])
            .args(["backup", "create", repo_arg])
            .output()
            .unwrap();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        pruner.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        storectl()
            .args(["backup", "verify", repo_arg])
            .assert()
            .success();
    }
    // Creates run together (they share the lock): each its own id.
    let before = backup_ids(repo_arg);
    creates_at_once(&env, &repo, 3);
    let after = backup_ids(repo_arg);
    assert_eq!(after.len(), before.len() + 3, "{before:?} -> {after:?}");
    storectl()
        .args(["backup", "verify", repo_arg])
        .assert()
        .success();
    // Held by hand: writers and readers refused (exit 4) or waiting.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(repo.join("LOCK"))
        .unwrap();
    lock.lock().unwrap();
    for args in [
        &["backup", "prune", repo_arg, "--keep", "1"][..],
        &["backup", "verify", repo_arg],
    ] {
        storectl().args(args).assert().code(4);
    }
    storectl()
        .args(["backup", "list", repo_arg])
        .assert()
        .success();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    storectl()
        .args(["--lock-wait", "10", "backup", "verify", repo_arg])
        .assert()
        .success();
    release.join().unwrap();
}

#[test]
fn first_backups_into_a_new_repository_at_once_all_succeed() {
    // Two cron jobs making the repository at the same moment: one failed,
    // "REPO is not empty and not a backup repository" (it saw the other's
    // files/ and backups/ before its repository.json).
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    for trial in 0..3 {
        let repo = env.path(&format!("repo{trial}"));
        creates_at_once(&env, &repo, 4);
        assert_eq!(backup_ids(repo.to_str().unwrap()), vec![1, 2, 3, 4]);
    }
    // A directory holding anything else is still refused, untouched.
    let other = env.path("other");
    std::fs::create_dir_all(other.join("files")).unwrap();
    std::fs::write(other.join("files/keep"), b"x").unwrap();
    env.run(&["backup", "create", other.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "not empty and not a backup repository",
        ));
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
}

#[test]
fn a_damaged_metadata_file_is_that_backups_problem_alone() {
    // One flipped byte in backups/00000002.json made every command fail:
    // no new backup, no restore of the intact backups 1 and 3, and verify
    // exited 1 instead of reporting it.
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    let repo = env.path("repo");
    let r = repo.to_str().unwrap();
    for _ in 0..3 {
        env.run(&["backup", "create", r]).assert().success();
    }
    let meta = repo.join("backups/00000002.json");
    let mut bytes = std::fs::read(&meta).unwrap();
    bytes[10] ^= 0x55;
    std::fs::write(&meta, &bytes).unwrap();
    let run = |args: &[&str]| storectl().args(args).output().unwrap();
    // list: the intact ones, and exit 5 naming the damaged file.
    let out = run(&["backup", "list", r, "-o", "plain"]);
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["1", "3"]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("00000002.json"));
    // verify reports it (exit 5); backup 1 alone verifies.
    let out = run(&["backup", "verify", r, "-o", "json"]);
    assert_eq!(out.status.code(), Some(5));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["problems"][0]["backup"], 2);
    storectl()
        .args(["backup", "verify", r, "1"])
        .assert()
        .success();
    storectl()
        .args(["backup", "verify", r, "2"])
        .assert()
        .code(5);
    // A new backup takes id 4; backup 1 restores; backup 2 refuses.
    env.run(&["backup", "create", r]).assert().success();
    assert_eq!(backup_ids(r), [1, 3, 4]);
    let target = env.path("restored");
    storectl()
        .args(["backup", "restore", r, "1", target.to_str().unwrap()])
        .assert()
        .success();
    storectl()
        .args([
            "backup",
            "restore",
            r,
            "2",
            env.path("r2").to_str().unwrap(),
        ])
        .assert()
        .code(1);
    // Nothing is deleted while backup 2's file list is unknown, except
    // backup 2 itself.
    let files = || std::fs::read_dir(repo.join("files")).unwrap().count();
    let before = files();
    for args in [
        &["backup", "prune", r, "--keep", "1"][..],
        &["backup", "delete", r, "1"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("delete backup 2"));
    }
    assert_eq!(files(), before);
    storectl()
        .args(["backup", "delete", r, "2"])
        .assert()
        .success();
    storectl()
        .args(["backup", "prune", r, "--keep", "1"])
        .assert()
        .success();
    storectl().args(["backup", "verify", r]).assert().success();
}
