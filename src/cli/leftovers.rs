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

/// Removes entries of `dir` named `prefix<PID>suffix…` whose process is
/// gone (never one of a live process, never this one); returns them.
pub fn remove_stale(dir: &Path, prefix: &str, suffix: &str) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = pid_in(&name, prefix, suffix) else {
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
