//! The dump format of `export` / `import`: a header line, one lossless
//! record per line, a trailer with the record count and the content digest.
//!
//! ```text
//! {"format":"storectl-dump","version":1,"prefix":"","raw":false,"created":1732550000000}
//! {"key":"block:0xab","value":{"stateRoot":"0xab","height":1}}
//! {"key":{"bytes":"AP8="},"raw":{"bytes":"/w=="}}
//! {"end":true,"records":2,"hash":"sha256:..."}
//! ```

use super::codec::parse_record;
use serde_json::{json, Value};
use std::io::{self, BufRead, Read};

/// The `format` of a dump's header.
pub const DUMP_FORMAT: &str = "storectl-dump";
/// The dump format version this build reads and writes.
pub const DUMP_VERSION: u64 = 1;
/// Longest input line accepted (a longer one is refused, not buffered).
pub const MAX_LINE_BYTES: usize = 256 * 1024 * 1024;

/// A dump's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpHeader {
    /// The namespace prefix it was exported from, or `None` for `--raw`.
    pub prefix: Option<String>,
    /// Milliseconds since the epoch (0 in canonical dumps).
    pub created: i64,
}

impl DumpHeader {
    /// The header as one JSON line (no newline).
    pub fn line(&self) -> String {
        json!({
            "format": DUMP_FORMAT,
            "version": DUMP_VERSION,
            "prefix": self.prefix,
            "raw": self.prefix.is_none(),
            "created": self.created,
        })
        .to_string()
    }
}

/// The trailer line (no newline).
pub fn trailer_line(records: u64, hash: &str) -> String {
    json!({"end": true, "records": records, "hash": hash}).to_string()
}

/// What one line of import input is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DumpLine {
    /// A dump header.
    Header(DumpHeader),
    /// A key/value record.
    Record(Vec<u8>, Vec<u8>),
    /// A dump trailer.
    Trailer {
        /// The record count it claims.
        records: u64,
        /// The digest it claims.
        hash: String,
    },
}

/// Parses one line of a dump or of plain NDJSON records.
pub fn parse_line(text: &str) -> Result<DumpLine, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("{\"format\"") || trimmed.starts_with("{\"end\"") {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        if let Some(format) = v.get("format") {
            if format != DUMP_FORMAT {
                return Err(format!(
                    "unknown format {format} (expected \"{DUMP_FORMAT}\")"
                ));
            }
            match v.get("version").and_then(Value::as_u64) {
                Some(DUMP_VERSION) => {}
                other => return Err(format!("unsupported dump version {other:?} (this storectl reads version {DUMP_VERSION})")),
            }
            let raw = v.get("raw") == Some(&Value::Bool(true));
            let prefix = v.get("prefix").and_then(Value::as_str).map(str::to_string);
            return Ok(DumpLine::Header(DumpHeader {
                prefix: if raw {
                    None
                } else {
                    Some(prefix.unwrap_or_default())
                },
                created: v.get("created").and_then(Value::as_i64).unwrap_or(0),
            }));
        }
        if v.get("end") == Some(&Value::Bool(true)) {
            let records = v
                .get("records")
                .and_then(Value::as_u64)
                .ok_or("trailer without \"records\"")?;
            let hash = v
                .get("hash")
                .and_then(Value::as_str)
                .ok_or("trailer without \"hash\"")?
                .to_string();
            return Ok(DumpLine::Trailer { records, hash });
        }
    }
    parse_record(text).map(|(k, v)| DumpLine::Record(k, v))
}

/// Reads one line of at most `limit` bytes into `buf` (without the newline).
/// Returns `Ok(false)` at end of input; a longer line is an error and is not
/// buffered whole.
pub fn read_bounded_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<bool> {
    buf.clear();
    let read = reader
        .by_ref()
        .take(limit as u64 + 1)
        .read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    } else if buf.len() > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("line longer than {limit} bytes"),
        ));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn header_record_trailer() {
        let h = DumpHeader {
            prefix: Some("p".into()),
            created: 5,
        };
        assert_eq!(parse_line(&h.line()).unwrap(), DumpLine::Header(h));
        let raw = DumpHeader {
            prefix: None,
            created: 0,
        };
        assert_eq!(parse_line(&raw.line()).unwrap(), DumpLine::Header(raw));
        assert_eq!(
            parse_line(&trailer_line(3, "sha256:ab")).unwrap(),
            DumpLine::Trailer {
                records: 3,
                hash: "sha256:ab".into()
            }
        );
        assert_eq!(
            parse_line(r#"{"key":"a","value":{ "x" : 1 }}"#).unwrap(),
            DumpLine::Record(b"a".to_vec(), br#"{"x":1}"#.to_vec())
        );
        assert!(parse_line(r#"{"format":"other","version":1}"#).is_err());
        assert!(parse_line(r#"{"format":"storectl-dump","version":9}"#).is_err());
        assert!(parse_line(r#"{"key":"a"}"#).is_err());
        assert!(parse_line("nonsense").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Hostile lines never panic the dump, record, batch or fixture parsers.
        #[test]
        fn parsers_never_panic(text in "\\PC{0,80}", bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80)) {
            let _ = parse_line(&text);
            let _ = crate::store::batch::parse_operation(&text);
            let _ = crate::store::batch::parse_batch_document("x", &text);
            let _ = crate::model::fixture::fixture_operations("x", &text);
            let lossy = String::from_utf8_lossy(&bytes);
            let _ = parse_line(&lossy);
            let _ = crate::store::batch::parse_batch_document("x", &lossy);
            let _ = crate::store::keys::parse_hex(&lossy);
        }

        /// Structured-looking hostile records never panic either.
        #[test]
        fn structured_records_never_panic(
            key in proptest::prop_oneof![proptest::prelude::Just("\"k\"".to_string()), "\\PC{0,12}".prop_map(|s| format!("{{\"bytes\":{s:?}}}")), proptest::prelude::Just("7".to_string())],
            value in proptest::prop_oneof![proptest::prelude::Just("1".to_string()), "\\PC{0,12}".prop_map(|s| format!("{{\"raw\":{{\"bytes\":{s:?}}}}}")), "\\PC{0,12}"],
        ) {
            let line = format!("{{\"key\":{key},\"value\":{value}}}");
            let _ = parse_line(&line);
            let op = format!("{{\"type\":\"put\",\"key\":{key},\"raw\":{value}}}");
            let _ = crate::store::batch::parse_operation(&op);
            let fixture = format!("{{\"format\":\"storectl-fixture\",\"blocks\":[{value}],\"states\":[{{\"machine\":{key},\"state\":{value}}}],\"entries\":[{line}]}}");
            let _ = crate::model::fixture::fixture_operations("x", &fixture);
        }
    }

    #[test]
    fn bounded_lines() {
        let mut input = io::Cursor::new(b"short\r\nthis line is too long\nx".to_vec());
        let mut buf = Vec::new();
        assert!(read_bounded_line(&mut input, &mut buf, 10).unwrap());
        assert_eq!(buf, b"short");
        assert!(read_bounded_line(&mut input, &mut buf, 10).is_err());
        let mut input = io::Cursor::new(b"a\nb".to_vec());
        assert!(read_bounded_line(&mut input, &mut buf, 10).unwrap());
        assert!(read_bounded_line(&mut input, &mut buf, 10).unwrap());
        assert_eq!(buf, b"b");
        assert!(!read_bounded_line(&mut input, &mut buf, 10).unwrap());
    }
}
