//! Engine environments: a private read view and a disk environment whose lock
//! is honoured by C++ LevelDB as well as by other rusty-leveldb processes.

use rusty_leveldb::env::{Env, FileLock, Logger, RandomAccess};
use rusty_leveldb::{MemEnv, PosixDiskEnv, Status, StatusCode};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How many table files a read view keeps open from the moment it lists the
/// directory, so that a live owner's compaction cannot delete them under it.
const MAX_PINNED_TABLES: usize = 768;

fn io_status(context: &str, path: &Path, e: std::io::Error) -> Status {
    let code = if e.kind() == std::io::ErrorKind::NotFound {
        StatusCode::NotFound
    } else {
        StatusCode::IOError
    };
    Status::new(code, &format!("{context} {}: {e}", path.display()))
}

/// A table file opened once and shared by every reader of the view.
#[derive(Clone)]
struct SharedFile(Rc<File>);

impl RandomAccess for SharedFile {
    fn read_at(&self, off: usize, dst: &mut [u8]) -> rusty_leveldb::Result<usize> {
        let mut done = 0;
        while done < dst.len() {
            match FileExt::read_at(self.0.as_ref(), &mut dst[done..], (off + done) as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Status::new(StatusCode::IOError, &e.to_string())),
            }
        }
        Ok(done)
    }
}

/// A copy-on-write view of a store directory.
///
/// Reads come from the files on disk; every file the engine creates or
/// appends to (log, manifest, CURRENT, LOG, tables written by log recovery)
/// lives in memory only, deletions and renames of disk files only hide them,
/// and no lock is taken. Opening a store through this environment therefore
/// leaves its directory byte-identical and works while another process holds
/// the LOCK.
pub struct ReadOverlayEnv {
    memory: MemEnv,
    hidden: RefCell<HashSet<PathBuf>>,
    pinned: RefCell<HashMap<PathBuf, SharedFile>>,
}

impl Default for ReadOverlayEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl ReadOverlayEnv {
    /// A view with nothing in memory yet.
    pub fn new() -> Self {
        ReadOverlayEnv {
            memory: MemEnv::new(),
            hidden: RefCell::new(HashSet::new()),
            pinned: RefCell::new(HashMap::new()),
        }
    }

    fn in_memory(&self, p: &Path) -> bool {
        self.memory.exists(p).unwrap_or(false)
    }

    fn on_disk(&self, p: &Path) -> bool {
        !self.hidden.borrow().contains(p) && p.exists()
    }

    /// Copies a disk file into memory so that it can be appended to or renamed.
    fn copy_up(&self, p: &Path) -> rusty_leveldb::Result<()> {
        if self.in_memory(p) || !self.on_disk(p) {
            return Ok(());
        }
        let content = std::fs::read(p).map_err(|e| io_status("read", p, e))?;
        let mut w = self.memory.open_writable_file(p)?;
        w.write_all(&content)?;
        self.hidden.borrow_mut().insert(p.to_path_buf());
        Ok(())
    }

    fn is_table(p: &Path) -> bool {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("ldb") | Some("sst")
        )
    }

    fn open_disk_table(&self, p: &Path) -> rusty_leveldb::Result<SharedFile> {
        if let Some(f) = self.pinned.borrow().get(p) {
            return Ok(f.clone());
        }
        let f = File::open(p).map_err(|e| io_status("open table", p, e))?;
        Ok(SharedFile(Rc::new(f)))
    }
}

impl Env for ReadOverlayEnv {
    fn open_sequential_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Read>> {
        if self.in_memory(p) {
            return self.memory.open_sequential_file(p);
        }
        if self.hidden.borrow().contains(p) {
            return Err(Status::new(StatusCode::NotFound, &p.display().to_string()));
        }
        let f = File::open(p).map_err(|e| io_status("open", p, e))?;
        Ok(Box::new(f))
    }

    fn open_random_access_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn RandomAccess>> {
        if self.in_memory(p) {
            return self.memory.open_random_access_file(p);
        }
        if self.hidden.borrow().contains(p) {
            return Err(Status::new(StatusCode::NotFound, &p.display().to_string()));
        }
        Ok(Box::new(self.open_disk_table(p)?))
    }

    fn open_writable_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Write>> {
        self.hidden.borrow_mut().insert(p.to_path_buf());
        self.memory.open_writable_file(p)
    }

    fn open_appendable_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Write>> {
        self.copy_up(p)?;
        self.hidden.borrow_mut().insert(p.to_path_buf());
        self.memory.open_appendable_file(p)
    }

    fn exists(&self, p: &Path) -> rusty_leveldb::Result<bool> {
        Ok(self.in_memory(p) || self.on_disk(p))
    }

    fn children(&self, p: &Path) -> rusty_leveldb::Result<Vec<PathBuf>> {
        let mut names: HashSet<PathBuf> = HashSet::new();
        let entries = std::fs::read_dir(p).map_err(|e| io_status("list", p, e))?;
        let mut pinned = self.pinned.borrow_mut();
        for entry in entries.flatten() {
            let name = PathBuf::from(entry.file_name());
            let full = p.join(&name);
            if self.hidden.borrow().contains(&full) {
                continue;
            }
            if Self::is_table(&name)
                && pinned.len() < MAX_PINNED_TABLES
                && !pinned.contains_key(&full)
            {
                // A table that vanishes between listing and opening is left
                // out; the engine then reports it missing and the caller retries.
                if let Ok(f) = File::open(&full) {
                    pinned.insert(full.clone(), SharedFile(Rc::new(f)));
                }
            }
            names.insert(name);
        }
        names.extend(self.memory.children(p)?);
        Ok(names.into_iter().collect())
    }

    fn size_of(&self, p: &Path) -> rusty_leveldb::Result<usize> {
        if self.in_memory(p) {
            return self.memory.size_of(p);
        }
        if let Some(f) = self.pinned.borrow().get(p) {
            let meta = f.0.metadata().map_err(|e| io_status("stat", p, e))?;
            return Ok(meta.len() as usize);
        }
        if self.hidden.borrow().contains(p) {
            return Err(Status::new(StatusCode::NotFound, &p.display().to_string()));
        }
        let meta = std::fs::metadata(p).map_err(|e| io_status("stat", p, e))?;
        Ok(meta.len() as usize)
    }

    fn delete(&self, p: &Path) -> rusty_leveldb::Result<()> {
        if self.in_memory(p) {
            self.memory.delete(p)?;
        }
        self.hidden.borrow_mut().insert(p.to_path_buf());
        Ok(())
    }

    fn mkdir(&self, _: &Path) -> rusty_leveldb::Result<()> {
        Ok(())
    }

    fn rmdir(&self, _: &Path) -> rusty_leveldb::Result<()> {
        Ok(())
    }

    fn rename(&self, old: &Path, new: &Path) -> rusty_leveldb::Result<()> {
        self.copy_up(old)?;
        self.hidden.borrow_mut().insert(old.to_path_buf());
        self.hidden.borrow_mut().insert(new.to_path_buf());
        self.memory.rename(old, new)
    }

    fn lock(&self, p: &Path) -> rusty_leveldb::Result<FileLock> {
        Ok(FileLock {
            id: p.display().to_string(),
        })
    }

    fn unlock(&self, _: FileLock) -> rusty_leveldb::Result<()> {
        Ok(())
    }

    fn new_logger(&self, _: &Path) -> rusty_leveldb::Result<Logger> {
        Ok(Logger::new(Box::new(std::io::sink())))
    }

    fn micros(&self) -> u64 {
        self.memory.micros()
    }

    fn sleep_for(&self, micros: u32) {
        self.memory.sleep_for(micros)
    }
}

/// The disk environment used for writing.
///
/// rusty-leveldb locks `LOCK` with `flock(2)`, C++ LevelDB with `fcntl(2)`
/// record locks; on Linux the two do not see each other. This environment
/// takes both, so that neither kind of running process can be written under.
pub struct LockingDiskEnv {
    disk: PosixDiskEnv,
    held: RefCell<HashMap<String, File>>,
}

impl Default for LockingDiskEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl LockingDiskEnv {
    /// A disk environment holding no locks yet.
    pub fn new() -> Self {
        LockingDiskEnv {
            disk: PosixDiskEnv::new(),
            held: RefCell::new(HashMap::new()),
        }
    }

    /// Takes the lock file `p` without waiting: `flock` and `fcntl` both.
    /// Fails with `StatusCode::LockError` when another process holds either.
    pub fn acquire(&self, p: &Path) -> rusty_leveldb::Result<()> {
        // Never truncate: C++ LevelDB leaves LOCK empty, and a reader must
        // not see the file change.
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(p)
            .map_err(|e| io_status("open lock file", p, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(lock_error()),
            Err(std::fs::TryLockError::Error(e)) => return Err(io_status("flock", p, e)),
        }
        if let Err(e) = fcntl_lock(&file) {
            return match e.raw_os_error() {
                Some(libc::EACCES) | Some(libc::EAGAIN) => Err(lock_error()),
                _ => Err(io_status("fcntl lock", p, e)),
            };
        }
        self.held.borrow_mut().insert(p.display().to_string(), file);
        Ok(())
    }
}

fn lock_error() -> Status {
    Status::new(
        StatusCode::LockError,
        "lock on database is already held by different process",
    )
}

/// Takes an exclusive `fcntl` write lock on the whole file, without waiting.
fn fcntl_lock(file: &File) -> std::io::Result<()> {
    // SAFETY: `flock` is a plain C struct, zero is a valid bit pattern, and the
    // descriptor is owned by `file` for the duration of the call.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_WRLCK as libc::c_short;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLK, &fl) };
    if rc == -1 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

impl Env for LockingDiskEnv {
    fn open_sequential_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Read>> {
        self.disk.open_sequential_file(p)
    }
    fn open_random_access_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn RandomAccess>> {
        self.disk.open_random_access_file(p)
    }
    fn open_writable_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Write>> {
        self.disk.open_writable_file(p)
    }
    fn open_appendable_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Write>> {
        self.disk.open_appendable_file(p)
    }
    fn exists(&self, p: &Path) -> rusty_leveldb::Result<bool> {
        self.disk.exists(p)
    }
    fn children(&self, p: &Path) -> rusty_leveldb::Result<Vec<PathBuf>> {
        self.disk.children(p)
    }
    fn size_of(&self, p: &Path) -> rusty_leveldb::Result<usize> {
        self.disk.size_of(p)
    }
    fn delete(&self, p: &Path) -> rusty_leveldb::Result<()> {
        self.disk.delete(p)
    }
    fn mkdir(&self, p: &Path) -> rusty_leveldb::Result<()> {
        self.disk.mkdir(p)
    }
    fn rmdir(&self, p: &Path) -> rusty_leveldb::Result<()> {
        self.disk.rmdir(p)
    }
    fn rename(&self, old: &Path, new: &Path) -> rusty_leveldb::Result<()> {
        self.disk.rename(old, new)
    }

    fn lock(&self, p: &Path) -> rusty_leveldb::Result<FileLock> {
        // Re-entrant: `Store::open_write` takes the lock before the engine
        // opens (so that a refused writer touches nothing, not even LOG).
        let id = p.display().to_string();
        if !self.held.borrow().contains_key(&id) {
            self.acquire(p)?;
        }
        Ok(FileLock { id })
    }

    fn unlock(&self, l: FileLock) -> rusty_leveldb::Result<()> {
        // Closing the descriptor releases both the flock and the fcntl lock.
        self.held.borrow_mut().remove(&l.id);
        Ok(())
    }

    fn new_logger(&self, p: &Path) -> rusty_leveldb::Result<Logger> {
        self.disk.new_logger(p)
    }
    fn micros(&self) -> u64 {
        self.disk.micros()
    }
    fn sleep_for(&self, micros: u32) {
        self.disk.sleep_for(micros)
    }
}
