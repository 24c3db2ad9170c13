//! Property: whatever control, bidi or zero-width characters a label's fields and its file's
//! path hold, `check`'s text output and its errors contain none of them raw — only the line
//! ends the report itself writes — and a name never adds a report line. The short campaign
//! runs in `cargo test`; set PROPTEST_CASES for a longer one.

use std::path::Path;

use anstyle::{AnsiColor, Style};
use labelcheck::escape::is_hidden;
use labelcheck::label::{Ingredient, Label, Unit, label_to_toml};
use labelcheck::report::text::{self, Layout};
use labelcheck::{Profile, builtin_rules, collect_label_paths};
use proptest::prelude::*;

/// Characters a hostile label or file name would use, and ordinary ones around them.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('a', 'z'),
        1 => Just(' '),
        1 => Just('"'),
        1 => Just('\\'),
        1 => Just('µ'),
        4 => prop::char::range('\u{1}', '\u{1f}'),
        1 => Just('\u{7f}'),
        2 => prop::char::range('\u{80}', '\u{9f}'),
        2 => prop::sample::select(vec![
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ]),
        2 => prop::sample::select(vec![
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{2028}',
            '\u{2029}',
        ]),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 1..max).prop_map(|v| v.into_iter().collect())
}

/// The style sequences the report writes itself; everything else must be free of controls.
fn without_own_styles(text: &str) -> String {
    let styles = [
        Style::new().bold(),
        Style::new().dimmed(),
        AnsiColor::Red.on_default().bold(),
        AnsiColor::Yellow.on_default().bold(),
        AnsiColor::Cyan.on_default(),
        AnsiColor::Blue.on_default(),
    ];
    let mut codes: Vec<String> = styles
        .iter()
        .flat_map(|s| [s.render().to_string(), s.render_reset().to_string()])
        .collect();
    // Bold yellow starts with bold's own code: remove the longer sequences first.
    codes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let mut out = text.to_string();
    for code in codes {
        out = out.replace(&code, "");
    }
    out
}

fn raw_hidden(text: &str) -> Vec<char> {
    without_own_styles(text)
        .chars()
        .filter(|&c| c != '\n' && is_hidden(c))
        .collect()
}

fn check(dir: &Path) -> (String, String) {
    let (files, walk_errors) = collect_label_paths(&[dir.to_path_buf()]);
    let rules = builtin_rules();
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    text::write_check(
        &mut out,
        &mut errors,
        &rules.rules,
        &Profile::default(),
        &files,
        &walk_errors,
        Layout { width: Some(80) },
    )
    .expect("writes to memory");
    (
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(errors).expect("utf-8"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn text_output_never_holds_a_raw_control_character(
        file_name in hostile_text(12),
        name in hostile_text(30),
        brand in hostile_text(12),
        claim in hostile_text(20),
        other in hostile_text(20),
        ingredient in hostile_text(12),
        bad_unit in hostile_text(8),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let label = Label {
            name: name.clone(),
            brand: Some(brand),
            claims: vec![claim],
            other_ingredients: vec![other],
            ingredients: vec![
                Ingredient::new("Vitamin D3", None, 20_000.0, Unit::Iu),
                Ingredient::new(&ingredient, Some("MK-7"), 50.0, Unit::Mcg),
            ],
            ..Label::default()
        };
        let good = format!("{file_name}.toml");
        std::fs::write(dir.path().join(&good), label_to_toml(&label)).expect("write");
        // The same name, with a unit nobody knows: an error that quotes it.
        let bad = label_to_toml(&label).replace("unit = \"mcg\"", &format!("unit = {:?}", bad_unit.replace('\\', "")));
        std::fs::write(dir.path().join(format!("{file_name}-bad.toml")), bad).expect("write");

        let (out, errors) = check(dir.path());
        prop_assert!(raw_hidden(&out).is_empty(), "raw {:?} in:\n{}", raw_hidden(&out), out);
        prop_assert!(raw_hidden(&errors).is_empty(), "raw {:?} in:\n{}", raw_hidden(&errors), errors);
        // One heading line for the one label that loaded: nothing in it started another.
        let out = without_own_styles(&out);
        let report = out.split("\nChecked ").next().unwrap_or_default();
        let headings = report
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(' '))
            .count();
        prop_assert_eq!(headings, 1, "{}", out);
    }
}
