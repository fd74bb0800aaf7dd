//! Salvage: every readable record of a damaged store, merged by sequence
//! number, with an honest account of what could not be read.
//!
//! Every `*.ldb`/`*.sst` and `*.log` in the directory is read (not only the
//! live ones), without the engine: a table's blocks through its index, or,
//! when its footer or index is gone (truncation), by finding consecutive
//! blocks from the start of the file by their checksums; a log tolerantly
//! (a bad record drops the rest of its block). Versions are merged newest
//! first; a deletion hides older values. A damaged block's key range is
//! known (from the index, or from the manifest for a lost table): a key in
//! it whose surviving version is not certainly newer than the damaged
//! file's is reported *uncertain*. Versions only in files the live version
//! no longer uses are stale (their key was overwritten or deleted) and are
//! dropped, unless they fall in a damaged range (then kept, uncertain).

mod merge;
mod plan;
mod whole;

use merge::{merge, Source};
use plan::{plan_log, plan_tables, Suspects, TableJob};
use whole::{whole_tables, Extent};

use crate::store::bulk::EntrySink;
use crate::store::ldb::format::user_key;
use crate::store::ldb::manifest::{file_number, read_current, table_path, Manifest};
use crate::store::ldb::ReadError;
use std::path::{Path, PathBuf};

/// A file read, with what came out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// The file.
    pub file: PathBuf,
    /// `table` or `log`.
    pub kind: &'static str,
    /// Whether the live version uses it (`None`: no readable manifest).
    pub live: Option<bool>,
    /// Blocks (tables) or records (logs) read.
    pub units: u64,
    /// Entries (versions) read.
    pub entries: u64,
    /// Copied into the new store as it is (see [`EntrySink::whole_table`]).
    pub copied: bool,
}

/// Bytes that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub file: PathBuf,
    /// Where the skipped bytes start.
    pub offset: Option<u64>,
    /// How many bytes (0 when unknown).
    pub bytes: u64,
    /// Why.
    pub reason: String,
}

impl Skipped {
    /// A file none of whose bytes could be used.
    fn whole_file(file: &Path, reason: String) -> Skipped {
        Skipped {
            file: file.to_path_buf(),
            offset: None,
            bytes: 0,
            reason,
        }
    }
}

/// A key whose recovered state may be wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncertain {
    /// The exact key.
    pub key: Vec<u8>,
    /// Whether a value was recovered for it (else it reads as absent).
    pub recovered: bool,
    /// Why: the damaged file and range it falls in.
    pub reason: String,
}

/// Writes lost from a log: the sequence numbers missing between the
/// records before and after damage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceGap {
    /// The log.
    pub file: PathBuf,
    /// The last sequence number read before the damage.
    pub after: u64,
    /// The first sequence number read after it.
    pub before: u64,
}

/// What a salvage read, skipped and recovered.
#[derive(Debug, Clone, Default)]
pub struct SalvageReport {
    /// The manifest used to tell live files from left-behind ones.
    pub manifest: Option<String>,
    /// Why no manifest could be used (every file is then treated as live).
    pub manifest_problem: Option<String>,
    /// Files read.
    pub files: Vec<FileRead>,
    /// Unreadable parts.
    pub skipped: Vec<Skipped>,
    /// Live tables the manifest lists that are missing.
    pub missing: Vec<PathBuf>,
    /// Sequence gaps in logs.
    pub gaps: Vec<SequenceGap>,
    /// Versions read from all files.
    pub versions: u64,
    /// Live keys recovered (written to the sink).
    pub recovered: u64,
    /// Versions dropped as stale (only in files the live version no longer uses).
    pub stale: u64,
    /// Keys whose recovered state may be wrong.
    pub uncertain: Vec<Uncertain>,
}

impl SalvageReport {
    /// Whether every part of the live version was read and nothing is
    /// uncertain. Unreadable bytes in a file the live version no longer
    /// uses (a table a compaction was writing when the store was closed
    /// or crashed, a log already flushed) do not count: their versions are
    /// stale, held newer in the live files.
    pub fn complete(&self) -> bool {
        self.lost_parts() == 0
            && self.missing.is_empty()
            && self
                .gaps
                .iter()
                .all(|g| self.file_live(&g.file) == Some(false))
            && self.uncertain.is_empty()
    }

    /// Skipped parts that are not in files the live version no longer uses.
    pub fn lost_parts(&self) -> usize {
        self.skipped
            .iter()
            .filter(|s| self.file_live(&s.file) != Some(false))
            .count()
    }

    /// Whether the live version uses `file`: `None` when no manifest could
    /// be read, or the file not at all.
    pub fn file_live(&self, file: &Path) -> Option<bool> {
        self.files
            .iter()
            .find(|f| f.file == file)
            .and_then(|f| f.live)
    }
}

/// Sees the newest live versions of each table that is copied whole (on
/// the threads that read the tables), since the merge then passes none of
/// them to its sink: salvage runs the model's checks this way.
pub trait Inspector: Send {
    /// The next live key of the table (increasing) and its value.
    fn entry(&mut self, key: &[u8], value: &[u8]);
}

/// How old a source's versions are relative to others: lower is newer
/// (logs, then level-0 tables by file number, then levels 1..6); versions
/// in files the manifest does not list rank last.
pub(super) type Age = (u64, u64);

pub(super) const STALE: Age = (u64::MAX, 0);

/// The age of a table at `level` (as the manifest lists it): level 0 by file
/// number (a newer file is newer), deeper levels by level.
fn table_age(level: usize, number: u64) -> Age {
    if level == 0 {
        (1, u64::MAX - number)
    } else {
        (1 + level as u64, 0)
    }
}

/// A key range whose newest versions may have been lost.
#[derive(Debug, Clone)]
pub(super) struct DamagedRange {
    /// Exclusive lower bound (user key).
    pub(super) lo: Option<Vec<u8>>,
    /// Inclusive upper bound (user key).
    pub(super) hi: Option<Vec<u8>>,
    /// The damaged file's age: versions from sources at least this old may
    /// be superseded by what was lost.
    pub(super) age: Age,
    pub(super) reason: String,
}

impl DamagedRange {
    fn contains(&self, key: &[u8]) -> bool {
        self.lo.as_deref().is_none_or(|lo| key > lo)
            && self.hi.as_deref().is_none_or(|hi| key <= hi)
    }
}

/// Reads every table and log of the store in `dir` and passes each
/// recovered live `(key, value)` to `sink`, in key order (a large value
/// alone in its block is handed over owned, not copied), and each table
/// that may be copied whole (see [`EntrySink::whole_table`]) in its place
/// in that order; its entries are not passed to `sink` but to an
/// [`Inspector`] of its own, made by `inspector`. Those inspectors are
/// returned in key order.
pub fn salvage<I: Inspector>(
    dir: &Path,
    sink: &mut dyn EntrySink,
    inspector: &(dyn Fn() -> I + Sync),
    mut progress: impl FnMut(),
) -> crate::Result<(SalvageReport, Vec<I>)> {
    let mut report = SalvageReport::default();
    let manifest: Option<Manifest> = match read_current(dir).and_then(|name| {
        let path = dir.join(&name);
        let data = std::fs::read(&path).map_err(|e| ReadError::io(&path, "read", &e))?;
        Manifest::replay(&path, &data)
    }) {
        Ok(m) => {
            report.manifest = Some(m.name.clone());
            Some(m)
        }
        Err(e) => {
            report.manifest_problem = Some(e.to_string());
            None
        }
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ReadError::io(dir, "list", &e))?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut sources: Vec<(Source, Age)> = Vec::new();
    let mut extents: Vec<Extent<I>> = Vec::new();
    let mut damaged: Vec<DamagedRange> = Vec::new();
    let mut present = std::collections::BTreeSet::new();
    let mut unreadable = std::collections::BTreeSet::new();
    let mut suspects = Suspects::new();
    let file_name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    // The logs first (their key ranges tell which tables may be copied
    // whole), each with what it adds to the report, spliced in below.
    let mut logs = std::collections::VecDeque::new();
    for path in &names {
        if let Some(number) = file_number(&file_name(path), &["log"]) {
            let live = manifest.as_ref().map(|m| m.is_live_log(number));
            let mut part = SalvageReport::default();
            let mut log_suspects = Suspects::new();
            let planned = plan_log(path, &mut part, &mut log_suspects);
            logs.push_back((number, live, planned, part, log_suspects));
            progress();
        }
    }
    // Every table is read (each block's checksum checked) on two threads
    // first; its versions are read again, in order, by the merge.
    let jobs: Vec<TableJob> = names
        .iter()
        .filter_map(|path| {
            let number = file_number(&file_name(path), &["ldb", "sst"])?;
            let meta = manifest
                .as_ref()
                .and_then(|m| m.tables().find(|(_, f)| f.number == number));
            let (live, age) = match (&manifest, meta) {
                (_, Some((level, _))) => (Some(true), table_age(level, number)),
                (Some(_), None) => (Some(false), STALE),
                // No manifest: every table counts as level 0, by file number.
                (None, None) => (None, table_age(0, number)),
            };
            let range = meta.map(|(_, f)| {
                (
                    user_key(&f.smallest).to_vec(),
                    user_key(&f.largest).to_vec(),
                )
            });
            Some(TableJob {
                path: path.clone(),
                number,
                live,
                age,
                range,
                inspect: true,
            })
        })
        .collect();
    let mut jobs = jobs;
    if manifest.is_some() {
        // Only a live table no other live file overlaps (by the manifest's
        // ranges and the logs' keys) may be copied whole: the others are
        // not inspected as they are read (their keys go through the merge).
        let log_ranges: Vec<_> = logs
            .iter()
            .filter_map(|(_, live, planned, _, _)| {
                planned
                    .as_ref()
                    .ok()
                    .filter(|_| *live != Some(false))
                    .and_then(|(source, _, _)| source.run_range())
            })
            .collect();
        let ranges: Vec<_> = jobs
            .iter()
            .map(|j| j.range.as_ref())
            .chain(log_ranges.iter().map(Some))
            .collect();
        let alone = whole::alone(&ranges);
        for (job, alone) in jobs.iter_mut().zip(alone) {
            job.inspect = job.live == Some(true) && alone;
        }
    }
    let mut planned = plan_tables(&jobs, inspector, &mut progress).into_iter();
    let mut jobs = jobs.into_iter();
    for path in &names {
        let name = file_name(path);
        if file_number(&name, &["ldb", "sst"]).is_some() {
            let job = jobs.next().expect("a job per table, in name order");
            let (number, live, age) = (job.number, job.live, job.age);
            present.insert(number);
            match planned.next().expect("a plan per job") {
                Ok(plan) => {
                    report.files.push(FileRead {
                        file: path.clone(),
                        kind: "table",
                        live,
                        units: plan.units,
                        entries: 0,
                        copied: false,
                    });
                    report.skipped.extend(plan.skipped);
                    // Damage in a stale file hides nothing of the live version.
                    if live != Some(false) {
                        damaged.extend(plan.damaged);
                    }
                    let source = Source::Table {
                        file: plan.file,
                        path: path.clone(),
                        size: plan.size,
                        blocks: plan.blocks,
                        run: None,
                    };
                    sources.push((source, age));
                    let stale = age == STALE;
                    extents.push(Extent {
                        range: plan.range,
                        known: plan.range_known,
                        // Only a table whose versions count (not a stale one).
                        whole: plan.whole.filter(|_| !stale),
                        inspected: plan.inspected.filter(|_| !stale),
                    });
                }
                Err(e) => {
                    // A live table none of whose blocks could be read hides
                    // its key range as a missing one does.
                    if live == Some(true) {
                        unreadable.insert(number);
                    }
                    report.skipped.push(Skipped::whole_file(path, e.message))
                }
            }
        } else if file_number(&name, &["log"]).is_some() {
            let (number, live, planned, part, log_suspects) =
                logs.pop_front().expect("a plan per log, in name order");
            let age = if live == Some(false) {
                STALE
            } else {
                (0, u64::MAX - number)
            };
            report.gaps.extend(part.gaps);
            report.skipped.extend(part.skipped);
            // Damaged records of a log the live version no longer uses
            // lose nothing (its writes are in the live tables).
            if live != Some(false) {
                for (key, (seq, reason)) in log_suspects {
                    let entry = suspects.entry(key).or_insert((seq, reason));
                    entry.0 = entry.0.max(seq);
                }
            }
            match planned {
                Ok((source, records, entries)) => {
                    report.files.push(FileRead {
                        file: path.clone(),
                        kind: "log",
                        live,
                        units: records,
                        entries,
                        copied: false,
                    });
                    extents.push(Extent {
                        range: source.run_range(),
                        known: true,
                        whole: None,
                        inspected: None,
                    });
                    sources.push((source, age));
                }
                Err(e) => report.skipped.push(Skipped::whole_file(path, e.message)),
            }
        }
    }
    if let Some(m) = &manifest {
        for (level, f) in m.tables() {
            let missing = !present.contains(&f.number);
            if missing || unreadable.contains(&f.number) {
                let path = table_path(dir, f.number);
                if missing {
                    report.missing.push(path.clone());
                }
                let age = table_age(level, f.number);
                let lo = user_key(&f.smallest).to_vec();
                damaged.push(DamagedRange {
                    // Inclusive of the smallest key: use the key just below it.
                    lo: None,
                    hi: Some(user_key(&f.largest).to_vec()),
                    age,
                    reason: format!(
                        "{} (level {level}, keys {} .. {}) {}",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        String::from_utf8_lossy(&lo),
                        String::from_utf8_lossy(user_key(&f.largest)),
                        if missing {
                            "is missing"
                        } else {
                            "could not be read"
                        }
                    ),
                });
                damaged.last_mut().expect("just pushed").lo = key_before(&lo);
            }
        }
    }
    let (whole, mut inspected) = whole_tables(extents, &damaged, &suspects);
    // A file read and its source have the same position.
    for (file, table) in report.files.iter_mut().zip(&whole) {
        file.copied = table.is_some();
    }
    merge(sources, &whole, &damaged, &mut suspects, &mut report, sink)?;
    inspected.sort_by(|a, b| a.0.cmp(&b.0));
    // Keys a lost write created that nothing else holds.
    for (key, (_, reason)) in suspects {
        report.uncertain.push(Uncertain {
            key,
            recovered: false,
            reason,
        });
    }
    report.uncertain.sort_by(|a, b| a.key.cmp(&b.key));
    Ok((report, inspected.into_iter().map(|(_, i)| i).collect()))
}

/// A key sorting just before `key` for an exclusive bound (`None` for the empty key).
fn key_before(key: &[u8]) -> Option<Vec<u8>> {
    if key.is_empty() {
        return None;
    }
    // Every key > key[..len-1] ++ (last - 1) ++ 0xFF... and <= key: use the
    // key minus its last byte when that byte is 0, else with it decremented
    // followed by 0xFF bytes (long enough for any real key).
    let mut k = key.to_vec();
    let last = k.pop().expect("non-empty");
    if last == 0 {
        return Some(k);
    }
    k.push(last - 1);
    k.extend(std::iter::repeat_n(0xFF, 64));
    Some(k)
}
