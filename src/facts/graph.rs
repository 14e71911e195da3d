//! The component graph: which component imports or calls which, resolved from the imports and
//! outbound URLs read in each file. Links inside one component are not edges.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{CodeFacts, Component, ComponentKind, Evidence, FileRecord, OwnerIndex};

/// How one component reaches another.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The source imports the target's code.
    Import,
    /// The source calls the target over HTTP (a URL naming it, or its port on localhost).
    Http,
}

/// An edge of the component graph, with the line that makes it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct ComponentLink {
    pub from: String,
    pub to: String,
    pub via: LinkKind,
    pub evidence: Evidence,
}

/// Code components meant to be shared: a module named shared, common, lib(s), core, pkg or
/// utils (or ending so). Only kinds in languages whose imports are read: a shared gem, Hex or
/// NuGet package could never be seen imported, and would always look unused.
pub fn is_shared(c: &Component) -> bool {
    static SHARED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^(shared|common|libs?|core|pkg|utils?)$|[-_](shared|common|lib|core|utils)$",
        )
        .expect("static regex")
    });
    let code = matches!(
        c.kind,
        ComponentKind::GoModule
            | ComponentKind::PythonPackage
            | ComponentKind::NpmPackage
            | ComponentKind::CargoPackage
            | ComponentKind::MavenProject
            | ComponentKind::GradleProject
    );
    let dir = c.root.rsplit('/').next().unwrap_or("");
    let name = c.name.rsplit(['/', ':']).next().unwrap_or("");
    code && !c.root.is_empty() && (SHARED.is_match(dir) || SHARED.is_match(name))
}

/// Resolves imports and HTTP calls to components. One link per (from, to, kind, file): the
/// first line in each file that makes it.
pub fn links(
    components: &[Component],
    owners: &OwnerIndex,
    files: &[FileRecord],
    code: &CodeFacts,
) -> Vec<ComponentLink> {
    let mut go: Vec<(&str, usize)> = Vec::new();
    let mut by_package: HashMap<String, usize> = HashMap::new();
    let mut by_host: HashMap<String, usize> = HashMap::new();
    for (i, c) in components.iter().enumerate() {
        match c.kind {
            ComponentKind::GoModule => go.push((c.name.as_str(), i)),
            ComponentKind::PythonPackage | ComponentKind::CargoPackage => {
                by_package.insert(c.name.to_ascii_lowercase().replace('-', "_"), i);
            }
            ComponentKind::NpmPackage => {
                by_package.insert(c.name.clone(), i);
            }
            _ => {}
        }
        if c.kind.owns_files() {
            let dir = c.root.rsplit('/').next().unwrap_or("");
            if !dir.is_empty() {
                by_host.entry(dir.to_ascii_lowercase()).or_insert(i);
            }
            by_host.entry(c.name.to_ascii_lowercase()).or_insert(i);
        }
    }
    // A service name in Compose resolves to the code it builds (same root), else itself.
    for c in components
        .iter()
        .filter(|c| c.kind == ComponentKind::ComposeService)
    {
        if let Some(i) = owners.owner(&format!("{}/x", c.root)) {
            by_host.insert(c.name.to_ascii_lowercase(), i);
        }
    }
    // Python packages by their top-level directories (`kOTN/minio_to_git/__init__.py`).
    for f in files.iter().filter(|f| f.path.ends_with("/__init__.py")) {
        let Some(i) = owners.owner(&f.path) else {
            continue;
        };
        let rel = f.path[components[i].root.len()..].trim_start_matches('/');
        let rel = rel.strip_prefix("src/").unwrap_or(rel);
        if let Some((top, _)) = rel.split_once('/') {
            by_package.entry(top.to_string()).or_insert(i);
        }
    }
    // Ports each component listens on, for calls to localhost.
    let mut by_port: HashMap<u16, usize> = HashMap::new();
    for l in &code.listeners {
        if let (Some(p), Some(i)) = (l.port, owners.owner(&l.evidence.path)) {
            by_port.entry(p).or_insert(i);
        }
    }

    let mut out: Vec<ComponentLink> = Vec::new();
    let mut push = |from: usize, to: usize, via: LinkKind, evidence: &Evidence| {
        if from != to {
            out.push(ComponentLink {
                from: components[from].id.clone(),
                to: components[to].id.clone(),
                via,
                evidence: evidence.clone(),
            });
        }
    };
    for import in &code.imports {
        let Some(from) = owners.owner(&import.evidence.path) else {
            continue;
        };
        let m = import.module.as_str();
        let to = if m.starts_with('.') {
            relative(&import.evidence.path, m).and_then(|p| owners.owner(&format!("{p}/x")))
        } else {
            go.iter()
                .filter(|(module, _)| m == *module || m.starts_with(&format!("{module}/")))
                .max_by_key(|(module, _)| module.len())
                .map(|(_, i)| *i)
                .or_else(|| {
                    let first = m.split(['.', '/', ':']).next().unwrap_or(m);
                    by_package
                        .get(m)
                        .or_else(|| by_package.get(first))
                        .or_else(|| {
                            // npm scoped packages and subpaths: `@acme/shared/x`.
                            let scoped: String =
                                m.splitn(3, '/').take(2).collect::<Vec<_>>().join("/");
                            by_package.get(&scoped)
                        })
                        .copied()
                })
        };
        if let Some(to) = to {
            push(from, to, LinkKind::Import, &import.evidence);
        }
    }
    for call in &code.http_calls {
        let Some(from) = owners.owner(&call.evidence.path) else {
            continue;
        };
        let host = call.host.split('.').next().unwrap_or(&call.host);
        let to = if matches!(host, "localhost" | "127") {
            call.port.and_then(|p| by_port.get(&p).copied())
        } else {
            by_host.get(host).copied()
        };
        if let Some(to) = to {
            push(from, to, LinkKind::Http, &call.evidence);
        }
    }
    out.sort();
    out.dedup_by(|a, b| {
        a.from == b.from && a.to == b.to && a.via == b.via && a.evidence.path == b.evidence.path
    });
    out
}

/// The directory a relative import points to, repository-relative.
fn relative(file: &str, module: &str) -> Option<String> {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    // Python: `..pkg` is one level up per extra dot; JavaScript: `../pkg/x`.
    if !module.contains('/') {
        let dots = module.chars().take_while(|c| *c == '.').count();
        for _ in 1..dots {
            parts.pop()?;
        }
        let rest = &module[dots..];
        if let Some(first) = rest.split('.').next().filter(|s| !s.is_empty()) {
            parts.push(first);
        }
        return Some(parts.join("/"));
    }
    for seg in module.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    parts.pop();
    Some(parts.join("/"))
}
