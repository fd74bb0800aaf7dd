//! One block of a table file read and checked: its bytes (exactly, a
//! short read is truncation), its CRC-32C, its decompression (a large
//! Snappy block decompressed as it is read, and cut at a bound), as
//! C++ LevelDB reads with `ReadOptions::verify_checksums`.

use super::error::{ReadError, ReadResult};
use super::format::{crc32c, fixed32, unmask, user_key, varint, BlockHandle, BLOCK_TRAILER_LEN};
use super::snappy;
use std::borrow::Cow;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Compression type byte of an uncompressed block.
const NO_COMPRESSION: u8 = 0;
/// Compression type byte of a Snappy block.
const SNAPPY_COMPRESSION: u8 = 1;

/// Reads exactly `len` bytes at `offset`; a short read is damage (truncation).
pub(crate) fn read_exact_at(
    file: &File,
    path: &Path,
    offset: u64,
    len: usize,
) -> ReadResult<Vec<u8>> {
    let mut buf = Vec::new();
    read_exact_into(file, path, offset, len, &mut buf)?;
    Ok(buf)
}

/// [`read_exact_at`] into `buf` (resized to `len`), to reuse one buffer.
pub(crate) fn read_exact_into(
    file: &File,
    path: &Path,
    offset: u64,
    len: usize,
    buf: &mut Vec<u8>,
) -> ReadResult<()> {
    buf.resize(len, 0);
    let mut done = 0;
    while done < len {
        match file.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => {
                return Err(ReadError::corrupt(
                    path,
                    Some(offset),
                    format!(
                        "file ends {} bytes into a {len}-byte read (truncated)",
                        done
                    ),
                ))
            }
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::io(path, "read", &e)),
        }
    }
    Ok(())
}

/// Reads the block at `handle` of a table file of `size` bytes: checks its
/// CRC-32C and decompresses it. Usable without an index (salvage).
pub fn read_block_contents(
    file: &File,
    path: &Path,
    size: u64,
    handle: BlockHandle,
) -> ReadResult<Vec<u8>> {
    read_block_upto(file, path, size, handle, None)
}

/// [`read_block_contents`]; with `upper`, a large Snappy block is cut
/// before its first entry whose user key is `>= upper` (see
/// [`super::table::TableReader::read_block_below`]).
pub(super) fn read_block_upto(
    file: &File,
    path: &Path,
    size: u64,
    handle: BlockHandle,
    upper: Option<&[u8]>,
) -> ReadResult<Vec<u8>> {
    let corrupt = |msg: String| ReadError::corrupt(path, Some(handle.offset), msg);
    let end = handle
        .offset
        .checked_add(handle.size)
        .and_then(|e| e.checked_add(BLOCK_TRAILER_LEN as u64))
        .filter(|e| *e <= size)
        .ok_or_else(|| {
            corrupt(format!(
                "block of {} bytes runs past the end of the {size}-byte file",
                handle.size
            ))
        })?;
    let len = (end - handle.offset) as usize;
    if handle.size >= STREAMED_BLOCK {
        let trailer = read_exact_at(file, path, handle.offset + handle.size, BLOCK_TRAILER_LEN)?;
        if trailer[0] == SNAPPY_COMPRESSION {
            return read_snappy_block(file, path, handle, &trailer, upper);
        }
    }
    let raw = read_exact_at(file, path, handle.offset, len)?;
    decode_block_bytes(raw, path, handle.offset)
}

/// Stored size from which a Snappy block is decompressed as it is read
/// (see [`super::snappy`]) rather than read whole first.
pub(super) const STREAMED_BLOCK: u64 = 4 << 20;

/// A block's stored bytes, read a piece at a time, with their CRC-32C.
struct BlockSource<'a> {
    file: &'a File,
    path: &'a Path,
    at: u64,
    end: u64,
    crc: u32,
    piece: Vec<u8>,
    /// The read that failed (the decoder is told only that one did).
    failed: Option<ReadError>,
}

impl snappy::Source for BlockSource<'_> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, String> {
        let n = buf.len().min((self.end - self.at) as usize);
        if n == 0 {
            return Ok(0);
        }
        if let Err(e) = read_exact_into(self.file, self.path, self.at, n, &mut self.piece) {
            let message = e.message.clone();
            self.failed = Some(e);
            return Err(message);
        }
        buf[..n].copy_from_slice(&self.piece);
        self.crc = crc32c::crc32c_append(self.crc, &self.piece);
        self.at += n as u64;
        Ok(n)
    }
}

/// [`read_block_contents`] of a large Snappy block: decompressed as its
/// bytes are read, checked against its checksum (`trailer`: type byte and
/// masked CRC) once all are read. With `upper`, decompression stops at
/// the first entry whose user key is `>= upper` and the block is cut
/// there (see [`super::table::TableReader::read_block_below`]).
fn read_snappy_block(
    file: &File,
    path: &Path,
    handle: BlockHandle,
    trailer: &[u8],
    upper: Option<&[u8]>,
) -> ReadResult<Vec<u8>> {
    let corrupt = |msg: String| ReadError::corrupt(path, Some(handle.offset), msg);
    let mut source = BlockSource {
        file,
        path,
        at: handle.offset,
        end: handle.offset + handle.size,
        crc: 0,
        piece: Vec::new(),
        failed: None,
    };
    let mut cut = EntryCut::default();
    let most = snappy::max_decompressed_len(handle.size as usize).min(u32::MAX as usize);
    let decoded = snappy::decompress_until(&mut source, 1 << 20, most, |out| {
        upper.is_some_and(|upper| cut.reached(out, upper))
    });
    // What the decoder left unread still counts for the checksum.
    let mut rest = vec![0; 1 << 20];
    while source.failed.is_none()
        && snappy::Source::read(&mut source, &mut rest).is_ok_and(|n| n > 0)
    {}
    if let Some(e) = source.failed {
        return Err(e);
    }
    let stored = fixed32(trailer, 1).expect("trailer in bounds");
    if crc32c::crc32c_append(source.crc, &trailer[..1]) != unmask(stored) {
        return Err(corrupt("block checksum mismatch".into()));
    }
    let (mut data, stopped) =
        decoded.map_err(|e| corrupt(format!("block does not decompress (Snappy): {e}")))?;
    if stopped {
        // The entries before the cut, with one restart point (at the first
        // entry, which shares nothing).
        data.truncate(cut.at);
        data.extend_from_slice(&0u32.to_le_bytes());
        data.extend_from_slice(&1u32.to_le_bytes());
    }
    Ok(data)
}

/// Finds, in a block's bytes as they are decompressed, the first entry
/// whose user key reaches a bound.
#[derive(Default)]
struct EntryCut {
    /// Where the next entry starts.
    at: usize,
    /// The key of the entry before it.
    key: Vec<u8>,
}

impl EntryCut {
    /// Whether `out` (the block's first bytes) holds the whole key of an
    /// entry whose user key is `>= upper`; `at` is then that entry's
    /// offset. Entries are walked as their bytes arrive; the restart array
    /// after the last entry begins with offset 0, which reads as an entry
    /// with an empty key, and ends the walk.
    fn reached(&mut self, out: &[u8], upper: &[u8]) -> bool {
        loop {
            let mut p = self.at;
            let (Some(shared), Some(unshared), Some(value_len)) = (
                varint(out, &mut p),
                varint(out, &mut p),
                varint(out, &mut p),
            ) else {
                return false;
            };
            let (shared, unshared) = (shared as usize, unshared as usize);
            if shared + unshared < 8 || shared > self.key.len() {
                // The restart array, or damage the checksum will report.
                self.at = usize::MAX;
                return false;
            }
            let Some(key_end) = p.checked_add(unshared).filter(|e| *e <= out.len()) else {
                return false;
            };
            self.key.truncate(shared);
            self.key.extend_from_slice(&out[p..key_end]);
            if user_key(&self.key) >= upper {
                return true;
            }
            let next = key_end.saturating_add(value_len as usize);
            if next > out.len() {
                // Wait for the value's bytes before reading on.
                self.at = next;
                return false;
            }
            self.at = next;
        }
    }
}

/// Checks and decompresses one block's bytes (contents, type, CRC) read
/// from `offset` of `path`.
pub fn decode_block_bytes(mut raw: Vec<u8>, path: &Path, offset: u64) -> ReadResult<Vec<u8>> {
    match check_block(&raw, path, offset)? {
        Cow::Owned(data) => Ok(data),
        Cow::Borrowed(data) => {
            let len = data.len();
            raw.truncate(len);
            Ok(raw)
        }
    }
}

/// [`decode_block_bytes`] on borrowed bytes: an uncompressed block's
/// contents are a slice of `raw`.
pub fn check_block<'a>(raw: &'a [u8], path: &Path, offset: u64) -> ReadResult<Cow<'a, [u8]>> {
    let mut buf = Vec::new();
    match check_block_in(raw, path, offset, &mut buf)? {
        Decoded::Raw(data) => Ok(Cow::Borrowed(data)),
        Decoded::InBuffer(len) => {
            buf.truncate(len);
            Ok(Cow::Owned(buf))
        }
    }
}

/// Where [`check_block_in`] left a block's contents.
pub enum Decoded<'a> {
    /// Stored uncompressed: a slice of the raw bytes.
    Raw(&'a [u8]),
    /// Decompressed into the first bytes of the buffer.
    InBuffer(usize),
}

impl<'a> Decoded<'a> {
    /// The contents, given the buffer [`check_block_in`] had.
    pub fn of(self, buf: &'a [u8]) -> &'a [u8] {
        match self {
            Decoded::Raw(data) => data,
            Decoded::InBuffer(len) => &buf[..len],
        }
    }
}

/// [`check_block`] decompressing into `buf`, which a walk reuses from
/// block to block: no allocation and no zeroing per block.
pub fn check_block_in<'a>(
    raw: &'a [u8],
    path: &Path,
    offset: u64,
    buf: &mut Vec<u8>,
) -> ReadResult<Decoded<'a>> {
    let corrupt = |msg: String| ReadError::corrupt(path, Some(offset), msg);
    let body = raw
        .len()
        .checked_sub(BLOCK_TRAILER_LEN)
        .ok_or_else(|| corrupt("block shorter than its trailer".into()))?;
    let stored = fixed32(raw, body + 1).expect("trailer in bounds");
    if crc32c(&raw[..=body]) != unmask(stored) {
        return Err(corrupt("block checksum mismatch".into()));
    }
    match raw[body] {
        NO_COMPRESSION => Ok(Decoded::Raw(&raw[..body])),
        SNAPPY_COMPRESSION => {
            let snappy =
                |e: snap::Error| corrupt(format!("block does not decompress (Snappy): {e}"));
            let len = snap::raw::decompress_len(&raw[..body]).map_err(snappy)?;
            if len > snappy::max_decompressed_len(body) {
                return Err(corrupt(format!(
                    "block declares {len} bytes decompressed, more than its {body} bytes of Snappy can hold"
                )));
            }
            if buf.len() < len {
                buf.resize(len, 0);
            }
            snap::raw::Decoder::new()
                .decompress(&raw[..body], &mut buf[..len])
                .map(Decoded::InBuffer)
                .map_err(snappy)
        }
        other => Err(corrupt(format!("unknown block compression type {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ldb::format::mask;

    /// A block's bytes as a table stores them: contents, type, masked CRC.
    fn stored(contents: &[u8], kind: u8) -> Vec<u8> {
        let mut raw = contents.to_vec();
        raw.push(kind);
        let crc = mask(crc32c(&raw));
        raw.extend_from_slice(&crc.to_le_bytes());
        raw
    }

    /// Seen in the fourteenth session: a block whose checksum holds but
    /// whose Snappy header declares far more than its bytes can hold had
    /// a buffer of that size zeroed before decompression failed (up to 4
    /// GiB for a 20-byte block).
    #[test]
    fn a_block_declaring_more_than_snappy_can_hold_is_refused_before_allocating() {
        let path = Path::new("000009.ldb");
        // Declares 64 MiB, then one 3-byte literal.
        let mut body = Vec::new();
        super::super::table_builder::put_varint(&mut body, 64 << 20);
        body.extend_from_slice(&[2 << 2, b'a', b'b', b'c']);
        let raw = stored(&body, SNAPPY_COMPRESSION);
        let mut buf = Vec::new();
        let e = check_block_in(&raw, path, 4096, &mut buf).err().unwrap();
        assert!(e.to_string().contains("000009.ldb"), "{e}");
        assert!(e.to_string().contains("more than"), "{e}");
        assert!(
            buf.capacity() < 1 << 20,
            "{} bytes reserved",
            buf.capacity()
        );
        // A real stream at the bound's edge still decodes: 64 KiB of one
        // byte is a literal and copies of 64 (the most Snappy expands).
        let same = vec![7u8; 64 << 10];
        let compressed = snap::raw::Encoder::new().compress_vec(&same).unwrap();
        assert!(same.len() > compressed.len() * 15, "{}", compressed.len());
        let raw = stored(&compressed, SNAPPY_COMPRESSION);
        assert_eq!(check_block(&raw, path, 0).unwrap().into_owned(), same);
    }

    #[test]
    fn blocks_decompressed_into_a_reused_buffer_are_what_check_block_gives() {
        let path = Path::new("000001.ldb");
        let big: Vec<u8> = (0..20_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let small = b"a small block, decompressed after a big one".repeat(3);
        let compress = |b: &[u8]| snap::raw::Encoder::new().compress_vec(b).unwrap();
        let blocks = [
            stored(&compress(&big), SNAPPY_COMPRESSION),
            stored(&compress(&small), SNAPPY_COMPRESSION),
            stored(&small, NO_COMPRESSION),
            stored(b"", SNAPPY_COMPRESSION),
            stored(&compress(&small), 7),
        ];
        let mut buf = Vec::new();
        for raw in &blocks {
            let reused = check_block_in(raw, path, 0, &mut buf).map(|d| d.of(&buf).to_vec());
            let alone = check_block(raw, path, 0).map(|d| d.into_owned());
            assert_eq!(reused, alone);
        }
        assert_eq!(check_block(&blocks[1], path, 0).unwrap(), small);
        let mut flipped = blocks[1].clone();
        flipped[3] ^= 1;
        let e = check_block_in(&flipped, path, 0, &mut buf).err().unwrap();
        assert!(e.to_string().contains("checksum"), "{e}");
    }
}
