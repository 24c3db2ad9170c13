//! How the command line writes: failures to write, closed pipes, the JSON summary, colour and
//! quiet modes, completions and the man page, and the answers to usage mistakes.

use std::io::Read;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use assert_cmd::cargo::CommandCargoExt;
use serde_json::{Value, json};

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

/// (stdout, stderr, exit code)
fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_disk_exits_2_with_a_clear_message() {
    for args in [
        &["check", "examples/"][..],
        &["check", "--format", "json", "examples/"],
        &["import", "tests/labels/us/02-cedar-ridge-d3-k2-coconut.txt"],
        &["rules"],
        &["explain", "d-above-caution"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Process::cargo_bin("labelcheck")
            .expect("binary")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env(
                "XDG_CONFIG_HOME",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
            )
            .env_remove("LABELCHECK_RULES")
            .args(args)
            .stdout(full)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("labelcheck: cannot write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("Read "), "{args:?}: {stderr}");
    }
}

/// The reader goes away before anything is written: a quiet end, exit 2, in text and JSON.
/// The pipe's reading end is closed before the child starts (closing it after `spawn` raced
/// the child: on a loaded machine it could write everything into the pipe's buffer first).
#[test]
fn a_closed_pipe_is_a_quiet_exit_2_in_text_and_json() {
    for format in ["text", "json"] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let mut child = Process::cargo_bin("labelcheck")
            .expect("binary")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env(
                "XDG_CONFIG_HOME",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
            )
            .env_remove("LABELCHECK_RULES")
            .args(["check", "--format", format, "examples/"])
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("read");
        let status = child.wait().expect("waits");
        assert_eq!(status.code(), Some(2), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

#[test]
fn json_ends_with_its_schema_version_and_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), "name = ").expect("write");
    let (out, _, code) = run(labelcheck()
        .args(["check", "--format", "json", "examples/"])
        .arg(dir.path().join("bad.toml")));
    assert_eq!(code, 2);
    let doc: Value = serde_json::from_str(&out).expect("JSON");
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
        ]
    );
    assert_eq!(
        doc["profile"],
        json!({"name": null, "age": null, "anticoagulant": "none", "pregnancy": "none",
               "conditions": [], "medicines": []})
    );
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["rules"], json!({"origin": "built-in", "path": null}));
    let findings = |s: &str| {
        doc["results"]
            .as_array()
            .expect("results")
            .iter()
            .flat_map(|r| r["findings"].as_array().expect("findings"))
            .filter(|f| f["severity"] == s)
            .count()
    };
    assert_eq!(
        doc["summary"],
        json!({
            "files_checked": 14,
            "files_failed": 1,
            "errors": 1,
            "findings": {
                "warning": findings("warning"),
                "caution": findings("caution"),
                "notice": findings("notice"),
                "info": findings("info"),
            },
            "worst_severity": "warning",
        })
    );
    // Rules that do not load still give the whole document.
    let (out, _, code) = run(labelcheck().args([
        "check",
        "--format",
        "json",
        "--rules",
        "no-such-rules.toml",
        "examples/",
    ]));
    assert_eq!(code, 2);
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["summary"]["files_failed"], 1);
    assert_eq!(doc["summary"]["worst_severity"], Value::Null);
    assert_eq!(
        doc["rules"],
        json!({"origin": "--rules", "path": "no-such-rules.toml"})
    );
}

#[test]
fn color_always_and_never_override_the_terminal_test() {
    let file = "examples/d3-20000-k2-softgel.toml";
    let (always, _, _) = run(labelcheck().args(["--color", "always", "check", file]));
    assert!(always.contains('\x1b'), "{always}");
    let (always, _, _) = run(labelcheck().args(["check", "--color=always", file]));
    assert!(always.contains('\x1b'), "{always}");
    let (never, _, _) = run(labelcheck()
        .env("CLICOLOR_FORCE", "1")
        .args(["check", "--color", "never", file]));
    assert!(!never.contains('\x1b'), "{never}");
    assert!(never.contains("caution  d-above-caution"), "{never}");
}

#[test]
fn quiet_prints_only_errors_and_keeps_the_exit_code() {
    let (out, err, code) = run(labelcheck().args(["check", "--quiet", "examples/"]));
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 1));
    let (out, _, code) = run(labelcheck().args(["-q", "check", "--format", "json", "examples/"]));
    assert_eq!((out.as_str(), code), ("", 1));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), "name = ").expect("write");
    let (out, err, code) = run(labelcheck().args(["check", "-q"]).arg(dir.path()));
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(err.contains("bad.toml:1:8: not valid TOML"), "{err}");
    let (toml, err, code) = run(labelcheck().args([
        "import",
        "-q",
        "tests/labels/us/02-cedar-ridge-d3-k2-coconut.txt",
    ]));
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(toml.contains("[[ingredient]]"), "{toml}");
}

#[test]
fn completions_and_the_man_page_are_generated_from_the_parser() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (out, err, code) = run(labelcheck().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains("labelcheck") && out.contains("explain"),
            "{shell}"
        );
    }
    let (man, _, code) = run(labelcheck().arg("manpage"));
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") || man.contains(".TH labelcheck 1"),
        "{man}"
    );
    for needle in ["check", "\\-\\-quiet", "\\-\\-color", "not medical advice"] {
        assert!(man.contains(needle), "{needle} in the man page");
    }
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    for args in [&["chek", "x"][..], &["chek"], &["explian", "d-above-ul"]] {
        let (_, err, code) = run(labelcheck().args(args));
        assert_eq!(code, 2, "{args:?}");
        let want = if args[0] == "chek" {
            "check"
        } else {
            "explain"
        };
        assert!(
            err.contains(&format!(
                "error: unrecognized subcommand '{}': did you mean `{want}`?",
                args[0]
            )),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_label_path_that_does_not_exist_exits_2_before_the_app_starts() {
    let (_, err, code) = run(labelcheck().arg("no-such-label.toml"));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no-such-label.toml:1:1: cannot open: no such file or folder\n"
    );
}

#[test]
fn a_negative_age_gets_a_clear_error() {
    let (_, err, code) = run(labelcheck().args(["check", "--age", "-3", "examples/"]));
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "invalid value '-3' for '--age <YEARS>': age must be a number of years, 0 or more (0.5 = six months) (found -3)"
        ),
        "{err}"
    );
}

#[test]
fn a_missing_rules_file_is_said_not_to_exist() {
    let (_, err, code) =
        run(labelcheck().args(["check", "--rules", "no-such-rules.toml", "examples/"]));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no-such-rules.toml:1:1: the rules file does not exist\n\
         labelcheck: the rules could not be loaded; nothing was checked.\n"
    );
}

#[test]
fn an_app_option_before_a_command_is_refused_not_ignored() {
    let (_, err, code) = run(labelcheck().args(["--age", "3", "check", "examples/"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--age must come after the command: `labelcheck check --age …`"),
        "{err}"
    );
}
