//! `analyze`, `rules` and `explain` as a user runs them: in-process through `main_with_args`,
//! on small repositories built in temporary directories, checked through the JSON and text a
//! user would read.
//!
//! The honesty rules of DESIGN.md are checked on the smallest repository that can break them:
//! evidence in examples or fixtures never makes a requirement met, what a repository cannot
//! show is `unknown`, and a hard-coded password is reported without being printed.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

mod common;

use common::{finding, run, write};
use gapscope::cli::{main_with_args, ExitStatus};
use serde_json::Value;
use tempfile::TempDir;

fn args(root: &Path, extra: &[&str]) -> Vec<OsString> {
    let mut a: Vec<OsString> = vec!["analyze".into(), root.as_os_str().to_owned(), "-q".into()];
    a.extend(extra.iter().map(OsString::from));
    a
}

/// `gapscope analyze ROOT -q --format json EXTRA...`, which must succeed.
fn analyze_json(root: &Path, extra: &[&str]) -> Value {
    let mut a = args(root, &["--format", "json"]);
    a.extend(extra.iter().map(OsString::from));
    let out = run(a);
    assert_eq!(
        out.status,
        ExitStatus::Success,
        "analyze failed; stderr: {}",
        out.stderr
    );
    serde_json::from_str(&out.stdout).expect("analyze --format json prints JSON")
}

/// `gapscope analyze ROOT -q EXTRA...` (text), which must succeed.
fn analyze_text(root: &Path, extra: &[&str]) -> String {
    let out = run(args(root, extra));
    assert_eq!(
        out.status,
        ExitStatus::Success,
        "analyze failed; stderr: {}",
        out.stderr
    );
    out.stdout
}

fn status<'a>(analysis: &'a Value, id: &str) -> &'a str {
    finding(analysis, id)["status"].as_str().unwrap()
}

/// Every evidence entry of every finding: (requirement, list name, entry).
fn all_evidence(analysis: &Value) -> Vec<(String, &'static str, &Value)> {
    let mut out = Vec::new();
    for f in analysis["findings"].as_array().unwrap() {
        let id = f["requirement"].as_str().unwrap().to_string();
        for list in ["evidence", "weak_evidence", "against"] {
            for e in f[list].as_array().unwrap() {
                out.push((id.clone(), list, e));
            }
        }
    }
    out
}

const DOCKERFILE: &str = "FROM golang:1.22 AS build\n\
WORKDIR /src\n\
COPY . .\n\
RUN go build -o /app ./cmd/api\n\
\n\
FROM gcr.io/distroless/static:nonroot\n\
USER 65532\n\
COPY --from=build /app /app\n\
ENTRYPOINT [\"/app\"]\n";

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example.com/api:1.0.0
";

/// A small service repository: a Go HTTP service with an image, Kubernetes manifests, CI and a
/// README, plus a Rust worker with its own Dockerfile under `svc/worker`.
fn service_repo() -> TempDir {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    write(r, "go.mod", "module example.com/app\n\ngo 1.22\n");
    write(
        r,
        "cmd/api/main.go",
        "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\
         \thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) {\n\
         \t\tw.WriteHeader(http.StatusOK)\n\t})\n\
         \tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n",
    );
    write(
        r,
        "cmd/api/main_test.go",
        "package main\n\nimport \"testing\"\n\nfunc TestMain(t *testing.T) {}\n",
    );
    write(r, "Dockerfile", DOCKERFILE);
    write(r, "deploy/k8s/deployment.yaml", DEPLOYMENT);
    write(
        r,
        ".github/workflows/ci.yml",
        "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    \
         steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n",
    );
    write(
        r,
        "README.md",
        "# App\n\nAn example service.\n\n## Running\n\n`go run ./cmd/api`\n",
    );
    write(
        r,
        "svc/worker/Cargo.toml",
        "[package]\nname = \"worker\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(
        r,
        "svc/worker/src/main.rs",
        "fn main() {\n    println!(\"working\");\n}\n",
    );
    write(
        r,
        "svc/worker/Dockerfile",
        "FROM rust:1.80 AS build\nCOPY . .\nRUN cargo build --release\n\
         FROM debian:12-slim\nUSER 1000\nCOPY --from=build /target/release/worker /worker\n",
    );
    repo
}

const STATUSES: [&str; 5] = ["met", "partial", "missing", "unknown", "not_applicable"];

#[test]
fn json_has_completion_with_formula_areas_and_findings_with_known_statuses() {
    let repo = service_repo();
    let a = analyze_json(repo.path(), &[]);

    let formula = a["completion"]["formula"]
        .as_str()
        .expect("completion.formula");
    assert!(
        formula.contains("weight"),
        "formula explains weights: {formula}"
    );
    let percent = a["completion"]["percent"].as_f64().expect("a percentage");
    assert!((0.0..=100.0).contains(&percent), "{percent}");

    let areas = a["areas"].as_array().unwrap();
    assert!(!areas.is_empty(), "areas are listed");
    for area in ["container", "orchestration", "ci", "security", "ha"] {
        assert!(
            areas.iter().any(|x| x["area"] == area),
            "area {area} is listed"
        );
    }

    let findings = a["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        gapscope::rules::builtin().requirements.len(),
        "one finding per built-in requirement"
    );
    for f in findings {
        let s = f["status"].as_str().unwrap();
        assert!(STATUSES.contains(&s), "{}: status {s}", f["requirement"]);
    }
    // The repository has the things these look for; if none is met the test proves nothing.
    for id in [
        "container.dockerfile",
        "orchestration.kubernetes",
        "ci.pipeline",
    ] {
        assert_eq!(status(&a, id), "met", "{id}: {}", finding(&a, id));
    }
}

#[test]
fn every_met_finding_points_at_lines_of_files_that_exist() {
    let repo = service_repo();
    let a = analyze_json(repo.path(), &[]);
    // A rule met by an absence (`met: not: …`, e.g. no hard-coded secrets) has no line to
    // point at; every other met rule must show where it is met.
    let by_absence: Vec<String> = gapscope::rules::builtin()
        .requirements
        .into_iter()
        .filter(|r| matches!(r.met, gapscope::rules::Condition::Not(_)))
        .map(|r| r.id)
        .collect();
    let mut met = 0;
    for f in a["findings"].as_array().unwrap() {
        if f["status"] != "met" || by_absence.iter().any(|id| f["requirement"] == id.as_str()) {
            continue;
        }
        met += 1;
        let evidence = f["evidence"].as_array().unwrap();
        assert!(
            !evidence.is_empty(),
            "{}: met without evidence",
            f["requirement"]
        );
        for e in evidence {
            let path = e["path"].as_str().expect("evidence has a path");
            let start = e["start_line"].as_u64().unwrap();
            let end = e["end_line"].as_u64().unwrap();
            assert!(start >= 1 && end >= start, "{}: {e}", f["requirement"]);
            let file = repo.path().join(path);
            assert!(
                file.is_file(),
                "{}: evidence {path} is not a file",
                f["requirement"]
            );
            let lines = fs::read_to_string(&file).unwrap().lines().count() as u64;
            assert!(
                end <= lines.max(1),
                "{}: {path}:{start}-{end} is past the end ({lines} lines)",
                f["requirement"]
            );
        }
    }
    assert!(
        met >= 3,
        "the service repository meets several requirements"
    );
}

#[test]
fn text_names_overall_completion_and_the_formula() {
    let repo = service_repo();
    let text = analyze_text(repo.path(), &[]);
    let a = analyze_json(repo.path(), &[]);
    assert!(text.contains("Overall completion"), "{text}");
    let percent = format!("{:.1}%", a["completion"]["percent"].as_f64().unwrap());
    assert!(
        text.contains(&percent),
        "text shows the same {percent} as JSON"
    );
    assert!(
        text.contains(a["completion"]["formula"].as_str().unwrap()),
        "text prints the formula"
    );
}

#[test]
fn json_is_byte_identical_across_runs() {
    let repo = service_repo();
    let first = run(args(repo.path(), &["--format", "json"]));
    let second = run(args(repo.path(), &["--format", "json"]));
    assert_eq!(first.status, ExitStatus::Success);
    assert!(first.stdout == second.stdout, "two runs differ");
    let text1 = analyze_text(repo.path(), &[]);
    let text2 = analyze_text(repo.path(), &[]);
    assert!(text1 == text2, "two text runs differ");
}

#[test]
fn output_file_gets_the_result_and_stdout_stays_empty() {
    let repo = service_repo();
    let out_dir = TempDir::new().unwrap();
    let out_file = out_dir.path().join("analysis.json");
    let out = run(args(
        repo.path(),
        &["--format", "json", "-o", out_file.to_str().unwrap()],
    ));
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout);
    let written = fs::read_to_string(&out_file).expect("-o FILE is written");
    let direct = run(args(repo.path(), &["--format", "json"]));
    assert!(written == direct.stdout, "-o FILE holds what stdout would");
}

#[test]
fn output_file_in_a_missing_directory_exits_2_naming_it() {
    let repo = service_repo();
    let out_file = repo.path().join("no/such/dir/out.json");
    let out = run(args(repo.path(), &["-o", out_file.to_str().unwrap()]));
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("out.json"), "{}", out.stderr);
}

/// Whether `path` (as printed by an analysis of `--component` `component_root`) names a file
/// inside the component: evidence paths may be relative to the repository or to the component.
fn inside_component(repo: &Path, component_root: &str, path: &str) -> bool {
    let repo_relative = path.starts_with(&format!("{component_root}/")) && repo.join(path).exists();
    let component_relative = repo.join(component_root).join(path).exists();
    repo_relative || component_relative
}

#[test]
fn component_by_name_or_root_keeps_evidence_inside_its_directory() {
    let repo = service_repo();
    let whole = analyze_json(repo.path(), &[]);
    assert_eq!(status(&whole, "orchestration.kubernetes"), "met");

    for wanted in ["worker", "svc/worker", "cargo_package:svc/worker"] {
        let a = analyze_json(repo.path(), &["--component", wanted]);
        let evidence = all_evidence(&a);
        assert!(
            !evidence.is_empty(),
            "{wanted}: the worker's Dockerfile is evidence"
        );
        for (id, list, e) in &evidence {
            let path = e["path"].as_str().unwrap();
            assert!(
                inside_component(repo.path(), "svc/worker", path),
                "--component {wanted}: {id} {list} {path} is outside svc/worker"
            );
            assert!(
                !path.contains("cmd/api") && !path.contains("deploy/"),
                "{path}"
            );
        }
        assert_eq!(
            status(&a, "container.dockerfile"),
            "met",
            "{wanted}: the worker has an image"
        );
        assert_ne!(
            status(&a, "orchestration.kubernetes"),
            "met",
            "{wanted}: the root's manifests are not the worker's"
        );
        assert_ne!(
            status(&a, "ci.pipeline"),
            "met",
            "{wanted}: the root's workflow is outside the component"
        );
    }
}

#[test]
fn component_evidence_paths_stay_repository_relative() {
    let repo = service_repo();
    let a = analyze_json(repo.path(), &["--component", "worker"]);
    let evidence = &finding(&a, "container.dockerfile")["evidence"];
    assert_eq!(evidence[0]["path"], "svc/worker/Dockerfile", "{evidence}");
}

#[test]
fn unknown_component_exits_2_listing_the_known_ones() {
    let repo = service_repo();
    let out = run(args(repo.path(), &["--component", "no-such-thing"]));
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("no-such-thing"), "{}", out.stderr);
    assert!(
        out.stderr.contains("svc/worker") && out.stderr.contains("cmd/api"),
        "known components are listed: {}",
        out.stderr
    );
}

#[test]
fn exclude_removes_evidence_from_excluded_paths() {
    let repo = service_repo();
    let whole = analyze_json(repo.path(), &[]);
    assert!(
        all_evidence(&whole)
            .iter()
            .any(|(_, _, e)| e["path"].as_str().unwrap().starts_with("deploy/")),
        "without --exclude the manifests are evidence"
    );

    let a = analyze_json(
        repo.path(),
        &["--exclude", "deploy/", "--exclude", "svc/**"],
    );
    for (id, list, e) in all_evidence(&a) {
        let path = e["path"].as_str().unwrap();
        assert!(
            !path.starts_with("deploy/") && !path.starts_with("svc/"),
            "{id} {list}: {path} was excluded"
        );
    }
    assert_ne!(status(&a, "orchestration.kubernetes"), "met");
    assert_eq!(
        status(&a, "container.dockerfile"),
        "met",
        "the root Dockerfile is still read"
    );
}

#[test]
fn exclude_in_gapscope_toml_works_like_the_flag() {
    let repo = service_repo();
    write(repo.path(), "gapscope.toml", "exclude = [\"deploy/\"]\n");
    let a = analyze_json(repo.path(), &[]);
    for (id, list, e) in all_evidence(&a) {
        let path = e["path"].as_str().unwrap();
        assert!(!path.starts_with("deploy/"), "{id} {list}: {path}");
    }
    assert_ne!(status(&a, "orchestration.kubernetes"), "met");
}

#[test]
fn suppression_shows_its_reason_and_leaves_the_completion_weight() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "Dockerfile", "FROM alpine:3.20\nUSER app\n");
    let before = analyze_json(repo.path(), &[]);
    let f = finding(&before, "ci.pipeline");
    assert_eq!(f["status"], "missing");
    assert_eq!(f["priority"], "critical");
    let total_before = before["completion"]["weight_total"].as_u64().unwrap();

    let reason = "built and released by the platform monorepo's CI";
    write(
        repo.path(),
        "gapscope.toml",
        format!("[[suppress]]\nid = \"ci.pipeline\"\nreason = \"{reason}\"\n"),
    );
    let after = analyze_json(repo.path(), &[]);
    assert_eq!(finding(&after, "ci.pipeline")["suppressed"], reason);
    assert_eq!(
        after["completion"]["weight_total"].as_u64().unwrap(),
        total_before - 4,
        "a critical (weight 4) suppressed finding leaves the completion"
    );
    let ci = after["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["area"] == "ci")
        .unwrap();
    let ci_before = before["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["area"] == "ci")
        .unwrap();
    assert_eq!(
        ci["weight_total"].as_u64().unwrap(),
        ci_before["weight_total"].as_u64().unwrap() - 4
    );
    assert!(
        after["completion"]["percent"].as_f64() > before["completion"]["percent"].as_f64(),
        "leaving out a missing finding raises the completion"
    );

    let text = analyze_text(repo.path(), &[]);
    assert!(text.contains(reason), "the text shows the reason:\n{text}");
}

/// `analyze` on a repository whose gapscope.toml is `config`: exit 2, and the message.
fn bad_config(config: &str) -> String {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "Dockerfile", "FROM alpine:3.20\n");
    write(repo.path(), "gapscope.toml", config);
    let out = run(args(repo.path(), &["--format", "json"]));
    assert_eq!(out.status, ExitStatus::Error, "{config}: {}", out.stderr);
    assert!(out.stdout.is_empty(), "no result on a bad config");
    out.stderr
}

#[test]
fn malformed_gapscope_toml_exits_2_at_line_and_column() {
    let stderr = bad_config("exclude = [\"legacy/**\"]\n\ntarget = \"x.yaml\n");
    assert!(stderr.contains("gapscope.toml:3:"), "{stderr}");

    let stderr = bad_config("exclude = []\nexlcude = [\"a\"]\n");
    assert!(stderr.contains("gapscope.toml:2:1:"), "{stderr}");
    assert!(
        stderr.contains("exlcude"),
        "names the unknown key: {stderr}"
    );

    let stderr = bad_config("[[suppress]]\nid = \"ci.pipeline\"\nreason = \"  \"\n");
    assert!(
        stderr.contains("gapscope.toml:2:") || stderr.contains("gapscope.toml:3:"),
        "points at the suppression: {stderr}"
    );
    assert!(
        stderr.contains("ci.pipeline") && stderr.contains("reason"),
        "{stderr}"
    );
}

#[test]
fn empty_suppression_reason_points_at_the_entry_not_a_comment() {
    let stderr = bad_config(
        "# ci.pipeline runs in the monorepo\n\n[[suppress]]\nid = \"ci.pipeline\"\nreason = \"\"\n",
    );
    assert!(
        ["gapscope.toml:3:", "gapscope.toml:4:", "gapscope.toml:5:"]
            .iter()
            .any(|p| stderr.contains(p)),
        "{stderr}"
    );
}

#[test]
fn suppression_of_an_unknown_requirement_is_an_error() {
    let stderr = bad_config("[[suppress]]\nid = \"ci.pipline\"\nreason = \"elsewhere\"\n");
    assert!(stderr.contains("gapscope.toml:2:"), "{stderr}");
    assert!(stderr.contains("ci.pipline"), "{stderr}");
}

const USER_TARGET: &str = "extends: builtin
name: team-target
disable:
  - id: ha.autoscaling
    reason: fixed-size batch cluster
overrides:
  - id: container.dockerfile
    priority: critical
requirements:
  - id: custom.feature-flags
    area: custom
    title: Features ship behind flags
    why: Dark launches need a switch.
    fix: Wrap new features in flags.Enabled.
    priority: medium
    effort_days: 1
    met:
      pattern:
        regex: 'flags\\.Enabled\\('
        languages: [Go]
";

fn flag_repo(flag_file: &str) -> TempDir {
    let repo = TempDir::new().unwrap();
    write(
        repo.path(),
        "go.mod",
        "module example.com/flags\n\ngo 1.22\n",
    );
    write(repo.path(), "main.go", "package main\n\nfunc main() {}\n");
    write(
        repo.path(),
        flag_file,
        "package main\n\nfunc check() bool {\n\treturn flags.Enabled(\"beta\")\n}\n",
    );
    repo
}

#[test]
fn user_target_extends_builtin_disables_overrides_and_adds_a_rule() {
    let targets = TempDir::new().unwrap();
    let target = write(targets.path(), "target.yaml", USER_TARGET);
    let target = target.to_str().unwrap();

    let source = flag_repo("internal/flags.go");
    let a = analyze_json(source.path(), &["--target", target]);
    assert_eq!(a["target"], "team-target");
    let ids: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["requirement"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"ha.autoscaling"), "disabled rule is absent");
    assert_eq!(
        ids.len(),
        gapscope::rules::builtin().requirements.len(),
        "builtin - 1 disabled + 1 custom"
    );
    let disabled = a["disabled"].as_array().unwrap();
    assert!(
        disabled
            .iter()
            .any(|d| d["id"] == "ha.autoscaling" && d["reason"] == "fixed-size batch cluster"),
        "{disabled:?}"
    );
    assert_eq!(finding(&a, "container.dockerfile")["priority"], "critical");
    let custom = finding(&a, "custom.feature-flags");
    assert_eq!(custom["status"], "met", "{custom}");
    assert_eq!(custom["evidence"][0]["path"], "internal/flags.go");
    assert_eq!(custom["evidence"][0]["start_line"], 4);

    // The same rule on a repository that only calls flags in a test.
    let tested = flag_repo("tests/flags_test.go");
    let a = analyze_json(tested.path(), &["--target", target]);
    let custom = finding(&a, "custom.feature-flags");
    assert_eq!(custom["status"], "partial", "{custom}");
    assert!(custom["evidence"].as_array().unwrap().is_empty());
    let weak = custom["weak_evidence"].as_array().unwrap();
    assert!(
        weak.iter()
            .any(|e| e["path"] == "tests/flags_test.go" && e["role"] == "test"),
        "{weak:?}"
    );

    // The text shows the target's own name and its rule.
    let text = analyze_text(tested.path(), &["--target", target]);
    assert!(text.contains("team-target"), "{text}");
    assert!(text.contains("custom.feature-flags"), "{text}");
}

#[test]
fn target_named_in_gapscope_toml_is_used_without_the_flag() {
    let source = flag_repo("internal/flags.go");
    write(source.path(), "docs/target.yaml", USER_TARGET);
    write(
        source.path(),
        "gapscope.toml",
        "target = \"docs/target.yaml\"\n",
    );
    let a = analyze_json(source.path(), &[]);
    assert_eq!(a["target"], "team-target");
    assert_eq!(status(&a, "custom.feature-flags"), "met");
}

#[test]
fn target_without_extends_has_only_its_own_rules() {
    let targets = TempDir::new().unwrap();
    let own = USER_TARGET
        .lines()
        .skip_while(|l| !l.starts_with("requirements:"))
        .collect::<Vec<_>>()
        .join("\n");
    let target = write(targets.path(), "own.yaml", format!("name: own\n{own}\n"));
    let repo = flag_repo("internal/flags.go");
    let a = analyze_json(repo.path(), &["--target", target.to_str().unwrap()]);
    let ids: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["custom.feature-flags"]);
    let areas: Vec<&str> = a["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["area"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["custom"]);
    assert_eq!(a["completion"]["percent"], 100.0);

    let out = run([
        "rules",
        "--target",
        target.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    let rules: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), 1);
}

#[test]
fn missing_target_file_exits_2_naming_it() {
    let repo = flag_repo("internal/flags.go");
    let out = run(args(repo.path(), &["--target", "/no/such/target.yaml"]));
    assert_eq!(out.status, ExitStatus::Error);
    assert!(
        out.stderr.contains("/no/such/target.yaml"),
        "{}",
        out.stderr
    );
}

fn builtin_ids() -> Vec<String> {
    gapscope::rules::builtin()
        .requirements
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn rules_lists_every_builtin_id_in_text_and_json() {
    let ids = builtin_ids();
    assert!(ids.len() > 30, "the built-in profile is not empty");

    let text = run(["rules"]);
    assert_eq!(text.status, ExitStatus::Success, "{}", text.stderr);
    for id in &ids {
        assert!(
            text.stdout
                .lines()
                .any(|l| l.split_whitespace().next() == Some(id)),
            "`rules` lists {id}"
        );
    }

    let json = run(["rules", "--format", "json"]);
    assert_eq!(json.status, ExitStatus::Success, "{}", json.stderr);
    let rules: Value = serde_json::from_str(&json.stdout).expect("rules --format json parses");
    let listed: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids);
    for r in rules.as_array().unwrap() {
        for key in ["area", "title", "why", "fix", "priority", "met"] {
            assert!(!r[key].is_null(), "{}: {key}", r["id"]);
        }
    }
}

#[test]
fn explain_prints_a_rule_and_an_unknown_id_exits_2() {
    let out = run(["explain", "ha.replicas"]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    assert!(out.stdout.contains("ha.replicas"), "{}", out.stdout);
    assert!(out.stdout.contains("Why it matters"), "{}", out.stdout);

    let out = run(["explain", "ha.no-such-rule"]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("ha.no-such-rule"), "{}", out.stderr);
    assert!(
        out.stderr.contains("ha.replicas"),
        "rules of the same area are suggested: {}",
        out.stderr
    );

    let out = run(["explain", "nothing"]);
    assert_eq!(out.status, ExitStatus::Error);
}

#[test]
fn explain_knows_a_user_targets_own_rule() {
    let targets = TempDir::new().unwrap();
    let target = write(targets.path(), "target.yaml", USER_TARGET);
    let out = run([
        "explain",
        "custom.feature-flags",
        "--target",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    assert!(out.stdout.contains("Features ship behind flags"));
}

// ---- Honesty rules on tiny repositories ----

#[test]
fn dockerfile_only_under_examples_does_not_meet_container_dockerfile() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(repo.path(), "main.go", "package main\n\nfunc main() {}\n");
    write(repo.path(), "examples/demo/Dockerfile", DOCKERFILE);
    let a = analyze_json(repo.path(), &[]);
    let f = finding(&a, "container.dockerfile");
    assert_ne!(f["status"], "met", "{f}");
    assert!(f["evidence"].as_array().unwrap().is_empty(), "{f}");
    for e in f["weak_evidence"].as_array().unwrap() {
        assert_eq!(e["role"], "example", "{e}");
    }
}

#[test]
fn deployment_only_in_test_fixtures_does_not_make_kubernetes_apply() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(repo.path(), "main.go", "package main\n\nfunc main() {}\n");
    write(repo.path(), "tests/fixtures/deployment.yaml", DEPLOYMENT);
    let a = analyze_json(repo.path(), &[]);
    let f = finding(&a, "orchestration.kubernetes");
    // The fixture is not this repository's deployment: nothing here deploys to Kubernetes.
    assert_eq!(f["status"], "not_applicable", "{f}");
    assert_eq!(f["code"], "F301", "{f}");
    assert!(f["evidence"].as_array().unwrap().is_empty(), "{f}");
    // Fixture replicas are not this repository's replicas.
    assert_eq!(status(&a, "ha.replicas"), "not_applicable");
}

#[test]
fn no_kubernetes_at_all_makes_replicas_not_applicable_not_missing() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(repo.path(), "main.go", "package main\n\nfunc main() {}\n");
    write(repo.path(), "Dockerfile", DOCKERFILE);
    let a = analyze_json(repo.path(), &[]);
    let f = finding(&a, "ha.replicas");
    assert_eq!(f["status"], "not_applicable", "{f}");
    // Not applicable is not scored: the ha area has nothing decided.
    let ha = a["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["area"] == "ha")
        .unwrap();
    assert_eq!(ha["missing"], 0, "{ha}");
    let text = analyze_text(repo.path(), &[]);
    assert!(
        !text
            .lines()
            .any(|l| l.contains("ha.replicas") && l.contains("missing")),
        "{text}"
    );
}

#[test]
fn hard_coded_password_is_missing_and_never_printed() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(
        repo.path(),
        "cmd/db/main.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tpassword := \"hunter22\"\n\
         \tfmt.Println(len(password))\n}\n",
    );
    let a = analyze_json(repo.path(), &[]);
    let f = finding(&a, "sec.no-hardcoded-secrets");
    assert_eq!(f["status"], "missing", "{f}");
    let against = f["against"].as_array().unwrap();
    assert!(
        against
            .iter()
            .any(|e| e["path"] == "cmd/db/main.go" && e["start_line"] == 6),
        "the literal is shown at its line: {against:?}"
    );

    let json = run(args(repo.path(), &["--format", "json"])).stdout;
    assert!(!json.contains("hunter22"), "JSON leaks the password");
    let text = analyze_text(repo.path(), &[]);
    assert!(
        text.contains("cmd/db/main.go:6"),
        "text points at it:\n{text}"
    );
    assert!(!text.contains("hunter22"), "text leaks the password");
}

// ---- Output plumbing ----

/// A pipe whose reader has gone away, as with `gapscope analyze --format json | head -1`.
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn text_output_into_a_closed_pipe_exits_0_quietly() {
    let repo = service_repo();
    let mut stderr = Vec::new();
    let argv = std::iter::once("gapscope".into()).chain(args(repo.path(), &[]));
    let status = main_with_args(argv, &mut ClosedPipe, &mut stderr);
    assert_eq!(
        status,
        ExitStatus::Success,
        "{}",
        String::from_utf8_lossy(&stderr)
    );
    assert!(stderr.is_empty(), "{}", String::from_utf8_lossy(&stderr));
}

#[test]
fn json_output_into_a_closed_pipe_exits_0_quietly() {
    let repo = service_repo();
    let mut stderr = Vec::new();
    let argv = std::iter::once("gapscope".into()).chain(args(repo.path(), &["--format", "json"]));
    let status = main_with_args(argv, &mut ClosedPipe, &mut stderr);
    assert_eq!(
        status,
        ExitStatus::Success,
        "{}",
        String::from_utf8_lossy(&stderr)
    );
    let status = main_with_args(
        ["gapscope", "rules", "--format", "json"],
        &mut ClosedPipe,
        &mut stderr,
    );
    assert_eq!(status, ExitStatus::Success);
    assert!(stderr.is_empty(), "{}", String::from_utf8_lossy(&stderr));
}

#[test]
fn fail_on_gates_on_open_findings_at_or_above_the_priority() {
    let repo = TempDir::new().unwrap();
    write(
        repo.path(),
        "target.yaml",
        "name: gate\nrequirements:\n  - id: docs.changelog\n    area: docs\n    title: A changelog is kept\n    \
why: Users read what changed.\n    fix: Keep CHANGELOG.md.\n    priority: medium\n    effort_days: 0.5\n    \
met:\n      file: {globs: ['CHANGELOG.md'], roles: [docs]}\n",
    );
    let target = repo.path().join("target.yaml");
    let target = target.to_str().unwrap();

    // The result is still written when the gate fails: CI keeps the report and the exit code.
    let out = run(args(
        repo.path(),
        &[
            "--target",
            target,
            "--format",
            "json",
            "--fail-on",
            "medium",
        ],
    ));
    assert_eq!(out.status, ExitStatus::GateFailed, "stderr: {}", out.stderr);
    assert!(out.stderr.contains("docs.changelog"), "{}", out.stderr);
    let a: Value = serde_json::from_str(&out.stdout).expect("JSON despite the failed gate");
    assert_eq!(status(&a, "docs.changelog"), "missing");

    // A higher threshold than the finding's priority passes.
    let out = run(args(
        repo.path(),
        &["--target", target, "--fail-on", "high"],
    ));
    assert_eq!(out.status, ExitStatus::Success, "stderr: {}", out.stderr);

    // A suppressed finding does not fail the gate.
    write(
        repo.path(),
        "gapscope.toml",
        "[[suppress]]\nid = \"docs.changelog\"\nreason = \"released from the monorepo\"\n",
    );
    let out = run(args(repo.path(), &["--target", target, "--fail-on", "low"]));
    assert_eq!(out.status, ExitStatus::Success, "stderr: {}", out.stderr);

    // Closing the gap passes the gate without the suppression too.
    fs::remove_file(repo.path().join("gapscope.toml")).unwrap();
    write(repo.path(), "CHANGELOG.md", "# Changelog\n");
    let out = run(args(repo.path(), &["--target", target, "--fail-on", "low"]));
    assert_eq!(out.status, ExitStatus::Success, "stderr: {}", out.stderr);

    let out = run(args(repo.path(), &["--fail-on", "severe"]));
    assert_eq!(out.status, ExitStatus::Error);
}

/// A Go service: one module with an HTTP server and the given extra files.
fn one_module_repo(extra: &[(&str, &str)]) -> TempDir {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    write(r, "go.mod", "module example.com/app\n\ngo 1.22\n");
    write(
        r,
        "main.go",
        "package main\n\nimport \"net/http\"\n\nfunc main() {\n\
         \thttp.ListenAndServe(\":8080\", nil)\n}\n",
    );
    for (path, text) in extra {
        write(r, path, text);
    }
    repo
}

#[test]
fn image_variants_of_one_module_are_one_service() {
    // Two Dockerfiles (a default and a UBI variant) and a Compose file that builds the same
    // module twice under other names: one service, so wiring between services does not apply.
    let compose = "services:\n  app:\n    build: .\n  app-ubi:\n    build:\n      context: .\n      dockerfile: Dockerfile.ubi\n";
    let repo = one_module_repo(&[
        ("Dockerfile", DOCKERFILE),
        ("Dockerfile.ubi", DOCKERFILE),
        ("docker-compose.yml", compose),
    ]);
    let analysis = analyze_json(repo.path(), &[]);
    assert_eq!(
        status(&analysis, "integration.components-wired"),
        "not_applicable"
    );
    assert_eq!(status(&analysis, "obs.tracing"), "not_applicable");
}

#[test]
fn a_web_and_a_worker_of_one_image_are_two_services() {
    // A Procfile runs the one image as two processes that hand work to each other; its
    // release phase is a one-off step, not a service.
    let procfile = "web: ./app serve\nworker: ./app work\nrelease: ./app migrate\n";
    let repo = one_module_repo(&[("Dockerfile", DOCKERFILE), ("Procfile", procfile)]);
    let analysis = analyze_json(repo.path(), &[]);
    assert_ne!(
        status(&analysis, "integration.components-wired"),
        "not_applicable"
    );
    let web_only = one_module_repo(&[
        ("Dockerfile", DOCKERFILE),
        ("Procfile", "web: ./app serve\nrelease: ./app migrate\n"),
    ]);
    let analysis = analyze_json(web_only.path(), &[]);
    assert_eq!(
        status(&analysis, "integration.components-wired"),
        "not_applicable"
    );
}

#[test]
fn compose_services_of_the_projects_own_published_images_count() {
    // Two services run from images the project publishes (named after its modules), beside a
    // database image that is not the project's own.
    let compose = "services:\n  api:\n    image: ghcr.io/acme/api:1.0\n  worker:\n    image: ghcr.io/acme/worker:1.0\n  db:\n    image: postgres:16\n";
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    for name in ["api", "worker"] {
        write(
            r,
            &format!("{name}/go.mod"),
            format!("module example.com/{name}\n\ngo 1.22\n"),
        );
        write(
            r,
            &format!("{name}/main.go"),
            "package main\n\nfunc main() {}\n",
        );
    }
    write(r, "docker-compose.yml", compose);
    let analysis = analyze_json(r, &[]);
    assert_ne!(
        status(&analysis, "integration.components-wired"),
        "not_applicable"
    );
}
