use serde_json::{Value, json};

use super::reference::{Column, References, lines, percent_text};
use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::label::PrintedPercent;
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "percent-less-than",
    fires_on: "a vitamin or mineral line prints its percentage as \"less than\" (\"<1%\").",
    why: "On a Supplement Facts panel \"less than 1%\" is for nutrients with a Daily Reference \
        Value such as carbohydrate, not for vitamins and minerals, which are given to the \
        nearest whole percent (or not declared under 2 %).",
    parameters: [
        COLUMN = "column": "dv (US %DV) or nrv (EU %NRV)",
        REFERENCE = "reference": "reference values per population, as for percent-of-reference, \
            to say what the figure should be",
    ],
    example: r#"
kind = "percent-less-than"
column = "dv"
reference.adults = { vitamin_d_mcg = 20, vitamin_k_mcg = 120, calcium_mg = 1300, magnesium_mg = 420 }
"#,
    #[derive(Debug, Clone)]
    pub struct PercentLessThan {
        column: Column,
        reference: References,
    }
}

impl Kind for PercentLessThan {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let column = Column::read(f, COLUMN, ctx);
        let reference = References::read(f, REFERENCE, ctx);
        Some(PercentLessThan {
            column: column?,
            reference: reference?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let population = self.column.population(s.label);
        let found: Vec<_> = lines(s.label)
            .into_iter()
            .filter_map(|line| match self.column.printed(line.ingredient) {
                Some(PrintedPercent::LessThan(v)) => Some((line, v)),
                _ => None,
            })
            .collect();
        let (first, _) = found.first()?;
        let place = LabelPlace::ingredient(first.index, self.column.label_key());
        let describe = |line: &super::reference::RefLine<'_>| {
            match self.reference.percent(population, line) {
                Some(p) => format!("{} is {} of the {}", line.amount_text(), percent_text(p), self.column.reference_name()),
                None => line.amount_text(),
            }
        };
        let parts: Vec<String> = found
            .iter()
            .map(|(line, v)| {
                format!(
                    "{} prints \"<{}%\" ({}); a vitamin or mineral is declared to the nearest whole percent, and not at all under 2%",
                    line.ingredient.name,
                    number(*v),
                    describe(line)
                )
            })
            .collect();
        let printed: Vec<String> = found
            .iter()
            .map(|(l, v)| format!("{}: <{}%", l.ingredient.name, number(*v)))
            .collect();
        let recomputed: Vec<String> = found
            .iter()
            .map(|(l, _)| format!("{}: {}", l.ingredient.name, describe(l)))
            .collect();
        Some(
            Fired::new(parts.join("; "))
                .at(place)
                .audited(printed.join(", "), recomputed.join(", ")),
        )
    }

    fn trigger(&self) -> String {
        format!(
            "a vitamin or mineral prints \"<1%\" (or another \"less than\") in the {} column",
            self.column.name()
        )
    }

    fn parameters(&self) -> Value {
        json!({
            COLUMN: self.column.key(),
            REFERENCE: self.reference.to_json(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fire, rule_of_kind};
    use crate::label::{Ingredient, PrintedPercent, PrintedPercents, Unit};

    #[test]
    fn less_than_one_percent_on_a_vitamin_fires() {
        let kind = rule_of_kind(super::DOC.example);
        let k2 = |p| Ingredient {
            printed: PrintedPercents { dv: Some(p), nrv: None },
            ..Ingredient::new("Vitamin K2", Some("MK-7"), 0.5, Unit::Mcg)
        };
        let fired = fire(&kind, k2(PrintedPercent::LessThan(1.0)), None).expect("fires");
        assert!(fired.message.contains("prints \"<1%\""), "{}", fired.message);
        assert!(fired.message.contains("0.42%"), "{}", fired.message);
        assert!(fire(&kind, k2(PrintedPercent::Value(0.0)), None).is_none());
    }
}
