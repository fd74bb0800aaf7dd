//! storectl: inspect and administer the LevelDB stores of the seed's
//! state-machine / block system.
//!
//! The library is the storage core ([`store`]); the `cli` module is the thin
//! command-line layer on top of it and is the only place that knows about
//! terminals, clap and exit codes.

pub mod cli;
pub mod error;
pub mod model;
pub mod store;

pub use error::{Result, StoreError};
