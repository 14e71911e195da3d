//! XML manifests (pom.xml, MSBuild project files, packages.config): what every XML reader here
//! shares. quick-xml reads events without recursion, but each reader keeps the path of open
//! elements, so nesting is capped at [`MAX_DEPTH`] to keep hostile input linear. Entities other
//! than XML's five predefined ones are kept as written, never expanded.

use quick_xml::events::BytesStart;
use quick_xml::Reader;

use super::{note_at, SourceFile};
use crate::facts::Note;

/// Deeper nesting than any real manifest has; past it the file is not read further.
pub(super) const MAX_DEPTH: usize = 256;

/// A reader over `file`'s text, after a byte-order mark if it has one (MSBuild files written
/// by Visual Studio often do), and the offset to add to the reader's positions.
pub(super) fn reader<'i>(file: &SourceFile<'i>) -> (Reader<&'i [u8]>, usize) {
    let skip = if file.text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    (Reader::from_str(&file.text[skip..]), skip)
}

/// The note for a syntax error at byte `offset`.
pub(super) fn error_note(
    file: &SourceFile<'_>,
    offset: usize,
    error: impl std::fmt::Display,
) -> Note {
    note_at(
        file,
        offset,
        crate::codes::Code::ManifestMalformed,
        format!("{} is not well-formed XML: {error}", file.file_name),
    )
}

/// The note for nesting past [`MAX_DEPTH`] at byte `offset`.
pub(super) fn depth_note(file: &SourceFile<'_>, offset: usize) -> Note {
    note_at(
        file,
        offset,
        crate::codes::Code::ManifestMalformed,
        format!(
            "{} nests elements deeper than {MAX_DEPTH}; the rest was not read",
            file.file_name
        ),
    )
}

/// The text of a predefined or character reference; any other entity stays as written.
pub(super) fn resolve_reference(name: &str) -> String {
    let predefined = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name
            .strip_prefix("#x")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
            .and_then(char::from_u32),
    };
    predefined.map_or_else(|| format!("&{name};"), String::from)
}

/// An attribute value with its references resolved as [`resolve_reference`] does, in one pass.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';') {
            // A reference name is short; a lone `&` far from any `;` is kept as it is.
            Some(semi) if semi <= 16 => {
                out.push_str(&resolve_reference(&after[..semi]));
                rest = &after[semi + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of the attribute whose local name is `name` (compared without case, as MSBuild
/// does), trimmed; `None` when it is absent or the attributes cannot be read.
pub(super) fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(name))
        .map(|a| unescape(&a.value).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn references_in_attribute_values() {
        assert_eq!(unescape("a&amp;b&#x41;&#66;"), "a&bAB");
        assert_eq!(unescape("&custom;"), "&custom;", "not expanded");
        assert_eq!(unescape("R&D"), "R&D");
        assert_eq!(unescape("&"), "&");
    }
}
