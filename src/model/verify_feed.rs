//! verify's key checks over entries a caller reads itself, in key order:
//! salvage checks the store it builds as its merge writes it, instead of
//! reading the new store again. The checks that read other keys are
//! answered from the stream where it has already passed them (a machine
//! state's `root:` entry sorts before every `state:` key), or made against
//! the finished store in [`KeyCheckFeed::finish`] (snapshot metadata).

use super::verify::{join_passes, KeyChecks, Lookup, VerifyOptions, VerifyReport};
use super::verify_blocks::fingerprint_bytes;
use crate::store::StorageService;
use crate::Result;

/// The key checks of [`super::verify::verify`] (all but the storage
/// check), fed one entry at a time.
pub struct KeyCheckFeed<'a> {
    options: &'a VerifyOptions,
    checks: KeyChecks<'a>,
    /// Fingerprints of the `root:` keys seen (see `verify_blocks`), sorted
    /// once the first machine state needs them.
    roots: Vec<u64>,
    roots_sorted: bool,
    /// Snapshot metadata to load from the finished store: (key, lookup).
    deferred: Vec<(Vec<u8>, Lookup)>,
}

impl<'a> KeyCheckFeed<'a> {
    /// Nothing fed yet.
    pub fn new(options: &'a VerifyOptions) -> KeyCheckFeed<'a> {
        KeyCheckFeed {
            options,
            checks: KeyChecks::new(options),
            roots: Vec::new(),
            roots_sorted: false,
            deferred: Vec::new(),
        }
    }

    /// Checks the next entry (keys strictly increasing, namespace removed).
    pub fn entry(&mut self, key: &[u8], value: &[u8]) {
        if let Some(root) = key.strip_prefix(b"root:") {
            // Every root is seen before the first state ("root:" < "state:").
            self.roots.push(fingerprint_bytes(root));
            self.roots_sorted = false;
        }
        match self.checks.entry(key, value) {
            None => {}
            Some(Lookup::Root(root)) => {
                if !self.roots_sorted {
                    self.roots.sort_unstable();
                    self.roots_sorted = true;
                }
                if self
                    .roots
                    .binary_search(&fingerprint_bytes(root.as_bytes()))
                    .is_err()
                {
                    self.checks.report().add(
                        super::verify::Check::States,
                        key,
                        format!("stateRoot {root} has no root:{root} entry"),
                    );
                }
            }
            Some(lookup) => self.deferred.push((key.to_vec(), lookup)),
        }
    }

    /// The checks that need the whole namespace, against `storage` (the
    /// store the fed entries are in): the findings of every check.
    pub fn finish(mut self, storage: &mut StorageService) -> Result<VerifyReport> {
        for (key, lookup) in std::mem::take(&mut self.deferred) {
            lookup.check(storage, &key, self.checks.report())?;
        }
        join_passes(storage, self.options, vec![self.checks.into_pass(false)])
    }
}
