//! On-disk usage of a store directory, by kind of file.

use std::path::Path;

/// Files and bytes of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileKind {
    /// Number of files.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
}

/// A store directory's files by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskUsage {
    /// `*.ldb` / `*.sst`.
    pub tables: FileKind,
    /// `*.log`.
    pub logs: FileKind,
    /// `MANIFEST-*`.
    pub manifests: FileKind,
    /// Everything else (`CURRENT`, `LOCK`, `LOG`, ...).
    pub other: FileKind,
}

impl DiskUsage {
    /// All files together.
    pub fn total(&self) -> FileKind {
        let kinds = [self.tables, self.logs, self.manifests, self.other];
        FileKind {
            files: kinds.iter().map(|k| k.files).sum(),
            bytes: kinds.iter().map(|k| k.bytes).sum(),
        }
    }
}

/// Measures the files of a store directory.
pub fn disk_usage(dir: &Path) -> std::io::Result<DiskUsage> {
    let mut usage = DiskUsage::default();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = if name.ends_with(".ldb") || name.ends_with(".sst") {
            &mut usage.tables
        } else if name.ends_with(".log") {
            &mut usage.logs
        } else if name.starts_with("MANIFEST-") {
            &mut usage.manifests
        } else {
            &mut usage.other
        };
        kind.files += 1;
        kind.bytes += meta.len();
    }
    Ok(usage)
}
