//! An external merge sort of key/value records, for loading a store in key
//! order: records are sorted in memory up to a bound, each full run is
//! sorted and written to an anonymous temporary file (removed by the system
//! however the process ends) on a second thread while the next run is
//! collected, and the runs are merged (the last one from memory). A key
//! given more than once keeps its last value, as writing the records in
//! input order would. Sorted records are what `store::bulk` builds a new
//! store's tables from.

use crate::{Result, StoreError};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Bytes of keys and values held in memory before a run is written out.
pub const DEFAULT_RUN_BYTES: usize = 64 << 20;

/// Collects records, then yields them in key order.
pub struct Sorter {
    dir: PathBuf,
    run_bytes: usize,
    buffer: Arena,
    runs: Vec<File>,
    /// The run being sorted and written on another thread while the
    /// next one is collected (so at most two runs are held).
    spilling: Option<std::thread::JoinHandle<Result<File>>>,
}

/// Records held in memory: their bytes in one buffer, and a slot per
/// record that sorts on the key's first 16 bytes before comparing whole
/// keys (no allocation per record, 32-byte moves while sorting).
#[derive(Default)]
struct Arena {
    bytes: Vec<u8>,
    slots: Vec<Slot>,
}

#[derive(Clone, Copy)]
struct Slot {
    prefix: u128,
    start: usize,
    key_len: u32,
    value_len: u32,
}

impl Arena {
    fn held(&self) -> usize {
        self.bytes.len() + self.slots.len() * std::mem::size_of::<Slot>()
    }

    fn push(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        let too_big = || StoreError::bad_input("a record over 4 GiB cannot be sorted");
        let mut head = [0u8; 16];
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key[..n]);
        self.slots.push(Slot {
            prefix: u128::from_be_bytes(head),
            start: self.bytes.len(),
            key_len: u32::try_from(key.len()).map_err(|_| too_big())?,
            value_len: u32::try_from(value.len()).map_err(|_| too_big())?,
        });
        self.bytes.extend_from_slice(key);
        self.bytes.extend_from_slice(value);
        Ok(())
    }

    fn key(&self, slot: &Slot) -> &[u8] {
        &self.bytes[slot.start..slot.start + slot.key_len as usize]
    }

    fn value(&self, slot: &Slot) -> &[u8] {
        let at = slot.start + slot.key_len as usize;
        &self.bytes[at..at + slot.value_len as usize]
    }

    /// Sorts by key, keeping the last record of each key (the sort is stable).
    fn sort(&mut self) {
        let bytes = &self.bytes;
        let key = |s: &Slot| &bytes[s.start..s.start + s.key_len as usize];
        self.slots
            .sort_by(|a, b| a.prefix.cmp(&b.prefix).then_with(|| key(a).cmp(key(b))));
        let mut kept: Vec<Slot> = Vec::with_capacity(self.slots.len());
        for slot in self.slots.drain(..) {
            match kept.last_mut() {
                Some(last) if last.prefix == slot.prefix && key(last) == key(&slot) => *last = slot,
                _ => kept.push(slot),
            }
        }
        self.slots = kept;
    }
}

/// The in-memory run, sorted, read front to back.
struct MemoryRun {
    arena: Arena,
    next: usize,
}

impl MemoryRun {
    fn read(&mut self) -> Option<(Vec<u8>, Vec<u8>)> {
        let slot = *self.arena.slots.get(self.next)?;
        self.next += 1;
        Some((
            self.arena.key(&slot).to_vec(),
            self.arena.value(&slot).to_vec(),
        ))
    }
}

impl Sorter {
    /// A sorter spilling runs into `dir` once `run_bytes` are held.
    pub fn new(dir: &Path, run_bytes: usize) -> Sorter {
        Sorter {
            dir: dir.to_path_buf(),
            run_bytes: run_bytes.max(1),
            buffer: Arena::default(),
            runs: Vec::new(),
            spilling: None,
        }
    }

    /// Adds one record.
    pub fn add(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.buffer.push(key, value)?;
        if self.buffer.held() >= self.run_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// Hands the full buffer to a thread that sorts it and writes it to a
    /// run file, after the previous run's thread has finished.
    fn spill(&mut self) -> Result<()> {
        self.wait_for_spill()?;
        let mut arena = std::mem::take(&mut self.buffer);
        let dir = self.dir.clone();
        self.spilling = Some(std::thread::spawn(move || {
            arena.sort();
            write_run(&dir, &arena)
        }));
        Ok(())
    }

    fn wait_for_spill(&mut self) -> Result<()> {
        if let Some(thread) = self.spilling.take() {
            let file = thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            self.runs.push(file);
        }
        Ok(())
    }

    /// Every record in key order, one per key (the last one given).
    pub fn finish(mut self) -> Result<Sorted> {
        self.buffer.sort();
        self.wait_for_spill()?;
        let memory = MemoryRun {
            arena: std::mem::take(&mut self.buffer),
            next: 0,
        };
        if self.runs.is_empty() {
            return Ok(Sorted(Inner::Memory(memory)));
        }
        // The last run stays in memory: it is the newest, merged last.
        let mut readers: Vec<RunReader> = self
            .runs
            .into_iter()
            .map(|f| RunReader::File(BufReader::with_capacity(1 << 20, f)))
            .collect();
        readers.push(RunReader::Memory(memory));
        let mut heap = BinaryHeap::new();
        for (i, reader) in readers.iter_mut().enumerate() {
            if let Some((key, value)) = reader.read()? {
                heap.push(Reverse(Head {
                    key,
                    run: Reverse(i),
                    value,
                }));
            }
        }
        Ok(Sorted(Inner::Merge { readers, heap }))
    }
}

/// Writes a sorted arena to an anonymous temporary file in `dir`, rewound.
fn write_run(dir: &Path, arena: &Arena) -> Result<File> {
    // The context is formatted only on an error (formatted for every
    // write, it cost 5% of `block put`).
    let context = || format!("write a sort run in {}", dir.display());
    let failed = |e: std::io::Error| StoreError::io(context())(e);
    let file = tempfile::tempfile_in(dir).map_err(failed)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    for slot in &arena.slots {
        for part in [arena.key(slot), arena.value(slot)] {
            out.write_all(&(part.len() as u32).to_le_bytes())
                .map_err(failed)?;
            out.write_all(part).map_err(failed)?;
        }
    }
    let mut file = out.into_inner().map_err(|e| failed(e.into_error()))?;
    file.rewind().map_err(failed)?;
    Ok(file)
}

/// A sorted run being merged: spilled to a file, or the last one, in memory.
enum RunReader {
    File(BufReader<File>),
    Memory(MemoryRun),
}

impl RunReader {
    fn read(&mut self) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        let input = match self {
            RunReader::Memory(run) => return Ok(run.read()),
            RunReader::File(input) => input,
        };
        let failed = |e: std::io::Error| StoreError::io("read a sort run".to_string())(e);
        // The end of the run is a clean end between records; a run that
        // stops inside one is an error, never a shorter answer.
        if input.fill_buf().map_err(failed)?.is_empty() {
            return Ok(None);
        }
        let mut len = [0u8; 4];
        input.read_exact(&mut len).map_err(failed)?;
        let mut key = vec![0u8; u32::from_le_bytes(len) as usize];
        input.read_exact(&mut key).map_err(failed)?;
        input.read_exact(&mut len).map_err(failed)?;
        let mut value = vec![0u8; u32::from_le_bytes(len) as usize];
        input.read_exact(&mut value).map_err(failed)?;
        Ok(Some((key, value)))
    }
}

/// A run's next record: smallest key first, and for one key the latest
/// run (`Reverse(run)`) first.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Head {
    key: Vec<u8>,
    run: Reverse<usize>,
    value: Vec<u8>,
}

/// The sorted records.
pub struct Sorted(Inner);

impl Sorted {
    /// The records of two sorts as one, in key order; for a key in both,
    /// the `newer` sort's record is kept.
    pub fn merge(older: Sorted, newer: Sorted) -> Sorted {
        Sorted(Inner::Two(Box::new(Two {
            older: older.peekable(),
            newer: newer.peekable(),
        })))
    }
}

/// Two sorts being merged.
struct Two {
    older: std::iter::Peekable<Sorted>,
    newer: std::iter::Peekable<Sorted>,
}

impl Two {
    fn next(&mut self) -> Option<Result<(Vec<u8>, Vec<u8>)>> {
        let order = match (self.older.peek(), self.newer.peek()) {
            (None, None) => return None,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            // An error is passed on at once.
            (Some(Err(_)), _) => std::cmp::Ordering::Less,
            (_, Some(Err(_))) => std::cmp::Ordering::Greater,
            (Some(Ok((a, _))), Some(Ok((b, _)))) => a.cmp(b),
        };
        match order {
            std::cmp::Ordering::Less => self.older.next(),
            std::cmp::Ordering::Greater => self.newer.next(),
            std::cmp::Ordering::Equal => {
                self.older.next();
                self.newer.next()
            }
        }
    }
}

enum Inner {
    /// Everything fitted in memory.
    Memory(MemoryRun),
    /// Two sorts merged.
    Two(Box<Two>),
    /// A merge of runs: one reader per run, the next record of each.
    Merge {
        readers: Vec<RunReader>,
        heap: BinaryHeap<Reverse<Head>>,
    },
}

impl Iterator for Sorted {
    type Item = Result<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Inner::Memory(run) => run.read().map(Ok),
            Inner::Two(two) => two.next(),
            Inner::Merge { readers, heap } => {
                let Reverse(head) = heap.pop()?;
                // Refill from the run it came from, then drop older
                // records of the same key (earlier runs).
                let refill = |readers: &mut Vec<RunReader>,
                              heap: &mut BinaryHeap<Reverse<Head>>,
                              run: usize|
                 -> Result<()> {
                    if let Some((key, value)) = readers[run].read()? {
                        heap.push(Reverse(Head {
                            key,
                            run: Reverse(run),
                            value,
                        }));
                    }
                    Ok(())
                };
                if let Err(e) = refill(readers, heap, head.run.0) {
                    return Some(Err(e));
                }
                while heap.peek().is_some_and(|Reverse(h)| h.key == head.key) {
                    let Reverse(older) = heap.pop().expect("peeked");
                    if let Err(e) = refill(readers, heap, older.run.0) {
                        return Some(Err(e));
                    }
                }
                Some(Ok((head.key, head.value)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(records: &[(Vec<u8>, Vec<u8>)], run_bytes: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
        let dir = tempfile::tempdir().unwrap();
        let mut sorter = Sorter::new(dir.path(), run_bytes);
        for (k, v) in records {
            sorter.add(k, v).unwrap();
        }
        sorter.finish().unwrap().map(|r| r.unwrap()).collect()
    }

    /// What writing the records in order leaves: the last value per key.
    fn expected(records: &[(Vec<u8>, Vec<u8>)]) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut map = std::collections::BTreeMap::new();
        for (k, v) in records {
            map.insert(k.clone(), v.clone());
        }
        map.into_iter().collect()
    }

    #[test]
    fn a_run_cut_inside_a_record_is_an_error_not_an_end() {
        let mut run = tempfile::tempfile().unwrap();
        run.write_all(&3u32.to_le_bytes()).unwrap();
        run.write_all(b"ab").unwrap();
        run.rewind().unwrap();
        let mut reader = RunReader::File(BufReader::new(run));
        assert!(reader.read().is_err());
        let mut run = tempfile::tempfile().unwrap();
        run.write_all(&[1, 0]).unwrap();
        run.rewind().unwrap();
        let mut reader = RunReader::File(BufReader::new(run));
        assert!(
            reader.read().is_err(),
            "a cut length prefix is an error too"
        );
    }

    proptest! {
        #[test]
        fn sorting_keeps_the_last_value_of_each_key(
            records in prop::collection::vec(
                (prop::collection::vec(0u8..4, 0..4), prop::collection::vec(any::<u8>(), 0..6)),
                0..200,
            ),
            run_bytes in 1usize..400,
        ) {
            prop_assert_eq!(sorted(&records, run_bytes), expected(&records));
            prop_assert_eq!(sorted(&records, usize::MAX), expected(&records));
        }
    }
}
