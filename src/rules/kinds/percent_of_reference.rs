use serde_json::{Value, json};

use super::reference::{Column, References, lines, percent_text};
use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::label::PrintedPercent;
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "percent-of-reference",
    fires_on: "a printed %DV or %NRV differs from the one recomputed from the line's amount: \
        amount ÷ reference value × 100, from the unrounded amount, for the population of the \
        label's %DV column (adults unless `dv_population` says otherwise).",
    why: "Labels must give vitamins and minerals as a percentage of a reference value, and \
        label builders get the arithmetic wrong: rounding down instead of to the nearest \
        percent, or applying a food panel's 2/5/10 % steps to a supplement.",
    parameters: [
        COLUMN = "column": "dv (US %DV, `percent_dv` on the label) or nrv (EU %NRV, `percent_nrv`)",
        ROUNDING = "rounding": "nearest-whole: the printed figure must be the recomputed one \
            rounded to the nearest whole percent; within-one-point: it must be less than one \
            percentage point from the unrounded figure",
        REFERENCE = "reference": "reference values per population: reference.adults = { \
            vitamin_d_mcg, vitamin_k_mcg, calcium_mg, magnesium_mg }, and optionally infants, \
            children-1-3, pregnancy-lactation",
    ],
    example: r#"
kind = "percent-of-reference"
column = "dv"
rounding = "nearest-whole"
reference.adults = { vitamin_d_mcg = 20, vitamin_k_mcg = 120, calcium_mg = 1300, magnesium_mg = 420 }
"#,
    #[derive(Debug, Clone)]
    pub struct PercentOfReference {
        column: Column,
        rounding: Rounding,
        reference: References,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rounding {
    NearestWhole,
    WithinOnePoint,
}

impl Rounding {
    fn key(self) -> &'static str {
        match self {
            Rounding::NearestWhole => "nearest-whole",
            Rounding::WithinOnePoint => "within-one-point",
        }
    }

    /// Whether `printed` agrees with the unrounded `exact` percentage.
    fn agrees(self, printed: f64, exact: f64) -> bool {
        match self {
            // Half away from zero, as 101.36(b)(2) "nearest whole percent" is read.
            Rounding::NearestWhole => printed == nearest_whole(exact),
            Rounding::WithinOnePoint => (printed - exact).abs() < 1.0,
        }
    }
}

/// The nearest whole percent, halves away from zero. The division leaves binary noise
/// (3.3 ÷ 20 × 100 = 16.499999…), so the figure is first cleaned to a millionth.
fn nearest_whole(exact: f64) -> f64 {
    ((exact * 1e6).round() / 1e6).round()
}

impl Kind for PercentOfReference {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let column = Column::read(f, COLUMN, ctx);
        let rounding = ctx
            .keep(f.require_string(ROUNDING, "nearest-whole or within-one-point"))
            .and_then(|v| match v.get_ref().as_str() {
                "nearest-whole" => Some(Rounding::NearestWhole),
                "within-one-point" => Some(Rounding::WithinOnePoint),
                other => {
                    ctx.fail(
                        v.span(),
                        format!("unknown rounding \"{other}\": use nearest-whole or within-one-point"),
                    );
                    None
                }
            });
        let reference = References::read(f, REFERENCE, ctx);
        Some(PercentOfReference {
            column: column?,
            rounding: rounding?,
            reference: reference?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let population = self.column.population(s.label);
        let mut wrong = Vec::new();
        for line in lines(s.label) {
            let Some(PrintedPercent::Value(printed)) = self.column.printed(line.ingredient) else {
                continue;
            };
            let Some(exact) = self.reference.percent(population, &line) else {
                continue;
            };
            if !self.rounding.agrees(printed, exact) {
                wrong.push((line, printed, exact));
            }
        }
        let (first, ..) = wrong.first()?;
        let place = LabelPlace::ingredient(first.index, self.column.label_key());
        let name = self.column.name();
        let reference = self.column.reference_name();
        let parts: Vec<String> = wrong
            .iter()
            .map(|(line, printed, exact)| {
                let value = self
                    .reference
                    .value(population, line.nutrient)
                    .unwrap_or_default();
                let expected = match self.rounding {
                    Rounding::NearestWhole => format!(", which rounds to {}%", number(nearest_whole(*exact))),
                    Rounding::WithinOnePoint => String::new(),
                };
                format!(
                    "{}: {name} printed as {}%; {} is {} of the {} {} {reference}{expected}",
                    line.ingredient.name,
                    number(*printed),
                    line.amount_text(),
                    percent_text(*exact),
                    number(value),
                    line.nutrient.unit(),
                )
            })
            .collect();
        let printed: Vec<String> = wrong
            .iter()
            .map(|(l, p, _)| format!("{}: {}%", l.ingredient.name, number(*p)))
            .collect();
        let recomputed: Vec<String> = wrong
            .iter()
            .map(|(l, _, exact)| match self.rounding {
                Rounding::NearestWhole => format!(
                    "{}: {}% ({} unrounded)",
                    l.ingredient.name,
                    number(nearest_whole(*exact)),
                    percent_text(*exact)
                ),
                Rounding::WithinOnePoint => {
                    format!("{}: {}", l.ingredient.name, percent_text(*exact))
                }
            })
            .collect();
        Some(
            Fired::new(format!("{} ({})", parts.join("; "), self.column.values_for(population)))
            .at(place)
            .audited(printed.join(", "), recomputed.join(", ")),
        )
    }

    fn not_checked(&self, s: &Subject<'_>) -> Option<String> {
        let lines = lines(s.label);
        let printed = lines
            .iter()
            .any(|l| self.column.printed(l.ingredient).is_some());
        (!lines.is_empty() && !printed).then(|| self.column.missing())
    }

    fn trigger(&self) -> String {
        let how = match self.rounding {
            Rounding::NearestWhole => "the recomputed percentage rounded to the nearest whole percent",
            Rounding::WithinOnePoint => "within one percentage point of the recomputed percentage",
        };
        format!(
            "a printed {} is not {how} (amount ÷ {} × 100, from the unrounded amount)",
            self.column.name(),
            self.column.reference_name()
        )
    }

    fn parameters(&self) -> Value {
        json!({
            COLUMN: self.column.key(),
            ROUNDING: self.rounding.key(),
            REFERENCE: self.reference.to_json(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{judge, rule_of_kind};
    use crate::label::{DvPopulation, Ingredient, Label, PrintedPercent, PrintedPercents, Unit};
    use crate::profile::Anticoagulant;

    const US: &str = r#"
kind = "percent-of-reference"
column = "dv"
rounding = "nearest-whole"
reference.adults = { vitamin_d_mcg = 20, vitamin_k_mcg = 120, calcium_mg = 1300, magnesium_mg = 420 }
reference.children-1-3 = { vitamin_d_mcg = 15, vitamin_k_mcg = 30, calcium_mg = 700, magnesium_mg = 80 }
"#;

    fn d(mcg: f64, dv: Option<f64>) -> Ingredient {
        Ingredient {
            printed: PrintedPercents {
                dv: dv.map(PrintedPercent::Value),
                nrv: None,
            },
            ..Ingredient::new("Vitamin D3", None, mcg, Unit::Mcg)
        }
    }

    fn label(ingredients: Vec<Ingredient>) -> Label {
        Label {
            ingredients,
            ..Label::default()
        }
    }

    fn fires(l: Label) -> Option<super::Fired> {
        judge(&rule_of_kind(US), l, None, Anticoagulant::None)
    }

    #[test]
    fn the_nearest_whole_percent_of_the_unrounded_amount_passes() {
        // 12.5 mcg is 62.5 % of 20 mcg: 63 %.
        assert!(fires(label(vec![d(12.5, Some(63.0))])).is_none());
        assert!(fires(label(vec![d(125.0, Some(625.0))])).is_none());
    }

    #[test]
    fn rounding_down_instead_of_to_the_nearest_percent_fires() {
        let fired = fires(label(vec![d(12.5, Some(62.0))])).expect("floor is wrong");
        assert!(fired.message.contains("62.5%"), "{}", fired.message);
        assert!(fired.message.contains("rounds to 63%"), "{}", fired.message);
        let audit = fired.audit.expect("an audit");
        assert_eq!(audit.printed, "Vitamin D3: 62%");
        assert_eq!(audit.recomputed, "Vitamin D3: 63% (62.5% unrounded)");
    }

    #[test]
    fn a_food_panels_ten_percent_steps_on_a_supplement_fire() {
        // Nutrition Facts would round 62.5 % to 60 % (10 % steps above 50 %).
        assert!(fires(label(vec![d(12.5, Some(60.0))])).is_some());
        // 3.3 mcg is 16.5 %: a food panel's 5 % step gives 15 %, a supplement prints 17 %.
        assert!(fires(label(vec![d(3.3, Some(15.0))])).is_some());
        assert!(fires(label(vec![d(3.3, Some(17.0))])).is_none());
    }

    #[test]
    fn the_panels_population_decides_the_daily_value() {
        let mut l = label(vec![d(15.0, Some(100.0))]);
        assert!(fires(l.clone()).is_some(), "75 % of the adults' DV");
        l.dv_population = Some(DvPopulation::Children1To3);
        assert!(fires(l).is_none(), "100 % of the 1–3 y DV");
    }

    #[test]
    fn without_a_printed_column_it_is_not_checked_and_does_not_fire() {
        let kind = rule_of_kind(US);
        let l = label(vec![d(12.5, None)]);
        assert!(fires(l.clone()).is_none());
        let intake = crate::label::Intake::from_label(&l);
        let profile = crate::profile::Profile::default();
        let why = kind.not_checked(&super::Subject {
            label: &l,
            intake: &intake,
            profile: &profile,
            detail: crate::rules::kinds::Detail::Full,
        });
        assert_eq!(why.as_deref(), Some("the label text has no %DV column"));
    }
}
