//! `storectl hash`

use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::store::digest::ContentDigest;
use crate::store::ScanRange;
use anyhow::Result;
use clap::Args;
use serde_json::json;

/// Print a content digest of the namespace (with --raw: the whole store).
///
/// SHA-256 over the sorted (user key, value) pairs, each length-prefixed:
/// equal for equal contents whatever the file layout, compaction or engine.
/// Prints `sha256:<hex>`; `-o json` adds the entry count.
#[derive(Debug, Args)]
pub struct HashArgs {}

/// Runs `hash`.
pub fn run(g: &GlobalArgs, _args: &HashArgs) -> Result<()> {
    let mut storage = g.open_read()?;
    let progress = output::progress_counter("hashing");
    let mut digest = ContentDigest::new();
    for item in storage.scan(&ScanRange::default())? {
        let (key, value) = item?;
        digest.add(&key, &value);
        progress.inc(1);
    }
    progress.finish_and_clear();
    let entries = digest.entries();
    let hash = digest.finish();
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            println!("{}", json!({"hash": hash, "entries": entries}))
        }
        OutputFormat::Table | OutputFormat::Plain => println!("{hash}"),
    }
    Ok(())
}
