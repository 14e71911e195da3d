//! `analyze` with the facts read from code: the stub honesty rule, secrets never printed,
//! routes for the API requirements, the component graph for the integration ones, and source
//! that does not parse.

mod common;

use common::{finding, run_bounded, write};
use serde_json::Value;

fn analyze(root: &std::path::Path, extra: &[&str]) -> Value {
    let mut args: Vec<std::ffi::OsString> = vec![
        "analyze".into(),
        "-q".into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    args.push(root.into());
    let run = run_bounded(args);
    assert_eq!(
        run.status,
        gapscope::cli::ExitStatus::Success,
        "{}",
        run.stderr
    );
    serde_json::from_str(&run.stdout).expect("JSON")
}

const WEBHOOK_TARGET: &str = r#"
name: webhooks
requirements:
  - id: alerts.webhook
    area: integration
    title: Alerts are forwarded to the webhook
    why: Someone must hear about alerts.
    fix: Post each alert to the configured webhook.
    priority: high
    effort_days: 1
    met:
      pattern: {regex: 'webhook', languages: [Go]}
"#;

#[test]
fn evidence_only_inside_stubs_makes_a_requirement_partial_and_names_the_stub() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "target.yaml", WEBHOOK_TARGET);
    write(root, "go.mod", "module example.com/alerts\n\ngo 1.22\n");
    write(
        root,
        "alerts.go",
        "package alerts\n\nfunc Forward(a Alert, webhook string) error {\n\t// TODO: post to the webhook\n\treturn nil\n}\n",
    );
    let a = analyze(
        root,
        &["--target", root.join("target.yaml").to_str().unwrap()],
    );
    let f = finding(&a, "alerts.webhook");
    assert_eq!(f["status"], "partial", "{f}");
    assert_eq!(
        f["code"], "F006",
        "partial because its evidence is stubbed: {f}"
    );
    let reason = f["reason"].as_str().unwrap();
    assert!(
        reason.contains("stubbed code") && reason.contains("alerts.go:4 (Forward)"),
        "{reason}"
    );
    let stubs = a["stubs"].as_array().unwrap();
    assert_eq!(stubs.len(), 1);
    assert_eq!(stubs[0]["function"], "Forward");
    assert_eq!(stubs[0]["kind"], "constant_with_todo");
    assert_eq!(
        (
            stubs[0]["start_line"].as_u64(),
            stubs[0]["end_line"].as_u64()
        ),
        (Some(3), Some(6))
    );

    // Real code beside the stub makes it met again.
    write(
        root,
        "client.go",
        "package alerts\n\nfunc post(url string) error {\n\treturn http.Post(url, \"webhook\")\n}\n",
    );
    let a = analyze(
        root,
        &["--target", root.join("target.yaml").to_str().unwrap()],
    );
    assert_eq!(finding(&a, "alerts.webhook")["status"], "met");
}

#[test]
fn hard_coded_secrets_are_found_and_their_values_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "go.mod", "module example.com/store\n\ngo 1.22\n");
    write(
        root,
        "db.go",
        "package store\n\nconst dbPassword = \"hunter2-prod-7731\"\n",
    );
    write(root, ".env", "API_TOKEN=tok_9f8e7d6c5b4a\n");
    write(
        root,
        "db_test.go",
        "package store\n\nconst password = \"test-only-pw-1234\"\n",
    );
    let a = analyze(root, &[]);
    let f = finding(&a, "sec.no-hardcoded-secrets");
    assert_eq!(f["status"], "missing", "{f}");
    let paths: Vec<&str> = a["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["evidence"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [".env", "db.go"], "tests are not searched");
    let json = a.to_string();
    for value in ["hunter2-prod-7731", "tok_9f8e7d6c5b4a"] {
        assert!(!json.contains(value), "JSON leaks {value}");
    }
    let text = run_bounded(vec!["analyze".into(), "-q".into(), root.into()]);
    for value in ["hunter2-prod-7731", "tok_9f8e7d6c5b4a"] {
        assert!(!text.stdout.contains(value), "text leaks {value}");
    }
}

#[test]
fn routes_decide_health_and_versioning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pyproject.toml",
        "[project]\nname = \"svc\"\ndependencies = [\"fastapi\"]\n",
    );
    write(
        root,
        "svc/main.py",
        "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/healthz\")\ndef health():\n    return {\"ok\": True}\n\n@app.post(\"/v1/items\")\ndef create(item):\n    return store(item)\n\nif __name__ == \"__main__\":\n    uvicorn.run(app, port=8000)\n",
    );
    let a = analyze(root, &[]);
    let health = finding(&a, "api.health-endpoint");
    assert_eq!(health["status"], "met");
    assert_eq!(health["evidence"][0]["path"], "svc/main.py");
    assert_eq!(health["evidence"][0]["start_line"], 4);
    assert_eq!(finding(&a, "api.versioning")["status"], "met");
    let routes: Vec<String> = a["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(routes, ["GET /healthz", "POST /v1/items"]);
    let ports: Vec<u64> = a["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["port"].as_u64())
        .collect();
    assert_eq!(ports, [8000]);
}

#[test]
fn shared_module_is_used_only_when_another_component_imports_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "shared/go.mod",
        "module example.com/sys/shared\n\ngo 1.22\n",
    );
    write(
        root,
        "shared/config/config.go",
        "package config\n\nfunc Load() Config { return Config{} }\n",
    );
    write(
        root,
        "backup/go.mod",
        "module example.com/sys/backup\n\ngo 1.22\n",
    );
    write(
        root,
        "backup/main.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"backup\")\n}\n",
    );
    let a = analyze(root, &[]);
    let f = finding(&a, "integration.shared-code-used");
    assert_eq!(f["status"], "missing", "{f}");
    assert!(f["against"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("no other component imports it"));

    write(
        root,
        "backup/main.go",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/sys/shared/config\"\n)\n\nfunc main() {\n\tfmt.Println(config.Load())\n}\n",
    );
    let a = analyze(root, &[]);
    let f = finding(&a, "integration.shared-code-used");
    assert_eq!(f["status"], "met", "{f}");
    assert_eq!(f["evidence"][0]["path"], "backup/main.go");
    assert_eq!(f["evidence"][0]["start_line"], 5);
    let link = &a["component_links"][0];
    assert_eq!(
        (
            link["from"].as_str(),
            link["to"].as_str(),
            link["via"].as_str()
        ),
        (
            Some("go_module:backup"),
            Some("go_module:shared"),
            Some("import")
        )
    );
}

#[test]
fn source_that_does_not_parse_is_noted_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "pyproject.toml", "[project]\nname = \"svc\"\n");
    write(
        root,
        "svc/broken.py",
        "def ok(:\n    return 1 +\n\ndef later():\n    raise NotImplementedError\n\npassword = \"s3cr3t-value-99\"\n",
    );
    write(
        root,
        "svc/bin.rs",
        b"fn main() { \xff\xfe todo!() }\n".as_slice(),
    );
    let a = analyze(root, &[]);
    assert!(a["notes"].as_u64().unwrap() >= 1, "{}", a["notes"]);
    let stubs: Vec<&str> = a["stubs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["function"].as_str().unwrap())
        .collect();
    assert!(stubs.contains(&"later"), "{stubs:?}");
    assert_eq!(a["secrets"].as_array().unwrap().len(), 1);
}
