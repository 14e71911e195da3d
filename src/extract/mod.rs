//! Extractors: one file in, facts with evidence out.
//!
//! Every extractor sees one file at a time (this stage runs in parallel, per file) and must not
//! touch the file system; joining facts across files is the fact store's job. An extractor that
//! meets input it cannot read records a [`Note`] with the line and goes on; it never panics.

pub mod code;
pub mod config;
pub mod docs;
pub mod gocmd;
pub mod infra;
pub mod manifest;

pub use crate::facts::FileFacts;
use crate::facts::FileRole;
use crate::text::LineIndex;

/// A file handed to the extractors.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// Repository-relative, `/`-separated.
    pub path: &'a str,
    /// The last path segment.
    pub file_name: &'a str,
    pub role: FileRole,
    /// tokei's language name, if it knows the file.
    pub language: Option<&'a str>,
    /// The file's text (invalid UTF-8 replaced).
    pub text: &'a str,
    /// Where the text's lines start, for line numbers in constant time per lookup.
    pub lines: &'a LineIndex,
}

impl<'a> SourceFile<'a> {
    /// 1-based line of byte offset `offset` in the text.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.lines.line(offset.min(self.text.len()))
    }

    /// The text of 1-based line `line` (empty past the end).
    pub fn line_text(&self, line: u32) -> &'a str {
        &self.text[self.lines.range(line, self.text.len())]
    }

    /// Directory of the file, repository-relative (`""` for the root).
    pub fn dir(&self) -> &'a str {
        match self.path.rfind('/') {
            Some(i) => &self.path[..i],
            None => "",
        }
    }
}

/// Runs every extractor that applies to `file`.
pub fn extract(file: &SourceFile<'_>) -> FileFacts {
    let mut out = FileFacts::default();
    manifest::extract(file, &mut out);
    gocmd::extract(file, &mut out);
    infra::extract(file, &mut out);
    docs::extract(file, &mut out);
    config::extract(file, &mut out);
    out
}

/// Whether any extractor wants this file's text. Files nobody wants are only counted, so the
/// walk can skip decoding them to UTF-8.
pub fn wants(path: &str, file_name: &str) -> bool {
    manifest::wants(file_name)
        || gocmd::wants(path, file_name)
        || infra::wants(path, file_name)
        || docs::wants(file_name)
        || config::wants(file_name)
}

/// An in-memory source file for the extractors' unit tests (its line index is leaked, which
/// a test can afford).
#[cfg(test)]
pub(crate) fn test_file<'a>(path: &'a str, text: &'a str) -> SourceFile<'a> {
    SourceFile {
        path,
        file_name: path.rsplit('/').next().unwrap_or(path),
        role: FileRole::Source,
        language: None,
        text,
        lines: Box::leak(Box::new(LineIndex::new(text))),
    }
}

/// Runs one extractor on an in-memory source file, as the unit tests of every extractor do.
#[cfg(test)]
pub(crate) fn run_on(
    extractor: fn(&SourceFile<'_>, &mut FileFacts),
    path: &str,
    text: &str,
) -> FileFacts {
    let mut out = FileFacts::default();
    extractor(&test_file(path, text), &mut out);
    out
}
