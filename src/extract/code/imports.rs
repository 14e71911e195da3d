//! Imports (Go, Python, TypeScript/JavaScript, Rust, Java/Kotlin) and outbound HTTP URL
//! literals: the edges of the component graph, before they are resolved to components.

use std::sync::LazyLock;

use regex::Regex;

use super::Lang;
use crate::extract::SourceFile;
use crate::facts::code::{HttpCall, Import};
use crate::facts::{CodeFacts, Evidence};

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

static GO_SINGLE: LazyLock<Regex> = LazyLock::new(|| re(r#"^import\s+(?:[\w.]+\s+)?"([^"]+)""#));
static GO_IN_BLOCK: LazyLock<Regex> = LazyLock::new(|| re(r#"^(?:[\w.]+\s+)?"([^"]+)""#));
static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| re(r"^import\s+([\w.]+)"));
static PY_FROM: LazyLock<Regex> = LazyLock::new(|| re(r"^from\s+(\.*[\w.]*)\s+import\b"));
static JS_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?:\bfrom\s+|^import\s+|\brequire\(\s*|\bimport\(\s*)["']([^"'\n]+)["']"#)
});
static RUST_USE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:pub(?:\([\w ]+\))?\s+)?use\s+(?:::)?(\w+)|^extern crate (\w+)"));
static JAVA_IMPORT: LazyLock<Regex> = LazyLock::new(|| re(r"^import\s+(?:static\s+)?([\w.]+)"));
static URL: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"["'`](?:https?|grpc)://([a-zA-Z0-9][a-zA-Z0-9.-]*)(?::(\d{1,5}))?[/"'`?]"#)
});

pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let mut in_go_block = false;
    for (line_no, _, line) in super::lines(file.text) {
        let t = line.trim();
        let mut import = |module: &str| {
            out.imports.push(Import {
                module: module.to_string(),
                evidence: Evidence::line(file.path, file.role, line_no)
                    .with_snippet(super::snippet(line)),
                component: None,
            });
        };
        match lang {
            Lang::Go => {
                if in_go_block {
                    if t.starts_with(')') {
                        in_go_block = false;
                    } else if let Some(c) = GO_IN_BLOCK.captures(t) {
                        import(&c[1]);
                    }
                } else if t.starts_with("import (") {
                    in_go_block = true;
                } else if let Some(c) = GO_SINGLE.captures(t) {
                    import(&c[1]);
                }
            }
            Lang::Python => {
                if let Some(c) = PY_FROM.captures(t).or_else(|| PY_IMPORT.captures(t)) {
                    import(&c[1]);
                }
            }
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
                for c in JS_IMPORT.captures_iter(t) {
                    import(&c[1]);
                }
            }
            Lang::Rust => {
                if let Some(c) = RUST_USE.captures(t) {
                    let m = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
                    if !matches!(m, "crate" | "self" | "super" | "std" | "core" | "alloc") {
                        import(m);
                    }
                }
            }
            Lang::Java | Lang::Kotlin => {
                if let Some(c) = JAVA_IMPORT.captures(t) {
                    import(&c[1]);
                }
            }
        }
        for c in URL.captures_iter(line) {
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
            out.http_calls.push(HttpCall {
                host,
                port: c.get(2).and_then(|p| p.as_str().parse().ok()),
                evidence: Evidence::line(file.path, file.role, line_no)
                    .with_snippet(super::snippet(line)),
                component: None,
            });
        }
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
            [("fmt".into(), 2), ("os".into(), 4), ("github.com/acme/x/shared/config".into(), 5)]
        );
        assert_eq!(
            modules("a.py", Lang::Python, "import os.path\nfrom shared.config import load\nfrom . import x\n"),
            [("os.path".into(), 1), ("shared.config".into(), 2), (".".into(), 3)]
        );
        assert_eq!(
            modules("a.ts", Lang::TypeScript, "import { a } from '@acme/shared';\nconst b = require(\"../lib/b\");\n"),
            [("@acme/shared".into(), 1), ("../lib/b".into(), 2)]
        );
        assert_eq!(
            modules("a.rs", Lang::Rust, "use std::fmt;\nuse acme_shared::Config;\npub use crate::x;\n"),
            [("acme_shared".into(), 2)]
        );
    }

    #[test]
    fn urls_to_other_services_only() {
        let mut out = CodeFacts::default();
        let text = "url = \"http://agent-registry:8080/v1\"\ndocs = \"https://github.com/x\"\n";
        extract(&test_file("a.py", text), Lang::Python, &mut out);
        let got: Vec<(String, Option<u16>)> =
            out.http_calls.iter().map(|c| (c.host.clone(), c.port)).collect();
        assert_eq!(got, [("agent-registry".to_string(), Some(8080))]);
    }
}
