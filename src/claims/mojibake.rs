//! Repair of mojibake: UTF-8 text that was once decoded as Windows-1252 or as Mac Roman and
//! saved again, so `✅` reads `âœ…` or `‚úÖ`. Status marks are what `verify` reads, so they
//! are put back before claims are extracted.
//!
//! Each maximal run of non-ASCII characters is re-encoded with the legacy encoding; when the
//! bytes are valid UTF-8 that differs from the run, the run was mojibake and is replaced.
//! Genuine text never round-trips that way (a lone `é` or `—` gives a byte that is not UTF-8),
//! and ASCII is never touched, so line numbers and the ASCII around a run stay put.

use std::borrow::Cow;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

/// The text with mis-decoded runs put back, and how many runs were repaired.
pub fn repair(text: &str) -> (Cow<'_, str>, usize) {
    if text.is_ascii() {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_ascii()) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| c.is_ascii())
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        match repair_run(run) {
            Some(fixed) => {
                out.push_str(&fixed);
                repaired += 1;
            }
            None => out.push_str(run),
        }
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    if repaired == 0 {
        (Cow::Borrowed(text), 0)
    } else {
        (Cow::Owned(out), repaired)
    }
}

fn repair_run(run: &str) -> Option<String> {
    // A mis-decoded UTF-8 sequence is at least two characters long.
    run.chars().nth(1)?;
    [WINDOWS_1252, MACINTOSH]
        .into_iter()
        .find_map(|enc| reencode(enc, run))
}

fn reencode(encoding: &'static Encoding, run: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding.encode(run);
    if unmappable {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?;
    (decoded != run).then(|| decoded.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_mac_roman_marks_come_back() {
        // Byte sequences of the marks as the seeds carry them, written as escapes so this
        // file holds no mojibake itself.
        let cp1252 = "- \u{e2}\u{153}\u{2026} done \u{f0}\u{178}\u{201d}\u{b4} critical \u{e2}\u{2020}\u{2019} next";
        let (fixed, n) = repair(cp1252);
        assert_eq!(fixed, "- ✅ done 🔴 critical → next");
        assert_eq!(n, 3);
        let mac = "‚úÖ ok ‚ùå no ‚ö†Ô∏è partial";
        let (fixed, n) = repair(mac);
        assert_eq!(fixed, "✅ ok ❌ no ⚠️ partial");
        assert_eq!(n, 3);
    }

    #[test]
    fn genuine_text_is_left_alone() {
        for s in [
            "plain",
            "café — naïve ✅ 🔴 ⚠️",
            "Größe 10 µm",
            "日本語のテキスト",
        ] {
            let (fixed, n) = repair(s);
            assert_eq!(fixed, s);
            assert_eq!(n, 0);
        }
    }
}
