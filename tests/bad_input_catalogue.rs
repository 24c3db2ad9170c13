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
    assert_eq!(
        expected.len(),
        seen,
        "expected.toml lists a file that does not exist"
    );
}
