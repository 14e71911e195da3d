//! What the built-in profile counts as evidence, each on the smallest repository that shows
//! it: a health check inherited from the image a Compose service builds, secrets committed
//! with their values, requirements of each service, an architecture note that is one line,
//! integration tests that CI runs against real dependencies, TLS the application only offers,
//! a Compose file that runs only the databases, CI jobs judged by their commands rather than
//! their names, a logging configuration that writes JSON, a CORS header read rather than set.

use std::ffi::OsString;
use std::path::Path;

mod common;

use common::{finding, run, write};
use gapscope::cli::ExitStatus;
use serde_json::Value;
use tempfile::TempDir;

fn analyze(root: &Path) -> Value {
    let args: Vec<OsString> = vec![
        "analyze".into(),
        root.as_os_str().to_owned(),
        "-q".into(),
        "--format".into(),
        "json".into(),
    ];
    let out = run(args);
    assert_eq!(out.status, ExitStatus::Success, "stderr: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

fn status<'a>(analysis: &'a Value, id: &str) -> &'a str {
    finding(analysis, id)["status"].as_str().unwrap()
}

fn snippets(analysis: &Value, id: &str, list: &str) -> Vec<String> {
    finding(analysis, id)[list]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["snippet"].as_str().map(String::from))
        .collect()
}

/// A Go service `name` under `dir` that listens on a port, with the given extra lines in main.
fn go_service(root: &Path, dir: &str, body: &str) {
    let name = dir.rsplit('/').next().unwrap_or(dir);
    write(
        root,
        &format!("{dir}/go.mod"),
        format!("module example.com/{name}\n\ngo 1.22\n"),
    );
    write(
        root,
        &format!("{dir}/main.go"),
        format!(
            "package main\n\nimport \"net/http\"\n\nfunc main() {{\n{body}\
             \thttp.ListenAndServe(\":8080\", nil)\n}}\n"
        ),
    );
}

const IMAGE: &str = "FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app .\n\
FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n";

#[test]
fn a_compose_service_has_the_health_check_of_the_image_it_builds() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, ".", "");
    write(
        r,
        "Dockerfile",
        format!("{IMAGE}HEALTHCHECK CMD [\"/app\", \"-healthcheck\"]\nENTRYPOINT [\"/app\"]\n"),
    );
    write(r, "docker-compose.yml", "services:\n  app:\n    build: .\n");
    let analysis = analyze(r);
    assert_eq!(status(&analysis, "container.healthcheck"), "met");
    assert!(snippets(&analysis, "container.healthcheck", "evidence")
        .iter()
        .any(|s| s.contains("HEALTHCHECK of the image it builds")));
}

#[test]
fn a_compose_file_of_stock_images_only_is_not_the_systems_containers() {
    // A local database for development beside an image with a health check: the image is
    // judged, not the database container.
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, ".", "");
    write(
        r,
        "Dockerfile",
        format!("{IMAGE}HEALTHCHECK CMD [\"/app\", \"-healthcheck\"]\nENTRYPOINT [\"/app\"]\n"),
    );
    write(
        r,
        "docker-compose.yml",
        "services:\n  postgres:\n    image: postgres:16\n  redis:\n    image: redis:7\n",
    );
    assert_eq!(status(&analyze(r), "container.healthcheck"), "met");

    // Without the image's health check the same tree is missing it, said against the image.
    let bare = TempDir::new().unwrap();
    let b = bare.path();
    go_service(b, ".", "");
    write(b, "Dockerfile", format!("{IMAGE}ENTRYPOINT [\"/app\"]\n"));
    write(
        b,
        "docker-compose.yml",
        "services:\n  postgres:\n    image: postgres:16\n",
    );
    let analysis = analyze(b);
    assert_eq!(status(&analysis, "container.healthcheck"), "missing");
    assert!(snippets(&analysis, "container.healthcheck", "against")
        .iter()
        .all(|s| !s.contains("postgres")));
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app:1.0\n";

#[test]
fn secrets_committed_with_their_values_are_not_secrets_management() {
    let committed = TempDir::new().unwrap();
    let r = committed.path();
    go_service(r, ".", "");
    write(r, "deploy/deployment.yaml", DEPLOYMENT);
    write(
        r,
        "deploy/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: jwt\nstringData:\n  key: not-a-real-key-but-committed\n",
    );
    let analysis = analyze(r);
    assert_eq!(status(&analysis, "sec.secrets-management"), "missing");
    assert!(snippets(&analysis, "sec.secrets-management", "against")
        .iter()
        .any(|s| s.contains("committed values")));

    // A chart's Secret whose values the installer supplies is secrets management of a kind.
    let supplied = TempDir::new().unwrap();
    let s = supplied.path();
    go_service(s, ".", "");
    write(s, "deploy/deployment.yaml", DEPLOYMENT);
    write(
        s,
        "chart/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\n",
    );
    write(
        s,
        "chart/templates/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-jwt\nstringData:\n  key: {{ .Values.jwtKey | quote }}\n",
    );
    assert_eq!(status(&analyze(s), "sec.secrets-management"), "partial");

    // One Secret committed with its values beside it keeps the requirement missing.
    write(
        s,
        "deploy/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: jwt\nstringData:\n  key: not-a-real-key-but-committed\n",
    );
    assert_eq!(status(&analyze(s), "sec.secrets-management"), "missing");
}

#[test]
fn a_compose_file_runs_the_system_only_when_it_runs_the_systems_images() {
    // Stock images only (a database beside `go run`): part of the way there.
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, ".", "");
    write(r, "Dockerfile", format!("{IMAGE}ENTRYPOINT [\"/app\"]\n"));
    write(
        r,
        "docker-compose.yml",
        "services:\n  postgres:\n    image: postgres:16\n",
    );
    let analysis = analyze(r);
    assert_eq!(status(&analysis, "orchestration.compose"), "partial");
    assert!(snippets(&analysis, "orchestration.compose", "evidence")
        .iter()
        .any(|s| s.contains("postgres (a stock image)")));

    // A folder of Compose files whose service runs the project's published image, named by
    // a variable with a default.
    write(r, "docker-compose.yml", "services: {}\n");
    write(
        r,
        "contrib/docker-compose/basic.yml",
        "services:\n  app:\n    image: ${APP_IMAGE:-acme/app:latest}\n  db:\n    image: postgres:16\n",
    );
    write(r, "go.mod", "module example.com/app/v2\n\ngo 1.22\n");
    let analysis = analyze(r);
    assert_eq!(status(&analysis, "orchestration.compose"), "met");
    assert_eq!(
        finding(&analysis, "orchestration.compose")["evidence"][0]["path"],
        "contrib/docker-compose/basic.yml"
    );
}

#[test]
fn a_requirement_of_each_service_names_the_services_without_it() {
    let metrics = "\thttp.Handle(\"/metrics\", nil)\n";
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, "services/orders", metrics);
    go_service(r, "services/billing", "");
    let analysis = analyze(r);
    assert_eq!(status(&analysis, "obs.metrics"), "partial");
    let against = snippets(&analysis, "obs.metrics", "against");
    assert!(
        against
            .iter()
            .any(|s| s.contains("billing") && s.contains("none of its own")),
        "{against:?}"
    );
    assert!(!against.iter().any(|s| s.contains("orders")), "{against:?}");

    let both = TempDir::new().unwrap();
    let b = both.path();
    go_service(b, "services/orders", metrics);
    go_service(b, "services/billing", metrics);
    assert_eq!(status(&analyze(b), "obs.metrics"), "met");
}

#[test]
fn a_one_line_architecture_note_is_not_an_architecture_document() {
    let note = TempDir::new().unwrap();
    let r = note.path();
    go_service(r, ".", "");
    write(
        r,
        "README.md",
        "# App\n\nIntro.\n\n## Architecture\n- Data loads lazily.\n\n## Usage\n\nRun it.\n",
    );
    assert_eq!(status(&analyze(r), "docs.architecture"), "missing");

    let section = TempDir::new().unwrap();
    let s = section.path();
    go_service(s, ".", "");
    write(
        s,
        "README.md",
        "# App\n\n## Architecture\n\nThe API writes orders.\n\nA worker bills them.\n\nBoth share one database.\n",
    );
    assert_eq!(status(&analyze(s), "docs.architecture"), "met");

    let diagram = TempDir::new().unwrap();
    let d = diagram.path();
    go_service(d, ".", "");
    write(
        d,
        "README.md",
        "# App\n\n![App architecture diagram](docs/overview.png)\n",
    );
    assert_eq!(status(&analyze(d), "docs.architecture"), "met");

    let layout = TempDir::new().unwrap();
    let l = layout.path();
    go_service(l, ".", "");
    write(
        l,
        "README.md",
        "# App\n\n## Repository structure\n\n- `cmd/` the binary\n- `internal/` the packages\n- `deploy/` the manifests\n",
    );
    assert_eq!(status(&analyze(l), "docs.architecture"), "partial");
}

#[test]
fn ci_running_the_tests_beside_real_services_is_integration_testing() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, ".", "");
    write(
        r,
        "main_test.go",
        "package main\n\nimport \"testing\"\n\nfunc TestMain(t *testing.T) {}\n",
    );
    assert_eq!(status(&analyze(r), "test.integration"), "missing");
    write(
        r,
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      postgres:\n        image: postgres:16\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n",
    );
    assert_eq!(status(&analyze(r), "test.integration"), "met");
}

#[test]
fn tls_the_application_only_offers_is_partial() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    write(r, "go.mod", "module example.com/app\n\ngo 1.22\n");
    write(
        r,
        "main.go",
        "package main\n\nimport \"net/http\"\n\nfunc main() {\n\
         \thttp.HandleFunc(\"/api/orders\", nil)\n\
         \thttp.ListenAndServeTLS(\":8443\", \"cert.pem\", \"key.pem\", nil)\n}\n",
    );
    assert_eq!(status(&analyze(r), "sec.tls"), "partial");
}

#[test]
fn a_ci_job_that_only_checks_formatting_is_not_a_linter() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, ".", "");
    write(
        r,
        ".github/workflows/ci.yml",
        "on: [pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Check formatting\n        run: test -z \"$(gofmt -l .)\"\n",
    );
    assert_eq!(status(&analyze(r), "ci.lint"), "partial");

    // With a linter beside it the same job lints.
    write(
        r,
        ".github/workflows/ci.yml",
        "on: [pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Check formatting\n        run: test -z \"$(gofmt -l .)\"\n      - run: go vet ./...\n",
    );
    assert_eq!(status(&analyze(r), "ci.lint"), "met");
}

#[test]
fn a_ci_job_named_test_that_only_builds_runs_no_tests() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(r, ".", "");
    write(
        r,
        ".github/workflows/ci.yml",
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Build the stack\n        run: docker compose build\n",
    );
    assert_eq!(status(&analyze(r), "ci.tests"), "missing");

    write(
        r,
        ".github/workflows/ci.yml",
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n",
    );
    assert_eq!(status(&analyze(r), "ci.tests"), "met");
}

#[test]
fn a_logging_configuration_that_writes_json_lines_is_structured_logging() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    write(r, "app/requirements.txt", "flask==3.0.0\n");
    write(
        r,
        "app/main.py",
        "import logging.config\nfrom flask import Flask\n\nlogging.config.fileConfig('logging.conf')\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'ok'\n",
    );
    write(
        r,
        "app/Dockerfile",
        "FROM python:3.12-slim\nCOPY . .\nEXPOSE 8080\nCMD [\"python\", \"main.py\"]\n",
    );
    write(
        r,
        "app/logging.conf",
        "[formatters]\nkeys=generic\n\n[formatter_generic]\nformat={\"timestamp\": \"%(asctime)s\", \"message\": \"%(message)s\"}\n",
    );
    let analysis = analyze(r);
    assert_eq!(status(&analysis, "obs.structured-logging"), "met");
    assert_eq!(
        finding(&analysis, "obs.structured-logging")["evidence"][0]["path"],
        "app/logging.conf"
    );
}

#[test]
fn reading_a_cors_header_of_another_server_is_not_configuring_cors() {
    let repo = TempDir::new().unwrap();
    let r = repo.path();
    go_service(
        r,
        ".",
        "\thttp.HandleFunc(\"/api/feeds\", func(w http.ResponseWriter, r *http.Request) {\n\
         \t\tresp, _ := http.Get(\"https://example.com/feed\")\n\
         \t\tif resp.Header.Get(\"Access-Control-Allow-Origin\") == \"*\" {\n\t\t\tw.WriteHeader(200)\n\t\t}\n\t})\n",
    );
    assert_eq!(status(&analyze(r), "api.cors"), "missing");

    go_service(
        r,
        ".",
        "\thttp.HandleFunc(\"/api/feeds\", func(w http.ResponseWriter, r *http.Request) {\n\
         \t\tw.Header().Set(\"Access-Control-Allow-Origin\", \"https://app.example.com\")\n\t})\n",
    );
    assert_eq!(status(&analyze(r), "api.cors"), "met");
}
