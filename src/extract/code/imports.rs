//! Imports (Go, Python, TypeScript/JavaScript, Rust, Java/Kotlin) and outbound HTTP URL
//! literals: the edges of the component graph, before they are resolved to components.

use std::sync::LazyLock;

use regex::Regex;

use super::Lang;
use crate::extract::SourceFile;
use crate::facts::code::{HttpCall, Import};
use crate::facts::{CodeFacts, Evidence};

fn re(s: &str) -> Regex {
    super::ascii_regex(s)
}

static GO_SINGLE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?m)^import[ \t]+(?:[\w.]+[ \t]+)?"([^"\n]+)""#));
static GO_BLOCK: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^import[ \t]*\(([^)]*)\)"));
static GO_IN_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?m)^[ \t]*(?:[\w.]+[ \t]+)?"([^"\n]+)""#));
static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b|import[ \t]+([\w.]+))")
});
static JS_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?m)(?:\bfrom[ \t]+|^import[ \t]+|\brequire\([ \t]*|\bimport\([ \t]*)["']([^"'\n]+)["']"#)
});
static RUST_USE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)^[ \t]*(?:pub(?:\([\w ]+\))?[ \t]+)?(?:use[ \t]+(?:::)?(\w+)|extern crate (\w+))")
});
/// Words the line-anchored import patterns need on a line before they are run on it.
static IMPORT_WORD: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::needles(&["import"]));
static RUST_WORD: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::needles(&["use", "extern crate"]));
static JAVA_IMPORT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)^import[ \t]+(?:static[ \t]+)?([\w.]+)"));
static URL: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"["'`](?:https?|grpc)://([a-zA-Z0-9][a-zA-Z0-9.-]*)(?::(\d{1,5}))?[/"'`?]"#)
});

pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let text = file.text;
    let mut import = |offset: usize, module: &str| {
        let (line_no, line) = super::line_at(file, offset);
        out.imports.push(Import {
            module: module.to_string(),
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(line)),
            component: None,
        });
    };
    match lang {
        Lang::Go => {
            for c in GO_SINGLE.captures_iter(text) {
                import(c.get(1).map_or(0, |m| m.start()), &c[1]);
            }
            for block in GO_BLOCK.captures_iter(text) {
                let Some(body) = block.get(1) else { continue };
                for c in GO_IN_BLOCK.captures_iter(body.as_str()) {
                    if let Some(m) = c.get(1) {
                        import(body.start() + m.start(), m.as_str());
                    }
                }
            }
        }
        Lang::Python => {
            for (start, end) in super::lines_containing(text, &IMPORT_WORD) {
                for c in PY_IMPORT.captures_iter(&text[start..end]) {
                    if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                        import(start + m.start(), m.as_str());
                    }
                }
            }
        }
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
            for c in JS_IMPORT.captures_iter(text) {
                import(c.get(1).map_or(0, |m| m.start()), &c[1]);
            }
        }
        Lang::Rust => {
            for (start, end) in super::lines_containing(text, &RUST_WORD) {
                for c in RUST_USE.captures_iter(&text[start..end]) {
                    if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                        if !matches!(
                            m.as_str(),
                            "crate" | "self" | "super" | "std" | "core" | "alloc"
                        ) {
                            import(start + m.start(), m.as_str());
                        }
                    }
                }
            }
        }
        Lang::Java | Lang::Kotlin => {
            for (start, end) in super::lines_containing(text, &IMPORT_WORD) {
                for c in JAVA_IMPORT.captures_iter(&text[start..end]) {
                    import(start + c.get(1).map_or(0, |m| m.start()), &c[1]);
                }
            }
        }
    }
    for c in URL.captures_iter(text) {
        let host = c[1].to_ascii_lowercase();
        // Only names that can be another component of the same system: service names,
        // cluster-local names, localhost.
        let local = !host.contains('.')
            || host.ends_with(".svc")
            || host.contains(".svc.")
            || host.ends_with(".local")
            || host == "127.0.0.1";
        if !local {
            continue;
        }
        let (line_no, line) = super::line_at(file, c.get(0).map_or(0, |m| m.start()));
        out.http_calls.push(HttpCall {
            host,
            port: c.get(2).and_then(|p| p.as_str().parse().ok()),
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(line)),
            component: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_file;

    fn modules(path: &str, lang: Lang, text: &str) -> Vec<(String, u32)> {
        let mut out = CodeFacts::default();
        extract(&test_file(path, text), lang, &mut out);
        out.imports
            .iter()
            .map(|i| (i.module.clone(), i.evidence.start_line))
            .collect()
    }

    #[test]
    fn imports_per_language() {
        let go = "package x\nimport \"fmt\"\nimport (\n\t\"os\"\n\tcfg \"github.com/acme/x/shared/config\"\n)\n";
        assert_eq!(
            modules("a.go", Lang::Go, go),
            [
                ("fmt".into(), 2),
                ("os".into(), 4),
                ("github.com/acme/x/shared/config".into(), 5)
            ]
        );
        assert_eq!(
            modules(
                "a.py",
                Lang::Python,
                "import os.path\nfrom shared.config import load\nfrom . import x\n"
            ),
            [
                ("os.path".into(), 1),
                ("shared.config".into(), 2),
                (".".into(), 3)
            ]
        );
        assert_eq!(
            modules(
                "a.ts",
                Lang::TypeScript,
                "import { a } from '@acme/shared';\nconst b = require(\"../lib/b\");\n"
            ),
            [("@acme/shared".into(), 1), ("../lib/b".into(), 2)]
        );
        assert_eq!(
            modules(
                "a.rs",
                Lang::Rust,
                "use std::fmt;\nuse acme_shared::Config;\npub use crate::x;\n"
            ),
            [("acme_shared".into(), 2)]
        );
    }

    #[test]
    fn urls_to_other_services_only() {
        let mut out = CodeFacts::default();
        let text = "url = \"http://agent-registry:8080/v1\"\ndocs = \"https://github.com/x\"\n";
        extract(&test_file("a.py", text), Lang::Python, &mut out);
        let got: Vec<(String, Option<u16>)> = out
            .http_calls
            .iter()
            .map(|c| (c.host.clone(), c.port))
            .collect();
        assert_eq!(got, [("agent-registry".to_string(), Some(8080))]);
    }
}
