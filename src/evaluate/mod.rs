//! Evaluation: the target's requirements against the fact store → findings with evidence,
//! completion per area and overall, and the per-component view.
//!
//! The honesty rules live here: only implementation evidence makes a requirement met;
//! evidence in tests, fixtures, examples, docs or vendored code makes it at most partial and is
//! labelled; a requirement the repository cannot decide is `unknown`, not `missing`.

pub mod code;
pub mod conditions;
pub mod document;
pub mod infra;

use std::collections::BTreeSet;

use rayon::prelude::*;

use conditions::{Facts, Level, Outcome};

use crate::codes::Code;
use crate::config::Suppressions;
use crate::facts::{Evidence, FileRole, Inventory};
use crate::results::{
    Analysis, AreaSummary, Completion, ComponentRow, Confidence, Finding, Status,
    ANALYSIS_SCHEMA_VERSION, FORMULA,
};
use crate::rules::Target;
use crate::search::PatternSet;

/// Most evidence entries kept per list in a finding; the count says how many there were.
const EVIDENCE_LIMIT: usize = 8;

/// Evaluates every requirement of `target` against `inventory`.
pub fn analyze(
    target: &Target,
    inventory: &Inventory,
    patterns: &PatternSet,
    suppressions: &Suppressions,
) -> Analysis {
    let facts = Facts {
        inventory,
        patterns,
        files: conditions::FileMatches::new(target, inventory),
        named: conditions::named(target),
        unused: code::unused_shared(inventory),
    };
    let stubs = code::StubIndex::new(&inventory.code.stubs);
    let planned = planned_by_documents(target, inventory);
    // Requirements are independent; on a large tree each walks long file and fact lists.
    let findings: Vec<Finding> = target
        .requirements
        .par_iter()
        .map(|r| {
            let mut f =
                evaluate_requirement(r, &facts, &stubs, planned_or_required(target, &planned, r));
            f.suppressed = suppressions.get(&r.id).cloned();
            if f.suppressed.is_some() && inventory.skipped.is_empty() {
                f.confidence = Confidence::High;
            }
            f
        })
        .collect();

    let document = target
        .document
        .as_deref()
        .map(|d| document::report(d, &facts, &findings));
    let mut areas = Vec::new();
    for area in target.areas() {
        let in_area: Vec<&Finding> = findings.iter().filter(|f| f.area == area).collect();
        areas.push(summarise(area, &in_area));
    }
    let all: Vec<&Finding> = findings.iter().collect();
    let overall = summarise("overall", &all);

    Analysis {
        schema_version: ANALYSIS_SCHEMA_VERSION,
        root: inventory.root.clone(),
        target: target.name.clone(),
        completion: Completion {
            percent: overall.completion,
            weight_scored: overall.weight_scored,
            weight_total: overall.weight_total,
            formula: FORMULA.into(),
        },
        areas,
        components: component_rows(inventory, &findings),
        workloads: infra::workload_rows(&inventory.infra),
        environments: infra::environment_rows(&inventory.infra),
        findings,
        stubs: inventory.code.stubs.clone(),
        routes: inventory
            .code
            .routes
            .iter()
            .filter(|r| r.evidence.role == FileRole::Source)
            .cloned()
            .collect(),
        listeners: inventory
            .code
            .listeners
            .iter()
            .filter(|l| l.evidence.role == FileRole::Source)
            .cloned()
            .collect(),
        component_links: inventory.code.links.clone(),
        error_handling: code::error_handling_rows(inventory),
        secrets: inventory.code.secrets.clone(),
        todo_markers: inventory.code.todos.len(),
        disabled: target.disabled.clone(),
        files_read: inventory.files.read,
        skipped: inventory.skipped.len(),
        notes: inventory.notes.len(),
        target_notes: Vec::new(),
        // Planning is the next stage's work (`plan::build`).
        plan: Default::default(),
        document,
    }
}

fn summarise(area: &str, findings: &[&Finding]) -> AreaSummary {
    let mut s = AreaSummary {
        area: area.to_string(),
        met: 0,
        partial: 0,
        missing: 0,
        unknown: 0,
        not_applicable: 0,
        completion: None,
        weight_scored: 0.0,
        weight_total: 0,
    };
    for f in findings {
        match f.status {
            Status::Met => s.met += 1,
            Status::Partial => s.partial += 1,
            Status::Missing => s.missing += 1,
            Status::Unknown => s.unknown += 1,
            Status::NotApplicable => s.not_applicable += 1,
        }
        if f.suppressed.is_some() {
            continue;
        }
        if let Some(score) = f.status.score() {
            s.weight_total += f.priority.weight();
            s.weight_scored += score * f64::from(f.priority.weight());
        }
    }
    if s.weight_total > 0 {
        s.completion = Some((s.weight_scored / f64::from(s.weight_total) * 1000.0).round() / 10.0);
    }
    s
}

/// For each requirement the project's design documents plan (a target architecture, a roadmap,
/// an ADR naming it by one of its phrases or technologies), the first place that plans it.
fn planned_by_documents<'t>(
    target: &'t Target,
    inventory: &Inventory,
) -> std::collections::HashMap<&'t str, Evidence> {
    let vocabulary = crate::rules::Vocabulary::of(target);
    let mut out = std::collections::HashMap::new();
    for doc in inventory.docs.iter().filter(|d| !d.plans.is_empty()) {
        let role = crate::walk::classify::role_of_path(&doc.path);
        for item in &doc.plans {
            let mut ids: Vec<&str> = vocabulary.requirements_for(&item.text);
            let named: Vec<&str> = vocabulary
                .technologies_in(&item.text)
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            ids.extend(
                target
                    .requirements
                    .iter()
                    .filter(|r| {
                        r.technologies
                            .iter()
                            .any(|t| named.contains(&t.name.as_str()))
                    })
                    .map(|r| r.id.as_str()),
            );
            for id in ids {
                let Some(r) = target.get(id) else { continue };
                out.entry(r.id.as_str()).or_insert_with(|| {
                    Evidence::line(&doc.path, role, item.line).with_snippet(item.text.clone())
                });
            }
        }
    }
    out
}

/// Where a requirement is planned: itself, or a requirement it depends on (an API the
/// documents plan makes its versioning and rate limits concern the system too).
fn planned_or_required<'p>(
    target: &Target,
    planned: &'p std::collections::HashMap<&str, Evidence>,
    r: &crate::rules::Requirement,
) -> Option<&'p Evidence> {
    let mut todo: Vec<&str> = vec![r.id.as_str()];
    let mut seen: Vec<&str> = Vec::new();
    while let Some(id) = todo.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(e) = planned.get(id) {
            return Some(e);
        }
        if let Some(req) = target.get(id) {
            todo.extend(req.depends_on.iter().map(String::as_str));
        }
    }
    None
}

fn evaluate_requirement(
    r: &crate::rules::Requirement,
    facts: &Facts<'_>,
    stubs: &code::StubIndex<'_>,
    planned: Option<&Evidence>,
) -> Finding {
    let mut finding = Finding {
        requirement: r.id.clone(),
        area: r.area.clone(),
        title: r.title.clone(),
        priority: r.priority,
        effort_days: r.effort_days,
        status: Status::Missing,
        confidence: Confidence::High,
        reason: String::new(),
        code: Code::MissingNoEvidence,
        evidence: Vec::new(),
        weak_evidence: Vec::new(),
        against: Vec::new(),
        evidence_total: 0,
        depends_on: r.depends_on.clone(),
        suppressed: None,
        in_baseline: false,
    };

    if let Some(condition) = &r.applies_when {
        // Only implementation evidence makes a requirement apply: a database in a test
        // fixture does not give the system a database of its own.
        // What the project's design documents plan concerns it, whatever the code shows.
        if planned.is_none() && conditions::evaluate(condition, facts).level < Level::Partial {
            finding.status = Status::NotApplicable;
            finding.confidence = Confidence::Medium;
            finding.code = Code::NotApplicable;
            finding.reason = format!(
                "does not apply: {}",
                r.not_applicable_reason
                    .as_deref()
                    .unwrap_or("what it concerns is not part of the system")
            );
            return finding;
        }
    }
    if let Some(condition) = &r.decidable_when {
        let o = conditions::evaluate(condition, facts);
        // Only implementation evidence makes a requirement decidable: Kubernetes manifests in
        // test fixtures do not make replica counts a question for this repository.
        if o.level < Level::Partial {
            finding.status = Status::Unknown;
            finding.confidence = Confidence::Low;
            finding.code = Code::UnknownUndecidable;
            finding.reason = format!(
                "cannot be decided from the repository: {}",
                r.unknown_reason
                    .as_deref()
                    .unwrap_or("what it depends on was not found")
            );
            return finding;
        }
    }

    let met = conditions::evaluate(&r.met, facts);
    if let Some(why) = &met.undecidable {
        if met.level == Level::None {
            finding.status = Status::Unknown;
            finding.confidence = Confidence::Low;
            finding.code = Code::UnknownCheck;
            finding.reason = format!("cannot be decided: {why}");
            return finding;
        }
    }
    // Met only by weak evidence: the partial condition, when it holds in code, says more.
    let partial_in_code = (met.level == Level::Weak)
        .then(|| r.partial.as_ref().map(|c| conditions::evaluate(c, facts)))
        .flatten()
        .filter(|p| p.level >= Level::Partial && in_code(&p.support, facts));
    let outcome: Outcome = match met.level {
        Level::Full => match r.per_service.then(|| services_without(facts, &met.support)) {
            Some(Some((total, mut bare))) => {
                finding.status = Status::Partial;
                finding.confidence = Confidence::Medium;
                finding.code = Code::PartialCoverage;
                finding.reason = format!(
                    "holds for {} of {total} services; the others show none of their own",
                    total - bare.len()
                );
                let mut o = met;
                o.against.append(&mut bare);
                o
            }
            _ => {
                finding.status = Status::Met;
                finding.confidence = if met.direct {
                    Confidence::High
                } else {
                    Confidence::Medium
                };
                finding.code = Code::MetImplementation;
                finding.reason = "implementation evidence found".into();
                met
            }
        },
        Level::Partial => {
            finding.status = Status::Partial;
            finding.confidence = Confidence::Medium;
            finding.code = Code::PartialCoverage;
            finding.reason = "holds for part of what it covers".into();
            met
        }
        Level::Weak if partial_in_code.is_some() => {
            // Part of it in the implementation says more than all of it in tests or unused
            // code: the partial condition's evidence leads.
            finding.status = Status::Partial;
            finding.confidence = Confidence::Medium;
            finding.code = Code::PartialSome;
            finding.reason = "part of it is in place".into();
            let mut merged = partial_in_code.unwrap_or_else(Outcome::none);
            merged.weak.extend(met.weak);
            merged.against.extend(met.against);
            merged
        }
        Level::Weak => {
            finding.status = Status::Partial;
            finding.confidence = Confidence::Medium;
            finding.code = if met.weak.iter().all(|e| e.role == FileRole::Source) {
                Code::PartialUnusedCode
            } else {
                Code::PartialWeakOnly
            };
            finding.reason = format!(
                "evidence only in {}; none of it counts as implementation",
                weak_place(&met.weak)
            );
            met
        }
        Level::None => {
            let partial = r.partial.as_ref().map(|c| conditions::evaluate(c, facts));
            match partial {
                Some(p) if p.level >= Level::Weak => {
                    finding.status = Status::Partial;
                    finding.confidence = Confidence::Medium;
                    (finding.code, finding.reason) = if p.level == Level::Weak {
                        (
                            Code::PartialSomeWeak,
                            format!("only part of it, and only in {}", weak_place(&p.weak)),
                        )
                    } else {
                        (Code::PartialSome, "part of it is in place".into())
                    };
                    let mut merged = p;
                    merged.against.extend(met.against);
                    merged.weak.extend(met.weak);
                    merged
                }
                _ => {
                    finding.status = Status::Missing;
                    finding.confidence = if facts.inventory.skipped.is_empty() {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    };
                    (finding.code, finding.reason) = if met.weak.is_empty() {
                        (Code::MissingNoEvidence, "no evidence found".into())
                    } else {
                        (
                            Code::MissingWeakEvidence,
                            format!("only weak evidence (in {})", weak_place(&met.weak)),
                        )
                    };
                    if !met.against.is_empty() {
                        finding.code = Code::MissingEvidenceAgainst;
                        finding.reason = "evidence against it found".into();
                    }
                    met
                }
            }
        }
    };
    let Outcome {
        mut support,
        mut weak,
        mut against,
        ..
    } = outcome;
    if finding.status == Status::Met {
        stub_rule(&mut finding, &support, &mut against, stubs);
    }

    for list in [&mut support, &mut weak, &mut against] {
        list.sort();
        // The same lines found by two checks are one piece of evidence; the first label stays.
        list.dedup_by(|a, b| {
            a.path == b.path && a.start_line == b.start_line && a.end_line == b.end_line
        });
    }
    finding.evidence_total = support.len() + weak.len() + against.len();
    support.truncate(EVIDENCE_LIMIT);
    weak.truncate(EVIDENCE_LIMIT);
    against.truncate(EVIDENCE_LIMIT);
    finding.evidence = support;
    finding.weak_evidence = weak;
    finding.against = against;
    finding
}

/// For a requirement of each service: the services that serve requests (two or more) with
/// none of the evidence under their own directory, as evidence against, with their count.
/// `None` when every service has some, or when some evidence lies outside every service (a
/// shared library or a manifest the services all use cannot be divided among them).
fn services_without(facts: &Facts<'_>, support: &[Evidence]) -> Option<(usize, Vec<Evidence>)> {
    let inv = facts.inventory;
    // Components that start a program or declare routes.
    let mut ids = code::deployable_components(inv);
    ids.extend(
        inv.code
            .routes
            .iter()
            .filter(|r| r.evidence.role == FileRole::Source)
            .filter_map(|r| r.component.clone()),
    );
    ids.sort();
    ids.dedup();
    let mut services: Vec<&crate::facts::Component> = ids
        .iter()
        .filter_map(|id| inv.components.iter().find(|c| &c.id == id))
        .collect();
    // A module that holds other services (a Go module with binaries under cmd/, a workspace)
    // is their shared code, not a service beside them.
    let roots: Vec<String> = services.iter().map(|c| c.root.clone()).collect();
    services.retain(|c| {
        !roots
            .iter()
            .any(|r| r != &c.root && crate::facts::is_under(r, &c.root))
    });
    if support.is_empty() {
        return None;
    }
    let deepest = |candidates: &[&crate::facts::Component], path: &str| {
        candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| crate::facts::is_under(path, &c.root))
            .max_by_key(|(_, c)| c.root.len())
            .map(|(i, _)| i)
    };
    // Code with evidence in an image directory of its own (a script service no manifest
    // declares) is a service too.
    let images: Vec<&crate::facts::Component> = inv
        .components
        .iter()
        .filter(|c| c.kind == crate::facts::ComponentKind::DockerImage && !c.root.is_empty())
        .collect();
    let mut owners = Vec::with_capacity(support.len());
    for e in support {
        let i = match deepest(&services, &e.path) {
            Some(i) => i,
            None => {
                let image = images[deepest(&images, &e.path)?];
                match services.iter().position(|c| c.id == image.id) {
                    Some(i) => i,
                    None => {
                        services.push(image);
                        services.len() - 1
                    }
                }
            }
        };
        owners.push(i);
    }
    if services.len() < 2 {
        return None;
    }
    let mut covered = vec![false; services.len()];
    for i in owners {
        covered[i] = true;
    }
    let bare: Vec<Evidence> = services
        .iter()
        .zip(&covered)
        .filter(|(_, covered)| !**covered)
        .map(|(c, _)| {
            c.evidence
                .clone()
                .with_snippet(format!("{} {}: none of its own", c.kind, c.name))
        })
        .collect();
    (!bare.is_empty()).then_some((services.len(), bare))
}

/// Honesty rule 2: code that is a stub or placeholder is not an implementation. When every
/// piece of implementation evidence lies inside a stubbed function, the requirement is partial
/// at most, and the reason names the stubs.
fn stub_rule(
    finding: &mut Finding,
    support: &[Evidence],
    against: &mut Vec<Evidence>,
    stubs: &code::StubIndex<'_>,
) {
    if support.is_empty() {
        return;
    }
    let mut found: Vec<&crate::facts::code::Stub> = Vec::new();
    for e in support {
        match stubs.containing(e) {
            Some(s) => found.push(s),
            None => return,
        }
    }
    found.sort();
    found.dedup();
    finding.status = Status::Partial;
    finding.confidence = Confidence::Medium;
    let labels: Vec<String> = found
        .iter()
        .map(|s| format!("{} [{}]", s.label(), s.kind))
        .collect();
    finding.code = Code::PartialStubbed;
    finding.reason = format!(
        "implementation evidence lies only in stubbed code: {}",
        labels.join(", ")
    );
    against.extend(found.iter().map(|s| {
        Evidence::lines(&s.path, s.role, s.line, s.line)
            .with_snippet(format!("{} in {}: {}", s.kind, s.function, s.snippet))
    }));
}

/// Whether some of `support` is code rather than a package manifest's declaration: a declared
/// dependency that only tests use is not part of the implementation.
fn in_code(support: &[Evidence], facts: &Facts<'_>) -> bool {
    support.iter().any(|e| {
        !facts
            .inventory
            .dependencies
            .iter()
            .any(|d| d.evidence.path == e.path && d.evidence.start_line == e.start_line)
    })
}

/// Where weak evidence lies, for a reason: "test/example files", or a shared library that no
/// component imports (weak evidence in source files is code nothing runs).
fn weak_place(evidence: &[Evidence]) -> String {
    let mut roles: Vec<FileRole> = evidence.iter().map(|e| e.role).collect();
    roles.sort();
    roles.dedup();
    let unused = roles.first() == Some(&FileRole::Source);
    let names: Vec<&str> = roles
        .iter()
        .filter(|r| **r != FileRole::Source)
        .map(|r| r.as_str())
        .collect();
    match (names.is_empty(), unused) {
        (true, true) => "a shared library that no component imports".into(),
        (true, false) => "non-implementation files".into(),
        (false, false) => format!("{} files", names.join("/")),
        (false, true) => format!(
            "{} files and a shared library that no component imports",
            names.join("/")
        ),
    }
}

fn component_rows(inventory: &Inventory, findings: &[Finding]) -> Vec<ComponentRow> {
    // Which requirements have evidence in which component, from one lookup per evidence.
    let owners = crate::facts::OwnerIndex::new(&inventory.components);
    let mut met_in: Vec<Vec<String>> = vec![Vec::new(); inventory.components.len()];
    let mut partial_in: Vec<Vec<String>> = vec![Vec::new(); inventory.components.len()];
    for f in findings {
        let strong: BTreeSet<usize> = f
            .evidence
            .iter()
            .filter_map(|e| owners.owner(&e.path))
            .collect();
        let weak: BTreeSet<usize> = f
            .weak_evidence
            .iter()
            .filter_map(|e| owners.owner(&e.path))
            .collect();
        for &i in &strong {
            if f.status == Status::Met {
                met_in[i].push(f.requirement.clone());
            } else {
                partial_in[i].push(f.requirement.clone());
            }
        }
        for i in weak.difference(&strong) {
            partial_in[*i].push(f.requirement.clone());
        }
    }
    inventory
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind.owns_files())
        .map(|(i, c)| {
            let source_code_lines = c.source_languages.values().map(|l| l.code).sum();
            let main_language = c
                .source_languages
                .iter()
                .max_by(|a, b| a.1.code.cmp(&b.1.code).then(b.0.cmp(a.0)))
                .map(|(l, _)| l.clone());
            ComponentRow {
                id: c.id.clone(),
                kind: c.kind.as_str().into(),
                name: c.name.clone(),
                root: c.root.clone(),
                source_code_lines,
                main_language,
                met_here: std::mem::take(&mut met_in[i]),
                partial_here: std::mem::take(&mut partial_in[i]),
            }
        })
        .collect()
}
