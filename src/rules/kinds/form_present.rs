use serde_json::{Value, json};

use super::{Fired, Kind, Subject, describe_forms};
use crate::rules::model::FormName;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "form-present",
    fires_on: "the label declares any of the forms.",
    why: "A form can deserve a note whatever else the label holds (vitamin D2, or K2 whose form \
        is not stated): this kind fires on its presence alone.",
    parameters: [
        FORMS = "forms": "a list of forms: d3, d2, d-unspecified, k1, mk7, mk4, k2-unspecified, k-unspecified",
    ],
    example: r#"
kind = "form-present"
forms = ["d2"]
"#,
    #[derive(Debug, Clone)]
    pub struct FormPresent {
        pub forms: Vec<FormName>,
    }
}

impl Kind for FormPresent {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        Some(FormPresent {
            forms: read::forms(f, FORMS, ctx)?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let present: Vec<FormName> = self
            .forms
            .iter()
            .copied()
            .filter(|f| f.present(s.intake))
            .collect();
        if present.is_empty() {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        Some(Fired::new(format!(
            "the label declares {}",
            describe_forms(present.into_iter(), s.intake)
        )))
    }

    fn trigger(&self) -> String {
        let names: Vec<&str> = self.forms.iter().map(|p| p.label()).collect();
        format!("the label declares {}", names.join(" or "))
    }

    fn parameters(&self) -> Value {
        json!({ FORMS: self.forms.iter().map(|p| p.key()).collect::<Vec<_>>() })
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Unit};
    use crate::rules::kinds::tests::{fire, rule_of_kind};

    #[test]
    fn fires_on_a_listed_form_only() {
        let kind = rule_of_kind("kind = \"form-present\"\nforms = [\"d2\"]");
        let d = |form| Ingredient::new("Vitamin D", Some(form), 1000.0, Unit::Iu);
        assert!(fire(&kind, d("cholecalciferol"), None).is_none());
        let fired = fire(&kind, d("ergocalciferol"), None).expect("fires");
        assert_eq!(fired.message, "the label declares D2 (ergocalciferol) (1,000 IU/day, 100% of the vitamin D)");
    }
}
