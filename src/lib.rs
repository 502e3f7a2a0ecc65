//! Ditto's engine: finds text that a web page repeats.
//!
//! Pure Rust, text in, report out. The browser extension cuts the page into
//! [`Block`]s, hands them to an [`Engine`] one batch at a time, and paints the
//! [`BatchReport`] it gets back. Nothing here knows about the DOM; the only
//! wasm-specific code is the thin facade in `wasm.rs`.

pub mod agency;
pub mod block;
pub mod boilerplate;
pub mod engine;
pub mod fingerprint;
mod index;
mod lists;
pub mod memory;
pub mod normalize;
pub mod packed;
pub mod report;
pub mod spelling;
pub mod story;
mod verdict;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use block::{Block, BlockKind, BlockRef};
pub use engine::Engine;
pub use report::{
    BatchReport, BlockReport, ChangedFact, Cluster, ListReport, ListedAbove, RepeatSpan, Totals,
};
