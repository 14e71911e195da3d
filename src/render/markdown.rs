//! The Markdown report: the sections of a hand-written gap analysis (executive summary, status
//! by area, components, gaps, what is solid, risk matrix, roadmap, success criteria,
//! checklist, methodology), from `templates/report.md`.

use std::io::{self, Write};

use super::report::Report;
use crate::results::Analysis;

/// Writes the Markdown report of `analysis`.
pub fn write(out: &mut dyn Write, analysis: &Analysis) -> io::Result<()> {
    super::templates::render(out, "report.md", Report::new(analysis))
}
