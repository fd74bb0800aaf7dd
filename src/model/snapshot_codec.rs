//! Snapshot values as stored: `snapshot:<id>` holds
//! `{"id","timestamp","data":{key: value},...}` (what the seed's readers
//! read) plus storectl's fields (`storectl`, `range`, `base`, `entries`,
//! `deleted`, `extra`). Written as the entries come; read whole, or for its
//! metadata alone.

use super::snapshot::{CaptureRange, SnapshotContent, SnapshotInfo, View, FORMAT_VERSION};
use crate::store::codec::{key_from_json, key_to_json, raw_from_json, StoredValue};
use crate::store::json::{self as rawjson, Raw};
use crate::{Result, StoreError};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn unreadable(id: &str, message: impl Into<String>) -> StoreError {
    StoreError::bad_input(format!("snapshot {id}: {}", message.into()))
}

/// Key or value bytes, borrowed from a view or owned from a scan.
pub(super) type Bytes<'k> = std::borrow::Cow<'k, [u8]>;

/// Writes a snapshot value as the entries come: the seed's fields (`id`,
/// `timestamp`, `data` with values embedded exactly as stored) and
/// storectl's. Entries must come in key order; nothing but the value being
/// written (and the rare entries `data` cannot hold) is kept.
pub(super) struct SnapshotEncoder<'k> {
    text: String,
    /// Entries `data` cannot hold (key not UTF-8, value not one-line JSON).
    extra: Vec<(Bytes<'k>, Bytes<'k>)>,
    pub(super) entries: usize,
}

impl<'k> SnapshotEncoder<'k> {
    pub(super) fn new(id: &str, timestamp: i64) -> Self {
        SnapshotEncoder {
            text: format!(
                "{{\"id\":{},\"timestamp\":{timestamp},\"data\":{{",
                json!(id)
            ),
            extra: Vec::new(),
            entries: 0,
        }
    }

    /// Adds one captured entry.
    pub(super) fn entry(&mut self, key: Bytes<'k>, value: Bytes<'k>) {
        self.entries += 1;
        match (std::str::from_utf8(&key), StoredValue::classify(&value)) {
            (Ok(k), StoredValue::Json(v)) => {
                if self.entries - self.extra.len() > 1 {
                    self.text.push(',');
                }
                self.text.push_str(&json!(k).to_string());
                self.text.push(':');
                self.text.push_str(v);
            }
            _ => self.extra.push((key, value)),
        }
    }

    /// The whole value.
    pub(super) fn finish(
        mut self,
        range: &CaptureRange,
        base: Option<&str>,
        deleted: &[Vec<u8>],
    ) -> String {
        let text = &mut self.text;
        text.push_str("},\"storectl\":");
        text.push_str(&FORMAT_VERSION.to_string());
        text.push_str(&format!(",\"range\":{}", range.to_json()));
        text.push_str(&format!(",\"base\":{}", json!(base)));
        text.push_str(&format!(",\"entries\":{}", self.entries));
        let deleted: Vec<Value> = deleted.iter().map(|k| key_to_json(k)).collect();
        text.push_str(&format!(",\"deleted\":{}", Value::Array(deleted)));
        text.push_str(",\"extra\":[");
        for (i, (key, value)) in self.extra.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            let (field, encoded) = StoredValue::classify(value).record_field();
            text.push_str(&format!(
                "{{\"key\":{},\"{field}\":{encoded}}}",
                key_to_json(key)
            ));
        }
        text.push_str("]}");
        self.text
    }
}

/// Serialises a snapshot value of `data` (see [`SnapshotEncoder`]).
pub(super) fn encode_snapshot(
    id: &str,
    timestamp: i64,
    range: &CaptureRange,
    base: Option<&str>,
    data: &View,
    deleted: &[Vec<u8>],
) -> String {
    let mut encoder = SnapshotEncoder::new(id, timestamp);
    for (key, value) in data {
        encoder.entry(key.as_slice().into(), value.as_slice().into());
    }
    encoder.finish(range, base, deleted)
}

/// The entries of a snapshot's `extra` list (keys that are not UTF-8,
/// values that are not one-line JSON).
pub(super) fn decode_extra(id: &str, raw: &str) -> Result<View> {
    let mut data = View::new();
    let not_records = || unreadable(id, "\"extra\" is not an array of records");
    let records = rawjson::array(raw).map_err(|_| not_records())?;
    for record in records {
        let record = rawjson::object(record.get()).map_err(|_| not_records())?;
        let field = |name: &str| -> Result<Option<Value>> {
            record
                .get(name)
                .map(|r| serde_json::from_str(r.get()).map_err(|e| unreadable(id, e.to_string())))
                .transpose()
        };
        let key = key_from_json(&field("key")?.unwrap_or(Value::Null))?;
        let value = match (record.get("value"), field("raw")?) {
            (Some(exact), _) => exact.get().as_bytes().to_vec(),
            (None, Some(raw)) => raw_from_json(&raw)?,
            _ => return Err(unreadable(id, "an \"extra\" record has no value")),
        };
        data.insert(key, value);
    }
    Ok(data)
}

/// The top-level fields of a stored value, each as its raw text.
fn top_fields<'v>(id: &str, bytes: &'v [u8]) -> Result<BTreeMap<String, Raw<'v>>> {
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable(id, "metadata is not UTF-8"))?;
    rawjson::object(text).map_err(|e| unreadable(id, format!("metadata is not a JSON object: {e}")))
}

/// A top-level field parsed, when present and JSON.
fn field_value(fields: &BTreeMap<String, Raw<'_>>, name: &str) -> Option<Value> {
    fields
        .get(name)
        .and_then(|r| serde_json::from_str(r.get()).ok())
}

/// Parses a stored snapshot value (storectl's or the seed's).
pub(super) fn decode_snapshot(
    id: &str,
    base: Option<String>,
    bytes: &[u8],
) -> Result<SnapshotContent> {
    let fields = top_fields(id, bytes)?;
    let parse = |name: &str| field_value(&fields, name);
    let timestamp = parse("timestamp").and_then(|v| v.as_i64());
    let range = parse("range").and_then(|v| CaptureRange::from_json(&v));
    let mut data = View::new();
    if let Some(raw) = fields.get("data") {
        // The seed's Map serialises as {}; anything else that is not an
        // object is unreadable.
        let entries: BTreeMap<String, Raw<'_>> = rawjson::object(raw.get())
            .map_err(|_| unreadable(id, "\"data\" is not a JSON object"))?;
        for (key, value) in entries {
            data.insert(key.into_bytes(), value.get().as_bytes().to_vec());
        }
    }
    if let Some(raw) = fields.get("extra") {
        data.extend(decode_extra(id, raw.get())?);
    }
    let mut deleted = Vec::new();
    if let Some(list) = parse("deleted") {
        for key in list.as_array().into_iter().flatten() {
            deleted.push(key_from_json(key)?);
        }
    }
    let info = SnapshotInfo {
        problem: None,
        id: id.to_string(),
        timestamp,
        range,
        base,
        entries: data.len(),
        deletions: deleted.len(),
        size: bytes.len(),
        has_metadata: true,
    };
    Ok(SnapshotContent {
        info,
        data,
        deleted,
    })
}

/// What a stored snapshot value says about itself, checked as
/// [`decode_snapshot`] checks it, without decoding its entries into a map:
/// listing and following chains of whole-store snapshots must not hold
/// their contents.
pub(super) fn decode_info(id: &str, base: Option<String>, bytes: &[u8]) -> Result<SnapshotInfo> {
    let fields = top_fields(id, bytes)?;
    let parse = |name: &str| field_value(&fields, name);
    let extra = match fields.get("extra") {
        Some(raw) => decode_extra(id, raw.get())?,
        None => View::new(),
    };
    let mut entries = extra.len();
    if let Some(raw) = fields.get("data") {
        let not_object = || unreadable(id, "\"data\" is not a JSON object");
        // Distinct keys, as the decoded map holds them: storectl writes
        // them in increasing order; anything else is counted in a set.
        let (mut last, mut in_order, mut count) = (None::<Cow<'_, str>>, true, 0usize);
        let is_object = rawjson::visit_members(raw.get(), |name, _| {
            in_order &= last.as_ref().is_none_or(|l| *l < name);
            last = Some(name);
            count += 1;
            in_order
        })
        .map_err(|_| not_object())?;
        if !is_object {
            return Err(not_object());
        }
        let mut names = BTreeSet::new();
        if !in_order || !extra.is_empty() {
            rawjson::visit_members(raw.get(), |name, _| {
                names.insert(name.into_owned().into_bytes());
                true
            })
            .map_err(|_| not_object())?;
            count = names.len();
        }
        entries += count - extra.keys().filter(|k| names.contains(*k)).count();
    }
    let mut deletions = 0;
    if let Some(list) = parse("deleted") {
        for key in list.as_array().into_iter().flatten() {
            key_from_json(key)?;
            deletions += 1;
        }
    }
    Ok(SnapshotInfo {
        problem: None,
        id: id.to_string(),
        timestamp: parse("timestamp").and_then(|v| v.as_i64()),
        range: parse("range").and_then(|v| CaptureRange::from_json(&v)),
        base,
        entries,
        deletions,
        size: bytes.len(),
        has_metadata: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries of every kind (JSON, binary key, not JSON) and deletions.
    fn sample() -> (View, Vec<Vec<u8>>) {
        let mut data = View::new();
        data.insert(b"state:m".to_vec(), br#"{"a":1.50}"#.to_vec());
        data.insert(b"bin\xff".to_vec(), b"\x00\x01".to_vec());
        data.insert(b"text".to_vec(), b"not json".to_vec());
        (data, vec![b"gone".to_vec(), vec![0xff]])
    }

    #[test]
    fn encoding_round_trips_and_keeps_values_exact() {
        let (data, deleted) = sample();
        let text = encode_snapshot("s1", 5, &CaptureRange::All, Some("s0"), &data, &deleted);
        let seed_view: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(seed_view["id"], "s1");
        assert_eq!(seed_view["data"]["state:m"]["a"].to_string(), "1.50");
        let decoded = decode_snapshot("s1", Some("s0".into()), text.as_bytes()).unwrap();
        assert_eq!(decoded.data, data);
        assert_eq!(decoded.deleted, deleted);
        assert_eq!(decoded.info.range, Some(CaptureRange::All));
        assert_eq!(decoded.info.timestamp, Some(5));
    }

    /// The light decoder says what the full one says, or fails alike.
    #[test]
    fn info_without_entries_matches_the_full_decode() {
        let (data, deleted) = sample();
        let stored = encode_snapshot("s1", 5, &CaptureRange::All, Some("s0"), &data, &deleted);
        let values: Vec<&[u8]> = vec![
            stored.as_bytes(),
            br#"{"id":"x","timestamp":1,"data":{}}"#,
            // Out of order, repeated, and a key also kept aside.
            br#"{"id":"y","data":{"b":1,"a":2,"b":3,"t":4},"extra":[{"key":"t","raw":{"text":"x"}}],"deleted":["q"]}"#,
            br#"{"id":"z","data":[1]}"#,
            br#"{"id":"z","data":{"a":1,}}"#,
            br#"{"id":"z","deleted":[{"nope":1}]}"#,
            b"{\"id\":\"z\",\"data\":{\"\xff\":1}}",
            b"not json",
        ];
        for value in values {
            let full = decode_snapshot("s", Some("b".into()), value).map(|c| c.info);
            let light = decode_info("s", Some("b".into()), value);
            match (&full, &light) {
                (Ok(full), Ok(light)) => assert_eq!(full, light),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                _ => panic!(
                    "{full:?} but {light:?} for {}",
                    String::from_utf8_lossy(value)
                ),
            }
        }
    }

    #[test]
    fn seed_snapshots_decode_as_empty() {
        let s = decode_snapshot("x", None, br#"{"id":"x","timestamp":1,"data":{}}"#).unwrap();
        assert!(s.data.is_empty());
        assert_eq!(s.info.range, None);
        assert!(decode_snapshot("x", None, b"[]").is_err());
        assert!(decode_snapshot("x", None, br#"{"data":[1]}"#).is_err());
    }
}
