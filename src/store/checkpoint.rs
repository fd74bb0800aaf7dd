//! `checkpoint`: a consistent, openable copy of a store as it was at one
//! moment, taken without the lock while an owner keeps writing.
//!
//! The files of one consistent state are pinned exactly as a read view
//! pins them (`ldb::view::pin_files`); tables (immutable) are hard-linked
//! when possible and copied from the pinned descriptor otherwise; each live
//! log is copied up to its last whole record, and the manifest as it was
//! read; `CURRENT` names it. Everything is synced, then the directory is
//! renamed into place.

use super::durable;
use super::ldb::log::{read_records, LogEnd};
use super::ldb::view::pin_files;
use super::ldb::ReadError;
use crate::error::{Result, StoreError};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What a checkpoint did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckpointReport {
    /// Tables hard-linked.
    pub tables_linked: u64,
    /// Tables copied.
    pub tables_copied: u64,
    /// Bytes copied (tables copied, logs, manifest).
    pub bytes_copied: u64,
    /// Logs copied.
    pub logs: u64,
    /// The highest sequence number in the checkpoint's manifest.
    pub last_sequence: u64,
    /// The files of the checkpoint, by name.
    pub files: Vec<String>,
}

/// Writes `bytes` to `path` and syncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(StoreError::io(format!("create {}", path.display())))?;
    f.write_all(bytes)
        .map_err(StoreError::io(format!("write {}", path.display())))?;
    f.sync_all()
        .map_err(StoreError::io(format!("sync {}", path.display())))
}

/// Copies the first `len` bytes of the open `file` to `to`, and starts
/// its writeback; the caller syncs the returned copy.
fn copy_unsynced(file: &File, len: u64, to: &Path) -> Result<(u64, File)> {
    let mut reader = file
        .try_clone()
        .map_err(StoreError::io(format!("read {}", to.display())))?;
    std::io::Seek::seek(&mut reader, std::io::SeekFrom::Start(0))
        .map_err(StoreError::io("seek".into()))?;
    let mut out = File::create(to).map_err(StoreError::io(format!("create {}", to.display())))?;
    let n = std::io::copy(&mut reader.take(len), &mut out)
        .map_err(StoreError::io(format!("copy to {}", to.display())))?;
    durable::start_writeback(&out);
    Ok((n, out))
}

/// Copies kept open, unsynced, at most (bounding open descriptors).
const MAX_UNSYNCED: usize = 64;

/// Syncs and closes the copies.
fn sync_all(copies: &mut Vec<(File, PathBuf)>) -> Result<()> {
    for (out, target) in copies.drain(..) {
        out.sync_all()
            .map_err(StoreError::io(format!("sync {}", target.display())))?;
    }
    Ok(())
}

/// The length of the whole records at the start of a log or manifest.
fn whole_records_len(path: &Path, data: &[u8]) -> std::result::Result<usize, ReadError> {
    Ok(match read_records(path, data, |_, _| Ok(()))? {
        LogEnd::Clean => data.len(),
        LogEnd::TornTail(offset) => offset as usize,
    })
}

/// Writes a checkpoint of the store in `src` into the new directory `dest`
/// (built as `temp` and renamed); `copy` copies tables instead of linking.
pub fn checkpoint_into(src: &Path, temp: &Path, copy: bool) -> Result<CheckpointReport> {
    let pinned = pin_files(src)?;
    std::fs::create_dir_all(temp).map_err(StoreError::io(format!("create {}", temp.display())))?;
    let mut report = CheckpointReport {
        last_sequence: pinned.manifest.last_sequence,
        ..CheckpointReport::default()
    };
    // Copies are synced together once all are written (their writeback
    // started as each was), before the manifest and CURRENT are written.
    let mut copies: Vec<(File, PathBuf)> = Vec::new();
    for (_, meta, path, file) in &pinned.tables {
        let name = path.file_name().expect("a table file name").to_owned();
        let target = temp.join(&name);
        report.files.push(name.to_string_lossy().into_owned());
        let linked = !copy && std::fs::hard_link(path, &target).is_ok();
        if linked {
            report.tables_linked += 1;
            continue;
        }
        // Deleted by the owner since it was pinned, on another filesystem,
        // or --copy: copy from the pinned descriptor.
        let (n, out) = copy_unsynced(file, meta.size, &target)?;
        copies.push((out, target));
        report.bytes_copied += n;
        report.tables_copied += 1;
        if copies.len() >= MAX_UNSYNCED {
            sync_all(&mut copies)?;
        }
    }
    sync_all(&mut copies)?;
    for (_, path, file) in &pinned.logs {
        let mut data = Vec::new();
        let mut f: &File = file;
        f.read_to_end(&mut data)
            .map_err(StoreError::io(format!("read {}", path.display())))?;
        let len = whole_records_len(path, &data)?;
        let name = path.file_name().expect("a log file name");
        write_synced(&temp.join(name), &data[..len])?;
        report.files.push(name.to_string_lossy().into_owned());
        report.bytes_copied += len as u64;
        report.logs += 1;
    }
    let manifest_path = src.join(&pinned.manifest_name);
    let len = whole_records_len(&manifest_path, &pinned.manifest_bytes)?;
    write_synced(
        &temp.join(&pinned.manifest_name),
        &pinned.manifest_bytes[..len],
    )?;
    write_synced(
        &temp.join("CURRENT"),
        format!("{}\n", pinned.manifest_name).as_bytes(),
    )?;
    report.files.push(pinned.manifest_name.clone());
    report.files.push("CURRENT".into());
    report.bytes_copied += len as u64;
    durable::sync_dir(temp).map_err(StoreError::io(format!("sync {}", temp.display())))?;
    Ok(report)
}

/// The temporary sibling a new directory `dest` is built in.
pub fn temp_sibling(dest: &Path, what: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".into());
    durable::parent_of(dest).join(format!(".{name}.storectl-{what}-{}", std::process::id()))
}

/// Writes a checkpoint of `src` at the new path `dest`: refused when `dest`
/// exists; built under a temporary name and renamed when complete.
pub fn checkpoint(src: &Path, dest: &Path, copy: bool) -> Result<CheckpointReport> {
    if dest.exists() {
        return Err(StoreError::bad_input(format!(
            "{} exists: a checkpoint is written only to a new path (nothing was written)",
            dest.display()
        )));
    }
    let temp = temp_sibling(dest, "checkpoint");
    let result = checkpoint_into(src, &temp, copy).and_then(|report| {
        durable::rename(&temp, dest).map_err(StoreError::io(format!(
            "rename {} to {}",
            temp.display(),
            dest.display()
        )))?;
        Ok(report)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}
