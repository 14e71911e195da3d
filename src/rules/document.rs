//! Targets from a target-architecture document (`--target docs/TARGET_ARCHITECTURE.md`).
//!
//! The document's checkable parts become requirements: items (unchecked tasks, status-table
//! rows, marked list items) that name a built-in requirement select that requirement; the
//! files, directories, routes and Make targets a section plans ("need to create" trees,
//! tasks naming paths) become one document requirement per section, checked by the existing
//! conditions. What could not be turned into a requirement is reported, line by line.

use std::collections::BTreeSet;
use std::path::Path;

use super::{
    Condition, FileCondition, InfraCheck, Language, PatternCondition, Priority, Requirement,
    RuleGlob, RuleRegex, Target, TargetError,
};
use crate::claims::{self, ClaimKind, Mark};
use crate::codes::{Code, CodedNote};
use crate::facts::FileRole;

/// Languages (tokei names) routes are searched in.
const CODE_LANGUAGES: &[&str] = &[
    "Go",
    "Python",
    "Rust",
    "TypeScript",
    "TSX",
    "JavaScript",
    "JSX",
    "Java",
    "Kotlin",
    "Scala",
    "Ruby",
    "PHP",
    "C#",
    "C",
    "C++",
    "Swift",
    "Elixir",
    "Clojure",
    "F#",
    "Dart",
];

/// Whether a target path names a Markdown document rather than a target file.
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A section of the document and what it plans.
struct Section {
    title: String,
    line: u32,
    checks: Vec<(Condition, String)>,
}

/// Reads a target document: the target and the notes on what could not be checked.
pub fn load_document(path: &Path) -> Result<(Target, Vec<CodedNote>), TargetError> {
    let bytes = crate::input::read(path, crate::claims::MAX_DOCUMENT_BYTES).map_err(|e| {
        TargetError::Read {
            path: path.to_path_buf(),
            source: e.into(),
        }
    })?;
    if let Some((line, column)) = crate::text::binary_at(&bytes) {
        return Err(TargetError::Invalid {
            path: path.to_path_buf(),
            line: line as u64,
            column: column as u64,
            message: "not a text document (a NUL byte: binary content)".into(),
        });
    }
    let (text, _) = crate::claims::decode(&bytes);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(from_text(&name, &text))
}

/// The target a document's text describes; `name` is used in titles and notes.
pub fn from_text(name: &str, text: &str) -> (Target, Vec<CodedNote>) {
    let builtin = super::builtin();
    let vocabulary = super::Vocabulary::of(&builtin);
    let headings = crate::extract::docs::headings(text);
    let mut sections: Vec<Section> = Vec::new();
    let mut selected: BTreeSet<&str> = BTreeSet::new();
    let mut notes: Vec<CodedNote> = Vec::new();
    let extraction = claims::extract(text);
    for claim in &extraction.claims {
        // The nearest heading above the claim names the component it belongs to.
        let heading = headings.iter().rev().find(|h| h.line <= claim.line);
        let (title, line) = heading
            .map(|h| (h.text.clone(), h.line))
            .unwrap_or_else(|| (name.to_string(), 1));
        let check = match &claim.kind {
            ClaimKind::Status { item } => {
                let ids = vocabulary.requirements_for(item);
                if ids.is_empty() {
                    notes.push(CodedNote::new(
                        Code::TargetItemUnmatched,
                        format!(
                            "{name}:{}: `{item}` names no built-in requirement, path, route or Make target",
                            claim.line
                        ),
                    ));
                }
                selected.extend(ids);
                None
            }
            // A task naming a file (`[ ] Alembic migrations replacing src/x.py`) is about
            // changing it; the files a section plans are in its trees, lists and
            // "need to create" lines.
            ClaimKind::Path { path, dir, .. }
                if claim.mark == Mark::Planned && !claim.quote.contains("[ ]") =>
            {
                let glob = if *dir {
                    format!("{path}/**")
                } else {
                    path.clone()
                };
                let role = crate::walk::classify::role_of_path(path);
                Some((
                    Condition::File(FileCondition {
                        globs: vec![RuleGlob::new(glob)],
                        roles: vec![role],
                    }),
                    format!("`{path}`"),
                ))
            }
            ClaimKind::Endpoint { route } if claim.mark != Mark::Missing => Some((
                Condition::Pattern(PatternCondition {
                    regex: RuleRegex::new(claims::route_regex(route)),
                    // Routes are defined in code; the document's own mention is no evidence.
                    languages: CODE_LANGUAGES
                        .iter()
                        .filter_map(|l| Language::named(l))
                        .collect(),
                    globs: Vec::new(),
                    roles: vec![FileRole::Source],
                }),
                format!("route `{route}`"),
            )),
            ClaimKind::Crd {
                resource_kind: kind,
            } if claim.mark != Mark::Missing => Some((
                Condition::Pattern(PatternCondition {
                    regex: RuleRegex::new(claims::crd_regex(kind)),
                    // Declared in manifests or code; the document's own sketch is no evidence.
                    languages: CODE_LANGUAGES
                        .iter()
                        .chain(&["YAML"])
                        .filter_map(|l| Language::named(l))
                        .collect(),
                    globs: Vec::new(),
                    roles: vec![FileRole::Source],
                }),
                format!("custom resource `{kind}`"),
            )),
            ClaimKind::MakeTarget { name } if claim.mark != Mark::Missing => Some((
                Condition::Infra(InfraCheck::MakeTargets {
                    regex: RuleRegex::new(format!("^{}$", regex::escape(name))),
                }),
                format!("`make {name}`"),
            )),
            _ => None,
        };
        if let Some((condition, what)) = check {
            match sections.iter_mut().find(|s| s.line == line) {
                Some(s) => {
                    if !s.checks.iter().any(|(c, _)| c == &condition) {
                        s.checks.push((condition, what));
                    }
                }
                None => sections.push(Section {
                    title,
                    line,
                    checks: vec![(condition, what)],
                }),
            }
        }
    }

    let mut requirements: Vec<Requirement> = builtin
        .requirements
        .iter()
        .filter(|r| selected.contains(r.id.as_str()))
        .cloned()
        .collect();
    let kept: BTreeSet<String> = requirements.iter().map(|r| r.id.clone()).collect();
    for r in &mut requirements {
        r.depends_on.retain(|d| kept.contains(d));
    }
    let mapped = requirements.len();
    let mut ids: BTreeSet<String> = kept;
    for s in &sections {
        let mut id = format!("doc.{}", slug(&s.title));
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("doc.{}-{n}", slug(&s.title));
            n += 1;
        }
        ids.insert(id.clone());
        let conditions: Vec<Condition> = s.checks.iter().map(|(c, _)| c.clone()).collect();
        let listed: Vec<&str> = s.checks.iter().map(|(_, w)| w.as_str()).take(12).collect();
        let more = s.checks.len().saturating_sub(listed.len());
        let (met, partial) = if conditions.len() == 1 {
            (conditions[0].clone(), None)
        } else {
            (
                Condition::All(conditions.clone()),
                Some(Condition::Any(conditions)),
            )
        };
        requirements.push(Requirement {
            id,
            area: "document".into(),
            title: format!("{} (as {name} plans it)", s.title),
            why: format!("{name}:{} plans it for this part of the system.", s.line),
            fix: format!(
                "Create {}{}.",
                listed.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            priority: Priority::Medium,
            effort_days: 1.0,
            depends_on: Vec::new(),
            met,
            partial,
            ..Default::default()
        });
    }
    notes.sort_by_key(|n| {
        n.message
            .split(':')
            .nth(1)
            .and_then(|l| l.parse::<u32>().ok())
            .unwrap_or(0)
    });
    notes.insert(
        0,
        CodedNote::new(
            Code::TargetSummary,
            format!(
                "{name}: {mapped} built-in requirements named by its items; {} requirements from the paths, routes and Make targets its sections plan",
                sections.len()
            ),
        ),
    );
    (
        Target {
            name: format!("{name} (document)"),
            requirements,
            disabled: Vec::new(),
            area_phrases: builtin.area_phrases.clone(),
            conditions: builtin.conditions.clone(),
        },
        notes,
    )
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out.chars().take(48).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_languages_are_languages_the_walk_names() {
        for l in super::CODE_LANGUAGES {
            assert!(super::Language::named(l).is_some(), "{l}");
        }
    }

    use super::*;

    #[test]
    fn tasks_select_builtin_requirements_and_trees_become_document_requirements() {
        let doc = "# Target\n\n## API layer\n\nNeed to create:\n\n```\nsrc/api/\n├── main.py\n└── routers/\n    └── health.py\n```\n\n- [ ] Publish the OpenAPI document\n- [ ] Serve `/api/v1/items` routes\n- [ ] Make the UI nicer\n";
        let (target, notes) = from_text("T.md", doc);
        let ids: Vec<&str> = target.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["api.openapi", "doc.api-layer"]);
        let doc_req = &target.requirements[1];
        assert_eq!(doc_req.title, "API layer (as T.md plans it)");
        assert!(
            doc_req.fix.contains("`src/api/routers/health.py`"),
            "{}",
            doc_req.fix
        );
        assert!(
            doc_req.fix.contains("route `/api/v1/items`"),
            "{}",
            doc_req.fix
        );
        assert_eq!(notes[0].code, crate::codes::Code::TargetSummary);
        assert_eq!(
            notes[1..],
            [crate::codes::CodedNote::new(
                crate::codes::Code::TargetItemUnmatched,
                "T.md:16: `Make the UI nicer` names no built-in requirement, path, route or Make target"
            )]
        );
    }
}
