//! Gradle: `build.gradle(.kts)` dependencies and `settings.gradle(.kts)` project structure,
//! read with patterns (a build script is a program; it is never evaluated).
//!
//! Only literal coordinates are read: `project(":x")`, `platform(..)`, version catalog
//! references (`libs.x`) and computed strings are skipped.

use std::sync::LazyLock;

use regex::Regex;

use super::{component, dependency, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem};

/// The configurations read, in the order the alternation must try them (longest first where
/// one is a prefix of another).
const CONFIGURATIONS: &str =
    "androidTestImplementation|testImplementation|testCompileOnly|testRuntimeOnly|\
    implementation|api|compileOnly|runtimeOnly|kapt|ksp|annotationProcessor|testCompile|compile";

/// `implementation 'g:a:v'`, `implementation("g:a:v")`, `api "g:a"`.
static COORDINATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"\b({CONFIGURATIONS})\s*\(?\s*["']([^"':\s]+):([^"':\s]+)(?::([^"'@\s]*))?[^"']*["']"#
    ))
    .expect("valid regex")
});

/// `implementation group: 'g', name: 'a', version: 'v'` (Groovy) and
/// `implementation(group = "g", name = "a", version = "v")` (Kotlin).
static MAP_NOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"\b({CONFIGURATIONS})\s*\(?\s*group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?"#
    ))
    .expect("valid regex")
});

static ROOT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"rootProject\.name\s*=\s*["']([^"']+)["']"#).expect("valid regex")
});
static INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*include\b\s*\(?(.*)").expect("valid regex"));
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["']([^"']+)["']"#).expect("valid regex"));

fn is_dev_configuration(configuration: &str) -> bool {
    configuration.starts_with("test") || configuration.starts_with("androidTest")
}

/// The script's lines with `//` and `/* */` comments blanked, so commented-out dependencies
/// are not read. A `//` inside a string (a URL) is left alone.
fn code_lines(text: &str) -> Vec<String> {
    let mut in_block = false;
    text.lines()
        .map(|line| {
            let mut code = String::with_capacity(line.len());
            let mut rest = line;
            let mut quote: Option<char> = None;
            while !rest.is_empty() {
                if in_block {
                    match rest.find("*/") {
                        Some(i) => {
                            rest = &rest[i + 2..];
                            in_block = false;
                        }
                        None => rest = "",
                    }
                    continue;
                }
                let mut chars = rest.char_indices();
                let Some((_, c)) = chars.next() else { break };
                let next = rest[c.len_utf8()..].chars().next();
                match (quote, c, next) {
                    (None, '/', Some('/')) => break,
                    (None, '/', Some('*')) => {
                        in_block = true;
                        rest = &rest[2..];
                        continue;
                    }
                    (None, '"' | '\'', _) => quote = Some(c),
                    (Some(q), _, _) if c == q => quote = None,
                    _ => {}
                }
                code.push(c);
                rest = &rest[c.len_utf8()..];
            }
            code
        })
        .collect()
}

pub(super) fn extract_build(file: &SourceFile<'_>, out: &mut FileFacts) {
    // A build script names no project; `settings.gradle` names the root one.
    out.components.push(component(
        file,
        ComponentKind::GradleProject,
        dir_name(file),
        1,
        Vec::new(),
    ));
    for (i, line) in code_lines(file.text).iter().enumerate() {
        let line_no = i as u32 + 1;
        for c in COORDINATE.captures_iter(line) {
            let (Some(conf), Some(group), Some(artifact)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let version = c.get(4).map(|v| v.as_str()).filter(|v| !v.is_empty());
            push(
                file,
                out,
                conf.as_str(),
                group.as_str(),
                artifact.as_str(),
                version,
                line_no,
            );
        }
        for c in MAP_NOTATION.captures_iter(line) {
            let (Some(conf), Some(group), Some(artifact)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let version = c.get(4).map(|v| v.as_str());
            push(
                file,
                out,
                conf.as_str(),
                group.as_str(),
                artifact.as_str(),
                version,
                line_no,
            );
        }
    }
}

fn push(
    file: &SourceFile<'_>,
    out: &mut FileFacts,
    configuration: &str,
    group: &str,
    artifact: &str,
    version: Option<&str>,
    line: u32,
) {
    out.dependencies.push(dependency(
        file,
        Ecosystem::Maven,
        format!("{group}:{artifact}"),
        version.map(str::to_string),
        is_dev_configuration(configuration),
        line,
    ));
}

pub(super) fn extract_settings(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut name: Option<(String, u32)> = None;
    let mut members = Vec::new();
    let mut first_include: Option<u32> = None;
    // `include(` may continue over several lines until its closing parenthesis.
    let mut in_include = false;
    for (i, line) in code_lines(file.text).iter().enumerate() {
        let line_no = i as u32 + 1;
        if name.is_none() {
            if let Some(m) = ROOT_NAME.captures(line).and_then(|c| c.get(1)) {
                name = Some((m.as_str().to_string(), line_no));
            }
        }
        let args = if in_include {
            Some(line.as_str())
        } else {
            INCLUDE
                .captures(line)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str())
        };
        let Some(args) = args else { continue };
        first_include.get_or_insert(line_no);
        members.extend(
            QUOTED
                .captures_iter(args)
                .filter_map(|c| c.get(1))
                .map(|m| m.as_str().to_string()),
        );
        let opens = line.contains("include(") || line.contains("include (") || in_include;
        let trimmed = args.trim_end();
        in_include = opens && !trimmed.ends_with(')') || trimmed.ends_with(',');
    }
    let (name, line) = match name {
        Some(n) => n,
        None => (dir_name(file), first_include.unwrap_or(1)),
    };
    out.components.push(component(
        file,
        ComponentKind::GradleProject,
        name,
        line,
        members,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};

    const GROOVY: &str = r#"plugins {
    id 'java'
}

dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-web:3.3.0'
    implementation project(':common')
    implementation platform('org.springframework.boot:spring-boot-dependencies:3.3.0')
    implementation libs.jackson.databind
    api "com.google.guava:guava:$guavaVersion"
    compileOnly 'org.projectlombok:lombok'
    annotationProcessor 'org.projectlombok:lombok:1.18.32'
    runtimeOnly group: 'org.postgresql', name: 'postgresql', version: '42.7.3'
    // implementation 'commented:out:1.0'
    /* testImplementation 'also:commented:1.0'
    */
    testImplementation 'org.junit.jupiter:junit-jupiter:5.10.2'
    testRuntimeOnly 'org.junit.platform:junit-platform-launcher'
}
"#;

    #[test]
    fn groovy_build_script() {
        let facts = run("services/orders/build.gradle", GROOVY);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "orders");
        assert_eq!(facts.dependencies.len(), 7);
        assert_eq!(dep_line(&facts, "org.postgresql:postgresql"), Some(13));
        assert_eq!(
            is_dev(&facts, "org.junit.jupiter:junit-jupiter"),
            Some(true)
        );
        assert_eq!(is_dev(&facts, "org.projectlombok:lombok"), Some(false));
        assert!(dep_line(&facts, "commented:out").is_none());
        assert!(dep_line(&facts, "also:commented").is_none());
    }

    #[test]
    fn kotlin_build_script() {
        let text = r#"dependencies {
    implementation("io.ktor:ktor-server-core:2.3.11")
    implementation(kotlin("stdlib"))
    implementation(platform("io.ktor:ktor-bom:2.3.11"))
    kapt("com.google.dagger:dagger-compiler:2.51")
    androidTestImplementation("androidx.test:runner:1.5.2")
    testImplementation(group = "io.mockk", name = "mockk", version = "1.13.11")
}
"#;
        let facts = run("app/build.gradle.kts", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.dependencies.len(), 4);
        assert_eq!(is_dev(&facts, "androidx.test:runner"), Some(true));
        assert_eq!(dep_line(&facts, "io.mockk:mockk"), Some(7));
    }

    #[test]
    fn settings_scripts() {
        let groovy = "rootProject.name = 'shop'\ninclude ':orders', ':billing'\ninclude 'web'\n";
        let facts = run("settings.gradle", groovy);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "shop");
        assert_eq!(facts.components[0].members, [":orders", ":billing", "web"]);

        let kotlin = "pluginManagement {\n}\ninclude(\n    \":app\",\n    \":lib\",\n)\nrootProject.name = \"mobile\"\n";
        let facts = run("settings.gradle.kts", kotlin);
        assert_eq!(facts.components[0].name, "mobile");
        assert_eq!(facts.components[0].evidence.start_line, 7);
        assert_eq!(facts.components[0].members, [":app", ":lib"]);
    }

    #[test]
    fn unreadable_build_script_does_not_panic() {
        let text = "dependencies {\n  implementation 'broken\n  /* never closed\n  api 'x:y:1'\n";
        let facts = run("build.gradle", text);
        insta::assert_snapshot!(render(&facts));
        assert!(facts.dependencies.is_empty());
        assert!(
            facts.notes.is_empty(),
            "scripts are read by pattern; nothing there to report"
        );
    }
}
