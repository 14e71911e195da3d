//! Go: `go.mod` (the module and its requirements) and `go.sum` (the versions it resolved).

use std::collections::HashMap;

use super::{component, dependency, dir_name, FileFacts, SourceFile};
use crate::facts::{ComponentKind, Ecosystem, LockedPackage, Note};

/// A `go.mod` line without its `//` comment. An `// indirect` requirement is still one the
/// module builds with, so the comment carries nothing this reader keeps.
fn strip_comment(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i]).trim()
}

/// A module path as written, quoted (`"path"` or `` `path` ``) or not.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '`'] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

pub(super) fn extract_go_mod(file: &SourceFile<'_>, out: &mut FileFacts) {
    let mut module: Option<(String, u32)> = None;
    // The directive whose `( ... )` block the current line is in.
    let mut block: Option<(&str, u32)> = None;
    for (i, raw) in file.text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = strip_comment(raw);
        if line.is_empty() {
            continue;
        }
        if let Some((directive, _)) = block {
            if line == ")" {
                block = None;
            } else if directive == "require" {
                require(file, out, line, line_no);
            }
            continue;
        }
        let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        if rest == "(" {
            block = Some((directive, line_no));
            continue;
        }
        match directive {
            "module" => {
                let path = unquote(rest);
                if path.is_empty() {
                    out.notes.push(Note::new(
                        crate::codes::Code::ManifestUnnamed,
                        file.path,
                        line_no,
                        "go.mod: `module` without a path",
                    ));
                } else if module.is_none() {
                    module = Some((path.to_string(), line_no));
                }
            }
            "require" => require(file, out, rest, line_no),
            _ => {}
        }
    }
    if let Some((directive, line)) = block {
        out.notes.push(Note::new(
            crate::codes::Code::ManifestMalformed,
            file.path,
            line,
            format!("go.mod: the `{directive} (` block is not closed"),
        ));
    }
    let (name, line) = match module {
        Some(m) => m,
        None => {
            out.notes.push(Note::new(
                crate::codes::Code::ManifestUnnamed,
                file.path,
                0,
                "go.mod has no `module` line; named after its directory",
            ));
            (dir_name(file), 1)
        }
    };
    out.components.push(component(
        file,
        ComponentKind::GoModule,
        name,
        line,
        Vec::new(),
    ));
}

/// One requirement, `path version`, from a `require` line or block.
fn require(file: &SourceFile<'_>, out: &mut FileFacts, spec: &str, line_no: u32) {
    let mut fields = spec.split_whitespace();
    match (fields.next(), fields.next()) {
        (Some(path), Some(version)) => {
            let dep = dependency(
                file,
                Ecosystem::Go,
                unquote(path).to_string(),
                Some(version.to_string()),
                false,
                line_no,
            );
            out.dependencies.push(dep);
        }
        _ => out.notes.push(Note::new(
            crate::codes::Code::ManifestEntryUnread,
            file.path,
            line_no,
            format!("go.mod: requirement without a version: `{spec}`"),
        )),
    }
}

pub(super) fn extract_go_sum(file: &SourceFile<'_>, out: &mut FileFacts) {
    // `go mod tidy` writes go.sum sorted by module and then by semantic version, so the last
    // version with a content hash (not only a `/go.mod` hash) is the highest one the build
    // downloaded: the one minimal version selection picked.
    let mut order: Vec<&str> = Vec::new();
    let mut chosen: HashMap<&str, &str> = HashMap::new();
    for (i, line) in file.text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let (Some(module), Some(version), Some(_hash)) =
            (fields.next(), fields.next(), fields.next())
        else {
            if !line.trim().is_empty() {
                out.notes.push(Note::new(
                    crate::codes::Code::ManifestEntryUnread,
                    file.path,
                    i as u32 + 1,
                    "go.sum: line is not `module version hash`",
                ));
            }
            continue;
        };
        if version.ends_with("/go.mod") {
            continue;
        }
        if chosen.insert(module, version).is_none() {
            order.push(module);
        }
    }
    for module in order {
        if let Some(version) = chosen.get(module) {
            out.locked.push(LockedPackage {
                ecosystem: Ecosystem::Go,
                name: module.to_string(),
                version: version.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dep_line, render, run};

    const GO_MOD: &str = r#"// Service module.
module github.com/acme/backup // trailing comment

go 1.22

toolchain go1.22.3

require github.com/spf13/cobra v1.8.0

require (
	github.com/minio/minio-go/v7 v7.0.70
	// a comment line inside the block
	golang.org/x/sync v0.7.0 // indirect
	"example.com/quoted" v0.1.0
)

replace github.com/spf13/cobra => ../cobra

exclude (
	golang.org/x/net v0.1.0
)
"#;

    #[test]
    fn go_mod_module_and_requirements() {
        let facts = run("services/backup/go.mod", GO_MOD);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components[0].name, "github.com/acme/backup");
        assert_eq!(facts.components[0].root, "services/backup");
        assert_eq!(dep_line(&facts, "golang.org/x/sync"), Some(13));
        assert!(
            facts.dependencies.iter().all(|d| !d.dev),
            "indirect is not dev"
        );
        assert!(
            dep_line(&facts, "golang.org/x/net").is_none(),
            "exclude is not a requirement"
        );
    }

    #[test]
    fn go_sum_picks_the_downloaded_version() {
        let sum = "github.com/a/b v1.0.0/go.mod h1:x=\n\
                   github.com/a/b v1.1.0 h1:y=\n\
                   github.com/a/b v1.1.0/go.mod h1:z=\n\
                   github.com/a/b v1.2.0 h1:w=\n\
                   github.com/c/d v0.3.0/go.mod h1:v=\n\
                   golang.org/x/sync v0.7.0 h1:u=\n";
        let facts = run("go.sum", sum);
        insta::assert_snapshot!(render(&facts));
        assert_eq!(
            facts.locked.len(),
            2,
            "a module with only a go.mod hash was not downloaded"
        );
        assert_eq!(facts.locked[0].version, "v1.2.0");
    }

    #[test]
    fn malformed_go_mod_still_gives_a_component_and_notes() {
        let facts = run("go.mod", "go 1.21\nrequire (\n\tgithub.com/x/y\n");
        insta::assert_snapshot!(render(&facts));
        assert_eq!(facts.components.len(), 1);
        assert_eq!(facts.notes.len(), 3);
    }
}
