//! `storectl batch FILE|-`

use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::store::batch::parse_batch_document;
use crate::store::codec::{escape_bytes, key_to_json};
use crate::store::{BatchOperation, StorageService};
use anyhow::Result;
use clap::Args;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

/// Apply put/delete operations as one atomic write.
///
/// Input is NDJSON (one operation per line) or a JSON array of operations,
/// in the seed's BatchOperation shape:
///   {"type":"put","key":"block:abc","value":{...}}
///   {"type":"delete","key":"height:7"}
/// A key may be {"bytes": base64}; a put may give "raw": {"text"|"bytes": ...}
/// instead of "value" to store non-JSON bytes. Every operation is checked
/// before anything is written; the first bad one is reported with its line,
/// and nothing is written.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The operations file, or `-` for stdin.
    pub file: PathBuf,
    /// Print what would change, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What one operation would do to the store.
fn describe_change(before: Option<&[u8]>, op: &BatchOperation) -> &'static str {
    match (op, before) {
        (BatchOperation::Put { .. }, None) => "create",
        (BatchOperation::Put { value, .. }, Some(old)) if old == value.as_slice() => "unchanged",
        (BatchOperation::Put { .. }, Some(_)) => "overwrite",
        (BatchOperation::Delete { .. }, Some(_)) => "delete",
        (BatchOperation::Delete { .. }, None) => "delete (absent)",
    }
}

fn plan(storage: &mut StorageService, ops: &[BatchOperation]) -> Result<Vec<&'static str>> {
    let mut overlay: HashMap<&[u8], Option<&[u8]>> = HashMap::new();
    let mut stored: HashMap<&[u8], Option<Vec<u8>>> = HashMap::new();
    let mut changes = Vec::with_capacity(ops.len());
    for op in ops {
        let key = op.key();
        if !stored.contains_key(key) {
            stored.insert(key, storage.get(key)?);
        }
        let before = match overlay.get(key) {
            Some(v) => *v,
            None => stored[key].as_deref(),
        };
        changes.push(describe_change(before, op));
        overlay.insert(
            key,
            match op {
                BatchOperation::Put { value, .. } => Some(value.as_slice()),
                BatchOperation::Delete { .. } => None,
            },
        );
    }
    Ok(changes)
}

/// Runs `batch`.
pub fn run(g: &GlobalArgs, args: &BatchArgs) -> Result<()> {
    let input = super::input::read_file_or_stdin(&args.file)?;
    let (source, text) = (input.source, input.text);
    let ops = parse_batch_document(&source, &text)?;
    let puts = ops
        .iter()
        .filter(|op| matches!(op, BatchOperation::Put { .. }))
        .count();
    let deletes = ops.len() - puts;

    if args.dry_run {
        let mut storage = g.open_read()?;
        let changes = plan(&mut storage, &ops)?;
        let mut out = output::stdout();
        match g.output {
            OutputFormat::Table => {
                let mut t = output::table(&["#", "op", "key", "change"]);
                for (i, (op, change)) in ops.iter().zip(&changes).enumerate() {
                    let kind = if matches!(op, BatchOperation::Put { .. }) {
                        "put"
                    } else {
                        "delete"
                    };
                    // Numbered from 1, like the operations of the input.
                    t.add_row(vec![
                        (i + 1).to_string(),
                        kind.to_string(),
                        escape_bytes(op.key()),
                        change.to_string(),
                    ]);
                }
                output::write_table(&mut out, &t)?;
            }
            OutputFormat::Plain => {
                for (i, (op, change)) in ops.iter().zip(&changes).enumerate() {
                    let kind = if matches!(op, BatchOperation::Put { .. }) {
                        "put"
                    } else {
                        "delete"
                    };
                    writeln!(
                        out,
                        "{}\t{kind}\t{}\t{change}",
                        i + 1,
                        escape_bytes(op.key())
                    )?;
                }
            }
            OutputFormat::Json | OutputFormat::Ndjson => {
                let records: Vec<String> = ops
                    .iter()
                    .zip(&changes)
                    .map(|(op, change)| {
                        let kind = if matches!(op, BatchOperation::Put { .. }) {
                            "put"
                        } else {
                            "delete"
                        };
                        format!(
                            "{{\"type\":\"{kind}\",\"key\":{},\"change\":\"{change}\"}}",
                            key_to_json(op.key())
                        )
                    })
                    .collect();
                if g.output == OutputFormat::Json {
                    writeln!(out, "[{}]", records.join(","))?;
                } else {
                    for r in records {
                        writeln!(out, "{r}")?;
                    }
                }
            }
        }
        out.flush()?;
        g.note(format!(
            "dry run: {} operation(s) ({puts} put, {deletes} delete); nothing written",
            ops.len()
        ));
        return Ok(());
    }

    let mut storage = g.open_write()?;
    let applied = ops.len();
    // A batch larger than the engine's memtable is written as a table of
    // its own (still one atomic write).
    storage.batch_owned(ops)?;
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            println!(
                "{{\"action\":\"batch\",\"applied\":{applied},\"puts\":{puts},\"deletes\":{deletes}}}"
            )
        }
        OutputFormat::Table | OutputFormat::Plain => g.note(format!(
            "applied {applied} operation(s) atomically ({puts} put, {deletes} delete)"
        )),
    }
    Ok(())
}
