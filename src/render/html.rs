//! The HTML report: one self-contained page (no network) with charts as inline SVG —
//! completion per area, the risk matrix as a heat map, the roadmap on a timeline — and a gaps
//! table a small inline script filters and sorts, and, when the repository has a run history,
//! completion and open gaps over the runs. Everything quoted is autoescaped.

use std::io::{self, Write};

use super::report::Report;
use crate::history::Trend;
use crate::results::Analysis;

/// Writes the HTML report of `analysis`, with a chart of the run history when `trend` has runs.
pub fn write(out: &mut dyn Write, analysis: &Analysis, trend: Option<&Trend>) -> io::Result<()> {
    super::templates::render(
        out,
        "report.html",
        Report::new(analysis).with_history(trend),
    )
}
