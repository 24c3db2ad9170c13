use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "below",
    fires_on: "the amount per day is above 0 and strictly below the minimum.",
    why: "Some doses are too small to do what the label implies (K2 below the amounts trials \
        used): this kind flags an amount that is present but under a minimum. An amount of 0 is \
        left to other rules.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. k2_total_mcg",
        MINIMUM = "minimum": "the amount per day below which the rule fires",
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
        pub minimum: f64,
        pub limit_name: String,
    }
}

impl Kind for Below {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = read::quantity(f, QUANTITY, ctx);
        let minimum = read::threshold(
            f,
            MINIMUM,
            "the amount per day below which the rule fires",
            ctx,
        );
        let limit_name = read::text_or(f, LIMIT_NAME, "minimum", ctx);
        Some(Below {
            quantity: quantity?,
            minimum: minimum?,
            limit_name,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let value = self.quantity.of(&s.intake.per_day);
        if value <= 0.0 || value >= self.minimum {
            return None;
        }
        let unit = self.quantity.per_day_unit();
        Some(Fired::with_threshold(
            format!(
                "{} {unit} of {} is below the {} {unit} {}",
                number(value),
                self.quantity.noun(),
                number(self.minimum),
                self.limit_name
            ),
            Threshold {
                value: self.minimum,
                unit,
                comparison: "below",
            },
        ))
    }

    fn trigger(&self) -> String {
        format!(
            "{} per day is above 0 and below {} {}/day",
            self.quantity.noun(),
            number(self.minimum),
            self.quantity.unit()
        )
    }

    fn measures(&self) -> Vec<Quantity> {
        vec![self.quantity]
    }

    fn parameters(&self) -> Value {
        json!({
            QUANTITY: self.quantity.key(),
            MINIMUM: self.minimum,
            LIMIT_NAME: self.limit_name,
        })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        vec![NumericParam::new(
            ParamPath::Key(MINIMUM),
            "minimum".into(),
            self.minimum,
            self.quantity.per_day_unit(),
        )]
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
}
