//! Precision and recall of the stub detector on a labelled sample: tests/fixtures/stubs holds
//! stubs and look-alikes that are not stubs in Go, Python, Rust, TypeScript, JavaScript and
//! Java, each function preceded by `expect: stub NAME` or `expect: ok NAME`. Both figures must
//! stay at 95% or above.

use std::collections::BTreeSet;
use std::path::Path;

use gapscope::extract::code::{stubs, Lang};
use gapscope::extract::SourceFile;
use gapscope::facts::{CodeFacts, FileRole};
use gapscope::text::LineIndex;

const SAMPLE: &[(&str, &str, Lang)] = &[
    ("cases.go", "Go", Lang::Go),
    ("cases.py", "Python", Lang::Python),
    ("cases.rs", "Rust", Lang::Rust),
    ("cases.ts", "TypeScript", Lang::TypeScript),
    ("cases.js", "JavaScript", Lang::JavaScript),
    ("Cases.java", "Java", Lang::Java),
];

fn detect(
    path: &str,
    language: &str,
    lang: Lang,
    text: &str,
    role: FileRole,
) -> (CodeFacts, Option<gapscope::facts::Note>) {
    let lines = LineIndex::new(text);
    let file = SourceFile {
        path,
        file_name: path.rsplit('/').next().unwrap_or(path),
        role,
        language: Some(language),
        text,
        lines: &lines,
    };
    let mut out = CodeFacts::default();
    let note = stubs::extract(&file, lang, &mut out);
    (out, note)
}

/// Each stub's function and line range, in order.
fn ranges(facts: &CodeFacts) -> Vec<(&str, u32, u32)> {
    facts
        .stubs
        .iter()
        .map(|s| (s.function.as_str(), s.start_line, s.end_line))
        .collect()
}

/// Counts of a labelled sample: true and false positives, false and true negatives, and what
/// went wrong.
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    errors: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp) as f64
    }

    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_) as f64
    }

    fn print(&self, what: &str) {
        println!(
            "{what}: {} stubs, {} look-alikes; precision {:.3}, recall {:.3} (tp {}, fp {}, fn {}, tn {})",
            self.tp + self.fn_,
            self.fp + self.tn,
            self.precision(),
            self.recall(),
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        );
        for e in &self.errors {
            println!("  {e}");
        }
    }
}

fn score(sample: &str) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(sample);
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut errors = Vec::new();
    for (name, language, lang) in SAMPLE {
        let text = std::fs::read_to_string(dir.join(name)).expect("sample file");
        let mut stub_labels = BTreeSet::new();
        let mut ok_labels = BTreeSet::new();
        for line in text.lines() {
            let Some(rest) = line.trim().split_once("expect: ").map(|(_, r)| r) else {
                continue;
            };
            match rest.split_once(' ') {
                Some(("stub", f)) => stub_labels.insert(f.trim().to_string()),
                Some(("ok", f)) => ok_labels.insert(f.trim().to_string()),
                _ => panic!("{name}: bad label `{line}`"),
            };
        }
        let (facts, note) = detect(name, language, *lang, &text, FileRole::Source);
        assert!(note.is_none(), "{name} parses: {note:?}");
        let found: BTreeSet<String> = facts.stubs.iter().map(|s| s.function.clone()).collect();
        for f in &stub_labels {
            if found.contains(f) {
                tp += 1;
            } else {
                fn_ += 1;
                errors.push(format!("{name}: missed stub {f}"));
            }
        }
        for f in &ok_labels {
            if found.contains(f) {
                fp += 1;
                errors.push(format!("{name}: {f} is not a stub"));
            } else {
                tn += 1;
            }
        }
        for f in found.difference(&stub_labels.union(&ok_labels).cloned().collect()) {
            fp += 1;
            errors.push(format!("{name}: unlabelled detection {f}"));
        }
        // Every stub names its function's range and the line that shows it.
        for s in &facts.stubs {
            assert!(s.start_line <= s.line && s.line <= s.end_line, "{s:?}");
        }
    }
    Score {
        tp,
        fp,
        fn_,
        tn,
        errors,
    }
}

/// Scores a sample, prints the figures and what went wrong, and holds it to the goal: at
/// least 100 stubs and 100 look-alikes, precision and recall 95% or above.
fn assert_sample(sample: &str, what: &str) {
    let s = score(sample);
    s.print(what);
    assert!(
        s.tp + s.fn_ >= 100 && s.fp + s.tn >= 100,
        "{what}: at least 100 of each"
    );
    assert!(
        s.precision() >= 0.95 && s.recall() >= 0.95,
        "{what}: precision {:.3}, recall {:.3}:\n{}",
        s.precision(),
        s.recall(),
        s.errors.join("\n")
    );
}

/// Written with the detector (a development set).
#[test]
fn stub_detector_precision_and_recall_on_the_labelled_sample() {
    assert_sample("tests/fixtures/stubs", "development sample");
}

/// Written without sight of the detector; its first run scored precision 1.000, recall 0.933,
/// and its nine misses were then fixed.
#[test]
fn stub_detector_precision_and_recall_on_the_held_out_sample() {
    assert_sample("tests/fixtures/stubs_holdout", "held-out sample");
}

/// Written without sight of the detector or the other samples, after those fixes; its first
/// run scored precision 1.000, recall 1.000.
#[test]
fn stub_detector_precision_and_recall_on_the_second_held_out_sample() {
    assert_sample("tests/fixtures/stubs_holdout2", "second held-out sample");
}

#[test]
fn stubs_carry_kind_line_and_function_range() {
    let text = "package x\n\nfunc (c *Client) Investigate() error {\n\t// TODO: implement\n\tpanic(\"not implemented\")\n}\n";
    let (facts, _) = detect("pkg/ai/client.go", "Go", Lang::Go, text, FileRole::Source);
    let s = &facts.stubs[0];
    assert_eq!(
        (
            s.function.as_str(),
            s.start_line,
            s.end_line,
            s.line,
            s.kind.as_str()
        ),
        ("Client.Investigate", 3, 6, 5, "panic")
    );
    assert_eq!(s.snippet, "panic(\"not implemented\")");
}

#[test]
fn tests_that_check_nothing_are_found_in_test_files_only() {
    // Empty, skipped and print-only tests check nothing; a test that calls code without an
    // assertion of its own may assert through a helper or mean "does not raise".
    let py = "def test_saves():\n    \"\"\"Later.\"\"\"\n    pass\n\ndef test_loads():\n    assert repo.load() == x\n\ndef test_runs():\n    repo.run()\n";
    let (facts, _) = detect(
        "tests/test_repo.py",
        "Python",
        Lang::Python,
        py,
        FileRole::Test,
    );
    let names: Vec<(&str, &str)> = facts
        .stubs
        .iter()
        .map(|s| (s.function.as_str(), s.kind.as_str()))
        .collect();
    assert_eq!(names, [("test_saves", "test_without_assertion")]);
    let (facts, _) = detect("src/repo.py", "Python", Lang::Python, py, FileRole::Source);
    assert!(
        facts
            .stubs
            .iter()
            .all(|s| s.kind.as_str() != "test_without_assertion"),
        "{:?}",
        facts.stubs
    );

    let go = "package x\nfunc TestA(t *testing.T) {\n\tt.Skip(\"flaky\")\n\trun()\n}\nfunc TestB(t *testing.T) {\n\tif testing.Short() {\n\t\tt.Skip()\n\t}\n\trun()\n}\n";
    let (facts, _) = detect("x_test.go", "Go", Lang::Go, go, FileRole::Test);
    assert_eq!(facts.stubs.len(), 1, "{:?}", facts.stubs);
    assert_eq!(facts.stubs[0].function, "TestA");
    assert_eq!(facts.stubs[0].line, 3, "shown at the skip");
    assert_eq!(
        facts.stubs[0].why.as_deref(),
        Some("skipped unconditionally before anything runs")
    );

    let rs = "#[test]\nfn saves() {\n    println!(\"{:?}\", repo.save());\n}\n\n#[test]\n#[should_panic]\nfn rejects() {\n    repo.load(-1);\n}\n\n#[test]\nfn loads() {\n    assert_eq!(repo.load(1), 1);\n}\n";
    let (facts, _) = detect("tests/repo.rs", "Rust", Lang::Rust, rs, FileRole::Test);
    let got = ranges(&facts);
    assert_eq!(got, [("saves", 2, 4)]);

    let java = "class RepoTest {\n  @Test\n  void saves() {\n    // repo.save();\n  }\n\n  @Test\n  void loads() {\n    assertEquals(1, repo.load());\n  }\n}\n";
    let (facts, _) = detect(
        "src/test/java/RepoTest.java",
        "Java",
        Lang::Java,
        java,
        FileRole::Test,
    );
    let got = ranges(&facts);
    assert_eq!(got, [("saves", 3, 5)]);

    let ts = "it('renders', async ({ page }) => {\n  console.log(page);\n});\ntest('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\nit('finds', async ({ page }) => {\n  await page.getByRole('button').click();\n});\nit('is pending');\n";
    let (facts, _) = detect("app.test.tsx", "TSX", Lang::Tsx, ts, FileRole::Test);
    let got: Vec<(&str, Option<&str>)> = facts
        .stubs
        .iter()
        .map(|s| (s.function.as_str(), s.why.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("renders", Some("only prints; checks nothing")),
            (
                "is pending",
                Some("no test function: registered as pending")
            ),
        ]
    );

    // An empty Spring Boot test is the context-load smoke test.
    let spring = "@SpringBootTest\nclass AppTests {\n  @Test\n  void contextLoads() {\n  }\n}\n";
    let (facts, _) = detect(
        "src/test/java/AppTests.java",
        "Java",
        Lang::Java,
        spring,
        FileRole::Test,
    );
    assert!(facts.stubs.is_empty(), "{:?}", facts.stubs);
}

#[test]
fn ruby_tests_that_skip_or_do_nothing_are_found() {
    let rb = "class ApiTest < ActiveSupport::TestCase\n  test \"skips\" do\n    skip \"later\"\n    assert true\n  end\n\n  test \"flat\" do\n  get root_url\n  assert_response :success\n  end\n\n  def test_empty\n  end\n\n  it \"runs only on CI\" do\n    skip unless ENV[\"CI\"]\n    run_it\n  end\nend\n";
    let lines = LineIndex::new(rb);
    let file = SourceFile {
        path: "test/api_test.rb",
        file_name: "api_test.rb",
        role: FileRole::Test,
        language: Some("Ruby"),
        text: rb,
        lines: &lines,
    };
    let mut out = CodeFacts::default();
    stubs::ruby_tests(&file, &mut out);
    let got: Vec<(&str, u32, u32, Option<&str>)> = out
        .stubs
        .iter()
        .map(|s| {
            (
                s.function.as_str(),
                s.start_line,
                s.end_line,
                s.why.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "skips",
                2,
                5,
                Some("skipped unconditionally before anything runs")
            ),
            ("test_empty", 12, 13, Some("empty body")),
        ]
    );
}

#[test]
fn rust_unit_tests_in_source_files_read_alike_with_or_without_a_parse() {
    // A source file whose only candidate is its test module is read as text; the same module
    // next to a `todo!()` is read from the tree. Both give the same test facts, and calls
    // named `test(` are not tests.
    let tests = "\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn saves() {\n        println!(\"{:?}\", test(repo.save()));\n    }\n\n    #[tokio::test]\n    async fn loads() {\n        assert_eq!(load().await, 1);\n    }\n\n    #[test]\n    #[ignore]\n    fn runs() {\n        // run();\n    }\n}\n";
    let plain = format!("pub fn save() -> u32 {{\n    1\n}}\n{tests}");
    let with_stub = format!("pub fn save() -> u32 {{\n    todo!()\n}}\n{tests}");
    let tests_of = |text: &str| {
        let (facts, note) = detect("src/repo.rs", "Rust", Lang::Rust, text, FileRole::Source);
        assert!(note.is_none(), "{note:?}");
        let mut got: Vec<(String, u32, u32, &'static str)> = facts
            .stubs
            .iter()
            .map(|s| {
                (
                    s.function.clone(),
                    s.start_line,
                    s.end_line,
                    s.kind.as_str(),
                )
            })
            .collect();
        got.sort();
        got
    };
    let want = vec![
        ("runs".to_string(), 21, 23, "test_without_assertion"),
        ("saves".to_string(), 10, 12, "test_without_assertion"),
    ];
    assert_eq!(tests_of(&plain), want);
    let mut with_todo = want.clone();
    with_todo.push(("save".to_string(), 1, 3, "todo_macro"));
    with_todo.sort();
    assert_eq!(tests_of(&with_stub), with_todo);
}

#[test]
fn source_that_does_not_parse_gives_a_note_and_the_rest_of_its_stubs() {
    let text = "def ok():\n    pass\n\ndef broken(x) -> (:\n    pass\n\ndef later():\n    raise NotImplementedError\n";
    let (facts, note) = detect(
        "src/broken.py",
        "Python",
        Lang::Python,
        text,
        FileRole::Source,
    );
    let note = note.expect("a note for the syntax error");
    assert!(note.message.contains("does not parse"), "{}", note.message);
    let names: BTreeSet<&str> = facts.stubs.iter().map(|s| s.function.as_str()).collect();
    assert!(names.contains("ok") && names.contains("later"), "{names:?}");
    assert_eq!(note.line, 4);

    // Hostile shapes: deep nesting, NUL-free garbage, unterminated strings; never a panic.
    let deep = format!(
        "fn f() {{ {} todo!() {} }}",
        "{".repeat(5000),
        "}".repeat(5000)
    );
    let _ = detect("src/deep.rs", "Rust", Lang::Rust, &deep, FileRole::Source);
    for (lang, language) in [
        (Lang::Go, "Go"),
        (Lang::Java, "Java"),
        (Lang::TypeScript, "TypeScript"),
    ] {
        let (_, note) = detect(
            "src/x",
            language,
            lang,
            "func ( { \"unterminated TODO\n }}}} ))) pass",
            FileRole::Source,
        );
        assert!(note.is_some());
    }
}

#[test]
fn a_test_with_a_multi_line_string_is_read_to_its_closing_brace() {
    // The string's and the comment's lines start in column 0; the test still ends at its brace.
    let rs = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn basic() {\n        let exp = \"\\\n0:first line\n1:second line\n\";\n        Tester::new(exp).check();\n    }\n\n    #[test]\n    fn runs() {\n        /* the old check:\n0:first line\n*/\n        // run(exp);\n    }\n}\n";
    let (facts, _) = detect("src/glue.rs", "Rust", Lang::Rust, rs, FileRole::Source);
    let got = ranges(&facts);
    assert_eq!(got, [("runs", 13, 18)]);
}

#[test]
fn a_large_file_is_parsed_around_its_candidates_with_their_context() {
    // Generated code keeps methods in column 0; the empty `hash` is a trait implementation's
    // (a default by design) and the parse around it must still see the `impl … for`.
    let mut rs = String::new();
    for i in 0..200 {
        rs.push_str(&format!(
            "pub fn work{i}(x: u32) -> u32 {{\n    x + {i}\n}}\n\n"
        ));
    }
    rs.push_str("impl<T> ::core::hash::Hash for Field<T> {\nfn hash<H: Hasher>(&self, _state: &mut H) {}\n}\n\n");
    rs.push_str("impl Store {\n    /// Not there yet.\n    pub fn flush(&self) -> Result<()> {\n        todo!()\n    }\n}\n");
    let (facts, note) = detect("src/gen.rs", "Rust", Lang::Rust, &rs, FileRole::Source);
    assert!(note.is_none(), "{note:?}");
    let got: Vec<(&str, &str, u32)> = facts
        .stubs
        .iter()
        .map(|s| (s.function.as_str(), s.kind.as_str(), s.line))
        .collect();
    assert_eq!(got, [("Store.flush", "todo_macro", 808)]);
}

#[test]
fn python_functions_under_platform_blocks_and_after_long_docstrings_are_found() {
    // A function defined inside a top-level `if`/`else`, a method after a docstring whose
    // lines start in column 0, and a `pass` after a comment line.
    let py = concat!(
        "import sys\n",
        "\n",
        "if sys.platform == 'win32':\n",
        "    def reap():\n",
        "        return 0\n",
        "else:\n",
        "    def reap():\n",
        "        raise NotImplementedError\n",
        "\n",
        "class Compiler:\n",
        "    def find(self, name):\n",
        "        \"\"\"Search the library path.\n",
        "\n",
        "Returns None when absent.\n",
        "\"\"\"\n",
        "        raise NotImplementedError\n",
        "\n",
        "    def flush(self):\n",
        "        # the buffered writer comes later\n",
        "        pass\n",
    );
    let (facts, note) = detect("pkg/tool.py", "Python", Lang::Python, py, FileRole::Source);
    assert!(note.is_none(), "{note:?}");
    let got: Vec<(&str, &str, u32)> = facts
        .stubs
        .iter()
        .map(|s| (s.function.as_str(), s.kind.as_str(), s.line))
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    for want in [
        ("reap", "not_implemented", 8),
        ("Compiler.find", "not_implemented", 16),
        ("Compiler.flush", "pass", 20),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
}

#[test]
fn calls_named_test_in_python_and_rust_test_files_are_not_tests() {
    // idlelib's tests call a helper `test(...)` at the start of lines; only `def test…`
    // starts a Python test, and only a test attribute a Rust one.
    let py =
        "def test_history(self):\n    test('a', 1)\n    test('b', 2)\n    self.assertTrue(ok)\n";
    let (facts, _) = detect(
        "idle_test/test_h.py",
        "Python",
        Lang::Python,
        py,
        FileRole::Test,
    );
    assert!(facts.stubs.is_empty(), "{:?}", ranges(&facts));
    let rs = "fn helper() {\ntest(1);\n}\n\n#[test]\nfn runs() {\n    // test(2);\n}\n";
    let (facts, _) = detect("tests/it.rs", "Rust", Lang::Rust, rs, FileRole::Test);
    assert_eq!(ranges(&facts), [("runs", 6, 8)]);
}

#[test]
fn unterminated_strings_comments_and_escapes_at_the_end_never_panic() {
    // The lexical readers (Python triple quotes, brace items, test blocks) meet text that
    // ends inside a string, an escape, a raw string or a comment.
    let endings = [
        "\"\"\"abc\\",
        "'''x\\",
        "r#\"abc",
        "r#",
        "'\\",
        "'",
        "/*",
        "\"\\",
        "`abc",
        "'{",
    ];
    for ending in endings {
        for (path, language, lang, head) in [
            (
                "src/a.py",
                "Python",
                Lang::Python,
                "class A:\n    def f(self):\n        pass\n",
            ),
            (
                "src/a.rs",
                "Rust",
                Lang::Rust,
                "fn f() {}\n#[test]\nfn t() {\n",
            ),
            ("src/a.go", "Go", Lang::Go, "func F() {}\nfunc G() {\n"),
            (
                "src/a.ts",
                "TypeScript",
                Lang::TypeScript,
                "function f() {}\nfunction g() {\n",
            ),
            (
                "src/A.java",
                "Java",
                Lang::Java,
                "class A {\n  void f() {}\n  void g() {\n",
            ),
        ] {
            let text = format!("{head}{ending}");
            for role in [FileRole::Source, FileRole::Test] {
                let _ = detect(path, language, lang, &text, role);
            }
        }
    }
    // And texts made of the characters those readers act on, in random order (a fixed seed).
    let alphabet: Vec<char> = "{}()[]'\"`/*#\\\nr \tpassTODOfn def test_é;:"
        .chars()
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..3000 {
        let len = 1 + round % 300;
        let text: String = (0..len)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(seed >> 33) as usize % alphabet.len()]
            })
            .collect();
        // After a head with a stub candidate and a test, so every reader runs on the rest.
        let (path, language, lang, head) = [
            (
                "src/a.py",
                "Python",
                Lang::Python,
                "class A:\n    def f(self):\n        pass\n    def test_x(self):\n",
            ),
            (
                "src/a.rs",
                "Rust",
                Lang::Rust,
                "fn f() {}\n#[test]\nfn t() {\n",
            ),
            (
                "src/a.go",
                "Go",
                Lang::Go,
                "func F() {}\nfunc TestX(t *testing.T) {\n",
            ),
            (
                "src/a.js",
                "JavaScript",
                Lang::JavaScript,
                "function f() {}\nit('x', () => {\n",
            ),
            (
                "src/A.java",
                "Java",
                Lang::Java,
                "class A {\n  void f() {}\n  @Test\n  void g() {\n",
            ),
        ][round % 5];
        let text = format!("{head}{text}");
        let role = if round % 2 == 0 {
            FileRole::Source
        } else {
            FileRole::Test
        };
        let _ = detect(path, language, lang, &text, role);
    }
}
