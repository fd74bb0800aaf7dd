//! The seed's data model over the storage core: blocks and their height
//! index, machine states and their roots.

pub mod block;
pub mod chain;
pub mod estimate;
pub mod fixture;
pub mod height;
pub mod prune;
pub mod snapshot;
mod snapshot_codec;
mod snapshot_create;
mod snapshot_restore;
mod snapshot_view;
pub mod state;
pub mod stats;
pub mod verify;
mod verify_blocks;
mod verify_digest;
pub mod verify_feed;
mod verify_progress;
mod verify_ranges;
mod verify_report;
mod verify_states;
mod verify_walk;
mod verify_wording;

pub use block::{BlockMeta, BlockStorage, ValidBlock};
pub use state::{MachineStateStorage, ValidState};
