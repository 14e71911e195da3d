//! Hiding secrets in text gapscope quotes: the one function every quoted line goes through
//! where it is made (evidence snippets, stub and secret snippets, route paths, the lines
//! `verify` quotes from a document and from the repository), so that the JSON, every report
//! made from it and the history database never hold a secret in clear.
//!
//! What is hidden, each replaced by `[REDACTED]`:
//! * the password of a URL's user information (`postgres://svc:…@db`);
//! * the value of a `--password`/`--token`-style flag and of `-p…` given to a MySQL client;
//! * the credentials of an `Authorization:` header;
//! * tokens of known formats wherever they are (AWS access key ids, GitHub, GitLab, Slack,
//!   Stripe, Google API keys, npm, JWTs) and the first line of a PEM private key;
//! * a base64 block that can only be key material (a PEM body line);
//! * the value given to a name that calls it a password, secret, token or key (`.env`, YAML,
//!   TOML, code), and quoted strings on a line that names one.
//!
//! Every pattern is a linear-time regex; callers quote short lines.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// What stands in for a hidden value.
pub const REDACTED: &str = "[REDACTED]";

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// Tokens recognisable by their form alone.
static TOKENS: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
        r"|\bgh[pousr]_[A-Za-z0-9]{20,}",
        r"|\bgithub_pat_[A-Za-z0-9_]{20,}",
        r"|\bglpat-[A-Za-z0-9_-]{20,}",
        r"|\bxox[abposr]-[A-Za-z0-9-]{10,}",
        r"|\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}",
        r"|\bAIza[0-9A-Za-z_-]{35}",
        r"|\bnpm_[A-Za-z0-9]{36}",
        r"|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        r"|-----BEGIN [A-Z ]*PRIVATE KEY-----",
    ))
});

/// `scheme://user:password@host`: the password (the user name stays).
static URL_PASSWORD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@'`]*:)([^\s@/'`]+)@"));

/// `--password X`, `--token=X`, `--client-secret "X"`, `-p X` is not among them (too common).
static FLAG_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?i)(--(?:[a-z0-9]+-)*(?:password|passwd|pass|pwd|token|secret|api-?key|access-key|auth)(?:=|\s+))("[^"]*"|'[^']*'|[^\s'"]+)"#,
    )
});

/// A MySQL client's `-pPASSWORD` (written together, as those clients want it).
static MYSQL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b"));
static MYSQL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| regex(r#"(\s-p)([^\s'"-][^\s'"]*)"#));

/// `Authorization: Bearer X` (and Basic, Token, or no scheme).
static AUTHORIZATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?i)(authorization["']?\s*[:=]\s*["']?(?:bearer\s+|basic\s+|token\s+|digest\s+)?)([^\s'"]+)"#,
    )
});

/// Words that call a value secret.
static SECRETISH: LazyLock<Regex> = LazyLock::new(|| {
    // `pass` alone only as a name given a value (`pass: x`): Python's `pass` statement
    // (`def f(): pass`) names nothing.
    regex(
        r"(?i)(pass(word|wd)|\bpass\s*[:=]|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)",
    )
});

/// `NAME = value` / `name: value` where the name calls the value secret: the value.
static SECRET_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?i)(\b[\w.-]*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\w.-]*["']?\s*(?::=|=>|[:=])\s*)("[^"]*"|'[^']*'|`[^`]*`|[^\s"'`,;)}]{4,})"#,
    )
});

/// Quoted strings on a line that names a secret (`setPassword("x")`).
static QUOTED: LazyLock<Regex> = LazyLock::new(|| regex(r#""[^"]{2,}"|'[^']{2,}'|`[^`]{2,}`"#));

/// A run of base64 that is not a word, a hash or an identifier.
static BASE64_RUN: LazyLock<Regex> = LazyLock::new(|| regex(r"[A-Za-z0-9+/]{20,}={0,2}"));

/// Whether a base64 run can only be key material: upper case, lower case and digits mixed the
/// way encoded bytes mix them (or padded with `=`). Hex digests (no upper case), words, paths
/// and CamelCase names (few digits) stay.
fn is_key_material(run: &str) -> bool {
    let upper = run.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = run.bytes().filter(u8::is_ascii_lowercase).count();
    let digits = run.bytes().filter(u8::is_ascii_digit).count();
    let mixed = upper >= 3 && lower >= 3;
    let padded = run.ends_with('=') && run.len() >= 16;
    mixed && (padded || (digits >= 2 && run.len() >= 24))
}

/// Replaces each match of `re` in `s` by what `with` makes of it.
fn apply(s: &mut String, re: &Regex, with: impl Fn(&Captures<'_>) -> String) {
    if re.is_match(s) {
        *s = re.replace_all(s, |c: &Captures<'_>| with(c)).into_owned();
    }
}

/// `line` with every secret in it replaced by [`REDACTED`].
pub fn redact(line: &str) -> String {
    let mut s = line.to_string();
    apply(&mut s, &TOKENS, |_| REDACTED.to_string());
    apply(&mut s, &URL_PASSWORD, |c| format!("{}{REDACTED}@", &c[1]));
    apply(&mut s, &FLAG_VALUE, |c| format!("{}{REDACTED}", &c[1]));
    apply(&mut s, &AUTHORIZATION, |c| format!("{}{REDACTED}", &c[1]));
    if MYSQL.is_match(&s) {
        apply(&mut s, &MYSQL_PASSWORD, |c| format!("{}{REDACTED}", &c[1]));
    }
    apply(&mut s, &BASE64_RUN, |c| {
        if is_key_material(&c[0]) {
            REDACTED.to_string()
        } else {
            c[0].to_string()
        }
    });
    if SECRETISH.is_match(&s) {
        apply(&mut s, &SECRET_ASSIGNMENT, |c| {
            let value = &c[2];
            if value.contains(REDACTED) {
                return c[0].to_string();
            }
            match value.chars().next() {
                // A quoted value keeps its quotes.
                Some(q @ ('"' | '\'' | '`')) => format!("{}{q}{REDACTED}{q}", &c[1]),
                _ => format!("{}{REDACTED}", &c[1]),
            }
        });
        apply(&mut s, &QUOTED, |c| {
            let q = &c[0][..1];
            // A string of words is a message (`log.Info("authenticated with the API
            // token")`), not a value: secrets have no spaces.
            if c[0].contains(REDACTED) || c[0].contains(char::is_whitespace) {
                c[0].to_string()
            } else {
                format!("{q}{REDACTED}{q}")
            }
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn messages_on_a_line_that_names_a_secret_stay() {
        let line = r#"slog.Debug("[API] Skipped API token authentication because no API Key has been provided","#;
        assert_eq!(redact(line), line);
        assert_eq!(
            redact(r#"client.SetToken("tok-8f3k2j5h")"#),
            r#"client.SetToken("[REDACTED]")"#
        );
    }

    #[test]
    fn values_named_secret_are_hidden() {
        assert_eq!(
            redact(r#"password := "minio123""#),
            r#"password := "[REDACTED]""#
        );
        assert_eq!(redact("DB_PASSWORD=supersecret"), "DB_PASSWORD=[REDACTED]");
        assert_eq!(redact("  pass: hunter22"), "  pass: [REDACTED]");
        assert_eq!(redact("PASS=hunter22"), "PASS=[REDACTED]");
        assert_eq!(
            redact(r#"api_key = "abc-123""#),
            r#"api_key = "[REDACTED]""#
        );
        assert_eq!(
            redact(r#"user.setPassword("hunter22")"#),
            r#"user.setPassword("[REDACTED]")"#
        );
    }

    #[test]
    fn code_that_names_no_value_stays() {
        for line in [
            r#"log.Info("starting server")"#,
            "def _f(): pass",
            "async def _coro(): pass",
            "- run: kubectl apply -f deploy/",
            "image: nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac",
            "class AbstractSingletonProxyFactoryBean extends Base",
            "docker run -p 8080:80 app",
            "redis://cache:6379/0",
        ] {
            assert_eq!(redact(line), line);
        }
    }

    #[test]
    fn credentials_in_urls_flags_and_headers() {
        assert_eq!(
            redact("POSTGRES_URL: postgres://svc:pw0rd@db:5432/svc"),
            "POSTGRES_URL: postgres://svc:[REDACTED]@db:5432/svc"
        );
        assert_eq!(
            redact(r#"MONGO = "mongodb+srv://admin:s3cr3t@cluster0.example.net/app""#),
            r#"MONGO = "mongodb+srv://admin:[REDACTED]@cluster0.example.net/app""#
        );
        assert_eq!(
            redact("kubectl apply -f x --token abc.def"),
            "kubectl apply -f x --token [REDACTED]"
        );
        assert_eq!(
            redact("cli login --password=hunter2"),
            "cli login --password=[REDACTED]"
        );
        assert_eq!(
            redact("mysql -uroot -phunter2 app"),
            "mysql -uroot -p[REDACTED] app"
        );
        assert_eq!(
            redact(r#"curl -H "Authorization: Bearer abc123" https://x"#),
            r#"curl -H "Authorization: Bearer [REDACTED]" https://x"#
        );
    }

    #[test]
    fn tokens_of_known_forms_and_key_material() {
        assert_eq!(redact("key: AKIAABCDEFGHIJKLMNOP"), "key: [REDACTED]");
        assert_eq!(
            redact("/hook/ghp_abcdefghijklmnopqrstuvwxyz0123"),
            "/hook/[REDACTED]"
        );
        assert_eq!(
            redact("t = github_pat_11ABCDEFG_abcdefghijklmnopqrstu"),
            "t = [REDACTED]"
        );
        assert_eq!(
            redact("JWT eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl"),
            "JWT [REDACTED]"
        );
        assert_eq!(redact("-----BEGIN RSA PRIVATE KEY-----"), "[REDACTED]");
        assert_eq!(redact("MIIEowIBAAKCAQEAx9Kd83jd02Lsk2Vy"), "[REDACTED]");
        assert_eq!(
            redact("  config: c2VjcmV0LXZhbHVlLWhlcmU="),
            "  config: [REDACTED]"
        );
    }
}
