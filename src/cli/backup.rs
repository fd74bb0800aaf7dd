//! `storectl checkpoint DEST` and `storectl backup ...`

use super::exit::FindingsError;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::stats::NamespaceTally;
use crate::store::backup::{Access, BackupMeta, Repository};
use crate::store::checkpoint::checkpoint;
use crate::store::Namespace;
use anyhow::Result;
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// Write a consistent, openable copy of the store as it is now.
///
/// Works while another process holds the store and keeps writing: the files
/// of one consistent state are pinned (as every read does), tables are
/// hard-linked (or copied, with --copy or across filesystems), logs are
/// copied up to their last whole record, the manifest as read. DEST must not
/// exist; it is built under a temporary name and renamed when complete. The
/// source is never changed. C++ LevelDB and storectl open the result.
#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// The new directory.
    pub dest: PathBuf,
    /// Copy the tables instead of hard-linking them.
    #[arg(long)]
    pub copy: bool,
}

/// Removes what a killed `backup create` left in the repository: its
/// scratch checkpoint `tmp-<pid>` (hard links that keep deleted tables'
/// space) and its partial copies `files/NAME.tmp-<pid>-<i>`.
fn remove_stale_scratch(g: &GlobalArgs, repo: &std::path::Path) {
    let stale = super::leftovers::remove_stale(repo, "tmp-", "")
        .into_iter()
        .chain(super::leftovers::remove_stale_marked(
            &repo.join("files"),
            ".tmp-",
        ));
    for path in stale {
        g.note(format!(
            "removed {}, left by a backup create that was killed",
            path.display()
        ));
    }
}

/// Runs `checkpoint`.
pub fn checkpoint_run(g: &GlobalArgs, args: &CheckpointArgs) -> Result<()> {
    let src = g.db_path()?.clone();
    crate::store::open::require_store(&src, false)?;
    super::new_store::remove_stale_siblings(g, &args.dest, ("checkpoint", "a checkpoint"));
    let r = checkpoint(&src, &args.dest, args.copy)?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => println!(
            "{}",
            json!({"dest": args.dest.display().to_string(), "tablesLinked": r.tables_linked, "tablesCopied": r.tables_copied,
                   "logs": r.logs, "bytesCopied": r.bytes_copied, "lastSequence": r.last_sequence, "files": r.files})
        ),
        OutputFormat::Plain => println!("{}", args.dest.display()),
        OutputFormat::Table => {
            let mut t = output::table(&["", ""]);
            for (k, v) in [
                ("checkpoint", args.dest.display().to_string()),
                ("tables linked", r.tables_linked.to_string()),
                ("tables copied", r.tables_copied.to_string()),
                ("logs copied", r.logs.to_string()),
                ("bytes copied", r.bytes_copied.to_string()),
                ("last sequence", r.last_sequence.to_string()),
            ] {
                t.add_row(vec![k.to_string(), v]);
            }
            let mut out = output::stdout();
            output::write_table(&mut out, &t)?;
        }
    }
    Ok(())
}

/// Backups in a repository: files stored once, content-addressed.
///
/// Each backup is a checkpoint whose files are stored under their SHA-256 in
/// REPO/files, shared by every backup holding them: the second backup of a
/// store that changed by 1% stores about 1% of the bytes. Metadata is plain
/// JSON in REPO/backups (see docs/format.md).
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: BackupCommand,
}

/// The backup subcommands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up --db into REPO (created when missing).
    Create {
        /// The repository.
        repo: PathBuf,
    },
    /// List the backups of REPO.
    List {
        /// The repository.
        repo: PathBuf,
    },
    /// Re-hash every file of one backup (or all): exit 5 on any mismatch.
    Verify {
        /// The repository.
        repo: PathBuf,
        /// Only this backup.
        id: Option<u64>,
    },
    /// Restore backup ID into TARGET (new or empty), after verifying it.
    Restore {
        /// The repository.
        repo: PathBuf,
        /// The backup.
        id: u64,
        /// The new store's directory.
        target: PathBuf,
    },
    /// Delete a backup and the files only it held.
    Delete {
        /// The repository.
        repo: PathBuf,
        /// The backup.
        id: u64,
    },
    /// Keep the newest N backups; delete the rest.
    Prune {
        /// The repository.
        repo: PathBuf,
        /// How many to keep.
        #[arg(long, value_name = "N")]
        keep: usize,
    },
}

fn meta_json(m: &BackupMeta) -> serde_json::Value {
    json!({"id": m.id, "time": m.time, "source": m.source, "sequence": m.sequence,
           "files": m.files.len(), "bytes": m.files.iter().map(|f| f.size).sum::<u64>(),
           "bytesAdded": m.bytes_added, "filesReused": m.files_reused, "stats": m.stats})
}

/// Keys per category and the latest height of a backed-up store.
fn describe(tally: NamespaceTally) -> serde_json::Value {
    let s = tally.finish();
    let categories: serde_json::Map<String, serde_json::Value> = s
        .categories
        .iter()
        .map(|(c, st)| (c.name().to_string(), json!(st.keys)))
        .collect();
    json!({"keys": categories, "latestHeight": s.max_height, "machines": s.machines(), "snapshots": s.snapshots})
}

fn print_metas(g: &GlobalArgs, metas: &[BackupMeta]) -> Result<()> {
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Json => writeln!(
            out,
            "{}",
            serde_json::Value::Array(metas.iter().map(meta_json).collect())
        )?,
        OutputFormat::Ndjson => {
            for m in metas {
                writeln!(out, "{}", meta_json(m))?;
            }
        }
        OutputFormat::Plain => {
            for m in metas {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    m.id,
                    output::format_timestamp_ms(m.time),
                    m.sequence
                )?;
            }
        }
        OutputFormat::Table => {
            let mut t = output::table(&[
                "id",
                "time",
                "sequence",
                "files",
                "bytes",
                "added",
                "latest height",
                "source",
            ]);
            for m in metas {
                t.add_row(vec![
                    m.id.to_string(),
                    output::format_timestamp_ms(m.time),
                    m.sequence.to_string(),
                    m.files.len().to_string(),
                    m.files.iter().map(|f| f.size).sum::<u64>().to_string(),
                    m.bytes_added.to_string(),
                    m.stats["latestHeight"].to_string(),
                    m.source.clone(),
                ]);
            }
            output::write_table(&mut out, &t)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Runs `backup`.
pub fn backup_run(g: &GlobalArgs, args: &BackupArgs) -> Result<()> {
    match &args.command {
        BackupCommand::Create { repo } => {
            let src = g.db_path()?.clone();
            crate::store::open::require_store(&src, false)?;
            let repository = Repository::open(repo, true, Access::Shared, g.lock_wait()?)?;
            remove_stale_scratch(g, repo);
            let progress = output::progress_counter("backing up (bytes)");
            // The default namespace's keys (the seed's default prefix).
            let tally = || NamespaceTally::new(Namespace::prefixed(""));
            let meta = repository.create(&src, &tally, describe, |n| progress.inc(n))?;
            progress.finish_and_clear();
            print_metas(g, std::slice::from_ref(&meta))?;
            g.note(format!(
                "backup {} of {}: {} file(s), {} new byte(s), {} file(s) shared with earlier backups",
                meta.id, meta.source, meta.files.len(), meta.bytes_added, meta.files_reused
            ));
            Ok(())
        }
        BackupCommand::List { repo } => {
            let catalog =
                Repository::open(repo, false, Access::Metadata, g.lock_wait()?)?.catalog()?;
            if !catalog.damaged.is_empty() {
                super::exit::found_problems();
            }
            print_metas(g, &catalog.backups)?;
            for p in &catalog.damaged {
                g.note(format!(
                    "storectl: backup list: backup {} is not listed: {}: {}",
                    p.id,
                    p.file.display(),
                    p.message
                ));
            }
            if catalog.damaged.is_empty() {
                Ok(())
            } else {
                Err(FindingsError(format!(
                    "{} backup metadata file(s) damaged (`backup verify` reports them)",
                    catalog.damaged.len()
                ))
                .into())
            }
        }
        BackupCommand::Verify { repo, id } => {
            let repository = Repository::open(repo, false, Access::Shared, g.lock_wait()?)?;
            let progress = output::progress_counter("verifying (bytes)");
            let (checked, problems) = repository.verify(*id, |n| progress.inc(n))?;
            if !problems.is_empty() {
                super::exit::found_problems();
            }
            progress.finish_and_clear();
            let mut out = output::stdout();
            match g.output {
                OutputFormat::Json | OutputFormat::Ndjson => writeln!(
                    out,
                    "{}",
                    json!({"ok": problems.is_empty(), "filesChecked": checked,
                           "problems": problems.iter().map(|p| json!({"backup": p.id, "file": p.file.display().to_string(), "message": p.message})).collect::<Vec<_>>()})
                )?,
                OutputFormat::Plain => {
                    for p in &problems {
                        writeln!(out, "{}\t{}\t{}", p.id, p.file.display(), p.message)?;
                    }
                }
                OutputFormat::Table => {
                    if problems.is_empty() {
                        g.note(format!(
                            "{checked} file(s) checked: every backup file matches its SHA-256"
                        ));
                    } else {
                        let mut t = output::table(&["backup", "file", "problem"]);
                        for p in &problems {
                            t.add_row(vec![
                                p.id.to_string(),
                                p.file.display().to_string(),
                                p.message.clone(),
                            ]);
                        }
                        output::write_table(&mut out, &t)?;
                    }
                }
            }
            out.flush()?;
            if problems.is_empty() {
                Ok(())
            } else {
                Err(FindingsError(format!(
                    "{} damaged or missing backup file(s)",
                    problems.len()
                ))
                .into())
            }
        }
        BackupCommand::Restore { repo, id, target } => {
            let repository = Repository::open(repo, false, Access::Shared, g.lock_wait()?)?;
            super::new_store::remove_stale_siblings(g, target, ("restore", "a backup restore"));
            let meta = repository.restore(*id, target)?;
            print_metas(g, std::slice::from_ref(&meta))?;
            g.note(format!(
                "restored backup {} into {}",
                meta.id,
                target.display()
            ));
            Ok(())
        }
        BackupCommand::Delete { repo, id } => {
            let freed =
                Repository::open(repo, false, Access::Exclusive, g.lock_wait()?)?.delete(&[*id])?;
            if matches!(g.output, OutputFormat::Json | OutputFormat::Ndjson) {
                println!("{}", json!({"deleted": [id], "bytesFreed": freed}));
            }
            g.note(format!("deleted backup {id}; {freed} byte(s) freed"));
            Ok(())
        }
        BackupCommand::Prune { repo, keep } => {
            let repository = Repository::open(repo, false, Access::Exclusive, g.lock_wait()?)?;
            let catalog = repository.catalog()?;
            // Nothing is deleted while a backup's file list is unknown.
            catalog.require_intact(&[])?;
            let metas = catalog.backups;
            let drop: Vec<u64> = metas.iter().rev().skip(*keep).map(|m| m.id).collect();
            let freed = if drop.is_empty() {
                repository.collect_garbage()?
            } else {
                repository.delete(&drop)?
            };
            if matches!(g.output, OutputFormat::Json | OutputFormat::Ndjson) {
                println!("{}", json!({"deleted": drop, "bytesFreed": freed}));
            } else if g.output == OutputFormat::Plain {
                for id in &drop {
                    println!("{id}");
                }
            }
            g.note(format!(
                "deleted {} backup(s); {freed} byte(s) freed",
                drop.len()
            ));
            Ok(())
        }
    }
}
