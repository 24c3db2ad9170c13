use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "claims-without-disclaimer",
    fires_on: "claims are printed on the label and `disclaimer` is not.",
    why: "US law requires a structure/function claim on a supplement to carry the FDA \
        disclaimer; this kind notes claims printed without it.",
    parameters: [],
    example: r#"
kind = "claims-without-disclaimer"
"#,
    #[derive(Debug, Clone)]
    pub struct ClaimsWithoutDisclaimer;
}

impl Kind for ClaimsWithoutDisclaimer {
    const DOC: super::KindDoc = DOC;

    fn read(_: &mut Fields<'_, '_>, _: &mut Ctx) -> Option<Self> {
        Some(ClaimsWithoutDisclaimer)
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let n = s.label.claims.len();
        if n == 0 || s.label.disclaimer.is_some() {
            return None;
        }
        Some(Fired::new(format!(
            "{n} claim{} printed without the FDA disclaimer (\"This statement has not been evaluated by the Food and Drug Administration…\")",
            if n == 1 { " is" } else { "s are" }
        )))
    }

    fn trigger(&self) -> String {
        "claims are printed on the label and the FDA disclaimer is not".to_string()
    }

    fn parameters(&self) -> Value {
        json!({})
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    #[test]
    fn fires_on_claims_without_the_disclaimer_only() {
        let kind = rule_of_kind("kind = \"claims-without-disclaimer\"");
        let label = |claims: &[&str], disclaimer: Option<&str>| Label {
            claims: claims.iter().map(|s| s.to_string()).collect(),
            disclaimer: disclaimer.map(str::to_string),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(&[], None)).is_none());
        assert!(judge(label(&["Supports bones*"], Some("These statements…"))).is_none());
        let fired = judge(label(&["Supports bones*", "Heart health*"], None)).expect("fires");
        assert!(fired.message.starts_with("2 claims are printed without"), "{}", fired.message);
    }
}
