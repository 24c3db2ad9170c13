//! What a label prints beside its amounts for the regional rules: the %DV (US) and %NRV/%RI
//! (EU) columns, and the population a US %DV column is for.

use std::fmt;
use std::str::FromStr;

/// A percentage as printed in a %DV or %NRV column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PrintedPercent {
    /// "25%", "12.5%".
    Value(f64),
    /// "<1%" (or "less than 1%"): this many percent or less.
    LessThan(f64),
}

impl PrintedPercent {
    /// Reads "25", "25%", "<1", "<1%", "less than 1%".
    pub fn parse(text: &str) -> Option<PrintedPercent> {
        let t = text.trim().trim_end_matches('%').trim();
        let (less, rest) = if let Some(rest) = t.strip_prefix('<') {
            (true, rest)
        } else if let Some(rest) = t.to_lowercase().strip_prefix("less than") {
            (true, &t[t.len() - rest.len()..])
        } else {
            (false, t)
        };
        let value: f64 = rest
            .trim()
            .trim_end_matches('%')
            .trim()
            .replace(',', ".")
            .parse()
            .ok()?;
        if !value.is_finite() || !(0.0..=MAX_PERCENT).contains(&value) {
            return None;
        }
        Some(if less {
            PrintedPercent::LessThan(value)
        } else {
            PrintedPercent::Value(value)
        })
    }
}

/// The largest percentage accepted: a 50,000 IU capsule is 6,250 % of the US DV and 25,000 %
/// of the EU NRV; a million percent is a typo.
pub const MAX_PERCENT: f64 = 1_000_000.0;

impl fmt::Display for PrintedPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintedPercent::Value(v) => write!(f, "{}%", crate::format::plain(*v)),
            PrintedPercent::LessThan(v) => write!(f, "<{}%", crate::format::plain(*v)),
        }
    }
}

/// The %DV and %NRV an ingredient line prints.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PrintedPercents {
    pub dv: Option<PrintedPercent>,
    pub nrv: Option<PrintedPercent>,
}

/// Whose Daily Values a US %DV column uses (21 CFR 101.9(c)(8)(iv) sets four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DvPopulation {
    /// Adults and children 4 years and over: the default column.
    Adults,
    /// Infants through 12 months.
    Infants,
    /// Children 1 through 3 years.
    Children1To3,
    /// Pregnant and lactating women.
    PregnancyLactation,
}

impl DvPopulation {
    pub const ALL: [DvPopulation; 4] = [
        DvPopulation::Adults,
        DvPopulation::Infants,
        DvPopulation::Children1To3,
        DvPopulation::PregnancyLactation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DvPopulation::Adults => "adults",
            DvPopulation::Infants => "infants",
            DvPopulation::Children1To3 => "children-1-3",
            DvPopulation::PregnancyLactation => "pregnancy-lactation",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            DvPopulation::Adults => "adults and children 4 years and over",
            DvPopulation::Infants => "infants through 12 months",
            DvPopulation::Children1To3 => "children 1 through 3 years",
            DvPopulation::PregnancyLactation => "pregnant and lactating women",
        }
    }

    pub fn choices() -> String {
        DvPopulation::ALL
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for DvPopulation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DvPopulation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        DvPopulation::ALL
            .into_iter()
            .find(|p| p.as_str() == lower)
            .ok_or_else(|| {
                format!(
                    "unknown dv_population \"{s}\": use one of {}",
                    DvPopulation::choices()
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_percentages_read_as_printed() {
        assert_eq!(
            PrintedPercent::parse("25%"),
            Some(PrintedPercent::Value(25.0))
        );
        assert_eq!(
            PrintedPercent::parse(" 12.5 "),
            Some(PrintedPercent::Value(12.5))
        );
        assert_eq!(
            PrintedPercent::parse("12,5%"),
            Some(PrintedPercent::Value(12.5))
        );
        assert_eq!(
            PrintedPercent::parse("<1%"),
            Some(PrintedPercent::LessThan(1.0))
        );
        assert_eq!(
            PrintedPercent::parse("less than 1%"),
            Some(PrintedPercent::LessThan(1.0))
        );
        assert_eq!(PrintedPercent::parse("†"), None);
        assert_eq!(PrintedPercent::parse("-3%"), None);
        assert_eq!(PrintedPercent::parse("1e300"), None);
    }
}
