//! The application model and its update function. No terminal here: keys go in, state changes,
//! and the view renders the state. Tests drive it with key events.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::{Column, FieldId, FieldRef, FormReading, LabelForm, Period};
use super::input::TextInput;
use super::recovery::{self, FormRecord, RecoveredLabel, RecoveredRules, Recovery};
use super::strings;
use crate::examples::Example;
use crate::fsio::{DiskVersion, Expect, SaveError, SaveOptions, write_atomically_with};
use crate::import::{Imported, MAX_IMPORT_BYTES};
use crate::label::{DosageForm, Intake, Label, Unit, label_to_toml, names};
use crate::profile::{Anticoagulant, Profile};
use crate::rules::edit::{ParamPath, RulesDocument, save_rules_atomically, validate_threshold};
use crate::rules::{Severity, Threshold};
use crate::{LoadedRules, RulesOrigin, parse_label_text, parse_rules_text};

/// Everything the app starts from, as the command line gives it.
#[derive(Debug, Clone)]
pub struct Options {
    pub rules: LoadedRules,
    /// Where "save rules" writes: the file the rules came from, or for the built-in rules the
    /// user's saved rules file.
    pub rules_save_path: PathBuf,
    /// The user's saved rules file (`rules.toml` in the config folder), which every command
    /// loads when no other rules are named; its folder is created when the rules are first
    /// saved there. `None` when the system names no config folder.
    pub saved_rules_path: Option<PathBuf>,
    pub label: Option<(PathBuf, Label)>,
    pub profile: Profile,
    /// Extra examples from `--examples DIR` (already loaded), after the built-in ones.
    pub extra_examples: Vec<Example>,
    /// A message to show at start (e.g. why a label file could not be opened).
    pub startup_message: Option<String>,
    /// Test hook (debug builds only, set by the binary from LABELCHECK_TEST_PANIC_KEY): this key
    /// panics, so a test can check the terminal is restored after a crash.
    pub panic_key: Option<char>,
}

impl Options {
    /// The app as `labelcheck` opens with no arguments: the built-in rules, an empty label, no
    /// profile, no extra examples; "save rules" writes to `rules_save_path`.
    pub fn builtin(rules_save_path: PathBuf) -> Options {
        Options {
            rules: crate::builtin_rules(),
            rules_save_path,
            saved_rules_path: None,
            label: None,
            profile: Profile::default(),
            extra_examples: Vec::new(),
            startup_message: None,
            panic_key: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Label,
    Examples,
    Rules,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPane {
    Form,
    Findings,
    Detail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesPane {
    List,
    Params,
}

/// A finding as the app keeps it (owning its data, pointing at its rule by index).
#[derive(Debug, Clone, PartialEq)]
pub struct ShownFinding {
    pub rule_index: usize,
    pub severity: Severity,
    pub message: String,
    pub threshold: Option<Threshold>,
}

/// A row of the label form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRow {
    Field(FieldId),
    Ingredient(usize),
    AddIngredient,
}

/// A row of a rule's parameter list in the rules screen.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamRow {
    Enabled,
    Severity,
    Number(crate::rules::edit::NumericParam),
}

/// What a picker sets when an option is chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum PickTarget {
    DosageForm,
    Period,
    Carrier,
    Anticoagulant,
    IngredientName(usize),
    IngredientForm(usize),
    Unit(usize),
    Severity(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub options: Vec<String>,
    pub selected: usize,
    pub target: PickTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help {
        scroll: u16,
    },
    ConfirmQuit,
    ConfirmLoadExample(usize),
    /// A save stopped to ask: the file exists, changed on disk, or is read-only. Yes saves
    /// again with `save`'s options, which allow what was asked about.
    ConfirmSave {
        save: PendingSave,
        question: SaveQuestion,
    },
    SaveLabelAs(TextInput),
    /// "Save rules as…": the rules to a file the user names.
    SaveRulesAs(TextInput),
    Pick(Picker),
    /// The paste box for label text (its contents are in [`App::paste_box`]).
    Paste,
    /// The paste box's text is being read on a worker thread; Esc cancels.
    Importing,
    /// Importing would replace a label with unsaved changes.
    ConfirmImport,
    /// What an import read and what it could not use.
    ImportReport {
        scroll: u16,
    },
    /// An earlier session ended without saving and its work was kept: restore it?
    OfferRecovery(Box<RecoveryOffer>),
}

/// Unsaved work an earlier session kept, and the file it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryOffer {
    pub file: PathBuf,
    pub recovery: Recovery,
}

/// Called by a worker thread when it has a result, to wake the event loop.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// An import running on a worker thread.
struct ImportJob {
    result: mpsc::Receiver<Imported>,
    worker: JoinHandle<()>,
}

/// What a save writes.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveTarget {
    /// The rules, to [`App::rules_save_path`].
    Rules,
    /// The rules, to a file named in "Save rules as…", which later saves then write to.
    RulesAs(PathBuf),
    /// The label, to this file.
    Label(PathBuf),
}

/// A save waiting for the user's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingSave {
    pub target: SaveTarget,
    pub options: SaveOptions,
}

/// Why a save asks before writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveQuestion {
    /// A file is already there (a new label file; the built-in rules saved for the first time).
    Exists,
    /// The file changed on disk since it was loaded or last saved here.
    Changed,
    /// The file is marked read-only.
    ReadOnly,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EditTarget {
    Form(FieldRef),
    Param { rule: usize, path: ParamPath },
}

/// A field being typed into. Changes apply live; Esc restores `original`.
#[derive(Debug, Clone, PartialEq)]
pub struct Editing {
    pub target: EditTarget,
    pub input: TextInput,
    pub original: String,
    /// Why the current text is not accepted (rules editor), shown on the field.
    pub error: Option<String>,
    /// Whether the label was unsaved before the edit: Esc puts that back.
    pub label_was_dirty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

pub struct App {
    pub screen: Screen,
    pub label_pane: LabelPane,
    pub rules_pane: RulesPane,

    pub form: LabelForm,
    pub reading: FormReading,
    pub intake: Intake,
    pub findings: Vec<ShownFinding>,
    pub form_row: usize,
    pub form_column: Column,
    pub label_path: Option<PathBuf>,
    pub label_dirty: bool,
    /// A row just added by `a` (its index) and whether the label was unsaved before, until
    /// its name is picked: Esc on that picker removes the row.
    adding_row: Option<(usize, bool)>,
    /// The label file as it was loaded or last saved, to notice changes made by others.
    label_disk: Option<DiskVersion>,

    pub finding_selected: usize,
    pub detail_scroll: u16,

    pub examples: Vec<Example>,
    pub example_selected: usize,

    pub rules: LoadedRules,
    rules_doc: Option<RulesDocument>,
    /// Whether the rules differ from those loaded or last saved (an edit that is undone, or a
    /// value set back, leaves nothing to save).
    pub rules_dirty: bool,
    /// The rules text as loaded or last saved, which `rules_dirty` compares against.
    rules_clean_text: String,
    pub rules_save_path: PathBuf,
    /// The user's saved rules file (see [`Options::saved_rules_path`]).
    pub saved_rules_path: Option<PathBuf>,
    /// The rules file as it was loaded or last saved, to notice changes made by others; `None`
    /// for the built-in rules, which are never saved over an existing file unasked.
    rules_disk: Option<DiskVersion>,
    pub rule_selected: usize,
    pub param_selected: usize,

    pub editing: Option<Editing>,
    pub popup: Option<Popup>,
    /// The multi-line box label text is pasted into.
    pub paste_box: ratatui_textarea::TextArea<'static>,
    /// An import waiting for the user to confirm replacing the form.
    pending_import: Option<Imported>,
    /// The import running on a worker thread.
    import_job: Option<ImportJob>,
    /// An import the user cancelled that is still running: a new one waits until it ends, so
    /// that cancelled imports never pile up.
    cancelled_import: Option<JoinHandle<()>>,
    /// Reads label text (a field so that tests can make it slow).
    pub importer: fn(&str) -> Imported,
    /// Wakes the event loop when a worker finishes; without one (tests), `wait_for_import`
    /// takes the result.
    waker: Option<Waker>,
    /// Where unsaved work is kept when the app ends without the user quitting.
    recovery_folder: Option<PathBuf>,
    /// Lines of the last import's report.
    pub import_report: Vec<String>,
    pub status: Option<Status>,
    pub should_quit: bool,
    panic_key: Option<char>,
}

fn key_is(key: &KeyEvent, ch: char) -> bool {
    key.code == KeyCode::Char(ch)
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn ctrl(key: &KeyEvent, ch: char) -> bool {
    key.code == KeyCode::Char(ch) && key.modifiers.contains(KeyModifiers::CONTROL)
}

fn is_up(key: &KeyEvent) -> bool {
    key.code == KeyCode::Up || key_is(key, 'k')
}

fn is_down(key: &KeyEvent) -> bool {
    key.code == KeyCode::Down || key_is(key, 'j')
}

/// Most lines any scrolled text is moved down; text is never that long, and it keeps a held key
/// from scrolling into emptiness.
const MAX_SCROLL: u16 = 500;

/// The new scroll offset for a scrolling key (↑↓ j k, PgUp PgDn, Home), or `None` for any
/// other key.
fn scrolled(scroll: u16, key: &KeyEvent) -> Option<u16> {
    let next = match key.code {
        _ if is_down(key) => scroll.saturating_add(1),
        _ if is_up(key) => scroll.saturating_sub(1),
        KeyCode::PageDown => scroll.saturating_add(10),
        KeyCode::PageUp => scroll.saturating_sub(10),
        KeyCode::Home => 0,
        _ => return None,
    };
    Some(next.min(MAX_SCROLL))
}

/// The new selection in a list of `len` rows for ↑/↓ (or k/j), or `None` for any other key.
fn moved(current: usize, len: usize, key: &KeyEvent) -> Option<usize> {
    if is_up(key) {
        Some(step(current, len, false))
    } else if is_down(key) {
        Some(step(current, len, true))
    } else {
        None
    }
}

fn step(current: usize, len: usize, forward: bool) -> usize {
    if len == 0 {
        0
    } else if forward {
        (current + 1).min(len - 1)
    } else {
        current.saturating_sub(1)
    }
}

impl App {
    pub fn new(options: Options) -> App {
        let mut examples: Vec<Example> = crate::examples::BUILTIN_EXAMPLES
            .iter()
            .filter_map(|(file, text)| {
                parse_label_text(file, text).ok().map(|label| Example {
                    file: file.to_string(),
                    origin: strings::BUILTIN.to_string(),
                    label,
                })
            })
            .collect();
        examples.extend(options.extra_examples);
        let (form, label_path) = match options.label {
            Some((path, label)) => (LabelForm::from_label(&label, &options.profile), Some(path)),
            None => (
                LabelForm::from_label(&Label::default(), &options.profile),
                None,
            ),
        };
        let rules_doc = RulesDocument::parse(&options.rules.text).ok();
        // The version on disk is that of the file as read, before any built-in rules it lacked
        // were added to the text being edited.
        let rules_disk = options.rules.origin.path().map(|_| {
            let read = options.rules.file_text.as_deref();
            DiskVersion::of(read.unwrap_or(&options.rules.text).as_bytes())
        });
        // The file was read by the caller a moment ago; its version now is the one loaded.
        let label_disk = label_path
            .as_deref()
            .and_then(|p| DiskVersion::read(p).ok().flatten());
        let reading = form.read();
        let intake = Intake::from_label(&reading.label);
        let mut app = App {
            screen: Screen::Label,
            label_pane: LabelPane::Form,
            rules_pane: RulesPane::List,
            form,
            reading,
            intake,
            findings: Vec::new(),
            form_row: 0,
            form_column: Column::Name,
            label_path,
            label_dirty: false,
            adding_row: None,
            label_disk,
            finding_selected: 0,
            detail_scroll: 0,
            examples,
            example_selected: 0,
            rules_clean_text: rules_doc
                .as_ref()
                .map_or_else(|| options.rules.text.clone(), RulesDocument::text),
            rules: options.rules,
            rules_doc,
            rules_dirty: false,
            rules_save_path: options.rules_save_path,
            saved_rules_path: options.saved_rules_path,
            rules_disk,
            rule_selected: 0,
            param_selected: 0,
            editing: None,
            popup: None,
            paste_box: new_paste_box(),
            pending_import: None,
            import_job: None,
            cancelled_import: None,
            importer: |text| crate::import::import_text(text, ""),
            waker: None,
            recovery_folder: None,
            import_report: Vec::new(),
            status: options.startup_message.map(|text| Status {
                kind: StatusKind::Error,
                text,
            }),
            should_quit: false,
            panic_key: options.panic_key,
        };
        app.recheck();
        app
    }

    // ----- derived state -------------------------------------------------------------------

    /// Re-reads the form and re-checks it against the current rules.
    pub fn recheck(&mut self) {
        self.reading = self.form.read();
        self.intake = Intake::from_label(&self.reading.label);
        let rules = &self.rules.rules;
        self.findings = rules
            .check(&self.reading.label, &self.intake, &self.reading.profile)
            .into_iter()
            .map(|f| ShownFinding {
                rule_index: rules
                    .rules
                    .iter()
                    .position(|r| std::ptr::eq(r, f.rule))
                    .unwrap_or(0),
                severity: f.severity(),
                message: f.message,
                threshold: f.threshold,
            })
            .collect();
        if self.finding_selected >= self.findings.len() {
            self.finding_selected = self.findings.len().saturating_sub(1);
            self.detail_scroll = 0;
        }
    }

    pub fn form_rows(&self) -> Vec<FormRow> {
        let mut rows: Vec<FormRow> = FieldId::ALL.iter().map(|f| FormRow::Field(*f)).collect();
        rows.extend((0..self.form.ingredients.len()).map(FormRow::Ingredient));
        rows.push(FormRow::AddIngredient);
        rows
    }

    pub fn current_form_row(&self) -> FormRow {
        let rows = self.form_rows();
        rows[self.form_row.min(rows.len() - 1)]
    }

    pub fn param_rows(&self) -> Vec<ParamRow> {
        let mut rows = vec![ParamRow::Enabled, ParamRow::Severity];
        if let Some(rule) = self.rules.rules.rules.get(self.rule_selected) {
            rows.extend(rule.numeric_params().into_iter().map(ParamRow::Number));
        }
        rows
    }

    pub fn has_unsaved(&self) -> bool {
        self.label_dirty || self.rules_dirty
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }

    // ----- input ---------------------------------------------------------------------------

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.panic_key.is_some_and(|c| key.code == KeyCode::Char(c)) {
            panic!("labelcheck: test panic requested with LABELCHECK_TEST_PANIC_KEY");
        }
        if ctrl(&key, 'c') {
            self.editing = None;
            self.popup = None;
            self.cancel_import();
            self.request_quit();
            return;
        }
        if self.popup.is_some() {
            self.popup_key(key);
            return;
        }
        if self.editing.is_some() {
            self.edit_key(key);
            return;
        }
        self.status = None;
        if ctrl(&key, 's') {
            match self.screen {
                Screen::Rules => self.save_rules(),
                _ => self.save_label(),
            }
            return;
        }
        if key_is(&key, '?') {
            self.popup = Some(Popup::Help { scroll: 0 });
            return;
        }
        if key_is(&key, 'q') {
            self.request_quit();
            return;
        }
        if key_is(&key, 'p') && self.screen == Screen::Label {
            self.paste_box = new_paste_box();
            self.popup = Some(Popup::Paste);
            return;
        }
        match key.code {
            KeyCode::Char('1') => return self.screen = Screen::Label,
            KeyCode::Char('2') => return self.screen = Screen::Examples,
            KeyCode::Char('3') => return self.screen = Screen::Rules,
            KeyCode::Tab => return self.cycle_pane(true),
            KeyCode::BackTab => return self.cycle_pane(false),
            _ => {}
        }
        match self.screen {
            Screen::Label => match self.label_pane {
                LabelPane::Form => self.form_key(key),
                LabelPane::Findings => self.findings_key(key),
                LabelPane::Detail => self.detail_key(key),
            },
            Screen::Examples => self.examples_key(key),
            Screen::Rules => match self.rules_pane {
                RulesPane::List => self.rules_list_key(key),
                RulesPane::Params => self.params_key(key),
            },
        }
    }

    /// Text pasted into the terminal (bracketed paste): typed into the field being edited.
    pub fn handle_paste(&mut self, text: &str) {
        if self.popup == Some(Popup::Paste) {
            let would_be = self.paste_box_bytes() + text.len();
            if would_be > MAX_IMPORT_BYTES {
                return self.error(strings::paste_too_large(would_be, MAX_IMPORT_BYTES));
            }
            // Terminals send pasted line ends as \r.
            self.paste_box
                .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        } else if let Some(Popup::SaveLabelAs(input) | Popup::SaveRulesAs(input)) = &mut self.popup
        {
            if let Err(too_long) = input.insert_str(text) {
                self.error(strings::field_too_long(too_long, true));
            }
        } else if let Some(editing) = &mut self.editing {
            match editing.input.insert_str(text) {
                Ok(_) => self.apply_editing(),
                Err(too_long) => self.error(strings::field_too_long(too_long, true)),
            }
        } else {
            self.info(strings::PASTE_HINT);
        }
    }

    /// Tab cycles the panes of the screen; past the last pane it moves to the next screen.
    fn cycle_pane(&mut self, forward: bool) {
        use LabelPane as L;
        use RulesPane as R;
        let order = [
            (Screen::Label, Some(L::Form), None),
            (Screen::Label, Some(L::Findings), None),
            (Screen::Label, Some(L::Detail), None),
            (Screen::Examples, None, None),
            (Screen::Rules, None, Some(R::List)),
            (Screen::Rules, None, Some(R::Params)),
        ];
        let current = order
            .iter()
            .position(|(s, l, r)| {
                *s == self.screen
                    && l.is_none_or(|l| l == self.label_pane)
                    && r.is_none_or(|r| r == self.rules_pane)
            })
            .unwrap_or(0);
        let next = if forward {
            (current + 1) % order.len()
        } else {
            (current + order.len() - 1) % order.len()
        };
        let (screen, l, r) = order[next];
        self.screen = screen;
        if let Some(l) = l {
            self.label_pane = l;
        }
        if let Some(r) = r {
            self.rules_pane = r;
        }
    }

    fn request_quit(&mut self) {
        if self.has_unsaved() {
            self.popup = Some(Popup::ConfirmQuit);
        } else {
            self.should_quit = true;
        }
    }

    // ----- label form ----------------------------------------------------------------------

    fn form_key(&mut self, key: KeyEvent) {
        if let Some(row) = moved(self.form_row, self.form_rows().len(), &key) {
            self.form_row = row;
            return;
        }
        let row = self.current_form_row();
        let left = key.code == KeyCode::Left || key_is(&key, 'h');
        let right = key.code == KeyCode::Right || key_is(&key, 'l');
        match row {
            FormRow::Field(field) if field.is_choice() && (left || right) => {
                self.cycle_choice(field, right)
            }
            FormRow::Ingredient(_) if left || right => {
                let i = Column::ALL
                    .iter()
                    .position(|c| *c == self.form_column)
                    .unwrap_or(0);
                self.form_column = Column::ALL[step(i, Column::ALL.len(), right)];
            }
            _ => {}
        }
        match key.code {
            KeyCode::Enter => self.activate_form_row(row),
            KeyCode::Delete => self.delete_ingredient(row),
            KeyCode::Char('d') if key.modifiers.is_empty() => self.delete_ingredient(row),
            KeyCode::Char('a') if key.modifiers.is_empty() => self.add_ingredient(),
            _ => {}
        }
    }

    fn cycle_choice(&mut self, field: FieldId, forward: bool) {
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
                self.form.period = if self.form.period == Period::Day {
                    Period::Week
                } else {
                    Period::Day
                };
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
            FieldId::Anticoagulant => {
                let all = Anticoagulant::ALL;
                let i = all
                    .iter()
                    .position(|a| *a == self.form.anticoagulant)
                    .unwrap_or(0);
                self.form.anticoagulant = all[rotate(i, all.len())];
                self.form_changed(false);
            }
            _ => {}
        }
    }

    fn form_changed(&mut self, label_changed: bool) {
        if label_changed {
            self.label_dirty = true;
        }
        self.recheck();
    }

    fn activate_form_row(&mut self, row: FormRow) {
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
                vec![
                    strings::period(Period::Day).into(),
                    strings::period(Period::Week).into(),
                ],
                usize::from(self.form.period == Period::Week),
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
            FormRow::Field(FieldId::Anticoagulant) => self.open_picker(
                strings::PICK_ANTICOAGULANT,
                Anticoagulant::ALL
                    .iter()
                    .map(|a| strings::anticoagulant_choice(*a).to_string())
                    .collect(),
                Anticoagulant::ALL
                    .iter()
                    .position(|a| *a == self.form.anticoagulant)
                    .unwrap_or(0),
                PickTarget::Anticoagulant,
            ),
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
                Column::Amount => self.start_form_edit(FieldRef::Cell(i, Column::Amount)),
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
        }
    }

    fn add_ingredient(&mut self) {
        self.adding_row = Some((self.form.ingredients.len(), self.label_dirty));
        self.form.ingredients.push(super::form::IngredientRow {
            unit: Some(Unit::Mcg),
            ..Default::default()
        });
        let i = self.form.ingredients.len() - 1;
        self.form_row = FieldId::ALL.len() + i;
        self.form_column = Column::Name;
        self.label_dirty = true;
        self.activate_form_row(FormRow::Ingredient(i));
    }

    fn delete_ingredient(&mut self, row: FormRow) {
        if let FormRow::Ingredient(i) = row {
            let removed = self.form.ingredients.remove(i);
            let name = if removed.name.trim().is_empty() {
                strings::BLANK_ROW.to_string()
            } else {
                removed.name
            };
            self.form_row = self.form_row.min(self.form_rows().len() - 1);
            self.form_changed(true);
            self.info(strings::removed_ingredient(&name));
        }
    }

    fn open_picker(
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

    fn start_form_edit(&mut self, at: FieldRef) {
        let text = self.form.text(at);
        self.editing = Some(Editing {
            target: EditTarget::Form(at),
            input: TextInput::new(&text),
            original: text,
            error: None,
            label_was_dirty: self.label_dirty,
        });
    }

    fn pick(&mut self, picker: Picker) {
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
            PickTarget::Anticoagulant => {
                self.form.anticoagulant = Anticoagulant::ALL
                    .get(picker.selected)
                    .copied()
                    .unwrap_or_default();
                self.form_changed(false);
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
            PickTarget::Severity(rule) => {
                if let Ok(sev) = choice.parse::<Severity>() {
                    self.edit_rules(|doc| doc.set_severity(rule, sev));
                }
            }
        }
    }

    // ----- editing -------------------------------------------------------------------------

    fn edit_key(&mut self, key: KeyEvent) {
        let Some(editing) = self.editing.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
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
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::Up | KeyCode::Down => {
                if let Some(err) = editing.error.clone() {
                    if key.code == KeyCode::Enter {
                        self.error(err);
                        return;
                    }
                    // Leaving an invalid threshold restores the last valid value.
                    let original = editing.original.clone();
                    editing.input = TextInput::new(&original);
                    self.apply_editing();
                }
                self.editing = None;
                if key.code != KeyCode::Enter && key.code != KeyCode::Tab {
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

    /// Applies the text being typed, so findings follow every keystroke.
    fn apply_editing(&mut self) {
        let Some(editing) = self.editing.clone() else {
            return;
        };
        let text = editing.input.value().to_string();
        match editing.target {
            EditTarget::Form(at) => {
                self.form.set_text(at, &text);
                let profile_only = matches!(at, FieldRef::Field(FieldId::Age));
                self.form_changed(!profile_only);
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

    // ----- findings ------------------------------------------------------------------------

    fn findings_key(&mut self, key: KeyEvent) {
        if let Some(i) = moved(self.finding_selected, self.findings.len(), &key) {
            self.finding_selected = i;
            self.detail_scroll = 0;
        } else if key.code == KeyCode::Enter {
            self.label_pane = LabelPane::Detail;
        } else if key.code == KeyCode::Esc {
            self.label_pane = LabelPane::Form;
        }
    }

    fn detail_key(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Esc {
            self.label_pane = LabelPane::Findings;
        } else if let Some(scroll) = scrolled(self.detail_scroll, &key) {
            self.detail_scroll = scroll;
        }
    }

    // ----- examples ------------------------------------------------------------------------

    fn examples_key(&mut self, key: KeyEvent) {
        if let Some(i) = moved(self.example_selected, self.examples.len(), &key) {
            self.example_selected = i;
        } else if key.code == KeyCode::Enter && !self.examples.is_empty() {
            if self.label_dirty {
                self.popup = Some(Popup::ConfirmLoadExample(self.example_selected));
            } else {
                self.load_example(self.example_selected);
            }
        }
    }

    /// Puts a label in the form (keeping the person's profile), unsaved to any file, and shows
    /// the label screen from the top.
    fn replace_form(&mut self, label: &Label, dirty: bool) {
        self.form = LabelForm::from_label(label, &self.reading.profile);
        self.label_path = None;
        self.label_dirty = dirty;
        self.form_row = 0;
        self.finding_selected = 0;
        self.detail_scroll = 0;
        self.recheck();
        self.screen = Screen::Label;
        self.label_pane = LabelPane::Form;
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
            .check(&example.label, &intake, &self.reading.profile)
            .iter()
            .map(|f| (f.severity(), f.rule.id.clone()))
            .collect()
    }

    // ----- rules ---------------------------------------------------------------------------

    fn rules_list_key(&mut self, key: KeyEvent) {
        if let Some(i) = moved(self.rule_selected, self.rules.rules.rules.len(), &key) {
            self.rule_selected = i;
            self.param_selected = 0;
        } else if key.code == KeyCode::Enter || key.code == KeyCode::Right || key_is(&key, 'l') {
            self.rules_pane = RulesPane::Params;
        } else if key_is(&key, ' ') || key_is(&key, 'e') {
            self.toggle_enabled();
        } else {
            self.rules_screen_key(key);
        }
    }

    /// Keys of both panes of the rules screen: reset a rule, save the rules as.
    fn rules_screen_key(&mut self, key: KeyEvent) {
        if key_is(&key, 'r') {
            self.reset_rule();
        } else if key_is(&key, 's') {
            let suggestion = self.rules_save_path.display().to_string();
            self.popup = Some(Popup::SaveRulesAs(TextInput::new(&suggestion)));
        }
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

    fn params_key(&mut self, key: KeyEvent) {
        let rows = self.param_rows();
        if let Some(i) = moved(self.param_selected, rows.len(), &key) {
            self.param_selected = i;
            return;
        }
        if key.code == KeyCode::Esc {
            self.rules_pane = RulesPane::List;
            return;
        }
        let rule = self.rule_selected;
        let left = key.code == KeyCode::Left || key_is(&key, 'h');
        let right = key.code == KeyCode::Right || key_is(&key, 'l');
        match rows.get(self.param_selected) {
            Some(ParamRow::Enabled)
                if key.code == KeyCode::Enter || key_is(&key, ' ') || left || right =>
            {
                self.toggle_enabled()
            }
            Some(ParamRow::Severity) if left || right => {
                let current = self.rules.rules.rules[rule].severity;
                let i = Severity::ALL
                    .iter()
                    .position(|s| *s == current)
                    .unwrap_or(0);
                let next = Severity::ALL[step(i, Severity::ALL.len(), right)];
                self.edit_rules(|doc| doc.set_severity(rule, next));
            }
            Some(ParamRow::Severity) if key.code == KeyCode::Enter => {
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
            Some(ParamRow::Number(param)) if key.code == KeyCode::Enter => {
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
            _ if key_is(&key, 'e') => self.toggle_enabled(),
            _ => self.rules_screen_key(key),
        }
    }

    fn toggle_enabled(&mut self) {
        let rule = self.rule_selected;
        let Some(enabled) = self.rules.rules.rules.get(rule).map(|r| r.enabled) else {
            return;
        };
        self.edit_rules(|doc| doc.set_enabled(rule, !enabled));
    }

    /// Applies an edit to the rules document, re-parses it into the rule set (so what is
    /// checked is exactly what would be saved), and re-checks the label.
    fn edit_rules(&mut self, edit: impl FnOnce(&mut RulesDocument) -> Result<(), String>) {
        if let Err(e) = self.try_edit_rules(edit) {
            self.error(e);
        }
    }

    fn try_edit_rules(
        &mut self,
        edit: impl FnOnce(&mut RulesDocument) -> Result<(), String>,
    ) -> Result<(), String> {
        let Some(doc) = self.rules_doc.as_mut() else {
            return Err(strings::RULES_NOT_EDITABLE.to_string());
        };
        let backup = doc.clone();
        // An edit of several values (a reset) that fails part-way changes nothing.
        if let Err(e) = edit(doc) {
            *doc = backup;
            return Err(e);
        }
        let text = doc.text();
        let name = self.rules.origin.describe();
        match parse_rules_text(&name, &text, self.rules.origin.clone()) {
            Ok(loaded) => {
                self.rules = loaded;
                self.rules_dirty = text != self.rules_clean_text;
                self.recheck();
                Ok(())
            }
            Err(diags) => {
                *doc = backup;
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

    /// Writes the rules or the label with `options`; a save that needs the user's agreement
    /// opens the question instead.
    fn save(&mut self, target: SaveTarget, options: SaveOptions) {
        let result = match &target {
            SaveTarget::Rules | SaveTarget::RulesAs(_) => {
                let Some(doc) = &self.rules_doc else {
                    return self.error(strings::RULES_NOT_EDITABLE);
                };
                let text = doc.text();
                let path = self.save_path(&target);
                if let Err(e) = self.create_saved_rules_folder(&path) {
                    return self.error(strings::save_failed(&e));
                }
                save_rules_atomically(&path, &text, options).map(|()| text)
            }
            SaveTarget::Label(path) => {
                let text = label_to_toml(&self.reading.label);
                write_atomically_with(path, text.as_bytes(), options, || Ok(())).map(|()| text)
            }
        };
        let text = match result {
            Ok(text) => text,
            Err(e) => return self.save_refused(PendingSave { target, options }, e),
        };
        match target {
            SaveTarget::Rules | SaveTarget::RulesAs(_) => {
                let path = self.save_path(&target);
                self.rules_save_path = path.clone();
                self.rules_dirty = false;
                self.rules_disk = Some(DiskVersion::of(text.as_bytes()));
                self.rules_clean_text = text;
                self.rules.origin = self.origin_of_saved_file(path.clone());
                let kept = matches!(self.rules.origin, RulesOrigin::Saved(_));
                self.info(strings::saved_rules(&display_abs(&path), kept));
            }
            SaveTarget::Label(path) => {
                self.label_disk = Some(DiskVersion::of(text.as_bytes()));
                self.label_dirty = false;
                self.info(strings::saved_label(&display_abs(&path)));
                self.label_path = Some(path);
            }
        }
    }

    /// A save that did not happen: asks when the user can allow it, says why otherwise.
    fn save_refused(&mut self, mut save: PendingSave, error: SaveError) {
        let question = match error {
            SaveError::Exists { .. } => SaveQuestion::Exists,
            SaveError::Changed { .. } => SaveQuestion::Changed,
            SaveError::ReadOnly { .. } => SaveQuestion::ReadOnly,
            SaveError::Invalid(_) | SaveError::Io { .. } => {
                return self.error(strings::save_failed(&error.to_string()));
            }
        };
        match question {
            SaveQuestion::ReadOnly => save.options.replace_read_only = true,
            SaveQuestion::Exists | SaveQuestion::Changed => save.options.expect = Expect::Anything,
        }
        self.popup = Some(Popup::ConfirmSave { save, question });
    }

    /// Creates the config folder when the rules are saved as the user's saved rules for the
    /// first time; other folders are the user's to make.
    fn create_saved_rules_folder(&self, path: &Path) -> Result<(), String> {
        if self.saved_rules_path.as_deref() != Some(path) {
            return Ok(());
        }
        match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => std::fs::create_dir_all(folder)
                .map_err(|e| format!("{}: {}", folder.display(), crate::diagnostic::io_reason(&e))),
            _ => Ok(()),
        }
    }

    /// What the rules are called once written to `path`: the user's saved rules, or a file.
    fn origin_of_saved_file(&self, path: PathBuf) -> RulesOrigin {
        if self.saved_rules_path.as_ref() == Some(&path) {
            RulesOrigin::Saved(path)
        } else {
            RulesOrigin::File(path)
        }
    }

    /// Where a save writes, for its question.
    pub fn save_path(&self, target: &SaveTarget) -> PathBuf {
        match target {
            SaveTarget::Rules => self.rules_save_path.clone(),
            SaveTarget::RulesAs(path) | SaveTarget::Label(path) => path.clone(),
        }
    }

    // ----- saving the label ----------------------------------------------------------------

    fn save_label(&mut self) {
        if self.reading.label.name.is_empty() {
            self.screen = Screen::Label;
            self.label_pane = LabelPane::Form;
            self.form_row = 0;
            return self.error(strings::NAME_NEEDED);
        }
        if !self.reading.errors.is_empty() {
            return self.error(strings::fix_before_saving(self.reading.errors.len()));
        }
        match self.label_path.clone() {
            // Label text (a pasted panel opened as a .txt file) is not overwritten with a
            // label file: the label is saved under a new name beside it.
            Some(path) if crate::is_label_text(&path) => {
                let suggestion = path.with_extension("toml").display().to_string();
                self.popup = Some(Popup::SaveLabelAs(TextInput::new(&suggestion)));
            }
            Some(path) => {
                let expect = self.label_disk.map_or(Expect::Anything, Expect::Version);
                self.save(
                    SaveTarget::Label(path),
                    SaveOptions {
                        expect,
                        replace_read_only: false,
                    },
                );
            }
            None => {
                let suggestion = strings::label_file_name(&self.reading.label.name);
                self.popup = Some(Popup::SaveLabelAs(TextInput::new(&suggestion)));
            }
        }
    }

    // ----- popups --------------------------------------------------------------------------

    fn popup_key(&mut self, key: KeyEvent) {
        let Some(popup) = self.popup.take() else {
            return;
        };
        let yes = key_is(&key, 'y') || key.code == KeyCode::Enter;
        let no = key_is(&key, 'n') || key.code == KeyCode::Esc;
        match popup {
            // Scroll keys scroll; any other key closes.
            Popup::Help { scroll } => {
                if let Some(scroll) = scrolled(scroll, &key) {
                    self.popup = Some(Popup::Help { scroll });
                }
            }
            Popup::ConfirmQuit => {
                if key_is(&key, 'y') {
                    self.should_quit = true;
                } else if !no && !key_is(&key, 'q') {
                    self.popup = Some(Popup::ConfirmQuit);
                }
            }
            Popup::ConfirmLoadExample(i) => {
                if yes {
                    self.load_example(i);
                } else if !no {
                    self.popup = Some(Popup::ConfirmLoadExample(i));
                }
            }
            Popup::ConfirmSave { save, question } => {
                if yes {
                    self.save(save.target, save.options);
                } else if no {
                    self.info(strings::NOT_SAVED);
                } else {
                    self.popup = Some(Popup::ConfirmSave { save, question });
                }
            }
            Popup::SaveLabelAs(mut input) => match key.code {
                KeyCode::Esc => self.info(strings::NOT_SAVED),
                KeyCode::Enter => {
                    let path = PathBuf::from(input.value().trim());
                    if input.value().trim().is_empty() {
                        self.popup = Some(Popup::SaveLabelAs(input));
                    } else {
                        // A new name: never over an existing file unasked.
                        self.save(
                            SaveTarget::Label(path),
                            SaveOptions {
                                expect: Expect::Nothing,
                                replace_read_only: false,
                            },
                        );
                    }
                }
                _ => {
                    if let Err(too_long) = input.handle_key(key) {
                        self.error(strings::field_too_long(too_long, false));
                    }
                    self.popup = Some(Popup::SaveLabelAs(input));
                }
            },
            Popup::SaveRulesAs(mut input) => match key.code {
                KeyCode::Esc => self.info(strings::NOT_SAVED),
                KeyCode::Enter if !input.value().trim().is_empty() => {
                    let path = PathBuf::from(input.value().trim());
                    // The file the rules came from is saved over as Ctrl-S would (asking if it
                    // changed on disk); any other is a new name, never written over unasked.
                    if path == self.rules_save_path {
                        self.save_rules();
                    } else {
                        self.save(
                            SaveTarget::RulesAs(path),
                            SaveOptions {
                                expect: Expect::Nothing,
                                replace_read_only: false,
                            },
                        );
                    }
                }
                _ => {
                    if let Err(too_long) = input.handle_key(key) {
                        self.error(strings::field_too_long(too_long, false));
                    }
                    self.popup = Some(Popup::SaveRulesAs(input));
                }
            },
            Popup::Paste => {
                self.popup = Some(Popup::Paste);
                if key.code == KeyCode::Esc {
                    self.popup = None;
                    self.info(strings::PASTE_CANCELLED);
                } else if ctrl(&key, 'd') {
                    self.import_pasted();
                } else if self.paste_box_bytes() + 4 > MAX_IMPORT_BYTES
                    && matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab)
                {
                    // Four bytes: the longest character a key can type.
                    self.error(strings::paste_too_large(
                        self.paste_box_bytes() + 4,
                        MAX_IMPORT_BYTES,
                    ));
                } else {
                    self.paste_box.input(key);
                }
            }
            Popup::Importing => {
                if key.code == KeyCode::Esc {
                    self.cancel_import();
                    self.popup = Some(Popup::Paste);
                    self.info(strings::IMPORT_CANCELLED);
                } else {
                    self.popup = Some(Popup::Importing);
                }
            }
            Popup::OfferRecovery(offer) => {
                if key_is(&key, 'y') || key.code == KeyCode::Enter {
                    self.restore(*offer);
                } else if key_is(&key, 'n') {
                    match std::fs::remove_file(&offer.file) {
                        Ok(()) => self.info(strings::RECOVERY_DISCARDED),
                        Err(e) => self.error(strings::recovery_not_removed(
                            &offer.file,
                            &crate::diagnostic::io_reason(&e),
                        )),
                    }
                } else if key.code == KeyCode::Esc {
                    self.info(strings::recovery_kept_for_later(&offer.file));
                } else {
                    self.popup = Some(Popup::OfferRecovery(offer));
                }
            }
            Popup::ConfirmImport => {
                if yes {
                    if let Some(imported) = self.pending_import.take() {
                        self.apply_import(imported);
                    }
                } else if no {
                    self.pending_import = None;
                    self.popup = Some(Popup::Paste);
                } else {
                    self.popup = Some(Popup::ConfirmImport);
                }
            }
            // Scroll keys scroll; any other key closes.
            Popup::ImportReport { scroll } => {
                if let Some(scroll) = scrolled(scroll, &key) {
                    self.popup = Some(Popup::ImportReport { scroll });
                }
            }
            Popup::Pick(mut picker) => match key.code {
                KeyCode::Esc => {
                    // Esc on the picker of a row just added takes the row away again.
                    if let (PickTarget::IngredientName(i), Some((added, was_dirty))) =
                        (picker.target, self.adding_row.take())
                        && i == added
                        && self
                            .form
                            .ingredients
                            .get(i)
                            .is_some_and(|r| r.name.is_empty())
                    {
                        self.form.ingredients.remove(i);
                        self.form_row = self.form_row.min(self.form_rows().len() - 1);
                        self.label_dirty = was_dirty;
                        self.recheck();
                    }
                }
                KeyCode::Enter => {
                    self.adding_row = None;
                    self.pick(picker)
                }
                _ => {
                    if let Some(i) = moved(picker.selected, picker.options.len(), &key) {
                        picker.selected = i;
                    }
                    self.popup = Some(Popup::Pick(picker));
                }
            },
        }
    }

    /// The size of the paste box's text in bytes, as it would be imported.
    fn paste_box_bytes(&self) -> usize {
        let lines = self.paste_box.lines();
        lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
    }

    /// Starts reading the paste box on a worker thread, so the app keeps drawing and Esc can
    /// cancel. The result comes back through [`App::poll_workers`] (or
    /// [`App::wait_for_import`]).
    fn import_pasted(&mut self) {
        let text = self.paste_box.lines().join("\n");
        if text.trim().is_empty() {
            self.popup = Some(Popup::Paste);
            return self.error(strings::PASTE_EMPTY);
        }
        if self
            .cancelled_import
            .as_ref()
            .is_some_and(|worker| !worker.is_finished())
        {
            self.popup = Some(Popup::Paste);
            return self.error(strings::IMPORT_STILL_STOPPING);
        }
        self.cancelled_import = None;
        let (send, result) = mpsc::channel();
        let importer = self.importer;
        let waker = self.waker.clone();
        let started = std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let imported = importer(&text);
                // The receiver is gone when the import was cancelled: nothing to do then.
                if send.send(imported).is_ok()
                    && let Some(wake) = waker
                {
                    wake();
                }
            });
        match started {
            Ok(worker) => {
                self.import_job = Some(ImportJob { result, worker });
                self.popup = Some(Popup::Importing);
            }
            Err(e) => {
                self.popup = Some(Popup::Paste);
                self.error(strings::import_not_started(&crate::diagnostic::io_reason(
                    &e,
                )));
            }
        }
    }

    /// Whether an import is running (started and neither finished nor cancelled).
    pub fn import_running(&self) -> bool {
        self.import_job.is_some()
    }

    /// Stops waiting for the running import. Its thread cannot be stopped from outside; it
    /// runs to its end and its result is dropped.
    fn cancel_import(&mut self) {
        if let Some(job) = self.import_job.take() {
            self.cancelled_import = Some(job.worker);
        }
    }

    /// Takes the result of a worker that finished, if any. The event loop calls this when a
    /// worker wakes it.
    pub fn poll_workers(&mut self) {
        let Some(job) = &self.import_job else {
            return;
        };
        match job.result.try_recv() {
            Ok(imported) => {
                self.import_job = None;
                self.import_finished(imported);
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => self.import_failed(),
        }
    }

    /// Waits for the running import and takes its result: for callers without an event loop
    /// (tests, benchmarks).
    pub fn wait_for_import(&mut self) {
        let Some(job) = self.import_job.take() else {
            return;
        };
        match job.result.recv() {
            Ok(imported) => self.import_finished(imported),
            Err(_) => self.import_failed(),
        }
    }

    /// The worker ended without a result (it panicked): the text is still in the box.
    fn import_failed(&mut self) {
        self.import_job = None;
        self.popup = Some(Popup::Paste);
        self.error(strings::IMPORT_FAILED);
    }

    /// An import's result. Text with no amounts keeps the box open with the reason; a label
    /// with unsaved changes is only replaced after the user agrees.
    fn import_finished(&mut self, imported: Imported) {
        if imported.label.ingredients.is_empty() {
            self.popup = Some(Popup::Paste);
            return self.error(strings::nothing_imported(imported.unparsed.len()));
        }
        if self.label_dirty {
            self.pending_import = Some(imported);
            self.popup = Some(Popup::ConfirmImport);
        } else {
            self.apply_import(imported);
        }
    }

    fn apply_import(&mut self, imported: Imported) {
        let text_lines: Vec<String> = self.paste_box.lines().to_vec();
        self.import_report = strings::import_report(&imported, &text_lines);
        // Nothing imported is saved yet: quitting should ask.
        self.replace_form(&imported.label, true);
        self.popup = Some(Popup::ImportReport { scroll: 0 });
        self.info(strings::imported(
            imported.label.ingredients.len(),
            imported.unparsed.len(),
        ));
    }

    // ----- workers and recovery ------------------------------------------------------------

    /// How workers wake the event loop.
    pub fn set_waker(&mut self, waker: Waker) {
        self.waker = Some(waker);
    }

    /// Keeps unsaved work in `folder` if the app ends without the user quitting, and offers
    /// work an earlier session kept there (the oldest first).
    pub fn use_recovery_folder(&mut self, folder: PathBuf) {
        for file in recovery::files_in(&folder) {
            let Some(recovery) = read_recovery(&file) else {
                continue;
            };
            self.popup = Some(Popup::OfferRecovery(Box::new(RecoveryOffer {
                file,
                recovery,
            })));
            break;
        }
        self.recovery_folder = Some(folder);
    }

    /// Writes the unsaved label and rules to a new file in the recovery folder and returns its
    /// path; `Ok(None)` when nothing is unsaved. The reason when it cannot.
    pub fn keep_unsaved_work(&self) -> Result<Option<PathBuf>, String> {
        if !self.has_unsaved() {
            return Ok(None);
        }
        let folder = self
            .recovery_folder
            .as_ref()
            .ok_or_else(|| strings::NO_RECOVERY_FOLDER.to_string())?;
        let recovery = Recovery {
            format: recovery::FORMAT,
            label: self.label_dirty.then(|| RecoveredLabel {
                path: self.label_path.clone(),
                disk_version: self.label_disk.map(|v| v.token()),
                form: FormRecord::of(&self.form),
            }),
            rules: self
                .rules_doc
                .as_ref()
                .filter(|_| self.rules_dirty)
                .map(|doc| RecoveredRules {
                    save_path: self.rules_save_path.clone(),
                    from_file: self.rules.origin.path().is_some(),
                    disk_version: self.rules_disk.map(|v| v.token()),
                    text: doc.text(),
                }),
        };
        let text = recovery.to_toml()?;
        let cannot = |e: std::io::Error| crate::diagnostic::io_reason(&e);
        recovery::create_folder(folder).map_err(cannot)?;
        // A file of its own: never over another session's unrestored work.
        let first = recovery::file_for_this_session(folder);
        for n in 0..100 {
            let file = if n == 0 {
                first.clone()
            } else {
                first.with_extension(format!("{n}.toml"))
            };
            let options = SaveOptions {
                expect: Expect::Nothing,
                replace_read_only: false,
            };
            match write_atomically_with(&file, text.as_bytes(), options, || Ok(())) {
                Ok(()) => return Ok(Some(file)),
                Err(SaveError::Exists { .. }) => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        Err(strings::NO_RECOVERY_FOLDER.to_string())
    }

    /// Puts kept work back: the label form as it was typed and the rules as edited, both
    /// unsaved and pointing at their files. The recovery file is removed once everything in it
    /// is back; what cannot be restored is said, and the file kept.
    fn restore(&mut self, offer: RecoveryOffer) {
        let RecoveryOffer { file, recovery } = offer;
        let mut problems = Vec::new();
        if let Some(label) = recovery.label {
            self.form = label.form.to_form();
            self.label_disk = label.disk_version();
            self.label_path = label.path;
            self.label_dirty = true;
            self.form_row = 0;
            self.finding_selected = 0;
            self.detail_scroll = 0;
            self.screen = Screen::Label;
            self.label_pane = LabelPane::Form;
        }
        if let Some(rules) = recovery.rules {
            let origin = if rules.from_file {
                self.origin_of_saved_file(rules.save_path.clone())
            } else {
                RulesOrigin::Builtin
            };
            let parsed = RulesDocument::parse(&rules.text).and_then(|doc| {
                parse_rules_text(&origin.describe(), &rules.text, origin)
                    .map(|loaded| (doc, loaded))
                    .map_err(|d| d.0.first().map(ToString::to_string).unwrap_or_default())
            });
            match parsed {
                Ok((doc, loaded)) => {
                    self.rules = loaded;
                    self.rules_doc = Some(doc);
                    self.rules_disk = rules.disk_version();
                    self.rules_save_path = rules.save_path;
                    // Unsaved until saved, whatever is edited next.
                    self.rules_clean_text = String::new();
                    self.rules_dirty = true;
                    self.rule_selected = 0;
                    self.param_selected = 0;
                }
                Err(e) => problems.push(e),
            }
        }
        self.recheck();
        if problems.is_empty() {
            let _ = std::fs::remove_file(&file);
            self.info(strings::RESTORED);
        } else {
            self.error(strings::restored_partly(&problems.join("; "), &file));
        }
    }
}

fn display_abs(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Reads a recovery file; `None` when it cannot be read or is not one.
fn read_recovery(file: &Path) -> Option<Recovery> {
    // Far more than any label and rules file together; a larger file is not a recovery file.
    const MAX_RECOVERY_BYTES: u64 = 64 * 1024 * 1024;
    let text = crate::fsio::read_text_file_limited(file, MAX_RECOVERY_BYTES).ok()?;
    Recovery::from_toml(&text).ok()
}

fn new_paste_box() -> ratatui_textarea::TextArea<'static> {
    let mut area = ratatui_textarea::TextArea::default();
    area.set_placeholder_text(strings::PASTE_PLACEHOLDER);
    area
}
