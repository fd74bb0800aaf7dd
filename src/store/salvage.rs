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

use super::ldb::block::SortedRun;
use super::ldb::format::{
    fixed32, parse_internal_key, unmask, user_key, BlockHandle, BLOCK_TRAILER_LEN, MAX_SEQUENCE,
    TYPE_VALUE,
};
use super::ldb::log::{read_tolerant, LogEvent};
use super::ldb::manifest::{file_number, read_current, table_path, Manifest};
use super::ldb::memtable::decode_batch;
use super::ldb::table::{decode_block_bytes, read_block_contents, TableReader};
use super::ldb::ReadError;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::rc::Rc;

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
    /// Whether everything was read and nothing is uncertain.
    pub fn complete(&self) -> bool {
        self.skipped.is_empty()
            && self.missing.is_empty()
            && self.gaps.is_empty()
            && self.uncertain.is_empty()
    }
}

/// How old a source's versions are relative to others: lower is newer
/// (logs, then level-0 tables by file number, then levels 1..6); versions
/// in files the manifest does not list rank last.
type Age = (u64, u64);

const STALE: Age = (u64::MAX, 0);

/// A key range whose newest versions may have been lost.
#[derive(Debug, Clone)]
struct DamagedRange {
    /// Exclusive lower bound (user key).
    lo: Option<Vec<u8>>,
    /// Inclusive upper bound (user key).
    hi: Option<Vec<u8>>,
    /// The damaged file's age: versions from sources at least this old may
    /// be superseded by what was lost.
    age: Age,
    reason: String,
}

impl DamagedRange {
    fn contains(&self, key: &[u8]) -> bool {
        self.lo.as_deref().is_none_or(|lo| key > lo)
            && self.hi.as_deref().is_none_or(|hi| key <= hi)
    }
}

/// One sorted source of versions.
enum Source {
    Table {
        file: File,
        path: PathBuf,
        size: u64,
        blocks: VecDeque<BlockHandle>,
        run: Option<(Rc<SortedRun>, usize)>,
    },
    Run(Rc<SortedRun>, usize),
}

impl Source {
    /// The next version: the run holding it and its position there (no
    /// copy of the entry).
    fn next(&mut self) -> Option<(Rc<SortedRun>, usize)> {
        loop {
            match self {
                Source::Run(run, pos) => {
                    if *pos >= run.len() {
                        return None;
                    }
                    *pos += 1;
                    return Some((Rc::clone(run), *pos - 1));
                }
                Source::Table {
                    file,
                    path,
                    size,
                    blocks,
                    run,
                } => {
                    if let Some((r, pos)) = run.as_mut() {
                        if *pos < r.len() {
                            *pos += 1;
                            return Some((Rc::clone(r), *pos - 1));
                        }
                    }
                    let handle = blocks.pop_front()?;
                    // Blocks were checked when the table was planned.
                    *run = read_block_contents(file, path, *size, handle)
                        .ok()
                        .and_then(|data| SortedRun::decode_block(data).ok())
                        .map(|r| (Rc::new(r), 0));
                }
            }
        }
    }
}

/// A decoded data block's entries are internal keys in order, none the
/// separators only index blocks hold (maximum sequence number), and after
/// `previous` (the last key of the block before).
fn valid_data_block(run: &SortedRun, previous: Option<&[u8]>) -> bool {
    let mut last = previous.map(<[u8]>::to_vec);
    for i in 0..run.len() {
        let key = run.key(i);
        match parse_internal_key(key) {
            Some(p) if p.sequence < MAX_SEQUENCE => {}
            _ => return false,
        }
        if last
            .as_deref()
            .is_some_and(|l| super::ldb::format::compare_internal(l, key) != Ordering::Less)
        {
            return false;
        }
        last = Some(key.to_vec());
    }
    !run.is_empty()
}

/// Finds the data blocks at the start of a table whose footer or index is
/// unusable: each block is where the previous one ended, and is found by
/// the checksum that follows it.
fn scan_blocks(path: &Path, data: &[u8]) -> (Vec<BlockHandle>, Option<Vec<u8>>, u64) {
    let mut found = Vec::new();
    let mut last_key: Option<Vec<u8>> = None;
    let mut o = 0usize;
    'blocks: while o + BLOCK_TRAILER_LEN <= data.len() {
        let mut crc = 0u32;
        for len in 0..=data.len() - o - BLOCK_TRAILER_LEN {
            let kind = data[o + len];
            if kind <= 1 {
                let with_type = crc32c::crc32c_append(crc, &[kind]);
                if with_type == unmask(fixed32(data, o + len + 1).expect("in bounds")) {
                    let raw = data[o..o + len + BLOCK_TRAILER_LEN].to_vec();
                    let block = decode_block_bytes(raw, path, o as u64)
                        .ok()
                        .and_then(|d| SortedRun::decode_block(d).ok());
                    if let Some(run) = block.filter(|r| valid_data_block(r, last_key.as_deref())) {
                        last_key = Some(run.key(run.len() - 1).to_vec());
                        found.push(BlockHandle {
                            offset: o as u64,
                            size: len as u64,
                        });
                        o += len + BLOCK_TRAILER_LEN;
                        continue 'blocks;
                    }
                }
            }
            crc = crc32c::crc32c_append(crc, &data[o + len..o + len + 1]);
        }
        break;
    }
    (found, last_key.map(|k| user_key(&k).to_vec()), o as u64)
}

/// What planning one table found (sent from the planning threads).
struct TablePlan {
    file: File,
    size: u64,
    /// The data blocks whose checksums hold, in order.
    blocks: VecDeque<BlockHandle>,
    units: u64,
    damaged: Vec<DamagedRange>,
    skipped: Vec<Skipped>,
}

fn plan_table(
    path: &Path,
    age: Age,
    manifest_range: Option<(Vec<u8>, Vec<u8>)>,
) -> Result<TablePlan, ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(path, "open", &e))?;
    let size = file
        .metadata()
        .map_err(|e| ReadError::io(path, "stat", &e))?
        .len();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut plan_damaged = Vec::new();
    let mut skipped = Vec::new();
    let mut good = VecDeque::new();
    let dup = File::open(path).map_err(|e| ReadError::io(path, "open", &e))?;
    match TableReader::open(path, dup, size) {
        Ok(table) => {
            let index = table.index().clone();
            let mut previous: Option<Vec<u8>> = None;
            for i in 0..index.len() {
                let separator = user_key(index.key(i)).to_vec();
                let handle = table.decode_handle(index.value(i))?;
                match table.read_block(handle) {
                    Ok(_) => good.push_back(handle),
                    Err(e) => {
                        skipped.push(Skipped {
                            file: path.to_path_buf(),
                            offset: Some(handle.offset),
                            bytes: handle.size + BLOCK_TRAILER_LEN as u64,
                            reason: e.message.clone(),
                        });
                        plan_damaged.push(DamagedRange {
                            lo: previous.clone(),
                            hi: Some(separator.clone()),
                            age,
                            reason: format!(
                                "{name}: data block at offset {} is damaged",
                                handle.offset
                            ),
                        });
                    }
                }
                previous = Some(separator);
            }
        }
        Err(open_error) => {
            let data = std::fs::read(path).map_err(|e| ReadError::io(path, "read", &e))?;
            let (blocks, last_key, end) = scan_blocks(path, &data);
            skipped.push(Skipped {
                file: path.to_path_buf(),
                offset: Some(end),
                bytes: size - end,
                reason: format!(
                    "{}; {} data block(s) before offset {end} were found by their checksums",
                    open_error.message,
                    blocks.len()
                ),
            });
            let hi = manifest_range.map(|(_, largest)| largest);
            plan_damaged.push(DamagedRange {
                lo: last_key,
                hi,
                age,
                reason: format!(
                    "{name}: unreadable from offset {end} ({})",
                    open_error.message
                ),
            });
            good.extend(blocks);
        }
    }
    Ok(TablePlan {
        units: good.len() as u64,
        file,
        size,
        blocks: good,
        damaged: plan_damaged,
        skipped,
    })
}

/// A table to plan: where it is and what the manifest says of it.
struct TableJob {
    path: PathBuf,
    number: u64,
    /// Whether the live version uses it (`None`: no readable manifest).
    live: Option<bool>,
    age: Age,
    /// Its key range from the manifest.
    range: Option<(Vec<u8>, Vec<u8>)>,
}

/// [`plan_table`] of every job, on two threads taking the next job in
/// turn; `progress` is called here as each table is done. The plans in
/// job order.
fn plan_tables(
    jobs: &[TableJob],
    progress: &mut impl FnMut(),
) -> Vec<Result<TablePlan, ReadError>> {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let next = AtomicUsize::new(0);
    let work = |done: std::sync::mpsc::Sender<(usize, Result<TablePlan, ReadError>)>| loop {
        let i = next.fetch_add(1, Relaxed);
        let Some(job) = jobs.get(i) else { break };
        if done
            .send((i, plan_table(&job.path, job.age, job.range.clone())))
            .is_err()
        {
            break;
        }
    };
    let mut plans: Vec<Option<Result<TablePlan, ReadError>>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let (done, results) = std::sync::mpsc::channel();
        let second = done.clone();
        scope.spawn(move || work(second));
        scope.spawn(move || work(done));
        for (i, plan) in results {
            plans[i] = Some(plan);
            progress();
        }
    });
    plans
        .into_iter()
        .map(|p| p.expect("every job was planned"))
        .collect()
}

/// Keys (with the sequence number of their write) read from the bytes of
/// damaged log records, ignoring checksums: writes that may have been lost.
type Suspects = std::collections::BTreeMap<Vec<u8>, (u64, String)>;

/// Best-effort reading of a damaged region of a log: its physical records
/// are walked by their lengths and every write batch that still decodes
/// names keys whose newest write may be lost.
fn suspects_in(path: &Path, region: &[u8], offset: u64, suspects: &mut Suspects) {
    use super::ldb::log::LOG_HEADER_LEN;
    let mut p = 0;
    let mut partial: Vec<u8> = Vec::new();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    while p + LOG_HEADER_LEN <= region.len() {
        let len = u16::from_le_bytes([region[p + 4], region[p + 5]]) as usize;
        let kind = region[p + 6];
        let end = (p + LOG_HEADER_LEN + len).min(region.len());
        let payload = &region[p + LOG_HEADER_LEN..end];
        let whole = match kind {
            1 => Some(payload.to_vec()),
            2 => {
                partial = payload.to_vec();
                None
            }
            3 => {
                partial.extend_from_slice(payload);
                None
            }
            4 => {
                partial.extend_from_slice(payload);
                Some(std::mem::take(&mut partial))
            }
            _ => None,
        };
        if let Some(batch) = whole {
            let _ = decode_batch(&batch, |seq, _, key, _| {
                let entry = suspects
                    .entry(key.to_vec())
                    .or_insert((seq, format!("{name}: a damaged log record near offset {offset} wrote it (sequence {seq}); that write is lost")));
                if seq > entry.0 {
                    entry.0 = seq;
                }
            });
        }
        if len == 0 && kind == 0 {
            break;
        }
        p += LOG_HEADER_LEN + len;
    }
}

/// The versions of one log, as a sorted run, and its damage.
fn plan_log(
    path: &Path,
    report: &mut SalvageReport,
    suspects: &mut Suspects,
) -> Result<(Source, u64, u64), ReadError> {
    let data = std::fs::read(path).map_err(|e| ReadError::io(path, "read", &e))?;
    let (mut keys, mut values, mut spans) = (Vec::new(), Vec::new(), Vec::new());
    let (mut records, mut entries) = (0u64, 0u64);
    let mut last_seq: Option<u64> = None;
    let mut damaged_since: Option<u64> = None;
    read_tolerant(&data, |event| match event {
        LogEvent::Record { offset, data } => {
            records += 1;
            let mut first = None;
            let mut last = None;
            let decoded = decode_batch(&data, |seq, kind, key, value| {
                first.get_or_insert(seq);
                last = Some(seq);
                let ks = keys.len();
                super::ldb::format::append_internal_key(&mut keys, key, seq, kind);
                let vs = values.len();
                values.extend_from_slice(value);
                spans.push([ks, keys.len(), vs, values.len()]);
                entries += 1;
            });
            match decoded {
                Ok(_) => {
                    if let (Some(after), Some(first)) = (damaged_since.take().and(last_seq), first)
                    {
                        if first > after + 1 {
                            report.gaps.push(SequenceGap {
                                file: path.to_path_buf(),
                                after,
                                before: first,
                            });
                        }
                    }
                    last_seq = last.or(last_seq);
                }
                Err(message) => {
                    damaged_since = Some(offset);
                    report.skipped.push(Skipped {
                        file: path.to_path_buf(),
                        offset: Some(offset),
                        bytes: data.len() as u64,
                        reason: message,
                    });
                }
            }
        }
        LogEvent::Damage {
            offset,
            bytes,
            message,
        } => {
            damaged_since = Some(offset);
            let start = offset as usize;
            let end = (start + bytes as usize).min(data.len());
            suspects_in(path, &data[start..end], offset, suspects);
            report.skipped.push(Skipped {
                file: path.to_path_buf(),
                offset: Some(offset),
                bytes,
                reason: message,
            });
        }
        LogEvent::TornTail { .. } => {}
    });
    let run = SortedRun::from_unsorted(keys, values, spans);
    Ok((Source::Run(Rc::new(run), 0), records, entries))
}

/// Reads every table and log of the store in `dir` and passes each
/// recovered live `(key, value)` to `sink`, in key order.
pub fn salvage(
    dir: &Path,
    mut sink: impl FnMut(&[u8], &[u8]) -> crate::Result<()>,
    mut progress: impl FnMut(),
) -> crate::Result<SalvageReport> {
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
    let mut damaged: Vec<DamagedRange> = Vec::new();
    let mut present = std::collections::BTreeSet::new();
    let mut suspects = Suspects::new();
    let file_name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
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
                (_, Some((0, _))) => (Some(true), (1, u64::MAX - number)),
                (_, Some((level, _))) => (Some(true), (1 + level as u64, 0)),
                (Some(_), None) => (Some(false), STALE),
                (None, None) => (None, (1, u64::MAX - number)),
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
            })
        })
        .collect();
    let mut planned = plan_tables(&jobs, &mut progress).into_iter();
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
                }
                Err(e) => report.skipped.push(Skipped::whole_file(path, e.message)),
            }
        } else if let Some(number) = file_number(&name, &["log"]) {
            let live = manifest.as_ref().map(|m| m.is_live_log(number));
            let age = if live == Some(false) {
                STALE
            } else {
                (0, u64::MAX - number)
            };
            match plan_log(path, &mut report, &mut suspects) {
                Ok((source, records, entries)) => {
                    report.files.push(FileRead {
                        file: path.clone(),
                        kind: "log",
                        live,
                        units: records,
                        entries,
                    });
                    sources.push((source, age));
                }
                Err(e) => report.skipped.push(Skipped::whole_file(path, e.message)),
            }
            progress();
        }
    }
    if let Some(m) = &manifest {
        for (level, f) in m.tables() {
            if !present.contains(&f.number) {
                let path = table_path(dir, f.number);
                report.missing.push(path.clone());
                let age = if level == 0 {
                    (1, u64::MAX - f.number)
                } else {
                    (1 + level as u64, 0)
                };
                let lo = user_key(&f.smallest).to_vec();
                damaged.push(DamagedRange {
                    // Inclusive of the smallest key: use the key just below it.
                    lo: None,
                    hi: Some(user_key(&f.largest).to_vec()),
                    age,
                    reason: format!(
                        "{} (level {level}, keys {} .. {}) is missing",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        String::from_utf8_lossy(&lo),
                        String::from_utf8_lossy(user_key(&f.largest))
                    ),
                });
                damaged.last_mut().expect("just pushed").lo = key_before(&lo);
            }
        }
    }
    merge(sources, &damaged, &mut suspects, &mut report, &mut sink)?;
    // Keys a lost write created that nothing else holds.
    for (key, (_, reason)) in suspects {
        report.uncertain.push(Uncertain {
            key,
            recovered: false,
            reason,
        });
    }
    report.uncertain.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(report)
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

/// A source's current version in the merge heap, ordered by internal key
/// (newest first for one user key), then by source (newer sources first).
struct HeapItem {
    run: Rc<SortedRun>,
    pos: usize,
    source: usize,
}

impl HeapItem {
    fn key(&self) -> &[u8] {
        self.run.key(self.pos)
    }
}

impl PartialEq for HeapItem {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for HeapItem {}
impl PartialOrd for HeapItem {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapItem {
    fn cmp(&self, other: &Self) -> Ordering {
        super::ldb::format::compare_internal(self.key(), other.key())
            .then(self.source.cmp(&other.source))
    }
}

fn merge(
    mut sources: Vec<(Source, Age)>,
    damaged: &[DamagedRange],
    suspects: &mut Suspects,
    report: &mut SalvageReport,
    sink: &mut impl FnMut(&[u8], &[u8]) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut heap = BinaryHeap::new();
    for (i, (source, _)) in sources.iter_mut().enumerate() {
        if let Some((run, pos)) = source.next() {
            heap.push(Reverse(HeapItem {
                run,
                pos,
                source: i,
            }));
        }
    }
    // The user key of the last version taken (older ones of it are skipped).
    let mut current: Option<Vec<u8>> = None;
    let mut entries = vec![0u64; sources.len()];
    let mut next_item = heap.pop().map(|Reverse(item)| item);
    while let Some(item) = next_item.take() {
        let src = item.source;
        entries[src] += 1;
        report.versions += 1;
        let following = sources[src].0.next().map(|(run, pos)| HeapItem {
            run,
            pos,
            source: src,
        });
        next_item = match following {
            // Still before every other source's version: taken without
            // going through the heap (sources whose key ranges do not
            // overlap, as the tables of one level, cost one comparison per
            // version).
            Some(f) if heap.peek().is_none_or(|Reverse(top)| f < *top) => Some(f),
            Some(f) => {
                heap.push(Reverse(f));
                heap.pop().map(|Reverse(item)| item)
            }
            None => heap.pop().map(|Reverse(item)| item),
        };
        let Some(parsed) = parse_internal_key(item.key()) else {
            continue;
        };
        if current.as_deref() == Some(parsed.user_key) {
            continue; // an older version (or the same one in another file)
        }
        let last = current.get_or_insert_with(Vec::new);
        last.clear();
        last.extend_from_slice(parsed.user_key);
        let age = sources[src].1;
        let in_range: Vec<&DamagedRange> = damaged
            .iter()
            .filter(|d| d.contains(parsed.user_key) && age >= d.age)
            .collect();
        let value = parsed.kind == TYPE_VALUE;
        // A write read from damaged log bytes that is newer than what
        // survived: the key's state is uncertain.
        let suspect = suspects
            .remove(parsed.user_key)
            .filter(|(seq, _)| *seq > parsed.sequence)
            .map(|(_, reason)| reason);
        if age == STALE && in_range.is_empty() && suspect.is_none() {
            // Only a file the live version no longer uses holds this key:
            // overwritten or deleted since; not brought back.
            report.stale += 1;
            continue;
        }
        let reason = match (in_range.first(), suspect) {
            (Some(d), _) => Some(format!(
                "{}: a newer version or a deletion may have been lost",
                d.reason
            )),
            (None, Some(reason)) => Some(reason),
            (None, None) => None,
        };
        if let Some(reason) = reason {
            report.uncertain.push(Uncertain {
                key: parsed.user_key.to_vec(),
                recovered: value,
                reason,
            });
        }
        if value {
            sink(parsed.user_key, item.run.value(item.pos))?;
            report.recovered += 1;
        }
    }
    let mut entry_counts = entries.into_iter();
    for f in report.files.iter_mut() {
        f.entries = entry_counts.next().unwrap_or(0);
    }
    Ok(())
}
