//! TODO, FIXME, HACK and XXX comments with their text.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::SourceFile;
use crate::facts::code::TodoMarker;
use crate::facts::{CodeFacts, Evidence};

/// Markers kept per file: enough to show where work is left, not a listing of a legacy file.
const MARKERS_PER_FILE: usize = 100;

// The marker first (a literal the regex engine finds fast), the comment leader checked after.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    super::ascii_regex(r"\b(TODO|FIXME|HACK|XXX)\b(?:\([^)\n]*\))?[ \t:\-]*([^\n]*)")
});
static COMMENT_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| super::ascii_regex(r"(//|#|/\*|^\s*\*|<!--)[ \t]*$"));

pub fn extract(file: &SourceFile<'_>, out: &mut CodeFacts) {
    let mut kept = 0;
    for c in MARKER.captures_iter(file.text) {
        let (Some(all), Some(marker), Some(text)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let line_start = file.text[..all.start()].rfind('\n').map_or(0, |i| i + 1);
        if !COMMENT_BEFORE.is_match(&file.text[line_start..all.start()]) {
            continue;
        }
        kept += 1;
        if kept > MARKERS_PER_FILE {
            break;
        }
        let line = file.line_of(all.start());
        let text = text
            .as_str()
            .trim()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim();
        out.todos.push(TodoMarker {
            evidence: Evidence::line(file.path, file.role, line)
                .with_snippet(super::snippet_of_line(file, line)),
            marker: marker.as_str().to_string(),
            text: super::snippet(text),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::test_file;
    use crate::facts::CodeFacts;

    #[test]
    fn markers_in_comments_with_their_text() {
        let text = "x := 1 // TODO(ana): retry on 503\n# FIXME - quadratic\ns = \"TODO in a string\"\n/* HACK: works around #12 */\n";
        let mut out = CodeFacts::default();
        super::extract(&test_file("a.go", text), &mut out);
        let got: Vec<(u32, &str, &str)> = out
            .todos
            .iter()
            .map(|t| (t.evidence.start_line, t.marker.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "TODO", "retry on 503"),
                (2, "FIXME", "quadratic"),
                (4, "HACK", "works around #12"),
            ]
        );
    }
}
