use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{ConditionRef, KubernetesKind, Language, RuleGlob, RuleRegex};
use crate::facts::infra::CiKind;
use crate::facts::{ComponentKind, Ecosystem, FileRole};

/// A condition over the facts. Leaves test one kind of fact; `all`, `any` and `not` combine.
/// The default, `all: []`, always holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold (its evidence becomes evidence against).
    Not(Box<Condition>),
    /// A file whose repository-relative path matches a glob exists.
    File(FileCondition),
    /// A dependency is declared in a manifest.
    Dependency(DependencyCondition),
    /// A component of a kind exists.
    Component(ComponentCondition),
    /// A regular expression matches a line of a file in one of the languages.
    Pattern(PatternCondition),
    /// A Markdown heading matches (documents about a subject).
    Heading(HeadingCondition),
    /// An infrastructure fact holds (Dockerfile, Compose, Kubernetes, CI, Make).
    Infra(InfraCheck),
    /// A fact read from source code holds (routes, secrets, the component graph).
    Code(CodeCheck),
    /// A named condition of the target (`conditions:` in a target file, or the built-in
    /// profile's `profile/conditions.yaml`): `ref: serves_api`.
    Ref(ConditionRef),
}

impl Condition {
    /// Every regex of the condition and the conditions under it.
    pub fn regexes<'c>(&'c self, out: &mut Vec<&'c RuleRegex>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.regexes(out)),
            Condition::Not(c) => c.regexes(out),
            Condition::Pattern(p) => out.push(&p.regex),
            Condition::Heading(h) => out.push(&h.regex),
            Condition::Infra(InfraCheck::MakeTargets { regex }) => out.push(regex),
            Condition::Code(CodeCheck::Routes { path: Some(regex) }) => out.push(regex),
            Condition::File(_)
            | Condition::Dependency(_)
            | Condition::Component(_)
            | Condition::Infra(_)
            | Condition::Code(_)
            | Condition::Ref(_) => {}
        }
    }

    /// The named conditions this condition refers to, directly or under `all`/`any`/`not`.
    pub fn refs<'c>(&'c self, out: &mut Vec<&'c ConditionRef>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.refs(out)),
            Condition::Not(c) => c.refs(out),
            Condition::Ref(r) => out.push(r),
            _ => {}
        }
    }
}

impl Default for Condition {
    fn default() -> Self {
        Condition::All(Vec::new())
    }
}

fn default_roles() -> Vec<FileRole> {
    vec![FileRole::Source]
}

/// `file:` — a glob over repository-relative paths (gitignore-style `**` allowed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileCondition {
    /// Globs; any may match. Matched case-insensitively.
    pub globs: Vec<RuleGlob>,
    /// Roles whose files count as implementation here (default: source). Matches in files of
    /// other roles are reported as weak evidence, never as met.
    #[serde(default = "default_roles")]
    pub roles: Vec<FileRole>,
}

/// `dependency:` — any of the names declared for the ecosystem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DependencyCondition {
    /// Ecosystems to look in; empty means all.
    #[serde(default)]
    pub ecosystems: Vec<Ecosystem>,
    /// Package names; a trailing `*` matches a prefix (`@opentelemetry/*`).
    pub names: Vec<String>,
}

/// `component:` — a component of one of the kinds exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentCondition {
    pub kinds: Vec<ComponentKind>,
}

/// `pattern:` — a regular expression (Rust regex syntax) found in files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternCondition {
    pub regex: RuleRegex,
    /// Languages (tokei names: Go, Python, Rust, TypeScript, …); empty means any language.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// Globs the file path must match, in addition to the languages; empty means any.
    #[serde(default)]
    pub globs: Vec<RuleGlob>,
    /// Roles that count as implementation (default: source).
    #[serde(default = "default_roles")]
    pub roles: Vec<FileRole>,
}

/// `heading:` — a Markdown heading or document title matches a regex (case-insensitive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadingCondition {
    pub regex: RuleRegex,
    /// Sections with fewer non-blank lines than this (subsections included) do not count: a
    /// heading over one line is a note, not a document.
    #[serde(default)]
    pub min_lines: u32,
}

/// `infra:` — a named check over the infrastructure facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum InfraCheck {
    /// Dockerfiles exist; partial when some deployable components have none.
    Dockerfile,
    /// Every Dockerfile's final image is built in a multi-stage build.
    DockerMultiStage,
    /// Every Dockerfile's final stage sets a non-root USER.
    DockerNonRoot,
    /// Every image has a health check (Dockerfile HEALTHCHECK or Compose healthcheck).
    Healthchecks,
    /// Every base image is pinned to a tag other than `latest`, or a digest.
    DockerPinnedBase,
    /// A Compose file defines services.
    Compose,
    /// Kubernetes objects of these kinds exist (any kind when empty).
    KubernetesObjects { kinds: Vec<KubernetesKind> },
    /// Workloads run at least `min` replicas (partial when only some do).
    Replicas { min: u32 },
    /// Every replicated workload is covered by a PodDisruptionBudget.
    DisruptionBudgets,
    /// Workloads spread with pod anti-affinity or topology spread constraints.
    AntiAffinity,
    /// Workloads declare liveness and readiness probes.
    Probes,
    /// Workloads declare resource requests and limits.
    ResourceLimits,
    /// Workloads run as non-root (securityContext).
    PodSecurity,
    /// NetworkPolicies cover the namespaces with workloads.
    NetworkPolicies,
    /// Secrets come from ExternalSecret, SealedSecret or Vault; plain Secrets make it partial.
    SecretsManagement,
    /// A Helm chart exists.
    Helm,
    /// Kustomize bases or overlays exist.
    Kustomize,
    /// Every CustomResourceDefinition has a controller that reconciles it.
    CrdControllers,
    /// Backup jobs (CronJobs that back up, Velero, CloudNativePG backup) exist; partial when
    /// some stateful stores have none.
    BackupJobs,
    /// CI workflows (GitHub Actions, GitLab CI) that were read and define at least one job.
    CiWorkflows,
    /// CI jobs or steps of these kinds exist (build, unit_test, integration_test, lint,
    /// security_scan, image_build, deploy, promotion, publish).
    CiJobs { kinds: Vec<CiKind> },
    /// Make targets whose names match the regex exist.
    MakeTargets { regex: RuleRegex },
    /// At least `min` services of the system's own are deployed: the largest of the counts
    /// of its own long-running Kubernetes workloads (by name, third-party images such as
    /// databases and brokers left out), its Compose services built from its code or run from
    /// images named after its components (one per service and command), its Dockerfiles
    /// outside tests, dev and end-to-end setups (variants of one component's image are one),
    /// its Procfile processes (the release phase left out) and the projects a .NET Aspire app
    /// host runs.
    Services { min: u32 },
    /// Stateful stores the project's own Kubernetes manifests deploy: StatefulSets,
    /// PersistentVolumeClaims, workloads running a database image, database operator clusters.
    StatefulStores,
}

/// `code:` — a named check over the facts read from source code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CodeCheck {
    /// HTTP routes registered in code whose path matches the regex (any route when absent).
    Routes {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<RuleRegex>,
    },
    /// Likely hard-coded secrets (passwords, tokens, keys) in source or `.env`/properties
    /// files; obvious dummies and tests are left out. Use under `not`.
    HardcodedSecrets,
    /// Every shared module (a code component named shared, common, lib(s), core or pkg) is
    /// imported by another component; partial when some are.
    SharedCodeUsed,
    /// Every deployable component (one with an entry point) is linked to another by an import
    /// or an HTTP call to its name; partial when some are.
    ComponentsLinked,
    /// HTTP routes registered in code other than probes (health, readiness, liveness,
    /// metrics, debug): the system serves an API, not only its own operations endpoints.
    ApiRoutes,
    /// A shared module exists (a code component named shared, common, lib(s), core or pkg).
    SharedLibraries,
    /// Settings are read through one configuration layer: source files named as settings
    /// (`config/`, `settings.py`, `env.ts`, `flags/`, `appsettings.json`, `application.yml`,
    /// …) exist, and settings are read from the environment in few other files (at most 3, or
    /// a fifth of the layer's files); partial when reads are spread over the code. Scripts,
    /// migrations, build files and platform variables (`HOME`, `PATH`, …) are left out.
    ConfigLayer,
}
