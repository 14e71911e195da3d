//! npm: `package.json` (package or workspace root, dependency sections), `package-lock.json`
//! (lockfile versions 1 to 3), `yarn.lock` (classic and Berry) and `pnpm-lock.yaml`.

use std::collections::HashSet;

use serde_json::Value;

use super::json_doc::{parse_json, KeyIndex};
use super::{component, dependency, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage, Note};

/// Dependency sections of a `package.json` and whether they are development-only.
const SECTIONS: &[(&str, bool)] = &[
    ("dependencies", false),
    ("devDependencies", true),
    ("peerDependencies", false),
    ("optionalDependencies", false),
];

pub(super) fn extract_package_json(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(root) = parse_json(file, out) else {
        return;
    };
    let keys = KeyIndex::new(file.text);

    let members: Option<Vec<String>> = match root.get("workspaces") {
        Some(Value::Array(globs)) => Some(strings(globs)),
        // Yarn's `{ "packages": [..], "nohoist": [..] }`.
        Some(Value::Object(w)) => Some(match w.get("packages") {
            Some(Value::Array(globs)) => strings(globs),
            _ => Vec::new(),
        }),
        _ => None,
    };
    let name = root.get("name").and_then(Value::as_str);
    let line = keys
        .top_level("name")
        .or_else(|| members.as_ref().and(keys.top_level("workspaces")))
        .map_or(1, |offset| file.line_of(offset));
    let name = name.map_or_else(|| dir_name(file), str::to_string);
    let decl = match members {
        Some(members) => component(file, ComponentKind::NpmWorkspace, name, line, members),
        None => component(file, ComponentKind::NpmPackage, name, line, Vec::new()),
    };
    out.components.push(decl);

    for &(section, dev) in SECTIONS {
        let Some(deps) = root.get(section) else {
            continue;
        };
        let Some(deps) = deps.as_object() else {
            let line = keys.top_level(section).map_or(1, |o| file.line_of(o));
            out.notes.push(Note::new(
                crate::codes::Code::ManifestEntryUnread,
                file.path,
                line,
                format!("package.json: `{section}` is not an object"),
            ));
            continue;
        };
        for (name, version) in deps {
            let line = keys
                .nested(section, name)
                .or_else(|| keys.top_level(section))
                .map_or(1, |o| file.line_of(o));
            let version = version.as_str().map(str::to_string);
            out.dependencies.push(dependency(
                file,
                Ecosystem::Npm,
                name.clone(),
                version,
                dev,
                line,
            ));
        }
    }
}

fn strings(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// Adds a locked package once per name and version.
fn lock(out: &mut FileFacts, seen: &mut HashSet<(String, String)>, name: &str, version: &str) {
    if seen.insert((name.to_string(), version.to_string())) {
        out.locked.push(LockedPackage {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            version: version.to_string(),
        });
    }
}

pub(super) fn extract_package_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(root) = parse_json(file, out) else {
        return;
    };
    let mut seen = HashSet::new();
    // Lockfile v2 and v3: `"node_modules/a/node_modules/@s/b": { "version": .. }`.
    if let Some(packages) = root.get("packages").and_then(Value::as_object) {
        for (path, entry) in packages {
            let Some((_, name)) = path.rsplit_once("node_modules/") else {
                // "" is the root project; other keys are workspace members' own directories.
                continue;
            };
            if entry.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            if let Some(version) = entry.get("version").and_then(Value::as_str) {
                lock(out, &mut seen, name, version);
            }
        }
        return;
    }
    // Lockfile v1: nested `dependencies` objects.
    if let Some(deps) = root.get("dependencies").and_then(Value::as_object) {
        lock_v1(out, &mut seen, deps);
    }
}

fn lock_v1(
    out: &mut FileFacts,
    seen: &mut HashSet<(String, String)>,
    deps: &serde_json::Map<String, Value>,
) {
    for (name, entry) in deps {
        if let Some(version) = entry.get("version").and_then(Value::as_str) {
            lock(out, seen, name, version);
        }
        if let Some(nested) = entry.get("dependencies").and_then(Value::as_object) {
            lock_v1(out, seen, nested);
        }
    }
}

/// The package name in a yarn.lock key such as `"@babel/core@^7.0.0"` or
/// `lodash@npm:^4.17.21`.
fn yarn_key_name(key: &str) -> Option<&str> {
    let key = key.trim().trim_matches('"');
    let at = key.get(1..)?.find('@')? + 1;
    Some(&key[..at])
}

pub(super) fn extract_yarn_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut seen = HashSet::new();
    let mut current: Option<&str> = None;
    for (i, line) in file.text.lines().enumerate() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            // An entry header: `a@^1, a@^1.2:` (classic) or `"a@npm:^1, a@npm:^1.2":` (Berry).
            current = None;
            let Some(keys) = line.trim_end().strip_suffix(':') else {
                out.notes.push(Note::new(
                    crate::codes::Code::ManifestEntryUnread,
                    file.path,
                    i as u32 + 1,
                    "yarn.lock: line is neither an entry header nor indented",
                ));
                continue;
            };
            let first = keys.split(',').next().unwrap_or("");
            if first.contains("@workspace:") || first.trim_matches('"') == "__metadata" {
                continue;
            }
            current = yarn_key_name(first);
            continue;
        }
        let Some(name) = current else { continue };
        let field = line.trim();
        let Some(rest) = field.strip_prefix("version") else {
            continue;
        };
        let version = rest.trim_start_matches(':').trim().trim_matches('"');
        if !version.is_empty() && rest.starts_with([' ', ':']) {
            lock(out, &mut seen, name, version);
        }
    }
}

/// Name and version from a `pnpm-lock.yaml` package key: `/@s/n@1.0.0(peer@2)` (v6),
/// `@s/n@1.0.0` (v9) or `/@s/n/1.0.0_peer@2` (v5).
fn pnpm_key(key: &str) -> Option<(&str, &str)> {
    let key = key.trim().trim_matches(['\'', '"']);
    let key = key.strip_prefix('/').unwrap_or(key);
    let after_scope = if key.starts_with('@') {
        key.find('/')? + 1
    } else {
        0
    };
    let name_end = after_scope + key[after_scope..].find(['@', '/'])?;
    let version = &key[name_end + 1..];
    let version = version.split(['(', '_']).next().unwrap_or(version);
    (!version.is_empty()).then(|| (&key[..name_end], version))
}

/// pnpm lock files are YAML, but the keys of the top-level `packages:` map (two-space indented
/// `key:` lines) carry both name and version, so a line scan reads them without a YAML parser.
pub(super) fn extract_pnpm_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut seen = HashSet::new();
    let mut in_packages = false;
    for line in file.text.lines() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            in_packages = line.trim_end() == "packages:";
            continue;
        }
        if !in_packages || line.starts_with("   ") || !line.starts_with("  ") {
            continue;
        }
        let Some(key) = line.trim().strip_suffix(':') else {
            continue;
        };
        if let Some((name, version)) = pnpm_key(key) {
            lock(out, &mut seen, name, version);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};

    const PACKAGE: &str = r#"{
  "name": "@acme/web",
  "version": "1.0.0",
  "scripts": { "dependencies": "echo not a section" },
  "dependencies": {
    "react": "^18.3.1",
    "next": "14.2.3"
  },
  "devDependencies": {
    "typescript": "~5.4.0",
    "react": "^18.3.1"
  },
  "peerDependencies": { "react-dom": ">=18" },
  "optionalDependencies": {
    "fsevents": "2.3.3"
  }
}
"#;

    #[test]
    fn package_json_sections_and_lines() {
        let facts = run("apps/web/package.json", PACKAGE);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "@acme/web");
        assert_eq!(
            dep_line(&facts, "react"),
            Some(6),
            "the dependencies entry, not the dev one"
        );
        assert_eq!(dep_line(&facts, "typescript"), Some(10));
        assert_eq!(is_dev(&facts, "typescript"), Some(true));
        assert_eq!(dep_line(&facts, "react-dom"), Some(13));
        let dev_react = facts
            .dependencies
            .iter()
            .find(|d| d.name == "react" && d.dev);
        assert_eq!(dev_react.map(|d| d.evidence.start_line), Some(11));
    }

    #[test]
    fn workspace_root_is_a_workspace_not_a_package() {
        let text = r#"{"private": true, "workspaces": {"packages": ["packages/*", "apps/*"]},
 "devDependencies": {"turbo": "^2.0.0"}}"#;
        let facts = run("package.json", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components.len(), 1);
        assert_eq!(
            facts.components[0].kind,
            crate::facts::ComponentKind::NpmWorkspace
        );
        assert_eq!(facts.components[0].name, ".");
    }

    #[test]
    fn package_lock_v3_and_v1() {
        let v3 = r#"{"name": "web", "lockfileVersion": 3, "packages": {
  "": {"name": "web", "version": "1.0.0"},
  "node_modules/react": {"version": "18.3.1"},
  "node_modules/@babel/core": {"version": "7.24.0"},
  "node_modules/a/node_modules/react": {"version": "17.0.2"},
  "packages/ui": {"version": "0.0.1"},
  "node_modules/ui": {"resolved": "packages/ui", "link": true}
}}"#;
        let facts = run("package-lock.json", v3);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.locked.len(), 3);
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {
  "lodash": {"version": "4.17.21"},
  "a": {"version": "1.0.0", "dependencies": {"lodash": {"version": "3.10.1"}}}
}}"#;
        let facts = run("package-lock.json", v1);
        assert_eq!(facts.locked.len(), 3);
    }

    #[test]
    fn yarn_lock_classic_and_berry() {
        let classic = r#"# THIS IS AN AUTOGENERATED FILE.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.24.2"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.24.2.tgz"

lodash@^4.17.21:
  version "4.17.21"
"#;
        let facts = run("yarn.lock", classic);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.locked.len(), 2);
        assert_eq!(facts.locked[0].name, "@babel/code-frame");
        let berry = "__metadata:\n  version: 8\n\n\"lodash@npm:^4.17.21\":\n  version: 4.17.21\n  resolution: \"lodash@npm:4.17.21\"\n\n\"web@workspace:.\":\n  version: 0.0.0-use.local\n";
        let facts = run("yarn.lock", berry);
        assert_eq!(facts.locked.len(), 1);
        assert_eq!(facts.locked[0].version, "4.17.21");
    }

    #[test]
    fn pnpm_lock_v5_v6_v9() {
        let text = "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      react:\n        specifier: ^18\n\npackages:\n\n  '@babel/core@7.24.0':\n    resolution: {integrity: sha512-x}\n\n  react-dom@18.3.1(react@18.3.1):\n    resolution: {integrity: sha512-y}\n  /lodash/4.17.21:\n    dev: false\n  /@types/node@20.12.7:\n    dev: true\n  /styled/6.1.0_react@18.3.1:\n    dev: false\n\nsnapshots:\n\n  react@18.3.1: {}\n";
        let facts = run("pnpm-lock.yaml", text);
        insta::assert_snapshot!(render(&facts));
        let names: Vec<_> = facts
            .locked
            .iter()
            .map(|l| format!("{}@{}", l.name, l.version))
            .collect();
        assert_eq!(
            names,
            [
                "@babel/core@7.24.0",
                "react-dom@18.3.1",
                "lodash@4.17.21",
                "@types/node@20.12.7",
                "styled@6.1.0"
            ]
        );
    }

    #[test]
    fn malformed_and_hostile_json() {
        let facts = run(
            "package.json",
            "{\n  \"name\": \"x\",\n  \"dependencies\": {\"a\": \"1\",}\n}\n",
        );
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.notes.len(), 1);
        assert_eq!(facts.notes[0].line, 3);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let facts = run("package.json", &deep);
        assert_eq!(
            facts.notes.len(),
            1,
            "deep nesting is refused, not a stack overflow"
        );
        let facts = run("package-lock.json", "");
        assert_eq!(facts.notes.len(), 1);
    }
}
