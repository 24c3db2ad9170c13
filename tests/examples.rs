//! Every bundled example gives exactly the findings a reader of its label expects.

use std::path::Path;

use labelcheck::{Anticoagulant, Profile, builtin_rules, check_label, load_label_file};

fn findings_for(file: &str, profile: Profile) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(file);
    let label = load_label_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let rules = builtin_rules();
    check_label(&rules.rules, &profile, file.to_string(), label)
        .findings
        .iter()
        .map(|f| format!("{} {}", f.severity(), f.rule.id))
        .collect()
}

fn adult() -> Profile {
    Profile::default()
}

#[test]
fn every_example_is_covered_here() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("examples folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let covered = [
        "calcium-d3-k2-tablet.toml",
        "d2-vegan-drops.toml",
        "d3-20000-k2-softgel.toml",
        "d3-5000-k2-mk7-olive-softgel.toml",
        "d3-50000-weekly-capsule.toml",
        "d3-k2-iu-mismatch-softgel.toml",
        "d3-only-10000-softgel.toml",
        "dry-d3-k2-tablet.toml",
        "k1-k2-complex-capsule.toml",
        "k2-unspecified-capsule.toml",
        "kids-d3-k2-gummy.toml",
        "magnesium-d3-k2-powder.toml",
        "mk4-liquid-drops-mct.toml",
        "reverses-calcification-claim-softgel.toml",
    ];
    assert_eq!(names, covered, "add a test below for each new example");
}

#[test]
fn d3_5000_with_mk7_in_olive_oil_is_only_above_the_adult_ul() {
    assert_eq!(
        findings_for("d3-5000-k2-mk7-olive-softgel.toml", adult()),
        ["notice d-above-ul"]
    );
}

#[test]
fn mk4_drops_are_flagged_for_the_k2_form_only() {
    assert_eq!(
        findings_for("mk4-liquid-drops-mct.toml", adult()),
        ["notice k2-not-mk7"]
    );
}

#[test]
fn a_dry_tablet_has_no_oil_carrier_and_90_mcg_k2_is_not_below_90() {
    assert_eq!(
        findings_for("dry-d3-k2-tablet.toml", adult()),
        ["notice no-oil-carrier"]
    );
}

#[test]
fn d3_only_at_exactly_10000_iu_is_above_the_ul_but_not_the_caution_level() {
    assert_eq!(
        findings_for("d3-only-10000-softgel.toml", adult()),
        ["notice d-above-ul", "info d-without-k2"]
    );
}

#[test]
fn weekly_50000_iu_counts_as_about_7143_iu_a_day_and_is_flagged_as_a_bolus() {
    assert_eq!(
        findings_for("d3-50000-weekly-capsule.toml", adult()),
        [
            "caution d-intermittent-high-dose",
            "notice d-above-ul",
            "notice no-oil-carrier",
            "info d-without-k2"
        ]
    );
}

#[test]
fn the_kids_gummy_is_low_in_k2_and_dry() {
    assert_eq!(
        findings_for("kids-d3-k2-gummy.toml", adult()),
        ["notice no-oil-carrier", "notice k2-low-dose"]
    );
    // For a 5-year-old, 800 IU/day is well under the 3,000 IU limit for ages 4–8.
    let child = Profile {
        age_years: Some(5.0),
        ..adult()
    };
    assert_eq!(
        findings_for("kids-d3-k2-gummy.toml", child),
        ["notice no-oil-carrier", "notice k2-low-dose"]
    );
}

#[test]
fn calcium_tablets_three_a_day_exceed_the_strictest_adult_ul_only_without_an_age() {
    assert_eq!(
        findings_for("calcium-d3-k2-tablet.toml", adult()),
        ["caution calcium-above-ul", "notice no-oil-carrier"]
    );
    let forty = Profile {
        age_years: Some(40.0),
        ..adult()
    };
    assert_eq!(
        findings_for("calcium-d3-k2-tablet.toml", forty),
        ["notice no-oil-carrier"]
    );
    let sixty = Profile {
        age_years: Some(60.0),
        ..adult()
    };
    assert_eq!(
        findings_for("calcium-d3-k2-tablet.toml", sixty),
        ["caution calcium-above-ul", "notice no-oil-carrier"]
    );
}

#[test]
fn the_k1_k2_complex_is_clean_unless_the_person_takes_warfarin() {
    // 2,200 mcg of vitamin K a day is a milligram (pharmacological) dose.
    assert_eq!(
        findings_for("k1-k2-complex-capsule.toml", adult()),
        ["notice k-pharmacological-dose"]
    );
    let on_warfarin = Profile {
        anticoagulant: Anticoagulant::Vka,
        ..adult()
    };
    assert_eq!(
        findings_for("k1-k2-complex-capsule.toml", on_warfarin),
        ["warning vka-vitamin-k", "notice k-pharmacological-dose"]
    );
    let on_doac = Profile {
        anticoagulant: Anticoagulant::Doac,
        ..adult()
    };
    assert_eq!(
        findings_for("k1-k2-complex-capsule.toml", on_doac),
        ["notice k-pharmacological-dose"]
    );
}

#[test]
fn d2_vegan_drops_are_flagged_for_d2_and_missing_k2() {
    assert_eq!(
        findings_for("d2-vegan-drops.toml", adult()),
        ["notice d2-form", "info d-without-k2"]
    );
}

#[test]
fn a_reversal_claim_is_a_warning() {
    assert_eq!(
        findings_for("reverses-calcification-claim-softgel.toml", adult()),
        [
            "warning claim-disease",
            "notice d-above-ul",
            "notice claim-without-disclaimer"
        ]
    );
}

#[test]
fn a_misprinted_iu_figure_is_a_caution_and_the_mass_is_used() {
    assert_eq!(
        findings_for("d3-k2-iu-mismatch-softgel.toml", adult()),
        ["caution d-iu-mass-mismatch"]
    );
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/d3-k2-iu-mismatch-softgel.toml");
    let label = load_label_file(&path).expect("loads");
    assert_eq!(
        labelcheck::Intake::from_label(&label).per_day.vitamin_d_iu,
        1_000.0
    );
}

#[test]
fn d3_20000_crosses_the_caution_level_which_silences_the_ul_notice() {
    assert_eq!(
        findings_for("d3-20000-k2-softgel.toml", adult()),
        ["caution d-above-caution", "info k2-d-ratio"]
    );
}

#[test]
fn magnesium_powder_exceeds_the_supplemental_magnesium_ul() {
    assert_eq!(
        findings_for("magnesium-d3-k2-powder.toml", adult()),
        [
            "caution magnesium-above-ul",
            "notice no-oil-carrier",
            "notice k2-low-dose"
        ]
    );
}

#[test]
fn k2_without_a_form_is_flagged_as_unspecified_and_not_mk7() {
    assert_eq!(
        findings_for("k2-unspecified-capsule.toml", adult()),
        ["notice k2-not-mk7", "notice k2-form-unspecified"]
    );
}
