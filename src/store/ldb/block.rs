//! Sorted runs of internal-key entries: a decoded table block (keys
//! materialised from their shared prefixes, values pointing into the
//! block's bytes) or the contents of a log, and a cursor over them.

use super::format::{compare_internal, fixed32, varint};
use std::cmp::Ordering;
use std::rc::Rc;

#[derive(Debug, Clone, Copy)]
struct Entry {
    key_start: u32,
    key_end: u32,
    value_start: u32,
    value_end: u32,
}

/// Where a block's entries end: before its restart array and count.
fn entries_end(data: &[u8]) -> Result<usize, String> {
    let restarts = fixed32(data, data.len().wrapping_sub(4))
        .ok_or_else(|| format!("block of {} bytes is too short", data.len()))?
        as usize;
    restarts
        .checked_mul(4)
        .and_then(|r| data.len().checked_sub(4 + r))
        .ok_or_else(|| format!("block restart count {restarts} out of bounds"))
}

/// One entry of a block as stored: its key is the first `shared` bytes
/// of the key before it followed by `unshared`; its value is
/// `data[value]`.
pub struct RawEntry<'a> {
    /// Where the entry starts in the block.
    pub at: usize,
    /// Bytes taken from the key before.
    pub shared: usize,
    /// The key's bytes after those.
    pub unshared: &'a [u8],
    /// The value's position in the block.
    pub value: std::ops::Range<usize>,
}

/// Walks a block's entries, `(shared, unshared, value_len, key_delta,
/// value)*` before the restart array, checking every length (a key cannot
/// share more than the key before it has; nothing runs past the entries);
/// the caller assembles the keys. The one decoder of block entries.
pub fn for_each_entry<'a>(
    data: &'a [u8],
    mut each: impl FnMut(RawEntry<'a>) -> Result<(), String>,
) -> Result<(), String> {
    let end = entries_end(data)?;
    let mut previous_len = 0;
    let mut p = 0;
    while p < end {
        let at = p;
        let bad = || format!("undecodable block entry at block offset {at}");
        let shared = varint(data, &mut p).ok_or_else(bad)? as usize;
        let unshared = varint(data, &mut p).ok_or_else(bad)? as usize;
        let value_len = varint(data, &mut p).ok_or_else(bad)? as usize;
        if shared > previous_len {
            return Err(bad());
        }
        let key_end = p.checked_add(unshared).ok_or_else(bad)?;
        let value_end = key_end.checked_add(value_len).ok_or_else(bad)?;
        if value_end > end {
            return Err(bad());
        }
        previous_len = shared + unshared;
        each(RawEntry {
            at,
            shared,
            unshared: &data[p..key_end],
            value: key_end..value_end,
        })?;
        p = value_end;
    }
    Ok(())
}

/// Entries in internal-key order with random access by position.
#[derive(Debug, Default, Clone)]
pub struct SortedRun {
    keys: Vec<u8>,
    values: Vec<u8>,
    entries: Vec<Entry>,
}

fn offset(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "block larger than 4 GiB".to_string())
}

impl SortedRun {
    /// Decodes a block: `(shared, unshared, value_len, key_delta, value)*`
    /// then the restart array and its length. Every length is checked.
    pub fn decode_block(data: Vec<u8>) -> Result<SortedRun, String> {
        let end = entries_end(&data)?;
        let mut run = SortedRun {
            keys: Vec::with_capacity((end / 2).min(64 << 10)),
            values: Vec::new(),
            entries: Vec::with_capacity((end / 32).min(4 << 10)),
        };
        let mut prev: (usize, usize) = (0, 0);
        for_each_entry(&data, |e| {
            let start = run.keys.len();
            run.keys.extend_from_within(prev.0..prev.0 + e.shared);
            run.keys.extend_from_slice(e.unshared);
            prev = (start, run.keys.len());
            run.entries.push(Entry {
                key_start: offset(start)?,
                key_end: offset(run.keys.len())?,
                value_start: offset(e.value.start)?,
                value_end: offset(e.value.end)?,
            });
            Ok(())
        })?;
        run.values = data;
        Ok(run)
    }

    /// Builds a run from `(internal key, value)` pairs in any order; pairs
    /// are sorted by internal key (stable for equal keys).
    pub fn from_unsorted(keys: Vec<u8>, values: Vec<u8>, spans: Vec<[usize; 4]>) -> SortedRun {
        let mut entries: Vec<Entry> = spans
            .into_iter()
            .map(|[ks, ke, vs, ve]| Entry {
                key_start: ks as u32,
                key_end: ke as u32,
                value_start: vs as u32,
                value_end: ve as u32,
            })
            .collect();
        entries.sort_by(|a, b| {
            compare_internal(
                &keys[a.key_start as usize..a.key_end as usize],
                &keys[b.key_start as usize..b.key_end as usize],
            )
        });
        SortedRun {
            keys,
            values,
            entries,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the run has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key at position `i`.
    pub fn key(&self, i: usize) -> &[u8] {
        let e = self.entries[i];
        &self.keys[e.key_start as usize..e.key_end as usize]
    }

    /// The value at position `i`.
    pub fn value(&self, i: usize) -> &[u8] {
        let e = self.entries[i];
        &self.values[e.value_start as usize..e.value_end as usize]
    }

    /// The value at position `i`, owned: a value that is most of the run
    /// (a large value's block of its own) is moved to the front of the
    /// run's buffer, which is returned, instead of being copied.
    pub fn into_value(self, i: usize) -> Vec<u8> {
        let e = self.entries[i];
        let (start, end) = (e.value_start as usize, e.value_end as usize);
        if end - start < self.values.len() / 2 {
            return self.values[start..end].to_vec();
        }
        let mut values = self.values;
        values.truncate(end);
        values.drain(..start);
        values
    }

    /// Position of the first entry `>= target` (`len()` when none), under `cmp`.
    pub fn seek_by(&self, target: &[u8], cmp: fn(&[u8], &[u8]) -> Ordering) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if cmp(self.key(mid), target) == Ordering::Less {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Position of the first entry `>= target` in internal-key order.
    pub fn seek(&self, target: &[u8]) -> usize {
        self.seek_by(target, compare_internal)
    }

    /// Whether keys are strictly increasing under `cmp` (`Err` names the first bad position).
    pub fn check_order(&self, cmp: fn(&[u8], &[u8]) -> Ordering) -> Result<(), usize> {
        for i in 1..self.len() {
            if cmp(self.key(i - 1), self.key(i)) != Ordering::Less {
                return Err(i);
            }
        }
        Ok(())
    }
}

/// A cursor over a shared [`SortedRun`].
#[derive(Debug, Clone)]
pub struct RunCursor {
    run: Rc<SortedRun>,
    pos: usize,
}

impl RunCursor {
    /// A cursor positioned nowhere (invalid).
    pub fn new(run: Rc<SortedRun>) -> Self {
        let pos = run.len();
        RunCursor { run, pos }
    }

    /// Whether the cursor is on an entry.
    pub fn valid(&self) -> bool {
        self.pos < self.run.len()
    }

    /// Moves to the first entry.
    pub fn seek_to_first(&mut self) {
        self.pos = 0;
    }

    /// Moves to the last entry.
    pub fn seek_to_last(&mut self) {
        self.pos = self.run.len().checked_sub(1).unwrap_or(self.run.len());
    }

    /// Moves to the first entry `>= target`.
    pub fn seek(&mut self, target: &[u8]) {
        self.pos = self.run.seek(target);
    }

    /// Moves to the last entry `< target`.
    pub fn seek_before(&mut self, target: &[u8]) {
        let first_not_less = self.run.seek(target);
        self.pos = first_not_less.checked_sub(1).unwrap_or(self.run.len());
    }

    /// Moves forward (invalid past the end).
    pub fn next(&mut self) {
        if self.valid() {
            self.pos += 1;
        }
    }

    /// Moves backward (invalid before the start).
    pub fn prev(&mut self) {
        self.pos = if self.pos == 0 || !self.valid() {
            self.run.len()
        } else {
            self.pos - 1
        };
    }

    /// The current key (the cursor must be valid).
    pub fn key(&self) -> &[u8] {
        self.run.key(self.pos)
    }

    /// The current value (the cursor must be valid).
    pub fn value(&self) -> &[u8] {
        self.run.value(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ldb::format::lookup_key;

    /// Encodes entries the way LevelDB's BlockBuilder does.
    pub(crate) fn encode_block(entries: &[(Vec<u8>, Vec<u8>)], interval: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut restarts = Vec::new();
        let mut prev: Vec<u8> = Vec::new();
        for (i, (k, v)) in entries.iter().enumerate() {
            let shared = if i % interval == 0 {
                restarts.push(out.len() as u32);
                0
            } else {
                k.iter().zip(&prev).take_while(|(a, b)| a == b).count()
            };
            for n in [shared, k.len() - shared, v.len()] {
                let mut n = n as u64;
                while n >= 0x80 {
                    out.push((n as u8) | 0x80);
                    n >>= 7;
                }
                out.push(n as u8);
            }
            out.extend_from_slice(&k[shared..]);
            out.extend_from_slice(v);
            prev = k.clone();
        }
        if restarts.is_empty() {
            restarts.push(0);
        }
        for r in &restarts {
            out.extend_from_slice(&r.to_le_bytes());
        }
        out.extend_from_slice(&(restarts.len() as u32).to_le_bytes());
        out
    }

    #[test]
    fn decode_seek_and_walk_both_ways() {
        let entries: Vec<(Vec<u8>, Vec<u8>)> = (0..40u32)
            .map(|i| {
                (
                    lookup_key(format!("key{i:03}").as_bytes(), 9),
                    vec![i as u8; i as usize],
                )
            })
            .collect();
        let run = Rc::new(SortedRun::decode_block(encode_block(&entries, 16)).unwrap());
        assert_eq!(run.len(), 40);
        assert!(run.check_order(compare_internal).is_ok());
        let mut c = RunCursor::new(run.clone());
        c.seek(&lookup_key(b"key010", 100));
        assert_eq!(c.key(), &entries[10].0[..]);
        assert_eq!(c.value(), &entries[10].1[..]);
        c.seek_before(&lookup_key(b"key010", 100));
        assert_eq!(c.key(), &entries[9].0[..]);
        c.seek_before(&lookup_key(b"key000", 100));
        assert!(!c.valid());
        c.seek_to_last();
        c.next();
        assert!(!c.valid());
        c.seek(&lookup_key(b"zzz", 1));
        assert!(!c.valid());
    }

    #[test]
    fn damaged_blocks_are_errors() {
        assert!(SortedRun::decode_block(vec![1, 2]).is_err());
        let mut block = encode_block(&[(lookup_key(b"a", 1), b"v".to_vec())], 16);
        block[1] = 100; // unshared length past the end
        assert!(SortedRun::decode_block(block).is_err());
        let mut block = encode_block(&[(lookup_key(b"a", 1), b"v".to_vec())], 16);
        let n = block.len();
        block[n - 4] = 200; // restart count past the start
        assert!(SortedRun::decode_block(block).is_err());
    }
}
