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
pub use evidence::{Evidence, FileRole};
pub use inventory::*;
pub use store::{build, is_under, FilesSummary, Inventory, LanguageStats, OwnerIndex};

/// Everything the extractors found in one file.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub components: Vec<ComponentDecl>,
    pub dependencies: Vec<Dependency>,
    pub locked: Vec<LockedPackage>,
    pub doc: Option<DocFile>,
    pub config: Option<ConfigFile>,
    pub infra: infra::InfraFacts,
    pub code: CodeFacts,
    pub notes: Vec<Note>,
}

/// A pattern that matched a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternHit {
    /// Index of the pattern in its pattern set (`search::PatternSet`).
    pub pattern: usize,
    pub evidence: Evidence,
}

/// One file as the scan saw it: its record, what the extractors found in it (when they read
/// it) and the target's patterns that matched it.
#[derive(Debug)]
pub struct FileObservation {
    pub record: FileRecord,
    pub facts: Option<FileFacts>,
    pub hits: Vec<PatternHit>,
}

/// Every file the scan saw, with what it skipped and noted, in no particular order (the
/// fact store sorts).
#[derive(Debug, Default)]
pub struct Observations {
    pub files: Vec<FileObservation>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Note>,
}
