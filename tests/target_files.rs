//! Target files: the committed JSON Schema matches the types, the examples' target files
//! validate against it, and malformed target files are reported at file:line:column.

use std::path::PathBuf;

use gapscope::cli::{main_with_args, ExitStatus};
use gapscope::render::escape::markdown_prose;
use gapscope::rules::{self, TargetError};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(repo().join("schema/target.schema.json"))
        .expect("schema/target.schema.json");
    let mut generated = serde_json::to_string_pretty(&rules::json_schema()).unwrap();
    generated.push('\n');
    assert!(
        committed == generated,
        "schema/target.schema.json is stale: run `cargo run -- schema > schema/target.schema.json`"
    );
}

/// Target files shipped with the examples (and the built-in profile's files, which are target
/// files too).
fn target_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [repo().join("profile")].into_iter().chain(
        std::fs::read_dir(repo().join("examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir()),
    ) {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            // profile/renamed.yaml is the table of renamed ids, not a target file.
            let profile_target = dir.ends_with("profile") && name != "renamed.yaml" && p.is_file();
            if profile_target || (name.contains("target") && name.ends_with(".yaml")) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn examples_and_profile_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schema/target.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let files = target_files();
    assert!(
        files.iter().any(|p| p.starts_with(repo().join("examples"))),
        "no example target file found"
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            path.display(),
            errors.join("; ")
        );
        if path.starts_with(repo().join("examples")) {
            rules::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn error_for(text: &str) -> (u64, u64, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("target.yaml");
    std::fs::write(&path, text).unwrap();
    match rules::load_file(&path) {
        Err(TargetError::Invalid {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        other => panic!("expected an invalid-target error for:\n{text}\ngot {other:?}"),
    }
}

const GOOD: &str = "  - id: x.one
    area: x
    title: One
    why: Because.
    fix: Do it.
    priority: high
    effort_days: 1
    met:
      file: {globs: ['**/one']}
";

#[test]
fn malformed_target_files_point_at_the_place() {
    // YAML syntax: an unclosed flow mapping.
    let (line, _, _) = error_for(&format!(
        "requirements:\n{GOOD}  - id: x.two\n    met: {{file: {{globs: [a]}}\n"
    ));
    assert_eq!(line, 12, "syntax error line");

    // A value of the wrong type: the priority.
    let (line, column, message) = error_for(&format!(
        "requirements:\n{}",
        GOOD.replace("priority: high", "priority: urgent")
    ));
    assert_eq!((line, column), (7, 15), "{message}");
    assert!(message.contains("urgent"), "{message}");

    // An unknown field.
    let (line, _, message) = error_for(&format!(
        "requirements:\n{}",
        GOOD.replace(
            "    effort_days: 1\n",
            "    effort_days: 1\n    owner: me\n"
        )
    ));
    assert_eq!(line, 9, "{message}");
    assert!(message.contains("owner"), "{message}");

    // An invalid regex: the position of the value as the parser reports it (its quote).
    let (line, column, message) = error_for(&format!(
        "requirements:\n{}",
        GOOD.replace("file: {globs: ['**/one']}", "pattern: {regex: 'a(b'}")
    ));
    assert_eq!((line, column), (10, 24), "{message}");
    assert!(message.contains("invalid regex"), "{message}");

    // A duplicate id: the second one.
    let (line, _, message) = error_for(&format!("requirements:\n{GOOD}{GOOD}"));
    assert_eq!(line, 11, "{message}");
    assert!(message.contains("duplicate"), "{message}");

    // depends_on an id that does not exist.
    let (line, _, message) = error_for(&format!(
        "requirements:\n{}",
        GOOD.replace("    met:", "    depends_on: [x.nothing]\n    met:")
    ));
    assert_eq!(line, 9, "{message}");
    assert!(message.contains("x.nothing"), "{message}");

    // Extending something other than the built-in profile.
    let (line, _, message) = error_for("extends: corporate\n");
    assert_eq!(line, 1, "{message}");

    // Disabling without a reason, and disabling an unknown requirement.
    let (_, _, message) =
        error_for("extends: builtin\ndisable:\n  - id: docs.readme\n    reason: ' '\n");
    assert!(message.contains("reason"), "{message}");
    let (line, _, message) =
        error_for("extends: builtin\ndisable:\n  - id: no.such-rule\n    reason: not ours\n");
    assert_eq!(line, 3, "{message}");
}

#[test]
fn a_bad_target_file_exits_2_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, "requirements: [\n").unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = main_with_args(
        [
            "gapscope",
            "analyze",
            dir.path().to_str().unwrap(),
            "--target",
            path.to_str().unwrap(),
        ],
        &mut out,
        &mut err,
    );
    assert_eq!(status, ExitStatus::Error);
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains(&format!("{}:", path.display())), "{err}");
    assert!(err.contains(":2:") || err.contains(":1:"), "{err}");
}

#[test]
fn explain_works_for_every_builtin_rule() {
    let builtin = rules::builtin();
    assert!(builtin.requirements.len() >= 40);
    for r in &builtin.requirements {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = main_with_args(["gapscope", "explain", r.id.as_str()], &mut out, &mut err);
        assert_eq!(
            status,
            ExitStatus::Success,
            "{}",
            String::from_utf8_lossy(&err)
        );
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(&r.id)
                && text.contains("### Why it matters")
                && text.contains(&markdown_prose(r.why.trim())),
            "{text}"
        );
        assert!(
            text.contains("### How to fix") && text.contains(&markdown_prose(r.fix.trim())),
            "{text}"
        );
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(
        main_with_args(["gapscope", "explain", "ha.nope"], &mut out, &mut err),
        ExitStatus::Error
    );
    assert!(
        String::from_utf8(err).unwrap().contains("ha."),
        "unknown id names neighbours"
    );
}

#[test]
fn committed_rule_reference_is_the_generated_one() {
    let committed = std::fs::read_to_string(repo().join("docs/rules.md")).expect("docs/rules.md");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = main_with_args(
        ["gapscope", "rules", "--format", "markdown"],
        &mut out,
        &mut err,
    );
    assert_eq!(status, ExitStatus::Success);
    assert!(
        committed == String::from_utf8(out).unwrap(),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    // Each rule's explain text is in the reference, word for word.
    for r in &rules::builtin().requirements {
        assert!(
            committed.contains(&gapscope::render::text::explain_markdown(r)),
            "{}",
            r.id
        );
    }
}

/// A requirement whose title repeats `decoy`, so that a position found by searching the text
/// for a bad value would land here, on line 2 or 3, not where the value is.
fn decoy(id: &str, decoy: &str) -> String {
    format!(
        "  - id: {id}\n    area: x\n    title: Mentions {decoy} in passing\n    why: Because {decoy}.\n    fix: Do it.\n    priority: high\n    effort_days: 1\n    met:\n      file: {{globs: ['**/{id}']}}\n"
    )
}

#[test]
fn typed_values_fail_at_their_own_line_with_the_valid_values() {
    // A language that is not a tokei name: line 14, column 41, with the nearest name.
    let text = format!(
        "requirements:\n{}{}",
        decoy("x.decoy", "golang"),
        GOOD.replace(
            "file: {globs: ['**/one']}",
            "pattern: {regex: 'func main', languages: [golang]}"
        )
    );
    let (line, column, message) = error_for(&text);
    assert_eq!((line, column), (19, 49), "{message}");
    assert!(message.contains("unknown language `golang`"), "{message}");
    assert!(message.contains("`Go`"), "{message}");

    // A CI job kind that does not exist: the valid kinds are listed.
    let text = format!(
        "requirements:\n{}{}",
        decoy("x.decoy", "unit_tests"),
        GOOD.replace(
            "file: {globs: ['**/one']}",
            "infra:\n        ci_jobs:\n          kinds:\n            - lint\n            - unit_tests"
        )
    );
    let (line, column, message) = error_for(&text);
    assert_eq!((line, column), (23, 15), "{message}");
    assert!(message.contains("unit_test"), "{message}");
    assert!(message.contains("security_scan"), "{message}");

    // A misspelt Kubernetes kind.
    let text = format!(
        "requirements:\n{}{}",
        decoy("x.decoy", "Deploymnet"),
        GOOD.replace(
            "file: {globs: ['**/one']}",
            "infra: {kubernetes_objects: {kinds: [Service, Deploymnet]}}"
        )
    );
    let (line, _, message) = error_for(&text);
    assert_eq!(line, 19, "{message}");
    assert!(message.contains("did you mean `Deployment`"), "{message}");

    // A negative effort, and a glob that does not compile.
    let (line, _, message) = error_for(&format!(
        "requirements:\n{}{}",
        decoy("x.decoy", "-2"),
        GOOD.replace("effort_days: 1", "effort_days: -2")
    ));
    assert_eq!(line, 17, "{message}");
    assert!(message.contains("effort_days"), "{message}");
    let (line, _, message) = error_for(&format!(
        "requirements:\n{}{}",
        decoy("x.decoy", "a[b"),
        GOOD.replace("'**/one'", "'a[b'")
    ));
    assert_eq!(line, 19, "{message}");
    assert!(message.contains("invalid glob"), "{message}");
}

#[test]
fn references_between_entries_point_at_the_entry_not_at_the_first_mention() {
    // The duplicate id also appears in an earlier title and an earlier dependency.
    let text = format!(
        "requirements:\n{}{}{}",
        decoy("x.decoy", "x.one").replace("    met:", "    depends_on: [x.one]\n    met:"),
        GOOD,
        GOOD
    );
    let (line, _, message) = error_for(&text);
    assert_eq!(line, 21, "{message}");
    assert!(
        message.contains("duplicate requirement id `x.one`"),
        "{message}"
    );

    // An unknown dependency named first in a title.
    let text = format!(
        "requirements:\n{}{}",
        decoy("x.decoy", "x.nothing"),
        GOOD.replace(
            "    met:",
            "    depends_on: [x.one-more, x.nothing]\n    met:"
        )
    );
    let text = text.replace("x.one-more", "x.decoy");
    let (line, column, message) = error_for(&text);
    assert_eq!((line, column), (18, 27), "{message}");
    assert!(message.contains("x.nothing"), "{message}");

    // An override of an unknown requirement whose id the file mentions earlier.
    let text = format!(
        "extends: builtin\nname: mentions no.such-rule here\nrequirements:\n{}overrides:\n  - id: api.cors\n    priority: high\n  - id: no.such-rule\n    priority: low\n",
        decoy("x.decoy", "no.such-rule")
    );
    let (line, column, message) = error_for(&text);
    assert_eq!((line, column), (16, 9), "{message}");
    assert!(
        message.contains("override of unknown requirement"),
        "{message}"
    );
}

#[test]
fn gap_numbers_are_unique_and_kept_by_a_requirement_written_again() {
    // A number a built-in requirement has.
    let text = format!(
        "extends: builtin\nrequirements:\n{}",
        GOOD.replace("    area: x\n", "    gap: 6\n    area: x\n")
    );
    let (line, column, message) = error_for(&text);
    assert_eq!((line, column), (4, 10), "{message}");
    assert!(
        message.contains("api.cors") && message.contains("unique"),
        "{message}"
    );

    // api.cors written again keeps GAP-006; an own requirement is numbered after the profile.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("target.yaml");
    let cors = GOOD
        .replace("x.one", "api.cors")
        .replace("area: x", "area: api");
    std::fs::write(
        &path,
        format!("extends: builtin\nrequirements:\n{cors}{GOOD}"),
    )
    .unwrap();
    let target = rules::load_file(&path).unwrap();
    let numbers = target.gap_numbers();
    assert_eq!(numbers["api.cors"], 6);
    assert_eq!(numbers["x.one"], 67);
}
