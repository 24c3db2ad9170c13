//! The rule set: what labelcheck flags, with thresholds, rationale and sources as data.
//!
//! Rules live in `rules.toml` (the default is compiled in). Each rule is an instance of one of
//! a few kinds — an amount above a limit, below a minimum, a missing companion, a ratio, a
//! form preference, a form present, the carrier, a conflict with the person's profile, a claim
//! pattern… — so a user can change any threshold, or add a rule of an existing kind, without
//! recompiling. Each kind is one file under `kinds/`; `load` reads the file format and names no
//! kind.

mod check;
mod describe;
pub mod diff;
pub mod edit;
pub mod kinds;
mod load;
pub mod model;
mod read;
pub mod region;

use std::fmt;
use std::str::FromStr;

pub use check::{Finding, NotChecked, Threshold};
pub use kinds::{Audit, KindDoc, LabelPlace, RuleKind};
pub use load::{RulesLoad, Warning, parse_rules, reread_rule};
pub use model::{AgeLimit, FormGroup, FormName, Limit, Quantity, Rule, SourceEntry};
pub use read::MAX_THRESHOLD;
pub use region::Region;

/// The rule set compiled into the binary, identical to `rules.toml` at the repository root.
pub const DEFAULT_RULES_TOML: &str = include_str!("../../rules.toml");

/// The name the built-in rules are reported under.
pub const DEFAULT_RULES_NAME: &str = "<built-in rules.toml>";

/// How much a finding deserves attention. Ordered: info < notice < caution < warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Notice,
    Caution,
    Warning,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Info,
        Severity::Notice,
        Severity::Caution,
        Severity::Warning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Notice => "notice",
            Severity::Caution => "caution",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| {
                format!("unknown severity \"{s}\": use info, notice, caution or warning")
            })
    }
}

/// How strong the basis of a rule is, from a trial to a mere convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    Trial,
    /// Trials that varied something related (the meal, not the product's carrier).
    IndirectTrial,
    MetaAnalysis,
    Observational,
    Mechanism,
    ReferenceValue,
    /// A clinical practice guideline or a medicine's product information.
    Guideline,
    Regulation,
    Convention,
}

impl Evidence {
    pub const ALL: [Evidence; 9] = [
        Evidence::Trial,
        Evidence::IndirectTrial,
        Evidence::MetaAnalysis,
        Evidence::Observational,
        Evidence::Mechanism,
        Evidence::ReferenceValue,
        Evidence::Guideline,
        Evidence::Regulation,
        Evidence::Convention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Trial => "trial",
            Evidence::IndirectTrial => "indirect-trial",
            Evidence::MetaAnalysis => "meta-analysis",
            Evidence::Observational => "observational",
            Evidence::Mechanism => "mechanism",
            Evidence::ReferenceValue => "reference-value",
            Evidence::Guideline => "guideline",
            Evidence::Regulation => "regulation",
            Evidence::Convention => "convention",
        }
    }

    /// What the evidence kind means, for `explain` and the TUI.
    pub fn describe(self) -> &'static str {
        match self {
            Evidence::Trial => {
                "randomised or controlled trial(s): what a supplement does, in the people studied"
            }
            Evidence::IndirectTrial => {
                "trial(s) of something related (e.g. the meal, not the product): indirect evidence"
            }
            Evidence::MetaAnalysis => "meta-analysis of trials: pooled trial results",
            Evidence::Observational => "observational studies: associations, not proof of cause",
            Evidence::Mechanism => "biological mechanism: how it works, without outcome data",
            Evidence::ReferenceValue => {
                "official reference value (e.g. an upper limit set by the IOM/NASEM)"
            }
            Evidence::Guideline => {
                "clinical guideline or product information: expert advice, often from case reports and physiology"
            }
            Evidence::Regulation => "labelling law or regulation",
            Evidence::Convention => "convention or heuristic: no official or trial basis",
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Evidence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Evidence::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Evidence::ALL.iter().map(|e| e.as_str()).collect();
                format!(
                    "unknown evidence kind \"{s}\": use one of {}",
                    names.join(", ")
                )
            })
    }
}

/// A loaded rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Citations by key, in file order.
    pub sources: Vec<(String, SourceEntry)>,
    /// The markets whose rules are checked besides the health rules (`--region`); empty by
    /// default, so that rules with a `region` stay silent.
    pub regions: Vec<Region>,
}

impl RuleSet {
    /// The same rules, checking the regional rules of `regions` too.
    pub fn with_regions(mut self, regions: &[Region]) -> RuleSet {
        let mut regions = regions.to_vec();
        regions.sort_unstable();
        regions.dedup();
        self.regions = regions;
        self
    }

    /// Whether `rule` is checked with the regions asked for.
    pub fn is_active(&self, rule: &Rule) -> bool {
        rule.enabled && rule.applies_in(&self.regions)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn source(&self, key: &str) -> Option<&SourceEntry> {
        self.sources.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }
}
