//! Values: JSON text as the seed's `JSON.stringify` writes it, and a lossless
//! JSON encoding for keys and values that are not UTF-8 or not JSON.
//!
//! Lossless encoding (documented in `docs/format.md`):
//! - a key is a JSON string when its bytes are UTF-8, else `{"bytes": "<base64>"}`;
//! - a value that is compact, one-line JSON is embedded as it is stored, under
//!   `"value"`; any other value goes under `"raw"` as `{"text": "..."}` (UTF-8)
//!   or `{"bytes": "<base64>"}`.

use super::json::{self as rawjson, Raw};
use crate::error::{Result, StoreError};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde_json::{json, Map, Value};

/// How a stored value can be shown losslessly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredValue<'a> {
    /// One-line JSON text that can be embedded exactly as stored.
    Json(&'a str),
    /// UTF-8 text that is not embeddable JSON (not JSON, or JSON spanning lines).
    Text(&'a str),
    /// Bytes that are not UTF-8.
    Bytes(&'a [u8]),
}

impl<'a> StoredValue<'a> {
    /// Classifies stored value bytes.
    pub fn classify(bytes: &'a [u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) if is_embeddable_json(text) => StoredValue::Json(text),
            Ok(text) => StoredValue::Text(text),
            Err(_) => StoredValue::Bytes(bytes),
        }
    }

    /// Classifies a value for a lossless record ([`write_record`]): JSON
    /// is embedded only when it is compact (no whitespace outside strings,
    /// as `JSON.stringify` writes it), because readers store an embedded
    /// `value` compacted (`batch`, `import`); other JSON goes under `raw`,
    /// so every value comes back byte for byte.
    pub fn classify_record(bytes: &'a [u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text)
                if !text.is_empty()
                    && super::json::is_compact(text)
                    && super::json::validate(text).is_ok() =>
            {
                StoredValue::Json(text)
            }
            Ok(text) => StoredValue::Text(text),
            Err(_) => StoredValue::Bytes(bytes),
        }
    }

    /// The field name and JSON text for an NDJSON record (`"value"` or `"raw"`).
    pub fn record_field(&self) -> (&'static str, String) {
        match self {
            StoredValue::Json(text) => ("value", (*text).to_string()),
            StoredValue::Text(text) => ("raw", json!({ "text": text }).to_string()),
            StoredValue::Bytes(bytes) => {
                ("raw", json!({ "bytes": BASE64.encode(bytes) }).to_string())
            }
        }
    }
}

/// One lossless record `{"key": ..., "value"|"raw": ...}`, without a newline.
pub fn record_line(key: &[u8], value: &[u8]) -> String {
    let mut out = Vec::with_capacity(value.len() + key.len() + 24);
    write_record(&mut out, key, value).expect("writing to memory");
    String::from_utf8(out).expect("records are UTF-8")
}

/// Writes [`record_line`] to `out` piece by piece: a large value is written
/// from the bytes given, never copied into a line first.
pub fn write_record(out: &mut dyn std::io::Write, key: &[u8], value: &[u8]) -> std::io::Result<()> {
    out.write_all(b"{\"key\":")?;
    // As key_to_json writes it, without building the value.
    match std::str::from_utf8(key) {
        Ok(text) => serde_json::to_writer(&mut *out, text)?,
        Err(_) => {
            out.write_all(b"{\"bytes\":\"")?;
            out.write_all(BASE64.encode(key).as_bytes())?;
            out.write_all(b"\"}")?;
        }
    }
    match StoredValue::classify_record(value) {
        StoredValue::Json(text) => {
            out.write_all(b",\"value\":")?;
            out.write_all(text.as_bytes())?;
        }
        StoredValue::Text(text) => {
            out.write_all(b",\"raw\":{\"text\":")?;
            serde_json::to_writer(&mut *out, text)?;
            out.write_all(b"}")?;
        }
        StoredValue::Bytes(bytes) => {
            out.write_all(b",\"raw\":{\"bytes\":\"")?;
            out.write_all(BASE64.encode(bytes).as_bytes())?;
            out.write_all(b"\"}")?;
        }
    }
    out.write_all(b"}")
}

/// Decodes a record written by [`record_line`] (also accepting values that
/// span lines): its key and exact value bytes.
pub fn parse_record(text: &str) -> std::result::Result<(Vec<u8>, Vec<u8>), String> {
    let fields: std::collections::BTreeMap<String, Raw<'_>> =
        rawjson::object(text).map_err(|e| format!("not a JSON object: {e}"))?;
    for name in fields.keys() {
        if !matches!(name.as_str(), "key" | "value" | "raw") {
            return Err(format!("unknown field {name:?} (expected key, value, raw)"));
        }
    }
    let key = match fields.get("key") {
        Some(raw) => {
            let v: Value = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            key_from_json(&v).map_err(|e| e.to_string())?
        }
        None => return Err("missing \"key\"".into()),
    };
    let value = match (fields.get("value"), fields.get("raw")) {
        (Some(raw), None) => compact_valid_json(raw.get()).into_bytes(),
        (None, Some(raw)) => {
            let v: Value = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            raw_from_json(&v).map_err(|e| e.to_string())?
        }
        (Some(_), Some(_)) => {
            return Err("a record has either \"value\" or \"raw\", not both".into())
        }
        (None, None) => return Err("missing \"value\" (or \"raw\")".into()),
    };
    Ok((key, value))
}

/// True when `text` is valid JSON (as `JSON.parse` accepts it: any depth,
/// lone surrogate escapes) with no surrounding whitespace and no line
/// breaks, so it can be embedded in one NDJSON line byte for byte.
pub fn is_embeddable_json(text: &str) -> bool {
    let is_ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    // Valid JSON holds non-ASCII whitespace only inside strings, and line
    // breaks only between tokens: the ends and a byte scan decide the rest.
    let b = text.as_bytes();
    b.first().is_some_and(|f| !is_ws(f))
        && b.last().is_some_and(|l| !is_ws(l))
        && !super::json::has_line_break(b)
        && super::json::validate(text).is_ok()
}

/// Validates JSON text and returns it compact, as `JSON.stringify` would
/// lay it out: whitespace outside strings removed, everything else (number
/// spelling, key order, escapes) kept exactly.
pub fn compact_json(text: &str) -> std::result::Result<String, super::json::JsonError> {
    super::json::validate(text)?;
    Ok(compact_valid_json(text))
}

/// [`compact_json`] for text already known to be valid JSON (a
/// `RawValue`): no second parse, and no copy loop when there is no
/// whitespace at all (what `JSON.stringify` writes).
pub fn compact_valid_json(text: &str) -> String {
    let is_space = |b: &u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    if !text.as_bytes().iter().any(is_space) {
        return text.to_string();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
            out.push(b);
        } else if !is_space(&b) {
            out.push(b);
        }
    }
    // Only ASCII whitespace outside strings was dropped, so this is UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A key as JSON: a string when UTF-8, else `{"bytes": "<base64>"}`.
pub fn key_to_json(key: &[u8]) -> Value {
    match std::str::from_utf8(key) {
        Ok(text) => Value::String(text.to_string()),
        Err(_) => json!({ "bytes": BASE64.encode(key) }),
    }
}

/// Decodes a key written by [`key_to_json`].
pub fn key_from_json(value: &Value) -> Result<Vec<u8>> {
    match value {
        Value::String(s) => Ok(s.as_bytes().to_vec()),
        Value::Object(map) => decode_tagged(map, false).map_err(StoreError::bad_input),
        _ => Err(StoreError::bad_input(
            "\"key\" must be a string or {\"bytes\": base64}",
        )),
    }
}

/// Decodes a `"raw"` value: `{"text": ...}` or `{"bytes": "<base64>"}`.
pub fn raw_from_json(value: &Value) -> Result<Vec<u8>> {
    match value {
        Value::Object(map) => decode_tagged(map, true).map_err(StoreError::bad_input),
        _ => Err(StoreError::bad_input(
            "\"raw\" must be {\"text\": string} or {\"bytes\": base64}",
        )),
    }
}

fn decode_tagged(
    map: &Map<String, Value>,
    allow_text: bool,
) -> std::result::Result<Vec<u8>, String> {
    if map.len() != 1 {
        return Err("expected exactly one of \"text\" or \"bytes\"".into());
    }
    match map.iter().next() {
        Some((tag, Value::String(s))) if tag == "bytes" => BASE64
            .decode(s)
            .map_err(|e| format!("invalid base64 in \"bytes\": {e}")),
        Some((tag, Value::String(s))) if tag == "text" && allow_text => Ok(s.as_bytes().to_vec()),
        Some((tag, _)) => Err(format!(
            "unexpected field {tag:?} (want a string under \"bytes\"{})",
            if allow_text { " or \"text\"" } else { "" }
        )),
        None => Err("empty object".into()),
    }
}

/// Bytes escaped for one line of human output: printable UTF-8 as is,
/// `\\`, `\n`, `\t`, `\r`, other control characters and invalid bytes as `\xNN`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let mut text = chunk.valid();
        while !text.is_empty() {
            // Printable ASCII other than the backslash is itself: copied
            // a run at a time (most keys are nothing else).
            let plain = text
                .bytes()
                .position(|b| !(0x20..0x7f).contains(&b) || b == b'\\')
                .unwrap_or(text.len());
            out.push_str(&text[..plain]);
            let mut rest = text[plain..].chars();
            if let Some(c) = rest.next() {
                escape_char(c, &mut out);
            }
            text = rest.as_str();
        }
        for b in chunk.invalid() {
            push_hex(*b, &mut out);
        }
    }
    out
}

/// One character of [`escape_bytes`] that is not printable ASCII, or is
/// the backslash.
fn escape_char(c: char, out: &mut String) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if c.is_control() => {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                push_hex(b, out);
            }
        }
        c => out.push(c),
    }
}

/// `\xNN`.
fn push_hex(b: u8, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\x");
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 15)] as char);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn classify_values() {
        assert_eq!(
            StoredValue::classify(br#"{"a":1}"#),
            StoredValue::Json(r#"{"a":1}"#)
        );
        assert_eq!(StoredValue::classify(b"hello"), StoredValue::Text("hello"));
        assert_eq!(StoredValue::classify(b"{\n}"), StoredValue::Text("{\n}"));
        assert_eq!(StoredValue::classify(b" 1"), StoredValue::Text(" 1"));
        assert_eq!(StoredValue::classify(b"\xff"), StoredValue::Bytes(b"\xff"));
    }

    #[test]
    fn compact_keeps_spelling() {
        assert_eq!(
            compact_json("{ \"a b\" : 1.0 ,\n \"c\":[1, 2] }").unwrap(),
            "{\"a b\":1.0,\"c\":[1,2]}"
        );
        assert_eq!(compact_json(r#""x \" y""#).unwrap(), r#""x \" y""#);
        assert!(compact_json("{").is_err());
        assert!(compact_json("1 2").is_err());
    }

    #[test]
    fn compact_valid_keeps_strings_and_multibyte_text() {
        assert_eq!(compact_valid_json(r#"{"a":1}"#), r#"{"a":1}"#);
        assert_eq!(
            compact_valid_json("{ \"é x\\\" \" : [ 1 , \"\t\" ] }"),
            "{\"é x\\\" \":[1,\"\t\"]}"
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_bytes(b"a\\b\n\x01\xff"), "a\\\\b\\n\\x01\\xff");
        assert_eq!(escape_bytes("é".as_bytes()), "é");
    }

    #[test]
    fn raw_and_key_decoding() {
        assert_eq!(raw_from_json(&json!({"text": "hi"})).unwrap(), b"hi");
        assert_eq!(raw_from_json(&json!({"bytes": "/w=="})).unwrap(), b"\xff");
        assert!(raw_from_json(&json!({"text": "a", "bytes": ""})).is_err());
        assert!(key_from_json(&json!({"text": "a"})).is_err());
        assert!(key_from_json(&json!(1)).is_err());
    }

    proptest! {
        #[test]
        fn key_round_trip(key in proptest::collection::vec(any::<u8>(), 0..32)) {
            prop_assert_eq!(key_from_json(&key_to_json(&key)).unwrap(), key);
        }

        #[test]
        fn value_round_trip(value in proptest::collection::vec(any::<u8>(), 0..32)) {
            let (field, text) = StoredValue::classify(&value).record_field();
            let back = if field == "value" {
                text.into_bytes()
            } else {
                raw_from_json(&serde_json::from_str(&text).unwrap()).unwrap()
            };
            prop_assert_eq!(back, value);
        }

        /// The same text as the character-by-character escaping it
        /// replaced.
        #[test]
        fn escaped_as_char_by_char(bytes in proptest::collection::vec(prop_oneof![
            any::<u8>(),
            Just(b'\\'), Just(b'\n'), Just(0x7f), Just(b'a'),
        ], 0..80), text in ".{0,40}") {
            let slow = |bytes: &[u8]| {
                let mut out = String::new();
                for chunk in bytes.utf8_chunks() {
                    for c in chunk.valid().chars() {
                        match c {
                            '\\' => out.push_str("\\\\"),
                            '\n' => out.push_str("\\n"),
                            '\t' => out.push_str("\\t"),
                            '\r' => out.push_str("\\r"),
                            c if c.is_control() => {
                                let mut buf = [0u8; 4];
                                for b in c.encode_utf8(&mut buf).bytes() {
                                    out.push_str(&format!("\\x{b:02x}"));
                                }
                            }
                            c => out.push(c),
                        }
                    }
                    for b in chunk.invalid() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                out
            };
            prop_assert_eq!(escape_bytes(&bytes), slow(&bytes));
            let mut mixed = text.into_bytes();
            mixed.extend_from_slice(&bytes);
            prop_assert_eq!(escape_bytes(&mixed), slow(&mixed));
        }

        #[test]
        fn escaped_is_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let shown = escape_bytes(&bytes);
            prop_assert!(!shown.contains('\n') && !shown.contains('\r'));
        }
    }
}
