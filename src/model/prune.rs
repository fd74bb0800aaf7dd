//! `prune`: plans which old blocks and snapshots to delete.

use super::block::block_meta_bytes;
use super::height::{height_key, scan_heights};
use super::snapshot::{base_key, snapshot_key, SnapshotManager};
use crate::store::{BatchOperation, ScanRange, StorageService};
use crate::Result;
use std::collections::{BTreeMap, BTreeSet};

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
    /// `block:` and `height:` keys to delete, sorted.
    pub block_keys: Vec<Vec<u8>>,
    /// The same keys in atomic units: a block with the height index entry
    /// that names it (deleted together, so a crash never leaves one without
    /// the other), or a lone block or height entry.
    pub block_units: Vec<Vec<Vec<u8>>>,
    /// Snapshot ids to delete (both of their keys).
    pub snapshots: Vec<String>,
    /// Snapshot ids past the keep count that are kept because a kept
    /// snapshot's chain needs them.
    pub snapshots_kept_as_bases: Vec<String>,
    /// Snapshots whose metadata cannot be read, with why: never pruned
    /// (their age is unknown); `snapshot delete ID --force` removes one.
    pub snapshots_unreadable: Vec<(String, String)>,
}

impl PrunePlan {
    /// The plan as atomic units of delete operations: each block with its
    /// height index entry, each snapshot with its base link.
    pub fn units(&self) -> Vec<Vec<BatchOperation>> {
        let delete = |key: &Vec<u8>| BatchOperation::Delete { key: key.clone() };
        let mut units: Vec<Vec<BatchOperation>> = self
            .block_units
            .iter()
            .map(|unit| unit.iter().map(delete).collect())
            .collect();
        for id in &self.snapshots {
            units.push(vec![delete(&snapshot_key(id)), delete(&base_key(id))]);
        }
        units
    }

    /// Number of delete operations.
    pub fn operation_count(&self) -> usize {
        self.block_keys.len() + 2 * self.snapshots.len()
    }
}

/// Works out what to delete; reads only.
pub fn plan(storage: &mut StorageService, options: &PruneOptions) -> Result<PrunePlan> {
    let mut plan = PrunePlan::default();
    if let Some(below) = options.blocks_below.filter(|b| *b > 0) {
        // height -> the hash its index entry names
        let mut heights: BTreeMap<u64, Option<String>> = BTreeMap::new();
        for item in scan_heights(storage, 0, below - 1, false)? {
            let (height, value) = item?;
            let hash = std::str::from_utf8(&value)
                .ok()
                .and_then(crate::store::json::decode_string);
            heights.insert(height, hash);
        }
        for item in storage.scan(&ScanRange::prefix("block:"))? {
            let (key, value) = item?;
            let height = block_meta_bytes(&value).ok().map(|m| m.height);
            let Some(height) = height.filter(|h| *h < below) else {
                continue;
            };
            let mut unit = vec![key.clone()];
            // As bytes: the index names the key `block:` + the hash's UTF-8.
            let hash = &key["block:".len()..];
            if heights
                .get(&height)
                .is_some_and(|h| h.as_deref().map(str::as_bytes) == Some(hash))
            {
                heights.remove(&height);
                unit.push(height_key(height));
            }
            plan.block_units.push(unit);
        }
        plan.block_units
            .extend(heights.into_keys().map(|h| vec![height_key(h)]));
        plan.block_keys = plan.block_units.iter().flatten().cloned().collect();
        plan.block_keys.sort();
    }
    if let Some(keep) = options.snapshots_keep {
        let mut manager = SnapshotManager::new(storage);
        let mut infos = manager.list()?;
        for info in &infos {
            if let Some(problem) = &info.problem {
                plan.snapshots_unreadable
                    .push((info.id.clone(), problem.clone()));
            }
        }
        infos.retain(|info| info.problem.is_none());
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
