//! A disk that fills up during a command that writes in atomic chunks
//! (`import` into an existing store, `block put`, `prune`): the command
//! fails (exit 1) and says how many records, blocks or keys it wrote, the
//! store holds exactly whole chunks, and the same command finishes the job
//! once there is room. Each test mounts a tmpfs of its own (skipped, saying
//! so, where mounting is not allowed).

mod common;

use common::TestEnv;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `mib` MiB at `dir`, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, mib: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        }
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    /// Gives the filesystem `mib` MiB in all (its files kept).
    fn resize(&self, mib: u64) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={mib}m")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A store at `db` (on the tmpfs), with `env`'s scratch directory.
fn store_on(db: PathBuf) -> TestEnv {
    TestEnv {
        dir: tempfile::tempdir().unwrap(),
        db,
    }
}

fn count(env: &TestEnv, prefix: &str) -> u64 {
    env.stdout(&["scan", prefix, "--count"])
        .trim()
        .parse()
        .unwrap()
}

/// Runs `args`, which must fail with exit 1 saying how far it got: the
/// number before `of {total} {unit}` (or `{unit}`) in "stopped part way:".
fn stopped_part_way(env: &TestEnv, args: &[&str], unit: &str) -> u64 {
    let out = env.run(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    let said = stderr
        .split("stopped part way: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{args:?} did not say how far it got: {stderr}"));
    assert!(said.contains(unit), "{stderr}");
    assert!(
        said.contains("the chunk being written may also have landed"),
        "{stderr}"
    );
    said.split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{stderr}"))
}

fn blocks(from: u64, to: u64, pad: usize) -> String {
    (from..to)
        .map(|h| {
            format!(
                "{{\"stateRoot\":\"0x{:064x}\",\"height\":{h},\"parentRoot\":null,\"transactions\":[\"{}\"],\"timestamp\":{}}}\n",
                h * 7919 + 1,
                "t".repeat(pad),
                1_700_000_000_000u64 + h
            )
        })
        .collect()
}

#[test]
fn a_full_disk_during_block_put_and_import_says_how_far_they_got() {
    // Before: "write (DB): IOError: No space left on device", exit 1 —
    // which the exit-code table said meant nothing was written — while
    // 47,000 of 60,000 blocks were in the store.
    let scratch = TestEnv::new();
    let Some(fs) = Tmpfs::mount(&scratch.path("small"), 8) else {
        return;
    };
    let env = store_on(scratch.path("small").join("db"));
    let first = scratch.file("first.ndjson", &blocks(0, 1000, 200));
    env.run(&["--create", "block", "put", first.to_str().unwrap()])
        .assert()
        .success();
    let all = scratch.file("all.ndjson", &blocks(0, 40_000, 200));
    let done = stopped_part_way(
        &env,
        &["block", "put", all.to_str().unwrap()],
        "of 40000 blocks were written before this",
    );
    // Whole chunks of 1000 (the first 1000 were there before).
    assert!(
        (1000..40_000).contains(&done) && done.is_multiple_of(1000),
        "{done}"
    );
    let held = count(&env, "block:");
    assert_eq!(held, count(&env, "height:"));
    assert!(held == done || held == done + 1000, "{held} vs {done}");
    // Room again: the same command finishes the job.
    fs.resize(64);
    env.run(&["block", "put", all.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(count(&env, "block:"), 40_000);
    env.run(&["verify"]).assert().success();

    // import --merge of records into the store, on a full disk again.
    // About 5 MiB of room: a few chunks of 10,000 records fit, not all.
    fs.resize(used_mib(&env.db) + 5);
    let records: String = (0..60_000)
        .map(|i| {
            format!(
                "{{\"key\":\"rec:{i:06}\",\"value\":\"{}\"}}\n",
                "r".repeat(200)
            )
        })
        .collect();
    let records = scratch.file("records.ndjson", &records);
    let done = stopped_part_way(
        &env,
        &["import", "--merge", records.to_str().unwrap()],
        "records were written before this",
    );
    assert!(done.is_multiple_of(10_000) && done < 60_000, "{done}");
    let held = count(&env, "rec:");
    assert!(held == done || held == done + 10_000, "{held} vs {done}");
    fs.resize(128);
    env.run(&["import", "--merge", records.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(count(&env, "rec:"), 60_000);
    assert_eq!(count(&env, "block:"), 40_000);
}

/// MiB used on the filesystem holding `dir`, rounded up.
fn used_mib(dir: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=used", "-B1M"])
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .trim()
        .parse::<u64>()
        .unwrap()
        + 1
}

#[test]
fn a_full_disk_during_prune_says_how_far_it_got() {
    let scratch = TestEnv::new();
    let Some(fs) = Tmpfs::mount(&scratch.path("small"), 64) else {
        return;
    };
    let env = store_on(scratch.path("small").join("db"));
    let chain = scratch.file("chain.ndjson", &blocks(0, 60_000, 20));
    env.run(&["--create", "block", "put", chain.to_str().unwrap()])
        .assert()
        .success();
    // Leave a MiB or two: the deletions' log records (about 6 MB) do not
    // all fit.
    fs.resize(used_mib(&env.db));
    let done = stopped_part_way(
        &env,
        &["prune", "--blocks-below", "59000", "--yes"],
        "of 118000 keys were written before this",
    );
    let left = count(&env, "block:");
    assert_eq!(
        left,
        count(&env, "height:"),
        "a block parted from its height"
    );
    assert!(done < 118_000, "{done}");
    // Whole chunks of about 1000 deletions: blocks deleted = done / 2, or
    // one chunk more.
    let deleted = 60_000 - left;
    assert!(
        deleted >= done / 2 && deleted <= done / 2 + 1000,
        "{deleted} vs {done}"
    );
    fs.resize(128);
    env.run(&["prune", "--blocks-below", "59000", "--yes"])
        .assert()
        .success();
    assert_eq!(count(&env, "block:"), 1000);
    env.run(&["verify"]).assert().success();
}
