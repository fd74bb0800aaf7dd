//! `prune`: plans which old blocks and snapshots to delete.

use super::block::block_meta;
use super::height::{height_key, scan_heights};
use super::snapshot::{base_key, snapshot_key, SnapshotManager};
use crate::store::{BatchOperation, ScanRange, StorageService};
use crate::Result;
use serde_json::Value;
use std::collections::BTreeSet;

/// What to prune.
#[derive(Debug, Clone, Default)]
pub struct PruneOptions {
    /// Delete blocks (and their height index) below this height.
    pub blocks_below: Option<u64>,
    /// Keep only the newest N snapshots (and every base they need).
    pub snapshots_keep: Option<usize>,
}

/// The deletions a prune would make, grouped for reporting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrunePlan {
    /// `block:` and `height:` keys to delete.
    pub block_keys: Vec<Vec<u8>>,
    /// Snapshot ids to delete (both of their keys).
    pub snapshots: Vec<String>,
    /// Snapshot ids past the keep count that are kept because a kept
    /// snapshot's chain needs them.
    pub snapshots_kept_as_bases: Vec<String>,
}

impl PrunePlan {
    /// The plan as delete operations.
    pub fn operations(&self) -> Vec<BatchOperation> {
        let mut ops: Vec<BatchOperation> = self
            .block_keys
            .iter()
            .map(|k| BatchOperation::Delete { key: k.clone() })
            .collect();
        for id in &self.snapshots {
            ops.push(BatchOperation::Delete {
                key: snapshot_key(id),
            });
            ops.push(BatchOperation::Delete { key: base_key(id) });
        }
        ops
    }
}

/// Works out what to delete; reads only.
pub fn plan(storage: &mut StorageService, options: &PruneOptions) -> Result<PrunePlan> {
    let mut plan = PrunePlan::default();
    if let Some(below) = options.blocks_below.filter(|b| *b > 0) {
        for item in storage.scan(&ScanRange::prefix("block:"))? {
            let (key, value) = item?;
            let height = serde_json::from_slice::<Value>(&value)
                .ok()
                .and_then(|v| block_meta(&v).ok())
                .map(|m| m.height);
            if height.is_some_and(|h| h < below) {
                plan.block_keys.push(key);
            }
        }
        for item in scan_heights(storage, 0, below - 1, false)? {
            let (height, _) = item?;
            plan.block_keys.push(height_key(height));
        }
        plan.block_keys.sort();
    }
    if let Some(keep) = options.snapshots_keep {
        let mut manager = SnapshotManager::new(storage);
        let mut infos = manager.list()?;
        infos.sort_by(|a, b| (b.timestamp, &b.id).cmp(&(a.timestamp, &a.id)));
        let mut needed: BTreeSet<String> = BTreeSet::new();
        for info in infos.iter().take(keep) {
            for link in manager.chain(&info.id)?.links {
                needed.insert(link.id);
            }
        }
        for info in infos.iter().skip(keep) {
            if needed.contains(&info.id) {
                plan.snapshots_kept_as_bases.push(info.id.clone());
            } else {
                plan.snapshots.push(info.id.clone());
            }
        }
        plan.snapshots.sort();
        plan.snapshots_kept_as_bases.sort();
    }
    Ok(plan)
}
