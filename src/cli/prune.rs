//! `storectl prune`

use super::exit::UsageError;
use super::output::{self, OutputFormat};
use super::partial;
use super::GlobalArgs;
use crate::model::prune::{plan, PruneOptions, PrunePlan};
use crate::store::codec::escape_bytes;
use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};

/// Deletions per atomic write.
const CHUNK: usize = 1000;

/// Delete old blocks and snapshots, showing the plan first.
///
/// --blocks-below H deletes every block whose height is below H and its
/// height index. --snapshots-keep N keeps the newest N snapshots and every
/// base their chains need, and deletes the rest. --dry-run prints the plan
/// only. On a terminal prune asks before deleting; otherwise it needs --yes.
/// Deletions are written in atomic chunks of 1000 keys.
#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Delete blocks (and height index entries) below this height.
    #[arg(long, value_name = "HEIGHT")]
    pub blocks_below: Option<u64>,
    /// Keep the newest N snapshots (and the bases they need).
    #[arg(long, value_name = "N")]
    pub snapshots_keep: Option<usize>,
    /// Print the plan, delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

fn print_plan(g: &GlobalArgs, plan: &PrunePlan) -> Result<()> {
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Json => writeln!(
            out,
            "{}",
            json!({
                "blockKeys": plan.block_keys.iter().map(|k| escape_bytes(k)).collect::<Vec<_>>(),
                "snapshots": plan.snapshots,
                "snapshotsKeptAsBases": plan.snapshots_kept_as_bases,
                "snapshotsUnreadable": plan.snapshots_unreadable.iter()
                    .map(|(id, why)| json!({"id": id, "problem": why})).collect::<Vec<_>>(),
            })
        )?,
        OutputFormat::Ndjson | OutputFormat::Plain => {
            for k in &plan.block_keys {
                if g.output == OutputFormat::Plain {
                    writeln!(out, "{}", escape_bytes(k))?;
                } else {
                    writeln!(out, "{}", json!({"delete": escape_bytes(k)}))?;
                }
            }
            for id in &plan.snapshots {
                if g.output == OutputFormat::Plain {
                    writeln!(out, "snapshot:{id}")?;
                } else {
                    writeln!(out, "{}", json!({"deleteSnapshot": id}))?;
                }
            }
        }
        OutputFormat::Table => {
            let mut t = output::table(&["what", "count", "first", "last"]);
            let first_last = |v: &[String]| {
                (
                    v.first().cloned().unwrap_or_default(),
                    v.last().cloned().unwrap_or_default(),
                )
            };
            let keys: Vec<String> = plan.block_keys.iter().map(|k| escape_bytes(k)).collect();
            let (f, l) = first_last(&keys);
            t.add_row(vec![
                "block and height keys".into(),
                keys.len().to_string(),
                f,
                l,
            ]);
            let (f, l) = first_last(&plan.snapshots);
            t.add_row(vec![
                "snapshots".into(),
                plan.snapshots.len().to_string(),
                f,
                l,
            ]);
            let (f, l) = first_last(&plan.snapshots_kept_as_bases);
            t.add_row(vec![
                "snapshots kept as bases".into(),
                plan.snapshots_kept_as_bases.len().to_string(),
                f,
                l,
            ]);
            let unreadable: Vec<String> = plan
                .snapshots_unreadable
                .iter()
                .map(|(id, _)| id.clone())
                .collect();
            let (f, l) = first_last(&unreadable);
            t.add_row(vec![
                "unreadable snapshots (kept)".into(),
                unreadable.len().to_string(),
                f,
                l,
            ]);
            output::write_table(&mut out, &t)?;
        }
    }
    for (id, why) in &plan.snapshots_unreadable {
        // An id that is not text has no name `snapshot delete` takes.
        let remedy = if why == crate::model::snapshot::ID_NOT_TEXT {
            "find its exact key with `storectl --raw scan --keys-only -o ndjson` (its bytes in \
             base64) and remove it with `storectl --raw --hex delete <the key in hex>`"
                .to_string()
        } else {
            format!("remove it with `storectl snapshot delete {id} --force`")
        };
        g.note(format!(
            "snapshot {id} is unreadable and is kept ({why}); {remedy}"
        ));
    }
    out.flush()?;
    Ok(())
}

fn confirm(count: usize) -> Result<bool> {
    output::prompt(format!("delete {count} key(s)? [y/N] "));
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("read the answer")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// Runs `prune`.
pub fn run(g: &GlobalArgs, args: &PruneArgs) -> Result<()> {
    if args.blocks_below.is_none() && args.snapshots_keep.is_none() {
        return Err(UsageError(
            "say what to prune: --blocks-below HEIGHT and/or --snapshots-keep N".into(),
        )
        .into());
    }
    let options = PruneOptions {
        blocks_below: args.blocks_below,
        snapshots_keep: args.snapshots_keep,
    };
    let preview = plan(&mut g.open_read()?, &options)?;
    print_plan(g, &preview)?;
    let count = preview.operation_count();
    if args.dry_run || count == 0 {
        g.note(format!(
            "{}: {count} key(s) to delete",
            if args.dry_run {
                "dry run"
            } else {
                "nothing to prune"
            }
        ));
        return Ok(());
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(UsageError(
                "prune deletes data: pass --yes (stdin is not a terminal to ask)".into(),
            )
            .into());
        }
        if !confirm(count)? {
            g.note("nothing deleted");
            return Ok(());
        }
    }
    let mut storage = g.open_write()?;
    let units = plan(&mut storage, &options)?.units();
    let bar = output::progress_counter("pruning");
    // Chunks of about CHUNK deletions, never splitting a block from its
    // height entry or a snapshot from its link.
    let total = units.iter().map(|u| u.len() as u64).sum::<u64>();
    let progress = partial::Progress::deletions(
        total,
        CHUNK,
        "once the cause is fixed, run the same prune again (it plans from what is left)",
    );
    // Ctrl-C stops between chunks: the chunk being filled is not written.
    super::interrupt::install();
    let written = partial::write_in_chunks(progress, |written| {
        let mut chunk = Vec::new();
        for unit in units {
            super::interrupt::check(|| "prune stopped".into())?;
            bar.inc(unit.len() as u64);
            chunk.extend(unit);
            if chunk.len() >= CHUNK {
                storage.batch(&chunk)?;
                written.done += chunk.len() as u64;
                chunk.clear();
            }
        }
        if !chunk.is_empty() {
            storage.batch(&chunk)?;
            written.done += chunk.len() as u64;
        }
        bar.finish_and_clear();
        storage.close()?;
        Ok(())
    })?;
    g.note(format!(
        "deleted {written} key(s) in atomic chunks of about {CHUNK} (each block with its height entry)"
    ));
    Ok(())
}
