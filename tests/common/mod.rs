//! What the in-process CLI tests share: running gapscope through `main_with_args` (bounded in
//! time, so a hang fails the test instead of stalling it), writing fixture trees, and reading
//! findings out of the JSON result.
#![allow(dead_code)] // each test binary uses its own part of this module

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use gapscope::cli::{main_with_args, ExitStatus};
use serde_json::Value;

/// How long one command on a small (if hostile) tree may take before it counts as hung.
pub const HANG_LIMIT: Duration = Duration::from_secs(60);

/// A finished run: exit status and what it printed.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `gapscope ARGS...` in this thread.
pub fn run<I, T>(args: I) -> Run
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = std::iter::once(OsString::from("gapscope"))
        .chain(args.into_iter().map(Into::into))
        .collect();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = main_with_args(args, &mut stdout, &mut stderr);
    Run {
        status,
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `gapscope ARGS...` on a worker thread, failing the test if it does not finish within
/// [`HANG_LIMIT`].
pub fn run_bounded(args: Vec<OsString>) -> Run {
    let shown = format!("{args:?}");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(run(args));
    });
    rx.recv_timeout(HANG_LIMIT)
        .unwrap_or_else(|_| panic!("gapscope {shown} did not finish in {HANG_LIMIT:?}"))
}

/// Writes `content` to `root/rel`, creating directories.
pub fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

/// The finding for requirement `id` in an analysis JSON.
pub fn finding<'a>(analysis: &'a Value, id: &str) -> &'a Value {
    analysis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["requirement"] == id)
        .unwrap_or_else(|| panic!("no finding for {id}"))
}

/// The bundled example repository `name` (under `examples/`).
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Copies the tree `from` into `to` (created), files and directories only.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `../shared/NAME` beside this checkout (the seeds and the design brief), if it is there.
/// When it is not, the test says so on its output and passes, except under CI (`CI` set),
/// where a missing `../shared` is a broken set-up and fails the test.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|p| p.join("shared").join(name));
    match dir {
        Some(dir) if dir.is_dir() => Some(dir),
        _ => {
            let why = format!(
                "SKIPPED: ../shared/{name} is not beside this checkout; this test reads it"
            );
            if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                panic!("{why} (and CI is set, where it must be)");
            }
            // Written to the process's stderr, not through eprintln!, which the test harness
            // captures and shows only for failing tests.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "{why}");
            None
        }
    }
}
