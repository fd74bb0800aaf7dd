//! `storectl get KEY`

use super::exit::QuietNotFound;
use super::output::{self, OutputFormat};
use super::GlobalArgs;
use crate::store::codec::escape_bytes;
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
            what: format!("key {}", escape_bytes(&storage.namespace().full_key(&key))),
        }
        .into());
    };
    if args.exists {
        return Ok(());
    }
    if g.output == OutputFormat::Ndjson {
        let mut out = output::stdout();
        crate::store::codec::write_record(&mut out, &key, &value)?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(());
    }
    let what = format!("value of {}", escape_bytes(&key));
    output::print_value(g.output, &what, &value, g.quiet)?;
    Ok(())
}
