//! `storectl stats`

use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::stats::{collect, Category, StoreStats};
use crate::model::BlockStorage;
use crate::store::codec::{escape_bytes, key_to_json};
use crate::store::files::{disk_usage, DiskUsage, FileKind};
use crate::store::ldb::format::user_key;
use crate::StoreError;
use anyhow::Result;
use clap::Args;
use serde_json::{json, Value};
use std::io::Write;

/// Storage usage: files on disk by kind, and per key category of the
/// namespace the number of keys and key/value bytes, min/max height,
/// machines and snapshots.
///
/// The default is exact (one scan of the namespace). --fast reads only the
/// directory and a few point lookups: on-disk usage and the latest height
/// (by the same search as `block latest`), no per-category counts.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Skip the scan: on-disk usage and latest height only.
    #[arg(long)]
    pub fast: bool,
}

fn kind_json(k: FileKind) -> Value {
    json!({"files": k.files, "bytes": k.bytes})
}

fn disk_json(d: &DiskUsage) -> Value {
    json!({"total": kind_json(d.total()), "tables": kind_json(d.tables), "logs": kind_json(d.logs),
           "manifests": kind_json(d.manifests), "other": kind_json(d.other)})
}

/// One level of the live version.
struct LevelRow {
    level: usize,
    files: usize,
    bytes: u64,
    smallest: Vec<u8>,
    largest: Vec<u8>,
}

/// Runs `stats`.
pub fn run(g: &GlobalArgs, args: &StatsArgs) -> Result<()> {
    let mut storage = g.open_read()?;
    let dir = storage.store_mut().path().to_path_buf();
    let disk = disk_usage(&dir).map_err(|e| StoreError::Io {
        context: format!("measure {}", dir.display()),
        message: e.to_string(),
    })?;
    let stats: Option<StoreStats> = if args.fast {
        None
    } else {
        let progress = output::progress_counter("counting");
        let stats = collect(&mut storage, || progress.inc(1))?;
        progress.finish_and_clear();
        Some(stats)
    };
    let latest = match &stats {
        Some(s) => s.max_height,
        None => BlockStorage::new(&mut storage).latest_height()?,
    };
    // Tables per level, from the manifest (no scan).
    let levels: Vec<LevelRow> = match crate::store::integrity::read_manifest(&dir) {
        Ok(m) => m
            .levels
            .iter()
            .enumerate()
            .filter(|(_, files)| !files.is_empty())
            .map(|(level, files)| LevelRow {
                level,
                files: files.len(),
                bytes: files.iter().map(|f| f.size).sum(),
                smallest: files
                    .iter()
                    .map(|f| user_key(&f.smallest).to_vec())
                    .min()
                    .unwrap_or_default(),
                largest: files
                    .iter()
                    .map(|f| user_key(&f.largest).to_vec())
                    .max()
                    .unwrap_or_default(),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            let mut v = json!({"exact": !args.fast, "disk": disk_json(&disk), "maxHeight": latest,
                "levels": levels.iter().map(|l| json!({"level": l.level, "files": l.files, "bytes": l.bytes,
                    "smallest": key_to_json(&l.smallest), "largest": key_to_json(&l.largest)})).collect::<Vec<_>>()});
            if let Some(s) = &stats {
                let cats: serde_json::Map<String, Value> = s
                    .categories
                    .iter()
                    .map(|(c, st)| {
                        (c.name().to_string(), json!({"keys": st.keys, "keyBytes": st.key_bytes, "valueBytes": st.value_bytes}))
                    })
                    .collect();
                v["categories"] = Value::Object(cats);
                v["minHeight"] = json!(s.min_height);
                v["machines"] = json!(s.machines());
                v["snapshots"] = json!(s.snapshots);
            }
            writeln!(out, "{v}")?;
        }
        OutputFormat::Table | OutputFormat::Plain => {
            let mut files = output::table(&["files", "count", "bytes"]);
            for (name, k) in [
                ("tables", disk.tables),
                ("logs", disk.logs),
                ("manifests", disk.manifests),
                ("other", disk.other),
                ("total", disk.total()),
            ] {
                files.add_row(vec![
                    name.to_string(),
                    k.files.to_string(),
                    k.bytes.to_string(),
                ]);
            }
            output::write_table_in(&mut out, g.output, &files)?;
            let mut lt =
                output::table(&["level", "tables", "bytes", "smallest key", "largest key"]);
            for l in &levels {
                let mut row = vec![
                    l.level.to_string(),
                    l.files.to_string(),
                    l.bytes.to_string(),
                ];
                row.extend([escape_bytes(&l.smallest), escape_bytes(&l.largest)]);
                if g.output == OutputFormat::Plain {
                    row.insert(0, "level".into());
                }
                lt.add_row(row);
            }
            output::write_table_in(&mut out, g.output, &lt)?;
            if let Some(s) = &stats {
                let mut cats = output::table(&["category", "keys", "key bytes", "value bytes"]);
                for c in Category::ALL {
                    let st = s.categories.get(&c).copied().unwrap_or_default();
                    cats.add_row(vec![
                        c.name().to_string(),
                        st.keys.to_string(),
                        st.key_bytes.to_string(),
                        st.value_bytes.to_string(),
                    ]);
                }
                output::write_table_in(&mut out, g.output, &cats)?;
                let show = |h: Option<u64>| h.map(|h| h.to_string()).unwrap_or_else(|| "-".into());
                if g.output == OutputFormat::Plain {
                    writeln!(
                        out,
                        "heights\t{}\t{}",
                        show(s.min_height),
                        show(s.max_height)
                    )?;
                    writeln!(out, "machines\t{}", s.machines())?;
                    writeln!(out, "snapshots\t{}", s.snapshots)?;
                    out.flush()?;
                    return Ok(());
                }
                writeln!(
                    out,
                    "heights {} to {}, {} machine(s), {} snapshot(s)",
                    show(s.min_height),
                    show(s.max_height),
                    s.machines(),
                    s.snapshots
                )?;
            } else if g.output == OutputFormat::Plain {
                let latest = latest.map(|h| h.to_string()).unwrap_or_else(|| "-".into());
                writeln!(out, "latest\t{latest}")?;
            } else {
                writeln!(
                    out,
                    "latest height {} (fast: no per-category counts)",
                    latest.map(|h| h.to_string()).unwrap_or_else(|| "-".into())
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
