//! Plain-text summaries for a terminal.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{human_bytes, terminal_safe as safe, thousands};
use crate::facts::{Ecosystem, FileRole, Inventory, LineCounts};

/// How many entries of a long list (skipped files, notes) the text summary shows.
const LIST_LIMIT: usize = 20;

/// The `gapscope scan` summary.
pub fn scan_summary(out: &mut dyn Write, inv: &Inventory) -> io::Result<()> {
    let f = &inv.files;
    writeln!(out, "gapscope scan: {}", safe(&inv.root))?;
    writeln!(
        out,
        "{} files ({} read, {} in a known language, {} skipped), {}",
        thousands(f.total),
        thousands(f.read),
        thousands(f.counted),
        thousands(f.skipped),
        human_bytes(f.bytes)
    )?;
    let roles: Vec<String> = FileRole::ALL
        .iter()
        .filter_map(|r| f.by_role.get(r).map(|n| format!("{} {}", r, thousands(*n))))
        .collect();
    if !roles.is_empty() {
        writeln!(out, "by role: {}", roles.join(", "))?;
    }

    writeln!(out)?;
    languages_table(out, inv)?;

    writeln!(out)?;
    writeln!(out, "Components ({})", inv.components.len())?;
    if inv.components.is_empty() {
        writeln!(out, "  none found (no go.mod, Cargo.toml, pyproject.toml, package.json, pom.xml, build.gradle, Dockerfile or Compose file)")?;
    }
    let name_width = inv
        .components
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    for c in &inv.components {
        let mut langs: Vec<(&String, &LineCounts)> = c.source_languages.iter().collect();
        langs.sort_by(|a, b| b.1.code.cmp(&a.1.code).then(a.0.cmp(b.0)));
        let langs: Vec<String> = langs
            .iter()
            .take(3)
            .map(|(l, n)| format!("{} {}", l, thousands(n.code)))
            .collect();
        let root = if c.root.is_empty() {
            "."
        } else {
            c.root.as_str()
        };
        writeln!(
            out,
            "  {:<16} {:<name_width$}  {}  ({} files{}{})",
            c.kind.as_str(),
            safe(&c.name),
            safe(root),
            thousands(c.files),
            if langs.is_empty() {
                ""
            } else {
                "; source code lines: "
            },
            langs.join(", "),
        )?;
    }

    writeln!(out)?;
    let mut per_eco: BTreeMap<Ecosystem, (u64, u64)> = BTreeMap::new();
    for d in &inv.dependencies {
        let e = per_eco.entry(d.ecosystem).or_default();
        e.0 += 1;
        if d.dev {
            e.1 += 1;
        }
    }
    let parts: Vec<String> = per_eco
        .iter()
        .map(|(eco, (n, dev))| format!("{eco} {n} ({dev} dev)"))
        .collect();
    writeln!(
        out,
        "Dependencies: {}{}{}",
        inv.dependencies.len(),
        if parts.is_empty() { "" } else { " — " },
        parts.join(", ")
    )?;
    let headings: usize = inv.docs.iter().map(|d| d.headings.len()).sum();
    writeln!(
        out,
        "Docs: {} Markdown files, {} headings",
        inv.docs.len(),
        headings
    )?;
    let mut formats: BTreeMap<String, usize> = BTreeMap::new();
    for c in &inv.configs {
        *formats
            .entry(format!("{:?}", c.format).to_lowercase())
            .or_default() += 1;
    }
    let formats: Vec<String> = formats.iter().map(|(k, v)| format!("{k} {v}")).collect();
    writeln!(
        out,
        "Config files: {} ({})",
        inv.configs.len(),
        formats.join(", ")
    )?;

    if !inv.skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Skipped ({})", inv.skipped.len())?;
        for s in inv.skipped.iter().take(LIST_LIMIT) {
            writeln!(
                out,
                "  {:<13} {}  {}",
                s.reason.as_str(),
                safe(&s.path),
                safe(&s.detail)
            )?;
        }
        more(out, inv.skipped.len())?;
    }
    if !inv.notes.is_empty() {
        writeln!(out)?;
        writeln!(out, "Notes ({})", inv.notes.len())?;
        for n in inv.notes.iter().take(LIST_LIMIT) {
            writeln!(out, "  {}:{}  {}", safe(&n.path), n.line, safe(&n.message))?;
        }
        more(out, inv.notes.len())?;
    }
    Ok(())
}

fn more(out: &mut dyn Write, total: usize) -> io::Result<()> {
    if total > LIST_LIMIT {
        writeln!(
            out,
            "  … {} more (all of them in --format json)",
            total - LIST_LIMIT
        )?;
    }
    Ok(())
}

fn languages_table(out: &mut dyn Write, inv: &Inventory) -> io::Result<()> {
    let mut rows: Vec<(&String, &crate::facts::LanguageStats)> = inv.languages.iter().collect();
    rows.sort_by(|a, b| b.1.lines.code.cmp(&a.1.lines.code).then(a.0.cmp(b.0)));
    let width = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    writeln!(
        out,
        "{:<width$}  {:>8}  {:>11}  {:>11}  {:>11}  {:>11}",
        "Language", "files", "code", "comments", "blanks", "source code"
    )?;
    let mut total = LineCounts::default();
    let mut total_files = 0;
    let mut total_source = 0;
    for (name, s) in &rows {
        let source = s.code_by_role.get(&FileRole::Source).copied().unwrap_or(0);
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>11}  {:>11}  {:>11}  {:>11}",
            name,
            thousands(s.files),
            thousands(s.lines.code),
            thousands(s.lines.comments),
            thousands(s.lines.blanks),
            thousands(source)
        )?;
        total += s.lines;
        total_files += s.files;
        total_source += source;
    }
    writeln!(
        out,
        "{:<width$}  {:>8}  {:>11}  {:>11}  {:>11}  {:>11}",
        "Total",
        thousands(total_files),
        thousands(total.code),
        thousands(total.comments),
        thousands(total.blanks),
        thousands(total_source)
    )
}
