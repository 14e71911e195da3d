//! Progress over time as a user and CI see it: `diff` between two states of a repository,
//! baselines that gate only on new gaps, and the recorded run history.
//!
//! The two states are a copy of the bundled `k8s-minio-backup` example before and after a
//! change that closes one gap (an architecture document appears), opens another (the READMEs
//! go) and, to show that neither counts, moves lines and renames an evidence file.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{copy_tree, example, run, write, Run};
use gapscope::cli::ExitStatus;
use serde_json::Value;
use tempfile::TempDir;

fn os(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    args.iter().map(|a| a.as_ref().to_owned()).collect()
}

/// `analyze ROOT -q --format json -o OUT EXTRA...`; returns the run and the parsed JSON.
fn analyze_to(root: &Path, out: &Path, extra: &[&str]) -> (Run, Value) {
    let mut a = os(&[&"analyze", &root, &"-q", &"--format", &"json", &"-o", &out]);
    a.extend(extra.iter().map(OsString::from));
    let r = run(a);
    assert!(
        matches!(r.status, ExitStatus::Success | ExitStatus::GateFailed),
        "analyze failed: {}",
        r.stderr
    );
    let json = serde_json::from_str(&fs::read_to_string(out).unwrap()).unwrap();
    (r, json)
}

fn finding<'a>(a: &'a Value, id: &str) -> &'a Value {
    common::finding(a, id)
}

/// A copy of the example in `dir/repo`.
fn state_a(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    copy_tree(&example("k8s-minio-backup"), &repo);
    repo
}

/// Moves every line of `backup/main.go` down by three and renames the metrics hooks file:
/// evidence moves, no gap changes.
fn move_lines_and_rename(repo: &Path) {
    let main = repo.join("backup/main.go");
    let text = fs::read_to_string(&main).unwrap();
    fs::write(&main, format!("// Backup entry point.\n\n\n{text}")).unwrap();
    fs::rename(
        repo.join("shared/monitoring/hooks.go"),
        repo.join("shared/monitoring/metrics_hooks.go"),
    )
    .unwrap();
}

/// State B: the architecture is documented (closes `docs.architecture`), the READMEs are
/// gone (opens `docs.readme`), and lines moved and a file was renamed.
fn to_state_b(repo: &Path) {
    write(
        repo,
        "docs/ARCHITECTURE.md",
        "# Architecture\n\nA Go backup tool and a Python GitOps generator.\n",
    );
    for readme in ["README.md", "backup/README.md", "kOTN/README.md"] {
        fs::remove_file(repo.join(readme)).unwrap();
    }
    move_lines_and_rename(repo);
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["requirement"].as_str().unwrap())
        .collect()
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> Run {
    let mut a = os(&[&"diff", &old, &new]);
    a.extend(extra.iter().map(OsString::from));
    run(a)
}

#[test]
fn diff_of_two_states_names_exactly_the_closed_and_opened_gaps() {
    let dir = TempDir::new().unwrap();
    let repo = state_a(dir.path());
    let (a_json, b_json) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let (_, a) = analyze_to(&repo, &a_json, &[]);
    to_state_b(&repo);
    let (_, b) = analyze_to(&repo, &b_json, &[]);

    // The change moved and renamed evidence; the test means something only if it did.
    let against = |x: &Value| finding(x, "sec.no-hardcoded-secrets")["against"][0].clone();
    assert_eq!(against(&a)["path"], "backup/main.go");
    assert_eq!(
        against(&b)["start_line"].as_u64().unwrap(),
        against(&a)["start_line"].as_u64().unwrap() + 3
    );
    // The hooks are in a shared library nothing imports: weak evidence, still tracked.
    let metrics_paths = |x: &Value| {
        let f = finding(x, "obs.metrics");
        format!("{} {}", f["evidence"], f["weak_evidence"])
    };
    assert!(metrics_paths(&a).contains("shared/monitoring/hooks.go"));
    assert!(metrics_paths(&b).contains("shared/monitoring/metrics_hooks.go"));

    let out = diff(&a_json, &b_json, &["--format", "json"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    let d: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(ids(&d["closed"]), ["docs.architecture"]);
    assert_eq!(ids(&d["opened"]), ["docs.readme"]);
    assert_eq!(d["opened"][0]["before"], "met");
    for list in [
        "regressed",
        "improved",
        "became_decidable",
        "became_unknown",
        "no_longer_in_target",
        "new_in_target",
    ] {
        assert_eq!(ids(&d[list]), Vec::<&str>::new(), "{list}");
    }
    let total = a["findings"].as_array().unwrap().len() as u64;
    assert_eq!(d["unchanged"].as_u64().unwrap(), total - 2);
    let docs = d["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["area"] == "docs")
        .unwrap();
    assert_eq!(
        docs["before"],
        a["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["area"] == "docs")
            .unwrap()["completion"]
    );
    assert!(docs["after"].as_f64() > docs["before"].as_f64(), "{docs}");
    assert_eq!(d["old"]["completion"], a["completion"]["percent"]);
    assert_eq!(d["new"]["completion"], b["completion"]["percent"]);

    let text = diff(&a_json, &b_json, &[]).stdout;
    assert!(text.contains("Closed (1)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("docs.readme") && l.contains("met") && l.contains("→")),
        "{text}"
    );
    assert!(!text.contains("sec.no-hardcoded-secrets"), "{text}");

    let md = diff(&a_json, &b_json, &["--format", "markdown"]).stdout;
    assert!(md.starts_with("## "), "{md}");
    assert!(
        md.contains("### Closed (1)") && md.contains("### Opened (1)"),
        "{md}"
    );
    assert!(md.contains("| `docs.architecture` |"), "{md}");
    assert!(md.contains("### Completion per area"), "{md}");

    // The gate: the new gap is medium.
    let gate = diff(&a_json, &b_json, &["--fail-on-new", "medium"]);
    assert_eq!(gate.status, ExitStatus::GateFailed);
    assert!(gate.stderr.contains("docs.readme"), "{}", gate.stderr);
    assert_eq!(
        diff(&a_json, &b_json, &["--fail-on-new", "high"]).status,
        ExitStatus::Success
    );
    // Comparing a state with itself finds nothing new.
    let same = diff(
        &a_json,
        &a_json,
        &["--format", "json", "--fail-on-new", "low"],
    );
    assert_eq!(same.status, ExitStatus::Success);
    let same: Value = serde_json::from_str(&same.stdout).unwrap();
    assert_eq!(same["unchanged"].as_u64().unwrap(), total);
}

#[test]
fn diff_shows_gap_ids_when_an_analysis_has_a_plan() {
    let dir = TempDir::new().unwrap();
    let repo = state_a(dir.path());
    let (a_json, b_json) = (dir.path().join("a.json"), dir.path().join("b.json"));
    analyze_to(&repo, &a_json, &[]);
    to_state_b(&repo);
    let (_, mut b) = analyze_to(&repo, &b_json, &[]);
    b["plan"] = serde_json::json!({
        "gaps": [{"id": "GAP-042", "requirement": "docs.readme", "phase": 1}],
        "phases": []
    });
    fs::write(&b_json, serde_json::to_string(&b).unwrap()).unwrap();
    let out = diff(&a_json, &b_json, &[]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.contains("GAP-042") && l.contains("docs.readme")),
        "{}",
        out.stdout
    );
}

#[test]
fn diff_refuses_files_that_are_not_analyses_with_their_place() {
    let dir = TempDir::new().unwrap();
    let good = dir.path().join("good.json");
    analyze_to(&state_a(dir.path()), &good, &[]);

    let broken = write(
        dir.path(),
        "broken.json",
        "{\n  \"schema_version\": 1,\n  \"findings\": [}\n",
    );
    let out = diff(&good, &broken, &[]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("broken.json:3:"), "{}", out.stderr);

    let scan = write(
        dir.path(),
        "scan.json",
        "{\"root\": \".\", \"files\": {}}\n",
    );
    let out = diff(&scan, &good, &[]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(
        out.stderr.contains("scan.json") && out.stderr.contains("not a gapscope analysis"),
        "{}",
        out.stderr
    );

    let text = fs::read_to_string(&good).unwrap();
    let newer = write(
        dir.path(),
        "newer.json",
        text.replacen("\"schema_version\": 1", "\"schema_version\": 99", 1),
    );
    let out = diff(&good, &newer, &[]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(
        out.stderr.contains("newer.json") && out.stderr.contains("99"),
        "{}",
        out.stderr
    );

    let out = diff(&good, &dir.path().join("absent.json"), &[]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("absent.json"), "{}", out.stderr);
}

// ---- Baselines ----

fn analyze_gate(repo: &Path, extra: &[&str]) -> Run {
    let mut a = os(&[&"analyze", &repo, &"-q"]);
    a.extend(extra.iter().map(OsString::from));
    run(a)
}

#[test]
fn baseline_gates_only_on_gaps_that_are_new() {
    let dir = TempDir::new().unwrap();
    let repo = state_a(dir.path());
    let base = dir.path().join("baseline.json");
    let base_s = base.to_str().unwrap();

    // Without a baseline the example fails a low gate: it has many open gaps.
    assert_eq!(
        analyze_gate(&repo, &["--fail-on", "low"]).status,
        ExitStatus::GateFailed
    );
    let written = analyze_gate(&repo, &["--write-baseline", base_s]);
    assert_eq!(written.status, ExitStatus::Success, "{}", written.stderr);
    let first = fs::read(&base).unwrap();
    analyze_gate(&repo, &["--write-baseline", base_s]);
    assert_eq!(
        fs::read(&base).unwrap(),
        first,
        "the baseline is deterministic"
    );
    let b: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(b["format"], "gapscope-baseline");
    let entries = b["entries"].as_array().unwrap();
    assert!(entries.len() > 10, "{b}");
    assert!(entries.iter().all(|e| e["kind"] == "finding"));
    assert!(
        !String::from_utf8_lossy(&first).contains("_line"),
        "no line numbers in a baseline"
    );
    let reqs: Vec<&str> = entries
        .iter()
        .map(|e| e["requirement"].as_str().unwrap())
        .collect();
    let mut sorted = reqs.clone();
    sorted.sort();
    assert_eq!(reqs, sorted, "entries are sorted");

    // The same state with the baseline: every open finding accepted, the gate passes, and the
    // output marks them.
    let out = analyze_gate(&repo, &["--baseline", base_s, "--fail-on", "low"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    assert!(out.stdout.contains("[in baseline]"), "{}", out.stdout);
    let json = dir.path().join("a.json");
    let (_, a) = analyze_to(&repo, &json, &["--baseline", base_s]);
    for f in a["findings"].as_array().unwrap() {
        let open = f["status"] == "missing" || f["status"] == "partial";
        assert_eq!(f["in_baseline"] == true, open, "{}", f["requirement"]);
    }

    // Moved lines and a renamed evidence file are not new gaps.
    move_lines_and_rename(&repo);
    let out = analyze_gate(&repo, &["--baseline", base_s, "--fail-on", "low"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);

    // State B opens docs.readme (medium): it gates at medium and below, not at high.
    to_state_b_without_moving(&repo);
    let out = analyze_gate(&repo, &["--baseline", base_s, "--fail-on", "medium"]);
    assert_eq!(out.status, ExitStatus::GateFailed, "{}", out.stderr);
    let gate_line = out
        .stderr
        .lines()
        .find(|l| l.contains("gate failed"))
        .unwrap();
    assert!(gate_line.ends_with(": docs.readme"), "{gate_line}");
    assert!(
        out.stderr.contains("docs.architecture"),
        "the closed entry is named as no longer open: {}",
        out.stderr
    );
    let out = analyze_gate(&repo, &["--baseline", base_s, "--fail-on", "high"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
}

/// State B's content changes, for a repository whose lines already moved.
fn to_state_b_without_moving(repo: &Path) {
    write(
        repo,
        "docs/ARCHITECTURE.md",
        "# Architecture\n\nTwo tools.\n",
    );
    for readme in ["README.md", "backup/README.md", "kOTN/README.md"] {
        fs::remove_file(repo.join(readme)).unwrap();
    }
}

#[test]
fn a_partial_finding_that_becomes_missing_is_not_covered_by_the_baseline() {
    let dir = TempDir::new().unwrap();
    let repo = state_a(dir.path());
    let base = dir.path().join("baseline.json");
    let base_s = base.to_str().unwrap();
    analyze_gate(&repo, &["--write-baseline", base_s]);
    // Record sec.secrets-management (missing now) as partial: the run is then worse than the
    // baseline says, which is a regression and fails the gate. (Request authentication does
    // not apply to this batch tool, which serves nothing.)
    let text = fs::read_to_string(&base).unwrap();
    let mut b: Value = serde_json::from_str(&text).unwrap();
    for e in b["entries"].as_array_mut().unwrap() {
        if e["requirement"] == "sec.secrets-management" {
            assert_eq!(e["status"], "missing");
            e["status"] = "partial".into();
        }
    }
    fs::write(&base, serde_json::to_string_pretty(&b).unwrap()).unwrap();
    let out = analyze_gate(&repo, &["--baseline", base_s, "--fail-on", "critical"]);
    assert_eq!(out.status, ExitStatus::GateFailed, "{}", out.stderr);
    assert!(
        out.stderr.contains("sec.secrets-management"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_baseline_exits_2_naming_it() {
    let dir = TempDir::new().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, "README.md", "# x\n");
    let missing = dir.path().join("nope.json");
    let out = analyze_gate(&repo, &["--baseline", missing.to_str().unwrap()]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("nope.json"), "{}", out.stderr);

    let broken = write(
        dir.path(),
        "broken.json",
        "{\"format\": \"gapscope-baseline\",\n\"version\": 1,\n\"entries\": [{]}\n",
    );
    let out = analyze_gate(&repo, &["--baseline", broken.to_str().unwrap()]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("broken.json:3:"), "{}", out.stderr);

    let analysis = write(
        dir.path(),
        "analysis.json",
        "{\"schema_version\": 1, \"findings\": []}",
    );
    let out = analyze_gate(&repo, &["--baseline", analysis.to_str().unwrap()]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(
        out.stderr.contains("not a gapscope baseline"),
        "{}",
        out.stderr
    );
}

// ---- History ----

const TREND_TARGET: &str = "name: trend
requirements:
  - id: docs.changelog
    area: docs
    title: A changelog is kept
    why: Users read what changed.
    fix: Keep CHANGELOG.md.
    priority: medium
    effort_days: 0.5
    met:
      file: {globs: ['CHANGELOG.md'], roles: [docs]}
  - id: guides.contributing
    area: guides
    title: Contributors are told how to help
    why: Outside help needs a way in.
    fix: Write CONTRIBUTING.md.
    priority: low
    effort_days: 0.5
    met:
      file: {globs: ['CONTRIBUTING.md'], roles: [docs]}
  - id: guides.security
    area: guides
    title: A security policy says how to report issues
    why: Reporters need a channel.
    fix: Write SECURITY.md.
    priority: high
    effort_days: 0.5
    met:
      file: {globs: ['SECURITY.md'], roles: [docs]}
";

/// A small repository with its target outside the tree; returns (dir, repo, target).
fn trend_repo() -> (TempDir, PathBuf, PathBuf) {
    let dir = TempDir::new().unwrap();
    let target = write(dir.path(), "target.yaml", TREND_TARGET);
    let repo = dir.path().join("repo");
    write(&repo, "README.md", "# A project\n");
    (dir, repo, target)
}

fn record(repo: &Path, target: &Path, extra: &[&str]) -> Run {
    let mut a = os(&[&"analyze", &repo, &"-q", &"--target", &target, &"--record"]);
    a.extend(extra.iter().map(OsString::from));
    let out = run(a);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    out
}

fn history(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut a = os(&[&"history"]);
    a.extend(os(args));
    run(a)
}

#[test]
fn history_of_three_runs_shows_completion_and_open_gaps_over_time() {
    let (_dir, repo, target) = trend_repo();
    // A git checkout: HEAD names a branch whose commit the run is keyed by.
    let commit = "4f2a9c0d1e2b3a4c5d6e7f8091a2b3c4d5e6f708";
    write(&repo, ".git/HEAD", "ref: refs/heads/main\n");
    write(&repo, ".git/refs/heads/main", format!("{commit}\n"));

    let plain = run(os(&[
        &"analyze",
        &repo,
        &"-q",
        &"--target",
        &target,
        &"--format",
        &"json",
    ]))
    .stdout;
    let scan = |repo: &Path| run(os(&[&"scan", &repo, &"-q", &"--format", &"json"])).stdout;
    let scan_before = scan(&repo);
    let first = record(&repo, &target, &["--format", "json"]);
    assert!(first.stderr.contains("recorded run 1"), "{}", first.stderr);
    assert!(first.stderr.contains("4f2a9c0d1e2b"), "{}", first.stderr);
    assert!(repo.join(".gapscope/history.db").is_file());
    write(&repo, "CHANGELOG.md", "# Changelog\n");
    record(&repo, &target, &[]);
    write(&repo, "CONTRIBUTING.md", "# Contributing\n");
    fs::remove_dir_all(repo.join(".git")).unwrap();
    record(&repo, &target, &[]);

    // Recording leaves the analysis as it was, and the history is not part of the repository
    // gapscope reads.
    assert_eq!(first.stdout, plain, "recording changes the analysis");
    fs::remove_file(repo.join("CHANGELOG.md")).unwrap();
    fs::remove_file(repo.join("CONTRIBUTING.md")).unwrap();
    assert_eq!(
        scan(&repo),
        scan_before,
        "the history database is read as a file"
    );
    let again = run(os(&[
        &"analyze",
        &repo,
        &"-q",
        &"--target",
        &target,
        &"--format",
        &"json",
    ]))
    .stdout;
    assert_eq!(
        again, plain,
        "the history database changed the next analysis"
    );

    let out = history(&[&repo, &"--format", &"json"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    let t: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(t["schema_version"], 1);
    let runs = t["runs"].as_array().unwrap();
    let numbers: Vec<u64> = runs.iter().map(|r| r["run"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3]);
    let completion: Vec<f64> = runs
        .iter()
        .map(|r| r["completion"].as_f64().unwrap())
        .collect();
    // Weights: medium 2, low 1, high 3 → 0, 2/6, 3/6.
    assert_eq!(completion, [0.0, 33.3, 50.0]);
    let open: Vec<u64> = runs
        .iter()
        .map(|r| {
            ["critical", "high", "medium", "low"]
                .iter()
                .map(|p| r["open"][p].as_u64().unwrap())
                .sum()
        })
        .collect();
    assert_eq!(open, [3, 2, 1]);
    assert_eq!(runs[0]["commit"], commit);
    assert_eq!(runs[0]["branch"], "main");
    assert_eq!(runs[1]["commit"], commit);
    assert!(runs[2]["commit"].is_null(), "no checkout, no commit");
    let areas = t["areas"].as_array().unwrap();
    assert_eq!(areas[0]["area"], "docs");
    assert_eq!(
        areas[0]["completion"],
        serde_json::json!([0.0, 100.0, 100.0])
    );
    assert_eq!(areas[1]["area"], "guides");
    assert_eq!(areas[1]["completion"], serde_json::json!([0.0, 0.0, 25.0]));

    let text = history(&[&repo]);
    assert_eq!(text.status, ExitStatus::Success);
    assert!(text.stdout.contains("3 runs"), "{}", text.stdout);
    assert!(text.stdout.contains("4f2a9c0d"), "{}", text.stdout);
    assert!(
        text.stdout
            .lines()
            .any(|l| l.contains("docs") && l.contains("0.0% → 100.0%") && l.contains("↑")),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .lines()
            .any(|l| l.starts_with("open gaps") && l.contains("3 → 1")),
        "{}",
        text.stdout
    );
    assert_eq!(
        history(&[&repo]).stdout,
        text.stdout,
        "history output is deterministic"
    );

    let last = history(&[&repo, &"--format", &"json", &"--last", &"2"]);
    let t: Value = serde_json::from_str(&last.stdout).unwrap();
    assert_eq!(t["runs"].as_array().unwrap().len(), 2);
    assert_eq!(t["runs"][0]["run"], 2);
    assert_eq!(t["areas"][1]["completion"], serde_json::json!([0.0, 25.0]));

    // The library call a report uses to draw its chart.
    let trend = gapscope::history::load_trend(&repo.join(".gapscope/history.db"), None)
        .unwrap()
        .expect("a history");
    assert_eq!(trend.runs.len(), 3);
    assert!(gapscope::history::load_trend(&repo.join("none.db"), None)
        .unwrap()
        .is_none());
}

#[test]
fn history_path_comes_from_the_flag_or_gapscope_toml() {
    let (dir, repo, target) = trend_repo();
    let elsewhere = dir.path().join("state/runs.db");
    record(&repo, &target, &["--history", elsewhere.to_str().unwrap()]);
    assert!(elsewhere.is_file());
    assert!(!repo.join(".gapscope").exists());
    let out = history(&[&repo, &"--history", &elsewhere]);
    assert!(out.stdout.contains("1 run"), "{}", out.stdout);

    write(&repo, "gapscope.toml", "history = \"ci/history.db\"\n");
    record(&repo, &target, &[]);
    assert!(repo.join("ci/history.db").is_file());
    let out = history(&[&repo, &"--format", &"json"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    let t: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(t["runs"].as_array().unwrap().len(), 1);

    // --history is where --record writes; alone it is a usage error.
    let out = run(os(&[&"analyze", &repo, &"-q", &"--history", &elsewhere]));
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("--record"), "{}", out.stderr);
    assert_eq!(history(&[&repo, &"--last", &"0"]).status, ExitStatus::Error);

    // No database yet: a clear error, nothing created.
    let (_d2, fresh, _) = trend_repo();
    let out = history(&[&fresh]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("analyze --record"), "{}", out.stderr);
    assert!(!fresh.join(".gapscope").exists());
}

#[test]
fn concurrent_recording_processes_lose_no_run() {
    let (dir, repo, target) = trend_repo();
    let db = dir.path().join("shared.db");
    // The database does not exist yet: the writers also race to create it.
    const WRITERS: usize = 8;
    let children: Vec<_> = (0..WRITERS)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_gapscope"))
                .arg("analyze")
                .arg(&repo)
                .args(["-q", "--record", "--history"])
                .arg(&db)
                .arg("--target")
                .arg(&target)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = history(&[&repo, &"--history", &db, &"--format", &"json"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    let t: Value = serde_json::from_str(&out.stdout).unwrap();
    let numbers: Vec<u64> = t["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["run"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=WRITERS as u64).collect::<Vec<_>>());
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Records into `db` and shows its history: both must refuse it, leaving it byte for byte.
fn refused(db: &Path, why: &str) {
    let (_dir, repo, target) = trend_repo();
    let before = fs::read(db).unwrap();
    let out = run(os(&[
        &"analyze",
        &repo,
        &"-q",
        &"--target",
        &target,
        &"--record",
        &"--history",
        &db,
    ]));
    assert_eq!(out.status, ExitStatus::Error, "{why}: {}", out.stderr);
    assert!(
        out.stdout.is_empty(),
        "{why}: no report when the history is unusable"
    );
    assert!(
        out.stderr.contains(&db.display().to_string())
            && out.stderr.contains("not a gapscope history database"),
        "{why}: {}",
        out.stderr
    );
    let out = history(&[&repo, &"--history", &db]);
    assert_eq!(out.status, ExitStatus::Error, "{why}");
    assert!(
        out.stderr.contains("left as it is"),
        "{why}: {}",
        out.stderr
    );
    assert_eq!(fs::read(db).unwrap(), before, "{why}: the file changed");
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        assert!(!Path::new(&side).exists(), "{why}: {suffix} created");
    }
}

#[test]
fn corrupt_and_foreign_databases_are_refused_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    // Random-looking bytes (a fixed sequence, so a failure reproduces).
    let mut x: u32 = 0x9e37_79b9;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    refused(&write(dir.path(), "noise.db", &noise), "random bytes");
    refused(&write(dir.path(), "empty.db", ""), "an empty file");

    // An SQLite database of another program.
    let foreign = dir.path().join("foreign.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    drop(conn);
    refused(&foreign, "a foreign SQLite database");

    // SQLite's header with damage behind it.
    let mut damaged = fs::read(&foreign).unwrap();
    damaged[68..72].copy_from_slice(&gapscope::history::APPLICATION_ID.to_be_bytes());
    for b in &mut damaged[100..] {
        *b = 0xA5;
    }
    let damaged_path = write(dir.path(), "damaged.db", &damaged);
    let (_d, repo, target) = trend_repo();
    let out = run(os(&[
        &"analyze",
        &repo,
        &"-q",
        &"--target",
        &target,
        &"--record",
        &"--history",
        &damaged_path,
    ]));
    assert_eq!(out.status, ExitStatus::Error, "{}", out.stderr);
    assert!(out.stderr.contains("damaged.db"), "{}", out.stderr);
    assert_eq!(fs::read(&damaged_path).unwrap(), damaged);
}

/// The run-point groups of the HTML report's history chart: (data-completion, data-open).
fn chart_points(html: &str) -> Vec<(f64, String)> {
    html.split("<g class=\"run-point\"")
        .skip(1)
        .map(|g| {
            let attr = |name: &str| {
                let key = format!("{name}=\"");
                let start = g.find(&key).unwrap() + key.len();
                g[start..start + g[start..].find('"').unwrap()].to_string()
            };
            let completion = attr("data-completion");
            let completion = completion
                .parse()
                .unwrap_or_else(|_| panic!("completion {completion:?} is a number"));
            (completion, attr("data-open"))
        })
        .collect()
}

fn html_report(repo: &Path, extra: &[&str]) -> Run {
    let mut a = os(&[&"analyze", &repo, &"-q", &"--format", &"html"]);
    a.extend(extra.iter().map(OsString::from));
    let out = run(a);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    out
}

#[test]
fn html_report_charts_the_recorded_runs() {
    let dir = TempDir::new().unwrap();
    let repo = state_a(dir.path());
    // No history: no chart, no section, nothing said.
    let before = html_report(&repo, &[]);
    assert!(!before.stdout.contains("chart-history"));
    assert!(before.stderr.is_empty(), "{}", before.stderr);

    let rec = |extra: &[&str]| {
        let mut a = os(&[&"analyze", &repo, &"-q", &"--record"]);
        a.extend(extra.iter().map(OsString::from));
        let out = run(a);
        assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
        out
    };
    rec(&["--format", "json"]);
    write(
        &repo,
        "docs/ARCHITECTURE.md",
        "# Architecture\n\nA backup tool.\n",
    );
    rec(&["--format", "json"]);
    fs::remove_file(repo.join("README.md")).unwrap();
    // The third run is recorded by the HTML report itself, which charts it.
    let third = rec(&["--format", "html"]);

    let t: Value = serde_json::from_str(&history(&[&repo, &"--format", &"json"]).stdout).unwrap();
    let expected: Vec<(f64, String)> = t["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let open: u64 = ["critical", "high", "medium", "low"]
                .iter()
                .map(|p| r["open"][p].as_u64().unwrap())
                .sum();
            (r["completion"].as_f64().unwrap(), open.to_string())
        })
        .collect();
    assert_eq!(expected.len(), 3);
    assert_ne!(expected[0], expected[1], "the runs differ: {expected:?}");
    assert_eq!(chart_points(&third.stdout), expected);

    // Without --record, the existing history is charted all the same.
    let later = html_report(&repo, &[]);
    assert!(later.stdout.contains("id=\"chart-history\""));
    assert_eq!(chart_points(&later.stdout), expected);
    assert!(later.stdout.contains("recorded runs"));
    // No git checkout: runs are labelled by number.
    assert!(later.stdout.contains("data-label=\"run 3\""));
    // Only the HTML report reads the history: JSON stays the analysis alone.
    let json = || run(os(&[&"analyze", &repo, &"-q", &"--format", &"json"])).stdout;
    let with_history = json();
    fs::remove_dir_all(repo.join(".gapscope")).unwrap();
    assert_eq!(
        with_history,
        json(),
        "the history changed the analysis JSON"
    );
    assert!(!html_report(&repo, &[]).stdout.contains("chart-history"));
}

#[test]
fn a_corrupt_history_costs_the_html_report_its_chart_not_the_report() {
    let dir = TempDir::new().unwrap();
    let repo = state_a(dir.path());
    let db = write(
        &repo,
        ".gapscope/history.db",
        b"not a database at all, just bytes".repeat(8),
    );
    let before = fs::read(&db).unwrap();
    let out = html_report(&repo, &[]);
    assert!(out.stdout.contains("</html>"), "the report is written");
    assert!(!out.stdout.contains("chart-history"));
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    assert!(
        lines[0].contains("warning") && lines[0].contains("history.db"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&db).unwrap(), before, "the file is left as it is");
    // Formats that draw no chart do not read it.
    let json = run(os(&[&"analyze", &repo, &"-q", &"--format", &"json"]));
    assert_eq!(json.status, ExitStatus::Success);
    assert!(json.stderr.is_empty(), "{}", json.stderr);
}
