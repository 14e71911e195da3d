//! gapscope: gap analyses from evidence.
//!
//! The pipeline, one module per stage:
//! [`walk`] (parallel, `.gitignore`-aware, classifies each file) →
//! [`extract`] (facts per file) →
//! [`facts`] (the fact store: components, dependencies, infrastructure) →
//! evaluate → plan →
//! [`render`] (text, JSON).
//! [`scan`] runs the first three stages; [`cli`] is the command line as a library function.

pub mod analyze;
pub mod cli;
pub mod config;
pub mod evaluate;
pub mod extract;
pub mod facts;
pub mod render;
pub mod scan;
pub mod target;
pub mod walk;
