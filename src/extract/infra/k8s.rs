//! Kubernetes manifests: every document with `apiVersion` and `kind` becomes a [`K8sObject`];
//! the kinds the requirements ask about (workloads, Services, NetworkPolicies, PDBs, HPAs,
//! RBAC, Secrets, backups, PVCs, CRDs) are read in detail, every other kind is kept as it is.
//!
//! Documents that are not Kubernetes objects are skipped without a note: a YAML file is not
//! wrong for being something else.

use memchr::memmem;

use super::image_ref;
use super::yaml::{self, truncate, Node};
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{
    BackupSpec, Container, CrdSpec, CrdVersion, HpaSpec, K8sObject, K8sSpec, ManagedSecretSpec,
    NetworkPolicySpec, PdbSpec, PostgresClusterSpec, PvcSpec, RbacSpec, SecretSpec,
    SecurityContext, ServiceSpec, Workload, WorkloadKind,
};
use crate::facts::{Evidence, Note};

/// Words in a job's name, image or command that say it takes a backup.
const BACKUP_SIGNALS: &[&str] = &[
    "backup",
    "pg_dump",
    "pg_dumpall",
    "pg_basebackup",
    "pgbackrest",
    "wal-g",
    "barman",
    "mysqldump",
    "mariadb-dump",
    "mongodump",
    "redis-cli --rdb",
    "etcdctl snapshot",
    "velero",
    "restic",
    "kopia",
    "borg ",
    "rclone",
    "mc mirror",
    "mc cp",
    "aws s3 cp",
    "aws s3 sync",
    "gsutil cp",
    "snapshot",
];

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    extract_text(file, file.text, false, out);
}

/// Reads the objects of `text` (the file's text, or a masked Helm template with the same
/// lines).
pub fn extract_text(file: &SourceFile<'_>, text: &str, templated: bool, out: &mut FileFacts) {
    let bytes = text.as_bytes();
    if memmem::find(bytes, b"apiVersion").is_none() || memmem::find(bytes, b"kind").is_none() {
        return;
    }
    for doc in yaml::read_documents(text, file.path, &mut out.notes) {
        read_object(file, &doc.root, templated, out, 0);
    }
}

fn str_at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a str> {
    node.at(path).and_then(Node::as_str)
}

fn owned(node: &Node, path: &[&str]) -> Option<String> {
    str_at(node, path).map(str::to_string)
}

fn read_object(
    file: &SourceFile<'_>,
    root: &Node,
    templated: bool,
    out: &mut FileFacts,
    depth: u32,
) {
    let (Some(api_version), Some(kind)) = (str_at(root, &["apiVersion"]), str_at(root, &["kind"]))
    else {
        return;
    };
    if kind == "List" || kind.ends_with("List") && root.get("items").is_some_and(Node::is_seq) {
        if depth == 0 {
            for item in root.get("items").map(Node::items).unwrap_or_default() {
                read_object(file, item, templated, out, depth + 1);
            }
        }
        return;
    }
    let group = api_version.split_once('/').map_or("", |(g, _)| g);
    let spec = root.get("spec");
    let evidence = Evidence::lines(file.path, file.role, root.line, root.end_line);
    let detail = match (group, kind) {
        (
            _,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob" | "Pod",
        ) => workload(file, root, kind, out).map(K8sSpec::Workload),
        ("", "Service") => Some(K8sSpec::Service(ServiceSpec {
            service_type: spec.and_then(|s| owned(s, &["type"])),
            selector: spec
                .and_then(|s| s.get("selector"))
                .map(Node::string_map)
                .unwrap_or_default(),
            ports: spec
                .and_then(|s| s.get("ports"))
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|p| {
                    let port = str_at(p, &["port"])?;
                    Some(match str_at(p, &["targetPort"]) {
                        Some(target) if target != port => format!("{port}->{target}"),
                        _ => port.to_string(),
                    })
                })
                .collect(),
        })),
        (_, "NetworkPolicy") if group.starts_with("networking.k8s.io") => {
            Some(K8sSpec::NetworkPolicy(network_policy(spec)))
        }
        (_, "PodDisruptionBudget") => Some(K8sSpec::PodDisruptionBudget(PdbSpec {
            selector: spec
                .and_then(|s| s.at(&["selector", "matchLabels"]))
                .map(Node::string_map)
                .unwrap_or_default(),
            min_available: spec.and_then(|s| owned(s, &["minAvailable"])),
            max_unavailable: spec.and_then(|s| owned(s, &["maxUnavailable"])),
        })),
        (_, "HorizontalPodAutoscaler") => Some(K8sSpec::Autoscaler(HpaSpec {
            target_kind: spec.and_then(|s| owned(s, &["scaleTargetRef", "kind"])),
            target_name: spec.and_then(|s| owned(s, &["scaleTargetRef", "name"])),
            min_replicas: spec
                .and_then(|s| s.get("minReplicas"))
                .and_then(Node::as_u64),
            max_replicas: spec
                .and_then(|s| s.get("maxReplicas"))
                .and_then(Node::as_u64),
        })),
        ("keda.sh", "ScaledObject") => Some(K8sSpec::Autoscaler(HpaSpec {
            target_kind: spec
                .and_then(|s| owned(s, &["scaleTargetRef", "kind"]))
                .or(Some("Deployment".into())),
            target_name: spec.and_then(|s| owned(s, &["scaleTargetRef", "name"])),
            min_replicas: spec
                .and_then(|s| s.get("minReplicaCount"))
                .and_then(Node::as_u64),
            max_replicas: spec
                .and_then(|s| s.get("maxReplicaCount"))
                .and_then(Node::as_u64),
        })),
        ("rbac.authorization.k8s.io", "Role" | "ClusterRole") => {
            let rules = root.get("rules").map(Node::items).unwrap_or_default();
            let wildcard = rules.iter().any(|r| {
                ["verbs", "resources"].iter().any(|f| {
                    r.get(f)
                        .map(Node::strings)
                        .unwrap_or_default()
                        .iter()
                        .any(|v| v == "*")
                })
            });
            Some(K8sSpec::Rbac(RbacSpec {
                rules: rules.len() as u64,
                role_ref: None,
                subjects: vec![],
                wildcard,
            }))
        }
        ("rbac.authorization.k8s.io", "RoleBinding" | "ClusterRoleBinding") => {
            Some(K8sSpec::Rbac(RbacSpec {
                rules: 0,
                role_ref: root.get("roleRef").map(kind_slash_name),
                subjects: root
                    .get("subjects")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .map(kind_slash_name)
                    .collect(),
                wildcard: false,
            }))
        }
        ("", "Secret") => {
            let mut keys: Vec<String> = ["data", "stringData"]
                .iter()
                .flat_map(|f| root.get(f).map(Node::entries).unwrap_or_default())
                .map(|e| e.key.clone())
                .collect();
            keys.sort();
            keys.dedup();
            let committed = ["data", "stringData"]
                .iter()
                .flat_map(|f| root.get(f).map(Node::entries).unwrap_or_default())
                .filter_map(|e| e.value.as_str())
                .any(|v| !v.contains("_TPL") && !crate::extract::code::secrets::is_placeholder(v));
            Some(K8sSpec::Secret(SecretSpec {
                secret_type: owned(root, &["type"]),
                keys,
                committed,
            }))
        }
        (_, "ExternalSecret" | "ClusterExternalSecret") => managed("external-secrets"),
        (_, "SealedSecret") => managed("sealed-secrets"),
        (_, "SecretProviderClass") => managed("secrets-store-csi"),
        (_, "VaultStaticSecret" | "VaultDynamicSecret" | "VaultPKISecret") => managed("vault"),
        ("velero.io", "Schedule") => Some(K8sSpec::Backup(BackupSpec {
            tool: "velero".into(),
            schedule: spec.and_then(|s| owned(s, &["schedule"])),
            included_namespaces: spec
                .and_then(|s| s.at(&["template", "includedNamespaces"]))
                .map(Node::strings)
                .unwrap_or_default(),
        })),
        ("velero.io", "Backup") => Some(K8sSpec::Backup(BackupSpec {
            tool: "velero".into(),
            schedule: None,
            included_namespaces: spec
                .and_then(|s| s.get("includedNamespaces"))
                .map(Node::strings)
                .unwrap_or_default(),
        })),
        ("postgresql.cnpg.io", "ScheduledBackup" | "Backup") => Some(K8sSpec::Backup(BackupSpec {
            tool: "cloudnative-pg".into(),
            schedule: spec.and_then(|s| owned(s, &["schedule"])),
            included_namespaces: vec![],
        })),
        ("postgresql.cnpg.io", "Cluster") => Some(K8sSpec::PostgresCluster(PostgresClusterSpec {
            instances: spec.and_then(|s| s.get("instances")).and_then(Node::as_u64),
            backup: spec
                .and_then(|s| s.get("backup"))
                .is_some_and(|b| !b.is_null()),
        })),
        ("", "PersistentVolumeClaim") => Some(K8sSpec::PersistentVolumeClaim(PvcSpec {
            storage_class: spec.and_then(|s| owned(s, &["storageClassName"])),
            size: spec.and_then(|s| owned(s, &["resources", "requests", "storage"])),
            access_modes: spec
                .and_then(|s| s.get("accessModes"))
                .map(Node::strings)
                .unwrap_or_default(),
        })),
        ("apiextensions.k8s.io", "CustomResourceDefinition") => {
            Some(K8sSpec::CustomResourceDefinition(crd(spec)))
        }
        _ if spec
            .and_then(|s| s.at(&["template", "spec", "containers"]))
            .is_some() =>
        {
            workload(file, root, kind, out).map(K8sSpec::Workload)
        }
        _ => None,
    };
    out.infra.k8s_objects.push(K8sObject {
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name: owned(root, &["metadata", "name"])
            .or_else(|| owned(root, &["metadata", "generateName"])),
        namespace: owned(root, &["metadata", "namespace"]),
        labels: root
            .at(&["metadata", "labels"])
            .map(Node::string_map)
            .unwrap_or_default(),
        templated,
        spec: detail.unwrap_or(K8sSpec::Other),
        evidence,
    });
}

fn managed(manager: &str) -> Option<K8sSpec> {
    Some(K8sSpec::ManagedSecret(ManagedSecretSpec {
        manager: manager.to_string(),
    }))
}

fn kind_slash_name(node: &Node) -> String {
    format!(
        "{}/{}",
        str_at(node, &["kind"]).unwrap_or("?"),
        str_at(node, &["name"]).unwrap_or("?")
    )
}

fn network_policy(spec: Option<&Node>) -> NetworkPolicySpec {
    let selector = spec.and_then(|s| s.get("podSelector"));
    let pod_selector = selector
        .and_then(|s| s.get("matchLabels"))
        .map(Node::string_map)
        .unwrap_or_default();
    let has_expressions = selector
        .and_then(|s| s.get("matchExpressions"))
        .is_some_and(|e| !e.items().is_empty());
    let selects_all_pods = pod_selector.is_empty() && !has_expressions;
    let policy_types = spec
        .and_then(|s| s.get("policyTypes"))
        .map(Node::strings)
        .unwrap_or_default();
    let ingress_rules = spec
        .and_then(|s| s.get("ingress"))
        .map_or(0, |i| i.items().len()) as u64;
    let egress_rules = spec
        .and_then(|s| s.get("egress"))
        .map_or(0, |e| e.items().len()) as u64;
    // Without policyTypes, a policy is an Ingress policy (and Egress too when it has egress
    // rules).
    let ingress_type = policy_types.is_empty() || policy_types.iter().any(|t| t == "Ingress");
    let egress_type = policy_types.iter().any(|t| t == "Egress");
    NetworkPolicySpec {
        pod_selector,
        selects_all_pods,
        default_deny_ingress: selects_all_pods && ingress_type && ingress_rules == 0,
        default_deny_egress: selects_all_pods && egress_type && egress_rules == 0,
        policy_types,
        ingress_rules,
        egress_rules,
    }
}

fn crd(spec: Option<&Node>) -> CrdSpec {
    let Some(spec) = spec else {
        return CrdSpec {
            group: None,
            kind: None,
            plural: None,
            scope: None,
            versions: vec![],
        };
    };
    let mut versions: Vec<CrdVersion> = spec
        .get("versions")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| {
            Some(CrdVersion {
                name: str_at(v, &["name"])?.to_string(),
                served: v.get("served").and_then(Node::as_bool).unwrap_or(false),
                storage: v.get("storage").and_then(Node::as_bool).unwrap_or(false),
            })
        })
        .collect();
    if versions.is_empty() {
        // apiextensions.k8s.io/v1beta1 had a single `version`.
        if let Some(name) = str_at(spec, &["version"]) {
            versions.push(CrdVersion {
                name: name.to_string(),
                served: true,
                storage: true,
            });
        }
    }
    CrdSpec {
        group: owned(spec, &["group"]),
        kind: owned(spec, &["names", "kind"]),
        plural: owned(spec, &["names", "plural"]),
        scope: owned(spec, &["scope"]),
        versions,
    }
}

fn workload(
    file: &SourceFile<'_>,
    root: &Node,
    kind: &str,
    out: &mut FileFacts,
) -> Option<Workload> {
    let workload_kind = match kind {
        "Deployment" => WorkloadKind::Deployment,
        "StatefulSet" => WorkloadKind::StatefulSet,
        "DaemonSet" => WorkloadKind::DaemonSet,
        "ReplicaSet" => WorkloadKind::ReplicaSet,
        "Job" => WorkloadKind::Job,
        "CronJob" => WorkloadKind::CronJob,
        "Pod" => WorkloadKind::Pod,
        _ => WorkloadKind::Other,
    };
    let spec = root.get("spec");
    // Where the pod template is: the object itself for a Pod, two levels down for a CronJob.
    let template: Option<&Node> = match workload_kind {
        WorkloadKind::Pod => Some(root),
        WorkloadKind::CronJob => spec.and_then(|s| s.at(&["jobTemplate", "spec", "template"])),
        _ => spec.and_then(|s| s.get("template")),
    };
    let Some(template) = template else {
        out.notes.push(Note::new(
            crate::codes::Code::KubernetesWorkloadIncomplete,
            file.path,
            root.line,
            format!("{kind} without a pod template; containers not read"),
        ));
        return Some(empty_workload(workload_kind, spec));
    };
    let pod = template.get("spec");
    let annotations = template
        .at(&["metadata", "annotations"])
        .map(Node::string_map)
        .unwrap_or_default();
    let mut containers = Vec::new();
    for (field, init) in [("initContainers", true), ("containers", false)] {
        for c in pod
            .and_then(|p| p.get(field))
            .map(Node::items)
            .unwrap_or_default()
        {
            containers.push(container(file, c, init));
        }
    }
    let mut volume_claims: Vec<String> = pod
        .and_then(|p| p.get("volumes"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| owned(v, &["persistentVolumeClaim", "claimName"]))
        .collect();
    volume_claims.extend(
        spec.and_then(|s| s.get("volumeClaimTemplates"))
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| owned(v, &["metadata", "name"])),
    );
    let name = str_at(root, &["metadata", "name"]).unwrap_or("");
    let mut haystack = name.to_ascii_lowercase();
    for c in &containers {
        haystack.push(' ');
        haystack.push_str(
            &c.image
                .as_ref()
                .map(|i| i.reference.to_ascii_lowercase())
                .unwrap_or_default(),
        );
        haystack.push(' ');
        haystack.push_str(&c.command.to_ascii_lowercase());
    }
    let looks_like_backup = matches!(workload_kind, WorkloadKind::CronJob | WorkloadKind::Job)
        && BACKUP_SIGNALS.iter().any(|s| haystack.contains(s));
    Some(Workload {
        workload: workload_kind,
        replicas: spec.and_then(|s| s.get("replicas")).and_then(Node::as_u64),
        pod_labels: template
            .at(&["metadata", "labels"])
            .map(Node::string_map)
            .unwrap_or_default(),
        selector: spec
            .and_then(|s| s.at(&["selector", "matchLabels"]))
            .map(Node::string_map)
            .unwrap_or_default(),
        containers,
        pod_anti_affinity: pod
            .and_then(|p| p.at(&["affinity", "podAntiAffinity"]))
            .is_some_and(|a| !a.is_null()),
        topology_spread: pod
            .and_then(|p| p.get("topologySpreadConstraints"))
            .is_some_and(|t| !t.items().is_empty()),
        pod_security: pod
            .and_then(|p| p.get("securityContext"))
            .map(security)
            .unwrap_or_default(),
        service_account: pod.and_then(|p| {
            owned(p, &["serviceAccountName"]).or_else(|| owned(p, &["serviceAccount"]))
        }),
        vault_agent_inject: annotations
            .get("vault.hashicorp.com/agent-inject")
            .is_some_and(|v| v == "true"),
        schedule: (workload_kind == WorkloadKind::CronJob)
            .then(|| spec.and_then(|s| owned(s, &["schedule"])))
            .flatten(),
        looks_like_backup,
        volume_claims,
    })
}

fn empty_workload(workload: WorkloadKind, spec: Option<&Node>) -> Workload {
    Workload {
        workload,
        replicas: spec.and_then(|s| s.get("replicas")).and_then(Node::as_u64),
        pod_labels: Default::default(),
        selector: Default::default(),
        containers: vec![],
        pod_anti_affinity: false,
        topology_spread: false,
        pod_security: SecurityContext::default(),
        service_account: None,
        vault_agent_inject: false,
        schedule: None,
        looks_like_backup: false,
        volume_claims: vec![],
    }
}

fn container(file: &SourceFile<'_>, node: &Node, init: bool) -> Container {
    let probe = |field: &str| {
        node.entry(field)
            .filter(|e| !e.value.is_null())
            .map(|e| Evidence::lines(file.path, file.role, e.key_line, e.value.end_line))
    };
    let has_map = |path: &[&str]| node.at(path).is_some_and(|n| !n.entries().is_empty());
    let mut command: Vec<String> = node.get("command").map(Node::strings).unwrap_or_default();
    command.extend(node.get("args").map(Node::strings).unwrap_or_default());
    let mut secret_refs: Vec<String> = node
        .get("env")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| owned(e, &["valueFrom", "secretKeyRef", "name"]))
        .collect();
    secret_refs.extend(
        node.get("envFrom")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|e| owned(e, &["secretRef", "name"])),
    );
    secret_refs.sort();
    secret_refs.dedup();
    Container {
        name: owned(node, &["name"]).unwrap_or_default(),
        image: str_at(node, &["image"]).map(image_ref),
        init,
        liveness_probe: probe("livenessProbe"),
        readiness_probe: probe("readinessProbe"),
        startup_probe: probe("startupProbe"),
        resource_requests: has_map(&["resources", "requests"]),
        resource_limits: has_map(&["resources", "limits"]),
        security: node
            .get("securityContext")
            .map(security)
            .unwrap_or_default(),
        command: truncate(&command.join(" "), 500),
        secret_refs,
        evidence: Evidence::lines(file.path, file.role, node.line, node.end_line),
    }
}

fn security(node: &Node) -> SecurityContext {
    let flag = |field: &str| node.get(field).and_then(Node::as_bool);
    SecurityContext {
        run_as_non_root: flag("runAsNonRoot"),
        run_as_user: node.get("runAsUser").and_then(Node::as_u64),
        read_only_root_filesystem: flag("readOnlyRootFilesystem"),
        privileged: flag("privileged"),
        allow_privilege_escalation: flag("allowPrivilegeEscalation"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn run(path: &str, text: &str) -> FileFacts {
        crate::extract::run_on(extract, path, text)
    }

    #[test]
    fn deployment_service_and_policies() {
        let out = run(
            "deploy/app.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
  labels: {app: api}
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
      annotations:
        vault.hashicorp.com/agent-inject: "true"
    spec:
      securityContext:
        runAsNonRoot: true
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution: []
      initContainers:
        - name: migrate
          image: migrate/migrate
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          args: ["--port", "8080"]
          envFrom:
            - secretRef: {name: api-env}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: prod}
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: prod}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: api}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 3
  maxReplicas: 10
"#,
        );
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        insta::assert_yaml_snapshot!(out.infra);
    }

    #[test]
    fn backups_secrets_rbac_storage_and_crds() {
        let out = run(
            "ops/backup.yaml",
            r#"apiVersion: batch/v1
kind: CronJob
metadata: {name: db-nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: dump
              image: postgres:16
              command: ["/bin/sh", "-c", "pg_dump $DATABASE_URL | mc pipe s3/backups/db.sql"]
          restartPolicy: OnFailure
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  password: hunter2
data:
  user: YWRtaW4=
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: db}
---
apiVersion: velero.io/v1
kind: Schedule
metadata: {name: daily, namespace: velero}
spec:
  schedule: "0 3 * * *"
  template: {includedNamespaces: [prod]}
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: pg}
spec:
  instances: 3
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: fast
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: op}
rules:
  - apiGroups: ["acme.io"]
    resources: ["*"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: op}
roleRef: {kind: ClusterRole, name: op}
subjects: [{kind: ServiceAccount, name: op}]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: alertprocessings.acme.io}
spec:
  group: acme.io
  scope: Namespaced
  names: {kind: AlertProcessing, plural: alertprocessings}
  versions:
    - name: v1alpha1
      served: true
      storage: true
---
apiVersion: acme.io/v1alpha1
kind: AlertProcessing
metadata: {name: sample}
"#,
        );
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        let text = serde_json::to_string(&out.infra).unwrap_or_default();
        assert!(
            !text.contains("hunter2") && !text.contains("YWRtaW4"),
            "secret values leaked"
        );
        insta::assert_yaml_snapshot!(out.infra);
    }

    #[test]
    fn json_manifest_and_non_kubernetes_yaml() {
        let out = run(
            "k8s/pod.json",
            "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"p\"},\n  \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"busybox:latest\"}]}\n}\n",
        );
        assert_eq!(out.infra.k8s_objects.len(), 1);
        let obj = &out.infra.k8s_objects[0];
        assert_eq!(
            (
                obj.kind.as_str(),
                obj.evidence.start_line,
                obj.evidence.end_line
            ),
            ("Pod", 1, 6)
        );
        let K8sSpec::Workload(w) = &obj.spec else {
            panic!("not a workload: {obj:?}");
        };
        assert_eq!(w.replicas, None);
        assert_eq!(
            w.containers[0].image.as_ref().map(|i| i.pin),
            Some(crate::facts::infra::ImagePin::Latest)
        );

        let out = run(
            "config/app.yaml",
            "apiVersion: 2\nkind_of: thing\nlist: [1, 2]\n",
        );
        assert!(out.infra.k8s_objects.is_empty());
        assert!(out.notes.is_empty());
        let out = run("package.json", "{\"name\": \"x\"}");
        assert!(out.infra.k8s_objects.is_empty());
    }

    #[test]
    fn hostile_manifests_give_notes_not_panics() {
        let bomb = "apiVersion: v1\nkind: ConfigMap\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n";
        let out = run("bomb.yaml", bomb);
        assert_eq!(out.infra.k8s_objects.len(), 1);
        assert_eq!(out.infra.k8s_objects[0].kind, "Namespace");
        assert!(
            out.notes.iter().any(|n| n.message.contains("alias")),
            "{:?}",
            out.notes
        );

        let deep = format!(
            "apiVersion: v1\nkind: ConfigMap\ndata: {}\n",
            "[".repeat(100_000)
        );
        let out = run("deep.yaml", &deep);
        assert!(out.infra.k8s_objects.is_empty());
        assert_eq!(out.notes.len(), 1);
    }
}
