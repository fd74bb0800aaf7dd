//! `storectl verify`

use super::exit::{FindingsError, UsageError};
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::verify::{
    verify, verify_files, verify_walking, Check, Finding, VerifyOptions, VerifyReport,
};
use crate::StoreError;
use anyhow::Result;
use clap::Args;
use serde_json::json;
use std::io::Write;

/// Findings shown in the table (all of them with -o json / ndjson).
const TABLE_FINDINGS: usize = 50;

/// Check the store's integrity in one streaming pass; exit 5 on findings.
///
/// Checks: storage (checksums of every table block and log/manifest
/// record), values (every value is JSON), blocks (height index and blocks
/// agree, orphans, gaps), states (roots and states agree), snapshots
/// (metadata parses, base links resolve, no cycles). `-o json` prints
/// `{"ok", "checks": [...], "findings": [{"check","key","message"}]}`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Comma-separated checks to run (default: all): storage, values,
    /// blocks, states, snapshots.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "LIST",
        value_parser = ["storage", "values", "blocks", "states", "snapshots"]
    )]
    pub checks: Vec<String>,
    /// Values under this key prefix need not be JSON (repeatable).
    #[arg(long, value_name = "KEY_PREFIX")]
    pub allow_non_json: Vec<String>,
}

fn options(args: &VerifyArgs, output: OutputFormat) -> Result<VerifyOptions> {
    let mut opts = VerifyOptions {
        // The table shows the first findings and the counts: the rest are
        // counted, not worded (the same counts and, first, the same findings).
        all_findings: !matches!(output, OutputFormat::Table),
        allow_non_json: args
            .allow_non_json
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect(),
        ..VerifyOptions::default()
    };
    if !args.checks.is_empty() {
        opts.checks = args
            .checks
            .iter()
            .map(|name| {
                Check::parse(name).ok_or_else(|| {
                    UsageError(format!(
                        "unknown check {name:?} (choose from storage, values, blocks, states, snapshots)"
                    ))
                })
            })
            .collect::<std::result::Result<_, _>>()?;
    }
    Ok(opts)
}

/// Runs `verify`.
pub fn run(g: &GlobalArgs, args: &VerifyArgs) -> Result<()> {
    super::interrupt::install();
    let opts = options(args, g.output)?;
    let progress = output::progress_counter("verifying");
    let dir = g.db_path()?.clone();
    if !dir.join("CURRENT").is_file() {
        // Not a store at all: the same error every command gives.
        g.open_read()?;
    }
    let mut key_checks = opts.clone();
    key_checks.checks.remove(&Check::Storage);
    let go_on = |keys| {
        progress.inc(keys);
        !super::interrupt::requested()
    };
    let storage_files = || {
        let mut files = VerifyReport::default();
        verify_files(&dir, &mut files, |_| {}).map(|()| files)
    };
    // Both: a table no other file overlaps is read once for the two
    // (model::verify_walk); the storage check reads the other files on a
    // second thread meanwhile. Its findings come first.
    let storage = opts.checks.contains(&Check::Storage);
    let keys = !key_checks.checks.is_empty();
    let (files, keys) = match (storage, keys) {
        (true, true) => match g.open_read() {
            Ok(mut storage) => {
                let (files, keys) = verify_walking(&mut storage, &dir, &key_checks, &go_on);
                (Some(files), Some(keys.map_err(anyhow::Error::from)))
            }
            Err(e) => (Some(storage_files()), Some(Err(e))),
        },
        (true, false) => (Some(storage_files()), None),
        (false, true) => {
            let keys = g.open_read().and_then(|mut storage| {
                verify(&mut storage, &dir, &key_checks, go_on).map_err(anyhow::Error::from)
            });
            (None, Some(keys))
        }
        (false, false) => (None, None),
    };
    if keys.is_some() {
        super::interrupt::check(|| {
            format!(
                "verify stopped after {} key(s); no report",
                progress.position()
            )
        })?;
    }
    let mut report = files.transpose()?.unwrap_or_default();
    match keys {
        None => {}
        Some(Ok(keys)) => report.append(keys)?,
        Some(Err(e)) if is_unreadable(&e) => {
            // Damage stops the key checks; the file check names it.
            let message =
                format!("the keys could not be read, so the key checks did not run: {e:#}");
            report.push(Finding {
                check: Check::Storage,
                key: dir.display().to_string(),
                message,
            });
        }
        Some(Err(e)) => return Err(e),
    }
    progress.finish_and_clear();
    if !report.is_empty() {
        super::exit::found_problems();
    }
    print_report(g, &opts, &mut report)?;
    if report.is_empty() {
        Ok(())
    } else {
        Err(FindingsError(format!("found {} problem(s)", report.len())).into())
    }
}

/// Whether an error is a store file that cannot be read (a storage finding).
fn is_unreadable(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<StoreError>(),
        Some(StoreError::Unreadable(_) | StoreError::Corruption { .. })
    )
}

/// One finding in `-o json` / `-o ndjson`.
#[derive(serde::Serialize)]
struct FindingRecord<'a> {
    check: &'a str,
    key: &'a str,
    message: &'a str,
}

fn print_report(g: &GlobalArgs, opts: &VerifyOptions, report: &mut VerifyReport) -> Result<()> {
    let mut out = output::stdout();
    let checks: Vec<Check> = Check::ALL
        .into_iter()
        .filter(|c| opts.checks.contains(c) || report.count(*c) > 0)
        .collect();
    // Serialised from borrowed fields, straight into the output.
    let finding_json = |out: &mut dyn Write, f: &Finding| -> Result<()> {
        let record = FindingRecord {
            check: f.check.name(),
            key: &f.key,
            message: &f.message,
        };
        serde_json::to_writer(out, &record)?;
        Ok(())
    };
    match g.output {
        OutputFormat::Json => {
            let summary: Vec<_> = checks
                .iter()
                .map(|c| json!({"check": c.name(), "items": report.items.get(c).copied().unwrap_or(0), "findings": report.count(*c)}))
                .collect();
            // Streamed: the findings may not fit in memory.
            let head = json!({"ok": report.is_empty(), "checks": summary}).to_string();
            write!(out, "{},\"findings\":[", &head[..head.len() - 1])?;
            let mut first = true;
            report.for_each(|f| {
                if !std::mem::take(&mut first) {
                    out.write_all(b",")?;
                }
                finding_json(&mut out, &f)
            })?;
            writeln!(out, "]}}")?;
        }
        OutputFormat::Ndjson => {
            report.for_each(|f| -> Result<()> {
                finding_json(&mut out, &f)?;
                Ok(out.write_all(b"\n")?)
            })?;
        }
        OutputFormat::Plain => {
            report.for_each(|f| -> Result<()> {
                Ok(writeln!(
                    out,
                    "{}\t{}\t{}",
                    f.check.name(),
                    f.key,
                    f.message
                )?)
            })?;
        }
        OutputFormat::Table => {
            let mut t = output::table(&["check", "items checked", "findings"]);
            for c in &checks {
                t.add_row(vec![
                    c.name().to_string(),
                    report.items.get(c).copied().unwrap_or(0).to_string(),
                    report.count(*c).to_string(),
                ]);
            }
            output::write_table(&mut out, &t)?;
            if !report.is_empty() {
                let mut f = output::table(&["check", "key", "finding"]);
                for finding in report.first().iter().take(TABLE_FINDINGS) {
                    f.add_row(vec![
                        finding.check.name().to_string(),
                        finding.key.clone(),
                        finding.message.clone(),
                    ]);
                }
                output::write_table(&mut out, &f)?;
                if report.len() > TABLE_FINDINGS {
                    g.note(format!(
                        "{} more finding(s); -o json or -o ndjson lists them all",
                        report.len() - TABLE_FINDINGS
                    ));
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}
