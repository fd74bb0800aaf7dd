//! The restore plan of a snapshot in one merge: the view its chain ends
//! in, streamed out of the links' stored values (see
//! [`super::snapshot_view`]), side by side with a scan of the store,
//! instead of first decoding every link into a map. Only the stored values
//! themselves and the changes are held.
//!
//! Anything unusual — a broken chain, a value storectl did not write,
//! entries out of order or repeated — returns `None`, and the general path
//! (which materialises the chain, and words every problem) is taken
//! instead.

use super::snapshot::{CaptureRange, RestoreChange, SnapshotManager, StoreScan};
use super::snapshot_view::{chain_links, ChainView, Step};
use crate::store::{BatchOperation, StorageService};
use crate::Result;
use std::iter::Peekable;

/// The changes that make the snapshot's range equal to the snapshot `id`
/// (in key order), or `None` when the general path must be taken.
pub(super) fn streamed_plan(
    storage: &mut StorageService,
    id: &str,
) -> Result<Option<Vec<RestoreChange>>> {
    let Some(values) = chain_links(storage, id)? else {
        return Ok(None);
    };
    let Some(mut view) = ChainView::new(&values) else {
        return Ok(None);
    };
    let Some(range) = view.range() else {
        return Ok(None);
    };
    let scan = range.scan(storage)?;
    let mut merge = Merge {
        range: &range,
        store: scan.peekable(),
        changes: Vec::new(),
        failed: None,
    };
    loop {
        match view.step() {
            Step::Entry(key, value) => {
                if !merge.entry(key, value) {
                    break;
                }
            }
            Step::End => break,
            Step::Fallback => return Ok(None),
        }
    }
    merge.finish()
}

impl SnapshotManager<'_> {
    /// The changes that make the snapshot's range equal to its chain's view.
    pub fn restore_plan(&mut self, id: &str) -> Result<Vec<RestoreChange>> {
        // A snapshot without a base: one merge, nothing decoded into a map.
        if let Some(changes) = super::snapshot_restore::streamed_plan(self.storage, id)? {
            return Ok(changes);
        }
        self.materialised_plan(id)
    }

    /// [`Self::restore_plan`] from the chain's view in memory (any chain).
    pub(super) fn materialised_plan(&mut self, id: &str) -> Result<Vec<RestoreChange>> {
        let (range, mut view) = self.materialise(id)?;
        let mut changes = Vec::new();
        for item in range.scan(self.storage)? {
            let (key, value) = item?;
            if !range.contains(&key) {
                continue;
            }
            match view.remove(&key) {
                None => changes.push(RestoreChange::Delete { key }),
                Some(wanted) if wanted != value => changes.push(RestoreChange::Put {
                    key,
                    value: wanted,
                    existed: true,
                }),
                Some(_) => {}
            }
        }
        // Snapshots taken before metadata was excluded may hold some.
        view.retain(|key, _| range.contains(key));
        for (key, value) in view {
            changes.push(RestoreChange::Put {
                key,
                value,
                existed: false,
            });
        }
        changes.sort_by(|a, b| change_key(a).cmp(change_key(b)));
        Ok(changes)
    }

    /// Applies a restore plan as one atomic write.
    pub fn apply(&mut self, changes: Vec<RestoreChange>) -> Result<()> {
        let ops: Vec<BatchOperation> = changes
            .into_iter()
            .map(|c| match c {
                RestoreChange::Put { key, value, .. } => BatchOperation::Put { key, value },
                RestoreChange::Delete { key } => BatchOperation::Delete { key },
            })
            .collect();
        // Each value is freed once the write batch holds its copy.
        self.storage.batch_owned(ops)
    }
}

fn change_key(change: &RestoreChange) -> &[u8] {
    match change {
        RestoreChange::Put { key, .. } | RestoreChange::Delete { key } => key,
    }
}

/// The snapshot's entries against the store's keys, both in key order.
struct Merge<'r> {
    range: &'r CaptureRange,
    store: Peekable<StoreScan>,
    changes: Vec<RestoreChange>,
    failed: Option<crate::StoreError>,
}

impl Merge<'_> {
    /// Store keys before `key` are not in the snapshot: deleted (when in
    /// the range). Returns false when reading the store failed.
    fn skip_store_before(&mut self, key: Option<&[u8]>) -> bool {
        loop {
            match self.store.peek() {
                None => return true,
                Some(Err(_)) => {
                    if let Some(Err(e)) = self.store.next() {
                        self.failed = Some(e);
                    }
                    return false;
                }
                Some(Ok((k, _))) if key.is_none_or(|key| k.as_slice() < key) => {
                    let (k, _) = self.store.next().expect("peeked").expect("ok");
                    if self.range.contains(&k) {
                        self.changes.push(RestoreChange::Delete { key: k });
                    }
                }
                Some(Ok(_)) => return true,
            }
        }
    }

    /// One snapshot entry; false when reading the store failed.
    fn entry(&mut self, key: Vec<u8>, wanted: Vec<u8>) -> bool {
        if !self.skip_store_before(Some(&key)) {
            return false;
        }
        let stored = match self.store.peek() {
            Some(Ok((k, _))) if *k == key => self.store.next().and_then(|r| r.ok()).map(|(_, v)| v),
            _ => None,
        };
        if !self.range.contains(&key) {
            return true;
        }
        match stored {
            Some(value) if value == wanted => {}
            Some(_) => self.changes.push(RestoreChange::Put {
                key,
                value: wanted,
                existed: true,
            }),
            None => self.changes.push(RestoreChange::Put {
                key,
                value: wanted,
                existed: false,
            }),
        }
        true
    }

    fn finish(mut self) -> Result<Option<Vec<RestoreChange>>> {
        if self.failed.is_none() {
            self.skip_store_before(None);
        }
        match self.failed {
            Some(e) => Err(e),
            None => Ok(Some(self.changes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::snapshot::SnapshotManager;
    use crate::store::{BatchOperation, Namespace, Store};

    fn put(key: &[u8], value: &[u8]) -> BatchOperation {
        BatchOperation::Put {
            key: key.to_vec(),
            value: value.to_vec(),
        }
    }

    fn delete(key: &[u8]) -> BatchOperation {
        BatchOperation::Delete { key: key.to_vec() }
    }

    /// The streamed plan equals the materialised one for snapshots of
    /// every range kind, with keys kept aside (binary, non-JSON), keys out
    /// of the range, and a store changed every way since.
    #[test]
    fn the_streamed_plan_is_the_materialised_plan() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage =
            StorageService::new(Store::create_in(dir.path()), Namespace::prefixed(""));
        let mut ops = Vec::new();
        for i in 0..300u32 {
            ops.push(put(
                format!("state:m1:k{i:03}").as_bytes(),
                format!("{{\"n\":{i}}}").as_bytes(),
            ));
            ops.push(put(format!("block:{i:04x}").as_bytes(), b"[1, 2]"));
        }
        ops.push(put(b"state:m1", br#"{"stateRoot":"0x1"}"#));
        ops.push(put(b"state:m1:\xff", b"\"binary key\""));
        ops.push(put(b"state:m1:text", b"not json"));
        ops.push(put(b"state:m1:bytes", b"\x00\xff"));
        ops.push(put(b"state:m10", b"1"));
        ops.push(put(b"other", b"\"\\ud800\""));
        storage.batch(&ops).unwrap();
        let ranges = [
            CaptureRange::All,
            CaptureRange::Machine("m1".into()),
            CaptureRange::Prefix("block:00".into()),
        ];
        let mut ids = Vec::new();
        for (i, range) in ranges.into_iter().enumerate() {
            let id = format!("s{i}");
            SnapshotManager::new(&mut storage)
                .create(Some(range), None, Some(&id), || {})
                .unwrap();
            ids.push(id);
        }
        storage
            .batch(&[
                delete(b"state:m1:k007"),
                delete(b"state:m1:\xff"),
                delete(b"block:0001"),
                put(b"state:m1:k008", b"{\"n\":-8}"),
                put(b"state:m1:new", b"2"),
                put(b"state:m1:text", b"other text"),
                put(b"block:00zz", b"3"),
                put(b"state:m1:\xfe", b"4"),
                put(b"zzz", b"5"),
            ])
            .unwrap();
        // Incremental links on each: the changes above, then more.
        let on_top = |storage: &mut StorageService, bases: &[String], name: char| {
            let mut ids = Vec::new();
            for (i, base) in bases.iter().enumerate() {
                let id = format!("{name}{i}");
                SnapshotManager::new(storage)
                    .create(None, Some(base), Some(&id), || {})
                    .unwrap();
                ids.push(id);
            }
            ids
        };
        let incremental = on_top(&mut storage, &ids, 'i');
        storage
            .batch(&[
                delete(b"state:m1:k009"),
                put(b"state:m1:k007", b"7"),
                put(b"block:0002", b"22"),
            ])
            .unwrap();
        ids.extend(on_top(&mut storage, &incremental, 'j'));
        ids.extend(incremental);
        storage
            .batch(&[
                delete(b"state:m1:k010"),
                put(b"state:m1:k009", b"9"),
                delete(b"block:0003"),
            ])
            .unwrap();
        for id in &ids {
            let streamed = streamed_plan(&mut storage, id).unwrap();
            let streamed = streamed.expect("a chain written by storectl is streamed");
            let materialised = SnapshotManager::new(&mut storage)
                .materialised_plan(id)
                .unwrap();
            assert!(!materialised.is_empty(), "{id}: the store changed");
            assert_eq!(streamed, materialised, "{id}");
        }
    }
}
