//! `cargo fuzz run inputs` (nightly): arbitrary bytes through [`gapscope::fuzz::inputs`]. The corpus in
//! `fuzz/corpus/inputs` is replayed by `tests/fuzz_corpus.rs`, which is what CI runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gapscope::fuzz::inputs(data));
