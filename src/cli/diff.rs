//! `storectl diff OTHER_DB`

use super::exit::FindingsError;
use super::output::{self, OutputFormat, TABLE_CHUNK_ROWS};
use super::{GlobalArgs, RangeArgs};
use crate::store::codec::{escape_bytes, key_to_json};
use crate::store::diff::{diff, DiffKind};
use crate::store::{StorageService, Store};
use anyhow::Result;
use clap::Args;
use serde_json::json;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// Compare the namespace (or a range) of --db with the same keys of
/// OTHER_DB: keys only in one store, and keys whose values differ.
///
/// A streaming merge of both stores' sorted scans (both read through read
/// views, so both may be live): bounded memory, about the time of two
/// scans. Values that differ in bytes but are equal as JSON (member order,
/// spacing) are reported as such (`"same_json": true`); --json-equal counts
/// them as equal. Exit 0 when the ranges are identical, 5 when they differ.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The other store.
    pub other_db: PathBuf,
    /// Only keys starting with this prefix (the same as --key-prefix).
    pub key_prefix: Option<OsString>,
    /// Only keys starting with P.
    #[arg(long = "key-prefix", value_name = "P", conflicts_with = "key_prefix")]
    pub key_prefix_option: Option<OsString>,
    /// --start / --end.
    #[command(flatten)]
    pub range: RangeArgs,
    /// Print keys only (no values).
    #[arg(long)]
    pub keys_only: bool,
    /// Print only the counts of each kind of difference.
    #[arg(long, conflicts_with = "keys_only")]
    pub count: bool,
    /// Count values equal as JSON as equal.
    #[arg(long)]
    pub json_equal: bool,
}

fn kind_name(kind: DiffKind) -> &'static str {
    match kind {
        DiffKind::OnlyA => "only in A",
        DiffKind::OnlyB => "only in B",
        DiffKind::Differ => "differs",
        DiffKind::SameJson => "same JSON",
    }
}

/// Runs `diff`.
pub fn run(g: &GlobalArgs, args: &DiffArgs) -> Result<()> {
    let range = args.range.scan_range(
        g,
        args.key_prefix.as_ref().or(args.key_prefix_option.as_ref()),
    )?;
    let mut a = g.open_read()?;
    let mut b = StorageService::new(Store::open_read(&args.other_db)?, g.namespace());
    let mut out = output::stdout();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first = true;
    let progress = output::progress_counter("comparing");
    if g.output == OutputFormat::Json && !args.count {
        out.write_all(b"[")?;
    }
    let counts = diff(&mut a, &mut b, &range, args.json_equal, |d| {
        // Every difference reported makes the stores differ (exit 5).
        super::exit::found_problems();
        progress.inc(1);
        if args.count {
            return Ok(());
        }
        let result: std::io::Result<()> = (|| {
            match g.output {
                OutputFormat::Json | OutputFormat::Ndjson => {
                    if g.output == OutputFormat::Json {
                        out.write_all(if first { b"\n" } else { b",\n" })?;
                    }
                    first = false;
                    let mut line = format!("{{\"key\":{}", key_to_json(&d.key));
                    if !args.keys_only {
                        for (name, v) in [("a", &d.a), ("b", &d.b)] {
                            if let Some(v) = v {
                                line.push_str(&format!(
                                    ",\"{name}\":{}",
                                    output::value_json_line(v).0
                                ));
                            }
                        }
                    }
                    if d.kind == DiffKind::SameJson {
                        line.push_str(",\"same_json\":true");
                    }
                    line.push('}');
                    out.write_all(line.as_bytes())?;
                    if g.output == OutputFormat::Ndjson {
                        out.write_all(b"\n")?;
                    }
                }
                OutputFormat::Plain => {
                    let mut line = format!("{}\t{}", kind_name(d.kind), escape_bytes(&d.key));
                    if !args.keys_only {
                        for v in [&d.a, &d.b] {
                            line.push('\t');
                            line.push_str(&v.as_deref().map(escape_bytes).unwrap_or_default());
                        }
                    }
                    writeln!(out, "{line}")?;
                }
                OutputFormat::Table => {
                    let cell = |v: &Option<Vec<u8>>| {
                        v.as_deref()
                            .map(output::value_cell)
                            .unwrap_or_else(|| "(absent)".into())
                    };
                    let mut row = vec![escape_bytes(&d.key), kind_name(d.kind).into()];
                    if !args.keys_only {
                        row.extend([cell(&d.a), cell(&d.b)]);
                    }
                    rows.push(row);
                    if rows.len() == TABLE_CHUNK_ROWS {
                        flush_rows(&mut out, &mut rows, args.keys_only)?;
                    }
                }
            }
            Ok(())
        })();
        result.map_err(|e| crate::StoreError::Io {
            context: "write".into(),
            message: e.to_string(),
        })
    })?;
    progress.finish_and_clear();
    if args.count {
        let v = json!({"onlyA": counts.only_a, "onlyB": counts.only_b, "differ": counts.differ,
                       "sameJson": counts.same_json, "equal": counts.equal});
        match g.output {
            OutputFormat::Json | OutputFormat::Ndjson => writeln!(out, "{v}")?,
            OutputFormat::Plain => writeln!(
                out,
                "{}\t{}\t{}\t{}",
                counts.only_a, counts.only_b, counts.differ, counts.same_json
            )?,
            OutputFormat::Table => {
                let mut t =
                    output::table(&["only in A", "only in B", "differ", "same JSON", "equal"]);
                t.add_row(vec![
                    counts.only_a.to_string(),
                    counts.only_b.to_string(),
                    counts.differ.to_string(),
                    counts.same_json.to_string(),
                    counts.equal.to_string(),
                ]);
                output::write_table(&mut out, &t)?;
            }
        }
    } else {
        match g.output {
            OutputFormat::Json => out.write_all(if first { b"]\n" } else { b"\n]\n" })?,
            OutputFormat::Table if !rows.is_empty() => {
                flush_rows(&mut out, &mut rows, args.keys_only)?
            }
            _ => {}
        }
    }
    out.flush()?;
    if counts.identical(args.json_equal) {
        g.note(format!(
            "identical: {} key(s) compared",
            counts.equal + counts.same_json
        ));
        Ok(())
    } else {
        Err(FindingsError(format!(
            "the stores differ: {} only in A, {} only in B, {} differ, {} equal only as JSON",
            counts.only_a, counts.only_b, counts.differ, counts.same_json
        ))
        .into())
    }
}

fn flush_rows(
    out: &mut impl Write,
    rows: &mut Vec<Vec<String>>,
    keys_only: bool,
) -> std::io::Result<()> {
    let header: &[&str] = if keys_only {
        &["key", "difference"]
    } else {
        &["key", "difference", "A", "B"]
    };
    let mut t = output::table(header);
    t.add_rows(rows.drain(..));
    output::write_table(out, &t)
}
