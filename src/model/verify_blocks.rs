//! verify's blocks check in one pass and compact memory: blocks come
//! before the height index in key order (`block:` < `height:`), so each
//! block's hash fingerprint and height are recorded first and every height
//! entry is checked against them without a point read; blocks the index
//! does not name are found at the end. Point reads happen only to word a
//! finding. About 40 bytes per block, instead of two random reads each.

use super::block::block_key;
use super::height::height_key;
use super::verify::{Check, VerifyReport};
use crate::store::sorter::{Sorter, DEFAULT_RUN_BYTES};
use crate::store::{ScanRange, StorageService};
use crate::Result;
use std::collections::HashSet;

/// Maps keyed by fingerprints or heights (already hashes / the store's own).
type U64Map<V> = crate::store::fasthash::WordMap<u64, V>;

/// A 64-bit fingerprint of a block hash: each 8-byte word mixed in by a
/// bijective step (xor, odd multiply, xorshift), then MurmurHash3's
/// finaliser — distinct hashes collide with probability about 2^-64 per
/// pair, as with the SipHash it replaces (with its fixed, public keys), at
/// a fraction of the cost.
fn fingerprint(hash: &str) -> u64 {
    let bytes = hash.as_bytes();
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

/// What the blocks check has seen so far.
#[derive(Default)]
pub struct BlockIndexCheck {
    /// fingerprint of a block's hash → (its height, stateRoot equals the hash)
    blocks: U64Map<(u64, bool)>,
    /// Every block: (fingerprint, height), in key order.
    order: Vec<(u64, u64)>,
    /// height → fingerprint of the hash its index entry names.
    named: U64Map<u64>,
    /// Every canonical height, for the gap report.
    pub heights: Vec<u64>,
}

impl BlockIndexCheck {
    /// A `block:<hash>` entry at `height`; `root_matches`: its `stateRoot`
    /// is the hash.
    pub fn block(&mut self, hash: &str, height: u64, root_matches: bool) {
        let fp = fingerprint(hash);
        self.blocks.insert(fp, (height, root_matches));
        self.order.push((fp, height));
    }

    /// A `height:<n>` entry naming `hash`.
    pub fn height(
        &mut self,
        storage: &mut StorageService,
        key: &[u8],
        height: u64,
        hash: &str,
        report: &mut VerifyReport,
    ) -> Result<()> {
        let fp = fingerprint(hash);
        self.named.insert(height, fp);
        match self.blocks.get(&fp) {
            None => report.add(
                Check::Blocks,
                key,
                format!("points to block {hash}, which does not exist"),
            ),
            Some((h, _)) if *h != height => report.add(
                Check::Blocks,
                key,
                format!("points to block {hash}, whose height is {h}"),
            ),
            Some((_, false)) => {
                let root = storage
                    .get(&block_key(hash))?
                    .and_then(|b| super::block::block_meta_bytes(&b).ok())
                    .map(|m| m.state_root)
                    .unwrap_or_default();
                report.add(
                    Check::Blocks,
                    key,
                    format!("points to block {hash}, whose stateRoot is {root}"),
                );
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// Reports every block its height's index entry does not name.
    pub fn finish(
        self,
        storage: &mut StorageService,
        report: &mut VerifyReport,
    ) -> Result<Vec<u64>> {
        let orphans: HashSet<u64> = self
            .order
            .iter()
            .filter(|(fp, height)| self.named.get(height) != Some(fp))
            .map(|(fp, _)| *fp)
            .collect();
        if !orphans.is_empty() {
            word_orphans(storage, &orphans, report)?;
        }
        Ok(self.heights)
    }
}

/// Words a finding for every orphan block, in bounded memory: the blocks
/// are read again (only now), each orphan sorted by its height's index key
/// (an external sort, spilling to anonymous temporary files beyond 64 MiB),
/// and the height index read once, in step, for what each height holds.
fn word_orphans(
    storage: &mut StorageService,
    orphans: &HashSet<u64>,
    report: &mut VerifyReport,
) -> Result<()> {
    let mut sorter = Sorter::new(&std::env::temp_dir(), DEFAULT_RUN_BYTES);
    for item in storage.scan(&ScanRange::prefix("block:"))? {
        let (key, value) = item?;
        let hash = String::from_utf8_lossy(&key["block:".len()..]);
        if !orphans.contains(&fingerprint(&hash)) {
            continue;
        }
        if let Ok(meta) = super::block::block_meta_bytes(&value) {
            // `height:<n>` then 0 (below every byte: key order is kept).
            let mut sort_key = height_key(meta.height);
            sort_key.push(0);
            sort_key.extend_from_slice(&key);
            sorter.add(&sort_key, &[])?;
        }
    }
    let mut index = storage.scan(&ScanRange::prefix("height:"))?.peekable();
    for item in sorter.finish()? {
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
