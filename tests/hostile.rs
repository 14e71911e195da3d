//! A repository is untrusted input: generated hostile trees, each asserting what a user relying
//! on gapscope in CI would notice. Nothing outside the repository root is read or printed
//! (links out of it, gapscope.toml paths), special files are skipped by name instead of
//! blocking, and each reader grows linearly: the time at twice the size is compared with the
//! time at the size (a ratio, with slack), never with a fixed number of seconds.
#![cfg(unix)]

use std::ffi::OsString;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::{run_bounded, write, Run};
use gapscope::cli::ExitStatus;
use serde_json::Value;
use tempfile::TempDir;

/// What the file outside the repository holds; it must never appear in any output.
const SECRET: &str = "root:$6$OUTSIDE-SECRET-LINE$hash:19000:0:99999:7:::";

fn args(list: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    list.iter().map(|a| a.as_ref().to_owned()).collect()
}

fn assert_no_secret(run: &Run, what: &str) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains("OUTSIDE-SECRET"),
            "{what}: {stream} quotes the file outside the repository:\n{text}"
        );
    }
}

fn skipped<'a>(inventory: &'a Value, path: &str) -> Option<&'a Value> {
    inventory["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == path)
}

fn scan_json(root: &Path, extra: &[&str]) -> (Run, Value) {
    let mut a = args(&[&"scan", &root, &"--format", &"json", &"-q"]);
    a.extend(extra.iter().map(OsString::from));
    let out = run_bounded(a);
    assert_eq!(out.status, ExitStatus::Success, "stderr: {}", out.stderr);
    let value = serde_json::from_str(&out.stdout).unwrap();
    (out, value)
}

/// A repository inside a parent directory that also holds `secret.txt`, outside the root.
fn repo_beside_a_secret() -> (TempDir, std::path::PathBuf) {
    let parent = TempDir::new().unwrap();
    write(parent.path(), "secret.txt", format!("{SECRET}\n"));
    let root = parent.path().join("repo");
    write(&root, "main.py", "print('hello')\n");
    (parent, root)
}

#[test]
fn a_link_out_of_the_repository_is_skipped_and_never_quoted() {
    let (parent, root) = repo_beside_a_secret();
    symlink(parent.path().join("secret.txt"), root.join("notes.txt")).unwrap();
    std::fs::create_dir(parent.path().join("elsewhere")).unwrap();
    write(
        &parent.path().join("elsewhere"),
        "app.py",
        format!("# {SECRET}\n"),
    );
    symlink(parent.path().join("elsewhere"), root.join("vendor")).unwrap();
    write(
        &root,
        "STATUS.md",
        "# Status\n\n- `notes.txt:1` ✅ done\n- `vendor/app.py:1` ✅ done\n",
    );

    for extra in [&[][..], &["-L"][..]] {
        let (out, inventory) = scan_json(&root, extra);
        assert_no_secret(&out, "scan");
        let skip = skipped(&inventory, "notes.txt").expect("notes.txt is listed as skipped");
        assert_eq!(skip["reason"], "outside_root", "{extra:?}: {skip}");
        assert!(
            skip["detail"]
                .as_str()
                .unwrap()
                .contains("outside the repository"),
            "{skip}"
        );
        let skip = skipped(&inventory, "vendor").expect("the linked directory is listed");
        assert_eq!(skip["reason"], "outside_root", "{extra:?}: {skip}");
        assert!(
            !out.stdout.contains("vendor/app.py"),
            "nothing under it is read"
        );
    }
    for format in ["json", "markdown", "sarif", "html"] {
        let out = run_bounded(args(&[
            &"analyze",
            &root,
            &"-L",
            &"-q",
            &"--format",
            &format,
        ]));
        assert_eq!(out.status, ExitStatus::Success, "stderr: {}", out.stderr);
        assert_no_secret(&out, format);
    }
    for format in ["text", "json", "markdown"] {
        let doc = root.join("STATUS.md");
        let out = run_bounded(args(&[
            &"verify",
            &doc,
            &"--repo",
            &root,
            &"-q",
            &"--format",
            &format,
        ]));
        assert_no_secret(&out, &format!("verify --format {format}"));
    }
    let doc = root.join("STATUS.md");
    let out = run_bounded(args(&[
        &"verify",
        &doc,
        &"--repo",
        &root,
        &"-q",
        &"--format",
        &"json",
    ]));
    assert!(
        out.stdout.contains("V024"),
        "the cited line is unreadable: {}",
        out.stdout
    );
}

#[test]
fn follow_outside_is_the_explicit_way_to_read_a_link_out() {
    let (parent, root) = repo_beside_a_secret();
    symlink(parent.path().join("secret.txt"), root.join("notes.txt")).unwrap();
    let (_, inventory) = scan_json(&root, &["-L", "--follow-outside"]);
    assert!(skipped(&inventory, "notes.txt").is_none(), "{inventory}");
}

#[test]
fn gapscope_toml_paths_must_stay_inside_the_repository() {
    let (parent, root) = repo_beside_a_secret();
    let secret = parent.path().join("secret.txt");
    let cases = [
        (
            format!("target = \"{}\"\n", secret.display()),
            "gapscope.toml:1:10",
        ),
        (
            "target = \"../secret.txt\"\n".to_string(),
            "gapscope.toml:1:10",
        ),
        (
            "history = \"/tmp/gapscope-anywhere.db\"\n".to_string(),
            "gapscope.toml:1:11",
        ),
        (
            "history = \"a/../../x.db\"\n".to_string(),
            "gapscope.toml:1:11",
        ),
        (
            "exclude = [\"ok/**\", \"../**\"]\n".to_string(),
            "gapscope.toml:1:21",
        ),
    ];
    for (config, at) in cases {
        write(&root, "gapscope.toml", &config);
        let out = run_bounded(args(&[&"analyze", &root, &"-q", &"--record"]));
        assert_eq!(out.status, ExitStatus::Error, "{config}: {}", out.stderr);
        assert!(out.stderr.contains(at), "{config}: {}", out.stderr);
        assert!(
            out.stderr.contains("inside the repository"),
            "{}",
            out.stderr
        );
        assert_no_secret(&out, &config);
    }
    assert!(!Path::new("/tmp/gapscope-anywhere.db").exists());
    // A gapscope.toml that is itself a link out of the repository is refused unread.
    std::fs::remove_file(root.join("gapscope.toml")).unwrap();
    symlink(&secret, root.join("gapscope.toml")).unwrap();
    let out = run_bounded(args(&[&"analyze", &root, &"-q"]));
    assert_eq!(out.status, ExitStatus::Error, "{}", out.stderr);
    assert_no_secret(&out, "gapscope.toml link");
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn special_files_are_skipped_by_name_not_waited_on() {
    let repo = TempDir::new().unwrap();
    let root = repo.path();
    write(root, "main.py", "x = 1\n");
    mkfifo(&root.join("pipe.py"));
    symlink("pipe.py", root.join("alias.py")).unwrap();
    symlink("a/b", root.join("a-loop")).unwrap();
    std::fs::create_dir(root.join("a")).unwrap();
    symlink("..", root.join("a/b")).unwrap();
    for extra in [&[][..], &["-L"][..]] {
        let (_, inventory) = scan_json(root, extra);
        let skip = skipped(&inventory, "pipe.py").expect("the FIFO is listed");
        assert_eq!(skip["reason"], "not_a_file");
        assert!(skip["detail"].as_str().unwrap().contains("FIFO"), "{skip}");
        if extra == ["-L"] {
            let skip = skipped(&inventory, "alias.py").expect("the link to the FIFO is listed");
            assert!(skip["detail"].as_str().unwrap().contains("FIFO"), "{skip}");
            let loops: Vec<_> = inventory["skipped"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["reason"] == "symlink_loop")
                .collect();
            assert!(!loops.is_empty(), "the loop is named: {inventory}");
        }
    }
}

#[test]
fn inputs_named_by_option_or_gapscope_toml_must_be_regular_files() {
    let repo = TempDir::new().unwrap();
    let root = repo.path();
    write(root, "main.py", "x = 1\n");
    let fifo = root.join("fifo");
    mkfifo(&fifo);
    let zero = Path::new("/dev/zero");
    for special in [fifo.as_path(), zero] {
        let runs = [
            args(&[&"analyze", &root, &"-q", &"--target", &special]),
            args(&[&"verify", &special, &"--repo", &root, &"-q"]),
            args(&[&"diff", &special, &special]),
            args(&[&"analyze", &root, &"-q", &"--baseline", &special]),
            args(&[&"history", &root, &"--history", &special]),
        ];
        for a in runs {
            let start = Instant::now();
            let out = run_bounded(a.clone());
            assert_eq!(out.status, ExitStatus::Error, "{a:?}: {}", out.stderr);
            assert!(
                out.stderr.contains("not a regular file"),
                "{a:?}: {}",
                out.stderr
            );
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{a:?} is refused, not read"
            );
        }
    }
    // gapscope.toml as a FIFO, and its target a link to one.
    let config = root.join("gapscope.toml");
    mkfifo(&config);
    let out = run_bounded(args(&[&"analyze", &root, &"-q"]));
    assert_eq!(out.status, ExitStatus::Error, "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    std::fs::remove_file(&config).unwrap();
    write(root, "gapscope.toml", "target = \"fifo\"\n");
    let out = run_bounded(args(&[&"analyze", &root, &"-q"]));
    assert_eq!(out.status, ExitStatus::Error, "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
}

/// One timing at a time: readers measured side by side on two cores would skew each other.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The command line that runs `command` on a tree at `root`.
fn command_line(command: &str, root: &Path) -> Vec<OsString> {
    if command == "verify" {
        args(&[
            &"verify",
            &root.join("STATUS.md"),
            &"--repo",
            &root,
            &"-q",
            &"--format",
            &"json",
        ])
    } else {
        args(&[&command, &root, &"-q", &"--format", &"json"])
    }
}

fn timed(a: &[OsString]) -> Duration {
    let start = Instant::now();
    let out = run_bounded(a.to_vec());
    assert!(
        matches!(out.status, ExitStatus::Success | ExitStatus::GateFailed),
        "{a:?}: {}",
        out.stderr
    );
    start.elapsed()
}

/// Four times the input must not take much more than four times as long: under 8x (a
/// quadratic reader takes 16x), on top of a floor that keeps start-up noise from deciding.
/// The two sizes are run alternately and the best of three kept, so a burst of load elsewhere
/// does not fall on one size only.
fn assert_linear(case: &str, command: &str, n: usize, generate: &dyn Fn(&Path, usize)) {
    let _one_at_a_time = TIMING.lock().unwrap_or_else(|p| p.into_inner());
    let (small_repo, large_repo) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (n, big) = (n / 2, 2 * n);
    generate(small_repo.path(), n);
    generate(large_repo.path(), big);
    let (small_run, large_run) = (
        command_line(command, small_repo.path()),
        command_line(command, large_repo.path()),
    );
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        small = small.min(timed(&small_run));
        large = large.min(timed(&large_run));
    }
    let floor = Duration::from_millis(50);
    let ratio = large.as_secs_f64() / small.max(floor).as_secs_f64();
    assert!(
        ratio < 8.0,
        "{case}: {n} → {small:?}, {big} → {large:?}: ratio {ratio:.2}, not linear"
    );
}

#[test]
fn a_long_minified_line_is_read_in_linear_time() {
    assert_linear("minified js", "analyze", 200_000, &|root, n| {
        let unit = "var a=function(b){return fetch('/api/v1/x'+b)},c={d:\"e\"};app.get('/h',a);";
        let text: String = unit.repeat(n / unit.len() + 1);
        write(root, "bundle.min.js", &text[..n]);
    });
}

#[test]
fn deep_xml_is_read_in_linear_time() {
    assert_linear("deep xml", "scan", 20_000, &|root, n| {
        let text = format!(
            "<project><artifactId>app</artifactId>{}{}</project>",
            "<a>".repeat(n),
            "</a>".repeat(n)
        );
        write(root, "pom.xml", text);
    });
}

#[test]
fn a_manifest_that_is_not_toml_is_read_in_linear_time() {
    assert_linear("not toml", "scan", 40_000, &|root, n| {
        write(
            root,
            "pyproject.toml",
            format!("<project>{}</project>", "<a>".repeat(n)),
        );
    });
}

#[test]
fn a_package_json_of_many_dependencies_is_read_in_linear_time() {
    assert_linear("package.json", "scan", 10_000, &|root, n| {
        let deps: Vec<String> = (0..n)
            .map(|i| format!("\"dep-{i}\": \"^1.{i}.0\""))
            .collect();
        write(
            root,
            "package.json",
            format!(
                "{{\"name\": \"app\", \"dependencies\": {{\n{}\n}}}}",
                deps.join(",\n")
            ),
        );
    });
}

#[test]
fn a_dockerfile_of_many_stages_is_read_in_linear_time() {
    assert_linear("dockerfile stages", "scan", 4_000, &|root, n| {
        let text: String = (0..n)
            .map(|i| format!("FROM alpine:3.19 AS s{i}\nRUN echo {i}\n"))
            .collect();
        write(root, "Dockerfile", text);
    });
}

#[test]
fn a_one_line_document_is_verified_in_linear_time() {
    assert_linear("verify one line", "verify", 100_000, &|root, n| {
        write(root, "src/x1.py", "x = 1\n");
        let mut text = String::from("# Status\n");
        let mut i = 0;
        while text.len() < n {
            text.push_str(&format!("`src/x{i}.py` done; "));
            i += 1;
        }
        write(root, "STATUS.md", text);
    });
}
