//! Checking every byte of a store's live files through the read path's
//! decoders (one implementation of each format, in [`super::ldb`]), so
//! that damage is reported with its file and offset.
//!
//! Tables: the footer, index, metaindex and filter blocks, then every data
//! block named by the index (checksum, decompression, entry decoding, key
//! order, the filter admitting each key, keys inside the manifest's range).
//! Logs and the manifest: every record's checksum and framing, every write
//! batch's encoding.

use super::ldb::block::for_each_entry;
use super::ldb::format::{
    compare_internal, compare_internal_after, parse_internal_key, user_key, BlockHandle,
};
use super::ldb::log::{read_records, LogEnd};
use super::ldb::manifest::{file_number, read_current, table_path, FileMetaData, Manifest};
use super::ldb::memtable::decode_batch;
use super::ldb::{ReadError, ReadResult, TableReader};
use std::path::{Path, PathBuf};

/// A problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// The file.
    pub file: PathBuf,
    /// What is wrong, with the offset where it can say.
    pub message: String,
}

impl From<ReadError> for FileProblem {
    fn from(e: ReadError) -> Self {
        let message = match e.offset {
            Some(offset) => format!("{} (offset {offset})", e.message),
            None => e.message,
        };
        FileProblem {
            file: e.file,
            message,
        }
    }
}

/// What a verification pass over a store directory looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCheck {
    /// Table, log and manifest files checked.
    pub files: u64,
    /// Blocks and records whose checksum was checked.
    pub items: u64,
    /// Problems found.
    pub problems: Vec<FileProblem>,
    /// Live tables left to another read ([`check_files_except`]), to be
    /// settled with [`FileCheck::settle`].
    pub deferred: Vec<DeferredTable>,
}

/// A live table [`check_files_except`] left to another read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferredTable {
    /// Where its problem goes among [`FileCheck::problems`].
    pub at: usize,
    /// The table.
    pub path: PathBuf,
    /// What the manifest says of it.
    pub meta: FileMetaData,
}

impl FileCheck {
    /// Settles the deferred tables: one that another read walked whole
    /// with the same checks (`walked`: table number → blocks, as
    /// [`check_table`] counts them) counts its blocks; any other is
    /// checked here, its problem put in its place in file order.
    pub fn settle(&mut self, walked: &std::collections::BTreeMap<u64, u64>) {
        // From the last: an insertion moves only the problems after it.
        for table in std::mem::take(&mut self.deferred).into_iter().rev() {
            match walked.get(&table.meta.number) {
                Some(blocks) => self.items += blocks,
                None => match check_table(&table.path, Some(&table.meta)) {
                    Ok(blocks) => self.items += blocks,
                    Err(_)
                        if table.path.parent().is_some_and(|dir| {
                            left_the_store(dir, &table.path, lists_table(table.meta.number))
                        }) => {}
                    Err(e) => self.problems.insert(table.at, e.into()),
                },
            }
        }
    }
}

/// Checks every block of the table at `path`; returns how many blocks
/// were checked. With `meta`, the table must match the manifest's size and
/// key range.
pub fn check_table(path: &Path, meta: Option<&FileMetaData>) -> ReadResult<u64> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::io(path, "open", &e))?;
    let size = file
        .metadata()
        .map_err(|e| ReadError::io(path, "stat", &e))?
        .len();
    if let Some(meta) = meta {
        manifest_size(path, size, meta)?;
    }
    let table = TableReader::open(path, file, size)?;
    let mut blocks = 3; // footer+index, metaindex, filter
    let handles = table.data_handles()?;
    let mut raw = Vec::new();
    let mut entries = EntryChecks::new(&table);
    table.for_each_block(&handles, &mut raw, |i, handle, data| {
        entries
            .block(i, handle, data, |_, _| {})
            .map_err(|m| ReadError::corrupt(path, Some(handle.offset), m))?;
        blocks += 1;
        Ok(())
    })?;
    if let Some(meta) = meta {
        entries
            .within(&meta.smallest, &meta.largest)
            .map_err(|m| ReadError::corrupt(path, None, m))?;
    }
    Ok(blocks)
}

/// A table file must have the size the manifest gives it.
pub fn manifest_size(path: &Path, size: u64, meta: &FileMetaData) -> ReadResult<()> {
    if size != meta.size {
        return Err(ReadError::corrupt(
            path,
            None,
            format!("file is {size} bytes but the manifest says {}", meta.size),
        ));
    }
    Ok(())
}

/// The checks every entry of a table's data blocks must pass, in order
/// (the storage check's, and salvage's before it copies a table whole):
/// a decodable internal key, strictly after
/// the entry before, not past its block's index entry, not ruled out by
/// the table's filter. Keeps the first and last keys and the greatest
/// sequence number.
pub struct EntryChecks<'t> {
    table: &'t TableReader,
    /// The first internal key.
    pub first: Option<Vec<u8>>,
    /// The last internal key.
    pub last: Option<Vec<u8>>,
    /// The greatest sequence number.
    pub max_sequence: u64,
    /// The key being assembled by [`EntryChecks::block`].
    key: Vec<u8>,
}

impl<'t> EntryChecks<'t> {
    /// Nothing checked yet.
    pub fn new(table: &'t TableReader) -> EntryChecks<'t> {
        EntryChecks {
            table,
            first: None,
            last: None,
            max_sequence: 0,
            key: Vec::with_capacity(64),
        }
    }

    /// Checks every entry of the data block at index position `block`, at
    /// `handle`, whose contents are `data`, in order (each key assembled
    /// from the one before it, in one buffer: no allocation per entry);
    /// `each` gets each entry's internal key and value. The problem when
    /// an entry fails a check or does not decode (the first entry to fail
    /// one, as [`EntryChecks::entry`] finds it).
    pub fn block<'d>(
        &mut self,
        block: usize,
        handle: BlockHandle,
        data: &'d [u8],
        mut each: impl FnMut(&[u8], &'d [u8]),
    ) -> Result<(), String> {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        let mut j = 0;
        let mut filter_failed = false;
        let walked = for_each_entry(data, |e| {
            key.truncate(e.shared);
            key.extend_from_slice(e.unshared);
            // The first entry of a block shares nothing (a restart).
            let checked = self.check(block, handle, j, &key, e.shared, false);
            filter_failed = matches!(checked, Err(Failed::Filter(_)));
            checked.map_err(Failed::message)?;
            j += 1;
            each(&key, &data[e.value]);
            Ok(())
        });
        // The separator check, once: the entries checked ascend, so those
        // past the index's separator are a tail of them, and the last one
        // says whether there are any (the first is found again). An entry
        // the filter failed was past it first if it is past it.
        let separator = self.table.index().key(block);
        let last_checked = self.last.as_deref().filter(|_| j > 0);
        let past = if last_checked.is_some_and(|last| past_separator(last, separator)) {
            first_past_separator(data, separator)
        } else if filter_failed && past_separator(&key, separator) {
            Some(j)
        } else {
            None
        };
        self.key = key;
        match past {
            Some(at) => Err(format!("entry {at} is past its index entry")),
            None => walked,
        }
    }

    /// Checks entry `j` (internal key `key`) of the data block at index
    /// position `block`, at `handle`; the problem when it fails one.
    pub fn entry(
        &mut self,
        block: usize,
        handle: BlockHandle,
        j: usize,
        key: &[u8],
    ) -> Result<(), String> {
        self.check(block, handle, j, key, 0, true)
            .map_err(Failed::message)
    }

    /// [`EntryChecks::entry`] of a key whose first `same` bytes are the
    /// entry's before it; the separator check only when `separator`.
    fn check(
        &mut self,
        block: usize,
        handle: BlockHandle,
        j: usize,
        key: &[u8],
        same: usize,
        separator: bool,
    ) -> Result<(), Failed> {
        let parsed = parse_internal_key(key)
            .ok_or_else(|| Failed::Key(format!("undecodable internal key in entry {j}")))?;
        if let Some(prev) = &self.last {
            if compare_internal_after(prev, key, same) != std::cmp::Ordering::Less {
                return Err(Failed::Key(format!("entry {j} is out of key order")));
            }
        }
        if separator && past_separator(key, self.table.index().key(block)) {
            return Err(Failed::Key(format!("entry {j} is past its index entry")));
        }
        if !self
            .table
            .filter_may_contain(handle.offset, parsed.user_key)
        {
            return Err(Failed::Filter(format!(
                "the filter block rules out the key of entry {j}, which is present (incompatible filter)"
            )));
        }
        self.max_sequence = self.max_sequence.max(parsed.sequence);
        if self.first.is_none() {
            self.first = Some(key.to_vec());
        }
        let last = self.last.get_or_insert_with(Vec::new);
        // Its first `same` bytes are there already.
        last.truncate(same);
        last.extend_from_slice(&key[last.len()..]);
        Ok(())
    }

    /// Checks that the entries seen lie inside the manifest's range for
    /// the table (internal keys `smallest ..= largest`).
    pub fn within(&self, smallest: &[u8], largest: &[u8]) -> Result<(), String> {
        match (&self.first, &self.last) {
            (Some(first), Some(last))
                if compare_internal(first, smallest).is_lt()
                    || compare_internal(last, largest).is_gt() =>
            {
                Err(format!(
                    "keys {:?}..{:?} fall outside the manifest's range for this table",
                    String::from_utf8_lossy(user_key(first)),
                    String::from_utf8_lossy(user_key(last))
                ))
            }
            _ => Ok(()),
        }
    }
}

/// Why an entry failed [`EntryChecks::check`].
enum Failed {
    /// Its key (decoding, order or separator).
    Key(String),
    /// The filter check, the last.
    Filter(String),
}

impl Failed {
    fn message(self) -> String {
        match self {
            Failed::Key(m) | Failed::Filter(m) => m,
        }
    }
}

/// The position of the first entry of the block `data` past `separator`
/// (entries whose keys decode, in order), if any.
fn first_past_separator(data: &[u8], separator: &[u8]) -> Option<usize> {
    let (mut key, mut at, mut found) = (Vec::new(), 0, None);
    let _ = for_each_entry(data, |e| {
        key.truncate(e.shared);
        key.extend_from_slice(e.unshared);
        if past_separator(&key, separator) {
            found = Some(at);
            return Err(String::new()); // found: stop
        }
        at += 1;
        Ok(())
    });
    found
}

/// Whether a block's entry lies past the index separator of its block.
/// rusty-leveldb 4.0.2 (`InternalKeyCmp::find_shortest_sep`) gives a block
/// that ends inside one user key's versions a separator with the last
/// entry's user key and sequence but the value type: one type byte before
/// a deletion ending the block. No read misses that entry (lookups seek
/// with the value type, so they land in this block), C++ LevelDB reads the
/// table the same way, and it is not damage.
fn past_separator(entry: &[u8], separator: &[u8]) -> bool {
    if compare_internal(entry, separator) != std::cmp::Ordering::Greater {
        return false;
    }
    match (parse_internal_key(entry), parse_internal_key(separator)) {
        (Some(e), Some(s)) => !(e.user_key == s.user_key && e.sequence == s.sequence),
        _ => true,
    }
}

/// Checks a log file: framing, checksums, write batch encoding. Returns
/// the number of records; a torn tail is not damage.
pub fn check_log(path: &Path) -> ReadResult<(u64, LogEnd)> {
    let data = std::fs::read(path).map_err(|e| ReadError::io(path, "read", &e))?;
    let mut records = 0;
    let end = read_records(path, &data, |offset, batch| {
        records += 1;
        decode_batch(batch, |_, _, _, _| {})
            .map(|_| ())
            .map_err(|m| ReadError::corrupt(path, Some(offset), m))
    })?;
    Ok((records, end))
}

/// Reads `CURRENT` and replays the manifest it names.
pub fn read_manifest(dir: &Path) -> ReadResult<Manifest> {
    let name = read_current(dir)?;
    let path = dir.join(name);
    let data = std::fs::read(&path).map_err(|e| ReadError::io(&path, "read", &e))?;
    Manifest::replay(&path, &data)
}

/// Whether a file the manifest listed is gone because a live owner's
/// store moved on (a compaction deleted the table, a flush the log): the
/// file at `path` is missing and the manifest as it is now no longer
/// `lists` it. Not damage.
fn left_the_store(dir: &Path, path: &Path, lists: impl FnOnce(&Manifest) -> bool) -> bool {
    !path.exists() && read_manifest(dir).is_ok_and(|now| !lists(&now))
}

/// Whether `manifest` lists the table `number`.
fn lists_table(number: u64) -> impl FnOnce(&Manifest) -> bool {
    move |manifest| manifest.tables().any(|(_, f)| f.number == number)
}

/// Checks every live table, log and the current manifest of a store
/// directory. Files the current version does not use (left by a crash in
/// the middle of a compaction, deleted on the next write) are not checked;
/// live files that are missing are problems, unless a live owner's store
/// has moved on meanwhile and no longer lists them.
pub fn check_files(dir: &Path, on_file: impl FnMut(&Path)) -> std::io::Result<FileCheck> {
    check_files_except(dir, &std::collections::BTreeSet::new(), on_file)
}

/// [`check_files`], leaving the live tables numbered in `others` (which
/// another read checks as it reads them, see `store::walk`) deferred.
pub fn check_files_except(
    dir: &Path,
    others: &std::collections::BTreeSet<u64>,
    mut on_file: impl FnMut(&Path),
) -> std::io::Result<FileCheck> {
    let mut check = FileCheck::default();
    let manifest = match read_manifest(dir) {
        Ok(m) => m,
        Err(e) => {
            check.problems.push(e.into());
            return Ok(check);
        }
    };
    check.files += 1;
    check.items += manifest.edits;
    for (_, meta) in manifest.tables() {
        let path = table_path(dir, meta.number);
        on_file(&path);
        if !path.exists() {
            if left_the_store(dir, &path, lists_table(meta.number)) {
                continue;
            }
            check.problems.push(FileProblem {
                file: path,
                message: format!(
                    "missing: {} lists this table, but the file is gone",
                    manifest.name
                ),
            });
            continue;
        }
        check.files += 1;
        if others.contains(&meta.number) {
            check.deferred.push(DeferredTable {
                at: check.problems.len(),
                path,
                meta: meta.clone(),
            });
            continue;
        }
        match check_table(&path, Some(meta)) {
            Ok(n) => check.items += n,
            Err(_) if left_the_store(dir, &path, lists_table(meta.number)) => {}
            Err(e) => check.problems.push(e.into()),
        }
    }
    let mut logs: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)?
        .flatten()
        .filter_map(|e| {
            let n = file_number(&e.file_name().to_string_lossy(), &["log"])?;
            manifest.is_live_log(n).then(|| (n, e.path()))
        })
        .collect();
    logs.sort();
    for (number, path) in logs {
        on_file(&path);
        check.files += 1;
        match check_log(&path) {
            Ok((n, _)) => check.items += n,
            Err(_) if left_the_store(dir, &path, |now| now.is_live_log(number)) => {}
            Err(e) => check.problems.push(e.into()),
        }
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_files_of_a_real_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::create_in(dir.path());
        let mut batch = rusty_leveldb::WriteBatch::default();
        batch.put(b"a", b"1");
        store.write(batch).unwrap();
        store.flush_memtable().unwrap();
        store.close().unwrap();
        let manifest = read_manifest(dir.path()).unwrap();
        let tables: Vec<u64> = manifest.tables().map(|(_, m)| m.number).collect();
        assert_eq!(tables.len(), 1);
        let table = table_path(dir.path(), tables[0]);
        assert!(table.exists());
        assert!(check_files(dir.path(), |_| {}).unwrap().problems.is_empty());
        std::fs::remove_file(&table).unwrap();
        let problems = check_files(dir.path(), |_| {}).unwrap().problems;
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("missing"), "{problems:?}");
    }

    /// Entries out of internal-key order inside a block are found,
    /// whatever bytes they share with the entry before them (the order is
    /// compared after those): a later user key first, a longer key first,
    /// the same key twice, and an older version before a newer one (their
    /// shared bytes reach into the sequence number); a last, greater key
    /// keeps the index's separator above them all.
    #[test]
    fn entries_out_of_order_inside_a_block_are_found() {
        let cases: [(&[(&str, u64)], bool); 6] = [
            (&[("k:a1", 5), ("k:a2", 5), ("k:b", 5)], true),
            (&[("k", 7), ("k", 5), ("k:", 9)], true),
            (&[("k:a1", 5), ("k:a2", 5), ("k:a1", 5), ("z", 1)], false),
            (&[("k:aa", 5), ("k:a", 5), ("z", 1)], false),
            (&[("k:a", 5), ("k:a", 5), ("z", 1)], false),
            (&[("k", 5), ("k", 7), ("z", 1)], false),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (i, (entries, in_order)) in cases.into_iter().enumerate() {
            let path = table_of(dir.path(), i, entries, None);
            match check_table(&path, None) {
                Ok(_) => assert!(in_order, "case {i}: not found"),
                Err(e) => {
                    assert!(!in_order, "case {i}: {e:?}");
                    assert!(e.message.contains("out of key order"), "case {i}: {e:?}");
                }
            }
        }
    }

    /// A table file `i` in `dir` of `entries` (user key, sequence) in the
    /// order given, then, if `large`, an entry of 1 MiB in a block of its
    /// own (its key bounds the index's separator of the block before).
    fn table_of(
        dir: &std::path::Path,
        i: usize,
        entries: &[(&str, u64)],
        large: Option<&str>,
    ) -> PathBuf {
        use crate::store::ldb::format::{append_internal_key, TYPE_VALUE};
        use crate::store::ldb::table_builder::{TableBuilder, LARGE_ENTRY};
        let mut builder = TableBuilder::new(Vec::new());
        let big = vec![b'v'; LARGE_ENTRY];
        let all = entries.iter().map(|&(k, s)| (k, s, &b"v"[..]));
        for (key, sequence, value) in all.chain(large.map(|k| (k, 1, &big[..]))) {
            let mut internal = Vec::new();
            append_internal_key(&mut internal, key.as_bytes(), sequence, TYPE_VALUE);
            builder.add(&internal, value).unwrap();
        }
        let path = dir.join(format!("{:06}.ldb", i + 1));
        std::fs::write(&path, builder.finish().unwrap().0).unwrap();
        path
    }

    /// An entry past its block's index entry is reported as the first such
    /// entry, before a later one out of order (the separator is checked
    /// once per block, so the first past it is found again).
    #[test]
    fn the_first_entry_past_its_index_entry_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        // The separator of the first block is its last key, k:b2.
        let cases: [(&[(&str, u64)], usize); 3] = [
            (&[("k:a1", 5), ("k:c5", 5), ("k:b2", 5)], 1),
            (&[("k:a1", 5), ("k:c5", 5), ("k:c6", 5), ("k:b2", 5)], 1),
            (&[("k:c5", 5), ("k:b2", 5)], 0),
        ];
        for (i, (entries, first)) in cases.into_iter().enumerate() {
            let path = table_of(dir.path(), i, entries, Some("k:b3"));
            let e = check_table(&path, None).unwrap_err();
            assert_eq!(
                e.message,
                format!("entry {first} is past its index entry"),
                "case {i}"
            );
        }
        // In order, with the same large entry: clean.
        let path = table_of(dir.path(), 9, &[("k:a1", 5), ("k:b2", 5)], Some("k:b3"));
        assert!(check_table(&path, None).is_ok());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Whatever the engine writes — puts and deletions of overlapping
        /// keys, values of any size, flushes and compactions — passes the
        /// storage check (the engine's environment runs it on every table
        /// it opens) and reads back as a model of the same writes.
        #[test]
        fn the_engines_own_tables_are_never_damage(
            rounds in proptest::collection::vec(
                (
                    proptest::collection::vec((0u32..400, 0usize..300, proptest::bool::ANY), 1..300),
                    0u8..3,
                ),
                1..6,
            ),
        ) {
            use crate::store::{Namespace, StorageService, ScanRange, BatchOperation};
            let dir = tempfile::tempdir().unwrap();
            let mut storage = StorageService::new(crate::store::Store::create_in(dir.path()), Namespace::Raw);
            let mut model = std::collections::BTreeMap::new();
            for (ops, then) in rounds {
                let batch: Vec<BatchOperation> = ops
                    .iter()
                    .map(|&(k, len, put)| {
                        // Decimal keys: neighbours rarely have a shorter separator.
                        let key = format!("height:{k}").into_bytes();
                        if put {
                            let value = vec![b'a' + (k % 26) as u8; len];
                            model.insert(key.clone(), value.clone());
                            BatchOperation::Put { key, value }
                        } else {
                            model.remove(&key);
                            BatchOperation::Delete { key }
                        }
                    })
                    .collect();
                storage.batch(&batch).unwrap();
                match then {
                    1 => storage.store_mut().flush_memtable().unwrap(),
                    2 => storage.store_mut().compact_range(b"\x00", b"\xff").unwrap(),
                    _ => {}
                }
            }
            storage.store_mut().flush_memtable().unwrap();
            let check = check_files(dir.path(), |_| {}).unwrap();
            proptest::prop_assert!(check.problems.is_empty(), "{:?}", check.problems);
            let read: Vec<(Vec<u8>, Vec<u8>)> = storage
                .scan(&ScanRange::default())
                .unwrap()
                .collect::<crate::Result<_>>()
                .unwrap();
            for k in 0..400u32 {
                let key = format!("height:{k}").into_bytes();
                proptest::prop_assert_eq!(storage.get(&key).unwrap(), model.get(&key).cloned());
            }
            let mut reversed: Vec<(Vec<u8>, Vec<u8>)> = storage
                .scan(&ScanRange { reverse: true, ..ScanRange::default() })
                .unwrap()
                .collect::<crate::Result<_>>()
                .unwrap();
            reversed.reverse();
            let expected: Vec<(Vec<u8>, Vec<u8>)> = model.into_iter().collect();
            proptest::prop_assert_eq!(&read, &expected);
            proptest::prop_assert_eq!(reversed, expected);
        }
    }

    #[test]
    fn only_the_type_byte_may_put_an_entry_past_its_separator() {
        use super::super::ldb::format::{append_internal_key, TYPE_DELETION, TYPE_VALUE};
        let ikey = |user: &[u8], seq: u64, kind: u8| {
            let mut k = Vec::new();
            append_internal_key(&mut k, user, seq, kind);
            k
        };
        let sep = ikey(b"k", 5, TYPE_VALUE);
        // rusty-leveldb's separator before a deletion ending the block.
        assert!(!past_separator(&ikey(b"k", 5, TYPE_DELETION), &sep));
        assert!(!past_separator(&ikey(b"k", 5, TYPE_VALUE), &sep));
        assert!(!past_separator(&ikey(b"k", 9, TYPE_DELETION), &sep));
        assert!(!past_separator(&ikey(b"j", 1, TYPE_VALUE), &sep));
        // An older version, or a greater key, is past it: damage.
        assert!(past_separator(&ikey(b"k", 4, TYPE_VALUE), &sep));
        assert!(past_separator(&ikey(b"l", 9, TYPE_VALUE), &sep));
        assert!(past_separator(&ikey(b"k\0", 9, TYPE_VALUE), &sep));
    }

    #[test]
    fn short_or_garbage_tables_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("000001.ldb");
        std::fs::write(&short, b"short").unwrap();
        assert!(check_table(&short, None).is_err());
        std::fs::write(&short, [0u8; 100]).unwrap();
        assert!(check_table(&short, None)
            .unwrap_err()
            .message
            .contains("magic"));
    }
}
