//! `storectl import FILE|-`

use super::exit::UsageError;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::fixture::{fixture_operations, FIXTURE_FORMAT};
use crate::store::codec::parse_record;
use crate::store::digest::ContentDigest;
use crate::store::dump::{parse_line, read_bounded_line, DumpLine, DUMP_FORMAT, MAX_LINE_BYTES};
use crate::store::json::{self as rawjson, Raw};
use crate::store::sorter::{Sorted, Sorter};
use crate::store::{BatchOperation, BatchProcessor, StorageService, Store, WriteAccess};
use crate::StoreError;
use anyhow::{Context, Result};
use clap::Args;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Largest canonical dump or fixture document read whole (line-based dumps
/// stream and have no such limit).
const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

/// Records per atomic write.
const CHUNK: usize = 10_000;

/// Load data: a dump from `export`, plain NDJSON records, a canonical dump,
/// or a fixture document.
///
/// Accepted input: a dump (header, records, trailer; the count and digest
/// are checked); plain `{"key","value"|"raw"}` lines (what `scan -o ndjson`
/// prints); a canonical dump (`export --canonical`); a fixture document
/// (`"format": "storectl-fixture"`, see docs/fixtures.md), loaded through
/// the block and state model. The whole input is checked before anything
/// is written; an error names the line. Importing into a store that does
/// not exist needs --create and builds it in a temporary directory that is
/// renamed into place on success. A non-empty namespace needs --merge.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The input file, or `-` for stdin.
    pub input: PathBuf,
    /// Import into a namespace that already has keys.
    #[arg(long)]
    pub merge: bool,
    /// Keep existing keys (skip records whose key exists).
    #[arg(long, requires = "merge")]
    pub no_overwrite: bool,
}

/// Name prefix of stdin spools: `storectl-import-<pid>-<random>.tmp`.
const SPOOL_PREFIX: &str = "storectl-import-";

/// A spooled copy of stdin (removed when dropped), created with O_EXCL
/// under an unpredictable name, so a planted file or symlink is never
/// followed or overwritten.
fn spool_stdin(g: &GlobalArgs) -> Result<tempfile::NamedTempFile> {
    let dir = std::env::temp_dir();
    for stale in super::leftovers::remove_stale(&dir, SPOOL_PREFIX, "-") {
        g.note(format!(
            "removed {}, left by an import that was killed",
            stale.display()
        ));
    }
    let mut spool = tempfile::Builder::new()
        .prefix(&format!("{SPOOL_PREFIX}{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("create a spool file in {}", dir.display()))?;
    std::io::copy(&mut std::io::stdin().lock(), spool.as_file_mut()).context("read stdin")?;
    Ok(spool)
}

/// The kind of input, from its first line.
enum Kind {
    Dump,
    Records,
    Document,
}

fn kind_of(path: &Path) -> Result<Kind> {
    let mut reader = BufReader::new(
        std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?,
    );
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        line_no += 1;
        let more = read_bounded_line(&mut reader, &mut buf, MAX_LINE_BYTES).map_err(|e| {
            StoreError::bad_input(format!("{}: line {line_no}: {e}", path.display()))
        })?;
        if !more {
            break;
        }
        let line = String::from_utf8_lossy(&buf);
        if line.trim().is_empty() {
            continue;
        }
        return Ok(match rawjson::object(&line) {
            Ok(fields) => match fields.get("format").map(|f| f.get().to_string()) {
                Some(f) if f == format!("\"{DUMP_FORMAT}\"") => Kind::Dump,
                Some(f) if f == format!("\"{FIXTURE_FORMAT}\"") => Kind::Document,
                _ => Kind::Records,
            },
            Err(_) if line.trim() == "{" => Kind::Document,
            Err(_) => Kind::Records, // the line's error is reported by the check
        });
    }
    Ok(Kind::Records)
}

/// Streams the records of a dump or NDJSON file, checking the structure;
/// `sink` gets every record. Returns the record count.
fn stream_records(
    path: &Path,
    source: &str,
    g: &GlobalArgs,
    mut sink: impl FnMut(Vec<u8>, Vec<u8>) -> Result<()>,
) -> Result<u64> {
    let mut reader = BufReader::new(
        std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?,
    );
    let mut buf = Vec::new();
    let (mut line_no, mut records) = (0u64, 0u64);
    let mut digest = ContentDigest::new();
    let (mut header_seen, mut trailer_seen, mut first) = (false, false, true);
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

/// Operations of a whole-document input (canonical dump or fixture).
fn document_operations(path: &Path, source: &str, g: &GlobalArgs) -> Result<Vec<BatchOperation>> {
    let file = std::fs::File::open(path).with_context(|| format!("read {source}"))?;
    let text = super::input::read_bounded(file, source, MAX_DOCUMENT_BYTES)?;
    let fields: BTreeMap<String, Raw<'_>> = rawjson::object(&text)
        .map_err(|e| StoreError::bad_input(format!("{source}: line {}: {e}", e.line(&text))))?;
    if fields.get("format").map(|f| f.get()) == Some(&format!("\"{FIXTURE_FORMAT}\"")) {
        return Ok(fixture_operations(source, &text)?);
    }
    if fields.get("format").map(|f| f.get()) != Some(&format!("\"{DUMP_FORMAT}\"")) {
        return Err(StoreError::bad_input(format!("{source}: a JSON document must have \"format\": \"{DUMP_FORMAT}\" or \"{FIXTURE_FORMAT}\"")).into());
    }
    let raw = fields
        .get("raw")
        .map(|r| r.get() == "true")
        .unwrap_or(false);
    if raw != g.raw {
        return Err(StoreError::bad_input(format!(
            "{source}: the dump was exported {}",
            if raw {
                "with --raw; import it with --raw"
            } else {
                "with a prefix; import it without --raw"
            }
        ))
        .into());
    }
    let entries: Vec<Raw<'_>> = fields
        .get("entries")
        .map(|e| rawjson::array(e.get()))
        .transpose()
        .map_err(|_| StoreError::bad_input(format!("{source}: \"entries\" must be an array")))?
        .unwrap_or_default();
    let mut digest = ContentDigest::new();
    let mut ops = Vec::with_capacity(entries.len());
    for (i, raw) in entries.iter().enumerate() {
        let (key, value) = parse_record(raw.get()).map_err(|m| {
            StoreError::bad_input(format!(
                "{source}: line {} (entries[{i}]): {m}",
                crate::store::document::line_of(&text, raw.get())
            ))
        })?;
        digest.add(&key, &value);
        ops.push(BatchOperation::Put { key, value });
    }
    let claimed: Option<Value> = fields
        .get("hash")
        .and_then(|h| serde_json::from_str(h.get()).ok());
    let actual = digest.finish();
    if let Some(claimed) = claimed
        .as_ref()
        .and_then(Value::as_str)
        .filter(|c| *c != actual)
    {
        return Err(StoreError::bad_input(format!(
            "{source}: digest mismatch: the document says {claimed}, the entries give {actual}"
        ))
        .into());
    }
    Ok(ops)
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
type Presorted = (Sorted, u64);

/// Checks every record of a dump or NDJSON input and sorts them by key
/// (a key given twice keeps its last value, as writing in input order
/// would): LevelDB loads sorted keys several times faster. Nothing is
/// written to the store; sort runs past the in-memory bound go to
/// anonymous temporary files beside it.
fn check_and_sort(path: &Path, source: &str, g: &GlobalArgs, db: &Path) -> Result<Presorted> {
    let dir = super::new_store::sort_dir(db);
    let progress = output::progress_counter("checking and sorting");
    let mut sorter = Sorter::new(&dir, sort_run_bytes());
    let records = stream_records(path, source, g, |key, value| {
        progress.inc(1);
        Ok(sorter.add(&key, &value)?)
    })?;
    progress.finish_and_clear();
    Ok((sorter.finish()?, records))
}

/// Imports into `storage` (from `presorted` when the records were sorted
/// while they were checked).
fn import_into(
    storage: &mut StorageService,
    args: &ImportArgs,
    g: &GlobalArgs,
    kind: &Kind,
    path: &Path,
    source: &str,
    presorted: Option<Presorted>,
) -> Result<u64> {
    let progress = output::progress_counter("importing");
    let mut skipped = 0u64;
    // With --no-overwrite, existing keys are looked up before each chunk is written.
    let mut pending: Vec<BatchOperation> = Vec::new();
    let mut written = 0u64;
    let mut flush = |storage: &mut StorageService,
                     pending: &mut Vec<BatchOperation>,
                     skipped: &mut u64|
     -> Result<()> {
        let mut ops = std::mem::take(pending);
        if args.no_overwrite {
            let mut kept = Vec::with_capacity(ops.len());
            for op in ops {
                if storage.get(op.key())?.is_some() {
                    *skipped += 1;
                } else {
                    kept.push(op);
                }
            }
            ops = kept;
        }
        let mut writer = BatchProcessor::new(storage, CHUNK);
        for op in ops {
            writer.add(op)?;
        }
        written += writer.finish()?;
        Ok(())
    };
    // Sorted while it was checked: written in key order.
    if let Some((sorted, records)) = presorted {
        progress.finish_and_clear();
        let writing = output::progress_counter("writing in key order");
        for (i, item) in sorted.enumerate() {
            let (key, value) = item?;
            if i % 1024 == 0 {
                super::interrupt::check(|| "stopped while writing".into())?;
            }
            pending.push(BatchOperation::Put { key, value });
            writing.inc(1);
            if pending.len() >= CHUNK {
                flush(storage, &mut pending, &mut skipped)?;
            }
        }
        flush(storage, &mut pending, &mut skipped)?;
        writing.finish_and_clear();
        return Ok(records);
    }
    match kind {
        Kind::Document => {
            for op in document_operations(path, source, g)? {
                pending.push(op);
                progress.inc(1);
                if pending.len() >= CHUNK {
                    flush(storage, &mut pending, &mut skipped)?;
                }
            }
        }
        Kind::Dump | Kind::Records => {
            stream_records(path, source, g, |key, value| {
                pending.push(BatchOperation::Put { key, value });
                progress.inc(1);
                if pending.len() >= CHUNK {
                    flush(storage, &mut pending, &mut skipped)?;
                }
                Ok(())
            })?;
        }
    }
    flush(storage, &mut pending, &mut skipped)?;
    progress.finish_and_clear();
    if skipped > 0 {
        g.note(format!("kept {skipped} existing key(s) (--no-overwrite)"));
    }
    Ok(written)
}

/// Runs `import`.
pub fn run(g: &GlobalArgs, args: &ImportArgs) -> Result<()> {
    super::interrupt::install();
    let db =
        g.db.clone()
            .ok_or_else(|| UsageError("no store given: use --db DIR or set STORECTL_DB".into()))?;
    let spool;
    let (path, source) = if args.input.as_os_str() == "-" {
        spool = spool_stdin(g)?;
        (spool.path().to_path_buf(), "<stdin>".to_string())
    } else {
        (args.input.clone(), args.input.display().to_string())
    };
    let kind = kind_of(&path)?;
    // Check the whole input before anything is written (sorting records
    // on the way, except with --no-overwrite, which keeps input order).
    let mut presorted = None;
    match kind {
        Kind::Document => {
            document_operations(&path, &source, g)?;
        }
        Kind::Dump | Kind::Records if !args.no_overwrite => {
            presorted = Some(check_and_sort(&path, &source, g, &db)?);
        }
        Kind::Dump | Kind::Records => {
            stream_records(&path, &source, g, |_, _| Ok(()))?;
        }
    }
    let written = if db.join("CURRENT").exists() {
        let mut storage = g.open_write_with(true)?;
        let has_keys = storage.namespace_has_keys()?;
        if has_keys && !args.merge {
            return Err(StoreError::bad_input(format!(
                "{} already has keys in this namespace: pass --merge to import into it",
                db.display()
            ))
            .into());
        }
        let n = import_into(&mut storage, args, g, &kind, &path, &source, presorted)?;
        storage.close()?;
        n
    } else {
        if !g.create {
            return Err(StoreError::NoStore {
                path: db.clone(),
                reason: "it does not exist (pass --create to build it)".into(),
            }
            .into());
        }
        build_new_store(&db, args, g, &kind, &path, &source, presorted)?
    };
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            println!("{}", json!({"action": "import", "records": written}))
        }
        OutputFormat::Table | OutputFormat::Plain => g.note(format!(
            "imported {written} record(s) into {}",
            db.display()
        )),
    }
    Ok(())
}

/// Builds a new store under a temporary name and renames it into place
/// only when everything was written.
fn build_new_store(
    db: &Path,
    args: &ImportArgs,
    g: &GlobalArgs,
    kind: &Kind,
    path: &Path,
    source: &str,
    presorted: Option<Presorted>,
) -> Result<u64> {
    super::new_store::build(g, db, ("import", "an import"), |temp| match presorted {
        // Sorted while checked: the tables are written directly.
        Some((sorted, records)) => {
            super::new_store::write_tables(temp, sorted, g)?;
            Ok(records)
        }
        None => write_through_engine(temp, args, g, kind, path, source),
    })
}

/// Builds the new store at `temp` through the engine (a snapshot document,
/// or records kept in input order).
fn write_through_engine(
    temp: &Path,
    args: &ImportArgs,
    g: &GlobalArgs,
    kind: &Kind,
    path: &Path,
    source: &str,
) -> Result<u64> {
    {
        std::fs::create_dir_all(temp).with_context(|| format!("create {}", temp.display()))?;
        let store = Store::open_write(
            temp,
            WriteAccess {
                create: true,
                bulk: true,
                ..WriteAccess::default()
            },
        )?;
        let mut storage = StorageService::new(store, g.namespace());
        let n = import_into(&mut storage, args, g, kind, path, source, None)?;
        storage.close()?;
        Ok(n)
    }
}
