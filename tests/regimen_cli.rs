//! Regimens and comparisons from the command line: `check REGIMEN.toml`, `check --together`,
//! `compare`, their JSON and exit codes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const REGIMEN: &str = "examples/regimens/calcium-d-softgel-regimen.toml";

fn labelcheck() -> Command {
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    // Rules the developer saved are not these tests' rules.
    cmd.env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
    )
    .env("HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/no-home"))
    .env_remove("LABELCHECK_RULES");
    cmd
}

fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

fn json(cmd: &mut Command) -> (Value, i32) {
    let (text, _, code) = run(cmd);
    (
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")),
        code,
    )
}

#[test]
fn a_regimen_file_is_checked_on_its_total_with_contributions() {
    let (out, err, code) = run(labelcheck().args(["check", REGIMEN]));
    assert_eq!(code, 1, "a caution on the total; stderr: {err}");
    assert!(
        out.contains("4 products, checked for age 72, no anticoagulant"),
        "{out}"
    );
    assert!(
        out.contains(
            "vitamin D            12,942.86 IU/day; 55,800 IU on a day every product is taken"
        ),
        "{out}"
    );
    assert!(
        out.contains("caution  d-above-caution  12,942.86 IU/day of vitamin D"),
        "{out}"
    );
    assert!(
        out.contains("Calcium 750 mg + D3 + K2 Tablets 400 × 2, Vitamin D3 50,000 IU Weekly 50,000 every 7 days (7,142.86/day on average)"),
        "{out}"
    );
    assert!(
        out.contains("The same nutrient from several products"),
        "{out}"
    );
    assert!(
        out.contains("2 cautions, 3 notices, 1 info among 4 products."),
        "{out}"
    );
}

#[test]
fn the_regimen_json_has_totals_contributions_and_findings_with_their_products() {
    let (doc, code) = json(labelcheck().args(["check", "--format", "json", REGIMEN]));
    assert_eq!(code, 1);
    let r = &doc["regimen"];
    assert_eq!(r["products"].as_array().expect("products").len(), 4);
    assert_eq!(r["person"]["age"], 72.0);
    assert_eq!(r["products"][2]["taken"]["every_days"], 7.0);
    let d = &r["totals"][0];
    assert_eq!(d["quantity"], "vitamin_d_iu");
    assert_eq!(d["heaviest_day"], 55_800.0);
    assert_eq!(d["contributions"][2]["per_administration"], 50_000.0);
    let f = &r["findings"][0];
    assert_eq!(f["rule"], "d-above-caution");
    assert_eq!(f["contributions"][0]["quantity"], "vitamin_d_iu");
    assert_eq!(
        f["contributions"][0]["products"]
            .as_array()
            .expect("list")
            .len(),
        3
    );
    assert!(f["sources"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(
        r["duplications"][0]["rule"],
        "same-nutrient-several-products"
    );
    assert_eq!(doc["summary"]["worst_severity"], "caution");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["rules"]["origin"], "built-in");
}

#[test]
fn together_totals_label_files_as_one_persons_products() {
    let (doc, code) = json(labelcheck().args([
        "check",
        "--together",
        "--format",
        "json",
        "--fail-on",
        "never",
        "examples/d3-5000-k2-mk7-olive-softgel.toml",
        "examples/d3-only-10000-softgel.toml",
    ]));
    assert_eq!(code, 0);
    let d = &doc["regimen"]["totals"][0];
    assert_eq!(d["per_day"], 15_000.0);
    assert_eq!(doc["regimen"]["findings"][0]["rule"], "d-above-caution");
    // Alone, the 5,000 IU softgel is under the caution level.
    let (alone, _) = json(labelcheck().args([
        "check",
        "--together",
        "--format",
        "json",
        "examples/d3-5000-k2-mk7-olive-softgel.toml",
    ]));
    let rules: Vec<&str> = alone["regimen"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(!rules.contains(&"d-above-caution"), "{rules:?}");
}

#[test]
fn no_findings_says_so_for_the_rules_checked_and_never_safe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let label = "name = \"Small D\"\nservings_per_day = 1\nother_ingredients = [\"olive oil\"]\n\
        [[ingredient]]\nname = \"Vitamin D3\"\namount = 400\nunit = \"IU\"\n";
    std::fs::write(dir.path().join("d.toml"), label).expect("write");
    let (out, _, code) = run(labelcheck()
        .args(["check", "--together"])
        .arg(dir.path().join("d.toml")));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("No findings for the rules checked among 1 product."),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("safe"), "{out}");
}

#[test]
fn a_product_that_cannot_be_read_is_an_error_and_the_others_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let regimen = format!(
        "[[product]]\nlabel = \"{}\"\n\n[[product]]\nlabel = \"missing.toml\"\n\n[[product]]\nlabel = \"{}\"\nschedule = {{ every_days = 0 }}\n",
        examples.join("d3-only-10000-softgel.toml").display(),
        examples.join("d3-only-10000-softgel.toml").display()
    );
    let path = dir.path().join("regimen.toml");
    std::fs::write(&path, regimen).expect("write");
    let (out, err, code) = run(labelcheck().arg("check").arg(&path));
    assert_eq!(code, 2, "errors make exit code 2");
    assert!(out.contains("— 1 product, checked for"), "{out}");
    assert!(err.contains("regimen.toml:5:9"), "{err}");
    assert!(err.contains("cannot read the label"), "{err}");
    assert!(err.contains("regimen.toml:9:"), "{err}");
    assert!(err.contains("`every_days` must be greater than 0"), "{err}");
}

#[test]
fn a_regimen_file_with_other_paths_is_refused_with_what_to_do() {
    let (_, err, code) =
        run(labelcheck().args(["check", REGIMEN, "examples/d3-only-10000-softgel.toml"]));
    assert_eq!(code, 2);
    assert!(err.contains("check it on its own"), "{err}");
}

#[test]
fn checking_the_examples_folder_leaves_the_regimens_out() {
    let (_, err, _) = run(labelcheck().args(["check", "examples/"]));
    assert!(!err.contains("regimen"), "{err}");
}

#[test]
fn compare_puts_products_side_by_side() {
    let (out, _, code) = run(labelcheck().args([
        "compare",
        "examples/d3-5000-k2-mk7-olive-softgel.toml",
        "examples/dry-d3-k2-tablet.toml",
        "examples/d3-50000-weekly-capsule.toml",
    ]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    let row = |head: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(head))
            .unwrap_or_else(|| panic!("no row {head:?} in\n{out}"))
            .to_string()
    };
    let d = row("vitamin D/day");
    assert!(d.contains("5,000 IU"), "{d}");
    assert!(d.contains("7,142.85 IU (50,000 IU/serving)"), "{d}");
    let carrier = row("carrier");
    assert!(
        carrier.contains("oil (extra virgin olive oil)"),
        "{carrier}"
    );
    assert!(carrier.contains("none"), "{carrier}");
    assert!(row("no-oil-carrier").contains("notice"), "{out}");
    // Columns line up: every row's second column starts where the header's does.
    let header = lines[0];
    let col = header.find("D3 5,000").expect("first product's name");
    assert!(
        d.chars().count() > col && d[..].find("5,000 IU") == Some(col),
        "{header}\n{d}"
    );
}

#[test]
fn compare_json_lists_each_products_intake_and_findings() {
    let (doc, code) = json(labelcheck().args([
        "compare",
        "--format",
        "json",
        "examples/d3-5000-k2-mk7-olive-softgel.toml",
        "examples/dry-d3-k2-tablet.toml",
    ]));
    assert_eq!(code, 0);
    let products = doc["compare"]["products"].as_array().expect("products");
    assert_eq!(products.len(), 2);
    assert_eq!(products[0]["intake"]["per_day"]["vitamin_d_iu"], 5_000.0);
    assert!(products[1]["findings"].as_array().is_some());
}

#[test]
fn compare_needs_two_labels() {
    let (_, _, code) = run(labelcheck().args(["compare", "examples/dry-d3-k2-tablet.toml"]));
    assert_eq!(code, 2);
}

#[test]
fn compare_checks_a_markets_rules_with_region_like_check() {
    let labels = [
        "examples/d3-5000-k2-mk7-olive-softgel.toml",
        "examples/dry-d3-k2-tablet.toml",
    ];
    let (plain, _, code) = run(labelcheck().arg("compare").args(labels));
    assert_eq!(code, 0);
    assert!(!plain.contains("eu-d-above-efsa-ul"), "{plain}");
    let (eu, _, code) = run(labelcheck()
        .args(["compare", "--region", "eu"])
        .args(labels));
    assert_eq!(code, 0);
    let row = eu
        .lines()
        .find(|l| l.starts_with("eu-d-above-efsa-ul"))
        .unwrap_or_else(|| panic!("no EU row in\n{eu}"));
    // The 5,000 IU softgel (125 mcg) is above the EFSA 100 mcg; the 2,000 IU tablet is not.
    assert!(row.contains("caution") && row.contains('—'), "{row}");
    let (_, err, code) = run(labelcheck()
        .args(["compare", "--region", "xx"])
        .args(labels));
    assert_eq!(code, 2, "{err}");
}
