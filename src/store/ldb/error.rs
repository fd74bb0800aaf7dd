//! The file layer's error: what went wrong, in which file, where.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a failure is damage in a file or an operating-system error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The bytes are wrong: bad checksum, truncation, undecodable data.
    Corrupt,
    /// The file could not be opened or read (missing, permissions, out of
    /// file descriptors, I/O error).
    Io,
}

/// A failure to read one of a store's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Damage or I/O.
    pub kind: ReadErrorKind,
    /// The file.
    pub file: PathBuf,
    /// Byte offset in the file, where known.
    pub offset: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl ReadError {
    /// Damage in `file`.
    pub fn corrupt(file: &Path, offset: Option<u64>, message: impl Into<String>) -> Self {
        ReadError {
            kind: ReadErrorKind::Corrupt,
            file: file.to_path_buf(),
            offset,
            message: message.into(),
        }
    }

    /// An I/O failure on `file` while doing `what`.
    pub fn io(file: &Path, what: &str, e: &std::io::Error) -> Self {
        ReadError {
            kind: ReadErrorKind::Io,
            file: file.to_path_buf(),
            offset: None,
            message: format!("cannot {what}: {e}"),
        }
    }

    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        self.kind == ReadErrorKind::Io && self.message.contains("No such file")
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(offset) = self.offset {
            write!(f, " at offset {offset}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ReadError {}

/// Result of the file layer.
pub type ReadResult<T> = std::result::Result<T, ReadError>;
