//! Settings read from the process environment where the code uses them: `os.Getenv("X")`,
//! `process.env.X`, `ENV["X"]`, `env('X')`, `System.get_env("X")`, … with the variable's name.
//! Whether these reads sit in one configuration layer or are spread over the code is what
//! `config.single-source` asks. Reads of a computed name (`env::var(key)` inside a settings
//! helper) are the layer's own plumbing and are not kept; variables the platform sets (`HOME`,
//! `PATH`, `NOTIFY_SOCKET`, …) are not settings of the system and are not kept either.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::SourceFile;
use crate::facts::code::EnvRead;
use crate::facts::{CodeFacts, Evidence};

/// Reads kept per file: enough to tell a settings module from a file that reads one switch.
const READS_PER_FILE: usize = 200;

/// The pattern for a tokei language; each alternative captures the variable name in a group.
fn pattern(language: &str) -> Option<&'static Regex> {
    static GO: LazyLock<Regex> =
        LazyLock::new(|| super::ascii_regex(r#"\bos\.(?:Getenv|LookupEnv)\(\s*"([^"\n]+)""#));
    static PYTHON: LazyLock<Regex> = LazyLock::new(|| {
        super::ascii_regex(
            r#"\bos\.(?:getenv\(|environ\.get\(|environ\.setdefault\(|environ\[)\s*['"]([^'"\n]+)['"]"#,
        )
    });
    static JS: LazyLock<Regex> = LazyLock::new(|| {
        super::ascii_regex(r#"\bprocess\.env\.([A-Za-z_]\w*)|\bprocess\.env\[\s*['"`]([^'"`\n]+)"#)
    });
    static RUST: LazyLock<Regex> =
        LazyLock::new(|| super::ascii_regex(r#"\benv::var(?:_os)?\(\s*"([^"\n]+)""#));
    static JAVA: LazyLock<Regex> =
        LazyLock::new(|| super::ascii_regex(r#"\bSystem\.getenv\(\s*"([^"\n]+)""#));
    static RUBY: LazyLock<Regex> = LazyLock::new(|| {
        super::ascii_regex(r#"\bENV(?:\[|\.fetch\(|\.key\?\()\s*['"]([^'"\n]+)['"]"#)
    });
    static PHP: LazyLock<Regex> = LazyLock::new(|| {
        super::ascii_regex(
            r#"(?:\benv|\bgetenv)\(\s*['"]([^'"\n]+)['"]|\$_ENV\[\s*['"]([^'"\n]+)['"]"#,
        )
    });
    static ELIXIR: LazyLock<Regex> = LazyLock::new(|| {
        super::ascii_regex(r#"\bSystem\.(?:get_env|fetch_env!?)\(\s*"([^"\n]+)""#)
    });
    static CSHARP: LazyLock<Regex> = LazyLock::new(|| {
        super::ascii_regex(r#"\bEnvironment\.GetEnvironmentVariable\(\s*"([^"\n]+)""#)
    });
    Some(match language {
        "Go" => &GO,
        "Python" => &PYTHON,
        "JavaScript" | "JSX" | "TypeScript" | "TSX" => &JS,
        "Rust" => &RUST,
        "Java" | "Kotlin" => &JAVA,
        "Ruby" => &RUBY,
        "PHP" => &PHP,
        "Elixir" => &ELIXIR,
        "C#" => &CSHARP,
        _ => return None,
    })
}

/// Whether environment reads are looked for in files of this language.
pub fn reads_language(language: Option<&str>) -> bool {
    language.and_then(pattern).is_some()
}

/// Variables the operating system, the init system, the CI or the runtime sets: reading them
/// is not reading a setting of the system.
fn is_platform_variable(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "HOME",
        "PATH",
        "PWD",
        "USER",
        "USERNAME",
        "USERPROFILE",
        "SHELL",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "TZ",
        "LANG",
        "TMPDIR",
        "TEMP",
        "TMP",
        "HOSTNAME",
        "CI",
        "NODE_ENV",
        "NODE_OPTIONS",
        "RAILS_ENV",
        "RACK_ENV",
        "APP_ENV",
        "MIX_ENV",
        "DJANGO_SETTINGS_MODULE",
        "PYTHONPATH",
        "GOPATH",
        "GOOS",
        "GOARCH",
        "KUBECONFIG",
        "NOTIFY_SOCKET",
        "WATCHDOG_USEC",
        "WATCHDOG_PID",
        "LISTEN_PID",
        "LISTEN_FDS",
        "LISTEN_FDNAMES",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "ALL_PROXY",
        "ASPNETCORE_ENVIRONMENT",
        "DOTNET_ENVIRONMENT",
        "EDITOR",
        "VISUAL",
        "PAGER",
        "APPDATA",
        "LOCALAPPDATA",
        "PROGRAMDATA",
        "SYSTEMROOT",
        "COMSPEC",
    ];
    const PREFIXES: &[&str] = &[
        "XDG_",
        "GIT_",
        "CARGO_",
        "RUSTUP_",
        "RUST_",
        "LC_",
        "WSL_",
        "GITHUB_",
        "RUNNER_",
        "npm_",
        "KUBERNETES_SERVICE_",
        "SSH_",
        "GPG_",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
        || PREFIXES.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
pub fn extract(file: &SourceFile<'_>, out: &mut CodeFacts) {
    let code = crate::text::mask_comments(file.language, file.text);
    extract_code(file, &code, out);
}

/// The reads in `code`, the file's text with its comments masked (masked once by the caller
/// for this extractor and the secrets one).
pub fn extract_code(file: &SourceFile<'_>, code: &str, out: &mut CodeFacts) {
    let Some(re) = file.language.and_then(pattern) else {
        return;
    };
    let mut kept = 0;
    for c in re.captures_iter(code) {
        let (Some(all), Some(name)) = (c.get(0), c.iter().skip(1).flatten().next()) else {
            continue;
        };
        let name = name.as_str();
        if !is_variable_name(name) || is_platform_variable(name) {
            continue;
        }
        kept += 1;
        if kept > READS_PER_FILE {
            break;
        }
        let line = file.line_of(all.start());
        out.env_reads.push(EnvRead {
            name: name.to_string(),
            evidence: Evidence::line(file.path, file.role, line)
                .with_snippet(super::snippet_of_line(file, line)),
        });
    }
}

/// An environment variable's name as programs spell them (`DATABASE_URL`, `redis.host` is not
/// one: that is a configuration key read through some other layer).
fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use crate::extract::{test_file, SourceFile};
    use crate::facts::CodeFacts;

    fn reads(path: &str, text: &str) -> Vec<(u32, String)> {
        let language = match path.rsplit('.').next() {
            Some("go") => "Go",
            Some("py") => "Python",
            Some("ts") => "TypeScript",
            Some("rb") => "Ruby",
            Some("php") => "PHP",
            Some("exs") => "Elixir",
            Some("cs") => "C#",
            _ => "Rust",
        };
        let file = SourceFile {
            language: Some(language),
            ..test_file(path, text)
        };
        let mut out = CodeFacts::default();
        super::extract(&file, &mut out);
        out.env_reads
            .iter()
            .map(|r| (r.evidence.start_line, r.name.clone()))
            .collect()
    }

    #[test]
    fn reads_per_language_with_their_names() {
        assert_eq!(
            reads("a.go", "x := os.Getenv(\"ALERT_SINK\")\nh := os.Getenv(\"HOME\")\n// os.Getenv(\"IN_COMMENT\")\nk := os.Getenv(key)\n"),
            vec![(1, "ALERT_SINK".into())]
        );
        assert_eq!(
            reads("s.py", "A = os.environ.get('SITE_ROOT', 'x')\nB = os.getenv(\"DB_URL\")\nC = os.environ[\"SECRET_KEY\"]\n"),
            vec![(1, "SITE_ROOT".into()), (2, "DB_URL".into()), (3, "SECRET_KEY".into())]
        );
        assert_eq!(
            reads("a.ts", "const u = process.env.URL;\nconst e = process.env.NODE_ENV;\nconst p = process.env['PORT_X'];\n"),
            vec![(1, "URL".into()), (3, "PORT_X".into())]
        );
        assert_eq!(
            reads(
                "a.rb",
                "key = ENV[\"STRIPE_SECRET_KEY\"]\nx = ENV.fetch(\"SYNTH_API_KEY\", nil)\n"
            ),
            vec![(1, "STRIPE_SECRET_KEY".into()), (2, "SYNTH_API_KEY".into())]
        );
        assert_eq!(
            reads(
                "config/app.php",
                "<?php\nreturn ['name' => env('APP_NAME', 'koel'), 'k' => getenv('APP_KEY')];\n"
            ),
            vec![(2, "APP_NAME".into()), (2, "APP_KEY".into())]
        );
        assert_eq!(
            reads(
                "config/runtime.exs",
                "config :app, url: System.fetch_env!(\"DATABASE_URL\")\n"
            ),
            vec![(1, "DATABASE_URL".into())]
        );
        assert_eq!(
            reads(
                "Program.cs",
                "var s = Environment.GetEnvironmentVariable(\"SEQ_URL\");\n"
            ),
            vec![(1, "SEQ_URL".into())]
        );
        assert_eq!(
            reads(
                "main.rs",
                "let v = std::env::var(\"I_WANT_IT\");\nlet t = env::var(\"TZ\");\n"
            ),
            vec![(1, "I_WANT_IT".into())]
        );
    }
}
