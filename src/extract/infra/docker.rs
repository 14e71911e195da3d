//! Dockerfiles and Containerfiles: stages, base-image pinning, the final user, the health
//! check and exposed ports. Read line by line; nothing is built.

use std::collections::HashMap;

use super::image_ref;
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{
    DockerStage, Dockerfile, ExposedPort, FinalUser, HealthcheckState, ImagePin, ImageRef,
};
use crate::facts::{ComponentDecl, ComponentKind, Evidence, Note};

/// One instruction with its continuation lines joined.
#[derive(Debug)]
struct Instruction {
    keyword: String,
    args: String,
    start_line: u32,
    end_line: u32,
}

fn instructions(text: &str) -> Vec<Instruction> {
    let mut escape = '\\';
    let mut out = Vec::new();
    let mut current: Option<Instruction> = None;
    let mut in_header = true;
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim();
        if in_header {
            // Parser directives are comments at the very top: `# escape=``.
            if let Some(rest) = trimmed.strip_prefix('#') {
                let rest = rest.trim().to_ascii_lowercase();
                if let Some(value) = rest.strip_prefix("escape=") {
                    if value.trim() == "`" {
                        escape = '`';
                    }
                }
                continue;
            }
            in_header = false;
        }
        if current.is_some() && (trimmed.starts_with('#') || trimmed.is_empty()) {
            // Comments and empty lines inside a continued instruction are skipped.
            continue;
        }
        if current.is_none() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let (body, continues) = match trimmed.strip_suffix(escape) {
            Some(body) => (body.trim_end(), true),
            None => (trimmed, false),
        };
        match current.as_mut() {
            Some(inst) => {
                inst.args.push(' ');
                inst.args.push_str(body);
                inst.end_line = line_no;
            }
            None => {
                let (keyword, args) = match body.split_once(char::is_whitespace) {
                    Some((k, a)) => (k, a.trim()),
                    None => (body, ""),
                };
                current = Some(Instruction {
                    keyword: keyword.to_ascii_uppercase(),
                    args: args.to_string(),
                    start_line: line_no,
                    end_line: line_no,
                });
            }
        }
        if !continues {
            out.extend(current.take());
        }
    }
    out.extend(current.take());
    out
}

/// Replaces `$NAME` and `${NAME}` (and `${NAME:-default}`) with known values.
fn substitute(text: &str, args: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, default, consumed) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => {
                    let body = &inner[..end];
                    let (name, default) = match body.split_once(":-") {
                        Some((n, d)) => (n, Some(d)),
                        None => (body, None),
                    };
                    (name, default, end + 2)
                }
                None => ("", None, 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], None, end)
        };
        match args.get(name).map(String::as_str).or(default) {
            Some(value) if !name.is_empty() => out.push_str(value),
            _ => {
                out.push('$');
                out.push_str(&after[..consumed]);
            }
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

struct Stage {
    image: ImageRef,
    name: Option<String>,
    /// Index of the stage this one builds on, when its `FROM` names a previous stage.
    parent: Option<usize>,
    user: Option<(String, u32)>,
    healthcheck: Option<(HealthcheckState, u32, u32)>,
    exposed: Vec<ExposedPort>,
    line: u32,
    builds: bool,
}

/// Commands of a language toolchain that compile code or install its dependencies: what a
/// build stage runs, and what leaves compilers and caches in an image built in one stage.
const BUILD_COMMANDS: &[&str] = &[
    "go build",
    "go install",
    "go mod download",
    "cargo build",
    "cargo install",
    "npm install",
    "npm i ",
    "npm ci",
    "npm run build",
    "yarn",
    "pnpm",
    "pip install",
    "pip3 install",
    "poetry install",
    "pipenv install",
    "uv sync",
    "uv pip install",
    "mvn ",
    "mvnw",
    "gradle",
    "dotnet publish",
    "dotnet build",
    "dotnet restore",
    "bundle install",
    "composer install",
    "mix deps.get",
    "mix compile",
    "mix release",
    "make",
    "cmake",
    "gcc ",
    "g++ ",
    "javac",
    "tsc",
    "webpack",
];

/// Whether a `RUN` compiles code or installs a language's dependencies.
fn runs_a_build(args: &str) -> bool {
    let lower = args.to_ascii_lowercase();
    BUILD_COMMANDS.iter().any(|c| {
        lower.match_indices(c).any(|(i, _)| {
            !lower[..i]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
        })
    })
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut global_args: HashMap<String, String> = HashMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut stage_by_name: HashMap<String, usize> = HashMap::new();
    for inst in instructions(file.text) {
        let evidence = || Evidence::lines(file.path, file.role, inst.start_line, inst.end_line);
        match inst.keyword.as_str() {
            "ARG" if stages.is_empty() => {
                for arg in inst.args.split_whitespace() {
                    if let Some((name, value)) = arg.split_once('=') {
                        global_args.insert(name.to_string(), value.trim_matches('"').to_string());
                    }
                }
            }
            "FROM" => {
                let words: Vec<&str> = inst
                    .args
                    .split_whitespace()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                let Some(reference) = words.first() else {
                    out.notes.push(Note::new(
                        crate::codes::Code::DockerfileMalformed,
                        file.path,
                        inst.start_line,
                        "FROM without an image",
                    ));
                    continue;
                };
                let name = match words.get(1..3) {
                    Some([as_kw, name]) if as_kw.eq_ignore_ascii_case("as") => {
                        Some(name.to_string())
                    }
                    _ => None,
                };
                let resolved = substitute(reference, &global_args);
                // The last stage of that name, by index: a scan of the stages before each FROM
                // made a Dockerfile of many stages quadratic.
                let parent = stage_by_name.get(&resolved.to_ascii_lowercase()).copied();
                let image = if parent.is_some() || resolved.eq_ignore_ascii_case("scratch") {
                    ImageRef {
                        reference: resolved,
                        pin: ImagePin::Local,
                    }
                } else {
                    image_ref(&resolved)
                };
                if let Some(name) = &name {
                    stage_by_name.insert(name.to_ascii_lowercase(), stages.len());
                }
                stages.push(Stage {
                    image,
                    name,
                    parent,
                    user: None,
                    healthcheck: None,
                    exposed: Vec::new(),
                    line: inst.start_line,
                    builds: false,
                });
            }
            "USER" | "HEALTHCHECK" | "EXPOSE" => {
                let Some(stage) = stages.last_mut() else {
                    out.notes.push(Note::new(
                        crate::codes::Code::DockerfileMalformed,
                        file.path,
                        inst.start_line,
                        format!("{} before any FROM; ignored", inst.keyword),
                    ));
                    continue;
                };
                match inst.keyword.as_str() {
                    "USER" => stage.user = Some((inst.args.clone(), inst.start_line)),
                    "HEALTHCHECK" => {
                        let state = if inst.args.trim().eq_ignore_ascii_case("none") {
                            HealthcheckState::Disabled
                        } else {
                            HealthcheckState::Defined
                        };
                        stage.healthcheck = Some((state, inst.start_line, inst.end_line));
                    }
                    _ => stage
                        .exposed
                        .extend(inst.args.split_whitespace().map(|port| ExposedPort {
                            port: port.to_string(),
                            evidence: evidence(),
                        })),
                }
            }
            "RUN" => {
                if let Some(stage) = stages.last_mut() {
                    stage.builds |= runs_a_build(&inst.args);
                }
            }
            _ => {}
        }
    }
    let Some(final_index) = stages.len().checked_sub(1) else {
        out.notes.push(Note::new(
            crate::codes::Code::DockerfileMalformed,
            file.path,
            0,
            "Dockerfile without a FROM instruction; not read",
        ));
        return;
    };

    // The final image inherits USER, HEALTHCHECK and EXPOSE from the stages it builds on.
    // A parent always comes before its child, so the chain cannot loop; the set guards it
    // anyway without a scan per step.
    let mut chain = vec![final_index];
    let mut in_chain = std::collections::HashSet::from([final_index]);
    while let Some(parent) = chain.last().and_then(|&i| stages[i].parent) {
        if !in_chain.insert(parent) {
            break;
        }
        chain.push(parent);
    }
    let user = chain.iter().find_map(|&i| stages[i].user.clone());
    let base = chain.last().map(|&i| &stages[i].image);
    let final_user = match &user {
        Some((u, _)) => {
            let name = u.split(':').next().unwrap_or("").trim();
            if name.contains('$') {
                FinalUser::Variable
            } else if name == "root" || name == "0" {
                FinalUser::Root
            } else {
                FinalUser::NonRoot
            }
        }
        None if base.is_some_and(|b| b.reference.to_ascii_lowercase().contains("nonroot")) => {
            FinalUser::NonRoot
        }
        None => FinalUser::Unset,
    };
    let healthcheck = chain.iter().find_map(|&i| stages[i].healthcheck);
    let mut exposed_ports: Vec<ExposedPort> = chain
        .iter()
        .rev()
        .flat_map(|&i| stages[i].exposed.clone())
        .collect();
    exposed_ports.sort_by(|a, b| {
        a.evidence
            .cmp(&b.evidence)
            .then_with(|| a.port.cmp(&b.port))
    });

    let last_line = u32::try_from(file.text.lines().count())
        .unwrap_or(u32::MAX)
        .max(1);
    let final_line = stages[final_index].line;
    out.infra.dockerfiles.push(Dockerfile {
        dir: file.dir().to_string(),
        stages: stages
            .iter()
            .map(|s| DockerStage {
                image: s.image.clone(),
                name: s.name.clone(),
                builds: s.builds,
                evidence: Evidence::line(file.path, file.role, s.line),
            })
            .collect(),
        final_user,
        user_evidence: user.map(|(_, line)| Evidence::line(file.path, file.role, line)),
        healthcheck: healthcheck.map_or(HealthcheckState::Absent, |h| h.0),
        healthcheck_evidence: healthcheck
            .map(|(_, start, end)| Evidence::lines(file.path, file.role, start, end)),
        exposed_ports,
        evidence: Evidence::lines(file.path, file.role, 1, last_line),
    });
    out.components.push(ComponentDecl {
        kind: ComponentKind::DockerImage,
        name: image_name(file),
        root: file.dir().to_string(),
        evidence: Evidence::line(file.path, file.role, final_line),
        members: vec![],
    });
}

/// The directory's name (`.` at the root); a variant file adds its suffix (`api.Dockerfile`
/// is `api`, `svc/Dockerfile.dev` is `svc.dev`) so two images in one directory stay apart.
fn image_name(file: &SourceFile<'_>) -> String {
    let dir = file.dir();
    let dir_name = if dir.is_empty() {
        "."
    } else {
        dir.rsplit('/').next().unwrap_or(dir)
    };
    let lower = file.file_name.to_ascii_lowercase();
    if let Some(prefix) = lower.strip_suffix(".dockerfile") {
        return file.file_name[..prefix.len()].to_string();
    }
    for stem in ["dockerfile.", "dockerfile-", "containerfile."] {
        if lower.starts_with(stem) {
            return format!("{dir_name}.{}", &file.file_name[stem.len()..]);
        }
    }
    dir_name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &str, text: &str) -> FileFacts {
        crate::extract::run_on(extract, path, text)
    }

    #[test]
    fn stages_that_build_are_told_from_stages_that_add_files() {
        let db = run(
            "db/Dockerfile",
            "FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\nRUN chmod 755 /docker-entrypoint-initdb.d/init.sql\n",
        );
        assert!(!db.infra.dockerfiles[0].stages[0].builds);
        let app = run("Dockerfile", "FROM node:24\nRUN npm i -g maildev@2\n");
        assert!(app.infra.dockerfiles[0].stages[0].builds);
        let go = run(
            "Dockerfile",
            "FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n",
        );
        let builds: Vec<bool> = go.infra.dockerfiles[0]
            .stages
            .iter()
            .map(|s| s.builds)
            .collect();
        assert_eq!(builds, vec![true, false]);
        // A word that ends in a command's name is not the command.
        assert!(!super::runs_a_build("echo premake"));
    }

    #[test]
    fn multi_stage_with_continuations() {
        let out = run(
            "services/api/Dockerfile",
            r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM golang:${GO_VERSION} AS build
RUN apt-get update && \
    # a comment inside a continuation
    apt-get install -y git
COPY . .
RUN go build -o /app ./cmd/api

FROM gcr.io/distroless/static@sha256:0123abcd AS runtime
COPY --from=build /app /app
EXPOSE 8080/tcp \
       9090
HEALTHCHECK --interval=30s CMD ["/app", "health"]
USER 65532:65532
ENTRYPOINT ["/app"]
"#,
        );
        insta::assert_yaml_snapshot!(out.infra);
        insta::assert_yaml_snapshot!("multi_stage_component", out.components);
        assert!(out.notes.is_empty());
    }

    #[test]
    fn unpinned_root_image_without_healthcheck() {
        let out = run(
            "Dockerfile",
            "FROM python\nRUN pip install x\nCMD python app.py\n",
        );
        let d = &out.infra.dockerfiles[0];
        assert_eq!(d.stages[0].image.pin, ImagePin::Untagged);
        assert_eq!(d.final_user, FinalUser::Unset);
        assert_eq!(d.healthcheck, HealthcheckState::Absent);
        assert_eq!(out.components[0].name, ".");
    }

    #[test]
    fn final_stage_inherits_from_a_previous_stage() {
        let out = run(
            "web/Dockerfile.prod",
            "FROM node:20 AS base\nUSER node\nHEALTHCHECK NONE\nFROM base\nCMD node x\n",
        );
        let d = &out.infra.dockerfiles[0];
        assert_eq!(d.stages[1].image.pin, ImagePin::Local);
        assert_eq!(d.final_user, FinalUser::NonRoot);
        assert_eq!(d.healthcheck, HealthcheckState::Disabled);
        assert_eq!(out.components[0].name, "web.prod");
        assert_eq!(out.components[0].evidence.start_line, 4);
    }

    #[test]
    fn explicit_root_and_no_from() {
        let out = run("Dockerfile", "FROM alpine:latest\nUSER root\n");
        assert_eq!(out.infra.dockerfiles[0].final_user, FinalUser::Root);
        assert_eq!(
            out.infra.dockerfiles[0].stages[0].image.pin,
            ImagePin::Latest
        );
        let out = run("Dockerfile", "RUN echo hi\n");
        assert!(out.infra.dockerfiles.is_empty());
        assert_eq!(out.notes.len(), 1);
    }
}
