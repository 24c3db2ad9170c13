//! Choosing from a list: a form, a unit, an ingredient, a severity.

use crate::label::Unit;
use crate::label::names::{self, Nutrient};
use crate::rules::Severity;
use crate::tui::app::{App, PickTarget, Picker, Popup};
use crate::tui::form::{Column, FieldRef, Period};
use crate::tui::keys::Action;
use crate::tui::strings;

impl App {
    pub(crate) fn picker_key(&mut self, mut picker: Picker, action: Option<Action>) {
        match action {
            Some(Action::Cancel) if picker.target == PickTarget::SavedProfile => self.open_person(),
            Some(Action::Cancel) => {
                // Esc on the picker of a row just added takes the row away again.
                if let (PickTarget::IngredientName(i), Some((added, was_dirty))) =
                    (&picker.target, self.adding_row.take())
                    && *i == added
                    && self
                        .form
                        .ingredients
                        .get(*i)
                        .is_some_and(|r| r.name.is_empty())
                {
                    self.form.ingredients.remove(*i);
                    self.form_row = self.form_row.min(self.form_rows().len() - 1);
                    self.label_dirty = was_dirty;
                    self.recheck();
                }
            }
            Some(Action::Choose) => {
                self.adding_row = None;
                self.pick(picker)
            }
            _ => {
                if let Some(i) = action.and_then(|a| a.moved(picker.selected, picker.options.len()))
                {
                    picker.selected = i;
                }
                self.popup = Some(Popup::Pick(picker));
            }
        }
    }

    pub(crate) fn open_picker(
        &mut self,
        title: &str,
        options: Vec<String>,
        selected: usize,
        target: PickTarget,
    ) {
        let selected = selected.min(options.len().saturating_sub(1));
        self.popup = Some(Popup::Pick(Picker {
            title: title.to_string(),
            options,
            selected,
            target,
        }));
    }

    pub(crate) fn pick(&mut self, picker: Picker) {
        let choice = picker
            .options
            .get(picker.selected)
            .cloned()
            .unwrap_or_default();
        match picker.target {
            PickTarget::DosageForm => {
                self.form.form = choice.parse().ok();
                self.form_changed(true);
            }
            PickTarget::Period => {
                self.form.period = if picker.selected == 1 {
                    Period::Week
                } else {
                    Period::Day
                };
                self.form_changed(true);
            }
            PickTarget::Carrier => {
                self.form.carrier = strings::CARRIER_CHOICES
                    .get(picker.selected)
                    .copied()
                    .flatten();
                self.form_changed(true);
            }
            PickTarget::DvPopulation => {
                self.form.dv_population = crate::tui::screens::label::dv_population_choices()
                    .get(picker.selected)
                    .copied()
                    .flatten();
                self.form_changed(true);
            }
            PickTarget::IngredientName(i) | PickTarget::IngredientForm(i) => {
                let column = if matches!(picker.target, PickTarget::IngredientName(_)) {
                    Column::Name
                } else {
                    Column::Form
                };
                if choice == strings::TYPE_OWN {
                    self.start_form_edit(FieldRef::Cell(i, column));
                    return;
                }
                let value = if choice == strings::NO_FORM {
                    String::new()
                } else {
                    choice
                };
                self.form.set_text(FieldRef::Cell(i, column), &value);
                // Vitamin D is mostly printed in IU: a new row of it starts in IU.
                if let Some(row) = self.form.ingredients.get_mut(i)
                    && column == Column::Name
                    && row.amount.trim().is_empty()
                    && matches!(names::recognise(&row.name, None), Nutrient::VitaminD(_))
                {
                    row.unit = Some(Unit::Iu);
                }
                self.form_changed(true);
                // After choosing a name, move on to the amount: the next thing anyone types.
                if column == Column::Name {
                    self.form_column = Column::Amount;
                }
            }
            PickTarget::Unit(i) => {
                if let Some(row) = self.form.ingredients.get_mut(i) {
                    row.unit = choice.parse().ok();
                }
                self.form_changed(true);
            }
            PickTarget::SavedProfile => self.pick_saved_profile(picker.selected),
            PickTarget::Severity(rule) => {
                if let Ok(sev) = choice.parse::<Severity>() {
                    self.edit_rules(|doc| doc.set_severity(rule, sev));
                }
            }
        }
    }
}
