//! The `?` help: every key of the key table, by where it works.

use crate::tui::app::{App, Popup};
use crate::tui::keys::Action;

impl App {
    /// Scroll keys scroll; any other key closes.
    pub(crate) fn help_key(&mut self, scroll: u16, action: Option<Action>) {
        if let Some(scroll) = action.and_then(|a| a.scrolled(scroll)) {
            self.popup = Some(Popup::Help { scroll });
        }
    }
}
