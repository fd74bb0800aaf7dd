//! A backup repository in the manner of RocksDB's BackupEngine: each backup
//! is a checkpoint whose files are stored once, content-addressed.
//!
//! Layout (documented in docs/format.md):
//! - `repository.json` — `{"format":"storectl-backups","version":1}`
//! - `files/<sha256>-<size>` — file contents, shared by every backup holding them
//! - `backups/<id>.json` — one backup's metadata: id, time, source, last
//!   sequence, file list (store name, size, SHA-256), store stats
//! - `LOCK` — taken by every command but `list` ([`lock`])
//!
//! Crash-safe order: contents are written under a temporary name, synced
//! and renamed before the metadata that references them; metadata is
//! removed before the contents only it referenced.

mod catalog;
mod copying;
mod lock;
mod publish;
mod tally;

pub use catalog::Catalog;
pub use copying::hash_file;
use copying::{copy_durable, copy_hashing, hash_copy};
pub use lock::{Access, RepositoryLock};
pub use tally::Tally;

use super::checkpoint::{checkpoint_into, temp_sibling};
use super::durable;
use crate::error::{Result, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use tally::TallyPlan;

/// Copies written but not yet synced, at most (each holds a descriptor).
const SYNC_BACKLOG: usize = 64;

/// The repository format this code writes and reads.
pub const REPOSITORY_FORMAT: &str = "storectl-backups";

/// One file of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupFile {
    /// Its name in the store.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the contents, hex.
    pub sha256: String,
}

impl BackupFile {
    /// The content file's name under `files/`.
    pub fn blob(&self) -> String {
        format!("{}-{}", self.sha256, self.size)
    }
}

/// One backup's metadata (`backups/<id>.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupMeta {
    /// Metadata format version.
    pub version: u32,
    /// Sequential id.
    pub id: u64,
    /// When it was taken (milliseconds since the epoch).
    pub time: i64,
    /// The store it was taken from.
    pub source: String,
    /// The last sequence number of the store's manifest at that moment.
    pub sequence: u64,
    /// Every file of the backup.
    pub files: Vec<BackupFile>,
    /// Store statistics (keys per category, latest height, ...).
    pub stats: serde_json::Value,
    /// Bytes this backup added to the repository.
    pub bytes_added: u64,
    /// Files it shared with earlier backups.
    pub files_reused: u64,
}

/// A problem found in a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupProblem {
    /// The backup.
    pub id: u64,
    /// The repository file.
    pub file: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// A backup repository directory.
pub struct Repository {
    root: PathBuf,
    /// Held for as long as the handle lives.
    _lock: RepositoryLock,
}

/// Whether `dir` exists and holds anything.
fn has_entries(dir: &Path) -> Result<bool> {
    Ok(dir.exists()
        && std::fs::read_dir(dir)
            .map_err(StoreError::io(format!("list {}", dir.display())))?
            .next()
            .is_some())
}

/// Whether `dir` holds only what making a repository creates before its
/// `repository.json`: empty `files/` and `backups/`, `LOCK`, the marker's
/// temporaries.
fn is_skeleton(dir: &Path) -> Result<bool> {
    for entry in
        std::fs::read_dir(dir).map_err(StoreError::io(format!("list {}", dir.display())))?
    {
        let entry = entry.map_err(StoreError::io(format!("list {}", dir.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let fits = match name.as_str() {
            "files" | "backups" => entry.path().is_dir() && !has_entries(&entry.path())?,
            "LOCK" => true,
            _ => name.starts_with("repository.json.tmp"),
        };
        if !fits {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Makes the repository at `root` (whose `marker`, `repository.json`, was
/// absent a moment ago), or finds that another `backup create` made it
/// meanwhile: its empty skeleton is made again the same way, and anything
/// past the skeleton is only ever written after the marker, so with the
/// marker there it is that repository's. Anything else is refused.
fn make_repository(root: &Path, marker: &Path) -> Result<()> {
    if has_entries(root)? && !is_skeleton(root)? {
        if marker.exists() {
            return Ok(());
        }
        return Err(StoreError::bad_input(format!(
            "{} is not empty and not a backup repository: refusing to create one there",
            root.display()
        )));
    }
    for dir in [root.to_path_buf(), root.join("files"), root.join("backups")] {
        std::fs::create_dir_all(&dir)
            .map_err(StoreError::io(format!("create {}", dir.display())))?;
    }
    let doc = serde_json::json!({"format": REPOSITORY_FORMAT, "version": 1});
    let temp = root.join(format!("repository.json.tmp-{}", std::process::id()));
    std::fs::write(&temp, doc.to_string())
        .map_err(StoreError::io(format!("write {}", temp.display())))?;
    File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(StoreError::io("sync".into()))?;
    durable::rename(&temp, marker).map_err(StoreError::io("rename".into()))
}

impl Repository {
    /// Opens the repository at `root`, creating it when `create` and it
    /// does not exist, holding its lock for `access` (waiting up to `wait`
    /// for another storectl to finish).
    pub fn open(
        root: &Path,
        create: bool,
        access: Access,
        wait: std::time::Duration,
    ) -> Result<Repository> {
        let marker = root.join("repository.json");
        if !marker.exists() {
            if !create {
                return Err(StoreError::NoStore {
                    path: root.to_path_buf(),
                    reason:
                        "no backup repository here (no repository.json); `backup create` makes one"
                            .into(),
                });
            }
            make_repository(root, &marker)?;
        }
        let text = std::fs::read_to_string(&marker)
            .map_err(StoreError::io(format!("read {}", marker.display())))?;
        let doc: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| StoreError::bad_input(format!("{}: {e}", marker.display())))?;
        if doc["format"] != REPOSITORY_FORMAT || doc["version"] != 1 {
            return Err(StoreError::bad_input(format!(
                "{}: not a version-1 storectl backup repository",
                marker.display()
            )));
        }
        let lock = lock::lock(root, access, wait)?;
        Ok(Repository {
            root: root.to_path_buf(),
            _lock: lock,
        })
    }

    fn meta_path(&self, id: u64) -> PathBuf {
        self.root.join("backups").join(format!("{id:08}.json"))
    }

    /// The repository file holding a backup file's contents.
    pub fn blob_path(&self, file: &BackupFile) -> PathBuf {
        self.root.join("files").join(file.blob())
    }

    /// One backup (an error when its metadata is damaged).
    pub fn get(&self, id: u64) -> Result<BackupMeta> {
        self.catalog()?.take(id)
    }

    /// Takes a backup of the store in `src`, described by `describe` from
    /// a [`Tally`] of its live entries (parts made by `tally`): tables no
    /// other file overlaps are tallied as they are hashed and copied, the
    /// rest of the key space through a merged read on another thread.
    pub fn create<T: Tally>(
        &self,
        src: &Path,
        tally: &(dyn Fn() -> T + Sync),
        describe: impl FnOnce(T) -> serde_json::Value,
        mut progress: impl FnMut(u64),
    ) -> Result<BackupMeta> {
        let scratch = self.root.join(format!("tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        let result = (|| {
            // The scratch checkpoint links the store's tables where it can
            // (it is only read, then removed); the backup's own files are
            // the copies `store_files` makes.
            let report = checkpoint_into(src, &scratch, false)?;
            let known: BTreeSet<(String, u64)> = self
                .catalog()?
                .backups
                .iter()
                .flat_map(|m| m.files.iter().map(|f| (f.name.clone(), f.size)))
                .collect();
            let (plan, state) = TallyPlan::of(&scratch)?;
            let (rest, stored) = std::thread::scope(|scope| {
                let worker = scope.spawn(|| plan.tally_gaps(state, tally));
                let stored = self.store_files(
                    &scratch,
                    &report.files,
                    &known,
                    (&plan, tally),
                    &mut progress,
                );
                let rest = worker.join().unwrap_or_else(|_| {
                    Err(StoreError::Inconsistent(
                        "computing the store's stats failed".into(),
                    ))
                });
                (rest, stored)
            });
            let (files, added, reused, parts) = stored?;
            // Every table the merged read left out was described.
            if parts.len() != plan.tables_alone() {
                return Err(StoreError::Inconsistent(format!(
                    "the backup described {} of the {} tables it reads alone",
                    parts.len(),
                    plan.tables_alone()
                )));
            }
            let mut total = rest?;
            for part in parts {
                total.add(part);
            }
            let stats = describe(total);
            let mut meta = BackupMeta {
                version: 1,
                id: self.catalog()?.next_id(),
                time: crate::model::snapshot::now_ms(),
                source: src.display().to_string(),
                sequence: report.last_sequence,
                files,
                stats,
                bytes_added: added,
                files_reused: reused,
            };
            self.publish(&mut meta)?;
            Ok(meta)
        })();
        let _ = std::fs::remove_dir_all(&scratch);
        // A file of the scratch checkpoint is named as the store's own.
        result.map_err(|e| match e {
            StoreError::Unreadable(mut read) => {
                if let Ok(name) = read.file.strip_prefix(&scratch) {
                    read.file = src.join(name);
                }
                StoreError::Unreadable(read)
            }
            e => e,
        })
    }

    /// Stores the checkpoint's files as content files: a file seen in an
    /// earlier backup (same name and size) is hashed first and copied only
    /// when its content is new; any other file is hashed while it is copied.
    /// New content is synced, then renamed to its content name, and the
    /// directory synced, before the caller writes metadata naming it.
    /// Tables `plan` describes from their own entries are tallied as
    /// they are read; their parts are returned.
    fn store_files<T: Tally>(
        &self,
        scratch: &Path,
        names: &[String],
        known: &BTreeSet<(String, u64)>,
        (plan, tally): (&TallyPlan, &(dyn Fn() -> T + Sync)),
        progress: &mut impl FnMut(u64),
    ) -> Result<(Vec<BackupFile>, u64, u64, Vec<T>)> {
        let dir = self.root.join("files");
        let temp = |i: usize| dir.join(format!("{}.tmp-{}-{i}", names[i], std::process::id()));
        let mut files = Vec::new();
        let (mut added, mut reused) = (0u64, 0u64);
        let mut pending: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut parts = Vec::new();
        let result = std::thread::scope(|scope| -> Result<()> {
            // Each copy is synced on a thread of its own as soon as it is
            // written (waiting for the disk while the files after it are
            // hashed), at most SYNC_BACKLOG of them open at once.
            let (to_sync, copies) = std::sync::mpsc::sync_channel::<(File, PathBuf)>(SYNC_BACKLOG);
            let syncer = scope.spawn(move || -> Result<()> {
                let mut synced = Ok(());
                for (file, path) in copies {
                    if synced.is_ok() {
                        synced = file
                            .sync_all()
                            .map_err(StoreError::io(format!("sync {}", path.display())));
                    }
                }
                synced
            });
            // Every file hashed (and copied, when new by name and size) on
            // two threads; then, in order, kept or dropped by its content.
            let hashed = {
                let to_sync = to_sync;
                super::parallel::on_two_threads(
                    names.len(),
                    |i| -> Result<((String, u64, bool), Option<T>)> {
                        let path = scratch.join(&names[i]);
                        let len = std::fs::metadata(&path)
                            .map_err(StoreError::io(format!("read {}", path.display())))?
                            .len();
                        plan.read_tallying(&names[i], &path, tally, |observe| {
                            if known.contains(&(names[i].clone(), len)) {
                                let (sha256, size) = hash_copy(&path, None, observe)?;
                                return Ok((sha256, size, false));
                            }
                            let (sha256, size, out) = copy_hashing(&path, &temp(i), observe)?;
                            to_sync.send((out, temp(i))).map_err(|_| {
                                StoreError::Inconsistent("the syncing thread stopped".into())
                            })?;
                            Ok((sha256, size, true))
                        })
                    },
                    |read| {
                        if let Ok(((_, size, _), _)) = read {
                            progress(*size);
                        }
                    },
                )
            };
            let synced = syncer.join().unwrap_or_else(|_| {
                Err(StoreError::Inconsistent("syncing the copies failed".into()))
            });
            for (i, read) in hashed.into_iter().enumerate() {
                let ((sha256, size, copied), part) = read?;
                parts.extend(part);
                let path = scratch.join(&names[i]);
                let file = BackupFile {
                    name: names[i].clone(),
                    size,
                    sha256,
                };
                let blob = self.blob_path(&file);
                if blob.exists() {
                    reused += 1;
                    if copied {
                        let _ = std::fs::remove_file(temp(i));
                    }
                } else {
                    if !copied {
                        // Known by name and size, new by content.
                        copy_hashing(&path, &temp(i), &mut |_| Ok(()))?
                            .2
                            .sync_all()
                            .map_err(StoreError::io(format!("sync {}", temp(i).display())))?;
                    }
                    pending.push((temp(i), blob));
                    added += size;
                }
                files.push(file);
            }
            synced?;
            for (temp, blob) in &pending {
                std::fs::rename(temp, blob)
                    .map_err(StoreError::io(format!("rename {}", temp.display())))?;
            }
            durable::sync_dir(&dir).map_err(StoreError::io("sync files".into()))
        });
        if result.is_err() {
            // Every copy this call may have made (none is named yet).
            for i in 0..names.len() {
                let _ = std::fs::remove_file(temp(i));
            }
        }
        result.map(|()| (files, added, reused, parts))
    }

    /// Checks every file of one backup (or all) against its size and SHA-256.
    pub fn verify(
        &self,
        id: Option<u64>,
        mut progress: impl FnMut(u64),
    ) -> Result<(u64, Vec<BackupProblem>)> {
        // A damaged metadata file is a problem of its backup.
        let catalog = self.catalog()?;
        let mut problems: Vec<BackupProblem> = catalog
            .damaged
            .iter()
            .filter(|p| id.is_none_or(|id| id == p.id))
            .cloned()
            .collect();
        let metas: Vec<BackupMeta> = match id {
            Some(_) if !problems.is_empty() => Vec::new(),
            Some(id) => vec![catalog.take(id)?],
            None => catalog.backups,
        };
        let mut checked = 0;
        for meta in &metas {
            for file in &meta.files {
                let blob = self.blob_path(file);
                checked += 1;
                match hash_file(&blob) {
                    Ok((sha, size)) if sha == file.sha256 && size == file.size => progress(size),
                    Ok((_, size)) => problems.push(BackupProblem {
                        id: meta.id,
                        file: blob,
                        message: format!(
                            "contents changed (SHA-256 mismatch; {size} bytes, {} expected) for {}",
                            file.size, file.name
                        ),
                    }),
                    Err(e) => problems.push(BackupProblem {
                        id: meta.id,
                        file: blob,
                        message: format!("{e} (for {})", file.name),
                    }),
                }
            }
        }
        Ok((checked, problems))
    }

    /// Restores backup `id` into the new (or empty) directory `target`,
    /// after checking every file of it.
    pub fn restore(&self, id: u64, target: &Path) -> Result<BackupMeta> {
        if has_entries(target)? {
            return Err(StoreError::bad_input(format!(
                "{} is not empty: restore writes only a new store (nothing was written)",
                target.display()
            )));
        }
        let meta = self.get(id)?;
        let (_, problems) = self.verify(Some(id), |_| {})?;
        if let Some(p) = problems.first() {
            return Err(StoreError::Corruption {
                path: self.root.clone(),
                message: format!(
                    "backup {id} does not verify ({}: {}); nothing was restored",
                    p.file.display(),
                    p.message
                ),
            });
        }
        let temp = temp_sibling(target, "restore");
        let result = (|| {
            std::fs::create_dir_all(&temp)
                .map_err(StoreError::io(format!("create {}", temp.display())))?;
            for file in &meta.files {
                copy_durable(&self.blob_path(file), &temp.join(&file.name))?;
            }
            durable::sync_dir(&temp).map_err(StoreError::io("sync".into()))?;
            if target.exists() {
                std::fs::remove_dir(target)
                    .map_err(StoreError::io(format!("replace {}", target.display())))?;
            }
            durable::rename(&temp, target)
                .map_err(StoreError::io(format!("rename to {}", target.display())))
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        result.map(|_| meta)
    }

    /// Deletes backups (metadata first, then contents no backup references).
    /// Returns the bytes freed.
    pub fn delete(&self, ids: &[u64]) -> Result<u64> {
        self.catalog()?.require_intact(ids)?;
        for id in ids {
            let path = self.meta_path(*id);
            if !path.exists() {
                return Err(StoreError::NotFound {
                    what: format!("backup {id}"),
                });
            }
        }
        for id in ids {
            std::fs::remove_file(self.meta_path(*id))
                .map_err(StoreError::io(format!("delete backup {id}")))?;
        }
        durable::sync_dir(&self.root.join("backups")).map_err(StoreError::io("sync".into()))?;
        self.collect_garbage()
    }

    /// Removes content files no backup references (and interrupted
    /// temporaries); returns the bytes freed.
    pub fn collect_garbage(&self) -> Result<u64> {
        let catalog = self.catalog()?;
        catalog.require_intact(&[])?;
        let referenced: BTreeSet<String> = catalog
            .backups
            .iter()
            .flat_map(|m| m.files.iter().map(BackupFile::blob))
            .collect();
        let dir = self.root.join("files");
        let mut freed = 0;
        for entry in
            std::fs::read_dir(&dir).map_err(StoreError::io(format!("list {}", dir.display())))?
        {
            let entry = entry.map_err(StoreError::io("list".into()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !referenced.contains(&name) {
                freed += entry.metadata().map(|m| m.len()).unwrap_or(0);
                std::fs::remove_file(entry.path())
                    .map_err(StoreError::io(format!("delete {}", entry.path().display())))?;
            }
        }
        Ok(freed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four `backup create`s into a new directory at once: one saw no
    /// `repository.json`, another then made the repository and began
    /// copying files into it, and the first refused the directory as "not
    /// empty and not a backup repository" (seen in CI).
    #[test]
    fn a_create_that_saw_no_repository_joins_one_made_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        let marker = root.join("repository.json");
        make_repository(&root, &marker).unwrap();
        std::fs::write(root.join("files").join("0123-copying"), b"x").unwrap();
        make_repository(&root, &marker).unwrap();
        // Without the marker the same content is someone else's: refused.
        std::fs::remove_file(&marker).unwrap();
        let refused = make_repository(&root, &marker).unwrap_err().to_string();
        assert!(refused.contains("not a backup repository"), "{refused}");
    }
}
