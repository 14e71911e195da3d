//! The items of a target design document, each with its status: its checks' (what it names),
//! or the built-in requirements' it names, or why files cannot decide it.

use super::conditions::{self, Facts, Level};
use crate::facts::{Evidence, FileRole};
use crate::results::{
    DocumentItem, DocumentPhase, DocumentReport, DocumentSummary, Finding, ItemCheck, ItemStatus,
};
use crate::rules::document::DocumentPlan;

/// Evidence entries shown per check.
const CHECK_EVIDENCE: usize = 3;

fn strongest(mut evidence: Vec<Evidence>) -> Vec<Evidence> {
    // Implementation first, then tests, then the rest; stable, so the walk's order stays.
    evidence.sort_by_key(|e| match e.role {
        FileRole::Source => 0,
        FileRole::Test => 1,
        _ => 2,
    });
    evidence.dedup_by(|a, b| a.path == b.path && a.start_line == b.start_line);
    evidence.truncate(CHECK_EVIDENCE);
    evidence
}

/// An item's status from its parts' statuses.
fn combine(parts: &[ItemStatus]) -> ItemStatus {
    let decided: Vec<ItemStatus> = parts
        .iter()
        .copied()
        .filter(|s| *s != ItemStatus::NotApplicable)
        .collect();
    if parts.is_empty() {
        return ItemStatus::Unchecked;
    }
    if decided.is_empty() {
        return ItemStatus::NotApplicable;
    }
    if decided.iter().all(|s| *s == ItemStatus::Met) {
        ItemStatus::Met
    } else if decided
        .iter()
        .any(|s| matches!(s, ItemStatus::Met | ItemStatus::Partial))
    {
        ItemStatus::Partial
    } else if decided.contains(&ItemStatus::Missing) {
        ItemStatus::Missing
    } else {
        ItemStatus::Unknown
    }
}

/// The document's items with their statuses, in its order.
pub fn report(plan: &DocumentPlan, facts: &Facts<'_>, findings: &[Finding]) -> DocumentReport {
    let mut items = Vec::with_capacity(plan.items.len());
    let mut summary = DocumentSummary {
        dropped: plan.dropped,
        ..DocumentSummary::default()
    };
    // Items decided by what they name, by line: their details take their status.
    let mut decided: std::collections::BTreeMap<u32, ItemStatus> = Default::default();
    for p in &plan.items {
        let item = &p.item;
        let mut checks: Vec<ItemCheck> = Vec::new();
        for c in &p.checks {
            let met = conditions::evaluate(&c.met, facts);
            let (status, evidence) = if met.level == Level::Full {
                (ItemStatus::Met, met.support)
            } else {
                let partial = c.partial.as_ref().map(|x| conditions::evaluate(x, facts));
                // Found only in tests, examples or fixtures: begun, not built. A mention in the
                // docs (the design document itself among them) is no part of it.
                let weak: Vec<Evidence> = met
                    .weak
                    .into_iter()
                    .filter(|e| !matches!(e.role, FileRole::Docs))
                    .collect();
                match partial {
                    Some(o) if o.level == Level::Full => (ItemStatus::Partial, o.support),
                    _ if met.level == Level::Partial || !weak.is_empty() => {
                        let mut e = met.support;
                        e.extend(weak);
                        (ItemStatus::Partial, e)
                    }
                    _ => (ItemStatus::Missing, met.against),
                }
            };
            checks.push(ItemCheck {
                what: c.what.clone(),
                status,
                evidence: strongest(evidence),
            });
        }
        let mapped: Vec<&Finding> = p
            .mapped
            .iter()
            .filter_map(|id| findings.iter().find(|f| &f.requirement == id))
            .collect();
        let mut parts: Vec<ItemStatus> = checks.iter().map(|c| c.status).collect();
        parts.extend(mapped.iter().map(|f| ItemStatus::of(f.status)));
        let (status, mut reason) = if item.context {
            (ItemStatus::Context, p.unchecked.clone().unwrap_or_default())
        } else if let Some((line, status)) =
            p.detail_of.and_then(|l| decided.get(&l).map(|s| (l, *s)))
        {
            (
                status,
                format!("a detail of the item on line {line}, which is {status}"),
            )
        } else if let Some(why) = &p.unchecked {
            (ItemStatus::Unchecked, why.clone())
        } else {
            let mut said: Vec<String> = checks
                .iter()
                .take(6)
                .map(|c| format!("{}: {}", c.what, c.status))
                .collect();
            if checks.len() > 6 {
                said.push(format!("{} more", checks.len() - 6));
            }
            for f in &mapped {
                said.push(format!("`{}` {} ({})", f.requirement, f.status, f.reason));
            }
            (combine(&parts), said.join("; "))
        };
        if item.done && matches!(status, ItemStatus::Missing | ItemStatus::Partial) {
            reason = format!("marked done, but {reason}");
        }
        // A requirement the item is checked through shows its evidence as the item's.
        for f in &mapped {
            checks.push(ItemCheck {
                what: format!("`{}` ({})", f.requirement, f.title),
                status: ItemStatus::of(f.status),
                evidence: strongest(if f.evidence.is_empty() {
                    f.against.clone()
                } else {
                    f.evidence.clone()
                }),
            });
        }
        match status {
            ItemStatus::Met => summary.met += 1,
            ItemStatus::Partial => summary.partial += 1,
            ItemStatus::Missing => summary.missing += 1,
            ItemStatus::Unknown => summary.unknown += 1,
            ItemStatus::NotApplicable => summary.not_applicable += 1,
            ItemStatus::Unchecked => summary.unchecked += 1,
            ItemStatus::Context => summary.context += 1,
        }
        if matches!(
            status,
            ItemStatus::Met | ItemStatus::Partial | ItemStatus::Missing
        ) {
            decided.insert(item.line, status);
        }
        items.push(DocumentItem {
            line: item.line,
            end_line: item.end_line,
            form: item.form,
            section: item.section.clone(),
            phase: item.phase.map(|ph| ph as u32 + 1),
            text: item.text.clone(),
            marked_done: item.done,
            status,
            reason,
            checks,
            requirements: p.requirement.iter().chain(&p.mapped).cloned().collect(),
        });
    }
    summary.items = items.len();
    let phases = plan
        .phases
        .iter()
        .enumerate()
        .map(|(i, ph)| {
            let number = i as u32 + 1;
            let of: Vec<&DocumentItem> =
                items.iter().filter(|it| it.phase == Some(number)).collect();
            DocumentPhase {
                number,
                title: ph.title.clone(),
                line: ph.line,
                after: ph.after.iter().map(|a| *a as u32 + 1).collect(),
                effort_days: ph.effort_days,
                items: of.len(),
                met: of.iter().filter(|it| it.status == ItemStatus::Met).count(),
            }
        })
        .collect();
    DocumentReport {
        document: plan.name.clone(),
        path: None,
        summary,
        phases,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_met_only_when_every_part_is() {
        use ItemStatus::*;
        assert_eq!(combine(&[Met, Met]), Met);
        assert_eq!(combine(&[Met, Missing]), Partial);
        assert_eq!(combine(&[Missing, Unknown]), Missing);
        assert_eq!(combine(&[Unknown]), Unknown);
        assert_eq!(combine(&[NotApplicable, Met]), Met);
        assert_eq!(combine(&[NotApplicable]), NotApplicable);
        assert_eq!(combine(&[]), Unchecked);
    }
}
