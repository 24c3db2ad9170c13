//! Nothing from input reaches the terminal raw: label fields, file paths, error messages and
//! rules text are printed with their control, bidi and zero-width characters escaped, and a
//! newline in a name never forges report lines.

use std::path::Path;

use assert_cmd::Command;

fn labelcheck(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary builds");
    cmd.current_dir(dir);
    cmd.env_remove("CLICOLOR_FORCE").env("NO_COLOR", "1");
    // Rules the developer saved are not these tests' rules.
    cmd.env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
    )
    .env_remove("LABELCHECK_RULES");
    cmd
}

/// Standard output and error, checked for raw characters a terminal would act on.
fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && labelcheck::escape::is_hidden(c))
            .collect();
        assert!(raw.is_empty(), "raw {raw:?} on {name}:\n{text}");
    }
    (stdout, stderr, out.status.code().unwrap_or(-1))
}

/// A label whose every printed field carries an escape sequence, a bidi override or a newline
/// followed by what would look like another report entry.
const HOSTILE_LABEL: &str = r#"name = "Evil\u001b]0;pwned\u0007\nother.toml  Forged\n  caution  forged-rule  forged"
brand = "B\u202eA"
form = "softgel"
claims = ["Cures\u001b[2J cancer*"]
other_ingredients = ["olive\u200b oil\u001b]8;;http://x\u0007"]

[[ingredient]]
name = "Vitamin D3\u001b[31m"
amount = 20000
unit = "IU"
"#;

#[test]
fn hostile_label_fields_and_paths_are_escaped_in_check_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("evil\u{1b}[2J\nname.toml"), HOSTILE_LABEL).expect("write");
    let (stdout, _, code) = run(labelcheck(dir.path()).args(["check", "."]));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.starts_with(
            "./evil\\u{1b}[2J\\nname.toml  Evil\\u{1b}]0;pwned\\u{7}\\nother.toml  Forged\\n  caution  forged-rule  forged (B\\u{202e}A, softgel)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\"Cures\\u{1b}[2J cancer*\""), "{stdout}");
    assert!(
        stdout.contains("olive\\u{200b} oil\\u{1b}]8;;http://x\\u{7}"),
        "{stdout}"
    );
    assert!(!stdout.contains("\n  caution  forged-rule"), "{stdout}");
}

#[test]
fn hostile_text_in_error_messages_and_paths_is_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("bad\u{9b}31m.toml"),
        r#"name = "x"
[[ingredient]]
name = "D3"
amount = 1
unit = "IU\u001b[31m"
"\u001b]0;t\u0007" = 1
"#,
    )
    .expect("write");
    let (_, stderr, code) = run(labelcheck(dir.path()).args(["check", "."]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "error: ./bad\\u{9b}31m.toml:5:8: unknown unit \"IU\\u{1b}[31m\": use IU, mcg (also µg, ug), mg or g\n5 | unit = \"IU\\u001b[31m\"\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown key `\\u{1b}]0;t\\u{7}` in [[ingredient]]"),
        "{stderr}"
    );
}

#[test]
fn hostile_rules_text_is_escaped_in_rules_and_explain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = labelcheck::rules::DEFAULT_RULES_TOML
        .replacen(
            "title = \"",
            "title = \"\\u001b]0;owned\\u0007\\nd-fake  warning  Fake ",
            1,
        )
        .replacen(
            "rationale = \"\"\"\n",
            "rationale = \"\"\"\n\\u202e\\u001b[2J ",
            1,
        );
    assert_ne!(rules, labelcheck::rules::DEFAULT_RULES_TOML);
    std::fs::write(dir.path().join("rules\u{7}.toml"), rules).expect("write");
    let (stdout, _, code) =
        run(labelcheck(dir.path()).args(["rules", "--rules", "rules\u{7}.toml"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("rules from rules\\u{7}.toml"), "{stdout}");
    assert!(
        stdout.contains("\\u{1b}]0;owned\\u{7}\\nd-fake  warning  Fake "),
        "{stdout}"
    );
    let first_id = labelcheck::rules::DEFAULT_RULES_TOML
        .lines()
        .find_map(|l| l.strip_prefix("id = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("a rule id");
    let (stdout, _, code) =
        run(labelcheck(dir.path()).args(["explain", "--rules", "rules\u{7}.toml", first_id]));
    assert_eq!(code, 0);
    assert!(stdout.contains("\\u{202e}\\u{1b}[2J"), "{stdout}");
    let (_, stderr, code) = run(labelcheck(dir.path()).args(["explain", "no\u{1b}[2Jsuch"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no rule with id `no\\u{1b}[2Jsuch`"),
        "{stderr}"
    );
}

#[test]
fn a_newline_in_the_imported_file_name_cannot_inject_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "panel\nservings_per_day = 50\n#.txt";
    std::fs::write(
        dir.path().join(name),
        "Vitamin D3 1,000 IU\nKeep \u{1b}[2J out of reach\n",
    )
    .expect("write");
    let (toml, stderr, code) = run(labelcheck(dir.path()).args(["import", name]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        toml.starts_with("# Imported by labelcheck from panel\\nservings_per_day = 50\\n#.txt."),
        "{toml}"
    );
    assert!(
        toml.contains("#   2: Keep \\u{1b}[2J out of reach\n"),
        "{toml}"
    );
    let label = labelcheck::parse_label_text("imported", &toml).expect("the output is a label");
    assert_eq!(label.servings_per_day, None, "{toml}");
    assert_eq!(label.name, "panel\nservings_per_day = 50\n#");
    assert!(
        stderr.contains("from panel\\nservings_per_day = 50\\n#.txt"),
        "{stderr}"
    );
}

#[test]
fn a_quote_or_newline_in_the_imported_name_stays_inside_its_string() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("panel.txt"), "Vitamin D3 1,000 IU\n").expect("write");
    let (toml, _, code) = run(labelcheck(dir.path()).args([
        "import",
        "panel.txt",
        "--name",
        "X\"\nservings_per_day = 50\n# \"",
    ]));
    assert_eq!(code, 0);
    let label = labelcheck::parse_label_text("imported", &toml).expect("the output is a label");
    assert_eq!(label.servings_per_day, None, "{toml}");
    assert_eq!(label.name, "X\"\nservings_per_day = 50\n# \"");
    assert!(
        toml.lines().all(|l| !l.starts_with("servings_per_day")),
        "{toml}"
    );
}
