//! Storage usage per key category of a namespace.

use super::height::parse_height_key;
use crate::store::{ranges, ScanRange, StorageService};
use crate::Result;
use std::collections::{BTreeMap, BTreeSet};

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
pub fn collect(storage: &mut StorageService, progress: impl Fn() + Sync) -> Result<StoreStats> {
    let mut total = StatsTally::default();
    // Key ranges counted on two threads (see `store::ranges`), added up.
    let ranges = ranges::split(storage, &ScanRange::default(), ranges::RANGE_BYTES)?;
    ranges::fold(
        storage,
        &ranges,
        StatsTally::default,
        |part, key, value| {
            progress();
            part.entry(key, value);
        },
        |part| total.add(part),
    )?;
    Ok(total.finish())
}

/// Statistics counted entry by entry (user keys, each once); parts counted
/// apart add up.
#[derive(Debug, Default)]
pub struct StatsTally {
    counts: [CategoryStats; Category::ALL.len()],
    min_height: Option<u64>,
    max_height: Option<u64>,
    snapshot_ids: BTreeSet<Vec<u8>>,
}

impl StatsTally {
    /// Counts one live entry.
    pub fn entry(&mut self, key: &[u8], value: &[u8]) {
        let category = Category::of(key);
        let entry = &mut self.counts[category as usize];
        entry.keys += 1;
        entry.key_bytes += key.len() as u64;
        entry.value_bytes += value.len() as u64;
        match category {
            Category::Height => {
                if let Some(h) = parse_height_key(key) {
                    self.min_height = Some(self.min_height.map_or(h, |m| m.min(h)));
                    self.max_height = Some(self.max_height.map_or(h, |m| m.max(h)));
                }
            }
            Category::Snapshot => {
                let id = &key["snapshot:".len()..];
                self.snapshot_ids
                    .insert(id.strip_suffix(b":base").unwrap_or(id).to_vec());
            }
            _ => {}
        }
    }

    /// Adds a part counted apart.
    pub fn add(&mut self, other: StatsTally) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            mine.keys += theirs.keys;
            mine.key_bytes += theirs.key_bytes;
            mine.value_bytes += theirs.value_bytes;
        }
        let pick = |a: Option<u64>, b: Option<u64>, f: fn(u64, u64) -> u64| match (a, b) {
            (Some(x), Some(y)) => Some(f(x, y)),
            (x, y) => x.or(y),
        };
        self.min_height = pick(self.min_height, other.min_height, u64::min);
        self.max_height = pick(self.max_height, other.max_height, u64::max);
        self.snapshot_ids.extend(other.snapshot_ids);
    }

    /// The statistics of everything counted (every category present).
    pub fn finish(self) -> StoreStats {
        StoreStats {
            categories: Category::ALL.into_iter().zip(self.counts).collect(),
            min_height: self.min_height,
            max_height: self.max_height,
            snapshots: self.snapshot_ids.len() as u64,
        }
    }
}

/// A [`StatsTally`] of one namespace's keys among a store's full keys (as
/// a backup tallies them).
pub struct NamespaceTally {
    namespace: crate::store::Namespace,
    tally: StatsTally,
}

impl NamespaceTally {
    /// Nothing counted yet.
    pub fn new(namespace: crate::store::Namespace) -> NamespaceTally {
        NamespaceTally {
            namespace,
            tally: StatsTally::default(),
        }
    }

    /// The statistics of everything counted.
    pub fn finish(self) -> StoreStats {
        self.tally.finish()
    }
}

impl crate::store::backup::Tally for NamespaceTally {
    fn entry(&mut self, key: &[u8], value: &[u8]) {
        if let Some(user_key) = self.namespace.user_key(key) {
            self.tally.entry(user_key, value);
        }
    }

    fn add(&mut self, other: NamespaceTally) {
        self.tally.add(other.tally);
    }
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

    #[test]
    fn key_ranges_add_up_to_the_whole_store() {
        use crate::store::bulk::StoreBuilder;
        use crate::store::{Namespace, Store};
        let dir = tempfile::tempdir().unwrap();
        let mut keys: Vec<(String, String)> = Vec::new();
        for h in 0..600u64 {
            keys.push((format!(":block:0x{h:064x}"), format!("{{\"height\":{h}}}")));
            keys.push((format!(":height:{}", h * 7 + 3), "\"0x\"".into()));
            keys.push((format!(":state:m{h}:sub"), "1".into()));
        }
        for id in ["s1", "s2"] {
            keys.push((format!(":snapshot:{id}"), "{}".into()));
            keys.push((format!(":snapshot:{id}:base"), "\"s0\"".into()));
        }
        keys.sort();
        let mut builder = StoreBuilder::new(dir.path()).with_table_bytes(2048);
        for (k, v) in &keys {
            builder.add(k.as_bytes(), v.as_bytes()).unwrap();
        }
        builder.finish().unwrap();
        let mut storage = StorageService::new(
            Store::open_read(dir.path()).unwrap(),
            Namespace::prefixed(""),
        );
        let tally = |storage: &mut StorageService, range: &ScanRange| {
            let mut part = StatsTally::default();
            storage
                .visit(range, |k, v| {
                    part.entry(k, v);
                    Ok(true)
                })
                .unwrap();
            part
        };
        let whole = tally(&mut storage, &ScanRange::default()).finish();
        let parts = ranges::split(&mut storage, &ScanRange::default(), 512).unwrap();
        assert!(parts.len() >= 10, "{}", parts.len());
        let mut added = StatsTally::default();
        // Added up in any order.
        for part in parts.iter().rev() {
            added.add(tally(&mut storage, part));
        }
        assert_eq!(added.finish(), whole);
        assert_eq!(
            (whole.min_height, whole.max_height, whole.snapshots),
            (Some(3), Some(599 * 7 + 3), 2)
        );
        assert_eq!(collect(&mut storage, || {}).unwrap().snapshots, 2);
    }
}
