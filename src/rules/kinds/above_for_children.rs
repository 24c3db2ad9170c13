use serde_json::{Value, json};

use super::phrases::Phrases;
use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::rules::Quantity;
use crate::rules::read::{Ctx, check_threshold, quantity};
use crate::tomlread::Fields;

kind_doc! {
    name: "above-for-children",
    fires_on: "the amount per day is above the limit of a children's age group the label does \
        not exclude. A label excludes a group when its `target_age_min` is at or above the \
        group's `below_age`, or when a printed statement restricts it to adults (one of \
        `adult_phrases`). Without a target age or known statements it is not checked.",
    why: "Some markets set lower limits for children; a product whose label does not restrict \
        it to adults may be given to them.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. k2_mk7_mcg",
        GROUPS = "age_groups": "a list of { below_age, limit }, youngest first: children under \
            below_age years may have at most limit per day",
        ADULT_PHRASES = "adult_phrases": "statements that restrict the product to adults \
            (\"not suitable for children\")",
    ],
    example: r#"
kind = "above-for-children"
quantity = "k2_mk7_mcg"
age_groups = [{ below_age = 10, limit = 45 }, { below_age = 18, limit = 90 }]
adult_phrases = ["adults only", "not suitable for children"]
"#,
    #[derive(Debug, Clone)]
    pub struct AboveForChildren {
        quantity: Quantity,
        groups: Vec<(f64, f64)>,
        adult_phrases: Phrases,
    }
}

impl AboveForChildren {
    /// Whether the label restricts the product to adults by a printed statement.
    fn adults_only(&self, s: &Subject<'_>) -> bool {
        let l = s.label;
        l.statements
            .iter()
            .flatten()
            .chain(l.directions.iter())
            .any(|t| self.adult_phrases.find_in(t).is_some())
    }
}

impl Kind for AboveForChildren {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = quantity(f, QUANTITY, ctx);
        let tables = ctx.keep(f.take_table_list(GROUPS)).unwrap_or_default();
        let before = ctx.problems.len();
        let mut groups = Vec::new();
        for (table, span) in &tables {
            let mut g = Fields::new(table, span.clone());
            let below = ctx
                .keep(g.require_number("below_age", "the age (years) the group is under"))
                .and_then(|v| check_threshold("below_age", &v, ctx));
            let limit = ctx
                .keep(g.require_number("limit", "the most per day for the group"))
                .and_then(|v| check_threshold("limit", &v, ctx));
            if let (Some(b), Some(l)) = (below, limit) {
                if groups.last().is_some_and(|(prev, _)| *prev >= b) {
                    ctx.fail(span.clone(), "`age_groups` must be youngest first, with increasing below_age");
                }
                groups.push((b, l));
            }
        }
        if tables.is_empty() {
            ctx.fail(
                f.span().start..f.span().start,
                "`age_groups` needs at least one { below_age, limit }",
            );
        }
        let adult_phrases = Phrases::read(f, ADULT_PHRASES, ctx);
        (ctx.problems.len() == before).then_some(())?;
        Some(AboveForChildren {
            quantity: quantity?,
            groups,
            adult_phrases: adult_phrases?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        if self.not_checked(s).is_some() || self.adults_only(s) {
            return None;
        }
        let amount = self.quantity.of(&s.intake.per_day);
        let youngest = s.label.target_age_min.unwrap_or(0.0);
        let (below, limit) = self
            .groups
            .iter()
            .copied()
            .find(|(below, limit)| youngest < *below && amount > *limit)?;
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let unit = self.quantity.per_day_unit();
        let place = s
            .label
            .ingredients
            .iter()
            .position(|i| {
                let mut one = s.label.clone();
                one.ingredients = vec![i.clone()];
                self.quantity.of(&crate::label::Intake::from_label(&one).per_day) > 0.0
            })
            .map_or(LabelPlace::label("statements"), |i| {
                LabelPlace::ingredient(i, "amount")
            });
        Some(
            Fired::new(format!(
                "{} {unit} of {} is above the {} {unit} limit for children under {}, and the label does not restrict the product to {} years and over",
                number(amount),
                self.quantity.noun(),
                number(limit),
                number(below),
                number(below)
            ))
            .at(place)
            .audited(
                format!("{} {unit}", number(amount)),
                format!("limit {} {unit} under {} y", number(limit), number(below)),
            ),
        )
    }

    fn not_checked(&self, s: &Subject<'_>) -> Option<String> {
        (s.label.target_age_min.is_none() && s.label.statements.is_none()).then(|| {
            "the label's target age and printed statements are not known (no `target_age_min` or `statements`)".to_string()
        })
    }

    fn trigger(&self) -> String {
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|(b, l)| format!("{} {} under {} y", number(*l), self.quantity.per_day_unit(), number(*b)))
            .collect();
        format!(
            "{} per day is above a children's limit ({}) and the label does not exclude those ages",
            self.quantity.noun(),
            groups.join(", ")
        )
    }

    fn parameters(&self) -> Value {
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|(b, l)| json!({ "below_age": b, "limit": l }))
            .collect();
        json!({
            QUANTITY: self.quantity.key(),
            GROUPS: groups,
            ADULT_PHRASES: self.adult_phrases.written,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{judge, rule_of_kind};
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;

    fn label(mk7: f64, statements: Option<&[&str]>, min_age: Option<f64>) -> Label {
        Label {
            statements: statements.map(|s| s.iter().map(|x| x.to_string()).collect()),
            target_age_min: min_age,
            ingredients: vec![Ingredient::new("Vitamin K2", Some("MK-7"), mk7, Unit::Mcg)],
            ..Label::default()
        }
    }

    #[test]
    fn the_youngest_group_the_label_does_not_exclude_decides() {
        let kind = rule_of_kind(super::DOC.example);
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        let fired = judge(label(167.0, Some(&[]), None)).expect("fires");
        assert!(fired.message.contains("45 mcg/day limit for children under 10"), "{}", fired.message);
        assert!(judge(label(45.0, Some(&[]), None)).is_none());
        let fired = judge(label(167.0, Some(&[]), Some(12.0))).expect("10–18 limit");
        assert!(fired.message.contains("90 mcg/day"), "{}", fired.message);
        assert!(judge(label(80.0, Some(&[]), Some(12.0))).is_none());
        assert!(judge(label(167.0, Some(&[]), Some(18.0))).is_none());
        assert!(judge(label(167.0, Some(&["Not suitable for children."]), None)).is_none());
        assert!(judge(label(167.0, None, None)).is_none(), "not checked");
    }
}
