//! Error-handling habits that undercut returned errors: `log.Fatal`/`os.Exit`/`panic` in Go
//! library packages, bare `except:` and swallowed exceptions in Python, empty `catch` blocks.

use std::sync::LazyLock;

use regex::Regex;

use super::Lang;
use crate::extract::SourceFile;
use crate::facts::code::{ErrorHabit, ErrorHandling};
use crate::facts::{CodeFacts, Evidence};

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

static GO_PACKAGE: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^package\s+(\w+)"));
static GO_EXIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\blog\.(Fatal|Fatalf|Fatalln)\(|\bos\.Exit\(|\b\w+\.Fatal\w*\("));
static GO_PANIC: LazyLock<Regex> = LazyLock::new(|| re(r"^panic\("));
static PY_BARE: LazyLock<Regex> = LazyLock::new(|| re(r"^except\s*:"));
static PY_EXCEPT: LazyLock<Regex> = LazyLock::new(|| re(r"^except\b[^:]*:\s*(pass)?\s*(#.*)?$"));
static EMPTY_CATCH: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bcatch\s*(\([^)]*\))?\s*\{\s*\}"));

pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let text = file.text;
    let library = match lang {
        Lang::Go => {
            GO_PACKAGE.captures(text).is_some_and(|c| &c[1] != "main")
                && !file.path.ends_with("_test.go")
        }
        _ => true,
    };
    let mut previous_except: Option<(u32, &str)> = None;
    for (line_no, _, line) in super::lines(text) {
        let t = line.trim();
        let mut habit = |habit: ErrorHabit, at: u32, quoted: &str| {
            out.error_handling.push(ErrorHandling {
                habit,
                evidence: Evidence::line(file.path, file.role, at)
                    .with_snippet(super::snippet(quoted)),
                component: None,
            });
        };
        match lang {
            Lang::Go if library => {
                if t.starts_with("//") {
                    continue;
                }
                if GO_EXIT.is_match(t) {
                    habit(ErrorHabit::ExitInLibrary, line_no, line);
                } else if GO_PANIC.is_match(t) {
                    habit(ErrorHabit::PanicInLibrary, line_no, line);
                }
            }
            Lang::Python => {
                if PY_BARE.is_match(t) {
                    habit(ErrorHabit::BareExcept, line_no, line);
                }
                if let Some((at, quoted)) = previous_except.take() {
                    if t == "pass" {
                        habit(ErrorHabit::SwallowedError, at, quoted);
                    } else if t.is_empty() || t.starts_with('#') {
                        previous_except = Some((at, quoted));
                    }
                }
                if let Some(c) = PY_EXCEPT.captures(t) {
                    if c.get(1).is_some() {
                        habit(ErrorHabit::SwallowedError, line_no, line);
                    } else {
                        previous_except = Some((line_no, line));
                    }
                }
            }
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Java | Lang::Kotlin => {
                if EMPTY_CATCH.is_match(t) {
                    habit(ErrorHabit::SwallowedError, line_no, line);
                }
            }
            _ => {}
        }
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
        let lib = "package store\n\nfunc Open() error {\n\tlog.Fatalf(\"no db\")\n\tpanic(err)\n}\n";
        assert_eq!(
            habits("store/db.go", Lang::Go, lib),
            [(ErrorHabit::ExitInLibrary, 4), (ErrorHabit::PanicInLibrary, 5)]
        );
        let main = "package main\n\nfunc main() {\n\tlog.Fatal(run())\n}\n";
        assert!(habits("main.go", Lang::Go, main).is_empty());
    }

    #[test]
    fn python_bare_and_swallowed() {
        let text = "try:\n    x()\nexcept:\n    raise\ntry:\n    y()\nexcept ValueError:\n    pass\n";
        assert_eq!(
            habits("a.py", Lang::Python, text),
            [(ErrorHabit::BareExcept, 3), (ErrorHabit::SwallowedError, 7)]
        );
    }
}
