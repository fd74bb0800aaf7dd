//! The view a snapshot chain ends in, as a stream in key order: each
//! link's stored entries are read straight out of its stored value (in key
//! order, as storectl writes them) and merged, the newest link deciding
//! each key, its deletions hiding what older links hold — what
//! `SnapshotManager::materialise` computes into a map, with only the
//! links' stored values held.
//!
//! Anything unusual — a value storectl did not write, entries out of order
//! or repeated, a key both stored and kept aside — makes the stream stop
//! with [`Step::Fallback`], and the caller takes the general path (which
//! materialises the view, and words every problem).

use super::snapshot::{CaptureRange, SnapshotManager, View, ViewDiff};
use super::snapshot_codec::decode_extra;
use crate::store::codec::key_from_json;
use crate::store::json::{self as rawjson, Members};
use crate::store::StorageService;
use crate::Result;
use serde_json::Value;
use std::collections::btree_map;
use std::iter::Peekable;

/// The next thing the view yields.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of the view with its value.
    Entry(Vec<u8>, Vec<u8>),
    /// The view is complete.
    End,
    /// The values cannot be streamed: take the general path.
    Fallback,
}

/// The stored values of a chain, newest first; `None` when the chain
/// cannot be followed (a missing link or metadata, a loop: the general path
/// words it). Each link's value is read once, and not parsed here.
pub(super) fn chain_links(storage: &mut StorageService, id: &str) -> Result<Option<Vec<Vec<u8>>>> {
    let mut values = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut current = Some(id.to_string());
    while let Some(id) = current.take() {
        if !seen.insert(id.clone()) {
            return Ok(None);
        }
        let Ok(base) = SnapshotManager::new(storage).base_link(&id) else {
            return Ok(None);
        };
        let Some(value) = storage.get(&super::snapshot::snapshot_key(&id))? else {
            return Ok(None);
        };
        values.push(value);
        current = base;
    }
    Ok(Some(values))
}

/// The range a link's fields say it captured.
fn link_range(
    fields: &std::collections::BTreeMap<String, rawjson::Raw<'_>>,
) -> Option<CaptureRange> {
    CaptureRange::from_json(&serde_json::from_str(fields.get("range")?.get()).ok()?)
}

/// The one range of every link; `None` when one has none or they differ.
fn common_range(ranges: impl Iterator<Item = Option<CaptureRange>>) -> Option<CaptureRange> {
    let mut common: Option<CaptureRange> = None;
    for range in ranges {
        let range = range?;
        if common.as_ref().is_some_and(|c| *c != range) {
            return None;
        }
        common = Some(range);
    }
    common
}

/// One link: its stored entries (the `data` object's members merged with
/// the `extra` records) and its deletions, each in key order.
struct Link<'v> {
    /// The range it captured (`None`: not written by storectl).
    range: Option<CaptureRange>,
    data: Option<Members<'v>>,
    /// The next stored member, taken from `data`.
    member: Option<(Vec<u8>, &'v [u8])>,
    extra: Peekable<btree_map::IntoIter<Vec<u8>, Vec<u8>>>,
    deleted: Peekable<std::vec::IntoIter<Vec<u8>>>,
}

impl<'v> Link<'v> {
    fn new(value: &'v [u8]) -> Option<Link<'v>> {
        let text = std::str::from_utf8(value).ok()?;
        let fields = rawjson::object(text).ok()?;
        let range = link_range(&fields);
        let data = match fields.get("data") {
            Some(raw) => Some(Members::new(raw.get()).ok()??),
            None => None,
        };
        let extra: View = match fields.get("extra") {
            Some(raw) => decode_extra("", raw.get()).ok()?,
            None => View::new(),
        };
        let mut deleted = Vec::new();
        if let Some(raw) = fields.get("deleted") {
            let list: Value = serde_json::from_str(raw.get()).ok()?;
            for key in list.as_array()? {
                deleted.push(key_from_json(key).ok()?);
            }
        }
        // A set: order and repeats do not matter.
        deleted.sort_unstable();
        deleted.dedup();
        let mut link = Link {
            range,
            data,
            member: None,
            extra: extra.into_iter().peekable(),
            deleted: deleted.into_iter().peekable(),
        };
        link.take_member().then_some(link)
    }

    /// Moves the next `data` member into `member`; false when the data is
    /// not JSON or its keys do not increase.
    fn take_member(&mut self) -> bool {
        let Some(data) = &mut self.data else {
            return true;
        };
        match data.next() {
            None => {
                self.member = None;
                true
            }
            Some(Err(_)) => false,
            Some(Ok((name, raw))) => {
                let key = name.into_owned().into_bytes();
                if self.member.as_ref().is_some_and(|(last, _)| *last >= key) {
                    return false;
                }
                self.member = Some((key, raw.as_bytes()));
                true
            }
        }
    }

    /// The smallest key this link mentions next (stored or deleted).
    fn next_key(&mut self) -> Option<&[u8]> {
        [
            self.member.as_ref().map(|(k, _)| k.as_slice()),
            self.extra.peek().map(|(k, _)| k.as_slice()),
            self.deleted.peek().map(Vec::as_slice),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

/// What one link says about a key.
enum Says {
    Nothing,
    Value(Vec<u8>),
    Deleted,
}

/// The view of a chain, newest link first (see the module documentation).
pub struct ChainView<'v> {
    links: Vec<Link<'v>>,
    failed: bool,
}

impl<'v> ChainView<'v> {
    /// The view of the chain whose stored values are `values`, newest
    /// first; `None` when one of them cannot be streamed.
    pub fn new(values: &'v [Vec<u8>]) -> Option<ChainView<'v>> {
        let links = values
            .iter()
            .map(|v| Link::new(v))
            .collect::<Option<Vec<_>>>()?;
        Some(ChainView {
            links,
            failed: false,
        })
    }

    /// The range every link captured; `None` when one was not written by
    /// storectl or the ranges differ.
    pub fn range(&self) -> Option<CaptureRange> {
        common_range(self.links.iter().map(|l| l.range.clone()))
    }

    /// The next key of the view and its value.
    pub fn step(&mut self) -> Step {
        if self.failed {
            return Step::Fallback;
        }
        loop {
            let Some(key) = self
                .links
                .iter_mut()
                .filter_map(|l| l.next_key().map(<[u8]>::to_vec))
                .min()
            else {
                return Step::End;
            };
            let mut decided = Says::Nothing;
            for link in &mut self.links {
                let in_data = link.member.as_ref().is_some_and(|(k, _)| *k == key);
                let aside = link.extra.peek().is_some_and(|(x, _)| *x == key);
                let stored = if in_data && aside {
                    // Both stored and kept aside: ambiguous.
                    self.failed = true;
                    return Step::Fallback;
                } else if in_data {
                    let value = link.member.as_ref().map(|(_, raw)| raw.to_vec());
                    if !link.take_member() {
                        self.failed = true;
                        return Step::Fallback;
                    }
                    value
                } else if aside {
                    link.extra.next().map(|(_, v)| v)
                } else {
                    None
                };
                let deleted = link.deleted.next_if(|d| *d == key).is_some();
                if matches!(decided, Says::Nothing) {
                    decided = match stored {
                        // A link's own entries win over its deletions.
                        Some(value) => Says::Value(value),
                        None if deleted => Says::Deleted,
                        None => Says::Nothing,
                    };
                }
            }
            if let Says::Value(value) = decided {
                return Step::Entry(key, value);
            }
        }
    }
}

impl SnapshotManager<'_> {
    /// The keys added, changed and removed from snapshot `a`'s view to
    /// `b`'s: both chains checked first (as a restore checks them), then
    /// their views streamed side by side out of the stored values, or
    /// materialised when they cannot be.
    pub fn diff(&mut self, a: &str, b: &str) -> Result<ViewDiff> {
        self.check_chain(a)?;
        self.check_chain(b)?;
        if let (Some(va), Some(vb)) = (chain_links(self.storage, a)?, chain_links(self.storage, b)?)
        {
            if let (Some(x), Some(y)) = (ChainView::new(&va), ChainView::new(&vb)) {
                if let Some(diff) = stream_diff(x, y) {
                    return Ok(diff);
                }
            }
        }
        let (_, view_a) = self.materialise(a)?;
        let (_, view_b) = self.materialise(b)?;
        Ok(super::snapshot::diff_views(&view_a, &view_b))
    }
}

/// [`super::snapshot::diff_views`] of two streamed views; `None` when one
/// falls back.
fn stream_diff(mut a: ChainView<'_>, mut b: ChainView<'_>) -> Option<ViewDiff> {
    let step = |view: &mut ChainView<'_>| match view.step() {
        Step::Entry(k, v) => Some(Some((k, v))),
        Step::End => Some(None),
        Step::Fallback => None,
    };
    let mut diff = ViewDiff::default();
    let (mut x, mut y) = (step(&mut a)?, step(&mut b)?);
    loop {
        match (x.take(), y.take()) {
            (None, None) => return Some(diff),
            (Some((k, _)), None) => {
                diff.removed.push(k);
                x = step(&mut a)?;
            }
            (None, Some((k, _))) => {
                diff.added.push(k);
                y = step(&mut b)?;
            }
            (Some((ka, va)), Some((kb, vb))) => match ka.cmp(&kb) {
                std::cmp::Ordering::Less => {
                    diff.removed.push(ka);
                    x = step(&mut a)?;
                    y = Some((kb, vb));
                }
                std::cmp::Ordering::Greater => {
                    diff.added.push(kb);
                    x = Some((ka, va));
                    y = step(&mut b)?;
                }
                std::cmp::Ordering::Equal => {
                    if va != vb {
                        diff.changed.push(kb);
                    }
                    x = step(&mut a)?;
                    y = step(&mut b)?;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::snapshot::SnapshotManager;
    use crate::store::{BatchOperation, Namespace, Store};
    use proptest::prelude::*;

    fn collect(values: &[Vec<u8>]) -> Option<View> {
        let mut view = ChainView::new(values)?;
        let mut out = View::new();
        loop {
            match view.step() {
                Step::Entry(k, v) => {
                    assert!(out.insert(k, v).is_none(), "a key twice");
                }
                Step::End => return Some(out),
                Step::Fallback => return None,
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Chains of incremental snapshots over a store changed every way
        /// between them stream exactly the materialised view.
        #[test]
        fn the_streamed_view_is_the_materialised_view(
            rounds in proptest::collection::vec(
                proptest::collection::vec((0u8..40, proptest::option::of(0u8..4)), 0..30),
                1..5,
            ),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut storage = StorageService::new(Store::create_in(dir.path()), Namespace::prefixed(""));
            let mut last: Option<String> = None;
            for (n, changes) in rounds.iter().enumerate() {
                let ops: Vec<BatchOperation> = changes
                    .iter()
                    .map(|&(k, v)| {
                        // Keys kept aside too: binary, and values not JSON.
                        let key = if k % 13 == 0 { vec![b'b', 0xff, k] } else { format!("k{k:02}").into_bytes() };
                        match v {
                            Some(3) => BatchOperation::Put { key, value: b"not json".to_vec() },
                            Some(v) => BatchOperation::Put { key, value: format!("{{\"v\":{v}}}").into_bytes() },
                            None => BatchOperation::Delete { key },
                        }
                    })
                    .collect();
                storage.batch(&ops).unwrap();
                let id = format!("s{n}");
                let range = last.is_none().then_some(CaptureRange::All);
                SnapshotManager::new(&mut storage)
                    .create(range, last.as_deref(), Some(&id), || {})
                    .unwrap();
                let (_, expected) = SnapshotManager::new(&mut storage).materialise(&id).unwrap();
                // Each snapshot (its increment encoded as the store was
                // scanned) holds the store as it was.
                let store: View = storage
                    .scan(&crate::store::ScanRange::default())
                    .unwrap()
                    .map(|r| r.unwrap())
                    .filter(|(k, _)| CaptureRange::All.contains(k))
                    .collect();
                prop_assert_eq!(&expected, &store);
                let values = chain_links(&mut storage, &id).unwrap().unwrap();
                prop_assert_eq!(values.len(), n + 1);
                prop_assert_eq!(collect(&values), Some(expected.clone()));
                if let Some(previous) = &last {
                    let (_, before) = SnapshotManager::new(&mut storage).materialise(previous).unwrap();
                    let streamed = SnapshotManager::new(&mut storage).diff(previous, &id).unwrap();
                    prop_assert_eq!(streamed, crate::model::snapshot::diff_views(&before, &expected));
                }
                last = Some(id);
            }
        }
    }

    #[test]
    fn values_it_cannot_stream_fall_back() {
        let unordered = br#"{"data":{"b":1,"a":2}}"#.to_vec();
        assert_eq!(collect(&[unordered]), None);
        let twice = br#"{"data":{"a":1,"a":2}}"#.to_vec();
        assert_eq!(collect(&[twice]), None);
        let aside = br#"{"data":{"t":1},"extra":[{"key":"t","raw":{"text":"x"}}]}"#.to_vec();
        assert_eq!(collect(&[aside]), None);
        assert!(ChainView::new(&[b"[]".to_vec()]).is_none());
        // Deletions in any order are a set; a link's entries win over them.
        let newest = br#"{"data":{"a":"new"},"deleted":["c","a","c"]}"#.to_vec();
        let root = br#"{"data":{"a":"old","b":"kept","c":"gone"}}"#.to_vec();
        let view = collect(&[newest, root]).unwrap();
        let expected: View = [
            (b"a".to_vec(), br#""new""#.to_vec()),
            (b"b".to_vec(), br#""kept""#.to_vec()),
        ]
        .into_iter()
        .collect();
        assert_eq!(view, expected);
    }
}
