//! Kustomize: what a `kustomization.yaml` assembles (resources, bases, components, patches,
//! images) and which environment its directory stands for. Environments per overlay are what
//! promotion requirements look for.

use super::yaml::{self, Node};
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::Kustomization;
use crate::facts::Evidence;

/// Directory names that name an environment.
const ENVIRONMENTS: &[&str] = &[
    "dev",
    "development",
    "test",
    "qa",
    "uat",
    "stage",
    "staging",
    "preprod",
    "prod",
    "production",
    "local",
    "sandbox",
];

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(doc) = yaml::first_mapping(file.text, file.path, "kustomization", &mut out.notes)
    else {
        return;
    };
    let root = &doc.root;
    let strings = |key: &str| root.get(key).map(Node::strings).unwrap_or_default();
    let mut patches = strings("patchesStrategicMerge");
    for key in ["patches", "patchesJson6902"] {
        for patch in root.get(key).map(Node::items).unwrap_or_default() {
            match patch
                .get("path")
                .and_then(Node::as_str)
                .or_else(|| patch.as_str())
            {
                Some(path) => patches.push(path.to_string()),
                None => patches.push(describe_inline_patch(patch)),
            }
        }
    }
    // `replicas:` entries change replica counts per environment without a patch.
    for r in root.get("replicas").map(Node::items).unwrap_or_default() {
        if let (Some(name), Some(count)) = (
            r.get("name").and_then(Node::as_str),
            r.get("count").and_then(Node::as_u64),
        ) {
            patches.push(format!("replicas {name}={count}"));
        }
    }
    out.infra.kustomizations.push(Kustomization {
        dir: file.dir().to_string(),
        environment: environment_of(file.dir()),
        namespace: root
            .get("namespace")
            .and_then(Node::as_str)
            .map(str::to_string),
        resources: strings("resources"),
        bases: strings("bases"),
        components: strings("components"),
        patches,
        images: root
            .get("images")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| i.get("name").and_then(Node::as_str).map(str::to_string))
            .collect(),
        evidence: Evidence::lines(file.path, file.role, root.line, root.end_line),
    });
}

/// `overlays/<env>/…` names the environment; otherwise the deepest segment that is a known
/// environment name.
pub fn environment_of(dir: &str) -> Option<String> {
    let segments: Vec<&str> = dir.split('/').collect();
    if let Some(i) = segments.iter().position(|s| *s == "overlays") {
        if let Some(env) = segments.get(i + 1) {
            return Some(env.to_string());
        }
    }
    segments
        .iter()
        .rev()
        .find(|s| ENVIRONMENTS.contains(&s.to_ascii_lowercase().as_str()))
        .map(|s| s.to_string())
}

/// `inline Deployment/api: /spec/replicas` — what an inline patch targets and, for JSON
/// patches, which paths it changes; enough to tell environments apart.
fn describe_inline_patch(patch: &Node) -> String {
    let target = patch.get("target");
    let field = |k: &str| target.and_then(|t| t.get(k)).and_then(Node::as_str);
    let mut label = String::from("inline");
    match (field("kind"), field("name")) {
        (Some(kind), Some(name)) => label.push_str(&format!(" {kind}/{name}")),
        (Some(kind), None) => label.push_str(&format!(" {kind}")),
        (None, Some(name)) => label.push_str(&format!(" {name}")),
        (None, None) => {}
    }
    if let Some(text) = patch.get("patch").and_then(Node::as_str) {
        // JSON 6902 operations: each `path:` with its `value:` when that is a short scalar,
        // so two environments that patch the same field differently tell apart.
        let mut paths: Vec<String> = Vec::new();
        for line in text.lines() {
            let line = line.trim().trim_start_matches("- ").trim();
            if let Some(p) = line.strip_prefix("path:").map(str::trim) {
                if p.starts_with('/') && paths.len() < 4 {
                    paths.push(p.to_string());
                }
            } else if let Some(v) = line.strip_prefix("value:").map(str::trim) {
                if let Some(last) = paths.last_mut() {
                    if !v.is_empty() && v.len() <= 40 && !last.contains('=') {
                        last.push('=');
                        last.push_str(v.trim_matches('"'));
                    }
                }
            }
        }
        if !paths.is_empty() {
            label.push_str(": ");
            label.push_str(&paths.join(", "));
        }
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_kustomization() {
        let text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: app-prod\nresources:\n  - ../../base\n  - pdb.yaml\ncomponents: [../../components/ha]\npatches:\n  - path: replicas.yaml\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n    target: {kind: Deployment}\npatchesStrategicMerge: [resources.yaml]\nimages:\n  - name: ghcr.io/acme/app\n    newTag: 1.4.2\n";
        let file = crate::extract::test_file("deploy/overlays/prod/kustomization.yaml", text);
        let mut out = FileFacts::default();
        extract(&file, &mut out);
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        insta::assert_yaml_snapshot!(out.infra);
    }

    #[test]
    fn environments_from_paths() {
        assert_eq!(environment_of("k8s/overlays/qa-eu"), Some("qa-eu".into()));
        assert_eq!(environment_of("deploy/staging"), Some("staging".into()));
        assert_eq!(environment_of("deploy/base"), None);
    }
}
