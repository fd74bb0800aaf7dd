//! Ingesting a write as a table of its own: the entries are written to a
//! new table file, and the store switched to a new manifest that names the
//! store's tables plus that one (RocksDB's `IngestExternalFile`, done the
//! way C++ LevelDB writes a manifest when it opens a store). The write is
//! atomic: readers see the old manifest until `CURRENT` is renamed.
//!
//! Used for writes too large for the engine's memtable (a snapshot of a
//! whole store is one value of hundreds of megabytes): the engine would
//! hold the value in its write batch, its memtable and its table builder
//! at once; here only the caller's copy exists, and the table is written
//! in pieces from it.
//!
//! The caller holds the store's lock with the engine closed, and passes the
//! store's version as read under that lock.

use super::durable::{rename, sync_dir};
use super::ldb::format::{append_internal_key, user_key, MAX_SEQUENCE, TYPE_DELETION, TYPE_VALUE};
use super::ldb::manifest::{level_size_limit, table_path, FileMetaData, VersionEdit, NUM_LEVELS};
use super::ldb::{LogWriter, TableBuilder, Version};
use crate::{Result, StoreError};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One entry of an ingested write: a value, or `None` for a deletion.
pub type IngestEntry<'a> = (&'a [u8], Option<&'a [u8]>);

/// Where an ingested write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// The new table's file number.
    pub number: u64,
    /// Its level.
    pub level: usize,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Writes `entries` (user keys strictly increasing) into the store whose
/// live state, read under its lock, is `version`. No log entry of
/// `version` may hold one of the keys (an unflushed older version would be
/// recovered into a table numbered after the new one, and shadow it).
pub fn ingest(version: &Version, entries: &[IngestEntry<'_>]) -> Result<Ingested> {
    let dir = version.dir();
    let manifest = version.manifest();
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Err(StoreError::bad_input("nothing to write"));
    };
    if entries.windows(2).any(|w| w[0].0 >= w[1].0) || first.0.is_empty() {
        return Err(StoreError::bad_input(
            "an ingested write needs non-empty keys in strictly increasing order",
        ));
    }
    if log_holds_any(version, entries) {
        return Err(StoreError::Inconsistent(
            "an ingested key has an unflushed version in the store's log".into(),
        ));
    }
    let sequence = version.sequence();
    // A manifest and a table under numbers no file has (a crash between
    // writing them and switching CURRENT leaves both behind, unreferenced).
    let mut number = manifest.next_file_number.max(2);
    while taken(dir, number) || taken(dir, number + 1) {
        number += 2;
    }
    let (manifest_number, table_number) = (number, number + 1);
    let above = above_level(version, entries, entries.len() <= LOOKED_UP_KEYS)?;
    let table = write_table(dir, table_number, sequence, entries)?;
    let level = pick_level(&manifest.levels, (first.0, last.0), table.size, above);
    let mut added: Vec<(u64, FileMetaData)> = manifest
        .tables()
        .map(|(level, file)| (level as u64, file.clone()))
        .collect();
    let bytes = table.size;
    added.push((level as u64, table));
    let edit = VersionEdit {
        comparator: manifest.comparator.clone(),
        log_number: Some(manifest.log_number),
        prev_log_number: Some(manifest.prev_log_number),
        next_file_number: Some(table_number + 1),
        last_sequence: Some(sequence + entries.len() as u64),
        compact_pointers: manifest.compact_pointers.clone(),
        added,
        ..VersionEdit::default()
    };
    let manifest_name = format!("MANIFEST-{manifest_number:06}");
    write_manifest(&dir.join(&manifest_name), &edit)?;
    switch_current(dir, manifest_number, &manifest_name)?;
    Ok(Ingested {
        number: table_number,
        level,
        bytes,
    })
}

/// Up to this many keys, each is looked up to place the table (see
/// [`ingest`]).
const LOOKED_UP_KEYS: usize = 1000;

/// The level the new versions of `entries` must be read before: the
/// shallowest holding a version of one of their keys (`NUM_LEVELS` when
/// none does; 0 for the logs). With `look_up`, each key is looked up;
/// otherwise the shallowest level with a table overlapping the keys' range
/// stands in (it may hold one), which is never deeper.
fn above_level(version: &Version, entries: &[IngestEntry<'_>], look_up: bool) -> Result<usize> {
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Ok(NUM_LEVELS);
    };
    if !look_up {
        if log_holds_any(version, entries) {
            return Ok(0);
        }
        let upper = upper_of(last.0);
        return Ok((0..NUM_LEVELS)
            .find(|level| {
                version
                    .tables()
                    .any(|t| t.level == *level && t.overlaps(first.0, Some(&upper)))
            })
            .unwrap_or(NUM_LEVELS));
    }
    let mut above = NUM_LEVELS;
    for (key, _) in entries {
        if let Some(level) = version.newest_level(key)? {
            above = above.min(level.unwrap_or(0));
        }
    }
    Ok(above)
}

/// The smallest key after `key`: `[first, upper_of(last))` holds the keys
/// `first..=last`.
fn upper_of(key: &[u8]) -> Vec<u8> {
    let mut upper = key.to_vec();
    upper.push(0);
    upper
}

/// Whether the store's logs (its memtable) hold a version of one of the
/// keys, which must be flushed to a table before they are ingested.
pub fn log_holds_any(version: &Version, entries: &[IngestEntry<'_>]) -> bool {
    let memtable = version.memtable();
    let mut lookup = Vec::new();
    entries.iter().any(|(key, _)| {
        lookup.clear();
        append_internal_key(&mut lookup, key, MAX_SEQUENCE, TYPE_VALUE);
        let at = memtable.seek(&lookup);
        at < memtable.len() && user_key(memtable.key(at)) == *key
    })
}

/// Whether a file of the store already uses `number`.
fn taken(dir: &Path, number: u64) -> bool {
    [
        format!("{number:06}.ldb"),
        format!("{number:06}.sst"),
        format!("{number:06}.log"),
        format!("{number:06}.dbtmp"),
        format!("MANIFEST-{number:06}"),
    ]
    .iter()
    .any(|name| dir.join(name).exists())
}

/// The deepest level that can take a table of `bytes` spanning `keys`,
/// above level `above` (the shallowest holding an older version of one of
/// the keys, so that the new versions are read first): no table of the
/// level overlaps the keys (tables of a level stay disjoint) and the level
/// stays under its size limit (10 MiB for level 1, ten times more per
/// level, the last unlimited), so the engine has no compaction to run.
/// Tables of the levels above that span the keys without holding them do
/// not matter. Level 0, where tables may overlap and the newest file is
/// read first, when no other level can. A large snapshot usually lands in
/// the last level, where no compaction reaches it until the levels above
/// fill up.
pub fn pick_level(
    levels: &[Vec<FileMetaData>],
    keys: (&[u8], &[u8]),
    bytes: u64,
    above: usize,
) -> usize {
    let overlaps = |files: &[FileMetaData]| {
        files
            .iter()
            .any(|f| user_key(&f.smallest) <= keys.1 && user_key(&f.largest) >= keys.0)
    };
    let mut chosen = 0;
    for level in 1..above.min(NUM_LEVELS) {
        let files = levels.get(level).map_or(&[][..], Vec::as_slice);
        let size: u64 = files.iter().map(|f| f.size).sum();
        let fits = level == NUM_LEVELS - 1 || size.saturating_add(bytes) < level_size_limit(level);
        if !overlaps(files) && fits {
            chosen = level;
        }
    }
    chosen
}

/// Writes and syncs table `number` holding `entries` at sequence numbers
/// after `sequence`.
fn write_table(
    dir: &Path,
    number: u64,
    sequence: u64,
    entries: &[IngestEntry<'_>],
) -> Result<FileMetaData> {
    let path = table_path(dir, number);
    let written = (|| -> std::io::Result<FileMetaData> {
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Create(path.clone()))?;
        let file = File::create_new(&path)?;
        let mut builder = TableBuilder::new(BufWriter::with_capacity(256 << 10, file));
        let mut ikey = Vec::new();
        let (mut smallest, mut largest) = (Vec::new(), Vec::new());
        for (i, (key, value)) in entries.iter().enumerate() {
            ikey.clear();
            let kind = if value.is_some() {
                TYPE_VALUE
            } else {
                TYPE_DELETION
            };
            append_internal_key(&mut ikey, key, sequence + 1 + i as u64, kind);
            builder.add(&ikey, value.unwrap_or_default())?;
            if i == 0 {
                smallest.clone_from(&ikey);
            }
            largest.clone_from(&ikey);
        }
        let (out, size) = builder.finish()?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Sync(path.clone(), size))?;
        file.sync_all()?;
        Ok(FileMetaData {
            number,
            size,
            smallest,
            largest,
        })
    })();
    written.map_err(StoreError::io(format!("write {}", path.display())))
}

/// Writes and syncs a manifest holding one edit.
fn write_manifest(path: &Path, edit: &VersionEdit) -> Result<()> {
    let written = (|| -> std::io::Result<()> {
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Create(path.to_path_buf()))?;
        let file = File::create_new(path)?;
        let mut log = LogWriter::new(BufWriter::new(file));
        log.add_record(&edit.encode())?;
        let file = log.into_inner().into_inner().map_err(|e| e.into_error())?;
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Sync(
            path.to_path_buf(),
            file.metadata()?.len(),
        ))?;
        file.sync_all()
    })();
    written.map_err(StoreError::io(format!("write {}", path.display())))
}

/// Points `CURRENT` at the manifest: written to a temporary file (named as
/// C++ LevelDB names it, `NNNNNN.dbtmp`), synced with its directory entry,
/// renamed over `CURRENT`, and the directory synced.
fn switch_current(dir: &Path, number: u64, manifest_name: &str) -> Result<()> {
    let temp: PathBuf = dir.join(format!("{number:06}.dbtmp"));
    let written = (|| -> std::io::Result<()> {
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Create(temp.clone()))?;
        let mut file = File::create_new(&temp)?;
        let text = format!("{manifest_name}\n");
        file.write_all(text.as_bytes())?;
        #[cfg(test)]
        super::fault::on_op(super::fault::Op::Sync(temp.clone(), text.len() as u64))?;
        file.sync_all()?;
        // The temporary file's entry is durable before it replaces CURRENT
        // (as the engine's files are, see `durable::SyncedFile`); the
        // rename syncs the directory again.
        sync_dir(dir)?;
        rename(&temp, &dir.join("CURRENT"))
    })();
    written.map_err(StoreError::io(format!(
        "switch {} to {manifest_name}",
        dir.join("CURRENT").display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ldb::table_builder::LARGE_ENTRY;
    use crate::store::{BatchOperation, Namespace, ScanRange, StorageService, Store};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn file(number: u64, smallest: &[u8], largest: &[u8], size: u64) -> FileMetaData {
        let ikey = |k: &[u8]| {
            let mut out = Vec::new();
            append_internal_key(&mut out, k, 1, TYPE_VALUE);
            out
        };
        FileMetaData {
            number,
            size,
            smallest: ikey(smallest),
            largest: ikey(largest),
        }
    }

    #[test]
    fn the_table_goes_as_deep_as_older_versions_overlap_and_size_limits_allow() {
        let mb = 1 << 20;
        let none = NUM_LEVELS;
        let mut levels = vec![Vec::new(); NUM_LEVELS];
        let keys: (&[u8], &[u8]) = (b"snapshot:a", b"snapshot:a:base");
        // An empty store: the last level, which has no size limit.
        assert_eq!(pick_level(&levels, keys, 300 * mb, none), NUM_LEVELS - 1);
        // Tables above that span the keys without holding them do not
        // matter; one in the level itself does.
        levels[0].push(file(9, b"root:", b"state:", mb));
        levels[3].push(file(5, b"root:", b"state:", mb));
        assert_eq!(pick_level(&levels, keys, mb, none), NUM_LEVELS - 1);
        levels[6].push(file(4, b"root:", b"state:", mb));
        assert_eq!(pick_level(&levels, keys, mb, none), 5);
        // An older version in level 3: above it, within the size limits
        // (level 2 holds up to 100 MiB, level 1 10 MiB).
        assert_eq!(pick_level(&levels, keys, mb, 3), 2);
        levels[2].push(file(6, b"block:", b"height:", 95 * mb));
        assert_eq!(pick_level(&levels, keys, 4 * mb, 3), 2);
        assert_eq!(pick_level(&levels, keys, 6 * mb, 3), 1);
        assert_eq!(pick_level(&levels, keys, 200 * mb, 3), 0);
        // An older version in level 0 (or touching a table of every level).
        assert_eq!(pick_level(&levels, keys, mb, 0), 0);
        levels[1].push(file(7, b"snapshot:a:base", b"state:", mb));
        assert_eq!(pick_level(&levels, keys, 6 * mb, 3), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Writes through the engine (batches, flushes, compactions) and
        /// ingested writes, in any order, give the store exactly the
        /// model's contents: for the read path, for the engine writing and
        /// compacting after an ingest, and for the storage check.
        #[test]
        fn ingested_writes_mix_with_the_engines(
            rounds in proptest::collection::vec(
                (
                    proptest::collection::vec((0u32..400, 0usize..300, proptest::bool::ANY), 1..200),
                    0u8..4,
                ),
                1..7,
            ),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut storage = StorageService::new(Store::create_in(dir.path()), Namespace::Raw);
            let mut model = BTreeMap::new();
            for (ops, then) in rounds {
                let mut entries: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
                let mut batch = Vec::new();
                for &(k, len, put) in &ops {
                    let key = format!("height:{k}").into_bytes();
                    let value = put.then(|| {
                        let len = if then == 3 && k % 97 == 0 { LARGE_ENTRY + len } else { len };
                        vec![b'a' + (k % 26) as u8; len]
                    });
                    match &value {
                        Some(v) => model.insert(key.clone(), v.clone()),
                        None => model.remove(&key),
                    };
                    entries.insert(key.clone(), value.clone());
                    batch.push(match value {
                        Some(value) => BatchOperation::Put { key, value },
                        None => BatchOperation::Delete { key },
                    });
                }
                if then == 3 {
                    let borrowed: Vec<IngestEntry<'_>> =
                        entries.iter().map(|(k, v)| (k.as_slice(), v.as_deref())).collect();
                    storage.store_mut().ingest(&borrowed).unwrap();
                } else {
                    storage.batch(&batch).unwrap();
                }
                match then {
                    1 => storage.store_mut().flush_memtable().unwrap(),
                    2 => storage.store_mut().compact_range(b"\x00", b"\xff").unwrap(),
                    _ => {}
                }
                for k in (0..400u32).step_by(7) {
                    let key = format!("height:{k}").into_bytes();
                    prop_assert_eq!(storage.get(&key).unwrap(), model.get(&key).cloned());
                }
                // Standing in for the lookups never places a table deeper.
                let version = crate::store::ldb::open_version(dir.path()).unwrap();
                let borrowed: Vec<IngestEntry<'_>> =
                    entries.iter().map(|(k, v)| (k.as_slice(), v.as_deref())).collect();
                prop_assert!(
                    above_level(&version, &borrowed, false).unwrap()
                        <= above_level(&version, &borrowed, true).unwrap()
                );
            }
            storage.close().unwrap();
            let check = crate::store::integrity::check_files(dir.path(), |_| {}).unwrap();
            prop_assert!(check.problems.is_empty(), "{:?}", check.problems);
            let store = Store::open_read(dir.path()).unwrap();
            let mut storage = StorageService::new(store, Namespace::Raw);
            let read: Vec<(Vec<u8>, Vec<u8>)> = storage
                .scan(&ScanRange::default())
                .unwrap()
                .collect::<crate::Result<_>>()
                .unwrap();
            let expected: Vec<(Vec<u8>, Vec<u8>)> = model.into_iter().collect();
            prop_assert!(read == expected, "{} entries read, {} expected", read.len(), expected.len());
        }
    }

    #[test]
    fn an_unflushed_version_of_an_ingested_key_is_flushed_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create_in(dir.path());
        let mut batch = rusty_leveldb::WriteBatch::default();
        batch.put(b"k", b"old");
        batch.put(b"other", b"kept");
        store.write(batch).unwrap();
        // The version refuses it as it stands (the log holds "k")...
        let version = crate::store::ldb::open_version(dir.path()).unwrap();
        let entries: [IngestEntry<'_>; 1] = [(b"k", None)];
        assert!(log_holds_any(&version, &entries));
        assert!(matches!(
            ingest(&version, &entries),
            Err(StoreError::Inconsistent(_))
        ));
        // ...and the store flushes its memtable first.
        let ingested = store.ingest(&entries).unwrap();
        assert_eq!(store.get(b"k").unwrap(), None);
        assert_eq!(store.get(b"other").unwrap().as_deref(), Some(&b"kept"[..]));
        // The engine reopens for the next write, and recovers nothing that
        // would shadow the deletion.
        let mut batch = rusty_leveldb::WriteBatch::default();
        batch.put(b"later", b"1");
        store.write(batch).unwrap();
        store.close().unwrap();
        let mut store = Store::open_read(dir.path()).unwrap();
        assert_eq!(store.get(b"k").unwrap(), None);
        assert_eq!(store.get(b"later").unwrap().as_deref(), Some(&b"1"[..]));
        assert!(ingested.number > 0);
    }

    #[test]
    fn a_scan_never_opens_a_table_outside_its_range() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage =
            StorageService::new(Store::create_in(dir.path()), Namespace::prefixed(""));
        let ops: Vec<BatchOperation> = (0..2000)
            .map(|i| BatchOperation::Put {
                key: format!("state:m1:{i:05}").into_bytes(),
                value: b"{}".to_vec(),
            })
            .collect();
        storage.batch(&ops).unwrap();
        storage.store_mut().flush_memtable().unwrap();
        storage
            .batch_owned(vec![BatchOperation::Put {
                key: b"snapshot:big".to_vec(),
                value: vec![b'x'; 5 << 20],
            }])
            .unwrap();
        storage.close().unwrap();
        // Damage the ingested table's one large block.
        let version = crate::store::ldb::open_version(dir.path()).unwrap();
        let table = version
            .tables()
            .find(|t| user_key(&t.smallest) == b":snapshot:big")
            .expect("a table of its own");
        let path = table.table.path().to_path_buf();
        drop(version);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[1000] ^= 0x40;
        std::fs::write(&path, bytes).unwrap();
        let mut storage = StorageService::new(
            Store::open_read(dir.path()).unwrap(),
            Namespace::prefixed(""),
        );
        let scan = |storage: &mut StorageService, range: ScanRange| -> crate::Result<usize> {
            storage
                .scan(&range)?
                .try_fold(0, |n, item| item.map(|_| n + 1))
        };
        // Ranges that end before it or start after it never read it...
        let before = ScanRange {
            end: Some(b"snapshot:".to_vec()),
            ..ScanRange::default()
        };
        assert_eq!(scan(&mut storage, before.clone()).unwrap(), 0);
        assert_eq!(
            scan(&mut storage, ScanRange::prefix("state:")).unwrap(),
            2000
        );
        let reverse = ScanRange {
            reverse: true,
            ..ScanRange::prefix("state:")
        };
        assert_eq!(scan(&mut storage, reverse).unwrap(), 2000);
        // ...and one that covers it fails, naming the table.
        let err = scan(&mut storage, ScanRange::default()).unwrap_err();
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }

    /// The engine writes a large value into the block of the keys before
    /// it; a scan that ends before the value reads those keys without
    /// decompressing the value, and one that covers it gets it whole.
    #[test]
    fn a_scan_ending_before_a_large_value_does_not_decompress_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create_in(dir.path());
        let mut batch = rusty_leveldb::WriteBatch::default();
        for i in 0..40 {
            batch.put(format!("root:{i:03}").as_bytes(), b"{}");
        }
        // Noise: its Snappy block stays over 4 MiB.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let big: Vec<u8> = (0..6 << 20)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        batch.put(b"snapshot:big", &big);
        batch.put(b"state:1", b"{}");
        store.write(batch).unwrap();
        store.flush_memtable().unwrap();
        store.close().unwrap();
        let mut store = Store::open_read(dir.path()).unwrap();
        let version = store.version().unwrap();
        let table = version
            .tables()
            .find(|t| user_key(&t.smallest) == b"root:000")
            .expect("the engine's table")
            .table
            .reader()
            .unwrap();
        let handle = table.largest_block();
        assert!(handle.size >= 4 << 20);
        let whole = table.read_block(handle).unwrap();
        let cut = table.read_block_below(handle, b"snapshot:").unwrap();
        assert!(whole.len() > 1, "the value shares its block");
        assert_eq!(cut.len(), whole.len() - 1);
        for i in 0..cut.len() {
            assert_eq!(cut.key(i), whole.key(i));
        }
        let keys = |store: &mut Store, upper: &[u8]| -> Vec<Vec<u8>> {
            store
                .iter(Vec::new(), Some(upper.to_vec()), false)
                .unwrap()
                .map(|r| r.unwrap().0)
                .collect()
        };
        assert_eq!(keys(&mut store, b"snapshot:").len(), 40);
        let all = keys(&mut store, b"z");
        assert_eq!(all.len(), 42);
        let mut reversed: Vec<Vec<u8>> = store
            .iter(Vec::new(), Some(b"snapshot:".to_vec()), true)
            .unwrap()
            .map(|r| r.unwrap().0)
            .collect();
        reversed.reverse();
        assert_eq!(reversed, keys(&mut store, b"snapshot:"));
        assert_eq!(store.get(b"snapshot:big").unwrap(), Some(big));
    }
}
