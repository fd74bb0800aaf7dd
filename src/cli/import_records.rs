//! `import`'s check of line-based input (a dump or plain NDJSON records):
//! every record streamed and checked, and sorted on the way (in two halves
//! on two threads for plain records of a few MiB or more).

use super::import::Kind;
use super::output;
use super::GlobalArgs;
use crate::store::digest::ContentDigest;
use crate::store::dump::{parse_line, read_bounded_line, DumpLine, MAX_LINE_BYTES};
use crate::store::sorter::{Sorted, Sorter};
use crate::StoreError;
use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

/// Streams the records of a dump or NDJSON file, checking the structure;
/// `sink` gets every record. Returns the record count.
pub(super) fn stream_records(
    path: &Path,
    source: &str,
    g: &GlobalArgs,
    sink: impl FnMut(Vec<u8>, Vec<u8>) -> Result<()>,
) -> Result<u64> {
    let whole = Part {
        start: 0,
        end: u64::MAX,
        lines_before: 0,
    };
    stream_part(path, source, g, &whole, sink)
}

/// A byte range of the input starting at a line, and how many lines come
/// before it (for line numbers in messages).
struct Part {
    start: u64,
    end: u64,
    lines_before: u64,
}

/// [`stream_records`] over one part of the input. Only the part at the
/// start may hold a dump's header.
fn stream_part(
    path: &Path,
    source: &str,
    g: &GlobalArgs,
    part: &Part,
    mut sink: impl FnMut(Vec<u8>, Vec<u8>) -> Result<()>,
) -> Result<u64> {
    let mut file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    file.seek(std::io::SeekFrom::Start(part.start))
        .with_context(|| format!("read {}", path.display()))?;
    let mut reader = BufReader::new(file.take(part.end - part.start));
    let mut buf = Vec::new();
    let (mut line_no, mut records) = (part.lines_before, 0u64);
    let mut digest = ContentDigest::new();
    let (mut header_seen, mut trailer_seen, mut first) = (false, false, part.start == 0);
    let bad =
        |line: u64, msg: String| StoreError::bad_input(format!("{source}: line {line}: {msg}"));
    loop {
        let more = read_bounded_line(&mut reader, &mut buf, MAX_LINE_BYTES)
            .map_err(|e| bad(line_no + 1, e.to_string()))?;
        if !more {
            break;
        }
        line_no += 1;
        let text = std::str::from_utf8(&buf).map_err(|_| bad(line_no, "not UTF-8".into()))?;
        if text.trim().is_empty() {
            continue;
        }
        if trailer_seen {
            return Err(bad(line_no, "data after the trailer".into()).into());
        }
        match parse_line(text).map_err(|m| bad(line_no, m))? {
            DumpLine::Header(h) => {
                if !first {
                    return Err(
                        bad(line_no, "a header is only allowed on the first line".into()).into(),
                    );
                }
                if h.prefix.is_none() != g.raw {
                    return Err(bad(
                        line_no,
                        format!(
                            "the dump was exported {}; import it {}",
                            if g.raw { "with a prefix" } else { "with --raw" },
                            if g.raw { "without --raw" } else { "with --raw" }
                        ),
                    )
                    .into());
                }
                header_seen = true;
            }
            DumpLine::Trailer {
                records: claimed,
                hash,
            } => {
                if !header_seen {
                    return Err(bad(line_no, "a trailer without a header".into()).into());
                }
                if claimed != records {
                    return Err(bad(
                        line_no,
                        format!("the trailer counts {claimed} records, the dump has {records}"),
                    )
                    .into());
                }
                let actual = std::mem::take(&mut digest).finish();
                if actual != hash {
                    return Err(bad(
                        line_no,
                        format!(
                            "digest mismatch: the trailer says {hash}, the records give {actual}"
                        ),
                    )
                    .into());
                }
                trailer_seen = true;
            }
            DumpLine::Record(key, value) => {
                if records % 1024 == 0 {
                    super::interrupt::check(|| format!("stopped at line {line_no}"))?;
                }
                if header_seen {
                    digest.add(&key, &value);
                }
                records += 1;
                sink(key, value)?;
            }
        }
        first = false;
    }
    if header_seen && !trailer_seen {
        return Err(StoreError::bad_input(format!(
            "{source}: the dump ends at line {line_no} without its trailer (truncated?)"
        ))
        .into());
    }
    Ok(records)
}

/// Bytes of records sorted in memory before a run goes to a temporary
/// file (`STORECTL_IMPORT_SORT_BYTES` overrides it, for tests).
fn sort_run_bytes() -> usize {
    std::env::var("STORECTL_IMPORT_SORT_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(crate::store::sorter::DEFAULT_RUN_BYTES)
}

/// Records checked and sorted, with their count.
pub(super) type Presorted = (Sorted, u64);

/// Checks every record of a dump or NDJSON input and sorts them by key
/// (a key given twice keeps its last value, as writing in input order
/// would): LevelDB loads sorted keys several times faster. Nothing is
/// written to the store; sort runs past the in-memory bound go to
/// anonymous temporary files beside it.
pub(super) fn check_and_sort(
    path: &Path,
    source: &str,
    g: &GlobalArgs,
    db: &Path,
    kind: &Kind,
) -> Result<Presorted> {
    let dir = super::new_store::sort_dir(db);
    let progress = output::progress_counter("checking and sorting");
    let parts = split_in_two(path, kind)?;
    if parts.len() == 1 {
        let mut sorter = Sorter::new(&dir, sort_run_bytes());
        let records = stream_records(path, source, g, |key, value| {
            progress.inc(1);
            Ok(sorter.add(&key, &value)?)
        })?;
        progress.finish_and_clear();
        return Ok((sorter.finish()?, records));
    }
    // Two halves checked and sorted on two threads; the second half's
    // records are the newer ones for a key given in both.
    let check = |part: &Part| -> Result<(Sorted, u64)> {
        let mut sorter = Sorter::new(&dir, sort_run_bytes() / 2);
        let records = stream_part(path, source, g, part, |key, value| {
            progress.inc(1);
            Ok(sorter.add(&key, &value)?)
        })?;
        Ok((sorter.finish()?, records))
    };
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let lines_before = count_lines(path, parts[1].start)?;
            check(&Part {
                lines_before,
                ..parts[1]
            })
        });
        let first = check(&parts[0]);
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    progress.finish_and_clear();
    // The first half's error comes first in the input.
    let (older, a) = first?;
    let (newer, b) = second?;
    Ok((Sorted::merge(older, newer), a + b))
}

/// Plain NDJSON records of a few MiB or more are split at the line end
/// nearest the middle; anything else (a dump, whose digest runs in order;
/// a small input) is one part.
fn split_in_two(path: &Path, kind: &Kind) -> Result<Vec<Part>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("read {}", path.display()))?
        .len();
    let whole = vec![Part {
        start: 0,
        end: size,
        lines_before: 0,
    }];
    if !matches!(kind, Kind::Records) || size < 4 << 20 {
        return Ok(whole);
    }
    let mut file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    file.seek(std::io::SeekFrom::Start(size / 2))
        .with_context(|| format!("read {}", path.display()))?;
    let mut reader = BufReader::new(file);
    let mut skipped = Vec::new();
    let n = reader
        .read_until(b'\n', &mut skipped)
        .with_context(|| format!("read {}", path.display()))?;
    let mid = size / 2 + n as u64;
    if n == 0 || mid >= size || skipped.last() != Some(&b'\n') {
        return Ok(whole);
    }
    Ok(vec![
        Part {
            start: 0,
            end: mid,
            lines_before: 0,
        },
        Part {
            start: mid,
            end: size,
            lines_before: 0,
        },
    ])
}

/// Lines in the first `end` bytes of the file (which end with a newline).
fn count_lines(path: &Path, end: u64) -> Result<u64> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 20, file.take(end));
    let mut lines = 0u64;
    loop {
        let buf = reader
            .fill_buf()
            .with_context(|| format!("read {}", path.display()))?;
        if buf.is_empty() {
            return Ok(lines);
        }
        lines += buf.iter().filter(|b| **b == b'\n').count() as u64;
        let n = buf.len();
        reader.consume(n);
    }
}
