//! Evaluation: the target's requirements against the fact store → findings with evidence,
//! completion per area and overall, and the per-component view.
//!
//! The honesty rules live here: only implementation evidence makes a requirement met;
//! evidence in tests, fixtures, examples, docs or vendored code makes it at most partial and is
//! labelled; a requirement the repository cannot decide is `unknown`, not `missing`.

pub mod code;
pub mod conditions;
pub mod infra;
pub mod patterns;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use conditions::{Facts, Level, Outcome};
use patterns::PatternSet;

use crate::facts::{Evidence, FileRole, Inventory};
use crate::target::{Priority, Target};

/// Version of the analysis JSON shape.
pub const ANALYSIS_SCHEMA_VERSION: u32 = 1;

/// Most evidence entries kept per list in a finding; the count says how many there were.
const EVIDENCE_LIMIT: usize = 8;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Partial,
    Missing,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Missing => "missing",
            Status::Unknown => "unknown",
        }
    }

    /// Score in completion: met 1, partial ½, missing 0; unknown is not scored.
    pub fn score(self) -> Option<f64> {
        match self {
            Status::Met => Some(1.0),
            Status::Partial => Some(0.5),
            Status::Missing => Some(0.0),
            Status::Unknown => None,
        }
    }
}

crate::display_via_as_str!(Status);

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

crate::display_via_as_str!(Confidence);

/// A requirement's status with the evidence for and against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub requirement: String,
    pub area: String,
    pub title: String,
    pub priority: Priority,
    pub effort_days: f64,
    pub status: Status,
    pub confidence: Confidence,
    /// One sentence: why this status.
    pub reason: String,
    /// Implementation evidence.
    pub evidence: Vec<Evidence>,
    /// Evidence in tests, fixtures, examples, docs, vendored or generated files (labelled by
    /// its role; never enough for `met`).
    pub weak_evidence: Vec<Evidence>,
    /// What was found against the requirement.
    pub against: Vec<Evidence>,
    /// How many evidence entries there were before the lists were cut.
    pub evidence_total: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// The reason it was suppressed in gapscope.toml, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
    /// The finding was already open in the baseline the run was given (`--baseline`); gates
    /// do not fail on it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_baseline: bool,
}

impl Finding {
    /// Open: something is still to do (missing or partial).
    pub fn is_open(&self) -> bool {
        matches!(self.status, Status::Missing | Status::Partial)
    }
}

/// Completion of one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AreaSummary {
    pub area: String,
    pub met: usize,
    pub partial: usize,
    pub missing: usize,
    pub unknown: usize,
    /// Percentage, one decimal; `None` when nothing in the area could be decided.
    pub completion: Option<f64>,
    pub weight_scored: f64,
    pub weight_total: u32,
}

/// A component and the requirements evidenced inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComponentRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub root: String,
    pub source_code_lines: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_language: Option<String>,
    /// Requirements with implementation evidence inside this component.
    pub met_here: Vec<String>,
    /// Requirements with only weak or partial evidence inside this component.
    pub partial_here: Vec<String>,
}

/// Overall completion with the formula that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Completion {
    pub percent: Option<f64>,
    pub weight_scored: f64,
    pub weight_total: u32,
    pub formula: String,
}

/// The result of `gapscope analyze`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Analysis {
    pub schema_version: u32,
    pub root: String,
    pub target: String,
    pub completion: Completion,
    pub areas: Vec<AreaSummary>,
    pub findings: Vec<Finding>,
    pub components: Vec<ComponentRow>,
    /// Kubernetes workloads with replicas, probes, disruption budgets and HA.
    pub workloads: Vec<infra::WorkloadRow>,
    /// Deployment environments (Kustomize overlays) and what each changes.
    pub environments: Vec<infra::EnvironmentRow>,
    /// Stubs and placeholders: functions that do not do what their name says (implementation
    /// files), and tests that assert nothing (test files). Sorted by path and line.
    #[serde(default)]
    pub stubs: Vec<crate::facts::code::Stub>,
    /// HTTP routes registered in implementation files.
    #[serde(default)]
    pub routes: Vec<crate::facts::code::Route>,
    /// Entry points and the ports they listen on.
    #[serde(default)]
    pub listeners: Vec<crate::facts::code::Listener>,
    /// The component graph: imports and HTTP calls between components.
    #[serde(default)]
    pub component_links: Vec<crate::facts::graph::ComponentLink>,
    /// Error-handling habits per component.
    #[serde(default)]
    pub error_handling: Vec<code::ErrorHandlingRow>,
    /// Likely hard-coded secrets (snippets redacted).
    #[serde(default)]
    pub secrets: Vec<crate::facts::code::Secret>,
    /// TODO/FIXME/HACK/XXX comments in implementation and test files.
    #[serde(default)]
    pub todo_markers: usize,
    /// Requirements switched off in the target, with reasons.
    pub disabled: Vec<crate::target::Disable>,
    pub files_read: u64,
    pub skipped: usize,
    pub notes: usize,
    /// Parts of a target document that could not be turned into requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_notes: Vec<String>,
    /// The open findings as a plan: gap ids, phases, critical path, effort, risk.
    #[serde(default)]
    pub plan: crate::plan::Plan,
}

/// The JSON Schema of the analysis result (`gapscope schema --analysis`).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Analysis)).unwrap_or_default()
}

pub const FORMULA: &str = "completion = Σ(weight × score) / Σ(weight) over decided findings; \
weight: critical 4, high 3, medium 2, low 1; score: met 1, partial 0.5, missing 0; \
unknown and suppressed findings are left out";

/// Suppressions from the repository's gapscope.toml: requirement id → reason.
pub type Suppressions = BTreeMap<String, String>;

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
    };
    let stubs = code::StubIndex::new(&inventory.code.stubs);
    // Requirements are independent; on a large tree each walks long file and fact lists.
    let findings: Vec<Finding> = target
        .requirements
        .par_iter()
        .map(|r| {
            let mut f = evaluate_requirement(r, &facts, &stubs);
            f.suppressed = suppressions.get(&r.id).cloned();
            if f.suppressed.is_some() && inventory.skipped.is_empty() {
                f.confidence = Confidence::High;
            }
            f
        })
        .collect();

    let mut areas = Vec::new();
    for area in target.areas() {
        let in_area: Vec<&Finding> = findings.iter().filter(|f| f.area == area).collect();
        areas.push(summarise(area, &in_area));
    }
    let all: Vec<&Finding> = findings.iter().collect();
    let overall = summarise("overall", &all);
    let plan = crate::plan::build(target, &findings, 1);

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
        plan,
    }
}

fn summarise(area: &str, findings: &[&Finding]) -> AreaSummary {
    let mut s = AreaSummary {
        area: area.to_string(),
        met: 0,
        partial: 0,
        missing: 0,
        unknown: 0,
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

fn evaluate_requirement(
    r: &crate::target::Requirement,
    facts: &Facts<'_>,
    stubs: &code::StubIndex<'_>,
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
        evidence: Vec::new(),
        weak_evidence: Vec::new(),
        against: Vec::new(),
        evidence_total: 0,
        depends_on: r.depends_on.clone(),
        suppressed: None,
        in_baseline: false,
    };

    if let Some(condition) = &r.decidable_when {
        let o = conditions::evaluate(condition, facts);
        // Only implementation evidence makes a requirement decidable: Kubernetes manifests in
        // test fixtures do not make replica counts a question for this repository.
        if o.level < Level::Partial {
            finding.status = Status::Unknown;
            finding.confidence = Confidence::Low;
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
            finding.reason = format!("cannot be decided: {why}");
            return finding;
        }
    }
    let outcome: Outcome = match met.level {
        Level::Full => {
            finding.status = Status::Met;
            finding.confidence = if met.direct {
                Confidence::High
            } else {
                Confidence::Medium
            };
            finding.reason = "implementation evidence found".into();
            met
        }
        Level::Partial => {
            finding.status = Status::Partial;
            finding.confidence = Confidence::Medium;
            finding.reason = "holds for part of what it covers".into();
            met
        }
        Level::Weak => {
            finding.status = Status::Partial;
            finding.confidence = Confidence::Medium;
            finding.reason = format!(
                "evidence only in {} files, which do not count as implementation",
                weak_roles(&met.weak)
            );
            met
        }
        Level::None => {
            let partial = r.partial.as_ref().map(|c| conditions::evaluate(c, facts));
            match partial {
                Some(p) if p.level >= Level::Weak => {
                    finding.status = Status::Partial;
                    finding.confidence = Confidence::Medium;
                    finding.reason = if p.level == Level::Weak {
                        format!("only part of it, and only in {} files", weak_roles(&p.weak))
                    } else {
                        "part of it is in place".into()
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
                    finding.reason = if met.weak.is_empty() {
                        "no evidence found".into()
                    } else {
                        format!("only weak evidence ({} files)", weak_roles(&met.weak))
                    };
                    if !met.against.is_empty() {
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
    finding.reason = format!(
        "implementation evidence lies only in stubbed code: {}",
        labels.join(", ")
    );
    against.extend(found.iter().map(|s| {
        Evidence::lines(&s.path, s.role, s.line, s.line)
            .with_snippet(format!("{} in {}: {}", s.kind, s.function, s.snippet))
    }));
}

fn weak_roles(evidence: &[Evidence]) -> String {
    let mut roles: Vec<FileRole> = evidence.iter().map(|e| e.role).collect();
    roles.sort();
    roles.dedup();
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    if names.is_empty() {
        "non-implementation".into()
    } else {
        names.join("/")
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
