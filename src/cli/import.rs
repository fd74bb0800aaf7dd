//! `storectl import FILE|-`

use super::exit::UsageError;
use super::import_records::{check_and_sort, stream_records, Presorted};
use super::output::{self, OutputFormat};
use super::partial;
use super::GlobalArgs;
use crate::model::fixture::{fixture_operations, FIXTURE_FORMAT};
use crate::store::codec::parse_record;
use crate::store::digest::ContentDigest;
use crate::store::dump::{read_bounded_line, DUMP_FORMAT, MAX_LINE_BYTES};
use crate::store::json::{self as rawjson, Raw};
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
    /// The input file (a pipe too), or `-` for stdin.
    pub input: PathBuf,
    /// Import into a namespace that already has keys.
    #[arg(long)]
    pub merge: bool,
    /// Keep existing keys (skip records whose key exists).
    #[arg(long, requires = "merge")]
    pub no_overwrite: bool,
}

/// Name prefix of input spools: `storectl-import-<pid>-<random>.tmp`.
const SPOOL_PREFIX: &str = "storectl-import-";

/// A spooled copy of `input` (stdin, a pipe: input read more than once;
/// removed when dropped), created with O_EXCL under an unpredictable name,
/// so a planted file or symlink is never followed or overwritten.
fn spool_input(
    g: &GlobalArgs,
    input: &mut dyn std::io::Read,
    source: &str,
) -> Result<tempfile::NamedTempFile> {
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
    std::io::copy(input, spool.as_file_mut())
        .with_context(|| format!("copy {source} into {}", spool.path().display()))?;
    Ok(spool)
}

/// The kind of input, from its first line.
pub(super) enum Kind {
    /// A dump from `export`: header, records, trailer.
    Dump,
    /// Plain `{"key","value"|"raw"}` lines.
    Records,
    /// A canonical dump or a fixture: one JSON document.
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

/// Imports the input (`kind`, `path`, `source`) into `storage` (from
/// `presorted` when the records were sorted while they were checked),
/// counting in `written` the records of every chunk written; returns the
/// count the command reports (the records read when they were presorted,
/// else those written).
fn import_into(
    storage: &mut StorageService,
    args: &ImportArgs,
    g: &GlobalArgs,
    (kind, path, source): (&Kind, &Path, &str),
    presorted: Option<Presorted>,
    written: &mut u64,
) -> Result<u64> {
    let progress = output::progress_counter("importing");
    let mut skipped = 0u64;
    // With --no-overwrite, existing keys are looked up before each chunk is written.
    let mut pending: Vec<BatchOperation> = Vec::new();
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
        *written += writer.finish()?;
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
    Ok(*written)
}

/// Runs `import`.
pub fn run(g: &GlobalArgs, args: &ImportArgs) -> Result<()> {
    super::interrupt::install();
    let db =
        g.db.clone()
            .ok_or_else(|| UsageError("no store given: use --db DIR or set STORECTL_DB".into()))?;
    let spool;
    let (path, source) = if args.input.as_os_str() == "-" {
        spool = spool_input(g, &mut std::io::stdin().lock(), "stdin")?;
        (spool.path().to_path_buf(), "<stdin>".to_string())
    } else if std::fs::metadata(&args.input).is_ok_and(|m| !m.is_file()) {
        // A pipe (`import <(zcat dump.gz)`, a FIFO): read once, into a
        // spool, as stdin is; errors still name the input.
        let source = args.input.display().to_string();
        let mut input =
            std::fs::File::open(&args.input).with_context(|| format!("open {source}"))?;
        spool = spool_input(g, &mut input, &source)?;
        (spool.path().to_path_buf(), source)
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
            presorted = Some(check_and_sort(&path, &source, g, &db, &kind)?);
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
        // Written in chunks: a failure from here on says how far it got.
        let progress = partial::Progress {
            done: 0,
            total: None,
            unit: "records",
            chunk: format!("{CHUNK} records"),
            finish: if args.no_overwrite {
                "once the cause is fixed, run the same import with --merge --no-overwrite (the records already written are kept, as the keys that were there before)"
            } else {
                "once the cause is fixed, run the same import with --merge (records already written are written again, with the same values)"
            },
        };
        let mut read = 0;
        partial::write_in_chunks(progress, |written| {
            read = import_into(
                &mut storage,
                args,
                g,
                (&kind, &path, &source),
                presorted,
                &mut written.done,
            )?;
            written.total = Some(written.done);
            storage.close()?;
            Ok(())
        })?;
        read
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
        // A new store, renamed into place only when whole.
        let n = import_into(&mut storage, args, g, (kind, path, source), None, &mut 0)?;
        storage.close()?;
        Ok(n)
    }
}
