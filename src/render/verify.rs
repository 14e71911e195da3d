//! `gapscope verify` as text for a terminal and as Markdown to share: the summary, then the
//! contradictions with the document line and the repository evidence, then the rest.

use std::io::{self, Write};

use super::terminal_safe as safe;
use crate::verify::{CheckedClaim, Verdict, Verification};

fn doc_name(v: &Verification) -> String {
    std::path::Path::new(&v.document)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| v.document.clone())
}

/// The text report.
pub fn text(out: &mut dyn Write, v: &Verification) -> io::Result<()> {
    let s = &v.summary;
    writeln!(
        out,
        "gapscope verify: {} against {}  (target: {})",
        safe(&v.document),
        safe(&v.root),
        safe(&v.target)
    )?;
    writeln!(
        out,
        "{} claims: {} confirmed, {} contradicted, {} stale plan, {} out of scope, {} unverifiable",
        s.claims, s.confirmed, s.contradicted, s.stale_plan, s.out_of_scope, s.unverifiable
    )?;
    let kinds: Vec<String> = s.by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    if !kinds.is_empty() {
        writeln!(out, "by kind: {}", kinds.join(", "))?;
    }
    if let Some(c) = v.completion {
        writeln!(out, "gapscope's own overall completion: {c}%")?;
    }
    for t in &v.tolerances {
        writeln!(out, "tolerance: {t}")?;
    }
    for n in &v.notes {
        writeln!(out, "note: {} [{}]", safe(&n.message), n.code)?;
    }
    let doc = doc_name(v);
    for verdict in [
        Verdict::Contradicted,
        Verdict::Confirmed,
        Verdict::StalePlan,
        Verdict::OutOfScope,
        Verdict::Unverifiable,
    ] {
        let these: Vec<&CheckedClaim> = v.claims.iter().filter(|c| c.verdict == verdict).collect();
        if these.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{} ({})", verdict.as_str().to_uppercase(), these.len())?;
        for c in these {
            writeln!(
                out,
                "  {}:{}  {} [{}]  {}",
                safe(&doc),
                c.claim.line,
                c.claim.kind.name(),
                c.claim.mark,
                safe(&c.claim.kind.subject())
            )?;
            writeln!(out, "      {}", safe(&c.reason))?;
            if !c.requirements.is_empty() {
                writeln!(out, "      requirements: {}", c.requirements.join(", "))?;
            }
            for e in &c.evidence {
                match &e.snippet {
                    Some(snippet) => writeln!(
                        out,
                        "      evidence: {}  {}",
                        safe(&e.location()),
                        safe(snippet)
                    )?,
                    None => writeln!(out, "      evidence: {} ({})", safe(&e.location()), e.role)?,
                }
            }
        }
    }
    Ok(())
}

use super::escape::{markdown as cell, markdown_code as code};

/// The Markdown report.
pub fn markdown(out: &mut dyn Write, v: &Verification) -> io::Result<()> {
    let s = &v.summary;
    writeln!(out, "# Verification of {}", code(&v.document))?;
    writeln!(out)?;
    writeln!(
        out,
        "Repository {}, target {}. **{} claims: {} confirmed, {} contradicted, {} stale plan, {} out of scope, {} unverifiable.**",
        code(&v.root),
        code(&v.target),
        s.claims,
        s.confirmed,
        s.contradicted,
        s.stale_plan,
        s.out_of_scope,
        s.unverifiable
    )?;
    writeln!(out)?;
    if let Some(c) = v.completion {
        writeln!(out, "- gapscope's own overall completion: {c}%")?;
    }
    for t in &v.tolerances {
        writeln!(out, "- tolerance: {}", cell(t))?;
    }
    for n in &v.notes {
        writeln!(out, "- note: {} [{}]", cell(&n.message), n.code)?;
    }
    for verdict in [
        Verdict::Contradicted,
        Verdict::Confirmed,
        Verdict::StalePlan,
        Verdict::OutOfScope,
        Verdict::Unverifiable,
    ] {
        let these: Vec<&CheckedClaim> = v.claims.iter().filter(|c| c.verdict == verdict).collect();
        if these.is_empty() {
            continue;
        }
        let mut title = verdict.as_str().to_string();
        title[..1].make_ascii_uppercase();
        writeln!(out)?;
        writeln!(out, "## {title} ({})", these.len())?;
        writeln!(out)?;
        writeln!(out, "| line | kind | mark | claim | why | evidence |")?;
        writeln!(out, "|---:|---|---|---|---|---|")?;
        for c in these {
            let evidence: Vec<String> = c.evidence.iter().map(|e| code(&e.location())).collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                c.claim.line,
                c.claim.kind.name(),
                c.claim.mark,
                cell(&c.claim.kind.subject()),
                cell(&c.reason),
                evidence.join(", ")
            )?;
        }
    }
    Ok(())
}
