//! `cargo fuzz run infra` (nightly): arbitrary bytes through [`gapscope::fuzz::infra`]. The corpus in
//! `fuzz/corpus/infra` is replayed by `tests/fuzz_corpus.rs`, which is what CI runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gapscope::fuzz::infra(data));
