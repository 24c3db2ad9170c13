//! The label screen: the form, the findings of the label as typed, and a finding's detail.

use crate::fsio::{Expect, SaveOptions};
use crate::label::{DosageForm, DvPopulation, Label, Unit, names};
use crate::tui::app::new_paste_box;
use crate::tui::app::{
    App, EditTarget, Editing, FormRow, LabelPane, PickTarget, Popup, SaveTarget, Screen,
};
use crate::tui::form::{Column, FieldId, FieldRef, IngredientRow, LabelForm, Period};
use crate::tui::input::TextInput;
use crate::tui::keys::{Action, Scope, step};
use crate::tui::strings;

/// The %DV population choices, in the order the picker lists them: not stated first.
pub(crate) fn dv_population_choices() -> Vec<Option<DvPopulation>> {
    std::iter::once(None)
        .chain(DvPopulation::ALL.iter().copied().map(Some))
        .collect()
}

/// The scopes of the key table for the pane with the focus, then the screen's own.
pub fn scopes(pane: LabelPane) -> Vec<Scope> {
    let pane = match pane {
        LabelPane::Form => Scope::LabelForm,
        LabelPane::Findings => Scope::Findings,
        LabelPane::Detail => Scope::FindingDetail,
    };
    vec![pane, Scope::LabelScreen]
}

impl App {
    /// A key on the label screen, in whichever pane has the focus.
    pub(crate) fn label_key(&mut self, action: Action) {
        match action {
            Action::Save => self.save_label(),
            Action::PasteLabel => {
                self.paste_box = new_paste_box();
                self.popup = Some(Popup::Paste);
            }
            _ => match self.label_pane {
                LabelPane::Form => self.form_key(action),
                LabelPane::Findings => self.findings_key(action),
                LabelPane::Detail => self.detail_key(action),
            },
        }
    }

    fn form_key(&mut self, action: Action) {
        if let Some(row) = action.moved(self.form_row, self.form_rows().len()) {
            self.form_row = row;
            return;
        }
        let row = self.current_form_row();
        match action {
            Action::Left | Action::Right => {
                let right = action == Action::Right;
                match row {
                    FormRow::Field(field) if field.is_choice() => self.cycle_choice(field, right),
                    FormRow::Ingredient(_) => {
                        let i = Column::ALL
                            .iter()
                            .position(|c| *c == self.form_column)
                            .unwrap_or(0);
                        self.form_column = Column::ALL[step(i, Column::ALL.len(), right)];
                    }
                    _ => {}
                }
            }
            Action::Edit => self.activate_form_row(row),
            Action::RemoveIngredient => self.delete_row(row),
            Action::AddIngredient => self.add_ingredient(),
            Action::TakeSuggestion | Action::KeepAsTyped => {
                if let FormRow::Ingredient(i) = row {
                    self.answer_dose_question(i, action == Action::TakeSuggestion);
                }
            }
            _ => {}
        }
    }

    /// "Did you mean …?" answered: take the suggested amount, or keep the amount as typed.
    fn answer_dose_question(&mut self, i: usize, take: bool) {
        let Some(question) = self.reading.question(i).cloned() else {
            return;
        };
        let Some(row) = self.form.ingredients.get_mut(i) else {
            return;
        };
        match (take, question.suggestion) {
            (true, Some((amount, unit))) => {
                row.amount = crate::format::plain_for_editing(amount);
                row.unit = Some(unit);
                self.form_changed(true);
            }
            (true, None) => {}
            (false, _) => {
                row.confirmed = Some(row.dose_key());
                self.form_changed(true);
                self.info(strings::KEPT_AS_TYPED);
            }
        }
    }

    pub(crate) fn cycle_choice(&mut self, field: FieldId, forward: bool) {
        let rotate = |i: usize, n: usize| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match field {
            FieldId::Form => {
                let mut all: Vec<Option<DosageForm>> = vec![None];
                all.extend(DosageForm::ALL.iter().copied().map(Some));
                let i = all.iter().position(|f| *f == self.form.form).unwrap_or(0);
                self.form.form = all[rotate(i, all.len())];
                self.form_changed(true);
            }
            FieldId::Period => {
                let all = Period::ALL;
                let i = all.iter().position(|p| *p == self.form.period).unwrap_or(0);
                self.form.period = all[rotate(i, all.len())];
                self.form_changed(true);
            }
            FieldId::Carrier => {
                let all = strings::CARRIER_CHOICES;
                let i = all
                    .iter()
                    .position(|c| *c == self.form.carrier)
                    .unwrap_or(0);
                self.form.carrier = all[rotate(i, all.len())];
                self.form_changed(true);
            }
            FieldId::DvPopulation => {
                let all = dv_population_choices();
                let i = all
                    .iter()
                    .position(|p| *p == self.form.dv_population)
                    .unwrap_or(0);
                self.form.dv_population = all[rotate(i, all.len())];
                self.form_changed(true);
            }
            _ => {}
        }
    }

    pub(crate) fn form_changed(&mut self, label_changed: bool) {
        if label_changed {
            self.label_dirty = true;
        }
        self.recheck();
    }

    pub(crate) fn activate_form_row(&mut self, row: FormRow) {
        match row {
            FormRow::Field(FieldId::Form) => self.open_picker(
                strings::PICK_FORM,
                std::iter::once(strings::NOT_STATED.to_string())
                    .chain(DosageForm::ALL.iter().map(|f| f.as_str().to_string()))
                    .collect(),
                self.form.form.map_or(0, |f| {
                    DosageForm::ALL.iter().position(|x| *x == f).unwrap_or(0) + 1
                }),
                PickTarget::DosageForm,
            ),
            FormRow::Field(FieldId::Period) => self.open_picker(
                strings::PICK_PERIOD,
                Period::ALL
                    .iter()
                    .map(|p| strings::period(*p).to_string())
                    .collect(),
                Period::ALL
                    .iter()
                    .position(|p| *p == self.form.period)
                    .unwrap_or(0),
                PickTarget::Period,
            ),
            FormRow::Field(FieldId::Carrier) => self.open_picker(
                strings::PICK_CARRIER,
                strings::CARRIER_CHOICES
                    .iter()
                    .map(|c| strings::carrier_choice(*c).to_string())
                    .collect(),
                strings::CARRIER_CHOICES
                    .iter()
                    .position(|c| *c == self.form.carrier)
                    .unwrap_or(0),
                PickTarget::Carrier,
            ),
            FormRow::Field(FieldId::DvPopulation) => {
                let all = dv_population_choices();
                self.open_picker(
                    strings::PICK_DV_POPULATION,
                    all.iter()
                        .map(|p| strings::dv_population_choice(*p))
                        .collect(),
                    all.iter()
                        .position(|p| *p == self.form.dv_population)
                        .unwrap_or(0),
                    PickTarget::DvPopulation,
                )
            }
            FormRow::Field(field) => self.start_form_edit(FieldRef::Field(field)),
            FormRow::Ingredient(i) => match self.form_column {
                Column::Name => {
                    let mut options = vec![strings::TYPE_OWN.to_string()];
                    options.extend(strings::KNOWN_INGREDIENTS.iter().map(|s| s.to_string()));
                    self.open_picker(
                        strings::PICK_INGREDIENT,
                        options,
                        0,
                        PickTarget::IngredientName(i),
                    );
                }
                Column::Form => {
                    let mut options =
                        vec![strings::TYPE_OWN.to_string(), strings::NO_FORM.to_string()];
                    let nutrient = names::recognise(&self.form.ingredients[i].name, None);
                    options.extend(strings::forms_for(nutrient).iter().map(|s| s.to_string()));
                    self.open_picker(
                        strings::PICK_INGREDIENT_FORM,
                        options,
                        0,
                        PickTarget::IngredientForm(i),
                    );
                }
                Column::Amount | Column::Alt | Column::PercentDv | Column::PercentNrv => {
                    self.start_form_edit(FieldRef::Cell(i, self.form_column))
                }
                Column::Unit => {
                    let current = self.form.ingredients[i].unit;
                    self.open_picker(
                        strings::PICK_UNIT,
                        Unit::ALL.iter().map(|u| u.as_str().to_string()).collect(),
                        current
                            .and_then(|u| Unit::ALL.iter().position(|x| *x == u))
                            .unwrap_or(1),
                        PickTarget::Unit(i),
                    );
                }
            },
            FormRow::AddIngredient => self.add_ingredient(),
            FormRow::Claim(i) => self.start_form_edit(FieldRef::Claim(i)),
            FormRow::AddClaim => {
                self.adding_claim = Some((self.form.claims.len(), self.label_dirty));
                self.form.claims.push(String::new());
                let i = self.form.claims.len() - 1;
                self.form_row = FieldId::ALL.len() + self.form.ingredients.len() + 1 + i;
                self.start_form_edit(FieldRef::Claim(i));
            }
        }
    }

    pub(crate) fn add_ingredient(&mut self) {
        self.adding_row = Some((self.form.ingredients.len(), self.label_dirty));
        self.form.ingredients.push(IngredientRow {
            unit: Some(Unit::Mcg),
            ..Default::default()
        });
        let i = self.form.ingredients.len() - 1;
        self.form_row = FieldId::ALL.len() + i;
        self.form_column = Column::Name;
        self.label_dirty = true;
        self.activate_form_row(FormRow::Ingredient(i));
    }

    /// Removes the selected ingredient or claim.
    pub(crate) fn delete_row(&mut self, row: FormRow) {
        let removed = match row {
            FormRow::Ingredient(i) => self.form.ingredients.remove(i).name,
            FormRow::Claim(i) => self.form.claims.remove(i),
            _ => return,
        };
        let name = if removed.trim().is_empty() {
            strings::BLANK_ROW.to_string()
        } else {
            removed
        };
        self.form_row = self.form_row.min(self.form_rows().len() - 1);
        self.form_changed(true);
        self.info(strings::removed_row(&name));
    }

    pub(crate) fn start_form_edit(&mut self, at: FieldRef) {
        let text = self.form.text(at);
        self.editing = Some(Editing {
            target: EditTarget::Form(at),
            input: TextInput::new(&text),
            original: text,
            error: None,
            label_was_dirty: self.label_dirty,
        });
    }

    fn findings_key(&mut self, action: Action) {
        if action == Action::CopyFinding {
            self.copy_finding();
        } else if let Some(i) = action.moved(self.finding_selected, self.findings.len()) {
            self.finding_selected = i;
            self.detail_scroll = 0;
        } else if action == Action::OpenDetail {
            self.label_pane = LabelPane::Detail;
        } else if action == Action::Back {
            self.label_pane = LabelPane::Form;
        }
    }

    fn detail_key(&mut self, action: Action) {
        if action == Action::CopyFinding {
            self.copy_finding();
        } else if action == Action::Back {
            self.label_pane = LabelPane::Findings;
        } else if action.scrolled(self.detail_scroll).is_some() {
            self.scroll_detail(action);
        }
    }

    /// `y`: the selected finding as text, to be put on the clipboard (OSC 52).
    pub(crate) fn copy_finding(&mut self) {
        match self.finding_text(self.finding_selected) {
            Some((id, text)) => {
                self.clipboard = Some(text);
                self.info(strings::finding_copied(&id));
            }
            None => self.info(strings::NOTHING_TO_COPY),
        }
    }

    /// A finding as plain text: severity, rule, message, threshold, evidence, rationale and
    /// sources with their links. Text from the rules file is escaped like everything shown.
    pub fn finding_text(&self, index: usize) -> Option<(String, String)> {
        use crate::escape::visible;
        let f = self.findings.get(index)?;
        let rules = &self.rules.rules;
        let rule = rules.rules.get(f.rule_index)?;
        let mut out = vec![
            format!(
                "{} {} — {}",
                f.severity.as_str(),
                visible(&rule.id),
                visible(&rule.title)
            ),
            visible(&f.message).into_owned(),
        ];
        if let Some(t) = &f.threshold {
            out.push(format!(
                "{}{} {} {}",
                strings::THRESHOLD_LABEL,
                t.comparison,
                crate::format::number(t.value),
                t.unit
            ));
        }
        out.push(format!(
            "{}{} — {}",
            strings::EVIDENCE_LABEL,
            rule.evidence.as_str(),
            rule.evidence.describe()
        ));
        out.push(String::new());
        if let Some(note) = crate::rules::diff::rationale_note(rule) {
            out.push(note);
        }
        out.push(visible(&rule.rationale).into_owned());
        out.push(String::new());
        out.push(strings::SOURCES_HEADING.to_string());
        for key in &rule.sources {
            if let Some(s) = rules.source(key) {
                out.push(format!("[{}] {}", visible(key), visible(&s.citation)));
                if let Some(url) = &s.url {
                    out.push(format!("  {}", visible(url)));
                }
            }
        }
        Some((visible(&rule.id).into_owned(), out.join("\n") + "\n"))
    }

    pub(crate) fn replace_form(&mut self, label: &Label, dirty: bool) {
        self.form = LabelForm::from_label(label);
        self.label_path = None;
        self.label_overwrite_agreed = false;
        self.label_dirty = dirty;
        self.form_row = 0;
        self.finding_selected = 0;
        self.detail_scroll = 0;
        self.recheck();
        self.screen = Screen::Label;
        self.label_pane = LabelPane::Form;
    }

    /// Saves the label over its file, asking first if the file changed on disk since.
    pub(crate) fn overwrite_label(&mut self, path: std::path::PathBuf) {
        self.label_overwrite_agreed = true;
        let expect = self.label_disk.map_or(Expect::Anything, Expect::Version);
        self.save(
            SaveTarget::Label(path),
            SaveOptions {
                expect,
                replace_read_only: false,
            },
        );
    }

    pub(crate) fn save_label(&mut self) {
        if self.reading.label.name.is_empty() {
            self.screen = Screen::Label;
            self.label_pane = LabelPane::Form;
            self.form_row = 0;
            return self.error(strings::NAME_NEEDED);
        }
        if !self.reading.errors.is_empty() {
            return self.error(strings::fix_before_saving(self.reading.errors.len()));
        }
        if self.reading.label.ingredients.is_empty() {
            return self.error(strings::NO_INGREDIENTS_TO_SAVE);
        }
        // What is written must load back: the same check `labelcheck check` makes.
        let text = crate::label::label_to_toml(&self.reading.label);
        if let Err(e) = crate::parse_label_text("label.toml", &text) {
            let reason = e.0.first().map(|d| d.message.clone()).unwrap_or_default();
            return self.error(strings::label_would_not_load(&reason));
        }
        match self.label_path.clone() {
            // Label text (a pasted panel opened as a .txt file) and a DSLD record (.json,
            // .jsonl) are not overwritten with a label file: the label is saved under a new
            // name beside it.
            Some(path) if crate::is_label_text(&path) || crate::dsld::is_dsld_file(&path) => {
                let suggestion = path.with_extension("toml").display().to_string();
                self.popup = Some(Popup::SaveLabelAs(TextInput::new(&suggestion)));
            }
            Some(path) if !self.label_overwrite_agreed => {
                self.popup = Some(Popup::ConfirmOverwrite(path));
            }
            Some(path) => self.overwrite_label(path),
            None => {
                let suggestion = strings::label_file_name(&self.reading.label.name);
                self.popup = Some(Popup::SaveLabelAs(TextInput::new(&suggestion)));
            }
        }
    }
}
