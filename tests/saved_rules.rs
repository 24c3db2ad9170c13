//! Rules a user saves are found again by every command, in the documented order (`--rules`,
//! then LABELCHECK_RULES, then the saved rules, then the built-in ones), every report says
//! which rules were used, a saved file that predates a built-in rule gets it, and `rules
//! --diff` shows what differs from the built-in rules. No test touches the real home: the
//! config folder is a temporary one, through XDG_CONFIG_HOME and HOME.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

const BUILTIN: &str = include_str!("../rules.toml");

/// A home with its own config folder, so that nothing the developer saved is read.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn saved_rules(&self) -> PathBuf {
        self.config().join("labelcheck").join("rules.toml")
    }

    fn save_rules(&self, text: &str) {
        std::fs::create_dir_all(self.saved_rules().parent().expect("folder")).expect("mkdir");
        std::fs::write(self.saved_rules(), text).expect("write");
    }

    fn labelcheck(&self) -> Command {
        let mut cmd = Command::cargo_bin("labelcheck").expect("binary builds");
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env_remove("LABELCHECK_RULES")
            .env_remove("CLICOLOR_FORCE");
        cmd
    }
}

fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

fn json(cmd: &mut Command) -> Value {
    let (out, err, _) = run(cmd);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"))
}

/// The built-in rules with the vitamin D caution limit at `limit`.
fn caution_at(limit: &str) -> String {
    let text = BUILTIN.replacen("limit = 10000 ", &format!("limit = {limit} "), 1);
    assert_ne!(text, BUILTIN);
    text
}

const D_5000: &str = "examples/d3-5000-k2-mk7-olive-softgel.toml";

fn fired(doc: &Value, rule: &str) -> bool {
    doc["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == rule)
}

#[test]
fn saved_rules_are_used_by_check_rules_and_explain_and_reports_say_so() {
    let home = Home::new();
    home.save_rules(&caution_at("4500"));
    let saved = home.saved_rules();

    let doc = json(
        home.labelcheck()
            .args(["check", "--format", "json", D_5000]),
    );
    assert!(
        fired(&doc, "d-above-caution"),
        "5,000 IU is above the saved 4,500"
    );
    assert_eq!(doc["rules"]["origin"], "saved");
    assert_eq!(doc["rules"]["path"], saved.display().to_string());
    let keys: Vec<&String> = doc.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "results",
            "errors",
            "schema_version",
            "summary",
            "rules",
            "profile"
        ],
        "`rules` and then `profile` are added at the end"
    );

    let (text, _, _) = run(home.labelcheck().args(["check", D_5000]));
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!("Rules used: your saved rules, {}.", saved.display())
    );

    let (listing, _, code) = run(home.labelcheck().arg("rules"));
    assert_eq!(code, 0);
    assert!(
        listing.starts_with(&format!(
            "{} rules from your saved rules, {}",
            BUILTIN.matches("\n[[rule]]\n").count(),
            saved.display()
        )),
        "{listing}"
    );
    assert!(
        listing.contains("Vitamin D above the caution level  (edited)"),
        "an edited rule is marked: {listing}"
    );
    assert!(
        !listing.contains("upper limit for age  (edited)"),
        "{listing}"
    );
    let (explained, _, _) = run(home.labelcheck().args(["explain", "d-above-caution"]));
    assert!(explained.contains("4,500 IU/day"), "{explained}");
}

#[test]
fn without_saved_rules_the_built_in_ones_are_used_and_said() {
    let home = Home::new();
    let doc = json(
        home.labelcheck()
            .args(["check", "--format", "json", D_5000]),
    );
    assert_eq!(
        doc["rules"],
        serde_json::json!({"origin": "built-in", "path": null})
    );
    assert!(!fired(&doc, "d-above-caution"));
    let (text, _, _) = run(home.labelcheck().args(["check", D_5000]));
    assert!(
        text.ends_with("Rules used: the built-in rules.\n"),
        "{text}"
    );
}

#[test]
fn rules_option_then_environment_then_saved_then_built_in() {
    let home = Home::new();
    home.save_rules(&caution_at("4500"));
    let dir = tempfile::tempdir().expect("tempdir");
    let env_file = dir.path().join("env-rules.toml");
    std::fs::write(&env_file, caution_at("4600")).expect("write");
    let option_file = dir.path().join("option-rules.toml");
    std::fs::write(&option_file, caution_at("4700")).expect("write");
    let limit = |doc: &Value| {
        doc["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .find(|r| r["id"] == "d-above-caution")
            .expect("rule")["parameters"]["limit"]
            .clone()
    };

    let both = json(
        home.labelcheck()
            .env("LABELCHECK_RULES", &env_file)
            .args(["rules", "--format", "json", "--rules"])
            .arg(&option_file),
    );
    assert_eq!(limit(&both), 4700.0);
    let env = json(
        home.labelcheck()
            .env("LABELCHECK_RULES", &env_file)
            .args(["check", "--format", "json", D_5000]),
    );
    assert_eq!(env["rules"]["origin"], "LABELCHECK_RULES");
    assert_eq!(env["rules"]["path"], env_file.display().to_string());
    let env = json(
        home.labelcheck()
            .env("LABELCHECK_RULES", &env_file)
            .args(["rules", "--format", "json"]),
    );
    assert_eq!(limit(&env), 4600.0);
    let saved = json(home.labelcheck().args(["rules", "--format", "json"]));
    assert_eq!(limit(&saved), 4500.0);
    let option = json(
        home.labelcheck()
            .args(["check", "--format", "json", "--rules"])
            .arg(&option_file)
            .arg(D_5000),
    );
    assert_eq!(option["rules"]["origin"], "--rules");

    // A LABELCHECK_RULES file that does not exist is an error naming the variable.
    let (_, err, code) = run(home
        .labelcheck()
        .env("LABELCHECK_RULES", dir.path().join("gone.toml"))
        .args(["check", D_5000]));
    assert_eq!(code, 2);
    assert!(err.contains("LABELCHECK_RULES does not exist"), "{err}");
}

/// The built-in rules without the last `[[rule]]` table: a file saved before that rule existed.
fn without_last_rule() -> (String, String) {
    let start = BUILTIN.rfind("[[rule]]").expect("a rule");
    let end = BUILTIN[start..]
        .find("\n[sources")
        .map_or(BUILTIN.len(), |i| start + i);
    let id = BUILTIN[start..]
        .lines()
        .find_map(|l| l.strip_prefix("id = \""))
        .and_then(|l| l.split('"').next())
        .expect("id")
        .to_string();
    (format!("{}{}", &BUILTIN[..start], &BUILTIN[end..]), id)
}

#[test]
fn a_saved_file_without_a_newer_built_in_rule_gets_it_with_a_notice() {
    let home = Home::new();
    let (old, id) = without_last_rule();
    home.save_rules(&old);
    let (listing, err, code) = run(home.labelcheck().arg("rules"));
    assert_eq!(code, 0);
    assert!(listing.contains(&id), "{id} is listed: {listing}");
    let notices: Vec<&str> = err.lines().filter(|l| l.contains(&id)).collect();
    assert_eq!(notices.len(), 1, "{err}");
    assert!(
        notices[0].starts_with("warning: ") && notices[0].contains("was added"),
        "{err}"
    );
    // The file itself is not changed by reading it.
    assert_eq!(
        std::fs::read_to_string(home.saved_rules()).expect("read"),
        old
    );
    // A `--rules` file is the user's exact choice: nothing is added to it.
    let dir = tempfile::tempdir().expect("tempdir");
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, &old).expect("write");
    let (listing, _, _) = run(home.labelcheck().args(["rules", "--rules"]).arg(&mine));
    assert!(!listing.contains(&id));
}

#[test]
fn rules_diff_names_each_changed_added_and_missing_rule() {
    let home = Home::new();
    let (old, missing) = without_last_rule();
    let edited = old.replacen("limit = 10000 ", "limit = 8000 ", 1).replacen(
        "id = \"no-oil-carrier\"",
        "id = \"no-oil-carrier-local\"",
        1,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, &edited).expect("write");
    let (out, err, code) = run(home
        .labelcheck()
        .args(["rules", "--diff", "--rules"])
        .arg(&file));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&"d-above-caution: limit 8,000 IU/day (built-in: 10,000)"),
        "{out}"
    );
    assert!(
        lines.contains(&"no-oil-carrier-local: added (not a built-in rule)"),
        "{out}"
    );
    assert!(
        lines.contains(&"no-oil-carrier: removed (a built-in rule this set lacks)"),
        "{out}"
    );
    assert!(
        lines.contains(&format!("{missing}: removed (a built-in rule this set lacks)").as_str()),
        "{out}"
    );

    let doc = json(
        home.labelcheck()
            .args(["rules", "--diff", "--format", "json", "--rules"])
            .arg(&file),
    );
    let caution = doc["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .find(|d| d["id"] == "d-above-caution")
        .expect("changed rule");
    assert_eq!(caution["thresholds"][0]["built_in"], 10000.0);
    assert_eq!(caution["thresholds"][0]["now"], 8000.0);

    let (same, _, _) = run(home.labelcheck().args(["rules", "--diff"]));
    assert!(same.ends_with("no differences.\n"), "{same}");
}

#[test]
fn a_rationale_never_explains_an_edited_limit_with_the_old_figure_unmarked() {
    let home = Home::new();
    home.save_rules(&caution_at("4500"));
    let doc = json(
        home.labelcheck()
            .args(["check", "--format", "json", D_5000]),
    );
    let finding = doc["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "d-above-caution")
        .expect("finding");
    let rationale = finding["rationale"].as_str().expect("rationale");
    assert!(
        rationale.starts_with(
            "Edited threshold: limit 4,500 IU/day (built-in: 10,000). Figures quoted below are the built-in rule's (default)."
        ),
        "{rationale}"
    );
    let (explained, _, _) = run(home.labelcheck().args(["explain", "d-above-caution"]));
    assert!(
        explained.contains("Edited threshold: limit 4,500 IU/day"),
        "{explained}"
    );
    // An unedited rule's rationale is as written.
    let (plain, _, _) = run(home.labelcheck().args(["explain", "d-above-ul"]));
    assert!(!plain.contains("Edited threshold"), "{plain}");
}

#[test]
fn a_saved_rule_that_measures_other_quantities_than_the_built_in_one_is_said() {
    let home = Home::new();
    // A file saved before vitamin K of unstated form was its own quantity.
    let old = BUILTIN.replacen(
        "quantities = [\"k1_mcg\", \"k2_total_mcg\", \"k_unspecified_mcg\"]",
        "quantities = [\"k1_mcg\", \"k2_total_mcg\"]",
        1,
    );
    assert_ne!(old, BUILTIN);
    home.save_rules(&old);
    let (_, err, _) = run(home
        .labelcheck()
        .args(["check", "--anticoagulant", "vka", D_5000]));
    assert!(
        err.contains("vka-vitamin-k in this file measures or matches something other than the built-in rule of the same id"),
        "{err}"
    );
    let (diff, _, _) = run(home.labelcheck().args(["rules", "--diff"]));
    assert!(diff.contains("vka-vitamin-k"), "{diff}");
    // The built-in rules saved as they are: nothing to say.
    let same = Home::new();
    same.save_rules(BUILTIN);
    let (_, err, _) = run(same.labelcheck().args(["check", D_5000]));
    assert!(!err.contains("something other than"), "{err}");
}
