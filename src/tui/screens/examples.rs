//! The example browser: built-in labels (and those of `--examples DIR`) to load into the form,
//! filtered with `/` and sorted by file name or worst finding.

use std::hash::{Hash, Hasher};

use crate::label::Intake;
use crate::rules::Severity;
use crate::tui::app::{App, Popup};
use crate::tui::filter::{ExampleOrder, keep_selection, step_within};
use crate::tui::keys::{Action, Scope};
use crate::tui::strings;

/// The scopes of the key table for the example browser.
pub fn scopes() -> Vec<Scope> {
    vec![Scope::Examples]
}

/// The worst severity of each example, with a fingerprint of the rules and person it was
/// found with: sorting checks every example once, not at every draw.
#[derive(Debug, Default)]
pub struct WorstCache {
    key: u64,
    worst: Vec<Option<Severity>>,
}

impl App {
    pub(crate) fn examples_key(&mut self, action: Action) {
        let shown = self.visible_examples();
        match action {
            Action::Up | Action::Down => {
                self.example_selected =
                    step_within(self.example_selected, &shown, action == Action::Down);
            }
            Action::LoadExample if shown.contains(&self.example_selected) => {
                if self.label_dirty {
                    self.popup = Some(Popup::ConfirmLoadExample(self.example_selected));
                } else {
                    self.load_example(self.example_selected);
                }
            }
            Action::LoadExample => self.info(strings::NO_EXAMPLE_MATCHES),
            Action::Save => self.save_label(),
            Action::Filter => self.example_filter.typing = true,
            Action::ClearFilter => self.example_filter.clear(),
            Action::SortExamples => {
                self.example_order = match self.example_order {
                    ExampleOrder::FileName => ExampleOrder::WorstFirst,
                    ExampleOrder::WorstFirst => ExampleOrder::FileName,
                };
                self.info(strings::examples_sorted(self.example_order));
            }
            _ => {}
        }
    }

    /// The examples the browser shows, in its order: those the filter keeps, by file name or
    /// worst finding first.
    pub fn visible_examples(&self) -> Vec<usize> {
        let mut shown: Vec<usize> = (0..self.examples.len())
            .filter(|i| {
                let e = &self.examples[*i];
                self.example_filter.matches([
                    e.label.name.as_str(),
                    e.label.brand.as_deref().unwrap_or(""),
                    e.file.as_str(),
                ])
            })
            .collect();
        if self.example_order == ExampleOrder::WorstFirst {
            let worst = self.worst_severities();
            // Stable: examples of equal severity keep their file-name order.
            shown.sort_by_key(|i| std::cmp::Reverse(worst.get(*i).copied().flatten()));
        }
        shown
    }

    /// The worst severity each example gets with the current rules and person.
    fn worst_severities(&self) -> Vec<Option<Severity>> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.rules.text.hash(&mut hasher);
        format!("{:?}", self.person.profile).hash(&mut hasher);
        self.person.regions.hash(&mut hasher);
        self.examples.len().hash(&mut hasher);
        let key = hasher.finish();
        let mut cache = self.worst_cache.borrow_mut();
        if cache.key != key || cache.worst.len() != self.examples.len() {
            cache.worst = (0..self.examples.len())
                .map(|i| self.example_findings(i).iter().map(|(s, _)| *s).max())
                .collect();
            cache.key = key;
        }
        cache.worst.clone()
    }

    /// Typing into the filter of the example browser or the rules list.
    pub(crate) fn filter_key(
        &mut self,
        action: Option<Action>,
        key: ratatui::crossterm::event::KeyEvent,
    ) {
        let on_examples = self.screen == crate::tui::app::Screen::Examples;
        match action {
            Some(Action::KeepFilter) => {
                self.filter_mut().typing = false;
            }
            Some(Action::ClearFilter) => self.filter_mut().clear(),
            Some(action @ (Action::Up | Action::Down)) => {
                if on_examples {
                    self.examples_key(action);
                } else {
                    self.rules_key(action);
                }
            }
            _ => match self.filter_mut().input.handle_key(key) {
                Ok(true) => self.filter_changed(),
                Ok(false) => {}
                Err(too_long) => self.error(strings::field_too_long(too_long, false)),
            },
        }
    }

    /// The filter of the list on screen (the rules list's on the rules screen).
    pub(crate) fn filter_mut(&mut self) -> &mut crate::tui::filter::ListFilter {
        if self.screen == crate::tui::app::Screen::Examples {
            &mut self.example_filter
        } else {
            &mut self.rule_filter
        }
    }

    /// Whether a filter is being typed into on the screen shown.
    pub fn typing_filter(&self) -> bool {
        match self.screen {
            crate::tui::app::Screen::Examples => self.example_filter.typing,
            crate::tui::app::Screen::Rules => {
                self.rule_filter.typing && self.rules_pane == crate::tui::app::RulesPane::List
            }
            _ => false,
        }
    }

    /// The filter changed: the selection moves to the first row shown if it is hidden.
    pub(crate) fn filter_changed(&mut self) {
        if self.screen == crate::tui::app::Screen::Examples {
            let shown = self.visible_examples();
            self.example_selected = keep_selection(self.example_selected, &shown);
        } else {
            let shown = self.visible_rules();
            let selected = keep_selection(self.rule_selected, &shown);
            if selected != self.rule_selected {
                self.rule_selected = selected;
                self.param_selected = 0;
            }
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
