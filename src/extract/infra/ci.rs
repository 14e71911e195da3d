//! CI pipelines: GitHub Actions workflows and GitLab CI files. Each job and step is classified
//! (build, tests, lint, security scan, image build, deploy, promotion) by the shared table in
//! [`super::classify`]; path filters say which part of the repository a workflow covers.

use std::collections::BTreeSet;

use super::classify::{ephemeral_cluster, kinds_of, kinds_of_script, starts_a_store};
use super::yaml::{self, truncate, Entry, Node, Value};
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{CiJob, CiKind, CiProvider, CiStep, CiWorkflow};
use crate::facts::{Evidence, Note};

/// Longest `run:` text kept per step.
const MAX_RUN_CHARS: usize = 1_000;

/// Environments whose deploy jobs, gated behind earlier jobs, are promotions.
const PROMOTED_ENVIRONMENTS: &[&str] = &[
    "staging",
    "stage",
    "prod",
    "production",
    "qa",
    "preprod",
    "uat",
];

fn entry_evidence(file: &SourceFile<'_>, entry: &Entry) -> Evidence {
    Evidence::lines(file.path, file.role, entry.key_line, entry.value.end_line)
}

fn whole_file(file: &SourceFile<'_>) -> Evidence {
    let last = u32::try_from(file.text.lines().count())
        .unwrap_or(u32::MAX)
        .max(1);
    Evidence::lines(file.path, file.role, 1, last)
}

fn environment_of(job: &Node) -> Option<String> {
    let env = job.get("environment")?;
    env.as_str()
        .or_else(|| env.get("name").and_then(Node::as_str))
        .map(str::to_string)
}

fn sorted(kinds: BTreeSet<CiKind>) -> Vec<CiKind> {
    kinds.into_iter().collect()
}

pub fn extract_github(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(doc) = yaml::read_documents(file.text, file.path, &mut out.notes)
        .into_iter()
        .next()
    else {
        return;
    };
    let root = &doc.root;
    let Some(jobs) = root.get("jobs").filter(|j| j.is_map()) else {
        out.notes.push(Note::new(
            crate::codes::Code::CiWorkflowEmpty,
            file.path,
            root.line,
            "GitHub Actions workflow without jobs; not read",
        ));
        return;
    };
    let (triggers, paths) = match root.get("on") {
        Some(on) => match &on.value {
            Value::Map(entries) => {
                let triggers = entries.iter().map(|e| e.key.clone()).collect();
                let paths = entries
                    .iter()
                    .flat_map(|e| e.value.get("paths").map(Node::strings).unwrap_or_default())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                (triggers, paths)
            }
            _ => (on.strings(), Vec::new()),
        },
        None => (Vec::new(), Vec::new()),
    };
    out.infra.ci_workflows.push(CiWorkflow {
        provider: CiProvider::GithubActions,
        name: root.get("name").and_then(Node::as_str).map(str::to_string),
        triggers,
        covered_dirs: covered_dirs(&paths),
        paths,
        evidence: whole_file(file),
    });

    for job_entry in jobs.entries() {
        let job = &job_entry.value;
        let name = job.get("name").and_then(Node::as_str).map(str::to_string);
        let mut steps = Vec::new();
        // A job that calls a reusable workflow has `uses` instead of steps.
        if let Some(uses) = job.entry("uses") {
            let text = uses.value.as_str().unwrap_or_default();
            steps.push(CiStep {
                name: None,
                uses: Some(text.to_string()),
                run: None,
                kinds: sorted(kinds_of(text)),
                evidence: entry_evidence(file, uses),
            });
        }
        for step in job.get("steps").map(Node::items).unwrap_or_default() {
            let step_name = step.get("name").and_then(Node::as_str);
            let uses = step.get("uses").and_then(Node::as_str);
            let run = step.get("run").and_then(Node::as_str);
            let signal = [step_name, uses]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            let mut step_kinds = kinds_of(&signal);
            step_kinds.extend(kinds_of_script(run.unwrap_or_default()));
            // An image build action publishes only when told to push.
            if uses.is_some_and(|u| u.contains("build-push-action"))
                && step
                    .get("with")
                    .and_then(|w| w.get("push"))
                    .and_then(Node::as_str)
                    .is_some_and(|p| !p.trim().eq_ignore_ascii_case("false"))
            {
                step_kinds.insert(CiKind::Publish);
            }
            steps.push(CiStep {
                name: step_name.map(str::to_string),
                uses: uses.map(str::to_string),
                run: run.map(|r| truncate(r, MAX_RUN_CHARS)),
                kinds: sorted(step_kinds),
                evidence: Evidence::lines(file.path, file.role, step.line, step.end_line),
            });
        }
        let environment = environment_of(job);
        let needs = job.get("needs").map(Node::strings).unwrap_or_default();
        let mut kinds = kinds_of(&format!(
            "{} {}",
            job_entry.key,
            name.as_deref().unwrap_or("")
        ));
        kinds.extend(steps.iter().flat_map(|s| s.kinds.iter().copied()));
        drop_test_cluster_deploys(&mut kinds, &mut steps);
        let images: Vec<String> = job
            .get("services")
            .map(Node::entries)
            .unwrap_or_default()
            .iter()
            .filter_map(|e| {
                e.value
                    .get("image")
                    .and_then(Node::as_str)
                    .or_else(|| e.value.as_str())
                    .map(str::to_string)
            })
            .collect();
        tests_against_stores(&mut kinds, &steps, &images);
        // A deploy to a named environment that waits for earlier jobs is a promotion.
        if kinds.contains(&CiKind::Deploy)
            && !needs.is_empty()
            && environment
                .as_deref()
                .is_some_and(|e| PROMOTED_ENVIRONMENTS.contains(&e.to_ascii_lowercase().as_str()))
        {
            kinds.insert(CiKind::Promotion);
        }
        out.infra.ci_jobs.push(CiJob {
            provider: CiProvider::GithubActions,
            id: job_entry.key.clone(),
            name,
            stage: None,
            environment,
            needs,
            kinds: sorted(kinds),
            steps,
            evidence: entry_evidence(file, job_entry),
        });
    }
}

/// Directories that path filters name: the part of each pattern before its first glob.
fn covered_dirs(paths: &[String]) -> Vec<String> {
    let mut dirs = BTreeSet::new();
    for pattern in paths {
        if pattern.starts_with('!') {
            continue;
        }
        let mut kept = Vec::new();
        let segments: Vec<&str> = pattern.trim_start_matches("./").split('/').collect();
        for (i, segment) in segments.iter().enumerate() {
            if segment.contains(['*', '?', '[', '{']) {
                break;
            }
            // A final segment with a dot and no glob is a file: its directory is covered.
            if i + 1 == segments.len() && segment.contains('.') {
                break;
            }
            kept.push(*segment);
        }
        dirs.insert(kept.join("/"));
    }
    dirs.into_iter().collect()
}

/// Top-level keys of a GitLab CI file that are not jobs.
const GITLAB_KEYWORDS: &[&str] = &[
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "types",
];

pub fn extract_gitlab(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(doc) = yaml::first_mapping(file.text, file.path, "GitLab CI file", &mut out.notes)
    else {
        return;
    };
    let root = &doc.root;
    out.infra.ci_workflows.push(CiWorkflow {
        provider: CiProvider::GitlabCi,
        name: None,
        triggers: vec![],
        paths: vec![],
        covered_dirs: vec![],
        evidence: whole_file(file),
    });
    for entry in root.entries() {
        if GITLAB_KEYWORDS.contains(&entry.key.as_str())
            || entry.key.starts_with('.')
            || !entry.value.is_map()
        {
            continue;
        }
        let job = &entry.value;
        // `extends:` pulls script, stage and environment from (hidden) templates in this file.
        let templates: Vec<&Node> = job
            .get("extends")
            .map(Node::strings)
            .unwrap_or_default()
            .iter()
            .filter_map(|name| root.get(name))
            .collect();
        let field = |key: &str| {
            job.get(key)
                .or_else(|| templates.iter().rev().find_map(|t| t.get(key)))
        };
        let Some(script) = field("script").or_else(|| job.get("trigger")) else {
            continue;
        };
        let mut steps = Vec::new();
        for line in script
            .items()
            .iter()
            .chain(std::iter::once(script).filter(|s| !s.is_seq()))
        {
            let Some(text) = line.as_str() else { continue };
            steps.push(CiStep {
                name: None,
                uses: None,
                run: Some(truncate(text, MAX_RUN_CHARS)),
                kinds: sorted(kinds_of_script(text)),
                evidence: Evidence::lines(file.path, file.role, line.line, line.end_line),
            });
        }
        let stage = field("stage").and_then(Node::as_str).map(str::to_string);
        let environment = field("environment")
            .and_then(|e| e.as_str().or_else(|| e.get("name").and_then(Node::as_str)));
        let needs: Vec<String> = job
            .get("needs")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| {
                n.as_str()
                    .or_else(|| n.get("job").and_then(Node::as_str))
                    .map(str::to_string)
            })
            .collect();
        let mut kinds = kinds_of(&entry.key);
        kinds.extend(steps.iter().flat_map(|s| s.kinds.iter().copied()));
        drop_test_cluster_deploys(&mut kinds, &mut steps);
        let images: Vec<String> = field("services")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| {
                n.as_str()
                    .or_else(|| n.get("name").and_then(Node::as_str))
                    .map(str::to_string)
            })
            .collect();
        tests_against_stores(&mut kinds, &steps, &images);
        // Stages are coarse (`test` holds scans and lints too): they only speak for a job
        // whose name and commands say nothing.
        if kinds.is_empty() {
            kinds = kinds_of(stage.as_deref().unwrap_or(""));
        }
        // A manual job that deploys to a named environment is a gated promotion.
        let manual = field("when").and_then(Node::as_str) == Some("manual");
        if kinds.contains(&CiKind::Deploy)
            && environment
                .is_some_and(|e| PROMOTED_ENVIRONMENTS.contains(&e.to_ascii_lowercase().as_str()))
            && (manual || !needs.is_empty())
        {
            kinds.insert(CiKind::Promotion);
        }
        out.infra.ci_jobs.push(CiJob {
            provider: CiProvider::GitlabCi,
            id: entry.key.clone(),
            name: None,
            stage,
            environment: environment.map(str::to_string),
            needs,
            kinds: sorted(kinds),
            steps,
            evidence: entry_evidence(file, entry),
        });
    }
}

/// A job that runs tests after starting a real database, cache or broker (a service
/// container, or a step that starts one) tests against real dependencies.
fn tests_against_stores(kinds: &mut BTreeSet<CiKind>, steps: &[CiStep], images: &[String]) {
    if !kinds.contains(&CiKind::UnitTest) {
        return;
    }
    let text: String = steps
        .iter()
        .flat_map(|s| [s.uses.as_deref(), s.run.as_deref()])
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    if starts_a_store(&text, images) {
        kinds.insert(CiKind::IntegrationTest);
    }
}

/// A job that creates a throwaway cluster (kind, minikube, k3d) applies manifests to test
/// them: its `kubectl apply` and `helm install` steps are not a deployment.
fn drop_test_cluster_deploys(kinds: &mut BTreeSet<CiKind>, steps: &mut [CiStep]) {
    let throwaway = steps.iter().any(|s| {
        s.uses.as_deref().is_some_and(ephemeral_cluster)
            || s.run.as_deref().is_some_and(ephemeral_cluster)
    });
    if !throwaway {
        return;
    }
    kinds.remove(&CiKind::Deploy);
    kinds.insert(CiKind::IntegrationTest);
    for s in steps {
        s.kinds.retain(|k| *k != CiKind::Deploy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(path: &'a str, text: &'a str) -> SourceFile<'a> {
        crate::extract::test_file(path, text)
    }

    #[test]
    fn github_workflow_jobs_and_steps() {
        let text = r#"name: api
on:
  push:
    branches: [main]
    paths: ["services/api/**", "go.mod"]
  pull_request:
    paths: ["services/api/**"]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Unit tests
        run: go test ./services/api/...
      - name: Lint
        uses: golangci/golangci-lint-action@v6
      - run: |
          go test -tags=integration ./test/...
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: aquasecurity/trivy-action@0.28.0
  image:
    needs: [test, scan]
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
  deploy-prod:
    needs: image
    environment: production
    runs-on: ubuntu-latest
    steps:
      - run: helm upgrade --install api ./charts/api
"#;
        let mut out = FileFacts::default();
        extract_github(&file(".github/workflows/api.yml", text), &mut out);
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        insta::assert_yaml_snapshot!(out.infra);
    }

    #[test]
    fn gitlab_jobs_skip_keywords_and_resolve_extends() {
        let text = r#"stages: [test, build, deploy]
variables:
  GO_VERSION: "1.22"
.deploy_template: &deploy
  stage: deploy
  script:
    - kubectl apply -k overlays/$ENV
unit:
  stage: test
  script:
    - go test ./...
sast:
  stage: test
  script: semgrep ci
deploy_prod:
  extends: .deploy_template
  environment: {name: production}
  when: manual
"#;
        let mut out = FileFacts::default();
        extract_gitlab(&file(".gitlab-ci.yml", text), &mut out);
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        let jobs: Vec<(&str, Vec<CiKind>)> = out
            .infra
            .ci_jobs
            .iter()
            .map(|j| (j.id.as_str(), j.kinds.clone()))
            .collect();
        assert_eq!(
            jobs,
            vec![
                ("unit", vec![CiKind::UnitTest]),
                ("sast", vec![CiKind::SecurityScan]),
                ("deploy_prod", vec![CiKind::Deploy, CiKind::Promotion]),
            ]
        );
        assert_eq!(out.infra.ci_jobs[2].steps[0].evidence.start_line, 7);
        assert_eq!(out.infra.ci_jobs[2].stage.as_deref(), Some("deploy"));
    }

    #[test]
    fn workflow_without_jobs_is_a_note() {
        let mut out = FileFacts::default();
        extract_github(
            &file(".github/workflows/x.yml", "name: x\non: push\n"),
            &mut out,
        );
        assert_eq!(out.notes.len(), 1);
        assert!(out.infra.ci_jobs.is_empty());
    }
}
