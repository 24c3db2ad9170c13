//! In-process benchmarks (divan): `cargo bench --bench core`. Targets are in BENCHMARKS.md.

use std::hint::black_box;
use std::path::PathBuf;

use divan::counter::BytesCount;
use labelcheck::examples::BUILTIN_EXAMPLES;
use labelcheck::import::import_text;
use labelcheck::tui::app::App;
use labelcheck::tui::theme::Theme;
use labelcheck::tui::{Options, view};
use labelcheck::{Intake, Profile, builtin_rules, parse_label_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn main() {
    divan::main();
}

/// The example with the most to check: claims (regular expressions), D3 and K2.
fn example_text() -> &'static str {
    BUILTIN_EXAMPLES
        .iter()
        .find(|(name, _)| name.starts_with("reverses-calcification"))
        .map(|(_, text)| *text)
        .unwrap_or(BUILTIN_EXAMPLES[0].1)
}

/// One normalised label against the default rules (target: ≤ 2 µs median).
#[divan::bench]
fn check_one_normalised_label(bencher: divan::Bencher) {
    let rules = builtin_rules().rules;
    let label = parse_label_text("x", example_text()).unwrap_or_default();
    let intake = Intake::from_label(&label);
    let profile = Profile::default();
    bencher.bench_local(|| {
        black_box(rules.check(black_box(&label), black_box(&intake), &profile)).len()
    });
}

/// Parse + normalise + check one label file's text (target: ≤ 50 µs).
#[divan::bench]
fn parse_normalise_check_one_file(bencher: divan::Bencher) {
    let rules = builtin_rules().rules;
    let text = example_text();
    let profile = Profile::default();
    bencher.bench_local(|| {
        let label = parse_label_text("x", black_box(text)).unwrap_or_default();
        let intake = Intake::from_label(&label);
        black_box(rules.check(&label, &intake, &profile).len())
    });
}

/// The label-text corpus, concatenated (about 40 KB of real panels and prose).
fn corpus(sets: &[&str]) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/labels");
    let mut text = String::new();
    for set in sets {
        let mut files: Vec<_> = std::fs::read_dir(root.join(set))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for f in files {
            text.push_str(&std::fs::read_to_string(f).unwrap_or_default());
            text.push('\n');
        }
    }
    text
}

/// Label text import throughput (target: ≥ 10 MB/s), over the corpus the target was set on
/// (`real` and `us`: panels and short pages).
#[divan::bench]
fn import_label_text(bencher: divan::Bencher) {
    import(bencher, &corpus(&["real", "us"]));
}

/// The same over the whole corpus, with the texts added for the importer rewrite (SmPCs and
/// leaflets: long run-together prose, several products per page).
#[divan::bench]
fn import_label_text_whole_corpus(bencher: divan::Bencher) {
    import(bencher, &corpus(&["real", "us", "new"]));
}

fn import(bencher: divan::Bencher, text: &str) {
    let text = text.to_string();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            black_box(
                import_text(black_box(&text), "bench")
                    .label
                    .ingredients
                    .len(),
            )
        });
}

fn app() -> App {
    App::new(Options::builtin(PathBuf::from("rules.toml")))
}

/// Types and deletes a digit alternately, drawing a 120×40 frame after each key.
fn type_and_render(bencher: divan::Bencher, mut app: App) {
    let theme = Theme { color: true };
    let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
    let mut typed = false;
    bencher.bench_local(|| {
        let code = if typed {
            KeyCode::Backspace
        } else {
            KeyCode::Char('0')
        };
        typed = !typed;
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        let _ = terminal.draw(|frame| view::render(&app, &theme, frame));
    });
}

/// One keystroke in a label field: update + re-check + render of a 120×40 frame
/// (target: ≤ 1 ms median).
#[divan::bench]
fn keystroke_update_check_render_120x40(bencher: divan::Bencher) {
    let mut app = app();
    app.load_example(3);
    // Edit the vitamin D amount, typing and deleting a digit alternately.
    for _ in 0..11 {
        app.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    }
    for _ in 0..2 {
        app.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    type_and_render(bencher, app);
}

/// One keystroke in a rule's threshold on the Rules screen: the rules file is edited and
/// re-read, the label re-checked, and a 120×40 frame drawn (target: ≤ 1 ms median).
#[divan::bench]
fn keystroke_rules_threshold_120x40(bencher: divan::Bencher) {
    let mut app = app();
    app.load_example(3);
    // The Rules screen, the first rule's limit.
    for code in [
        KeyCode::Char('3'),
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::End,
    ] {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    assert!(app.editing.is_some(), "editing the threshold");
    type_and_render(bencher, app);
}

/// The default rules with the claim rule's patterns grown to 200 in all (the original three
/// and 197 more of the same shape).
fn rules_with_200_claim_patterns() -> String {
    let default = labelcheck::rules::DEFAULT_RULES_TOML;
    let start = default.find("patterns = [\n").unwrap_or(0) + "patterns = [\n".len();
    let mut extra = String::new();
    for i in 0..197 {
        extra.push_str(&format!(
            "  '\\b(claim{i}|promise{i})\\w*\\b.{{0,40}}\\b(organ{i}|condition{i})',\n"
        ));
    }
    format!("{}{extra}{}", &default[..start], &default[start..])
}

/// One keystroke in a rule's threshold with a 200-pattern rule set (the claim example loaded,
/// so every re-check matches its claims): the file is re-read — its claim patterns come from
/// the cache keyed by the pattern list — the label re-checked and a 120×40 frame drawn
/// (target: ≤ 1 ms median).
#[divan::bench]
fn keystroke_rules_threshold_200_patterns_120x40(bencher: divan::Bencher) {
    let text = rules_with_200_claim_patterns();
    let origin = labelcheck::RulesOrigin::File(PathBuf::from("rules-200.toml"));
    let Ok(rules) = labelcheck::parse_rules_text("rules-200.toml", &text, origin) else {
        panic!("the 200-pattern rules load");
    };
    let list = &text[text.find("patterns = [").unwrap_or(0)..];
    let list = &list[..list.find("\n]").unwrap_or(0)];
    assert_eq!(list.lines().count() - 1, 200, "200 claim patterns");
    let mut options = Options::builtin(PathBuf::from("rules-200.toml"));
    options.rules = rules;
    let mut app = App::new(options);
    let claims = app
        .examples
        .iter()
        .position(|e| e.file.starts_with("reverses-calcification"))
        .unwrap_or(0);
    app.load_example(claims);
    for code in [
        KeyCode::Char('3'),
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::End,
    ] {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    assert!(app.editing.is_some(), "editing the threshold");
    type_and_render(bencher, app);
}

/// The Regimen screen holding ten products (the examples, in order, as many times as needed).
fn regimen_of_ten() -> App {
    let mut app = app();
    app.handle_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE));
    let examples = app.examples.len();
    for i in 0..10 {
        app.handle_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE));
        for _ in 0..i % examples {
            app.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        }
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    }
    assert_eq!(app.regimen.products.len(), 10, "ten products");
    app
}

/// One keystroke moving through the Regimen screen's ten products, and a 120×40 frame
/// (target: ≤ 1 ms median).
#[divan::bench]
fn keystroke_regimen_move_120x40(bencher: divan::Bencher) {
    let mut app = regimen_of_ten();
    let theme = Theme { color: true };
    let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
    let mut down = false;
    bencher.bench_local(|| {
        down = !down;
        let code = if down { KeyCode::Down } else { KeyCode::Up };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        let _ = terminal.draw(|frame| view::render(&app, &theme, frame));
    });
}

/// Changing how a product of ten is taken: four keystrokes (`t`, Ctrl-U, a digit, Enter), each
/// drawn as a 120×40 frame; Enter re-checks the regimen (totals, rules on the total, each
/// product, the Compare view's four products). A single keystroke takes at most this.
#[divan::bench]
fn keystrokes_regimen_set_taken_4_keys_120x40(bencher: divan::Bencher) {
    let mut app = regimen_of_ten();
    let theme = Theme { color: true };
    let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
    let mut two = false;
    bencher.bench_local(|| {
        two = !two;
        for key in [
            KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
            KeyEvent::new(
                KeyCode::Char(if two { '2' } else { '1' }),
                KeyModifiers::NONE,
            ),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        ] {
            app.handle_key(key);
            let _ = terminal.draw(|frame| view::render(&app, &theme, frame));
        }
    });
}
