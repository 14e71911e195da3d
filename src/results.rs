//! Results: what `analyze` produces and every later stage reads — findings, completion, the
//! report tables and the plan. The types only: evaluation fills in the findings and tables,
//! planning the plan; diff, baselines, gates, history and the renderers read them. Nothing
//! here computes a result.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::facts::code::ErrorHabit;
use crate::facts::Evidence;
use crate::rules::Priority;

/// Version of the analysis JSON shape.
pub const ANALYSIS_SCHEMA_VERSION: u32 = 1;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Partial,
    Missing,
    Unknown,
    /// The requirement does not concern this system (no database of its own, nothing
    /// served): neither a gap nor met, left out of completion and of the plan.
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Missing => "missing",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// Score in completion: met 1, partial ½, missing 0; unknown and not applicable are
    /// not scored.
    pub fn score(self) -> Option<f64> {
        match self {
            Status::Met => Some(1.0),
            Status::Partial => Some(0.5),
            Status::Missing => Some(0.0),
            Status::Unknown | Status::NotApplicable => None,
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
    /// The reason's stable code (`docs/codes.md`): what tests and scripts match.
    pub code: crate::codes::Code,
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
    #[serde(default)]
    pub not_applicable: usize,
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
    pub workloads: Vec<WorkloadRow>,
    /// Deployment environments (Kustomize overlays) and what each changes.
    pub environments: Vec<EnvironmentRow>,
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
    pub error_handling: Vec<ErrorHandlingRow>,
    /// Likely hard-coded secrets (snippets redacted).
    #[serde(default)]
    pub secrets: Vec<crate::facts::code::Secret>,
    /// TODO/FIXME/HACK/XXX comments in implementation and test files.
    #[serde(default)]
    pub todo_markers: usize,
    /// Requirements switched off in the target, with reasons.
    pub disabled: Vec<crate::rules::Disable>,
    pub files_read: u64,
    pub skipped: usize,
    pub notes: usize,
    /// Parts of a target document that could not be turned into requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_notes: Vec<crate::codes::CodedNote>,
    /// The open findings as a plan: gap ids, phases, critical path, effort, risk.
    #[serde(default)]
    pub plan: Plan,
    /// With a design document as the target: its items in its order, each with its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentReport>,
}

/// The items of a target design document, in the document's order and wording.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DocumentReport {
    /// The document's file name.
    pub document: String,
    /// Its repository-relative path, when it is in the repository (items link to their lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub summary: DocumentSummary,
    pub phases: Vec<DocumentPhase>,
    pub items: Vec<DocumentItem>,
}

/// How many items have each status.
#[derive(
    Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct DocumentSummary {
    pub items: usize,
    pub met: usize,
    pub partial: usize,
    pub missing: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    /// Items files cannot decide (a behaviour, a number, a process), each with the reason.
    pub unchecked: usize,
    /// Items in parts that describe today's state or the background.
    pub context: usize,
    /// Items past the limit, not read.
    #[serde(default)]
    pub dropped: usize,
}

/// A phase of the document's plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DocumentPhase {
    /// 1-based, in document order.
    pub number: u32,
    pub title: String,
    pub line: u32,
    /// The phases it comes after (their numbers).
    pub after: Vec<u32>,
    /// Effort the document gives the phase, in person-days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort_days: Option<f64>,
    /// Its items, and how many of them are met.
    pub items: usize,
    pub met: usize,
}

/// An item's status: a requirement's, or why it has none.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Met,
    Partial,
    Missing,
    Unknown,
    NotApplicable,
    /// Files cannot decide it.
    Unchecked,
    /// It describes today's state or the background.
    Context,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Met => "met",
            ItemStatus::Partial => "partial",
            ItemStatus::Missing => "missing",
            ItemStatus::Unknown => "unknown",
            ItemStatus::NotApplicable => "not_applicable",
            ItemStatus::Unchecked => "unchecked",
            ItemStatus::Context => "context",
        }
    }

    pub fn of(status: Status) -> ItemStatus {
        match status {
            Status::Met => ItemStatus::Met,
            Status::Partial => ItemStatus::Partial,
            Status::Missing => ItemStatus::Missing,
            Status::Unknown => ItemStatus::Unknown,
            Status::NotApplicable => ItemStatus::NotApplicable,
        }
    }
}

crate::display_via_as_str!(ItemStatus);

/// One item of the document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DocumentItem {
    pub line: u32,
    pub end_line: u32,
    /// `task`, `list_item`, `table_row`, `tree_entry`, `paragraph`, `heading`.
    pub form: crate::rules::document::items::ItemForm,
    /// The nearest heading above it.
    pub section: String,
    /// The phase it belongs to (its number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<u32>,
    /// The item as the document words it.
    pub text: String,
    /// The document marks it done (`[x]`, ✅).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub marked_done: bool,
    pub status: ItemStatus,
    /// Why it has this status: what was found, or why it cannot be checked.
    pub reason: String,
    /// What the item names, each with its status and evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<ItemCheck>,
    /// The requirements that decide it: its own (`doc.…`) or the built-in ones it names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
}

/// One thing an item names, checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ItemCheck {
    pub what: String,
    pub status: ItemStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The JSON Schema of the analysis result (`gapscope schema --analysis`).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Analysis)).unwrap_or_default()
}

pub const FORMULA: &str = "completion = Σ(weight × score) / Σ(weight) over decided findings; \
weight: critical 4, high 3, medium 2, low 1; score: met 1, partial 0.5, missing 0; \
unknown, not applicable and suppressed findings are left out";

/// One Kubernetes workload in the high-availability table (the seeds' component / replicas /
/// HA view).
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct WorkloadRow {
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Replicas as written; `None` when not set (Kubernetes runs 1) or set by a template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u64>,
    /// Replicas come from a Helm value and cannot be read without rendering.
    pub templated: bool,
    /// Every container has liveness and readiness probes.
    pub probes: bool,
    /// A PodDisruptionBudget selects the pods.
    pub pdb: bool,
    /// Pod anti-affinity or topology spread constraints.
    pub spread: bool,
    /// Every container sets resource requests and limits.
    pub resources: bool,
    /// Highly available: two or more replicas and a disruption budget. `None` when that
    /// cannot be read (templated replicas) or does not apply (DaemonSets, Jobs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ha: Option<bool>,
    pub evidence: Evidence,
}

/// One deployment environment (a Kustomize overlay) and what it changes.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct EnvironmentRow {
    pub environment: String,
    pub dir: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Resources and bases it builds on.
    pub builds_on: Vec<String>,
    /// Images whose tags or names it overrides.
    pub images: Vec<String>,
    /// Patches it applies (files, or inline patches with their targets and paths).
    pub patches: Vec<String>,
    /// Patches no other environment applies: what sets it apart.
    pub only_here: Vec<String>,
    pub evidence: Evidence,
}

/// Error-handling habits of one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorHandlingRow {
    /// Component id; `(none)` for files outside every component.
    pub component: String,
    /// Count per habit (`exit_in_library`, `bare_except`, …).
    pub habits: BTreeMap<ErrorHabit, usize>,
    /// The first places, to start from.
    pub evidence: Vec<Evidence>,
}

/// Impact and risk levels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Critical,
    High,
    Medium,
    Low,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Critical, Level::High, Level::Medium, Level::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Critical => "critical",
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }

    /// Impact score: critical 4, high 3, medium 2, low 1 (the completion weights).
    pub fn score(self) -> u32 {
        match self {
            Level::Critical => 4,
            Level::High => 3,
            Level::Medium => 2,
            Level::Low => 1,
        }
    }
}

crate::display_via_as_str!(Level);

/// How likely a gap is to hurt, read from the evidence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Probability {
    /// Missing, and the whole repository was read: nothing is in place.
    High,
    /// Partial, or missing while some files could not be read.
    Medium,
    /// The evidence is thin (low confidence).
    Low,
}

impl Probability {
    pub const ALL: [Probability; 3] = [Probability::High, Probability::Medium, Probability::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Probability::High => "high",
            Probability::Medium => "medium",
            Probability::Low => "low",
        }
    }

    /// Probability score: high 3, medium 2, low 1.
    pub fn score(self) -> u32 {
        match self {
            Probability::High => 3,
            Probability::Medium => 2,
            Probability::Low => 1,
        }
    }
}

crate::display_via_as_str!(Probability);

/// An open finding as a unit of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gap {
    /// `GAP-NNN`: NNN is the requirement's gap number (`gap:` in its target; the built-in
    /// profile's are fixed), so an id does not move when other gaps open or close, or when
    /// requirements are added, disabled or renamed.
    pub id: String,
    pub requirement: String,
    pub area: String,
    pub title: String,
    pub priority: Priority,
    pub status: Status,
    pub impact: Level,
    pub probability: Probability,
    /// impact × probability (1..=12).
    pub risk_score: u32,
    pub risk: Level,
    /// Person-days still to spend (half the requirement's effort when partial).
    pub effort_days: f64,
    /// How far the estimate can be trusted: the finding's confidence, one step lower when the
    /// gap is partial (how much is left is inferred) and when a dependency cannot be decided.
    pub estimate_confidence: Confidence,
    /// Open gaps that must close first.
    #[serde(default)]
    pub blocked_by: Vec<String>,
    /// Dependencies the repository cannot decide (unknown): they may block too.
    #[serde(default)]
    pub unresolved_dependencies: Vec<String>,
    /// Phase (1-based topological level).
    pub phase: u32,
    pub on_critical_path: bool,
    /// Why it matters (the requirement's text).
    pub why: String,
    /// How to close it (the requirement's text).
    pub fix: String,
}

/// One phase of the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Phase {
    pub number: u32,
    /// Gap ids in id order.
    pub gaps: Vec<String>,
    pub effort_days: f64,
    /// Working days for the team: max(largest gap in the phase, phase effort / team).
    pub duration_days: f64,
    /// Working day the phase starts on when phases run one after another (from 0).
    pub start_day: f64,
    pub end_day: f64,
    /// Overall completion once this phase and the ones before it are done (their gaps met),
    /// by the completion formula; `None` when nothing could be decided.
    pub completion_after: Option<f64>,
}

/// Gaps of one impact × probability cell of the risk matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RiskCell {
    pub impact: Level,
    pub probability: Probability,
    pub risk: Level,
    pub gaps: Vec<String>,
}

/// The plan of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// Open, unsuppressed findings, in id order.
    pub gaps: Vec<Gap>,
    pub phases: Vec<Phase>,
    /// Gap ids along the longest chain of dependencies by effort.
    pub critical_path: Vec<String>,
    pub critical_path_days: f64,
    pub total_effort_days: f64,
    /// People the calendar time is computed for (`--team`).
    pub team: u32,
    /// max(critical path, total effort / team): a lower bound in working days.
    pub calendar_days: f64,
    /// Working days when the phases run one after another.
    pub phased_days: f64,
    /// Dependency cycles (gap ids); the gaps of a cycle share a phase.
    #[serde(default)]
    pub cycles: Vec<Vec<String>>,
    /// Every cell of the matrix, impact from critical to low, probability from high to low.
    pub risk_matrix: Vec<RiskCell>,
    pub effort_formula: String,
    pub risk_formula: String,
    /// Completion weights of the findings: Σ weight × score and Σ weight over decided,
    /// unsuppressed findings (as in the analysis' completion).
    pub weight_scored: f64,
    pub weight_total: u32,
    /// What each gap adds to Σ weight × score once met: weight × (1 − score).
    #[serde(skip)]
    pub(crate) gain: Vec<f64>,
}

impl Default for Plan {
    /// The plan of an analysis saved before plans were part of it: no gaps, a team of one.
    fn default() -> Self {
        Plan {
            gaps: Vec::new(),
            phases: Vec::new(),
            critical_path: Vec::new(),
            critical_path_days: 0.0,
            total_effort_days: 0.0,
            team: 1,
            calendar_days: 0.0,
            phased_days: 0.0,
            cycles: Vec::new(),
            risk_matrix: Vec::new(),
            effort_formula: String::new(),
            risk_formula: String::new(),
            weight_scored: 0.0,
            weight_total: 0,
            gain: Vec::new(),
        }
    }
}

impl Plan {
    pub fn gap(&self, id: &str) -> Option<&Gap> {
        self.gaps.iter().find(|g| g.id == id)
    }
}
