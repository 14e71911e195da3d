//! Conditions over the facts, evaluated to a level of support with the evidence behind it.

use crate::facts::{Evidence, FileRole, Inventory};
use crate::rules::Condition;
use crate::search::PatternSet;

/// How far a condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// No evidence.
    None,
    /// Evidence only in tests, fixtures, examples, docs, vendored or generated files, or in
    /// dev dependencies: never enough to be met.
    Weak,
    /// Holds for part of what it covers (some workloads, some images).
    Partial,
    /// Holds on implementation evidence.
    Full,
}

/// A condition's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub level: Level,
    /// Implementation evidence that supports it.
    pub support: Vec<Evidence>,
    /// Evidence in files that do not count as implementation.
    pub weak: Vec<Evidence>,
    /// Evidence against it (what a `not` found; what an infra check found lacking).
    pub against: Vec<Evidence>,
    /// Short sentences on what was checked, for the finding's explanation.
    pub details: Vec<String>,
    /// Whether the support is direct (files, components, infrastructure) rather than inferred
    /// from dependencies or text patterns.
    pub direct: bool,
    /// The check could not be made with the facts gapscope has.
    pub undecidable: Option<String>,
}

impl Outcome {
    pub(crate) fn none() -> Self {
        Outcome {
            level: Level::None,
            support: Vec::new(),
            weak: Vec::new(),
            against: Vec::new(),
            details: Vec::new(),
            direct: false,
            undecidable: None,
        }
    }

    fn from_evidence(support: Vec<Evidence>, weak: Vec<Evidence>, direct: bool) -> Self {
        let level = if !support.is_empty() {
            Level::Full
        } else if !weak.is_empty() {
            Level::Weak
        } else {
            Level::None
        };
        Outcome {
            level,
            support,
            weak,
            direct,
            ..Outcome::none()
        }
    }

    fn absorb(&mut self, other: Outcome) {
        self.support.extend(other.support);
        self.weak.extend(other.weak);
        self.against.extend(other.against);
        self.details.extend(other.details);
        self.direct |= other.direct;
        if self.undecidable.is_none() {
            self.undecidable = other.undecidable;
        }
    }
}

/// What conditions are evaluated against.
pub struct Facts<'a> {
    pub inventory: &'a Inventory,
    pub patterns: &'a PatternSet,
    pub files: FileMatches,
    /// The target's named conditions, each with its outcome once evaluated.
    pub named: Named<'a>,
    /// Shared libraries no component imports (root, label): code nothing runs, whose matches
    /// are weak evidence, never implementation.
    pub unused: Vec<(String, String)>,
}

/// Named conditions by name, with their outcomes computed on first use.
pub type Named<'a> =
    std::collections::BTreeMap<&'a str, (&'a Condition, std::sync::OnceLock<Outcome>)>;

/// The target's named conditions, none evaluated yet.
pub fn named(target: &crate::rules::Target) -> Named<'_> {
    target
        .conditions
        .iter()
        .map(|(k, c)| (k.as_str(), (c, std::sync::OnceLock::new())))
        .collect()
}

/// The files each `file:` condition of a target matches: every path is matched once against
/// the globs of all conditions together, instead of once per condition.
#[derive(Debug, Default)]
pub struct FileMatches {
    /// Condition key (its globs) → indices into the inventory's file list, in list order.
    by_condition: std::collections::HashMap<String, Vec<usize>>,
}

fn file_key(f: &crate::rules::FileCondition) -> String {
    let globs: Vec<&str> = f.globs.iter().map(|g| g.as_str()).collect();
    globs.join("\u{0}")
}

impl FileMatches {
    pub fn new(target: &crate::rules::Target, inventory: &Inventory) -> FileMatches {
        let conditions = target
            .leaf_conditions()
            .into_iter()
            .filter_map(|c| match c {
                Condition::File(f) => Some(f),
                _ => None,
            });
        let mut keys: Vec<String> = Vec::new();
        let mut builder = globset::GlobSetBuilder::new();
        let mut owner = Vec::new();
        for f in conditions {
            let key = file_key(f);
            if keys.contains(&key) {
                continue;
            }
            for g in &f.globs {
                if let Some(g) = crate::rules::target_glob(g) {
                    builder.add(g);
                    owner.push(keys.len());
                }
            }
            keys.push(key);
        }
        let set = builder
            .build()
            .unwrap_or_else(|_| globset::GlobSet::empty());
        let mut lists: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
        // Matched in parallel (a large tree has many paths), gathered in list order.
        let matched: Vec<Vec<usize>> = {
            use rayon::prelude::*;
            inventory
                .file_list
                .par_iter()
                .map(|file| set.matches(file.path.as_str()))
                .collect()
        };
        for (i, hits) in matched.iter().enumerate() {
            for &g in hits {
                let list = &mut lists[owner[g]];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        FileMatches {
            by_condition: keys.into_iter().zip(lists).collect(),
        }
    }
}

pub fn evaluate(c: &Condition, facts: &Facts<'_>) -> Outcome {
    match c {
        Condition::All(cs) => {
            let outcomes: Vec<Outcome> = cs.iter().map(|c| evaluate(c, facts)).collect();
            let levels: Vec<Level> = outcomes.iter().map(|o| o.level).collect();
            // A conjunction holds as far as its weakest part: one part with no evidence means
            // it does not hold (a requirement's `partial` condition says what counts as some).
            let level = levels.iter().copied().min().unwrap_or(Level::Full);
            let mut out = Outcome {
                level,
                ..Outcome::none()
            };
            for mut o in outcomes {
                if level == Level::None {
                    // What held is not support for something that does not hold.
                    o.support.clear();
                }
                out.absorb(o);
            }
            out
        }
        Condition::Any(cs) => {
            let mut out = Outcome::none();
            let mut best = Level::None;
            for c in cs {
                let o = evaluate(c, facts);
                best = best.max(o.level);
                out.absorb(o);
            }
            out.level = best;
            out
        }
        Condition::Not(c) => {
            let inner = evaluate(c, facts);
            let mut out = Outcome::none();
            match inner.level {
                Level::None | Level::Weak => {
                    out.level = Level::Full;
                    out.direct = true;
                    out.weak = inner.weak;
                }
                Level::Partial | Level::Full => {
                    out.level = Level::None;
                    out.against = inner.support;
                }
            }
            out.undecidable = inner.undecidable;
            out
        }
        Condition::File(f) => {
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            // Indexed with every condition of the target (`FileMatches::new`).
            let matched = facts.files.by_condition.get(&file_key(f));
            for &i in matched.into_iter().flatten() {
                let file = &facts.inventory.file_list[i];
                let ev =
                    Evidence::lines(&file.path, file.role, 1, file.lines.lines().max(1) as u32);
                if f.roles.contains(&file.role) {
                    support.push(ev);
                } else {
                    weak.push(ev);
                }
            }
            Outcome::from_evidence(support, weak, true)
        }
        Condition::Dependency(d) => {
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            for dep in &facts.inventory.dependencies {
                if !d.ecosystems.is_empty() && !d.ecosystems.contains(&dep.ecosystem) {
                    continue;
                }
                if !d.names.iter().any(|n| name_matches(n, &dep.name)) {
                    continue;
                }
                let ev = dep.evidence.clone().with_snippet(format!(
                    "{} {}{}",
                    dep.name,
                    dep.version.as_deref().unwrap_or(""),
                    if dep.dev { " (dev)" } else { "" }
                ));
                if !dep.dev && dep.evidence.role == FileRole::Source {
                    support.push(ev);
                } else {
                    weak.push(ev);
                }
            }
            Outcome::from_evidence(support, weak, false)
        }
        Condition::Component(k) => {
            let support = facts
                .inventory
                .components
                .iter()
                .filter(|c| k.kinds.contains(&c.kind) && c.evidence.role == FileRole::Source)
                .map(|c| {
                    c.evidence
                        .clone()
                        .with_snippet(format!("{} {}", c.kind, c.name))
                })
                .collect();
            let weak = facts
                .inventory
                .components
                .iter()
                .filter(|c| k.kinds.contains(&c.kind) && c.evidence.role != FileRole::Source)
                .map(|c| c.evidence.clone())
                .collect();
            Outcome::from_evidence(support, weak, true)
        }
        Condition::Pattern(p) => {
            let Some(index) = facts.patterns.index_of(p) else {
                return Outcome::none();
            };
            let hits = &facts.inventory.pattern_hits;
            let start = hits.partition_point(|h| h.pattern < index);
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            for hit in hits[start..].iter().take_while(|h| h.pattern == index) {
                let unused = facts
                    .unused
                    .iter()
                    .find(|(root, _)| crate::facts::is_under(&hit.evidence.path, root));
                if let Some((_, label)) = unused {
                    weak.push(hit.evidence.clone().with_snippet(format!(
                        "{} (in {label}, which no component imports)",
                        hit.evidence.snippet.as_deref().unwrap_or("").trim()
                    )));
                } else if p.roles.contains(&hit.evidence.role) {
                    support.push(hit.evidence.clone());
                } else {
                    weak.push(hit.evidence.clone());
                }
            }
            Outcome::from_evidence(support, weak, false)
        }
        Condition::Heading(h) => {
            let Some(re) = h.regex.compiled_ignoring_case() else {
                return Outcome::none();
            };
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            for doc in &facts.inventory.docs {
                let mut matching = doc
                    .headings
                    .iter()
                    .filter(|x| x.body >= h.min_lines && re.is_match(&x.text))
                    .peekable();
                if matching.peek().is_none() {
                    continue;
                }
                let role = crate::walk::classify::role_of_path(&doc.path);
                for heading in matching {
                    let ev = Evidence::line(&doc.path, role, heading.line)
                        .with_snippet(heading.text.clone());
                    if matches!(role, FileRole::Docs | FileRole::Source) {
                        support.push(ev);
                    } else {
                        weak.push(ev);
                    }
                }
            }
            Outcome::from_evidence(support, weak, true)
        }
        Condition::Infra(check) => super::infra::evaluate(check, facts),
        Condition::Code(check) => super::code::evaluate(check, facts),
        // Evaluated once per run, however many requirements use it (refs were checked when
        // the target was loaded; a name unknown here holds nowhere).
        Condition::Ref(r) => match facts.named.get(r.name()) {
            Some((c, cached)) => cached.get_or_init(|| evaluate(c, facts)).clone(),
            None => Outcome::none(),
        },
    }
}

/// Package name matching: exact (case-insensitive), or a prefix with a trailing `*`.
fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name
            .to_ascii_lowercase()
            .starts_with(&prefix.to_ascii_lowercase()),
        None => pattern.eq_ignore_ascii_case(name),
    }
}
