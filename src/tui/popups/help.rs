//! The `?` help: every key of the key table, by where it works.

use crate::tui::app::{App, Popup};
use crate::tui::keys::Action;

impl App {
    /// Scroll keys scroll; any other key closes.
    pub(crate) fn help_key(&mut self, scroll: u16, action: Option<Action>) {
        if let Some(scroll) = action.and_then(|a| a.scrolled(scroll)) {
            // No further than the last line at the bottom, as last drawn.
            let max = self.hits.borrow().help_max_scroll;
            let scroll = max.map_or(scroll, |max| scroll.min(max));
            self.popup = Some(Popup::Help { scroll });
        }
    }
}
