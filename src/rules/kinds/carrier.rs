use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::label::Carrier;
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "carrier",
    fires_on: "the carrier detected from the other ingredients is this one.",
    why: "Vitamins D and K are fat-soluble; whether a product carries them in oil is read from \
        its other ingredients, and this kind lets a rule speak about one outcome of that \
        detection (no oil, or nothing to tell).",
    parameters: [
        CARRIER = "carrier": "oil, none or unknown",
    ],
    example: r#"
kind = "carrier"
carrier = "none"
"#,
    #[derive(Debug, Clone)]
    pub struct CarrierIs {
        pub carrier: Carrier,
    }
}

impl Kind for CarrierIs {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let c = ctx.keep(f.require_string(CARRIER, "oil, none or unknown"))?;
        match Carrier::parse(c.get_ref()) {
            Some(carrier) => Some(CarrierIs { carrier }),
            None => {
                ctx.fail(
                    c.span(),
                    format!(
                        "unknown carrier \"{}\": use oil, none or unknown",
                        c.get_ref()
                    ),
                );
                None
            }
        }
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        if s.intake.carrier != self.carrier {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let reason = &s.intake.carrier_reason;
        Some(Fired::new(match self.carrier {
            Carrier::Oil => format!("the vitamins are carried in oil: {reason}"),
            Carrier::None => {
                format!("{reason}, so the fat-soluble vitamins have no oil carrier")
            }
            Carrier::Unknown => format!("the carrier is unknown: {reason}"),
        }))
    }

    fn trigger(&self) -> String {
        format!("the carrier detected is `{}`", self.carrier.as_str())
    }

    fn parameters(&self) -> Value {
        json!({ CARRIER: self.carrier.as_str() })
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{DosageForm, Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    #[test]
    fn fires_when_the_detected_carrier_matches() {
        let kind = rule_of_kind("kind = \"carrier\"\ncarrier = \"none\"");
        let tablet = |other: &[&str]| Label {
            form: Some(DosageForm::Tablet),
            other_ingredients: other.iter().map(|s| s.to_string()).collect(),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        assert!(judge(&kind, tablet(&["olive oil"]), None, Anticoagulant::None).is_none());
        let fired = judge(&kind, tablet(&["cellulose"]), None, Anticoagulant::None)
            .expect("fires");
        assert!(
            fired.message.ends_with("so the fat-soluble vitamins have no oil carrier"),
            "{}",
            fired.message
        );
    }
}
