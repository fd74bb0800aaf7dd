//! Builds a new store directly from entries in key order: sorted tables of
//! at most 2 MiB (the engine's table size) written with
//! [`TableBuilder`], placed in one level that needs no compaction, and a
//! manifest naming them — what C++ LevelDB's `RepairDB` and RocksDB's
//! `IngestExternalFile` do, instead of pushing every entry through the
//! engine's log, memtable and compactions.
//!
//! The result is an ordinary store: C++ LevelDB and rusty-leveldb open it
//! and write to it (the first write starts a log and a new manifest).
//! Every file is synced before the function returns; the caller builds in
//! a temporary directory and renames it into place.

mod alongside;

pub use alongside::{build_alongside, EntrySink};

use super::durable::{start_writeback, sync_dir};
use super::ldb::format::{append_internal_key, user_key, TYPE_VALUE};
use super::ldb::manifest::{
    level_size_limit, table_path, FileMetaData, VersionEdit, BYTEWISE_COMPARATOR, NUM_LEVELS,
};
use super::ldb::{LogWriter, TableBuilder};
use crate::{Result, StoreError};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Size at which a table is cut (the engine's `max_file_size`).
pub const TABLE_BYTES: u64 = 2 << 20;
/// Copied tables kept open with their writeback started, then synced
/// together (as `checkpoint --copy` does), so a store of thousands of
/// tables does not hold thousands of files open.
const MAX_UNSYNCED_COPIES: usize = 64;
/// The manifest's file number; tables are numbered from the next one.
const MANIFEST_NUMBER: u64 = 1;

/// What [`build_store`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkBuild {
    /// Entries written.
    pub entries: u64,
    /// Table files written.
    pub tables: u64,
    /// Bytes of table files.
    pub bytes: u64,
    /// The level holding the tables (0 when there are none).
    pub level: usize,
}

/// The first level whose size limit (10 MiB × 10^(level-1), as both
/// engines compute it) holds `bytes` without scoring a compaction; the
/// last level has no limit.
pub fn level_for(bytes: u64) -> usize {
    (1..NUM_LEVELS - 1)
        .find(|level| bytes < level_size_limit(*level))
        .unwrap_or(NUM_LEVELS - 1)
}

/// A table being written.
struct OpenTable {
    number: u64,
    builder: TableBuilder<BufWriter<File>>,
    smallest: Vec<u8>,
    largest: Vec<u8>,
}

/// Builds a store in `dir` (an existing, empty directory) holding
/// `entries`, whose keys must be non-empty and strictly increasing (the
/// tables are written on a second thread, see [`build_alongside`]).
/// Nothing in `dir` is valid until this returns `Ok`; no file that exists
/// is ever overwritten (each is created new).
pub fn build_store(
    dir: &Path,
    entries: impl Iterator<Item = Result<(Vec<u8>, Vec<u8>)>>,
) -> Result<BulkBuild> {
    // The tables are built on a second thread while `entries` are produced.
    build_alongside(dir, |sink| {
        for entry in entries {
            let (key, value) = entry?;
            sink.entry(&key, Cow::Owned(value))?;
        }
        Ok(())
    })
    .map(|((), built)| built)
}

/// A table file to be copied whole into the new store, its entries
/// checked (see [`crate::store::integrity::EntryChecks`]) and known to be
/// the newest versions of their keys, no other file's key range
/// overlapping its own (salvage of an undamaged table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WholeTable {
    /// The file.
    pub path: PathBuf,
    /// Its size when it was checked.
    pub size: u64,
    /// Its device, inode and modification time (seconds, nanoseconds)
    /// when it was checked: the file copied must still be that file.
    pub identity: (u64, u64, i64, i64),
    /// Its first internal key.
    pub smallest: Vec<u8>,
    /// Its last internal key.
    pub largest: Vec<u8>,
    /// The greatest sequence number of its entries.
    pub max_sequence: u64,
    /// Its entries (versions).
    pub entries: u64,
    /// Its live keys: the newest version of each, when not a deletion.
    pub keys: u64,
}

/// A file's device, inode and modification time (see [`WholeTable`]).
pub fn file_identity(meta: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), meta.mtime(), meta.mtime_nsec())
}

/// Builds a store from entries pushed in strictly increasing key order
/// (what [`build_store`] does with an iterator), and whole tables copied
/// in their place in that order.
pub struct StoreBuilder {
    dir: std::path::PathBuf,
    files: Vec<FileMetaData>,
    table: Option<OpenTable>,
    next_number: u64,
    sequence: u64,
    /// The last internal key added, or the last of the table copied last.
    ikey: Vec<u8>,
    /// Size at which a table is cut.
    table_bytes: u64,
    /// Tables copied whole, to sync before the manifest names them.
    copied: Vec<(File, PathBuf)>,
    /// Entries of the tables copied whole.
    copied_entries: u64,
    /// The greatest sequence number in the tables copied whole.
    copied_sequence: u64,
}

impl StoreBuilder {
    /// A builder writing into `dir`, an existing empty directory.
    pub fn new(dir: &Path) -> StoreBuilder {
        StoreBuilder {
            dir: dir.to_path_buf(),
            files: Vec::new(),
            table: None,
            next_number: MANIFEST_NUMBER + 1,
            sequence: 0,
            ikey: Vec::new(),
            table_bytes: TABLE_BYTES,
            copied: Vec::new(),
            copied_entries: 0,
            copied_sequence: 0,
        }
    }

    /// Cuts tables at `bytes` instead of [`TABLE_BYTES`] (tests use small
    /// tables to get many of them).
    pub fn with_table_bytes(mut self, bytes: u64) -> StoreBuilder {
        self.table_bytes = bytes;
        self
    }

    /// Adds an entry; its key must be non-empty and greater than the last.
    pub fn add(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        if key.is_empty() {
            return Err(StoreError::bad_input(
                "the empty key cannot be stored (use a non-empty key)",
            ));
        }
        self.check_after(key)?;
        self.sequence += 1;
        self.ikey.clear();
        append_internal_key(&mut self.ikey, key, self.sequence, TYPE_VALUE);
        let open = match &mut self.table {
            Some(t) => t,
            None => {
                let number = self.next_number;
                self.next_number += 1;
                let path = table_path(&self.dir, number);
                let file = File::create_new(&path)
                    .map_err(StoreError::io(format!("create {}", path.display())))?;
                self.table.insert(OpenTable {
                    number,
                    builder: TableBuilder::new(BufWriter::with_capacity(256 << 10, file)),
                    smallest: self.ikey.clone(),
                    largest: Vec::new(),
                })
            }
        };
        // The error's context is formatted only on an error (this runs per entry).
        let number = open.number;
        open.builder
            .add(&self.ikey, value)
            .map_err(|e| StoreError::io(format!("write table {number:06}.ldb"))(e))?;
        if open.builder.size_estimate() >= self.table_bytes {
            self.close_table()?;
        }
        Ok(())
    }

    /// Copies `table` whole as the store's next table file (its keys must
    /// come after every key added so far). The copy is synced by
    /// [`StoreBuilder::finish`].
    pub fn copy_table(&mut self, table: &WholeTable) -> Result<()> {
        self.check_after(user_key(&table.smallest))?;
        self.close_table()?;
        let number = self.next_number;
        self.next_number += 1;
        let path = table_path(&self.dir, number);
        let copied = (|| -> std::io::Result<(File, u64, bool)> {
            let mut from = File::open(&table.path)?;
            let same = file_identity(&from.metadata()?) == table.identity;
            let mut to = File::create_new(&path)?;
            let n = std::io::copy(&mut from, &mut to)?;
            Ok((to, n, same))
        })();
        let (file, size, same) = copied.map_err(StoreError::io(format!(
            "copy {} to {}",
            table.path.display(),
            path.display()
        )))?;
        if size != table.size || !same {
            return Err(StoreError::Inconsistent(format!(
                "{} changed after it was read ({size} bytes now, {} then, or another file or \
                 modification time): did something change the store during the salvage?",
                table.path.display(),
                table.size
            )));
        }
        start_writeback(&file);
        self.copied.push((file, path));
        if self.copied.len() >= MAX_UNSYNCED_COPIES {
            self.sync_copies()?;
        }
        self.files.push(FileMetaData {
            number,
            size,
            smallest: table.smallest.clone(),
            largest: table.largest.clone(),
        });
        self.ikey.clone_from(&table.largest);
        self.copied_sequence = self.copied_sequence.max(table.max_sequence);
        self.copied_entries += table.keys;
        Ok(())
    }

    /// `key` comes after every key added or copied so far.
    fn check_after(&self, key: &[u8]) -> Result<()> {
        if !self.ikey.is_empty() && user_key(&self.ikey) >= key {
            return Err(StoreError::bad_input(
                "bulk build: keys are not in strictly increasing order",
            ));
        }
        Ok(())
    }

    /// Syncs the tables copied since the last call (and closes them).
    fn sync_copies(&mut self) -> Result<()> {
        for (file, path) in self.copied.drain(..) {
            file.sync_data()
                .map_err(StoreError::io(format!("sync {}", path.display())))?;
        }
        Ok(())
    }

    fn close_table(&mut self) -> Result<()> {
        if let Some(mut open) = self.table.take() {
            open.largest.clone_from(&self.ikey);
            self.files.push(finish_table(&self.dir, open)?);
        }
        Ok(())
    }

    /// Finishes the last table, writes the manifest and `CURRENT`, and
    /// syncs the directory.
    pub fn finish(mut self) -> Result<BulkBuild> {
        self.close_table()?;
        self.sync_copies()?;
        let dir = &self.dir;
        let files = &self.files;
        let bytes: u64 = files.iter().map(|f| f.size).sum();
        let level = if files.is_empty() {
            0
        } else {
            level_for(bytes)
        };
        let edit = VersionEdit {
            comparator: Some(BYTEWISE_COMPARATOR.to_string()),
            log_number: Some(0),
            prev_log_number: Some(0),
            next_file_number: Some(self.next_number),
            // Copied tables keep their sequence numbers: the next write
            // must come after every one of them.
            last_sequence: Some(self.sequence.max(self.copied_sequence)),
            added: files.iter().map(|f| (level as u64, f.clone())).collect(),
            ..VersionEdit::default()
        };
        let manifest_name = format!("MANIFEST-{MANIFEST_NUMBER:06}");
        let manifest_path = dir.join(&manifest_name);
        let file = File::create_new(&manifest_path).map_err(StoreError::io(format!(
            "create {}",
            manifest_path.display()
        )))?;
        let mut log = LogWriter::new(BufWriter::new(file));
        let written = log.add_record(&edit.encode()).and_then(|()| {
            let file = log.into_inner().into_inner().map_err(|e| e.into_error())?;
            file.sync_all()
        });
        written.map_err(StoreError::io(format!("write {}", manifest_path.display())))?;
        let current = dir.join("CURRENT");
        let write_current = || -> std::io::Result<()> {
            let mut file = File::create_new(&current)?;
            file.write_all(format!("{manifest_name}\n").as_bytes())?;
            file.sync_all()
        };
        write_current().map_err(StoreError::io(format!("write {}", current.display())))?;
        sync_dir(dir).map_err(StoreError::io(format!("sync {}", dir.display())))?;
        Ok(BulkBuild {
            entries: self.sequence + self.copied_entries,
            tables: files.len() as u64,
            bytes,
            level,
        })
    }
}

/// Finishes a table's file and syncs it.
fn finish_table(dir: &Path, open: OpenTable) -> Result<FileMetaData> {
    let path = table_path(dir, open.number);
    let finished = open.builder.finish().and_then(|(out, size)| {
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_data()?;
        Ok(size)
    });
    let size = finished.map_err(StoreError::io(format!("write {}", path.display())))?;
    Ok(FileMetaData {
        number: open.number,
        size,
        smallest: open.smallest,
        largest: open.largest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_hold_their_size_without_scoring_a_compaction() {
        assert_eq!(level_for(0), 1);
        assert_eq!(level_for(9 << 20), 1);
        assert_eq!(level_for(10 << 20), 2);
        assert_eq!(level_for(132 << 20), 3);
        assert_eq!(level_for(2 << 30), 4);
        assert_eq!(level_for(u64::MAX), NUM_LEVELS - 1);
    }

    /// A table changed after salvage checked it is not copied: an error
    /// names it (same size, rewritten in place).
    #[test]
    fn a_table_changed_after_it_was_checked_is_not_copied() {
        let src = tempfile::tempdir().unwrap();
        let path = src.path().join("000009.ldb");
        std::fs::write(&path, b"checked bytes").unwrap();
        let mut ikey = Vec::new();
        append_internal_key(&mut ikey, b"k", 1, TYPE_VALUE);
        let table = WholeTable {
            path: path.clone(),
            size: 13,
            identity: file_identity(&std::fs::metadata(&path).unwrap()),
            smallest: ikey.clone(),
            largest: ikey,
            max_sequence: 1,
            entries: 1,
            keys: 1,
        };
        let dir = tempfile::tempdir().unwrap();
        let mut builder = StoreBuilder::new(dir.path());
        builder.copy_table(&table).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"changed bytes").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let err = StoreBuilder::new(dir.path())
            .copy_table(&table)
            .unwrap_err();
        assert!(err.to_string().contains("000009.ldb changed"), "{err}");
    }

    #[test]
    fn out_of_order_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let entries = vec![
            Ok((b"b".to_vec(), b"1".to_vec())),
            Ok((b"a".to_vec(), b"2".to_vec())),
        ];
        let err = build_store(dir.path(), entries.into_iter()).unwrap_err();
        assert!(err.to_string().contains("increasing"), "{err}");
    }
}
