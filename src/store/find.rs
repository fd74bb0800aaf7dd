//! `find`: every version of one key in every log and table of a store
//! directory — live or left behind — read directly from the files, so it
//! works on a live store and on one the engine cannot open.

use super::ldb::format::{lookup_key, parse_internal_key, user_key, MAX_SEQUENCE, TYPE_VALUE};
use super::ldb::iter::InternalIterator;
use super::ldb::log::{read_tolerant, LogEvent};
use super::ldb::manifest::{file_number, read_current, Manifest};
use super::ldb::memtable::decode_batch;
use super::ldb::{ReadError, TableReader};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where a version was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A write-ahead log.
    Log,
    /// A table, with its level when the manifest lists it.
    Table(Option<usize>),
}

/// One version of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The file it is in.
    pub file: PathBuf,
    /// Log or table (and level).
    pub origin: Origin,
    /// Whether the file belongs to the store's live version.
    pub live: bool,
    /// The write's sequence number.
    pub sequence: u64,
    /// A deletion marker rather than a value.
    pub deletion: bool,
    /// The value (empty for a deletion).
    pub value: Vec<u8>,
    /// The version reads return: the newest live one (a deletion here
    /// means reads say "not found").
    pub visible: bool,
}

/// Every version found, newest first, and the files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct FindReport {
    /// Versions, by sequence number, newest first.
    pub occurrences: Vec<Occurrence>,
    /// Files (or parts of them) that could not be read.
    pub problems: Vec<ReadError>,
    /// Files examined.
    pub files: u64,
}

fn live_manifest(dir: &Path) -> Result<Manifest, ReadError> {
    let name = read_current(dir)?;
    let path = dir.join(name);
    let data = std::fs::read(&path).map_err(|e| ReadError::io(&path, "read", &e))?;
    Manifest::replay(&path, &data)
}

/// Versions of `key` (an exact LevelDB key) in one table.
fn search_table(
    path: &Path,
    key: &[u8],
    live: Option<usize>,
    report: &mut FindReport,
) -> Result<(), ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::io(path, "open", &e))?;
    let size = file
        .metadata()
        .map_err(|e| ReadError::io(path, "stat", &e))?
        .len();
    let table = Rc::new(TableReader::open(path, file, size)?);
    let lookup = lookup_key(key, MAX_SEQUENCE);
    let index = table.index();
    let at = index.seek(&lookup);
    if at < index.len() {
        let handle = table.decode_handle(index.value(at))?;
        if !table.filter_may_contain(handle.offset, key) {
            return Ok(());
        }
    }
    let mut it = table.iter();
    it.seek(&lookup)?;
    while it.valid() && user_key(it.key()) == key {
        let parsed = parse_internal_key(it.key())
            .ok_or_else(|| ReadError::corrupt(path, None, "undecodable internal key"))?;
        report.occurrences.push(Occurrence {
            file: path.to_path_buf(),
            origin: Origin::Table(live),
            live: live.is_some(),
            sequence: parsed.sequence,
            deletion: parsed.kind != TYPE_VALUE,
            value: it.value().to_vec(),
            visible: false,
        });
        it.next()?;
    }
    Ok(())
}

/// Finds every version of `key` (an exact LevelDB key) in the store in `dir`.
pub fn find_key(dir: &Path, key: &[u8]) -> std::io::Result<FindReport> {
    let mut report = FindReport::default();
    let manifest = match live_manifest(dir) {
        Ok(m) => Some(m),
        Err(e) => {
            report.problems.push(e);
            None
        }
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(number) = file_number(&name, &["ldb", "sst"]) {
            let meta = manifest
                .as_ref()
                .and_then(|m| m.tables().find(|(_, f)| f.number == number));
            if let Some((_, f)) = meta {
                // The manifest's key range rules most live tables out unopened.
                if key < user_key(&f.smallest) || key > user_key(&f.largest) {
                    continue;
                }
            }
            report.files += 1;
            if let Err(e) = search_table(&path, key, meta.map(|(level, _)| level), &mut report) {
                report.problems.push(e);
            }
        } else if let Some(number) = file_number(&name, &["log"]) {
            report.files += 1;
            let live = manifest.as_ref().is_some_and(|m| m.is_live_log(number));
            let data = match std::fs::read(&path) {
                Ok(d) => d,
                Err(e) => {
                    report.problems.push(ReadError::io(&path, "read", &e));
                    continue;
                }
            };
            read_tolerant(&data, |event| match event {
                LogEvent::Record { offset, data } => {
                    let decoded = decode_batch(&data, |seq, kind, k, v| {
                        if k == key {
                            report.occurrences.push(Occurrence {
                                file: path.clone(),
                                origin: Origin::Log,
                                live,
                                sequence: seq,
                                deletion: kind != TYPE_VALUE,
                                value: v.to_vec(),
                                visible: false,
                            });
                        }
                    });
                    if let Err(m) = decoded {
                        report
                            .problems
                            .push(ReadError::corrupt(&path, Some(offset), m));
                    }
                }
                LogEvent::Damage {
                    offset, message, ..
                } => {
                    report
                        .problems
                        .push(ReadError::corrupt(&path, Some(offset), message));
                }
                LogEvent::TornTail { .. } => {}
            });
        }
    }
    report
        .occurrences
        .sort_by(|a, b| b.sequence.cmp(&a.sequence).then(b.live.cmp(&a.live)));
    if let Some(newest) = report.occurrences.iter_mut().find(|o| o.live) {
        newest.visible = true;
    }
    Ok(report)
}
