use super::*;
use crate::results::{Confidence, Finding, Status};
use crate::rules::Priority;
use crate::rules::{Condition, Requirement, Target};

fn requirement(id: &str, priority: Priority, effort: f64, deps: &[&str]) -> Requirement {
    Requirement {
        id: id.into(),
        area: id.split('.').next().unwrap().into(),
        title: format!("title of {id}"),
        why: "why".into(),
        fix: "fix".into(),
        priority,
        effort_days: effort,
        depends_on: deps.iter().map(|d| d.to_string()).collect(),
        met: Condition::All(Vec::new()),
        ..Default::default()
    }
}

fn finding(r: &Requirement, status: Status) -> Finding {
    Finding {
        requirement: r.id.clone(),
        area: r.area.clone(),
        title: r.title.clone(),
        priority: r.priority,
        effort_days: r.effort_days,
        status,
        confidence: if status == Status::Unknown {
            Confidence::Low
        } else if status == Status::Partial {
            Confidence::Medium
        } else {
            Confidence::High
        },
        reason: String::new(),
        code: crate::codes::Code::MissingNoEvidence,
        evidence: Vec::new(),
        weak_evidence: Vec::new(),
        against: Vec::new(),
        evidence_total: 0,
        depends_on: r.depends_on.clone(),
        suppressed: None,
        in_baseline: false,
    }
}

/// db.engine ← db.migrations ← db.backups ← backup.restore; api.auth alone; obs.metrics met.
fn target() -> Target {
    Target {
        name: "t".into(),
        requirements: vec![
            requirement("db.engine", Priority::Critical, 3.0, &[]),
            requirement("db.migrations", Priority::High, 2.0, &["db.engine"]),
            requirement("obs.metrics", Priority::Medium, 1.0, &[]),
            requirement("db.backups", Priority::High, 2.0, &["db.migrations"]),
            requirement("backup.restore", Priority::High, 4.0, &["db.backups"]),
            requirement("api.auth", Priority::Critical, 8.0, &["obs.metrics"]),
            requirement("ha.replicas", Priority::Medium, 1.0, &["ha.unknown"]),
            requirement("ha.unknown", Priority::Low, 1.0, &[]),
        ],
        ..Default::default()
    }
}

fn findings(t: &Target, statuses: &[Status]) -> Vec<Finding> {
    t.requirements
        .iter()
        .zip(statuses)
        .map(|(r, s)| finding(r, *s))
        .collect()
}

use Status::{Met, Missing, Partial, Unknown};

#[test]
fn phases_are_topological_levels_of_open_gaps() {
    let t = target();
    let f = findings(
        &t,
        &[
            Missing, Missing, Met, Missing, Missing, Missing, Missing, Unknown,
        ],
    );
    let plan = build(&t, &f, 1);
    let phase = |req: &str| {
        plan.gaps
            .iter()
            .find(|g| g.requirement == req)
            .unwrap()
            .phase
    };
    assert_eq!(phase("db.engine"), 1);
    assert_eq!(phase("db.migrations"), 2);
    assert_eq!(phase("db.backups"), 3);
    assert_eq!(phase("backup.restore"), 4);
    // Its dependency is met: nothing blocks it.
    assert_eq!(phase("api.auth"), 1);
    assert_eq!(plan.phases.len(), 4);
    assert_eq!(
        plan.phases[0].gaps,
        vec!["GAP-001", "GAP-006", "GAP-007"],
        "phase 1: the gaps nothing open blocks"
    );
    let restore = plan.gap("GAP-005").unwrap();
    assert_eq!(restore.blocked_by, vec!["GAP-004"]);
    // The unknown dependency is named and lowers the confidence of the estimate.
    let replicas = plan.gap("GAP-007").unwrap();
    assert_eq!(replicas.unresolved_dependencies, vec!["ha.unknown"]);
    assert_eq!(replicas.estimate_confidence, Confidence::Medium);
    assert!(plan.gap("GAP-008").is_none(), "unknown is not a gap");
}

#[test]
fn critical_path_follows_effort() {
    let t = target();
    let f = findings(
        &t,
        &[Missing, Missing, Met, Missing, Missing, Missing, Met, Met],
    );
    let plan = build(&t, &f, 1);
    // db chain: 3 + 2 + 2 + 4 = 11 days against api.auth alone: 8.
    assert_eq!(
        plan.critical_path,
        vec!["GAP-001", "GAP-002", "GAP-004", "GAP-005"]
    );
    assert_eq!(plan.critical_path_days, 11.0);
    assert_eq!(plan.total_effort_days, 19.0);
    assert!(plan.gap("GAP-005").unwrap().on_critical_path);
    assert!(!plan.gap("GAP-006").unwrap().on_critical_path);

    // A partial api.auth has half its effort left; the path does not change.
    let mut f = f;
    f[5].status = Partial;
    let plan = build(&t, &f, 1);
    assert_eq!(plan.gap("GAP-006").unwrap().effort_days, 4.0);
    assert_eq!(plan.total_effort_days, 15.0);
}

#[test]
fn calendar_time_for_a_team_is_bounded_by_the_critical_path() {
    let t = target();
    let f = findings(
        &t,
        &[Missing, Missing, Met, Missing, Missing, Missing, Met, Met],
    );
    let mut plan = build(&t, &f, 1);
    assert_eq!(plan.calendar_days, 19.0, "one person does all of it");
    plan.set_team(2);
    assert_eq!(plan.calendar_days, 11.0, "19 / 2 = 9.5 < the 11-day chain");
    plan.set_team(0);
    assert_eq!(plan.team, 1, "a team has at least one person");
    let plan = build(&t, &f, 4);
    assert_eq!(plan.calendar_days, 11.0);
    // Phase 1 holds db.engine (3 d) and api.auth (8 d): four people still need 8 days.
    assert_eq!(plan.phases[0].duration_days, 8.0);
    assert_eq!(plan.phases[1].start_day, 8.0);
    assert_eq!(plan.phased_days, 16.0);
    // Weights: met obs.metrics 2, ha.* 2 + 1; open 4 + 3 + 3 + 3 + 4 = 17; of 22 in all.
    assert_eq!(
        plan.phases[0].completion_after,
        Some(((5.0 + 8.0) / 22.0 * 1000.0_f64).round() / 10.0)
    );
    assert_eq!(plan.phases[3].completion_after, Some(100.0));
}

#[test]
fn ids_do_not_move_when_another_gap_closes() {
    let t = target();
    let before = build(
        &t,
        &findings(
            &t,
            &[Missing, Missing, Met, Missing, Missing, Missing, Met, Met],
        ),
        1,
    );
    let after = build(
        &t,
        &findings(
            &t,
            &[Met, Missing, Met, Missing, Missing, Missing, Met, Met],
        ),
        1,
    );
    let ids = |p: &Plan| -> Vec<(String, String)> {
        p.gaps
            .iter()
            .map(|g| (g.id.clone(), g.requirement.clone()))
            .collect()
    };
    assert_eq!(ids(&before).len(), 5);
    assert_eq!(&ids(&before)[1..], &ids(&after)[..]);
    assert_eq!(ids(&after)[0], ("GAP-002".into(), "db.migrations".into()));
    // With db.engine met, db.migrations moves up to phase 1.
    assert_eq!(after.gap("GAP-002").unwrap().phase, 1);
}

#[test]
fn cycles_are_reported_not_fatal() {
    let mut t = target();
    t.requirements[0].depends_on = vec!["db.backups".into()];
    let f = findings(
        &t,
        &[Missing, Missing, Met, Missing, Missing, Met, Met, Met],
    );
    let plan = build(&t, &f, 1);
    assert_eq!(plan.cycles, vec![vec!["GAP-001", "GAP-002", "GAP-004"]]);
    let phase = |id: &str| plan.gap(id).unwrap().phase;
    assert_eq!(phase("GAP-001"), 1);
    assert_eq!(phase("GAP-004"), 1, "a cycle is one unit of work");
    assert_eq!(phase("GAP-005"), 2);
    assert_eq!(plan.critical_path_days, 11.0);
}

#[test]
fn suppressed_findings_are_not_gaps_and_risk_comes_from_evidence() {
    let t = target();
    let mut f = findings(&t, &[Missing, Partial, Met, Met, Met, Met, Met, Met]);
    f[0].suppressed = Some("managed database".into());
    let plan = build(&t, &f, 1);
    assert_eq!(plan.gaps.len(), 1);
    let g = &plan.gaps[0];
    assert_eq!(g.id, "GAP-002");
    assert!(
        g.blocked_by.is_empty(),
        "a suppressed dependency does not block"
    );
    assert_eq!(
        (g.impact, g.probability),
        (Level::High, Probability::Medium)
    );
    assert_eq!((g.risk_score, g.risk), (6, Level::High));
    let cell = plan
        .risk_matrix
        .iter()
        .find(|c| c.impact == Level::High && c.probability == Probability::Medium)
        .unwrap();
    assert_eq!(cell.gaps, vec!["GAP-002"]);
    assert_eq!(plan.risk_matrix.len(), 12);
}

#[test]
fn disabling_a_builtin_requirement_does_not_renumber_the_others() {
    let builtin = crate::rules::builtin();
    let mut target = builtin.clone();
    let disabled = target.requirements.remove(3);
    target.disabled.push(crate::rules::Disable {
        id: disabled.id.clone(),
        reason: "not for us".into(),
        gap: disabled.gap,
    });
    let mut own = requirement("own.thing", Priority::Low, 1.0, &[]);
    own.area = "own".into();
    target.requirements.push(own);
    let findings: Vec<Finding> = target
        .requirements
        .iter()
        .map(|r| finding(r, Missing))
        .collect();
    let plan = build(&target, &findings, 1);
    let fifth = &builtin.requirements[4].id;
    let gap = plan.gaps.iter().find(|g| &g.requirement == fifth).unwrap();
    assert_eq!(gap.id, "GAP-005", "the fifth requirement keeps its number");
    let own = plan
        .gaps
        .iter()
        .find(|g| g.requirement == "own.thing")
        .unwrap();
    assert_eq!(
        own.id,
        gap_id(builtin.requirements.len()),
        "own requirements come after"
    );
    assert!(
        plan.gap("GAP-004").is_none(),
        "the disabled one's number stays free"
    );
}
