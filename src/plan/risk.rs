//! Risk of a gap: impact (from the requirement's priority) × probability (from the evidence
//! behind the finding), in the four levels gap analyses use.

use crate::results::{Confidence, Level, Probability, Status};
use crate::rules::Priority;

/// The formulas, printed in reports so every risk level can be recomputed by hand.
pub const RISK_FORMULA: &str = "impact from priority (critical 4, high 3, medium 2, low 1); \
probability from the evidence (missing with high confidence: high 3; partial, or missing with \
medium confidence: medium 2; low confidence: low 1); risk score = impact × probability; \
risk level: critical ≥ 9, high ≥ 6, medium ≥ 3, low below";

pub fn impact(priority: Priority) -> Level {
    match priority {
        Priority::Critical => Level::Critical,
        Priority::High => Level::High,
        Priority::Medium => Level::Medium,
        Priority::Low => Level::Low,
    }
}

/// Probability of an open finding. Unknown findings are not gaps and have none.
pub fn probability(status: Status, confidence: Confidence) -> Option<Probability> {
    match (status, confidence) {
        (Status::Met | Status::Unknown | Status::NotApplicable, _) => None,
        (_, Confidence::Low) => Some(Probability::Low),
        (Status::Missing, Confidence::High) => Some(Probability::High),
        (Status::Missing | Status::Partial, _) => Some(Probability::Medium),
    }
}

/// Risk level of a score (impact × probability, 1..=12).
pub fn level(score: u32) -> Level {
    match score {
        9.. => Level::Critical,
        6..=8 => Level::High,
        3..=5 => Level::Medium,
        _ => Level::Low,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix() {
        let risk = |p: Priority, s, c| {
            let pr = probability(s, c).unwrap();
            level(impact(p).score() * pr.score())
        };
        use Confidence as C;
        use Status as S;
        assert_eq!(
            risk(Priority::Critical, S::Missing, C::High),
            Level::Critical
        );
        assert_eq!(risk(Priority::High, S::Missing, C::High), Level::Critical);
        assert_eq!(risk(Priority::High, S::Partial, C::Medium), Level::High);
        assert_eq!(risk(Priority::Medium, S::Missing, C::High), Level::High);
        assert_eq!(risk(Priority::Medium, S::Partial, C::Medium), Level::Medium);
        assert_eq!(risk(Priority::Low, S::Missing, C::High), Level::Medium);
        assert_eq!(risk(Priority::Low, S::Partial, C::Medium), Level::Low);
        assert_eq!(risk(Priority::Critical, S::Missing, C::Low), Level::Medium);
        assert_eq!(probability(S::Unknown, C::Low), None);
        assert_eq!(probability(S::Met, C::High), None);
    }
}
