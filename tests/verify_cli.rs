//! `gapscope verify` on the command line: formats, the contradiction gate, bad documents,
//! and hostile ones (mojibake, CRLF, HTML, binary, invalid UTF-8, 5 MB) that must never
//! make it panic.

mod common;

use gapscope::cli::ExitStatus;

use common::{run_bounded, write};

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/app.py",
        "def main():\n    return 1\n\n\nmain()\n",
    );
    write(dir.path(), "Makefile", "build:\n\techo build\n");
    write(dir.path(), "README.md", "# App\n");
    dir
}

fn verify(repo: &std::path::Path, doc: &std::path::Path, extra: &[&str]) -> common::Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "verify".into(),
        doc.into(),
        "--repo".into(),
        repo.into(),
        "-q".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    run_bounded(args)
}

const STATUS: &str = "# Status\n\n- ✅ `src/app.py` (~5 lines)\n- ✅ `src/gone.py` created\n- `make build` and `make deploy`\n- see `src/app.py:4` and `src/app.py:99`\n";

#[test]
fn verdicts_in_every_format_and_the_gate() {
    let repo = repo();
    let doc = write(repo.path(), "docs/STATUS.md", STATUS);
    let text = verify(repo.path(), &doc, &[]);
    assert_eq!(text.status, ExitStatus::Success, "{}", text.stderr);
    assert!(
        text.stdout.contains(
            "7 claims: 4 confirmed, 3 contradicted, 0 stale plan, 0 out of scope, 0 unverifiable"
        ),
        "{}",
        text.stdout
    );
    // Contradictions first, with the document line.
    let contradicted = text.stdout.find("CONTRADICTED (3)").unwrap();
    let confirmed = text.stdout.find("CONFIRMED (4)").unwrap();
    assert!(contradicted < confirmed);
    assert!(text
        .stdout
        .contains("STATUS.md:4  path [done]  src/gone.py"));
    assert!(text
        .stdout
        .contains("STATUS.md:5  make_target [mentioned]  make deploy"));
    assert!(text.stdout.contains("src/app.py has only 5 lines"));
    assert!(text.stdout.contains("±10%"));

    let json = verify(repo.path(), &doc, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["summary"]["contradicted"], 3);
    assert_eq!(v["claims"][0]["verdict"], "contradicted");

    let md = verify(repo.path(), &doc, &["--format", "markdown"]);
    assert!(md.stdout.contains("## Contradicted (3)"), "{}", md.stdout);
    assert!(md.stdout.contains("| 4 | path | done | src/gone.py |"));

    // The same input gives byte-identical output.
    let again = verify(repo.path(), &doc, &["--format", "json"]);
    assert_eq!(json.stdout, again.stdout);

    let gate = verify(repo.path(), &doc, &["--fail-on-contradiction"]);
    assert_eq!(gate.status, ExitStatus::GateFailed);
    let ok = write(repo.path(), "docs/OK.md", "- ✅ `src/app.py`\n");
    assert_eq!(
        verify(repo.path(), &ok, &["--fail-on-contradiction"]).status,
        ExitStatus::Success
    );
}

#[test]
fn a_missing_document_is_a_usage_error() {
    let repo = repo();
    let run = verify(repo.path(), &repo.path().join("nope.md"), &[]);
    assert_eq!(run.status, ExitStatus::Error);
    assert!(
        run.stderr.contains("nope.md: cannot read"),
        "{}",
        run.stderr
    );
    let run = verify(repo.path(), repo.path(), &[]);
    assert_eq!(run.status, ExitStatus::Error);
}

#[test]
fn hostile_documents_never_panic() {
    let repo = repo();
    let cases: Vec<(&str, Vec<u8>, usize)> = vec![
        // Windows-1252 mojibake of ✅ and ❌, CRLF line ends: both marks are read.
        (
            "mojibake.md",
            "- \u{e2}\u{153}\u{2026} `src/app.py`\r\n- \u{e2}\u{9d}\u{152} `src/app.py`\r\n".as_bytes().to_vec(),
            2,
        ),
        (
            "html.md",
            b"<details><summary>x</summary>\n\n<p>- \xe2\x9c\x85 <code>x</code> `src/app.py`</p>\n\n</details>\n<script>alert(1)</script>\n".to_vec(),
            1,
        ),
        ("invalid.md", b"- \xff\xfe `src/app.py` \xc3\x28 ~5 lines\n".to_vec(), 2),
        ("empty.md", Vec::new(), 0),
        ("fences.md", b"```\n\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 \n````\n[](<>)\n| | |\n|-|\n".to_vec(), 0),
    ];
    for (name, bytes, at_least) in cases {
        let doc = write(repo.path(), &format!("docs/{name}"), &bytes);
        let run = verify(repo.path(), &doc, &["--format", "json"]);
        assert_eq!(run.status, ExitStatus::Success, "{name}: {}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let n = v["summary"]["claims"].as_u64().unwrap() as usize;
        assert!(n >= at_least, "{name}: {n} claims");
    }
    // Binary content is not a document: exit 2, pointing at the first NUL byte.
    let mut bytes = b"# Status\n\nok \x01".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    let doc = write(repo.path(), "docs/binary.md", &bytes);
    let run = verify(repo.path(), &doc, &["--format", "json"]);
    assert_eq!(run.status, ExitStatus::Error, "{}", run.stdout);
    assert!(
        run.stderr.contains("binary.md:3:5: not a text document"),
        "{}",
        run.stderr
    );
    let mojibake = write(
        repo.path(),
        "docs/m.md",
        "- \u{e2}\u{9d}\u{152} `src/app.py`\r\n",
    );
    let run = verify(repo.path(), &mojibake, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["claims"][0]["mark"], "missing");
    assert_eq!(v["claims"][0]["verdict"], "contradicted");
    assert_eq!(v["notes"][0]["code"], "D003");
    assert!(v["notes"][0]["message"]
        .as_str()
        .unwrap()
        .contains("repaired"));
}

#[test]
fn a_five_megabyte_document_is_read_in_bounded_time() {
    let repo = repo();
    let chunk = "## Area ✅ (50% complete)\n\n- ✅ `src/app.py` (~5 lines)\n- ❌ Rate limiting\n| x | Partial |\n\n";
    let big = chunk.repeat(5 * 1024 * 1024 / chunk.len() + 1);
    let doc = write(repo.path(), "docs/big.md", big);
    let start = std::time::Instant::now();
    let run = verify(repo.path(), &doc, &["--format", "json"]);
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["summary"]["claims"], 20_000);
    assert!(v["notes"].to_string().contains("were not checked"));
    assert!(v["notes"].to_string().contains("\"D004\""));
    assert!(start.elapsed() < common::HANG_LIMIT);
}

/// A custom target brings its own phrases and technologies: its items are checked against
/// its requirements, not left unverifiable because the built-in profile has no words for them.
#[test]
fn a_custom_target_is_verifiable_through_its_own_phrases() {
    let repo = repo();
    write(
        repo.path(),
        "src/ledger.py",
        "def post(entry):\n    return entry\n",
    );
    let target = write(
        repo.path(),
        "ledger-target.yaml",
        "areas:\n  - id: payments\n    phrases: [billing]\nrequirements:\n  - id: pay.ledger\n    area: payments\n    title: Payments are posted to a ledger\n    why: Money must be accounted for, entry by entry.\n    fix: Post every payment to a double-entry ledger.\n    priority: high\n    effort_days: 2\n    phrases: [double entry ledger, ledger]\n    technologies:\n      - {name: Stripe, regex: '(?i)stripe'}\n    met:\n      pattern: {regex: 'def post\\(', languages: [Python]}\n",
    );
    let doc = write(
        repo.path(),
        "docs/STATUS.md",
        "# Status\n\n- ✅ Double-entry ledger\n- ✅ Stripe payments\n- Billing: 100% complete\n",
    );
    let run = verify(
        repo.path(),
        &doc,
        &["--format", "json", "--target", target.to_str().unwrap()],
    );
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let claim = |line: u64| {
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["line"] == line && c["kind"] != "path")
            .unwrap_or_else(|| panic!("no claim at line {line}: {v}"))
            .clone()
    };
    let ledger = claim(3);
    assert_eq!(ledger["verdict"], "confirmed", "{ledger}");
    assert_eq!(ledger["code"], "V073", "{ledger}");
    assert!(
        ledger["requirements"].to_string().contains("pay.ledger"),
        "{ledger}"
    );
    let stripe = claim(4);
    assert_eq!(
        stripe["code"], "V070",
        "nothing outside the docs mentions Stripe: {stripe}"
    );
    let billing = claim(5);
    assert_eq!(
        billing["code"], "V060",
        "the area's own word names it: {billing}"
    );
}

/// `(line, kind, subject, verdict)` of each claim of a JSON verification.
fn rows(stdout: &str) -> Vec<(u64, String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let mut out: Vec<_> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let subject = ["path", "name", "item", "label", "route"]
                .iter()
                .find_map(|k| c[*k].as_str())
                .unwrap_or("")
                .to_string();
            let subject = match (c["cited_line"].as_u64(), c["cited_end"].as_u64()) {
                (Some(l), Some(e)) => format!("{subject}:{l}-{e}"),
                (Some(l), None) => format!("{subject}:{l}"),
                _ => subject,
            };
            (
                c["line"].as_u64().unwrap(),
                c["kind"].as_str().unwrap().to_string(),
                subject,
                c["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What real gap documents do that the first `verify` got wrong: plans read as facts, code
/// of another codebase, ranges, anchors, names at a cited line, files to change.
#[test]
fn plans_scope_ranges_and_names_get_their_own_verdicts() {
    let repo = repo();
    write(
        repo.path(),
        "src/store.py",
        "import os\n\n\nclass Store:\n    def save(self):\n        return 1\n",
    );
    let doc = write(
        repo.path(),
        "docs/GAPS.md",
        "# Port status\n\
         \n\
         ## Files to create\n\
         - `src/store.py`\n\
         - `src/cache.py`\n\
         \n\
         ## Files to modify\n\
         - `src/app.py`\n\
         \n\
         ## Legacy system\n\
         - `Frames.java` (1,147 lines) is the original\n\
         \n\
         ## Facts\n\
         - `src/store.py:4` - `Store` class\n\
         - `src/store.py:5` - `load` method\n\
         - [range](src/store.py#L1-L40)\n\
         - `src/store.py:2-6` holds the store\n\
         - ✅ `Store.save()` is done\n\
         - ✅ `fetch_all()` is done\n",
    );
    let run = verify(repo.path(), &doc, &["--format", "json"]);
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    let got = rows(&run.stdout);
    let want: Vec<(u64, String, String, String)> = [
        (4, "path", "src/store.py", "stale_plan"),
        (5, "path", "src/cache.py", "confirmed"),
        (8, "path", "src/app.py", "confirmed"),
        (11, "line_count", "Frames.java", "out_of_scope"),
        (11, "path", "Frames.java", "out_of_scope"),
        (14, "file_line", "src/store.py:4", "confirmed"),
        (15, "file_line", "src/store.py:5", "contradicted"),
        (16, "file_line", "src/store.py:1-40", "contradicted"),
        (17, "file_line", "src/store.py:2-6", "confirmed"),
        (18, "symbol", "save", "confirmed"),
        // In no code here; the document speaks of a legacy system, whose name it may be.
        (19, "symbol", "fetch_all", "unverifiable"),
    ]
    .iter()
    .map(|(l, k, s, v)| (*l, k.to_string(), s.to_string(), v.to_string()))
    .collect();
    assert_eq!(got, want);
}
