//! What the app draws: snapshots of every screen at 80×24 and 100×30, and no panic at any size.

use std::path::PathBuf;

use labelcheck::fsio::SaveOptions;
use labelcheck::tui::app::{
    App, FormRow, PendingSave, Popup, RecoveryOffer, SaveQuestion, SaveTarget,
};
use labelcheck::tui::recovery::{FormRecord, RecoveredLabel, RecoveredRules, Recovery};
use labelcheck::tui::theme::Theme;
use labelcheck::tui::{Options, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app() -> App {
    App::new(Options::builtin(PathBuf::from("rules.toml")))
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| view::render(app, &Theme { color: false }, frame))
        .expect("draws");
    terminal
}

/// The app in each state worth a snapshot, by name.
fn states() -> Vec<(&'static str, App)> {
    let mut out = vec![("label_empty", app())];

    let mut loaded = app();
    loaded.load_example(13); // the claim example: a warning and a notice
    out.push(("label_example", loaded));

    let mut findings = app();
    findings.load_example(2);
    press(&mut findings, KeyCode::Tab);
    press(&mut findings, KeyCode::Down);
    out.push(("label_findings_focus", findings));

    let mut editing = app();
    editing.load_example(3);
    editing.form_row = editing
        .form_rows()
        .iter()
        .position(|r| *r == FormRow::Ingredient(0))
        .expect("an ingredient");
    press(&mut editing, KeyCode::Right);
    press(&mut editing, KeyCode::Right);
    press(&mut editing, KeyCode::Enter);
    press(&mut editing, KeyCode::Char('x'));
    out.push(("label_invalid_amount", editing));

    let mut examples = app();
    press(&mut examples, KeyCode::Char('2'));
    press(&mut examples, KeyCode::Down);
    out.push(("examples", examples));

    let mut rules = app();
    rules.load_example(3);
    press(&mut rules, KeyCode::Char('3'));
    press(&mut rules, KeyCode::Down);
    press(&mut rules, KeyCode::Enter);
    out.push(("rules_params", rules));

    let mut help = app();
    press(&mut help, KeyCode::Char('?'));
    out.push(("help", help));

    let mut picker = app();
    press(&mut picker, KeyCode::Char('a'));
    out.push(("picker", picker));

    let mut paste = app();
    press(&mut paste, KeyCode::Char('p'));
    paste.handle_paste("Supplement Facts\nServing Size 2 Drops\nVitamin D3 (as cholecalciferol)  25 mcg (1,000 IU)\nVitamin K2 (as MK-4)  100 mcg\nKeep out of reach of children.");
    out.push(("paste_box", paste));

    let mut report = app();
    press(&mut report, KeyCode::Char('p'));
    report.handle_paste("Supplement Facts\nServing Size 2 Drops\nVitamin D3 (as cholecalciferol)  25 mcg (1,000 IU)\nVitamin K2 (as MK-4)  100 mcg\nKeep out of reach of children.");
    report.handle_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    report.wait_for_import();
    out.push(("import_report", report));

    let mut quit = app();
    press(&mut quit, KeyCode::Char('a'));
    press(&mut quit, KeyCode::Down);
    press(&mut quit, KeyCode::Enter);
    press(&mut quit, KeyCode::Char('q'));
    out.push(("confirm_quit", quit));

    let mut read_only = app();
    read_only.load_example(3);
    read_only.popup = Some(Popup::ConfirmSave {
        save: PendingSave {
            target: SaveTarget::Label(PathBuf::from("labels/my-d3.toml")),
            options: SaveOptions {
                replace_read_only: true,
                ..SaveOptions::default()
            },
        },
        question: SaveQuestion::ReadOnly,
    });
    out.push(("confirm_read_only", read_only));

    let mut overwrite = app();
    overwrite.load_example(3);
    overwrite.popup = Some(Popup::ConfirmOverwrite(PathBuf::from(
        "/home/someone/labels/a-rather-long-folder-name/d3-5000-iu-k2-mk7-softgel.toml",
    )));
    out.push(("confirm_overwrite", overwrite));

    // Reading a paste on a worker thread (the popup only: no worker is needed to draw it).
    let mut importing = app();
    press(&mut importing, KeyCode::Char('p'));
    importing.handle_paste("Supplement Facts\nServing Size 2 Drops\nVitamin D3 25 mcg (1,000 IU)");
    importing.popup = Some(Popup::Importing);
    out.push(("importing", importing));

    let mut offer = app();
    let form = labelcheck::tui::form::LabelForm {
        name: "My D3 drops".into(),
        ..Default::default()
    };
    offer.popup = Some(Popup::OfferRecovery(Box::new(RecoveryOffer {
        file: PathBuf::from("data/labelcheck/recovery-4242.toml"),
        recovery: Recovery {
            format: labelcheck::tui::recovery::FORMAT,
            label: Some(RecoveredLabel {
                path: Some(PathBuf::from("labels/my-d3.toml")),
                disk_version: None,
                form: FormRecord::of(&form),
            }),
            rules: Some(RecoveredRules {
                save_path: PathBuf::from("rules.toml"),
                from_file: true,
                disk_version: None,
                text: labelcheck::rules::DEFAULT_RULES_TOML.to_string(),
            }),
            person: None,
        },
    })));
    out.push(("offer_recovery", offer));
    out
}

#[test]
fn every_screen_at_80x24_and_100x30() {
    for (name, app) in states() {
        for (w, h) in [(80, 24), (100, 30)] {
            let terminal = draw(&app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn the_too_small_screen() {
    let terminal = draw(&app(), 50, 12);
    insta::assert_snapshot!("too_small_50x12", terminal.backend());
}

#[test]
fn no_screen_panics_at_any_size_from_1x1_to_120x50() {
    let states = states();
    for w in 1..=120u16 {
        for h in 1..=50u16 {
            for (_, app) in &states {
                draw(app, w, h);
            }
        }
    }
}

#[test]
fn without_colour_severity_is_still_written_as_a_word() {
    let mut app = app();
    app.load_example(13);
    let terminal = draw(&app, 80, 24);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("warning Disease or reversal claim"), "{text}");
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset),
        "no colour used"
    );
}

/// The screen's text, row by row.
fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_finding_of_an_edited_threshold_says_its_rationale_quotes_the_built_in_figures() {
    let mut app = app();
    let example = app
        .examples
        .iter()
        .position(|e| e.file.contains("d3-only-10000"))
        .expect("example");
    // The caution level down to 8,000 IU, on the rules screen.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    for ch in "8000".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    press(&mut app, KeyCode::Enter);
    let rules_screen = screen_text(&draw(&app, 120, 40));
    assert!(
        rules_screen.contains("d-above-caution · edited"),
        "{rules_screen}"
    );
    assert!(
        rules_screen.contains("Edited threshold: limit 8,000"),
        "{rules_screen}"
    );
    app.load_example(example);
    press(&mut app, KeyCode::Tab); // findings; the caution is first
    let screen = screen_text(&draw(&app, 120, 40));
    assert!(screen.contains("is above the 8,000 IU/day"), "{screen}");
    assert!(
        screen.contains("Edited threshold: limit 8,000 IU/day"),
        "{screen}"
    );
}
