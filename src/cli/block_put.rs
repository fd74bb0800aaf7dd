//! `block put` of NDJSON input (one block per line, from a file or stdin)
//! in bounded memory: the input is read again for each pass instead of
//! being held. The passes keep the promise of the in-memory path —
//! nothing is written unless every block is valid, no two blocks of the
//! input disagree, and no block would replace a different stored one:
//!
//! 1. every line is validated; heights and hashes are remembered as
//!    fingerprints (with the line they came from) to find disagreements;
//! 2. every block is checked against a read view of the store (so a
//!    refused input never creates or locks anything);
//! 3. under the lock, every block is checked again (unless the store's
//!    last sequence number shows that nothing was written since), then
//! 4. written in chunks of whole blocks (a block and its height index are
//!    always in one atomic write).
//!
//! Into a store that does not exist yet (`--create`), passes 2 and 3 have
//! nothing to check against: pass 1 also sorts the blocks and height
//! entries, and the store is built whole from sorted tables under a
//! temporary name, renamed into place when complete (as `import` does) —
//! the whole input is then one atomic unit.
//!
//! The input (stdin or a file) is first copied to an anonymous temporary
//! file (removed by the system however the command ends), so the blocks
//! written are exactly the blocks checked even if the file changes while
//! the command runs.

use super::input::{read_bounded, Input, MAX_INPUT_BYTES};
use super::output;
use super::partial;
use super::GlobalArgs;
use crate::model::block::{block_meta, validate_block, BlockMeta};
use crate::model::BlockStorage;
use crate::store::sorter::{Sorter, DEFAULT_RUN_BYTES};
use crate::store::{BatchProcessor, StorageService};
use crate::StoreError;
use anyhow::{Context, Result};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Seek};

/// NDJSON block input, readable once per pass.
pub struct LineInput {
    source: String,
    file: File,
    /// Read once, into a new store (the file itself, not a private copy).
    one_pass: bool,
}

/// What `block put` reads: NDJSON lines to stream, or a whole document
/// (a JSON array, a block spanning lines, an inline argument).
pub enum BlockInput {
    /// One block per line.
    Lines(LineInput),
    /// Everything at once.
    Whole(Input),
}

impl BlockInput {
    /// Opens `arg`: `-` for stdin, inline JSON, or a file. `one_pass`: the
    /// blocks will be read once (into a new store), so a file is read in
    /// place instead of copied first.
    pub fn open(arg: &str, one_pass: bool) -> Result<BlockInput> {
        let trimmed = arg.trim_start();
        if arg != "-" && (trimmed.starts_with('{') || trimmed.starts_with('[')) {
            return Ok(BlockInput::Whole(super::input::read_input(arg)?));
        }
        let source = if arg == "-" { "<stdin>" } else { arg }.to_string();
        let file = if one_pass && arg != "-" {
            File::open(arg).with_context(|| format!("read {source}"))?
        } else {
            // A private copy: what the checks passed is what gets written,
            // even if the file changes while the command runs.
            let mut file = tempfile::tempfile().context("create a temporary copy of the input")?;
            if arg == "-" {
                std::io::copy(&mut std::io::stdin().lock(), &mut file)
            } else {
                File::open(arg).and_then(|mut f| std::io::copy(&mut f, &mut file))
            }
            .with_context(|| format!("read {source}"))?;
            file.rewind().with_context(|| format!("read {source}"))?;
            file
        };
        let mut input = LineInput {
            source,
            file,
            one_pass,
        };
        if input.first_line_is_a_document()? {
            return Ok(BlockInput::Lines(input));
        }
        input
            .file
            .rewind()
            .with_context(|| format!("read {}", input.source))?;
        let text = read_bounded(&input.file, &input.source, MAX_INPUT_BYTES)?;
        Ok(BlockInput::Whole(Input {
            source: input.source,
            text,
        }))
    }
}

impl LineInput {
    /// Whether the input is NDJSON: its first non-empty line is a JSON
    /// value by itself (and not an array, which is one document of blocks).
    fn first_line_is_a_document(&mut self) -> Result<bool> {
        let mut first = None;
        self.for_each_line(|_, line| {
            first = Some(!line.starts_with('[') && crate::store::json::validate(line).is_ok());
            Ok(false)
        })?;
        Ok(first.unwrap_or(false))
    }

    /// Calls `each` with every non-empty line (1-based number, text without
    /// its line end) until it returns `false`.
    fn for_each_line(&mut self, mut each: impl FnMut(usize, &str) -> Result<bool>) -> Result<()> {
        self.file
            .rewind()
            .with_context(|| format!("read {}", self.source))?;
        let mut reader = BufReader::with_capacity(1 << 20, &self.file);
        let mut buf = Vec::new();
        let mut number = 0;
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .with_context(|| format!("read {}", self.source))?;
            if n == 0 {
                return Ok(());
            }
            number += 1;
            let line = std::str::from_utf8(&buf).map_err(|e| {
                StoreError::bad_input(format!(
                    "{}: line {number}: not UTF-8 text (byte {})",
                    self.source,
                    e.valid_up_to()
                ))
            })?;
            let line = line.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            if !each(number, line)? {
                return Ok(());
            }
        }
    }

    /// The block on line `number` (for wording a finding).
    fn meta_on_line(&mut self, number: usize) -> Result<BlockMeta> {
        let mut meta = None;
        self.for_each_line(|n, line| {
            if n == number {
                meta = block_meta(line).ok();
                return Ok(false);
            }
            Ok(true)
        })?;
        meta.ok_or_else(|| {
            StoreError::bad_input(format!(
                "{}: line {number} changed while it was read",
                self.source
            ))
            .into()
        })
    }
}

/// A 128-bit fingerprint of a block hash (SipHash values of the hash under
/// two salts, std's `DefaultHasher` with its fixed keys, as two words: no
/// 16-byte alignment): the input's disagreements are found without holding
/// its hashes.
fn fingerprint(hash: &str) -> [u64; 2] {
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        hash.hash(&mut h);
        h.finish()
    };
    [half(1), half(2)]
}

/// What pass 1 learnt: how many blocks, and their height range.
struct Summary {
    blocks: u64,
    low: u64,
    high: u64,
}

/// A block of the input as pass 1 remembers it: 32 bytes, no hash.
#[derive(Clone, Copy)]
struct Seen {
    height: u64,
    fp: [u64; 2],
    line: u32,
}

/// The first line (in input order) that disagrees with an earlier one:
/// (its line, the earlier line, whether they share a height or a hash).
/// Sorting one list twice finds it in 32 bytes a block, where two hash
/// maps took about 140.
fn first_clash(seen: &mut [Seen]) -> Option<(u32, u32, bool)> {
    let mut best: Option<(u32, u32, bool)> = None;
    let mut consider = |line: u32, other: u32, same_height: bool| {
        // At one line, a height clash is reported before a hash clash.
        let key = (line, !same_height);
        if best.is_none_or(|(l, _, h)| key < (l, !h)) {
            best = Some((line, other, same_height));
        }
    };
    seen.sort_unstable_by_key(|s| (s.height, s.line));
    for group in seen.chunk_by(|a, b| a.height == b.height) {
        if let Some(s) = group.iter().find(|s| s.fp != group[0].fp) {
            consider(s.line, group[0].line, true);
        }
    }
    seen.sort_unstable_by_key(|s| (s.fp, s.line));
    for group in seen.chunk_by(|a, b| a.fp == b.fp) {
        if let Some(s) = group.iter().find(|s| s.height != group[0].height) {
            consider(s.line, group[0].line, false);
        }
    }
    best
}

/// Pass 1: every block valid, no two disagreeing; into a new store, every
/// block and height entry also goes to `sorter`.
fn validate_all(input: &mut LineInput, mut sorter: Option<&mut Sorter>) -> Result<Summary> {
    let mut seen: Vec<Seen> = Vec::new();
    let mut summary = Summary {
        blocks: 0,
        low: u64::MAX,
        high: 0,
    };
    let source = input.source.clone();
    let progress = output::progress_counter("checking blocks");
    input.for_each_line(|number, line| {
        let block = validate_block(line)
            .map_err(|msg| StoreError::bad_input(format!("{source}: line {number}: {msg}")))?;
        let line = u32::try_from(number).map_err(|_| {
            StoreError::bad_input(format!("{source}: more than 4,294,967,295 lines"))
        })?;
        let height = block.meta.height;
        seen.push(Seen {
            height,
            fp: fingerprint(&block.meta.state_root),
            line,
        });
        if let Some(sorter) = sorter.as_deref_mut() {
            for (key, value) in BlockStorage::save_entries(&block) {
                sorter.add(&key, &value)?;
            }
        }
        summary.blocks += 1;
        summary.low = summary.low.min(height);
        summary.high = summary.high.max(height);
        progress.inc(1);
        Ok(true)
    })?;
    progress.finish_and_clear();
    if let Some((number, other, same_height)) = first_clash(&mut seen) {
        drop(seen);
        // Worded by reading the two lines again (the list holds no hashes).
        let this = input.meta_on_line(number as usize)?;
        let (root, height) = (&this.state_root, this.height);
        let message = if same_height {
            let named = input.meta_on_line(other as usize)?.state_root;
            format!("line {number}: block {root} has height {height}, which line {other} gives to block {named}")
        } else {
            let other_height = input.meta_on_line(other as usize)?.height;
            format!("line {number}: block {root} has height {height}, but line {other} gives it height {other_height}")
        };
        return Err(StoreError::bad_input(format!("{source}: {message}")).into());
    }
    if summary.blocks == 0 {
        return Err(StoreError::bad_input(format!("{source}: no blocks in the input")).into());
    }
    Ok(summary)
}

/// Passes 2 and 3: no block replaces a different stored one.
fn check_all(input: &mut LineInput, storage: &mut StorageService, force: bool) -> Result<()> {
    let mut store = BlockStorage::new(storage);
    input.for_each_line(|_, line| {
        let meta: BlockMeta = block_meta(line).map_err(StoreError::bad_input)?;
        store.check_overwrite(&meta, force)?;
        Ok(true)
    })
}

/// Runs `block put` on NDJSON input; returns (blocks, lowest, highest).
pub fn put_lines(
    g: &GlobalArgs,
    mut input: LineInput,
    force: bool,
    blocks_per_chunk: usize,
) -> Result<(u64, u64, u64)> {
    let db = g.db_path()?.clone();
    // Decided when the input was opened: a store created meanwhile makes
    // the rename into place fail (it is never overwritten).
    if input.one_pass {
        // Validated and sorted in one pass; nothing to check against.
        let summary = super::new_store::build(g, &db, ("block-put", "a block put"), |temp| {
            let mut sorter = Sorter::new(&super::new_store::sort_dir(&db), DEFAULT_RUN_BYTES / 2);
            let summary = validate_all(&mut input, Some(&mut sorter))?;
            super::new_store::write_tables(temp, sorter.finish()?, g)?;
            Ok(summary)
        })?;
        return Ok((summary.blocks, summary.low, summary.high));
    }
    let summary = validate_all(&mut input, None)?;
    let mut checked_at = None;
    if let Some(mut view) = g.open_read_for_checks()? {
        check_all(&mut input, &mut view, force)?;
        checked_at = Some(view.store_mut().version()?.sequence());
    }
    // Tuned for loading many keys, as `import` is.
    let mut storage = g.open_write_with(true)?;
    // Checked again under the lock, unless nothing was written since the
    // read view's checks (the same last sequence number: no write at all).
    if checked_at != Some(storage.store_mut().version()?.sequence()) {
        check_all(&mut input, &mut storage, force)?;
    }
    let progress = output::progress_counter("saving blocks");
    // Written in chunks: a failure from here on says how far it got.
    let counted = partial::Progress {
        done: 0,
        total: Some(summary.blocks),
        unit: "blocks",
        chunk: format!("{blocks_per_chunk} blocks, each with its height entry"),
        finish: "once the cause is fixed, run the same block put again (blocks already saved are the same blocks: no conflict)",
    };
    // Ctrl-C stops between blocks: the chunk being filled is not written.
    super::interrupt::install();
    partial::write_in_chunks(counted, |written| {
        let mut writer = BatchProcessor::new(&mut storage, 2 * blocks_per_chunk);
        let wrote = input.for_each_line(|_, line| {
            super::interrupt::check(|| "block put stopped".into())?;
            let block = validate_block(line).map_err(StoreError::bad_input)?;
            for op in BlockStorage::save_operations(&block) {
                writer.add(op)?;
            }
            progress.inc(1);
            Ok(true)
        });
        // Two operations per block.
        written.done = writer.written() / 2;
        wrote?;
        writer.finish()?;
        written.done = summary.blocks;
        progress.finish_and_clear();
        storage.close()?;
        Ok(())
    })?;
    Ok((summary.blocks, summary.low, summary.high))
}
