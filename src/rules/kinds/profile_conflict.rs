use serde_json::{Value, json};
use toml::Spanned;

use super::{Fired, ForPerson, Kind, Subject};
use crate::format::number;
use crate::profile::{Anticoagulant, Condition, Medicine, Pregnancy, Profile};
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "profile-conflict",
    fires_on: "the person matches any of the listed anticoagulants, conditions, medicines, \
        pregnancy states or is younger than age_below, and any of the quantities per day is \
        above `above` (0 by default).",
    why: "What is harmless for most people can matter for someone with a particular condition \
        or on a particular medicine (vitamin K with warfarin, magnesium in kidney disease): this \
        kind joins the person's profile to what the label supplies. A label cannot show any of \
        this; the rule speaks only when the profile states it.",
    parameters: [
        ANTICOAGULANTS = "anticoagulants": "a list of vka, doac or none",
        CONDITIONS = "conditions": "a list of conditions: ckd, hypercalcaemia, \
            granulomatous-disease, primary-hyperparathyroidism, lymphoma, kidney-stones",
        MEDICINES = "medicines": "a list of medicines: thiazide, digoxin, levothyroxine, \
            bisphosphonate, tetracycline, quinolone",
        PREGNANCY = "pregnancy": "a list of pregnant, breastfeeding",
        AGE_BELOW = "age_below": "the person is younger than this many years (only when an age \
            is given)",
        QUANTITIES = "quantities": "a list of quantities, e.g. [\"vitamin_k_total_mcg\"]",
        ABOVE = "above": "the amount per day a quantity must exceed (default 0), in the \
            quantities' unit",
    ],
    example: r#"
kind = "profile-conflict"
anticoagulants = ["vka"]
quantities = ["vitamin_k_total_mcg"]
"#,
    #[derive(Debug, Clone)]
    pub struct ProfileConflict {
        pub anticoagulants: Vec<Anticoagulant>,
        pub conditions: Vec<Condition>,
        pub medicines: Vec<Medicine>,
        pub pregnancy: Vec<Pregnancy>,
        pub age_below: Option<f64>,
        pub quantities: Vec<Quantity>,
        pub above: f64,
    }
}

/// Reads a list of profile values, each refused at its span when unknown.
fn values<T: std::str::FromStr<Err = String>>(
    f: &mut Fields<'_, '_>,
    key: &str,
    ctx: &mut Ctx,
) -> Option<Vec<T>> {
    let list: Vec<Spanned<String>> = ctx.keep(f.take_string_list(key)).unwrap_or_default();
    let mut out = Vec::new();
    for item in &list {
        match item.get_ref().parse::<T>() {
            Ok(v) => out.push(v),
            Err(msg) => ctx.fail(item.span(), msg),
        }
    }
    (out.len() == list.len()).then_some(out)
}

impl ProfileConflict {
    /// What about the person makes the rule speak, in words ("the person takes digoxin"), or
    /// `None` when nothing listed matches.
    fn matched(&self, p: &Profile) -> Option<String> {
        if self.anticoagulants.contains(&p.anticoagulant) {
            return Some(format!("the person takes {}", p.anticoagulant.describe()));
        }
        if let Some(c) = self.conditions.iter().find(|c| p.has_condition(**c)) {
            return Some(format!("the person has {}", c.describe()));
        }
        if let Some(m) = self.medicines.iter().find(|m| p.takes(**m)) {
            return Some(format!("the person takes {}", m.describe()));
        }
        if self.pregnancy.contains(&p.pregnancy) && p.pregnancy != Pregnancy::None {
            return Some(format!("the person is {}", p.pregnancy.describe()));
        }
        match (self.age_below, p.age_years) {
            (Some(limit), Some(age)) if age < limit => Some(format!(
                "the person is under {}",
                crate::rules::model::age_words(limit)
            )),
            _ => None,
        }
    }

    fn who(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let takes: Vec<&str> = self
            .anticoagulants
            .iter()
            .map(|a| a.describe())
            .chain(self.medicines.iter().map(|m| m.describe()))
            .collect();
        if !takes.is_empty() {
            parts.push(format!("takes {}", takes.join(" or ")));
        }
        if !self.conditions.is_empty() {
            let has: Vec<&str> = self.conditions.iter().map(|c| c.describe()).collect();
            parts.push(format!("has {}", has.join(" or ")));
        }
        if !self.pregnancy.is_empty() {
            let is: Vec<&str> = self.pregnancy.iter().map(|p| p.describe()).collect();
            parts.push(format!("is {}", is.join(" or ")));
        }
        if let Some(a) = self.age_below {
            parts.push(format!(
                "is under {}",
                crate::rules::model::age_words(a)
            ));
        }
        format!("the person {}", parts.join(", or "))
    }
}

impl Kind for ProfileConflict {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let start = f.span().start;
        let anticoagulants = values::<Anticoagulant>(f, ANTICOAGULANTS, ctx);
        let conditions = values::<Condition>(f, CONDITIONS, ctx);
        let medicines = values::<Medicine>(f, MEDICINES, ctx);
        let pregnancy = values::<Pregnancy>(f, PREGNANCY, ctx);
        let age_below = ctx.keep(f.take_number(AGE_BELOW)).flatten();
        let age_below = match age_below {
            Some(a) if !(a.get_ref().is_finite() && *a.get_ref() > 0.0) => {
                ctx.fail(a.span(), "`age_below` must be a number of years greater than 0");
                return None;
            }
            a => a.map(Spanned::into_inner),
        };
        let quantities = read::quantity_list(f, QUANTITIES, ctx);
        let above = match ctx.keep(f.take_number(ABOVE)).flatten() {
            Some(v) => read::check_threshold(ABOVE, &v, ctx)?,
            None => 0.0,
        };
        let (anticoagulants, conditions, medicines, pregnancy) =
            (anticoagulants?, conditions?, medicines?, pregnancy?);
        if anticoagulants.is_empty()
            && conditions.is_empty()
            && medicines.is_empty()
            && pregnancy.is_empty()
            && age_below.is_none()
        {
            ctx.fail(
                start..start,
                "kind `profile-conflict` needs at least one of `anticoagulants`, `conditions`, \
                 `medicines`, `pregnancy` or `age_below`, e.g. anticoagulants = [\"vka\"]",
            );
            return None;
        }
        Some(ProfileConflict {
            anticoagulants,
            conditions,
            medicines,
            pregnancy,
            age_below,
            quantities: quantities?,
            above,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let who = self.matched(s.profile)?;
        let day = &s.intake.per_day;
        let supplied: Vec<String> = self
            .quantities
            .iter()
            .filter(|q| q.of(day) > self.above)
            .map(|q| format!("{} {} {}/day", q.noun(), number(q.of(day)), q.unit()))
            .collect();
        if supplied.is_empty() {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let beyond = if self.above > 0.0 {
            format!(" (more than {})", number(self.above))
        } else {
            String::new()
        };
        Some(Fired::new(format!(
            "the label supplies {}{beyond} and {who}",
            supplied.join(" and "),
        )))
    }

    fn trigger(&self) -> String {
        let what: Vec<&str> = self.quantities.iter().map(|q| q.noun()).collect();
        let beyond = if self.above > 0.0 {
            format!(" above {} per day", number(self.above))
        } else {
            String::new()
        };
        format!(
            "{} and the label supplies {}{beyond}",
            self.who(),
            what.join(" or ")
        )
    }

    fn measures(&self) -> Vec<Quantity> {
        self.quantities.clone()
    }

    fn for_person(&self, p: &Profile) -> Option<ForPerson> {
        let what: Vec<&str> = self.quantities.iter().map(|q| q.noun()).collect();
        let beyond = if self.above > 0.0 {
            format!(" above {} per day", number(self.above))
        } else {
            String::new()
        };
        Some(match self.matched(p) {
            Some(who) => ForPerson {
                applies: true,
                sentence: format!(
                    "applies: {who}; it speaks when the label supplies {}{beyond}",
                    what.join(" or ")
                ),
            },
            None => ForPerson {
                applies: false,
                sentence: format!("does not apply: it speaks only when {}", self.who()),
            },
        })
    }

    fn parameters(&self) -> Value {
        let mut out = serde_json::Map::new();
        let mut list = |key: &str, values: Vec<&str>| {
            if !values.is_empty() {
                out.insert(key.to_string(), json!(values));
            }
        };
        list(
            ANTICOAGULANTS,
            self.anticoagulants.iter().map(|a| a.as_str()).collect(),
        );
        list(
            CONDITIONS,
            self.conditions.iter().map(|c| c.as_str()).collect(),
        );
        list(MEDICINES, self.medicines.iter().map(|m| m.as_str()).collect());
        list(PREGNANCY, self.pregnancy.iter().map(|p| p.as_str()).collect());
        if let Some(a) = self.age_below {
            out.insert(AGE_BELOW.to_string(), json!(a));
        }
        out.insert(
            QUANTITIES.to_string(),
            json!(self.quantities.iter().map(|q| q.key()).collect::<Vec<_>>()),
        );
        if self.above > 0.0 {
            out.insert(ABOVE.to_string(), json!(self.above));
        }
        Value::Object(out)
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        if self.above > 0.0 {
            let unit = self.quantities.first().map_or(String::new(), |q| q.per_day_unit());
            vec![NumericParam::new(
                ParamPath::Key(ABOVE),
                "amount above which it speaks".into(),
                self.above,
                unit,
            )]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::{Anticoagulant, Condition, Medicine, Pregnancy, Profile};
    use crate::rules::kinds::tests::{judge, judge_for, rule_of_kind};

    fn label(ingredients: Vec<Ingredient>) -> Label {
        Label {
            ingredients,
            ..Label::default()
        }
    }

    #[test]
    fn fires_only_for_a_listed_anticoagulant_and_a_supplied_quantity() {
        let kind = rule_of_kind(
            "kind = \"profile-conflict\"\nanticoagulants = [\"vka\"]\n\
             quantities = [\"vitamin_k_total_mcg\"]",
        );
        let k2 = |mcg: f64| label(vec![Ingredient::new("Vitamin K2", Some("MK-7"), mcg, Unit::Mcg)]);
        assert!(judge(&kind, k2(100.0), None, Anticoagulant::None).is_none());
        assert!(judge(&kind, k2(100.0), None, Anticoagulant::Doac).is_none());
        let fired = judge(&kind, k2(100.0), None, Anticoagulant::Vka).expect("fires");
        assert!(
            fired.message.starts_with(
                "the label supplies vitamin K (any form) 100 mcg/day and the person takes"
            ),
            "{}",
            fired.message
        );
    }

    #[test]
    fn vitamin_k_of_unstated_form_counts_with_a_vka_and_is_not_called_k2() {
        let kind = rule_of_kind(
            "kind = \"profile-conflict\"\nanticoagulants = [\"vka\"]\n\
             quantities = [\"k1_mcg\", \"k2_total_mcg\", \"k_unspecified_mcg\"]",
        );
        let k = |mcg: f64| label(vec![Ingredient::new("Vitamin K", None, mcg, Unit::Mcg)]);
        assert!(judge(&kind, k(0.0), None, Anticoagulant::Vka).is_none());
        assert!(judge(&kind, k(10.0), None, Anticoagulant::Doac).is_none());
        let fired = judge(&kind, k(10.0), None, Anticoagulant::Vka).expect("fires");
        assert!(
            fired
                .message
                .starts_with("the label supplies vitamin K (form not stated) 10 mcg/day and"),
            "{}",
            fired.message
        );
        assert!(!fired.message.contains("K2"), "{}", fired.message);
    }

    #[test]
    fn conditions_medicines_pregnancy_and_age_each_match() {
        let kind = rule_of_kind(
            "kind = \"profile-conflict\"\nconditions = [\"ckd\"]\nmedicines = [\"digoxin\"]\n\
             pregnancy = [\"pregnant\"]\nage_below = 1\nquantities = [\"magnesium_mg\"]",
        );
        let mg = label(vec![Ingredient::new("Magnesium", None, 50.0, Unit::Mg)]);
        let mut p = Profile::default();
        assert!(judge_for(&kind, mg.clone(), &p).is_none());
        p.add_condition(Condition::Ckd);
        let fired = judge_for(&kind, mg.clone(), &p).expect("ckd");
        assert_eq!(
            fired.message,
            "the label supplies magnesium 50 mg/day and the person has chronic kidney disease"
        );
        let mut p = Profile::default();
        p.add_medicine(Medicine::Digoxin);
        assert!(judge_for(&kind, mg.clone(), &p).is_some());
        let p = Profile {
            pregnancy: Pregnancy::Breastfeeding,
            ..Profile::default()
        };
        assert!(judge_for(&kind, mg.clone(), &p).is_none(), "only pregnant is listed");
        let fired = judge_for(&kind, mg.clone(), &Profile::of_age(Some(0.9))).expect("infant");
        assert!(fired.message.ends_with("the person is under 1 year"), "{}", fired.message);
        assert!(judge_for(&kind, mg.clone(), &Profile::of_age(Some(1.0))).is_none());
        assert!(judge_for(&kind, mg, &Profile::of_age(None)).is_none());
    }

    #[test]
    fn above_is_strict_at_the_threshold() {
        let kind = rule_of_kind(
            "kind = \"profile-conflict\"\nmedicines = [\"digoxin\"]\n\
             quantities = [\"vitamin_d_iu\"]\nabove = 4000",
        );
        let mut p = Profile::default();
        p.add_medicine(Medicine::Digoxin);
        let d = |iu: f64| label(vec![Ingredient::new("Vitamin D3", None, iu, Unit::Iu)]);
        assert!(judge_for(&kind, d(4_000.0), &p).is_none());
        let fired = judge_for(&kind, d(4_001.0), &p).expect("fires");
        assert_eq!(
            fired.message,
            "the label supplies vitamin D 4,001 IU/day (more than 4,000) and the person takes digoxin"
        );
    }

    #[test]
    fn a_rule_without_anyone_to_match_is_refused() {
        let text = "[[rule]]\nid = \"x\"\ntitle = \"X\"\nseverity = \"notice\"\nrationale = \"R.\"\n\
            evidence = \"convention\"\nsources = [\"S\"]\nkind = \"profile-conflict\"\n\
            quantities = [\"calcium_mg\"]\n\n[sources.S]\ncitation = \"C.\"\n";
        let problems = crate::rules::parse_rules(text).expect_err("refused");
        assert!(format!("{problems:?}").contains("needs at least one of"), "{problems:?}");
        let text = text.replace("quantities", "medicines = [\"aspirin\"]\nquantities");
        let problems = crate::rules::parse_rules(&text).expect_err("refused");
        assert!(
            format!("{problems:?}").contains("unknown medicine \\\"aspirin\\\""),
            "{problems:?}"
        );
    }
}
