//! Verdicts: each claim against the repository — its files, the fact inventory and the
//! analysis `analyze` computes with the same target.
//!
//! The rules are conservative: a claim is contradicted only on direct evidence (a file that
//! is not there, a line count outside the tolerance, a requirement the analysis finds missing
//! or partial, a technology nothing in the repository mentions). What the repository cannot
//! show is unverifiable, never contradicted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

pub use crate::claims::{crd_regex, port_regex, route_regex};
use crate::claims::{last_static_segment, Claim, ClaimKind, Mark};
use crate::codes::Code;
use crate::facts::{Evidence, FileRole, Inventory};
use crate::results::{Analysis, Finding, Status};
use crate::rules::{Technology, Vocabulary};
use crate::text::normalize_words;
use crate::walk::classify::role_of_path;

/// Line counts within this share of the claimed count are confirmed …
pub const LINE_TOLERANCE_SHARE: f64 = 0.10;
/// … or within this many lines, whichever is larger.
pub const LINE_TOLERANCE_LINES: u64 = 10;
/// Percentages within this many points of gapscope's own completion are confirmed.
pub const PERCENT_TOLERANCE_POINTS: f64 = 15.0;

/// Files larger than this are not read to count lines.
const MAX_COUNT_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// False of this repository.
    Contradicted,
    /// True of this repository.
    Confirmed,
    /// Planned by the document, and already there: the plan is out of date.
    StalePlan,
    /// About another codebase the document names (a legacy system, a separate repository).
    OutOfScope,
    /// The files cannot decide it; the reason code says why.
    Unverifiable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Contradicted => "contradicted",
            Verdict::Confirmed => "confirmed",
            Verdict::StalePlan => "stale_plan",
            Verdict::OutOfScope => "out_of_scope",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

crate::display_via_as_str!(Verdict);

/// A claim with its verdict and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    pub verdict: Verdict,
    /// One sentence: why this verdict.
    pub reason: String,
    /// The reason's stable code (`docs/codes.md`): what tests and scripts match.
    pub code: Code,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Requirements the claim was matched to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
}

/// What claims are checked against.
pub struct Repository<'a> {
    pub root: &'a Path,
    /// How documents name the target's requirements, areas and technologies.
    pub vocabulary: &'a Vocabulary,
    pub inventory: &'a Inventory,
    pub analysis: &'a Analysis,
    /// Findings of the probe requirements (technologies, endpoints), by id.
    pub probes: BTreeMap<String, &'a Finding>,
    /// The checked document's own repository-relative path, if it lies inside the repository.
    pub document: Option<String>,
    /// Where the document speaks of another codebase, anywhere in it.
    pub document_cue: Option<String>,
    /// Directories paths are first resolved in: `--scope`, the document's own directory.
    pub scopes: Vec<String>,
    /// Languages (tokei's names) of the repository's files.
    languages: BTreeSet<String>,
    /// Each requirement's technologies.
    pub technologies: BTreeMap<String, &'a [Technology]>,
    files: BTreeSet<String>,
    dirs: BTreeSet<String>,
    /// Source files by directory name and file stem, built on first use.
    segments: std::sync::OnceLock<BTreeMap<String, Vec<String>>>,
}

/// How a path named in a document resolved in the repository.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// Found, at this repository-relative path; `how` says by which rule.
    Found {
        path: String,
        dir: bool,
        how: &'static str,
    },
    /// Several paths end with the name.
    Ambiguous(Vec<String>),
    NotFound,
}

impl<'a> Repository<'a> {
    pub fn new(
        root: &'a Path,
        vocabulary: &'a Vocabulary,
        inventory: &'a Inventory,
        analysis: &'a Analysis,
        probes: BTreeMap<String, &'a Finding>,
        document: Option<String>,
    ) -> Self {
        let mut files: BTreeSet<String> =
            inventory.file_list.iter().map(|f| f.path.clone()).collect();
        files.extend(inventory.skipped.iter().map(|s| s.path.clone()));
        let mut dirs = BTreeSet::new();
        for f in &files {
            let mut p = f.as_str();
            while let Some(i) = p.rfind('/') {
                p = &p[..i];
                if !dirs.insert(p.to_string()) {
                    break;
                }
            }
        }
        let languages = inventory
            .file_list
            .iter()
            .filter_map(|f| f.language.clone())
            .collect();
        let scopes = document
            .as_deref()
            .and_then(|d| d.rsplit_once('/'))
            .map(|(dir, _)| vec![dir.to_string()])
            .unwrap_or_default();
        Repository {
            root,
            vocabulary,
            inventory,
            analysis,
            probes,
            document,
            document_cue: None,
            technologies: BTreeMap::new(),
            scopes,
            languages,
            files,
            dirs,
            segments: std::sync::OnceLock::new(),
        }
    }

    /// Resolves a path as a document writes it. The rules, in order: the exact
    /// repository-relative path (also when .gitignore hid it from the walk); else the only
    /// file or directory whose path ends with it; several such paths make it ambiguous.
    pub fn resolve(&self, path: &str) -> Resolved {
        let path = path.trim_start_matches("./").trim_end_matches('/');
        let safe = !path.is_empty()
            && Path::new(path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Resolved::NotFound;
        }
        if self.files.contains(path) {
            return Resolved::Found {
                path: path.into(),
                dir: false,
                how: "exact path",
            };
        }
        if self.dirs.contains(path) {
            return Resolved::Found {
                path: path.into(),
                dir: true,
                how: "exact path",
            };
        }
        if let Ok(meta) = std::fs::symlink_metadata(self.root.join(path)) {
            return Resolved::Found {
                path: path.into(),
                dir: meta.is_dir(),
                how: "exact path (not read by the scan)",
            };
        }
        // Relative to the document's scope: `src/main.rs` of a document in `backend/`.
        for scope in &self.scopes {
            let inside = format!("{scope}/{path}");
            if self.files.contains(&inside) || self.dirs.contains(&inside) {
                return Resolved::Found {
                    dir: self.dirs.contains(&inside),
                    path: inside,
                    how: "relative to the document's directory",
                };
            }
        }
        let suffix = format!("/{path}");
        let mut matches: Vec<(String, bool)> = self
            .files
            .iter()
            .filter(|f| f.ends_with(&suffix))
            .map(|f| (f.clone(), false))
            .chain(
                self.dirs
                    .iter()
                    .filter(|d| d.ends_with(&suffix))
                    .map(|d| (d.clone(), true)),
            )
            .collect();
        match matches.len() {
            0 => Resolved::NotFound,
            1 => {
                let (path, dir) = matches.remove(0);
                Resolved::Found {
                    path,
                    dir,
                    how: "the only path ending with it",
                }
            }
            _ => Resolved::Ambiguous(matches.into_iter().map(|m| m.0).collect()),
        }
    }

    fn resolve_claimed(&self, path: &str, tree_root: Option<&str>) -> Resolved {
        let r = self.resolve(path);
        if r != Resolved::NotFound {
            return r;
        }
        // A tree's top directory may be the repository's own name (when it is no directory
        // of the repository).
        let root_is_here = tree_root.is_some_and(|root| self.resolve(root) != Resolved::NotFound);
        match tree_root
            .filter(|_| !root_is_here)
            .and_then(|root| path.strip_prefix(root))
        {
            Some(rest) if !rest.trim_matches('/').is_empty() => {
                self.resolve(rest.trim_matches('/'))
            }
            _ => r,
        }
    }

    /// The technologies of a requirement of the target.
    fn requirement_technologies(&self, id: &str) -> Option<&'a [Technology]> {
        self.technologies.get(id).copied()
    }

    /// The project a document inside a sub-directory is about: `--scope`, else its
    /// directory up to a `docs/`-like segment (`backend/docs/STATUS.md` → `backend`). None
    /// for a document at the top of the repository.
    pub fn project_dir(&self) -> Option<String> {
        let dir = self.scopes.first()?;
        let mut kept = Vec::new();
        for seg in dir.split('/') {
            if matches!(
                seg.to_ascii_lowercase().as_str(),
                "docs" | "doc" | "documentation" | "notes" | "reports" | "specs" | "spec" | "plans"
            ) {
                break;
            }
            kept.push(seg);
        }
        (!kept.is_empty()).then(|| kept.join("/"))
    }

    /// Physical lines of a file, or of every file under a directory.
    fn count_lines(&self, path: &str, dir: bool) -> Option<u64> {
        if !dir {
            return count_file_lines(self.root, path);
        }
        let prefix = format!("{path}/");
        let mut total = 0;
        for f in self.files.range(prefix.clone()..) {
            if !f.starts_with(&prefix) {
                break;
            }
            total += count_file_lines(self.root, f).unwrap_or(0);
        }
        Some(total)
    }
}

/// The bytes of the repository file at `rel`, if it is a regular file that stays inside the
/// root once links are resolved: a document citing a link to `/etc/shadow` learns nothing of it.
fn read_confined(root: &Path, rel: &str) -> Option<Vec<u8>> {
    let path = root.join(rel);
    if !crate::input::is_inside(root, &path) {
        return None;
    }
    crate::input::read(&path, MAX_COUNT_BYTES).ok()
}

fn count_file_lines(root: &Path, rel: &str) -> Option<u64> {
    read_confined(root, rel).map(|bytes| physical_lines(&bytes))
}

fn physical_lines(bytes: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    if bytes.last().is_some_and(|&b| b != b'\n') {
        newlines + 1
    } else {
        newlines
    }
}

/// The tolerance of a line-count claim.
pub fn line_tolerance(claimed: u64) -> u64 {
    ((claimed as f64 * LINE_TOLERANCE_SHARE).round() as u64).max(LINE_TOLERANCE_LINES)
}

fn whole_file(path: &str, lines: u64) -> Evidence {
    Evidence::lines(
        path,
        role_of_path(path),
        1,
        u32::try_from(lines.max(1)).unwrap_or(u32::MAX),
    )
}

fn checked(
    claim: &Claim,
    verdict: Verdict,
    code: Code,
    reason: String,
    evidence: Vec<Evidence>,
) -> CheckedClaim {
    CheckedClaim {
        claim: claim.clone(),
        verdict,
        reason,
        code,
        evidence,
        requirements: Vec::new(),
    }
}

/// Gives a claim its verdict.
pub fn check(claim: &Claim, repo: &Repository<'_>) -> CheckedClaim {
    match &claim.kind {
        ClaimKind::Path {
            path,
            dir,
            tree_root,
        } => check_path(claim, repo, path, *dir, tree_root.as_deref()),
        ClaimKind::LineCount { path, lines } => check_line_count(claim, repo, path, *lines),
        ClaimKind::FileLine {
            path,
            cited_line,
            cited_end,
            symbol,
        } => check_file_line(
            claim,
            repo,
            path,
            *cited_line,
            *cited_end,
            symbol.as_deref(),
        ),
        ClaimKind::Symbol { name } => check_code_symbol(claim, repo, name),
        ClaimKind::Count {
            count,
            noun,
            counted,
            path,
        } => check_count(claim, repo, *count, noun, *counted, path.as_deref()),
        ClaimKind::Status { item } => check_status(claim, repo, item),
        ClaimKind::Percent { label, percent } => check_percent(claim, repo, label, *percent),
        ClaimKind::MakeTarget { name } => check_make(claim, repo, name),
        ClaimKind::Endpoint { route } => check_endpoint(claim, repo, route),
        ClaimKind::Port { port } => {
            let id = port_probe_id(*port);
            check_probe(claim, repo, &id, &format!("port {port}"), true)
        }
        ClaimKind::Crd {
            resource_kind: kind,
        } => {
            let id = crd_probe_id(kind);
            // Documents name custom resources they plan as often as ones they have: only a
            // mark says which.
            check_probe(
                claim,
                repo,
                &id,
                &format!("custom resource kind {kind}"),
                false,
            )
        }
    }
}

fn check_path(
    claim: &Claim,
    repo: &Repository<'_>,
    path: &str,
    _dir: bool,
    tree_root: Option<&str>,
) -> CheckedClaim {
    let resolved = repo.resolve_claimed(path, tree_root);
    let (exists, found) = match &resolved {
        Resolved::Found { path, dir, how } => {
            let what = if *dir { "directory" } else { "file" };
            let evidence = if *dir {
                Vec::new()
            } else {
                vec![Evidence::lines(path.clone(), role_of_path(path), 1, 1)]
            };
            (true, (format!("{what} {path} exists ({how})"), evidence))
        }
        Resolved::Ambiguous(paths) => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PathAmbiguous,
                format!(
                    "ambiguous: {} paths end with it: {}",
                    paths.len(),
                    list(paths)
                ),
                Vec::new(),
            )
        }
        Resolved::NotFound => (
            false,
            (
                "no such file or directory in the repository".to_string(),
                Vec::new(),
            ),
        ),
    };
    let (reason, evidence) = found;
    if !exists {
        if let Some(out) = absent_elsewhere(claim, repo, path) {
            return out;
        }
    }
    // The top of a planned tree that is there is where the plan goes, not what it plans.
    if exists && claim.mark == Mark::Planned && tree_root == Some(path) {
        return checked(
            claim,
            Verdict::Confirmed,
            Code::PathExists,
            reason,
            evidence,
        );
    }
    let verdict = match (claim.mark, exists) {
        (Mark::Planned, true) => {
            return checked(
                claim,
                Verdict::StalePlan,
                Code::PlannedPresent,
                format!("planned, and already there: {reason}"),
                evidence,
            )
        }
        (Mark::Planned, false) => {
            return checked(
                claim,
                Verdict::Confirmed,
                Code::PlannedAbsent,
                "planned, and not there yet, as the document says".into(),
                evidence,
            )
        }
        (_, false) if claim.historical => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::CitationHistorical,
                "not in the repository; the document marks this finding fixed, which may have removed it".into(),
                evidence,
            )
        }
        (Mark::InPlan, false) => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PathInPlan,
                "not in the repository; the document names it in a plan or a gap without saying it exists".into(),
                evidence,
            )
        }
        (Mark::Missing, true) => Verdict::Contradicted,
        (Mark::Missing, false) => Verdict::Confirmed,
        (_, true) => Verdict::Confirmed,
        (_, false) => Verdict::Contradicted,
    };
    let code = if exists {
        Code::PathExists
    } else {
        Code::PathAbsent
    };
    checked(claim, verdict, code, reason, evidence)
}

/// A path the repository lacks that is not this repository's to have: the document ties it
/// to another codebase, or nothing of its kind is here at all while the document speaks of
/// another codebase somewhere.
fn absent_elsewhere(claim: &Claim, repo: &Repository<'_>, path: &str) -> Option<CheckedClaim> {
    if matches!(claim.mark, Mark::Missing) {
        return None;
    }
    if let Some(cue) = &claim.elsewhere {
        return Some(checked(
            claim,
            Verdict::OutOfScope,
            Code::PathElsewhere,
            format!("not in this repository, and {cue}: it belongs to another codebase"),
            Vec::new(),
        ));
    }
    // A kind of file the repository has none of, in a document that speaks of another
    // codebase somewhere (a port of a Java system cites `Frames.java`).
    let cue = repo.document_cue.as_ref()?;
    let ext = path
        .rsplit('/')
        .next()?
        .rsplit_once('.')?
        .1
        .to_ascii_lowercase();
    let language = tokei::LanguageType::from_file_extension(&ext)?.name();
    if repo.languages.contains(language) {
        return None;
    }
    Some(checked(
        claim,
        Verdict::OutOfScope,
        Code::PathForeignKind,
        format!("not in this repository, which has no {language} file at all, and {cue}: the document describes another codebase"),
        Vec::new(),
    ))
}

fn check_line_count(
    claim: &Claim,
    repo: &Repository<'_>,
    path: &str,
    claimed: u64,
) -> CheckedClaim {
    let tolerance = line_tolerance(claimed);
    match repo.resolve(path) {
        Resolved::Found { path, dir, .. } => match repo.count_lines(&path, dir) {
            Some(actual) => {
                let what = if dir {
                    "the files under it have"
                } else {
                    "it has"
                };
                let reason =
                    format!("{what} {actual} lines; claimed ~{claimed} (tolerance ±{tolerance})");
                let evidence = if dir {
                    Vec::new()
                } else {
                    vec![whole_file(&path, actual)]
                };
                let (verdict, code) = if actual.abs_diff(claimed) <= tolerance {
                    (Verdict::Confirmed, Code::LinesWithin)
                } else {
                    (Verdict::Contradicted, Code::LinesOutside)
                };
                checked(claim, verdict, code, reason, evidence)
            }
            None => checked(
                claim,
                Verdict::Unverifiable,
                Code::LinesUnreadable,
                format!("{path} could not be read to count its lines"),
                Vec::new(),
            ),
        },
        Resolved::Ambiguous(paths) => checked(
            claim,
            Verdict::Unverifiable,
            Code::PathAmbiguous,
            format!(
                "ambiguous: {} paths end with it: {}",
                paths.len(),
                list(&paths)
            ),
            Vec::new(),
        ),
        Resolved::NotFound => absent_elsewhere(claim, repo, path).unwrap_or_else(|| {
            checked(
                claim,
                Verdict::Contradicted,
                Code::LinesPathAbsent,
                format!("{path} does not exist, so it cannot have ~{claimed} lines"),
                Vec::new(),
            )
        }),
    }
}

fn check_file_line(
    claim: &Claim,
    repo: &Repository<'_>,
    path: &str,
    line: u32,
    end: Option<u32>,
    symbol: Option<&str>,
) -> CheckedClaim {
    let shown = match end {
        Some(e) => format!("{line}-{e}"),
        None => line.to_string(),
    };
    match repo.resolve(path) {
        Resolved::Found {
            path, dir: false, ..
        } => {
            let Some(bytes) = read_confined(repo.root, &path) else {
                return checked(
                    claim,
                    Verdict::Unverifiable,
                    Code::LineUnreadable,
                    format!(
                        "{path} cannot be read (it leads outside the repository, is not a regular file, or is too large)"
                    ),
                    Vec::new(),
                );
            };
            let lines = physical_lines(&bytes);
            let last = end.unwrap_or(line);
            if claim.historical && (line == 0 || u64::from(last) > lines) {
                return historical(claim, &path);
            }
            if line == 0 || u64::from(line) > lines {
                return checked(
                    claim,
                    Verdict::Contradicted,
                    Code::LinePastEnd,
                    format!("{path} has only {lines} lines; the document cites line {shown}"),
                    vec![whole_file(&path, lines)],
                );
            }
            if u64::from(last) > lines + u64::from(SYMBOL_SLACK) {
                return checked(
                    claim,
                    Verdict::Contradicted,
                    Code::RangePastEnd,
                    format!("{path} has only {lines} lines; the document cites lines {shown}"),
                    vec![whole_file(&path, lines)],
                );
            }
            let text = String::from_utf8_lossy(&bytes);
            let snippet_of = |n: u32| {
                text.lines()
                    .nth(n as usize - 1)
                    .map(|l| {
                        crate::text::redact(l.trim())
                            .chars()
                            .take(120)
                            .collect::<String>()
                    })
                    .unwrap_or_default()
            };
            if let Some(name) = symbol {
                let out = check_symbol(claim, &path, &text, line, last, name, &snippet_of);
                if claim.historical && out.code == Code::SymbolAbsent {
                    return historical(claim, &path);
                }
                return out;
            }
            if claim.historical {
                return historical(claim, &path);
            }
            let evidence = match end {
                Some(e) => Evidence::lines(path.clone(), role_of_path(&path), line, e),
                None => Evidence::line(path.clone(), role_of_path(&path), line),
            }
            .with_snippet(snippet_of(line));
            let (code, reason) = match end {
                Some(_) => (
                    Code::RangeWithin,
                    format!("{path} has lines {shown} ({lines} lines in all)"),
                ),
                None => (Code::LineExists, format!("{path} has a line {line}")),
            };
            checked(claim, Verdict::Confirmed, code, reason, vec![evidence])
        }
        Resolved::Found {
            path, dir: true, ..
        } => checked(
            claim,
            Verdict::Contradicted,
            Code::LineOnDirectory,
            format!("{path} is a directory"),
            Vec::new(),
        ),
        Resolved::Ambiguous(paths) => checked(
            claim,
            Verdict::Unverifiable,
            Code::PathAmbiguous,
            format!(
                "ambiguous: {} paths end with it: {}",
                paths.len(),
                list(&paths)
            ),
            Vec::new(),
        ),
        Resolved::NotFound => {
            if let Some(out) = absent_elsewhere(claim, repo, path) {
                return out;
            }
            if claim.historical {
                return historical(claim, path);
            }
            if matches!(claim.mark, Mark::Planned | Mark::InPlan) {
                return checked(
                    claim,
                    Verdict::Unverifiable,
                    Code::PathInPlan,
                    format!("{path} is not in the repository; the document names it in a plan"),
                    Vec::new(),
                );
            }
            checked(
                claim,
                Verdict::Contradicted,
                Code::LinePathAbsent,
                format!("{path} does not exist"),
                Vec::new(),
            )
        }
    }
}

fn historical(claim: &Claim, path: &str) -> CheckedClaim {
    checked(
        claim,
        Verdict::Unverifiable,
        Code::CitationHistorical,
        format!("the document marks this finding fixed: it cites {path} as it was before the fix"),
        Vec::new(),
    )
}

/// Lines either side of a cited line where the name it cites still counts as there.
pub const SYMBOL_SLACK: u32 = 3;

/// The name the document says is at `line..=last` of the file.
fn check_symbol(
    claim: &Claim,
    path: &str,
    text: &str,
    line: u32,
    last: u32,
    name: &str,
    snippet_of: &dyn Fn(u32) -> String,
) -> CheckedClaim {
    let from = line.saturating_sub(SYMBOL_SLACK).max(1);
    let to = last.saturating_add(SYMBOL_SLACK);
    let mut near = None;
    let mut elsewhere = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let n = i as u32 + 1;
        if !has_word(l, name) {
            continue;
        }
        if (from..=to).contains(&n) {
            near = Some(n);
            break;
        }
        if elsewhere.len() < 3 {
            elsewhere.push(n);
        }
    }
    let role = role_of_path(path);
    match near {
        Some(n) => checked(
            claim,
            Verdict::Confirmed,
            Code::SymbolAtLine,
            format!("`{name}` is at {path}:{n}"),
            vec![Evidence::line(path.to_string(), role, n).with_snippet(snippet_of(n))],
        ),
        None if !elsewhere.is_empty() => checked(
            claim,
            Verdict::Contradicted,
            Code::SymbolElsewhere,
            format!(
                "`{name}` is not at line {line} of {path} (±{SYMBOL_SLACK}) but at line {}",
                elsewhere
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            elsewhere
                .iter()
                .map(|n| Evidence::line(path.to_string(), role, *n).with_snippet(snippet_of(*n)))
                .collect(),
        ),
        None => checked(
            claim,
            Verdict::Contradicted,
            Code::SymbolAbsent,
            format!("`{name}` is nowhere in {path}"),
            vec![Evidence::line(path.to_string(), role, line).with_snippet(snippet_of(line))],
        ),
    }
}

/// Whether `word` occurs in `line` as a whole identifier.
fn has_word(line: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(i, _)| {
        !line[..i].chars().next_back().is_some_and(ident)
            && !line[i + word.len()..].chars().next().is_some_and(ident)
    })
}

/// Counts: files under a directory exactly; routes and tests against gapscope's own
/// reading, which confirms but never accuses (it may miss a framework's routes); the rest is
/// not counted.
fn check_count(
    claim: &Claim,
    repo: &Repository<'_>,
    count: u64,
    noun: &str,
    counted: crate::claims::Counted,
    path: Option<&str>,
) -> CheckedClaim {
    use crate::claims::Counted;
    let tolerance = |n: u64| ((n as f64 * 0.10).round() as u64).max(1);
    match counted {
        Counted::Files => {
            let Some(dir) = path else {
                return uncounted(claim, noun);
            };
            let dir = match repo.resolve(dir) {
                Resolved::Found {
                    path, dir: true, ..
                } => path,
                _ => return uncounted(claim, noun),
            };
            let prefix = format!("{dir}/");
            let test_only = noun.contains("test");
            let actual = repo
                .files
                .range(prefix.clone()..)
                .take_while(|f| f.starts_with(&prefix))
                .filter(|f| !test_only || role_of_path(f) == FileRole::Test)
                .count() as u64;
            let (verdict, code) = if actual.abs_diff(count) <= tolerance(count) {
                (Verdict::Confirmed, Code::CountWithin)
            } else {
                (Verdict::Contradicted, Code::CountOutside)
            };
            checked(
                claim,
                verdict,
                code,
                format!("{dir} holds {actual} {noun}; the document says {count}"),
                Vec::new(),
            )
        }
        Counted::Routes => {
            let actual = repo.inventory.code.routes.len() as u64;
            if actual > 0 && actual.abs_diff(count) <= tolerance(count) {
                checked(
                    claim,
                    Verdict::Confirmed,
                    Code::CountWithin,
                    format!("gapscope reads {actual} HTTP routes; the document says {count}"),
                    Vec::new(),
                )
            } else {
                checked(
                    claim,
                    Verdict::Unverifiable,
                    Code::CountDiffers,
                    format!("gapscope reads {actual} HTTP routes, the document says {count}; its reading of routes may be incomplete"),
                    Vec::new(),
                )
            }
        }
        Counted::Tests | Counted::Other => uncounted(claim, noun),
    }
}

fn uncounted(claim: &Claim, noun: &str) -> CheckedClaim {
    checked(
        claim,
        Verdict::Unverifiable,
        Code::CountUncounted,
        format!("gapscope does not count {noun}"),
        Vec::new(),
    )
}

fn check_make(claim: &Claim, repo: &Repository<'_>, name: &str) -> CheckedClaim {
    let targets = &repo.inventory.infra.make_targets;
    let found: Vec<Evidence> = targets
        .iter()
        .filter(|t| t.name == name)
        .map(|t| t.evidence.clone())
        .collect();
    let reason = if !found.is_empty() {
        format!("Make target `{name}` is defined")
    } else if targets.is_empty() {
        format!("no Makefile with targets in the repository, so no `{name}`")
    } else {
        format!("no Make target `{name}` among {} targets", targets.len())
    };
    let exists = !found.is_empty();
    let verdict = match claim.mark {
        Mark::Planned => Verdict::Unverifiable,
        Mark::Missing => {
            if exists {
                Verdict::Contradicted
            } else {
                Verdict::Confirmed
            }
        }
        _ => {
            if exists {
                Verdict::Confirmed
            } else {
                Verdict::Contradicted
            }
        }
    };
    let code = if exists {
        Code::MakeTargetDefined
    } else {
        Code::MakeTargetAbsent
    };
    checked(claim, verdict, code, reason, found)
}

fn check_endpoint(claim: &Claim, repo: &Repository<'_>, route: &str) -> CheckedClaim {
    let full = repo.probes.get(&endpoint_probe_id(route));
    let found: Vec<Evidence> = full.map(|f| f.evidence.clone()).unwrap_or_default();
    if !found.is_empty() {
        let verdict = match claim.mark {
            Mark::Missing => Verdict::Contradicted,
            Mark::Planned => Verdict::Unverifiable,
            _ => Verdict::Confirmed,
        };
        return checked(
            claim,
            verdict,
            Code::RouteFound,
            format!("route {route} appears in implementation code"),
            found,
        );
    }
    // Routes are often composed from a prefix and a path; only when not even the last
    // segment appears in code is the route said to be absent.
    let segment = repo.probes.get(&segment_probe_id(route));
    let segment_seen = segment.is_some_and(|f| !f.evidence.is_empty());
    let segment_name = last_static_segment(route).unwrap_or_default();
    if segment_seen || claim.mark == Mark::Planned {
        let (code, reason) = if segment_seen {
            (Code::RouteSegmentOnly, format!("the full route is not written anywhere, but `{segment_name}` appears in code (the route may be composed)"))
        } else {
            (Code::RoutePlanned, "planned; not in code yet".into())
        };
        return checked(
            claim,
            Verdict::Unverifiable,
            code,
            reason,
            segment.map(|f| f.evidence.clone()).unwrap_or_default(),
        );
    }
    let verdict = if claim.mark == Mark::Missing {
        Verdict::Confirmed
    } else {
        Verdict::Contradicted
    };
    checked(
        claim,
        verdict, Code::RouteAbsent,
        format!("neither the route nor its last segment `{segment_name}` appears in implementation code"),
        Vec::new(),
    )
}

/// A port or CRD kind: found in implementation files (code, manifests, configuration) or not.
fn check_probe(
    claim: &Claim,
    repo: &Repository<'_>,
    id: &str,
    what: &str,
    mention_claims_existence: bool,
) -> CheckedClaim {
    let found: Vec<Evidence> = repo
        .probes
        .get(id)
        .map(|f| f.evidence.clone())
        .unwrap_or_default();
    let exists = !found.is_empty();
    let reason = if exists {
        format!("{what} appears in implementation files")
    } else {
        format!("{what} appears in no code, manifest or configuration file")
    };
    let verdict = match (claim.mark, exists) {
        (Mark::Planned, _) => Verdict::Unverifiable,
        (Mark::Mentioned, _) if !mention_claims_existence => Verdict::Unverifiable,
        (Mark::Missing, true) => Verdict::Contradicted,
        (Mark::Missing, false) => Verdict::Confirmed,
        (_, true) => Verdict::Confirmed,
        (_, false) => Verdict::Contradicted,
    };
    let code = if exists {
        Code::ProbeFound
    } else {
        Code::ProbeAbsent
    };
    checked(claim, verdict, code, reason, found)
}

/// Id of the probe requirement that searches for a port number.
pub fn port_probe_id(port: u16) -> String {
    format!("verify.port.{port}")
}

/// Id of the probe requirement that searches for a custom resource kind.
pub fn crd_probe_id(kind: &str) -> String {
    format!("verify.crd.{}", probe_slug(kind))
}

/// Id of the probe requirement that searches code for a route.
pub fn endpoint_probe_id(route: &str) -> String {
    format!("verify.route.{}", probe_slug(route))
}

/// Id of the probe requirement that searches code for a route's last static segment.
pub fn segment_probe_id(route: &str) -> String {
    format!("verify.route-segment.{}", probe_slug(route))
}

/// Id of the probe requirement that searches code for a name.
pub fn symbol_probe_id(name: &str) -> String {
    format!("verify.symbol.{}", probe_slug(name))
}

/// A name of code the document gives: written in code, tests or examples, or not.
fn check_code_symbol(claim: &Claim, repo: &Repository<'_>, name: &str) -> CheckedClaim {
    if !repo.probes.contains_key(&symbol_probe_id(name)) {
        return checked(
            claim,
            Verdict::Unverifiable,
            Code::SymbolNotSearched,
            format!(
                "`{name}` was not searched: the document names more than {} things to look for",
                crate::verify::MAX_PROBES
            ),
            Vec::new(),
        );
    }
    let found: Vec<Evidence> = repo
        .probes
        .get(&symbol_probe_id(name))
        .map(|f| {
            f.evidence
                .iter()
                .filter(|e| Some(&e.path) != repo.document.as_ref())
                .take(3)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let exists = !found.is_empty();
    let (verdict, code, reason) = match (claim.mark, exists) {
        (Mark::Planned, true) => (Verdict::StalePlan, Code::SymbolPlannedPresent, format!("planned, and `{name}` is already in the code")),
        (Mark::Planned, false) => (Verdict::Confirmed, Code::SymbolNotInCode, format!("planned, and `{name}` is not in the code yet")),
        (Mark::Missing, true) => (Verdict::Contradicted, Code::SymbolInCode, format!("`{name}` is in the code")),
        (Mark::Missing, false) => (Verdict::Confirmed, Code::SymbolNotInCode, format!("`{name}` is in no code, test or example")),
        (_, true) => (Verdict::Confirmed, Code::SymbolInCode, format!("`{name}` is in the code")),
        (Mark::InPlan, false) => (Verdict::Unverifiable, Code::SymbolNotInCode, format!("`{name}` is in no code; the document names it in a plan or a gap")),
        (_, false) if claim.historical => (Verdict::Unverifiable, Code::CitationHistorical, format!("`{name}` is in no code now; the document marks this finding fixed, which may have removed it")),
        (_, false) if claim.elsewhere.is_some() => (Verdict::OutOfScope, Code::SymbolNotInCode, format!("`{name}` is in no code here, and {}", claim.elsewhere.as_deref().unwrap_or_default())),
        (_, false) if repo.document_cue.is_some() => (Verdict::Unverifiable, Code::SymbolNotInCode, format!("`{name}` is in no code here, and the document speaks of another codebase: it may be that one's")),
        (_, false) => (Verdict::Contradicted, Code::SymbolNotInCode, format!("`{name}` is in no code, test or example of the repository")),
    };
    checked(claim, verdict, code, reason, found)
}

/// Id of the probe requirement that searches code for the words of a requirement's phrase.
pub fn phrase_probe_id(phrase: &str) -> String {
    format!("verify.phrase.{}", probe_slug(phrase))
}

/// A requirement's phrase as code writes it: each word's stem, joined by at most two
/// separators, ignoring case (`rate limiting` → `rate_limit`, `RateLimiter`).
pub fn phrase_regex(phrase: &str) -> Option<String> {
    let stems: Vec<String> = phrase
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            let stem = ["ings", "ing", "ion", "ed", "es", "s"]
                .iter()
                .find_map(|suf| w.strip_suffix(suf).filter(|st| st.chars().count() >= 3))
                .unwrap_or(w);
            regex::escape(stem)
        })
        .filter(|w| !w.is_empty())
        .collect();
    if stems.is_empty() || stems.iter().map(|s| s.len()).sum::<usize>() < 3 {
        return None;
    }
    Some(format!("(?i){}", stems.join(r"[\W_]{0,2}")))
}

/// Id of the probe requirement that looks for a technology.
pub fn technology_probe_id(name: &str) -> String {
    format!("verify.technology.{}", probe_slug(name))
}

fn probe_slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn check_percent(claim: &Claim, repo: &Repository<'_>, label: &str, claimed: f64) -> CheckedClaim {
    let area = area_of_label(repo.vocabulary, label);
    let (name, computed) = match area {
        AreaMatch::Overall => ("overall".to_string(), repo.analysis.completion.percent),
        AreaMatch::Area(ref a) => {
            let summary = repo.analysis.areas.iter().find(|s| &s.area == a);
            match summary {
                Some(s) => (a.to_string(), s.completion),
                None => {
                    return checked(
                        claim,
                        Verdict::Unverifiable,
                        Code::PercentNoArea,
                        format!("the target has no area `{a}`"),
                        Vec::new(),
                    )
                }
            }
        }
        AreaMatch::None if label.is_empty() => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PercentNoArea,
                "the percentage names no area".into(),
                Vec::new(),
            )
        }
        AreaMatch::None => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PercentNoArea,
                format!("`{label}` is not an area gapscope computes completion for"),
                Vec::new(),
            )
        }
        AreaMatch::Ambiguous(areas) => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PercentAmbiguousArea,
                format!("`{label}` spans several areas ({})", areas.join(", ")),
                Vec::new(),
            )
        }
    };
    let Some(computed) = computed else {
        return checked(
            claim,
            Verdict::Unverifiable,
            Code::PercentUndecided,
            format!("nothing in {name} could be decided from the repository"),
            Vec::new(),
        );
    };
    let (verdict, code) = if (computed - claimed).abs() <= PERCENT_TOLERANCE_POINTS {
        (Verdict::Confirmed, Code::PercentWithin)
    } else {
        (Verdict::Contradicted, Code::PercentOutside)
    };
    let mut out = checked(
        claim,
        verdict,
        code,
        format!(
            "gapscope computes {computed}% for {name}; claimed {claimed}% (tolerance ±{PERCENT_TOLERANCE_POINTS} points)"
        ),
        Vec::new(),
    );
    if let AreaMatch::Area(a) = area {
        out.requirements = repo
            .analysis
            .findings
            .iter()
            .filter(|f| f.area == a && matches!(f.status, Status::Missing | Status::Partial))
            .map(|f| format!("{} ({})", f.requirement, f.status))
            .collect();
    }
    out
}

enum AreaMatch {
    Overall,
    Area(String),
    Ambiguous(Vec<String>),
    None,
}

/// Labels that stand for the whole system.
const OVERALL_WORDS: &[&str] = &[
    "overall",
    "total",
    "code",
    "implementation",
    "status",
    "overall status",
    "project",
    "completed",
    "overall implementation status",
    "implementation status",
    "overall completion",
    "completion",
];

fn area_of_label(vocabulary: &Vocabulary, label: &str) -> AreaMatch {
    let norm = normalize_words(label);
    let norm = norm.trim();
    if norm.is_empty() {
        return AreaMatch::None;
    }
    if OVERALL_WORDS.contains(&norm) {
        return AreaMatch::Overall;
    }
    // The label must name the area itself ("Security", "Caching layer"), not a thing in it
    // ("API Endpoints", "Database Drivers").
    const AREA_SUFFIXES: &[&str] = &[
        "layer",
        "area",
        "status",
        "completion",
        "coverage",
        "readiness",
        "gateway",
    ];
    let mut hits: Vec<String> = Vec::new();
    let parts = std::iter::once(label).chain(
        label
            .split(['&', '/', ',', '+'])
            .flat_map(|p| p.split(" and ")),
    );
    for part in parts {
        let part = normalize_words(part);
        let mut core = part.trim().to_string();
        while let Some((head, last)) = core.rsplit_once(' ') {
            if AREA_SUFFIXES.contains(&last) {
                core = head.to_string();
            } else {
                break;
            }
        }
        for a in vocabulary.areas_named(&core) {
            if vocabulary.area_is_named_by(a, &core) && !hits.iter().any(|h| h == a) {
                hits.push(a.to_string());
            }
        }
    }
    match hits.len() {
        0 => AreaMatch::None,
        1 => AreaMatch::Area(hits.into_iter().next().unwrap_or_default()),
        _ => AreaMatch::Ambiguous(hits),
    }
}

/// Directory names too common to say which part of a system an item is about.
const GENERIC_SEGMENTS: &[&str] = &[
    "src",
    "lib",
    "app",
    "apps",
    "api",
    "docs",
    "doc",
    "test",
    "tests",
    "config",
    "configs",
    "scripts",
    "services",
    "service",
    "internal",
    "pkg",
    "cmd",
    "main",
    "deploy",
    "data",
    "examples",
    "example",
    "build",
    "tools",
    "utils",
    "common",
    "shared",
    "core",
    "base",
    "index",
    "init",
    "types",
    "models",
    "server",
    "client",
    "default",
    "all",
    "every",
    "with",
    "from",
    "into",
    "that",
    "this",
    "have",
    "uses",
    "used",
    "added",
    "created",
    "configured",
];

fn check_status(claim: &Claim, repo: &Repository<'_>, item: &str) -> CheckedClaim {
    let mark = claim.mark;
    // A named technology that nothing in the repository mentions settles a "done" claim.
    if matches!(mark, Mark::Done | Mark::Partial) {
        let absent: Vec<&str> = repo
            .vocabulary
            .technologies_in(item)
            .into_iter()
            .filter(|t| !technology_present(repo, t))
            .map(|t| t.name.as_str())
            .collect();
        if !absent.is_empty() {
            return checked(
                claim,
                Verdict::Contradicted,
                Code::TechnologyAbsent,
                format!(
                    "{} {} not mentioned anywhere in the repository outside documentation",
                    absent.join(", "),
                    if absent.len() == 1 { "is" } else { "are" }
                ),
                Vec::new(),
            );
        }
    }
    let ids = repo.vocabulary.requirements_for(item);
    let findings: Vec<&Finding> = ids
        .iter()
        .filter_map(|id| repo.analysis.findings.iter().find(|f| f.requirement == *id))
        .collect();
    let mut out = if findings.is_empty() {
        checked(
            claim,
            Verdict::Unverifiable,
            Code::StatusUnmatched,
            "the item matches no requirement gapscope checks".into(),
            Vec::new(),
        )
    } else {
        status_verdict(claim, repo, item, &findings)
    };
    out.requirements = findings
        .iter()
        .map(|f| format!("{} ({})", f.requirement, f.status))
        .collect();
    out
}

fn status_verdict(
    claim: &Claim,
    repo: &Repository<'_>,
    item: &str,
    findings: &[&Finding],
) -> CheckedClaim {
    let decided: Vec<&&Finding> = findings
        .iter()
        // What cannot be decided, and what does not concern the system, weighs no mark.
        .filter(|f| !matches!(f.status, Status::Unknown | Status::NotApplicable))
        .collect();
    let names = |fs: &[&&Finding]| {
        fs.iter()
            .map(|f| format!("{} is {}", f.requirement, f.status))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let evidence = |fs: &[&&Finding]| -> Vec<Evidence> {
        let mut e: Vec<Evidence> = fs
            .iter()
            .flat_map(|f| f.evidence.iter().chain(&f.weak_evidence).chain(&f.against))
            .take(6)
            .cloned()
            .collect();
        e.sort();
        e.dedup();
        e
    };
    if decided.is_empty() {
        return checked(
            claim,
            Verdict::Unverifiable,
            Code::StatusUndecidable,
            format!(
                "cannot be decided from the repository ({})",
                names(&findings.iter().collect::<Vec<_>>())
            ),
            Vec::new(),
        );
    }
    let all = |s: Status| decided.iter().all(|f| f.status == s);
    let any = |s: Status| decided.iter().any(|f| f.status == s);
    let (verdict, why) = match claim.mark {
        Mark::Done if all(Status::Met) => {
            // An item about one part of the system ("the rollback route uses structured
            // logging") is only confirmed by evidence in that part.
            if let Some((subject, paths)) = subject_of(item, repo, findings) {
                let inside: Vec<&&Finding> = decided
                    .iter()
                    .copied()
                    .filter(|f| f.evidence.iter().any(|e| paths.contains(&e.path)))
                    .collect();
                if inside.len() < decided.len() {
                    let elsewhere: Vec<&&Finding> = decided.to_vec();
                    return checked(
                        claim,
                        Verdict::Unverifiable, Code::StatusElsewhere,
                        format!(
                            "{}, but none of its evidence is in {} (the part the item names: `{subject}`)",
                            names(&decided),
                            list(&paths.iter().cloned().collect::<Vec<_>>())
                        ),
                        evidence(&elsewhere),
                    );
                }
            }
            (Verdict::Confirmed, names(&decided))
        }
        // gapscope's own reading of a requirement can miss what a repository does its own
        // way; it accuses only when nothing of what the item names is there at all.
        Mark::Done if all(Status::Missing) && !phrase_in_code(repo, item, &decided) => {
            (Verdict::Contradicted, names(&decided))
        }
        // "… for all services" while gapscope finds it in some services only.
        Mark::Done if any(Status::Partial) && universal(item) => (
            Verdict::Contradicted,
            format!("{}: not everywhere, as the item says", names(&decided)),
        ),
        Mark::Done => (
            Verdict::Unverifiable,
            format!(
                "{}; gapscope's reading may miss how this repository does it",
                names(&decided)
            ),
        ),
        Mark::Missing if all(Status::Missing) => (Verdict::Confirmed, names(&decided)),
        Mark::Missing if any(Status::Met) && met_in_scope(repo, &decided) => {
            (Verdict::Contradicted, names(&decided))
        }
        Mark::Missing => (
            Verdict::Unverifiable,
            format!(
                "part of it exists, or outside the part the document is about: {}",
                names(&decided)
            ),
        ),
        Mark::Partial if all(Status::Missing) && !phrase_in_code(repo, item, &decided) => (
            Verdict::Contradicted,
            format!("nothing of it exists: {}", names(&decided)),
        ),
        Mark::Partial if any(Status::Partial) => (Verdict::Confirmed, names(&decided)),
        Mark::Partial => (Verdict::Unverifiable, names(&decided)),
        Mark::Planned => (
            Verdict::Unverifiable,
            format!("planned; today {}", names(&decided)),
        ),
        Mark::Mentioned | Mark::InPlan => (Verdict::Unverifiable, names(&decided)),
    };
    let code = match verdict {
        Verdict::Confirmed => Code::StatusAgrees,
        Verdict::Contradicted => Code::StatusDisagrees,
        _ => Code::StatusUndecided,
    };
    checked(claim, verdict, code, why, evidence(&decided))
}

/// An item that says it holds everywhere: "for all services", "across services", "every".
fn universal(item: &str) -> bool {
    normalize_words(item)
        .split(' ')
        .any(|w| matches!(w, "all" | "every" | "each" | "across" | "everywhere"))
}

/// Whether code or tests write what the item names: the words of a requirement phrase it
/// names, one of its own longer words, or a technology of those requirements. True when
/// nothing could be searched: only a search that finds nothing accuses.
fn phrase_in_code(repo: &Repository<'_>, item: &str, findings: &[&&Finding]) -> bool {
    let seen = |id: &str| {
        repo.probes.get(id).is_some_and(|f| {
            f.evidence
                .iter()
                .chain(&f.weak_evidence)
                .any(|e| e.role != FileRole::Docs && Some(&e.path) != repo.document.as_ref())
        })
    };
    let mut searched = false;
    for (_, phrase) in repo.vocabulary.phrases_in(item) {
        if repo.probes.contains_key(&phrase_probe_id(phrase)) {
            searched = true;
            if seen(&phrase_probe_id(phrase)) {
                return true;
            }
        }
    }
    for word in item_words(item) {
        if seen(&word_probe_id(&word)) {
            return true;
        }
    }
    let technologies = findings
        .iter()
        .filter_map(|f| repo.requirement_technologies(&f.requirement))
        .flatten();
    for t in technologies {
        if technology_present(repo, t) {
            return true;
        }
    }
    !searched
}

/// The words of an item worth searching code for: five letters or more, not generic.
pub fn item_words(item: &str) -> Vec<String> {
    const GENERIC: &[&str] = &[
        "support",
        "system",
        "implementation",
        "implemented",
        "feature",
        "features",
        "basic",
        "complete",
        "completed",
        "working",
        "should",
        "using",
        "other",
        "about",
        "there",
        "which",
        "their",
        "these",
        "those",
        "where",
        "with",
        "proper",
        "ready",
        "production",
        "version",
        "tests",
        "testing",
        "handling",
        "service",
        "services",
        "function",
        "functions",
        "module",
        "integration",
        "management",
        "configuration",
    ];
    let mut out: Vec<String> = normalize_words(item)
        .split(' ')
        .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .filter(|w| !GENERIC.contains(w))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out.truncate(6);
    out
}

/// Id of the probe requirement that searches code for one word of an item.
pub fn word_probe_id(word: &str) -> String {
    format!("verify.word.{}", probe_slug(word))
}

/// Whether a met requirement's evidence lies in the part of the repository the document is
/// about (its project directory; everything, for a document at the top).
fn met_in_scope(repo: &Repository<'_>, decided: &[&&Finding]) -> bool {
    let Some(project) = repo.project_dir() else {
        return true;
    };
    let prefix = format!("{project}/");
    decided
        .iter()
        .filter(|f| f.status == Status::Met)
        .any(|f| f.evidence.iter().any(|e| e.path.starts_with(&prefix)))
}

/// The part of the repository an item names: a word of the item that is a directory name or
/// file stem (not a generic one like `src`), and the files whose path has all such words.
fn subject_of(
    item: &str,
    repo: &Repository<'_>,
    findings: &[&Finding],
) -> Option<(String, BTreeSet<String>)> {
    let requirement_words: BTreeSet<String> = findings
        .iter()
        .flat_map(|f| repo.vocabulary.phrase_words(&f.requirement))
        .collect();
    let segments = repo.segments.get_or_init(|| {
        let mut segments: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &repo.files {
            if role_of_path(f) != FileRole::Source {
                continue;
            }
            for seg in f.split('/') {
                let stem = seg.split('.').next().unwrap_or(seg).to_lowercase();
                segments.entry(stem).or_default().push(f.clone());
            }
        }
        segments
    });
    let words: Vec<String> = normalize_words(item)
        .split(' ')
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .filter(|w| !GENERIC_SEGMENTS.contains(w) && !requirement_words.contains(*w))
        .filter(|w| segments.contains_key(*w))
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut paths: Option<BTreeSet<String>> = None;
    for w in &words {
        let these: BTreeSet<String> = segments[w].iter().cloned().collect();
        paths = Some(match paths {
            None => these,
            Some(prev) => {
                let both: BTreeSet<String> = prev.intersection(&these).cloned().collect();
                if both.is_empty() {
                    prev
                } else {
                    both
                }
            }
        });
    }
    paths.map(|p| (words.join(" "), p))
}

fn technology_present(repo: &Repository<'_>, technology: &Technology) -> bool {
    // Any of its names, as a dependency or in a path (PostgreSQL is often `postgres`).
    let keys: Vec<String> = std::iter::once(&technology.name)
        .chain(&technology.aliases)
        .map(|n| n.to_lowercase().replace(' ', ""))
        .collect();
    let named = |text: &str| {
        let text = text.to_lowercase();
        keys.iter().any(|k| text.contains(k.as_str()))
    };
    if repo.inventory.dependencies.iter().any(|d| named(&d.name)) {
        return true;
    }
    if repo
        .files
        .iter()
        .any(|f| role_of_path(f) != FileRole::Docs && named(f))
    {
        return true;
    }
    let Some(finding) = repo.probes.get(&technology_probe_id(&technology.name)) else {
        // Not probed: do not claim it is absent.
        return true;
    };
    finding
        .evidence
        .iter()
        .chain(&finding.weak_evidence)
        .any(|e| e.role != FileRole::Docs && Some(&e.path) != repo.document.as_ref())
}

fn list(paths: &[String]) -> String {
    let mut shown: Vec<&str> = paths.iter().map(String::as_str).take(5).collect();
    if paths.len() > 5 {
        shown.push("…");
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Vocabulary {
        Vocabulary::of(&crate::rules::builtin())
    }

    fn requirements_for(item: &str) -> Vec<String> {
        let v = builtin();
        v.requirements_for(item)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    fn area_of(label: &str) -> AreaMatch {
        area_of_label(&builtin(), label)
    }

    /// Technologies an item names, by name, sorted (their order follows the target's).
    fn technologies_in(item: &str) -> Vec<String> {
        let v = builtin();
        let mut names: Vec<String> = v
            .technologies_in(item)
            .iter()
            .map(|t| t.name.clone())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn items_map_to_requirements_by_explicit_phrases() {
        assert_eq!(
            requirements_for("Health checks for all services"),
            vec!["container.healthcheck"]
        );
        assert_eq!(
            requirements_for("Failed publishes are retried through a dead-letter topic"),
            vec!["messaging.dead-letter"]
        );
        assert_eq!(
            requirements_for("Monitoring and alerting (not configured)"),
            vec!["obs.metrics", "obs.alerts"]
        );
        assert_eq!(requirements_for("End-to-end test suite"), vec!["test.e2e"]);
        assert_eq!(requirements_for("OIDC/SSO"), vec!["auth.authentication"]);
        assert_eq!(requirements_for("CI/CD pipeline"), vec!["ci.pipeline"]);
        assert!(requirements_for("Rollback route publishes the rollback event").is_empty());
        assert!(requirements_for("Persistent volumes for Postgres").is_empty());
    }

    #[test]
    fn labels_name_areas() {
        assert!(matches!(area_of("Code"), AreaMatch::Overall));
        assert!(matches!(area_of("Status"), AreaMatch::Overall));
        assert!(matches!(
            area_of("Documentation"),
            AreaMatch::Area(a) if a == "docs"
        ));
        assert!(matches!(
            area_of("API Layer & Gateway"),
            AreaMatch::Area(a) if a == "api"
        ));
        assert!(matches!(area_of("Scripts"), AreaMatch::None));
        assert!(matches!(
            area_of("Security & Monitoring"),
            AreaMatch::Ambiguous(_)
        ));
    }

    #[test]
    fn technologies_and_tolerance() {
        assert_eq!(
            technologies_in("Storm → NATS integration configured"),
            vec!["NATS", "Storm"]
        );
        assert_eq!(
            technologies_in("Persistent volumes for Postgres, Zookeeper and Kafka"),
            vec!["Kafka", "PostgreSQL", "Zookeeper"]
        );
        assert_eq!(line_tolerance(140), 14);
        assert_eq!(line_tolerance(60), 10);
        assert_eq!(
            route_regex("/api/v1/items/{id}"),
            r#"/api/v1/items/[^/"'\s]+\b"#
        );
        assert_eq!(
            last_static_segment("/api/v1/recovery/analyze").as_deref(),
            Some("analyze")
        );
    }
}
