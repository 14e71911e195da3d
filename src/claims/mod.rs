//! Claims: what a Markdown document says that can be checked — paths, line counts, `file:line`,
//! status marks, percentages, Make targets, routes, ports, custom resources — each with its
//! line. Reads documents (status reports for `verify`, design documents for targets); knows
//! nothing of the repository they are checked against.

mod extract;
pub mod mojibake;

use std::path::{Path, PathBuf};

use crate::codes::{Code, CodedNote};

pub use extract::*;

/// Largest document read.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// A document that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{path}: cannot read: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: the document is {size} bytes; at most {max} are read")]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("{path}:{line}:{column}: not a text document (a NUL byte: binary content)")]
    Binary {
        path: PathBuf,
        line: usize,
        column: usize,
    },
}

/// A document's text and notes on how it was decoded.
pub fn read_document(path: &Path) -> Result<(String, Vec<CodedNote>), DocumentError> {
    let bytes = match crate::input::read(path, MAX_DOCUMENT_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::input::ReadError::TooLarge { size, limit }) => {
            return Err(DocumentError::TooLarge {
                path: path.to_path_buf(),
                size,
                max: limit,
            })
        }
        Err(e) => {
            return Err(DocumentError::Read {
                path: path.to_path_buf(),
                error: e.into(),
            })
        }
    };
    if let Some((line, column)) = crate::text::binary_at(&bytes) {
        return Err(DocumentError::Binary {
            path: path.to_path_buf(),
            line,
            column,
        });
    }
    Ok(decode(&bytes))
}

/// Bytes → text to extract claims from: a BOM dropped, invalid UTF-8 replaced, NUL bytes
/// removed, mojibake repaired; each noted.
pub fn decode(bytes: &[u8]) -> (String, Vec<CodedNote>) {
    let mut notes = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            notes.push(CodedNote::new(
                Code::DocumentNotUtf8,
                "the document is not valid UTF-8; invalid bytes were replaced",
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let text = if text.contains('\0') {
        notes.push(CodedNote::new(
            Code::DocumentNul,
            "the document contains NUL bytes (binary content?); they were ignored",
        ));
        text.replace('\0', "")
    } else {
        text
    };
    let (repaired, runs) = mojibake::repair(&text);
    if runs > 0 {
        notes.push(CodedNote::new(Code::DocumentMojibake, format!(
            "{runs} mis-decoded character sequences (UTF-8 read as Windows-1252 or Mac Roman) were repaired before reading marks"
        )));
    }
    (repaired.into_owned(), notes)
}
