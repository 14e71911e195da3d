//! `gapscope diff` for a terminal and as a Markdown section.

use std::io::{self, Write};

use super::terminal_safe as safe;
use crate::diff::{Change, Diff};

fn percent(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "n/a".into())
}

fn delta(d: Option<f64>) -> String {
    match d {
        Some(d) if d > 0.0 => format!("+{d:.1}"),
        Some(d) if d < 0.0 => format!("{d:.1}"),
        Some(_) => "±0".into(),
        None => String::new(),
    }
}

fn status(s: Option<crate::results::Status>) -> &'static str {
    s.map(|s| s.as_str()).unwrap_or("absent")
}

/// The sections of a diff, in the order they are printed: (heading, entries).
fn sections(d: &Diff) -> [(&'static str, &[Change]); 8] {
    [
        ("Closed", &d.closed),
        ("Opened", &d.opened),
        ("Regressed", &d.regressed),
        ("Improved", &d.improved),
        ("Became decidable", &d.became_decidable),
        ("Became unknown", &d.became_unknown),
        ("No longer in target", &d.no_longer_in_target),
        ("New in target, not open", &d.new_in_target),
    ]
}

fn summary_line(d: &Diff) -> String {
    format!(
        "{} closed, {} opened, {} regressed, {} improved, {} unchanged; open gaps {} → {}",
        d.closed.len(),
        d.opened.len(),
        d.regressed.len(),
        d.improved.len(),
        d.unchanged,
        d.old.open,
        d.new.open
    )
}

/// The diff for a terminal.
pub fn text(out: &mut dyn Write, d: &Diff) -> io::Result<()> {
    writeln!(
        out,
        "gapscope diff: {} → {}",
        safe(&d.old.file),
        safe(&d.new.file)
    )?;
    if d.old.target != d.new.target {
        writeln!(
            out,
            "Targets differ: `{}` → `{}`",
            safe(&d.old.target),
            safe(&d.new.target)
        )?;
    }
    writeln!(
        out,
        "Overall completion: {} → {}{}",
        percent(d.old.completion),
        percent(d.new.completion),
        match d.completion_delta() {
            Some(x) => format!("  ({})", delta(Some(x))),
            None => String::new(),
        }
    )?;
    writeln!(out, "{}", summary_line(d))?;
    for (heading, list) in sections(d) {
        if list.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{heading} ({})", list.len())?;
        for c in list {
            writeln!(
                out,
                "  {:<8} {:<8} {:<32} {:<7} → {:<7}  {}{}",
                c.priority.as_str(),
                c.gap.as_deref().unwrap_or("-"),
                safe(&c.requirement),
                status(c.before),
                status(c.after),
                safe(&c.title),
                if c.suppressed { "  [suppressed]" } else { "" }
            )?;
            if !c.locations.is_empty() {
                let locations: Vec<String> =
                    c.locations.iter().map(|l| safe(l).into_owned()).collect();
                writeln!(out, "           at {}", locations.join(", "))?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<16} {:>8} {:>8} {:>8}",
        "Area", "before", "after", "change"
    )?;
    for a in &d.areas {
        let line = format!(
            "{:<16} {:>8} {:>8} {:>8}",
            safe(&a.area),
            percent(a.before),
            percent(a.after),
            delta(a.delta())
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

use super::escape::{markdown as cell, markdown_code as code};

/// The diff as a short Markdown section, for a pull request comment or a report.
pub fn markdown(out: &mut dyn Write, d: &Diff) -> io::Result<()> {
    writeln!(out, "## Changes since the previous analysis")?;
    writeln!(out)?;
    writeln!(
        out,
        "{} → {}: overall completion **{} → {}**{}.",
        code(&d.old.file),
        code(&d.new.file),
        percent(d.old.completion),
        percent(d.new.completion),
        match d.completion_delta() {
            Some(x) => format!(" ({})", delta(Some(x))),
            None => String::new(),
        }
    )?;
    if d.old.target != d.new.target {
        writeln!(out)?;
        writeln!(
            out,
            "The targets differ: {} → {}.",
            code(&d.old.target),
            code(&d.new.target)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}.", summary_line(d))?;
    for (heading, list) in sections(d) {
        if list.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "### {heading} ({})", list.len())?;
        writeln!(out)?;
        writeln!(
            out,
            "| Gap | Requirement | Title | Priority | Before | After | Where |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|")?;
        for c in list {
            let locations: Vec<String> = c.locations.iter().map(|l| code(l)).collect();
            writeln!(
                out,
                "| {} | {} | {}{} | {} | {} | {} | {} |",
                c.gap.as_deref().map(cell).unwrap_or_else(|| "—".into()),
                code(&c.requirement),
                cell(&c.title),
                if c.suppressed { " (suppressed)" } else { "" },
                c.priority,
                status(c.before),
                status(c.after),
                locations.join(", ")
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "### Completion per area")?;
    writeln!(out)?;
    writeln!(out, "| Area | Before | After | Change |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for a in &d.areas {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&a.area),
            percent(a.before),
            percent(a.after),
            delta(a.delta())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diff::read::parse_snapshot;

    fn analysis(findings: &str, docs: f64, plan: &str) -> String {
        format!(
            r#"{{"schema_version": 1, "target": "builtin",
  "completion": {{"percent": {docs}}},
  "areas": [{{"area": "docs", "completion": {docs}}}, {{"area": "ha", "completion": null}}],
  "findings": [{findings}]{plan}}}"#
        )
    }

    fn finding(id: &str, status: &str, evidence: &str) -> String {
        format!(
            r#"{{"requirement": "{id}", "area": "docs", "title": "Title | of {id}", "priority": "medium",
  "status": "{status}", "evidence": [{evidence}]}}"#
        )
    }

    fn sample() -> crate::diff::Diff {
        let old = analysis(
            &[
                finding("docs.architecture", "missing", ""),
                finding(
                    "docs.readme",
                    "met",
                    r#"{"path": "README.md", "start_line": 1, "end_line": 4}"#,
                ),
                finding("docs.runbook", "partial", ""),
            ]
            .join(","),
            40.0,
            "",
        );
        let new = analysis(
            &[
                finding(
                    "docs.architecture",
                    "met",
                    r#"{"path": "docs/ARCHITECTURE.md", "start_line": 1, "end_line": 1}"#,
                ),
                finding(
                    "docs.readme",
                    "partial",
                    r#"{"path": "svc/README.md", "start_line": 1, "end_line": 9}"#,
                ),
                finding("docs.runbook", "missing", ""),
            ]
            .join(","),
            45.5,
            r#", "plan": {"gaps": [{"id": "GAP-002", "requirement": "docs.readme"}]}"#,
        );
        let old = parse_snapshot(Path::new("old.json"), old.as_bytes()).unwrap();
        let new = parse_snapshot(Path::new("new.json"), new.as_bytes()).unwrap();
        crate::diff::diff(&old, "old.json", &new, "new.json")
    }

    fn render(f: fn(&mut dyn std::io::Write, &crate::diff::Diff) -> std::io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out, &sample()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text() {
        insta::assert_snapshot!(render(super::text));
    }

    #[test]
    fn markdown_escapes_cells() {
        let md = render(super::markdown);
        assert!(md.contains("Title \\| of docs.readme"), "{md}");
        insta::assert_snapshot!(md);
    }
}
