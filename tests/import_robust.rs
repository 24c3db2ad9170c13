//! Any text gives a result or a clear error: never a panic, never a hang.

use labelcheck::import::import_text;
use proptest::prelude::*;

/// Pieces of real labels, so random text also exercises the interesting paths.
const PIECES: &[&str] = &[
    "Vitamin D3",
    "(as cholecalciferol)",
    "125 mcg",
    "(5,000 IU)",
    "625%",
    "Vitamin K2",
    "MK-7",
    "µg",
    "1,000",
    "37,5",
    "IU",
    "UI",
    "Serving Size:",
    "2 Drops",
    "Each capsule contains",
    "Other Ingredients:",
    "olive oil,",
    "Take",
    "one to three times daily",
    "every 2 days",
    "weekly",
    "Supports bones*",
    "†",
    "These statements have not been evaluated by the Food and Drug Administration.",
    "(",
    ")",
    "[",
    "]",
    "/",
    "equivalent to",
    "Calcium",
    "Magnesium",
    "\t",
    "\n",
    "  ",
    "é",
    "μ",
    "€",
    "0",
    ".",
    ",",
];

fn label_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.join(" "))
}

/// The short campaign's size, unless PROPTEST_CASES asks for a long one.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(400), ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        let imported = import_text(&text, "random");
        let lines = text.lines().count().max(1);
        for ing in &imported.label.ingredients {
            prop_assert!(ing.amount.is_finite() && ing.amount > 0.0);
            prop_assert!(ing.line.is_some_and(|l| l >= 1 && l <= lines));
        }
    }

    #[test]
    fn label_like_text_never_panics(text in label_like()) {
        let imported = import_text(&text, "random");
        let intake = labelcheck::Intake::from_label(&imported.label);
        prop_assert!(intake.per_day.vitamin_d_iu.is_finite());
        if let Some(s) = imported.label.servings_per_day {
            prop_assert!(s.is_finite() && s > 0.0);
        }
    }
}

#[test]
fn ten_megabytes_of_noise_finish_with_a_result() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut noise = String::with_capacity(10 * 1024 * 1024);
    while noise.len() < 10 * 1024 * 1024 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let piece = match seed % 7 {
            0 => "\n",
            1 => " 125 mcg ",
            2 => "Vitamin D3 ",
            3 => "(",
            _ => "lorem ipsum ",
        };
        noise.push_str(piece);
    }
    let imported = import_text(&noise, "noise");
    assert!(!imported.unparsed.is_empty() || !imported.label.ingredients.is_empty());
}

#[test]
fn a_novel_and_a_tab_table_give_results() {
    let novel = "It was the best of times, it was the worst of times.\n".repeat(2_000);
    let imported = import_text(&novel, "novel");
    assert!(imported.label.ingredients.is_empty());
    assert_eq!(imported.unparsed.len(), 2_000);
    let table =
        "Nutrient\tAmount\t%DV\nVitamin D3\t25 mcg\t125%\nVitamin K2 (MK-7)\t100 mcg\t83%\n";
    let imported = import_text(table, "table");
    assert_eq!(imported.label.ingredients.len(), 2);
}

#[test]
fn a_very_long_line_is_listed_not_scanned() {
    let line = "x".repeat(1_000_000);
    let imported = import_text(&line, "long");
    assert_eq!(imported.unparsed.len(), 1);
}
