//! `verify` on the five hand-written gap analyses in `../shared/seeds/`: the extractor finds
//! the claims a careful reader would (counted by hand for two of them), and every seed runs
//! through the whole command without error. The seeds describe other repositories, so here
//! they are checked against an empty one; what matters is extraction.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use gapscope::claims::{self, decode};
use gapscope::cli::ExitStatus;

/// The seed whose name starts with `prefix`; `None` (the test skips) without `../shared`.
fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = common::shared("seeds")?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    found.sort();
    Some(
        found
            .pop()
            .unwrap_or_else(|| panic!("no seed {prefix}_* in {}", dir.display())),
    )
}

/// Claims per kind, as the extractor finds them.
fn counts(prefix: &str) -> Option<BTreeMap<String, usize>> {
    let bytes = std::fs::read(seed(prefix)?).unwrap();
    let (text, _) = decode(&bytes);
    let mut out = BTreeMap::new();
    for c in claims::extract(&text).claims {
        *out.entry(c.kind.name().to_string()).or_default() += 1;
    }
    Some(out)
}

fn map(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// Seed 002 (data platform "95% complete", emoji as Mac Roman mojibake), counted by hand:
/// * paths — every backticked path: lines 28, 33, 34 and 62-64 (6, in marked items), the
///   "Created" list 70-77 (8), the "Updated" list 80-86 (7), the reports 117-123 (7) and the
///   scripts 126-133 (8) = 36. Not paths: `deployment.rolledBack` (44), `emptyDir` (96).
/// * percentages of completion — 15 (overall 95% COMPLETE), 17 (Completed: 95%), 316-320
///   (Configuration, Documentation, Scripts, Code, Infrastructure "N% Complete"), 333
///   (✅ 100% Complete) = 8. Not completion: "43% running", "0% accessible", "98-99% CPU".
/// * status items — the 71 list lines with ✅ ⚠️ ❌ (28-65: 24, 95-112: 12, 142-157: 6,
///   162-165: 4, 175-179: 5, 189-192: 4, 333-347: 11, 376-379: 4, 394: 1) less the 6 whose
///   subject is a path (28, 33, 34, 62, 63, 64), 333, a percentage, and the two whose
///   subject is a name of code (44 `deployment.rolledBack`, 96 `emptyDir`) = 62. Headings
///   with a mark (25, 67, 92, …) title sections and are not items; the "Next Steps:" list
///   (382-386) is a plan whose items carry no mark of their own.
/// * names of code — `deployment.rolledBack` (44, searched as `rolledBack`), `emptyDir` (96) = 2.
#[test]
fn seed_002_claims_match_a_hand_count() {
    let Some(counts) = counts("002") else { return };
    assert_eq!(
        counts,
        map(&[("path", 36), ("percent", 8), ("status", 62), ("symbol", 2)])
    );
}

/// Seed 004 (agent platform go-to-market readiness, plain ASCII), counted by hand:
/// * Make targets — `make deploy-dev`, `make deploy-qa`, `make deploy-prod` in the table at
///   20-22, `make promote.qa` and `make promote.prod` at 31 = 5.
/// * status items — status-table rows: 23-24 (2, Partial), 70-72 (3), 124-128 (5), 174-182
///   (9), 212-217 (6), 302-304 and 306 (4; 305 "Via GitOps" is no status), 340-345 less 343
///   "Basic" (5) = 34; checklist 373-383 (11), 386-390 (5), 393-396 (4) = 20; total 54.
///   Rows like "| Agent Registry | 1 | Not HA |" and "Manual" carry no status word.
#[test]
fn seed_004_claims_match_a_hand_count() {
    let Some(counts) = counts("004") else { return };
    assert_eq!(counts, map(&[("make_target", 5), ("status", 54)]));
}

#[test]
fn seed_000_and_001_find_paths_line_counts_and_file_lines() {
    let Some(c) = counts("000") else { return };
    // 16 backticked paths (22-24, 83-84, 112-113, 121-122, 130-132, 151-152, 169-170) and
    // `monitoring/config.go:159` in a Go comment.
    assert_eq!(c.get("path"), Some(&16));
    assert_eq!(c.get("file_line"), Some(&1));
    let Some(c) = counts("001") else { return };
    // The "~355 lines", "(~2,821 lines)" … figures of the service-by-service section.
    assert_eq!(c.get("line_count"), Some(&8));
    assert_eq!(c.get("endpoint"), Some(&4));
    // "(Port 8081)" … in the eleven service headings 53-267.
    assert_eq!(c.get("port"), Some(&11));
    // CamelCase kinds before "CRD": 62, 83, 87, 91, 103, 107, 111, 126, 134, 144, 167, 168,
    // 176, 390, 396, 521; not "Complete CRD", "Kubernetes CRD", "service CRDs".
    assert_eq!(c.get("crd"), Some(&16));
}

#[test]
fn every_seed_runs_through_verify_and_reports_claims() {
    let repo = tempfile::tempdir().unwrap();
    common::write(repo.path(), "README.md", "# empty\n");
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some(path) = seed(prefix) else { return };
        let run = common::run_bounded(vec![
            "verify".into(),
            path.clone().into(),
            "--repo".into(),
            repo.path().into(),
            "--format".into(),
            "json".into(),
            "-q".into(),
        ]);
        assert_eq!(
            run.status,
            ExitStatus::Success,
            "{}: {}",
            path.display(),
            run.stderr
        );
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let claims = v["summary"]["claims"].as_u64().unwrap();
        assert!(claims >= 40, "{}: only {claims} claims", path.display());
        let sum = [
            "confirmed",
            "contradicted",
            "stale_plan",
            "out_of_scope",
            "unverifiable",
        ]
        .iter()
        .map(|k| v["summary"][k].as_u64().unwrap())
        .sum::<u64>();
        assert_eq!(sum, claims);
    }
}
