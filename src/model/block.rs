//! The seed's `BlockStorage`: `block:<stateRoot>` holds the block,
//! `height:<n>` holds the JSON string `"<stateRoot>"`; both are written in
//! one atomic batch.

use super::height::{height_key, is_height_digits, parse_height_key, HeightWalk};
use crate::store::codec::{compact_valid_json, escape_bytes};
use crate::store::json;
use crate::store::{ranges, BatchOperation, ScanRange, StorageService};
use crate::{Result, StoreError};
use std::borrow::Cow;

/// The fields storectl needs from a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockMeta {
    /// The block's hash (`stateRoot`); a lone surrogate escape decodes to
    /// U+FFFD, as Node.js encodes it in the key the seed writes.
    pub state_root: String,
    /// `stateRoot` as its JSON text, exactly as in the block: the value the
    /// height index stores (what `JSON.stringify(stateRoot)` gives).
    pub state_root_json: String,
    /// The block's height.
    pub height: u64,
}

/// A block checked and ready to write: its fields and its compact JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidBlock {
    /// The block's hash and height.
    pub meta: BlockMeta,
    /// The block as compact JSON text.
    pub json: String,
}

/// Checks one block's JSON: an object with a non-empty string `stateRoot`
/// and a non-negative integer `height`. Any JSON the seed can write is
/// accepted (any depth, lone surrogate escapes) and kept byte for byte.
pub fn validate_block(text: &str) -> std::result::Result<ValidBlock, String> {
    // One parse: visiting the members validates the whole text; compacting
    // leaves strings (the stateRoot's text among them) untouched.
    let (root, root_json, height) = block_parts(text)?;
    let meta = BlockMeta {
        state_root: root.into_owned(),
        state_root_json: root_json.to_string(),
        height,
    };
    Ok(ValidBlock {
        meta,
        json: compact_valid_json(text),
    })
}

/// The non-empty string `stateRoot` among an object's members, decoded
/// and as its JSON text.
pub fn required_state_root(
    members: &[(String, &str)],
) -> std::result::Result<(String, String), String> {
    match members.iter().rev().find(|(n, _)| n == "stateRoot") {
        Some((_, raw)) => state_root_value(raw),
        None => Err("missing \"stateRoot\"".into()),
    }
}

/// A `stateRoot` member's raw value: the decoded non-empty string and its
/// JSON text.
fn state_root_value(raw: &str) -> std::result::Result<(String, String), String> {
    match json::decode_string(raw) {
        Some(s) if !s.is_empty() => Ok((s, raw.to_string())),
        Some(_) => Err("\"stateRoot\" is empty".into()),
        None => Err("\"stateRoot\" must be a string".into()),
    }
}

/// Reads `stateRoot` and `height` from a block's JSON text.
pub fn block_meta(text: &str) -> std::result::Result<BlockMeta, String> {
    let (root, root_json, height) = block_parts(text)?;
    Ok(BlockMeta {
        state_root: root.into_owned(),
        state_root_json: root_json.to_string(),
        height,
    })
}

/// `stateRoot` (decoded; borrowed from `text` when it has no escapes), its
/// JSON text and `height` of a block's JSON text, allocating nothing for
/// the common block.
pub fn block_parts(text: &str) -> std::result::Result<(Cow<'_, str>, &str, u64), String> {
    block_parts_bytes(text.as_bytes())
}

/// [`block_parts`] of stored value bytes, read in one pass (the scan checks
/// UTF-8 as it validates).
pub fn block_parts_bytes(value: &[u8]) -> std::result::Result<(Cow<'_, str>, &str, u64), String> {
    let fields = block_fields(value)?;
    // Scanned as UTF-8 already: these only turn the type.
    let not_utf8 = || "not valid JSON: not UTF-8".to_string();
    let raw = std::str::from_utf8(fields.root.value).map_err(|_| not_utf8())?;
    let state_root = json::as_text(fields.state_root()).ok_or_else(not_utf8)?;
    Ok((state_root, raw, fields.height))
}

/// A block's `stateRoot` and `height` as found in its stored bytes.
#[derive(Debug, Clone, Copy)]
pub struct BlockFields<'a> {
    /// The `stateRoot` member (its value a non-empty string).
    root: json::MemberBytes<'a>,
    /// The block's height.
    pub height: u64,
}

impl<'a> BlockFields<'a> {
    /// `stateRoot` decoded, as bytes: borrowed when it holds no escape.
    pub fn state_root(&self) -> Cow<'a, [u8]> {
        self.root.string().unwrap_or_default()
    }
}

/// Checks a stored block (a JSON object with a non-empty string
/// `stateRoot` and a non-negative integer `height`) and finds those two
/// fields, in one pass that allocates nothing; the error says what is
/// wrong (starting "not valid JSON" when the value is not JSON).
pub fn block_fields(value: &[u8]) -> std::result::Result<BlockFields<'_>, String> {
    // The last member of each name counts, as in JSON.parse.
    let (mut root, mut height) = (None, None);
    let is_object = json::visit_member_bytes(value, |m| {
        if m.is_named("stateRoot") {
            root = Some(m);
        } else if m.is_named("height") {
            height = Some(m.value);
        }
        true
    })
    .map_err(|e| format!("not valid JSON: {e}"))?;
    if !is_object {
        return Err("a block must be a JSON object".into());
    }
    let Some(root) = root else {
        return Err("missing \"stateRoot\"".into());
    };
    if root.value.first() != Some(&b'"') {
        return Err("\"stateRoot\" must be a string".into());
    }
    if root.value.len() == 2 {
        return Err("\"stateRoot\" is empty".into());
    }
    let height = match height {
        Some(raw) => json::as_u64_bytes(raw).ok_or_else(|| {
            format!(
                "\"height\" must be a non-negative integer, got {}",
                String::from_utf8_lossy(raw)
            )
        })?,
        None => return Err("missing \"height\"".into()),
    };
    Ok(BlockFields { root, height })
}

/// [`block_meta`] of stored value bytes.
pub fn block_meta_bytes(value: &[u8]) -> std::result::Result<BlockMeta, String> {
    let text = std::str::from_utf8(value).map_err(|_| "not UTF-8 text".to_string())?;
    block_meta(text)
}

/// The user key of a block.
pub fn block_key(hash: &str) -> Vec<u8> {
    format!("block:{hash}").into_bytes()
}

/// One entry of the height index, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedBlock {
    /// The height.
    pub height: u64,
    /// The hash the index names.
    pub hash: String,
    /// The block's stored bytes, or `None` when the index dangles.
    pub block: Option<Vec<u8>>,
}

/// Blocks by hash and by height over a [`StorageService`].
pub struct BlockStorage<'a> {
    storage: &'a mut StorageService,
}

impl<'a> BlockStorage<'a> {
    /// Blocks in `storage`'s namespace.
    pub fn new(storage: &'a mut StorageService) -> Self {
        BlockStorage { storage }
    }

    /// The stored block with this hash.
    pub fn get_by_hash(&mut self, hash: &str) -> Result<Option<Vec<u8>>> {
        self.storage.get(&block_key(hash))
    }

    /// The hash the height index names for `height`.
    pub fn hash_at_height(&mut self, height: u64) -> Result<Option<String>> {
        match self.storage.get(&height_key(height))? {
            None => Ok(None),
            Some(bytes) => decode_index(height, &bytes).map(Some),
        }
    }

    /// The block at `height`; a height index naming a missing block is an
    /// [`StoreError::Inconsistent`] error.
    pub fn get_by_height(&mut self, height: u64) -> Result<Option<(String, Vec<u8>)>> {
        let Some(hash) = self.hash_at_height(height)? else {
            return Ok(None);
        };
        match self.get_by_hash(&hash)? {
            Some(block) => Ok(Some((hash, block))),
            None => Err(dangling(height, &hash)),
        }
    }

    /// The greatest indexed height: exact whatever the gaps. Heights are
    /// unpadded decimal, so a larger height can sit anywhere in byte order
    /// (`height:1000000` sorts before `height:2`) and no seek can rule one
    /// out. The longest-then-greatest `height:` key among every stored
    /// entry is found without merging (one light pass over the index's
    /// blocks); when it is live it is the answer, as every live height is
    /// among the entries. When it was deleted (a rewound chain), the index
    /// is read merged, its key ranges on two threads (see `store::ranges`).
    pub fn latest_height(&mut self) -> Result<Option<u64>> {
        let Some(top) = self
            .storage
            .longest_greatest_key(b"height:", &is_height_digits)?
        else {
            return Ok(None);
        };
        if let (Some(height), Some(_)) = (parse_height_key(&top), self.storage.get(&top)?) {
            return Ok(Some(height));
        }
        self.latest_height_merged()
    }

    /// [`Self::latest_height`] from the merged index: one forward pass.
    pub fn latest_height_merged(&mut self) -> Result<Option<u64>> {
        let index = ScanRange::prefix("height:");
        let parts = ranges::split(self.storage, &index, ranges::RANGE_BYTES)?;
        let mut latest: Option<u64> = None;
        ranges::for_each_in_order(
            self.storage,
            &parts,
            |view, part, emit| {
                let mut top: Option<u64> = None;
                view.visit(part, |key, _| {
                    if let Some(h) = parse_height_key(key) {
                        top = Some(top.map_or(h, |t| t.max(h)));
                    }
                    Ok(true)
                })?;
                emit(top)
            },
            |top| {
                latest = latest.max(top);
                Ok(())
            },
        )?;
        Ok(latest)
    }

    /// The greatest indexed height (see [`Self::latest_height`]).
    pub fn latest_height_exact(&mut self) -> Result<Option<u64>> {
        self.latest_height()
    }

    /// The blocks indexed in `[from, to]` (clamped to the latest height) in
    /// numeric height order, each resolved to its stored block.
    pub fn list(&mut self, from: u64, to: u64, reverse: bool) -> Result<BlockList<'_>> {
        let to = match self.latest_height()? {
            Some(latest) => to.min(latest),
            None => {
                return Ok(BlockList {
                    walk: HeightWalk::new(self.storage, 1, 0, reverse),
                })
            }
        };
        Ok(BlockList {
            walk: HeightWalk::new(self.storage, from, to, reverse),
        })
    }

    /// Refuses a block that would replace a different block at its height,
    /// or move an existing hash to another height, unless `force`.
    pub fn check_overwrite(&mut self, meta: &BlockMeta, force: bool) -> Result<()> {
        if force {
            return Ok(());
        }
        if let Some(existing) = self.hash_at_height(meta.height)? {
            if existing != meta.state_root {
                return Err(StoreError::bad_input(format!(
                    "height {} already holds block {existing}, not {} (use --force to replace it)",
                    meta.height, meta.state_root
                )));
            }
        }
        if let Some(bytes) = self.get_by_hash(&meta.state_root)? {
            let stored: Option<u64> = block_meta_bytes(&bytes).ok().map(|m| m.height);
            if let Some(stored) = stored.filter(|h| *h != meta.height) {
                return Err(StoreError::bad_input(format!(
                    "block {} is already stored at height {stored}, not {} (use --force to replace it)",
                    meta.state_root, meta.height
                )));
            }
        }
        Ok(())
    }

    /// The two writes that save a block (the seed's `saveBlock`).
    pub fn save_operations(block: &ValidBlock) -> [BatchOperation; 2] {
        Self::save_entries(block).map(|(key, value)| BatchOperation::Put { key, value })
    }

    /// The two entries saving a block writes: `block:<hash>` with the
    /// block, and `height:<n>` with the hash as a JSON string.
    pub fn save_entries(block: &ValidBlock) -> [(Vec<u8>, Vec<u8>); 2] {
        [
            (
                block_key(&block.meta.state_root),
                block.json.clone().into_bytes(),
            ),
            (
                height_key(block.meta.height),
                block.meta.state_root_json.clone().into_bytes(),
            ),
        ]
    }

    /// Saves one block and its height index in one atomic write.
    pub fn save(&mut self, block: &ValidBlock) -> Result<()> {
        self.storage.batch(&Self::save_operations(block))
    }
}

/// The blocks of a height range, from [`BlockStorage::list`].
pub struct BlockList<'s> {
    walk: HeightWalk<'s>,
}

impl Iterator for BlockList<'_> {
    type Item = Result<IndexedBlock>;

    fn next(&mut self) -> Option<Self::Item> {
        let (height, bytes) = match self.walk.next()? {
            Ok(entry) => entry,
            Err(e) => return Some(Err(e)),
        };
        Some(decode_index(height, &bytes).and_then(|hash| {
            let block = self.walk.storage_mut().get(&block_key(&hash))?;
            Ok(IndexedBlock {
                height,
                hash,
                block,
            })
        }))
    }
}

/// Decodes a height index value: the JSON string of a hash.
fn decode_index(height: u64, bytes: &[u8]) -> Result<String> {
    match std::str::from_utf8(bytes)
        .ok()
        .and_then(json::decode_string)
    {
        Some(hash) => Ok(hash),
        None => Err(StoreError::Inconsistent(format!(
            "height:{height} holds {}, not a JSON string naming a block hash",
            escape_bytes(bytes)
        ))),
    }
}

fn dangling(height: u64, hash: &str) -> StoreError {
    StoreError::Inconsistent(format!(
        "height:{height} points to block {hash}, but block:{hash} does not exist (dangling height index)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_meta_reads_the_last_member_of_each_name_escaped_or_not() {
        let meta =
            block_meta(r#"{"height":1,"stateRoot":"0xa","st\u0061teRoot":"0xb","h\u0065ight":2}"#)
                .unwrap();
        assert_eq!((meta.state_root.as_str(), meta.height), ("0xb", 2));
        assert_eq!(meta.state_root_json, "\"0xb\"");
        assert_eq!(
            block_meta(r#"{"height":1}"#).unwrap_err(),
            "missing \"stateRoot\""
        );
        assert_eq!(
            block_meta(r#"{"stateRoot":"0xa"}"#).unwrap_err(),
            "missing \"height\""
        );
        assert!(block_meta(r#"[1]"#).unwrap_err().contains("object"));
        assert!(block_meta(r#"{"stateRoot":"0xa","height":1"#)
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(block_meta(r#"{"stateRoot":"","height":1}"#)
            .unwrap_err()
            .contains("empty"));
    }

    #[test]
    fn validates_blocks() {
        let ok = validate_block(r#"{ "stateRoot": "0xab", "height": 7, "tx": [] }"#).unwrap();
        assert_eq!(
            ok.meta,
            BlockMeta {
                state_root: "0xab".into(),
                state_root_json: "\"0xab\"".into(),
                height: 7
            }
        );
        assert_eq!(ok.json, r#"{"stateRoot":"0xab","height":7,"tx":[]}"#);
        for (bad, why) in [
            (r#"{"height":1}"#, "missing \"stateRoot\""),
            (r#"{"stateRoot":1,"height":1}"#, "must be a string"),
            (r#"{"stateRoot":"","height":1}"#, "empty"),
            (r#"{"stateRoot":"a","height":-1}"#, "non-negative integer"),
            (r#"{"stateRoot":"a","height":1.5}"#, "non-negative integer"),
            (r#"{"stateRoot":"a","height":"1"}"#, "non-negative integer"),
            (r#"{"stateRoot":"a"}"#, "missing \"height\""),
            (r#"[1]"#, "JSON object"),
            (r#"{"#, "not valid JSON"),
        ] {
            let err = validate_block(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}

#[cfg(test)]
mod latest_tests {
    use super::*;
    use crate::store::{Namespace, Store};
    use proptest::prelude::*;

    fn put(key: String) -> BatchOperation {
        BatchOperation::Put {
            key: key.into_bytes(),
            value: b"\"0xab\"".to_vec(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The light pass over every entry, confirmed by a lookup, gives the
        /// merged index's answer whatever was deleted or left in the log.
        #[test]
        fn latest_height_is_the_merged_index_answer(
            rounds in prop::collection::vec(
                (prop::collection::vec(0u64..3000, 0..60), prop::collection::vec(0u64..3000, 0..60), any::<bool>()),
                1..5,
            ),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut storage = StorageService::new(Store::create_in(dir.path()), Namespace::prefixed("n"));
            // Keys a height index never holds, longer than any real one.
            // (Keys just outside the prefix share blocks with the index.)
            let noise = [
                "height:0123456",
                "height:99x99",
                "height:99999999999999999999",
                "height 99999999",
                "heightz99999999",
            ];
            storage.batch(&noise.iter().map(|k| put(k.to_string())).collect::<Vec<_>>()).unwrap();
            for (puts, deletes, flush) in rounds {
                let mut ops: Vec<BatchOperation> = puts.iter().map(|h| put(format!("height:{h}"))).collect();
                ops.extend(deletes.iter().map(|h| BatchOperation::Delete { key: format!("height:{h}").into_bytes() }));
                if !ops.is_empty() {
                    storage.batch(&ops).unwrap();
                }
                if flush {
                    storage.store_mut().flush_memtable().unwrap();
                }
            }
            let mut blocks = BlockStorage::new(&mut storage);
            let merged = blocks.latest_height_merged().unwrap();
            prop_assert_eq!(blocks.latest_height().unwrap(), merged);
        }
    }
}
