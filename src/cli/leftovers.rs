//! Files a killed storectl left behind (`kill -9`, a power cut): each
//! temporary name carries the PID of the process that made it, so a later
//! run can prove the maker is gone and remove it.

use std::path::{Path, PathBuf};

/// Whether a process with this PID exists (a process we may not signal
/// still exists).
pub fn pid_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks for existence and permission.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The PID in `name` when it is `prefix<PID>suffix…`.
fn pid_in(name: &str, prefix: &str, suffix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[digits.len()..].starts_with(suffix).then_some(())?;
    digits.parse().ok()
}

/// The PID in `name` when it is `…<marker><PID>-…` (a backup's partial
/// copy `000005.ldb.tmp-<PID>-<i>`).
fn pid_after(name: &str, marker: &str) -> Option<u32> {
    let at = name.rfind(marker)?;
    pid_in(&name[at..], marker, "-")
}

/// Removes entries of `dir` named `prefix<PID>suffix…` whose process is
/// gone (never one of a live process, never this one); returns them.
pub fn remove_stale(dir: &Path, prefix: &str, suffix: &str) -> Vec<PathBuf> {
    remove_stale_by(dir, |name| pid_in(name, prefix, suffix))
}

/// Removes entries of `dir` named `…<marker><PID>-…` whose process is gone.
pub fn remove_stale_marked(dir: &Path, marker: &str) -> Vec<PathBuf> {
    remove_stale_by(dir, |name| pid_after(name, marker))
}

/// Removes entries of `dir` whose name carries (`pid_of`) the PID of a
/// process that is gone; returns them.
fn remove_stale_by(dir: &Path, pid_of: impl Fn(&str) -> Option<u32>) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = pid_of(&name) else {
            continue;
        };
        if pid == std::process::id() || pid_alive(pid) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed.push(path);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_liveness() {
        assert_eq!(
            pid_in("dump.json.123.part", "dump.json.", ".part"),
            Some(123)
        );
        assert_eq!(pid_in("dump.json.123x.part", "dump.json.", ".part"), None);
        assert_eq!(pid_in("other.123.part", "dump.json.", ".part"), None);
        assert_eq!(pid_after("000005.ldb.tmp-4242-3", ".tmp-"), Some(4242));
        assert_eq!(pid_after("000005.ldb.tmp-4242", ".tmp-"), None);
        assert_eq!(pid_after("0f1bad70c7bd-16", ".tmp-"), None);
        assert!(pid_alive(std::process::id()));
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join(format!("x.{}.part", std::process::id()));
        let dead = dir.path().join("x.999999999.part");
        std::fs::write(&live, b"").unwrap();
        std::fs::write(&dead, b"").unwrap();
        assert_eq!(remove_stale(dir.path(), "x.", ".part"), vec![dead]);
        assert!(live.exists());
    }
}
