//! A namespace's live entries read so that every table no other live
//! file overlaps is read once, from its own bytes in file order, with the
//! storage check's checks on every block ([`TableStream`]): verify checks
//! such a table and reads its keys in one read. Such a table holds the
//! newest version of every key in its range (no other table, nor the
//! log's writes, holds one), so its entries are exactly what the merged
//! view gives there; the key ranges between those tables are read through
//! the merged view.

use super::integrity::manifest_size;
use super::ldb::format::user_key;
use super::ldb::manifest::FileMetaData;
use super::ldb::table::read_exact_into;
use super::ldb::TableReader;
use super::overlap::{alone, KeyRange};
use super::table_stream::TableStream;
use super::{ScanRange, StorageService};
use crate::{Result, StoreError};
use std::rc::Rc;

/// One part of a walk, in key order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkUnit {
    /// Keys read through the merged view (namespace-relative, as
    /// [`StorageService::visit`] takes them).
    Range(ScanRange),
    /// A table read alone ([`TableWalk`]), by file number.
    Table(u64),
}

/// Bytes read from a table at a time.
const CHUNK: usize = 256 << 10;

/// The units that together read every key of `storage`'s namespace once,
/// in key order: each table no other live file overlaps whose keys all
/// lie in the namespace, and the key ranges of the other files (merged
/// where they meet) inside the namespace, cut where about `part_bytes` of
/// tables end (to share them out between threads). A key outside every
/// file's range is in no file.
pub fn plan(storage: &mut StorageService, part_bytes: u64) -> Result<Vec<WalkUnit>> {
    let version = storage.store_mut().version()?;
    let tables: Vec<_> = version.tables().collect();
    let mut ranges: Vec<Option<KeyRange>> = tables
        .iter()
        .map(|t| {
            let range = (user_key(&t.smallest), user_key(&t.largest));
            Some((range.0.to_vec(), range.1.to_vec()))
        })
        .collect();
    let logged = version.memtable();
    if !logged.is_empty() {
        ranges.push(Some((
            user_key(logged.key(0)).to_vec(),
            user_key(logged.key(logged.len() - 1)).to_vec(),
        )));
    }
    let alone_at = alone(&ranges.iter().map(Option::as_ref).collect::<Vec<_>>());
    let (ns_lo, ns_hi) = storage.namespace().prefix_range(b"");
    let below_end = |k: &[u8]| ns_hi.as_deref().is_none_or(|hi| k < hi);
    let meets = |(lo, hi): &KeyRange| hi.as_slice() >= ns_lo.as_slice() && below_end(lo);
    // Full-key ranges [from, to) in key order: a table alone, or the
    // merged ranges of the other files.
    let mut parts: Vec<(Vec<u8>, Vec<u8>, Option<u64>)> = Vec::new();
    let mut others: Vec<&KeyRange> = Vec::new();
    for (i, range) in ranges.iter().enumerate() {
        let Some(range) = range.as_ref().filter(|r| meets(r)) else {
            continue;
        };
        // A table reaching past the namespace is read through the merged
        // view: a damaged block outside the namespace is not its business.
        let inside = range.0 >= ns_lo && below_end(&range.1);
        match tables.get(i).filter(|_| alone_at[i] && inside) {
            Some(table) => parts.push((range.0.clone(), after(&range.1), Some(table.number))),
            None => others.push(range),
        }
    }
    others.sort();
    let mut merged: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (lo, hi) in others {
        let end = after(hi);
        match merged.last_mut() {
            Some((_, reach)) if lo < reach => *reach = end.max(reach.clone()),
            _ => merged.push((lo.clone(), end)),
        }
    }
    parts.extend(merged.into_iter().map(|(lo, end)| (lo, end, None)));
    parts.sort();
    // A full key as a namespace-relative bound (`None`: the namespace's
    // start or end); every full key inside the namespace starts with its
    // prefix.
    let cut = ns_lo.len();
    let relative = |k: &[u8]| (k > ns_lo.as_slice() && below_end(k)).then(|| k[cut..].to_vec());
    let cuts = storage.split_keys(part_bytes)?;
    let mut units = Vec::new();
    for (from, to, table) in parts {
        if let Some(number) = table {
            units.push(WalkUnit::Table(number));
            continue;
        }
        let (start, end) = (relative(&from), relative(&to));
        let inside = cuts.iter().filter(|c| {
            start.as_ref().is_none_or(|s| *c > s) && end.as_ref().is_none_or(|e| *c < e)
        });
        let bounds: Vec<Option<Vec<u8>>> = std::iter::once(start.clone())
            .chain(inside.cloned().map(Some))
            .chain(std::iter::once(end.clone()))
            .collect();
        units.extend(bounds.windows(2).map(|w| {
            WalkUnit::Range(ScanRange {
                start: w[0].clone(),
                end: w[1].clone(),
                ..ScanRange::default()
            })
        }));
    }
    Ok(units)
}

/// The least key after `key`.
fn after(key: &[u8]) -> Vec<u8> {
    let mut next = key.to_vec();
    next.push(0);
    next
}

/// A live table of a store's version, to be read whole ([`TableWalk::run`]).
/// It holds the table's open file, not the store, so the caller may read
/// the store (point lookups) while it walks.
pub struct TableWalk {
    reader: Rc<TableReader>,
    meta: FileMetaData,
    /// The sequence number of the state read.
    sequence: u64,
}

impl TableWalk {
    /// The live table `number` of `storage`'s version.
    pub fn open(storage: &mut StorageService, number: u64) -> Result<TableWalk> {
        let version = storage.store_mut().version()?;
        let table = version
            .tables()
            .find(|t| t.number == number)
            .ok_or_else(|| StoreError::Inconsistent(format!("table {number} is not live")))?;
        Ok(TableWalk {
            reader: table.table.reader()?,
            meta: FileMetaData {
                number,
                size: table.table.size(),
                smallest: table.smallest.clone(),
                largest: table.largest.clone(),
            },
            sequence: version.sequence(),
        })
    }

    /// Reads the table from its first byte to its last, checking every
    /// block as the storage check does (checksum, decompression, entry
    /// order and decoding, the index, the manifest's size and key range),
    /// and hands each live entry (the newest version of its key, not a
    /// deletion) to `live` in key order, full key and value, until `live`
    /// returns `false` (then this is an error) or fails. Returns how many
    /// blocks the storage check counts for the table (footer and index,
    /// metaindex, filter, and every data block).
    pub fn run(&self, mut live: impl FnMut(&[u8], &[u8]) -> Result<bool>) -> Result<u64> {
        let (reader, meta) = (&self.reader, &self.meta);
        let path = reader.path();
        let size = reader
            .file()
            .metadata()
            .map_err(StoreError::io(format!("read {}", path.display())))?
            .len();
        manifest_size(path, size, meta)?;
        let mut stream = TableStream::new(reader, self.sequence)?;
        let blocks = 3 + stream.data_blocks() as u64;
        let mut buf = Vec::new();
        // Why the walk ended early: `live` stopped it (None) or failed.
        let mut ended: Option<Option<StoreError>> = None;
        let mut at = 0;
        while at < size && ended.is_none() {
            let len = CHUNK.min((size - at) as usize);
            read_exact_into(reader.file(), path, at, len, &mut buf)?;
            stream.feed(&buf, &mut |key, value| {
                if ended.is_none() {
                    match live(key, value) {
                        Ok(true) => {}
                        Ok(false) => ended = Some(None),
                        Err(e) => ended = Some(Some(e)),
                    }
                }
            })?;
            at += len as u64;
        }
        match ended {
            Some(Some(e)) => return Err(e),
            Some(None) => return Err(StoreError::Inconsistent("the walk was stopped".into())),
            None => {}
        }
        stream.finish(&meta.smallest, &meta.largest)?;
        Ok(blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bulk::StoreBuilder;
    use crate::store::open::WriteAccess;
    use crate::store::{Namespace, Store};

    /// Small tables of the namespaces `""`, `a`, `a0` (a neighbour sharing
    /// `a`'s first byte) and `b`, then writes and deletions through the
    /// engine: some flushed to a level-0 table, the rest left in the log.
    fn store(dir: &std::path::Path) {
        let mut builder = StoreBuilder::new(dir).with_table_bytes(1024);
        let mut keys = Vec::new();
        for ns in ["", "a", "a0", "b"] {
            for i in 0..300 {
                keys.push(format!("{ns}:k{i:04}"));
            }
        }
        keys.sort();
        for key in &keys {
            builder
                .add(
                    key.as_bytes(),
                    format!("\"{key}{}\"", "v".repeat(40)).as_bytes(),
                )
                .unwrap();
        }
        assert!(builder.finish().unwrap().tables > 20);
        let mut store = Store::open_write(dir, WriteAccess::default()).unwrap();
        let write = |store: &mut Store, puts: &[String], deletes: &[String]| {
            let mut batch = rusty_leveldb::WriteBatch::default();
            for k in puts {
                batch.put(k.as_bytes(), b"\"new\"");
            }
            for k in deletes {
                batch.delete(k.as_bytes());
            }
            store.write(batch).unwrap();
        };
        let ks = |ns: &str, range: std::ops::Range<u32>| -> Vec<String> {
            range.map(|i| format!("{ns}:k{i:04}")).collect()
        };
        write(&mut store, &ks("a", 40..45), &ks("a", 50..52));
        store.flush_memtable().unwrap();
        write(&mut store, &[], &ks("b", 10..11));
        store.flush_memtable().unwrap();
        write(&mut store, &ks("", 200..203), &[]);
        write(&mut store, &[":k0100x".to_string()], &[]);
        store.close().unwrap();
    }

    #[test]
    fn units_read_exactly_what_the_merged_view_holds() {
        let dir = tempfile::tempdir().unwrap();
        store(dir.path());
        for namespace in [
            Namespace::prefixed(""),
            Namespace::prefixed("a"),
            Namespace::prefixed("b"),
            Namespace::prefixed("zz"),
            Namespace::Raw,
        ] {
            let mut storage =
                StorageService::new(Store::open_read(dir.path()).unwrap(), namespace.clone());
            let units = plan(&mut storage, 2048).unwrap();
            let tables = units
                .iter()
                .filter(|u| matches!(u, WalkUnit::Table(_)))
                .count();
            if matches!(&namespace, Namespace::Prefixed(p) if p == b"a" || p.is_empty()) {
                // Tables read alone and ranges through the merged view.
                assert!(tables > 3 && tables < units.len(), "{units:?}");
            }
            let mut got: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
            for unit in &units {
                match unit {
                    WalkUnit::Range(range) => storage
                        .visit(range, |k, v| {
                            got.push((k.to_vec(), v.to_vec()));
                            Ok(true)
                        })
                        .unwrap(),
                    WalkUnit::Table(number) => {
                        let walk = TableWalk::open(&mut storage, *number).unwrap();
                        let blocks = walk
                            .run(|k: &[u8], v: &[u8]| {
                                let k =
                                    namespace.user_key(k).expect("a table inside the namespace");
                                got.push((k.to_vec(), v.to_vec()));
                                Ok(true)
                            })
                            .unwrap();
                        assert!(blocks > 3);
                    }
                }
            }
            let mut want = Vec::new();
            storage
                .visit(&ScanRange::default(), |k, v| {
                    want.push((k.to_vec(), v.to_vec()));
                    Ok(true)
                })
                .unwrap();
            assert_eq!(got, want, "{namespace:?}");
        }
    }
}
