//! `labelcheck survey` on a small known corpus (tests/dsld): its figures in JSON, CSV and text.

use assert_cmd::Command;
use serde_json::Value;

fn labelcheck() -> Command {
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary");
    // A user's saved rules must never leak into a test.
    let home = tempfile::tempdir().expect("temp dir").keep();
    cmd.env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("LABELCHECK_RULES")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn survey_json(args: &[&str]) -> Value {
    let out = labelcheck()
        .args(["survey", "--format", "json"])
        .args(args)
        .arg("tests/dsld")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "3 records or files cannot be read"
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn rule(json: &Value, id: &str) -> u64 {
    json["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == id)
        .and_then(|r| r["labels"].as_u64())
        .unwrap_or_else(|| panic!("rule {id}"))
}

#[test]
fn the_survey_counts_labels_read_and_failed() {
    let json = survey_json(&[]);
    assert_eq!(json["labels_read"], 8);
    assert_eq!(json["labels_failed"], 3);
    let errors: Vec<&str> = json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(errors[0].contains("ingredientRows[0].quantity[0].quantity"));
    assert!(errors[1].contains("missing field `unit`"));
    assert!(errors[2].contains("ends in the middle of a record"));
}

#[test]
fn the_survey_bands_vitamin_d_per_day_and_counts_the_unknown_apart() {
    let json = survey_json(&[]);
    let d = &json["vitamin_d_per_day"];
    assert_eq!(d["labels_with_vitamin_d"], 5);
    assert_eq!(d["labels_vitamin_d_unknown"], 1, "the NP amount is not a 0");
    let bands: Vec<u64> = d["bands"]
        .as_array()
        .expect("bands")
        .iter()
        .filter_map(|b| b["labels"].as_u64())
        .collect();
    assert_eq!(bands, vec![3, 0, 0, 2, 0]);
}

#[test]
fn the_survey_counts_rules_k2_forms_carriers_and_lists_the_top_labels() {
    let json = survey_json(&["--top", "3"]);
    assert_eq!(rule(&json, "d-above-ul"), 2);
    assert_eq!(rule(&json, "claim-disease"), 1);
    assert_eq!(
        json["k2_forms"],
        serde_json::json!({"MK-4": 1, "MK-7": 1, "unstated form": 1})
    );
    assert_eq!(
        json["carriers"],
        serde_json::json!({"none": 2, "oil": 3, "unknown": 3})
    );
    assert_eq!(json["off_market"], 1);
    let top: Vec<&str> = json["top_vitamin_d_per_day"]
        .as_array()
        .expect("top")
        .iter()
        .filter_map(|t| t["file"].as_str())
        .collect();
    assert_eq!(
        top,
        vec![
            "tests/dsld/mixed.jsonl [DSLD 900010]",
            "tests/dsld/d3-k2-softgel.json [DSLD 900001]",
            "tests/dsld/traps.json [DSLD 900004]"
        ]
    );
}

#[test]
fn the_age_chooses_the_serving_column_and_the_limits() {
    let json = survey_json(&["--age", "2"]);
    // The drops' children 1-3 column (400 IU) is read instead of the 4 + column (800 IU);
    // both are in the lowest band, so the figures per band stay.
    assert_eq!(json["profile"]["age"], 2.0);
    assert_eq!(json["vitamin_d_per_day"]["labels_with_vitamin_d"], 5);
    let out = labelcheck()
        .args([
            "survey",
            "--format",
            "json",
            "--age",
            "2",
            "tests/dsld/traps.json",
        ])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let top = &json["top_vitamin_d_per_day"][1];
    assert_eq!(top["file"], "tests/dsld/traps.json [DSLD 900002]");
    assert_eq!(top["vitamin_d_iu_per_day"], 400.0);
}

#[test]
fn the_csv_has_a_row_per_figure() {
    let out = labelcheck()
        .args(["survey", "--format", "csv", "tests/dsld"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "section,item,labels,share,detail");
    assert!(lines.contains(&"labels,read,8,,"), "{text}");
    assert!(
        lines.contains(&"vitamin_d_per_day,\"≤ 1,000 IU\",3,0.600000,"),
        "{text}"
    );
    assert!(lines.contains(&"k2_form,MK-7,1,0.333333,"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("top_vitamin_d_per_day,\"D3 10,000 IU\",,,10000 IU/day;")),
        "{text}"
    );
}

#[test]
fn the_text_draws_bars_and_lists_errors_on_standard_error() {
    let out = labelcheck()
        .args(["survey", "tests/dsld"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.starts_with("Survey of 8 label(s) read; 3 record(s) or file(s) could not be read"),
        "{text}"
    );
    assert!(
        text.contains("  ≤ 1,000 IU   3   60.0%  ██████████████████████████████\n"),
        "{text}"
    );
    assert!(text.contains("  > 10,000 IU  0    0.0%  \n"), "{text}");
    let errors = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(errors.lines().count(), 3, "{errors}");
    assert!(
        errors.contains("(DSLD id 900012): ingredientRows[3].quantity[0]: missing field `unit`")
    );
}

#[test]
fn survey_reads_label_files_and_text_too() {
    let out = labelcheck()
        .args(["survey", "--format", "json", "examples"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(json["labels_read"].as_u64().is_some_and(|n| n >= 10));
    assert_eq!(json["labels_failed"], 0);
}

#[test]
fn import_prints_a_dsld_record_as_a_label_file_with_its_provenance() {
    let out = labelcheck()
        .args(["import", "tests/dsld/d3-k2-softgel.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let toml = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(toml.contains("DSLD label 900001"), "{toml}");
    assert!(
        toml.contains("# from servingSizes[0].maxDailyServings = 1\nservings_per_day = 1\n"),
        "{toml}"
    );
    assert!(
        toml.contains("# from ingredientRows[0].quantity[0]: Vitamin D3 125 mcg\n[[ingredient]]\n"),
        "{toml}"
    );
    assert!(
        toml.contains("#   Vitamin D3: 625% (Adults and children 4 or more years of age)"),
        "{toml}"
    );
    let label = labelcheck::parse_label_text("import", &toml).expect("a valid label file");
    assert_eq!(label.ingredients.len(), 2);
    // Several records: the id chooses one.
    let out = labelcheck()
        .args(["import", "tests/dsld/traps.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds 3 DSLD records"));
    let out = labelcheck()
        .args(["import", "--id", "900004", "tests/dsld/traps.json"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("name = \"Vitamin D 1000 IU (old label)\"")
    );
}

#[test]
fn check_names_each_dsld_record_and_its_notes() {
    let out = labelcheck()
        .args(["check", "--format", "json", "tests/dsld/traps.json"])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let results = json["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    assert_eq!(results[1]["file"], "tests/dsld/traps.json [DSLD 900003]");
    assert!(
        results[1]["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("not provided (NP)"))
    );
    assert!(results[0].get("notes").is_none());
}
