use serde_json::{Value, json};

use super::{Fired, ForPerson, Kind, Subject};
use crate::format::number;
use crate::profile::Profile;
use crate::rules::check::Threshold;
use crate::rules::edit::NumericParam;
use crate::rules::model::{Limit, Quantity, bands_in_words};
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "below",
    fires_on: "the amount per day is above 0 and strictly below the minimum (fixed, or the one \
        for the person's age). An age below the first band is not checked.",
    why: "Some doses are too small to do what the label implies (K2 below the amounts trials \
        used): this kind flags an amount that is present but under a minimum. An amount of 0 is \
        left to other rules.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. k2_total_mcg",
        MINIMUM = "minimum": "the amount per day below which the rule fires (give this or \
            age_limits)",
        AGE_LIMITS = "age_limits": "a list of { from_age, limit }, youngest first; the minimum \
            from that age (years, inclusive)",
        WHEN_AGE_UNKNOWN = "limit_when_age_unknown": "with age_limits: the minimum used when no \
            age is given; without it the rule is skipped when no age is given",
        AGE_UNKNOWN_NOTE = "age_unknown_note": "with age_limits: said in the message when the \
            age-unknown minimum is used",
        LIMIT_NAME = "limit_name": "words for the minimum in the message (default \"minimum\")",
    ],
    example: r#"
kind = "below"
quantity = "k2_total_mcg"
minimum = 45
limit_name = "smallest dose used in trials"
"#,
    #[derive(Debug, Clone)]
    pub struct Below {
        pub quantity: Quantity,
        pub minimum: Limit,
        pub limit_name: String,
    }
}

impl Kind for Below {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = read::quantity(f, QUANTITY, ctx);
        let minimum = super::above::read_limit(f, ctx, "below", MINIMUM);
        let limit_name = read::text_or(f, LIMIT_NAME, "minimum", ctx);
        Some(Below {
            quantity: quantity?,
            minimum: minimum?,
            limit_name,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let value = self.quantity.of(&s.intake.per_day);
        let minimum = self.minimum.applied_value(s.profile.age_years)?;
        if value <= 0.0 || value >= minimum {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let applied = self.minimum.applied(s.profile.age_years)?;
        let unit = self.quantity.per_day_unit();
        Some(Fired::with_threshold(
            format!(
                "{} {unit} of {} is below the {} {unit} {}{}",
                number(value),
                self.quantity.noun(),
                number(applied.value),
                self.limit_name,
                applied.scope
            ),
            Threshold {
                value: applied.value,
                unit,
                comparison: "below",
            },
        ))
    }

    fn trigger(&self) -> String {
        let unit = self.quantity.per_day_unit();
        match &self.minimum {
            Limit::Fixed(v) => format!(
                "{} per day is above 0 and below {} {unit}",
                self.quantity.noun(),
                number(*v),
            ),
            Limit::ByAge {
                bands,
                when_age_unknown,
                ..
            } => {
                format!(
                    "{} per day is above 0 and below the minimum for the person's age ({unit}: {})",
                    self.quantity.noun(),
                    bands_in_words(bands, *when_age_unknown)
                )
            }
        }
    }

    fn measures(&self) -> Vec<Quantity> {
        vec![self.quantity]
    }

    fn for_person(&self, p: &Profile) -> Option<ForPerson> {
        let unit = self.quantity.per_day_unit();
        super::limit_for_person(&self.minimum, "minimum", &unit, p.age_years)
    }

    fn parameters(&self) -> Value {
        match &self.minimum {
            Limit::Fixed(v) => json!({
                QUANTITY: self.quantity.key(),
                MINIMUM: v,
                LIMIT_NAME: self.limit_name,
            }),
            Limit::ByAge {
                bands,
                when_age_unknown,
                age_unknown_note,
            } => json!({
                QUANTITY: self.quantity.key(),
                AGE_LIMITS: bands
                    .iter()
                    .map(|b| json!({ "from_age": b.from_age, "limit": b.limit }))
                    .collect::<Vec<_>>(),
                WHEN_AGE_UNKNOWN: when_age_unknown,
                AGE_UNKNOWN_NOTE: age_unknown_note,
                LIMIT_NAME: self.limit_name,
            }),
        }
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        super::above::limit_numeric_params(
            &self.minimum,
            MINIMUM,
            "minimum",
            self.quantity.per_day_unit(),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Unit};
    use crate::rules::kinds::tests::{fire, rule_of_kind};

    #[test]
    fn fires_between_zero_and_the_minimum_only() {
        let kind = rule_of_kind("kind = \"below\"\nquantity = \"k2_total_mcg\"\nminimum = 45");
        let k2 = |mcg| Ingredient::new("Vitamin K2", Some("MK-7"), mcg, Unit::Mcg);
        assert!(fire(&kind, k2(45.0), None).is_none());
        let fired = fire(&kind, k2(44.0), None).expect("fires");
        assert_eq!(
            fired.message,
            "44 mcg/day of vitamin K2 is below the 45 mcg/day minimum"
        );
        let no_k2 = Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu);
        assert!(fire(&kind, no_k2, None).is_none());
    }

    #[test]
    fn an_age_band_minimum_follows_the_age() {
        let kind = rule_of_kind(
            "kind = \"below\"\nquantity = \"k2_total_mcg\"\n\
             age_limits = [{ from_age = 0, limit = 2 }, { from_age = 1, limit = 30 }]\n\
             limit_when_age_unknown = 90",
        );
        let k2 = |mcg| Ingredient::new("Vitamin K2", Some("MK-7"), mcg, Unit::Mcg);
        assert!(fire(&kind, k2(2.0), Some(0.3)).is_none());
        assert!(fire(&kind, k2(1.9), Some(0.3)).is_some());
        assert!(fire(&kind, k2(30.0), Some(2.0)).is_none());
        let fired = fire(&kind, k2(29.0), Some(2.0)).expect("fires");
        assert_eq!(
            fired.message,
            "29 mcg/day of vitamin K2 is below the 30 mcg/day minimum for ages 1 y and over"
        );
        assert!(fire(&kind, k2(89.0), None).is_some());
    }
}
