//! verify's storage check and key checks sharing one read: a table no
//! other live file overlaps is read once, from its own bytes, for both
//! (`store::walk`); the storage check reads the other files meanwhile on
//! a thread of its own, and counts the walked tables when the key checks
//! are done — or checks them itself, when a walk did not finish.

use super::verify::{
    add_file_check, join_passes, scan_keys, KeyChecks, KeyPass, VerifyOptions, VerifyReport,
};
use super::verify_progress::Ticks;
use crate::store::integrity::{check_files, check_files_except, FileCheck};
use crate::store::walk::{self, TableWalk, WalkUnit};
use crate::store::{ranges, StorageService};
use crate::{Result, StoreError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The storage check of the files in `dir` and the key checks of
/// `options` (all but the storage check) over `storage`, whose files they
/// are; `progress` gets the keys scanned as [`super::verify::verify`]'s
/// does (from two threads) and stops the key checks early by returning
/// `false` (then the storage check's report is an error: the tables left
/// to the walk went unchecked). Returns both reports: whatever else stops
/// the key checks, the storage check is whole.
pub fn verify_walking(
    storage: &mut StorageService,
    dir: &Path,
    options: &VerifyOptions,
    progress: &(impl Fn(u64) -> bool + Sync),
) -> (Result<VerifyReport>, Result<VerifyReport>) {
    let units = match walk::plan(storage, ranges::RANGE_BYTES) {
        Ok(units) => units,
        Err(e) => return (file_report(dir, check_files(dir, |_| {})), Err(e)),
    };
    let tables: BTreeSet<u64> = units
        .iter()
        .filter_map(|u| match u {
            WalkUnit::Table(number) => Some(*number),
            WalkUnit::Range(_) => None,
        })
        .collect();
    let stopped = AtomicBool::new(false);
    let go_on = |keys| {
        let go_on = progress(keys);
        if !go_on {
            stopped.store(true, Ordering::Relaxed);
        }
        go_on
    };
    let (files, keys) = std::thread::scope(|scope| {
        let files = scope.spawn(|| check_files_except(dir, &tables, |_| {}));
        let keys = walk_keys(storage, options, &units, &go_on);
        let files = files.join().unwrap_or_else(|_| {
            Err(std::io::Error::other(
                "the storage check stopped unexpectedly",
            ))
        });
        (files, keys)
    });
    if stopped.load(Ordering::Relaxed) {
        // Asked to stop: the tables not walked are not checked either.
        let stopped = || StoreError::Inconsistent("verify was stopped".into());
        return (Err(stopped()), keys.map(|(report, _)| report));
    }
    // A walk that did not finish leaves its table to the storage check.
    let walked = keys.as_ref().map(|(_, w)| w.clone()).unwrap_or_default();
    let files = files.map(|mut check| {
        check.settle(&walked);
        check
    });
    (file_report(dir, files), keys.map(|(report, _)| report))
}

fn file_report(dir: &Path, files: std::io::Result<FileCheck>) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    add_file_check(dir, files, &mut report).map(|()| report)
}

/// The key checks over `units` in key order on two threads: a range
/// through the merged view ([`scan_keys`]), a table from its own bytes;
/// also each walked table's block count.
fn walk_keys(
    storage: &mut StorageService,
    options: &VerifyOptions,
    units: &[WalkUnit],
    progress: &(impl Fn(u64) -> bool + Sync),
) -> Result<(VerifyReport, BTreeMap<u64, u64>)> {
    let namespace = storage.namespace().clone();
    let mut passes: Vec<KeyPass> = Vec::new();
    let mut walked = BTreeMap::new();
    ranges::for_each_in_order(
        storage,
        units,
        |view, unit, emit| match unit {
            WalkUnit::Range(range) => emit((scan_keys(view, options, range, progress)?, None)),
            WalkUnit::Table(number) => {
                let table = TableWalk::open(view, *number)?;
                let mut pass = KeyChecks::new(options);
                let mut stopped = false;
                let mut ticks = Ticks::new(progress);
                // The checks that read other keys read them as the scan
                // meets their key, as `scan_keys` does (the walk holds the
                // table's file, not the store).
                let blocks = table.run(|key: &[u8], value: &[u8]| {
                    if !ticks.tick() {
                        stopped = true;
                        return Ok(false);
                    }
                    if let Some(key) = namespace.user_key(key) {
                        if let Some(lookup) = pass.entry(key, value) {
                            lookup.check(view, key, pass.report())?;
                        }
                    }
                    Ok(true)
                });
                stopped |= !ticks.flush();
                if stopped {
                    return emit((pass.into_pass(true), None));
                }
                let blocks = blocks?;
                emit((pass.into_pass(false), Some((*number, blocks))))
            }
        },
        |(pass, table)| {
            if !passes.last().is_some_and(|p| p.stopped) {
                passes.push(pass);
            }
            walked.extend(table);
            Ok(())
        },
    )?;
    let report = join_passes(storage, options, passes)?;
    Ok((report, walked))
}
