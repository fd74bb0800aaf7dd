//! `TableBuilder`: writes a table file in LevelDB's format, the mirror of
//! [`super::table::TableReader`]: data blocks of prefix-compressed entries
//! with a restart point every 16 entries, each Snappy-compressed when that
//! saves at least an eighth (as C++ LevelDB decides) and followed by its
//! type byte and masked CRC-32C; an empty metaindex block (no filter, as
//! C++ LevelDB's default options write); an index block with a short key
//! between each data block and the next (C++ LevelDB's
//! `FindShortestSeparator` / `FindShortSuccessor`); the 48-byte footer.
//!
//! An entry of [`LARGE_ENTRY`] bytes or more gets a data block of its own,
//! compressed and written in 64 KiB pieces as it is read (Snappy's format is
//! a sequence of pieces: the same bytes as compressing it whole), so a
//! table holding one huge value needs no second copy of it in memory.
//!
//! Used to build new stores from sorted input (see `store::bulk`) and the
//! tables `store::ingest` adds to a store; the engine (rusty-leveldb)
//! writes every other table.

use super::format::{
    append_internal_key, crc32c, mask, user_key, BlockHandle, FOOTER_LEN, MAX_SEQUENCE,
    TABLE_MAGIC, TYPE_VALUE,
};
use std::io::{self, Write};

/// Uncompressed size at which a data block is cut (C++ LevelDB's default).
pub const BLOCK_SIZE: usize = 4096;
/// Entries between restart points in data blocks (C++ LevelDB's default).
pub const RESTART_INTERVAL: usize = 16;

/// Entry size (key and value) from which an entry gets a block of its own,
/// written in pieces.
pub const LARGE_ENTRY: usize = 1 << 20;
/// Uncompressed bytes per piece of a block written in pieces (Snappy's own
/// block size: its back references never reach further).
const PIECE: usize = 1 << 16;

const NO_COMPRESSION: u8 = 0;
const SNAPPY: u8 = 1;

/// Appends `v` as a varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends `bytes` prefixed with their length as a varint.
pub fn put_length_prefixed(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

impl BlockHandle {
    /// Appends the handle's encoding (two varints).
    pub fn encode_to(&self, out: &mut Vec<u8>) {
        put_varint(out, self.offset);
        put_varint(out, self.size);
    }
}

/// `BlockBuilder`: entries `(shared, unshared, value_len, key_delta, value)`
/// then the restart array and its length.
#[derive(Debug)]
pub struct BlockBuilder {
    buf: Vec<u8>,
    restarts: Vec<u32>,
    counter: usize,
    interval: usize,
    last_key: Vec<u8>,
}

impl BlockBuilder {
    /// An empty block with a restart point every `interval` entries.
    pub fn new(interval: usize) -> BlockBuilder {
        BlockBuilder {
            buf: Vec::with_capacity(BLOCK_SIZE + 1024),
            restarts: vec![0],
            counter: 0,
            interval: interval.max(1),
            last_key: Vec::new(),
        }
    }

    /// Whether no entry was added since the last reset.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The block's size if it were finished now.
    pub fn size_estimate(&self) -> usize {
        self.buf.len() + self.restarts.len() * 4 + 4
    }

    /// The last key added.
    pub fn last_key(&self) -> &[u8] {
        &self.last_key
    }

    /// Adds an entry; keys must come in increasing order (the caller checks).
    pub fn add(&mut self, key: &[u8], value: &[u8]) {
        let mut shared = 0;
        if self.counter < self.interval {
            shared = key
                .iter()
                .zip(&self.last_key)
                .take_while(|(a, b)| a == b)
                .count();
        } else {
            self.restarts.push(self.buf.len() as u32);
            self.counter = 0;
        }
        put_varint(&mut self.buf, shared as u64);
        put_varint(&mut self.buf, (key.len() - shared) as u64);
        put_varint(&mut self.buf, value.len() as u64);
        self.buf.extend_from_slice(&key[shared..]);
        self.buf.extend_from_slice(value);
        self.last_key.truncate(shared);
        self.last_key.extend_from_slice(&key[shared..]);
        self.counter += 1;
    }

    /// Appends the restart array and returns the block's bytes; call
    /// [`Self::reset`] before adding again.
    pub fn finish(&mut self) -> &[u8] {
        for r in &self.restarts {
            self.buf.extend_from_slice(&r.to_le_bytes());
        }
        self.buf
            .extend_from_slice(&(self.restarts.len() as u32).to_le_bytes());
        &self.buf
    }

    /// Empties the block for reuse.
    pub fn reset(&mut self) {
        self.buf.clear();
        self.restarts.clear();
        self.restarts.push(0);
        self.counter = 0;
        self.last_key.clear();
    }
}

/// The shortest internal key `k` with `start <= k < limit` (bytewise user
/// keys), or `start` itself: C++ LevelDB's `FindShortestSeparator`.
pub fn shortest_separator(start: &[u8], limit: &[u8]) -> Vec<u8> {
    let (a, b) = (user_key(start), user_key(limit));
    let diff = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if diff + 1 < a.len() && diff < b.len() && a[diff] < 0xff && a[diff] + 1 < b[diff] {
        let mut short = a[..=diff].to_vec();
        short[diff] += 1;
        let mut out = Vec::with_capacity(short.len() + 8);
        append_internal_key(&mut out, &short, MAX_SEQUENCE, TYPE_VALUE);
        return out;
    }
    start.to_vec()
}

/// A short internal key `>= key`: C++ LevelDB's `FindShortSuccessor`.
pub fn short_successor(key: &[u8]) -> Vec<u8> {
    let user = user_key(key);
    match user.iter().position(|b| *b != 0xff) {
        Some(i) if i + 1 < user.len() => {
            let mut short = user[..=i].to_vec();
            short[i] += 1;
            let mut out = Vec::with_capacity(short.len() + 8);
            append_internal_key(&mut out, &short, MAX_SEQUENCE, TYPE_VALUE);
            out
        }
        _ => key.to_vec(),
    }
}

/// Writes one table to `out`, entries added in internal-key order.
pub struct TableBuilder<W: Write> {
    file: BlockWriter<W>,
    data: BlockBuilder,
    index: BlockBuilder,
    /// The last written data block's last key and handle, indexed when
    /// the next key (or the end) is known.
    pending: Option<(Vec<u8>, BlockHandle)>,
}

/// The table file being written: blocks with their trailers, and the offset
/// reached.
struct BlockWriter<W: Write> {
    out: W,
    offset: u64,
    encoder: snap::raw::Encoder,
    compressed: Vec<u8>,
}

impl<W: Write> TableBuilder<W> {
    /// A builder writing to `out` (which should be buffered).
    pub fn new(out: W) -> TableBuilder<W> {
        TableBuilder {
            file: BlockWriter {
                out,
                offset: 0,
                encoder: snap::raw::Encoder::new(),
                compressed: Vec::new(),
            },
            data: BlockBuilder::new(RESTART_INTERVAL),
            index: BlockBuilder::new(1),
            pending: None,
        }
    }

    /// Adds an entry; internal keys must be strictly increasing.
    pub fn add(&mut self, internal_key: &[u8], value: &[u8]) -> io::Result<()> {
        if internal_key.len() + value.len() >= LARGE_ENTRY {
            // Its own block, written in pieces.
            self.flush_data()?;
            if let Some((last, handle)) = self.pending.take() {
                self.add_index(&shortest_separator(&last, internal_key), handle);
            }
            let handle = self.file.write_single_entry(internal_key, value)?;
            self.pending = Some((internal_key.to_vec(), handle));
            return Ok(());
        }
        if let Some((last, handle)) = self.pending.take() {
            self.add_index(&shortest_separator(&last, internal_key), handle);
        }
        self.data.add(internal_key, value);
        if self.data.size_estimate() >= BLOCK_SIZE {
            self.flush_data()?;
        }
        Ok(())
    }

    /// Bytes written plus the pending data block's size.
    pub fn size_estimate(&self) -> u64 {
        self.file.offset + self.data.size_estimate() as u64
    }

    fn flush_data(&mut self) -> io::Result<()> {
        if self.data.is_empty() {
            return Ok(());
        }
        let last = self.data.last_key().to_vec();
        let handle = self.file.write_block(self.data.finish(), true)?;
        self.data.reset();
        self.pending = Some((last, handle));
        Ok(())
    }

    fn add_index(&mut self, key: &[u8], handle: BlockHandle) {
        let mut encoded = Vec::with_capacity(10);
        handle.encode_to(&mut encoded);
        self.index.add(key, &encoded);
    }

    /// Writes the last data block, the metaindex and index blocks and the
    /// footer; returns the writer and the file's size.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        self.flush_data()?;
        if let Some((last, handle)) = self.pending.take() {
            self.add_index(&short_successor(&last), handle);
        }
        let metaindex = self
            .file
            .write_block(BlockBuilder::new(1).finish(), false)?;
        let index = self.file.write_block(self.index.finish(), false)?;
        let mut footer = Vec::with_capacity(FOOTER_LEN);
        metaindex.encode_to(&mut footer);
        index.encode_to(&mut footer);
        footer.resize(FOOTER_LEN - 8, 0);
        footer.extend_from_slice(&TABLE_MAGIC.to_le_bytes());
        let mut file = self.file;
        file.out.write_all(&footer)?;
        file.offset += FOOTER_LEN as u64;
        Ok((file.out, file.offset))
    }
}

impl<W: Write> BlockWriter<W> {
    /// Writes a block with its trailer, compressing it when that pays.
    fn write_block(&mut self, raw: &[u8], compress: bool) -> io::Result<BlockHandle> {
        let mut kind = NO_COMPRESSION;
        if compress {
            self.compressed
                .resize(snap::raw::max_compress_len(raw.len()), 0);
            let n = self
                .encoder
                .compress(raw, &mut self.compressed)
                .map_err(io::Error::other)?;
            if n < raw.len() - raw.len() / 8 {
                self.compressed.truncate(n);
                kind = SNAPPY;
            }
        }
        let contents: &[u8] = if kind == SNAPPY {
            &self.compressed
        } else {
            raw
        };
        let handle = BlockHandle {
            offset: self.offset,
            size: contents.len() as u64,
        };
        let crc = crc32c::crc32c_append(crc32c(contents), &[kind]);
        self.out.write_all(contents)?;
        self.out.write_all(&[kind])?;
        self.out.write_all(&mask(crc).to_le_bytes())?;
        self.offset += contents.len() as u64 + 5;
        Ok(handle)
    }

    /// Writes a Snappy block holding one entry (no shared prefix, one
    /// restart point) without assembling it: the block's bytes are
    /// compressed [`PIECE`] bytes at a time and each piece's elements
    /// appended to one Snappy stream whose length header is the block's.
    fn write_single_entry(&mut self, key: &[u8], value: &[u8]) -> io::Result<BlockHandle> {
        let mut head = Vec::with_capacity(key.len() + 16);
        put_varint(&mut head, 0);
        put_varint(&mut head, key.len() as u64);
        put_varint(&mut head, value.len() as u64);
        head.extend_from_slice(key);
        let mut tail = Vec::with_capacity(8);
        tail.extend_from_slice(&0u32.to_le_bytes());
        tail.extend_from_slice(&1u32.to_le_bytes());
        let raw_len = head.len() + value.len() + tail.len();
        let mut stream = Vec::with_capacity(10);
        put_varint(&mut stream, raw_len as u64);
        let mut crc = crc32c(&stream);
        self.out.write_all(&stream)?;
        let mut written = stream.len() as u64;
        let mut piece = Vec::with_capacity(PIECE);
        let mut parts = [head.as_slice(), value, tail.as_slice()].into_iter();
        let mut part: &[u8] = &[];
        loop {
            // Fill one piece from the parts.
            piece.clear();
            while piece.len() < PIECE {
                if part.is_empty() {
                    match parts.next() {
                        Some(next) => part = next,
                        None => break,
                    }
                    continue;
                }
                let n = part.len().min(PIECE - piece.len());
                piece.extend_from_slice(&part[..n]);
                part = &part[n..];
            }
            if piece.is_empty() {
                break;
            }
            self.compressed
                .resize(snap::raw::max_compress_len(piece.len()), 0);
            let n = self
                .encoder
                .compress(&piece, &mut self.compressed)
                .map_err(io::Error::other)?;
            // Drop the piece's own length header: the stream has one.
            let mut at = 0;
            while self.compressed[at] & 0x80 != 0 {
                at += 1;
            }
            let elements = &self.compressed[at + 1..n];
            crc = crc32c::crc32c_append(crc, elements);
            self.out.write_all(elements)?;
            written += elements.len() as u64;
        }
        let handle = BlockHandle {
            offset: self.offset,
            size: written,
        };
        crc = crc32c::crc32c_append(crc, &[SNAPPY]);
        self.out.write_all(&[SNAPPY])?;
        self.out.write_all(&mask(crc).to_le_bytes())?;
        self.offset += written + 5;
        Ok(handle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ldb::format::{append_internal_key, TYPE_VALUE};
    use crate::store::ldb::iter::InternalIterator;
    use crate::store::ldb::table::TableReader;

    fn ikey(user: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        append_internal_key(&mut out, user, 7, TYPE_VALUE);
        out
    }

    /// `len` bytes Snappy cannot compress (xorshift from `seed`).
    fn noise(len: usize, mut seed: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    }

    /// Blocks read in spans: a damaged block among them, and a file cut
    /// short, cost only their own blocks; every other block reads as when
    /// read alone.
    #[test]
    fn blocks_read_in_spans_fail_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000005.ldb");
        let entries: Vec<(Vec<u8>, Vec<u8>)> = (0..3000u32)
            .map(|i| {
                (
                    ikey(format!("k{i:05}").as_bytes()),
                    noise(100, i as u64 + 1),
                )
            })
            .collect();
        let size = build(&path, &entries);
        let open = |path: &std::path::Path, size: u64| {
            TableReader::open(path, std::fs::File::open(path).unwrap(), size).unwrap()
        };
        let table = open(&path, size);
        let handles = table.data_handles().unwrap();
        assert!(handles.len() > 20);
        let alone: Vec<Vec<u8>> = handles
            .iter()
            .map(|h| table.read_block_contents(*h).unwrap())
            .collect();
        let read = |table: &TableReader| {
            let mut got: Vec<Result<Vec<u8>, u64>> = Vec::new();
            table
                .each_block_read(&handles, &mut Vec::new(), |i, h, r| {
                    assert_eq!(h, handles[i]);
                    got.push(r.map(|d| d.into_owned()).map_err(|e| e.offset.unwrap()));
                    Ok(())
                })
                .unwrap();
            got
        };
        assert_eq!(
            read(&table),
            alone.iter().cloned().map(Ok).collect::<Vec<_>>()
        );
        // One flipped byte in block 7.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[(handles[7].offset + 3) as usize] ^= 0x40;
        let damaged = dir.path().join("000006.ldb");
        std::fs::write(&damaged, &bytes).unwrap();
        let got = read(&open(&damaged, size));
        for (i, r) in got.iter().enumerate() {
            match i {
                7 => assert_eq!(*r, Err(handles[7].offset)),
                _ => assert_eq!(r.as_ref().ok(), Some(&alone[i])),
            }
        }
        // Cut inside block 12, read with the size it had (its index intact
        // in memory): blocks 12 on fail, those before still read.
        let cut = dir.path().join("000007.ldb");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&cut, &bytes[..(handles[12].offset + 10) as usize]).unwrap();
        let got = read(&open(&path, size).with_file(&cut));
        for (i, r) in got.iter().enumerate() {
            if i < 12 {
                assert_eq!(r.as_ref().ok(), Some(&alone[i]));
            } else {
                assert_eq!(*r, Err(handles[i].offset), "block {i}");
            }
        }
    }

    /// Every entry of `table`, in order.
    fn read_all(table: &std::rc::Rc<TableReader>) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut got = Vec::new();
        let mut it = table.iter();
        it.seek_to_first().unwrap();
        while it.valid() {
            got.push((it.key().to_vec(), it.value().to_vec()));
            it.next().unwrap();
        }
        got
    }

    /// Writes a table of `entries` (internal keys in order) at `path`;
    /// returns its size.
    fn build(path: &std::path::Path, entries: &[(Vec<u8>, Vec<u8>)]) -> u64 {
        let file = std::fs::File::create(path).unwrap();
        let mut builder = TableBuilder::new(std::io::BufWriter::new(file));
        for (key, value) in entries {
            builder.add(key, value).unwrap();
        }
        let (mut out, size) = builder.finish().unwrap();
        out.flush().unwrap();
        assert_eq!(out.get_ref().metadata().unwrap().len(), size);
        size
    }

    #[test]
    fn separators_are_short_and_between_their_keys() {
        let sep = shortest_separator(&ikey(b"block:0x1234"), &ikey(b"block:0x5678"));
        assert_eq!(user_key(&sep), b"block:0x2");
        // One key a prefix of the other, or adjacent bytes: unchanged.
        let start = ikey(b"abc");
        assert_eq!(shortest_separator(&start, &ikey(b"abcd")), start);
        assert_eq!(
            shortest_separator(&ikey(b"ab1x"), &ikey(b"ab2")),
            ikey(b"ab1x")
        );
        assert_eq!(
            user_key(&short_successor(&ikey(b"\xff\xffab"))),
            b"\xff\xffb"
        );
        let all = ikey(b"\xff\xff");
        assert_eq!(short_successor(&all), all);
    }

    #[test]
    fn a_built_table_reads_back_every_entry_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000002.ldb");
        let mut expected = Vec::new();
        for i in 0..5000u64 {
            let key = format!("key:{i:06}");
            let value = format!(
                "{{\"n\":{i},\"pad\":\"{}\"}}",
                "x".repeat((i % 300) as usize)
            );
            let mut ikey = Vec::new();
            append_internal_key(&mut ikey, key.as_bytes(), i + 1, TYPE_VALUE);
            expected.push((ikey, value.into_bytes()));
        }
        let size = build(&path, &expected);
        let file = std::fs::File::open(&path).unwrap();
        let table = std::rc::Rc::new(TableReader::open(&path, file, size).unwrap());
        let got = read_all(&table);
        assert_eq!(got.len(), expected.len());
        assert!(got == expected);
    }

    #[test]
    fn a_large_entry_gets_a_block_of_its_own_written_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000002.ldb");
        // Compressible and incompressible large values, each of a size that
        // leaves a partial last piece, between small entries.
        let incompressible = noise(LARGE_ENTRY + 3 * PIECE + 17, 0x9e37_79b9_7f4a_7c15);
        let compressible = b"{\"block\":\"0xabc\"},".repeat(LARGE_ENTRY / 8);
        let mut expected = Vec::new();
        for i in 0..40u64 {
            let key = format!("key:{i:03}");
            let value: Vec<u8> = match i {
                7 => compressible.clone(),
                8 => incompressible.clone(),
                30 => compressible[..LARGE_ENTRY].to_vec(),
                _ => format!("small {i}").into_bytes(),
            };
            expected.push((ikey(key.as_bytes()), value));
        }
        let size = build(&path, &expected);
        let file = std::fs::File::open(&path).unwrap();
        let table = std::rc::Rc::new(TableReader::open(&path, file, size).unwrap());
        // Each large value is alone in a Snappy block, which the whole-block
        // decoder reads.
        let index = table.index().clone();
        let mut alone = 0;
        for i in 0..index.len() {
            let handle = table.decode_handle(index.value(i)).unwrap();
            let run = table.read_block(handle).unwrap();
            if run.len() == 1 && run.value(0).len() >= LARGE_ENTRY {
                assert_eq!(table.block_info(handle).compression, Some(SNAPPY));
                alone += 1;
            }
        }
        assert_eq!(alone, 3);
        let got = read_all(&table);
        assert!(got == expected);
        // The compressible values were compressed.
        assert!(size < (2 * compressible.len() + incompressible.len()) as u64);
        for (k, v) in &expected {
            assert_eq!(table.get(k).unwrap().map(|(_, v)| v).as_ref(), Some(v));
        }
    }

    #[test]
    fn a_large_snappy_block_is_read_as_it_is_decompressed_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000002.ldb");
        // Stored larger than the streaming threshold: half noise, half text.
        let mut value = noise(5 << 20, 0x2545_f491_4f6c_dd1d);
        value.extend(b"{\"height\":12345}".repeat(300_000));
        let entries = [
            (ikey(b"a"), b"1".to_vec()),
            (ikey(b"snapshot:big"), value.clone()),
            (ikey(b"z"), b"2".to_vec()),
        ];
        let size = build(&path, &entries);
        let open = |path: &std::path::Path| {
            let file = std::fs::File::open(path).unwrap();
            TableReader::open(path, file, size).unwrap()
        };
        let table = open(&path);
        let (_, got) = table.get(&ikey(b"snapshot:big")).unwrap().unwrap();
        assert!(got == value);
        let (_, z) = table.get(&ikey(b"z")).unwrap().unwrap();
        assert_eq!(z, b"2");
        // The block's handle, and a flipped byte in its middle.
        let handle = table.largest_block();
        assert!(handle.size >= 4 << 20, "{} bytes stored", handle.size);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[(handle.offset + handle.size / 2) as usize] ^= 0x10;
        let damaged = dir.path().join("000003.ldb");
        std::fs::write(&damaged, &bytes).unwrap();
        let err = open(&damaged).get(&ikey(b"snapshot:big")).unwrap_err();
        assert!(err.message.contains("checksum mismatch"), "{err:?}");
        assert_eq!(err.offset, Some(handle.offset));
        // A file cut inside the block.
        let cut = dir.path().join("000004.ldb");
        std::fs::write(&cut, &bytes[..(handle.offset + handle.size / 3) as usize]).unwrap();
        let err = crate::store::ldb::table::read_block_contents(
            &std::fs::File::open(&cut).unwrap(),
            &cut,
            size,
            handle,
        )
        .unwrap_err();
        assert!(err.message.contains("truncated"), "{err:?}");
    }

    #[test]
    fn a_large_block_is_decompressed_only_up_to_a_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000002.ldb");
        // Entries before and after a large value, in one block each side
        // of it, as the engine's compactions leave them.
        let mut value = noise(5 << 20, 0x5851_f42d_4c95_7f2d);
        value.extend(b"{\"root\":\"0xabc\"}".repeat(100_000));
        let mut entries: Vec<(Vec<u8>, Vec<u8>)> = (0..50)
            .map(|i| (ikey(format!("root:{i:03}").as_bytes()), b"1".to_vec()))
            .collect();
        entries.push((ikey(b"snapshot:big"), value.clone()));
        entries.extend((0..50).map(|i| (ikey(format!("state:{i:03}").as_bytes()), b"2".to_vec())));
        let size = build(&path, &entries);
        let table = std::rc::Rc::new(
            TableReader::open(&path, std::fs::File::open(&path).unwrap(), size).unwrap(),
        );
        let big = table.largest_block();
        // Cut before the large entry: none of it is decompressed.
        let cut = table.read_block_below(big, b"snapshot:").unwrap();
        assert_eq!(cut.len(), 0);
        // A bound past it keeps it.
        let whole = table.read_block_below(big, b"snapshot:big\0").unwrap();
        assert_eq!((whole.len(), whole.value(0)), (1, &value[..]));
        // Iterators below a bound give every entry before it, both ways.
        let below = |upper: &[u8]| -> Vec<Vec<u8>> {
            let mut it = table.iter_below(Some(std::rc::Rc::from(upper)));
            let mut keys = Vec::new();
            it.seek_to_first().unwrap();
            while it.valid() && user_key(it.key()) < upper {
                keys.push(it.key().to_vec());
                it.next().unwrap();
            }
            let mut back = Vec::new();
            it.seek_to_last().unwrap();
            while it.valid() {
                if user_key(it.key()) < upper {
                    back.push(it.key().to_vec());
                }
                it.prev().unwrap();
            }
            back.reverse();
            assert_eq!(keys, back);
            keys
        };
        let expected = |upper: &[u8]| -> Vec<Vec<u8>> {
            entries
                .iter()
                .map(|(k, _)| k.clone())
                .filter(|k| user_key(k) < upper)
                .collect()
        };
        for upper in [
            &b"snapshot:"[..],
            b"snapshot:big\0",
            b"state:010",
            b"root:020",
            b"a",
        ] {
            assert_eq!(
                below(upper),
                expected(upper),
                "{}",
                String::from_utf8_lossy(upper)
            );
        }
        // The checksum still covers the bytes never decompressed.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[(big.offset + big.size - 100) as usize] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let damaged = TableReader::open(&path, std::fs::File::open(&path).unwrap(), size).unwrap();
        let err = damaged.read_block_below(big, b"snapshot:").unwrap_err();
        assert!(err.message.contains("checksum mismatch"), "{err:?}");
    }
}
