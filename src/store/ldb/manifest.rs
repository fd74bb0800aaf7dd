//! `Manifest`: `CURRENT` and the version edits of the `MANIFEST-*` file it
//! names, replayed to the live version: which tables are in which level
//! with their key ranges, and which logs still hold unflushed writes.

use super::error::{ReadError, ReadResult};
use super::format::{compare_internal, length_prefixed, user_key, varint};
use super::log::read_records;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Number of levels.
pub const NUM_LEVELS: usize = 7;
/// The only comparator storectl can read with.
pub const BYTEWISE_COMPARATOR: &str = "leveldb.BytewiseComparator";

/// A live table as the manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMetaData {
    /// File number (`NNNNNN.ldb`).
    pub number: u64,
    /// File size in bytes.
    pub size: u64,
    /// Smallest internal key in the table.
    pub smallest: Vec<u8>,
    /// Largest internal key in the table.
    pub largest: Vec<u8>,
}

/// The live version described by a manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The manifest's file name, as `CURRENT` names it.
    pub name: String,
    /// The comparator recorded in the manifest.
    pub comparator: Option<String>,
    /// Logs numbered at or above this hold writes not yet in tables.
    pub log_number: u64,
    /// An older log still to be recovered (0 when none).
    pub prev_log_number: u64,
    /// The next file number the engine will use.
    pub next_file_number: u64,
    /// The sequence number of the last write in tables.
    pub last_sequence: u64,
    /// Live tables per level: level 0 by file number, others by smallest key.
    pub levels: Vec<Vec<FileMetaData>>,
    /// Version edits replayed.
    pub edits: u64,
    /// The latest compaction pointer of each level: (level, internal key).
    pub compact_pointers: Vec<(u64, Vec<u8>)>,
    /// Bytes of the manifest read.
    pub bytes: u64,
}

/// Reads `CURRENT`: the name of the live manifest. Like C++ LevelDB, a
/// `CURRENT` that is empty or does not end in a newline is damage.
pub fn read_current(dir: &Path) -> ReadResult<String> {
    let path = dir.join("CURRENT");
    let bytes = std::fs::read(&path).map_err(|e| ReadError::io(&path, "read", &e))?;
    let text = std::str::from_utf8(&bytes).unwrap_or("");
    let name = text.strip_suffix('\n').unwrap_or("");
    if name.is_empty() || bytes.last() != Some(&b'\n') {
        return Err(ReadError::corrupt(
            &path,
            None,
            "CURRENT is empty or does not end with a newline",
        ));
    }
    if !name.starts_with("MANIFEST-") || name.contains('/') || name.contains('\n') {
        return Err(ReadError::corrupt(
            &path,
            None,
            format!("CURRENT names {name:?}, not a manifest"),
        ));
    }
    Ok(name.to_string())
}

/// One version edit, decoded whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionEdit {
    /// Offset of its record in the manifest.
    pub offset: u64,
    /// The comparator name, when the edit sets it.
    pub comparator: Option<String>,
    /// The log number, when set.
    pub log_number: Option<u64>,
    /// The previous log number, when set.
    pub prev_log_number: Option<u64>,
    /// The next file number, when set.
    pub next_file_number: Option<u64>,
    /// The last sequence number, when set.
    pub last_sequence: Option<u64>,
    /// Compaction pointers: (level, internal key).
    pub compact_pointers: Vec<(u64, Vec<u8>)>,
    /// Tables removed: (level, file number).
    pub deleted: Vec<(u64, u64)>,
    /// Tables added: (level, file).
    pub added: Vec<(u64, FileMetaData)>,
}

impl VersionEdit {
    /// Encodes the edit as C++ LevelDB's `VersionEdit::EncodeTo` does (the
    /// record [`decode_edits`] reads back).
    pub fn encode(&self) -> Vec<u8> {
        use super::table_builder::{put_length_prefixed, put_varint};
        let mut out = Vec::new();
        if let Some(name) = &self.comparator {
            put_varint(&mut out, 1);
            put_length_prefixed(&mut out, name.as_bytes());
        }
        let numbers = [
            (2, self.log_number),
            (9, self.prev_log_number),
            (3, self.next_file_number),
            (4, self.last_sequence),
        ];
        for (tag, value) in numbers {
            if let Some(v) = value {
                put_varint(&mut out, tag);
                put_varint(&mut out, v);
            }
        }
        for (level, key) in &self.compact_pointers {
            put_varint(&mut out, 5);
            put_varint(&mut out, *level);
            put_length_prefixed(&mut out, key);
        }
        for (level, number) in &self.deleted {
            put_varint(&mut out, 6);
            put_varint(&mut out, *level);
            put_varint(&mut out, *number);
        }
        for (level, f) in &self.added {
            put_varint(&mut out, 7);
            put_varint(&mut out, *level);
            put_varint(&mut out, f.number);
            put_varint(&mut out, f.size);
            put_length_prefixed(&mut out, &f.smallest);
            put_length_prefixed(&mut out, &f.largest);
        }
        out
    }
}

/// Decodes one edit record; `None` when it does not decode.
fn decode_edit(offset: u64, record: &[u8]) -> Option<VersionEdit> {
    let mut edit = VersionEdit {
        offset,
        ..VersionEdit::default()
    };
    let mut p = 0;
    while p < record.len() {
        match varint(record, &mut p)? {
            1 => {
                let name = length_prefixed(record, &mut p)?;
                edit.comparator = Some(String::from_utf8_lossy(name).into_owned());
            }
            2 => edit.log_number = Some(varint(record, &mut p)?),
            3 => edit.next_file_number = Some(varint(record, &mut p)?),
            4 => edit.last_sequence = Some(varint(record, &mut p)?),
            5 => {
                let l = level(record, &mut p)?;
                edit.compact_pointers
                    .push((l, length_prefixed(record, &mut p)?.to_vec()));
            }
            6 => {
                let l = level(record, &mut p)?;
                edit.deleted.push((l, varint(record, &mut p)?));
            }
            7 => {
                let l = level(record, &mut p)?;
                let number = varint(record, &mut p)?;
                let size = varint(record, &mut p)?;
                let smallest = length_prefixed(record, &mut p)?.to_vec();
                let largest = length_prefixed(record, &mut p)?.to_vec();
                if smallest.len() < 8 || largest.len() < 8 {
                    return None;
                }
                edit.added.push((
                    l,
                    FileMetaData {
                        number,
                        size,
                        smallest,
                        largest,
                    },
                ));
            }
            9 => edit.prev_log_number = Some(varint(record, &mut p)?),
            _ => return None,
        }
    }
    Some(edit)
}

/// Every version edit of a manifest (the contents of `path`), in order.
pub fn decode_edits(path: &Path, data: &[u8]) -> ReadResult<Vec<VersionEdit>> {
    let mut edits = Vec::new();
    read_records(path, data, |offset, record| {
        edits.push(
            decode_edit(offset, record).ok_or_else(|| {
                ReadError::corrupt(path, Some(offset), "undecodable version edit")
            })?,
        );
        Ok(())
    })?;
    Ok(edits)
}

impl Manifest {
    /// Replays the version edits in `data`, the contents of `path`.
    pub fn replay(path: &Path, data: &[u8]) -> ReadResult<Manifest> {
        let mut manifest = Manifest {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: data.len() as u64,
            ..Manifest::default()
        };
        let mut files: Vec<BTreeMap<u64, FileMetaData>> = vec![BTreeMap::new(); NUM_LEVELS];
        let mut pointers: BTreeMap<u64, Vec<u8>> = BTreeMap::new();
        for edit in decode_edits(path, data)? {
            if let Some(c) = edit.comparator {
                manifest.comparator = Some(c);
            }
            manifest.log_number = edit.log_number.unwrap_or(manifest.log_number);
            manifest.prev_log_number = edit.prev_log_number.unwrap_or(manifest.prev_log_number);
            manifest.next_file_number = edit.next_file_number.unwrap_or(manifest.next_file_number);
            manifest.last_sequence = edit.last_sequence.unwrap_or(manifest.last_sequence);
            pointers.extend(edit.compact_pointers);
            for (level, number) in edit.deleted {
                files[level as usize].remove(&number);
            }
            for (level, file) in edit.added {
                files[level as usize].insert(file.number, file);
            }
            manifest.edits += 1;
        }
        manifest.compact_pointers = pointers.into_iter().collect();
        if let Some(name) = manifest
            .comparator
            .as_deref()
            .filter(|c| *c != BYTEWISE_COMPARATOR)
        {
            return Err(ReadError::corrupt(
                path,
                None,
                format!(
                    "the store uses comparator {name:?}; storectl reads only {BYTEWISE_COMPARATOR}"
                ),
            ));
        }
        if manifest.edits == 0 {
            return Err(ReadError::corrupt(
                path,
                None,
                "the manifest holds no version edit",
            ));
        }
        manifest.levels = files
            .into_iter()
            .map(|level| level.into_values().collect())
            .collect();
        for level in manifest.levels.iter_mut().skip(1) {
            level.sort_by(|a, b| compare_internal(&a.smallest, &b.smallest));
        }
        manifest.check_levels(path)?;
        Ok(manifest)
    }

    /// Levels above 0 must hold tables with disjoint, ordered key ranges;
    /// a manifest that says otherwise cannot be read correctly.
    fn check_levels(&self, path: &Path) -> ReadResult<()> {
        for (level, files) in self.levels.iter().enumerate().skip(1) {
            for pair in files.windows(2) {
                if user_key(&pair[0].largest) >= user_key(&pair[1].smallest) {
                    return Err(ReadError::corrupt(
                        path,
                        None,
                        format!(
                            "level {level} tables {} and {} overlap",
                            pair[0].number, pair[1].number
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every live table with its level.
    pub fn tables(&self) -> impl Iterator<Item = (usize, &FileMetaData)> {
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(level, files)| files.iter().map(move |f| (level, f)))
    }

    /// Whether a log file with this number holds writes of this version.
    pub fn is_live_log(&self, number: u64) -> bool {
        number >= self.log_number || (number != 0 && number == self.prev_log_number)
    }

    /// Whether the engine would start a compaction when it opens the store:
    /// four or more level-0 tables, or a level above its size limit
    /// (10 MiB for level 1, ten times more per level), as both engines decide.
    pub fn needs_compaction(&self) -> bool {
        if self.levels.first().is_some_and(|l0| l0.len() >= 4) {
            return true;
        }
        self.levels
            .iter()
            .enumerate()
            .take(NUM_LEVELS - 1)
            .skip(1)
            .any(|(level, files)| {
                files.iter().map(|f| f.size).sum::<u64>() >= level_size_limit(level)
            })
    }
}

/// The size from which both engines score a level above 0 (and below the
/// last, which has no limit) for compaction: 10 MiB × 10^(level−1).
pub fn level_size_limit(level: usize) -> u64 {
    (10u64 << 20).saturating_mul(10u64.saturating_pow(level.saturating_sub(1) as u32))
}

fn level(record: &[u8], p: &mut usize) -> Option<u64> {
    varint(record, p).filter(|l| (*l as usize) < NUM_LEVELS)
}

/// The path of table `number` in `dir`: `NNNNNN.ldb`, or the older
/// `NNNNNN.sst` when only that exists.
pub fn table_path(dir: &Path, number: u64) -> PathBuf {
    let ldb = dir.join(format!("{number:06}.ldb"));
    if ldb.exists() {
        return ldb;
    }
    let sst = dir.join(format!("{number:06}.sst"));
    if sst.exists() {
        sst
    } else {
        ldb
    }
}

/// The `NNNNNN.log` files of a store directory, by number.
pub fn log_files(dir: &Path) -> ReadResult<Vec<(u64, PathBuf)>> {
    let mut logs: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| ReadError::io(dir, "list", &e))?
        .flatten()
        .filter_map(|e| {
            Some((
                file_number(&e.file_name().to_string_lossy(), &["log"])?,
                e.path(),
            ))
        })
        .collect();
    logs.sort();
    Ok(logs)
}

/// The number of a `NNNNNN.ext` file name with one of `exts`.
pub fn file_number(name: &str, exts: &[&str]) -> Option<u64> {
    let (stem, ext) = name.split_once('.')?;
    if !exts.contains(&ext) || stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(level: usize, n: u64, size: u64) -> (usize, FileMetaData) {
        let k = crate::store::ldb::format::lookup_key(format!("{n:04}").as_bytes(), 1);
        (
            level,
            FileMetaData {
                number: n,
                size,
                smallest: k.clone(),
                largest: k,
            },
        )
    }

    fn with(files: &[(usize, FileMetaData)]) -> Manifest {
        let mut m = Manifest {
            levels: vec![Vec::new(); NUM_LEVELS],
            ..Manifest::default()
        };
        for (l, f) in files {
            m.levels[*l].push(f.clone());
        }
        m
    }

    #[test]
    fn compaction_need_follows_the_engine_rules() {
        assert!(!with(&[meta(0, 1, 1), meta(0, 2, 1), meta(0, 3, 1)]).needs_compaction());
        assert!(
            with(&[meta(0, 1, 1), meta(0, 2, 1), meta(0, 3, 1), meta(0, 4, 1)]).needs_compaction()
        );
        assert!(!with(&[meta(1, 1, 9 << 20)]).needs_compaction());
        assert!(with(&[meta(1, 1, 6 << 20), meta(1, 2, 5 << 20)]).needs_compaction());
        assert!(!with(&[meta(2, 1, 90 << 20)]).needs_compaction());
        assert!(with(&[meta(2, 1, 101 << 20)]).needs_compaction());
        assert!(!with(&[meta(6, 1, 1 << 40)]).needs_compaction());
    }

    #[test]
    fn file_names() {
        assert_eq!(file_number("000012.ldb", &["ldb", "sst"]), Some(12));
        assert_eq!(file_number("12.log", &["log"]), Some(12));
        assert_eq!(file_number("x12.log", &["log"]), None);
        assert_eq!(file_number("000012.ldb.part", &["ldb"]), None);
    }

    #[test]
    fn current_must_end_with_a_newline() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            &b""[..],
            b"MANIFEST-000001",
            b"garbage\n",
            b"MANIFEST-1/../x\n",
        ] {
            std::fs::write(dir.path().join("CURRENT"), bad).unwrap();
            assert!(read_current(dir.path()).is_err(), "{bad:?}");
        }
        std::fs::write(dir.path().join("CURRENT"), b"MANIFEST-000007\n").unwrap();
        assert_eq!(read_current(dir.path()).unwrap(), "MANIFEST-000007");
    }
}
