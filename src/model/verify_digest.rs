//! verify's blocks check in the common case, where nothing is wrong: block
//! hashes reduced to keyed 64-bit fingerprints, and each side of the
//! height index (the blocks, and the entries naming them) reduced to a
//! sum of keyed digests of (height, fingerprint) — one pass, nothing held
//! per key. Equal sums mean every entry names a block of its height and
//! every block is named; only when they differ are the lists gathered and
//! joined (`verify_blocks`) to say what is wrong.
//!
//! The keys are drawn afresh by every process, so nobody can forge in
//! advance a hash whose fingerprint equals another's (with the fixed
//! function used before, every step a bijection, the last word of a
//! longer string could simply be solved for), nor entries whose digests
//! sum to another set's.

use std::sync::OnceLock;

/// This process's keys (random, from the OS, drawn once).
fn keys() -> &'static [u64; 6] {
    static KEYS: OnceLock<[u64; 6]> = OnceLock::new();
    KEYS.get_or_init(|| {
        use std::hash::BuildHasher;
        let state = std::hash::RandomState::new();
        std::array::from_fn(|i| state.hash_one(i))
    })
}

/// The 128-bit product of `a` and `b`, its halves folded by xor (wyhash's
/// "mum"): every bit of either input reaches the middle bits of the
/// product.
#[inline(always)]
fn mum(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A keyed 64-bit fingerprint of any bytes, after wyhash: each 16 bytes
/// folded into the state by one 128-bit multiply of its two words, each
/// blinded (by a key and by the state so far); a tail is read as the last
/// 16 bytes (overlapping what came before) or, in a short input, as
/// overlapping words, and the length, mixed in first and last, tells the
/// overlaps apart. Distinct inputs collide with probability about 2^-64
/// per pair, for keys nobody outside the process knows.
pub(super) fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().expect("four bytes"),
        ))
    };
    let k = keys();
    let len = bytes.len();
    let mut h = k[0] ^ len as u64;
    let (a, b) = match len {
        0 => (0, 0),
        1..=3 => {
            let small = |at: usize| u64::from(bytes[at]);
            ((small(0) << 16) | (small(len / 2) << 8) | small(len - 1), 0)
        }
        4..=7 => ((half(0) << 32) | half(len - 4), 0),
        8..=16 => (word(0), word(len - 8)),
        _ => {
            let mut at = 0;
            while len - at > 16 {
                h = mum(word(at) ^ k[1], word(at + 8) ^ h);
                at += 16;
            }
            (word(len - 16), word(len - 8))
        }
    };
    h = mum(a ^ k[1], b ^ h);
    mum(h ^ k[2], len as u64 ^ k[3])
}

/// A block hash's fingerprint with the lowest bit clear (a list of blocks
/// keeps a flag there): distinct hashes collide with probability about
/// 2^-63 per pair.
pub(super) fn fingerprint(hash: &[u8]) -> u64 {
    fingerprint_bytes(hash) & !1
}

/// The keyed digest of a (height, fingerprint) pair.
fn digest(height: u64, fingerprint: u64) -> u64 {
    let k = keys();
    mum(fingerprint ^ k[4], height ^ k[5])
}

/// The height index summed up: each side's count and digest sum, the
/// blocks whose `stateRoot` is not their hash, and the span of the
/// canonical heights.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct IndexDigest {
    blocks: u64,
    blocks_sum: u64,
    wrong_roots: u64,
    entries: u64,
    entries_sum: u64,
    heights: u64,
    least: u64,
    greatest: u64,
}

impl IndexDigest {
    /// A block at `height` whose hash has `fingerprint`.
    pub(super) fn block(&mut self, height: u64, fingerprint: u64, root_matches: bool) {
        self.blocks += 1;
        self.blocks_sum = self.blocks_sum.wrapping_add(digest(height, fingerprint));
        self.wrong_roots += u64::from(!root_matches);
    }

    /// A canonical height entry at `height` naming a hash with `fingerprint`.
    pub(super) fn entry(&mut self, height: u64, fingerprint: u64) {
        self.entries += 1;
        self.entries_sum = self.entries_sum.wrapping_add(digest(height, fingerprint));
    }

    /// A canonical height key (whatever its value holds).
    pub(super) fn height(&mut self, height: u64) {
        if self.heights == 0 {
            (self.least, self.greatest) = (height, height);
        }
        self.heights += 1;
        self.least = self.least.min(height);
        self.greatest = self.greatest.max(height);
    }

    /// Both digests together (of disjoint key ranges).
    pub(super) fn join(self, other: IndexDigest) -> IndexDigest {
        let (least, greatest) = match (self.heights, other.heights) {
            (0, _) => (other.least, other.greatest),
            (_, 0) => (self.least, self.greatest),
            _ => (
                self.least.min(other.least),
                self.greatest.max(other.greatest),
            ),
        };
        IndexDigest {
            blocks: self.blocks + other.blocks,
            blocks_sum: self.blocks_sum.wrapping_add(other.blocks_sum),
            wrong_roots: self.wrong_roots + other.wrong_roots,
            entries: self.entries + other.entries,
            entries_sum: self.entries_sum.wrapping_add(other.entries_sum),
            heights: self.heights + other.heights,
            least,
            greatest,
        }
    }

    /// Whether the blocks check has nothing to report: every block's
    /// `stateRoot` is its hash, the entries name exactly the blocks (each
    /// at its height: the sums of the two sides agree, which differing
    /// sides do with probability about 2^-64), and the canonical heights
    /// (distinct, being keys) leave no gap.
    pub(super) fn is_clean(&self) -> bool {
        self.wrong_roots == 0
            && self.blocks == self.entries
            && self.blocks_sum == self.entries_sum
            && (self.heights == 0 || self.greatest - self.least == self.heights - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_of_near_and_many_hashes_differ() {
        let mut seen = std::collections::HashSet::new();
        // Every length, every one-byte change, and a million hash-shaped
        // strings: no two fingerprints alike.
        let base: Vec<u8> = (0..100u8).map(|i| b'a' + i % 26).collect();
        for len in 0..=base.len() {
            assert!(seen.insert(fingerprint_bytes(&base[..len])));
            for at in 0..len {
                for flip in [1u8, 0x80] {
                    let mut near = base[..len].to_vec();
                    near[at] ^= flip;
                    assert!(seen.insert(fingerprint_bytes(&near)), "{len} {at} {flip}");
                }
            }
        }
        assert!(seen.insert(fingerprint_bytes(&[0])));
        assert!(seen.insert(fingerprint_bytes(&[0, 0])));
        for i in 0..1_000_000u64 {
            let hash = format!("0x{:064x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            assert!(seen.insert(fingerprint(hash.as_bytes())), "{hash}");
        }
    }

    /// Digests of a chain of `n` blocks from `first`, spread over two key
    /// ranges, with the entries made by `entry` (height, height named).
    fn chain(
        first: u64,
        n: u64,
        entry: impl Fn(u64) -> Option<(u64, u64)>,
    ) -> (IndexDigest, IndexDigest) {
        let fp = |h: u64| fingerprint(format!("0x{h:064x}").as_bytes());
        let (mut a, mut b) = (IndexDigest::default(), IndexDigest::default());
        for h in first..first + n {
            let side = if h % 3 == 0 { &mut a } else { &mut b };
            side.block(h, fp(h), true);
            if let Some((height, named)) = entry(h) {
                let side = if h % 2 == 0 { &mut a } else { &mut b };
                side.height(height);
                side.entry(height, fp(named));
            }
        }
        (a, b)
    }

    #[test]
    fn a_consistent_chain_is_clean_and_every_change_is_seen() {
        let (a, b) = chain(5, 1000, |h| Some((h, h)));
        assert!(a.join(b).is_clean() && b.join(a).is_clean());
        assert!(IndexDigest::default().is_clean());
        // An entry naming another block, a block at another height, two
        // entries swapped, an entry missing, a gap.
        let changes: [&dyn Fn(u64) -> Option<(u64, u64)>; 5] = [
            &|h| Some((h, if h == 500 { 501 } else { h })),
            &|h| Some((if h == 7 { 1005 } else { h }, h)),
            &|h| Some((h, [h, 11, 10][(h == 10) as usize + 2 * (h == 11) as usize])),
            &|h| (h != 900).then_some((h, h)),
            &|h| Some((if h >= 600 { h + 1 } else { h }, h)),
        ];
        for (i, change) in changes.iter().enumerate() {
            let (a, b) = chain(5, 1000, change);
            assert!(!a.join(b).is_clean(), "change {i}");
        }
        // A block whose stateRoot is not its hash, named by its entry.
        for root_matches in [true, false] {
            let (mut a, b) = chain(5, 10, |h| Some((h, h)));
            a.block(4, 9, root_matches);
            a.entry(4, 9);
            a.height(4);
            assert_eq!(a.join(b).is_clean(), root_matches);
        }
    }
}
