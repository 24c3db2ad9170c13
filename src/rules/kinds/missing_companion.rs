use serde_json::{Value, json};

use super::{Fired, ForPerson, Kind, Subject};
use crate::format::number;
use crate::profile::Profile;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "missing-companion",
    fires_on: "the amount per day is at least the minimum and the label has none of the \
        companion; with from_age, only for a person of that age or older (or of no stated age).",
    why: "Some nutrients are usually paired on a label (vitamin D with vitamin K): this kind \
        notes a dose from a given size on when its companion is absent.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. vitamin_d_iu",
        MINIMUM = "minimum": "the amount per day from which a companion is expected",
        COMPANION = "companion": "the quantity whose absence is noted, e.g. k2_total_mcg",
        FROM_AGE = "from_age": "optional: the age in years from which the rule speaks; a younger \
            person is not checked, and no age given counts as an adult",
    ],
    example: r#"
kind = "missing-companion"
quantity = "vitamin_d_iu"
minimum = 1000
companion = "k2_total_mcg"
"#,
    #[derive(Debug, Clone)]
    pub struct MissingCompanion {
        pub quantity: Quantity,
        pub minimum: f64,
        pub companion: Quantity,
        pub from_age: Option<f64>,
    }
}

impl Kind for MissingCompanion {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = read::quantity(f, QUANTITY, ctx);
        let minimum = read::threshold(
            f,
            MINIMUM,
            "the amount per day from which a companion is expected",
            ctx,
        );
        let companion = read::quantity(f, COMPANION, ctx);
        let from_age = match ctx.keep(f.take_number(FROM_AGE)).flatten() {
            Some(a) => Some(read::check_threshold(FROM_AGE, &a, ctx)?),
            None => None,
        };
        Some(MissingCompanion {
            quantity: quantity?,
            minimum: minimum?,
            companion: companion?,
            from_age,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        if let (Some(from), Some(age)) = (self.from_age, s.profile.age_years)
            && age < from
        {
            return None;
        }
        let day = &s.intake.per_day;
        let value = self.quantity.of(day);
        if value < self.minimum || value <= 0.0 || self.companion.of(day) > 0.0 {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let unit = self.quantity.per_day_unit();
        Some(Fired::with_threshold(
            format!(
                "{} {unit} of {} and no {} (noted from {} {unit})",
                number(value),
                self.quantity.noun(),
                self.companion.noun(),
                number(self.minimum)
            ),
            Threshold {
                value: self.minimum,
                unit,
                comparison: "at-least",
            },
        ))
    }

    fn trigger(&self) -> String {
        let ages = match self.from_age {
            Some(a) => format!(" (for ages {} and over)", crate::rules::model::age_words(a)),
            None => String::new(),
        };
        format!(
            "{} per day is at least {} {}/day and the label has no {}{ages}",
            self.quantity.noun(),
            number(self.minimum),
            self.quantity.unit(),
            self.companion.noun()
        )
    }

    fn measures(&self) -> Vec<Quantity> {
        vec![self.quantity, self.companion]
    }

    fn for_person(&self, p: &Profile) -> Option<ForPerson> {
        let from = self.from_age?;
        let from_words = crate::rules::model::age_words(from);
        Some(match p.age_years {
            Some(age) if age < from => ForPerson {
                applies: false,
                sentence: format!(
                    "not applied at {}: this rule speaks from {from_words}",
                    crate::rules::model::age_words(age)
                ),
            },
            Some(_) => ForPerson {
                applies: true,
                sentence: format!("applies: this rule speaks from {from_words}"),
            },
            None => ForPerson {
                applies: true,
                sentence: format!(
                    "applies: no age given counts as an adult (this rule speaks from {from_words})"
                ),
            },
        })
    }

    fn parameters(&self) -> Value {
        let mut v = json!({
            QUANTITY: self.quantity.key(),
            MINIMUM: self.minimum,
            COMPANION: self.companion.key(),
        });
        if let (Some(a), Some(o)) = (self.from_age, v.as_object_mut()) {
            o.insert(FROM_AGE.to_string(), json!(a));
        }
        v
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        vec![NumericParam::new(
            ParamPath::Key(MINIMUM),
            "from".into(),
            self.minimum,
            self.quantity.per_day_unit(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{fire, judge, rule_of_kind};

    #[test]
    fn fires_from_the_minimum_when_the_companion_is_absent() {
        let kind = rule_of_kind(
            "kind = \"missing-companion\"\nquantity = \"vitamin_d_iu\"\nminimum = 1000\n\
             companion = \"k2_total_mcg\"",
        );
        let d = |iu| Ingredient::new("Vitamin D3", None, iu, Unit::Iu);
        assert!(fire(&kind, d(999.0), None).is_none());
        let fired = fire(&kind, d(1000.0), None).expect("fires at the minimum");
        assert_eq!(
            fired.message,
            "1,000 IU/day of vitamin D and no vitamin K2 (noted from 1,000 IU/day)"
        );
        let with_k2 = Label {
            ingredients: vec![
                d(5000.0),
                Ingredient::new("Vitamin K2", Some("MK-7"), 100.0, Unit::Mcg),
            ],
            ..Label::default()
        };
        assert!(judge(&kind, with_k2, None, Anticoagulant::None).is_none());
    }
}
