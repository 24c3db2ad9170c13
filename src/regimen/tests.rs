use std::path::Path;

use super::*;
use crate::label::{Ingredient, Unit};
use crate::profile::Anticoagulant;

fn builtin() -> RuleSet {
    crate::builtin_rules().rules
}

fn label(name: &str, servings_per_day: Option<f64>, ingredients: Vec<Ingredient>) -> Label {
    Label {
        name: name.to_string(),
        servings_per_day,
        ingredients,
        other_ingredients: vec!["olive oil".into()],
        ..Label::default()
    }
}

fn d_iu(iu: f64) -> Ingredient {
    Ingredient::new("Vitamin D3", Some("cholecalciferol"), iu, Unit::Iu)
}

fn d_mcg(mcg: f64) -> Ingredient {
    Ingredient::new("Vitamin D3", Some("cholecalciferol"), mcg, Unit::Mcg)
}

fn mk7(mcg: f64) -> Ingredient {
    Ingredient::new("Vitamin K2", Some("as MK-7"), mcg, Unit::Mcg)
}

fn calcium(mg: f64) -> Ingredient {
    Ingredient::new("Calcium", Some("as calcium carbonate"), mg, Unit::Mg)
}

fn magnesium(mg: f64) -> Ingredient {
    Ingredient::new("Magnesium", Some("as magnesium citrate"), mg, Unit::Mg)
}

fn product(label: Label, taken: Taken) -> Product {
    Product {
        file: format!("{}.toml", label.name),
        label,
        taken,
        reason: None,
    }
}

fn regimen(products: Vec<Product>) -> Regimen {
    Regimen {
        products,
        ..Regimen::default()
    }
}

fn fired<'a>(checked: &'a CheckedRegimen<'_>, id: &str) -> Option<&'a RegimenFinding<'a>> {
    checked.findings.iter().find(|f| f.finding.rule.id == id)
}

fn product_fired(checked: &CheckedRegimen<'_>, id: &str) -> bool {
    checked
        .products
        .iter()
        .any(|p| p.findings.iter().any(|f| f.rule.id == id))
}

/// Softgel A: 5,000 IU + 100 mcg MK-7 a day; Calcium+D tablet: 20 mcg D3 (800 IU) + 600 mg
/// calcium, two a day.
fn softgel_and_tablet() -> Regimen {
    regimen(vec![
        product(
            label("Softgel A", Some(1.0), vec![d_iu(5_000.0), mk7(100.0)]),
            Taken::AsLabel,
        ),
        product(
            label("Calcium+D tablet", None, vec![d_mcg(20.0), calcium(600.0)]),
            Taken::Daily(2.0),
        ),
    ])
}

#[test]
fn vitamin_d_is_totalled_in_iu_across_labels_in_iu_and_mcg() {
    let rules = builtin();
    let checked = check(&rules, softgel_and_tablet(), &Profile::default());
    let d = checked
        .total(Quantity::VitaminDIu)
        .expect("a vitamin D total");
    assert_eq!(d.per_day, 6_600.0);
    assert_eq!(d.contributions.len(), 2);
    assert_eq!(d.contributions[0].per_day, 5_000.0);
    assert_eq!(d.contributions[1].per_day, 1_600.0);
    assert_eq!(
        checked.total(Quantity::CalciumMg).expect("calcium").per_day,
        1_200.0
    );
    assert_eq!(
        checked.total(Quantity::K2Mk7Mcg).expect("MK-7").per_day,
        100.0
    );
    assert!(checked.total(Quantity::MagnesiumMg).is_none());
}

#[test]
fn a_total_finding_lists_each_product_and_how_much_it_brings() {
    let rules = builtin();
    let checked = check(&rules, softgel_and_tablet(), &Profile::default());
    let ul = fired(&checked, "d-above-ul").expect("6,600 IU/day is above the 4,000 IU UL");
    assert_eq!(
        ul.contribution_lines(&checked.regimen),
        ["vitamin D 6,600 IU/day: Softgel A 5,000, Calcium+D tablet 800 × 2"]
    );
    assert!(ul.finding.message.starts_with("6,600 IU/day of vitamin D"));
}

#[test]
fn a_weekly_bolus_stays_visible_inside_the_daily_average() {
    let rules = builtin();
    let r = regimen(vec![
        product(
            label("Weekly 50,000", None, vec![d_iu(50_000.0)]),
            Taken::Every {
                days: 7.0,
                servings: 1.0,
                period: Period::Weekly,
            },
        ),
        product(
            label("Daily 1,000", Some(1.0), vec![d_iu(1_000.0)]),
            Taken::AsLabel,
        ),
    ]);
    let checked = check(&rules, r, &Profile::default());
    let d = checked.total(Quantity::VitaminDIu).expect("total");
    assert!((d.per_day - (50_000.0 / 7.0 + 1_000.0)).abs() < 1e-6);
    assert_eq!(d.heaviest_day, 51_000.0);
    let weekly = &d.contributions[0];
    assert!(weekly.is_bolus());
    assert_eq!(weekly.per_administration(), 50_000.0);
    assert_eq!(
        weekly.describe(),
        "50,000 every 7 days (7,142.86/day on average)"
    );
    assert_eq!(
        checked.regimen.products[0]
            .taken
            .describe(&checked.regimen.products[0].label),
        "1 serving once a week"
    );
    // 8,143 IU/day on average: above the UL, below the caution level.
    assert!(fired(&checked, "d-above-ul").is_some());
    assert!(fired(&checked, "d-above-caution").is_none());
}

#[test]
fn a_label_taken_weekly_by_its_own_directions_is_a_bolus_too() {
    let l = label("Weekly", Some(1.0 / 7.0), vec![d_iu(50_000.0)]);
    let (servings, days) = Taken::AsLabel.administration(&l);
    assert_eq!(servings, 1.0);
    assert!((days - 7.0).abs() < 1e-9);
    assert_eq!(
        Taken::AsLabel.describe(&l),
        "1 serving once a week (as the label says)"
    );
}

#[test]
fn the_same_nutrient_from_two_products_is_noted_separately_at_info() {
    let rules = builtin();
    let checked = check(&rules, softgel_and_tablet(), &Profile::default());
    assert_eq!(checked.duplications.len(), 1);
    let dup = &checked.duplications[0];
    assert_eq!(dup.finding.rule.id, "same-nutrient-several-products");
    assert_eq!(dup.finding.severity(), Severity::Info);
    assert_eq!(
        dup.finding.message,
        "vitamin D from 2 products (Softgel A 5,000 IU/day, Calcium+D tablet 1,600 IU/day)"
    );
    assert_eq!(dup.contributions.len(), 1);
    // One product alone is never a duplication, even with two vitamin D lines.
    let single = regimen(vec![product(
        label("Two D lines", Some(1.0), vec![d_iu(1_000.0), d_mcg(10.0)]),
        Taken::AsLabel,
    )]);
    assert!(
        check(&rules, single, &Profile::default())
            .duplications
            .is_empty()
    );
}

#[test]
fn every_built_in_amount_rule_runs_on_the_total_and_not_per_product() {
    let rules = builtin();
    let amount_rules: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| r.region.is_none() && !r.kind.measures().is_empty())
        .map(|r| r.id.as_str())
        .collect();
    // A new amount rule needs a case below.
    assert_eq!(
        amount_rules,
        [
            "d-above-caution",
            "d-above-caution-child",
            "d-above-ul",
            "d-without-k2",
            "k2-low-dose",
            "k-pharmacological-dose",
            "k2-d-ratio",
            "vka-vitamin-k",
            "calcium-above-ul",
            "magnesium-above-ul",
            "magnesium-infant",
            "pregnancy-breastfeeding",
            "ckd-magnesium",
            "ckd-calcium",
            "condition-vitamin-d-calcium",
            "thiazide-vitamin-d-calcium",
            "digoxin-calcium",
            "digoxin-vitamin-d",
            "levothyroxine-calcium",
            "bisphosphonate-calcium-magnesium",
            "tetracycline-calcium",
            "quinolone-calcium-magnesium"
        ]
    );
    let adult = Profile::default();
    let on_vka = Profile {
        anticoagulant: Anticoagulant::Vka,
        ..Profile::default()
    };
    let d = |name: &str, iu: f64| {
        product(
            label(name, Some(1.0), vec![d_iu(iu), mk7(200.0)]),
            Taken::AsLabel,
        )
    };
    // Each product under the caution level and the UL; together above both.
    let checked = check(
        &rules,
        regimen(vec![d("A", 6_000.0), d("B", 6_000.0)]),
        &adult,
    );
    assert!(fired(&checked, "d-above-caution").is_some());
    let checked = check(
        &rules,
        regimen(vec![d("A", 2_500.0), d("B", 2_500.0)]),
        &adult,
    );
    assert!(fired(&checked, "d-above-ul").is_some());
    // D from one product and K2 from another: the total has both, so no missing companion.
    let only_d = product(
        label("D only", Some(1.0), vec![d_iu(2_000.0)]),
        Taken::AsLabel,
    );
    let only_k2 = product(
        label("K2 only", Some(1.0), vec![mk7(100.0)]),
        Taken::AsLabel,
    );
    let checked = check(
        &rules,
        regimen(vec![only_d.clone(), only_k2.clone()]),
        &adult,
    );
    assert!(fired(&checked, "d-without-k2").is_none());
    let checked = check(
        &rules,
        regimen(vec![only_d.clone(), only_d.clone()]),
        &adult,
    );
    assert!(fired(&checked, "d-without-k2").is_some());
    // 50 mcg K2 each is low alone, 100 together is not.
    let low_k2 = product(label("K2 50", Some(1.0), vec![mk7(50.0)]), Taken::AsLabel);
    let checked = check(&rules, regimen(vec![low_k2.clone()]), &adult);
    assert!(fired(&checked, "k2-low-dose").is_some());
    let checked = check(
        &rules,
        regimen(vec![low_k2.clone(), low_k2.clone()]),
        &adult,
    );
    assert!(fired(&checked, "k2-low-dose").is_none());
    // The ratio on the total: 5,000 IU D with 20 mcg K2 from another product is below 10 per 1,000.
    let k2_20 = product(label("K2 20", Some(1.0), vec![mk7(20.0)]), Taken::AsLabel);
    let d_5000 = product(
        label("D 5,000", Some(1.0), vec![d_iu(5_000.0)]),
        Taken::AsLabel,
    );
    let checked = check(&rules, regimen(vec![d_5000, k2_20]), &adult);
    assert!(fired(&checked, "k2-d-ratio").is_some());
    // Vitamin K from the second product with warfarin.
    let checked = check(&rules, regimen(vec![only_d, only_k2]), &on_vka);
    let vka = fired(&checked, "vka-vitamin-k").expect("fires on the total");
    assert_eq!(
        vka.contribution_lines(&checked.regimen),
        ["K2 as MK-7 100 mcg/day: K2 only 100"]
    );
    // Calcium 1,200 + 1,200 mg for someone aged 60 (UL 2,000).
    let ca = |name: &str| {
        product(
            label(name, Some(1.0), vec![calcium(1_200.0)]),
            Taken::AsLabel,
        )
    };
    let sixty = Profile {
        age_years: Some(60.0),
        ..Profile::default()
    };
    let checked = check(&rules, regimen(vec![ca("Ca 1")]), &sixty);
    assert!(fired(&checked, "calcium-above-ul").is_none());
    let checked = check(&rules, regimen(vec![ca("Ca 1"), ca("Ca 2")]), &sixty);
    assert!(fired(&checked, "calcium-above-ul").is_some());
    // Magnesium 200 + 200 mg (UL 350 from supplements).
    let mg = |name: &str| {
        product(
            label(name, Some(1.0), vec![magnesium(200.0)]),
            Taken::AsLabel,
        )
    };
    let checked = check(&rules, regimen(vec![mg("Mg 1"), mg("Mg 2")]), &adult);
    assert!(fired(&checked, "magnesium-above-ul").is_some());
    for id in &amount_rules {
        assert!(!product_fired(&checked, id), "{id} ran per product");
    }
    // A child of 5 (UL 3,000 IU, caution above twice that): 3,500 IU twice is 7,000 IU.
    let five = Profile {
        age_years: Some(5.0),
        ..Profile::default()
    };
    let checked = check(&rules, regimen(vec![d("A", 3_500.0)]), &five);
    assert!(fired(&checked, "d-above-caution-child").is_none());
    let checked = check(
        &rules,
        regimen(vec![d("A", 3_500.0), d("B", 3_500.0)]),
        &five,
    );
    assert!(fired(&checked, "d-above-caution-child").is_some());
    // 600 mcg of K2 twice is above 1 mg.
    let k600 = |name: &str| product(label(name, Some(1.0), vec![mk7(600.0)]), Taken::AsLabel);
    let checked = check(&rules, regimen(vec![k600("K 1")]), &adult);
    assert!(fired(&checked, "k-pharmacological-dose").is_none());
    let checked = check(&rules, regimen(vec![k600("K 1"), k600("K 2")]), &adult);
    assert!(fired(&checked, "k-pharmacological-dose").is_some());
    // The person's rules judge the total too: magnesium from the second product, with CKD.
    let ckd = Profile {
        conditions: vec![crate::profile::Condition::Ckd],
        ..Profile::default()
    };
    let checked = check(&rules, regimen(vec![d("A", 1_000.0), mg("Mg 1")]), &ckd);
    assert!(fired(&checked, "ckd-magnesium").is_some());
    for id in &amount_rules {
        assert!(!product_fired(&checked, id), "{id} ran per product");
    }
}

#[test]
fn form_and_carrier_rules_still_run_per_product() {
    let rules = builtin();
    let mut dry = label("Dry tablet", Some(1.0), vec![d_iu(1_000.0), mk7(100.0)]);
    dry.other_ingredients = vec!["microcrystalline cellulose".into()];
    let checked = check(
        &rules,
        regimen(vec![
            product(dry, Taken::AsLabel),
            product(
                label("Oil softgel", Some(1.0), vec![d_iu(1_000.0)]),
                Taken::AsLabel,
            ),
        ]),
        &Profile::default(),
    );
    assert!(
        checked.products[0]
            .findings
            .iter()
            .any(|f| f.rule.id == "no-oil-carrier")
    );
    assert!(
        !checked.products[1]
            .findings
            .iter()
            .any(|f| f.rule.id == "no-oil-carrier")
    );
}

#[test]
fn the_person_table_is_the_profile_and_the_command_line_overrides_it() {
    let r = Regimen {
        person: Some(Profile {
            age_years: Some(70.0),
            anticoagulant: Anticoagulant::Vka,
            ..Profile::default()
        }),
        ..Regimen::default()
    };
    assert_eq!(
        profile_for(&r, &Profile::default()),
        r.person.clone().expect("person")
    );
    let cli = Profile {
        age_years: Some(40.0),
        ..Profile::default()
    };
    assert_eq!(profile_for(&r, &cli).age_years, Some(40.0));
    assert_eq!(profile_for(&r, &cli).anticoagulant, Anticoagulant::Vka);
}

// --- regimen.toml --------------------------------------------------------------------------

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

const SOFTGEL: &str = "name = \"Softgel A\"\nservings_per_day = 1\nother_ingredients = [\"olive oil\"]\n\
    [[ingredient]]\nname = \"Vitamin D3\"\namount = 5000\nunit = \"IU\"\n";

#[test]
fn a_regimen_file_reads_paths_inline_labels_schedules_and_the_person() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "softgel.toml", SOFTGEL);
    write(
        dir.path(),
        "regimen.toml",
        r#"name = "J. Doe"

[person]
age = 72
anticoagulant = "none"

[[product]]
label = "softgel.toml"
reason = "low vitamin D, started by GP"

[[product]]
schedule = "weekly"
[product.label]
name = "Weekly 50,000"
[[product.label.ingredient]]
name = "Vitamin D3"
amount = 1.25
unit = "mg"

[[product]]
label = "softgel.toml"
schedule = { every_days = 10, servings = 2 }
"#,
    );
    let loaded = load_regimen_file(&dir.path().join("regimen.toml")).expect("loads");
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let r = &loaded.regimen;
    assert_eq!(r.name.as_deref(), Some("J. Doe"));
    assert_eq!(r.person.as_ref().and_then(|p| p.age_years), Some(72.0));
    assert_eq!(r.products.len(), 3);
    assert_eq!(
        r.products[0].reason.as_deref(),
        Some("low vitamin D, started by GP")
    );
    assert!(r.products[0].file.ends_with("softgel.toml"));
    assert_eq!(r.products[1].label.name, "Weekly 50,000");
    assert!(matches!(r.products[1].taken, Taken::Every { days, .. } if days == 7.0));
    assert_eq!(
        r.products[2].taken.describe(&r.products[2].label),
        "2 servings every 10 days"
    );
}

#[test]
fn bad_products_are_errors_at_their_line_and_column_and_the_others_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "softgel.toml", SOFTGEL);
    write(
        dir.path(),
        "broken.toml",
        "name = \"Broken\"\n[[ingredient]]\nname = \"D3\"\namount = -5\nunit = \"IU\"\n",
    );
    write(
        dir.path(),
        "regimen.toml",
        r#"[[product]]
label = "missing.toml"

[[product]]
label = "broken.toml"

[[product]]
label = "softgel.toml"
schedule = { every_days = 0 }

[[product]]
label = "softgel.toml"
schedule = { every_days = -7 }

[[product]]
label = "softgel.toml"
servings_per_day = 0

[[product]]
label = "softgel.toml"
dose = 2
"#,
    );
    let loaded = load_regimen_file(&dir.path().join("regimen.toml")).expect("loads");
    assert!(loaded.regimen.products.is_empty());
    let placed: Vec<(String, usize, usize, String)> = loaded
        .errors
        .iter()
        .map(|d| {
            let file = Path::new(&d.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, d.line, d.column, d.message.clone())
        })
        .collect();
    let at = |file: &str, line: usize, words: &str| {
        assert!(
            placed
                .iter()
                .any(|(f, l, _, m)| f == file && *l == line && m.contains(words)),
            "no error at {file}:{line} saying {words:?} in {placed:#?}"
        );
    };
    at("regimen.toml", 2, "cannot read the label");
    at("broken.toml", 4, "amount must be greater than 0");
    at("regimen.toml", 5, "could not be read");
    at(
        "regimen.toml",
        9,
        "`every_days` must be greater than 0 (found 0)",
    );
    at(
        "regimen.toml",
        13,
        "`every_days` must be greater than 0 (found -7)",
    );
    at(
        "regimen.toml",
        17,
        "servings_per_day must be greater than 0",
    );
    at("regimen.toml", 21, "unknown key `dose`");
    // Columns point at the value.
    let missing = &loaded.errors[0];
    assert_eq!((missing.line, missing.column), (2, 9));
}

#[test]
fn a_cycle_of_regimen_files_is_an_error_and_the_rest_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "softgel.toml", SOFTGEL);
    write(
        dir.path(),
        "a.toml",
        "[[product]]\nlabel = \"softgel.toml\"\n\n[[product]]\nlabel = \"b.toml\"\n",
    );
    write(
        dir.path(),
        "b.toml",
        "[[product]]\nlabel = \"softgel.toml\"\n\n[[product]]\nlabel = \"a.toml\"\n",
    );
    let loaded = load_regimen_file(&dir.path().join("a.toml")).expect("loads");
    assert_eq!(
        loaded.regimen.products.len(),
        2,
        "a's softgel and b's softgel"
    );
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    let e = &loaded.errors[0];
    assert!(e.file.ends_with("b.toml"), "{e:?}");
    assert_eq!((e.line, e.column), (5, 9));
    assert!(e.message.contains("include each other"), "{}", e.message);
    assert!(e.message.contains("a.toml → "), "{}", e.message);
}

#[test]
fn an_unknown_key_or_a_bad_person_stops_the_regimen_with_its_place() {
    let text = "[person]\nage = -3\n\n[[product]]\nlabel = \"x.toml\"\n\n[regimen]\n";
    let err = parse_regimen_text("r.toml", text, Path::new(".")).expect_err("refused");
    let places: Vec<(usize, usize)> = err.0.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(places, [(2, 7), (7, 2)], "{err}");
    assert!(err.0[1].message.contains("unknown key `regimen`"), "{err}");
}

#[test]
fn regimen_text_is_told_from_a_label_by_its_product_tables() {
    assert!(is_regimen_text("[[product]]\nlabel = \"a.toml\"\n"));
    assert!(!is_regimen_text(SOFTGEL));
    assert!(!is_regimen_text("name = \"product of the year\"\n"));
}

#[test]
fn each_product_knows_the_product_table_it_came_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "softgel.toml", SOFTGEL);
    write(
        dir.path(),
        "inner.toml",
        "[[product]]\nlabel = \"softgel.toml\"\n\n[[product]]\nlabel = \"softgel.toml\"\n",
    );
    write(
        dir.path(),
        "regimen.toml",
        "[[product]]\nlabel = \"missing.toml\"\n\n[[product]]\nlabel = \"inner.toml\"\n\n[[product]]\nlabel = \"softgel.toml\"\n",
    );
    let loaded = load_regimen_file(&dir.path().join("regimen.toml")).expect("loads");
    assert_eq!(loaded.regimen.products.len(), 3);
    // The missing file (table 0) brings nothing; the nested regimen (table 1) two products.
    assert_eq!(loaded.sources, vec![1, 1, 2]);
}

#[test]
fn vitamin_k_of_unstated_form_is_totalled_on_its_own_line_and_counts_for_vitamin_k() {
    let rules = builtin();
    let vitamin_k = |mcg| Ingredient::new("Vitamin K", None, mcg, Unit::Mcg);
    let r = regimen(vec![
        product(
            label("Multi", Some(1.0), vec![vitamin_k(600.0)]),
            Taken::AsLabel,
        ),
        product(
            label("K2 drops", Some(1.0), vec![mk7(400.1)]),
            Taken::AsLabel,
        ),
    ]);
    let vka = Profile {
        anticoagulant: Anticoagulant::Vka,
        ..Profile::default()
    };
    let checked = check(&rules, r, &vka);
    assert_eq!(
        checked
            .total(Quantity::KUnspecifiedMcg)
            .expect("its own total")
            .per_day,
        600.0
    );
    assert_eq!(
        checked.total(Quantity::K2Mk7Mcg).expect("MK-7").per_day,
        400.1
    );
    assert!(checked.total(Quantity::K2UnspecifiedMcg).is_none());
    // 600 + 400.1 mcg of vitamin K is above 1 mg only together.
    let mg = fired(&checked, "k-pharmacological-dose").expect("the total is above 1 mg");
    let lines = mg.contribution_lines(&checked.regimen);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("vitamin K (form not stated) 600 mcg/day: Multi")),
        "{lines:?}"
    );
    let warfarin = fired(&checked, "vka-vitamin-k").expect("fires with a VKA");
    assert!(
        warfarin
            .finding
            .message
            .contains("vitamin K (form not stated) 600 mcg/day"),
        "{}",
        warfarin.finding.message
    );
    assert!(product_fired(&checked, "k-form-unspecified"));
}

#[test]
fn vitamin_k_of_unstated_form_from_two_products_is_noted_as_such() {
    let rules = builtin();
    let vitamin_k = |mcg| Ingredient::new("Vitamin K", None, mcg, Unit::Mcg);
    let r = regimen(vec![
        product(
            label("Multi", Some(1.0), vec![vitamin_k(60.0)]),
            Taken::AsLabel,
        ),
        product(
            label("Bone", Some(1.0), vec![vitamin_k(40.0)]),
            Taken::AsLabel,
        ),
    ]);
    let checked = check(&rules, r, &Profile::default());
    let same = checked
        .duplications
        .iter()
        .find(|f| f.finding.rule.id == "same-nutrient-several-products")
        .expect("noted");
    assert!(
        same.finding
            .message
            .starts_with("vitamin K (form not stated) from 2 products"),
        "{}",
        same.finding.message
    );
    assert!(
        !same.finding.message.contains("K2"),
        "{}",
        same.finding.message
    );
}
