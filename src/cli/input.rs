//! Reading command input given as `FILE`, `-` (stdin) or inline JSON.

use anyhow::{Context, Result};
use std::io::Read;
use std::path::Path;

/// Input text with a name for error messages.
pub struct Input {
    /// `<stdin>`, `<argument>` or the file path.
    pub source: String,
    /// The whole text.
    pub text: String,
}

/// Largest batch, block or state input read into memory (an atomic write
/// has to hold it anyway); larger input is refused, not buffered.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads all of `reader` as UTF-8, refusing more than `limit` bytes.
pub fn read_bounded(reader: impl Read, source: &str, limit: u64) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("read {source}"))?;
    if bytes.len() as u64 > limit {
        return Err(crate::StoreError::bad_input(format!(
            "{source}: input larger than {} MiB; split it, or load it with `storectl import`",
            limit >> 20
        ))
        .into());
    }
    String::from_utf8(bytes).map_err(|e| {
        crate::StoreError::bad_input(format!(
            "{source}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
        .into()
    })
}

/// Reads a file, or stdin for `-`, with [`MAX_INPUT_BYTES`] as the limit.
pub fn read_file_or_stdin(path: &Path) -> Result<Input> {
    if path.as_os_str() == "-" {
        let text = read_bounded(std::io::stdin().lock(), "<stdin>", MAX_INPUT_BYTES)?;
        return Ok(Input {
            source: "<stdin>".into(),
            text,
        });
    }
    let source = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("read {source}"))?;
    let text = read_bounded(file, &source, MAX_INPUT_BYTES)?;
    Ok(Input { source, text })
}

/// Reads `arg`: `-` is stdin, text starting with `{` or `[` is inline
/// JSON, anything else is a file path.
pub fn read_input(arg: &str) -> Result<Input> {
    if arg == "-" {
        return read_file_or_stdin(Path::new("-"));
    }
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Ok(Input {
            source: "<argument>".into(),
            text: arg.to_string(),
        });
    }
    read_file_or_stdin(Path::new(arg))
}
