//! `analyze`: the repository's settings, the target, the scan (with the target's patterns),
//! evaluation, then the plan. The pipeline up to the analysis, as one call.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{ConfigError, RepoConfig};
use crate::evaluate;
use crate::results::Analysis;
use crate::rules::{self, Target, TargetError};
use crate::scan::ScanOptions;
use crate::search::PatternSet;
use crate::walk::{Progress, WalkError, WalkOptions};

/// What to analyse and against what.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub walk: WalkOptions,
    /// A target file; default: gapscope.toml's `target`, else the built-in profile.
    pub target: Option<PathBuf>,
    /// Only this component (id, name or root directory) of a monorepo.
    pub component: Option<String>,
    /// People working on the gaps, for the plan's calendar time.
    pub team: u32,
    /// With a target document: only its items and the built-in requirements they name, not
    /// the whole built-in profile beside them.
    pub only_document: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    #[error(transparent)]
    Walk(#[from] WalkError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("no component `{wanted}`; components: {known}")]
    UnknownComponent { wanted: String, known: String },
}

/// Loads the target a run uses: a target file, a target-architecture document (`.md`), or
/// the built-in profile.
pub fn load_target(path: Option<&std::path::Path>) -> Result<Target, TargetError> {
    Ok(load_target_with_notes(path, false)?.0)
}

/// Like [`load_target`], with the notes on the parts of a target document that could not be
/// turned into requirements.
pub fn load_target_with_notes(
    path: Option<&std::path::Path>,
    only_document: bool,
) -> Result<(Target, Vec<crate::codes::CodedNote>), TargetError> {
    match path {
        Some(p) if rules::document::is_document(p) => {
            rules::document::load_document(p, only_document)
        }
        Some(p) => Ok((rules::load_file(p)?, Vec::new())),
        None => Ok((rules::builtin(), Vec::new())),
    }
}

/// What every command that evaluates a repository starts from.
pub struct Prepared {
    /// The scan with the repository's excludes and code facts on (patterns still unset).
    pub scan: ScanOptions,
    pub config: RepoConfig,
    pub target: Target,
    pub target_notes: Vec<crate::codes::CodedNote>,
    /// The target's path, when it is a file (a target file or a design document).
    pub target_path: Option<PathBuf>,
}

/// The repository's settings and the target: `explicit` target, else gapscope.toml's, else
/// the built-in profile. `analyze` and `verify` both start here, so they read the repository
/// the same way and compute the same completion.
pub fn prepare(
    walk: &WalkOptions,
    explicit: Option<&Path>,
    only_document: bool,
) -> Result<Prepared, AnalyzeError> {
    let mut walk = walk.clone();
    crate::walk::check_root(&walk.root)?;
    let config = RepoConfig::load(&walk.root)?;
    walk.excludes.extend(config.exclude.iter().cloned());
    let target_path = explicit
        .map(Path::to_path_buf)
        .or_else(|| config.target(&walk.root));
    let (target, target_notes) = load_target_with_notes(target_path.as_deref(), only_document)?;
    // A target file inside the repository would match its own patterns. A target document
    // stays readable: it is docs (never implementation), and what it plans is a fact the
    // requirements may ask about.
    if let Some(rel) = target_path
        .as_deref()
        .filter(|t| !rules::document::is_document(t))
        .and_then(|t| inside(&walk.root, t))
    {
        walk.own_inputs.push(rel);
    }
    Ok(Prepared {
        scan: ScanOptions {
            walk,
            patterns: None,
            code_facts: true,
        },
        config,
        target,
        target_notes,
        target_path,
    })
}

/// `path` as a repository-relative path (`/`-separated), if it lies inside `root`.
fn inside(root: &Path, path: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let path = path.canonicalize().ok()?;
    let rel = path.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Analyses a repository.
pub fn analyze(
    options: &AnalyzeOptions,
    progress: &dyn Progress,
) -> Result<Analysis, AnalyzeError> {
    let Prepared {
        mut scan,
        config,
        target,
        target_notes,
        target_path,
    } = prepare(
        &options.walk,
        options.target.as_deref(),
        options.only_document,
    )?;
    config.check_suppressions(|id| {
        let id = rules::current_id(id);
        target.get(id).is_some() || target.disabled.iter().any(|d| d.id == id)
    })?;
    let patterns = Arc::new(PatternSet::compile(&target));
    scan.patterns = Some(patterns.clone());
    // Where the design document is, for links to its items' lines.
    let document_path = target_path
        .as_deref()
        .filter(|_| target.document.is_some())
        .and_then(|p| inside(&scan.walk.root, p));

    if let Some(wanted) = &options.component {
        let inventory = crate::scan::scan(&ScanOptions::inventory(scan.walk.clone()), &())?;
        let Some(component) = inventory
            .components
            .iter()
            .find(|c| &c.id == wanted || &c.name == wanted || &c.root == wanted)
        else {
            let known: Vec<&str> = inventory
                .components
                .iter()
                .map(|c| c.id.as_str())
                .take(20)
                .collect();
            return Err(AnalyzeError::UnknownComponent {
                wanted: wanted.clone(),
                known: known.join(", "),
            });
        };
        scan.walk.root = scan.walk.root.join(&component.root);
        scan.walk.path_prefix = component.root.clone();
    }

    let inventory = crate::scan::scan(&scan, progress)?;
    let mut analysis = evaluate::analyze(
        &target,
        &inventory,
        &patterns,
        &rules::current_suppressions(config.suppressions()),
    );
    analysis.plan = crate::plan::build(&target, &analysis.findings, options.team);
    analysis.target_notes = target_notes;
    if let Some(d) = analysis.document.as_mut() {
        d.path = document_path;
    }
    Ok(analysis)
}
