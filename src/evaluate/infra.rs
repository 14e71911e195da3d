//! Infrastructure checks over the infrastructure facts: each workload, image or service is
//! judged on its own, so a check that holds for some and not others is partial, with the
//! ones that fall short as evidence against.

use super::conditions::{Facts, Level, Outcome};
use crate::facts::infra::{
    CiKind, CiStep, ComposeService, Container, Dockerfile, FinalUser, HealthcheckState, ImagePin,
    InfraFacts, K8sObject, K8sSpec, ProcessSource, Workload, WorkloadKind,
};
use crate::facts::{Evidence, FileRole};
use crate::results::{EnvironmentRow, WorkloadRow};
use crate::rules::InfraCheck;

/// Sorts evidence into what holds and what does not; files that are not implementation only
/// ever give weak evidence.
#[derive(Default)]
struct Tally {
    good: Vec<Evidence>,
    bad: Vec<Evidence>,
    weak: Vec<Evidence>,
}

impl Tally {
    fn add(&mut self, holds: bool, evidence: &Evidence) {
        if evidence.role == FileRole::Fixture {
            // Manifests in fixtures are inputs to tests, not the project's infrastructure.
            return;
        }
        if evidence.role != FileRole::Source {
            if holds {
                self.weak.push(evidence.clone());
            }
        } else if holds {
            self.good.push(evidence.clone());
        } else {
            self.bad.push(evidence.clone());
        }
    }

    fn outcome(self, detail: &str) -> Outcome {
        let level = match (self.good.is_empty(), self.bad.is_empty()) {
            (false, true) => Level::Full,
            (false, false) => Level::Partial,
            (true, _) if !self.weak.is_empty() => Level::Weak,
            _ => Level::None,
        };
        let mut o = Outcome::none();
        o.level = level;
        o.direct = true;
        o.details.push(format!(
            "{detail}: {} hold, {} do not",
            self.good.len(),
            self.bad.len()
        ));
        o.support = self.good;
        o.against = self.bad;
        o.weak = self.weak;
        o
    }
}

/// Components that ship as a program (and so as an image, when the project uses images).
fn deployable(c: &crate::facts::Component) -> bool {
    use crate::facts::ComponentKind as K;
    // A package under `.github/` is the CI's own tooling.
    c.evidence.role == FileRole::Source
        && !c.root.starts_with(".github/")
        && matches!(
            c.kind,
            K::GoBinary | K::PythonPackage | K::NpmPackage | K::MavenProject | K::GradleProject
        )
}

fn is_under_or_same(path: &str, dir: &str) -> bool {
    path == dir || crate::facts::is_under(path, dir)
}

/// A container the kubelet can restart and route traffic by: liveness and readiness probes.
fn probed(c: &Container) -> bool {
    c.liveness_probe.is_some() && c.readiness_probe.is_some()
}

/// A container the scheduler can place and cap: resource requests and limits.
fn bounded(c: &Container) -> bool {
    c.resource_requests && c.resource_limits
}

fn long_running(w: &Workload) -> bool {
    matches!(
        w.workload,
        WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
    )
}

fn replicated_kind(w: &Workload) -> bool {
    matches!(
        w.workload,
        WorkloadKind::Deployment | WorkloadKind::StatefulSet
    )
}

fn workloads(infra: &InfraFacts) -> impl Iterator<Item = (&K8sObject, &Workload)> {
    infra.k8s_objects.iter().filter_map(|o| match &o.spec {
        K8sSpec::Workload(w) => Some((o, w)),
        _ => None,
    })
}

/// Whether every label of `selector` is on the pod (an empty selector selects everything).
fn selects(
    selector: &std::collections::BTreeMap<String, String>,
    labels: &std::collections::BTreeMap<String, String>,
) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

type Labels = std::collections::BTreeMap<String, String>;

/// PodDisruptionBudgets or NetworkPolicies indexed so that finding the ones that cover a
/// workload does not compare every policy with every workload (trees with thousands of each
/// are common).
struct SelectorIndex<'a> {
    /// Namespaces with a policy that selects every pod; `None` for a policy with no namespace.
    whole_namespaces: std::collections::HashSet<Option<&'a str>>,
    /// Policies by one label of their selector.
    by_label: std::collections::HashMap<(&'a str, &'a str), Vec<(&'a K8sObject, &'a Labels)>>,
}

impl<'a> SelectorIndex<'a> {
    fn new(
        entries: impl Iterator<
            Item = (
                &'a K8sObject,
                &'a std::collections::BTreeMap<String, String>,
                bool,
            ),
        >,
    ) -> Self {
        let mut index = SelectorIndex {
            whole_namespaces: Default::default(),
            by_label: Default::default(),
        };
        for (o, selector, all) in entries {
            if all {
                index.whole_namespaces.insert(o.namespace.as_deref());
            } else if let Some((k, v)) = selector.iter().next() {
                index
                    .by_label
                    .entry((k.as_str(), v.as_str()))
                    .or_default()
                    .push((o, selector));
            }
        }
        index
    }

    fn covers(&self, o: &K8sObject, labels: &std::collections::BTreeMap<String, String>) -> bool {
        let ns = o.namespace.as_deref();
        if self.whole_namespaces.contains(&None)
            || (ns.is_none() && !self.whole_namespaces.is_empty())
            || self.whole_namespaces.contains(&ns)
        {
            return true;
        }
        labels.iter().any(|(k, v)| {
            self.by_label
                .get(&(k.as_str(), v.as_str()))
                .is_some_and(|candidates| {
                    candidates
                        .iter()
                        .any(|(p, sel)| same_namespace(o, p) && selects(sel, labels))
                })
        })
    }
}

fn pdb_index(infra: &InfraFacts) -> SelectorIndex<'_> {
    SelectorIndex::new(infra.k8s_objects.iter().filter_map(|o| match &o.spec {
        K8sSpec::PodDisruptionBudget(spec) if !spec.selector.is_empty() => {
            Some((o, &spec.selector, false))
        }
        _ => None,
    }))
}

fn same_namespace(a: &K8sObject, b: &K8sObject) -> bool {
    a.namespace.as_deref().unwrap_or("") == b.namespace.as_deref().unwrap_or("")
        || a.namespace.is_none()
        || b.namespace.is_none()
}

fn labelled(e: &Evidence, text: String) -> Evidence {
    e.clone().with_snippet(text)
}

fn object_label(o: &K8sObject) -> String {
    format!("{} {}", o.kind, o.name.as_deref().unwrap_or("(unnamed)"))
}

pub fn evaluate(check: &InfraCheck, facts: &Facts<'_>) -> Outcome {
    let infra = &facts.inventory.infra;
    let mut t = Tally::default();
    match check {
        InfraCheck::Dockerfile => {
            for d in &infra.dockerfiles {
                t.add(true, &d.evidence);
            }
            if !t.good.is_empty() {
                // Partial when some deployable component has no image of its own: a
                // Dockerfile in its directory, above it, or below it.
                let images: Vec<&str> = infra
                    .dockerfiles
                    .iter()
                    .filter(|d| d.evidence.role == FileRole::Source)
                    .map(|d| d.dir.as_str())
                    .chain(
                        infra
                            .compose_services
                            .iter()
                            .filter_map(|s| s.build.as_ref().map(|b| b.context.as_str())),
                    )
                    .collect();
                // A Dockerfile in an image directory of its own (`docker/app/`, `build/`),
                // not in a component's directory, is built from the root of the component
                // around it (`docker build -f docker/app/Dockerfile .`): it covers every
                // component under that root.
                let code: Vec<&crate::facts::Component> = facts
                    .inventory
                    .components
                    .iter()
                    .filter(|c| c.kind.is_code())
                    .collect();
                let contexts: Vec<&str> = images
                    .iter()
                    .filter(|dir| !code.iter().any(|c| c.root == **dir))
                    .filter_map(|dir| {
                        code.iter()
                            .filter(|c| is_under_or_same(dir, &c.root))
                            .max_by_key(|c| c.root.len())
                            .map(|c| c.root.as_str())
                    })
                    .collect();
                for c in facts.inventory.components.iter().filter(|c| deployable(c)) {
                    let covered = images.iter().any(|dir| {
                        is_under_or_same(&c.root, dir) || is_under_or_same(dir, &c.root)
                    }) || contexts.iter().any(|root| is_under_or_same(&c.root, root));
                    if !covered {
                        t.bad.push(
                            c.evidence
                                .clone()
                                .with_snippet(format!("{} {} has no Dockerfile", c.kind, c.name)),
                        );
                    }
                }
            }
            t.outcome("Dockerfiles")
        }
        InfraCheck::DockerMultiStage => {
            for d in shipped_dockerfiles(infra, true) {
                // An image that only adds files to its base (a database with init scripts, a
                // dashboard server with its provisioning) builds nothing to leave behind.
                let builds = d.stages.iter().any(|s| s.builds);
                let label = if d.stages.len() < 2 && !builds {
                    "1 stage, nothing built in it".to_string()
                } else {
                    format!("{} stage(s)", d.stages.len())
                };
                t.add(
                    d.stages.len() >= 2 || !builds,
                    &labelled(&d.evidence, label),
                );
            }
            t.outcome("multi-stage Dockerfiles")
        }
        InfraCheck::DockerNonRoot => {
            for d in shipped_dockerfiles(infra, true) {
                let ev = d
                    .user_evidence
                    .clone()
                    .unwrap_or_else(|| d.evidence.clone());
                t.add(
                    d.final_user == FinalUser::NonRoot,
                    &labelled(&ev, format!("final user: {:?}", d.final_user)),
                );
            }
            t.outcome("Dockerfiles with a non-root final user")
        }
        InfraCheck::Healthchecks => {
            let components = &facts.inventory.components;
            // Compose files that run the project's own images; a file of stock images only is
            // a local dependency stack (a database and a cache for development), and dev,
            // test and CI files are not the system's containers.
            let own = |s: &&ComposeService| {
                s.build.is_some()
                    || s.image
                        .as_ref()
                        .is_some_and(|i| own_image(&i.reference, components).is_some())
            };
            let mut files: Vec<&str> = infra
                .compose_services
                .iter()
                .filter(|s| s.evidence.role == FileRole::Source && !dev_only(&s.evidence.path))
                .filter(own)
                .map(|s| s.evidence.path.as_str())
                .collect();
            files.sort_unstable();
            files.dedup();
            let mut built: Vec<&str> = Vec::new();
            for s in &infra.compose_services {
                if files.binary_search(&s.evidence.path.as_str()).is_err() {
                    continue;
                }
                let image = s.build.as_ref().and_then(|b| built_dockerfile(infra, b));
                if let Some(d) = image {
                    built.push(d.evidence.path.as_str());
                }
                match (s.healthcheck, image) {
                    (HealthcheckState::Absent, Some(d))
                        if d.healthcheck == HealthcheckState::Defined =>
                    {
                        let ev = d
                            .healthcheck_evidence
                            .clone()
                            .unwrap_or_else(|| d.evidence.clone());
                        t.add(
                            true,
                            &labelled(
                                &ev,
                                format!("service {}: HEALTHCHECK of the image it builds", s.name),
                            ),
                        );
                    }
                    (state, _) => t.add(
                        state == HealthcheckState::Defined,
                        &labelled(
                            &s.evidence,
                            format!("service {}: healthcheck {state:?}", s.name),
                        ),
                    ),
                }
            }
            // Images no judged Compose service builds are judged by their own HEALTHCHECK.
            for d in shipped_dockerfiles(infra, true) {
                if built.contains(&d.evidence.path.as_str()) {
                    continue;
                }
                let ev = d
                    .healthcheck_evidence
                    .clone()
                    .unwrap_or_else(|| d.evidence.clone());
                t.add(
                    d.healthcheck == HealthcheckState::Defined,
                    &labelled(&ev, format!("HEALTHCHECK: {:?}", d.healthcheck)),
                );
            }
            t.outcome("images and services with health checks")
        }
        InfraCheck::DockerPinnedBase => {
            for d in shipped_dockerfiles(infra, false) {
                for s in &d.stages {
                    match s.image.pin {
                        ImagePin::Digest | ImagePin::Tag => {
                            t.add(true, &labelled(&s.evidence, s.image.reference.clone()))
                        }
                        ImagePin::Latest | ImagePin::Untagged => {
                            t.add(false, &labelled(&s.evidence, s.image.reference.clone()))
                        }
                        ImagePin::Variable | ImagePin::Local => {}
                    }
                }
            }
            t.outcome("pinned base images")
        }
        InfraCheck::Compose => {
            // The system runs locally when a Compose file runs its own images. A file of stock
            // images only (a database and a cache beside `npm run dev`), a test stack or a dev
            // container is part of the way there.
            let components = &facts.inventory.components;
            let mut part: Vec<Evidence> = Vec::new();
            for s in &infra.compose_services {
                let own = s.build.is_some()
                    || s.image
                        .as_ref()
                        .is_some_and(|i| own_image(&i.reference, components).is_some());
                let path = s.evidence.path.to_ascii_lowercase();
                let aside = path.starts_with(".devcontainer/")
                    || path.contains("/.devcontainer/")
                    || path.starts_with(".github/")
                    || ["test", "e2e", "playwright", "cypress"]
                        .iter()
                        .any(|w| path.contains(w));
                if own && !aside {
                    t.add(true, &labelled(&s.evidence, format!("service {}", s.name)));
                } else if s.evidence.role == FileRole::Source {
                    let why = if !own {
                        "a stock image"
                    } else {
                        "a test or dev-container stack"
                    };
                    part.push(labelled(&s.evidence, format!("service {} ({why})", s.name)));
                } else {
                    t.add(true, &labelled(&s.evidence, format!("service {}", s.name)));
                }
            }
            // A .NET Aspire app host plays Compose's part: one `dotnet run` starts the
            // projects and the containers they need.
            for p in &infra.processes {
                if p.source == ProcessSource::Aspire {
                    t.add(
                        true,
                        &labelled(&p.evidence, format!("Aspire app host runs {}", p.name)),
                    );
                }
            }
            let only_part = t.good.is_empty() && !part.is_empty();
            let mut o = t.outcome("Compose services of the system's own images");
            if only_part {
                o.level = Level::Partial;
                o.support = part;
            }
            o
        }
        InfraCheck::KubernetesObjects { kinds } => {
            for o in &infra.k8s_objects {
                if kinds.is_empty()
                    || kinds
                        .iter()
                        .any(|k| k.as_str().eq_ignore_ascii_case(&o.kind))
                {
                    t.add(true, &labelled(&o.evidence, object_label(o)));
                }
            }
            t.outcome("Kubernetes objects")
        }
        InfraCheck::Replicas { min } => {
            let mut templated = 0;
            for (o, w) in workloads(infra).filter(|(_, w)| replicated_kind(w)) {
                if o.templated && w.replicas.is_none() {
                    // Set by a Helm value: not readable without rendering the chart.
                    templated += 1;
                    continue;
                }
                let n = w.replicas.unwrap_or(1);
                t.add(
                    n >= u64::from(*min),
                    &labelled(&o.evidence, format!("{}: replicas {n}", object_label(o))),
                );
            }
            let nothing_read = t.good.is_empty() && t.bad.is_empty();
            let mut o = t.outcome("workloads with enough replicas");
            if nothing_read && templated > 0 {
                o.undecidable = Some(format!(
                    "the replicas of {templated} workload(s) are set by Helm values and cannot be read without rendering the chart"
                ));
            }
            o
        }
        InfraCheck::DisruptionBudgets => {
            let pdbs = pdb_index(infra);
            for (o, w) in workloads(infra).filter(|(_, w)| replicated_kind(w)) {
                let covered = pdbs.covers(o, &w.pod_labels);
                t.add(
                    covered,
                    &labelled(
                        &o.evidence,
                        format!(
                            "{}: {}",
                            object_label(o),
                            if covered { "has a PDB" } else { "no PDB" }
                        ),
                    ),
                );
            }
            t.outcome("workloads covered by a PodDisruptionBudget")
        }
        InfraCheck::AntiAffinity => {
            for (o, w) in workloads(infra).filter(|(_, w)| replicated_kind(w)) {
                t.add(
                    w.pod_anti_affinity || w.topology_spread,
                    &labelled(&o.evidence, object_label(o)),
                );
            }
            t.outcome("workloads spread by anti-affinity or topology constraints")
        }
        InfraCheck::Probes => {
            for (o, w) in workloads(infra).filter(|(_, w)| long_running(w)) {
                for c in w.containers.iter().filter(|c| !c.init) {
                    t.add(
                        probed(c),
                        &labelled(
                            &c.evidence,
                            format!("{} container {}", object_label(o), c.name),
                        ),
                    );
                }
            }
            t.outcome("containers with liveness and readiness probes")
        }
        InfraCheck::ResourceLimits => {
            for (o, w) in workloads(infra) {
                for c in &w.containers {
                    t.add(
                        bounded(c),
                        &labelled(
                            &c.evidence,
                            format!("{} container {}", object_label(o), c.name),
                        ),
                    );
                }
            }
            t.outcome("containers with resource requests and limits")
        }
        InfraCheck::PodSecurity => {
            for (o, w) in workloads(infra) {
                let pod = w.pod_security.run_as_non_root == Some(true)
                    || w.pod_security.run_as_user.is_some_and(|u| u > 0);
                let containers = !w.containers.is_empty()
                    && w.containers.iter().all(|c| {
                        c.security.run_as_non_root == Some(true)
                            || c.security.run_as_user.is_some_and(|u| u > 0)
                    });
                t.add(pod || containers, &labelled(&o.evidence, object_label(o)));
            }
            t.outcome("workloads that run as non-root")
        }
        InfraCheck::NetworkPolicies => {
            let policies =
                SelectorIndex::new(infra.k8s_objects.iter().filter_map(|o| match &o.spec {
                    K8sSpec::NetworkPolicy(spec) => Some((
                        o,
                        &spec.pod_selector,
                        spec.selects_all_pods || spec.pod_selector.is_empty(),
                    )),
                    _ => None,
                }));
            for (o, w) in workloads(infra).filter(|(_, w)| long_running(w)) {
                let covered = policies.covers(o, &w.pod_labels);
                t.add(
                    covered,
                    &labelled(
                        &o.evidence,
                        format!(
                            "{}: {}",
                            object_label(o),
                            if covered {
                                "covered by a NetworkPolicy"
                            } else {
                                "no NetworkPolicy"
                            }
                        ),
                    ),
                );
            }
            t.outcome("workloads covered by a NetworkPolicy")
        }
        InfraCheck::SecretsManagement => {
            let mut supplied = false;
            let mut committed = false;
            for o in &infra.k8s_objects {
                match &o.spec {
                    K8sSpec::ManagedSecret(m) => t.add(
                        true,
                        &labelled(&o.evidence, format!("{} ({})", object_label(o), m.manager)),
                    ),
                    K8sSpec::Secret(s) if !s.keys.is_empty() => {
                        if o.evidence.role == FileRole::Source {
                            supplied |= !s.committed;
                            committed |= s.committed;
                        }
                        let what = if s.committed {
                            "committed values"
                        } else {
                            "values supplied at install"
                        };
                        t.add(
                            false,
                            &labelled(
                                &o.evidence,
                                format!(
                                    "plain {} with {what}: keys {}",
                                    object_label(o),
                                    s.keys.join(", ")
                                ),
                            ),
                        )
                    }
                    K8sSpec::Workload(w) if w.vault_agent_inject => t.add(
                        true,
                        &labelled(&o.evidence, format!("{} (Vault agent)", object_label(o))),
                    ),
                    _ => {}
                }
            }
            let plain_only = t.good.is_empty() && supplied && !committed;
            let mut o = t.outcome("secrets from a secret manager");
            if plain_only {
                // Plain Secrets whose values the installer supplies are secrets management of a
                // kind: partial, with each one cited. One Secret committed with its values keeps the
                // requirement missing: that value is in the history for good.
                o.level = Level::Partial;
            }
            o
        }
        InfraCheck::Helm => {
            for c in &infra.helm_charts {
                t.add(true, &labelled(&c.evidence, format!("chart {}", c.name)));
            }
            t.outcome("Helm charts")
        }
        InfraCheck::Kustomize => {
            for k in &infra.kustomizations {
                t.add(
                    true,
                    &labelled(
                        &k.evidence,
                        k.environment
                            .clone()
                            .map(|e| format!("environment {e}"))
                            .unwrap_or_else(|| "kustomization".into()),
                    ),
                );
            }
            t.outcome("Kustomize bases and overlays")
        }
        InfraCheck::CrdControllers => {
            for o in &infra.k8s_objects {
                let K8sSpec::CustomResourceDefinition(crd) = &o.spec else {
                    continue;
                };
                let names: Vec<&str> = [crd.kind.as_deref(), crd.plural.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let controller = infra.controllers.iter().find(|c| {
                    c.evidence.role == FileRole::Source
                        && names
                            .iter()
                            .any(|n| n.eq_ignore_ascii_case(&c.kind_or_plural))
                });
                let label = format!(
                    "CRD {}: {}",
                    crd.kind.as_deref().unwrap_or("?"),
                    if controller.is_some() {
                        "reconciled"
                    } else {
                        "no controller"
                    }
                );
                t.add(controller.is_some(), &labelled(&o.evidence, label));
                if let Some(c) = controller {
                    t.good.push(c.evidence.clone());
                }
            }
            t.outcome("CRDs with a controller")
        }
        InfraCheck::BackupJobs => backup_jobs(infra, t),
        InfraCheck::CiJobs { kinds } => {
            let wanted = |k: &CiKind| kinds.contains(k);
            for job in &infra.ci_jobs {
                let steps: Vec<&Evidence> = job
                    .steps
                    .iter()
                    .filter(|s| s.kinds.iter().any(wanted))
                    .map(|s| &s.evidence)
                    .collect();
                if !steps.is_empty() {
                    for s in steps {
                        t.add(true, s);
                    }
                } else if job.kinds.iter().any(wanted) {
                    // A job named `lint` or `test` whose commands all say what they do, and
                    // none lints or tests (gofmt only, `docker compose build` only), is what
                    // its commands say, not what its name says.
                    let commands: Vec<&CiStep> =
                        job.steps.iter().filter(|s| s.run.is_some()).collect();
                    let named_only = kinds
                        .iter()
                        .all(|k| matches!(k, CiKind::Lint | CiKind::UnitTest))
                        && !commands.is_empty()
                        && commands.iter().all(|s| !s.kinds.is_empty());
                    if !named_only {
                        t.add(true, &job.evidence);
                    }
                }
            }
            // A Make target deploys or promotes as well as a CI job does; one that builds or
            // tests is not a pipeline.
            let make_kinds: Vec<CiKind> = [CiKind::Deploy, CiKind::Promotion]
                .into_iter()
                .filter(|k| wanted(k))
                .collect();
            if !make_kinds.is_empty() {
                for m in infra
                    .make_targets
                    .iter()
                    .filter(|m| m.kinds.iter().any(|k| make_kinds.contains(k)))
                {
                    t.add(true, &labelled(&m.evidence, format!("make {}", m.name)));
                }
            }
            t.outcome("CI jobs")
        }
        InfraCheck::CiWorkflows => {
            for w in &infra.ci_workflows {
                let jobs = infra
                    .ci_jobs
                    .iter()
                    .filter(|j| j.evidence.path == w.evidence.path)
                    .count();
                if jobs > 0 {
                    t.add(true, &labelled(&w.evidence, format!("{jobs} job(s)")));
                }
            }
            t.outcome("CI workflows with jobs")
        }
        InfraCheck::Services { min } => services(infra, facts.inventory, *min, t),
        InfraCheck::StatefulStores => {
            const STORES: &[&str] = &[
                "postgres",
                "mysql",
                "mariadb",
                "mongo",
                "cassandra",
                "clickhouse",
                "elasticsearch",
                "opensearch",
                "minio",
                "qdrant",
                "cockroach",
                "etcd",
            ];
            for o in infra
                .k8s_objects
                .iter()
                .filter(|o| o.evidence.role == FileRole::Source)
            {
                let store = match &o.spec {
                    K8sSpec::PostgresCluster(_) => true,
                    K8sSpec::Workload(w) => {
                        w.workload == WorkloadKind::StatefulSet
                            || w.containers.iter().any(|c| {
                                c.image.as_ref().is_some_and(|i| {
                                    let r = i.reference.to_ascii_lowercase();
                                    STORES.iter().any(|s| r.contains(s))
                                })
                            })
                    }
                    _ => o.kind == "PersistentVolumeClaim",
                };
                if store {
                    t.add(true, &labelled(&o.evidence, object_label(o)));
                }
            }
            t.outcome("stateful stores")
        }
        InfraCheck::MakeTargets { regex } => {
            let Some(re) = regex.compiled() else {
                return Outcome::none();
            };
            for m in infra.make_targets.iter().filter(|m| re.is_match(&m.name)) {
                t.add(true, &labelled(&m.evidence, format!("make {}", m.name)));
            }
            t.outcome("Make targets")
        }
    }
}

/// Images of software the system runs but did not write (databases, brokers, caches, proxies,
/// observability): their workloads are not services of the system's own.
const THIRD_PARTY_IMAGES: &[&str] = &[
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongo",
    "mongodb",
    "redis",
    "valkey",
    "memcached",
    "rabbitmq",
    "kafka",
    "zookeeper",
    "nats",
    "elasticsearch",
    "opensearch",
    "minio",
    "nginx",
    "envoy",
    "haproxy",
    "traefik",
    "jaeger",
    "prometheus",
    "grafana",
    "alertmanager",
    "otel",
    "opentelemetry-collector",
    "fluentd",
    "fluent-bit",
    "busybox",
    "alpine",
    "cloud-sql-proxy",
    "cloudsql-proxy",
    "etcd",
    "consul",
    "vault",
    "keycloak",
    "mailhog",
    "mailpit",
    "localstack",
    "clickhouse",
    "cassandra",
    "zipkin",
];

fn third_party(image: &str) -> bool {
    let name = image.split(['@', ':']).next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    THIRD_PARTY_IMAGES
        .iter()
        .any(|t| last == *t || last.starts_with(&format!("{t}-")))
}

/// Paths of dev-only or test Dockerfiles: dev containers, CI helpers, test and end-to-end
/// images, development images.
/// The Dockerfiles of shipped images: those of dev containers, tests and local setups are not
/// shipped, and decide only when nothing else is there. With `runtime_only`, images that only
/// build something (a base image another Dockerfile builds on, a .deb or .rpm package
/// builder) are left out too: what they run as is not what production runs as.
fn shipped_dockerfiles(infra: &InfraFacts, runtime_only: bool) -> Vec<&Dockerfile> {
    let shipped: Vec<&Dockerfile> = infra
        .dockerfiles
        .iter()
        .filter(|d| !dev_only(&d.evidence.path))
        .filter(|d| !(runtime_only && builder_image(&d.evidence.path)))
        .collect();
    if shipped.is_empty() {
        infra.dockerfiles.iter().collect()
    } else {
        shipped
    }
}

/// A Dockerfile that builds something rather than an image that runs: `Dockerfile.base`,
/// `Dockerfile.build(er)`, `build.Dockerfile`, or a package builder under
/// `packaging/{debian,deb,rpm}/`.
fn builder_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    matches!(
        name,
        "dockerfile.base"
            | "base.dockerfile"
            | "dockerfile.build"
            | "dockerfile.builder"
            | "build.dockerfile"
            | "builder.dockerfile"
    ) || parts
        .windows(2)
        .any(|w| w[0] == "packaging" && matches!(w[1], "debian" | "deb" | "rpm"))
}

/// The Dockerfile a Compose `build` names: `dockerfile` under the context, `Dockerfile` by
/// default.
fn built_dockerfile<'a>(
    infra: &'a InfraFacts,
    build: &crate::facts::infra::ComposeBuild,
) -> Option<&'a Dockerfile> {
    let context = build.context.trim_end_matches('/');
    let name = build.dockerfile.as_deref().unwrap_or("Dockerfile");
    let name = name.strip_prefix("./").unwrap_or(name);
    let path = if context.is_empty() || context == "." {
        name.to_string()
    } else {
        format!("{context}/{name}")
    };
    infra.dockerfiles.iter().find(|d| d.evidence.path == path)
}

fn dev_only(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with(".devcontainer/")
        || lower.contains("/.devcontainer/")
        || lower.starts_with(".github/")
        || lower.contains("test")
        || lower.contains("e2e")
        || lower.contains("playwright")
        || lower.contains("cypress")
        || lower.ends_with(".dev")
        || lower.contains("dockerfile.dev")
        || lower
            .split('/')
            .any(|part| part == "development" || part == "dev")
}

/// The service a directory's image builds: the deepest code component (a module, package or
/// project, not a workspace or an image directory) at or above it, else the directory itself.
/// Variants of one image (`Dockerfile` and `Dockerfile.ubi`, `packaging/docker/alpine` and
/// `packaging/docker/distroless` of one Go module) are one service.
fn service_root<'a>(dir: &'a str, components: &'a [crate::facts::Component]) -> &'a str {
    components
        .iter()
        .filter(|c| c.kind.is_code() && crate::facts::is_under(dir, &c.root))
        .max_by_key(|c| c.root.len())
        .map_or(dir, |c| c.root.as_str())
}

/// A name a Helm template computes (masked as `_TPL…` when the template is read).
fn templated(name: &str) -> bool {
    name.is_empty() || name.contains("_TPL") || name.contains("{{")
}

/// The root of the code component an image of the system's own is named after: a published
/// image (`springcommunity/spring-petclinic-vets-service`, `ghcr.io/acme/app`) whose name is
/// a component's name or its directory's name. Third-party images are never the system's.
fn own_image<'a>(reference: &str, components: &'a [crate::facts::Component]) -> Option<&'a str> {
    // `${APP_IMAGE:-acme/app:latest}`: the default is the image that runs.
    let reference = reference
        .strip_prefix("${")
        .and_then(|r| r.split_once(":-"))
        .map_or(reference, |(_, default)| default.trim_end_matches('}'));
    if third_party(reference) {
        return None;
    }
    let name = reference.split(['@', ':']).next().unwrap_or(reference);
    let last = name.rsplit('/').next().unwrap_or(name);
    if last.is_empty() || last.contains('$') {
        return None;
    }
    components
        .iter()
        .filter(|c| c.kind.is_code())
        .find(|c| {
            let dir = c.root.rsplit('/').next().unwrap_or(&c.root);
            // `github.com/acme/app/v2` is app; a vanity module `miniflux.app/v2` is miniflux.
            let mut segments = c.name.rsplit(['/', ':']);
            let mut named = segments.next().unwrap_or(&c.name);
            if named.len() > 1
                && named.starts_with('v')
                && named[1..].bytes().all(|b| b.is_ascii_digit())
            {
                named = segments.next().unwrap_or(named);
            }
            let host_label = named.split_once('.').map(|(label, _)| label);
            named.eq_ignore_ascii_case(last)
                || host_label.is_some_and(|l| l.eq_ignore_ascii_case(last))
                || (!dir.is_empty() && dir.eq_ignore_ascii_case(last))
        })
        .map(|c| c.root.as_str())
}

/// The system's own services, counted four ways (Kubernetes workloads, Compose services of
/// its own images, Dockerfiles per service, Procfile processes, projects of a .NET Aspire app
/// host); the largest count decides.
fn services(
    infra: &InfraFacts,
    inventory: &crate::facts::Inventory,
    min: u32,
    mut t: Tally,
) -> Outcome {
    let components = &inventory.components[..];
    let mut k8s: Vec<(&str, &Evidence)> = Vec::new();
    for (o, w) in
        workloads(infra).filter(|(o, w)| o.evidence.role == FileRole::Source && long_running(w))
    {
        let own = w
            .containers
            .iter()
            .filter(|c| !c.init)
            .any(|c| c.image.as_ref().is_none_or(|i| !third_party(&i.reference)));
        let name = o.name.as_deref().unwrap_or("");
        if own && !k8s.iter().any(|(n, _)| *n == name) {
            k8s.push((name, &o.evidence));
        }
    }
    // A workload whose name a chart template computes is one of the named ones rendered
    // another way (a chart beside plain manifests); it counts only when nothing names them.
    if k8s.iter().any(|(n, _)| !templated(n)) {
        k8s.retain(|(n, _)| !templated(n));
    } else {
        k8s.dedup_by(|a, b| a.1.path == b.1.path);
    }
    // Images are counted once per service they build, not once per variant; one image run
    // with another command (a web and a worker) is another process.
    let mut compose: Vec<(&str, Option<&str>, &Evidence)> = Vec::new();
    for s in &infra.compose_services {
        if s.evidence.role != FileRole::Source || dev_only(&s.evidence.path) {
            continue;
        }
        let root = match (&s.build, &s.image) {
            (Some(build), _) => service_root(&build.context, components),
            (None, Some(image)) => match own_image(&image.reference, components) {
                Some(root) => root,
                None => continue,
            },
            (None, None) => continue,
        };
        let command = s.command.as_deref();
        if !compose.iter().any(|(r, c, _)| *r == root && *c == command) {
            compose.push((root, command, &s.evidence));
        }
    }
    let compose: Vec<&Evidence> = compose.into_iter().map(|(_, _, e)| e).collect();
    let processes = |source: ProcessSource| -> Vec<&Evidence> {
        let mut seen: Vec<(&str, &Evidence)> = Vec::new();
        for p in &infra.processes {
            if p.source == source
                && !p.release
                && p.evidence.role == FileRole::Source
                && !seen.iter().any(|(n, _)| *n == p.name)
            {
                seen.push((&p.name, &p.evidence));
            }
        }
        seen.into_iter().map(|(_, e)| e).collect()
    };
    let procfile = processes(ProcessSource::Procfile);
    let app_host = processes(ProcessSource::Aspire);
    let mut dockerfiles: Vec<(&str, &Evidence)> = Vec::new();
    for d in &infra.dockerfiles {
        if d.evidence.role != FileRole::Source || dev_only(&d.evidence.path) {
            continue;
        }
        let root = service_root(&d.dir, components);
        if !dockerfiles.iter().any(|(r, _)| *r == root) {
            dockerfiles.push((root, &d.evidence));
        }
    }
    let dockerfiles: Vec<&Evidence> = dockerfiles.into_iter().map(|(_, e)| e).collect();
    let counts = [
        (
            k8s.len(),
            k8s.iter().map(|(_, e)| *e).collect::<Vec<_>>(),
            "Kubernetes workloads",
        ),
        (compose.len(), compose, "Compose services of its own images"),
        (procfile.len(), procfile, "Procfile processes"),
        (app_host.len(), app_host, "projects of an Aspire app host"),
        (dockerfiles.len(), dockerfiles, "Dockerfiles"),
    ];
    let (n, evidence, what) =
        counts
            .into_iter()
            .max_by_key(|(n, _, _)| *n)
            .unwrap_or((0, Vec::new(), "services"));
    for e in evidence {
        t.add(n >= min as usize, e);
    }
    let mut o = t.outcome(what);
    if n < min as usize {
        o.level = Level::None;
        o.support.clear();
    }
    o.details.push(format!(
        "{n} services of its own ({what}); at least {min} asked"
    ));
    o
}

/// Stateful stores (StatefulSets, CloudNativePG clusters) and whether a backup covers each.
fn backup_jobs(infra: &InfraFacts, mut t: Tally) -> Outcome {
    let mut jobs: Vec<(String, &K8sObject)> = Vec::new();
    let mut velero_namespaces: Vec<Option<Vec<String>>> = Vec::new();
    for o in &infra.k8s_objects {
        match &o.spec {
            K8sSpec::Workload(w) if w.looks_like_backup => {
                let text = format!(
                    "{} {}",
                    o.name.as_deref().unwrap_or(""),
                    w.containers
                        .iter()
                        .map(|c| format!(
                            "{} {}",
                            c.command,
                            c.image.as_ref().map(|i| i.reference.as_str()).unwrap_or("")
                        ))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
                .to_ascii_lowercase();
                jobs.push((text, o));
            }
            K8sSpec::Backup(b) if b.tool.to_ascii_lowercase().contains("velero") => {
                velero_namespaces.push(
                    (!b.included_namespaces.is_empty()).then(|| b.included_namespaces.clone()),
                );
                t.add(
                    true,
                    &labelled(&o.evidence, format!("{} ({})", object_label(o), b.tool)),
                );
            }
            K8sSpec::Backup(b) => t.add(
                true,
                &labelled(&o.evidence, format!("{} ({})", object_label(o), b.tool)),
            ),
            _ => {}
        }
    }
    // Every run of dash-joined words in the jobs' names and commands, so a store is found by
    // name (`qdrant`, `store-db`) without searching every job's text for every store.
    let mut mentioned: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, (text, _)) in jobs.iter().enumerate() {
        for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
            let parts: Vec<&str> = token.split(['-', '_']).filter(|p| !p.is_empty()).collect();
            for a in 0..parts.len().min(8) {
                for b in a + 1..=parts.len().min(a + 8) {
                    mentioned.entry(parts[a..b].join("-")).or_insert(i);
                }
            }
        }
    }
    let mut stores = 0;
    for o in &infra.k8s_objects {
        let name = o.name.as_deref().unwrap_or("").to_ascii_lowercase();
        match &o.spec {
            K8sSpec::PostgresCluster(pg) => {
                stores += 1;
                t.add(
                    pg.backup,
                    &labelled(
                        &o.evidence,
                        format!(
                            "{}: {}",
                            object_label(o),
                            if pg.backup {
                                "backup configured"
                            } else {
                                "no backup section"
                            }
                        ),
                    ),
                );
            }
            K8sSpec::Workload(w) if w.workload == WorkloadKind::StatefulSet => {
                stores += 1;
                let by_job = mentioned.get(&name).map(|&i| &jobs[i]);
                let by_velero = velero_namespaces.iter().any(|ns| match ns {
                    None => true,
                    Some(list) => list
                        .iter()
                        .any(|n| Some(n.as_str()) == o.namespace.as_deref()),
                });
                if let Some((_, job)) = by_job {
                    t.add(
                        true,
                        &labelled(&job.evidence, format!("backs up {}", object_label(o))),
                    );
                }
                t.add(
                    by_job.is_some() || by_velero,
                    &labelled(
                        &o.evidence,
                        format!(
                            "{}: {}",
                            object_label(o),
                            if by_job.is_some() || by_velero {
                                "backed up"
                            } else {
                                "no backup job"
                            }
                        ),
                    ),
                );
            }
            _ => {}
        }
    }
    if stores == 0 {
        for (_, job) in &jobs {
            t.add(true, &labelled(&job.evidence, object_label(job)));
        }
    }
    t.outcome("stateful stores with a backup")
}

/// The long-running workloads of the project's own manifests.
pub fn workload_rows(infra: &InfraFacts) -> Vec<WorkloadRow> {
    let pdbs = pdb_index(infra);
    let mut rows: Vec<WorkloadRow> = workloads(infra)
        .filter(|(o, w)| o.evidence.role == FileRole::Source && long_running(w))
        .map(|(o, w)| {
            let containers: Vec<_> = w.containers.iter().filter(|c| !c.init).collect();
            let pdb = pdbs.covers(o, &w.pod_labels);
            let templated = o.templated && w.replicas.is_none();
            let ha = if !replicated_kind(w) || templated {
                None
            } else {
                Some(w.replicas.unwrap_or(1) >= 2 && pdb)
            };
            WorkloadRow {
                kind: o.kind.clone(),
                name: o.name.clone().unwrap_or_default(),
                namespace: o.namespace.clone(),
                replicas: w.replicas,
                templated,
                probes: !containers.is_empty() && containers.iter().all(|c| probed(c)),
                pdb,
                spread: w.pod_anti_affinity || w.topology_spread,
                resources: !containers.is_empty() && containers.iter().all(|c| bounded(c)),
                ha,
                evidence: o.evidence.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.name, &a.kind, &a.evidence).cmp(&(&b.name, &b.kind, &b.evidence)));
    rows
}

/// The project's Kustomize overlays as environments.
pub fn environment_rows(infra: &InfraFacts) -> Vec<EnvironmentRow> {
    let overlays: Vec<_> = infra
        .kustomizations
        .iter()
        .filter(|k| k.evidence.role == FileRole::Source && k.environment.is_some())
        .collect();
    let mut rows: Vec<EnvironmentRow> = overlays
        .iter()
        .map(|k| {
            let only_here = k
                .patches
                .iter()
                .filter(|p| {
                    !overlays
                        .iter()
                        .any(|o| o.dir != k.dir && o.patches.contains(p))
                })
                .cloned()
                .collect();
            EnvironmentRow {
                environment: k.environment.clone().unwrap_or_default(),
                dir: k.dir.clone(),
                namespace: k.namespace.clone(),
                builds_on: k.resources.iter().chain(&k.bases).cloned().collect(),
                images: k.images.clone(),
                patches: k.patches.clone(),
                only_here,
                evidence: k.evidence.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.environment, &a.dir).cmp(&(&b.environment, &b.dir)));
    rows
}

#[cfg(test)]
mod tests {
    use super::{builder_image, dev_only};

    #[test]
    fn builder_and_dev_images_are_told_from_shipped_ones() {
        assert!(builder_image("Dockerfile.base"));
        assert!(builder_image("packaging/debian/Dockerfile"));
        assert!(builder_image("packaging/rpm/Dockerfile"));
        assert!(!builder_image("packaging/docker/alpine/Dockerfile"));
        assert!(!builder_image("Dockerfile"));
        assert!(dev_only(".devcontainer/Dockerfile"));
        assert!(dev_only("docker/development/Dockerfile"));
        assert!(!dev_only("docker/app/Dockerfile"));
    }
}
