//! Named tests for the defects reproduced in issue 12, each failing
//! before its fix.

mod common;

use common::{cpp, files_of, storectl, TestEnv};

#[test]
fn create_refuses_a_store_without_current_and_deletes_nothing() {
    let env = TestEnv::empty();
    let out = cpp(&["write", env.db.to_str().unwrap(), "3000"]);
    assert!(out.status.success());
    std::fs::remove_file(env.db.join("CURRENT")).unwrap();
    let before = files_of(&env.db);
    let out = env.run(&["--create", "put", "x", "1"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--create refuses"), "{stderr}");
    assert!(
        stderr.contains("MANIFEST-"),
        "should name what is there: {stderr}"
    );
    assert!(
        files_of(&env.db) == before,
        "--create changed a directory it refused"
    );
}

#[test]
fn create_refuses_a_directory_of_stray_files() {
    for names in [
        &["000007.ldb", "000009.sst", "LOG", "LOG.old"][..],
        &["12.log"],
        &["notes.txt"],
    ] {
        let env = TestEnv::empty();
        std::fs::create_dir(&env.db).unwrap();
        for n in names {
            std::fs::write(env.db.join(n), b"precious").unwrap();
        }
        let before = files_of(&env.db);
        let out = env.run(&["--create", "put", "x", "1"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{names:?}");
        assert!(files_of(&env.db) == before, "{names:?}: files changed");
        assert!(!env.db.join("CURRENT").exists());
    }
    // Missing and empty directories are created; an existing store opens.
    let env = TestEnv::empty();
    env.run(&["--create", "put", "x", "1"]).assert().success();
    env.run(&["--create", "put", "y", "2"]).assert().success();
    assert_eq!(env.stdout(&["scan", "--count"]), "2\n");
    let env = TestEnv::empty();
    std::fs::create_dir(&env.db).unwrap();
    env.run(&["--create", "put", "x", "1"]).assert().success();
}

#[test]
fn an_empty_storectl_db_does_not_break_an_explicit_db() {
    let env = TestEnv::new();
    let out = storectl()
        .env("STORECTL_DB", "")
        .env("STORECTL_PREFIX", "")
        .arg("--db")
        .arg(&env.db)
        .arg("hash")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn writers_on_a_missing_store_hint_create() {
    let env = TestEnv::empty();
    for args in [
        &["put", "a", "1"][..],
        &["block", "put", "{\"stateRoot\":\"0x1\",\"height\":1}"],
        &["delete", "a"],
    ] {
        let out = env.run(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr.contains("--create"), "{args:?}: {stderr}");
    }
}

#[test]
fn verify_reports_an_unopenable_store_as_a_storage_finding() {
    for current in [&b""[..], b"MANIFEST-000001", b"garbage\n"] {
        let env = TestEnv::new();
        std::fs::write(env.db.join("CURRENT"), current).unwrap();
        let out = env.run(&["verify", "-o", "json"]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{current:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("\"storage\"") && stdout.contains("CURRENT"),
            "{stdout}"
        );
        // Other commands say what is wrong, not "does not exist".
        let out = env.run(&["scan"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr.contains("CURRENT") && !stderr.contains("does not exist"),
            "{stderr}"
        );
    }
    let env = TestEnv::new();
    let manifest = std::fs::read_dir(&env.db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("MANIFEST-")
        })
        .unwrap();
    std::fs::remove_file(manifest).unwrap();
    env.run(&["verify"]).assert().code(5);
}

#[test]
fn snapshot_restore_never_deletes_or_restores_snapshots() {
    let env = TestEnv::new();
    env.run(&["state", "put", "m1", "{\"stateRoot\":\"0x01\"}"])
        .assert()
        .success();
    env.run(&[
        "snapshot",
        "create",
        "--key-prefix",
        "",
        "--id",
        "everything",
    ])
    .assert()
    .success();
    env.run(&["snapshot", "create", "--machine", "m1", "--id", "later"])
        .assert()
        .success();
    env.run(&["put", "extra", "1"]).assert().success();
    env.run(&["snapshot", "restore", "everything"])
        .assert()
        .success();
    let ids = env.stdout(&["snapshot", "list", "-o", "plain"]);
    assert!(ids.contains("everything") && ids.contains("later"), "{ids}");
    env.run(&["get", "-q", "extra"]).assert().code(3);
    // A snapshot's data never holds snapshot metadata.
    let show = env.stdout(&["snapshot", "show", "everything", "--data", "-o", "json"]);
    assert!(!show.contains("snapshot:later"), "{show}");
}

#[test]
fn prune_keeps_an_unreadable_snapshot_and_deletes_only_real_ids() {
    let env = TestEnv::new();
    for id in ["s1", "s2", "s3"] {
        env.run(&["snapshot", "create", "--all", "--id", id])
            .assert()
            .success();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    env.run(&["put", "snapshot:bad", "\"not an object\""])
        .assert()
        .success();
    let out = env
        .run(&["prune", "--snapshots-keep", "1", "--yes"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("snapshot bad is unreadable and is kept"),
        "{stderr}"
    );
    let keys = env.stdout(&["scan", "snapshot:", "--keys-only", "-o", "plain"]);
    assert_eq!(keys, "snapshot:bad\nsnapshot:s3\n");
    let list = env.stdout(&["snapshot", "list", "-o", "json"]);
    assert!(list.contains("\"id\":\"bad\""), "{list}");
}
