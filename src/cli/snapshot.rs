//! `storectl snapshot create | list | show | chain | restore | delete | diff`

use super::exit::FindingsError;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::snapshot::{CaptureRange, RestoreChange, SnapshotInfo, SnapshotManager};
use crate::store::codec::{escape_bytes, key_to_json};
use crate::StoreError;
use anyhow::Result;
use clap::{ArgGroup, Args, Subcommand};
use serde_json::{json, Value};
use std::io::Write;

/// Snapshots of a machine's state, a key prefix or the whole namespace,
/// with incremental chains (`snapshot:<id>`, `snapshot:<id>:base`).
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: SnapshotCommand,
}

/// The `snapshot` subcommands.
#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Capture a range into a new snapshot and print its id.
    ///
    /// --machine M captures `state:M` and every `state:M:*` key; --key-prefix
    /// P every key starting with P; --all the whole namespace except
    /// `snapshot:*`. With --base ID only the keys changed and deleted since
    /// ID's view are stored (the range is the base's). The capture is read
    /// from one consistent LevelDB snapshot.
    #[command(group(ArgGroup::new("range").args(["machine", "key_prefix", "all"])))]
    Create {
        /// Capture this machine's state and sub-keys.
        #[arg(long, value_name = "M")]
        machine: Option<String>,
        /// Capture every key starting with P.
        #[arg(long, value_name = "P")]
        key_prefix: Option<String>,
        /// Capture the whole namespace (except snapshots).
        #[arg(long)]
        all: bool,
        /// Store only the changes since this snapshot's view.
        #[arg(long, value_name = "ID")]
        base: Option<String>,
        /// Use this id instead of a generated one (no `:`).
        #[arg(long)]
        id: Option<String>,
    },
    /// List snapshots: id, time, range, entries, deletions, size, base.
    ///
    /// Columns: the id; when it was taken (UTC); the captured range
    /// (`machine M`, `prefix P`, `all`, a seed snapshot, a link only, or why
    /// it is unreadable); entries stored; deletions recorded since its base;
    /// the metadata's size in bytes; the base id of an incremental snapshot.
    List,
    /// Print a snapshot's metadata (and its entries with --data).
    Show {
        /// The snapshot id.
        id: String,
        /// Also print the stored entries.
        #[arg(long)]
        data: bool,
    },
    /// Print the chain from a snapshot back to its root, newest first.
    ///
    /// A missing link or a cycle is reported (exit 1) after the links that
    /// could be followed.
    Chain {
        /// The snapshot id.
        id: String,
    },
    /// Make the captured range exactly equal to the snapshot's view.
    ///
    /// Walks the chain (base first), then puts changed keys and deletes keys
    /// of the range that the view does not hold, in one atomic write. The
    /// whole chain is checked first: a missing base, a cycle, an unreadable
    /// link or a range mismatch is an error and nothing changes.
    Restore {
        /// The snapshot id.
        id: String,
        /// Print the changes, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete a snapshot (its metadata and base link, atomically).
    Delete {
        /// The snapshot id.
        id: String,
        /// Delete even if other snapshots use it as their base.
        #[arg(long)]
        force: bool,
    },
    /// Compare two snapshots' views: keys added, changed, removed from A to
    /// B. Exit 5 when they differ, 0 when equal.
    Diff {
        /// The first snapshot.
        a: String,
        /// The second snapshot.
        b: String,
    },
}

/// Runs `snapshot`.
pub fn run(g: &GlobalArgs, args: &SnapshotArgs) -> Result<()> {
    match &args.command {
        SnapshotCommand::Create {
            machine,
            key_prefix,
            all,
            base,
            id,
        } => {
            let range = match (machine, key_prefix, all) {
                (Some(m), _, _) => Some(CaptureRange::Machine(m.clone())),
                (_, Some(p), _) => Some(CaptureRange::Prefix(p.clone())),
                (_, _, true) => Some(CaptureRange::All),
                _ => None,
            };
            create(g, range, base.as_deref(), id.as_deref())
        }
        SnapshotCommand::List => list(g),
        SnapshotCommand::Show { id, data } => show(g, id, *data),
        SnapshotCommand::Chain { id } => chain(g, id),
        SnapshotCommand::Restore { id, dry_run } => restore(g, id, *dry_run),
        SnapshotCommand::Delete { id, force } => delete(g, id, *force),
        SnapshotCommand::Diff { a, b } => diff(g, a, b),
    }
}

fn info_json(info: &SnapshotInfo) -> Value {
    json!({
        "id": info.id,
        "timestamp": info.timestamp,
        "range": info.range.as_ref().map(CaptureRange::to_json),
        "base": info.base,
        "entries": info.entries,
        "deletions": info.deletions,
        "size": info.size,
        "hasMetadata": info.has_metadata,
        "problem": info.problem,
    })
}

pub(crate) fn time_cell(info: &SnapshotInfo) -> String {
    info.timestamp
        .map(output::format_timestamp_ms)
        .unwrap_or_default()
}

pub(crate) fn range_cell(info: &SnapshotInfo) -> String {
    if let Some(problem) = &info.problem {
        return format!("(unreadable: {problem})");
    }
    match (&info.range, info.has_metadata) {
        (Some(r), _) => r.to_string(),
        (None, true) => "(seed snapshot)".into(),
        (None, false) => "(link only, no metadata)".into(),
    }
}

fn create(
    g: &GlobalArgs,
    range: Option<CaptureRange>,
    base: Option<&str>,
    id: Option<&str>,
) -> Result<()> {
    if range.is_none() && base.is_none() {
        return Err(super::exit::UsageError(
            "say what to capture: --machine M, --key-prefix P or --all (or --base ID)".into(),
        )
        .into());
    }
    if let Some(base) = base {
        // A broken base chain is refused before the store is opened for writing.
        SnapshotManager::new(&mut g.open_read()?).check_chain(base)?;
    }
    let mut storage = g.open_write()?;
    let progress = output::progress_counter("capturing");
    let info = SnapshotManager::new(&mut storage).create(range, base, id, || progress.inc(1))?;
    progress.finish_and_clear();
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => println!("{}", info_json(&info)),
        OutputFormat::Table | OutputFormat::Plain => {
            println!("{}", info.id);
            g.note(format!(
                "created snapshot {} of {}: {} entries, {} deletions{}",
                info.id,
                range_cell(&info),
                info.entries,
                info.deletions,
                info.base
                    .as_ref()
                    .map(|b| format!(", base {b}"))
                    .unwrap_or_default()
            ));
        }
    }
    Ok(())
}

fn print_infos(g: &GlobalArgs, infos: &[SnapshotInfo]) -> Result<()> {
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Table => {
            let mut t = output::table(&[
                "id",
                "time",
                "range",
                "entries",
                "deletions",
                "size",
                "base",
            ]);
            for i in infos {
                t.add_row(vec![
                    i.id.clone(),
                    time_cell(i),
                    range_cell(i),
                    i.entries.to_string(),
                    i.deletions.to_string(),
                    i.size.to_string(),
                    i.base.clone().unwrap_or_default(),
                ]);
            }
            output::write_table(&mut out, &t)?;
        }
        OutputFormat::Json => writeln!(
            out,
            "{}",
            Value::Array(infos.iter().map(info_json).collect())
        )?,
        OutputFormat::Ndjson => {
            for i in infos {
                writeln!(out, "{}", info_json(i))?;
            }
        }
        OutputFormat::Plain => {
            for i in infos {
                writeln!(out, "{}", i.id)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn list(g: &GlobalArgs) -> Result<()> {
    let mut storage = g.open_read()?;
    let infos = SnapshotManager::new(&mut storage).list()?;
    print_infos(g, &infos)?;
    if g.output == OutputFormat::Table {
        g.note(format!("{} snapshot(s)", infos.len()));
    }
    Ok(())
}

fn show(g: &GlobalArgs, id: &str, with_data: bool) -> Result<()> {
    let mut storage = g.open_read()?;
    let mut manager = SnapshotManager::new(&mut storage);
    let not_found = || StoreError::NotFound {
        what: format!("snapshot {id}"),
    };
    // Without --data, the metadata alone: the entries are not decoded.
    let content = if with_data {
        manager.load(id)?.ok_or_else(not_found)?
    } else {
        let info = manager.load_info(id)?.ok_or_else(not_found)?;
        crate::model::snapshot::SnapshotContent {
            info,
            data: Default::default(),
            deleted: Vec::new(),
        }
    };
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Json => {
            let info = info_json(&content.info).to_string();
            if with_data {
                // Records are embedded as text: values of any depth and
                // with lone surrogate escapes stay exactly as stored.
                let records: Vec<String> = content
                    .data
                    .iter()
                    .map(|(k, val)| output::record_json(k, val))
                    .collect();
                let deleted =
                    Value::Array(content.deleted.iter().map(|k| key_to_json(k)).collect());
                writeln!(
                    out,
                    "{},\"data\":[{}],\"deleted\":{deleted}}}",
                    &info[..info.len() - 1],
                    records.join(",")
                )?;
            } else {
                writeln!(out, "{info}")?;
            }
        }
        OutputFormat::Ndjson if !with_data => writeln!(out, "{}", info_json(&content.info))?,
        OutputFormat::Ndjson => {
            for (k, v) in &content.data {
                writeln!(out, "{}", output::record_json(k, v))?;
            }
        }
        OutputFormat::Plain if with_data => {
            for (k, v) in &content.data {
                writeln!(out, "{}\t{}", escape_bytes(k), escape_bytes(v))?;
            }
        }
        OutputFormat::Table | OutputFormat::Plain => {
            let i = &content.info;
            let mut t = output::table(&["field", "value"]);
            t.add_row(vec!["id".into(), i.id.clone()]);
            t.add_row(vec!["time".into(), time_cell(i)]);
            t.add_row(vec!["range".into(), range_cell(i)]);
            t.add_row(vec!["base".into(), i.base.clone().unwrap_or_default()]);
            t.add_row(vec!["entries".into(), i.entries.to_string()]);
            t.add_row(vec!["deletions".into(), i.deletions.to_string()]);
            t.add_row(vec!["size".into(), format!("{} bytes", i.size)]);
            output::write_table_in(&mut out, g.output, &t)?;
            if with_data {
                let mut d = output::table(&["key", "value"]);
                for (k, v) in &content.data {
                    d.add_row(vec![escape_bytes(k), output::value_cell(v)]);
                }
                for k in &content.deleted {
                    d.add_row(vec![escape_bytes(k), "(deleted)".into()]);
                }
                output::write_table_in(&mut out, g.output, &d)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn chain(g: &GlobalArgs, id: &str) -> Result<()> {
    let mut storage = g.open_read()?;
    let chain = SnapshotManager::new(&mut storage).chain(id)?;
    print_infos(g, &chain.links)?;
    match chain.problem {
        Some(problem) => {
            Err(StoreError::Inconsistent(format!("broken snapshot chain: {problem}")).into())
        }
        None => {
            if g.output == OutputFormat::Table {
                g.note(format!("{} snapshot(s) in the chain", chain.links.len()));
            }
            Ok(())
        }
    }
}

fn print_changes(g: &GlobalArgs, changes: &[RestoreChange]) -> Result<()> {
    let mut out = output::stdout();
    let rows = changes.iter().map(|c| match c {
        RestoreChange::Put {
            key,
            value,
            existed,
        } => (
            if *existed { "overwrite" } else { "create" },
            key,
            Some(value),
        ),
        RestoreChange::Delete { key } => ("delete", key, None),
    });
    match g.output {
        OutputFormat::Table => {
            let mut t = output::table(&["change", "key", "value"]);
            for (action, key, value) in rows {
                t.add_row(vec![
                    action.to_string(),
                    escape_bytes(key),
                    value.map(|v| output::value_cell(v)).unwrap_or_default(),
                ]);
            }
            output::write_table(&mut out, &t)?;
        }
        OutputFormat::Json | OutputFormat::Ndjson | OutputFormat::Plain => {
            let records: Vec<Value> = rows
                .map(|(action, key, _)| json!({"change": action, "key": key_to_json(key)}))
                .collect();
            if g.output == OutputFormat::Json {
                writeln!(out, "{}", Value::Array(records))?;
            } else {
                for r in records {
                    writeln!(out, "{r}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn restore(g: &GlobalArgs, id: &str, dry_run: bool) -> Result<()> {
    let summary = |changes: &[RestoreChange]| {
        let deletes = changes
            .iter()
            .filter(|c| matches!(c, RestoreChange::Delete { .. }))
            .count();
        (changes.len() - deletes, deletes)
    };
    if dry_run {
        let mut storage = g.open_read()?;
        let changes = SnapshotManager::new(&mut storage).restore_plan(id)?;
        print_changes(g, &changes)?;
        let (puts, deletes) = summary(&changes);
        g.note(format!(
            "dry run: restoring {id} would put {puts} and delete {deletes} key(s); nothing written"
        ));
        return Ok(());
    }
    // Plan on a read view first, so that a broken chain leaves the store
    // untouched; plan again under the lock.
    drop(SnapshotManager::new(&mut g.open_read()?).restore_plan(id)?);
    let mut storage = g.open_write()?;
    let mut manager = SnapshotManager::new(&mut storage);
    let changes = manager.restore_plan(id)?;
    let (puts, deletes) = summary(&changes);
    manager.apply(changes)?;
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            println!(
                "{}",
                json!({"action": "snapshot restore", "id": id, "puts": puts, "deletes": deletes})
            )
        }
        OutputFormat::Table | OutputFormat::Plain => g.note(format!(
            "restored {id}: {puts} key(s) put, {deletes} deleted, in one atomic write"
        )),
    }
    Ok(())
}

fn delete(g: &GlobalArgs, id: &str, force: bool) -> Result<()> {
    // Check on a read view first so that a refusal leaves the store untouched.
    SnapshotManager::new(&mut g.open_read()?).check_delete(id, force)?;
    let mut storage = g.open_write()?;
    SnapshotManager::new(&mut storage).delete(id, force)?;
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            println!("{}", json!({"action": "snapshot delete", "id": id}))
        }
        OutputFormat::Table | OutputFormat::Plain => g.note(format!("deleted snapshot {id}")),
    }
    Ok(())
}

fn diff(g: &GlobalArgs, a: &str, b: &str) -> Result<()> {
    let mut storage = g.open_read()?;
    let d = SnapshotManager::new(&mut storage).diff(a, b)?;
    if !d.is_empty() {
        super::exit::found_problems();
    }
    let mut out = output::stdout();
    let keys = |ks: &[Vec<u8>]| Value::Array(ks.iter().map(|k| key_to_json(k)).collect());
    match g.output {
        OutputFormat::Json => writeln!(
            out,
            "{}",
            json!({"added": keys(&d.added), "changed": keys(&d.changed), "removed": keys(&d.removed)})
        )?,
        OutputFormat::Table | OutputFormat::Ndjson | OutputFormat::Plain => {
            let groups = [
                ("added", &d.added),
                ("changed", &d.changed),
                ("removed", &d.removed),
            ];
            if g.output == OutputFormat::Table {
                let mut t = output::table(&["change", "key"]);
                for (name, ks) in groups {
                    for k in ks {
                        t.add_row(vec![name.to_string(), escape_bytes(k)]);
                    }
                }
                output::write_table(&mut out, &t)?;
            } else {
                for (name, ks) in groups {
                    for k in ks {
                        if g.output == OutputFormat::Ndjson {
                            writeln!(out, "{}", json!({"change": name, "key": key_to_json(k)}))?;
                        } else {
                            writeln!(out, "{name}\t{}", escape_bytes(k))?;
                        }
                    }
                }
            }
        }
    }
    out.flush()?;
    if d.is_empty() {
        g.note(format!("snapshots {a} and {b} hold the same view"));
        Ok(())
    } else {
        Err(FindingsError(format!(
            "snapshots differ: {} added, {} changed, {} removed",
            d.added.len(),
            d.changed.len(),
            d.removed.len()
        ))
        .into())
    }
}
