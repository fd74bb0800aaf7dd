//! Opening a store: a private read view for reading commands, a locked disk
//! handle for writing commands.

use super::env::{LockingDiskEnv, OpenConsistency, ReadOverlayEnv};
use crate::error::{Result, StoreError};
use rusty_leveldb::compressor::SnappyCompressor;
use rusty_leveldb::infolog::Logger;
use rusty_leveldb::{CompressorId, DBIterator, Options, StatusCode, WriteBatch, DB};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How often opening a read view is tried when a live owner's compaction
/// changes the store while the view opens.
const READ_OPEN_ATTEMPTS: usize = 40;

/// Compactions a writer runs at most when it closes, to leave the store
/// without pending compactions.
const MAX_SETTLING_COMPACTIONS: usize = 16;

/// Log size past which closing a writable store writes the memtable out.
pub const LOG_FLUSH_THRESHOLD: u64 = 256 * 1024;

/// How a writing command may open a store.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteAccess {
    /// Create the store when the directory has none.
    pub create: bool,
    /// How long to wait for another process to release the LOCK.
    pub lock_wait: Duration,
    /// A bulk load (import): a larger write buffer, so far fewer memtable
    /// flushes and compactions.
    pub bulk: bool,
}

/// The write buffer of bulk loads.
const BULK_WRITE_BUFFER: usize = 40 << 20;

/// An open LevelDB store, either a read view or a locked writable handle.
pub struct Store {
    db: DB,
    path: PathBuf,
    writable: bool,
    /// The options a writable store was opened with (their environment
    /// holds the lock), to reopen it under the same lock.
    write_options: Option<Options>,
}

fn base_options() -> Options {
    Options {
        compressor: SnappyCompressor::ID,
        create_if_missing: false,
        paranoid_checks: true,
        ..Options::default()
    }
}

/// The engine's info log for a read view: discarded, or on stderr when
/// `STORECTL_ENGINE_LOG` is set (for diagnosing a store).
fn engine_logger() -> Logger {
    if std::env::var_os("STORECTL_ENGINE_LOG").is_some() {
        Logger(Box::new(std::io::stderr()))
    } else {
        Logger(Box::new(std::io::sink()))
    }
}

/// Fails unless `path` is a directory holding a LevelDB `CURRENT` file.
fn require_store(path: &Path) -> Result<()> {
    let reason = if !path.exists() {
        "directory does not exist"
    } else if !path.is_dir() {
        "not a directory"
    } else if !path.join("CURRENT").is_file() {
        "no CURRENT file (not a LevelDB directory)"
    } else {
        return Ok(());
    };
    Err(StoreError::NoStore {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    })
}

fn is_vanished_file(status: &rusty_leveldb::Status) -> bool {
    status.code == StatusCode::NotFound
        || (status.code == StatusCode::Corruption && status.err.contains("missing live files"))
}

impl Store {
    /// Opens a private read view: nothing in the directory is written or
    /// locked, and it works while another process holds the store.
    pub fn open_read(path: &Path) -> Result<Store> {
        require_store(path)?;
        let path = path.canonicalize().map_err(|e| StoreError::Io {
            context: format!("resolve {}", path.display()),
            message: e.to_string(),
        })?;
        let mut last = None;
        for attempt in 0..READ_OPEN_ATTEMPTS {
            let consistency = Rc::new(OpenConsistency::default());
            let opts = Options {
                env: Rc::new(Box::new(ReadOverlayEnv::new(consistency.clone()))),
                log: Some(Rc::new(RefCell::new(engine_logger()))),
                ..base_options()
            };
            let retry = match DB::open(&path, opts) {
                Ok(db) if consistency.stable() != Some(false) => {
                    return Ok(Store {
                        db,
                        path,
                        writable: false,
                        write_options: None,
                    })
                }
                Ok(_) => rusty_leveldb::Status::new(
                    StatusCode::Corruption,
                    "the store kept changing while the read view opened (a live owner is writing fast)",
                ),
                Err(status) if is_vanished_file(&status) => status,
                Err(status) => return Err(StoreError::from_status(&path, "open store", status)),
            };
            last = Some(retry);
            std::thread::sleep(Duration::from_millis(5 * (attempt as u64 + 1).min(10)));
        }
        let status = last.expect("loop ran at least once");
        Err(StoreError::from_status(&path, "open store", status))
    }

    /// Opens the store for writing, taking its LOCK (waiting up to
    /// `access.lock_wait`). Creates it only when `access.create` is set.
    pub fn open_write(path: &Path, access: WriteAccess) -> Result<Store> {
        if access.create {
            std::fs::create_dir_all(path).map_err(|e| StoreError::Io {
                context: format!("create store directory {}", path.display()),
                message: e.to_string(),
            })?;
        } else {
            require_store(path)?;
        }
        let path = path.canonicalize().map_err(|e| StoreError::Io {
            context: format!("resolve {}", path.display()),
            message: e.to_string(),
        })?;
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
        let opts = Options {
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
        let db = DB::open(&path, opts.clone())
            .map_err(|status| StoreError::from_status(&path, "open store", status))?;
        Ok(Store {
            db,
            path,
            writable: true,
            write_options: Some(opts),
        })
    }

    /// The store's directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this handle may write.
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// Reads one key, surfacing engine errors instead of hiding them as
    /// "not found" (which `DB::get` would do).
    pub fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let snapshot = self.db.get_snapshot();
        self.db
            .get_at(&snapshot, key)
            .map(|v| v.map(Vec::from))
            .map_err(|s| StoreError::from_status(&self.path, "read", s))
    }

    /// Applies a batch as one atomic LevelDB write and flushes the log.
    pub fn write(&mut self, batch: WriteBatch) -> Result<()> {
        if !self.writable {
            return Err(StoreError::bad_input("store was opened read-only"));
        }
        self.db
            .write(batch, true)
            .and_then(|_| self.db.flush())
            .map_err(|s| StoreError::from_status(&self.path, "write", s))
    }

    /// A forward/backward iterator over one consistent snapshot of the store.
    pub fn iter(&mut self) -> Result<DBIterator> {
        self.db
            .new_iter()
            .map_err(|s| StoreError::from_status(&self.path, "iterate", s))
    }

    /// Compacts the key range `[from, to]`.
    pub fn compact_range(&mut self, from: &[u8], to: &[u8]) -> Result<()> {
        self.db
            .compact_range(from, to)
            .map_err(|s| StoreError::from_status(&self.path, "compact", s))
    }

    /// Flushes and releases the store. When the log has grown past
    /// [`LOG_FLUSH_THRESHOLD`], the memtable is first written out as a table;
    /// then, while the store still needs a compaction (rusty-leveldb runs at
    /// most one per write), it is reopened under the same lock so that the
    /// engine runs the next one. A store left settled opens for reading in
    /// milliseconds instead of compacting in the read view's memory.
    pub fn close(mut self) -> Result<()> {
        let Some(options) = self.write_options.take() else {
            return Ok(());
        };
        if self.log_bytes() > LOG_FLUSH_THRESHOLD {
            self.flush_memtable()?;
        }
        let Store { mut db, path, .. } = self;
        db.close()
            .map_err(|s| StoreError::from_status(&path, "close", s))?;
        drop(db);
        for _ in 0..MAX_SETTLING_COMPACTIONS {
            let needed =
                super::integrity::live_files(&path).is_ok_and(|live| live.needs_compaction());
            if !needed {
                break;
            }
            // Opening runs one compaction when one is needed.
            let mut db = DB::open(&path, options.clone())
                .map_err(|s| StoreError::from_status(&path, "compact", s))?;
            db.close()
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
