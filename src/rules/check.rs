//! Checking a label against a rule set: each enabled rule's kind judges the label, then
//! suppression and ordering. What each kind fires on is in its own file under `kinds/`.

use std::collections::HashMap;

use serde::Serialize;

use super::kinds::{Audit, Detail, LabelPlace, Subject};
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
    /// The value on the label the finding is about, when the kind knows it.
    pub place: Option<LabelPlace>,
    /// What was printed and what labelcheck recomputed (regional rules).
    pub audit: Option<Audit>,
}

/// A rule that could not judge a label because the label lacks what it needs.
#[derive(Debug, Clone)]
pub struct NotChecked<'r> {
    pub rule: &'r Rule,
    /// "the label text has no %DV column".
    pub reason: String,
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
        self.check_rules(label, intake, profile, |_, _| true)
    }

    /// [`RuleSet::check`] saying only which rules fire: the same rules, suppression and order,
    /// with empty messages and no thresholds, places or audit trails. For counting findings
    /// over many labels (`labelcheck survey`), where the words would be thrown away.
    pub fn check_verdicts<'r>(
        &'r self,
        label: &Label,
        intake: &Intake,
        profile: &Profile,
    ) -> Vec<Finding<'r>> {
        self.check_detailed(label, intake, profile, |_, _| true, Detail::Verdict)
    }

    /// Checks one label with the enabled rules `which` keeps, given each rule's index in the
    /// set and the rule (a regimen checks its total with
    /// the rules that measure amounts, and each product with the others), with suppression and
    /// ordering as [`RuleSet::check`].
    pub fn check_rules<'r>(
        &'r self,
        label: &Label,
        intake: &Intake,
        profile: &Profile,
        which: impl Fn(usize, &Rule) -> bool,
    ) -> Vec<Finding<'r>> {
        self.check_detailed(label, intake, profile, which, Detail::Full)
    }

    fn check_detailed<'r>(
        &'r self,
        label: &Label,
        intake: &Intake,
        profile: &Profile,
        which: impl Fn(usize, &Rule) -> bool,
        detail: Detail,
    ) -> Vec<Finding<'r>> {
        let subject = Subject {
            label,
            intake,
            profile,
            detail,
        };
        let mut findings: Vec<Finding<'r>> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(i, r)| self.is_active(r) && which(*i, r))
            .map(|(_, r)| r)
            .filter_map(|r| evaluate(r, &subject))
            .collect();
        if findings.iter().any(|f| !f.rule.suppressed_by.is_empty()) {
            let reported = reported_after_suppression(&findings);
            let mut keep = reported.into_iter();
            findings.retain(|_| keep.next().unwrap_or(true));
        }
        // Stable: equal severities keep rule-file order.
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity()));
        findings
    }

    /// The active rules that could not judge this label, with why, in rule-file order.
    pub fn not_checked<'r>(
        &'r self,
        label: &Label,
        intake: &Intake,
        profile: &Profile,
    ) -> Vec<NotChecked<'r>> {
        let subject = Subject {
            label,
            intake,
            profile,
            detail: Detail::Full,
        };
        self.rules
            .iter()
            .filter(|r| self.is_active(r))
            .filter_map(|rule| {
                let reason = rule.kind.not_checked(&subject)?;
                Some(NotChecked { rule, reason })
            })
            .collect()
    }
}

/// Which findings are reported: a finding is silent only when a finding that suppresses it is
/// itself reported. Loading refuses suppression cycles; should a rule set built in code have
/// one anyway, the finding the walk meets first in a cycle stays reported, so a cycle never
/// hides every finding in it.
fn reported_after_suppression(findings: &[Finding<'_>]) -> Vec<bool> {
    // A label fires a handful of rules; an index by id pays off only for edited sets with many.
    let index: Option<HashMap<&str, usize>> = (findings.len() > 16).then(|| {
        findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f.rule.id.as_str(), i))
            .collect()
    });
    let position = |id: &str| match &index {
        Some(map) => map.get(id).copied(),
        None => findings.iter().position(|f| f.rule.id == id),
    };
    fn visit(
        i: usize,
        findings: &[Finding<'_>],
        position: &dyn Fn(&str) -> Option<usize>,
        state: &mut [Option<bool>],
    ) -> bool {
        if let Some(known) = state[i] {
            return known;
        }
        // While its suppressors are judged, this finding counts as reported.
        state[i] = Some(true);
        let silenced = findings[i]
            .rule
            .suppressed_by
            .iter()
            .any(|by| position(by).is_some_and(|j| visit(j, findings, position, state)));
        state[i] = Some(!silenced);
        !silenced
    }
    let mut state = vec![None; findings.len()];
    (0..findings.len())
        .map(|i| visit(i, findings, &position, &mut state))
        .collect()
}

fn evaluate<'r>(rule: &'r Rule, subject: &Subject<'_>) -> Option<Finding<'r>> {
    let fired = rule.kind.evaluate(subject)?;
    Some(Finding {
        rule,
        message: fired.message,
        threshold: fired.threshold,
        place: fired.place,
        audit: fired.audit,
    })
}
