//! The label: what is printed on a supplement, as a user enters it or as a label file holds it.

mod file;
pub mod intake;
pub mod names;
pub mod units;

use std::fmt;
use std::str::FromStr;

use crate::format::number;

pub use file::{label_to_toml, parse_label, suggestion};
pub use intake::{Carrier, Intake, Nutrients};
pub use names::{DForm, K2Form, Nutrient};
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
        }
    }

    pub fn nutrient(&self) -> Nutrient {
        names::recognise(&self.name, self.form.as_deref())
    }
}

/// The largest amount or servings figure accepted. Real labels stay far below it (a
/// 600,000 IU vitamin D ampoule is among the largest); anything above is a typo or garbage
/// and would otherwise produce absurd per-day figures.
pub const MAX_AMOUNT: f64 = 10_000_000.0;

/// The most servings a day accepted.
pub const MAX_SERVINGS_PER_DAY: f64 = 100.0;

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
    /// The amount found, above [`MAX_AMOUNT`].
    #[error(
        "amount {} is not plausible: at most {} is accepted",
        number(*.0),
        number(MAX_AMOUNT)
    )]
    Implausible(f64),
}

/// Checks an ingredient amount.
pub fn validate_amount(amount: f64) -> Result<f64, AmountError> {
    if amount.is_nan() {
        Err(AmountError::NotANumber)
    } else if amount.is_infinite() {
        Err(AmountError::Infinite)
    } else if amount <= 0.0 {
        Err(AmountError::NotPositive(amount))
    } else if amount > MAX_AMOUNT {
        Err(AmountError::Implausible(amount))
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
    /// The figure found, above [`MAX_SERVINGS_PER_DAY`].
    #[error(
        "servings_per_day {} is not plausible: at most {} is accepted",
        number(*.0),
        number(MAX_SERVINGS_PER_DAY)
    )]
    Implausible(f64),
}

/// Checks servings per day; fractions are fine (weekly = 1/7).
pub fn validate_servings_per_day(servings: f64) -> Result<f64, ServingsError> {
    if !servings.is_finite() {
        Err(ServingsError::NotFinite)
    } else if servings <= 0.0 {
        Err(ServingsError::NotPositive(servings))
    } else if servings > MAX_SERVINGS_PER_DAY {
        Err(ServingsError::Implausible(servings))
    } else {
        Ok(servings)
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
