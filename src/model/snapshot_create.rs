//! `snapshot create`: a snapshot of a range, encoded as the store is
//! scanned, or an incremental one against its base's view (streamed from
//! the base chain's stored values when storectl wrote them, see
//! [`super::snapshot_view`]), stored in one atomic write.

use super::snapshot::{
    base_key, check_id, diff_views, generate_id, now_ms, snapshot_key, CaptureRange, SnapshotInfo,
    SnapshotManager, View,
};
use super::snapshot_codec::{encode_snapshot, SnapshotEncoder};
use super::snapshot_view::{chain_links, ChainView, Step};
use crate::store::BatchOperation;
use crate::{Result, StoreError};
use serde_json::Value;

/// The view an incremental snapshot is taken against.
enum BaseView<'v> {
    /// None: the snapshot captures the whole range.
    None,
    /// Streamed from the base chain's stored values.
    Streamed(ChainView<'v>),
    /// The view, decoded.
    Decoded(View),
}

impl SnapshotManager<'_> {
    /// The current keys of a range, read from one consistent LevelDB snapshot.
    fn capture(&mut self, range: &CaptureRange, mut progress: impl FnMut()) -> Result<View> {
        let mut view = View::new();
        for item in range.scan(self.storage)? {
            let (key, value) = item?;
            if range.contains(&key) {
                view.insert(key, value);
                progress();
            }
        }
        Ok(view)
    }

    /// Captures `range` (or, with a base, the changes since the base's view)
    /// and stores it as a new snapshot in one atomic write.
    pub fn create(
        &mut self,
        range: Option<CaptureRange>,
        base: Option<&str>,
        id: Option<&str>,
        mut progress: impl FnMut(),
    ) -> Result<SnapshotInfo> {
        // A base's view is streamed from its links' stored values (each
        // parsed once, its range included) when it can be; otherwise (and
        // to word a broken chain) materialised.
        let stored = match base {
            Some(base) => chain_links(self.storage, base)?,
            None => None,
        };
        let streamed = stored
            .as_deref()
            .and_then(ChainView::new)
            .and_then(|view| Some((view.range()?, view)));
        let (range, base_view) = match base {
            Some(base) => {
                let (base_range, view) = match streamed {
                    Some((range, view)) => (range, BaseView::Streamed(view)),
                    None => {
                        let (range, view) = self.materialise(base)?;
                        (range, BaseView::Decoded(view))
                    }
                };
                if let Some(r) = range.as_ref().filter(|r| **r != base_range) {
                    return Err(StoreError::bad_input(format!(
                        "the base {base} captured {base_range}, not {r}; an incremental snapshot must capture the same range"
                    )));
                }
                (base_range, view)
            }
            None => (
                range.ok_or_else(|| {
                    StoreError::bad_input("say what to capture: --machine, --key-prefix or --all")
                })?,
                BaseView::None,
            ),
        };
        let timestamp = now_ms();
        let id = match id {
            Some(id) => {
                check_id(id)?;
                id.to_string()
            }
            None => generate_id(timestamp),
        };
        if self.storage.get(&snapshot_key(&id))?.is_some()
            || self.storage.get(&base_key(&id))?.is_some()
        {
            return Err(StoreError::bad_input(format!(
                "snapshot {id} already exists"
            )));
        }
        let (base_view, encoded) = match base_view {
            BaseView::Streamed(view) => {
                match self.encode_changes(&id, timestamp, &range, base, view, &mut progress)? {
                    Some(done) => (BaseView::None, Some(done)),
                    // Its values could not be streamed after all.
                    None => (
                        BaseView::Decoded(self.materialise(base.expect("a base"))?.1),
                        None,
                    ),
                }
            }
            other => (other, None),
        };
        let (text, entries, deletions) = match (encoded, base_view) {
            (Some(done), _) => done,
            (None, BaseView::Decoded(view)) => {
                let current = self.capture(&range, progress)?;
                let diff = diff_views(&view, &current);
                let mut data = View::new();
                let mut current = current;
                for key in diff.added.iter().chain(&diff.changed) {
                    if let Some(value) = current.remove(key) {
                        data.insert(key.clone(), value);
                    }
                }
                let text = encode_snapshot(&id, timestamp, &range, base, &data, &diff.removed);
                (text, data.len(), diff.removed.len())
            }
            // No base: the whole range, encoded straight from the scan, no
            // copy of it.
            (None, _) => {
                let mut encoder = SnapshotEncoder::new(&id, timestamp);
                for item in range.scan(self.storage)? {
                    let (key, value) = item?;
                    if range.contains(&key) {
                        encoder.entry(key.into(), value.into());
                        progress();
                    }
                }
                let entries = encoder.entries;
                (encoder.finish(&range, None, &[]), entries, 0)
            }
        };
        let size = text.len();
        let mut ops = vec![BatchOperation::Put {
            key: snapshot_key(&id),
            value: text.into_bytes(),
        }];
        if let Some(base) = base {
            ops.push(BatchOperation::Put {
                key: base_key(&id),
                value: Value::String(base.to_string()).to_string().into_bytes(),
            });
        }
        // Each value is freed once the write batch holds its copy.
        self.storage.batch_owned(ops)?;
        Ok(SnapshotInfo {
            problem: None,
            id,
            timestamp: Some(timestamp),
            range: Some(range),
            base: base.map(str::to_string),
            entries,
            deletions,
            size,
            has_metadata: true,
        })
    }

    /// An incremental snapshot's value, encoded as the store is scanned:
    /// the range's entries that are new or changed against the base's view
    /// (streamed out of its chain's stored values), and the view's keys
    /// the store no longer holds. `None` when the view falls back. Returns
    /// the value, its entries and deletions.
    fn encode_changes(
        &mut self,
        id: &str,
        timestamp: i64,
        range: &CaptureRange,
        base: Option<&str>,
        mut view: ChainView<'_>,
        progress: &mut impl FnMut(),
    ) -> Result<Option<(String, usize, usize)>> {
        let mut step = || match view.step() {
            Step::Entry(k, v) => Some(Some((k, v))),
            Step::End => Some(None),
            Step::Fallback => None,
        };
        let mut current = range
            .scan(self.storage)?
            .filter(|item| item.as_ref().map_or(true, |(k, _)| range.contains(k)));
        let mut encoder = SnapshotEncoder::new(id, timestamp);
        let mut deleted = Vec::new();
        let Some(mut was) = step() else {
            return Ok(None);
        };
        let mut now = current.next().transpose()?;
        loop {
            let order = match (&was, &now) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((w, _)), Some((n, _))) => w.cmp(n),
            };
            if order.is_le() {
                let (key, value) = was.take().expect("compared");
                match order {
                    std::cmp::Ordering::Less => deleted.push(key),
                    _ => {
                        let (_, current_value) = now.take().expect("compared");
                        progress();
                        if current_value != value {
                            encoder.entry(key.into(), current_value.into());
                        }
                        now = current.next().transpose()?;
                    }
                }
                let Some(next) = step() else {
                    return Ok(None);
                };
                was = next;
            } else {
                let (key, value) = now.take().expect("compared");
                progress();
                encoder.entry(key.into(), value.into());
                now = current.next().transpose()?;
            }
        }
        let entries = encoder.entries;
        let deletions = deleted.len();
        Ok(Some((
            encoder.finish(range, base, &deleted),
            entries,
            deletions,
        )))
    }
}
