//! The example browser: built-in labels (and those of `--examples DIR`) to load into the form.

use crate::label::Intake;
use crate::rules::Severity;
use crate::tui::app::{App, Popup};
use crate::tui::keys::{Action, Scope};
use crate::tui::strings;

/// The scopes of the key table for the example browser.
pub fn scopes() -> Vec<Scope> {
    vec![Scope::Examples]
}

impl App {
    pub(crate) fn examples_key(&mut self, action: Action) {
        if let Some(i) = action.moved(self.example_selected, self.examples.len()) {
            self.example_selected = i;
        } else if action == Action::LoadExample && !self.examples.is_empty() {
            if self.label_dirty {
                self.popup = Some(Popup::ConfirmLoadExample(self.example_selected));
            } else {
                self.load_example(self.example_selected);
            }
        } else if action == Action::Save {
            self.save_label();
        }
    }

    pub fn load_example(&mut self, index: usize) {
        let Some(example) = self.examples.get(index).cloned() else {
            return;
        };
        self.replace_form(&example.label, false);
        self.info(strings::loaded_example(&example.file, self.findings.len()));
    }

    /// What an example gives with the current rules and profile: (severity, rule id) pairs.
    pub fn example_findings(&self, index: usize) -> Vec<(Severity, String)> {
        let Some(example) = self.examples.get(index) else {
            return Vec::new();
        };
        let intake = Intake::from_label(&example.label);
        self.rules
            .rules
            .check(&example.label, &intake, &self.person.profile)
            .iter()
            .map(|f| (f.severity(), f.rule.id.clone()))
            .collect()
    }
}
