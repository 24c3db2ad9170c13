//! The one key table drives key handling, the key bar and the help: every hint and help line
//! comes from it, and every key it binds reaches its action where it is bound.

use std::collections::HashSet;
use std::path::PathBuf;

use labelcheck::tui::app::{App, Popup};
use labelcheck::tui::input::TextInput;
use labelcheck::tui::keys::{self, Action, BINDINGS, Scope};
use labelcheck::tui::theme::Theme;
use labelcheck::tui::{Options, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::tui_support::press;

fn app() -> App {
    App::new(Options::builtin(PathBuf::from("/nonexistent/rules.toml")))
}

fn with_popup(popup: Popup) -> App {
    let mut app = app();
    app.popup = Some(popup);
    app
}

/// The app with the focus in every place the key table has a scope for.
fn every_focus() -> Vec<(&'static str, App)> {
    let mut out = vec![("label form", app())];
    let mut findings = app();
    findings.load_example(2);
    press(&mut findings, KeyCode::Tab);
    out.push(("findings", findings));
    let mut detail = app();
    detail.load_example(2);
    press(&mut detail, KeyCode::Tab);
    press(&mut detail, KeyCode::Tab);
    out.push(("finding detail", detail));
    let mut examples = app();
    press(&mut examples, KeyCode::Char('2'));
    out.push(("examples", examples));
    let mut filtering = app();
    press(&mut filtering, KeyCode::Char('2'));
    press(&mut filtering, KeyCode::Char('/'));
    out.push(("typing a filter", filtering));
    let mut rules = app();
    press(&mut rules, KeyCode::Char('3'));
    out.push(("rules list", rules));
    let mut params = app();
    press(&mut params, KeyCode::Char('3'));
    press(&mut params, KeyCode::Enter);
    out.push(("rule parameters", params));
    let mut editing = app();
    press(&mut editing, KeyCode::Enter);
    assert!(editing.editing.is_some());
    out.push(("editing", editing));
    let mut help = app();
    press(&mut help, KeyCode::Char('?'));
    out.push(("help", help));
    let mut regimen = app();
    press(&mut regimen, KeyCode::Char('4'));
    out.push(("regimen", regimen));
    let mut regimen_input = app();
    press(&mut regimen_input, KeyCode::Char('4'));
    press(&mut regimen_input, KeyCode::Char('f'));
    out.push(("regimen input", regimen_input));
    let mut compare = app();
    press(&mut compare, KeyCode::Char('5'));
    out.push(("compare", compare));
    let mut picker = app();
    press(&mut picker, KeyCode::Char('a'));
    out.push(("picker", picker));
    out.push((
        "save as",
        with_popup(Popup::SaveLabelAs(TextInput::new("x.toml"))),
    ));
    let mut paste = app();
    press(&mut paste, KeyCode::Char('p'));
    out.push(("paste box", paste));
    out.push(("importing", with_popup(Popup::Importing)));
    out.push((
        "import report",
        with_popup(Popup::ImportReport { scroll: 0 }),
    ));
    out.push(("quit?", with_popup(Popup::ConfirmQuit)));
    out.push(("load example?", with_popup(Popup::ConfirmLoadExample(0))));
    out.push((
        "save over the file?",
        with_popup(Popup::ConfirmOverwrite(PathBuf::from("label.toml"))),
    ));
    let offer = labelcheck::tui::app::RecoveryOffer {
        file: PathBuf::from("/nonexistent/kept.toml"),
        recovery: labelcheck::tui::recovery::Recovery {
            format: labelcheck::tui::recovery::FORMAT,
            label: None,
            rules: None,
            person: None,
            regimen: None,
        },
    };
    out.push((
        "recovery",
        with_popup(Popup::OfferRecovery(Box::new(offer))),
    ));
    let mut person = app();
    press(&mut person, KeyCode::Char('P'));
    out.push(("person profile", person));
    out
}

#[test]
fn every_bound_key_reaches_its_action_where_it_is_bound() {
    let mut covered = HashSet::new();
    for (name, app) in every_focus() {
        let scopes = app.scopes();
        for scope in &scopes {
            covered.insert(*scope);
            for row in keys::rows(*scope) {
                for key in row.keys {
                    assert_eq!(
                        keys::action(&scopes, &key.event()),
                        Some(row.action),
                        "{name}: {} in {scope:?} is taken by an earlier row",
                        key.name()
                    );
                }
            }
        }
    }
    for scope in Scope::ALL {
        assert!(covered.contains(scope), "no focus reaches {scope:?}");
    }
    for action in Action::ALL {
        assert!(
            BINDINGS.iter().any(|b| b.action == *action),
            "{action:?} has no key"
        );
    }
}

/// The key bar as drawn, at a width that fits it all.
fn drawn_key_bar(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(200, 30)).expect("terminal");
    terminal
        .draw(|frame| view::render(app, &Theme { color: false }, frame))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let y = buffer.area.height - 1;
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[test]
fn every_key_bar_hint_comes_from_the_table_rows_of_the_focus() {
    for (name, app) in every_focus() {
        let scopes = app.scopes();
        let expected: Vec<(&str, &str)> = scopes
            .iter()
            .flat_map(|s| keys::rows(*s))
            .filter_map(|row| row.bar.map(|bar| (bar, row.action.short())))
            .collect();
        assert!(!expected.is_empty(), "{name}: an empty key bar");
        assert_eq!(view::key_hints(&app), expected, "{name}");
        let drawn: String = expected
            .iter()
            .map(|(key, what)| format!(" {key} {what} "))
            .collect();
        assert_eq!(
            drawn_key_bar(&app),
            drawn.trim_end(),
            "{name}: the key bar drawn"
        );
    }
}

#[test]
fn every_row_of_the_table_is_in_the_help_and_every_help_line_comes_from_rows() {
    let lines = keys::help_lines();
    for row in BINDINGS {
        let names: Vec<String> = row.keys.iter().map(|k| k.name()).collect();
        assert!(
            lines.iter().any(|l| {
                let shown: Vec<&str> = l.keys.split(' ').collect();
                names.iter().all(|n| shown.contains(&n.as_str()))
                    && l.what.contains(row.action.description())
            }),
            "{:?} {names:?} ({:?}) is not in the help",
            row.action,
            row.scope
        );
    }
    for line in lines.iter().filter(|l| !l.keys.is_empty()) {
        for key in line.keys.split(' ') {
            assert!(
                BINDINGS
                    .iter()
                    .any(|b| b.keys.iter().any(|k| k.name() == key)
                        && line.what.contains(b.action.description())),
                "help line {line:?}: {key} is bound to nothing it describes"
            );
        }
    }
}

#[test]
fn the_help_shows_the_table_lines_wrapped_under_their_text() {
    let mut app = app();
    press(&mut app, KeyCode::Char('?'));
    let mut terminal = Terminal::new(TestBackend::new(80, 200)).expect("terminal");
    terminal
        .draw(|frame| view::render(&app, &Theme { color: false }, frame))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let screen = rows.join("\n");
    for line in keys::help_lines() {
        let first_word = line.what.split(' ').next().unwrap_or_default();
        assert!(screen.contains(first_word), "{line:?} not drawn");
    }
    // A description too long for one line goes on under itself, not under the keys.
    let at = rows
        .iter()
        .position(|r| r.contains("Ctrl-S "))
        .expect("the Ctrl-S line");
    let text_column = rows[at].find("save the label").expect("its text");
    assert!(
        rows[at + 1][text_column..].starts_with(|c: char| c.is_alphanumeric() || c == '('),
        "continued at the text's column:\n{}\n{}",
        rows[at],
        rows[at + 1]
    );
}

/// The key bar as drawn at `width` columns.
fn key_bar_at(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| view::render(app, &Theme { color: false }, frame))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let y = buffer.area.height - 1;
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[test]
fn at_80x24_and_100x30_no_key_bar_hint_is_cut() {
    for (name, app) in every_focus() {
        let hints = view::key_hints(&app);
        for (w, h) in [(80, 24), (100, 30)] {
            let drawn = key_bar_at(&app, w, h);
            let whole = (1..=hints.len()).any(|n| {
                let wide: String = hints[..n]
                    .iter()
                    .map(|(k, what)| format!(" {k} {what} "))
                    .collect();
                let close: String = hints[..n]
                    .iter()
                    .map(|(k, what)| format!(" {k} {what}"))
                    .collect();
                drawn == wide.trim_end() || drawn == close.trim_end()
            });
            assert!(whole, "{name} at {w}×{h}: {drawn:?} cuts a hint");
            if w == 100 {
                let all: usize = hints
                    .iter()
                    .map(|(k, what)| k.chars().count() + what.chars().count() + 2)
                    .sum();
                if all <= 100 {
                    assert!(
                        drawn.ends_with(hints.last().expect("hints").1),
                        "{name} at 100 columns: every hint fits, so every hint is shown: {drawn:?}"
                    );
                }
            }
        }
    }
}
