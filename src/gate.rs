//! Gates: which findings make a CI run fail (`--fail-on`). A gate fails on open findings
//! (missing or partial) at or above a priority, leaving out suppressed findings and those
//! already open in the baseline the run was given.

use crate::results::{Analysis, Finding};
use crate::rules::Priority;

/// The findings that fail a gate at `threshold`, in the analysis' order.
pub fn failing(analysis: &Analysis, threshold: Priority) -> Vec<&Finding> {
    analysis
        .findings
        .iter()
        .filter(|f| {
            f.is_open() && f.suppressed.is_none() && !f.in_baseline && f.priority <= threshold
        })
        .collect()
}
