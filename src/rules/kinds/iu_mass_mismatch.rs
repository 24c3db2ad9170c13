use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::rules::check::Threshold;
use crate::rules::edit::{NumericParam, ParamPath};
use crate::rules::read::{self, Ctx};
use crate::tomlread::Fields;

kind_doc! {
    name: "iu-mass-mismatch",
    fires_on: "a vitamin D line declares a mass and IU (alt_amount/alt_unit) that differ by \
        more than tolerance_percent at 40 IU per mcg.",
    why: "A label that prints both a mass and IU for vitamin D must give the same amount twice; \
        a disagreement is a printing error, and the reader cannot tell which figure is meant. \
        The mass is used for the other rules.",
    parameters: [
        TOLERANCE = "tolerance_percent": "how far IU may differ from mass × 40, in percent",
    ],
    example: r#"
kind = "iu-mass-mismatch"
tolerance_percent = 2
"#,
    #[derive(Debug, Clone)]
    pub struct IuMassMismatch {
        pub tolerance_percent: f64,
    }
}

impl Kind for IuMassMismatch {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let tolerance = read::threshold(
            f,
            TOLERANCE,
            "how far IU may differ from mass × 40, in percent",
            ctx,
        )?;
        Some(IuMassMismatch {
            tolerance_percent: tolerance,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let off: Vec<String> = s
            .intake
            .iu_mass_pairs
            .iter()
            .filter(|p| p.relative_error() * 100.0 > self.tolerance_percent)
            .map(|p| {
                format!(
                    "{}: {} mcg is {} IU, but the label prints {} IU, {}% off (tolerance {}%)",
                    p.name,
                    number(p.mass_mcg),
                    number(p.mass_iu()),
                    number(p.declared_iu),
                    number((p.relative_error() * 1000.0).round() / 10.0),
                    number(self.tolerance_percent)
                )
            })
            .collect();
        if off.is_empty() {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        Some(Fired::with_threshold(
            format!("{}; the mass is used", off.join("; ")),
            Threshold {
                value: self.tolerance_percent,
                unit: "% difference".into(),
                comparison: "above",
            },
        ))
    }

    fn trigger(&self) -> String {
        format!(
            "a vitamin D line prints IU that differ from its mass × 40 by more than {}%",
            number(self.tolerance_percent)
        )
    }

    fn parameters(&self) -> Value {
        json!({ TOLERANCE: self.tolerance_percent })
    }

    fn numeric_params(&self) -> Vec<NumericParam> {
        vec![NumericParam::new(
            ParamPath::Key(TOLERANCE),
            "tolerance".into(),
            self.tolerance_percent,
            "%".into(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Unit};
    use crate::rules::kinds::tests::{fire, rule_of_kind};

    #[test]
    fn fires_when_the_printed_iu_is_off_by_more_than_the_tolerance() {
        let kind = rule_of_kind("kind = \"iu-mass-mismatch\"\ntolerance_percent = 2");
        let d = |iu| Ingredient {
            alt: Some((iu, Unit::Iu)),
            ..Ingredient::new("Vitamin D3", None, 125.0, Unit::Mcg)
        };
        assert!(fire(&kind, d(5000.0), None).is_none());
        assert!(fire(&kind, d(5100.0), None).is_none(), "2 % is within");
        let fired = fire(&kind, d(50000.0), None).expect("fires");
        assert_eq!(
            fired.message,
            "Vitamin D3: 125 mcg is 5,000 IU, but the label prints 50,000 IU, 900% off (tolerance 2%); the mass is used"
        );
    }
}
