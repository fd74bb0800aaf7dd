//! verify's blocks check in the common case, where nothing is wrong: block
//! hashes reduced to keyed 64-bit fingerprints, and each side of the
//! height index (the blocks, and the entries naming them) reduced to a
//! sum of keyed digests of (height, fingerprint) — one pass, nothing held
//! per key. Equal sums mean every entry names a block of its height and
//! every block is named; only when they differ are the lists gathered and
//! joined (`verify_blocks`) to say what is wrong.
//!
//! The key is drawn afresh by every process, so nobody can forge in
//! advance a hash whose fingerprint equals another's (with a fixed
//! function, every step a bijection, the last word of a longer string can
//! simply be solved for), nor entries whose digests sum to another set's.

use std::sync::OnceLock;

/// This process's key (random, from the OS, drawn once).
fn key() -> u64 {
    static KEY: OnceLock<u64> = OnceLock::new();
    *KEY.get_or_init(|| {
        use std::hash::BuildHasher;
        std::hash::RandomState::new().hash_one(0x7665_7269_6679_u64)
    })
}

fn mix(h: u64, word: u64) -> u64 {
    let h = (h ^ word).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 31)
}

/// MurmurHash3's 64-bit finaliser: a bijection in which every input bit
/// changes each output bit with probability about one half.
fn finalise(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A keyed 64-bit fingerprint of any bytes: each 8-byte word mixed in by a
/// bijective step (xor, odd multiply, xorshift) — in four lanes over
/// 32-byte stripes, which a core runs at once, each lane started from the
/// key and finalised, folded together and the words left over mixed in —
/// then MurmurHash3's finaliser. Distinct inputs collide with probability
/// about 2^-64 per pair, for a key nobody outside the process knows.
pub(super) fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("eight bytes"));
    let k = key();
    let mut lanes = [
        0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64 ^ k,
        0x6a09_e667_f3bc_c908 ^ k.rotate_left(16),
        0xbb67_ae85_84ca_a73b ^ k.rotate_left(32),
        0x3c6e_f372_fe94_f82b ^ k.rotate_left(48),
    ];
    let mut stripes = bytes.chunks_exact(32);
    for stripe in &mut stripes {
        for (lane, w) in lanes.iter_mut().zip(stripe.chunks_exact(8)) {
            *lane = mix(*lane, word(w));
        }
    }
    // Each lane mixed to the full width before the lanes meet: two lanes
    // folded by xor alone would cancel the same change made in either.
    let mut h = lanes.iter().fold(k, |h, &lane| mix(h, finalise(lane)));
    let mut words = stripes.remainder().chunks_exact(8);
    for w in &mut words {
        h = mix(h, word(w));
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        // Zero-padded (the length, mixed in first, tells the paddings apart).
        let last = tail
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        h = mix(h, last);
    }
    finalise(h)
}

/// A block hash's fingerprint with the lowest bit clear (a list of blocks
/// keeps a flag there): distinct hashes collide with probability about
/// 2^-63 per pair.
pub(super) fn fingerprint(hash: &[u8]) -> u64 {
    fingerprint_bytes(hash) & !1
}

/// The keyed digest of a (height, fingerprint) pair.
fn digest(height: u64, fingerprint: u64) -> u64 {
    finalise(mix(fingerprint, height ^ key().rotate_left(7)))
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
