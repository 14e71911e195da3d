//! The pipeline's direction: each top-level module may use only the modules before it, so no
//! import runs back up the pipeline and the module graph has no cycle. The order is the one
//! DESIGN.md draws (walk → extract → facts → evaluate → plan → render), with the shared
//! vocabulary (text positions, facts, settings, rules) below the stages that use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every top-level module of the library, lowest first.
const LAYERS: &[&str] = &[
    "codes",    // stable diagnostic codes
    "text",     // positions in text
    "input",    // bounded reads of regular files, confinement to a root
    "facts",    // what was observed: the shapes every stage reads
    "config",   // the repository's gapscope.toml
    "walk",     // files, classified and read
    "extract",  // per-file facts
    "claims",   // what Markdown documents claim
    "rules",    // requirements, typed conditions (the target)
    "search",   // the target's patterns searched in file text
    "scan",     // walk + extract + search → the fact store
    "results",  // the analysis' shapes: findings, tables, plan
    "evaluate", // rules × facts → findings
    "plan",     // findings → gaps, phases, risk
    "baseline", // accepted gaps
    "gate",     // exit codes from findings
    "diff",     // two saved analyses
    "fuzz",     // the fuzz targets' entry points: every reader on arbitrary bytes
    "history",  // recorded runs
    "analyze",  // the pipeline as one call
    "verify",   // documents' claims against the analysis
    "render",   // every output format
    "cli",      // the command line
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/walk/classify.rs` → `walk`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Modules named as `crate::NAME` in the code (comments left out).
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
            rest = after;
        }
        // `use crate::{a, b::c}` groups.
        if let Some(i) = code.find("crate::{") {
            let group = &code[i + "crate::{".len()..];
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let Some(&own) = rank.get(module.as_str()) else {
            violations.push(format!(
                "{}: module `{module}` is not in LAYERS",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in uses(&text) {
            if used == module {
                continue;
            }
            match rank.get(used.as_str()) {
                Some(&r) if r >= own => violations.push(format!(
                    "{}: `{module}` uses `{used}`, which comes after it",
                    file.strip_prefix(&src).unwrap().display()
                )),
                _ => {} // an earlier module, or a crate-root item such as a macro
            }
        }
    }
    violations.sort();
    violations.dedup();
    assert!(
        violations.is_empty(),
        "imports against the pipeline:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let mut sorted_layers: Vec<&str> = LAYERS.to_vec();
    sorted_layers.sort();
    let mut sorted_declared = declared.clone();
    sorted_declared.sort();
    assert_eq!(
        sorted_declared, sorted_layers,
        "lib.rs modules and LAYERS differ"
    );
}
