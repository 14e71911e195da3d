//! The template environment the Markdown and HTML reports share: templates embedded at build
//! time from `templates/`, and the filters that quote repository text safely in each format.
//! HTML templates are autoescaped (by their `.html` name); Markdown text goes through `md`,
//! `code` and `link`, which escape what Markdown would otherwise interpret.

use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind};

/// The environment with both reports loaded.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let templates = [
        ("report.md", include_str!("../../templates/report.md")),
        ("report.html", include_str!("../../templates/report.html")),
    ];
    for (name, source) in templates {
        if let Err(e) = env.add_template(name, source) {
            // The templates are part of the build; the render tests load both.
            panic!("template {name}: {e}");
        }
    }
    // Every value printed passes here: bidi controls go, then HTML is autoescaped.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if s.chars().any(super::escape::is_bidi) => {
            let clean = Value::from(super::escape::strip_bidi(s).into_owned());
            let clean = if value.is_safe() {
                Value::from_safe_string(clean.to_string())
            } else {
                clean
            };
            minijinja::escape_formatter(out, state, &clean)
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    env.add_filter("md", md);
    env.add_filter("code", code);
    env.add_filter("link", link);
    env.add_filter("href", href);
    env.add_filter("num", num);
    env.add_filter("pct", pct);
    env.add_filter("one_line", one_line);
    env
}

/// Renders `name` with `context` into `out`.
pub fn render(
    out: &mut dyn std::io::Write,
    name: &str,
    context: impl serde::Serialize,
) -> std::io::Result<()> {
    let env = environment();
    let text = env
        .get_template(name)
        .and_then(|t| t.render(context))
        .map_err(|e| std::io::Error::other(format!("{name}: {e}")))?;
    out.write_all(text.as_bytes())
}

pub use super::escape::{markdown as md, markdown_code as code, one_line};

/// A repository-relative path with its anchor, percent-encoded for a URL.
pub fn href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'#' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A Markdown link to a piece of evidence: `[path:10-20](path#L10-L20)`.
fn link(evidence: Value) -> Result<String, Error> {
    let field = |name: &str| -> Result<String, Error> {
        let v = evidence.get_attr(name)?;
        v.as_str().map(str::to_string).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("link: evidence has no {name}"),
            )
        })
    };
    Ok(format!(
        "[{}]({})",
        md(&field("label")?),
        href(&field("href")?)
    ))
}

/// `3` for whole numbers, `2.5` otherwise.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// `64.7%`, or `n/a` when nothing could be decided.
fn pct(v: Option<f64>) -> String {
    v.map(|p| format!("{p:.1}%"))
        .unwrap_or_else(|| "n/a".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_quoting_neutralises_markup() {
        assert_eq!(md("a <script>|b_c"), "a \\<script\\>\\|b\\_c");
        assert_eq!(md("line\nbreak\x1b[31m"), "line break\\[31m");
        assert_eq!(code("x `y` z"), "``x `y` z``");
        assert_eq!(code("`"), "`` ` ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(
            href("dir with space/a(b).go#L1-L2"),
            "dir%20with%20space/a%28b%29.go#L1-L2"
        );
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(pct(None), "n/a");
    }
}
