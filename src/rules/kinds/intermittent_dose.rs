use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "intermittent-dose",
    fires_on: "one administration (one serving) supplies at least single_dose_at_least, on any \
        schedule, or the product is taken less often than daily and one administration supplies \
        more than non_daily_above.",
    why: "A weekly or monthly product averaged to a day hides its bolus: this kind judges the \
        amount taken at once, which the daily-average rules cannot see.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. vitamin_d_iu",
        SINGLE_DOSE_AT_LEAST = "single_dose_at_least": "the amount in one administration from \
            which the rule fires, whatever the schedule",
        NON_DAILY_ABOVE = "non_daily_above": "for a product taken less often than daily: the \
            amount in one administration above which the rule fires (e.g. the daily caution level)",
    ],
    example: r#"
kind = "intermittent-dose"
quantity = "vitamin_d_iu"
single_dose_at_least = 50000
non_daily_above = 10000
"#,
    #[derive(Debug, Clone)]
    pub struct IntermittentDose {
        pub quantity: Quantity,
        pub single_dose_at_least: f64,
        pub non_daily_above: f64,
    }
}

impl Kind for IntermittentDose {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = read::quantity(f, QUANTITY, ctx);
        let single = read::threshold(
            f,
            SINGLE_DOSE_AT_LEAST,
            "the amount in one administration from which the rule fires",
            ctx,
        );
        let non_daily = read::threshold(
            f,
            NON_DAILY_ABOVE,
            "the amount in one non-daily administration above which the rule fires",
            ctx,
        );
        Some(IntermittentDose {
            quantity: quantity?,
            single_dose_at_least: single?,
            non_daily_above: non_daily?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let dose = self.quantity.of(&s.intake.per_serving);
        let unit = self.quantity.unit();
        let daily = s.intake.schedule().is_daily();
        let (what, threshold) = if dose > 0.0 && dose >= self.single_dose_at_least {
            (
                format!(
                    "one dose supplies {} {unit} of {}, at or above the {} {unit} single-dose level",
                    number(dose),
                    self.quantity.noun(),
                    number(self.single_dose_at_least)
                ),
                Threshold {
                    value: self.single_dose_at_least,
                    unit: format!("{unit} per dose"),
                    comparison: "at-least",
                },
            )
        } else if !daily && dose > self.non_daily_above {
            (
                format!(
                    "a dose taken less often than daily supplies {} {unit} of {}, above {} {unit}",
                    number(dose),
                    self.quantity.noun(),
                    number(self.non_daily_above)
                ),
                Threshold {
                    value: self.non_daily_above,
                    unit: format!("{unit} per dose"),
                    comparison: "above",
                },
            )
        } else {
            return None;
        };
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        Some(Fired::with_threshold(
            format!("{} — {what}", s.intake.dose_text()),
            threshold,
        ))
    }

    fn trigger(&self) -> String {
        let unit = self.quantity.unit();
        format!(
            "one dose supplies at least {} {unit} of {}, or a product taken less often than daily \
             supplies more than {} {unit} per dose",
            number(self.single_dose_at_least),
            self.quantity.noun(),
            number(self.non_daily_above)
        )
    }

    fn parameters(&self) -> Value {
        json!({
            QUANTITY: self.quantity.key(),
            SINGLE_DOSE_AT_LEAST: self.single_dose_at_least,
            NON_DAILY_ABOVE: self.non_daily_above,
        })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        let unit = format!("{} per dose", self.quantity.unit());
        vec![
            NumericParam::new(
                ParamPath::Key(SINGLE_DOSE_AT_LEAST),
                "single dose from".into(),
                self.single_dose_at_least,
                unit.clone(),
            ),
            NumericParam::new(
                ParamPath::Key(NON_DAILY_ABOVE),
                "non-daily dose above".into(),
                self.non_daily_above,
                unit,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    fn kind() -> crate::rules::kinds::RuleKind {
        rule_of_kind(
            "kind = \"intermittent-dose\"\nquantity = \"vitamin_d_iu\"\n\
             single_dose_at_least = 50000\nnon_daily_above = 10000",
        )
    }

    fn product(iu: f64, servings_per_day: f64) -> Label {
        Label {
            serving_size: Some("1 capsule".into()),
            servings_per_day: Some(servings_per_day),
            ingredients: vec![Ingredient::new("Vitamin D3", None, iu, Unit::Iu)],
            ..Label::default()
        }
    }

    #[test]
    fn a_single_dose_fires_at_the_threshold_on_any_schedule() {
        let k = kind();
        let at = |iu, spd| judge(&k, product(iu, spd), None, Anticoagulant::None);
        assert!(at(49_999.0, 1.0).is_none());
        let fired = at(50_000.0, 1.0 / 7.0).expect("weekly 50,000 IU");
        assert_eq!(
            fired.message,
            "1 capsule per week (50,000 IU; 7,143 IU/day on average) — one dose supplies 50,000 \
             IU of vitamin D, at or above the 50,000 IU single-dose level"
        );
        assert!(at(50_000.0, 1.0).is_some(), "a daily 50,000 IU dose too");
    }

    #[test]
    fn a_non_daily_dose_fires_just_above_the_daily_caution_level() {
        let k = kind();
        let at = |iu, spd| judge(&k, product(iu, spd), None, Anticoagulant::None);
        assert!(at(10_000.0, 0.1).is_none());
        assert!(at(10_001.0, 0.1).is_some());
        assert!(at(20_000.0, 1.0).is_none(), "daily doses are the daily rules' business");
    }
}
