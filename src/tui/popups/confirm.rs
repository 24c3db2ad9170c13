//! Yes/no questions: quit with unsaved work, replace the label with an example or a paste,
//! save over a file that is there, changed or read-only.

use crate::tui::app::{App, Popup};
use crate::tui::input::TextInput;
use crate::tui::keys::Action;
use crate::tui::strings;

impl App {
    pub(crate) fn confirm_key(&mut self, popup: Popup, action: Option<Action>) {
        let yes = action == Some(Action::Yes);
        let no = action == Some(Action::No);
        match popup {
            Popup::ConfirmQuit if yes => self.should_quit = true,
            Popup::ConfirmLoadExample(i) if yes => self.load_example(i),
            Popup::ConfirmOverwrite(path) if yes => self.overwrite_label(path),
            Popup::ConfirmOverwrite(path) if action == Some(Action::SaveLabelAs) => {
                let suggestion = path.display().to_string();
                self.popup = Some(Popup::SaveLabelAs(TextInput::new(&suggestion)));
            }
            Popup::ConfirmOverwrite(_) if no => self.info(strings::NOT_SAVED),
            Popup::ConfirmSave { save, .. } if yes => self.save(save.target, save.options),
            Popup::ConfirmSave { .. } if no => self.info(strings::NOT_SAVED),
            Popup::ConfirmImport if yes => {
                if let Some(imported) = self.pending_import.take() {
                    self.apply_import(imported);
                }
            }
            Popup::ConfirmImport if no => {
                self.pending_import = None;
                self.popup = Some(Popup::Paste);
            }
            _ if no => {}
            // Any other key leaves the question open.
            popup => self.popup = Some(popup),
        }
    }
}
