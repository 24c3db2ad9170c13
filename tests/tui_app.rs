//! The app model driven by keys, without a terminal.

use std::path::PathBuf;

use labelcheck::tui::Options;
use labelcheck::tui::app::{App, FormRow, LabelPane, Popup, SaveQuestion, Screen};
use labelcheck::tui::form::{Column, FieldId};
use ratatui::crossterm::event::KeyCode;

use crate::tui_support::{ctrl, press, typ};

fn options(save_to: PathBuf) -> Options {
    Options::builtin(save_to)
}

fn app() -> App {
    App::new(options(PathBuf::from("/nonexistent/rules.toml")))
}

/// On the Rules screen, opens the first rule's (d-above-caution) limit, clears it and types
/// `text`, leaving the field being edited.
fn type_caution_limit(app: &mut App, text: &str) {
    press(app, KeyCode::Char('3'));
    press(app, KeyCode::Enter); // parameters of d-above-caution
    press(app, KeyCode::Down);
    press(app, KeyCode::Down); // limit
    press(app, KeyCode::Enter);
    ctrl(app, 'u');
    typ(app, text);
}

fn ids(app: &App) -> Vec<String> {
    app.findings
        .iter()
        .map(|f| app.rules.rules.rules[f.rule_index].id.clone())
        .collect()
}

/// Adds a vitamin D3 row through the pickers and types its amount; vitamin D starts in IU,
/// and `unit_iu: false` picks mcg.
fn add_d3(app: &mut App, amount: &str, unit_iu: bool) {
    press(app, KeyCode::Char('a')); // opens the ingredient picker
    press(app, KeyCode::Down); // "Vitamin D3"
    press(app, KeyCode::Enter); // chosen; the column moves to amount
    press(app, KeyCode::Enter); // edit the amount
    typ(app, amount);
    press(app, KeyCode::Enter);
    if !unit_iu {
        press(app, KeyCode::Right); // unit column
        press(app, KeyCode::Enter);
        press(app, KeyCode::Down); // mcg is after IU
        press(app, KeyCode::Enter);
        press(app, KeyCode::Left); // back to the amount
    }
}

#[test]
fn the_app_starts_on_an_empty_label_with_no_findings() {
    let app = app();
    assert_eq!(app.screen, Screen::Label);
    assert!(app.findings.is_empty());
    assert!(!app.has_unsaved());
}

#[test]
fn typing_12000_iu_of_d3_shows_the_caution_as_it_is_typed() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    // Unit first, so that each keystroke of the amount is in IU.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "1200");
    assert!(
        !ids(&app).contains(&"d-above-caution".to_string()),
        "1,200 IU: no caution yet"
    );
    typ(&mut app, "0");
    assert!(app.editing.is_some(), "still typing");
    assert_eq!(
        ids(&app)[0],
        "d-above-caution",
        "12,000 IU: the caution appears at once"
    );
    assert_eq!(app.intake.per_day.vitamin_d_iu, 12_000.0);
    assert!(app.label_dirty);
}

#[test]
fn escape_restores_the_value_before_the_edit() {
    let mut app = app();
    add_d3(&mut app, "100", false);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "0");
    assert_eq!(app.intake.per_day.vitamin_d_iu, 40_000.0);
    press(&mut app, KeyCode::Esc);
    assert!(app.editing.is_none());
    assert_eq!(app.intake.per_day.vitamin_d_iu, 4_000.0);
}

#[test]
fn an_invalid_amount_is_marked_and_the_rest_keeps_working() {
    let mut app = app();
    add_d3(&mut app, "12abc", false);
    let error = app
        .reading
        .error(labelcheck::tui::form::FieldRef::Cell(0, Column::Amount));
    assert_eq!(error, Some("\"12abc\" is not a number"));
    assert!(app.findings.is_empty());
    // A second, valid row is still checked.
    add_d3(&mut app, "500", false);
    assert_eq!(ids(&app)[0], "d-above-caution");
}

#[test]
fn rows_are_added_and_removed() {
    let mut app = app();
    add_d3(&mut app, "25", false);
    add_d3(&mut app, "50", false);
    assert_eq!(app.form.ingredients.len(), 2);
    assert_eq!(app.current_form_row(), FormRow::Ingredient(1));
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(app.form.ingredients.len(), 1);
    assert_eq!(app.intake.per_day.vitamin_d_iu, 1_000.0);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Delete);
    assert!(app.form.ingredients.is_empty());
}

#[test]
fn profile_changes_in_the_person_popup_change_findings_without_dirtying_the_label() {
    let mut app = app();
    app.load_example(8); // the K1 + K2 complex: a milligram vitamin K dose for anyone
    assert_eq!(ids(&app), ["k-pharmacological-dose"]);
    press(&mut app, KeyCode::Char('P'));
    assert!(matches!(app.popup, Some(Popup::Person(_))));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // anticoagulant
    press(&mut app, KeyCode::Right); // none → vka
    assert_eq!(ids(&app), ["vka-vitamin-k", "k-pharmacological-dose"]);
    assert!(!app.label_dirty);
    assert!(
        !app.has_unsaved(),
        "a profile used for the session is nothing to save"
    );
}

#[test]
fn esc_on_the_picker_of_a_new_ingredient_adds_no_row() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Esc);
    assert!(app.form.ingredients.is_empty());
    assert!(!app.label_dirty);
    // On a label with rows, the rows stay as they were.
    app.load_example(3);
    let rows = app.form.ingredients.len();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.form.ingredients.len(), rows);
    assert!(!app.label_dirty);
}

#[test]
fn a_field_edit_cancelled_with_esc_leaves_the_label_unchanged_and_saved() {
    let mut app = app();
    app.load_example(3);
    let name = app.form.name.clone();
    assert!(!app.label_dirty);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "xyz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.form.name, name);
    assert!(!app.label_dirty, "nothing changed, so nothing is unsaved");
}

#[test]
fn the_carrier_can_be_detected_or_stated() {
    let mut app = app();
    app.load_example(3);
    assert_eq!(app.intake.carrier, labelcheck::label::Carrier::Oil);
    let carrier_row = FieldId::ALL
        .iter()
        .position(|f| *f == FieldId::Carrier)
        .expect("row");
    for _ in 0..carrier_row {
        press(&mut app, KeyCode::Down);
    }
    // detect → oil → none → unknown, from the picker.
    press(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.form.carrier, Some(labelcheck::label::Carrier::Unknown));
    assert_eq!(app.intake.carrier, labelcheck::label::Carrier::Unknown);
    assert!(app.label_dirty);
    // ← back to "none", then detection again.
    press(&mut app, KeyCode::Left);
    assert_eq!(app.intake.carrier, labelcheck::label::Carrier::None);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.form.carrier, None);
    assert_eq!(app.intake.carrier, labelcheck::label::Carrier::Oil);
}

#[test]
fn changing_a_threshold_changes_the_findings_live() {
    let mut app = app();
    app.load_example(3); // D3 5,000 IU: only the UL notice
    assert_eq!(ids(&app), ["d-above-ul"]);
    type_caution_limit(&mut app, "4500");
    assert_eq!(
        ids(&app),
        ["d-above-caution"],
        "5,000 IU is now above the caution level"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.rules_dirty);
}

#[test]
fn a_threshold_with_letters_or_a_minus_is_refused_on_the_field() {
    let mut app = app();
    type_caution_limit(&mut app, "-5");
    assert_eq!(
        app.editing
            .as_ref()
            .and_then(|e| e.error.clone())
            .as_deref(),
        Some("must not be negative")
    );
    ctrl(&mut app, 'u');
    typ(&mut app, "5k");
    assert!(
        app.editing
            .as_ref()
            .and_then(|e| e.error.clone())
            .is_some_and(|e| e.contains("not a number"))
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        app.editing.is_some(),
        "Enter does not accept an invalid value"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.rules
            .rules
            .rule("d-above-caution")
            .expect("rule")
            .numeric_params()[0]
            .value,
        10_000.0
    );
}

#[test]
fn severity_and_enabled_are_edited_from_the_rules_screen() {
    let mut app = app();
    app.load_example(7); // the dry tablet: no-oil-carrier
    assert_eq!(ids(&app), ["no-oil-carrier"]);
    press(&mut app, KeyCode::Char('3'));
    let index = app
        .rules
        .rules
        .rules
        .iter()
        .position(|r| r.id == "no-oil-carrier")
        .expect("rule");
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char(' '));
    assert!(ids(&app).is_empty(), "turned off");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down); // severity
    press(&mut app, KeyCode::Right);
    assert_eq!(app.findings[0].severity, labelcheck::Severity::Caution);
}

#[test]
fn saving_rules_writes_the_edit_and_keeps_comments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    let mut app = App::new(options(path.clone()));
    type_caution_limit(&mut app, "5000");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(saved.contains(
        "limit = 5000                # IU/day; the IOM's no-observed-adverse-effect level (NOAEL)"
    ));
    assert!(saved.starts_with("# labelcheck rules"));
    assert!(!app.rules_dirty);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("Saved rules to"))
    );
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, "someone else's file").expect("write");
    let mut app = App::new(options(path.clone()));
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char(' '));
    ctrl(&mut app, 's');
    assert!(matches!(
        app.popup,
        Some(Popup::ConfirmSave {
            question: SaveQuestion::Exists,
            ..
        })
    ));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "someone else's file"
    );
    assert!(app.rules_dirty, "the edit is kept");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Char('y'));
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("enabled = false")
    );
}

#[test]
fn a_failed_rules_save_keeps_the_edits() {
    let mut app = app(); // saves to a folder that does not exist
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char(' '));
    ctrl(&mut app, 's');
    assert!(app.rules_dirty);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("Not saved") && s.text.contains("edits are kept"))
    );
    assert!(!app.rules.rules.rules[0].enabled);
}

#[test]
fn saving_a_new_label_asks_for_a_path_and_writes_a_label_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app();
    press(&mut app, KeyCode::Enter); // name
    typ(&mut app, "My D3");
    press(&mut app, KeyCode::Enter);
    add_d3(&mut app, "125", false);
    ctrl(&mut app, 's');
    let Some(Popup::SaveLabelAs(input)) = &app.popup else {
        panic!("save-as prompt: {:?}", app.popup)
    };
    assert_eq!(input.value(), "my-d3.toml");
    ctrl(&mut app, 'u');
    let path = dir.path().join("mine.toml");
    app.handle_paste(&path.display().to_string());
    press(&mut app, KeyCode::Enter);
    let label = labelcheck::load_label_file(&path).expect("a valid label file");
    assert_eq!(label.name, "My D3");
    assert_eq!(label.ingredients[0].amount, 125.0);
    assert!(!app.label_dirty);
}

#[test]
fn a_label_with_invalid_fields_is_not_saved() {
    let mut app = app();
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "X");
    press(&mut app, KeyCode::Enter);
    add_d3(&mut app, "-1", false);
    ctrl(&mut app, 's');
    assert!(app.popup.is_none());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("Fix the 1 field"))
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut app = app();
    add_d3(&mut app, "25", false);
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Char('n'));
    assert!(app.popup.is_none() && !app.should_quit);
    ctrl(&mut app, 'c');
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit);
}

#[test]
fn quitting_a_clean_app_is_immediate() {
    let mut app = app();
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn loading_an_example_over_unsaved_work_asks_first() {
    let mut app = app();
    add_d3(&mut app, "25", false);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.popup, Some(Popup::ConfirmLoadExample(1)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.form.ingredients.len(), 1, "work kept");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.form.name, "Vegan Vitamin D2 Drops");
    assert_eq!(app.screen, Screen::Label);
}

#[test]
fn tab_moves_between_panes_and_screens() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.label_pane, LabelPane::Findings);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.label_pane, LabelPane::Detail);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screen, Screen::Examples);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.screen, Screen::Label);
}

#[test]
fn help_opens_and_closes() {
    let mut app = app();
    press(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.popup, Some(Popup::Help { .. })));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
}

const PANEL: &str = "Supplement Facts\r\nServing Size 1 Softgel\r\nVitamin D3 (as cholecalciferol)\t125 mcg (5,000 IU)\t625%\r\nVitamin K2 (as MK-7)\t100 mcg\r\nOther Ingredients: olive oil, gelatin.\r\nSuggested Use: Take 1 softgel daily.\r\nMade in Vermont\r\n";

#[test]
fn pasted_label_text_fills_the_form_and_reports_what_was_not_read() {
    let mut app = app();
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.popup, Some(Popup::Paste));
    app.handle_paste(PANEL);
    ctrl(&mut app, 'd');
    app.wait_for_import();
    assert_eq!(app.popup, Some(Popup::ImportReport { scroll: 0 }));
    assert_eq!(app.form.ingredients.len(), 2);
    assert_eq!(app.form.form, Some(labelcheck::label::DosageForm::Softgel));
    assert_eq!(app.intake.per_day.vitamin_d_iu, 5_000.0);
    assert_eq!(ids(&app), ["d-above-ul"]);
    assert!(app.label_dirty, "an imported label is not saved yet");
    let report = app.import_report.join("\n");
    assert!(
        report.contains("from line 3: Vitamin D3 (as cholecalciferol)  125 mcg (5,000 IU)  625%"),
        "{report}"
    );
    assert!(
        report.contains("Not used (1 line):\n  7: Made in Vermont"),
        "{report}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
}

#[test]
fn an_import_the_text_does_not_settle_shows_its_warnings_first_and_the_carrier_unknown() {
    let mut app = app();
    press(&mut app, KeyCode::Char('p'));
    app.handle_paste(
        "Vigantol 500 I.E. Tabletten\nVigantol 1000 I.E. Tabletten\n\
         1 Tablette enthält 12,5 Mikrogramm Colecalciferol (entsprechend 500 I.E. Vitamin D3).\n",
    );
    ctrl(&mut app, 'd');
    app.wait_for_import();
    assert_eq!(app.popup, Some(Popup::ImportReport { scroll: 0 }));
    assert!(
        app.import_report[0].starts_with("Warnings (1)"),
        "{:?}",
        app.import_report
    );
    assert!(app.import_report[1].contains("declared with two amounts"));
    assert_eq!(app.intake.per_day.vitamin_d_iu, 500.0);
    assert_eq!(app.form.carrier, Some(labelcheck::label::Carrier::Unknown));
    assert_eq!(app.intake.carrier, labelcheck::label::Carrier::Unknown);
}

#[test]
fn text_without_amounts_keeps_the_paste_box_open_with_the_reason() {
    let mut app = app();
    press(&mut app, KeyCode::Char('p'));
    app.handle_paste("just some words\nand more");
    ctrl(&mut app, 'd');
    app.wait_for_import();
    assert_eq!(app.popup, Some(Popup::Paste));
    assert!(app.status.as_ref().is_some_and(|s| {
        s.text
            .starts_with("No ingredient amounts found (2 lines not used)")
    }));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
    assert!(app.form.ingredients.is_empty());
}

#[test]
fn pasting_over_unsaved_work_asks_first() {
    let mut app = app();
    add_d3(&mut app, "25", false);
    press(&mut app, KeyCode::Char('p'));
    app.handle_paste(PANEL);
    ctrl(&mut app, 'd');
    app.wait_for_import();
    assert_eq!(app.popup, Some(Popup::ConfirmImport));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.popup, Some(Popup::Paste), "back to the paste box");
    assert_eq!(app.form.ingredients.len(), 1, "work kept");
    ctrl(&mut app, 'd');
    app.wait_for_import();
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.form.ingredients.len(), 2);
}

#[test]
fn typing_in_the_paste_box_works_too() {
    let mut app = app();
    press(&mut app, KeyCode::Char('p'));
    typ(&mut app, "Vitamin D3 1000 IU");
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Take 1 capsule twice daily.");
    ctrl(&mut app, 'd');
    app.wait_for_import();
    assert_eq!(app.intake.per_day.vitamin_d_iu, 2_000.0);
}

#[test]
fn an_undone_rules_edit_leaves_nothing_to_save() {
    let mut app = app();
    type_caution_limit(&mut app, "8000");
    assert!(app.rules_dirty, "an edit in progress is unsaved");
    press(&mut app, KeyCode::Esc);
    assert!(!app.rules_dirty, "Esc restored the loaded value");
    // Severity one step up and back down again.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Right);
    assert!(app.rules_dirty);
    press(&mut app, KeyCode::Left);
    assert!(!app.rules_dirty);
    // Quitting does not ask about rules that equal the loaded ones.
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.popup, None);
}

/// Ctrl-S on a label opened from a file, agreeing to save over it when asked.
fn save_over(app: &mut App) {
    ctrl(app, 's');
    if matches!(app.popup, Some(Popup::ConfirmOverwrite(_))) {
        press(app, KeyCode::Char('y'));
    }
}

fn question(app: &App) -> Option<SaveQuestion> {
    match &app.popup {
        Some(Popup::ConfirmSave { question, .. }) => Some(*question),
        _ => None,
    }
}

/// An app with the label file at `path` open, as `labelcheck PATH` opens it.
fn app_with_label(path: &std::path::Path) -> App {
    let label = labelcheck::load_label_file(path).expect("a label file");
    let mut options = options(PathBuf::from("/nonexistent/rules.toml"));
    options.label = Some((path.to_path_buf(), label));
    App::new(options)
}

/// An app with the rules file at `path` loaded, as `labelcheck --rules PATH` loads it.
fn app_with_rules(path: &std::path::Path) -> App {
    let mut options = options(path.to_path_buf());
    options.rules = labelcheck::load_rules(Some(path)).expect("rules");
    App::new(options)
}

fn example_label_file(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("label.toml");
    let (_, text) = labelcheck::examples::BUILTIN_EXAMPLES[0];
    std::fs::write(&path, text).expect("write");
    path
}

/// Renames the label in the form to `name`.
fn rename_label(app: &mut App, name: &str) {
    press(app, KeyCode::Enter); // the name field
    ctrl(app, 'u');
    typ(app, name);
    press(app, KeyCode::Enter);
}

#[test]
fn two_apps_saving_the_same_label_the_second_is_asked_before_overwriting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = example_label_file(dir.path());
    let mut first = app_with_label(&path);
    let mut second = app_with_label(&path);
    rename_label(&mut first, "First");
    rename_label(&mut second, "Second");
    save_over(&mut first);
    assert!(
        first.popup.is_none() && !first.label_dirty,
        "{:?}",
        first.status
    );
    save_over(&mut second);
    assert_eq!(question(&second), Some(SaveQuestion::Changed));
    press(&mut second, KeyCode::Char('n'));
    let on_disk = labelcheck::load_label_file(&path).expect("label");
    assert_eq!(on_disk.name, "First", "the first save is not lost");
    assert!(second.label_dirty, "the second app keeps its edit");
    save_over(&mut second);
    press(&mut second, KeyCode::Char('y'));
    assert_eq!(
        labelcheck::load_label_file(&path).expect("label").name,
        "Second"
    );
    assert!(!second.label_dirty);
    // The first app now asks too: the file is no longer what it saved.
    rename_label(&mut first, "First again");
    save_over(&mut first);
    assert_eq!(question(&first), Some(SaveQuestion::Changed));
}

#[test]
fn two_apps_saving_the_same_rules_the_second_is_asked_before_overwriting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, labelcheck::rules::DEFAULT_RULES_TOML).expect("write");
    let mut first = app_with_rules(&path);
    let mut second = app_with_rules(&path);
    type_caution_limit(&mut first, "5000");
    press(&mut first, KeyCode::Enter);
    ctrl(&mut first, 's');
    assert!(!first.rules_dirty, "{:?}", first.status);
    type_caution_limit(&mut second, "7000");
    press(&mut second, KeyCode::Enter);
    ctrl(&mut second, 's');
    assert_eq!(question(&second), Some(SaveQuestion::Changed));
    press(&mut second, KeyCode::Esc);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        saved.contains("limit = 5000 "),
        "the first save is not lost"
    );
    // Saving again after one's own save asks nothing.
    type_caution_limit(&mut first, "6000");
    press(&mut first, KeyCode::Enter);
    ctrl(&mut first, 's');
    assert_eq!(question(&first), None);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("limit = 6000 ")
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_label_file_is_replaced_only_after_asking_and_stays_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = example_label_file(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read_to_string(&path).expect("read");
    let mut app = app_with_label(&path);
    rename_label(&mut app, "Renamed");
    save_over(&mut app);
    assert_eq!(question(&app), Some(SaveQuestion::ReadOnly));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
    assert!(app.label_dirty);
    save_over(&mut app);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        labelcheck::load_label_file(&path).expect("label").name,
        "Renamed"
    );
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "still read-only");
}

#[cfg(unix)]
#[test]
fn a_changed_read_only_rules_file_asks_both_questions_in_turn() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, labelcheck::rules::DEFAULT_RULES_TOML).expect("write");
    let mut app = app_with_rules(&path);
    std::fs::write(
        &path,
        labelcheck::rules::DEFAULT_RULES_TOML.replace("limit = 10000 ", "limit = 9000 "),
    )
    .expect("someone else's edit");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char(' '));
    ctrl(&mut app, 's');
    assert_eq!(question(&app), Some(SaveQuestion::ReadOnly));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(question(&app), Some(SaveQuestion::Changed));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(question(&app), None);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.contains("enabled = false") && saved.contains("limit = 10000 "));
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o400);
}

#[test]
fn saving_a_new_label_over_an_existing_file_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let taken = dir.path().join("taken.toml");
    std::fs::write(&taken, "someone's notes").expect("write");
    let mut app = app();
    rename_label(&mut app, "Mine");
    add_d3(&mut app, "25", false);
    ctrl(&mut app, 's');
    ctrl(&mut app, 'u');
    app.handle_paste(&taken.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert_eq!(question(&app), Some(SaveQuestion::Exists));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        std::fs::read_to_string(&taken).expect("read"),
        "someone's notes"
    );
}

#[test]
fn a_label_opened_from_label_text_is_saved_beside_it_not_over_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let panel = dir.path().join("panel.txt");
    std::fs::write(&panel, PANEL).expect("write");
    let mut app = app_with_label(&panel);
    ctrl(&mut app, 's');
    let Some(Popup::SaveLabelAs(input)) = &app.popup else {
        panic!("save-as prompt: {:?}", app.popup)
    };
    assert_eq!(
        input.value(),
        dir.path().join("panel.toml").display().to_string()
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(std::fs::read_to_string(&panel).expect("read"), PANEL);
    assert_eq!(
        labelcheck::load_label_file(&dir.path().join("panel.toml"))
            .expect("label")
            .name,
        "panel"
    );
}

#[test]
fn a_field_longer_than_the_typing_limit_is_never_cut_by_editing_or_saving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = example_label_file(dir.path());
    let long_name = "D3 ".repeat(1_000); // 3,000 characters, more than typing reaches
    let text = std::fs::read_to_string(&path).expect("read");
    let name_line = text
        .lines()
        .find(|l| l.starts_with("name = "))
        .expect("a name line")
        .to_string();
    std::fs::write(
        &path,
        text.replacen(&name_line, &format!("name = \"{long_name}\""), 1),
    )
    .expect("write");
    let mut app = app_with_label(&path);
    assert_eq!(app.form.name, long_name);
    // Open the field and leave it with Esc: the whole value comes back.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.form.name, long_name);
    // Typing more is refused with a message; deleting works.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.form.name, long_name);
    let status = app.status.clone().expect("a message");
    assert!(
        status.text.contains("limit of 2,000 characters"),
        "{}",
        status.text
    );
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.form.name.chars().count(), 2_999);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.form.name, long_name);
    // Another field changes, the name is saved whole.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, " (edited)");
    press(&mut app, KeyCode::Enter);
    save_over(&mut app);
    assert!(!app.label_dirty, "{:?} {:?}", app.status, app.popup);
    let saved = labelcheck::load_label_file(&path).expect("label");
    assert_eq!(saved.name, long_name.trim());
}

#[test]
fn a_paste_that_would_pass_the_field_limit_is_refused_whole_with_a_message() {
    let mut app = app();
    let directions_row = FieldId::ALL
        .iter()
        .position(|f| *f == FieldId::Directions)
        .expect("directions");
    for _ in 0..directions_row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Take one");
    app.handle_paste(&"; and more".repeat(250));
    assert_eq!(
        app.form.directions, "Take one",
        "nothing of the paste was taken"
    );
    let status = app.status.clone().expect("a message");
    assert!(
        status
            .text
            .starts_with("Not pasted: the field would be 2,508 characters long"),
        "{}",
        status.text
    );
    app.handle_paste("; and teeth");
    assert_eq!(app.form.directions, "Take one; and teeth");
}

// ----- import on a worker thread ---------------------------------------------------------

/// Released by the test that uses [`slow_import`].
static RELEASE_SLOW_IMPORT: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// An import that takes as long as the test wants.
fn slow_import(text: &str) -> labelcheck::import::Imported {
    while !RELEASE_SLOW_IMPORT.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    labelcheck::import::import_text(text, "")
}

#[test]
fn esc_cancels_a_long_import_at_once_and_the_app_keeps_drawing() {
    let mut app = app();
    app.importer = slow_import;
    press(&mut app, KeyCode::Char('p'));
    app.handle_paste(PANEL);
    ctrl(&mut app, 'd');
    assert_eq!(app.popup, Some(Popup::Importing));
    assert!(app.import_running());
    // The UI thread is free: keys are handled and frames drawn while the import runs.
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    let theme = labelcheck::tui::theme::Theme { color: false };
    terminal
        .draw(|f| labelcheck::tui::view::render(&app, &theme, f))
        .expect("draws");
    assert!(format!("{}", terminal.backend()).contains("Reading 8 lines of label text"));
    press(&mut app, KeyCode::Char('x')); // ignored while reading
    assert_eq!(app.popup, Some(Popup::Importing));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.popup, Some(Popup::Paste), "back to the paste box");
    assert!(!app.import_running());
    assert!(app.form.ingredients.is_empty(), "the form is unchanged");
    assert_eq!(
        app.paste_box.lines().len(),
        8,
        "the text is still in the box"
    );
    // A new import waits for the cancelled one to end, so cancelled imports never pile up.
    ctrl(&mut app, 'd');
    assert!(!app.import_running());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("still finishing"))
    );
    RELEASE_SLOW_IMPORT.store(true, std::sync::atomic::Ordering::SeqCst);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !app.import_running() {
        assert!(
            std::time::Instant::now() < deadline,
            "the cancelled import never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        app.poll_workers();
        ctrl(&mut app, 'd');
    }
    app.wait_for_import();
    assert_eq!(app.form.ingredients.len(), 2);
    assert_eq!(app.popup, Some(Popup::ImportReport { scroll: 0 }));
}

#[test]
fn the_paste_box_refuses_text_past_the_import_limit_whole() {
    use labelcheck::import::MAX_IMPORT_BYTES;
    let mut app = app();
    press(&mut app, KeyCode::Char('p'));
    app.handle_paste(&"x".repeat(MAX_IMPORT_BYTES + 1));
    assert_eq!(app.paste_box.lines(), [""], "nothing of it was added");
    let status = app.status.clone().expect("a message");
    assert!(
        status.text.starts_with("Not added: the paste box would hold 16.1 MiB of text, and label text is read up to 16 MiB"),
        "{}",
        status.text
    );
    // Up to the limit is fine; one more paste or key past it is not.
    app.handle_paste(&"y".repeat(MAX_IMPORT_BYTES - 3));
    assert_eq!(app.paste_box.lines()[0].len(), MAX_IMPORT_BYTES - 3);
    app.handle_paste("zzzz");
    press(&mut app, KeyCode::Char('z'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.paste_box.lines().len(), 1);
    assert_eq!(app.paste_box.lines()[0].len(), MAX_IMPORT_BYTES - 3);
    // Deleting still works.
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.paste_box.lines()[0].len(), MAX_IMPORT_BYTES - 4);
    assert_eq!(app.popup, Some(Popup::Paste));
}

// ----- recovery --------------------------------------------------------------------------

fn recovery_files(folder: &std::path::Path) -> Vec<PathBuf> {
    labelcheck::tui::recovery::files_in(folder)
}

#[test]
fn nothing_unsaved_keeps_nothing() {
    let folder = tempfile::tempdir().expect("tempdir");
    let mut app = app();
    app.use_recovery_folder(folder.path().to_path_buf());
    assert_eq!(app.keep_unsaved_work(), Ok(None));
    assert!(recovery_files(folder.path()).is_empty());
}

#[test]
fn unsaved_label_and_rules_are_kept_and_the_next_start_restores_them() {
    let folder = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let label_path = example_label_file(dir.path());
    let mut crashed = app_with_label(&label_path);
    crashed.use_recovery_folder(folder.path().to_path_buf());
    rename_label(&mut crashed, "Typed, not saved");
    add_d3(&mut crashed, "12abc", false); // invalid: kept as typed all the same
    type_caution_limit(&mut crashed, "4321");
    press(&mut crashed, KeyCode::Enter);
    press(&mut crashed, KeyCode::Char('1'));
    let form = crashed.form.clone();
    let kept = crashed.keep_unsaved_work().expect("kept").expect("a file");
    assert_eq!(recovery_files(folder.path()), std::slice::from_ref(&kept));

    // The next start, on another label, offers it.
    let mut next = app();
    next.use_recovery_folder(folder.path().to_path_buf());
    assert!(matches!(next.popup, Some(Popup::OfferRecovery(_))));
    press(&mut next, KeyCode::Char('y'));
    assert_eq!(next.popup, None);
    assert_eq!(next.form, form, "every field as typed");
    assert_eq!(next.label_path.as_deref(), Some(label_path.as_path()));
    assert!(next.label_dirty && next.rules_dirty);
    let caution = next.rules.rules.rule("d-above-caution").expect("rule");
    assert_eq!(caution.numeric_params()[0].value, 4321.0);
    assert!(!kept.exists(), "restored work is not offered again");
    // The label file changed since the crashed session loaded it: saving asks.
    std::fs::write(
        &label_path,
        std::fs::read_to_string(&label_path).expect("read") + "\n",
    )
    .expect("touch");
    press(&mut next, KeyCode::Up); // back to the amount row: fix it before saving
    let amount_row = next
        .form_rows()
        .iter()
        .rposition(|r| matches!(r, FormRow::Ingredient(_)))
        .expect("the new row");
    next.form_row = amount_row;
    next.form_column = Column::Amount;
    press(&mut next, KeyCode::Enter);
    ctrl(&mut next, 'u');
    typ(&mut next, "25");
    press(&mut next, KeyCode::Enter);
    save_over(&mut next);
    assert_eq!(question(&next), Some(SaveQuestion::Changed));
}

#[test]
fn kept_work_can_be_discarded_or_left_for_later() {
    let folder = tempfile::tempdir().expect("tempdir");
    let mut crashed = app();
    crashed.use_recovery_folder(folder.path().to_path_buf());
    add_d3(&mut crashed, "25", false);
    let kept = crashed.keep_unsaved_work().expect("kept").expect("a file");
    // Kept twice by the same process: a second file, the first is not overwritten.
    let again = crashed.keep_unsaved_work().expect("kept").expect("a file");
    assert_ne!(kept, again);
    assert_eq!(recovery_files(folder.path()).len(), 2);

    let mut later = app();
    later.use_recovery_folder(folder.path().to_path_buf());
    press(&mut later, KeyCode::Esc);
    assert_eq!(later.popup, None);
    assert!(later.form.ingredients.is_empty());
    assert_eq!(recovery_files(folder.path()).len(), 2, "kept for later");

    let mut discard = app();
    discard.use_recovery_folder(folder.path().to_path_buf());
    press(&mut discard, KeyCode::Char('n'));
    assert!(discard.form.ingredients.is_empty());
    assert_eq!(recovery_files(folder.path()).len(), 1, "one discarded");
}

/// The app as `labelcheck` opens it with no saved rules: built-in rules, saved to the config
/// folder `config` (not created yet).
fn app_with_config(config: &std::path::Path) -> (App, PathBuf) {
    let saved = labelcheck::saved_rules_path(&config.join("labelcheck"));
    let mut options = options(saved.clone());
    options.saved_rules_path = Some(saved.clone());
    (App::new(options), saved)
}

#[test]
fn saving_the_built_in_rules_writes_the_users_saved_rules_creating_the_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, saved) = app_with_config(&dir.path().join("config"));
    type_caution_limit(&mut app, "5000");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let text = std::fs::read_to_string(&saved).expect("saved in the config folder");
    assert!(text.contains("limit = 5000 "));
    assert_eq!(
        app.rules.origin,
        labelcheck::RulesOrigin::Saved(saved.clone())
    );
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("labelcheck uses them from now on")),
        "{:?}",
        app.status
    );
    // What the commands load next is what was saved.
    let origin = labelcheck::choose_rules(None, None, saved.parent());
    assert_eq!(origin, labelcheck::RulesOrigin::Saved(saved.clone()));
    let loaded = labelcheck::load_rules_from(origin).expect("loads");
    assert_eq!(
        loaded
            .rules
            .rule("d-above-caution")
            .expect("rule")
            .numeric_params()[0]
            .value,
        5000.0
    );
}

#[test]
fn edited_rules_are_marked_and_r_resets_one_to_built_in() {
    let mut app = app();
    type_caution_limit(&mut app, "5000");
    press(&mut app, KeyCode::Enter);
    let rule = &app.rules.rules.rules[0];
    assert!(labelcheck::rules::diff::is_edited(rule));
    assert!(app.rules_dirty);
    press(&mut app, KeyCode::Char('r'));
    let rule = &app.rules.rules.rules[0];
    assert!(
        !labelcheck::rules::diff::is_edited(rule),
        "back to built-in"
    );
    assert_eq!(rule.numeric_params()[0].value, 10000.0);
    assert!(!app.rules_dirty, "nothing left to save");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("back to the built-in"))
    );
    // A severity and a switch are reset too.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(' '));
    assert!(!app.rules.rules.rules[0].enabled);
    press(&mut app, KeyCode::Char('r'));
    assert!(app.rules.rules.rules[0].enabled);
}

#[test]
fn save_rules_as_writes_the_named_file_and_later_saves_go_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, saved) = app_with_config(&dir.path().join("config"));
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('s'));
    let Some(Popup::SaveRulesAs(input)) = &app.popup else {
        panic!("save-as prompt: {:?}", app.popup);
    };
    assert_eq!(input.value(), saved.display().to_string());
    let other = dir.path().join("clinic-rules.toml");
    ctrl(&mut app, 'u');
    typ(&mut app, &other.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(
        std::fs::read_to_string(&other)
            .expect("saved")
            .contains("enabled = false")
    );
    assert!(!saved.exists(), "only the named file is written");
    assert_eq!(
        app.rules.origin,
        labelcheck::RulesOrigin::File(other.clone())
    );
    press(&mut app, KeyCode::Char(' '));
    ctrl(&mut app, 's');
    assert!(
        !std::fs::read_to_string(&other)
            .expect("saved")
            .contains("enabled = false"),
        "Ctrl-S now saves to the file named"
    );
    // Esc leaves the prompt without saving.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
}

#[test]
fn an_edited_thresholds_rationale_says_its_figures_are_the_built_in_ones() {
    let mut app = app();
    add_d3(&mut app, "6000", true);
    assert!(!ids(&app).contains(&"d-above-caution".to_string()));
    type_caution_limit(&mut app, "5000");
    press(&mut app, KeyCode::Enter);
    let rule = &app.rules.rules.rules[0];
    let note = labelcheck::rules::diff::rationale_note(rule).expect("a note");
    assert_eq!(
        note,
        "Edited threshold: limit 5,000 IU/day (built-in: 10,000). Figures quoted below are the built-in rule's (default)."
    );
}

// ----- every label field in the form -------------------------------------------------------

fn go_to(app: &mut App, row: FormRow) {
    app.form_row = app
        .form_rows()
        .iter()
        .position(|r| *r == row)
        .expect("the row is in the form");
}

#[test]
fn claims_are_a_list_added_edited_and_removed_row_by_row() {
    let mut app = app();
    go_to(&mut app, FormRow::AddClaim);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Supports bones, teeth");
    press(&mut app, KeyCode::Enter);
    go_to(&mut app, FormRow::AddClaim);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Supports arteries");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.reading.label.claims,
        ["Supports bones, teeth", "Supports arteries"],
        "a comma stays inside its claim"
    );
    // Edit the first.
    go_to(&mut app, FormRow::Claim(0));
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typ(&mut app, "Supports bones");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.form.claims[0], "Supports bones");
    // Remove the second.
    go_to(&mut app, FormRow::Claim(1));
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(app.form.claims, ["Supports bones"]);
    // A claim added and cancelled, or left empty, adds nothing.
    go_to(&mut app, FormRow::AddClaim);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "half typed");
    press(&mut app, KeyCode::Esc);
    go_to(&mut app, FormRow::AddClaim);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.form.claims, ["Supports bones"]);
}

#[test]
fn the_second_declaration_and_the_disclaimer_are_typed_in_the_form() {
    let mut app = app();
    add_d3(&mut app, "25", false);
    go_to(&mut app, FormRow::Ingredient(0));
    app.form_column = Column::Unit;
    press(&mut app, KeyCode::Right); // the "also declared as" line
    assert_eq!(app.form_column, Column::Alt);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "1,000 IU");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.reading.label.ingredients[0].alt,
        Some((1000.0, labelcheck::label::Unit::Iu))
    );
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typ(&mut app, "1000");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.reading
            .error(labelcheck::tui::form::FieldRef::Cell(0, Column::Alt))
            .is_some_and(|e| e.contains("unit")),
        "{:?}",
        app.reading.errors
    );

    go_to(&mut app, FormRow::Field(FieldId::Disclaimer));
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "These statements have not been evaluated.");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.reading.label.disclaimer.as_deref(),
        Some("These statements have not been evaluated.")
    );
}

#[test]
fn servings_are_taken_per_day_week_or_month() {
    let mut app = app();
    go_to(&mut app, FormRow::Field(FieldId::Servings));
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    go_to(&mut app, FormRow::Field(FieldId::Period));
    press(&mut app, KeyCode::Right);
    assert_eq!(app.reading.label.servings_per_day, Some(1.0 / 7.0));
    press(&mut app, KeyCode::Right);
    assert_eq!(app.reading.label.servings_per_day, Some(1.0 / 30.0));
    press(&mut app, KeyCode::Right);
    assert_eq!(app.reading.label.servings_per_day, Some(1.0));
    assert_eq!(
        labelcheck::tui::strings::field_label(FieldId::Servings),
        "Servings taken",
        "not to be confused with Servings Per Container"
    );
}

#[test]
fn a_label_with_every_field_opens_in_the_form_and_reads_back_the_same() {
    let text = r#"name = "All fields"
brand = "B"
form = "softgel"
serving_size = "1 softgel"
servings_per_day = 0.03333333333333333
other_ingredients = ["olive oil"]
claims = ["Supports bones, teeth", "Supports arteries"]
directions = "One a month."
disclaimer = "These statements have not been evaluated."

[[ingredient]]
name = "Vitamin D3"
amount = 1250
unit = "mcg"
alt_amount = 50000
alt_unit = "IU"
"#;
    let label = labelcheck::parse_label_text("all.toml", text).expect("a label");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut options = options(dir.path().join("rules.toml"));
    options.label = Some((dir.path().join("all.toml"), label.clone()));
    let app = App::new(options);
    assert_eq!(app.form.period, labelcheck::tui::form::Period::Month);
    assert_eq!(app.form.servings, "1");
    assert_eq!(app.form.ingredients[0].alt, "50000 IU");
    assert_eq!(app.form.claims.len(), 2);
    assert!(app.reading.errors.is_empty(), "{:?}", app.reading.errors);
    let read = &app.reading.label;
    assert_eq!(read.claims, label.claims);
    assert_eq!(read.disclaimer, label.disclaimer);
    assert_eq!(read.ingredients, label.ingredients);
}

// ----- nothing typed is dropped silently -----------------------------------------------------

#[test]
fn an_amount_that_is_not_a_number_says_the_ingredient_is_not_checked() {
    let mut app = app();
    add_d3(&mut app, "12k", true);
    assert!(app.reading.label.ingredients.is_empty());
    assert_eq!(
        app.reading.incomplete().as_deref(),
        Some("incomplete — 1 ingredient not checked (amount \"12k\" is not a number)")
    );
    add_d3(&mut app, "", false);
    assert_eq!(
        app.reading.incomplete().as_deref(),
        Some("incomplete — 2 ingredients not checked (amount \"12k\" is not a number)")
    );
}

#[test]
fn ctrl_s_refuses_a_label_that_would_not_load_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = App::new(options(dir.path().join("rules.toml")));
    rename_label(&mut app, "No ingredients yet");
    let form = app.form.clone();
    ctrl(&mut app, 's');
    assert_eq!(
        app.popup, None,
        "no save-as question for a label that cannot be saved"
    );
    let status = app.status.clone().expect("a message");
    assert!(
        status.text.contains("at least one ingredient"),
        "{}",
        status.text
    );
    assert_eq!(app.form, form, "nothing typed is lost");
    assert!(app.label_dirty);
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

// ----- vitamin D: the unit, and "did you mean …?" ---------------------------------------------

#[test]
fn choosing_vitamin_d_starts_the_row_in_iu() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Down); // Vitamin D3
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.form.ingredients[0].unit,
        Some(labelcheck::label::Unit::Iu)
    );
}

#[test]
fn an_iu_figure_typed_as_micrograms_is_asked_about_before_it_is_checked() {
    let mut app = app();
    add_d3(&mut app, "5000", false); // 5000 mcg = 200,000 IU: meant 5000 IU?
    assert_eq!(
        app.intake.per_day.vitamin_d_iu, 0.0,
        "not treated as real yet"
    );
    assert!(ids(&app).is_empty(), "{:?}", ids(&app));
    assert_eq!(
        app.reading.incomplete().as_deref(),
        Some("incomplete — 1 ingredient not checked (amount: did you mean 5,000 IU?)")
    );
    // y takes the suggestion.
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.form.ingredients[0].unit,
        Some(labelcheck::label::Unit::Iu)
    );
    assert_eq!(app.intake.per_day.vitamin_d_iu, 5_000.0);
    assert!(app.reading.incomplete().is_none());
}

#[test]
fn a_dose_the_user_confirms_is_checked_as_typed_and_asked_again_when_changed() {
    let mut app = app();
    add_d3(&mut app, "150000", true); // more than 10× the 10,000 IU caution level
    assert!(app.reading.question(0).is_some());
    assert!(app.reading.question(0).expect("asked").suggestion.is_none());
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.intake.per_day.vitamin_d_iu, 150_000.0);
    assert!(ids(&app).contains(&"d-above-caution".to_string()));
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "0");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.reading.question(0).is_some(),
        "a new amount is asked about again"
    );
}

#[test]
fn an_amount_40_times_off_its_second_declaration_is_asked_about() {
    let mut app = app();
    add_d3(&mut app, "1000", false); // 1000 mcg …
    assert!(
        app.reading.question(0).is_none(),
        "40,000 IU alone is not asked about"
    );
    app.form_column = Column::Alt;
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "1000 IU"); // … printed as 1000 IU: the IU figure typed as mcg
    press(&mut app, KeyCode::Enter);
    let question = app.reading.question(0).expect("asked");
    assert_eq!(
        question.suggestion,
        Some((25.0, labelcheck::label::Unit::Mcg))
    );
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.form.ingredients[0].amount, "25");
    assert_eq!(app.intake.per_day.vitamin_d_iu, 1_000.0);
}

#[test]
fn a_loaded_label_is_not_asked_about_its_amounts() {
    let mut app = app();
    for i in 0..app.examples.len() {
        app.load_example(i);
        assert!(app.reading.questions.is_empty(), "{}", app.examples[i].file);
    }
}

// ----- saving a label opened from a file ----------------------------------------------------

/// A label file as `labelcheck import` writes it: provenance comments above each ingredient.
const IMPORTED_LABEL: &str = "# Imported by labelcheck from panel.txt. Check every value.
name = \"Weekly drops\"
servings_per_day = 0.142857 # one a week
claims = [\"Supports bones\"]

# line 3: Vitamin D3 (as cholecalciferol) 1,250 mcg (50,000 IU)
[[ingredient]]
name = \"Vitamin D3\"
amount = 1250
unit = \"mcg\"
alt_amount = 50000
alt_unit = \"IU\"

# Lines not used (1):
#   9: Keep out of reach of children.
";

fn app_with_imported_label(dir: &std::path::Path) -> (App, PathBuf) {
    let path = dir.join("weekly.toml");
    std::fs::write(&path, IMPORTED_LABEL).expect("write");
    let label = labelcheck::load_label_file(&path).expect("label");
    let mut options = options(dir.join("rules.toml"));
    options.label = Some((path.clone(), label));
    (App::new(options), path)
}

#[test]
fn ctrl_s_on_a_label_from_a_file_asks_before_writing_over_it_and_offers_save_as() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, path) = app_with_imported_label(dir.path());
    rename_label(&mut app, "Weekly drops, renamed");
    ctrl(&mut app, 's');
    assert_eq!(app.popup, Some(Popup::ConfirmOverwrite(path.clone())));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        IMPORTED_LABEL
    );
    assert!(app.label_dirty);
    // s: save as another file instead.
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Char('s'));
    assert!(
        matches!(app.popup, Some(Popup::SaveLabelAs(_))),
        "{:?}",
        app.popup
    );
    ctrl(&mut app, 'u');
    let copy = dir.path().join("copy.toml");
    typ(&mut app, &copy.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(!app.label_dirty, "{:?}", app.status);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        IMPORTED_LABEL
    );
    let saved = std::fs::read_to_string(&copy).expect("saved as");
    assert!(saved.contains("# line 3: Vitamin D3"), "{saved}");
}

#[test]
fn saving_over_a_label_keeps_its_comments_and_its_servings_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, path) = app_with_imported_label(dir.path());
    assert_eq!(app.form.servings, "1");
    assert_eq!(app.form.period, labelcheck::tui::form::Period::Week);
    assert_eq!(app.reading.label.servings_per_day, Some(0.142857));
    rename_label(&mut app, "Weekly drops, renamed");
    save_over(&mut app);
    assert!(!app.label_dirty, "{:?}", app.status);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        saved,
        IMPORTED_LABEL.replace("\"Weekly drops\"", "\"Weekly drops, renamed\""),
        "only the name changed; comments, servings and the rest as they were"
    );
    // Saved once here, it is saved again without asking.
    rename_label(&mut app, "Weekly drops");
    ctrl(&mut app, 's');
    assert_eq!(app.popup, None);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        IMPORTED_LABEL
    );
}

#[test]
fn weekly_servings_typed_in_the_app_are_one_seventh_a_day_as_the_cli_reads_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, path) = app_with_imported_label(dir.path());
    go_to(&mut app, FormRow::Field(FieldId::Servings));
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typ(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    save_over(&mut app);
    let saved = labelcheck::load_label_file(&path).expect("label");
    assert_eq!(saved.servings_per_day, Some(2.0 / 7.0));
    assert_eq!(app.reading.label.servings_per_day, saved.servings_per_day);
    assert_eq!(
        app.intake.servings_per_day,
        labelcheck::label::Intake::from_label(&saved).servings_per_day,
        "the app and the CLI use the same per-day figure"
    );
}

#[test]
fn a_folder_given_as_the_path_opens_the_example_browser_on_its_first_label() {
    let builtin = app().examples.len();
    let mut options = options(PathBuf::from("/nonexistent/rules.toml"));
    let label = labelcheck::parse_label_text(
        "mine.toml",
        "name = \"Mine\"\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 25\nunit = \"mcg\"\n",
    )
    .expect("label");
    options.extra_examples = vec![labelcheck::examples::Example {
        file: "mine.toml".into(),
        origin: "my-labels".into(),
        label,
    }];
    options.start_screen = Screen::Examples;
    let app = App::new(options);
    assert_eq!(app.screen, Screen::Examples);
    assert_eq!(app.example_selected, builtin);
}

#[test]
fn vitamin_k_picked_without_a_form_is_vitamin_k_and_its_form_picker_offers_k1_and_k2() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a')); // the ingredient picker
    for _ in 0..6 {
        press(&mut app, KeyCode::Down); // D3, D2, D, K2, K1, then "Vitamin K"
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // edit the amount
    typ(&mut app, "50");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.intake.per_serving.k_unspecified_mcg, 50.0);
    assert_eq!(app.intake.per_serving.k2_total_mcg(), 0.0);
    assert!(ids(&app).contains(&"k-form-unspecified".to_string()));
    assert!(!ids(&app).contains(&"k2-form-unspecified".to_string()));
    press(&mut app, KeyCode::Left); // the form column
    press(&mut app, KeyCode::Enter); // the form picker: type own, no form, phylloquinone, MK-7…
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter); // phylloquinone
    assert_eq!(app.intake.per_serving.k1_mcg, 50.0);
    assert_eq!(app.intake.per_serving.k_unspecified_mcg, 0.0);
}
