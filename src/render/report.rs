//! The view of an analysis that the Markdown and HTML reports and SARIF share: the analysis and
//! its plan arranged the way a reader meets them (each gap with its finding's evidence, the
//! checklists, the rows of the risk matrix), with every number taken as computed — nothing is
//! computed here.
//!
//! Code facts (stubs) join the view as one more list of located items when the analysis has
//! them; the formats read located items the same way for gaps and stubs.

use serde::Serialize;

use crate::evaluate::{Analysis, Finding, Status};
use crate::facts::Evidence;
use crate::plan::{Gap, Level, Probability};
use crate::target::Priority;

/// A piece of evidence as reports link it: `path#L10-L20`, repository-relative.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRef {
    /// `path:10-20`.
    pub label: String,
    /// `path#L10-L20`.
    pub href: String,
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    pub role: &'static str,
    pub snippet: Option<String>,
}

impl EvidenceRef {
    pub fn new(e: &Evidence) -> Self {
        let anchor = if e.start_line == e.end_line {
            format!("#L{}", e.start_line)
        } else {
            format!("#L{}-L{}", e.start_line, e.end_line)
        };
        EvidenceRef {
            label: e.location(),
            href: format!("{}{anchor}", e.path),
            path: e.path.clone(),
            start_line: e.start_line,
            end_line: e.end_line,
            role: e.role.as_str(),
            snippet: e.snippet.clone(),
        }
    }
}

/// A gap with its finding.
#[derive(Debug, Clone, Serialize)]
pub struct GapView<'a> {
    #[serde(flatten)]
    pub gap: &'a Gap,
    pub reason: &'a str,
    pub finding_confidence: &'static str,
    pub evidence: Vec<EvidenceRef>,
    pub against: Vec<EvidenceRef>,
    pub weak: Vec<EvidenceRef>,
    /// Evidence entries the finding had before its lists were cut.
    pub evidence_total: usize,
    pub in_baseline: bool,
}

/// A finding shown outside the plan (met, unknown, suppressed).
#[derive(Debug, Clone, Serialize)]
pub struct FindingView<'a> {
    pub requirement: &'a str,
    pub area: &'a str,
    pub title: &'a str,
    pub priority: Priority,
    pub status: Status,
    pub confidence: &'static str,
    pub reason: &'a str,
    pub evidence: Vec<EvidenceRef>,
    pub weak: Vec<EvidenceRef>,
    pub against: Vec<EvidenceRef>,
    pub suppressed: Option<&'a str>,
    /// The gap id when the finding is open.
    pub gap: Option<&'a str>,
}

/// One area with its findings in profile order.
#[derive(Debug, Clone, Serialize)]
pub struct AreaView<'a> {
    #[serde(flatten)]
    pub summary: &'a crate::evaluate::AreaSummary,
    pub findings: Vec<FindingView<'a>>,
}

/// One row of the risk matrix: an impact level and its cells by probability.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRow<'a> {
    pub impact: Level,
    pub cells: Vec<&'a crate::plan::RiskCell>,
}

/// A phase with its gaps.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView<'a> {
    #[serde(flatten)]
    pub phase: &'a crate::plan::Phase,
    /// The phase's gaps, riskiest first (the phase itself lists their ids as `gaps`).
    pub items: Vec<&'a Gap>,
}

/// One checklist line.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem<'a> {
    pub done: bool,
    pub requirement: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub gap: Option<&'a str>,
}

/// Must (critical and high priority), should (medium), nice (low) to have.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist<'a> {
    pub must: Vec<ChecklistItem<'a>>,
    pub should: Vec<ChecklistItem<'a>>,
    pub nice: Vec<ChecklistItem<'a>>,
}

/// Counts of findings by status.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub requirements: usize,
    pub met: usize,
    pub partial: usize,
    pub missing: usize,
    pub unknown: usize,
    pub suppressed: usize,
    pub gaps: usize,
    pub gaps_by_risk: Vec<(Level, usize)>,
}

/// A row of the analysis with a link to its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Located<'a, T> {
    #[serde(flatten)]
    pub row: &'a T,
    pub link: EvidenceRef,
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    pub analysis: &'a Analysis,
    pub counts: Counts,
    pub areas: Vec<AreaView<'a>>,
    pub workloads: Vec<Located<'a, crate::evaluate::infra::WorkloadRow>>,
    pub environments: Vec<Located<'a, crate::evaluate::infra::EnvironmentRow>>,
    /// Gaps by risk (highest first), then id.
    pub gaps_by_risk: Vec<GapView<'a>>,
    /// Met requirements: what is solid.
    pub positives: Vec<FindingView<'a>>,
    pub unknowns: Vec<FindingView<'a>>,
    pub suppressed: Vec<FindingView<'a>>,
    pub risk_rows: Vec<RiskRow<'a>>,
    pub probabilities: Vec<Probability>,
    pub phases: Vec<PhaseView<'a>>,
    pub critical_path: Vec<&'a Gap>,
    pub checklist: Checklist<'a>,
    pub completion_formula: &'static str,
}

fn refs(list: &[Evidence]) -> Vec<EvidenceRef> {
    list.iter().map(EvidenceRef::new).collect()
}

fn finding_view<'a>(f: &'a Finding, gap: Option<&'a str>) -> FindingView<'a> {
    FindingView {
        requirement: &f.requirement,
        area: &f.area,
        title: &f.title,
        priority: f.priority,
        status: f.status,
        confidence: f.confidence.as_str(),
        reason: &f.reason,
        evidence: refs(&f.evidence),
        weak: refs(&f.weak_evidence),
        against: refs(&f.against),
        suppressed: f.suppressed.as_deref(),
        gap,
    }
}

impl<'a> Report<'a> {
    pub fn new(a: &'a Analysis) -> Self {
        let plan = &a.plan;
        let gap_of = |req: &str| {
            plan.gaps
                .iter()
                .find(|g| g.requirement == req)
                .map(|g| g.id.as_str())
        };
        let finding_of = |req: &str| a.findings.iter().find(|f| f.requirement == req);

        let mut gaps_by_risk: Vec<GapView<'a>> = plan
            .gaps
            .iter()
            .filter_map(|g| {
                let f = finding_of(&g.requirement)?;
                Some(GapView {
                    gap: g,
                    reason: &f.reason,
                    finding_confidence: f.confidence.as_str(),
                    evidence: refs(&f.evidence),
                    against: refs(&f.against),
                    weak: refs(&f.weak_evidence),
                    evidence_total: f.evidence_total,
                    in_baseline: f.in_baseline,
                })
            })
            .collect();
        gaps_by_risk.sort_by(|x, y| {
            (
                std::cmp::Reverse(x.gap.risk_score),
                x.gap.priority,
                &x.gap.id,
            )
                .cmp(&(
                    std::cmp::Reverse(y.gap.risk_score),
                    y.gap.priority,
                    &y.gap.id,
                ))
        });

        let areas = a
            .areas
            .iter()
            .map(|s| AreaView {
                summary: s,
                findings: a
                    .findings
                    .iter()
                    .filter(|f| f.area == s.area)
                    .map(|f| finding_view(f, gap_of(&f.requirement)))
                    .collect(),
            })
            .collect();

        let with_status = |status: Status| -> Vec<FindingView<'a>> {
            a.findings
                .iter()
                .filter(|f| f.status == status && f.suppressed.is_none())
                .map(|f| finding_view(f, None))
                .collect()
        };

        let mut checklist = Checklist {
            must: Vec::new(),
            should: Vec::new(),
            nice: Vec::new(),
        };
        for f in a.findings.iter().filter(|f| f.suppressed.is_none()) {
            let item = ChecklistItem {
                done: f.status == Status::Met,
                requirement: &f.requirement,
                title: &f.title,
                status: f.status,
                gap: gap_of(&f.requirement),
            };
            match f.priority {
                Priority::Critical | Priority::High => checklist.must.push(item),
                Priority::Medium => checklist.should.push(item),
                Priority::Low => checklist.nice.push(item),
            }
        }

        let mut gaps_by_level = Vec::new();
        for level in Level::ALL {
            gaps_by_level.push((level, plan.gaps.iter().filter(|g| g.risk == level).count()));
        }
        let count = |s: Status| a.findings.iter().filter(|f| f.status == s).count();

        Report {
            counts: Counts {
                requirements: a.findings.len(),
                met: count(Status::Met),
                partial: count(Status::Partial),
                missing: count(Status::Missing),
                unknown: count(Status::Unknown),
                suppressed: a.findings.iter().filter(|f| f.suppressed.is_some()).count(),
                gaps: plan.gaps.len(),
                gaps_by_risk: gaps_by_level,
            },
            areas,
            workloads: a
                .workloads
                .iter()
                .map(|w| Located {
                    row: w,
                    link: EvidenceRef::new(&w.evidence),
                })
                .collect(),
            environments: a
                .environments
                .iter()
                .map(|e| Located {
                    row: e,
                    link: EvidenceRef::new(&e.evidence),
                })
                .collect(),
            gaps_by_risk,
            positives: with_status(Status::Met),
            unknowns: with_status(Status::Unknown),
            suppressed: a
                .findings
                .iter()
                .filter(|f| f.suppressed.is_some())
                .map(|f| finding_view(f, None))
                .collect(),
            risk_rows: Level::ALL
                .iter()
                .map(|&impact| RiskRow {
                    impact,
                    cells: plan
                        .risk_matrix
                        .iter()
                        .filter(|c| c.impact == impact)
                        .collect(),
                })
                .collect(),
            probabilities: Probability::ALL.to_vec(),
            phases: plan
                .phases
                .iter()
                .map(|p| {
                    let mut items: Vec<&Gap> =
                        p.gaps.iter().filter_map(|id| plan.gap(id)).collect();
                    // Within a phase, the riskiest work first.
                    items.sort_by(|x, y| {
                        (std::cmp::Reverse(x.risk_score), x.priority, &x.id).cmp(&(
                            std::cmp::Reverse(y.risk_score),
                            y.priority,
                            &y.id,
                        ))
                    });
                    PhaseView { phase: p, items }
                })
                .collect(),
            critical_path: plan
                .critical_path
                .iter()
                .filter_map(|id| plan.gap(id))
                .collect(),
            checklist,
            completion_formula: crate::evaluate::FORMULA,
            analysis: a,
        }
    }
}
