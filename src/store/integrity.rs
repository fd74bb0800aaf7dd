//! Checksum verification of a store's files, independent of the engine, so
//! that damage is reported with the file it is in instead of surfacing as a
//! missing key.
//!
//! Tables: every block named by the index block (and the index and
//! metaindex blocks themselves) is checked against its masked CRC-32C.
//! Log and manifest files: every record of every 32 KiB block is checked.

use std::path::{Path, PathBuf};

const TABLE_MAGIC: u64 = 0xdb4775248b80fb57;
const FOOTER_LEN: usize = 48;
const BLOCK_TRAILER_LEN: usize = 5;
const LOG_BLOCK_SIZE: usize = 32 * 1024;
const LOG_HEADER_LEN: usize = 7;

/// CRC-32C (Castagnoli), as LevelDB uses.
pub fn crc32c(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0x82F6_3B78 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    !data.iter().fold(!0u32, |c, b| {
        table[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// LevelDB's masked CRC.
fn unmask(masked: u32) -> u32 {
    let rot = masked.wrapping_sub(0xa282_ead8);
    rot.rotate_left(15)
}

fn varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut result = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *buf.get(*pos)?;
        *pos += 1;
        result |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(result);
        }
    }
    None
}

fn u32_at(buf: &[u8], pos: usize) -> Option<u32> {
    Some(u32::from_le_bytes(buf.get(pos..pos + 4)?.try_into().ok()?))
}

/// A problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// The file.
    pub file: PathBuf,
    /// What is wrong, with the offset where it can say.
    pub message: String,
}

/// What a verification pass over a store directory looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCheck {
    /// Table, log and manifest files checked.
    pub files: u64,
    /// Blocks and records whose checksum was checked.
    pub items: u64,
    /// Problems found.
    pub problems: Vec<FileProblem>,
}

/// Checks one table block (`handle` = offset, size) and returns its contents.
fn table_block(data: &[u8], offset: u64, size: u64) -> Result<&[u8], String> {
    let (start, len) = (offset as usize, size as usize);
    let end = start
        .checked_add(len)
        .and_then(|e| e.checked_add(BLOCK_TRAILER_LEN))
        .filter(|e| *e <= data.len())
        .ok_or_else(|| {
            format!("block at offset {offset} (size {size}) runs past the end of the file")
        })?;
    let contents = &data[start..start + len + 1];
    let stored = u32_at(data, end - 4).expect("trailer is in bounds");
    if crc32c(contents) != unmask(stored) {
        return Err(format!("checksum mismatch in block at offset {offset}"));
    }
    if data[start + len] != 0 && data[start + len] != 1 {
        return Err(format!(
            "unknown compression type {} in block at offset {offset}",
            data[start + len]
        ));
    }
    Ok(&data[start..start + len])
}

/// Checks a table file; returns how many blocks were verified.
fn check_table(data: &[u8]) -> Result<u64, String> {
    if data.len() < FOOTER_LEN {
        return Err(format!(
            "file is {} bytes, shorter than a table footer",
            data.len()
        ));
    }
    let footer = &data[data.len() - FOOTER_LEN..];
    let magic = u64::from_le_bytes(footer[40..48].try_into().expect("8 bytes"));
    if magic != TABLE_MAGIC {
        return Err("bad table magic number (truncated or not a table)".into());
    }
    let mut pos = 0;
    let handles: Option<[u64; 4]> = (|| {
        Some([
            varint(footer, &mut pos)?,
            varint(footer, &mut pos)?,
            varint(footer, &mut pos)?,
            varint(footer, &mut pos)?,
        ])
    })();
    let [meta_off, meta_size, index_off, index_size] = handles.ok_or("unreadable table footer")?;
    table_block(data, meta_off, meta_size)?;
    let raw_index = table_block(data, index_off, index_size)?;
    let decompressed;
    let index: &[u8] = if data[(index_off + index_size) as usize] == 1 {
        decompressed = snap::raw::Decoder::new()
            .decompress_vec(raw_index)
            .map_err(|e| format!("index block does not decompress: {e}"))?;
        &decompressed
    } else {
        raw_index
    };
    let mut checked = 2;
    // Index entries: shared, unshared, value length, key delta, value (a block handle).
    let restarts =
        u32_at(index, index.len().saturating_sub(4)).ok_or("index block too short")? as usize;
    let entries_end = index
        .len()
        .checked_sub(4 + 4 * restarts)
        .ok_or("index block restart array out of bounds")?;
    let mut p = 0;
    while p < entries_end {
        let _shared = varint(index, &mut p).ok_or("bad index entry")?;
        let unshared = varint(index, &mut p).ok_or("bad index entry")? as usize;
        let value_len = varint(index, &mut p).ok_or("bad index entry")? as usize;
        p += unshared;
        let value_end = p + value_len;
        if value_end > entries_end {
            return Err("index entry runs past the index block".into());
        }
        let mut q = p;
        let off = varint(index, &mut q).ok_or("bad block handle in index")?;
        let size = varint(index, &mut q).ok_or("bad block handle in index")?;
        table_block(data, off, size)?;
        checked += 1;
        p = value_end;
    }
    Ok(checked)
}

/// Walks the physical records of a log-format file (log or manifest),
/// checking each one's CRC, and calls `record(kind, payload)` for each.
/// A record cut short at the very end of the file (a write interrupted by a
/// crash) ends the walk without an error: LevelDB drops it on recovery.
fn walk_log(data: &[u8], mut record: impl FnMut(u8, &[u8])) -> Result<(), String> {
    let mut block_start = 0;
    while block_start < data.len() {
        let block = &data[block_start..data.len().min(block_start + LOG_BLOCK_SIZE)];
        let mut p = 0;
        while p + LOG_HEADER_LEN <= block.len() {
            let masked = u32_at(block, p).expect("in bounds");
            let len = u16::from_le_bytes([block[p + 4], block[p + 5]]) as usize;
            let kind = block[p + 6];
            if kind == 0 && len == 0 {
                break; // zero padding (preallocated or trailer of a block)
            }
            let end = p + LOG_HEADER_LEN + len;
            if end > block.len() {
                if block_start + end >= data.len() {
                    return Ok(()); // torn tail
                }
                return Err(format!(
                    "record at offset {} overruns its block",
                    block_start + p
                ));
            }
            if crc32c(&block[p + 6..end]) != unmask(masked) {
                if block_start + end == data.len() {
                    return Ok(()); // torn tail with garbage
                }
                return Err(format!(
                    "checksum mismatch in record at offset {}",
                    block_start + p
                ));
            }
            if !(1..=4).contains(&kind) {
                return Err(format!(
                    "unknown record type {kind} at offset {}",
                    block_start + p
                ));
            }
            record(kind, &block[p + LOG_HEADER_LEN..end]);
            p = end;
        }
        block_start += LOG_BLOCK_SIZE;
    }
    Ok(())
}

/// Checks a log-format file; returns how many records were verified.
fn check_log(data: &[u8]) -> Result<u64, String> {
    let mut records = 0;
    walk_log(data, |_, _| records += 1)?;
    Ok(records)
}

/// The logical records of a log-format file (fragments joined), up to the
/// first damaged record.
fn log_records(data: &[u8]) -> Vec<Vec<u8>> {
    let mut records = Vec::new();
    let mut partial: Vec<u8> = Vec::new();
    let _ = walk_log(data, |kind, payload| match kind {
        1 => records.push(payload.to_vec()),
        2 => partial = payload.to_vec(),
        3 => partial.extend_from_slice(payload),
        _ => {
            partial.extend_from_slice(payload);
            records.push(std::mem::take(&mut partial));
        }
    });
    records
}

/// The files the store's current version needs, from its manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveFiles {
    /// The manifest `CURRENT` names.
    pub manifest: String,
    /// Numbers of the live table files.
    pub tables: std::collections::BTreeSet<u64>,
    /// Level and size of each live table.
    pub table_levels: std::collections::BTreeMap<u64, (u64, u64)>,
    /// Logs numbered at or above this hold data not yet in tables.
    pub log_number: u64,
    /// The previous log number (0 when none).
    pub prev_log_number: u64,
}

/// Reads `CURRENT` and replays the manifest's version edits.
pub fn live_files(dir: &Path) -> Result<LiveFiles, String> {
    let current =
        std::fs::read_to_string(dir.join("CURRENT")).map_err(|e| format!("CURRENT: {e}"))?;
    let manifest = current.trim_end().to_string();
    if !manifest.starts_with("MANIFEST-") || manifest.contains('/') {
        return Err(format!("CURRENT names {manifest:?}, not a manifest"));
    }
    let data = std::fs::read(dir.join(&manifest)).map_err(|e| format!("{manifest}: {e}"))?;
    let mut live = LiveFiles {
        manifest: manifest.clone(),
        ..LiveFiles::default()
    };
    for edit in log_records(&data) {
        let mut p = 0;
        let bad = || format!("{manifest}: undecodable version edit");
        while p < edit.len() {
            let tag = varint(&edit, &mut p).ok_or_else(bad)?;
            let skip_bytes = |p: &mut usize| -> Option<()> {
                let n = varint(&edit, p)? as usize;
                *p = p.checked_add(n).filter(|e| *e <= edit.len())?;
                Some(())
            };
            match tag {
                1 => skip_bytes(&mut p).ok_or_else(bad)?,
                2 => live.log_number = varint(&edit, &mut p).ok_or_else(bad)?,
                3 | 4 => {
                    varint(&edit, &mut p).ok_or_else(bad)?;
                }
                5 => {
                    varint(&edit, &mut p).ok_or_else(bad)?;
                    skip_bytes(&mut p).ok_or_else(bad)?;
                }
                6 => {
                    varint(&edit, &mut p).ok_or_else(bad)?;
                    let n = varint(&edit, &mut p).ok_or_else(bad)?;
                    live.tables.remove(&n);
                    live.table_levels.remove(&n);
                }
                7 => {
                    let level = varint(&edit, &mut p).ok_or_else(bad)?;
                    let n = varint(&edit, &mut p).ok_or_else(bad)?;
                    let size = varint(&edit, &mut p).ok_or_else(bad)?;
                    skip_bytes(&mut p).ok_or_else(bad)?;
                    skip_bytes(&mut p).ok_or_else(bad)?;
                    live.tables.insert(n);
                    live.table_levels.insert(n, (level, size));
                }
                9 => live.prev_log_number = varint(&edit, &mut p).ok_or_else(bad)?,
                other => return Err(format!("{manifest}: unknown version edit tag {other}")),
            }
        }
    }
    Ok(live)
}

impl LiveFiles {
    /// Whether the engine would start a compaction when it opens the store:
    /// four or more level-0 tables, or a level above its size limit
    /// (10 MiB for level 1, ten times more per level), as rusty-leveldb and
    /// C++ LevelDB decide.
    pub fn needs_compaction(&self) -> bool {
        let mut files = [0u64; 7];
        let mut bytes = [0u64; 7];
        for (level, size) in self.table_levels.values() {
            let l = (*level as usize).min(6);
            files[l] += 1;
            bytes[l] += size;
        }
        if files[0] >= 4 {
            return true;
        }
        let mut limit = 10u64 << 20;
        for level_bytes in bytes.iter().take(6).skip(1) {
            if *level_bytes >= limit {
                return true;
            }
            limit = limit.saturating_mul(10);
        }
        false
    }
}

fn file_number(name: &str) -> Option<u64> {
    name.split('.').next()?.parse().ok()
}

/// Checks every live table, log and the current manifest of a store
/// directory. Files the current version does not use (left by a crash in
/// the middle of a compaction, deleted on the next write) are not checked;
/// live files that are missing are problems.
pub fn check_files(dir: &Path, mut on_file: impl FnMut(&Path)) -> std::io::Result<FileCheck> {
    let mut check = FileCheck::default();
    let live = match live_files(dir) {
        Ok(live) => live,
        Err(message) => {
            check.problems.push(FileProblem {
                file: dir.join("CURRENT"),
                message,
            });
            return Ok(check);
        }
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut present = std::collections::BTreeSet::new();
    for path in names {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let number = file_number(&name);
        let is_table = name.ends_with(".ldb") || name.ends_with(".sst");
        let is_log = name.ends_with(".log");
        let wanted = match (is_table, is_log, number) {
            (true, _, Some(n)) => {
                present.insert(n);
                live.tables.contains(&n)
            }
            (_, true, Some(n)) => n >= live.log_number || n == live.prev_log_number,
            _ => name == live.manifest,
        };
        if !wanted {
            continue;
        }
        on_file(&path);
        let data = match std::fs::read(&path) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue, // compacted away
            Err(e) => {
                check.problems.push(FileProblem {
                    file: path,
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        check.files += 1;
        let result = if is_table {
            check_table(&data)
        } else {
            check_log(&data)
        };
        match result {
            Ok(n) => check.items += n,
            Err(message) => check.problems.push(FileProblem {
                file: path,
                message,
            }),
        }
    }
    for missing in live.tables.iter().filter(|n| !present.contains(n)) {
        check.problems.push(FileProblem {
            file: dir.join(format!("{missing:06}.ldb")),
            message: format!(
                "missing: {} lists this table, but the file is gone",
                live.manifest
            ),
        });
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_known_values() {
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
    }

    #[test]
    fn unmask_inverts_mask() {
        let c = 0x1234_5678u32;
        let masked = c.rotate_right(15).wrapping_add(0xa282_ead8);
        assert_eq!(unmask(masked), c);
    }

    #[test]
    fn compaction_need_follows_the_engine_rules() {
        let live = |tables: &[(u64, u64)]| LiveFiles {
            table_levels: tables
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u64, *t))
                .collect(),
            ..LiveFiles::default()
        };
        assert!(!live(&[(0, 1), (0, 1), (0, 1)]).needs_compaction());
        assert!(live(&[(0, 1), (0, 1), (0, 1), (0, 1)]).needs_compaction());
        assert!(!live(&[(1, 9 << 20)]).needs_compaction());
        assert!(live(&[(1, 6 << 20), (1, 5 << 20)]).needs_compaction());
        assert!(!live(&[(2, 90 << 20)]).needs_compaction());
        assert!(live(&[(2, 101 << 20)]).needs_compaction());
        assert!(!live(&[(6, 1 << 40)]).needs_compaction());
    }

    #[test]
    fn live_files_of_a_real_store() {
        let dir = tempfile::tempdir().unwrap();
        let access = crate::store::WriteAccess {
            create: true,
            ..Default::default()
        };
        let mut store = crate::store::Store::open_write(dir.path(), access).unwrap();
        let mut batch = rusty_leveldb::WriteBatch::default();
        batch.put(b"a", b"1");
        store.write(batch).unwrap();
        store.flush_memtable().unwrap();
        store.close().unwrap();
        let live = live_files(dir.path()).unwrap();
        assert_eq!(live.tables.len(), 1);
        let table = dir
            .path()
            .join(format!("{:06}.ldb", live.tables.iter().next().unwrap()));
        assert!(table.exists());
        assert!(check_files(dir.path(), |_| {}).unwrap().problems.is_empty());
        std::fs::remove_file(&table).unwrap();
        let problems = check_files(dir.path(), |_| {}).unwrap().problems;
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("missing"), "{problems:?}");
    }

    #[test]
    fn short_or_garbage_tables_are_problems() {
        assert!(check_table(b"short").is_err());
        assert!(check_table(&[0u8; 100]).unwrap_err().contains("magic"));
    }
}
