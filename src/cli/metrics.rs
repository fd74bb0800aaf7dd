//! `storectl metrics`: the store's health in the Prometheus text exposition
//! format (0.0.4), printed, served over HTTP, or written for
//! node_exporter's textfile collector.

use super::GlobalArgs;
use crate::model::estimate::estimate;
use crate::model::snapshot::SnapshotManager;
use crate::model::stats::{collect, Category, CategoryStats};
use crate::model::verify::{verify, Check, VerifyOptions};
use crate::model::BlockStorage;
use crate::store::files::disk_usage;
use crate::store::integrity::read_manifest;
use crate::store::json;
use anyhow::Result;
use clap::Args;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The store's health as Prometheus metrics.
///
/// Files and bytes by kind, tables and bytes per level (from the manifest),
/// keys and key/value bytes per category (one scan; with --fast estimated
/// from the tables' index blocks and a sample of data blocks),
/// the latest block height and its timestamp and age, machines, snapshots
/// and the longest snapshot chain, the last sequence number; with --verify,
/// findings per check. `storectl_up` is 0 when the store cannot be read.
/// Printed once by default (the exposition; `-o json`/`ndjson` the samples
/// as `{"name","labels","value"}`); `--listen ADDR` serves `GET /metrics` (404
/// elsewhere), reading the store at most once per --interval; `--textfile
/// PATH` writes the exposition atomically (once, or every --interval when
/// given). Never takes the store's lock. Stops cleanly on SIGINT/SIGTERM.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Skip the scan: estimate the per-category key counts and bytes from
    /// the tables' index blocks and 16 sampled data blocks per category.
    #[arg(long)]
    pub fast: bool,
    /// Also run verify and export its findings per check.
    #[arg(long)]
    pub verify: bool,
    /// Serve `GET /metrics` on this address (e.g. 127.0.0.1:9477).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Write the exposition to PATH atomically (temp file + rename).
    #[arg(long, value_name = "PATH")]
    pub textfile: Option<PathBuf>,
    /// Read the store at most this often (seconds; with --textfile, rewrite
    /// it this often).
    #[arg(long, value_name = "SECONDS")]
    pub interval: Option<f64>,
}

struct Exposition(String);

impl Exposition {
    fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.0, "# HELP {name} {help}");
        let _ = writeln!(self.0, "# TYPE {name} {kind}");
    }
    fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        let labels: Vec<String> = labels
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}=\"{}\"",
                    v.replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace('\n', "\\n")
                )
            })
            .collect();
        let labels = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{}}}", labels.join(","))
        };
        let _ = writeln!(self.0, "{name}{labels} {value}");
    }
    fn gauge(&mut self, name: &str, help: &str, value: f64) {
        self.family(name, "gauge", help);
        self.sample(name, &[], value);
    }
}

fn now_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Reads the store and renders the exposition; on failure, `storectl_up 0`
/// and the error.
fn render(g: &GlobalArgs, args: &MetricsArgs, dir: &Path) -> (String, Option<String>) {
    let started = Instant::now();
    let mut e = Exposition(String::new());
    let result = gather(g, args, dir, &mut e);
    let error = result.err().map(|err| format!("{err:#}"));
    let mut out = Exposition(String::new());
    out.gauge(
        "storectl_up",
        "Whether the store could be read (1) or not (0).",
        if error.is_none() { 1.0 } else { 0.0 },
    );
    if error.is_none() {
        out.0.push_str(&e.0);
    }
    out.gauge(
        "storectl_scrape_duration_seconds",
        "Time taken to read the store for this exposition.",
        started.elapsed().as_secs_f64(),
    );
    (out.0, error)
}

fn gather(g: &GlobalArgs, args: &MetricsArgs, dir: &Path, e: &mut Exposition) -> Result<()> {
    let disk = disk_usage(dir)?;
    e.family(
        "storectl_files",
        "gauge",
        "Files in the store directory by kind.",
    );
    for (kind, k) in [
        ("table", disk.tables),
        ("log", disk.logs),
        ("manifest", disk.manifests),
        ("other", disk.other),
    ] {
        e.sample("storectl_files", &[("kind", kind)], k.files as f64);
    }
    e.family(
        "storectl_file_bytes",
        "gauge",
        "Bytes of the files in the store directory by kind.",
    );
    for (kind, k) in [
        ("table", disk.tables),
        ("log", disk.logs),
        ("manifest", disk.manifests),
        ("other", disk.other),
    ] {
        e.sample("storectl_file_bytes", &[("kind", kind)], k.bytes as f64);
    }
    let manifest = read_manifest(dir).map_err(crate::StoreError::Unreadable)?;
    e.family(
        "storectl_level_tables",
        "gauge",
        "Live tables per level, from the manifest.",
    );
    for (level, files) in manifest.levels.iter().enumerate() {
        e.sample(
            "storectl_level_tables",
            &[("level", &level.to_string())],
            files.len() as f64,
        );
    }
    e.family(
        "storectl_level_bytes",
        "gauge",
        "Bytes of the live tables per level, from the manifest.",
    );
    for (level, files) in manifest.levels.iter().enumerate() {
        e.sample(
            "storectl_level_bytes",
            &[("level", &level.to_string())],
            files.iter().map(|f| f.size).sum::<u64>() as f64,
        );
    }
    e.gauge(
        "storectl_last_sequence",
        "The manifest's last sequence number.",
        manifest.last_sequence as f64,
    );
    let mut storage = g.open_read()?;
    let (categories, how) = if args.fast {
        (
            estimate(&mut storage)?,
            "estimated from table indexes and sampled blocks (--fast)",
        )
    } else {
        (collect(&mut storage, || {})?.categories, "exact, one scan")
    };
    let per_category =
        |e: &mut Exposition, name: &str, help: &str, get: fn(&CategoryStats) -> u64| {
            e.family(name, "gauge", &format!("{help}; {how}."));
            for c in Category::ALL {
                e.sample(
                    name,
                    &[("category", c.name())],
                    categories.get(&c).map_or(0, get) as f64,
                );
            }
        };
    per_category(
        e,
        "storectl_keys",
        "Keys per category of the namespace",
        |s| s.keys,
    );
    per_category(
        e,
        "storectl_key_bytes",
        "Bytes of keys per category of the namespace",
        |s| s.key_bytes,
    );
    per_category(
        e,
        "storectl_value_bytes",
        "Bytes of values per category of the namespace",
        |s| s.value_bytes,
    );
    e.gauge(
        "storectl_machines",
        &format!("Machines with a state key; {how}."),
        categories.get(&Category::State).map_or(0, |s| s.keys) as f64,
    );
    let mut blocks = BlockStorage::new(&mut storage);
    if let Some(height) = blocks.latest_height()? {
        e.gauge(
            "storectl_latest_height",
            "The greatest indexed block height.",
            height as f64,
        );
        // A height index that names no block is a model problem (verify
        // reports it), not an unreadable store: no timestamp then.
        let latest = match blocks.get_by_height(height) {
            Err(crate::StoreError::Inconsistent(_)) => None,
            other => other?,
        };
        if let Some((_, block)) = latest {
            let ts = std::str::from_utf8(&block)
                .ok()
                .and_then(|t| json::field(t, "timestamp"))
                .and_then(|raw| raw.parse::<f64>().ok());
            if let Some(ts) = ts {
                let seconds = if ts >= 1e11 { ts / 1000.0 } else { ts };
                e.gauge(
                    "storectl_latest_block_timestamp_seconds",
                    "The latest block's timestamp.",
                    seconds,
                );
                e.gauge(
                    "storectl_latest_block_age_seconds",
                    "Seconds since the latest block's timestamp.",
                    (now_seconds() - seconds).max(0.0),
                );
            }
        }
    }
    let mut manager = SnapshotManager::new(&mut storage);
    let infos = manager.list()?;
    let mut longest = 0usize;
    for info in &infos {
        longest = longest.max(manager.chain(&info.id)?.links.len());
    }
    e.gauge(
        "storectl_snapshots",
        "Snapshots in the namespace.",
        infos.len() as f64,
    );
    e.gauge(
        "storectl_snapshot_chain_longest",
        "Snapshots in the longest incremental chain.",
        longest as f64,
    );
    if args.verify {
        let report = verify(&mut storage, dir, &VerifyOptions::default(), |_| true)?;
        e.family(
            "storectl_verify_findings",
            "gauge",
            "Problems verify found, per check.",
        );
        for c in Check::ALL {
            e.sample(
                "storectl_verify_findings",
                &[("check", c.name())],
                report.count(c) as f64,
            );
        }
    }
    Ok(())
}

fn write_textfile(path: &Path, text: &str) -> Result<()> {
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&temp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    crate::store::durable::rename(&temp, path)?;
    Ok(())
}

/// Serves `GET /metrics` until SIGINT/SIGTERM.
fn serve(g: &GlobalArgs, args: &MetricsArgs, dir: &Path, addr: &str) -> Result<()> {
    let listener =
        std::net::TcpListener::bind(addr).map_err(|e| anyhow::anyhow!("listen on {addr}: {e}"))?;
    listener.set_nonblocking(true)?;
    g.note(format!("serving http://{}/metrics", listener.local_addr()?));
    let interval = Duration::from_secs_f64(args.interval.unwrap_or(10.0).max(0.0));
    let mut cache: Option<(Instant, String)> = None;
    loop {
        if super::interrupt::requested() {
            g.note("stopped");
            return Ok(());
        }
        let (stream, _) = match listener.accept() {
            Ok(conn) => conn,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream);
        let mut request = String::new();
        if reader.read_line(&mut request).is_err() {
            continue;
        }
        // Drain the headers.
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut stream = reader.into_inner();
        let path = request.split_whitespace().nth(1).unwrap_or("");
        let (status, body, kind) = if request.starts_with("GET ")
            && (path == "/metrics" || path.starts_with("/metrics?"))
        {
            let fresh = cache
                .as_ref()
                .is_some_and(|(at, _)| at.elapsed() < interval);
            if !fresh {
                let (text, error) = render(g, args, dir);
                if let Some(error) = error {
                    super::output::note(format!(
                        "storectl: metrics: the store could not be read: {error}"
                    ));
                }
                cache = Some((Instant::now(), text));
            }
            (
                "200 OK",
                cache.as_ref().map(|(_, t)| t.clone()).unwrap_or_default(),
                "text/plain; version=0.0.4; charset=utf-8",
            )
        } else {
            (
                "404 Not Found",
                "not found: the metrics are at /metrics\n".to_string(),
                "text/plain; charset=utf-8",
            )
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
}

/// The samples of an exposition as JSON: `{"name", "labels", "value"}`.
fn samples_json(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            let (name, labels) = match series.split_once('{') {
                Some((n, rest)) => (n, rest.trim_end_matches('}')),
                None => (series, ""),
            };
            let labels: serde_json::Map<String, serde_json::Value> = labels
                .split(',')
                .filter_map(|kv| {
                    let (k, v) = kv.split_once('=')?;
                    Some((k.to_string(), serde_json::Value::String(v.trim_matches('"').to_string())))
                })
                .collect();
            Some(serde_json::json!({"name": name, "labels": labels, "value": value.parse::<f64>().ok()}))
        })
        .collect()
}

/// Runs `metrics`.
pub fn run(g: &GlobalArgs, args: &MetricsArgs) -> Result<()> {
    super::interrupt::install();
    let dir = g.db_path()?.clone();
    if let Some(addr) = &args.listen {
        return serve(g, args, &dir, addr);
    }
    match &args.textfile {
        Some(path) => loop {
            let (text, error) = render(g, args, &dir);
            if let Some(error) = &error {
                super::output::note(format!(
                    "storectl: metrics: the store could not be read: {error}"
                ));
            }
            write_textfile(path, &text)?;
            let Some(every) = args.interval else {
                return Ok(());
            };
            let until = Instant::now() + Duration::from_secs_f64(every.max(0.1));
            while Instant::now() < until {
                if super::interrupt::requested() {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        },
        None => {
            let (text, error) = render(g, args, &dir);
            match g.output {
                super::output::OutputFormat::Json | super::output::OutputFormat::Ndjson => {
                    let samples = samples_json(&text);
                    if g.output == super::output::OutputFormat::Json {
                        println!("{}", serde_json::Value::Array(samples));
                    } else {
                        for s in samples {
                            println!("{s}");
                        }
                    }
                }
                _ => print!("{text}"),
            }
            std::io::stdout().flush()?;
            // The exposition (storectl_up 0) is printed either way; a
            // one-shot run also fails.
            match error {
                Some(error) => Err(anyhow::anyhow!("the store could not be read: {error}")),
                None => Ok(()),
            }
        }
    }
}
