//! A real LRU cache and the seed's `CachedStorageService`, fixed: eviction
//! drops the least recently *used* entry (the seed's drops the oldest
//! inserted), and every write through the service updates the cache.

use super::batch::BatchOperation;
use super::service::StorageService;
use crate::error::Result;
use std::collections::{BTreeMap, HashMap};

/// A least-recently-used map with a fixed capacity.
#[derive(Debug)]
pub struct LruCache<V> {
    capacity: usize,
    tick: u64,
    entries: HashMap<Vec<u8>, (V, u64)>,
    by_use: BTreeMap<u64, Vec<u8>>,
}

impl<V: Clone> LruCache<V> {
    /// A cache holding at most `capacity` entries (0 disables caching).
    pub fn new(capacity: usize) -> Self {
        LruCache {
            capacity,
            tick: 0,
            entries: HashMap::new(),
            by_use: BTreeMap::new(),
        }
    }

    /// Number of cached entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn touch(&mut self, key: &[u8]) {
        self.tick += 1;
        if let Some((_, used)) = self.entries.get_mut(key) {
            self.by_use.remove(used);
            *used = self.tick;
            self.by_use.insert(self.tick, key.to_vec());
        }
    }

    /// The cached value, marking it most recently used.
    pub fn get(&mut self, key: &[u8]) -> Option<V> {
        if !self.entries.contains_key(key) {
            return None;
        }
        self.touch(key);
        self.entries.get(key).map(|(v, _)| v.clone())
    }

    /// Caches a value, evicting the least recently used entry when full.
    pub fn insert(&mut self, key: &[u8], value: V) {
        if self.capacity == 0 {
            return;
        }
        if let Some((old, _)) = self.entries.get_mut(key) {
            *old = value;
            self.touch(key);
            return;
        }
        if self.entries.len() >= self.capacity {
            if let Some((_, oldest)) = self.by_use.pop_first() {
                self.entries.remove(&oldest);
            }
        }
        self.tick += 1;
        self.entries.insert(key.to_vec(), (value, self.tick));
        self.by_use.insert(self.tick, key.to_vec());
    }

    /// Forgets a key.
    pub fn remove(&mut self, key: &[u8]) {
        if let Some((_, used)) = self.entries.remove(key) {
            self.by_use.remove(&used);
        }
    }
}

/// A [`StorageService`] with an LRU cache in front of point reads.
pub struct CachedStorageService {
    inner: StorageService,
    cache: LruCache<Option<Vec<u8>>>,
}

impl CachedStorageService {
    /// Caches up to `capacity` keys (the seed's default is 1000).
    pub fn new(inner: StorageService, capacity: usize) -> Self {
        CachedStorageService {
            inner,
            cache: LruCache::new(capacity),
        }
    }

    /// The value bytes under a user key, from the cache when present.
    pub fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if let Some(hit) = self.cache.get(key) {
            return Ok(hit);
        }
        let value = self.inner.get(key)?;
        self.cache.insert(key, value.clone());
        Ok(value)
    }

    /// Writes a batch atomically and then brings the cache up to date.
    pub fn batch(&mut self, ops: &[BatchOperation]) -> Result<()> {
        self.inner.batch(ops)?;
        for op in ops {
            match op {
                BatchOperation::Put { key, value } => self.cache.insert(key, Some(value.clone())),
                BatchOperation::Delete { key } => self.cache.insert(key, None),
            }
        }
        Ok(())
    }

    /// Stores value bytes under a user key.
    pub fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.batch(&[BatchOperation::Put {
            key: key.to_vec(),
            value: value.to_vec(),
        }])
    }

    /// Deletes a user key.
    pub fn delete(&mut self, key: &[u8]) -> Result<()> {
        self.batch(&[BatchOperation::Delete { key: key.to_vec() }])
    }

    /// The uncached service underneath.
    pub fn inner_mut(&mut self) -> &mut StorageService {
        &mut self.inner
    }

    /// Unwraps the service.
    pub fn into_inner(self) -> StorageService {
        self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_least_recently_used_not_oldest() {
        let mut lru = LruCache::new(2);
        lru.insert(b"a", 1);
        lru.insert(b"b", 2);
        assert_eq!(lru.get(b"a"), Some(1)); // a is now most recent
        lru.insert(b"c", 3); // evicts b, not a
        assert_eq!(lru.get(b"b"), None);
        assert_eq!(lru.get(b"a"), Some(1));
        assert_eq!(lru.get(b"c"), Some(3));
        assert_eq!(lru.len(), 2);
    }

    #[test]
    fn update_and_remove() {
        let mut lru = LruCache::new(2);
        lru.insert(b"a", 1);
        lru.insert(b"a", 5);
        assert_eq!(lru.len(), 1);
        assert_eq!(lru.get(b"a"), Some(5));
        lru.remove(b"a");
        assert!(lru.is_empty());
        let mut off = LruCache::new(0);
        off.insert(b"a", 1);
        assert_eq!(off.get(b"a"), None);
    }
}
