//! Fixture documents: a human-written JSON file describing blocks, machine
//! states (with sub-keys) and raw entries, loaded through the model so that
//! the height and root indexes are written exactly as the seed writes them.
//! The schema is documented in `docs/fixtures.md`.

use super::block::validate_block;
use super::state::{check_machine, validate_state};
use super::BlockStorage;
use crate::store::codec::{compact_json, parse_record};
use crate::store::document::line_of;
use crate::store::json::{self as rawjson, Raw};
use crate::store::BatchOperation;
use crate::{Result, StoreError};
use std::collections::{BTreeMap, HashMap};

/// The `format` of a fixture document.
pub const FIXTURE_FORMAT: &str = "storectl-fixture";

/// Whether a parsed top-level object is a fixture document.
pub fn is_fixture(fields: &BTreeMap<String, Raw<'_>>) -> bool {
    fields
        .get("format")
        .is_some_and(|f| f.get() == format!("\"{FIXTURE_FORMAT}\""))
}

fn fail<'r>(
    source: &str,
    text: &str,
    part: impl std::borrow::Borrow<Raw<'r>>,
    what: String,
    msg: impl std::fmt::Display,
) -> StoreError {
    StoreError::bad_input(format!(
        "{source}: {what} (line {}): {msg}",
        line_of(text, part.borrow().get())
    ))
}

/// Checks a fixture document and returns the writes that build it, in a
/// fixed order (blocks, states, sub-keys, entries): the same document
/// always gives the same store contents.
pub fn fixture_operations(source: &str, text: &str) -> Result<Vec<BatchOperation>> {
    let fields: BTreeMap<String, Raw<'_>> = rawjson::object(text).map_err(|e| {
        StoreError::bad_input(format!(
            "{source}: line {}: not a JSON object: {e}",
            e.line(text)
        ))
    })?;
    for name in fields.keys() {
        if !matches!(
            name.as_str(),
            "format" | "version" | "description" | "blocks" | "states" | "entries"
        ) {
            return Err(StoreError::bad_input(format!(
                "{source}: unknown field {name:?} (expected format, version, description, blocks, states, entries)"
            )));
        }
    }
    if !is_fixture(&fields) {
        return Err(StoreError::bad_input(format!(
            "{source}: \"format\" must be \"{FIXTURE_FORMAT}\""
        )));
    }
    if let Some(version) = fields.get("version").filter(|v| v.get() != "1") {
        return Err(StoreError::bad_input(format!(
            "{source}: unsupported fixture version {}",
            version.get()
        )));
    }
    let list = |name: &str| -> Result<Vec<Raw<'_>>> {
        match fields.get(name) {
            None => Ok(Vec::new()),
            Some(raw) => rawjson::array(raw.get())
                .map_err(|_| fail(source, text, raw, format!("\"{name}\""), "must be an array")),
        }
    };
    let mut ops = Vec::new();
    let mut heights: HashMap<u64, String> = HashMap::new();
    for (i, raw) in list("blocks")?.into_iter().enumerate() {
        let place = format!("blocks[{i}]");
        let block =
            validate_block(raw.get()).map_err(|msg| fail(source, text, raw, place.clone(), msg))?;
        if let Some(other) = heights.insert(block.meta.height, place.clone()) {
            return Err(fail(
                source,
                text,
                raw,
                place,
                format!("height {} is also given by {other}", block.meta.height),
            ));
        }
        ops.extend(BlockStorage::save_operations(&block));
    }
    for (i, raw) in list("states")?.into_iter().enumerate() {
        let place = format!("states[{i}]");
        let entry: BTreeMap<String, Raw<'_>> = rawjson::object(raw.get())
            .map_err(|_| fail(source, text, raw, place.clone(), "must be an object"))?;
        let machine: String = entry
            .get("machine")
            .and_then(|m| serde_json::from_str(m.get()).ok())
            .ok_or_else(|| {
                fail(
                    source,
                    text,
                    raw,
                    place.clone(),
                    "needs \"machine\" (a string)",
                )
            })?;
        let state_raw = entry
            .get("state")
            .ok_or_else(|| fail(source, text, raw, place.clone(), "needs \"state\""))?;
        let state = validate_state(state_raw.get())
            .map_err(|m| fail(source, text, state_raw, format!("{place}.state"), m))?;
        check_machine(&machine, &state).map_err(|e| fail(source, text, raw, place.clone(), e))?;
        ops.push(BatchOperation::Put {
            key: format!("state:{machine}").into_bytes(),
            value: state.json.clone().into_bytes(),
        });
        ops.push(BatchOperation::Put {
            key: format!("root:{}", state.state_root).into_bytes(),
            value: state.json.into_bytes(),
        });
        if let Some(subs) = entry.get("subKeys") {
            let subs: BTreeMap<String, Raw<'_>> = rawjson::object(subs.get()).map_err(|_| {
                fail(
                    source,
                    text,
                    subs,
                    format!("{place}.subKeys"),
                    "must be an object",
                )
            })?;
            for (sub, value) in subs {
                let json = compact_json(value.get())
                    .map_err(|e| fail(source, text, value, format!("{place}.subKeys.{sub}"), e))?;
                ops.push(BatchOperation::Put {
                    key: format!("state:{machine}:{sub}").into_bytes(),
                    value: json.into_bytes(),
                });
            }
        }
        for name in entry.keys() {
            if !matches!(name.as_str(), "machine" | "state" | "subKeys") {
                return Err(fail(
                    source,
                    text,
                    raw,
                    place,
                    format!("unknown field {name:?} (expected machine, state, subKeys)"),
                ));
            }
        }
    }
    for (i, raw) in list("entries")?.into_iter().enumerate() {
        let (key, value) = parse_record(raw.get())
            .map_err(|msg| fail(source, text, raw, format!("entries[{i}]"), msg))?;
        ops.push(BatchOperation::Put { key, value });
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_model_writes() {
        let doc = r#"{"format":"storectl-fixture","version":1,
          "blocks":[{"stateRoot":"0xa","height":0}],
          "states":[{"machine":"m1","state":{"stateRoot":"0x1"},"subKeys":{"acct:1":{"b":1}}}],
          "entries":[{"key":"misc","raw":{"text":"x"}}]}"#;
        let ops = fixture_operations("f", doc).unwrap();
        let keys: Vec<&[u8]> = ops.iter().map(|o| o.key()).collect();
        assert_eq!(
            keys,
            [
                &b"block:0xa"[..],
                b"height:0",
                b"state:m1",
                b"root:0x1",
                b"state:m1:acct:1",
                b"misc"
            ]
        );
    }

    #[test]
    fn errors_name_the_element_and_line() {
        let doc = "{\"format\":\"storectl-fixture\",\n\"blocks\":[\n{\"stateRoot\":\"0xa\",\"height\":0},\n{\"height\":1}]}";
        let err = fixture_operations("f.json", doc).unwrap_err().to_string();
        assert_eq!(err, "f.json: blocks[1] (line 4): missing \"stateRoot\"");
        let err = fixture_operations("f.json", r#"{"format":"x"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("must be \"storectl-fixture\""), "{err}");
    }
}
