//! A backup's description of the store it copies (keys per category,
//! latest height, ...), tallied from the checkpoint's live entries as its
//! files are read. A table whose key range no other live file's range
//! (nor the logs' writes) overlaps holds the newest version of every key
//! in that range, so it is described from its own entries as its bytes
//! stream past the hash ([`TableStream`]); the key ranges between those
//! tables are read through the checkpoint's merged view. Each table is
//! then read once, for its hash, its copy and its description.

use crate::error::Result;
use crate::store::ldb::format::user_key;
use crate::store::ldb::{open_version, TableReader};
use crate::store::overlap::{alone, KeyRange};
use crate::store::table_stream::TableStream;
use crate::store::Store;
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
    /// Tables described from their own entries: file name → the
    /// manifest's range for it (internal keys, least and greatest).
    alone: BTreeMap<String, (Vec<u8>, Vec<u8>)>,
    /// Full-key ranges `[lo, hi)` (`None`: to the end) read through the
    /// merged view: every key outside the tables above.
    gaps: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// The sequence number of the state described.
    sequence: u64,
}

impl TallyPlan {
    /// The plan for the store (a checkpoint, not written to) in `dir`.
    pub(super) fn of(dir: &Path) -> Result<TallyPlan> {
        let version = open_version(dir)?;
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
        let mut described: Vec<&KeyRange> = Vec::new();
        let mut plan = TallyPlan {
            alone: BTreeMap::new(),
            gaps: Vec::new(),
            sequence: version.sequence(),
        };
        for (i, t) in tables.iter().enumerate() {
            let name = t.table.path().file_name().map(|n| n.to_string_lossy());
            if let (true, Some(name), Some(range)) = (alone_at[i], name, &ranges[i]) {
                plan.alone
                    .insert(name.into_owned(), (t.smallest.clone(), t.largest.clone()));
                described.push(range);
            }
        }
        described.sort();
        let mut lo: Vec<u8> = Vec::new();
        for (first, last) in described {
            if lo < *first {
                plan.gaps.push((lo, Some(first.clone())));
            }
            // The least key after `last`.
            lo = last.clone();
            lo.push(0);
        }
        plan.gaps.push((lo, None));
        Ok(plan)
    }

    /// Tallies every key outside the tables described from their own
    /// entries, through the merged view of the store in `dir`.
    pub(super) fn tally_gaps<T: Tally>(&self, dir: &Path, tally: &mut T) -> Result<()> {
        let mut store = Store::open_read(dir)?;
        for (lo, hi) in &self.gaps {
            store
                .iter(lo.clone(), hi.clone(), false)?
                .visit(|key, value| {
                    tally.entry(key, value);
                    Ok::<bool, crate::StoreError>(true)
                })?;
        }
        Ok(())
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
        let Some((smallest, largest)) = self.alone.get(name) else {
            return Ok((read(&mut |_| Ok(()))?, None));
        };
        let file =
            File::open(path).map_err(crate::StoreError::io(format!("read {}", path.display())))?;
        let size = file
            .metadata()
            .map_err(crate::StoreError::io(format!("read {}", path.display())))?
            .len();
        let reader = TableReader::open(path, file, size)?;
        let mut stream = TableStream::new(&reader, self.sequence)?;
        let mut part = tally();
        let read =
            read(&mut |chunk| Ok(stream.feed(chunk, &mut |key, value| part.entry(key, value))?))?;
        stream.finish(smallest, largest)?;
        Ok((read, Some(part)))
    }
}
