//! Durable files for the engine: what rusty-leveldb writes through
//! [`super::env::LockingDiskEnv`] reaches the disk before storectl reports
//! success, as C++ LevelDB's `WriteOptions::sync` does.
//!
//! - Every `flush` of a file the engine writes (the log after each write
//!   batch, a table when it is finished, the manifest after each edit) is
//!   followed by `fdatasync`; a file is also synced when it is closed (the
//!   temporary file `CURRENT` is renamed from).
//! - A new file's directory entry is synced with its first sync, and the
//!   directory is synced after every rename (so `CURRENT` switching to a new
//!   manifest survives a power loss).
//!
//! The engine writes a table and syncs it before the manifest edit that
//! names it, and the manifest before `CURRENT` names it, so after a power
//! loss every file the store's version needs is whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Syncs the directory `dir` (its entries: created and renamed files).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(test)]
    super::fault::on_op(super::fault::Op::SyncDir(dir.to_path_buf()))?;
    File::open(dir)?.sync_all()
}

/// Starts writing `file`'s dirty pages to the disk without waiting for
/// them (Linux `sync_file_range`), so that its later `sync_all` finds them
/// written or on their way: a copy of many files then overlaps each file's
/// writeback with the next copy instead of waiting file by file.
/// Advisory only: durability still comes from `sync_all`.
pub fn start_writeback(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: the descriptor is open for the duration of the borrow;
        // the call reads no memory of ours and its failure is harmless.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// The directory holding `path`.
pub fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A file the engine writes: buffered, and synced on every flush and on close.
pub struct SyncedFile {
    inner: Option<BufWriter<File>>,
    path: PathBuf,
    /// Whether the directory entry is known durable.
    entry_synced: bool,
    /// Whether bytes were written since the last sync.
    dirty: bool,
}

impl SyncedFile {
    /// Creates (or truncates) `path` for writing.
    pub fn create(path: &Path) -> std::io::Result<SyncedFile> {
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Create(path.to_path_buf()))?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(path)?;
        Ok(SyncedFile {
            inner: Some(BufWriter::with_capacity(64 * 1024, file)),
            path: path.to_path_buf(),
            entry_synced: false,
            dirty: true,
        })
    }

    /// Opens `path` for appending (creating it if missing).
    pub fn append(path: &Path) -> std::io::Result<SyncedFile> {
        let existed = path.exists();
        #[cfg(test)]
        if !existed {
            super::fault::on_op(super::fault::Op::Create(path.to_path_buf()))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(SyncedFile {
            inner: Some(BufWriter::with_capacity(64 * 1024, file)),
            path: path.to_path_buf(),
            entry_synced: existed,
            dirty: false,
        })
    }

    fn sync(&mut self) -> std::io::Result<()> {
        let Some(inner) = self.inner.as_mut() else {
            return Ok(());
        };
        if !self.dirty && self.entry_synced {
            return Ok(());
        }
        inner.flush()?;
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Sync(
            self.path.clone(),
            inner.get_ref().metadata()?.len(),
        ))?;
        inner.get_ref().sync_data()?;
        self.dirty = false;
        if !self.entry_synced {
            sync_dir(parent_of(&self.path))?;
            self.entry_synced = true;
        }
        Ok(())
    }
}

impl Write for SyncedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Write(self.path.clone()))?;
        self.dirty = true;
        match self.inner.as_mut() {
            Some(inner) => inner.write(buf),
            None => Err(std::io::Error::other("write after close")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.sync()
    }
}

impl Drop for SyncedFile {
    fn drop(&mut self) {
        // Errors cannot be returned from drop; the engine flushes (and so
        // syncs) every file whose contents matter before relying on it.
        let _ = self.sync();
        self.inner = None;
    }
}

/// Renames `old` to `new` and syncs the directory.
pub fn rename(old: &Path, new: &Path) -> std::io::Result<()> {
    #[cfg(test)]
    super::fault::on_op(super::fault::Op::Rename(
        old.to_path_buf(),
        new.to_path_buf(),
    ))?;
    std::fs::rename(old, new)?;
    sync_dir(parent_of(new))
}
