//! End to end: `analyze` on each example repository must reproduce every finding its
//! expected-findings.yaml lists (taken from the seed document the example is modeled on):
//! the status, and for met and partial findings the file a correct analysis cites; and exactly
//! the stubs and placeholders it lists in implementation files.

use std::path::{Path, PathBuf};

use gapscope::analyze::{analyze, AnalyzeOptions};
use gapscope::results::{Analysis, Finding};
use gapscope::walk::WalkOptions;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    findings: Vec<ExpectedFinding>,
    #[serde(default)]
    stubs: Vec<ExpectedStub>,
}

#[derive(Debug, Deserialize)]
struct ExpectedStub {
    path: String,
    line: u32,
    function: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
struct ExpectedFinding {
    requirement: String,
    status: String,
    #[serde(default)]
    evidence: Option<String>,
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn run(example: &str) -> Analysis {
    let options = AnalyzeOptions {
        walk: WalkOptions::new(examples_dir().join(example)),
        target: None,
        component: None,
        team: 1,
        only_document: false,
    };
    analyze(&options, &()).expect("analysis runs")
}

fn cites(f: &Finding, path: &str) -> bool {
    let dir = format!("{}/", path.trim_end_matches('/'));
    f.evidence
        .iter()
        .chain(&f.weak_evidence)
        .chain(&f.against)
        .any(|e| e.path == path || e.path.starts_with(&dir))
}

fn locations(list: &[gapscope::facts::Evidence]) -> Vec<String> {
    list.iter().map(|e| e.location()).collect()
}

/// Every difference between the analysis and the expected findings, one line each.
fn mismatches(example: &str) -> Vec<String> {
    let path = examples_dir().join(example).join("expected-findings.yaml");
    let text = std::fs::read_to_string(&path).expect("expected file");
    let expected: Expected = serde_saphyr::from_str(&text).expect("expected file parses");
    let analysis = run(example);
    let mut out = Vec::new();
    // Stubs in implementation files: exactly the expected ones.
    let found: Vec<String> = analysis
        .stubs
        .iter()
        .filter(|s| s.role == gapscope::facts::FileRole::Source)
        .map(|s| format!("{}:{} {} {}", s.path, s.line, s.function, s.kind))
        .collect();
    let wanted: Vec<String> = expected
        .stubs
        .iter()
        .map(|s| format!("{}:{} {} {}", s.path, s.line, s.function, s.kind))
        .collect();
    for w in &wanted {
        if !found.contains(w) {
            out.push(format!("stub {w}: not found (found {found:?})"));
        }
    }
    for f in &found {
        if !wanted.contains(f) {
            out.push(format!("stub {f}: found but not expected"));
        }
    }
    for e in &expected.findings {
        let Some(f) = analysis
            .findings
            .iter()
            .find(|f| f.requirement == e.requirement)
        else {
            out.push(format!("{}: not in the analysis", e.requirement));
            continue;
        };
        if f.status.as_str() != e.status {
            out.push(format!(
                "{}: expected {}, got {} ({}; evidence {:?}; weak {:?}; against {:?})",
                e.requirement,
                e.status,
                f.status,
                f.reason,
                locations(&f.evidence),
                locations(&f.weak_evidence),
                locations(&f.against)
            ));
            continue;
        }
        if let Some(path) = &e.evidence {
            if matches!(e.status.as_str(), "met" | "partial") && !cites(f, path) {
                out.push(format!(
                    "{}: {} as expected but does not cite {path} (cites {:?} {:?})",
                    e.requirement,
                    f.status,
                    locations(&f.evidence),
                    locations(&f.weak_evidence)
                ));
            }
        }
    }
    out
}

fn check(example: &str) {
    let m = mismatches(example);
    assert!(
        m.is_empty(),
        "{example}: {} mismatches:\n{}",
        m.len(),
        m.join("\n")
    );
}

#[test]
fn k8s_minio_backup() {
    check("k8s-minio-backup");
}

#[test]
fn aiops_platform() {
    check("aiops-platform");
}

#[test]
fn data_platform() {
    check("data-platform");
}

#[test]
fn streamlit_app() {
    check("streamlit-app");
}

#[test]
fn agent_platform() {
    check("agent-platform");
}

#[test]
fn output_is_byte_identical_across_runs() {
    for example in ["k8s-minio-backup", "agent-platform"] {
        let a = serde_json::to_string(&run(example)).unwrap();
        let b = serde_json::to_string(&run(example)).unwrap();
        assert_eq!(a, b, "{example}: two runs differ");
    }
}

#[test]
fn repository_settings_choose_the_target_and_suppress_with_a_reason() {
    let a = run("agent-platform");
    assert_eq!(a.target, "GTM readiness", "gapscope.toml's target is used");
    assert!(
        a.findings.iter().all(|f| f.requirement != "test.load"),
        "disabled requirement is not evaluated"
    );
    assert!(a
        .disabled
        .iter()
        .any(|d| d.id == "test.load" && d.reason.contains("after launch")));
    let sec = a
        .findings
        .iter()
        .find(|f| f.requirement == "sec.secrets-management")
        .unwrap();
    assert_eq!(sec.priority.as_str(), "critical", "override applies");
    let hpa = a
        .findings
        .iter()
        .find(|f| f.requirement == "ha.autoscaling")
        .unwrap();
    assert!(hpa
        .suppressed
        .as_deref()
        .is_some_and(|r| r.contains("design partners")));
    // A suppressed finding is reported but left out of completion.
    let ha = a.areas.iter().find(|s| s.area == "ha").unwrap();
    let counted = a
        .findings
        .iter()
        .filter(|f| f.area == "ha" && f.suppressed.is_none() && f.status.score().is_some())
        .map(|f| f.priority.weight())
        .sum::<u32>();
    assert_eq!(ha.weight_total, counted);
}

#[test]
fn workloads_table_and_environments_match_the_manifests() {
    let a = run("agent-platform");
    let row = |name: &str| {
        a.workloads
            .iter()
            .find(|w| w.name == name)
            .unwrap_or_else(|| panic!("no workload {name}"))
    };
    // The seed's HA table: the gateway runs two replicas with a PDB; the vector store runs one.
    let gateway = row("gateway");
    assert_eq!(
        (gateway.replicas, gateway.pdb, gateway.ha),
        (Some(2), true, Some(true))
    );
    let qdrant = row("qdrant");
    assert_eq!(
        (qdrant.kind.as_str(), qdrant.ha),
        ("StatefulSet", Some(false))
    );
    assert_eq!(qdrant.evidence.path, "deploy/base/qdrant.yaml");
    let envs: Vec<&str> = a
        .environments
        .iter()
        .map(|e| e.environment.as_str())
        .collect();
    assert_eq!(envs, ["dev", "prod", "qa"]);
    let prod = a
        .environments
        .iter()
        .find(|e| e.environment == "prod")
        .unwrap();
    assert!(
        prod.only_here.iter().any(|p| p.contains("api.gsv.io")),
        "{:?}",
        prod.only_here
    );
}

/// Every finding's status and reason code, per example: a reason that changes kind shows in
/// review (the sentences beside the codes may be reworded freely).
#[test]
fn finding_codes_of_the_examples() {
    for example in [
        "agent-platform",
        "aiops-platform",
        "data-platform",
        "k8s-minio-backup",
        "streamlit-app",
    ] {
        let a = run(example);
        let lines: Vec<String> = a
            .findings
            .iter()
            .map(|f| format!("{:<32} {:<8} {}", f.requirement, f.status, f.code))
            .collect();
        insta::assert_snapshot!(format!("finding_codes_{example}"), lines.join("\n"));
    }
}
