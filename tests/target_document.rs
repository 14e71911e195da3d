//! `analyze --target DOC.md`: a target-architecture document becomes requirements — the
//! built-in ones its tasks name, and one per section for the files and routes it plans — and
//! the report lists what could not be turned into requirements.

mod common;

use std::path::Path;

use gapscope::cli::ExitStatus;

#[test]
fn the_streamlit_target_architecture_becomes_a_target() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/streamlit-app");
    let doc = example.join("docs/TARGET_ARCHITECTURE.md");
    let run = common::run_bounded(vec![
        "analyze".into(),
        example.clone().into(),
        "--target".into(),
        doc.into(),
        "--format".into(),
        "json".into(),
        "-q".into(),
        "--exclude".into(),
        "expected-findings.yaml".into(),
    ]);
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    let a: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(a["target"], "TARGET_ARCHITECTURE.md (document)");
    // Tasks that name built-in requirements select them, with the repository's status.
    for (id, status) in [
        ("auth.authentication", "missing"),
        ("auth.password-hashing", "missing"),
        ("api.openapi", "missing"),
        ("api.rate-limiting", "partial"),
        ("ci.pipeline", "missing"),
        ("obs.tracing", "missing"),
    ] {
        assert_eq!(common::finding(&a, id)["status"], status, "{id}");
    }
    // Requirements the document does not ask for are not in the target.
    assert!(a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["requirement"] != "backup.jobs"));
    // The "need to create" trees become one requirement per section, checked by the files.
    let api = common::finding(&a, "doc.api-layer");
    assert_eq!(
        api["title"],
        "API layer (as TARGET_ARCHITECTURE.md plans it)"
    );
    assert_eq!(api["status"], "missing");
    assert_eq!(common::finding(&a, "doc.caching")["status"], "missing");
    // What could not be turned into a requirement is listed with its line.
    let notes: Vec<(&str, &str)> = a["target_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["code"].as_str().unwrap(), n["message"].as_str().unwrap()))
        .collect();
    assert_eq!(notes[0].0, "T001", "{notes:?}");
    assert!(
        notes[0]
            .1
            .contains("built-in requirements named by its items"),
        "{notes:?}"
    );
    assert!(
        notes.contains(&("T002", "TARGET_ARCHITECTURE.md:83: `Invalidation on write across processes` names no built-in requirement, path, route or Make target")),
        "{notes:?}"
    );
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
