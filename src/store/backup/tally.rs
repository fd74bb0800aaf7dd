//! A backup's description of the store it copies (keys per category,
//! latest height, ...), tallied from the checkpoint's live entries as its
//! files are read. A table whose key range no other live file's range
//! (nor the logs' writes) overlaps holds the newest version of every key
//! in that range, so it is described from its own entries as its bytes
//! stream past the hash ([`TableStream`]); the key ranges between those
//! tables are read through the checkpoint's merged view. Each table is
//! then read once, for its hash, its copy and its description.

use crate::error::Result;
use crate::store::integrity::manifest_size;
use crate::store::ldb::format::user_key;
use crate::store::ldb::manifest::FileMetaData;
use crate::store::ldb::TableReader;
use crate::store::open::StoreTwin;
use crate::store::overlap::{alone, KeyRange};
use crate::store::table_stream::TableStream;
use crate::store::{ranges, Namespace, ScanRange, StorageService, Store};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

/// Tallies a store's live entries (full keys, newest version, no
/// deletions), each once; parts tallied apart are added up, so the order
/// of entries between parts is not kept.
pub trait Tally: Send + Sized {
    /// One live entry.
    fn entry(&mut self, key: &[u8], value: &[u8]);
    /// Adds a part tallied apart.
    fn add(&mut self, other: Self);
}

/// How a checkpoint's entries are tallied.
pub(super) struct TallyPlan {
    /// Tables described from their own entries: file name → what the
    /// manifest says of it.
    alone: BTreeMap<String, FileMetaData>,
    /// Full-key ranges `[lo, hi)` read through the merged view, in key
    /// order: every key outside the tables above.
    gaps: Vec<(Vec<u8>, Vec<u8>)>,
    /// The sequence number of the state described.
    sequence: u64,
}

impl TallyPlan {
    /// The plan for the store in `dir` (a checkpoint, not written to),
    /// and its state to read the rest from ([`Self::tally_gaps`]).
    pub(super) fn of(dir: &Path) -> Result<(TallyPlan, StoreTwin)> {
        let mut store = Store::open_read(dir)?;
        let version = store.version()?;
        let tables: Vec<_> = version.tables().collect();
        let mut ranges: Vec<Option<KeyRange>> = tables
            .iter()
            .map(|t| {
                Some((
                    user_key(&t.smallest).to_vec(),
                    user_key(&t.largest).to_vec(),
                ))
            })
            .collect();
        let logged = version.memtable();
        if !logged.is_empty() {
            ranges.push(Some((
                user_key(logged.key(0)).to_vec(),
                user_key(logged.key(logged.len() - 1)).to_vec(),
            )));
        }
        let alone_at = alone(&ranges.iter().map(Option::as_ref).collect::<Vec<_>>());
        let mut plan = TallyPlan {
            alone: BTreeMap::new(),
            gaps: Vec::new(),
            sequence: version.sequence(),
        };
        for (i, t) in tables.iter().enumerate() {
            let name = t.table.path().file_name().map(|n| n.to_string_lossy());
            if let (true, Some(name)) = (alone_at[i], name) {
                let meta = FileMetaData {
                    number: t.number,
                    size: t.table.size(),
                    smallest: t.smallest.clone(),
                    largest: t.largest.clone(),
                };
                plan.alone.insert(name.into_owned(), meta);
            }
        }
        // Every other key lies in the range of a file that is not alone
        // (no file, no key): those ranges, merged, are read.
        let mut others: Vec<&KeyRange> = (0..ranges.len())
            .filter(|&i| !alone_at[i])
            .filter_map(|i| ranges[i].as_ref())
            .collect();
        others.sort();
        for (first, last) in others {
            // The least key after `last`: the end of a range holding it.
            let mut end = last.clone();
            end.push(0);
            match plan.gaps.last_mut() {
                Some((_, reach)) if first < reach => *reach = end.max(reach.clone()),
                _ => plan.gaps.push((first.clone(), end)),
            }
        }
        Ok((plan, store.twin()?))
    }

    /// How many tables are described from their own entries.
    pub(super) fn tables_alone(&self) -> usize {
        self.alone.len()
    }

    /// Tallies every key outside the tables described from their own
    /// entries, through the merged view of the store's `state`: the ranges
    /// cut at table boundaries and read on two threads.
    pub(super) fn tally_gaps<T: Tally>(
        &self,
        state: StoreTwin,
        tally: &(dyn Fn() -> T + Sync),
    ) -> Result<T> {
        let mut storage = StorageService::new(state.open(), Namespace::Raw);
        let cuts = storage.split_keys(ranges::RANGE_BYTES)?;
        let mut parts: Vec<ScanRange> = Vec::new();
        for (lo, hi) in &self.gaps {
            // Cut where a range of about RANGE_BYTES of tables ends.
            let from = cuts.partition_point(|c| c <= lo);
            let to = cuts.partition_point(|c| c < hi).max(from);
            let bounds: Vec<&Vec<u8>> = std::iter::once(lo)
                .chain(&cuts[from..to])
                .chain(std::iter::once(hi))
                .collect();
            parts.extend(bounds.windows(2).map(|w| ScanRange {
                start: Some(w[0].clone()),
                end: Some(w[1].clone()),
                ..ScanRange::default()
            }));
        }
        let mut total = tally();
        ranges::fold(
            &mut storage,
            &parts,
            tally,
            |part, key, value| part.entry(key, value),
            |part| total.add(part),
        )?;
        Ok(total)
    }

    /// Runs `read` on the file `name` at `path`, which hands each chunk of
    /// the file it reads, in order, to the function it is given; for a
    /// table described from its own entries, the chunks are decoded into
    /// `tally`'s part, returned with `read`'s result.
    pub(super) fn read_tallying<T: Tally, R>(
        &self,
        name: &str,
        path: &Path,
        tally: &dyn Fn() -> T,
        read: impl FnOnce(&mut dyn FnMut(&[u8]) -> Result<()>) -> Result<R>,
    ) -> Result<(R, Option<T>)> {
        let Some(meta) = self.alone.get(name) else {
            return Ok((read(&mut |_| Ok(()))?, None));
        };
        let file =
            File::open(path).map_err(crate::StoreError::io(format!("read {}", path.display())))?;
        let size = file
            .metadata()
            .map_err(crate::StoreError::io(format!("read {}", path.display())))?
            .len();
        manifest_size(path, size, meta)?;
        let reader = TableReader::open(path, file, size)?;
        let mut stream = TableStream::new(&reader, self.sequence)?;
        let mut part = tally();
        let read =
            read(&mut |chunk| Ok(stream.feed(chunk, &mut |key, value| part.entry(key, value))?))?;
        stream.finish(&meta.smallest, &meta.largest)?;
        Ok((read, Some(part)))
    }
}
