use serde_json::{Value, json};
use toml::Spanned;

use super::{Fired, ForPerson, Kind, Subject};
use crate::format::number;
use crate::profile::MAX_AGE_YEARS;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::profile::Profile;
use crate::rules::model::{AgeLimit, Basis, Limit, Quantity, age_words, bands_in_words, described_bands};
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "above",
    fires_on: "the amount per day (or per dose, with basis = \"per_dose\") is strictly greater \
        than the limit (fixed, or the one for the person's age). An age below the first band is \
        not checked.",
    why: "Upper limits and caution levels are set per day, often by age band: this kind compares \
        the label's daily amount with such a limit, so a value exactly at the limit never fires.",
    parameters: [
        QUANTITY = "quantity": "what is measured, e.g. vitamin_d_iu or calcium_mg",
        LIMIT = "limit": "a fixed limit per day (give this or age_limits)",
        AGE_LIMITS = "age_limits": "a list of { from_age, limit }, youngest first; from_age in \
            years, inclusive",
        WHEN_AGE_UNKNOWN = "limit_when_age_unknown": "with age_limits: the limit used when no \
            age is given; without it the rule is skipped when no age is given",
        AGE_UNKNOWN_NOTE = "age_unknown_note": "with age_limits: said in the message when the \
            age-unknown limit is used",
        LIMIT_NAME = "limit_name": "words for the limit in the message (default \"limit\")",
        UNTIL_AGE = "until_age": "optional: the age in years from which the rule no longer \
            applies (a child's rule left to an adult one)",
        BASIS = "basis": "daily_average (default: per serving × servings per day) or per_dose \
            (one administration, which a weekly product's average hides)",
    ],
    example: r#"
kind = "above"
quantity = "vitamin_d_iu"
limit = 10000
limit_name = "caution level"
"#,
    #[derive(Debug, Clone)]
    pub struct Above {
        pub quantity: Quantity,
        pub limit: Limit,
        pub limit_name: String,
        pub until_age: Option<f64>,
        pub basis: Basis,
    }
}

impl Kind for Above {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let quantity = read::quantity(f, QUANTITY, ctx);
        let limit = read_limit(f, ctx, "above", LIMIT);
        let limit_name = read::text_or(f, LIMIT_NAME, "limit", ctx);
        let until_age = match ctx.keep(f.take_number(UNTIL_AGE)).flatten() {
            Some(a) => Some(read::check_threshold(UNTIL_AGE, &a, ctx)?),
            None => None,
        };
        let basis = read::basis(f, BASIS, ctx);
        Some(Above {
            quantity: quantity?,
            limit: limit?,
            limit_name,
            until_age,
            basis: basis?,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        if !self.applies_at(s.profile.age_years) {
            return None;
        }
        let value = self.quantity.of(self.basis.amounts(s.intake));
        if value <= self.limit.applied_value(s.profile.age_years)? {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        let applied = self.limit.applied(s.profile.age_years)?;
        let unit = self.basis.unit(self.quantity);
        Some(Fired::with_threshold(
            format!(
                "{} {unit} of {} is above the {} {unit} {}{}",
                number(value),
                self.quantity.noun(),
                number(applied.value),
                self.limit_name,
                applied.scope
            ),
            Threshold {
                value: applied.value,
                unit,
                comparison: "above",
            },
        ))
    }

    fn trigger(&self) -> String {
        match self.until_age {
            Some(u) => format!(
                "{} (not applied from {})",
                self.limit_trigger(),
                crate::rules::model::age_words(u)
            ),
            None => self.limit_trigger(),
        }
    }

    fn parameters(&self) -> Value {
        let mut v = self.limit_parameters();
        if let (Some(u), Some(o)) = (self.until_age, v.as_object_mut()) {
            // Keep the documented key order: until_age comes before basis.
            let basis = o.remove(BASIS);
            o.insert(UNTIL_AGE.to_string(), json!(u));
            if let Some(b) = basis {
                o.insert(BASIS.to_string(), b);
            }
        }
        v
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        self.limit_numeric_params()
    }

    fn for_person(&self, p: &Profile) -> Option<ForPerson> {
        if let (Some(until), Some(age)) = (self.until_age, p.age_years)
            && age >= until
        {
            return Some(ForPerson {
                applies: false,
                sentence: format!(
                    "not applied at {}: this rule stops at {}",
                    age_words(age),
                    age_words(until)
                ),
            });
        }
        let unit = self.basis.unit(self.quantity);
        let until = self
            .until_age
            .map(|u| format!(" (until {})", age_words(u)))
            .unwrap_or_default();
        match super::limit_for_person(&self.limit, "limit", &unit, p.age_years) {
            Some(mut f) => {
                if f.applies {
                    f.sentence.push_str(&until);
                }
                Some(f)
            }
            None if self.until_age.is_some() => {
                let Limit::Fixed(v) = self.limit else {
                    return None;
                };
                Some(ForPerson {
                    applies: true,
                    sentence: format!("limit for this person: {} {unit}{until}", number(v)),
                })
            }
            None => None,
        }
    }

    /// A per-dose limit concerns one administration of one product, so it runs per product;
    /// a daily limit runs on a regimen's total.
    fn measures(&self) -> Vec<Quantity> {
        if self.basis == Basis::PerDose {
            Vec::new()
        } else {
            vec![self.quantity]
        }
    }
}

impl Above {
    /// Whether the rule speaks for a person of this age: not from `until_age` on (a child's
    /// rule left to an adult one). No age given counts as applying.
    pub fn applies_at(&self, age_years: Option<f64>) -> bool {
        !matches!((self.until_age, age_years), (Some(until), Some(age)) if age >= until)
    }

    fn limit_trigger(&self) -> String {
        let unit = self.basis.unit(self.quantity);
        let per = self.basis.per();
        match &self.limit {
            Limit::Fixed(v) => format!(
                "{} {per} is above {} {unit}",
                self.quantity.noun(),
                number(*v)
            ),
            Limit::ByAge {
                bands,
                when_age_unknown,
                ..
            } => {
                format!(
                    "{} {per} is above the limit for the person's age ({unit}: {})",
                    self.quantity.noun(),
                    bands_in_words(bands, *when_age_unknown)
                )
            }
        }
    }

    fn limit_parameters(&self) -> Value {
        match &self.limit {
            Limit::Fixed(v) => json!({
                QUANTITY: self.quantity.key(),
                LIMIT: v,
                LIMIT_NAME: self.limit_name,
                BASIS: self.basis.key(),
            }),
            Limit::ByAge {
                bands,
                when_age_unknown,
                age_unknown_note,
            } => json!({
                QUANTITY: self.quantity.key(),
                AGE_LIMITS: bands
                    .iter()
                    .map(|b| json!({ "from_age": b.from_age, "limit": b.limit }))
                    .collect::<Vec<_>>(),
                WHEN_AGE_UNKNOWN: when_age_unknown,
                AGE_UNKNOWN_NOTE: age_unknown_note,
                LIMIT_NAME: self.limit_name,
                BASIS: self.basis.key(),
            }),
        }
    }

    fn limit_numeric_params(&self) -> Vec<NumericParam> {
        limit_numeric_params(&self.limit, LIMIT, "limit", self.basis.unit(self.quantity))
    }
}

/// The editable numbers of a limit read by [`read_limit`]: the fixed one under `fixed_key`,
/// or each age band and the age-unknown fallback, labelled with `word` ("limit", "minimum").
pub(super) fn limit_numeric_params(
    limit: &Limit,
    fixed_key: &'static str,
    word: &str,
    unit: String,
) -> Vec<NumericParam> {
    match limit {
        Limit::Fixed(v) => vec![NumericParam::new(
            ParamPath::Key(fixed_key),
            word.into(),
            *v,
            unit,
        )],
        Limit::ByAge {
            bands,
            when_age_unknown,
            ..
        } => {
            let mut out: Vec<NumericParam> = described_bands(bands)
                .map(|(i, ages, limit)| {
                    NumericParam::new(
                        ParamPath::AgeLimit(i),
                        format!("{word}, ages {ages}"),
                        limit,
                        unit.clone(),
                    )
                })
                .collect();
            if let Some(u) = when_age_unknown {
                out.push(NumericParam::new(
                    ParamPath::Key(WHEN_AGE_UNKNOWN),
                    format!("{word}, no age given"),
                    *u,
                    unit,
                ));
            }
            out
        }
    }
}

/// `fixed_key` (`limit`, or `minimum` for `below`), or `age_limits` with the age-unknown
/// fallback: exactly one of the two.
pub(super) fn read_limit(
    f: &mut Fields<'_, '_>,
    ctx: &mut Ctx,
    kind: &str,
    fixed_key: &str,
) -> Option<Limit> {
    let before = ctx.problems.len();
    let fixed = ctx.keep(f.take_number(fixed_key)).flatten();
    let bands = ctx.keep(f.take_table_list(AGE_LIMITS))?;
    let unknown = ctx.keep(f.take_number(WHEN_AGE_UNKNOWN)).flatten();
    let note = ctx.keep(f.take_string(AGE_UNKNOWN_NOTE)).flatten();
    match (fixed, bands.is_empty()) {
        (Some(limit), true) => {
            if let Some(u) = &unknown {
                ctx.warn(
                    u.span(),
                    format!(
                        "`limit_when_age_unknown` is ignored: this rule has a fixed `{fixed_key}`"
                    ),
                );
            }
            read::check_threshold(fixed_key, &limit, ctx).map(Limit::Fixed)
        }
        (Some(limit), false) => {
            ctx.fail(
                limit.span(),
                format!("give either `{fixed_key}` or `age_limits`, not both"),
            );
            None
        }
        (None, true) => {
            // A `limit` that is present but invalid has already been reported.
            if ctx.problems.len() > before {
                return None;
            }
            ctx.fail(
                f.span().start..f.span().start,
                format!(
                    "kind `{kind}` needs `{fixed_key}` (a number) or `age_limits` (a list of {{ from_age, limit }})"
                ),
            );
            None
        }
        (None, false) => {
            let mut out: Vec<AgeLimit> = Vec::new();
            let before = ctx.problems.len();
            for (table, span) in bands {
                let mut bf = Fields::new(table, span.clone());
                let from = ctx.keep(
                    bf.require_number("from_age", "age in years from which the limit applies"),
                );
                let limit = ctx.keep(bf.require_number(LIMIT, "the limit for this age band"));
                for (key, kspan) in bf.unknown() {
                    ctx.fail(
                        kspan,
                        format!("unknown key `{key}` in an age limit: use from_age and limit"),
                    );
                }
                let (Some(from), Some(limit)) = (from, limit) else {
                    continue;
                };
                let Some(limit_value) = read::check_threshold(LIMIT, &limit, ctx) else {
                    continue;
                };
                let age = *from.get_ref();
                if !(0.0..=MAX_AGE_YEARS).contains(&age) {
                    ctx.fail(
                        from.span(),
                        format!("`from_age` must be between 0 and {MAX_AGE_YEARS} years"),
                    );
                    continue;
                }
                if let Some(prev) = out.last()
                    && age <= prev.from_age
                {
                    ctx.fail(
                        from.span(),
                        "age limits must be listed youngest first, each `from_age` greater than the one before",
                    );
                    continue;
                }
                out.push(AgeLimit {
                    from_age: age,
                    limit: limit_value,
                });
            }
            let when_age_unknown = match &unknown {
                Some(u) => Some(read::check_threshold(WHEN_AGE_UNKNOWN, u, ctx)?),
                None => None,
            };
            (ctx.problems.len() == before).then_some(Limit::ByAge {
                bands: out,
                when_age_unknown,
                age_unknown_note: note.map(Spanned::into_inner),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Unit};
    use crate::rules::kinds::tests::{fire, rule_of_kind};

    fn vitamin_d(iu: f64) -> Ingredient {
        Ingredient::new("Vitamin D3", None, iu, Unit::Iu)
    }

    fn calcium(mg: f64) -> Ingredient {
        Ingredient::new("Calcium", None, mg, Unit::Mg)
    }

    #[test]
    fn fires_strictly_above_a_fixed_limit() {
        let kind = rule_of_kind("kind = \"above\"\nquantity = \"vitamin_d_iu\"\nlimit = 4000");
        assert!(fire(&kind, vitamin_d(4000.0), None).is_none());
        let fired = fire(&kind, vitamin_d(4001.0), None).expect("fires");
        assert_eq!(
            fired.message,
            "4,001 IU/day of vitamin D is above the 4,000 IU/day limit"
        );
        assert_eq!(fired.threshold.expect("threshold").comparison, "above");
    }

    #[test]
    fn a_per_dose_basis_tests_one_administration_not_the_daily_average() {
        use crate::label::Label;
        use crate::profile::Anticoagulant;
        use crate::rules::kinds::tests::judge;
        let weekly = |iu: f64| Label {
            servings_per_day: Some(1.0 / 7.0),
            ingredients: vec![vitamin_d(iu)],
            ..Label::default()
        };
        let per_dose = rule_of_kind(
            "kind = \"above\"\nquantity = \"vitamin_d_iu\"\nlimit = 10000\nbasis = \"per_dose\"",
        );
        let daily = rule_of_kind("kind = \"above\"\nquantity = \"vitamin_d_iu\"\nlimit = 10000");
        assert!(judge(&per_dose, weekly(10_000.0), None, Anticoagulant::None).is_none());
        let fired = judge(&per_dose, weekly(10_001.0), None, Anticoagulant::None).expect("fires");
        assert_eq!(
            fired.message,
            "10,001 IU per dose of vitamin D is above the 10,000 IU per dose limit"
        );
        assert!(judge(&daily, weekly(50_000.0), None, Anticoagulant::None).is_none());
    }

    #[test]
    fn an_unknown_basis_is_refused_with_the_choices() {
        let text = "[[rule]]\nid = \"x\"\ntitle = \"X\"\nseverity = \"notice\"\nrationale = \"R.\"\n\
            evidence = \"convention\"\nsources = [\"S\"]\nkind = \"above\"\n\
            quantity = \"vitamin_d_iu\"\nlimit = 1\nbasis = \"weekly\"\n\n[sources.S]\ncitation = \"C.\"\n";
        let problems = crate::rules::parse_rules(text).expect_err("refused");
        assert!(
            format!("{problems:?}").contains("use daily_average (the default) or per_dose"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_age_band_limit_applies_only_with_an_age_in_a_band() {
        let kind = rule_of_kind(
            "kind = \"above\"\nquantity = \"calcium_mg\"\n\
             age_limits = [{ from_age = 1, limit = 2500 }, { from_age = 51, limit = 2000 }]",
        );
        assert!(fire(&kind, calcium(2400.0), None).is_none());
        let fired = fire(&kind, calcium(2400.0), Some(60.0)).expect("fires");
        assert!(
            fired.message.ends_with("limit for ages 51 y and over"),
            "{}",
            fired.message
        );
        assert!(fire(&kind, calcium(2400.0), Some(30.0)).is_none());
        assert!(fire(&kind, calcium(2400.0), Some(0.5)).is_none());
    }

    #[test]
    fn the_editor_offers_each_band_and_the_fallback() {
        let kind = rule_of_kind(
            "kind = \"above\"\nquantity = \"calcium_mg\"\nlimit_when_age_unknown = 2000\n\
             age_limits = [{ from_age = 1, limit = 2500 }, { from_age = 51, limit = 2000 }]",
        );
        let labels: Vec<String> = kind.numeric_params().into_iter().map(|p| p.label).collect();
        assert_eq!(
            labels,
            [
                "limit, ages 1–50 y",
                "limit, ages 51 y and over",
                "limit, no age given"
            ]
        );
    }
}
