use serde_json::{Value, json};

use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::label::Nutrient;
use crate::rules::Quantity;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::read::{Ctx, quantity, threshold};
use crate::tomlread::Fields;

kind_doc! {
    name: "single-ingredient",
    fires_on: "the quantity per day is above `above` and the label declares any other \
        ingredient besides that nutrient.",
    why: "Some product licences allow a dose only in a single-ingredient product (Canada's \
        high-dose vitamin D monograph cannot be combined with another monograph).",
    parameters: [
        QUANTITY = "quantity": "the nutrient that must stand alone, e.g. vitamin_d_mcg",
        ABOVE = "above": "the amount per day above which it must stand alone",
    ],
    example: r#"
kind = "single-ingredient"
quantity = "vitamin_d_mcg"
above = 25
"#,
    #[derive(Debug, Clone)]
    pub struct SingleIngredient {
        quantity: Quantity,
        above: f64,
    }
}

impl SingleIngredient {
    /// Whether an ingredient supplies the quantity.
    fn supplies(&self, nutrient: Nutrient) -> bool {
        self.quantity.includes(nutrient)
    }
}

impl Kind for SingleIngredient {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = quantity(f, QUANTITY, ctx);
        let above = threshold(f, ABOVE, "the amount per day", ctx);
        Some(SingleIngredient {
            quantity: quantity?,
            above: above?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let amount = self.quantity.of(&s.intake.per_day);
        if amount <= self.above {
            return None;
        }
        let others: Vec<(usize, &str)> = s
            .label
            .ingredients
            .iter()
            .enumerate()
            .filter(|(_, i)| !self.supplies(i.nutrient()))
            .map(|(n, i)| (n, i.name.as_str()))
            .collect();
        let (first, _) = *others.first()?;
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let unit = self.quantity.per_day_unit();
        let names: Vec<&str> = others.iter().map(|(_, n)| *n).collect();
        Some(
            Fired::new(format!(
                "{} {unit} of {} (above {} {unit}) is combined with {}",
                number(amount),
                self.quantity.noun(),
                number(self.above),
                names.join(", ")
            ))
            .at(LabelPlace::ingredient(first, "name"))
            .audited(
                format!("{} other ingredient{}", others.len(), if others.len() == 1 { "" } else { "s" }),
                format!("single ingredient required above {} {unit}", number(self.above)),
            ),
        )
    }

    fn trigger(&self) -> String {
        format!(
            "{} is above {} {} and the label has other ingredients",
            self.quantity.noun(),
            number(self.above),
            self.quantity.per_day_unit()
        )
    }

    fn parameters(&self) -> Value {
        json!({ QUANTITY: self.quantity.key(), ABOVE: self.above })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        vec![NumericParam::new(
            ParamPath::Key(ABOVE),
            ABOVE.to_string(),
            self.above,
            self.quantity.per_day_unit(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{judge, rule_of_kind};
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;

    #[test]
    fn a_high_dose_combined_with_another_ingredient_fires() {
        let kind = rule_of_kind(super::DOC.example);
        let d = |mcg| Ingredient::new("Vitamin D3", None, mcg, Unit::Mcg);
        let k2 = Ingredient::new("Vitamin K2", Some("MK-7"), 100.0, Unit::Mcg);
        let label = |ingredients| Label {
            ingredients,
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(vec![d(50.0)])).is_none(), "alone");
        assert!(judge(label(vec![d(25.0), k2.clone()])).is_none(), "not above 25");
        let fired = judge(label(vec![d(50.0), k2])).expect("combined");
        assert!(fired.message.contains("combined with Vitamin K2"), "{}", fired.message);
    }
}
