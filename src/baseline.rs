//! Baselines: the gaps a repository already has, frozen in a file, so CI fails only on new
//! ones (`analyze --write-baseline FILE`, then `analyze --baseline FILE --fail-on …`).
//!
//! The file is JSON, versioned, with entries sorted and no line numbers or timestamps, so it
//! changes only when the set of accepted gaps changes:
//!
//! ```json
//! {
//!   "format": "gapscope-baseline",
//!   "version": 1,
//!   "target": "builtin",
//!   "entries": [
//!     { "kind": "finding", "requirement": "ci.pipeline", "status": "missing", "title": "…" }
//!   ]
//! }
//! ```
//!
//! Each entry has a `kind`. `finding` entries record an open finding (missing or partial).
//! **Matching rule**: an open finding of the current run is *in the baseline* when an entry
//! has the same requirement id and the finding is no worse than the entry's status — a
//! baseline `missing` matches a current `missing` or `partial` (still open, improved); a
//! baseline `partial` matches only `partial`, so a partial → missing regression is new and
//! gates. Requirement ids are the identity: a renamed file or a moved line is the same gap.
//! The title is kept for people reading the file and is not matched. Other kinds (code facts
//! such as stubs: path + function + kind) can be added as new variants of [`Entry`]; a file
//! with a kind this version does not know is refused rather than half-applied.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::results::{Analysis, Status};

/// The `format` field of every baseline file.
pub const FORMAT: &str = "gapscope-baseline";
/// The newest baseline version this gapscope reads and the one it writes.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub format: String,
    pub version: u32,
    /// The target the baseline was written against (informational: entries match by id).
    pub target: String,
    pub entries: Vec<Entry>,
}

/// One accepted gap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Entry {
    /// An open finding: requirement id and its status when the baseline was written.
    Finding {
        requirement: String,
        status: Status,
        #[serde(default)]
        title: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: cannot read the baseline: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: cannot write the baseline: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: not a gapscope baseline (no `\"format\": \"{FORMAT}\"`); write one with `gapscope analyze --write-baseline FILE`")]
    NotABaseline { path: PathBuf },
    #[error("{path}: baseline version {found} is newer than this gapscope reads ({VERSION})")]
    Newer { path: PathBuf, found: u64 },
    #[error("{path}: baseline entry for `{requirement}` has status `{status}`; only open findings (missing, partial) belong in a baseline")]
    NotOpen {
        path: PathBuf,
        requirement: String,
        status: Status,
    },
}

impl Baseline {
    /// The open findings of `analysis`, sorted.
    pub fn from_analysis(analysis: &Analysis) -> Baseline {
        let mut entries: Vec<Entry> = analysis
            .findings
            .iter()
            .filter(|f| f.is_open())
            .map(|f| Entry::Finding {
                requirement: f.requirement.clone(),
                status: f.status,
                title: f.title.clone(),
            })
            .collect();
        entries.sort();
        entries.dedup();
        Baseline {
            format: FORMAT.into(),
            version: VERSION,
            target: analysis.target.clone(),
            entries,
        }
    }

    /// Reads and checks a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let bytes = crate::input::read(path, crate::input::MAX_INPUT_BYTES).map_err(|e| {
            BaselineError::Read {
                path: path.to_path_buf(),
                error: e.into(),
            }
        })?;
        Self::parse(path, &bytes)
    }

    /// Parses a baseline; `path` only names the file in errors.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Baseline, BaselineError> {
        let invalid = |e: serde_json::Error| {
            let text = e.to_string();
            BaselineError::Invalid {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: match text.rfind(" at line ") {
                    Some(i) => text[..i].to_string(),
                    None => text,
                },
            }
        };
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(invalid)?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(BaselineError::NotABaseline {
                path: path.to_path_buf(),
            });
        }
        if let Some(found) = value.get("version").and_then(|v| v.as_u64()) {
            if found > u64::from(VERSION) {
                return Err(BaselineError::Newer {
                    path: path.to_path_buf(),
                    found,
                });
            }
        }
        drop(value);
        let mut baseline: Baseline = serde_json::from_slice(bytes).map_err(invalid)?;
        for e in &mut baseline.entries {
            // A baseline written before a requirement was renamed still accepts its finding.
            let Entry::Finding { requirement, .. } = e;
            *requirement = crate::rules::current_id(requirement).to_string();
        }
        for e in &baseline.entries {
            let Entry::Finding {
                requirement,
                status,
                ..
            } = e;
            if !matches!(status, Status::Missing | Status::Partial) {
                return Err(BaselineError::NotOpen {
                    path: path.to_path_buf(),
                    requirement: requirement.clone(),
                    status: *status,
                });
            }
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON with a final newline.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serialises");
        text.push('\n');
        std::fs::write(path, text).map_err(|source| BaselineError::Write {
            path: path.to_path_buf(),
            error: source,
        })
    }

    /// Whether an open finding with `requirement` and `status` is accepted by this baseline
    /// (the matching rule in the module docs).
    pub fn accepts(&self, requirement: &str, status: Status) -> bool {
        self.entries.iter().any(|e| match e {
            Entry::Finding {
                requirement: r,
                status: s,
                ..
            } => {
                r == requirement
                    && match status {
                        Status::Partial => matches!(s, Status::Missing | Status::Partial),
                        Status::Missing => *s == Status::Missing,
                        Status::Met | Status::Unknown | Status::NotApplicable => false,
                    }
            }
        })
    }

    /// Marks the open findings of `analysis` the baseline accepts (`Finding::in_baseline`)
    /// and returns how the run compares with it.
    pub fn apply(&self, analysis: &mut Analysis) -> Applied {
        let mut applied = Applied::default();
        for f in &mut analysis.findings {
            f.in_baseline = f.is_open() && self.accepts(&f.requirement, f.status);
            if f.in_baseline {
                applied.matched += 1;
            } else if f.is_open() && f.suppressed.is_none() {
                applied.new.push(f.requirement.clone());
            }
        }
        for e in &self.entries {
            let Entry::Finding { requirement, .. } = e;
            let still_open = analysis
                .findings
                .iter()
                .any(|f| &f.requirement == requirement && f.in_baseline);
            if !still_open {
                applied.resolved.push(requirement.clone());
            }
        }
        applied
    }
}

/// How a run compared with its baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Open findings the baseline accepts.
    pub matched: usize,
    /// Open, unsuppressed findings it does not accept: the new gaps.
    pub new: Vec<String>,
    /// Baseline entries no finding matches any more (closed, regressed, or gone from the
    /// target): writing the baseline again tightens it.
    pub resolved: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline(entries: &[(&str, Status)]) -> Baseline {
        Baseline {
            format: FORMAT.into(),
            version: VERSION,
            target: "t".into(),
            entries: entries
                .iter()
                .map(|(r, s)| Entry::Finding {
                    requirement: r.to_string(),
                    status: *s,
                    title: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn missing_to_partial_is_still_accepted_but_partial_to_missing_is_not() {
        let b = baseline(&[("a.x", Status::Missing), ("a.y", Status::Partial)]);
        assert!(b.accepts("a.x", Status::Missing));
        assert!(b.accepts("a.x", Status::Partial));
        assert!(b.accepts("a.y", Status::Partial));
        assert!(!b.accepts("a.y", Status::Missing), "a regression gates");
        assert!(!b.accepts("a.z", Status::Missing), "a new gap gates");
        assert!(!b.accepts("a.x", Status::Met));
    }

    fn parse(text: &str) -> Result<Baseline, BaselineError> {
        Baseline::parse(Path::new("base.json"), text.as_bytes())
    }

    #[test]
    fn bad_files_are_refused_with_their_place() {
        let e = parse("{\"format\": \"gapscope-baseline\",\n \"version\": 1,\n}").unwrap_err();
        assert!(e.to_string().starts_with("base.json:3:1: "), "{e}");

        let e = parse("{\"findings\": []}").unwrap_err();
        assert!(matches!(e, BaselineError::NotABaseline { .. }), "{e}");

        let e =
            parse(r#"{"format": "gapscope-baseline", "version": 9, "target": "t", "entries": []}"#)
                .unwrap_err();
        assert!(e.to_string().contains("version 9"), "{e}");

        let e = parse(
            r#"{"format": "gapscope-baseline", "version": 1, "target": "t",
  "entries": [{"kind": "stub", "path": "a.go", "function": "f"}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("base.json:2:"), "{e}");
        assert!(e.to_string().contains("stub"), "{e}");

        let e = parse(
            r#"{"format": "gapscope-baseline", "version": 1, "target": "t",
  "entries": [{"kind": "finding", "requirement": "a.x", "status": "met"}]}"#,
        )
        .unwrap_err();
        assert!(matches!(e, BaselineError::NotOpen { .. }), "{e}");
    }

    #[test]
    fn a_written_baseline_reads_back_sorted_without_lines() {
        let b = baseline(&[("b.y", Status::Partial), ("a.x", Status::Missing)]);
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("baseline.json");
        let mut sorted = b.clone();
        sorted.entries.sort();
        sorted.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("_line"), "{text}");
        assert!(text.find("a.x").unwrap() < text.find("b.y").unwrap());
        assert_eq!(Baseline::load(&path).unwrap(), sorted);
    }
}
