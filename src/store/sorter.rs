//! An external merge sort of key/value records, for loading a store in key
//! order: records are sorted in memory up to a bound, each full run is
//! written to an anonymous temporary file (removed by the system however the
//! process ends), and the runs are merged. A key given more than once keeps
//! its last value, as writing the records in input order would.
//!
//! LevelDB loads sorted keys far faster than random ones: the memtable's
//! inserts stay local and the tables it flushes do not overlap, so
//! compactions become moves.

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
    buffer: Vec<(Vec<u8>, Vec<u8>)>,
    bytes: usize,
    runs: Vec<File>,
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |e| StoreError::Io {
        context,
        message: e.to_string(),
    }
}

/// Sorts by key, keeping the last record of each key (the sort is stable).
fn sort_run(records: &mut Vec<(Vec<u8>, Vec<u8>)>) {
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let mut kept: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(records.len());
    for record in records.drain(..) {
        match kept.last_mut() {
            Some(last) if last.0 == record.0 => *last = record,
            _ => kept.push(record),
        }
    }
    *records = kept;
}

impl Sorter {
    /// A sorter spilling runs into `dir` once `run_bytes` are held.
    pub fn new(dir: &Path, run_bytes: usize) -> Sorter {
        Sorter {
            dir: dir.to_path_buf(),
            run_bytes: run_bytes.max(1),
            buffer: Vec::new(),
            bytes: 0,
            runs: Vec::new(),
        }
    }

    /// Adds one record.
    pub fn add(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<()> {
        self.bytes += key.len() + value.len() + 48;
        self.buffer.push((key, value));
        if self.bytes >= self.run_bytes {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<()> {
        sort_run(&mut self.buffer);
        let context = || format!("write a sort run in {}", self.dir.display());
        let file = tempfile::tempfile_in(&self.dir).map_err(io(context()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        for (key, value) in self.buffer.drain(..) {
            for part in [&key, &value] {
                let len = u32::try_from(part.len())
                    .map_err(|_| StoreError::bad_input("a record over 4 GiB cannot be sorted"))?;
                out.write_all(&len.to_le_bytes()).map_err(io(context()))?;
                out.write_all(part).map_err(io(context()))?;
            }
        }
        let mut file = out
            .into_inner()
            .map_err(|e| io(context())(e.into_error()))?;
        file.rewind().map_err(io(context()))?;
        self.runs.push(file);
        self.bytes = 0;
        Ok(())
    }

    /// Every record in key order, one per key (the last one given).
    pub fn finish(mut self) -> Result<Sorted> {
        if self.runs.is_empty() {
            sort_run(&mut self.buffer);
            return Ok(Sorted(Inner::Memory(
                std::mem::take(&mut self.buffer).into_iter(),
            )));
        }
        if !self.buffer.is_empty() {
            self.spill()?;
        }
        let mut readers: Vec<RunReader> = self
            .runs
            .into_iter()
            .map(|f| RunReader {
                input: BufReader::with_capacity(1 << 20, f),
            })
            .collect();
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

struct RunReader {
    input: BufReader<File>,
}

impl RunReader {
    fn read(&mut self) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        let context = || "read a sort run".to_string();
        // The end of the run is a clean end between records; a run that
        // stops inside one is an error, never a shorter answer.
        if self.input.fill_buf().map_err(io(context()))?.is_empty() {
            return Ok(None);
        }
        let mut len = [0u8; 4];
        self.input.read_exact(&mut len).map_err(io(context()))?;
        let mut key = vec![0u8; u32::from_le_bytes(len) as usize];
        self.input.read_exact(&mut key).map_err(io(context()))?;
        self.input.read_exact(&mut len).map_err(io(context()))?;
        let mut value = vec![0u8; u32::from_le_bytes(len) as usize];
        self.input.read_exact(&mut value).map_err(io(context()))?;
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

enum Inner {
    /// Everything fitted in memory.
    Memory(std::vec::IntoIter<(Vec<u8>, Vec<u8>)>),
    /// A merge of runs on disk: one reader per run, the next record of each.
    Merge {
        readers: Vec<RunReader>,
        heap: BinaryHeap<Reverse<Head>>,
    },
}

impl Iterator for Sorted {
    type Item = Result<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Inner::Memory(records) => records.next().map(Ok),
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
            sorter.add(k.clone(), v.clone()).unwrap();
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
        let mut reader = RunReader {
            input: BufReader::new(run),
        };
        assert!(reader.read().is_err());
        let mut run = tempfile::tempfile().unwrap();
        run.write_all(&[1, 0]).unwrap();
        run.rewind().unwrap();
        let mut reader = RunReader {
            input: BufReader::new(run),
        };
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
