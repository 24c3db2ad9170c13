//! Bad input never crashes: every case gets exit code 2 and a message naming the file, line
//! and column, and the other files in the same run are still checked.

use std::path::Path;

use assert_cmd::Command;

/// A config folder that does not exist: rules the developer saved are not these tests' rules.
const NO_CONFIG: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config");

const GOOD_INGREDIENT: &str =
    "[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n";

fn check(path: &Path) -> (i32, String) {
    let out = Command::cargo_bin("labelcheck")
        .expect("binary")
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env_remove("LABELCHECK_RULES")
        .arg("check")
        .arg(path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stderr)
}

/// Writes `content` to a temp file and expects `file:LINE:COL: message…` on stderr.
fn expect_error(content: &[u8], line: usize, column: usize, message: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("label.toml");
    std::fs::write(&path, content).expect("write");
    let (code, stderr) = check(&path);
    assert_eq!(code, 2, "{stderr}");
    let expected = format!("{}:{line}:{column}: {message}", path.display());
    assert!(
        stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}

fn label_with(ingredient_lines: &str) -> String {
    format!("name = \"Test\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\n{ingredient_lines}")
}

#[test]
fn an_empty_file() {
    expect_error(b"", 1, 1, "file is empty");
    expect_error(b"  \n\n", 1, 1, "file is empty");
}

#[test]
fn text_that_is_not_toml() {
    expect_error(
        b"Supplement Facts\nVitamin D3 5000 IU\n",
        1,
        12,
        "not valid TOML",
    );
}

#[test]
fn binary_data() {
    expect_error(
        b"name = \"x\"\n\xff\xfe\x00\x01",
        2,
        1,
        "file is not UTF-8 text",
    );
    expect_error(b"name = \"x\"\x00\n", 1, 11, "file contains a NUL byte");
}

#[test]
fn a_missing_required_key() {
    expect_error(
        GOOD_INGREDIENT.as_bytes(),
        1,
        1,
        "missing required key `name`",
    );
    expect_error(
        label_with("amount = 5\n").as_bytes(),
        3,
        1,
        "missing required key `unit`",
    );
    expect_error(
        b"name = \"Only a name\"\n",
        1,
        1,
        "the label lists no ingredients",
    );
}

#[test]
fn an_unknown_key() {
    expect_error(
        label_with("amout = 5\namount = 5\nunit = \"IU\"\n").as_bytes(),
        5,
        1,
        "unknown key `amout` in [[ingredient]] (did you mean `amount`?)",
    );
    expect_error(
        format!("name = \"x\"\nbrnad = \"y\"\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        1,
        "unknown key `brnad` (did you mean `brand`?)",
    );
}

#[test]
fn a_wrong_type() {
    expect_error(
        label_with("amount = \"125\"\nunit = \"mcg\"\n").as_bytes(),
        5,
        10,
        "`amount` must be a number without quotes",
    );
    expect_error(
        format!("name = 5\n{GOOD_INGREDIENT}").as_bytes(),
        1,
        8,
        "`name` must be a string in quotes, found an integer",
    );
    expect_error(
        format!("name = \"x\"\nclaims = \"one claim\"\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        10,
        "`claims` must be a list of strings",
    );
    expect_error(
        b"name = \"x\"\ningredient = 5\n",
        2,
        14,
        "`ingredient` must be a list of tables",
    );
}

#[test]
fn impossible_amounts() {
    expect_error(
        label_with("amount = -5\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "amount must be greater than 0 (found -5)",
    );
    expect_error(
        label_with("amount = 0\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "amount must be greater than 0 (found 0)",
    );
    expect_error(
        label_with("amount = nan\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "`amount` must be a number, not nan",
    );
    expect_error(
        label_with("amount = inf\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "`amount` must be a finite number, not infinite",
    );
    expect_error(
        label_with("amount = -inf\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "`amount` must be a finite number, not infinite",
    );
    expect_error(
        label_with("amount = 1e300\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "amount 1e300 IU is not plausible for one serving: at most 10,000,000 IU is accepted",
    );
    expect_error(
        label_with("amount = 99999999999999999999999\nunit = \"IU\"\n").as_bytes(),
        5,
        10,
        "amount 1e23 IU is not plausible",
    );
    // The limit is per unit: 10,000,000 g is no more plausible than 1e300 IU.
    expect_error(
        label_with("amount = 10000000\nunit = \"g\"\n").as_bytes(),
        5,
        10,
        "amount 10,000,000 g is not plausible for one serving: at most 10 g is accepted",
    );
}

#[test]
fn an_unknown_unit() {
    expect_error(
        label_with("amount = 5\nunit = \"kg\"\n").as_bytes(),
        6,
        8,
        "unknown unit \"kg\": use IU, mcg (also µg, ug), mg or g",
    );
}

#[test]
fn iu_for_an_ingredient_other_than_vitamin_d() {
    let text = "name = \"x\"\n[[ingredient]]\nname = \"Vitamin K2\"\nform = \"MK-7\"\namount = 100\nunit = \"IU\"\n";
    expect_error(
        text.as_bytes(),
        6,
        8,
        "IU is used here only for vitamin D (1 mcg = 40 IU); give the amount of \"Vitamin K2\" in mcg, mg or g",
    );
}

#[test]
fn servings_per_day_of_zero_or_less() {
    expect_error(
        format!("name = \"x\"\nservings_per_day = 0\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        20,
        "servings_per_day must be greater than 0 (found 0)",
    );
    expect_error(
        format!("name = \"x\"\nservings_per_day = -1\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        20,
        "servings_per_day must be greater than 0 (found -1)",
    );
}

#[test]
fn fewer_than_one_serving_a_year() {
    expect_error(
        format!("name = \"x\"\nservings_per_day = 1e-300\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        20,
        "servings_per_day 1e-300 is less than one serving a year (at least 0.0027 = 1/365 is accepted)",
    );
}

#[test]
fn an_unknown_form() {
    expect_error(
        format!("name = \"x\"\nform = \"pill\"\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        8,
        "unknown form \"pill\": use one of softgel, capsule",
    );
}

#[test]
fn duplicated_keys() {
    expect_error(
        format!("name = \"x\"\nname = \"y\"\n{GOOD_INGREDIENT}").as_bytes(),
        2,
        1,
        "not valid TOML: duplicate key",
    );
}

#[test]
fn a_file_over_one_mebibyte() {
    let mut big = format!("name = \"x\"\n{GOOD_INGREDIENT}");
    big.push_str(&"# padding\n".repeat(110_000));
    let size = big.len();
    expect_error(
        big.as_bytes(),
        1,
        1,
        &format!("file is {size} bytes; labelcheck reads files of at most 1 MiB"),
    );
}

/// A label of just under 1 MiB whose one long line repeats two mistakes 32,000 times: the
/// errors are capped with a count, each shows a short part of the line, and JSON output is
/// still one valid document.
#[test]
fn a_one_mebibyte_line_of_errors_gives_bounded_output_and_valid_json() {
    let item = "{name=\"D3\",amount=-1,unit=\"kg\"},";
    let text = format!("name = \"x\"\ningredient = [{}]\n", item.repeat(32_000));
    assert!(text.len() > 1_000_000 && text.len() < 1024 * 1024);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("one-line.toml");
    std::fs::write(&path, &text).expect("write");

    let (code, stderr) = check(&path);
    assert_eq!(code, 2);
    assert!(stderr.len() < 20_000, "{} bytes of errors", stderr.len());
    assert!(
        stderr.contains(
            ":2:353: … and 63,980 more problems from here on; fix the ones above and check again"
        ),
        "{stderr}"
    );
    assert!(stderr.lines().all(|l| l.chars().count() < 300), "{stderr}");

    let out = Command::cargo_bin("labelcheck")
        .expect("binary")
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env_remove("LABELCHECK_RULES")
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 21);
    assert_eq!(errors[0]["line"], 2);
    assert_eq!(errors[0]["column"], 33);
    assert_eq!(
        errors[0]["message"],
        "amount must be greater than 0 (found -1)"
    );
    assert!(
        out.stdout.len() < 20_000,
        "{} bytes of JSON",
        out.stdout.len()
    );
}

#[test]
fn a_folder_with_no_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.md"), "hello").expect("write");
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "{}:1:1: folder holds no label files (*.toml), label text",
            dir.path().display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_path_that_does_not_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.toml");
    let (code, stderr) = check(&missing);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "{}:1:1: cannot read: no such file or folder",
            missing.display()
        )),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A dangling symlink cannot be read by anyone, root included.
    let link = dir.path().join("dangling.toml");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("gone.toml"), &link).expect("symlink");
        let (code, stderr) = check(dir.path());
        assert_eq!(code, 2);
        assert!(
            stderr.contains("dangling.toml:1:1: cannot read file: no such file or folder"),
            "{stderr}"
        );

        // Permission bits stop everyone but root; assert only where they take effect.
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked.toml");
        std::fs::write(&locked, format!("name = \"x\"\n{GOOD_INGREDIENT}")).expect("write");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::read(&locked).is_err() {
            let (code, stderr) = check(&locked);
            assert_eq!(code, 2);
            assert!(
                stderr.contains("locked.toml:1:1: cannot read file: permission denied"),
                "{stderr}"
            );
        }
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A named pipe nobody writes to, as a label, inside a folder and as --rules: refused at once
/// (a blocking read would hang until the timeout), and the other files are still checked.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    std::fs::write(
        dir.path().join("good.toml"),
        format!("name = \"x\"\n{GOOD_INGREDIENT}"),
    )
    .expect("write");
    let refused = "pipe.toml:1:1: is a named pipe (FIFO), not a regular file: labelcheck reads only regular files";
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("labelcheck")
            .expect("binary")
            .env("XDG_CONFIG_HOME", NO_CONFIG)
            .env_remove("LABELCHECK_RULES")
            .current_dir(dir.path())
            .args(args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, stderr) = run(&["check", "pipe.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("error: {refused}")), "{stderr}");
    let (code, stdout, stderr) = run(&["check", "."]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("error: ./{refused}")), "{stderr}");
    assert!(stdout.contains("Checked 1 label"), "{stdout}");
    let (code, _, stderr) = run(&["check", "--rules", "pipe.toml", "good.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("error: {refused}")), "{stderr}");
    let (code, _, stderr) = run(&["import", "pipe.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("error: {refused}")), "{stderr}");
}

#[test]
fn several_problems_in_one_file_are_all_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("label.toml");
    std::fs::write(
        &path,
        label_with("amount = -1\nunit = \"kg\"\ncolour = \"red\"\n"),
    )
    .expect("write");
    let (_, stderr) = check(&path);
    for needle in [
        ":5:10: amount must be greater than 0",
        ":6:8: unknown unit",
        ":7:1: unknown key `colour`",
    ] {
        assert!(stderr.contains(needle), "{needle} in {stderr}");
    }
}

/// Rules files: each problem is rejected at its place, and the run checks nothing.
fn expect_rules_error(edit: impl Fn(&str) -> String, line_of: &str, column: usize, message: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    let text = edit(labelcheck::rules::DEFAULT_RULES_TOML);
    assert_ne!(
        text,
        labelcheck::rules::DEFAULT_RULES_TOML,
        "the edit applied"
    );
    std::fs::write(&path, &text).expect("write");
    // The last line holding the text: for a duplicate, the second occurrence.
    let line = text
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| l.contains(line_of))
        .unwrap_or_else(|| panic!("no line with {line_of}"))
        + 1;
    let out = Command::cargo_bin("labelcheck")
        .expect("binary")
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env_remove("LABELCHECK_RULES")
        .args(["check", "--rules"])
        .arg(&path)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:{line}:{column}: {message}", path.display());
    assert!(
        stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}

#[test]
fn rules_with_a_syntax_error() {
    expect_rules_error(
        |t| t.replacen("limit = 10000 ", "limit = 10000 10", 1),
        "limit = 10000 10",
        9,
        "not valid TOML",
    );
    expect_rules_error(
        |t| {
            t.replacen(
                "title = \"K2 form not stated\"",
                "title = \"K2 form not stated",
                1,
            )
        },
        "title = \"K2 form not stated",
        28,
        "not valid TOML",
    );
}

#[test]
fn rules_with_an_unknown_kind() {
    expect_rules_error(
        |t| t.replacen("kind = \"carrier\"", "kind = \"carier\"", 1),
        "kind = \"carier\"",
        8,
        "unknown rule kind \"carier\": use one of above, below",
    );
}

#[test]
fn rules_with_a_negative_limit() {
    expect_rules_error(
        |t| t.replacen("minimum = 10 ", "minimum = -10 ", 1),
        "minimum = -10",
        11,
        "`minimum` must not be negative (found -10)",
    );
    expect_rules_error(
        |t| {
            t.replacen(
                "{ from_age = 9, limit = 350 }",
                "{ from_age = 9, limit = -350 }",
                1,
            )
        },
        "limit = -350",
        27,
        "`limit` must not be negative",
    );
}

#[test]
fn rules_with_an_unknown_source_key() {
    expect_rules_error(
        |t| t.replacen("sources = [\"IOM-1997\"]", "sources = [\"IOM-1979\"]", 1),
        "\"IOM-1979\"",
        12,
        "unknown source key `IOM-1979`",
    );
}

#[test]
fn rules_with_an_invalid_pattern() {
    expect_rules_error(
        |t| t.replacen("'\\b(unclog", "'\\b((unclog", 1),
        "\\b((unclog",
        3,
        "pattern is not a valid regular expression",
    );
}

#[test]
fn rules_with_a_duplicate_id() {
    expect_rules_error(
        |t| t.replacen("id = \"d-without-k2\"", "id = \"d-above-caution\"", 1),
        "id = \"d-above-caution\"",
        6,
        "duplicate rule id `d-above-caution`",
    );
}

#[test]
fn rules_with_an_age_band_out_of_order() {
    expect_rules_error(
        |t| {
            t.replacen(
                "{ from_age = 4, limit = 110 }",
                "{ from_age = 0.5, limit = 110 }",
                1,
            )
        },
        "from_age = 0.5, limit = 110",
        16,
        "age limits must be listed youngest first",
    );
}

#[test]
fn rules_with_an_unknown_key_load_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    let text = labelcheck::rules::DEFAULT_RULES_TOML.replacen(
        "limit = 10000 ",
        "limit = 10000\nlimt = 9000 ",
        1,
    );
    std::fs::write(&path, &text).expect("write");
    let out = Command::cargo_bin("labelcheck")
        .expect("binary")
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env_remove("LABELCHECK_RULES")
        .args(["check", "--rules"])
        .arg(&path)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/d3-20000-k2-softgel.toml"
        ))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: ")
            && stderr.contains("unknown key `limt` in rule `d-above-caution` is ignored"),
        "{stderr}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the rules still load and the label is checked"
    );
}
