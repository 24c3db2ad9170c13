//! Rules in words and as data: what triggers each one, and its parameters.

use serde_json::{Value, json};

use super::Rule;
use super::model::{Limit, RuleKind, described_bands};
use crate::format::number;

impl Rule {
    /// What makes the rule fire, in one sentence.
    pub fn trigger(&self) -> String {
        let mut text = match &self.kind {
            RuleKind::Above {
                quantity, limit, ..
            } => {
                let unit = quantity.per_day_unit();
                match limit {
                    Limit::Fixed(v) => {
                        format!("{} per day is above {} {unit}", quantity.noun(), number(*v))
                    }
                    Limit::ByAge {
                        bands,
                        when_age_unknown,
                        ..
                    } => {
                        let mut parts: Vec<String> = described_bands(bands)
                            .map(|(_, ages, limit)| format!("{ages} {}", number(limit)))
                            .collect();
                        if let Some(u) = when_age_unknown {
                            parts.push(format!("no age given {}", number(*u)));
                        }
                        format!(
                            "{} per day is above the limit for the person's age ({unit}: {})",
                            quantity.noun(),
                            parts.join("; ")
                        )
                    }
                }
            }
            RuleKind::Below {
                quantity, minimum, ..
            } => format!(
                "{} per day is above 0 and below {} {}/day",
                quantity.noun(),
                number(*minimum),
                quantity.unit()
            ),
            RuleKind::MissingCompanion {
                quantity,
                minimum,
                companion,
            } => format!(
                "{} per day is at least {} {}/day and the label has no {}",
                quantity.noun(),
                number(*minimum),
                quantity.unit(),
                companion.noun()
            ),
            RuleKind::RatioBelow {
                numerator,
                denominator,
                per,
                minimum,
                denominator_at_least,
                ..
            } => format!(
                "{} is at least {} {}/day and {} per {} {} of it is below {} {}",
                denominator.noun(),
                number(*denominator_at_least),
                denominator.unit(),
                numerator.noun(),
                number(*per),
                denominator.unit(),
                number(*minimum),
                numerator.unit()
            ),
            RuleKind::FormPreference { group, preferred } => {
                let names: Vec<&str> = preferred.iter().map(|p| p.label()).collect();
                format!(
                    "{} is present and none of it is declared as {}",
                    group.noun(),
                    names.join(" or ")
                )
            }
            RuleKind::FormPresent { forms } => {
                let names: Vec<&str> = forms.iter().map(|p| p.label()).collect();
                format!("the label declares {}", names.join(" or "))
            }
            RuleKind::Carrier { carrier } => {
                format!("the carrier detected is `{}`", carrier.as_str())
            }
            RuleKind::ProfileConflict {
                anticoagulants,
                quantities,
            } => {
                let who: Vec<&str> = anticoagulants.iter().map(|a| a.describe()).collect();
                let what: Vec<&str> = quantities.iter().map(|q| q.noun()).collect();
                format!(
                    "the person takes {} and the label supplies {}",
                    who.join(" or "),
                    what.join(" or ")
                )
            }
            RuleKind::ClaimPattern { patterns } => format!(
                "a claim on the label matches one of {} disease or reversal patterns",
                patterns.len()
            ),
            RuleKind::IuMassMismatch { tolerance_percent } => format!(
                "a vitamin D line prints IU that differ from its mass × 40 by more than {}%",
                number(*tolerance_percent)
            ),
            RuleKind::ClaimsWithoutDisclaimer => {
                "claims are printed on the label and the FDA disclaimer is not".to_string()
            }
        };
        if !self.suppressed_by.is_empty() {
            text.push_str(&format!(
                "; silent when {} fires",
                self.suppressed_by.join(" or ")
            ));
        }
        text
    }

    /// The kind's parameters as JSON, keyed as in rules.toml.
    pub fn parameters(&self) -> Value {
        match &self.kind {
            RuleKind::Above {
                quantity,
                limit,
                limit_name,
            } => match limit {
                Limit::Fixed(v) => {
                    json!({ "quantity": quantity.key(), "limit": v, "limit_name": limit_name })
                }
                Limit::ByAge {
                    bands,
                    when_age_unknown,
                    age_unknown_note,
                } => json!({
                    "quantity": quantity.key(),
                    "age_limits": bands.iter().map(|b| json!({ "from_age": b.from_age, "limit": b.limit })).collect::<Vec<_>>(),
                    "limit_when_age_unknown": when_age_unknown,
                    "age_unknown_note": age_unknown_note,
                    "limit_name": limit_name,
                }),
            },
            RuleKind::Below {
                quantity,
                minimum,
                limit_name,
            } => {
                json!({ "quantity": quantity.key(), "minimum": minimum, "limit_name": limit_name })
            }
            RuleKind::MissingCompanion {
                quantity,
                minimum,
                companion,
            } => {
                json!({ "quantity": quantity.key(), "minimum": minimum, "companion": companion.key() })
            }
            RuleKind::RatioBelow {
                numerator,
                denominator,
                per,
                minimum,
                denominator_at_least,
                limit_name,
            } => json!({
                "numerator": numerator.key(),
                "denominator": denominator.key(),
                "per": per,
                "minimum": minimum,
                "denominator_at_least": denominator_at_least,
                "limit_name": limit_name,
            }),
            RuleKind::FormPreference { group, preferred } => json!({
                "group": group.key(),
                "preferred": preferred.iter().map(|p| p.key()).collect::<Vec<_>>(),
            }),
            RuleKind::FormPresent { forms } => {
                json!({ "forms": forms.iter().map(|p| p.key()).collect::<Vec<_>>() })
            }
            RuleKind::Carrier { carrier } => json!({ "carrier": carrier.as_str() }),
            RuleKind::ProfileConflict {
                anticoagulants,
                quantities,
            } => json!({
                "anticoagulants": anticoagulants.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                "quantities": quantities.iter().map(|q| q.key()).collect::<Vec<_>>(),
            }),
            RuleKind::ClaimPattern { patterns } => {
                json!({ "patterns": patterns.iter().map(|p| p.as_str()).collect::<Vec<_>>() })
            }
            RuleKind::IuMassMismatch { tolerance_percent } => {
                json!({ "tolerance_percent": tolerance_percent })
            }
            RuleKind::ClaimsWithoutDisclaimer => json!({}),
        }
    }
}
