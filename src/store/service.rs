//! The seed's `StorageService`: namespaced keys, JSON values, atomic batches
//! and range scans over an open [`Store`].

use super::batch::BatchOperation;
use super::ingest::IngestEntry;
use super::keys::Namespace;
use super::open::{Store, StoreTwin};
use super::scan::ScanRange;
use crate::error::{Result, StoreError};
use rusty_leveldb::WriteBatch;

/// Batches larger than this are ingested as a table of their own (see
/// [`StorageService::batch_owned`]): the engine's memtable size, which the
/// engine would write out as a table straight away.
pub const INGEST_BYTES: usize = 4 << 20;

/// Key/value access to one namespace of a store.
pub struct StorageService {
    store: Store,
    namespace: Namespace,
}

impl StorageService {
    /// Serves `namespace` of `store`.
    pub fn new(store: Store, namespace: Namespace) -> Self {
        StorageService { store, namespace }
    }

    /// The namespace keys are resolved in.
    pub fn namespace(&self) -> &Namespace {
        &self.namespace
    }

    /// The underlying store.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The value bytes under a user key.
    pub fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let full = self.namespace.full_key(key);
        self.store.get(&full)
    }

    /// The value under a user key, parsed as JSON (`None` when missing).
    pub fn get_json(&mut self, key: &[u8]) -> Result<Option<serde_json::Value>> {
        match self.get(key)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                StoreError::bad_input(format!(
                    "value of {} is not JSON: {e}",
                    super::codec::escape_bytes(key)
                ))
            }),
        }
    }

    /// Stores value bytes under a user key.
    pub fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.batch(&[BatchOperation::Put {
            key: key.to_vec(),
            value: value.to_vec(),
        }])
    }

    /// Stores a JSON value, serialised as `JSON.stringify` would.
    pub fn put_json(&mut self, key: &[u8], value: &serde_json::Value) -> Result<()> {
        self.put(key, value.to_string().as_bytes())
    }

    /// Deletes user keys in one atomic write; returns how many distinct keys existed.
    pub fn delete(&mut self, keys: &[Vec<u8>]) -> Result<usize> {
        let unique: std::collections::BTreeSet<&Vec<u8>> = keys.iter().collect();
        let mut existed = 0;
        for key in &unique {
            if self.get(key)?.is_some() {
                existed += 1;
            }
        }
        let ops: Vec<BatchOperation> = unique
            .into_iter()
            .map(|key| BatchOperation::Delete { key: key.clone() })
            .collect();
        self.batch(&ops)?;
        Ok(existed)
    }

    /// Applies all operations as one atomic LevelDB write.
    pub fn batch(&mut self, ops: &[BatchOperation]) -> Result<()> {
        self.check_keys(ops)?;
        let mut batch = WriteBatch::default();
        for op in ops {
            self.add_to(&mut batch, op);
        }
        self.write_batch(batch)
    }

    /// [`Self::batch`], taking the operations. A batch of more than
    /// [`INGEST_BYTES`] is written as a table of its own
    /// ([`Store::ingest`]), so one large value (a snapshot of a whole store)
    /// is held once, by the caller, instead of also by the engine's write
    /// batch, memtable and table builder; a smaller one goes through the
    /// engine, each value freed as soon as the write batch holds its copy.
    pub fn batch_owned(&mut self, ops: Vec<BatchOperation>) -> Result<()> {
        self.check_keys(&ops)?;
        let bytes: usize = ops
            .iter()
            .map(|op| {
                op.key().len()
                    + match op {
                        BatchOperation::Put { value, .. } => value.len(),
                        BatchOperation::Delete { .. } => 0,
                    }
            })
            .sum();
        if bytes > INGEST_BYTES {
            return self.ingest(ops);
        }
        let mut batch = WriteBatch::default();
        for op in ops {
            self.add_to(&mut batch, &op);
        }
        self.write_batch(batch)
    }

    /// Writes `ops` atomically as a table of their own; for a key given
    /// more than once, the last operation wins (as in a write batch).
    fn ingest(&mut self, ops: Vec<BatchOperation>) -> Result<()> {
        let mut entries: Vec<(Vec<u8>, Option<Vec<u8>>)> = ops
            .into_iter()
            .map(|op| match op {
                BatchOperation::Put { key, value } => (self.namespace.full_key(&key), Some(value)),
                BatchOperation::Delete { key } => (self.namespace.full_key(&key), None),
            })
            .collect();
        // Stable: the last of equal keys stays last, then wins the dedup.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        let borrowed: Vec<IngestEntry<'_>> = kept
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_deref()))
            .collect();
        self.store.ingest(&borrowed).map(|_| ())
    }

    fn check_keys(&self, ops: &[BatchOperation]) -> Result<()> {
        if ops
            .iter()
            .any(|op| self.namespace.full_key(op.key()).is_empty())
        {
            // rusty-leveldb panics when it builds a table holding an empty key.
            return Err(StoreError::bad_input(
                "the empty key cannot be stored (use a non-empty key; the engine cannot build tables with it)",
            ));
        }
        Ok(())
    }

    fn add_to(&self, batch: &mut WriteBatch, op: &BatchOperation) {
        let full = self.namespace.full_key(op.key());
        match op {
            BatchOperation::Put { value, .. } => batch.put(&full, value),
            BatchOperation::Delete { .. } => batch.delete(&full),
        }
    }

    fn write_batch(&mut self, batch: WriteBatch) -> Result<()> {
        if batch.count() == 0 {
            return Ok(());
        }
        self.store.write(batch)
    }

    /// Streams `(user key, value)` pairs of a range from one consistent
    /// version; nothing is collected in memory. A file that cannot be read
    /// ends the scan with an error item, never silently.
    pub fn scan(
        &mut self,
        range: &ScanRange,
    ) -> Result<impl Iterator<Item = Result<(Vec<u8>, Vec<u8>)>> + use<>> {
        let (lower, upper) = range.bounds(&self.namespace);
        let it = self.store.iter(lower, upper, range.reverse)?;
        let namespace = self.namespace.clone();
        let limit = range.limit.unwrap_or(usize::MAX);
        Ok(it.take(limit).map(move |item| {
            let (mut key, value) = item?;
            // The user key is the full key's tail: cut in place.
            if let Some(user) = namespace.user_key(&key) {
                let cut = key.len() - user.len();
                key.drain(..cut);
            }
            Ok((key, value))
        }))
    }

    /// Calls `visit(user key, value)` on each pair of a forward range from
    /// one consistent version, borrowed (nothing is copied), until `visit`
    /// returns `false`: [`Self::scan`] for passes that keep nothing.
    pub fn visit(
        &mut self,
        range: &ScanRange,
        mut visit: impl FnMut(&[u8], &[u8]) -> Result<bool>,
    ) -> Result<()> {
        assert!(!range.reverse, "visit walks forward");
        let (lower, upper) = range.bounds(&self.namespace);
        let mut it = self.store.iter(lower, upper, false)?;
        // Every full key in the range starts with the namespace's part.
        let cut = self.namespace.full_key(b"").len();
        let mut left = range.limit.unwrap_or(usize::MAX);
        if left == 0 {
            return Ok(());
        }
        it.visit(|key, value| {
            left -= 1;
            Ok(visit(&key[cut..], value)? && left > 0)
        })
    }

    /// The namespace as this service reads it, to serve on another thread
    /// ([`ServiceTwin::open`]): the same state of the store.
    pub fn twin(&mut self) -> Result<ServiceTwin> {
        Ok(ServiceTwin {
            store: self.store.twin()?,
            namespace: self.namespace.clone(),
        })
    }

    /// User keys, in order, that split the namespace's keys into ranges
    /// of about `part_bytes` of table bytes each (from the manifest's key
    /// ranges; nothing is read), to scan the ranges on several threads
    /// (see [`super::ranges`]). Empty when the namespace lies in one table
    /// or none.
    pub fn split_keys(&mut self, part_bytes: u64) -> Result<Vec<Vec<u8>>> {
        use super::ldb::format::user_key;
        let (lower, upper) = self.namespace.prefix_range(b"");
        let version = self.store.version()?;
        let mut tables: Vec<(&[u8], u64)> = version
            .tables()
            .filter(|t| t.overlaps(&lower, upper.as_deref()))
            .map(|t| (user_key(&t.smallest), t.table.size()))
            .collect();
        tables.sort_unstable();
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut before = 0;
        for (smallest, size) in tables {
            if before >= part_bytes.max(1) * (keys.len() as u64 + 1) {
                if let Some(key) = self.namespace.user_key(smallest).filter(|k| !k.is_empty()) {
                    if keys.last().is_none_or(|last| last.as_slice() < key) {
                        keys.push(key.to_vec());
                    }
                }
            }
            before += size;
        }
        Ok(keys)
    }

    /// The longest, then greatest, key under `key_prefix` among every
    /// stored entry (live, overwritten or deleted) whose tail after the
    /// prefix `accept` takes: for keys ordered by length then bytes, as
    /// unpadded decimals are. Entries are not merged: a live answer (check
    /// with [`Self::get`]) is the greatest live key; see `ldb::greatest`.
    pub fn longest_greatest_key(
        &mut self,
        key_prefix: &[u8],
        accept: &(dyn Fn(&[u8]) -> bool + Sync),
    ) -> Result<Option<Vec<u8>>> {
        let prefix = self.namespace.full_key(key_prefix);
        let found = self
            .store
            .version()?
            .longest_greatest_key(&prefix, accept)?;
        Ok(found.and_then(|full| self.namespace.user_key(&full).map(<[u8]>::to_vec)))
    }

    /// Whether the namespace holds any key at all.
    pub fn namespace_has_keys(&mut self) -> Result<bool> {
        Ok(self
            .scan(&ScanRange {
                limit: Some(1),
                ..ScanRange::default()
            })?
            .next()
            .transpose()?
            .is_some())
    }

    /// Up to `max` namespace prefixes that hold keys anywhere in the store
    /// (the bytes before each key's first `:`), found by seeking from one
    /// prefix to the next, not by reading every key.
    pub fn namespaces_in_store(&mut self, max: usize) -> Result<Vec<Vec<u8>>> {
        let mut found = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        for _ in 0..max.saturating_mul(64) {
            if found.len() >= max {
                break;
            }
            let Some(item) = self.store.iter(from.clone(), None, false)?.next() else {
                break;
            };
            let (key, _) = item?;
            match key.iter().position(|b| *b == b':') {
                Some(colon) => {
                    found.push(key[..colon].to_vec());
                    // Past every key of this namespace.
                    match super::keys::prefix_upper_bound(&key[..=colon]) {
                        Some(next) => from = next,
                        None => break,
                    }
                }
                None => {
                    from = key;
                    from.push(0);
                }
            }
        }
        Ok(found)
    }

    /// Flushes and releases the store.
    pub fn close(self) -> Result<()> {
        self.store.close()
    }
}

/// A [`StorageService`]'s namespace and store state, to open on another
/// thread.
pub struct ServiceTwin {
    store: StoreTwin,
    namespace: Namespace,
}

impl ServiceTwin {
    /// The same namespace of the same state of the store.
    pub fn open(self) -> StorageService {
        StorageService::new(self.store.open(), self.namespace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{BatchProcessor, CachedStorageService, WriteAccess};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn open_new(dir: &std::path::Path, ns: Namespace) -> StorageService {
        StorageService::new(Store::create_in(dir), ns)
    }

    fn put(key: &[u8], value: &[u8]) -> BatchOperation {
        BatchOperation::Put {
            key: key.to_vec(),
            value: value.to_vec(),
        }
    }

    #[test]
    fn put_get_delete_and_namespace_isolation() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = open_new(dir.path(), Namespace::prefixed("a"));
        a.put(b"k", b"1").unwrap();
        assert_eq!(a.get(b"k").unwrap(), Some(b"1".to_vec()));
        assert_eq!(a.get_json(b"k").unwrap(), Some(serde_json::json!(1)));
        assert_eq!(
            a.delete(&[b"k".to_vec(), b"k".to_vec(), b"x".to_vec()])
                .unwrap(),
            1
        );
        assert_eq!(a.get(b"k").unwrap(), None);
        a.put(b"k", b"2").unwrap();
        a.close().unwrap();
        let mut raw = StorageService::new(Store::open_read(dir.path()).unwrap(), Namespace::Raw);
        assert_eq!(raw.get(b"a:k").unwrap(), Some(b"2".to_vec()));
        assert_eq!(raw.get(b":k").unwrap(), None);
    }

    #[test]
    fn the_empty_raw_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut raw = open_new(dir.path(), Namespace::Raw);
        assert!(matches!(raw.put(b"", b"1"), Err(StoreError::BadInput(_))));
        raw.put(b"a", b"1").unwrap();
        raw.store_mut().flush_memtable().unwrap();
        raw.close().unwrap();
        let store = Store::open_write(dir.path(), WriteAccess::default()).unwrap();
        let mut ns = StorageService::new(store, Namespace::prefixed(""));
        ns.put(b"", b"1").unwrap(); // the full key is ":"
        ns.store_mut().flush_memtable().unwrap();
    }

    #[test]
    fn a_batch_larger_than_the_memtable_is_ingested_the_rest_goes_to_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let ns = Namespace::prefixed("p");
        let mut s = open_new(dir.path(), ns);
        s.batch_owned(vec![put(b"small", b"1")]).unwrap();
        let big = vec![b'7'; INGEST_BYTES];
        s.batch_owned(vec![
            put(b"snap", b"first"),
            BatchOperation::Delete {
                key: b"small".to_vec(),
            },
            put(b"snap", &big),
        ])
        .unwrap();
        assert_eq!(s.get(b"snap").unwrap(), Some(big.clone()));
        assert_eq!(s.get(b"small").unwrap(), None);
        let version = crate::store::ldb::open_version(dir.path()).unwrap();
        // Not through the log: a table of its own, the newest file.
        assert_eq!(version.log_entries(), 0);
        let manifest = version.manifest();
        let table = version
            .tables()
            .find(|t| t.number + 1 == manifest.next_file_number)
            .expect("the newest table");
        assert_eq!(
            crate::store::ldb::format::user_key(&table.smallest),
            b"p:small"
        );
        assert_eq!(
            crate::store::ldb::format::user_key(&table.largest),
            b"p:snap"
        );
        assert_eq!(manifest.name, format!("MANIFEST-{:06}", table.number - 1));
        // A batch that fits goes through the engine's log.
        s.batch_owned(vec![put(b"after", b"2")]).unwrap();
        let version = crate::store::ldb::open_version(dir.path()).unwrap();
        assert_eq!(version.log_entries(), 1);
        s.close().unwrap();
    }

    #[test]
    fn read_view_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        open_new(dir.path(), Namespace::Raw).close().unwrap();
        let mut view = StorageService::new(Store::open_read(dir.path()).unwrap(), Namespace::Raw);
        assert!(view.put(b"k", b"1").is_err());
    }

    #[test]
    fn cache_is_lru_and_invalidated_by_writes() {
        let dir = tempfile::tempdir().unwrap();
        let service = open_new(dir.path(), Namespace::prefixed(""));
        let mut cached = CachedStorageService::new(service, 2);
        cached.put(b"a", b"1").unwrap();
        assert_eq!(cached.get(b"a").unwrap(), Some(b"1".to_vec()));
        cached.put(b"a", b"2").unwrap();
        assert_eq!(cached.get(b"a").unwrap(), Some(b"2".to_vec()));
        cached.delete(b"a").unwrap();
        assert_eq!(cached.get(b"a").unwrap(), None);
        // A write that bypasses the cache is not seen until eviction: the
        // cache serves what it holds, and LRU order decides what it holds.
        cached.get(b"b").unwrap();
        cached.inner_mut().put(b"b", b"late").unwrap();
        assert_eq!(cached.get(b"b").unwrap(), None);
        cached.get(b"c").unwrap();
        cached.get(b"d").unwrap(); // evicts the least recently used: b
        assert_eq!(cached.get(b"b").unwrap(), Some(b"late".to_vec()));
    }

    #[test]
    fn batch_processor_flushes_in_chunks_and_on_finish() {
        let dir = tempfile::tempdir().unwrap();
        let mut service = open_new(dir.path(), Namespace::prefixed(""));
        {
            let mut writer = BatchProcessor::new(&mut service, 3);
            for i in 0..7u8 {
                writer.add(put(&[b'k', b'0' + i], b"1")).unwrap();
            }
            assert_eq!(writer.finish().unwrap(), 7);
        }
        {
            // Dropped without finish: the pending operation is not written.
            let mut writer = BatchProcessor::new(&mut service, 100);
            writer.add(put(b"dropped", b"1")).unwrap();
        }
        assert_eq!(service.scan(&ScanRange::default()).unwrap().count(), 7);
    }

    #[test]
    fn a_scan_reads_one_consistent_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut service = open_new(dir.path(), Namespace::prefixed(""));
        service
            .batch(&[put(b"a", b"1"), put(b"b", b"1"), put(b"c", b"1")])
            .unwrap();
        let mut scan = service.scan(&ScanRange::default()).unwrap();
        assert_eq!(
            scan.next().unwrap().unwrap(),
            (b"a".to_vec(), b"1".to_vec())
        );
        // Writes after the scan started are not seen by it.
        service.batch(&[put(b"b", b"2"), put(b"bb", b"2")]).unwrap();
        service.delete(&[b"c".to_vec()]).unwrap();
        let rest: Vec<(Vec<u8>, Vec<u8>)> = scan.map(|r| r.unwrap()).collect();
        assert_eq!(
            rest,
            vec![
                (b"b".to_vec(), b"1".to_vec()),
                (b"c".to_vec(), b"1".to_vec())
            ]
        );
    }

    #[test]
    fn reverse_scans_cross_chunks_and_tables() {
        let dir = tempfile::tempdir().unwrap();
        let mut service = open_new(dir.path(), Namespace::prefixed(""));
        let keys: Vec<Vec<u8>> = (0..5000u32)
            .map(|i| format!("k:{}:{i}", i % 7).into_bytes())
            .chain((0..300u32).map(|i| vec![0xFF, (i % 256) as u8, (i / 256) as u8]))
            .collect();
        for (i, part) in keys.chunks(700).enumerate() {
            let ops: Vec<BatchOperation> = part.iter().map(|k| put(k, b"v")).collect();
            service.batch(&ops).unwrap();
            if i % 2 == 0 {
                service.store_mut().flush_memtable().unwrap();
            }
        }
        let forward: Vec<Vec<u8>> = service
            .scan(&ScanRange::default())
            .unwrap()
            .map(|r| r.unwrap().0)
            .collect();
        assert_eq!(forward.len(), keys.len());
        for range in [
            ScanRange {
                reverse: true,
                ..ScanRange::default()
            },
            ScanRange {
                reverse: true,
                start: Some(b"k:3".to_vec()),
                end: Some(b"k:5:77".to_vec()),
                ..ScanRange::default()
            },
            ScanRange {
                reverse: true,
                key_prefix: vec![0xFF],
                ..ScanRange::default()
            },
        ] {
            let mut expected: Vec<Vec<u8>> = service
                .scan(&ScanRange {
                    reverse: false,
                    ..range.clone()
                })
                .unwrap()
                .map(|r| r.unwrap().0)
                .collect();
            expected.reverse();
            let got: Vec<Vec<u8>> = service
                .scan(&range)
                .unwrap()
                .map(|r| r.unwrap().0)
                .collect();
            assert_eq!(got.len(), expected.len());
            assert!(got == expected, "reverse scan differs for {range:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Scans agree with a BTreeMap model for every range, direction and limit.
        #[test]
        fn scan_matches_a_model(
            keys in proptest::collection::btree_set(proptest::collection::vec(prop_oneof![Just(0u8), Just(b'a'), Just(b'b'), Just(0xFFu8)], 0..4), 0..24),
            prefix in proptest::collection::vec(prop_oneof![Just(b'a'), Just(0xFFu8)], 0..2),
            start in proptest::option::of(proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0xFFu8)], 0..3)),
            end in proptest::option::of(proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0xFFu8)], 0..3)),
            limit in proptest::option::of(0usize..5),
            reverse in any::<bool>(),
            raw in any::<bool>(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let ns = if raw { Namespace::Raw } else { Namespace::prefixed("p") };
            let mut service = open_new(dir.path(), ns);
            if !raw {
                // Neighbours of the namespace must never show up in its scans.
                let mut neighbours = WriteBatch::default();
                for k in [&b"o:a"[..], b"p", b"p;", b"pa:a", b"q", b"\xff"] {
                    neighbours.put(k, b"outside");
                }
                service.store_mut().write(neighbours).unwrap();
            }
            // Spread the keys over several tables and the memtable, as a
            // store written by many commands is (reverse scans once lost
            // entries across tables).
            let keys: std::collections::BTreeSet<Vec<u8>> = keys.into_iter().filter(|k| !(raw && k.is_empty())).collect();
            let ops: Vec<BatchOperation> = keys.iter().map(|k| put(k, b"v")).collect();
            for (i, part) in ops.chunks(4).enumerate() {
                service.batch(part).unwrap();
                if i % 2 == 0 {
                    service.store_mut().flush_memtable().unwrap();
                }
            }
            let model: BTreeMap<Vec<u8>, ()> = keys.iter().map(|k| (k.clone(), ())).collect();
            let mut expected: Vec<Vec<u8>> = model
                .keys()
                .filter(|k| k.starts_with(&prefix))
                .filter(|k| start.as_ref().is_none_or(|s| *k >= s))
                .filter(|k| end.as_ref().is_none_or(|e| *k < e))
                .cloned()
                .collect();
            if reverse { expected.reverse(); }
            if let Some(n) = limit { expected.truncate(n); }
            let range = ScanRange { key_prefix: prefix.clone(), start: start.clone(), end: end.clone(), limit, reverse };
            let got: Vec<Vec<u8>> = service.scan(&range).unwrap().map(|r| r.unwrap().0).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
