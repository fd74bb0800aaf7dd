//! A table's live entries taken from its bytes as a copy reads them, in
//! file order: a backup hashes, copies and describes each table it can in
//! one read. Every data block passes the storage check's checks (checksum,
//! decompression, entry decoding, [`EntryChecks`], the manifest's range),
//! so a table that is damaged is an error naming it, never a shorter tally.

use super::integrity::EntryChecks;
use super::ldb::format::{parse_internal_key, BlockHandle, BLOCK_TRAILER_LEN, TYPE_VALUE};
use super::ldb::table::check_block_in;
use super::ldb::{ReadError, ReadResult, TableReader};

/// The data blocks of one table, decoded as its bytes are fed in order.
pub struct TableStream<'t> {
    table: &'t TableReader,
    /// The data blocks, in file order (as the index lists them).
    handles: Vec<BlockHandle>,
    /// The next block to decode.
    next: usize,
    /// File bytes fed so far.
    fed: u64,
    /// The bytes fed so far of a block not yet whole, from its start.
    partial: Vec<u8>,
    /// Each user key's newest version in the state described.
    newest: NewestVersions,
    checks: EntryChecks<'t>,
    /// The buffer blocks are decompressed into.
    decoded: Vec<u8>,
}

/// Picks, among a table's entries in order (a user key's versions newest
/// first), each user key's newest version visible at a sequence number:
/// the one that counts, a value or a deletion hiding the older ones.
pub struct NewestVersions {
    sequence: u64,
    /// The user key whose newest visible version was seen last.
    decided: Option<Vec<u8>>,
}

impl NewestVersions {
    /// The state at `sequence` (entries newer than it are not seen).
    pub fn at(sequence: u64) -> NewestVersions {
        NewestVersions {
            sequence,
            decided: None,
        }
    }

    /// The user key of the entry at internal key `key` (decodable) when
    /// it is its key's newest visible version and a value: a live entry.
    pub fn live<'k>(&mut self, key: &'k [u8]) -> Option<&'k [u8]> {
        let parsed = parse_internal_key(key).expect("a decodable internal key");
        if parsed.sequence > self.sequence || self.is_decided(parsed.user_key) {
            return None; // too new to see, or an older version
        }
        let last = self.decided.get_or_insert_with(Vec::new);
        last.clear();
        last.extend_from_slice(parsed.user_key);
        (parsed.kind == TYPE_VALUE).then_some(parsed.user_key)
    }

    /// Whether `user_key` is the key decided last: lengths, then the last
    /// eight bytes (where neighbouring keys most often differ), then all.
    #[inline(always)]
    fn is_decided(&self, user_key: &[u8]) -> bool {
        let Some(decided) = self.decided.as_deref() else {
            return false;
        };
        let n = user_key.len();
        if decided.len() != n {
            return false;
        }
        if n >= 8 {
            let last_word =
                |k: &[u8]| u64::from_le_bytes(k[n - 8..].try_into().expect("eight bytes"));
            if last_word(decided) != last_word(user_key) {
                return false;
            }
        }
        decided == user_key
    }
}

impl<'t> TableStream<'t> {
    /// A walk of `table`'s data blocks (its index read already) for the
    /// state at `sequence`.
    pub fn new(table: &'t TableReader, sequence: u64) -> ReadResult<TableStream<'t>> {
        let handles = table.data_handles()?;
        // Each block after the one before it, trailer included.
        let trailer = BLOCK_TRAILER_LEN as u64;
        if let Some(w) = handles
            .windows(2)
            .find(|w| w[1].offset < w[0].offset + w[0].size + trailer)
        {
            return Err(ReadError::corrupt(
                table.path(),
                Some(w[1].offset),
                "the index lists data blocks out of file order",
            ));
        }
        Ok(TableStream {
            table,
            handles,
            next: 0,
            fed: 0,
            partial: Vec::new(),
            newest: NewestVersions::at(sequence),
            checks: EntryChecks::new(table),
            decoded: Vec::new(),
        })
    }

    /// How many data blocks the table's index lists.
    pub fn data_blocks(&self) -> usize {
        self.handles.len()
    }

    /// The next bytes of the file; `live` is called with each user key's
    /// newest visible version that is a value (not a deletion), in key
    /// order, for every data block these bytes complete.
    pub fn feed(&mut self, chunk: &[u8], live: &mut impl FnMut(&[u8], &[u8])) -> ReadResult<()> {
        let chunk_at = self.fed;
        self.fed += chunk.len() as u64;
        while let Some(&handle) = self.handles.get(self.next) {
            let end = handle.offset + handle.size + BLOCK_TRAILER_LEN as u64;
            if end > self.fed {
                // Not whole yet: keep what this chunk holds of it.
                if handle.offset < self.fed {
                    let from = handle.offset.max(chunk_at) - chunk_at;
                    self.partial.extend_from_slice(&chunk[from as usize..]);
                }
                return Ok(());
            }
            let mut partial = std::mem::take(&mut self.partial);
            let raw: &[u8] = if handle.offset >= chunk_at {
                let from = (handle.offset - chunk_at) as usize;
                &chunk[from..(end - chunk_at) as usize]
            } else {
                partial.extend_from_slice(&chunk[..(end - chunk_at) as usize]);
                &partial
            };
            self.block(handle, raw, live)?;
            partial.clear();
            self.partial = partial;
            self.next += 1;
        }
        Ok(())
    }

    fn block(
        &mut self,
        handle: BlockHandle,
        raw: &[u8],
        live: &mut impl FnMut(&[u8], &[u8]),
    ) -> ReadResult<()> {
        let path = self.table.path();
        let data = check_block_in(raw, path, handle.offset, &mut self.decoded)?.of(&self.decoded);
        let newest = &mut self.newest;
        self.checks
            .block(self.next, handle, data, |key, value| {
                // Decodable: checked by EntryChecks.
                if let Some(user_key) = newest.live(key) {
                    live(user_key, value);
                }
            })
            .map_err(|m| ReadError::corrupt(path, Some(handle.offset), m))
    }

    /// Ends the walk once the whole file was fed: every data block must
    /// have been whole, and the keys inside the manifest's range
    /// `smallest ..= largest` (internal keys).
    pub fn finish(self, smallest: &[u8], largest: &[u8]) -> ReadResult<()> {
        let path = self.table.path();
        if self.fed != self.table.size() {
            return Err(ReadError::corrupt(
                path,
                None,
                format!(
                    "{} bytes were read of a {}-byte table: did it change while it was copied?",
                    self.fed,
                    self.table.size()
                ),
            ));
        }
        if let Some(handle) = self.handles.get(self.next) {
            return Err(ReadError::corrupt(
                path,
                Some(handle.offset),
                "the data block runs past the end of the file",
            ));
        }
        self.checks
            .within(smallest, largest)
            .map_err(|m| ReadError::corrupt(path, None, m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bulk::StoreBuilder;
    use crate::store::ldb::open_version;

    /// Every live entry of every table, fed in chunks of each size: the
    /// same entries as the read path's scan, whatever the chunking.
    #[test]
    fn entries_fed_in_any_chunks_are_the_tables_entries() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = StoreBuilder::new(dir.path()).with_table_bytes(16 << 10);
        let mut expected = Vec::new();
        for i in 0..3000u32 {
            let key = format!("k{:08}", i.wrapping_mul(2_654_435_761) % 1_000_000_007);
            expected.push(key);
        }
        expected.sort();
        expected.dedup();
        for (i, key) in expected.iter().enumerate() {
            let value = "v".repeat(i % 300);
            builder.add(key.as_bytes(), value.as_bytes()).unwrap();
        }
        builder.finish().unwrap();
        let version = open_version(dir.path()).unwrap();
        let tables: Vec<_> = version.tables().cloned().collect();
        assert!(tables.len() > 3);
        for chunk in [1usize, 7, 4096, 1 << 20] {
            let mut seen = Vec::new();
            for t in &tables {
                let path = t.table.path().to_path_buf();
                let bytes = std::fs::read(&path).unwrap();
                let file = std::fs::File::open(&path).unwrap();
                let reader = TableReader::open(&path, file, bytes.len() as u64).unwrap();
                let mut stream = TableStream::new(&reader, version.sequence()).unwrap();
                for part in bytes.chunks(chunk) {
                    stream
                        .feed(part, &mut |k, v| {
                            seen.push((String::from_utf8(k.to_vec()).unwrap(), v.len()))
                        })
                        .unwrap();
                }
                stream.finish(&t.smallest, &t.largest).unwrap();
            }
            let want: Vec<(String, usize)> = expected
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i % 300))
                .collect();
            assert_eq!(seen, want, "chunks of {chunk}");
        }
    }

    /// One table holding several versions of keys and deletions (a
    /// memtable flushed): the newest visible version of each key, and
    /// nothing for a deleted one; older versions at an older sequence.
    #[test]
    fn newest_visible_versions_and_no_deleted_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::create_in(dir.path());
        let write = |store: &mut crate::store::Store, ops: &[(&str, Option<&str>)]| {
            let mut batch = rusty_leveldb::WriteBatch::default();
            for (k, v) in ops {
                match v {
                    Some(v) => batch.put(k.as_bytes(), v.as_bytes()),
                    None => batch.delete(k.as_bytes()),
                }
            }
            store.write(batch).unwrap();
        };
        write(
            &mut store,
            &[("a", Some("1")), ("b", Some("1")), ("c", Some("1"))],
        );
        write(&mut store, &[("a", Some("2")), ("b", None)]);
        write(&mut store, &[("c", None), ("d", Some("1"))]);
        store.flush_memtable().unwrap();
        store.close().unwrap();
        let version = open_version(dir.path()).unwrap();
        let tables: Vec<_> = version.tables().cloned().collect();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        let path = t.table.path().to_path_buf();
        let bytes = std::fs::read(&path).unwrap();
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let live_at = |sequence: u64| {
            let file = std::fs::File::open(&path).unwrap();
            let reader = TableReader::open(&path, file, bytes.len() as u64).unwrap();
            let mut stream = TableStream::new(&reader, sequence).unwrap();
            let mut seen = Vec::new();
            for part in bytes.chunks(5) {
                stream
                    .feed(part, &mut |k, v| {
                        seen.push(format!("{}={}", lossy(k), lossy(v)))
                    })
                    .unwrap();
            }
            stream.finish(&t.smallest, &t.largest).unwrap();
            seen
        };
        assert_eq!(version.sequence(), 7);
        assert_eq!(live_at(7), ["a=2", "d=1"]);
        assert_eq!(live_at(3), ["a=1", "b=1", "c=1"]);
    }

    #[test]
    fn a_damaged_or_short_table_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = StoreBuilder::new(dir.path()).with_table_bytes(1 << 20);
        for i in 0..2000u32 {
            builder
                .add(format!("k{i:06}").as_bytes(), &[b'x'; 100])
                .unwrap();
        }
        builder.finish().unwrap();
        let version = open_version(dir.path()).unwrap();
        let t = version.tables().next().unwrap().clone();
        let path = t.table.path().to_path_buf();
        let bytes = std::fs::read(&path).unwrap();
        let open = || {
            let file = std::fs::File::open(&path).unwrap();
            TableReader::open(&path, file, bytes.len() as u64).unwrap()
        };
        // A flipped byte in a data block.
        let reader = open();
        let mut stream = TableStream::new(&reader, version.sequence()).unwrap();
        let mut flipped = bytes.clone();
        flipped[100] ^= 0x40;
        let err = stream.feed(&flipped, &mut |_, _| {}).unwrap_err();
        assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
        assert!(err.to_string().contains("checksum"), "{err}");
        // Fewer bytes than the table has.
        let reader = open();
        let mut stream = TableStream::new(&reader, version.sequence()).unwrap();
        stream
            .feed(&bytes[..bytes.len() / 2], &mut |_, _| {})
            .unwrap();
        let err = stream.finish(&t.smallest, &t.largest).unwrap_err();
        assert!(err.to_string().contains("did it change"), "{err}");
        // Keys outside the range the manifest gives the table.
        let reader = open();
        let mut stream = TableStream::new(&reader, version.sequence()).unwrap();
        stream.feed(&bytes, &mut |_, _| {}).unwrap();
        let err = stream.finish(&t.smallest, &t.smallest).unwrap_err();
        assert!(
            err.to_string().contains("outside the manifest's range"),
            "{err}"
        );
    }
}
