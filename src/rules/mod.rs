//! Targets: the requirements a repository is compared with, as data.
//!
//! A target file is YAML read into the types below (which also generate the published JSON
//! Schema). The built-in profile is a set of such files embedded at build time. A user's file
//! may `extends: builtin`, switch requirements off with a reason, override priority and effort,
//! and add requirements of its own. This module parses and validates; it does not evaluate.

pub mod capabilities;
mod condition;
pub mod document;
mod load;
mod values;
pub mod vocabulary;

pub use condition::*;
pub use load::{
    builtin, catalog, catalog_index, current_id, current_suppressions, from_text, load_file, parse,
    renamed, Renamed, TargetError,
};
pub use values::{ConditionRef, KubernetesKind, Language, RuleGlob, RuleRegex};
pub use vocabulary::Vocabulary;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How much a requirement matters. Weights completion and orders the plan.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Critical,
    High,
    #[default]
    Medium,
    Low,
}

impl Priority {
    /// Weight in completion percentages.
    pub fn weight(self) -> u32 {
        match self {
            Priority::Critical => 4,
            Priority::High => 3,
            Priority::Medium => 2,
            Priority::Low => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Critical => "critical",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }
}

crate::display_via_as_str!(Priority);

/// One requirement (a rule): what the target asks for and how to tell from files whether a
/// repository has it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable id, `area.name` (lowercase, dots and dashes).
    #[serde(deserialize_with = "values::requirement_id")]
    pub id: String,
    /// Its gap number (`GAP-007`), fixed for good: a requirement added, removed or renamed
    /// never renumbers another. Without one, a requirement is numbered after the highest
    /// number in its target, in target order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<u32>,
    /// Area the requirement belongs to (api, auth, database, …).
    pub area: String,
    /// One line: what is required.
    pub title: String,
    /// Why it matters.
    pub why: String,
    /// How to close the gap.
    pub fix: String,
    pub priority: Priority,
    /// Default effort to close the gap, in person-days.
    #[serde(deserialize_with = "values::effort_days")]
    pub effort_days: f64,
    /// Requirements that must be met before this one can be worked on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// When this condition holds on implementation evidence, the requirement is met.
    pub met: Condition,
    /// When `met` does not hold but this does, the requirement is partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<Condition>,
    /// It concerns each service that serves requests: when the evidence lies in some of the
    /// system's services and others have none of their own, it is partial, with those named.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_service: bool,
    /// When this condition does not hold, the repository cannot decide the requirement and
    /// its status is `unknown` (for example: replicas cannot be judged without workloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decidable_when: Option<Condition>,
    /// What `decidable_when` needs, said to a person ("no Kubernetes workloads found").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_reason: Option<String>,
    /// When this condition does not hold on implementation evidence, the requirement does
    /// not concern the system (a database requirement where the system has no database of
    /// its own) and its status is `not_applicable`: neither a gap nor met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<Condition>,
    /// Why it does not apply, said to a person ("the system has no database of its own").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable_reason: Option<String>,
    /// How documents name it: phrases matched as whole words, case and punctuation aside.
    /// `verify` ties a status item to the requirement through them, and so does a target
    /// document; an item that names no requirement's phrase is never matched by a loose word.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Products that provide it: a status item that calls one done is contradicted when
    /// nothing outside the documentation mentions it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technologies: Vec<Technology>,
}

/// A product a document can name (Kafka, PostgreSQL) and how the repository shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    pub name: String,
    /// Other names documents use for it (Postgres for PostgreSQL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// How code, manifests and configuration mention it (searched outside the docs).
    pub regex: RuleRegex,
}

/// The words documents use for an area of the target, in completion tables ("Caching: 40%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaPhrases {
    /// The area, as the requirements name it.
    pub id: String,
    pub phrases: Vec<String>,
}

/// A requirement switched off, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disable {
    pub id: String,
    pub reason: String,
    /// The disabled requirement's gap number, kept free (filled in when the target resolves).
    #[serde(skip)]
    pub gap: Option<u32>,
}

/// New priority or effort for an inherited requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "values::effort_days_opt"
    )]
    pub effort_days: Option<f64>,
}

/// A target file as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    /// `builtin` to start from the built-in profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// A name for the target, shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How documents name the areas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaPhrases>,
    /// Named conditions requirements refer to with `ref: NAME` (a target that extends the
    /// built-in profile may use the profile's and redefine them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<String, Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<Disable>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// The resolved target: requirements in a stable order, plus what was switched off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub name: String,
    pub requirements: Vec<Requirement>,
    pub disabled: Vec<Disable>,
    /// How documents name the areas (the built-in profile's and the target file's own).
    #[serde(default)]
    pub area_phrases: Vec<AreaPhrases>,
    /// Named conditions (`ref:`), the built-in profile's and the target file's own.
    #[serde(default)]
    pub conditions: BTreeMap<String, Condition>,
    /// The design document the target was read from, item by item (`--target DOC.md`).
    #[serde(skip)]
    pub document: Option<std::sync::Arc<document::DocumentPlan>>,
}

impl Target {
    /// Every condition that tests the repository (not `all`/`any`/`not`) in every requirement's
    /// `met`, `partial`, `decidable_when` and `applies_when`, depth first, in target order.
    pub fn leaf_conditions(&self) -> Vec<&Condition> {
        fn walk<'c>(
            c: &'c Condition,
            named: &'c BTreeMap<String, Condition>,
            seen: &mut Vec<&'c str>,
            out: &mut Vec<&'c Condition>,
        ) {
            match c {
                Condition::All(cs) | Condition::Any(cs) => {
                    cs.iter().for_each(|c| walk(c, named, seen, out))
                }
                Condition::Not(c) => walk(c, named, seen, out),
                // A named condition's leaves once, however many requirements use it.
                Condition::Ref(r) => {
                    if let Some((name, c)) = named.get_key_value(r.name()) {
                        if !seen.contains(&name.as_str()) {
                            seen.push(name);
                            walk(c, named, seen, out);
                        }
                    }
                }
                leaf => out.push(leaf),
            }
        }
        let named = &self.conditions;
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for r in &self.requirements {
            for c in [
                Some(&r.met),
                r.partial.as_ref(),
                r.decidable_when.as_ref(),
                r.applies_when.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                walk(c, named, &mut seen, &mut out);
            }
        }
        out
    }

    /// Each requirement's gap number: its own `gap`, else, in target order, the next number
    /// after the highest one in use: the target's, its disabled requirements', and the whole
    /// built-in profile's when the target holds built-in requirements (so that a target's own
    /// requirements never take a number a built-in one has).
    pub fn gap_numbers(&self) -> BTreeMap<&str, u32> {
        let builtin = builtin();
        let uses_builtin = self
            .requirements
            .iter()
            .any(|r| r.gap.is_some() && builtin.get(&r.id).is_some_and(|b| b.gap == r.gap));
        let builtin_top = if uses_builtin {
            builtin.requirements.iter().filter_map(|r| r.gap).max()
        } else {
            None
        };
        let mut next = self
            .requirements
            .iter()
            .filter_map(|r| r.gap)
            .chain(self.disabled.iter().filter_map(|d| d.gap))
            .chain(builtin_top)
            .max()
            .unwrap_or(0);
        self.requirements
            .iter()
            .map(|r| {
                let n = r.gap.unwrap_or_else(|| {
                    next += 1;
                    next
                });
                (r.id.as_str(), n)
            })
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// Areas in the order the profile lists them.
    pub fn areas(&self) -> Vec<&str> {
        let mut areas: Vec<&str> = Vec::new();
        for r in &self.requirements {
            if !areas.contains(&r.area.as_str()) {
                areas.push(&r.area);
            }
        }
        areas
    }
}

/// A glob of a target as targets mean it: case-insensitive, and `*` crosses `/`. One that does
/// not compile is left out (targets are checked when loaded).
pub fn target_glob(glob: &str) -> Option<globset::Glob> {
    globset::GlobBuilder::new(glob)
        .case_insensitive(true)
        .literal_separator(false)
        .build()
        .ok()
}

/// The JSON Schema of target files.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(TargetFile)).unwrap_or_default()
}
