//! Pattern conditions, compiled once per target and run on each file's text during the walk,
//! so the analysis reads every file once. Grouped per language: a file is only searched with
//! the patterns that name its language (or any language).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use globset::{GlobSet, GlobSetBuilder};
use regex::{Regex, RegexSet};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::facts::{Evidence, FileRole};
use crate::rules::{Condition, PatternCondition, Target};

/// Lazy-DFA cache per compiled pattern set and search thread.
const DFA_CACHE_BYTES: usize = 64 << 20;

/// Matches kept per pattern and file; enough to show where, not a listing.
const HITS_PER_FILE: usize = 3;
/// Longest snippet kept of a matching line.
const SNIPPET_CHARS: usize = 160;
/// Shortest literal worth gating a pattern on: single bytes occur in nearly every file.
const MIN_GATE_LITERAL: usize = 2;

pub use crate::facts::PatternHit;

struct Compiled {
    regex: Regex,
    globs: Option<GlobSet>,
    glob_list: Vec<globset::Glob>,
}

/// Every pattern condition of a target.
pub struct PatternSet {
    keys: HashMap<String, usize>,
    patterns: Vec<Compiled>,
    /// Per language: the patterns that name it.
    by_language: HashMap<String, LazyGroup>,
    /// Patterns that name no language.
    any_language: Option<LazyGroup>,
    /// The globs of every any-language pattern scoped by glob, as one set.
    wanted: GlobSet,
}

/// A literal every match of a (sub-)pattern may contain. The gate matches all literals
/// ignoring ASCII case, so a case-insensitive letter is kept in lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Lit {
    bytes: Vec<u8>,
}

impl Lit {
    fn new(bytes: &[u8]) -> Lit {
        Lit {
            bytes: bytes.to_vec(),
        }
    }

    fn empty() -> Lit {
        Lit::new(b"")
    }

    /// `self` followed by `next`.
    fn then(&self, next: &Lit) -> Lit {
        let mut bytes = self.bytes.clone();
        bytes.extend_from_slice(&next.bytes);
        Lit { bytes }
    }
}

/// What the literal analysis knows of a sub-pattern.
#[derive(Debug, Default)]
struct Literals {
    /// Every string it matches, when there are few and each is literal ("" included).
    exact: Option<Vec<Lit>>,
    /// Literals one of which every match contains (none empty).
    required: Option<Vec<Lit>>,
    /// Such a set with as few literals as there is, for alternations whose best sets
    /// together would be too many.
    compact: Option<Vec<Lit>>,
}

/// Most literals a set may hold: beyond this the gate costs more than the regex.
const MAX_LITERALS: usize = 64;

/// The better of two required sets: longer shortest literal, then fewer literals.
fn better(a: Option<Vec<Lit>>, b: Option<Vec<Lit>>) -> Option<Vec<Lit>> {
    let quality = |s: &Vec<Lit>| {
        let shortest = s.iter().map(|l| l.bytes.len()).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(s.len()))
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if quality(&b) > quality(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The smaller of two required sets: fewer literals, then longer shortest literal.
fn smaller(a: Option<Vec<Lit>>, b: Option<Vec<Lit>>) -> Option<Vec<Lit>> {
    let size = |s: &Vec<Lit>| {
        let shortest = s.iter().map(|l| l.bytes.len()).min().unwrap_or(0);
        (std::cmp::Reverse(s.len()), shortest)
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if size(&b) > size(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// A set usable as a gate: not empty, no empty literal, not too large.
fn usable(set: Vec<Lit>) -> Option<Vec<Lit>> {
    (!set.is_empty() && set.len() <= MAX_LITERALS && set.iter().all(|l| !l.bytes.is_empty()))
        .then_some(set)
}

fn dedup(mut set: Vec<Lit>) -> Vec<Lit> {
    set.sort();
    set.dedup();
    set
}

/// The characters of a small class as literals: one or two, or an ASCII letter in both cases
/// (a case-insensitive letter; its rare non-ASCII case variants, the Kelvin sign for `k` and
/// the long s for `s`, are not kept: text that spells a keyword with them is not code).
fn class_literals(class: &Class) -> Option<Vec<Lit>> {
    let mut chars: Vec<Vec<u8>> = Vec::new();
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                for ch in r.start()..=r.end() {
                    if chars.len() > 3 {
                        return None;
                    }
                    let mut buf = [0u8; 4];
                    chars.push(ch.encode_utf8(&mut buf).as_bytes().to_vec());
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    if chars.len() > 3 {
                        return None;
                    }
                    chars.push(vec![b]);
                }
            }
        }
    }
    // What `(?i)` makes of an ASCII letter: its two cases, and for `k` and `s` one more.
    let odd =
        |c: &Vec<u8>| c.as_slice() == "\u{212A}".as_bytes() || c.as_slice() == "\u{17F}".as_bytes();
    let ascii: Vec<u8> = chars
        .iter()
        .filter(|c| c.len() == 1)
        .map(|c| c[0])
        .collect();
    if let [a, b] = ascii.as_slice() {
        let others_odd = chars.iter().filter(|c| c.len() > 1).all(odd);
        if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) && a != b && others_odd {
            return Some(vec![Lit::new(&[a.to_ascii_lowercase()])]);
        }
    }
    (chars.len() <= 2).then(|| chars.iter().map(|c| Lit::new(c)).collect())
}

fn analyze(hir: &Hir) -> Literals {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Literals {
            exact: Some(vec![Lit::empty()]),
            ..Literals::default()
        },
        HirKind::Literal(l) => {
            let lit = Lit::new(&l.0);
            Literals {
                exact: Some(vec![lit.clone()]),
                required: usable(vec![lit.clone()]),
                compact: usable(vec![lit]),
            }
        }
        HirKind::Class(c) => {
            let exact = class_literals(c);
            Literals {
                required: exact.clone().and_then(usable),
                compact: exact.clone().and_then(usable),
                exact,
            }
        }
        HirKind::Capture(c) => analyze(&c.sub),
        HirKind::Repetition(r) => {
            let sub = analyze(&r.sub);
            match (r.min, r.max) {
                (0, Some(1)) => Literals {
                    exact: sub.exact.map(|mut e| {
                        e.push(Lit::empty());
                        dedup(e)
                    }),
                    ..Literals::default()
                },
                (0, _) => Literals::default(),
                (1, Some(1)) => sub,
                _ => Literals {
                    exact: None,
                    required: better(sub.required, sub.exact.clone().and_then(usable)),
                    compact: smaller(sub.compact, sub.exact.and_then(usable)),
                },
            }
        }
        HirKind::Alternation(children) => {
            let union = |a: Option<Vec<Lit>>, b: Option<Vec<Lit>>| {
                a.zip(b).map(|(mut a, b)| {
                    a.extend(b);
                    a
                })
            };
            let mut exact = Some(Vec::new());
            let mut required = Some(Vec::new());
            let mut compact = Some(Vec::new());
            for child in children {
                let l = analyze(child);
                let as_set = l.exact.clone().and_then(usable);
                required = union(required, better(l.required, as_set.clone()));
                compact = union(compact, smaller(l.compact, as_set));
                exact = union(exact, l.exact);
            }
            let compact = compact.map(dedup).and_then(usable);
            Literals {
                exact: exact.map(dedup).filter(|e| e.len() <= MAX_LITERALS),
                required: required.map(dedup).and_then(usable).or(compact.clone()),
                compact,
            }
        }
        HirKind::Concat(children) => {
            // Runs of children with exact strings are joined (their cross product); every
            // match contains one string of each run, and one required literal of each child.
            let mut best = None;
            let mut compact = None;
            let mut run = Some(vec![Lit::empty()]);
            let mut whole = true;
            for child in children {
                let l = analyze(child);
                best = better(best, l.required);
                compact = smaller(compact, l.compact);
                let joined = match (&run, &l.exact) {
                    (Some(r), Some(e)) if r.len() * e.len() <= MAX_LITERALS => Some(dedup(
                        r.iter().flat_map(|a| e.iter().map(|b| a.then(b))).collect(),
                    )),
                    _ => None,
                };
                match joined {
                    Some(j) => run = Some(j),
                    None => {
                        whole = false;
                        let done = run.take().and_then(usable);
                        best = better(best, done.clone());
                        compact = smaller(compact, done);
                        run = l.exact;
                    }
                }
            }
            let exact = if whole { run.clone() } else { None };
            let done = run.and_then(usable);
            Literals {
                exact,
                required: better(best, done.clone()),
                compact: smaller(compact, done),
            }
        }
    }
}

/// Literals of which every match of `regex` contains one, if the pattern has such a set and
/// each literal is long enough to be rare.
fn required_literals(regex: &str) -> Option<Vec<Lit>> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    analyze(&hir)
        .required
        .filter(|set| set.iter().all(|l| l.bytes.len() >= MIN_GATE_LITERAL))
}

/// Patterns searched together. Most patterns require one of a few literals (every match
/// contains one): one search for all of them, far faster than the regexes and than one search
/// per pattern, tells which patterns can match at all. Patterns scoped by glob are only looked
/// at in files they name.
struct Group {
    /// Pattern indices, in the order hits are reported.
    indices: Vec<usize>,
    /// Per position: whether the literal gate decides it.
    gated: Vec<bool>,
    /// The gate: every literal, matched ignoring ASCII case (one pass over the text; for
    /// literals of case-sensitive patterns this lets a few more files through to the regex).
    gate: Option<Gate>,
    /// The patterns in no glob's scope and with no gate: positions, searched as one set.
    ungated: Option<(Vec<usize>, RegexSet)>,
    /// Globs of every glob-scoped pattern, and for each glob the position it scopes.
    globs: GlobSet,
    glob_owner: Vec<usize>,
}

/// One automaton over the literals of many patterns, and for each literal the positions of
/// the patterns it gates.
struct Gate {
    automaton: AhoCorasick,
    owners: Vec<Vec<usize>>,
}

impl Gate {
    fn build(literals: Vec<(Vec<u8>, Vec<usize>)>) -> Option<Gate> {
        if literals.is_empty() {
            return None;
        }
        let (patterns, owners): (Vec<_>, Vec<_>) = literals.into_iter().unzip();
        // Every occurrence of every literal is reported (overlapping, standard semantics), so
        // a literal inside another is never hidden by it.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns)
            .ok()?;
        Some(Gate { automaton, owners })
    }

    /// Marks the positions whose literal occurs in `text`; stops once `left` reaches zero.
    fn mark(&self, text: &str, marked: &mut [bool], left: &mut usize) {
        for m in self.automaton.find_overlapping_iter(text) {
            for &p in &self.owners[m.pattern().as_usize()] {
                if !marked[p] {
                    marked[p] = true;
                    *left -= 1;
                }
            }
            if *left == 0 {
                return;
            }
        }
    }
}

impl Group {
    fn new(indices: Vec<usize>, patterns: &[Compiled]) -> Group {
        // Literal (lower case) → positions, in a stable order.
        let mut literals: Vec<(Vec<u8>, Vec<usize>)> = Vec::new();
        let mut seen: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut gated = vec![false; indices.len()];
        for (position, &i) in indices.iter().enumerate() {
            let Some(lits) = required_literals(patterns[i].regex.as_str()) else {
                continue;
            };
            gated[position] = true;
            for lit in lits {
                let bytes = lit.bytes.to_ascii_lowercase();
                let id = *seen.entry(bytes.clone()).or_insert_with(|| {
                    literals.push((bytes, Vec::new()));
                    literals.len() - 1
                });
                let owners = &mut literals[id].1;
                if owners.last() != Some(&position) {
                    owners.push(position);
                }
            }
        }
        let gate = Gate::build(literals);
        let ungated: Vec<usize> = (0..indices.len())
            .filter(|&p| !gated[p] && patterns[indices[p]].globs.is_none())
            .collect();
        let ungated = (!ungated.is_empty()).then(|| {
            // A set of many patterns needs more lazy-DFA cache than the default, or the
            // engine rebuilds states for every file.
            let set = regex::RegexSetBuilder::new(
                ungated.iter().map(|&p| patterns[indices[p]].regex.as_str()),
            )
            .dfa_size_limit(DFA_CACHE_BYTES)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
            (ungated, set)
        });
        let mut builder = GlobSetBuilder::new();
        let mut glob_owner = Vec::new();
        for (position, &i) in indices.iter().enumerate() {
            for g in &patterns[i].glob_list {
                builder.add(g.clone());
                glob_owner.push(position);
            }
        }
        Group {
            indices,
            gated,
            gate,
            ungated,
            globs: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            glob_owner,
        }
    }

    /// Per position: whether the gate lets the pattern through (one of its literals occurs).
    /// Positions without a gate are marked true.
    fn gate(&self, text: &str) -> Vec<bool> {
        let mut marked: Vec<bool> = self.gated.iter().map(|g| !g).collect();
        let mut left = self.gated.iter().filter(|g| **g).count();
        if let Some(gate) = &self.gate {
            if left > 0 {
                gate.mark(text, &mut marked, &mut left);
            }
        }
        marked
    }

    /// Whether each pattern (by position) can match the file; a pattern marked may still not.
    fn candidates(&self, path: &str, text: &str, patterns: &[Compiled]) -> Vec<bool> {
        let mut in_scope: Vec<bool> = self
            .indices
            .iter()
            .map(|&i| patterns[i].globs.is_none())
            .collect();
        if !self.glob_owner.is_empty() {
            for g in self.globs.matches(path) {
                in_scope[self.glob_owner[g]] = true;
            }
        }
        if !in_scope.iter().any(|s| *s) {
            return in_scope;
        }
        let mut set_says = vec![false; self.indices.len()];
        if let Some((positions, set)) = &self.ungated {
            for m in set.matches(text).iter() {
                set_says[positions[m]] = true;
            }
        }
        let gate_says = self.gate(text);
        in_scope
            .into_iter()
            .enumerate()
            .map(|(position, in_scope)| {
                in_scope
                    && if self.gated[position] {
                        gate_says[position]
                    } else if patterns[self.indices[position]].globs.is_some() {
                        // Scoped by glob: the file is in its scope, so search it.
                        true
                    } else {
                        set_says[position]
                    }
            })
            .collect()
    }
}

/// A group built the first time a file needs it: a tree holds a few of the languages the
/// target has patterns for, and building a group's automaton is the costly part of compiling.
struct LazyGroup {
    indices: Vec<usize>,
    group: std::sync::OnceLock<Group>,
}

impl LazyGroup {
    fn new(indices: Vec<usize>) -> LazyGroup {
        LazyGroup {
            indices,
            group: std::sync::OnceLock::new(),
        }
    }

    fn get(&self, patterns: &[Compiled]) -> &Group {
        self.group
            .get_or_init(|| Group::new(self.indices.clone(), patterns))
    }
}

impl std::fmt::Debug for PatternSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PatternSet({} patterns)", self.patterns.len())
    }
}

/// `\b` and `\B` as ASCII word boundaries. Unicode word boundaries make the regex engine
/// leave its fast automaton for a backtracking-free but slow one on any non-ASCII text (every
/// source tree has some), which cost minutes on a large tree; code identifiers are ASCII, so
/// the meaning is kept.
pub fn ascii_word_boundaries(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len() + 16);
    let mut chars = regex.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The identity of a pattern condition: the same regex over the same files is one pattern.
pub fn key(p: &PatternCondition) -> String {
    format!(
        "{}\u{0}{}\u{0}{}",
        p.regex,
        p.languages
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(","),
        p.globs
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(",")
    )
}

impl PatternSet {
    /// Compiles the target's patterns. The target was validated when loaded, so regexes and
    /// globs compile; one that does not is left out rather than stopping the run.
    pub fn compile(target: &Target) -> PatternSet {
        let conditions = target
            .leaf_conditions()
            .into_iter()
            .filter_map(|c| match c {
                Condition::Pattern(p) => Some(p),
                _ => None,
            });
        let mut keys = HashMap::new();
        let mut patterns = Vec::new();
        let mut languages: HashMap<String, Vec<usize>> = HashMap::new();
        let mut any = Vec::new();
        for p in conditions {
            let k = key(p);
            if keys.contains_key(&k) {
                continue;
            }
            let Ok(regex) = Regex::new(&format!("(?m){}", ascii_word_boundaries(&p.regex))) else {
                continue;
            };
            let glob_list: Vec<globset::Glob> = p
                .globs
                .iter()
                .filter_map(|g| crate::rules::target_glob(g))
                .collect();
            let globs = if p.globs.is_empty() {
                None
            } else {
                let mut b = GlobSetBuilder::new();
                for g in &glob_list {
                    b.add(g.clone());
                }
                b.build().ok()
            };
            let i = patterns.len();
            patterns.push(Compiled {
                regex,
                globs,
                glob_list,
            });
            keys.insert(k, i);
            if p.languages.is_empty() {
                any.push(i);
            } else {
                for l in &p.languages {
                    languages.entry(l.to_string()).or_default().push(i);
                }
            }
        }
        // A file is searched with one group: its language's patterns, then those of any language.
        let by_language = languages
            .into_iter()
            .map(|(l, mut indices)| {
                indices.extend(&any);
                (l, LazyGroup::new(indices))
            })
            .collect();
        let mut wanted = GlobSetBuilder::new();
        for &i in &any {
            for g in &patterns[i].glob_list {
                wanted.add(g.clone());
            }
        }
        let wanted = wanted.build().unwrap_or_else(|_| GlobSet::empty());
        let any_language = (!any.is_empty()).then(|| LazyGroup::new(any));
        PatternSet {
            keys,
            patterns,
            by_language,
            any_language,
            wanted,
        }
    }

    /// Whether a file that nothing else reads must be read for a pattern scoped by glob
    /// (a `*.prisma` schema, which no line counter knows).
    pub fn wants(&self, path: &str) -> bool {
        self.wanted.is_match(path)
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Index of a pattern condition, if it was compiled.
    pub fn index_of(&self, p: &PatternCondition) -> Option<usize> {
        self.keys.get(&key(p)).copied()
    }

    /// Searches one file's text.
    pub fn search(
        &self,
        path: &str,
        role: FileRole,
        language: Option<&str>,
        text: &str,
        hits: &mut Vec<PatternHit>,
    ) {
        let group = language
            .and_then(|l| self.by_language.get(l))
            .or(self.any_language.as_ref())
            .map(|g| g.get(&self.patterns));
        if let Some(group) = group {
            let candidate = group.candidates(path, text, &self.patterns);
            // Comments blanked out, once, and only when some pattern will run: a route in a
            // doc comment or a commented-out call is not code.
            let mut code: Option<std::borrow::Cow<'_, str>> = None;
            for (position, &i) in group.indices.iter().enumerate() {
                if !candidate[position] {
                    continue;
                }
                let code = code.get_or_insert_with(|| crate::text::mask_comments(language, text));
                let pattern = &self.patterns[i];
                for found in pattern.regex.find_iter(code).take(HITS_PER_FILE) {
                    // A match may begin with whitespace (`^\s*` crosses blank lines); the line
                    // that matters is the one where its text starts.
                    let matched = &code[found.start()..found.end()];
                    let skipped = matched.len() - matched.trim_start().len();
                    let start = if skipped < matched.len() {
                        found.start() + skipped
                    } else {
                        found.start()
                    };
                    let line = crate::text::line_of(text, start);
                    let (line_start, line_end) = crate::text::line_bounds(text, start);
                    let snippet: String = text[line_start..line_end]
                        .trim()
                        .chars()
                        .take(SNIPPET_CHARS)
                        .collect();
                    hits.push(PatternHit {
                        pattern: i,
                        evidence: Evidence::line(path, role, line)
                            .with_snippet(crate::text::redact(&snippet)),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_word_boundaries, required_literals, PatternSet};

    fn literals(regex: &str) -> Option<Vec<String>> {
        required_literals(regex).map(|set| {
            set.into_iter()
                .map(|l| String::from_utf8(l.bytes).unwrap())
                .collect()
        })
    }

    fn exact(words: &[&str]) -> Option<Vec<String>> {
        Some(words.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn required_literals_come_from_anywhere_in_the_pattern() {
        assert_eq!(
            literals(r"(?m)\bjwt\.Parse(WithClaims)?\("),
            exact(&["jwt.Parse(", "jwt.ParseWithClaims("])
        );
        // No prefix: the literal is inside, after `^\s*`.
        assert_eq!(literals(r"(?m)^\s*EXPOSE\s+\d"), exact(&["EXPOSE"]));
        // Alternatives join their own literals.
        assert_eq!(
            literals(r"(?m)^\s*(async )?def test_\w*\(|^\s*class Test\w*\(?"),
            exact(&["class Test", "def test_"])
        );
        // Optional parts multiply out while the set stays small.
        assert_eq!(
            literals(r"/(api/)?(health|livez)"),
            exact(&["/api/health", "/api/livez", "/health", "/livez"])
        );
        // Case-insensitive patterns are gated ignoring ASCII case.
        assert_eq!(
            literals(r"(?i)\bpass(word|wd)\w*\s*="),
            exact(&["passwd", "password"])
        );
        assert_eq!(literals(r"(?i)\b(s3|minio)\b"), exact(&["minio", "s3"]));
        // Nothing every match must contain, or only single bytes.
        assert_eq!(literals(r"\w+\s*="), None);
        assert_eq!(literals(r"[@#]\w"), None);
        assert_eq!(literals(r"a|\w+b"), None);
        assert_eq!(literals(r"(ab)*c"), None);
        // Hostile shapes stay bounded: many alternatives give up, deep nesting is read through.
        let many: Vec<String> = (0..5000).map(|i| format!("word{i}x")).collect();
        assert_eq!(literals(&many.join("|")), None);
        let deep = format!("{}needle{}", "(?:".repeat(200), ")".repeat(200));
        assert_eq!(literals(&deep), exact(&["needle"]));
        assert_eq!(literals(r"[\x{0}-\x{10FFFF}]{3}abc"), exact(&["abc"]));
        // An explicit class with a non-ASCII letter is not mistaken for a case-insensitive one.
        assert_eq!(literals(r"[aAé]bc"), exact(&["bc"]));
    }

    /// Every built-in pattern that matches a text is searched in it: the literal gate only
    /// ever skips patterns that cannot match. Checked on every text file of the examples and
    /// the sources, against every group, whatever language it is for, and on texts that spell
    /// the literals in other cases.
    #[test]
    fn the_literal_gate_never_skips_a_pattern_that_matches() {
        let set = PatternSet::compile(&crate::rules::builtin());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        let mut stack = vec![root.join("examples"), root.join("src"), root.join("tests")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push(text.to_uppercase());
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 200, "{} texts", texts.len());
        let groups: Vec<_> = (set.by_language.values().chain(&set.any_language))
            .map(|g| g.get(&set.patterns))
            .collect();
        let gated: usize = groups
            .iter()
            .map(|g| g.gated.iter().filter(|g| **g).count())
            .sum();
        let all: usize = groups.iter().map(|g| g.indices.len()).sum();
        assert!(
            gated * 10 >= all * 9,
            "only {gated} of {all} patterns gated"
        );
        let mut matched = 0;
        for text in &texts {
            for group in &groups {
                let through = group.gate(text);
                for (position, &i) in group.indices.iter().enumerate() {
                    if set.patterns[i].regex.is_match(text) {
                        matched += 1;
                        assert!(
                            through[position],
                            "{} matches but was skipped",
                            set.patterns[i].regex.as_str()
                        );
                    }
                }
            }
        }
        assert!(matched > 100, "{matched} matches: the check saw too few");
    }

    /// Files no line counter knows are read when an any-language pattern's glob names them:
    /// the combined glob set says so exactly when one of the patterns' own globs does.
    #[test]
    fn files_are_wanted_exactly_when_a_scoped_pattern_names_them() {
        let set = PatternSet::compile(&crate::rules::builtin());
        let any = set.any_language.as_ref().expect("any-language patterns");
        let by_pattern = |path: &str| {
            any.indices.iter().any(|&i| {
                set.patterns[i]
                    .globs
                    .as_ref()
                    .is_some_and(|g| g.is_match(path))
            })
        };
        let paths = [
            "prisma/schema.prisma",
            "db/migrations/0001_init.sql",
            "ops/scripts/db-restore",
            ".github/workflows/ci.yml",
            "src/main.rs",
            "README.md",
            "docs/DR.md",
            "notes.txt",
        ];
        let wanted: Vec<bool> = paths.iter().map(|p| set.wants(p)).collect();
        assert_eq!(wanted, paths.map(by_pattern));
        assert!(set.wants("prisma/schema.prisma"));
        assert!(!set.wants("notes.txt"));
    }

    #[test]
    fn word_boundaries_become_ascii_and_escapes_stay() {
        assert_eq!(ascii_word_boundaries(r"\bfoo\B"), r"(?-u:\b)foo(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"a\\b\.c\d"), r"a\\b\.c\d");
        let re = regex::Regex::new(&ascii_word_boundaries(r"\bpool_size\b")).unwrap();
        assert!(re.is_match("ünïcode; pool_size = 5"));
        assert!(!re.is_match("xpool_size"));
    }
}
