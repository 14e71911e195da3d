//! TODO, FIXME, HACK and XXX comments with their text.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::SourceFile;
use crate::facts::code::TodoMarker;
use crate::facts::{CodeFacts, Evidence};

/// Markers kept per file: enough to show where work is left, not a listing of a legacy file.
const MARKERS_PER_FILE: usize = 100;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?://|#|/\*|\*|<!--)[ \t]*(TODO|FIXME|HACK|XXX)\b(?:\([^)\n]*\))?[ \t:\-]*([^\n]*)")
        .expect("static regex")
});

pub fn extract(file: &SourceFile<'_>, out: &mut CodeFacts) {
    for c in MARKER.captures_iter(file.text).take(MARKERS_PER_FILE) {
        let (Some(all), Some(marker), Some(text)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let line = file.line_of(all.start());
        let text = text
            .as_str()
            .trim()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim();
        out.todos.push(TodoMarker {
            evidence: Evidence::line(file.path, file.role, line)
                .with_snippet(super::snippet_of_line(file.text, line)),
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
