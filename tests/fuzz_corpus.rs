//! Replays each fuzz corpus in `fuzz/corpus/<target>` and the repository's own examples and
//! fixtures of the same kinds, and deterministic mutations of every file, through the
//! function its fuzz target calls: this is what CI runs in place of
//! `cargo fuzz` (which needs nightly). A panic anywhere fails the test and names the file.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

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

/// Every file under `dir`, recursively.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Replays `fuzz/corpus/<target>` and, as further seeds, the files of the repository's own
/// `seeds` directories (examples and fixtures) that `keep` selects.
fn replay(target: &str, run: fn(&[u8]), at_least: usize, seeds: &[&str], keep: fn(&Path) -> bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fuzz/corpus").join(target);
    let mut entries = Vec::new();
    files_under(&dir, &mut entries);
    assert!(
        entries.len() >= at_least,
        "{}: {} files, expected at least {at_least}",
        dir.display(),
        entries.len()
    );
    let mut more = Vec::new();
    for seed in seeds {
        files_under(&root.join(seed), &mut more);
    }
    entries.sort();
    let corpus_files = entries.len();
    more.retain(|p| keep(p));
    more.sort();
    entries.extend(more);
    let mut mutator = Mutator(0x9e37_79b9_7f4a_7c15);
    for (n, path) in entries.into_iter().enumerate() {
        let bytes = std::fs::read(&path).unwrap();
        // The corpus is mutated most; the examples and fixtures are ordinary files, a few
        // mutations each.
        let rounds = match (n < corpus_files, bytes.len() > 16_384) {
            (_, true) => 3,
            (true, false) => 30,
            (false, false) => 5,
        };
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

/// Whether the file name ends with one of `extensions` or is one of them.
fn named(path: &Path, extensions: &[&str]) -> bool {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    extensions
        .iter()
        .any(|e| name == *e || name.ends_with(&format!(".{e}")))
}

#[test]
fn infra_corpus_replays() {
    replay("infra", gapscope::fuzz::infra, 10, &["examples"], |p| {
        named(p, &["yaml", "yml", "Dockerfile", "Makefile"])
    });
}

#[test]
fn files_corpus_replays() {
    replay(
        "files",
        gapscope::fuzz::files,
        20,
        &["examples", "tests/fixtures"],
        |p| {
            named(
                p,
                &[
                    "go", "py", "ts", "js", "java", "rs", "mod", "toml", "json", "txt", "sql",
                ],
            )
        },
    );
}

#[test]
fn documents_corpus_replays() {
    replay(
        "documents",
        gapscope::fuzz::documents,
        10,
        &["examples"],
        |p| named(p, &["md"]),
    );
}

#[test]
fn inputs_corpus_replays() {
    replay("inputs", gapscope::fuzz::inputs, 8, &[], |_| false);
}
