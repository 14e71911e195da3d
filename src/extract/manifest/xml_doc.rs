//! XML manifests (pom.xml, MSBuild project files, packages.config): what every XML reader here
//! shares. quick-xml reads events without recursion, but each reader keeps the path of open
//! elements, so nesting is capped at [`MAX_DEPTH`] to keep hostile input linear. Entities other
//! than XML's five predefined ones are kept as written, never expanded.

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
