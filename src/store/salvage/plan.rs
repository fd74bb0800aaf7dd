//! Reading a damaged store's files: each table's readable blocks (through
//! its index, or found by their checksums when the index is gone) and
//! each log's records, with the key ranges whose versions may be lost.

use crate::store::bulk::{file_identity, WholeTable};
use crate::store::integrity::EntryChecks;
use crate::store::ldb::block::SortedRun;
use crate::store::ldb::format::{
    fixed32, parse_internal_key, unmask, user_key, BlockHandle, BLOCK_TRAILER_LEN, MAX_SEQUENCE,
};
use crate::store::ldb::log::{read_tolerant, LogEvent};
use crate::store::ldb::memtable::decode_batch;
use crate::store::ldb::table::{decode_block_bytes, TableReader};
use crate::store::ldb::ReadError;
use crate::store::table_stream::NewestVersions;
use std::cmp::Ordering;
use std::collections::VecDeque;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::merge::Source;
use super::{Age, DamagedRange, Inspector, SalvageReport, SequenceGap, Skipped};

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
            .is_some_and(|l| crate::store::ldb::format::compare_internal(l, key) != Ordering::Less)
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
pub(super) struct TablePlan<I> {
    pub(super) file: File,
    pub(super) size: u64,
    /// The data blocks whose checksums hold, in order.
    pub(super) blocks: VecDeque<BlockHandle>,
    pub(super) units: u64,
    pub(super) damaged: Vec<DamagedRange>,
    pub(super) skipped: Vec<Skipped>,
    /// The least and greatest user keys of its readable entries (`None`:
    /// no entry, or not known: the index was unusable).
    pub(super) range: Option<(Vec<u8>, Vec<u8>)>,
    /// Whether the range is known (else it counts as every key's).
    pub(super) range_known: bool,
    /// The table as a whole, when every block read and every entry passed
    /// the storage check's entry checks: it may be copied as it is.
    pub(super) whole: Option<WholeTable>,
    /// What the inspector saw of the table's newest live versions (with
    /// `whole` only).
    pub(super) inspected: Option<I>,
}

fn plan_table<I: Inspector>(
    path: &Path,
    age: Age,
    manifest_range: Option<(Vec<u8>, Vec<u8>)>,
    mut inspector: Option<I>,
) -> Result<TablePlan<I>, ReadError> {
    let file = File::open(path).map_err(|e| ReadError::io(path, "open", &e))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadError::io(path, "stat", &e))?;
    let size = meta.len();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut plan_damaged = Vec::new();
    let mut skipped = Vec::new();
    let mut good = VecDeque::new();
    let mut range: Option<(Vec<u8>, Vec<u8>)> = None;
    let mut range_known = false;
    let mut whole = None;
    let dup = File::open(path).map_err(|e| ReadError::io(path, "open", &e))?;
    match TableReader::open(path, dup, size) {
        Ok(table) => {
            range_known = true;
            let index = table.index().clone();
            let mut previous: Option<Vec<u8>> = None;
            let mut checks = EntryChecks::new(&table);
            // Checked only when it may be copied whole.
            let mut checked = inspector.is_some();
            // The newest version of each user key comes first.
            let (mut entries, mut keys) = (0u64, 0u64);
            let mut newest = NewestVersions::at(MAX_SEQUENCE);
            let handles = table.data_handles()?;
            // Adjacent blocks are read together; a block that does not read
            // or decode is skipped alone.
            let mut raw = Vec::new();
            table.each_block_read(&handles, &mut raw, |i, handle, read| {
                let separator = user_key(index.key(i)).to_vec();
                let decoded = read.and_then(|data| {
                    SortedRun::decode_block(data.into_owned())
                        .map_err(|m| ReadError::corrupt(path, Some(handle.offset), m))
                });
                match decoded {
                    Ok(run) => {
                        for j in 0..run.len() {
                            let key = run.key(j);
                            widen(&mut range, user_key(key));
                            checked = checked && checks.entry(i, handle, j, key).is_ok();
                            if !checked {
                                continue;
                            }
                            entries += 1;
                            // Decodable: checked above.
                            if let Some(user) = newest.live(key) {
                                if let Some(inspector) = &mut inspector {
                                    inspector.entry(user, run.value(j));
                                }
                                keys += 1;
                            }
                        }
                        good.push_back(handle);
                    }
                    Err(e) => {
                        checked = false;
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
                Ok(())
            })?;
            // Only an inspected table may be copied whole (its keys are
            // checked nowhere else): `checked` starts false otherwise. Its
            // sequence numbers are kept, so they must leave the new store
            // room for writes (a broken writer's are rebuilt instead).
            checked &= checks.max_sequence <= MAX_SEQUENCE / 2;
            if let (true, Some(smallest), Some(largest)) = (checked, checks.first, checks.last) {
                whole = Some(WholeTable {
                    path: path.to_path_buf(),
                    size,
                    identity: file_identity(&meta),
                    smallest,
                    largest,
                    max_sequence: checks.max_sequence,
                    entries,
                    keys,
                });
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
        range,
        range_known,
        inspected: inspector.filter(|_| whole.is_some()),
        whole,
    })
}

/// Widens `range` (least, greatest) to hold `key`.
pub(super) fn widen(range: &mut Option<(Vec<u8>, Vec<u8>)>, key: &[u8]) {
    match range {
        None => *range = Some((key.to_vec(), key.to_vec())),
        Some((lo, hi)) => {
            if key < lo.as_slice() {
                *lo = key.to_vec();
            } else if key > hi.as_slice() {
                *hi = key.to_vec();
            }
        }
    }
}

/// A table to plan: where it is and what the manifest says of it.
pub(super) struct TableJob {
    pub(super) path: PathBuf,
    pub(super) number: u64,
    /// Whether the live version uses it (`None`: no readable manifest).
    pub(super) live: Option<bool>,
    pub(super) age: Age,
    /// Its key range from the manifest.
    pub(super) range: Option<(Vec<u8>, Vec<u8>)>,
    /// Whether it may be copied whole: its newest versions are then shown
    /// to an inspector as it is read.
    pub(super) inspect: bool,
}

/// [`plan_table`] of every job, on two threads taking the next job in
/// turn; `progress` is called here as each table is done. The plans in
/// job order.
pub(super) fn plan_tables<I: Inspector>(
    jobs: &[TableJob],
    inspector: &(dyn Fn() -> I + Sync),
    progress: &mut impl FnMut(),
) -> Vec<Result<TablePlan<I>, ReadError>> {
    crate::store::parallel::on_two_threads(
        jobs.len(),
        |i| {
            let job = &jobs[i];
            plan_table(
                &job.path,
                job.age,
                job.range.clone(),
                job.inspect.then(inspector),
            )
        },
        |_| progress(),
    )
}

/// Keys (with the sequence number of their write) read from the bytes of
/// damaged log records, ignoring checksums: writes that may have been lost.
pub(super) type Suspects = std::collections::BTreeMap<Vec<u8>, (u64, String)>;

/// Best-effort reading of a damaged region of a log: its physical records
/// are walked by their lengths and every write batch that still decodes
/// names keys whose newest write may be lost.
fn suspects_in(path: &Path, region: &[u8], offset: u64, suspects: &mut Suspects) {
    use crate::store::ldb::log::LOG_HEADER_LEN;
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
pub(super) fn plan_log(
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
                crate::store::ldb::format::append_internal_key(&mut keys, key, seq, kind);
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
