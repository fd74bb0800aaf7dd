//! Which key ranges no other range overlaps: salvage copies such tables
//! whole, and a backup describes them from their own entries.

/// A file's least and greatest user keys.
pub type KeyRange = (Vec<u8>, Vec<u8>);

/// For each key range (`None`: no keys), whether no other range overlaps
/// it. By least key: a range overlaps another exactly when a range before
/// it reaches its least key, or the next starts at or before its greatest.
pub fn alone(ranges: &[Option<&KeyRange>]) -> Vec<bool> {
    let mut order: Vec<(usize, &KeyRange)> = ranges
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| (i, r)))
        .collect();
    order.sort_by(|a, b| a.1 .0.cmp(&b.1 .0));
    let mut alone = vec![false; ranges.len()];
    let mut reach: Option<&[u8]> = None;
    for (k, &(i, (lo, hi))) in order.iter().enumerate() {
        let before = reach.is_some_and(|r| r >= lo.as_slice());
        let after = order.get(k + 1).is_some_and(|(_, next)| next.0 <= *hi);
        alone[i] = !before && !after;
        if reach.is_none_or(|r| hi.as_slice() > r) {
            reach = Some(hi);
        }
    }
    alone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_alone_touch_no_other() {
        let r = |lo: &str, hi: &str| Some((lo.as_bytes().to_vec(), hi.as_bytes().to_vec()));
        let ranges = [
            r("d", "f"),
            r("a", "c"),
            r("e", "g"), // overlaps the first
            None,        // no keys: never alone (nothing to copy or describe)
            r("h", "h"),
            r("i", "z"),
            r("q", "r"), // inside the one before
            r("zz", "zz"),
        ];
        let refs: Vec<Option<&KeyRange>> = ranges.iter().map(Option::as_ref).collect();
        assert_eq!(
            alone(&refs),
            [false, true, false, false, true, false, false, true]
        );
    }
}
