//! The writes of the live logs as one sorted run, as the engine's memtable
//! would hold them after recovery (without building a memtable).

use super::block::SortedRun;
use super::error::{ReadError, ReadResult};
use super::format::{
    append_internal_key, fixed32, fixed64, length_prefixed, TYPE_DELETION, TYPE_VALUE,
};
use super::log::{read_records, LogEnd};
use std::path::Path;

/// What reading the live logs found.
#[derive(Debug, Default)]
pub struct LogContents {
    /// Every operation, keyed by internal key.
    pub run: SortedRun,
    /// The highest sequence number written (0 when the logs hold none).
    pub max_sequence: u64,
    /// Write batches read.
    pub batches: u64,
    /// Offsets of torn tails, per log.
    pub torn: Vec<(std::path::PathBuf, u64)>,
}

/// Accumulates the operations of write batches.
#[derive(Default)]
struct Builder {
    keys: Vec<u8>,
    values: Vec<u8>,
    spans: Vec<[usize; 4]>,
}

/// Calls `op(sequence, kind, key, value)` for each operation of one write
/// batch (`sequence (8) | count (4) | (tag, key[, value])*`).
pub fn decode_batch(
    batch: &[u8],
    mut op: impl FnMut(u64, u8, &[u8], &[u8]),
) -> Result<u64, String> {
    let (Some(sequence), Some(count)) = (fixed64(batch, 0), fixed32(batch, 8)) else {
        return Err(format!("write batch of {} bytes is too short", batch.len()));
    };
    let mut p = 12;
    let mut n = 0u64;
    while p < batch.len() {
        let tag = batch[p];
        p += 1;
        let key = length_prefixed(batch, &mut p).ok_or("undecodable key in write batch")?;
        let value: &[u8] = match tag {
            TYPE_VALUE => {
                length_prefixed(batch, &mut p).ok_or("undecodable value in write batch")?
            }
            TYPE_DELETION => &[],
            other => return Err(format!("unknown operation tag {other} in write batch")),
        };
        op(sequence + n, tag, key, value);
        n += 1;
    }
    if n != u64::from(count) {
        return Err(format!("write batch says {count} operations but holds {n}"));
    }
    Ok(sequence)
}

impl LogContents {
    /// Adds the write batches of one log, `data` being the contents of `path`.
    fn add_log(&mut self, builder: &mut Builder, path: &Path, data: &[u8]) -> ReadResult<()> {
        let end = read_records(path, data, |offset, batch| {
            let count = fixed32(batch, 8).unwrap_or(0) as u64;
            decode_batch(batch, |seq, kind, key, value| {
                let ks = builder.keys.len();
                append_internal_key(&mut builder.keys, key, seq, kind);
                let vs = builder.values.len();
                builder.values.extend_from_slice(value);
                builder
                    .spans
                    .push([ks, builder.keys.len(), vs, builder.values.len()]);
            })
            .map_err(|m| ReadError::corrupt(path, Some(offset), m))
            .map(|seq| {
                self.max_sequence = self.max_sequence.max(seq + count.saturating_sub(1));
                self.batches += 1;
            })
        })?;
        if let LogEnd::TornTail(at) = end {
            self.torn.push((path.to_path_buf(), at));
        }
        Ok(())
    }

    /// Reads logs given as `(path, contents)`, oldest first.
    pub fn read(logs: &[(std::path::PathBuf, Vec<u8>)]) -> ReadResult<LogContents> {
        let mut contents = LogContents::default();
        let mut builder = Builder::default();
        for (path, data) in logs {
            contents.add_log(&mut builder, path, data)?;
        }
        if builder.keys.len() > u32::MAX as usize || builder.values.len() > u32::MAX as usize {
            return Err(ReadError::corrupt(
                &logs[0].0,
                None,
                "the live logs hold more than 4 GiB of writes",
            ));
        }
        contents.run = SortedRun::from_unsorted(builder.keys, builder.values, builder.spans);
        Ok(contents)
    }
}
