//! Key namespaces, built exactly like the seed's `getFullKey`.

/// Where user keys live in the LevelDB key space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Namespace {
    /// The seed's `LevelStorageService` with this prefix: full key = `<prefix>:<key>`.
    /// The default prefix is empty, so the default full key is `:<key>`.
    Prefixed(Vec<u8>),
    /// Exact key bytes, no namespace.
    Raw,
}

impl Namespace {
    /// The namespace of the seed's `LevelStorageService(db, prefix)`.
    pub fn prefixed(prefix: impl Into<Vec<u8>>) -> Self {
        Namespace::Prefixed(prefix.into())
    }

    /// The LevelDB key for a user key (`getFullKey`).
    pub fn full_key(&self, key: &[u8]) -> Vec<u8> {
        match self {
            Namespace::Prefixed(prefix) => {
                let mut full = Vec::with_capacity(prefix.len() + 1 + key.len());
                full.extend_from_slice(prefix);
                full.push(b':');
                full.extend_from_slice(key);
                full
            }
            Namespace::Raw => key.to_vec(),
        }
    }

    /// The user key of a LevelDB key, or `None` when it lies outside the namespace.
    pub fn user_key<'a>(&self, full: &'a [u8]) -> Option<&'a [u8]> {
        match self {
            Namespace::Prefixed(prefix) => {
                strip_short_prefix(full, prefix).and_then(|rest| rest.strip_prefix(b":"))
            }
            Namespace::Raw => Some(full),
        }
    }

    /// The LevelDB key range `[lower, upper)` holding every user key whose
    /// bytes start with `key_prefix` (`upper == None` means "to the end").
    pub fn prefix_range(&self, key_prefix: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
        let lower = self.full_key(key_prefix);
        let upper = prefix_upper_bound(&lower);
        (lower, upper)
    }
}

/// The smallest key greater than every key that starts with `prefix`, or
/// `None` when there is none (empty prefix, or a prefix of only `0xFF` bytes).
///
/// Trailing `0xFF` bytes cannot be incremented, so they are dropped and the
/// byte before them is incremented: the bound of `b"a\xFF"` is `b"b"`.
pub fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut bound = prefix.to_vec();
    while let Some(last) = bound.pop() {
        if last < 0xFF {
            bound.push(last + 1);
            return Some(bound);
        }
    }
    None
}

/// Parses a key given in hexadecimal (`--hex`); whitespace is ignored.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in {text:?}"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).map_err(|_| format!("not hex: {text:?}"))?;
            u8::from_str_radix(s, 16).map_err(|_| format!("not hex: {s:?} in {text:?}"))
        })
        .collect()
}

/// `full` without `prefix` at its start, compared byte by byte: a
/// namespace is a few bytes (none by default), and a call to `memcmp` for
/// every key of a scan cost more than the comparison itself.
fn strip_short_prefix<'a>(full: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let (head, rest) = full.split_at_checked(prefix.len())?;
    head.iter().zip(prefix).all(|(a, b)| a == b).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_prefix_gives_leading_colon() {
        let ns = Namespace::prefixed("");
        assert_eq!(ns.full_key(b"block:abc"), b":block:abc");
        assert_eq!(ns.user_key(b":block:abc"), Some(&b"block:abc"[..]));
        assert_eq!(ns.user_key(b"block:abc"), None);
    }

    #[test]
    fn named_prefix() {
        let ns = Namespace::prefixed("chain1");
        assert_eq!(ns.full_key(b"k"), b"chain1:k");
        assert_eq!(ns.user_key(b"chain1:k"), Some(&b"k"[..]));
        assert_eq!(ns.user_key(b"chain10:k"), None);
        assert_eq!(
            ns.prefix_range(b""),
            (b"chain1:".to_vec(), Some(b"chain1;".to_vec()))
        );
    }

    #[test]
    fn raw_is_identity() {
        assert_eq!(Namespace::Raw.full_key(b"\x00\xff"), b"\x00\xff");
        assert_eq!(Namespace::Raw.prefix_range(b""), (vec![], None));
    }

    #[test]
    fn upper_bound_handles_ff() {
        assert_eq!(prefix_upper_bound(b"abc"), Some(b"abd".to_vec()));
        assert_eq!(prefix_upper_bound(b"a\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_upper_bound(b"a\xff\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_upper_bound(b"\xff\xff"), None);
        assert_eq!(prefix_upper_bound(b""), None);
    }

    #[test]
    fn hex_keys() {
        assert_eq!(parse_hex("00ff 41").unwrap(), vec![0, 255, 0x41]);
        assert!(parse_hex("abc").is_err());
        assert!(parse_hex("zz").is_err());
    }

    proptest! {
        #[test]
        fn user_keys_are_what_follows_the_namespace(
            prefix in proptest::collection::vec(any::<u8>(), 0..4),
            key in proptest::collection::vec(any::<u8>(), 0..8),
        ) {
            let ns = Namespace::Prefixed(prefix.clone());
            let expected = key.strip_prefix(&prefix[..]).and_then(|rest| rest.strip_prefix(b":"));
            prop_assert_eq!(ns.user_key(&key), expected);
            let full = ns.full_key(&key);
            prop_assert_eq!(ns.user_key(&full), Some(&key[..]));
        }

        #[test]
        fn upper_bound_is_tight(prefix in proptest::collection::vec(any::<u8>(), 0..8),
                                key in proptest::collection::vec(any::<u8>(), 0..10)) {
            let inside = key.starts_with(&prefix);
            match prefix_upper_bound(&prefix) {
                Some(bound) => {
                    prop_assert!(bound.as_slice() > prefix.as_slice());
                    if inside { prop_assert!(key < bound); }
                    if !inside && key.as_slice() > prefix.as_slice() { prop_assert!(key >= bound); }
                }
                None => prop_assert!(prefix.iter().all(|b| *b == 0xFF)),
            }
        }
    }
}
