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

use crate::facts::{ComponentDecl, ConfigFile, Dependency, DocFile, FileRole, LockedPackage, Note};

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

/// The offsets of a text's newlines: line numbers by binary search, so an extractor that
/// reports thousands of facts from one file stays linear.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// 1-based line of byte offset `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        (self.newlines.partition_point(|&n| n < offset) + 1) as u32
    }

    /// Byte range of 1-based line `line` in a text of `len` bytes, without its newline.
    pub fn range(&self, line: u32, len: usize) -> std::ops::Range<usize> {
        let i = line.max(1) as usize - 1;
        let start = if i == 0 {
            0
        } else {
            self.newlines.get(i - 1).map_or(len, |n| n + 1)
        };
        let end = self.newlines.get(i).copied().unwrap_or(len);
        start.min(len)..end.max(start).min(len)
    }
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

/// Everything the extractors found in one file.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub components: Vec<ComponentDecl>,
    pub dependencies: Vec<Dependency>,
    pub locked: Vec<LockedPackage>,
    pub doc: Option<DocFile>,
    pub config: Option<ConfigFile>,
    pub infra: crate::facts::infra::InfraFacts,
    pub code: crate::facts::CodeFacts,
    pub notes: Vec<Note>,
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

/// 1-based line number of byte offset `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> u32 {
    let offset = offset.min(text.len());
    (memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count() + 1) as u32
}

/// The byte range of the line around byte `offset` (clamped to the text), without its newline.
pub fn line_bounds(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text.as_bytes()[offset..]).map_or(text.len(), |i| offset + i);
    (start, end)
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

#[cfg(test)]
mod line_index_tests {
    use super::LineIndex;

    #[test]
    fn line_ranges_cover_each_line_without_its_newline() {
        let text = "one\r\ntwo\n\nfour";
        let index = LineIndex::new(text);
        let line = |n| &text[index.range(n, text.len())];
        assert_eq!(
            [line(1), line(2), line(3), line(4)],
            ["one\r", "two", "", "four"]
        );
        assert_eq!(line(5), "", "past the end");
        assert_eq!(line(0), "one\r", "line 0 reads as line 1");
        assert_eq!(index.line(text.find("four").unwrap()), 4);
    }
}
