//! A backup's description of the store it copies (keys per category,
//! latest height, ...), tallied from the checkpoint's live entries as its
//! files are read. A table whose key range no other live file's range
//! (nor the logs' writes) overlaps holds the newest version of every key
//! in that range, so it is described from its own entries as its bytes
//! stream past the hash ([`TableStream`]); the key ranges of the other
//! files are read through the checkpoint's merged view (the plan is
//! `store::walk`'s, which verify reads by). Each table is then read once,
//! for its hash, its copy and its description.

use crate::error::Result;
use crate::store::integrity::manifest_size;
use crate::store::ldb::manifest::FileMetaData;
use crate::store::ldb::TableReader;
use crate::store::open::StoreTwin;
use crate::store::table_stream::TableStream;
use crate::store::walk::{self, WalkUnit};
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
    /// Full-key ranges read through the merged view, in key order: every
    /// key outside the tables above.
    gaps: Vec<ScanRange>,
    /// The sequence number of the state described.
    sequence: u64,
}

impl TallyPlan {
    /// The plan for the store in `dir` (a checkpoint, not written to),
    /// and its state to read the rest from ([`Self::tally_gaps`]): the
    /// tables and ranges of [`walk::plan`] over every key.
    pub(super) fn of(dir: &Path) -> Result<(TallyPlan, StoreTwin)> {
        let mut storage = StorageService::new(Store::open_read(dir)?, Namespace::Raw);
        let units = walk::plan(&mut storage, ranges::RANGE_BYTES)?;
        let version = storage.store_mut().version()?;
        let mut plan = TallyPlan {
            alone: BTreeMap::new(),
            gaps: Vec::new(),
            sequence: version.sequence(),
        };
        for unit in units {
            match unit {
                WalkUnit::Range(range) => plan.gaps.push(range),
                WalkUnit::Table(number) => {
                    let t = version
                        .tables()
                        .find(|t| t.number == number)
                        .expect("the plan's tables are live");
                    let name = t.table.path().file_name().unwrap_or_default();
                    let meta = FileMetaData {
                        number,
                        size: t.table.size(),
                        smallest: t.smallest.clone(),
                        largest: t.largest.clone(),
                    };
                    plan.alone.insert(name.to_string_lossy().into_owned(), meta);
                }
            }
        }
        Ok((plan, storage.store_mut().twin()?))
    }

    /// How many tables are described from their own entries.
    pub(super) fn tables_alone(&self) -> usize {
        self.alone.len()
    }

    /// Tallies every key outside the tables described from their own
    /// entries, through the merged view of the store's `state`: the ranges
    /// read on two threads.
    pub(super) fn tally_gaps<T: Tally>(
        &self,
        state: StoreTwin,
        tally: &(dyn Fn() -> T + Sync),
    ) -> Result<T> {
        let mut storage = StorageService::new(state.open(), Namespace::Raw);
        let mut total = tally();
        ranges::fold(
            &mut storage,
            &self.gaps,
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
