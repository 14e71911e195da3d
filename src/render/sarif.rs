//! SARIF 2.1.0 for code scanning: one result per gap, with the requirement as its rule
//! (title, why it matters, how to fix), the gap's evidence as physical locations with line
//! ranges, and a fingerprint that follows the gap across runs.
//!
//! Locations come from the evidence in the order a reviewer wants them: what is against the
//! requirement, then what is partly in place, then weak evidence. A gap with no evidence at
//! all (nothing in the repository implements it) points at the repository root, with no
//! line range: there is no line for something absent.
//!
//! Stubs and placeholders in implementation files are results too, one per stub, under
//! [`STUB_RULE_ID`] at level `warning`: the location is the enclosing function's line range,
//! the message names the kind and the function. Tests that assert nothing are reported under
//! their own rule, [`TEST_RULE_ID`], at level `note`: they do not make a requirement met or
//! unmet, but a reviewer should know a test proves nothing. Stubs in other files (examples,
//! fixtures, vendored code) are left out: they are not implementation. Results come in a fixed
//! order: gaps by id, then stubs by path and line, then tests without assertion.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::report::{
    is_implementation_stub, is_test_without_assertion, EvidenceRef, GapView, Report,
};
use crate::facts::code::Stub;
use crate::facts::Evidence;
use crate::results::Analysis;
use crate::results::Level;

pub const SARIF_VERSION: &str = "2.1.0";
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The rule of code that is a stub or placeholder (a `TODO` body, `unimplemented!()`, …).
pub const STUB_RULE_ID: &str = "gapscope/stub";
/// The rule of a test function that asserts nothing.
pub const TEST_RULE_ID: &str = "gapscope/test-without-assertion";
/// The base every location's path is relative to.
pub const SRCROOT: &str = "%SRCROOT%";

#[derive(Debug, Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    pub results: Vec<SarifResult>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: &'static str,
    pub version: &'static str,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Serialize)]
pub struct Message {
    pub text: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub short_description: Message,
    pub full_description: Message,
    pub help: Message,
    pub default_configuration: Configuration,
    pub properties: RuleProperties,
}

#[derive(Debug, Serialize)]
pub struct Configuration {
    pub level: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RuleProperties {
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: String,
    pub rule_index: usize,
    pub level: &'static str,
    pub message: Message,
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<Location>,
    pub partial_fingerprints: BTreeMap<&'static str, String>,
    pub properties: BTreeMap<&'static str, serde_json::Value>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<usize>,
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Message>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: u32,
    pub end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Message>,
}

/// SARIF level of a risk level.
pub fn level(risk: Level) -> &'static str {
    match risk {
        Level::Critical | Level::High => "error",
        Level::Medium => "warning",
        Level::Low => "note",
    }
}

/// `a.b-c` → `ABC`-style rule names SARIF viewers show: `DbMigrations`.
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn sentence(s: &str) -> String {
    let s = super::templates::one_line(s.trim());
    if s.ends_with(['.', '!', '?']) {
        s
    } else {
        format!("{s}.")
    }
}

fn location(e: &EvidenceRef, id: usize, label: Option<&str>) -> Location {
    Location {
        id: Some(id),
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: Some(super::templates::href(&e.path)),
                uri_base_id: Some(SRCROOT),
                description: None,
            },
            region: Some(Region {
                start_line: e.start_line.max(1),
                end_line: e.end_line.max(e.start_line).max(1),
                snippet: e.snippet.as_ref().map(|s| Message {
                    text: super::templates::one_line(s),
                }),
            }),
        },
        message: label.map(|l| Message {
            text: sentence(&match &e.snippet {
                Some(s) => format!("{l}: {}", super::templates::one_line(s)),
                None => l.to_string(),
            }),
        }),
    }
}

/// The repository root: where a result points when nothing in the repository is evidence.
fn repository_root() -> Location {
    Location {
        id: Some(0),
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: Some("./".into()),
                uri_base_id: Some(SRCROOT),
                description: None,
            },
            region: None,
        },
        message: Some(Message {
            text: "Nothing in the repository implements it.".into(),
        }),
    }
}

/// A result from located evidence (labelled for the reader), first location primary.
pub fn result(
    rule_id: &str,
    rule_index: usize,
    level: &'static str,
    message: String,
    evidence: &[(&str, &EvidenceRef)],
    fingerprint: String,
    properties: BTreeMap<&'static str, serde_json::Value>,
) -> SarifResult {
    let mut locations: Vec<Location> = evidence
        .iter()
        .enumerate()
        .map(|(i, (label, e))| location(e, i, Some(label)))
        .collect();
    let (primary, related) = if locations.is_empty() {
        (repository_root(), Vec::new())
    } else {
        let first = locations.remove(0);
        (first, locations)
    };
    SarifResult {
        rule_id: rule_id.to_string(),
        rule_index,
        level,
        message: Message { text: message },
        locations: vec![primary],
        related_locations: related,
        partial_fingerprints: BTreeMap::from([("gapscope/v1", fingerprint)]),
        properties,
    }
}

fn gap_result(g: &GapView<'_>, rule_index: usize) -> SarifResult {
    let gap = g.gap;
    let mut evidence: Vec<(&str, &EvidenceRef)> = Vec::new();
    evidence.extend(g.against.iter().map(|e| ("against", e)));
    evidence.extend(g.evidence.iter().map(|e| ("in place", e)));
    evidence.extend(
        g.weak
            .iter()
            .map(|e| ("only in a non-implementation file", e)),
    );
    let message = format!(
        "{}: {} is {} ({}). Priority {}, risk {} ({} impact × {} probability), about {} person-days, phase {}{}. {}",
        gap.id,
        sentence(&gap.title).trim_end_matches('.'),
        gap.status,
        super::templates::one_line(g.reason),
        gap.priority,
        gap.risk,
        gap.impact,
        gap.probability,
        gap.effort_days,
        gap.phase,
        if gap.blocked_by.is_empty() {
            String::new()
        } else {
            format!(", blocked by {}", gap.blocked_by.join(", "))
        },
        sentence(&gap.fix)
    );
    let properties = BTreeMap::from([
        ("gap", serde_json::json!(gap.id)),
        ("requirement", serde_json::json!(gap.requirement)),
        ("status", serde_json::json!(gap.status)),
        ("priority", serde_json::json!(gap.priority)),
        ("risk", serde_json::json!(gap.risk)),
        ("effortDays", serde_json::json!(gap.effort_days)),
        ("phase", serde_json::json!(gap.phase)),
        ("blockedBy", serde_json::json!(gap.blocked_by)),
    ]);
    result(
        &gap.requirement,
        rule_index,
        level(gap.risk),
        message,
        &evidence,
        gap.requirement.clone(),
        properties,
    )
}

fn stub_rule() -> Rule {
    Rule {
        id: STUB_RULE_ID.into(),
        name: "StubOrPlaceholder".into(),
        short_description: Message {
            text: "Code that is a stub or placeholder.".into(),
        },
        full_description: Message {
            text: "A function whose body is a TODO, pass, raise NotImplementedError, todo!(), \
                   unimplemented!(), panic(\"not implemented\"), a log line that says placeholder \
                   or an empty handler does not implement what it names, and gapscope does not \
                   count it as implementation."
                .into(),
        },
        help: Message {
            text: "Implement the function or remove it and what calls it; until then, list it as \
                   open work."
                .into(),
        },
        default_configuration: Configuration { level: "warning" },
        properties: RuleProperties {
            tags: vec!["stub".into()],
            priority: None,
        },
    }
}

fn test_rule() -> Rule {
    Rule {
        id: TEST_RULE_ID.into(),
        name: "TestWithoutAssertion".into(),
        short_description: Message {
            text: "A test that asserts nothing.".into(),
        },
        full_description: Message {
            text: "A test function with no assertion, expectation or check passes whatever the \
                   code under test does; it proves only that the code runs without crashing."
                .into(),
        },
        help: Message {
            text: "Assert what the code under test must return or do, or remove the test.".into(),
        },
        default_configuration: Configuration { level: "note" },
        properties: RuleProperties {
            tags: vec!["test".into()],
            priority: None,
        },
    }
}

/// Which rule a stub is reported under, if any: implementation stubs under the stub rule,
/// tests that assert nothing under theirs, the rest (examples, fixtures, …) not at all.
fn stub_rule_of(s: &Stub) -> Option<&'static str> {
    if is_implementation_stub(s) {
        Some(STUB_RULE_ID)
    } else if is_test_without_assertion(s) {
        Some(TEST_RULE_ID)
    } else {
        None
    }
}

fn stub_result(s: &Stub, rule_id: &'static str, rule_index: usize) -> SarifResult {
    // The whole function is the region; the line that shows the stub is quoted in the
    // location's message (a region's snippet would have to be the whole region).
    let e = EvidenceRef::new(&Evidence::lines(&s.path, s.role, s.start_line, s.end_line));
    let label = format!(
        "line {}: {}",
        s.line,
        super::templates::one_line(&s.snippet)
    );
    let (message, level) = if rule_id == TEST_RULE_ID {
        (
            format!(
                "Test `{}` asserts nothing (lines {}–{}): it passes whatever the code does.",
                super::templates::one_line(&s.function),
                s.start_line,
                s.end_line
            ),
            "note",
        )
    } else {
        (
            format!(
                "`{}` is a stub ({}, line {}): it does not implement what its name says{}.",
                super::templates::one_line(&s.function),
                s.kind.as_str().replace('_', " "),
                s.line,
                s.component
                    .as_deref()
                    .map(|c| format!(" (component {})", super::templates::one_line(c)))
                    .unwrap_or_default()
            ),
            "warning",
        )
    };
    let mut properties = BTreeMap::from([
        ("function", serde_json::json!(s.function)),
        ("kind", serde_json::json!(s.kind)),
        ("line", serde_json::json!(s.line)),
    ]);
    if let Some(c) = &s.component {
        properties.insert("component", serde_json::json!(c));
    }
    // Path and function, not lines: the fingerprint follows the stub when lines move.
    let fingerprint = format!("{rule_id}:{}:{}", s.path, s.function);
    result(
        rule_id,
        rule_index,
        level,
        message,
        &[(label.as_str(), &e)],
        fingerprint,
        properties,
    )
}

/// The SARIF log of `analysis`.
pub fn log(analysis: &Analysis) -> Log {
    let report = Report::new(analysis);
    // Rules: the requirements with a gap, in gap-id order, then the stub rule.
    let mut rules: Vec<Rule> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for gap in &analysis.plan.gaps {
        index.insert(&gap.requirement, rules.len());
        let priority = gap.priority.as_str();
        rules.push(Rule {
            id: gap.requirement.clone(),
            name: rule_name(&gap.requirement),
            short_description: Message {
                text: sentence(&gap.title),
            },
            full_description: Message {
                text: sentence(&gap.why),
            },
            help: Message {
                text: sentence(&gap.fix),
            },
            default_configuration: Configuration {
                level: level(crate::plan::risk::impact(gap.priority)),
            },
            properties: RuleProperties {
                tags: vec![gap.area.clone()],
                priority: Some(priority),
            },
        });
    }
    let stub_index = rules.len();
    rules.push(stub_rule());
    let test_index = rules.len();
    rules.push(test_rule());

    let mut gaps: Vec<&GapView<'_>> = report.gaps_by_risk.iter().collect();
    gaps.sort_by(|a, b| a.gap.id.cmp(&b.gap.id));
    let mut results: Vec<SarifResult> = gaps
        .iter()
        .map(|g| gap_result(g, index[g.gap.requirement.as_str()]))
        .collect();
    let mut stubs: Vec<(&'static str, &Stub)> = analysis
        .stubs
        .iter()
        .filter_map(|s| Some((stub_rule_of(s)?, s)))
        .collect();
    // Implementation stubs first, then tests; each by path, line and function.
    stubs.sort_by(|(ra, a), (rb, b)| {
        (
            *ra != STUB_RULE_ID,
            &a.path,
            a.start_line,
            a.line,
            &a.function,
        )
            .cmp(&(
                *rb != STUB_RULE_ID,
                &b.path,
                b.start_line,
                b.line,
                &b.function,
            ))
    });
    results.extend(stubs.into_iter().map(|(rule, s)| {
        let i = if rule == STUB_RULE_ID {
            stub_index
        } else {
            test_index
        };
        stub_result(s, rule, i)
    }));

    Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "gapscope",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: None,
                    uri_base_id: None,
                    description: Some(Message {
                        text: "The root of the analysed repository.".into(),
                    }),
                },
            )]),
            results,
        }],
    }
}

/// Writes the SARIF log of `analysis`.
pub fn write(out: &mut dyn Write, analysis: &Analysis) -> io::Result<()> {
    super::json::write(out, &log(analysis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_and_sentences() {
        assert_eq!(rule_name("db.migrations"), "DbMigrations");
        assert_eq!(rule_name("gtm.deploy-make-targets"), "GtmDeployMakeTargets");
        assert_eq!(sentence("no evidence"), "no evidence.");
        assert_eq!(sentence("done."), "done.");
    }
}
