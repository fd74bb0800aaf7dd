//! Copying to the system clipboard through the usual command-line tools
//! (wl-copy, xclip, xsel, pbcopy); without one, `y` prints on exit.

use crate::cli::output::OutputFormat;
use crate::store::codec::escape_bytes;
use crate::store::json;
use std::io::Write;
use std::process::{Command, Stdio};

/// The first clipboard tool usable in this session, as an argv.
pub fn detect() -> Option<Vec<String>> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some();
    let x11 = std::env::var_os("DISPLAY").is_some();
    let candidates: [(&[&str], bool); 4] = [
        (&["wl-copy"], wayland),
        (&["xclip", "-selection", "clipboard"], x11),
        (&["xsel", "--clipboard", "--input"], x11),
        (&["pbcopy"], cfg!(target_os = "macos")),
    ];
    candidates
        .into_iter()
        .filter(|(_, usable)| *usable)
        .map(|(argv, _)| argv)
        .find(|argv| on_path(argv[0]))
        .map(|argv| argv.iter().map(|s| s.to_string()).collect())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Copies `text` with `command`.
pub fn copy(command: &[String], text: &str) -> Result<(), String> {
    let mut child = Command::new(&command[0])
        .args(&command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", command[0]))?;
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(text.as_bytes()))
        .unwrap_or(Ok(()));
    let status = child
        .wait()
        .map_err(|e| format!("{} failed: {e}", command[0]))?;
    match (written, status.success()) {
        (Ok(()), true) => Ok(()),
        _ => Err(format!("{} failed", command[0])),
    }
}

/// A key as `storectl get` takes it: the text, or hex (for `--hex`) when
/// it is not printable UTF-8.
pub fn copy_key(key: &[u8]) -> String {
    match std::str::from_utf8(key) {
        Ok(text) if !text.chars().any(char::is_control) => text.to_string(),
        _ => format!(
            "{} (hex, for --hex)",
            key.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
    }
}

/// A value as `storectl get -o FORMAT` prints it.
pub fn copy_value(format: OutputFormat, value: &[u8]) -> String {
    use crate::cli::output;
    match format {
        OutputFormat::Table => output::value_pretty(value),
        OutputFormat::Json | OutputFormat::Ndjson => output::value_json_line(value).0,
        OutputFormat::Plain => match std::str::from_utf8(value) {
            Ok(text) if value.first() == Some(&b'"') => {
                json::decode_string(text).unwrap_or_else(|| text.to_string())
            }
            _ => escape_bytes(value),
        },
    }
}
