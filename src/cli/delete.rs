//! `storectl delete KEY...`

use super::output::OutputFormat;
use super::GlobalArgs;
use anyhow::Result;
use clap::Args;
use std::ffi::OsString;

/// Delete keys in one atomic write, and say how many existed.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The keys to delete.
    #[arg(required = true)]
    pub keys: Vec<OsString>,
}

/// Runs `delete`.
pub fn run(g: &GlobalArgs, args: &DeleteArgs) -> Result<()> {
    let keys = args
        .keys
        .iter()
        .map(|k| g.key_arg(k))
        .collect::<Result<Vec<_>>>()?;
    let mut storage = g.open_write()?;
    let existed = storage.delete(&keys)?;
    storage.close()?;
    match g.output {
        OutputFormat::Json | OutputFormat::Ndjson => {
            println!(
                "{{\"action\":\"delete\",\"requested\":{},\"existed\":{existed}}}",
                keys.len()
            )
        }
        OutputFormat::Table | OutputFormat::Plain => g.note(format!(
            "deleted {existed} of {} key(s); {} did not exist",
            keys.len(),
            keys.len() - existed
        )),
    }
    Ok(())
}
