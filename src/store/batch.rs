//! The seed's `BatchOperation`, and its JSON form as read from batch files.
//!
//! One operation per object: `{"type": "put", "key": K, "value": V}` or
//! `{"type": "delete", "key": K}`. `K` is a string or `{"bytes": base64}`;
//! a put may carry `"raw": {"text"|"bytes": ...}` instead of `"value"` to
//! store bytes that are not JSON.

use super::codec::{compact_valid_json, key_from_json, raw_from_json};
use super::document::documents;
use super::json::{self as rawjson, Raw};
use crate::error::{Result, StoreError};
use serde_json::Value;
use std::collections::BTreeMap;

/// One write of an atomic batch, on user keys (before namespacing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOperation {
    /// Store `value` (exact bytes) under `key`.
    Put {
        /// The user key.
        key: Vec<u8>,
        /// The value bytes, usually compact JSON text.
        value: Vec<u8>,
    },
    /// Remove `key`.
    Delete {
        /// The user key.
        key: Vec<u8>,
    },
}

impl BatchOperation {
    /// The user key the operation touches.
    pub fn key(&self) -> &[u8] {
        match self {
            BatchOperation::Put { key, .. } | BatchOperation::Delete { key } => key,
        }
    }
}

/// Parses one operation object (its JSON text).
pub fn parse_operation(text: &str) -> std::result::Result<BatchOperation, String> {
    let fields: BTreeMap<String, Raw<'_>> =
        rawjson::object(text).map_err(|e| format!("not a JSON object: {e}"))?;
    for name in fields.keys() {
        if !matches!(name.as_str(), "type" | "key" | "value" | "raw") {
            return Err(format!(
                "unknown field {name:?} (expected type, key, value, raw)"
            ));
        }
    }
    let op_type: String = match fields.get("type") {
        Some(raw) => serde_json::from_str(raw.get())
            .map_err(|_| "\"type\" must be \"put\" or \"delete\"".to_string())?,
        None => return Err("missing \"type\" (\"put\" or \"delete\")".into()),
    };
    let key = match fields.get("key") {
        Some(raw) => {
            let value: Value = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            key_from_json(&value).map_err(|e| e.to_string())?
        }
        None => return Err("missing \"key\"".into()),
    };
    match op_type.as_str() {
        "put" => {
            let value = match (fields.get("value"), fields.get("raw")) {
                (Some(raw), None) => compact_valid_json(raw.get()).into_bytes(),
                (None, Some(raw)) => {
                    let tagged: Value =
                        serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
                    raw_from_json(&tagged).map_err(|e| e.to_string())?
                }
                (Some(_), Some(_)) => {
                    return Err("a put has either \"value\" or \"raw\", not both".into())
                }
                (None, None) => return Err("a put needs \"value\"".into()),
            };
            Ok(BatchOperation::Put { key, value })
        }
        "delete" => {
            if fields.contains_key("raw") {
                return Err("a delete takes no \"raw\"".into());
            }
            Ok(BatchOperation::Delete { key })
        }
        other => Err(format!(
            "unknown type {other:?} (expected \"put\" or \"delete\")"
        )),
    }
}

/// Parses a whole batch: a JSON array of operations, a single operation,
/// or NDJSON with one operation per line (blank lines are skipped). Every
/// operation is checked; the first bad one is an error naming its line
/// (and array index).
pub fn parse_batch_document(source: &str, input: &str) -> Result<Vec<BatchOperation>> {
    documents(input)
        .into_iter()
        .map(|doc| {
            parse_operation(doc.text)
                .map_err(|msg| StoreError::bad_input(format!("{source}: {}: {msg}", doc.place)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_put_and_delete() {
        let put = parse_operation(r#"{"type":"put","key":"a","value":{ "x": 1 }}"#).unwrap();
        assert_eq!(
            put,
            BatchOperation::Put {
                key: b"a".to_vec(),
                value: br#"{"x":1}"#.to_vec()
            }
        );
        let null = parse_operation(r#"{"type":"put","key":"a","value":null}"#).unwrap();
        assert_eq!(
            null,
            BatchOperation::Put {
                key: b"a".to_vec(),
                value: b"null".to_vec()
            }
        );
        let del = parse_operation(r#"{"type":"delete","key":{"bytes":"AP8="}}"#).unwrap();
        assert_eq!(del, BatchOperation::Delete { key: vec![0, 255] });
        let raw = parse_operation(r#"{"type":"put","key":"b","raw":{"text":"plain"}}"#).unwrap();
        assert_eq!(
            raw,
            BatchOperation::Put {
                key: b"b".to_vec(),
                value: b"plain".to_vec()
            }
        );
    }

    #[test]
    fn rejects_bad_operations() {
        for bad in [
            r#"{"type":"put","key":"a"}"#,
            r#"{"type":"upsert","key":"a","value":1}"#,
            r#"{"key":"a","value":1}"#,
            r#"{"type":"put","value":1}"#,
            r#"{"type":"put","key":5,"value":1}"#,
            r#"{"type":"put","key":"a","value":1,"extra":2}"#,
            r#"[1]"#,
            r#"not json"#,
        ] {
            assert!(parse_operation(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn document_errors_name_the_line() {
        let ndjson =
            "{\"type\":\"put\",\"key\":\"a\",\"value\":1}\n\n{\"type\":\"put\",\"key\":\"b\"}\n";
        let err = parse_batch_document("ops.ndjson", ndjson)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("ops.ndjson: line 3:"), "{err}");

        let array =
            "[\n {\"type\":\"delete\",\"key\":\"a\"},\n {\"type\":\"put\",\"key\":\"b\"}\n]";
        let err = parse_batch_document("ops.json", array)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("ops.json: line 3 (element 1):"), "{err}");
        assert_eq!(parse_batch_document("x", "[]").unwrap(), vec![]);
    }
}
