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

use super::digest::ContentDigest;
use super::durable::sync_dir;
use super::ldb::format::{append_internal_key, user_key, TYPE_VALUE};
use super::ldb::manifest::{
    level_size_limit, table_path, FileMetaData, VersionEdit, BYTEWISE_COMPARATOR, NUM_LEVELS,
};
use super::ldb::{LogWriter, TableBuilder};
use crate::{Result, StoreError};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Size at which a table is cut (the engine's `max_file_size`).
pub const TABLE_BYTES: u64 = 2 << 20;
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
    build_alongside(dir, |add| {
        for entry in entries {
            let (key, value) = entry?;
            add(&key, Cow::Owned(value))?;
        }
        Ok(())
    })
    .map(|((), built)| built)
}

/// Builds a store from entries pushed in strictly increasing key order
/// (what [`build_store`] does with an iterator).
pub struct StoreBuilder {
    dir: std::path::PathBuf,
    files: Vec<FileMetaData>,
    table: Option<OpenTable>,
    next_number: u64,
    sequence: u64,
    /// The last internal key added.
    ikey: Vec<u8>,
    /// Size at which a table is cut.
    table_bytes: u64,
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
        if self.sequence > 0 && user_key(&self.ikey) >= key {
            return Err(StoreError::bad_input(
                "bulk build: keys are not in strictly increasing order",
            ));
        }
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
            last_sequence: Some(self.sequence),
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
            entries: self.sequence,
            tables: files.len() as u64,
            bytes,
            level,
        })
    }
}

/// Entries are handed to [`build_alongside`]'s thread in chunks of about
/// this many bytes (a larger entry makes a chunk of its own).
const HANDOVER_BYTES: usize = 1 << 20;

/// What [`build_alongside`]'s thread is handed.
enum Handover {
    /// Entries laid out as [`ContentDigest::encode_entry`] lays them out
    /// (u64 length, key, u64 length, value).
    Entries(Vec<u8>),
    /// One entry whose large value the feed owned: moved, not copied.
    Entry(Vec<u8>, Vec<u8>),
    /// Every entry was handed over: finish the store.
    Done,
}

/// The next length-prefixed part of `chunk` from `p`.
fn take_part<'a>(chunk: &'a [u8], p: &mut usize) -> &'a [u8] {
    let len = u64::from_le_bytes(chunk[*p..*p + 8].try_into().expect("8 bytes")) as usize;
    let part = &chunk[*p + 8..*p + 8 + len];
    *p += 8 + len;
    part
}

/// Builds a new store in `dir` (as [`StoreBuilder`]) on a second thread
/// while `feed` produces its entries in key order on this one: `feed` is
/// given the function to call with each entry. Entries are handed over in
/// chunks through a queue of two, so memory stays bounded; a value of
/// [`HANDOVER_BYTES`] or more that the feed owns is moved over whole
/// instead of copied into a chunk. When `feed` fails, the store is left
/// unfinished (the caller discards `dir`); when the builder fails, its
/// error is returned.
pub fn build_alongside<T>(
    dir: &Path,
    feed: impl FnOnce(&mut dyn FnMut(&[u8], Cow<'_, [u8]>) -> Result<()>) -> Result<T>,
) -> Result<(T, BulkBuild)> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Handover>(2);
    std::thread::scope(|scope| {
        let builder = scope.spawn(move || -> Result<BulkBuild> {
            let mut builder = StoreBuilder::new(dir);
            for handover in rx {
                let chunk = match handover {
                    Handover::Entries(chunk) => chunk,
                    Handover::Entry(key, value) => {
                        builder.add(&key, &value)?;
                        continue;
                    }
                    Handover::Done => return builder.finish(),
                };
                let mut p = 0;
                while p < chunk.len() {
                    let key = take_part(&chunk, &mut p);
                    let value = take_part(&chunk, &mut p);
                    builder.add(key, value)?;
                }
            }
            Err(StoreError::Inconsistent(
                "the store being built was abandoned".into(),
            ))
        });
        let mut chunk: Vec<u8> = Vec::with_capacity(HANDOVER_BYTES + 64);
        let mut handover_failed = false;
        let fed = feed(&mut |key, value| {
            let mut send = |handover| {
                let sent = tx.send(handover).is_ok();
                handover_failed |= !sent;
                sent.then_some(())
                    .ok_or_else(|| StoreError::Inconsistent("the store builder stopped".into()))
            };
            match value {
                Cow::Owned(value) if value.len() >= HANDOVER_BYTES => {
                    // The entries before it first, in order.
                    if !chunk.is_empty() {
                        let full =
                            std::mem::replace(&mut chunk, Vec::with_capacity(HANDOVER_BYTES + 64));
                        send(Handover::Entries(full))?;
                    }
                    send(Handover::Entry(key.to_vec(), value))
                }
                value => {
                    ContentDigest::encode_entry(&mut chunk, key, &value);
                    if chunk.len() >= HANDOVER_BYTES {
                        let full =
                            std::mem::replace(&mut chunk, Vec::with_capacity(HANDOVER_BYTES + 64));
                        send(Handover::Entries(full))?;
                    }
                    Ok(())
                }
            }
        });
        if fed.is_ok() {
            let last = (!chunk.is_empty()).then(|| Handover::Entries(std::mem::take(&mut chunk)));
            handover_failed = last
                .into_iter()
                .chain([Handover::Done])
                .any(|h| tx.send(h).is_err());
        }
        drop(tx);
        let built = builder
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (fed, built) {
            (Ok(fed), Ok(built)) => Ok((fed, built)),
            // A failed hand-over is explained by the builder's error.
            (_, Err(e)) if handover_failed => Err(e),
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e),
        }
    })
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

    #[test]
    fn a_store_built_alongside_holds_every_entry_and_reports_the_right_error() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'x'; 3 * HANDOVER_BYTES];
        let keys: Vec<Vec<u8>> = (0..50_000u32)
            .map(|i| format!("k{i:06}").into_bytes())
            .collect();
        let (fed, built) = build_alongside(dir.path(), |add| {
            for (i, key) in keys.iter().enumerate() {
                let value: Cow<[u8]> = match i {
                    777 => Cow::Borrowed(&big),
                    778 => Cow::Owned(big.clone()),
                    _ => Cow::Borrowed(key),
                };
                add(key, value)?;
            }
            Ok(keys.len())
        })
        .unwrap();
        assert_eq!((fed, built.entries), (50_000, 50_000));
        let version = crate::store::ldb::open_version(dir.path()).unwrap();
        for key in [&b"k000777"[..], b"k000778"] {
            assert_eq!(version.get(key).unwrap().as_deref(), Some(&big[..]));
        }
        assert_eq!(
            version.get(b"k049999").unwrap().as_deref(),
            Some(&b"k049999"[..])
        );
        // The feed's own error is returned and the store is not finished.
        let dir = tempfile::tempdir().unwrap();
        let failed = build_alongside(dir.path(), |add| {
            add(b"a", Cow::Borrowed(b"1"))?;
            Err::<(), _>(StoreError::bad_input("stopped by the feed"))
        });
        assert!(
            matches!(failed, Err(StoreError::BadInput(m)) if m.contains("stopped by the feed"))
        );
        assert!(!dir.path().join("CURRENT").exists());
        // The builder's error explains a hand-over that failed.
        let dir = tempfile::tempdir().unwrap();
        let failed = build_alongside(dir.path(), |add| {
            for i in (0..200_000u32).rev() {
                add(format!("k{i:06}").as_bytes(), Cow::Borrowed(&[0u8; 64]))?;
            }
            Ok(())
        });
        assert!(
            matches!(&failed, Err(StoreError::BadInput(m)) if m.contains("not in strictly increasing order")),
            "{failed:?}"
        );
    }
}
