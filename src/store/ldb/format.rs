//! LevelDB's on-disk primitives: varints, fixed-width integers, masked
//! CRC-32C, block handles and internal keys (`user key ++ (seq << 8 | type)`).

use std::cmp::Ordering;

/// The magic number at the end of every table file.
pub const TABLE_MAGIC: u64 = 0xdb47_7524_8b80_fb57;
/// Length of a table's footer.
pub const FOOTER_LEN: usize = 48;
/// Compression type byte and CRC after every table block.
pub const BLOCK_TRAILER_LEN: usize = 5;
/// The largest sequence number LevelDB can store.
pub const MAX_SEQUENCE: u64 = (1 << 56) - 1;
/// Value type of a deletion marker.
pub const TYPE_DELETION: u8 = 0;
/// Value type of a value.
pub const TYPE_VALUE: u8 = 1;

/// CRC-32C (Castagnoli), as LevelDB uses (hardware accelerated where available).
pub fn crc32c(data: &[u8]) -> u32 {
    crc32c::crc32c(data)
}

/// LevelDB's masked CRC, as stored in files.
pub fn mask(crc: u32) -> u32 {
    crc.rotate_right(15).wrapping_add(0xa282_ead8)
}

/// Undoes [`mask`].
pub fn unmask(masked: u32) -> u32 {
    masked.wrapping_sub(0xa282_ead8).rotate_left(15)
}

/// Decodes a varint (up to 64 bits) at `*pos`, advancing it.
pub fn varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut result = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *buf.get(*pos)?;
        *pos += 1;
        result |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(result);
        }
    }
    None
}

/// Decodes a varint-length-prefixed byte string at `*pos`, advancing it.
pub fn length_prefixed<'a>(buf: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    let len = usize::try_from(varint(buf, pos)?).ok()?;
    let end = pos.checked_add(len).filter(|e| *e <= buf.len())?;
    let out = &buf[*pos..end];
    *pos = end;
    Some(out)
}

/// A little-endian `u32` at `pos`.
pub fn fixed32(buf: &[u8], pos: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        buf.get(pos..pos.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// A little-endian `u64` at `pos`.
pub fn fixed64(buf: &[u8], pos: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        buf.get(pos..pos.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// Where a block lies in a table file (its trailer follows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHandle {
    /// Offset of the block in the file.
    pub offset: u64,
    /// Size of the block's contents, without the trailer.
    pub size: u64,
}

impl BlockHandle {
    /// Decodes a handle at `*pos`, advancing it.
    pub fn decode(buf: &[u8], pos: &mut usize) -> Option<BlockHandle> {
        Some(BlockHandle {
            offset: varint(buf, pos)?,
            size: varint(buf, pos)?,
        })
    }

    /// Decodes a handle that is the whole of `buf`.
    pub fn decode_all(buf: &[u8]) -> Option<BlockHandle> {
        let mut pos = 0;
        BlockHandle::decode(buf, &mut pos)
    }
}

/// An internal key split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedKey<'a> {
    /// The user's key.
    pub user_key: &'a [u8],
    /// The write's sequence number.
    pub sequence: u64,
    /// [`TYPE_VALUE`] or [`TYPE_DELETION`].
    pub kind: u8,
}

/// Splits an internal key; `None` when it is too short or its type unknown.
pub fn parse_internal_key(ikey: &[u8]) -> Option<ParsedKey<'_>> {
    let n = ikey.len().checked_sub(8)?;
    let trailer = fixed64(ikey, n)?;
    let kind = (trailer & 0xFF) as u8;
    if kind > TYPE_VALUE {
        return None;
    }
    Some(ParsedKey {
        user_key: &ikey[..n],
        sequence: trailer >> 8,
        kind,
    })
}

/// The user key of an internal key (empty when it is too short).
pub fn user_key(ikey: &[u8]) -> &[u8] {
    &ikey[..ikey.len().saturating_sub(8)]
}

/// Appends the internal key `(user_key, sequence, kind)` to `out`.
pub fn append_internal_key(out: &mut Vec<u8>, user_key: &[u8], sequence: u64, kind: u8) {
    out.extend_from_slice(user_key);
    out.extend_from_slice(&((sequence << 8) | u64::from(kind)).to_le_bytes());
}

/// The smallest internal key of `user_key` visible at `sequence`: seeking
/// to it finds the newest version of the key not newer than `sequence`.
pub fn lookup_key(user_key: &[u8], sequence: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(user_key.len() + 8);
    append_internal_key(&mut out, user_key, sequence, TYPE_VALUE);
    out
}

/// LevelDB's internal key order: user keys ascending (bytewise), then
/// sequence number and type descending (newest first).
pub fn compare_internal(a: &[u8], b: &[u8]) -> Ordering {
    compare_internal_after(a, b, 0)
}

/// [`compare_internal`] of two keys whose first `same` bytes are known to
/// be equal (as a block entry's first bytes are the key's before it):
/// only the bytes after those are compared.
#[inline]
pub fn compare_internal_after(a: &[u8], b: &[u8], same: usize) -> Ordering {
    let (ua, ub) = (user_key(a), user_key(b));
    let same = same.min(ua.len()).min(ub.len());
    match ua[same..].cmp(&ub[same..]) {
        Ordering::Equal => {
            let ta = fixed64(a, ua.len()).unwrap_or(0);
            let tb = fixed64(b, ub.len()).unwrap_or(0);
            tb.cmp(&ta)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_known_values() {
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
        assert_eq!(unmask(mask(0x1234_5678)), 0x1234_5678);
    }

    #[test]
    fn internal_keys_order_newest_first() {
        let a5 = lookup_key(b"a", 5);
        let a7 = lookup_key(b"a", 7);
        let b1 = lookup_key(b"b", 1);
        assert_eq!(compare_internal(&a7, &a5), Ordering::Less);
        assert_eq!(compare_internal(&a5, &b1), Ordering::Less);
        let p = parse_internal_key(&a7).unwrap();
        assert_eq!((p.user_key, p.sequence, p.kind), (&b"a"[..], 7, TYPE_VALUE));
        let mut del = Vec::new();
        append_internal_key(&mut del, b"a", 7, TYPE_DELETION);
        // At the same sequence, a value sorts before a deletion.
        assert_eq!(compare_internal(&a7, &del), Ordering::Less);
        assert!(parse_internal_key(b"short").is_none());
    }

    #[test]
    fn varints_and_handles() {
        let mut pos = 0;
        assert_eq!(varint(&[0xAC, 0x02], &mut pos), Some(300));
        assert_eq!(pos, 2);
        assert_eq!(varint(&[0x80], &mut 0), None);
        assert_eq!(
            BlockHandle::decode_all(&[0x05, 0xAC, 0x02]),
            Some(BlockHandle {
                offset: 5,
                size: 300
            })
        );
        assert_eq!(length_prefixed(&[3, b'a', b'b'], &mut 0), None);
    }
}
