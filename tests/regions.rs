//! Regional label compliance as a formulator uses it: `--region`, the golden labels of each
//! region (one passes cleanly, one trips each rule), the TGA's K2C2D3 case, the builders'
//! known mistakes, the audit trail, "not checked", SARIF and `explain`.

use assert_cmd::Command;
use serde_json::Value;

fn labelcheck() -> Command {
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    // Rules the developer saved are not these tests' rules.
    cmd.env(
        "HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/regions-home"),
    )
    .env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/regions-no-config"),
    )
    .env_remove("LABELCHECK_RULES");
    cmd
}

fn run(args: &[&str]) -> (String, i32) {
    let out = labelcheck().args(args).output().expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

fn json(args: &[&str]) -> Value {
    let (text, _) = run(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The rule ids that fired for the one label checked.
fn fired(region: &str, file: &str) -> Vec<String> {
    let doc = json(&["check", "--region", region, "--format", "json", file]);
    doc["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("id").to_string())
        .collect()
}

/// The built-in rules of a region, from `labelcheck rules --region R --format json`.
fn rules_of(region: &str) -> Vec<String> {
    let doc = json(&["rules", "--region", region, "--format", "json"]);
    doc["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["region"] == region)
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

const REGIONS: [&str; 6] = ["us", "eu", "de", "uk", "au", "ca"];

#[test]
fn each_regions_passing_label_has_no_findings_at_all() {
    for region in REGIONS {
        let file = format!("tests/labels/regions/{region}-pass.toml");
        let (out, code) = run(&["check", "--region", region, &file]);
        assert_eq!(code, 0, "{out}");
        // Canada's high-dose monograph wants vitamin D alone, which the health rules note
        // (d-without-k2); every other passing label has no finding at all.
        if region == "ca" {
            assert!(
                fired(region, &file).iter().all(|id| !id.starts_with("ca-")),
                "{out}"
            );
        } else {
            assert!(out.contains("  no findings"), "{region}: {out}");
        }
    }
}

#[test]
fn each_regions_failing_label_trips_every_rule_of_the_region() {
    for region in REGIONS {
        let rules = rules_of(region);
        assert!(!rules.is_empty(), "{region} has rules");
        let mut tripped: Vec<String> = Vec::new();
        for entry in std::fs::read_dir("tests/labels/regions").expect("folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).expect("name");
            if name.starts_with(&format!("{region}-fail")) {
                tripped.extend(fired(region, path.to_str().expect("utf-8")));
            }
        }
        for id in &rules {
            assert!(
                tripped.contains(id),
                "{region}: no failing golden label trips {id} (tripped: {tripped:?})"
            );
        }
    }
}

#[test]
fn the_k2c2d3_case_trips_both_australian_limits() {
    let ids = fired("au", "tests/labels/regions/au-fail-k2c2d3.toml");
    assert!(ids.contains(&"au-d-above-listed".to_string()), "{ids:?}");
    assert!(ids.contains(&"au-mk7-children".to_string()), "{ids:?}");
    let (out, code) = run(&[
        "check",
        "--region",
        "au",
        "tests/labels/regions/au-fail-k2c2d3.toml",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("41.68 mcg/day of vitamin D is above the 25 mcg/day maximum"),
        "{out}"
    );
    assert!(
        out.contains(
            "167 mcg/day of K2 as MK-7 is above the 45 mcg/day limit for children under 10"
        ),
        "{out}"
    );
}

#[test]
fn without_region_the_regional_rules_stay_silent_and_the_health_rules_do_not() {
    let with = fired("us", "tests/labels/regions/us-fail.toml");
    let doc = json(&[
        "check",
        "--format",
        "json",
        "tests/labels/regions/us-fail.toml",
    ]);
    let without: Vec<&str> = doc["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("id"))
        .collect();
    assert!(
        without.iter().all(|id| !id.starts_with("us-")),
        "{without:?}"
    );
    assert!(
        without.contains(&"d-iu-mass-mismatch"),
        "a health rule, on for everyone"
    );
    assert!(without.contains(&"k2-low-dose"));
    for id in &without {
        assert!(
            with.iter().any(|w| w == id),
            "{id} also fires with --region us"
        );
    }
    assert!(
        doc["results"][0]["not_checked"]
            .as_array()
            .expect("list")
            .is_empty()
    );
}

#[test]
fn the_builders_mistakes_are_findings() {
    let (out, _) = run(&[
        "check",
        "--region",
        "us",
        "tests/labels/regions/us-fail.toml",
    ]);
    // Floor instead of nearest: 12.5 mcg is 62.5 % of 20 mcg, printed 62 %.
    assert!(
        out.contains("Vitamin D3: %DV printed as 62%; 12.5 mcg is 62.5% of the 20 mcg DV, which rounds to 63%"),
        "{out}"
    );
    // A food panel's 5 % step: 200 mg magnesium is 47.62 %, printed 50 %.
    assert!(out.contains("Magnesium: %DV printed as 50%"), "{out}");
    // "<1%" on a vitamin.
    assert!(out.contains("Vitamin K2 prints \"<1%\""), "{out}");
}

#[test]
fn the_text_report_gives_an_audit_trail_per_regional_finding() {
    let (out, _) = run(&[
        "check",
        "--region",
        "us",
        "tests/labels/regions/us-fail.toml",
    ]);
    let trail = out
        .lines()
        .skip_while(|l| !l.contains("us-dv-mismatch"))
        .nth(1)
        .expect("a line after the finding");
    assert!(trail.contains("printed: Vitamin D3: 62%"), "{trail}");
    assert!(
        trail.contains("recomputed: Vitamin D3: 63% (62.5% unrounded)"),
        "{trail}"
    );
    assert!(trail.contains("rule: 21 CFR 101.36(b)(2)"), "{trail}");
}

#[test]
fn missing_information_is_said_and_never_a_finding() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("regions-missing");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("no-columns.toml");
    std::fs::write(
        &file,
        "name = \"Plain D3\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 20\nunit = \"mcg\"\n",
    )
    .expect("write");
    let path = file.to_str().expect("utf-8");
    let (out, code) = run(&["check", "--region", "us", "--region", "eu", path]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("not checked: the label text has no %DV column"),
        "{out}"
    );
    assert!(
        out.contains("not checked: the label text has no %NRV column"),
        "{out}"
    );
    assert!(
        out.contains("eu-do-not-exceed  not checked: the label's printed statements are not known"),
        "{out}"
    );
    let doc = json(&["check", "--region", "us", "--format", "json", path]);
    assert!(
        doc["results"][0]["findings"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        doc["results"][0]["not_checked"][0]["rule"],
        "us-dv-mismatch"
    );
}

#[test]
fn sarif_points_each_finding_at_its_value_in_the_label_file() {
    let doc = json(&[
        "check",
        "--region",
        "us",
        "--format",
        "sarif",
        "tests/labels/regions/us-fail.toml",
    ]);
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let results = run["results"].as_array().expect("results");
    let dv = results
        .iter()
        .find(|r| r["ruleId"] == "us-dv-mismatch")
        .expect("the %DV finding");
    let location = &dv["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/labels/regions/us-fail.toml"
    );
    let text = std::fs::read_to_string("tests/labels/regions/us-fail.toml").expect("label");
    let line = location["region"]["startLine"].as_u64().expect("line") as usize;
    let column = location["region"]["startColumn"].as_u64().expect("column") as usize;
    let printed = text.lines().nth(line - 1).expect("the line");
    assert_eq!(&printed[column - 1..], "62", "{printed}");
    assert_eq!(dv["level"], "warning");
    let index = dv["ruleIndex"].as_u64().expect("index") as usize;
    let rule = &run["tool"]["driver"]["rules"][index];
    assert_eq!(rule["id"], "us-dv-mismatch");
    let help = rule["help"]["text"].as_str().expect("help");
    assert!(
        help.starts_with("Regulation: 21 CFR 101.36(b)(2)"),
        "{help}"
    );
    assert!(help.contains("[ECFR-101.36]"), "{help}");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_reports_unreadable_labels_as_notifications_with_their_place() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("regions-bad");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        "name = \"X\"\n[[ingredient]]\nname = \"D3\"\namount = -5\nunit = \"mcg\"\n",
    )
    .expect("write");
    let out = labelcheck()
        .args([
            "check",
            "--region",
            "us",
            "--format",
            "sarif",
            file.to_str().expect("utf-8"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let note = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

#[test]
fn explain_shows_the_regulation_and_sources_of_every_regional_rule() {
    for region in REGIONS {
        for id in rules_of(region) {
            let (out, code) = run(&["explain", &id]);
            assert_eq!(code, 0, "{id}");
            assert!(
                out.contains(&format!("region:     {region} ")),
                "{id}: {out}"
            );
            assert!(out.contains("regulation: "), "{id}: {out}");
            let sources = out.split("Sources").nth(1).expect("a sources section");
            assert!(sources.contains('['), "{id}: {out}");
        }
    }
    let (out, _) = run(&["explain", "--region", "eu", "us-dv-mismatch"]);
    assert!(out.contains("With --region eu: not checked."), "{out}");
}

#[test]
fn an_unknown_region_is_refused_with_the_choices() {
    let out = labelcheck()
        .args([
            "check",
            "--region",
            "fr",
            "tests/labels/regions/us-pass.toml",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown region \"fr\": use one of us, eu, uk, ca, au, de"),
        "{err}"
    );
}

#[test]
fn a_health_rule_that_is_also_a_us_requirement_is_listed_under_us() {
    let doc = json(&["rules", "--region", "us", "--format", "json"]);
    let ids: Vec<&str> = doc["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert!(ids.contains(&"d-iu-mass-mismatch"), "{ids:?}");
    assert!(!ids.contains(&"d-above-caution"), "{ids:?}");
    assert!(!ids.contains(&"eu-nrv-mismatch"), "{ids:?}");
}

#[test]
fn a_weekly_capsule_is_judged_by_its_dose_in_canada() {
    let ids = fired("ca", "tests/labels/regions/ca-fail-weekly.toml");
    let canadian: Vec<&String> = ids.iter().filter(|id| id.starts_with("ca-")).collect();
    assert_eq!(
        canadian,
        ["ca-d-prescription-per-dose"],
        "the daily rule is silenced by it"
    );
    let (out, _) = run(&[
        "check",
        "--region",
        "ca",
        "tests/labels/regions/ca-fail-weekly.toml",
    ]);
    assert!(out.contains("1,250 mcg per dose"), "{out}");
}

#[test]
fn a_weekly_vitamin_d_dose_is_pharmacist_only_in_australia_though_its_average_is_within_25_mcg() {
    let ids = fired("au", "tests/labels/regions/au-fail-weekly.toml");
    assert_eq!(
        ids,
        vec!["au-d-weekly-pharmacist-only".to_string()],
        "{ids:?}"
    );
    let (out, _) = run(&[
        "check",
        "--region",
        "au",
        "tests/labels/regions/au-fail-weekly.toml",
    ]);
    assert!(
        out.contains("one dose taken once a week supplies 175 mcg of vitamin D"),
        "{out}"
    );
    assert!(out.contains("pharmacist-only (Schedule 3)"), "{out}");
    // Above the entry's 175 µg the finding says so, and does not name a schedule it did not read.
    let ids = fired("au", "tests/labels/regions/au-fail-weekly-high.toml");
    assert!(
        ids.contains(&"au-d-weekly-above-schedule-3".to_string()),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"au-d-weekly-pharmacist-only".to_string()),
        "{ids:?}"
    );
}

#[test]
fn a_monthly_vitamin_d_dose_is_not_checked_against_the_weekly_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("monthly.toml");
    std::fs::write(
        &file,
        "name = \"D3 Monthly\"\nform = \"capsule\"\nserving_size = \"1 capsule\"\n\
         servings_per_day = 0.0333333\nstatements = [\"Adults only.\"]\n\n[[ingredient]]\n\
         name = \"Vitamin D3\"\namount = 1250\nunit = \"µg\"\n",
    )
    .expect("write");
    let doc = json(&[
        "check",
        "--region",
        "au",
        "--format",
        "json",
        file.to_str().expect("utf-8"),
    ]);
    let result = &doc["results"][0];
    let ids: Vec<&str> = result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        !ids.iter().any(|id| id.starts_with("au-d-weekly")),
        "{ids:?}"
    );
    let not_checked = result["not_checked"].to_string();
    assert!(
        not_checked.contains("au-d-weekly-pharmacist-only")
            && not_checked.contains("the rule is written for a dose taken once a week"),
        "{not_checked}"
    );
}

#[test]
fn germany_checks_magnesium_per_intake_as_well_as_per_day() {
    // 200 mg in one daily tablet: within 250 mg a day, above 125 mg in one intake.
    let ids = fired("de", "tests/labels/regions/de-fail-single-intake.toml");
    assert!(
        ids.contains(&"de-magnesium-single-intake-bfr".to_string()),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"de-magnesium-above-bfr".to_string()),
        "{ids:?}"
    );
    // 300 mg in one intake: both.
    let ids = fired("de", "tests/labels/regions/de-fail.toml");
    assert!(
        ids.contains(&"de-magnesium-above-bfr".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"de-magnesium-single-intake-bfr".to_string()),
        "{ids:?}"
    );
    // The BfR set no value under 4 years: a 2-year-old is not judged by either.
    let doc = json(&[
        "check",
        "--region",
        "de",
        "--age",
        "2",
        "--format",
        "json",
        "tests/labels/regions/de-fail.toml",
    ]);
    let text = doc["results"][0]["findings"].to_string();
    assert!(!text.contains("de-magnesium"), "{text}");
}

#[test]
fn a_high_potency_claim_naming_no_nutrient_is_judged_as_a_multi_nutrient_claim() {
    let ids = fired("us", "tests/labels/regions/us-fail-high-potency.toml");
    assert!(
        ids.contains(&"us-claim-high-potency".to_string()),
        "{ids:?}"
    );
    let (out, _) = run(&[
        "check",
        "--region",
        "us",
        "tests/labels/regions/us-fail-high-potency.toml",
    ]);
    assert!(
        out.contains("so two-thirds of the vitamins and minerals present need at least 100% of the DV; 1 of 3 do"),
        "{out}"
    );
}

#[test]
fn a_dsld_records_target_groups_reach_the_childrens_rules() {
    // The softgel is for "Adult (18 - 50 Years)": with a target age the Australian MK-7 rule
    // for children is judged (and finds the children's groups excluded) instead of being
    // reported as not checked.
    let doc = json(&[
        "check",
        "--region",
        "au",
        "--format",
        "json",
        "tests/dsld/d3-k2-softgel.json",
    ]);
    let result = &doc["results"][0];
    assert!(
        !result["not_checked"]
            .to_string()
            .contains("au-mk7-children"),
        "{result}"
    );
    assert!(
        !result["findings"].to_string().contains("au-mk7-children"),
        "{result}"
    );
}

#[test]
fn import_reads_the_target_age_from_the_label_text_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("label.txt");
    std::fs::write(
        &file,
        "Vitamin D3 + K2\nSupplement Facts\nServing Size 1 softgel\nVitamin D3 25 mcg\n\
         Vitamin K2 (as MK-7) 100 mcg\nDirections: take 1 softgel daily.\n\
         Not suitable for children under 12 years.\n",
    )
    .expect("write");
    let (out, code) = run(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "# target age from line 7: Not suitable for children under 12 years.\ntarget_age_min = 12\n"
        ),
        "{out}"
    );
    // Ambiguous text sets nothing and says so.
    std::fs::write(&file, "Vitamin D3 25 mcg\nNot suitable for children.\n").expect("write");
    let out = labelcheck()
        .args(["import", file.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("target_age_min ="), "{all}");
    assert!(
        all.contains("the text speaks of children or infants without an age"),
        "{all}"
    );
}
