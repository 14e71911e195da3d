//! Targets from a design document (`--target docs/TARGET_ARCHITECTURE.md`).
//!
//! Every item of the document (list items and tasks, table rows, file-tree entries, paragraphs
//! that plan a file, numbered headings) becomes one of three things, in the document's order:
//! a **checked** item, when it names what files can show (paths, code names, custom resources
//! and their controllers, routes, Make targets, settings with values, CI commands), checked by
//! a requirement of its own; an item **checked through the built-in requirements** its words
//! name (the profile's phrases), when it names nothing of its own; or an **unchecked** item,
//! with the reason files cannot decide it. None disappears. The document's phases become the
//! plan's order: a phase's items come after the phase before it, or the one it names.

pub mod checks;
pub mod items;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::{Condition, Priority, Requirement, Target, TargetError};
use crate::claims::{self, Claim, ClaimKind};
use crate::codes::{Code, CodedNote};

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

/// Custom resource kinds of a document items are matched against.
const MAX_KINDS: usize = 64;

/// Whether a target path names a Markdown document rather than a target file.
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Reads a target document: the target and the notes on what could not be checked. The
/// target is the built-in profile with the document's items added, or with `only_document`
/// the document's items and the built-in requirements they name.
pub fn load_document(
    path: &Path,
    only_document: bool,
) -> Result<(Target, Vec<CodedNote>), TargetError> {
    let bytes = crate::input::read(path, crate::claims::MAX_DOCUMENT_BYTES).map_err(|e| {
        TargetError::Read {
            path: path.to_path_buf(),
            error: e.into(),
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
    Ok(from_text(&name, &text, only_document))
}

/// The document's items as the plan to check: what each is checked by, or why it is not.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPlan {
    /// The document's file name, as notes and reports name it.
    pub name: String,
    pub items: Vec<PlannedItem>,
    pub phases: Vec<items::Phase>,
    /// Items past [`items::MAX_ITEMS`], not read.
    pub dropped: usize,
}

/// One item and how it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedItem {
    pub item: items::Item,
    /// What the item names, each checked.
    pub checks: Vec<checks::Check>,
    /// The item's own requirement (its checks), when it has checks.
    pub requirement: Option<String>,
    /// Built-in requirements the item's words name and its checks do not cover.
    pub mapped: Vec<String>,
    /// Why the item is not checked, when it is not.
    pub unchecked: Option<String>,
    /// A detail of the list item on this line, which names what it is about: the item is
    /// as built as its parent ("Simple echo endpoint" under "EchoController -> EchoRest…").
    pub detail_of: Option<u32>,
}

static MEASURED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d+(?:\.\d+)?\s*(?:ms|%|rps|qps|req/s|requests per second|users|seconds|minutes|nines)|p9\d|sla|slo|latency|throughput|uptime|availability|under load|response time)\b|<\s*\d")
        .expect("regex")
});
static PROCESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:review\w*|meetings?|train\w*|hire|hiring|agree\w*|decid\w*|communicat\w*|sign[- ]off|approv\w*|onboard\w*|announce\w*|weekly|monthly|quarterly|retro\w*|stakeholders?|interview\w*|survey\w*|demo to|present\w*|discuss\w*|evaluat\w*|research\w*|investigat\w*|spike)\b")
        .expect("regex")
});

/// Why an item that names nothing checkable is left unchecked.
fn unchecked_reason(item: &items::Item) -> String {
    if item.context {
        return format!(
            "it is in \u{201c}{}\u{201d}, which describes today's state or the background: it plans nothing",
            item.section
        );
    }
    if MEASURED.is_match(&item.text) {
        "a number measured at run time (latency, load, availability): files cannot show it".into()
    } else if PROCESS.is_match(&item.text) {
        "a process or a decision, not a file".into()
    } else {
        "a behaviour: it names no file, code name, custom resource, route, setting or Make target, and no built-in requirement".into()
    }
}

/// The requirements a test item names, read in CI when the item says CI: "integration tests
/// against a cluster in CI" is the profile's CI requirement whose phrase holds the test
/// requirement's phrase ("integration tests in ci"), not the plain test one.
fn in_ci(vocabulary: &super::Vocabulary, builtin: &Target, text: &str) -> Vec<String> {
    static CI: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:in ci|ci|ci/cd|github actions|gitlab ci|pipeline)\b").expect("regex")
    });
    let mut ids: Vec<String> = Vec::new();
    let says_ci = CI.is_match(text);
    for (id, phrase) in vocabulary.phrases_in(text) {
        let mut id = id.to_string();
        if says_ci && !id.starts_with("ci") {
            let in_ci = format!("{phrase} in ci");
            if let Some(r) = builtin.requirements.iter().find(|r| {
                r.phrases
                    .iter()
                    .any(|p| crate::text::normalize_words(p) == in_ci)
            }) {
                id = r.id.clone();
            }
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The target a document's text describes; `name` is used in titles and notes.
pub fn from_text(name: &str, text: &str, only_document: bool) -> (Target, Vec<CodedNote>) {
    let builtin = super::builtin();
    let vocabulary = super::Vocabulary::of(&builtin);
    let extraction = claims::extract(text);
    let read = items::read(text, &extraction.claims);
    // The custom resource kinds the document names, in its order.
    let mut kinds: Vec<String> = Vec::new();
    for c in &extraction.claims {
        if let ClaimKind::Crd { resource_kind } = &c.kind {
            if !kinds.contains(resource_kind) {
                kinds.push(resource_kind.clone());
            }
        }
    }
    let mut owners: Vec<(String, String)> = Vec::new();
    for item in read
        .items
        .iter()
        .filter(|i| i.form == items::ItemForm::TableRow)
    {
        let Some((_, kind)) = item.cells.iter().find(|(h, _)| {
            h.trim().eq_ignore_ascii_case("kind") || h.to_lowercase().contains("crd")
        }) else {
            continue;
        };
        let kind = kind.trim_matches('`').trim();
        let camel = kind.chars().next().is_some_and(char::is_uppercase)
            && kind.chars().all(char::is_alphanumeric)
            && kind.chars().any(char::is_lowercase);
        if !camel {
            continue;
        }
        if !kinds.iter().any(|k| k == kind) {
            kinds.push(kind.to_string());
        }
        if let Some((_, owner)) = item.cells.iter().find(|(h, c)| {
            let h = h.to_lowercase();
            (h.contains("owner") || h.contains("controller")) && !c.trim().is_empty()
        }) {
            owners.push((
                owner.trim().trim_matches('`').to_lowercase(),
                kind.to_string(),
            ));
        }
    }
    // Each item is matched against every kind: a document naming thousands stays bounded.
    kinds.truncate(MAX_KINDS);
    let names = checks::DocNames { kinds, owners };

    let mut planned: Vec<PlannedItem> = Vec::new();
    let mut ids: BTreeSet<String> = builtin.requirements.iter().map(|r| r.id.clone()).collect();
    let mut own: Vec<Requirement> = Vec::new();
    // Each item's text by its index in the read list, for the items nested under it.
    let parents: std::collections::BTreeMap<u32, String> = read
        .items
        .iter()
        .map(|i| (i.line, i.text.clone()))
        .collect();
    for item in read.items {
        let claims: Vec<&Claim> = extraction
            .claims
            .iter()
            .filter(|c| c.line >= item.line && c.line <= item.end_line)
            .collect();
        let technology = |w: &str| !vocabulary.technologies_in(w).is_empty();
        let mut checks = if item.context {
            Vec::new()
        } else {
            let named: Vec<(String, String)> = vocabulary
                .technologies_in(&item.text)
                .into_iter()
                .map(|t| (t.name.clone(), t.regex.as_str().to_string()))
                .collect();
            checks::of_item(&item, &claims, &names, &technology, &named)
        };
        // "Remove old handler" under "DashboardHandler -> Merge with …": what goes is what
        // the parent migrates from.
        if checks.is_empty() && !item.context && checks::is_removal(&item.text) {
            if let Some(from) = item
                .parent
                .and_then(|line| parents.get(&line))
                .and_then(|t| checks::migrated_from(t))
            {
                let mut parent = item.clone();
                parent.text = format!("{from} -> Remove");
                checks = checks::of_item(&parent, &[], &names, &technology, &[]);
            }
        }
        // A table row with checks of its own is about them; its other cells describe them
        // (a "monitoring" phase is no metrics requirement).
        // An item with checks of its own is about them: a built-in requirement its words
        // also name ("metrics" in "metrics in `go/internal/metrics/queue.go`") would judge
        // the whole system instead. A removal is never a built-in requirement's presence.
        let mapped: Vec<String> =
            if item.context || !checks.is_empty() || checks::is_removal(&item.text) {
                Vec::new()
            } else {
                in_ci(&vocabulary, &builtin, &item.text)
            };
        let requirement = (!checks.is_empty()).then(|| {
            let base = format!("doc.{}", slug(&item.text));
            let mut id = base.clone();
            let mut n = 2;
            while ids.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            ids.insert(id.clone());
            id
        });
        let unchecked = (checks.is_empty() && mapped.is_empty()).then(|| unchecked_reason(&item));
        let detail_of = item.parent.filter(|_| {
            unchecked
                .as_deref()
                .is_some_and(|u| u.starts_with("a behaviour"))
        });
        planned.push(PlannedItem {
            item,
            checks,
            requirement,
            mapped,
            unchecked,
            detail_of,
        });
    }

    // The items' own requirements; a phase's come after the phase it follows.
    let phase_ids = |phase: usize, planned: &[PlannedItem]| -> Vec<String> {
        planned
            .iter()
            .filter(|p| p.item.phase == Some(phase))
            .flat_map(|p| p.requirement.iter().chain(&p.mapped).cloned())
            .collect()
    };
    for p in &planned {
        let Some(id) = &p.requirement else { continue };
        let item = &p.item;
        let (met, partial) = condition_of(&p.checks);
        let depends_on: Vec<String> = item
            .phase
            .map(|ph| {
                read.phases[ph]
                    .after
                    .iter()
                    .flat_map(|a| phase_ids(*a, &planned))
                    .collect::<BTreeSet<String>>()
                    .into_iter()
                    .collect()
            })
            .unwrap_or_default();
        // The section, and the phase it is in when that is another heading.
        let place = match item.phase.map(|ph| &read.phases[ph].title) {
            Some(phase) if phase != &item.section => format!("{phase}, {}", item.section),
            _ => item.section.clone(),
        };
        let what: Vec<&str> = p.checks.iter().map(|c| c.what.as_str()).take(12).collect();
        let more = p.checks.len().saturating_sub(what.len());
        own.push(Requirement {
            id: id.clone(),
            area: "document".into(),
            title: shorten(&item.text, 100),
            why: format!(
                "{name}:{} plans it{}.",
                item.line,
                if place.is_empty() {
                    String::new()
                } else {
                    format!(" (\u{201c}{place}\u{201d})")
                }
            ),
            fix: format!(
                "Build what {name}:{} plans: {}{}.",
                item.line,
                what.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            priority: Priority::Medium,
            effort_days: items::effort_in(&item.text).unwrap_or(1.0),
            depends_on,
            met,
            partial,
            phrases: p
                .checks
                .iter()
                .filter_map(|c| c.what.split('`').nth(1))
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_string)
                .collect(),
            ..Default::default()
        });
    }

    let named: BTreeSet<&str> = planned
        .iter()
        .flat_map(|p| p.mapped.iter().map(String::as_str))
        .collect();
    let mut requirements: Vec<Requirement> = builtin
        .requirements
        .iter()
        .filter(|r| !only_document || named.contains(r.id.as_str()))
        .cloned()
        .collect();
    let kept: BTreeSet<String> = requirements.iter().map(|r| r.id.clone()).collect();
    for r in &mut requirements {
        r.depends_on.retain(|d| kept.contains(d));
    }
    let all_ids: BTreeSet<String> = kept
        .iter()
        .cloned()
        .chain(own.iter().map(|r| r.id.clone()))
        .collect();
    for r in &mut own {
        r.depends_on.retain(|d| all_ids.contains(d) && d != &r.id);
    }
    requirements.extend(own);

    let count = |f: &dyn Fn(&PlannedItem) -> bool| planned.iter().filter(|p| f(p)).count();
    let checked = count(&|p| p.requirement.is_some());
    let by_builtin = count(&|p| p.requirement.is_none() && !p.mapped.is_empty());
    let context = count(&|p| p.item.context);
    let unchecked = count(&|p| p.unchecked.is_some() && !p.item.context);
    let mut notes = vec![CodedNote::new(
        Code::TargetSummary,
        format!(
            "{name}: {} items: {checked} checked by what they name, {by_builtin} through the built-in requirements they name, {unchecked} unchecked, {context} describing today's state; {} phases{}",
            planned.len(),
            read.phases.len(),
            if read.dropped > 0 {
                format!("; {} items past the first {} not read", read.dropped, items::MAX_ITEMS)
            } else {
                String::new()
            }
        ),
    )];
    for p in planned
        .iter()
        .filter(|p| p.unchecked.is_some() && !p.item.context)
    {
        notes.push(CodedNote::new(
            Code::TargetItemUnmatched,
            format!(
                "{name}:{}: `{}` is not checked: {}",
                p.item.line,
                shorten(&p.item.text, 80),
                p.unchecked.as_deref().unwrap_or_default()
            ),
        ));
    }
    let plan = DocumentPlan {
        name: name.to_string(),
        items: planned,
        phases: read.phases,
        dropped: read.dropped,
    };
    (
        Target {
            name: if only_document {
                format!("{name} (document)")
            } else {
                format!("{} + {name}", builtin.name)
            },
            requirements,
            disabled: Vec::new(),
            area_phrases: builtin.area_phrases.clone(),
            conditions: builtin.conditions.clone(),
            document: Some(Arc::new(plan)),
        },
        notes,
    )
}

/// An item's requirement conditions: all its checks for met; any of them, or the weaker form
/// of one (a setting with another value), for partial.
fn condition_of(checks: &[checks::Check]) -> (Condition, Option<Condition>) {
    let mets: Vec<Condition> = checks.iter().map(|c| c.met.clone()).collect();
    let mut some: Vec<Condition> = mets.clone();
    some.extend(checks.iter().filter_map(|c| c.partial.clone()));
    if mets.len() == 1 && some.len() == 1 {
        (mets[0].clone(), None)
    } else if mets.len() == 1 {
        (mets[0].clone(), Some(Condition::Any(some)))
    } else {
        (Condition::All(mets), Some(Condition::Any(some)))
    }
}

/// `text` cut to about `n` characters at a word.
pub fn shorten(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
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
            assert!(crate::rules::Language::named(l).is_some(), "{l}");
        }
    }

    use super::*;

    #[test]
    fn every_item_is_checked_mapped_or_unchecked() {
        let doc = "# Target\n\n## API layer\n\nNeed to create:\n\n```\nsrc/api/\n├── main.py\n└── routers/\n    └── health.py\n```\n\n- [ ] Publish the OpenAPI document\n- [ ] Serve `/api/v1/items` routes\n- [ ] Make the UI nicer\n";
        let (target, notes) = from_text("T.md", doc, true);
        let plan = target.document.as_deref().unwrap();
        let got: Vec<_> = plan
            .items
            .iter()
            .map(|p| {
                (
                    p.item.line,
                    p.requirement.as_deref(),
                    p.mapped.iter().map(String::as_str).collect(),
                    p.unchecked.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (8, Some("doc.src-api"), vec![], None),
                (9, Some("doc.src-api-main-py"), vec![], None),
                (10, Some("doc.src-api-routers"), vec![], None),
                (11, Some("doc.src-api-routers-health-py"), vec![], None),
                (14, None, vec!["api.openapi"], None),
                (15, Some("doc.serve-api-v1-items-routes"), vec![], None),
                (16, None, vec![], Some("a behaviour: it names no file, code name, custom resource, route, setting or Make target, and no built-in requirement")),
            ]
        );
        // Only the built-in requirement an item names, beside the items' own.
        let ids: Vec<&str> = target.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids[0], "api.openapi");
        assert_eq!(ids.len(), 6);
        let health = target.get("doc.src-api-routers-health-py").unwrap();
        assert_eq!(health.why, "T.md:11 plans it (\u{201c}API layer\u{201d}).");
        assert_eq!(notes[0].code, crate::codes::Code::TargetSummary);
        assert_eq!(
            notes[1..],
            [crate::codes::CodedNote::new(
                crate::codes::Code::TargetItemUnmatched,
                "T.md:16: `Make the UI nicer` is not checked: a behaviour: it names no file, code name, custom resource, route, setting or Make target, and no built-in requirement"
            )]
        );
        // Without --only-document the whole built-in profile stays beside the items.
        let (full, _) = from_text("T.md", doc, false);
        assert!(full.get("backup.jobs").is_some());
        assert_eq!(
            full.requirements.len(),
            crate::rules::builtin().requirements.len() + 5
        );
    }

    #[test]
    fn later_phases_come_after_earlier_ones() {
        let doc = "# Plan\n\n## Phase 1 — core\n\n- [ ] Create `src/core.py`\n\n## Phase 2 — api\n\n- [ ] Create `src/api.py`\n";
        let (target, _) = from_text("P.md", doc, true);
        let api = target.get("doc.create-src-api-py").unwrap();
        assert_eq!(api.depends_on, vec!["doc.create-src-core-py"]);
    }
}
