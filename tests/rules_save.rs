//! Saving rules never loses anything: 100 random edit/save cycles keep every comment and every
//! unknown key; a save that fails leaves the file as it was and the edits in the app.

use std::path::PathBuf;

use labelcheck::fsio::SaveOptions;
use labelcheck::rules::edit::{ParamPath, RulesDocument, save_rules_atomically};
use labelcheck::rules::{DEFAULT_RULES_TOML, Severity, parse_rules};
use labelcheck::tui::Options;
use labelcheck::tui::app::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn a_hundred_random_edits_and_saves_keep_comments_and_unknown_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    let original = DEFAULT_RULES_TOML.replacen(
        "limit = 10000 ",
        "reviewed = \"2026-11\"  # a local key\nlimit = 10000 ",
        1,
    ) + "\n[clinic]\nowner = \"Dr Example\"  # kept across saves\n";
    std::fs::write(&path, &original).expect("write");
    let comments: Vec<&str> = original
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect();
    let mut rng = Lcg(42);
    for cycle in 0..100 {
        let text = std::fs::read_to_string(&path).expect("read");
        let rules = parse_rules(&text).expect("parses").rules;
        let mut doc = RulesDocument::parse(&text).expect("editable");
        let index = rng.next(rules.rules.len());
        let rule = &rules.rules[index];
        let params = rule.numeric_params();
        let expectation = match rng.next(3) {
            0 if !params.is_empty() => {
                let param = &params[rng.next(params.len())];
                let value = (rng.next(100_000) as f64) / 4.0;
                doc.set_number(index, &param.path, value)
                    .expect("set number");
                Some((param.path.clone(), value))
            }
            1 => {
                doc.set_severity(index, Severity::ALL[rng.next(4)])
                    .expect("set severity");
                None
            }
            _ => {
                doc.set_enabled(index, rng.next(2) == 0)
                    .expect("set enabled");
                None
            }
        };
        save_rules_atomically(&path, &doc.text(), SaveOptions::default())
            .unwrap_or_else(|e| panic!("cycle {cycle}: {e}"));
        let saved = std::fs::read_to_string(&path).expect("read");
        for comment in &comments {
            assert!(
                saved.contains(comment),
                "cycle {cycle}: lost comment {comment:?}"
            );
        }
        assert!(
            saved.contains("reviewed = \"2026-11\"  # a local key"),
            "cycle {cycle}"
        );
        assert!(
            saved.contains("[clinic]\nowner = \"Dr Example\"  # kept across saves"),
            "cycle {cycle}"
        );
        assert_eq!(
            saved.lines().count(),
            original.lines().count(),
            "cycle {cycle}: lines added or removed"
        );
        let reloaded = parse_rules(&saved).expect("re-parses").rules;
        if let Some((path, value)) = expectation {
            let got = reloaded.rules[index]
                .numeric_params()
                .into_iter()
                .find(|p| p.path == path)
                .expect("param");
            assert_eq!(got.value, value, "cycle {cycle}");
        }
    }
}

fn key(app: &mut App, code: KeyCode, ctrl: bool) {
    app.handle_key(KeyEvent::new(
        code,
        if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        },
    ));
}

fn app_saving_to(path: PathBuf) -> App {
    App::new(Options::builtin(path))
}

#[test]
fn a_save_that_cannot_write_keeps_the_edits_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder where the file should be: no one, root included, can rename a file over it.
    let target = dir.path().join("rules.toml");
    std::fs::create_dir(&target).expect("folder");
    let mut app = app_saving_to(target.clone());
    key(&mut app, KeyCode::Char('3'), false);
    key(&mut app, KeyCode::Char(' '), false); // turn d-above-caution off
    key(&mut app, KeyCode::Char('s'), true);
    if app.popup.is_some() {
        key(&mut app, KeyCode::Char('y'), false); // the "file changed" question, if asked
    }
    let status = app.status.clone().expect("a message");
    assert!(
        status.text.starts_with("Not saved: cannot write"),
        "{}",
        status.text
    );
    assert!(
        status.text.ends_with("Your edits are kept."),
        "{}",
        status.text
    );
    assert!(app.rules_dirty);
    assert!(!app.rules.rules.rules[0].enabled, "the edit is still there");
    assert!(target.is_dir());
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gives_a_clear_error_and_keeps_the_edits() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("folder");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    // Root ignores permission bits; the test is only meaningful where they apply.
    let probe = locked.join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        return;
    }
    let mut app = app_saving_to(locked.join("rules.toml"));
    key(&mut app, KeyCode::Char('3'), false);
    key(&mut app, KeyCode::Char(' '), false);
    key(&mut app, KeyCode::Char('s'), true);
    let status = app.status.clone().expect("a message");
    assert!(
        status.text.contains("permission denied") && status.text.ends_with("Your edits are kept."),
        "{}",
        status.text
    );
    assert!(app.rules_dirty);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).expect("chmod back");
}

#[test]
fn a_simulated_crash_between_write_and_rename_leaves_the_file_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, DEFAULT_RULES_TOML).expect("write");
    let mut doc = RulesDocument::parse(DEFAULT_RULES_TOML).expect("editable");
    doc.set_number(0, &ParamPath::Key("limit"), 1.0)
        .expect("set");
    let result = labelcheck::fsio::write_atomically_with(
        &path,
        doc.text().as_bytes(),
        SaveOptions::default(),
        || Err(std::io::Error::other("simulated crash")),
    );
    assert!(result.is_err());
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        DEFAULT_RULES_TOML,
        "not half-written"
    );
    let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(leftovers, 1, "no temporary file left behind");
}
