use serde_json::{Value, json};

use super::{Fired, Kind, Subject, describe_forms};
use crate::rules::model::{FormGroup, FormName};
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "form-preference",
    fires_on: "the group is present (with at_most: at most that amount per day) and none of it \
        is declared in a preferred form.",
    why: "Forms of one vitamin differ in how they are absorbed and how long they last (D3 and D2, \
        MK-7 and MK-4): this kind notes a label whose vitamin comes in none of the forms the \
        evidence favours.",
    parameters: [
        GROUP = "group": "the family of forms: vitamin-d, k1, k2 or k-unspecified",
        PREFERRED = "preferred": "a list of forms of that group, e.g. [\"mk7\"]",
        AT_MOST = "at_most": "optional: the largest amount per day judged (in the group's unit); \
            larger doses are left to other rules",
    ],
    example: r#"
kind = "form-preference"
group = "k2"
preferred = ["mk7"]
"#,
    #[derive(Debug, Clone)]
    pub struct FormPreference {
        pub group: FormGroup,
        pub preferred: Vec<FormName>,
        pub at_most: Option<f64>,
    }
}

impl Kind for FormPreference {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let group = ctx
            .keep(f.require_string(GROUP, "vitamin-d, k1, k2 or k-unspecified"))
            .and_then(|g| match FormGroup::from_key(g.get_ref()) {
                Some(v) => Some(v),
                None => {
                    ctx.fail(
                        g.span(),
                        format!("unknown group \"{}\": use vitamin-d, k1, k2 or k-unspecified", g.get_ref()),
                    );
                    None
                }
            });
        let preferred = read::forms(f, PREFERRED, ctx);
        if let (Some(group), Some(preferred)) = (group, &preferred)
            && let Some(stray) = preferred.iter().find(|p| p.group() != group)
        {
            let span = f.take(PREFERRED).map_or(f.span(), |v| v.span());
            ctx.fail(
                span,
                format!(
                    "preferred form `{}` is not a {} form",
                    stray.key(),
                    group.noun()
                ),
            );
            return None;
        }
        let at_most = match ctx.keep(f.take_number(AT_MOST)).flatten() {
            Some(a) => Some(read::check_threshold(AT_MOST, &a, ctx)?),
            None => None,
        };
        Some(FormPreference {
            group: group?,
            preferred: preferred?,
            at_most,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let total = self.group.quantity().of(&s.intake.per_day);
        if total <= 0.0
            || self.at_most.is_some_and(|m| total > m)
            || self.preferred.iter().any(|p| p.present(s.intake))
        {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let declared = describe_forms(self.group.forms(), s.intake);
        let wanted: Vec<&str> = self.preferred.iter().map(|p| p.label()).collect();
        Some(Fired::new(format!(
            "none of the {} is declared as {}: the label gives {declared}",
            self.group.noun(),
            wanted.join(" or ")
        )))
    }

    fn trigger(&self) -> String {
        let names: Vec<&str> = self.preferred.iter().map(|p| p.label()).collect();
        let amount = match self.at_most {
            Some(m) => format!(
                " at up to {} {}",
                crate::format::number(m),
                self.group.quantity().per_day_unit()
            ),
            None => String::new(),
        };
        format!(
            "{} is present{amount} and none of it is declared as {}",
            self.group.noun(),
            names.join(" or ")
        )
    }

    fn parameters(&self) -> Value {
        let mut v = json!({
            GROUP: self.group.key(),
            PREFERRED: self.preferred.iter().map(|p| p.key()).collect::<Vec<_>>(),
        });
        if let (Some(m), Some(o)) = (self.at_most, v.as_object_mut()) {
            o.insert(AT_MOST.to_string(), json!(m));
        }
        v
    }

    fn numeric_params(&self) -> Vec<crate::rules::edit::NumericParam> {
        self.at_most
            .map(|m| {
                crate::rules::edit::NumericParam::new(
                    crate::rules::edit::ParamPath::Key(AT_MOST),
                    "judged up to".into(),
                    m,
                    self.group.quantity().per_day_unit(),
                )
            })
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Unit};
    use crate::rules::kinds::tests::{fire, rule_of_kind};

    #[test]
    fn fires_when_none_of_the_group_is_in_a_preferred_form() {
        let kind = rule_of_kind("kind = \"form-preference\"\ngroup = \"k2\"\npreferred = [\"mk7\"]");
        let k2 = |form| Ingredient::new("Vitamin K2", Some(form), 100.0, Unit::Mcg);
        assert!(fire(&kind, k2("MK-7"), None).is_none());
        let fired = fire(&kind, k2("MK-4"), None).expect("fires");
        assert_eq!(
            fired.message,
            "none of the K2 is declared as MK-7: the label gives MK-4 (100 mcg/day)"
        );
    }

    #[test]
    fn a_preferred_form_of_another_group_is_refused() {
        let text = "[[rule]]\nid = \"r\"\ntitle = \"R\"\nseverity = \"info\"\nrationale = \"x\"\n\
             evidence = \"convention\"\nsources = [\"S\"]\nkind = \"form-preference\"\n\
             group = \"k2\"\npreferred = [\"d3\"]\n[sources.S]\ncitation = \"c\"\n";
        let problems = crate::rules::parse_rules(text).expect_err("refused");
        assert_eq!(problems[0].message, "preferred form `d3` is not a K2 form");
    }
}
