//! What a file is for (its [`FileRole`]) and which language it is in, from its path and, for
//! generated code, its first bytes.

use crate::facts::FileRole;

const VENDORED_DIRS: &[&str] = &[
    "vendor",
    "vendored",
    "third_party",
    "third-party",
    "thirdparty",
    "node_modules",
    "bower_components",
    "site-packages",
    ".venv",
];

const BUILD_OUTPUT_DIRS: &[&str] = &[
    "dist",
    "__pycache__",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".gradle",
    "htmlcov",
    ".terraform",
];

/// What cargo and Maven put directly in their `target/` directory. A directory named `target`
/// is build output only when this follows it: elsewhere (`src/target/`, `k8s/target/`) it is
/// whatever its contents are.
const TARGET_DIR_CONTENTS: &[&str] = &[
    // cargo
    "debug",
    "release",
    "doc",
    "package",
    "criterion",
    "tmp",
    "nextest",
    "llvm-cov-target",
    "cachedir.tag",
    ".rustc_info.json",
    // Maven
    "classes",
    "test-classes",
    "generated-sources",
    "generated-test-sources",
    "maven-status",
    "maven-archiver",
    "surefire-reports",
    "failsafe-reports",
    "site",
    "jacoco",
];

/// Whether `dirs` (lower-case directory segments) and the file name after them pass through a
/// cargo or Maven build directory.
fn in_build_target(dirs: &[&str], file_name: &str) -> bool {
    dirs.iter().enumerate().any(|(i, d)| {
        if *d != "target" {
            return false;
        }
        let next = dirs.get(i + 1).copied().unwrap_or(file_name);
        let is_file = i + 1 == dirs.len();
        TARGET_DIR_CONTENTS.contains(&next)
            // cross-compilation triples: target/x86_64-unknown-linux-gnu/...
            || (!is_file && next.matches('-').count() >= 2
                && ["x86_64", "aarch64", "i686", "armv7", "arm", "wasm32", "riscv64", "thumbv"]
                    .iter()
                    .any(|arch| next.starts_with(arch)))
            // Maven's artifacts
            || (is_file && [".jar", ".war", ".ear"].iter().any(|e| next.ends_with(e)))
    })
}

const FIXTURE_DIRS: &[&str] = &[
    "fixtures",
    "fixture",
    "testdata",
    "test_data",
    "test-data",
    "test-fixtures",
    "__fixtures__",
    "__snapshots__",
    "__mocks__",
];

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "spec",
    "specs",
    "e2e",
    "testing",
    "it",
];

const EXAMPLE_DIRS: &[&str] = &["example", "examples", "sample", "samples", "demo", "demos"];

const DOCS_DIRS: &[&str] = &["docs", "doc", "documentation", "site-docs"];

const LOCK_FILES: &[&str] = &[
    "cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "uv.lock",
    "pipfile.lock",
    "pdm.lock",
    "go.sum",
    "gemfile.lock",
    "composer.lock",
    "mix.lock",
    "pubspec.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "flake.lock",
];

const DOC_EXTENSIONS: &[&str] = &["md", "markdown", "mdx", "rst", "adoc", "asciidoc"];

/// The role a path implies, before the file is read. `None` parts of the decision that need
/// the content (generated-code headers) are made by [`is_generated_header`].
pub fn role_of_path(rel_path: &str) -> FileRole {
    let original_name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let lower = rel_path.to_ascii_lowercase();
    let mut segments: Vec<&str> = lower.split('/').collect();
    let file_name = segments.pop().unwrap_or("");
    let dirs = segments;

    let in_dirs = |set: &[&str]| dirs.iter().any(|d| set.contains(d));

    if in_dirs(VENDORED_DIRS) {
        return FileRole::Vendored;
    }
    if in_dirs(BUILD_OUTPUT_DIRS) || in_build_target(&dirs, file_name) {
        return FileRole::BuildOutput;
    }
    if is_generated_name(file_name) {
        return FileRole::Generated;
    }
    if in_dirs(FIXTURE_DIRS) {
        return FileRole::Fixture;
    }
    if in_dirs(TEST_DIRS)
        || dirs
            .iter()
            .any(|d| d.ends_with("_test") || d.ends_with("_tests") || d.starts_with("test_"))
        || is_test_name(file_name, original_name)
    {
        return FileRole::Test;
    }
    // Under `src/main/java/` the directories are a package name: `org/example/samples/` is
    // the project's namespace, not a folder of examples.
    let package_start = dirs
        .windows(3)
        .position(|w| {
            w[0] == "src"
                && matches!(w[1], "main" | "test")
                && matches!(w[2], "java" | "kotlin" | "scala" | "groovy")
        })
        .map_or(dirs.len(), |i| i + 3);
    if dirs[..package_start]
        .iter()
        .any(|d| EXAMPLE_DIRS.contains(d))
    {
        return FileRole::Example;
    }
    let ext = file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if in_dirs(DOCS_DIRS) || DOC_EXTENSIONS.contains(&ext) || is_prose_name(file_name) {
        return FileRole::Docs;
    }
    FileRole::Source
}

fn is_generated_name(name: &str) -> bool {
    LOCK_FILES.contains(&name)
        || name.ends_with(".pb.go")
        || name.ends_with(".pb.gw.go")
        || name.ends_with("_pb2.py")
        || name.ends_with("_pb2_grpc.py")
        || name.ends_with("_pb2.pyi")
        || name.ends_with(".pb.cc")
        || name.ends_with(".pb.h")
        || name.ends_with(".pb.rs")
        || name.starts_with("zz_generated")
        || name.ends_with(".generated.go")
        || name.ends_with(".generated.ts")
        || name.ends_with(".g.dart")
        || name.ends_with(".min.js")
        || name.ends_with(".min.css")
}

fn is_test_name(name: &str, original: &str) -> bool {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let original_stem = original
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(original);
    name.ends_with("_test.go")
        || (name.ends_with(".py") && (stem.starts_with("test_") || stem.ends_with("_test")))
        || name == "conftest.py"
        || stem.ends_with(".test")
        || stem.ends_with(".spec")
        || stem.ends_with("_spec")
        || (name.ends_with(".java") || name.ends_with(".kt"))
            && (original_stem.ends_with("Test")
                || original_stem.ends_with("Tests")
                || original_stem.ends_with("IT"))
}

fn is_prose_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    matches!(
        stem,
        "readme"
            | "changelog"
            | "changes"
            | "history"
            | "contributing"
            | "authors"
            | "license"
            | "licence"
            | "notice"
            | "copying"
    )
}

/// Whether the first bytes of a file carry a generated-code marker: Go's
/// `// Code generated ... DO NOT EDIT.` convention, or `@generated`.
pub fn is_generated_header(head: &[u8]) -> bool {
    let head = &head[..head.len().min(1024)];
    let finder = memchr::memmem::find;
    (finder(head, b"Code generated").is_some() && finder(head, b"DO NOT EDIT").is_some())
        || finder(head, b"@generated").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_path() {
        let cases = [
            ("src/main.rs", FileRole::Source),
            ("pkg/processor/alert_processor.go", FileRole::Source),
            ("pkg/processor/alert_processor_test.go", FileRole::Test),
            ("tests/test_app.py", FileRole::Test),
            ("src/services/test_cache.py", FileRole::Test),
            ("Lib/idlelib/idle_test/test_x.py", FileRole::Test),
            ("Lib/unittest/case.py", FileRole::Source),
            ("web/src/app.test.tsx", FileRole::Test),
            ("src/test/java/com/x/FooTest.java", FileRole::Test),
            ("src/main/java/com/x/Latest.java", FileRole::Source),
            ("src/main/java/com/x/Audit.java", FileRole::Source),
            ("src/it/java/com/x/StoreIT.java", FileRole::Test),
            ("internal/testdata/input.yaml", FileRole::Fixture),
            ("tests/fixtures/a.json", FileRole::Fixture),
            ("vendor/github.com/x/y.go", FileRole::Vendored),
            ("web/node_modules/react/index.js", FileRole::Vendored),
            ("api/v1/api.pb.go", FileRole::Generated),
            ("Cargo.lock", FileRole::Generated),
            ("examples/demo/main.go", FileRole::Example),
            (
                "vets-service/src/main/java/org/springframework/samples/petclinic/App.java",
                FileRole::Source,
            ),
            (
                "samples/app/src/main/java/com/acme/App.java",
                FileRole::Example,
            ),
            ("docs/architecture.md", FileRole::Docs),
            ("README.md", FileRole::Docs),
            ("LICENSE", FileRole::Docs),
            ("target/debug/build.rs", FileRole::BuildOutput),
            ("crates/x/target/release/deps/x.d", FileRole::BuildOutput),
            (
                "target/x86_64-unknown-linux-musl/release/x",
                FileRole::BuildOutput,
            ),
            ("service/target/classes/App.class", FileRole::BuildOutput),
            ("service/target/app-1.0.jar", FileRole::BuildOutput),
            // A module, a Kustomize target or a Terraform target named `target` is not.
            ("src/target/mod.rs", FileRole::Source),
            ("src/target/load.rs", FileRole::Source),
            ("deploy/target/kustomization.yaml", FileRole::Source),
            ("pkg/__pycache__/m.cpython-311.pyc", FileRole::BuildOutput),
            ("deploy/k8s/deployment.yaml", FileRole::Source),
            ("Dockerfile", FileRole::Source),
        ];
        for (path, role) in cases {
            assert_eq!(role_of_path(path), role, "{path}");
        }
    }

    #[test]
    fn generated_headers() {
        assert!(is_generated_header(
            b"// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x"
        ));
        assert!(is_generated_header(b"# @generated by tool\n"));
        assert!(!is_generated_header(
            b"// Code generated sometimes\npackage x"
        ));
    }
}
