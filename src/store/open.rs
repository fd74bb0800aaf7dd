//! Opening a store: a read view (storectl's own read path, see
//! [`super::ldb`]) for reading commands, and a locked engine handle for
//! writing commands, whose reads also go through the read path.

use super::env::{DamagedTable, LockingDiskEnv};
use super::ingest::{self, IngestEntry, Ingested};
use super::ldb::{self, DbIter, Version};
use crate::error::{Result, StoreError};
use rusty_leveldb::compressor::SnappyCompressor;
use rusty_leveldb::{CompressorId, Options, StatusCode, WriteBatch, DB};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Compactions a writer runs at most when it closes, to leave the store
/// without pending compactions.
const MAX_SETTLING_COMPACTIONS: usize = 64;

/// Log size past which closing a writable store writes the memtable out.
pub const LOG_FLUSH_THRESHOLD: u64 = 256 * 1024;

/// How a writing command may open a store.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteAccess {
    /// Create the store when the directory is missing or empty.
    pub create: bool,
    /// How long to wait for another process to release the LOCK.
    pub lock_wait: Duration,
    /// A bulk load (import): a larger write buffer, so far fewer memtable
    /// flushes and compactions.
    pub bulk: bool,
    /// Check every block of every live file before the engine opens (for
    /// commands that rewrite the whole store, such as compact).
    pub check_all_blocks: bool,
}

/// The write buffer of bulk loads.
const BULK_WRITE_BUFFER: usize = 40 << 20;

/// The engine of a writable store and the options (holding the lock) it
/// was opened with, to reopen it under the same lock. `db` is `None` while
/// the engine is closed under the lock (after an ingested write); the next
/// engine call reopens it.
struct Engine {
    db: Option<DB>,
    options: Options,
}

/// A store's state as its read view sees it, ready to be opened on another
/// thread.
pub struct StoreTwin {
    path: PathBuf,
    version: ldb::version::VersionTwin,
}

impl StoreTwin {
    /// A read view of exactly that state.
    pub fn open(self) -> Store {
        Store {
            path: self.path,
            engine: None,
            view: Some(Rc::new(self.version.into_version())),
        }
    }
}

/// An open LevelDB store: a read view, or a locked writable handle.
pub struct Store {
    path: PathBuf,
    engine: Option<Engine>,
    /// The version reads see; dropped by every write and reopened from
    /// disk by the next read.
    view: Option<Rc<Version>>,
}

fn base_options() -> Options {
    Options {
        compressor: SnappyCompressor::ID,
        create_if_missing: false,
        paranoid_checks: true,
        ..Options::default()
    }
}

/// Fails unless `path` is a directory holding a LevelDB `CURRENT` file;
/// `writing` adds the hint to use `--create`.
pub fn require_store(path: &Path, writing: bool) -> Result<()> {
    let hint = if writing {
        " (use --create to make a new store)"
    } else {
        ""
    };
    let reason = if !path.exists() {
        format!("directory does not exist{hint}")
    } else if !path.is_dir() {
        "not a directory".to_string()
    } else if !path.join("CURRENT").is_file() {
        format!("no CURRENT file (not a LevelDB directory){hint}")
    } else {
        return Ok(());
    };
    Err(StoreError::NoStore {
        path: path.to_path_buf(),
        reason,
    })
}

/// `--create` makes a store only in a missing or empty directory; an
/// existing store is opened as it is. Anything else is refused, naming
/// what is there, before anything is written.
fn check_creatable(path: &Path) -> Result<()> {
    if !path.exists() || path.join("CURRENT").is_file() {
        return Ok(());
    }
    if !path.is_dir() {
        return Err(StoreError::bad_input(format!(
            "--create: {} exists and is not a directory",
            path.display()
        )));
    }
    let mut names: Vec<String> = std::fs::read_dir(path)
        .map_err(|e| StoreError::Io {
            context: format!("list {}", path.display()),
            message: e.to_string(),
        })?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
    let more = if names.len() > 10 {
        format!(" and {} more", names.len() - 10)
    } else {
        String::new()
    };
    Err(StoreError::bad_input(format!(
        "--create refuses {}: it is not empty and not a LevelDB store (it holds {}{more}); \
         --create only makes a store in a missing or empty directory. Nothing was written. \
         If this is a damaged store, see `storectl verify`",
        path.display(),
        shown.join(", ")
    )))
}

fn canonical(path: &Path) -> Result<PathBuf> {
    path.canonicalize().map_err(|e| StoreError::Io {
        context: format!("resolve {}", path.display()),
        message: e.to_string(),
    })
}

impl Store {
    /// Opens a read view: nothing in the directory is written or locked,
    /// and it works while another process holds the store. Every live file
    /// is opened and checked (footer, index, filter; logs read whole).
    pub fn open_read(path: &Path) -> Result<Store> {
        require_store(path, false)?;
        let path = canonical(path)?;
        let version = ldb::open_version(&path)?;
        Ok(Store {
            path,
            engine: None,
            view: Some(Rc::new(version)),
        })
    }

    /// Opens the store for writing, taking its LOCK (waiting up to
    /// `access.lock_wait`). Creates it only when `access.create` is set and
    /// the directory is missing or empty. An existing store is checked
    /// first (every live file present, every table's footer and index
    /// readable, logs readable) so that the engine never compacts damage
    /// into the store: a damaged store is refused unchanged.
    pub fn open_write(path: &Path, access: WriteAccess) -> Result<Store> {
        if access.create {
            check_creatable(path)?;
            std::fs::create_dir_all(path).map_err(|e| StoreError::Io {
                context: format!("create store directory {}", path.display()),
                message: e.to_string(),
            })?;
        } else {
            require_store(path, true)?;
        }
        let path = canonical(path)?;
        let env = LockingDiskEnv::new();
        let lock_file = path.join("LOCK");
        let deadline = Instant::now() + access.lock_wait;
        loop {
            match env.acquire(&lock_file) {
                Ok(()) => break,
                Err(status) if status.code == StatusCode::LockError => {
                    if Instant::now() >= deadline {
                        return Err(StoreError::Locked { path });
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(status) => return Err(StoreError::from_status(&path, "lock store", status)),
            }
        }
        // Under the lock: the store cannot change any more except by us.
        let view = if path.join("CURRENT").is_file() {
            let version = ldb::open_version(&path).map_err(|problem| StoreError::Damaged {
                path: path.clone(),
                problem,
            })?;
            if access.check_all_blocks {
                let check =
                    super::integrity::check_files(&path, |_| {}).map_err(|e| StoreError::Io {
                        context: format!("list {}", path.display()),
                        message: e.to_string(),
                    })?;
                if let Some(problem) = check.problems.into_iter().next() {
                    return Err(StoreError::Damaged {
                        path: path.clone(),
                        problem: ldb::ReadError::corrupt(&problem.file, None, problem.message),
                    });
                }
            }
            Some(Rc::new(version))
        } else {
            None
        };
        let options = Options {
            env: Rc::new(Box::new(env)),
            create_if_missing: access.create,
            // Appending to a recovered log whose tail was torn by a crash
            // would put new records behind the damage, where recovery never
            // reads them: start a new log instead (C++ LevelDB's default).
            reuse_logs: false,
            write_buffer_size: if access.bulk {
                BULK_WRITE_BUFFER
            } else {
                Options::default().write_buffer_size
            },
            ..base_options()
        };
        let db = engine_call(&path, Stage::Opening, || DB::open(&path, options.clone()))?
            .map_err(|status| StoreError::from_status(&path, "open store", status))?;
        Ok(Store {
            path,
            engine: Some(Engine {
                db: Some(db),
                options,
            }),
            view,
        })
    }

    /// The store's directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this handle may write.
    pub fn is_writable(&self) -> bool {
        self.engine.is_some()
    }

    /// The version reads see: the one opened with the store, or, after a
    /// write, the store as it is now on disk.
    pub fn version(&mut self) -> Result<Rc<Version>> {
        if let Some(v) = &self.view {
            return Ok(v.clone());
        }
        let v = Rc::new(ldb::open_version(&self.path)?);
        self.view = Some(v.clone());
        Ok(v)
    }

    /// The state reads see, to open as a second read view on another
    /// thread ([`StoreTwin::open`]): same files, same log writes, same
    /// sequence, whatever the store's owner does meanwhile.
    pub fn twin(&mut self) -> Result<StoreTwin> {
        Ok(StoreTwin {
            path: self.path.clone(),
            version: self.version()?.twin()?,
        })
    }

    /// Reads one key; a file that cannot be read is an error, never "not found".
    pub fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.version()?.get(key)?)
    }

    /// Live `(key, value)` pairs of `[lower, upper)` from one consistent
    /// version, in either direction.
    pub fn iter(
        &mut self,
        lower: Vec<u8>,
        upper: Option<Vec<u8>>,
        reverse: bool,
    ) -> Result<DbIter> {
        let version = self.version()?;
        Ok(DbIter::new(
            version.internal_iter_within(&lower, upper.as_deref())?,
            self.path.clone(),
            version.sequence(),
            lower,
            upper,
            reverse,
        ))
    }

    fn engine(&mut self) -> Result<&mut Engine> {
        self.view = None;
        self.engine
            .as_mut()
            .ok_or_else(|| StoreError::bad_input("store was opened read-only"))
    }

    /// Runs `call` on the engine; when the engine was stopped at a damaged
    /// table it is dropped (a later call fails as on a read-only store).
    fn with_engine<T>(
        &mut self,
        stage: Stage,
        call: impl FnOnce(&mut DB) -> rusty_leveldb::Result<T>,
    ) -> Result<rusty_leveldb::Result<T>> {
        let path = self.path.clone();
        let engine = self.engine()?;
        let outcome = engine_call(&path, stage, || {
            let db = match &mut engine.db {
                Some(db) => db,
                None => engine.db.insert(DB::open(&path, engine.options.clone())?),
            };
            call(db)
        });
        if outcome.is_err() {
            self.engine = None;
        }
        outcome
    }

    /// Writes `entries` (user keys strictly increasing; `None` deletes) as
    /// one atomic write that bypasses the engine's log and memtable: a table
    /// of their own and a new manifest (see [`super::ingest`]). For writes
    /// larger than the memtable, which the engine would hold several times.
    pub fn ingest(&mut self, entries: &[IngestEntry<'_>]) -> Result<Ingested> {
        let path = self.path.clone();
        if ingest::log_holds_any(&*self.version()?, entries) {
            self.flush_memtable()?;
        }
        // The engine must not write a manifest of its own from now on: it
        // is closed, under the lock, and reopened by the next engine call.
        let engine = self.engine()?;
        if let Some(mut db) = engine.db.take() {
            engine_call(&path, Stage::Writing, || db.close())?
                .map_err(|s| StoreError::from_status(&path, "close", s))?;
        }
        let version = ldb::open_version(&path)?;
        ingest::ingest(&version, entries)
    }

    /// Applies a batch as one atomic LevelDB write and flushes the log.
    pub fn write(&mut self, batch: WriteBatch) -> Result<()> {
        let path = self.path.clone();
        self.with_engine(Stage::Writing, |db| {
            db.write(batch, true).and_then(|_| db.flush())
        })?
        .map_err(|s| StoreError::from_status(&path, "write", s))
    }

    /// Compacts the key range `[from, to]`.
    pub fn compact_range(&mut self, from: &[u8], to: &[u8]) -> Result<()> {
        let path = self.path.clone();
        self.with_engine(Stage::Compacting, |db| db.compact_range(from, to))?
            .map_err(|s| StoreError::from_status(&path, "compact", s))
    }

    /// Flushes and releases the store. When the log has grown past
    /// [`LOG_FLUSH_THRESHOLD`], the memtable is first written out as a table;
    /// then, while the store still needs a compaction (rusty-leveldb runs at
    /// most one per write), it is reopened under the same lock so that the
    /// engine runs the next one. A settled store opens for reading without
    /// reading a large log.
    pub fn close(mut self) -> Result<()> {
        let Some(_) = self.engine.as_ref() else {
            return Ok(());
        };
        if self.log_bytes() > LOG_FLUSH_THRESHOLD {
            self.flush_memtable()?;
        }
        let Engine { db, options } = self.engine.take().expect("writable");
        let path = self.path.clone();
        if let Some(mut db) = db {
            engine_call(&path, Stage::Compacting, || db.close())?
                .map_err(|s| StoreError::from_status(&path, "close", s))?;
        }
        for _ in 0..MAX_SETTLING_COMPACTIONS {
            if !needs_compaction(&path) {
                break;
            }
            // Opening runs one compaction when one is needed.
            let mut db = engine_call(&path, Stage::Compacting, || {
                DB::open(&path, options.clone())
            })?
            .map_err(|s| StoreError::from_status(&path, "compact", s))?;
            engine_call(&path, Stage::Compacting, || db.close())?
                .map_err(|s| StoreError::from_status(&path, "close", s))?;
        }
        Ok(())
    }

    /// Writes the memtable out as a level-0 table (and starts a new log).
    pub fn flush_memtable(&mut self) -> Result<()> {
        // Compacting a range beyond every key compacts only the memtable.
        let beyond = [0xFFu8; 16];
        self.compact_range(&beyond, &beyond)
    }

    /// Size of the newest log file.
    fn log_bytes(&self) -> u64 {
        std::fs::read_dir(&self.path)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
            .max_by_key(|e| e.file_name())
            .and_then(|e| e.metadata().ok())
            .map_or(0, |m| m.len())
    }
}

#[cfg(test)]
impl Store {
    /// A new, writable store in the empty or missing directory `dir` (tests).
    pub fn create_in(dir: &Path) -> Store {
        let access = WriteAccess {
            create: true,
            ..WriteAccess::default()
        };
        Store::open_write(dir, access).expect("create a store")
    }
}

/// What the engine was doing when it stopped at a damaged table: the
/// error says which writes are in the store.
#[derive(Debug, Clone, Copy)]
enum Stage {
    /// Opening the store, before any write.
    Opening,
    /// Making room for a write, before it reaches the log.
    Writing,
    /// Flushing or compacting, after the writes it follows reached the log.
    Compacting,
}

impl Stage {
    fn writes(self) -> &'static str {
        match self {
            Stage::Opening => "Nothing was written",
            Stage::Writing => {
                "Each write is atomic: those made before the stop are in the store, the one under way is not"
            }
            Stage::Compacting => {
                "Every write made before the stop is in the store (in its log); the stop came while the engine compacted"
            }
        }
    }
}

/// Runs a call into the engine, turning a [`DamagedTable`] stop (see
/// [`super::env`]) into an error that names the table and says which
/// writes are in; any other panic goes on.
fn engine_call<T>(path: &Path, stage: Stage, call: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).or_else(|payload| {
        match payload.downcast::<DamagedTable>() {
            Ok(damaged) => Err(StoreError::Corruption {
                path: path.to_path_buf(),
                message: format!(
                    "{}; storectl stopped the storage engine before it read this table, because rusty-leveldb would have compacted the damaged entries away without a word. {}. Run `storectl verify` for a full report and `storectl salvage` to recover what is readable",
                    damaged.0,
                    stage.writes()
                ),
            }),
            Err(other) => std::panic::resume_unwind(other),
        }
    })
}

/// Whether the store's manifest says the engine would compact on open.
fn needs_compaction(dir: &Path) -> bool {
    let Ok(name) = ldb::manifest::read_current(dir) else {
        return false;
    };
    let path = dir.join(name);
    std::fs::read(&path)
        .ok()
        .and_then(|data| ldb::Manifest::replay(&path, &data).ok())
        .is_some_and(|m| m.needs_compaction())
}
