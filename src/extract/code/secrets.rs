//! Likely hard-coded secrets in source and configuration: a literal assigned to a name that
//! says password, secret, token or key, and key material with a known shape (AWS access keys,
//! GitHub and Slack tokens, private keys). Obvious dummies (`changeme`, `<your-key>`,
//! `${VAR}`) are left out, and so are tests (the extractor is not run on them).
//!
//! The value is never kept: the evidence snippet is the redacted line.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::SourceFile;
use crate::facts::code::Secret;
use crate::facts::{CodeFacts, Evidence};

fn re(s: &str) -> Regex {
    super::ascii_regex(s)
}

static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b\w*?(passw(?:or)?d|passwd|pwd|secret(?:_?key)?|api_?key|access_?key|private_?key|auth_?token|access_?token|client_?secret|token)s?(?:_?\d+)?\b["']?[ \t]*(?::=|=|:|=>)[ \t]*["'`]([^"'`\s]{4,})["'`]"#,
    )
});
static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?im)^[ \t]*(?:export[ \t]+)?\w*?(passw(?:or)?d|passwd|secret(?:_?key)?|api_?key|access_?key|private_?key|auth_?token|access_?token|client_?secret|token)s?(?:_?\d+)?[ \t]*[=:][ \t]*["']?([^"'\s#]{4,})"#,
    )
});
/// The words every name [`ASSIGNED`] and [`ENV_LINE`] accept contains.
static SECRET_WORD: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::needles(&["pass", "pwd", "secret", "key", "token"]));
static KEY_MATERIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<aws_access_key>\bAKIA[0-9A-Z]{16}\b)|(?P<github_token>\bgh[pousr]_[A-Za-z0-9]{30,})|(?P<slack_token>\bxox[baprs]-[A-Za-z0-9-]{10,})|(?P<private_key>-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----)",
    )
});
static DUMMY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(changeme|change_?me|example|dummy|test|testing|password|passwd|secret|token|none|null|nil|undefined|redacted|fake|sample|foo|bar|admin|default|required|optional|string|\*+|x+|\.+)$|example|dummy|your[_-]|xxxx|\$\{|\$\(|\{\{|%s|%\(|<[^>]*>|^\$\w+|^process\.env|^os\.|^env\b|replace[_-]?me|placeholder|not[_-]?set|(?-i:^[A-Z][A-Z0-9_]+$)|^[\w-]+\.[\w-]+\(|/|^\w+\[",
    )
});

/// Finds likely secrets in a source or configuration file.
pub fn extract(file: &SourceFile<'_>, out: &mut CodeFacts) {
    let env_like = file.file_name.starts_with(".env") || file.file_name.ends_with(".properties");
    // (offset, kind, the value to hide even where the line does not name it a secret)
    let mut found: Vec<(usize, String, &str)> = Vec::new();
    for c in KEY_MATERIAL.captures_iter(file.text) {
        let kind = [
            "aws_access_key",
            "github_token",
            "slack_token",
            "private_key",
        ]
        .iter()
        .find(|k| c.name(k).is_some());
        if let (Some(kind), Some(m)) = (kind, c.get(0)) {
            found.push((m.start(), kind.to_string(), m.as_str()));
        }
    }
    let assigned = if env_like { &*ENV_LINE } else { &*ASSIGNED };
    // Both patterns match within a line that names a secret word.
    for (start, end) in super::lines_containing(file.text, &SECRET_WORD) {
        for c in assigned.captures_iter(&file.text[start..end]) {
            let Some(value) = c.get(2).map(|m| m.as_str()) else {
                continue;
            };
            let kind = kind_of(&c[1]);
            if !DUMMY.is_match(value) && !is_identifier_like(value) && looks_secret(&kind, value) {
                found.push((start + c.get(0).map_or(0, |m| m.start()), kind, value));
            }
        }
    }
    let mut last_line = 0;
    found.sort();
    for (offset, kind, value) in found {
        let (line_no, line) = super::line_at(file, offset);
        if line_no == last_line || line.len() > 2000 {
            continue; // one secret per line is enough to point at it
        }
        last_line = line_no;
        out.secrets.push(Secret {
            kind,
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(&line.replace(value, "[REDACTED]"))),
            component: None,
        });
    }
}

/// Whether a value has the shape of a secret of its kind. A password or an access key may be
/// a short word (`minio123`, a default `minio`); a token, API key or secret is machine-made:
/// long enough, and not a plain lower-case word or phrase (`unstructured`, `invalid-mailbox`).
/// Format strings are templates, not values.
fn looks_secret(kind: &str, value: &str) -> bool {
    if value.contains(['%', '{']) {
        return false;
    }
    if kind == "password" || kind == "access_key" {
        return true;
    }
    let mixed = value.bytes().any(|b| b.is_ascii_digit())
        || (value.bytes().any(|b| b.is_ascii_uppercase())
            && value.bytes().any(|b| b.is_ascii_lowercase()))
        || value
            .bytes()
            .any(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'-' | b'_' | b'.'));
    value.len() >= 8 && mixed
}

/// A value that names something rather than being a secret: `password_hash`, `X-Api-Key`.
fn is_identifier_like(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let names_one =
        lower.contains("password") || lower.contains("secret") || lower.contains("token");
    (names_one && (lower.contains('_') || lower.contains('-') || lower.contains('.')))
        || lower.starts_with("x-")
        || lower.starts_with("authorization")
}

fn kind_of(word: &str) -> String {
    let w = word.to_ascii_lowercase().replace('_', "");
    if w.starts_with("pass") || w == "pwd" {
        "password"
    } else if w.contains("apikey") {
        "api_key"
    } else if w.contains("accesskey") {
        "access_key"
    } else if w.contains("privatekey") {
        "private_key"
    } else if w.contains("token") {
        "token"
    } else {
        "secret"
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_file;

    fn secrets(path: &str, text: &str) -> Vec<(String, u32, String)> {
        let mut out = CodeFacts::default();
        extract(&test_file(path, text), &mut out);
        out.secrets
            .iter()
            .map(|s| {
                (
                    s.kind.clone(),
                    s.evidence.start_line,
                    s.evidence.snippet.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn literals_and_key_material_are_found_and_never_printed() {
        let text = concat!(
            "password := \"minio123\"\n",
            "apiKey = 'sk-live-8f2a9c7d'\n",
            "aws = \"AKIAIOSFODNN7EXAMPL3\"\n",
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "AccessKey:  \"minio-admin-7\",\n",
        );
        let got = secrets("main.go", text);
        let kinds: Vec<(&str, u32)> = got.iter().map(|(k, l, _)| (k.as_str(), *l)).collect();
        assert_eq!(
            kinds,
            [
                ("password", 1),
                ("api_key", 2),
                ("aws_access_key", 3),
                ("private_key", 4),
                ("access_key", 5)
            ]
        );
        for (_, _, snippet) in &got {
            for value in [
                "minio123",
                "sk-live-8f2a9c7d",
                "AKIAIOSFODNN7EXAMPL3",
                "BEGIN RSA",
                "minio-admin-7",
            ] {
                assert!(!snippet.contains(value), "{snippet} leaks {value}");
            }
        }
    }

    #[test]
    fn dummies_and_lookups_are_not_secrets() {
        let text = concat!(
            "password = os.getenv(\"DB_PASSWORD\")\n",
            "password := \"changeme\"\n",
            "api_key = \"<your-api-key>\"\n",
            "token = \"${TOKEN}\"\n",
            "password_field = \"password_hash\"\n",
            "SECRET_NAME = \"DB_PASSWORD\"\n",
            "header_token = \"X-Auth-Token\"\n",
            // Names that only start with a secret word, words, and format strings.
            "token_type = 'invalid-mailbox'\n",
            "password_field = \"hunter22\"\n",
            "token = 'unstructured'\n",
            "token_range = \"%d,%d-%d,%d:\"\n",
            "api_key = \"{prefix}-{id}\"\n",
        );
        assert!(secrets("config.py", text).is_empty());
    }

    #[test]
    fn env_files() {
        let got = secrets(
            ".env",
            "DB_PASSWORD=supersecret\nAPI_TOKEN=\nLOG_LEVEL=debug\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, "DB_PASSWORD=[REDACTED]");
    }
}
