//! Compose files (v1 with services at the top level, v2/v3 and the Compose Specification):
//! one fact and one component per service.

use super::yaml::{self, truncate, Node, Value};
use super::{image_ref, join_path, looks_like_secret_key};
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{ComposeBuild, ComposeDependency, ComposeService, HealthcheckState};
use crate::facts::{ComponentDecl, ComponentKind, Evidence, Note};

/// Longest `command` kept.
const MAX_COMMAND_CHARS: usize = 200;

/// Top-level keys of v2/v3/spec files that are not services.
const TOP_LEVEL_KEYS: &[&str] = &[
    "version", "services", "volumes", "networks", "secrets", "configs", "name", "include",
];

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let documents = yaml::read_documents(file.text, file.path, &mut out.notes);
    for doc in documents {
        let root = &doc.root;
        if !root.is_map() {
            out.notes.push(Note::new(
                crate::codes::Code::YamlNotMapping,
                file.path,
                root.line,
                "Compose file is not a mapping; not read",
            ));
            continue;
        }
        let services: Vec<&yaml::Entry> = match root.get("services") {
            Some(services) => services.entries().iter().collect(),
            // Compose v1: every top-level mapping is a service.
            None => root
                .entries()
                .iter()
                .filter(|e| {
                    !TOP_LEVEL_KEYS.contains(&e.key.as_str())
                        && !e.key.starts_with("x-")
                        && e.value.is_map()
                })
                .collect(),
        };
        for entry in services {
            if !entry.value.is_map() && !entry.value.is_null() {
                out.notes.push(Note::new(
                    crate::codes::Code::YamlNotMapping,
                    file.path,
                    entry.key_line,
                    format!("Compose service `{}` is not a mapping; skipped", entry.key),
                ));
                continue;
            }
            let service = read_service(file, entry);
            let root_dir = service
                .build
                .as_ref()
                .map_or_else(|| file.dir().to_string(), |b| b.context.clone());
            out.components.push(ComponentDecl {
                kind: ComponentKind::ComposeService,
                name: service.name.clone(),
                root: root_dir,
                evidence: service.evidence.clone(),
                members: vec![],
            });
            out.infra.compose_services.push(service);
        }
    }
}

fn read_service(file: &SourceFile<'_>, entry: &yaml::Entry) -> ComposeService {
    let node = &entry.value;
    let build = node.get("build").and_then(|b| {
        let (context, dockerfile) = match &b.value {
            Value::Scalar { .. } => (b.as_str()?.to_string(), None),
            Value::Map(_) => (
                b.get("context")
                    .and_then(Node::as_str)
                    .unwrap_or(".")
                    .to_string(),
                b.get("dockerfile")
                    .and_then(Node::as_str)
                    .map(str::to_string),
            ),
            Value::Seq(_) => return None,
        };
        // Remote contexts (git URLs) are not directories of this repository.
        let context = if context.contains("://") || context.starts_with("git@") {
            context
        } else {
            join_path(file.dir(), &context)
        };
        Some(ComposeBuild {
            context,
            dockerfile,
        })
    });
    let healthcheck = match node.get("healthcheck") {
        None => HealthcheckState::Absent,
        Some(h) if h.get("disable").and_then(Node::as_bool) == Some(true) => {
            HealthcheckState::Disabled
        }
        Some(h)
            if h.get("test")
                .map(Node::strings)
                .is_some_and(|t| t.first().is_some_and(|s| s == "NONE")) =>
        {
            HealthcheckState::Disabled
        }
        Some(_) => HealthcheckState::Defined,
    };
    let depends_on = node
        .get("depends_on")
        .map_or_else(Vec::new, |d| match &d.value {
            Value::Map(entries) => entries
                .iter()
                .map(|e| ComposeDependency {
                    service: e.key.clone(),
                    condition: e
                        .value
                        .get("condition")
                        .and_then(Node::as_str)
                        .map(str::to_string),
                })
                .collect(),
            _ => d
                .strings()
                .into_iter()
                .map(|service| ComposeDependency {
                    service,
                    condition: None,
                })
                .collect(),
        });
    let volumes = list_of(node.get("volumes"), &["source", "target"]);
    let ports = list_of(node.get("ports"), &["published", "target"]);
    let secret_env_keys = node.get("environment").map_or_else(Vec::new, |env| {
        let keys: Vec<String> = match &env.value {
            Value::Map(entries) => entries.iter().map(|e| e.key.clone()).collect(),
            // `- KEY=value` or `- KEY`: only the name is kept.
            _ => env
                .strings()
                .into_iter()
                .map(|s| s.split_once('=').map_or(s.clone(), |(k, _)| k.to_string()))
                .collect(),
        };
        let mut keys: Vec<String> = keys
            .into_iter()
            .filter(|k| looks_like_secret_key(k))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    });
    ComposeService {
        name: entry.key.clone(),
        image: node.get("image").and_then(Node::as_str).map(image_ref),
        build,
        healthcheck,
        depends_on,
        volumes,
        ports,
        restart: node
            .get("restart")
            .and_then(Node::as_str)
            .map(str::to_string),
        replicas: node.at(&["deploy", "replicas"]).and_then(Node::as_u64),
        command: node.get("command").and_then(|c| {
            let words = c.strings();
            (!words.is_empty()).then(|| truncate(&words.join(" "), MAX_COMMAND_CHARS))
        }),
        secret_env_keys,
        evidence: Evidence::line(file.path, file.role, entry.key_line),
    }
}

/// Short-syntax strings as written; long-syntax maps as `a:b` of the given fields.
fn list_of(node: Option<&Node>, fields: &[&str]) -> Vec<String> {
    node.map_or_else(Vec::new, |n| {
        n.items()
            .iter()
            .filter_map(|item| match &item.value {
                Value::Map(_) => {
                    let parts: Vec<&str> = fields
                        .iter()
                        .filter_map(|f| item.get(f).and_then(Node::as_str))
                        .collect();
                    (!parts.is_empty()).then(|| parts.join(":"))
                }
                _ => item.as_str().map(str::to_string),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &str, text: &str) -> FileFacts {
        crate::extract::run_on(extract, path, text)
    }

    #[test]
    fn compose_spec_file() {
        let out = run(
            "deploy/docker-compose.yml",
            r#"x-env: &env
  LOG_LEVEL: info
services:
  api:
    build:
      context: ../services/api
      dockerfile: Dockerfile.prod
    environment:
      <<: *env
      DB_PASSWORD: hunter2
      API_TOKEN: abc
    depends_on:
      db:
        condition: service_healthy
    ports: ["8080:8080"]
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
    deploy:
      replicas: 2
  db:
    image: postgres:16
    volumes:
      - pgdata:/var/lib/postgresql/data
    environment:
      - POSTGRES_PASSWORD=secret
      - POSTGRES_DB=app
    healthcheck:
      disable: true
  worker:
    build: ./worker
    depends_on: [db]
volumes:
  pgdata:
"#,
        );
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        insta::assert_yaml_snapshot!(out.infra);
        insta::assert_yaml_snapshot!("compose_spec_components", out.components);
        let text = serde_json::to_string(&out.infra).unwrap_or_default();
        assert!(
            !text.contains("hunter2") && !text.contains("secret\""),
            "secret values leaked"
        );
    }

    #[test]
    fn compose_v1_has_services_at_the_top() {
        let out = run(
            "docker-compose.yml",
            "web:\n  build: .\n  links:\n    - redis\nredis:\n  image: redis\n",
        );
        let names: Vec<_> = out
            .infra
            .compose_services
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["web", "redis"]);
        assert_eq!(out.components[0].root, "");
        assert_eq!(out.infra.compose_services[1].evidence.start_line, 5);
    }

    #[test]
    fn broken_compose_is_a_note() {
        let out = run("compose.yaml", "services:\n  api:\n    image: [x\n");
        assert!(out.infra.compose_services.is_empty());
        assert_eq!(out.notes.len(), 1);
    }
}
