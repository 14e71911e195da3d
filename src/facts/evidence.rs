use serde::{Deserialize, Serialize};

/// What a file is for. Evidence inherits the role of the file it was found in, and the honesty
/// rules of the analysis depend on it: only `source` counts as implementation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    /// Code, configuration, manifests and infrastructure that ship: the implementation.
    Source,
    /// Tests (unit, integration, end-to-end).
    Test,
    /// Fixtures and test data.
    Fixture,
    /// Examples, samples and demos.
    Example,
    /// Documentation.
    Docs,
    /// Third-party code copied into the repository (vendor/, third_party/, node_modules/).
    Vendored,
    /// Machine-written files: lock files, generated code.
    Generated,
    /// Build output checked into or left in the tree (target/, dist/, build/).
    BuildOutput,
}

impl FileRole {
    /// All roles, in the order reports list them.
    pub const ALL: [FileRole; 8] = [
        FileRole::Source,
        FileRole::Test,
        FileRole::Fixture,
        FileRole::Example,
        FileRole::Docs,
        FileRole::Vendored,
        FileRole::Generated,
        FileRole::BuildOutput,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FileRole::Source => "source",
            FileRole::Test => "test",
            FileRole::Fixture => "fixture",
            FileRole::Example => "example",
            FileRole::Docs => "docs",
            FileRole::Vendored => "vendored",
            FileRole::Generated => "generated",
            FileRole::BuildOutput => "build_output",
        }
    }

    /// Whether evidence in a file of this role can make a requirement met.
    pub fn is_implementation(self) -> bool {
        self == FileRole::Source
    }
}

crate::display_via_as_str!(FileRole);

/// Where a fact was observed: a repository-relative path (always `/`-separated) and a 1-based,
/// inclusive line range.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Evidence {
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    pub role: FileRole,
    /// A short excerpt of the line(s), with secrets redacted. Absent when the whole file is
    /// the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl Evidence {
    pub fn lines(path: impl Into<String>, role: FileRole, start_line: u32, end_line: u32) -> Self {
        Evidence {
            path: path.into(),
            start_line,
            end_line: end_line.max(start_line),
            role,
            snippet: None,
        }
    }

    pub fn line(path: impl Into<String>, role: FileRole, line: u32) -> Self {
        Self::lines(path, role, line, line)
    }

    pub fn with_snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = Some(snippet.into());
        self
    }

    /// `path:start-end` (or `path:line`), as terminals and editors read it.
    pub fn location(&self) -> String {
        if self.start_line == self.end_line {
            format!("{}:{}", self.path, self.start_line)
        } else {
            format!("{}:{}-{}", self.path, self.start_line, self.end_line)
        }
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.location())
    }
}
