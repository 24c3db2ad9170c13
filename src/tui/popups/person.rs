//! The person profile popup: age, anticoagulant, pregnancy, conditions, medicines and the
//! regions checked. Every change applies at once (the findings follow); the profile can be
//! chosen from the saved profiles, saved there, or used unsaved for the session.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::fsio::{DiskVersion, Expect, SaveOptions, write_atomically_with};
use crate::profile::{Profile, parse_profiles, validate_age};
use crate::tui::app::{App, PickTarget, Popup};
use crate::tui::input::TextInput;
use crate::tui::keys::Action;
use crate::tui::person::PersonRow;
use crate::tui::profiles_file::{has_profile, update_profiles_text, valid_name};
use crate::tui::strings;

/// The popup's own state; the person is [`App::person`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonPopup {
    /// The age being typed.
    pub age: Option<AgeEdit>,
}

/// The age being typed: it applies as soon as it reads as an age; Esc puts back the one
/// before.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeEdit {
    pub input: TextInput,
    pub original: Option<f64>,
    /// Whether the profile was edited before: Esc puts that back too.
    pub was_edited: bool,
    /// Why the text is not an age.
    pub error: Option<String>,
}

/// Far more than any profiles file.
const MAX_PROFILES_BYTES: u64 = 4 * 1024 * 1024;

impl App {
    pub(crate) fn open_person(&mut self) {
        self.popup = Some(Popup::Person(PersonPopup::default()));
    }

    /// A key while the person popup is open.
    pub(crate) fn person_key(
        &mut self,
        mut popup: PersonPopup,
        action: Option<Action>,
        key: KeyEvent,
    ) {
        if let Some(edit) = popup.age.take() {
            popup.age = self.age_key(edit, action, key);
            self.popup = Some(Popup::Person(popup));
            return;
        }
        let rows = PersonRow::all();
        let row = self.person.current_row();
        match action {
            Some(Action::ClosePerson) => return,
            Some(a @ (Action::Up | Action::Down)) => {
                if let Some(i) = a.moved(self.person.row, rows.len()) {
                    self.person.row = i;
                }
            }
            Some(Action::ChangePerson) => match row {
                PersonRow::Saved => return self.open_saved_profiles(),
                PersonRow::Age => {
                    let text = self
                        .person
                        .profile
                        .age_years
                        .map(crate::format::plain_for_editing)
                        .unwrap_or_default();
                    popup.age = Some(AgeEdit {
                        input: TextInput::new(&text),
                        original: self.person.profile.age_years,
                        was_edited: self.person.edited,
                        error: None,
                    });
                }
                _ => self.change_person(row, true),
            },
            Some(a @ (Action::Left | Action::Right)) => self.change_person(row, a == Action::Right),
            Some(Action::SaveProfile) => {
                let name = self.person.profile.name.clone().unwrap_or_default();
                self.popup = Some(Popup::SaveProfileAs(TextInput::new(&name)));
                return;
            }
            _ => {}
        }
        self.popup = Some(Popup::Person(popup));
    }

    /// Changes a row's value and re-checks at once.
    fn change_person(&mut self, row: PersonRow, forward: bool) {
        if self.person.change(row, forward) {
            self.recheck();
        }
    }

    /// A key while the age is typed; the edit, or `None` once it is over.
    fn age_key(
        &mut self,
        mut edit: AgeEdit,
        action: Option<Action>,
        key: KeyEvent,
    ) -> Option<AgeEdit> {
        match action {
            Some(Action::UndoEdit) => {
                self.person.profile.age_years = edit.original;
                self.person.edited = edit.was_edited;
                self.recheck();
                None
            }
            Some(Action::FinishEdit) if edit.error.is_some() => {
                self.error(edit.error.clone().unwrap_or_default());
                Some(edit)
            }
            Some(Action::FinishEdit) => None,
            Some(Action::LeaveField) => {
                if edit.error.is_some() {
                    self.person.profile.age_years = edit.original;
                    self.recheck();
                }
                let rows = PersonRow::all().len();
                match key.code {
                    KeyCode::Up => self.person.row = self.person.row.saturating_sub(1),
                    KeyCode::Down => self.person.row = (self.person.row + 1).min(rows - 1),
                    _ => {}
                }
                None
            }
            _ => {
                match edit.input.handle_key(key) {
                    Ok(true) => {
                        self.status = None;
                        self.apply_age(&mut edit);
                    }
                    Ok(false) => {}
                    Err(too_long) => self.error(strings::field_too_long(too_long, false)),
                }
                Some(edit)
            }
        }
    }

    /// The age typed so far, applied when it is one: the findings follow each keystroke.
    fn apply_age(&mut self, edit: &mut AgeEdit) {
        let text = edit.input.value().trim().to_string();
        let age = if text.is_empty() {
            Ok(None)
        } else {
            crate::format::parse_number(&text)
                .map_err(|e| strings::number_error(&e))
                .and_then(|a| validate_age(a).map_err(|e| strings::age_error(&e)))
                .map(Some)
        };
        match age {
            Ok(age) => {
                edit.error = None;
                self.person.set_age(age);
                self.recheck();
            }
            Err(e) => edit.error = Some(e),
        }
    }

    /// Text pasted while the age is typed.
    pub(crate) fn person_paste(&mut self, text: &str) {
        let Some(Popup::Person(mut popup)) = self.popup.take() else {
            return;
        };
        if let Some(mut edit) = popup.age.take() {
            match edit.input.insert_str(text) {
                Ok(_) => self.apply_age(&mut edit),
                Err(too_long) => self.error(strings::field_too_long(too_long, true)),
            }
            popup.age = Some(edit);
        }
        self.popup = Some(Popup::Person(popup));
    }

    /// The saved profiles, read now; an error names the file, line and column.
    fn read_saved_profiles(&mut self) -> Option<Vec<Profile>> {
        let Some(path) = self.person.profiles_path.clone() else {
            self.error(strings::NO_CONFIG_FOLDER);
            return None;
        };
        if std::fs::symlink_metadata(&path).is_err() {
            return Some(Vec::new());
        }
        let shown = crate::diagnostic::display_path(&path);
        let read = crate::fsio::read_text_file_limited(&path, MAX_PROFILES_BYTES)
            .and_then(|text| parse_profiles(&shown, &text));
        match read {
            Ok(profiles) => Some(profiles),
            Err(d) => {
                self.error(strings::profiles_unreadable(&d.to_string()));
                None
            }
        }
    }

    fn open_saved_profiles(&mut self) {
        let Some(profiles) = self.read_saved_profiles() else {
            return self.open_person();
        };
        let mut options = vec![strings::NOBODY_IN_PARTICULAR.to_string()];
        options.extend(profiles.iter().filter_map(|p| {
            p.name
                .as_deref()
                .map(|n| strings::saved_profile_choice(n, &p.summary()))
        }));
        let selected = self
            .person
            .profile
            .name
            .as_deref()
            .and_then(|n| profiles.iter().position(|p| p.name.as_deref() == Some(n)))
            .map_or(0, |i| i + 1);
        let title = if profiles.is_empty() {
            strings::no_saved_profiles(
                &self
                    .person
                    .profiles_path
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            )
        } else {
            strings::PICK_SAVED_PROFILE.to_string()
        };
        self.open_picker(&title, options, selected, PickTarget::SavedProfile);
    }

    /// A saved profile chosen in the picker (index 0: nobody in particular).
    pub(crate) fn pick_saved_profile(&mut self, index: usize) {
        let name = if index == 0 {
            String::new()
        } else {
            let Some(profiles) = self.read_saved_profiles() else {
                return self.open_person();
            };
            match profiles.get(index - 1).and_then(|p| p.name.clone()) {
                Some(name) => name,
                None => return self.open_person(),
            }
        };
        if self.person.edited {
            self.popup = Some(Popup::ConfirmSwitchProfile(name));
        } else {
            self.use_saved_profile(&name);
        }
    }

    /// Puts the saved profile `name` in use (empty: nobody in particular).
    pub(crate) fn use_saved_profile(&mut self, name: &str) {
        let profile = if name.is_empty() {
            Some(Profile::default())
        } else {
            self.read_saved_profiles()
                .and_then(|all| all.into_iter().find(|p| p.name.as_deref() == Some(name)))
        };
        if let Some(profile) = profile {
            self.person.profile = profile;
            self.person.edited = false;
            self.recheck();
            self.info(strings::profile_in_use(name));
        }
        self.open_person();
    }

    pub(crate) fn switch_profile_key(&mut self, name: String, action: Option<Action>) {
        match action {
            Some(Action::Yes) => self.use_saved_profile(&name),
            Some(Action::No) => self.open_person(),
            _ => self.popup = Some(Popup::ConfirmSwitchProfile(name)),
        }
    }

    pub(crate) fn save_profile_as_key(
        &mut self,
        mut input: TextInput,
        action: Option<Action>,
        key: KeyEvent,
    ) {
        match action {
            Some(Action::Cancel) => {
                self.info(strings::PROFILE_NOT_SAVED);
                self.open_person();
            }
            Some(Action::SaveUnderName) => {
                let name = input.value().trim().to_string();
                if !valid_name(&name) {
                    self.error(strings::PROFILE_NAME_RULE);
                    self.popup = Some(Popup::SaveProfileAs(input));
                    return;
                }
                let Some(path) = self.person.profiles_path.clone() else {
                    self.error(strings::NO_CONFIG_FOLDER);
                    return self.open_person();
                };
                let existing = std::fs::read_to_string(&path).unwrap_or_default();
                if has_profile(&existing, &name) {
                    self.popup = Some(Popup::ConfirmProfileOverwrite(name));
                } else {
                    self.save_profile(&name);
                }
            }
            _ => {
                if let Err(too_long) = input.handle_key(key) {
                    self.error(strings::field_too_long(too_long, false));
                }
                self.popup = Some(Popup::SaveProfileAs(input));
            }
        }
    }

    pub(crate) fn profile_overwrite_key(&mut self, name: String, action: Option<Action>) {
        match action {
            Some(Action::Yes) => self.save_profile(&name),
            Some(Action::No) => {
                self.info(strings::PROFILE_NOT_SAVED);
                self.open_person();
            }
            _ => self.popup = Some(Popup::ConfirmProfileOverwrite(name)),
        }
    }

    /// Writes the profile in use as `name` into the profiles file: only its table changes,
    /// atomically, and never over a file someone changed since it was read here.
    pub(crate) fn save_profile(&mut self, name: &str) {
        self.open_person();
        let Some(path) = self.person.profiles_path.clone() else {
            return self.error(strings::NO_CONFIG_FOLDER);
        };
        let (text, expect) = if std::fs::symlink_metadata(&path).is_ok() {
            match crate::fsio::read_text_file_limited(&path, MAX_PROFILES_BYTES) {
                Ok(text) => {
                    // A file that does not load as profiles is the user's to fix: writing into
                    // it would hide the mistake (and `--profile` would still refuse it).
                    let shown = crate::diagnostic::display_path(&path);
                    if let Err(d) = parse_profiles(&shown, &text) {
                        return self.error(strings::profiles_unreadable(&d.to_string()));
                    }
                    let version = DiskVersion::of(text.as_bytes());
                    (text, Expect::Version(version))
                }
                Err(d) => return self.error(strings::profiles_unreadable(&d.to_string())),
            }
        } else {
            (String::new(), Expect::Nothing)
        };
        let updated = match update_profiles_text(&text, name, &self.person.profile) {
            Ok(updated) => updated,
            Err(reason) => {
                let shown = crate::diagnostic::display_path(&path);
                return self.error(strings::profiles_unreadable(&format!("{shown}: {reason}")));
            }
        };
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(folder)
        {
            return self.error(strings::save_failed(&format!(
                "{}: {}",
                folder.display(),
                crate::diagnostic::io_reason(&e)
            )));
        }
        let options = SaveOptions {
            expect,
            replace_read_only: false,
        };
        match write_atomically_with(&path, updated.as_bytes(), options, || Ok(())) {
            Ok(()) => {
                self.person.profile.name = Some(name.to_string());
                self.person.edited = false;
                self.info(strings::saved_profile(
                    name,
                    &crate::tui::app::display_abs(&path),
                ));
            }
            Err(e) => self.error(strings::save_failed(&e.to_string())),
        }
    }
}
