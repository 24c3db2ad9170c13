//! Units of amount on a label and the conversions labelcheck needs.

use std::fmt;
use std::str::FromStr;

/// A unit as printed on a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// International Units. Only vitamin D is converted (see [`IU_PER_MCG_VITAMIN_D`]).
    Iu,
    Mcg,
    Mg,
    G,
}

/// 1 µg of vitamin D (D3 or D2) is 40 IU (FDA; NIH ODS Dietary Supplement Label Database).
pub const IU_PER_MCG_VITAMIN_D: f64 = 40.0;

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::Iu, Unit::Mcg, Unit::Mg, Unit::G];

    /// The spelling labelcheck writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Iu => "IU",
            Unit::Mcg => "mcg",
            Unit::Mg => "mg",
            Unit::G => "g",
        }
    }

    /// Micrograms in one of this unit; `None` for IU, which is not a mass.
    pub fn mcg_factor(self) -> Option<f64> {
        match self {
            Unit::Iu => None,
            Unit::Mcg => Some(1.0),
            Unit::Mg => Some(1_000.0),
            Unit::G => Some(1_000_000.0),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit names accepted, for error messages.
pub const UNIT_CHOICES: &str = "IU, mcg (also µg, ug), mg or g";

impl FromStr for Unit {
    type Err = String;

    /// Case-insensitive; µg may be written with the micro sign (U+00B5) or Greek mu (U+03BC).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        match lower.as_str() {
            "iu" | "i.u." | "i.u" => Ok(Unit::Iu),
            "mcg" | "µg" | "μg" | "ug" => Ok(Unit::Mcg),
            "mg" => Ok(Unit::Mg),
            "g" => Ok(Unit::G),
            _ => Err(format!("unknown unit \"{s}\": use {UNIT_CHOICES}")),
        }
    }
}
