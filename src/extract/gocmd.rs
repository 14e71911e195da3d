//! Go binaries: every directory with a `package main` (conventionally `cmd/<name>/`) builds
//! one, and is a component of its own.

use super::{FileFacts, SourceFile};
use crate::facts::{ComponentDecl, ComponentKind, Evidence};

pub fn wants(_path: &str, file_name: &str) -> bool {
    file_name.ends_with(".go") && !file_name.ends_with("_test.go")
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    // Example, test and vendored programs are not the project's binaries.
    if !wants(file.path, file.file_name) || file.role != crate::facts::FileRole::Source {
        return;
    }
    // The package clause comes before any code; a cheap search rules most files out.
    if memchr::memmem::find(file.text.as_bytes(), b"package main").is_none() {
        return;
    }
    let Some(line) = file.text.lines().position(|l| {
        let mut words = l.split_whitespace();
        words.next() == Some("package") && words.next() == Some("main")
    }) else {
        return;
    };
    let dir = file.dir();
    let name = match dir.rfind('/') {
        Some(i) => &dir[i + 1..],
        None if dir.is_empty() => ".",
        None => dir,
    };
    out.components.push(ComponentDecl {
        kind: ComponentKind::GoBinary,
        name: name.to_string(),
        root: dir.to_string(),
        evidence: Evidence::line(file.path, file.role, line as u32 + 1),
        members: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &str, text: &str) -> FileFacts {
        crate::extract::run_on(extract, path, text)
    }

    #[test]
    fn package_main_is_a_binary() {
        let out = run(
            "cmd/alert-processor/main.go",
            "// x\npackage main\n\nfunc main() {}\n",
        );
        assert_eq!(out.components.len(), 1);
        let c = &out.components[0];
        assert_eq!(
            (c.kind, c.name.as_str(), c.root.as_str()),
            (
                ComponentKind::GoBinary,
                "alert-processor",
                "cmd/alert-processor"
            )
        );
        assert_eq!(c.evidence.location(), "cmd/alert-processor/main.go:2");
        let out = run("backup/main.go", "package main\n");
        assert_eq!(out.components[0].root, "backup");
    }

    #[test]
    fn other_packages_are_not() {
        assert!(run("cmd/tool/util.go", "package util\n")
            .components
            .is_empty());
        assert!(run("cmd/tool/main.go", "package maintenance\n")
            .components
            .is_empty());
        assert!(run("cmd/tool/main_test.go", "package main\n")
            .components
            .is_empty());
        assert!(run("x/doc.go", "// this is not package main\npackage x\n")
            .components
            .is_empty());
    }
}
