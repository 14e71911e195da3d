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

/// Hides values that look like secrets in a line quoted as evidence: quoted strings and
/// assigned values on lines that name a password, secret, token or key.
pub fn redact(line: &str) -> String {
    static SECRETISH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            // `pass` alone only as a name given a value (`pass: x`): Python's `pass` statement
            // (`def f(): pass`) names nothing.
            r"(?i)(pass(word|wd)|\bpass\s*[:=]|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)",
        )
        .expect("static regex")
    });
    static VALUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"("[^"]{2,}"|'[^']{2,}'|`[^`]{2,}`|([:=]\s*)[^\s"'`,;)}]{4,})"#)
            .expect("static regex")
    });
    static KEY_MATERIAL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|xox[baprs]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----)").expect("static regex")
    });
    let line = KEY_MATERIAL.replace_all(line, "[REDACTED]");
    if !SECRETISH.is_match(&line) {
        return line.into_owned();
    }
    VALUE
        .replace_all(&line, |c: &regex::Captures<'_>| match c.get(2) {
            Some(prefix) => format!("{}[REDACTED]", prefix.as_str()),
            None => {
                let q = &c[0][..1];
                format!("{q}[REDACTED]{q}")
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secrets_are_redacted_in_snippets() {
        assert_eq!(
            redact(r#"password := "minio123""#),
            r#"password := "[REDACTED]""#
        );
        assert_eq!(redact("DB_PASSWORD=supersecret"), "DB_PASSWORD=[REDACTED]");
        assert_eq!(redact("key: AKIAABCDEFGHIJKLMNOP"), "key: [REDACTED]");
        assert_eq!(
            redact(r#"log.Info("starting server")"#),
            r#"log.Info("starting server")"#
        );
        // A name `pass` given a value is hidden; Python's `pass` statement is code.
        assert_eq!(redact("  pass: hunter22"), "  pass: [REDACTED]");
        assert_eq!(redact("PASS=hunter22"), "PASS=[REDACTED]");
        assert_eq!(redact("def _f(): pass"), "def _f(): pass");
        assert_eq!(redact("async def _coro(): pass"), "async def _coro(): pass");
    }
}
