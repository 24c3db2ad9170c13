//! The app's Regimen screen and Compare view: the model driven by keys (add, remove, how a
//! product is taken, save, open, cancel), bad input, and snapshots at 80×24 and 120×40.

use std::path::{Path, PathBuf};

use labelcheck::regimen::{Period, Taken};
use labelcheck::rules::Severity;
use labelcheck::tui::Options;
use labelcheck::tui::app::{App, Screen};
use labelcheck::tui::screens::regimen::Prompt;
use ratatui::crossterm::event::KeyCode;

use crate::tui_support::{ctrl, draw, press};

const EXAMPLE_REGIMEN: &str = "examples/regimens/calcium-d-softgel-regimen.toml";

fn app() -> App {
    App::new(Options::builtin(PathBuf::from("/nonexistent/rules.toml")))
}

fn key(app: &mut App, ch: char) {
    press(app, KeyCode::Char(ch));
}

fn typ(app: &mut App, text: &str) {
    for ch in text.chars() {
        key(app, ch);
    }
}

/// The Regimen screen with the examples numbered `indices` added (0 is the first example).
fn with_examples(indices: &[usize]) -> App {
    let mut app = app();
    key(&mut app, '4');
    for &i in indices {
        key(&mut app, 'e');
        for _ in 0..i {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
    }
    app
}

fn example_index(app: &App, file: &str) -> usize {
    app.examples
        .iter()
        .position(|e| e.file == file)
        .unwrap_or_else(|| panic!("no example {file}"))
}

fn names(app: &App) -> Vec<String> {
    app.regimen
        .products
        .iter()
        .map(|p| p.product.label.name.clone())
        .collect()
}

/// Opens a prompt with `open` (a key), clears it and types `text`, then Enter.
fn answer(app: &mut App, open: char, text: &str) {
    key(app, open);
    ctrl(app, 'u');
    typ(app, text);
    press(app, KeyCode::Enter);
}

fn prompt_text(app: &App) -> Option<(String, Option<String>)> {
    let open = app.regimen.prompt.as_ref()?;
    let text = match &open.prompt {
        Prompt::AddFile(i)
        | Prompt::Open(i)
        | Prompt::SaveAs(i)
        | Prompt::Taken(i)
        | Prompt::Reason(i)
        | Prompt::Report(i) => i.value().to_string(),
        other => format!("{other:?}"),
    };
    Some((text, open.error.clone()))
}

#[test]
fn products_are_added_from_the_examples_the_form_and_a_file_and_removed() {
    let mut app = app();
    key(&mut app, '4');
    assert_eq!(app.screen, Screen::Regimen);
    // From the examples.
    key(&mut app, 'e');
    press(&mut app, KeyCode::Enter);
    assert_eq!(names(&app), [app.examples[0].label.name.clone()]);
    // From the label in the form (an example loaded into it).
    let weekly = example_index(&app, "d3-50000-weekly-capsule.toml");
    app.load_example(weekly);
    key(&mut app, '4');
    key(&mut app, 'c');
    assert_eq!(names(&app).len(), 2);
    assert_eq!(names(&app)[1], "Vitamin D3 50,000 IU Weekly");
    // From a file.
    answer(&mut app, 'f', "examples/dry-d3-k2-tablet.toml");
    assert_eq!(app.regimen.prompt, None);
    assert_eq!(names(&app)[2], "D3 2,000 IU + K2 90 mcg Tablets");
    assert!(app.regimen.dirty);
    // Removed: the selected (last added) product.
    key(&mut app, 'd');
    assert_eq!(names(&app).len(), 2);
    assert!(!names(&app).contains(&"D3 2,000 IU + K2 90 mcg Tablets".to_string()));
}

#[test]
fn pasted_label_text_becomes_a_product() {
    let mut app = app();
    key(&mut app, '4');
    key(&mut app, 'p');
    app.handle_paste("Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)\r\nTake 1 softgel daily.\r\nOther ingredients: olive oil");
    ctrl(&mut app, 'd');
    assert_eq!(app.regimen.prompt, None, "{:?}", app.status);
    assert_eq!(app.regimen.products.len(), 1);
    let total = &app.regimen.result.totals[0];
    assert_eq!(total.per_day, 1_000.0);
    // Taken four times a day it is exactly at the UL: "at", not above (the rule fires above).
    answer(&mut app, 't', "4");
    let text = format!("{}", draw(&app, 120, 40).backend());
    assert!(
        text.contains("at tolerable upper intake level (UL) 4,000 IU/day · 100%"),
        "{text}"
    );
}

#[test]
fn how_a_product_is_taken_sets_a_schedule_and_totals_follow() {
    let i = {
        let a = app();
        example_index(&a, "d3-5000-k2-mk7-olive-softgel.toml")
    };
    let mut app = with_examples(&[i]);
    assert_eq!(app.regimen.result.totals[0].per_day, 5_000.0);
    answer(&mut app, 't', "2");
    assert_eq!(app.regimen.products[0].product.taken, Taken::Daily(2.0));
    assert_eq!(app.regimen.result.totals[0].per_day, 10_000.0);
    answer(&mut app, 't', "weekly");
    assert_eq!(
        app.regimen.products[0].product.taken,
        Taken::Every {
            days: 7.0,
            servings: 1.0,
            period: Period::Weekly
        }
    );
    let total = &app.regimen.result.totals[0];
    assert!((total.per_day - 5_000.0 / 7.0).abs() < 1e-6);
    // The bolus stays visible: 5,000 IU on the day it is taken.
    assert_eq!(total.heaviest_day, 5_000.0);
    answer(&mut app, 't', "2 every 10 days");
    assert_eq!(
        app.regimen.products[0].product.taken,
        Taken::Every {
            days: 10.0,
            servings: 2.0,
            period: Period::Days
        }
    );
    answer(&mut app, 't', "monthly");
    assert!(matches!(
        app.regimen.products[0].product.taken,
        Taken::Every {
            period: Period::Monthly,
            ..
        }
    ));
    answer(&mut app, 't', "label");
    assert_eq!(app.regimen.products[0].product.taken, Taken::AsLabel);
    answer(&mut app, 'r', "started by GP");
    assert_eq!(
        app.regimen.products[0].product.reason.as_deref(),
        Some("started by GP")
    );
}

#[test]
fn a_schedule_of_0_or_a_negative_interval_is_refused_and_the_input_stays() {
    let mut app = with_examples(&[0]);
    for bad in ["every 0 days", "every -7 days", "0", "twice-ish"] {
        answer(&mut app, 't', bad);
        let (text, error) = prompt_text(&app).expect("the prompt stays open");
        assert_eq!(text, bad);
        assert!(error.is_some(), "{bad}: no reason given");
        assert_eq!(app.regimen.products[0].product.taken, Taken::AsLabel);
        press(&mut app, KeyCode::Esc);
    }
    // Esc leaves the product as it was.
    key(&mut app, 't');
    ctrl(&mut app, 'u');
    typ(&mut app, "3");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.regimen.prompt, None);
    assert_eq!(app.regimen.products[0].product.taken, Taken::AsLabel);
}

#[test]
fn a_missing_or_unparsable_file_says_where_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"Bad\"\n[[ingredient]]\nname = \"D3\"\namount = -5\nunit = \"IU\"\n",
    )
    .expect("write");
    let mut app = with_examples(&[0]);
    let missing = dir.path().join("missing.toml");
    answer(&mut app, 'f', &missing.display().to_string());
    let (text, error) = prompt_text(&app).expect("still open");
    assert_eq!(text, missing.display().to_string());
    let error = error.expect("a reason");
    assert!(
        error.contains("missing.toml") && error.contains("cannot read"),
        "{error}"
    );
    press(&mut app, KeyCode::Esc);
    answer(&mut app, 'f', &bad.display().to_string());
    let (text, error) = prompt_text(&app).expect("still open");
    assert_eq!(text, bad.display().to_string());
    let error = error.expect("a reason");
    assert!(error.contains("bad.toml:4:"), "line and column: {error}");
    // Nothing else changed.
    assert_eq!(app.regimen.products.len(), 1);
}

#[test]
fn a_regimen_saves_opens_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mine.toml");
    let mut first = with_examples(&[0, 2]);
    answer(&mut first, 'r', "for bones");
    answer(&mut first, 't', "weekly");
    answer(&mut first, 's', &path.display().to_string());
    assert_eq!(first.regimen.prompt, None, "{:?}", first.status);
    assert!(!first.regimen.dirty);
    let written = std::fs::read_to_string(&path).expect("written");

    // Opened again in a fresh app: the same products, taken the same way, with the reason.
    let mut other = app();
    key(&mut other, '4');
    answer(&mut other, 'o', &path.display().to_string());
    assert_eq!(other.regimen.prompt, None, "{:?}", other.status);
    assert_eq!(names(&other), names(&first));
    assert_eq!(
        other.regimen.products[1].product.reason.as_deref(),
        Some("for bones")
    );
    assert_eq!(
        other.regimen.products[1].product.taken,
        first.regimen.products[1].product.taken
    );
    assert_eq!(other.regimen.result, first.regimen.result);

    // Saving a new regimen over the file asks; n leaves it as it was, y writes.
    let mut third = with_examples(&[1]);
    answer(&mut third, 's', &path.display().to_string());
    assert!(matches!(
        third.regimen.prompt.as_ref().map(|p| &p.prompt),
        Some(Prompt::ConfirmOverwrite(..))
    ));
    key(&mut third, 'n');
    assert_eq!(std::fs::read_to_string(&path).expect("read"), written);
    assert!(third.regimen.dirty);
    answer(&mut third, 's', &path.display().to_string());
    key(&mut third, 'y');
    assert_ne!(std::fs::read_to_string(&path).expect("read"), written);
    assert!(!third.regimen.dirty);
}

#[test]
fn saving_an_opened_file_keeps_its_comments_and_the_products_it_could_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in [
        "d3-5000-k2-mk7-olive-softgel.toml",
        "calcium-d3-k2-tablet.toml",
    ] {
        std::fs::copy(root.join("examples").join(f), dir.path().join(f)).expect("copy");
    }
    let path = dir.path().join("regimen.toml");
    let text = "# Mum's supplements\n[person]\nage = 80\n\n[[product]]\nlabel = \"d3-5000-k2-mk7-olive-softgel.toml\"\nreason = \"winter\" # since October\n\n# not found yet\n[[product]]\nlabel = \"lost.toml\"\n\n[[product]]\nlabel = \"calcium-d3-k2-tablet.toml\"\nservings_per_day = 2\n";
    std::fs::write(&path, text).expect("write");
    let mut app = app();
    key(&mut app, '4');
    answer(&mut app, 'o', &path.display().to_string());
    assert_eq!(app.regimen.products.len(), 2);
    assert_eq!(app.regimen.load_errors.len(), 1);
    assert!(
        app.regimen.load_errors[0]
            .to_string()
            .contains("regimen.toml:11:"),
        "{:?}",
        app.regimen.load_errors
    );
    // The [person] table is the profile.
    assert!(
        app.regimen.result.person.starts_with("age 80"),
        "{}",
        app.regimen.result.person
    );
    answer(&mut app, 'r', "winter, GP said");
    press(&mut app, KeyCode::Down);
    key(&mut app, 'd');
    ctrl(&mut app, 's');
    assert!(!app.regimen.dirty, "{:?}", app.status);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        saved.starts_with("# Mum's supplements\n[person]\nage = 80\n"),
        "{saved}"
    );
    assert!(
        saved.contains("reason = \"winter, GP said\" # since October"),
        "{saved}"
    );
    assert!(
        saved.contains("# not found yet\n[[product]]\nlabel = \"lost.toml\""),
        "{saved}"
    );
    assert!(!saved.contains("calcium"), "{saved}");
}

#[test]
fn opening_over_unsaved_changes_asks_first() {
    let mut app = with_examples(&[0]);
    answer(&mut app, 'o', EXAMPLE_REGIMEN);
    let (_, error) = prompt_text(&app).expect("asks");
    assert!(error.expect("why").contains("unsaved"));
    assert_eq!(app.regimen.products.len(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.regimen.products.len(), 4);
}

#[test]
fn totals_carry_their_limits_and_the_findings_their_contributions() {
    let mut app = app();
    key(&mut app, '4');
    answer(&mut app, 'o', EXAMPLE_REGIMEN);
    let state = &app.regimen;
    let d = &state.result.totals[0];
    assert_eq!(d.quantity, labelcheck::rules::Quantity::VitaminDIu);
    assert!(d.limits.iter().any(|(_, v, _)| *v == 4_000.0));
    assert_eq!(d.above(), Some(Severity::Caution));
    assert_eq!(d.contributions.len(), 3);
    let caution = state
        .result
        .findings
        .iter()
        .find(|f| app.rules.rules.rules[f.rule_index].id == "d-above-caution")
        .expect("the caution on the total");
    assert!(caution.contributions[0].starts_with("vitamin D 12,942.86 IU/day:"));
    assert!(state.result.findings.iter().any(|f| f.duplication));
}

#[test]
fn the_compare_view_shows_the_marked_products_as_compare_computes_them() {
    let mut app = app();
    key(&mut app, '4');
    answer(&mut app, 'o', EXAMPLE_REGIMEN);
    press(&mut app, KeyCode::Down);
    key(&mut app, 'x');
    press(&mut app, KeyCode::Down);
    key(&mut app, 'x');
    key(&mut app, '5');
    assert_eq!(app.screen, Screen::Compare);
    let table = &app.regimen.compare;
    assert_eq!(
        table.names,
        [
            "Calcium 750 mg + D3 + K2 Tablets",
            "Vitamin D3 50,000 IU Weekly"
        ]
    );
    let d = table
        .rows
        .iter()
        .find(|(h, _)| h == "vitamin D/day")
        .expect("vitamin D row");
    assert_eq!(d.1, ["1,200 IU", "7,142.85 IU (50,000 IU/serving)"]);
}

#[test]
fn quitting_with_an_unsaved_regimen_asks() {
    let mut app = with_examples(&[0]);
    key(&mut app, 'q');
    assert!(!app.should_quit);
    assert!(app.popup.is_some());
}

fn states() -> Vec<(&'static str, App)> {
    let mut empty = app();
    key(&mut empty, '4');
    let mut opened = app();
    key(&mut opened, '4');
    answer(&mut opened, 'o', EXAMPLE_REGIMEN);
    opened.status = None;
    let mut asking = with_examples(&[0]);
    answer(&mut asking, 't', "every 0 days");
    asking.status = None;
    let mut compare = app();
    key(&mut compare, '4');
    answer(&mut compare, 'o', EXAMPLE_REGIMEN);
    key(&mut compare, '5');
    compare.status = None;
    let mut report = app();
    key(&mut report, '4');
    answer(&mut report, 'o', EXAMPLE_REGIMEN);
    key(&mut report, 'w');
    report.status = None;
    let mut audience = app();
    key(&mut audience, '4');
    answer(&mut audience, 'o', EXAMPLE_REGIMEN);
    key(&mut audience, 'w');
    press(&mut audience, KeyCode::Enter);
    audience.status = None;
    vec![
        ("regimen_empty", empty),
        ("regimen_opened", opened),
        ("regimen_report_path", report),
        ("regimen_report_audience", audience),
        ("regimen_bad_schedule", asking),
        ("compare", compare),
    ]
}

#[test]
fn regimen_screens_at_80x24_and_120x40() {
    for (name, app) in states() {
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&app, w, h).backend());
        }
    }
}

#[test]
fn no_regimen_screen_panics_at_any_size() {
    let states = states();
    for w in (1..=120u16).step_by(3) {
        for h in 1..=50u16 {
            for (_, app) in &states {
                draw(app, w, h);
            }
        }
    }
}

#[test]
fn gauges_say_above_or_below_in_words_without_colour() {
    let mut app = app();
    key(&mut app, '4');
    answer(&mut app, 'o', EXAMPLE_REGIMEN);
    let text = format!("{}", draw(&app, 120, 40).backend());
    assert!(
        text.contains("above tolerable upper intake level (UL) 4,000 IU/day"),
        "{text}"
    );
    assert!(
        text.contains("above caution level 10,000 IU/day · 129% · caution"),
        "{text}"
    );
    assert!(
        text.contains("below tolerable upper intake level (UL) 2,000 mg/day"),
        "{text}"
    );
}

#[test]
fn the_app_started_with_a_regimen_file_opens_it_on_the_regimen_screen() {
    let mut options = Options::builtin(PathBuf::from("/nonexistent/rules.toml"));
    options.regimen = Some(PathBuf::from(EXAMPLE_REGIMEN));
    let app = App::new(options);
    assert_eq!(app.screen, Screen::Regimen);
    assert_eq!(app.regimen.products.len(), 4);
    assert!(!app.regimen.dirty);

    let mut options = Options::builtin(PathBuf::from("/nonexistent/rules.toml"));
    options.regimen = Some(PathBuf::from("/nonexistent/regimen.toml"));
    let app = App::new(options);
    assert_eq!(app.screen, Screen::Regimen);
    let status = app.status.expect("says why");
    assert!(
        status.text.contains("/nonexistent/regimen.toml"),
        "{}",
        status.text
    );
}

#[test]
fn a_label_name_with_terminal_controls_is_shown_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("evil.toml");
    std::fs::write(
        &file,
        "name = \"Evil\\u001b[2J D3\"\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n",
    )
    .expect("write");
    let mut app = with_examples(&[0]);
    answer(&mut app, 'f', &file.display().to_string());
    assert_eq!(app.regimen.products.len(), 2, "{:?}", app.regimen.prompt);
    for screen in ['4', '5'] {
        key(&mut app, screen);
        let text = format!("{}", draw(&app, 120, 40).backend());
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("Evil"), "{text}");
    }
}

#[test]
fn the_quit_question_names_the_unsaved_regimen() {
    use labelcheck::tui::strings::quit_unsaved;
    assert_eq!(
        quit_unsaved(false, false, true),
        "The regimen has unsaved changes. Quit without saving? (y / n)"
    );
    assert_eq!(
        quit_unsaved(true, true, false),
        "The label and the rules have unsaved changes. Quit without saving? (y / n)"
    );
    assert_eq!(
        quit_unsaved(true, true, true),
        "The label, the rules and the regimen have unsaved changes. Quit without saving? (y / n)"
    );
    assert_eq!(
        quit_unsaved(false, true, false),
        "The rules have unsaved changes. Quit without saving? (y / n)"
    );
}

#[test]
fn an_opened_regimen_saved_as_another_file_reads_back_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("elsewhere").join("copy.toml");
    std::fs::create_dir_all(copy.parent().expect("folder")).expect("mkdir");
    let mut first = app();
    key(&mut first, '4');
    answer(&mut first, 'o', EXAMPLE_REGIMEN);
    answer(&mut first, 's', &copy.display().to_string());
    assert_eq!(first.regimen.prompt, None, "{:?}", first.status);
    let mut other = app();
    key(&mut other, '4');
    answer(&mut other, 'o', &copy.display().to_string());
    assert_eq!(other.regimen.prompt, None, "{:?}", other.status);
    assert!(
        other.regimen.load_errors.is_empty(),
        "{:?}",
        other.regimen.load_errors
    );
    assert_eq!(names(&other), names(&first));
    assert_eq!(other.regimen.result.totals, first.regimen.result.totals);
    // The person (age 72 in the file) comes along.
    assert_eq!(other.regimen.result.person, first.regimen.result.person);
    assert!(other.regimen.result.person.starts_with("age 72"));
    // The file it came from is as it was.
    assert_eq!(
        std::fs::read_to_string(EXAMPLE_REGIMEN).expect("read"),
        include_str!("../examples/regimens/calcium-d-softgel-regimen.toml")
    );
}

#[test]
fn an_unsaved_regimen_is_kept_and_the_next_start_restores_it() {
    let folder = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("opened.toml");
    std::fs::copy(EXAMPLE_REGIMEN, &path).expect("copy");
    // Opened from a file, then changed: a product added, one taken weekly with a reason.
    let mut crashed = app();
    crashed.use_recovery_folder(folder.path().to_path_buf());
    key(&mut crashed, '4');
    answer(&mut crashed, 'o', &path.display().to_string());
    let opened = crashed.regimen.products.len();
    key(&mut crashed, 'e');
    press(&mut crashed, KeyCode::Enter);
    answer(&mut crashed, 't', "2 every 10 days");
    answer(&mut crashed, 'r', "started by GP");
    assert!(crashed.regimen.dirty);
    let kept = crashed.keep_unsaved_work().expect("kept").expect("a file");

    // The next start offers it; y puts it back on the Regimen screen, still unsaved.
    let mut next = app();
    next.use_recovery_folder(folder.path().to_path_buf());
    let Some(labelcheck::tui::app::Popup::OfferRecovery(offer)) = &next.popup else {
        panic!("offered: {:?}", next.popup);
    };
    let question = labelcheck::tui::strings::recovery_question(&offer.recovery);
    assert!(
        question.contains(&format!("the regimen of {} products", opened + 1)),
        "{question}"
    );
    key(&mut next, 'y');
    assert_eq!(next.popup, None);
    assert_eq!(next.screen, Screen::Regimen);
    assert_eq!(names(&next), names(&crashed));
    for (a, b) in next.regimen.products.iter().zip(&crashed.regimen.products) {
        assert_eq!(a.product.taken, b.product.taken);
        assert_eq!(a.product.reason, b.product.reason);
        assert_eq!(a.product.file, b.product.file);
        assert_eq!(a.source, b.source);
        assert_eq!(a.saved, b.saved);
    }
    assert_eq!(next.regimen.path.as_deref(), Some(path.as_path()));
    assert!(next.regimen.dirty);
    assert_eq!(next.regimen.result, crashed.regimen.result);
    assert!(!kept.exists(), "restored work is not offered again");

    // Saved into the file it was opened from, as if the session had not ended: the file's
    // comments stay, and the restored products are written.
    ctrl(&mut next, 's');
    assert_eq!(next.regimen.prompt, None, "{:?}", next.status);
    assert!(!next.regimen.dirty);
    let written = std::fs::read_to_string(&path).expect("read");
    let original = std::fs::read_to_string(EXAMPLE_REGIMEN).expect("read");
    let first_comment = original
        .lines()
        .find(|l| l.starts_with('#'))
        .expect("a comment");
    assert!(written.contains(first_comment), "{written}");
    assert!(written.contains("started by GP"), "{written}");
}

#[test]
fn a_saved_regimen_keeps_nothing_for_recovery() {
    let folder = tempfile::tempdir().expect("tempdir");
    let mut app = app();
    app.use_recovery_folder(folder.path().to_path_buf());
    key(&mut app, '4');
    answer(&mut app, 'o', EXAMPLE_REGIMEN);
    assert!(!app.regimen.dirty);
    assert_eq!(app.keep_unsaved_work(), Ok(None));
}

/// `labelcheck report` on the same regimen file, for the same day and audience.
fn cli_report(regimen: &Path, audience: &str, out: &Path) -> String {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_labelcheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-config"),
        )
        .env("HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/no-home"))
        .env_remove("LABELCHECK_RULES")
        .arg("report")
        .arg(regimen)
        .args(["--audience", audience, "--date", "2026-01-15", "-o"])
        .arg(out)
        .status()
        .expect("runs");
    assert!(status.success());
    std::fs::read_to_string(out).expect("written")
}

#[test]
fn the_report_key_writes_what_labelcheck_report_writes_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let regimen = dir.path().join("mum.toml");
    let text = std::fs::read_to_string(EXAMPLE_REGIMEN).expect("read");
    // Label files named relative to the example's folder: the copy names them absolutely.
    let folder = std::fs::canonicalize("examples/regimens").expect("folder");
    let copied = text.replace("\"../", &format!("\"{}/", folder.join("..").display()));
    std::fs::write(&regimen, copied).expect("write");

    let mut app = app();
    app.today = || "2026-01-15".to_string();
    key(&mut app, '4');
    answer(&mut app, 'o', &regimen.display().to_string());
    assert!(
        app.regimen.load_errors.is_empty(),
        "{:?}",
        app.regimen.load_errors
    );
    // The default: report.html beside the regimen file.
    key(&mut app, 'w');
    let beside = dir.path().join("report.html");
    assert_eq!(
        prompt_text(&app).map(|(t, _)| t),
        Some(beside.display().to_string())
    );
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.regimen.prompt.as_ref().map(|p| &p.prompt),
        Some(Prompt::ReportAudience(..))
    ));
    // The person first; Down chooses the professional.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.regimen.prompt, None, "{:?}", app.status);
    let written = std::fs::read_to_string(&beside).expect("written");
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains(&beside.display().to_string()), "{status}");
    assert!(status.contains("for a professional"), "{status}");
    let cli = cli_report(&regimen, "professional", &dir.path().join("cli.html"));
    assert_eq!(written, cli, "the app writes what labelcheck report writes");

    // Again to the same file, for the person: asked first; n leaves it, y writes over it.
    key(&mut app, 'w');
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.regimen.prompt.as_ref().map(|p| &p.prompt),
        Some(Prompt::ConfirmReport(..))
    ));
    key(&mut app, 'n');
    assert_eq!(app.regimen.prompt, None);
    assert_eq!(std::fs::read_to_string(&beside).expect("read"), written);
    key(&mut app, 'w');
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    key(&mut app, 'y');
    assert_eq!(app.regimen.prompt, None, "{:?}", app.status);
    let person = std::fs::read_to_string(&beside).expect("read");
    assert_eq!(
        person,
        cli_report(&regimen, "person", &dir.path().join("cli2.html"))
    );
    assert!(
        !app.regimen.dirty,
        "writing a report does not change the regimen"
    );
}

#[test]
fn a_report_without_a_regimen_file_goes_to_the_current_folder_and_a_bad_folder_keeps_the_prompt() {
    let mut app = with_examples(&[0]);
    key(&mut app, 'w');
    assert_eq!(
        prompt_text(&app).map(|(t, _)| t),
        Some("report.html".to_string())
    );
    ctrl(&mut app, 'u');
    typ(&mut app, "/nonexistent/folder/report.html");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let (typed, error) = prompt_text(&app).expect("still asking");
    assert_eq!(typed, "/nonexistent/folder/report.html");
    assert!(error.is_some_and(|e| e.starts_with("Not written")));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.regimen.prompt, None);
    // No products: nothing to report.
    let mut empty = self::app();
    key(&mut empty, '4');
    key(&mut empty, 'w');
    assert_eq!(empty.regimen.prompt, None);
}
