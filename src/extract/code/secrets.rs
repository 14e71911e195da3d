//! Likely hard-coded secrets in source and configuration: a literal assigned to a name that
//! says password, secret, token or key, and key material with a known shape (AWS access keys,
//! GitHub and Slack tokens, private keys). Obvious dummies (`changeme`, `<your-key>`,
//! `${VAR}`) are left out, and so are tests (the extractor is not run on them).
//!
//! The value is never kept: the evidence snippet is the redacted line.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::SourceFile;
use crate::facts::code::{Secret, SecretSeverity};
use crate::facts::{CodeFacts, Evidence, FileRole};

fn re(s: &str) -> Regex {
    super::ascii_regex(s)
}

static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b\w*?(passw(?:or)?d|passwd|pwd|secret(?:_?key)?|api_?key|access_?key|private_?key|auth_?token|access_?token|client_?secret|token)s?(?:_?\d+)?\b["']?[ \t]*(?::=|=|:|=>)[ \t]*["'`]([^"'`\s]{4,})["'`]"#,
    )
});
static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?im)^[ \t]*(?:-[ \t]+)?(?:export[ \t]+)?["']?\w*?(passw(?:or)?d|passwd|secret(?:_?key)?|api_?key|access_?key|private_?key|auth_?token|access_?token|client_?secret|token)s?(?:_?\d+)?["']?[ \t]*(?:\?=|:=|=|:)[ \t]*["']?([^"'\s#,}]{4,})"#,
    )
});
/// A credential passed on a command line (`--pass pingpass`, `--token=…`) or set in a Redis
/// ACL rule (`user pinger on >pingpass`).
static FLAG_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)(?:\s--(?:pass|password|passwd|token|auth|secret)(?:\s+|=)|\buser\s+[\w-]+\s[^\n>]*?\bon\s+>)([^\s"'`$<{\[(-][^\s"'`)]{3,})"#,
    )
});
/// The password in a connection string's user information: `postgres://app:pw@db:5432/app`.
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|ldaps?)://[^\s:/@'"]+:([^\s@/'"]{3,})@"#,
    )
});
/// The words every name [`ASSIGNED`] and [`ENV_LINE`] accept contains.
static SECRET_WORD: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::needles(&["pass", "pwd", "secret", "key", "token"]));
static KEY_MATERIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<aws_access_key>\bAKIA[0-9A-Z]{16}\b)|(?P<github_token>\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{40,})|(?P<slack_token>\bxox[baprs]-[A-Za-z0-9-]{10,})|(?P<private_key>-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----|\b(?:LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt|LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0t|LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0t|LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS)[A-Za-z0-9+/=]*)|(?P<jwt>\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})",
    )
});
static DUMMY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(changeme|change_?me|example|dummy|test|testing|password|passwd|pass|pw|pwd|user|username|secret|token|none|null|nil|undefined|redacted|fake|sample|foo|bar|admin|default|required|optional|string|\*+|x+|\.+)$|^(some|my|your)_?(password|secret|token|key)$|^[~^<>=v]*\d+(\.\d+)+|example|dummy|your[_-]|xxxx|\$\{|\$\(|\{\{|%s|%\(|<[^>]*>|^\$\w+|^process\.env|^os\.|^env\b|replace[_-]?me|placeholder|not[_-]?set|(?-i:^[A-Z][A-Z0-9_]+$)|^[\w-]+\.[\w-]+\(|/|^\w+\[",
    )
});

/// Configuration, deployment and CI files, and code in languages without a grammar here, that
/// are read for secrets only: shipped (source) or shown to users (examples). Tests, fixtures
/// and docs hold test values and examples, not leaks.
pub fn reads_config(file_name: &str, language: Option<&str>, role: FileRole) -> bool {
    if !matches!(role, FileRole::Source | FileRole::Example) {
        return false;
    }
    if language.and_then(super::Lang::from_tokei).is_some() {
        return false;
    }
    file_name.starts_with(".env")
        || file_name.ends_with(".properties")
        || matches!(
            language,
            Some(
                "YAML"
                    | "JSON"
                    | "TOML"
                    | "Makefile"
                    | "Dockerfile"
                    | "Shell"
                    | "BASH"
                    | "HCL"
                    | "Terraform"
                    | "Ruby"
                    | "PHP"
                    | "C#"
                    | "Elixir"
                    | "INI"
                    | "SQL"
            )
        )
}

/// Files whose values are defaults of a demo, a dev setup, CI or an example, not of the
/// deployed system: Compose and dev-container files, CI workflows, Makefiles, example and
/// template files, and everything in an example role.
fn is_demo_place(file: &SourceFile<'_>) -> bool {
    let path = file.path.to_ascii_lowercase();
    let name = file.file_name.to_ascii_lowercase();
    file.role == FileRole::Example
        || path.starts_with(".github/")
        || path.starts_with(".gitlab")
        || path.starts_with(".circleci/")
        || path.contains(".devcontainer/")
        || path.starts_with("contrib/")
        || name.contains("compose")
        || name == "makefile"
        || name.contains("example")
        || name.contains("sample")
        || name.contains("template")
        || name.contains(".dev")
        || name.contains("local")
        || path.split('/').any(|c| {
            matches!(
                c,
                "dev" | "demo" | "examples" | "example" | "local" | "hack" | "scripts"
            )
        })
}

/// Finds likely secrets in a source or configuration file.
pub fn extract(file: &SourceFile<'_>, out: &mut CodeFacts) {
    let code = crate::text::mask_comments(file.language, file.text);
    extract_code(file, &code, out);
}

/// [`extract`] over `code`, the file's text with its comments masked
/// ([`crate::text::mask_comments`]), for callers that mask it once for several extractors.
pub fn extract_code(file: &SourceFile<'_>, code: &str, out: &mut CodeFacts) {
    // A CI workflow named `tests.yml` is not a test environment's settings: its service
    // passwords are demo defaults worth naming.
    let ci = file.path.starts_with(".github/") || file.path.starts_with(".gitlab");
    if !ci && is_test_settings(file.file_name)
        || crate::extract::manifest::wants(file.file_name)
        || is_translation(file.path)
    {
        return;
    }
    // Comments and docstrings blanked out: a connection string in a doc comment is an
    // example. Offsets stay the text's own, so lines and snippets come from the original.
    let text = code;
    let config_like = !matches!(file.language, Some(l) if super::Lang::from_tokei(l).is_some()
        || matches!(l, "JSON" | "Ruby" | "PHP" | "C#" | "Elixir"));
    let env_like = file.file_name.starts_with(".env")
        || file.file_name.ends_with(".properties")
        || config_like;
    let demo = is_demo_place(file);
    // A literal's weight comes from where it is; key material is a credential anywhere.
    let place = if demo {
        SecretSeverity::DemoDefault
    } else {
        SecretSeverity::Credential
    };
    // (offset, kind, the value to hide even where the line does not name it a secret)
    let mut found: Vec<(usize, String, &str, SecretSeverity)> = Vec::new();
    for c in KEY_MATERIAL.captures_iter(text) {
        let kind = [
            "aws_access_key",
            "github_token",
            "slack_token",
            "private_key",
            "jwt",
        ]
        .iter()
        .find(|k| c.name(k).is_some());
        if let (Some(kind), Some(m)) = (kind, c.get(0)) {
            found.push((
                m.start(),
                kind.to_string(),
                m.as_str(),
                SecretSeverity::Credential,
            ));
        }
    }
    for c in FLAG_PASSWORD.captures_iter(text) {
        if let (Some(m), Some(value)) = (c.get(0), c.get(1)) {
            let v = value.as_str();
            if !DUMMY.is_match(v) && !v.contains(['%', '{']) && !is_identifier_like(v) {
                found.push((m.start(), "password".to_string(), v, place));
            }
        }
    }
    for c in URL_PASSWORD.captures_iter(text) {
        if let (Some(m), Some(value)) = (c.get(0), c.get(1)) {
            let v = value.as_str();
            if !DUMMY.is_match(v) && !v.starts_with('$') && !v.contains(['{', '%', '<']) {
                found.push((m.start(), "connection_string".to_string(), v, place));
            }
        }
    }
    let patterns: &[&Regex] = if env_like {
        &[&ENV_LINE, &ASSIGNED]
    } else {
        &[&ASSIGNED]
    };
    // Both patterns match within a line that names a secret word.
    for (start, end) in super::lines_containing(text, &SECRET_WORD) {
        for assigned in patterns {
            for c in assigned.captures_iter(&text[start..end]) {
                let Some(value) = c.get(2).map(|m| m.as_str()) else {
                    continue;
                };
                let kind = kind_of(&c[1]);
                // In demo and CI files only a password is a default worth naming; their keys
                // and tokens are throwaway values of a test run.
                if demo && kind != "password" {
                    continue;
                }
                if !DUMMY.is_match(value)
                    && !is_identifier_like(value)
                    && looks_secret(&kind, value)
                    && !decodes_to_dummy(value)
                {
                    found.push((
                        start + c.get(0).map_or(0, |m| m.start()),
                        kind,
                        value,
                        place,
                    ));
                }
            }
        }
    }
    let mut last_line = 0;
    found.sort();
    for (offset, kind, value, severity) in found {
        let (line_no, line) = super::line_at(file, offset);
        if line_no == last_line {
            continue; // one secret per line is enough to point at it
        }
        last_line = line_no;
        // A long line (a base64 key in a manifest) is quoted up to the value only.
        let shown = if line.len() > 2000 {
            let line_start = line.as_ptr() as usize - file.text.as_ptr() as usize;
            let at = offset.saturating_sub(line_start).min(line.len());
            let boundary = |mut i: usize| {
                while !line.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let from = boundary(at.saturating_sub(120));
            format!("{}[REDACTED]", &line[from..boundary(at)])
        } else {
            line.replace(value, "[REDACTED]")
        };
        out.secrets.push(Secret {
            kind,
            severity,
            evidence: Evidence::line(file.path, file.role, line_no)
                .with_snippet(super::snippet(&shown)),
            component: None,
        });
    }
}

/// Whether a value has the shape of a secret of its kind. A password or an access key may be
/// a short word (`minio123`, a default `minio`); a token, API key or secret is machine-made:
/// long enough, and not a plain lower-case word or phrase (`unstructured`, `invalid-mailbox`).
/// Format strings are templates, not values.
fn looks_secret(kind: &str, value: &str) -> bool {
    if value.contains(['%', '{']) {
        return false;
    }
    if kind == "password" || kind == "access_key" {
        return true;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mixed = value.bytes().any(|b| b.is_ascii_digit())
        || (value.bytes().any(|b| b.is_ascii_uppercase())
            && value.bytes().any(|b| b.is_ascii_lowercase()))
        || value
            .bytes()
            .any(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'-' | b'_' | b'.'));
    value.len() >= 8 && mixed
}

/// A value that names something rather than being a secret: `password_hash`, `X-Api-Key`.
fn is_identifier_like(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let names_one = lower.contains("password")
        || lower.contains("secret")
        || lower.contains("token")
        || lower.contains("apikey");
    // `incorrectPassword`, `membersCanCreateApiKey`: a camel-case name, an error code.
    let camel = value.bytes().all(|b| b.is_ascii_alphabetic())
        && value.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    (names_one && (lower.contains('_') || lower.contains('-') || lower.contains('.') || camel))
        || lower.starts_with("x-")
        || lower.starts_with("authorization")
        || is_uuid(value)
}

/// A UUID names something (an authenticator, a user-secrets store); it is not a secret.
fn is_uuid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A value that stands for a secret the installer supplies (`changeme`, `<password>`,
/// `${DB_PASSWORD}`), written out or base64-encoded as in a Kubernetes Secret's `data`.
pub fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    value.is_empty() || DUMMY.is_match(value) || decodes_to_dummy(value)
}

/// A base64 value (a Kubernetes Secret's `data`) whose decoded text is a placeholder:
/// `Y2hhbmdlbWU=` is `changeme`. The decoded value is only compared, never kept.
fn decodes_to_dummy(value: &str) -> bool {
    use base64::Engine as _;
    if value.len() < 4 || value.len() % 4 != 0 {
        return false;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(value) else {
        return false;
    };
    std::str::from_utf8(&bytes).is_ok_and(|d| {
        let d = d.trim();
        DUMMY.is_match(d) || d.is_empty()
    })
}

/// Translation catalogues: `"Password": "Passwort"` is a label.
fn is_translation(path: &str) -> bool {
    path.split('/').any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "locale" | "locales" | "i18n" | "l10n" | "translations" | "lang" | "langs"
        )
    })
}

/// Settings of a test environment (`config/test.exs`, `.env.test`, `application-test.yml`):
/// test values, not the system's credentials.
fn is_test_settings(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "test" | "tests" | "testing" | "e2e"))
}

fn kind_of(word: &str) -> String {
    let w = word.to_ascii_lowercase().replace('_', "");
    if w.starts_with("pass") || w == "pwd" {
        "password"
    } else if w.contains("apikey") {
        "api_key"
    } else if w.contains("accesskey") {
        "access_key"
    } else if w.contains("privatekey") {
        "private_key"
    } else if w.contains("token") {
        "token"
    } else {
        "secret"
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_file;

    fn secrets(path: &str, text: &str) -> Vec<(String, u32, String)> {
        let mut out = CodeFacts::default();
        extract(&test_file(path, text), &mut out);
        out.secrets
            .iter()
            .map(|s| {
                (
                    s.kind.clone(),
                    s.evidence.start_line,
                    s.evidence.snippet.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn literals_and_key_material_are_found_and_never_printed() {
        let text = concat!(
            "password := \"minio123\"\n",
            "apiKey = 'sk-live-8f2a9c7d'\n",
            "aws = \"AKIAIOSFODNN7EXAMPL3\"\n",
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "AccessKey:  \"minio-admin-7\",\n",
        );
        let got = secrets("main.go", text);
        let kinds: Vec<(&str, u32)> = got.iter().map(|(k, l, _)| (k.as_str(), *l)).collect();
        assert_eq!(
            kinds,
            [
                ("password", 1),
                ("api_key", 2),
                ("aws_access_key", 3),
                ("private_key", 4),
                ("access_key", 5)
            ]
        );
        for (_, _, snippet) in &got {
            for value in [
                "minio123",
                "sk-live-8f2a9c7d",
                "AKIAIOSFODNN7EXAMPL3",
                "BEGIN RSA",
                "minio-admin-7",
            ] {
                assert!(!snippet.contains(value), "{snippet} leaks {value}");
            }
        }
    }

    #[test]
    fn dummies_and_lookups_are_not_secrets() {
        let text = concat!(
            "password = os.getenv(\"DB_PASSWORD\")\n",
            "password := \"changeme\"\n",
            "api_key = \"<your-api-key>\"\n",
            "token = \"${TOKEN}\"\n",
            "password_field = \"password_hash\"\n",
            "SECRET_NAME = \"DB_PASSWORD\"\n",
            "header_token = \"X-Auth-Token\"\n",
            // Names that only start with a secret word, words, and format strings.
            "token_type = 'invalid-mailbox'\n",
            "password_field = \"hunter22\"\n",
            "token = 'unstructured'\n",
            "token_range = \"%d,%d-%d,%d:\"\n",
            "api_key = \"{prefix}-{id}\"\n",
        );
        assert!(secrets("config.py", text).is_empty());
    }

    #[test]
    fn env_files() {
        let got = secrets(
            ".env",
            "DB_PASSWORD=supersecret\nAPI_TOKEN=\nLOG_LEVEL=debug\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, "DB_PASSWORD=[REDACTED]");
    }

    fn found(path: &str, language: &str, text: &str) -> Vec<(String, u32, SecretSeverity, String)> {
        let mut file = test_file(path, text);
        file.language = Some(language);
        let mut out = CodeFacts::default();
        extract(&file, &mut out);
        out.secrets
            .iter()
            .map(|s| {
                (
                    s.kind.clone(),
                    s.evidence.start_line,
                    s.severity,
                    s.evidence.snippet.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn manifests_and_ci_files_are_read_with_a_severity() {
        // A Kubernetes Secret with a base64 private key: a credential, the key never shown.
        let key = format!(
            "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpN{}",
            "QUJD".repeat(700)
        );
        let secret = format!("kind: Secret\ndata:\n  jwtRS256.key: {key}\n");
        let got = found("k8s/jwt-secret.yaml", "YAML", &secret);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].1, got[0].2),
            ("private_key", 3, SecretSeverity::Credential)
        );
        assert!(!got[0].3.contains("LS0tLS1CRUdJTi"), "{}", got[0].3);

        // Compose and CI service passwords are demo defaults; a ConfigMap's is the system's.
        let compose = "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=s3cr3t-pw\n      DATABASE_URL: postgres://app:hunter22@db:5432/app\n";
        let got = found("docker-compose.yml", "YAML", compose);
        let kinds: Vec<(&str, u32, SecretSeverity)> =
            got.iter().map(|g| (g.0.as_str(), g.1, g.2)).collect();
        assert_eq!(
            kinds,
            [
                ("password", 4, SecretSeverity::DemoDefault),
                ("connection_string", 5, SecretSeverity::DemoDefault)
            ]
        );
        for g in &got {
            assert!(
                !g.3.contains("s3cr3t-pw") && !g.3.contains("hunter22"),
                "{}",
                g.3
            );
        }
        let cm = "kind: ConfigMap\ndata:\n  POSTGRES_PASSWORD: s3cr3t-pw\n";
        let got = found("kubernetes-manifests/config.yaml", "YAML", cm);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, SecretSeverity::Credential);
        // In CI, keys and tokens are throwaway values of a test run.
        let ci = "env:\n  SECRET_KEY: 8f2a9c7d1e\n  POSTGRES_PASSWORD: pgpass1\n";
        let got = found(".github/workflows/tests.yml", "YAML", ci);
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn command_line_and_acl_passwords_are_found() {
        let go = "const acl = \"user pinger -@all +ping on >pingpass\"\ncmd := \"redis-cli --user pinger --pass pingpass ping\"\nlogin := \"docker login --password $REGISTRY_PW\"\n";
        let got = found("service/generator.go", "Go", go);
        let lines: Vec<(u32, SecretSeverity)> = got.iter().map(|g| (g.1, g.2)).collect();
        assert_eq!(
            lines,
            [
                (1, SecretSeverity::Credential),
                (2, SecretSeverity::Credential)
            ]
        );
        assert!(got.iter().all(|g| !g.3.contains("pingpass")), "{got:?}");
    }

    #[test]
    fn labels_versions_comments_and_test_settings_are_not_secrets() {
        // A Secret's base64 `changeme` is a placeholder, decoded only to be compared.
        let placeholder = "kind: Secret\ndata:\n  DB_PASSWORD: Y2hhbmdlbWU=\n";
        assert!(found("deploy/secrets.yaml", "YAML", placeholder).is_empty());
        assert!(found(
            "Cargo.toml",
            "TOML",
            "[dependencies]\nrpassword = \"7.3\"\n"
        )
        .is_empty());
        assert!(found("locales/de.json", "JSON", "{\"Password\": \"Passwort1\"}\n").is_empty());
        assert!(found(
            "config/test.exs",
            "Elixir",
            "config :app, password: \"pgpass1\"\n"
        )
        .is_empty());
        assert!(found(
            ".env.test",
            "",
            "DATABASE_URL=postgres://u:pgpass1@db/app\n"
        )
        .is_empty());
        let ts = "// e.g. postgres://user:hunter22@host/db\nconst errors = { password: 'incorrectPassword' };\nenum Brand { OnePassword = \"bada5566-a7aa-401f-bd96-45619a55120d\" }\n";
        assert!(
            found("src/validators.ts", "TypeScript", ts).is_empty(),
            "{:?}",
            found("src/validators.ts", "TypeScript", ts)
        );
    }
}
