//! Key ranges of scans, in user-key space.

use super::keys::Namespace;

/// Which user keys a scan visits, in user-key space (before namespacing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanRange {
    /// Only keys starting with these bytes.
    pub key_prefix: Vec<u8>,
    /// Only keys `>= start`.
    pub start: Option<Vec<u8>>,
    /// Only keys `< end`.
    pub end: Option<Vec<u8>>,
    /// At most this many entries.
    pub limit: Option<usize>,
    /// Largest key first.
    pub reverse: bool,
}

impl ScanRange {
    /// Every key starting with `key_prefix`.
    pub fn prefix(key_prefix: impl Into<Vec<u8>>) -> Self {
        ScanRange {
            key_prefix: key_prefix.into(),
            ..ScanRange::default()
        }
    }

    /// The LevelDB key bounds `[lower, upper)` of this range in `ns`.
    pub fn bounds(&self, ns: &Namespace) -> (Vec<u8>, Option<Vec<u8>>) {
        let (mut lower, mut upper) = ns.prefix_range(&self.key_prefix);
        if let Some(start) = &self.start {
            lower = lower.max(ns.full_key(start));
        }
        if let Some(end) = &self.end {
            let end = ns.full_key(end);
            upper = Some(match upper {
                Some(u) => u.min(end),
                None => end,
            });
        }
        (lower, upper)
    }
}
