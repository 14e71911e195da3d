//! Pattern conditions, compiled once per target and run on each file's text during the walk,
//! so the analysis reads every file once. Grouped per language: a file is only searched with
//! the patterns that name its language (or any language).

use std::collections::HashMap;

use aho_corasick::packed::Searcher;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use crate::facts::{Evidence, FileRole};
use crate::target::{Condition, PatternCondition, Target};

/// Lazy-DFA cache per compiled pattern set and search thread.
const DFA_CACHE_BYTES: usize = 64 << 20;

/// Matches kept per pattern and file; enough to show where, not a listing.
const HITS_PER_FILE: usize = 3;
/// Longest snippet kept of a matching line.
const SNIPPET_CHARS: usize = 160;
/// Shortest literal worth gating a pattern on: shorter ones occur in nearly every file.
const MIN_GATE_LITERAL: usize = 3;

/// A pattern that matched a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternHit {
    /// Index of the pattern in its [`PatternSet`].
    pub pattern: usize,
    pub evidence: Evidence,
}

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
    by_language: HashMap<String, Group>,
    /// Patterns that name no language.
    any_language: Option<Group>,
}

/// Patterns searched together. Most patterns require one of a few literals (every match
/// starts or ends with one): a literal search, far faster than the regex, tells whether the
/// pattern can match at all. Patterns scoped by glob are only looked at in files they name.
struct Group {
    /// Pattern indices, in the order hits are reported.
    indices: Vec<usize>,
    /// Per position: the literals one of which every match contains, if known.
    gates: Vec<Option<Searcher>>,
    /// The patterns in no glob's scope and with no gate: positions, searched as one set.
    ungated: Option<(Vec<usize>, RegexSet)>,
    /// Globs of every glob-scoped pattern, and for each glob the position it scopes.
    globs: GlobSet,
    glob_owner: Vec<usize>,
}

/// Literals of which every match of `regex` contains one (as its start, or its end), if the
/// pattern has such a set and each is long enough to be rare.
fn required_literals(regex: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    let mut best: Option<Vec<Vec<u8>>> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let seq = Extractor::new().kind(kind).extract(&hir);
        let Some(literals) = seq.literals() else {
            continue;
        };
        let shortest = literals.iter().map(|l| l.as_bytes().len()).min();
        let Some(shortest) = shortest.filter(|&n| n >= MIN_GATE_LITERAL) else {
            continue;
        };
        let better = best
            .as_ref()
            .is_none_or(|b| b.iter().map(Vec::len).min().unwrap_or(0) < shortest);
        if better {
            best = Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect());
        }
    }
    best
}

impl Group {
    fn new(indices: Vec<usize>, patterns: &[Compiled]) -> Group {
        let gates = indices
            .iter()
            .map(|&i| {
                let literals = required_literals(patterns[i].regex.as_str())?;
                // Up to 64 literals are searched with SIMD (leftmost-first only); beyond that
                // the regex set is as fast.
                if literals.len() > 64 {
                    return None;
                }
                // Teddy (SIMD) only: the automaton's rare-byte prefilters verify too often.
                let mut b = aho_corasick::packed::Config::new().builder();
                b.extend(literals);
                b.build()
            })
            .collect::<Vec<_>>();
        let ungated: Vec<usize> = (0..indices.len())
            .filter(|&p| gates[p].is_none() && patterns[indices[p]].globs.is_none())
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
            gates,
            ungated,
            globs: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            glob_owner,
        }
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
        let mut set_says = vec![false; self.indices.len()];
        if let Some((positions, set)) = &self.ungated {
            for m in set.matches(text).iter() {
                set_says[positions[m]] = true;
            }
        }
        in_scope
            .into_iter()
            .enumerate()
            .map(|(position, in_scope)| {
                in_scope
                    && match &self.gates[position] {
                        Some(gate) => gate.find(text).is_some(),
                        // Scoped by glob: the file is in its scope, so search it.
                        None if patterns[self.indices[position]].globs.is_some() => true,
                        None => set_says[position],
                    }
            })
            .collect()
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
        p.languages.join(","),
        p.globs.join(",")
    )
}

fn collect<'a>(c: &'a Condition, out: &mut Vec<&'a PatternCondition>) {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| collect(c, out)),
        Condition::Not(c) => collect(c, out),
        Condition::Pattern(p) => out.push(p),
        _ => {}
    }
}

impl PatternSet {
    /// Compiles the target's patterns. The target was validated when loaded, so regexes and
    /// globs compile; one that does not is left out rather than stopping the run.
    pub fn compile(target: &Target) -> PatternSet {
        let mut conditions = Vec::new();
        for r in &target.requirements {
            for c in [Some(&r.met), r.partial.as_ref(), r.decidable_when.as_ref()]
                .into_iter()
                .flatten()
            {
                collect(c, &mut conditions);
            }
        }
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
                .filter_map(|g| {
                    GlobBuilder::new(g)
                        .case_insensitive(true)
                        .literal_separator(false)
                        .build()
                        .ok()
                })
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
                    languages.entry(l.clone()).or_default().push(i);
                }
            }
        }
        let by_language = languages
            .into_iter()
            .map(|(l, indices)| (l, Group::new(indices, &patterns)))
            .collect();
        let any_language = (!any.is_empty()).then(|| Group::new(any, &patterns));
        PatternSet {
            keys,
            patterns,
            by_language,
            any_language,
        }
    }

    /// Whether a file that nothing else reads must be read for a pattern scoped by glob
    /// (a `*.prisma` schema, which no line counter knows).
    pub fn wants(&self, path: &str) -> bool {
        self.any_language.as_ref().is_some_and(|group| {
            group.indices.iter().any(|&i| {
                self.patterns[i]
                    .globs
                    .as_ref()
                    .is_some_and(|g| g.is_match(path))
            })
        })
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
        let groups = language
            .and_then(|l| self.by_language.get(l))
            .into_iter()
            .chain(self.any_language.as_ref());
        for group in groups {
            let candidate = group.candidates(path, text, &self.patterns);
            for (position, &i) in group.indices.iter().enumerate() {
                if !candidate[position] {
                    continue;
                }
                let pattern = &self.patterns[i];
                for found in pattern.regex.find_iter(text).take(HITS_PER_FILE) {
                    // A match may begin with whitespace (`^\s*` crosses blank lines); the line
                    // that matters is the one where its text starts.
                    let matched = found.as_str();
                    let skipped = matched.len() - matched.trim_start().len();
                    let start = if skipped < matched.len() {
                        found.start() + skipped
                    } else {
                        found.start()
                    };
                    let line = crate::extract::line_of(text, start);
                    let line_start = text[..start].rfind('\n').map(|p| p + 1).unwrap_or(0);
                    let line_end = text[start..]
                        .find('\n')
                        .map(|p| start + p)
                        .unwrap_or(text.len());
                    let snippet: String = text[line_start..line_end]
                        .trim()
                        .chars()
                        .take(SNIPPET_CHARS)
                        .collect();
                    hits.push(PatternHit {
                        pattern: i,
                        evidence: Evidence::line(path, role, line)
                            .with_snippet(crate::facts::redact(&snippet)),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_word_boundaries, required_literals, PatternSet};

    #[test]
    fn required_literals_come_from_the_start_or_else_the_end() {
        let lits = required_literals(r"(?m)\bjwt\.Parse(WithClaims)?\(").unwrap();
        assert!(lits.iter().all(|l| l.starts_with(b"jwt.Parse")), "{lits:?}");
        // `^\s*` leaves no prefix; every match still ends with one of the module names.
        let lits = required_literals(r"(?m)^\s*(from|import) (jose|jwt)\b").unwrap();
        assert!(
            lits.iter()
                .all(|l| l.ends_with(b" jose") || l.ends_with(b" jwt")),
            "{lits:?}"
        );
        assert_eq!(required_literals(r"\w+\s*="), None);
        assert_eq!(
            required_literals(r"[@#]x"),
            None,
            "too short to be worth a gate"
        );
    }

    /// Every built-in pattern that matches a text is searched in it: the literal gate only
    /// ever skips patterns that cannot match. Checked on every text file of the examples and
    /// the sources, against every group, whatever language it is for.
    #[test]
    fn the_literal_gate_never_skips_a_pattern_that_matches() {
        let set = PatternSet::compile(&crate::target::builtin());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        let mut stack = vec![root.join("examples"), root.join("src"), root.join("tests")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 100, "{} texts", texts.len());
        let groups: Vec<_> = set.by_language.values().chain(&set.any_language).collect();
        let gated: usize = groups
            .iter()
            .map(|g| g.gates.iter().filter(|g| g.is_some()).count())
            .sum();
        let all: usize = groups.iter().map(|g| g.indices.len()).sum();
        assert!(gated * 3 >= all * 2, "only {gated} of {all} patterns gated");
        let mut matched = 0;
        for text in &texts {
            for group in &groups {
                for (position, &i) in group.indices.iter().enumerate() {
                    if set.patterns[i].regex.is_match(text) {
                        matched += 1;
                        assert!(
                            group.gates[position]
                                .as_ref()
                                .is_none_or(|gate| gate.find(text).is_some()),
                            "{} matches but was skipped",
                            set.patterns[i].regex.as_str()
                        );
                    }
                }
            }
        }
        assert!(matched > 100, "{matched} matches: the check saw too few");
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
