//! Comments blanked out before patterns are matched: a route or a library call written in a
//! doc comment, a commented-out line or a docstring example is not code. Each byte of a
//! comment becomes a space and newlines stay, so offsets and line numbers are the text's own
//! and snippets are still read from the original. String literals are kept: patterns look for
//! import paths, routes and keys written in strings. One linear pass; unknown languages are
//! left as they are.

use std::borrow::Cow;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `//` and `/* */` comments; `"`/`'` strings; backtick strings when `backticks`.
    CLike { backticks: bool, hash: bool },
    /// `#` comments (at a word boundary); triple-quoted strings are docstrings and blanked
    /// too when `docstrings`.
    Hash { docstrings: bool },
}

fn style(language: &str) -> Option<Style> {
    Some(match language {
        "Go" | "JavaScript" | "TypeScript" | "TSX" | "JSX" | "Kotlin" => Style::CLike {
            backticks: true,
            hash: false,
        },
        "Rust" | "Java" | "C" | "C++" | "C Header" | "C++ Header" | "C#" | "Swift" | "Scala"
        | "Dart" | "Groovy" | "Objective-C" | "Protocol Buffers" => Style::CLike {
            backticks: false,
            hash: false,
        },
        "PHP" => Style::CLike {
            backticks: false,
            hash: true,
        },
        "Python" | "Elixir" => Style::Hash { docstrings: true },
        "Ruby" | "Shell" | "BASH" | "Zsh" | "Fish" | "Perl" | "R" | "Dockerfile" | "Makefile"
        | "TOML" | "YAML" | "Nix" | "HCL" | "Terraform" | "PowerShell" => {
            Style::Hash { docstrings: false }
        }
        _ => return None,
    })
}

/// A comment that the toolchain reads as an instruction: Go build constraints and `go:`
/// directives (`//go:build integration`, `// +build`, `//go:embed`). They say what the code is.
fn is_directive(bytes: &[u8], at: usize) -> bool {
    let line_start = at == 0 || bytes[at - 1] == b'\n';
    let rest = &bytes[at..];
    line_start && (rest.starts_with(b"//go:") || rest.starts_with(b"// +build"))
}

/// `text` with the comments of `language` blanked out (borrowed when there are none).
pub fn mask_comments<'t>(language: Option<&str>, text: &'t str) -> Cow<'t, str> {
    let Some(style) = language.and_then(style) else {
        return Cow::Borrowed(text);
    };
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let blank = |out: &mut Option<Vec<u8>>, from: usize, to: usize| {
        let buf = out.get_or_insert_with(|| bytes.to_vec());
        for b in &mut buf[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        match style {
            Style::CLike { backticks, hash } => {
                let line_comment = b == b'/' && bytes.get(i + 1) == Some(&b'/')
                    || hash && b == b'#' && bytes.get(i + 1) != Some(&b'[');
                if line_comment && !is_directive(bytes, i) {
                    let end = memchr::memchr(b'\n', &bytes[i..]).map_or(n, |e| i + e);
                    blank(&mut out, i, end);
                    i = end;
                } else if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
                    let end =
                        memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(n, |e| i + 2 + e + 2);
                    blank(&mut out, i, end);
                    i = end;
                } else if b == b'"' || b == b'\'' || backticks && b == b'`' {
                    i = skip_string(bytes, i, b, b != b'`');
                } else {
                    i += 1;
                }
            }
            Style::Hash { docstrings } => {
                if docstrings
                    && (bytes[i..].starts_with(b"\"\"\"") || bytes[i..].starts_with(b"'''"))
                {
                    let quote = &bytes[i..i + 3];
                    let end =
                        memchr::memmem::find(&bytes[i + 3..], quote).map_or(n, |e| i + 3 + e + 3);
                    blank(&mut out, i, end);
                    i = end;
                } else if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
                    let end = memchr::memchr(b'\n', &bytes[i..]).map_or(n, |e| i + e);
                    blank(&mut out, i, end);
                    i = end;
                } else if b == b'"' || b == b'\'' {
                    i = skip_string(bytes, i, b, true);
                } else {
                    i += 1;
                }
            }
        }
    }
    match out {
        // Only ASCII spaces replaced whole UTF-8 sequences: still valid UTF-8.
        Some(buf) => Cow::Owned(String::from_utf8(buf).unwrap_or_else(|_| text.to_string())),
        None => Cow::Borrowed(text),
    }
}

/// The offset after the string literal that starts at `start` with `quote`. A single-quoted
/// or double-quoted string ends at the end of its line if unclosed (an apostrophe in prose, a
/// Rust lifetime), so a stray quote never swallows the rest of the file.
fn skip_string(bytes: &[u8], start: usize, quote: u8, one_line: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if one_line => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::mask_comments;

    fn masked(language: &str, text: &str) -> String {
        let m = mask_comments(Some(language), text).into_owned();
        assert_eq!(m.len(), text.len(), "same length");
        assert_eq!(
            m.matches('\n').count(),
            text.matches('\n').count(),
            "same lines"
        );
        m
    }

    #[test]
    fn comments_go_strings_stay() {
        let go = "// r.Get(\"/api/v1/health\", h)\nurl := \"http://x//y\" // trailing\n/* block\n r.Get(\"/a\") */ x := 1\n";
        let m = masked("Go", go);
        assert!(!m.contains("/api/v1/health"));
        assert!(m.contains("\"http://x//y\""));
        assert!(!m.contains("trailing") && !m.contains("block") && !m.contains("\"/a\""));
        assert!(m.contains("x := 1"));
    }

    #[test]
    fn python_docstrings_and_hash_comments() {
        let py = "def f():\n    \"\"\"Example: app.get('/api/x')\"\"\"\n    x = '#not a comment'  # trailing remark\n    return x\n";
        let m = masked("Python", py);
        assert!(!m.contains("/api/x") && !m.contains("remark"));
        assert!(m.contains("'#not a comment'") && m.contains("return x"));
    }

    #[test]
    fn yaml_hash_needs_a_space_before_it_and_unknown_languages_are_untouched() {
        let y = "url: http://h/#frag\n# kind: Deployment\nkey: v # note\n";
        let m = masked("YAML", y);
        assert!(m.contains("http://h/#frag") && !m.contains("Deployment") && !m.contains("note"));
        assert_eq!(mask_comments(Some("Markdown"), "# title"), "# title");
        assert_eq!(mask_comments(None, "// x"), "// x");
    }

    #[test]
    fn directives_and_attributes_are_code() {
        let go = "//go:build integration\n// +build integration\npackage p // go:build x\n";
        let m = masked("Go", go);
        assert!(m.starts_with("//go:build integration\n// +build integration\n"));
        assert!(
            !m.contains("go:build x"),
            "a directive only at the start of a line"
        );
        let php = "#[Route('/api/users')]\n# Route('/old')\n";
        let m = masked("PHP", php);
        assert!(m.contains("#[Route('/api/users')]") && !m.contains("/old"));
    }

    #[test]
    fn unclosed_quotes_and_comments_end_safely() {
        let rs = "fn f<'a>(x: &'a str) { g(\"/api\") } /* open";
        let m = masked("Rust", rs);
        assert!(m.contains("g(\"/api\")"), "{m}");
        let multibyte = "// é ü\nok";
        assert_eq!(masked("Go", multibyte).trim_start(), "ok");
        masked("Python", "'''never closed\nx");
    }
}
