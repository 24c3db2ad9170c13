//! Checking a label against a rule set: each enabled rule's kind judges the label, then
//! suppression and ordering. What each kind fires on is in its own file under `kinds/`.

use serde::Serialize;

use super::kinds::Subject;
use super::model::Rule;
use super::{RuleSet, Severity};
use crate::label::{Intake, Label};
use crate::profile::Profile;

/// A rule that fired, with the measured value and the threshold in its message.
#[derive(Debug, Clone)]
pub struct Finding<'r> {
    pub rule: &'r Rule,
    pub message: String,
    pub threshold: Option<Threshold>,
}

impl Finding<'_> {
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// The threshold a finding crossed, for scripts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold {
    pub value: f64,
    /// "IU/day", "mg/day", "mcg per 1,000 IU".
    pub unit: String,
    /// "above", "below" or "at-least".
    pub comparison: &'static str,
}

impl RuleSet {
    /// Checks one label. Findings come most severe first, then in rule-file order.
    pub fn check<'r>(
        &'r self,
        label: &Label,
        intake: &Intake,
        profile: &Profile,
    ) -> Vec<Finding<'r>> {
        let mut findings: Vec<Finding<'r>> = self
            .rules
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| evaluate(r, label, intake, profile))
            .collect();
        if findings.iter().any(|f| !f.rule.suppressed_by.is_empty()) {
            let fired: Vec<&str> = findings.iter().map(|f| f.rule.id.as_str()).collect();
            findings.retain(|f| {
                !f.rule
                    .suppressed_by
                    .iter()
                    .any(|s| fired.contains(&s.as_str()))
            });
        }
        // Stable: equal severities keep rule-file order.
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity()));
        findings
    }
}

fn evaluate<'r>(
    rule: &'r Rule,
    label: &Label,
    intake: &Intake,
    profile: &Profile,
) -> Option<Finding<'r>> {
    let fired = rule.kind.evaluate(&Subject {
        label,
        intake,
        profile,
    })?;
    Some(Finding {
        rule,
        message: fired.message,
        threshold: fired.threshold,
    })
}
