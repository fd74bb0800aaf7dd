//! `storectl follow`

use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::model::block::block_meta_bytes;
use crate::store::codec::{escape_bytes, key_to_json, StoredValue};
use crate::store::follow::{LogTail, TailEvent, TailStart};
use crate::store::json;
use crate::store::Namespace;
use anyhow::Result;
use clap::Args;
use serde_json::json;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Print the store's writes as they happen, one line per write batch.
///
/// Tails the store's write-ahead log (and the next one after each memtable
/// flush), without the lock and without writing anything, while a C++
/// LevelDB or storectl process writes. `-o ndjson` (the default when stdout
/// is not a terminal): `{"seq":N,"ops":[{"type":"put","key":…,"value":…},
/// {"type":"delete","key":…}]}`, keys in the --prefix namespace (lossless
/// encoding). --events interprets the seed's model instead: block, state,
/// root, snapshot, delete, other. Starts at the end (new writes only);
/// --from-start replays what the live logs still hold; --from-seq N resumes
/// after batch N, and says so when writes are no longer in any log
/// (`{"gap":{"from":A,"to":B}}`). Wakes on every change of the directory
/// (inotify; polls every 10-50 ms where that is unavailable). Stops on Ctrl-C
/// (exit 130), a closed pipe (exit 0), --count N batches, or --idle-exit
/// SECONDS without a write.
#[derive(Debug, Args)]
pub struct FollowArgs {
    /// Only operations on keys starting with this prefix.
    pub key_prefix: Option<OsString>,
    /// Replay what the live logs still hold, then follow.
    #[arg(long, conflicts_with = "from_seq")]
    pub from_start: bool,
    /// Resume after the batch with this sequence number.
    #[arg(long, value_name = "N")]
    pub from_seq: Option<u64>,
    /// Interpret the seed's model: block, state, root, snapshot, delete, other.
    #[arg(long)]
    pub events: bool,
    /// Stop after N batches.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Stop after SECONDS without a write.
    #[arg(long, value_name = "SECONDS")]
    pub idle_exit: Option<f64>,
}

fn value_json(value: &[u8]) -> String {
    match StoredValue::classify(value) {
        StoredValue::Json(text) => text.to_string(),
        other => format!("{{\"raw\":{}}}", other.record_field().1),
    }
}

/// The seed-model events of one batch.
fn events_of(seq: u64, ops: &[(bool, Vec<u8>, Vec<u8>)]) -> Vec<serde_json::Value> {
    let string = |v: &[u8]| std::str::from_utf8(v).ok().and_then(json::decode_string);
    let mut out = Vec::new();
    for (put, key, value) in ops {
        let text = String::from_utf8_lossy(key).into_owned();
        if !put {
            out.push(json!({"seq": seq, "event": "delete", "key": key_to_json(key)}));
        } else if let Some(hash) = text.strip_prefix("block:") {
            let height = block_meta_bytes(value).ok().map(|m| m.height);
            out.push(json!({"seq": seq, "event": "block", "height": height, "hash": hash}));
        } else if text.starts_with("height:") {
            // Reported with its block when the batch holds one.
            if !ops.iter().any(|(p, k, _)| *p && k.starts_with(b"block:")) {
                out.push(
                    json!({"seq": seq, "event": "height", "key": text, "hash": string(value)}),
                );
            }
        } else if let Some(rest) = text.strip_prefix("state:") {
            if rest.contains(':') {
                out.push(json!({"seq": seq, "event": "other", "key": text}));
            } else {
                let root = std::str::from_utf8(value)
                    .ok()
                    .and_then(|t| json::field(t, "stateRoot"))
                    .and_then(json::decode_string);
                out.push(json!({"seq": seq, "event": "state", "machine": rest, "stateRoot": root}));
            }
        } else if let Some(root) = text.strip_prefix("root:") {
            out.push(json!({"seq": seq, "event": "root", "root": root}));
        } else if let Some(rest) = text.strip_prefix("snapshot:") {
            match rest.strip_suffix(":base") {
                Some(id) => out.push(
                    json!({"seq": seq, "event": "snapshot", "id": id, "base": string(value)}),
                ),
                None => out.push(json!({"seq": seq, "event": "snapshot", "id": rest})),
            }
        } else {
            out.push(json!({"seq": seq, "event": "other", "key": key_to_json(key)}));
        }
    }
    out
}

/// Runs `follow`.
pub fn run(g: &GlobalArgs, args: &FollowArgs) -> Result<()> {
    super::interrupt::install();
    let dir = g.db_path()?.clone();
    crate::store::open::require_store(&dir, false)?;
    let ns = g.namespace();
    let filter = args
        .key_prefix
        .as_ref()
        .map(|k| g.key_arg(k))
        .transpose()?
        .unwrap_or_default();
    let start = match (args.from_start, args.from_seq) {
        (true, _) => TailStart::Beginning,
        (_, Some(n)) => TailStart::AfterSeq(n),
        _ => TailStart::End,
    };
    let ndjson = match g.output {
        OutputFormat::Ndjson | OutputFormat::Json => true,
        OutputFormat::Table if !std::io::stdout().is_terminal() => true,
        _ => false,
    };
    let mut tail = LogTail::new(&dir, start);
    tail.watch();
    let watch = crate::store::follow::DirWatch::new(&dir);
    let mut out = output::stdout();
    let mut batches = 0u64;
    let mut last_write = Instant::now();
    let mut delay = Duration::from_millis(10);
    loop {
        if super::interrupt::requested() {
            return Err(super::interrupt::Interrupted(format!(
                "follow stopped after {batches} batch(es)"
            ))
            .into());
        }
        let events = tail.poll()?;
        if events.is_empty() {
            if args
                .idle_exit
                .is_some_and(|s| last_write.elapsed().as_secs_f64() >= s)
            {
                return Ok(());
            }
            match &watch {
                Some(w) => {
                    w.wait(Duration::from_millis(250));
                }
                None => {
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(Duration::from_millis(50));
                }
            }
            continue;
        }
        delay = Duration::from_millis(10);
        last_write = Instant::now();
        for event in events {
            match event {
                TailEvent::Damage {
                    file,
                    offset,
                    message,
                } => {
                    g.note(format!(
                        "storectl: follow: {} at offset {offset}: {message}; skipped",
                        file.display()
                    ));
                }
                TailEvent::Gap { from, to } => {
                    g.note(format!(
                        "storectl: follow: writes {from} to {to} are in no log any more (the owner flushed them into tables, or storectl wrote them as a table of their own: a write larger than 4 MiB, such as a snapshot of a whole store); use scan or export to read the store as it is"
                    ));
                    if ndjson {
                        writeln!(out, "{}", json!({"gap": {"from": from, "to": to}}))?;
                    }
                }
                TailEvent::Batch { seq, ops } => {
                    let ops: Vec<(bool, Vec<u8>, Vec<u8>)> = ops
                        .into_iter()
                        .filter_map(|op| {
                            let user = match &ns {
                                Namespace::Raw => op.key.clone(),
                                Namespace::Prefixed(_) => ns.user_key(&op.key)?.to_vec(),
                            };
                            user.starts_with(&filter)
                                .then_some((op.put, user, op.value))
                        })
                        .collect();
                    if ops.is_empty() {
                        continue;
                    }
                    batches += 1;
                    if args.events {
                        for e in events_of(seq, &ops) {
                            if ndjson {
                                writeln!(out, "{e}")?;
                            } else {
                                writeln!(
                                    out,
                                    "{} {} {}",
                                    seq,
                                    e["event"].as_str().unwrap_or(""),
                                    e
                                )?;
                            }
                        }
                    } else if ndjson {
                        let parts: Vec<String> = ops
                            .iter()
                            .map(|(put, key, value)| {
                                if *put {
                                    format!(
                                        "{{\"type\":\"put\",\"key\":{},\"value\":{}}}",
                                        key_to_json(key),
                                        value_json(value)
                                    )
                                } else {
                                    format!("{{\"type\":\"delete\",\"key\":{}}}", key_to_json(key))
                                }
                            })
                            .collect();
                        writeln!(out, "{{\"seq\":{seq},\"ops\":[{}]}}", parts.join(","))?;
                    } else {
                        for (put, key, value) in &ops {
                            if *put {
                                writeln!(
                                    out,
                                    "{seq}\tput\t{}\t{}",
                                    escape_bytes(key),
                                    output::value_cell(value)
                                )?;
                            } else {
                                writeln!(out, "{seq}\tdelete\t{}", escape_bytes(key))?;
                            }
                        }
                    }
                    out.flush()?;
                    if args.count.is_some_and(|n| batches >= n) {
                        return Ok(());
                    }
                }
            }
        }
        out.flush()?;
    }
}
