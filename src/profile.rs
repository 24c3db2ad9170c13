//! The person a label is checked for. Optional: without one, an adult on no anticoagulant.

use std::fmt;
use std::str::FromStr;

/// Who will take the product.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Profile {
    /// Age in years; fractions for infants (0.5 = six months). `None` = adult, age not given.
    pub age_years: Option<f64>,
    pub anticoagulant: Anticoagulant,
}

/// The oldest age accepted, in years.
pub const MAX_AGE_YEARS: f64 = 130.0;

/// Why an age is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AgeError {
    /// Negative, infinite or NaN.
    #[error("age must be a number of years, 0 or more (0.5 = six months)")]
    NotAnAge,
    /// Above [`MAX_AGE_YEARS`].
    #[error("age must be at most {max} years", max = MAX_AGE_YEARS)]
    TooOld,
}

/// Checks an age in years.
pub fn validate_age(age: f64) -> Result<f64, AgeError> {
    if !age.is_finite() || age < 0.0 {
        Err(AgeError::NotAnAge)
    } else if age > MAX_AGE_YEARS {
        Err(AgeError::TooOld)
    } else {
        Ok(age)
    }
}

/// Oral anticoagulant class. Vitamin K counteracts vitamin K antagonists (warfarin,
/// acenocoumarol, phenprocoumon), which act on vitamin K epoxide reductase; DOACs (dabigatran,
/// rivaroxaban, apixaban…) act on thrombin or factor Xa instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Anticoagulant {
    #[default]
    None,
    Vka,
    Doac,
}

impl Anticoagulant {
    pub const ALL: [Anticoagulant; 3] =
        [Anticoagulant::None, Anticoagulant::Vka, Anticoagulant::Doac];

    pub fn as_str(self) -> &'static str {
        match self {
            Anticoagulant::None => "none",
            Anticoagulant::Vka => "vka",
            Anticoagulant::Doac => "doac",
        }
    }

    /// Words for a message.
    pub fn describe(self) -> &'static str {
        match self {
            Anticoagulant::None => "no anticoagulant",
            Anticoagulant::Vka => "a vitamin K antagonist (warfarin, acenocoumarol, phenprocoumon)",
            Anticoagulant::Doac => "a direct oral anticoagulant (DOAC)",
        }
    }
}

impl fmt::Display for Anticoagulant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Anticoagulant {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "none" => Ok(Anticoagulant::None),
            "vka" | "warfarin" | "acenocoumarol" | "phenprocoumon" => Ok(Anticoagulant::Vka),
            "doac" | "apixaban" | "rivaroxaban" | "dabigatran" | "edoxaban" => {
                Ok(Anticoagulant::Doac)
            }
            _ => Err(format!(
                "unknown anticoagulant \"{s}\": use vka (warfarin and similar), doac or none"
            )),
        }
    }
}
