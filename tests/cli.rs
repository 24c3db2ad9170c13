//! The command line as a user and a script see it: output, JSON contract, exit codes.

use assert_cmd::Command;
use serde_json::Value;

fn labelcheck() -> Command {
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    // Rules the developer saved are not these tests' rules.
    cmd.env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
    )
    .env_remove("LABELCHECK_RULES");
    cmd
}

fn stdout(cmd: &mut Command) -> (String, i32) {
    let out = cmd.output().expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

fn json(cmd: &mut Command) -> (Value, i32) {
    let (text, code) = stdout(cmd);
    (
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")),
        code,
    )
}

#[test]
fn check_examples_groups_findings_by_label_most_severe_first() {
    let (out, code) = stdout(labelcheck().args(["check", "examples/"]));
    assert_eq!(code, 1, "examples include cautions, the default --fail-on");
    assert!(!out.contains('\x1b'), "piped output is plain");
    let claim = out
        .split("\n\n")
        .find(|block| block.contains("reverses-calcification-claim-softgel.toml"))
        .expect("block for the claim example");
    let warning = claim.find("warning  claim-disease").expect("warning line");
    let notice = claim.find("notice   d-above-ul").expect("notice line");
    assert!(warning < notice, "{claim}");
    assert!(out.contains("Checked 14 labels"), "{out}");
}

#[test]
fn colour_is_used_only_when_allowed() {
    let (forced, _) = stdout(
        labelcheck()
            .env("CLICOLOR_FORCE", "1")
            .args(["check", "examples/d3-20000-k2-softgel.toml"]),
    );
    assert!(forced.contains('\x1b'), "forced colour");
    let (no_color, _) = stdout(
        labelcheck()
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .args(["check", "examples/d3-20000-k2-softgel.toml"]),
    );
    assert!(!no_color.contains('\x1b'), "NO_COLOR wins");
    assert!(
        no_color.contains("caution"),
        "severity is a word, not only a colour"
    );
}

#[test]
fn json_output_follows_the_documented_contract() {
    let (doc, code) = json(labelcheck().args(["check", "--format", "json", "examples/"]));
    assert_eq!(code, 1);
    assert_eq!(doc["errors"], Value::Array(vec![]));
    let results = doc["results"].as_array().expect("results");
    assert_eq!(results.len(), 14);
    for r in results {
        assert!(r["file"].as_str().expect("file").ends_with(".toml"));
        for key in ["name", "brand", "form"] {
            assert!(r["label"].get(key).is_some(), "label.{key}");
        }
        let intake = &r["intake"];
        for part in ["per_serving", "per_day"] {
            for key in [
                "vitamin_d_iu",
                "k1_mcg",
                "k2_mk7_mcg",
                "k2_mk4_mcg",
                "k2_unspecified_mcg",
                "calcium_mg",
                "magnesium_mg",
                "k_unspecified_mcg",
            ] {
                assert!(intake[part][key].is_number(), "{part}.{key}");
            }
            // Keys are only added at the end of an object (the contract, within version 1).
            let keys: Vec<&String> = intake[part].as_object().expect("object").keys().collect();
            assert_eq!(keys.last().map(|k| k.as_str()), Some("k_unspecified_mcg"));
        }
        assert!(intake["vitamin_d_forms"].is_array());
        assert!(intake["servings_per_day"].is_number());
        assert!(["oil", "none", "unknown"].contains(&intake["carrier"].as_str().expect("carrier")));
        assert!(intake["carrier_source"].is_string() || intake["carrier_source"].is_null());
        for f in r["findings"].as_array().expect("findings") {
            for key in [
                "rule",
                "severity",
                "title",
                "message",
                "rationale",
                "evidence",
                "threshold",
                "sources",
            ] {
                assert!(f.get(key).is_some(), "finding.{key}");
            }
            for s in f["sources"].as_array().expect("sources") {
                assert!(s["key"].is_string() && s["citation"].is_string() && s["url"].is_string());
            }
        }
    }
    let olive = results
        .iter()
        .find(|r| {
            r["file"]
                .as_str()
                .unwrap_or("")
                .ends_with("d3-5000-k2-mk7-olive-softgel.toml")
        })
        .expect("olive example");
    assert_eq!(olive["intake"]["per_day"]["vitamin_d_iu"], 5000.0);
    assert_eq!(
        olive["intake"]["vitamin_d_forms"],
        serde_json::json!(["D3"])
    );
    assert_eq!(olive["intake"]["carrier_source"], "extra virgin olive oil");
    assert_eq!(olive["findings"][0]["rule"], "d-above-ul");
    assert_eq!(olive["findings"][0]["threshold"]["value"], 4000.0);
    assert_eq!(olive["findings"][0]["threshold"]["unit"], "IU/day");
}

#[test]
fn exit_codes_follow_fail_on() {
    let notice_only = "examples/d3-5000-k2-mk7-olive-softgel.toml";
    assert_eq!(stdout(labelcheck().args(["check", notice_only])).1, 0);
    assert_eq!(
        stdout(labelcheck().args(["check", "--fail-on", "notice", notice_only])).1,
        1
    );
    assert_eq!(
        stdout(labelcheck().args(["check", "--fail-on", "warning", "examples/"])).1,
        1
    );
    assert_eq!(
        stdout(labelcheck().args(["check", "--fail-on", "never", "examples/"])).1,
        0
    );
    assert_eq!(
        stdout(labelcheck().args(["check", "examples/k1-k2-complex-capsule.toml"])).1,
        0
    );
    assert_eq!(
        stdout(labelcheck().args([
            "check",
            "--anticoagulant",
            "vka",
            "--fail-on",
            "warning",
            "examples/k1-k2-complex-capsule.toml"
        ]))
        .1,
        1
    );
}

#[test]
fn profile_options_change_the_findings() {
    let (adult, _) = stdout(labelcheck().args(["check", "examples/calcium-d3-k2-tablet.toml"]));
    assert!(adult.contains("calcium-above-ul"));
    let (forty, code) =
        stdout(labelcheck().args(["check", "--age", "40", "examples/calcium-d3-k2-tablet.toml"]));
    assert!(!forty.contains("calcium-above-ul"), "{forty}");
    assert_eq!(code, 0);
}

#[test]
fn bad_profile_values_are_usage_errors() {
    for args in [
        ["--age", "-1"],
        ["--age", "abc"],
        ["--anticoagulant", "aspirin"],
    ] {
        let out = labelcheck()
            .arg("check")
            .args(args)
            .arg("examples/")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(args[1]), "{err}");
        assert!(
            err.contains("is not a number of years")
                || err.contains("age must be a number of years")
                || err.contains("unknown anticoagulant"),
            "a clear reason: {err}"
        );
    }
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/d3-20000-k2-softgel.toml"
        ),
        dir.path().join("good.toml"),
    )
    .expect("copy");
    std::fs::write(
        dir.path().join("bad.toml"),
        "name = \"x\"\n[[ingredient]]\nname = \"D3\"\namount = 0\nunit = \"IU\"\n",
    )
    .expect("write");
    let (doc, code) = json(
        labelcheck()
            .args(["check", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 2);
    assert_eq!(doc["results"].as_array().expect("results").len(), 1);
    let err = &doc["errors"][0];
    assert!(err["file"].as_str().expect("file").ends_with("bad.toml"));
    assert_eq!(err["line"], 4);
    assert_eq!(err["column"], 10);
    assert!(
        err["message"]
            .as_str()
            .expect("message")
            .contains("greater than 0")
    );

    let out = labelcheck()
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("good.toml") && text.contains("d-above-caution"),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:4:10: amount must be greater than 0"),
        "{err}"
    );
}

#[test]
fn rules_lists_every_rule_in_text_and_json() {
    let (text, code) = stdout(labelcheck().arg("rules"));
    assert_eq!(code, 0);
    let (doc, _) = json(labelcheck().args(["rules", "--format", "json"]));
    let rules = doc["rules"].as_array().expect("rules");
    assert!(rules.len() >= 13);
    for r in rules {
        let id = r["id"].as_str().expect("id");
        assert!(text.contains(id), "{id} in text listing");
        assert!(r["parameters"].is_object() && r["trigger"].is_string());
    }
    let caution = rules
        .iter()
        .find(|r| r["id"] == "d-above-caution")
        .expect("rule");
    assert_eq!(caution["parameters"]["limit"], 10000.0);
    assert_eq!(caution["severity"], "caution");
}

#[test]
fn rules_kinds_documents_every_kind_the_rules_use() {
    let (text, code) = stdout(labelcheck().args(["rules", "--kinds"]));
    assert_eq!(code, 0);
    let (kinds, _) = json(labelcheck().args(["rules", "--kinds", "--format", "json"]));
    let kinds = kinds["kinds"].as_array().expect("kinds");
    let (rules, _) = json(labelcheck().args(["rules", "--format", "json"]));
    for rule in rules["rules"].as_array().expect("rules") {
        let kind = kinds
            .iter()
            .find(|k| k["name"] == rule["kind"])
            .unwrap_or_else(|| panic!("kind of {} is documented", rule["id"]));
        // Every parameter a built-in rule shows is a documented one.
        for key in rule["parameters"].as_object().expect("object").keys() {
            assert!(
                kind["parameters"]
                    .as_array()
                    .expect("list")
                    .iter()
                    .any(|p| p["key"] == key.as_str()),
                "{key} of {} is documented",
                rule["id"]
            );
        }
    }
    for kind in kinds {
        let name = kind["name"].as_str().expect("name");
        assert!(
            text.contains(&format!("\n{name}\n")),
            "{name} in the text listing"
        );
        let example = kind["example"].as_str().expect("example");
        assert!(text.contains(example.lines().next().expect("a line")));
    }
}

#[test]
fn explain_works_for_every_rule_and_prints_full_sources() {
    let (doc, _) = json(labelcheck().args(["rules", "--format", "json"]));
    for r in doc["rules"].as_array().expect("rules") {
        let id = r["id"].as_str().expect("id");
        let (text, code) = stdout(labelcheck().args(["explain", id]));
        assert_eq!(code, 0, "{id}");
        assert!(text.contains(r["title"].as_str().expect("title")), "{id}");
        assert!(text.contains("evidence:"), "{id}");
        for s in r["sources"].as_array().expect("sources") {
            assert!(
                text.contains(s["url"].as_str().expect("url")),
                "{id}: {}",
                s["key"]
            );
        }
    }
}

#[test]
fn explain_an_unknown_rule_names_the_known_ones() {
    let out = labelcheck()
        .args(["explain", "d-above-cuation"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no rule with id `d-above-cuation`") && err.contains("d-above-caution"),
        "{err}"
    );
}

#[test]
fn an_edited_rules_file_is_used_with_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = labelcheck::rules::DEFAULT_RULES_TOML.replacen("limit = 10000 ", "limit = 4500 ", 1);
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, text).expect("write");
    let (out, code) = stdout(
        labelcheck()
            .args(["check", "--rules"])
            .arg(&path)
            .arg("examples/d3-5000-k2-mk7-olive-softgel.toml"),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("is above the 4,500 IU/day caution level"),
        "{out}"
    );
}

#[test]
fn a_bad_rules_file_is_rejected_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    let text = labelcheck::rules::DEFAULT_RULES_TOML.replacen("limit = 10000 ", "limit = -5 ", 1);
    std::fs::write(&path, &text).expect("write");
    let line = text
        .lines()
        .position(|l| l.starts_with("limit = -5"))
        .expect("line")
        + 1;
    let out = labelcheck()
        .args(["check", "--rules"])
        .arg(&path)
        .arg("examples/")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "rules.toml:{line}:9: `limit` must not be negative"
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty() || !String::from_utf8_lossy(&out.stdout).contains("Checked"));
}

#[test]
fn help_explains_the_tool_to_a_newcomer() {
    let (help, code) = stdout(labelcheck().arg("--help"));
    assert_eq!(code, 0);
    for needle in [
        "check",
        "rules",
        "explain",
        "not medical advice",
        "labelcheck check examples/",
    ] {
        assert!(help.contains(needle), "{needle}");
    }
    let (check_help, _) = stdout(labelcheck().args(["check", "--help"]));
    for needle in [
        "--rules",
        "--age",
        "--anticoagulant",
        "--format",
        "--fail-on",
        "Exit codes",
    ] {
        assert!(check_help.contains(needle), "{needle}");
    }
}

/// An example label's text.
fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("example")
}

/// The file names (without folders) of a JSON document's `results` or `errors`, in order.
fn file_names(doc: &Value, list: &str) -> Vec<String> {
    doc[list]
        .as_array()
        .expect(list)
        .iter()
        .map(|r| {
            let file = r["file"].as_str().expect("file");
            file.rsplit('/').next().unwrap_or(file).to_string()
        })
        .collect()
}

#[test]
fn a_large_batch_is_reported_in_file_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = example("d3-20000-k2-softgel.toml");
    for i in 0..700 {
        std::fs::write(dir.path().join(format!("label-{i:04}.toml")), &example).expect("write");
    }
    std::fs::write(dir.path().join("label-0350.toml"), "not = = toml").expect("write");
    let (doc, code) = json(
        labelcheck()
            .args(["check", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 2);
    let files = file_names(&doc, "results");
    assert_eq!(files.len(), 699);
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "results in file order");
    assert!(
        doc["errors"][0]["file"]
            .as_str()
            .expect("file")
            .ends_with("label-0350.toml")
    );
    assert!(
        doc["results"]
            .as_array()
            .expect("results")
            .iter()
            .all(|r| r["findings"][0]["rule"] == "d-above-caution")
    );
}

#[test]
fn a_streamed_batch_keeps_errors_in_order_when_whole_chunks_fail() {
    // Labels are checked and written in chunks of 64; here the first two chunks fail entirely,
    // so the first result written comes from the third, and more failures follow later.
    let dir = tempfile::tempdir().expect("tempdir");
    let example = example("d3-5000-k2-mk7-olive-softgel.toml");
    let bad: Vec<usize> = (0..130).chain([200, 263, 264, 399]).collect();
    for i in 0..400 {
        let text = if bad.contains(&i) {
            "name = \"broken\"\n[[ingredient]]\nnutrient = \"vitamin D3\"\namount = -5\nunit = \"mcg\"\n"
        } else {
            example.as_str()
        };
        std::fs::write(dir.path().join(format!("l{i:03}.toml")), text).expect("write");
    }
    let (doc, code) = json(
        labelcheck()
            .args(["check", "--format", "json", "--fail-on", "never"])
            .arg(dir.path()),
    );
    assert_eq!(code, 2, "files that did not load make the run an error");
    let results = file_names(&doc, "results");
    let expected: Vec<String> = (0..400)
        .filter(|i| !bad.contains(i))
        .map(|i| format!("l{i:03}.toml"))
        .collect();
    assert_eq!(results, expected);
    let mut errors = file_names(&doc, "errors");
    // A broken file reports every problem it has, each as one error.
    errors.dedup();
    let expected: Vec<String> = bad.iter().map(|i| format!("l{i:03}.toml")).collect();
    assert_eq!(errors, expected);
}
