//! `labelcheck import` and `check` on label text, as a user runs them.

use assert_cmd::Command;
use serde_json::Value;

const PANEL: &str = "Supplement Facts
Serving Size: 2 Drops (0.06 mL)
Servings Per Container: 500

Amount Per Serving                                   % Daily Value
Vitamin D3 (as cholecalciferol)        10 mcg (500 IU)       50%
Vitamin K2 (as menatetrenone, MK-4)    200 mcg               167%

Other Ingredients: Medium chain triglyceride oil (from coconut).

Suggested Use: Take 2 drops one to three times daily.

Supports healthy calcium metabolism*

Keep out of reach of children.
";

fn labelcheck() -> Command {
    Command::cargo_bin("labelcheck").expect("binary")
}

#[test]
fn import_prints_a_label_file_with_provenance_that_check_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let txt = dir.path().join("drops.txt");
    std::fs::write(&txt, PANEL).expect("write");
    let out = labelcheck().arg("import").arg(&txt).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let toml = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        toml.contains("# line 6: Vitamin D3 (as cholecalciferol)"),
        "{toml}"
    );
    assert!(
        toml.contains("#   15: Keep out of reach of children."),
        "{toml}"
    );
    assert!(toml.contains("servings_per_day = 3"), "{toml}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Read 2 ingredient(s)") && stderr.contains("(line 6, 7)"),
        "{stderr}"
    );

    // The output is a valid label file: check it, and check the text directly.
    let label = dir.path().join("drops.toml");
    std::fs::write(&label, &toml).expect("write");
    for path in [&label, &txt] {
        let out = labelcheck()
            .args(["check", "--format", "json"])
            .arg(path)
            .output()
            .expect("runs");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
        let findings: Vec<&str> = doc["results"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or(""))
            .collect();
        assert!(findings.contains(&"d-iu-mass-mismatch"), "{findings:?}");
        assert!(findings.contains(&"k2-not-mk7"), "{findings:?}");
        assert!(
            findings.contains(&"claim-without-disclaimer"),
            "{findings:?}"
        );
        assert_eq!(
            doc["results"][0]["intake"]["per_day"]["vitamin_d_iu"], 1200.0,
            "10 mcg (the mass) × 3 servings"
        );
    }
}

#[test]
fn import_json_has_label_intake_and_unparsed_lines() {
    let out = labelcheck()
        .args(["import", "--format", "json", "--name", "Drops", "-"])
        .write_stdin(PANEL)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["label"]["name"], "Drops");
    assert_eq!(doc["label"]["form"], "drops");
    assert_eq!(doc["label"]["servings_per_day"], 3.0);
    assert_eq!(doc["label"]["ingredients"][0]["line"], 6);
    assert_eq!(doc["label"]["ingredients"][0]["alt_amount"], 500.0);
    assert_eq!(doc["label"]["ingredients"][1]["line"], 7);
    assert_eq!(
        doc["label"]["claims"][0],
        "Supports healthy calcium metabolism*"
    );
    assert_eq!(doc["label"]["disclaimer"], Value::Null);
    assert_eq!(doc["intake"]["per_serving"]["k2_mk4_mcg"], 200.0);
    assert_eq!(doc["intake"]["carrier"], "oil");
    assert_eq!(doc["unparsed_lines"][0]["line"], 15);
    assert_eq!(
        doc["unparsed_lines"][0]["text"],
        "Keep out of reach of children."
    );
}

#[test]
fn text_with_no_amounts_is_a_clear_error() {
    let out = labelcheck()
        .args(["import", "-"])
        .write_stdin("Hello\nThis is a shopping list.\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "<stdin>:1:1: no ingredient amounts found in this label text (2 lines not used)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("1: Hello"), "{stderr}");
    let out = labelcheck()
        .args(["import", "-"])
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn binary_input_is_refused_with_its_position() {
    let out = labelcheck()
        .args(["import", "-"])
        .write_stdin(vec![b'a', b'\n', 0xff, 0xfe])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:2:1: file is not UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn check_reads_folders_of_label_text_and_reports_text_it_cannot_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), PANEL).expect("write");
    std::fs::write(dir.path().join("b.txt"), "nothing to see").expect("write");
    let out = labelcheck()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["results"].as_array().expect("results").len(), 1);
    assert!(
        doc["errors"][0]["message"]
            .as_str()
            .expect("message")
            .starts_with("no ingredient amounts found")
    );
}

/// Two strengths of one product, a salt weight and general advice: the text does not settle
/// everything, and every output says so first.
const UNSURE: &str = "Vigantol 500 I.E. Tabletten
Vigantol 1000 I.E. Tabletten
1 Tablette enthält 12,5 Mikrogramm Colecalciferol (entsprechend 500 I.E. Vitamin D3).
Calcium citrate 100 mg
Dosierung: täglich 1 Tablette. Säuglinge: 25 I.E. pro kg Körpergewicht.
";

#[test]
fn import_warnings_appear_in_toml_json_and_stderr_and_the_label_still_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let txt = dir.path().join("vigantol.txt");
    std::fs::write(&txt, UNSURE).expect("write");
    let out = labelcheck().arg("import").arg(&txt).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let toml = String::from_utf8(out.stdout).expect("utf-8");
    let warnings_at = toml.find("# WARNINGS (3)").expect("warnings in the TOML");
    assert!(
        warnings_at < toml.find("name = ").expect("name"),
        "warnings come first"
    );
    assert!(toml.contains("declared with two amounts"), "{toml}");
    assert!(toml.contains("weight of the salt"), "{toml}");
    assert!(toml.contains("general advice"), "{toml}");
    assert!(toml.contains("carrier = \"unknown\""), "{toml}");
    assert!(
        toml.contains("#   1 (same as line 3): Vigantol 500 I.E. Tabletten"),
        "{toml}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 warning(s)"), "{stderr}");

    let out = labelcheck()
        .args(["import", "--format", "json"])
        .arg(&txt)
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["warnings"].as_array().map(Vec::len), Some(3), "{doc:#}");
    assert_eq!(doc["warnings"][0]["line"], 2);
    assert_eq!(doc["restated_lines"][0]["restates"], 3);
    assert_eq!(doc["label"]["carrier"], "unknown");
    assert_eq!(doc["intake"]["per_serving"]["vitamin_d_iu"], 500.0);

    // The label file it writes loads and checks.
    let label = dir.path().join("vigantol.toml");
    std::fs::write(&label, &toml).expect("write");
    let out = labelcheck()
        .arg("check")
        .arg(&label)
        .output()
        .expect("runs");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
