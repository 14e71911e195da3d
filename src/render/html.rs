//! The HTML report: one self-contained page (no network) with charts as inline SVG —
//! completion per area, the risk matrix as a heat map, the roadmap on a timeline — and a gaps
//! table a small inline script filters and sorts. Everything quoted is autoescaped.

use std::io::{self, Write};

use super::report::Report;
use crate::evaluate::Analysis;

/// Writes the HTML report of `analysis`.
pub fn write(out: &mut dyn Write, analysis: &Analysis) -> io::Result<()> {
    super::templates::render(out, "report.html", Report::new(analysis))
}
