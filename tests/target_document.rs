//! `analyze --target DOC.md`: a target-architecture document becomes requirements — the
//! built-in ones its tasks name, and one per section for the files and routes it plans — and
//! the report lists what could not be turned into requirements.

mod common;

use std::path::Path;

use gapscope::cli::ExitStatus;

fn analyze_json(root: &Path, doc: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args: Vec<std::ffi::OsString> = vec![
        "analyze".into(),
        root.into(),
        "--target".into(),
        doc.into(),
        "--format".into(),
        "json".into(),
        "-q".into(),
        "--exclude".into(),
        "expected-findings.yaml".into(),
    ];
    args.extend(extra.iter().map(|a| a.into()));
    let run = common::run_bounded(args);
    assert!(
        matches!(run.status, ExitStatus::Success | ExitStatus::GateFailed),
        "{}",
        run.stderr
    );
    serde_json::from_str(&run.stdout).unwrap()
}

/// Every list item, task, table row, tree entry and planned paragraph of the document, by line.
fn item_lines(doc: &str) -> Vec<u64> {
    let mut lines = Vec::new();
    let mut fence = false;
    let mut tree = false;
    for (i, line) in doc.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") {
            fence = !fence;
            tree = fence && t == "```";
            continue;
        }
        let n = i as u64 + 1;
        let list = t.starts_with("- ")
            || t.split_once(". ")
                .is_some_and(|(a, _)| a.parse::<u32>().is_ok());
        let row = t.starts_with('|') && !t.starts_with("|--") && !t.contains("---|");
        let entry = fence && tree && !t.is_empty();
        let planned = !fence && t.starts_with("Need to create `");
        if (!fence && (list || row || planned)) || entry {
            lines.push(n);
        }
    }
    lines
}

#[test]
fn every_item_of_the_example_documents_has_a_status_or_a_reason() {
    for example in ["streamlit-app", "aiops-platform"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(example);
        let doc = root.join("docs/TARGET_ARCHITECTURE.md");
        let text = std::fs::read_to_string(&doc).unwrap();
        let a = analyze_json(&root, &doc, &[]);
        let d = &a["document"];
        assert_eq!(d["path"], "docs/TARGET_ARCHITECTURE.md", "{example}");
        let items = d["items"].as_array().unwrap();
        let listed: std::collections::BTreeSet<u64> =
            items.iter().map(|i| i["line"].as_u64().unwrap()).collect();
        // Table header rows are not items; every other item line is listed.
        let headers: Vec<u64> = text
            .lines()
            .enumerate()
            .filter(|(i, l)| {
                l.starts_with('|') && text.lines().nth(i + 1).is_some_and(|n| n.contains("---|"))
            })
            .map(|(i, _)| i as u64 + 1)
            .collect();
        for line in item_lines(&text) {
            if headers.contains(&line) {
                continue;
            }
            assert!(
                listed.contains(&line),
                "{example}: line {line} is not listed"
            );
        }
        for i in items {
            let status = i["status"].as_str().unwrap();
            assert!(!i["reason"].as_str().unwrap().is_empty(), "{example}: {i}");
            if status == "unchecked" {
                continue;
            }
            assert!(
                matches!(
                    status,
                    "met" | "partial" | "missing" | "unknown" | "not_applicable" | "context"
                ),
                "{example}: {i}"
            );
        }
        // The document extends the built-in profile unless told otherwise.
        assert!(a["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["requirement"] == "backup.jobs"));
    }
}

#[test]
fn the_streamlit_target_architecture_becomes_a_target() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/streamlit-app");
    let doc = example.join("docs/TARGET_ARCHITECTURE.md");
    let a = analyze_json(&example, &doc, &["--only-document"]);
    assert_eq!(a["target"], "TARGET_ARCHITECTURE.md (document)");
    // Tasks that name built-in requirements select them, with the repository's status.
    for (id, status) in [
        ("auth.authentication", "missing"),
        ("api.openapi", "missing"),
        ("api.rate-limiting", "partial"),
        ("ci.pipeline", "missing"),
    ] {
        assert_eq!(common::finding(&a, id)["status"], status, "{id}");
    }
    // Requirements the document does not ask for are not in the target.
    assert!(a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["requirement"] != "backup.jobs"));
    let item = |line: u64| {
        a["document"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["line"] == line)
            .unwrap_or_else(|| panic!("no item on line {line}"))
            .clone()
    };
    // A tree entry is checked by its file; the item's own requirement is a gap.
    let health = item(32);
    assert_eq!(health["text"], "`src/api/routers/health.py`");
    assert_eq!(health["status"], "missing");
    assert!(health["requirements"][0]
        .as_str()
        .unwrap()
        .starts_with("doc."));
    // A task naming a built-in requirement takes its status.
    let hashing = item(61);
    assert_eq!(hashing["requirements"][0], "auth.password-hashing");
    // What files cannot decide is listed with the reason.
    let invalidation = item(83);
    assert_eq!(invalidation["status"], "unchecked");
    assert!(invalidation["reason"]
        .as_str()
        .unwrap()
        .starts_with("a behaviour"));
    // Code the row says is today's (`lru_cache`, `sqlite3`) is not what the row plans.
    let cache = item(16);
    assert!(
        !cache["text"].as_str().unwrap().contains("lru_cache"),
        "{cache}"
    );
}

/// A migration half done: a CRD without its controller, a controller that watches only some
/// of the kinds, a timeout set to another value than the document's.
#[test]
fn migration_items_are_found_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("go.mod", "module example.com/remediation\n\ngo 1.22\n");
    write(
        "config/crd/processing.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: alertprocessings.processing.example.com\nspec:\n  group: processing.example.com\n  names:\n    kind: AlertProcessing\n    plural: alertprocessings\n  scope: Namespaced\n",
    );
    write(
        "api/v1/types.go",
        "package v1\n\ntype AlertRemediation struct{}\n\ntype AlertProcessing struct{}\n",
    );
    write(
        "internal/controller/remediation.go",
        "package controller\n\nimport (\n\t\"time\"\n\n\tv1 \"example.com/remediation/api/v1\"\n\tctrl \"sigs.k8s.io/controller-runtime\"\n)\n\nconst RemediationTimeout = 30 * time.Minute\n\ntype AlertRemediationReconciler struct{}\n\nfunc (r *AlertRemediationReconciler) SetupWithManager(mgr ctrl.Manager) error {\n\treturn ctrl.NewControllerManagedBy(mgr).\n\t\tFor(&v1.AlertRemediation{}).\n\t\tOwns(&v1.AlertProcessing{}).\n\t\tComplete(r)\n}\n",
    );
    write(
        "docs/MIGRATION.md",
        "# Migration\n\n| Kind | Owner controller |\n|---|---|\n| AlertRemediation | central controller |\n| AlertProcessing | alert-processor |\n| AIAnalysis | ai-analysis |\n\n## Phase 1 — central controller\n\n- [ ] Implement AlertRemediationReconciler with watches on all child kinds\n- [ ] The central controller applies the timeout (default 1h)\n\n## Phase 2 — processing\n\n- [ ] Define the AlertProcessing CRD and implement AlertProcessingReconciler\n",
    );
    let a = analyze_json(root, &root.join("docs/MIGRATION.md"), &[]);
    let items = a["document"]["items"].as_array().unwrap();
    let item = |line: u64| items.iter().find(|i| i["line"] == line).unwrap().clone();
    let check = |i: &serde_json::Value, what: &str| {
        i["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["what"] == what)
            .unwrap_or_else(|| panic!("no check {what} in {i}"))
            .clone()
    };
    // The controller exists and watches two of the three kinds.
    let watches = item(11);
    assert_eq!(watches["status"], "partial", "{watches}");
    let owned = check(
        &watches,
        "`AlertRemediation` controller watches `AlertProcessing`",
    );
    assert_eq!(owned["status"], "met");
    assert_eq!(
        owned["evidence"][0]["path"],
        "internal/controller/remediation.go"
    );
    assert_eq!(owned["evidence"][0]["start_line"], 17);
    assert_eq!(
        check(
            &watches,
            "`AlertRemediation` controller watches `AIAnalysis`"
        )["status"],
        "missing"
    );
    // The timeout is there with another value: partial, with the line that sets it.
    let timeout = item(12);
    let t = check(&timeout, "timeout set to 1h");
    assert_eq!(t["status"], "partial", "{timeout}");
    assert_eq!(t["evidence"][0]["start_line"], 10);
    // A CRD with no controller.
    let processing = item(16);
    assert_eq!(processing["status"], "partial");
    let crd = check(&processing, "custom resource `AlertProcessing`");
    assert!(
        crd["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["path"] == "config/crd/processing.yaml"),
        "{crd}"
    );
    assert_eq!(
        check(&processing, "controller of `AlertProcessing`")["status"],
        "missing"
    );
    // The phases are the plan's order.
    assert_eq!(a["document"]["phases"][1]["after"], serde_json::json!([1]));
}

#[test]
fn a_missing_target_document_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::run_bounded(vec![
        "analyze".into(),
        dir.path().into(),
        "--target".into(),
        dir.path().join("NOPE.md").into(),
    ]);
    assert_eq!(run.status, ExitStatus::Error);
    assert!(
        run.stderr.contains("NOPE.md: cannot read"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_binary_target_document_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("TARGET_ARCHITECTURE.md");
    let mut bytes = b"# Target\n\x89PNG".to_vec();
    bytes.extend([0u8, 1, 2, 3]);
    std::fs::write(&doc, bytes).unwrap();
    let run = common::run_bounded(vec![
        "analyze".into(),
        dir.path().into(),
        "--target".into(),
        doc.into(),
        "-q".into(),
    ]);
    assert_eq!(run.status, ExitStatus::Error, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("TARGET_ARCHITECTURE.md:2:5: not a text document"),
        "{}",
        run.stderr
    );
}
