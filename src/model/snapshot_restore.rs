//! The restore plan of a snapshot without a base, in one merge: its stored
//! entries (in key order, as storectl writes them) are read straight out of
//! the stored value, side by side with a scan of the store, instead of
//! first decoding the whole snapshot into a map. Only the stored value
//! itself and the changes are held.
//!
//! Anything unusual — a base, a value storectl did not write, entries out
//! of order or repeated, deletions recorded in a root snapshot — returns
//! `None`, and the general path (which materialises the chain, and words
//! every problem) is taken instead.

use super::snapshot::{
    base_key, decode_extra, snapshot_key, CaptureRange, RestoreChange, StoreScan,
};
use crate::store::json as rawjson;
use crate::store::StorageService;
use crate::Result;
use std::iter::Peekable;

/// The changes that make the snapshot's range equal to the snapshot `id`
/// (in key order), or `None` when the general path must be taken.
pub(super) fn streamed_plan(
    storage: &mut StorageService,
    id: &str,
) -> Result<Option<Vec<RestoreChange>>> {
    if storage.get(&base_key(id))?.is_some() {
        return Ok(None);
    }
    let Some(bytes) = storage.get(&snapshot_key(id))? else {
        return Ok(None);
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(None);
    };
    let Ok(fields) = rawjson::object(text) else {
        return Ok(None);
    };
    let Some(range) = fields
        .get("range")
        .and_then(|r| serde_json::from_str(r.get()).ok())
        .and_then(|v| CaptureRange::from_json(&v))
    else {
        return Ok(None);
    };
    if fields.get("deleted").is_some_and(|d| d.get() != "[]") {
        return Ok(None);
    }
    let Some(data) = fields.get("data") else {
        return Ok(None);
    };
    let extra = match fields.get("extra") {
        Some(raw) => decode_extra(id, raw.get())?,
        None => Default::default(),
    };
    let mut extra = extra.into_iter().peekable();
    let scan = range.scan(storage)?;
    let mut merge = Merge {
        range: &range,
        store: scan.peekable(),
        changes: Vec::new(),
        failed: None,
    };
    let mut last: Option<Vec<u8>> = None;
    let mut in_order = true;
    let is_object = rawjson::visit_members(data.get(), |name, value| {
        let key = name.into_owned().into_bytes();
        if last.as_ref().is_some_and(|l| *l >= key) {
            in_order = false;
            return false;
        }
        // Entries kept aside (binary keys, non-JSON values) that come first.
        while let Some((k, _)) = extra.peek() {
            if *k > key {
                break;
            }
            if *k == key {
                in_order = false;
                return false;
            }
            let (k, v) = extra.next().expect("peeked");
            if !merge.entry(k, v) {
                return false;
            }
        }
        let keep_going = merge.entry(key.clone(), value.as_bytes().to_vec());
        last = Some(key);
        keep_going
    });
    if !matches!(is_object, Ok(true)) || !in_order {
        return Ok(None);
    }
    for (k, v) in extra {
        if !merge.entry(k, v) {
            break;
        }
    }
    merge.finish()
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
        for id in &ids {
            let streamed = streamed_plan(&mut storage, id).unwrap();
            let streamed = streamed.expect("a root snapshot written by storectl is streamed");
            let materialised = SnapshotManager::new(&mut storage)
                .materialised_plan(id)
                .unwrap();
            assert!(!materialised.is_empty(), "{id}: the store changed");
            assert_eq!(streamed, materialised, "{id}");
        }
    }
}
