//! `storectl inspect manifest|log|table`: a store's files as they are on
//! disk, read with the same decoders as every read (`src/store/ldb`), so
//! they work on live and damaged stores alike.

use super::output::{self, Report};
use super::GlobalArgs;
use crate::store::codec::{escape_bytes, key_to_json, record_line};
use crate::store::ldb::format::{parse_internal_key, BlockHandle};
use crate::store::ldb::log::{read_tolerant, LogEvent};
use crate::store::ldb::manifest::{decode_edits, read_current, FileMetaData, Manifest};
use crate::store::ldb::memtable::decode_batch;
use crate::store::ldb::{ReadError, TableReader};
use crate::StoreError;
use anyhow::Result;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Show a store's files: the manifest, a log, a table.
///
/// Read directly from the files (no engine, no lock, nothing written), so
/// these work on a live store and on one that cannot be opened.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// What to show.
    #[command(subcommand)]
    pub what: InspectCommand,
}

/// The files `inspect` shows.
#[derive(Debug, Subcommand)]
pub enum InspectCommand {
    /// The live version: comparator, log number, next file number, last
    /// sequence, compaction pointers, and every table by level with its size
    /// and key range.
    Manifest {
        /// List every version edit in order instead.
        #[arg(long)]
        edits: bool,
    },
    /// Each record of a log: offset, length, sequence, operations; damage
    /// and a torn tail are shown and reading goes on.
    Log {
        /// The log file (default: the newest log of --db).
        file: Option<PathBuf>,
        /// Print the values too.
        #[arg(long)]
        values: bool,
    },
    /// A table's footer, index, metaindex, filter and blocks (offset, size,
    /// compression, checksum), and with --entries every entry.
    Table {
        /// The table file (any `.ldb`/`.sst`, in a store or not).
        file: PathBuf,
        /// Print every entry: user key, sequence, type, value.
        #[arg(long)]
        entries: bool,
    },
}

fn unreadable(e: ReadError) -> anyhow::Error {
    StoreError::Unreadable(e).into()
}

/// An internal key's parts for output: (user key, sequence, type).
fn ikey_parts(ikey: &[u8]) -> (Vec<u8>, Option<u64>, &'static str) {
    match parse_internal_key(ikey) {
        Some(p) => (
            p.user_key.to_vec(),
            Some(p.sequence),
            if p.kind == 1 { "value" } else { "deletion" },
        ),
        None => (ikey.to_vec(), None, "?"),
    }
}

fn ikey_json(ikey: &[u8]) -> serde_json::Value {
    let (k, seq, kind) = ikey_parts(ikey);
    json!({"key": key_to_json(&k), "sequence": seq, "type": kind})
}

fn ikey_text(ikey: &[u8]) -> String {
    let (k, seq, kind) = ikey_parts(ikey);
    match seq {
        Some(seq) => format!("{} @{seq} {kind}", escape_bytes(&k)),
        None => escape_bytes(&k),
    }
}

fn file_json(level: u64, f: &FileMetaData) -> serde_json::Value {
    json!({"level": level, "file": f.number, "size": f.size,
           "smallest": ikey_json(&f.smallest), "largest": ikey_json(&f.largest)})
}

fn file_row(level: u64, f: &FileMetaData) -> Vec<String> {
    vec![
        level.to_string(),
        f.number.to_string(),
        f.size.to_string(),
        ikey_text(&f.smallest),
        ikey_text(&f.largest),
    ]
}

fn read_manifest_file(dir: &Path) -> Result<(PathBuf, Vec<u8>)> {
    let name = read_current(dir).map_err(unreadable)?;
    let path = dir.join(name);
    let data = std::fs::read(&path).map_err(|e| unreadable(ReadError::io(&path, "read", &e)))?;
    Ok((path, data))
}

fn manifest(g: &GlobalArgs, edits: bool) -> Result<()> {
    let dir = g.db_path()?.clone();
    crate::store::open::require_store(&dir, false)?;
    let (path, data) = read_manifest_file(&dir)?;
    if edits {
        let edits = decode_edits(&path, &data).map_err(unreadable)?;
        let mut report = Report {
            summary: vec![
                ("manifest", path.display().to_string()),
                ("edits", edits.len().to_string()),
            ],
            summary_json: json!({"manifest": path.display().to_string(), "edits": edits.len()}),
            columns: vec!["offset", "change"],
            rows: Vec::new(),
            rows_json: Vec::new(),
        };
        for e in &edits {
            let mut changes: Vec<String> = Vec::new();
            if let Some(c) = &e.comparator {
                changes.push(format!("comparator {c}"));
            }
            for (name, v) in [
                ("log number", e.log_number),
                ("prev log number", e.prev_log_number),
                ("next file", e.next_file_number),
                ("last sequence", e.last_sequence),
            ] {
                if let Some(v) = v {
                    changes.push(format!("{name} {v}"));
                }
            }
            for (level, key) in &e.compact_pointers {
                changes.push(format!("compact pointer L{level} {}", ikey_text(key)));
            }
            for (level, n) in &e.deleted {
                changes.push(format!("delete L{level} #{n}"));
            }
            for (level, f) in &e.added {
                changes.push(format!(
                    "add L{level} #{} {} bytes {} .. {}",
                    f.number,
                    f.size,
                    ikey_text(&f.smallest),
                    ikey_text(&f.largest)
                ));
            }
            report
                .rows
                .push(vec![e.offset.to_string(), changes.join("; ")]);
            report.rows_json.push(
                json!({
                    "offset": e.offset, "comparator": e.comparator, "logNumber": e.log_number,
                    "prevLogNumber": e.prev_log_number, "nextFile": e.next_file_number,
                    "lastSequence": e.last_sequence,
                    "compactPointers": e.compact_pointers.iter().map(|(l, k)| json!({"level": l, "key": ikey_json(k)})).collect::<Vec<_>>(),
                    "deleted": e.deleted.iter().map(|(l, n)| json!({"level": l, "file": n})).collect::<Vec<_>>(),
                    "added": e.added.iter().map(|(l, f)| file_json(*l, f)).collect::<Vec<_>>(),
                })
                .to_string(),
            );
        }
        output::print_report(g.output, &report)?;
        return Ok(());
    }
    let m = Manifest::replay(&path, &data).map_err(unreadable)?;
    let levels: Vec<serde_json::Value> = m
        .levels
        .iter()
        .enumerate()
        .map(|(l, files)| json!({"level": l, "files": files.len(), "bytes": files.iter().map(|f| f.size).sum::<u64>()}))
        .collect();
    let mut report = Report {
        summary: vec![
            ("manifest", path.display().to_string()),
            ("comparator", m.comparator.clone().unwrap_or_default()),
            ("log number", m.log_number.to_string()),
            ("prev log number", m.prev_log_number.to_string()),
            ("next file", m.next_file_number.to_string()),
            ("last sequence", m.last_sequence.to_string()),
            ("edits", m.edits.to_string()),
            (
                "compaction pointers",
                m.compact_pointers
                    .iter()
                    .map(|(l, k)| format!("L{l} {}", ikey_text(k)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ],
        summary_json: json!({
            "manifest": path.display().to_string(), "comparator": m.comparator, "logNumber": m.log_number,
            "prevLogNumber": m.prev_log_number, "nextFile": m.next_file_number,
            "lastSequence": m.last_sequence, "edits": m.edits,
            "compactPointers": m.compact_pointers.iter().map(|(l, k)| json!({"level": l, "key": ikey_json(k)})).collect::<Vec<_>>(),
            "levels": levels,
        }),
        columns: vec!["level", "file", "bytes", "smallest", "largest"],
        rows: Vec::new(),
        rows_json: Vec::new(),
    };
    for (level, f) in m.tables() {
        report.rows.push(file_row(level as u64, f));
        report
            .rows_json
            .push(file_json(level as u64, f).to_string());
    }
    output::print_report(g.output, &report)?;
    Ok(())
}

/// The newest `*.log` of a store.
fn newest_log(dir: &Path) -> Result<PathBuf> {
    crate::store::ldb::manifest::log_files(dir)
        .map_err(unreadable)?
        .pop()
        .map(|(_, p)| p)
        .ok_or_else(|| {
            StoreError::NotFound {
                what: format!("a log file in {}", dir.display()),
            }
            .into()
        })
}

fn log(g: &GlobalArgs, file: Option<&PathBuf>, values: bool) -> Result<()> {
    let path = match file {
        Some(f) => f.clone(),
        None => {
            let dir = g.db_path()?.clone();
            crate::store::open::require_store(&dir, false)?;
            newest_log(&dir)?
        }
    };
    let data = std::fs::read(&path).map_err(|e| unreadable(ReadError::io(&path, "read", &e)))?;
    let mut report = Report {
        summary: Vec::new(),
        summary_json: json!({}),
        columns: vec![
            "offset", "length", "status", "sequence", "op", "key", "value",
        ],
        rows: Vec::new(),
        rows_json: Vec::new(),
    };
    let (mut records, mut damaged) = (0u64, 0u64);
    let mut torn = None;
    read_tolerant(&data, |event| match event {
        LogEvent::Record { offset, data } => {
            records += 1;
            let mut ops: Vec<String> = Vec::new();
            let mut rows: Vec<Vec<String>> = Vec::new();
            let decoded = decode_batch(&data, |seq, kind, key, value| {
                let op = if kind == 1 { "put" } else { "delete" };
                let shown = if kind != 1 {
                    String::new()
                } else if values {
                    output::value_cell(value)
                } else {
                    format!("({} bytes)", value.len())
                };
                rows.push(vec![
                    offset.to_string(),
                    data.len().to_string(),
                    "ok".into(),
                    seq.to_string(),
                    op.into(),
                    escape_bytes(key),
                    shown,
                ]);
                let mut v = output::JsonObject::new()
                    .value("sequence", seq.into())
                    .value("type", op.into())
                    .value("key", key_to_json(key))
                    .value("valueBytes", value.len().into());
                if values && kind == 1 {
                    v = v.raw("record", &record_line(key, value));
                }
                ops.push(v.finish());
            });
            match decoded {
                Ok(seq) => {
                    report.rows.extend(rows);
                    report.rows_json.push(
                        output::JsonObject::new()
                            .value("offset", offset.into())
                            .value("length", data.len().into())
                            .value("status", "ok".into())
                            .value("sequence", seq.into())
                            .raw("ops", &format!("[{}]", ops.join(",")))
                            .finish(),
                    );
                }
                Err(message) => {
                    damaged += 1;
                    report.rows.push(vec![
                        offset.to_string(),
                        data.len().to_string(),
                        format!("bad batch: {message}"),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ]);
                    report.rows_json.push(json!({"offset": offset, "length": data.len(), "status": "bad batch", "message": message}).to_string());
                }
            }
        }
        LogEvent::Damage {
            offset,
            bytes,
            message,
        } => {
            damaged += 1;
            report.rows.push(vec![
                offset.to_string(),
                bytes.to_string(),
                format!("damaged: {message}"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            report.rows_json.push(
                json!({"offset": offset, "length": bytes, "status": "damaged", "message": message})
                    .to_string(),
            );
        }
        LogEvent::TornTail { offset } => {
            torn = Some(offset);
            report.rows.push(vec![
                offset.to_string(),
                (data.len() as u64 - offset).to_string(),
                "torn tail (an unfinished write)".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            report.rows_json.push(json!({"offset": offset, "length": data.len() as u64 - offset, "status": "torn tail"}).to_string());
        }
    });
    report.summary = vec![
        ("log", path.display().to_string()),
        ("bytes", data.len().to_string()),
        ("records", records.to_string()),
        ("damaged", damaged.to_string()),
        (
            "torn tail at",
            torn.map(|o| o.to_string()).unwrap_or_else(|| "-".into()),
        ),
    ];
    report.summary_json = json!({"log": path.display().to_string(), "bytes": data.len(), "records": records, "damaged": damaged, "tornTailAt": torn});
    output::print_report(g.output, &report)?;
    Ok(())
}

fn table(g: &GlobalArgs, path: &Path, entries: bool) -> Result<()> {
    let file =
        std::fs::File::open(path).map_err(|e| unreadable(ReadError::io(path, "open", &e)))?;
    let size = file.metadata()?.len();
    let table = Rc::new(TableReader::open(path, file, size).map_err(unreadable)?);
    let (index_handle, meta_handle) = table.meta_handles();
    let meta = table.metaindex().map_err(unreadable)?;
    let filter = meta
        .iter()
        .find(|(k, _)| k.starts_with(b"filter."))
        .map(|(k, _)| String::from_utf8_lossy(&k["filter.".len()..]).into_owned());
    let index = table.index().clone();
    let mut blocks = Vec::new();
    for i in 0..index.len() {
        let handle = table.decode_handle(index.value(i)).map_err(unreadable)?;
        blocks.push((index.key(i).to_vec(), table.block_info(handle)));
    }
    let bad = blocks.iter().filter(|(_, b)| b.problem.is_some()).count();
    if bad > 0 {
        super::exit::found_problems();
    }
    let handle_json = |h: BlockHandle| json!({"offset": h.offset, "size": h.size});
    let mut report = Report {
        summary: vec![
            ("table", path.display().to_string()),
            ("bytes", size.to_string()),
            (
                "index block",
                format!("offset {} size {}", index_handle.offset, index_handle.size),
            ),
            (
                "metaindex block",
                format!("offset {} size {}", meta_handle.offset, meta_handle.size),
            ),
            ("filter", filter.clone().unwrap_or_else(|| "(none)".into())),
            ("data blocks", blocks.len().to_string()),
            ("damaged blocks", bad.to_string()),
        ],
        summary_json: json!({
            "table": path.display().to_string(), "bytes": size, "index": handle_json(index_handle),
            "metaindex": handle_json(meta_handle), "filter": filter,
            "meta": meta.iter().map(|(k, h)| json!({"name": String::from_utf8_lossy(k), "offset": h.offset, "size": h.size})).collect::<Vec<_>>(),
            "dataBlocks": blocks.len(), "damagedBlocks": bad,
        }),
        columns: vec![],
        rows: Vec::new(),
        rows_json: Vec::new(),
    };
    if entries {
        report.columns = vec!["block", "key", "sequence", "type", "value"];
        for (_, info) in &blocks {
            if let Some(problem) = &info.problem {
                report.rows.push(vec![
                    info.handle.offset.to_string(),
                    format!("(block unreadable: {problem})"),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                report.rows_json.push(
                    json!({"block": info.handle.offset, "status": "damaged", "message": problem})
                        .to_string(),
                );
                continue;
            }
            let run = table.read_block(info.handle).map_err(unreadable)?;
            let mut cursor = crate::store::ldb::block::RunCursor::new(run);
            cursor.seek_to_first();
            while cursor.valid() {
                let (k, seq, kind) = ikey_parts(cursor.key());
                let value = cursor.value();
                report.rows.push(vec![
                    info.handle.offset.to_string(),
                    escape_bytes(&k),
                    seq.map(|s| s.to_string()).unwrap_or_default(),
                    kind.into(),
                    if kind == "value" {
                        output::value_cell(value)
                    } else {
                        String::new()
                    },
                ]);
                let record = if kind == "value" {
                    record_line(&k, value)
                } else {
                    format!("{{\"key\":{}}}", key_to_json(&k))
                };
                let head = record.strip_suffix('}').unwrap_or(&record);
                report.rows_json.push(format!(
                    "{head},\"block\":{},\"sequence\":{},\"type\":\"{kind}\"}}",
                    info.handle.offset,
                    seq.map(|s| s.to_string()).unwrap_or_else(|| "null".into())
                ));
                cursor.next();
            }
        }
    } else {
        report.columns = vec!["offset", "size", "compression", "checksum", "last key"];
        for (last, info) in &blocks {
            let compression = match info.compression {
                Some(0) => "none".to_string(),
                Some(1) => "snappy".to_string(),
                Some(c) => format!("unknown ({c})"),
                None => "?".into(),
            };
            let status = info.problem.clone().unwrap_or_else(|| "ok".into());
            report.rows.push(vec![
                info.handle.offset.to_string(),
                info.handle.size.to_string(),
                compression.clone(),
                status.clone(),
                ikey_text(last),
            ]);
            report.rows_json.push(
                json!({"offset": info.handle.offset, "size": info.handle.size, "compression": compression,
                       "checksum": if info.problem.is_none() { "ok" } else { "bad" }, "problem": info.problem,
                       "lastKey": ikey_json(last)})
                .to_string(),
            );
        }
    }
    output::print_report(g.output, &report)?;
    if bad > 0 {
        return Err(super::exit::FindingsError(format!(
            "{bad} damaged block(s) in {}",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Runs `inspect`.
pub fn run(g: &GlobalArgs, args: &InspectArgs) -> Result<()> {
    match &args.what {
        InspectCommand::Manifest { edits } => manifest(g, *edits),
        InspectCommand::Log { file, values } => log(g, file.as_ref(), *values),
        InspectCommand::Table { file, entries } => table(g, file, *entries),
    }
}
