//! `cargo fuzz run documents` (nightly): arbitrary bytes through [`gapscope::fuzz::documents`]. The corpus in
//! `fuzz/corpus/documents` is replayed by `tests/fuzz_corpus.rs`, which is what CI runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gapscope::fuzz::documents(data));
