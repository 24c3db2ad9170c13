//! Rendering results for people (text) and scripts (JSON), and the importer's output.
//! Renderers return strings; the caller decides where they go.

pub mod import;
pub mod json;
pub mod text;

use crate::format::number;
use crate::label::units::IU_PER_MCG_VITAMIN_D;
use crate::label::{Carrier, Intake, Nutrients};

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
    if n.calcium_mg > 0.0 {
        parts.push(format!("calcium {} mg", number(n.calcium_mg)));
    }
    if n.magnesium_mg > 0.0 {
        parts.push(format!("magnesium {} mg", number(n.magnesium_mg)));
    }
    parts
}
