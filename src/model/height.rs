//! `height:<n>` keys: decimal, no padding, so byte order is not numeric
//! order (`height:10` sorts before `height:9`). Everything here orders
//! numerically.

use crate::store::{ScanRange, StorageService};
use crate::Result;

/// The user key of the height index entry for `height`.
pub fn height_key(height: u64) -> Vec<u8> {
    format!("height:{height}").into_bytes()
}

/// The height of a `height:<n>` user key, when `<n>` is canonical decimal
/// (digits only, no leading zero except for `0` itself).
pub fn parse_height_key(key: &[u8]) -> Option<u64> {
    let digits = key.strip_prefix(b"height:")?;
    parse_canonical_decimal(digits)
}

/// Whether `digits` are a height as the index writes it (unpadded
/// decimal of a u64), checked without parsing the number.
pub fn is_height_digits(digits: &[u8]) -> bool {
    // Up to 19 digits always fit in a u64.
    if !digits.is_empty() && digits.len() < 20 {
        digits.iter().all(u8::is_ascii_digit) && (digits.len() == 1 || digits[0] != b'0')
    } else {
        parse_canonical_decimal(digits).is_some()
    }
}

/// Unpadded decimal of a u64: the grammar of a JSON non-negative integer.
fn parse_canonical_decimal(digits: &[u8]) -> Option<u64> {
    crate::store::json::as_u64_bytes(digits)
}

fn digit_count(n: u64) -> u32 {
    n.checked_ilog10().unwrap_or(0) + 1
}

/// The smallest and largest numbers with `digits` decimal digits.
fn digit_class(digits: u32) -> (u64, u64) {
    let low = if digits == 1 {
        0
    } else {
        10u64.pow(digits - 1)
    };
    let high = 10u64.checked_pow(digits).map_or(u64::MAX, |p| p - 1);
    (low, high)
}

/// Streams `(height, index value)` for the heights in `[from, to]`, in
/// numeric order (or reversed), without collecting anything.
///
/// Within one digit count byte order is numeric order, so the range is
/// read as one key-range scan per digit count, keeping only keys with that
/// many digits.
pub fn scan_heights(
    storage: &mut StorageService,
    from: u64,
    to: u64,
    reverse: bool,
) -> Result<impl Iterator<Item = Result<(u64, Vec<u8>)>> + use<>> {
    let mut passes = Vec::new();
    if from <= to {
        for digits in digit_count(from)..=digit_count(to) {
            let (low, high) = digit_class(digits);
            let (low, high) = (low.max(from), high.min(to));
            let mut end = height_key(high);
            end.push(0);
            let range = ScanRange {
                start: Some(height_key(low)),
                end: Some(end),
                key_prefix: b"height:".to_vec(),
                limit: None,
                reverse,
            };
            let pass = storage.scan(&range)?.filter_map(move |item| match item {
                Err(e) => Some(Err(e)),
                Ok((key, value)) => {
                    let height = parse_height_key(&key)?;
                    (digit_count(height) == digits).then_some(Ok((height, value)))
                }
            });
            passes.push(pass);
        }
    }
    if reverse {
        passes.reverse();
    }
    Ok(passes.into_iter().flatten())
}

/// A scan of the height index, as [`scan_heights`] yields it.
type HeightScan = Box<dyn Iterator<Item = Result<(u64, Vec<u8>)>>>;

/// After this many missing heights in a row, [`HeightWalk`] stops probing
/// heights one by one and scans the rest of the range instead.
const MISS_RUN: u32 = 512;

/// Walks the height index over `[from, to]` in numeric order (or reversed),
/// by point lookups while the heights are dense, switching to
/// [`scan_heights`] for the rest of the range after a long run of misses.
/// A dense chain is read in `O(range)` lookups; a sparse one in a few scans.
pub struct HeightWalk<'s> {
    storage: &'s mut StorageService,
    next: Option<u64>,
    from: u64,
    to: u64,
    reverse: bool,
    misses: u32,
    scan: Option<HeightScan>,
}

impl<'s> HeightWalk<'s> {
    /// A walk over `[from, to]` (empty when `from > to`).
    pub fn new(storage: &'s mut StorageService, from: u64, to: u64, reverse: bool) -> Self {
        let next = (from <= to).then_some(if reverse { to } else { from });
        HeightWalk {
            storage,
            next,
            from,
            to,
            reverse,
            misses: 0,
            scan: None,
        }
    }

    /// The storage being walked, for lookups alongside the walk.
    pub fn storage_mut(&mut self) -> &mut StorageService {
        self.storage
    }

    fn advance(&mut self, height: u64) {
        self.next = if self.reverse {
            (height > self.from).then(|| height - 1)
        } else {
            (height < self.to).then(|| height + 1)
        };
    }

    fn switch_to_scan(&mut self) -> Result<()> {
        if let Some(next) = self.next.take() {
            let (low, high) = if self.reverse {
                (self.from, next)
            } else {
                (next, self.to)
            };
            self.scan = Some(Box::new(scan_heights(
                self.storage,
                low,
                high,
                self.reverse,
            )?));
        }
        Ok(())
    }
}

impl Iterator for HeightWalk<'_> {
    type Item = Result<(u64, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(scan) = self.scan.as_mut() {
                return scan.next();
            }
            let height = self.next?;
            self.advance(height);
            match self.storage.get(&height_key(height)) {
                Err(e) => return Some(Err(e)),
                Ok(Some(value)) => {
                    self.misses = 0;
                    return Some(Ok((height, value)));
                }
                Ok(None) => {
                    self.misses += 1;
                    if self.misses >= MISS_RUN {
                        if let Err(e) = self.switch_to_scan() {
                            return Some(Err(e));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_heights_only() {
        assert_eq!(parse_height_key(b"height:0"), Some(0));
        assert_eq!(parse_height_key(b"height:10"), Some(10));
        assert_eq!(parse_height_key(b"height:010"), None);
        assert_eq!(parse_height_key(b"height:"), None);
        assert_eq!(parse_height_key(b"height:1a"), None);
        assert_eq!(parse_height_key(b"height:-1"), None);
        assert_eq!(parse_height_key(b"height:99999999999999999999999"), None);
    }

    #[test]
    fn digit_classes() {
        assert_eq!(digit_count(0), 1);
        assert_eq!(digit_count(9), 1);
        assert_eq!(digit_count(10), 2);
        assert_eq!(digit_count(u64::MAX), 20);
        assert_eq!(digit_class(1), (0, 9));
        assert_eq!(digit_class(3), (100, 999));
        assert_eq!(digit_class(20), (10_000_000_000_000_000_000, u64::MAX));
    }
}
