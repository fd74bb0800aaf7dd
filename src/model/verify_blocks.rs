//! verify's blocks check when the digests of the height index's two sides
//! disagree ([`super::verify_digest`]): each block's hash fingerprint and
//! height, and each height entry's height and the fingerprint of the hash
//! it names (16 and 16 bytes each), gathered by a second pass over the
//! blocks and the index, are sorted by height and joined in one merge, so
//! no map is probed per key (a million-entry map misses the cache on every
//! probe). Point reads and a pass over the height index happen only to
//! word findings ([`super::verify_wording`]).

use super::verify::{Check, KeyChecks, VerifyOptions, VerifyReport};
use super::verify_digest::{fingerprint, IndexDigest};
use super::verify_wording::{word_named, word_orphans, Named};
use crate::store::{ranges, ScanRange, StorageService};
use crate::{Result, StoreError};

/// A block seen in the scan, in 16 bytes.
#[derive(Debug, Clone, Copy)]
struct SeenBlock {
    height: u64,
    /// Its hash's [`fingerprint`] (whose lowest bit is always clear), with
    /// the lowest bit set when its `stateRoot` is its key's hash.
    tagged: u64,
}

impl SeenBlock {
    fn fingerprint(&self) -> u64 {
        self.tagged & !1
    }

    fn root_matches(&self) -> bool {
        self.tagged & 1 == 1
    }
}

/// What the blocks check has seen so far: the digest of the height index
/// always, the lists only when asked to keep them (in the second pass).
#[derive(Default)]
pub struct BlockIndexCheck {
    digest: IndexDigest,
    lists: Option<IndexLists>,
}

/// The height index's two sides, entry by entry.
#[derive(Default)]
struct IndexLists {
    blocks: Vec<SeenBlock>,
    /// Each height entry that names a hash: (height, fingerprint).
    index: Vec<(u64, u64)>,
    /// Every canonical height, for the gap report.
    heights: Vec<u64>,
    /// The fingerprint of each `block:<hash>` key whose value is not a
    /// valid block (an entry naming one is not told the block is missing).
    invalid: Vec<u64>,
}

impl BlockIndexCheck {
    /// A check that also keeps every block and entry.
    pub fn keeping_lists() -> BlockIndexCheck {
        BlockIndexCheck {
            digest: IndexDigest::default(),
            lists: Some(IndexLists::default()),
        }
    }

    /// A `block:<hash>` entry at `height`; `root_matches`: its `stateRoot`
    /// is the hash.
    pub fn block(&mut self, hash: &[u8], height: u64, root_matches: bool) {
        let fingerprint = fingerprint(hash);
        self.digest.block(height, fingerprint, root_matches);
        if let Some(lists) = &mut self.lists {
            lists.blocks.push(SeenBlock {
                height,
                tagged: fingerprint | u64::from(root_matches),
            });
        }
    }

    /// A `block:<hash>` key whose value is not a valid block (not in the
    /// digest: no entry can name it as a block).
    pub fn invalid_block(&mut self, hash: &[u8]) {
        if let Some(lists) = &mut self.lists {
            lists.invalid.push(fingerprint(hash));
        }
    }

    /// A canonical `height:<n>` key, whatever its value holds.
    pub fn canonical(&mut self, height: u64) {
        self.digest.height(height);
        if let Some(lists) = &mut self.lists {
            lists.heights.push(height);
        }
    }

    /// A canonical `height:<n>` entry naming `hash` (decoded, as bytes).
    pub fn entry(&mut self, height: u64, hash: &[u8]) {
        let fingerprint = fingerprint(hash);
        self.digest.entry(height, fingerprint);
        if let Some(lists) = &mut self.lists {
            lists.index.push((height, fingerprint));
        }
    }

    /// Reports, over what the scans of every key range saw (`parts`),
    /// every height entry whose block is missing, elsewhere or
    /// inconsistent (in key order), then every block its height's entry
    /// does not name; returns the gaps in the canonical heights (first and
    /// last missing height of each), in order. Nothing more is read when
    /// the parts' digests say all is well; else the lists are read again
    /// from `storage` (the scans keep digests only).
    pub fn finish(
        parts: Vec<BlockIndexCheck>,
        storage: &mut StorageService,
        report: &mut VerifyReport,
    ) -> Result<Vec<(u64, u64)>> {
        let digest = parts
            .iter()
            .fold(IndexDigest::default(), |d, part| d.join(part.digest));
        if digest.is_clean() {
            return Ok(Vec::new());
        }
        let (lists, again) = lists_read_again(storage)?;
        if again != digest {
            // The same keys give the same sums: the lists would not be
            // what the scan saw, and their findings could be wrong.
            return Err(StoreError::Inconsistent(
                "the blocks and the height index read differently the second time \
                 (did the store change while verify read it?)"
                    .into(),
            ));
        }
        let (mut blocks, mut index, mut heights) = (Vec::new(), Vec::new(), Vec::new());
        let mut invalid = Vec::new();
        for part in lists {
            blocks.push(part.blocks);
            index.push(part.index);
            heights.push(part.heights);
            invalid.extend(part.invalid);
        }
        invalid.sort_unstable();
        // What an entry naming no block at all names.
        let absent = |fp: u64| match invalid.binary_search(&fp) {
            Ok(_) => Named::Invalid,
            Err(_) => Named::Missing,
        };
        // The parts gathered and sorted in one step, on two threads. Only
        // the order of heights matters: within one height, entries and
        // blocks are matched by fingerprint, and what is reported is sorted.
        let (mut blocks, index, gaps) = std::thread::scope(|scope| {
            let blocks = scope.spawn(|| sorted_by_height(blocks, |b| b.height));
            let index = sorted_by_height(index, |e| e.0);
            let gaps = gaps_in(heights);
            let blocks = blocks
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (blocks, index, gaps)
        });
        let mut named = Vec::new(); // (height, what), for findings
        let mut unmatched = Vec::new(); // (fingerprint, height)
        let mut orphans = Vec::new(); // (fingerprint, height)
        let (mut i, mut j) = (0, 0);
        while i < index.len() || j < blocks.len() {
            let height = match (index.get(i), blocks.get(j)) {
                (Some(e), Some(b)) => e.0.min(b.height),
                (Some(e), None) => e.0,
                (None, Some(b)) => b.height,
                (None, None) => unreachable!("the loop condition"),
            };
            // Groups are short (one entry, one block): walked, not searched.
            let i_end = i + index[i..].iter().take_while(|e| e.0 == height).count();
            let j_end = j + blocks[j..]
                .iter()
                .take_while(|b| b.height == height)
                .count();
            let (entries, group) = (&index[i..i_end], &blocks[j..j_end]);
            for &(_, fp) in entries {
                match group.iter().find(|b| b.fingerprint() == fp) {
                    Some(b) if !b.root_matches() => named.push((height, Named::WrongRoot)),
                    Some(_) => {}
                    None => unmatched.push((fp, height)),
                }
            }
            orphans.extend(
                group
                    .iter()
                    .filter(|b| !entries.iter().any(|e| e.1 == b.fingerprint()))
                    .map(|b| (b.fingerprint(), b.height)),
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
        if unmatched.len() * 64 < blocks.len() {
            // A few: looked for in one pass over the blocks.
            unmatched.sort_unstable();
            let mut found: Vec<Option<u64>> = vec![None; unmatched.len()];
            for b in &blocks {
                let at = unmatched.partition_point(|u| u.0 < b.fingerprint());
                for (k, u) in unmatched[at..].iter().enumerate() {
                    if u.0 != b.fingerprint() {
                        break;
                    }
                    found[at + k] = Some(b.height);
                }
            }
            for ((fp, height), found) in unmatched.into_iter().zip(found) {
                named.push((height, found.map_or_else(|| absent(fp), Named::AtHeight)));
            }
        } else {
            blocks.sort_unstable_by_key(|b| b.fingerprint());
            for (fp, height) in unmatched {
                let found = blocks
                    .binary_search_by_key(&fp, |b| b.fingerprint())
                    .ok()
                    .map(|at| blocks[at].height);
                named.push((height, found.map_or_else(|| absent(fp), Named::AtHeight)));
            }
        }
        drop(blocks);
        drop(index);
        word_named(storage, named, report)?;
        if !orphans.is_empty() {
            orphans.sort_unstable();
            word_orphans(storage, &orphans, report)?;
        }
        Ok(gaps)
    }
}

/// The blocks check's lists, from a second pass over the blocks and the
/// height index (the first kept their digests only), in key ranges on two
/// threads, and their digest (the first pass's, when both read the same
/// keys). Its findings were reported by the first.
fn lists_read_again(storage: &mut StorageService) -> Result<(Vec<IndexLists>, IndexDigest)> {
    let options = VerifyOptions {
        checks: [Check::Blocks].into(),
        allow_non_json: Vec::new(),
        all_findings: false,
    };
    let mut ranges = Vec::new();
    for prefix in ["block:", "height:"] {
        ranges.extend(ranges::split(
            storage,
            &ScanRange::prefix(prefix),
            ranges::RANGE_BYTES,
        )?);
    }
    let mut lists = Vec::with_capacity(ranges.len());
    let mut digest = IndexDigest::default();
    ranges::for_each_in_order(
        storage,
        &ranges,
        |view, range, emit| {
            let mut checks = KeyChecks::new(&options).keeping_block_lists();
            view.visit(range, |key, value| {
                // Neither a block nor a height entry reads another key.
                let _ = checks.entry(key, value);
                Ok(true)
            })?;
            emit(checks.into_pass(false).blocks)
        },
        |part| {
            digest = digest.join(part.digest);
            lists.push(part.lists.unwrap_or_default());
            Ok(())
        },
    )?;
    Ok((lists, digest))
}

/// The least and the greatest of `heights` (`None` when there are none).
fn least_and_greatest(heights: impl Iterator<Item = u64>) -> Option<(u64, u64)> {
    heights.fold(None, |span, h| match span {
        None => Some((h, h)),
        Some((lo, hi)) => Some((h.min(lo), h.max(hi))),
    })
}

/// The items of `parts`, sorted by `height` (ties in any order): a
/// counting sort when the heights are dense, as a chain's are (each item
/// moved once, straight to its place: no comparisons), else a comparison
/// sort. Each part is freed once its items are placed.
fn sorted_by_height<T: Copy>(parts: Vec<Vec<T>>, height: impl Fn(&T) -> u64) -> Vec<T> {
    let total = parts.iter().map(Vec::len).sum::<usize>();
    let Some((lo, hi)) = least_and_greatest(parts.iter().flatten().map(&height)) else {
        return Vec::new();
    };
    let span = hi - lo;
    if span >= (total as u64).saturating_mul(4).max(1 << 16) || total >= u32::MAX as usize {
        let mut items: Vec<T> = Vec::with_capacity(total);
        for part in parts {
            items.extend(part);
        }
        items.sort_unstable_by_key(height);
        return items;
    }
    let bucket = |item: &T| (height(item) - lo) as usize;
    // Where the next item of each height goes.
    let mut next = vec![0u32; span as usize + 2];
    for item in parts.iter().flatten() {
        next[bucket(item) + 1] += 1;
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    let first = parts.iter().flatten().next().copied();
    let mut sorted = vec![first.expect("at least one item"); total];
    for part in parts {
        for item in part {
            let at = &mut next[bucket(&item)];
            sorted[*at as usize] = item;
            *at += 1;
        }
    }
    sorted
}

/// The runs of heights missing between the least and the greatest of
/// `parts` (first and last of each run, in order): marked in a bitmap when
/// the heights are dense, as a chain's are, else sorted.
fn gaps_in(parts: Vec<Vec<u64>>) -> Vec<(u64, u64)> {
    let total = parts.iter().map(Vec::len).sum::<usize>();
    let Some((lo, hi)) = least_and_greatest(parts.iter().flatten().copied()) else {
        return Vec::new();
    };
    let span = hi - lo;
    let mut gaps = Vec::new();
    if span >= (total as u64).saturating_mul(64).max(1 << 20) {
        let mut heights: Vec<u64> = parts.into_iter().flatten().collect();
        heights.sort_unstable();
        for w in heights.windows(2) {
            if w[1] > w[0] + 1 {
                gaps.push((w[0] + 1, w[1] - 1));
            }
        }
        return gaps;
    }
    let mut seen = vec![0u64; (span / 64 + 1) as usize];
    for h in parts.into_iter().flatten() {
        let at = h - lo;
        seen[(at / 64) as usize] |= 1 << (at % 64);
    }
    let present = |at: u64| seen[(at / 64) as usize] & (1 << (at % 64)) != 0;
    let mut at = 0;
    while at < span {
        if present(at) {
            at += 1;
            continue;
        }
        let start = at;
        while !present(at) {
            at += 1;
        }
        gaps.push((lo + start, lo + at - 1));
    }
    gaps
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::height::height_key;

    #[test]
    fn gaps_from_a_bitmap_or_a_sort_are_the_same() {
        let naive = |heights: &[u64]| {
            let mut h = heights.to_vec();
            h.sort_unstable();
            h.dedup();
            h.windows(2)
                .filter(|w| w[1] > w[0] + 1)
                .map(|w| (w[0] + 1, w[1] - 1))
                .collect::<Vec<_>>()
        };
        let dense: Vec<u64> = (0..5000u64)
            .filter(|h| h % 7 != 3 && !(100..=163).contains(h))
            .collect();
        let sparse = vec![5, u64::MAX - 2, 1 << 40, 6, 8];
        for heights in [vec![], vec![9], dense, sparse, vec![3, 3, 5]] {
            let parts = vec![
                heights[..heights.len() / 2].to_vec(),
                heights[heights.len() / 2..].to_vec(),
            ];
            assert_eq!(gaps_in(parts), naive(&heights), "{heights:?}");
        }
    }

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
            // In parts of uneven sizes.
            let parts: Vec<Vec<(u64, u64)>> = items
                .chunks(997)
                .map(<[(u64, u64)]>::to_vec)
                .chain([Vec::new()])
                .collect();
            let fast = sorted_by_height(parts, |e| e.0);
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
