use std::path::{Path, PathBuf};

use serde::Deserialize;
use std::collections::BTreeMap;

use serde_saphyr::{Location, Spanned};

use super::{RuleRegex, Target, TargetFile};

/// The built-in profile: one YAML file per area, embedded at build time.
const BUILTIN: &[(&str, &str)] = &[
    (
        "conditions.yaml",
        include_str!("../../profile/conditions.yaml"),
    ),
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

/// The capability catalog: its index, then one file per ecosystem.
const CATALOG_INDEX: &str = include_str!("../../profile/capabilities/index.yaml");
const CATALOG: &[(&str, &str)] = &[
    (
        "go.yaml",
        include_str!("../../profile/capabilities/go.yaml"),
    ),
    (
        "python.yaml",
        include_str!("../../profile/capabilities/python.yaml"),
    ),
    (
        "javascript.yaml",
        include_str!("../../profile/capabilities/javascript.yaml"),
    ),
    (
        "java.yaml",
        include_str!("../../profile/capabilities/java.yaml"),
    ),
    (
        "dotnet.yaml",
        include_str!("../../profile/capabilities/dotnet.yaml"),
    ),
    (
        "ruby.yaml",
        include_str!("../../profile/capabilities/ruby.yaml"),
    ),
    (
        "php.yaml",
        include_str!("../../profile/capabilities/php.yaml"),
    ),
    (
        "rust.yaml",
        include_str!("../../profile/capabilities/rust.yaml"),
    ),
    (
        "elixir.yaml",
        include_str!("../../profile/capabilities/elixir.yaml"),
    ),
];

/// The built-in capability catalog, per ecosystem.
pub fn catalog() -> &'static [super::capabilities::EcosystemCatalog] {
    static CATALOG_FILES: std::sync::OnceLock<Vec<super::capabilities::EcosystemCatalog>> =
        std::sync::OnceLock::new();
    CATALOG_FILES.get_or_init(|| {
        CATALOG
            .iter()
            .map(|(name, text)| match serde_saphyr::from_str(text) {
                Ok(c) => c,
                // A broken built-in catalog is a build defect.
                Err(e) => panic!("profile/capabilities/{name}: {e}"),
            })
            .collect()
    })
}

/// The built-in catalog's index of capabilities.
pub fn catalog_index() -> &'static super::capabilities::CatalogIndex {
    static INDEX: std::sync::OnceLock<super::capabilities::CatalogIndex> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| match serde_saphyr::from_str(CATALOG_INDEX) {
        Ok(i) => i,
        Err(e) => panic!("profile/capabilities/index.yaml: {e}"),
    })
}

/// Renamed requirement ids: an old id keeps working wherever a user wrote it.
const RENAMED: &str = include_str!("../../profile/renamed.yaml");

/// One renamed requirement id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenamedFile {
    renamed: Vec<Renamed>,
}

/// The built-in profile's renamed ids (`profile/renamed.yaml`).
pub fn renamed() -> &'static [Renamed] {
    static RENAMED_IDS: std::sync::OnceLock<Vec<Renamed>> = std::sync::OnceLock::new();
    RENAMED_IDS.get_or_init(|| match serde_saphyr::from_str::<RenamedFile>(RENAMED) {
        Ok(file) => file.renamed,
        // A broken built-in table is a build defect.
        Err(e) => panic!("profile/renamed.yaml: {e}"),
    })
}

/// The id a requirement has now: `id` itself, or what it was renamed to.
pub fn current_id(id: &str) -> &str {
    follow(renamed(), id)
}

/// `id` through the renames of `table`, to the end (a requirement may be renamed twice).
fn follow<'a>(table: &'a [Renamed], id: &'a str) -> &'a str {
    let mut id = id;
    for _ in 0..table.len() {
        match table.iter().find(|r| r.from == id) {
            Some(r) => id = &r.to,
            None => break,
        }
    }
    id
}

/// Suppressions with each requirement under its current id.
pub fn current_suppressions(s: crate::config::Suppressions) -> crate::config::Suppressions {
    s.into_iter()
        .map(|(id, reason)| (current_id(&id).to_string(), reason))
        .collect()
}

/// A target that cannot be used, with the place in the file that says why.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{path}: cannot read: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
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
    /// An error at a place the parser reported (`Location::UNKNOWN` reads as the file's start).
    fn at(path: &Path, at: Location, message: String) -> Self {
        let (line, column) = if at == Location::UNKNOWN {
            (1, 1)
        } else {
            (at.line(), at.column())
        };
        TargetError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

/// The places of the values a target's checks refer to across entries (ids, dependencies,
/// overrides, disables): a second, span-keeping read of a file that already parsed.
#[derive(Debug, Default, Deserialize)]
struct Places {
    #[serde(default)]
    extends: Option<Spanned<String>>,
    #[serde(default)]
    requirements: Vec<RequirementPlaces>,
    #[serde(default)]
    overrides: Vec<EntryPlaces>,
    #[serde(default)]
    disable: Vec<EntryPlaces>,
}

#[derive(Debug, Deserialize)]
struct RequirementPlaces {
    id: Spanned<String>,
    #[serde(default)]
    gap: Option<Spanned<u32>>,
    #[serde(default)]
    depends_on: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct EntryPlaces {
    id: Spanned<String>,
    #[serde(default)]
    reason: Option<Spanned<String>>,
}

impl Places {
    fn read(text: &str) -> Places {
        // The typed parse succeeded, so this one does too; without places errors point at
        // the file's first line rather than not at all.
        serde_saphyr::from_str(text).unwrap_or_default()
    }

    fn requirement(&self, id: &str) -> Option<&RequirementPlaces> {
        self.requirements.iter().find(|r| r.id.value == id)
    }
}

/// The parser's message without the position it repeats (`error: line 7 column 15: …`).
fn parser_message(e: &serde_saphyr::Error) -> String {
    let message = e.to_string();
    let first = message.lines().next().unwrap_or("invalid target file");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains(" column ") => rest.to_string(),
        _ => first.to_string(),
    }
}

/// Parses one target file's text. `path` is only used in messages.
pub fn parse(path: &Path, text: &str) -> Result<TargetFile, TargetError> {
    let file: TargetFile = serde_saphyr::from_str(text).map_err(|e| {
        let at = e.location().unwrap_or(Location::UNKNOWN);
        TargetError::at(path, at, parser_message(&e))
    })?;
    check_requirements(path, text, &file)?;
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
            let mut conditions = std::collections::BTreeMap::new();
            for (name, text) in BUILTIN {
                match serde_saphyr::from_str::<TargetFile>(text) {
                    Ok(file) => {
                        requirements.extend(file.requirements);
                        area_phrases.extend(file.areas);
                        conditions.extend(file.conditions);
                    }
                    // A broken built-in profile is a build defect.
                    Err(e) => panic!("built-in profile {name}: {e}"),
                }
            }
            conditions.extend(super::capabilities::named_conditions(
                catalog_index(),
                catalog(),
            ));
            Target {
                name: "builtin".into(),
                requirements,
                disabled: Vec::new(),
                area_phrases,
                conditions,
                document: None,
            }
        })
        .clone()
}

/// Reads a target file and resolves it against the built-in profile when it extends it.
pub fn load_file(path: &Path) -> Result<Target, TargetError> {
    let text = crate::input::read_to_string(path, crate::input::MAX_INPUT_BYTES).map_err(|e| {
        TargetError::Read {
            path: path.to_path_buf(),
            error: e.into(),
        }
    })?;
    from_text(path, &text)
}

/// Parses a target file's text and resolves it as [`load_file`] does. `path` is only used in
/// messages.
pub fn from_text(path: &Path, text: &str) -> Result<Target, TargetError> {
    let file = parse(path, text)?;
    resolve(path, text, file)
}

fn resolve(path: &Path, text: &str, file: TargetFile) -> Result<Target, TargetError> {
    let places = Places::read(text);
    let mut target = match file.extends.as_deref() {
        None => Target::default(),
        Some("builtin") => builtin(),
        Some(other) => {
            let at = places
                .extends
                .as_ref()
                .map_or(Location::UNKNOWN, |e| e.referenced);
            return Err(TargetError::at(
                path,
                at,
                format!("`extends: {other}`: only `builtin` can be extended"),
            ));
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
    // A file's own named conditions; one of the profile's name redefines it for this target.
    target.conditions.extend(file.conditions);
    for mut r in file.requirements {
        // A requirement written again under its old id replaces the renamed one.
        r.id = current_id(&r.id).to_string();
        for dep in &mut r.depends_on {
            *dep = current_id(dep).to_string();
        }
        match target.requirements.iter_mut().find(|x| x.id == r.id) {
            Some(existing) => {
                // Written again, it keeps its number unless it gives one.
                r.gap = r.gap.or(existing.gap);
                *existing = r;
            }
            None => target.requirements.push(r),
        }
    }
    let mut file_overrides = file.overrides;
    for o in &mut file_overrides {
        o.id = current_id(&o.id).to_string();
    }
    let mut file_disable = file.disable;
    for d in &mut file_disable {
        d.id = current_id(&d.id).to_string();
    }
    let entry_at = |entries: &[EntryPlaces], i: usize| {
        entries
            .get(i)
            .map_or(Location::UNKNOWN, |e| e.id.referenced)
    };
    for (i, o) in file_overrides.iter().enumerate() {
        let Some(r) = target.requirements.iter_mut().find(|r| r.id == o.id) else {
            return Err(TargetError::at(
                path,
                entry_at(&places.overrides, i),
                format!("override of unknown requirement `{}`", o.id),
            ));
        };
        if let Some(p) = o.priority {
            r.priority = p;
        }
        if let Some(e) = o.effort_days {
            r.effort_days = e;
        }
    }
    for (i, d) in file_disable.iter_mut().enumerate() {
        let Some(disabled) = target.requirements.iter().find(|r| r.id == d.id) else {
            return Err(TargetError::at(
                path,
                entry_at(&places.disable, i),
                format!("disable of unknown requirement `{}`", d.id),
            ));
        };
        d.gap = disabled.gap;
        if d.reason.trim().is_empty() {
            let at = places
                .disable
                .get(i)
                .and_then(|e| e.reason.as_ref())
                .map_or(entry_at(&places.disable, i), |r| r.referenced);
            return Err(TargetError::at(
                path,
                at,
                format!("disabling `{}` needs a reason", d.id),
            ));
        }
    }
    target
        .requirements
        .retain(|r| !file_disable.iter().any(|d| d.id == r.id));
    target.disabled = file_disable;
    if let Err((at, message)) = check_refs(&target) {
        return Err(TargetError::at(path, at, message));
    }
    // Gap numbers are the requirements' for good: two may not share one.
    let mut numbered: BTreeMap<u32, &str> = BTreeMap::new();
    for (id, gap) in target
        .requirements
        .iter()
        .filter_map(|r| r.gap.map(|g| (r.id.as_str(), g)))
        .chain(
            target
                .disabled
                .iter()
                .filter_map(|d| d.gap.map(|g| (d.id.as_str(), g))),
        )
    {
        if let Some(other) = numbered.insert(gap, id) {
            let at = places
                .requirement(id)
                .or_else(|| places.requirement(other))
                .and_then(|p| p.gap.as_ref())
                .map_or(Location::UNKNOWN, |g| g.referenced);
            return Err(TargetError::at(
                path,
                at,
                format!("gap {gap} is both `{other}`'s and `{id}`'s: gap numbers are unique"),
            ));
        }
    }
    for r in &target.requirements {
        for dep in &r.depends_on {
            if !target.requirements.iter().any(|x| &x.id == dep)
                && !target.disabled.iter().any(|d| &d.id == dep)
            {
                // Written in this file (an inherited requirement's dependencies all exist).
                let at = places
                    .requirement(&r.id)
                    .and_then(|p| p.depends_on.iter().find(|d| &d.value == dep))
                    .map_or(Location::UNKNOWN, |d| d.referenced);
                return Err(TargetError::at(
                    path,
                    at,
                    format!("`{}` depends on unknown requirement `{dep}`", r.id),
                ));
            }
        }
    }
    Ok(target)
}

/// Every `ref:` names a named condition of the target, and no named condition refers to
/// itself, directly or through others.
pub(crate) fn check_refs(target: &Target) -> Result<(), (Location, String)> {
    let known = || {
        let names: Vec<&str> = target.conditions.keys().map(String::as_str).collect();
        if names.is_empty() {
            "the target has no named conditions".to_string()
        } else {
            format!("named conditions: {}", names.join(", "))
        }
    };
    let mut refs = Vec::new();
    for r in &target.requirements {
        for c in [
            Some(&r.met),
            r.partial.as_ref(),
            r.decidable_when.as_ref(),
            r.applies_when.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            c.refs(&mut refs);
        }
    }
    for c in target.conditions.values() {
        c.refs(&mut refs);
    }
    for r in &refs {
        if !target.conditions.contains_key(r.name()) {
            return Err((
                r.location(),
                format!("`ref: {}` names no condition ({})", r.name(), known()),
            ));
        }
    }
    // Depth-first search for a cycle among the named conditions.
    fn visit<'t>(
        name: &'t str,
        target: &'t Target,
        path: &mut Vec<&'t str>,
        done: &mut std::collections::BTreeSet<&'t str>,
    ) -> Result<(), (Location, String)> {
        if done.contains(name) {
            return Ok(());
        }
        if let Some(i) = path.iter().position(|n| *n == name) {
            let mut cycle = path[i..].to_vec();
            cycle.push(name);
            return Err((
                Location::UNKNOWN,
                format!(
                    "named conditions refer to each other in a cycle: {}",
                    cycle.join(" → ")
                ),
            ));
        }
        path.push(name);
        let mut refs = Vec::new();
        if let Some(c) = target.conditions.get(name) {
            c.refs(&mut refs);
        }
        for r in refs {
            if let Some((n, _)) = target.conditions.get_key_value(r.name()) {
                visit(n, target, path, done)?;
            }
        }
        path.pop();
        done.insert(name);
        Ok(())
    }
    let mut done = std::collections::BTreeSet::new();
    for name in target.conditions.keys() {
        visit(name, target, &mut Vec::new(), &mut done)?;
    }
    Ok(())
}

/// Checks what cannot be told from one value alone: ids used twice, and regexes that parse
/// but do not compile (over the size limits). Each value's own checks ran while parsing.
fn check_requirements(path: &Path, text: &str, file: &TargetFile) -> Result<(), TargetError> {
    let places = Places::read(text);
    let mut seen = std::collections::HashSet::new();
    for (i, r) in file.requirements.iter().enumerate() {
        if !seen.insert(r.id.as_str()) {
            let at = places
                .requirements
                .get(i)
                .map_or(Location::UNKNOWN, |p| p.id.referenced);
            return Err(TargetError::at(
                path,
                at,
                format!("duplicate requirement id `{}`", r.id),
            ));
        }
        let conditions = [
            Some(&r.met),
            r.partial.as_ref(),
            r.decidable_when.as_ref(),
            r.applies_when.as_ref(),
        ];
        let mut regexes: Vec<&RuleRegex> = r.technologies.iter().map(|t| &t.regex).collect();
        for c in conditions.into_iter().flatten() {
            c.regexes(&mut regexes);
        }
        for re in regexes {
            if let Err(e) = regex::Regex::new(re) {
                let detail = e.to_string();
                return Err(TargetError::at(
                    path,
                    re.location(),
                    format!(
                        "regex `{re}` does not compile: {}",
                        detail.lines().last().unwrap_or("").trim()
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod builtin_tests {
    #[test]
    fn renamed_ids_are_followed_to_the_current_one() {
        let table = [
            super::Renamed {
                from: "db.backups".into(),
                to: "db.backup".into(),
            },
            super::Renamed {
                from: "db.dump".into(),
                to: "db.backups".into(),
            },
        ];
        assert_eq!(super::follow(&table, "db.dump"), "db.backup");
        assert_eq!(super::follow(&table, "db.backups"), "db.backup");
        assert_eq!(super::follow(&table, "api.cors"), "api.cors");
        // A cycle in the table ends rather than loops.
        let cycle = [
            super::Renamed {
                from: "a".into(),
                to: "b".into(),
            },
            super::Renamed {
                from: "b".into(),
                to: "a".into(),
            },
        ];
        assert!(["a", "b"].contains(&super::follow(&cycle, "a")));
    }

    #[test]
    fn builtin_files_pass_the_target_checks() {
        for (name, text) in super::BUILTIN {
            let parsed = super::parse(std::path::Path::new(&format!("profile/{name}")), text);
            assert!(parsed.is_ok(), "profile/{name}: {:?}", parsed.err());
        }
        assert!(super::builtin().requirements.len() > 50);
        // Every ref names a condition and none refers to itself through others.
        assert!(
            super::check_refs(&super::builtin()).is_ok(),
            "{:?}",
            super::check_refs(&super::builtin()).err()
        );
    }

    #[test]
    fn the_capability_catalog_parses_and_names_only_indexed_capabilities() {
        let index = super::catalog_index();
        assert!(index.version >= 1);
        let mut ecosystems = std::collections::BTreeSet::new();
        for c in super::catalog() {
            assert!(ecosystems.insert(c.ecosystem), "{} twice", c.ecosystem);
            assert!(!c.languages.is_empty(), "{}: no languages", c.ecosystem);
            for (name, p) in &c.capabilities {
                assert!(
                    index.capabilities.contains_key(name),
                    "{}: `{name}` is not in index.yaml",
                    c.ecosystem
                );
                assert!(
                    !p.dependencies.is_empty() || !p.idioms.is_empty(),
                    "{}: `{name}` is empty",
                    c.ecosystem
                );
                for i in &p.idioms {
                    assert!(
                        i.compiled().is_some(),
                        "{}: `{name}`: idiom `{i}` does not compile",
                        c.ecosystem
                    );
                }
                for d in &p.dependencies {
                    assert!(
                        !d.name.trim().is_empty() && !d.name.contains(' '),
                        "{}: `{name}`: bad package `{}`",
                        c.ecosystem,
                        d.name
                    );
                }
            }
        }
    }
}
