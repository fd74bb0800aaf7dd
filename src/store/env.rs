//! Engine environments: a private read view and a disk environment whose lock
//! is honoured by C++ LevelDB as well as by other rusty-leveldb processes.

use rusty_leveldb::env::{Env, FileLock, Logger, RandomAccess};
use rusty_leveldb::{MemEnv, PosixDiskEnv, Status, StatusCode};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How many table and log files a read view keeps open from the moment it
/// lists the directory, so that a live owner's compaction cannot delete them under it.
const MAX_PINNED_FILES: usize = 768;

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

/// What a read view saw while the engine opened the store, to tell whether a
/// live owner changed the store between reading the manifest and listing
/// the directory (then the view may miss data and the open is retried).
#[derive(Debug, Default)]
pub struct OpenConsistency {
    manifest_bytes_read: Cell<u64>,
    stable: Cell<Option<bool>>,
}

impl OpenConsistency {
    /// `Some(true)` when the manifest was unchanged from the moment the
    /// engine finished reading it until the directory's files were pinned;
    /// `None` before the manifest was read to its end.
    pub fn stable(&self) -> Option<bool> {
        self.stable.get()
    }

    /// Records whether the manifest still is the current one and still has
    /// exactly the bytes the engine read. Deletions by a live owner always
    /// follow a manifest write, so when this holds right after pinning, every
    /// file the view's version needs was pinned.
    fn check_after_pin(&self, manifest: &Path) {
        if self.stable.get().is_some() {
            return;
        }
        let dir = manifest.parent().unwrap_or(Path::new("."));
        let current = std::fs::read_to_string(dir.join("CURRENT")).unwrap_or_default();
        let same_file = manifest.file_name().and_then(|n| n.to_str()) == Some(current.trim_end());
        let same_size = std::fs::metadata(manifest)
            .map(|m| m.len() == self.manifest_bytes_read.get())
            .unwrap_or(false);
        self.stable.set(Some(same_file && same_size));
    }
}

/// Open descriptors of table and log files, by path.
type PinnedFiles = HashMap<PathBuf, SharedFile>;

/// Opens (pins) every table and log file of `dir` not pinned yet, so that a
/// view can read them even after a live owner deletes them. Runs when the
/// engine first reads `CURRENT`, when it has read the manifest to its end,
/// and when it lists the directory.
fn pin_directory(pinned: &RefCell<PinnedFiles>, dir: &Path) -> rusty_leveldb::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_status("list", dir, e))?;
    let mut pinned = pinned.borrow_mut();
    for entry in entries.flatten() {
        let name = PathBuf::from(entry.file_name());
        let full = dir.join(&name);
        if !ReadOverlayEnv::is_pinnable(&name)
            || pinned.contains_key(&full)
            || pinned.len() >= MAX_PINNED_FILES
        {
            continue;
        }
        // A file that vanishes between listing and opening is skipped; if
        // the engine needs it, the open fails and is retried.
        if let Ok(f) = File::open(&full) {
            pinned.insert(full, SharedFile(Rc::new(f)));
        }
    }
    Ok(())
}

/// Reads the manifest, counting its bytes, and pins the directory's files
/// the moment the manifest has been read to its end.
struct ManifestReader {
    inner: File,
    path: PathBuf,
    consistency: Rc<OpenConsistency>,
    pinned: Rc<RefCell<PinnedFiles>>,
}

impl Read for ManifestReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &self.consistency.manifest_bytes_read;
        read.set(read.get() + n as u64);
        if n == 0 && !buf.is_empty() {
            let dir = self.path.parent().unwrap_or(Path::new("."));
            pin_directory(&self.pinned, dir).map_err(|e| std::io::Error::other(e.err))?;
            self.consistency.check_after_pin(&self.path);
        }
        Ok(n)
    }
}

/// Reads a pinned file from the start, sequentially.
struct PinnedReader {
    file: SharedFile,
    offset: usize,
}

impl Read for PinnedReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self
            .file
            .read_at(self.offset, buf)
            .map_err(|e| std::io::Error::other(e.err))?;
        self.offset += n;
        Ok(n)
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
    pinned: Rc<RefCell<PinnedFiles>>,
    consistency: Rc<OpenConsistency>,
}

impl ReadOverlayEnv {
    /// A view with nothing in memory yet, reporting what it saw to `consistency`.
    pub fn new(consistency: Rc<OpenConsistency>) -> Self {
        ReadOverlayEnv {
            memory: MemEnv::new(),
            hidden: RefCell::new(HashSet::new()),
            pinned: Rc::new(RefCell::new(PinnedFiles::new())),
            consistency,
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

    /// Tables and logs are pinned (opened) when the directory is listed.
    fn is_pinnable(p: &Path) -> bool {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("ldb") | Some("sst") | Some("log")
        )
    }

    fn is_manifest(p: &Path) -> bool {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("MANIFEST-"))
    }

    fn pin_directory(&self, dir: &Path) -> rusty_leveldb::Result<()> {
        pin_directory(&self.pinned, dir)
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
        if let Some(file) = self.pinned.borrow().get(p) {
            return Ok(Box::new(PinnedReader {
                file: file.clone(),
                offset: 0,
            }));
        }
        if p.file_name().is_some_and(|n| n == "CURRENT") {
            if let Some(dir) = p.parent() {
                self.pin_directory(dir)?;
            }
        }
        let f = File::open(p).map_err(|e| io_status("open", p, e))?;
        if Self::is_manifest(p) {
            self.consistency.manifest_bytes_read.set(0);
            return Ok(Box::new(ManifestReader {
                inner: f,
                path: p.to_path_buf(),
                consistency: self.consistency.clone(),
                pinned: self.pinned.clone(),
            }));
        }
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
        // The engine appends to the log or manifest it just recovered from
        // and never reads them back, so the appended bytes alone are kept
        // (in memory); the disk file is not copied.
        self.hidden.borrow_mut().insert(p.to_path_buf());
        self.memory.open_appendable_file(p)
    }

    fn exists(&self, p: &Path) -> rusty_leveldb::Result<bool> {
        Ok(self.in_memory(p) || self.on_disk(p))
    }

    fn children(&self, p: &Path) -> rusty_leveldb::Result<Vec<PathBuf>> {
        self.pin_directory(p)?;
        let mut names: HashSet<PathBuf> = HashSet::new();
        let entries = std::fs::read_dir(p).map_err(|e| io_status("list", p, e))?;
        for entry in entries.flatten() {
            names.insert(PathBuf::from(entry.file_name()));
        }
        // Files pinned earlier are still readable even if a live owner has
        // deleted them since.
        for full in self.pinned.borrow().keys() {
            if full.parent() == Some(p) {
                if let Some(name) = full.file_name() {
                    names.insert(PathBuf::from(name));
                }
            }
        }
        let hidden = self.hidden.borrow();
        names.retain(|name| !hidden.contains(&p.join(name)));
        drop(hidden);
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
