//! `storectl get KEY`

use super::exit::QuietNotFound;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::store::codec::{compact_json, escape_bytes, StoredValue};
use crate::StoreError;
use anyhow::Result;
use clap::Args;
use std::ffi::OsString;
use std::io::Write;

/// Print the value stored under KEY.
///
/// `-o json` prints the stored JSON exactly, compact, on one line; `-o plain`
/// the exact stored bytes. A missing key exits with 3.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The key (in the namespace of --prefix, or exact with --raw; hex with --hex).
    pub key: OsString,
    /// Print nothing; only set the exit status (0 found, 3 missing).
    #[arg(short = 'q', long = "exists")]
    pub exists: bool,
}

/// Runs `get`.
pub fn run(g: &GlobalArgs, args: &GetArgs) -> Result<()> {
    let key = g.key_arg(&args.key)?;
    let mut storage = g.open_read()?;
    let Some(value) = storage.get(&key)? else {
        if args.exists {
            return Err(QuietNotFound(escape_bytes(&key)).into());
        }
        return Err(StoreError::NotFound {
            key: escape_bytes(&storage.namespace().full_key(&key)),
        }
        .into());
    };
    if args.exists {
        return Ok(());
    }
    let mut out = output::stdout();
    match g.output {
        OutputFormat::Table => writeln!(out, "{}", output::value_pretty(&value))?,
        OutputFormat::Json => match StoredValue::classify(&value) {
            StoredValue::Json(text) => writeln!(out, "{text}")?,
            StoredValue::Text(text) if compact_json(text).is_ok() => {
                writeln!(out, "{}", compact_json(text)?)?
            }
            other => {
                g.note(format!(
                    "storectl: value of {} is not JSON; printed as {{\"raw\": ...}}",
                    escape_bytes(&key)
                ));
                let (_, raw) = other.record_field();
                writeln!(out, "{{\"raw\":{raw}}}")?
            }
        },
        OutputFormat::Ndjson => writeln!(out, "{}", output::record_json(&key, &value))?,
        OutputFormat::Plain => output::write_plain_value(&mut out, &value)?,
    }
    out.flush()?;
    Ok(())
}
