//! Property tests: no input makes labelcheck panic or hang, and every error has a message and a
//! place. The short campaign runs in `cargo test`; set PROPTEST_CASES for a long one (see
//! BENCHMARKS.md).

use labelcheck::rules::DEFAULT_RULES_TOML;
use labelcheck::tui::app::App;
use labelcheck::tui::{Options, view};
use labelcheck::{Profile, RulesOrigin, parse_label_text, parse_rules_text};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Label-file fragments: valid keys with good and bad values, and broken syntax.
const LABEL_PIECES: &[&str] = &[
    "name = \"X\"\n",
    "brand = \"B\"\n",
    "form = \"softgel\"\n",
    "form = \"pill\"\n",
    "servings_per_day = 0.5\n",
    "servings_per_day = -1\n",
    "servings_per_day = nan\n",
    "other_ingredients = [\"olive oil\"]\n",
    "claims = [\"Cures all*\"]\n",
    "claims = 5\n",
    "disclaimer = \"These statements…\"\n",
    "[[ingredient]]\n",
    "name = \"Vitamin D3\"\n",
    "name = \"Vitamin K2\"\n",
    "form = \"MK-7\"\n",
    "amount = 125\n",
    "amount = 1e300\n",
    "amount = -0.0\n",
    "amount = inf\n",
    "amount = \"5\"\n",
    "unit = \"mcg\"\n",
    "unit = \"IU\"\n",
    "unit = \"kg\"\n",
    "alt_amount = 5000\n",
    "alt_unit = \"IU\"\n",
    "amout = 1\n",
    "[ingredient]\n",
    "= = =\n",
    "\"unclosed\n",
    "name = 'µg é ™'\n",
    "\u{0}",
    "\n",
    "# comment\n",
    "x.y.z = 1\n",
];

fn label_toml() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(LABEL_PIECES), 0..30).prop_map(|v| v.concat())
}

/// Edits to the default rules: delete, duplicate or corrupt lines.
fn rules_toml() -> impl Strategy<Value = String> {
    let lines: Vec<String> = DEFAULT_RULES_TOML.lines().map(String::from).collect();
    let n = lines.len();
    prop::collection::vec((0..n, 0..6u8, "[ -~]{0,12}"), 0..6).prop_map(move |edits| {
        let mut out = lines.clone();
        for (i, op, junk) in edits {
            let i = i % out.len().max(1);
            if out.is_empty() {
                break;
            }
            match op {
                0 => {
                    out.remove(i);
                }
                1 => {
                    let line = out[i].clone();
                    out.insert(i, line);
                }
                2 => out[i] = junk,
                3 => out[i].push_str(&junk),
                4 => out[i] = out[i].replace(|c: char| c.is_ascii_digit(), "-"),
                _ => out[i] = out[i].replace('"', ""),
            }
        }
        out.join("\n")
    })
}

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        prop::sample::select(vec![
            'a', 'd', 'p', 'e', ' ', '1', '2', '3', '0', '5', '-', '.', 'x', '?', 'j', 'k', 'h',
            'l', 'y', 'n'
        ])
        .prop_map(KeyCode::Char),
    ];
    // Ctrl-S would write files and q/Ctrl-C end the session: both have their own tests.
    (codes, prop::bool::weighted(0.05)).prop_map(|(code, ctrl)| {
        let ctrl = ctrl && matches!(code, KeyCode::Char('d' | 'u'));
        KeyEvent::new(
            code,
            if ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            },
        )
    })
}

/// The short campaign's size, unless PROPTEST_CASES asks for a long one.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), ..ProptestConfig::default() })]

    #[test]
    fn any_label_toml_parses_or_fails_with_a_located_message(text in label_toml()) {
        if let Err(diags) = parse_label_text("p.toml", &text) {
            prop_assert!(!diags.0.is_empty());
            for d in &diags.0 {
                prop_assert!(!d.message.is_empty() && d.line >= 1 && d.column >= 1);
                prop_assert!(d.line <= text.lines().count().max(1) + 1, "{d}");
            }
        }
    }

    #[test]
    fn any_label_bytes_parse_or_fail(text in ".{0,400}") {
        if let Err(diags) = parse_label_text("p.toml", &text) {
            prop_assert!(diags.0.iter().all(|d| !d.message.is_empty()));
        }
    }

    #[test]
    fn any_rules_file_loads_or_fails_with_a_located_message(text in rules_toml()) {
        match parse_rules_text("r.toml", &text, RulesOrigin::Builtin) {
            Ok(loaded) => {
                // Whatever loads can check a label.
                let label = parse_label_text("l", "name = \"x\"\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 20000\nunit = \"IU\"\n").map_err(|e| TestCaseError::fail(e.to_string()))?;
                let intake = labelcheck::Intake::from_label(&label);
                let _ = loaded.rules.check(&label, &intake, &Profile::default());
            }
            Err(diags) => {
                prop_assert!(!diags.0.is_empty());
                prop_assert!(diags.0.iter().all(|d| !d.message.is_empty() && d.line >= 1));
            }
        }
    }

    #[test]
    fn any_key_sequence_keeps_the_app_consistent(keys in prop::collection::vec(key_strategy(), 0..120)) {
        drive_app(keys, Render::AfterEveryKey)?;
    }

    /// The same, drawing only the final state: about fifty times faster, which is what makes a
    /// campaign of a million sequences possible.
    #[test]
    fn any_key_sequence_keeps_the_model_consistent(keys in prop::collection::vec(key_strategy(), 0..120)) {
        drive_app(keys, Render::AtTheEnd)?;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Render {
    AfterEveryKey,
    AtTheEnd,
}

/// Feeds keys to a fresh app (a paste box gets a small label), checking after every key that
/// each selection points at something that exists, and drawing at 80×24.
fn drive_app(keys: Vec<KeyEvent>, render: Render) -> Result<(), TestCaseError> {
    let mut app = App::new(Options::builtin(std::path::PathBuf::from(
        "/nonexistent/rules.toml",
    )));
    let mut terminal =
        Terminal::new(TestBackend::new(80, 24)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let theme = labelcheck::tui::theme::Theme { color: true };
    let mut draw = |app: &App| {
        terminal
            .draw(|f| view::render(app, &theme, f))
            .map(|_| ())
            .map_err(|e| TestCaseError::fail(e.to_string()))
    };
    for key in keys {
        app.handle_key(key);
        // Imports run on a worker: take the result at once, so that a sequence always ends
        // the same way.
        app.wait_for_import();
        if app.popup == Some(labelcheck::tui::app::Popup::Paste) {
            app.handle_paste("Vitamin D3 1000 IU\nTake 1 capsule daily.");
        }
        if render == Render::AfterEveryKey {
            draw(&app)?;
        }
        prop_assert!(app.form_row < app.form_rows().len());
        prop_assert!(app.findings.is_empty() || app.finding_selected < app.findings.len());
        prop_assert!(app.rule_selected < app.rules.rules.rules.len());
    }
    draw(&app)
}
