//! Infrastructure facts: Dockerfiles, Compose, Kubernetes objects, Helm, Kustomize, CI, Make.
//!
//! These are observations, not judgements: a workload without probes is recorded as having
//! none; whether that is a gap is decided by the requirements. Values of secrets are never
//! stored, only key names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Evidence;

/// Infrastructure facts of one file, or of a repository once merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfraFacts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dockerfiles: Vec<Dockerfile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compose_services: Vec<ComposeService>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub k8s_objects: Vec<K8sObject>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controllers: Vec<Controller>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helm_charts: Vec<HelmChart>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helm_values: Vec<HelmValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kustomizations: Vec<Kustomization>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ci_workflows: Vec<CiWorkflow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ci_jobs: Vec<CiJob>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub make_targets: Vec<MakeTarget>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processes: Vec<Process>,
}

impl InfraFacts {
    /// Appends `other`'s facts.
    pub fn merge(&mut self, other: InfraFacts) {
        let InfraFacts {
            dockerfiles,
            compose_services,
            k8s_objects,
            controllers,
            helm_charts,
            helm_values,
            kustomizations,
            ci_workflows,
            ci_jobs,
            make_targets,
            processes,
        } = other;
        self.dockerfiles.extend(dockerfiles);
        self.compose_services.extend(compose_services);
        self.k8s_objects.extend(k8s_objects);
        self.controllers.extend(controllers);
        self.helm_charts.extend(helm_charts);
        self.helm_values.extend(helm_values);
        self.kustomizations.extend(kustomizations);
        self.ci_workflows.extend(ci_workflows);
        self.ci_jobs.extend(ci_jobs);
        self.make_targets.extend(make_targets);
        self.processes.extend(processes);
    }

    /// Sorts every list so output is deterministic: by evidence (path, then line), which is
    /// the order a reader of the files would meet them in.
    pub fn sort(&mut self) {
        self.dockerfiles.sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.compose_services
            .sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.k8s_objects.sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.controllers.sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.helm_charts.sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.helm_values
            .sort_by(|a, b| a.evidence.cmp(&b.evidence).then_with(|| a.key.cmp(&b.key)));
        self.kustomizations
            .sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.ci_workflows
            .sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.ci_jobs.sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.make_targets
            .sort_by(|a, b| a.evidence.cmp(&b.evidence));
        self.processes.sort_by(|a, b| a.evidence.cmp(&b.evidence));
    }

    pub fn is_empty(&self) -> bool {
        self == &InfraFacts::default()
    }
}

/// How exactly a container image reference pins what runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImagePin {
    /// `@sha256:…`: immutable.
    Digest,
    /// A tag other than `latest`: mutable, but named.
    Tag,
    /// `:latest`.
    Latest,
    /// No tag at all (which means `latest`).
    Untagged,
    /// Built from a variable or template (`$BASE`, `{{ .Values.image }}`): unknown statically.
    Variable,
    /// `FROM scratch`, or a previous stage of the same Dockerfile.
    Local,
}

/// A container image reference as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ImageRef {
    pub reference: String,
    pub pin: ImagePin,
}

/// One Dockerfile (or Containerfile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dockerfile {
    /// Directory of the file, repository-relative.
    pub dir: String,
    pub stages: Vec<DockerStage>,
    /// Who the final stage runs as.
    pub final_user: FinalUser,
    /// The `USER` line in effect for the final stage, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_evidence: Option<Evidence>,
    /// `HEALTHCHECK` in the final stage (or inherited from a stage it builds on).
    pub healthcheck: HealthcheckState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck_evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposed_ports: Vec<ExposedPort>,
    /// The whole file.
    pub evidence: Evidence,
}

/// A `FROM` stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerStage {
    pub image: ImageRef,
    /// `AS name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A `RUN` of the stage compiles code or installs a language's dependencies.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub builds: bool,
    /// The `FROM` line.
    pub evidence: Evidence,
}

/// The user a final image runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalUser {
    /// A `USER` that is not root, or a base image whose tag says non-root (`:nonroot`).
    NonRoot,
    /// `USER root` / `USER 0`.
    Root,
    /// No `USER`: the base image's default, usually root.
    Unset,
    /// `USER $VAR`: cannot be decided statically.
    Variable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthcheckState {
    Defined,
    /// `HEALTHCHECK NONE` or Compose `disable: true`.
    Disabled,
    Absent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposedPort {
    /// As written: `8080`, `8080/tcp`, `$PORT`.
    pub port: String,
    pub evidence: Evidence,
}

/// A service of a Compose file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeService {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<ComposeBuild>,
    pub healthcheck: HealthcheckState,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ComposeDependency>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<String>,
    /// `deploy.replicas`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u64>,
    /// `command`, when it overrides the image's (words joined, truncated): one image run
    /// with two commands is two processes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Environment keys whose names look like secrets (values are never stored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secret_env_keys: Vec<String>,
    /// The service key's line.
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeBuild {
    /// Build context, resolved against the Compose file's directory, repository-relative.
    pub context: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeDependency {
    pub service: String,
    /// `service_healthy`, `service_started`, `service_completed_successfully`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// A Kubernetes object (any document with `apiVersion` and `kind`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct K8sObject {
    pub api_version: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Read from a Helm template after masking its actions: values may be placeholders.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub templated: bool,
    pub spec: K8sSpec,
    /// The object's lines.
    pub evidence: Evidence,
}

/// What gapscope understood of an object, by kind. Kinds it does not know are `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum K8sSpec {
    Workload(Workload),
    Service(ServiceSpec),
    NetworkPolicy(NetworkPolicySpec),
    PodDisruptionBudget(PdbSpec),
    Autoscaler(HpaSpec),
    Rbac(RbacSpec),
    /// A plain `Secret`: its keys are in the repository (values never stored).
    Secret(SecretSpec),
    /// ExternalSecret, SealedSecret, SecretProviderClass, …: a secret managed outside.
    ManagedSecret(ManagedSecretSpec),
    /// Velero `Schedule`/`Backup`, CloudNativePG `ScheduledBackup`/`Backup`.
    Backup(BackupSpec),
    /// CloudNativePG `Cluster`.
    PostgresCluster(PostgresClusterSpec),
    PersistentVolumeClaim(PvcSpec),
    CustomResourceDefinition(CrdSpec),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Job,
    CronJob,
    Pod,
    /// A custom resource or other kind with a pod template (Argo Rollout, Knative…).
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub workload: WorkloadKind,
    /// `spec.replicas`; absent means unknown here (Kubernetes defaults to 1, an HPA may own it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pod_labels: BTreeMap<String, String>,
    /// `spec.selector.matchLabels`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    pub containers: Vec<Container>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pod_anti_affinity: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub topology_spread: bool,
    /// Pod-level security context.
    #[serde(default, skip_serializing_if = "SecurityContext::is_empty")]
    pub pod_security: SecurityContext,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    /// `vault.hashicorp.com/agent-inject: "true"` on the pod template.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vault_agent_inject: bool,
    /// CronJob schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Name, image or command mentions a backup tool (pg_dump, velero, restic, …).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub looks_like_backup: bool,
    /// Claim names of mounted PVCs and StatefulSet volumeClaimTemplates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claims: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Container {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub init: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Evidence>,
    pub resource_requests: bool,
    pub resource_limits: bool,
    #[serde(default, skip_serializing_if = "SecurityContext::is_empty")]
    pub security: SecurityContext,
    /// `command` and `args`, joined with spaces.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub command: String,
    /// Names of Secrets referenced from `env`/`envFrom`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secret_refs: Vec<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as_non_root: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as_user: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only_root_filesystem: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_privilege_escalation: Option<bool>,
}

impl SecurityContext {
    pub fn is_empty(&self) -> bool {
        self == &SecurityContext::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPolicySpec {
    /// `podSelector.matchLabels`; empty together with `selects_all_pods`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pod_selector: BTreeMap<String, String>,
    /// An empty `podSelector`: the policy applies to every pod of the namespace.
    pub selects_all_pods: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_types: Vec<String>,
    pub ingress_rules: u64,
    pub egress_rules: u64,
    /// Every pod, Ingress in policy types (or implied), no ingress rule.
    pub default_deny_ingress: bool,
    /// Every pod, Egress in policy types, no egress rule.
    pub default_deny_egress: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdbSpec {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_available: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HpaSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RbacSpec {
    /// Rules of a Role/ClusterRole.
    pub rules: u64,
    /// `roleRef` of a binding, as `Kind/name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_ref: Option<String>,
    /// Subjects of a binding, as `Kind/name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Some rule grants `*` verbs or resources.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wildcard: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<String>,
    /// Keys of `data` and `stringData`; values are never read into facts.
    pub keys: Vec<String>,
    /// Some value is written out in the file (not computed by a template, not a placeholder
    /// such as `changeme`): the secret itself is committed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub committed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedSecretSpec {
    /// `external-secrets`, `sealed-secrets`, `secrets-store-csi`, `vault`.
    pub manager: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSpec {
    /// `velero`, `cloudnative-pg`.
    pub tool: String,
    /// Cron schedule, for scheduled backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub included_namespaces: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostgresClusterSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<u64>,
    /// A `spec.backup` section (barman object store, volume snapshots).
    pub backup: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PvcSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrdSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plural: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub versions: Vec<CrdVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrdVersion {
    pub name: String,
    pub served: bool,
    pub storage: bool,
}

/// Code that reconciles a Kubernetes kind (a controller or operator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controller {
    /// The kind (`AlertProcessing`) or, for kopf, the plural (`alertprocessings`) it watches.
    pub kind_or_plural: String,
    /// `go`, `python`, `rust`.
    pub language: String,
    /// `controller-runtime`, `kopf`, `kube-rs`.
    pub framework: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelmChart {
    pub dir: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<HelmDependency>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelmDependency {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// A scalar of a Helm values file, by its dotted key (`image.tag`, `replicaCount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelmValue {
    /// Directory of the values file (the chart's directory).
    pub chart_dir: String,
    pub key: String,
    /// The value as written; `None` for keys that look like secrets and for non-scalars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kustomization {
    pub dir: String,
    /// From the path: `overlays/<env>/` or a segment like `dev`, `qa`, `staging`, `prod`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// Patch file paths, or `inline` for patches written in place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<String>,
    /// Image names overridden by `images:`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiProvider {
    GithubActions,
    GitlabCi,
}

/// What a CI job, step or Make target does, by its name and commands.
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
pub enum CiKind {
    Build,
    UnitTest,
    IntegrationTest,
    Lint,
    /// Checks formatting or prose only (`cargo fmt --check`, `gofmt`, `prettier --check`,
    /// markdownlint): tidy code, no defects found.
    Format,
    SecurityScan,
    ImageBuild,
    Deploy,
    Promotion,
    /// Publishes a release for others to install or deploy: an image pushed to a registry,
    /// release assets uploaded, a package or chart published.
    Publish,
}

/// A CI workflow file (GitHub Actions) or pipeline (GitLab CI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiWorkflow {
    pub provider: CiProvider,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Events that start it (`push`, `pull_request`, `workflow_dispatch`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
    /// `paths:` filters of its triggers; empty means it runs for the whole repository.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Directories the path filters cover (the part before the first glob), deduplicated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covered_dirs: Vec<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiJob {
    pub provider: CiProvider,
    /// The job's id (its key).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// GitLab stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Deployment environment (`environment:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// Union of the kinds of the job's name and its steps, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<CiKind>,
    pub steps: Vec<CiStep>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `uses:` of a GitHub Actions step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    /// `run:` text or a GitLab script line (truncated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<CiKind>,
    pub evidence: Evidence,
}

/// A process the system runs, as a process list names it: a Procfile's process type
/// (`web: bundle exec puma`) or a resource of a .NET Aspire app host
/// (`AddProject<Projects.Catalog_API>("catalog-api")`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Process {
    pub name: String,
    /// The command (truncated); for an app host, the resource's project or kind.
    pub command: String,
    /// The release phase: a command run once per deploy, not a running process.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub release: bool,
    pub source: ProcessSource,
    pub evidence: Evidence,
}

/// The process list a process was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessSource {
    Procfile,
    Aspire,
}

/// A Makefile target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeTarget {
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub phony: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<String>,
    /// Recipe lines, continuation lines joined (truncated).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
    /// Tools the recipe calls (`kubectl`, `helm`, `docker`, `go test`, `make:<target>`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<CiKind>,
    /// The target line through its last recipe line.
    pub evidence: Evidence,
}
