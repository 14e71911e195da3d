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
/// Format and prose checks: they keep the code tidy but find no defects.
const FORMAT: &[&str] = &[
    "cargo fmt",
    "rustfmt",
    "gofmt",
    "black --check",
    "prettier",
    "mix format",
    "dotnet format",
    "markdownlint",
    "isort --check",
];
const LINT: &[&str] = &[
    "lint",
    "clippy",
    "go vet",
    "staticcheck",
    "flake8",
    "ruff",
    "mypy",
    "pylint",
    "eslint",
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
/// Starting a real database, cache or broker for the job: tests run after it run against it.
const STARTS_A_STORE: &[&str] = &[
    "systemctl start postgresql",
    "systemctl start mysql",
    "service postgresql start",
    "service mysql start",
    "setup-mariadb",
    "setup-postgres",
    "setup-mysql",
    "mysql-action",
    "redis-github-action",
    "mongodb-github-action",
    "docker compose up",
    "docker-compose up",
];
/// Images of databases, caches and brokers a CI job runs as a service container.
const STORE_IMAGES: &[&str] = &[
    "postgres",
    "mysql",
    "mariadb",
    "redis",
    "valkey",
    "mongo",
    "rabbitmq",
    "kafka",
    "elasticsearch",
    "opensearch",
    "memcached",
    "minio",
    "localstack",
    "cassandra",
    "clickhouse",
    "nats",
];

/// Whether a CI job's text starts a real database, cache or broker (a service container of
/// one of their images, or a step that starts one).
pub fn starts_a_store(text: &str, service_images: &[String]) -> bool {
    let lower = text.to_ascii_lowercase();
    STARTS_A_STORE.iter().any(|s| lower.contains(s))
        || service_images.iter().any(|i| {
            let i = i.to_ascii_lowercase();
            STORE_IMAGES.iter().any(|s| i.contains(s))
        })
}
/// Publishing a release for others to install or deploy: pushing an image to a registry,
/// uploading release assets, publishing a package or a chart.
const PUBLISH: &[&str] = &[
    "docker push",
    "podman push",
    "buildah push",
    "docker buildx imagetools create",
    "--push",
    "docker/login-action",
    "ko publish",
    "goreleaser",
    "gh release create",
    "gh release upload",
    "action-gh-release",
    "upload-release-asset",
    "ncipollo/release-action",
    "npm publish",
    "yarn publish",
    "yarn npm publish",
    "pnpm publish",
    "cargo publish",
    "twine upload",
    "gh-action-pypi-publish",
    "poetry publish",
    "gem push",
    "helm push",
    "chart-releaser",
    "mvn deploy",
    "mvnw deploy",
    "gradle publish",
    "gradlew publish",
    "nuget push",
    "skopeo copy",
    "crane push",
    "mix hex.publish",
];
/// Publishing commands whose words would otherwise read as a deployment.
const PUBLISH_NOT_DEPLOY: &[&str] = &["mvn deploy", "mvnw deploy"];
/// Setting up a throwaway cluster inside the CI job: what is applied to it is under test,
/// not deployed.
const EPHEMERAL_CLUSTER: &[&str] = &[
    "kind create cluster",
    "kind-action",
    "setup-kind",
    "setup-minikube",
    "minikube start",
    "k3d cluster create",
    "k3d-action",
    "setup-k3d",
    "setup-k3s",
    "microk8s",
];

/// Whether a CI job's text sets up a throwaway cluster (kind, minikube, k3d) to test against.
pub fn ephemeral_cluster(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    EPHEMERAL_CLUSTER.iter().any(|s| lower.contains(s))
}

/// Kinds a piece of text (a name, a command, a `uses:`) suggests.
pub fn kinds_of(text: &str) -> BTreeSet<CiKind> {
    kinds_in(text, false)
}

/// Kinds a script (a `run:` block, a GitLab script line) suggests. Words of a script are also
/// variable and file names: `deploy` counts only as a word of its own (`make deploy`,
/// `./deploy prod`), not inside an identifier (`$DEPLOY_DIR`, `deploy_key`).
pub fn kinds_of_script(text: &str) -> BTreeSet<CiKind> {
    kinds_in(text, true)
}

fn kinds_in(text: &str, script: bool) -> BTreeSet<CiKind> {
    let lower = text.to_ascii_lowercase();
    let has = |signals: &[&str]| signals.iter().any(|s| lower.contains(s));
    let mut kinds = BTreeSet::new();
    if has(SECURITY) {
        kinds.insert(CiKind::SecurityScan);
    }
    if has(IMAGE_BUILD) {
        kinds.insert(CiKind::ImageBuild);
    }
    if has(PUBLISH) {
        kinds.insert(CiKind::Publish);
    }
    let mut deploy_text = std::borrow::Cow::Borrowed(lower.as_str());
    for p in PUBLISH_NOT_DEPLOY.iter().filter(|p| lower.contains(*p)) {
        deploy_text = std::borrow::Cow::Owned(deploy_text.replace(p, " "));
    }
    let deploy_word = if script {
        has_identifier_word(&deploy_text, "deploy")
    } else {
        has_word(&deploy_text, "deploy")
    };
    if DEPLOY.iter().any(|s| deploy_text.contains(s)) || deploy_word {
        kinds.insert(CiKind::Deploy);
    }
    if has(PROMOTION) {
        kinds.insert(CiKind::Promotion);
    }
    let integration = has(INTEGRATION) || has_word(&lower, "kind");
    if integration {
        kinds.insert(CiKind::IntegrationTest);
    }
    // Maven's package and install phases and Gradle's build run the tests first, unless told
    // to skip them.
    let maven = lower.contains("mvn")
        && ["package", "install", "verify"]
            .iter()
            .any(|w| has_word(&lower, w));
    let gradle = lower.contains("gradle") && has_word(&lower, "build");
    let build_runs_tests = (maven || gradle)
        && !lower.contains("skiptests")
        && !lower.contains("maven.test.skip")
        && !lower.contains("-x test");
    // A test command that names integration is an integration test, unless it also says unit.
    let tests =
        has(UNIT_TEST) || build_runs_tests || has_word(&lower, "test") || has_word(&lower, "tests");
    if tests && !integration || has_word(&lower, "unit") {
        kinds.insert(CiKind::UnitTest);
    }
    if has(FORMAT) {
        // `markdownlint` says lint; with the format checks taken out, what is left decides.
        let mut rest = lower.clone();
        for f in FORMAT {
            rest = rest.replace(f, " ");
        }
        if LINT.iter().any(|s| rest.contains(s)) {
            kinds.insert(CiKind::Lint);
        } else {
            kinds.insert(CiKind::Format);
        }
    } else if has(LINT) {
        kinds.insert(CiKind::Lint);
    }
    if has(BUILD)
        || maven
        || gradle
        || has_word(&lower, "build") && !kinds.contains(&CiKind::ImageBuild)
    {
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

/// Like [`has_word`], with `_` also part of a word, as in a shell or make identifier.
fn has_identifier_word(lower: &str, word: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_';
    lower.match_indices(word).any(|(i, _)| {
        !lower[..i].chars().next_back().is_some_and(part)
            && !lower[i + word.len()..].chars().next().is_some_and(part)
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
        assert_eq!(kinds("cargo fmt --all --check"), vec![CiKind::Format]);
        assert_eq!(
            kinds("npx markdownlint-cli2 '**/*.md'"),
            vec![CiKind::Format]
        );
        assert_eq!(
            kinds("cargo fmt --check && cargo clippy -- -D warnings"),
            vec![CiKind::Lint]
        );
        assert_eq!(kinds("cargo build --release"), vec![CiKind::Build]);
        assert_eq!(
            kinds("docker push ghcr.io/acme/api:1.2"),
            vec![CiKind::Publish]
        );
        assert_eq!(kinds("mvn deploy -DskipTests"), vec![CiKind::Publish]);
        assert_eq!(
            kinds("mvn -B package --file pom.xml"),
            vec![CiKind::Build, CiKind::UnitTest]
        );
        assert_eq!(kinds("./mvnw package -DskipTests"), vec![CiKind::Build]);
        assert!(kinds("docker pull nginx:latest").is_empty());
        assert!(kinds("echo contest").is_empty());
    }

    #[test]
    fn scripts_do_not_deploy_by_variable_names() {
        let script = |t: &str| kinds_of_script(t).into_iter().collect::<Vec<_>>();
        assert!(script("echo \"DEPLOY_DIR=deployment/deb\" >> $GITHUB_ENV").is_empty());
        assert!(script("cp rg \"$DEPLOY_DIR/\"").is_empty());
        assert_eq!(script("./scripts/deploy prod"), vec![CiKind::Deploy]);
        assert_eq!(script("make deploy"), vec![CiKind::Deploy]);
        // As a job name, `deploy_qa` still deploys.
        assert_eq!(kinds("deploy_qa"), vec![CiKind::Deploy]);
    }

    #[test]
    fn throwaway_clusters_are_recognised() {
        assert!(ephemeral_cluster("uses: helm/kind-action@v1"));
        assert!(ephemeral_cluster("medyagh/setup-minikube@v0.0.14"));
        assert!(ephemeral_cluster("k3d cluster create test"));
        assert!(!ephemeral_cluster("kubectl apply -k overlays/prod"));
    }
}
