//! A scan's entries formatted on two threads and written in key order
//! ([`crate::store::ranges`]): `scan` and `export` print this way.

use super::output::Progress;
use crate::store::digest::ContentDigest;
use crate::store::{ranges, ScanRange, StorageService};
use crate::StoreError;
use std::io::Write;

/// Formatted output is handed over in chunks of about this size; a value
/// at least this large is handed over as it is.
const CHUNK_BYTES: usize = 1 << 20;

/// What a scanning thread hands to the writer.
enum Handover {
    /// Formatted entries: their text, how many, and their digest input.
    Text(Vec<u8>, u64, Vec<u8>),
    /// One large entry, formatted and digested by the writer: never a
    /// second copy of it.
    Entry(Vec<u8>, Vec<u8>),
}

/// Writes one entry (key, value).
pub type WriteEntry = dyn Fn(&mut dyn Write, &[u8], &[u8]) -> std::io::Result<()> + Sync;

/// How entries are written.
pub struct Layout<'a> {
    /// Written before every entry but the first (`,` in a JSON array).
    pub separator: &'a [u8],
    /// Writes one entry.
    pub entry: &'a WriteEntry,
    /// Whether `entry` writes the value (keys only: a large value is not
    /// copied to the writing thread, unless a digest needs it).
    pub values: bool,
}

/// Writes the entries of `range` (a forward scan without a limit) to `out`
/// in key order, formatted on two threads; adds each to `digest` when
/// given. Stops at an interrupt with [`super::interrupt::Interrupted`]
/// saying `stopped`. Returns the number of entries.
pub fn write_entries(
    storage: &mut StorageService,
    range: &ScanRange,
    layout: &Layout<'_>,
    mut digest: Option<&mut ContentDigest>,
    progress: &Progress,
    out: &mut dyn Write,
    stopped: impl FnOnce() -> String,
) -> anyhow::Result<u64> {
    let parts = ranges::split(storage, range, ranges::RANGE_BYTES)?;
    let digesting = digest.is_some();
    let mut count: u64 = 0;
    // An output error is kept as it is (a closed pipe ends quietly).
    let mut write_error: Option<std::io::Error> = None;
    let interrupted = || StoreError::Inconsistent("interrupted".into());
    let outcome = ranges::for_each_in_order(
        storage,
        &parts,
        |view, part, emit| {
            let (mut text, mut n, mut input) = (Vec::new(), 0, Vec::new());
            view.visit(part, |key, value| {
                if super::interrupt::requested() {
                    return Err(interrupted());
                }
                progress.inc(1);
                if value.len() >= CHUNK_BYTES && (layout.values || digesting) {
                    emit(Handover::Text(
                        std::mem::take(&mut text),
                        n,
                        std::mem::take(&mut input),
                    ))?;
                    emit(Handover::Entry(key.to_vec(), value.to_vec()))?;
                    n = 0;
                    return Ok(true);
                }
                text.extend_from_slice(layout.separator);
                (layout.entry)(&mut text, key, value).expect("writing to memory");
                if digesting {
                    ContentDigest::encode_entry(&mut input, key, value);
                }
                n += 1;
                if text.len().max(input.len()) >= CHUNK_BYTES {
                    emit(Handover::Text(
                        std::mem::take(&mut text),
                        n,
                        std::mem::take(&mut input),
                    ))?;
                    n = 0;
                }
                Ok(true)
            })?;
            emit(Handover::Text(text, n, input))
        },
        |handover| {
            if super::interrupt::requested() {
                return Err(interrupted());
            }
            let first = count == 0;
            let written = match handover {
                Handover::Text(text, n, input) if n > 0 => {
                    count += n;
                    if let Some(d) = digest.as_deref_mut() {
                        d.add_encoded(&input, n);
                    }
                    let skip = if first { layout.separator.len() } else { 0 };
                    out.write_all(&text[skip..])
                }
                Handover::Text(..) => Ok(()),
                Handover::Entry(key, value) => {
                    count += 1;
                    if let Some(d) = digest.as_deref_mut() {
                        d.add(&key, &value);
                    }
                    let separator = if first { &[][..] } else { layout.separator };
                    out.write_all(separator)
                        .and_then(|()| (layout.entry)(out, &key, &value))
                }
            };
            written.map_err(|e| {
                let message = e.to_string();
                write_error = Some(e);
                StoreError::Io {
                    context: "write the output".into(),
                    message,
                }
            })
        },
    );
    if let Some(e) = write_error {
        return Err(e.into());
    }
    // An interrupt is reported as such, never as a shorter output.
    super::interrupt::check(stopped)?;
    outcome?;
    Ok(count)
}
