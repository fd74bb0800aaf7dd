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
    let list: serde_json::Value = serde_json::from_slice(
        &storectl()
            .args(["backup", "list", repo.to_str().unwrap(), "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let ids: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_u64().unwrap())
        .collect();
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
}
