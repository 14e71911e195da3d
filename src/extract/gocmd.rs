//! Go binaries: a `package main` under `cmd/<name>/` is a component of its own.

use super::{FileFacts, SourceFile};
use crate::facts::{ComponentDecl, ComponentKind, Evidence};

pub fn wants(path: &str, file_name: &str) -> bool {
    file_name.ends_with(".go") && !file_name.ends_with("_test.go") && binary_dir(path).is_some()
}

/// `(dir, name)` when `path` is directly inside `.../cmd/<name>/`.
fn binary_dir(path: &str) -> Option<(&str, &str)> {
    let dir = &path[..path.rfind('/')?];
    let (parent, name) = match dir.rfind('/') {
        Some(i) => (&dir[..i], &dir[i + 1..]),
        None => return None,
    };
    (parent == "cmd" || parent.ends_with("/cmd")).then_some((dir, name))
}

pub fn extract(file: &SourceFile<'_>, out: &mut FileFacts) {
    if !wants(file.path, file.file_name) {
        return;
    }
    let Some((dir, name)) = binary_dir(file.path) else {
        return;
    };
    let Some(line) = file.text.lines().position(|l| {
        l.trim_start().starts_with("package main") && l.split_whitespace().nth(1) == Some("main")
    }) else {
        return;
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
    use crate::facts::FileRole;

    fn run(path: &str, text: &str) -> FileFacts {
        let mut out = FileFacts::default();
        let file_name = path.rsplit('/').next().unwrap();
        extract(
            &SourceFile {
                path,
                file_name,
                role: FileRole::Source,
                language: Some("Go"),
                text,
            },
            &mut out,
        );
        out
    }

    #[test]
    fn package_main_under_cmd_is_a_binary() {
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
    }

    #[test]
    fn other_packages_and_places_are_not() {
        assert!(run("cmd/tool/util.go", "package util\n")
            .components
            .is_empty());
        assert!(run("pkg/main.go", "package main\n").components.is_empty());
        assert!(run("main.go", "package main\n").components.is_empty());
        assert!(run("cmd/tool/main.go", "package maintenance\n")
            .components
            .is_empty());
    }
}
