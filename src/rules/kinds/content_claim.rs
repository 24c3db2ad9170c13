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
        MULTI_SHARE = "multi_share_percent": "optional: for a claim naming no nutrient, the \
            share (in percent) of the vitamins and minerals present that must reach \
            min_percent (66.66 for two-thirds); ingredients labelcheck has no reference value \
            for are counted both ways, and when that decides it the claim is not checked",
        MULTI_PRESENT = "multi_present_percent": "with multi_share_percent: the percentage of \
            its reference value from which a vitamin or mineral counts as present (default 0)",
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
        multi: Option<Multi>,
    }
}

/// The multi-nutrient form of a claim (21 CFR 101.54(f)(2) for "high potency").
#[derive(Debug, Clone, Copy)]
struct Multi {
    share_percent: f64,
    present_percent: f64,
}

/// How a multi-nutrient claim stands: the nutrients labelcheck knows, and how many ingredients
/// it has no reference value for.
struct MultiCount {
    /// Known nutrients present at the presence level, with their percentage.
    present: Vec<(RefNutrient, f64)>,
    /// How many of `present` reach the claim's minimum.
    reaching: usize,
    /// Ingredients with no reference value here (zinc, vitamin C, an unreadable amount).
    unknown: Vec<String>,
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

/// "two-thirds" for 66.66 or 66.67 %, else "60%".
fn share_words(percent: f64) -> String {
    if (percent - 200.0 / 3.0).abs() < 0.01 {
        "two-thirds".to_string()
    } else {
        format!("{}%", number(percent))
    }
}

impl ContentClaim {
    /// The known nutrients present and the ingredients without a reference value.
    fn count(&self, s: &Subject<'_>) -> MultiCount {
        let population = self.column.population(s.label);
        let lines = lines(s.label);
        let present_from = self.multi.map_or(0.0, |m| m.present_percent);
        let mut present = Vec::new();
        for nutrient in RefNutrient::ALL {
            let mut of = lines.iter().filter(|l| l.nutrient == nutrient).peekable();
            if of.peek().is_none() {
                continue;
            }
            let amount: f64 = of.map(|l| l.amount).sum();
            let Some(value) = self.reference.value(population, nutrient) else {
                continue;
            };
            let percent = amount / value * 100.0;
            if amount > 0.0 && percent >= present_from {
                present.push((nutrient, percent));
            }
        }
        let known: Vec<usize> = lines.iter().map(|l| l.index).collect();
        let unknown = s
            .label
            .ingredients
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(i))
            .map(|(_, i)| i.name.clone())
            .collect();
        let reaching = present.iter().filter(|(_, p)| *p >= self.min).count();
        MultiCount {
            present,
            reaching,
            unknown,
        }
    }

    /// Whether the multi-nutrient test fails (`Some(true)`) or holds (`Some(false)`) whatever
    /// the ingredients without a reference value are; `None` when they decide it.
    fn multi_verdict(&self, multi: Multi, count: &MultiCount) -> Option<bool> {
        let meets = |reaching: usize, of: usize| {
            of > 0 && reaching as f64 * 100.0 >= multi.share_percent * of as f64
        };
        let known = count.present.len();
        let unknown = count.unknown.len();
        // Best case: every unknown ingredient a vitamin or mineral at the minimum or more.
        let best = meets(count.reaching + unknown, known + unknown);
        // Worst case: every one of them present below the minimum.
        let worst = meets(count.reaching, known + unknown);
        if !best {
            Some(true)
        } else if worst {
            Some(false)
        } else {
            None
        }
    }

    /// A claim naming no nutrient, judged as a multi-nutrient claim.
    fn evaluate_multi(&self, s: &Subject<'_>) -> Option<Fired> {
        let multi = self.multi?;
        let (_, claim, _) = self
            .claims(s)
            .into_iter()
            .find(|(_, _, named)| named.is_empty())?;
        let count = self.count(s);
        if count.present.is_empty() && count.unknown.is_empty() {
            return None;
        }
        if self.multi_verdict(multi, &count) != Some(true) {
            return None;
        }
        let name = self.column.reference_name();
        let each: Vec<String> = count
            .present
            .iter()
            .map(|(n, p)| format!("{} {}", n.noun(), percent_text(*p)))
            .collect();
        let unknown = if count.unknown.is_empty() {
            String::new()
        } else {
            format!(
                " (even if {} reached it as well)",
                count.unknown.join(", ")
            )
        };
        Some(
            Fired::new(format!(
                "the claim \"{claim}\" names no nutrient, so {} of the vitamins and minerals \
                 present need at least {}% of the {name}; {} of {} do{unknown}: {}",
                share_words(multi.share_percent),
                number(self.min),
                count.reaching,
                count.present.len(),
                each.join(", ")
            ))
            .at(LabelPlace::label("claims"))
            .audited(
                format!("\"{claim}\""),
                format!(
                    "{} of {} vitamins and minerals at {}% or more{}",
                    count.reaching,
                    count.present.len(),
                    number(self.min),
                    if count.unknown.is_empty() {
                        String::new()
                    } else {
                        format!(", {} without a reference value", count.unknown.len())
                    }
                ),
            ),
        )
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
        let share = ctx
            .keep(f.take_number(MULTI_SHARE))
            .flatten()
            .and_then(|v| check_threshold(MULTI_SHARE, &v, ctx));
        let present = ctx
            .keep(f.take_number(MULTI_PRESENT))
            .flatten()
            .and_then(|v| check_threshold(MULTI_PRESENT, &v, ctx));
        let multi = share.map(|share_percent| Multi {
            share_percent,
            present_percent: present.unwrap_or(0.0),
        });
        Some(ContentClaim {
            phrases: phrases?,
            min: min?,
            max,
            column: column?,
            reference: reference?,
            multi,
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
            return self.evaluate_multi(s);
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
        let (_, claim, _) = self
            .claims(s)
            .into_iter()
            .find(|(_, _, named)| named.is_empty())?;
        let Some(multi) = self.multi else {
            return Some(format!(
                "the claim \"{claim}\" names no nutrient labelcheck reads (vitamin D, vitamin K, calcium, magnesium)"
            ));
        };
        let count = self.count(s);
        if count.present.is_empty() && count.unknown.is_empty() {
            return Some(format!(
                "the claim \"{claim}\" names no nutrient and the label has no vitamin or mineral at {}% or more of its {}",
                number(multi.present_percent),
                self.column.reference_name()
            ));
        }
        match self.multi_verdict(multi, &count) {
            Some(_) => None,
            None => Some(format!(
                "the claim \"{claim}\" names no nutrient, so it is a multi-nutrient claim, and \
                 labelcheck has no reference value for {} on the label, which decides whether {} \
                 of the vitamins and minerals reach {}%",
                count.unknown.join(", "),
                share_words(multi.share_percent),
                number(self.min)
            )),
        }
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
            MULTI_SHARE: self.multi.map(|m| m.share_percent),
            MULTI_PRESENT: self.multi.map(|m| m.present_percent),
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

    const HIGH_POTENCY: &str = r#"
kind = "content-claim"
phrases = ["high potency"]
min_percent = 100
multi_share_percent = 66.66
multi_present_percent = 2
column = "dv"
reference.adults = { vitamin_d_mcg = 20, vitamin_k_mcg = 120, calcium_mg = 1300, magnesium_mg = 420 }
"#;

    fn multi(ingredients: Vec<Ingredient>) -> Label {
        Label {
            claims: vec!["High Potency Formula".to_string()],
            ingredients,
            ..Label::default()
        }
    }

    #[test]
    fn an_unnamed_high_potency_claim_needs_two_thirds_of_the_vitamins_and_minerals_at_100_percent() {
        let kind = rule_of_kind(HIGH_POTENCY);
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        let d = Ingredient::new("Vitamin D3", None, 50.0, Unit::Mcg); // 250 %
        let k = Ingredient::new("Vitamin K2", Some("MK-7"), 120.0, Unit::Mcg); // 100 %
        let ca = Ingredient::new("Calcium", None, 130.0, Unit::Mg); // 10 %
        let mg_trace = Ingredient::new("Magnesium", None, 4.0, Unit::Mg); // under 2 %: not counted
        // Two of three at 100 % or more: the claim holds (exactly two-thirds).
        assert!(judge(multi(vec![d.clone(), k.clone(), ca.clone(), mg_trace])).is_none());
        // One of two: it does not.
        let fired = judge(multi(vec![d.clone(), ca.clone()])).expect("1 of 2");
        assert!(fired.message.contains("1 of 2 do"), "{}", fired.message);
        // An ingredient without a Daily Value here decides it: not checked, no finding.
        let zinc = Ingredient::new("Zinc", None, 11.0, Unit::Mg);
        let label = multi(vec![d.clone(), k.clone(), ca.clone(), zinc.clone()]);
        assert!(judge(label.clone()).is_none());
        let intake = crate::label::Intake::from_label(&label);
        let subject = super::super::Subject {
            label: &label,
            intake: &intake,
            profile: &crate::profile::Profile::default(),
            detail: crate::rules::kinds::Detail::Full,
        };
        let why = kind.not_checked(&subject).expect("not checked");
        assert!(why.contains("Zinc"), "{why}");
        // Even with zinc at 100 %, one of three cannot reach two-thirds: a finding.
        let fired = judge(multi(vec![d, ca.clone(), ca.clone(), zinc])).map(|f| f.message);
        assert!(fired.is_none() || fired.as_deref().is_some_and(|m| m.contains("Zinc")));
        let weak = Ingredient::new("Vitamin K1", None, 12.0, Unit::Mcg); // 10 %
        let fired = judge(multi(vec![ca, weak, Ingredient::new("Zinc", None, 11.0, Unit::Mg)]))
            .expect("at most 1 of 3");
        assert!(fired.message.contains("even if Zinc reached it"), "{}", fired.message);
    }
}
