//! Joining the per-file facts: files to components, lock files to declared dependencies,
//! totals per language and per role. Everything is sorted here so output is deterministic.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::infra::InfraFacts;
use super::{
    Component, ComponentDecl, ComponentKind, ConfigFile, Dependency, DocFile, Ecosystem,
    FileRecord, FileRole, LineCounts, LockedPackage, Note, Skipped,
};

/// Version of the inventory's JSON shape; bumped on any incompatible change.
pub const INVENTORY_SCHEMA_VERSION: u32 = 1;

/// Totals for one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageStats {
    pub files: u64,
    #[serde(flatten)]
    pub lines: LineCounts,
    /// Code lines per file role (source, test, docs, ...).
    pub code_by_role: BTreeMap<FileRole, u64>,
}

/// Counts of files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilesSummary {
    /// Files seen by the walk (read, inventoried, or skipped).
    pub total: u64,
    /// Files whose content was read (counted or given to an extractor).
    pub read: u64,
    /// Files in a known language.
    pub counted: u64,
    pub skipped: u64,
    pub bytes: u64,
    pub by_role: BTreeMap<FileRole, u64>,
}

/// The fact inventory of a repository: what `gapscope scan` prints and what the analysis reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    pub schema_version: u32,
    /// The scanned directory as it was given.
    pub root: String,
    pub files: FilesSummary,
    /// Per language, counted as tokei counts its language rows (embedded code, e.g. code blocks
    /// in Markdown, is not added to the host language).
    pub languages: BTreeMap<String, LanguageStats>,
    pub components: Vec<Component>,
    pub dependencies: Vec<Dependency>,
    pub docs: Vec<DocFile>,
    pub configs: Vec<ConfigFile>,
    pub infra: InfraFacts,
    /// Facts read from source code (analysis only: stubs, routes, imports, secrets, …).
    #[serde(default, skip_serializing_if = "super::CodeFacts::is_empty")]
    pub code: super::CodeFacts,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Note>,
    /// Every file with its role, language and lines (in JSON only with `--list-files`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_list: Vec<FileRecord>,
    /// Matches of the target's patterns (analysis only; reported through findings).
    #[serde(skip)]
    pub pattern_hits: Vec<super::PatternHit>,
}

/// Which component owns a path: the deepest root above it, code components before
/// workspaces and image directories. Built once per component list; a lookup walks the
/// path's ancestors, so assigning every file of a large monorepo stays linear.
pub struct OwnerIndex {
    by_root: HashMap<String, usize>,
    by_manifest: HashMap<String, usize>,
}

impl OwnerIndex {
    pub fn new(components: &[Component]) -> Self {
        let mut by_root: HashMap<String, usize> = HashMap::new();
        let mut by_manifest: HashMap<String, usize> = HashMap::new();
        for (i, c) in components.iter().enumerate() {
            by_manifest.entry(c.evidence.path.clone()).or_insert(i);
            if !c.kind.owns_files() {
                continue;
            }
            let best = by_root.entry(c.root.clone()).or_insert(i);
            if (ownership_rank(c.kind), i) < (ownership_rank(components[*best].kind), *best) {
                *best = i;
            }
        }
        OwnerIndex {
            by_root,
            by_manifest,
        }
    }

    /// Index of the component that owns the file at `path`.
    pub fn owner(&self, path: &str) -> Option<usize> {
        let mut dir = parent_dir(path);
        loop {
            if let Some(&i) = self.by_root.get(dir) {
                return Some(i);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    }

    /// The component a manifest declares, or else the one that owns the manifest's path.
    pub fn declared_by(&self, manifest: &str) -> Option<usize> {
        self.by_manifest
            .get(manifest)
            .copied()
            .or_else(|| self.owner(manifest))
    }
}

/// Builds the inventory from what the walk produced.
pub fn build(root: String, walked: super::Observations) -> Inventory {
    let super::Observations {
        files: walked_files,
        mut skipped,
        mut notes,
    } = walked;

    let mut decls: Vec<ComponentDecl> = Vec::new();
    let mut dependencies: Vec<Dependency> = Vec::new();
    let mut locks: Vec<(String, LockedPackage)> = Vec::new();
    let mut docs = Vec::new();
    let mut configs = Vec::new();
    let mut infra = InfraFacts::default();
    let mut code = super::CodeFacts::default();
    let mut files = Vec::with_capacity(walked_files.len());
    let mut pattern_hits = Vec::new();

    for walked in walked_files {
        if let Some(facts) = walked.facts {
            decls.extend(facts.components);
            dependencies.extend(facts.dependencies);
            let dir = parent_dir(&walked.record.path).to_string();
            locks.extend(facts.locked.into_iter().map(|l| (dir.clone(), l)));
            docs.extend(facts.doc);
            configs.extend(facts.config);
            infra.merge(facts.infra);
            code.merge(facts.code);
            notes.extend(facts.notes);
        }
        pattern_hits.extend(walked.hits);
        files.push(walked.record);
    }
    pattern_hits.sort_by(|a, b| (a.pattern, &a.evidence).cmp(&(b.pattern, &b.evidence)));
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let mut components = merge_decls(decls);
    let owners = OwnerIndex::new(&components);
    assign_files(&mut components, &owners, &mut files);

    for dep in &mut dependencies {
        dep.component = owners
            .declared_by(&dep.evidence.path)
            .map(|i| components[i].id.clone());
    }
    apply_locks(&mut dependencies, &locks);
    dependencies.sort();
    dependencies.dedup();

    for doc in &mut docs {
        doc.component = owners.owner(&doc.path).map(|i| components[i].id.clone());
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    for config in &mut configs {
        config.component = owners.owner(&config.path).map(|i| components[i].id.clone());
    }
    configs.sort_by(|a, b| a.path.cmp(&b.path));
    infra.sort();
    code.assign_components(|path| owners.owner(path).map(|i| components[i].id.clone()));
    code.sort();
    code.links = super::graph::links(&components, &owners, &files, &code);
    skipped.sort();
    notes.sort();
    notes.dedup();

    let mut languages: BTreeMap<String, LanguageStats> = BTreeMap::new();
    let mut summary = FilesSummary {
        skipped: skipped
            .iter()
            .filter(|s| s.reason != super::SkipReason::NotAFile)
            .count() as u64,
        ..FilesSummary::default()
    };
    for file in &files {
        summary.total += 1;
        summary.bytes += file.bytes;
        *summary.by_role.entry(file.role).or_default() += 1;
        if file.language.is_some() || file.lines.lines() > 0 {
            summary.read += 1;
        }
        if let Some(language) = &file.language {
            summary.counted += 1;
            let stats = languages.entry(language.clone()).or_default();
            stats.files += 1;
            stats.lines += file.lines;
            *stats.code_by_role.entry(file.role).or_default() += file.lines.code;
        }
    }
    summary.total += summary.skipped;

    Inventory {
        schema_version: INVENTORY_SCHEMA_VERSION,
        root,
        files: summary,
        languages,
        components,
        dependencies,
        docs,
        configs,
        infra,
        code,
        skipped,
        notes,
        file_list: files,
        pattern_hits,
    }
}

fn parent_dir(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
}

/// Whether `path` lies under directory `root` (`""` is the repository root).
pub fn is_under(path: &str, root: &str) -> bool {
    root.is_empty() || (path.starts_with(root) && path.as_bytes().get(root.len()) == Some(&b'/'))
}

/// Kinds that own code first when several components share a root. A `package.json` beside
/// another ecosystem's manifest (a Rails or Laravel app's front-end tooling, a Python
/// project's linters) belongs to that project, so an npm package comes after the other code
/// components.
fn ownership_rank(kind: ComponentKind) -> u8 {
    match kind {
        ComponentKind::CargoPackage
        | ComponentKind::GoModule
        | ComponentKind::PythonPackage
        | ComponentKind::MavenProject
        | ComponentKind::GradleProject
        | ComponentKind::RubyApp
        | ComponentKind::RubyGem
        | ComponentKind::ComposerPackage
        | ComponentKind::MixProject
        | ComponentKind::DotnetProject => 0,
        ComponentKind::NpmPackage | ComponentKind::GoBinary => 1,
        ComponentKind::CargoWorkspace | ComponentKind::NpmWorkspace => 2,
        ComponentKind::DockerImage => 3,
        ComponentKind::ComposeService => 4,
    }
}

/// Which manifest names a component best when several declare the same one: Gradle's settings
/// file (it has `rootProject.name` and the members), then pyproject.toml, setup.cfg, setup.py.
fn manifest_rank(evidence_path: &str) -> u8 {
    let name = evidence_path.rsplit('/').next().unwrap_or(evidence_path);
    match name {
        "settings.gradle" | "settings.gradle.kts" => 0,
        "pyproject.toml" => 1,
        "setup.cfg" => 2,
        "setup.py" => 3,
        _ => 4,
    }
}

/// One component per kind and root (Compose services: per kind, root and name); the best
/// manifest gives the name, members are merged; ids made unique and stable.
fn merge_decls(mut decls: Vec<ComponentDecl>) -> Vec<Component> {
    let group_name = |d: &ComponentDecl| {
        if d.kind == ComponentKind::ComposeService {
            d.name.clone()
        } else {
            String::new()
        }
    };
    decls.sort_by(|a, b| {
        (
            a.kind,
            &a.root,
            group_name(a),
            manifest_rank(&a.evidence.path),
            &a.evidence,
        )
            .cmp(&(
                b.kind,
                &b.root,
                group_name(b),
                manifest_rank(&b.evidence.path),
                &b.evidence,
            ))
    });
    let mut merged: Vec<ComponentDecl> = Vec::new();
    for decl in decls {
        match merged.last_mut() {
            Some(last)
                if last.kind == decl.kind
                    && last.root == decl.root
                    && group_name(last) == group_name(&decl) =>
            {
                for m in decl.members {
                    if !last.members.contains(&m) {
                        last.members.push(m);
                    }
                }
            }
            _ => merged.push(decl),
        }
    }
    let mut count: HashMap<(ComponentKind, String), usize> = HashMap::new();
    for d in &merged {
        *count.entry((d.kind, d.root.clone())).or_default() += 1;
    }
    let mut components: Vec<Component> = merged
        .into_iter()
        .map(|d| {
            let root_label = if d.root.is_empty() {
                "."
            } else {
                d.root.as_str()
            };
            let id = if count[&(d.kind, d.root.clone())] > 1 {
                format!("{}:{}#{}", d.kind, root_label, d.name)
            } else {
                format!("{}:{}", d.kind, root_label)
            };
            Component {
                id,
                kind: d.kind,
                name: d.name,
                root: d.root,
                evidence: d.evidence,
                members: d.members,
                files: 0,
                languages: BTreeMap::new(),
                source_languages: BTreeMap::new(),
            }
        })
        .collect();
    components.sort_by(|a, b| {
        (&a.root, ownership_rank(a.kind), &a.id).cmp(&(&b.root, ownership_rank(b.kind), &b.id))
    });
    components
}

fn assign_files(components: &mut [Component], owners: &OwnerIndex, files: &mut [FileRecord]) {
    for file in files.iter_mut() {
        let Some(i) = owners.owner(&file.path) else {
            continue;
        };
        let component = &mut components[i];
        file.component = Some(component.id.clone());
        component.files += 1;
        if let Some(language) = &file.language {
            *component.languages.entry(language.clone()).or_default() += file.lines;
            if file.role == FileRole::Source {
                *component
                    .source_languages
                    .entry(language.clone())
                    .or_default() += file.lines;
            }
        }
    }
}

/// Fills `locked` from the nearest lock file at or above each manifest's directory.
///
/// NuGet's versions come from `Directory.Packages.props`, which pins a version for the
/// references that give none: a reference with its own `Version` (or `VersionOverride`) does
/// not take it, and package ids are matched without case, as NuGet matches them.
fn apply_locks(dependencies: &mut [Dependency], locks: &[(String, LockedPackage)]) {
    let key = |ecosystem: Ecosystem, name: &str| {
        if ecosystem == Ecosystem::Nuget {
            name.to_ascii_lowercase()
        } else {
            name.to_string()
        }
    };
    let mut by_dir: HashMap<(&str, Ecosystem), HashMap<String, &str>> = HashMap::new();
    for (dir, lock) in locks {
        by_dir
            .entry((dir.as_str(), lock.ecosystem))
            .or_default()
            .entry(key(lock.ecosystem, &lock.name))
            .or_insert(lock.version.as_str());
    }
    if by_dir.is_empty() {
        return;
    }
    for dep in dependencies.iter_mut() {
        if dep.ecosystem == Ecosystem::Nuget && dep.version.is_some() {
            continue;
        }
        let name = key(dep.ecosystem, &dep.name);
        let mut dir = parent_dir(&dep.evidence.path);
        loop {
            if let Some(versions) = by_dir.get(&(dir, dep.ecosystem)) {
                if let Some(v) = versions.get(&name) {
                    dep.locked = Some((*v).to_string());
                }
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = parent_dir(dir);
        }
    }
}
