//! `storectl scan [KEY_PREFIX]`

use super::output::{self, OutputFormat, TABLE_CHUNK_ROWS};
use super::{GlobalArgs, RangeArgs};
use crate::store::codec::escape_bytes;
use crate::store::{ranges, ScanRange, StorageService};
use crate::StoreError;
use anyhow::Result;
use clap::Args;
use std::ffi::OsString;
use std::io::Write;

/// List keys and values in key order, streaming from one consistent snapshot.
///
/// The range is every key starting with KEY_PREFIX, narrowed by --start
/// (inclusive) and --end (exclusive). `-o ndjson` prints one
/// `{"key": ..., "value": ...}` object per line (non-JSON values as
/// `"raw": {"text"|"bytes": ...}`), the shape `batch` and `import` read.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Only keys starting with this prefix (the same as --key-prefix).
    pub key_prefix: Option<OsString>,
    /// Only keys starting with P (as in export and snapshot create).
    #[arg(long = "key-prefix", value_name = "P", conflicts_with = "key_prefix")]
    pub key_prefix_option: Option<OsString>,
    /// --start / --end.
    #[command(flatten)]
    pub range: RangeArgs,
    /// At most N entries.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Largest key first.
    #[arg(long)]
    pub reverse: bool,
    /// Print keys only.
    #[arg(long)]
    pub keys_only: bool,
    /// Print only the number of entries.
    #[arg(long, conflicts_with = "keys_only")]
    pub count: bool,
}

/// Runs `scan`.
pub fn run(g: &GlobalArgs, args: &ScanArgs) -> Result<()> {
    let range = ScanRange {
        limit: args.limit,
        reverse: args.reverse,
        ..args.range.scan_range(
            g,
            args.key_prefix.as_ref().or(args.key_prefix_option.as_ref()),
        )?
    };
    let mut storage = g.open_read()?;
    let entries = storage.scan(&range)?;
    let progress = output::progress_counter("scanning");
    let mut out = output::stdout();
    let mut count: u64 = 0;

    if args.count {
        for item in entries {
            item?; // an unreadable block is an error, never a shorter count
            count += 1;
            progress.inc(1);
        }
        progress.finish_and_clear();
        match g.output {
            OutputFormat::Json | OutputFormat::Ndjson => writeln!(out, "{{\"count\":{count}}}")?,
            OutputFormat::Table | OutputFormat::Plain => writeln!(out, "{count}")?,
        }
        out.flush()?;
        if count == 0 {
            g.warn_if_namespace_empty(&mut storage)?;
        }
        return Ok(());
    }

    let header: &[&str] = if args.keys_only {
        &["key"]
    } else {
        &["key", "value"]
    };
    let mut rows = Vec::new();
    if g.output == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    // A whole forward scan to a machine format runs on two threads.
    let parallel = !args.reverse && args.limit.is_none() && g.output != OutputFormat::Table;
    if parallel {
        drop(entries);
        count = scan_on_two_threads(g, args, &mut storage, &range, &mut out, &progress)?;
    } else {
        for item in entries {
            let (key, value) = item?;
            if g.output == OutputFormat::Table {
                let mut row = vec![escape_bytes(&key)];
                if !args.keys_only {
                    row.push(output::value_cell(&value));
                }
                rows.push(row);
                if rows.len() == TABLE_CHUNK_ROWS {
                    let mut t = output::table(header);
                    t.add_rows(rows.drain(..));
                    output::write_table(&mut out, &t)?;
                }
            } else {
                write_entry(&mut out, g.output, args.keys_only, &key, &value, count == 0)?;
            }
            count += 1;
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    match g.output {
        OutputFormat::Json => out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?,
        OutputFormat::Table if !rows.is_empty() || count == 0 => {
            let mut t = output::table(header);
            t.add_rows(rows.drain(..));
            output::write_table(&mut out, &t)?;
        }
        _ => {}
    }
    out.flush()?;
    if count == 0 {
        g.warn_if_namespace_empty(&mut storage)?;
    }
    if g.output == OutputFormat::Table {
        g.note(format!(
            "{count} entr{}",
            if count == 1 { "y" } else { "ies" }
        ));
    }
    Ok(())
}

/// Formatted output is handed over in chunks of about this size.
const CHUNK_BYTES: usize = 1 << 20;

/// What a scanning thread hands to the writer.
enum Handover {
    /// Formatted entries (this many).
    Text(Vec<u8>, u64),
    /// One large entry, to be formatted straight into the output.
    Entry(Vec<u8>, Vec<u8>),
}

/// Writes one entry in a machine format (not the table): a JSON array
/// element (after `\n`, or `,\n` unless `first`), an NDJSON line, or a
/// plain line.
fn write_entry(
    out: &mut impl Write,
    format: OutputFormat,
    keys_only: bool,
    key: &[u8],
    value: &[u8],
    first: bool,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json | OutputFormat::Ndjson => {
            if format == OutputFormat::Json {
                out.write_all(if first { b"\n" } else { b",\n" })?;
            }
            if keys_only {
                out.write_all(output::key_record_json(key).as_bytes())?;
            } else {
                crate::store::codec::write_record(out, key, value)?;
            }
            if format == OutputFormat::Ndjson {
                out.write_all(b"\n")?;
            }
        }
        OutputFormat::Plain => {
            out.write_all(escape_bytes(key).as_bytes())?;
            if !keys_only {
                out.write_all(b"\t")?;
                out.write_all(escape_bytes(value).as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
        OutputFormat::Table => unreachable!("tables are laid out by the caller"),
    }
    Ok(())
}

/// The scan in key ranges formatted on two threads ([`ranges`]), written
/// in key order; the number of entries.
fn scan_on_two_threads(
    g: &GlobalArgs,
    args: &ScanArgs,
    storage: &mut StorageService,
    range: &ScanRange,
    out: &mut impl Write,
    progress: &output::Progress,
) -> Result<u64> {
    let parts = ranges::split(storage, range, ranges::RANGE_BYTES)?;
    let mut count: u64 = 0;
    // An output error is kept as it is (a closed pipe ends quietly).
    let mut write_error: Option<std::io::Error> = None;
    let outcome = ranges::for_each_in_order(
        storage,
        &parts,
        |view, part, emit| {
            let (mut buf, mut n) = (Vec::new(), 0);
            for item in view.scan(part)? {
                let (key, value) = item?;
                progress.inc(1);
                if value.len() >= CHUNK_BYTES {
                    // A large entry goes over as it is and is written by
                    // the sink: never a formatted copy of it here.
                    emit(Handover::Text(std::mem::take(&mut buf), n))?;
                    emit(Handover::Entry(key, value))?;
                    n = 0;
                    continue;
                }
                write_entry(&mut buf, g.output, args.keys_only, &key, &value, false)
                    .expect("writing to memory");
                n += 1;
                if buf.len() >= CHUNK_BYTES {
                    emit(Handover::Text(std::mem::take(&mut buf), n))?;
                    n = 0;
                }
            }
            emit(Handover::Text(buf, n))
        },
        |handover| {
            let first = count == 0;
            let written = match handover {
                Handover::Text(text, n) if n > 0 => {
                    count += n;
                    // The first JSON element has no comma before it.
                    let skip = usize::from(first && g.output == OutputFormat::Json);
                    out.write_all(&text[skip..])
                }
                Handover::Text(..) => Ok(()),
                Handover::Entry(key, value) => {
                    count += 1;
                    write_entry(out, g.output, args.keys_only, &key, &value, first)
                }
            };
            written.map_err(|e| {
                let message = e.to_string();
                write_error = Some(e);
                StoreError::Io {
                    context: "write the output".into(),
                    message,
                }
            })
        },
    );
    if let Some(e) = write_error {
        return Err(e.into());
    }
    outcome?;
    Ok(count)
}
