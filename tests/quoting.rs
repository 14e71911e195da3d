//! What gapscope quotes from a repository or a target file cannot act on the reader: terminal
//! output holds no control sequence and no bidi control, Markdown no raw HTML and no link the
//! quoted text wrote, HTML no element it wrote; in every command (analyze, diff, rules,
//! explain, verify, errors).
#![cfg(unix)]

mod common;

use common::{run, write};
use gapscope::cli::ExitStatus;
use pulldown_cmark::{Event, Parser, Tag};
use tempfile::TempDir;

/// A title that would clear the screen, retitle the terminal, reverse the text shown, run a
/// script in a browser and open a link.
const EVIL: &str = "<img src=x onerror=alert(1)> \u{1b}]0;pwned\u{7}\u{1b}[2J [l](javascript:x) \u{202e}\u{2066}rev\u{2069} | cell";

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn assert_terminal_safe(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || is_bidi(c))
        .collect();
    assert!(bad.is_empty(), "{what}: prints {bad:?}:\n{text}");
}

fn assert_markdown_safe(what: &str, text: &str) {
    assert_terminal_safe(what, text);
    for event in Parser::new(text) {
        match event {
            // gapscope's own anchors (`<a id=…>`) are HTML; nothing the quoted text wrote is.
            Event::Html(h) | Event::InlineHtml(h) => assert!(
                !h.contains("img") && !h.contains("onerror"),
                "{what}: raw HTML `{h}` in:\n{text}"
            ),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(
                    !dest_url.contains("javascript"),
                    "{what}: a link the quoted text wrote: {dest_url}"
                )
            }
            _ => {}
        }
    }
}

fn assert_html_safe(what: &str, text: &str) {
    assert!(!text.contains("<img"), "{what}: an element the title wrote");
    assert!(!text.chars().any(is_bidi), "{what}: a bidi control");
}

/// Every `text` and `markdown` string of a SARIF log.
fn texts(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("text" | "markdown", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => texts(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        _ => {}
    }
}

fn ok(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let out = run(args.iter().map(|a| a.as_ref().to_owned()));
    assert!(
        matches!(out.status, ExitStatus::Success | ExitStatus::GateFailed),
        "{:?}: {}",
        out.status,
        out.stderr
    );
    assert_terminal_safe("stderr", &out.stderr);
    out.stdout
}

/// A repository with a stub whose file name and body carry the same hostile text, and a
/// target file whose area, title, why and fix are that text.
fn fixture() -> (TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("repo");
    write(&root, "go.mod", "module example.com/x\n");
    write(
        &root,
        "cmd/main.go",
        format!("package main\n\nfunc main() {{}}\n\nfunc Handle() {{\n\t// TODO: {EVIL}\n\tpanic(\"not implemented {EVIL} \u{9b}31m\")\n}}\n"),
    );
    write(
        &root,
        "wei\u{202e}rd\u{1b}[2J.go",
        "package main\n\nfunc Other() {\n\tpanic(\"not implemented\")\n}\n",
    );
    let target = dir.path().join("target.json");
    let doc = serde_json::json!({
        "name": EVIL,
        "areas": [{"id": "core", "phrases": [EVIL]}],
        "requirements": [{
            "id": "core.main", "area": "core", "title": EVIL, "why": EVIL, "fix": EVIL,
            "priority": "high", "effort_days": 1,
            "met": {"any": [{"pattern": {"regex": "func main"}}]}
        }]
    });
    std::fs::write(&target, doc.to_string()).unwrap();
    (dir, root, target)
}

#[test]
fn quoted_text_cannot_act_on_the_reader_in_any_command() {
    let (dir, root, target) = fixture();
    let analyze = |format: &str| -> String {
        ok(&[
            &"analyze",
            &root,
            &"--target",
            &target,
            &"--format",
            &format,
            &"-q",
        ])
    };
    assert_terminal_safe("analyze text", &analyze("text"));
    assert_markdown_safe("analyze markdown", &analyze("markdown"));
    assert_html_safe("analyze html", &analyze("html"));
    // SARIF: every text a viewer shows (messages, descriptions); fingerprints are identifiers.
    let sarif: serde_json::Value = serde_json::from_str(&analyze("sarif")).unwrap();
    let mut shown = Vec::new();
    texts(&sarif, &mut shown);
    assert!(shown.len() > 3, "{sarif}");
    for t in shown {
        assert_terminal_safe("sarif text", &t);
    }

    // diff of the analysis with itself made worse: the requirement is listed as regressed.
    let json = analyze("json");
    let before = dir.path().join("before.json");
    let after = dir.path().join("after.json");
    std::fs::write(&before, &json).unwrap();
    std::fs::write(
        &after,
        json.replace("\"status\": \"partial\"", "\"status\": \"missing\""),
    )
    .unwrap();
    let diff_md = ok(&[&"diff", &before, &after, &"--format", &"markdown"]);
    assert!(diff_md.contains("Regressed"), "{diff_md}");
    assert_markdown_safe("diff markdown", &diff_md);
    assert_terminal_safe("diff text", &ok(&[&"diff", &before, &after]));

    assert_terminal_safe("rules", &ok(&[&"rules", &"--target", &target]));
    assert_markdown_safe(
        "rules markdown",
        &ok(&[&"rules", &"--target", &target, &"--format", &"markdown"]),
    );
    let explain = ok(&[&"explain", &"core.main", &"--target", &target]);
    assert!(explain.contains("onerror"), "the title is shown: {explain}");
    assert_markdown_safe("explain", &explain);

    // verify quotes the document's lines.
    let doc = write(
        &root,
        "STATUS.md",
        format!("# Status\n\n- ✅ `cmd/main.go` exists {EVIL}\n- ❌ `wei\u{202e}rd.go` {EVIL}\n"),
    );
    for format in ["text", "markdown"] {
        let out = ok(&[
            &"verify",
            &doc,
            &"--repo",
            &root,
            &"--format",
            &format,
            &"-q",
        ]);
        assert!(out.contains("cmd/main.go"), "{out}");
        if format == "markdown" {
            assert_markdown_safe("verify markdown", &out);
        } else {
            assert_terminal_safe("verify text", &out);
        }
    }
}

#[test]
fn an_error_quoting_a_target_file_is_terminal_safe() {
    let dir = TempDir::new().unwrap();
    let target = dir.path().join("t.yaml");
    std::fs::write(
        &target,
        format!("name: x\nrequirements:\n  - id: a.b\n    area: \"{}\"\n    bogus\u{1b}[2J\u{202e}: 1\n", "ar"),
    )
    .unwrap();
    let out = run(["rules".as_ref(), "--target".as_ref(), target.as_os_str()]);
    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("t.yaml:"), "{}", out.stderr);
    assert_terminal_safe("error", &out.stderr);
}
