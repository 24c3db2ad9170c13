//! The person profile: saved named profiles in the config folder, picked with `--profile`,
//! overridden field by field by the command-line options, and stated in every report. No test
//! touches the real home: the config folder is a temporary one (XDG_CONFIG_HOME and HOME).

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{Value, json};

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn with_profiles(text: &str) -> Home {
        let home = Home {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        let folder = home.config().join("labelcheck");
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(folder.join("profiles.toml"), text).expect("write");
        home
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
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

const PROFILES: &str = "[profile.mum]\nage = 82\nanticoagulant = \"warfarin\"\n\
    conditions = [\"kidney-stones\"]\nmedicines = [\"hctz\"]\n";

const MK7_LABEL: &str = "examples/d3-5000-k2-mk7-olive-softgel.toml";

#[test]
fn a_saved_profile_is_used_and_stated_in_json() {
    let home = Home::with_profiles(PROFILES);
    let (out, err, _) =
        run(home
            .labelcheck()
            .args(["check", "--format", "json", "--profile", "mum", MK7_LABEL]));
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(
        doc["profile"],
        json!({"name": "mum", "age": 82.0, "anticoagulant": "vka", "pregnancy": "none",
               "conditions": ["kidney-stones"], "medicines": ["thiazide"]})
    );
    let ids: Vec<&str> = doc["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(ids.contains(&"vka-vitamin-k"), "{ids:?}");
}

#[test]
fn command_line_options_override_the_saved_profile_field_by_field() {
    let home = Home::with_profiles(PROFILES);
    let (out, _, _) = run(home.labelcheck().args([
        "check",
        "--profile",
        "mum",
        "--anticoagulant",
        "none",
        "--condition",
        "none",
        MK7_LABEL,
    ]));
    assert!(
        out.contains("Checked for: profile \"mum\": age 82 y; medicines: thiazide."),
        "{out}"
    );
    assert!(!out.contains("vka-vitamin-k"), "{out}");
}

#[test]
fn without_a_profile_the_report_says_nothing_was_stated() {
    let home = Home::with_profiles(PROFILES);
    let (out, _, _) = run(home.labelcheck().args(["check", MK7_LABEL]));
    assert!(
        out.contains(
            "Checked for: profile from the command line: adult (no age given); no conditions \
             or medicines stated."
        ),
        "{out}"
    );
}

#[test]
fn a_missing_profile_or_a_bad_value_is_an_error_naming_the_file_and_place() {
    let home = Home::with_profiles(PROFILES);
    let (_, err, code) = run(home
        .labelcheck()
        .args(["check", "--profile", "dad", MK7_LABEL]));
    assert_eq!(code, 2);
    assert!(err.contains("profiles.toml"), "{err}");
    assert!(
        err.contains("no profile \"dad\" in this file; it has: mum"),
        "{err}"
    );

    let home = Home::with_profiles("[profile.x]\nage = 40\nmedicines = [\"aspirin\"]\n");
    let (_, err, code) = run(home
        .labelcheck()
        .args(["check", "--profile", "x", MK7_LABEL]));
    assert_eq!(code, 2);
    assert!(err.contains("profiles.toml:3:"), "{err}");
    assert!(err.contains("unknown medicine \"aspirin\""), "{err}");

    let (_, err, code) = run(home
        .labelcheck()
        .args(["check", "--condition", "gout", MK7_LABEL]));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown condition \"gout\": use one of ckd"),
        "{err}"
    );
}

#[test]
fn explain_with_an_age_shows_the_limit_in_force_for_that_person() {
    let home = Home::with_profiles(PROFILES);
    let (plain, _, code) = run(home.labelcheck().args(["explain", "d-above-ul"]));
    assert_eq!(code, 0);
    assert!(!plain.contains("For this person"), "{plain}");
    let (child, err, code) = run(home
        .labelcheck()
        .args(["explain", "d-above-ul", "--age", "4"]));
    assert_eq!(code, 0, "{err}");
    assert!(child.contains("For this person"), "{child}");
    assert!(
        child.contains("limit for this person: 3,000 IU/day for ages 4–8 y"),
        "{child}"
    );
    let (infant, _, _) =
        run(home
            .labelcheck()
            .args(["explain", "magnesium-above-ul", "--age", "0.5"]));
    assert!(
        infant.contains("not checked at 6 months: the youngest age band starts at 1 year"),
        "{infant}"
    );
    assert!(
        infant.contains("- magnesium-infant — Supplemental magnesium for an infant"),
        "{infant}"
    );
    let (adult, _, _) =
        run(home
            .labelcheck()
            .args(["explain", "d-above-caution-child", "--age", "40"]));
    assert!(
        adult.contains("not applied at 40 years: this rule stops at 19 years"),
        "{adult}"
    );
}

#[test]
fn explain_with_a_saved_profile_says_which_profile_rules_speak_for_that_person() {
    let home = Home::with_profiles(PROFILES);
    let (mum, err, code) =
        run(home
            .labelcheck()
            .args(["explain", "calcium-above-ul", "--profile", "mum"]));
    assert_eq!(code, 0, "{err}");
    assert!(mum.contains("profile \"mum\": age 82 y"), "{mum}");
    assert!(
        mum.contains("limit for this person: 2,000 mg/day for ages 51 y and over"),
        "{mum}"
    );
    // Kidney stones and a thiazide: both profile rules about calcium speak for her; the
    // kidney-disease one does not.
    assert!(mum.contains("- condition-vitamin-d-calcium"), "{mum}");
    assert!(mum.contains("- thiazide-vitamin-d-calcium"), "{mum}");
    assert!(!mum.contains("ckd-calcium"), "{mum}");
    let (vka, _, _) = run(home
        .labelcheck()
        .args(["explain", "vka-vitamin-k", "--profile", "mum"]));
    assert!(
        vka.contains("applies: the person takes a vitamin K antagonist"),
        "{vka}"
    );
    // The command line overrides the saved profile.
    let (none, _, _) = run(home.labelcheck().args([
        "explain",
        "vka-vitamin-k",
        "--profile",
        "mum",
        "--anticoagulant",
        "none",
    ]));
    assert!(
        none.contains("does not apply: it speaks only when"),
        "{none}"
    );
    let (same, _, _) = run(home.labelcheck().args(["explain", "d2-form", "--age", "3"]));
    assert!(same.contains("the same for every person"), "{same}");
}

#[test]
fn explain_with_an_unknown_profile_is_an_error_that_names_it() {
    let home = Home::with_profiles(PROFILES);
    let (out, err, code) =
        run(home
            .labelcheck()
            .args(["explain", "d-above-ul", "--profile", "dad"]));
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("it has: mum"), "{err}");
}
