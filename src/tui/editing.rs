//! A field being typed into (a form field or a rule's threshold): changes apply live, Esc
//! puts the value back.

use ratatui::crossterm::event::KeyEvent;

use super::app::{App, EditTarget};
use super::input::TextInput;
use super::keys::Action;
use super::strings;
use crate::rules::edit::validate_threshold;

impl App {
    /// A key while a field is being typed into: keys the table does not hold are typed.
    pub(crate) fn edit_key(&mut self, action: Option<Action>, key: KeyEvent) {
        let Some(editing) = self.editing.as_mut() else {
            return;
        };
        match action {
            Some(Action::UndoEdit) => {
                // Esc cancels: the value is put back, and a label that was saved stays saved.
                let original = editing.original.clone();
                let was_dirty = editing.label_was_dirty;
                let form_edit = matches!(editing.target, EditTarget::Form(_));
                editing.input = TextInput::new(&original);
                self.apply_editing();
                self.editing = None;
                if form_edit {
                    self.label_dirty = was_dirty;
                }
                self.drop_new_empty_claim();
            }
            Some(action @ (Action::FinishEdit | Action::LeaveField)) => {
                if let Some(err) = editing.error.clone() {
                    if action == Action::FinishEdit {
                        self.error(err);
                        return;
                    }
                    // Leaving an invalid threshold restores the last valid value.
                    let original = editing.original.clone();
                    editing.input = TextInput::new(&original);
                    self.apply_editing();
                }
                self.editing = None;
                self.drop_new_empty_claim();
                // ↑ and ↓ leave the field and move on from it.
                if action == Action::LeaveField
                    && key.code != ratatui::crossterm::event::KeyCode::Tab
                {
                    self.handle_key(key);
                }
            }
            _ => match editing.input.handle_key(key) {
                Ok(true) => {
                    // A refusal shown earlier is over once the text changes.
                    self.status = None;
                    self.apply_editing();
                }
                Ok(false) => {}
                Err(too_long) => self.error(strings::field_too_long(too_long, false)),
            },
        }
    }

    /// A claim just added and left empty (or its edit cancelled) is taken away again, and
    /// the label is as unsaved as it was before.
    fn drop_new_empty_claim(&mut self) {
        let Some((i, was_dirty)) = self.adding_claim.take() else {
            return;
        };
        if self.form.claims.get(i).is_some_and(|c| c.trim().is_empty()) {
            self.form.claims.remove(i);
            self.form_row = self.form_row.min(self.form_rows().len() - 1);
            self.label_dirty = was_dirty;
            self.recheck();
        }
    }

    /// Applies the text being typed, so findings follow every keystroke.
    pub(crate) fn apply_editing(&mut self) {
        let Some(editing) = self.editing.clone() else {
            return;
        };
        let text = editing.input.value().to_string();
        match editing.target {
            EditTarget::Form(at) => {
                self.form.set_text(at, &text);
                self.form_changed(true);
            }
            EditTarget::Param { rule, path } => {
                let error = match validate_threshold(&text) {
                    Err(e) => Some(e),
                    Ok((value, note)) => {
                        match self.try_edit_rules(|doc| doc.set_number(rule, &path, value)) {
                            Ok(()) => {
                                if let Some(note) = note {
                                    self.info(note);
                                }
                                None
                            }
                            Err(e) => Some(e),
                        }
                    }
                };
                if let Some(editing) = self.editing.as_mut() {
                    editing.error = error;
                }
            }
        }
    }
}
