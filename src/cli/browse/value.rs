//! The value pane's lines: JSON pretty-printed and highlighted exactly as
//! stored (strings, numbers and member order untouched, any depth), other
//! text escaped line by line, other bytes as a hex dump. Nothing is lost:
//! a value too long to lay out is cut with a line saying how much is left.

use crate::store::codec::{escape_bytes, StoredValue};
use crate::store::json;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// Bytes of a value laid out at most (the rest is announced, not shown).
pub const SHOWN_BYTES: usize = 256 * 1024;

/// A value laid out for the pane: what kind it is (for the title) and its
/// lines. Made once per selected key: classifying a large value means
/// validating all of it.
pub struct ValueView {
    /// The key whose value this is.
    pub key: Vec<u8>,
    /// "JSON", "text, not JSON" or "bytes, not UTF-8".
    pub kind: &'static str,
    /// The lines.
    pub lines: Vec<Line<'static>>,
}

impl ValueView {
    /// Lays out `value` (stored under `key`).
    pub fn new(key: &[u8], value: &[u8]) -> ValueView {
        let shown = &value[..value.len().min(SHOWN_BYTES)];
        let (kind, mut lines) = match StoredValue::classify(value) {
            StoredValue::Json(_) => ("JSON", json_lines(shown)),
            StoredValue::Text(t) if json::validate(t).is_ok() => ("JSON", json_lines(shown)),
            StoredValue::Text(_) => ("text, not JSON", text_lines(shown)),
            StoredValue::Bytes(_) => ("bytes, not UTF-8", hex_lines(shown)),
        };
        if value.len() > shown.len() {
            lines.push(Line::styled(
                format!(
                    "… {} more bytes not shown (`storectl get` prints the whole value)",
                    value.len() - shown.len()
                ),
                Style::default().add_modifier(Modifier::DIM),
            ));
        }
        ValueView {
            key: key.to_vec(),
            kind,
            lines,
        }
    }
}

fn json_lines(bytes: &[u8]) -> Vec<Line<'static>> {
    // A cut inside a multi-byte character drops only that character's bytes.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    json::pretty(text, "").lines().map(highlight).collect()
}

fn text_lines(bytes: &[u8]) -> Vec<Line<'static>> {
    bytes
        .split(|b| *b == b'\n')
        .map(|line| Line::raw(escape_bytes(line)))
        .collect()
}

fn hex_lines(bytes: &[u8]) -> Vec<Line<'static>> {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, chunk)| {
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let ascii: String = chunk
                .iter()
                .map(|&b| {
                    if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            Line::from(vec![
                Span::styled(
                    format!("{:08x}  ", i * 16),
                    Style::default().add_modifier(Modifier::DIM),
                ),
                Span::raw(format!("{:<48}", hex.join(" "))),
                Span::styled(format!(" |{ascii}|"), Style::default().fg(Color::Cyan)),
            ])
        })
        .collect()
}

/// One line of pretty JSON in colours: member names, strings, numbers,
/// literals.
fn highlight(line: &str) -> Line<'static> {
    let b = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let style = match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                let rest = line[i..].trim_start();
                if rest.starts_with(':') {
                    Style::default().fg(Color::Cyan)
                } else {
                    Style::default().fg(Color::Green)
                }
            }
            b'-' | b'0'..=b'9' => {
                while i < b.len() && !matches!(b[i], b',' | b' ' | b']' | b'}') {
                    i += 1;
                }
                Style::default().fg(Color::Yellow)
            }
            b't' | b'f' | b'n' => {
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                Style::default().fg(Color::Magenta)
            }
            _ => {
                while i < b.len() && !matches!(b[i], b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
                {
                    i += 1;
                }
                Style::default()
            }
        };
        spans.push(Span::styled(line[start..i].to_string(), style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    fn lines(value: &[u8]) -> Vec<Line<'static>> {
        ValueView::new(b"k", value).lines
    }

    fn kind(value: &[u8]) -> &'static str {
        ValueView::new(b"k", value).kind
    }

    #[test]
    fn json_is_laid_out_without_changing_a_byte() {
        let stored = br#"{"b":1.50,"a":"\ud800 x","n":[true,null,{}]}"#;
        let shown = text(&lines(stored)).join("");
        let squeezed: String = shown
            .split('"')
            .enumerate()
            .map(|(i, part)| {
                if i % 2 == 0 {
                    part.replace([' ', '\n'], "")
                } else {
                    part.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\"");
        assert_eq!(squeezed.as_bytes(), stored);
    }

    #[test]
    fn deep_json_is_shown_not_refused() {
        let depth = 300;
        let stored = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(kind(stored.as_bytes()), "JSON");
        assert!(lines(stored.as_bytes()).len() > depth);
    }

    #[test]
    fn member_names_and_values_get_their_colours() {
        let line = highlight(r#"  "stateRoot": "ab\"c", "n": -1.5e3, "t": true"#);
        let styled: Vec<(String, Option<Color>)> = line
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style.fg))
            .collect();
        assert!(styled.contains(&("\"stateRoot\"".into(), Some(Color::Cyan))));
        assert!(styled.contains(&("\"ab\\\"c\"".into(), Some(Color::Green))));
        assert!(styled.contains(&("-1.5e3".into(), Some(Color::Yellow))));
        assert!(styled.contains(&("true".into(), Some(Color::Magenta))));
    }

    #[test]
    fn binary_values_are_dumped_in_hex() {
        let shown = text(&lines(b"\xff\x00ab"));
        assert_eq!(shown.len(), 1);
        assert!(shown[0].starts_with("00000000  ff 00 61 62"), "{shown:?}");
        assert!(shown[0].ends_with("|..ab|"), "{shown:?}");
    }

    #[test]
    fn long_values_say_what_is_not_shown() {
        let stored = format!("\"{}\"", "x".repeat(SHOWN_BYTES + 10));
        let shown = text(&lines(stored.as_bytes()));
        assert!(shown.last().unwrap().contains("12 more bytes"), "{shown:?}");
    }
}
