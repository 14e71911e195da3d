//! Quoting text that came from a repository or a target file, one function per kind of output.
//! Every renderer and every message that quotes such text goes through one of these:
//!
//! * [`terminal`] (one line) and [`terminal_block`] (lines kept) for the terminal: control
//!   characters (escape sequences, C1 controls) and the Unicode controls that reorder text on
//!   display (bidi embeddings, overrides, isolates and marks) are removed;
//! * [`markdown`] for Markdown text, [`markdown_code`] for a code span, [`markdown_prose`] for a
//!   target's own Markdown prose (its emphasis and code spans kept, its HTML and links not);
//! * HTML through the template environment's autoescape, after [`strip_bidi`].
//!
//! JSON output is data and keeps every character (JSON escapes the controls).

use std::borrow::Cow;

/// The characters that reorder text on display: the bidi embeddings and overrides
/// (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
/// Shown in a review, they make quoted text read differently from what it is.
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

fn strip(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let bad = |c: char| (c.is_control() && !(keep_lines && c == '\n')) || is_bidi(c);
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if bad(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Text for one terminal line: control characters (newlines included) and bidi controls
/// removed, tabs as spaces.
pub fn terminal(s: &str) -> Cow<'_, str> {
    strip(s, false)
}

/// Text of several lines for the terminal: as [`terminal`], but newlines stay.
pub fn terminal_block(s: &str) -> Cow<'_, str> {
    strip(s, true)
}

/// Bidi controls removed, everything else kept (for HTML, which escapes the rest).
pub fn strip_bidi(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_bidi) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_bidi(c)).collect())
}

/// Text on one line with nothing a terminal or a Markdown reader would act on but the words.
pub fn one_line(s: &str) -> String {
    terminal(&s.replace(['\n', '\r'], " ")).into_owned()
}

/// Markdown text on one line: every character Markdown could read as markup is
/// backslash-escaped, so a quoted title cannot open a link, emphasis, a table cell or inline
/// HTML.
pub fn markdown(s: &str) -> String {
    let s = one_line(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An inline code span that holds any text on one line: the fence is longer than any run of
/// backticks inside, and `|` is escaped so the span can sit in a table cell.
pub fn markdown_code(s: &str) -> String {
    let s = one_line(s).replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A target's own prose (a requirement's why and fix), which may use Markdown emphasis and
/// code spans: those stay, but inline HTML, links and images cannot be written (`<`, `>`, `&`,
/// `[` and `]` are escaped) and control and bidi characters are removed. Lines are kept.
pub fn markdown_prose(s: &str) -> String {
    let s = terminal_block(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '<' | '>' | '&' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A fenced code block of `lang` holding `s` whatever it contains: the fence is longer than
/// any run of backticks in it; control and bidi characters are removed.
pub fn markdown_fence(lang: &str, s: &str) -> String {
    let s = terminal_block(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{s}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<img src=x onerror=alert(1)>\x1b]0;t\x07\x1b[2J \u{202E}\u{2066}r\u{2069} [l](javascript:x) | *b*\u{9b}";

    #[test]
    fn terminal_text_loses_escapes_and_bidi() {
        assert_eq!(terminal("a\x1b[31mred\x07\tb"), "a[31mred b");
        let t = terminal(HOSTILE);
        assert!(!t.chars().any(|c| c.is_control() || is_bidi(c)), "{t:?}");
        assert_eq!(terminal_block("a\nb\u{202E}c"), "a\nbc");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_cannot_open_html_links_or_cells() {
        let m = markdown(HOSTILE);
        assert!(m.contains("\\<img"), "{m}");
        assert!(m.contains("\\[l\\](javascript:x)"), "{m}");
        assert!(m.contains("\\|"), "{m}");
        assert!(!m.chars().any(|c| c.is_control() || is_bidi(c)), "{m:?}");
        let p = markdown_prose("Use `x` and *y*.\n<script>[a](b)");
        assert_eq!(p, "Use `x` and *y*.\n\\<script\\>\\[a\\](b)");
        assert_eq!(markdown_code("a`b|c"), "``a`b\\|c``");
        assert_eq!(markdown_fence("yaml", "x: ```y"), "````yaml\nx: ```y\n````");
    }
}
