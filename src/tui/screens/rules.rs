//! The rules screen: every rule, the selected rule's parameters, edits applied live.

use crate::fsio::{Expect, SaveOptions};
use crate::parse_rules_text;
use crate::rules::Severity;
use crate::rules::edit::{ParamPath, RulesDocument};
use crate::tui::app::{
    App, EditTarget, Editing, ParamRow, PickTarget, Popup, RulesPane, SaveTarget,
};
use crate::tui::filter::step_within;
use crate::tui::input::TextInput;
use crate::tui::keys::{Action, Scope, step};
use crate::tui::strings;

/// The scopes of the key table for the pane with the focus, then the screen's own.
pub fn scopes(pane: RulesPane) -> Vec<Scope> {
    let pane = match pane {
        RulesPane::List => Scope::RulesList,
        RulesPane::Params => Scope::RuleParams,
    };
    vec![pane, Scope::RulesScreen]
}

impl App {
    /// A key on the rules screen, in whichever pane has the focus.
    pub(crate) fn rules_key(&mut self, action: Action) {
        // With a filter that hides the selected rule, nothing acts on a rule not shown.
        let hidden = self.rules_pane == RulesPane::List
            && !self.visible_rules().contains(&self.rule_selected);
        if hidden
            && matches!(
                action,
                Action::ResetRule | Action::ToggleRule | Action::OpenRule
            )
        {
            return self.info(strings::NO_RULE_MATCHES);
        }
        match action {
            Action::ResetRule => self.reset_rule(),
            Action::Save => self.save_rules(),
            Action::SaveRulesAs => {
                let suggestion = self.rules_save_path.display().to_string();
                self.popup = Some(Popup::SaveRulesAs(TextInput::new(&suggestion)));
            }
            Action::ToggleRule => self.toggle_enabled(),
            _ => match self.rules_pane {
                RulesPane::List => self.rules_list_key(action),
                RulesPane::Params => self.params_key(action),
            },
        }
    }

    fn rules_list_key(&mut self, action: Action) {
        match action {
            Action::Up | Action::Down => {
                let shown = self.visible_rules();
                let i = step_within(self.rule_selected, &shown, action == Action::Down);
                if i != self.rule_selected {
                    self.rule_selected = i;
                    self.param_selected = 0;
                }
            }
            Action::OpenRule => self.rules_pane = RulesPane::Params,
            Action::Filter => self.rule_filter.typing = true,
            Action::ClearFilter => self.rule_filter.clear(),
            _ => {}
        }
    }

    /// The rules the list shows: those whose id or title hold every word of the filter.
    pub fn visible_rules(&self) -> Vec<usize> {
        let rules = &self.rules.rules.rules;
        (0..rules.len())
            .filter(|i| {
                self.rule_filter
                    .matches([rules[*i].id.as_str(), rules[*i].title.as_str()])
            })
            .collect()
    }

    /// Sets the selected rule's severity, on/off and thresholds back to the built-in rule's.
    pub fn reset_rule(&mut self) {
        use crate::rules::diff;
        let index = self.rule_selected;
        let Some(rule) = self.rules.rules.rules.get(index) else {
            return;
        };
        let id = rule.id.clone();
        let Some(base) = diff::builtin().rule(&id) else {
            return self.error(strings::not_a_builtin_rule(&id));
        };
        let Some(change) = diff::rule_diff(rule) else {
            return self.info(strings::rule_already_builtin(&id));
        };
        let other = matches!(change, diff::RuleDiff::Changed { other: true, .. });
        let (severity, enabled) = (base.severity, base.enabled);
        let edits: Vec<(ParamPath, f64)> = rule
            .numeric_params()
            .iter()
            .zip(base.numeric_params())
            .filter(|(now, b)| now.path == b.path && now.value != b.value)
            .map(|(_, b)| (b.path, b.value))
            .collect();
        let (sev_now, on_now) = (rule.severity, rule.enabled);
        let done = self.try_edit_rules(|doc| {
            if sev_now != severity {
                doc.set_severity(index, severity)?;
            }
            if on_now != enabled {
                doc.set_enabled(index, enabled)?;
            }
            for (path, value) in &edits {
                doc.set_number(index, path, *value)?;
            }
            Ok(())
        });
        match done {
            Err(e) => self.error(e),
            Ok(()) if other => self.info(strings::rule_reset_partly(&id)),
            Ok(()) => self.info(strings::rule_reset(&id)),
        }
    }

    fn params_key(&mut self, action: Action) {
        let rows = self.param_rows();
        if let Some(i) = action.moved(self.param_selected, rows.len()) {
            self.param_selected = i;
            return;
        }
        if action == Action::Back {
            self.rules_pane = RulesPane::List;
            return;
        }
        let rule = self.rule_selected;
        let left_right = matches!(action, Action::Left | Action::Right);
        match rows.get(self.param_selected) {
            Some(ParamRow::Enabled) if action == Action::Edit || left_right => {
                self.toggle_enabled()
            }
            Some(ParamRow::Severity) if left_right => {
                let current = self.rules.rules.rules[rule].severity;
                let i = Severity::ALL
                    .iter()
                    .position(|s| *s == current)
                    .unwrap_or(0);
                let right = action == Action::Right;
                let next = Severity::ALL[step(i, Severity::ALL.len(), right)];
                self.edit_rules(|doc| doc.set_severity(rule, next));
            }
            Some(ParamRow::Severity) if action == Action::Edit => {
                let current = self.rules.rules.rules[rule].severity;
                self.open_picker(
                    strings::PICK_SEVERITY,
                    Severity::ALL
                        .iter()
                        .map(|s| s.as_str().to_string())
                        .collect(),
                    Severity::ALL
                        .iter()
                        .position(|s| *s == current)
                        .unwrap_or(0),
                    PickTarget::Severity(rule),
                );
            }
            Some(ParamRow::Number(param)) if action == Action::Edit => {
                let text = crate::format::plain_for_editing(param.value);
                self.editing = Some(Editing {
                    target: EditTarget::Param {
                        rule,
                        path: param.path.clone(),
                    },
                    input: TextInput::new(&text),
                    original: text,
                    error: None,
                    label_was_dirty: self.label_dirty,
                });
            }
            _ => {}
        }
    }

    pub(crate) fn toggle_enabled(&mut self) {
        let rule = self.rule_selected;
        let Some(enabled) = self.rules.rules.rules.get(rule).map(|r| r.enabled) else {
            return;
        };
        self.edit_rules(|doc| doc.set_enabled(rule, !enabled));
    }

    /// Applies an edit to the rules document, re-parses it into the rule set (so what is
    /// checked is exactly what would be saved), and re-checks the label.
    pub(crate) fn edit_rules(
        &mut self,
        edit: impl FnOnce(&mut RulesDocument) -> Result<(), String>,
    ) {
        if let Err(e) = self.try_edit_rules(edit) {
            self.error(e);
        }
    }

    pub(crate) fn try_edit_rules(
        &mut self,
        edit: impl FnOnce(&mut RulesDocument) -> Result<(), String>,
    ) -> Result<(), String> {
        let Some(doc) = self.rules_doc.as_mut() else {
            return Err(strings::RULES_NOT_EDITABLE.to_string());
        };
        // An edit of several values (a reset) that fails part-way changes nothing.
        doc.begin_edit();
        if let Err(e) = edit(doc) {
            doc.undo_edit();
            return Err(e);
        }
        let text = doc.text();
        let dirty = text != self.rules_clean_text;
        // A keystroke changes one rule: re-reading its table alone is enough when nothing ties
        // the change to other rules; otherwise the whole file is read again.
        let spliced = match doc.edited_rules()[..] {
            [index] => doc
                .rule_text(index)
                .is_some_and(|table| self.rules.reread_rule(index, &table, text.clone())),
            _ => false,
        };
        if spliced {
            self.rules_dirty = dirty;
            self.recheck();
            return Ok(());
        }
        let name = self.rules.origin.describe();
        match parse_rules_text(&name, &text, self.rules.origin.clone()) {
            Ok(loaded) => {
                self.rules = loaded;
                self.rules_dirty = dirty;
                self.recheck();
                Ok(())
            }
            Err(diags) => {
                if let Some(doc) = self.rules_doc.as_mut() {
                    doc.undo_edit();
                }
                Err(diags
                    .0
                    .first()
                    .map(|d| d.message.clone())
                    .unwrap_or_default())
            }
        }
    }

    /// Saves the rules to [`App::rules_save_path`]. Asks first when the file changed on disk
    /// since it was loaded or last saved (or, for the built-in rules, when the file already
    /// exists), and before replacing a read-only file.
    pub fn save_rules(&mut self) {
        let expect = match self.rules_disk {
            Some(version) => Expect::Version(version),
            None => Expect::Nothing,
        };
        self.save(
            SaveTarget::Rules,
            SaveOptions {
                expect,
                replace_read_only: false,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::rules::edit::ParamPath;
    use crate::rules::{DEFAULT_RULES_NAME, Severity};
    use crate::tui::{App, Options};
    use crate::{RulesOrigin, parse_rules_text};

    fn app_on(id: &str) -> App {
        let mut app = App::new(Options::builtin(PathBuf::from("/nonexistent/rules.toml")));
        app.rule_selected = app
            .rules
            .rules
            .rules
            .iter()
            .position(|r| r.id == id)
            .expect("rule");
        app
    }

    /// The app's rules are what reading the text it would save gives.
    fn assert_checked_is_saved(app: &App) {
        let text = app.rules_doc.as_ref().expect("editable").text();
        let mut full =
            parse_rules_text(DEFAULT_RULES_NAME, &text, RulesOrigin::Builtin).expect("reads");
        full.rules.regions = app.rules.rules.regions.clone();
        assert_eq!(
            format!("{:?}", app.rules.rules),
            format!("{:?}", full.rules)
        );
        assert_eq!(app.rules.text, text);
        assert_eq!(app.rules.warnings, full.warnings);
        assert_eq!(app.rules_dirty, text != app.rules_clean_text);
    }

    #[test]
    fn edits_then_a_reset_leave_the_checked_rules_equal_to_the_saved_text() {
        let mut app = app_on("d-above-caution");
        let i = app.rule_selected;
        app.try_edit_rules(|doc| doc.set_number(i, &ParamPath::Key("limit"), 4321.5))
            .expect("threshold");
        assert_checked_is_saved(&app);
        app.try_edit_rules(|doc| doc.set_severity(i, Severity::Info))
            .expect("severity");
        assert_checked_is_saved(&app);
        app.try_edit_rules(|doc| doc.set_enabled(i, false))
            .expect("enabled");
        assert_checked_is_saved(&app);
        assert!(app.rules_dirty);
        app.reset_rule();
        assert_checked_is_saved(&app);
        assert!(!app.rules_dirty, "the reset brought back the built-in text");
    }

    #[test]
    fn an_invalid_value_gives_the_located_error_and_changes_nothing() {
        let mut app = app_on("k2-d-ratio");
        let i = app.rule_selected;
        let before = app.rules_doc.as_ref().expect("editable").text();
        let rules_before = format!("{:?}", app.rules.rules);
        let err = app
            .try_edit_rules(|doc| doc.set_number(i, &ParamPath::Key("per"), 0.0))
            .expect_err("`per` = 0 is refused");
        assert_eq!(err, "`per` must be greater than 0");
        assert_eq!(app.rules_doc.as_ref().expect("editable").text(), before);
        assert_eq!(format!("{:?}", app.rules.rules), rules_before);
        assert!(!app.rules_dirty);
    }
}
