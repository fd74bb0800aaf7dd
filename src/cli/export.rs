//! `storectl export [FILE|-]`

use super::formatted::{self, Layout};
use super::output::{self, OutputFormat};
use super::{GlobalArgs, RangeArgs};
use crate::model::snapshot::now_ms;
use crate::store::codec::{key_to_json, write_record, StoredValue};
use crate::store::digest::ContentDigest;
use crate::store::dump::{trailer_line, DumpHeader, DUMP_FORMAT, DUMP_VERSION};
use crate::store::json;
use crate::store::Namespace;
use crate::StoreError;
use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write a lossless, versioned dump of the namespace (or a range of it).
///
/// NDJSON: a header line, one `{"key","value"|"raw"}` record per line, and a
/// trailer with the record count and the content digest (for a whole
/// namespace equal to `storectl hash`). Read from one consistent LevelDB
/// snapshot, streamed. A FILE is written as FILE.part and renamed when
/// complete. --canonical writes one pretty, sorted JSON document without a
/// creation time, which diffs cleanly in git.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output file, or `-` / nothing for stdout.
    pub file: Option<PathBuf>,
    /// Only keys starting with this prefix.
    #[arg(long, value_name = "P")]
    pub key_prefix: Option<OsString>,
    /// --start / --end.
    #[command(flatten)]
    pub range: RangeArgs,
    /// Pretty, stable JSON document (same contents → byte-identical file).
    #[arg(long)]
    pub canonical: bool,
    /// Replace FILE when it exists (it is replaced only once the new dump
    /// is complete and synced).
    #[arg(long)]
    pub force: bool,
}

/// Values nested deeper than this are embedded on one line in canonical
/// dumps (indenting them would grow quadratically).
const CANONICAL_PRETTY_DEPTH: usize = 64;

/// Writes one entry of a canonical dump, indented by four spaces: the value
/// embedded pretty when it is compact JSON (pretty printing only adds
/// whitespace outside strings, so it compacts back to the stored bytes),
/// else as `raw`. Written as text, never through a JSON tree, so any depth
/// and lone surrogate escapes survive, and streamed, so a large value is not
/// copied.
fn write_canonical_entry(out: &mut dyn Write, key: &[u8], value: &[u8]) -> std::io::Result<()> {
    write!(out, "    {{\n      \"key\": {},\n      ", key_to_json(key))?;
    match StoredValue::classify_record(value) {
        StoredValue::Json(text) => {
            out.write_all(b"\"value\": ")?;
            if json::depth(text) > CANONICAL_PRETTY_DEPTH {
                out.write_all(text.as_bytes())?;
            } else {
                json::write_pretty(out, text, "      ")?;
            }
        }
        other => {
            let (field, text) = other.record_field();
            write!(out, "\"{field}\": ")?;
            json::write_pretty(out, &text, "      ")?;
        }
    }
    out.write_all(b"\n    }")
}

fn header(ns: &Namespace, created: i64) -> DumpHeader {
    DumpHeader {
        prefix: match ns {
            Namespace::Prefixed(p) => Some(String::from_utf8_lossy(p).into_owned()),
            Namespace::Raw => None,
        },
        created,
    }
}

/// Writes the dump to `out`: how many records, and their content digest.
fn write_dump(g: &GlobalArgs, args: &ExportArgs, out: &mut dyn Write) -> Result<(u64, String)> {
    let range = args.range.scan_range(g, args.key_prefix.as_ref())?;
    let mut storage = g.open_read()?;
    let ns = storage.namespace().clone();
    let progress = output::progress_counter("exporting");
    let mut digest = ContentDigest::new();
    // Entries are laid out on two threads, each array element on its own
    // line after the comma that ends the one before.
    let canonical_entry = |out: &mut dyn Write, key: &[u8], value: &[u8]| {
        out.write_all(b"\n")?;
        write_canonical_entry(out, key, value)
    };
    let record_line = |out: &mut dyn Write, key: &[u8], value: &[u8]| {
        write_record(out, key, value)?;
        out.write_all(b"\n")
    };
    let layout = if args.canonical {
        Layout {
            separator: b",",
            entry: &canonical_entry,
            values: true,
        }
    } else {
        Layout {
            separator: b"",
            entry: &record_line,
            values: true,
        }
    };
    let stopped = || "export stopped; no file was written".to_string();
    if args.canonical {
        let h = header(&ns, 0);
        writeln!(out, "{{")?;
        writeln!(out, "  \"format\": \"{DUMP_FORMAT}\",")?;
        writeln!(out, "  \"version\": {DUMP_VERSION},")?;
        writeln!(out, "  \"canonical\": true,")?;
        writeln!(out, "  \"prefix\": {},", json!(h.prefix))?;
        writeln!(out, "  \"raw\": {},", h.prefix.is_none())?;
        write!(out, "  \"entries\": [")?;
    } else {
        writeln!(out, "{}", header(&ns, now_ms()).line())?;
    }
    let records = formatted::write_entries(
        &mut storage,
        &range,
        &layout,
        Some(&mut digest),
        &progress,
        out,
        stopped,
    )?;
    let hash = digest.finish();
    if args.canonical {
        writeln!(out, "{}],", if records == 0 { "" } else { "\n  " })?;
        writeln!(out, "  \"records\": {records},")?;
        writeln!(out, "  \"hash\": \"{hash}\"")?;
        writeln!(out, "}}")?;
    } else {
        writeln!(out, "{}", trailer_line(records, &hash))?;
    }
    progress.finish_and_clear();
    if records == 0 {
        g.warn_if_namespace_empty(&mut storage)?;
    }
    Ok((records, hash))
}

/// `FILE.<pid>.part`: the dump being written, beside its destination.
fn part_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(format!(".{}.part", std::process::id()));
    PathBuf::from(name)
}

/// Removes `FILE.<pid>.part` files of exports that were killed.
fn remove_stale_parts(g: &GlobalArgs, file: &Path) {
    let Some(name) = file.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let dir = crate::store::durable::parent_of(file);
    for stale in super::leftovers::remove_stale(dir, &format!("{name}."), ".part") {
        g.note(format!(
            "removed {}, left by an export that was killed",
            stale.display()
        ));
    }
}

/// Runs `export`.
pub fn run(g: &GlobalArgs, args: &ExportArgs) -> Result<()> {
    super::interrupt::install();
    let target = args.file.as_ref().filter(|f| f.as_os_str() != "-");
    let records = match target {
        None => {
            let mut out = output::stdout();
            let n = write_dump(g, args, &mut out)?;
            out.flush()?;
            n
        }
        Some(file) => {
            if file.exists() && !args.force {
                return Err(StoreError::bad_input(format!(
                    "{} exists: pass --force to replace it (nothing was written)",
                    file.display()
                ))
                .into());
            }
            remove_stale_parts(g, file);
            let part = part_path(file);
            let result = (|| -> Result<(u64, String)> {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&part)
                    .with_context(|| format!("create {}", part.display()))?;
                let mut out = std::io::BufWriter::new(f);
                let n = write_dump(g, args, &mut out).map_err(|e| {
                    // A store that cannot be read is not a failed write.
                    if e.chain().any(|c| c.is::<StoreError>()) {
                        e.context(format!("stopped ({} removed)", part.display()))
                    } else {
                        e.context(format!("write {}", part.display()))
                    }
                })?;
                let f = out
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("write {}", part.display()))?;
                f.sync_all()
                    .with_context(|| format!("sync {}", part.display()))?;
                // Data synced above, then renamed and the directory synced.
                crate::store::durable::rename(&part, file)
                    .with_context(|| format!("rename {} to {}", part.display(), file.display()))?;
                Ok(n)
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&part);
            }
            result?
        }
    };
    let (records, hash) = records;
    match target {
        // The dump is on disk: stdout is free for the summary.
        Some(file) if matches!(g.output, OutputFormat::Json | OutputFormat::Ndjson) => {
            println!(
                "{}",
                json!({
                    "action": "export",
                    "file": file.display().to_string(),
                    "records": records,
                    "hash": hash,
                })
            )
        }
        Some(file) => g.note(format!(
            "exported {records} record(s) to {}",
            file.display()
        )),
        None if g.output != OutputFormat::Json => g.note(format!("exported {records} record(s)")),
        None => {}
    }
    Ok(())
}
