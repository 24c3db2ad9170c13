use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::label::intake::Schedule;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "interval-dose",
    fires_on: "the product is taken once every every_days days and one administration supplies \
        more than `above` (and, with at_most, no more than at_most).",
    why: "Some schedules are written for one dosing interval: Australia's pharmacist-only entry \
        for vitamin D is per recommended single weekly dose. A daily limit cannot see such a \
        dose, and a weekly entry says nothing about a monthly one, so a product on another \
        non-daily schedule is reported as not checked.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. vitamin_d_mcg",
        EVERY_DAYS = "every_days": "the dosing interval the rule is written for, in days (7 = \
            once a week)",
        ABOVE = "above": "the amount in one administration above which the rule fires",
        AT_MOST = "at_most": "optional: the largest amount in one administration the rule \
            covers (a band up to a schedule's ceiling)",
        OUTCOME = "outcome": "what such a dose means, said in the message (e.g. \"a \
            pharmacist-only medicine\")",
    ],
    example: r#"
kind = "interval-dose"
quantity = "vitamin_d_mcg"
every_days = 7
above = 25
at_most = 175
outcome = "a pharmacist-only (Schedule 3) medicine"
"#,
    #[derive(Debug, Clone)]
    pub struct IntervalDose {
        quantity: Quantity,
        every_days: f64,
        above: f64,
        at_most: Option<f64>,
        outcome: String,
    }
}

/// Dosing intervals are stored as servings per day (1/7 as 0.142857): within this many days
/// they are the same interval.
const SAME_INTERVAL_DAYS: f64 = 0.01;

impl IntervalDose {
    /// The interval the label is taken at, when it is not daily.
    fn interval(s: &Subject<'_>) -> Option<f64> {
        match s.intake.schedule() {
            Schedule::Intermittent { days } => Some(days),
            Schedule::Daily { .. } => None,
        }
    }

    fn on_interval(&self, days: f64) -> bool {
        (days - self.every_days).abs() < SAME_INTERVAL_DAYS
    }

    /// "once a week", "once every 10 days".
    fn interval_words(days: f64) -> String {
        if (days - 7.0).abs() < SAME_INTERVAL_DAYS {
            "once a week".to_string()
        } else {
            format!("once every {} days", number(days))
        }
    }
}

impl Kind for IntervalDose {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = read::quantity(f, QUANTITY, ctx);
        let every_days = match ctx.keep(f.require_number(EVERY_DAYS, "the dosing interval in days")) {
            Some(d) if *d.get_ref() <= 1.0 => {
                ctx.fail(
                    d.span(),
                    format!(
                        "`{EVERY_DAYS}` must be more than 1 day (found {}): daily amounts are \
                         judged by the `above` kind",
                        number(*d.get_ref())
                    ),
                );
                None
            }
            Some(d) => read::check_threshold(EVERY_DAYS, &d, ctx),
            None => None,
        };
        let above = read::threshold(
            f,
            ABOVE,
            "the amount in one administration above which the rule fires",
            ctx,
        );
        let at_most = match ctx.keep(f.take_number(AT_MOST)).flatten() {
            Some(a) => Some(read::check_threshold(AT_MOST, &a, ctx)?),
            None => None,
        };
        let outcome = read::text_or(f, OUTCOME, "above the limit for that schedule", ctx);
        Some(IntervalDose {
            quantity: quantity?,
            every_days: every_days?,
            above: above?,
            at_most,
            outcome,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let days = Self::interval(s)?;
        if !self.on_interval(days) {
            return None;
        }
        let dose = self.quantity.of(&s.intake.per_serving);
        if dose <= self.above || self.at_most.is_some_and(|m| dose > m) {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let unit = self.quantity.unit();
        let band = match self.at_most {
            Some(m) => format!(
                "above {} {unit} and at most {} {unit}",
                number(self.above),
                number(m)
            ),
            None => format!("above {} {unit}", number(self.above)),
        };
        Some(
            Fired::with_threshold(
                format!(
                    "one dose taken {} supplies {} {unit} of {}, {band}: {}",
                    Self::interval_words(days),
                    number(dose),
                    self.quantity.noun(),
                    self.outcome
                ),
                Threshold {
                    value: self.above,
                    unit: format!("{unit} per dose"),
                    comparison: "above",
                },
            )
            .audited(
                format!("{} {unit} {}", number(dose), Self::interval_words(days)),
                band,
            ),
        )
    }

    fn trigger(&self) -> String {
        let unit = self.quantity.unit();
        let band = match self.at_most {
            Some(m) => format!(
                "above {} {unit} and at most {} {unit}",
                number(self.above),
                number(m)
            ),
            None => format!("above {} {unit}", number(self.above)),
        };
        format!(
            "a product taken {} gives {} in one dose, {band}",
            Self::interval_words(self.every_days),
            self.quantity.noun()
        )
    }

    fn parameters(&self) -> Value {
        let mut v = json!({
            QUANTITY: self.quantity.key(),
            EVERY_DAYS: self.every_days,
            ABOVE: self.above,
        });
        if let (Some(m), Some(o)) = (self.at_most, v.as_object_mut()) {
            o.insert(AT_MOST.to_string(), json!(m));
        }
        if let Some(o) = v.as_object_mut() {
            o.insert(OUTCOME.to_string(), json!(self.outcome));
        }
        v
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        let unit = format!("{} per dose", self.quantity.unit());
        let mut params = vec![NumericParam::new(
            ParamPath::Key(ABOVE),
            ABOVE.to_string(),
            self.above,
            unit.clone(),
        )];
        if let Some(m) = self.at_most {
            params.push(NumericParam::new(
                ParamPath::Key(AT_MOST),
                AT_MOST.to_string(),
                m,
                unit,
            ));
        }
        params
    }

    /// A label taken on another non-daily schedule is not judged: the rule's figure is for
    /// its own interval, and spreading a dose over another one would be a guess.
    fn not_checked(&self, s: &Subject<'_>) -> Option<String> {
        let days = Self::interval(s)?;
        if self.on_interval(days) || self.quantity.of(&s.intake.per_serving) <= 0.0 {
            return None;
        }
        Some(format!(
            "the label is taken {}; the rule is written for a dose taken {}",
            Self::interval_words(days),
            Self::interval_words(self.every_days)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{judge, rule_of_kind};
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;

    fn label(mcg: f64, servings_per_day: f64) -> Label {
        Label {
            servings_per_day: Some(servings_per_day),
            ingredients: vec![Ingredient::new("Vitamin D3", None, mcg, Unit::Mcg)],
            ..Label::default()
        }
    }

    #[test]
    fn a_weekly_175_mcg_dose_fires_and_the_same_amount_daily_or_monthly_does_not() {
        let kind = rule_of_kind(super::DOC.example);
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        let fired = judge(label(175.0, 1.0 / 7.0)).expect("weekly 175 mcg");
        assert!(
            fired.message.contains("one dose taken once a week supplies 175 mcg of vitamin D"),
            "{}",
            fired.message
        );
        assert!(judge(label(175.0, 1.0)).is_none(), "daily: the above kind's business");
        assert!(judge(label(175.0, 1.0 / 30.0)).is_none(), "monthly: another interval");
    }

    #[test]
    fn the_band_is_above_exclusive_and_at_most_inclusive() {
        let kind = rule_of_kind(super::DOC.example);
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(25.0, 1.0 / 7.0)).is_none(), "at `above`");
        assert!(judge(label(25.5, 1.0 / 7.0)).is_some(), "just above");
        assert!(judge(label(175.0, 1.0 / 7.0)).is_some(), "at `at_most`");
        assert!(judge(label(176.0, 1.0 / 7.0)).is_none(), "above `at_most`");
    }
}
