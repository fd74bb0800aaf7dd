//! The repository's lock: `LOCK` in its root, taken with `flock(2)` —
//! exclusive by what removes files (`backup delete`, `prune`), shared by
//! what adds or reads them (`create`, `verify`, `restore`). Without it a
//! prune deleted the files a running backup had not yet recorded (every
//! overlap failed the backup; one landing between its renames and its
//! metadata would record files that are gone), and a verify or restore
//! could find files missing that a prune was removing. Creates running
//! together take distinct ids without it (`Repository::publish`). `list`
//! reads metadata files, each written whole, and takes no lock.

use crate::error::{Result, StoreError};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

/// How a command holds the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads metadata only (`list`): no lock.
    Metadata,
    /// Adds or reads content files (`create`, `verify`, `restore`): a
    /// shared lock.
    Shared,
    /// Removes files (`delete`, `prune`): exclusive.
    Exclusive,
}

/// A held repository lock, released when dropped (or when the process
/// ends, however it ends).
#[derive(Debug)]
pub struct RepositoryLock {
    _file: Option<File>,
}

/// Takes `root`'s lock for `access`, waiting up to `wait` for another
/// holder to finish. A shared lock on a repository whose `LOCK` cannot be
/// created (read-only media, an older repository without one) is skipped:
/// nothing can change such a repository under the reader either way.
pub(super) fn lock(root: &Path, access: Access, wait: Duration) -> Result<RepositoryLock> {
    if access == Access::Metadata {
        return Ok(RepositoryLock { _file: None });
    }
    let path = root.join("LOCK");
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => file,
        Err(_) if access == Access::Shared && !path.exists() => {
            return Ok(RepositoryLock { _file: None })
        }
        Err(e) => {
            return Err(StoreError::io(format!("open {}", path.display()))(e));
        }
    };
    let deadline = Instant::now() + wait;
    loop {
        let tried = match access {
            Access::Exclusive => file.try_lock(),
            _ => file.try_lock_shared(),
        };
        match tried {
            Ok(()) => return Ok(RepositoryLock { _file: Some(file) }),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::RepositoryBusy {
                    path: root.to_path_buf(),
                })
            }
            Err(TryLockError::Error(e)) => {
                return Err(StoreError::io(format!("lock {}", path.display()))(e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_exclude_everyone_and_readers_share() {
        let dir = tempfile::tempdir().unwrap();
        let now = Duration::ZERO;
        let writer = lock(dir.path(), Access::Exclusive, now).unwrap();
        for access in [Access::Exclusive, Access::Shared] {
            assert!(matches!(
                lock(dir.path(), access, now),
                Err(StoreError::RepositoryBusy { .. })
            ));
        }
        assert!(lock(dir.path(), Access::Metadata, now).is_ok());
        drop(writer);
        let a = lock(dir.path(), Access::Shared, now).unwrap();
        let b = lock(dir.path(), Access::Shared, now).unwrap();
        assert!(lock(dir.path(), Access::Exclusive, now).is_err());
        drop((a, b));
        // A writer waits for a reader to finish, within --lock-wait.
        let reader = lock(dir.path(), Access::Shared, now).unwrap();
        let released = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            drop(reader);
        });
        assert!(lock(dir.path(), Access::Exclusive, Duration::from_secs(5)).is_ok());
        released.join().unwrap();
    }
}
