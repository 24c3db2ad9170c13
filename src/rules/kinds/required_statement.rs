use serde_json::{Value, json};

use super::phrases::Phrases;
use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::rules::Quantity;
use crate::rules::read::{Ctx, check_threshold, quantity};
use crate::tomlread::Fields;

kind_doc! {
    name: "required-statement",
    fires_on: "the label's printed statements are known (`statements` in the label file, or \
        label text) and none of the phrases appears in its name, directions, claims or \
        statements; with `when_quantity`, only when that amount per day is above \
        `when_above`. Without known statements the rule says it was not checked.",
    why: "Labelling law requires some statements on every label of a market (the name \"food \
        supplement\", a warning not to exceed the daily dose, …) and some on high doses \
        (\"take with adequate calcium\").",
    parameters: [
        STATEMENT = "statement": "what the label must say, in words, for the message",
        PHRASES = "phrases": "wordings that satisfy it, matched as whole words in any case",
        WHEN_QUANTITY = "when_quantity": "optional: the statement is required only when this \
            quantity per day …",
        WHEN_ABOVE = "when_above": "… is above this amount",
    ],
    example: r#"
kind = "required-statement"
statement = "a warning not to exceed the recommended daily dose"
phrases = ["do not exceed", "nicht überschreiten"]
"#,
    #[derive(Debug, Clone)]
    pub struct RequiredStatement {
        statement: String,
        phrases: Phrases,
        when: Option<(Quantity, f64)>,
    }
}

impl RequiredStatement {
    fn required(&self, s: &Subject<'_>) -> bool {
        self.when
            .is_none_or(|(q, above)| q.of(&s.intake.per_day) > above)
    }
}

impl Kind for RequiredStatement {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let statement = ctx.keep(f.require_string(STATEMENT, "what the label must say"));
        let phrases = Phrases::read(f, PHRASES, ctx);
        let has_when = f.take(WHEN_QUANTITY).is_some();
        let when = if has_when {
            // `take` only looked; reading the key again by name is fine.
            let q = quantity(f, WHEN_QUANTITY, ctx);
            let above = ctx
                .keep(f.require_number(WHEN_ABOVE, "the amount per day above which it is required"))
                .and_then(|v| check_threshold(WHEN_ABOVE, &v, ctx));
            Some((q?, above?))
        } else {
            if let Some(Some(v)) = ctx.keep(f.take_number(WHEN_ABOVE)) {
                ctx.fail(v.span(), "`when_above` needs `when_quantity`");
            }
            None
        };
        Some(RequiredStatement {
            statement: statement?.into_inner(),
            phrases: phrases?,
            when,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let statements = s.label.statements.as_ref()?;
        if !self.required(s) {
            return None;
        }
        let l = s.label;
        let texts = std::iter::once(l.name.as_str())
            .chain(l.directions.as_deref())
            .chain(l.claims.iter().map(String::as_str))
            .chain(l.disclaimer.as_deref())
            .chain(statements.iter().map(String::as_str));
        for text in texts {
            if self.phrases.find_in(text).is_some() {
                return None;
            }
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let why = match self.when {
            Some((q, above)) => format!(
                " (required above {} {}; this label gives {} {})",
                number(above),
                q.per_day_unit(),
                number(q.of(&s.intake.per_day)),
                q.per_day_unit()
            ),
            None => String::new(),
        };
        Some(
            Fired::new(format!(
                "the label does not print {}{why}; none of these wordings was found: {}",
                self.statement,
                self.phrases
                    .written
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(LabelPlace::label("statements"))
            .audited("not printed".to_string(), format!("required: {}", self.statement)),
        )
    }

    fn not_checked(&self, s: &Subject<'_>) -> Option<String> {
        (s.label.statements.is_none() && self.required(s))
            .then(|| "the label's printed statements are not known (no `statements` in the label file)".to_string())
    }

    fn trigger(&self) -> String {
        let when = match self.when {
            Some((q, above)) => format!(
                " when {} is above {} {}",
                q.noun(),
                number(above),
                q.per_day_unit()
            ),
            None => String::new(),
        };
        format!("the label does not print {}{when}", self.statement)
    }

    fn parameters(&self) -> Value {
        let mut v = json!({
            STATEMENT: self.statement,
            PHRASES: self.phrases.written,
        });
        if let (Some((q, above)), Some(map)) = (self.when, v.as_object_mut()) {
            map.insert(WHEN_QUANTITY.to_string(), json!(q.key()));
            map.insert(WHEN_ABOVE.to_string(), json!(above));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{judge, rule_of_kind};
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;

    fn label(statements: Option<&[&str]>) -> Label {
        Label {
            statements: statements.map(|s| s.iter().map(|x| x.to_string()).collect()),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 25.0, Unit::Mcg)],
            ..Label::default()
        }
    }

    #[test]
    fn a_missing_statement_fires_only_when_the_statements_are_known() {
        let kind = rule_of_kind(super::DOC.example);
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(Some(&["Store in a cool, dry place."]))).is_some());
        assert!(judge(label(Some(&["Do NOT exceed the stated dose."]))).is_none());
        assert!(judge(label(Some(&["Die angegebene Tagesdosis nicht überschreiten."]))).is_none());
        assert!(judge(label(None)).is_none(), "unknown statements: not checked");
    }

    #[test]
    fn a_conditional_statement_is_required_only_above_its_amount() {
        let kind = rule_of_kind(
            r#"
kind = "required-statement"
statement = "a direction to take it with adequate calcium"
phrases = ["adequate intake of calcium", "adequate calcium"]
when_quantity = "vitamin_d_mcg"
when_above = 25
"#,
        );
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(Some(&[]))).is_none(), "25 mcg is not above 25");
        let mut high = label(Some(&[]));
        high.ingredients[0].amount = 50.0;
        assert!(judge(high.clone()).is_some());
        high.statements = Some(vec!["To be taken with an adequate intake of calcium.".into()]);
        assert!(judge(high).is_none());
    }
}
