//! The raw material of size estimates without a scan (`metrics --fast`):
//! every data block of the live tables, known from the tables' index
//! blocks alone, and the entries of the live logs. Reading a block is left
//! to the caller, which samples a few.

use super::ldb::format::{parse_internal_key, user_key, BlockHandle, TYPE_VALUE};
use super::ldb::{ReadError, TableReader, Version};
use crate::Result;
use std::rc::Rc;

/// One data block of a live table.
pub struct DataBlock {
    table: Rc<TableReader>,
    handle: BlockHandle,
    /// A key that classifies the block: its index separator (at or after
    /// its last key), or the table's largest key for a table's last block.
    pub key: Vec<u8>,
    /// Whether it is its table's first data block.
    pub first_in_table: bool,
}

/// A write: (LevelDB key, value length), or no length for a deletion.
pub type Sized = (Vec<u8>, Option<u64>);

impl DataBlock {
    /// The writes stored in the block, in key order (newest first for a
    /// key).
    pub fn values(&self) -> Result<Vec<Sized>> {
        let run = self.table.read_block(self.handle)?;
        values_of(&run).ok_or_else(|| {
            ReadError::corrupt(
                self.table.path(),
                Some(self.handle.offset),
                "a data block entry's key is not an internal key",
            )
            .into()
        })
    }
}

/// The writes of a sorted run of internal keys; `None` when a key does
/// not parse.
fn values_of(run: &super::ldb::block::SortedRun) -> Option<Vec<Sized>> {
    (0..run.len())
        .map(|i| {
            let parsed = parse_internal_key(run.key(i))?;
            let len = (parsed.kind == TYPE_VALUE).then(|| run.value(i).len() as u64);
            Some((parsed.user_key.to_vec(), len))
        })
        .collect()
}

/// Every data block of every live table, newest table first (level 0
/// newest first, then each level in key order), from the index blocks (already
/// read and checked when the version was opened): no data block is read.
pub fn data_blocks(version: &Version) -> Result<Vec<DataBlock>> {
    let mut blocks = Vec::new();
    for live in version.tables() {
        let table = live.table.reader()?;
        let index = table.index();
        for i in 0..index.len() {
            let handle = table.decode_handle(index.value(i))?;
            let key = if i + 1 == index.len() {
                user_key(&live.largest)
            } else {
                user_key(index.key(i))
            };
            blocks.push(DataBlock {
                table: table.clone(),
                handle,
                key: key.to_vec(),
                first_in_table: i == 0,
            });
        }
    }
    Ok(blocks)
}

/// The writes of the live logs (not yet in a table), newest first for a key.
pub fn log_values(version: &Version) -> Vec<Sized> {
    values_of(version.memtable()).expect("the log reader builds internal keys")
}
