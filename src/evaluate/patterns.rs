//! Pattern conditions, compiled once per target and run on each file's text during the walk,
//! so the analysis reads every file once. Grouped per language: a file is only searched with
//! the patterns that name its language (or any language).

use std::collections::HashMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexSet};

use crate::facts::{Evidence, FileRole};
use crate::target::{Condition, PatternCondition, Target};

/// Lazy-DFA cache per compiled pattern set and search thread.
const DFA_CACHE_BYTES: usize = 64 << 20;

/// Matches kept per pattern and file; enough to show where, not a listing.
const HITS_PER_FILE: usize = 3;
/// Longest snippet kept of a matching line.
const SNIPPET_CHARS: usize = 160;

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
}

/// Every pattern condition of a target.
pub struct PatternSet {
    keys: HashMap<String, usize>,
    patterns: Vec<Compiled>,
    /// Per language (and `""` for patterns with no language): indices and a set to prefilter.
    by_language: HashMap<String, (Vec<usize>, RegexSet)>,
    any_language: Option<(Vec<usize>, RegexSet)>,
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
            let globs = if p.globs.is_empty() {
                None
            } else {
                let mut b = GlobSetBuilder::new();
                for g in &p.globs {
                    if let Ok(g) = GlobBuilder::new(g)
                        .case_insensitive(true)
                        .literal_separator(false)
                        .build()
                    {
                        b.add(g);
                    }
                }
                b.build().ok()
            };
            let i = patterns.len();
            patterns.push(Compiled { regex, globs });
            keys.insert(k, i);
            if p.languages.is_empty() {
                any.push(i);
            } else {
                for l in &p.languages {
                    languages.entry(l.clone()).or_default().push(i);
                }
            }
        }
        let set_of = |indices: &[usize]| {
            // A set of many patterns needs more lazy-DFA cache than the default, or the engine
            // rebuilds states for every file.
            regex::RegexSetBuilder::new(indices.iter().map(|&i| patterns[i].regex.as_str()))
                .dfa_size_limit(DFA_CACHE_BYTES)
                .build()
                .unwrap_or_else(|_| RegexSet::empty())
        };
        let by_language = languages
            .into_iter()
            .map(|(l, indices)| {
                let set = set_of(&indices);
                (l, (indices, set))
            })
            .collect();
        let any_language = (!any.is_empty()).then(|| {
            let set = set_of(&any);
            (any, set)
        });
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
        self.any_language.as_ref().is_some_and(|(indices, _)| {
            indices.iter().any(|&i| {
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
        for (indices, set) in groups {
            for m in set.matches(text).iter() {
                let i = indices[m];
                let pattern = &self.patterns[i];
                if let Some(globs) = &pattern.globs {
                    if !globs.is_match(path) {
                        continue;
                    }
                }
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
    use super::ascii_word_boundaries;

    #[test]
    fn word_boundaries_become_ascii_and_escapes_stay() {
        assert_eq!(ascii_word_boundaries(r"\bfoo\B"), r"(?-u:\b)foo(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"a\\b\.c\d"), r"a\\b\.c\d");
        let re = regex::Regex::new(&ascii_word_boundaries(r"\bpool_size\b")).unwrap();
        assert!(re.is_match("ünïcode; pool_size = 5"));
        assert!(!re.is_match("xpool_size"));
    }
}
