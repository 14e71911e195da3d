//! Plain-text summaries for a terminal.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::escape::{markdown, markdown_fence, markdown_prose};
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
        writeln!(out, "  none found (no go.mod, Cargo.toml, pyproject.toml, package.json, pom.xml, build.gradle, Gemfile, composer.json, mix.exs, .csproj, Dockerfile or Compose file)")?;
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
    if formats.is_empty() {
        writeln!(out, "Config files: 0")?;
    } else {
        writeln!(
            out,
            "Config files: {} ({})",
            inv.configs.len(),
            formats.join(", ")
        )?;
    }

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
            writeln!(
                out,
                "  {}:{}  {} [{}]",
                safe(&n.path),
                n.line,
                safe(&n.message),
                n.code
            )?;
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

fn percent(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "n/a".into())
}

/// Colours of the analysis summary; all plain when colour is off.
struct Palette {
    colour: bool,
    bold: Style,
    dim: Style,
    met: Style,
    partial: Style,
    missing: Style,
    critical: Style,
}

impl Palette {
    fn new(colour: bool) -> Self {
        let fg = |c: AnsiColor| {
            if colour {
                Style::new().fg_color(Some(c.into()))
            } else {
                Style::new()
            }
        };
        let plain = |s: Style| if colour { s } else { Style::new() };
        Palette {
            colour,
            bold: plain(Style::new().bold()),
            dim: plain(Style::new().dimmed()),
            met: fg(AnsiColor::Green),
            partial: fg(AnsiColor::Yellow),
            missing: fg(AnsiColor::Red),
            critical: plain(Style::new().fg_color(Some(AnsiColor::Red.into())).bold()),
        }
    }

    /// `s` in bold, when colour is on.
    fn strong(&self, s: Style) -> Style {
        if self.colour {
            s.bold()
        } else {
            s
        }
    }

    fn status(&self, s: crate::results::Status) -> Style {
        use crate::results::Status;
        match s {
            Status::Met => self.met,
            Status::Partial => self.partial,
            Status::Missing => self.missing,
            Status::Unknown | Status::NotApplicable => self.dim,
        }
    }

    fn completion(&self, p: Option<f64>) -> Style {
        match p {
            Some(p) if p >= 80.0 => self.met,
            Some(p) if p >= 50.0 => self.partial,
            Some(_) => self.missing,
            None => self.dim,
        }
    }

    fn risk(&self, l: crate::results::Level) -> Style {
        use crate::results::Level;
        match l {
            Level::Critical => self.critical,
            Level::High => self.missing,
            Level::Medium => self.partial,
            Level::Low => self.dim,
        }
    }
}

/// The `gapscope analyze` report for a terminal, coloured when `colour` is set (the caller
/// decides: a terminal, and NO_COLOR unset). Text from the repository is stripped of control
/// characters either way.
pub fn analysis(out: &mut dyn Write, a: &crate::results::Analysis, colour: bool) -> io::Result<()> {
    use crate::results::Status;
    let c = Palette::new(colour);
    writeln!(
        out,
        "{}gapscope analyze: {}{:#}  (target: {}, {} requirements)",
        c.bold,
        safe(&a.root),
        c.bold,
        safe(&a.target),
        a.findings.len()
    )?;
    let overall = c.completion(a.completion.percent);
    writeln!(
        out,
        "Overall completion: {}{}{:#}  ({:.1} of {} priority weight; {} files read, {} skipped)",
        c.strong(overall),
        percent(a.completion.percent),
        c.strong(overall),
        a.completion.weight_scored,
        a.completion.weight_total,
        thousands(a.files_read),
        a.skipped
    )?;
    let plan = &a.plan;
    if !plan.gaps.is_empty() {
        let by_risk: Vec<String> = crate::results::Level::ALL
            .iter()
            .filter_map(|&l| {
                let n = plan.gaps.iter().filter(|g| g.risk == l).count();
                (n > 0).then(|| {
                    let st = c.risk(l);
                    format!("{st}{n} {l}{st:#}")
                })
            })
            .collect();
        writeln!(
            out,
            "Plan: {} gap{} (risk: {}), {} person-days in {} phase{}; critical path {} days ({}); at least {} working days for a team of {}",
            plan.gaps.len(),
            if plan.gaps.len() == 1 { "" } else { "s" },
            by_risk.join(", "),
            plan.total_effort_days,
            plan.phases.len(),
            if plan.phases.len() == 1 { "" } else { "s" },
            plan.critical_path_days,
            plan.critical_path.join(" → "),
            plan.calendar_days,
            plan.team
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}{:<16} {:>4} {:>8} {:>8} {:>8} {:>5}  {:>10}{:#}",
        c.bold, "Area", "met", "partial", "missing", "unknown", "n/a", "completion", c.bold
    )?;
    for s in &a.areas {
        let st = c.completion(s.completion);
        writeln!(
            out,
            "{:<16} {:>4} {:>8} {:>8} {:>8} {:>5}  {st}{:>10}{st:#}",
            safe(&s.area),
            s.met,
            s.partial,
            s.missing,
            s.unknown,
            s.not_applicable,
            percent(s.completion)
        )?;
    }

    for status in [
        Status::Missing,
        Status::Partial,
        Status::Unknown,
        Status::Met,
        Status::NotApplicable,
    ] {
        let group: Vec<&crate::results::Finding> =
            a.findings.iter().filter(|f| f.status == status).collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out)?;
        let st = c.strong(c.status(status));
        writeln!(
            out,
            "{st}{} ({}){st:#}",
            status.as_str().to_uppercase(),
            group.len()
        )?;
        let mut group = group;
        group.sort_by(|x, y| (x.priority, &x.requirement).cmp(&(y.priority, &y.requirement)));
        for f in group {
            let gap = plan
                .gaps
                .iter()
                .find(|g| g.requirement == f.requirement)
                .map(|g| format!("  {}{}{:#}", c.dim, g.id, c.dim))
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<8} {:<32} {}{}{}{gap}",
                f.priority.as_str(),
                f.requirement,
                safe(&f.title),
                f.suppressed
                    .as_ref()
                    .map(|r| format!("  [suppressed: {}]", safe(r)))
                    .unwrap_or_default(),
                if f.in_baseline { "  [in baseline]" } else { "" }
            )?;
            writeln!(
                out,
                "           {} (confidence {})",
                safe(&f.reason),
                f.confidence
            )?;
            for (label, list) in [
                ("evidence", &f.evidence),
                ("against", &f.against),
                ("weak", &f.weak_evidence),
            ] {
                for e in list.iter().take(3) {
                    let role = if label == "weak" {
                        format!(" [{}]", e.role)
                    } else {
                        String::new()
                    };
                    match &e.snippet {
                        Some(s) => writeln!(
                            out,
                            "           {label}: {}{role}  {}",
                            safe(&e.location()),
                            safe(s)
                        )?,
                        None => writeln!(out, "           {label}: {}{role}", safe(&e.location()))?,
                    }
                }
            }
        }
    }

    if !a.components.is_empty() {
        writeln!(out)?;
        writeln!(out, "Components ({})", a.components.len())?;
        for c in &a.components {
            writeln!(
                out,
                "  {:<16} {:<24} {:>8} lines {:<12} met here: {}{}",
                c.kind,
                safe(&c.name),
                thousands(c.source_code_lines),
                c.main_language.as_deref().unwrap_or("-"),
                c.met_here.len(),
                if c.partial_here.is_empty() {
                    String::new()
                } else {
                    format!(", partial here: {}", c.partial_here.len())
                }
            )?;
        }
    }
    if !a.workloads.is_empty() {
        writeln!(out)?;
        writeln!(out, "Workloads ({})", a.workloads.len())?;
        writeln!(
            out,
            "  {:<12} {:<24} {:>8}  {:<6} {:<4} {:<6} {:<9} {:<4}  evidence",
            "kind", "name", "replicas", "probes", "PDB", "spread", "resources", "HA"
        )?;
        let yes = |b: bool| if b { "yes" } else { "no" };
        for w in &a.workloads {
            let replicas = match (w.replicas, w.templated) {
                (Some(n), _) => n.to_string(),
                (None, true) => "template".into(),
                (None, false) => "1*".into(),
            };
            let ha = match w.ha {
                Some(b) => yes(b),
                None => "n/a",
            };
            writeln!(
                out,
                "  {:<12} {:<24} {:>8}  {:<6} {:<4} {:<6} {:<9} {:<4}  {}",
                w.kind,
                safe(&w.name),
                replicas,
                yes(w.probes),
                yes(w.pdb),
                yes(w.spread),
                yes(w.resources),
                ha,
                safe(&w.evidence.location())
            )?;
        }
        if a.workloads
            .iter()
            .any(|w| w.replicas.is_none() && !w.templated)
        {
            writeln!(out, "  * replicas not set: Kubernetes runs one")?;
        }
    }
    if !a.environments.is_empty() {
        writeln!(out)?;
        writeln!(out, "Environments ({})", a.environments.len())?;
        for e in &a.environments {
            writeln!(
                out,
                "  {:<10} {}  ({} images overridden, {} patches){}",
                safe(&e.environment),
                safe(&e.evidence.location()),
                e.images.len(),
                e.patches.len(),
                e.namespace
                    .as_ref()
                    .map(|n| format!(", namespace {}", safe(n)))
                    .unwrap_or_default()
            )?;
            for p in &e.only_here {
                writeln!(out, "             only here: {}", safe(p))?;
            }
        }
    }
    code_facts(out, a)?;
    if !a.disabled.is_empty() {
        writeln!(out)?;
        writeln!(out, "Disabled in the target ({})", a.disabled.len())?;
        for d in &a.disabled {
            writeln!(out, "  {}  {}", d.id, safe(&d.reason))?;
        }
    }
    if !a.target_notes.is_empty() || a.document.is_some() {
        writeln!(out)?;
        writeln!(out, "Target document")?;
        // Unchecked items are listed below with their reasons, once.
        for n in a
            .target_notes
            .iter()
            .filter(|n| a.document.is_none() || n.code != crate::codes::Code::TargetItemUnmatched)
        {
            writeln!(out, "  {} [{}]", safe(&n.message), n.code)?;
        }
        if let Some(d) = &a.document {
            for it in &d.items {
                writeln!(
                    out,
                    "  {:>5}  {:<10} {}  ({})",
                    it.line,
                    it.status.as_str(),
                    safe(&crate::rules::document::shorten(&it.text, 70)),
                    safe(&crate::rules::document::shorten(&it.reason, 110))
                )?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "How completion is computed: {}",
        crate::results::FORMULA
    )
}

/// `gapscope rules`: one line per requirement.
pub fn rules(out: &mut dyn Write, target: &crate::rules::Target) -> io::Result<()> {
    writeln!(
        out,
        "{} requirements in target `{}`",
        target.requirements.len(),
        safe(&target.name)
    )?;
    for area in target.areas() {
        writeln!(out)?;
        writeln!(out, "{area}")?;
        for r in target.requirements.iter().filter(|r| r.area == area) {
            writeln!(
                out,
                "  {:<32} {:<8} {:>5} d  {}",
                r.id,
                r.priority.as_str(),
                r.effort_days,
                safe(&r.title)
            )?;
        }
    }
    Ok(())
}

/// A requirement's documentation in fixed sections: what it checks, why it matters, how to
/// fix, and the conditions. The target's words are escaped as Markdown (its prose keeps
/// emphasis and code spans). `gapscope explain` prints it and the generated rule docs are made
/// of it, so both say the same.
pub fn explain_markdown(r: &crate::rules::Requirement) -> String {
    let mut s = String::new();
    s.push_str(&format!("## {} — {}\n\n", r.id, markdown(&r.title)));
    s.push_str(&format!(
        "Area: {} · Priority: {} · Default effort: {} person-days",
        markdown(&r.area),
        r.priority,
        r.effort_days
    ));
    if !r.depends_on.is_empty() {
        s.push_str(&format!(
            " · Depends on: {}",
            markdown(&r.depends_on.join(", "))
        ));
    }
    s.push_str("\n\n### Why it matters\n\n");
    s.push_str(&markdown_prose(r.why.trim()));
    s.push_str("\n\n### How to fix\n\n");
    s.push_str(&markdown_prose(r.fix.trim()));
    s.push_str("\n\n### What gapscope checks\n\n");
    // Conditions are shown as they are written in a target file.
    let yaml = |label: &str, c: &crate::rules::Condition| {
        let text = serde_saphyr::to_string(c).unwrap_or_default();
        format!("{label}\n\n{}\n\n", markdown_fence("yaml", text.trim_end()))
    };
    s.push_str(&yaml("Met when:", &r.met));
    if let Some(p) = &r.partial {
        s.push_str(&yaml("Partial when met does not hold but this does:", p));
    }
    if let Some(a) = &r.applies_when {
        let reason = r
            .not_applicable_reason
            .as_ref()
            .map(|u| format!(" (otherwise: {})", markdown(u)))
            .unwrap_or_default();
        s.push_str(&yaml(&format!("Does not apply unless{reason}:"), a));
    }
    if let Some(d) = &r.decidable_when {
        let reason = r
            .unknown_reason
            .as_ref()
            .map(|u| format!(" (otherwise: {})", markdown(u)))
            .unwrap_or_default();
        s.push_str(&yaml(&format!("Unknown unless{reason}:"), d));
    }
    s.push_str(
        "Evidence in tests, fixtures, examples, docs or vendored code makes it partial at most.\n",
    );
    s
}

/// `gapscope explain ID`: the requirement's full text, as the generated docs show it.
pub fn explain(out: &mut dyn Write, r: &crate::rules::Requirement) -> io::Result<()> {
    write!(out, "{}", explain_markdown(r))
}

/// The rule reference (docs/rules.md): every requirement's `explain` text, by area.
pub fn rules_reference(out: &mut dyn Write, target: &crate::rules::Target) -> io::Result<()> {
    writeln!(
        out,
        "# Rule reference: target {}",
        super::escape::markdown_code(&target.name)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Generated by `gapscope rules --format markdown`; `gapscope explain ID` prints the same text."
    )?;
    for area in target.areas() {
        writeln!(out)?;
        writeln!(out, "# Area: {}", markdown(area))?;
        for r in target.requirements.iter().filter(|r| r.area == area) {
            writeln!(out)?;
            write!(out, "{}", explain_markdown(r))?;
        }
    }
    Ok(())
}

/// Most rows shown per list of code facts in the terminal (the JSON has them all).
const CODE_ROWS: usize = 20;

/// Stubs, routes, the component graph, error habits and secrets, shortly.
fn code_facts(out: &mut dyn Write, a: &crate::results::Analysis) -> io::Result<()> {
    let more = |out: &mut dyn Write, n: usize| {
        if n > CODE_ROWS {
            writeln!(out, "  … {} more in --format json", n - CODE_ROWS)
        } else {
            Ok(())
        }
    };
    if !a.stubs.is_empty() {
        writeln!(out)?;
        writeln!(out, "Stubs and placeholders ({})", a.stubs.len())?;
        for s in a.stubs.iter().take(CODE_ROWS) {
            writeln!(
                out,
                "  {:<24} {}  {} [{}]  {}",
                s.kind,
                safe(&format!("{}:{}", s.path, s.line)),
                safe(&s.function),
                s.role,
                safe(&s.snippet)
            )?;
        }
        more(out, a.stubs.len())?;
    }
    if !a.routes.is_empty() {
        writeln!(out)?;
        writeln!(out, "HTTP routes ({})", a.routes.len())?;
        for r in a.routes.iter().take(CODE_ROWS) {
            writeln!(
                out,
                "  {:<7} {:<40} {:<10} {}",
                r.method,
                safe(&r.path),
                r.framework,
                safe(&r.evidence.location())
            )?;
        }
        more(out, a.routes.len())?;
    }
    if !a.component_links.is_empty() {
        writeln!(out)?;
        writeln!(out, "Component links ({})", a.component_links.len())?;
        for l in a.component_links.iter().take(CODE_ROWS) {
            writeln!(
                out,
                "  {} → {}  ({:?}, {})",
                safe(&l.from),
                safe(&l.to),
                l.via,
                safe(&l.evidence.location())
            )?;
        }
        more(out, a.component_links.len())?;
    }
    if !a.error_handling.is_empty() {
        writeln!(out)?;
        writeln!(out, "Error handling per component")?;
        for row in &a.error_handling {
            let habits: Vec<String> = row.habits.iter().map(|(h, n)| format!("{h} {n}")).collect();
            writeln!(out, "  {:<32} {}", safe(&row.component), habits.join(", "))?;
        }
    }
    if !a.secrets.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Likely hard-coded secrets ({}, values redacted)",
            a.secrets.len()
        )?;
        for s in a.secrets.iter().take(CODE_ROWS) {
            writeln!(
                out,
                "  {:<16} {}  {}",
                s.kind,
                safe(&s.evidence.location()),
                safe(s.evidence.snippet.as_deref().unwrap_or(""))
            )?;
        }
        more(out, a.secrets.len())?;
    }
    Ok(())
}
