//! verify's key checks over entries a caller reads itself, in key order:
//! salvage checks the store it builds as it reads the damaged one, instead
//! of reading the new store again, in several feeds at once (one per table
//! it copies whole, read on two threads, and one for the rest). The checks
//! that read other keys wait for [`finish`]: a machine state's root is
//! looked for among the `root:` keys every feed saw, a snapshot's metadata
//! is loaded from the finished store.

use super::verify::{
    join_passes, missing_root, Check, KeyChecks, Lookup, VerifyOptions, VerifyReport,
};
use super::verify_digest::fingerprint_bytes;
use crate::store::StorageService;
use crate::Result;

/// The key checks of [`super::verify::verify`] (all but the storage
/// check) over one run of keys, fed one entry at a time.
pub struct KeyCheckFeed<'a> {
    checks: KeyChecks<'a>,
    /// The first key fed (feeds are joined in key order).
    first: Option<Vec<u8>>,
    /// Fingerprints of the `root:` keys fed (see `verify_blocks`).
    roots: Vec<u64>,
    /// Machine states and the roots they name: (state key, root).
    states: Vec<(Vec<u8>, String)>,
    /// Snapshot metadata to load from the finished store: (key, lookup).
    snapshots: Vec<(Vec<u8>, Lookup)>,
}

impl<'a> KeyCheckFeed<'a> {
    /// Nothing fed yet.
    pub fn new(options: &'a VerifyOptions) -> KeyCheckFeed<'a> {
        KeyCheckFeed {
            checks: KeyChecks::new(options),
            first: None,
            roots: Vec::new(),
            states: Vec::new(),
            snapshots: Vec::new(),
        }
    }

    /// Checks the next entry (keys strictly increasing, namespace removed).
    pub fn entry(&mut self, key: &[u8], value: &[u8]) {
        if self.first.is_none() {
            self.first = Some(key.to_vec());
        }
        if let Some(root) = key.strip_prefix(b"root:") {
            self.roots.push(fingerprint_bytes(root));
        }
        match self.checks.entry(key, value) {
            None => {}
            Some(Lookup::Root(root)) => self.states.push((key.to_vec(), root)),
            Some(lookup) => self.snapshots.push((key.to_vec(), lookup)),
        }
    }
}

/// Finishes the checks of `feeds` (which together saw every key of the
/// namespace once) against `storage`, the store they are in: the findings
/// of every check, feed by feed in key order.
pub fn finish(
    mut feeds: Vec<KeyCheckFeed<'_>>,
    options: &VerifyOptions,
    storage: &mut StorageService,
) -> Result<VerifyReport> {
    feeds.retain(|f| f.first.is_some());
    feeds.sort_by(|a, b| a.first.cmp(&b.first));
    let mut roots: Vec<u64> = feeds.iter().flat_map(|f| f.roots.iter().copied()).collect();
    roots.sort_unstable();
    let mut passes = Vec::with_capacity(feeds.len());
    for mut feed in feeds {
        for (key, root) in std::mem::take(&mut feed.states) {
            if roots
                .binary_search(&fingerprint_bytes(root.as_bytes()))
                .is_err()
            {
                feed.checks
                    .report()
                    .add(Check::States, &key, missing_root(&root));
            }
        }
        for (key, lookup) in std::mem::take(&mut feed.snapshots) {
            lookup.check(storage, &key, feed.checks.report())?;
        }
        passes.push(feed.checks.into_pass(false));
    }
    join_passes(storage, options, passes)
}
