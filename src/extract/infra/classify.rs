//! What a CI job, CI step or Make target does, read from its name and commands.
//!
//! One table of signals serves GitHub Actions, GitLab CI and Makefiles, so the same command
//! means the same kind wherever it is written.

use std::collections::BTreeSet;

use crate::facts::infra::CiKind;

/// Signals per kind, matched case-insensitively as substrings of the lowered text. Words that
/// are prone to false positives are matched as whole words by [`has_word`] instead.
const SECURITY: &[&str] = &[
    "trivy",
    "snyk",
    "codeql",
    "gosec",
    "bandit",
    "semgrep",
    "grype",
    "cargo audit",
    "cargo deny",
    "cargo-deny",
    "cargo-audit",
    "npm audit",
    "yarn audit",
    "pip-audit",
    "safety check",
    "dependency-review",
    "gitleaks",
    "trufflehog",
    "govulncheck",
    "osv-scanner",
    "checkov",
    "tfsec",
    "kubesec",
    "kube-score",
    "anchore",
];
const IMAGE_BUILD: &[&str] = &[
    "docker build",
    "docker buildx",
    "docker/build-push-action",
    "docker-build",
    "buildah",
    "kaniko",
    "ko build",
    "ko publish",
    "podman build",
    "docker compose build",
    "docker-compose build",
    "jib",
];
const DEPLOY: &[&str] = &[
    "kubectl apply",
    "kubectl rollout",
    "kubectl set image",
    "kubectl create",
    "helm upgrade",
    "helm install",
    "helmfile",
    "argocd",
    "flux ",
    "fluxcd",
    "make deploy",
    "kustomize build",
    "skaffold run",
    "skaffold deploy",
    "terraform apply",
    "pulumi up",
    "azure/k8s-deploy",
    "deploy-",
];
const INTEGRATION: &[&str] = &[
    "integration",
    "e2e",
    "end-to-end",
    "end_to_end",
    "testcontainers",
    "kind create",
    "helm/kind-action",
    "kind-action",
    "playwright",
    "cypress",
    "k6 run",
    "smoke",
];
const UNIT_TEST: &[&str] = &[
    "go test",
    "cargo test",
    "cargo nextest",
    "pytest",
    "python -m unittest",
    "npm test",
    "npm run test",
    "yarn test",
    "pnpm test",
    "jest",
    "vitest",
    "mocha",
    "mvn test",
    "mvn verify",
    "gradle test",
    "gradlew test",
    "dotnet test",
    "make test",
    "ginkgo",
    "tox",
    "rspec",
    "phpunit",
];
const LINT: &[&str] = &[
    "lint",
    "clippy",
    "cargo fmt",
    "rustfmt",
    "gofmt",
    "go vet",
    "staticcheck",
    "flake8",
    "ruff",
    "black --check",
    "mypy",
    "pylint",
    "eslint",
    "prettier",
    "hadolint",
    "shellcheck",
    "yamllint",
    "markdownlint",
    "pre-commit",
    "kubeconform",
    "kubeval",
];
const BUILD: &[&str] = &[
    "go build",
    "cargo build",
    "npm run build",
    "yarn build",
    "pnpm build",
    "mvn package",
    "mvn install",
    "gradle build",
    "gradlew build",
    "dotnet build",
    "python -m build",
    "make build",
    "goreleaser",
];
const PROMOTION: &[&str] = &["promote", "promotion"];

/// Kinds a piece of text (a name, a command, a `uses:`) suggests.
pub fn kinds_of(text: &str) -> BTreeSet<CiKind> {
    let lower = text.to_ascii_lowercase();
    let has = |signals: &[&str]| signals.iter().any(|s| lower.contains(s));
    let mut kinds = BTreeSet::new();
    if has(SECURITY) {
        kinds.insert(CiKind::SecurityScan);
    }
    if has(IMAGE_BUILD) {
        kinds.insert(CiKind::ImageBuild);
    }
    if has(DEPLOY) || has_word(&lower, "deploy") {
        kinds.insert(CiKind::Deploy);
    }
    if has(PROMOTION) {
        kinds.insert(CiKind::Promotion);
    }
    let integration = has(INTEGRATION) || has_word(&lower, "kind");
    if integration {
        kinds.insert(CiKind::IntegrationTest);
    }
    // A test command that names integration is an integration test, unless it also says unit.
    let tests = has(UNIT_TEST) || has_word(&lower, "test") || has_word(&lower, "tests");
    if tests && !integration || has_word(&lower, "unit") {
        kinds.insert(CiKind::UnitTest);
    }
    if has(LINT) {
        kinds.insert(CiKind::Lint);
    }
    if has(BUILD) || has_word(&lower, "build") && !kinds.contains(&CiKind::ImageBuild) {
        kinds.insert(CiKind::Build);
    }
    kinds
}

/// Whether `word` occurs in `lower` delimited by non-alphanumeric characters (`make test`,
/// `unit-tests`, `deploy_qa` count; `contest`, `latest` do not).
pub fn has_word(lower: &str, word: &str) -> bool {
    lower.match_indices(word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<CiKind> {
        kinds_of(text).into_iter().collect()
    }

    #[test]
    fn commands_map_to_kinds() {
        assert_eq!(kinds("go test ./..."), vec![CiKind::UnitTest]);
        assert_eq!(
            kinds("go test -tags=integration ./test/..."),
            vec![CiKind::IntegrationTest]
        );
        assert_eq!(
            kinds("aquasecurity/trivy-action@master"),
            vec![CiKind::SecurityScan]
        );
        assert_eq!(
            kinds("docker/build-push-action@v5"),
            vec![CiKind::ImageBuild]
        );
        assert_eq!(
            kinds("helm upgrade --install app ./chart"),
            vec![CiKind::Deploy]
        );
        assert_eq!(kinds("promote-to-prod"), vec![CiKind::Promotion]);
        assert_eq!(kinds("cargo clippy -- -D warnings"), vec![CiKind::Lint]);
        assert_eq!(kinds("cargo build --release"), vec![CiKind::Build]);
        assert!(kinds("docker pull nginx:latest").is_empty());
        assert!(kinds("echo contest").is_empty());
    }
}
