//! Streaming range scans over one consistent snapshot.

use super::keys::Namespace;
use rusty_leveldb::{DBIterator, LdbIterator};

/// Which user keys a scan visits, in user-key space (before namespacing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanRange {
    /// Only keys starting with these bytes.
    pub key_prefix: Vec<u8>,
    /// Only keys `>= start`.
    pub start: Option<Vec<u8>>,
    /// Only keys `< end`.
    pub end: Option<Vec<u8>>,
    /// At most this many entries.
    pub limit: Option<usize>,
    /// Largest key first.
    pub reverse: bool,
}

impl ScanRange {
    /// Every key starting with `key_prefix`.
    pub fn prefix(key_prefix: impl Into<Vec<u8>>) -> Self {
        ScanRange {
            key_prefix: key_prefix.into(),
            ..ScanRange::default()
        }
    }

    /// The LevelDB key bounds `[lower, upper)` of this range in `ns`.
    pub fn bounds(&self, ns: &Namespace) -> (Vec<u8>, Option<Vec<u8>>) {
        let (mut lower, mut upper) = ns.prefix_range(&self.key_prefix);
        if let Some(start) = &self.start {
            lower = lower.max(ns.full_key(start));
        }
        if let Some(end) = &self.end {
            let end = ns.full_key(end);
            upper = Some(match upper {
                Some(u) => u.min(end),
                None => end,
            });
        }
        (lower, upper)
    }
}

/// Moves `it` to the greatest key of the store, without walking it: the key
/// is found one byte at a time by binary search over seeks.
fn seek_to_last(it: &mut DBIterator) -> bool {
    let mut known: Vec<u8> = Vec::new();
    loop {
        // Invariant: the greatest key is >= `known` and starts with it.
        let exists_from = |it: &mut DBIterator, byte: u8, known: &[u8]| {
            let mut probe = known.to_vec();
            probe.push(byte);
            it.seek(&probe);
            it.valid()
        };
        if !exists_from(it, 0, &known) {
            it.seek(&known);
            return it.valid();
        }
        let (mut lo, mut hi) = (0u16, 255u16);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if exists_from(it, mid as u8, &known) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        known.push(lo as u8);
    }
}

/// An iterator over `(full key, value)` pairs in a key range, in either
/// direction, reading lazily from a LevelDB iterator.
pub struct ScanIter {
    it: DBIterator,
    lower: Vec<u8>,
    upper: Option<Vec<u8>>,
    reverse: bool,
    remaining: Option<usize>,
    started: bool,
}

impl ScanIter {
    /// A scan over `[lower, upper)` of `it`.
    pub fn new(
        it: DBIterator,
        lower: Vec<u8>,
        upper: Option<Vec<u8>>,
        reverse: bool,
        limit: Option<usize>,
    ) -> Self {
        ScanIter {
            it,
            lower,
            upper,
            reverse,
            remaining: limit,
            started: false,
        }
    }

    fn position_first(&mut self) {
        if !self.reverse {
            self.it.seek(&self.lower);
            return;
        }
        match &self.upper {
            Some(upper) => {
                self.it.seek(upper);
                if self.it.valid() {
                    self.it.prev();
                } else {
                    seek_to_last(&mut self.it);
                }
            }
            None => {
                seek_to_last(&mut self.it);
            }
        }
    }

    fn in_range(&self, key: &[u8]) -> bool {
        key >= self.lower.as_slice() && self.upper.as_ref().is_none_or(|u| key < u.as_slice())
    }
}

impl Iterator for ScanIter {
    type Item = (Vec<u8>, Vec<u8>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == Some(0) {
            return None;
        }
        if self.started {
            if self.reverse {
                self.it.prev();
            } else {
                self.it.advance();
            }
        } else {
            self.started = true;
            self.position_first();
        }
        let (key, value) = self.it.current()?;
        if !self.in_range(&key) {
            self.remaining = Some(0);
            return None;
        }
        if let Some(n) = self.remaining.as_mut() {
            *n -= 1;
        }
        Some((key.to_vec(), value.to_vec()))
    }
}
