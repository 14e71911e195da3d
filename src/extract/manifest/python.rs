//! Python: `pyproject.toml` (PEP 621, PEP 735, Poetry, PDM, uv), `setup.cfg`, `setup.py` (read
//! as text, never run), `requirements*.txt`, and the `poetry.lock` / `uv.lock` lock files.

use std::sync::LazyLock;

use regex::Regex;
use toml::de::{DeTable, DeValue};

use super::toml_doc::{self, string, table, tables};
use super::{component, dependency, dir_name, note_at, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage, Note};

/// Words that mark a group, extra or requirements file as development-only.
const DEV_WORDS: &[&str] = &[
    "dev",
    "develop",
    "development",
    "test",
    "tests",
    "testing",
    "lint",
    "linting",
    "docs",
    "doc",
    "typing",
];

fn is_dev_group(group: &str) -> bool {
    DEV_WORDS.contains(&group.to_ascii_lowercase().as_str())
}

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, `requirements_test.txt`.
pub(super) fn is_requirements_name(file_name: &str) -> bool {
    file_name
        .strip_suffix(".txt")
        .is_some_and(|stem| stem.to_ascii_lowercase().contains("requirements"))
}

/// PEP 503 normalised name: lowercase, runs of `-`, `_`, `.` become one `-`.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Name (normalised) and version specifier (as written) of a PEP 508 requirement; `None` when
/// the text is not one. A direct URL reference (`name @ url`) has no version.
fn parse_requirement(text: &str) -> Option<(String, Option<String>)> {
    let text = text.split(';').next().unwrap_or("").trim();
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let name = &text[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut rest = text[name_len..].trim_start();
    if rest.starts_with('[') {
        rest = rest.find(']').map_or("", |i| &rest[i + 1..]).trim_start();
    }
    if rest.starts_with('@') {
        return Some((normalise(name), None));
    }
    let spec = rest.trim_start_matches('(').trim_end_matches(')').trim();
    if !spec.is_empty() && !spec.starts_with(['<', '>', '=', '!', '~']) {
        return None;
    }
    Some((
        normalise(name),
        (!spec.is_empty()).then(|| spec.to_string()),
    ))
}

/// A PEP 508 requirement found at `line`.
fn push_requirement(file: &SourceFile<'_>, out: &mut FileFacts, text: &str, dev: bool, line: u32) {
    match parse_requirement(text) {
        Some((name, version)) => {
            out.dependencies
                .push(dependency(file, Ecosystem::Pypi, name, version, dev, line))
        }
        None => out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            line,
            format!("{}: `{}` is not a requirement", file.file_name, text.trim()),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// pyproject.toml

pub(super) fn extract_pyproject(file: &SourceFile<'_>, out: &mut FileFacts) {
    let doc = toml_doc::parse(file, out);
    let tool = table(&doc, "tool");
    let poetry = tool.and_then(|t| table(t, "poetry"));

    // PEP 621 first: when both are present, `[project]` is what installers read.
    if let Some(project) = table(&doc, "project") {
        package_decl(file, out, &doc, "project", project);
        if let Some(deps) = toml_doc::get(project, "dependencies") {
            requirement_array(file, out, deps.get_ref(), false);
        }
        if let Some(extras) = table(project, "optional-dependencies") {
            for (group, deps) in extras.iter() {
                requirement_array(file, out, deps.get_ref(), is_dev_group(group.get_ref()));
            }
        }
    } else if let Some(poetry) = poetry {
        let Some(tool) = tool else { return };
        package_decl(file, out, tool, "poetry", poetry);
    }

    // PEP 735 groups are never installed with the package.
    if let Some(groups) = table(&doc, "dependency-groups") {
        for (_, deps) in groups.iter() {
            requirement_array(file, out, deps.get_ref(), true);
        }
    }

    if let Some(poetry) = poetry {
        if let Some(deps) = table(poetry, "dependencies") {
            poetry_table(file, out, deps, false);
        }
        if let Some(deps) = table(poetry, "dev-dependencies") {
            poetry_table(file, out, deps, true);
        }
        if let Some(groups) = table(poetry, "group") {
            for (group, spec) in groups.iter() {
                let Some(deps) = spec
                    .get_ref()
                    .as_table()
                    .and_then(|g| table(g, "dependencies"))
                else {
                    continue;
                };
                // Only the main group ships with the package.
                poetry_table(file, out, deps, group.get_ref() != "main");
            }
        }
    }

    if let Some(tool) = tool {
        if let Some(groups) = table(tool, "pdm").and_then(|pdm| table(pdm, "dev-dependencies")) {
            for (_, deps) in groups.iter() {
                requirement_array(file, out, deps.get_ref(), true);
            }
        }
        if let Some(deps) = table(tool, "uv").and_then(|uv| toml_doc::get(uv, "dev-dependencies")) {
            requirement_array(file, out, deps.get_ref(), true);
        }
    }
}

/// A `PythonPackage` named by `section.name`, or by the directory when it has no name.
fn package_decl(
    file: &SourceFile<'_>,
    out: &mut FileFacts,
    parent: &DeTable<'_>,
    key: &str,
    section: &DeTable<'_>,
) {
    let (name, line) = match toml_doc::get(section, "name") {
        Some(v) => (
            v.get_ref()
                .as_str()
                .map_or_else(|| dir_name(file), str::to_string),
            file.line_of(v.span().start),
        ),
        None => (
            dir_name(file),
            parent
                .get_key_value(key)
                .map_or(1, |(k, _)| file.line_of(k.span().start)),
        ),
    };
    out.components.push(component(
        file,
        ComponentKind::PythonPackage,
        name,
        line,
        Vec::new(),
    ));
}

/// An array of PEP 508 strings, each with its own line. Tables in it (PEP 735
/// `{ include-group = ".." }`) refer to other groups and are skipped.
fn requirement_array(file: &SourceFile<'_>, out: &mut FileFacts, value: &DeValue<'_>, dev: bool) {
    let Some(items) = value.as_array() else {
        return;
    };
    for item in items.iter() {
        if let Some(text) = item.get_ref().as_str() {
            push_requirement(file, out, text, dev, file.line_of(item.span().start));
        }
    }
}

/// `[tool.poetry.dependencies]`-style table: `name = "^1.2"` or `name = { version = .. }`.
fn poetry_table(file: &SourceFile<'_>, out: &mut FileFacts, deps: &DeTable<'_>, dev: bool) {
    for (key, value) in deps.iter() {
        let name = key.get_ref();
        if name.eq_ignore_ascii_case("python") {
            continue;
        }
        let version = match value.get_ref() {
            DeValue::String(v) => Some(v.to_string()),
            DeValue::Table(spec) => string(spec, "version").map(str::to_string),
            // Several constraints by marker: the first table's version stands for them.
            DeValue::Array(alternatives) => alternatives
                .iter()
                .find_map(|a| a.get_ref().as_table().and_then(|t| string(t, "version")))
                .map(str::to_string),
            _ => None,
        };
        let line = file.line_of(key.span().start);
        out.dependencies.push(dependency(
            file,
            Ecosystem::Pypi,
            normalise(name),
            version,
            dev,
            line,
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// setup.cfg

pub(super) fn extract_setup_cfg(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut section = String::new();
    let mut key: Option<String> = None;
    let mut name: Option<(String, u32)> = None;
    let mut options_line: Option<u32> = None;
    for (i, raw) in file.text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if !indented && trimmed.starts_with('[') {
            section = trimmed
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_ascii_lowercase();
            key = None;
            if section == "options" {
                options_line.get_or_insert(line_no);
            }
            continue;
        }
        let value = if indented && key.is_some() {
            trimmed
        } else if let Some(i) = trimmed.find(['=', ':']) {
            let k = trimmed[..i].trim().to_ascii_lowercase();
            let v = trimmed[i + 1..].trim();
            if section == "metadata" && k == "name" && !v.is_empty() {
                name = Some((v.to_string(), line_no));
            }
            key = Some(k);
            v
        } else {
            continue;
        };
        let Some(k) = key.as_deref() else { continue };
        if value.is_empty() || value.starts_with("file:") || value.starts_with("attr:") {
            continue;
        }
        let dev = match (section.as_str(), k) {
            ("options", "install_requires") => false,
            ("options", "tests_require" | "setup_requires") => true,
            ("options.extras_require", group) => is_dev_group(group),
            _ => continue,
        };
        push_requirement(file, out, value, dev, line_no);
    }
    if let Some((name, line)) = name {
        out.components.push(component(
            file,
            ComponentKind::PythonPackage,
            name,
            line,
            Vec::new(),
        ));
    } else if let Some(line) = options_line {
        out.components.push(component(
            file,
            ComponentKind::PythonPackage,
            dir_name(file),
            line,
            Vec::new(),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// setup.py: string literals found with patterns; the file is never run.

static SETUP_CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bsetup\s*\(").expect("valid regex"));
static SETUP_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bname\s*=\s*['"]([^'"\n]+)['"]"#).expect("valid regex"));
static SETUP_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(install_requires|tests_require|setup_requires)\s*=\s*\[").expect("valid regex")
});
static SETUP_EXTRAS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bextras_require\s*=\s*\{").expect("valid regex"));
static EXTRAS_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]([^'"\n]+)['"]\s*:\s*\["#).expect("valid regex"));

pub(super) fn extract_setup_py(file: &SourceFile<'_>, out: &mut FileFacts) {
    let text = file.text;
    let Some(call) = SETUP_CALL.find(text) else {
        return;
    };
    let (name, line) = match SETUP_NAME.captures(&text[call.start()..]) {
        Some(c) => match c.get(1) {
            Some(m) => (
                m.as_str().to_string(),
                file.line_of(call.start() + m.start()),
            ),
            None => (dir_name(file), file.line_of(call.start())),
        },
        None => (dir_name(file), file.line_of(call.start())),
    };
    out.components.push(component(
        file,
        ComponentKind::PythonPackage,
        name,
        line,
        Vec::new(),
    ));

    for c in SETUP_LIST.captures_iter(text) {
        let (Some(all), Some(kind)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let dev = kind.as_str() != "install_requires";
        for (offset, literal) in list_strings(text, all.end()) {
            push_requirement(file, out, literal, dev, file.line_of(offset));
        }
    }
    for m in SETUP_EXTRAS.find_iter(text) {
        let open = m.end() - 1;
        let Some(close) = closing_bracket(text, open) else {
            continue;
        };
        for c in EXTRAS_GROUP.captures_iter(&text[open..close]) {
            let (Some(all), Some(group)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let dev = is_dev_group(group.as_str());
            for (offset, literal) in list_strings(text, open + all.end()) {
                push_requirement(file, out, literal, dev, file.line_of(offset));
            }
        }
    }
}

/// A Python string literal starting at `start` (a quote): its content and the offset after it.
fn string_literal(text: &str, start: usize) -> Option<(&str, usize)> {
    let quote = *text.as_bytes().get(start)?;
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return None,
            b if b == quote => return Some((&text[start + 1..i], i + 1)),
            _ => i += 1,
        }
    }
    None
}

/// Offset of the bracket closing the one at `open`, skipping string literals and comments.
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' | b'(' => depth += 1,
            b']' | b'}' | b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            b'\'' | b'"' => match string_literal(text, i) {
                Some((_, end)) => {
                    i = end;
                    continue;
                }
                None => return None,
            },
            b'#' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The string literals directly inside the list literal whose `[` is just before `start`,
/// each with its offset.
fn list_strings(text: &str, start: usize) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b']' => break,
            b'\'' | b'"' => match string_literal(text, i) {
                Some((literal, end)) => {
                    found.push((i, literal));
                    i = end;
                    continue;
                }
                None => break,
            },
            b'#' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            // Anything else that opens a nested expression is not a plain list of strings.
            b'[' | b'(' | b'{' => break,
            _ => {}
        }
        i += 1;
    }
    found
}

// ---------------------------------------------------------------------------------------------
// requirements*.txt

pub(super) fn extract_requirements(file: &SourceFile<'_>, out: &mut FileFacts) {
    let dev = requirements_file_is_dev(file);
    let mut pending: Option<(String, u32)> = None;
    for (i, raw) in file.text.lines().enumerate() {
        let line_no = i as u32 + 1;
        // A trailing backslash continues the requirement on the next line.
        let (mut joined, start) = pending.take().unwrap_or_default();
        let start = if joined.is_empty() { line_no } else { start };
        if let Some(head) = raw.strip_suffix('\\') {
            joined.push_str(head);
            pending = Some((joined, start));
            continue;
        }
        joined.push_str(raw);
        requirement_line(file, out, &joined, dev, start);
    }
    if let Some((joined, start)) = pending {
        requirement_line(file, out, &joined, dev, start);
    }
}

fn requirement_line(
    file: &SourceFile<'_>,
    out: &mut FileFacts,
    line: &str,
    dev: bool,
    line_no: u32,
) {
    // `#` starts a comment at the line start or after whitespace; per-requirement options
    // (`--hash=..`) follow whitespace too.
    let mut line = line.trim();
    if let Some(i) = line.find(" #").or_else(|| line.find("\t#")) {
        line = &line[..i];
    }
    if let Some(i) = line.find(" -").or_else(|| line.find("\t-")) {
        line = &line[..i];
    }
    let line = line.trim();
    // Options, includes (-r, -c), editables (-e) and bare URLs or paths are not named
    // requirements.
    if line.is_empty()
        || line.starts_with(['#', '-', '.', '/', '~'])
        || line.contains("://") && !line.contains('@')
        || line.starts_with("git+")
    {
        return;
    }
    if let Some((name, version)) = parse_requirement(line) {
        out.dependencies.push(dependency(
            file,
            Ecosystem::Pypi,
            name,
            version,
            dev,
            line_no,
        ));
    } else if !line.contains("://") && !line.ends_with(".whl") && !line.ends_with(".tar.gz") {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            line_no,
            format!("{}: `{line}` is not a requirement", file.file_name),
        ));
    }
}

/// `requirements-dev.txt`, `test-requirements.txt`, `requirements/docs.txt`.
fn requirements_file_is_dev(file: &SourceFile<'_>) -> bool {
    let stem = file
        .file_name
        .strip_suffix(".txt")
        .unwrap_or(file.file_name);
    stem.split(['-', '_', '.']).any(is_dev_group)
}

// ---------------------------------------------------------------------------------------------
// poetry.lock, uv.lock

pub(super) fn extract_lock(file: &SourceFile<'_>, out: &mut FileFacts) {
    let doc = toml_doc::parse(file, out);
    for package in tables(&doc, "package") {
        // uv lists the project itself (and workspace members) as editable or virtual sources.
        let local = table(package, "source")
            .is_some_and(|s| s.contains_key("editable") || s.contains_key("virtual"));
        if local {
            continue;
        }
        if let (Some(name), Some(version)) = (string(package, "name"), string(package, "version")) {
            out.locked.push(LockedPackage {
                ecosystem: Ecosystem::Pypi,
                name: normalise(name),
                version: version.to_string(),
            });
        }
    }
    if doc.is_empty() && !file.text.trim().is_empty() && out.notes.is_empty() {
        out.notes.push(note_at(
            file,
            0,
            crate::codes::Code::ManifestMalformed,
            format!("{}: no packages could be read", file.file_name),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, is_dev, render, run};
    use super::{normalise, parse_requirement};

    #[test]
    fn requirement_syntax() {
        assert_eq!(normalise("Django_REST.framework"), "django-rest-framework");
        assert_eq!(
            parse_requirement("requests[socks] >=2.31, <3 ; python_version >= '3.8'"),
            Some(("requests".into(), Some(">=2.31, <3".into())))
        );
        assert_eq!(parse_requirement("Flask"), Some(("flask".into(), None)));
        assert_eq!(
            parse_requirement("pip @ https://x/pip.whl"),
            Some(("pip".into(), None))
        );
        assert_eq!(
            parse_requirement("zope.interface (>=5)"),
            Some(("zope-interface".into(), Some(">=5".into())))
        );
        assert_eq!(parse_requirement("not a requirement"), None);
    }

    const PEP621: &str = r#"[build-system]
requires = ["hatchling"]

[project]
name = "Data_Platform"
dependencies = [
    "fastapi>=0.110",
    "SQLAlchemy[asyncio]~=2.0",
    "uvicorn; sys_platform != 'win32'",
]

[project.optional-dependencies]
test = ["pytest>=8", "pytest-cov"]
postgres = ["psycopg[binary]>=3.1"]

[dependency-groups]
lint = ["ruff==0.5.0", { include-group = "test" }]
"#;

    #[test]
    fn pep621_project() {
        let facts = run("platform/pyproject.toml", PEP621);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "Data_Platform");
        assert_eq!(facts.components[0].root, "platform");
        assert_eq!(dep_line(&facts, "sqlalchemy"), Some(8));
        assert_eq!(is_dev(&facts, "pytest"), Some(true));
        assert_eq!(
            is_dev(&facts, "psycopg"),
            Some(false),
            "a feature extra ships with the package"
        );
        assert_eq!(is_dev(&facts, "ruff"), Some(true));
    }

    const POETRY: &str = r#"[tool.poetry]
name = "remediator"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
httpx = "^0.27"
kubernetes = { version = "^29.0", extras = ["adal"] }
local-lib = { path = "../lib", develop = true }

[tool.poetry.group.test.dependencies]
pytest = "^8.0"

[tool.poetry.dev-dependencies]
black = "*"

[tool.black]
line-length = 100
"#;

    #[test]
    fn poetry_project() {
        let facts = run("pyproject.toml", POETRY);
        insta::assert_snapshot!(render(&facts));
        assert!(dep_line(&facts, "python").is_none());
        assert_eq!(dep_line(&facts, "kubernetes"), Some(8));
        assert_eq!(is_dev(&facts, "pytest"), Some(true));
        assert_eq!(is_dev(&facts, "black"), Some(true));
        assert_eq!(is_dev(&facts, "httpx"), Some(false));
    }

    #[test]
    fn tool_config_only_pyproject_is_not_a_package() {
        let facts = run("pyproject.toml", "[tool.ruff]\nline-length = 100\n");
        assert!(facts.components.is_empty());
    }

    #[test]
    fn setup_cfg() {
        let text = "[metadata]\nname = my-lib\nversion = 1.0\n\n[options]\npackages = find:\n\
                    install_requires =\n    requests>=2\n    # a comment\n    click\n\n\
                    [options.extras_require]\ntests =\n    pytest\nyaml = pyyaml>=6\n\n[flake8]\nmax-line-length = 100\n";
        let facts = run("setup.cfg", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(dep_line(&facts, "click"), Some(10));
        assert_eq!(is_dev(&facts, "pytest"), Some(true));
        assert_eq!(is_dev(&facts, "pyyaml"), Some(false));
    }

    #[test]
    fn setup_py_is_read_not_run() {
        let text = r#"import os
from setuptools import setup

os.system("echo never run")

setup(
    name="legacy-tool",
    install_requires=[
        "requests>=2.0",  # http
        'PyYAML',
    ],
    extras_require={
        "dev": ["pytest", "mypy"],
        'aws': ['boto3>=1.28'],
    },
)
"#;
        let facts = run("tools/setup.py", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "legacy-tool");
        assert_eq!(dep_line(&facts, "pyyaml"), Some(10));
        assert_eq!(is_dev(&facts, "mypy"), Some(true));
        assert_eq!(is_dev(&facts, "boto3"), Some(false));
    }

    #[test]
    fn requirements_files() {
        let text = "# pinned\n-r base.txt\n-e .\n--index-url https://pypi.example.com/simple\n\
                    Django==4.2.11  # LTS\nrequests[security] >= 2.31 \\\n    --hash=sha256:abc\n\
                    git+https://github.com/x/y.git#egg=y\nhttps://example.com/pkg.whl\n\
                    ./local/pkg\nmy_pkg @ https://example.com/my_pkg-1.0.whl\n!!bad\n";
        let facts = run("requirements.txt", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(dep_line(&facts, "requests"), Some(6));
        assert_eq!(is_dev(&facts, "django"), Some(false));
        let dev = run("dev-requirements.txt", "pytest\n");
        assert_eq!(is_dev(&dev, "pytest"), Some(true));
        let dev = run("requirements/test.txt", "pytest\n");
        assert_eq!(is_dev(&dev, "pytest"), Some(true));
        assert!(
            dev.components.is_empty(),
            "a requirements file alone is not a package"
        );
    }

    #[test]
    fn lock_files() {
        let text = r#"version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "Jinja2"
version = "3.1.4"
source = { registry = "https://pypi.org/simple" }
"#;
        let facts = run("uv.lock", text);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.locked.len(), 1);
        assert_eq!(facts.locked[0].name, "jinja2");
    }

    #[test]
    fn malformed_pyproject() {
        let text = "[project]\nname = \"x\"\ndependencies = [\"a>=1\",\n\n[tool.x\n";
        let facts = run("pyproject.toml", text);
        insta::assert_snapshot!(render(&facts));
        assert!(!facts.notes.is_empty());
        let bad_lock = run("poetry.lock", "[[package]\nname = \n");
        assert!(!bad_lock.notes.is_empty());
    }
}
