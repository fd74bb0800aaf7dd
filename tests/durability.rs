//! Exit 0 means durable: the real binary under `strace` syncs data before
//! the rename that publishes it, syncs the directory after, and syncs the
//! log before it exits. (The power-loss simulation of every write path is
//! in `src/store/fault.rs`.) Skipped, saying so, where strace cannot run.

mod common;

use common::{storectl, TestEnv};

/// The sync and rename calls of `storectl ARGS` (`strace -y` prints the
/// path of every descriptor); `None` when strace is unavailable here.
fn traced(env: &TestEnv, args: &[&str]) -> Option<Vec<String>> {
    let trace = env.path("trace.txt");
    let bin = assert_cmd::cargo::cargo_bin("storectl");
    let out = std::process::Command::new("strace")
        .args([
            "-f",
            "-y",
            "-e",
            "trace=fsync,fdatasync,rename,renameat,renameat2",
            "-o",
        ])
        .arg(&trace)
        .arg(&bin)
        .arg("--db")
        .arg(&env.db)
        .args(args)
        .env_remove("STORECTL_DB")
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: strace cannot run here ({e}); install it (apt-get install strace)");
            return None;
        }
    };
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    if text.is_empty() || String::from_utf8_lossy(&out.stderr).contains("ptrace") {
        eprintln!(
            "skipped: ptrace is not allowed here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(text.lines().map(str::to_string).collect())
}

fn position(lines: &[String], what: impl Fn(&str) -> bool) -> Option<usize> {
    lines.iter().position(|l| what(l))
}

fn last_position(lines: &[String], what: impl Fn(&str) -> bool) -> Option<usize> {
    lines.iter().rposition(|l| what(l))
}

fn is_sync_of(line: &str, path_part: &str) -> bool {
    (line.contains("fsync(") || line.contains("fdatasync(")) && line.contains(path_part)
}

#[test]
fn a_new_store_and_a_put_are_synced_before_exit() {
    let env = TestEnv::empty();
    let Some(lines) = traced(&env, &["--create", "put", "a", "1"]) else {
        return;
    };
    let db = env.db.canonicalize().unwrap().display().to_string();
    // CURRENT: its temporary file synced, renamed, then the directory synced.
    let rename = position(&lines, |l| {
        l.contains("rename(") && l.contains("/CURRENT\"")
    })
    .expect("CURRENT is renamed into place");
    let temp_sync =
        position(&lines, |l| is_sync_of(l, ".dbtmp>")).expect("the temporary CURRENT is synced");
    assert!(temp_sync < rename, "{lines:#?}");
    assert!(
        lines[rename + 1..]
            .iter()
            .any(|l| l.starts_with(|c: char| c.is_ascii_digit())
                && l.contains("fsync(")
                && l.contains(&format!("<{db}>"))),
        "the directory is not synced after the rename: {lines:#?}"
    );
    // The manifest is synced before CURRENT names it.
    let manifest =
        position(&lines, |l| is_sync_of(l, "/MANIFEST-")).expect("the manifest is synced");
    assert!(manifest < rename);
    // The put's log record is synced before exit.
    assert!(
        last_position(&lines, |l| is_sync_of(l, ".log>")).is_some(),
        "{lines:#?}"
    );
    assert!(lines.last().unwrap().contains("exited with 0"));
    storectl()
        .arg("--db")
        .arg(&env.db)
        .args(["get", "a"])
        .assert()
        .stdout("1\n");
}

#[test]
fn export_syncs_the_file_before_renaming_it_and_the_directory_after() {
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    let target = env.path("out.dump");
    let Some(lines) = traced(&env, &["export", target.to_str().unwrap()]) else {
        return;
    };
    let rename = position(&lines, |l| {
        l.contains("rename(") && l.contains("out.dump\")")
    })
    .expect("the dump is renamed into place");
    let data = position(&lines, |l| is_sync_of(l, ".part>")).expect("the part file is synced");
    assert!(data < rename, "{lines:#?}");
    let dir = env.dir.path().canonicalize().unwrap().display().to_string();
    assert!(
        lines[rename + 1..]
            .iter()
            .any(|l| l.contains("fsync(") && l.contains(&format!("<{dir}>"))),
        "the directory is not synced after the rename: {lines:#?}"
    );
}

#[test]
fn an_import_into_a_new_store_is_renamed_into_place_durably() {
    let env = TestEnv::empty();
    let records = env.file("in.ndjson", "{\"key\":\"a\",\"value\":1}\n");
    let Some(lines) = traced(&env, &["--create", "import", records.to_str().unwrap()]) else {
        return;
    };
    let target = format!("\"{}\")", env.db.display());
    let rename = position(&lines, |l| l.contains("rename(") && l.contains(&target))
        .expect("the new store is renamed into place");
    // Every file of the temporary store, then the directory itself, was
    // synced before the rename.
    for file in ["000002.ldb>", "MANIFEST-000001>", "CURRENT>"] {
        let synced = last_position(&lines, |l| {
            is_sync_of(l, ".storectl-import-") && l.contains(file)
        });
        assert!(synced.is_some_and(|p| p < rename), "{file}: {lines:#?}");
    }
    // The directory itself: `fsync(N</…/.db.storectl-import-PID>)`.
    let dir = last_position(&lines, |l| {
        l.contains("fsync(")
            && l.split_once(".storectl-import-").is_some_and(|(_, rest)| {
                rest.split_once('>')
                    .is_some_and(|(pid, _)| pid.bytes().all(|b| b.is_ascii_digit()))
            })
    });
    assert!(dir.is_some_and(|p| p < rename), "the directory: {lines:#?}");
    assert!(
        lines[rename + 1..].iter().any(|l| l.contains("fsync(")),
        "the parent directory is not synced after the rename: {lines:#?}"
    );
}
