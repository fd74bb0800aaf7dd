//! Differences between two stores' key ranges: a streaming merge of their
//! sorted scans, in bounded memory.

use super::scan::ScanRange;
use super::service::StorageService;
use crate::Result;

/// How a key differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// Only the first store has the key.
    OnlyA,
    /// Only the second store has the key.
    OnlyB,
    /// Both have it with different values.
    Differ,
    /// Both have it with values that differ in bytes but are equal as JSON
    /// (member order, spacing).
    SameJson,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The user key.
    pub key: Vec<u8>,
    /// How it differs.
    pub kind: DiffKind,
    /// The first store's value, when it has the key.
    pub a: Option<Vec<u8>>,
    /// The second store's value, when it has the key.
    pub b: Option<Vec<u8>>,
}

/// Counts of each kind of difference, and keys compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffCounts {
    /// Keys only in the first store.
    pub only_a: u64,
    /// Keys only in the second store.
    pub only_b: u64,
    /// Keys whose values differ.
    pub differ: u64,
    /// Keys whose values are equal as JSON only.
    pub same_json: u64,
    /// Keys present in both with identical bytes.
    pub equal: u64,
}

impl DiffCounts {
    /// Whether the ranges hold the same keys and values (JSON-equal values
    /// count as equal when `json_equal`).
    pub fn identical(&self, json_equal: bool) -> bool {
        self.only_a == 0
            && self.only_b == 0
            && self.differ == 0
            && (json_equal || self.same_json == 0)
    }
}

/// Whether two values are equal as JSON: the same members and elements with
/// equal values, whatever the member order and spacing.
pub fn json_equal(a: &[u8], b: &[u8]) -> bool {
    match (
        serde_json::from_slice::<serde_json::Value>(a),
        serde_json::from_slice::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Streams the differences of `range` between `a` and `b` to `on_diff`;
/// JSON-equal values are reported (as [`DiffKind::SameJson`]) unless
/// `json_equal`, then they count as equal.
pub fn diff(
    a: &mut StorageService,
    b: &mut StorageService,
    range: &ScanRange,
    treat_json_equal: bool,
    mut on_diff: impl FnMut(Difference) -> Result<()>,
) -> Result<DiffCounts> {
    let mut counts = DiffCounts::default();
    let mut left = a.scan(range)?;
    let mut right = b.scan(range)?;
    let mut x = left.next().transpose()?;
    let mut y = right.next().transpose()?;
    loop {
        let order = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((ka, _)), Some((kb, _))) => ka.cmp(kb),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (key, value) = x.take().expect("present");
                counts.only_a += 1;
                on_diff(Difference {
                    key,
                    kind: DiffKind::OnlyA,
                    a: Some(value),
                    b: None,
                })?;
                x = left.next().transpose()?;
            }
            std::cmp::Ordering::Greater => {
                let (key, value) = y.take().expect("present");
                counts.only_b += 1;
                on_diff(Difference {
                    key,
                    kind: DiffKind::OnlyB,
                    a: None,
                    b: Some(value),
                })?;
                y = right.next().transpose()?;
            }
            std::cmp::Ordering::Equal => {
                let (key, va) = x.take().expect("present");
                let (_, vb) = y.take().expect("present");
                if va == vb {
                    counts.equal += 1;
                } else if json_equal(&va, &vb) {
                    counts.same_json += 1;
                    if treat_json_equal {
                        counts.equal += 1;
                    } else {
                        on_diff(Difference {
                            key,
                            kind: DiffKind::SameJson,
                            a: Some(va),
                            b: Some(vb),
                        })?;
                    }
                } else {
                    counts.differ += 1;
                    on_diff(Difference {
                        key,
                        kind: DiffKind::Differ,
                        a: Some(va),
                        b: Some(vb),
                    })?;
                }
                x = left.next().transpose()?;
                y = right.next().transpose()?;
            }
        }
    }
    Ok(counts)
}
