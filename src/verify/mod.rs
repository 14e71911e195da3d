//! `verify`: a hand-written gap analysis or status report → claims → verdicts against the
//! repository.
//!
//! The document is read as bytes (invalid UTF-8 and binary content become notes, not
//! errors), mojibake is repaired, claims are extracted with their lines, and each is checked
//! against the same scan and analysis `analyze` produces, plus a few probe patterns searched
//! during the same walk (technologies and routes the document names).

pub mod check;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::claims::{self, read_document, Claim, ClaimKind, DocumentError, Mark};
pub use check::{CheckedClaim, Verdict};

use crate::analyze::AnalyzeError;
use crate::codes::{Code, CodedNote};
use crate::rules::{
    Condition, PatternCondition, Priority, Requirement, RuleRegex, Target, Vocabulary,
};
use crate::walk::{Progress, WalkOptions};
use crate::{evaluate, search::PatternSet};

/// Version of the verification JSON shape.
pub const VERIFICATION_SCHEMA_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Analyze(#[from] AnalyzeError),
}

/// What to verify against what.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub document: PathBuf,
    pub walk: WalkOptions,
    /// A target file; default: gapscope.toml's `target`, else the built-in profile.
    pub target: Option<PathBuf>,
    /// With a design document as the target: only its items and what they name.
    pub only_document: bool,
    /// A directory of the repository the document is about: its paths resolve there first.
    pub scope: Option<String>,
}

/// Counts of claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub claims: usize,
    pub confirmed: usize,
    pub contradicted: usize,
    /// Planned by the document, and already there.
    #[serde(default)]
    pub stale_plan: usize,
    /// About another codebase the document names.
    #[serde(default)]
    pub out_of_scope: usize,
    pub unverifiable: usize,
    /// Claims per kind (`path`, `line_count`, …).
    pub by_kind: BTreeMap<String, usize>,
}

/// The result of `gapscope verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub schema_version: u32,
    /// The document as it was given.
    pub document: String,
    /// The repository as it was given.
    pub root: String,
    pub target: String,
    /// gapscope's own overall completion, for comparison with the document's.
    pub completion: Option<f64>,
    /// How numbers are compared.
    pub tolerances: Vec<String>,
    pub summary: Summary,
    /// Contradicted claims first, then confirmed, then unverifiable; each by line.
    pub claims: Vec<CheckedClaim>,
    /// What a reader should know about the document (mojibake repaired, invalid UTF-8).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<CodedNote>,
}

/// Extracts and checks the claims of `options.document` against the repository.
pub fn verify(
    options: &VerifyOptions,
    progress: &dyn Progress,
) -> Result<Verification, VerifyError> {
    let (text, mut notes) = read_document(&options.document)?;
    let extraction = claims::extract(&text);
    if let Some(line) = extraction.first_long_line {
        notes.push(CodedNote::new(
            Code::DocumentReadInPart,
            format!(
                "{} line{} longer than {} bytes (the first is line {line}); only the first {} bytes of each were read",
                extraction.long_lines,
                if extraction.long_lines == 1 { " is" } else { "s are" },
                claims::MAX_LINE_BYTES,
                claims::MAX_LINE_BYTES
            ),
        ));
    }
    if let Some(line) = extraction.cut_at_line {
        notes.push(CodedNote::new(
            Code::DocumentReadInPart,
            format!(
                "the document is longer than {} bytes; claims were read up to line {}",
                claims::MAX_READ_BYTES,
                line - 1
            ),
        ));
    }
    if extraction.dropped > 0 {
        notes.push(CodedNote::new(
            Code::DocumentTooManyClaims,
            format!(
                "the document has more than {} claims; the rest were not checked",
                claims::MAX_CLAIMS
            ),
        ));
    }

    let crate::analyze::Prepared {
        mut scan,
        config,
        target,
        ..
    } = crate::analyze::prepare(
        &options.walk,
        options.target.as_deref(),
        options.only_document,
    )?;

    let vocabulary = Vocabulary::of(&target);
    let probes = probe_target(&extraction.claims, &vocabulary);
    let mut both = target.clone();
    both.requirements
        .extend(probes.requirements.iter().cloned());
    let patterns = Arc::new(PatternSet::compile(&both));
    scan.patterns = Some(patterns.clone());
    let inventory = crate::scan::scan(&scan, progress).map_err(AnalyzeError::from)?;
    let walk = &scan.walk;
    let analysis = evaluate::analyze(
        &target,
        &inventory,
        &patterns,
        &crate::rules::current_suppressions(config.suppressions()),
    );
    let probe_analysis = evaluate::analyze(&probes, &inventory, &patterns, &Default::default());
    let probe_findings = probe_analysis
        .findings
        .iter()
        .map(|f| (f.requirement.clone(), f))
        .collect();

    let document = relative_to(&options.document, &walk.root);
    if document.is_none() {
        notes.push(CodedNote::new(
            Code::DocumentOutsideRepository,
            format!(
                "the document is not inside {}; its paths are checked against that repository",
                walk.root.display()
            ),
        ));
    }
    let mut repo = check::Repository::new(
        &walk.root,
        &vocabulary,
        &inventory,
        &analysis,
        probe_findings,
        document,
    );
    repo.document_cue = claims::document_elsewhere(&text);
    repo.technologies = target
        .requirements
        .iter()
        .map(|r| (r.id.clone(), r.technologies.as_slice()))
        .collect();
    if let Some(scope) = &options.scope {
        let scope = scope.trim_matches('/').trim_start_matches("./");
        if !scope.is_empty() {
            repo.scopes.insert(0, scope.to_string());
        }
    }
    let mut checked: Vec<CheckedClaim> = extraction
        .claims
        .iter()
        .map(|c| check::check(c, &repo))
        .collect();
    checked.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(a.claim.line.cmp(&b.claim.line))
    });
    let mut summary = Summary {
        claims: checked.len(),
        ..Summary::default()
    };
    for c in &checked {
        match c.verdict {
            Verdict::Confirmed => summary.confirmed += 1,
            Verdict::Contradicted => summary.contradicted += 1,
            Verdict::StalePlan => summary.stale_plan += 1,
            Verdict::OutOfScope => summary.out_of_scope += 1,
            Verdict::Unverifiable => summary.unverifiable += 1,
        }
        *summary
            .by_kind
            .entry(c.claim.kind.name().into())
            .or_default() += 1;
    }
    Ok(Verification {
        schema_version: VERIFICATION_SCHEMA_VERSION,
        document: options.document.display().to_string(),
        root: options.walk.root.display().to_string(),
        target: target.name.clone(),
        completion: analysis.completion.percent,
        tolerances: tolerances(),
        summary,
        claims: checked,
        notes,
    })
}

/// How numbers in claims are compared, as the output states it.
pub fn tolerances() -> Vec<String> {
    vec![
        format!(
            "line counts: within ±{}% or ±{} lines of the real count, whichever is larger",
            (check::LINE_TOLERANCE_SHARE * 100.0).round(),
            check::LINE_TOLERANCE_LINES
        ),
        format!(
            "percentages: within ±{} points of gapscope's completion for the area (overall for `code`, `status`, `overall`)",
            check::PERCENT_TOLERANCE_POINTS
        ),
    ]
}

/// The document's path relative to the repository root, when it is inside it.
fn relative_to(document: &Path, root: &Path) -> Option<String> {
    let doc = std::fs::canonicalize(document).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = doc.strip_prefix(&root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// Most probe patterns searched for one document: names beyond them are not searched (their
/// claims say so), so a document of a million names costs no more than one of a few thousand.
pub const MAX_PROBES: usize = 4096;

/// Requirements that only exist to search the walk for what the claims name: technologies
/// in status items and routes.
fn probe_target(claims: &[Claim], vocabulary: &Vocabulary) -> Target {
    let mut requirements = Vec::new();
    let mut seen = BTreeSet::new();
    let mut symbols: BTreeSet<String> = BTreeSet::new();
    let mut probe = |id: String, regex: String, roles: Vec<crate::facts::FileRole>| {
        if !seen.insert(id.clone()) {
            return;
        }
        requirements.push(Requirement {
            id,
            area: "verify".into(),
            title: "probe".into(),
            why: String::new(),
            fix: String::new(),
            priority: Priority::Low,
            effort_days: 0.0,
            depends_on: Vec::new(),
            met: Condition::Pattern(PatternCondition {
                regex: RuleRegex::new(regex),
                languages: Vec::new(),
                globs: Vec::new(),
                roles,
            }),
            ..Default::default()
        });
    };
    use crate::facts::FileRole;
    for c in claims {
        match &c.kind {
            ClaimKind::Status { item } if matches!(c.mark, Mark::Done | Mark::Partial) => {
                for t in vocabulary.technologies_in(item) {
                    probe(
                        check::technology_probe_id(&t.name),
                        t.regex.to_string(),
                        vec![FileRole::Source],
                    );
                }
                // The words of the requirement's phrase the item names, as code writes them
                // (`rate_limit`, `RateLimiter`): before a done item is called false because
                // the requirement is missing, the code is searched for what it names.
                for word in check::item_words(item) {
                    probe(
                        check::word_probe_id(&word),
                        format!("(?i){}", regex::escape(&word)),
                        vec![FileRole::Source, FileRole::Test],
                    );
                }
                for (_, phrase) in vocabulary.phrases_in(item) {
                    if let Some(regex) = check::phrase_regex(phrase) {
                        probe(
                            check::phrase_probe_id(phrase),
                            regex,
                            vec![FileRole::Source, FileRole::Test],
                        );
                    }
                }
            }
            ClaimKind::Symbol { name } if symbols.len() < MAX_PROBES || symbols.contains(name) => {
                symbols.insert(name.clone());
                probe(
                    check::symbol_probe_id(name),
                    format!(r"(?-u:\b){}(?-u:\b)", regex::escape(name)),
                    vec![
                        FileRole::Source,
                        FileRole::Test,
                        FileRole::Example,
                        FileRole::Fixture,
                    ],
                );
            }
            ClaimKind::Port { port } => {
                probe(
                    check::port_probe_id(*port),
                    check::port_regex(*port),
                    vec![FileRole::Source],
                );
            }
            ClaimKind::Crd {
                resource_kind: kind,
            } => {
                probe(
                    check::crd_probe_id(kind),
                    check::crd_regex(kind),
                    vec![FileRole::Source],
                );
            }
            ClaimKind::Endpoint { route } => {
                probe(
                    check::endpoint_probe_id(route),
                    check::route_regex(route),
                    vec![FileRole::Source],
                );
                if let Some(seg) = claims::last_static_segment(route) {
                    probe(
                        check::segment_probe_id(route),
                        format!("[\"'/]{}\\b", regex::escape(&seg)),
                        vec![FileRole::Source],
                    );
                }
            }
            _ => {}
        }
    }
    Target {
        name: "verify probes".into(),
        requirements,
        ..Target::default()
    }
}
