//! A scan cut into key ranges, run on two threads and handed on in key
//! order: each thread reads from its own view of the same pinned state of
//! the store ([`StorageService::twin`]), so the ranges together are one
//! consistent scan, whatever a live owner writes meanwhile.

use super::{ScanRange, StorageService};
use crate::{Result, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

/// Table bytes per range: enough work per range to be worth handing it to
/// a thread, few enough that ranges of unequal cost (blocks are dearer
/// than height entries) still share out evenly between the two threads.
pub const RANGE_BYTES: u64 = 2 << 20;

/// `range` (a forward scan without a limit) cut at table boundaries into
/// consecutive ranges of about `part_bytes` (normally [`RANGE_BYTES`]) of
/// table bytes each, from the manifest's key ranges (nothing is read).
/// Their scans, one after the other, are exactly the scan of `range`.
pub fn split(
    storage: &mut StorageService,
    range: &ScanRange,
    part_bytes: u64,
) -> Result<Vec<ScanRange>> {
    let inside = |k: &Vec<u8>| {
        k.starts_with(&range.key_prefix)
            && range.start.as_ref().is_none_or(|s| k > s)
            && range.end.as_ref().is_none_or(|e| k < e)
    };
    let mut keys: Vec<Vec<u8>> = storage.split_keys(part_bytes)?;
    keys.retain(inside);
    let bounds: Vec<Option<Vec<u8>>> = std::iter::once(range.start.clone())
        .chain(keys.into_iter().map(Some))
        .chain(std::iter::once(range.end.clone()))
        .collect();
    Ok(bounds
        .windows(2)
        .map(|w| ScanRange {
            key_prefix: range.key_prefix.clone(),
            start: w[0].clone(),
            end: w[1].clone(),
            limit: None,
            reverse: false,
        })
        .collect())
}

/// Folds every entry of `ranges` (as [`StorageService::visit`] gives them)
/// into a part per range, made by `part` and filled by `entry`, on two
/// threads ([`for_each_in_order`]); each part is handed to `add`, in range
/// order.
pub fn fold<P: Send>(
    storage: &mut StorageService,
    ranges: &[ScanRange],
    part: impl Fn() -> P + Sync,
    entry: impl Fn(&mut P, &[u8], &[u8]) + Sync,
    mut add: impl FnMut(P),
) -> Result<()> {
    for_each_in_order(
        storage,
        ranges,
        |view, range, emit| {
            let mut filled = part();
            view.visit(range, |key, value| {
                entry(&mut filled, key, value);
                Ok(true)
            })?;
            emit(filled)
        },
        |filled| {
            add(filled);
            Ok(())
        },
    )
}

/// What a scanning thread hands over.
enum Handover<T> {
    /// A result of the range being scanned.
    Item(T),
    /// The range is done (or failed).
    Done(Result<()>),
}

/// Runs `work` on every range of `ranges` (key ranges, or any units of a
/// read in key order); each item it emits (any number
/// per range) reaches `sink` in range order. Two threads take the ranges
/// alternately, each from its own view of `storage`'s state; a thread
/// whose range is not `sink`'s turn yet waits after four handovers (items
/// or ends of ranges: it may finish a short range or two ahead, so one
/// slow range does not idle the other thread), so memory is bounded by a
/// few items (emit chunks, not whole ranges). With one range,
/// or when a second view cannot be opened (a descriptor per table: the
/// open-files limit), `storage` runs them all on this thread. The first
/// error (from `work`, an emit, or `sink`) stops everything and is
/// returned.
pub fn for_each_in_order<U: Sync, T: Send>(
    storage: &mut StorageService,
    ranges: &[U],
    work: impl Fn(&mut StorageService, &U, &mut dyn FnMut(T) -> Result<()>) -> Result<()> + Sync,
    mut sink: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let twins = match ranges.len() {
        0 | 1 => None,
        _ => storage.twin().and_then(|a| Ok((a, storage.twin()?))).ok(),
    };
    let Some((first, second)) = twins else {
        for range in ranges {
            work(storage, range, &mut sink)?;
        }
        return Ok(());
    };
    let stop = AtomicBool::new(false);
    let stopped = || StoreError::Inconsistent("the scan was stopped".into());
    std::thread::scope(|scope| {
        let mut handovers = Vec::new();
        for (offset, twin) in [first, second].into_iter().enumerate() {
            let (tx, rx) = sync_channel::<Handover<T>>(4);
            handovers.push(rx);
            let (work, stop) = (&work, &stop);
            scope.spawn(move || {
                let mut view = twin.open();
                for range in ranges.iter().skip(offset).step_by(2) {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let mut emit = |item| tx.send(Handover::Item(item)).map_err(|_| stopped());
                    let done = work(&mut view, range, &mut emit);
                    let failed = done.is_err();
                    // A closed channel: the sink stopped.
                    if tx.send(Handover::Done(done)).is_err() || failed {
                        return;
                    }
                }
            });
        }
        let unexpected =
            || StoreError::Inconsistent("a scanning thread stopped unexpectedly".into());
        let outcome = (0..ranges.len()).try_for_each(|i| loop {
            match handovers[i % 2].recv().map_err(|_| unexpected())? {
                Handover::Item(item) => sink(item)?,
                Handover::Done(done) => return done,
            }
        });
        if outcome.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        // Unblocks a thread waiting to hand over.
        drop(handovers);
        outcome
    })
}
