//! `storectl block get | latest | list | put`

use super::block_put::{put_lines, BlockInput};
use super::input::Input;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::block::{validate_block, IndexedBlock};
use crate::model::{BlockStorage, ValidBlock};
use crate::store::document::documents;
use crate::store::json;
use crate::store::{BatchProcessor, StorageService};
use crate::StoreError;
use anyhow::Result;
use clap::{Args, Subcommand};
use std::collections::HashMap;
use std::io::Write;

/// Blocks per atomic write when saving many blocks.
const BLOCKS_PER_CHUNK: usize = 1000;

/// Blocks: `block:<stateRoot>` and the height index `height:<n>`.
#[derive(Debug, Args)]
pub struct BlockArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: BlockCommand,
}

/// The `block` subcommands.
#[derive(Debug, Subcommand)]
pub enum BlockCommand {
    /// Print a block by hash, or by height with --height.
    ///
    /// `-o json` prints the stored JSON exactly, on one line. A missing block
    /// exits 3; a height index naming a missing block is an error (exit 1).
    Get {
        /// The block's hash (its stateRoot).
        #[arg(required_unless_present = "height", conflicts_with = "height")]
        hash: Option<String>,
        /// Look the block up by height instead.
        #[arg(long, value_name = "N")]
        height: Option<u64>,
    },
    /// Print the block at the greatest height.
    ///
    /// Always exact, whatever the gaps: the height index's blocks are read
    /// in one light pass for the greatest height among all its entries,
    /// which one lookup confirms live (a deleted one, as after a rewind,
    /// sends it to a full pass over the index). 0.024 s for 1,000,000 blocks.
    Latest {
        /// Print only the height.
        #[arg(long)]
        height_only: bool,
        /// Accepted for scripts written for earlier releases; the answer is
        /// always exact.
        #[arg(long, hide = true)]
        exact: bool,
    },
    /// List blocks in numeric height order.
    ///
    /// Table columns: height, hash, transactions (length of `transactions`
    /// or `txs`, or `txCount`), timestamp. `-o ndjson` prints one stored
    /// block per line; `-o json` an array; `-o plain` `height<TAB>hash`.
    List {
        /// Lowest height (inclusive).
        #[arg(long, value_name = "N", default_value_t = 0)]
        from: u64,
        /// Highest height (inclusive).
        #[arg(long, value_name = "N")]
        to: Option<u64>,
        /// At most N blocks.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Greatest height first.
        #[arg(long)]
        reverse: bool,
    },
    /// Save blocks: each block and its height index in one atomic write.
    ///
    /// INPUT is a file, `-` for stdin, or inline JSON: one block, a JSON
    /// array of blocks, or NDJSON with one block per line. Every block must
    /// have a string `stateRoot` and a non-negative integer `height`. All
    /// blocks are checked before anything is written; a different block
    /// already at the same height (or the same hash at another height) is
    /// refused unless --force. Many blocks are written in atomic chunks of
    /// 1000 blocks.
    Put {
        /// File, `-` or inline JSON.
        input: String,
        /// Replace a different block at the same height.
        #[arg(long)]
        force: bool,
    },
    /// Make HEIGHT the latest block: delete every block and height index
    /// entry above it, after printing the plan.
    ///
    /// Machines whose state root is not a kept block's are listed;
    /// --restore-states sets each back to the state of the latest kept
    /// block that names it. Deletions are written in atomic chunks, each
    /// block with the height entry naming it (as prune); refuses without
    /// --yes when stdin is not a terminal.
    Rewind(super::rewind::RewindArgs),
}

/// Runs `block`.
pub fn run(g: &GlobalArgs, args: &BlockArgs) -> Result<()> {
    match &args.command {
        BlockCommand::Get { hash, height } => get(g, hash.as_deref(), *height),
        BlockCommand::Latest { height_only, exact } => latest(g, *height_only, *exact),
        BlockCommand::List {
            from,
            to,
            limit,
            reverse,
        } => list(g, *from, to.unwrap_or(u64::MAX), *limit, *reverse),
        BlockCommand::Put { input, force } => put(g, input, *force),
        BlockCommand::Rewind(args) => super::rewind::rewind_run(g, args),
    }
}

fn get(g: &GlobalArgs, hash: Option<&str>, height: Option<u64>) -> Result<()> {
    let mut storage = g.open_read()?;
    let mut blocks = BlockStorage::new(&mut storage);
    let (what, block) = match (hash, height) {
        (_, Some(height)) => {
            let found = blocks.get_by_height(height)?;
            let what = format!("block at height {height}");
            (what, found.map(|(_, b)| b))
        }
        (Some(hash), None) => (format!("block {hash}"), blocks.get_by_hash(hash)?),
        (None, None) => unreachable!("clap requires a hash or --height"),
    };
    let block = block.ok_or(StoreError::NotFound { what: what.clone() })?;
    output::print_value(g.output, &what, &block, g.quiet)?;
    Ok(())
}

fn latest(g: &GlobalArgs, height_only: bool, _exact: bool) -> Result<()> {
    let mut storage = g.open_read()?;
    let mut blocks = BlockStorage::new(&mut storage);
    let height = blocks.latest_height()?;
    let height = height.ok_or(StoreError::NotFound {
        what: "any block (the height index is empty)".into(),
    })?;
    if height_only {
        let mut out = output::stdout();
        match g.output {
            OutputFormat::Json | OutputFormat::Ndjson => writeln!(out, "{{\"height\":{height}}}")?,
            OutputFormat::Table | OutputFormat::Plain => writeln!(out, "{height}")?,
        }
        out.flush()?;
        return Ok(());
    }
    let (hash, block) = blocks.get_by_height(height)?.ok_or(StoreError::NotFound {
        what: format!("block at height {height}"),
    })?;
    if g.output == OutputFormat::Table {
        g.note(format!("height {height}, hash {hash}"));
    }
    output::print_value(g.output, &format!("block {hash}"), &block, g.quiet)?;
    Ok(())
}

/// The number of transactions of a block and its timestamp (ISO 8601 when
/// it is a number of milliseconds), when it says.
fn tx_count_and_time(block: &[u8]) -> (String, String) {
    let Some(members) = std::str::from_utf8(block)
        .ok()
        .and_then(|t| json::members(t).ok().flatten())
    else {
        return (String::new(), String::new());
    };
    let get = |name: &str| {
        members
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    };
    let txs = ["transactions", "txs"]
        .iter()
        .find_map(|k| get(k).and_then(|raw| json::elements(raw).ok().flatten()))
        .map(|a| a.len().to_string())
        .or_else(|| get("txCount").and_then(json::as_u64).map(|n| n.to_string()))
        .unwrap_or_default();
    let time = match get("timestamp") {
        // Milliseconds (Date.now()) or, below 10^11, seconds.
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) if n.abs() < 100_000_000_000 => output::format_timestamp_ms(n * 1000),
            Ok(ms) => output::format_timestamp_ms(ms),
            Err(_) => json::decode_string(raw).unwrap_or_else(|| raw.to_string()),
        },
        None => String::new(),
    };
    (txs, time)
}

fn list(g: &GlobalArgs, from: u64, to: u64, limit: Option<usize>, reverse: bool) -> Result<()> {
    let mut storage = g.open_read()?;
    let mut blocks = BlockStorage::new(&mut storage);
    let entries = blocks.list(from, to, reverse)?;
    let entries = entries.take(limit.unwrap_or(usize::MAX));
    let progress = output::progress_counter("listing blocks");
    let mut out = output::stdout();
    let mut table = output::table(&["height", "hash", "txs", "timestamp"]);
    let (mut count, mut dangling) = (0u64, 0u64);
    if g.output == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    for entry in entries {
        let IndexedBlock {
            height,
            hash,
            block,
        } = entry?;
        progress.inc(1);
        let Some(block) = block else {
            dangling += 1;
            if g.output == OutputFormat::Table {
                table.add_row(vec![
                    height.to_string(),
                    hash,
                    "(block missing)".into(),
                    String::new(),
                ]);
            } else {
                g.note(format!(
                    "storectl: height:{height} points to missing block {hash}; skipped"
                ));
            }
            continue;
        };
        match g.output {
            OutputFormat::Table => {
                let (txs, timestamp) = tx_count_and_time(&block);
                table.add_row(vec![height.to_string(), hash, txs, timestamp]);
                if table.row_count() == output::TABLE_CHUNK_ROWS {
                    output::write_table(&mut out, &table)?;
                    table = output::table(&["height", "hash", "txs", "timestamp"]);
                }
            }
            OutputFormat::Json => {
                out.write_all(if count == 0 { b"\n" } else { b",\n" })?;
                out.write_all(output::value_json_line(&block).0.as_bytes())?;
            }
            OutputFormat::Ndjson => writeln!(out, "{}", output::value_json_line(&block).0)?,
            OutputFormat::Plain => writeln!(out, "{height}\t{hash}")?,
        }
        count += 1;
    }
    progress.finish_and_clear();
    match g.output {
        OutputFormat::Json => out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?,
        OutputFormat::Table if table.row_count() > 0 || count + dangling == 0 => {
            output::write_table(&mut out, &table)?
        }
        _ => {}
    }
    out.flush()?;
    if g.output == OutputFormat::Table {
        g.note(format!("{count} block(s)"));
    }
    if dangling > 0 {
        let entries = if dangling == 1 {
            "entry points"
        } else {
            "entries point"
        };
        g.note(format!(
            "storectl: {dangling} height index {entries} to missing blocks (run verify)"
        ));
    }
    Ok(())
}

/// Parses and checks every block of the input, and that no two of them
/// claim the same height or hash differently.
fn parse_blocks(source: &str, text: &str) -> Result<Vec<ValidBlock>> {
    let mut by_height: HashMap<u64, (String, String)> = HashMap::new();
    let mut by_hash: HashMap<String, (u64, String)> = HashMap::new();
    let mut blocks = Vec::new();
    for doc in documents(text) {
        let block = validate_block(doc.text)
            .map_err(|msg| StoreError::bad_input(format!("{source}: {}: {msg}", doc.place)))?;
        let (root, height) = (&block.meta.state_root, block.meta.height);
        if let Some((other, place)) = by_height.get(&height).filter(|(r, _)| r != root) {
            return Err(StoreError::bad_input(format!(
                "{source}: {}: block {root} has height {height}, which {place} gives to block {other}",
                doc.place
            ))
            .into());
        }
        if let Some((other, place)) = by_hash.get(root).filter(|(h, _)| *h != height) {
            return Err(StoreError::bad_input(format!(
                "{source}: {}: block {root} has height {height}, but {place} gives it height {other}",
                doc.place
            ))
            .into());
        }
        by_height.insert(height, (root.clone(), doc.place.clone()));
        by_hash.insert(root.clone(), (height, doc.place.clone()));
        blocks.push(block);
    }
    if blocks.is_empty() {
        return Err(StoreError::bad_input(format!("{source}: no blocks in the input")).into());
    }
    Ok(blocks)
}

fn check_all(storage: &mut StorageService, blocks: &[ValidBlock], force: bool) -> Result<()> {
    let mut store = BlockStorage::new(storage);
    for block in blocks {
        store.check_overwrite(&block.meta, force)?;
    }
    Ok(())
}

/// `block put` of a whole document (a JSON array of blocks, a block
/// spanning lines, an inline argument), held in memory.
fn put_whole(g: &GlobalArgs, input: &Input, force: bool) -> Result<(u64, u64, u64)> {
    let blocks = parse_blocks(&input.source, &input.text)?;
    // Check against a read view first, so that a refused input leaves the
    // store untouched; check again under the lock before writing.
    if let Some(mut view) = g.open_read_for_checks()? {
        check_all(&mut view, &blocks, force)?;
    }
    let mut storage = g.open_write()?;
    check_all(&mut storage, &blocks, force)?;
    save_all(&mut storage, &blocks)?;
    storage.close()?;
    let low = blocks.iter().map(|b| b.meta.height).min().unwrap_or(0);
    let high = blocks.iter().map(|b| b.meta.height).max().unwrap_or(0);
    Ok((blocks.len() as u64, low, high))
}

fn save_all(storage: &mut StorageService, blocks: &[ValidBlock]) -> Result<()> {
    let progress = output::progress_counter("saving blocks");
    let mut writer = BatchProcessor::new(storage, 2 * BLOCKS_PER_CHUNK);
    for block in blocks {
        for op in BlockStorage::save_operations(block) {
            writer.add(op)?;
        }
        progress.inc(1);
    }
    writer.finish()?;
    progress.finish_and_clear();
    Ok(())
}

fn put(g: &GlobalArgs, input: &str, force: bool) -> Result<()> {
    // Into a new store the blocks are read once (checked and sorted in one pass).
    let one_pass = g.create && !g.db_path()?.join("CURRENT").exists();
    let (saved, low, high) = match BlockInput::open(input, one_pass)? {
        BlockInput::Lines(lines) => put_lines(g, lines, force, BLOCKS_PER_CHUNK)?,
        BlockInput::Whole(input) => put_whole(g, &input, force)?,
    };
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => println!(
            "{{\"action\":\"block put\",\"saved\":{saved},\"lowest\":{low},\"highest\":{high}}}"
        ),
        OutputFormat::Table | OutputFormat::Plain => g.note(match (saved, low == high) {
            (1, _) => format!("saved 1 block at height {low}"),
            (n, true) => format!("saved {n} blocks at height {low}"),
            (n, false) => format!("saved {n} blocks, heights {low} to {high}"),
        }),
    }
    Ok(())
}
