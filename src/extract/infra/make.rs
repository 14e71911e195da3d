//! Makefiles: targets, `.PHONY`, recipes and the tools they call. `make deploy-qa` in a status
//! report is a claim about a target; this is what it is checked against.

use std::collections::{BTreeSet, HashSet};

use super::classify::kinds_of;
use super::yaml::truncate;
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::MakeTarget;
use crate::facts::Evidence;

/// Tools whose use in a recipe is worth knowing; `go`, `cargo`, `npm` and `docker` keep their
/// subcommand (`go test`, `docker build`).
const TOOLS: &[&str] = &[
    "kubectl",
    "helm",
    "helmfile",
    "kustomize",
    "kind",
    "docker-compose",
    "terraform",
    "argocd",
    "flux",
    "skaffold",
    "velero",
    "pytest",
    "ginkgo",
];
const TOOLS_WITH_SUBCOMMAND: &[&str] = &[
    "go", "cargo", "npm", "yarn", "pnpm", "docker", "podman", "mvn", "gradle",
];

/// Longest recipe line kept.
const MAX_COMMAND_CHARS: usize = 500;

struct Logical {
    text: String,
    start: u32,
    end: u32,
    recipe: bool,
}

/// Joins continuation lines; a recipe line is one that starts with a tab.
fn logical_lines(text: &str) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    let mut continuing = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (body, continues) = match raw.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (raw, false),
        };
        match out.last_mut() {
            Some(last) if continuing => {
                last.text.push(' ');
                last.text.push_str(body.trim());
                last.end = line_no;
            }
            _ => out.push(Logical {
                recipe: body.starts_with('\t'),
                text: body.trim().to_string(),
                start: line_no,
                end: line_no,
            }),
        }
        continuing = continues;
    }
    out
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut phony: HashSet<String> = HashSet::new();
    let mut targets: Vec<MakeTarget> = Vec::new();
    // Indices into `targets` of the rule whose recipe is being read.
    let mut current: Vec<usize> = Vec::new();
    let mut in_define = false;
    for line in logical_lines(file.text) {
        if in_define {
            in_define = !(line.text == "endef" || line.text.starts_with("endef "));
            continue;
        }
        if line.recipe {
            if line.text.is_empty() || line.text.starts_with('#') {
                continue;
            }
            let command = line
                .text
                .trim_start_matches(['@', '-', '+'])
                .trim()
                .to_string();
            for &i in &current {
                if let Some(t) = targets.get_mut(i) {
                    t.commands.push(truncate(&command, MAX_COMMAND_CHARS));
                    t.evidence.end_line = line.end;
                }
            }
            continue;
        }
        let text = line.text.as_str();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if text.starts_with("define ") || text == "define" {
            in_define = true;
            current.clear();
            continue;
        }
        // `target: deps ## help text`: the comment is not a prerequisite.
        let text = text
            .split_once('#')
            .map_or(text, |(rule, _)| rule)
            .trim_end();
        let Some((names, rest)) = split_rule(text) else {
            // Assignments, conditionals, includes end the current rule.
            current.clear();
            continue;
        };
        let (prerequisites, inline_recipe) = match rest.split_once(';') {
            Some((p, r)) => (p, Some(r.trim())),
            None => (rest, None),
        };
        if names.trim() == ".PHONY" {
            phony.extend(prerequisites.split_whitespace().map(str::to_string));
            current.clear();
            continue;
        }
        current.clear();
        // Target-specific variables (`t: VAR = x`) are not rules.
        if prerequisites.contains('=') {
            continue;
        }
        for name in names.split_whitespace() {
            if name.starts_with('.') || name.contains('%') {
                continue;
            }
            current.push(targets.len());
            targets.push(MakeTarget {
                name: name.to_string(),
                phony: false,
                prerequisites: prerequisites
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                commands: inline_recipe
                    .filter(|r| !r.is_empty())
                    .map(|r| vec![truncate(r, MAX_COMMAND_CHARS)])
                    .unwrap_or_default(),
                calls: vec![],
                kinds: vec![],
                evidence: Evidence::lines(file.path, file.role, line.start, line.end),
            });
        }
    }
    for mut target in targets {
        target.phony = phony.contains(&target.name);
        let mut calls = BTreeSet::new();
        for command in &target.commands {
            calls.extend(calls_of(command));
        }
        target.calls = calls.into_iter().collect();
        let signal = format!("{}\n{}", target.name, target.commands.join("\n"));
        target.kinds = kinds_of(&signal).into_iter().collect();
        out.infra.make_targets.push(target);
    }
}

/// Splits a rule line at its colon: `a b: c d` → (`a b`, `c d`). `None` for assignments
/// (`X := y`, `X = a:b`) and lines that are not rules.
fn split_rule(text: &str) -> Option<(&str, &str)> {
    let first = text.split_whitespace().next()?;
    if matches!(
        first,
        "ifeq"
            | "ifneq"
            | "ifdef"
            | "ifndef"
            | "else"
            | "endif"
            | "include"
            | "-include"
            | "sinclude"
            | "export"
            | "unexport"
            | "override"
            | "vpath"
    ) {
        return None;
    }
    let colon = text.find(':')?;
    if text[..colon].contains('=') || text[..colon].contains('$') && !text[..colon].contains(')') {
        return None;
    }
    let rest = text[colon + 1..].trim_start_matches(':');
    if rest.starts_with('=') {
        return None; // `X := y`, `X ::= y`
    }
    Some((&text[..colon], rest))
}

/// Tools a command calls, as `kubectl`, `go test`, `make:<target>`.
fn calls_of(command: &str) -> Vec<String> {
    let words: Vec<&str> = command
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '|' | '&' | '(' | ')' | '`'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut calls = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let next = words.get(i + 1).copied();
        let bare = word.rsplit('/').next().unwrap_or(word);
        if word == "$(MAKE" || word == "${MAKE}" || word == "$MAKE" || bare == "make" {
            // `$(MAKE) target` splits into `$`, `MAKE`… once parentheses are separators.
            let target = words[i + 1..]
                .iter()
                .find(|w| !w.starts_with('-') && !w.contains('='));
            if let Some(t) = target {
                calls.push(format!("make:{t}"));
            }
        } else if word == "$" && next == Some("MAKE") {
            let target = words[i + 2..]
                .iter()
                .find(|w| !w.starts_with('-') && !w.contains('='));
            if let Some(t) = target {
                calls.push(format!("make:{t}"));
            }
            i += 1;
        } else if TOOLS.contains(&bare) {
            calls.push(bare.to_string());
        } else if TOOLS_WITH_SUBCOMMAND.contains(&bare) {
            match next.filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')) {
                Some(sub) if bare == "docker" && sub == "compose" => {
                    calls.push("docker compose".into())
                }
                Some(sub) => calls.push(format!("{bare} {sub}")),
                None => calls.push(bare.to_string()),
            }
        }
        i += 1;
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> FileFacts {
        let file = crate::extract::test_file("Makefile", text);
        let mut out = FileFacts::default();
        extract(&file, &mut out);
        out
    }

    #[test]
    fn targets_recipes_and_calls() {
        let out = run(r#"IMG ?= ghcr.io/acme/app:latest
VERSION := $(shell git describe)
.PHONY: test build deploy-qa promote-prod

test: ## Run unit tests
	go test ./...

build: test
	@docker build -t $(IMG) . && \
	  docker push $(IMG)

deploy-qa: build
	kubectl config use-context qa
	helm upgrade --install app charts/app -f values-qa.yaml

promote-prod:
	$(MAKE) deploy ENV=prod

define HELP
not: a target
endef

%.o: %.c
	cc -c $<
"#);
        assert!(out.notes.is_empty());
        insta::assert_yaml_snapshot!(out.infra);
    }
}
