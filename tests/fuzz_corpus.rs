//! Replays each fuzz corpus in `fuzz/corpus/<target>`, and deterministic mutations of every
//! file in it, through the function its fuzz target calls: this is what CI runs in place of
//! `cargo fuzz` (which needs nightly). A panic anywhere fails the test and names the file.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Tokens the mutations insert: the syntax of every format the readers parse.
const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "{{",
    "}}",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "\t",
    "---\n",
    "\n",
    "\"",
    "'",
    "|\n",
    "<<: ",
    "#",
    "\\\n",
    "kind: ",
    "apiVersion: v1\n",
    "é",
    "\r",
    "<",
    ">",
    "</",
    "<!--",
    "&amp;",
    "<![CDATA[",
    "|",
    "```",
    "`",
    "✅",
    "❌",
    "**",
    "[x] ",
    "\u{202e}",
    "\u{feff}",
    "\0",
    "=",
    "[[",
    "]]",
    "\"\"\"",
    "//",
    "/*",
    "(",
    ")",
    ",",
    "${",
    "0x",
    "-1",
    "1e999",
    "\u{fffd}",
];

/// A xorshift generator: the same mutations on every run.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Three edits of `bytes`: a token inserted, a span deleted, or a span repeated.
    fn mutate(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for _ in 0..3 {
            let len = out.len().max(1);
            let at = (self.next() as usize % len).min(out.len());
            match self.next() % 3 {
                0 => {
                    let token = TOKENS[self.next() as usize % TOKENS.len()].as_bytes();
                    out.splice(at..at, token.iter().copied());
                }
                1 => {
                    let end = (at + self.next() as usize % 64).min(out.len());
                    out.drain(at..end);
                }
                _ => {
                    let end = (at + self.next() as usize % 32).min(out.len());
                    let span = out[at..end].to_vec();
                    for _ in 0..self.next() % 8 {
                        out.splice(at..at, span.iter().copied());
                    }
                }
            }
        }
        out
    }
}

fn replay(target: &str, run: fn(&[u8]), at_least: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    assert!(
        entries.len() >= at_least,
        "{}: {} files, expected at least {at_least}",
        dir.display(),
        entries.len()
    );
    let mut mutator = Mutator(0x9e37_79b9_7f4a_7c15);
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let rounds = if bytes.len() > 16_384 { 3 } else { 30 };
        let mut inputs = vec![bytes.clone()];
        inputs.extend((0..rounds).map(|_| mutator.mutate(&bytes)));
        for (i, input) in inputs.iter().enumerate() {
            if catch_unwind(AssertUnwindSafe(|| run(input))).is_err() {
                let saved = std::env::temp_dir().join(format!(
                    "gapscope-fuzz-{target}-{}-{i}",
                    path.file_name().unwrap().to_string_lossy()
                ));
                let _ = std::fs::write(&saved, input);
                panic!(
                    "fuzz target `{target}` panicked on {} (mutation {i}); input saved to {}",
                    path.display(),
                    saved.display()
                );
            }
        }
    }
}

#[test]
fn infra_corpus_replays() {
    replay("infra", gapscope::fuzz::infra, 10);
}

#[test]
fn files_corpus_replays() {
    replay("files", gapscope::fuzz::files, 20);
}

#[test]
fn documents_corpus_replays() {
    replay("documents", gapscope::fuzz::documents, 10);
}

#[test]
fn inputs_corpus_replays() {
    replay("inputs", gapscope::fuzz::inputs, 8);
}
