//! Error-handling habits that undercut returned errors: `log.Fatal`/`os.Exit`/`panic` in Go
//! library packages, bare `except:` and swallowed exceptions in Python, empty `catch` blocks.

use std::sync::LazyLock;

use regex::Regex;

use super::Lang;
use crate::extract::SourceFile;
use crate::facts::code::{ErrorHabit, ErrorHandling};
use crate::facts::{CodeFacts, Evidence};

fn re(s: &str) -> Regex {
    super::ascii_regex(s)
}

static GO_PACKAGE: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^package\s+(\w+)"));
static GO_EXIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)\blog\.(Fatal|Fatalf|Fatalln)\(|\bos\.Exit\(|^[ \t]*(panic)\("));
static PY_EXCEPT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m)^[ \t]*except\b([^:\n]*):[ \t]*(pass)?[ \t]*(?:#[^\n]*)?\r?$(?:\n[ \t]*(?:#[^\n]*)?\r?$)*(\n[ \t]*pass[ \t]*(?:#[^\n]*)?\r?$)?",
    )
});
static EMPTY_CATCH: LazyLock<Regex> = LazyLock::new(|| re(r"\bcatch\s*(\([^)\n]*\))?\s*\{\s*\}"));

pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let text = file.text;
    let mut habit = |habit: ErrorHabit, offset: usize| {
        let (line_no, line) = super::line_at(file, offset);
        out.error_handling.push(ErrorHandling {
            habit,
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(line)),
            component: None,
        });
    };
    match lang {
        Lang::Go => {
            let library = GO_PACKAGE.captures(text).is_some_and(|c| &c[1] != "main")
                && !file.path.ends_with("_test.go");
            if !library {
                return;
            }
            for c in GO_EXIT.captures_iter(text) {
                let at = c.get(0).map_or(0, |m| m.start());
                let (_, line) = super::line_at(file, at);
                if line.trim_start().starts_with("//") {
                    continue;
                }
                if c.get(2).is_some() {
                    habit(ErrorHabit::PanicInLibrary, at);
                } else {
                    habit(ErrorHabit::ExitInLibrary, at);
                }
            }
        }
        Lang::Python => {
            for c in PY_EXCEPT.captures_iter(text) {
                let at = c.get(0).map_or(0, |m| m.start());
                let at = at + (c[0].len() - c[0].trim_start().len());
                if c[1].trim().is_empty() {
                    habit(ErrorHabit::BareExcept, at);
                } else if c.get(2).is_some() || c.get(3).is_some() {
                    habit(ErrorHabit::SwallowedError, at);
                }
            }
        }
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Java | Lang::Kotlin => {
            for m in EMPTY_CATCH.find_iter(text) {
                habit(ErrorHabit::SwallowedError, m.start());
            }
        }
        Lang::Rust => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_file;

    fn habits(path: &str, lang: Lang, text: &str) -> Vec<(ErrorHabit, u32)> {
        let mut out = CodeFacts::default();
        extract(&test_file(path, text), lang, &mut out);
        out.error_handling
            .iter()
            .map(|e| (e.habit, e.evidence.start_line))
            .collect()
    }

    #[test]
    fn go_exits_count_only_in_library_packages() {
        let lib =
            "package store\n\nfunc Open() error {\n\tlog.Fatalf(\"no db\")\n\tpanic(err)\n}\n";
        assert_eq!(
            habits("store/db.go", Lang::Go, lib),
            [
                (ErrorHabit::ExitInLibrary, 4),
                (ErrorHabit::PanicInLibrary, 5)
            ]
        );
        let main = "package main\n\nfunc main() {\n\tlog.Fatal(run())\n}\n";
        assert!(habits("main.go", Lang::Go, main).is_empty());
    }

    #[test]
    fn python_bare_and_swallowed() {
        let text =
            "try:\n    x()\nexcept:\n    raise\ntry:\n    y()\nexcept ValueError:\n    pass\n";
        assert_eq!(
            habits("a.py", Lang::Python, text),
            [(ErrorHabit::BareExcept, 3), (ErrorHabit::SwallowedError, 7)]
        );
    }
}
