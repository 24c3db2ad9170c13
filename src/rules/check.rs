//! Evaluating rules against a normalised label. "Above" is strictly greater and "below"
//! strictly less, so a value exactly at a threshold never fires.

use serde::Serialize;

use super::model::{FormName, Rule, RuleKind};
use super::{RuleSet, Severity};
use crate::format::number;
use crate::label::{Carrier, Intake, Label};
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
    let day = &intake.per_day;
    let (message, threshold) = match &rule.kind {
        RuleKind::Above {
            quantity,
            limit,
            limit_name,
        } => {
            let value = quantity.of(day);
            let applied = limit.applied(profile.age_years)?;
            if value <= applied.value {
                return None;
            }
            let unit = quantity.per_day_unit();
            (
                format!(
                    "{} {unit} of {} is above the {} {unit} {limit_name}{}",
                    number(value),
                    quantity.noun(),
                    number(applied.value),
                    applied.scope
                ),
                Some(Threshold {
                    value: applied.value,
                    unit,
                    comparison: "above",
                }),
            )
        }
        RuleKind::Below {
            quantity,
            minimum,
            limit_name,
        } => {
            let value = quantity.of(day);
            if value <= 0.0 || value >= *minimum {
                return None;
            }
            let unit = quantity.per_day_unit();
            (
                format!(
                    "{} {unit} of {} is below the {} {unit} {limit_name}",
                    number(value),
                    quantity.noun(),
                    number(*minimum)
                ),
                Some(Threshold {
                    value: *minimum,
                    unit,
                    comparison: "below",
                }),
            )
        }
        RuleKind::MissingCompanion {
            quantity,
            minimum,
            companion,
        } => {
            let value = quantity.of(day);
            if value < *minimum || value <= 0.0 || companion.of(day) > 0.0 {
                return None;
            }
            let unit = quantity.per_day_unit();
            (
                format!(
                    "{} {unit} of {} and no {} (noted from {} {unit})",
                    number(value),
                    quantity.noun(),
                    companion.noun(),
                    number(*minimum)
                ),
                Some(Threshold {
                    value: *minimum,
                    unit,
                    comparison: "at-least",
                }),
            )
        }
        RuleKind::RatioBelow {
            numerator,
            denominator,
            per,
            minimum,
            denominator_at_least,
            limit_name,
        } => {
            let den = denominator.of(day);
            if den <= 0.0 || den < *denominator_at_least {
                return None;
            }
            let num = numerator.of(day);
            let ratio = num / den * per;
            if ratio >= *minimum {
                return None;
            }
            let unit = format!(
                "{} per {} {}",
                numerator.unit(),
                number(*per),
                denominator.unit()
            );
            (
                format!(
                    "{} {} of {} per {} {} of {} is below the {} {unit} {limit_name} ({} {}/day with {} {}/day)",
                    number(ratio),
                    numerator.unit(),
                    numerator.noun(),
                    number(*per),
                    denominator.unit(),
                    denominator.noun(),
                    number(*minimum),
                    number(num),
                    numerator.unit(),
                    number(den),
                    denominator.unit()
                ),
                Some(Threshold {
                    value: *minimum,
                    unit,
                    comparison: "below",
                }),
            )
        }
        RuleKind::FormPreference { group, preferred } => {
            let total = group.quantity().of(day);
            if total <= 0.0 || preferred.iter().any(|p| p.present(intake)) {
                return None;
            }
            let declared = describe_forms(group.forms(), intake);
            let wanted: Vec<&str> = preferred.iter().map(|p| p.label()).collect();
            (
                format!(
                    "none of the {} is declared as {}: the label gives {declared}",
                    group.noun(),
                    wanted.join(" or ")
                ),
                None,
            )
        }
        RuleKind::FormPresent { forms } => {
            let present: Vec<FormName> = forms
                .iter()
                .copied()
                .filter(|f| f.present(intake))
                .collect();
            if present.is_empty() {
                return None;
            }
            (
                format!(
                    "the label declares {}",
                    describe_forms(present.into_iter(), intake)
                ),
                None,
            )
        }
        RuleKind::Carrier { carrier } => {
            if intake.carrier != *carrier {
                return None;
            }
            let why = match carrier {
                Carrier::Oil => {
                    format!("the vitamins are carried in oil: {}", intake.carrier_reason)
                }
                Carrier::None => format!(
                    "{}, so the fat-soluble vitamins have no oil carrier",
                    intake.carrier_reason
                ),
                Carrier::Unknown => format!("the carrier is unknown: {}", intake.carrier_reason),
            };
            (why, None)
        }
        RuleKind::ProfileConflict {
            anticoagulants,
            quantities,
        } => {
            if !anticoagulants.contains(&profile.anticoagulant) {
                return None;
            }
            let supplied: Vec<String> = quantities
                .iter()
                .filter(|q| q.of(day) > 0.0)
                .map(|q| format!("{} {} {}/day", q.noun(), number(q.of(day)), q.unit()))
                .collect();
            if supplied.is_empty() {
                return None;
            }
            (
                format!(
                    "the label supplies {} and the person takes {}",
                    supplied.join(" and "),
                    profile.anticoagulant.describe()
                ),
                None,
            )
        }
        RuleKind::ClaimPattern { patterns } => {
            let matched: Vec<String> = label
                .claims
                .iter()
                .filter(|c| patterns.iter().any(|p| p.is_match(c)))
                .map(|c| format!("\"{}\"", c.trim()))
                .collect();
            if matched.is_empty() {
                return None;
            }
            let message = if matched.len() == 1 {
                format!(
                    "the claim {} reads as a disease or reversal claim",
                    matched[0]
                )
            } else {
                format!(
                    "the claims {} read as disease or reversal claims",
                    matched.join(", ")
                )
            };
            (message, None)
        }
        RuleKind::IuMassMismatch { tolerance_percent } => {
            let off: Vec<String> = intake
                .iu_mass_pairs
                .iter()
                .filter(|p| p.relative_error() * 100.0 > *tolerance_percent)
                .map(|p| {
                    format!(
                        "{}: {} mcg is {} IU, but the label prints {} IU",
                        p.name,
                        number(p.mass_mcg),
                        number(p.mass_iu()),
                        number(p.declared_iu)
                    )
                })
                .collect();
            if off.is_empty() {
                return None;
            }
            (
                format!("{}; the mass is used", off.join("; ")),
                Some(Threshold {
                    value: *tolerance_percent,
                    unit: "% difference".into(),
                    comparison: "above",
                }),
            )
        }
        RuleKind::ClaimsWithoutDisclaimer => {
            if label.claims.is_empty() || label.disclaimer.is_some() {
                return None;
            }
            let n = label.claims.len();
            (
                format!(
                    "{n} claim{} printed without the FDA disclaimer (\"This statement has not been evaluated by the Food and Drug Administration…\")",
                    if n == 1 { " is" } else { "s are" }
                ),
                None,
            )
        }
    };
    Some(Finding {
        rule,
        message,
        threshold,
    })
}

/// "MK-4 (1,000 mcg/day) and K2 of unstated form (10 mcg/day)".
fn describe_forms(forms: impl Iterator<Item = FormName>, intake: &Intake) -> String {
    let parts: Vec<String> = forms
        .filter(|f| f.present(intake))
        .map(|f| match f.amount(intake) {
            Some(a) => format!("{} ({} mcg/day)", f.label(), number(a)),
            None => f.label().to_string(),
        })
        .collect();
    if parts.is_empty() {
        "no declared form".to_string()
    } else {
        parts.join(" and ")
    }
}
