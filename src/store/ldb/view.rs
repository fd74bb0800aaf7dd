//! Opening a consistent [`Version`] of a store directory without the
//! engine: no lock, no write, safe while another process owns the store.
//!
//! The logs and tables are opened first, then `CURRENT` and the manifest are
//! read and any live table not yet open is opened (pinned: a live owner may
//! delete files, but an open descriptor keeps them readable). An owner deletes a log only
//! after a manifest edit records its flush, and a table only after a
//! manifest edit drops it, so the pinned files hold one consistent state;
//! a live table that vanished before it was pinned makes the open retry.

use super::error::{ReadError, ReadErrorKind, ReadResult};
use super::manifest::{file_number, read_current, table_path, Manifest};
use super::memtable::LogContents;

use super::version::{LazyTable, LiveTable, Version};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

/// How often an open is tried while a live owner keeps changing the store.
const OPEN_ATTEMPTS: u64 = 100;

enum Attempt {
    /// The store changed under the open; try again.
    Retry(ReadError),
    /// A real failure.
    Fail(ReadError),
}

impl From<ReadError> for Attempt {
    fn from(e: ReadError) -> Self {
        Attempt::Fail(e)
    }
}

fn read_all(file: &File, path: &Path) -> ReadResult<Vec<u8>> {
    let mut data = Vec::new();
    let mut f: &File = file;
    f.read_to_end(&mut data)
        .map_err(|e| ReadError::io(path, "read", &e))?;
    Ok(data)
}

fn open_file(path: &Path) -> Result<File, std::io::Error> {
    File::open(path)
}

/// The files of one consistent state of a store, open.
pub struct Pinned {
    /// The manifest's file name.
    pub manifest_name: String,
    /// The manifest's bytes as read (its version is the state).
    pub manifest_bytes: Vec<u8>,
    /// The replayed manifest.
    pub manifest: Manifest,
    /// Every live table: (level, file, path, open file).
    pub tables: Vec<(usize, super::manifest::FileMetaData, PathBuf, File)>,
    /// Every live log, oldest first: (number, path, open file).
    pub logs: Vec<(u64, PathBuf, File)>,
}

/// Opens (pins) every file of one consistent state of the store in `dir`,
/// retrying while a live owner changes it.
pub fn pin_files(dir: &Path) -> ReadResult<Pinned> {
    let mut last = None;
    for attempt in 0..OPEN_ATTEMPTS {
        match try_pin(dir) {
            Ok(pinned) => return Ok(pinned),
            Err(Attempt::Fail(e)) => return Err(e),
            Err(Attempt::Retry(e)) => last = Some(e),
        }
        std::thread::sleep(Duration::from_millis(5 * (attempt + 1).min(10)));
    }
    let e = last.expect("at least one attempt");
    Err(ReadError {
        message: format!(
            "{} (the store kept changing while it was opened: a live owner is writing fast; try again)",
            e.message
        ),
        ..e
    })
}

/// Opens the live version of the store in `dir`; every failure to read a
/// live file is an error naming it.
pub fn open_version(dir: &Path) -> ReadResult<Version> {
    let pinned = pin_files(dir)?;
    build_version(dir, pinned)
}

fn try_pin(dir: &Path) -> Result<Pinned, Attempt> {
    // Logs first: a log the version read below needs can only have been
    // deleted after an edit that a newer manifest holds; logs created after
    // this listing hold only writes newer than every pinned one, so the
    // view is the store as of one moment.
    // Tables are pinned here too, before the manifest is read: under a
    // fast owner, a table the manifest lists may be compacted away between
    // reading the manifest and opening it, but not before this listing.
    let mut logs: Vec<(u64, PathBuf, File)> = Vec::new();
    let mut early_tables: std::collections::HashMap<u64, (PathBuf, File)> = Default::default();
    let entries = std::fs::read_dir(dir).map_err(|e| ReadError::io(dir, "list", &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| ReadError::io(dir, "list", &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let (number, is_log) = match (
            file_number(&name, &["log"]),
            file_number(&name, &["ldb", "sst"]),
        ) {
            (Some(n), _) => (n, true),
            (None, Some(n)) => (n, false),
            (None, None) => continue,
        };
        let path = entry.path();
        match open_file(&path) {
            Ok(f) if is_log => logs.push((number, path, f)),
            Ok(f) => {
                early_tables.insert(number, (path, f));
            }
            // Deleted since listing: compacted or flushed first.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(ReadError::io(&path, "open", &e).into()),
        }
    }
    let name = read_current(dir)?;
    let manifest_path = dir.join(&name);
    let manifest_file = match open_file(&manifest_path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // CURRENT may have moved to a new manifest since it was read.
            let err = ReadError::io(&manifest_path, "open the manifest CURRENT names", &e);
            return Err(
                if read_current(dir).ok().as_deref() != Some(name.as_str()) {
                    Attempt::Retry(err)
                } else {
                    Attempt::Fail(err)
                },
            );
        }
        Err(e) => return Err(ReadError::io(&manifest_path, "open", &e).into()),
    };
    let data = read_all(&manifest_file, &manifest_path)?;
    let manifest = Manifest::replay(&manifest_path, &data)?;
    logs.retain(|(n, _, _)| manifest.is_live_log(*n));
    logs.sort_by_key(|(n, _, _)| *n);

    // Pin every live table not pinned above. Tables never change, so once
    // open they are this version's whatever the owner does next.
    let mut tables: Vec<(usize, &super::manifest::FileMetaData, PathBuf, File)> = Vec::new();
    let mut missing: Vec<PathBuf> = Vec::new();
    for (level, meta) in manifest.tables() {
        if let Some((path, f)) = early_tables.remove(&meta.number) {
            tables.push((level, meta, path, f));
            continue;
        }
        let path = table_path(dir, meta.number);
        match open_file(&path) {
            Ok(f) => tables.push((level, meta, path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(path),
            Err(e) => return Err(ReadError::io(&path, "open", &e).into()),
        }
    }
    if let Some(path) = missing.first() {
        let err = ReadError {
            kind: ReadErrorKind::Io,
            file: path.clone(),
            offset: None,
            message: format!(
                "missing: {} lists this table (one of {} missing), but the file is gone",
                manifest.name,
                missing.len()
            ),
        };
        // A live owner's compaction deletes tables only after a manifest
        // write: a changed manifest means try again, an unchanged one damage.
        let unchanged = read_current(dir).ok().as_deref() == Some(name.as_str())
            && std::fs::metadata(&manifest_path).is_ok_and(|m| m.len() == data.len() as u64);
        return Err(if unchanged {
            Attempt::Fail(err)
        } else {
            Attempt::Retry(err)
        });
    }

    Ok(Pinned {
        manifest_name: name,
        manifest_bytes: data,
        tables: tables
            .into_iter()
            .map(|(level, meta, path, file)| (level, meta.clone(), path, file))
            .collect(),
        manifest,
        logs,
    })
}

fn build_version(dir: &Path, pinned: Pinned) -> ReadResult<Version> {
    let Pinned {
        manifest,
        tables,
        logs,
        ..
    } = pinned;
    let mut live = Vec::with_capacity(tables.len());
    for (level, meta, path, file) in tables {
        let actual = file
            .metadata()
            .map_err(|e| ReadError::io(&path, "stat", &e))?
            .len();
        if actual != meta.size {
            return Err(ReadError::corrupt(
                &path,
                None,
                format!(
                    "file is {actual} bytes but {} says {} ({})",
                    manifest.name,
                    meta.size,
                    if actual < meta.size {
                        "truncated"
                    } else {
                        "bytes added"
                    }
                ),
            ));
        }
        live.push(LiveTable {
            level,
            number: meta.number,
            smallest: meta.smallest.clone(),
            largest: meta.largest.clone(),
            table: Rc::new(LazyTable::new(path, file, meta.size)),
        });
    }
    let mut log_data = Vec::with_capacity(logs.len());
    for (_, path, file) in &logs {
        log_data.push((path.clone(), read_all(file, path)?));
    }
    let contents = if log_data.is_empty() {
        LogContents::default()
    } else {
        LogContents::read(&log_data)?
    };
    drop(log_data);
    let sequence = manifest.last_sequence.max(contents.max_sequence);
    let log_paths = logs.into_iter().map(|(_, p, _)| p).collect();
    Ok(Version::new(
        dir.to_path_buf(),
        manifest,
        live,
        contents.run,
        log_paths,
        sequence,
    ))
}
