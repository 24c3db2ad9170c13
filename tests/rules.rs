//! Every rule at its boundary: exactly at a threshold never fires, just past it does; edited
//! rules change the verdict; the person's age and anticoagulant change it too.

use labelcheck::label::{DosageForm, Ingredient, Unit};
use labelcheck::rules::DEFAULT_RULES_TOML;
use labelcheck::{
    Anticoagulant, Label, LoadedRules, Profile, RulesOrigin, builtin_rules, check_label,
    parse_rules_text,
};

/// An oil softgel, so that only the ingredients decide the findings.
fn softgel(ingredients: Vec<Ingredient>) -> Label {
    Label {
        name: "Test".into(),
        form: Some(DosageForm::Softgel),
        other_ingredients: vec!["olive oil".into()],
        ingredients,
        ..Label::default()
    }
}

fn d3(iu: f64) -> Ingredient {
    Ingredient::new("Vitamin D3", None, iu, Unit::Iu)
}

fn mk7(mcg: f64) -> Ingredient {
    Ingredient::new("Vitamin K2", Some("MK-7"), mcg, Unit::Mcg)
}

fn fired_with(rules: &LoadedRules, label: &Label, profile: Profile) -> Vec<String> {
    check_label(&rules.rules, &profile, "t".into(), label.clone())
        .findings
        .iter()
        .map(|f| f.rule.id.clone())
        .collect()
}

fn fired(label: &Label, profile: Profile) -> Vec<String> {
    fired_with(&builtin_rules(), label, profile)
}

fn fires(rule: &str, label: &Label, profile: Profile) -> bool {
    fired(label, profile).iter().any(|id| id == rule)
}

fn age(years: f64) -> Profile {
    Profile {
        age_years: Some(years),
        ..Profile::default()
    }
}

fn adult() -> Profile {
    Profile::default()
}

fn edited(from: &str, to: &str) -> LoadedRules {
    assert!(
        DEFAULT_RULES_TOML.contains(from),
        "rules.toml has no `{from}`"
    );
    let text = DEFAULT_RULES_TOML.replacen(from, to, 1);
    parse_rules_text("edited.toml", &text, RulesOrigin::Builtin).expect("edited rules parse")
}

#[test]
fn d_above_caution_fires_just_above_10000_iu_per_day() {
    let with_k2 = |iu| softgel(vec![d3(iu), mk7(200.0)]);
    assert!(!fires("d-above-caution", &with_k2(10_000.0), adult()));
    assert!(fires("d-above-caution", &with_k2(10_000.01), adult()));
}

#[test]
fn d_above_caution_counts_servings_per_day() {
    let mut label = softgel(vec![d3(5_000.0), mk7(200.0)]);
    label.servings_per_day = Some(2.0);
    assert!(!fires("d-above-caution", &label, adult()));
    label.servings_per_day = Some(2.01);
    assert!(fires("d-above-caution", &label, adult()));
}

#[test]
fn d_above_caution_message_states_value_and_threshold() {
    let rules = builtin_rules();
    let checked = check_label(
        &rules.rules,
        &adult(),
        "t".into(),
        softgel(vec![d3(12_000.0), mk7(200.0)]),
    );
    let f = checked
        .findings
        .iter()
        .find(|f| f.rule.id == "d-above-caution")
        .expect("fires");
    assert_eq!(
        f.message,
        "12,000 IU/day of vitamin D is above the 10,000 IU/day caution level"
    );
    assert_eq!(f.threshold.as_ref().map(|t| t.value), Some(10_000.0));
}

#[test]
fn an_edited_caution_limit_changes_the_verdict() {
    let label = softgel(vec![d3(6_000.0), mk7(200.0)]);
    assert!(!fires("d-above-caution", &label, adult()));
    let rules = edited("limit = 10000 ", "limit = 5000 ");
    assert!(fired_with(&rules, &label, adult()).contains(&"d-above-caution".to_string()));
}

#[test]
fn d_above_ul_uses_the_adult_limit_when_no_age_is_given() {
    let with_k2 = |iu| softgel(vec![d3(iu), mk7(200.0)]);
    assert!(!fires("d-above-ul", &with_k2(4_000.0), adult()));
    assert!(fires("d-above-ul", &with_k2(4_001.0), adult()));
}

#[test]
fn d_above_ul_follows_the_age_bands() {
    let with_k2 = |iu| softgel(vec![d3(iu), mk7(200.0)]);
    for (years, limit) in [
        (0.25, 1_000.0),
        (0.5, 1_500.0),
        (0.9, 1_500.0),
        (1.0, 2_500.0),
        (3.9, 2_500.0),
        (4.0, 3_000.0),
        (8.0, 3_000.0),
        (9.0, 4_000.0),
        (70.0, 4_000.0),
    ] {
        assert!(
            !fires("d-above-ul", &with_k2(limit), age(years)),
            "age {years} at {limit}"
        );
        // Under 1 year any excess is already a caution (d-above-caution-child), which then
        // speaks instead of the notice.
        let speaks = if years < 1.0 {
            "d-above-caution-child"
        } else {
            "d-above-ul"
        };
        assert!(
            fires(speaks, &with_k2(limit + 1.0), age(years)),
            "age {years} above {limit}"
        );
    }
}

#[test]
fn a_child_far_above_the_ul_gets_a_caution_not_a_notice() {
    let d = |iu| softgel(vec![d3(iu), mk7(200.0)]);
    for (years, level) in [
        (0.25, 1_000.0),
        (0.75, 1_500.0),
        (2.0, 5_000.0),
        (6.0, 6_000.0),
        (15.0, 8_000.0),
    ] {
        assert!(
            !fires("d-above-caution-child", &d(level), age(years)),
            "age {years} at {level}"
        );
        let fired = fired(&d(level + 1.0), age(years));
        assert!(
            fired.contains(&"d-above-caution-child".to_string())
                && !fired.contains(&"d-above-ul".to_string())
                && !fired.contains(&"d-above-caution".to_string()),
            "age {years} above {level}: {fired:?}"
        );
    }
    // An infant on 8,000 IU a day is a caution.
    let rules = builtin_rules();
    let checked = check_label(&rules.rules, &age(0.5), "t".into(), d(8_000.0));
    assert_eq!(checked.findings[0].rule.id, "d-above-caution-child");
    assert_eq!(
        checked.findings[0].severity(),
        labelcheck::Severity::Caution
    );
    // Adults and people of no stated age are judged by the adult caution level only.
    assert!(!fires("d-above-caution-child", &d(9_000.0), age(19.0)));
    assert!(!fires("d-above-caution-child", &d(9_000.0), adult()));
}

#[test]
fn d_above_ul_is_silent_when_the_caution_fires_unless_the_caution_is_disabled() {
    let label = softgel(vec![d3(12_000.0), mk7(200.0)]);
    let ids = fired(&label, adult());
    assert!(ids.contains(&"d-above-caution".to_string()));
    assert!(!ids.contains(&"d-above-ul".to_string()));
    let rules = edited(
        "id = \"d-above-caution\"\nkind = \"above\"\ntitle = \"Vitamin D above the caution level\"\nseverity = \"caution\"\nenabled = true",
        "id = \"d-above-caution\"\nkind = \"above\"\ntitle = \"Vitamin D above the caution level\"\nseverity = \"caution\"\nenabled = false",
    );
    assert_eq!(fired_with(&rules, &label, adult()), ["d-above-ul"]);
}

#[test]
fn d_without_k2_speaks_from_1000_iu() {
    assert!(!fires("d-without-k2", &softgel(vec![d3(999.0)]), adult()));
    assert!(fires("d-without-k2", &softgel(vec![d3(1_000.0)]), adult()));
    assert!(!fires(
        "d-without-k2",
        &softgel(vec![d3(5_000.0), mk7(1.0)]),
        adult()
    ));
}

#[test]
fn k2_not_mk7_fires_when_no_k2_is_declared_as_mk7() {
    let mk4 = Ingredient::new("Vitamin K2", Some("MK-4"), 100.0, Unit::Mcg);
    assert!(fires("k2-not-mk7", &softgel(vec![mk4.clone()]), adult()));
    assert!(!fires(
        "k2-not-mk7",
        &softgel(vec![mk4, mk7(100.0)]),
        adult()
    ));
    assert!(!fires("k2-not-mk7", &softgel(vec![d3(500.0)]), adult()));
}

#[test]
fn k2_not_mk7_can_prefer_another_form_after_an_edit() {
    let mk4 = softgel(vec![Ingredient::new(
        "Vitamin K2",
        Some("MK-4"),
        100.0,
        Unit::Mcg,
    )]);
    let rules = edited("preferred = [\"mk7\"]", "preferred = [\"mk7\", \"mk4\"]");
    assert!(!fired_with(&rules, &mk4, adult()).contains(&"k2-not-mk7".to_string()));
}

#[test]
fn k2_form_unspecified_fires_for_k2_without_a_form() {
    assert!(fires(
        "k2-form-unspecified",
        &softgel(vec![Ingredient::new("Vitamin K2", None, 100.0, Unit::Mcg)]),
        adult()
    ));
    assert!(!fires(
        "k2-form-unspecified",
        &softgel(vec![mk7(100.0)]),
        adult()
    ));
}

#[test]
fn k2_low_dose_fires_between_zero_and_90_mcg() {
    assert!(fires("k2-low-dose", &softgel(vec![mk7(89.9)]), adult()));
    assert!(!fires("k2-low-dose", &softgel(vec![mk7(90.0)]), adult()));
    assert!(!fires("k2-low-dose", &softgel(vec![d3(400.0)]), adult()));
}

#[test]
fn k2_d_ratio_fires_below_10_mcg_per_1000_iu_from_1000_iu() {
    assert!(!fires(
        "k2-d-ratio",
        &softgel(vec![d3(10_000.0), mk7(100.0)]),
        adult()
    ));
    assert!(fires(
        "k2-d-ratio",
        &softgel(vec![d3(10_000.0), mk7(99.0)]),
        adult()
    ));
    // Below 1,000 IU of vitamin D the ratio is not judged.
    assert!(!fires(
        "k2-d-ratio",
        &softgel(vec![d3(999.0), mk7(1.0)]),
        adult()
    ));
    assert!(fires(
        "k2-d-ratio",
        &softgel(vec![d3(1_000.0), mk7(9.0)]),
        adult()
    ));
    // With no K2 at all, d-without-k2 speaks instead.
    let ids = fired(&softgel(vec![d3(5_000.0)]), adult());
    assert!(ids.contains(&"d-without-k2".to_string()) && !ids.contains(&"k2-d-ratio".to_string()));
}

#[test]
fn k2_d_ratio_is_not_judged_without_k2_at_any_age() {
    // A child's label with vitamin D and no vitamin K: d-without-k2 is for adults, and with no
    // K2 there is no ratio to judge, so neither speaks.
    for years in [0.5, 4.0, 12.0, 18.9] {
        let ids = fired(&softgel(vec![d3(1_000.0)]), age(years));
        assert!(!ids.contains(&"k2-d-ratio".to_string()), "{years}: {ids:?}");
        assert!(
            !ids.contains(&"d-without-k2".to_string()),
            "{years}: {ids:?}"
        );
    }
    // With some K2 a child's label is judged like an adult's: the ratio is about the formula.
    assert!(fires(
        "k2-d-ratio",
        &softgel(vec![d3(1_000.0), mk7(9.0)]),
        age(12.0)
    ));
    assert!(!fires(
        "k2-d-ratio",
        &softgel(vec![d3(1_000.0), mk7(10.0)]),
        age(12.0)
    ));
}

/// "Vitamin K" printed without a form.
fn vitamin_k(mcg: f64) -> Ingredient {
    Ingredient::new("Vitamin K", None, mcg, Unit::Mcg)
}

#[test]
fn vitamin_k_of_unstated_form_gets_its_own_finding_and_no_k2_one() {
    let label = softgel(vec![d3(5_000.0), vitamin_k(20.0)]);
    let ids = fired(&label, adult());
    assert!(ids.contains(&"k-form-unspecified".to_string()), "{ids:?}");
    for k2_rule in [
        "k2-not-mk7",
        "k2-form-unspecified",
        "k2-low-dose",
        "k2-d-ratio",
        "d-without-k2",
    ] {
        assert!(!ids.contains(&k2_rule.to_string()), "{k2_rule}: {ids:?}");
    }
    let rules = builtin_rules();
    let checked = check_label(&rules.rules, &adult(), "t".into(), label);
    for finding in &checked.findings {
        assert!(
            !finding.message.contains("K2"),
            "{}: {}",
            finding.rule.id,
            finding.message
        );
    }
    let form = checked
        .findings
        .iter()
        .find(|f| f.rule.id == "k-form-unspecified")
        .expect("fires");
    assert_eq!(
        form.message,
        "the label declares vitamin K of unstated form (20 mcg/day)"
    );
    assert!(!fires(
        "k-form-unspecified",
        &softgel(vec![mk7(20.0)]),
        adult()
    ));
    assert!(!fires(
        "k-form-unspecified",
        &softgel(vec![Ingredient::new("Vitamin K2", None, 20.0, Unit::Mcg)]),
        adult()
    ));
}

#[test]
fn vitamin_k_of_unstated_form_counts_for_the_vka_rule_from_the_least_amount() {
    let vka = Profile {
        anticoagulant: Anticoagulant::Vka,
        ..adult()
    };
    assert!(!fires(
        "vka-vitamin-k",
        &softgel(vec![vitamin_k(0.0)]),
        vka.clone()
    ));
    assert!(fires(
        "vka-vitamin-k",
        &softgel(vec![vitamin_k(0.1)]),
        vka.clone()
    ));
    let doac = Profile {
        anticoagulant: Anticoagulant::Doac,
        ..adult()
    };
    assert!(!fires(
        "vka-vitamin-k",
        &softgel(vec![vitamin_k(100.0)]),
        doac
    ));
    let rules = builtin_rules();
    let checked = check_label(
        &rules.rules,
        &vka,
        "t".into(),
        softgel(vec![vitamin_k(45.0)]),
    );
    let finding = checked
        .findings
        .iter()
        .find(|f| f.rule.id == "vka-vitamin-k")
        .expect("fires");
    assert!(
        finding
            .message
            .starts_with("the label supplies vitamin K (form not stated) 45 mcg/day"),
        "{}",
        finding.message
    );
}

#[test]
fn vitamin_k_of_unstated_form_counts_for_the_milligram_dose_rule_and_d_without_k2() {
    let at = |mcg| softgel(vec![vitamin_k(mcg)]);
    assert!(!fires("k-pharmacological-dose", &at(1_000.0), adult()));
    assert!(fires("k-pharmacological-dose", &at(1_000.1), adult()));
    // Counted with the other forms: 600 mcg K1 and 400.1 mcg unstated pass 1 mg together.
    let k1 = Ingredient::new("Vitamin K1", None, 600.0, Unit::Mcg);
    assert!(!fires(
        "k-pharmacological-dose",
        &softgel(vec![k1.clone(), vitamin_k(400.0)]),
        adult()
    ));
    assert!(fires(
        "k-pharmacological-dose",
        &softgel(vec![k1, vitamin_k(400.1)]),
        adult()
    ));
    // Any vitamin K is the companion of vitamin D, whatever its form.
    assert!(fires("d-without-k2", &softgel(vec![d3(1_000.0)]), adult()));
    assert!(!fires(
        "d-without-k2",
        &softgel(vec![d3(1_000.0), vitamin_k(1.0)]),
        adult()
    ));
}

#[test]
fn the_k2_rules_judge_only_the_k2_beside_vitamin_k_of_unstated_form() {
    // 80 mcg MK-7 is below the 90 mcg AI even with 50 mcg of unstated vitamin K beside it.
    assert!(fires(
        "k2-low-dose",
        &softgel(vec![mk7(80.0), vitamin_k(50.0)]),
        adult()
    ));
    assert!(!fires(
        "k2-low-dose",
        &softgel(vec![mk7(90.0), vitamin_k(50.0)]),
        adult()
    ));
    // MK-7 is declared, so k2-not-mk7 is silent; the unstated amount gets its own note.
    let ids = fired(&softgel(vec![mk7(100.0), vitamin_k(50.0)]), adult());
    assert!(!ids.contains(&"k2-not-mk7".to_string()), "{ids:?}");
    assert!(ids.contains(&"k-form-unspecified".to_string()), "{ids:?}");
    // The ratio counts the 9 mcg of MK-7 only.
    assert!(fires(
        "k2-d-ratio",
        &softgel(vec![d3(1_000.0), mk7(9.0), vitamin_k(50.0)]),
        adult()
    ));
}

#[test]
fn d2_form_fires_for_ergocalciferol_only() {
    assert!(fires(
        "d2-form",
        &softgel(vec![Ingredient::new(
            "Vitamin D2",
            Some("ergocalciferol"),
            400.0,
            Unit::Iu
        )]),
        adult()
    ));
    assert!(!fires("d2-form", &softgel(vec![d3(400.0)]), adult()));
    assert!(!fires(
        "d2-form",
        &softgel(vec![Ingredient::new("Vitamin D", None, 400.0, Unit::Iu)]),
        adult()
    ));
}

#[test]
fn no_oil_carrier_fires_for_dry_products_only() {
    let mut label = softgel(vec![d3(1_000.0), mk7(100.0)]);
    assert!(!fires("no-oil-carrier", &label, adult()));
    label.other_ingredients = vec!["microcrystalline cellulose".into()];
    assert!(fires("no-oil-carrier", &label, adult()));
    // Nothing listed: a softgel's carrier is unknown, a tablet's is none.
    label.other_ingredients.clear();
    assert!(!fires("no-oil-carrier", &label, adult()));
    label.form = Some(DosageForm::Tablet);
    assert!(fires("no-oil-carrier", &label, adult()));
}

#[test]
fn vka_vitamin_k_fires_for_vka_with_any_vitamin_k_but_not_for_doac() {
    let k1 = softgel(vec![Ingredient::new("Vitamin K1", None, 10.0, Unit::Mcg)]);
    let vka = Profile {
        anticoagulant: Anticoagulant::Vka,
        ..adult()
    };
    let doac = Profile {
        anticoagulant: Anticoagulant::Doac,
        ..adult()
    };
    assert!(fires("vka-vitamin-k", &k1, vka.clone()));
    assert!(fires(
        "vka-vitamin-k",
        &softgel(vec![mk7(1.0)]),
        vka.clone()
    ));
    assert!(!fires("vka-vitamin-k", &k1, doac));
    assert!(!fires("vka-vitamin-k", &k1, adult()));
    assert!(!fires(
        "vka-vitamin-k",
        &softgel(vec![d3(1_000.0)]),
        vka.clone()
    ));
    let rules = builtin_rules();
    let checked = check_label(&rules.rules, &vka, "t".into(), k1);
    assert_eq!(
        checked.findings[0].severity(),
        labelcheck::Severity::Warning
    );
}

fn calcium(mg: f64) -> Label {
    softgel(vec![Ingredient::new(
        "Calcium",
        Some("as calcium carbonate"),
        mg,
        Unit::Mg,
    )])
}

#[test]
fn calcium_above_ul_uses_the_strictest_adult_limit_without_an_age() {
    assert!(!fires("calcium-above-ul", &calcium(2_000.0), adult()));
    assert!(fires("calcium-above-ul", &calcium(2_001.0), adult()));
    let rules = builtin_rules();
    let checked = check_label(&rules.rules, &adult(), "t".into(), calcium(2_400.0));
    assert!(
        checked.findings[0]
            .message
            .contains("strictest adult limit"),
        "{}",
        checked.findings[0].message
    );
}

#[test]
fn calcium_above_ul_follows_the_age_bands() {
    for (years, limit) in [
        (1.0, 2_500.0),
        (8.0, 2_500.0),
        (9.0, 3_000.0),
        (18.0, 3_000.0),
        (19.0, 2_500.0),
        (50.9, 2_500.0),
        (51.0, 2_000.0),
        (90.0, 2_000.0),
    ] {
        assert!(
            !fires("calcium-above-ul", &calcium(limit), age(years)),
            "age {years} at {limit}"
        );
        assert!(
            fires("calcium-above-ul", &calcium(limit + 1.0), age(years)),
            "age {years} above {limit}"
        );
    }
    // Infants have their own limits since 2011.
    for (years, limit) in [(0.25, 1_000.0), (0.5, 1_500.0)] {
        assert!(!fires("calcium-above-ul", &calcium(limit), age(years)));
        assert!(fires("calcium-above-ul", &calcium(limit + 1.0), age(years)));
    }
}

#[test]
fn magnesium_above_ul_follows_the_age_bands() {
    let mg = |v| {
        softgel(vec![Ingredient::new(
            "Magnesium",
            Some("glycinate"),
            v,
            Unit::Mg,
        )])
    };
    assert!(!fires("magnesium-above-ul", &mg(350.0), adult()));
    assert!(fires("magnesium-above-ul", &mg(351.0), adult()));
    for (years, limit) in [(1.0, 65.0), (4.0, 110.0), (9.0, 350.0), (40.0, 350.0)] {
        assert!(
            !fires("magnesium-above-ul", &mg(limit), age(years)),
            "age {years} at {limit}"
        );
        assert!(
            fires("magnesium-above-ul", &mg(limit + 0.5), age(years)),
            "age {years} above {limit}"
        );
    }
}

#[test]
fn claim_disease_matches_disease_and_reversal_claims_case_insensitively() {
    let with_claim = |c: &str| {
        let mut l = softgel(vec![d3(1_000.0), mk7(100.0)]);
        l.claims = vec![c.to_string()];
        l
    };
    for claim in [
        "Reverses arterial calcification*",
        "DISSOLVES ARTERIAL PLAQUE",
        "Removes calcium deposits and calcification from arteries",
        "Unclogs arteries naturally",
        "Helps prevent heart disease",
        "Cures osteoporosis",
        "Treats atherosclerosis",
        "Prevents heart attacks",
    ] {
        assert!(
            fires("claim-disease", &with_claim(claim), adult()),
            "{claim}"
        );
    }
    for claim in [
        "Supports healthy arteries*",
        "Supports normal blood clotting",
        "Helps maintain healthy bones*",
        "Supports calcium metabolism",
    ] {
        assert!(
            !fires("claim-disease", &with_claim(claim), adult()),
            "{claim}"
        );
    }
}

#[test]
fn an_added_claim_pattern_takes_effect_without_recompiling() {
    let mut label = softgel(vec![d3(1_000.0), mk7(100.0)]);
    label.claims = vec!["Boosts immunity against flu".into()];
    assert!(!fired_with(&builtin_rules(), &label, adult()).contains(&"claim-disease".to_string()));
    let rules = edited("patterns = [\n", "patterns = [\n  '\\bflu\\b',\n");
    assert!(fired_with(&rules, &label, adult()).contains(&"claim-disease".to_string()));
}

#[test]
fn a_user_can_add_a_rule_of_an_existing_kind() {
    let extra = r#"
[[rule]]
id = "k1-above-1000"
kind = "above"
title = "A lot of K1"
severity = "info"
quantity = "k1_mcg"
limit = 1000
rationale = "Example of a rule a user adds."
evidence = "reference-value"
sources = ["IOM-2001"]
"#;
    let text = DEFAULT_RULES_TOML.replacen("# --- Sources", &format!("{extra}\n# --- Sources"), 1);
    let rules = parse_rules_text("mine.toml", &text, RulesOrigin::Builtin).expect("parses");
    let label = softgel(vec![Ingredient::new(
        "Vitamin K1",
        None,
        1_001.0,
        Unit::Mcg,
    )]);
    assert_eq!(
        fired_with(&rules, &label, adult()),
        ["k-pharmacological-dose", "k1-above-1000"]
    );
}

#[test]
fn an_edited_severity_reorders_findings() {
    let label = softgel(vec![Ingredient::new("Vitamin D2", None, 2_000.0, Unit::Iu)]);
    assert_eq!(fired(&label, adult()), ["d2-form", "d-without-k2"]);
    let text = DEFAULT_RULES_TOML.replacen(
        "title = \"Vitamin D as D2 (ergocalciferol)\"\nseverity = \"notice\"",
        "title = \"Vitamin D as D2 (ergocalciferol)\"\nseverity = \"warning\"",
        1,
    );
    assert_ne!(text, DEFAULT_RULES_TOML);
    let rules = parse_rules_text("x.toml", &text, RulesOrigin::Builtin).expect("parses");
    assert_eq!(
        fired_with(&rules, &label, adult()),
        ["d2-form", "d-without-k2"]
    );
}

#[test]
fn every_rule_has_rationale_evidence_and_resolving_sources() {
    let rules = builtin_rules();
    assert!(rules.warnings.is_empty(), "{:?}", rules.warnings);
    for rule in &rules.rules.rules {
        let sentences = rule.rationale.matches(". ").count() + 1;
        assert!(
            (2..=5).contains(&sentences),
            "{}: {sentences} sentences",
            rule.id
        );
        assert!(!rule.sources.is_empty(), "{}", rule.id);
        for key in &rule.sources {
            let source = rules
                .rules
                .source(key)
                .unwrap_or_else(|| panic!("{}: {key}", rule.id));
            assert!(source.citation.len() > 40, "{key}");
            assert!(
                source.url.as_deref().is_some_and(|u| u.starts_with("http")),
                "{key}"
            );
        }
    }
}

#[test]
fn the_baseline_rule_ids_are_all_present() {
    let rules = builtin_rules();
    let ids: Vec<&str> = rules.rules.rules.iter().map(|r| r.id.as_str()).collect();
    for id in [
        "d-above-caution",
        "d-above-ul",
        "d-without-k2",
        "k2-not-mk7",
        "k2-form-unspecified",
        "k2-low-dose",
        "k2-d-ratio",
        "d2-form",
        "no-oil-carrier",
        "vka-vitamin-k",
        "calcium-above-ul",
        "magnesium-above-ul",
        "claim-disease",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
}

#[test]
fn the_ratio_rule_is_labelled_a_convention() {
    let rules = builtin_rules();
    let rule = rules.rules.rule("k2-d-ratio").expect("exists");
    assert_eq!(rule.evidence, labelcheck::rules::Evidence::Convention);
    assert!(
        rule.rationale
            .starts_with("This is a convention, not evidence.")
    );
}

#[test]
fn d_iu_mass_mismatch_fires_just_past_the_tolerance_and_uses_the_mass() {
    let with_iu = |iu: f64| {
        let mut d = Ingredient::new("Vitamin D3", None, 25.0, Unit::Mcg);
        d.alt = Some((iu, Unit::Iu));
        softgel(vec![d, mk7(100.0)])
    };
    // 25 mcg = 1,000 IU; 2 % tolerance → 1,020 IU is still a rounding difference.
    assert!(!fires("d-iu-mass-mismatch", &with_iu(1_000.0), adult()));
    assert!(!fires("d-iu-mass-mismatch", &with_iu(1_020.0), adult()));
    assert!(fires("d-iu-mass-mismatch", &with_iu(1_021.0), adult()));
    assert!(fires("d-iu-mass-mismatch", &with_iu(500.0), adult()));
    let rules = builtin_rules();
    let checked = check_label(&rules.rules, &adult(), "t".into(), with_iu(2_000.0));
    let f = checked
        .findings
        .iter()
        .find(|f| f.rule.id == "d-iu-mass-mismatch")
        .expect("fires");
    assert_eq!(
        f.message,
        "Vitamin D3: 25 mcg is 1,000 IU, but the label prints 2,000 IU, 100% off (tolerance 2%); \
         the mass is used"
    );
    assert_eq!(
        checked.intake.per_day.vitamin_d_iu, 1_000.0,
        "the mass wins"
    );
    // IU printed first, mass second: the same check.
    let mut iu_first = Ingredient::new("Vitamin D3", None, 2_000.0, Unit::Iu);
    iu_first.alt = Some((25.0, Unit::Mcg));
    assert!(fires(
        "d-iu-mass-mismatch",
        &softgel(vec![iu_first, mk7(100.0)]),
        adult()
    ));
    // A wider tolerance in an edited rules file silences it.
    let rules = edited("tolerance_percent = 2 ", "tolerance_percent = 150 ");
    assert!(
        !fired_with(&rules, &with_iu(2_000.0), adult()).contains(&"d-iu-mass-mismatch".to_string())
    );
}

#[test]
fn claim_without_disclaimer_fires_only_when_claims_lack_the_disclaimer() {
    let mut label = softgel(vec![d3(1_000.0), mk7(100.0)]);
    assert!(
        !fires("claim-without-disclaimer", &label, adult()),
        "no claims"
    );
    label.claims = vec!["Supports healthy bones*".into()];
    assert!(fires("claim-without-disclaimer", &label, adult()));
    label.disclaimer = Some(
        "These statements have not been evaluated by the Food and Drug Administration.".into(),
    );
    assert!(!fires("claim-without-disclaimer", &label, adult()));
}

/// The rules file with `line` added right after the line `id = "ID"`.
fn with_line_after_id(id: &str, line: &str) -> String {
    let anchor = format!("id = \"{id}\"\n");
    assert!(DEFAULT_RULES_TOML.contains(&anchor), "no rule {id}");
    DEFAULT_RULES_TOML.replacen(&anchor, &format!("{anchor}{line}\n"), 1)
}

#[test]
fn a_suppression_cycle_is_refused_at_load_with_its_place() {
    // The one-line edit that used to hide every vitamin D finding of a 20,000 IU label.
    let text = DEFAULT_RULES_TOML.replacen(
        "suppressed_by = [\"d-above-caution-child\"]",
        "suppressed_by = [\"d-above-caution-child\", \"d-above-ul\"]",
        1,
    );
    let errors = parse_rules_text("edited.toml", &text, RulesOrigin::Builtin)
        .expect_err("a cycle is an error");
    assert_eq!(errors.0.len(), 1, "{errors}");
    let e = &errors.0[0];
    assert!(
        e.message.contains("makes a cycle") && e.message.contains("d-above-ul"),
        "{e}"
    );
    // Reported at one of the two `suppressed_by` lines that make the cycle.
    let cycle_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("suppressed_by"))
        .map(|(i, _)| i + 1)
        .collect();
    // The edit, the two built-in health ones, and the regional rules' own.
    assert!(cycle_lines.len() >= 3, "the edit and the two built-in ones");
    assert!(cycle_lines[..2].contains(&e.line), "{e}");
    assert!(e.column > 1, "{e}");
}

#[test]
fn a_longer_suppression_cycle_is_refused_too() {
    let text = DEFAULT_RULES_TOML.replacen(
        "suppressed_by = [\"d-above-caution-child\"]",
        "suppressed_by = [\"d-above-caution-child\", \"k2-not-mk7\"]",
        1,
    );
    let text = text.replacen(
        "id = \"k2-not-mk7\"\n",
        "id = \"k2-not-mk7\"\nsuppressed_by = [\"d-above-ul\"]\n",
        1,
    );
    let errors = parse_rules_text("edited.toml", &text, RulesOrigin::Builtin)
        .expect_err("a three-rule cycle is an error");
    assert!(
        errors.0.iter().any(|e| e.message.contains("makes a cycle")),
        "{errors}"
    );
}

#[test]
fn a_finding_is_silenced_only_by_a_finding_that_is_itself_reported() {
    // k2-not-mk7 is silenced by d-above-ul, which is silenced by d-above-caution: with all
    // three firing, only d-above-ul is silent; k2-not-mk7 stays because its silencer is silent.
    let text = with_line_after_id("k2-not-mk7", "suppressed_by = [\"d-above-ul\"]");
    let rules = parse_rules_text("edited.toml", &text, RulesOrigin::Builtin).expect("parses");
    let mk4 = Ingredient::new("Vitamin K2", Some("MK-4"), 200.0, Unit::Mcg);
    let ids = fired_with(&rules, &softgel(vec![d3(20_000.0), mk4]), adult());
    assert!(ids.contains(&"d-above-caution".to_string()), "{ids:?}");
    assert!(!ids.contains(&"d-above-ul".to_string()), "{ids:?}");
    assert!(ids.contains(&"k2-not-mk7".to_string()), "{ids:?}");
}

#[test]
fn a_bad_value_in_one_rule_gives_one_error_not_a_second_about_suppressed_by() {
    let text = DEFAULT_RULES_TOML.replacen("limit = 10000 ", "limit = \"lots\" ", 1);
    let errors = parse_rules_text("edited.toml", &text, RulesOrigin::Builtin)
        .expect_err("a bad limit is an error");
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert!(errors.0[0].message.contains("limit"), "{errors}");
}
