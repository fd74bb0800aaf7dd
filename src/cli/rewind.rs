//! `storectl block rewind --to HEIGHT` and `storectl bisect OTHER_DB`

use super::exit::{FindingsError, UsageError};
use super::output::{self, OutputFormat};
use super::partial;
use super::GlobalArgs;
use crate::model::chain::{
    bisect, json_member_diff, plan_rewind, restore_key, state_of_block, Bisection, Side,
};
use crate::store::codec::{compact_json, escape_bytes};
use crate::store::{BatchOperation, StorageService, Store};
use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// Deletions per atomic write when rewinding.
const CHUNK: usize = 1000;

/// Find the first height at which the chains of --db and OTHER_DB disagree.
///
/// Binary search over heights on both stores (O(log n) point reads after
/// finding each head): compares the height index entry, the hash and the
/// block bytes. Prints the last common height, the first divergent height,
/// both blocks, and each side's `root:<stateRoot>` state with the fields
/// that differ. Handles chains of different lengths, gaps, and a divergence
/// at genesis. Assumes a fork (once the chains differ they keep differing).
/// Exit 0 when the chains agree up to the shorter one's head, 5 when they
/// diverge.
#[derive(Debug, Args)]
pub struct BisectArgs {
    /// The other store.
    pub other_db: PathBuf,
}

fn side_json(s: &Side, state: &(Option<String>, Option<Vec<u8>>)) -> String {
    let block = s.block.as_deref().map(|b| output::value_json_line(b).0);
    output::JsonObject::new()
        .value("hash", json!(s.hash))
        .raw("block", block.as_deref().unwrap_or("null"))
        .value("stateRoot", json!(state.0))
        .value("stateExists", state.1.is_some().into())
        .finish()
}

/// Runs `bisect`.
pub fn bisect_run(g: &GlobalArgs, args: &BisectArgs) -> Result<()> {
    let mut a = g.open_read()?;
    let mut b = StorageService::new(Store::open_read(&args.other_db)?, g.namespace());
    let outcome = bisect(&mut a, &mut b)?;
    let mut out = output::stdout();
    match outcome {
        Bisection::Agree { up_to, heads } => {
            match g.output {
                OutputFormat::Json | OutputFormat::Ndjson => writeln!(
                    out,
                    "{}",
                    json!({"diverged": false, "agreeUpTo": up_to, "heads": {"a": heads.0, "b": heads.1}})
                )?,
                OutputFormat::Plain => writeln!(
                    out,
                    "agree\t{}",
                    up_to.map(|h| h.to_string()).unwrap_or_default()
                )?,
                OutputFormat::Table => {
                    let mut t = output::table(&["", "A", "B"]);
                    t.add_row(vec!["head".into(), show(heads.0), show(heads.1)]);
                    output::write_table(&mut out, &t)?;
                }
            }
            g.note(match up_to {
                Some(h) => format!("the chains agree up to height {h} (the shorter head)"),
                None => "one chain is empty: nothing to compare".into(),
            });
            Ok(())
        }
        Bisection::Diverge {
            last_common,
            first_divergent,
            a: sa,
            b: sb,
            heads,
            probes,
        } => {
            super::exit::found_problems();
            let state_a = state_of_block(&mut a, &sa.block)?;
            let state_b = state_of_block(&mut b, &sb.block)?;
            let fields = match (&state_a.1, &state_b.1) {
                (Some(x), Some(y)) => json_member_diff(x, y),
                _ => Vec::new(),
            };
            match g.output {
                OutputFormat::Json | OutputFormat::Ndjson => {
                    // Member values are the stored JSON text, compacted to
                    // one line (absent: null).
                    let member = |t: &Option<String>| match t {
                        Some(t) => compact_json(t).map_err(|e| anyhow::anyhow!("{e}")),
                        None => Ok("null".to_string()),
                    };
                    let diff = fields
                        .iter()
                        .map(|(n, x, y)| {
                            Ok(output::JsonObject::new()
                                .value("field", n.as_str().into())
                                .raw("a", &member(x)?)
                                .raw("b", &member(y)?)
                                .finish())
                        })
                        .collect::<Result<Vec<String>>>()?;
                    let v = output::JsonObject::new()
                        .value("diverged", true.into())
                        .value("lastCommon", json!(last_common))
                        .value("firstDivergent", first_divergent.into())
                        .value("heads", json!({"a": heads.0, "b": heads.1}))
                        .value("probes", json!(probes))
                        .raw("a", &side_json(&sa, &state_a))
                        .raw("b", &side_json(&sb, &state_b))
                        .raw("stateDiff", &format!("[{}]", diff.join(",")))
                        .finish();
                    writeln!(out, "{v}")?;
                }
                OutputFormat::Plain => writeln!(
                    out,
                    "diverge\t{}\t{first_divergent}",
                    last_common.map(|h| h.to_string()).unwrap_or_default()
                )?,
                OutputFormat::Table => {
                    let mut t = output::table(&["", "A (--db)", "B (OTHER_DB)"]);
                    t.add_row(vec!["head".into(), show(heads.0), show(heads.1)]);
                    t.add_row(vec![
                        "last common height".into(),
                        show(last_common),
                        show(last_common),
                    ]);
                    t.add_row(vec![
                        "first divergent height".into(),
                        first_divergent.to_string(),
                        first_divergent.to_string(),
                    ]);
                    t.add_row(vec![
                        "hash".into(),
                        sa.hash.clone().unwrap_or_else(|| "(none)".into()),
                        sb.hash.clone().unwrap_or_else(|| "(none)".into()),
                    ]);
                    let cell = |v: &Option<Vec<u8>>| {
                        v.as_deref()
                            .map(output::value_cell)
                            .unwrap_or_else(|| "(missing)".into())
                    };
                    t.add_row(vec!["block".into(), cell(&sa.block), cell(&sb.block)]);
                    let st = |s: &(Option<String>, Option<Vec<u8>>)| match s {
                        (Some(r), Some(_)) => format!("root:{r} exists"),
                        (Some(r), None) => format!("root:{r} missing"),
                        _ => "(no stateRoot)".into(),
                    };
                    t.add_row(vec!["state".into(), st(&state_a), st(&state_b)]);
                    for (n, x, y) in &fields {
                        t.add_row(vec![
                            format!("state.{n}"),
                            x.clone().unwrap_or_else(|| "(absent)".into()),
                            y.clone().unwrap_or_else(|| "(absent)".into()),
                        ]);
                    }
                    output::write_table(&mut out, &t)?;
                }
            }
            out.flush()?;
            Err(FindingsError(format!(
                "the chains diverge at height {first_divergent} (last common height {}; {probes} probes)",
                show(last_common)
            ))
            .into())
        }
    }
}

fn show(h: Option<u64>) -> String {
    h.map(|h| h.to_string()).unwrap_or_else(|| "-".into())
}

/// Options of `block rewind`.
#[derive(Debug, Args)]
pub struct RewindArgs {
    /// The height that becomes the latest: every block and height index
    /// entry above it is deleted.
    #[arg(long, value_name = "HEIGHT")]
    pub to: u64,
    /// Print the plan; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask (required when stdin is not a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Set each machine whose state is ahead of HEIGHT back to the state of
    /// the latest block at or below HEIGHT that names it.
    #[arg(long)]
    pub restore_states: bool,
}

/// Runs `block rewind`.
pub fn rewind_run(g: &GlobalArgs, args: &RewindArgs) -> Result<()> {
    let preview = plan_rewind(&mut g.open_read()?, args.to, args.restore_states)?;
    let ops: usize = preview.units.iter().map(Vec::len).sum::<usize>() + preview.restores.len();
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => writeln!(
            out,
            "{}",
            json!({
                "to": args.to, "heightsRemoved": preview.heights, "blocksRemoved": preview.blocks,
                "first": preview.first.as_ref().map(|(h, x)| json!({"height": h, "hash": x})),
                "last": preview.last.as_ref().map(|(h, x)| json!({"height": h, "hash": x})),
                "statesAhead": preview.states_ahead.iter().map(|(m, r)| json!({"machine": m, "stateRoot": r})).collect::<Vec<_>>(),
                "restores": preview.restores.iter().map(|(m, r, _)| json!({"machine": m, "toRoot": r})).collect::<Vec<_>>(),
                "cannotRestore": preview.cannot_restore,
                "dryRun": args.dry_run,
            })
        )?,
        OutputFormat::Plain => {
            writeln!(
                out,
                "heights\t{}\nblocks\t{}",
                preview.heights, preview.blocks
            )?;
            for (m, r) in &preview.states_ahead {
                writeln!(out, "ahead\t{m}\t{r}")?;
            }
        }
        OutputFormat::Table => {
            let mut t = output::table(&["", ""]);
            t.add_row(vec!["latest height after".into(), args.to.to_string()]);
            t.add_row(vec!["heights removed".into(), preview.heights.to_string()]);
            t.add_row(vec!["blocks removed".into(), preview.blocks.to_string()]);
            if let (Some((fh, fx)), Some((lh, lx))) = (&preview.first, &preview.last) {
                t.add_row(vec!["first removed".into(), format!("{fh} {fx}")]);
                t.add_row(vec!["last removed".into(), format!("{lh} {lx}")]);
            }
            for (m, r) in &preview.states_ahead {
                let action = match preview.restores.iter().find(|(x, _, _)| x == m) {
                    Some((_, to, _)) => format!("state root {r} is ahead; restored to {to}"),
                    None if args.restore_states => {
                        format!("state root {r} is ahead; no kept block names this machine")
                    }
                    None => format!("state root {r} is ahead (--restore-states to rewind it)"),
                };
                t.add_row(vec![format!("machine {m}"), action]);
            }
            output::write_table(&mut out, &t)?;
        }
    }
    out.flush()?;
    if args.dry_run || ops == 0 {
        g.note(if args.dry_run {
            "dry run: nothing changed".to_string()
        } else {
            format!("nothing above height {}", args.to)
        });
        return Ok(());
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(UsageError(
                "block rewind deletes blocks: pass --yes (stdin is not a terminal to ask)".into(),
            )
            .into());
        }
        output::prompt(format!(
            "delete {} height(s) and {} block(s) above {}? [y/N] ",
            preview.heights, preview.blocks, args.to
        ));
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .context("read the answer")?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            g.note("nothing changed");
            return Ok(());
        }
    }
    let mut storage = g.open_write()?;
    // Planned again under the lock: the store may have changed since.
    let plan = plan_rewind(&mut storage, args.to, args.restore_states)?;
    let total = plan.units.iter().map(|u| u.len() as u64).sum::<u64>();
    let progress = partial::Progress::deletions(
        total,
        CHUNK,
        "once the cause is fixed, run the same block rewind again (it plans from what is left, and restores the machine states)",
    );
    // Ctrl-C stops between chunks: the chunk being filled is not written.
    super::interrupt::install();
    let written = partial::write_in_chunks(progress, |written| {
        let mut chunk: Vec<BatchOperation> = Vec::new();
        for unit in plan.units {
            super::interrupt::check(|| "block rewind stopped".into())?;
            chunk.extend(unit.into_iter().map(|key| BatchOperation::Delete { key }));
            if chunk.len() >= CHUNK {
                let ops = std::mem::take(&mut chunk);
                storage.batch(&ops)?;
                written.done += ops.len() as u64;
            }
        }
        if !chunk.is_empty() {
            storage.batch(&chunk)?;
            written.done += chunk.len() as u64;
        }
        for (machine, _, state) in &plan.restores {
            storage.batch(&[BatchOperation::Put {
                key: restore_key(machine),
                value: state.clone(),
            }])?;
        }
        storage.close()?;
        Ok(())
    })?;
    g.note(format!(
        "deleted {written} key(s) above height {} in atomic chunks (each block with its height entry){}",
        args.to,
        if plan.restores.is_empty() { String::new() } else { format!("; restored {} machine state(s)", plan.restores.len()) }
    ));
    for m in &plan.cannot_restore {
        g.note(format!(
            "storectl: machine {} could not be rewound: no block at or below {} names it",
            escape_bytes(m.as_bytes()),
            args.to
        ));
    }
    Ok(())
}
