//! "Save as…": the label or the rules to a file the user names.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;

use crate::fsio::{Expect, SaveOptions};
use crate::tui::app::{App, Popup, SaveTarget};
use crate::tui::input::TextInput;
use crate::tui::keys::Action;
use crate::tui::strings;

/// A new name is never written over unasked.
const NEW_FILE: SaveOptions = SaveOptions {
    expect: Expect::Nothing,
    replace_read_only: false,
};

impl App {
    pub(crate) fn save_label_as_key(
        &mut self,
        mut input: TextInput,
        action: Option<Action>,
        key: KeyEvent,
    ) {
        match action {
            Some(Action::Cancel) => self.info(strings::NOT_SAVED),
            Some(Action::SaveUnderName) => {
                let path = PathBuf::from(input.value().trim());
                if input.value().trim().is_empty() {
                    self.popup = Some(Popup::SaveLabelAs(input));
                } else {
                    self.save(SaveTarget::Label(path), NEW_FILE);
                }
            }
            _ => {
                if let Err(too_long) = input.handle_key(key) {
                    self.error(strings::field_too_long(too_long, false));
                }
                self.popup = Some(Popup::SaveLabelAs(input));
            }
        }
    }

    pub(crate) fn save_rules_as_key(
        &mut self,
        mut input: TextInput,
        action: Option<Action>,
        key: KeyEvent,
    ) {
        match action {
            Some(Action::Cancel) => self.info(strings::NOT_SAVED),
            Some(Action::SaveUnderName) if !input.value().trim().is_empty() => {
                let path = PathBuf::from(input.value().trim());
                // The file the rules came from is saved over as Ctrl-S would (asking if it
                // changed on disk); any other is a new name, never written over unasked.
                if path == self.rules_save_path {
                    self.save_rules();
                } else {
                    self.save(SaveTarget::RulesAs(path), NEW_FILE);
                }
            }
            _ => {
                if let Err(too_long) = input.handle_key(key) {
                    self.error(strings::field_too_long(too_long, false));
                }
                self.popup = Some(Popup::SaveRulesAs(input));
            }
        }
    }
}
