use std::path::{Path, PathBuf};

use super::{Condition, Requirement, Target, TargetFile};

/// The built-in profile: one YAML file per area, embedded at build time.
const BUILTIN: &[(&str, &str)] = &[
    ("api.yaml", include_str!("../../profile/api.yaml")),
    ("auth.yaml", include_str!("../../profile/auth.yaml")),
    ("database.yaml", include_str!("../../profile/database.yaml")),
    ("caching.yaml", include_str!("../../profile/caching.yaml")),
    (
        "messaging.yaml",
        include_str!("../../profile/messaging.yaml"),
    ),
    (
        "container.yaml",
        include_str!("../../profile/container.yaml"),
    ),
    (
        "orchestration.yaml",
        include_str!("../../profile/orchestration.yaml"),
    ),
    ("ci.yaml", include_str!("../../profile/ci.yaml")),
    (
        "observability.yaml",
        include_str!("../../profile/observability.yaml"),
    ),
    ("security.yaml", include_str!("../../profile/security.yaml")),
    ("backup.yaml", include_str!("../../profile/backup.yaml")),
    ("ha.yaml", include_str!("../../profile/ha.yaml")),
    ("config.yaml", include_str!("../../profile/config.yaml")),
    ("testing.yaml", include_str!("../../profile/testing.yaml")),
    ("docs.yaml", include_str!("../../profile/docs.yaml")),
    (
        "integration.yaml",
        include_str!("../../profile/integration.yaml"),
    ),
];

/// A target that cannot be used, with the place in the file that says why.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },
}

impl TargetError {
    fn at(path: &Path, text: &str, needle: Option<&str>, message: String) -> Self {
        let (line, column) = needle.and_then(|n| position_of(text, n)).unwrap_or((1, 1));
        TargetError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

/// 1-based line and column of the first occurrence of `needle` as a YAML value.
fn position_of(text: &str, needle: &str) -> Option<(u64, u64)> {
    let offset = text.find(needle)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u64
        + 1;
    Some((line, column))
}

/// Parses one target file's text. `path` is only used in messages.
pub fn parse(path: &Path, text: &str) -> Result<TargetFile, TargetError> {
    let file: TargetFile = serde_saphyr::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        // The library's message repeats the position and may quote the input; keep the first line.
        let message = e.to_string();
        let message = message
            .lines()
            .next()
            .unwrap_or("invalid target file")
            .to_string();
        TargetError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })?;
    check_requirements(path, text, &file.requirements)?;
    Ok(file)
}

/// The built-in profile. Its files are read without the checks a user's target gets (they
/// compile every regex, a cost paid before every run): the test suite checks them
/// (`builtin_files_pass_the_target_checks`).
pub fn builtin() -> Target {
    static BUILTIN_TARGET: std::sync::OnceLock<Target> = std::sync::OnceLock::new();
    BUILTIN_TARGET
        .get_or_init(|| {
            let mut requirements = Vec::new();
            let mut area_phrases = Vec::new();
            for (name, text) in BUILTIN {
                match serde_saphyr::from_str::<TargetFile>(text) {
                    Ok(file) => {
                        requirements.extend(file.requirements);
                        area_phrases.extend(file.areas);
                    }
                    // A broken built-in profile is a build defect.
                    Err(e) => panic!("built-in profile {name}: {e}"),
                }
            }
            Target {
                name: "builtin".into(),
                requirements,
                disabled: Vec::new(),
                area_phrases,
            }
        })
        .clone()
}

/// Reads a target file and resolves it against the built-in profile when it extends it.
pub fn load_file(path: &Path) -> Result<Target, TargetError> {
    let text = std::fs::read_to_string(path).map_err(|source| TargetError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file = parse(path, &text)?;
    resolve(path, &text, file)
}

fn resolve(path: &Path, text: &str, file: TargetFile) -> Result<Target, TargetError> {
    let mut target = match file.extends.as_deref() {
        None => Target::default(),
        Some("builtin") => builtin(),
        Some(other) => {
            return Err(TargetError::at(
                path,
                text,
                Some(other),
                format!("`extends: {other}`: only `builtin` can be extended"),
            ))
        }
    };
    target.name = file.name.clone().unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    for a in file.areas {
        // A file's own words for an area add to (or, for a new area, start) its list.
        match target.area_phrases.iter_mut().find(|x| x.id == a.id) {
            Some(existing) => existing.phrases.extend(a.phrases),
            None => target.area_phrases.push(a),
        }
    }
    for r in file.requirements {
        match target.requirements.iter_mut().find(|x| x.id == r.id) {
            Some(existing) => *existing = r,
            None => target.requirements.push(r),
        }
    }
    for o in &file.overrides {
        let Some(r) = target.requirements.iter_mut().find(|r| r.id == o.id) else {
            return Err(TargetError::at(
                path,
                text,
                Some(&o.id),
                format!("override of unknown requirement `{}`", o.id),
            ));
        };
        if let Some(p) = o.priority {
            r.priority = p;
        }
        if let Some(e) = o.effort_days {
            if !(e.is_finite() && e >= 0.0) {
                return Err(TargetError::at(
                    path,
                    text,
                    Some(&o.id),
                    format!("`{}`: effort_days must be a number of days >= 0", o.id),
                ));
            }
            r.effort_days = e;
        }
    }
    for d in &file.disable {
        if !target.requirements.iter().any(|r| r.id == d.id) {
            return Err(TargetError::at(
                path,
                text,
                Some(&d.id),
                format!("disable of unknown requirement `{}`", d.id),
            ));
        }
        if d.reason.trim().is_empty() {
            return Err(TargetError::at(
                path,
                text,
                Some(&d.id),
                format!("disabling `{}` needs a reason", d.id),
            ));
        }
    }
    target
        .requirements
        .retain(|r| !file.disable.iter().any(|d| d.id == r.id));
    target.disabled = file.disable;
    for r in &target.requirements {
        for dep in &r.depends_on {
            if !target.requirements.iter().any(|x| &x.id == dep)
                && !target.disabled.iter().any(|d| &d.id == dep)
            {
                return Err(TargetError::at(
                    path,
                    text,
                    Some(dep),
                    format!("`{}` depends on unknown requirement `{dep}`", r.id),
                ));
            }
        }
    }
    Ok(target)
}

/// Checks what serde cannot: ids, effort, regexes and globs.
fn check_requirements(
    path: &Path,
    text: &str,
    requirements: &[Requirement],
) -> Result<(), TargetError> {
    let mut seen = std::collections::HashSet::new();
    for r in requirements {
        let valid_id = !r.id.is_empty()
            && r.id.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
            });
        if !valid_id {
            return Err(TargetError::at(
                path,
                text,
                Some(&r.id),
                format!(
                    "requirement id `{}`: use lowercase letters, digits, `.`, `-` and `_`",
                    r.id
                ),
            ));
        }
        if !seen.insert(r.id.as_str()) {
            let second = text
                .match_indices(&format!("id: {}", r.id))
                .nth(1)
                .map(|(i, _)| &text[i..]);
            let needle = second.map(|s| &s[..s.find('\n').unwrap_or(s.len())]);
            let (line, column) = needle
                .and_then(|_| {
                    let offset = text.match_indices(&format!("id: {}", r.id)).nth(1)?.0;
                    let before = &text[..offset];
                    Some((
                        before.matches('\n').count() as u64 + 1,
                        before
                            .rsplit('\n')
                            .next()
                            .map(|l| l.chars().count())
                            .unwrap_or(0) as u64
                            + 1,
                    ))
                })
                .unwrap_or((1, 1));
            return Err(TargetError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: format!("duplicate requirement id `{}`", r.id),
            });
        }
        if !(r.effort_days.is_finite() && r.effort_days >= 0.0) {
            return Err(TargetError::at(
                path,
                text,
                Some(&r.id),
                format!("`{}`: effort_days must be a number of days >= 0", r.id),
            ));
        }
        for c in [Some(&r.met), r.partial.as_ref(), r.decidable_when.as_ref()]
            .into_iter()
            .flatten()
        {
            check_condition(path, text, c)?;
        }
    }
    Ok(())
}

fn check_condition(path: &Path, text: &str, c: &Condition) -> Result<(), TargetError> {
    let bad_regex = |re: &str, e: regex::Error| {
        TargetError::at(
            path,
            text,
            Some(re),
            format!(
                "invalid regex `{re}`: {}",
                e.to_string().lines().last().unwrap_or("")
            ),
        )
    };
    let check_globs = |globs: &[String]| -> Result<(), TargetError> {
        for g in globs {
            globset::Glob::new(g).map_err(|e| {
                TargetError::at(path, text, Some(g), format!("invalid glob `{g}`: {e}"))
            })?;
        }
        Ok(())
    };
    match c {
        Condition::All(cs) | Condition::Any(cs) => {
            for c in cs {
                check_condition(path, text, c)?;
            }
        }
        Condition::Not(c) => check_condition(path, text, c)?,
        Condition::File(f) => check_globs(&f.globs)?,
        Condition::Pattern(p) => {
            regex::Regex::new(&p.regex).map_err(|e| bad_regex(&p.regex, e))?;
            check_globs(&p.globs)?;
        }
        Condition::Heading(h) => {
            regex::Regex::new(&h.regex).map_err(|e| bad_regex(&h.regex, e))?;
        }
        Condition::Infra(super::InfraCheck::MakeTargets { regex }) => {
            regex::Regex::new(regex).map_err(|e| bad_regex(regex, e))?;
        }
        Condition::Code(super::CodeCheck::Routes { path: Some(regex) }) => {
            regex::Regex::new(regex).map_err(|e| bad_regex(regex, e))?;
        }
        Condition::Dependency(_)
        | Condition::Component(_)
        | Condition::Infra(_)
        | Condition::Code(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod builtin_tests {
    #[test]
    fn builtin_files_pass_the_target_checks() {
        for (name, text) in super::BUILTIN {
            let parsed = super::parse(std::path::Path::new(&format!("profile/{name}")), text);
            assert!(parsed.is_ok(), "profile/{name}: {:?}", parsed.err());
        }
        assert!(super::builtin().requirements.len() > 50);
    }
}
