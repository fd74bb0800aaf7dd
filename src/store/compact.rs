//! Compaction that cannot lose data: every block of every live file is
//! checked before the engine opens, and the store's content digest is
//! computed before and after; a difference is an error.

use super::digest::ContentDigest;
use super::open::{Store, WriteAccess};
use crate::error::{Result, StoreError};
use std::path::Path;

/// The digest of every entry of the store (all namespaces) and their count.
pub fn store_digest(store: &mut Store) -> Result<(String, u64)> {
    let mut digest = ContentDigest::new();
    for item in store.iter(Vec::new(), None, false)? {
        let (key, value) = item?;
        digest.add(&key, &value);
    }
    let entries = digest.entries();
    Ok((digest.finish(), entries))
}

/// What a checked compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactOutcome {
    /// Content digest before and after (equal, or the call fails).
    pub digest: String,
    /// Entries in the store.
    pub entries: u64,
}

/// Compacts `[start, end]` of the store at `path`: checks every block
/// first (a damaged store is refused unchanged), compacts, and checks that
/// the contents are byte-for-byte the same afterwards.
pub fn compact_checked(
    path: &Path,
    access: WriteAccess,
    start: &[u8],
    end: &[u8],
) -> Result<CompactOutcome> {
    let access = WriteAccess {
        check_all_blocks: true,
        ..access
    };
    let mut store = Store::open_write(path, access)?;
    let (before, entries) = store_digest(&mut store)?;
    store.flush_memtable()?;
    store.compact_range(start, end)?;
    store.close()?;
    let mut view = Store::open_read(path)?;
    let (after, after_entries) = store_digest(&mut view)?;
    if after != before {
        return Err(StoreError::Inconsistent(format!(
            "the compaction changed the store's contents ({entries} entries, {before} before; \
             {after_entries} entries, {after} after): stop writing to it and run `storectl verify`"
        )));
    }
    Ok(CompactOutcome {
        digest: after,
        entries,
    })
}
