//! storectl's own LevelDB read path: the file formats (tables, logs,
//! manifests) read directly, with LevelDB's names for each layer so the
//! code can be held against LevelDB's documentation.
//!
//! rusty-leveldb writes stores, except new stores built from sorted input,
//! whose tables and manifest `TableBuilder` and `LogWriter` write (see
//! `store::bulk`). Everything storectl reads goes through this module.
//! Reads never write, lock or compact, and every failure to read a live
//! file is an error naming the file and offset.

pub mod block;
pub mod block_read;
pub mod db_iter;
pub mod error;
pub mod filter;
pub mod format;
pub mod greatest;
pub mod iter;
pub mod log;
pub mod log_writer;
pub mod manifest;
pub mod memtable;
pub mod snappy;
pub mod table;
pub mod table_builder;
pub mod version;
pub mod view;

pub use db_iter::DbIter;
pub use error::{ReadError, ReadErrorKind, ReadResult};
pub use log_writer::LogWriter;
pub use manifest::Manifest;
pub use table::TableReader;
pub use table_builder::TableBuilder;
pub use version::Version;
pub use view::open_version;
