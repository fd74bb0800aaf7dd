//! verify's blocks check in one pass and compact memory: each block's hash
//! fingerprint and height, and each height entry's height and the
//! fingerprint of the hash it names, are recorded during the scan (24 and
//! 16 bytes each); at the end both lists are sorted by height and joined in
//! one merge, so no map is probed per key (a million-entry map misses the
//! cache on every probe). Point reads and a second pass over the height
//! index happen only to word findings.

use super::block::block_key;
use super::height::height_key;
use super::verify::{json_string, Check, VerifyReport};
use crate::store::sorter::{Sorter, DEFAULT_RUN_BYTES};
use crate::store::{ScanRange, StorageService};
use crate::{Result, StoreError};

/// A 64-bit fingerprint of a block hash: each 8-byte word mixed in by a
/// bijective step (xor, odd multiply, xorshift), then MurmurHash3's
/// finaliser — distinct hashes collide with probability about 2^-64 per
/// pair, as with the SipHash it replaces (with its fixed, public keys), at
/// a fraction of the cost.
fn fingerprint(hash: &str) -> u64 {
    fingerprint_bytes(hash.as_bytes())
}

/// [`fingerprint`] of any bytes.
pub(super) fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 31;
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A block seen in the scan.
#[derive(Debug, Clone, Copy)]
struct SeenBlock {
    height: u64,
    fingerprint: u64,
    /// Its `stateRoot` is its key's hash.
    root_matches: bool,
}

/// What a height entry's finding says about the block it names.
#[derive(Debug, Clone, Copy)]
enum Named {
    /// No block has the hash.
    Missing,
    /// The block is at another height.
    AtHeight(u64),
    /// The block's `stateRoot` is not its hash.
    WrongRoot,
}

/// What the blocks check has seen so far.
#[derive(Default)]
pub struct BlockIndexCheck {
    blocks: Vec<SeenBlock>,
    /// Each height entry that names a hash: (height, fingerprint).
    index: Vec<(u64, u64)>,
    /// Every canonical height, for the gap report.
    pub heights: Vec<u64>,
}

impl BlockIndexCheck {
    /// A `block:<hash>` entry at `height`; `root_matches`: its `stateRoot`
    /// is the hash.
    pub fn block(&mut self, hash: &str, height: u64, root_matches: bool) {
        self.blocks.push(SeenBlock {
            height,
            fingerprint: fingerprint(hash),
            root_matches,
        });
    }

    /// Adds what another scan (of another key range) saw.
    pub fn absorb(&mut self, other: BlockIndexCheck) {
        self.blocks.extend(other.blocks);
        self.index.extend(other.index);
        self.heights.extend(other.heights);
    }

    /// A canonical `height:<n>` entry naming `hash`.
    pub fn height(&mut self, height: u64, hash: &str) {
        self.index.push((height, fingerprint(hash)));
    }

    /// Reports every height entry whose block is missing, elsewhere or
    /// inconsistent (in key order), then every block its height's entry
    /// does not name; returns the canonical heights, sorted.
    pub fn finish(
        mut self,
        storage: &mut StorageService,
        report: &mut VerifyReport,
    ) -> Result<Vec<u64>> {
        // The two sorts (and the gap report's) on two threads. Only the
        // order of heights matters: within one height, entries and blocks
        // are matched by fingerprint, and what is reported is sorted.
        std::thread::scope(|scope| {
            scope.spawn(|| sort_by_height(&mut self.blocks, |b| b.height));
            sort_by_height(&mut self.index, |e| e.0);
            sort_by_height(&mut self.heights, |h| *h);
        });
        let mut named = Vec::new(); // (height, what), for findings
        let mut unmatched = Vec::new(); // (fingerprint, height)
        let mut orphans = Vec::new(); // (fingerprint, height)
        let (mut i, mut j) = (0, 0);
        while i < self.index.len() || j < self.blocks.len() {
            let height = match (self.index.get(i), self.blocks.get(j)) {
                (Some(e), Some(b)) => e.0.min(b.height),
                (Some(e), None) => e.0,
                (None, Some(b)) => b.height,
                (None, None) => unreachable!("the loop condition"),
            };
            // Groups are short (one entry, one block): walked, not searched.
            let i_end = i + self.index[i..].iter().take_while(|e| e.0 == height).count();
            let j_end = j + self.blocks[j..]
                .iter()
                .take_while(|b| b.height == height)
                .count();
            let (entries, group) = (&self.index[i..i_end], &self.blocks[j..j_end]);
            for &(_, fp) in entries {
                match group.iter().find(|b| b.fingerprint == fp) {
                    Some(b) if !b.root_matches => named.push((height, Named::WrongRoot)),
                    Some(_) => {}
                    None => unmatched.push((fp, height)),
                }
            }
            orphans.extend(
                group
                    .iter()
                    .filter(|b| !entries.iter().any(|e| e.1 == b.fingerprint))
                    .map(|b| (b.fingerprint, b.height)),
            );
            (i, j) = (i_end, j_end);
        }
        if let Some(room) = report.room().filter(|r| named.len() + unmatched.len() > *r) {
            // A report that words only its first findings: the entries it
            // will word (the first in key order, as `word_named` takes
            // them) are looked at more closely, the rest only counted.
            let total = named.len() + unmatched.len();
            let mut all: Vec<(u64, Option<Named>, u64)> = named
                .drain(..)
                .map(|(height, what)| (height, Some(what), 0))
                .chain(unmatched.drain(..).map(|(fp, height)| (height, None, fp)))
                .collect();
            if room < all.len() {
                all.select_nth_unstable_by(room, |a, b| height_key_order(a.0, b.0));
            }
            all.truncate(room);
            report.count_more(Check::Blocks, total - room);
            for (height, what, fp) in all {
                match what {
                    Some(what) => named.push((height, what)),
                    None => unmatched.push((fp, height)),
                }
            }
        }
        if unmatched.len() * 64 < self.blocks.len() {
            // A few: looked for in one pass over the blocks.
            unmatched.sort_unstable();
            let mut found: Vec<Option<u64>> = vec![None; unmatched.len()];
            for b in &self.blocks {
                let at = unmatched.partition_point(|u| u.0 < b.fingerprint);
                for (k, u) in unmatched[at..].iter().enumerate() {
                    if u.0 != b.fingerprint {
                        break;
                    }
                    found[at + k] = Some(b.height);
                }
            }
            for ((_, height), found) in unmatched.into_iter().zip(found) {
                named.push((height, found.map_or(Named::Missing, Named::AtHeight)));
            }
        } else {
            self.blocks.sort_unstable_by_key(|b| b.fingerprint);
            for (fp, height) in unmatched {
                let found = self
                    .blocks
                    .binary_search_by_key(&fp, |b| b.fingerprint)
                    .ok()
                    .map(|at| self.blocks[at].height);
                named.push((height, found.map_or(Named::Missing, Named::AtHeight)));
            }
        }
        drop(self.blocks);
        drop(self.index);
        word_named(storage, named, report)?;
        if !orphans.is_empty() {
            orphans.sort_unstable();
            word_orphans(storage, &orphans, report)?;
        }
        Ok(self.heights)
    }
}

/// Sorts `items` by `height` (ties in any order): a counting sort when the
/// heights are dense, as a chain's are (two passes, no comparisons), else
/// a comparison sort.
fn sort_by_height<T: Copy>(items: &mut Vec<T>, height: impl Fn(&T) -> u64) {
    let Some((lo, hi)) = items.iter().map(&height).fold(None, |span, h| match span {
        None => Some((h, h)),
        Some((lo, hi)) => Some((h.min(lo), h.max(hi))),
    }) else {
        return;
    };
    let span = hi - lo;
    if span >= (items.len() as u64).saturating_mul(4).max(1 << 16) {
        items.sort_unstable_by_key(height);
        return;
    }
    // Where each height's items start in the sorted order.
    let mut starts = vec![0usize; span as usize + 2];
    for item in items.iter() {
        starts[(height(item) - lo) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut sorted = items.clone();
    for item in items.iter() {
        let at = &mut starts[(height(item) - lo) as usize];
        sorted[*at] = *item;
        *at += 1;
    }
    *items = sorted;
}

/// The order of two heights' index keys (`height:<n>`, unpadded decimal:
/// by their digits as text), without building the keys.
fn height_key_order(a: u64, b: u64) -> std::cmp::Ordering {
    fn digits(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return &buf[at..];
            }
        }
    }
    let (mut x, mut y) = ([0u8; 20], [0u8; 20]);
    digits(a, &mut x).cmp(digits(b, &mut y))
}

/// Words the findings about height entries, in the entries' key order: the
/// height index is read again, in step, for the hash each entry names.
fn word_named(
    storage: &mut StorageService,
    mut named: Vec<(u64, Named)>,
    report: &mut VerifyReport,
) -> Result<()> {
    if named.is_empty() {
        return Ok(());
    }
    if report.is_full() {
        report.count_more(Check::Blocks, named.len());
        return Ok(());
    }
    named.sort_by_cached_key(|(height, _)| height_key(*height));
    let mut index = storage.scan(&ScanRange::prefix("height:"))?;
    let total = named.len();
    for (done, (height, what)) in named.into_iter().enumerate() {
        if report.is_full() {
            report.count_more(Check::Blocks, total - done);
            break;
        }
        let key = height_key(height);
        let value = loop {
            match index.next().transpose()? {
                Some((k, v)) if k == key => break v,
                Some((k, _)) if k < key => continue,
                _ => {
                    return Err(StoreError::Inconsistent(format!(
                        "{} changed while verify read it",
                        String::from_utf8_lossy(&key)
                    )))
                }
            }
        };
        let hash = json_string(&value).unwrap_or_default();
        let message = match what {
            Named::Missing => format!("points to block {hash}, which does not exist"),
            Named::AtHeight(h) => format!("points to block {hash}, whose height is {h}"),
            Named::WrongRoot => {
                let root = storage
                    .get(&block_key(&hash))?
                    .and_then(|b| super::block::block_meta_bytes(&b).ok())
                    .map(|m| m.state_root)
                    .unwrap_or_default();
                format!("points to block {hash}, whose stateRoot is {root}")
            }
        };
        report.add(Check::Blocks, &key, message);
    }
    Ok(())
}

/// Words a finding for every orphan block (`orphans`: their fingerprints
/// and heights, sorted), in bounded memory: the blocks
/// are read again (only now), each orphan sorted by its height's index key
/// (an external sort, spilling to anonymous temporary files beyond 64 MiB),
/// and the height index read once, in step, for what each height holds.
fn word_orphans(
    storage: &mut StorageService,
    orphans: &[(u64, u64)],
    report: &mut VerifyReport,
) -> Result<()> {
    if report.is_full() {
        report.count_more(Check::Blocks, orphans.len());
        return Ok(());
    }
    let mut sorter = Sorter::new(&std::env::temp_dir(), DEFAULT_RUN_BYTES);
    // Keys only, borrowed from the blocks (no value copied).
    let mut added = Ok(());
    storage.visit(&ScanRange::prefix("block:"), |key, _| {
        let hash = super::verify::lossy(&key["block:".len()..]);
        let fp = fingerprint(&hash);
        if let Ok(at) = orphans.binary_search_by_key(&fp, |o| o.0) {
            // `height:<n>` then 0 (below every byte: key order is kept).
            let mut sort_key = height_key(orphans[at].1);
            sort_key.push(0);
            sort_key.extend_from_slice(key);
            added = sorter.add(&sort_key, &[]);
        }
        Ok(added.is_ok())
    })?;
    added?;
    let mut index = storage.scan(&ScanRange::prefix("height:"))?.peekable();
    let mut left = orphans.len();
    for item in sorter.finish()? {
        if report.is_full() {
            report.count_more(Check::Blocks, left);
            break;
        }
        left = left.saturating_sub(1);
        let (sort_key, _) = item?;
        let split = sort_key
            .iter()
            .position(|b| *b == 0)
            .expect("written above");
        let (wanted, key) = (&sort_key[..split], &sort_key[split + 1..]);
        let height = std::str::from_utf8(&wanted["height:".len()..]).unwrap_or("?");
        // Skip the index entries before this height's key.
        let mut held = None;
        while let Some(next) = index.peek() {
            match next {
                Ok((k, _)) if k.as_slice() < wanted => {
                    index.next();
                }
                Ok((k, v)) if k.as_slice() == wanted => {
                    held = Some(v.clone());
                    break;
                }
                Ok(_) => break,
                Err(_) => return Err(index.next().expect("peeked").expect_err("an error")),
            }
        }
        let message = match held {
            None => format!("orphan: not indexed at its height (height:{height} is missing)"),
            Some(index) => {
                let named = std::str::from_utf8(&index)
                    .ok()
                    .and_then(|t| crate::store::json::decode_string(t.trim()))
                    .unwrap_or_else(|| String::from_utf8_lossy(&index).into_owned());
                format!("orphan: height:{height} names block {named}, not this one")
            }
        };
        report.add(Check::Blocks, key, message);
    }
    Ok(())
}

/// Gap findings reported before the rest are summarised in one.
const MAX_GAP_FINDINGS: usize = 100;

/// Reports the gaps in `heights` (sorted).
pub(super) fn report_gaps(heights: Vec<u64>, report: &mut VerifyReport) {
    let gaps: Vec<(u64, u64)> = heights
        .windows(2)
        .filter(|w| w[1] > w[0] + 1)
        .map(|w| (w[0] + 1, w[1] - 1))
        .collect();
    for (low, high) in gaps.iter().take(MAX_GAP_FINDINGS) {
        let what = if low == high {
            format!("height {low} is")
        } else {
            format!("heights {low}..={high} are")
        };
        report.add(
            Check::Blocks,
            &height_key(*low),
            format!("gap: {what} missing from the height index"),
        );
    }
    if gaps.len() > MAX_GAP_FINDINGS {
        report.add(
            Check::Blocks,
            b"height:",
            format!(
                "{} more gaps in the height index",
                gaps.len() - MAX_GAP_FINDINGS
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_heights_sort_as_a_comparison_sort_does() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for (n, spread) in [(0, 1), (1, 1), (5000, 4000), (5000, 1 << 40), (70_000, 100)] {
            let items: Vec<(u64, u64)> = (0..n).map(|i| (7 + next() % spread, i)).collect();
            let mut fast = items.clone();
            sort_by_height(&mut fast, |e| e.0);
            let mut slow = items.clone();
            slow.sort_by_key(|e| e.0);
            let heights = |v: &[(u64, u64)]| v.iter().map(|e| e.0).collect::<Vec<_>>();
            assert_eq!(heights(&fast), heights(&slow), "n {n} spread {spread}");
            let (mut a, mut b) = (fast, items);
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "the same items");
        }
    }
    use proptest::prelude::*;

    proptest! {
        /// Heights ordered without building their keys come in the keys' order.
        #[test]
        fn heights_order_as_their_index_keys(a in any::<u64>(), b in 0u64..2000, c in any::<u64>()) {
            for (x, y) in [(a, b), (b, a), (a, c), (b, b / 10), (c % 1000, c % 100)] {
                prop_assert_eq!(height_key_order(x, y), height_key(x).cmp(&height_key(y)));
            }
        }
    }
}
