//! What an import read and what it could not use.

use crate::tui::app::{App, Popup};
use crate::tui::keys::Action;

impl App {
    /// Scroll keys scroll; any other key closes.
    pub(crate) fn import_report_key(&mut self, scroll: u16, action: Option<Action>) {
        if let Some(scroll) = action.and_then(|a| a.scrolled(scroll)) {
            self.popup = Some(Popup::ImportReport { scroll });
        }
    }
}
