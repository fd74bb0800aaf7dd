//! Keys and bytes per category estimated without a scan (`metrics --fast`):
//! the tables' index blocks say how many data blocks each category spans;
//! a few blocks per category, read evenly spaced, say what a block holds.
//! Blocks where a category may begin (a table's first block, a block whose
//! category differs from the one before) are read and counted exactly, so
//! a small category is never lost inside a neighbour's block; so are the
//! live logs.
//!
//! An estimate: a key overwritten in several tables is counted in each, a
//! deleted key until compaction drops it.

use super::stats::{Category, CategoryStats};
use crate::store::estimate::{data_blocks, log_values, Sized};
use crate::store::{Namespace, StorageService};
use crate::Result;
use std::collections::{BTreeMap, HashSet};

/// Data blocks read per category.
pub const SAMPLES_PER_CATEGORY: usize = 16;

/// Estimated keys and bytes per category of the namespace (every category
/// present, zero when empty).
pub fn estimate(storage: &mut StorageService) -> Result<BTreeMap<Category, CategoryStats>> {
    let namespace = storage.namespace().clone();
    let version = storage.store_mut().version()?;
    let mut out: BTreeMap<Category, CategoryStats> = Category::ALL
        .into_iter()
        .map(|c| (c, CategoryStats::default()))
        .collect();
    // Exactly counted writes are counted once per key, newest first (the
    // logs, then the tables newest first); a deletion hides older values.
    let mut seen = HashSet::new();
    counted(&mut out, &namespace, &mut seen, &log_values(&version));
    let mut by_category: BTreeMap<Category, Vec<_>> = BTreeMap::new();
    let mut previous = None;
    for block in data_blocks(&version)? {
        // Outside the namespace: a category of its own for this purpose.
        let category = namespace.user_key(&block.key).map(Category::of);
        if block.first_in_table || category != previous {
            counted(&mut out, &namespace, &mut seen, &block.values()?);
        } else if let Some(c) = category {
            by_category.entry(c).or_default().push(block);
        }
        previous = category;
    }
    for (category, blocks) in &by_category {
        let picks = blocks.len().min(SAMPLES_PER_CATEGORY);
        let mut sample = CategoryStats::default();
        for i in 0..picks {
            let values = blocks[i * blocks.len() / picks].values()?;
            add(&mut sample, &namespace, *category, &values);
        }
        let scale = blocks.len() as f64 / picks as f64;
        let entry = out.get_mut(category).expect("every category");
        entry.keys += (sample.keys as f64 * scale).round() as u64;
        entry.key_bytes += (sample.key_bytes as f64 * scale).round() as u64;
        entry.value_bytes += (sample.value_bytes as f64 * scale).round() as u64;
    }
    Ok(out)
}

/// Adds the values of `category` among `values` to `stats`.
fn add(stats: &mut CategoryStats, namespace: &Namespace, category: Category, values: &[Sized]) {
    for (full, len) in values {
        if let Some(key) = namespace.user_key(full) {
            if let (true, Some(len)) = (Category::of(key) == category, len) {
                count(stats, key, *len);
            }
        }
    }
}

/// Adds every value of the namespace among `values` to its category.
fn counted(
    out: &mut BTreeMap<Category, CategoryStats>,
    namespace: &Namespace,
    seen: &mut HashSet<Vec<u8>>,
    values: &[Sized],
) {
    for (full, len) in values {
        let Some(key) = namespace.user_key(full) else {
            continue;
        };
        if !seen.insert(full.clone()) {
            continue;
        }
        if let Some(len) = len {
            let entry = out.get_mut(&Category::of(key)).expect("every category");
            count(entry, key, *len);
        }
    }
}

fn count(stats: &mut CategoryStats, key: &[u8], value_len: u64) {
    stats.keys += 1;
    stats.key_bytes += key.len() as u64;
    stats.value_bytes += value_len;
}
