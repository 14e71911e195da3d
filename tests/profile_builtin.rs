//! The built-in profile parses, covers every requirement the examples check, and is a sound
//! dependency graph with real explanations.

use std::collections::{BTreeMap, BTreeSet};

const IDS: &[&str] = &[
    "api.http-server",
    "api.openapi",
    "api.versioning",
    "api.health-endpoint",
    "api.rate-limiting",
    "api.cors",
    "auth.authentication",
    "auth.authorization",
    "auth.password-hashing",
    "db.engine",
    "db.migrations",
    "db.pooling",
    "db.backup",
    "cache.in-process",
    "cache.distributed",
    "messaging.bus",
    "messaging.dead-letter",
    "container.dockerfile",
    "container.multi-stage",
    "container.non-root",
    "container.healthcheck",
    "container.pinned-base",
    "orchestration.compose",
    "orchestration.kubernetes",
    "orchestration.helm",
    "orchestration.kustomize",
    "orchestration.crd-controllers",
    "ci.pipeline",
    "ci.tests",
    "ci.lint",
    "ci.security-scan",
    "ci.integration-tests",
    "ci.deploy",
    "ci.promotion",
    "obs.metrics",
    "obs.structured-logging",
    "obs.tracing",
    "obs.dashboards",
    "obs.alerts",
    "sec.secrets-management",
    "sec.no-hardcoded-secrets",
    "sec.tls",
    "sec.network-policies",
    "sec.pod-security",
    "sec.dependency-updates",
    "backup.jobs",
    "backup.restore",
    "backup.verification",
    "backup.dr-runbook",
    "ha.replicas",
    "ha.pdb",
    "ha.anti-affinity",
    "ha.autoscaling",
    "config.env-example",
    "config.validation",
    "config.single-source",
    "test.unit",
    "test.integration",
    "test.e2e",
    "test.load",
    "docs.readme",
    "docs.architecture",
    "docs.runbook",
    "docs.api",
    "integration.shared-code-used",
];

const AREAS: &[&str] = &[
    "api",
    "auth",
    "database",
    "caching",
    "messaging",
    "container",
    "orchestration",
    "ci",
    "observability",
    "security",
    "backup",
    "ha",
    "config",
    "testing",
    "docs",
    "integration",
];

#[test]
fn every_expected_id_is_present_exactly_once() {
    let target = gapscope::rules::builtin();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &target.requirements {
        *counts.entry(r.id.as_str()).or_default() += 1;
    }
    for id in IDS {
        assert_eq!(
            counts.get(id).copied(),
            Some(1),
            "{id} must appear exactly once"
        );
    }
    // Ids beyond the list are allowed (an area may need more than the examples check), but
    // they must follow the `area-prefix.name` shape of the others.
    for id in counts.keys() {
        assert!(id.contains('.'), "{id}: ids are prefix.name");
    }
}

#[test]
fn every_area_has_at_least_two_requirements() {
    let target = gapscope::rules::builtin();
    for area in AREAS {
        let n = target
            .requirements
            .iter()
            .filter(|r| r.area == *area)
            .count();
        assert!(n >= 2, "area {area} has {n} requirements");
    }
    for r in &target.requirements {
        assert!(
            AREAS.contains(&r.area.as_str()),
            "{}: unknown area {}",
            r.id,
            r.area
        );
    }
}

#[test]
fn dependencies_exist_and_form_no_cycle() {
    let target = gapscope::rules::builtin();
    let ids: BTreeSet<&str> = target.requirements.iter().map(|r| r.id.as_str()).collect();
    for r in &target.requirements {
        for d in &r.depends_on {
            assert!(ids.contains(d.as_str()), "{} depends on unknown {d}", r.id);
            assert_ne!(d, &r.id, "{} depends on itself", r.id);
        }
    }
    // Kahn's algorithm: every node must be removable.
    let mut indegree: BTreeMap<&str, usize> = ids.iter().map(|i| (*i, 0)).collect();
    for r in &target.requirements {
        *indegree.get_mut(r.id.as_str()).unwrap() = r.depends_on.len();
    }
    let mut ready: Vec<&str> = indegree
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(i, _)| *i)
        .collect();
    let mut done = 0;
    while let Some(id) = ready.pop() {
        done += 1;
        for r in &target.requirements {
            if r.depends_on.iter().any(|d| d == id) {
                let n = indegree.get_mut(r.id.as_str()).unwrap();
                *n -= 1;
                if *n == 0 {
                    ready.push(&r.id);
                }
            }
        }
    }
    let stuck: Vec<&str> = indegree
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(i, _)| *i)
        .collect();
    assert_eq!(done, ids.len(), "dependency cycle among {stuck:?}");
}

#[test]
fn every_requirement_explains_itself() {
    let target = gapscope::rules::builtin();
    for r in &target.requirements {
        assert!(r.why.trim().len() >= 60, "{}: why is too short", r.id);
        assert!(r.fix.trim().len() >= 60, "{}: fix is too short", r.id);
        assert!(!r.title.trim().is_empty(), "{}: no title", r.id);
        assert!(r.effort_days > 0.0, "{}: effort must be positive", r.id);
        if r.decidable_when.is_some() {
            assert!(
                r.unknown_reason.is_some(),
                "{}: decidable_when without unknown_reason",
                r.id
            );
        }
    }
}

/// `verify` and target documents tie a document's words to requirements only through the
/// requirements' own phrases: a requirement without them could never be matched.
#[test]
fn every_requirement_and_area_has_the_words_documents_use() {
    let target = gapscope::rules::builtin();
    let vocabulary = gapscope::rules::Vocabulary::of(&target);
    for r in &target.requirements {
        assert!(!r.phrases.is_empty(), "{}: no phrases", r.id);
        for p in &r.phrases {
            assert!(
                vocabulary.requirements_for(p).contains(&r.id.as_str()),
                "{}: its phrase `{p}` does not name it",
                r.id
            );
        }
        for t in &r.technologies {
            assert!(
                regex::Regex::new(&t.regex).is_ok(),
                "{}: {}: bad regex",
                r.id,
                t.name
            );
        }
    }
    for area in target.areas() {
        assert!(
            target
                .area_phrases
                .iter()
                .any(|a| a.id == area && !a.phrases.is_empty()),
            "area {area} has no phrases"
        );
        assert!(
            vocabulary.areas_named(area).contains(&area),
            "area {area}: its own name does not name it"
        );
    }
}

/// Every built-in requirement's gap number, one line each: a number reused, moved or dropped
/// shows in review as a change to this snapshot, as does a rename (the old id must then be in
/// profile/renamed.yaml).
#[test]
fn gap_numbers_are_fixed_and_unique() {
    let target = gapscope::rules::builtin();
    let mut seen = BTreeMap::new();
    let mut lines = Vec::new();
    for r in &target.requirements {
        let gap = r.gap.unwrap_or_else(|| panic!("{}: no gap number", r.id));
        if let Some(other) = seen.insert(gap, &r.id) {
            panic!("gap {gap} is both {other} and {}", r.id);
        }
        lines.push(format!("GAP-{gap:03} {}", r.id));
    }
    lines.sort();
    for renamed in gapscope::rules::renamed() {
        assert!(
            target.get(&renamed.to).is_some(),
            "{} renamed to an unknown id",
            renamed.from
        );
        assert!(
            target.get(&renamed.from).is_none(),
            "{} is renamed but still exists",
            renamed.from
        );
        lines.push(format!("renamed {} -> {}", renamed.from, renamed.to));
    }
    insta::assert_snapshot!("builtin_gap_numbers", lines.join("\n"));
}
