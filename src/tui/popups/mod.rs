//! Popups: one file each, with its key handling. Which popup is open, and its state, is in
//! the model ([`App::popup`]); [`super::view`] draws them.

pub mod confirm;
pub mod help;
pub mod import_report;
pub mod paste;
pub mod person;
pub mod picker;
pub mod recovery;
pub mod save_as;

use ratatui::crossterm::event::KeyEvent;

use super::app::{App, Popup};
use super::keys::{Action, Scope};

/// The scope of the key table while `popup` is open.
pub fn scope(popup: &Popup) -> Scope {
    match popup {
        Popup::Help { .. } => Scope::HelpPopup,
        Popup::ConfirmQuit => Scope::ConfirmQuit,
        Popup::ConfirmOverwrite(_) => Scope::ConfirmOverwrite,
        Popup::ConfirmLoadExample(_) | Popup::ConfirmSave { .. } | Popup::ConfirmImport => {
            Scope::Confirm
        }
        Popup::SaveLabelAs(_) | Popup::SaveRulesAs(_) => Scope::SaveAs,
        Popup::Pick(_) => Scope::Picker,
        Popup::Paste => Scope::PasteBox,
        Popup::Importing => Scope::Importing,
        Popup::ImportReport { .. } => Scope::ImportReport,
        Popup::OfferRecovery(_) => Scope::Recovery,
        Popup::Person(p) if p.age.is_some() => Scope::Editing,
        Popup::Person(_) => Scope::PersonPopup,
        Popup::SaveProfileAs(_) => Scope::SaveAs,
        Popup::ConfirmProfileOverwrite(_) | Popup::ConfirmSwitchProfile(_) => Scope::Confirm,
    }
}

impl App {
    /// A key while `popup` (taken out of the model) is open; the popup's own file decides
    /// whether it stays open.
    pub(crate) fn popup_key(&mut self, popup: Popup, action: Option<Action>, key: KeyEvent) {
        match popup {
            Popup::Help { scroll } => self.help_key(scroll, action),
            Popup::ImportReport { scroll } => self.import_report_key(scroll, action),
            Popup::ConfirmQuit
            | Popup::ConfirmLoadExample(_)
            | Popup::ConfirmOverwrite(_)
            | Popup::ConfirmSave { .. }
            | Popup::ConfirmImport => self.confirm_key(popup, action),
            Popup::SaveLabelAs(input) => self.save_label_as_key(input, action, key),
            Popup::SaveRulesAs(input) => self.save_rules_as_key(input, action, key),
            Popup::Paste => self.paste_key(action, key),
            Popup::Importing => self.importing_key(action),
            Popup::OfferRecovery(offer) => self.recovery_key(*offer, action),
            Popup::Pick(picker) => self.picker_key(picker, action),
            Popup::Person(p) => self.person_key(p, action, key),
            Popup::SaveProfileAs(input) => self.save_profile_as_key(input, action, key),
            Popup::ConfirmProfileOverwrite(name) => self.profile_overwrite_key(name, action),
            Popup::ConfirmSwitchProfile(name) => self.switch_profile_key(name, action),
        }
    }
}
