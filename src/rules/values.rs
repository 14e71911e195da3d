//! The typed values of conditions: languages, regular expressions, globs, Kubernetes kinds,
//! requirement ids and efforts. Each is checked while the target file is parsed, so a bad
//! value is an error at its own line and column (the parser's position, never a text search),
//! with the valid values or the nearest ones named.

use std::borrow::Cow;
use std::sync::OnceLock;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Up to `n` of `known` closest to `wanted` (by edit distance, ignoring case), closest first.
fn nearest<'k>(wanted: &str, known: impl Iterator<Item = &'k str>, n: usize) -> Vec<&'k str> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .map(|k| (strsim::levenshtein(&wanted, &k.to_ascii_lowercase()), k))
        // Short names are near many others: one edit for them, two for longer ones.
        .filter(|(d, k)| *d <= if k.len() <= 5 { 1 } else { 2 })
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, k)| k).collect()
}

fn did_you_mean(candidates: &[&str]) -> String {
    match candidates {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of {}?",
            many.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What people call languages that tokei names otherwise, for "did you mean".
const LANGUAGE_NICKNAMES: &[(&str, &str)] = &[
    ("golang", "Go"),
    ("js", "JavaScript"),
    ("node", "JavaScript"),
    ("nodejs", "JavaScript"),
    ("ts", "TypeScript"),
    ("py", "Python"),
    ("python3", "Python"),
    ("rb", "Ruby"),
    ("rs", "Rust"),
    ("kt", "Kotlin"),
    ("cs", "C#"),
    ("csharp", "C#"),
    ("dotnet", "C#"),
    ("cpp", "C++"),
    ("cxx", "C++"),
    ("yml", "YAML"),
    ("sh", "Shell"),
    ("bash", "Bash"),
    ("docker", "Dockerfile"),
    ("ex", "Elixir"),
    ("exs", "Elixir"),
];

/// A language by tokei's name for it (`Go`, `Python`, `TypeScript`, `TSX`, `Dockerfile`, …),
/// as the walk names each file's language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Language(String);

impl Language {
    /// Every language name the walk can give a file, in tokei's order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        tokei::LanguageType::list().iter().map(|(l, _)| l.name())
    }

    /// The language of that exact name, if tokei knows it.
    pub fn named(name: &str) -> Option<Language> {
        Self::names()
            .find(|n| *n == name)
            .map(|n| Language(n.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if let Some(l) = Language::named(&name) {
            return Ok(l);
        }
        let lower = name.to_ascii_lowercase();
        let mut named: Vec<&str> = Language::names()
            .filter(|n| n.eq_ignore_ascii_case(&name))
            .collect();
        named.extend(
            LANGUAGE_NICKNAMES
                .iter()
                .filter(|(nick, _)| *nick == lower)
                .filter_map(|(_, real)| Language::names().find(|n| n == real)),
        );
        let hint = if named.is_empty() {
            did_you_mean(&nearest(&name, Language::names(), 3))
        } else {
            did_you_mean(&named)
        };
        Err(de::Error::custom(format!(
            "unknown language `{name}`{hint} (languages are tokei's names; the schema, \
             `gapscope schema`, lists all {})",
            Language::names().count()
        )))
    }
}

impl JsonSchema for Language {
    fn schema_name() -> Cow<'static, str> {
        "Language".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Language::names().collect();
        json_schema!({
            "description": "A language by tokei's name for it.",
            "type": "string",
            "enum": names,
        })
    }
}

/// A regular expression (Rust regex syntax) in a target. Its syntax is checked when the target
/// is read; it is compiled once, the first time it is needed.
#[derive(Clone, Default)]
pub struct RuleRegex {
    source: String,
    /// Where the target file wrote it (unknown for regexes gapscope writes).
    at: Option<serde_saphyr::Location>,
    compiled: OnceLock<Option<regex::Regex>>,
    ignoring_case: OnceLock<Option<regex::Regex>>,
}

impl RuleRegex {
    /// A regex gapscope writes itself (probes for verify, document targets); not checked
    /// until compiled.
    pub fn new(source: impl Into<String>) -> Self {
        RuleRegex {
            source: source.into(),
            ..Default::default()
        }
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Where the target file wrote it; `Location::UNKNOWN` for regexes gapscope writes.
    pub fn location(&self) -> serde_saphyr::Location {
        self.at.unwrap_or(serde_saphyr::Location::UNKNOWN)
    }

    /// The compiled regex; `None` if it does not compile (a user's target is checked when
    /// read, so only gapscope's own regexes can fail here, and they are then left out).
    pub fn compiled(&self) -> Option<&regex::Regex> {
        self.compiled
            .get_or_init(|| regex::Regex::new(&self.source).ok())
            .as_ref()
    }

    /// The same regex, matching letters in either case.
    pub fn compiled_ignoring_case(&self) -> Option<&regex::Regex> {
        self.ignoring_case
            .get_or_init(|| {
                regex::RegexBuilder::new(&self.source)
                    .case_insensitive(true)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

impl std::ops::Deref for RuleRegex {
    type Target = str;
    fn deref(&self) -> &str {
        &self.source
    }
}

impl std::fmt::Debug for RuleRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.source)
    }
}

impl std::fmt::Display for RuleRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

impl PartialEq for RuleRegex {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Serialize for RuleRegex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for RuleRegex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Spanned keeps the value's place for the checks made after parsing (compiling).
        let spanned = serde_saphyr::Spanned::<String>::deserialize(d)?;
        let source = spanned.value;
        // The syntax alone: parsing is cheap, compiling the profile's regexes on every run
        // is not. A regex that parses compiles unless it exceeds the size limits, which a
        // user's target is checked for when it is loaded.
        if let Err(e) = regex_syntax::Parser::new().parse(&source) {
            let detail = e.to_string();
            let last = detail.lines().last().unwrap_or("").trim();
            let last = last.strip_prefix("error: ").unwrap_or(last);
            return Err(de::Error::custom(format!(
                "invalid regex `{source}`: {last}"
            )));
        }
        let at =
            (spanned.referenced != serde_saphyr::Location::UNKNOWN).then_some(spanned.referenced);
        Ok(RuleRegex {
            at,
            ..RuleRegex::new(source)
        })
    }
}

impl JsonSchema for RuleRegex {
    fn schema_name() -> Cow<'static, str> {
        "Regex".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A regular expression in Rust regex syntax.",
            "type": "string",
            "format": "regex",
        })
    }
}

/// A glob over repository-relative paths (gitignore-style `**`), checked when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RuleGlob(String);

impl RuleGlob {
    /// A glob gapscope writes itself; not checked.
    pub fn new(glob: impl Into<String>) -> Self {
        RuleGlob(glob.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for RuleGlob {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for RuleGlob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let glob = String::deserialize(d)?;
        globset::Glob::new(&glob)
            .map_err(|e| de::Error::custom(format!("invalid glob `{glob}`: {}", e.kind())))?;
        Ok(RuleGlob(glob))
    }
}

impl JsonSchema for RuleGlob {
    fn schema_name() -> Cow<'static, str> {
        "Glob".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A glob over repository-relative paths; `**` crosses directories.",
            "type": "string",
        })
    }
}

/// Kinds of the Kubernetes API and of the custom resources gapscope knows, for spelling checks.
const KNOWN_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "Service",
    "Ingress",
    "IngressClass",
    "ConfigMap",
    "Secret",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "StorageClass",
    "Namespace",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ClusterRole",
    "ClusterRoleBinding",
    "NetworkPolicy",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "LimitRange",
    "ResourceQuota",
    "PriorityClass",
    "CustomResourceDefinition",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "Gateway",
    "HTTPRoute",
    "Rollout",
    "Application",
    "ApplicationSet",
    "HelmRelease",
    "Kustomization",
    "GitRepository",
    "HelmRepository",
    "Certificate",
    "Issuer",
    "ClusterIssuer",
    "ServiceMonitor",
    "PodMonitor",
    "PrometheusRule",
    "AlertmanagerConfig",
    "GrafanaDashboard",
    "ScaledObject",
    "ScheduledBackup",
    "ExternalSecret",
    "SealedSecret",
    "VerticalPodAutoscaler",
    "Node",
    "Endpoints",
    "EndpointSlice",
    "Event",
    "Lease",
    "APIService",
    "Backup",
    "Restore",
    "Schedule",
    "Cluster",
    "Pooler",
    "VirtualService",
    "DestinationRule",
    "PeerAuthentication",
    "AuthorizationPolicy",
    "ServiceEntry",
    "IngressRoute",
    "Middleware",
];

/// A Kubernetes object kind as manifests write it (`Deployment`, `HorizontalPodAutoscaler`, or
/// a custom resource's kind): UpperCamelCase, and not a misspelling of a kind gapscope knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct KubernetesKind(String);

impl KubernetesKind {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for KubernetesKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let kind = String::deserialize(d)?;
        if KNOWN_KINDS.contains(&kind.as_str()) {
            return Ok(KubernetesKind(kind));
        }
        let camel = kind.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && kind.chars().all(|c| c.is_ascii_alphanumeric());
        let near = nearest(&kind, KNOWN_KINDS.iter().copied(), 3);
        if !camel || !near.is_empty() {
            return Err(de::Error::custom(format!(
                "unknown Kubernetes kind `{kind}`{} (kinds are written as manifests write \
                 them, in UpperCamelCase; a custom resource's kind is accepted as it is spelled)",
                did_you_mean(&near)
            )));
        }
        Ok(KubernetesKind(kind))
    }
}

impl JsonSchema for KubernetesKind {
    fn schema_name() -> Cow<'static, str> {
        "KubernetesKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A Kubernetes object kind as manifests write it (UpperCamelCase).",
            "type": "string",
            "pattern": "^[A-Z][A-Za-z0-9]*$",
        })
    }
}

/// `ref:` — the name of a target's named condition, with where the file wrote it.
#[derive(Debug, Clone)]
pub struct ConditionRef {
    name: String,
    at: Option<serde_saphyr::Location>,
}

impl ConditionRef {
    pub fn new(name: impl Into<String>) -> Self {
        ConditionRef {
            name: name.into(),
            at: None,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the target file wrote it; `Location::UNKNOWN` when gapscope wrote it.
    pub fn location(&self) -> serde_saphyr::Location {
        self.at.unwrap_or(serde_saphyr::Location::UNKNOWN)
    }
}

impl PartialEq for ConditionRef {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Serialize for ConditionRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for ConditionRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<String>::deserialize(d)?;
        let at =
            (spanned.referenced != serde_saphyr::Location::UNKNOWN).then_some(spanned.referenced);
        Ok(ConditionRef {
            name: spanned.value,
            at,
        })
    }
}

impl JsonSchema for ConditionRef {
    fn schema_name() -> Cow<'static, str> {
        "ConditionRef".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The name of a named condition (`conditions:` of a target file or of the built-in profile).",
            "type": "string",
        })
    }
}

/// `id:` of a requirement: lowercase letters, digits, `.`, `-` and `_`.
pub(crate) fn requirement_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let id = String::deserialize(d)?;
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(de::Error::custom(format!(
            "requirement id `{id}`: use lowercase letters, digits, `.`, `-` and `_`"
        )));
    }
    Ok(id)
}

/// `effort_days:` — a number of days, zero or more.
pub(crate) fn effort_days<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let days = f64::deserialize(d)?;
    if !(days.is_finite() && days >= 0.0) {
        return Err(de::Error::custom(format!(
            "effort_days must be a number of days >= 0, not {days}"
        )));
    }
    Ok(days)
}

/// An optional `effort_days:` (overrides).
pub(crate) fn effort_days_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    effort_days(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_tokei_names_and_near_misses_are_named() {
        assert!(Language::named("Go").is_some());
        assert!(Language::named("TSX").is_some());
        assert!(Language::named("golang").is_none());
        let err = serde_saphyr::from_str::<Language>("python")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `Python`"), "{err}");
    }

    #[test]
    fn kinds_are_camel_case_and_not_misspellings() {
        let ok = |s: &str| serde_saphyr::from_str::<KubernetesKind>(s).is_ok();
        assert!(ok("Deployment"));
        assert!(ok("AlertProcessing"), "a custom resource's own kind");
        assert!(!ok("Deploymnet"));
        assert!(!ok("deployment"));
        assert!(!ok("Services"));
    }

    #[test]
    fn regexes_are_checked_and_compiled_once() {
        assert!(serde_saphyr::from_str::<RuleRegex>("'(a|b'").is_err());
        let r: RuleRegex = serde_saphyr::from_str("'^ab+'").unwrap();
        assert!(std::ptr::eq(r.compiled().unwrap(), r.compiled().unwrap()));
        assert!(r.compiled_ignoring_case().unwrap().is_match("ABB"));
        assert!(!r.compiled().unwrap().is_match("ABB"));
    }
}
