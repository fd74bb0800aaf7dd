//! `storectl put KEY VALUE`

use super::exit::UsageError;
use super::output::OutputFormat;
use super::GlobalArgs;
use crate::store::codec::{compact_json, escape_bytes, key_to_json};
use crate::StoreError;
use anyhow::{Context, Result};
use clap::Args;
use std::ffi::OsString;

/// Store a JSON value under KEY.
///
/// VALUE is JSON text (stored compact, as JSON.stringify writes it), or `-`
/// to read it from stdin. Invalid JSON is rejected and nothing is written,
/// unless --string stores the argument as a JSON string.
#[derive(Debug, Args)]
pub struct PutArgs {
    /// The key.
    pub key: OsString,
    /// JSON text, or `-` for stdin.
    pub value: String,
    /// Store VALUE as a JSON string instead of parsing it.
    #[arg(long)]
    pub string: bool,
}

/// Runs `put`.
pub fn run(g: &GlobalArgs, args: &PutArgs) -> Result<()> {
    let key = g.key_arg(&args.key)?;
    let text = if args.value == "-" {
        // The documented input limit: a larger value is refused unread.
        let buf = super::input::read_bounded(
            std::io::stdin().lock(),
            "<stdin>",
            super::input::MAX_INPUT_BYTES,
        )
        .context("read value from stdin (must be UTF-8 text)")?;
        if args.string {
            buf.strip_suffix('\n').map(str::to_string).unwrap_or(buf)
        } else {
            buf
        }
    } else {
        args.value.clone()
    };
    let value = if args.string {
        serde_json::Value::String(text).to_string()
    } else {
        compact_json(&text).map_err(|e| {
            StoreError::bad_input(format!(
                "value for key {} is not valid JSON ({e}); use --string to store it as a string",
                escape_bytes(&key)
            ))
        })?
    };
    if key.is_empty() && g.raw {
        return Err(UsageError("an empty key cannot be written with --raw".into()).into());
    }
    let mut storage = g.open_write()?;
    let bytes = value.len();
    // Through batch_owned: a value larger than the engine's memtable is
    // written as a table of its own, not held by the engine several times.
    storage.batch_owned(vec![crate::store::BatchOperation::Put {
        key: key.clone(),
        value: value.into_bytes(),
    }])?;
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => println!(
            "{{\"action\":\"put\",\"key\":{},\"bytes\":{}}}",
            key_to_json(&key),
            bytes
        ),
        OutputFormat::Table | OutputFormat::Plain => {
            g.note(format!("put {} ({} bytes)", escape_bytes(&key), bytes))
        }
    }
    Ok(())
}
