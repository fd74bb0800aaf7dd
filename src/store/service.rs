//! The seed's `StorageService`: namespaced keys, JSON values, atomic batches
//! and range scans over an open [`Store`].

use super::batch::BatchOperation;
use super::keys::Namespace;
use super::open::Store;
use super::scan::{ScanIter, ScanRange};
use crate::error::{Result, StoreError};
use rusty_leveldb::WriteBatch;

/// Key/value access to one namespace of a store.
pub struct StorageService {
    store: Store,
    namespace: Namespace,
}

impl StorageService {
    /// Serves `namespace` of `store`.
    pub fn new(store: Store, namespace: Namespace) -> Self {
        StorageService { store, namespace }
    }

    /// The namespace keys are resolved in.
    pub fn namespace(&self) -> &Namespace {
        &self.namespace
    }

    /// The underlying store.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The value bytes under a user key.
    pub fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let full = self.namespace.full_key(key);
        self.store.get(&full)
    }

    /// The value under a user key, parsed as JSON (`None` when missing).
    pub fn get_json(&mut self, key: &[u8]) -> Result<Option<serde_json::Value>> {
        match self.get(key)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                StoreError::bad_input(format!(
                    "value of {} is not JSON: {e}",
                    super::codec::escape_bytes(key)
                ))
            }),
        }
    }

    /// Stores value bytes under a user key.
    pub fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.batch(&[BatchOperation::Put {
            key: key.to_vec(),
            value: value.to_vec(),
        }])
    }

    /// Stores a JSON value, serialised as `JSON.stringify` would.
    pub fn put_json(&mut self, key: &[u8], value: &serde_json::Value) -> Result<()> {
        self.put(key, value.to_string().as_bytes())
    }

    /// Deletes user keys in one atomic write; returns how many distinct keys existed.
    pub fn delete(&mut self, keys: &[Vec<u8>]) -> Result<usize> {
        let unique: std::collections::BTreeSet<&Vec<u8>> = keys.iter().collect();
        let mut existed = 0;
        for key in &unique {
            if self.get(key)?.is_some() {
                existed += 1;
            }
        }
        let ops: Vec<BatchOperation> = unique
            .into_iter()
            .map(|key| BatchOperation::Delete { key: key.clone() })
            .collect();
        self.batch(&ops)?;
        Ok(existed)
    }

    /// Applies all operations as one atomic LevelDB write.
    pub fn batch(&mut self, ops: &[BatchOperation]) -> Result<()> {
        if ops.is_empty() {
            return Ok(());
        }
        let mut batch = WriteBatch::default();
        for op in ops {
            let full = self.namespace.full_key(op.key());
            match op {
                BatchOperation::Put { value, .. } => batch.put(&full, value),
                BatchOperation::Delete { .. } => batch.delete(&full),
            }
        }
        self.store.write(batch)
    }

    /// Streams `(user key, value)` pairs of a range from one consistent
    /// snapshot; nothing is collected in memory.
    pub fn scan(
        &mut self,
        range: &ScanRange,
    ) -> Result<impl Iterator<Item = (Vec<u8>, Vec<u8>)> + use<>> {
        let (lower, upper) = range.bounds(&self.namespace);
        let it = self.store.iter()?;
        let namespace = self.namespace.clone();
        Ok(
            ScanIter::new(it, lower, upper, range.reverse, range.limit).map(
                move |(full, value)| {
                    let key = namespace.user_key(&full).unwrap_or(&full).to_vec();
                    (key, value)
                },
            ),
        )
    }

    /// Flushes and releases the store.
    pub fn close(self) -> Result<()> {
        self.store.close()
    }
}
