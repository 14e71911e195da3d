//! The command line, as a library function so tests can run it in-process.
//!
//! Parsing happens in two steps: clap turns arguments into the raw `Cli` structs, then each
//! command builds the configured options of the library (`WalkOptions`, …) from them.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render;
use crate::rules::Priority;
use crate::scan;
use crate::walk::{Progress, WalkError, WalkOptions, DEFAULT_MAX_FILE_SIZE};

/// How a run ended; the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything ran; no gate failed.
    Success = 0,
    /// A gate (for example `--fail-on`) failed.
    GateFailed = 1,
    /// Bad usage or bad input: a wrong flag, a PATH that does not exist, a malformed target.
    Error = 2,
}

/// Gap analyses from evidence: what a repository has, what it lacks, and where it says so.
#[derive(Debug, Parser)]
#[command(name = "gapscope", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Inventory a repository: languages, components, dependencies, docs and configuration,
    /// every fact with its file and lines.
    Scan(ScanArgs),
    /// Compare a repository with a target (the built-in production-readiness profile by
    /// default): what is met, partial, missing or unknown, with evidence.
    Analyze(AnalyzeArgs),
    /// List the requirements of the active target.
    Rules(RulesArgs),
    /// Print one requirement's full text: what it checks, why it matters, how to fix.
    Explain(ExplainArgs),
    /// Check a hand-written gap analysis or status report against the repository: every
    /// checkable claim (paths, line counts, file:line, status marks, percentages, Make
    /// targets, routes) confirmed, contradicted or unverifiable, with evidence.
    Verify(VerifyArgs),
    /// Print the JSON Schema of target files (or, with --analysis, of `analyze --format json`).
    Schema(SchemaArgs),
    /// Compare two saved analyses (`analyze --format json`): gaps closed, opened, regressed
    /// and improved, and completion per area before and after.
    Diff(DiffArgs),
    /// Show the recorded runs (`analyze --record`): completion per area and open gaps over
    /// time.
    History(HistoryArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The earlier analysis (JSON).
    old: PathBuf,
    /// The later analysis (JSON).
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Write the result to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit with code 1 when a gap is new in NEW (opened, regressed from partial to missing,
    /// or decided as open after being unknown) at this priority or a higher one, not
    /// suppressed.
    #[arg(long, value_enum, value_name = "PRIORITY")]
    fail_on_new: Option<GatePriority>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum VerifyFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// The Markdown document to check.
    document: PathBuf,
    /// The repository the document describes.
    #[arg(long, value_name = "PATH", default_value = ".")]
    repo: PathBuf,
    /// A target file (YAML) or a design document (`.md`) whose items the status items may
    /// name; default: the repository's gapscope.toml `target`, else the built-in profile.
    #[arg(long, value_name = "FILE")]
    target: Option<PathBuf>,
    /// With a design document as --target: its items and the built-in requirements they
    /// name only, not the whole built-in profile beside them.
    #[arg(long, requires = "target")]
    only_document: bool,
    /// Leave out paths matching GLOB (gitignore syntax, relative to the repository).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// A directory of the repository the document is about: its paths resolve there first.
    #[arg(long, value_name = "DIR")]
    scope: Option<String>,
    /// Read files that .gitignore, .ignore and git's exclude files would hide.
    #[arg(long)]
    no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported as skipped). Links that lead
    /// outside the repository are still not followed, unless --follow-outside is given.
    #[arg(long, short = 'L')]
    follow: bool,
    /// With -L, also follow symbolic links that lead outside the repository.
    #[arg(long, requires = "follow")]
    follow_outside: bool,
    /// Skip files larger than SIZE (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "4M")]
    max_file_size: u64,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    format: VerifyFormat,
    /// Exit with status 1 when any claim is contradicted (a gate for status reports in CI).
    #[arg(long)]
    fail_on_contradiction: bool,
    /// Write the result to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// The schema of the analysis result instead of target files.
    #[arg(long)]
    analysis: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AnalyzeFormat {
    /// A short summary for a terminal.
    Text,
    /// The full result (schema: `gapscope schema --analysis`).
    Json,
    /// The gap analysis report.
    Markdown,
    /// The report as one self-contained page with charts.
    Html,
    /// SARIF 2.1.0 for code scanning: one result per gap.
    Sarif,
}

#[derive(Debug, Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    walk: WalkArgs,
    /// A target file (YAML) or a design document (`.md`: every item of it is checked or
    /// listed, in its order); default: the repository's gapscope.toml `target`, else the
    /// built-in profile.
    #[arg(long, value_name = "FILE")]
    target: Option<PathBuf>,
    /// With a design document as --target: its items and the built-in requirements they
    /// name only, not the whole built-in profile beside them.
    #[arg(long, requires = "target")]
    only_document: bool,
    /// Analyse one component of a monorepo (its id, name or root directory).
    #[arg(long, value_name = "COMPONENT")]
    component: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Text)]
    format: AnalyzeFormat,
    /// Write the result to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit with code 1 when an open finding (missing or partial, not suppressed, not in the
    /// --baseline) has this priority or a higher one.
    #[arg(long, value_enum, value_name = "PRIORITY")]
    fail_on: Option<GatePriority>,
    /// Accept the open findings recorded in this baseline file: they are marked, and
    /// `--fail-on` fails only on findings that are not in it (new, or worse than recorded).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write this run's open findings to FILE as a baseline.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Store this run in the repository's history database (with the commit, when the
    /// repository is a git checkout). `--format html` charts the last 20 runs of the history
    /// database whenever there is one, recorded now or before.
    #[arg(long)]
    record: bool,
    /// The history database for --record; default: gapscope.toml's `history`, else
    /// PATH/.gapscope/history.db.
    #[arg(long, value_name = "FILE", requires = "record")]
    history: Option<PathBuf>,
    /// People working on the gaps: calendar time is max(critical path, total effort / N).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    team: u32,
}

#[derive(Debug, Args)]
struct HistoryArgs {
    /// The repository whose history to show.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The history database; default: gapscope.toml's `history`, else
    /// PATH/.gapscope/history.db.
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// Only the last N runs.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    last: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    format: HistoryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    Text,
    Json,
}

/// Priorities a gate can be set at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GatePriority {
    Critical,
    High,
    Medium,
    Low,
}

impl From<GatePriority> for Priority {
    fn from(p: GatePriority) -> Priority {
        match p {
            GatePriority::Critical => Priority::Critical,
            GatePriority::High => Priority::High,
            GatePriority::Medium => Priority::Medium,
            GatePriority::Low => Priority::Low,
        }
    }
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// A target file (YAML); default: the built-in profile.
    #[arg(long, value_name = "FILE")]
    target: Option<PathBuf>,
    /// Output format (`markdown` is the rule reference, docs/rules.md).
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// Requirement id, e.g. `ha.pdb`, or a diagnostic code, e.g. `F101`.
    #[arg(required_unless_present = "codes")]
    id: Option<String>,
    /// Print every diagnostic code (the reference in docs/codes.md).
    #[arg(long, conflicts_with = "id")]
    codes: bool,
    /// A target file (YAML); default: the built-in profile.
    #[arg(long, value_name = "FILE")]
    target: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScanFormat {
    Text,
    Json,
}

/// Options shared by every command that reads a repository.
#[derive(Debug, Args)]
struct WalkArgs {
    /// The repository (or a directory inside one) to read.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Leave out paths matching GLOB (gitignore syntax, relative to PATH). Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Read files that .gitignore, .ignore and git's exclude files would hide.
    #[arg(long)]
    no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported as skipped). Links that lead
    /// outside PATH are still not followed, unless --follow-outside is given.
    #[arg(long, short = 'L')]
    follow: bool,
    /// With -L, also follow symbolic links that lead outside PATH (their files become
    /// evidence, and may be quoted).
    #[arg(long, requires = "follow")]
    follow_outside: bool,
    /// Skip files larger than SIZE (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "4M")]
    max_file_size: u64,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

impl WalkArgs {
    fn options(&self) -> WalkOptions {
        WalkOptions {
            root: self.path.clone(),
            excludes: self.exclude.clone(),
            no_ignore: self.no_ignore,
            follow_links: self.follow,
            follow_outside: self.follow_outside,
            max_file_size: self.max_file_size,
            threads: self.threads.unwrap_or(0),
            path_prefix: String::new(),
            own_inputs: Vec::new(),
        }
    }
}

#[derive(Debug, Args)]
struct ScanArgs {
    #[command(flatten)]
    walk: WalkArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    format: ScanFormat,
    /// In JSON, list every file with its role, language, lines and component.
    #[arg(long)]
    list_files: bool,
    /// Write the result to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `4M` → 4 MiB. Plain numbers are bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, multiplier) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size (examples: 1048576, 512K, 4M, 1G)"))?;
    n.checked_mul(multiplier)
        .ok_or_else(|| format!("`{s}` is too large"))
}

const _: () = assert!(
    DEFAULT_MAX_FILE_SIZE == 4 << 20,
    "keep the --max-file-size default in step"
);

/// Runs gapscope with `args` (the first is the program name), writing results to `stdout`
/// and messages to `stderr`.
pub fn main_with_args<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are what was asked for: they go to standard output. Errors go
            // to standard error, coloured only when it is a terminal.
            if e.exit_code() == 0 {
                let _ = write!(stdout, "{}", e.render());
                let _ = stdout.flush();
                return ExitStatus::Success;
            }
            if io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                let _ = write!(stderr, "{}", e.render().ansi());
            } else {
                let _ = write!(stderr, "{}", e.render());
            }
            return ExitStatus::Error;
        }
    };
    match run(cli, stdout, stderr) {
        Ok(status) => status,
        Err(e) => {
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitStatus::Success;
            }
            // An error may quote a target or a document: nothing in it reaches the terminal raw.
            let message = format!("{e:#}");
            let _ = writeln!(
                stderr,
                "gapscope: error: {}",
                render::escape::terminal_block(&message)
            );
            ExitStatus::Error
        }
    }
}

fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => run_scan(args, stdout, stderr),
        Command::Analyze(args) => run_analyze(args, stdout, stderr),
        Command::Rules(args) => {
            let target = load_target(args.target.as_deref())?;
            match args.format {
                RulesFormat::Text => render::text::rules(stdout, &target)?,
                RulesFormat::Json => render::json::write(stdout, &target.requirements)?,
                RulesFormat::Markdown => render::text::rules_reference(stdout, &target)?,
            }
            stdout.flush()?;
            Ok(ExitStatus::Success)
        }
        Command::Explain(args) => {
            if args.codes {
                stdout.write_all(crate::codes::Code::reference_markdown().as_bytes())?;
                stdout.flush()?;
                return Ok(ExitStatus::Success);
            }
            let wanted = args.id.clone().unwrap_or_default();
            if let Some(code) = crate::codes::Code::find(&wanted) {
                writeln!(stdout, "{} {}: {}", code, code.name(), code.meaning())?;
                stdout.flush()?;
                return Ok(ExitStatus::Success);
            }
            let target = load_target(args.target.as_deref())?;
            let id = crate::rules::current_id(&wanted);
            if id != wanted {
                writeln!(stdout, "`{wanted}` was renamed `{id}`.\n")?;
            }
            let Some(r) = target.get(id) else {
                let mut near: Vec<&str> = target
                    .requirements
                    .iter()
                    .map(|r| r.id.as_str())
                    .filter(|id| id.split('.').next() == wanted.split('.').next())
                    .collect();
                near.truncate(8);
                anyhow::bail!(
                    "no requirement or code `{}` in target `{}`{}",
                    wanted,
                    target.name,
                    if near.is_empty() {
                        "; `gapscope rules` lists them".to_string()
                    } else {
                        format!("; in that area: {}", near.join(", "))
                    }
                );
            };
            render::text::explain(stdout, r)?;
            stdout.flush()?;
            Ok(ExitStatus::Success)
        }
        Command::Verify(args) => run_verify(args, stdout),
        Command::Schema(args) => {
            if args.analysis {
                render::json::write(stdout, &crate::results::json_schema())?;
            } else {
                render::json::write(stdout, &crate::rules::json_schema())?;
            }
            Ok(ExitStatus::Success)
        }
        Command::Diff(args) => run_diff(args, stdout, stderr),
        Command::History(args) => {
            let path = history_path(&args.path, args.history.as_deref())?;
            let trend =
                crate::history::History::open(&path)?.trend(args.last.map(|n| n as usize))?;
            match args.format {
                HistoryFormat::Text => {
                    render::history::text(stdout, &path.to_string_lossy(), &trend)?
                }
                HistoryFormat::Json => render::json::write(stdout, &trend)?,
            }
            stdout.flush()?;
            Ok(ExitStatus::Success)
        }
    }
}

fn run_diff(
    args: DiffArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let old = crate::diff::read_snapshot(&args.old)?;
    let new = crate::diff::read_snapshot(&args.new)?;
    let diff = crate::diff::diff(
        &old,
        &args.old.to_string_lossy(),
        &new,
        &args.new.to_string_lossy(),
    );
    with_output(args.output.as_ref(), stdout, |out| match args.format {
        DiffFormat::Text => render::diff::text(out, &diff),
        DiffFormat::Markdown => render::diff::markdown(out, &diff),
        DiffFormat::Json => render::json::write(out, &diff),
    })?;
    let Some(level) = args.fail_on_new else {
        return Ok(ExitStatus::Success);
    };
    let threshold = Priority::from(level);
    let failing = diff.new_open(threshold);
    if failing.is_empty() {
        return Ok(ExitStatus::Success);
    }
    let ids: Vec<&str> = failing.iter().map(|c| c.requirement.as_str()).collect();
    writeln!(
        stderr,
        "gapscope: gate failed: {} new open gap{} at priority {threshold} or higher (--fail-on-new {threshold}): {}",
        failing.len(),
        if failing.len() == 1 { "" } else { "s" },
        ids.join(", ")
    )?;
    Ok(ExitStatus::GateFailed)
}

fn run_scan(
    args: ScanArgs,
    stdout: &mut dyn Write,
    _stderr: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let options = args.walk.options();
    let progress = ProgressBar::new(args.walk.quiet);
    let mut inventory =
        scan::scan(&scan::ScanOptions::inventory(options), &progress).map_err(walk_error)?;
    progress.finish();
    if !args.list_files {
        inventory.file_list.clear();
    }
    with_output(args.output.as_ref(), stdout, |out| match args.format {
        ScanFormat::Text => render::text::scan_summary(out, &inventory),
        ScanFormat::Json => render::json::write(out, &inventory),
    })?;
    Ok(ExitStatus::Success)
}

fn load_target(path: Option<&std::path::Path>) -> anyhow::Result<crate::rules::Target> {
    Ok(crate::analyze::load_target(path)?)
}

fn run_analyze(
    args: AnalyzeArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let options = crate::analyze::AnalyzeOptions {
        walk: args.walk.options(),
        target: args.target.clone(),
        component: args.component.clone(),
        team: args.team,
        only_document: args.only_document,
    };
    // Inputs are checked before the scan, so a bad file fails fast.
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::baseline::Baseline::load)
        .transpose()?;
    let mut history = if args.record {
        let path = history_path(&args.walk.path, args.history.as_deref())?;
        Some(crate::history::History::open_or_create(&path)?)
    } else {
        None
    };
    let progress = ProgressBar::new(args.walk.quiet);
    let mut analysis = crate::analyze::analyze(&options, &progress)?;
    progress.finish();
    // Colour only for a terminal that has not asked for none; never in a file.
    let colour = args.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        let applied = baseline.apply(&mut analysis);
        baseline_note(stderr, path, &applied)?;
    }
    if let Some(history) = &mut history {
        let head = crate::history::git::head(&args.walk.path);
        let run = history.record(&analysis, head.as_ref())?;
        writeln!(
            stderr,
            "gapscope: recorded run {run}{} in {}",
            head.map(|h| format!(" (commit {})", &h.commit[..h.commit.len().min(12)]))
                .unwrap_or_default(),
            history.path().display()
        )?;
    }
    // Stored before the report is written, so a reader that goes away (`| head`) does not
    // lose the record or the baseline.
    if let Some(path) = &args.write_baseline {
        crate::baseline::Baseline::from_analysis(&analysis).write(path)?;
    }
    let trend = match args.format {
        AnalyzeFormat::Html => report_trend(&args, history.as_ref(), stderr)?,
        _ => None,
    };
    with_output(args.output.as_ref(), stdout, |out| match args.format {
        AnalyzeFormat::Text => render::text::analysis(out, &analysis, colour),
        AnalyzeFormat::Json => render::json::write(out, &analysis),
        AnalyzeFormat::Markdown => render::markdown::write(out, &analysis),
        AnalyzeFormat::Html => render::html::write(out, &analysis, trend.as_ref()),
        AnalyzeFormat::Sarif => render::sarif::write(out, &analysis),
    })?;
    gate(&analysis, args.fail_on, stderr)
}

/// How many recorded runs the HTML report's history chart shows.
const REPORT_HISTORY_RUNS: usize = 20;

/// The run history for the HTML report: the database just recorded into, else the one at the
/// repository's history path if there is one. A history that cannot be read costs the report
/// its chart, not the report: one line on standard error says why.
fn report_trend(
    args: &AnalyzeArgs,
    recorded: Option<&crate::history::History>,
    stderr: &mut dyn Write,
) -> anyhow::Result<Option<crate::history::Trend>> {
    let loaded = match recorded {
        Some(h) => h.trend(Some(REPORT_HISTORY_RUNS)).map(Some),
        None => {
            let path = history_path(&args.walk.path, args.history.as_deref())?;
            crate::history::load_trend(&path, Some(REPORT_HISTORY_RUNS))
        }
    };
    match loaded {
        Ok(trend) => Ok(trend.filter(|t| !t.runs.is_empty())),
        Err(e) => {
            writeln!(
                stderr,
                "gapscope: warning: no history chart in the report: {}",
                render::templates::one_line(&e.to_string())
            )?;
            Ok(None)
        }
    }
}

/// The history database of the repository at `root`: `--history`, else gapscope.toml's
/// `history`, else the default under the root.
fn history_path(
    root: &std::path::Path,
    explicit: Option<&std::path::Path>,
) -> anyhow::Result<PathBuf> {
    let configured = match explicit {
        Some(_) => None,
        None => crate::config::RepoConfig::load(root)?
            .history()
            .map(std::path::Path::to_path_buf),
    };
    Ok(crate::history::resolve_path(
        root,
        explicit,
        configured.as_deref(),
    ))
}

/// One line on standard error: how the run compares with its baseline.
fn baseline_note(
    stderr: &mut dyn Write,
    path: &std::path::Path,
    applied: &crate::baseline::Applied,
) -> io::Result<()> {
    writeln!(
        stderr,
        "gapscope: baseline {}: {} open finding{} accepted, {} new{}",
        path.display(),
        applied.matched,
        if applied.matched == 1 { "" } else { "s" },
        applied.new.len(),
        if applied.new.is_empty() {
            String::new()
        } else {
            format!(" ({})", applied.new.join(", "))
        }
    )?;
    if !applied.resolved.is_empty() {
        writeln!(
            stderr,
            "gapscope: baseline {}: {} entr{} no longer open as recorded ({}); --write-baseline tightens it",
            path.display(),
            applied.resolved.len(),
            if applied.resolved.len() == 1 { "y is" } else { "ies are" },
            applied.resolved.join(", ")
        )?;
    }
    Ok(())
}

/// `--fail-on`: exit 1, naming the findings, when any open finding is at or above the level.
fn gate(
    analysis: &crate::results::Analysis,
    fail_on: Option<GatePriority>,
    stderr: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let Some(level) = fail_on else {
        return Ok(ExitStatus::Success);
    };
    let threshold = Priority::from(level);
    let failing = crate::gate::failing(analysis, threshold);
    if failing.is_empty() {
        return Ok(ExitStatus::Success);
    }
    let ids: Vec<&str> = failing.iter().map(|f| f.requirement.as_str()).collect();
    writeln!(
        stderr,
        "gapscope: gate failed: {} open finding{} at priority {threshold} or higher (--fail-on {threshold}): {}",
        failing.len(),
        if failing.len() == 1 { "" } else { "s" },
        ids.join(", ")
    )?;
    Ok(ExitStatus::GateFailed)
}

fn run_verify(args: VerifyArgs, stdout: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let mut walk = WalkOptions::new(args.repo.clone());
    walk.excludes = args.exclude.clone();
    walk.no_ignore = args.no_ignore;
    walk.follow_links = args.follow;
    walk.follow_outside = args.follow_outside;
    walk.max_file_size = args.max_file_size;
    walk.threads = args.threads.unwrap_or(0);
    if let Some(scope) = &args.scope {
        if !args.repo.join(scope).is_dir() {
            anyhow::bail!(
                "--scope {scope}: no such directory in {}",
                args.repo.display()
            );
        }
    }
    let options = crate::verify::VerifyOptions {
        document: args.document.clone(),
        walk,
        target: args.target.clone(),
        only_document: args.only_document,
        scope: args.scope.clone(),
    };
    let progress = ProgressBar::new(args.quiet);
    let verification = crate::verify::verify(&options, &progress)?;
    progress.finish();
    with_output(args.output.as_ref(), stdout, |out| match args.format {
        VerifyFormat::Text => render::verify::text(out, &verification),
        VerifyFormat::Json => render::json::write(out, &verification),
        VerifyFormat::Markdown => render::verify::markdown(out, &verification),
    })?;
    if args.fail_on_contradiction && verification.summary.contradicted > 0 {
        return Ok(ExitStatus::GateFailed);
    }
    Ok(ExitStatus::Success)
}

fn walk_error(e: WalkError) -> anyhow::Error {
    anyhow::Error::new(e)
}

/// Sends output to `--output FILE` or to standard output.
fn with_output(
    path: Option<&PathBuf>,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
            let mut file = io::BufWriter::new(file);
            write(&mut file)?;
            file.flush()?;
        }
        None => {
            write(stdout)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// A file counter on standard error, shown only when it is a terminal.
struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    fn new(quiet: bool) -> Self {
        if quiet || !io::stderr().is_terminal() {
            return ProgressBar(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {human_pos} files read ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        ProgressBar(Some(bar))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ProgressBar {
    fn files_done(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4M"), Ok(4 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
