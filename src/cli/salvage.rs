//! `storectl salvage --to NEW_DIR [--dry-run]`

use super::exit::FindingsError;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::verify::{Check, VerifyOptions, KEPT_FINDINGS};
use crate::model::verify_feed::{finish, KeyCheckFeed};
use crate::store::bulk::{build_alongside, EntrySink, WholeTable};
use crate::store::codec::{escape_bytes, key_to_json};
use crate::store::salvage::{salvage, Inspector, SalvageReport};
use crate::store::{Namespace, StorageService, Store};
use crate::StoreError;
use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Recover every readable record of a damaged store into a new store.
///
/// Reads every table and log in --db directly (not only the ones the
/// manifest lists, and also when CURRENT or the manifest is gone), skips
/// damaged blocks and log records, merges what is left newest first
/// (deletions respected), and writes a fresh store at NEW_DIR (built under
/// a temporary name, renamed when complete; an undamaged table no other
/// file overlaps is copied as it is). The damaged store is never changed.
/// The report lists what was skipped (file, offset), keys whose recovered
/// state is uncertain (a newer version or a deletion may have been lost),
/// writes missing from logs, and the seed model's checks on the result
/// (the first 1000 findings; the rest counted). Exit 0 when everything was recovered, 5 when anything was
/// skipped or is uncertain (unreadable bytes in a file the live version no
/// longer uses, such as a table a compaction left half-written, are listed
/// but lose nothing). A store another process has open (its LOCK held: a
/// running node) is refused with exit 4 (--lock-wait waits for it): take a
/// `storectl checkpoint` of it and salvage that.
#[derive(Debug, Args)]
pub struct SalvageArgs {
    /// The new store: must not exist, or be an empty directory.
    #[arg(long, value_name = "NEW_DIR", required_unless_present = "dry_run")]
    pub to: Option<PathBuf>,
    /// Print the report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> anyhow::Error {
    move |e| {
        StoreError::Io {
            context,
            message: e.to_string(),
        }
        .into()
    }
}

/// Model findings shown in the report (the rest are counted): those the
/// checks keep and word (`VerifyOptions::all_findings` off).
const MAX_MODEL_FINDINGS: usize = KEPT_FINDINGS;

/// Refuses a destination that exists and is not an empty directory.
fn check_target(to: &Path) -> Result<()> {
    if !to.exists() {
        return Ok(());
    }
    let empty = to.is_dir()
        && std::fs::read_dir(to)
            .map_err(io(format!("list {}", to.display())))?
            .next()
            .is_none();
    if !empty {
        return Err(StoreError::bad_input(format!(
            "--to {} exists and is not an empty directory: salvage writes only a new store (nothing was written)",
            to.display()
        ))
        .into());
    }
    Ok(())
}

/// Refuses a store another process has open (its LOCK held, waiting up
/// to `--lock-wait`): a running node compacts files away under the reads,
/// and salvage would report them skipped or missing and leave their keys
/// out. Nothing in the store is created or changed to find out.
fn refuse_an_open_store(g: &GlobalArgs, dir: &Path) -> Result<()> {
    let deadline = std::time::Instant::now() + g.write_access(false)?.lock_wait;
    while crate::store::env::lock_held_elsewhere(dir).unwrap_or(false) {
        if std::time::Instant::now() >= deadline {
            let locked = StoreError::Locked {
                path: dir.to_path_buf(),
            };
            return Err(anyhow::Error::from(locked).context(
                "salvage reads a store no process has open (a running node deletes files under it): \
                 stop the node, or salvage a `storectl checkpoint` of the store; nothing was written",
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok(())
}

/// Name prefix of a dry run's scratch store in `$TMPDIR`:
/// `storectl-salvage-dry-run-<pid>-<random>`.
const DRY_RUN_PREFIX: &str = "storectl-salvage-dry-run-";

/// Runs `salvage`.
pub fn run(g: &GlobalArgs, args: &SalvageArgs) -> Result<()> {
    super::interrupt::install();
    let dir = g.db_path()?.clone();
    if !dir.is_dir() {
        return Err(StoreError::NoStore {
            path: dir,
            reason: "not a directory".into(),
        }
        .into());
    }
    if let Some(to) = &args.to {
        check_target(to)?;
    }
    refuse_an_open_store(g, &dir)?;
    let (report, findings) = match (&args.to, args.dry_run) {
        // Built under a temporary name beside the target, renamed into
        // place when complete.
        (Some(to), false) => {
            super::new_store::build(g, to, ("salvage", "a salvage"), |temp| build(g, &dir, temp))?
        }
        // A dry run builds the store in a scratch directory under $TMPDIR
        // (the model's checks look keys up in it), removed at the end; one
        // a killed dry run left is removed by the next.
        _ => {
            let tmp = std::env::temp_dir();
            for stale in super::leftovers::remove_stale(&tmp, DRY_RUN_PREFIX, "-") {
                g.note(format!(
                    "removed {}, left by a salvage --dry-run that was killed",
                    stale.display()
                ));
            }
            let scratch = tempfile::Builder::new()
                .prefix(&format!("{DRY_RUN_PREFIX}{}-", std::process::id()))
                .tempdir_in(&tmp)
                .with_context(|| format!("create a scratch directory in {}", tmp.display()))?;
            build(g, &dir, &scratch.path().join("salvaged")).with_context(|| {
                format!(
                    "dry run: the salvaged store is built in {} for its checks (set TMPDIR to use another filesystem)",
                    scratch.path().display()
                )
            })?
        }
    };
    if !report.complete() {
        super::exit::found_problems();
    }
    print(g, &report, &findings, args)?;
    if report.complete() {
        Ok(())
    } else {
        Err(FindingsError(format!(
            "recovered {} key(s); {} part(s) skipped, {} table(s) missing, {} key(s) uncertain",
            report.recovered,
            report.lost_parts(),
            report.missing.len(),
            report.uncertain.len()
        ))
        .into())
    }
}

/// Salvages into a new store at `temp` and runs the model's checks on it.
fn build(
    g: &GlobalArgs,
    dir: &Path,
    temp: &Path,
) -> Result<(SalvageReport, Vec<crate::model::verify::Finding>)> {
    // The merge yields every live key once, in key order, into a new store
    // whose tables are written directly (store::bulk, no engine) on a
    // second thread; a table nothing else overlaps is copied whole.
    std::fs::create_dir_all(temp).map_err(io(format!("create {}", temp.display())))?;
    let progress = output::progress_counter("salvaging files");
    let stopped = || "salvage stopped; nothing was written to the destination".to_string();
    // The model's checks see every entry of the namespace as salvage reads
    // it (the new store is not read again for them); the report shows the
    // first findings and counts the rest.
    let options = VerifyOptions {
        checks: [Check::Blocks, Check::States, Check::Snapshots]
            .into_iter()
            .collect(),
        all_findings: false,
        ..VerifyOptions::default()
    };
    let namespace = g.namespace();
    let checks = || NamespaceChecks {
        namespace: &namespace,
        feed: KeyCheckFeed::new(&options),
    };
    // The entries the merge writes are checked on the merging thread as
    // they are handed over (the building thread, which compresses every
    // table, is the busier one); those of the tables copied whole, by the
    // threads reading them.
    let mut rest = checks();
    let built = build_alongside(temp, |sink| {
        let mut sink = Interruptible {
            sink,
            stopped,
            checks: &mut rest,
        };
        salvage(dir, &mut sink, &checks, || progress.inc(1))
    });
    // A signal ends the command as interrupted (exit 130), not as an error.
    super::interrupt::check(stopped)?;
    let ((report, whole), _) = built?;
    progress.finish_and_clear();
    let mut view = StorageService::new(Store::open_read(temp)?, namespace.clone());
    let feeds = whole.into_iter().chain([rest]).map(|c| c.feed).collect();
    let checked = finish(feeds, &options, &mut view)?;
    // The report shows the first findings and counts the rest.
    let total = checked.len();
    let mut findings: Vec<_> = checked
        .first()
        .iter()
        .take(MAX_MODEL_FINDINGS)
        .cloned()
        .collect();
    if total > MAX_MODEL_FINDINGS {
        findings.push(crate::model::verify::Finding {
            check: Check::Blocks,
            key: String::new(),
            message: format!(
                "... and {} more findings: run `storectl verify` on the salvaged store",
                total - MAX_MODEL_FINDINGS
            ),
        });
    }
    Ok((report, findings))
}

/// An [`EntrySink`] that stops at a signal and runs the model's checks on
/// every entry it passes on.
struct Interruptible<'a, 'n, F: Fn() -> String> {
    sink: &'a mut dyn EntrySink,
    stopped: F,
    /// The model's checks of every entry handed over.
    checks: &'a mut NamespaceChecks<'n>,
}

impl<F: Fn() -> String> Interruptible<'_, '_, F> {
    fn check(&self) -> crate::Result<()> {
        super::interrupt::check(&self.stopped).map_err(|e| StoreError::bad_input(e.to_string()))
    }
}

impl<F: Fn() -> String> EntrySink for Interruptible<'_, '_, F> {
    fn entry(&mut self, key: &[u8], value: std::borrow::Cow<'_, [u8]>) -> crate::Result<()> {
        self.check()?;
        self.checks.entry(key, &value);
        self.sink.entry(key, value)
    }

    fn whole_table(&mut self, table: &WholeTable) -> crate::Result<()> {
        self.check()?;
        self.sink.whole_table(table)
    }
}

/// verify's key checks over the keys of one namespace.
struct NamespaceChecks<'a> {
    namespace: &'a Namespace,
    feed: KeyCheckFeed<'a>,
}

impl Inspector for NamespaceChecks<'_> {
    fn entry(&mut self, key: &[u8], value: &[u8]) {
        if let Some(user_key) = self.namespace.user_key(key) {
            self.feed.entry(user_key, value);
        }
    }
}

fn print(
    g: &GlobalArgs,
    r: &SalvageReport,
    findings: &[crate::model::verify::Finding],
    args: &SalvageArgs,
) -> Result<()> {
    let mut out = output::stdout();
    let path = |p: &Path| p.display().to_string();
    let skipped: Vec<serde_json::Value> = r
        .skipped
        .iter()
        .map(|s| json!({"file": path(&s.file), "live": r.file_live(&s.file), "offset": s.offset, "bytes": s.bytes, "reason": s.reason}))
        .collect();
    let uncertain: Vec<serde_json::Value> = r
        .uncertain
        .iter()
        .map(|u| json!({"key": key_to_json(&u.key), "recovered": u.recovered, "reason": u.reason}))
        .collect();
    let gaps: Vec<serde_json::Value> = r
        .gaps
        .iter()
        .map(|gp| json!({"file": path(&gp.file), "lostSequences": {"from": gp.after + 1, "to": gp.before - 1}}))
        .collect();
    let model: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| json!({"check": f.check.name(), "key": f.key, "message": f.message}))
        .collect();
    let files: Vec<serde_json::Value> = r
        .files
        .iter()
        .map(|f| json!({"file": path(&f.file), "kind": f.kind, "live": f.live, "units": f.units, "entries": f.entries, "copied": f.copied}))
        .collect();
    let copied = r.files.iter().filter(|f| f.copied).count();
    let summary = json!({
        "complete": r.complete(), "dryRun": args.dry_run,
        "to": args.to.as_ref().filter(|_| !args.dry_run).map(|p| path(p)),
        "manifest": r.manifest, "manifestProblem": r.manifest_problem,
        "filesRead": r.files.len(), "tablesCopied": copied, "versionsRead": r.versions, "recovered": r.recovered,
        "staleVersionsDropped": r.stale, "missingTables": r.missing.iter().map(|p| path(p)).collect::<Vec<_>>(),
    });
    match g.output {
        OutputFormat::Json => {
            let mut doc = summary;
            doc["files"] = json!(files);
            doc["skipped"] = json!(skipped);
            doc["uncertain"] = json!(uncertain);
            doc["lostLogWrites"] = json!(gaps);
            doc["modelFindings"] = json!(model);
            writeln!(out, "{doc}")?;
        }
        OutputFormat::Ndjson => {
            writeln!(out, "{}", json!({"summary": summary}))?;
            for (kind, items) in [
                ("file", &files),
                ("skipped", &skipped),
                ("uncertain", &uncertain),
                ("lostLogWrites", &gaps),
                ("modelFinding", &model),
            ] {
                for item in items {
                    writeln!(out, "{}", json!({ kind: item }))?;
                }
            }
        }
        OutputFormat::Plain => {
            for s in &r.skipped {
                writeln!(
                    out,
                    "skipped\t{}\t{}\t{}\t{}\t{}",
                    path(&s.file),
                    s.offset.map(|o| o.to_string()).unwrap_or_default(),
                    s.bytes,
                    s.reason,
                    match r.file_live(&s.file) {
                        Some(true) => "live",
                        Some(false) => "stale",
                        None => "unknown",
                    }
                )?;
            }
            for p in &r.missing {
                writeln!(out, "missing\t{}", path(p))?;
            }
            for u in &r.uncertain {
                writeln!(
                    out,
                    "uncertain\t{}\t{}\t{}",
                    escape_bytes(&u.key),
                    if u.recovered { "recovered" } else { "absent" },
                    u.reason
                )?;
            }
            for f in r.files.iter().filter(|f| f.copied) {
                writeln!(out, "copied\t{}", path(&f.file))?;
            }
            for f in findings {
                writeln!(out, "model\t{}\t{}\t{}", f.check.name(), f.key, f.message)?;
            }
            writeln!(out, "recovered\t{}", r.recovered)?;
        }
        OutputFormat::Table => {
            let mut t = output::table(&["", ""]);
            t.add_row(vec![
                "manifest".into(),
                r.manifest.clone().unwrap_or_else(|| {
                    format!(
                        "unusable: {}",
                        r.manifest_problem.clone().unwrap_or_default()
                    )
                }),
            ]);
            t.add_row(vec!["files read".into(), r.files.len().to_string()]);
            t.add_row(vec!["tables copied whole".into(), copied.to_string()]);
            t.add_row(vec!["versions read".into(), r.versions.to_string()]);
            t.add_row(vec!["keys recovered".into(), r.recovered.to_string()]);
            t.add_row(vec!["stale versions dropped".into(), r.stale.to_string()]);
            let stale_parts = r.skipped.len() - r.lost_parts();
            t.add_row(vec![
                "parts skipped".into(),
                if stale_parts == 0 {
                    r.skipped.len().to_string()
                } else {
                    format!(
                        "{} ({stale_parts} in files the live version no longer uses: nothing lost)",
                        r.skipped.len()
                    )
                },
            ]);
            t.add_row(vec!["tables missing".into(), r.missing.len().to_string()]);
            t.add_row(vec!["keys uncertain".into(), r.uncertain.len().to_string()]);
            t.add_row(vec![
                "log writes lost".into(),
                r.gaps
                    .iter()
                    .map(|gp| gp.before - gp.after - 1)
                    .sum::<u64>()
                    .to_string(),
            ]);
            output::write_table(&mut out, &t)?;
            if !r.skipped.is_empty() || !r.missing.is_empty() {
                let mut t = output::table(&["file", "offset", "bytes", "skipped because"]);
                for s in &r.skipped {
                    t.add_row(vec![
                        path(&s.file),
                        s.offset.map(|o| o.to_string()).unwrap_or_default(),
                        s.bytes.to_string(),
                        if r.file_live(&s.file) == Some(false) {
                            format!(
                                "{} (a file the live version no longer uses: nothing lost)",
                                s.reason
                            )
                        } else {
                            s.reason.clone()
                        },
                    ]);
                }
                for p in &r.missing {
                    t.add_row(vec![
                        path(p),
                        String::new(),
                        String::new(),
                        "missing (the manifest lists it)".into(),
                    ]);
                }
                output::write_table(&mut out, &t)?;
            }
            if !r.uncertain.is_empty() {
                let mut t = output::table(&["uncertain key", "recovered", "why"]);
                for u in r.uncertain.iter().take(100) {
                    t.add_row(vec![
                        escape_bytes(&u.key),
                        if u.recovered {
                            "value".into()
                        } else {
                            "absent".into()
                        },
                        u.reason.clone(),
                    ]);
                }
                output::write_table(&mut out, &t)?;
                if r.uncertain.len() > 100 {
                    g.note(format!(
                        "... and {} more uncertain keys (-o json lists all)",
                        r.uncertain.len() - 100
                    ));
                }
            }
            if !findings.is_empty() {
                let mut t = output::table(&["check", "key", "finding in the salvaged store"]);
                for f in findings.iter().take(100) {
                    t.add_row(vec![
                        f.check.name().into(),
                        f.key.clone(),
                        f.message.clone(),
                    ]);
                }
                output::write_table(&mut out, &t)?;
            }
        }
    }
    out.flush()?;
    match (&args.to, args.dry_run) {
        (Some(to), false) => g.note(format!(
            "salvaged {} key(s) into {}",
            r.recovered,
            to.display()
        )),
        _ => g.note(format!(
            "dry run: {} key(s) would be salvaged; nothing was written",
            r.recovered
        )),
    }
    Ok(())
}
