//! Checks over the facts read from code (routes, secrets, the component graph), the stub
//! honesty rule, and the per-component error-handling summary.

use std::collections::{BTreeMap, HashMap};

use super::conditions::{Facts, Level, Outcome};
use crate::facts::code::{SecretSeverity, Stub, StubKind};
use crate::facts::graph::{is_shared, LinkKind};
use crate::facts::{Evidence, FileRole, Inventory};
use crate::results::ErrorHandlingRow;
use crate::rules::CodeCheck;

pub fn evaluate(check: &CodeCheck, facts: &Facts<'_>) -> Outcome {
    let inv = facts.inventory;
    match check {
        CodeCheck::Routes { path } => {
            let re = match path.as_ref().map(|p| p.compiled()) {
                Some(Some(r)) => Some(r),
                Some(None) => return Outcome::none(),
                None => None,
            };
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            for r in &inv.code.routes {
                if re.as_ref().is_some_and(|re| !re.is_match(&r.path)) {
                    continue;
                }
                let ev = r
                    .evidence
                    .clone()
                    .with_snippet(format!("{} {} ({})", r.method, r.path, r.framework));
                if r.evidence.role == FileRole::Source {
                    support.push(ev);
                } else {
                    weak.push(ev);
                }
            }
            from_evidence(support, weak)
        }
        CodeCheck::ApiRoutes => {
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            for r in inv.code.routes.iter().filter(|r| !is_probe_route(&r.path)) {
                let ev = r
                    .evidence
                    .clone()
                    .with_snippet(format!("{} {} ({})", r.method, r.path, r.framework));
                if r.evidence.role == FileRole::Source {
                    support.push(ev);
                } else {
                    weak.push(ev);
                }
            }
            from_evidence(support, weak)
        }
        CodeCheck::SharedLibraries => {
            let (mut support, mut weak) = (Vec::new(), Vec::new());
            for c in inv.components.iter().filter(|c| is_shared(c)) {
                let ev = c
                    .evidence
                    .clone()
                    .with_snippet(format!("{} {}", c.kind, c.name));
                if c.evidence.role == FileRole::Source {
                    support.push(ev);
                } else {
                    weak.push(ev);
                }
            }
            from_evidence(support, weak)
        }
        CodeCheck::ConfigLayer => config_layer(inv),
        CodeCheck::HardcodedSecrets => {
            // Demo defaults (CI service passwords, example Compose files) are worth showing,
            // not a leak of the system's own credentials.
            let (credentials, demo): (Vec<_>, Vec<_>) = inv.code.secrets.iter().partition(|s| {
                s.severity == SecretSeverity::Credential && s.evidence.role == FileRole::Source
            });
            from_evidence(
                credentials.iter().map(|s| s.evidence.clone()).collect(),
                demo.iter().map(|s| s.evidence.clone()).collect(),
            )
        }
        CodeCheck::SharedCodeUsed => {
            let mut o = Outcome::none();
            o.direct = true;
            let (mut used, mut unused) = (0, 0);
            for (i, c) in inv.components.iter().enumerate() {
                if !is_shared(c) || c.evidence.role != FileRole::Source {
                    continue;
                }
                let incoming: Vec<&crate::facts::graph::ComponentLink> = inv
                    .code
                    .links
                    .iter()
                    .filter(|l| l.to == c.id && l.via == LinkKind::Import)
                    .filter(|l| !is_nested(inv, &l.from, i))
                    .collect();
                let strong: Vec<Evidence> = incoming
                    .iter()
                    .filter(|l| l.evidence.role == FileRole::Source)
                    .map(|l| l.evidence.clone())
                    .collect();
                if strong.is_empty() {
                    unused += 1;
                    o.weak.extend(incoming.iter().map(|l| l.evidence.clone()));
                    o.against.push(c.evidence.clone().with_snippet(format!(
                        "{} {}: no other component imports it",
                        c.kind, c.name
                    )));
                } else {
                    used += 1;
                    o.support.extend(strong);
                }
            }
            o.level = match (used, unused) {
                (0, 0) => Level::None,
                (_, 0) => Level::Full,
                (0, _) if !o.weak.is_empty() => Level::Weak,
                (0, _) => Level::None,
                _ => Level::Partial,
            };
            o.details
                .push(format!("shared modules: {used} imported, {unused} not"));
            o
        }
        CodeCheck::ComponentsLinked => {
            let mut o = Outcome::none();
            o.direct = true;
            let deployable = deployable_components(inv);
            let (mut linked, mut alone) = (0, 0);
            for id in &deployable {
                let links: Vec<Evidence> = inv
                    .code
                    .links
                    .iter()
                    .filter(|l| l.via == LinkKind::Http && (&l.from == id || &l.to == id))
                    .filter(|l| l.evidence.role == FileRole::Source)
                    .map(|l| l.evidence.clone())
                    .collect();
                if links.is_empty() {
                    alone += 1;
                    if let Some(c) = inv.components.iter().find(|c| &c.id == id) {
                        o.against.push(c.evidence.clone().with_snippet(format!(
                            "{} {}: calls no other component and is called by none",
                            c.kind, c.name
                        )));
                    }
                } else {
                    linked += 1;
                    o.support.extend(links);
                }
            }
            o.level = match (linked, alone) {
                (0, _) => Level::None,
                (_, 0) => Level::Full,
                _ => Level::Partial,
            };
            o.details.push(format!(
                "deployable components: {linked} linked by HTTP calls, {alone} not"
            ));
            o
        }
    }
}

/// Files that read a few settings around the configuration layer without making it partial:
/// three, or a fifth of the layer's files in a large one.
fn scattered_allowance(layer_files: usize) -> usize {
    3.max(layer_files / 5)
}

/// Whether a settings read in this file concerns the running system: scripts, migrations,
/// seeds and build files read the environment of the machine they run on.
fn reads_for_the_system(path: &str) -> bool {
    const TOOLING_DIRS: &[&str] = &[
        "scripts",
        "script",
        "bin",
        "tools",
        "hack",
        "migrations",
        "migrate",
        "seeds",
        "benchmarks",
        "bench",
        "e2e",
        "playwright",
        "cypress",
    ];
    const BUILD_FILES: &[&str] = &[
        "build.rs",
        "setup.py",
        "manage.py",
        "wsgi.py",
        "asgi.py",
        "mix.exs",
        "gulpfile.js",
        "gruntfile.js",
        "rakefile",
    ];
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.split('/');
    let name = parts.next_back().unwrap_or("");
    !parts.any(|d| TOOLING_DIRS.contains(&d))
        && !BUILD_FILES.contains(&name)
        && !is_tool_config(name)
}

/// `vite.config.ts`, `jest.config.js`, `next.config.mjs`: a build tool's settings.
fn is_tool_config(name: &str) -> bool {
    let mut parts = name.split('.').skip(1);
    parts.next() == Some("config") && parts.next().is_some()
}

/// Whether a source file belongs to the configuration layer: named as settings itself or
/// under a directory that is, or a framework's settings file.
fn is_config_layer(path: &str, language: Option<&str>) -> bool {
    const NAMES: &[&str] = &[
        "config",
        "configs",
        "configuration",
        "conf",
        "settings",
        "env",
        "options",
        "flags",
    ];
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.split('/');
    let name = parts.next_back().unwrap_or("");
    if framework_settings(name).is_some() {
        return true;
    }
    if !crate::extract::code::env::reads_language(language) || is_tool_config(name) {
        return false;
    }
    // A settings page of the application (`Controllers/Settings/`, `models/setting.rb`) is a
    // feature, not the configuration layer.
    const FEATURE_DIRS: &[&str] = &[
        "controllers",
        "controller",
        "models",
        "model",
        "requests",
        "views",
        "components",
        "pages",
        "routes",
        "handlers",
        "templates",
        "screens",
        "features",
        "http",
        "stores",
        "ui",
        "hooks",
        "actions",
        "scenes",
        "static",
        "public",
        "assets",
    ];
    let dirs: Vec<&str> = parts.collect();
    if dirs.iter().any(|d| FEATURE_DIRS.contains(d)) {
        return false;
    }
    let stem = name.split('.').next().unwrap_or("");
    // `environment.ts` is a settings file; a directory named `environment` is as often a
    // domain (`processor/environment/classifier.go`).
    let stem_is_settings = NAMES.contains(&stem)
        || stem == "environment"
        || ["settings", "config", "_env", "_options", "_flags"]
            .iter()
            .any(|s| stem.ends_with(s) && stem.len() > s.len());
    stem_is_settings || dirs.iter().any(|d| NAMES.contains(d))
}

/// The ecosystem whose framework reads a settings file of this (lowercased) name:
/// `appsettings.Production.json` for .NET, `application-dev.yml` and `bootstrap.yml` for
/// Spring.
fn framework_settings(name: &str) -> Option<&'static str> {
    let (stem, ext) = name.rsplit_once('.')?;
    let profile_of = |base: &str| stem == base || stem.starts_with(&format!("{base}-"));
    if ext == "json" && (stem == "appsettings" || stem.starts_with("appsettings.")) {
        return Some("C#");
    }
    if matches!(ext, "yml" | "yaml" | "properties")
        && (profile_of("application") || profile_of("bootstrap"))
    {
        return Some("Java");
    }
    None
}

/// The configuration system a layer file belongs to: its framework's, or its language's.
fn config_system<'a>(path: &str, language: Option<&'a str>) -> &'a str {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if let Some(system) = framework_settings(&name) {
        return system;
    }
    match language {
        Some("TypeScript" | "TSX" | "JSX") => "JavaScript",
        Some("Kotlin") => "Java",
        Some(l) => l,
        None => "other",
    }
}

fn config_layer(inv: &Inventory) -> Outcome {
    let layer: Vec<&crate::facts::FileRecord> = inv
        .file_list
        .iter()
        .filter(|f| {
            f.role == FileRole::Source
                && reads_for_the_system(&f.path)
                && is_config_layer(&f.path, f.language.as_deref())
        })
        .collect();
    let layer_paths: std::collections::HashSet<&str> =
        layer.iter().map(|f| f.path.as_str()).collect();
    let in_layer = |path: &str| layer_paths.contains(path);
    // Reads per file, in path order (the reads are sorted).
    let mut reads: BTreeMap<&str, Vec<&crate::facts::code::EnvRead>> = BTreeMap::new();
    for r in
        inv.code.env_reads.iter().filter(|r| {
            r.evidence.role == FileRole::Source && reads_for_the_system(&r.evidence.path)
        })
    {
        reads.entry(r.evidence.path.as_str()).or_default().push(r);
    }
    let label = |rs: &[&crate::facts::code::EnvRead]| {
        let mut names: Vec<&str> = rs.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let shown = names.iter().take(4).copied().collect::<Vec<_>>().join(", ");
        let more = names.len().saturating_sub(4);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("reads {shown}{more} from the environment")
    };
    let mut support = Vec::new();
    let mut scattered = Vec::new();
    for (path, rs) in &reads {
        let ev = rs[0].evidence.clone().with_snippet(label(rs));
        if in_layer(path) {
            support.push(ev);
        } else {
            scattered.push(ev);
        }
    }
    // Layer files that read no variable directly (a typed settings module, a flag set, a
    // framework's settings file) come after those that do.
    support.extend(
        layer
            .iter()
            .filter(|f| !reads.contains_key(f.path.as_str()))
            .map(|f| Evidence::line(&f.path, f.role, 1).with_snippet("configuration module")),
    );
    let mut o = Outcome {
        direct: true,
        ..Outcome::none()
    };
    o.details.push(format!(
        "configuration layer: {} file(s); settings read from the environment in {} other file(s)",
        layer.len(),
        scattered.len()
    ));
    // One layer per language is one configuration system per component: the Go service and
    // the Python job each with their own settings module and names for the same setting.
    let mut systems: Vec<&str> = layer
        .iter()
        .map(|f| config_system(&f.path, f.language.as_deref()))
        .collect();
    systems.sort_unstable();
    systems.dedup();
    if systems.len() > 1 {
        o.details.push(format!(
            "configuration layers of {} systems: {}",
            systems.len(),
            systems.join(", ")
        ));
    }
    o.level = if !layer.is_empty()
        && systems.len() == 1
        && scattered.len() <= scattered_allowance(layer.len())
    {
        o.weak = scattered;
        Level::Full
    } else if !layer.is_empty() || !scattered.is_empty() {
        o.against = scattered;
        Level::Partial
    } else {
        Level::None
    };
    o.support = support;
    o
}

/// A route that serves the service's own operation (probes, metrics, profiling), not an API.
fn is_probe_route(path: &str) -> bool {
    const PROBES: &[&str] = &[
        "health",
        "healthz",
        "healthcheck",
        "ready",
        "readyz",
        "readiness",
        "live",
        "livez",
        "liveness",
        "alive",
        "ping",
        "metrics",
        "debug",
        "status",
        "version",
        "favicon.ico",
        "robots.txt",
    ];
    let first = path
        .trim_start_matches('^')
        .split('/')
        .find(|s| !s.is_empty())
        .unwrap_or("");
    first.is_empty() && path.trim_matches(['/', '^', '$']).is_empty()
        || PROBES.contains(&first.trim_start_matches('_').to_ascii_lowercase().as_str())
}

fn from_evidence(support: Vec<Evidence>, weak: Vec<Evidence>) -> Outcome {
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
        direct: true,
        ..Outcome::none()
    }
}

/// Whether component `from` lies inside component `to` (a `cmd/x` binary of a module): its
/// imports of the module are the module's own code, not a use of shared code.
fn is_nested(inv: &Inventory, from: &str, to: usize) -> bool {
    let root = &inv.components[to].root;
    inv.components
        .iter()
        .find(|c| c.id == from)
        .is_some_and(|c| crate::facts::is_under(&c.root, root) || c.root == *root)
}

/// Components with an entry point or a listener in their source files.
pub fn deployable_components(inv: &Inventory) -> Vec<String> {
    let mut ids: Vec<String> = inv
        .code
        .listeners
        .iter()
        .filter(|l| l.evidence.role == FileRole::Source)
        .filter_map(|l| l.component.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Shared modules (a code component named shared, common, lib(s), core, pkg) that no other
/// component imports: code nothing runs. Each as its root directory and a label.
pub fn unused_shared(inv: &Inventory) -> Vec<(String, String)> {
    inv.components
        .iter()
        .enumerate()
        .filter(|(_, c)| is_shared(c) && c.evidence.role == FileRole::Source)
        .filter(|(i, c)| {
            !inv.code.links.iter().any(|l| {
                l.to == c.id
                    && l.via == LinkKind::Import
                    && l.evidence.role == FileRole::Source
                    && !is_nested(inv, &l.from, *i)
            })
        })
        .map(|(_, c)| (c.root.clone(), format!("{} {}", c.kind, c.name)))
        .collect()
}

/// Stubs in implementation files, by path, for the honesty rule.
pub struct StubIndex<'a> {
    by_path: HashMap<&'a str, Vec<&'a Stub>>,
}

impl<'a> StubIndex<'a> {
    pub fn new(stubs: &'a [Stub]) -> Self {
        let mut by_path: HashMap<&str, Vec<&Stub>> = HashMap::new();
        for s in stubs {
            if s.role == FileRole::Source && s.kind != StubKind::TestWithoutAssertion {
                by_path.entry(s.path.as_str()).or_default().push(s);
            }
        }
        StubIndex { by_path }
    }

    /// The stub whose function contains the evidence, if any.
    pub fn containing(&self, e: &Evidence) -> Option<&'a Stub> {
        self.by_path
            .get(e.path.as_str())?
            .iter()
            .find(|s| s.start_line <= e.start_line && e.end_line <= s.end_line)
            .copied()
    }
}

/// The error-handling facts summarised per component.
pub fn error_handling_rows(inv: &Inventory) -> Vec<ErrorHandlingRow> {
    let mut rows: BTreeMap<String, ErrorHandlingRow> = BTreeMap::new();
    for e in &inv.code.error_handling {
        let id = e.component.clone().unwrap_or_else(|| "(none)".into());
        let row = rows.entry(id.clone()).or_insert_with(|| ErrorHandlingRow {
            component: id,
            habits: BTreeMap::new(),
            evidence: Vec::new(),
        });
        *row.habits.entry(e.habit).or_default() += 1;
        if row.evidence.len() < 5 {
            row.evidence.push(e.evidence.clone());
        }
    }
    rows.into_values().collect()
}
