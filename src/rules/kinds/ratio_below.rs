use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::model::Quantity;
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "ratio-below",
    fires_on: "the denominator per day is at least denominator_at_least, the numerator is \
        above 0, and numerator / denominator × per is strictly below the minimum.",
    why: "Some pairings are judged by proportion rather than amount (micrograms of K2 per \
        1,000 IU of vitamin D): this kind compares such a ratio with a minimum, once the \
        denominator is large enough for the ratio to matter. A label with none of the \
        numerator has no ratio to judge; its absence is left to other rules (missing-companion).",
    parameters: [
        NUMERATOR = "numerator": "the quantity on top, e.g. k2_total_mcg",
        DENOMINATOR = "denominator": "the quantity below, e.g. vitamin_d_iu",
        PER = "per": "units of the denominator the ratio is expressed per (greater than 0)",
        MINIMUM = "minimum": "the ratio below which the rule fires",
        AT_LEAST = "denominator_at_least": "the denominator amount per day from which the \
            ratio is judged",
        LIMIT_NAME = "limit_name": "words for the minimum in the message (default \"minimum\")",
    ],
    example: r#"
kind = "ratio-below"
numerator = "k2_total_mcg"
denominator = "vitamin_d_iu"
per = 1000
minimum = 10
denominator_at_least = 1000
"#,
    #[derive(Debug, Clone)]
    pub struct RatioBelow {
        pub numerator: Quantity,
        pub denominator: Quantity,
        pub per: f64,
        pub minimum: f64,
        pub denominator_at_least: f64,
        pub limit_name: String,
    }
}

impl RatioBelow {
    /// "mcg per 1,000 IU".
    fn ratio_unit(&self) -> String {
        format!(
            "{} per {} {}",
            self.numerator.unit(),
            number(self.per),
            self.denominator.unit()
        )
    }
}

impl Kind for RatioBelow {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let numerator = read::quantity(f, NUMERATOR, ctx);
        let denominator = read::quantity(f, DENOMINATOR, ctx);
        let per = read::threshold(
            f,
            PER,
            "units of the denominator the ratio is expressed per",
            ctx,
        );
        if per == Some(0.0) {
            let span = f.take(PER).map_or(f.span(), |v| v.span());
            ctx.fail(span, "`per` must be greater than 0");
        }
        let minimum = read::threshold(f, MINIMUM, "the ratio below which the rule fires", ctx);
        let at_least = read::threshold(
            f,
            AT_LEAST,
            "the denominator amount from which the ratio is judged",
            ctx,
        );
        let limit_name = read::text_or(f, LIMIT_NAME, "minimum", ctx);
        Some(RatioBelow {
            numerator: numerator?,
            denominator: denominator?,
            per: per.filter(|p| *p > 0.0)?,
            minimum: minimum?,
            denominator_at_least: at_least?,
            limit_name,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let day = &s.intake.per_day;
        let den = self.denominator.of(day);
        if den <= 0.0 || den < self.denominator_at_least {
            return None;
        }
        let num = self.numerator.of(day);
        if num <= 0.0 {
            return None;
        }
        let ratio = num / den * self.per;
        if ratio >= self.minimum {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let unit = self.ratio_unit();
        Some(Fired::with_threshold(
            format!(
                "{} {} of {} per {} {} of {} is below the {} {unit} {} ({} {}/day with {} {}/day)",
                number(ratio),
                self.numerator.unit(),
                self.numerator.noun(),
                number(self.per),
                self.denominator.unit(),
                self.denominator.noun(),
                number(self.minimum),
                self.limit_name,
                number(num),
                self.numerator.unit(),
                number(den),
                self.denominator.unit()
            ),
            Threshold {
                value: self.minimum,
                unit,
                comparison: "below",
            },
        ))
    }

    fn trigger(&self) -> String {
        format!(
            "{} is at least {} {}/day and {} is present but below {} {} per {} {} of it",
            self.denominator.noun(),
            number(self.denominator_at_least),
            self.denominator.unit(),
            self.numerator.noun(),
            number(self.minimum),
            self.numerator.unit(),
            number(self.per),
            self.denominator.unit()
        )
    }

    fn measures(&self) -> Vec<Quantity> {
        vec![self.numerator, self.denominator]
    }

    fn parameters(&self) -> Value {
        json!({
            NUMERATOR: self.numerator.key(),
            DENOMINATOR: self.denominator.key(),
            PER: self.per,
            MINIMUM: self.minimum,
            AT_LEAST: self.denominator_at_least,
            LIMIT_NAME: self.limit_name,
        })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        vec![
            NumericParam::new(
                ParamPath::Key(MINIMUM),
                "minimum ratio".into(),
                self.minimum,
                self.ratio_unit(),
            ),
            NumericParam::new(
                ParamPath::Key(PER),
                "ratio per".into(),
                self.per,
                self.denominator.unit().to_string(),
            ),
            NumericParam::new(
                ParamPath::Key(AT_LEAST),
                format!("judged from ({})", self.denominator.noun()),
                self.denominator_at_least,
                self.denominator.per_day_unit(),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    fn label(d_iu: f64, k2_mcg: f64) -> Label {
        Label {
            ingredients: vec![
                Ingredient::new("Vitamin D3", None, d_iu, Unit::Iu),
                Ingredient::new("Vitamin K2", Some("MK-7"), k2_mcg, Unit::Mcg),
            ],
            ..Label::default()
        }
    }

    #[test]
    fn fires_below_the_ratio_once_the_denominator_is_large_enough() {
        let kind = rule_of_kind(
            "kind = \"ratio-below\"\nnumerator = \"k2_total_mcg\"\ndenominator = \"vitamin_d_iu\"\n\
             per = 1000\nminimum = 10\ndenominator_at_least = 1000",
        );
        let judge = |d, k| judge(&kind, label(d, k), None, Anticoagulant::None);
        assert!(judge(5000.0, 50.0).is_none(), "exactly at the ratio");
        let fired = judge(5000.0, 49.0).expect("fires");
        assert_eq!(
            fired.message,
            "9.8 mcg of vitamin K2 per 1,000 IU of vitamin D is below the 10 mcg per 1,000 IU \
             minimum (49 mcg/day with 5,000 IU/day)"
        );
        assert!(judge(999.0, 1.0).is_none(), "denominator below the gate");
        assert!(judge(5000.0, 0.0).is_none(), "no numerator: no ratio to judge");
        assert!(judge(5000.0, 0.01).is_some(), "the least numerator is judged");
    }

    #[test]
    fn a_zero_per_is_refused() {
        let text = "[[rule]]\nid = \"r\"\ntitle = \"R\"\nseverity = \"info\"\nrationale = \"x\"\n\
             evidence = \"convention\"\nsources = [\"S\"]\nkind = \"ratio-below\"\n\
             numerator = \"k2_total_mcg\"\ndenominator = \"vitamin_d_iu\"\nper = 0\nminimum = 1\n\
             denominator_at_least = 1\n[sources.S]\ncitation = \"c\"\n";
        let problems = crate::rules::parse_rules(text).expect_err("refused");
        assert!(problems.iter().any(|p| p.message == "`per` must be greater than 0"));
    }
}
