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
    build_alongside(
        dir,
        |_, _| {},
        |sink| {
            for entry in entries {
                let (key, value) = entry?;
                sink.entry(&key, Cow::Owned(value))?;
            }
            Ok(())
        },
    )
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
        if !self.ikey.is_empty() && user_key(&self.ikey) >= key {
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

    /// Copies `table` whole as the store's next table file (its keys must
    /// come after every key added so far). The copy is synced by
    /// [`StoreBuilder::finish`].
    pub fn copy_table(&mut self, table: &WholeTable) -> Result<()> {
        if !self.ikey.is_empty() && user_key(&self.ikey) >= user_key(&table.smallest) {
            return Err(StoreError::bad_input(
                "bulk build: keys are not in strictly increasing order",
            ));
        }
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
    /// Copy this table whole.
    Table(WholeTable),
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

/// Where a feed of [`build_alongside`] puts the new store's entries.
pub trait EntrySink {
    /// The next entry (keys strictly increasing).
    fn entry(&mut self, key: &[u8], value: Cow<'_, [u8]>) -> Result<()>;
    /// The next keys are those of `table`, copied whole: no other file
    /// holds a key in its range, so reading it gives exactly the newest
    /// versions it holds.
    fn whole_table(&mut self, table: &WholeTable) -> Result<()>;
}

/// [`build_alongside`]'s side of the hand-over.
struct Handing {
    tx: std::sync::mpsc::SyncSender<Handover>,
    chunk: Vec<u8>,
    /// The builder stopped taking hand-overs (its error says why).
    failed: bool,
}

impl Handing {
    fn send(&mut self, handover: Handover) -> Result<()> {
        let sent = self.tx.send(handover).is_ok();
        self.failed |= !sent;
        sent.then_some(())
            .ok_or_else(|| StoreError::Inconsistent("the store builder stopped".into()))
    }

    /// Hands over the entries gathered so far.
    fn flush(&mut self) -> Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(HANDOVER_BYTES + 64));
        self.send(Handover::Entries(full))
    }
}

impl EntrySink for Handing {
    fn entry(&mut self, key: &[u8], value: Cow<'_, [u8]>) -> Result<()> {
        match value {
            Cow::Owned(value) if value.len() >= HANDOVER_BYTES => {
                // The entries before it first, in order.
                self.flush()?;
                self.send(Handover::Entry(key.to_vec(), value))
            }
            value => {
                ContentDigest::encode_entry(&mut self.chunk, key, &value);
                if self.chunk.len() >= HANDOVER_BYTES {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    fn whole_table(&mut self, table: &WholeTable) -> Result<()> {
        self.flush()?;
        self.send(Handover::Table(table.clone()))
    }
}

/// Builds a new store in `dir` (as [`StoreBuilder`]) on a second thread
/// while `feed` produces its entries in key order on this one, into the
/// [`EntrySink`] it is given; `inspect` sees every entry added (not those
/// of whole tables) on the building thread (salvage runs the model's checks
/// there). Entries are handed
/// over in chunks through a queue of two, so memory stays bounded; a
/// value of [`HANDOVER_BYTES`] or more that the feed owns is moved over
/// whole instead of copied into a chunk. When `feed` fails, the store is
/// left unfinished (the caller discards `dir`); when the builder fails,
/// its error is returned.
pub fn build_alongside<T>(
    dir: &Path,
    mut inspect: impl FnMut(&[u8], &[u8]) + Send,
    feed: impl FnOnce(&mut dyn EntrySink) -> Result<T>,
) -> Result<(T, BulkBuild)> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Handover>(8);
    std::thread::scope(|scope| {
        let builder = scope.spawn(move || -> Result<BulkBuild> {
            let mut builder = StoreBuilder::new(dir);
            let mut put = |builder: &mut StoreBuilder, key: &[u8], value: &[u8]| {
                inspect(key, value);
                builder.add(key, value)
            };
            for handover in rx {
                let chunk = match handover {
                    Handover::Entries(chunk) => chunk,
                    Handover::Entry(key, value) => {
                        put(&mut builder, &key, &value)?;
                        continue;
                    }
                    Handover::Table(table) => {
                        builder.copy_table(&table)?;
                        continue;
                    }
                    Handover::Done => return builder.finish(),
                };
                let mut p = 0;
                while p < chunk.len() {
                    let key = take_part(&chunk, &mut p);
                    let value = take_part(&chunk, &mut p);
                    put(&mut builder, key, value)?;
                }
            }
            Err(StoreError::Inconsistent(
                "the store being built was abandoned".into(),
            ))
        });
        let mut handing = Handing {
            tx,
            chunk: Vec::with_capacity(HANDOVER_BYTES + 64),
            failed: false,
        };
        let fed = feed(&mut handing);
        if fed.is_ok() {
            let done = handing.flush().and_then(|()| handing.send(Handover::Done));
            handing.failed |= done.is_err();
        }
        let handover_failed = handing.failed;
        drop(handing);
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

    #[test]
    fn a_store_built_alongside_holds_every_entry_and_reports_the_right_error() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'x'; 3 * HANDOVER_BYTES];
        let keys: Vec<Vec<u8>> = (0..50_000u32)
            .map(|i| format!("k{i:06}").into_bytes())
            .collect();
        let (fed, built) = build_alongside(
            dir.path(),
            |_, _| {},
            |sink| {
                for (i, key) in keys.iter().enumerate() {
                    let value: Cow<[u8]> = match i {
                        777 => Cow::Borrowed(&big),
                        778 => Cow::Owned(big.clone()),
                        _ => Cow::Borrowed(key),
                    };
                    sink.entry(key, value)?;
                }
                Ok(keys.len())
            },
        )
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
        let failed = build_alongside(
            dir.path(),
            |_, _| {},
            |sink| {
                sink.entry(b"a", Cow::Borrowed(b"1"))?;
                Err::<(), _>(StoreError::bad_input("stopped by the feed"))
            },
        );
        assert!(
            matches!(failed, Err(StoreError::BadInput(m)) if m.contains("stopped by the feed"))
        );
        assert!(!dir.path().join("CURRENT").exists());
        // The builder's error explains a hand-over that failed.
        let dir = tempfile::tempdir().unwrap();
        let failed = build_alongside(
            dir.path(),
            |_, _| {},
            |sink| {
                for i in (0..200_000u32).rev() {
                    sink.entry(format!("k{i:06}").as_bytes(), Cow::Borrowed(&[0u8; 64]))?;
                }
                Ok(())
            },
        );
        assert!(
            matches!(&failed, Err(StoreError::BadInput(m)) if m.contains("not in strictly increasing order")),
            "{failed:?}"
        );
    }
}
