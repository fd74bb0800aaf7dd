//! Test-only power-loss simulation, in the manner of C++ LevelDB's
//! `FaultInjectionTestEnv`: every file operation storectl's write path makes
//! (create, sync, directory sync, rename, delete) is counted; after the
//! N-th the "machine dies" (every later operation fails), and
//! [`lose_power`] then drops what a power loss would: bytes written since a
//! file's last sync, files whose directory entry was never synced, and
//! renames the directory was not synced after.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A file operation of the write path.
#[derive(Debug, Clone)]
pub enum Op {
    /// A file is created or truncated.
    Create(PathBuf),
    /// Buffered bytes are written (not counted: they are not durable).
    Write(#[allow(dead_code)] PathBuf),
    /// A file is synced with this many bytes.
    Sync(PathBuf, u64),
    /// A directory is synced.
    SyncDir(PathBuf),
    /// A file is renamed.
    Rename(PathBuf, PathBuf),
    /// A file is deleted.
    Delete(PathBuf),
}

/// What is durable, and when the machine dies.
#[derive(Debug, Default)]
pub struct State {
    /// Operations allowed before the machine dies.
    pub crash_after: u64,
    /// Operations counted so far.
    pub ops: u64,
    /// Whether the machine has died.
    pub crashed: bool,
    synced_len: HashMap<PathBuf, u64>,
    unsynced_entries: HashSet<PathBuf>,
    /// (old, new, content `new` had before, if any) since the last dir sync.
    renames: Vec<(PathBuf, PathBuf, Option<Vec<u8>>)>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Starts counting; the machine dies after `crash_after` operations.
pub fn install(crash_after: u64) {
    STATE.with(|s| {
        *s.borrow_mut() = Some(State {
            crash_after,
            ..State::default()
        })
    });
}

/// Stops counting and returns what was recorded.
pub fn uninstall() -> State {
    STATE.with(|s| s.borrow_mut().take()).unwrap_or_default()
}

/// Called by the write path before each file operation.
pub fn on_op(op: Op) -> std::io::Result<()> {
    STATE.with(|s| {
        let mut guard = s.borrow_mut();
        let Some(state) = guard.as_mut() else {
            return Ok(());
        };
        if state.crashed {
            return Err(std::io::Error::other("simulated power loss"));
        }
        if matches!(op, Op::Write(_)) {
            return Ok(());
        }
        state.ops += 1;
        if state.ops > state.crash_after {
            state.crashed = true;
            return Err(std::io::Error::other("simulated power loss"));
        }
        match op {
            Op::Create(p) => {
                state.synced_len.insert(p.clone(), 0);
                state.unsynced_entries.insert(p);
            }
            Op::Sync(p, len) => {
                state.synced_len.insert(p, len);
            }
            Op::SyncDir(d) => {
                state
                    .unsynced_entries
                    .retain(|p| super::durable::parent_of(p) != d.as_path());
                state
                    .renames
                    .retain(|(_, new, _)| super::durable::parent_of(new) != d.as_path());
            }
            Op::Rename(old, new) => {
                let before = std::fs::read(&new).ok();
                if let Some(len) = state.synced_len.remove(&old) {
                    state.synced_len.insert(new.clone(), len);
                }
                if state.unsynced_entries.remove(&old) {
                    state.unsynced_entries.insert(new.clone());
                }
                state.renames.push((old, new, before));
            }
            Op::Delete(p) => {
                state.synced_len.remove(&p);
                state.unsynced_entries.remove(&p);
            }
            Op::Write(_) => {}
        }
        Ok(())
    })
}

/// Applies a power loss to the files: undoes unsynced renames, removes
/// files whose entries were never synced, cuts every file to its synced length.
pub fn lose_power(state: &State) {
    for (old, new, before) in state.renames.iter().rev() {
        if new.exists() {
            let _ = std::fs::rename(new, old);
        }
        if let Some(content) = before {
            let _ = std::fs::write(new, content);
        }
    }
    for p in &state.unsynced_entries {
        let _ = std::fs::remove_file(p);
    }
    for (p, len) in &state.synced_len {
        if let Ok(f) = std::fs::OpenOptions::new().write(true).open(p) {
            if f.metadata().is_ok_and(|m| m.len() > *len) {
                let _ = f.set_len(*len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use crate::store::{Namespace, StorageService, Store};
    use clap::Parser;
    use std::collections::BTreeMap;

    type Contents = Option<BTreeMap<Vec<u8>, Vec<u8>>>;

    /// Every entry of the store in `dir` (`None` when there is no store),
    /// with snapshot timestamps zeroed (they differ from run to run).
    fn contents(dir: &Path) -> Contents {
        if !dir.join("CURRENT").exists() {
            return None;
        }
        let store = Store::open_read(dir)
            .unwrap_or_else(|e| panic!("the store does not open after a power loss: {e}"));
        let mut s = StorageService::new(store, Namespace::Raw);
        let zero_timestamp = |v: Vec<u8>| -> Vec<u8> {
            let text = String::from_utf8_lossy(&v).into_owned();
            match text.split_once("\"timestamp\":") {
                Some((head, tail)) => {
                    let rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
                    format!("{head}\"timestamp\":0{rest}").into_bytes()
                }
                None => v,
            }
        };
        Some(
            s.scan(&Default::default())
                .unwrap()
                .map(|r| r.unwrap())
                .map(|(k, v)| {
                    let v = if k.starts_with(b":snapshot:") {
                        zero_timestamp(v)
                    } else {
                        v
                    };
                    (k, v)
                })
                .collect(),
        )
    }

    fn run(dir: &Path, args: &[&str]) -> bool {
        let mut full = vec!["storectl", "--quiet", "--db", dir.to_str().unwrap()];
        full.extend_from_slice(args);
        let cli = Cli::try_parse_from(full).unwrap();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crate::cli::run(cli)))
            .is_ok_and(|r| r.is_ok())
    }

    /// Runs `args` against a store made by `setup`, cutting the power after
    /// each file operation in turn: the store must open and check clean,
    /// and hold the command's whole effect when it reported success, and
    /// either all or none of it otherwise.
    fn power_cuts(name: &str, setup: &[&[&str]], args: &[&str]) {
        power_cuts_allowing(name, setup, args, &[]);
    }

    /// [`power_cuts`], also accepting the states in `also` after a failure
    /// (a command made of more than one atomic unit).
    fn power_cuts_allowing(name: &str, setup: &[&[&str]], args: &[&str], also: &[Contents]) {
        let template = tempfile::tempdir().unwrap();
        let template_db = template.path().join("db");
        for step in setup {
            assert!(run(&template_db, step), "{name}: setup {step:?} failed");
        }
        let fresh = || {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("db");
            if template_db.exists() {
                std::fs::create_dir(&db).unwrap();
                for entry in std::fs::read_dir(&template_db).unwrap() {
                    let entry = entry.unwrap();
                    std::fs::copy(entry.path(), db.join(entry.file_name())).unwrap();
                }
            }
            (dir, db)
        };
        let (_keep, reference) = fresh();
        let before = contents(&reference);
        install(u64::MAX);
        assert!(
            run(&reference, args),
            "{name}: the command fails without faults"
        );
        let total = uninstall().ops;
        let after = contents(&reference);
        assert!(total > 0, "{name}: no file operation was counted");
        // The last cut comes after the command finished: what it reported as
        // done must survive a power loss then.
        for cut in 0..=total {
            let (_tmp, db) = fresh();
            install(cut);
            let ok = run(&db, args);
            let state = uninstall();
            lose_power(&state);
            let got = contents(&db);
            if got.is_some() {
                let check = crate::store::integrity::check_files(&db, |_| {}).unwrap();
                assert!(
                    check.problems.is_empty(),
                    "{name}, cut {cut}/{total}: {:?}",
                    check.problems
                );
            }
            if ok {
                assert!(
                    got == after,
                    "{name}, cut {cut}/{total}: reported success but the data is not all there"
                );
            } else {
                assert!(
                    got == before || got == after || also.contains(&got),
                    "{name}, cut {cut}/{total}: neither before nor after (a partial atomic unit)"
                );
            }
        }
    }

    const SEED: &[&[&str]] = &[
        &["--create", "put", "a", "1"],
        &["state", "put", "m1", "{\"stateRoot\":\"0x01\"}"],
        &["block", "put", "{\"stateRoot\":\"0xb0\",\"height\":0}"],
        &["snapshot", "create", "--all", "--id", "s0"],
    ];

    #[test]
    fn put_batch_and_delete_survive_power_loss() {
        power_cuts("put", SEED, &["put", "b", "{\"x\":2}"]);
        power_cuts("delete", SEED, &["delete", "a"]);
        let dir = tempfile::tempdir().unwrap();
        let ops = dir.path().join("ops.ndjson");
        std::fs::write(
            &ops,
            "{\"type\":\"put\",\"key\":\"c\",\"value\":3}\n{\"type\":\"delete\",\"key\":\"a\"}\n",
        )
        .unwrap();
        power_cuts("batch", SEED, &["batch", ops.to_str().unwrap()]);
    }

    #[test]
    fn model_writes_survive_power_loss() {
        power_cuts(
            "block put",
            SEED,
            &["block", "put", "{\"stateRoot\":\"0xb1\",\"height\":1}"],
        );
        power_cuts(
            "state put",
            SEED,
            &["state", "put", "m2", "{\"stateRoot\":\"0x02\"}"],
        );
        power_cuts(
            "snapshot create",
            SEED,
            &["snapshot", "create", "--all", "--id", "s1"],
        );
        let mut changed: Vec<&[&str]> = SEED.to_vec();
        changed.push(&["put", "a", "2"]);
        power_cuts("snapshot restore", &changed, &["snapshot", "restore", "s0"]);
        power_cuts("prune", SEED, &["prune", "--blocks-below", "1", "--yes"]);
    }

    /// Snapshot writes larger than the memtable are ingested as a table of
    /// their own and a new manifest: all or nothing at every cut.
    #[test]
    fn ingested_snapshot_writes_survive_power_loss() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("in.ndjson");
        let pad = "p".repeat(1000);
        let text: String = (0..5000)
            .map(|i| {
                format!(
                    "{{\"key\":\"state:m1:k{i:04}\",\"value\":{{\"n\":{i},\"pad\":\"{pad}\"}}}}\n"
                )
            })
            .collect();
        std::fs::write(&records, text).unwrap();
        let deletes = dir.path().join("deletes.ndjson");
        let text: String = (0..5000)
            .map(|i| format!("{{\"type\":\"delete\",\"key\":\"state:m1:k{i:04}\"}}\n"))
            .collect();
        std::fs::write(&deletes, text).unwrap();
        let setup: &[&[&str]] = &[
            &["--create", "import", records.to_str().unwrap()],
            &["put", "a", "1"],
            &["snapshot", "create", "--all", "--id", "s0"],
        ];
        power_cuts(
            "snapshot create (ingested)",
            setup,
            &["snapshot", "create", "--all", "--id", "s1"],
        );
        let delete_step = ["batch", deletes.to_str().unwrap()];
        let mut changed = setup.to_vec();
        changed.push(&delete_step);
        power_cuts(
            "snapshot restore (ingested)",
            &changed,
            &["snapshot", "restore", "s0"],
        );
    }

    #[test]
    fn imports_and_compaction_survive_power_loss() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("in.ndjson");
        let text: String = (0..300)
            .map(|i| format!("{{\"key\":\"k{i:04}\",\"value\":{{\"n\":{i}}}}}\n"))
            .collect();
        std::fs::write(&records, text).unwrap();
        power_cuts(
            "import --merge",
            SEED,
            &["import", "--merge", records.to_str().unwrap()],
        );
        power_cuts(
            "import into a new store",
            &[],
            &["--create", "import", records.to_str().unwrap()],
        );
        power_cuts("compact", SEED, &["compact"]);
        // Creating the store is a unit of its own, before the put.
        power_cuts_allowing(
            "--create",
            &[],
            &["--create", "put", "a", "1"],
            &[Some(BTreeMap::new())],
        );
    }
}
