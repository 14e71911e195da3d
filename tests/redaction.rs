//! Secrets planted in a repository, one of each kind in every kind of file, never appear in
//! clear (nor base64-encoded) in any output: `scan` and `analyze` in every format, the history
//! database, and `verify` of a document that quotes the lines holding them.
#![cfg(unix)]

use std::ffi::OsString;
use std::path::Path;

mod common;

use base64::Engine as _;
use common::{run, write};
use gapscope::cli::ExitStatus;
use tempfile::TempDir;

/// Each planted value; every one is unique, so a hit names the leak.
const VALUES: &[&str] = &[
    "UrlPw0Planted1",                           // postgres://svc:…@db
    "MongoPw0Planted2",                         // mongodb+srv://admin:…@
    "FlagTok0Planted3",                         // --token …
    "FlagPw0Planted4",                          // --password=…
    "MyPw0Planted5",                            // mysql -p…
    "BearerTok0Planted6",                       // Authorization: Bearer …
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED7",   // AWS secret access key, with '/'
    "ghp_Planted8abcdefghijklmnopqrstuvwxyz01", // GitHub token
    "github_pat_11Planted9_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS",
    "xoxb-1234567890-Planted10abcdef", // Slack token
    "EnvPw0Planted11",                 // .env
    "YamlPw0Planted12",                // YAML value under a secret key
    "TomlKey0Planted13",               // TOML value under a secret key
    "K8sPw0Planted14",                 // Kubernetes Secret data (base64 in the file)
    "StringDataPw0Planted15",          // Kubernetes Secret stringData
    "SqlPw0Planted16",                 // SQL init script
    "CodePw0Planted17",                // a password in code
    "PemBodyPlanted18",                // inside a PEM block
];

/// A JWT whose signature part is planted value 19.
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.JwtSig0Planted19xyzABCDEFGHIJKLMNOPQRSTUV";

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn plant(root: &Path) {
    let v = VALUES;
    write(root, "go.mod", "module example.com/app\n");
    write(
        root,
        "main.go",
        format!(
            "package main\n\nimport \"net/http\"\n\nconst dsn = \"postgres://svc:{}@db:5432/svc\"\nvar password = \"{}\"\n\nfunc main() {{\n\thttp.HandleFunc(\"/hook/{}\", nil)\n\thttp.ListenAndServe(\":8080\", nil)\n}}\n",
            v[0], v[16], v[7]
        ),
    );
    write(
        root,
        "app.py",
        format!("MONGO = \"mongodb+srv://admin:{}@cluster0.example.net/app\"\nSLACK = \"{}\"\nJWT = \"{JWT}\"\n", v[1], v[9]),
    );
    write(
        root,
        ".env",
        format!("DB_PASSWORD={}\nAPI_TOKEN={}\n", v[10], v[8]),
    );
    write(
        root,
        "docker-compose.yml",
        format!(
            "services:\n  app:\n    image: app:1\n    environment:\n      POSTGRES_URL: postgres://c:{}@db/app\n      password: {}\n",
            v[0], v[11]
        ),
    );
    write(
        root,
        "config.toml",
        format!("[service]\napi_key = \"{}\"\n", v[12]),
    );
    write(
        root,
        "deploy/secret.yaml",
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  config: {}\nstringData:\n  extra: {}\n",
            b64(v[13]),
            v[14]
        ),
    );
    write(
        root,
        ".github/workflows/deploy.yml",
        format!(
            "name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f deploy/ --token {}\n      - run: ./cli login --password={}\n      - run: mysql -uroot -p{} app < init.sql\n      - run: curl -H \"Authorization: Bearer {}\" https://api.example.com/deploy\n",
            v[2], v[3], v[4], v[5]
        ),
    );
    write(
        root,
        "scripts/aws.sh",
        format!("#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\nexport AWS_SECRET_ACCESS_KEY={}\n", v[6]),
    );
    write(
        root,
        "init.sql",
        format!("CREATE USER app WITH PASSWORD '{}';\n", v[15]),
    );
    write(
        root,
        "certs/key.pem",
        format!(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA{}xK1c2Vy\nbmFtZTpwYXNzd29yZA==\n-----END RSA PRIVATE KEY-----\n",
            v[17]
        ),
    );
}

/// A target whose patterns match every planted line, so each is quoted as evidence.
const TARGET: &str = r#"
name: quote-everything
areas:
  - {id: lines, phrases: [lines]}
requirements:
  - id: lines.all
    area: lines
    title: Every planted line is quoted
    why: so that a leak would show
    fix: nothing
    priority: high
    effort_days: 1
    met:
      all:
        - pattern: {regex: 'postgres://|mongodb\+srv://|--token|--password|-p[A-Z]|Authorization|AWS_SECRET|ghp_|github_pat_|xoxb-|PASSWORD|password|api_key|config:|extra:|eyJ|BEGIN|Planted', globs: ['**/*']}
"#;

thread_local! {
    /// Every leak found, so that one run names them all.
    static LEAKS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn assert_clean(what: &str, text: &str) {
    for v in VALUES.iter().copied().chain([JWT]) {
        // The distinctive part of the value: what is left of it after a redaction that keeps
        // a recognisable prefix (ghp_, xoxb-) would still be a leak.
        let core = v.split("Planted").next().unwrap_or(v);
        let tail = v.rsplit("Planted").next().unwrap_or(v);
        if text.contains(v) || text.contains(&b64(v)) || text.contains(&format!("Planted{tail}")) {
            let line = text
                .lines()
                .find(|l| {
                    l.contains(&format!("Planted{tail}")) || l.contains(&b64(v)) || l.contains(v)
                })
                .unwrap_or_default();
            let line: String = line.chars().take(200).collect();
            LEAKS.with(|l| {
                l.borrow_mut()
                    .push(format!("{what}: prints {core:?}…: {}", line.trim()))
            });
        }
    }
}

fn ok(args: Vec<OsString>) -> String {
    let out = run(args);
    assert!(
        matches!(out.status, ExitStatus::Success | ExitStatus::GateFailed),
        "{:?}: {}",
        out.status,
        out.stderr
    );
    assert_clean("stderr", &out.stderr);
    out.stdout
}

fn os(list: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    list.iter().map(|a| a.as_ref().to_owned()).collect()
}

#[test]
fn planted_secrets_are_never_printed_or_stored() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("repo");
    plant(&root);
    let target = write(dir.path(), "target.yaml", TARGET);

    for format in ["text", "json"] {
        let out = ok(os(&[&"scan", &root, &"--format", &format, &"-q"]));
        assert_clean(&format!("scan {format}"), &out);
    }
    let json = ok(os(&[&"analyze", &root, &"--format", &"json", &"-q"]));
    assert!(json.contains("\"secrets\""), "{json}");
    for format in ["text", "json", "markdown", "html", "sarif"] {
        for t in [None, Some(&target)] {
            let mut a = os(&[&"analyze", &root, &"--format", &format, &"-q"]);
            if let Some(t) = t {
                a.extend(os(&[&"--target", t]));
            }
            let out = ok(a);
            assert_clean(&format!("analyze {format} (target {t:?})"), &out);
            if t.is_some() && format == "json" {
                // The planted lines are quoted (redacted), so the check above had something
                // to read.
                assert!(out.contains("[REDACTED]"), "{out}");
                assert!(out.contains("docker-compose.yml"), "{out}");
            }
        }
    }

    let db = dir.path().join("history.db");
    ok(os(&[
        &"analyze",
        &root,
        &"--target",
        &target,
        &"--record",
        &"--history",
        &db,
        &"--format",
        &"json",
        &"-q",
    ]));
    let stored = std::fs::read(&db).unwrap();
    assert!(stored.len() > 1000);
    assert_clean("history database", &String::from_utf8_lossy(&stored));
    let shown = ok(os(&[&"history", &root, &"--history", &db]));
    assert_clean("history", &shown);

    // A status document that quotes the planted lines and cites where they are.
    let doc = write(
        &root,
        "STATUS.md",
        format!(
            "# Status\n\n- ✅ `docker-compose.yml:5` has `POSTGRES_URL: postgres://c:{}@db/app`\n- ✅ `.github/workflows/deploy.yml:7` runs `kubectl apply -f deploy/ --token {}`\n- ✅ `.env:1` sets `DB_PASSWORD={}`\n- ✅ `main.go` serves `/hook/{}`\n",
            VALUES[0], VALUES[2], VALUES[10], VALUES[7]
        ),
    );
    for format in ["text", "json", "markdown"] {
        let out = ok(os(&[
            &"verify",
            &doc,
            &"--repo",
            &root,
            &"--format",
            &format,
            &"-q",
        ]));
        assert!(out.contains("docker-compose.yml"), "{out}");
        assert_clean(&format!("verify {format}"), &out);
    }
    let leaks = LEAKS.with(|l| l.borrow().clone());
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}
