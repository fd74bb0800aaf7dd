//! verify's key checks on two threads: the namespace is cut into key
//! ranges of about equal table bytes ([`crate::store::ranges`]), which two
//! threads take alternately, each scanning from its own read view of the
//! same state of the store; the passes are joined in key order.

use super::verify::{join_passes, scan_keys, KeyPass, VerifyOptions, VerifyReport};
use crate::store::{ranges, ScanRange, StorageService};
use crate::Result;

/// The checks made key by key (all but the storage check), over the
/// namespace's key ranges on two threads, joined in key order.
pub(super) fn verify_keys(
    storage: &mut StorageService,
    options: &VerifyOptions,
    progress: &(impl Fn(u64) -> bool + Sync),
) -> Result<VerifyReport> {
    let ranges = ranges::split(storage, &ScanRange::default(), ranges::RANGE_BYTES)?;
    let passes = scan_ranges(storage, options, &ranges, progress)?;
    join_passes(storage, options, passes)
}

/// Runs [`scan_keys`] over each of `ranges`; the passes in range order,
/// up to the first that `progress` stopped.
fn scan_ranges(
    storage: &mut StorageService,
    options: &VerifyOptions,
    ranges: &[ScanRange],
    progress: &(impl Fn(u64) -> bool + Sync),
) -> Result<Vec<KeyPass>> {
    let mut passes: Vec<KeyPass> = Vec::new();
    ranges::for_each_in_order(
        storage,
        ranges,
        |view, range, emit| emit(scan_keys(view, options, range, progress)?),
        |pass| {
            if !passes.last().is_some_and(|p| p.stopped) {
                passes.push(pass);
            }
            Ok(())
        },
    )?;
    Ok(passes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::verify::Check;
    use crate::store::bulk::StoreBuilder;
    use crate::store::{Namespace, Store};
    use std::collections::BTreeMap;

    /// A store of many small tables with problems of every check planted
    /// throughout its key space.
    /// `prefix`: the namespace written (`""` for the default), beside
    /// neighbours whose keys share its first bytes.
    fn planted_store(dir: &std::path::Path, prefix: &str) {
        let hash = |n: u64| format!("0x{:064x}", n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut entries: BTreeMap<String, String> = BTreeMap::new();
        for h in 0..400u64 {
            let root = if h % 97 == 5 { hash(h + 1) } else { hash(h) };
            let block = format!(
                r#"{{"height":{h},"stateRoot":"{root}","pad":"{}"}}"#,
                "p".repeat(40)
            );
            if h % 89 != 3 {
                entries.insert(format!("block:{}", hash(h)), block);
            }
            match h % 71 {
                7 => {} // gap, orphan
                9 => drop(entries.insert(format!("height:{h}"), format!("\"{}\"", hash(h + 2)))), // elsewhere
                _ => drop(entries.insert(format!("height:{h}"), format!("\"{}\"", hash(h)))),
            }
            let state = format!(
                r#"{{"stateRoot":"{}","n":{h}}}"#,
                if h % 83 == 1 { hash(0) } else { hash(h) }
            );
            entries.insert(format!("root:{}", hash(h)), state);
        }
        for m in 0..50u64 {
            let root = if m % 13 == 4 {
                "0xnone".to_string()
            } else {
                hash(m)
            };
            entries.insert(
                format!("state:m{m}"),
                format!(r#"{{"stateRoot":"{root}"}}"#),
            );
            entries.insert(
                format!("state:m{m}:sub"),
                if m % 17 == 2 {
                    "nope".into()
                } else {
                    "1".into()
                },
            );
        }
        entries.insert(
            "snapshot:s1".into(),
            r#"{"id":"s1","timestamp":1,"data":{}}"#.into(),
        );
        entries.insert("snapshot:s1:base".into(), "\"gone\"".into());
        entries.insert("zz:last".into(), "not json".into());
        let mut full: BTreeMap<String, String> = entries
            .into_iter()
            .map(|(k, v)| (format!("{prefix}:{k}"), v))
            .collect();
        if !prefix.is_empty() {
            // Neighbours in key order on both sides, including one that
            // starts with the whole prefix.
            for i in 0..300 {
                full.insert(format!("{prefix}0:block:{i:05}"), "{}".into());
                full.insert(
                    format!("{}:height:{i}", &prefix[..prefix.len() - 1]),
                    "x".into(),
                );
            }
        }
        let mut builder = StoreBuilder::new(dir).with_table_bytes(2048);
        for (key, value) in &full {
            builder.add(key.as_bytes(), value.as_bytes()).unwrap();
        }
        assert!(builder.finish().unwrap().tables > 40);
    }

    fn findings(report: &mut VerifyReport) -> Vec<(String, String, String)> {
        let mut all = Vec::new();
        report
            .for_each(|f| {
                all.push((f.check.name().to_string(), f.key, f.message));
                Ok::<(), crate::StoreError>(())
            })
            .unwrap();
        all
    }

    /// The blocks check's second pass must read what the scan read: its
    /// lists, read from another store than the scan's, would word wrong
    /// findings (here none at all), so they are an error.
    #[test]
    fn block_lists_that_disagree_with_the_scan_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        planted_store(dir.path(), "");
        let other = tempfile::tempdir().unwrap();
        let mut builder = StoreBuilder::new(other.path());
        builder.add(b":zz", b"1").unwrap();
        builder.finish().unwrap();
        let open = |dir: &std::path::Path| {
            StorageService::new(Store::open_read(dir).unwrap(), Namespace::prefixed(""))
        };
        let mut options = VerifyOptions::default();
        options.checks.remove(&Check::Storage);
        let mut storage = open(dir.path());
        let ranges = ranges::split(&mut storage, &ScanRange::default(), 4096).unwrap();
        let passes = scan_ranges(&mut storage, &options, &ranges, &|_| true).unwrap();
        let e = join_passes(&mut open(other.path()), &options, passes)
            .expect_err("an error, not a report without the blocks findings");
        assert!(e.to_string().contains("read differently"), "{e}");
    }

    #[test]
    fn ranges_on_two_threads_report_exactly_what_one_pass_does() {
        same_report_split_and_whole("");
    }

    #[test]
    fn ranges_stay_inside_a_named_namespace() {
        same_report_split_and_whole("n1");
    }

    fn same_report_split_and_whole(prefix: &str) {
        let dir = tempfile::tempdir().unwrap();
        planted_store(dir.path(), prefix);
        let mut storage = StorageService::new(
            Store::open_read(dir.path()).unwrap(),
            Namespace::prefixed(prefix),
        );
        // Ranges of two tables each: many ranges, so both threads work.
        let ranges = ranges::split(&mut storage, &ScanRange::default(), 4096).unwrap();
        assert!(ranges.len() >= 12, "{ranges:?}");
        let mut options = VerifyOptions::default();
        options.checks.remove(&Check::Storage);
        let passes = scan_ranges(&mut storage, &options, &ranges, &|_| true).unwrap();
        let mut split = join_passes(&mut storage, &options, passes).unwrap();
        let whole = scan_keys(&mut storage, &options, &ScanRange::default(), &|_| true).unwrap();
        let mut whole = join_passes(&mut storage, &options, vec![whole]).unwrap();
        assert_eq!(split.items, whole.items);
        let found = findings(&mut split);
        assert_eq!(found, findings(&mut whole));
        for check in ["values", "blocks", "states", "snapshots"] {
            assert!(
                found.iter().any(|f| f.0 == check),
                "no {check} finding: {found:#?}"
            );
        }
        assert!(found.len() > 30, "{found:#?}");
    }
}
