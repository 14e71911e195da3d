//! gapscope: gap analyses from evidence.
//!
//! The pipeline, one module per stage:
//! [`walk`] (parallel, `.gitignore`-aware, classifies each file) →
//! [`extract`] (facts per file) →
//! [`facts`] (the fact store: components, dependencies, infrastructure) →
//! [`evaluate`] (findings) →
//! [`plan`] (gap ids, phases, critical path, risk) →
//! [`render`] (text, JSON, Markdown, HTML, SARIF).
//! [`diff`] compares two saved analyses; [`baseline`] freezes accepted gaps for CI;
//! [`history`] records runs and their trend.
//! [`scan`] runs the first three stages; [`cli`] is the command line as a library function.

/// `Display` through the type's `as_str`: the enums whose printed names are their serde names.
#[macro_export]
#[doc(hidden)]
macro_rules! display_via_as_str {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod analyze;
pub mod baseline;
pub mod claims;
pub mod cli;
pub mod codes;
pub mod config;
pub mod diff;
pub mod evaluate;
pub mod extract;
pub mod facts;
#[doc(hidden)]
pub mod fuzz;
pub mod gate;
pub mod history;
pub mod input;
pub mod plan;
pub mod render;
pub mod results;
pub mod rules;
pub mod scan;
pub mod search;
pub mod text;
pub mod verify;
pub mod walk;
