//! `LogReader`: the record format shared by write-ahead logs and manifests.
//!
//! A file is a sequence of 32 KiB blocks; each holds physical records
//! `crc32c (4) | length (2) | type (1) | payload`, where the type says
//! whether the payload is a whole logical record (FULL) or its FIRST,
//! MIDDLE or LAST fragment. Trailing bytes of a block too short for a
//! header are padding.

use super::error::{ReadError, ReadResult};
use super::format::{crc32c, fixed32, unmask};
use std::path::Path;

/// Size of a log block.
pub const LOG_BLOCK_SIZE: usize = 32 * 1024;
/// Size of a physical record's header.
pub const LOG_HEADER_LEN: usize = 7;

/// Physical record types: a whole record, or its first, middle or last
/// fragment.
pub(super) const FULL: u8 = 1;
pub(super) const FIRST: u8 = 2;
pub(super) const MIDDLE: u8 = 3;
pub(super) const LAST: u8 = 4;

/// How a log ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogEnd {
    /// Every byte belonged to a whole record (or block padding).
    Clean,
    /// The file ends inside a record, at this offset: a write that was
    /// interrupted (a crash) or is still in progress (a live writer). Both
    /// engines drop such a record.
    TornTail(u64),
}

/// One physical record, for tools that show a log's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhysicalRecord<'a> {
    /// Offset of its header in the file.
    pub offset: u64,
    /// FULL, FIRST, MIDDLE or LAST (1-4).
    pub kind: u8,
    /// The payload.
    pub payload: &'a [u8],
}

/// What starts at `p` inside the block ending at `block_end`.
enum Header {
    /// Zero padding: the rest of the block is unused.
    Padding,
    /// A record running past the end of the file (or garbage there).
    Torn,
    /// A damaged record.
    Bad(String),
    /// A whole record of this kind, ending at this offset.
    Record(u8, usize),
}

fn header_at(data: &[u8], p: usize, block_end: usize) -> Header {
    let masked = fixed32(data, p).expect("in bounds");
    let len = u16::from_le_bytes([data[p + 4], data[p + 5]]) as usize;
    let kind = data[p + 6];
    if kind == 0 && len == 0 {
        return Header::Padding;
    }
    let end = p + LOG_HEADER_LEN + len;
    if end > block_end {
        if end >= data.len() {
            return Header::Torn;
        }
        return Header::Bad(format!(
            "log record of {len} bytes overruns its 32 KiB block"
        ));
    }
    if crc32c(&data[p + 6..end]) != unmask(masked) {
        if end == data.len() {
            return Header::Torn;
        }
        return Header::Bad("log record checksum mismatch".into());
    }
    if !(FULL..=LAST).contains(&kind) {
        return Header::Bad(format!("unknown log record type {kind}"));
    }
    Header::Record(kind, end)
}

/// Walks the physical records of `data` (the contents of `path`), checking
/// each one's CRC. Damage before the last record is an error naming its
/// offset; a record cut short (or unwritten garbage) at the very end of the
/// file is a torn tail.
pub fn walk_physical<'a>(
    path: &Path,
    data: &'a [u8],
    mut record: impl FnMut(PhysicalRecord<'a>) -> ReadResult<()>,
) -> ReadResult<LogEnd> {
    let mut block_start = 0;
    while block_start < data.len() {
        let block_end = data.len().min(block_start + LOG_BLOCK_SIZE);
        let mut p = block_start;
        while p + LOG_HEADER_LEN <= block_end {
            let offset = p as u64;
            let (kind, end) = match header_at(data, p, block_end) {
                Header::Padding => break,
                Header::Torn => return Ok(LogEnd::TornTail(offset)),
                Header::Bad(message) => {
                    return Err(ReadError::corrupt(path, Some(offset), message))
                }
                Header::Record(kind, end) => (kind, end),
            };
            record(PhysicalRecord {
                offset,
                kind,
                payload: &data[p + LOG_HEADER_LEN..end],
            })?;
            p = end;
        }
        block_start += LOG_BLOCK_SIZE;
    }
    Ok(LogEnd::Clean)
}

/// Calls `record(offset, bytes)` for each logical record of `data` (the
/// contents of `path`), fragments joined; `offset` is that of its first
/// fragment. Fragments out of order are damage; a record whose last
/// fragment is missing at the end of the file is a torn tail.
pub fn read_records(
    path: &Path,
    data: &[u8],
    mut record: impl FnMut(u64, &[u8]) -> ReadResult<()>,
) -> ReadResult<LogEnd> {
    let mut partial: Option<(u64, Vec<u8>)> = None;
    let end = walk_physical(path, data, |r| {
        let out_of_order = |what: &str| {
            ReadError::corrupt(
                path,
                Some(r.offset),
                format!("log fragment out of order: {what}"),
            )
        };
        match r.kind {
            FULL => {
                if partial.is_some() {
                    return Err(out_of_order("a whole record inside a fragmented one"));
                }
                record(r.offset, r.payload)
            }
            FIRST => {
                if partial.is_some() {
                    return Err(out_of_order("a first fragment inside a fragmented record"));
                }
                partial = Some((r.offset, r.payload.to_vec()));
                Ok(())
            }
            MIDDLE => match partial.as_mut() {
                Some((_, buf)) => {
                    buf.extend_from_slice(r.payload);
                    Ok(())
                }
                None => Err(out_of_order("a middle fragment without a first")),
            },
            _ => match partial.take() {
                Some((offset, mut buf)) => {
                    buf.extend_from_slice(r.payload);
                    record(offset, &buf)
                }
                None => Err(out_of_order("a last fragment without a first")),
            },
        }
    })?;
    match (end, partial) {
        (LogEnd::Clean, Some((offset, _))) => Ok(LogEnd::TornTail(offset)),
        (LogEnd::TornTail(at), Some((offset, _))) => Ok(LogEnd::TornTail(offset.min(at))),
        (end, None) => Ok(end),
    }
}

/// What a tolerant read of a log finds, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEvent {
    /// A whole logical record (fragments joined), at its first fragment's offset.
    Record {
        /// Offset of the record's first fragment.
        offset: u64,
        /// The record's bytes.
        data: Vec<u8>,
    },
    /// Damaged bytes that were skipped: the rest of a 32 KiB block after a
    /// bad record, or fragments that do not form a record.
    Damage {
        /// Where the damage starts.
        offset: u64,
        /// Bytes dropped (0 when only a partial record was dropped).
        bytes: u64,
        /// What was wrong.
        message: String,
    },
    /// The file ends inside a record (a write interrupted or in progress).
    TornTail {
        /// Where the unfinished record starts.
        offset: u64,
    },
}

/// Whether a whole physical record with a valid checksum starts at `p`
/// (inside the block ending at `block_end`).
fn valid_record_at(data: &[u8], p: usize, block_end: usize) -> bool {
    p + LOG_HEADER_LEN <= block_end && matches!(header_at(data, p, block_end), Header::Record(..))
}

/// Reads every record that can be read. Where C++ LevelDB's log reader
/// drops the rest of a 32 KiB block after a bad record, this resumes at the
/// next position in the block where a record with a valid checksum starts
/// (a false match needs a 32-bit checksum collision), so only the damaged
/// record is lost. Fragments that do not form a record are dropped. Every
/// drop is reported with its offset and length.
pub fn read_tolerant(data: &[u8], mut event: impl FnMut(LogEvent)) {
    let mut partial: Option<(u64, Vec<u8>)> = None;
    let mut block_start = 0;
    let drop_partial =
        |partial: &mut Option<(u64, Vec<u8>)>, event: &mut dyn FnMut(LogEvent), why: &str| {
            if let Some((offset, buf)) = partial.take() {
                event(LogEvent::Damage {
                    offset,
                    bytes: buf.len() as u64,
                    message: why.to_string(),
                });
            }
        };
    while block_start < data.len() {
        let block_end = data.len().min(block_start + LOG_BLOCK_SIZE);
        let mut p = block_start;
        while p + LOG_HEADER_LEN <= block_end {
            let offset = p as u64;
            let (problem, kind, end) = match header_at(data, p, block_end) {
                Header::Padding => break,
                Header::Torn => {
                    event(LogEvent::TornTail {
                        offset: partial.as_ref().map_or(offset, |(o, _)| *o),
                    });
                    return;
                }
                Header::Bad(message) => (Some(message), 0, p),
                Header::Record(kind, end) => (None, kind, end),
            };
            if let Some(message) = problem {
                drop_partial(
                    &mut partial,
                    &mut event,
                    "a fragmented record broken by damage",
                );
                let next = (p + 1..block_end)
                    .find(|q| valid_record_at(data, *q, block_end))
                    .unwrap_or(block_end);
                event(LogEvent::Damage {
                    offset,
                    bytes: (next - p) as u64,
                    message: if next < block_end {
                        format!("{message}; reading resumes at offset {next}")
                    } else {
                        format!("{message}; the rest of the block is skipped")
                    },
                });
                p = next;
                continue;
            }
            let payload = &data[p + LOG_HEADER_LEN..end];
            match kind {
                FULL => {
                    drop_partial(
                        &mut partial,
                        &mut event,
                        "a fragmented record without its last fragment",
                    );
                    event(LogEvent::Record {
                        offset,
                        data: payload.to_vec(),
                    });
                }
                FIRST => {
                    drop_partial(
                        &mut partial,
                        &mut event,
                        "a fragmented record without its last fragment",
                    );
                    partial = Some((offset, payload.to_vec()));
                }
                MIDDLE => match partial.as_mut() {
                    Some((_, buf)) => buf.extend_from_slice(payload),
                    None => event(LogEvent::Damage {
                        offset,
                        bytes: (end - p) as u64,
                        message: "a middle fragment without a first".into(),
                    }),
                },
                _ => match partial.take() {
                    Some((start, mut buf)) => {
                        buf.extend_from_slice(payload);
                        event(LogEvent::Record {
                            offset: start,
                            data: buf,
                        });
                    }
                    None => event(LogEvent::Damage {
                        offset,
                        bytes: (end - p) as u64,
                        message: "a last fragment without a first".into(),
                    }),
                },
            }
            p = end;
        }
        block_start += LOG_BLOCK_SIZE;
    }
    if let Some((offset, _)) = partial {
        event(LogEvent::TornTail { offset });
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encodes records as LevelDB's log::Writer does (with storectl's
    /// [`LogWriter`](super::super::log_writer::LogWriter), which C++ LevelDB
    /// reads in the interop tests).
    pub(crate) fn encode_log(records: &[Vec<u8>]) -> Vec<u8> {
        let mut writer = crate::store::ldb::log_writer::LogWriter::new(Vec::new());
        for record in records {
            writer.add_record(record).expect("writes to memory");
        }
        writer.into_inner()
    }

    fn records(data: &[u8]) -> (ReadResult<LogEnd>, Vec<Vec<u8>>) {
        let mut out = Vec::new();
        let end = read_records(Path::new("x.log"), data, |_, r| {
            out.push(r.to_vec());
            Ok(())
        });
        (end, out)
    }

    #[test]
    fn tolerant_reads_skip_a_damaged_block_and_go_on() {
        // Three blocks' worth of records; damage one in the first block.
        let recs: Vec<Vec<u8>> = (0..30u8).map(|i| vec![i; 3000]).collect();
        let mut data = encode_log(&recs);
        data[7 + 100] ^= 0xFF; // inside the first record's payload
        let mut records = Vec::new();
        let mut damage = Vec::new();
        read_tolerant(&data, |e| match e {
            LogEvent::Record { data, .. } => records.push(data),
            LogEvent::Damage { offset, .. } => damage.push(offset),
            LogEvent::TornTail { .. } => panic!("no torn tail"),
        });
        // Only the bad record is lost: reading resumes at the next record.
        assert_eq!(damage, vec![0]);
        assert_eq!(records.len(), 29);
        assert_eq!(records.last().unwrap(), &vec![29u8; 3000]);
        assert!(!records.contains(&vec![0u8; 3000]));
    }

    #[test]
    fn fragmented_records_round_trip() {
        let recs = vec![b"a".to_vec(), vec![7u8; 100_000], vec![], b"tail".to_vec()];
        let data = encode_log(&recs);
        let (end, got) = records(&data);
        assert_eq!(end, Ok(LogEnd::Clean));
        assert_eq!(got, recs);
    }

    #[test]
    fn torn_tail_versus_damage_in_the_middle() {
        let recs = vec![b"first".to_vec(), vec![1u8; 50_000], b"last".to_vec()];
        let data = encode_log(&recs);
        // Cut inside the last record: the first two survive.
        let (end, got) = records(&data[..data.len() - 2]);
        assert!(matches!(end, Ok(LogEnd::TornTail(_))));
        assert_eq!(got.len(), 2);
        // Cut inside the fragmented record: only the first survives.
        let (end, got) = records(&data[..40_000]);
        assert!(matches!(end, Ok(LogEnd::TornTail(_))));
        assert_eq!(got, vec![b"first".to_vec()]);
        // A flipped byte in the first record is damage, with its offset.
        let mut bad = data.clone();
        bad[9] ^= 0xFF;
        let err = records(&bad).0.unwrap_err();
        assert_eq!(err.offset, Some(0));
        assert!(err.to_string().contains("checksum"), "{err}");
    }
}
