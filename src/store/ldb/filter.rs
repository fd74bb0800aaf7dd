//! Reading the bloom filter block of a table ("filter.leveldb.BuiltinBloomFilter2").
//!
//! Layout: the filters, then a `u32` offset per filter, the offset of that
//! array, and `base_lg` (filter `i` covers data blocks starting in
//! `[i << base_lg, (i + 1) << base_lg)`). Keys are user keys.

use super::format::fixed32;

/// The metaindex key of the filter both engines write.
pub const FILTER_META_KEY: &[u8] = b"filter.leveldb.BuiltinBloomFilter2";

/// LevelDB's `Hash(data, n, 0xbc9f1d34)`. `signed_tail` reproduces the
/// hash of LevelDB releases before 1.21, which sign-extended the last one
/// to three bytes on platforms with a signed `char`.
fn bloom_hash(data: &[u8], signed_tail: bool) -> u32 {
    const M: u32 = 0xc6a4_a793;
    let mut h = 0xbc9f_1d34u32 ^ (data.len() as u32).wrapping_mul(M);
    let mut chunks = data.chunks_exact(4);
    for w in &mut chunks {
        h = h.wrapping_add(u32::from_le_bytes(w.try_into().expect("4 bytes")));
        h = h.wrapping_mul(M);
        h ^= h >> 16;
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, b) in tail.iter().enumerate().rev() {
            let byte = if signed_tail {
                *b as i8 as i32 as u32
            } else {
                u32::from(*b)
            };
            h = h.wrapping_add(byte << (8 * i));
        }
        h = h.wrapping_mul(M);
        h ^= h >> 24;
    }
    h
}

fn bloom_may_match(filter: &[u8], key: &[u8], signed_tail: bool) -> bool {
    if filter.len() < 2 {
        return filter.is_empty();
    }
    let bits = ((filter.len() - 1) * 8) as u32;
    let k = filter[filter.len() - 1];
    if k > 30 {
        return true; // reserved for other encodings: treat as a match
    }
    let mut h = bloom_hash(key, signed_tail);
    let delta = h.rotate_left(15);
    for _ in 0..k {
        let bit = (h % bits) as usize;
        if filter[bit / 8] & (1 << (bit % 8)) == 0 {
            return false;
        }
        h = h.wrapping_add(delta);
    }
    true
}

/// A table's filter block.
#[derive(Debug)]
pub struct FilterBlock {
    data: Vec<u8>,
    offsets_start: usize,
    count: usize,
    base_lg: u8,
}

impl FilterBlock {
    /// Parses a filter block; `Err` when its offsets are inconsistent.
    pub fn new(data: Vec<u8>) -> Result<FilterBlock, String> {
        let n = data.len();
        if n < 5 {
            return Err(format!("filter block of {n} bytes is too short"));
        }
        let base_lg = data[n - 1];
        let offsets_start = fixed32(&data, n - 5).expect("in bounds") as usize;
        if offsets_start > n - 5 {
            return Err("filter block offset array out of bounds".into());
        }
        let count = (n - 5 - offsets_start) / 4;
        let block = FilterBlock {
            data,
            offsets_start,
            count,
            base_lg,
        };
        for i in 0..count {
            let (start, end) = block.bounds(i);
            if start > end || end > offsets_start {
                return Err(format!("filter {i} out of bounds"));
            }
        }
        Ok(block)
    }

    fn bounds(&self, i: usize) -> (usize, usize) {
        let at = |j: usize| fixed32(&self.data, self.offsets_start + 4 * j).expect("in bounds");
        let start = at(i) as usize;
        let end = if i + 1 < self.count {
            at(i + 1) as usize
        } else {
            self.offsets_start
        };
        (start, end)
    }

    /// Whether `user_key` may be in the data block starting at `block_offset`.
    /// False only when the filter proves the key absent. Both hash variants
    /// LevelDB releases have used are tried, so a store written by an old
    /// release never has a key hidden by a filter mismatch.
    pub fn may_contain(&self, block_offset: u64, user_key: &[u8]) -> bool {
        let index = (block_offset >> self.base_lg.min(63)) as usize;
        if index >= self.count {
            return true;
        }
        let (start, end) = self.bounds(index);
        let filter = &self.data[start..end];
        if filter.is_empty() {
            return false; // an empty filter: no key in this range
        }
        bloom_may_match(filter, user_key, false) || bloom_may_match(filter, user_key, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_matches_leveldb() {
        // Values from LevelDB's util/hash_test.cc (seed 0xbc9f1d34).
        let hash = |d: &[u8]| bloom_hash(d, false);
        assert_eq!(hash(&[]), 0xbc9f_1d34);
        assert_eq!(hash(&[0x62]), 0xef13_45c4);
        assert_eq!(hash(&[0xc3, 0x97]), 0x5b66_3814);
        assert_eq!(hash(&[0xe2, 0x99, 0xa5]), 0x323c_078f);
        assert_eq!(hash(&[0xe1, 0x80, 0xb9, 0x32]), 0xed21_633a);
    }
}
