//! The merge of every file's versions by sequence number: newest wins,
//! deletions hide older values, damaged ranges make keys uncertain.

use crate::store::ldb::block::SortedRun;
use crate::store::ldb::format::{parse_internal_key, BlockHandle, TYPE_VALUE};
use crate::store::ldb::table::read_block_contents;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::fs::File;
use std::path::PathBuf;
use std::rc::Rc;

use super::plan::Suspects;
use super::{Age, DamagedRange, SalvageReport, Uncertain, STALE};

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

pub(super) fn merge(
    mut sources: Vec<(Source, Age)>,
    damaged: &[DamagedRange],
    suspects: &mut Suspects,
    report: &mut SalvageReport,
    sink: &mut impl FnMut(&[u8], &[u8]) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut heap = BinaryHeap::new();
    for (i, (source, age)) in sources.iter_mut().enumerate() {
        if let Some((run, pos)) = source.next() {
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
        entries[src] += 1;
        report.versions += 1;
        let following = sources[src].0.next().map(|(run, pos)| HeapItem {
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
