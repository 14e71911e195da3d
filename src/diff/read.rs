//! Reading a saved analysis (`gapscope analyze --format json`) for `diff`.
//!
//! The structs here are deliberately lenient: they take only the fields a diff needs and ignore
//! the rest, so an analysis written by a gapscope with more sections (a plan, code facts, …)
//! still reads. What they refuse is a file that is not an analysis at all, or one written in a
//! newer shape than this gapscope knows.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::results::{Status, ANALYSIS_SCHEMA_VERSION};
use crate::rules::Priority;

/// Why a saved analysis could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: not a gapscope analysis ({why}); write one with `gapscope analyze --format json`"
    )]
    NotAnAnalysis { path: PathBuf, why: String },
    #[error("{path}: analysis schema_version {found} is newer than this gapscope reads ({known}); use a newer gapscope")]
    Newer {
        path: PathBuf,
        found: u64,
        known: u32,
    },
}

/// One saved analysis, as far as `diff` needs it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Snapshot {
    pub schema_version: u32,
    #[serde(default)]
    pub target: String,
    pub completion: SnapshotCompletion,
    #[serde(default)]
    pub areas: Vec<SnapshotArea>,
    pub findings: Vec<SnapshotFinding>,
    /// The plan, when the analysis has one: only the gap ids are used.
    #[serde(default)]
    pub plan: Option<SnapshotPlan>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotCompletion {
    #[serde(default)]
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotArea {
    pub area: String,
    #[serde(default)]
    pub completion: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotFinding {
    pub requirement: String,
    pub area: String,
    pub title: String,
    pub priority: Priority,
    pub status: Status,
    #[serde(default)]
    pub evidence: Vec<SnapshotEvidence>,
    #[serde(default)]
    pub against: Vec<SnapshotEvidence>,
    #[serde(default)]
    pub suppressed: Option<String>,
}

impl SnapshotFinding {
    pub fn is_open(&self) -> bool {
        matches!(self.status, Status::Missing | Status::Partial)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotEvidence {
    pub path: String,
    #[serde(default)]
    pub start_line: Option<u32>,
    #[serde(default)]
    pub end_line: Option<u32>,
}

impl SnapshotEvidence {
    /// `path:start-end`, or the path alone when the lines are not given.
    pub fn location(&self) -> String {
        match (self.start_line, self.end_line) {
            (Some(s), Some(e)) if e > s => format!("{}:{s}-{e}", self.path),
            (Some(s), _) => format!("{}:{s}", self.path),
            _ => self.path.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct SnapshotPlan {
    #[serde(default)]
    pub gaps: Vec<SnapshotGap>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotGap {
    pub id: String,
    pub requirement: String,
}

impl Snapshot {
    /// The gap id (`GAP-007`) the plan gives requirement `id`, if the analysis has a plan.
    pub fn gap_id(&self, requirement: &str) -> Option<&str> {
        self.plan
            .as_ref()?
            .gaps
            .iter()
            .find(|g| g.requirement == requirement)
            .map(|g| g.id.as_str())
    }
}

/// Reads the analysis JSON at `path`.
pub fn read_snapshot(path: &Path) -> Result<Snapshot, ReadError> {
    let bytes =
        crate::input::read(path, crate::input::MAX_INPUT_BYTES).map_err(|e| ReadError::Io {
            path: path.to_path_buf(),
            error: e.into(),
        })?;
    parse_snapshot(path, &bytes)
}

/// Parses analysis JSON; `path` only names the file in errors.
pub fn parse_snapshot(path: &Path, bytes: &[u8]) -> Result<Snapshot, ReadError> {
    let syntax = |e: serde_json::Error| ReadError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: plain_message(&e),
    };
    // First as any JSON, to tell "not JSON" (with its position) from "JSON, but not an
    // analysis", and to check the version before the shape.
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(syntax)?;
    let not_analysis = |why: &str| ReadError::NotAnAnalysis {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let Some(object) = value.as_object() else {
        return Err(not_analysis("the top level is not an object"));
    };
    if !object.contains_key("findings") {
        return Err(not_analysis("it has no `findings`"));
    }
    let version = match object.get("schema_version") {
        Some(v) => v
            .as_u64()
            .ok_or_else(|| not_analysis("`schema_version` is not a number"))?,
        None => return Err(not_analysis("it has no `schema_version`")),
    };
    if version > u64::from(ANALYSIS_SCHEMA_VERSION) {
        return Err(ReadError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: ANALYSIS_SCHEMA_VERSION,
        });
    }
    drop(value);
    // Again into the typed shape, from the text, so a wrong field is reported at its place.
    let mut snapshot: Snapshot = serde_json::from_slice(bytes).map_err(syntax)?;
    // An analysis saved before a requirement was renamed compares under the new id.
    for f in &mut snapshot.findings {
        f.requirement = crate::rules::current_id(&f.requirement).to_string();
    }
    if let Some(plan) = &mut snapshot.plan {
        for g in &mut plan.gaps {
            g.requirement = crate::rules::current_id(&g.requirement).to_string();
        }
    }
    Ok(snapshot)
}

/// serde_json's message without its own " at line L column C" suffix (the error names the
/// position in front, as `file:line:column`).
fn plain_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Snapshot, ReadError> {
        parse_snapshot(Path::new("old.json"), text.as_bytes())
    }

    const MINIMAL: &str = r#"{
  "schema_version": 1,
  "target": "builtin",
  "completion": {"percent": 50.0, "formula": "…"},
  "areas": [{"area": "ci", "completion": 50.0, "met": 1}],
  "findings": [
    {"requirement": "ci.pipeline", "area": "ci", "title": "CI", "priority": "critical",
     "status": "partial", "evidence": [{"path": "a.yml", "start_line": 3, "end_line": 3, "role": "source"}],
     "confidence": "medium", "unknown_field": [1, 2]}
  ],
  "plan": {"gaps": [{"id": "GAP-001", "requirement": "ci.pipeline", "phase": 1}]},
  "something_new": {}
}"#;

    #[test]
    fn unknown_fields_are_ignored_and_the_plan_is_optional() {
        let s = parse(MINIMAL).unwrap();
        assert_eq!(s.findings[0].status, Status::Partial);
        assert_eq!(s.findings[0].evidence[0].location(), "a.yml:3");
        assert_eq!(s.gap_id("ci.pipeline"), Some("GAP-001"));
        assert_eq!(s.gap_id("ci.lint"), None);
        let without_plan = MINIMAL.replace("\"plan\"", "\"not_the_plan\"");
        assert_eq!(parse(&without_plan).unwrap().gap_id("ci.pipeline"), None);
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let e = parse("{\n  \"schema_version\": 1,\n  \"findings\": [,]\n}").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("old.json:3:16: "), "{text}");
        assert!(!text.contains(" at line "), "{text}");
    }

    #[test]
    fn other_json_is_not_an_analysis() {
        for text in ["[1, 2]", r#"{"files": {}, "components": []}"#] {
            let e = parse(text).unwrap_err();
            assert!(matches!(e, ReadError::NotAnAnalysis { .. }), "{e}");
            assert!(e.to_string().contains("old.json"), "{e}");
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let e =
            parse(&MINIMAL.replace("\"schema_version\": 1", "\"schema_version\": 7")).unwrap_err();
        assert!(e.to_string().contains("schema_version 7"), "{e}");
    }

    #[test]
    fn a_wrong_field_type_is_reported_at_its_place() {
        let e = parse(&MINIMAL.replace("\"partial\"", "\"half\"")).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("old.json:8:"), "{text}");
        assert!(text.contains("half"), "{text}");
    }
}
