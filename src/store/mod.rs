//! The storage core: opening stores, keys, values, batches, scans, caching.

pub mod backup;
pub mod batch;
pub mod bulk;
pub mod cache;
pub mod checkpoint;
pub mod codec;
pub mod compact;
pub mod diff;
pub mod digest;
pub mod document;
pub mod dump;
pub mod durable;
pub mod env;
pub mod estimate;
pub mod fasthash;
#[cfg(test)]
mod fault;
pub mod files;
pub mod find;
pub mod follow;
pub mod ingest;
pub mod integrity;
pub mod json;
pub mod keys;
pub mod ldb;
pub mod open;
pub mod overlap;
mod parallel;
pub mod ranges;
pub mod salvage;
pub mod scan;
pub mod service;
pub mod sorter;
pub mod table_stream;
pub mod walk;
pub mod writer;

pub use batch::BatchOperation;
pub use cache::{CachedStorageService, LruCache};
pub use keys::Namespace;
pub use open::{Store, WriteAccess};
pub use scan::ScanRange;
pub use service::StorageService;
pub use writer::BatchProcessor;
