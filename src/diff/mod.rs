//! `diff`: what changed between two saved analyses — gaps closed, opened, regressed and
//! improved, and completion per area before and after.
//!
//! Findings are matched by requirement id, never by file or line, so a renamed file or a moved
//! line is not a new gap. Statuses are ordered met > partial > missing; `unknown` is outside
//! that order: a finding that becomes decidable (or stops being decidable) is reported as such,
//! never as closed or regressed.
//!
//! | before → after                       | category                 |
//! |--------------------------------------|--------------------------|
//! | missing/partial → met                | closed                   |
//! | met → missing/partial; absent → open | opened                   |
//! | partial → missing                    | regressed                |
//! | missing → partial                    | improved                 |
//! | unknown → met/partial/missing        | became decidable         |
//! | met/partial/missing → unknown        | became unknown           |
//! | present → absent                     | no longer in target      |
//! | absent → met/unknown                 | new in target (not open) |
//!
//! This module computes; `render::diff` prints.

pub mod read;

use std::collections::BTreeMap;

use serde::Serialize;

pub use read::{read_snapshot, ReadError, Snapshot, SnapshotFinding};

use crate::results::Status;
use crate::rules::Priority;

/// Version of the diff JSON shape.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// At most this many evidence locations per changed finding.
const LOCATIONS_LIMIT: usize = 3;

/// The result of `gapscope diff OLD NEW`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub old: Side,
    pub new: Side,
    /// Open before, met now.
    pub closed: Vec<Change>,
    /// Open now, and met or absent before.
    pub opened: Vec<Change>,
    /// Partial before, missing now.
    pub regressed: Vec<Change>,
    /// Missing before, partial now.
    pub improved: Vec<Change>,
    /// Unknown before, decided now.
    pub became_decidable: Vec<Change>,
    /// Decided before, unknown now.
    pub became_unknown: Vec<Change>,
    /// In the old analysis' target only.
    pub no_longer_in_target: Vec<Change>,
    /// In the new analysis' target only, and not open (met or unknown).
    pub new_in_target: Vec<Change>,
    /// Findings with the same status in both.
    pub unchanged: usize,
    /// Completion per area, in the new analysis' order, then areas only the old one had.
    pub areas: Vec<AreaChange>,
}

/// One analysis as the diff names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The file, as given on the command line.
    pub file: String,
    pub target: String,
    pub completion: Option<f64>,
    /// Open findings (missing or partial), suppressed ones left out.
    pub open: usize,
}

/// One requirement whose status changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub requirement: String,
    /// The plan's gap id (`GAP-007`), when an analysis has a plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
    pub area: String,
    pub title: String,
    pub priority: Priority,
    /// `None`: not in that analysis' target.
    pub before: Option<Status>,
    pub after: Option<Status>,
    /// Suppressed (gapscope.toml) in the new analysis.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
    /// Where the new analysis (or, for removed requirements, the old one) points: evidence
    /// for and against, `path:line`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
}

/// Completion of one area before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaChange {
    pub area: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl AreaChange {
    /// After minus before, one decimal; `None` unless both are known.
    pub fn delta(&self) -> Option<f64> {
        Some(round1(self.after? - self.before?))
    }
}

impl Diff {
    /// Overall completion after minus before, one decimal.
    pub fn completion_delta(&self) -> Option<f64> {
        Some(round1(self.new.completion? - self.old.completion?))
    }

    /// Findings a CI run should fail on: open now and not open before at the same or a worse
    /// status — opened, regressed, and decided-as-open — at or above `threshold`, leaving out
    /// suppressed ones. The same rule a baseline applies (see `baseline`).
    pub fn new_open(&self, threshold: Priority) -> Vec<&Change> {
        let mut out: Vec<&Change> = self
            .opened
            .iter()
            .chain(&self.regressed)
            .chain(
                self.became_decidable
                    .iter()
                    .filter(|c| c.after.is_some_and(is_open)),
            )
            .filter(|c| !c.suppressed && c.priority <= threshold)
            .collect();
        out.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        out
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn is_open(s: Status) -> bool {
    matches!(s, Status::Missing | Status::Partial)
}

/// Rank in met > partial > missing; `None` for unknown.
fn rank(s: Status) -> Option<u8> {
    match s {
        Status::Met => Some(2),
        Status::Partial => Some(1),
        Status::Missing => Some(0),
        Status::Unknown | Status::NotApplicable => None,
    }
}

fn order_key(c: &Change) -> (Priority, &str) {
    (c.priority, c.requirement.as_str())
}

/// Compares two analyses. `old_file` and `new_file` only label them.
pub fn diff(old: &Snapshot, old_file: &str, new: &Snapshot, new_file: &str) -> Diff {
    let old_by_id: BTreeMap<&str, &SnapshotFinding> = old
        .findings
        .iter()
        .map(|f| (f.requirement.as_str(), f))
        .collect();
    let new_by_id: BTreeMap<&str, &SnapshotFinding> = new
        .findings
        .iter()
        .map(|f| (f.requirement.as_str(), f))
        .collect();

    let mut d = Diff {
        schema_version: DIFF_SCHEMA_VERSION,
        old: side(old, old_file),
        new: side(new, new_file),
        closed: Vec::new(),
        opened: Vec::new(),
        regressed: Vec::new(),
        improved: Vec::new(),
        became_decidable: Vec::new(),
        became_unknown: Vec::new(),
        no_longer_in_target: Vec::new(),
        new_in_target: Vec::new(),
        unchanged: 0,
        areas: area_changes(old, new),
    };

    for f in &new.findings {
        let before = old_by_id.get(f.requirement.as_str()).map(|o| o.status);
        let change = || Change {
            requirement: f.requirement.clone(),
            gap: new
                .gap_id(&f.requirement)
                .or_else(|| old.gap_id(&f.requirement))
                .map(str::to_string),
            area: f.area.clone(),
            title: f.title.clone(),
            priority: f.priority,
            before,
            after: Some(f.status),
            suppressed: f.suppressed.is_some(),
            locations: locations(f),
        };
        let Some(before) = before else {
            if f.is_open() {
                d.opened.push(change());
            } else {
                d.new_in_target.push(change());
            }
            continue;
        };
        if before == f.status {
            d.unchanged += 1;
            continue;
        }
        let list = match (rank(before), rank(f.status)) {
            (None, _) => &mut d.became_decidable,
            (_, None) => &mut d.became_unknown,
            (Some(_), Some(2)) => &mut d.closed,
            (Some(2), Some(_)) => &mut d.opened,
            (Some(b), Some(a)) if a < b => &mut d.regressed,
            _ => &mut d.improved,
        };
        list.push(change());
    }
    for f in &old.findings {
        if new_by_id.contains_key(f.requirement.as_str()) {
            continue;
        }
        d.no_longer_in_target.push(Change {
            requirement: f.requirement.clone(),
            gap: old.gap_id(&f.requirement).map(str::to_string),
            area: f.area.clone(),
            title: f.title.clone(),
            priority: f.priority,
            before: Some(f.status),
            after: None,
            suppressed: false,
            locations: Vec::new(),
        });
    }
    for list in [
        &mut d.closed,
        &mut d.opened,
        &mut d.regressed,
        &mut d.improved,
        &mut d.became_decidable,
        &mut d.became_unknown,
        &mut d.no_longer_in_target,
        &mut d.new_in_target,
    ] {
        list.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
    }
    d
}

fn side(s: &Snapshot, file: &str) -> Side {
    Side {
        file: file.to_string(),
        target: s.target.clone(),
        completion: s.completion.percent,
        open: s
            .findings
            .iter()
            .filter(|f| f.is_open() && f.suppressed.is_none())
            .count(),
    }
}

fn locations(f: &SnapshotFinding) -> Vec<String> {
    let mut out: Vec<String> = f
        .evidence
        .iter()
        .chain(&f.against)
        .map(|e| e.location())
        .collect();
    out.sort();
    out.dedup();
    out.truncate(LOCATIONS_LIMIT);
    out
}

fn area_changes(old: &Snapshot, new: &Snapshot) -> Vec<AreaChange> {
    let before: BTreeMap<&str, Option<f64>> = old
        .areas
        .iter()
        .map(|a| (a.area.as_str(), a.completion))
        .collect();
    let mut out: Vec<AreaChange> = new
        .areas
        .iter()
        .map(|a| AreaChange {
            area: a.area.clone(),
            before: before.get(a.area.as_str()).copied().flatten(),
            after: a.completion,
        })
        .collect();
    for a in &old.areas {
        if !new.areas.iter().any(|n| n.area == a.area) {
            out.push(AreaChange {
                area: a.area.clone(),
                before: a.completion,
                after: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::read::{SnapshotArea, SnapshotCompletion, SnapshotGap, SnapshotPlan};
    use super::*;

    fn finding(id: &str, priority: Priority, status: Status) -> SnapshotFinding {
        SnapshotFinding {
            requirement: id.into(),
            area: id.split('.').next().unwrap().into(),
            title: format!("title of {id}"),
            priority,
            status,
            evidence: Vec::new(),
            against: Vec::new(),
            suppressed: None,
        }
    }

    fn snapshot(findings: Vec<SnapshotFinding>, percent: f64) -> Snapshot {
        Snapshot {
            schema_version: 1,
            target: "t".into(),
            completion: SnapshotCompletion {
                percent: Some(percent),
            },
            areas: vec![SnapshotArea {
                area: "a".into(),
                completion: Some(percent),
            }],
            findings,
            plan: None,
        }
    }

    fn ids(list: &[Change]) -> Vec<&str> {
        list.iter().map(|c| c.requirement.as_str()).collect()
    }

    #[test]
    fn every_transition_lands_in_its_category() {
        use Priority::*;
        use Status::*;
        let old = snapshot(
            vec![
                finding("a.closed", High, Missing),
                finding("a.opened", Low, Met),
                finding("a.regressed", Critical, Partial),
                finding("a.improved", Medium, Missing),
                finding("a.decidable", High, Unknown),
                finding("a.undecidable", High, Met),
                finding("a.same", High, Missing),
                finding("a.removed", High, Missing),
            ],
            40.0,
        );
        let new = snapshot(
            vec![
                finding("a.closed", High, Met),
                finding("a.opened", Low, Partial),
                finding("a.regressed", Critical, Missing),
                finding("a.improved", Medium, Partial),
                finding("a.decidable", High, Missing),
                finding("a.undecidable", High, Unknown),
                finding("a.same", High, Missing),
                finding("a.added-open", Medium, Missing),
                finding("a.added-met", Medium, Met),
            ],
            45.5,
        );
        let d = diff(&old, "old.json", &new, "new.json");
        assert_eq!(ids(&d.closed), ["a.closed"]);
        assert_eq!(ids(&d.opened), ["a.added-open", "a.opened"]);
        assert_eq!(d.opened[0].before, None, "new in target");
        assert_eq!(ids(&d.regressed), ["a.regressed"]);
        assert_eq!(ids(&d.improved), ["a.improved"]);
        assert_eq!(ids(&d.became_decidable), ["a.decidable"]);
        assert_eq!(ids(&d.became_unknown), ["a.undecidable"]);
        assert_eq!(ids(&d.no_longer_in_target), ["a.removed"]);
        assert_eq!(ids(&d.new_in_target), ["a.added-met"]);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.completion_delta(), Some(5.5));
        assert_eq!(d.old.open, 5);
        assert_eq!(d.new.open, 6);

        // The gate: opened, regressed and decided-as-open, by priority.
        let gate: Vec<&str> = d
            .new_open(Low)
            .iter()
            .map(|c| c.requirement.as_str())
            .collect();
        assert_eq!(
            gate,
            ["a.regressed", "a.decidable", "a.added-open", "a.opened"]
        );
        assert_eq!(d.new_open(Critical).len(), 1);
    }

    #[test]
    fn suppressed_new_gaps_do_not_gate_and_gap_ids_come_from_the_plan() {
        let old = snapshot(vec![finding("a.x", Priority::High, Status::Met)], 100.0);
        let mut new = snapshot(vec![finding("a.x", Priority::High, Status::Missing)], 0.0);
        new.plan = Some(SnapshotPlan {
            gaps: vec![SnapshotGap {
                id: "GAP-004".into(),
                requirement: "a.x".into(),
            }],
        });
        let d = diff(&old, "o", &new, "n");
        assert_eq!(d.opened[0].gap.as_deref(), Some("GAP-004"));
        assert_eq!(d.new_open(Priority::Low).len(), 1);
        new.findings[0].suppressed = Some("elsewhere".into());
        let d = diff(&old, "o", &new, "n");
        assert!(d.new_open(Priority::Low).is_empty());
        assert_eq!(d.new.open, 0);
    }
}
