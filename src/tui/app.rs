//! The application model and its update function. No terminal here: keys go in, state changes,
//! and the view renders the state. Tests drive it with key events.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::{Column, FieldId, FieldRef, FormReading, LabelForm};
use super::input::TextInput;
use super::keys::{self, Action, Scope};
use super::recovery::Recovery;
use super::strings;
use super::{popups, screens};
use crate::examples::Example;
use crate::fsio::{DiskVersion, SaveOptions};
use crate::import::{Imported, MAX_IMPORT_BYTES};
use crate::label::{Intake, Label};
use crate::profile::Profile;
use crate::rules::Region;
use crate::rules::edit::{ParamPath, RulesDocument};
use crate::rules::{Severity, Threshold};
use crate::{LoadedRules, parse_label_text};

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
    /// The person to start with (`--profile NAME`, `--age`…), edited in the person popup.
    pub profile: Profile,
    /// The markets whose label rules are checked besides the health rules (`--region`).
    pub regions: Vec<Region>,
    /// The saved profiles file (`profiles.toml` in the config folder); `None` when the system
    /// names no config folder.
    pub profiles_path: Option<PathBuf>,
    /// Extra examples from `--examples DIR` (already loaded), after the built-in ones.
    pub extra_examples: Vec<Example>,
    /// A message to show at start (e.g. why a label file could not be opened).
    pub startup_message: Option<String>,
    /// The screen the app opens on: the example browser when the path given is a folder.
    pub start_screen: Screen,
    /// A regimen file to open on the Regimen screen (the path given is a regimen.toml).
    pub regimen: Option<PathBuf>,
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
            regions: Vec::new(),
            profiles_path: None,
            extra_examples: Vec::new(),
            startup_message: None,
            start_screen: Screen::Label,
            regimen: None,
            panic_key: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Label,
    Examples,
    Rules,
    Regimen,
    Compare,
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
    Claim(usize),
    AddClaim,
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
    DvPopulation,
    IngredientName(usize),
    IngredientForm(usize),
    Unit(usize),
    Severity(usize),
    /// A profile from profiles.toml, for the person popup.
    SavedProfile,
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
    /// Ctrl-S on a label opened from a file: write over it, or save as another file?
    ConfirmOverwrite(PathBuf),
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
    /// The person profile and the regions; the person being edited is [`App::person`].
    Person(super::popups::person::PersonPopup),
    /// "Save profile as…": the name of the profile in profiles.toml.
    SaveProfileAs(TextInput),
    /// A saved profile of this name exists: replace it?
    ConfirmProfileOverwrite(String),
    /// The profile in use has unsaved changes: use the saved profile of this name instead?
    ConfirmSwitchProfile(String),
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
pub(crate) struct ImportJob {
    pub(crate) result: mpsc::Receiver<Imported>,
    pub(crate) worker: JoinHandle<()>,
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
    /// Who the labels are checked for, and the regions: not part of the label.
    pub person: super::person::PersonState,
    pub reading: FormReading,
    pub intake: Intake,
    pub findings: Vec<ShownFinding>,
    pub form_row: usize,
    pub form_column: Column,
    pub label_path: Option<PathBuf>,
    pub label_dirty: bool,
    /// A row just added by `a` (its index) and whether the label was unsaved before, until
    /// its name is picked: Esc on that picker removes the row.
    pub(crate) adding_row: Option<(usize, bool)>,
    /// A claim just added (its index) and whether the label was unsaved before, until its
    /// text is kept: Esc on its edit removes it.
    pub(crate) adding_claim: Option<(usize, bool)>,
    /// The label file as it was loaded or last saved, to notice changes made by others.
    pub(crate) label_disk: Option<DiskVersion>,
    /// Whether Ctrl-S may write over the label's file without asking: once the user agreed,
    /// or the file was written here.
    pub(crate) label_overwrite_agreed: bool,

    pub finding_selected: usize,
    pub detail_scroll: u16,

    pub examples: Vec<Example>,
    pub example_selected: usize,

    pub rules: LoadedRules,
    pub(crate) rules_doc: Option<RulesDocument>,
    /// Whether the rules differ from those loaded or last saved (an edit that is undone, or a
    /// value set back, leaves nothing to save).
    pub rules_dirty: bool,
    /// The rules text as loaded or last saved, which `rules_dirty` compares against.
    pub(crate) rules_clean_text: String,
    pub rules_save_path: PathBuf,
    /// The user's saved rules file (see [`Options::saved_rules_path`]).
    pub saved_rules_path: Option<PathBuf>,
    /// The rules file as it was loaded or last saved, to notice changes made by others; `None`
    /// for the built-in rules, which are never saved over an existing file unasked.
    pub(crate) rules_disk: Option<DiskVersion>,
    pub rule_selected: usize,
    pub param_selected: usize,

    pub editing: Option<Editing>,
    pub popup: Option<Popup>,
    /// The multi-line box label text is pasted into.
    pub paste_box: ratatui_textarea::TextArea<'static>,
    /// An import waiting for the user to confirm replacing the form.
    pub(crate) pending_import: Option<Imported>,
    /// The import running on a worker thread.
    pub(crate) import_job: Option<ImportJob>,
    /// An import the user cancelled that is still running: a new one waits until it ends, so
    /// that cancelled imports never pile up.
    pub(crate) cancelled_import: Option<JoinHandle<()>>,
    /// Reads label text (a field so that tests can make it slow).
    pub importer: fn(&str) -> Imported,
    /// Today's date ("2026-11-29") for the report the Regimen screen writes; tests fix it.
    pub today: fn() -> String,
    /// Wakes the event loop when a worker finishes; without one (tests), `wait_for_import`
    /// takes the result.
    pub(crate) waker: Option<Waker>,
    /// Where unsaved work is kept when the app ends without the user quitting.
    pub(crate) recovery_folder: Option<PathBuf>,
    /// Lines of the last import's report.
    pub import_report: Vec<String>,
    pub status: Option<Status>,
    /// The Regimen screen's products, their check and its prompts.
    pub regimen: screens::regimen::RegimenState,
    pub should_quit: bool,
    pub(crate) panic_key: Option<char>,

    /// Whether links in the detail pane are drawn as terminal hyperlinks (OSC 8); set by
    /// [`super::run`] from the terminal, off in tests so snapshots hold plain text.
    pub hyperlinks: bool,
    /// Text `y` copied, waiting to be sent to the terminal's clipboard (OSC 52).
    pub(crate) clipboard: Option<String>,
    /// Where the last draw put tabs, rows and panes, for the mouse.
    pub(crate) hits: std::cell::RefCell<super::mouse::HitMap>,
    /// The `/` filters of the example browser and the rules list, and the browser's order.
    pub example_filter: super::filter::ListFilter,
    pub rule_filter: super::filter::ListFilter,
    pub example_order: super::filter::ExampleOrder,
    pub(crate) worst_cache: std::cell::RefCell<screens::examples::WorstCache>,
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
        // A folder opened as the path starts the browser on its first label.
        let first_extra = examples.len();
        let opened_folder =
            options.start_screen == Screen::Examples && !options.extra_examples.is_empty();
        examples.extend(options.extra_examples);
        let (form, label_path) = match options.label {
            Some((path, label)) => (LabelForm::from_label(&label), Some(path)),
            None => (LabelForm::from_label(&Label::default()), None),
        };
        let person = super::person::PersonState::new(
            options.profile,
            options.regions,
            options.profiles_path,
        );
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
            screen: options.start_screen,
            label_pane: LabelPane::Form,
            rules_pane: RulesPane::List,
            form,
            person,
            reading,
            intake,
            findings: Vec::new(),
            form_row: 0,
            form_column: Column::Name,
            label_path,
            label_dirty: false,
            adding_row: None,
            adding_claim: None,
            label_disk,
            label_overwrite_agreed: false,
            finding_selected: 0,
            detail_scroll: 0,
            examples,
            example_selected: if opened_folder { first_extra } else { 0 },
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
            today: || time::OffsetDateTime::now_utc().date().to_string(),
            waker: None,
            recovery_folder: None,
            import_report: Vec::new(),
            status: options.startup_message.map(|text| Status {
                kind: StatusKind::Error,
                text,
            }),
            regimen: Default::default(),
            should_quit: false,
            panic_key: options.panic_key,
            hyperlinks: false,
            clipboard: None,
            hits: Default::default(),
            example_filter: Default::default(),
            rule_filter: Default::default(),
            example_order: Default::default(),
            worst_cache: Default::default(),
        };
        app.recheck();
        if let Some(path) = options.regimen {
            app.open_regimen_at_start(&path);
        }
        app
    }

    /// Re-reads the form and re-checks it against the current rules.
    pub fn recheck(&mut self) {
        self.reading = self.form.read_with(Some(self.caution_iu()));
        self.intake = Intake::from_label(&self.reading.label);
        // The regions are the person popup's; rules reloaded (restored, reset) get them too.
        self.rules.rules.regions = self.person.regions.clone();
        let rules = &self.rules.rules;
        self.findings = rules
            .check(&self.reading.label, &self.intake, &self.person.profile)
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
        // The profile or the rules may have changed: the regimen is checked with them.
        if !self.regimen.products.is_empty() {
            self.recheck_regimen();
        }
    }

    /// The vitamin D caution level (IU a day) of the rules in use: a serving of more than
    /// ten times it is asked about. The built-in figure when the rules have no such rule.
    pub fn caution_iu(&self) -> f64 {
        const BUILTIN_CAUTION_IU: f64 = 10_000.0;
        self.rules
            .rules
            .rule("d-above-caution")
            .and_then(|r| r.numeric_params().first().map(|p| p.value))
            .filter(|v| *v > 0.0)
            .unwrap_or(BUILTIN_CAUTION_IU)
    }

    pub fn form_rows(&self) -> Vec<FormRow> {
        let mut rows: Vec<FormRow> = FieldId::ALL.iter().map(|f| FormRow::Field(*f)).collect();
        rows.extend((0..self.form.ingredients.len()).map(FormRow::Ingredient));
        rows.push(FormRow::AddIngredient);
        rows.extend((0..self.form.claims.len()).map(FormRow::Claim));
        rows.push(FormRow::AddClaim);
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
        self.label_dirty || self.rules_dirty || self.regimen.dirty
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }

    /// Where the focus is, as the scopes of the key table that apply, in the order they are
    /// tried (and their hints shown).
    pub fn scopes(&self) -> Vec<Scope> {
        if let Some(popup) = &self.popup {
            return vec![Scope::Always, popups::scope(popup)];
        }
        if self.editing.is_some() {
            return vec![Scope::Always, Scope::Editing];
        }
        if self.screen == Screen::Regimen
            && let Some(scopes) = screens::regimen::prompt_scopes(&self.regimen)
        {
            return scopes;
        }
        if self.typing_filter() {
            return vec![Scope::Always, Scope::Filtering];
        }
        let mut scopes = vec![Scope::Always, Scope::Global];
        scopes.extend(match self.screen {
            Screen::Label => screens::label::scopes(self.label_pane),
            Screen::Examples => screens::examples::scopes(),
            Screen::Rules => screens::rules::scopes(self.rules_pane),
            Screen::Regimen => screens::regimen::scopes(&self.regimen),
            Screen::Compare => screens::regimen::compare_scopes(),
        });
        scopes.push(Scope::Navigation);
        scopes
    }

    /// Handles one key press: the key table says which action it is where the focus is, and
    /// the screen, popup or field with the focus does it.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.panic_key.is_some_and(|c| key.code == KeyCode::Char(c)) {
            panic!("labelcheck: test panic requested with LABELCHECK_TEST_PANIC_KEY");
        }
        let action = keys::action(&self.scopes(), &key);
        if action == Some(Action::Quit) {
            self.editing = None;
            self.popup = None;
            self.cancel_import();
            self.request_quit();
            return;
        }
        if let Some(popup) = self.popup.take() {
            self.popup_key(popup, action, key);
            return;
        }
        if self.editing.is_some() {
            self.edit_key(action, key);
            return;
        }
        if self.typing_filter() {
            self.filter_key(action, key);
            return;
        }
        self.status = None;
        if self.screen == Screen::Regimen && self.regimen.prompt.is_some() {
            return self.regimen_prompt_key(action, key);
        }
        let Some(action) = action else {
            return;
        };
        match action {
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::ShowLabel => self.screen = Screen::Label,
            Action::ShowExamples => self.screen = Screen::Examples,
            Action::ShowRules => self.screen = Screen::Rules,
            Action::ShowRegimen => self.screen = Screen::Regimen,
            Action::ShowCompare => self.screen = Screen::Compare,
            Action::ShowPerson => self.open_person(),
            Action::NextPane => self.cycle_pane(true),
            Action::PreviousPane => self.cycle_pane(false),
            _ => match self.screen {
                Screen::Label => self.label_key(action),
                Screen::Examples => self.examples_key(action),
                Screen::Rules => self.rules_key(action),
                Screen::Regimen => self.regimen_key(action),
                Screen::Compare => {
                    if let Some(scroll) = action.scrolled(self.regimen.compare_scroll) {
                        self.regimen.compare_scroll = scroll;
                    }
                }
            },
        }
    }

    /// Text pasted into the terminal (bracketed paste): typed into the field being edited.
    pub fn handle_paste(&mut self, text: &str) {
        if self.popup.is_none() && self.regimen_paste(text) {
            return;
        }
        if self.popup == Some(Popup::Paste) {
            let would_be = self.paste_box_bytes() + text.len();
            if would_be > MAX_IMPORT_BYTES {
                return self.error(strings::paste_too_large(would_be, MAX_IMPORT_BYTES));
            }
            // Terminals send pasted line ends as \r.
            self.paste_box
                .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        } else if matches!(&self.popup, Some(Popup::Person(p)) if p.age.is_some()) {
            self.person_paste(text);
        } else if let Some(
            Popup::SaveLabelAs(input) | Popup::SaveRulesAs(input) | Popup::SaveProfileAs(input),
        ) = &mut self.popup
        {
            if let Err(too_long) = input.insert_str(text) {
                self.error(strings::field_too_long(too_long, true));
            }
        } else if let Some(editing) = &mut self.editing {
            match editing.input.insert_str(text) {
                Ok(_) => self.apply_editing(),
                Err(too_long) => self.error(strings::field_too_long(too_long, true)),
            }
        } else if self.typing_filter() {
            match self.filter_mut().input.insert_str(text) {
                Ok(_) => self.filter_changed(),
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
            (Screen::Regimen, None, None),
            (Screen::Compare, None, None),
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

    /// The OSC 52 sequence that puts the text `y` copied on the clipboard, once: the event
    /// loop writes it to the terminal.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard
            .take()
            .map(|text| super::clipboard::osc52(&text))
    }

    pub(crate) fn request_quit(&mut self) {
        if self.has_unsaved() {
            self.popup = Some(Popup::ConfirmQuit);
        } else {
            self.should_quit = true;
        }
    }
}

pub(crate) fn display_abs(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Reads a recovery file; `None` when it cannot be read or is not one.
pub(crate) fn read_recovery(file: &Path) -> Option<Recovery> {
    // Far more than any label and rules file together; a larger file is not a recovery file.
    const MAX_RECOVERY_BYTES: u64 = 64 * 1024 * 1024;
    let text = crate::fsio::read_text_file_limited(file, MAX_RECOVERY_BYTES).ok()?;
    Recovery::from_toml(&text).ok()
}

pub(crate) fn new_paste_box() -> ratatui_textarea::TextArea<'static> {
    let mut area = ratatui_textarea::TextArea::default();
    area.set_placeholder_text(strings::PASTE_PLACEHOLDER);
    area
}
