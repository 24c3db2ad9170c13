//! Folders given to `check`: link loops end, each label is checked once, hidden entries,
//! .gitignore and --exclude are respected, and the order is sorted.

use std::path::Path;

use assert_cmd::Command;

const LABEL: &str =
    "name = \"X\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n";

fn labelcheck(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary builds");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        // Rules the developer saved are not these tests' rules.
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
        )
        .env_remove("LABELCHECK_RULES")
        .timeout(std::time::Duration::from_secs(30));
    cmd
}

/// (files checked in order, error lines, exit code) of `check --format json ARGS`.
fn checked(dir: &Path, args: &[&str]) -> (Vec<String>, Vec<String>, i32) {
    let out = labelcheck(dir)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args)
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = |key: &str, field: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|r| {
                if field == "file" {
                    r["file"].as_str().expect("file").to_string()
                } else {
                    format!(
                        "{}:{}:{}: {}",
                        r["file"].as_str().unwrap_or(""),
                        r["line"],
                        r["column"],
                        r["message"].as_str().unwrap_or("")
                    )
                }
            })
            .collect()
    };
    (
        list("results", "file"),
        list("errors", "message"),
        out.status.code().unwrap_or(-1),
    )
}

fn write(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, LABEL).expect("write");
}

#[cfg(unix)]
#[test]
fn link_loops_end_and_each_label_is_checked_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("d/a.toml"));
    write(&root.join("d/sub/b.toml"));
    write(&root.join("other/c.toml"));
    let link = std::os::unix::fs::symlink;
    // Two links up: a walk that follows them never ends.
    link("..", root.join("d/up")).expect("link");
    link("..", root.join("d/sub/up")).expect("link");
    link("../other", root.join("d/other-link")).expect("link");
    link("a.toml", root.join("d/same-as-a.toml")).expect("link");
    link("../other/c.toml", root.join("d/c-link.toml")).expect("link");
    let (files, errors, code) = checked(root, &["d"]);
    assert_eq!(files, ["d/a.toml", "d/c-link.toml", "d/sub/b.toml"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(code, 0);
    // Overlapping paths give each label once too.
    let (files, errors, _) = checked(root, &["d", "d/sub", "d/a.toml"]);
    assert_eq!(files, ["d/a.toml", "d/c-link.toml", "d/sub/b.toml"]);
    assert!(errors.is_empty(), "{errors:?}");
    // A folder given by a link is walked.
    link("d", root.join("d-link")).expect("link");
    let (files, _, _) = checked(root, &["d-link"]);
    assert_eq!(
        files,
        ["d-link/a.toml", "d-link/c-link.toml", "d-link/sub/b.toml"]
    );
}

#[test]
fn hidden_entries_are_skipped_and_the_order_is_sorted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for name in [
        "b.toml",
        "a/z.toml",
        "A.txt",
        ".hidden.toml",
        ".git-like/x.toml",
        "c.TOML",
    ] {
        write(&root.join("f").join(name));
    }
    std::fs::write(root.join("f/A.txt"), "Vitamin D3 1000 IU\n").expect("write");
    std::fs::write(root.join("f/notes.md"), "not a label").expect("write");
    let (files, errors, _) = checked(root, &["f"]);
    assert_eq!(files, ["f/A.txt", "f/a/z.toml", "f/b.toml", "f/c.TOML"]);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn gitignore_and_exclude_leave_files_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // .gitignore counts in a git work tree, as for git itself.
    std::fs::create_dir(root.join(".git")).expect("mkdir");
    std::fs::write(root.join(".gitignore"), "drafts/\n*-old.toml\n").expect("write");
    for name in [
        "a.toml",
        "a-old.toml",
        "drafts/d.toml",
        "keep/k.toml",
        "keep/tmp/t.toml",
    ] {
        write(&root.join(name));
    }
    let (files, _, _) = checked(root, &["."]);
    assert_eq!(files, ["./a.toml", "./keep/k.toml", "./keep/tmp/t.toml"]);
    let (files, _, _) = checked(root, &["--exclude", "tmp/", "--exclude", "a.*", "."]);
    assert_eq!(files, ["./keep/k.toml"]);
    // A file named on the command line is checked whatever the globs say.
    let (files, _, _) = checked(root, &["--exclude", "*.toml", "a-old.toml"]);
    assert_eq!(files, ["a-old.toml"]);
    let out = labelcheck(root)
        .args(["check", "--exclude", "a[", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: --exclude a[: not a valid glob"),
        "{stderr}"
    );
}

#[test]
fn a_named_file_that_is_not_a_label_file_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("README.md"), "# hello\n").expect("write");
    write(&dir.path().join("a.toml"));
    let (files, errors, code) = checked(dir.path(), &["README.md", "a.toml"]);
    assert_eq!(files, ["a.toml"]);
    assert_eq!(
        errors,
        ["README.md:1:1: not a label file (.toml, .txt, or DSLD .json/.jsonl)"]
    );
    assert_eq!(code, 2);
}
