//! The longest, then greatest, key under a prefix among every stored entry
//! (live, overwritten or deleted), found in one pass over the range's
//! blocks that materialises no entry: for keys whose order by length then
//! bytes is their meaning, as unpadded decimals (`height:<n>`) are.
//!
//! Entries are not merged, so the answer may be an overwritten or deleted
//! key; every live key is among the entries, so when a lookup finds the
//! answer live it is the greatest live key. Every block read has its
//! checksum checked, as everywhere else.

use super::block::for_each_entry;
use super::error::{ReadError, ReadResult};
use super::format::{lookup_key, user_key, BlockHandle, MAX_SEQUENCE};
use super::table::TableReader;
use super::version::{LiveTable, Version};
use crate::store::keys::prefix_upper_bound;
use std::collections::HashSet;

/// From this many tables under the prefix on, two threads walk them.
const PARALLEL_TABLES: usize = 8;

/// What a key must satisfy, and the best key so far.
struct Best<'a> {
    prefix: &'a [u8],
    upper: Option<Vec<u8>>,
    accept: &'a (dyn Fn(&[u8]) -> bool + Sync),
    key: Option<Vec<u8>>,
}

impl<'a> Best<'a> {
    fn new(prefix: &'a [u8], accept: &'a (dyn Fn(&[u8]) -> bool + Sync)) -> Best<'a> {
        Best {
            prefix,
            upper: prefix_upper_bound(prefix),
            accept,
            key: None,
        }
    }

    /// Whether the table's key range meets the prefix.
    fn overlaps(&self, t: &LiveTable) -> bool {
        t.overlaps(self.prefix, self.upper.as_deref())
    }

    /// Whether `key` is under the prefix with a tail `accept` takes.
    fn takes(&self, key: &[u8]) -> bool {
        key.strip_prefix(self.prefix).is_some_and(self.accept)
    }

    /// Takes `key` if it is longer, or as long and greater.
    fn offer(&mut self, key: &[u8]) {
        let better = match &self.key {
            None => true,
            Some(best) => {
                key.len() > best.len() || (key.len() == best.len() && key > best.as_slice())
            }
        };
        if better && self.takes(key) {
            self.key = Some(key.to_vec());
        }
    }
}

impl Version {
    /// The longest key under `prefix`, the greatest of those, among every
    /// entry of this version's logs and tables whose tail after the prefix
    /// `accept` takes (see the module documentation: confirm the answer
    /// with [`Version::get`]). With many tables, every other one is walked
    /// on a second thread, from a twin of this version.
    pub fn longest_greatest_key(
        &self,
        prefix: &[u8],
        accept: &(dyn Fn(&[u8]) -> bool + Sync),
    ) -> ReadResult<Option<Vec<u8>>> {
        self.longest_greatest_key_from(prefix, accept, PARALLEL_TABLES)
    }

    /// [`Self::longest_greatest_key`], on two threads from `parallel` tables on.
    fn longest_greatest_key_from(
        &self,
        prefix: &[u8],
        accept: &(dyn Fn(&[u8]) -> bool + Sync),
        parallel: usize,
    ) -> ReadResult<Option<Vec<u8>>> {
        let mut best = Best::new(prefix, accept);
        let upper = best.upper.clone();
        let memtable = self.memtable();
        for i in memtable.seek(&lookup_key(prefix, MAX_SEQUENCE))..memtable.len() {
            let key = user_key(memtable.key(i));
            if upper.as_deref().is_some_and(|u| key >= u) {
                break;
            }
            best.offer(key);
        }
        let overlapping: Vec<u64> = self
            .tables()
            .filter(|t| best.overlaps(t))
            .map(|t| t.number)
            .collect();
        if overlapping.len() < parallel {
            self.walk_tables(&mut best, |_| true)?;
            return Ok(best.key);
        }
        let theirs: HashSet<u64> = overlapping.iter().skip(1).step_by(2).copied().collect();
        let twin = self.twin()?;
        let other = std::thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let version = twin.into_version();
                let mut other = Best::new(prefix, accept);
                version
                    .walk_tables(&mut other, |n| theirs.contains(&n))
                    .map(|()| other.key)
            });
            let mine = self.walk_tables(&mut best, |n| !theirs.contains(&n));
            let other = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            mine.and(other)
        })?;
        if let Some(key) = other {
            best.offer(&key);
        }
        Ok(best.key)
    }

    /// Offers the best key of each table under the prefix that `pick`
    /// takes (by file number).
    fn walk_tables(&self, best: &mut Best, pick: impl Fn(u64) -> bool) -> ReadResult<()> {
        let mut buf = Vec::new();
        for t in self.tables() {
            if !best.overlaps(t) || !pick(t.number) {
                continue;
            }
            let table = t.table.reader()?;
            if let Some(key) = walk_table(&table, best, &mut buf)? {
                // Between the first and last blocks only the prefix's keys
                // can sit, unless the table's keys are out of order.
                if !best.takes(&key) {
                    return Err(ReadError::corrupt(
                        table.path(),
                        None,
                        "a data block holds a key outside its index entries' range (keys out of order)",
                    ));
                }
                best.offer(&key);
            }
        }
        Ok(())
    }
}

/// The table's best key: the blocks that may hold keys of the range, read
/// in runs of adjacent blocks into `raw`.
fn walk_table(table: &TableReader, best: &Best, raw: &mut Vec<u8>) -> ReadResult<Option<Vec<u8>>> {
    let index = table.index();
    let mut handles: Vec<BlockHandle> = Vec::new();
    for i in index.seek(&lookup_key(best.prefix, MAX_SEQUENCE))..index.len() {
        handles.push(table.decode_handle(index.value(i))?);
        // This block holds keys up to its separator; the next ones are past it.
        if best
            .upper
            .as_deref()
            .is_some_and(|u| user_key(index.key(i)) >= u)
        {
            break;
        }
    }
    let mut local = Local::default();
    let last = handles.len().saturating_sub(1);
    table.for_each_block(&handles, raw, |i, handle, data| {
        // Only the first and last blocks can hold keys outside the range.
        let edge = i == 0 || i == last;
        walk_block(data, best, edge, &mut local)
            .map_err(|m| ReadError::corrupt(table.path(), Some(handle.offset), m))
    })?;
    Ok(local.found.then_some(local.key))
}

/// One table's best key: its keys come in ascending order, so a key as
/// long as the best is greater than it.
#[derive(Default)]
struct Local {
    key: Vec<u8>,
    found: bool,
}

/// Offers a block's keys ([`for_each_entry`] decodes them). Only an
/// `edge` block can hold keys without the prefix.
fn walk_block(data: &[u8], best: &Best, edge: bool, local: &mut Local) -> Result<(), String> {
    let mut key: Vec<u8> = Vec::with_capacity(64);
    for_each_entry(data, |e| {
        key.truncate(e.shared);
        key.extend_from_slice(e.unshared);
        let len = key
            .len()
            .checked_sub(8)
            .ok_or_else(|| format!("undecodable block entry at block offset {}", e.at))?;
        let user = &key[..len];
        let tail = if edge {
            user.strip_prefix(best.prefix)
        } else {
            user.get(best.prefix.len()..)
        };
        if (!local.found || len >= local.key.len()) && tail.is_some_and(best.accept) {
            local.key.clear();
            local.key.extend_from_slice(user);
            local.found = true;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::view::open_version;

    fn decimal(d: &[u8]) -> bool {
        !d.is_empty() && d.iter().all(u8::is_ascii_digit) && d[0] != b'0'
    }

    #[test]
    fn finds_the_largest_decimal_among_live_overwritten_and_deleted_entries() {
        let dir = tempfile::tempdir().unwrap();
        let opts = rusty_leveldb::Options {
            write_buffer_size: 64 << 10,
            ..rusty_leveldb::Options::default()
        };
        let mut db = rusty_leveldb::DB::open(dir.path(), opts).unwrap();
        for n in 1..5000u32 {
            db.put(format!("n:{n}").as_bytes(), &[b'x'; 40]).unwrap();
        }
        db.put(b"n:0999999", b"padded: not taken").unwrap();
        db.put(b"n:zz", b"not a number").unwrap();
        db.put(b"o:99999999", b"past the range").unwrap();
        db.flush().unwrap();
        db.delete(b"n:4999").unwrap();
        db.put(b"n:77", b"overwritten, in the log").unwrap();
        db.flush().unwrap();
        drop(db);
        let version = open_version(dir.path()).unwrap();
        assert!(version.tables().count() > 2, "several tables");
        let found = version.longest_greatest_key(b"n:", &decimal).unwrap();
        // The deleted key is still an entry: the caller's lookup rules it out.
        assert_eq!(found.as_deref(), Some(&b"n:4999"[..]));
        assert_eq!(version.get(b"n:4999").unwrap(), None);
        let four = version.longest_greatest_key(b"n:4", &decimal).unwrap();
        assert_eq!(four.as_deref(), Some(&b"n:4999"[..]));
        let three = version.longest_greatest_key(b"n:3", &decimal).unwrap();
        assert_eq!(three.as_deref(), Some(&b"n:3999"[..]));
        // Every other table on a second thread: the same answers.
        let prefixes: Vec<Vec<u8>> = (1..50)
            .map(|d| format!("n:{d}").into_bytes())
            .chain([b"n:".to_vec(), b"p:".to_vec()])
            .collect();
        for prefix in &prefixes {
            assert_eq!(
                version
                    .longest_greatest_key_from(prefix, &decimal, 1)
                    .unwrap(),
                version
                    .longest_greatest_key_from(prefix, &decimal, usize::MAX)
                    .unwrap(),
                "{prefix:?}"
            );
        }
        let none = version.longest_greatest_key(b"p:", &decimal).unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn tables_walked_on_two_threads_give_the_one_thread_answer() {
        // Disjoint sorted tables: each prefix's answer is in one table, so
        // both threads' tables hold answers.
        let dir = tempfile::tempdir().unwrap();
        let mut keys: Vec<Vec<u8>> = (1..20_000u32)
            .map(|n| format!("n:{n}").into_bytes())
            .collect();
        keys.sort();
        let mut builder =
            crate::store::bulk::StoreBuilder::new(dir.path()).with_table_bytes(8 << 10);
        for key in &keys {
            builder.add(key, b"v").unwrap();
        }
        builder.finish().unwrap();
        let version = open_version(dir.path()).unwrap();
        assert!(version.tables().count() >= 16, "many tables");
        for d in 1..200u32 {
            let prefix = format!("n:{d}").into_bytes();
            let want = keys
                .iter()
                .filter(|k| k.starts_with(&prefix))
                .max_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)))
                .cloned();
            for parallel in [1, usize::MAX] {
                let got = version
                    .longest_greatest_key_from(&prefix, &decimal, parallel)
                    .unwrap();
                assert_eq!(got, want, "prefix n:{d}, parallel from {parallel}");
            }
        }
    }
}
