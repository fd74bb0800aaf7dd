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

use super::snapshot_codec::{decode_info, decode_snapshot, unreadable};
use crate::store::codec::escape_bytes;
use crate::store::{BatchOperation, ScanRange, StorageService};
use crate::{Result, StoreError};
use serde_json::{json, Value};
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

/// The problem of a `snapshot:` key whose id is not UTF-8.
pub const ID_NOT_TEXT: &str =
    "the snapshot id is not UTF-8 text: no snapshot the seed writes has this key";

impl SnapshotInfo {
    /// A snapshot whose metadata could not be read: its id, no fields
    /// (the caller says why in `problem`).
    fn unreadable(id: String) -> SnapshotInfo {
        SnapshotInfo {
            id,
            timestamp: None,
            range: None,
            base: None,
            entries: 0,
            deletions: 0,
            size: 0,
            has_metadata: true,
            problem: None,
        }
    }
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

/// A snapshot that has a `:base` link but no metadata (the seed's
/// incremental snapshots write only the link).
fn link_only(id: &str, base: Option<String>) -> SnapshotInfo {
    SnapshotInfo {
        problem: None,
        id: id.to_string(),
        timestamp: None,
        range: None,
        base,
        entries: 0,
        deletions: 0,
        size: 0,
        has_metadata: false,
    }
}

/// Snapshots over a [`StorageService`].
pub struct SnapshotManager<'a> {
    pub(super) storage: &'a mut StorageService,
}

impl<'a> SnapshotManager<'a> {
    /// Snapshots in `storage`'s namespace.
    pub fn new(storage: &'a mut StorageService) -> Self {
        SnapshotManager { storage }
    }

    /// The base id from `snapshot:<id>:base`, if any.
    pub(super) fn base_link(&mut self, id: &str) -> Result<Option<String>> {
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
                info: link_only(id, base),
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
            None if base.is_some() => Ok(Some(link_only(id, base))),
            None => Ok(None),
        }
    }

    /// Every snapshot in the namespace, by id.
    pub fn list(&mut self) -> Result<Vec<SnapshotInfo>> {
        let (mut ids, mut not_text) = (BTreeSet::new(), BTreeSet::new());
        // Keys only: the values are not copied.
        self.storage
            .visit(&ScanRange::prefix("snapshot:"), |key, _| {
                let rest = &key["snapshot:".len()..];
                let id = rest.strip_suffix(b":base").unwrap_or(rest);
                // The seed's keys are the UTF-8 of its ids: read as lossy
                // text, such an id would name (and hide behind) another key.
                match std::str::from_utf8(id) {
                    Ok(id) => ids.insert(id.to_string()),
                    Err(_) => not_text.insert(escape_bytes(id)),
                };
                Ok(true)
            })?;
        let mut infos = Vec::with_capacity(ids.len() + not_text.len());
        for id in not_text {
            infos.push(SnapshotInfo {
                problem: Some(ID_NOT_TEXT.into()),
                ..SnapshotInfo::unreadable(id)
            });
        }
        for id in ids {
            match self.load_info(&id) {
                Ok(Some(info)) => infos.push(info),
                Ok(None) => {}
                Err(e) => infos.push(SnapshotInfo {
                    problem: Some(e.to_string()),
                    ..SnapshotInfo::unreadable(id)
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
