//! Feeds arbitrary text to every infrastructure extractor under every file name that selects
//! one. The extractors must return (with notes) on any input: no panic, no unbounded memory.
//! The corpus in `fuzz/corpus/infra` is replayed by a normal test, which is what CI runs.
#![no_main]

use gapscope::extract::infra::EVERY_KIND_PATHS;
use gapscope::extract::{extract, LineIndex, SourceFile};
use gapscope::facts::FileRole;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = LineIndex::new(&text);
    for path in EVERY_KIND_PATHS {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let _ = extract(&SourceFile {
            path,
            file_name,
            role: FileRole::Source,
            language: None,
            text: &text,
            lines: &lines,
        });
    }
});
