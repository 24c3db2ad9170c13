//! The bad-input catalogue: every file under tests/bad_inputs/ (labels, rules files, label text)
//! with the exact message it must produce, from tests/bad_inputs/expected.toml.

use std::path::Path;

use labelcheck::fsio::text_from_bytes;
use labelcheck::{RulesOrigin, import_text_checked, parse_label_text, parse_rules_text};

/// The first diagnostic for one catalogue file, as "file:line:column: message".
fn first_error(kind: &str, name: &str, bytes: Vec<u8>) -> Option<String> {
    let text = match text_from_bytes(name, bytes) {
        Ok(text) => text,
        Err(d) => return Some(d.to_string()),
    };
    let result = match kind {
        "labels" => parse_label_text(name, &text).map(|_| ()),
        "rules" => parse_rules_text(name, &text, RulesOrigin::Builtin).map(|_| ()),
        _ => import_text_checked(name, &text, "t")
            .map(|_| ())
            .map_err(|e| e.diagnostics),
    };
    result
        .err()
        .and_then(|d| d.0.first().map(ToString::to_string))
}

#[test]
fn every_bad_input_gets_its_exact_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let expected: toml::Table = std::fs::read_to_string(root.join("expected.toml"))
        .expect("expected.toml")
        .parse()
        .expect("expected.toml parses");
    let mut seen = 0;
    let mut wrong = Vec::new();
    for kind in ["labels", "rules", "text"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(kind))
            .expect("folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files {
            let name = format!(
                "{kind}/{}",
                path.file_name().expect("name").to_string_lossy()
            );
            let got = first_error(kind, &name, std::fs::read(&path).expect("read"));
            let want = expected.get(&name).and_then(|v| v.as_str());
            seen += 1;
            match (got, want) {
                (Some(got), Some(want)) if got == want => {}
                (got, want) => wrong.push(format!("{name}\n    want: {want:?}\n    got:  {got:?}")),
            }
        }
    }
    assert!(
        seen >= 40,
        "the catalogue has {seen} cases; it should have at least 40"
    );
    assert!(
        wrong.is_empty(),
        "{} case(s) differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    let stored = expected.keys().filter(|k| !k.starts_with("made/")).count();
    assert_eq!(
        stored, seen,
        "expected.toml lists a file that does not exist"
    );
}

/// The inputs git cannot hold, made for the test: a named pipe, a folder whose only entries
/// are link loops, a path full of control characters, a 1 MiB label whose errors are all on
/// one line, and a file that is not a label. Each is found as `check` finds it (the walk, then
/// reading), and its first message is compared with `made/…` in expected.toml.
#[cfg(unix)]
#[test]
fn every_made_input_gets_its_exact_message() {
    use std::os::unix::fs::symlink;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let expected: toml::Table = std::fs::read_to_string(root.join("expected.toml"))
        .expect("expected.toml")
        .parse()
        .expect("expected.toml parses");
    let dir = tempfile::tempdir().expect("tempdir");
    let made = dir.path().join("made");
    std::fs::create_dir(&made).expect("mkdir");

    let fifo = made.join("fifo.toml");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    std::fs::create_dir_all(made.join("link-loop/sub")).expect("mkdir");
    symlink("..", made.join("link-loop/up")).expect("link");
    symlink("..", made.join("link-loop/sub/up")).expect("link");
    symlink(".", made.join("link-loop/sub/here")).expect("link");
    std::fs::write(
        made.join("title\u{1b}]0;pwned\u{7}\nforged.toml"),
        "name = \"x\"\n[[ingredient]]\nname = \"D3\"\namount = 0\nunit = \"IU\"\n",
    )
    .expect("write");
    let item = "{name=\"D3\",amount=-1,unit=\"kg\"},";
    std::fs::write(
        made.join("huge-one-line.toml"),
        format!("name = \"x\"\ningredient = [{}]\n", item.repeat(32_000)),
    )
    .expect("write");
    std::fs::write(made.join("README.md"), "# not a label\n").expect("write");

    let mut inputs: Vec<_> = std::fs::read_dir(&made)
        .expect("made")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    inputs.sort();
    let mut wrong = Vec::new();
    for path in &inputs {
        let name = format!("made/{}", path.file_name().expect("name").to_string_lossy());
        let (files, walk_errors) =
            labelcheck::LabelWalk::default().collect(std::slice::from_ref(path));
        let got = walk_errors.first().cloned().or_else(|| {
            files
                .iter()
                .find_map(|f| labelcheck::load_label_file(f).err())
                .and_then(|d| d.0.first().cloned())
        });
        let prefix = format!("{}/", dir.path().display());
        let got = got.map(|d| d.to_string().replacen(&prefix, "", 1));
        let want = expected.get(&name).and_then(|v| v.as_str());
        match (got, want) {
            (Some(got), Some(want)) if got == want => {}
            (got, want) => wrong.push(format!("{name:?}\n    want: {want:?}\n    got:  {got:?}")),
        }
    }
    let listed = expected.keys().filter(|k| k.starts_with("made/")).count();
    assert_eq!(
        listed,
        inputs.len(),
        "expected.toml and the made inputs differ"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
