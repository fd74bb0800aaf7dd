//! Storage usage per key category of a namespace.

use super::height::parse_height_key;
use crate::store::{ScanRange, StorageService};
use crate::Result;
use std::collections::BTreeMap;

/// The kinds of keys in the seed's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// `block:<hash>`
    Block,
    /// `height:<n>`
    Height,
    /// `state:<machine>` (a machine)
    State,
    /// `state:<machine>:<anything>`
    StateSubKey,
    /// `root:<stateRoot>`
    Root,
    /// `snapshot:*`
    Snapshot,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 7] = [
        Category::Block,
        Category::Height,
        Category::State,
        Category::StateSubKey,
        Category::Root,
        Category::Snapshot,
        Category::Other,
    ];

    /// The category's name in reports (a JSON-friendly identifier).
    pub fn name(self) -> &'static str {
        match self {
            Category::Block => "block",
            Category::Height => "height",
            Category::State => "state",
            Category::StateSubKey => "stateSubKey",
            Category::Root => "root",
            Category::Snapshot => "snapshot",
            Category::Other => "other",
        }
    }

    /// The category of a user key.
    pub fn of(key: &[u8]) -> Category {
        if key.starts_with(b"block:") {
            Category::Block
        } else if key.starts_with(b"height:") {
            Category::Height
        } else if let Some(rest) = key.strip_prefix(b"state:") {
            if rest.contains(&b':') {
                Category::StateSubKey
            } else {
                Category::State
            }
        } else if key.starts_with(b"root:") {
            Category::Root
        } else if key.starts_with(b"snapshot:") {
            Category::Snapshot
        } else {
            Category::Other
        }
    }
}

/// Keys and bytes of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryStats {
    /// Number of keys.
    pub keys: u64,
    /// Total key bytes (user keys, without the namespace).
    pub key_bytes: u64,
    /// Total value bytes.
    pub value_bytes: u64,
}

/// Exact statistics of a namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Per category (every category present, zero when empty).
    pub categories: BTreeMap<Category, CategoryStats>,
    /// Smallest indexed height.
    pub min_height: Option<u64>,
    /// Greatest indexed height.
    pub max_height: Option<u64>,
    /// Number of snapshots: distinct ids of `snapshot:<id>` metadata keys
    /// and `snapshot:<id>:base` links (as `snapshot list` counts them).
    pub snapshots: u64,
}

impl StoreStats {
    /// Machines: keys `state:<machine>`.
    pub fn machines(&self) -> u64 {
        self.categories.get(&Category::State).map_or(0, |c| c.keys)
    }
}

/// Scans the namespace once and counts everything.
pub fn collect(storage: &mut StorageService, mut progress: impl FnMut()) -> Result<StoreStats> {
    let mut stats = StoreStats {
        categories: Category::ALL
            .into_iter()
            .map(|c| (c, CategoryStats::default()))
            .collect(),
        ..StoreStats::default()
    };
    // Snapshot ids from metadata keys and from base links: a seed
    // incremental snapshot has only its link.
    let mut snapshot_ids = std::collections::BTreeSet::new();
    for item in storage.scan(&ScanRange::default())? {
        let (key, value) = item?;
        progress();
        let category = Category::of(&key);
        let entry = stats.categories.entry(category).or_default();
        entry.keys += 1;
        entry.key_bytes += key.len() as u64;
        entry.value_bytes += value.len() as u64;
        match category {
            Category::Height => {
                if let Some(h) = parse_height_key(&key) {
                    stats.min_height = Some(stats.min_height.map_or(h, |m| m.min(h)));
                    stats.max_height = Some(stats.max_height.map_or(h, |m| m.max(h)));
                }
            }
            Category::Snapshot => {
                let id = &key["snapshot:".len()..];
                snapshot_ids.insert(id.strip_suffix(b":base").unwrap_or(id).to_vec());
            }
            _ => {}
        }
    }
    stats.snapshots = snapshot_ids.len() as u64;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert_eq!(Category::of(b"block:0x1"), Category::Block);
        assert_eq!(Category::of(b"height:7"), Category::Height);
        assert_eq!(Category::of(b"state:m1"), Category::State);
        assert_eq!(Category::of(b"state:m1:a"), Category::StateSubKey);
        assert_eq!(Category::of(b"root:0x1"), Category::Root);
        assert_eq!(Category::of(b"snapshot:s:base"), Category::Snapshot);
        assert_eq!(Category::of(b"misc"), Category::Other);
    }
}
