//! The diagnostic codes: the committed reference lists exactly the codes the binary knows (so
//! a code reused, renamed or removed shows in review as a change to docs/codes.md), and
//! `explain` prints each.

use std::path::PathBuf;

use gapscope::cli::{main_with_args, ExitStatus};
use gapscope::codes::Code;

#[test]
fn committed_code_reference_is_the_generated_one() {
    let committed =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md"))
            .expect("docs/codes.md");
    assert!(
        committed == Code::reference_markdown(),
        "docs/codes.md is stale: run `cargo run -- explain --codes > docs/codes.md`"
    );
}

#[test]
fn explain_prints_a_code_by_id_or_name() {
    for code in Code::ALL {
        for query in [code.as_str(), code.name()] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let status = main_with_args(["gapscope", "explain", query], &mut out, &mut err);
            assert_eq!(status, ExitStatus::Success, "{query}");
            let out = String::from_utf8(out).unwrap();
            assert!(out.starts_with(code.as_str()), "{query}: {out}");
            assert!(out.contains(code.meaning()), "{query}: {out}");
        }
    }
}
