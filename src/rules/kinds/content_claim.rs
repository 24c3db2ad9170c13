use serde_json::{Value, json};

use super::phrases::Phrases;
use super::reference::{Column, RefNutrient, References, lines, percent_text};
use super::{Fired, Kind, LabelPlace, Subject};
use crate::format::number;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::read::{Ctx, check_threshold, threshold};
use crate::tomlread::Fields;

kind_doc! {
    name: "content-claim",
    fires_on: "a claim uses one of the phrases and a nutrient it names (vitamin D, vitamin K, \
        calcium, magnesium) is below `min_percent` of its reference value per serving, or \
        above `max_percent` when one is given.",
    why: "Nutrient content claims such as \"high potency\", \"excellent source\" and \"good \
        source\" have thresholds in percent of the Daily Value; a claim the amount does not \
        reach misleads.",
    parameters: [
        PHRASES = "phrases": "the claim's wording, matched as whole words (\"good source\")",
        MIN = "min_percent": "the least percentage of the reference value the claim needs",
        MAX = "max_percent": "optional: the most the claim allows (\"good source\" is 10–19 %)",
        COLUMN = "column": "dv (US Daily Values) or nrv (EU NRVs)",
        REFERENCE = "reference": "reference values per population, as for percent-of-reference",
    ],
    example: r#"
kind = "content-claim"
phrases = ["good source"]
min_percent = 10
max_percent = 19.5
column = "dv"
reference.adults = { vitamin_d_mcg = 20, vitamin_k_mcg = 120, calcium_mg = 1300, magnesium_mg = 420 }
"#,
    #[derive(Debug, Clone)]
    pub struct ContentClaim {
        phrases: Phrases,
        min: f64,
        max: Option<f64>,
        column: Column,
        reference: References,
    }
}

impl ContentClaim {
    /// The claims using a phrase, with the nutrients each names.
    fn claims<'l>(&self, s: &Subject<'l>) -> Vec<(usize, &'l str, Vec<RefNutrient>)> {
        s.label
            .claims
            .iter()
            .enumerate()
            .filter(|(_, c)| self.phrases.find_in(c).is_some())
            .map(|(i, c)| (i, c.as_str(), RefNutrient::named_in(c)))
            .collect()
    }
}

impl Kind for ContentClaim {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let phrases = Phrases::read(f, PHRASES, ctx);
        let min = threshold(f, MIN, "a percentage of the reference value", ctx);
        let max = ctx
            .keep(f.take_number(MAX))
            .flatten()
            .and_then(|v| check_threshold(MAX, &v, ctx));
        let column = Column::read(f, COLUMN, ctx);
        let reference = References::read(f, REFERENCE, ctx);
        Some(ContentClaim {
            phrases: phrases?,
            min: min?,
            max,
            column: column?,
            reference: reference?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let population = self.column.population(s.label);
        let lines = lines(s.label);
        let mut wrong = Vec::new();
        for (_, claim, named) in self.claims(s) {
            for nutrient in named {
                let Some(value) = self.reference.value(population, nutrient) else {
                    continue;
                };
                let amount: f64 = lines
                    .iter()
                    .filter(|l| l.nutrient == nutrient)
                    .map(|l| l.amount)
                    .sum();
                let percent = amount / value * 100.0;
                let outside = percent < self.min || self.max.is_some_and(|m| percent > m);
                if outside {
                    wrong.push((claim, nutrient, amount, percent));
                }
            }
        }
        if wrong.is_empty() {
            return None;
        }
        let range = match self.max {
            Some(max) => format!("{}–{}%", number(self.min), number(max)),
            None => format!("at least {}%", number(self.min)),
        };
        let name = self.column.reference_name();
        let parts: Vec<String> = wrong
            .iter()
            .map(|(claim, nutrient, amount, percent)| {
                format!(
                    "the claim \"{claim}\" needs {range} of the {name} of {}; the label has {} {} per serving, {}",
                    nutrient.noun(),
                    number(*amount),
                    nutrient.unit(),
                    percent_text(*percent)
                )
            })
            .collect();
        let recomputed: Vec<String> = wrong
            .iter()
            .map(|(_, n, _, p)| format!("{}: {} of the {name}", n.noun(), percent_text(*p)))
            .collect();
        let printed: Vec<String> = wrong.iter().map(|(c, ..)| format!("\"{c}\"")).collect();
        Some(
            Fired::new(parts.join("; "))
                .at(LabelPlace::label("claims"))
                .audited(printed.join(", "), recomputed.join(", ")),
        )
    }

    fn not_checked(&self, s: &Subject<'_>) -> Option<String> {
        self.claims(s)
            .into_iter()
            .find(|(_, _, named)| named.is_empty())
            .map(|(_, claim, _)| {
                format!("the claim \"{claim}\" names no nutrient labelcheck reads (vitamin D, vitamin K, calcium, magnesium)")
            })
    }

    fn trigger(&self) -> String {
        let range = match self.max {
            Some(max) => format!("{}–{}%", number(self.min), number(max)),
            None => format!("at least {}%", number(self.min)),
        };
        format!(
            "a claim says {} and a nutrient it names is not {range} of its {} per serving",
            self.phrases
                .written
                .iter()
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(" or "),
            self.column.reference_name()
        )
    }

    fn parameters(&self) -> Value {
        json!({
            PHRASES: self.phrases.written,
            MIN: self.min,
            MAX: self.max,
            COLUMN: self.column.key(),
            REFERENCE: self.reference.to_json(),
        })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        let mut out = vec![NumericParam::new(
            ParamPath::Key(MIN),
            "min percent".to_string(),
            self.min,
            "% of the reference value".to_string(),
        )];
        if let Some(max) = self.max {
            out.push(NumericParam::new(
                ParamPath::Key(MAX),
                "max percent".to_string(),
                max,
                "% of the reference value".to_string(),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{judge, rule_of_kind};
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;

    fn label(claim: &str, d_mcg: f64) -> Label {
        Label {
            claims: vec![claim.to_string()],
            ingredients: vec![Ingredient::new("Vitamin D3", None, d_mcg, Unit::Mcg)],
            ..Label::default()
        }
    }

    #[test]
    fn good_source_needs_ten_to_nineteen_percent_of_the_dv() {
        let kind = rule_of_kind(super::DOC.example);
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        // 20 mcg DV: 2 mcg = 10 %, 3.8 mcg = 19 %, 1 mcg = 5 %, 10 mcg = 50 %.
        assert!(judge(label("A good source of vitamin D", 2.0)).is_none());
        assert!(judge(label("A good source of vitamin D", 3.8)).is_none());
        let fired = judge(label("A good source of vitamin D", 1.0)).expect("too little");
        assert!(fired.message.contains("5%"), "{}", fired.message);
        assert!(judge(label("Good source of Vitamin D3!", 10.0)).is_some(), "above 19 % is high, not good");
        assert!(judge(label("Supports bones", 1.0)).is_none());
    }
}
