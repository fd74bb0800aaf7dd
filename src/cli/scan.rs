//! `storectl scan [KEY_PREFIX]`

use super::formatted::{self, Layout};
use super::output::{self, OutputFormat, TABLE_CHUNK_ROWS};
use super::{GlobalArgs, RangeArgs};
use crate::store::codec::escape_bytes;
use crate::store::{ranges, ScanRange};
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
    let progress = output::progress_counter("scanning");
    let mut out = output::stdout();
    let mut count: u64 = 0;

    if args.count {
        if args.reverse || args.limit.is_some() {
            for item in storage.scan(&range)? {
                item?; // an unreadable block is an error, never a shorter count
                count += 1;
                progress.inc(1);
            }
        } else {
            // A whole range is counted in key ranges on two threads.
            let parts = ranges::split(&mut storage, &range, ranges::RANGE_BYTES)?;
            ranges::for_each_in_order(
                &mut storage,
                &parts,
                |view, part, emit| {
                    // An unreadable block is an error, never a shorter count.
                    let mut n = 0u64;
                    view.visit(part, |_, _| {
                        n += 1;
                        progress.inc(1);
                        Ok(true)
                    })?;
                    emit(n)
                },
                |n| {
                    count += n;
                    Ok(())
                },
            )?;
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
    let (format, keys_only) = (g.output, args.keys_only);
    let entry = move |out: &mut dyn Write, key: &[u8], value: &[u8]| {
        write_entry(out, format, keys_only, key, value)
    };
    let layout = Layout {
        separator: if format == OutputFormat::Json {
            b","
        } else {
            b""
        },
        entry: &entry,
        values: !keys_only,
    };
    // A whole forward scan to a machine format runs on two threads.
    let parallel = !args.reverse && args.limit.is_none() && g.output != OutputFormat::Table;
    if parallel {
        count = formatted::write_entries(
            &mut storage,
            &range,
            &layout,
            None,
            &progress,
            &mut out,
            || "scan stopped".to_string(),
        )?;
    } else {
        let mut print = |key: &[u8], value: &[u8]| -> std::io::Result<()> {
            if g.output == OutputFormat::Table {
                let mut row = vec![escape_bytes(key)];
                if !args.keys_only {
                    row.push(output::value_cell(value));
                }
                rows.push(row);
                if rows.len() == TABLE_CHUNK_ROWS {
                    let mut t = output::table(header);
                    t.add_rows(rows.drain(..));
                    output::write_table(&mut out, &t)?;
                }
            } else {
                if count > 0 {
                    out.write_all(layout.separator)?;
                }
                (layout.entry)(&mut out, key, value)?;
            }
            count += 1;
            progress.inc(1);
            Ok(())
        };
        if args.reverse {
            for item in storage.scan(&range)? {
                let (key, value) = item?;
                print(&key, &value)?;
            }
        } else {
            // Forward: entries borrowed from the store's blocks, not copied
            // (a large value is held once).
            let mut failed = None;
            storage.visit(&range, |key, value| match print(key, value) {
                Ok(()) => Ok(true),
                Err(e) => {
                    failed = Some(e);
                    Ok(false)
                }
            })?;
            if let Some(e) = failed {
                return Err(e.into());
            }
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

/// Writes one entry in a machine format (not the table): a JSON array
/// element on its own line (the caller writes the commas), an NDJSON line,
/// or a plain line.
fn write_entry(
    out: &mut dyn Write,
    format: OutputFormat,
    keys_only: bool,
    key: &[u8],
    value: &[u8],
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json | OutputFormat::Ndjson => {
            if format == OutputFormat::Json {
                out.write_all(b"\n")?;
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
