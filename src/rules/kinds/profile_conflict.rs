use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::profile::Anticoagulant;
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "profile-conflict",
    fires_on: "the person's anticoagulant is listed and any of the quantities is above 0.",
    why: "What is harmless for most people can matter for someone on a particular medicine \
        (vitamin K with warfarin): this kind joins the person's profile to what the label \
        supplies.",
    parameters: [
        ANTICOAGULANTS = "anticoagulants": "a list of vka, doac or none",
        QUANTITIES = "quantities": "a list of quantities, e.g. [\"vitamin_k_total_mcg\"]",
    ],
    example: r#"
kind = "profile-conflict"
anticoagulants = ["vka"]
quantities = ["vitamin_k_total_mcg"]
"#,
    #[derive(Debug, Clone)]
    pub struct ProfileConflict {
        pub anticoagulants: Vec<Anticoagulant>,
        pub quantities: Vec<Quantity>,
    }
}

impl Kind for ProfileConflict {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let list = ctx
            .keep(f.take_string_list(ANTICOAGULANTS))
            .unwrap_or_default();
        if list.is_empty() {
            ctx.fail(
                f.span().start..f.span().start,
                "kind `profile-conflict` needs `anticoagulants`, e.g. [\"vka\"]",
            );
        }
        let mut anticoagulants = Vec::new();
        for a in &list {
            match a.get_ref().parse::<Anticoagulant>() {
                Ok(v) => anticoagulants.push(v),
                Err(msg) => ctx.fail(a.span(), msg),
            }
        }
        let quantities = read::quantity_list(f, QUANTITIES, ctx)?;
        (anticoagulants.len() == list.len() && !list.is_empty()).then_some(ProfileConflict {
            anticoagulants,
            quantities,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        if !self.anticoagulants.contains(&s.profile.anticoagulant) {
            return None;
        }
        let day = &s.intake.per_day;
        let supplied: Vec<String> = self
            .quantities
            .iter()
            .filter(|q| q.of(day) > 0.0)
            .map(|q| format!("{} {} {}/day", q.noun(), number(q.of(day)), q.unit()))
            .collect();
        if supplied.is_empty() {
            return None;
        }
        Some(Fired::new(format!(
            "the label supplies {} and the person takes {}",
            supplied.join(" and "),
            s.profile.anticoagulant.describe()
        )))
    }

    fn trigger(&self) -> String {
        let who: Vec<&str> = self.anticoagulants.iter().map(|a| a.describe()).collect();
        let what: Vec<&str> = self.quantities.iter().map(|q| q.noun()).collect();
        format!(
            "the person takes {} and the label supplies {}",
            who.join(" or "),
            what.join(" or ")
        )
    }

    fn measures(&self) -> Vec<Quantity> {
        self.quantities.clone()
    }

    fn parameters(&self) -> Value {
        json!({
            ANTICOAGULANTS: self.anticoagulants.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            QUANTITIES: self.quantities.iter().map(|q| q.key()).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    #[test]
    fn fires_only_for_a_listed_anticoagulant_and_a_supplied_quantity() {
        let kind = rule_of_kind(
            "kind = \"profile-conflict\"\nanticoagulants = [\"vka\"]\n\
             quantities = [\"vitamin_k_total_mcg\"]",
        );
        let label = |k2: f64| Label {
            ingredients: vec![Ingredient::new("Vitamin K2", Some("MK-7"), k2, Unit::Mcg)],
            ..Label::default()
        };
        assert!(judge(&kind, label(100.0), None, Anticoagulant::None).is_none());
        assert!(judge(&kind, label(100.0), None, Anticoagulant::Doac).is_none());
        let fired = judge(&kind, label(100.0), None, Anticoagulant::Vka).expect("fires");
        assert!(
            fired
                .message
                .starts_with("the label supplies vitamin K (K1 + K2) 100 mcg/day and the person takes"),
            "{}",
            fired.message
        );
    }
}
