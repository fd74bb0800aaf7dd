//! The merge of every file's versions by sequence number: newest wins,
//! deletions hide older values, damaged ranges make keys uncertain.

use crate::store::bulk::{EntrySink, WholeTable};
use crate::store::ldb::block::SortedRun;
use crate::store::ldb::format::{
    compare_internal, parse_internal_key, user_key, BlockHandle, TYPE_VALUE,
};
use crate::store::ldb::table::read_block_contents;
use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::fs::File;
use std::path::PathBuf;
use std::rc::Rc;

use crate::StoreError;

use super::plan::Suspects;
use super::{Age, DamagedRange, SalvageReport, Uncertain, STALE};

/// Values of this size or more, when their decoded block has no other
/// owner, are handed to the sink owned.
const OWNED_VALUE: usize = 1 << 20;

/// One sorted source of versions.
pub(super) enum Source {
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
    /// The least and greatest user keys of a sorted run source (a log).
    pub(super) fn run_range(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        match self {
            Source::Run(run, _) if !run.is_empty() => Some((
                user_key(run.key(0)).to_vec(),
                user_key(run.key(run.len() - 1)).to_vec(),
            )),
            _ => None,
        }
    }

    /// The next version: the run holding it and its position there (no
    /// copy of the entry). A block that read whole when the table was
    /// planned and does not now (the file changed, or the disk failed) is an
    /// error, never a shorter result.
    fn next(&mut self) -> crate::Result<Option<(Rc<SortedRun>, usize)>> {
        loop {
            match self {
                Source::Run(run, pos) => {
                    if *pos >= run.len() {
                        return Ok(None);
                    }
                    *pos += 1;
                    return Ok(Some((Rc::clone(run), *pos - 1)));
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
                            return Ok(Some((Rc::clone(r), *pos - 1)));
                        }
                    }
                    // Done with this block: the merge may hold its last
                    // version alone now (and move a large value out).
                    *run = None;
                    let Some(handle) = blocks.pop_front() else {
                        return Ok(None);
                    };
                    let data = read_block_contents(file, path, *size, handle)?;
                    let decoded = SortedRun::decode_block(data).map_err(|e| {
                        StoreError::Inconsistent(format!(
                            "{}: the data block at offset {} read whole when salvage planned the \
                             table and no longer decodes ({e}): did something change the store \
                             during the salvage?",
                            path.display(),
                            handle.offset
                        ))
                    })?;
                    *run = Some((Rc::new(decoded), 0));
                }
            }
        }
    }
}

/// A source's current version in the merge heap, ordered by internal key
/// (newest first for one user key), then by its source's age (the same
/// version in several files — a log and the table it was flushed into, a
/// compaction's inputs and its output — is taken from the newest file, a
/// live one before one the live version no longer uses), then by source.
struct HeapItem {
    run: Rc<SortedRun>,
    pos: usize,
    age: Age,
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
        crate::store::ldb::format::compare_internal(self.key(), other.key())
            .then(self.age.cmp(&other.age))
            .then(self.source.cmp(&other.source))
    }
}

/// Merges `sources` into `sink`; a source `whole` names is passed to the
/// sink as the whole table (its versions are not merged: no other source
/// may have one in its range, which would be an error in the planning,
/// reported as one).
pub(super) fn merge(
    mut sources: Vec<(Source, Age)>,
    whole: &[Option<WholeTable>],
    damaged: &[DamagedRange],
    suspects: &mut Suspects,
    report: &mut SalvageReport,
    sink: &mut dyn EntrySink,
) -> crate::Result<()> {
    let mut heap = BinaryHeap::new();
    for (i, (source, age)) in sources.iter_mut().enumerate() {
        if let Some((run, pos)) = source.next()? {
            heap.push(Reverse(HeapItem {
                run,
                pos,
                age: *age,
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
        if let Some(table) = &whole[src] {
            // No other source has a version in its range: the table goes
            // into the new store whole and its versions are not merged.
            sink.whole_table(table)?;
            entries[src] = table.entries;
            report.versions += table.entries;
            report.recovered += table.keys;
            let last = current.get_or_insert_with(Vec::new);
            last.clear();
            last.extend_from_slice(user_key(&table.largest));
            next_item = heap.pop().map(|Reverse(item)| item);
            if next_item
                .as_ref()
                .is_some_and(|next| compare_internal(next.key(), &table.largest).is_le())
            {
                return Err(StoreError::Inconsistent(format!(
                    "salvage: {} was to be copied whole, but another file has a version in \
                     its key range",
                    table.path.display()
                )));
            }
            continue;
        }
        entries[src] += 1;
        report.versions += 1;
        let following = sources[src].0.next()?.map(|(run, pos)| HeapItem {
            run,
            pos,
            age: item.age,
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
        let age = item.age;
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
            if item.run.value(item.pos).len() >= OWNED_VALUE {
                // Once its source has moved past the block, a large value
                // is moved out of the decoded block and on, not copied.
                let key = parsed.user_key.to_vec();
                match Rc::try_unwrap(item.run) {
                    Ok(run) => sink.entry(&key, Cow::Owned(run.into_value(item.pos)))?,
                    Err(run) => sink.entry(&key, Cow::Borrowed(run.value(item.pos)))?,
                }
            } else {
                sink.entry(parsed.user_key, Cow::Borrowed(item.run.value(item.pos)))?;
            }
            report.recovered += 1;
        }
    }
    let mut entry_counts = entries.into_iter();
    for f in report.files.iter_mut() {
        f.entries = entry_counts.next().unwrap_or(0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_that_no_longer_reads_is_an_error_not_a_shorter_merge() {
        // Planning found the block whole; by the merge the file holds
        // something else (changed under the salvage, or a failing disk).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000007.ldb");
        std::fs::write(&path, vec![0xAB; 4096]).unwrap();
        let mut source = Source::Table {
            file: File::open(&path).unwrap(),
            path: path.clone(),
            size: 4096,
            blocks: VecDeque::from([BlockHandle {
                offset: 0,
                size: 100,
            }]),
            run: None,
        };
        let err = source.next().map(|_| ()).expect_err("an error");
        assert!(err.to_string().contains("000007.ldb"), "{err}");
    }
}
