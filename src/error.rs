//! Typed errors of the storage core.
//!
//! The core never decides exit codes or prints anything; the CLI maps each
//! variant to an exit code in one place (`cli::exit`).

use std::path::PathBuf;

/// Everything the storage core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No LevelDB store exists at the path (and none was to be created).
    #[error("no LevelDB store at {path}: {reason}")]
    NoStore {
        /// The directory that was asked for.
        path: PathBuf,
        /// Why it is not a store (missing directory, no CURRENT file, ...).
        reason: String,
    },
    /// Another process holds the store's LOCK file.
    #[error("store {path} is locked by another process (LOCK is held); stop it or use --lock-wait SECONDS")]
    Locked {
        /// The store directory.
        path: PathBuf,
    },
    /// Another storectl holds the backup repository's LOCK.
    #[error("backup repository {path} is in use by another storectl (its LOCK is held: a backup, delete or prune is running); wait for it or use --lock-wait SECONDS")]
    RepositoryBusy {
        /// The repository directory.
        path: PathBuf,
    },
    /// What was asked for does not exist.
    #[error("{what} not found")]
    NotFound {
        /// What was looked up, e.g. `key :foo` or `block at height 7`.
        what: String,
    },
    /// The store's own indexes contradict each other (e.g. a height index
    /// pointing at a missing block).
    #[error("inconsistent store: {0}")]
    Inconsistent(String),
    /// The engine found damaged data (checksum mismatch, truncated file, bad manifest).
    #[error("corruption in store {path}: {message}")]
    Corruption {
        /// The store directory.
        path: PathBuf,
        /// The engine's description, naming the file where it can.
        message: String,
    },
    /// A live file of the store could not be read: damage (bad checksum,
    /// truncation, undecodable block) or an I/O failure, naming the file.
    #[error("{}", unreadable_message(.0))]
    Unreadable(crate::store::ldb::ReadError),
    /// The store is damaged, so a write was refused before anything changed.
    #[error("refusing to write to {path}: {problem}; nothing was changed. Run `storectl verify` for a full report")]
    Damaged {
        /// The store directory.
        path: PathBuf,
        /// What the pre-write check could not read.
        problem: crate::store::ldb::ReadError,
    },
    /// Input given to the core was rejected before anything was written.
    #[error("{0}")]
    BadInput(String),
    /// An I/O or engine failure that is not one of the above.
    #[error("{context}: {message}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        message: String,
    },
}

/// Result type of the storage core.
pub type Result<T> = std::result::Result<T, StoreError>;

fn unreadable_message(e: &crate::store::ldb::ReadError) -> String {
    match e.kind {
        crate::store::ldb::ReadErrorKind::Corrupt => {
            format!("{e} (the store is damaged; `storectl verify` lists every problem)")
        }
        crate::store::ldb::ReadErrorKind::Io => e.to_string(),
    }
}

impl From<crate::store::ldb::ReadError> for StoreError {
    fn from(e: crate::store::ldb::ReadError) -> Self {
        StoreError::Unreadable(e)
    }
}

impl StoreError {
    /// Builds a [`StoreError::BadInput`] from anything displayable.
    pub fn bad_input(message: impl Into<String>) -> Self {
        StoreError::BadInput(message.into())
    }

    /// For `map_err`: an I/O error as [`StoreError::Io`], with what was
    /// being done.
    pub fn io(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
        move |e| StoreError::Io {
            context,
            message: e.to_string(),
        }
    }

    /// Converts an engine status into a typed error, with what was being done.
    pub fn from_status(
        path: &std::path::Path,
        context: &str,
        status: rusty_leveldb::Status,
    ) -> Self {
        use rusty_leveldb::StatusCode;
        match status.code {
            StatusCode::LockError => StoreError::Locked {
                path: path.to_path_buf(),
            },
            StatusCode::Corruption | StatusCode::CompressionError | StatusCode::InvalidData => {
                StoreError::Corruption {
                    path: path.to_path_buf(),
                    message: format!("{context}: {}", status.err),
                }
            }
            _ => StoreError::Io {
                context: format!("{context} ({})", path.display()),
                message: status.err,
            },
        }
    }
}
