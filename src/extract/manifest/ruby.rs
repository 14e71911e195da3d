//! Ruby: `Gemfile` (or `gems.rb`), `Gemfile.lock` (or `gems.locked`) and `*.gemspec`, read as
//! text with a small tokenizer (a Gemfile is a Ruby program; it is never evaluated).
//!
//! Only literal arguments are read: a gem whose name is computed is noted, a version that is
//! not a string literal is left out. Groups are followed through `group … do … end` blocks;
//! other blocks (`platforms`, `source`, `if`, …) are tracked only to find their `end`.

use std::collections::HashSet;

use super::{component, dependency, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage, Note};

/// Group names whose gems are for development, tests or tooling only. A gem is a development
/// dependency when every group it is in is one of these.
const DEV_GROUPS: &[&str] = &[
    "development",
    "develop",
    "dev",
    "test",
    "tests",
    "testing",
    "ci",
    "lint",
    "linting",
    "rubocop",
    "doc",
    "docs",
    "debug",
];

fn is_dev_group(group: &str) -> bool {
    DEV_GROUPS.contains(&group.to_ascii_lowercase().as_str())
}

/// Keywords that open a block closed by `end` when they begin a statement (their modifier form,
/// `gem "x" if cond`, does not begin one).
const BLOCK_KEYWORDS: &[&str] = &[
    "if", "unless", "case", "while", "until", "begin", "def", "class", "module", "for",
];

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A string literal: `"…"`, `'…'`, `%q(…)`, `%Q{…}`, `%(…)`.
    Str(String),
    /// A symbol: `:test`, `:"test"`.
    Sym(String),
    /// A keyword argument's label: `group:` in `group: :test`.
    Label(String),
    /// A word list: `%i[a b]`, `%w(a b)`.
    Words(Vec<String>),
    /// An identifier or keyword.
    Word(String),
    /// `=>`
    Arrow,
    Comma,
    Open,
    Close,
    /// Any other punctuation, kept so `=` and `|` can be recognised.
    Punct(u8),
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The closing delimiter of a `%` literal opened with `open`.
fn closing(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        other => other,
    }
}

/// The tokens of one line of Ruby, up to its comment. A string left open at the end of the
/// line is taken to end there (Gemfiles do not continue strings over lines).
fn tokens(line: &str) -> Vec<Tok> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => break,
            b'"' | b'\'' => {
                let (text, next) = quoted(line, i + 1, b);
                out.push(Tok::Str(text));
                i = next;
            }
            b'%' if i + 1 < bytes.len() => {
                let (kind, open_at) = if bytes[i + 1].is_ascii_alphabetic() {
                    (bytes[i + 1], i + 2)
                } else {
                    (b'Q', i + 1)
                };
                let Some(&open) = bytes.get(open_at) else {
                    out.push(Tok::Punct(b));
                    i += 1;
                    continue;
                };
                if !matches!(kind, b'q' | b'Q' | b'w' | b'W' | b'i' | b'I')
                    || !matches!(open, b'(' | b'[' | b'{' | b'<' | b'|' | b'!' | b'/')
                {
                    out.push(Tok::Punct(b));
                    i += 1;
                    continue;
                }
                let close = closing(open);
                let start = open_at + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&c| c == close)
                    .map_or(bytes.len(), |n| start + n);
                let body = &line[start..end];
                out.push(if matches!(kind, b'w' | b'W' | b'i' | b'I') {
                    Tok::Words(body.split_whitespace().map(str::to_string).collect())
                } else {
                    Tok::Str(body.to_string())
                });
                i = (end + 1).min(bytes.len());
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                out.push(Tok::Punct(b':'));
                i += 2;
            }
            b':' if bytes.get(i + 1).is_some_and(|&c| c == b'"' || c == b'\'') => {
                let quote = bytes[i + 1];
                let (text, next) = quoted(line, i + 2, quote);
                out.push(Tok::Sym(text));
                i = next;
            }
            b':' if bytes.get(i + 1).is_some_and(|&c| is_ident_start(c)) => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && is_ident(bytes[end]) {
                    end += 1;
                }
                if end < bytes.len() && matches!(bytes[end], b'?' | b'!') {
                    end += 1;
                }
                out.push(Tok::Sym(line[start..end].to_string()));
                i = end;
            }
            _ if is_ident_start(b) => {
                let start = i;
                let mut end = i;
                while end < bytes.len() && is_ident(bytes[end]) {
                    end += 1;
                }
                if end < bytes.len() && matches!(bytes[end], b'?' | b'!') {
                    end += 1;
                }
                let word = line[start..end].to_string();
                let is_label = bytes.get(end) == Some(&b':') && bytes.get(end + 1) != Some(&b':');
                if is_label {
                    out.push(Tok::Label(word));
                    i = end + 1;
                } else {
                    out.push(Tok::Word(word));
                    i = end;
                }
            }
            b'=' if bytes.get(i + 1) == Some(&b'>') => {
                out.push(Tok::Arrow);
                i += 2;
            }
            b',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                out.push(Tok::Open);
                i += 1;
            }
            b')' | b']' | b'}' => {
                out.push(Tok::Close);
                i += 1;
            }
            _ => {
                out.push(Tok::Punct(b));
                // One token per character, stepping over a multi-byte one whole.
                i += line[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// The body of a string literal starting at byte `start` (after its opening `quote`), with
/// `\"`-style escapes resolved, and the offset after its closing quote.
fn quoted(line: &str, start: usize, quote: u8) -> (String, usize) {
    let bytes = line.as_bytes();
    let mut text = String::new();
    let mut i = start;
    let mut run = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => {
                text.push_str(&line[run..i]);
                let escaped = line[i + 1..].chars().next().unwrap_or('\\');
                text.push(escaped);
                i += 1 + escaped.len_utf8();
                run = i;
            }
            c if c == quote => {
                text.push_str(&line[run..i]);
                return (text, i + 1);
            }
            _ => i += 1,
        }
    }
    text.push_str(&line[run.min(bytes.len())..]);
    (text, bytes.len())
}

/// A statement: the tokens of one line, and of the lines after it while it is not finished
/// (a trailing comma or backslash, or an open bracket).
struct Statement {
    line: u32,
    toks: Vec<Tok>,
}

/// Splits a Ruby file into statements. Each line is tokenized once, so a file of one endless
/// statement is still read in linear time.
fn statements(text: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut pending: Option<Statement> = None;
    let mut depth: i64 = 0;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let toks = tokens(raw);
        let continued = raw.trim_end().ends_with('\\');
        if toks.is_empty() && !continued {
            if pending.is_none() {
                continue;
            }
            // A blank or comment line inside an unfinished statement: keep waiting.
            if depth > 0
                || pending
                    .as_ref()
                    .is_some_and(|s| s.toks.last() == Some(&Tok::Comma))
            {
                continue;
            }
        }
        for t in toks {
            match t {
                Tok::Open => depth += 1,
                Tok::Close => depth -= 1,
                // `a; b` on one line are two statements.
                Tok::Punct(b';') if depth <= 0 => {
                    depth = 0;
                    out.extend(pending.take());
                    continue;
                }
                _ => {}
            }
            pending
                .get_or_insert_with(|| Statement {
                    line: line_no,
                    toks: Vec::new(),
                })
                .toks
                .push(t);
        }
        let open = depth > 0
            || continued
            || pending
                .as_ref()
                .is_some_and(|s| s.toks.last() == Some(&Tok::Comma));
        if !open {
            depth = 0;
            out.extend(pending.take());
        }
    }
    out.extend(pending);
    out
}

/// The arguments of a call whose tokens follow its name: split at top-level commas, with one
/// pair of parentheses around them removed.
fn arguments(toks: &[Tok]) -> Vec<&[Tok]> {
    let toks = match toks.first() {
        Some(Tok::Open) => {
            let mut depth = 0;
            let mut end = toks.len();
            for (i, t) in toks.iter().enumerate() {
                match t {
                    Tok::Open => depth += 1,
                    Tok::Close => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            &toks[1..end]
        }
        _ => toks,
    };
    let mut args = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Open => depth += 1,
            Tok::Close => depth -= 1,
            Tok::Comma if depth == 0 => {
                args.push(&toks[start..i]);
                start = i + 1;
            }
            // A block or a modifier ends the argument list.
            Tok::Word(w) if depth == 0 && matches!(w.as_str(), "do" | "if" | "unless") => {
                args.push(&toks[start..i]);
                return args;
            }
            _ => {}
        }
    }
    if start < toks.len() {
        args.push(&toks[start..]);
    }
    args
}

/// `key: value` or `:key => value` (or `"key" => value`): the key and the value's tokens.
fn option(arg: &[Tok]) -> Option<(&str, &[Tok])> {
    match arg {
        [Tok::Label(k), value @ ..] => Some((k, value)),
        [Tok::Sym(k) | Tok::Str(k), Tok::Arrow, value @ ..] => Some((k, value)),
        _ => None,
    }
}

/// The names in a group value: `:test`, `"test"`, `[:development, :test]`, `%i[test]`.
fn names(value: &[Tok]) -> Vec<String> {
    let mut out = Vec::new();
    for t in value {
        match t {
            Tok::Sym(s) | Tok::Str(s) => out.push(s.clone()),
            Tok::Words(ws) => out.extend(ws.iter().cloned()),
            _ => {}
        }
    }
    out
}

/// The string literals of a version argument: `"~> 1.2"`, `[">= 1", "< 2"]`, `"1".freeze`.
fn literal_strings(arg: &[Tok]) -> Option<Vec<&str>> {
    let strings: Vec<&str> = arg
        .iter()
        .filter_map(|t| match t {
            Tok::Str(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    let only_literals = arg.iter().all(|t| match t {
        Tok::Str(_) | Tok::Open | Tok::Close | Tok::Comma => true,
        Tok::Punct(b'.') => true,
        Tok::Word(w) => w == "freeze",
        _ => false,
    });
    (only_literals && !strings.is_empty()).then_some(strings)
}

fn first_word(toks: &[Tok]) -> Option<&str> {
    match toks.first() {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

/// Whether the statement opens a `do` block: it ends with `do` or `do |args|`.
fn opens_do_block(toks: &[Tok]) -> bool {
    let mut end = toks.len();
    if toks.last() == Some(&Tok::Punct(b'|')) {
        end = toks[..end - 1]
            .iter()
            .rposition(|t| *t == Tok::Punct(b'|'))
            .unwrap_or(end - 1);
    }
    end > 0 && toks[end - 1] == Tok::Word("do".into())
}

// ---------------------------------------------------------------------------------------------
// Gemfile

/// An open block of a Gemfile: whether it is a `group` block naming only development groups
/// (`None` for any other block, or a `group` that names none) and the line that opened it.
struct Block {
    dev_group: Option<bool>,
    line: u32,
}

/// The `group` blocks around the current line, counted as blocks open and close, so that a
/// gem's groups are known without walking every enclosing block again.
#[derive(Default)]
struct OpenGroups {
    total: usize,
    not_dev: usize,
}

impl OpenGroups {
    fn enter(&mut self, block: &Block) {
        if let Some(dev) = block.dev_group {
            self.total += 1;
            self.not_dev += usize::from(!dev);
        }
    }

    fn leave(&mut self, block: &Block) {
        if let Some(dev) = block.dev_group {
            self.total -= 1;
            self.not_dev -= usize::from(!dev);
        }
    }
}

pub(super) fn extract_gemfile(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open_groups = OpenGroups::default();
    let mut gemspec = false;
    let mut first_source: Option<u32> = None;
    for statement in statements(file.text) {
        let toks = &statement.toks;
        let Some(word) = first_word(toks) else {
            continue;
        };
        match word {
            "end" => {
                if let Some(block) = blocks.pop() {
                    open_groups.leave(&block);
                } else {
                    out.notes.push(Note::new(
                        crate::codes::Code::ManifestEntryUnread,
                        file.path,
                        statement.line,
                        format!(
                            "{}: an `end` that closes no block this reader saw; groups after it may be misread",
                            file.file_name
                        ),
                    ));
                }
                continue;
            }
            "gem" => gem(file, out, &open_groups, &statement),
            "gemspec" => gemspec = true,
            "source" => {
                first_source.get_or_insert(statement.line);
            }
            _ => {}
        }
        let ends_with_end = toks.last() == Some(&Tok::Word("end".into()));
        let opened = if opens_do_block(toks) {
            let groups: Vec<String> = if word == "group" {
                arguments(&toks[1..])
                    .into_iter()
                    .filter(|a| option(a).is_none())
                    .flat_map(names)
                    .collect()
            } else {
                Vec::new()
            };
            Some(Block {
                dev_group: (!groups.is_empty()).then(|| groups.iter().all(|g| is_dev_group(g))),
                line: statement.line,
            })
        } else if BLOCK_KEYWORDS.contains(&word) && !ends_with_end {
            Some(Block {
                dev_group: None,
                line: statement.line,
            })
        } else {
            None
        };
        if let Some(block) = opened {
            open_groups.enter(&block);
            blocks.push(block);
        }
    }
    if let Some(block) = blocks.first() {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            block.line,
            format!(
                "{}: the block opened here is not closed by `end`",
                file.file_name
            ),
        ));
    }
    // A Gemfile that says `gemspec` is the development environment of the gem its gemspec
    // declares, not an application of its own.
    if !gemspec {
        out.components.push(component(
            file,
            ComponentKind::RubyApp,
            dir_name(file),
            first_source.unwrap_or(1),
            Vec::new(),
        ));
    }
}

fn gem(
    file: &SourceFile<'_>,
    out: &mut FileFacts,
    open_groups: &OpenGroups,
    statement: &Statement,
) {
    let args = arguments(&statement.toks[1..]);
    let name = match args.first() {
        Some([Tok::Str(name)]) if !name.trim().is_empty() => name.trim().to_string(),
        _ => {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestEntryUnread,
                file.path,
                statement.line,
                format!("{}: `gem` without a literal name", file.file_name),
            ));
            return;
        }
    };
    let mut versions: Vec<&str> = Vec::new();
    // Bundler puts a gem in its blocks' groups and in those of its own `group:` option.
    let mut groups: Vec<String> = Vec::new();
    for arg in &args[1..] {
        match option(arg) {
            Some(("group" | "groups", value)) => groups.extend(names(value)),
            Some(_) => {}
            None => versions.extend(literal_strings(arg).unwrap_or_default()),
        }
    }
    let version = (!versions.is_empty()).then(|| versions.join(", "));
    let in_groups = open_groups.total > 0 || !groups.is_empty();
    let dev = in_groups && open_groups.not_dev == 0 && groups.iter().all(|g| is_dev_group(g));
    out.dependencies.push(dependency(
        file,
        Ecosystem::Rubygems,
        name,
        version,
        dev,
        statement.line,
    ));
}

// ---------------------------------------------------------------------------------------------
// *.gemspec

/// The calls of a gemspec that declare a dependency.
const DEPENDENCY_CALLS: &[&str] = &[
    "add_dependency",
    "add_runtime_dependency",
    "add_development_dependency",
];

pub(super) fn extract_gemspec(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut name: Option<(String, u32)> = None;
    let mut spec_line: Option<u32> = None;
    for statement in statements(file.text) {
        let toks = &statement.toks;
        // Each call's arguments end where the next call starts, so a statement of many calls
        // is still read in linear time.
        let calls: Vec<usize> = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t, Tok::Word(w) if DEPENDENCY_CALLS.contains(&w.as_str())))
            .map(|(i, _)| i)
            .collect();
        let mut next_call = calls.iter().skip(1);
        for (i, t) in toks.iter().enumerate() {
            let Tok::Word(w) = t else { continue };
            match w.as_str() {
                "Specification" if spec_line.is_none() => spec_line = Some(statement.line),
                // `spec.name = "x"`, not `spec.name == x` or a local called `name`.
                "name" if name.is_none() && i > 0 && toks[i - 1] == Tok::Punct(b'.') => {
                    if let (Some(Tok::Punct(b'=')), Some(Tok::Str(value))) =
                        (toks.get(i + 1), toks.get(i + 2))
                    {
                        if !value.trim().is_empty() {
                            name = Some((value.trim().to_string(), statement.line));
                        }
                    }
                }
                _ if DEPENDENCY_CALLS.contains(&w.as_str()) => {
                    let dev = w == "add_development_dependency";
                    let end = next_call.next().copied().unwrap_or(toks.len());
                    gemspec_dependency(file, out, &toks[i + 1..end], dev, statement.line);
                }
                _ => {}
            }
        }
    }
    let (name, line) = name.unwrap_or_else(|| {
        let stem = file
            .file_name
            .strip_suffix(".gemspec")
            .unwrap_or(file.file_name);
        let stem = if stem.is_empty() {
            dir_name(file)
        } else {
            stem.to_string()
        };
        (stem, spec_line.unwrap_or(1))
    });
    out.components.push(component(
        file,
        ComponentKind::RubyGem,
        name,
        line,
        Vec::new(),
    ));
}

fn gemspec_dependency(
    file: &SourceFile<'_>,
    out: &mut FileFacts,
    after: &[Tok],
    dev: bool,
    line: u32,
) {
    let args = arguments(after);
    let name = args
        .first()
        .and_then(|a| literal_strings(a))
        .and_then(|s| s.first().map(|n| n.trim().to_string()))
        .filter(|n| !n.is_empty());
    let Some(name) = name else {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            line,
            format!("{}: a dependency without a literal name", file.file_name),
        ));
        return;
    };
    let versions: Vec<&str> = args
        .iter()
        .skip(1)
        .filter_map(|a| literal_strings(a))
        .flatten()
        .collect();
    let version = (!versions.is_empty()).then(|| versions.join(", "));
    out.dependencies.push(dependency(
        file,
        Ecosystem::Rubygems,
        name,
        version,
        dev,
        line,
    ));
}

// ---------------------------------------------------------------------------------------------
// Gemfile.lock

/// Words a platform suffix of a locked version starts with (`1.16.0-x86_64-linux`,
/// `9.4.5.0-java`), so the version alone is kept.
const PLATFORM_WORDS: &[&str] = &[
    "x86",
    "x86_64",
    "x64",
    "i386",
    "i686",
    "arm",
    "arm64",
    "armv7",
    "aarch64",
    "java",
    "jruby",
    "universal",
    "mswin",
    "mswin32",
    "mswin64",
    "mingw",
    "mingw32",
    "darwin",
    "linux",
    "powerpc",
    "ppc64le",
    "s390x",
    "riscv64",
    "wasm32",
    "dalvik",
];

fn without_platform(version: &str) -> &str {
    match version.split_once('-') {
        Some((v, platform))
            if PLATFORM_WORDS.contains(&platform.split('-').next().unwrap_or("")) =>
        {
            v
        }
        _ => version,
    }
}

pub(super) fn extract_gemfile_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    // Gems from a registry (GEM) or a git repository (GIT); PATH gems are the project's own.
    let mut in_specs_section = false;
    for (i, line) in file.text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            in_specs_section = matches!(line.trim(), "GEM" | "GIT");
            continue;
        }
        // `    name (version)`: four spaces; six are the dependencies of the gem above.
        if !in_specs_section || !line.starts_with("    ") || line.as_bytes().get(4) == Some(&b' ') {
            continue;
        }
        let entry = line.trim();
        let parsed = entry.split_once(" (").and_then(|(name, rest)| {
            let version = rest.strip_suffix(')')?;
            (!name.is_empty() && !version.is_empty() && !name.contains(' '))
                .then(|| (name, without_platform(version)))
        });
        let Some((name, version)) = parsed else {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestEntryUnread,
                file.path,
                i as u32 + 1,
                format!("{}: spec line is not `name (version)`", file.file_name),
            ));
            continue;
        };
        if seen.insert((name, version)) {
            out.locked.push(LockedPackage {
                ecosystem: Ecosystem::Rubygems,
                name: name.to_string(),
                version: version.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};
    use super::{statements, tokens, without_platform, Tok};

    #[test]
    fn tokens_of_ruby_lines() {
        assert_eq!(
            tokens(r#"gem "rails", '~> 7.1', group: :test # "not this""#),
            [
                Tok::Word("gem".into()),
                Tok::Str("rails".into()),
                Tok::Comma,
                Tok::Str("~> 7.1".into()),
                Tok::Comma,
                Tok::Label("group".into()),
                Tok::Sym("test".into()),
            ]
        );
        assert_eq!(
            tokens(r#"s.add_dependency(%q<rack>.freeze, [">= 2"]) :: %i[a b]"#)[4..6],
            [Tok::Str("rack".into()), Tok::Punct(b'.')]
        );
        assert_eq!(
            tokens(r#"x "a\"b"#),
            [Tok::Word("x".into()), Tok::Str("a\"b".into())]
        );
        assert_eq!(
            tokens("é ü"),
            [Tok::Word("é".into()), Tok::Word("ü".into())]
        );
    }

    #[test]
    fn statements_continue_over_lines() {
        let s =
            statements("gem \"a\",\n  # note\n  require: false\ngem(\"b\",\n  \"1\")\ngem \"c\"\n");
        let lines: Vec<u32> = s.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 4, 6]);
    }

    const GEMFILE: &str = r#"source "https://rubygems.org"
git_source(:github) { |repo| "https://github.com/#{repo}.git" }

ruby "3.3.1"

gem "rails", "~> 7.1.3"
gem 'pg', '~> 1.5'
gem "puma", ">= 5.0", "< 7"
gem "bootsnap", require: false
gem "tzinfo-data", platforms: %i[ windows jruby ]
gem "sidekiq-pro", source: "https://gems.example.com"
gem "skylight", group: :production
gem "lookbook", group: [:development, :test]
gem "letter_opener", :group => :development
gem "money",
    github: "acme/money",
    branch: "main"

group :development, :test do
  gem "debug", platforms: %i[mri windows]
  gem "rubocop-rails", require: false

  if ENV["WITH_PROFILER"]
    gem "stackprof"
  end
end

group :production do
  gem "lograge"
end

platforms :jruby do
  gem "activerecord-jdbc-adapter"
end

group(:test) do
  gem "capybara" # system tests
  # gem "commented-out"
end
"#;

    #[test]
    fn gemfile_groups_blocks_and_options() {
        let facts = run("shop/Gemfile", GEMFILE);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components.len(), 1);
        assert_eq!(facts.components[0].name, "shop");
        assert_eq!(facts.components[0].evidence.start_line, 1);
        assert_eq!(dep_line(&facts, "pg"), Some(7));
        let puma = facts.dependencies.iter().find(|d| d.name == "puma");
        assert_eq!(puma.and_then(|d| d.version.as_deref()), Some(">= 5.0, < 7"));
        assert_eq!(is_dev(&facts, "rails"), Some(false));
        assert_eq!(is_dev(&facts, "skylight"), Some(false));
        assert_eq!(is_dev(&facts, "lookbook"), Some(true));
        assert_eq!(is_dev(&facts, "letter_opener"), Some(true));
        assert_eq!(dep_line(&facts, "money"), Some(15));
        assert_eq!(is_dev(&facts, "debug"), Some(true));
        assert_eq!(
            is_dev(&facts, "stackprof"),
            Some(true),
            "an if inside a group"
        );
        assert_eq!(is_dev(&facts, "lograge"), Some(false));
        assert_eq!(is_dev(&facts, "activerecord-jdbc-adapter"), Some(false));
        assert_eq!(is_dev(&facts, "capybara"), Some(true));
        assert!(dep_line(&facts, "commented-out").is_none());
        assert!(facts.notes.is_empty(), "{:?}", facts.notes);
    }

    #[test]
    fn gemfile_of_a_gem_is_not_an_application() {
        let facts = run(
            "Gemfile",
            "source \"https://rubygems.org\"\ngemspec\n\ngem \"rake\", \"~> 13.0\"\n",
        );
        assert!(facts.components.is_empty());
        assert_eq!(dep_line(&facts, "rake"), Some(4));
    }

    #[test]
    fn hostile_gemfiles() {
        let facts = run(
            "Gemfile",
            "group :test do\n  gem \"rspec\"\n  platforms :mri do\n    gem \"byebug\"\n",
        );
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.notes.len(), 1, "the unclosed block is named");
        assert_eq!(facts.notes[0].line, 1);
        assert_eq!(is_dev(&facts, "byebug"), Some(true));

        let facts = run("Gemfile", "end\ngem name_from_a_variable\ngem \"ok\"\n");
        assert_eq!(facts.notes.len(), 2);
        assert_eq!(facts.dependencies.len(), 1);

        // Many nested groups, each with gems: the groups are not walked again for every gem.
        let nested = "group :test do\n  gem \"a\"\n".repeat(100_000);
        let facts = run("Gemfile", &nested);
        assert_eq!(facts.dependencies.len(), 100_000);
        assert!(facts.dependencies.iter().all(|d| d.dev));

        // One statement that never ends, and a line of unclosed literals.
        let endless = format!("gem \"a\",{}\n", "\n\"x\",".repeat(50_000));
        let facts = run("Gemfile", &endless);
        assert_eq!(facts.dependencies.len(), 1);
        let facts = run(
            "Gemfile",
            "gem \"a\nsource %q(x\ngem :b, %i[\n\u{fffd}\u{fffd}\n",
        );
        assert!(facts.dependencies.len() <= 1);
    }

    #[test]
    fn gemspec_dependencies() {
        let text = r#"# frozen_string_literal: true

require_relative "lib/ledger/version"

Gem::Specification.new do |spec|
  spec.name = "ledger-core"
  spec.version = Ledger::VERSION
  spec.summary = "Double-entry bookkeeping"
  spec.files = Dir["lib/**/*.rb"]

  spec.add_dependency "activesupport", ">= 6.1", "< 8"
  spec.add_runtime_dependency("bigdecimal", "~> 3.1")
  spec.add_dependency %q<concurrent-ruby>.freeze, ["~> 1.2"]
  spec.add_development_dependency "rspec", "~> 3.13"
  spec.add_development_dependency "rubocop"
  # spec.add_dependency "not-this"
  spec.add_dependency name_in_a_variable
end
"#;
        let facts = run("ledger.gemspec", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "ledger-core");
        assert_eq!(facts.components[0].evidence.start_line, 6);
        assert_eq!(facts.dependencies.len(), 5);
        assert_eq!(is_dev(&facts, "rspec"), Some(true));
        assert_eq!(is_dev(&facts, "concurrent-ruby"), Some(false));
        assert_eq!(dep_line(&facts, "bigdecimal"), Some(12));
        assert_eq!(facts.notes.len(), 1, "the computed name is noted");
        let chained = format!(
            "Gem::Specification.new do |s|\n{}\nend\n",
            "s.add_dependency \"a\", \"1\"; ".repeat(50_000)
        );
        let facts = run("chained.gemspec", &chained);
        assert_eq!(facts.dependencies.len(), 50_000);
        assert_eq!(facts.dependencies[0].version.as_deref(), Some("1"));
        // The same calls joined into one statement by trailing commas.
        let joined = format!("{}\n", "s.add_dependency \"a\",\n".repeat(50_000));
        assert_eq!(run("joined.gemspec", &joined).dependencies.len(), 50_000);
        let unnamed = run("gems/tally.gemspec", "Gem::Specification.new do |s|\nend\n");
        assert_eq!(unnamed.components[0].name, "tally");
    }

    #[test]
    fn gemfile_lock_specs() {
        let text = "GIT\n  remote: https://github.com/acme/money.git\n  revision: 0123abc\n  specs:\n    money (6.19.0)\n      i18n (>= 0.6.4)\n\n\
                    PATH\n  remote: .\n  specs:\n    shop (0.1.0)\n\n\
                    GEM\n  remote: https://rubygems.org/\n  specs:\n    actionpack (7.1.3.2)\n      rack (>= 2.2.4)\n    nokogiri (1.16.5-x86_64-linux)\n      racc (~> 1.4)\n    nokogiri (1.16.5-arm64-darwin)\n    rack (3.0.11)\n    weird line\n\n\
                    PLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  money!\n  rails (~> 7.1)\n\nBUNDLED WITH\n   2.5.9\n";
        let facts = run("Gemfile.lock", text);
        insta::assert_snapshot!(render(&facts));
        let locked: Vec<String> = facts
            .locked
            .iter()
            .map(|l| format!("{} {}", l.name, l.version))
            .collect();
        assert_eq!(
            locked,
            [
                "money 6.19.0",
                "actionpack 7.1.3.2",
                "nokogiri 1.16.5",
                "rack 3.0.11"
            ]
        );
        assert_eq!(facts.notes.len(), 1);
        assert_eq!(without_platform("2.0.0-rc1"), "2.0.0-rc1");
    }
}
