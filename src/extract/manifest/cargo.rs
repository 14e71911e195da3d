//! Cargo: `Cargo.toml` (package, workspace, dependency tables) and `Cargo.lock`.

use toml::de::{DeTable, DeValue};

use super::toml_doc::{self, string, table, tables};
use super::{component, dependency, dir_name, note_at, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage};

/// Dependency tables of a package (and of each `[target.'cfg(..)']` table), and whether their
/// dependencies are development or build-only ones. The underscore spellings are the old ones
/// Cargo still reads.
const DEPENDENCY_TABLES: &[(&str, bool)] = &[
    ("dependencies", false),
    ("dev-dependencies", true),
    ("dev_dependencies", true),
    ("build-dependencies", true),
    ("build_dependencies", true),
];

pub(super) fn extract_manifest(file: &SourceFile<'_>, out: &mut FileFacts) {
    let doc = toml_doc::parse(file, out);

    if let Some(package) = table(&doc, "package") {
        let (name, line) = match toml_doc::get(package, "name") {
            Some(v) => match v.get_ref().as_str() {
                Some(name) => (name.to_string(), file.line_of(v.span().start)),
                None => {
                    out.notes.push(note_at(
                        file,
                        v.span().start,
                        crate::codes::Code::ManifestUnnamed,
                        "Cargo.toml: `package.name` is not a string",
                    ));
                    (dir_name(file), file.line_of(v.span().start))
                }
            },
            None => (dir_name(file), key_line(file, &doc, "package")),
        };
        out.components.push(component(
            file,
            ComponentKind::CargoPackage,
            name,
            line,
            Vec::new(),
        ));
    }

    if let Some(workspace) = table(&doc, "workspace") {
        let members = toml_doc::get(workspace, "members")
            .and_then(|v| v.get_ref().as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|m| m.get_ref().as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let line = key_line(file, &doc, "workspace");
        out.components.push(component(
            file,
            ComponentKind::CargoWorkspace,
            dir_name(file),
            line,
            members,
        ));
        if let Some(deps) = table(workspace, "dependencies") {
            dependency_table(file, out, deps, false);
        }
    }

    dependency_tables(file, out, &doc);
    if let Some(targets) = table(&doc, "target") {
        for (_, target) in targets.iter() {
            if let Some(target) = target.get_ref().as_table() {
                dependency_tables(file, out, target);
            }
        }
    }
}

/// Line of `key` in `table`: the line of its `[header]` when it is a table.
fn key_line(file: &SourceFile<'_>, table: &DeTable<'_>, key: &str) -> u32 {
    table
        .get_key_value(key)
        .map_or(1, |(k, _)| file.line_of(k.span().start))
}

fn dependency_tables(file: &SourceFile<'_>, out: &mut FileFacts, parent: &DeTable<'_>) {
    for &(key, dev) in DEPENDENCY_TABLES {
        if let Some(deps) = table(parent, key) {
            dependency_table(file, out, deps, dev);
        }
    }
}

fn dependency_table(file: &SourceFile<'_>, out: &mut FileFacts, deps: &DeTable<'_>, dev: bool) {
    for (key, value) in deps.iter() {
        let line = file.line_of(key.span().start);
        let (name, version) = match value.get_ref() {
            // An empty string is what a damaged line (already noted) parses to.
            DeValue::String(version) => (
                key.get_ref().to_string(),
                Some(version.to_string()).filter(|v| !v.is_empty()),
            ),
            // `{ version = "1" }`, `{ path = ".." }`, `{ git = ".." }`, `{ workspace = true }`,
            // possibly renamed with `package = "real-name"`.
            DeValue::Table(spec) => {
                let name = string(spec, "package").unwrap_or(key.get_ref());
                (
                    name.to_string(),
                    string(spec, "version").map(str::to_string),
                )
            }
            other => {
                out.notes.push(note_at(
                    file,
                    value.span().start, crate::codes::Code::ManifestEntryUnread,
                    format!(
                        "Cargo.toml: dependency `{}` is neither a version string nor a table (found {})",
                        key.get_ref(),
                        other.type_str()
                    ),
                ));
                continue;
            }
        };
        out.dependencies
            .push(dependency(file, Ecosystem::Cargo, name, version, dev, line));
    }
}

pub(super) fn extract_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let doc = toml_doc::parse(file, out);
    for package in tables(&doc, "package") {
        if let (Some(name), Some(version)) = (string(package, "name"), string(package, "version")) {
            out.locked.push(LockedPackage {
                ecosystem: Ecosystem::Cargo,
                name: name.to_string(),
                version: version.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};

    const MANIFEST: &str = r#"[package]
name = "gapscope-core"
version = "0.1.0"
edition = "2021"

[dependencies]
serde = { version = "1", features = ["derive"] }
anyhow = "1"
regex.workspace = true
local = { path = "../local" }
fetched = { git = "https://example.com/fetched.git" }
renamed = { package = "real-name", version = "0.3" }

[dev-dependencies]
insta = "1"

[build-dependencies]
cc = "1.0"

[target.'cfg(unix)'.dependencies]
nix = "0.29"

[target.'cfg(windows)'.dev-dependencies.winapi]
version = "0.3"
features = ["winuser"]
"#;

    #[test]
    fn package_and_every_dependency_table() {
        let facts = run("crates/core/Cargo.toml", MANIFEST);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components.len(), 1);
        assert_eq!(facts.components[0].name, "gapscope-core");
        assert_eq!(facts.components[0].evidence.start_line, 2);
        assert_eq!(dep_line(&facts, "anyhow"), Some(8));
        assert_eq!(
            dep_line(&facts, "winapi"),
            Some(23),
            "a [table.header] dependency's line"
        );
        assert_eq!(is_dev(&facts, "insta"), Some(true));
        assert_eq!(is_dev(&facts, "cc"), Some(true));
        assert_eq!(is_dev(&facts, "nix"), Some(false));
        assert!(
            dep_line(&facts, "real-name").is_some(),
            "renamed deps use the package name"
        );
    }

    #[test]
    fn virtual_workspace() {
        let text = r#"[workspace]
resolver = "2"
members = ["crates/*", "xtask"]

[workspace.dependencies]
tokio = { version = "1.38", features = ["full"] }
serde = "1"
"#;
        let facts = run("Cargo.toml", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].members, ["crates/*", "xtask"]);
        assert_eq!(dep_line(&facts, "serde"), Some(7));
    }

    #[test]
    fn lock_file_versions() {
        let text = r#"version = 4

[[package]]
name = "anyhow"
version = "1.0.86"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "gapscope"
version = "0.1.0"
dependencies = ["anyhow"]
"#;
        let facts = run("Cargo.lock", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.locked.len(), 2);
    }

    #[test]
    fn malformed_manifest_keeps_what_parsed() {
        let text =
            "[package]\nname = \"half\"\n\n[dependencies]\nserde = \"1\"\nbroken = \nlog = 3\n";
        let facts = run("Cargo.toml", text);
        insta::assert_snapshot!(render(&facts));
        assert!(
            facts.notes.iter().any(|n| n.line == 6),
            "the bad line is named"
        );
        assert_eq!(dep_line(&facts, "serde"), Some(5));
    }
}
