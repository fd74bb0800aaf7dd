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

/// Reads `arg`: `-` is stdin, text starting with `{` or `[` is inline
/// JSON, anything else is a file path.
pub fn read_input(arg: &str) -> Result<Input> {
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("read stdin (must be UTF-8)")?;
        return Ok(Input {
            source: "<stdin>".into(),
            text,
        });
    }
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Ok(Input {
            source: "<argument>".into(),
            text: arg.to_string(),
        });
    }
    let text = std::fs::read_to_string(Path::new(arg)).with_context(|| format!("read {arg}"))?;
    Ok(Input {
        source: arg.to_string(),
        text,
    })
}
