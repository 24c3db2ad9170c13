//! The person profile in the app: a popup apart from the label (age, anticoagulant, pregnancy,
//! conditions, medicines, regions), saved profiles chosen and saved, the header's line about
//! the person; the label form's regional keys; the dose as it is taken on the label screen.

use std::path::{Path, PathBuf};

use labelcheck::profile::{Anticoagulant, Condition, Medicine, Profile, load_profile};
use labelcheck::rules::Region;
use labelcheck::tui::Options;
use labelcheck::tui::app::{App, FormRow, Popup};
use labelcheck::tui::form::{Column, FieldId};
use labelcheck::tui::person::PersonRow;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::tui_support::{ctrl, draw, press, typ};

fn app_with(profile: Profile, regions: Vec<Region>, profiles: Option<&Path>) -> App {
    let mut options = Options::builtin(PathBuf::from("/nonexistent/rules.toml"));
    options.profile = profile;
    options.regions = regions;
    options.profiles_path = profiles.map(|d| d.join("profiles.toml"));
    App::new(options)
}

fn app() -> App {
    app_with(Profile::default(), Vec::new(), None)
}

fn ids(app: &App) -> Vec<String> {
    app.findings
        .iter()
        .map(|f| app.rules.rules.rules[f.rule_index].id.clone())
        .collect()
}

/// Opens the person popup on `row`.
fn person_row(app: &mut App, row: PersonRow) {
    press(app, KeyCode::Char('P'));
    assert!(
        matches!(app.popup, Some(Popup::Person(_))),
        "{:?}",
        app.popup
    );
    app.person.row = PersonRow::all()
        .iter()
        .position(|r| *r == row)
        .expect("a row");
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn mum() -> Profile {
    let mut p = Profile::of_age(Some(72.0));
    p.anticoagulant = Anticoagulant::Vka;
    p.add_medicine(Medicine::Thiazide);
    p
}

#[test]
fn the_person_is_not_on_the_label_form() {
    let app = app();
    let rows = app.form_rows();
    for row in rows {
        if let FormRow::Field(f) = row {
            let label = labelcheck::tui::strings::field_label(f);
            assert!(
                !label.contains("age") || label.contains("ages"),
                "{label} is a person field on the label form"
            );
        }
    }
}

#[test]
fn the_command_line_profile_and_regions_fill_the_person_and_the_header() {
    let app = app_with(mum(), vec![Region::Us], None);
    assert_eq!(app.person.profile, mum());
    assert_eq!(app.rules.rules.regions, vec![Region::Us]);
    let text = screen_text(&draw(&app, 100, 30));
    let header = text.lines().next().expect("a header");
    assert!(
        header.contains("Person: 72 y, VKA, thiazide · regions: us"),
        "{header}"
    );
    // At 80 columns the header keeps the person, shorter, and the rules' origin; the app's
    // name gives way.
    let text = screen_text(&draw(&app, 80, 24));
    let header = text.lines().next().expect("a header");
    assert!(
        header.contains("72 y, VKA, thiazide · us · built-in rules"),
        "{header}"
    );
}

#[test]
fn every_profile_item_changes_the_findings_at_once() {
    let mut app = app();
    app.load_example(0); // calcium + D3 + K2 tablet
    let before = ids(&app);
    assert!(!before.contains(&"thiazide-vitamin-d-calcium".to_string()));
    person_row(&mut app, PersonRow::Medicine(Medicine::Thiazide));
    press(&mut app, KeyCode::Char(' '));
    assert!(app.person.profile.takes(Medicine::Thiazide));
    assert!(
        ids(&app).contains(&"thiazide-vitamin-d-calcium".to_string()),
        "{:?}",
        ids(&app)
    );
    app.person.row = PersonRow::all()
        .iter()
        .position(|r| *r == PersonRow::Condition(Condition::Ckd))
        .expect("row");
    press(&mut app, KeyCode::Enter);
    assert!(
        ids(&app).contains(&"ckd-calcium".to_string()),
        "{:?}",
        ids(&app)
    );
    press(&mut app, KeyCode::Enter); // cleared again
    assert!(!ids(&app).contains(&"ckd-calcium".to_string()));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.popup, None);
    assert!(!app.label_dirty, "the person is not part of the label");
}

#[test]
fn the_age_is_typed_live_and_esc_puts_the_age_before_back() {
    let mut app = app();
    app.load_example(2); // 20,000 IU a day
    person_row(&mut app, PersonRow::Age);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "5");
    assert_eq!(app.person.profile.age_years, Some(5.0));
    assert!(
        ids(&app).contains(&"d-above-caution-child".to_string()),
        "{:?}",
        ids(&app)
    );
    typ(&mut app, "x");
    assert_eq!(
        app.person.profile.age_years,
        Some(5.0),
        "the last valid age stays"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("not a number")),
        "{:?}",
        app.status
    );
    let text = screen_text(&draw(&app, 100, 30));
    assert!(text.contains("! \"5x\" is not a number"), "{text}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.person.profile.age_years, None);
    assert!(!app.person.edited);
    assert!(matches!(app.popup, Some(Popup::Person(_))));
}

#[test]
fn regions_turn_regional_rules_on_and_the_rules_screen_says_so() {
    let mut app = app();
    app.load_example(13); // 5,000 IU alone: the US wants micrograms first
    assert!(!ids(&app).iter().any(|id| id.starts_with("us-")));
    let rule = app
        .rules
        .rules
        .rules
        .iter()
        .position(|r| r.id == "us-vitamin-d-mass-first")
        .expect("a US rule");
    press(&mut app, KeyCode::Char('3'));
    app.rule_selected = rule;
    let text = screen_text(&draw(&app, 100, 30));
    assert!(
        text.contains("Checked: off (region us not selected"),
        "{text}"
    );
    assert!(
        text.contains("│off caution us-vitamin-d-mass-first · us"),
        "{text}"
    );

    person_row(&mut app, PersonRow::Region(Region::Us));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.person.regions, vec![Region::Us]);
    assert!(
        ids(&app).contains(&"us-vitamin-d-mass-first".to_string()),
        "{:?}",
        ids(&app)
    );
    press(&mut app, KeyCode::Esc);
    let text = screen_text(&draw(&app, 100, 30));
    assert!(text.contains("Checked: on (region us selected)"), "{text}");
    assert!(
        text.contains("│on  caution us-vitamin-d-mass-first · us"),
        "{text}"
    );
    assert!(
        !app.person.edited,
        "regions are the session's, not the saved profile's"
    );
}

#[test]
fn a_profile_is_saved_in_profiles_toml_and_asks_before_replacing_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("profiles.toml");
    let mut app = app_with(mum(), Vec::new(), Some(dir.path()));
    press(&mut app, KeyCode::Char('P'));
    ctrl(&mut app, 's');
    assert!(matches!(app.popup, Some(Popup::SaveProfileAs(_))));
    typ(&mut app, "my mum");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::SaveProfileAs(_))),
        "a space is refused"
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::Person(_))),
        "{:?}",
        app.popup
    );
    let saved = load_profile(Some(dir.path()), "my").expect("saved");
    assert_eq!(saved.age_years, Some(72.0));
    assert_eq!(saved.anticoagulant, Anticoagulant::Vka);
    assert_eq!(app.person.profile.name.as_deref(), Some("my"));

    // A comment the user wrote stays; the same name asks first, and "no" writes nothing.
    let text = std::fs::read_to_string(&file).expect("written");
    std::fs::write(&file, format!("# family\n{text}")).expect("edit");
    press(&mut app, KeyCode::Up);
    app.person.row = 1;
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typ(&mut app, "80");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter); // the name in use, "my"
    assert_eq!(app.popup, Some(Popup::ConfirmProfileOverwrite("my".into())));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        load_profile(Some(dir.path()), "my")
            .expect("kept")
            .age_years,
        Some(72.0)
    );
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        load_profile(Some(dir.path()), "my")
            .expect("saved")
            .age_years,
        Some(80.0)
    );
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.starts_with("# family\n"), "{text}");
    assert!(!app.person.edited);
}

#[test]
fn a_saved_profile_is_chosen_from_the_list_and_unsaved_changes_are_asked_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("profiles.toml"),
        "[profile.dad]\nage = 72\nanticoagulant = \"warfarin\"\n",
    )
    .expect("write");
    let mut app = app_with(Profile::default(), Vec::new(), Some(dir.path()));
    app.load_example(8); // K1 + K2: the warfarin rule fires for a person on a VKA
    assert!(!ids(&app).contains(&"vka-vitamin-k".to_string()));
    person_row(&mut app, PersonRow::Saved);
    press(&mut app, KeyCode::Enter);
    let Some(Popup::Pick(picker)) = &app.popup else {
        panic!("a picker: {:?}", app.popup);
    };
    assert_eq!(picker.options.len(), 2, "{:?}", picker.options);
    assert!(
        picker.options[1].starts_with("dad — age 72 y"),
        "{:?}",
        picker.options
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.person.profile.name.as_deref(), Some("dad"));
    assert!(
        ids(&app).contains(&"vka-vitamin-k".to_string()),
        "{:?}",
        ids(&app)
    );
    for (w, h, said) in [
        (100, 30, "Person dad: 72 y, VKA"),
        (80, 24, "dad: 72 y, VKA"),
    ] {
        let text = screen_text(&draw(&app, w, h));
        let header = text.lines().next().expect("a header");
        assert!(header.contains(said), "{header}");
    }

    // Changed and unsaved: going back to nobody in particular asks first.
    app.person.row = 3;
    press(&mut app, KeyCode::Right); // pregnancy
    assert!(app.person.edited);
    app.person.row = 0;
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.popup, Some(Popup::ConfirmSwitchProfile(String::new())));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.person.profile.name.as_deref(), Some("dad"));
    assert!(app.person.edited);
}

#[test]
fn a_broken_profiles_file_is_named_with_its_line_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("profiles.toml");
    std::fs::write(&file, "[profile.dad]\nage = \"old\"\n").expect("write");
    let mut app = app_with(mum(), Vec::new(), Some(dir.path()));
    person_row(&mut app, PersonRow::Saved);
    press(&mut app, KeyCode::Enter);
    let status = app.status.clone().expect("a message").text;
    assert!(
        status.contains("profiles.toml") && status.contains(":2:"),
        "{status}"
    );
    ctrl(&mut app, 's');
    typ(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        std::fs::read_to_string(&file).expect("kept"),
        "[profile.dad]\nage = \"old\"\n"
    );
}

#[test]
fn the_label_screen_shows_the_dose_as_it_is_taken() {
    let mut app = app();
    app.load_example(4); // 50,000 IU once a week
    let text = screen_text(&draw(&app, 100, 30));
    assert!(
        text.contains("1 capsule per week (50,000 IU; 7,143 IU/day on average)"),
        "{text}"
    );
    assert!(!text.contains("servings)"), "{text}");
    app.load_example(3); // one a day: the per-day line as before
    let text = screen_text(&draw(&app, 100, 30));
    assert!(text.contains("Per day: vitamin D 5,000 IU"), "{text}");
}

#[test]
fn printed_percentages_typed_in_the_form_are_checked_and_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("d3.toml");
    std::fs::write(
        &path,
        "# my label\nname = \"D3\"\n\n# line 1: Vitamin D3 25 mcg\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 25\nunit = \"mcg\"\n",
    )
    .expect("write");
    let label = labelcheck::load_label_file(&path).expect("loads");
    let mut options = Options::builtin(PathBuf::from("/nonexistent/rules.toml"));
    options.label = Some((path.clone(), label));
    options.regions = vec![Region::Us];
    let mut app = App::new(options);
    app.form_row = app
        .form_rows()
        .iter()
        .position(|r| *r == FormRow::Ingredient(0))
        .expect("a row");
    for _ in 0..5 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(app.form_column, Column::PercentDv);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "100"); // 25 mcg is 125 % of the 20 mcg DV
    press(&mut app, KeyCode::Enter);
    assert!(
        ids(&app).contains(&"us-dv-mismatch".to_string()),
        "{:?}",
        ids(&app)
    );
    app.form_row = app
        .form_rows()
        .iter()
        .position(|r| *r == FormRow::Field(FieldId::DvPopulation))
        .expect("a row");
    press(&mut app, KeyCode::Right); // adults
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Char('y'));
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(text.contains("# line 1: Vitamin D3 25 mcg\n"), "{text}");
    assert!(text.contains("percent_dv = 100\n"), "{text}");
    assert!(text.contains("dv_population = \"adults\"\n"), "{text}");
}

#[test]
fn the_person_popup_and_header_at_80x24_and_100x30() {
    let mut app = app_with(mum(), vec![Region::Us], None);
    app.load_example(3);
    for (w, h) in [(80, 24), (100, 30)] {
        insta::assert_snapshot!(
            format!("label_with_person_{w}x{h}"),
            screen_text(&draw(&app, w, h))
        );
    }
    press(&mut app, KeyCode::Char('P'));
    app.person.row = 10;
    for (w, h) in [(80, 24), (100, 30)] {
        insta::assert_snapshot!(
            format!("person_popup_{w}x{h}"),
            screen_text(&draw(&app, w, h))
        );
    }
}

#[test]
fn a_changed_profile_is_kept_when_the_app_ends_unexpectedly_and_restored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = app_with(mum(), Vec::new(), None);
    first.use_recovery_folder(dir.path().to_path_buf());
    assert_eq!(first.keep_unsaved_work(), Ok(None), "nothing changed");
    person_row(&mut first, PersonRow::Condition(Condition::KidneyStones));
    press(&mut first, KeyCode::Char(' '));
    first.person.row = PersonRow::all()
        .iter()
        .position(|r| *r == PersonRow::Region(Region::Eu))
        .expect("row");
    press(&mut first, KeyCode::Char(' '));
    let kept = first.keep_unsaved_work().expect("kept").expect("a file");

    let mut next = app();
    next.use_recovery_folder(dir.path().to_path_buf());
    let Some(Popup::OfferRecovery(offer)) = &next.popup else {
        panic!("offered: {:?}", next.popup);
    };
    assert!(offer.recovery.person.is_some());
    press(&mut next, KeyCode::Char('y'));
    let mut expected = mum();
    expected.add_condition(Condition::KidneyStones);
    assert_eq!(next.person.profile, expected);
    assert_eq!(next.person.regions, vec![Region::Eu]);
    assert!(next.person.edited);
    assert!(!kept.exists(), "restored, so removed");

    // Regions alone changed are kept too.
    let mut third = app();
    third.use_recovery_folder(dir.path().to_path_buf());
    person_row(&mut third, PersonRow::Region(Region::Ca));
    press(&mut third, KeyCode::Enter);
    assert!(!third.person.edited);
    let kept = third.keep_unsaved_work().expect("kept").expect("a file");
    let text = std::fs::read_to_string(&kept).expect("written");
    assert!(text.contains("regions = [\"ca\"]"), "{text}");
    let mut fourth = app();
    fourth.use_recovery_folder(dir.path().to_path_buf());
    press(&mut fourth, KeyCode::Char('y'));
    assert_eq!(fourth.person.regions, vec![Region::Ca]);
    assert!(!fourth.person.edited, "the profile itself was not changed");
}
