//! Which printed claims `claim-disease` calls disease claims, line by line with the reason:
//! 21 U.S.C. 343(r)(6) and 21 CFR 101.93(g) (evidence.md §7, §13). A structure/function claim
//! ("supports healthy bones") is allowed; a claim to cure, treat, mitigate or prevent a disease,
//! in medical or lay words, is not; a claim about a classical deficiency disease (rickets) is
//! excluded from the definition.

use labelcheck::label::{DosageForm, Ingredient, Unit};
use labelcheck::{Label, Profile, builtin_rules, check_label};

/// (claim, is a disease claim, why)
const CLAIMS: &[(&str, bool, &str)] = &[
    (
        "Reverses arterial calcification",
        true,
        "reversal of calcification",
    ),
    ("Removes plaque from your arteries", true, "removing plaque"),
    ("Dissolves arterial blockages", true, "dissolving blockages"),
    (
        "Clears calcium from arteries",
        true,
        "lay words for decalcifying arteries",
    ),
    (
        "Keeps calcium out of your arteries",
        true,
        "lay words for preventing calcification",
    ),
    (
        "Pulls calcium out of your arteries and into your bones",
        true,
        "decalcifying arteries",
    ),
    ("Unclogs arteries naturally", true, "unclogging arteries"),
    ("Cleanses your arteries", true, "cleaning arteries"),
    ("Flushes out your arteries", true, "cleaning arteries"),
    (
        "Helps prevent hardening of the arteries",
        true,
        "arteriosclerosis in lay words",
    ),
    ("Prevents atherosclerosis", true, "naming a disease"),
    ("Prevents heart attacks", true, "naming a disease event"),
    (
        "Reduces the risk of heart disease",
        true,
        "disease risk reduction",
    ),
    ("Lowers the risk of stroke", true, "disease risk reduction"),
    ("Lowers blood pressure", true, "treating hypertension"),
    ("Reduces high blood pressure", true, "treating hypertension"),
    ("Treats osteoporosis", true, "treating a disease"),
    ("Cures vitamin K-related disease", true, "curing a disease"),
    ("Helps prevent cancer", true, "preventing a disease"),
    ("Heals diabetes", true, "treating a disease"),
    ("Breaks down arterial plaque", true, "removing plaque"),
    ("Melts away calcified plaque", true, "removing plaque"),
    ("PREVENTS STROKES", true, "case does not matter"),
    (
        "Clinically shown to reverse heart disease",
        true,
        "reversing a disease",
    ),
    ("Supports healthy bones", false, "structure/function"),
    (
        "Supports cardiovascular health",
        false,
        "structure/function",
    ),
    (
        "Clean-label formula for healthy arteries",
        false,
        "\"clean label\" is about the formula",
    ),
    (
        "Clean formula, nothing artificial",
        false,
        "not about arteries",
    ),
    (
        "Helps maintain healthy blood pressure already within the normal range",
        false,
        "maintaining a normal function",
    ),
    (
        "Helps prevent rickets",
        false,
        "a classical deficiency disease is excluded (101.93(g))",
    ),
    (
        "Helps prevent vitamin D deficiency",
        false,
        "a nutrient deficiency, not a disease claim here",
    ),
    ("Directs calcium to your bones", false, "structure/function"),
    ("Supports arterial flexibility", false, "structure/function"),
    ("Helps keep arteries flexible", false, "structure/function"),
    (
        "Supports healthy blood vessels",
        false,
        "structure/function",
    ),
    ("Promotes calcium absorption", false, "structure/function"),
    ("Supports immune function", false, "structure/function"),
    ("Heart health support", false, "structure/function"),
    ("Gluten free", false, "not a claim about health"),
    ("Non-GMO, vegan", false, "not a claim about health"),
    (
        "Made with extra virgin olive oil",
        false,
        "not a claim about health",
    ),
    (
        "Third-party tested for purity",
        false,
        "not a claim about health",
    ),
    (
        "Supports normal calcium levels in the blood",
        false,
        "structure/function",
    ),
    (
        "Adequate calcium and vitamin D throughout life may reduce the risk of osteoporosis",
        false,
        "the authorised calcium and vitamin D health claim",
    ),
];

fn label(claim: &str) -> Label {
    Label {
        name: "Claims".into(),
        form: Some(DosageForm::Softgel),
        servings_per_day: Some(1.0),
        claims: vec![claim.to_string()],
        ingredients: vec![Ingredient::new("Vitamin D3", None, 1_000.0, Unit::Iu)],
        ..Label::default()
    }
}

#[test]
fn each_claim_line_is_judged_as_the_table_says() {
    assert!(CLAIMS.len() >= 40);
    let rules = builtin_rules();
    let mut wrong = Vec::new();
    for (claim, disease, why) in CLAIMS {
        let checked = check_label(&rules.rules, &Profile::default(), "t".into(), label(claim));
        let fired = checked
            .findings
            .iter()
            .any(|f| f.rule.id == "claim-disease");
        if fired != *disease {
            wrong.push(format!("{claim:?}: expected disease = {disease} ({why})"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
