//! `Version`: one consistent state of a store — its live tables per level
//! and the writes of its live logs — with point lookups and iterators.

use super::block::{RunCursor, SortedRun};
use super::error::{ReadError, ReadResult};
use super::format::{compare_internal, lookup_key, parse_internal_key, user_key, TYPE_VALUE};
use super::iter::{ChildSource, InternalIterator, MergingIter, TwoLevelIter};
use super::manifest::Manifest;
use super::table::{TableBlocks, TableReader};
use std::cell::{OnceCell, RefCell};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// An open table with its level and the key range the manifest gives it.
#[derive(Debug, Clone)]
pub struct LiveTable {
    /// The level.
    pub level: usize,
    /// The file number.
    pub number: u64,
    /// Smallest internal key.
    pub smallest: Vec<u8>,
    /// Largest internal key.
    pub largest: Vec<u8>,
    /// The table.
    pub table: Rc<LazyTable>,
}

impl LiveTable {
    /// Whether the manifest's key range of the table meets the user keys
    /// `[lower, upper)` (`upper` `None`: no end).
    pub fn overlaps(&self, lower: &[u8], upper: Option<&[u8]>) -> bool {
        user_key(&self.largest) >= lower && upper.is_none_or(|u| user_key(&self.smallest) < u)
    }
}

/// A live table whose file is open from the start (so a live owner's
/// compaction cannot take it away) and whose footer, index and filter are
/// read on first use: a point lookup reads only the tables whose key range
/// holds its key. A table that cannot be read is an error at every use.
#[derive(Debug)]
pub struct LazyTable {
    path: PathBuf,
    size: u64,
    file: RefCell<Option<File>>,
    reader: OnceCell<ReadResult<Rc<TableReader>>>,
}

impl LazyTable {
    /// The table in `file` (of `size` bytes), read when first used.
    pub fn new(path: PathBuf, file: File, size: u64) -> LazyTable {
        LazyTable {
            path,
            size,
            file: RefCell::new(Some(file)),
            reader: OnceCell::new(),
        }
    }

    /// The table with its index and filter read (on the first call).
    pub fn reader(&self) -> ReadResult<Rc<TableReader>> {
        self.reader
            .get_or_init(|| {
                let file = self.file.borrow_mut().take().expect("read once, here");
                TableReader::open(&self.path, file, self.size).map(Rc::new)
            })
            .clone()
    }

    /// The table's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The table's size in bytes, as the manifest gives it.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// A second descriptor of the same open file (so the same contents,
    /// even when a live owner has deleted the file since).
    fn duplicate_file(&self) -> ReadResult<File> {
        let dup = |file: &File| {
            file.try_clone()
                .map_err(|e| ReadError::io(&self.path, "duplicate the descriptor of", &e))
        };
        if let Some(file) = self.file.borrow().as_ref() {
            return dup(file);
        }
        dup(self.reader()?.file())
    }
}

/// A [`Version`]'s parts, to be rebuilt on another thread ([`Version`]
/// shares its tables through `Rc`): the same pinned files (descriptors
/// duplicated), the same log writes and the same sequence, so both versions
/// read exactly the same state.
pub struct VersionTwin {
    dir: PathBuf,
    manifest: Manifest,
    tables: Vec<TwinTable>,
    memtable: SortedRun,
    logs: Vec<PathBuf>,
    sequence: u64,
}

/// A [`LiveTable`] without its `Rc`.
struct TwinTable {
    level: usize,
    number: u64,
    smallest: Vec<u8>,
    largest: Vec<u8>,
    path: PathBuf,
    file: File,
    size: u64,
}

impl VersionTwin {
    /// The version, on this thread.
    pub fn into_version(self) -> Version {
        let tables = self
            .tables
            .into_iter()
            .map(|t| LiveTable {
                level: t.level,
                number: t.number,
                smallest: t.smallest,
                largest: t.largest,
                table: Rc::new(LazyTable::new(t.path, t.file, t.size)),
            })
            .collect();
        Version::new(
            self.dir,
            self.manifest,
            tables,
            self.memtable,
            self.logs,
            self.sequence,
        )
    }
}

/// The tables of one level above 0, walked as one sorted sequence.
#[derive(Clone)]
struct LevelFiles(Rc<Vec<LiveTable>>, Option<Rc<[u8]>>);

impl ChildSource for LevelFiles {
    type Child = TwoLevelIter<TableBlocks>;

    fn open_child(&self, index_value: &[u8]) -> ReadResult<Self::Child> {
        let i = u32::from_le_bytes(index_value.try_into().expect("4-byte file index")) as usize;
        Ok(self.0[i].table.reader()?.iter_below(self.1.clone()))
    }
}

/// The index of (some of) a level's tables, for seeks: each table's
/// largest key → its position in the level.
fn level_index<'a>(files: impl Iterator<Item = (usize, &'a LiveTable)>) -> SortedRun {
    let mut keys = Vec::new();
    let mut values = Vec::new();
    let mut spans = Vec::new();
    for (i, f) in files {
        let ks = keys.len();
        keys.extend_from_slice(&f.largest);
        let vs = values.len();
        values.extend_from_slice(&(i as u32).to_le_bytes());
        spans.push([ks, keys.len(), vs, values.len()]);
    }
    SortedRun::from_unsorted(keys, values, spans)
}

/// An entry found, with where: (place, internal key, value).
type Found<'a> = (Place<'a>, Vec<u8>, Vec<u8>);

/// Where an entry was found.
enum Place<'a> {
    /// In the live logs (the memtable).
    Log,
    /// In a table of a level.
    Table(usize, &'a Path),
}

/// A consistent state of a store, read without the engine.
pub struct Version {
    dir: PathBuf,
    manifest: Manifest,
    /// Level 0 newest first, then each level by key.
    levels: Vec<Rc<Vec<LiveTable>>>,
    /// Per level above 0: largest key → position in the level, for seeks.
    level_index: Vec<Rc<SortedRun>>,
    memtable: Rc<SortedRun>,
    logs: Vec<PathBuf>,
    sequence: u64,
}

impl Version {
    /// Assembles a version from its parts (see `view::open_version`).
    pub fn new(
        dir: PathBuf,
        manifest: Manifest,
        tables: Vec<LiveTable>,
        memtable: SortedRun,
        logs: Vec<PathBuf>,
        sequence: u64,
    ) -> Version {
        let mut levels: Vec<Vec<LiveTable>> = vec![Vec::new(); manifest.levels.len().max(1)];
        for t in tables {
            levels[t.level].push(t);
        }
        levels[0].sort_by_key(|t| std::cmp::Reverse(t.number));
        for level in levels.iter_mut().skip(1) {
            level.sort_by(|a, b| compare_internal(&a.smallest, &b.smallest));
        }
        let level_index = levels
            .iter()
            .map(|files| Rc::new(level_index(files.iter().enumerate())))
            .collect();
        Version {
            dir,
            manifest,
            levels: levels.into_iter().map(Rc::new).collect(),
            level_index,
            memtable: Rc::new(memtable),
            logs,
            sequence,
        }
    }

    /// This version's parts, to open the same state on another thread.
    pub fn twin(&self) -> ReadResult<VersionTwin> {
        let tables = self
            .tables()
            .map(|t| {
                Ok(TwinTable {
                    level: t.level,
                    number: t.number,
                    smallest: t.smallest.clone(),
                    largest: t.largest.clone(),
                    path: t.table.path.clone(),
                    file: t.table.duplicate_file()?,
                    size: t.table.size,
                })
            })
            .collect::<ReadResult<_>>()?;
        Ok(VersionTwin {
            dir: self.dir.clone(),
            manifest: self.manifest.clone(),
            tables,
            memtable: (*self.memtable).clone(),
            logs: self.logs.clone(),
            sequence: self.sequence,
        })
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The manifest this version was built from.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The live logs read.
    pub fn logs(&self) -> &[PathBuf] {
        &self.logs
    }

    /// Every live table, level by level.
    pub fn tables(&self) -> impl Iterator<Item = &LiveTable> {
        self.levels.iter().flat_map(|l| l.iter())
    }

    /// The sequence number reads see (every write in the view).
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The operations of the live logs, keyed by internal key.
    pub fn memtable(&self) -> &SortedRun {
        &self.memtable
    }

    /// Entries in the live logs.
    pub fn log_entries(&self) -> usize {
        self.memtable.len()
    }

    /// The newest version of `key` visible in this version: `Some(value)`,
    /// or `None` when it was never written or its newest version is a deletion.
    pub fn get(&self, key: &[u8]) -> ReadResult<Option<Vec<u8>>> {
        let Some((place, ikey, value)) = self.newest_entry(key)? else {
            return Ok(None);
        };
        let file = match place {
            Place::Log => self.logs.last().map_or(self.dir.as_path(), |p| p.as_path()),
            Place::Table(_, path) => path,
        };
        let parsed = parse_internal_key(&ikey)
            .ok_or_else(|| ReadError::corrupt(file, None, "undecodable internal key"))?;
        Ok((parsed.kind == TYPE_VALUE).then_some(value))
    }

    /// The shallowest level holding a version of `key` (a value or a
    /// deletion): `Some(None)` when the live logs do, `None` when nothing
    /// does. A write placed in a level above it is read first.
    pub fn newest_level(&self, key: &[u8]) -> ReadResult<Option<Option<usize>>> {
        Ok(self.newest_entry(key)?.map(|(place, _, _)| match place {
            Place::Log => None,
            Place::Table(level, _) => Some(level),
        }))
    }

    /// The newest entry of `key` visible in this version (internal key and
    /// value), and where it is: the logs first, then level 0 newest file
    /// first, then each level's one table whose range holds the key.
    fn newest_entry(&self, key: &[u8]) -> ReadResult<Option<Found<'_>>> {
        let lookup = lookup_key(key, self.sequence);
        let mut mem = RunCursor::new(self.memtable.clone());
        mem.seek(&lookup);
        if mem.valid() && user_key(mem.key()) == key {
            return Ok(Some((Place::Log, mem.key().to_vec(), mem.value().to_vec())));
        }
        for t in self.levels[0].iter() {
            if key < user_key(&t.smallest) || key > user_key(&t.largest) {
                continue;
            }
            if let Some((ikey, value)) = t.table.reader()?.get(&lookup)? {
                return Ok(Some((Place::Table(0, t.table.path()), ikey, value)));
            }
        }
        for (level, files) in self.levels.iter().enumerate().skip(1) {
            let index = &self.level_index[level];
            let at = index.seek(&lookup);
            if at >= index.len() {
                continue;
            }
            let t = &files[at];
            if key < user_key(&t.smallest) {
                continue;
            }
            if let Some((ikey, value)) = t.table.reader()?.get(&lookup)? {
                return Ok(Some((Place::Table(level, t.table.path()), ikey, value)));
            }
        }
        Ok(None)
    }

    /// An iterator over every entry (all versions) of this version, in
    /// internal-key order (level-0 tables are read now, the others when the
    /// iterator reaches them), over the tables whose key range (as the
    /// manifest records it) meets the user keys `[lower, upper)`: a table
    /// outside the range is never read, however the iterator moves. (A
    /// snapshot of a whole store is one value of hundreds of megabytes in a
    /// table of its own; a scan next to it must not read it.) Entries
    /// outside the range may still be returned: the caller bounds them.
    pub fn internal_iter_within(
        &self,
        lower: &[u8],
        upper: Option<&[u8]>,
    ) -> ReadResult<MergingIter> {
        // Large blocks are decompressed only up to the bound.
        let bound: Option<Rc<[u8]>> = upper.map(Rc::from);
        let mut children: Vec<Box<dyn InternalIterator>> = Vec::new();
        children.push(Box::new(RunCursor::new(self.memtable.clone())));
        for t in self.levels[0].iter().filter(|t| t.overlaps(lower, upper)) {
            children.push(Box::new(t.table.reader()?.iter_below(bound.clone())));
        }
        for (level, files) in self.levels.iter().enumerate().skip(1) {
            let within = files
                .iter()
                .enumerate()
                .filter(|(_, t)| t.overlaps(lower, upper));
            let index = if within.clone().count() == files.len() {
                self.level_index[level].clone()
            } else {
                Rc::new(level_index(within))
            };
            if index.is_empty() {
                continue;
            }
            children.push(Box::new(TwoLevelIter::new(
                RunCursor::new(index),
                LevelFiles(files.clone(), bound.clone()),
            )));
        }
        Ok(MergingIter::new(children))
    }
}
