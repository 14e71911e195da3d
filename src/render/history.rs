//! `gapscope history` for a terminal: the runs, and sparklines of completion per area and of
//! open gaps.

use std::io::{self, Write};

use super::terminal_safe as safe;
use crate::history::Trend;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of percentages on a fixed 0–100 scale (so lines of different areas compare);
/// `·` where there is no value.
pub fn sparkline_percent(values: &[Option<f64>]) -> String {
    values
        .iter()
        .map(|v| match v {
            Some(p) => BARS[((p.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize],
            None => '·',
        })
        .collect()
}

/// A sparkline of counts scaled to the largest.
pub fn sparkline_counts(values: &[u32]) -> String {
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if max == 0 {
                BARS[0]
            } else {
                BARS[((f64::from(v) / f64::from(max)) * 7.0).round() as usize]
            }
        })
        .collect()
}

fn percent(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "n/a".into())
}

/// `↑ +4.5`, `↓ -2.0`, `→ ±0`, or nothing when either end is unknown.
fn movement(first: Option<f64>, last: Option<f64>) -> String {
    match (first, last) {
        (Some(a), Some(b)) => {
            let d = ((b - a) * 10.0).round() / 10.0;
            if d > 0.0 {
                format!("↑ +{d:.1}")
            } else if d < 0.0 {
                format!("↓ {d:.1}")
            } else {
                "→ ±0".into()
            }
        }
        _ => String::new(),
    }
}

/// `↓ -4`, `↑ +2`, `→ ±0` for counts.
fn count_movement(first: u32, last: u32) -> String {
    match last.cmp(&first) {
        std::cmp::Ordering::Greater => format!("↑ +{}", last - first),
        std::cmp::Ordering::Less => format!("↓ -{}", first - last),
        std::cmp::Ordering::Equal => "→ ±0".into(),
    }
}

/// The history for a terminal. `source` names the database.
pub fn text(out: &mut dyn Write, source: &str, t: &Trend) -> io::Result<()> {
    writeln!(
        out,
        "gapscope history: {} ({} run{})",
        safe(source),
        t.runs.len(),
        if t.runs.len() == 1 { "" } else { "s" }
    )?;
    if t.runs.is_empty() {
        writeln!(out, "No runs recorded yet (`gapscope analyze --record`).")?;
        return Ok(());
    }
    let several_targets = t.runs.iter().any(|r| r.target != t.runs[0].target);
    writeln!(out)?;
    writeln!(
        out,
        "{:>5}  {:<16}  {:<8} {:<16} {:>10}  {:>4} {:>8} {:>4} {:>6} {:>3}{}",
        "run",
        "recorded (UTC)",
        "commit",
        "branch",
        "completion",
        "open",
        "critical",
        "high",
        "medium",
        "low",
        if several_targets { "  target" } else { "" }
    )?;
    for r in &t.runs {
        let recorded = r.recorded_at.replace('T', " ");
        let recorded = recorded.trim_end_matches('Z');
        let recorded: String = recorded.chars().take(16).collect();
        let commit: String = r
            .commit
            .as_deref()
            .map(|c| c.chars().take(8).collect())
            .unwrap_or_else(|| "-".into());
        let branch: String = r
            .branch
            .as_deref()
            .map(|b| safe(b).chars().take(16).collect())
            .unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{:>5}  {:<16}  {:<8} {:<16} {:>10}  {:>4} {:>8} {:>4} {:>6} {:>3}{}",
            r.run,
            safe(&recorded),
            safe(&commit),
            branch,
            percent(r.completion),
            r.open.total(),
            r.open.critical,
            r.open.high,
            r.open.medium,
            r.open.low,
            if several_targets {
                format!("  {}", safe(&r.target))
            } else {
                String::new()
            }
        )?;
    }

    let first = &t.runs[0];
    let last = &t.runs[t.runs.len() - 1];
    writeln!(out)?;
    let overall: Vec<Option<f64>> = t.runs.iter().map(|r| r.completion).collect();
    writeln!(
        out,
        "{:<16} {}  {} → {}  {}",
        "completion",
        sparkline_percent(&overall),
        percent(first.completion),
        percent(last.completion),
        movement(first.completion, last.completion)
    )?;
    let open: Vec<u32> = t.runs.iter().map(|r| r.open.total()).collect();
    writeln!(
        out,
        "{:<16} {}  {} → {}  {}",
        "open gaps",
        sparkline_counts(&open),
        first.open.total(),
        last.open.total(),
        count_movement(first.open.total(), last.open.total())
    )?;
    if t.areas.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "Completion per area (run {} → run {})",
        first.run, last.run
    )?;
    for a in &t.areas {
        let start = a.completion.first().copied().flatten();
        let end = a.completion.last().copied().flatten();
        let line = format!(
            "  {:<16} {}  {:>6} → {:>6}  {}",
            safe(&a.area),
            sparkline_percent(&a.completion),
            percent(start),
            percent(end),
            movement(start, end)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_use_a_fixed_scale_for_percentages_and_the_maximum_for_counts() {
        assert_eq!(
            sparkline_percent(&[Some(0.0), Some(50.0), None, Some(100.0)]),
            "▁▅·█"
        );
        assert_eq!(sparkline_counts(&[8, 4, 0]), "█▅▁");
        assert_eq!(sparkline_counts(&[0, 0]), "▁▁");
        assert_eq!(movement(Some(40.0), Some(55.5)), "↑ +15.5");
        assert_eq!(movement(Some(12.0), Some(7.0)), "↓ -5.0");
        assert_eq!(movement(None, Some(7.0)), "");
        assert_eq!(count_movement(8, 4), "↓ -4");
        assert_eq!(count_movement(1, 3), "↑ +2");
    }
}

#[cfg(test)]
mod snapshot_tests {
    use crate::history::{AreaTrend, OpenCounts, RunSummary, Trend};

    #[test]
    fn text() {
        let run = |run: i64, commit: Option<&str>, completion: f64, open: u32| RunSummary {
            run,
            recorded_at: format!("2026-01-0{run}T10:00:00Z"),
            commit: commit.map(str::to_string),
            branch: commit.map(|_| "main".to_string()),
            target: "builtin".into(),
            completion: Some(completion),
            open: OpenCounts {
                critical: 1,
                high: open,
                medium: 2,
                low: 0,
            },
        };
        let trend = Trend {
            schema_version: crate::history::TREND_SCHEMA_VERSION,
            runs: vec![
                run(1, Some("0123456789abcdef0123456789abcdef01234567"), 20.0, 5),
                run(2, None, 35.5, 3),
                run(3, Some("89abcdef0123456789abcdef0123456789abcdef"), 50.0, 1),
            ],
            areas: vec![
                AreaTrend {
                    area: "docs".into(),
                    completion: vec![Some(0.0), Some(50.0), Some(100.0)],
                },
                AreaTrend {
                    area: "ha".into(),
                    completion: vec![None, None, Some(25.0)],
                },
            ],
        };
        let mut out = Vec::new();
        super::text(&mut out, ".gapscope/history.db", &trend).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
