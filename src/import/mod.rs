//! Reading label text — a pasted Supplement Facts panel, a Canadian "Medicinal ingredients"
//! list, an EU panel with µg and %NRV, an SmPC's composition section, French "UI", German
//! "I.E.", prescription "each capsule contains…" prose — into a [`Label`].
//!
//! The reader is a pipeline of typed stages, each in its own file:
//! text → [`lines`] (cleaned logical lines) → [`classify`] (each line's [`classify::LineKind`]s)
//! → [`extract`] (what the statements say) → [`assemble`] (the label, with warnings). The words
//! it knows are in [`vocabulary`]; amounts are read by [`amounts`], directions by
//! [`directions`]. Every ingredient keeps the number of the line it came from; every line that
//! could not be used, and every line that only restates another, is returned; and whatever the
//! reader is not sure of is a warning, never a guess.

pub mod amounts;
pub mod assemble;
pub mod classify;
pub mod directions;
pub mod extract;
pub mod lines;
pub mod target_age;
pub mod vocabulary;

use serde::Serialize;

use crate::label::Label;
use amounts::NumberStyle;

/// A line the importer could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnparsedLine {
    pub line: usize,
    pub text: String,
}

/// A line that says again what another line says (a title and a panel, "Strength" and "Each
/// tablet contains"): used, but counted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestatedLine {
    pub line: usize,
    /// The line whose amount was kept.
    pub restates: usize,
}

/// Something the reader is not sure of: shown first, before the values, so that nobody relies
/// on a value the text does not settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    /// The line it is about, when it is about one.
    pub line: Option<usize>,
    pub message: String,
}

impl ImportWarning {
    pub fn at(line: usize, message: impl Into<String>) -> ImportWarning {
        ImportWarning {
            line: (line > 0).then_some(line),
            message: message.into(),
        }
    }
}

/// The result of reading label text.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub label: Label,
    pub unparsed: Vec<UnparsedLine>,
    pub restated: Vec<RestatedLine>,
    pub warnings: Vec<ImportWarning>,
    /// The lines the target age (`target_age_min`/`max`) was read from.
    pub target_age_lines: Vec<usize>,
}

/// The most text read: label text is a few kilobytes; this keeps a mistaken 1 GB paste from
/// taking minutes while leaving room for very long pages.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;

/// Reads label text. `name` becomes the label's name (label text rarely states one clearly).
pub fn import_text(text: &str, name: &str) -> Imported {
    let text = if text.len() > MAX_IMPORT_BYTES {
        let mut end = MAX_IMPORT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let style = NumberStyle::of(text);
    let lines = lines::logical_lines(text, style);
    let classified = classify::classify(lines, style);
    let facts = extract::extract(classified, style);
    assemble::assemble(facts, text, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{DosageForm, Intake};

    fn read(text: &str) -> (Label, Intake) {
        let imported = import_text(text, "t");
        let intake = Intake::from_label(&imported.label);
        (imported.label, intake)
    }

    #[test]
    fn serving_statements_in_their_many_spellings() {
        for (text, form, servings) in [
            (
                "Two Drops Contain:\nVitamin D3 1000 IU\nTake 2 drops daily.",
                DosageForm::Drops,
                1.0,
            ),
            (
                "Vitamin D3 400 IU per 3 drops\nTake 6 drops daily.",
                DosageForm::Drops,
                2.0,
            ),
            (
                "Each capsule contains 15 mg of menatetrenone.\nTake 1 capsule three times daily.",
                DosageForm::Capsule,
                3.0,
            ),
            (
                "1 capsule provides:\nVitamin D 25µg/1000iu\nTake one capsule daily.",
                DosageForm::Capsule,
                1.0,
            ),
            (
                "Vitamin D3 250 IU per spray\nUse 1 spray twice daily.",
                DosageForm::Spray,
                2.0,
            ),
            (
                "Quantité par dose journalière (3 gouttes)\nVitamine D3 1000 UI",
                DosageForm::Drops,
                0.0,
            ),
        ] {
            let (label, intake) = read(text);
            assert_eq!(label.form, Some(form), "{text}");
            assert!(
                intake.per_serving.vitamin_d_iu > 0.0 || intake.per_serving.k2_mk4_mcg > 0.0,
                "{text}"
            );
            if servings > 0.0 {
                assert_eq!(label.servings_per_day, Some(servings), "{text}");
            }
        }
    }

    #[test]
    fn amounts_in_their_many_spellings() {
        for (line, iu) in [
            ("Vitamin D3 5,000 IU", 5000.0),
            ("Vitamin D3 5000IU", 5000.0),
            (
                "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%",
                5000.0,
            ),
            ("Vitamin D 25µg/1000iu", 1000.0),
            ("Vitamin D3 62.5µg (2,500i.u)", 2500.0),
            ("Vitamine D3 1000 UI", 1000.0),
            ("Vitamine D3 37,5 µg", 1500.0),
            (
                "Vitamin D (as ergocalciferol) 1.25 mg (50,000 USP units)",
                50000.0,
            ),
        ] {
            assert_eq!(read(line).1.per_serving.vitamin_d_iu, iu, "{line}");
        }
        assert_eq!(
            read("Each capsule contains 15 mg of menatetrenone.")
                .1
                .per_serving
                .k2_mk4_mcg,
            15000.0
        );
    }

    #[test]
    fn a_name_split_over_two_lines_is_joined() {
        let (label, intake) =
            read("Vitamin K2 (as menaquinone-7 from\n  chickpea) [MenaQ7®]        100 mcg   83%");
        assert_eq!(intake.per_serving.k2_mk7_mcg, 100.0);
        assert_eq!(label.ingredients[0].line, Some(1));
        let (_, intake) = read("Vitamin D\n25µg/1000iu");
        assert_eq!(intake.per_serving.vitamin_d_iu, 1000.0);
    }

    #[test]
    fn other_ingredient_lists_in_their_many_headings() {
        for (text, carrier) in [
            (
                "Vitamin D3 1000 IU\nOther Ingredients\nSafflower oil, gelatin.",
                crate::label::Carrier::Oil,
            ),
            (
                "Vitamin D3 1000 IU\nInactive ingredients: rice flour, gelatin.",
                crate::label::Carrier::None,
            ),
            (
                "Vitamine D3 1000 UI\nSupport liposoluble : huile d'olive vierge extra",
                crate::label::Carrier::Oil,
            ),
            (
                "Vitamin D3 1000 IU\nNon-Medicinal Ingredients\nMedium chain triglycerides.",
                crate::label::Carrier::Oil,
            ),
        ] {
            assert_eq!(read(text).1.carrier, carrier, "{text}");
        }
    }

    #[test]
    fn a_vitamin_k_total_is_not_counted_twice() {
        let text = "Vitamin K (total)           300 mcg\n   as phylloquinone (K1)    100 mcg\n   as menaquinone-7 (MK-7)  200 mcg";
        let (_, intake) = read(text);
        assert_eq!(intake.per_serving.k1_mcg, 100.0);
        assert_eq!(intake.per_serving.k2_mk7_mcg, 200.0);
        assert_eq!(intake.per_serving.k2_unspecified_mcg, 0.0);
        assert_eq!(intake.per_serving.k_unspecified_mcg, 0.0);
    }

    #[test]
    fn vitamin_k_without_a_form_is_imported_as_vitamin_k_not_k2() {
        let (label, intake) = read("Vitamin D3 25 mcg (1,000 IU)\nVitamin K 100 mcg 83%");
        assert_eq!(intake.per_serving.k_unspecified_mcg, 100.0);
        assert_eq!(intake.per_serving.k2_total_mcg(), 0.0);
        assert_eq!(label.ingredients[1].name, "Vitamin K");
        assert_eq!(
            label.ingredients[1].nutrient(),
            crate::label::Nutrient::KUnspecified
        );
        let (label, intake) = read("Each capsule contains 90 mcg of vitamin K.");
        assert_eq!(intake.per_serving.k_unspecified_mcg, 90.0);
        assert!(!label.ingredients[0].name.contains("K2"), "{label:?}");
        // Prose naming K1 and K2 in turn: each amount is its own.
        let (_, intake) = read("Drops with 125 mcg of vitamin K1 and 12.5 mcg of vitamin K2.");
        assert_eq!(intake.per_serving.k1_mcg, 125.0);
        assert_eq!(intake.per_serving.k2_unspecified_mcg, 12.5);
        assert_eq!(intake.per_serving.k_unspecified_mcg, 0.0);
        // A form named elsewhere in the text is taken, and said to be taken.
        let (label, intake) = read("Vitamin K 100 mcg\nWith MenaQ7® (menaquinone-7) from natto.");
        assert_eq!(intake.per_serving.k2_mk7_mcg, 100.0, "{label:?}");
        assert_eq!(intake.per_serving.k_unspecified_mcg, 0.0);
        assert!(
            label.ingredients[0]
                .form
                .as_deref()
                .is_some_and(|f| f.contains("named elsewhere in the text")),
            "{label:?}"
        );
    }

    #[test]
    fn claims_and_the_disclaimer_are_read() {
        let text = "Vitamin D3 1000 IU\nSupports bone health†\n†These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.";
        let (label, _) = read(text);
        assert_eq!(label.claims, ["Supports bone health†"]);
        assert!(
            label
                .disclaimer
                .as_deref()
                .is_some_and(|d| d.starts_with("These statements"))
        );
    }

    #[test]
    fn every_line_not_used_is_listed_with_its_number() {
        let imported = import_text(
            "Vitamin D3 1000 IU\n\nMade with love in Vermont\nVitamin D3 1000 IU",
            "t",
        );
        assert_eq!(
            imported.unparsed,
            [UnparsedLine {
                line: 3,
                text: "Made with love in Vermont".into()
            }]
        );
        assert_eq!(
            imported.label.ingredients.len(),
            1,
            "a restatement counts once"
        );
    }

    fn warned(imported: &Imported, words: &str) -> bool {
        imported.warnings.iter().any(|w| w.message.contains(words))
    }

    #[test]
    fn several_strengths_are_never_summed_and_are_named() {
        let text = "Vigantol 500 I.E. Tabletten\nVigantol 1000 I.E. Tabletten\n";
        let imported = import_text(text, "x");
        let (_, intake) = read(text);
        assert_eq!(intake.per_serving.vitamin_d_iu, 500.0);
        assert!(
            warned(&imported, "declared with two amounts"),
            "{:?}",
            imported.warnings
        );
    }

    #[test]
    fn several_panels_are_noticed() {
        let text = "Supplement Facts\nVitamin D3 25 mcg\nSupplement Facts\nVitamin D3 50 mcg\n";
        let imported = import_text(text, "x");
        assert!(
            warned(&imported, "2 Supplement/Nutrition Facts panels"),
            "{:?}",
            imported.warnings
        );
    }

    #[test]
    fn an_implausible_amount_is_reported_and_not_used() {
        let text = "Vitamin D3 1,000,000,000,000,000 IU\nCalcium 6 g\n";
        let imported = import_text(text, "x");
        assert!(
            imported.label.ingredients.is_empty(),
            "{:?}",
            imported.label.ingredients
        );
        assert!(warned(&imported, "not a plausible amount of vitamin D"));
        assert!(warned(&imported, "not a plausible amount of calcium"));
    }

    #[test]
    fn a_salt_weight_alone_is_not_the_minerals_amount() {
        let text = "Calcium citrate 100 mg\nVitamin D3 10 mcg\n";
        let imported = import_text(text, "x");
        let (_, intake) = read(text);
        assert_eq!(intake.per_serving.calcium_mg, 0.0);
        assert!(
            warned(&imported, "weight of the salt"),
            "{:?}",
            imported.warnings
        );
        // With the elemental amount given, the salt's weight is a restatement.
        let text = "Calcium carbonate 1500 mg (equivalent to calcium 600 mg)\nVitamin D3 10 mcg\n";
        let (_, intake) = read(text);
        assert_eq!(intake.per_serving.calcium_mg, 600.0);
    }

    #[test]
    fn per_kilogram_advice_is_a_warning_not_a_dose() {
        let text = "Vitamin D3 25 mcg (1000 IU)\nGeneral advice: 1,000 IU per 25 kg of body weight daily.\n";
        let imported = import_text(text, "x");
        assert_eq!(imported.label.servings_per_day, None);
        assert!(
            warned(&imported, "general advice"),
            "{:?}",
            imported.warnings
        );
    }

    #[test]
    fn a_negative_amount_is_reported_not_read_as_positive() {
        let imported = import_text("Vitamin D3 -5000 IU\n", "x");
        assert!(imported.label.ingredients.is_empty());
        assert!(warned(&imported, "minus sign"));
    }

    #[test]
    fn a_restated_line_is_listed_as_restated() {
        let text = "Vitamin D3 25 mcg (1000 IU)\nOther line\nVitamin D3 1000 IU\n";
        let imported = import_text(text, "x");
        assert_eq!(imported.label.ingredients.len(), 1);
        assert_eq!(
            imported.restated,
            [RestatedLine {
                line: 3,
                restates: 1
            }]
        );
        assert!(imported.unparsed.iter().all(|u| u.line != 3));
    }

    #[test]
    fn a_disclaimer_that_is_not_the_required_wording_is_said_to_be_so() {
        let exact = "Vitamin D3 25 mcg\nSupports bones*\n*These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.\n";
        assert!(!warned(&import_text(exact, "x"), "not the exact wording"));
        let near = "Vitamin D3 25 mcg\nSupports bones*\n*This statement has not been evaluated by the FDA.\n";
        let imported = import_text(near, "x");
        assert!(imported.label.disclaimer.is_some());
        assert!(warned(&imported, "not the exact wording"));
    }

    #[test]
    fn no_ingredient_list_means_the_carrier_is_unknown() {
        let imported = import_text("Vitamin D3 25 mcg\nServing size: 1 tablet\n", "x");
        assert_eq!(imported.label.carrier, Some(crate::label::Carrier::Unknown));
        let imported = import_text("Vitamin D3 25 mcg\nOther ingredients: cellulose\n", "x");
        assert_eq!(imported.label.carrier, None);
        // A flavouring oil in the list is not a carrier.
        let imported = import_text(
            "Vitamin D3 25 mcg\nOther ingredients: xylitol, peppermint oil\n",
            "x",
        );
        assert_eq!(
            crate::label::Intake::from_label(&imported.label).carrier,
            crate::label::Carrier::None
        );
    }

    #[test]
    fn drops_declared_per_ml_and_per_drop_are_read_per_drop() {
        let text = "1 ml solution (36 drops) contains 0.06 mg cholecalciferol, equivalent to 2,400 IU vitamin D3.\n1 drop contains 1.67 microgram cholecalciferol, equivalent to 67 IU vitamin D3.\n";
        let (label, intake) = read(text);
        assert!(
            (intake.per_serving.vitamin_d_iu - 66.8).abs() < 0.01,
            "{label:?}"
        );
    }

    #[test]
    fn run_together_smpc_text_is_read() {
        let text = "SUMMARY OF PRODUCT CHARACTERISTICS 1. NAME OF THE MEDICINAL PRODUCT Colecalciferol 20,000 IU soft capsules. 2. QUALITATIVE AND QUANTITATIVE COMPOSITION Each capsule contains 500 micrograms colecalciferol (equivalent to 20,000 IU vitamin D3). 4.2 Posology 20,000 IU (1 capsule) every 2 weeks.";
        let (label, intake) = read(text);
        assert_eq!(intake.per_serving.vitamin_d_iu, 20_000.0, "{label:?}");
        assert_eq!(label.form, Some(DosageForm::Softgel));
        assert_eq!(
            label.servings_per_day.map(|v| (v * 1e4).round()),
            Some(714.0)
        );
    }
}
