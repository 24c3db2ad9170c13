use serde_json::{Value, json};

use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::label::{Nutrient, Unit};
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "vitamin-d-mass-first",
    fires_on: "a vitamin D line is declared in IU first (\"5,000 IU (125 mcg)\") or in IU \
        only, rather than by mass with any IU in parentheses after it.",
    why: "Since the 2016 revision US panels declare vitamin D in micrograms; IU may be added \
        only in parentheses after the mass.",
    parameters: [],
    example: r#"
kind = "vitamin-d-mass-first"
"#,
    #[derive(Debug, Clone)]
    pub struct VitaminDMassFirst;
}

impl Kind for VitaminDMassFirst {
    const DOC: super::KindDoc = DOC;

    fn read(_: &mut Fields<'_, '_>, _: &mut Ctx) -> Option<Self> {
        Some(VitaminDMassFirst)
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let (index, ing) = s.label.ingredients.iter().enumerate().find(|(_, i)| {
            matches!(i.nutrient(), Nutrient::VitaminD(_)) && i.unit == Unit::Iu
        })?;
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let mass = ing
            .alt
            .and_then(|(a, u)| u.mcg_factor().map(|f| a * f))
            .unwrap_or(ing.amount / crate::label::units::IU_PER_MCG_VITAMIN_D);
        let printed = match ing.alt {
            Some((a, u)) => format!("{} IU ({} {u})", number(ing.amount), number(a)),
            None => format!("{} IU", number(ing.amount)),
        };
        let expected = format!(
            "{} mcg ({} IU)",
            number(mass),
            number(mass * crate::label::units::IU_PER_MCG_VITAMIN_D)
        );
        Some(
            Fired::new(format!(
                "{} is declared as {printed}; declare vitamin D in mcg, with IU only in parentheses after it: {expected}",
                ing.name
            ))
            .at(LabelPlace::ingredient(index, "unit"))
            .audited(printed, expected),
        )
    }

    fn trigger(&self) -> String {
        "vitamin D is declared in IU first or in IU only".to_string()
    }

    fn parameters(&self) -> Value {
        json!({})
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fire, rule_of_kind};
    use crate::label::{Ingredient, Unit};

    #[test]
    fn iu_first_or_alone_fires_and_mass_first_does_not() {
        let kind = rule_of_kind(super::DOC.example);
        let iu_only = Ingredient::new("Vitamin D3", None, 5000.0, Unit::Iu);
        let fired = fire(&kind, iu_only, None).expect("fires");
        assert!(fired.message.contains("125 mcg (5,000 IU)"), "{}", fired.message);
        let iu_first = Ingredient {
            alt: Some((125.0, Unit::Mcg)),
            ..Ingredient::new("Vitamin D3", None, 5000.0, Unit::Iu)
        };
        assert!(fire(&kind, iu_first, None).is_some());
        let mass_first = Ingredient {
            alt: Some((5000.0, Unit::Iu)),
            ..Ingredient::new("Vitamin D3", None, 125.0, Unit::Mcg)
        };
        assert!(fire(&kind, mass_first, None).is_none());
    }
}
