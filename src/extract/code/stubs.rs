//! Stubs and placeholders: functions whose body shows they are not implemented, found on the
//! syntax tree (tree-sitter) so each carries its enclosing function's name and line range.
//!
//! What counts (top-level statements of the body only, so a `raise NotImplementedError` for
//! one unsupported mode inside an `if` is not a stub):
//! * an empty body, Python `pass`/`...` or a docstring alone;
//! * `raise NotImplementedError`, `throw new UnsupportedOperationException()`, an error or
//!   panic whose message says "not implemented", Rust `todo!()`/`unimplemented!()`;
//! * a body that only returns a constant next to a TODO/FIXME;
//! * a body of log/print lines that say placeholder, stub or not implemented;
//! * in tests, a test function with no assertion.
//!
//! What does not: abstract methods and protocol or interface declarations, default no-op
//! hooks (trait defaults, `@Override` listeners, methods of Base/Abstract/Noop types), bodies
//! whose comment says they are empty on purpose, constructors, Go marker methods.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::{Node, Parser};

use super::{snippet_of_line, Lang, MAX_PARSE_BYTES};
use crate::extract::SourceFile;
use crate::facts::code::{Stub, StubKind};
use crate::facts::{CodeFacts, FileRole, Note};

fn re(s: &str) -> Regex {
    super::ascii_regex(s)
}

/// Text that makes a parse worth its cost, per language: something a stub is made of.
fn prefilter(lang: Lang) -> &'static Regex {
    static COMMON: &str = r"(?i:not (?:yet )?implemented|unimplemented|placeholder)|NotImplemented|\bTODO\b|\bFIXME\b|\bstub\b";
    static PY: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            // `pass` or `...` right after a signature or a docstring (comments between):
            // `except: pass` is everywhere and no reason to parse.
            r#"(?m){COMMON}|(?:\)[ \t]*(?:->[^\n:]*)?:|"""|''')[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:pass|\.\.\.)[ \t]*(?:#[^\n]*)?\r?$|\)[ \t]*(?:->[^\n:]*)?:[ \t]*(?:pass|\.\.\.)[ \t]*(?:#[^\n]*)?\r?$"#
        ))
    });
    static GO: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{COMMON}|\)[ \t]*\{{\s*\}}")));
    static RUST: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{COMMON}|todo!|\)\s*(?:->[^{{;]+|where[^{{;]+)?\{{\s*\}}"
        ))
    });
    static JS: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{COMMON}|\)[ \t]*(?::[^{{;=]+)?\{{\s*\}}|=>[ \t]*\{{\s*\}}"
        ))
    });
    static JAVA: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"{COMMON}|UnsupportedOperation|\)[ \t]*(?:throws [\w., ]+)?\{{\s*\}}"
        ))
    });
    match lang {
        Lang::Python => &PY,
        Lang::Go => &GO,
        Lang::Rust => &RUST,
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &JS,
        Lang::Java | Lang::Kotlin => &JAVA,
    }
}

/// Whether a file has text worth a parse. In brace languages a word like TODO or "not
/// implemented" in a comment only counts inside a body short enough to be a stub (at most one
/// statement between its braces): such comments are everywhere in working code, and parsing
/// every file that has one costs more than the rest of the analysis.
///
/// Returns where the candidates are (for Python, only whether there is one).
fn candidates(text: &str, lang: Lang) -> Vec<usize> {
    let candidates = prefilter(lang);
    if lang == Lang::Python {
        return candidates
            .find(text)
            .map(|m| m.start())
            .into_iter()
            .collect();
    }
    let mut found = candidates.find_iter(text).filter(|m| {
        let (line_start, line_end) = crate::text::line_bounds(text, m.start());
        let line = &text[line_start..line_end];
        let comment = comment_start(line);
        match comment {
            Some(c) if line_start + c <= m.start() => in_short_body(text, line_start, line_end),
            _ => true,
        }
    });
    // Where the first one is, and then one per top-level item at most (enough to chunk).
    let mut out: Vec<usize> = Vec::new();
    if let Some(first) = found.next() {
        out.push(first.start());
        out.extend(found.map(|m| m.start()));
    }
    out
}

/// Byte ranges of the top-level items (a function, an `impl` or class, a `mod`, with the
/// attributes and comments right above) around each candidate of a brace language, merged.
/// `None` when the items cannot be read from the text; the file is then parsed whole.
fn brace_chunks(text: &str, candidates: &[usize]) -> Option<Vec<(usize, usize)>> {
    let items = top_level_items(text)?;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &at in candidates {
        // The item that holds the candidate; one outside every item is in no function.
        let i = items.partition_point(|&(_, end)| end <= at);
        let Some(&(start, end)) = items.get(i).filter(|&&(start, _)| start <= at) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    Some(out)
}

/// Where a line's comment starts (`//`, `/*`, or a `*` continuing a block comment), naively:
/// a `//` inside a string on the line is taken for a comment too, which only means a little
/// more checking.
fn comment_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('*') {
        return Some(line.len() - trimmed.len());
    }
    match (line.find("//"), line.find("/*")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether the line at `line_start..line_end` lies in a `{…}` body with at most one statement
/// line besides comments and blanks, looking at most a few lines up and down.
fn in_short_body(text: &str, line_start: usize, line_end: usize) -> bool {
    const REACH: usize = 8;
    fn code(line: &str) -> &str {
        let line = line.strip_suffix('\r').unwrap_or(line);
        comment_start(line).map_or(line, |c| &line[..c]).trim()
    }
    let here = code(&text[line_start..line_end]);
    let mut statements = 0;
    // Up to the line that opens the body.
    let mut open = here.contains('{');
    if open {
        let after = &here[here.rfind('{').map_or(0, |i| i + 1)..];
        statements += usize::from(!after.trim().is_empty() && !after.contains('}'));
    } else {
        statements += usize::from(!here.is_empty());
        for line in text[..line_start].lines().rev().take(REACH) {
            let c = code(line);
            if c.ends_with('{') {
                open = true;
                break;
            }
            if !c.is_empty() {
                statements += 1;
                if statements > 1 {
                    return false;
                }
            }
        }
    }
    if !open {
        return false;
    }
    // Down to the line that closes it.
    if here.contains('}') {
        return statements <= 1;
    }
    for line in text[line_end..].lines().skip(1).take(REACH) {
        let c = code(line);
        if c.starts_with('}') {
            return statements <= 1;
        }
        if !c.is_empty() {
            statements += 1;
            if statements > 1 {
                return false;
            }
        }
    }
    false
}

/// A message that says the code is not there yet.
static NOT_IMPLEMENTED_MSG: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?i)["'`][^"'`\n]*(not (yet )?implemented|unimplemented|\btodo\b|\bstub\b|implement me)"#)
});
static PY_RAISE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^raise\s+(NotImplementedError|NotImplemented)\b"));
static ANY_RAISE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(raise|throw)\s+(new\s+)?[\w.]*(Error|Exception)\b"));
static JAVA_UNSUPPORTED: LazyLock<Regex> =
    LazyLock::new(|| re(r"^throw\s+new\s+(java\.lang\.)?UnsupportedOperationException\s*\(\s*\)"));
/// `throw new UnsupportedOperationException("…")` with a message: a stub unless the message
/// says the operation is refused by design (a read-only or immutable type).
static JAVA_UNSUPPORTED_MSG: LazyLock<Regex> =
    LazyLock::new(|| re(r"^throw\s+new\s+(java\.lang\.)?UnsupportedOperationException\s*\("));
static REFUSED_BY_DESIGN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)read.?only|immutable|unmodifiable|cannot|can't|can not|does not support|doesn't support|not (allowed|permitted)|not supported by|\bfor (this|a|an) ",
    )
});
/// An exception type named for missing code (`NotImplementedError`, `NotImplementedException`).
static NOT_IMPLEMENTED_TYPE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^throw\s+(new\s+)?[\w.]*NotImplemented\w*\b"));
/// A Rust body that is only an error saying so: `Err(anyhow!("… not implemented"))`,
/// `bail!("not implemented")`.
static RUST_ERR: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(return\s+)?(Err\s*\(|(anyhow::)?bail!\s*\()"));
static GO_PANIC: LazyLock<Regex> = LazyLock::new(|| re(r"^panic\s*\("));
static GO_ERR_RETURN: LazyLock<Regex> =
    LazyLock::new(|| re(r"^return\b.*\b(errors\.New|fmt\.Errorf|status\.Error(f)?)\s*\("));
static RUST_TODO: LazyLock<Regex> = LazyLock::new(|| re(r"^(todo|unimplemented)!\s*[\(\[\{]"));
static RUST_PANIC: LazyLock<Regex> = LazyLock::new(|| re(r"^panic!\s*\("));
static TODO_COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(//|#|/\*|\*|--)\s*(TODO|FIXME)\b"));
/// A comment or docstring that says the empty body is meant.
static ON_PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)no-?op\b|nothing to do|do(es)? nothing|intentional|deliberately|on purpose|by design|\boverrid|subclass|\bhooks?\b|default implementation|ignored?\b|not needed|not required|\bno need\b|empty by default|overwrit|child class|backwards? compat",
    )
});
/// Owners whose empty or unimplemented methods are defaults or doubles by design.
static BASE_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)noop|^nop|^null|dummy|fake|mock|stub|discard|^base|base$|abstract|mixin|interface|protocol|visitor|listener|adapter|handler$",
    )
});
static NOOP_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^_*no_?op|^nop$|^_$|^__\w+__$|^dummy|^ignore"));
static LITERAL_RETURN: LazyLock<Regex> = LazyLock::new(|| {
    let lit = r#"(nil|null|None|undefined|true|false|True|False|-?\d[\d_.]*[a-z]*|[bBrRuU]?"[^"\n]*"|[bBrRuU]?'[^'\n]*'|[\w:<>]*::default\(\)|Default::default\(\)|[A-Z]\w*\.[A-Z][A-Z0-9_]*|new [\w.]+\[0\]|\[\s*\]|\{\s*\}|\(\s*\)|\[\]\w+\{\}|[\w:.<>]*\{\s*\}|(Vec|String|HashMap|BTreeMap)::new\(\)|vec!\[\]|Ok\(\s*(\(\)|\w+|"[^"]*"|vec!\[\]|Vec::new\(\))?\s*\)|Some\(\s*\w+\s*\)|new [\w.]+(<[^>]*>)?\(\)|Collections\.\w+\(\)|List\.of\(\)|Optional\.empty\(\)|Map\.of\(\))"#;
    re(&format!(r"^(return\b\s*)?({lit}(\s*,\s*{lit})*)?\s*;?$"))
});
static LOG_CALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(await\s+)?[\w.:]*\b(log|logger|logging|print|println|printf|console|info|infof|warn|warnf|warning|debug|debugf|trace|eprint|eprintln|logf|error|errorf)\b!?\s*\(",
    )
});
static PLACEHOLDER_MSG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)["'`][^"'`\n]*(placeholder|not (yet )?implemented|unimplemented|\bstub(bed)?\b|\btodo\b)"#,
    )
});
/// The enclosing type and what kind of type it is.
#[derive(Debug, Clone, Default)]
struct Ctx {
    owner: Option<Rc<str>>,
    /// Methods here are declarations or defaults by design (traits, interfaces, protocols,
    /// abstract or base classes, trait implementations).
    by_design: bool,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

fn grammar(lang: Lang) -> Option<tree_sitter::Language> {
    Some(match lang {
        Lang::Go => tree_sitter_go::LANGUAGE.into(),
        Lang::Python => tree_sitter_python::LANGUAGE.into(),
        Lang::Rust => tree_sitter_rust::LANGUAGE.into(),
        Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Lang::Java => tree_sitter_java::LANGUAGE.into(),
        Lang::Kotlin => return None,
    })
}

/// Finds the stubs of one file. Returns a note when the file could only be read in part.
pub fn extract(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) -> Option<Note> {
    let text = file.text;
    let is_test_file = file.role == FileRole::Test;
    // Test files are parsed for tests without assertions; Rust keeps tests in source files.
    if is_test_file {
        tests_without_assertion(file, lang, out);
        return None;
    }
    // Rust keeps unit tests in source files. Nearly every crate has them, and a whole-file
    // parse to check them costs more than the rest of the analysis: their text is read as a
    // test file's is (the tree, where there is one, leaves them alone).
    if lang == Lang::Rust && (text.contains("test]") || text.contains("::test")) {
        tests_without_assertion(file, lang, out);
    }
    let candidates = candidates(text, lang);
    if candidates.is_empty() {
        return None;
    }
    let language = grammar(lang)?;
    if text.len() > MAX_PARSE_BYTES {
        return Some(Note::new(
            crate::codes::Code::CodeTooLargeToParse,
            file.path,
            0,
            format!(
                "{} bytes: over the {}-byte limit for parsing; not searched for stubs",
                text.len(),
                MAX_PARSE_BYTES
            ),
        ));
    }
    // Parsed in chunks: the top-level items around the candidates, which in a large file
    // with one stub is a small part of it. A brace-language chunk that does not parse alone
    // (its extent misread) sends the whole file to the parser instead.
    if lang != Lang::Python {
        if let Some(chunks) = brace_chunks(text, &candidates) {
            let whole = [(0, text.len())];
            if chunks.as_slice() != whole {
                let mut part = CodeFacts::default();
                if parse_chunks(file, lang, &language, &chunks, &mut part).is_none() {
                    out.stubs.append(&mut part.stubs);
                    return None;
                }
            }
        }
        return parse_chunks(file, lang, &language, &[(0, text.len())], out);
    }
    let chunks = python_chunks(text, prefilter(lang));
    parse_chunks(file, lang, &language, &chunks, out)
}

/// Parses the chunks of a file and reads their stubs. Returns a note on the first part that
/// does not parse.
fn parse_chunks(
    file: &SourceFile<'_>,
    lang: Lang,
    language: &tree_sitter::Language,
    chunks: &[(usize, usize)],
    out: &mut CodeFacts,
) -> Option<Note> {
    let text = file.text;
    let is_test_file = file.role == FileRole::Test;
    let mut note = None;
    for &(start, end) in chunks {
        let chunk = &text[start..end];
        let Some(tree) = PARSER.with(|p| {
            let mut parser = p.borrow_mut();
            parser.set_language(language).ok()?;
            parser.parse(chunk, None)
        }) else {
            continue;
        };
        let root = tree.root_node();
        let line_base = file.line_of(start) - 1;
        let mut finder = Finder {
            file,
            lang,
            src: chunk.as_bytes(),
            line_base,
            is_test_file,
            out: &mut *out,
        };
        finder.walk(root);
        if root.has_error() && note.is_none() {
            let line = line_base + first_error_line(root);
            note = Some(Note::new(
crate::codes::Code::CodeDoesNotParse,
                file.path,
                line,
                format!(
                    "does not parse as {lang:?} from line {line} (a syntax error or a dialect the grammar does not know); stubs were read from the functions that parse"
                ),
            ));
        }
    }
    note
}

/// Byte ranges of the top-level Python statements that can hold a function (`def`, `class`,
/// and `if`/`try`/`with`/`for`/`while` blocks, which define functions per platform or
/// version) and contain a match of `candidates`, with their decorators and their
/// `else`/`elif`/`except`/`finally` parts, merged. A match elsewhere is in no function and
/// needs no parse.
fn python_chunks(text: &str, candidates: &Regex) -> Vec<(usize, usize)> {
    const HEADS: &[&str] = &[
        "def ",
        "async def ",
        "class ",
        "@",
        "if ",
        "try:",
        "with ",
        "async with ",
        "for ",
        "async for ",
        "while ",
    ];
    const CONTINUATIONS: &[&str] = &["else:", "elif ", "except", "finally:"];
    let bytes = text.as_bytes();
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    // A line that starts a top-level statement: code in column 0.
    let top_level = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'#' | b')' | b']' | b'}'))
    };
    let continues = |at: usize| CONTINUATIONS.iter().any(|c| text[at..].starts_with(c));
    // Lines of a triple-quoted string may start in column 0; they start no statement.
    let strings = triple_quoted(text);
    let in_string = |at: usize| {
        let i = strings.partition_point(|&(_, end)| end <= at);
        strings.get(i).is_some_and(|&(start, _)| start < at)
    };
    let top_level = |at: usize| top_level(at) && !in_string(at);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in candidates.find_iter(text) {
        if out.last().is_some_and(|&(_, end)| m.start() < end) {
            continue;
        }
        // Up to the top-level line above (or at) the match that starts its statement.
        let mut start = line_start(m.start());
        while start > 0 && (!top_level(start) || continues(start)) {
            start = line_start(start - 1);
        }
        if !HEADS.iter().any(|h| text[start..].starts_with(h)) {
            continue;
        }
        // Decorators above it belong to it.
        while start > 0 {
            let above = line_start(start - 1);
            if bytes.get(above) == Some(&b'@') {
                start = above;
            } else {
                break;
            }
        }
        // Down to the next top-level line that does not continue the statement.
        let mut end = text[m.end()..]
            .find('\n')
            .map_or(text.len(), |i| m.end() + i + 1);
        while end < text.len() && (!top_level(end) || continues(end)) {
            end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        }
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Byte ranges of the triple-quoted strings of a Python text, read lexically (comments and
/// one-line strings are skipped so their quotes do not count).
fn triple_quoted(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n),
            q @ (b'"' | b'\'') => {
                if b[i..].starts_with(&[q, q, q]) {
                    let delimiter = [q, q, q];
                    let mut j = i + 3;
                    let end = loop {
                        // An escape as the last byte leaves `j` past the end.
                        match memchr::memchr2(b'\\', q, b.get(j..).unwrap_or_default()) {
                            None => break b.len(),
                            Some(n) if b[j + n] == b'\\' => j += n + 2,
                            Some(n) if b[j + n..].starts_with(&delimiter) => break j + n + 3,
                            Some(n) => j += n + 1,
                        }
                    };
                    out.push((i, end.min(b.len())));
                    i = end;
                } else {
                    i += 1;
                    while i < b.len() && b[i] != q && b[i] != b'\n' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Where a test starts, per language: Python `def test…`, Go `func Test…(`, Rust `#[test]`,
/// Java and Kotlin `@Test`, JavaScript/TypeScript `it(` and `test(`.
fn test_start(lang: Lang) -> &'static Regex {
    fn at_line_start(start: &str) -> Regex {
        re(&format!(r"(?m)^([ \t]*)(?:{start})"))
    }
    static PY: LazyLock<Regex> = LazyLock::new(|| at_line_start(r"(?:async[ \t]+)?def[ \t]+test"));
    static GO: LazyLock<Regex> = LazyLock::new(|| at_line_start(r"func[ \t]+Test\w*\("));
    static RUST: LazyLock<Regex> = LazyLock::new(|| at_line_start(r"#\[(?:tokio::)?test\b"));
    static JAVA: LazyLock<Regex> = LazyLock::new(|| at_line_start(r"@Test\b"));
    static JS: LazyLock<Regex> = LazyLock::new(|| at_line_start(r"(?:it|test)\("));
    match lang {
        Lang::Python => &PY,
        Lang::Go => &GO,
        Lang::Rust => &RUST,
        Lang::Java | Lang::Kotlin => &JAVA,
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &JS,
    }
}

static TEST_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?:def|fn|func)[ \t]+(\w+)|(?:it|test)\([ \t]*["'`]([^"'`\n]*)|(\w+)[ \t]*\("#)
});
static ATTRIBUTE_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^[ \t]*(#\[|@\w|$|//|#[^\[])"));

/// Why a test plainly checks nothing. A test that runs code without an assertion of its own
/// is not one: it may assert through a helper, a Testing Library query or a mock, or be meant
/// to pass when nothing panics (smoke, fuzz, context-load tests); only what a reader would call
/// empty is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EmptyTest {
    /// No statement at all (or only `pass` / `...`).
    Body,
    /// The first statement skips it unconditionally: the rest never runs.
    Skipped,
    /// Every statement prints or logs.
    OutputOnly,
    /// A JavaScript `it("title")` with no function: a pending test.
    NoFunction,
}

impl EmptyTest {
    fn why(self) -> &'static str {
        match self {
            EmptyTest::Body => "empty body",
            EmptyTest::Skipped => "skipped unconditionally before anything runs",
            EmptyTest::OutputOnly => "only prints; checks nothing",
            EmptyTest::NoFunction => "no test function: registered as pending",
        }
    }
}

static SKIP_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(t\.Skip(Now|f)?\(|self\.skipTest\(|pytest\.skip\(|skip\b|this\.skip\(\)|\$this->markTest(Skipped|Incomplete)\(|Assume\.assumeTrue\(false)",
    )
});
static OUTPUT_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:fmt\.Print\w*|t\.Logf?|log\.Print\w*|print|console\.(?:log|info|debug)|System\.(?:out|err)\.print\w*|puts|pp?)\b|e?println!|e?print!|dbg!).*[);]\s*;?$",
    )
});

/// The verdict on a test's body (the text inside its braces, or a Python block), read with
/// comments blanked out; `None` when the test runs something that could assert.
fn empty_test(lang_name: &str, body: &str) -> Option<(EmptyTest, usize)> {
    let code = crate::text::mask_comments(Some(lang_name), body);
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let t = line.trim().trim_end_matches(';').trim();
        if !(t.is_empty() || t == "pass" || t == "..." || t == "{" || t == "}") {
            lines.push((t, offset + line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    let Some(&(first, at)) = lines.first() else {
        return Some((EmptyTest::Body, 0));
    };
    // `skip unless ENV["CI"]` is a condition, not a skip.
    if SKIP_FIRST.is_match(first) && !first.contains(" if ") && !first.contains(" unless ") {
        return Some((EmptyTest::Skipped, at));
    }
    // A printed `.unwrap()` or `?` is a check: the test fails when the call does.
    let checks = |l: &str| l.contains(".unwrap()") || l.contains(".expect(") || l.contains("?)");
    if lines
        .iter()
        .all(|(l, _)| OUTPUT_ONLY.is_match(l) && !checks(l))
    {
        return Some((EmptyTest::OutputOnly, at));
    }
    None
}

/// The tokei name of a language, for [`crate::text::mask_comments`].
fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Go => "Go",
        Lang::Python => "Python",
        Lang::Rust => "Rust",
        Lang::TypeScript => "TypeScript",
        Lang::Tsx => "TSX",
        Lang::JavaScript => "JavaScript",
        Lang::Java => "Java",
        Lang::Kotlin => "Kotlin",
    }
}

static JS_NO_FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"^[ \t]*(?:it|test)\([ \t]*(["'`])[^"'`\n]*["'`][ \t]*\)[ \t]*([;,]|$)"#)
});

/// Tests that assert nothing, read from a test file's text without parsing it: a test's block
/// runs to the next line indented as little as its start (a dedent in Python, its closing
/// brace elsewhere). Test suites are large and parsing them all would cost more than the rest
/// of the analysis.
fn tests_without_assertion(file: &SourceFile<'_>, lang: Lang, out: &mut CodeFacts) {
    let text = file.text;
    for c in test_start(lang).captures_iter(text) {
        let (Some(all), Some(indent)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let indent = indent.as_str().len();
        let start = all.start();
        let mut head = start;
        // Past `#[test]` / `@Test` and further attributes to the function's own line.
        let mut lines = text[start..].split_inclusive('\n');
        if all.as_str().trim_start().starts_with(['#', '@']) {
            let mut offset = start;
            for line in lines.by_ref() {
                offset += line.len();
                let next = &text[offset..];
                let next_line = next.split('\n').next().unwrap_or("");
                if !ATTRIBUTE_LINE.is_match(next_line)
                    || next_line.trim().is_empty() && next.is_empty()
                {
                    break;
                }
            }
            head = offset;
        }
        let head_end = text[head..].find('\n').map_or(text.len(), |i| head + i + 1);
        let head_line = &text[head..head_end];
        let Some(name) = TEST_NAME
            .captures(head_line)
            .and_then(|n| n.get(1).or(n.get(2)).or(n.get(3)))
            .map(|m| m.as_str().to_string())
        else {
            continue;
        };
        // A JavaScript test's block is its function's, past destructured parameters
        // (`async ({ page }) => {`), which sit on the head's first lines.
        let block_from = if lang.is_js_family() {
            if JS_NO_FUNCTION.is_match(head_line.trim_end_matches(['\r', '\n'])) {
                push_empty_test(file, out, head, head_end, name, EmptyTest::NoFunction, head);
                continue;
            }
            let window = text[head..]
                .char_indices()
                .nth(400)
                .map_or(text.len(), |(i, _)| head + i);
            let near = &text[head..window];
            [near.find("=>"), near.find("function")]
                .into_iter()
                .flatten()
                .min()
                .map_or(head, |i| head + i)
        } else {
            head
        };
        // A block in braces ends at its closing brace (multi-line strings in it may start
        // in column 0); a Python block at the first line indented as little as its start.
        let braced = (lang != Lang::Python)
            .then(|| block_end(text, block_from))
            .flatten();
        let end = braced.unwrap_or_else(|| {
            let mut offset = head_end;
            for line in text[head_end..].split_inclusive('\n') {
                let trimmed = line.trim_start();
                let own = line.len() - trimmed.len();
                if !trimmed.trim().is_empty() && own <= indent && !trimmed.starts_with(')') {
                    return if trimmed.starts_with('}') {
                        offset + line.len()
                    } else {
                        offset
                    };
                }
                offset += line.len();
            }
            text.len()
        });
        let body = if braced.is_some() {
            let open = structure(text, block_from)
                .find(|&(_, c)| c == b'{')
                .map_or(head_end, |(at, _)| at + 1);
            (open, end.saturating_sub(1).max(open))
        } else {
            (head_end.min(end), end)
        };
        let Some((verdict, at)) = empty_test(lang_name(lang), &text[body.0..body.1]) else {
            continue;
        };
        // An empty Spring Boot test is the context-load smoke test: starting is the check.
        if verdict == EmptyTest::Body
            && matches!(lang, Lang::Java | Lang::Kotlin)
            && (name == "contextLoads" || text.contains("@SpringBootTest"))
        {
            continue;
        }
        let line_at = if verdict == EmptyTest::Body {
            head
        } else {
            body.0 + at
        };
        push_empty_test(file, out, head, end, name, verdict, line_at);
    }
}

static RUBY_TEST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m)^([ \t]*)(?:(?:test|it|specify|scenario)[ \t]+(?:"([^"\n]*)"|'([^'\n]*)')[^\n]*?\bdo\b|def[ \t]+(test_\w+))[ \t]*(?:\|[^|\n]*\|)?[ \t]*(?:#[^\n]*)?$"#,
    )
});

static RUBY_END: LazyLock<Regex> = LazyLock::new(|| re(r"^end\b"));

/// Ruby tests (minitest `test "…" do` and `def test_…`, RSpec `it "…" do`) that check
/// nothing: read from the text, a block ends at the first line indented as little as its
/// start (its `end`).
pub fn ruby_tests(file: &SourceFile<'_>, out: &mut CodeFacts) {
    let text = file.text;
    for c in RUBY_TEST.captures_iter(text) {
        let (Some(all), Some(indent)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(name) = c.get(2).or(c.get(3)).or(c.get(4)) else {
            continue;
        };
        let indent = indent.as_str().len();
        let head = all.start();
        let head_end = text[all.end()..]
            .find('\n')
            .map_or(text.len(), |i| all.end() + i + 1);
        // The block ends at the first `end` indented as little as its head; bodies written at
        // the head's own indent still end there. Another test or definition first: the
        // extent is not clear and the test is left alone.
        let mut block = None;
        let mut offset = head_end;
        for line in text[head_end..].split_inclusive('\n') {
            let trimmed = line.trim_start();
            let own = line.len() - trimmed.len();
            if own <= indent && RUBY_END.is_match(trimmed) {
                block = Some((offset, offset + line.len()));
                break;
            }
            if own <= indent && RUBY_TEST.is_match(line) {
                break;
            }
            offset += line.len();
        }
        let Some((body_end, end)) = block else {
            continue;
        };
        let Some((verdict, at)) = empty_test("Ruby", &text[head_end..body_end]) else {
            continue;
        };
        let line_at = if verdict == EmptyTest::Body {
            head
        } else {
            head_end + at
        };
        push_empty_test(
            file,
            out,
            head,
            end,
            name.as_str().to_string(),
            verdict,
            line_at,
        );
    }
}

/// Records a test that checks nothing, from its head to `end`, shown at `line_at`.
fn push_empty_test(
    file: &SourceFile<'_>,
    out: &mut CodeFacts,
    head: usize,
    end: usize,
    name: String,
    verdict: EmptyTest,
    line_at: usize,
) {
    let start_line = file.line_of(head);
    let end_line = file.line_of(end.saturating_sub(1).max(head));
    let line = file.line_of(line_at).max(start_line);
    out.stubs.push(Stub {
        path: file.path.to_string(),
        start_line,
        end_line: end_line.max(start_line),
        line,
        function: name,
        kind: StubKind::TestWithoutAssertion,
        snippet: snippet_of_line(file, line),
        role: file.role,
        component: None,
        why: Some(verdict.why().to_string()),
    });
}

/// The braces and semicolons of `text` from `from` on, with their offsets, read lexically:
/// strings (with escapes; Rust raw strings; Go and JavaScript backquotes), character literals
/// and comments are skipped.
fn structure(text: &str, from: usize) -> impl Iterator<Item = (usize, u8)> + '_ {
    let b = text.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < b.len() {
            let at = i;
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
                    continue;
                }
                b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
                {
                    // Rust raw string: r"…", r#"…"#.
                    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                    if b.get(i + 1 + hashes) == Some(&b'"') {
                        let mut close = vec![b'"'];
                        close.extend(std::iter::repeat_n(b'#', hashes));
                        let body = i + 2 + hashes;
                        i = memchr::memmem::find(&b[body..], &close)
                            .map_or(b.len(), |n| body + n + close.len());
                        continue;
                    }
                }
                q @ (b'"' | b'`') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                    continue;
                }
                b'\'' => {
                    // A character literal ('x', '\n', '{'); a Rust lifetime has no closing quote
                    // right after one character.
                    let close = if b.get(i + 1) == Some(&b'\\') {
                        b[i + 2..]
                            .iter()
                            .take(10)
                            .position(|&c| c == b'\'')
                            .map(|n| i + 2 + n)
                    } else {
                        let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                        (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 1 + ch)
                    };
                    if let Some(c) = close {
                        i = c + 1;
                        continue;
                    }
                    // JavaScript and Java single-quoted strings on one line.
                    if let Some(n) = b[i + 1..].iter().position(|&c| c == b'\'' || c == b'\n') {
                        if b[i + 1 + n] == b'\'' && !text[i + 1..i + 1 + n].contains(['{', '}']) {
                            i += n + 2;
                            continue;
                        }
                    }
                }
                c @ (b'{' | b'}' | b';') => {
                    i += 1;
                    return Some((at, c));
                }
                _ => {}
            }
            i += 1;
        }
        None
    })
}

/// The end (one past the closing brace) of the first `{…}` block at or after `from`, read
/// lexically (see [`structure`]). `None` when it does not close.
fn block_end(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in structure(text, from) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The top-level items of a brace-language file: from the end of the previous item (so with
/// their attributes, annotations and comments) to the brace that closes their block. `None`
/// when the braces do not balance as read.
fn top_level_items(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut item_start = 0;
    for (at, c) in structure(text, 0) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    items.push((item_start, at + 1));
                    item_start = at + 1;
                }
            }
            _ if depth == 0 => item_start = at + 1,
            _ => {}
        }
    }
    (depth == 0).then_some(items)
}

fn first_error_line(root: Node<'_>) -> u32 {
    let mut node = root;
    'down: loop {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.is_error() || child.is_missing() {
                return child.start_position().row as u32 + 1;
            }
            if child.has_error() {
                node = child;
                continue 'down;
            }
        }
        return node.start_position().row as u32 + 1;
    }
}

struct Finder<'f, 'a> {
    file: &'f SourceFile<'a>,
    lang: Lang,
    src: &'a [u8],
    /// Lines before the parsed text (Python is parsed in chunks around its candidates).
    line_base: u32,
    is_test_file: bool,
    out: &'f mut CodeFacts,
}

/// A function found in the tree.
struct Func<'t> {
    name: String,
    node: Node<'t>,
    body: Node<'t>,
    /// Decorators, annotations, attributes and modifiers, as text.
    decorations: String,
    /// Exempt from empty-body stubs by its shape (constructor, marker method).
    shape_exempt: bool,
}

impl<'a> Finder<'_, 'a> {
    /// 1-based line of a node's start in the file.
    fn row(&self, node: Node<'_>) -> u32 {
        self.line_base + node.start_position().row as u32 + 1
    }

    fn text(&self, node: Node<'_>) -> &'a str {
        std::str::from_utf8(&self.src[node.byte_range()]).unwrap_or("")
    }

    fn walk(&mut self, root: Node<'_>) {
        let mut stack: Vec<(Node<'_>, Ctx)> = vec![(root, Ctx::default())];
        while let Some((node, ctx)) = stack.pop() {
            let inner = self.enter(node);
            if let Some(f) = self.function(node, &ctx) {
                if !node.has_error() {
                    self.classify(&f, &ctx);
                }
            }
            if self.lang.is_js_family() && self.is_test_file && node.kind() == "call_expression" {
                self.js_test_call(node);
            }
            // Children in any order: stubs are sorted by the fact store.
            let child_ctx = inner.unwrap_or(ctx);
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                stack.push((child, child_ctx.clone()));
            }
        }
    }

    /// The context for a node's children when the node is a type.
    fn enter(&self, node: Node<'_>) -> Option<Ctx> {
        let name = |field: &str| {
            node.child_by_field_name(field)
                .map(|n| self.text(n).to_string())
        };
        let (owner, by_design) = match (self.lang, node.kind()) {
            (Lang::Python, "class_definition") => {
                let bases = name("superclasses").unwrap_or_default();
                let by_design = bases.contains("Protocol")
                    || bases.contains("ABC")
                    || bases.contains("Interface");
                (name("name"), by_design)
            }
            (Lang::Rust, "impl_item") => {
                let ty = name("type").map(|t| t.split('<').next().unwrap_or("").to_string());
                (ty, node.child_by_field_name("trait").is_some())
            }
            (Lang::Rust, "trait_item") => (name("name"), true),
            (l, "class_declaration" | "class") if l.is_js_family() => (name("name"), false),
            (l, "abstract_class_declaration") if l.is_js_family() => (name("name"), true),
            (Lang::Java, "class_declaration" | "enum_declaration" | "record_declaration") => {
                let abstract_ = node
                    .named_child(0)
                    .filter(|c| c.kind() == "modifiers")
                    .is_some_and(|m| self.text(m).contains("abstract"));
                (name("name"), abstract_)
            }
            (Lang::Java, "interface_declaration") => (name("name"), true),
            _ => return None,
        };
        let owner = owner.map(|o| Rc::<str>::from(o.as_str()));
        let by_design = by_design || owner.as_deref().is_some_and(|o| BASE_OWNER.is_match(o));
        Some(Ctx { owner, by_design })
    }

    fn function<'t>(&self, node: Node<'t>, ctx: &Ctx) -> Option<Func<'t>> {
        let field_text = |n: Node<'t>, f: &str| n.child_by_field_name(f).map(|x| self.text(x));
        let qualified = |name: &str| match &ctx.owner {
            Some(o) => format!("{o}.{name}"),
            None => name.to_string(),
        };
        let kind = node.kind();
        let (name, body, decorations, shape_exempt) = match self.lang {
            Lang::Go => match kind {
                "function_declaration" => {
                    let name = field_text(node, "name")?.to_string();
                    (
                        name,
                        node.child_by_field_name("body")?,
                        String::new(),
                        false,
                    )
                }
                "method_declaration" => {
                    let name = field_text(node, "name")?;
                    let receiver = field_text(node, "receiver").unwrap_or("");
                    let ty = receiver
                        .trim_matches(|c| c == '(' || c == ')')
                        .split_whitespace()
                        .last()
                        .unwrap_or("")
                        .trim_start_matches('*')
                        .split('[')
                        .next()
                        .unwrap_or("")
                        .to_string();
                    let params = field_text(node, "parameters").unwrap_or("()");
                    let marker =
                        params.trim() == "()" && node.child_by_field_name("result").is_none();
                    let owner_by_design = BASE_OWNER.is_match(&ty);
                    (
                        format!("{ty}.{name}"),
                        node.child_by_field_name("body")?,
                        String::new(),
                        marker || owner_by_design,
                    )
                }
                _ => return None,
            },
            Lang::Python => {
                if kind != "function_definition" {
                    return None;
                }
                let name = field_text(node, "name")?;
                let decorations = node
                    .parent()
                    .filter(|p| p.kind() == "decorated_definition")
                    .map(|p| {
                        let mut c = p.walk();
                        p.named_children(&mut c)
                            .filter(|d| d.kind() == "decorator")
                            .map(|d| self.text(d))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                (
                    qualified(name),
                    node.child_by_field_name("body")?,
                    decorations,
                    false,
                )
            }
            Lang::Rust => {
                if kind != "function_item" {
                    return None;
                }
                let name = field_text(node, "name")?;
                let mut attrs = Vec::new();
                let mut prev = node.prev_named_sibling();
                while let Some(p) = prev.filter(|p| p.kind() == "attribute_item") {
                    attrs.push(self.text(p));
                    prev = p.prev_named_sibling();
                }
                (
                    qualified(name),
                    node.child_by_field_name("body")?,
                    attrs.join(" "),
                    false,
                )
            }
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
                let (name, body_owner) = match kind {
                    "function_declaration" | "generator_function_declaration" => {
                        (field_text(node, "name")?.to_string(), node)
                    }
                    "method_definition" => {
                        let name = field_text(node, "name")?;
                        (qualified(name), node)
                    }
                    "variable_declarator" => {
                        let value = node.child_by_field_name("value")?;
                        if !matches!(
                            value.kind(),
                            "arrow_function" | "function_expression" | "function"
                        ) {
                            return None;
                        }
                        (field_text(node, "name")?.to_string(), value)
                    }
                    _ => return None,
                };
                let body = body_owner.child_by_field_name("body")?;
                if body.kind() != "statement_block" {
                    return None;
                }
                let ctor = name.ends_with("constructor");
                (name, body, String::new(), ctor)
            }
            Lang::Java => {
                let ctor = kind == "constructor_declaration";
                if kind != "method_declaration" && !ctor {
                    return None;
                }
                let name = field_text(node, "name")?;
                let modifiers = node
                    .named_child(0)
                    .filter(|c| c.kind() == "modifiers")
                    .map(|m| self.text(m).to_string())
                    .unwrap_or_default();
                (
                    qualified(name),
                    node.child_by_field_name("body")?,
                    modifiers,
                    ctor,
                )
            }
            Lang::Kotlin => return None,
        };
        Some(Func {
            name,
            node,
            body,
            decorations,
            shape_exempt,
        })
    }

    /// The body's statements, without comments (and Go's statement list flattened).
    fn statements<'t>(&self, body: Node<'t>) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut cursor = body.walk();
        for child in body.named_children(&mut cursor) {
            match child.kind() {
                "comment"
                | "line_comment"
                | "block_comment"
                | "attribute_item"
                | "inner_attribute_item" => {}
                "statement_list" => {
                    let mut c = child.walk();
                    out.extend(
                        child
                            .named_children(&mut c)
                            .filter(|n| n.kind() != "comment"),
                    );
                }
                _ => out.push(child),
            }
        }
        out
    }

    fn is_test_function(&self, f: &Func<'_>) -> bool {
        let short = f.name.rsplit('.').next().unwrap_or(&f.name);
        match self.lang {
            Lang::Go => {
                self.is_test_file
                    && short.starts_with("Test")
                    && self.text(f.node).contains("*testing.T")
            }
            Lang::Python => self.is_test_file && short.starts_with("test"),
            Lang::Rust => f.decorations.contains("test]") || f.decorations.contains("::test"),
            Lang::Java => self.is_test_file && f.decorations.contains("@Test"),
            _ => false,
        }
    }

    fn classify(&mut self, f: &Func<'_>, ctx: &Ctx) {
        if self.lang == Lang::Rust && self.is_test_function(f) {
            // Read from the text for the whole file (see `extract`).
            return;
        }
        if self.is_test_function(f) {
            if let Some(verdict) = self.empty_body(f.body) {
                let line = self.row(f.node);
                self.push(f, StubKind::TestWithoutAssertion, line);
                if let Some(last) = self.out.stubs.last_mut() {
                    last.why = Some(verdict.why().to_string());
                }
            }
            return;
        }
        if self.is_test_file {
            // Doubles and helpers in tests are not the implementation.
            return;
        }
        let mut stmts = self.statements(f.body);
        let mut docstring = "";
        if self.lang == Lang::Python {
            if let Some(first) = stmts.first() {
                if first.kind() == "expression_statement"
                    && first.named_child(0).is_some_and(|c| c.kind() == "string")
                {
                    docstring = self.text(*first);
                    stmts.remove(0);
                }
            }
        }
        let fn_text = self.text(f.node);
        let has_todo = TODO_COMMENT.is_match(fn_text);
        // What follows the signature: a comment before the first statement is outside the
        // body node in some grammars.
        let after_signature = f
            .node
            .child_by_field_name("parameters")
            .map(|p| &self.src[p.end_byte()..f.node.end_byte()])
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_else(|| self.text(f.body));
        let body_text = after_signature;
        let on_purpose =
            !has_todo && (ON_PURPOSE.is_match(body_text) || ON_PURPOSE.is_match(docstring));
        let short = f.name.rsplit('.').next().unwrap_or(&f.name);
        let abstract_ = f.decorations.contains("abstractmethod")
            || f.decorations.contains("overload")
            || f.decorations.contains("abstract");
        let by_design = ctx.by_design || abstract_;
        let base = self.line_base;
        let line_of = |n: Node<'_>| base + n.start_position().row as u32 + 1;

        // Statements that say "not implemented" at the top level of the body.
        for s in &stmts {
            let t = self.text(*s).trim();
            let kind = match self.lang {
                Lang::Python if s.kind() == "raise_statement" => (PY_RAISE.is_match(t)
                    || (ANY_RAISE.is_match(t) && NOT_IMPLEMENTED_MSG.is_match(t)))
                .then_some(StubKind::NotImplemented),
                Lang::Go => {
                    if GO_PANIC.is_match(t) && NOT_IMPLEMENTED_MSG.is_match(t) {
                        Some(StubKind::Panic)
                    } else if GO_ERR_RETURN.is_match(t) && NOT_IMPLEMENTED_MSG.is_match(t) {
                        Some(StubKind::NotImplemented)
                    } else {
                        None
                    }
                }
                Lang::Rust => {
                    let t = t.trim_end_matches(';');
                    if RUST_TODO.is_match(t) {
                        Some(StubKind::TodoMacro)
                    } else if RUST_PANIC.is_match(t) && NOT_IMPLEMENTED_MSG.is_match(t) {
                        Some(StubKind::Panic)
                    } else if stmts.len() == 1
                        && RUST_ERR.is_match(t)
                        && NOT_IMPLEMENTED_MSG.is_match(t)
                    {
                        Some(StubKind::NotImplemented)
                    } else {
                        None
                    }
                }
                l if (l.is_js_family() || l == Lang::Java) && s.kind() == "throw_statement" => {
                    (JAVA_UNSUPPORTED.is_match(t)
                        || NOT_IMPLEMENTED_TYPE.is_match(t)
                        || (stmts.len() == 1
                            && JAVA_UNSUPPORTED_MSG.is_match(t)
                            && !REFUSED_BY_DESIGN.is_match(t))
                        || (ANY_RAISE.is_match(t) && NOT_IMPLEMENTED_MSG.is_match(t)))
                    .then_some(StubKind::NotImplemented)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                // The idiom for an abstract method in languages without one.
                let idiom = self.lang == Lang::Python && (by_design || on_purpose);
                let idiom = idiom || (kind == StubKind::NotImplemented && ctx.by_design);
                if !idiom {
                    self.push(f, kind, line_of(*s));
                }
                return;
            }
        }

        // A body of placeholder logs and nothing that does work.
        let placeholder = stmts.iter().find(|s| {
            let t = self.text(**s).trim();
            LOG_CALL.is_match(t) && PLACEHOLDER_MSG.is_match(t)
        });
        if let Some(p) = placeholder {
            if stmts.iter().all(|s| self.is_trivial(*s)) {
                self.push(f, StubKind::PlaceholderLog, line_of(*p));
                return;
            }
        }

        if stmts.is_empty() {
            let exempt = !has_todo
                && (on_purpose
                    || by_design
                    || f.shape_exempt
                    || NOOP_NAME.is_match(short)
                    || (self.lang == Lang::Java && f.decorations.contains("@Override")));
            if !exempt {
                let (kind, line) = if self.lang == Lang::Python {
                    (StubKind::Pass, line_of(f.body))
                } else {
                    (
                        StubKind::EmptyBody,
                        self.todo_line(f).unwrap_or(line_of(f.body)),
                    )
                };
                self.push(f, kind, line);
            }
            return;
        }

        if let [only] = stmts.as_slice() {
            let t = self.text(*only).trim();
            let is_pass = self.lang == Lang::Python
                && (only.kind() == "pass_statement"
                    || (only.kind() == "expression_statement"
                        && only.named_child(0).is_some_and(|c| c.kind() == "ellipsis")));
            if is_pass {
                let exempt = !has_todo && (on_purpose || by_design || NOOP_NAME.is_match(short));
                if !exempt {
                    self.push(f, StubKind::Pass, line_of(*only));
                }
                return;
            }
            if has_todo && LITERAL_RETURN.is_match(t) {
                let line = self.todo_line(f).unwrap_or(line_of(*only));
                self.push(f, StubKind::ConstantWithTodo, line);
            }
        }
    }

    /// A statement that does no work: a log or print, a bare or constant return, `pass`,
    /// a discarded value (`_ = ctx`).
    fn is_trivial(&self, s: Node<'_>) -> bool {
        let t = self.text(s).trim();
        LOG_CALL.is_match(t)
            || LITERAL_RETURN.is_match(t)
            || s.kind() == "pass_statement"
            || (self.lang == Lang::Go && t.starts_with("_ ="))
            || (self.lang == Lang::Python && t.starts_with("del "))
    }

    /// The line of the first TODO/FIXME comment in a function.
    fn todo_line(&self, f: &Func<'_>) -> Option<u32> {
        let text = self.text(f.node);
        let m = TODO_COMMENT.find(text)?;
        Some(self.row(f.node) + text[..m.start()].matches('\n').count() as u32)
    }

    /// `it("...", () => {...})` and `test(...)` in JavaScript and TypeScript tests.
    fn js_test_call(&mut self, node: Node<'_>) {
        let Some(callee) = node.child_by_field_name("function") else {
            return;
        };
        if !matches!(self.text(callee), "it" | "test") {
            return;
        }
        let Some(args) = node.child_by_field_name("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        let list: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
        let (Some(title), Some(func)) = (list.first(), list.get(1)) else {
            return;
        };
        if !matches!(
            func.kind(),
            "arrow_function" | "function_expression" | "function"
        ) {
            return;
        }
        let Some(body) = func.child_by_field_name("body") else {
            return;
        };
        let Some(verdict) = self.empty_body(body) else {
            return;
        };
        let name = self
            .text(*title)
            .trim_matches(|c| c == '"' || c == '\'' || c == '`')
            .to_string();
        let f = Func {
            name,
            node,
            body,
            decorations: String::new(),
            shape_exempt: false,
        };
        let line = self.row(node);
        self.push(&f, StubKind::TestWithoutAssertion, line);
        if let Some(last) = self.out.stubs.last_mut() {
            last.why = Some(verdict.why().to_string());
        }
    }

    /// [`empty_test`] on a parsed body (braces stripped).
    fn empty_body(&self, body: Node<'_>) -> Option<EmptyTest> {
        let t = self.text(body);
        let inner = t
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(t);
        empty_test(lang_name(self.lang), inner).map(|(v, _)| v)
    }

    fn push(&mut self, f: &Func<'_>, kind: StubKind, line: u32) {
        self.out.stubs.push(Stub {
            path: self.file.path.to_string(),
            start_line: self.row(f.node),
            end_line: self.line_base + f.node.end_position().row as u32 + 1,
            line,
            function: f.name.clone(),
            kind,
            snippet: snippet_of_line(self.file, line),
            role: self.file.role,
            component: None,
            why: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{block_end, top_level_items};

    #[test]
    fn top_level_items_run_from_the_previous_item_to_their_closing_brace() {
        let rs = "use a::{b, c};\n#[derive(Debug)]\nstruct S;\n/// Docs.\n#[cfg(test)]\nimpl T for S {\nfn f() {}\n}\nfn g() {\n    let s = \"}\";\n}\n";
        let items: Vec<&str> = top_level_items(rs)
            .unwrap()
            .into_iter()
            .map(|(a, b)| rs[a..b].trim())
            .collect();
        assert_eq!(
            items,
            [
                "use a::{b, c}",
                "/// Docs.\n#[cfg(test)]\nimpl T for S {\nfn f() {}\n}",
                "fn g() {\n    let s = \"}\";\n}"
            ]
        );
        assert_eq!(top_level_items("fn f() {\n"), None, "unbalanced");
    }

    /// The text of the block that starts at the first `{`.
    fn block(text: &str) -> Option<&str> {
        let start = text.find('{')?;
        block_end(text, 0).map(|end| &text[start..end])
    }

    #[test]
    fn blocks_end_at_their_closing_brace_whatever_the_strings_and_comments_hold() {
        // Rust: a raw string with braces, a lifetime, character literals, comments.
        let rs = "fn f<'a>(x: &'a str) {\n    let s = r#\"}\"{\"#;\n    let c = '{';\n    let e = '\\'';\n    // }\n    /* } */\n    g(x)\n}\nfn next() {}\n";
        assert_eq!(
            block(rs),
            Some(&rs[rs.find('{').unwrap()..rs.find("\n}\n").unwrap() + 2])
        );
        // A multi-line string whose lines start in column 0 does not end the block.
        let rs = "fn t() {\n    let exp = \"\\\n0:first }\n1:second\n\";\n    check(exp);\n}\n";
        assert!(block(rs).unwrap().ends_with("check(exp);\n}"));
        // Go backquotes and runes; JavaScript template and single-quoted strings.
        let go = "func TestX(t *testing.T) {\n\ts := `}`\n\tr := '}'\n\trun(s, r)\n}\n";
        assert!(block(go).unwrap().ends_with("run(s, r)\n}"));
        let js =
            "it('a } title', () => {\n  const s = `${x} }`;\n  const q = '}';\n  run(s, q);\n});\n";
        let start = js.find("=> {").unwrap() + 3;
        let end = block_end(js, start).unwrap();
        assert!(js[..end].ends_with("run(s, q);\n}"));
        // Unclosed: no end.
        assert_eq!(block_end("fn f() {\n  g(\n", 0), None);
    }
}
