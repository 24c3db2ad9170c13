//! The label: what is printed on a supplement, as a user enters it or as a label file holds it.

mod file;
pub mod intake;
pub mod names;
pub mod printed;
pub mod units;

use std::fmt;
use std::str::FromStr;

use crate::format::number;

pub(crate) use file::read_label;
pub use file::{label_to_toml, parse_label, suggestion, value_span};
pub use intake::{Carrier, Intake, Nutrients};
pub use names::{DForm, K2Form, Nutrient};
pub use printed::{DvPopulation, PrintedPercent, PrintedPercents};
pub use units::Unit;

/// One supplement label.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Label {
    pub name: String,
    pub brand: Option<String>,
    pub form: Option<DosageForm>,
    /// Free text as printed ("1 softgel", "2 drops").
    pub serving_size: Option<String>,
    /// How many servings a day; `None` means the label does not say, and 1 is assumed.
    pub servings_per_day: Option<f64>,
    pub other_ingredients: Vec<String>,
    /// Marketing statements as printed.
    pub claims: Vec<String>,
    pub directions: Option<String>,
    /// The DSHEA disclaimer as printed ("These statements have not been evaluated…"), if any.
    pub disclaimer: Option<String>,
    /// What carries the vitamins, when the label file says so: it overrides detection from the
    /// other ingredients. An imported text with no ingredient list is `unknown`.
    pub carrier: Option<Carrier>,
    pub ingredients: Vec<Ingredient>,
    /// The population the printed %DV column is for (US panels); `None` = the default column,
    /// adults and children 4 years and over.
    pub dv_population: Option<DvPopulation>,
    /// The statements printed on the label besides claims and directions (warnings, storage,
    /// "food supplement"…). `None` when not known — a label file without `statements` — so
    /// that rules about required statements say "not checked" instead of firing.
    pub statements: Option<Vec<String>>,
    /// The youngest age (years) the label says the product is for ("adults" = 18).
    pub target_age_min: Option<f64>,
    /// The oldest age (years) the label says the product is for (a children's product).
    pub target_age_max: Option<f64>,
}

impl Label {
    /// Servings a day used for per-day intake: the label's figure, or 1 when it gives none.
    pub fn servings_per_day(&self) -> f64 {
        self.servings_per_day.unwrap_or(1.0)
    }
}

/// One line of the Supplement Facts panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingredient {
    /// As printed: "Vitamin D3".
    pub name: String,
    /// The "as …" part: "cholecalciferol".
    pub form: Option<String>,
    pub amount: f64,
    pub unit: Unit,
    /// The label's second declaration of the same amount: the "(5,000 IU)" after "125 mcg".
    pub alt: Option<(f64, Unit)>,
    /// The line of label text it was read from (import only; not stored in label files).
    pub line: Option<usize>,
    /// The %DV and %NRV printed beside the amount, when the label has those columns.
    pub printed: PrintedPercents,
}

/// Splits "olive oil, gelatin (bovine, kosher), glycerin" at commas outside parentheses.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        // A comma between digits is a thousands separator ("2,000 IU"), not a list separator.
        let thousands = current.ends_with(|c: char| c.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit);
        if ch == ',' && depth == 0 && !thousands {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(ch);
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Ingredient {
    /// An ingredient as a label file declares it: one amount, no second declaration, no
    /// source line.
    pub fn new(name: &str, form: Option<&str>, amount: f64, unit: Unit) -> Ingredient {
        Ingredient {
            name: name.to_string(),
            form: form.map(str::to_string),
            amount,
            unit,
            alt: None,
            line: None,
            printed: PrintedPercents::default(),
        }
    }

    pub fn nutrient(&self) -> Nutrient {
        names::recognise_cached(&self.name, self.form.as_deref())
    }
}

/// The largest amount in IU accepted for one serving. Real labels stay far below it (a
/// 600,000 IU vitamin D ampoule is among the largest); anything above is a typo or garbage and
/// would otherwise produce absurd per-day figures.
pub const MAX_AMOUNT_IU: f64 = 10_000_000.0;

/// The largest mass of one ingredient accepted for one serving, in mcg: 10 g. A calcium tablet
/// holds about 0.6 g; 10,000,000 g is a typo, not a label.
pub const MAX_AMOUNT_MCG: f64 = 10_000_000.0;

/// The largest amount accepted for one serving in `unit`: 10,000,000 IU, or 10 g by mass
/// (10,000,000 mcg, 10,000 mg, 10 g).
pub fn max_amount(unit: Unit) -> f64 {
    match unit.mcg_factor() {
        None => MAX_AMOUNT_IU,
        Some(mcg_per_unit) => MAX_AMOUNT_MCG / mcg_per_unit,
    }
}

/// The most servings a day accepted.
pub const MAX_SERVINGS_PER_DAY: f64 = 100.0;

/// The fewest servings a day accepted: one a year. Less is a typo (`1e-300` would make every
/// per-day figure 0 and hide every finding).
pub const MIN_SERVINGS_PER_DAY: f64 = 1.0 / 365.0;

/// A figure above or below a limit, written so that the message never reads "10,000,000 is
/// not plausible: at most 10,000,000": when rounding would make them look equal, the figure is
/// written in full.
fn beyond(found: f64, limit: f64) -> String {
    let shown = number(found);
    if shown == number(limit) {
        crate::format::plain(found)
    } else {
        shown
    }
}

/// Why an ingredient amount is refused. The messages are worded for a label file's `amount`
/// key; the terminal UI words the reasons for its own fields.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum AmountError {
    #[error("amount must be a number, not nan")]
    NotANumber,
    #[error("amount must be a finite number")]
    Infinite,
    /// The amount found, 0 or less.
    #[error("amount must be greater than 0 (found {})", number(*.0))]
    NotPositive(f64),
    /// The amount found, above [`max_amount`] for its unit.
    #[error(
        "amount {} {unit} is not plausible for one serving: at most {} {unit} is accepted",
        beyond(*found, max_amount(*unit)),
        number(max_amount(*unit))
    )]
    Implausible { found: f64, unit: Unit },
}

/// Checks that an amount is a number above 0, whatever its unit (the app checks this while
/// the unit is not chosen yet).
pub fn validate_positive_amount(amount: f64) -> Result<f64, AmountError> {
    if amount.is_nan() {
        Err(AmountError::NotANumber)
    } else if amount.is_infinite() {
        Err(AmountError::Infinite)
    } else if amount <= 0.0 {
        Err(AmountError::NotPositive(amount))
    } else {
        Ok(amount)
    }
}

/// Checks an ingredient amount in its unit: a number above 0 and at most [`max_amount`].
pub fn validate_amount(amount: f64, unit: Unit) -> Result<f64, AmountError> {
    let amount = validate_positive_amount(amount)?;
    if amount > max_amount(unit) {
        Err(AmountError::Implausible {
            found: amount,
            unit,
        })
    } else {
        Ok(amount)
    }
}

/// Why a servings-per-day figure is refused. The messages are worded for a label file's
/// `servings_per_day` key.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ServingsError {
    #[error("servings_per_day must be a finite number")]
    NotFinite,
    /// The figure found, 0 or less.
    #[error(
        "servings_per_day must be greater than 0 (found {}); for a weekly dose use 0.142857",
        number(*.0)
    )]
    NotPositive(f64),
    /// The figure found, above 0 and below [`MIN_SERVINGS_PER_DAY`].
    #[error(
        "servings_per_day {} is less than one serving a year (at least {} = 1/365 is accepted); for a weekly dose use 0.142857",
        beyond(*.0, MIN_SERVINGS_PER_DAY),
        number(MIN_SERVINGS_PER_DAY)
    )]
    TooFew(f64),
    /// The figure found, above [`MAX_SERVINGS_PER_DAY`].
    #[error(
        "servings_per_day {} is not plausible: at most {} is accepted",
        beyond(*.0, MAX_SERVINGS_PER_DAY),
        number(MAX_SERVINGS_PER_DAY)
    )]
    Implausible(f64),
}

/// Checks servings per day; fractions are fine (weekly = 1/7), down to one a year.
pub fn validate_servings_per_day(servings: f64) -> Result<f64, ServingsError> {
    if !servings.is_finite() {
        Err(ServingsError::NotFinite)
    } else if servings <= 0.0 {
        Err(ServingsError::NotPositive(servings))
    } else if servings < MIN_SERVINGS_PER_DAY {
        Err(ServingsError::TooFew(servings))
    } else if servings > MAX_SERVINGS_PER_DAY {
        Err(ServingsError::Implausible(servings))
    } else {
        Ok(servings)
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn the_plausible_amount_depends_on_the_unit() {
        assert_eq!(validate_amount(10_000_000.0, Unit::Iu), Ok(10_000_000.0));
        assert_eq!(validate_amount(10_000_000.0, Unit::Mcg), Ok(10_000_000.0));
        assert_eq!(validate_amount(10.0, Unit::G), Ok(10.0));
        assert_eq!(validate_amount(10_000.0, Unit::Mg), Ok(10_000.0));
        assert_eq!(
            validate_amount(10_000_000.0, Unit::G)
                .unwrap_err()
                .to_string(),
            "amount 10,000,000 g is not plausible for one serving: at most 10 g is accepted"
        );
        assert_eq!(
            validate_amount(20_000.0, Unit::Mg).unwrap_err().to_string(),
            "amount 20,000 mg is not plausible for one serving: at most 10,000 mg is accepted"
        );
    }

    #[test]
    fn a_figure_just_past_a_limit_is_not_written_as_the_limit() {
        assert_eq!(
            validate_amount(10_000_000.001, Unit::Iu)
                .unwrap_err()
                .to_string(),
            "amount 10000000.001 IU is not plausible for one serving: at most 10,000,000 IU is accepted"
        );
        assert_eq!(
            validate_servings_per_day(100.001).unwrap_err().to_string(),
            "servings_per_day 100.001 is not plausible: at most 100 is accepted"
        );
    }

    #[test]
    fn fewer_than_one_serving_a_year_is_refused() {
        assert_eq!(
            validate_servings_per_day(1e-300).unwrap_err().to_string(),
            "servings_per_day 1e-300 is less than one serving a year (at least 0.0027 = 1/365 is accepted); for a weekly dose use 0.142857"
        );
        assert!(validate_servings_per_day(1.0 / 365.0).is_ok());
        assert!(validate_servings_per_day(1.0 / 7.0).is_ok());
    }
}

/// The physical form of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DosageForm {
    Softgel,
    Capsule,
    Tablet,
    Chewable,
    Lozenge,
    Gummy,
    Drops,
    Liquid,
    Spray,
    Powder,
    Granules,
}

impl DosageForm {
    pub const ALL: [DosageForm; 11] = [
        DosageForm::Softgel,
        DosageForm::Capsule,
        DosageForm::Tablet,
        DosageForm::Chewable,
        DosageForm::Lozenge,
        DosageForm::Gummy,
        DosageForm::Drops,
        DosageForm::Liquid,
        DosageForm::Spray,
        DosageForm::Powder,
        DosageForm::Granules,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DosageForm::Softgel => "softgel",
            DosageForm::Capsule => "capsule",
            DosageForm::Tablet => "tablet",
            DosageForm::Chewable => "chewable",
            DosageForm::Lozenge => "lozenge",
            DosageForm::Gummy => "gummy",
            DosageForm::Drops => "drops",
            DosageForm::Liquid => "liquid",
            DosageForm::Spray => "spray",
            DosageForm::Powder => "powder",
            DosageForm::Granules => "granules",
        }
    }

    /// Forms that are dry by nature: with no other ingredients listed, there is no oil.
    pub fn is_dry(self) -> bool {
        matches!(
            self,
            DosageForm::Tablet
                | DosageForm::Chewable
                | DosageForm::Gummy
                | DosageForm::Lozenge
                | DosageForm::Powder
                | DosageForm::Granules
        )
    }

    pub fn choices() -> String {
        DosageForm::ALL
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for DosageForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DosageForm {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        DosageForm::ALL
            .into_iter()
            .find(|f| f.as_str() == lower)
            .ok_or_else(|| format!("unknown form \"{s}\": use one of {}", DosageForm::choices()))
    }
}
