//! `TableReader`: one sorted table file (`*.ldb` / `*.sst`) read directly —
//! footer, index block, filter block and data blocks, every block's CRC-32C
//! checked and Snappy blocks decompressed, as C++ LevelDB reads with
//! `ReadOptions::verify_checksums`.

use super::block::{RunCursor, SortedRun};
pub use super::block_read::{
    check_block, check_block_in, decode_block_bytes, read_block_contents, Decoded,
};
use super::block_read::{read_block_upto, STREAMED_BLOCK};
pub(crate) use super::block_read::{read_exact_at, read_exact_into};
use super::error::{ReadError, ReadResult};
use super::filter::{FilterBlock, FILTER_META_KEY};
use super::format::{fixed64, user_key, BlockHandle, BLOCK_TRAILER_LEN, FOOTER_LEN, TABLE_MAGIC};
use super::iter::{ChildSource, TwoLevelIter};
use std::borrow::Cow;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One block of a table as `inspect table` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockInfo {
    /// Where the block is.
    pub handle: BlockHandle,
    /// The compression type byte (0 none, 1 Snappy), when it could be read.
    pub compression: Option<u8>,
    /// What is wrong with it (bad checksum, past the end), if anything.
    pub problem: Option<String>,
}

/// An open table file with its index (and filter) in memory.
#[derive(Debug)]
pub struct TableReader {
    path: PathBuf,
    file: File,
    size: u64,
    index_handle: BlockHandle,
    metaindex_handle: BlockHandle,
    index: Rc<SortedRun>,
    filter: Option<FilterBlock>,
}

/// Bytes of adjacent blocks read with one call by
/// [`TableReader::for_each_block`].
pub const READ_SPAN: u64 = 256 << 10;

/// A block as [`TableReader::each_block_bytes`] hands it over.
enum BlockBytes<'a> {
    /// Its bytes, trailer included, not yet checked.
    Raw(&'a [u8]),
    /// Read (and checked) on its own.
    Read(ReadResult<Vec<u8>>),
}

impl TableReader {
    /// Opens the table in `file` whose length is `size`: reads and checks
    /// the footer, the index block and the filter block.
    pub fn open(path: &Path, file: File, size: u64) -> ReadResult<TableReader> {
        let corrupt = |offset, msg: String| ReadError::corrupt(path, offset, msg);
        if size < FOOTER_LEN as u64 {
            return Err(corrupt(
                None,
                format!(
                    "file is {size} bytes, shorter than a table footer (truncated or not a table)"
                ),
            ));
        }
        let footer_at = size - FOOTER_LEN as u64;
        let footer = read_exact_at(&file, path, footer_at, FOOTER_LEN)?;
        if fixed64(&footer, 40) != Some(TABLE_MAGIC) {
            return Err(corrupt(
                Some(footer_at),
                "bad table magic number (truncated or not a table)".into(),
            ));
        }
        let mut pos = 0;
        let (Some(metaindex_handle), Some(index_handle)) = (
            BlockHandle::decode(&footer, &mut pos),
            BlockHandle::decode(&footer, &mut pos),
        ) else {
            return Err(corrupt(Some(footer_at), "undecodable table footer".into()));
        };
        let mut table = TableReader {
            path: path.to_path_buf(),
            file,
            size,
            index_handle,
            metaindex_handle,
            index: Rc::new(SortedRun::default()),
            filter: None,
        };
        table.index = table.read_block(index_handle)?;
        let meta = table.read_block(metaindex_handle)?;
        let at = meta.seek_by(FILTER_META_KEY, |a, b| a.cmp(b));
        if at < meta.len() && meta.key(at) == FILTER_META_KEY {
            let handle = BlockHandle::decode_all(meta.value(at)).ok_or_else(|| {
                corrupt(
                    Some(metaindex_handle.offset),
                    "bad filter block handle".into(),
                )
            })?;
            let data = table.read_block_contents(handle)?;
            table.filter =
                Some(FilterBlock::new(data).map_err(|m| corrupt(Some(handle.offset), m))?);
        }
        Ok(table)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Length of the file.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The index block: separator keys and the handles of data blocks.
    pub fn index(&self) -> &Rc<SortedRun> {
        &self.index
    }

    /// Handles of the index and metaindex blocks.
    pub fn meta_handles(&self) -> (BlockHandle, BlockHandle) {
        (self.index_handle, self.metaindex_handle)
    }

    /// Whether the table has a filter block.
    pub fn has_filter(&self) -> bool {
        self.filter.is_some()
    }

    /// Whether the filter allows `user_key` in the data block at `offset`.
    pub fn filter_may_contain(&self, offset: u64, user_key: &[u8]) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| f.may_contain(offset, user_key))
    }

    /// The checked, decompressed contents of a block.
    pub fn read_block_contents(&self, handle: BlockHandle) -> ReadResult<Vec<u8>> {
        read_block_contents(&self.file, &self.path, self.size, handle)
    }

    /// Checks a block's checksum without decoding it.
    pub fn block_info(&self, handle: BlockHandle) -> BlockInfo {
        let compression = handle
            .offset
            .checked_add(handle.size)
            .filter(|end| end + BLOCK_TRAILER_LEN as u64 <= self.size)
            .and_then(|end| read_exact_at(&self.file, &self.path, end, 1).ok())
            .map(|b| b[0]);
        let problem = self.read_block_contents(handle).err().map(|e| e.message);
        BlockInfo {
            handle,
            compression,
            problem,
        }
    }

    /// The metaindex block's entries: (name, handle), e.g. the filter block.
    pub fn metaindex(&self) -> ReadResult<Vec<(Vec<u8>, BlockHandle)>> {
        let meta = self.read_block(self.metaindex_handle)?;
        (0..meta.len())
            .map(|i| {
                let handle = BlockHandle::decode_all(meta.value(i)).ok_or_else(|| {
                    ReadError::corrupt(
                        &self.path,
                        Some(self.metaindex_handle.offset),
                        "bad block handle in the metaindex",
                    )
                })?;
                Ok((meta.key(i).to_vec(), handle))
            })
            .collect()
    }

    /// Reads, checks and decodes a block.
    pub fn read_block(&self, handle: BlockHandle) -> ReadResult<Rc<SortedRun>> {
        self.decode(handle, self.read_block_contents(handle)?)
    }

    /// A block's checked contents decoded into its entries.
    fn decode(&self, handle: BlockHandle, data: Vec<u8>) -> ReadResult<Rc<SortedRun>> {
        SortedRun::decode_block(data)
            .map(Rc::new)
            .map_err(|m| ReadError::corrupt(&self.path, Some(handle.offset), m))
    }

    /// The handles of every data block, in the index's order.
    pub fn data_handles(&self) -> ReadResult<Vec<BlockHandle>> {
        let index = self.index();
        (0..index.len())
            .map(|i| self.decode_handle(index.value(i)))
            .collect()
    }

    /// Decodes the block handle stored as an index entry's value.
    pub fn decode_handle(&self, index_value: &[u8]) -> ReadResult<BlockHandle> {
        BlockHandle::decode_all(index_value).ok_or_else(|| {
            ReadError::corrupt(
                &self.path,
                Some(self.index_handle.offset),
                "undecodable block handle in the index block",
            )
        })
    }

    /// Reads the blocks at `handles` (in file order) and hands each one's
    /// checked, decompressed contents to `each` with its position in
    /// `handles`. Adjacent blocks are read together, up to [`READ_SPAN`]
    /// bytes at a time, into `raw` (reused); a large Snappy block is
    /// decompressed as it is read. The first block that does not read
    /// ends the walk with its error.
    pub fn for_each_block(
        &self,
        handles: &[BlockHandle],
        raw: &mut Vec<u8>,
        mut each: impl FnMut(usize, BlockHandle, &[u8]) -> ReadResult<()>,
    ) -> ReadResult<()> {
        // One buffer for every block decompressed.
        let mut buf = Vec::new();
        self.each_block_bytes(handles, raw, |i, handle, bytes| match bytes {
            BlockBytes::Raw(raw) => {
                let decoded = check_block_in(raw, &self.path, handle.offset, &mut buf)?;
                each(i, handle, decoded.of(&buf))
            }
            BlockBytes::Read(read) => each(i, handle, &read?),
        })
    }

    /// [`TableReader::for_each_block`] that goes on past blocks that do
    /// not read: `each` gets every block's contents or the error reading
    /// it (a span that does not read whole is read again block by block,
    /// so each block has its own answer).
    pub fn each_block_read(
        &self,
        handles: &[BlockHandle],
        raw: &mut Vec<u8>,
        mut each: impl FnMut(usize, BlockHandle, ReadResult<Cow<'_, [u8]>>) -> ReadResult<()>,
    ) -> ReadResult<()> {
        self.each_block_bytes(handles, raw, |i, handle, bytes| {
            let read = match bytes {
                BlockBytes::Raw(raw) => check_block(raw, &self.path, handle.offset),
                BlockBytes::Read(read) => read.map(Cow::Owned),
            };
            each(i, handle, read)
        })
    }

    /// The blocks at `handles` (in file order) as read: adjacent blocks
    /// together, up to [`READ_SPAN`] bytes at a time, into `raw` (reused),
    /// their bytes not yet checked; a large block, or each block of a span
    /// that does not read whole, read and checked alone.
    fn each_block_bytes(
        &self,
        handles: &[BlockHandle],
        raw: &mut Vec<u8>,
        mut each: impl FnMut(usize, BlockHandle, BlockBytes<'_>) -> ReadResult<()>,
    ) -> ReadResult<()> {
        let mut at = 0;
        while at < handles.len() {
            if handles[at].size >= STREAMED_BLOCK {
                let read = self.read_block_contents(handles[at]);
                each(at, handles[at], BlockBytes::Read(read))?;
                at += 1;
                continue;
            }
            let start = handles[at].offset;
            let mut end = at;
            let mut span_end = start + handles[at].size + BLOCK_TRAILER_LEN as u64;
            while end + 1 < handles.len()
                && handles[end + 1].offset == span_end
                && handles[end + 1].size < STREAMED_BLOCK
                && span_end - start < READ_SPAN
            {
                end += 1;
                span_end += handles[end].size + BLOCK_TRAILER_LEN as u64;
            }
            let len = (span_end - start) as usize;
            let whole = span_end <= self.size
                && read_exact_into(&self.file, &self.path, start, len, raw).is_ok();
            for (i, handle) in handles.iter().enumerate().take(end + 1).skip(at) {
                let bytes = if whole {
                    let from = (handle.offset - start) as usize;
                    let to = from + handle.size as usize + BLOCK_TRAILER_LEN;
                    BlockBytes::Raw(&raw[from..to])
                } else {
                    BlockBytes::Read(self.read_block_contents(*handle))
                };
                each(i, *handle, bytes)?;
            }
            at = end + 1;
        }
        Ok(())
    }

    /// The first entry `>= lookup` (an internal key) if it has the same
    /// user key: the newest version of that key visible at the lookup's
    /// sequence. Data blocks the filter rules out are not read.
    pub fn get(&self, lookup: &[u8]) -> ReadResult<Option<(Vec<u8>, Vec<u8>)>> {
        let wanted = user_key(lookup);
        let mut index = RunCursor::new(self.index.clone());
        index.seek(lookup);
        while index.valid() {
            let handle = self.decode_handle(index.value())?;
            if !self.filter_may_contain(handle.offset, wanted) {
                return Ok(None);
            }
            let block = self.read_block(handle)?;
            let at = block.seek(lookup);
            if at < block.len() {
                let key = block.key(at);
                if user_key(key) != wanted {
                    return Ok(None);
                }
                let key = key.to_vec();
                // A large value is not copied out of its block.
                let value = match Rc::try_unwrap(block) {
                    Ok(run) => run.into_value(at),
                    Err(block) => block.value(at).to_vec(),
                };
                return Ok(Some((key, value)));
            }
            // Every entry of this block is before the lookup key: the answer
            // is the first entry of the next block.
            index.next();
        }
        Ok(None)
    }

    /// An iterator over every entry of the table.
    pub fn iter(self: &Rc<Self>) -> TwoLevelIter<Rc<TableReader>> {
        TwoLevelIter::new(RunCursor::new(self.index.clone()), self.clone())
    }

    /// An iterator over the table's entries whose user keys are below
    /// `upper` (`None`: all): entries at or past it may be missing (see
    /// [`Self::read_block_below`]).
    pub fn iter_below(self: &Rc<Self>, upper: Option<Rc<[u8]>>) -> TwoLevelIter<TableBlocks> {
        TwoLevelIter::new(
            RunCursor::new(self.index.clone()),
            TableBlocks {
                table: self.clone(),
                upper,
            },
        )
    }

    /// The block at `handle`, cut before its first entry whose user key is
    /// `>= upper`: a large Snappy block (a snapshot of a whole store shares
    /// one with the keys before it once the engine has compacted it) is
    /// decompressed only that far; its checksum is still checked over
    /// every stored byte. Other blocks are read whole.
    pub fn read_block_below(&self, handle: BlockHandle, upper: &[u8]) -> ReadResult<Rc<SortedRun>> {
        let data = read_block_upto(&self.file, &self.path, self.size, handle, Some(upper))?;
        self.decode(handle, data)
    }
}

#[cfg(test)]
impl TableReader {
    /// This reader over another file (read as if it were this table: a
    /// file cut short after the table was opened).
    pub fn with_file(self, path: &Path) -> TableReader {
        TableReader {
            file: File::open(path).expect("open"),
            path: path.to_path_buf(),
            ..self
        }
    }

    /// The handle of the table's largest data block (tests of large values).
    pub fn largest_block(&self) -> BlockHandle {
        (0..self.index.len())
            .map(|i| self.decode_handle(self.index.value(i)).expect("a handle"))
            .max_by_key(|h| h.size)
            .expect("a data block")
    }
}

/// A table's data blocks below an upper bound (see
/// [`TableReader::iter_below`]).
pub struct TableBlocks {
    table: Rc<TableReader>,
    upper: Option<Rc<[u8]>>,
}

impl ChildSource for TableBlocks {
    type Child = RunCursor;

    fn open_child(&self, index_value: &[u8]) -> ReadResult<RunCursor> {
        let handle = self.table.decode_handle(index_value)?;
        let block = match &self.upper {
            Some(upper) => self.table.read_block_below(handle, upper)?,
            None => self.table.read_block(handle)?,
        };
        Ok(RunCursor::new(block))
    }
}

impl ChildSource for Rc<TableReader> {
    type Child = RunCursor;

    fn open_child(&self, index_value: &[u8]) -> ReadResult<RunCursor> {
        let handle = self.decode_handle(index_value)?;
        Ok(RunCursor::new(self.read_block(handle)?))
    }
}
