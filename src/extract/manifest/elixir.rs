//! Elixir: `mix.exs` (the project's app name and the literal list its `deps` function
//! returns) and `mix.lock`. A `mix.exs` is a program; it is tokenized, never evaluated.
//!
//! A dependency is `{:name, "requirement", options}`; it is a development one when its
//! `only:` environments leave out `:prod`. Dependencies the file computes (`deps() ++ extra`,
//! a variable) are not read.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{component, dependency, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage, Note};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `:name`, `:"name"`.
    Atom(String),
    /// A string, charlist, heredoc or sigil: its text, interpolations left in.
    Str(String),
    /// A keyword key: `only:` in `only: :test`.
    Key(String),
    Ident(String),
    Open(u8),
    Close(u8),
    Comma,
    Other,
}

/// A token and the byte offset it starts at.
type Spanned = (Tok, usize);

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn closing(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        other => other,
    }
}

/// The offset just after the string body that starts at `start` and ends with `close`, with
/// `\` escapes and `#{…}` interpolations stepped over (an unterminated one ends the text).
fn string_end(bytes: &[u8], start: usize, close: u8, interpolates: bool) -> usize {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'#' if interpolates && bytes.get(i + 1) == Some(&b'{') => {
                let mut depth = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c == close => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset just after a heredoc body starting at `start` and closed by `delim` three times.
fn heredoc_end(text: &str, start: usize, delim: &str) -> (usize, usize) {
    match text.get(start..).and_then(|rest| rest.find(delim)) {
        Some(n) => (start + n, start + n + delim.len()),
        None => (text.len(), text.len()),
    }
}

/// Every token of the file, comments dropped. One pass, no backtracking.
fn tokens(text: &str) -> Vec<Spanned> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let body = |from: usize, to: usize| text.get(from..to).unwrap_or("").to_string();
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n),
            b'"' | b'\'' => {
                let delim = if b == b'"' { "\"\"\"" } else { "'''" };
                if text[i..].starts_with(delim) {
                    let (end, next) = heredoc_end(text, i + 3, delim);
                    out.push((Tok::Str(body(i + 3, end)), start));
                    i = next;
                } else {
                    let end = string_end(bytes, i + 1, b, true);
                    out.push((Tok::Str(body(i + 1, end.saturating_sub(1))), start));
                    i = end;
                }
            }
            // A sigil: `~w(a b)a`, `~r/x/`, `~S"""…"""`.
            b'~' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                let interpolates = bytes[i + 1].is_ascii_lowercase();
                let Some(&open) = bytes.get(j) else {
                    i = j;
                    continue;
                };
                let (content, mut next) = if text[j..].starts_with("\"\"\"")
                    || text[j..].starts_with("'''")
                {
                    let (end, next) = heredoc_end(text, j + 3, &text[j..j + 3]);
                    (body(j + 3, end), next)
                } else if matches!(open, b'(' | b'[' | b'{' | b'<' | b'/' | b'|' | b'"' | b'\'') {
                    let end = string_end(bytes, j + 1, closing(open), interpolates);
                    (body(j + 1, end.saturating_sub(1)), end)
                } else {
                    i = j;
                    continue;
                };
                while next < bytes.len() && bytes[next].is_ascii_alphabetic() {
                    next += 1;
                }
                out.push((Tok::Str(content), start));
                i = next;
            }
            // A character literal: `?a`, `?"`, `?\n`.
            b'?' => {
                let mut chars = text[i + 1..].chars();
                let first = chars.next();
                let second = if first == Some('\\') {
                    chars.next()
                } else {
                    None
                };
                i += 1 + first.map_or(0, char::len_utf8) + second.map_or(0, char::len_utf8);
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                out.push((Tok::Other, start));
                i += 2;
            }
            b':' if bytes.get(i + 1).is_some_and(|&c| c == b'"' || c == b'\'') => {
                let quote = bytes[i + 1];
                let end = string_end(bytes, i + 2, quote, true);
                out.push((Tok::Atom(body(i + 2, end.saturating_sub(1))), start));
                i = end;
            }
            b':' if bytes.get(i + 1).is_some_and(|&c| is_ident_start(c)) => {
                let mut end = i + 1;
                while end < bytes.len() && is_ident(bytes[end]) {
                    end += 1;
                }
                if end < bytes.len() && matches!(bytes[end], b'?' | b'!') {
                    end += 1;
                }
                out.push((Tok::Atom(body(i + 1, end)), start));
                i = end;
            }
            _ if is_ident_start(b) => {
                let mut end = i;
                while end < bytes.len() && is_ident(bytes[end]) {
                    end += 1;
                }
                if end < bytes.len() && matches!(bytes[end], b'?' | b'!') {
                    end += 1;
                }
                let word = body(i, end);
                // `only: :test`: a key is followed by a colon and then a space.
                let is_key = bytes.get(end) == Some(&b':')
                    && bytes.get(end + 1).is_none_or(u8::is_ascii_whitespace);
                if is_key {
                    out.push((Tok::Key(word), start));
                    i = end + 1;
                } else {
                    out.push((Tok::Ident(word), start));
                    i = end;
                }
            }
            b'(' | b'[' | b'{' => {
                out.push((Tok::Open(b), start));
                i += 1;
            }
            b')' | b']' | b'}' => {
                out.push((Tok::Close(b), start));
                i += 1;
            }
            b',' => {
                out.push((Tok::Comma, start));
                i += 1;
            }
            _ => {
                out.push((Tok::Other, start));
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// The index just past the bracket that closes the one opened at `open` (the end of the
/// tokens when it is never closed).
fn matching(toks: &[Spanned], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Where the list of dependencies starts: after `defp deps do` / `defp deps, do:` or after
/// `deps:` in the project keyword list. `None` for the start when the function returns
/// something else than a literal list; the offset of the definition either way.
fn deps_list(toks: &[Spanned]) -> Option<(Option<usize>, usize)> {
    for (i, (t, offset)) in toks.iter().enumerate() {
        let Tok::Ident(word) = t else { continue };
        if !matches!(word.as_str(), "def" | "defp")
            || toks.get(i + 1).map(|(t, _)| t) != Some(&Tok::Ident("deps".into()))
        {
            continue;
        }
        let mut j = i + 2;
        // `deps()`
        if toks.get(j).map(|(t, _)| t) == Some(&Tok::Open(b'('))
            && toks.get(j + 1).map(|(t, _)| t) == Some(&Tok::Close(b')'))
        {
            j += 2;
        }
        let body = match toks.get(j).map(|(t, _)| t) {
            Some(Tok::Ident(w)) if w == "do" => j + 1,
            Some(Tok::Comma) if toks.get(j + 1).map(|(t, _)| t) == Some(&Tok::Key("do".into())) => {
                j + 2
            }
            // `defp deps(:test)`, a clause with arguments: not the project's list.
            _ => continue,
        };
        let list = (toks.get(body).map(|(t, _)| t) == Some(&Tok::Open(b'['))).then_some(body);
        return Some((list, *offset));
    }
    for (i, (t, offset)) in toks.iter().enumerate() {
        if *t == Tok::Key("deps".into())
            && toks.get(i + 1).map(|(t, _)| t) == Some(&Tok::Open(b'['))
        {
            return Some((Some(i + 1), *offset));
        }
    }
    None
}

pub(super) fn extract_mix_exs(file: &SourceFile<'_>, out: &mut FileFacts) {
    let toks = tokens(file.text);

    // `app: :name` in `def project`; `apps_path: "apps"` makes it an umbrella.
    let project_start = toks
        .windows(2)
        .position(|w| w[0].0 == Tok::Ident("def".into()) && w[1].0 == Tok::Ident("project".into()))
        .unwrap_or(0);
    let mut app: Option<(String, usize)> = None;
    let mut members = Vec::new();
    for w in toks[project_start..].windows(2) {
        match (&w[0].0, &w[1].0) {
            (Tok::Key(k), Tok::Atom(name)) if k == "app" && app.is_none() => {
                app = Some((name.clone(), w[0].1));
            }
            (Tok::Key(k), Tok::Str(path)) if k == "apps_path" && members.is_empty() => {
                members.push(format!("{}/*", path.trim_end_matches('/')));
            }
            _ => {}
        }
    }
    let (name, line) = match app {
        Some((name, offset)) => (name, file.line_of(offset)),
        None => {
            if members.is_empty() {
                out.notes.push(Note::new(
                    crate::codes::Code::ManifestUnnamed,
                    file.path,
                    0,
                    "mix.exs has no `app:` in its project; named after its directory",
                ));
            }
            let line = toks
                .iter()
                .find(|(t, _)| *t == Tok::Ident("defmodule".into()))
                .map_or(1, |(_, o)| file.line_of(*o));
            (dir_name(file), line)
        }
    };
    out.components.push(component(
        file,
        ComponentKind::MixProject,
        name,
        line,
        members,
    ));

    let Some((list, defined_at)) = deps_list(&toks) else {
        return;
    };
    let Some(list) = list else {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            file.line_of(defined_at),
            "mix.exs: `deps` does not return a literal list; its dependencies were not read",
        ));
        return;
    };
    let Some(list_end) = matching(&toks, list) else {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            file.line_of(toks[list].1),
            "mix.exs: the list of dependencies opened here is not closed",
        ));
        return;
    };
    let mut i = list + 1;
    while i + 1 < list_end {
        let (t, offset) = &toks[i];
        match t {
            Tok::Open(b'{') => {
                let end = matching(&toks, i).unwrap_or(list_end).min(list_end);
                tuple(file, out, &toks[i + 1..end.saturating_sub(1)], *offset);
                i = end;
            }
            Tok::Comma => i += 1,
            _ => {
                out.notes.push(Note::new(
                    crate::codes::Code::ManifestEntryUnread,
                    file.path,
                    file.line_of(*offset),
                    "mix.exs: an entry of `deps` that is not a `{:name, …}` tuple",
                ));
                // Skip to the next entry at the list's own depth.
                let mut depth = 0usize;
                while i + 1 < list_end {
                    match &toks[i].0 {
                        Tok::Open(_) => depth += 1,
                        Tok::Close(_) => depth = depth.saturating_sub(1),
                        Tok::Comma if depth == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
        }
    }
}

/// One `{:name, "requirement", only: …}` tuple, its braces removed.
fn tuple(file: &SourceFile<'_>, out: &mut FileFacts, toks: &[Spanned], offset: usize) {
    let line = file.line_of(offset);
    let Some((Tok::Atom(name), _)) = toks.first() else {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            line,
            "mix.exs: a dependency whose name is not an atom",
        ));
        return;
    };
    let version = match (toks.get(1), toks.get(2)) {
        (Some((Tok::Comma, _)), Some((Tok::Str(v), _))) => Some(v.clone()),
        _ => None,
    };
    let mut envs: Option<Vec<&str>> = None;
    if let Some(at) = toks.iter().position(|(t, _)| *t == Tok::Key("only".into())) {
        let mut found = Vec::new();
        match toks.get(at + 1) {
            Some((Tok::Atom(env), _)) => found.push(env.as_str()),
            Some((Tok::Open(b'['), _)) => {
                for (t, _) in &toks[at + 2..] {
                    match t {
                        Tok::Atom(env) => found.push(env.as_str()),
                        Tok::Comma => {}
                        _ => break,
                    }
                }
            }
            _ => {}
        }
        envs = Some(found);
    }
    let dev = envs.is_some_and(|envs| !envs.is_empty() && !envs.contains(&"prod"));
    out.dependencies.push(dependency(
        file,
        Ecosystem::Hex,
        name.clone(),
        version,
        dev,
        line,
    ));
}

/// `"name": {:hex, :package, "1.2.3", …}`: the dependency's name (the key, the name `mix.exs`
/// uses) and the version.
static HEX_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*"([^"]+)"\s*:\s*\{\s*:hex\s*,\s*:"?[^\s,"]+"?\s*,\s*"([^"]+)""#)
        .expect("valid regex")
});

pub(super) fn extract_mix_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let body = file.text.trim_start_matches('\u{feff}').trim_start();
    if !body.is_empty() && !body.starts_with("%{") {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            1,
            "mix.lock is not a map (`%{ … }`)",
        ));
        return;
    }
    let mut seen = HashSet::new();
    for line in file.text.lines() {
        let Some(c) = HEX_ENTRY.captures(line) else {
            continue;
        };
        let (Some(name), Some(version)) = (c.get(1), c.get(2)) else {
            continue;
        };
        if seen.insert(name.as_str()) {
            out.locked.push(LockedPackage {
                ecosystem: Ecosystem::Hex,
                name: name.as_str().to_string(),
                version: version.as_str().to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};
    use super::{tokens, Tok};

    #[test]
    fn tokens_skip_comments_strings_and_sigils() {
        let toks: Vec<Tok> = tokens(
            "# {:a, \"1\"}\n~w(x y)a \"s #{\"in\"} t\" ?\" :\"q a\" only: [:dev] Mix.env() \"\"\"\nheredoc {\n\"\"\"",
        )
        .into_iter()
        .map(|(t, _)| t)
        .collect();
        assert_eq!(
            toks,
            [
                Tok::Str("x y".into()),
                Tok::Str("s #{\"in\"} t".into()),
                Tok::Atom("q a".into()),
                Tok::Key("only".into()),
                Tok::Open(b'['),
                Tok::Atom("dev".into()),
                Tok::Close(b']'),
                Tok::Ident("Mix".into()),
                Tok::Other,
                Tok::Ident("env".into()),
                Tok::Open(b'('),
                Tok::Close(b')'),
                Tok::Str("\nheredoc {\n".into()),
            ]
        );
    }

    const MIX: &str = r#"defmodule Storefront.MixProject do
  use Mix.Project

  def project do
    [
      app: :storefront,
      version: "0.4.0",
      elixir: "~> 1.16",
      start_permanent: Mix.env() == :prod,
      deps: deps()
    ]
  end

  def application do
    [mod: {Storefront.Application, []}, extra_applications: [:logger]]
  end

  # Run "mix help deps" to learn about dependencies.
  defp deps do
    [
      {:phoenix, "~> 1.7.12"},
      {:ecto_sql, "~> 3.11"},
      {:postgrex, ">= 0.0.0"},
      {:phoenix_live_reload, "~> 1.5", only: :dev},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:telemetry_poller, "~> 1.0", only: [:dev, :prod]},
      {:esbuild, "~> 0.8", runtime: Mix.env() == :dev},
      {:heroicons,
       github: "tailwindlabs/heroicons",
       tag: "v2.1.1",
       sparse: "optimized",
       app: false,
       compile: false,
       depth: 1},
      {:local_lib, path: "../local_lib"},
      # {:commented_out, "~> 1.0"},
      {:mox, "~> 1.1", only: :test}
    ]
  end
end
"#;

    #[test]
    fn mix_exs_project_and_deps() {
        let facts = run("apps/shop/mix.exs", MIX);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "storefront");
        assert_eq!(facts.components[0].evidence.start_line, 6);
        assert_eq!(facts.dependencies.len(), 10);
        assert_eq!(dep_line(&facts, "heroicons"), Some(28));
        assert_eq!(is_dev(&facts, "phoenix_live_reload"), Some(true));
        assert_eq!(is_dev(&facts, "credo"), Some(true));
        assert_eq!(is_dev(&facts, "telemetry_poller"), Some(false));
        assert_eq!(is_dev(&facts, "esbuild"), Some(false));
        assert_eq!(is_dev(&facts, "mox"), Some(true));
        assert!(dep_line(&facts, "commented_out").is_none());
        assert!(facts.notes.is_empty(), "{:?}", facts.notes);
    }

    #[test]
    fn umbrella_inline_and_computed_deps() {
        let umbrella = "defmodule Platform.Umbrella do\n  use Mix.Project\n  def project do\n    [apps_path: \"apps\", deps: [{:dialyxir, \"~> 1.4\", only: [:dev], runtime: false}]]\n  end\nend\n";
        let facts = run("mix.exs", umbrella);
        assert_eq!(facts.components[0].members, ["apps/*"]);
        assert_eq!(facts.components[0].name, ".");
        assert_eq!(is_dev(&facts, "dialyxir"), Some(true));
        assert!(facts.notes.is_empty());

        let computed = "defmodule X.MixProject do\n  def project, do: [app: :x, deps: deps()]\n  defp deps, do: base_deps() ++ [{:a, \"1\"}]\nend\n";
        let facts = run("mix.exs", computed);
        assert!(facts.dependencies.is_empty());
        assert_eq!(facts.notes.len(), 1);
        assert_eq!(facts.notes[0].line, 3);
    }

    #[test]
    fn hostile_mix_exs() {
        let facts = run(
            "mix.exs",
            "defmodule A do\n  def project, do: [app: :a]\n  defp deps do\n    [\n      {:a, \"~> 1\"},\n      some_var,\n      {\"b\", \"1\"},\n      {:c, \"1\"\n",
        );
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.notes.len(), 1, "the unclosed list is named");
        let facts = run("mix.exs", "\"never closed ~w( #{ ?");
        assert_eq!(facts.components.len(), 1);
        let deep = format!(
            "defp deps do [{}{}]",
            "{".repeat(50_000),
            "}".repeat(50_000)
        );
        let facts = run("mix.exs", &deep);
        assert_eq!(facts.dependencies.len(), 0);
    }

    #[test]
    fn mix_lock_hex_entries() {
        let text = r#"%{
  "castore": {:hex, :castore, "1.0.7", "b651241514e5f6956028147fe6637f7ac13802537e895a724f90bf3e36ddd1dd", [:mix], [], "hexpm", "da7785a4b0d2a021cd1292a60875a784b6caef71e76bf4917bdee1f390455cf5"},
  "ecto": {:hex, :ecto, "3.11.2", "e1d26be989db350a633667c5cda9c3d115ae779b66da567c68c80cfb26a8c9ee", [:mix], [{:decimal, "~> 2.0", [hex: :decimal, repo: "hexpm", optional: false]}], "hexpm", "c38bca2c6f8d8023f2145326cc8a80100c3ffe4dcbafb2f9e2fc4d6d87fa9e3a"},
  "heroicons": {:git, "https://github.com/tailwindlabs/heroicons.git", "88ab3a0d790e6a47404cba02800a6b25d2afae50", [tag: "v2.1.1", sparse: "optimized"]},
  "renamed": {:hex, :"real_name", "0.2.0", "00", [:rebar3], [], "hexpm", "00"},
}
"#;
        let facts = run("mix.lock", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.locked.len(), 3);
        assert_eq!(facts.locked[2].name, "renamed");
        let facts = run("mix.lock", "[not a map]");
        assert_eq!(facts.notes.len(), 1);
    }
}
