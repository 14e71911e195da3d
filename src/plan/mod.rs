//! The plan: open findings as gaps with stable ids, ordered into phases along their
//! dependencies, with the critical path, effort totals, calendar time for a team, and risk.
//!
//! Everything a report shows about the plan is computed here; renderers only format it.

pub mod graph;
pub mod risk;

use std::collections::BTreeMap;

use crate::results::{Confidence, Finding, Gap, Level, Phase, Plan, Probability, RiskCell, Status};
use crate::rules::Target;

/// How effort and calendar time are estimated, printed in reports.
pub const EFFORT_FORMULA: &str = "effort of a gap = the requirement's effort_days when missing, \
half of it when partial (as in completion, partial counts as half done); phases are \
topological levels of the dependencies between open gaps; the critical path is the longest \
chain of dependent gaps by effort; calendar time for a team of N = max(critical path, \
total effort / N) — a lower bound, since dependent work cannot run in parallel";

/// `GAP-007` for gap number 7 (position 6).
pub fn gap_id(position: usize) -> String {
    format!("GAP-{:03}", position + 1)
}

fn lower(c: Confidence) -> Confidence {
    match c {
        Confidence::High => Confidence::Medium,
        _ => Confidence::Low,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Builds the plan of `findings` (evaluated from `target`) for a team of `team` people.
pub fn build(target: &Target, findings: &[Finding], team: u32) -> Plan {
    // The gap number of each requirement, as a 0-based position for `gap_id`.
    let position: BTreeMap<&str, usize> = target
        .gap_numbers()
        .into_iter()
        .map(|(id, n)| (id, n.saturating_sub(1) as usize))
        .collect();
    let by_requirement: BTreeMap<&str, &Finding> = findings
        .iter()
        .map(|f| (f.requirement.as_str(), f))
        .collect();

    let requirements: BTreeMap<&str, &crate::rules::Requirement> = target
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut open: Vec<(usize, &Finding)> = findings
        .iter()
        .filter(|f| f.is_open() && f.suppressed.is_none())
        .filter(|f| requirements.contains_key(f.requirement.as_str()))
        .filter_map(|f| position.get(f.requirement.as_str()).map(|&p| (p, f)))
        .collect();
    open.sort_by_key(|(p, _)| *p);
    let node_of: BTreeMap<&str, usize> = open
        .iter()
        .enumerate()
        .map(|(i, (_, f))| (f.requirement.as_str(), i))
        .collect();

    let mut edges = Vec::new();
    let mut gaps: Vec<Gap> = Vec::with_capacity(open.len());
    for (i, &(p, f)) in open.iter().enumerate() {
        let requirement = requirements[f.requirement.as_str()];
        let mut blocked_by = Vec::new();
        let mut unresolved = Vec::new();
        for dep in &requirement.depends_on {
            if let Some(&j) = node_of.get(dep.as_str()) {
                edges.push((j, i));
                blocked_by.push(gap_id(open[j].0));
            } else if by_requirement
                .get(dep.as_str())
                .is_some_and(|d| d.status == Status::Unknown && d.suppressed.is_none())
            {
                unresolved.push(dep.clone());
            }
        }
        blocked_by.sort();
        blocked_by.dedup();
        unresolved.sort();
        unresolved.dedup();
        let probability = risk::probability(f.status, f.confidence).unwrap_or(Probability::Low);
        let impact = risk::impact(f.priority);
        let risk_score = impact.score() * probability.score();
        let mut estimate_confidence = f.confidence;
        if f.status == Status::Partial {
            estimate_confidence = lower(estimate_confidence);
        }
        if !unresolved.is_empty() {
            estimate_confidence = lower(estimate_confidence);
        }
        let effort_days = if f.status == Status::Partial {
            round1(f.effort_days / 2.0)
        } else {
            f.effort_days
        };
        gaps.push(Gap {
            id: gap_id(p),
            requirement: f.requirement.clone(),
            area: f.area.clone(),
            title: f.title.clone(),
            priority: f.priority,
            status: f.status,
            impact,
            probability,
            risk_score,
            risk: risk::level(risk_score),
            effort_days,
            estimate_confidence,
            blocked_by,
            unresolved_dependencies: unresolved,
            phase: 1,
            on_critical_path: false,
            why: requirement.why.trim().to_string(),
            fix: requirement.fix.trim().to_string(),
        });
    }

    let mut weight_scored = 0.0;
    let mut weight_total = 0;
    for f in findings.iter().filter(|f| f.suppressed.is_none()) {
        if let Some(score) = f.status.score() {
            weight_total += f.priority.weight();
            weight_scored += score * f64::from(f.priority.weight());
        }
    }
    let gain: Vec<f64> = open
        .iter()
        .map(|(_, f)| f64::from(f.priority.weight()) * (1.0 - f.status.score().unwrap_or(1.0)))
        .collect();

    let weights: Vec<f64> = gaps.iter().map(|g| g.effort_days).collect();
    let layout = graph::layout(gaps.len(), &edges, &weights);
    for (g, level) in gaps.iter_mut().zip(&layout.level) {
        g.phase = *level;
    }
    for &i in &layout.critical_path {
        gaps[i].on_critical_path = true;
    }
    let cycles: Vec<Vec<String>> = layout
        .cycles
        .iter()
        .map(|c| c.iter().map(|&i| gaps[i].id.clone()).collect())
        .collect();

    let mut risk_matrix = Vec::new();
    for impact in Level::ALL {
        for probability in Probability::ALL {
            risk_matrix.push(RiskCell {
                impact,
                probability,
                risk: risk::level(impact.score() * probability.score()),
                gaps: gaps
                    .iter()
                    .filter(|g| g.impact == impact && g.probability == probability)
                    .map(|g| g.id.clone())
                    .collect(),
            });
        }
    }

    let mut plan = Plan {
        critical_path: layout
            .critical_path
            .iter()
            .map(|&i| gaps[i].id.clone())
            .collect(),
        critical_path_days: round1(layout.critical_weight),
        total_effort_days: round1(weights.iter().sum()),
        phases: Vec::new(),
        gaps,
        team: 1,
        calendar_days: 0.0,
        phased_days: 0.0,
        cycles,
        risk_matrix,
        effort_formula: EFFORT_FORMULA.into(),
        risk_formula: risk::RISK_FORMULA.into(),
        weight_scored,
        weight_total,
        gain,
    };
    plan.set_team(team);
    plan
}

impl Plan {
    /// Recomputes phases and calendar time for a team of `team` people (at least one).
    pub fn set_team(&mut self, team: u32) {
        let team = team.max(1);
        self.team = team;
        let n = f64::from(team);
        let phases = self.gaps.iter().map(|g| g.phase).max().unwrap_or(0);
        self.phases.clear();
        let mut day = 0.0;
        let mut scored = self.weight_scored;
        for number in 1..=phases {
            // Gains are known for a freshly built plan; a plan read back from JSON has none
            // and leaves the projection out rather than guess it.
            for (i, g) in self.gaps.iter().enumerate() {
                if g.phase == number {
                    scored += self.gain.get(i).copied().unwrap_or(f64::NAN);
                }
            }
            let completion_after = (self.weight_total > 0 && scored.is_finite())
                .then(|| (scored / f64::from(self.weight_total) * 1000.0).round() / 10.0);
            let in_phase: Vec<&Gap> = self.gaps.iter().filter(|g| g.phase == number).collect();
            let effort: f64 = in_phase.iter().map(|g| g.effort_days).sum();
            let largest = in_phase
                .iter()
                .map(|g| g.effort_days)
                .fold(0.0_f64, f64::max);
            let duration = round1(largest.max(effort / n));
            self.phases.push(Phase {
                number,
                gaps: in_phase.iter().map(|g| g.id.clone()).collect(),
                effort_days: round1(effort),
                duration_days: duration,
                start_day: round1(day),
                end_day: round1(day + duration),
                completion_after,
            });
            day += duration;
        }
        self.phased_days = round1(day);
        self.calendar_days = round1(self.critical_path_days.max(self.total_effort_days / n));
    }
}

#[cfg(test)]
mod tests;
