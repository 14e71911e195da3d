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
    Contradicted,
    Confirmed,
    Unverifiable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Contradicted => "contradicted",
            Verdict::Confirmed => "confirmed",
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
        Repository {
            root,
            vocabulary,
            inventory,
            analysis,
            probes,
            document,
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
        // A tree's top directory may be the repository's own name.
        match tree_root.and_then(|root| path.strip_prefix(root)) {
            Some(rest) if !rest.trim_matches('/').is_empty() => {
                self.resolve(rest.trim_matches('/'))
            }
            _ => r,
        }
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
        ClaimKind::FileLine { path, cited_line } => check_file_line(claim, repo, path, *cited_line),
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
    let verdict = match (claim.mark, exists) {
        (Mark::Planned, true) => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PlannedPresent,
                format!("planned, and already there: {reason}"),
                evidence,
            )
        }
        (Mark::Planned, false) => {
            return checked(
                claim,
                Verdict::Unverifiable,
                Code::PlannedAbsent,
                "planned; not there yet".into(),
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
        Resolved::NotFound => checked(
            claim,
            Verdict::Contradicted,
            Code::LinesPathAbsent,
            format!("{path} does not exist, so it cannot have ~{claimed} lines"),
            Vec::new(),
        ),
    }
}

fn check_file_line(claim: &Claim, repo: &Repository<'_>, path: &str, line: u32) -> CheckedClaim {
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
            if line >= 1 && u64::from(line) <= lines {
                let snippet = String::from_utf8_lossy(&bytes)
                    .lines()
                    .nth(line as usize - 1)
                    .map(|l| {
                        crate::facts::redact(l.trim())
                            .chars()
                            .take(120)
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                checked(
                    claim,
                    Verdict::Confirmed,
                    Code::LineExists,
                    format!("{path} has a line {line}"),
                    vec![Evidence::line(path.clone(), role_of_path(&path), line)
                        .with_snippet(snippet)],
                )
            } else {
                checked(
                    claim,
                    Verdict::Contradicted,
                    Code::LinePastEnd,
                    format!("{path} has only {lines} lines"),
                    vec![whole_file(&path, lines)],
                )
            }
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
        Resolved::NotFound => checked(
            claim,
            Verdict::Contradicted,
            Code::LinePathAbsent,
            format!("{path} does not exist"),
            Vec::new(),
        ),
    }
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
    let hits: Vec<String> = vocabulary
        .areas_named(norm)
        .into_iter()
        .map(str::to_string)
        .collect();
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
                        Verdict::Contradicted, Code::StatusElsewhere,
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
        Mark::Done => (Verdict::Contradicted, names(&decided)),
        Mark::Missing if all(Status::Missing) => (Verdict::Confirmed, names(&decided)),
        Mark::Missing if any(Status::Met) => (Verdict::Contradicted, names(&decided)),
        Mark::Missing => (
            Verdict::Unverifiable,
            format!("part of it exists: {}", names(&decided)),
        ),
        Mark::Partial if all(Status::Missing) => (
            Verdict::Contradicted,
            format!("nothing of it exists: {}", names(&decided)),
        ),
        Mark::Partial if any(Status::Partial) => (Verdict::Confirmed, names(&decided)),
        Mark::Partial => (Verdict::Unverifiable, names(&decided)),
        Mark::Planned => (
            Verdict::Unverifiable,
            format!("planned; today {}", names(&decided)),
        ),
        Mark::Mentioned => (Verdict::Unverifiable, names(&decided)),
    };
    let code = match verdict {
        Verdict::Confirmed => Code::StatusAgrees,
        Verdict::Contradicted => Code::StatusDisagrees,
        Verdict::Unverifiable => Code::StatusUndecided,
    };
    checked(claim, verdict, code, why, evidence(&decided))
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
