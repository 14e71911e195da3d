//! The HTML report in a real browser: headless Chromium opens the file (no network), its
//! script runs, and the DOM it leaves is checked — the charts are drawn with the analysis'
//! numbers and the gaps table is filtered and sorted by the page's own script. A screenshot
//! is written next to the report (path printed) for a person to look at.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it). Without it the test fails
//! under CI (`CI` set) and otherwise prints that it was skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gapscope::cli::ExitStatus;
use serde_json::Value;

/// How long one browser run may take.
const BROWSER_LIMIT: Duration = Duration::from_secs(90);

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GAPSCOPE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// Runs chromium headless with `args` (plus the isolating flags), killing it after the limit.
fn browser(chromium: &Path, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > BROWSER_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in {BROWSER_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The opening tags in `dom` that contain `needle`.
fn tags<'a>(dom: &'a str, needle: &str) -> Vec<&'a str> {
    dom.split('<')
        .filter(|t| t.contains(needle))
        .map(|t| t.split('>').next().unwrap_or(t))
        .collect()
}

#[test]
fn html_report_renders_in_a_browser_with_charts_and_a_working_table() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("SKIPPED: chromium not installed (apt-get install chromium); the HTML report was not opened in a browser");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let r = common::run_bounded(
        [
            "analyze",
            "examples/agent-platform",
            "-q",
            "--format",
            "html",
            "--output",
            html.to_str().unwrap(),
        ]
        .map(Into::into)
        .to_vec(),
    );
    assert_eq!(r.status, ExitStatus::Success, "{}", r.stderr);
    let json: Value = serde_json::from_str(
        &common::run([
            "analyze",
            "examples/agent-platform",
            "-q",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    let plan = &json["plan"];
    let gaps = plan["gaps"].as_array().unwrap();
    let url = format!("file://{}", html.display());

    let dom = browser(&chromium, &["--dump-dom".into(), url.clone()]);
    assert!(dom.contains("</html>"), "the browser rendered the page");
    // The script ran: it marks the table and counts the rows it shows.
    assert_eq!(
        tags(&dom, "id=\"gaps\"")
            .first()
            .and_then(|t| attr(t, "data-ready")),
        Some("true")
    );
    assert!(dom.contains(&format!("<span id=\"gap-count\">{}</span>", gaps.len())));
    // Completion chart: one bar per area, with the area's completion.
    let bars = tags(&dom, "class=\"bar\"");
    let areas = json["areas"].as_array().unwrap();
    assert_eq!(bars.len(), areas.len());
    for (bar, area) in bars.iter().zip(areas) {
        assert_eq!(attr(bar, "data-area"), area["area"].as_str());
        let value = attr(bar, "data-value").unwrap();
        match area["completion"].as_f64() {
            Some(c) => assert_eq!(value.parse::<f64>().unwrap(), c),
            None => assert_eq!(value, ""),
        }
    }
    // Heat map: twelve cells whose counts are the plan's.
    let cells = tags(&dom, "class=\"cell\"");
    assert_eq!(cells.len(), 12);
    let counted: usize = cells
        .iter()
        .map(|c| attr(c, "data-count").unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, gaps.len());
    // Timeline: one bar per phase, starting where the plan says.
    let phases = tags(&dom, "class=\"phase\"");
    let plan_phases = plan["phases"].as_array().unwrap();
    assert_eq!(phases.len(), plan_phases.len());
    for (bar, p) in phases.iter().zip(plan_phases) {
        assert_eq!(
            attr(bar, "data-start").unwrap().parse::<f64>().unwrap(),
            p["start_day"].as_f64().unwrap()
        );
    }

    // The page's filter, driven from the address: only critical-risk gaps stay visible.
    let critical = gaps.iter().filter(|g| g["risk"] == "critical").count();
    assert!(critical > 0 && critical < gaps.len());
    let filtered = browser(
        &chromium,
        &["--dump-dom".into(), format!("{url}#risk=critical")],
    );
    assert!(filtered.contains(&format!("<span id=\"gap-count\">{critical}</span>")));
    let rows = tags(&filtered, "data-risk=");
    let hidden = rows.iter().filter(|t| t.contains(" hidden")).count();
    assert_eq!(hidden, gaps.len() - critical);

    // Sorting by effort, also from the address: rows come back in ascending effort.
    let sorted = browser(
        &chromium,
        &["--dump-dom".into(), format!("{url}#sort=effort")],
    );
    assert_eq!(
        tags(&sorted, "id=\"gaps\"")
            .first()
            .and_then(|t| attr(t, "data-sorted")),
        Some("effort:asc")
    );
    let order: Vec<&str> = tags(&sorted, "data-risk=")
        .iter()
        .filter_map(|t| attr(t, "data-id"))
        .collect();
    let mut expected: Vec<(f64, &str)> = gaps
        .iter()
        .map(|g| {
            (
                g["effort_days"].as_f64().unwrap(),
                g["id"].as_str().unwrap(),
            )
        })
        .collect();
    expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let expected: Vec<&str> = expected.iter().map(|e| e.1).collect();
    assert_eq!(order, expected);

    let shot = std::env::var_os("GAPSCOPE_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("gapscope-report.png"));
    let _ = std::fs::remove_file(&shot);
    browser(
        &chromium,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
            url,
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    assert!(png.len() > 20_000, "the screenshot is not blank");
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn history_chart_renders_in_a_browser() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("SKIPPED: chromium not installed (apt-get install chromium); the history chart was not opened in a browser");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    common::copy_tree(&common::example("k8s-minio-backup"), &repo);
    // Three runs at three commits, the architecture documented before the last.
    common::write(&repo, ".git/HEAD", "ref: refs/heads/main\n");
    let commits = [
        "4f2a9c0d1e2b3a4c5d6e7f8091a2b3c4d5e6f708",
        "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
        "0123456789abcdef0123456789abcdef01234567",
    ];
    let html = dir.path().join("report.html");
    for (i, commit) in commits.iter().enumerate() {
        common::write(&repo, ".git/refs/heads/main", format!("{commit}\n"));
        if i == 2 {
            common::write(
                &repo,
                "docs/ARCHITECTURE.md",
                "# Architecture\n\nBackups.\n",
            );
        }
        let r = common::run([
            "analyze".as_ref(),
            repo.as_os_str(),
            "-q".as_ref(),
            "--record".as_ref(),
            "--format".as_ref(),
            "html".as_ref(),
            "--output".as_ref(),
            html.as_os_str(),
        ]);
        assert_eq!(r.status, ExitStatus::Success, "{}", r.stderr);
    }
    let url = format!("file://{}", html.display());
    let dom = browser(&chromium, &["--dump-dom".into(), url.clone()]);
    let points = tags(&dom, "class=\"run-point\"");
    let labels: Vec<&str> = points
        .iter()
        .filter_map(|p| attr(p, "data-label"))
        .collect();
    assert_eq!(labels, ["4f2a9c0", "9a8b7c6", "0123456"]);
    let completion: Vec<f64> = points
        .iter()
        .map(|p| attr(p, "data-completion").unwrap().parse().unwrap())
        .collect();
    assert!(completion[2] > completion[0], "{completion:?}");
    // The line joins the three runs, left to right, higher where completion is higher.
    let line = tags(&dom, "class=\"history-completion\"");
    let pairs: Vec<(f64, f64)> = attr(line[0], "points")
        .unwrap()
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(pairs.len(), 3);
    assert!(pairs[0].0 < pairs[1].0 && pairs[1].0 < pairs[2].0);
    assert!(pairs[2].1 < pairs[0].1, "SVG y grows downwards: {pairs:?}");

    let shot = dir.path().join("history.png");
    browser(
        &chromium,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1400".into(),
            url,
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000);
    if let Some(keep) = std::env::var_os("GAPSCOPE_HISTORY_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
