//! Bad input, as DESIGN.md promises to handle it: every file the scanner cannot read as-is
//! becomes a `skipped` entry or a note with its line, and the scan goes on; a bad command line
//! exits 2 with a message that names the culprit.
//!
//! Everything runs in-process through `main_with_args` and is checked through the JSON a user
//! would read.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

mod common;

use common::{run, run_bounded, write};
use gapscope::cli::ExitStatus;
use serde_json::Value;
use tempfile::TempDir;

/// `gapscope scan ROOT --format json --list-files EXTRA...` on a worker thread, failing the test
/// instead of hanging it if the scan never ends.
fn scan_json(root: &Path, extra: &[&str]) -> Value {
    let mut args: Vec<OsString> = vec![
        "scan".into(),
        root.as_os_str().to_owned(),
        "--format".into(),
        "json".into(),
        "--list-files".into(),
        "-q".into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    let out = run_bounded(args);
    assert_eq!(
        out.status,
        ExitStatus::Success,
        "scan failed; stderr: {}",
        out.stderr
    );
    serde_json::from_str(&out.stdout).expect("scan --format json prints JSON")
}

fn skipped<'a>(inv: &'a Value, path: &str) -> Option<&'a Value> {
    inv["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == path)
}

fn notes_for<'a>(inv: &'a Value, path: &str) -> Vec<&'a Value> {
    inv["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["path"] == path)
        .collect()
}

fn listed<'a>(inv: &'a Value, path: &str) -> Option<&'a Value> {
    inv["file_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
}

fn language_files(inv: &Value, language: &str) -> u64 {
    inv["languages"][language]["files"].as_u64().unwrap_or(0)
}

/// Whether this process ignores file permissions (root does): then a chmod 000 file can still
/// be read and an "unreadable" assertion would test nothing.
fn permissions_enforced(probe: &Path) -> bool {
    if probe.is_dir() {
        fs::read_dir(probe).is_err()
    } else {
        fs::read(probe).is_err()
    }
}

/// Gives a chmod-000 path its permissions back when the test ends, so the temporary directory
/// can be removed even when permissions are enforced.
struct RestoreMode(PathBuf, u32);

impl Drop for RestoreMode {
    fn drop(&mut self) {
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(self.1));
    }
}

fn make_unreadable(path: &Path) -> RestoreMode {
    let mode = fs::metadata(path).unwrap().permissions().mode();
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
    RestoreMode(path.to_owned(), mode)
}

#[test]
fn binary_file_with_a_known_extension_is_skipped_as_binary() {
    let repo = TempDir::new().unwrap();
    write(
        repo.path(),
        "blob.py",
        b"print('x')\n\0\0\0\x01\x02binary tail",
    );
    write(repo.path(), "main.py", "print('hello')\n");

    let inv = scan_json(repo.path(), &[]);

    let skip = skipped(&inv, "blob.py").expect("blob.py is listed as skipped");
    assert_eq!(skip["reason"], "binary");
    assert_eq!(skip["code"], "S001");
    assert!(!skip["detail"].as_str().unwrap().is_empty());
    assert!(
        listed(&inv, "blob.py").is_none(),
        "a binary file is not counted"
    );
    assert_eq!(
        language_files(&inv, "Python"),
        1,
        "only main.py counts as Python"
    );
}

#[test]
fn file_over_max_file_size_is_skipped_with_its_size() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "big.py", "x = 1\n".repeat(1707)); // 10,242 bytes
    write(repo.path(), "small.py", "x = 1\n");

    let inv = scan_json(repo.path(), &["--max-file-size", "2K"]);

    let skip = skipped(&inv, "big.py").expect("big.py is listed as skipped");
    assert_eq!(skip["reason"], "too_large");
    let detail = skip["detail"].as_str().unwrap();
    assert!(detail.contains("10242"), "detail gives the size: {detail}");
    assert!(detail.contains("2048"), "detail gives the limit: {detail}");
    assert!(listed(&inv, "big.py").is_none());
    assert!(listed(&inv, "small.py").is_some());
    assert_eq!(inv["files"]["skipped"], 1);
}

#[test]
fn invalid_utf8_is_counted_and_noted_at_its_line() {
    let repo = TempDir::new().unwrap();
    write(
        repo.path(),
        "latin1.py",
        b"a = 1\nb = 2\nc = '\xe9t\xe9'\nd = 4\n",
    );

    let inv = scan_json(repo.path(), &[]);

    assert!(
        skipped(&inv, "latin1.py").is_none(),
        "invalid UTF-8 is not a reason to skip"
    );
    assert_eq!(language_files(&inv, "Python"), 1);
    assert_eq!(listed(&inv, "latin1.py").unwrap()["code"], 4);
    let notes = notes_for(&inv, "latin1.py");
    assert_eq!(notes.len(), 1, "one note about the encoding: {notes:?}");
    assert_eq!(notes[0]["line"], 3, "the first bad byte is on line 3");
    assert!(notes[0]["message"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(notes[0]["code"], "N001");
}

#[test]
fn followed_symlink_loop_is_reported_and_does_not_hang() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "a/inner.py", "x = 1\n");
    symlink("..", repo.path().join("a/loop")).unwrap();

    // `scan_json` fails the test if the walk never ends.
    let inv = scan_json(repo.path(), &["--follow"]);

    let skip = skipped(&inv, "a/loop").expect("the loop is listed as skipped");
    assert_eq!(skip["reason"], "symlink_loop");
    assert!(skip["detail"].as_str().unwrap().contains("loop"));
    assert!(listed(&inv, "a/inner.py").is_some());
    assert_eq!(
        language_files(&inv, "Python"),
        1,
        "files seen through the loop are not counted again"
    );
}

#[test]
fn symlinks_not_followed_are_noted_as_not_followed() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "a/inner.py", "x = 1\n");
    write(repo.path(), "target.py", "y = 2\n");
    symlink("..", repo.path().join("a/loop")).unwrap();
    symlink("target.py", repo.path().join("alias.py")).unwrap();

    let inv = scan_json(repo.path(), &[]);

    for link in ["a/loop", "alias.py"] {
        let skip = skipped(&inv, link).unwrap_or_else(|| panic!("{link} is listed as skipped"));
        assert_eq!(skip["reason"], "not_a_file", "{link}");
        assert!(
            skip["detail"].as_str().unwrap().contains("not followed"),
            "{link}: {}",
            skip["detail"]
        );
        assert!(listed(&inv, link).is_none(), "{link} is not read");
    }
    assert_eq!(language_files(&inv, "Python"), 2);
    assert_eq!(
        inv["files"]["skipped"], 0,
        "links not followed are not counted as skipped files"
    );
}

#[test]
fn followed_symlink_to_a_file_is_read() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "target.py", "y = 2\n");
    symlink("target.py", repo.path().join("alias.py")).unwrap();

    let inv = scan_json(repo.path(), &["-L"]);

    assert!(listed(&inv, "alias.py").is_some());
    assert!(skipped(&inv, "alias.py").is_none());
    assert_eq!(language_files(&inv, "Python"), 2);
}

#[test]
fn dangling_symlink_is_skipped_with_or_without_follow() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "main.py", "x = 1\n");
    symlink("does-not-exist.py", repo.path().join("dangling.py")).unwrap();

    for extra in [&[][..], &["--follow"][..]] {
        let inv = scan_json(repo.path(), extra);
        let skip = skipped(&inv, "dangling.py")
            .unwrap_or_else(|| panic!("with {extra:?}: dangling.py is listed as skipped"));
        assert!(
            !skip["detail"].as_str().unwrap().is_empty(),
            "with {extra:?}: the skip says why"
        );
        assert!(listed(&inv, "dangling.py").is_none());
        assert!(listed(&inv, "main.py").is_some(), "with {extra:?}");
    }
}

#[test]
fn unreadable_file_is_skipped_as_unreadable() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "main.py", "x = 1\n");
    let secret = write(repo.path(), "secret.py", "token = 'x'\n");
    let _restore = make_unreadable(&secret);

    let inv = scan_json(repo.path(), &[]);

    assert!(
        listed(&inv, "main.py").is_some(),
        "the scan goes on past it"
    );
    if !permissions_enforced(&secret) {
        eprintln!(
            "skipping the unreadable-file assertion: this process can read a chmod 000 file \
             (running as root?), so the scanner cannot meet an unreadable file here"
        );
        return;
    }
    let skip = skipped(&inv, "secret.py").expect("secret.py is listed as skipped");
    assert_eq!(skip["reason"], "unreadable");
    assert!(
        skip["detail"]
            .as_str()
            .unwrap()
            .contains("ermission denied"),
        "{}",
        skip["detail"]
    );
    assert!(listed(&inv, "secret.py").is_none());
}

#[test]
fn unreadable_directory_is_skipped_and_its_siblings_read() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "main.py", "x = 1\n");
    write(repo.path(), "locked/inner.py", "y = 2\n");
    let locked = repo.path().join("locked");
    let _restore = make_unreadable(&locked);

    let inv = scan_json(repo.path(), &[]);

    assert!(
        listed(&inv, "main.py").is_some(),
        "the scan goes on past it"
    );
    if !permissions_enforced(&locked) {
        eprintln!(
            "skipping the unreadable-directory assertion: this process can list a chmod 000 \
             directory (running as root?), so the scanner cannot meet an unreadable one here"
        );
        return;
    }
    let skip = skipped(&inv, "locked").expect("locked/ is listed as skipped");
    assert_eq!(skip["reason"], "unreadable");
    assert!(!skip["detail"].as_str().unwrap().is_empty());
    assert!(listed(&inv, "locked/inner.py").is_none());
}

#[test]
fn utf16_with_bom_is_decoded_and_counted() {
    let repo = TempDir::new().unwrap();
    let text = "# greeting\nx = 1\n\ny = 2\n";
    let mut little = vec![0xFF, 0xFE];
    little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut big = vec![0xFE, 0xFF];
    big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    write(repo.path(), "le.py", &little);
    write(repo.path(), "be.py", &big);

    let inv = scan_json(repo.path(), &[]);

    for path in ["le.py", "be.py"] {
        assert!(
            skipped(&inv, path).is_none(),
            "{path}: UTF-16 is text, not binary"
        );
        assert!(
            notes_for(&inv, path).is_empty(),
            "{path}: decoded UTF-16 is valid text"
        );
        let file = listed(&inv, path).unwrap();
        assert_eq!(file["language"], "Python", "{path}");
        assert_eq!(
            (&file["code"], &file["comments"], &file["blanks"]),
            (&Value::from(2), &Value::from(1), &Value::from(1)),
            "{path}: {file}"
        );
    }
}

#[test]
fn empty_file_is_counted_with_zero_lines() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "empty.py", "");
    write(repo.path(), "pkg/__init__.py", "");

    let inv = scan_json(repo.path(), &[]);

    assert_eq!(inv["skipped"], Value::Array(vec![]));
    assert_eq!(inv["notes"], Value::Array(vec![]));
    assert_eq!(language_files(&inv, "Python"), 2);
    let file = listed(&inv, "empty.py").unwrap();
    assert_eq!((&file["bytes"], &file["code"]), (&0.into(), &0.into()));
}

#[test]
fn malformed_manifests_give_notes_with_lines_and_the_scan_goes_on() {
    let repo = TempDir::new().unwrap();
    write(
        repo.path(),
        "web/package.json",
        "{\n  \"name\": \"web\",\n  \"version\": \n}\n",
    );
    write(
        repo.path(),
        "rs/Cargo.toml",
        "[package]\nname = \"x\"\nversion = \n",
    );
    write(
        repo.path(),
        "py/pyproject.toml",
        "[project]\nname = \"p\"\ndependencies = [\n  \"requests\"\n",
    );
    write(
        repo.path(),
        "jv/pom.xml",
        "<project>\n  <groupId>g</groupId>\n  <artifactId>a\n</project>\n",
    );
    write(repo.path(), "main.py", "print('still here')\n");
    write(repo.path(), "README.md", "# Still here\n");

    let inv = scan_json(repo.path(), &[]);

    // (manifest, line of the error, what the message must name)
    let expected = [
        ("web/package.json", 4, "JSON"),
        ("rs/Cargo.toml", 3, "TOML"),
        ("py/pyproject.toml", 4, "TOML"),
        ("jv/pom.xml", 4, "XML"),
    ];
    for (path, line, format) in expected {
        let notes = notes_for(&inv, path);
        assert!(!notes.is_empty(), "{path}: a note says it is malformed");
        assert!(
            notes.iter().any(|n| n["line"] == line),
            "{path}: a note points at line {line}: {notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n["message"].as_str().unwrap().contains(format)),
            "{path}: a note names the {format} syntax: {notes:?}"
        );
        assert!(
            skipped(&inv, path).is_none(),
            "{path}: a malformed manifest is still read"
        );
        assert!(listed(&inv, path).is_some(), "{path} is listed");
    }
    for path in ["main.py", "README.md"] {
        assert!(listed(&inv, path).is_some(), "{path} is listed");
    }
    assert_eq!(inv["files"]["total"], 6);
}

#[test]
fn a_tree_of_everything_bad_still_scans_and_shows_each_problem_in_text() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "blob.py", b"\0\0\0");
    write(repo.path(), "big.py", "#".repeat(10 * 1024));
    write(repo.path(), "latin1.py", b"x = '\xe9'\n");
    write(repo.path(), "web/package.json", "{\n");
    write(repo.path(), "a/inner.py", "x = 1\n");
    symlink("..", repo.path().join("a/loop")).unwrap();
    write(repo.path(), "main.go", "package main\n");

    let out = run([
        OsString::from("scan"),
        repo.path().as_os_str().to_owned(),
        "--max-file-size".into(),
        "2K".into(),
        "-L".into(),
        "-q".into(),
    ]);

    assert_eq!(out.status, ExitStatus::Success, "{}", out.stderr);
    let text = out.stdout;
    for expected in [
        "binary",
        "blob.py",
        "too_large",
        "big.py",
        "symlink_loop",
        "a/loop",
        "latin1.py:1",
        "web/package.json",
        "Go",
        "Python",
    ] {
        assert!(
            text.contains(expected),
            "text output names {expected}:\n{text}"
        );
    }
}

#[test]
fn empty_repository_exits_0_with_zero_files() {
    let repo = TempDir::new().unwrap();

    let inv = scan_json(repo.path(), &[]);

    assert_eq!(inv["files"]["total"], 0);
    assert_eq!(inv["languages"], serde_json::json!({}));
    assert_eq!(inv["components"], Value::Array(vec![]));
    assert_eq!(inv["skipped"], Value::Array(vec![]));
}

#[test]
fn path_that_does_not_exist_exits_2_naming_it() {
    let repo = TempDir::new().unwrap();
    let missing = repo.path().join("no-such-repo");

    let out = run([OsString::from("scan"), missing.as_os_str().to_owned()]);

    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains(&*missing.to_string_lossy()),
        "stderr names the path: {}",
        out.stderr
    );
}

#[test]
fn path_that_is_a_file_exits_2_naming_it() {
    let repo = TempDir::new().unwrap();
    let file = write(repo.path(), "main.py", "x = 1\n");

    let out = run([OsString::from("scan"), file.as_os_str().to_owned()]);

    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains(&*file.to_string_lossy()),
        "stderr names the path: {}",
        out.stderr
    );
    assert!(out.stderr.contains("not a directory"), "{}", out.stderr);
}

#[test]
fn unknown_flag_exits_2_naming_it() {
    let out = run(["scan", "--no-such-flag"]);

    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("--no-such-flag"), "{}", out.stderr);
}

#[test]
fn bad_max_file_size_exits_2_naming_it() {
    let repo = TempDir::new().unwrap();

    let out = run([
        OsString::from("scan"),
        repo.path().as_os_str().to_owned(),
        "--max-file-size".into(),
        "lots".into(),
    ]);

    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stderr.contains("lots"), "{}", out.stderr);
}

#[test]
fn invalid_exclude_glob_exits_2_naming_it() {
    let repo = TempDir::new().unwrap();
    write(repo.path(), "main.py", "x = 1\n");

    let out = run([
        OsString::from("scan"),
        repo.path().as_os_str().to_owned(),
        "--exclude".into(),
        "vendor/**".into(),
        "--exclude".into(),
        "[".into(),
    ]);

    assert_eq!(out.status, ExitStatus::Error);
    assert!(out.stdout.is_empty(), "no partial result: {}", out.stdout);
    assert!(
        out.stderr.contains("`[`"),
        "stderr names the glob: {}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("vendor/**"),
        "only the bad glob is blamed"
    );
}
