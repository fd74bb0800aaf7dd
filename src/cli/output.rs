//! Rendering: every byte that reaches stdout goes through here.
//!
//! Machine output (json, ndjson) uses the lossless encoding of
//! `store::codec`; human output escapes keys and values to one line.

use crate::store::codec::{escape_bytes, key_to_json, StoredValue};
use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The `-o/--output` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable tables (pretty JSON for single values).
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Bare values / tab-separated lines, for shell pipelines.
    Plain,
}

/// Longest value shown in a table cell before it is cut with `…`.
const TABLE_VALUE_WIDTH: usize = 120;

/// Rows rendered per table when a scan streams a long range as tables.
pub const TABLE_CHUNK_ROWS: usize = 1000;

/// A buffered stdout handle.
pub fn stdout() -> io::BufWriter<Stdout> {
    io::BufWriter::with_capacity(64 * 1024, Stdout(io::stdout().lock()))
}

/// Set once a write to stdout failed because its reader went away.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Locked stdout that remembers when its reader went away (however the
/// error is wrapped on its way up, [`stdout_closed`] tells).
pub struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    fn seen<T>(result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            if e.kind() == io::ErrorKind::BrokenPipe {
                STDOUT_CLOSED.store(true, Ordering::Relaxed);
            }
        }
        result
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Self::seen(self.0.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        Self::seen(self.0.flush())
    }
}

/// Whether stdout's reader went away (`storectl … | head`).
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Prints a message for humans on stderr. A stderr that cannot be written
/// (closed, a pipe whose reader left) is ignored: a message that cannot be
/// shown must not turn a finished job into a failure (`eprintln!` panics).
pub fn note(message: impl AsRef<str>) {
    let _ = writeln!(io::stderr(), "{}", message.as_ref());
}

/// A prompt on stderr, without a newline (ignored if stderr is gone).
pub fn prompt(message: impl AsRef<str>) {
    let mut err = io::stderr();
    let _ = write!(err, "{}", message.as_ref()).and_then(|()| err.flush());
}

/// One NDJSON record `{"key": ..., "value"|"raw": ...}`, without the newline.
pub fn record_json(key: &[u8], value: &[u8]) -> String {
    crate::store::codec::record_line(key, value)
}

/// A key record `{"key": ...}` for `--keys-only`.
pub fn key_record_json(key: &[u8]) -> String {
    format!("{{\"key\":{}}}", key_to_json(key))
}

/// A value for humans: JSON pretty-printed, other bytes escaped.
pub fn value_pretty(value: &[u8]) -> String {
    match StoredValue::classify(value) {
        // Laid out without a tree: strings and numbers exactly as stored.
        StoredValue::Json(text) => crate::store::json::pretty(text, ""),
        StoredValue::Text(text) if crate::store::json::validate(text).is_ok() => {
            crate::store::json::pretty(text, "")
        }
        StoredValue::Text(_) => escape_bytes(value),
        StoredValue::Bytes(bytes) => escape_bytes(bytes),
    }
}

/// A value on one line for a table cell, cut to a readable width.
pub fn value_cell(value: &[u8]) -> String {
    let shown = match StoredValue::classify(value) {
        StoredValue::Json(text) => text.to_string(),
        _ => escape_bytes(value),
    };
    truncate(&shown, TABLE_VALUE_WIDTH)
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

/// The exact value bytes for `-o plain`, escaped only when stdout is a
/// terminal and the bytes are not printable text.
pub fn write_plain_value(out: &mut impl Write, value: &[u8]) -> io::Result<()> {
    let to_terminal = io::stdout().is_terminal();
    match std::str::from_utf8(value) {
        Ok(text)
            if !to_terminal
                || !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t') =>
        {
            out.write_all(value)?;
        }
        _ if to_terminal => out.write_all(escape_bytes(value).as_bytes())?,
        _ => out.write_all(value)?,
    }
    out.write_all(b"\n")
}

/// A table with storectl's look.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    t
}

/// Writes a table as the output format asks: drawn for `table`, and for
/// `plain` one line per row with the cells separated by tabs (no header),
/// for `cut` and `awk`.
pub fn write_table_in(out: &mut impl Write, format: OutputFormat, table: &Table) -> io::Result<()> {
    if format != OutputFormat::Plain {
        return write_table(out, table);
    }
    for row in table.row_iter() {
        let cells: Vec<String> = row.cell_iter().map(|c| c.content()).collect();
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

/// Writes a table followed by a newline.
pub fn write_table(out: &mut impl Write, table: &Table) -> io::Result<()> {
    writeln!(out, "{table}")
}

/// A progress counter on stderr that takes increments cheaply, from any
/// thread: each thread adds to a count of its own (on its own cache line:
/// two scanning threads sharing one counter spent a tenth of `verify`'s
/// time passing its cache line back and forth), and the bar (whose update
/// reads the clock and takes a lock) is moved every 4096 of a thread's.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    counts: std::sync::Arc<[PaddedCount; COUNT_STRIPES]>,
}

/// Counts kept apart for threads (a thread takes the next in turn).
const COUNT_STRIPES: usize = 8;

/// A count alone on its cache lines.
#[repr(align(128))]
#[derive(Default)]
struct PaddedCount(std::sync::atomic::AtomicU64);

/// This thread's count among [`COUNT_STRIPES`].
fn stripe() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static STRIPE: usize = NEXT.fetch_add(1, Ordering::Relaxed) % COUNT_STRIPES;
    }
    STRIPE.with(|s| *s)
}

impl Progress {
    /// Counts `n` more.
    pub fn inc(&self, n: u64) {
        use std::sync::atomic::Ordering;
        let own = self.counts[stripe()].0.fetch_add(n, Ordering::Relaxed) + n;
        if own % 4096 < n {
            self.bar.set_position(self.position());
        }
    }

    /// The count so far.
    pub fn position(&self) -> u64 {
        self.counts
            .iter()
            .map(|c| c.0.load(std::sync::atomic::Ordering::Relaxed))
            .sum()
    }

    /// Removes the bar from the terminal.
    pub fn finish_and_clear(&self) {
        self.bar.set_position(self.position());
        self.bar.finish_and_clear();
    }
}

/// A spinner counting items, with the rate and elapsed time (hidden when
/// stderr is not a terminal).
pub fn progress_counter(message: &str) -> Progress {
    Progress {
        bar: progress_bar(message),
        counts: std::sync::Arc::new(Default::default()),
    }
}

fn progress_bar(message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
    if !io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {human_pos} ({rate}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}/s", indicatif::HumanCount(state.per_sec() as u64));
                },
            ),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// A stored value as one line of JSON: the stored JSON itself (compacted
/// if it spans lines), or `{"raw": {...}}` when it is not JSON. The flag
/// tells whether the value was JSON.
pub fn value_json_line(value: &[u8]) -> (String, bool) {
    match StoredValue::classify(value) {
        StoredValue::Json(text) => (text.to_string(), true),
        StoredValue::Text(text) => match crate::store::codec::compact_json(text) {
            Ok(compact) => (compact, true),
            Err(_) => (
                format!("{{\"raw\":{}}}", StoredValue::Text(text).record_field().1),
                false,
            ),
        },
        other => (format!("{{\"raw\":{}}}", other.record_field().1), false),
    }
}

/// Prints one stored value in the chosen format: pretty JSON (table), the
/// stored JSON on one line (json, ndjson), or the exact bytes (plain).
/// `what` names the value in the note printed when it is not JSON.
pub fn print_value(format: OutputFormat, what: &str, value: &[u8], quiet: bool) -> io::Result<()> {
    let mut out = stdout();
    let stored = StoredValue::classify(value);
    match format {
        // JSON is written straight from the stored bytes (no copy of a
        // large value).
        OutputFormat::Table if matches!(stored, StoredValue::Json(_)) => {
            let StoredValue::Json(text) = stored else {
                unreachable!()
            };
            crate::store::json::write_pretty(&mut out, text, "")?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Json | OutputFormat::Ndjson if matches!(stored, StoredValue::Json(_)) => {
            out.write_all(value)?;
            out.write_all(b"\n")?;
        }
        // A JSON string prints as its text: `get height:5 -o plain` gives
        // the hash, not the hash in quotes.
        OutputFormat::Plain if value.first() == Some(&b'"') => {
            match std::str::from_utf8(value)
                .ok()
                .and_then(crate::store::json::decode_string)
            {
                Some(text) => writeln!(out, "{text}")?,
                None => write_plain_value(&mut out, value)?,
            }
        }
        OutputFormat::Table => writeln!(out, "{}", value_pretty(value))?,
        OutputFormat::Json | OutputFormat::Ndjson => {
            let (line, was_json) = value_json_line(value);
            if !was_json && !quiet {
                note(format!(
                    "storectl: {what} is not JSON; printed as {{\"raw\": ...}}"
                ));
            }
            writeln!(out, "{line}")?
        }
        OutputFormat::Plain => write_plain_value(&mut out, value)?,
    }
    out.flush()
}

/// Milliseconds since the epoch as UTC ISO 8601 (`2026-11-25T18:04:05.123Z`).
pub fn format_timestamp_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A report of a summary and rows, as the forensic commands print it.
pub struct Report {
    /// Summary fields for the table view.
    pub summary: Vec<(&'static str, String)>,
    /// The same summary as a JSON object.
    pub summary_json: serde_json::Value,
    /// Column names of the rows (table view).
    pub columns: Vec<&'static str>,
    /// Rows for the table and plain views.
    pub rows: Vec<Vec<String>>,
    /// Each row as JSON text (values embedded as stored).
    pub rows_json: Vec<String>,
}

/// Prints a [`Report`]: tables (summary, rows); `-o json` one document
/// (the summary's fields and `"items"`); `-o ndjson` one row per line;
/// `-o plain` the rows tab-separated.
pub fn print_report(format: OutputFormat, report: &Report) -> io::Result<()> {
    let mut out = stdout();
    match format {
        OutputFormat::Table => {
            if !report.summary.is_empty() {
                let mut t = table(&["field", "value"]);
                for (k, v) in &report.summary {
                    t.add_row(vec![k.to_string(), v.clone()]);
                }
                write_table(&mut out, &t)?;
            }
            if !report.columns.is_empty() {
                for chunk in report.rows.chunks(TABLE_CHUNK_ROWS.max(1)) {
                    let mut t = table(&report.columns);
                    t.add_rows(chunk.iter().cloned());
                    write_table(&mut out, &t)?;
                }
                if report.rows.is_empty() {
                    write_table(&mut out, &table(&report.columns))?;
                }
            }
        }
        OutputFormat::Json => {
            let head = report.summary_json.to_string();
            let head = head.strip_suffix('}').unwrap_or(&head);
            let sep = if head.len() > 1 { "," } else { "" };
            writeln!(
                out,
                "{head}{sep}\"items\":[{}]}}",
                report.rows_json.join(",")
            )?;
        }
        OutputFormat::Ndjson => {
            for row in &report.rows_json {
                writeln!(out, "{row}")?;
            }
        }
        OutputFormat::Plain => {
            for row in &report.rows {
                writeln!(out, "{}", row.join("\t"))?;
            }
        }
    }
    out.flush()
}

/// A JSON object written member by member. A member's value is either a
/// `serde_json::Value` or JSON text spliced in as it is: stored values are
/// never re-parsed into a `Value` (its parser stops at 128 levels of
/// nesting, and a value of any depth must print whole, never as `null`).
pub struct JsonObject(String);

impl JsonObject {
    /// An empty object.
    pub fn new() -> JsonObject {
        JsonObject(String::from("{"))
    }

    fn name(&mut self, name: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str(&serde_json::Value::from(name).to_string());
        self.0.push(':');
    }

    /// Adds `name: value`.
    pub fn value(mut self, name: &str, value: serde_json::Value) -> JsonObject {
        self.name(name);
        self.0.push_str(&value.to_string());
        self
    }

    /// Adds `name: text`, where `text` is JSON text written as it is.
    pub fn raw(mut self, name: &str, text: &str) -> JsonObject {
        self.name(name);
        self.0.push_str(text);
        self
    }

    /// The object's JSON text.
    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

impl Default for JsonObject {
    fn default() -> Self {
        JsonObject::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_from_many_threads_add_up() {
        let progress = progress_counter("test");
        std::thread::scope(|scope| {
            for t in 0..12u64 {
                let p = progress.clone();
                scope.spawn(move || (0..10_000).for_each(|i| p.inc(1 + (i + t) % 3)));
            }
        });
        let expected: u64 = (0..12u64)
            .map(|t| (0..10_000u64).map(|i| 1 + (i + t) % 3).sum::<u64>())
            .sum();
        assert_eq!(progress.position(), expected);
        progress.finish_and_clear();
    }

    #[test]
    fn timestamps() {
        assert_eq!(format_timestamp_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_timestamp_ms(1_700_000_000_123),
            "2023-11-14T22:13:20.123Z"
        );
        assert_eq!(
            format_timestamp_ms(951_782_400_000),
            "2000-02-29T00:00:00.000Z"
        );
    }
}
