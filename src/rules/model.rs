//! The parts of a rule: what it measures, its kind and parameters.

use super::kinds::RuleKind;
use super::region::Region;
use super::{Evidence, Severity};
use crate::label::{DForm, Intake, K2Form, Nutrient, Nutrients};

/// One rule as loaded from rules.toml.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable kebab-case id: a contract for scripts and for `explain`.
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub enabled: bool,
    pub kind: RuleKind,
    pub rationale: String,
    pub evidence: Evidence,
    /// Keys into the rule set's sources.
    pub sources: Vec<String>,
    /// Ids of rules that, when they fire, make this one redundant (d-above-ul is silent when
    /// d-above-caution already speaks).
    pub suppressed_by: Vec<String>,
    /// The market this rule belongs to: checked only when that region is asked for. `None`
    /// for the health rules, checked for everyone.
    pub region: Option<Region>,
    /// For a health rule that is also a market's labelling requirement: the markets whose
    /// listings include it. It stays on for everyone.
    pub also_regions: Vec<Region>,
    /// The paragraph of law or guidance the rule applies ("21 CFR 101.36(b)(2)(i)"), shown in
    /// `explain`, the audit trail and SARIF.
    pub regulation: Option<String>,
}

impl Rule {
    /// Whether the rule is checked when `regions` are asked for.
    pub fn applies_in(&self, regions: &[Region]) -> bool {
        self.region.is_none_or(|r| regions.contains(&r))
    }

    /// Whether the rule is part of `region`'s rules (its own, or a health rule marked as
    /// also belonging there).
    pub fn belongs_to(&self, region: Region) -> bool {
        self.region == Some(region) || self.also_regions.contains(&region)
    }
}

/// A per-day amount the rules can measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    VitaminDIu,
    VitaminDMcg,
    K1Mcg,
    K2Mk7Mcg,
    K2Mk4Mcg,
    K2UnspecifiedMcg,
    K2TotalMcg,
    /// Vitamin K printed without a form: in vitamin K in total, never in K2.
    KUnspecifiedMcg,
    VitaminKTotalMcg,
    CalciumMg,
    MagnesiumMg,
}

impl Quantity {
    pub const ALL: [Quantity; 11] = [
        Quantity::VitaminDIu,
        Quantity::VitaminDMcg,
        Quantity::K1Mcg,
        Quantity::K2Mk7Mcg,
        Quantity::K2Mk4Mcg,
        Quantity::K2UnspecifiedMcg,
        Quantity::K2TotalMcg,
        Quantity::KUnspecifiedMcg,
        Quantity::VitaminKTotalMcg,
        Quantity::CalciumMg,
        Quantity::MagnesiumMg,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Quantity::VitaminDIu => "vitamin_d_iu",
            Quantity::VitaminDMcg => "vitamin_d_mcg",
            Quantity::K1Mcg => "k1_mcg",
            Quantity::K2Mk7Mcg => "k2_mk7_mcg",
            Quantity::K2Mk4Mcg => "k2_mk4_mcg",
            Quantity::K2UnspecifiedMcg => "k2_unspecified_mcg",
            Quantity::K2TotalMcg => "k2_total_mcg",
            Quantity::KUnspecifiedMcg => "k_unspecified_mcg",
            Quantity::VitaminKTotalMcg => "vitamin_k_total_mcg",
            Quantity::CalciumMg => "calcium_mg",
            Quantity::MagnesiumMg => "magnesium_mg",
        }
    }

    pub fn from_key(key: &str) -> Option<Quantity> {
        Quantity::ALL.into_iter().find(|q| q.key() == key)
    }

    pub fn unit(self) -> &'static str {
        match self {
            Quantity::VitaminDIu => "IU",
            Quantity::CalciumMg | Quantity::MagnesiumMg => "mg",
            _ => "mcg",
        }
    }

    /// The unit of a daily amount: "IU/day", "mcg/day", "mg/day".
    pub fn per_day_unit(self) -> String {
        format!("{}/day", self.unit())
    }

    /// The nutrient in words, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Quantity::VitaminDIu | Quantity::VitaminDMcg => "vitamin D",
            Quantity::K1Mcg => "vitamin K1",
            Quantity::K2Mk7Mcg => "K2 as MK-7",
            Quantity::K2Mk4Mcg => "K2 as MK-4",
            Quantity::K2UnspecifiedMcg => "K2 of unstated form",
            Quantity::K2TotalMcg => "vitamin K2",
            Quantity::KUnspecifiedMcg => "vitamin K (form not stated)",
            Quantity::VitaminKTotalMcg => "vitamin K (any form)",
            Quantity::CalciumMg => "calcium",
            Quantity::MagnesiumMg => "magnesium",
        }
    }

    /// Whether an ingredient recognised as `n` adds to this quantity: vitamin K of unstated
    /// form adds to vitamin K in total, never to a K2 quantity.
    pub fn includes(self, n: Nutrient) -> bool {
        match self {
            Quantity::VitaminDIu | Quantity::VitaminDMcg => matches!(n, Nutrient::VitaminD(_)),
            Quantity::K1Mcg => n == Nutrient::K1,
            Quantity::K2Mk7Mcg => n == Nutrient::K2(K2Form::Mk7),
            Quantity::K2Mk4Mcg => n == Nutrient::K2(K2Form::Mk4),
            Quantity::K2UnspecifiedMcg => n == Nutrient::K2(K2Form::Unspecified),
            Quantity::K2TotalMcg => matches!(n, Nutrient::K2(_)),
            Quantity::KUnspecifiedMcg => n == Nutrient::KUnspecified,
            Quantity::VitaminKTotalMcg => {
                matches!(n, Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified)
            }
            Quantity::CalciumMg => n == Nutrient::Calcium,
            Quantity::MagnesiumMg => n == Nutrient::Magnesium,
        }
    }

    /// Whether two quantities count an ingredient in common: vitamin K in total and K1 do,
    /// K1 and K2 do not.
    pub fn overlaps(self, other: Quantity) -> bool {
        const EACH: [Nutrient; 9] = [
            Nutrient::VitaminD(DForm::D3),
            Nutrient::VitaminD(DForm::D2),
            Nutrient::K1,
            Nutrient::K2(K2Form::Mk7),
            Nutrient::K2(K2Form::Mk4),
            Nutrient::K2(K2Form::Unspecified),
            Nutrient::KUnspecified,
            Nutrient::Calcium,
            Nutrient::Magnesium,
        ];
        EACH.iter().any(|n| self.includes(*n) && other.includes(*n))
    }

    pub fn of(self, n: &Nutrients) -> f64 {
        match self {
            Quantity::VitaminDIu => n.vitamin_d_iu,
            Quantity::VitaminDMcg => n.vitamin_d_iu / crate::label::units::IU_PER_MCG_VITAMIN_D,
            Quantity::K1Mcg => n.k1_mcg,
            Quantity::K2Mk7Mcg => n.k2_mk7_mcg,
            Quantity::K2Mk4Mcg => n.k2_mk4_mcg,
            Quantity::K2UnspecifiedMcg => n.k2_unspecified_mcg,
            Quantity::K2TotalMcg => n.k2_total_mcg(),
            Quantity::KUnspecifiedMcg => n.k_unspecified_mcg,
            Quantity::VitaminKTotalMcg => n.vitamin_k_total_mcg(),
            Quantity::CalciumMg => n.calcium_mg,
            Quantity::MagnesiumMg => n.magnesium_mg,
        }
    }
}

/// Which amount a rule tests: the daily average (per serving × servings per day) or one
/// administration (one serving), which a weekly or monthly product's average hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Basis {
    #[default]
    DailyAverage,
    PerDose,
}

impl Basis {
    pub const ALL: [Basis; 2] = [Basis::DailyAverage, Basis::PerDose];

    /// The value of `basis = "…"` in rules.toml.
    pub fn key(self) -> &'static str {
        match self {
            Basis::DailyAverage => "daily_average",
            Basis::PerDose => "per_dose",
        }
    }

    pub fn from_key(key: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.key() == key)
    }

    /// The amounts this basis tests.
    pub fn amounts(self, intake: &Intake) -> &Nutrients {
        match self {
            Basis::DailyAverage => &intake.per_day,
            Basis::PerDose => &intake.per_serving,
        }
    }

    /// "IU/day" or "IU per dose".
    pub fn unit(self, q: Quantity) -> String {
        match self {
            Basis::DailyAverage => q.per_day_unit(),
            Basis::PerDose => format!("{} per dose", q.unit()),
        }
    }

    /// "per day" or "per dose", for a trigger sentence.
    pub fn per(self) -> &'static str {
        match self {
            Basis::DailyAverage => "per day",
            Basis::PerDose => "per dose",
        }
    }
}

/// A limit that may depend on the person's age.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    Fixed(f64),
    ByAge {
        /// Sorted by `from_age`, strictly increasing.
        bands: Vec<AgeLimit>,
        /// Used when no age is given; `None` = the rule is not applied without an age.
        when_age_unknown: Option<f64>,
        /// Said in the message when the age-unknown limit is used.
        age_unknown_note: Option<String>,
    },
}

/// From this age (years, inclusive) until the next band, this limit applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeLimit {
    pub from_age: f64,
    pub limit: f64,
}

/// Which limit applies, and how to describe it.
pub struct AppliedLimit {
    pub value: f64,
    /// "for ages 19–50 y", or the age-unknown note; empty for a fixed limit.
    pub scope: String,
}

impl Limit {
    /// The limit for an age, or `None` when the rule does not apply (age below every band, or
    /// no age given and no age-unknown limit).
    pub fn applied(&self, age: Option<f64>) -> Option<AppliedLimit> {
        let value = self.applied_value(age)?;
        Some(AppliedLimit {
            value,
            scope: self.scope(age),
        })
    }

    /// The limit's value for an age, as [`Limit::applied`] gives it, without the words of its
    /// scope (rules compare with it first and write the words only when they fire).
    pub fn applied_value(&self, age: Option<f64>) -> Option<f64> {
        match self {
            Limit::Fixed(v) => Some(*v),
            Limit::ByAge {
                bands,
                when_age_unknown,
                ..
            } => match age {
                None => *when_age_unknown,
                Some(age) => {
                    let i = bands.iter().rposition(|b| b.from_age <= age)?;
                    Some(bands[i].limit)
                }
            },
        }
    }

    /// The words after the limit saying for whom it is ("; no age given", " for ages 1–3 y").
    fn scope(&self, age: Option<f64>) -> String {
        match self {
            Limit::Fixed(_) => String::new(),
            Limit::ByAge {
                bands,
                age_unknown_note,
                ..
            } => match age {
                None => match age_unknown_note {
                    Some(note) => format!("; {note}"),
                    None => "; no age given".to_string(),
                },
                Some(age) => match bands.iter().rposition(|b| b.from_age <= age) {
                    Some(i) => {
                        let next = bands.get(i + 1).map(|b| b.from_age);
                        format!(" for ages {}", age_range(bands[i].from_age, next))
                    }
                    None => String::new(),
                },
            },
        }
    }
}

/// Each band with the ages it covers in words: (index, "19–50 y", limit).
pub fn described_bands(bands: &[AgeLimit]) -> impl Iterator<Item = (usize, String, f64)> + '_ {
    bands.iter().enumerate().map(|(i, b)| {
        let next = bands.get(i + 1).map(|n| n.from_age);
        (i, age_range(b.from_age, next), b.limit)
    })
}

/// Each band's ages and limit, then the limit when no age is given, in words:
/// "1–3 y 2,500; 4–8 y 3,000; no age given 4,000".
pub fn bands_in_words(bands: &[AgeLimit], when_age_unknown: Option<f64>) -> String {
    let mut parts: Vec<String> = described_bands(bands)
        .map(|(_, ages, limit)| format!("{ages} {}", crate::format::number(limit)))
        .collect();
    if let Some(u) = when_age_unknown {
        parts.push(format!("no age given {}", crate::format::number(u)));
    }
    parts.join("; ")
}

/// "19–50 y", "7–12 months", "51 y and over".
pub fn age_range(from: f64, next: Option<f64>) -> String {
    let months = |y: f64| crate::format::number(y * 12.0);
    let years = crate::format::number;
    match next {
        Some(next) if next <= 1.0 => format!("{}–{} months", months(from), months(next)),
        Some(next) if from.fract() == 0.0 && next.fract() == 0.0 => {
            format!("{}–{} y", years(from), years(next - 1.0))
        }
        Some(next) if from < 1.0 => format!("{} months to under {} y", months(from), years(next)),
        Some(next) => format!("{} to under {} y", years(from), years(next)),
        None if from < 1.0 => format!("{} months and over", months(from)),
        None => format!("{} y and over", years(from)),
    }
}

/// An age in words: "6 months", "1 year", "19 years".
pub fn age_words(years: f64) -> String {
    use crate::format::number;
    if years < 1.0 {
        format!("{} months", number(years * 12.0))
    } else if years == 1.0 {
        "1 year".to_string()
    } else {
        format!("{} years", number(years))
    }
}

/// A declared form of vitamin D or K.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormName {
    D3,
    D2,
    DUnspecified,
    K1,
    Mk7,
    Mk4,
    K2Unspecified,
    /// Vitamin K with no form printed: not a K2 form.
    KUnspecified,
}

impl FormName {
    pub const ALL: [FormName; 8] = [
        FormName::D3,
        FormName::D2,
        FormName::DUnspecified,
        FormName::K1,
        FormName::Mk7,
        FormName::Mk4,
        FormName::K2Unspecified,
        FormName::KUnspecified,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FormName::D3 => "d3",
            FormName::D2 => "d2",
            FormName::DUnspecified => "d-unspecified",
            FormName::K1 => "k1",
            FormName::Mk7 => "mk7",
            FormName::Mk4 => "mk4",
            FormName::K2Unspecified => "k2-unspecified",
            FormName::KUnspecified => "k-unspecified",
        }
    }

    pub fn from_key(key: &str) -> Option<FormName> {
        FormName::ALL.into_iter().find(|f| f.key() == key)
    }

    /// As a label would print it.
    pub fn label(self) -> &'static str {
        match self {
            FormName::D3 => "D3 (cholecalciferol)",
            FormName::D2 => "D2 (ergocalciferol)",
            FormName::DUnspecified => "vitamin D of unstated form",
            FormName::K1 => "K1 (phylloquinone)",
            FormName::Mk7 => "MK-7",
            FormName::Mk4 => "MK-4",
            FormName::K2Unspecified => "K2 of unstated form",
            FormName::KUnspecified => "vitamin K of unstated form",
        }
    }

    pub fn group(self) -> FormGroup {
        match self {
            FormName::D3 | FormName::D2 | FormName::DUnspecified => FormGroup::VitaminD,
            FormName::K1 => FormGroup::K1,
            FormName::Mk7 | FormName::Mk4 | FormName::K2Unspecified => FormGroup::K2,
            FormName::KUnspecified => FormGroup::KUnspecified,
        }
    }

    /// The per-day amount of this form, in the group's unit (IU for vitamin D, mcg for K).
    pub fn amount(self, intake: &Intake) -> Option<f64> {
        let n = &intake.per_day;
        match self {
            FormName::K1 => Some(n.k1_mcg),
            FormName::Mk7 => Some(n.k2_mk7_mcg),
            FormName::Mk4 => Some(n.k2_mk4_mcg),
            FormName::K2Unspecified => Some(n.k2_unspecified_mcg),
            FormName::KUnspecified => Some(n.k_unspecified_mcg),
            FormName::D3 | FormName::D2 | FormName::DUnspecified => {
                let form = match self {
                    FormName::D3 => DForm::D3,
                    FormName::D2 => DForm::D2,
                    _ => DForm::Unspecified,
                };
                let per_serving = intake
                    .vitamin_d_iu_by_form
                    .iter()
                    .find(|(f, _)| *f == form)
                    .map_or(0.0, |(_, iu)| *iu);
                Some(per_serving * intake.servings_per_day)
            }
        }
    }

    pub fn present(self, intake: &Intake) -> bool {
        let d = |form: DForm| {
            intake.per_day.vitamin_d_iu > 0.0 && intake.vitamin_d_forms.contains(&form)
        };
        match self {
            FormName::D3 => d(DForm::D3),
            FormName::D2 => d(DForm::D2),
            FormName::DUnspecified => d(DForm::Unspecified),
            other => other.amount(intake).unwrap_or(0.0) > 0.0,
        }
    }
}

/// A family of forms, for "none of the K2 is MK-7".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormGroup {
    VitaminD,
    K1,
    K2,
    /// Vitamin K of unstated form: a group of its own, so no K2 rule takes it for K2.
    KUnspecified,
}

impl FormGroup {
    pub fn key(self) -> &'static str {
        match self {
            FormGroup::VitaminD => "vitamin-d",
            FormGroup::K1 => "k1",
            FormGroup::K2 => "k2",
            FormGroup::KUnspecified => "k-unspecified",
        }
    }

    pub const ALL: [FormGroup; 4] = [
        FormGroup::VitaminD,
        FormGroup::K1,
        FormGroup::K2,
        FormGroup::KUnspecified,
    ];

    pub fn from_key(key: &str) -> Option<FormGroup> {
        FormGroup::ALL.into_iter().find(|g| g.key() == key)
    }

    pub fn noun(self) -> &'static str {
        match self {
            FormGroup::VitaminD => "vitamin D",
            FormGroup::K1 => "vitamin K1",
            FormGroup::K2 => "K2",
            FormGroup::KUnspecified => "vitamin K of unstated form",
        }
    }

    pub fn forms(self) -> impl Iterator<Item = FormName> {
        FormName::ALL.into_iter().filter(move |f| f.group() == self)
    }

    pub fn quantity(self) -> Quantity {
        match self {
            FormGroup::VitaminD => Quantity::VitaminDIu,
            FormGroup::K1 => Quantity::K1Mcg,
            FormGroup::K2 => Quantity::K2TotalMcg,
            FormGroup::KUnspecified => Quantity::KUnspecifiedMcg,
        }
    }
}

/// One citation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceEntry {
    pub citation: String,
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vitamin_k_of_unstated_form_is_in_vitamin_k_in_total_and_in_no_k2_quantity() {
        let k = Nutrient::KUnspecified;
        assert!(Quantity::KUnspecifiedMcg.includes(k));
        assert!(Quantity::VitaminKTotalMcg.includes(k));
        for q in [
            Quantity::K1Mcg,
            Quantity::K2Mk7Mcg,
            Quantity::K2Mk4Mcg,
            Quantity::K2UnspecifiedMcg,
            Quantity::K2TotalMcg,
        ] {
            assert!(!q.includes(k), "{}", q.key());
        }
        let n = Nutrients {
            k1_mcg: 1.0,
            k2_mk7_mcg: 10.0,
            k_unspecified_mcg: 100.0,
            ..Nutrients::default()
        };
        assert_eq!(Quantity::K2TotalMcg.of(&n), 10.0);
        assert_eq!(Quantity::KUnspecifiedMcg.of(&n), 100.0);
        assert_eq!(Quantity::VitaminKTotalMcg.of(&n), 111.0);
        assert_eq!(
            Quantity::from_key("k_unspecified_mcg"),
            Some(Quantity::KUnspecifiedMcg)
        );
        assert_eq!(
            FormName::from_key("k-unspecified"),
            Some(FormName::KUnspecified)
        );
        assert_eq!(FormName::KUnspecified.group(), FormGroup::KUnspecified);
        assert!(!FormGroup::K2.forms().any(|f| f == FormName::KUnspecified));
        assert!(!Quantity::KUnspecifiedMcg.noun().contains("K2"));
    }

    #[test]
    fn quantities_overlap_when_they_count_an_ingredient_in_common() {
        assert!(Quantity::VitaminKTotalMcg.overlaps(Quantity::K1Mcg));
        assert!(Quantity::VitaminKTotalMcg.overlaps(Quantity::KUnspecifiedMcg));
        assert!(Quantity::K2TotalMcg.overlaps(Quantity::K2Mk7Mcg));
        assert!(Quantity::VitaminDIu.overlaps(Quantity::VitaminDMcg));
        assert!(!Quantity::K1Mcg.overlaps(Quantity::K2TotalMcg));
        assert!(!Quantity::K2TotalMcg.overlaps(Quantity::KUnspecifiedMcg));
        assert!(!Quantity::CalciumMg.overlaps(Quantity::MagnesiumMg));
    }
}
