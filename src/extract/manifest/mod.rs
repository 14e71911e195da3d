//! Package manifests and lock files: components, declared dependencies and locked versions.
//!
//! Every reader here works on the text alone: nothing is executed (a `setup.py`, a
//! `build.gradle`, a `Gemfile` or a `mix.exs` is read with patterns or a tokenizer, never
//! run; an MSBuild project is never evaluated), nothing else on disk is consulted, and
//! input that cannot be read becomes a [`Note`] with a line, never a panic. Joining a
//! dependency to its component and to a lock file's version is the fact store's job.

mod cargo;
mod composer;
mod dotnet;
mod elixir;
mod gomod;
mod gradle;
mod json_doc;
mod maven;
mod npm;
mod python;
mod ruby;
mod xml_doc;

use super::{FileFacts, SourceFile};
use crate::facts::{ComponentDecl, ComponentKind, Dependency, Ecosystem, Evidence, Note};

/// The manifest and lock file formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    GoMod,
    GoSum,
    CargoToml,
    CargoLock,
    Pyproject,
    SetupCfg,
    SetupPy,
    Requirements,
    PythonLock,
    PackageJson,
    PackageLock,
    YarnLock,
    PnpmLock,
    Pom,
    GradleBuild,
    GradleSettings,
    Gemfile,
    GemfileLock,
    Gemspec,
    ComposerJson,
    ComposerLock,
    MixExs,
    MixLock,
    DotnetProject,
    DotnetCentralVersions,
    PackagesConfig,
}

/// Names used for the files of a `requirements/` directory. `wants` only sees the file name,
/// so it accepts these and `format_of` checks the directory.
const REQUIREMENTS_DIR_NAMES: &[&str] = &[
    "base",
    "common",
    "main",
    "prod",
    "production",
    "dev",
    "develop",
    "development",
    "local",
    "test",
    "tests",
    "testing",
    "ci",
    "docs",
    "doc",
    "lint",
    "typing",
];

fn format_by_name(file_name: &str) -> Option<Format> {
    let format = match file_name {
        "go.mod" => Format::GoMod,
        "go.sum" => Format::GoSum,
        "Cargo.toml" => Format::CargoToml,
        "Cargo.lock" => Format::CargoLock,
        "pyproject.toml" => Format::Pyproject,
        "setup.cfg" => Format::SetupCfg,
        "setup.py" => Format::SetupPy,
        "poetry.lock" | "uv.lock" => Format::PythonLock,
        "package.json" => Format::PackageJson,
        "package-lock.json" | "npm-shrinkwrap.json" => Format::PackageLock,
        "yarn.lock" => Format::YarnLock,
        "pnpm-lock.yaml" => Format::PnpmLock,
        "pom.xml" => Format::Pom,
        "build.gradle" | "build.gradle.kts" => Format::GradleBuild,
        "settings.gradle" | "settings.gradle.kts" => Format::GradleSettings,
        "Gemfile" | "gems.rb" => Format::Gemfile,
        "Gemfile.lock" | "gems.locked" => Format::GemfileLock,
        "composer.json" => Format::ComposerJson,
        "composer.lock" => Format::ComposerLock,
        "mix.exs" => Format::MixExs,
        "mix.lock" => Format::MixLock,
        "Directory.Packages.props" => Format::DotnetCentralVersions,
        "packages.config" => Format::PackagesConfig,
        _ if python::is_requirements_name(file_name) => Format::Requirements,
        _ if file_name.len() > ".gemspec".len() && file_name.ends_with(".gemspec") => {
            Format::Gemspec
        }
        _ if dotnet::is_project_file(file_name) => Format::DotnetProject,
        _ => return None,
    };
    Some(format)
}

/// Whether a file with this name is a manifest or lock file this module reads.
pub fn wants(file_name: &str) -> bool {
    format_by_name(file_name).is_some()
        || file_name
            .strip_suffix(".txt")
            .is_some_and(|stem| REQUIREMENTS_DIR_NAMES.contains(&stem))
}

fn format_of(file: &SourceFile<'_>) -> Option<Format> {
    if let Some(format) = format_by_name(file.file_name) {
        return Some(format);
    }
    let in_requirements_dir = file
        .dir()
        .rsplit('/')
        .next()
        .is_some_and(|d| d == "requirements" || d == "requirements.d");
    (in_requirements_dir && file.file_name.ends_with(".txt")).then_some(Format::Requirements)
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    let Some(format) = format_of(file) else {
        return;
    };
    match format {
        Format::GoMod => gomod::extract_go_mod(file, out),
        Format::GoSum => gomod::extract_go_sum(file, out),
        Format::CargoToml => cargo::extract_manifest(file, out),
        Format::CargoLock => cargo::extract_lock(file, out),
        Format::Pyproject => python::extract_pyproject(file, out),
        Format::SetupCfg => python::extract_setup_cfg(file, out),
        Format::SetupPy => python::extract_setup_py(file, out),
        Format::Requirements => python::extract_requirements(file, out),
        Format::PythonLock => python::extract_lock(file, out),
        Format::PackageJson => npm::extract_package_json(file, out),
        Format::PackageLock => npm::extract_package_lock(file, out),
        Format::YarnLock => npm::extract_yarn_lock(file, out),
        Format::PnpmLock => npm::extract_pnpm_lock(file, out),
        Format::Pom => maven::extract_pom(file, out),
        Format::GradleBuild => gradle::extract_build(file, out),
        Format::GradleSettings => gradle::extract_settings(file, out),
        Format::Gemfile => ruby::extract_gemfile(file, out),
        Format::GemfileLock => ruby::extract_gemfile_lock(file, out),
        Format::Gemspec => ruby::extract_gemspec(file, out),
        Format::ComposerJson => composer::extract_composer_json(file, out),
        Format::ComposerLock => composer::extract_composer_lock(file, out),
        Format::MixExs => elixir::extract_mix_exs(file, out),
        Format::MixLock => elixir::extract_mix_lock(file, out),
        Format::DotnetProject => dotnet::extract_project(file, out),
        Format::DotnetCentralVersions => dotnet::extract_central_versions(file, out),
        Format::PackagesConfig => dotnet::extract_packages_config(file, out),
    }
}

/// The name a component gets when its manifest gives none: its directory's name, `.` for the
/// repository root.
fn dir_name(file: &SourceFile<'_>) -> String {
    match file.dir().rsplit('/').next() {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => ".".to_string(),
    }
}

fn component(
    file: &SourceFile<'_>,
    kind: ComponentKind,
    name: String,
    line: u32,
    members: Vec<String>,
) -> ComponentDecl {
    ComponentDecl {
        kind,
        name,
        root: file.dir().to_string(),
        evidence: Evidence::line(file.path, file.role, line),
        members,
    }
}

fn dependency(
    file: &SourceFile<'_>,
    ecosystem: Ecosystem,
    name: String,
    version: Option<String>,
    dev: bool,
    line: u32,
) -> Dependency {
    Dependency {
        ecosystem,
        name,
        version,
        locked: None,
        dev,
        component: None,
        evidence: Evidence::line(file.path, file.role, line),
    }
}

/// A note about the text at byte `offset`, with the column in the message.
fn note_at(
    file: &SourceFile<'_>,
    offset: usize,
    code: crate::codes::Code,
    message: impl std::fmt::Display,
) -> Note {
    Note::new(
        code,
        file.path,
        file.line_of(offset),
        format!(
            "{message} (column {})",
            crate::text::column_of(file.text, offset)
        ),
    )
}

/// TOML read with the span of every key and value, shared by the Cargo and Python readers.
mod toml_doc {
    use super::{note_at, FileFacts, SourceFile};
    use toml::de::{DeTable, DeValue};
    use toml::Spanned;

    /// Syntax errors of one TOML file reported as notes; the rest are counted.
    const MAX_SYNTAX_NOTES: usize = 10;

    /// Parses `file` as TOML, recording each syntax error as a note and returning what could
    /// be read.
    pub(super) fn parse<'i>(file: &SourceFile<'i>, out: &mut FileFacts) -> DeTable<'i> {
        let (doc, errors) = DeTable::parse_recoverable(file.text);
        // Recovery can report one damaged spot several times, and text that is not TOML at
        // all gives an error every few bytes: the first few distinct ones are notes, the rest
        // a count, so the notes stay linear in the file.
        let mut noted: Vec<super::Note> = Vec::new();
        let mut more = 0usize;
        for error in &errors {
            if noted.len() == MAX_SYNTAX_NOTES {
                more += 1;
                continue;
            }
            let offset = error.span().map_or(0, |s| s.start);
            let message = error.message().trim().to_string();
            let note = note_at(
                file,
                offset,
                crate::codes::Code::ManifestMalformed,
                format!("{} is not valid TOML: {message}", file.file_name),
            );
            if !noted.contains(&note) {
                noted.push(note);
            }
        }
        if more > 0 {
            let line = noted.last().map_or(1, |n| n.line);
            noted.push(super::Note::new(
                crate::codes::Code::ManifestMalformed,
                file.path,
                line,
                format!(
                    "{}: {more} more TOML errors after these are not listed",
                    file.file_name
                ),
            ));
        }
        out.notes.extend(noted);
        doc.into_inner()
    }

    pub(super) fn get<'a, 'i>(
        table: &'a DeTable<'i>,
        key: &str,
    ) -> Option<&'a Spanned<DeValue<'i>>> {
        table.get(key)
    }

    pub(super) fn table<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
        table.get(key).and_then(|v| v.get_ref().as_table())
    }

    pub(super) fn string<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
        table.get(key).and_then(|v| v.get_ref().as_str())
    }

    /// The `[[name]]` array of tables (or inline array of tables) under `key`.
    pub(super) fn tables<'a, 'i>(
        table: &'a DeTable<'i>,
        key: &str,
    ) -> impl Iterator<Item = &'a DeTable<'i>> {
        table
            .get(key)
            .and_then(|v| v.get_ref().as_array())
            .into_iter()
            .flat_map(|a| a.iter())
            .filter_map(|v| v.get_ref().as_table())
    }
}

#[cfg(test)]
mod test_support {
    use std::fmt::Write;

    use super::{extract, FileFacts};

    pub(crate) fn run(path: &str, text: &str) -> FileFacts {
        crate::extract::run_on(extract, path, text)
    }

    /// One line per fact, in the order the extractor found them, for snapshots a reviewer can
    /// check against the fixture's line numbers.
    pub(crate) fn render(facts: &FileFacts) -> String {
        let mut s = String::new();
        for c in &facts.components {
            let _ = write!(
                s,
                "component {} {:?} root={:?} @{}",
                c.kind, c.name, c.root, c.evidence
            );
            if !c.members.is_empty() {
                let _ = write!(s, " members={:?}", c.members);
            }
            s.push('\n');
        }
        for d in &facts.dependencies {
            let _ = writeln!(
                s,
                "dep {} {:?} version={:?} dev={} @{}",
                d.ecosystem, d.name, d.version, d.dev, d.evidence
            );
        }
        for l in &facts.locked {
            let _ = writeln!(s, "locked {} {:?} {:?}", l.ecosystem, l.name, l.version);
        }
        for n in &facts.notes {
            let _ = writeln!(s, "note {}:{} {}", n.path, n.line, n.message);
        }
        s
    }

    /// The line of the first dependency called `name`.
    pub(crate) fn dep_line(facts: &FileFacts, name: &str) -> Option<u32> {
        facts
            .dependencies
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.evidence.start_line)
    }

    pub(crate) fn is_dev(facts: &FileFacts, name: &str) -> Option<bool> {
        facts
            .dependencies
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.dev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that is not TOML at all gives an error every few bytes: the notes are the first
    /// few and a count, not one per error (a 1 MB file took minutes when every note was
    /// compared with every other).
    #[test]
    fn text_that_is_not_toml_gets_a_few_notes_and_a_count() {
        let text = format!("<project>{}</project>", "<a>".repeat(20_000));
        let facts = test_support::run("pyproject.toml", &text);
        let malformed: Vec<_> = facts
            .notes
            .iter()
            .filter(|n| n.code == crate::codes::Code::ManifestMalformed)
            .collect();
        assert!(
            (2..=11).contains(&malformed.len()),
            "{} notes",
            malformed.len()
        );
        let last = malformed.last().unwrap();
        assert!(
            last.message.contains("more TOML errors"),
            "{}",
            last.message
        );
    }

    #[test]
    fn wants_manifest_and_lock_names_only() {
        for name in [
            "go.mod",
            "go.sum",
            "Cargo.toml",
            "Cargo.lock",
            "pyproject.toml",
            "requirements-dev.txt",
            "dev-requirements.txt",
            "package.json",
            "yarn.lock",
            "pom.xml",
            "build.gradle.kts",
            "settings.gradle",
            "Gemfile",
            "Gemfile.lock",
            "ledger.gemspec",
            "composer.json",
            "composer.lock",
            "mix.exs",
            "mix.lock",
            "Orders.Api.csproj",
            "Pipeline.fsproj",
            "Legacy.vbproj",
            "Directory.Packages.props",
            "packages.config",
        ] {
            assert!(wants(name), "{name}");
        }
        for name in [
            "main.go",
            "README.md",
            "cargo.toml.bak",
            "notes.txt",
            "LICENSE.txt",
            "config.toml",
            ".gemspec",
            ".csproj",
            "Gemfile.bak",
            "Directory.Build.props",
            "app.config",
            "mix.ex",
        ] {
            assert!(!wants(name), "{name}");
        }
    }

    #[test]
    fn requirements_dir_files_are_read_only_inside_that_dir() {
        let inside = test_support::run("requirements/base.txt", "flask==2.0\n");
        assert_eq!(inside.dependencies.len(), 1);
        let outside = test_support::run("docs/base.txt", "flask==2.0\n");
        assert!(outside.dependencies.is_empty());
    }

    /// A file cut off anywhere (a partial write, a size limit) must give notes, never a panic.
    #[test]
    fn every_prefix_of_every_format_is_survived() {
        let samples: &[(&str, &str)] = &[
            ("go.mod", "module a/b\nrequire (\n\t\"x/y\" v1.0.0 // indirect\n)\n"),
            ("go.sum", "x/y v1.0.0 h1:a=\nx/y v1.0.0/go.mod h1:b=\n"),
            ("Cargo.toml", "[package]\nname = \"é\"\n[dependencies]\na = { version = \"1\" }\n[target.'cfg(unix)'.dependencies.b]\nversion = \"2\"\n"),
            ("Cargo.lock", "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n"),
            ("pyproject.toml", "[project]\nname = \"p\"\ndependencies = [\"a[x]>=1; python_version<'3'\"]\n[tool.poetry.group.dev.dependencies]\nb = [{version = \"1\"}]\n"),
            ("setup.cfg", "[metadata]\nname = n\n[options]\ninstall_requires =\n    a>=1\n[options.extras_require]\ndev = b\n"),
            ("setup.py", "setup(name='n', install_requires=['a>=1', \"b[c]\"], extras_require={'dev': ['d']})\n"),
            ("requirements-dev.txt", "a==1 \\\n  --hash=x\n-r b.txt\nc @ https://x\n"),
            ("uv.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { editable = \".\" }\n"),
            ("package.json", "{\"name\": \"ü\", \"workspaces\": [\"p/*\"], \"dependencies\": {\"a\\\"b\": \"1\"}}"),
            ("package-lock.json", "{\"packages\": {\"node_modules/a\": {\"version\": \"1\"}}, \"dependencies\": {}}"),
            ("yarn.lock", "\"@a/b@^1\", \"@a/b@^1.1\":\n  version \"1.1.0\"\n"),
            ("pnpm-lock.yaml", "packages:\n  '@a/b@1.0.0(c@2)':\n    resolution: {}\n  /d/1.0.0_e@1:\n"),
            ("pom.xml", "<project><parent><groupId>g</groupId></parent><artifactId>a&amp;</artifactId><dependencies><dependency><artifactId>d</artifactId><scope>test</scope></dependency></dependencies></project>"),
            ("build.gradle", "dependencies {\n  implementation 'a:b:1' /* x */\n  testImplementation group: 'g', name: 'n'\n}\n"),
            ("settings.gradle.kts", "rootProject.name = \"r\"\ninclude(\n  \":a\",\n)\n"),
            ("Gemfile", "source \"https://rubygems.org\"\ngem \"a\", \"~> 1\", group: %i[test]\ngroup :dev do\n  gem 'b', :require => false\nend\n"),
            ("Gemfile.lock", "GEM\n  specs:\n    a (1.0-x86_64-linux)\n      b (>= 1)\n"),
            ("x.gemspec", "Gem::Specification.new do |s|\n  s.name = %q{x}\n  s.add_dependency(\"a\".freeze, [\">= 1\"])\nend\n"),
            ("composer.json", "{\"name\": \"a/b\", \"require\": {\"php\": \"8\", \"c/d\": \"^1\"}, \"require-dev\": {\"e/f\": \"*\"}}"),
            ("composer.lock", "{\"packages\": [{\"name\": \"c/d\", \"version\": \"1.0\"}], \"packages-dev\": []}"),
            ("mix.exs", "defmodule A do\n  def project, do: [app: :a, deps: deps()]\n  defp deps do\n    [{:b, \"~> 1\", only: [:test]}, {:c, github: \"x/c\"}]\n  end\nend\n"),
            ("mix.lock", "%{\n  \"b\": {:hex, :b, \"1.0.0\", \"x\", [:mix], [], \"hexpm\", \"y\"},\n}\n"),
            ("A.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"A\"><Version>1</Version></PackageReference></ItemGroup></Project>"),
            ("Directory.Packages.props", "<Project><ItemGroup><PackageVersion Include=\"A\" Version=\"1\" /></ItemGroup></Project>"),
            ("packages.config", "<packages><package id=\"A\" version=\"1\" /></packages>"),
        ];
        for (name, text) in samples {
            let full = test_support::run(name, text);
            assert!(full.notes.is_empty(), "{name}: {:?}", full.notes);
            for (cut, _) in text.char_indices() {
                let _ = test_support::run(name, &text[..cut]);
            }
        }
    }

    #[test]
    fn column_counts_characters() {
        assert_eq!(crate::text::column_of("ab\ncdé f", 8), 5);
        assert_eq!(crate::text::column_of("x", 0), 1);
    }
}
