//! The view of an analysis that the Markdown and HTML reports and SARIF share: the analysis and
//! its plan arranged the way a reader meets them (each gap with its finding's evidence, the
//! checklists, the rows of the risk matrix), with every number taken as computed — nothing is
//! computed here but where the history chart's points sit.
//!
//! Code facts join the view as located items (implementation stubs, secrets) and counts
//! (routes, component links, tests without assertion); the formats read located items the
//! same way for gaps and stubs. The run history, when there is one, joins it as a chart
//! ([`HistoryChart`]) — never through the analysis, whose JSON stays free of it.

use serde::Serialize;

use crate::facts::code::{Secret, Stub, StubKind};
use crate::facts::{Evidence, FileRole};
use crate::history::Trend;
use crate::results::{Analysis, Finding, Status};
use crate::results::{Gap, Level, Probability};
use crate::rules::Priority;

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
    pub summary: &'a crate::results::AreaSummary,
    pub findings: Vec<FindingView<'a>>,
}

/// One row of the risk matrix: an impact level and its cells by probability.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRow<'a> {
    pub impact: Level,
    pub cells: Vec<&'a crate::results::RiskCell>,
}

/// A phase with its gaps.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView<'a> {
    #[serde(flatten)]
    pub phase: &'a crate::results::Phase,
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
    pub not_applicable: usize,
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

/// A stub or placeholder in an implementation file, with a link to the line that shows it and
/// the findings it holds back (their implementation evidence lies only inside it).
#[derive(Debug, Clone, Serialize)]
pub struct StubView<'a> {
    #[serde(flatten)]
    pub stub: &'a Stub,
    /// `path:line`, the line that shows the stub.
    pub link: EvidenceRef,
    /// Requirements held at partial by this stub, with their gap ids.
    pub holds_back: Vec<HeldBack<'a>>,
}

/// A requirement a stub holds back.
#[derive(Debug, Clone, Serialize)]
pub struct HeldBack<'a> {
    pub requirement: &'a str,
    pub gap: Option<&'a str>,
}

/// Whether a stub is in implementation code (what the honesty rule and the reports count).
pub fn is_implementation_stub(s: &Stub) -> bool {
    s.role == FileRole::Source && s.kind != StubKind::TestWithoutAssertion
}

/// Whether a stub is a test that asserts nothing.
pub fn is_test_without_assertion(s: &Stub) -> bool {
    s.role == FileRole::Test && s.kind == StubKind::TestWithoutAssertion
}

/// A short summary of the facts read from code.
#[derive(Debug, Clone, Serialize)]
pub struct CodeFactsView<'a> {
    /// Whether there is anything to say.
    pub any: bool,
    pub routes: usize,
    pub listeners: usize,
    pub component_links: usize,
    /// Components that import or call no other component and are reached by none, by id.
    pub unlinked_components: Vec<&'a str>,
    /// Likely hard-coded secrets: where, and what kind (their values are never shown).
    pub secrets: Vec<Located<'a, Secret>>,
    pub todo_markers: usize,
    pub tests_without_assertion: usize,
}

/// One run of the history chart.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryPoint {
    pub run: i64,
    /// The commit's short id, else `run N`.
    pub label: String,
    pub commit: Option<String>,
    pub recorded_at: String,
    pub completion: Option<f64>,
    pub open: u32,
    pub x: f64,
    /// Where completion sits on the chart; `None` when the run decided nothing.
    pub y_completion: Option<f64>,
    pub y_open: f64,
}

/// The run history as the HTML report draws it: completion (left axis, 0–100%) and open gaps
/// (right axis, up to the most open in any run) over the runs, oldest first, in SVG user units.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryChart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub max_open: u32,
    pub points: Vec<HistoryPoint>,
    /// SVG `points` of the completion line (runs that decided nothing are skipped).
    pub completion_line: String,
    pub open_line: String,
    /// Labels are turned when there are many runs, so they do not overlap.
    pub turn_labels: bool,
}

impl HistoryChart {
    /// The chart of `trend`, or `None` when it has no runs.
    pub fn new(trend: &Trend) -> Option<HistoryChart> {
        if trend.runs.is_empty() {
            return None;
        }
        let (width, height) = (1120.0, 280.0);
        let (left, right, top, bottom) = (110.0, 1030.0, 24.0, 220.0);
        let round = |v: f64| (v * 10.0).round() / 10.0;
        let n = trend.runs.len();
        let max_open = trend
            .runs
            .iter()
            .map(|r| r.open.total())
            .max()
            .unwrap_or(0)
            .max(1);
        let points: Vec<HistoryPoint> = trend
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                // Inset from the axes, so the first and last values clear the tick labels.
                let (from, to) = (left + 30.0, right - 30.0);
                let x = if n == 1 {
                    (left + right) / 2.0
                } else {
                    from + (to - from) * i as f64 / (n - 1) as f64
                };
                let open = r.open.total();
                HistoryPoint {
                    run: r.run,
                    label: match &r.commit {
                        Some(c) => c.chars().take(7).collect(),
                        None => format!("run {}", r.run),
                    },
                    commit: r.commit.clone(),
                    recorded_at: r.recorded_at.clone(),
                    completion: r.completion,
                    open,
                    x: round(x),
                    y_completion: r
                        .completion
                        .map(|c| round(bottom - (bottom - top) * c.clamp(0.0, 100.0) / 100.0)),
                    y_open: round(bottom - (bottom - top) * f64::from(open) / f64::from(max_open)),
                }
            })
            .collect();
        let line = |ys: &mut dyn Iterator<Item = (f64, f64)>| {
            ys.map(|(x, y)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        Some(HistoryChart {
            width,
            height,
            left,
            right,
            top,
            bottom,
            max_open,
            completion_line: line(
                &mut points
                    .iter()
                    .filter_map(|p| p.y_completion.map(|y| (p.x, y))),
            ),
            open_line: line(&mut points.iter().map(|p| (p.x, p.y_open))),
            turn_labels: n > 10,
            points,
        })
    }
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    pub analysis: &'a Analysis,
    pub counts: Counts,
    pub areas: Vec<AreaView<'a>>,
    pub workloads: Vec<Located<'a, crate::results::WorkloadRow>>,
    pub environments: Vec<Located<'a, crate::results::EnvironmentRow>>,
    /// Gaps by risk (highest first), then id.
    pub gaps_by_risk: Vec<GapView<'a>>,
    /// Met requirements: what is solid.
    pub positives: Vec<FindingView<'a>>,
    pub unknowns: Vec<FindingView<'a>>,
    /// Requirements that do not concern the system, each with why.
    pub not_applicable: Vec<FindingView<'a>>,
    pub suppressed: Vec<FindingView<'a>>,
    pub risk_rows: Vec<RiskRow<'a>>,
    pub probabilities: Vec<Probability>,
    pub phases: Vec<PhaseView<'a>>,
    pub critical_path: Vec<&'a Gap>,
    pub checklist: Checklist<'a>,
    pub completion_formula: &'static str,
    /// Stubs and placeholders in implementation files, by path and line.
    pub stubs: Vec<StubView<'a>>,
    pub code_facts: CodeFactsView<'a>,
    /// A design document's items, section by section, when it is the target.
    pub document: Option<DocView<'a>>,
    /// The run history, when the report is given one ([`Report::with_history`]).
    pub history: Option<HistoryChart>,
}

/// A design document's items, grouped by the section (and phase) they are in, in its order.
#[derive(Debug, Clone, Serialize)]
pub struct DocView<'a> {
    pub report: &'a crate::results::DocumentReport,
    pub sections: Vec<DocSectionView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocSectionView<'a> {
    pub title: String,
    pub line: u32,
    pub items: Vec<DocItemView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocItemView<'a> {
    pub line: u32,
    /// The item's line in the document, when the document is in the repository.
    pub href: Option<String>,
    pub text: &'a str,
    pub status: crate::results::ItemStatus,
    pub reason: &'a str,
    pub gap: Option<&'a str>,
    pub evidence: Vec<EvidenceRef>,
}

fn doc_view<'a>(
    d: &'a crate::results::DocumentReport,
    gap_of: &dyn Fn(&str) -> Option<&'a str>,
) -> DocView<'a> {
    let mut sections: Vec<DocSectionView<'a>> = Vec::new();
    for it in &d.items {
        let title = match it.phase.and_then(|n| d.phases.get(n as usize - 1)) {
            Some(p) if p.title != it.section => format!("{} · {}", p.title, it.section),
            _ if it.section.is_empty() => d.document.clone(),
            _ => it.section.clone(),
        };
        if sections.last().is_none_or(|s| s.title != title) {
            sections.push(DocSectionView {
                title,
                line: it.line,
                items: Vec::new(),
            });
        }
        let evidence: Vec<EvidenceRef> = it
            .checks
            .iter()
            .flat_map(|c| c.evidence.iter())
            .take(2)
            .map(EvidenceRef::new)
            .collect();
        if let Some(s) = sections.last_mut() {
            s.items.push(DocItemView {
                line: it.line,
                href: d.path.as_ref().map(|p| format!("{p}#L{}", it.line)),
                text: &it.text,
                status: it.status,
                reason: &it.reason,
                gap: it.requirements.iter().find_map(|r| gap_of(r)),
                evidence,
            });
        }
    }
    DocView {
        report: d,
        sections,
    }
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
                not_applicable: count(Status::NotApplicable),
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
            not_applicable: with_status(Status::NotApplicable),
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
            completion_formula: crate::results::FORMULA,
            stubs: stub_views(a, &gap_of),
            code_facts: code_facts(a),
            document: a.document.as_ref().map(|d| doc_view(d, &gap_of)),
            history: None,
            analysis: a,
        }
    }

    /// The report with the run history's chart (nothing when `trend` has no runs).
    pub fn with_history(mut self, trend: Option<&Trend>) -> Self {
        self.history = trend.and_then(HistoryChart::new);
        self
    }
}

fn stub_views<'a>(a: &'a Analysis, gap_of: &dyn Fn(&str) -> Option<&'a str>) -> Vec<StubView<'a>> {
    let mut stubs: Vec<&Stub> = a
        .stubs
        .iter()
        .filter(|s| is_implementation_stub(s))
        .collect();
    stubs.sort_by(|x, y| (&x.path, x.line, &x.function).cmp(&(&y.path, y.line, &y.function)));
    stubs
        .into_iter()
        .map(|s| {
            let line = Evidence::line(&s.path, s.role, s.line).with_snippet(s.snippet.clone());
            // The honesty rule puts the stub's line among the finding's evidence against it.
            let holds_back = a
                .findings
                .iter()
                .filter(|f| f.status == Status::Partial)
                .filter(|f| {
                    f.against
                        .iter()
                        .any(|e| e.path == s.path && e.start_line == s.line && e.role == s.role)
                })
                .map(|f| HeldBack {
                    requirement: &f.requirement,
                    gap: gap_of(&f.requirement),
                })
                .collect();
            StubView {
                stub: s,
                link: EvidenceRef::new(&line),
                holds_back,
            }
        })
        .collect()
}

fn code_facts(a: &Analysis) -> CodeFactsView<'_> {
    let linked = |id: &str| a.component_links.iter().any(|l| l.from == id || l.to == id);
    let unlinked_components: Vec<&str> = if a.components.len() > 1 {
        a.components
            .iter()
            .filter(|c| !linked(&c.id))
            .map(|c| c.id.as_str())
            .collect()
    } else {
        Vec::new()
    };
    let mut secrets: Vec<Located<'_, Secret>> = a
        .secrets
        .iter()
        .map(|s| Located {
            row: s,
            // The location only: the snippet stays out of the report, redacted or not.
            link: EvidenceRef::new(&Evidence::lines(
                &s.evidence.path,
                s.evidence.role,
                s.evidence.start_line,
                s.evidence.end_line,
            )),
        })
        .collect();
    // Credentials first, then demo defaults; each by place.
    secrets.sort_by(|x, y| {
        (x.row.severity, &x.link.path, x.link.start_line).cmp(&(
            y.row.severity,
            &y.link.path,
            y.link.start_line,
        ))
    });
    let tests_without_assertion = a
        .stubs
        .iter()
        .filter(|s| is_test_without_assertion(s))
        .count();
    CodeFactsView {
        any: !a.routes.is_empty()
            || !a.listeners.is_empty()
            || !a.component_links.is_empty()
            || !a.secrets.is_empty()
            || a.todo_markers > 0
            || tests_without_assertion > 0,
        routes: a.routes.len(),
        listeners: a.listeners.len(),
        component_links: a.component_links.len(),
        unlinked_components,
        secrets,
        todo_markers: a.todo_markers,
        tests_without_assertion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{OpenCounts, RunSummary, Trend};

    fn run(n: i64, commit: Option<&str>, completion: Option<f64>, open: u32) -> RunSummary {
        RunSummary {
            run: n,
            recorded_at: "2026-01-01T00:00:00Z".into(),
            commit: commit.map(str::to_string),
            branch: None,
            target: "builtin".into(),
            completion,
            open: OpenCounts {
                high: open,
                ..OpenCounts::default()
            },
        }
    }

    #[test]
    fn history_chart_places_runs_left_to_right_on_both_axes() {
        let trend = Trend {
            schema_version: 1,
            runs: vec![
                run(1, Some("4f2a9c0d1e2b"), Some(0.0), 4),
                run(2, None, None, 2),
                run(3, Some("9a8b7c6d"), Some(100.0), 0),
            ],
            areas: Vec::new(),
        };
        let c = HistoryChart::new(&trend).unwrap();
        let labels: Vec<&str> = c.points.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["4f2a9c0", "run 2", "9a8b7c6"]);
        assert_eq!(c.max_open, 4);
        let (first, last) = (&c.points[0], &c.points[2]);
        assert!(first.x > c.left && last.x < c.right && first.x < last.x);
        // 0% on the bottom, 100% on the top; most open gaps on top, none on the bottom.
        assert_eq!(first.y_completion, Some(c.bottom));
        assert_eq!(last.y_completion, Some(c.top));
        assert_eq!((first.y_open, last.y_open), (c.top, c.bottom));
        // A run that decided nothing has no completion point; the line skips it.
        assert_eq!(c.points[1].y_completion, None);
        assert_eq!(c.completion_line.split(' ').count(), 2);
        assert_eq!(c.open_line.split(' ').count(), 3);
        let empty = Trend {
            schema_version: 1,
            runs: Vec::new(),
            areas: Vec::new(),
        };
        assert!(HistoryChart::new(&empty).is_none());
    }
}
