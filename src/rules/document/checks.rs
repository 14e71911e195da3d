//! What an item of a design document names that the files can show: paths, code names,
//! custom resource kinds and their controllers (and what a controller watches), routes, Make
//! targets, settings with their values, and commands a CI job runs. Each becomes a check: the
//! condition that holds when the item is built, and the weaker one that holds when part of it
//! is (the setting exists with another value).

use std::sync::LazyLock;

use regex::Regex;

use super::items::{Item, ItemForm};
use super::CODE_LANGUAGES;
use crate::claims::{self, Claim, ClaimKind, Mark};
use crate::facts::FileRole;
use crate::rules::{Condition, FileCondition, Language, PatternCondition, RuleGlob, RuleRegex};

/// What the whole document names that items refer to: the custom resource kinds, and the
/// controller each is owned by as a table says ("central controller" → `AlertRemediation`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocNames {
    pub kinds: Vec<String>,
    /// (owner as written, lowercased; kind).
    pub owners: Vec<(String, String)>,
}

/// One thing an item names, as a check.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What is checked, for people: "`src/api/main.py`", "controller of `AIAnalysis`".
    pub what: String,
    /// Holds when the thing is there as the item plans it.
    pub met: Condition,
    /// Holds when part of it is (a setting with another value).
    pub partial: Option<Condition>,
    /// Words a phrase of a built-in requirement may use for what this check already checks
    /// ("dockerfile", "crd", "route"): such phrases add nothing to the item.
    pub covers: Vec<String>,
}

/// Words that say a path or name is today's, not the plan's ("reusing `pkg/x`").
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:reus\w*|existing|current(?:ly)?|replac\w*|instead of|in place of|from|today'?s?|keeps?|still|like|see|as in|based on|extends?|wraps?)\s*\(?\s*(?:the\s+)?$")
        .expect("regex")
});
/// Code names the text writes without backticks: `AlertRemediationReconciler`, `UserService`.
static ROLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][A-Za-z0-9]+?(?:Reconciler|Controller|Service|Handler|Manager|Client|Repository|Provider|Adapter|Factory|Middleware|Router|Worker|Scheduler|Store|Engine|Processor|Validator|Resolver|Gateway|Operator|Webhook|Informer|Watcher|Publisher|Subscriber|Consumer|Producer|Exporter|Collector))\b")
        .expect("regex")
});
/// Paths written without backticks: `go/internal/queue/queue.go`, `README.md`, `src/api/`.
static BARE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,:])((?:\./)?[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/?)").expect("regex")
});
static FILE_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(?:md|go|py|ts|tsx|js|jsx|mjs|java|kt|kts|rs|rb|php|cs|yml|yaml|toml|json|sql|sh|html|css|scss|proto|tf|mod|ini|cfg|conf|xml|gradle|properties|vue|svelte|ex|exs|swift|c|h|cpp|hpp)$")
        .expect("regex")
});
/// Files whose names have no extension.
const WELL_KNOWN_FILES: &[&str] = &[
    "Makefile",
    "Dockerfile",
    "Jenkinsfile",
    "Procfile",
    "Gemfile",
    "Vagrantfile",
    "Taskfile",
    "Justfile",
    "Containerfile",
    "Brewfile",
    "Rakefile",
    "CODEOWNERS",
    "LICENSE",
];
/// Directory names that make a slash-separated word a path (`go/internal/queue`), not a
/// list of words (`enqueue/dequeue`).
const DIRECTORIES: &[&str] = &[
    "src",
    "lib",
    "pkg",
    "cmd",
    "internal",
    "app",
    "apps",
    "api",
    "go",
    "test",
    "tests",
    "docs",
    "deploy",
    "config",
    "configs",
    "scripts",
    "charts",
    "chart",
    "k8s",
    "kubernetes",
    "web",
    "frontend",
    "backend",
    "server",
    "client",
    "services",
    "packages",
    "modules",
    "components",
    "migrations",
    "specs",
    "spec",
    ".github",
    "helm",
    "infra",
    "tools",
    "bin",
    "resources",
    "static",
    "templates",
    "public",
    "main",
    "controllers",
    "handlers",
    "models",
];
/// Code names written without backticks: two or more capitalised parts
/// (`OutboundMessageEvent`, `InsertOutbound`), or an annotation (`@WebMvcTest`).
static BARE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w@/.])(@?)((?:[a-z][A-Za-z0-9]*\.)?[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+[A-Za-z0-9]*|[A-Z]{2,}[a-z][A-Za-z0-9]*[A-Z][a-z][A-Za-z0-9]*)\b")
        .expect("regex")
});
/// Environment settings written as names: `QUEUE_BACKEND`, `WORKER_ENABLED=true`.
static ENV_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][A-Z0-9]{1,30}(?:_[A-Z0-9]{1,30}){1,6})\b").expect("regex")
});
/// Product and format names that look like code names.
const NOT_CODE: &[&str] = &[
    "GitHub",
    "GitLab",
    "JavaScript",
    "TypeScript",
    "PostgreSQL",
    "MySQL",
    "MongoDB",
    "FastAPI",
    "OpenAPI",
    "GraphQL",
    "WebSocket",
    "WebSockets",
    "YouTube",
    "LinkedIn",
    "DevOps",
    "GitOps",
    "NoSQL",
    "PyPI",
    "OAuth",
    "JWTs",
    "NestJS",
    "NodeJS",
    "VueJS",
    "NextJS",
    "DynamoDB",
    "ElasticSearch",
    "OpenTelemetry",
    "OpenSearch",
    "RabbitMQ",
    "ClickHouse",
    "CockroachDB",
    "SQLite",
    "SQLAlchemy",
    "PowerShell",
    "VSCode",
    "IntelliJ",
    "MacOS",
    "CloudFormation",
    "CloudWatch",
    "BigQuery",
    "OpenShift",
    "ArgoCD",
    "PagerDuty",
    "HashiCorp",
    "LangChain",
    "OpenAI",
    "ChatGPT",
    "WordPress",
    "TailwindCSS",
    "GitHubActions",
    "DockerHub",
    "CodeQL",
    "SonarQube",
    "PgBouncer",
    "TimescaleDB",
    "InfluxDB",
    "MariaDB",
    "CouchDB",
    "RocksDB",
    "LevelDB",
    "MinIO",
    "KubeBuilder",
    "JUnit",
    "TestNG",
    "PyTest",
    "ReactJS",
    "AngularJS",
    "GoLang",
    "CSharp",
    "DotNet",
    "ASPNet",
    "UTCNow",
    "YouTrack",
    "BitBucket",
    "HubSpot",
    "StackOverflow",
    "SendGrid",
    "PayPal",
    "MailChimp",
    "FireBase",
    "SuperBase",
    "NuGet",
];
/// "Remove X", "X → Remove", "delete the old X": the item is done when X is gone.
static REMOVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remove[ds]?|removing|delete[ds]?|deleting|drop(?:ped|s)?|retire[ds]?|eliminate[ds]?|get rid of|decommission\w*)\b")
        .expect("regex")
});
/// `/dashboard`, `/group/{groupId}`, `/actuator/*`: a route in inline code.
static ROUTE_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^/[A-Za-z{:][\w{}:.-]*(?:/[\w{}:*.-]+)*/?$").expect("regex"));
static ARROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s(?:->|→|=>|⟶)\s").expect("regex"));

/// "the AIAnalysis reconciler", "a controller for AlertProcessing".
static CONTROLLER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:reconcil\w*|controllers?|operator)\b").expect("regex"));
static WATCH_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:watch\w*|owns|observes)\b").expect("regex"));
static ALL_KINDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:all|every|each|the)\s+(?:\w+\s+){0,2}(?:child\s+)?(?:kinds|resources|crds)\b",
    )
    .expect("regex")
});
/// A setting and its value in prose: "timeout (default 1h)", "24-hour retention",
/// "`pool_size=10`".
static SETTING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(timeouts?|retention|ttl|expir\w*|interval|deadline|grace period|backoff|pool[_ ]size|max[_ ]connections|max[_ ]retries|retries|replicas)\b")
        .expect("regex")
});
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,6})\s*-?\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b")
        .expect("regex")
});
static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z_][\w.-]{1,60})\s*(?:=|:\s)\s*([\w.:/-]{1,40})$").expect("regex")
});
static CI_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ci|ci/cd|github actions|gitlab ci|pipeline|workflow|jenkins|circleci)\b")
        .expect("regex")
});
static BACKTICKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`\n]{1,120})`").expect("regex"));
/// Commands a CI job may run, by their first word.
const COMMANDS: &[&str] = &[
    "pytest",
    "go",
    "npm",
    "yarn",
    "pnpm",
    "cargo",
    "make",
    "mvn",
    "gradle",
    "./gradlew",
    "dotnet",
    "bundle",
    "rspec",
    "rake",
    "tox",
    "nox",
    "ruff",
    "mypy",
    "eslint",
    "jest",
    "vitest",
    "docker",
    "helm",
    "kubectl",
    "trivy",
    "bandit",
    "semgrep",
    "golangci-lint",
    "mix",
    "phpunit",
    "composer",
    "uv",
    "poetry",
    "pip",
];

/// Configuration and build languages a name or a setting may be written in.
const CONFIG_LANGUAGES: &[&str] = &[
    "YAML",
    "TOML",
    "JSON",
    "INI",
    "Dockerfile",
    "Makefile",
    "Shell",
    "PowerShell",
    "HCL",
    "XML",
];

fn languages(extra: &[&str]) -> Vec<Language> {
    CODE_LANGUAGES
        .iter()
        .chain(extra)
        .filter_map(|l| Language::named(l))
        .collect()
}

fn pattern(regex: String, extra_languages: &[&str]) -> Condition {
    Condition::Pattern(PatternCondition {
        regex: RuleRegex::new(regex),
        languages: languages(extra_languages),
        globs: Vec::new(),
        roles: vec![FileRole::Source],
    })
}

/// A path check: the file or directory exists.
pub fn path_check(path: &str, dir: bool) -> Check {
    // Where the document writes it, or under any directory (`group/card.html` of a
    // template root).
    let last = path.rsplit('/').next().unwrap_or(path);
    let maybe_dir = !dir && !last.contains('.') && !WELL_KNOWN_FILES.contains(&last);
    let mut globs = if dir {
        vec![format!("{path}/**"), format!("**/{path}/**")]
    } else {
        vec![path.to_string(), format!("**/{path}")]
    };
    // `go/internal/queue` written without a slash may be a directory.
    if maybe_dir {
        globs.extend([format!("{path}/**"), format!("**/{path}/**")]);
    }
    let role = crate::walk::classify::role_of_path(path);
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    Check {
        what: format!("`{path}`"),
        met: Condition::File(FileCondition {
            globs: globs.into_iter().map(RuleGlob::new).collect(),
            roles: vec![role],
        }),
        partial: None,
        covers: vec![name, "file".into(), "directory".into()],
    }
}

fn symbol_check(name: &str) -> Check {
    Check {
        what: format!("`{name}` in the code"),
        met: pattern(
            format!(r"(?-u:\b){}(?-u:\b)", regex::escape(name)),
            CONFIG_LANGUAGES,
        ),
        partial: None,
        covers: split_name(name),
    }
}

/// `AlertRemediationReconciler` → `alert remediation reconciler`'s words.
fn split_name(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if (c.is_uppercase() && !cur.is_empty() && !cur.chars().all(char::is_uppercase)) || c == '_'
        {
            words.push(std::mem::take(&mut cur).to_lowercase());
        }
        if c != '_' {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        words.push(cur.to_lowercase());
    }
    words.push(name.to_lowercase());
    words
}

fn crd_check(kind: &str) -> Check {
    Check {
        what: format!("custom resource `{kind}`"),
        met: pattern(claims::crd_regex(kind), &["YAML"]),
        partial: None,
        covers: vec![
            "crd".into(),
            "crds".into(),
            "custom resource".into(),
            "custom resources".into(),
            "custom resource definition".into(),
            kind.to_lowercase(),
        ],
    }
}

/// The controller of a kind: `KindReconciler`, controller-runtime's `For(&v1.Kind{})`, a
/// kube-rs `Controller::new(Api::<Kind>…)`, kopf handlers for the kind.
fn controller_check(kind: &str) -> Check {
    let k = regex::escape(kind);
    let plural = regex::escape(&format!("{}s", kind.to_lowercase()));
    Check {
        what: format!("controller of `{kind}`"),
        met: pattern(
            format!(
                r"(?-u:\b){k}(?:Reconciler|Controller)(?-u:\b)|\bFor\(\s*&[\w.]*(?-u:\b){k}\{{|Api::<[\w:]*(?-u:\b){k}>|kopf\.on\.\w+\([^)]*['\x22]{plural}['\x22]"
            ),
            &[],
        ),
        partial: None,
        covers: vec![
            "controller".into(),
            "controllers".into(),
            "reconciler".into(),
            "reconcilers".into(),
            "operator".into(),
            kind.to_lowercase(),
        ],
    }
}

/// A controller watches a kind: `Owns(&Kind{})`, `Watches(&Kind{}…)`, `For(&Kind{})`.
fn watch_check(controller: &str, kind: &str) -> Check {
    let k = regex::escape(kind);
    Check {
        what: format!("`{controller}` controller watches `{kind}`"),
        met: pattern(
            format!(r"\b(?:Owns|Watches|For)\(\s*(?:&|source\.Kind\([^)]*&)?[\w.]*(?-u:\b){k}\{{"),
            &[],
        ),
        partial: None,
        covers: vec!["watch".into(), "watches".into(), kind.to_lowercase()],
    }
}

/// Seconds in a duration unit.
fn unit_seconds(unit: &str) -> Option<u64> {
    let u = unit.to_lowercase();
    Some(match u.as_str() {
        "ms" | "millisecond" | "milliseconds" => return None,
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86400,
        _ => return None,
    })
}

/// The ways code and configuration write a duration of `seconds`.
fn duration_regex(seconds: u64) -> String {
    let mut alts: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !alts.contains(&s) {
            alts.push(s);
        }
    };
    push(format!(r"{seconds}\s*\*\s*time\.Second"));
    push(format!(r"{seconds}(?:\.0)?\s*(?:s|sec|secs|seconds)?"));
    push(format!(r"{}", seconds * 1000));
    push(format!(r"{}\s*ms", seconds * 1000));
    push(format!(r"timedelta\(\s*seconds\s*=\s*{seconds}"));
    push(format!(r"Duration\.ofSeconds\(\s*{seconds}L?\s*\)"));
    // Go's `time.Unit`, the string suffixes, Python's `timedelta` and Java's `Duration`.
    for (per, go, suffixes, python, java) in [
        (
            60,
            Some("Minute"),
            "m|min|mins|minutes",
            "minutes",
            "Minutes",
        ),
        (3600, Some("Hour"), "h|hr|hrs|hours?", "hours", "Hours"),
        (86400, None, "d|days?", "days", "Days"),
    ] {
        if seconds % per != 0 {
            continue;
        }
        let n = seconds / per;
        if let Some(go) = go {
            push(format!(r"{n}\s*\*\s*time\.{go}"));
            push(format!(r"time\.{go}\s*\*\s*{n}"));
            if n == 1 {
                push(format!(r"time\.{go}"));
            }
        }
        push(format!(r"{n}\s*(?:{suffixes})"));
        push(format!(r"timedelta\(\s*{python}\s*=\s*{n}"));
        push(format!(r"Duration\.of{java}\(\s*{n}L?\s*\)"));
    }
    format!("(?:{})", alts.join("|"))
}

/// A setting the item gives a value: met when the setting has it; partial when a setting of
/// that name (qualified: `RemediationTimeout` for "the remediation timeout") is there with
/// another. Without a qualifier any setting holding the word may be meant, so another value
/// proves nothing and only the value is looked for.
fn setting_check(word: &str, qualifiers: &[String], value_regex: &str, value: &str) -> Check {
    let key = regex::escape(&word.to_lowercase().replace(' ', "_"))
        .replace('_', "[_ -]?")
        .replace("timeouts", "timeout");
    let name = if qualifiers.is_empty() {
        format!(r"[\w.-]*{key}[\w.-]*")
    } else {
        let q = qualifiers
            .iter()
            .map(|q| regex::escape(q))
            .collect::<Vec<_>>()
            .join("|");
        format!(r"[\w.-]*(?:(?:{q})[\w.-]*{key}|{key}[\w.-]*(?:{q}))[\w.-]*")
    };
    // The key is a name holding the word (`DefaultTimeout`, `job_timeout_seconds`), then an
    // assignment, a YAML key or a call, then (near) the value.
    let head = format!(r#"(?i){name}["']?\s*(?::=|=>|=|:|\(|,)\s*"#);
    Check {
        what: format!("{word} set to {value}"),
        met: pattern(
            format!(r#"{head}[^\n;]{{0,60}}?(?:^|[^\w.]){value_regex}(?:$|[^\w.])"#),
            CONFIG_LANGUAGES,
        ),
        partial: (!qualifiers.is_empty())
            .then(|| pattern(format!(r#"{head}[\w"'(]"#), CONFIG_LANGUAGES)),
        covers: vec![word.to_lowercase()],
    }
}

/// Words before a setting's name that do not say which setting it is.
const QUALIFIER_STOP: &[&str] = &[
    "the",
    "default",
    "with",
    "and",
    "applies",
    "apply",
    "sets",
    "configure",
    "configurable",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "days",
    "global",
    "request",
    "that",
    "this",
    "their",
    "each",
    "every",
    "some",
    "same",
    "short",
    "long",
    "longer",
    "shorter",
    "fixed",
    "plus",
    "then",
    "also",
    "after",
    "before",
    "until",
];

/// Settings the item gives a value ("timeout (default 1h)", "24-hour retention").
fn settings_in(text: &str, qualifiers: &[String]) -> Vec<Check> {
    let mut out = Vec::new();
    for word in SETTING_WORD.find_iter(text) {
        // The value nearest the word, within the same clause.
        let lo = text[..word.start()]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i);
        let hi = text[word.end()..]
            .char_indices()
            .nth(30)
            .map_or(text.len(), |(i, _)| word.end() + i);
        let window = &text[lo..hi];
        let Some(d) = DURATION
            .captures_iter(window)
            .filter_map(|c| {
                let n: u64 = c.get(1)?.as_str().parse().ok()?;
                let secs = n.checked_mul(unit_seconds(c.get(2)?.as_str())?)?;
                Some((c.get(0)?.as_str().to_string(), secs))
            })
            .next()
        else {
            continue;
        };
        let w = word.as_str();
        if w.eq_ignore_ascii_case("replicas") {
            continue;
        }
        // The word before the setting's names which one it is ("escalation timeout").
        let mut quals: Vec<String> = qualifiers.to_vec();
        if let Some(before) = text[..word.start()]
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty())
            .filter(|_| text[..word.start()].ends_with(' '))
        {
            let b = before.to_lowercase();
            if b.len() >= 4
                && !QUALIFIER_STOP.contains(&b.as_str())
                && b.chars().all(char::is_alphabetic)
            {
                quals.push(b);
            }
        }
        out.push(setting_check(w, &quals, &duration_regex(d.1), d.0.trim()));
    }
    // `pool_size=10`, `timeout: 30s` in backticks.
    for c in BACKTICKED.captures_iter(text) {
        let span = c.get(1).map_or("", |m| m.as_str()).trim();
        // `node:20-alpine` is an image, `timeout: 30s` a setting.
        if !span.contains('=') && !span.contains(": ") {
            continue;
        }
        let Some(kv) = KEY_VALUE.captures(span) else {
            continue;
        };
        let (key, value) = (&kv[1], &kv[2]);
        if out
            .iter()
            .any(|c: &Check| c.covers.contains(&key.to_lowercase()))
        {
            continue;
        }
        let value_regex = match DURATION.captures(value) {
            Some(d) if d.get(0).is_some_and(|m| m.as_str() == value) => d
                .get(1)
                .and_then(|n| n.as_str().parse::<u64>().ok())
                .zip(d.get(2).and_then(|u| unit_seconds(u.as_str())))
                .and_then(|(n, u)| n.checked_mul(u))
                .map(duration_regex)
                .unwrap_or_else(|| regex::escape(value)),
            _ => format!(r#"["']?{}["']?"#, regex::escape(value)),
        };
        // A name written as code is the setting itself.
        let mut check = setting_check(key, &[], &value_regex, value);
        check.partial = Some(pattern(
            format!(
                r#"(?i)(?-u:\b){}["']?\s*(?::=|=>|=|:|\(|,)\s*[\w"'(]"#,
                regex::escape(key)
            ),
            CONFIG_LANGUAGES,
        ));
        check.what = format!("`{key}` set to {value}");
        out.push(check);
    }
    out
}

/// Commands the item says CI runs (`pytest --cov=src` in "GitHub Actions running …").
fn ci_commands(text: &str) -> Vec<Check> {
    if !CI_WORD.is_match(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in BACKTICKED.captures_iter(text) {
        let span = c.get(1).map_or("", |m| m.as_str()).trim();
        let words: Vec<&str> = span.split_whitespace().take(6).collect();
        if words.is_empty() || !COMMANDS.contains(&words[0]) {
            continue;
        }
        let regex = words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join(r"[^\n]{0,80}?\s");
        out.push(Check {
            what: format!("CI runs `{span}`"),
            met: Condition::Pattern(PatternCondition {
                regex: RuleRegex::new(regex),
                languages: Vec::new(),
                globs: [
                    ".github/workflows/*",
                    ".gitlab-ci.yml",
                    ".gitlab/**",
                    ".circleci/**",
                    "Jenkinsfile",
                    "azure-pipelines.yml",
                    ".buildkite/**",
                    ".drone.yml",
                    "bitbucket-pipelines.yml",
                ]
                .iter()
                .map(|g| RuleGlob::new(*g))
                .collect(),
                roles: FileRole::ALL.to_vec(),
            }),
            partial: None,
            covers: vec!["ci".into(), words[0].to_lowercase()],
        });
    }
    out
}

/// Whether `text` holds `word` as a whole word.
fn names_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_word)
            && !text[at + word.len()..].chars().next().is_some_and(is_word)
    })
}

/// The check turned round: the item is done when the thing is gone ("Remove `X`").
fn removed(c: Check) -> Check {
    Check {
        what: format!("{} removed", c.what),
        met: Condition::Not(Box::new(c.met)),
        partial: None,
        covers: c.covers,
    }
}

/// Whether a slash- or dot-word of prose is a path.
fn bare_path(token: &str) -> Option<(String, bool)> {
    let token = token.trim_end_matches(['.', ',', ':', ';', ')']);
    let dir = token.ends_with('/');
    let body = token.trim_end_matches('/').trim_start_matches("./");
    if body.is_empty() || body.starts_with('.') && !body.starts_with(".github") {
        return None;
    }
    let file = FILE_EXTENSION.is_match(body)
        || WELL_KNOWN_FILES.contains(&body.rsplit('/').next().unwrap_or(body));
    let segments: Vec<&str> = body.split('/').collect();
    let pathish = file
        || (segments.len() >= 2
            && segments
                .iter()
                .any(|s| DIRECTORIES.contains(&s.to_ascii_lowercase().as_str())))
        || (dir && segments.len() >= 2);
    if !pathish || body.chars().any(|c| c.is_ascii_digit()) && !file && segments.len() < 2 {
        return None;
    }
    // `e.g.`, `v1.2`, `node.js`: not files.
    if file && segments.len() == 1 {
        let stem = body.rsplit_once('.').map_or(body, |(a, _)| a);
        if stem.len() < 2 || stem.eq_ignore_ascii_case("node") || stem.eq_ignore_ascii_case("vue") {
            return None;
        }
    }
    claims::as_path(body).map(|(p, d)| (p, d || dir))
}

/// What the item's prose names without backticks: paths, code names, annotations and
/// environment settings, each with where it starts in the text.
fn bare_names(text: &str, technologies: &dyn Fn(&str) -> bool) -> Vec<(usize, Check)> {
    let mut out: Vec<(usize, Check)> = Vec::new();
    // Inline code is read by the claims; prose only here.
    let prose = BACKTICKED.replace_all(text, |c: &regex::Captures<'_>| " ".repeat(c[0].len()));
    for m in BARE_PATH.captures_iter(&prose) {
        let Some(g) = m.get(1) else { continue };
        if let Some((path, dir)) = bare_path(g.as_str()) {
            out.push((g.start(), path_check(&path, dir)));
        }
    }
    for m in BARE_NAME.captures_iter(&prose) {
        let Some(g) = m.get(2) else { continue };
        let name = g.as_str().rsplit('.').next().unwrap_or(g.as_str());
        let annotation = m.get(1).is_some_and(|a| !a.as_str().is_empty());
        if NOT_CODE.iter().any(|n| n.eq_ignore_ascii_case(name)) || technologies(name) {
            continue;
        }
        let mut check = symbol_check(name);
        if annotation {
            check.what = format!("`@{name}` in the code");
            if let Condition::Pattern(p) = &mut check.met {
                p.regex = RuleRegex::new(format!(r"@{}(?-u:\b)", regex::escape(name)));
                p.roles = vec![FileRole::Source, FileRole::Test];
            }
        }
        out.push((g.start(), check));
    }
    for m in ENV_NAME.captures_iter(&prose) {
        let Some(g) = m.get(1) else { continue };
        let name = g.as_str();
        // `VERIFICATION_GUIDE.md`, `docs/API_SPEC`: part of a path.
        if prose[g.end()..].starts_with(['.', '/']) || prose[..g.start()].ends_with(['/', '.']) {
            continue;
        }
        out.push((
            g.start(),
            Check {
                what: format!("setting `{name}` read"),
                met: Condition::Pattern(PatternCondition {
                    regex: RuleRegex::new(format!(r"(?-u:\b){}(?-u:\b)", regex::escape(name))),
                    languages: Vec::new(),
                    globs: Vec::new(),
                    roles: vec![FileRole::Source],
                }),
                partial: None,
                covers: vec![name.to_lowercase()],
            },
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// Whether the text just before `at` says the thing there is today's ("reusing `pkg/x`").
fn is_reference(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let from = before.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    REFERENCE.is_match(before[from..].trim_end_matches(['`', ' ', '(']))
}

/// Where `needle` (as written, maybe in backticks) first appears in `text`.
fn position(text: &str, needle: &str) -> Option<usize> {
    text.find(&format!("`{needle}"))
        .or_else(|| text.find(needle))
}

/// The checks of an item. `kinds` are the custom resource kinds the whole document names.
pub fn of_item(
    item: &Item,
    claims: &[&Claim],
    names: &DocNames,
    technologies: &dyn Fn(&str) -> bool,
    named_technologies: &[(String, String)],
) -> Vec<Check> {
    let kinds = &names.kinds;
    let text = item.text.as_str();
    let mut out: Vec<Check> = Vec::new();
    // "A -> B": A is what is migrated from; "A -> Remove": A is to go.
    // A table's arrows are its cells' (phases `a → b → c`), not a migration.
    let arrow = ARROW
        .find(text)
        .filter(|_| item.form != ItemForm::TableRow)
        .map(|m| (m.start(), m.end()));
    let removal = REMOVAL.find(text).map(|m| m.start());
    let push = |c: Check, out: &mut Vec<Check>| {
        if !out.iter().any(|o| o.met == c.met) {
            out.push(c);
        }
    };
    let mut positioned: Vec<(usize, Check)> = Vec::new();
    if let Some((path, dir)) = &item.path {
        let mut check = match path.split_once('\u{0}') {
            Some((full, rest)) => {
                let mut c = path_check(full, *dir);
                // Written under the repository's name: the path without it, from the root.
                if let Condition::File(f) = &mut c.met {
                    f.globs.push(RuleGlob::new(rest.to_string()));
                    if *dir || !rest.rsplit('/').next().unwrap_or(rest).contains('.') {
                        f.globs.push(RuleGlob::new(format!("{rest}/**")));
                    }
                }
                c
            }
            None => path_check(path, *dir),
        };
        if check.what.is_empty() {
            check.what = format!("`{path}`");
        }
        push(check, &mut out);
        return out;
    }
    // A row of a table of kinds ("| AlertProcessing | group/v1 | alert-processor |") plans
    // the resource and, with an owner column, its controller.
    if item.form == ItemForm::TableRow {
        let kind_col = item.cells.iter().position(|(h, _)| {
            let h = h.to_lowercase();
            h.contains("kind") || h.contains("crd") || h.contains("resource")
        });
        if let Some(i) = kind_col {
            let kind = item.cells[i].1.trim_matches('`').trim();
            if kinds.iter().any(|k| k == kind) {
                push(crd_check(kind), &mut out);
                if item.cells.iter().any(|(h, c)| {
                    let h = h.to_lowercase();
                    (h.contains("controller") || h.contains("owner") || h.contains("reconciler"))
                        && !c.is_empty()
                }) {
                    push(controller_check(kind), &mut out);
                }
            }
        }
    }
    let wants_controller = CONTROLLER_WORD.is_match(text);
    let mut own_kind: Option<&str> = None;
    for c in claims {
        match &c.kind {
            ClaimKind::Path { path, dir, .. } => {
                let reference = position(text, path).is_some_and(|at| is_reference(text, at));
                if !reference && c.mark != Mark::Missing {
                    push(path_check(path, *dir), &mut out);
                }
            }
            ClaimKind::Crd { resource_kind } => {
                push(crd_check(resource_kind), &mut out);
            }
            ClaimKind::Endpoint { route } if c.mark != Mark::Missing => push(
                Check {
                    what: format!("route `{route}`"),
                    met: pattern(claims::route_regex(route), &[]),
                    partial: None,
                    covers: vec![
                        "route".into(),
                        "routes".into(),
                        "endpoint".into(),
                        "endpoints".into(),
                    ],
                },
                &mut out,
            ),
            ClaimKind::MakeTarget { name } => push(
                Check {
                    what: format!("`make {name}`"),
                    met: Condition::Infra(crate::rules::InfraCheck::MakeTargets {
                        regex: RuleRegex::new(format!("^{}$", regex::escape(name))),
                    }),
                    partial: None,
                    covers: vec!["make".into(), "makefile".into(), name.to_lowercase()],
                },
                &mut out,
            ),
            ClaimKind::Symbol { name } => {
                let reference = position(text, name).is_some_and(|at| is_reference(text, at));
                if reference {
                    continue;
                }
                match kinds.iter().find(|k| {
                    name == &format!("{k}Reconciler") || name == &format!("{k}Controller")
                }) {
                    Some(k) => {
                        own_kind = Some(k);
                        push(controller_check(k), &mut out);
                    }
                    None if kinds.iter().any(|k| k == name) => {
                        push(crd_check(name), &mut out);
                    }
                    None => push(symbol_check(name), &mut out),
                }
            }
            _ => {}
        }
    }
    // Names written without backticks.
    // Names with a role suffix written without backticks (`AIAnalysisReconciler`,
    // `CORSController`): a kind's controller, or a code name.
    for m in ROLE_NAME.captures_iter(text) {
        let name = &m[1];
        if is_reference(text, m.get(1).map_or(0, |g| g.start())) {
            continue;
        }
        match kinds
            .iter()
            .find(|k| name == format!("{k}Reconciler") || name == format!("{k}Controller"))
        {
            Some(k) => {
                own_kind = Some(k);
                push(controller_check(k), &mut out);
            }
            None => push(symbol_check(name), &mut out),
        }
    }
    // Kinds the item names, and what it says of their controllers.
    let named: Vec<&String> = kinds.iter().filter(|k| names_word(text, k)).collect();
    if wants_controller && own_kind.is_none() {
        let lower = text.to_lowercase();
        // "the AIAnalysis reconciler", "a controller for AlertProcessing", or the owner a
        // table names ("the central controller").
        own_kind = named
            .iter()
            .find(|k| {
                let k = regex::escape(k);
                Regex::new(&format!(
                    r"(?i)(?-u:\b){k}\s+(?:reconciler|controller|operator)|(?:reconciler|controller|operator)\s+(?:for|of)\s+(?:the\s+)?{k}(?-u:\b)"
                ))
                .is_ok_and(|r| r.is_match(text))
            })
            .map(|k| k.as_str())
            .or_else(|| {
                names
                    .owners
                    .iter()
                    .find(|(owner, _)| owner.contains("controller") && lower.contains(owner.as_str()))
                    .map(|(_, k)| k.as_str())
            })
            .or_else(|| (named.len() == 1).then(|| named[0].as_str()));
        if let Some(k) = own_kind {
            push(controller_check(k), &mut out);
        }
    }
    if WATCH_WORD.is_match(text) {
        if let Some(own) = own_kind {
            let watched: Vec<&String> = if ALL_KINDS.is_match(text) || named.len() <= 1 {
                kinds.iter().collect()
            } else {
                named.clone()
            };
            for k in watched {
                push(watch_check(own, k), &mut out);
            }
        }
    }
    let qualifiers: Vec<String> = own_kind
        .map(|k| {
            split_name(k)
                .into_iter()
                .filter(|w| w.len() >= 4 && w != &k.to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    for c in settings_in(text, &qualifiers) {
        push(c, &mut out);
    }
    for c in ci_commands(text) {
        push(c, &mut out);
    }
    // Inline code the claims do not read as names: annotations (`@WebMvcTest`) and routes
    // of any prefix (`/dashboard`, `/group/{groupId}`).
    for m in BACKTICKED.captures_iter(text) {
        let Some(g) = m.get(1) else { continue };
        let span = g.as_str().trim();
        if let Some(name) = span.strip_prefix('@').filter(|n| {
            n.chars().next().is_some_and(char::is_uppercase)
                && n.chars().all(|c| c.is_alphanumeric() || c == '_')
        }) {
            let mut check = symbol_check(name);
            check.what = format!("`@{name}` in the code");
            check.met = Condition::Pattern(PatternCondition {
                regex: RuleRegex::new(format!(r"@{}(?-u:\b)", regex::escape(name))),
                languages: languages(&[]),
                globs: Vec::new(),
                roles: vec![FileRole::Source, FileRole::Test],
            });
            positioned.push((g.start(), check.clone()));
            push(check, &mut out);
        } else if ROUTE_SPAN.is_match(span) {
            let route = span.trim_end_matches("/*").trim_end_matches("/**");
            if route.is_empty() || route == "/" {
                continue;
            }
            let check = Check {
                what: format!("route `{route}`"),
                met: pattern(claims::route_regex(route), &[]),
                partial: None,
                covers: vec!["route".into(), "routes".into(), "endpoint".into()],
            };
            positioned.push((g.start(), check.clone()));
            push(check, &mut out);
        }
    }
    for (at, c) in bare_names(text, technologies) {
        // Kinds and their controllers are checked as such above.
        let name = c.what.split('`').nth(1).unwrap_or("");
        let of_kind = kinds.iter().any(|k| {
            name == k || name == format!("{k}Reconciler") || name == format!("{k}Controller")
        });
        if of_kind || is_reference(text, at) {
            continue;
        }
        positioned.push((at, c.clone()));
        push(c, &mut out);
    }
    // Technologies the item names ("PostgreSQL in Docker", "Redis as L2 cache"), as the
    // profile knows them, when it names nothing more precise; one named as what is replaced
    // ("instead of Gunicorn") is not.
    let precise = !out.is_empty();
    for (name, regex) in named_technologies.iter().filter(|_| !precise) {
        let at = text.to_lowercase().find(&name.to_lowercase());
        if at.is_some_and(|at| is_reference(text, at)) {
            continue;
        }
        push(
            Check {
                what: format!("{name} in the code or configuration"),
                met: Condition::Pattern(PatternCondition {
                    regex: RuleRegex::new(regex.clone()),
                    languages: Vec::new(),
                    globs: Vec::new(),
                    roles: vec![FileRole::Source],
                }),
                partial: None,
                covers: split_name(name),
            },
            &mut out,
        );
    }
    // Each check's place in the text: where its name is written.
    let place = |c: &Check| -> usize {
        positioned
            .iter()
            .find(|(_, p)| p.met == c.met)
            .map(|(at, _)| *at)
            .or_else(|| c.what.split('`').nth(1).and_then(|n| position(text, n)))
            .unwrap_or(usize::MAX)
    };
    match (arrow, removal) {
        // "A -> Remove": A is to go.
        (Some((from, to)), Some(r)) if r >= to => out
            .into_iter()
            .filter_map(|c| (place(&c) < from).then(|| removed(c)))
            .collect(),
        // "A -> B": built when B is there; A is where it comes from.
        (Some((from, _)), _) => out
            .into_iter()
            .filter(|c| {
                let at = place(c);
                at == usize::MAX || at > from
            })
            .collect(),
        // "Remove the old `X`": built when X is gone.
        (None, Some(r)) => out
            .into_iter()
            .map(|c| {
                if place(&c) != usize::MAX && place(&c) > r {
                    removed(c)
                } else {
                    c
                }
            })
            .collect(),
        (None, None) => out,
    }
}

/// Whether an item asks for something to be removed ("Remove old handler").
pub fn is_removal(text: &str) -> bool {
    REMOVAL.is_match(text)
}

/// The part of an item's text before its arrow ("WebController -> Remove" → "WebController").
pub fn migrated_from(text: &str) -> Option<&str> {
    ARROW.find(text).map(|m| &text[..m.start()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks(text: &str, kinds: &[&str]) -> Vec<String> {
        let doc = format!("- {text}\n");
        let extraction = crate::claims::extract(&doc);
        let items = super::super::items::read(&doc, &extraction.claims);
        let item = &items.items[0];
        let claims: Vec<&Claim> = extraction.claims.iter().collect();
        let names = DocNames {
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            owners: vec![("central controller".into(), "AlertRemediation".into())],
        };
        of_item(item, &claims, &names, &|_| false, &[])
            .into_iter()
            .map(|c| c.what)
            .collect()
    }

    #[test]
    fn an_item_names_its_controller_and_the_kinds_it_watches() {
        let kinds = ["AlertRemediation", "AlertProcessing", "AIAnalysis"];
        assert_eq!(
            checks(
                "Implement AlertRemediationReconciler with watches on the child kinds",
                &kinds
            ),
            vec![
                "controller of `AlertRemediation`",
                "`AlertRemediation` controller watches `AlertRemediation`",
                "`AlertRemediation` controller watches `AlertProcessing`",
                "`AlertRemediation` controller watches `AIAnalysis`",
            ]
        );
        assert_eq!(
            checks(
                "The AIAnalysis reconciler calls the model and creates an AlertProcessing",
                &kinds
            ),
            vec!["controller of `AIAnalysis`"]
        );
        assert_eq!(
            checks(
                "Define the AIAnalysis CRD and implement AIAnalysisReconciler",
                &kinds
            ),
            vec!["custom resource `AIAnalysis`", "controller of `AIAnalysis`"]
        );
        assert_eq!(
            checks(
                "The central controller watches all four kinds, applies the timeout (default 1h)",
                &kinds
            ),
            vec![
                "controller of `AlertRemediation`",
                "`AlertRemediation` controller watches `AlertRemediation`",
                "`AlertRemediation` controller watches `AlertProcessing`",
                "`AlertRemediation` controller watches `AIAnalysis`",
                "timeout set to 1h",
            ]
        );
    }

    #[test]
    fn settings_with_values_are_checked_by_value() {
        let got = checks("applies the timeout (default 1h), escalates", &[]);
        assert_eq!(got, vec!["timeout set to 1h"]);
        let got = checks("24-hour retention and cleanup", &[]);
        assert_eq!(got, vec!["retention set to 24-hour"]);
        let got = checks(
            "SQLAlchemy engine with a connection pool (`pool_size=10`)",
            &[],
        );
        assert_eq!(got, vec!["`pool_size` set to 10"]);
    }

    #[test]
    fn the_duration_regex_reads_the_usual_spellings() {
        let re = Regex::new(&duration_regex(3600)).unwrap();
        for s in [
            "1h",
            "60m",
            "3600s",
            "time.Hour",
            "1 * time.Hour",
            "timedelta(hours=1",
            "3600",
        ] {
            assert!(re.is_match(s), "{s}");
        }
        let check = setting_check(
            "timeout",
            &["remediation".into()],
            &duration_regex(3600),
            "1h",
        );
        let Condition::Pattern(p) = &check.met else {
            panic!()
        };
        let re = Regex::new(p.regex.as_str()).unwrap();
        assert!(re.is_match("\tRemediationTimeout = time.Hour"));
        assert!(re.is_match("  remediation_timeout: 1h"));
        assert!(!re.is_match("\tRemediationTimeout = 30 * time.Minute"));
        assert!(!re.is_match("  timeout: 1h"), "another timeout");
        let Some(Condition::Pattern(p)) = &check.partial else {
            panic!()
        };
        let re = Regex::new(p.regex.as_str()).unwrap();
        assert!(re.is_match("\tDefaultRemediationTimeout = 30 * time.Minute"));
        assert!(!re.is_match("\tclient := &http.Client{Timeout: 10 * time.Second}"));
        let unqualified = setting_check("timeout", &[], &duration_regex(3600), "1h");
        assert!(unqualified.partial.is_none(), "any timeout may be meant");
    }

    #[test]
    fn config_languages_are_languages_the_walk_names() {
        for l in CONFIG_LANGUAGES {
            assert!(Language::named(l).is_some(), "{l}");
        }
    }

    #[test]
    fn reused_paths_are_not_planned() {
        assert_eq!(
            checks("The reconciler enriches (reusing `pkg/processor`)", &[]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn ci_commands_are_checked_in_ci_files() {
        assert_eq!(
            checks("GitHub Actions running `pytest --cov=src`", &[]),
            vec!["CI runs `pytest --cov=src`"]
        );
        assert!(checks("run `pytest --cov=src` locally", &[]).is_empty());
    }
}
