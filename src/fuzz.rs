//! Entry points for the fuzz targets in `fuzz/`, one per family of readers. Each takes
//! arbitrary bytes and must return on any input: no panic, no unbounded time or memory. The
//! fuzz targets call them under libFuzzer; `tests/fuzz_corpus.rs` replays the stored corpora
//! (and mutations of them) through the same functions, which is what CI runs.

use std::path::Path;
use std::sync::OnceLock;

use crate::extract::SourceFile;
use crate::facts::FileRole;
use crate::text::LineIndex;

/// The file names that select a manifest, code or documentation reader; infrastructure files
/// are in [`crate::extract::infra::EVERY_KIND_PATHS`].
pub const FILE_PATHS: &[&str] = &[
    // Manifests and lock files.
    "go.mod",
    "go.sum",
    "Cargo.toml",
    "Cargo.lock",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "poetry.lock",
    "requirements.txt",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "pom.xml",
    "build.gradle.kts",
    "settings.gradle",
    "Gemfile",
    "Gemfile.lock",
    "app.gemspec",
    "composer.json",
    "composer.lock",
    "mix.exs",
    "mix.lock",
    "Api.csproj",
    "Directory.Packages.props",
    "packages.config",
    // Code, read for routes, handlers, clients and stubs.
    "cmd/server/main.go",
    "app/views.py",
    "src/index.js",
    "src/server.ts",
    "src/main/java/App.java",
    "src/main/kotlin/App.kt",
    "Controllers/CartController.cs",
    "app/controllers/orders_controller.rb",
    "src/Controller.php",
    "lib/app.ex",
    "src/main.rs",
    "proto/service.proto",
    // Documentation and configuration.
    "README.md",
    "docs/runbook.md",
    "config/application.yml",
    ".env",
];

/// One source file of `text` at `path`, with the language the walk would give it.
fn source<'a>(path: &'a str, text: &'a str, lines: &'a LineIndex) -> SourceFile<'a> {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let language = file_name
        .rsplit_once('.')
        .and_then(|(_, ext)| tokei::LanguageType::from_file_extension(ext))
        .map(|l| l.name());
    SourceFile {
        path,
        file_name,
        role: FileRole::Source,
        language,
        text,
        lines,
    }
}

/// Every infrastructure reader (Kubernetes, Compose, CI, Helm, Kustomize, Dockerfile,
/// Makefile, operators) on `data`.
pub fn infra(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = LineIndex::new(&text);
    for path in crate::extract::infra::EVERY_KIND_PATHS {
        let _ = crate::extract::extract(&source(path, &text, &lines));
    }
}

/// Every manifest, code and documentation reader, and the built-in profile's pattern search,
/// on `data`.
pub fn files(data: &[u8]) {
    static PATTERNS: OnceLock<crate::search::PatternSet> = OnceLock::new();
    let patterns =
        PATTERNS.get_or_init(|| crate::search::PatternSet::compile(&crate::rules::builtin()));
    let text = String::from_utf8_lossy(data);
    let lines = LineIndex::new(&text);
    for path in FILE_PATHS {
        let file = source(path, &text, &lines);
        let mut facts = crate::extract::extract(&file);
        if crate::extract::code::wants(file.file_name, file.language, file.role) {
            crate::extract::code::extract(&file, &mut facts);
        }
        let mut hits = Vec::new();
        patterns.search(path, file.role, file.language, &text, &mut hits);
    }
}

/// The Markdown readers: a status document as `verify` reads it (decoding, claims) and a
/// design document as a target.
pub fn documents(data: &[u8]) {
    let (text, _) = crate::claims::decode(data);
    let _ = crate::claims::extract(&text);
    let _ = crate::rules::document::from_text("fuzz.md", &text, false);
}

/// gapscope's own inputs: a target file, `gapscope.toml`, a baseline and a saved analysis
/// for `diff`. Each must be accepted or refused with a message.
pub fn inputs(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::rules::from_text(Path::new("target.yaml"), &text);
    let root = Path::new("/nonexistent-fuzz-root");
    let _ = crate::config::RepoConfig::parse(
        root,
        root.join(crate::config::FILE_NAME),
        text.clone().into_owned(),
    );
    let _ = crate::baseline::Baseline::parse(Path::new("baseline.json"), data);
    let _ = crate::diff::read::parse_snapshot(Path::new("old.json"), data);
}
