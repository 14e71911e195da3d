//! Facts from source code: stubs and placeholders (parsed with tree-sitter), TODO markers,
//! HTTP routes and listeners, imports and outbound URLs (the component graph), error-handling
//! habits, hard-coded secrets and the settings read from the environment.
//!
//! Parsing is the expensive part of a scan, so a file is parsed only when a cheap search of its
//! text finds something a parse must confirm (a `pass`, a `todo!`, an empty body, a
//! placeholder log line), and only up to [`MAX_PARSE_BYTES`]. The other extractors read lines.
//! Code extraction runs in analysis only: `scan` counts and inventories, it does not read code.

pub mod env;
pub mod errors;
pub mod imports;
pub mod routes;
pub mod secrets;
pub mod stubs;
pub mod todos;

use super::{FileFacts, SourceFile};
use crate::facts::FileRole;

/// Files larger than this are not parsed (their line-based facts are still read).
pub const MAX_PARSE_BYTES: usize = 1 << 20;

/// Longest snippet kept of a line.
pub(crate) const SNIPPET_CHARS: usize = 160;

/// The languages gapscope reads code facts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Go,
    Python,
    Rust,
    TypeScript,
    Tsx,
    JavaScript,
    Java,
    /// Read by the line-based extractors only (no grammar is built in).
    Kotlin,
}

impl Lang {
    /// From tokei's language name.
    pub fn from_tokei(name: &str) -> Option<Lang> {
        Some(match name {
            "Go" => Lang::Go,
            "Python" => Lang::Python,
            "Rust" => Lang::Rust,
            "TypeScript" => Lang::TypeScript,
            "TSX" => Lang::Tsx,
            "JavaScript" | "JSX" => Lang::JavaScript,
            "Java" => Lang::Java,
            "Kotlin" => Lang::Kotlin,
            _ => return None,
        })
    }

    pub fn is_js_family(self) -> bool {
        matches!(self, Lang::TypeScript | Lang::Tsx | Lang::JavaScript)
    }
}

/// Whether code extraction reads files of this language and role.
pub fn wants(file_name: &str, language: Option<&str>, role: FileRole) -> bool {
    (reads_role(role)
        && (language.and_then(Lang::from_tokei).is_some()
            || (role == FileRole::Source && is_settings_file(file_name))
            || (role == FileRole::Test && language == Some("Ruby"))))
        || secrets::reads_config(file_name, language, role)
}

/// `.env` files and Java properties: read for secrets only.
fn is_settings_file(file_name: &str) -> bool {
    (file_name.starts_with(".env")
        && !file_name.contains("example")
        && !file_name.contains("sample"))
        || file_name.ends_with(".properties")
}

/// Vendored, generated and build-output code is someone else's; it is not read for code facts.
fn reads_role(role: FileRole) -> bool {
    matches!(role, FileRole::Source | FileRole::Test)
}

/// Runs every code extractor on one file.
pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    if secrets::reads_config(file.file_name, file.language, file.role) {
        // Configuration, deployment files and code gapscope has no grammar for: secrets and
        // the settings the code reads from the environment.
        let code = crate::text::mask_comments(file.language, file.text);
        secrets::extract_code(file, &code, &mut out.code);
        if file.role == FileRole::Source {
            env::extract_code(file, &code, &mut out.code);
        }
        return;
    }
    if !reads_role(file.role) {
        return;
    }
    if file.role == FileRole::Source && is_settings_file(file.file_name) {
        secrets::extract(file, &mut out.code);
        return;
    }
    if file.role == FileRole::Test && file.language == Some("Ruby") {
        // Ruby has no grammar here; its tests are read from the text.
        stubs::ruby_tests(file, &mut out.code);
        return;
    }
    let Some(lang) = file.language.and_then(Lang::from_tokei) else {
        return;
    };
    // Type stubs (`.pyi`) and declaration files describe interfaces; their `...` bodies are the
    // format, not missing code.
    if file.path.ends_with(".pyi") || file.path.ends_with(".d.ts") {
        return;
    }
    let code = &mut out.code;
    todos::extract(file, code);
    if let Some(note) = stubs::extract(file, lang, code) {
        out.notes.push(note);
    }
    if file.role == FileRole::Source {
        routes::extract(file, lang, code);
        imports::extract(file, lang, code);
        errors::extract(file, lang, code);
        // One masking for both extractors that read code without its comments.
        let masked = crate::text::mask_comments(file.language, file.text);
        secrets::extract_code(file, &masked, code);
        env::extract_code(file, &masked, code);
    } else if file.role == FileRole::Test {
        // Tests count as consumers in the component graph only as weak evidence; they are read
        // so a report can say "only tests use it".
        imports::extract(file, lang, code);
    }
}

/// The trimmed, redacted, shortened text of line `line` (1-based) of a file.
pub(crate) fn snippet_of_line(file: &SourceFile<'_>, line: u32) -> String {
    snippet(file.line_text(line))
}

/// A line as evidence quotes it: trimmed, redacted, at most [`SNIPPET_CHARS`] characters.
pub(crate) fn snippet(raw: &str) -> String {
    let short: String = raw.trim().chars().take(SNIPPET_CHARS).collect();
    crate::text::redact(&short)
}

/// The lines of `text` (byte ranges, without the newline) that contain one of `needles`, each
/// once, in order. A line-anchored regex with no literal to skip ahead with runs over every
/// byte of a file; run over these lines only, it costs a fraction.
pub(crate) fn lines_containing(
    text: &str,
    needles: &aho_corasick::AhoCorasick,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in needles.find_iter(text) {
        if out.last().is_some_and(|&(_, end)| m.start() <= end) {
            continue;
        }
        out.push(crate::text::line_bounds(text, m.start()));
    }
    out
}

/// A case-insensitive search for any of `words`.
pub(crate) fn needles(words: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .unwrap_or_else(|e| panic!("static needles {words:?}: {e}"))
}

/// The line around byte `offset`: its 1-based number and its text (without the newline).
///
/// The line-based extractors search a file's whole text once per regex and look the line up
/// for each match: one regex call per line and file costs more than the parse of the files
/// that need one.
pub(crate) fn line_at<'t>(file: &SourceFile<'t>, offset: usize) -> (u32, &'t str) {
    let (start, end) = crate::text::line_bounds(file.text, offset);
    let line = &file.text[start..end];
    (
        file.line_of(offset),
        line.strip_suffix('\r').unwrap_or(line),
    )
}

/// Compiles a static pattern of the code extractors with ASCII classes: `\b`, `\w`, `\s` and
/// `\d` mean their ASCII forms (code identifiers and keywords are ASCII). Unicode word
/// boundaries make the regex engine leave its lazy DFA for a slow one on any non-ASCII text,
/// and Unicode classes blow up its states; both cost more than parsing.
pub(crate) fn ascii_regex(pattern: &str) -> regex::Regex {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match (e, class_depth > 0) {
                    ('b' | 'B', false) => {
                        out.push_str("(?-u:\\");
                        out.push(e);
                        out.push(')');
                    }
                    ('w' | 's' | 'd', false) => {
                        out.push_str("(?-u:\\");
                        out.push(e);
                        out.push(')');
                    }
                    ('w', true) => out.push_str("0-9A-Za-z_"),
                    ('s', true) => out.push_str("\\t\\n\\x0B\\x0C\\r "),
                    ('d', true) => out.push_str("0-9"),
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    regex::Regex::new(&out).unwrap_or_else(|e| panic!("static regex {pattern}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::ascii_regex;

    #[test]
    fn ascii_classes_keep_the_meaning_on_ascii_code() {
        let re = ascii_regex(r#"\bpass\w*\s*=\s*"([^"\s]{2,})"\d?"#);
        assert!(re.is_match("é password = \"abc\"1"));
        assert!(!re.is_match("bypass = \"abc\""));
        assert_eq!(
            &re.captures("password= \"x y\" pass=\"zz\"").unwrap()[1],
            "zz"
        );
        assert!(ascii_regex(r"[\w.-]+").is_match("a.b-c"));
        assert!(ascii_regex(r"[]a]").is_match("]"));
    }
}
