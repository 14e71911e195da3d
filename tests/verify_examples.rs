//! End to end: `verify` on status documents written for the example repositories. Each
//! document mixes true and false claims; every verdict is asserted exactly, and
//! data-platform's STATUS_REPORT_TRUTH.yaml (the claims a careful reader checked by hand) is
//! checked line by line: a false claim must be contradicted, a true one never.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gapscope::verify::{verify, Verification, VerifyOptions};
use gapscope::walk::WalkOptions;
use serde::Deserialize;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Verifies `doc` (relative to the example) against the example. The expected-findings and
/// truth files are the tests' oracles, not part of the system the documents describe, and
/// they name on purpose what the repository lacks; they are left out.
fn run(name: &str, doc: &str) -> Verification {
    let root = example(name);
    let mut walk = WalkOptions::new(root.clone());
    walk.excludes = vec![
        "expected-findings.yaml".into(),
        "STATUS_REPORT_TRUTH.yaml".into(),
    ];
    let options = VerifyOptions {
        document: root.join(doc),
        walk,
        target: None,
    };
    verify(&options, &()).expect("verify runs")
}

/// `(line, kind, subject, verdict)` of every claim, sorted.
fn verdicts(v: &Verification) -> Vec<(u32, String, String, String)> {
    let mut out: Vec<(u32, String, String, String)> = v
        .claims
        .iter()
        .map(|c| {
            let json = serde_json::to_value(&c.claim).unwrap();
            let subject = ["path", "item", "label", "name", "route"]
                .iter()
                .find_map(|k| json.get(*k).and_then(|s| s.as_str()))
                .unwrap_or("")
                .to_string();
            (
                c.claim.line,
                c.claim.kind.name().to_string(),
                subject,
                c.verdict.as_str().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected(rows: &[(u32, &str, &str, &str)]) -> Vec<(u32, String, String, String)> {
    let mut out: Vec<_> = rows
        .iter()
        .map(|(l, k, s, v)| (*l, k.to_string(), s.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

#[derive(Deserialize)]
struct Truth {
    claims: Vec<TruthClaim>,
}

#[derive(Deserialize)]
struct TruthClaim {
    claim: String,
    line: u32,
    #[serde(rename = "true")]
    holds: bool,
}

#[test]
fn data_platform_status_report_matches_the_hand_checked_truth() {
    let v = run("data-platform", "docs/STATUS_REPORT.md");
    let text =
        std::fs::read_to_string(example("data-platform").join("STATUS_REPORT_TRUTH.yaml")).unwrap();
    let truth: Truth = serde_saphyr::from_str(&text).unwrap();
    let mut by_line: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for c in &v.claims {
        by_line
            .entry(c.claim.line)
            .or_default()
            .push(c.verdict.as_str());
    }
    let mut wrong = Vec::new();
    for t in &truth.claims {
        let got = by_line.get(&t.line).cloned().unwrap_or_default();
        let contradicted = got.contains(&"contradicted");
        if got.is_empty() {
            wrong.push(format!("line {} `{}`: no claim extracted", t.line, t.claim));
        } else if t.holds && contradicted {
            wrong.push(format!(
                "line {} `{}` is true but contradicted",
                t.line, t.claim
            ));
        } else if !t.holds && !contradicted {
            wrong.push(format!(
                "line {} `{}` is false but not contradicted ({got:?})",
                t.line, t.claim
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn data_platform_status_report_verdicts_are_exactly_right() {
    let v = run("data-platform", "docs/STATUS_REPORT.md");
    let want = expected(&[
        (3, "percent", "Status", "contradicted"),
        (11, "path", ".env.example", "confirmed"),
        (12, "path", "docs/ENVIRONMENT_SETUP.md", "confirmed"),
        (
            15,
            "line_count",
            "src/lib/config/validate-production.ts",
            "contradicted",
        ),
        (
            15,
            "path",
            "src/lib/config/validate-production.ts",
            "confirmed",
        ),
        (
            16,
            "line_count",
            "scripts/validate-production.sh",
            "confirmed",
        ),
        (16, "path", "scripts/validate-production.sh", "confirmed"),
        (17, "make_target", "validate", "contradicted"),
        (
            20,
            "status",
            "Health checks for all services",
            "contradicted",
        ),
        (
            21,
            "status",
            "Service dependencies configured with depends_on",
            "unverifiable",
        ),
        (
            22,
            "status",
            "Persistent volumes for Postgres, Zookeeper and Kafka",
            "unverifiable",
        ),
        (
            25,
            "path",
            "src/lib/events/publishers/index.ts",
            "confirmed",
        ),
        (
            26,
            "status",
            "Failed publishes are retried through a dead-letter topic",
            "contradicted",
        ),
        (
            29,
            "status",
            "Rollback route publishes the rollback event",
            "unverifiable",
        ),
        (
            30,
            "status",
            "Rollback route uses structured logging",
            "contradicted",
        ),
        (33, "path", "prisma/seed.ts", "confirmed"),
        (34, "path", "prisma/migrations", "confirmed"),
        (38, "path", "docs/DEPLOYMENT_GUIDE.md", "confirmed"),
        (39, "path", "docs/PRISMA_MIGRATION_GUIDE.md", "contradicted"),
        (40, "path", "docs/ENVIRONMENT_SETUP.md", "confirmed"),
        (41, "path", "scripts/setup-database.sh", "confirmed"),
        (42, "path", "scripts/validate-production.sh", "confirmed"),
        (
            43,
            "path",
            "scripts/check-prisma-version.sh",
            "contradicted",
        ),
        (44, "path", "prisma/migrations/README.md", "confirmed"),
        (45, "path", "PHASE_10_COMPLETE_SUMMARY.md", "contradicted"),
        (49, "path", "docker-compose.yml", "confirmed"),
        (
            50,
            "path",
            "src/lib/events/publishers/index.ts",
            "confirmed",
        ),
        (
            51,
            "path",
            "src/app/api/deployments/[id]/rollback/route.ts",
            "confirmed",
        ),
        (
            52,
            "path",
            "src/lib/config/validate-production.ts",
            "confirmed",
        ),
        (53, "path", "prisma/seed.ts", "confirmed"),
        (54, "path", "src/lib/db/queries/index.ts", "confirmed"),
        (55, "path", "Dockerfile", "confirmed"),
        (
            59,
            "status",
            "Zookeeper missing logs volume added as an emptyDir",
            "unverifiable",
        ),
        (
            60,
            "status",
            "Flink both PVCs created (checkpoints and savepoints)",
            "unverifiable",
        ),
        (61, "path", "deepseek-api", "confirmed"),
        (
            62,
            "status",
            "Storm NATS integration configured",
            "contradicted",
        ),
        (68, "percent", "Configuration", "confirmed"),
        (69, "percent", "Scripts", "unverifiable"),
        (70, "percent", "Code", "contradicted"),
        (71, "percent", "Documentation", "contradicted"),
        (72, "percent", "Infrastructure", "unverifiable"),
        (
            75,
            "status",
            "Production runbook (not created)",
            "confirmed",
        ),
        (
            76,
            "status",
            "Monitoring and alerting (not configured)",
            "confirmed",
        ),
        (77, "status", "End-to-end test suite", "confirmed"),
        (78, "status", "Disaster recovery procedures", "confirmed"),
    ]);
    assert_eq!(verdicts(&v), want);
    assert_eq!(v.summary.claims, want.len());
    // Contradictions come first, each with its document line and evidence.
    let first = &v.claims[0];
    assert_eq!(first.verdict.as_str(), "contradicted");
    assert_eq!(first.claim.line, 3);
    let line_count = v
        .claims
        .iter()
        .find(|c| c.claim.line == 15 && c.claim.kind.name() == "line_count")
        .unwrap();
    assert_eq!(
        line_count.evidence[0].location(),
        "src/lib/config/validate-production.ts:1-42"
    );
}
