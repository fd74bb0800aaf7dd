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

/// Entries buffered per step of a reverse scan.
const REVERSE_CHUNK: usize = 1024;

/// Whether some key `k` with `probe <= k < bound` exists.
fn exists_below(it: &mut DBIterator, probe: &[u8], bound: Option<&[u8]>) -> bool {
    it.seek(probe);
    match it.current() {
        Some((key, _)) => bound.is_none_or(|b| key.as_ref() < b),
        None => false,
    }
}

/// The greatest key below `bound` (the greatest key at all for `None`),
/// found with forward seeks only, one byte at a time by binary search.
///
/// rusty-leveldb's `prev()` loses entries when the store has several tables
/// (its merging iterator's "seek to last" leaves exhausted children invalid),
/// so reverse scans never use it.
fn greatest_below(it: &mut DBIterator, bound: Option<&[u8]>) -> Option<Vec<u8>> {
    let mut known: Vec<u8> = Vec::new();
    if !exists_below(it, &known, bound) {
        return None;
    }
    loop {
        // Invariant: the greatest key below `bound` starts with `known`.
        let mut probe = known.clone();
        probe.push(0);
        if !exists_below(it, &probe, bound) {
            return Some(known);
        }
        let (mut lo, mut hi) = (0u16, 255u16);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            *probe.last_mut().expect("probe has a last byte") = mid as u8;
            if exists_below(it, &probe, bound) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        known.push(lo as u8);
    }
}

/// An iterator over `(full key, value)` pairs in a key range, in either
/// direction. Forward scans stream from one LevelDB iterator; reverse scans
/// read the range backwards in chunks of at most [`REVERSE_CHUNK`] entries
/// (each found with forward seeks and reversed in memory).
pub struct ScanIter {
    it: DBIterator,
    lower: Vec<u8>,
    upper: Option<Vec<u8>>,
    reverse: bool,
    remaining: Option<usize>,
    started: bool,
    chunk: Vec<(Vec<u8>, Vec<u8>)>,
    done: bool,
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
            chunk: Vec::new(),
            done: false,
        }
    }

    fn in_range(&self, key: &[u8]) -> bool {
        key >= self.lower.as_slice() && self.upper.as_ref().is_none_or(|u| key < u.as_slice())
    }

    /// Up to `max` entries of `[start, self.upper)`, in key order.
    fn forward_from(&mut self, start: &[u8], max: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        self.it.seek(start);
        while let Some((key, value)) = self.it.current() {
            if out.len() >= max
                || self
                    .upper
                    .as_ref()
                    .is_some_and(|u| key.as_ref() >= u.as_slice())
            {
                break;
            }
            out.push((key.to_vec(), value.to_vec()));
            if !self.it.advance() {
                break;
            }
        }
        out
    }

    /// Loads the next chunk of a reverse scan: the entries just below
    /// `self.upper`, then moves `self.upper` down past them.
    fn load_reverse_chunk(&mut self) {
        let Some(last) = greatest_below(&mut self.it, self.upper.as_deref()) else {
            self.done = true;
            return;
        };
        if last < self.lower {
            self.done = true;
            return;
        }
        // Widen the window [start, upper) by dropping trailing bytes of the
        // last key while it holds at most a chunk of entries; each window's
        // scan is kept, so the chosen chunk is not read twice.
        let mut start = last.clone();
        let mut chunk = self.forward_from(&last, REVERSE_CHUNK + 1);
        for keep in (0..last.len()).rev() {
            let candidate = last[..keep].to_vec().max(self.lower.clone());
            let entries = self.forward_from(&candidate, REVERSE_CHUNK + 1);
            if entries.len() > REVERSE_CHUNK {
                break;
            }
            start = candidate;
            chunk = entries;
            if start == self.lower {
                break;
            }
        }
        // Kept in key order: `next` pops from the end.
        self.chunk = chunk;
        if start <= self.lower {
            self.done = true;
        }
        self.upper = Some(start);
    }
}

impl Iterator for ScanIter {
    type Item = (Vec<u8>, Vec<u8>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == Some(0) {
            return None;
        }
        let item = if self.reverse {
            if self.chunk.is_empty() && !self.done {
                self.load_reverse_chunk();
            }
            self.chunk.pop()
        } else {
            if self.started {
                self.it.advance();
            } else {
                self.started = true;
                let lower = std::mem::take(&mut self.lower);
                self.it.seek(&lower);
                self.lower = lower;
            }
            let (key, value) = self.it.current()?;
            if !self.in_range(&key) {
                self.remaining = Some(0);
                return None;
            }
            Some((key.to_vec(), value.to_vec()))
        }?;
        if let Some(n) = self.remaining.as_mut() {
            *n -= 1;
        }
        Some(item)
    }
}
