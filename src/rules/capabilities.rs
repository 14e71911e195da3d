//! The capability catalog: for each ecosystem, the dependencies and code idioms that provide a
//! capability (password hashing, migrations, tracing, …), kept as data in
//! `profile/capabilities/`. Requirements speak of capabilities (`ref: capability.NAME`), so a
//! library that provides one is a line of data, not a change to any requirement.
//!
//! Each capability becomes two named conditions of the built-in profile:
//! * `capability.NAME` holds when a dependency that provides it alone (a framework that does it
//!   when used the normal way) is declared, or one of its idioms is found in implementation
//!   code;
//! * `capability.NAME.declared` holds when any dependency that provides it is declared, used or
//!   not: a requirement's `partial`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Condition, DependencyCondition, Language, PatternCondition, RuleRegex};
use crate::facts::{Ecosystem, FileRole};

/// The catalog's index: every capability with what it is. Version 1.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogIndex {
    /// Bumped when an entry's meaning changes.
    pub version: u32,
    /// Capability name → one line on what it is.
    pub capabilities: BTreeMap<String, String>,
}

/// What one ecosystem provides.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcosystemCatalog {
    pub ecosystem: Ecosystem,
    /// The languages its idioms are searched in.
    pub languages: Vec<Language>,
    pub capabilities: BTreeMap<String, Provision>,
}

/// How an ecosystem provides one capability.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    #[serde(default)]
    pub dependencies: Vec<ProvidingDependency>,
    /// Code that uses it, searched in the ecosystem's languages (implementation files only).
    #[serde(default)]
    pub idioms: Vec<RuleRegex>,
}

/// A package that provides a capability.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvidingDependency {
    /// As the ecosystem's manifests name it; a trailing `*` matches a prefix.
    pub name: String,
    /// Declaring it is enough: the package does it for the application when used the normal
    /// way (Django hashes passwords, Rails runs migrations). Otherwise a use in code is needed
    /// and the dependency alone makes the capability partial.
    #[serde(default)]
    pub alone: bool,
    /// Why it provides the capability, when that is not obvious.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// The named conditions of every capability of the index (one no ecosystem provides yet
/// holds nowhere).
pub fn named_conditions(
    index: &CatalogIndex,
    catalogs: &[EcosystemCatalog],
) -> BTreeMap<String, Condition> {
    let mut names: Vec<&str> = catalogs
        .iter()
        .flat_map(|c| c.capabilities.keys().map(String::as_str))
        .chain(index.capabilities.keys().map(String::as_str))
        .collect();
    names.sort();
    names.dedup();
    let mut out = BTreeMap::new();
    for name in names {
        let (mut holds, mut declared) = (Vec::new(), Vec::new());
        for catalog in catalogs {
            let Some(p) = catalog.capabilities.get(name) else {
                continue;
            };
            let alone: Vec<String> = p
                .dependencies
                .iter()
                .filter(|d| d.alone)
                .map(|d| d.name.clone())
                .collect();
            if !alone.is_empty() {
                holds.push(Condition::Dependency(DependencyCondition {
                    ecosystems: vec![catalog.ecosystem],
                    names: alone,
                }));
            }
            for idiom in &p.idioms {
                holds.push(Condition::Pattern(PatternCondition {
                    regex: idiom.clone(),
                    languages: catalog.languages.clone(),
                    globs: Vec::new(),
                    roles: vec![FileRole::Source],
                }));
            }
            if !p.dependencies.is_empty() {
                declared.push(Condition::Dependency(DependencyCondition {
                    ecosystems: vec![catalog.ecosystem],
                    names: p.dependencies.iter().map(|d| d.name.clone()).collect(),
                }));
            }
        }
        out.insert(format!("capability.{name}"), Condition::Any(holds));
        out.insert(
            format!("capability.{name}.declared"),
            Condition::Any(declared),
        );
    }
    out
}
