//! `cargo fuzz run files` (nightly): arbitrary bytes through [`gapscope::fuzz::files`]. The corpus in
//! `fuzz/corpus/files` is replayed by `tests/fuzz_corpus.rs`, which is what CI runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gapscope::fuzz::files(data));
