//! Markets whose labelling rules a rule can belong to.
//!
//! A rule with `region = "us"` is a compliance rule for that market: it is checked only when
//! the user asks for the region (`--region us`). Rules without a region are the health rules,
//! checked for everyone. A health rule that is also a market's labelling requirement (the IU
//! that must agree with the mass, say) stays on for everyone and names the market in
//! `also_regions = ["us"]`, so that listings and reports for that market include it.

use std::fmt;
use std::str::FromStr;

/// A market with its own label rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Us,
    Eu,
    Uk,
    Ca,
    Au,
    De,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::Us,
        Region::Eu,
        Region::Uk,
        Region::Ca,
        Region::Au,
        Region::De,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Uk => "uk",
            Region::Ca => "ca",
            Region::Au => "au",
            Region::De => "de",
        }
    }

    /// The market in words.
    pub fn describe(self) -> &'static str {
        match self {
            Region::Us => "United States (FDA, Supplement Facts)",
            Region::Eu => "European Union (food supplements)",
            Region::Uk => "United Kingdom",
            Region::Ca => "Canada (natural health products)",
            Region::Au => "Australia (TGA listed medicines)",
            Region::De => "Germany (BfR maximum levels)",
        }
    }

    pub fn choices() -> String {
        Region::ALL
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        Region::ALL
            .into_iter()
            .find(|r| r.as_str() == lower)
            .ok_or_else(|| format!("unknown region \"{s}\": use one of {}", Region::choices()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_reads_back_from_its_code() {
        for r in Region::ALL {
            assert_eq!(r.as_str().parse::<Region>(), Ok(r));
        }
        assert_eq!(" EU ".parse::<Region>(), Ok(Region::Eu));
        assert!(
            "fr".parse::<Region>()
                .unwrap_err()
                .contains("us, eu, uk, ca, au, de")
        );
    }
}
