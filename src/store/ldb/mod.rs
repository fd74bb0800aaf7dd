//! storectl's own LevelDB read path: the file formats (tables, logs,
//! manifests) read directly, with LevelDB's names for each layer so the
//! code can be held against LevelDB's documentation.
//!
//! rusty-leveldb writes stores; everything storectl reads goes through
//! this module. Reads never write, lock or compact, and every failure to
//! read a live file is an error naming the file and offset.

pub mod block;
pub mod db_iter;
pub mod error;
pub mod filter;
pub mod format;
pub mod iter;
pub mod log;
pub mod manifest;
pub mod memtable;
pub mod table;
pub mod version;
pub mod view;

pub use db_iter::DbIter;
pub use error::{ReadError, ReadErrorKind, ReadResult};
pub use manifest::Manifest;
pub use table::TableReader;
pub use version::Version;
pub use view::open_version;
