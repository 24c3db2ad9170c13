//! What the app draws: snapshots of every screen at 80×24 and 100×30 (and the label screen at
//! 60×16), no panic at any size, source links shown whole, and what a click or the wheel on
//! what is drawn does; with `y` (copy), `/` (filter) and `s` (sort), whose effect is on screen.

use std::path::PathBuf;

use labelcheck::fsio::SaveOptions;
use labelcheck::tui::Options;
use labelcheck::tui::app::{
    App, FormRow, LabelPane, PendingSave, Popup, RecoveryOffer, SaveQuestion, SaveTarget, Screen,
};
use labelcheck::tui::recovery::{FormRecord, RecoveredLabel, RecoveredRules, Recovery};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::tui_support::{draw, press};

fn app() -> App {
    App::new(Options::builtin(PathBuf::from("rules.toml")))
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
            regimen: None,
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

#[test]
fn the_label_screen_at_60x16_keeps_ingredient_rows_apart() {
    let mut form = app();
    form.load_example(3);
    form.form_row = form
        .form_rows()
        .iter()
        .position(|r| *r == FormRow::Ingredient(1))
        .expect("a second ingredient");
    let terminal = draw(&form, 60, 16);
    let text = screen_text(&terminal);
    // Name, amount and unit of each row, whole.
    for row in ["Vitamin D3", "Vitamin K2"] {
        assert!(text.contains(row), "{text}");
    }
    assert!(text.contains("Vitamin D3   │125      │mcg"), "{text}");
    assert!(text.contains("Vitamin K2   │100      │mcg"), "{text}");
    // The selected row's form, which has no column at this width, is on the line under it.
    assert!(text.contains("form: as menaquinone-7"), "{text}");
    insta::assert_snapshot!("label_form_60x16", terminal.backend());

    let mut findings = app();
    findings.load_example(2);
    press(&mut findings, KeyCode::Tab);
    insta::assert_snapshot!("label_findings_60x16", draw(&findings, 60, 16).backend());
}

/// The findings of loaded examples whose rule cites a source with a link, longest link first.
fn finding_with_long_link() -> (App, String) {
    let mut best: Option<(usize, usize, String)> = None;
    let mut probe = app();
    for example in 0..probe.examples.len() {
        probe.load_example(example);
        for (i, f) in probe.findings.iter().enumerate() {
            let rule = &probe.rules.rules.rules[f.rule_index];
            for key in &rule.sources {
                if let Some(url) = probe.rules.rules.source(key).and_then(|s| s.url.clone())
                    && best.as_ref().is_none_or(|(_, _, b)| url.len() > b.len())
                {
                    best = Some((example, i, url));
                }
            }
        }
    }
    let (example, finding, url) = best.expect("a finding citing a link");
    let mut app = app();
    app.load_example(example);
    app.finding_selected = finding;
    (app, url)
}

/// The rows of the screen between the detail pane's borders, trimmed.
fn detail_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let text = screen_text(terminal);
    let rows: Vec<&str> = text.lines().collect();
    let (top, col) = rows
        .iter()
        .enumerate()
        .find_map(|(y, r)| r.find("Why, and the sources").map(|x| (y, x)))
        .expect("the detail pane");
    let left = rows[top][..col].rfind('┌').expect("its corner");
    let left = rows[top][..left].chars().count();
    rows[top + 1..]
        .iter()
        .take_while(|r| r.chars().nth(left).is_none_or(|c| c != '└'))
        .map(|r| {
            let inner: String = r.chars().skip(left + 1).collect();
            inner.split('│').next().unwrap_or("").trim().to_string()
        })
        .collect()
}

#[test]
fn a_link_longer_than_the_detail_pane_is_shown_whole_on_lines_of_its_own() {
    let (app, url) = finding_with_long_link();
    for (w, h) in [(80, 120), (100, 120), (120, 120)] {
        let terminal = draw(&app, w, h);
        let rows = detail_rows(&terminal);
        let first = rows
            .iter()
            .position(|r| !r.is_empty() && url.starts_with(r.as_str()))
            .unwrap_or_else(|| panic!("{url} at {w}×{h}:\n{}", rows.join("\n")));
        let mut joined = String::new();
        for row in &rows[first..] {
            if joined.len() >= url.len() {
                break;
            }
            joined.push_str(row);
        }
        assert_eq!(joined, url, "at {w}×{h}:\n{}", rows.join("\n"));
    }
}

#[test]
fn with_hyperlinks_on_every_character_of_a_link_links_to_the_whole_link() {
    let (mut app, url) = finding_with_long_link();
    app.hyperlinks = true;
    let terminal = draw(&app, 80, 120);
    let start = format!("\x1b]8;;{url}\x1b\\");
    let linked: Vec<&ratatui::buffer::Cell> = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .filter(|c| c.symbol().starts_with(&start))
        .collect();
    assert_eq!(
        linked.len(),
        url.chars().count(),
        "one linked cell per character"
    );
    let shown: String = linked
        .iter()
        .map(|c| {
            c.symbol()
                .strip_prefix(&start)
                .and_then(|s| s.strip_suffix("\x1b]8;;\x1b\\"))
                .expect("wrapped in the link")
                .to_string()
        })
        .collect();
    assert_eq!(shown, url);
    assert!(linked.iter().all(|c| c.diff_option
        == ratatui::buffer::CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN)));
    // Off, the same screen holds no escape at all.
    app.hyperlinks = false;
    let plain = draw(&app, 80, 120);
    assert!(
        plain
            .backend()
            .buffer()
            .content
            .iter()
            .all(|c| !c.symbol().contains('\x1b'))
    );
}

#[test]
fn y_copies_the_selected_finding_with_its_sources_as_an_osc_52_sequence() {
    let (mut app, url) = finding_with_long_link();
    press(&mut app, KeyCode::Tab); // the findings list
    press(&mut app, KeyCode::Char('y'));
    let sequence = app.take_clipboard().expect("something to send");
    assert!(sequence.starts_with("\x1b]52;c;") && sequence.ends_with('\x07'));
    let text = labelcheck::tui::clipboard::decode_osc52(&sequence).expect("base64 text");
    let f = &app.findings[app.finding_selected];
    let rule = &app.rules.rules.rules[f.rule_index];
    for part in [
        rule.id.as_str(),
        f.severity.as_str(),
        f.message.as_str(),
        rule.title.as_str(),
        url.as_str(),
        "Sources",
    ] {
        assert!(text.contains(part), "{part:?} in:\n{text}");
    }
    assert!(
        text.contains(rule.rationale.lines().next().unwrap_or_default()),
        "{text}"
    );
    if let Some(t) = &f.threshold {
        assert!(
            text.contains(&format!("Threshold: {}", t.comparison)),
            "{text}"
        );
    }
    let status = app.status.clone().expect("a status").text;
    assert!(
        status.contains(&format!("Copied {}", rule.id)) && status.contains("OSC 52"),
        "{status}"
    );
    assert_eq!(app.take_clipboard(), None, "sent once");
    // From the detail pane too; and `y` on the form is still "take the suggestion".
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.take_clipboard().is_some());
    let mut form = self::app();
    form.load_example(3);
    press(&mut form, KeyCode::Char('y'));
    assert_eq!(form.take_clipboard(), None);
}

fn click(app: &mut App, column: u16, row: u16) -> bool {
    app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

fn wheel(app: &mut App, column: u16, row: u16, down: bool) -> bool {
    app.handle_mouse(MouseEvent {
        kind: if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        },
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Where `text` is first drawn: (column, row).
fn find(terminal: &Terminal<TestBackend>, text: &str) -> (u16, u16) {
    screen_text(terminal)
        .lines()
        .enumerate()
        .find_map(|(y, row)| {
            row.find(text)
                .map(|b| (row[..b].chars().count() as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", screen_text(terminal)))
}

#[test]
fn a_click_on_a_tab_shows_its_screen() {
    let mut app = app();
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, " 3 Rules ");
    assert!(click(&mut app, x + 3, y));
    assert_eq!(app.screen, Screen::Rules);
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, " 2 Examples ");
    click(&mut app, x + 1, y);
    assert_eq!(app.screen, Screen::Examples);
    // Nothing drawn there: nothing happens.
    assert!(!click(&mut app, 99, 0));
}

#[test]
fn a_click_selects_the_ingredient_row_and_column_under_it() {
    let mut app = app();
    app.load_example(3);
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "Vitamin K2");
    click(&mut app, x + 2, y);
    assert_eq!(app.current_form_row(), FormRow::Ingredient(1));
    assert_eq!(app.form_column, labelcheck::tui::form::Column::Name);
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "│100      │mcg");
    click(&mut app, x + 2, y);
    assert_eq!(app.current_form_row(), FormRow::Ingredient(1));
    assert_eq!(app.form_column, labelcheck::tui::form::Column::Amount);
    // A click on a field's line selects the field.
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "Brand");
    click(&mut app, x, y);
    assert_eq!(
        app.current_form_row(),
        FormRow::Field(labelcheck::tui::form::FieldId::Brand)
    );
}

#[test]
fn a_click_on_a_finding_selects_it_and_the_wheel_scrolls_its_detail() {
    let mut app = app();
    app.load_example(2);
    assert!(app.findings.len() >= 2, "an example with two findings");
    let second = app.rules.rules.rules[app.findings[1].rule_index]
        .title
        .clone();
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, &second[..12]);
    click(&mut app, x, y);
    assert_eq!(app.label_pane, LabelPane::Findings);
    assert_eq!(app.finding_selected, 1);
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "Why, and the sources");
    wheel(&mut app, x, y + 2, true);
    assert_eq!(app.detail_scroll, 3);
    wheel(&mut app, x, y + 2, false);
    assert_eq!(app.detail_scroll, 0);
    // Scrolling stops with the last line at the bottom of the pane.
    for _ in 0..200 {
        wheel(&mut app, x, y + 2, true);
    }
    let text = screen_text(&draw(&app, 100, 30));
    let last = "labelcheck informs, does not prescribe.";
    let at = text.lines().position(|l| l.contains(last)).expect(last);
    assert!(
        text.lines().nth(at + 1).is_some_and(|l| l.contains('└')),
        "{text}"
    );
    wheel(&mut app, x, y + 2, false);
    assert!(app.detail_scroll > 0);
    app.detail_scroll = 0;
    // The wheel over the findings moves the selection; the focus stays.
    click(&mut app, x, y + 2);
    assert_eq!(app.label_pane, LabelPane::Detail);
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, &second[..12]);
    wheel(&mut app, x, y, false);
    assert_eq!(app.finding_selected, 0);
    assert_eq!(app.label_pane, LabelPane::Detail);
}

#[test]
fn clicks_and_the_wheel_select_examples_and_rules() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    let terminal = draw(&app, 100, 30);
    let name = app.examples[4].label.name.clone();
    let (x, y) = find(&terminal, &name);
    click(&mut app, x, y);
    assert_eq!(app.example_selected, 4);
    wheel(&mut app, x, y, true);
    assert_eq!(app.example_selected, 5);

    press(&mut app, KeyCode::Char('3'));
    let terminal = draw(&app, 100, 30);
    let id = app.rules.rules.rules[3].id.clone();
    let (x, y) = find(&terminal, &format!(" {id}"));
    click(&mut app, x + 1, y);
    assert_eq!(app.rule_selected, 3);
    wheel(&mut app, x + 1, y, true);
    assert_eq!(app.rule_selected, 4);
    // A parameter row: the focus moves to the parameters.
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "severity ");
    click(&mut app, x, y);
    assert_eq!(app.rules_pane, labelcheck::tui::app::RulesPane::Params);
    assert_eq!(app.param_selected, 1);
}

#[test]
fn in_a_popup_a_click_picks_an_option_and_the_wheel_scrolls_the_help() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a')); // the ingredient picker
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "Vitamin K2");
    // Clicks outside the popup do nothing while it is open.
    assert!(!click(&mut app, 0, 29));
    click(&mut app, x, y);
    assert!(app.popup.is_none());
    assert_eq!(app.form.ingredients[0].name, "Vitamin K2");

    let mut help = self::app();
    press(&mut help, KeyCode::Char('?'));
    let _ = draw(&help, 100, 30);
    wheel(&mut help, 50, 15, true);
    assert_eq!(help.popup, Some(Popup::Help { scroll: 3 }));
    // It stops with the help's last line at the bottom.
    for _ in 0..100 {
        let _ = draw(&help, 100, 30);
        wheel(&mut help, 50, 15, true);
    }
    let text = screen_text(&draw(&help, 100, 30));
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[27].contains("medical advice."), "{text}");
}

#[test]
fn slash_filters_the_examples_enter_keeps_the_filter_and_esc_clears_it() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    let all = app.visible_examples().len();
    press(&mut app, KeyCode::Char('/'));
    // Letters that are keys elsewhere (q quits, j moves, s sorts) are typed.
    for ch in "weekly".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    let shown = app.visible_examples();
    assert!(!shown.is_empty() && shown.len() < all, "{shown:?}");
    for i in &shown {
        let e = &app.examples[*i];
        assert!(
            format!("{} {}", e.label.name, e.file)
                .to_lowercase()
                .contains("weekly"),
            "{}",
            e.file
        );
    }
    assert!(
        shown.contains(&app.example_selected),
        "the selection is a match"
    );
    let terminal = draw(&app, 100, 30);
    let text = screen_text(&terminal);
    assert!(text.contains("/ weekly"), "{text}");
    assert!(
        text.contains(&format!("Examples ({} of {all})", shown.len())),
        "{text}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(!app.example_filter.typing);
    assert_eq!(app.visible_examples(), shown, "Enter keeps the filter");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit, "q quits again once the filter is kept");

    let mut app = self::app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('/'));
    for ch in "zzz-nothing".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    assert!(app.visible_examples().is_empty());
    assert!(!app.should_quit);
    let text = screen_text(&draw(&app, 100, 30));
    assert!(text.contains("No example matches the filter"), "{text}");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // nothing shown: nothing is loaded
    assert_eq!(app.screen, Screen::Examples);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.visible_examples().len(), all);
    // Pasted text goes into the filter being typed.
    press(&mut app, KeyCode::Char('/'));
    app.handle_paste("k2");
    assert_eq!(app.example_filter.text(), "k2");
    press(&mut app, KeyCode::Esc);
    assert!(!app.example_filter.is_active() && !app.example_filter.typing);
}

#[test]
fn slash_filters_the_rules_list_by_id_or_title() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    let all = app.rules.rules.rules.len();
    press(&mut app, KeyCode::Char('/'));
    for ch in "caution".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    let shown = app.visible_rules();
    assert!(!shown.is_empty() && shown.len() < all);
    for i in &shown {
        let r = &app.rules.rules.rules[*i];
        assert!(
            format!("{} {}", r.id, r.title)
                .to_lowercase()
                .contains("caution"),
            "{}",
            r.id
        );
    }
    assert!(shown.contains(&app.rule_selected));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.rule_selected, shown[1.min(shown.len() - 1)]);
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&draw(&app, 100, 30));
    assert!(
        text.contains(&format!("{} of {all} rules", shown.len())),
        "{text}"
    );
    // Space still toggles the (shown) rule once the filter is kept.
    let selected = app.rule_selected;
    let before = app.rules.rules.rules[selected].enabled;
    press(&mut app, KeyCode::Char(' '));
    assert_ne!(app.rules.rules.rules[selected].enabled, before);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.visible_rules().len(), all);
}

#[test]
fn s_sorts_the_examples_by_worst_finding_and_back_by_file_name() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    let by_file = app.visible_examples();
    assert_eq!(by_file, (0..app.examples.len()).collect::<Vec<_>>());
    press(&mut app, KeyCode::Char('s'));
    let sorted = app.visible_examples();
    let worst: Vec<Option<labelcheck::rules::Severity>> = sorted
        .iter()
        .map(|i| app.example_findings(*i).iter().map(|(s, _)| *s).max())
        .collect();
    assert!(
        worst.windows(2).all(|w| w[0] >= w[1]),
        "worst first, none last: {worst:?}"
    );
    assert_ne!(
        sorted, by_file,
        "the built-in examples are not already in that order"
    );
    let text = screen_text(&draw(&app, 100, 30));
    assert!(text.contains("worst first"), "{text}");
    // The selection is kept, and moving follows the order shown.
    let at = sorted
        .iter()
        .position(|i| *i == app.example_selected)
        .expect("shown");
    press(&mut app, KeyCode::Down);
    assert_eq!(app.example_selected, sorted[(at + 1).min(sorted.len() - 1)]);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.visible_examples(), by_file);
}

#[test]
fn a_click_elsewhere_while_typing_keeps_the_value_and_selects_what_was_clicked() {
    let mut app = app();
    app.load_example(3);
    press(&mut app, KeyCode::Enter); // edit the name
    assert!(app.editing.is_some());
    press(&mut app, KeyCode::Char('!'));
    let terminal = draw(&app, 100, 30);
    let (x, y) = find(&terminal, "Vitamin K2");
    click(&mut app, x, y);
    assert!(app.editing.is_none());
    assert!(app.form.name.ends_with('!'), "{}", app.form.name);
    assert_eq!(app.current_form_row(), FormRow::Ingredient(1));
}
