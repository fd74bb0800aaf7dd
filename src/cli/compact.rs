//! `storectl compact`

use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::store::compact::compact_checked;
use crate::store::files::{disk_usage, DiskUsage};
use crate::StoreError;
use anyhow::Result;
use clap::Args;
use serde_json::json;
use std::ffi::OsString;

/// Compact the store (or a key range): rewrite tables without overwritten
/// and deleted entries. Contents are unchanged; prints on-disk size and
/// file count before and after.
#[derive(Debug, Args)]
pub struct CompactArgs {
    /// First key of the range (in the namespace; default: its first key).
    #[arg(long, value_name = "K")]
    pub start: Option<OsString>,
    /// End of the range, exclusive as in scan and export (default: the end
    /// of the namespace). Compaction never changes contents, so the range
    /// only limits the work.
    #[arg(long, value_name = "K")]
    pub end: Option<OsString>,
}

fn usage(dir: &std::path::Path) -> Result<DiskUsage> {
    disk_usage(dir).map_err(|e| {
        StoreError::Io {
            context: format!("measure {}", dir.display()),
            message: e.to_string(),
        }
        .into()
    })
}

/// Runs `compact`.
pub fn run(g: &GlobalArgs, args: &CompactArgs) -> Result<()> {
    let dir = g.db_path()?.clone();
    let access = g.write_access(false)?;
    let before = usage(&dir).unwrap_or_default();
    let ns = g.namespace();
    let (lower, upper) = ns.prefix_range(b"");
    let start = match &args.start {
        Some(k) => ns.full_key(&g.key_arg(k)?),
        None => lower,
    };
    let end = match &args.end {
        Some(k) => ns.full_key(&g.key_arg(k)?),
        None => upper.unwrap_or_else(|| vec![0xFF; 256]),
    };
    let progress = output::progress_counter("compacting");
    // Every block is checked first and the contents compared after.
    compact_checked(&dir, access, &start, &end)?;
    progress.finish_and_clear();
    let after = usage(&dir)?;
    let (b, a) = (before.total(), after.total());
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => println!(
            "{}",
            json!({"before": {"bytes": b.bytes, "files": b.files, "tables": before.tables.files},
                   "after": {"bytes": a.bytes, "files": a.files, "tables": after.tables.files}})
        ),
        OutputFormat::Table | OutputFormat::Plain => {
            let mut t = output::table(&["", "bytes", "files", "tables"]);
            t.add_row(vec![
                "before".into(),
                b.bytes.to_string(),
                b.files.to_string(),
                before.tables.files.to_string(),
            ]);
            t.add_row(vec![
                "after".into(),
                a.bytes.to_string(),
                a.files.to_string(),
                after.tables.files.to_string(),
            ]);
            let mut out = output::stdout();
            output::write_table_in(&mut out, g.output, &t)?;
            std::io::Write::flush(&mut out)?;
        }
    }
    Ok(())
}
