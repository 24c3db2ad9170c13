use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::label::Nutrients;
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "same-nutrient",
    fires_on: "a regimen (several products one person takes) gets any of the quantities from \
        more than one product. It never fires on a single label.",
    why: "Upper limits concern everything a person takes. Each product can be under a limit \
        while the same nutrient from two or three of them adds up; listing where a nutrient \
        comes from helps whoever reviews the regimen see it.",
    parameters: [
        QUANTITIES = "quantities": "a list of quantities, e.g. [\"vitamin_d_iu\", \"calcium_mg\"]",
    ],
    example: r#"
kind = "same-nutrient"
quantities = ["vitamin_d_iu", "calcium_mg"]
"#,
    #[derive(Debug, Clone)]
    pub struct SameNutrient {
        pub quantities: Vec<Quantity>,
    }
}

/// One product of a regimen as the rule sees it: its name and what it supplies per day.
pub struct ProductAmounts<'a> {
    pub name: &'a str,
    pub per_day: &'a Nutrients,
}

impl SameNutrient {
    /// The quantities that more than one product supplies, each with those products' indices.
    pub fn shared(&self, products: &[ProductAmounts<'_>]) -> Vec<(Quantity, Vec<usize>)> {
        self.quantities
            .iter()
            .filter_map(|q| {
                let from: Vec<usize> = products
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| q.of(p.per_day) > 0.0)
                    .map(|(i, _)| i)
                    .collect();
                (from.len() > 1).then_some((*q, from))
            })
            .collect()
    }

    /// Judges a regimen's products: fires when a quantity comes from more than one of them.
    pub fn evaluate_products(&self, products: &[ProductAmounts<'_>]) -> Option<Fired> {
        self.fired(products, &self.shared(products))
    }

    /// The finding for what [`SameNutrient::shared`] found, if anything.
    pub fn fired(
        &self,
        products: &[ProductAmounts<'_>],
        shared: &[(Quantity, Vec<usize>)],
    ) -> Option<Fired> {
        if shared.is_empty() {
            return None;
        }
        // Written into one string: a regimen of many products lists each one's amount.
        let mut message = String::new();
        for (n, (q, from)) in shared.iter().enumerate() {
            if n > 0 {
                message.push_str("; ");
            }
            let unit = q.per_day_unit();
            let _ = write!(message, "{} from {} products (", q.noun(), from.len());
            for (k, &i) in from.iter().enumerate() {
                if k > 0 {
                    message.push_str(", ");
                }
                let _ = write!(
                    message,
                    "{} {} {unit}",
                    products[i].name,
                    number(q.of(products[i].per_day))
                );
            }
            message.push(')');
        }
        Some(Fired::new(message))
    }
}

impl Kind for SameNutrient {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantities = read::quantity_list(f, QUANTITIES, ctx)?;
        if quantities.is_empty() {
            ctx.fail(
                f.span().start..f.span().start,
                "kind `same-nutrient` needs `quantities`, e.g. [\"vitamin_d_iu\"]",
            );
            return None;
        }
        Some(SameNutrient { quantities })
    }

    /// One label is one product: nothing can come from two.
    fn evaluate(&self, _subject: &Subject<'_>) -> Option<Fired> {
        None
    }

    fn trigger(&self) -> String {
        let what: Vec<&str> = self.quantities.iter().map(|q| q.noun()).collect();
        format!(
            "more than one product of a regimen supplies {}",
            what.join(" or ")
        )
    }

    fn parameters(&self) -> Value {
        json!({ QUANTITIES: self.quantities.iter().map(|q| q.key()).collect::<Vec<_>>() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::RuleKind;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    fn kind() -> SameNutrient {
        match rule_of_kind("kind = \"same-nutrient\"\nquantities = [\"vitamin_d_iu\", \"calcium_mg\"]")
        {
            RuleKind::SameNutrient(k) => k,
            other => panic!("read as {other:?}"),
        }
    }

    #[test]
    fn fires_when_two_products_supply_the_same_nutrient() {
        let a = Nutrients {
            vitamin_d_iu: 5_000.0,
            ..Nutrients::default()
        };
        let b = Nutrients {
            vitamin_d_iu: 1_600.0,
            calcium_mg: 1_200.0,
            ..Nutrients::default()
        };
        let products = [
            ProductAmounts {
                name: "Softgel A",
                per_day: &a,
            },
            ProductAmounts {
                name: "Calcium+D",
                per_day: &b,
            },
        ];
        let fired = kind().evaluate_products(&products).expect("fires");
        assert_eq!(
            fired.message,
            "vitamin D from 2 products (Softgel A 5,000 IU/day, Calcium+D 1,600 IU/day)"
        );
        assert!(kind().evaluate_products(&products[..1]).is_none());
    }

    #[test]
    fn never_fires_on_one_label() {
        let label = Label {
            ingredients: vec![
                Ingredient::new("Vitamin D3", None, 5_000.0, Unit::Iu),
                Ingredient::new("Vitamin D2", None, 5_000.0, Unit::Iu),
            ],
            ..Label::default()
        };
        assert!(
            judge(
                &RuleKind::SameNutrient(kind()),
                label,
                None,
                Anticoagulant::None
            )
            .is_none()
        );
    }
}
