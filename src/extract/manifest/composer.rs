//! PHP: `composer.json` (the package and its `require` / `require-dev`) and `composer.lock`.
//!
//! Composer compares package names without case and writes them in lower case in its lock
//! file, so names are kept in lower case. Platform requirements (`php`, `ext-*`, `lib-*`,
//! `composer-plugin-api`, …) name the runtime, not a package, and are left out: Composer's own
//! rule is that every package name has a vendor, `vendor/name`.

use std::collections::HashSet;

use serde_json::Value;

use super::json_doc::{parse_json, KeyIndex};
use super::{component, dependency, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage, Note};

/// Requirement sections of a `composer.json` and whether they are development-only.
const SECTIONS: &[(&str, bool)] = &[("require", false), ("require-dev", true)];

fn is_platform(name: &str) -> bool {
    !name.contains('/')
}

pub(super) fn extract_composer_json(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(root) = parse_json(file, out) else {
        return;
    };
    let keys = KeyIndex::new(file.text);
    let line_of_key = |offset: Option<usize>| offset.map_or(1, |o| file.line_of(o));

    let name = root
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let line = line_of_key(keys.top_level("name"));
    let name = name.map_or_else(|| dir_name(file), str::to_ascii_lowercase);
    out.components.push(component(
        file,
        ComponentKind::ComposerPackage,
        name,
        line,
        Vec::new(),
    ));

    for &(section, dev) in SECTIONS {
        let Some(requirements) = root.get(section) else {
            continue;
        };
        let Some(requirements) = requirements.as_object() else {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestEntryUnread,
                file.path,
                line_of_key(keys.top_level(section)),
                format!("composer.json: `{section}` is not an object"),
            ));
            continue;
        };
        for (name, constraint) in requirements {
            if is_platform(name) {
                continue;
            }
            let line = line_of_key(
                keys.nested(section, name)
                    .or_else(|| keys.top_level(section)),
            );
            out.dependencies.push(dependency(
                file,
                Ecosystem::Packagist,
                name.to_ascii_lowercase(),
                constraint.as_str().map(str::to_string),
                dev,
                line,
            ));
        }
    }
}

pub(super) fn extract_composer_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(root) = parse_json(file, out) else {
        return;
    };
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for section in ["packages", "packages-dev"] {
        let Some(packages) = root.get(section) else {
            continue;
        };
        let Some(packages) = packages.as_array() else {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestEntryUnread,
                file.path,
                0,
                format!("composer.lock: `{section}` is not an array"),
            ));
            continue;
        };
        for package in packages {
            let name = package.get("name").and_then(Value::as_str);
            let version = package.get("version").and_then(Value::as_str);
            let (Some(name), Some(version)) = (name, version) else {
                continue;
            };
            let key = (name.to_ascii_lowercase(), version.to_string());
            if seen.insert(key.clone()) {
                out.locked.push(LockedPackage {
                    ecosystem: Ecosystem::Packagist,
                    name: key.0,
                    version: key.1,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};

    const COMPOSER: &str = r#"{
    "name": "Acme/Storefront",
    "type": "project",
    "require": {
        "php": "^8.2",
        "ext-intl": "*",
        "lib-libxml": "*",
        "composer-runtime-api": "^2.2",
        "laravel/framework": "^11.9",
        "Guzzlehttp/Guzzle": "^7.8",
        "acme/internal-sdk": "dev-main"
    },
    "require-dev": {
        "phpunit/phpunit": "^11.0.1",
        "mockery/mockery": "^1.6"
    },
    "suggest": {
        "ext-redis": "for the Redis cache"
    },
    "autoload": {"psr-4": {"App\\": "app/"}}
}
"#;

    #[test]
    fn composer_json_requirements() {
        let facts = run("shop/composer.json", COMPOSER);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "acme/storefront");
        assert_eq!(facts.components[0].evidence.start_line, 2);
        assert_eq!(facts.dependencies.len(), 5, "no platform requirements");
        assert_eq!(dep_line(&facts, "guzzlehttp/guzzle"), Some(10));
        assert_eq!(is_dev(&facts, "phpunit/phpunit"), Some(true));
        assert_eq!(is_dev(&facts, "laravel/framework"), Some(false));
    }

    #[test]
    fn unnamed_and_malformed_composer_json() {
        let facts = run(
            "plugins/ratings/composer.json",
            r#"{"require": {"psr/log": "*"}}"#,
        );
        assert_eq!(facts.components[0].name, "ratings");
        let facts = run(
            "composer.json",
            "{\n  \"name\": \"a/b\",\n  \"require\": [\"monolog/monolog\"]\n}\n",
        );
        assert_eq!(facts.notes.len(), 1);
        assert_eq!(facts.notes[0].line, 3);
        let facts = run(
            "composer.json",
            "{\n  \"require\": {\n    \"a/b\": \"1\",\n  }\n}\n",
        );
        insta::assert_snapshot!(render(&facts));
        assert!(facts.components.is_empty());
        assert_eq!(facts.notes[0].line, 4);
    }

    /// Ten megabytes on one line: parsed and indexed in linear time.
    #[test]
    fn huge_one_line_composer_json() {
        let entries: Vec<String> = (0..400_000)
            .map(|i| format!("\"vendor{i}/package-name\": \"^1.{i}\""))
            .collect();
        let text = format!(
            "{{\"name\": \"big/one\", \"require\": {{{}}}}}",
            entries.join(",")
        );
        assert!(text.len() > 10_000_000);
        let facts = run("composer.json", &text);
        assert_eq!(facts.dependencies.len(), 400_000);
        assert!(facts
            .dependencies
            .iter()
            .all(|d| d.evidence.start_line == 1));
    }

    #[test]
    fn composer_lock_packages() {
        let text = r#"{
    "_readme": ["This file locks the dependencies of your project to a known state"],
    "content-hash": "0f3c",
    "packages": [
        {"name": "laravel/framework", "version": "v11.9.2", "require": {"php": "^8.2"}},
        {"name": "guzzlehttp/guzzle", "version": "7.8.1"},
        {"name": "no-version/here"}
    ],
    "packages-dev": [
        {"name": "phpunit/phpunit", "version": "11.1.3"}
    ],
    "platform": {"php": "^8.2"}
}"#;
        let facts = run("composer.lock", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.locked.len(), 3);
        let facts = run("composer.lock", "{\"packages\": {}}");
        assert_eq!(facts.notes.len(), 1);
        let facts = run("composer.lock", "\u{fffd}\u{fffd}");
        assert_eq!(facts.notes.len(), 1);
    }
}
