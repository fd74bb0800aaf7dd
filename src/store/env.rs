//! The engine's environment for writing: the disk, with a lock that C++
//! LevelDB honours as well as other rusty-leveldb processes, files that
//! are synced (see [`super::durable`]), and no table handed to the engine
//! before every block of it has been checked (see [`DamagedTable`]).

use rusty_leveldb::env::{Env, FileLock, Logger, RandomAccess};
use rusty_leveldb::{PosixDiskEnv, Status, StatusCode};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

fn io_status(context: &str, path: &Path, e: std::io::Error) -> Status {
    let code = if e.kind() == std::io::ErrorKind::NotFound {
        StatusCode::NotFound
    } else {
        StatusCode::IOError
    };
    Status::new(code, &format!("{context} {}: {e}", path.display()))
}

/// Raised, as a panic payload, when the engine is about to open a table
/// that fails [`super::integrity::check_table`]. rusty-leveldb 4.0.2 skips
/// a table block whose checksum fails (and a compaction input it cannot
/// open) without an error, writes the compaction's output without those
/// entries and deletes the input: the damage would become permanent, and
/// invisible. No error it could return stops that, so the environment stops
/// the engine itself; [`super::open::Store`] catches this and reports it.
#[derive(Debug)]
pub struct DamagedTable(pub crate::store::ldb::ReadError);

/// The disk environment used for writing.
///
/// rusty-leveldb locks `LOCK` with `flock(2)`, C++ LevelDB with `fcntl(2)`
/// record locks; on Linux the two do not see each other. This environment
/// takes both, so that neither kind of running process can be written under.
pub struct LockingDiskEnv {
    disk: PosixDiskEnv,
    held: RefCell<HashMap<String, File>>,
    /// Tables whose every block has been checked (tables never change).
    checked: RefCell<HashSet<PathBuf>>,
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
            checked: RefCell::new(HashSet::new()),
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

/// Whether another process holds the `LOCK` of the store in `dir` (a
/// running node: C++ LevelDB's `fcntl` lock or rusty-leveldb's `flock`),
/// asked without creating, changing or keeping anything: `false` when
/// there is no `LOCK` file.
pub fn lock_held_elsewhere(dir: &Path) -> std::io::Result<bool> {
    let file = match File::open(dir.join("LOCK")) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // A shared `flock` is refused while another process holds it
    // exclusively; taken, it is let go at once.
    match file.try_lock_shared() {
        Ok(()) => file.unlock()?,
        Err(std::fs::TryLockError::WouldBlock) => return Ok(true),
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    // SAFETY: as in `fcntl_lock`; F_GETLK only fills in `fl`.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_WRLCK as libc::c_short;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut fl) };
    if rc == -1 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(fl.l_type != libc::F_UNLCK as libc::c_short)
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
        let is_table = p.extension().is_some_and(|e| e == "ldb" || e == "sst");
        if is_table && !self.checked.borrow().contains(p) {
            // A table that cannot even be opened (missing, say) too: the
            // engine would leave a compaction input it cannot open out.
            if let Err(problem) = super::integrity::check_table(p, None) {
                std::panic::panic_any(DamagedTable(problem));
            }
            self.checked.borrow_mut().insert(p.to_path_buf());
        }
        self.disk.open_random_access_file(p)
    }
    fn open_writable_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Write>> {
        // The engine's info log needs no durability.
        if p.file_name().is_some_and(|n| n == "LOG" || n == "LOG.old") {
            return self.disk.open_writable_file(p);
        }
        let f = super::durable::SyncedFile::create(p).map_err(|e| io_status("create", p, e))?;
        Ok(Box::new(f))
    }
    fn open_appendable_file(&self, p: &Path) -> rusty_leveldb::Result<Box<dyn Write>> {
        let f =
            super::durable::SyncedFile::append(p).map_err(|e| io_status("open (append)", p, e))?;
        Ok(Box::new(f))
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
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Delete(p.to_path_buf()))
            .map_err(|e| io_status("delete", p, e))?;
        self.disk.delete(p)
    }
    fn mkdir(&self, p: &Path) -> rusty_leveldb::Result<()> {
        self.disk.mkdir(p)
    }
    fn rmdir(&self, p: &Path) -> rusty_leveldb::Result<()> {
        self.disk.rmdir(p)
    }
    fn rename(&self, old: &Path, new: &Path) -> rusty_leveldb::Result<()> {
        super::durable::rename(old, new).map_err(|e| io_status("rename", old, e))
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

    fn unlock(&self, _: FileLock) -> rusty_leveldb::Result<()> {
        // The locks are released when this environment is dropped (closing
        // the descriptors releases flock and fcntl locks), so that a store
        // can be closed and reopened under one continuous lock.
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
