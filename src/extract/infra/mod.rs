//! Infrastructure files: Dockerfiles, Compose, Kubernetes, Helm, Kustomize, CI, Makefiles, and
//! the code that reconciles Kubernetes kinds (controllers).
//!
//! Everything is read statically: nothing is built, templated or run. `wants` decides by name;
//! `extract` decides by name and, for YAML and JSON that could be Kubernetes manifests, by a
//! cheap look at the content before anything is parsed.

pub mod aspire;
pub mod ci;
pub mod classify;
pub mod compose;
pub mod controllers;
pub mod docker;
pub mod helm;
pub mod k8s;
pub mod kustomize;
pub mod make;
pub mod procfile;
pub mod yaml;

use super::{FileFacts, SourceFile};
use crate::facts::infra::{ImagePin, ImageRef};

/// What kind of infrastructure file a name says a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InfraKind {
    Dockerfile,
    Compose,
    GithubWorkflow,
    GitlabCi,
    HelmChart,
    HelmValues,
    Kustomization,
    Makefile,
    Procfile,
    /// YAML or JSON that may hold Kubernetes objects (decided by content).
    Manifest,
    /// Go, Python or Rust source that may hold a controller (decided by content).
    ControllerSource,
    /// C# source that may be an Aspire app host (decided by content).
    DotnetSource,
}

fn kind_of(path: &str, file_name: &str) -> Option<InfraKind> {
    let lower = file_name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("dockerfile-")
        || lower.ends_with(".dockerfile")
        || lower == "containerfile"
        || lower.starts_with("containerfile.")
    {
        return Some(InfraKind::Dockerfile);
    }
    if lower == "makefile" || lower == "gnumakefile" || ext == "mk" {
        return Some(InfraKind::Makefile);
    }
    if procfile::is_procfile(file_name) {
        return Some(InfraKind::Procfile);
    }
    match ext {
        "go" | "py" | "rs" => return Some(InfraKind::ControllerSource),
        "cs" => return Some(InfraKind::DotnetSource),
        "json" => return Some(InfraKind::Manifest),
        "yaml" | "yml" => {}
        _ => return None,
    }
    let stem = &lower[..lower.len() - ext.len() - 1];
    // Compose files by name, or any YAML in a folder of them (`contrib/docker-compose/basic.yml`).
    let in_compose_dir = path.rsplit('/').skip(1).any(|dir| {
        let dir = dir.to_ascii_lowercase();
        dir.starts_with("docker-compose") || dir == "compose"
    });
    if stem.starts_with("docker-compose")
        || stem == "compose"
        || stem.starts_with("compose.")
        || stem.starts_with("compose-")
        || in_compose_dir
    {
        return Some(InfraKind::Compose);
    }
    if path.starts_with(".github/workflows/") || path.contains("/.github/workflows/") {
        return Some(InfraKind::GithubWorkflow);
    }
    if lower == ".gitlab-ci.yml" || lower == ".gitlab-ci.yaml" || lower.ends_with(".gitlab-ci.yml")
    {
        return Some(InfraKind::GitlabCi);
    }
    if file_name == "Chart.yaml" || file_name == "Chart.yml" {
        return Some(InfraKind::HelmChart);
    }
    if stem == "values" || stem.starts_with("values-") || stem.starts_with("values.") {
        return Some(InfraKind::HelmValues);
    }
    if stem == "kustomization" {
        return Some(InfraKind::Kustomization);
    }
    Some(InfraKind::Manifest)
}

pub fn wants(path: &str, file_name: &str) -> bool {
    kind_of(path, file_name).is_some()
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(kind) = kind_of(file.path, file.file_name) else {
        return;
    };
    match kind {
        InfraKind::Dockerfile => docker::extract(file, out),
        InfraKind::Compose => compose::extract(file, out),
        InfraKind::GithubWorkflow => ci::extract_github(file, out),
        InfraKind::GitlabCi => ci::extract_gitlab(file, out),
        InfraKind::HelmChart => helm::extract_chart(file, out),
        InfraKind::HelmValues => helm::extract_values(file, out),
        InfraKind::Kustomization => kustomize::extract(file, out),
        InfraKind::Makefile => make::extract(file, out),
        InfraKind::Procfile => procfile::extract(file, out),
        InfraKind::ControllerSource => controllers::extract(file, out),
        InfraKind::DotnetSource => aspire::extract(file, out),
        InfraKind::Manifest => {
            if helm::is_template(file) {
                helm::extract_template(file, out);
            } else {
                k8s::extract(file, out);
            }
        }
    }
}

/// Classifies an image reference as written (`nginx:1.25`, `repo/app@sha256:…`, `$BASE`).
pub fn image_ref(reference: &str) -> ImageRef {
    let reference = reference.trim();
    let pin = if reference.contains('$') || reference.contains("{{") || reference.contains("_TPL") {
        ImagePin::Variable
    } else if reference.contains('@') {
        ImagePin::Digest
    } else {
        // The tag is after the last ':' of the last path segment (a registry port is not).
        let last = reference.rsplit('/').next().unwrap_or(reference);
        match last.rsplit_once(':') {
            Some((_, "latest")) => ImagePin::Latest,
            Some((_, tag)) if !tag.is_empty() => ImagePin::Tag,
            _ => ImagePin::Untagged,
        }
    };
    ImageRef {
        reference: reference.to_string(),
        pin,
    }
}

/// Whether a key name (an environment variable, a values key) looks like it holds a secret.
pub fn looks_like_secret_key(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    const WORDS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
        "AUTH",
        "DSN",
        "CONNECTION_STRING",
    ];
    WORDS.iter().any(|w| upper.contains(w))
}

/// Joins `dir` and a relative `path` the way a build context is resolved: `.` and `..`
/// segments are folded; the result is repository-relative and `/`-separated. Paths that climb
/// out of the repository keep their `..` segments.
pub fn join_path(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let mut climbs = 0usize;
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    climbs += 1;
                }
            }
            s => parts.push(s),
        }
    }
    let mut out: Vec<&str> = std::iter::repeat_n("..", climbs).collect();
    out.extend(parts);
    out.join("/")
}

/// One file name that selects each infrastructure extractor: the fuzz target and the corpus
/// replay test feed every input under each of them.
pub const EVERY_KIND_PATHS: &[&str] = &[
    "deploy/app.yaml",
    "k8s/pod.json",
    "docker-compose.yml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "chart/Chart.yaml",
    "chart/values.yaml",
    "chart/templates/deployment.yaml",
    "overlays/prod/kustomization.yaml",
    "Dockerfile",
    "Makefile",
    "Procfile",
    "src/App.AppHost/Program.cs",
    "controller.go",
    "operator.py",
    "main.rs",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_pick_the_extractor() {
        assert_eq!(
            kind_of("svc/Dockerfile", "Dockerfile"),
            Some(InfraKind::Dockerfile)
        );
        assert_eq!(
            kind_of("api.Dockerfile", "api.Dockerfile"),
            Some(InfraKind::Dockerfile)
        );
        assert_eq!(
            kind_of("docker-compose.prod.yml", "docker-compose.prod.yml"),
            Some(InfraKind::Compose)
        );
        assert_eq!(
            kind_of("compose.yaml", "compose.yaml"),
            Some(InfraKind::Compose)
        );
        assert_eq!(
            kind_of("contrib/docker-compose/basic.yml", "basic.yml"),
            Some(InfraKind::Compose)
        );
        assert_eq!(
            kind_of("deploy/k8s/basic.yml", "basic.yml"),
            Some(InfraKind::Manifest)
        );
        assert_eq!(
            kind_of(".github/workflows/ci.yml", "ci.yml"),
            Some(InfraKind::GithubWorkflow)
        );
        assert_eq!(
            kind_of(".gitlab-ci.yml", ".gitlab-ci.yml"),
            Some(InfraKind::GitlabCi)
        );
        assert_eq!(
            kind_of("deploy/k8s/app.yaml", "app.yaml"),
            Some(InfraKind::Manifest)
        );
        assert_eq!(
            kind_of("ops/deploy.mk", "deploy.mk"),
            Some(InfraKind::Makefile)
        );
        assert_eq!(kind_of("README.md", "README.md"), None);
    }

    #[test]
    fn image_pins() {
        assert_eq!(image_ref("nginx").pin, ImagePin::Untagged);
        assert_eq!(image_ref("nginx:latest").pin, ImagePin::Latest);
        assert_eq!(image_ref("registry:5000/app").pin, ImagePin::Untagged);
        assert_eq!(image_ref("registry:5000/app:1.2").pin, ImagePin::Tag);
        assert_eq!(image_ref("app@sha256:abc").pin, ImagePin::Digest);
        assert_eq!(image_ref("${BASE}:1").pin, ImagePin::Variable);
    }

    #[test]
    fn build_contexts_resolve_against_the_file() {
        assert_eq!(join_path("deploy", "../services/api"), "services/api");
        assert_eq!(join_path("", "."), "");
        assert_eq!(join_path("a", "./b/"), "a/b");
        assert_eq!(join_path("", "../x"), "../x");
    }

    #[test]
    fn hostile_inputs_give_notes_through_the_public_entry() {
        let file = |path: &'static str, text: &'static str| crate::extract::test_file(path, text);
        let out = crate::extract::extract(&file(
            "deploy/bomb.yaml",
            concat!(
                "apiVersion: v1\nkind: ConfigMap\n",
                include_str!("../../../fuzz/corpus/infra/billion-laughs.yaml")
            ),
        ));
        assert!(
            out.notes.iter().any(|n| n.message.contains("alias")),
            "{:?}",
            out.notes
        );
        let out = crate::extract::extract(&file(
            "docker-compose.yml",
            include_str!("../../../fuzz/corpus/infra/compose-v1.yml"),
        ));
        assert_eq!(out.infra.compose_services.len(), 2);
        assert_eq!(out.components.len(), 2);
        let out = crate::extract::extract(&file(
            "k8s/pod.json",
            include_str!("../../../fuzz/corpus/infra/pod.json"),
        ));
        assert_eq!(out.infra.k8s_objects.len(), 1);
        let crate::facts::infra::K8sSpec::Workload(pod) = &out.infra.k8s_objects[0].spec else {
            panic!("a Pod is a workload: {:?}", out.infra.k8s_objects[0]);
        };
        assert_eq!(
            pod.containers[0].image.as_ref().map(|i| i.pin),
            Some(ImagePin::Digest)
        );
    }
}
