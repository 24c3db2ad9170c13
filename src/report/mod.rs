//! Rendering results for people (text) and scripts (JSON), and the importer's output.
//! Renderers return strings; the caller decides where they go.

pub mod dsld;
pub mod html;
pub mod import;
pub mod json;
pub mod regimen;
pub mod sarif;
pub mod survey;
pub mod text;

use crate::CheckedLabel;
use crate::diagnostic::Diagnostic;
use crate::format::number;
use crate::label::units::IU_PER_MCG_VITAMIN_D;
use crate::label::{Carrier, Intake, Nutrients};
use crate::rules::Severity;

/// What a `check` run found, counted as the labels stream by: for the summary line, the JSON
/// `summary` and the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Labels read and checked.
    pub labels: usize,
    /// Findings by severity, in [`Severity::ALL`] order.
    findings: [usize; 4],
    /// Errors reported (a file with several problems counts each).
    pub errors: usize,
    /// Paths with at least one error: files that could not be read or checked, folders with
    /// no labels, a rules file.
    pub failed_files: usize,
    /// The file of the last error, so that a file's several problems count it once.
    last_failed: Option<String>,
}

impl Tally {
    /// The tally of some checked labels.
    pub fn of(results: &[CheckedLabel<'_>]) -> Tally {
        let mut tally = Tally {
            labels: results.len(),
            ..Tally::default()
        };
        for f in results.iter().flat_map(|r| &r.findings) {
            tally.findings[f.severity() as usize] += 1;
        }
        tally
    }

    /// Adds the labels and findings of another tally (its errors are counted with
    /// [`Tally::add_errors`], in order).
    pub fn merge(&mut self, other: &Tally) {
        self.labels += other.labels;
        for (mine, theirs) in self.findings.iter_mut().zip(other.findings) {
            *mine += theirs;
        }
    }

    /// Counts errors, in the order they are reported.
    pub fn add_errors(&mut self, errors: &[Diagnostic]) {
        for e in errors {
            self.errors += 1;
            if self.last_failed.as_deref() != Some(e.file.as_str()) {
                self.failed_files += 1;
                self.last_failed = Some(e.file.clone());
            }
        }
    }

    /// How many findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings[severity as usize]
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        Severity::ALL.into_iter().rev().find(|s| self.count(*s) > 0)
    }
}

/// The per-day intake in one line: "vitamin D 5,000 IU (125 mcg, D3) · K2 100 mcg (MK-7 100)
/// · carrier: oil (olive oil)". Nutrients that are absent are left out.
pub fn summarise_intake(intake: &Intake) -> String {
    let mut parts = nutrient_parts(&intake.per_day, intake);
    if parts.is_empty() {
        parts.push("no vitamin D, K, calcium or magnesium".to_string());
    }
    let carrier = match (intake.carrier, intake.carrier_source.as_deref()) {
        (Carrier::Oil, Some(src)) => format!("carrier: oil ({src})"),
        (c, _) if intake.carrier_reason.is_empty() => format!("carrier: {}", c.as_str()),
        (c, _) => format!("carrier: {} ({})", c.as_str(), intake.carrier_reason),
    };
    parts.push(carrier);
    parts.join(" · ")
}

fn nutrient_parts(n: &Nutrients, intake: &Intake) -> Vec<String> {
    let mut parts = Vec::new();
    if n.vitamin_d_iu > 0.0 {
        let forms: Vec<&str> = intake.vitamin_d_forms.iter().map(|f| f.as_str()).collect();
        parts.push(format!(
            "vitamin D {} IU ({} mcg, {})",
            number(n.vitamin_d_iu),
            number(n.vitamin_d_iu / IU_PER_MCG_VITAMIN_D),
            forms.join("+")
        ));
    }
    let k2 = n.k2_total_mcg();
    if k2 > 0.0 {
        let mut forms = Vec::new();
        for (name, v) in [
            ("MK-7", n.k2_mk7_mcg),
            ("MK-4", n.k2_mk4_mcg),
            ("unstated form", n.k2_unspecified_mcg),
        ] {
            if v > 0.0 {
                forms.push(format!("{name} {}", number(v)));
            }
        }
        parts.push(format!("K2 {} mcg ({})", number(k2), forms.join(", ")));
    }
    if n.k1_mcg > 0.0 {
        parts.push(format!("K1 {} mcg", number(n.k1_mcg)));
    }
    if n.k_unspecified_mcg > 0.0 {
        parts.push(format!(
            "vitamin K {} mcg (form not stated)",
            number(n.k_unspecified_mcg)
        ));
    }
    if n.calcium_mg > 0.0 {
        parts.push(format!("calcium {} mg", number(n.calcium_mg)));
    }
    if n.magnesium_mg > 0.0 {
        parts.push(format!("magnesium {} mg", number(n.magnesium_mg)));
    }
    parts
}
