//! The fact store: what gapscope observed in a repository, each fact with its evidence.
//!
//! Facts are produced by the extractors (one file at a time) and joined here across files
//! (files to components, lock files to declared dependencies). This module owns the shapes that
//! every later stage reads; it must not read files or know any output format.

pub mod code;
mod evidence;
pub mod graph;
pub mod infra;
mod inventory;
pub mod store;

pub use code::CodeFacts;
pub use evidence::{redact, Evidence, FileRole};
pub use inventory::*;
pub use store::{build, is_under, FilesSummary, Inventory, LanguageStats, OwnerIndex};
