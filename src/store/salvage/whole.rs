//! Which tables salvage copies whole: those whose key range nothing else
//! touches.

use super::plan::Suspects;
use super::DamagedRange;
use crate::store::bulk::WholeTable;

/// The keys a source holds, and whether it may be copied whole.
pub(super) struct Extent<I> {
    /// Its least and greatest user keys (`None`: it holds none).
    pub(super) range: Option<KeyRange>,
    /// Whether `range` is known (else the source may hold any key).
    pub(super) known: bool,
    pub(super) whole: Option<WholeTable>,
    /// What the inspector saw of it (with `whole`).
    pub(super) inspected: Option<I>,
}

pub(super) use crate::store::overlap::{alone, KeyRange};

/// An inspector of a table copied whole, with the table's least key.
pub(super) type Inspected<I> = (Vec<u8>, I);

/// For each source, the table it is when it may be copied whole into the
/// new store: an undamaged table whose key range no other source's range,
/// no damaged range and no suspect key touches — every version in it is
/// then the newest of its key, and the merge's output over its range is
/// exactly what reading the table gives. Also the inspectors of those
/// tables, by least key.
pub(super) fn whole_tables<I>(
    extents: Vec<Extent<I>>,
    damaged: &[DamagedRange],
    suspects: &Suspects,
) -> (Vec<Option<WholeTable>>, Vec<Inspected<I>>) {
    let mut whole: Vec<Option<WholeTable>> = Vec::with_capacity(extents.len());
    let mut inspected = Vec::new();
    if extents.iter().any(|e| !e.known) {
        // A source that may hold any key overlaps every other.
        return (extents.iter().map(|_| None).collect(), inspected);
    }
    let range = |i: usize| extents[i].range.as_ref().expect("a whole table has keys");
    let alone = alone(&extents.iter().map(|e| e.range.as_ref()).collect::<Vec<_>>());
    let copyable: Vec<bool> = (0..extents.len())
        .map(|i| {
            alone[i] && extents[i].whole.is_some() && {
                let (lo, hi) = range(i);
                let untouched = !damaged.iter().any(|d| {
                    d.lo.as_deref().is_none_or(|l| hi.as_slice() > l)
                        && d.hi.as_deref().is_none_or(|h| lo.as_slice() <= h)
                });
                untouched && suspects.range(lo.clone()..=hi.clone()).next().is_none()
            }
        })
        .collect();
    for (extent, copy) in extents.into_iter().zip(copyable) {
        match (copy, extent.whole, extent.inspected) {
            (true, Some(table), Some(inspector)) => {
                inspected.push((table.smallest.clone(), inspector));
                whole.push(Some(table));
            }
            _ => whole.push(None),
        }
    }
    (whole, inspected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn table(name: &str, lo: &str, hi: &str) -> WholeTable {
        let ikey = |k: &str| {
            let mut out = Vec::new();
            crate::store::ldb::format::append_internal_key(&mut out, k.as_bytes(), 1, 1);
            out
        };
        WholeTable {
            path: PathBuf::from(name),
            size: 1,
            identity: (0, 0, 0, 0),
            smallest: ikey(lo),
            largest: ikey(hi),
            max_sequence: 1,
            entries: 1,
            keys: 1,
        }
    }

    fn extent(name: &str, lo: &str, hi: &str, whole: bool) -> Extent<String> {
        Extent {
            range: Some((lo.as_bytes().to_vec(), hi.as_bytes().to_vec())),
            known: true,
            whole: whole.then(|| table(name, lo, hi)),
            inspected: whole.then(|| name.to_string()),
        }
    }

    #[test]
    fn only_tables_nothing_else_touches_are_copied_whole() {
        let extents = || {
            vec![
                extent("a", "a", "c", true),
                extent("b", "d", "f", true),
                extent("c", "e", "g", false), // overlaps b
                extent("d", "h", "i", true),  // a damaged range reaches in
                extent("e", "j", "k", true),  // holds a suspect key
                extent("f", "l", "m", true),
                extent("g", "m", "m", false), // shares f's last key
                extent("h", "n", "o", true),
                Extent {
                    range: None, // an empty log
                    known: true,
                    whole: None,
                    inspected: None,
                },
                extent("i", "p", "z", true),
                extent("j", "q", "r", false), // inside i
            ]
        };
        let damaged = vec![DamagedRange {
            lo: Some(b"g".to_vec()),
            hi: Some(b"h".to_vec()),
            age: (1, 0),
            reason: String::new(),
        }];
        let mut suspects = Suspects::new();
        suspects.insert(b"jj".to_vec(), (9, String::new()));
        let (whole, inspected) = whole_tables(extents(), &damaged, &suspects);
        let copied: Vec<String> = whole
            .iter()
            .flatten()
            .map(|t| t.path.display().to_string())
            .collect();
        assert_eq!(copied, ["a", "h"]);
        assert_eq!(
            inspected.into_iter().map(|(_, i)| i).collect::<Vec<_>>(),
            ["a", "h"]
        );
        // A source whose keys are not known could hold any key.
        let mut unknown = extents();
        unknown.push(Extent {
            range: None,
            known: false,
            whole: None,
            inspected: None,
        });
        let (whole, inspected) = whole_tables(unknown, &[], &Suspects::new());
        assert!(whole.iter().all(Option::is_none) && inspected.is_empty());
    }
}
