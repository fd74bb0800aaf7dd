//! The blocks check's findings worded once the join has found them
//! ([`super::verify_blocks`]): what each height entry names, read again
//! from the index in step; each orphan block, found again among the blocks
//! and sorted by its height's key; and the gaps in the heights.

use super::block::block_key;
use super::height::height_key;
use super::verify::{Check, VerifyReport};
use super::verify_digest::fingerprint;
use crate::store::sorter::{Sorter, DEFAULT_RUN_BYTES};
use crate::store::{ScanRange, StorageService};
use crate::{Result, StoreError};

/// What a height entry's finding says about the block it names.
#[derive(Debug, Clone, Copy)]
pub(super) enum Named {
    /// No block has the hash.
    Missing,
    /// The hash's block is there but is not a valid block (it has a
    /// finding of its own).
    Invalid,
    /// The block is at another height.
    AtHeight(u64),
    /// The block's `stateRoot` is not its hash.
    WrongRoot,
}

/// Words the findings about height entries, in the entries' key order: the
/// height index is read again, in step, for the hash each entry names.
pub(super) fn word_named(
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
        let hash = crate::store::json::string_bytes(&value)
            .and_then(crate::store::json::as_text)
            .unwrap_or_default();
        let message = match what {
            Named::Missing => format!("points to block {hash}, which does not exist"),
            Named::Invalid => {
                format!("points to block {hash}, which is not a valid block (see its own finding)")
            }
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
pub(super) fn word_orphans(
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
    let (mut added, mut found) = (Ok(()), 0);
    storage.visit(&ScanRange::prefix("block:"), |key, _| {
        let fp = fingerprint(&key["block:".len()..]);
        if let Ok(at) = orphans.binary_search_by_key(&fp, |o| o.0) {
            // `height:<n>` then 0 (below every byte: key order is kept).
            let mut sort_key = height_key(orphans[at].1);
            sort_key.push(0);
            sort_key.extend_from_slice(key);
            added = sorter.add(&sort_key, &[]);
            found += 1;
        }
        Ok(added.is_ok())
    })?;
    added?;
    if found != orphans.len() {
        // Counted, the orphans would not match the findings worded.
        return Err(StoreError::Inconsistent(format!(
            "{} orphan blocks were found, then {found} when verify read the blocks again",
            orphans.len()
        )));
    }
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

/// Reports `gaps` in the height index (the first and last missing height
/// of each run, in order).
pub(super) fn report_gaps(gaps: Vec<(u64, u64)>, report: &mut VerifyReport) {
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
    fn orphans_that_are_not_found_again_are_an_error_not_fewer_findings() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = crate::store::bulk::StoreBuilder::new(dir.path());
        builder
            .add(b":block:0xa", br#"{"stateRoot":"0xa","height":5}"#)
            .unwrap();
        builder.finish().unwrap();
        let mut storage = StorageService::new(
            crate::store::Store::open_read(dir.path()).unwrap(),
            crate::store::Namespace::prefixed(""),
        );
        let mut orphans = vec![(fingerprint(b"0xa"), 5)];
        let mut report = VerifyReport::default();
        word_orphans(&mut storage, &orphans, &mut report).unwrap();
        assert_eq!(report.first()[0].key, "block:0xa");
        assert!(report.first()[0].message.contains("height:5 is missing"));
        orphans.push((fingerprint(b"0xgone"), 6));
        orphans.sort_unstable();
        let e = word_orphans(&mut storage, &orphans, &mut VerifyReport::default()).unwrap_err();
        assert!(
            e.to_string().contains("2 orphan blocks were found, then 1"),
            "{e}"
        );
    }
}
