//! `verify`: one streaming pass over a namespace that checks the files'
//! checksums, that values are JSON, and the block, state and snapshot
//! indexes against each other. Every finding names its key (or file).

use super::block::{block_fields, BlockFields};
use super::height::parse_height_key;
use super::snapshot::{ChainProblem, SnapshotManager};
use super::state::root_key;
use crate::store::codec::escape_bytes;
use crate::store::integrity::{check_files, FileCheck};
use crate::store::json;
use crate::store::{ScanRange, StorageService};
use crate::{Result, StoreError};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

/// The checks `verify` can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// Checksums of every table block and log/manifest record.
    Storage,
    /// Every value is JSON.
    Values,
    /// Height index and blocks agree.
    Blocks,
    /// Machine states and roots agree.
    States,
    /// Snapshot metadata parses and base links resolve without cycles.
    Snapshots,
}

impl Check {
    /// Every check, in report order.
    pub const ALL: [Check; 5] = [
        Check::Storage,
        Check::Values,
        Check::Blocks,
        Check::States,
        Check::Snapshots,
    ];

    /// The check's name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Check::Storage => "storage",
            Check::Values => "values",
            Check::Blocks => "blocks",
            Check::States => "states",
            Check::Snapshots => "snapshots",
        }
    }

    /// Parses a check name.
    pub fn parse(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One problem, with the key (or file) it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which check found it.
    pub check: Check,
    /// The user key (escaped) or file path.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// What to verify.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The checks to run.
    pub checks: BTreeSet<Check>,
    /// Key prefixes whose values need not be JSON.
    pub allow_non_json: Vec<Vec<u8>>,
    /// Word and keep every finding; `false`: the first
    /// [`super::verify_report::KEPT_FINDINGS`] only, the rest counted.
    pub all_findings: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            checks: Check::ALL.into_iter().collect(),
            allow_non_json: Vec::new(),
            all_findings: true,
        }
    }
}

impl VerifyOptions {
    /// An empty report for these options.
    pub(super) fn report(&self) -> VerifyReport {
        if self.all_findings {
            VerifyReport::default()
        } else {
            VerifyReport::counting_past_kept()
        }
    }
}

use super::verify_progress::Ticks;
pub use super::verify_progress::PROGRESS_EVERY;
pub use super::verify_report::{VerifyReport, KEPT_FINDINGS};
use super::verify_states::{check_root, state_lookup, state_root_of, StateKey};
pub use super::verify_walk::verify_walking;

/// Checks the store files in `dir` (the `storage` check alone).
pub fn verify_files(
    dir: &Path,
    report: &mut VerifyReport,
    on_file: impl FnMut(&Path),
) -> Result<()> {
    add_file_check(dir, check_files(dir, on_file), report)
}

/// Adds what a check of the files in `dir` found to `report`.
pub(super) fn add_file_check(
    dir: &Path,
    files: std::io::Result<FileCheck>,
    report: &mut VerifyReport,
) -> Result<()> {
    let files = files.map_err(|e| StoreError::Io {
        context: format!("list {}", dir.display()),
        message: e.to_string(),
    })?;
    *report.items.entry(Check::Storage).or_default() += files.items;
    for problem in files.problems {
        report.push(Finding {
            check: Check::Storage,
            key: problem.file.display().to_string(),
            message: format!("corruption: {}", problem.message),
        });
    }
    Ok(())
}

/// Runs the selected checks over `storage` (whose files are in `dir`);
/// `progress` is given the number of keys scanned since its last call
/// (from two threads: every [`PROGRESS_EVERY`] keys and at the end of
/// each key range) and stops the pass early by returning `false`. The
/// storage check (every block of every file) runs on another thread while
/// the key checks scan the store; its findings come first in the report.
pub fn verify(
    storage: &mut StorageService,
    dir: &Path,
    options: &VerifyOptions,
    progress: impl Fn(u64) -> bool + Sync,
) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    for check in &options.checks {
        report.items.insert(*check, 0);
    }
    if !options.checks.contains(&Check::Storage) {
        let keys = super::verify_ranges::verify_keys(storage, options, &progress)?;
        report.append(keys)?;
        return Ok(report);
    }
    let mut key_checks = options.clone();
    key_checks.checks.remove(&Check::Storage);
    let (files, keys) = if key_checks.checks.is_empty() {
        let mut files = VerifyReport::default();
        (verify_files(dir, &mut files, |_| {}).map(|()| files), None)
    } else {
        let (files, keys) =
            super::verify_walk::verify_walking(storage, dir, &key_checks, &progress);
        (files, Some(keys))
    };
    report.append(files?)?;
    if let Some(keys) = keys {
        report.append(keys?)?;
    }
    Ok(report)
}

/// What one scan of a key range found; the blocks check and snapshot
/// links are finished once both halves are joined.
pub(super) struct KeyPass {
    pub report: VerifyReport,
    pub blocks: super::verify_blocks::BlockIndexCheck,
    pub linked: Vec<String>,
    /// `progress` asked to stop.
    pub stopped: bool,
}

/// The key checks over the keys of `range`. Entries are walked borrowed
/// from the store's blocks (no copy per key: a whole-store snapshot value
/// is held once, in its block); the few keys whose checks read other keys
/// (a machine's state, a snapshot) end the walk, are checked with point
/// reads, and the walk resumes after them.
pub(super) fn scan_keys(
    storage: &mut StorageService,
    options: &VerifyOptions,
    range: &ScanRange,
    progress: &(impl Fn(u64) -> bool + Sync),
) -> Result<KeyPass> {
    let mut pass = KeyChecks::new(options);
    let mut stopped = false;
    let mut part = range.clone();
    let mut ticks = Ticks::new(progress);
    loop {
        let mut deferred: Option<(Vec<u8>, Lookup)> = None;
        storage.visit(&part, |key, value| {
            if !ticks.tick() {
                stopped = true;
                return Ok(false);
            }
            match pass.entry(key, value) {
                Some(lookup) => {
                    deferred = Some((key.to_vec(), lookup));
                    Ok(false)
                }
                None => Ok(true),
            }
        })?;
        let Some((key, lookup)) = deferred.take() else {
            break;
        };
        lookup.check(storage, &key, &mut pass.report)?;
        // On from the key just after this one.
        let mut next = key;
        next.push(0);
        part.start = Some(next);
    }
    stopped |= !ticks.flush();
    Ok(pass.into_pass(stopped))
}

/// A point read a key's check needs, made once the scan has stopped at
/// the key (the scan holds the store's blocks, borrowed).
pub(super) enum Lookup {
    /// A machine state naming this root: `root:<root>` must exist.
    Root(String),
    /// A snapshot's metadata must load (`snapshot:<id>`).
    Snapshot(String),
}

impl Lookup {
    pub(super) fn check(
        self,
        storage: &mut StorageService,
        key: &[u8],
        report: &mut VerifyReport,
    ) -> Result<()> {
        match self {
            Lookup::Root(root) => {
                if storage.get(&root_key(&root))?.is_none() {
                    report.add(Check::States, key, missing_root(&root));
                }
            }
            Lookup::Snapshot(id) => {
                if let Err(e) = SnapshotManager::new(storage).load_info(&id) {
                    report.add(Check::Snapshots, key, e.to_string());
                }
            }
        }
        Ok(())
    }
}

/// The finding of a machine state whose root has no `root:` entry.
pub(super) fn missing_root(root: &str) -> String {
    format!("stateRoot {root} has no root:{root} entry")
}

/// The state of one [`scan_keys`] pass (or of a [`super::verify_feed::KeyCheckFeed`]).
pub(super) struct KeyChecks<'a> {
    selected: [bool; Check::ALL.len()],
    allow_non_json: &'a [Vec<u8>],
    report: VerifyReport,
    /// Items per check, counted here and added to the report at the end.
    items: [u64; Check::ALL.len()],
    blocks: super::verify_blocks::BlockIndexCheck,
    linked: Vec<String>,
}

impl<'a> KeyChecks<'a> {
    /// Nothing checked yet.
    pub(super) fn new(options: &'a VerifyOptions) -> KeyChecks<'a> {
        KeyChecks {
            // Looked up once, not per key.
            selected: Check::ALL.map(|c| options.checks.contains(&c)),
            allow_non_json: &options.allow_non_json,
            report: options.report(),
            items: [0; Check::ALL.len()],
            blocks: super::verify_blocks::BlockIndexCheck::default(),
            linked: Vec::new(),
        }
    }

    /// These checks keeping the blocks check's lists (see
    /// [`super::verify_blocks::BlockIndexCheck::keeping_lists`]).
    pub(super) fn keeping_block_lists(mut self) -> KeyChecks<'a> {
        self.blocks = super::verify_blocks::BlockIndexCheck::keeping_lists();
        self
    }

    /// The pass's findings, with the items counted per check.
    pub(super) fn into_pass(mut self, stopped: bool) -> KeyPass {
        for (check, n) in Check::ALL.into_iter().zip(self.items) {
            if n > 0 {
                *self.report.items.entry(check).or_default() += n;
            }
        }
        KeyPass {
            report: self.report,
            blocks: self.blocks,
            linked: self.linked,
            stopped,
        }
    }

    /// The findings so far (a caller's own lookups add to them).
    pub(super) fn report(&mut self) -> &mut VerifyReport {
        &mut self.report
    }

    /// Checks one entry; what it must still read of other keys is
    /// returned, for after the scan has stopped at it.
    pub(super) fn entry(&mut self, key: &[u8], value: &[u8]) -> Option<Lookup> {
        let report = &mut self.report;
        // A block is parsed once: its parse validates the whole text, so
        // a block that parses needs no separate JSON check.
        let block = match key.strip_prefix(b"block:") {
            Some(hash) if self.selected[Check::Blocks as usize] => {
                Some((hash, parsed_block(value)))
            }
            _ => None,
        };
        // So is a height entry's string: a JSON string is JSON.
        let height = match key.starts_with(b"height:") && self.selected[Check::Blocks as usize] {
            true => Some(json::string_bytes(value)),
            false => None,
        };
        // And a state's: `Some(None)` when the value is not a JSON object.
        let state = match self.selected[Check::States as usize] {
            true => StateKey::of(key).map(|k| (k, state_root_of(value))),
            false => None,
        };
        let mut not_json_reported = false;
        if self.selected[Check::Values as usize] {
            self.items[Check::Values as usize] += 1;
            let exempt = self.allow_non_json.iter().any(|p| key.starts_with(p));
            let parsed = matches!(block, Some((_, Some(_))))
                || matches!(height, Some(Some(_)))
                || matches!(state, Some((_, Some(_))));
            if !exempt && !parsed && !json::is_json(value) {
                report.add_with(Check::Values, key, || {
                    format!("value is not JSON: {}", truncated(value))
                });
                not_json_reported = true;
            }
        }
        if let Some(hash) = height {
            self.items[Check::Blocks as usize] += 1;
            check_height(key, value, hash, &mut self.blocks, report);
        } else if let Some((hash, parsed)) = block {
            self.items[Check::Blocks as usize] += 1;
            // Not JSON: the values check said so, or else this one does.
            let parsed = match parsed {
                Some(parsed) => Some(parsed),
                None if not_json_reported => None,
                None => Some(Err("not valid JSON".to_string())),
            };
            if let Some(parsed) = parsed {
                check_block(key, hash, parsed, &mut self.blocks, report);
            }
        }
        if let Some((which, state_root)) = state {
            self.items[Check::States as usize] += 1;
            match which {
                StateKey::Root(root) => {
                    check_root(key, root, value, state_root, not_json_reported, report);
                }
                StateKey::Machine => {
                    return state_lookup(key, value, state_root, not_json_reported, report);
                }
            }
        }
        if self.selected[Check::Snapshots as usize] {
            if let Some(rest) = key.strip_prefix(b"snapshot:") {
                self.items[Check::Snapshots as usize] += 1;
                // The seed's keys are the UTF-8 of its ids: an id that is
                // not UTF-8 names no snapshot (read as lossy text, it
                // would name, and check, another key).
                let Ok(rest) = std::str::from_utf8(rest) else {
                    report.add(Check::Snapshots, key, super::snapshot::ID_NOT_TEXT);
                    return None;
                };
                match rest.strip_suffix(":base") {
                    Some(id) => self.linked.push(id.to_string()),
                    None => return Some(Lookup::Snapshot(rest.to_string())),
                }
            }
        }
        None
    }
}

/// Joins the passes over consecutive key ranges (in key order) and
/// finishes the checks that need the whole namespace: the blocks check's
/// join and gaps, and the snapshot chains.
pub(super) fn join_passes(
    storage: &mut StorageService,
    options: &VerifyOptions,
    passes: Vec<KeyPass>,
) -> Result<VerifyReport> {
    let on = |c: Check| options.checks.contains(&c);
    let mut report = options.report();
    let mut blocks = Vec::with_capacity(passes.len());
    let mut linked = Vec::new();
    let mut stopped = false;
    for pass in passes {
        report.append(pass.report)?;
        blocks.push(pass.blocks);
        linked.extend(pass.linked);
        stopped |= pass.stopped;
    }
    if stopped {
        return Ok(report);
    }
    if on(Check::Blocks) {
        let gaps = super::verify_blocks::BlockIndexCheck::finish(blocks, storage, &mut report)?;
        super::verify_wording::report_gaps(gaps, &mut report);
    }
    if on(Check::Snapshots) {
        check_links(storage, linked, &mut report)?;
    }
    Ok(report)
}

pub(super) fn truncated(value: &[u8]) -> String {
    let shown = escape_bytes(&value[..value.len().min(60)]);
    if value.len() > 60 {
        format!("{shown}…")
    } else {
        shown
    }
}

/// A block's hash (`stateRoot`) and height; `None` when the value is not
/// JSON at all (the values check reports that).
fn parsed_block(value: &[u8]) -> Option<std::result::Result<BlockFields<'_>, String>> {
    match block_fields(value) {
        Err(why) if why.starts_with("not valid JSON") => None,
        parsed => Some(parsed),
    }
}

/// `bytes` as text, borrowed when it is UTF-8 (checked the fast way:
/// `from_utf8_lossy` walks it in chunks even then).
pub(super) fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn check_height(
    key: &[u8],
    value: &[u8],
    hash: Option<Cow<'_, [u8]>>,
    blocks: &mut super::verify_blocks::BlockIndexCheck,
    report: &mut VerifyReport,
) {
    let Some(height) = parse_height_key(key) else {
        report.add(
            Check::Blocks,
            key,
            "not a canonical height key (decimal without leading zeros)",
        );
        return;
    };
    blocks.canonical(height);
    let Some(hash) = hash else {
        report.add_with(Check::Blocks, key, || {
            format!(
                "holds {}, not a JSON string naming a block",
                truncated(value)
            )
        });
        return;
    };
    blocks.entry(height, &hash);
}

fn check_block(
    key: &[u8],
    hash: &[u8],
    parsed: std::result::Result<BlockFields<'_>, String>,
    blocks: &mut super::verify_blocks::BlockIndexCheck,
    report: &mut VerifyReport,
) {
    let fields = match parsed {
        Ok(fields) => fields,
        Err(why) => {
            report.add(Check::Blocks, key, format!("not a valid block: {why}"));
            blocks.invalid_block(hash);
            return;
        }
    };
    // Compared as bytes: the key the seed writes is `block:` and the
    // stateRoot's UTF-8, so a key that is not UTF-8 matches no stateRoot.
    let root = fields.state_root();
    let matches = *root == *hash;
    if !matches {
        report.add_with(Check::Blocks, key, || {
            format!(
                "stateRoot is {}, not the key's hash {}",
                lossy(&root),
                lossy(hash)
            )
        });
    }
    blocks.block(hash, fields.height, matches);
}

fn check_links(
    storage: &mut StorageService,
    linked: Vec<String>,
    report: &mut VerifyReport,
) -> Result<()> {
    let mut reported_cycles = BTreeSet::new();
    for id in linked {
        let key = format!("snapshot:{id}:base").into_bytes();
        let chain = SnapshotManager::new(storage).chain(&id)?;
        match chain.problem {
            None => {}
            Some(ChainProblem::Missing { from, id: missing }) if from == id => {
                report.add(
                    Check::Snapshots,
                    &key,
                    format!("base {missing} does not exist"),
                );
            }
            Some(ChainProblem::Unreadable { id: bad, message }) if bad == id => {
                report.add(Check::Snapshots, &key, message);
            }
            Some(ChainProblem::Cycle(start)) => {
                let members: BTreeSet<String> = chain.links.iter().map(|l| l.id.clone()).collect();
                if reported_cycles.insert(members.iter().next().cloned().unwrap_or_default()) {
                    report.add(
                        Check::Snapshots,
                        &key,
                        format!(
                            "base links form a cycle through {start} ({})",
                            members.into_iter().collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
            }
            Some(_) => {} // a problem further down the chain is reported at its own link
        }
    }
    Ok(())
}
