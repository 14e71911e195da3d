//! Smoke tests on large real trees that every development machine has: the standard library of
//! the machine's `python3` (tens of thousands of files, with its own test suite, binary test
//! data and odd encodings) and, when present, the cargo registry's unpacked crate sources.
//!
//! They check what a user would see first on a real repository: the right top language, roles
//! that make sense, every skip explained, and the same output on every run.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use gapscope::cli::{main_with_args, ExitStatus};
use serde_json::Value;

/// `gapscope scan ROOT --format json --list-files -q` in-process; the raw JSON.
fn scan_json_raw(root: &Path) -> Vec<u8> {
    let args: Vec<OsString> = vec![
        "gapscope".into(),
        "scan".into(),
        root.as_os_str().to_owned(),
        "--format".into(),
        "json".into(),
        "--list-files".into(),
        "-q".into(),
    ];
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let started = Instant::now();
    let status = main_with_args(args, &mut stdout, &mut stderr);
    eprintln!("scanned {} in {:.1?}", root.display(), started.elapsed());
    assert_eq!(
        status,
        ExitStatus::Success,
        "scan of {} failed: {}",
        root.display(),
        String::from_utf8_lossy(&stderr)
    );
    stdout
}

fn parse(raw: &[u8]) -> Value {
    serde_json::from_slice(raw).expect("scan --format json prints JSON")
}

fn python_stdlib() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig;print(sysconfig.get_paths()['stdlib'])",
        ])
        .output();
    match out {
        Ok(out) if out.status.success() => {
            let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if path.is_dir() {
                Some(path)
            } else {
                eprintln!(
                    "skipping: python3 names {} as its stdlib, which is not a directory",
                    path.display()
                );
                None
            }
        }
        Ok(out) => {
            eprintln!(
                "skipping: python3 could not name its stdlib: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("skipping: no python3 to find a large tree with ({e})");
            None
        }
    }
}

fn files(inv: &Value) -> &Vec<Value> {
    inv["file_list"]
        .as_array()
        .expect("--list-files gives file_list")
}

/// Checks that hold for any tree: counts add up, every skip says why, nothing is pathless.
fn assert_well_formed(inv: &Value) {
    let skipped = inv["skipped"].as_array().unwrap();
    for skip in skipped {
        assert!(
            !skip["path"].as_str().unwrap().is_empty(),
            "skip without a path: {skip}"
        );
        assert!(
            !skip["detail"].as_str().unwrap().trim().is_empty(),
            "skip without a reason a user can read: {skip}"
        );
    }
    for note in inv["notes"].as_array().unwrap() {
        assert!(
            !note["path"].as_str().unwrap().is_empty(),
            "note without a path: {note}"
        );
        assert!(
            !note["message"].as_str().unwrap().trim().is_empty(),
            "{note}"
        );
    }
    let counted_skips = skipped
        .iter()
        .filter(|s| s["reason"] != "not_a_file")
        .count() as u64;
    assert_eq!(inv["files"]["skipped"].as_u64().unwrap(), counted_skips);
    assert_eq!(
        inv["files"]["total"].as_u64().unwrap(),
        files(inv).len() as u64 + counted_skips,
        "every file is either listed or skipped"
    );
    let by_role: u64 = inv["files"]["by_role"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        by_role,
        files(inv).len() as u64,
        "every listed file has one role"
    );
}

#[test]
fn python_stdlib_scans_deterministically_with_sensible_facts() {
    let Some(stdlib) = python_stdlib() else {
        return;
    };

    let first = scan_json_raw(&stdlib);
    let second = scan_json_raw(&stdlib);
    assert!(
        first == second,
        "two scans of {} give the same bytes",
        stdlib.display()
    );
    let inv = parse(&first);

    assert_well_formed(&inv);

    let languages = inv["languages"].as_object().unwrap();
    let (top, top_files) = languages
        .iter()
        .map(|(name, stats)| (name.as_str(), stats["files"].as_u64().unwrap()))
        .max_by_key(|&(name, n)| (n, std::cmp::Reverse(name)))
        .expect("some language is found");
    assert_eq!(
        top, "Python",
        "the top language by files; languages: {languages:?}"
    );
    assert!(top_files > 1_000, "{top_files} Python files");

    let mut roles_in_test: BTreeMap<String, u64> = BTreeMap::new();
    for f in files(&inv) {
        let path = f["path"].as_str().unwrap();
        if path.starts_with("test/") && !path.contains("/__pycache__/") {
            *roles_in_test
                .entry(f["role"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    if roles_in_test.is_empty() {
        eprintln!(
            "no test/ directory in {} (a distribution may package it apart): role check skipped",
            stdlib.display()
        );
    } else {
        assert_eq!(
            roles_in_test.keys().collect::<Vec<_>>(),
            ["test"],
            "files under test/ are tests: {roles_in_test:?}"
        );
    }

    let site_packages: Vec<&Value> = files(&inv)
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with("site-packages/"))
        .collect();
    if site_packages.is_empty() {
        eprintln!(
            "no site-packages/ in {}: vendored check skipped",
            stdlib.display()
        );
    }
    for f in site_packages {
        assert_eq!(f["role"], "vendored", "{f}");
    }

    for f in files(&inv) {
        let path = f["path"].as_str().unwrap();
        // Vendored wins over build output: a cache inside site-packages/ is still third-party.
        if path.contains("/__pycache__/") && !path.starts_with("site-packages/") {
            assert_eq!(f["role"], "build_output", "{f}");
        }
    }
}

#[test]
fn cargo_registry_sources_are_found_as_cargo_packages() {
    let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    else {
        eprintln!("skipping: neither CARGO_HOME nor HOME is set");
        return;
    };
    let registry = home.join("registry/src");
    if !registry.is_dir() {
        eprintln!(
            "skipping: no cargo registry sources at {}",
            registry.display()
        );
        return;
    }

    let inv = parse(&scan_json_raw(&registry));

    assert_well_formed(&inv);
    let rust_files = inv["languages"]["Rust"]["files"].as_u64().unwrap_or(0);
    assert!(rust_files > 0, "Rust is found in {}", registry.display());

    let packages: Vec<&Value> = inv["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "cargo_package")
        .collect();
    assert!(
        packages.len() > 10,
        "{} cargo packages found",
        packages.len()
    );
    for c in &packages {
        let evidence = c["evidence"]["path"].as_str().unwrap();
        assert!(evidence.ends_with("/Cargo.toml"), "{c}");
        assert_eq!(
            evidence,
            format!("{}/Cargo.toml", c["root"].as_str().unwrap()),
            "a package is declared by the Cargo.toml at its root"
        );
        assert!(c["evidence"]["start_line"].as_u64().unwrap() >= 1, "{c}");
        assert!(!c["name"].as_str().unwrap().is_empty(), "{c}");
        assert!(c["files"].as_u64().unwrap() >= 1, "{c}");
    }
}
