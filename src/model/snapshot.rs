//! The seed's `SnapshotManager` and `IncrementalSnapshotManager`, done
//! correctly: a snapshot captures a machine's `state:M` key *and* its
//! `state:M:*` sub-keys (or a key prefix, or the whole namespace), from one
//! consistent LevelDB read snapshot; an incremental snapshot records the
//! keys changed *and deleted* since its base; a restore makes the captured
//! range exactly equal to the chain's materialised view in one atomic write.
//!
//! `snapshot:<id>` holds `{"id","timestamp","data":{key: value},...}` (what
//! the seed's readers read) plus storectl's fields; `snapshot:<id>:base`
//! holds the JSON string of the base id (the seed's chain link).

use crate::store::codec::{escape_bytes, key_from_json, key_to_json, raw_from_json, StoredValue};
use crate::store::json::{self as rawjson, Raw};
use crate::store::{BatchOperation, ScanRange, StorageService};
use crate::{Result, StoreError};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The version of storectl's snapshot fields.
pub const FORMAT_VERSION: u64 = 1;

/// Entries of a scan of the store.
pub(super) type StoreScan = Box<dyn Iterator<Item = Result<(Vec<u8>, Vec<u8>)>>>;

/// Key/value pairs of a view, by user key.
pub type View = BTreeMap<Vec<u8>, Vec<u8>>;

/// Which keys a snapshot captures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureRange {
    /// `state:<machine>` and every `state:<machine>:*` key.
    Machine(String),
    /// Every key starting with the prefix.
    Prefix(String),
    /// Every key of the namespace except `snapshot:*`.
    All,
}

impl CaptureRange {
    /// Whether a user key lies in the range. Snapshot metadata
    /// (`snapshot:*`) never does: capturing it would nest snapshots, and
    /// restoring it would delete or overwrite other snapshots.
    pub fn contains(&self, key: &[u8]) -> bool {
        if key.starts_with(b"snapshot:") {
            return false;
        }
        match self {
            CaptureRange::Machine(m) => {
                let state = format!("state:{m}");
                key == state.as_bytes()
                    || (key.starts_with(state.as_bytes()) && key.get(state.len()) == Some(&b':'))
            }
            CaptureRange::Prefix(p) => key.starts_with(p.as_bytes()),
            CaptureRange::All => !key.starts_with(b"snapshot:"),
        }
    }

    /// The key prefix to scan (then filtered with [`Self::contains`]).
    fn scan_prefix(&self) -> Vec<u8> {
        match self {
            CaptureRange::Machine(m) => format!("state:{m}").into_bytes(),
            CaptureRange::Prefix(p) => p.as_bytes().to_vec(),
            CaptureRange::All => Vec::new(),
        }
    }

    /// The store's entries that may lie in the range, in key order, from
    /// one version (then filtered with [`Self::contains`]). Snapshot
    /// metadata is skipped by key: a snapshot of a whole store is one value
    /// of hundreds of megabytes, which every later capture and restore
    /// would otherwise read and copy (in a table of its own, as an ingested
    /// write leaves it, it is not even read).
    pub(super) fn scan(&self, storage: &mut StorageService) -> Result<StoreScan> {
        const META: &[u8] = b"snapshot:";
        const AFTER_META: &[u8] = b"snapshot;";
        let prefix = self.scan_prefix();
        if prefix.starts_with(META) {
            return Ok(Box::new(std::iter::empty()));
        }
        if !META.starts_with(&prefix) {
            return Ok(Box::new(storage.scan(&ScanRange::prefix(prefix))?));
        }
        let before = storage.scan(&ScanRange {
            end: Some(META.to_vec()),
            ..ScanRange::prefix(prefix.clone())
        })?;
        let after = storage.scan(&ScanRange {
            start: Some(AFTER_META.to_vec()),
            ..ScanRange::prefix(prefix)
        })?;
        Ok(Box::new(before.chain(after)))
    }

    /// The range as stored in snapshot metadata.
    pub fn to_json(&self) -> Value {
        match self {
            CaptureRange::Machine(m) => json!({ "machine": m }),
            CaptureRange::Prefix(p) => json!({ "prefix": p }),
            CaptureRange::All => json!({ "all": true }),
        }
    }

    pub(super) fn from_json(value: &Value) -> Option<Self> {
        if let Some(m) = value.get("machine").and_then(Value::as_str) {
            return Some(CaptureRange::Machine(m.to_string()));
        }
        if let Some(p) = value.get("prefix").and_then(Value::as_str) {
            return Some(CaptureRange::Prefix(p.to_string()));
        }
        (value.get("all") == Some(&Value::Bool(true))).then_some(CaptureRange::All)
    }
}

impl std::fmt::Display for CaptureRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CaptureRange::Machine(m) => write!(f, "machine {m}"),
            CaptureRange::Prefix(p) => write!(f, "prefix {p}"),
            CaptureRange::All => write!(f, "all"),
        }
    }
}

/// What a snapshot's metadata says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// The snapshot id.
    pub id: String,
    /// Milliseconds since the epoch, when recorded.
    pub timestamp: Option<i64>,
    /// The captured range; `None` for snapshots not written by storectl.
    pub range: Option<CaptureRange>,
    /// The base id from the `snapshot:<id>:base` link.
    pub base: Option<String>,
    /// Keys stored (put by a restore).
    pub entries: usize,
    /// Keys recorded as deleted since the base.
    pub deletions: usize,
    /// Size of the stored metadata value in bytes.
    pub size: usize,
    /// Whether `snapshot:<id>` exists (a seed incremental has only its link).
    pub has_metadata: bool,
    /// Why the metadata could not be read, when it could not.
    pub problem: Option<String>,
}

/// A snapshot's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotContent {
    /// Its metadata.
    pub info: SnapshotInfo,
    /// Keys and values it stores.
    pub data: View,
    /// Keys deleted since its base.
    pub deleted: Vec<Vec<u8>>,
}

/// Why a chain cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// A link names a snapshot that does not exist.
    Missing {
        /// The snapshot whose link is broken.
        from: String,
        /// The missing id.
        id: String,
    },
    /// The links loop back to this id.
    Cycle(String),
    /// A link or metadata value cannot be read.
    Unreadable {
        /// The snapshot concerned.
        id: String,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainProblem::Missing { from, id } => {
                write!(f, "snapshot {from} has base {id}, which does not exist")
            }
            ChainProblem::Cycle(id) => write!(f, "the chain loops back to snapshot {id}"),
            ChainProblem::Unreadable { id, message } => write!(f, "snapshot {id}: {message}"),
        }
    }
}

/// A chain from a snapshot back to its root, newest first, and what stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The snapshots followed.
    pub links: Vec<SnapshotInfo>,
    /// Why the walk stopped early, if it did.
    pub problem: Option<ChainProblem>,
}

/// One change a restore makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreChange {
    /// The key gets this value (absent or different now).
    Put {
        /// The user key.
        key: Vec<u8>,
        /// The value to store.
        value: Vec<u8>,
        /// Whether the key exists now.
        existed: bool,
    },
    /// The key is in the range but not in the view.
    Delete {
        /// The user key.
        key: Vec<u8>,
    },
}

/// The difference between two views.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewDiff {
    /// Keys only in the second view.
    pub added: Vec<Vec<u8>>,
    /// Keys in both with different values.
    pub changed: Vec<Vec<u8>>,
    /// Keys only in the first view.
    pub removed: Vec<Vec<u8>>,
}

impl ViewDiff {
    /// Whether the views are equal.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares two views.
pub fn diff_views(a: &View, b: &View) -> ViewDiff {
    let mut diff = ViewDiff::default();
    for (key, value) in b {
        match a.get(key) {
            None => diff.added.push(key.clone()),
            Some(old) if old != value => diff.changed.push(key.clone()),
            Some(_) => {}
        }
    }
    diff.removed = a.keys().filter(|k| !b.contains_key(*k)).cloned().collect();
    diff
}

/// The user key of a snapshot's metadata.
pub fn snapshot_key(id: &str) -> Vec<u8> {
    format!("snapshot:{id}").into_bytes()
}

/// The user key of a snapshot's base link.
pub fn base_key(id: &str) -> Vec<u8> {
    format!("snapshot:{id}:base").into_bytes()
}

/// Checks an id given by the user: non-empty, printable, no `:`.
pub fn check_id(id: &str) -> Result<()> {
    if id.is_empty() || id.contains(':') || id.chars().any(char::is_control) {
        return Err(StoreError::bad_input(format!(
            "snapshot id {id:?} must be non-empty, without ':' or control characters"
        )));
    }
    Ok(())
}

/// A new id: creation time in milliseconds (13 digits, so ids sort by
/// time) and random hex.
pub fn generate_id(now_ms: i64) -> String {
    let mut bytes = [0u8; 4];
    let random = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .map(|_| u32::from_le_bytes(bytes))
        .unwrap_or_else(|_| std::process::id() ^ (now_ms as u32));
    format!("snap-{now_ms:013}-{random:08x}")
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn unreadable(id: &str, message: impl Into<String>) -> StoreError {
    StoreError::bad_input(format!("snapshot {id}: {}", message.into()))
}

/// Key or value bytes, borrowed from a view or owned from a scan.
type Bytes<'k> = std::borrow::Cow<'k, [u8]>;

/// Writes a snapshot value as the entries come: the seed's fields (`id`,
/// `timestamp`, `data` with values embedded exactly as stored) and
/// storectl's. Entries must come in key order; nothing but the value being
/// written (and the rare entries `data` cannot hold) is kept.
struct SnapshotEncoder<'k> {
    text: String,
    /// Entries `data` cannot hold (key not UTF-8, value not one-line JSON).
    extra: Vec<(Bytes<'k>, Bytes<'k>)>,
    entries: usize,
}

impl<'k> SnapshotEncoder<'k> {
    fn new(id: &str, timestamp: i64) -> Self {
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
    fn entry(&mut self, key: Bytes<'k>, value: Bytes<'k>) {
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
    fn finish(mut self, range: &CaptureRange, base: Option<&str>, deleted: &[Vec<u8>]) -> String {
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
fn encode_snapshot(
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

/// Parses a stored snapshot value (storectl's or the seed's).
fn decode_snapshot(id: &str, base: Option<String>, bytes: &[u8]) -> Result<SnapshotContent> {
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable(id, "metadata is not UTF-8"))?;
    let fields: BTreeMap<String, Raw<'_>> = rawjson::object(text)
        .map_err(|e| unreadable(id, format!("metadata is not a JSON object: {e}")))?;
    let parse = |name: &str| -> Option<Value> {
        fields
            .get(name)
            .and_then(|r| serde_json::from_str(r.get()).ok())
    };
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
fn decode_info(id: &str, base: Option<String>, bytes: &[u8]) -> Result<SnapshotInfo> {
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable(id, "metadata is not UTF-8"))?;
    let fields: BTreeMap<String, Raw<'_>> = rawjson::object(text)
        .map_err(|e| unreadable(id, format!("metadata is not a JSON object: {e}")))?;
    let parse = |name: &str| -> Option<Value> {
        fields
            .get(name)
            .and_then(|r| serde_json::from_str(r.get()).ok())
    };
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

/// The view an incremental snapshot is taken against.
enum BaseView {
    /// None: the snapshot captures the whole range.
    None,
    /// The stored values of the base's chain, newest first, to stream.
    Stored(Vec<Vec<u8>>),
    /// The view, decoded.
    Decoded(View),
}

/// Snapshots over a [`StorageService`].
pub struct SnapshotManager<'a> {
    storage: &'a mut StorageService,
}

impl<'a> SnapshotManager<'a> {
    /// Snapshots in `storage`'s namespace.
    pub fn new(storage: &'a mut StorageService) -> Self {
        SnapshotManager { storage }
    }

    /// The base id from `snapshot:<id>:base`, if any.
    fn base_link(&mut self, id: &str) -> Result<Option<String>> {
        match self.storage.get(&base_key(id))? {
            None => Ok(None),
            Some(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::String(base)) => Ok(Some(base)),
                Ok(Value::Null) => Ok(None),
                _ => Err(unreadable(
                    id,
                    format!(
                        "base link holds {}, not a snapshot id string",
                        escape_bytes(&bytes)
                    ),
                )),
            },
        }
    }

    /// A snapshot's contents; `None` when neither its metadata nor its
    /// link exists.
    pub fn load(&mut self, id: &str) -> Result<Option<SnapshotContent>> {
        let base = self.base_link(id)?;
        match self.storage.get(&snapshot_key(id))? {
            Some(bytes) => decode_snapshot(id, base, &bytes).map(Some),
            None if base.is_some() => Ok(Some(SnapshotContent {
                info: SnapshotInfo {
                    problem: None,
                    id: id.to_string(),
                    timestamp: None,
                    range: None,
                    base,
                    entries: 0,
                    deletions: 0,
                    size: 0,
                    has_metadata: false,
                },
                data: View::new(),
                deleted: Vec::new(),
            })),
            None => Ok(None),
        }
    }

    /// A snapshot's metadata, checked but without its entries (see
    /// [`decode_info`]); `None` when it does not exist.
    pub fn load_info(&mut self, id: &str) -> Result<Option<SnapshotInfo>> {
        let base = self.base_link(id)?;
        match self.storage.get(&snapshot_key(id))? {
            Some(bytes) => decode_info(id, base, &bytes).map(Some),
            None if base.is_some() => Ok(Some(SnapshotInfo {
                problem: None,
                id: id.to_string(),
                timestamp: None,
                range: None,
                base,
                entries: 0,
                deletions: 0,
                size: 0,
                has_metadata: false,
            })),
            None => Ok(None),
        }
    }

    /// Every snapshot in the namespace, by id.
    pub fn list(&mut self) -> Result<Vec<SnapshotInfo>> {
        let mut ids = BTreeSet::new();
        // Keys only: the values are not copied.
        self.storage
            .visit(&ScanRange::prefix("snapshot:"), |key, _| {
                let rest = String::from_utf8_lossy(&key["snapshot:".len()..]).into_owned();
                ids.insert(rest.strip_suffix(":base").unwrap_or(&rest).to_string());
                Ok(true)
            })?;
        let mut infos = Vec::with_capacity(ids.len());
        for id in ids {
            match self.load_info(&id) {
                Ok(Some(info)) => infos.push(info),
                Ok(None) => {}
                Err(e) => infos.push(SnapshotInfo {
                    problem: Some(e.to_string()),
                    id,
                    timestamp: None,
                    range: None,
                    base: None,
                    entries: 0,
                    deletions: 0,
                    size: 0,
                    has_metadata: true,
                }),
            }
        }
        Ok(infos)
    }

    /// Follows the links from `id` to the root; never loops.
    pub fn chain(&mut self, id: &str) -> Result<Chain> {
        let mut links = Vec::new();
        let mut seen = BTreeSet::new();
        let mut current = id.to_string();
        let mut from: Option<String> = None;
        loop {
            if !seen.insert(current.clone()) {
                return Ok(Chain {
                    links,
                    problem: Some(ChainProblem::Cycle(current)),
                });
            }
            let info = match self.load_info(&current) {
                Ok(Some(info)) => info,
                Ok(None) => {
                    if from.is_none() {
                        return Err(StoreError::NotFound {
                            what: format!("snapshot {current}"),
                        });
                    }
                    let problem = ChainProblem::Missing {
                        from: from.unwrap_or_default(),
                        id: current,
                    };
                    return Ok(Chain {
                        links,
                        problem: Some(problem),
                    });
                }
                Err(e) => {
                    let problem = ChainProblem::Unreadable {
                        id: current,
                        message: e.to_string(),
                    };
                    return Ok(Chain {
                        links,
                        problem: Some(problem),
                    });
                }
            };
            let next = info.base.clone();
            links.push(info);
            match next {
                Some(base) => {
                    from = Some(current);
                    current = base;
                }
                None => {
                    return Ok(Chain {
                        links,
                        problem: None,
                    })
                }
            }
        }
    }

    /// Checks every link of the chain from `id` (present, readable,
    /// written by storectl, same range) without decoding their entries;
    /// returns the chain and its range.
    pub fn check_chain(&mut self, id: &str) -> Result<(Chain, CaptureRange)> {
        let chain = self.chain(id)?;
        if let Some(problem) = chain.problem {
            return Err(StoreError::bad_input(format!(
                "cannot restore {id}: {problem}"
            )));
        }
        let mut range: Option<CaptureRange> = None;
        for link in &chain.links {
            let Some(link_range) = &link.range else {
                return Err(StoreError::bad_input(format!(
                    "cannot restore {id}: snapshot {} was not written by storectl (no captured range{}), so its contents cannot be restored exactly",
                    link.id,
                    if link.has_metadata { "" } else { ", no metadata" }
                )));
            };
            match &range {
                Some(r) if r != link_range => {
                    return Err(StoreError::bad_input(format!(
                    "cannot restore {id}: snapshot {} captured {link_range}, but {} captured {r}",
                    link.id, id
                )))
                }
                _ => range = Some(link_range.clone()),
            }
        }
        let range = range.expect("a chain has at least one link");
        Ok((chain, range))
    }

    /// The view a chain ends in, and its range: every link is checked
    /// (present, readable, written by storectl, same range) first.
    pub fn materialise(&mut self, id: &str) -> Result<(CaptureRange, View)> {
        let (chain, range) = self.check_chain(id)?;
        let mut view = View::new();
        for link in chain.links.iter().rev() {
            let content = self
                .load(&link.id)?
                .ok_or_else(|| unreadable(&link.id, "vanished while reading the chain"))?;
            for key in content.deleted {
                view.remove(&key);
            }
            view.extend(content.data);
        }
        Ok((range, view))
    }

    /// The current keys of a range, read from one consistent LevelDB snapshot.
    fn capture(&mut self, range: &CaptureRange, mut progress: impl FnMut()) -> Result<View> {
        let mut view = View::new();
        for item in range.scan(self.storage)? {
            let (key, value) = item?;
            if range.contains(&key) {
                view.insert(key, value);
                progress();
            }
        }
        Ok(view)
    }

    /// Captures `range` (or, with a base, the changes since the base's view)
    /// and stores it as a new snapshot in one atomic write.
    pub fn create(
        &mut self,
        range: Option<CaptureRange>,
        base: Option<&str>,
        id: Option<&str>,
        mut progress: impl FnMut(),
    ) -> Result<SnapshotInfo> {
        // A base's view is streamed from its links' stored values when it
        // can be; otherwise (and to word a broken chain) materialised.
        let (range, base_view) = match base {
            Some(base) => {
                let (base_range, view) = match super::snapshot_view::chain_values(self.storage, base)? {
                    Some((range, values)) => (range, BaseView::Stored(values)),
                    None => {
                        let (range, view) = self.materialise(base)?;
                        (range, BaseView::Decoded(view))
                    }
                };
                if let Some(r) = range.as_ref().filter(|r| **r != base_range) {
                    return Err(StoreError::bad_input(format!(
                        "the base {base} captured {base_range}, not {r}; an incremental snapshot must capture the same range"
                    )));
                }
                (base_range, view)
            }
            None => (
                range.ok_or_else(|| {
                    StoreError::bad_input("say what to capture: --machine, --key-prefix or --all")
                })?,
                BaseView::None,
            ),
        };
        let timestamp = now_ms();
        let id = match id {
            Some(id) => {
                check_id(id)?;
                id.to_string()
            }
            None => generate_id(timestamp),
        };
        if self.storage.get(&snapshot_key(&id))?.is_some()
            || self.storage.get(&base_key(&id))?.is_some()
        {
            return Err(StoreError::bad_input(format!(
                "snapshot {id} already exists"
            )));
        }
        let streamed = match &base_view {
            BaseView::Stored(values) => {
                self.encode_changes(&id, timestamp, &range, base, values, &mut progress)?
            }
            _ => None,
        };
        let (text, entries, deletions) = match (streamed, base_view) {
            (Some(done), _) => done,
            // The whole range: encoded straight from the scan, no copy of it.
            (None, BaseView::None) => {
                let mut encoder = SnapshotEncoder::new(&id, timestamp);
                for item in range.scan(self.storage)? {
                    let (key, value) = item?;
                    if range.contains(&key) {
                        encoder.entry(key.into(), value.into());
                        progress();
                    }
                }
                let entries = encoder.entries;
                (encoder.finish(&range, None, &[]), entries, 0)
            }
            (None, base_view) => {
                let view = match base_view {
                    BaseView::Decoded(view) => view,
                    // Its values could not be streamed after all.
                    _ => self.materialise(base.expect("a base"))?.1,
                };
                let current = self.capture(&range, progress)?;
                let diff = diff_views(&view, &current);
                let mut data = View::new();
                let mut current = current;
                for key in diff.added.iter().chain(&diff.changed) {
                    if let Some(value) = current.remove(key) {
                        data.insert(key.clone(), value);
                    }
                }
                let text = encode_snapshot(&id, timestamp, &range, base, &data, &diff.removed);
                (text, data.len(), diff.removed.len())
            }
        };
        let size = text.len();
        let mut ops = vec![BatchOperation::Put {
            key: snapshot_key(&id),
            value: text.into_bytes(),
        }];
        if let Some(base) = base {
            ops.push(BatchOperation::Put {
                key: base_key(&id),
                value: Value::String(base.to_string()).to_string().into_bytes(),
            });
        }
        // Each value is freed once the write batch holds its copy.
        self.storage.batch_owned(ops)?;
        Ok(SnapshotInfo {
            problem: None,
            id,
            timestamp: Some(timestamp),
            range: Some(range),
            base: base.map(str::to_string),
            entries,
            deletions,
            size,
            has_metadata: true,
        })
    }

    /// An incremental snapshot's value, encoded as the store is scanned:
    /// the range's entries that are new or changed against the base's view
    /// (streamed from `values`, its chain's stored values), and the view's
    /// keys the store no longer holds. `None` when the view cannot be
    /// streamed. Returns the value, its entries and deletions.
    fn encode_changes(
        &mut self,
        id: &str,
        timestamp: i64,
        range: &CaptureRange,
        base: Option<&str>,
        values: &[Vec<u8>],
        progress: &mut impl FnMut(),
    ) -> Result<Option<(String, usize, usize)>> {
        use super::snapshot_view::{ChainView, Step};
        let Some(mut view) = ChainView::new(values) else {
            return Ok(None);
        };
        let mut step = || match view.step() {
            Step::Entry(k, v) => Some(Some((k, v))),
            Step::End => Some(None),
            Step::Fallback => None,
        };
        let mut current = range
            .scan(self.storage)?
            .filter(|item| item.as_ref().map_or(true, |(k, _)| range.contains(k)));
        let mut encoder = SnapshotEncoder::new(id, timestamp);
        let mut deleted = Vec::new();
        let Some(mut was) = step() else {
            return Ok(None);
        };
        let mut now = current.next().transpose()?;
        loop {
            let order = match (&was, &now) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((w, _)), Some((n, _))) => w.cmp(n),
            };
            if order.is_le() {
                let (key, value) = was.take().expect("compared");
                match order {
                    std::cmp::Ordering::Less => deleted.push(key),
                    _ => {
                        let (_, current_value) = now.take().expect("compared");
                        progress();
                        if current_value != value {
                            encoder.entry(key.into(), current_value.into());
                        }
                        now = current.next().transpose()?;
                    }
                }
                let Some(next) = step() else {
                    return Ok(None);
                };
                was = next;
            } else {
                let (key, value) = now.take().expect("compared");
                progress();
                encoder.entry(key.into(), value.into());
                now = current.next().transpose()?;
            }
        }
        let entries = encoder.entries;
        let deletions = deleted.len();
        Ok(Some((encoder.finish(range, base, &deleted), entries, deletions)))
    }

    /// The changes that make the snapshot's range equal to its chain's view.
    pub fn restore_plan(&mut self, id: &str) -> Result<Vec<RestoreChange>> {
        // A snapshot without a base: one merge, nothing decoded into a map.
        if let Some(changes) = super::snapshot_restore::streamed_plan(self.storage, id)? {
            return Ok(changes);
        }
        self.materialised_plan(id)
    }

    /// [`Self::restore_plan`] from the chain's view in memory (any chain).
    pub(super) fn materialised_plan(&mut self, id: &str) -> Result<Vec<RestoreChange>> {
        let (range, mut view) = self.materialise(id)?;
        let mut changes = Vec::new();
        for item in range.scan(self.storage)? {
            let (key, value) = item?;
            if !range.contains(&key) {
                continue;
            }
            match view.remove(&key) {
                None => changes.push(RestoreChange::Delete { key }),
                Some(wanted) if wanted != value => changes.push(RestoreChange::Put {
                    key,
                    value: wanted,
                    existed: true,
                }),
                Some(_) => {}
            }
        }
        // Snapshots taken before metadata was excluded may hold some.
        view.retain(|key, _| range.contains(key));
        for (key, value) in view {
            changes.push(RestoreChange::Put {
                key,
                value,
                existed: false,
            });
        }
        changes.sort_by(|a, b| change_key(a).cmp(change_key(b)));
        Ok(changes)
    }

    /// Applies a restore plan as one atomic write.
    pub fn apply(&mut self, changes: Vec<RestoreChange>) -> Result<()> {
        let ops: Vec<BatchOperation> = changes
            .into_iter()
            .map(|c| match c {
                RestoreChange::Put { key, value, .. } => BatchOperation::Put { key, value },
                RestoreChange::Delete { key } => BatchOperation::Delete { key },
            })
            .collect();
        // Each value is freed once the write batch holds its copy.
        self.storage.batch_owned(ops)
    }

    /// The snapshots whose base is `id`.
    pub fn dependents(&mut self, id: &str) -> Result<Vec<String>> {
        let mut dependents = Vec::new();
        for item in self.storage.scan(&ScanRange::prefix("snapshot:"))? {
            let (key, value) = item?;
            let Some(child) = key
                .strip_prefix(b"snapshot:")
                .and_then(|k| k.strip_suffix(b":base"))
            else {
                continue;
            };
            if serde_json::from_slice::<Value>(&value)
                .ok()
                .as_ref()
                .and_then(Value::as_str)
                == Some(id)
            {
                dependents.push(String::from_utf8_lossy(child).into_owned());
            }
        }
        Ok(dependents)
    }

    /// Fails unless `id` exists and, without `force`, no other snapshot
    /// uses it as its base.
    pub fn check_delete(&mut self, id: &str, force: bool) -> Result<()> {
        if self.load_info(id)?.is_none() {
            return Err(StoreError::NotFound {
                what: format!("snapshot {id}"),
            });
        }
        let dependents = self.dependents(id)?;
        if !dependents.is_empty() && !force {
            return Err(StoreError::bad_input(format!(
                "snapshot {id} is the base of {} (use --force to delete it anyway, breaking their chains)",
                dependents.join(", ")
            )));
        }
        Ok(())
    }

    /// Removes a snapshot's metadata and link in one atomic write; refuses
    /// while other snapshots use it as their base, unless `force`.
    pub fn delete(&mut self, id: &str, force: bool) -> Result<()> {
        self.check_delete(id, force)?;
        self.storage.batch(&[
            BatchOperation::Delete {
                key: snapshot_key(id),
            },
            BatchOperation::Delete { key: base_key(id) },
        ])
    }
}

fn change_key(change: &RestoreChange) -> &[u8] {
    match change {
        RestoreChange::Put { key, .. } | RestoreChange::Delete { key } => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_range_takes_the_state_key_and_its_sub_keys_only() {
        let r = CaptureRange::Machine("m1".into());
        assert!(r.contains(b"state:m1"));
        assert!(r.contains(b"state:m1:a"));
        assert!(!r.contains(b"state:m10"));
        assert!(!r.contains(b"state:m1x:a"));
        assert!(!r.contains(b"root:m1"));
        assert!(CaptureRange::All.contains(b"block:1"));
        assert!(!CaptureRange::All.contains(b"snapshot:x"));
    }

    #[test]
    fn encoding_round_trips_and_keeps_values_exact() {
        let mut data = View::new();
        data.insert(b"state:m".to_vec(), br#"{"a":1.50}"#.to_vec());
        data.insert(b"bin\xff".to_vec(), b"\x00\x01".to_vec());
        data.insert(b"text".to_vec(), b"not json".to_vec());
        let deleted = vec![b"gone".to_vec(), vec![0xff]];
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
        let mut data = View::new();
        data.insert(b"state:m".to_vec(), br#"{"a":1.50}"#.to_vec());
        data.insert(b"bin\xff".to_vec(), b"\x00\x01".to_vec());
        data.insert(b"text".to_vec(), b"not json".to_vec());
        let deleted = vec![b"gone".to_vec(), vec![0xff]];
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
                _ => panic!("{full:?} but {light:?} for {}", String::from_utf8_lossy(value)),
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

    #[test]
    fn ids() {
        let id = generate_id(1_700_000_000_000);
        assert!(id.starts_with("snap-1700000000000-"));
        assert!(check_id(&id).is_ok());
        assert!(check_id("a:b").is_err());
        assert!(check_id("").is_err());
        assert!(generate_id(1) < generate_id(2));
    }

    #[test]
    fn diffs() {
        let a: View = [
            (b"k1".to_vec(), b"1".to_vec()),
            (b"k2".to_vec(), b"2".to_vec()),
        ]
        .into();
        let b: View = [
            (b"k2".to_vec(), b"3".to_vec()),
            (b"k3".to_vec(), b"3".to_vec()),
        ]
        .into();
        let d = diff_views(&a, &b);
        assert_eq!(d.added, vec![b"k3".to_vec()]);
        assert_eq!(d.changed, vec![b"k2".to_vec()]);
        assert_eq!(d.removed, vec![b"k1".to_vec()]);
        assert!(diff_views(&a, &a).is_empty());
    }
}
