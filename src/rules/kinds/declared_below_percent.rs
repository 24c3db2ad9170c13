use serde_json::{Value, json};

use super::reference::{Column, References, lines, percent_text};
use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::read::{Ctx, threshold};
use crate::tomlread::Fields;

kind_doc! {
    name: "declared-below-percent",
    fires_on: "a vitamin or mineral line is declared with an amount under `minimum_percent` of \
        its reference value (recomputed from the unrounded amount).",
    why: "A Supplement Facts panel does not declare vitamins and minerals present at less than \
        2 % of their Daily Value; a line that does is a labelling mistake (or the amount is \
        wrong).",
    parameters: [
        COLUMN = "column": "dv (US Daily Values) or nrv (EU NRVs): whose reference values apply",
        MINIMUM = "minimum_percent": "the percentage of the reference value below which a line \
            should not be declared",
        REFERENCE = "reference": "reference values per population, as for percent-of-reference",
    ],
    example: r#"
kind = "declared-below-percent"
column = "dv"
minimum_percent = 2
reference.adults = { vitamin_d_mcg = 20, vitamin_k_mcg = 120, calcium_mg = 1300, magnesium_mg = 420 }
"#,
    #[derive(Debug, Clone)]
    pub struct DeclaredBelowPercent {
        column: Column,
        minimum: f64,
        reference: References,
    }
}

impl Kind for DeclaredBelowPercent {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let column = Column::read(f, COLUMN, ctx);
        let minimum = threshold(f, MINIMUM, "a percentage, e.g. 2", ctx);
        let reference = References::read(f, REFERENCE, ctx);
        Some(DeclaredBelowPercent {
            column: column?,
            minimum: minimum?,
            reference: reference?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let population = self.column.population(s.label);
        let found: Vec<_> = lines(s.label)
            .into_iter()
            .filter_map(|line| {
                let p = self.reference.percent(population, &line)?;
                (p < self.minimum).then_some((line, p))
            })
            .collect();
        let (first, _) = found.first()?;
        let place = LabelPlace::ingredient(first.index, "amount");
        let parts: Vec<String> = found
            .iter()
            .map(|(line, p)| {
                format!(
                    "{} ({}) is {} of its {}, under {}%: a vitamin or mineral under {}% is not declared",
                    line.ingredient.name,
                    line.amount_text(),
                    percent_text(*p),
                    self.column.reference_name(),
                    number(self.minimum),
                    number(self.minimum)
                )
            })
            .collect();
        let printed: Vec<String> = found
            .iter()
            .map(|(l, _)| format!("{}: {}", l.ingredient.name, l.amount_text()))
            .collect();
        let recomputed: Vec<String> = found
            .iter()
            .map(|(l, p)| format!("{}: {}", l.ingredient.name, percent_text(*p)))
            .collect();
        Some(
            Fired::new(parts.join("; "))
                .at(place)
                .audited(printed.join(", "), recomputed.join(", ")),
        )
    }

    fn trigger(&self) -> String {
        format!(
            "a vitamin or mineral is declared at less than {}% of its {}",
            number(self.minimum),
            self.column.reference_name()
        )
    }

    fn parameters(&self) -> Value {
        json!({
            COLUMN: self.column.key(),
            MINIMUM: self.minimum,
            REFERENCE: self.reference.to_json(),
        })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        vec![NumericParam::new(
            ParamPath::Key(MINIMUM),
            MINIMUM.replace('_', " "),
            self.minimum,
            "% of the reference value".to_string(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fire, rule_of_kind};
    use crate::label::{Ingredient, Unit};

    #[test]
    fn a_vitamin_under_two_percent_of_its_dv_fires_and_two_percent_does_not() {
        let kind = rule_of_kind(super::DOC.example);
        let k = |mcg| Ingredient::new("Vitamin K2", Some("MK-7"), mcg, Unit::Mcg);
        // 2 % of 120 mcg is 2.4 mcg.
        assert!(fire(&kind, k(2.4), None).is_none());
        let fired = fire(&kind, k(1.2), None).expect("fires");
        assert!(fired.message.contains("is 1% of its DV"), "{}", fired.message);
    }
}
