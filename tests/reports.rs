//! Reports as users and tools read them: the analysis JSON validates against its committed
//! schema, SARIF against the SARIF 2.1.0 schema (and Microsoft's SARIF multitool when it is
//! installed), every format is byte-identical across runs, the gate works with every format,
//! and text quoted from a hostile repository cannot become markup.

mod common;

use std::path::{Path, PathBuf};

use common::{run, run_bounded, write};
use gapscope::cli::ExitStatus;
use serde_json::Value;

const EXAMPLES: [&str; 5] = [
    "agent-platform",
    "aiops-platform",
    "data-platform",
    "k8s-minio-backup",
    "streamlit-app",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/NAME`, relative: cargo runs integration tests from the package root, and the
/// reports print the path they were given.
fn example(name: &str) -> String {
    format!("examples/{name}")
}

fn analyze(path: &str, format: &str, extra: &[&str]) -> common::Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "analyze".into(),
        path.into(),
        "-q".into(),
        "--format".into(),
        format.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let r = run_bounded(args);
    assert!(
        matches!(r.status, ExitStatus::Success | ExitStatus::GateFailed),
        "analyze {path} --format {format}: {:?} {}",
        r.status,
        r.stderr
    );
    r
}

fn validator(schema_path: &Path) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display()));
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect()
}

#[test]
fn committed_analysis_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(repo().join("schema/analysis.schema.json"))
        .expect("schema/analysis.schema.json");
    let r = run(["schema", "--analysis"]);
    assert_eq!(r.status, ExitStatus::Success);
    assert!(
        committed == r.stdout,
        "schema/analysis.schema.json is stale: run `cargo run -- schema --analysis > schema/analysis.schema.json`"
    );
    // `gapscope schema` alone is still the target files' schema.
    let target = run(["schema"]);
    assert!(target.stdout.contains("\"extends\""));
    assert!(!target.stdout.contains("critical_path"));
}

#[test]
fn examples_json_validates_against_the_analysis_schema() {
    let v = validator(&repo().join("schema/analysis.schema.json"));
    for name in EXAMPLES {
        let r = analyze(&example(name), "json", &[]);
        let json: Value = serde_json::from_str(&r.stdout).unwrap();
        let errs = errors(&v, &json);
        assert!(errs.is_empty(), "{name}: {errs:#?}");
        // The plan is part of it: gap ids point at requirements, and phases cover every gap.
        let gaps = json["plan"]["gaps"].as_array().unwrap();
        assert!(!gaps.is_empty(), "{name}: the example has open gaps");
        let in_phases: usize = json["plan"]["phases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["gaps"].as_array().unwrap().len())
            .sum();
        assert_eq!(in_phases, gaps.len(), "{name}");
        for g in gaps {
            let f = common::finding(&json, g["requirement"].as_str().unwrap());
            assert!(
                f["status"] == "missing" || f["status"] == "partial",
                "{name}: {g}"
            );
        }
    }
    // The schema rejects what is not an analysis.
    let mut broken: Value =
        serde_json::from_str(&analyze(&example("streamlit-app"), "json", &[]).stdout).unwrap();
    broken["plan"]["gaps"][0]["risk"] = "catastrophic".into();
    assert!(!errors(&v, &broken).is_empty());
}

#[test]
fn gap_ids_are_the_requirements_positions_in_the_target() {
    let json: Value =
        serde_json::from_str(&analyze(&example("k8s-minio-backup"), "json", &[]).stdout).unwrap();
    // The example has no target of its own: the built-in profile's order gives the ids.
    let rules: Value = serde_json::from_str(&run(["rules", "--format", "json"]).stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for g in json["plan"]["gaps"].as_array().unwrap() {
        let n: usize = g["id"].as_str().unwrap()[4..].parse().unwrap();
        assert_eq!(ids[n - 1], g["requirement"], "{g}");
    }
}

#[test]
fn team_size_changes_calendar_time_not_effort() {
    let one: Value =
        serde_json::from_str(&analyze(&example("agent-platform"), "json", &[]).stdout).unwrap();
    let four: Value =
        serde_json::from_str(&analyze(&example("agent-platform"), "json", &["--team", "4"]).stdout)
            .unwrap();
    let (p1, p4) = (&one["plan"], &four["plan"]);
    assert_eq!(p1["total_effort_days"], p4["total_effort_days"]);
    assert_eq!(p4["team"], 4);
    let total = p4["total_effort_days"].as_f64().unwrap();
    let cp = p4["critical_path_days"].as_f64().unwrap();
    let expected = ((cp.max(total / 4.0)) * 10.0).round() / 10.0;
    assert_eq!(p4["calendar_days"].as_f64().unwrap(), expected);
    assert!(p4["calendar_days"].as_f64() < p1["calendar_days"].as_f64());
    let bad = run(["analyze", "examples/agent-platform", "-q", "--team", "0"]);
    assert_eq!(bad.status, ExitStatus::Error);
}

#[test]
fn sarif_validates_against_the_sarif_schema() {
    let v = validator(&repo().join("tests/schema/sarif-2.1.0.json"));
    for name in EXAMPLES {
        let sarif: Value =
            serde_json::from_str(&analyze(&example(name), "sarif", &[]).stdout).unwrap();
        let errs = errors(&v, &sarif);
        assert!(errs.is_empty(), "{name}: {errs:#?}");
        let json: Value =
            serde_json::from_str(&analyze(&example(name), "json", &[]).stdout).unwrap();
        let run = &sarif["runs"][0];
        let results = run["results"].as_array().unwrap();
        let gaps = json["plan"]["gaps"].as_array().unwrap();
        let stubs: Vec<&Value> = json["stubs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["role"] == "source" && s["kind"] != "test_without_assertion")
            .collect();
        let empty_tests = json["stubs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["role"] == "test" && s["kind"] == "test_without_assertion")
            .count();
        assert_eq!(
            results.len(),
            gaps.len() + stubs.len() + empty_tests,
            "{name}: one result per gap and per stub"
        );
        for (r, s) in results[gaps.len()..].iter().zip(&stubs) {
            assert_eq!(r["ruleId"], "gapscope/stub", "{name}: {r}");
            assert_eq!(r["level"], "warning");
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], s["path"]);
            assert_eq!(loc["region"]["startLine"], s["start_line"]);
            assert_eq!(loc["region"]["endLine"], s["end_line"]);
            let text = r["message"]["text"].as_str().unwrap();
            assert!(
                text.contains(s["function"].as_str().unwrap()),
                "{name}: {text}"
            );
        }
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(rules.iter().any(|r| r["id"] == "gapscope/stub"));
        assert!(rules
            .iter()
            .any(|r| r["id"] == "gapscope/test-without-assertion"));
        for (r, g) in results.iter().zip(gaps) {
            assert_eq!(r["ruleId"], g["requirement"]);
            assert_eq!(
                rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
                r["ruleId"]
            );
            assert!(r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(g["id"].as_str().unwrap()));
            let f = common::finding(&json, g["requirement"].as_str().unwrap());
            let has_evidence = ["evidence", "weak_evidence", "against"]
                .iter()
                .any(|k| !f[k].as_array().unwrap().is_empty());
            let loc = &r["locations"][0]["physicalLocation"];
            if has_evidence {
                let start = loc["region"]["startLine"].as_u64().unwrap();
                let end = loc["region"]["endLine"].as_u64().unwrap();
                assert!(start >= 1 && end >= start, "{name}: {loc}");
                let path = loc["artifactLocation"]["uri"].as_str().unwrap();
                assert!(
                    repo().join("examples").join(name).join(path).is_file(),
                    "{name}: {path} is a file of the repository"
                );
            } else {
                assert_eq!(loc["artifactLocation"]["uri"], "./");
            }
        }
    }
}

#[test]
fn sarif_has_a_result_for_the_placeholder_of_an_example() {
    let sarif: Value =
        serde_json::from_str(&analyze(&example("k8s-minio-backup"), "sarif", &[]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let stubs: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "gapscope/stub")
        .collect();
    assert_eq!(stubs.len(), 1, "{stubs:#?}");
    let r = stubs[0];
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "shared/monitoring/config.go"
    );
    // The enclosing function, whose line 171 logs the placeholder.
    assert_eq!(loc["region"]["startLine"], 169);
    assert_eq!(loc["region"]["endLine"], 175);
    let text = r["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("System.initializeComponents") && text.contains("placeholder log"),
        "{text}"
    );
    let where_ = r["locations"][0]["message"]["text"].as_str().unwrap();
    assert!(
        where_.contains("line 171") && where_.contains("http_clients_initialization_placeholder"),
        "{where_}"
    );
    // Stubs come after the gaps, which keep their order by id.
    let last_gap = results
        .iter()
        .rposition(|r| !r["ruleId"].as_str().unwrap().starts_with("gapscope/"))
        .unwrap();
    let first_stub = results
        .iter()
        .position(|r| r["ruleId"] == "gapscope/stub")
        .unwrap();
    assert!(last_gap < first_stub);
}

#[test]
fn tests_without_assertion_are_notes_under_their_own_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(
        dir.path(),
        "store.go",
        "package x\n\nfunc Save(v string) error {\n\tpanic(\"not implemented\")\n}\n",
    );
    write(
        dir.path(),
        "store_test.go",
        "package x\n\nimport \"testing\"\n\nfunc TestSave(t *testing.T) {\n\tt.Skip(\"later\")\n\t_ = Save(\"a\")\n}\n",
    );
    let root = dir.path().to_str().unwrap();
    let json: Value = serde_json::from_str(&analyze(root, "json", &[]).stdout).unwrap();
    let kinds: Vec<(&str, &str)> = json["stubs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["function"].as_str().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("Save", "panic"), ("TestSave", "test_without_assertion")]
    );
    let sarif: Value = serde_json::from_str(&analyze(root, "sarif", &[]).stdout).unwrap();
    let v = validator(&repo().join("tests/schema/sarif-2.1.0.json"));
    let errs = errors(&v, &sarif);
    assert!(errs.is_empty(), "{errs:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let tail: Vec<(&str, &str, &str)> = results
        .iter()
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("gapscope/"))
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tail,
        [
            ("gapscope/stub", "warning", "store.go"),
            ("gapscope/test-without-assertion", "note", "store_test.go"),
        ]
    );
    let test = results
        .iter()
        .find(|r| r["ruleId"] == "gapscope/test-without-assertion")
        .unwrap();
    let region = &test["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["endLine"].as_u64()),
        (Some(5), Some(8))
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(
        rules[test["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "gapscope/test-without-assertion"
    );
}

/// Where `.ci/run` installs Microsoft's SARIF multitool (`GAPSCOPE_SARIF_MULTITOOL` overrides).
fn multitool() -> Option<PathBuf> {
    let candidate = std::env::var_os("GAPSCOPE_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| {
                PathBuf::from(h).join(".cache/gapscope-ci/node/node_modules/.bin/sarif-multitool")
            })
        })?;
    candidate.is_file().then_some(candidate)
}

fn multitool_errors(tool: &Path, sarif: &Path, dir: &Path) -> Vec<String> {
    let out = dir.join("validation.sarif");
    let _ = std::fs::remove_file(&out);
    let status = std::process::Command::new(tool)
        .arg("validate")
        .arg(sarif)
        .arg("--output")
        .arg(&out)
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .output()
        .expect("sarif-multitool runs");
    assert!(status.status.success(), "{:?}", status);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "error")
        .map(|r| r.to_string())
        .collect()
}

#[test]
fn sarif_multitool_validates_the_examples() {
    let Some(tool) = multitool() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install the SARIF multitool (see .ci/run)"
        );
        eprintln!("SKIPPED: sarif-multitool not installed (.ci/run installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The harness finds errors when there are some.
    let broken = write(
        dir.path(),
        "broken.sarif",
        r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a"}]}]}"#,
    );
    assert!(!multitool_errors(&tool, &broken, dir.path()).is_empty());
    for name in EXAMPLES {
        let path = dir.path().join(format!("{name}.sarif"));
        let r = analyze(
            &example(name),
            "sarif",
            &["--output", path.to_str().unwrap()],
        );
        assert!(r.stdout.is_empty());
        let errs = multitool_errors(&tool, &path, dir.path());
        assert!(errs.is_empty(), "{name}: {errs:#?}");
    }
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in ["markdown", "html", "sarif", "json", "text"] {
        let first = analyze(&example("agent-platform"), format, &["--team", "2"]);
        let second = analyze(&example("agent-platform"), format, &["--team", "2"]);
        assert!(!first.stdout.is_empty(), "{format}");
        assert!(
            first.stdout == second.stdout,
            "{format} differs between runs"
        );
    }
}

#[test]
fn the_gate_fails_with_every_format_and_the_report_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["markdown", "html", "sarif", "json", "text"] {
        let out = dir.path().join(format!("report.{format}"));
        let r = analyze(
            &example("agent-platform"),
            format,
            &["--fail-on", "high", "--output", out.to_str().unwrap()],
        );
        assert_eq!(r.status, ExitStatus::GateFailed, "{format}");
        assert!(r.stderr.contains("gate failed"), "{format}: {}", r.stderr);
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(written.len() > 1000, "{format}: the report is written");
    }
}

#[test]
fn markdown_report_of_an_example() {
    let r = analyze(&example("streamlit-app"), "markdown", &[]);
    insta::assert_snapshot!("streamlit_app_markdown", r.stdout);
}

#[test]
fn reports_list_stubs_and_code_facts_without_secret_values() {
    let md = analyze(&example("k8s-minio-backup"), "markdown", &[]).stdout;
    let section = md
        .split("## Stubs and placeholders")
        .nth(1)
        .and_then(|s| s.split("\n## What is solid").next())
        .expect("a stubs section");
    let row = section
        .lines()
        .find(|l| l.contains("System.initializeComponents"))
        .unwrap_or_else(|| panic!("{section}"));
    assert!(
        row.starts_with("| [shared/monitoring/config.go:171](shared/monitoring/config.go#L171)"),
        "{row}"
    );
    assert!(
        row.contains("| placeholder_log |") && row.contains("`go_module:shared`"),
        "{row}"
    );
    // Code facts: the two hard-coded credentials by place and kind, never by value.
    assert!(
        section.contains("**Hard-coded secrets:** 2 likely (password at [backup/main.go:35]"),
        "{section}"
    );
    assert!(
        section.contains("access\\_key at [backup/main.go:41]"),
        "{section}"
    );
    let html = analyze(&example("k8s-minio-backup"), "html", &[]).stdout;
    for page in [&md, &html] {
        assert!(!page.contains("minio123"), "a secret value is printed");
        assert!(!page.contains("\"minio\""), "a secret value is printed");
    }
    assert_eq!(html.matches("<tr class=\"stub\">").count(), 1);
    assert!(html.contains("id=\"code-facts\""));
    // No history in the example: no chart.
    assert!(!html.contains("chart-history"));
}

#[test]
fn a_finding_held_back_by_a_stub_says_so_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let target = write(
        root,
        "target.yaml",
        "name: webhooks\nrequirements:\n  - id: alerts.webhook\n    area: integration\n    title: Alerts are forwarded to the webhook\n    why: Someone must hear about alerts.\n    fix: Post each alert to the configured webhook.\n    priority: high\n    effort_days: 1\n    met:\n      pattern: {regex: 'webhook', languages: [Go]}\n",
    );
    write(root, "go.mod", "module example.com/alerts\n\ngo 1.22\n");
    write(
        root,
        "alerts.go",
        "package alerts\n\nfunc Forward(a Alert, webhook string) error {\n\t// TODO: post to the webhook\n\treturn nil\n}\n",
    );
    let (r, t) = (root.to_str().unwrap(), target.to_str().unwrap());
    let md = analyze(r, "markdown", &["--target", t]).stdout;
    let reason = "implementation evidence lies only in stubbed code: alerts.go:4 (Forward)";
    // In the gap itself …
    let gap = md
        .split("### <a id=\"gap-001\"></a>")
        .nth(1)
        .expect("GAP-001");
    assert!(
        gap.lines()
            .any(|l| l.starts_with("- **Status:** partial") && l.contains(reason)),
        "{gap}"
    );
    // … and in the stubs section, which names the gap the stub holds back.
    let stubs = md.split("## Stubs and placeholders").nth(1).unwrap();
    let row = stubs
        .lines()
        .find(|l| l.contains("`Forward`"))
        .expect("the stub's row");
    assert!(
        row.contains("[GAP-001](#gap-001) `alerts.webhook`"),
        "{row}"
    );
    let html = analyze(r, "html", &["--target", t]).stdout;
    assert!(html.contains(reason), "the HTML report gives the reason");
    let stub_row = html
        .split("<tr class=\"stub\">")
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .unwrap();
    assert!(
        stub_row.contains("<a href=\"#gap-001\">GAP-001</a>"),
        "{stub_row}"
    );
}

/// A repository whose paths and code carry markup.
fn hostile_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "go.mod", "module example.com/x\n\ngo 1.22\n");
    write(
        dir.path(),
        "cmd/<img src=x onerror=alert(1)>/main.go",
        "package main\n\nimport \"net/http\"\n\nfunc main() {\n\tmux := http.NewServeMux() // <script>alert(1)</script> `|` ](javascript:alert(1))\n\tmux.HandleFunc(\"/api/items\", items)\n\thttp.ListenAndServe(\":8080\", mux)\n}\n",
    );
    write(
        dir.path(),
        "k8s/<b>deploy</b>.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"<script>alert(2)</script>\"\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers:\n        - name: x\n          image: x:1\n",
    );
    dir
}

#[test]
fn hostile_text_cannot_become_markdown_markup() {
    let dir = hostile_repo();
    let root = dir.path().to_str().unwrap();
    let r = analyze(root, "markdown", &[]);
    assert!(
        r.stdout.contains("<script>alert(1)</script>") || r.stdout.contains("\\<script"),
        "the hostile snippet is quoted: the test exercises escaping"
    );
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut html = Vec::new();
    let mut links = Vec::new();
    for event in Parser::new_ext(&r.stdout, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            _ => {}
        }
    }
    // The only HTML is the report's own area anchors.
    assert!(
        html.iter().all(|h| h.starts_with("<a id=\"area-")
            || h.starts_with("<a id=\"gap-")
            || h == "</a>"
            || h == "<br>"),
        "{html:#?}"
    );
    for l in &links {
        assert!(!l.contains("javascript:"), "{l}");
        assert!(!l.contains('<') && !l.contains(' '), "{l}");
    }
    assert!(links.iter().any(|l| l.contains("%3Cimg")), "{links:#?}");
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let dir = hostile_repo();
    let r = analyze(dir.path().to_str().unwrap(), "html", &[]);
    let page = &r.stdout;
    assert!(
        !page.contains("<script>alert"),
        "a quoted script tag stays text"
    );
    assert!(!page.contains("<img src=x"), "a quoted path stays text");
    assert!(!page.contains("<b>deploy"), "a quoted path stays text");
    assert!(
        page.contains("&lt;script&gt;alert(1)") || page.contains("&lt;script&gt;alert(2)"),
        "the hostile text is shown, escaped"
    );
    // Self-contained: nothing is fetched.
    for needle in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(!page.contains(needle), "{needle}");
    }
}

#[test]
fn terminal_summary_is_coloured_only_when_asked_and_strips_control_characters() {
    let r = analyze(&example("agent-platform"), "text", &[]);
    assert!(
        !r.stdout.contains('\x1b'),
        "not a terminal: no colour in the output"
    );
    assert!(r.stdout.contains("Plan: 27 gaps"), "{}", r.stdout);
    let mut a: gapscope::results::Analysis =
        serde_json::from_str(&analyze(&example("agent-platform"), "json", &[]).stdout).unwrap();
    a.root = "repo\x1b]0;pwned\x07\x1b[2J".into();
    a.findings[0].title = "title\x1b[31m with\rcontrol".into();
    let mut coloured = Vec::new();
    gapscope::render::text::analysis(&mut coloured, &a, true).unwrap();
    let coloured = String::from_utf8(coloured).unwrap();
    assert!(coloured.contains("\x1b[1m"), "colour on: styled headings");
    assert!(
        coloured.contains("repo]0;pwned[2J"),
        "control characters stripped"
    );
    assert!(coloured.contains("title[31m withcontrol"));
    assert!(!coloured.contains('\x07') && !coloured.contains("\x1b]"));
    let mut plain = Vec::new();
    gapscope::render::text::analysis(&mut plain, &a, false).unwrap();
    let plain = String::from_utf8(plain).unwrap();
    assert!(!plain.contains('\x1b'));
    // The same words, with and without colour.
    let stripped = coloured
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map(|(_, rest)| rest).unwrap_or(part)
            }
        })
        .collect::<String>();
    assert_eq!(stripped, plain);
}

#[test]
fn analysis_json_without_a_plan_still_reads() {
    let mut json: Value =
        serde_json::from_str(&analyze(&example("streamlit-app"), "json", &[]).stdout).unwrap();
    json.as_object_mut().unwrap().remove("plan");
    let a: gapscope::results::Analysis = serde_json::from_value(json).expect("reads");
    assert!(a.plan.gaps.is_empty());
    assert_eq!(a.plan.team, 1);
}

#[test]
fn dependency_cycles_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.md", "# x\n");
    let target = write(
        dir.path(),
        "target.yaml",
        r#"name: cyclic
requirements:
  - id: a.first
    area: a
    title: First needs second
    why: w
    fix: f
    priority: high
    effort_days: 2
    depends_on: [a.second]
    met: {file: {globs: ["nothing-first.txt"]}}
  - id: a.second
    area: a
    title: Second needs first
    why: w
    fix: f
    priority: medium
    effort_days: 3
    depends_on: [a.first]
    met: {file: {globs: ["nothing-second.txt"]}}
  - id: a.third
    area: a
    title: Third after both
    why: w
    fix: f
    priority: low
    effort_days: 1
    depends_on: [a.second]
    met: {file: {globs: ["nothing-third.txt"]}}
"#,
    );
    let root = dir.path().to_str().unwrap();
    let t = target.to_str().unwrap();
    let json: Value =
        serde_json::from_str(&analyze(root, "json", &["--target", t]).stdout).unwrap();
    let plan = &json["plan"];
    assert_eq!(plan["cycles"], serde_json::json!([["GAP-001", "GAP-002"]]));
    assert_eq!(
        plan["gaps"][2]["blocked_by"],
        serde_json::json!(["GAP-002"])
    );
    assert_eq!(plan["gaps"][2]["phase"], 2);
    assert_eq!(plan["critical_path_days"], 6.0);
    let md = analyze(root, "markdown", &["--target", t]).stdout;
    assert!(md.contains("### Dependency cycles"), "{md}");
    assert!(md.contains("- GAP-001 ↔ GAP-002"), "{md}");
}

/// The kinds of section hand-written gap analyses have (the seeds), each as the words its
/// headings use; the Markdown report must have every kind.
#[test]
fn markdown_report_has_the_sections_of_hand_written_gap_analyses() {
    let kinds: [(&str, &[&str]); 7] = [
        ("executive summary", &["executive summary"]),
        (
            "status by area",
            &["status", "gap analysis by component", "current state"],
        ),
        ("risk", &["risk"]),
        ("roadmap", &["roadmap", "phase", "action plan"]),
        ("success criteria", &["success"]),
        ("checklist", &["must have", "checklist"]),
        (
            "what is solid",
            &["positive", "what's actually complete", "solid"],
        ),
    ];
    // Without ../shared only the report's own headings are checked (said on the output).
    let mut seed_headings = Vec::new();
    if let Some(dir) = common::shared("seeds").and_then(|d| std::fs::read_dir(d).ok()) {
        for entry in dir.flatten() {
            let text =
                String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).to_lowercase();
            seed_headings.extend(
                text.lines()
                    .filter(|l| l.starts_with('#'))
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            );
        }
    }
    let md = analyze(&example("agent-platform"), "markdown", &[])
        .stdout
        .to_lowercase();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    for (kind, words) in kinds {
        if !seed_headings.is_empty() {
            assert!(
                seed_headings
                    .iter()
                    .any(|h| words.iter().any(|w| h.contains(w))),
                "the seeds have a {kind} section"
            );
        }
        assert!(
            headings.iter().any(|h| words.iter().any(|w| h.contains(w))),
            "the report has a {kind} section: {headings:#?}"
        );
    }
}

#[test]
fn a_repository_with_no_gaps_gets_reports_that_say_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Makefile", "all:\n\ttrue\n");
    let target = write(
        dir.path(),
        "target.yaml",
        "name: tiny\nrequirements:\n  - id: build.makefile\n    area: build\n    title: A Makefile\n    why: w\n    fix: f\n    priority: high\n    effort_days: 1\n    met: {file: {globs: [\"Makefile\"]}}\n",
    );
    let root = dir.path().to_str().unwrap();
    let t = target.to_str().unwrap();
    let md = analyze(root, "markdown", &["--target", t, "--fail-on", "low"]);
    assert_eq!(md.status, ExitStatus::Success);
    assert!(md.stdout.contains("No open gaps"), "{}", md.stdout);
    assert!(md.stdout.contains("Nothing to plan."));
    assert!(md.stdout.contains("- [x] A Makefile"));
    let sarif: Value =
        serde_json::from_str(&analyze(root, "sarif", &["--target", t]).stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    let v = validator(&repo().join("tests/schema/sarif-2.1.0.json"));
    assert!(errors(&v, &sarif).is_empty());
    let html = analyze(root, "html", &["--target", t]).stdout;
    assert!(html.contains("Nothing to plan: no open gaps."));
}
