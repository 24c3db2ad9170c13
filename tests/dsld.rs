//! Reading DSLD label records: every mapping rule, bad records, and the three container shapes.

use std::path::Path;

use labelcheck::dsld::{self, DsldLabel, map_record, parse_record};
use labelcheck::label::{DForm, Intake, K2Form, Nutrient, Unit};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/dsld")
        .join(name)
}

fn record(file: &str, id: u64, age: Option<f64>) -> DsldLabel {
    let (labels, _) = dsld::load_file(&fixture(file), age);
    labels
        .into_iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("record {id} in {file}"))
}

fn from_json(text: &str) -> DsldLabel {
    map_record(&parse_record(text).expect("parses"), None)
}

#[test]
fn an_amount_not_provided_is_unknown_never_zero_and_says_which_rules_were_not_applied() {
    let d = record("traps.json", 900003, None);
    assert!(
        d.label
            .ingredients
            .iter()
            .all(|i| !matches!(i.nutrient(), Nutrient::VitaminD(_))),
        "{:?}",
        d.label.ingredients
    );
    assert!(d.label.ingredients.iter().all(|i| i.amount > 0.0));
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert!(d.warnings[0].contains("ingredientRows[0].quantity[0]"));
    assert!(d.warnings[0].contains("not provided (NP)"));
    assert!(d.warnings[0].contains("vitamin D dose rules"));
    // An unchecked ingredient not provided is listed as not used, not warned about.
    assert!(
        d.skipped
            .iter()
            .any(|s| s.contains("\"Boron\"") && s.contains("NP"))
    );
}

#[test]
fn the_adult_serving_column_is_read_unless_the_age_says_otherwise() {
    let adult = record("traps.json", 900002, None);
    assert_eq!(adult.column.order, 2);
    assert_eq!(adult.column.of, 2);
    assert_eq!(adult.label.ingredients[0].amount, 800.0);
    assert_eq!(adult.label.serving_size.as_deref(), Some("2 Drop(s)"));
    let child = record("traps.json", 900002, Some(2.0));
    assert_eq!(child.column.order, 1);
    assert_eq!(
        child.column.group.as_deref(),
        Some("Children 1 to 3 years of age")
    );
    assert_eq!(child.label.ingredients[0].amount, 400.0);
    // Ten years old: the 4 + column.
    assert_eq!(record("traps.json", 900002, Some(10.0)).column.order, 2);
}

#[test]
fn columns_with_no_target_group_for_the_person_are_warned_about() {
    let d = from_json(
        r#"{"id": 1, "fullName": "Two columns", "ingredientRows": [{"name": "Vitamin D3",
        "quantity": [{"servingSizeOrder": 1, "quantity": 10, "unit": "mcg"},
                     {"servingSizeOrder": 2, "quantity": 20, "unit": "mcg"}]}]}"#,
    );
    assert_eq!(d.column.order, 1);
    assert!(
        d.warnings
            .iter()
            .any(|w| w.contains("2 serving columns") && w.contains("column 1")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn nested_rows_are_counted_once() {
    let d = record("traps.json", 900003, None);
    let intake = Intake::from_label(&d.label);
    // "Vitamin K" 120 mcg is the total of its nested K1 20 mcg and K2 (MK-4) 100 mcg.
    assert_eq!(intake.per_serving.k1_mcg, 20.0);
    assert_eq!(intake.per_serving.k2_mk4_mcg, 100.0);
    assert_eq!(intake.per_serving.k2_unspecified_mcg, 0.0);
    assert_eq!(intake.per_serving.k_unspecified_mcg, 0.0);
    assert!(
        d.skipped
            .iter()
            .any(|s| s.starts_with("ingredientRows[1] \"Vitamin K\"")),
        "{:?}",
        d.skipped
    );
    assert!(
        d.ingredient_sources
            .iter()
            .any(|s| s.starts_with("ingredientRows[1].nestedRows[1].quantity[0]"))
    );
}

#[test]
fn a_parent_row_counts_when_its_nested_rows_declare_no_amount_of_it() {
    let d = from_json(
        r#"{"id": 2, "fullName": "K total", "ingredientRows": [{"name": "Vitamin K",
        "quantity": [{"quantity": 100, "unit": "mcg"}],
        "nestedRows": [{"name": "Vitamin K2", "forms": [{"name": "Menaquinone-7"}],
                        "quantity": [{"quantity": 0, "unit": "NP"}]}]}]}"#,
    );
    assert_eq!(d.label.ingredients.len(), 1);
    assert_eq!(d.label.ingredients[0].name, "Vitamin K");
    assert!(d.warnings.iter().any(|w| w.contains("nestedRows[0]")));
    // The parent names no form and its nested row's share is unknown: vitamin K, not K2.
    let intake = Intake::from_label(&d.label);
    assert_eq!(intake.per_serving.k_unspecified_mcg, 100.0);
    assert_eq!(intake.per_serving.k2_total_mcg(), 0.0);
}

#[test]
fn a_vitamin_k_row_takes_its_form_from_the_forms_list_or_stays_vitamin_k() {
    let d = from_json(
        r#"{"id": 3, "fullName": "K", "ingredientRows": [
        {"name": "Vitamin K", "forms": [], "quantity": [{"quantity": 90, "unit": "mcg"}]},
        {"name": "Vitamin K", "forms": [{"name": "Menaquinone-7"}],
         "quantity": [{"quantity": 45, "unit": "mcg"}]}]}"#,
    );
    assert_eq!(d.label.ingredients[0].nutrient(), Nutrient::KUnspecified);
    assert_eq!(d.label.ingredients[1].nutrient(), Nutrient::K2(K2Form::Mk7));
    let intake = Intake::from_label(&d.label);
    assert_eq!(intake.per_serving.k_unspecified_mcg, 90.0);
    assert_eq!(intake.per_serving.k2_mk7_mcg, 45.0);
}

#[test]
fn old_labels_in_iu_and_new_ones_in_mcg_give_the_same_per_day_figure() {
    let iu = record("traps.json", 900004, None);
    assert_eq!(iu.label.ingredients[0].unit, Unit::Iu);
    assert_eq!(Intake::from_label(&iu.label).per_day.vitamin_d_iu, 1_000.0);
    let mcg = record("d3-k2-softgel.json", 900001, None);
    assert_eq!(mcg.label.ingredients[0].unit, Unit::Mcg);
    assert_eq!(Intake::from_label(&mcg.label).per_day.vitamin_d_iu, 5_000.0);
}

#[test]
fn forms_come_from_the_forms_list() {
    let d = record("d3-k2-softgel.json", 900001, None);
    assert_eq!(
        d.label.ingredients[0].form.as_deref(),
        Some("Cholecalciferol")
    );
    assert_eq!(
        d.label.ingredients[0].nutrient(),
        Nutrient::VitaminD(DForm::D3)
    );
    assert_eq!(d.label.ingredients[1].nutrient(), Nutrient::K2(K2Form::Mk7));
    let d2 = record("traps.json", 900004, None);
    assert_eq!(
        d2.label.ingredients[0].nutrient(),
        Nutrient::VitaminD(DForm::D2)
    );
    let k = record("traps.json", 900003, None);
    assert_eq!(k.label.ingredients[0].nutrient(), Nutrient::K1);
    assert_eq!(k.label.ingredients[1].nutrient(), Nutrient::K2(K2Form::Mk4));
}

#[test]
fn directions_claims_and_the_disclaimer_come_from_the_statements() {
    let d = record("d3-k2-softgel.json", 900001, None);
    assert_eq!(
        d.label.directions.as_deref(),
        Some("Take 1 softgel daily with a meal.")
    );
    assert_eq!(
        d.label.claims,
        vec!["Supports healthy bones and arteries.*"]
    );
    assert!(
        d.label
            .disclaimer
            .as_deref()
            .is_some_and(|t| t.contains("not been evaluated by the Food and Drug Administration"))
    );
    // A precaution and the statement of identity are not claims.
    assert!(!d.label.claims.iter().any(|c| c.contains("anticoagulants")));
    assert_eq!(d.claim_categories, vec!["Structure/Function"]);
}

#[test]
fn the_carrier_comes_from_the_other_ingredients_list_or_text() {
    let d = record("d3-k2-softgel.json", 900001, None);
    assert_eq!(
        d.label.other_ingredients,
        vec!["Extra Virgin Olive Oil", "Gelatin", "Glycerin"]
    );
    assert_eq!(
        Intake::from_label(&d.label).carrier,
        labelcheck::label::Carrier::Oil
    );
    let text = record("traps.json", 900004, None);
    assert_eq!(
        text.label.other_ingredients,
        vec!["Dicalcium Phosphate", "Cellulose"]
    );
}

#[test]
fn daily_servings_come_from_max_daily_servings() {
    let d = record("traps.json", 900003, None);
    assert_eq!(d.label.servings_per_day, Some(2.0));
    assert!(
        d.sources.iter().any(
            |(k, v)| *k == "servings_per_day" && v.contains("servingSizes[0].maxDailyServings")
        )
    );
    assert_eq!(
        Intake::from_label(&d.label).per_day.calcium_mg,
        1_000.0,
        "500 mg elemental calcium twice a day"
    );
}

#[test]
fn a_serving_of_several_units_scales_amounts_given_per_unit() {
    let d = from_json(
        r#"{"id": 3, "fullName": "Per capsule", "servingSizes": [{"order": 1, "minQuantity": 2,
        "maxQuantity": 2, "maxDailyServings": 1, "unit": "Capsule(s)"}],
        "ingredientRows": [{"name": "Vitamin D3", "quantity": [{"servingSizeOrder": 1,
        "servingSizeQuantity": 1, "quantity": 25, "unit": "mcg"}]}]}"#,
    );
    assert_eq!(d.label.servings_per_day, Some(2.0));
    assert_eq!(Intake::from_label(&d.label).per_day.vitamin_d_iu, 2_000.0);
}

#[test]
fn the_printed_percent_daily_value_is_kept_with_its_target_group() {
    let d = record("label-25-api-docs.json", 25, None);
    assert_eq!(d.daily_values.len(), 1);
    assert_eq!(d.daily_values[0].percent, 1000.0);
    assert_eq!(
        d.daily_values[0].group.as_deref(),
        Some("Adults and children 4 or more years of age")
    );
}

#[test]
fn a_salt_weight_and_an_inexact_amount_are_warned_about_not_guessed() {
    let d = from_json(
        r#"{"id": 4, "fullName": "Salt", "ingredientRows": [
        {"name": "Calcium Carbonate", "quantity": [{"quantity": 1250, "unit": "mg"}]},
        {"name": "Vitamin D3", "quantity": [{"operator": "<", "quantity": 25, "unit": "mcg"}]},
        {"name": "Vitamin D3", "quantity": [{"quantity": 5, "unit": "mcg DFE"}]}]}"#,
    );
    assert!(d.label.ingredients.is_empty(), "{:?}", d.label.ingredients);
    let rows: Vec<&String> = d
        .warnings
        .iter()
        .filter(|w| w.starts_with("ingredientRows"))
        .collect();
    assert_eq!(rows.len(), 3, "{:?}", d.warnings);
    assert!(rows[0].contains("salt's weight"));
    assert!(rows[1].contains("\"< 25 mcg\""));
    assert!(rows[2].contains("unit \"mcg DFE\""));
    assert!(d.warnings[0].contains("no servingSizes: 1 serving a day is assumed"));
}

#[test]
fn wrong_types_and_missing_fields_name_the_json_path() {
    let (labels, errors) = dsld::load_file(&fixture("mixed.jsonl"), None);
    assert_eq!(
        labels.iter().map(|l| l.id).collect::<Vec<_>>(),
        vec![900010, 900013],
        "the other records go on"
    );
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "tests/dsld/mixed.jsonl:2:1: record 2 (line 2) (DSLD id 900011): ingredientRows[0].quantity[0].quantity: invalid type: string \"lots\", expected f64"
                .replace("tests/dsld/mixed.jsonl", &labelcheck::diagnostic::display_path(&fixture("mixed.jsonl"))),
            "tests/dsld/mixed.jsonl:4:1: record 3 (line 4) (DSLD id 900012): ingredientRows[3].quantity[0]: missing field `unit`"
                .replace("tests/dsld/mixed.jsonl", &labelcheck::diagnostic::display_path(&fixture("mixed.jsonl"))),
        ]
    );
    let missing = parse_record(r#"{"id": 5, "ingredientRows": []}"#).unwrap_err();
    assert_eq!(missing.to_string(), "missing field `fullName`");
    let id = parse_record(r#"{"id": "x", "fullName": "a", "ingredientRows": []}"#).unwrap_err();
    assert_eq!(id.path, "id");
}

#[test]
fn a_cut_short_file_keeps_the_records_before_the_cut() {
    let (labels, errors) = dsld::load_file(&fixture("truncated.json"), None);
    assert_eq!(labels.len(), 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.contains("ends in the middle of a record"));
}

#[test]
fn a_single_record_an_array_and_json_lines_are_all_read() {
    let count = |f: &str| dsld::load_file(&fixture(f), None).0.len();
    assert_eq!(count("d3-k2-softgel.json"), 1);
    assert_eq!(count("traps.json"), 3);
    assert_eq!(count("mixed.jsonl"), 2);
    let dir = tempfile::tempdir().expect("temp dir");
    let concatenated = dir.path().join("two.json");
    let one = std::fs::read_to_string(fixture("d3-k2-softgel.json")).expect("fixture");
    std::fs::write(&concatenated, format!("{one}\n{one}")).expect("write");
    assert_eq!(dsld::load_file(&concatenated, None).0.len(), 2);
    let not_json = dir.path().join("x.json");
    std::fs::write(&not_json, "hello").expect("write");
    let (labels, errors) = dsld::load_file(&not_json, None);
    assert!(labels.is_empty());
    assert!(errors[0].message.contains("not DSLD label JSON"));
}

#[test]
fn the_printed_dv_its_population_and_the_other_statements_reach_the_label() {
    use labelcheck::label::{DvPopulation, PrintedPercent};
    let d = record("d3-k2-softgel.json", 900001, None);
    assert_eq!(
        d.label.ingredients[0].printed.dv,
        Some(PrintedPercent::Value(625.0))
    );
    assert_eq!(d.label.dv_population, Some(DvPopulation::Adults));
    assert_eq!(
        d.label.statements,
        Some(vec![
            "Dietary Supplement".to_string(),
            "Consult your doctor if you take anticoagulants.".to_string()
        ])
    );
    let child = record("traps.json", 900002, Some(2.0));
    assert_eq!(child.label.dv_population, Some(DvPopulation::Children1To3));
    assert_eq!(
        child.label.ingredients[0].printed.dv,
        Some(PrintedPercent::Value(67.0))
    );
    // A record without statements leaves them unknown, so required-statement rules say
    // "not checked" rather than fire.
    assert_eq!(
        record("label-25-api-docs.json", 25, None).label.statements,
        None
    );
}

#[test]
fn target_groups_give_the_labels_target_ages_or_a_warning_never_a_guess() {
    let d = record("d3-k2-softgel.json", 900001, None);
    assert_eq!(d.label.target_age_min, Some(18.0));
    assert_eq!(d.label.target_age_max, Some(50.0));
    assert!(
        d.sources
            .iter()
            .any(|(k, v)| *k == "target_age_min" && v.contains("Adult (18 - 50 Years)")),
        "{:?}",
        d.sources
    );
    let with_groups = |groups: &str| {
        from_json(&format!(
            r#"{{"id": 1, "fullName": "D3", "ingredientRows": [], "targetGroups": {groups}}}"#
        ))
    };
    // Several groups: from the youngest, to no upper age when one is open-ended.
    let d = with_groups(
        r#"["Children (4 - 17 Years)", "Adult (18 - 50 Years)", "Senior (51+ Years)"]"#,
    );
    assert_eq!(
        (d.label.target_age_min, d.label.target_age_max),
        (Some(4.0), None)
    );
    let d = with_groups(r#"["Infants (0 - 12 Months)"]"#);
    assert_eq!(
        (d.label.target_age_min, d.label.target_age_max),
        (Some(0.0), Some(1.0))
    );
    // Groups that are not ages are passed over; an age group without ages is a warning.
    let d = with_groups(r#"["Pregnant Women", "Vegetarian"]"#);
    assert_eq!(d.label.target_age_min, None);
    assert!(
        !d.warnings.iter().any(|w| w.contains("targetGroups")),
        "{:?}",
        d.warnings
    );
    let d = with_groups(r#"["Children"]"#);
    assert_eq!(d.label.target_age_min, None);
    assert!(
        d.warnings
            .iter()
            .any(|w| w.contains("targetGroups \"Children\"")),
        "{:?}",
        d.warnings
    );
}
