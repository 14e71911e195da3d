//! Positions in text: line numbers, line ranges and columns of byte offsets, shared by every
//! stage that reports `file:line:column`. Nothing here knows what the text is.

mod mask;
mod redact;
pub use mask::mask_comments;
pub use redact::{redact, REDACTED};

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

/// 1-based column, in characters, of byte offset `offset` in `text` (an offset inside a
/// character counts as that character).
pub fn column_of(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].chars().count() + 1
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    (line_of(text, offset) as usize, column_of(text, offset))
}

/// Lowercase words separated by single spaces: characters other than letters, digits, `.` and
/// `/` separate words (so hyphens count as spaces), and `.` is trimmed off each word's ends.
/// How documents' words are compared with phrases.
pub fn normalize_words(s: &str) -> String {
    let mapped: String = s
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect();
    mapped
        .split_whitespace()
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many bytes at the start of a file are looked at for a NUL byte (as git and ripgrep do).
pub const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Where bytes show they are binary: the 1-based line and column of a NUL byte in their
/// first 8 KiB (the test git and ripgrep use).
pub fn binary_at(bytes: &[u8]) -> Option<(usize, usize)> {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    let at = memchr::memchr(0, head)?;
    let line_start = memchr::memrchr(b'\n', &head[..at]).map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', &head[..at]).count() + 1;
    Some((line, at - line_start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn columns_count_characters_and_lines_start_at_one() {
        let text = "ab\nçé x";
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 4));
        assert_eq!(line_column(text, 0), (1, 1));
        // Inside the two bytes of `ç`: the character itself.
        assert_eq!(column_of(text, 4), 1);
        assert_eq!(line_column(text, 10_000), (2, 5), "clamped to the end");
    }

    #[test]
    fn binary_position_is_the_first_nul_in_the_head() {
        assert_eq!(binary_at(b"ab\ncd\0e"), Some((2, 3)));
        assert_eq!(binary_at(b"plain text\n"), None);
        let mut late = vec![b'a'; BINARY_SNIFF_BYTES];
        late.push(0);
        assert_eq!(binary_at(&late), None, "past the sniffed head");
    }
}
