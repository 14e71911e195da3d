//! .NET Aspire app hosts: the C# program that composes a distributed application
//! (`DistributedApplication.CreateBuilder`) names each of the system's own processes with
//! `AddProject<Projects.Catalog_API>("catalog-api")`, `AddNpmApp("web", …)` or
//! `AddDockerfile("worker", …)`. Each is a service of the system; containers of third-party
//! images (`AddRedis`, `AddContainer`) are not.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

use super::yaml::truncate;
use crate::extract::{FileFacts, SourceFile};
use crate::facts::infra::{Process, ProcessSource};
use crate::facts::Evidence;

/// Most resources read from one app host.
const MAX_PROCESSES: usize = 256;
/// Longest line looked at; an app host's lines are short, and the pattern stays linear.
const MAX_LINE: usize = 2_000;
/// Longest resource type kept.
const MAX_TYPE_CHARS: usize = 200;

static ADD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\.Add(Project\s*<\s*([\w.]+)\s*>|NpmApp|NodeApp|JavaScriptApp|ViteApp|PythonApp|PythonProject|UvicornApp|GolangApp|Dockerfile)\s*\(\s*"([^"\\]{1,200})""#,
    )
    .expect("valid regex")
});

/// Whether C# source is an Aspire app host.
pub fn is_app_host(text: &str) -> bool {
    memmem::find(text.as_bytes(), b"DistributedApplication.CreateBuilder").is_some()
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    if !is_app_host(file.text) {
        return;
    }
    let mut block_comment = false;
    for (i, line) in file.text.lines().enumerate() {
        if out.infra.processes.len() >= MAX_PROCESSES {
            break;
        }
        let trimmed = line.trim_start();
        if block_comment {
            if trimmed.contains("*/") {
                block_comment = false;
            }
            continue;
        }
        if trimmed.starts_with("/*") {
            block_comment = !trimmed.contains("*/");
            continue;
        }
        if trimmed.starts_with("//") || line.len() > MAX_LINE {
            continue;
        }
        let code = line.split_once("//").map_or(line, |(code, _)| code);
        for cap in ADD.captures_iter(code) {
            let kind = cap.get(2).or(cap.get(1)).map_or("", |m| m.as_str());
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            out.infra.processes.push(Process {
                name: cap[3].to_string(),
                command: truncate(kind, MAX_TYPE_CHARS),
                release: false,
                source: ProcessSource::Aspire,
                evidence: Evidence::lines(file.path, file.role, line_no, line_no),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, String, u32)> {
        let file = crate::extract::test_file("src/App.AppHost/Program.cs", text);
        let mut out = FileFacts::default();
        extract(&file, &mut out);
        out.infra
            .processes
            .into_iter()
            .map(|p| (p.name, p.command, p.evidence.start_line))
            .collect()
    }

    #[test]
    fn projects_and_apps_of_an_app_host_are_read_and_containers_are_not() {
        let text = r#"var builder = DistributedApplication.CreateBuilder(args);
var redis = builder.AddRedis("redis");
var rabbit = builder.AddContainer("mq", "rabbitmq");
var catalog = builder.AddProject<Projects.Catalog_API>("catalog-api")
    .WithReference(redis);
// builder.AddProject<Projects.Old>("old-api");
/*
builder.AddProject<Projects.Gone>("gone");
*/
builder.AddNpmApp("web", "../web").WithReference(catalog);
builder.Build().Run();
"#;
        assert_eq!(
            read(text),
            vec![
                (
                    "catalog-api".to_string(),
                    "Projects.Catalog_API".to_string(),
                    4
                ),
                ("web".to_string(), "NpmApp".to_string(), 10),
            ]
        );
    }

    #[test]
    fn csharp_that_is_not_an_app_host_is_left_alone() {
        assert!(
            read("class Startup { void Add() { services.AddProject<X>(\"x\"); } }\n").is_empty()
        );
    }

    #[test]
    fn a_huge_app_host_is_bounded() {
        let text = "var b = DistributedApplication.CreateBuilder(args);\n".to_string()
            + &"b.AddProject<Projects.A>(\"a\");\n".repeat(10_000)
            + &"(".repeat(1_000_000);
        assert_eq!(read(&text).len(), MAX_PROCESSES);
    }
}
