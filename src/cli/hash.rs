//! `storectl hash`

use super::formatted::{self, Layout};
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
    // The entries are laid out for the digest on two threads and hashed in
    // key order here; nothing is printed for them.
    let nothing = |_: &mut dyn std::io::Write, _: &[u8], _: &[u8]| Ok(());
    let layout = Layout {
        separator: b"",
        entry: &nothing,
        values: false,
    };
    formatted::write_entries(
        &mut storage,
        &ScanRange::default(),
        &layout,
        Some(&mut digest),
        &progress,
        &mut std::io::sink(),
        || "hash stopped; no hash was printed".into(),
    )?;
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
