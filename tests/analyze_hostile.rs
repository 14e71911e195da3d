//! Hostile and malformed input through the whole analysis pipeline (walk → extract → facts →
//! evaluate → render), not just the scan: each repository holds one bad file next to a valid
//! Dockerfile, and `gapscope analyze` must exit 0 in bounded time, say what it could not read,
//! and still analyse the Dockerfile (`container.dockerfile` met).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::{finding, run_bounded, write};
use gapscope::cli::ExitStatus;
use serde_json::Value;
use tempfile::TempDir;

fn json_of(command: &str, root: &Path) -> Value {
    let out = run_bounded(vec![
        command.into(),
        root.as_os_str().to_owned(),
        "--format".into(),
        "json".into(),
        "-q".into(),
    ]);
    assert_eq!(
        out.status,
        ExitStatus::Success,
        "{command} failed; stderr: {}",
        out.stderr
    );
    serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{command} --format json prints JSON: {e}"))
}

/// Notes and skip entries the scan gives for `path`.
fn problems<'a>(inventory: &'a Value, path: &str) -> Vec<&'a Value> {
    ["notes", "skipped"]
        .iter()
        .flat_map(|k| inventory[*k].as_array().unwrap().iter())
        .filter(|n| n["path"] == path)
        .collect()
}

/// A repository with a valid Dockerfile and `files`.
fn repo_with(files: &[(&str, Vec<u8>)]) -> TempDir {
    let repo = TempDir::new().unwrap();
    write(
        repo.path(),
        "Dockerfile",
        "FROM alpine:3.20\nRUN adduser -D app\nUSER app\n",
    );
    for (rel, content) in files {
        write(repo.path(), rel, content);
    }
    repo
}

/// Analyses `repo` (bounded), checks it succeeded and that the valid Dockerfile still counts;
/// the text report must print too. Returns the analysis and the scan inventory.
fn analyse_hostile(repo: &TempDir) -> (Value, Value) {
    let analysis = json_of("analyze", repo.path());
    let text = run_bounded(vec![
        "analyze".into(),
        repo.path().as_os_str().to_owned(),
        "-q".into(),
    ]);
    assert_eq!(text.status, ExitStatus::Success, "{}", text.stderr);
    assert!(
        text.stdout.contains("Overall completion"),
        "{}",
        text.stdout
    );
    let dockerfile = finding(&analysis, "container.dockerfile");
    assert_eq!(
        dockerfile["status"], "met",
        "the valid Dockerfile next to the bad file is still analysed: {dockerfile}"
    );
    assert_eq!(dockerfile["evidence"][0]["path"], "Dockerfile");
    let inventory = json_of("scan", repo.path());
    (analysis, inventory)
}

/// Analyses a repository holding one hostile file and checks that a note or skip entry names
/// it, and that the analysis counts the notes.
fn analyse_noted(rel: &str, content: Vec<u8>) -> (Value, Value) {
    let repo = repo_with(&[(rel, content)]);
    let (analysis, inventory) = analyse_hostile(&repo);
    let found = problems(&inventory, rel);
    assert!(
        !found.is_empty(),
        "{rel}: a note or skip entry says why it was not read; notes: {}, skipped: {}",
        inventory["notes"],
        inventory["skipped"]
    );
    assert!(
        analysis["notes"].as_u64().unwrap() + analysis["skipped"].as_u64().unwrap() > 0,
        "the analysis counts what it could not read"
    );
    (analysis, inventory)
}

/// "Billion laughs": 26 levels of nine aliases each, a few hundred bytes that expand to 9^26
/// nodes.
fn alias_bomb() -> String {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in 'b'..='z' {
        let aliases = vec![format!("*{prev}"); 9].join(",");
        writeln!(bomb, "{name}: &{name} [{aliases}]").unwrap();
        prev = name;
    }
    bomb
}

#[test]
fn yaml_alias_bomb_named_deploy_yaml() {
    let mut bomb = alias_bomb();
    bomb.push_str("apiVersion: apps/v1\nkind: Deployment\n");
    let (analysis, inventory) = analyse_noted("deploy.yaml", bomb.into_bytes());
    assert!(
        problems(&inventory, "deploy.yaml")
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("alias")),
        "the note names the aliases: {}",
        inventory["notes"]
    );
    assert!(
        problems(&inventory, "deploy.yaml")
            .iter()
            .any(|n| n["code"] == "N202"),
        "a YAML budget note (N202): {}",
        inventory["notes"]
    );
    assert_ne!(
        finding(&analysis, "ha.replicas")["status"],
        "met",
        "a bomb is not a workload with replicas"
    );
}

#[test]
fn yaml_100k_deep_flow_nesting() {
    let depth = 100_000;
    // Shaped like a manifest, so that it is parsed rather than passed over as plain YAML.
    let mut deep = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n  k: ");
    deep.push_str(&"[".repeat(depth));
    deep.push_str(&"]".repeat(depth));
    deep.push('\n');
    analyse_noted("deploy/deep.yaml", deep.into_bytes());

    let mut deep_maps = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n  k: ");
    deep_maps.push_str(&"{a: ".repeat(depth));
    deep_maps.push_str(&"}".repeat(depth));
    deep_maps.push('\n');
    analyse_noted("k8s/deep-maps.yml", deep_maps.into_bytes());
}

const CHART_DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      {{- include "app.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "app.selectorLabels" . | nindent 8 }}
    spec:
      {{- if .Values.serviceAccount.create }}
      serviceAccountName: {{ .Values.serviceAccount.name }}
      {{- end }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
"#;

fn helm_repo() -> TempDir {
    repo_with(&[
        (
            "charts/app/Chart.yaml",
            b"apiVersion: v2\nname: app\nversion: 0.1.0\n".to_vec(),
        ),
        (
            "charts/app/values.yaml",
            b"replicas: 3\nimage:\n  repository: nginx\n  tag: \"1.27\"\nserviceAccount:\n  create: false\n".to_vec(),
        ),
        (
            "charts/app/templates/deployment.yaml",
            CHART_DEPLOYMENT.as_bytes().to_vec(),
        ),
        (
            "charts/app/templates/_helpers.tpl",
            b"{{- define \"app.labels\" -}}\napp: web\n{{- end }}\n".to_vec(),
        ),
    ])
}

#[test]
fn helm_chart_deployment_is_read_without_claiming_templated_replicas() {
    let repo = helm_repo();
    let (analysis, inventory) = analyse_hostile(&repo);
    let objects = inventory["infra"]["k8s_objects"].as_array().unwrap();
    let deployment = objects
        .iter()
        .find(|o| {
            o["kind"] == "Deployment"
                && o["evidence"]["path"] == "charts/app/templates/deployment.yaml"
        })
        .unwrap_or_else(|| panic!("the chart's Deployment is read: {objects:?}"));
    assert_eq!(deployment["templated"], true, "{deployment}");
    assert_eq!(deployment["evidence"]["start_line"], 1);

    assert_eq!(
        finding(&analysis, "orchestration.helm")["status"],
        "met",
        "the chart counts as Helm packaging"
    );
    let replicas = finding(&analysis, "ha.replicas");
    assert_ne!(
        replicas["status"], "met",
        "`replicas: {{{{ .Values.replicas }}}}` cannot be read without rendering: {replicas}"
    );
    for list in ["evidence", "against"] {
        for e in replicas[list].as_array().unwrap() {
            assert_ne!(
                e["path"], "charts/app/templates/deployment.yaml",
                "no replica count is claimed from the template: {e}"
            );
        }
    }
}

#[test]
fn helm_templated_replicas_are_unknown_not_missing() {
    let repo = helm_repo();
    let (analysis, _) = analyse_hostile(&repo);
    let replicas = finding(&analysis, "ha.replicas");
    assert_eq!(replicas["status"], "unknown", "{replicas}");
}

#[test]
fn json_kubernetes_manifest_is_read() {
    let manifest = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "api"},
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "api"}},
    "template": {
      "metadata": {"labels": {"app": "api"}},
      "spec": {"containers": [{"name": "api", "image": "example.com/api:1.0.0"}]}
    }
  }
}
"#;
    let repo = repo_with(&[("deploy/api.json", manifest.as_bytes().to_vec())]);
    let (analysis, inventory) = analyse_hostile(&repo);
    let objects = inventory["infra"]["k8s_objects"].as_array().unwrap();
    assert!(
        objects
            .iter()
            .any(|o| o["kind"] == "Deployment" && o["evidence"]["path"] == "deploy/api.json"),
        "JSON is YAML: the manifest is read: {objects:?}"
    );
    let replicas = finding(&analysis, "ha.replicas");
    assert_eq!(replicas["status"], "met", "{replicas}");
    assert_eq!(replicas["evidence"][0]["path"], "deploy/api.json");
}

#[test]
fn duplicate_keys_in_a_manifest() {
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  name: api2\n\
spec:\n  replicas: 1\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n";
    let repo = repo_with(&[("deploy/dup.yaml", yaml.as_bytes().to_vec())]);
    let (analysis, inventory) = analyse_hostile(&repo);
    // Duplicate keys are invalid YAML; reading the last one is fine as long as it is said.
    let notes = problems(&inventory, "deploy/dup.yaml");
    for line in [5, 8] {
        assert!(
            notes
                .iter()
                .any(|n| n["line"] == line && n["message"].as_str().unwrap().contains("duplicate")),
            "a note at line {line} names the duplicate key: {notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n["line"] == line && n["code"] == "N204"),
            "a duplicate-key note (N204) at line {line}: {notes:?}"
        );
    }
    let replicas = finding(&analysis, "ha.replicas");
    assert!(
        replicas.to_string().contains("deploy/dup.yaml"),
        "the manifest is still evaluated: {replicas}"
    );
}

#[test]
fn tabs_for_indentation_in_a_manifest() {
    let yaml =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n\tname: api\nspec:\n\treplicas: 2\n";
    analyse_noted("deploy/tabs.yaml", yaml.as_bytes().to_vec());
}

#[test]
fn compose_v1_file_without_services_key() {
    let compose = "web:\n  build: .\n  ports:\n    - \"8080:8080\"\n  links:\n    - db\ndb:\n  image: postgres:16\n";
    let repo = repo_with(&[("docker-compose.yml", compose.as_bytes().to_vec())]);
    let (analysis, inventory) = analyse_hostile(&repo);
    let services: Vec<&str> = inventory["infra"]["compose_services"]
        .as_array()
        .map(|s| s.iter().map(|x| x["name"].as_str().unwrap()).collect())
        .unwrap_or_default();
    assert_eq!(
        services,
        ["web", "db"],
        "v1 services are the top-level keys"
    );
    assert_eq!(finding(&analysis, "orchestration.compose")["status"], "met");
}

#[test]
fn three_megabyte_single_line_yaml() {
    // One line, in flow style, shaped like a manifest so that it is parsed.
    let mut line =
        String::from("{apiVersion: v1, kind: ConfigMap, metadata: {name: huge}, data: {blob: \"");
    line.push_str(&"x".repeat(3 << 20));
    line.push_str("\"}}\n");
    let repo = repo_with(&[("deploy/huge.yaml", line.into_bytes())]);
    let (_, inventory) = analyse_hostile(&repo);
    assert!(
        inventory["skipped"].as_array().unwrap().is_empty(),
        "3 MB is under the default size limit"
    );
    let objects = inventory["infra"]["k8s_objects"].as_array().unwrap();
    assert!(
        objects
            .iter()
            .any(|o| o["kind"] == "ConfigMap" && o["evidence"]["path"] == "deploy/huge.yaml"),
        "the one-line manifest is read: {} objects",
        objects.len()
    );
}

#[test]
fn binary_data_with_a_yaml_extension() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(64 << 10).collect();
    bytes.splice(0..0, b"\x00\x01\x02apiVersion: v1\n".iter().copied());
    analyse_noted("deploy/blob.yaml", bytes);
}

#[test]
fn makefile_with_10k_targets() {
    let mut make = String::from(".PHONY: all\nall: t0\n");
    for i in 0..10_000 {
        writeln!(make, "t{i}: t{}\n\t@echo {i}", i + 1).unwrap();
    }
    let repo = repo_with(&[("Makefile", make.into_bytes())]);
    let started = Instant::now();
    let (_, inventory) = analyse_hostile(&repo);
    let targets = inventory["infra"]["make_targets"].as_array().unwrap();
    assert!(
        targets.iter().any(|t| t["name"] == "t9999"),
        "the last target is read ({} targets)",
        targets.len()
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "10k Make targets took {:?}",
        started.elapsed()
    );
}

#[test]
fn github_workflow_that_is_a_list_not_a_map() {
    let workflow = "- name: ci\n  on: push\n- jobs:\n    test:\n      runs-on: ubuntu-latest\n";
    let (_, inventory) = analyse_noted(".github/workflows/ci.yml", workflow.as_bytes().to_vec());
    assert!(
        inventory["infra"]["ci_jobs"]
            .as_array()
            .is_none_or(|jobs| jobs.is_empty()),
        "no jobs are read from a list: {}",
        inventory["infra"]
    );
}

#[test]
fn unreadable_workflow_does_not_meet_ci_pipeline() {
    let workflow = "- name: ci\n  on: push\n- jobs:\n    test:\n      runs-on: ubuntu-latest\n";
    let (analysis, _) = analyse_noted(".github/workflows/ci.yml", workflow.as_bytes().to_vec());
    let pipeline = finding(&analysis, "ci.pipeline");
    assert_ne!(
        pipeline["status"], "met",
        "a workflow GitHub would reject is not a pipeline: {pipeline}"
    );
}

#[test]
fn package_json_whose_dependencies_is_an_array() {
    let package = "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": [\"express\", \"redis\"]\n}\n";
    let (_, inventory) = analyse_noted("web/package.json", package.as_bytes().to_vec());
    let notes = problems(&inventory, "web/package.json");
    assert!(
        notes
            .iter()
            .any(|n| n["line"] == 4 && n["message"].as_str().unwrap().contains("dependencies")),
        "the note points at `dependencies`: {notes:?}"
    );
    assert!(
        notes.iter().any(|n| n["line"] == 4 && n["code"] == "N102"),
        "an unread-entry note (N102): {notes:?}"
    );
}

fn cargo_repo(dependencies: usize) -> TempDir {
    let mut manifest = String::from(
        "[package]\nname = \"big\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n",
    );
    for i in 0..dependencies {
        writeln!(manifest, "dep{i} = \"1.0.{i}\"").unwrap();
    }
    repo_with(&[
        ("big/Cargo.toml", manifest.into_bytes()),
        ("big/src/main.rs", b"fn main() {}\n".to_vec()),
    ])
}

#[test]
fn cargo_toml_with_100k_dependencies() {
    let repo = cargo_repo(100_000);
    let analysis = json_of("analyze", repo.path());
    assert_eq!(finding(&analysis, "container.dockerfile")["status"], "met");
    assert_eq!(
        analysis["skipped"], 0,
        "a 2.5 MB manifest is under the size limit"
    );
    let rust = analysis["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["root"] == "big")
        .unwrap_or_else(|| panic!("the crate is a component: {}", analysis["components"]));
    assert_eq!(rust["kind"], "cargo_package");
}

/// Seconds one `scan` of `repo` takes (the step that reads the manifests).
fn scan_seconds(repo: &TempDir) -> f64 {
    let started = Instant::now();
    json_of("scan", repo.path());
    started.elapsed().as_secs_f64()
}

#[test]
fn cargo_dependencies_are_read_in_linear_time() {
    // Four times the dependencies must cost about four times the time, not sixteen (line
    // numbers were once found by counting from the start of the file for every key).
    let small = scan_seconds(&cargo_repo(25_000));
    let large = scan_seconds(&cargo_repo(100_000));
    assert!(
        large < 8.0 * small + 0.5,
        "25k dependencies took {small:.2} s, 100k took {large:.2} s"
    );
}

#[test]
fn non_utf8_yaml() {
    let mut bytes = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf".to_vec();
    bytes.extend_from_slice(&[0xe9, 0xff, 0xfe]);
    bytes.extend_from_slice(b"\ndata:\n  a: b\n");
    analyse_noted("deploy/latin1.yaml", bytes);
}

#[test]
fn everything_hostile_at_once() {
    let bomb = alias_bomb();
    let repo = repo_with(&[
        ("deploy.yaml", bomb.into_bytes()),
        (
            "deep.yaml",
            format!(
                "apiVersion: v1\nkind: ConfigMap\ndata:\n  k: {}{}\n",
                "[".repeat(50_000),
                "]".repeat(50_000)
            )
            .into_bytes(),
        ),
        ("blob.yaml", vec![0u8, 159, 146, 150, 0, 1, 2, 3]),
        (".github/workflows/list.yml", b"- just\n- a list\n".to_vec()),
        (
            "charts/app/Chart.yaml",
            b"apiVersion: v2\nname: app\nversion: 0.1.0\n".to_vec(),
        ),
        (
            "charts/app/templates/deployment.yaml",
            CHART_DEPLOYMENT.as_bytes().to_vec(),
        ),
        ("go.mod", b"module example.com/x\n\ngo 1.22\n".to_vec()),
        ("main.go", b"package main\n\nfunc main() {}\n".to_vec()),
    ]);
    let (analysis, _) = analyse_hostile(&repo);
    assert!(analysis["notes"].as_u64().unwrap() + analysis["skipped"].as_u64().unwrap() >= 3);
    assert_eq!(finding(&analysis, "orchestration.helm")["status"], "met");
}
