//! How documents name what a target checks: each requirement's phrases and technologies and
//! each area's words, normalized once, so `verify` and target documents tie a document's
//! items to requirements through the target's own data (a custom target is as verifiable as
//! the built-in profile).

use super::{Target, Technology};
use crate::text::normalize_words;

/// A target's phrases, technologies and area words, ready to match against text.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Requirement id → its phrases, normalized and padded with spaces.
    requirements: Vec<(String, Vec<String>)>,
    /// Each technology (first named wins) with the padded, normalized words that name it.
    technologies: Vec<(Technology, Vec<String>)>,
    /// Area → its words, normalized.
    areas: Vec<(String, Vec<String>)>,
}

impl Vocabulary {
    pub fn of(target: &Target) -> Self {
        let padded = |p: &str| format!(" {} ", normalize_words(p));
        let requirements = target
            .requirements
            .iter()
            .filter(|r| !r.phrases.is_empty())
            .map(|r| (r.id.clone(), r.phrases.iter().map(|p| padded(p)).collect()))
            .collect();
        let mut technologies: Vec<(Technology, Vec<String>)> = Vec::new();
        for t in target.requirements.iter().flat_map(|r| &r.technologies) {
            if technologies.iter().any(|(known, _)| known.name == t.name) {
                continue;
            }
            let mut words = Vec::new();
            for name in std::iter::once(&t.name).chain(&t.aliases) {
                let n = normalize_words(name);
                for w in [format!(" {n} "), format!(" {} ", n.replace(' ', ""))] {
                    if !words.contains(&w) {
                        words.push(w);
                    }
                }
            }
            technologies.push((t.clone(), words));
        }
        let areas = target
            .area_phrases
            .iter()
            .map(|a| {
                let words = a.phrases.iter().map(|p| normalize_words(p)).collect();
                (a.id.clone(), words)
            })
            .collect();
        Vocabulary {
            requirements,
            technologies,
            areas,
        }
    }

    /// Requirements whose phrases an item names, in target order.
    pub fn requirements_for(&self, item: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .phrases_in(item)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        ids.dedup();
        ids
    }

    /// The phrases of the target an item names (normalized), with their requirement.
    pub fn phrases_in(&self, item: &str) -> Vec<(&str, &str)> {
        let normal = normalize_words(item);
        let padded = format!(" {normal} ");
        let split = format!(" {} ", normal.replace('/', " "));
        self.requirements
            .iter()
            .flat_map(|(id, phrases)| {
                phrases
                    .iter()
                    .filter(|p| padded.contains(p.as_str()) || split.contains(p.as_str()))
                    .map(move |p| (id.as_str(), p.trim()))
            })
            .collect()
    }

    /// The words of a requirement's phrases (to tell them from the words that name a part of
    /// the repository).
    pub fn phrase_words(&self, id: &str) -> Vec<String> {
        self.requirements
            .iter()
            .filter(|(r, _)| r == id)
            .flat_map(|(_, ps)| {
                ps.iter()
                    .flat_map(|p| p.split_whitespace().map(str::to_string))
            })
            .collect()
    }

    /// Technologies a text names, in target order.
    pub fn technologies_in(&self, text: &str) -> Vec<&Technology> {
        let words = format!(" {} ", normalize_words(text).replace('/', " "));
        self.technologies
            .iter()
            .filter(|(_, names)| names.iter().any(|n| words.contains(n.as_str())))
            .map(|(t, _)| t)
            .collect()
    }

    /// The technology of that name.
    pub fn technology(&self, name: &str) -> Option<&Technology> {
        self.technologies
            .iter()
            .map(|(t, _)| t)
            .find(|t| t.name == name)
    }

    /// Whether the whole label is one of the area's words.
    pub fn area_is_named_by(&self, area: &str, label: &str) -> bool {
        let norm = normalize_words(label);
        let norm = norm.trim();
        self.areas
            .iter()
            .any(|(a, words)| a == area && words.iter().any(|w| w == norm))
    }

    /// Areas a label names ("Caching layer" → caching), in target order.
    pub fn areas_named(&self, label: &str) -> Vec<&str> {
        let norm = normalize_words(label);
        let padded = format!(" {} ", norm.trim());
        let mut hits: Vec<&str> = self
            .areas
            .iter()
            .filter(|(_, words)| words.iter().any(|w| padded.contains(&format!(" {w} "))))
            .map(|(a, _)| a.as_str())
            .collect();
        hits.dedup();
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Vocabulary {
        Vocabulary::of(&crate::rules::builtin())
    }

    #[test]
    fn items_name_requirements_by_their_phrases() {
        let v = builtin();
        assert_eq!(
            v.requirements_for("Health checks for all services"),
            vec!["container.healthcheck"]
        );
        assert_eq!(
            v.requirements_for("End-to-end test suite"),
            vec!["test.e2e"]
        );
        assert_eq!(v.requirements_for("OIDC/SSO"), vec!["auth.authentication"]);
        assert_eq!(v.requirements_for("CI/CD pipeline"), vec!["ci.pipeline"]);
        assert!(v
            .requirements_for("Rollback route publishes the rollback event")
            .is_empty());
    }

    #[test]
    fn technologies_are_named_by_name_alias_or_joined_words() {
        let v = builtin();
        let names = |t: &str| -> Vec<String> {
            v.technologies_in(t)
                .iter()
                .map(|t| t.name.clone())
                .collect()
        };
        assert_eq!(names("Postgres volumes"), vec!["PostgreSQL"]);
        assert_eq!(names("ArgoCD sync"), vec!["Argo CD"]);
        assert!(names("a storming sea").is_empty());
    }

    #[test]
    fn a_custom_target_brings_its_own_words() {
        let target: crate::rules::TargetFile = serde_saphyr::from_str(
            "areas:\n  - id: payments\n    phrases: [billing]\nrequirements:\n  - id: pay.ledger\n    area: payments\n    title: t\n    why: w\n    fix: f\n    priority: high\n    effort_days: 1\n    phrases: [double entry ledger]\n    technologies:\n      - {name: Stripe, regex: 'stripe'}\n    met: {file: {globs: ['ledger/**']}}\n",
        )
        .unwrap();
        let target = Target {
            requirements: target.requirements,
            area_phrases: target.areas,
            ..Default::default()
        };
        let v = Vocabulary::of(&target);
        assert_eq!(
            v.requirements_for("Double-entry ledger"),
            vec!["pay.ledger"]
        );
        assert_eq!(v.areas_named("Billing"), vec!["payments"]);
        assert_eq!(
            v.technology("Stripe").map(|t| t.regex.as_str()),
            Some("stripe")
        );
    }
}
