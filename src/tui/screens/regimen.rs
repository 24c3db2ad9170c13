//! The Regimen screen: the products one person takes, how each is taken and why, their totals
//! against each limit, and the findings on the total. Also the Compare view's products.
//!
//! Its state is [`RegimenState`] in the model. Products come from the label in the form, the
//! examples, a file or pasted label text; a regimen is saved to and opened from regimen.toml
//! (the file's comments and the products it could not read stay when it is saved).

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::batch::check_label;
use crate::format::number;
use crate::fsio::{DiskVersion, Expect, SaveError, SaveOptions, write_atomically_with};
use crate::label::{MAX_SERVINGS_PER_DAY, validate_servings_per_day};
use crate::profile::Profile;
use crate::regimen::{
    self, DAYS_PER_MONTH, Period, Product, Regimen, SavedLabel, SavedProduct, Taken,
};
use crate::report::html::{Audience, ReportInput};
use crate::rules::{Quantity, Severity};
use crate::tui::app::{App, Screen, new_paste_box};
use crate::tui::input::TextInput;
use crate::tui::keys::{Action, Scope};
use crate::tui::strings::regimen as words;

/// The most products the Compare view puts side by side.
pub const MAX_COMPARED: usize = 4;

/// One product of the regimen as the app holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimenProduct {
    pub product: Product,
    /// The `[[product]]` table of the opened file it came from (see
    /// [`crate::regimen::LoadedRegimen::sources`]); `None` when added here.
    pub source: Option<usize>,
    /// How the saved file names its label (a file, or the label written inline).
    pub saved: SavedLabel,
}

/// What the regimen screen is asking for, in its own box over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// A label file (or label text file) to add.
    AddFile(TextInput),
    /// A regimen file to open.
    Open(TextInput),
    /// The file to save the regimen as.
    SaveAs(TextInput),
    /// How the selected product is taken.
    Taken(TextInput),
    /// Why the selected product is taken.
    Reason(TextInput),
    /// Label text to read and add (its text is in [`App::paste_box`]).
    Paste,
    /// An example to add: the one highlighted.
    Example(usize),
    /// Saving would replace a file: the file, and the options that allow it.
    ConfirmOverwrite(PathBuf, SaveOptions),
    /// The file to write the report to.
    Report(TextInput),
    /// Who the report at this file is for: the one highlighted.
    ReportAudience(PathBuf, Audience),
    /// Writing the report would replace a file: the file, who it is for, and the options
    /// that allow it.
    ConfirmReport(PathBuf, Audience, SaveOptions),
}

/// A prompt and, when its input was not accepted, why (the input stays as typed).
#[derive(Debug, Clone, PartialEq)]
pub struct OpenPrompt {
    pub prompt: Prompt,
    pub error: Option<String>,
}

/// A total against the limits the rules use for the person.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalGauge {
    pub quantity: Quantity,
    pub per_day: f64,
    /// On a day every product is taken (a weekly bolus whole).
    pub heaviest_day: f64,
    /// (words, value, severity), lowest first.
    pub limits: Vec<(String, f64, Severity)>,
    /// "Softgel A: 5,000 IU", one per product that brings the nutrient.
    pub contributions: Vec<String>,
}

impl TotalGauge {
    /// The most severe limit the daily total is above.
    pub fn above(&self) -> Option<Severity> {
        self.limits
            .iter()
            .filter(|(_, v, _)| self.per_day > *v)
            .map(|(_, _, s)| *s)
            .max()
    }
}

/// A finding on the total (or a duplication), owning what the view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalFinding {
    pub rule_index: usize,
    pub severity: Severity,
    pub message: String,
    /// "vitamin D 6,400 IU/day: Softgel A 5,000, …"
    pub contributions: Vec<String>,
    pub duplication: bool,
}

/// The regimen as last checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegimenResult {
    /// Who it is checked for, in words.
    pub person: String,
    /// "no findings for the rules checked among 3 products", or the counts.
    pub summary: String,
    pub totals: Vec<TotalGauge>,
    pub findings: Vec<TotalFinding>,
    /// Per product: how it is taken, and the findings of the rules that judge one product.
    pub products: Vec<(String, Vec<(Severity, String)>)>,
}

/// The Compare view's table, as `labelcheck compare` computes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareTable {
    pub names: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// The Regimen screen's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegimenState {
    pub products: Vec<RegimenProduct>,
    pub selected: usize,
    /// The regimen file opened or last saved.
    pub path: Option<PathBuf>,
    /// Its text then, which a save edits (keeping comments and unread products).
    pub(crate) original: Option<String>,
    /// Its version then, to notice changes made by others.
    pub(crate) disk: Option<DiskVersion>,
    /// The `[[product]]` tables of `original` whose products were removed here.
    pub(crate) removed: Vec<usize>,
    /// The `[person]` table of the opened file; the app's profile adds to it.
    pub person: Option<Profile>,
    /// The opened file's `name` (whose regimen it is), as the report's title.
    pub name: Option<String>,
    pub dirty: bool,
    /// Products of the opened file that could not be read, and why (file, line, column).
    pub load_errors: Vec<crate::diagnostic::Diagnostic>,
    /// Products marked for the Compare view, in the order marked.
    pub compared: Vec<usize>,
    pub prompt: Option<OpenPrompt>,
    /// How far the totals and findings pane is scrolled.
    pub scroll: u16,
    /// How far the Compare view's rows are scrolled.
    pub compare_scroll: u16,
    pub result: RegimenResult,
    pub compare: CompareTable,
}

/// The scopes of the key table on the Regimen screen.
pub fn scopes(state: &RegimenState) -> Vec<Scope> {
    match &state.prompt {
        None => vec![Scope::Regimen],
        Some(p) => vec![prompt_scope(&p.prompt)],
    }
}

/// The scopes while a prompt is open: only its own (and Ctrl-C), so typed letters are text.
pub fn prompt_scopes(state: &RegimenState) -> Option<Vec<Scope>> {
    state
        .prompt
        .as_ref()
        .map(|p| vec![Scope::Always, prompt_scope(&p.prompt)])
}

fn prompt_scope(prompt: &Prompt) -> Scope {
    match prompt {
        Prompt::Paste => Scope::PasteBox,
        Prompt::Example(_) | Prompt::ReportAudience(..) => Scope::Picker,
        Prompt::ConfirmOverwrite(..) | Prompt::ConfirmReport(..) => Scope::Confirm,
        _ => Scope::RegimenInput,
    }
}

/// The scopes of the Compare view.
pub fn compare_scopes() -> Vec<Scope> {
    vec![Scope::Compare]
}

impl App {
    /// A key on the Regimen screen (no prompt open).
    pub(crate) fn regimen_key(&mut self, action: Action) {
        let len = self.regimen.products.len();
        if let Some(i) = action.moved(self.regimen.selected, len) {
            self.regimen.selected = i;
            return;
        }
        if let Some(scroll) = action.scrolled(self.regimen.scroll) {
            self.regimen.scroll = scroll;
            return;
        }
        let selected = self.regimen.products.get(self.regimen.selected).cloned();
        match action {
            Action::AddCurrentLabel => self.add_current_label(),
            Action::AddExampleProduct => {
                if self.examples.is_empty() {
                    self.error(words::NO_EXAMPLES);
                } else {
                    self.open_prompt(Prompt::Example(0));
                }
            }
            Action::AddFileProduct => self.open_prompt(Prompt::AddFile(TextInput::default())),
            Action::AddPastedProduct => {
                self.paste_box = new_paste_box();
                self.open_prompt(Prompt::Paste);
            }
            Action::OpenRegimen => {
                let start = self
                    .regimen
                    .path
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                self.open_prompt(Prompt::Open(TextInput::new(&start)));
            }
            Action::SaveRegimenAs => {
                let start = self
                    .regimen
                    .path
                    .as_deref()
                    .map_or_else(|| "regimen.toml".to_string(), |p| p.display().to_string());
                self.open_prompt(Prompt::SaveAs(TextInput::new(&start)));
            }
            Action::WriteReport => {
                if self.regimen.products.is_empty() {
                    self.error(words::REPORT_NOTHING);
                } else {
                    let start = default_report_path(self.regimen.path.as_deref());
                    self.open_prompt(Prompt::Report(TextInput::new(&start)));
                }
            }
            Action::Save => match self.regimen.path.clone() {
                Some(path) => {
                    let expect = self.regimen.disk.map_or(Expect::Nothing, Expect::Version);
                    self.save_regimen(
                        path,
                        SaveOptions {
                            expect,
                            replace_read_only: false,
                        },
                    );
                }
                None => self.open_prompt(Prompt::SaveAs(TextInput::new("regimen.toml"))),
            },
            _ => {
                let Some(product) = selected else {
                    if matches!(
                        action,
                        Action::SetTaken
                            | Action::SetReason
                            | Action::RemoveProduct
                            | Action::MarkForCompare
                    ) {
                        self.error(words::NO_PRODUCT_SELECTED);
                    }
                    return;
                };
                self.selected_product_key(action, &product);
            }
        }
    }

    fn selected_product_key(&mut self, action: Action, product: &RegimenProduct) {
        let i = self.regimen.selected;
        let from_nested = product.source.is_some_and(|s| {
            self.regimen
                .products
                .iter()
                .filter(|p| p.source == Some(s))
                .count()
                > 1
        });
        match action {
            Action::SetTaken | Action::SetReason | Action::RemoveProduct if from_nested => {
                self.error(words::from_nested(&product.product.file));
            }
            Action::SetTaken => {
                let text = taken_input(product.product.taken);
                self.open_prompt(Prompt::Taken(TextInput::new(&text)));
            }
            Action::SetReason => {
                let text = product.product.reason.clone().unwrap_or_default();
                self.open_prompt(Prompt::Reason(TextInput::new(&text)));
            }
            Action::RemoveProduct => {
                let removed = self.regimen.products.remove(i);
                if let Some(s) = removed.source {
                    self.regimen.removed.push(s);
                }
                self.regimen.compared.retain(|c| *c != i);
                for c in &mut self.regimen.compared {
                    if *c > i {
                        *c -= 1;
                    }
                }
                self.regimen.selected = i.min(self.regimen.products.len().saturating_sub(1));
                self.regimen_changed();
                self.info(words::removed(&removed.product.label.name));
            }
            Action::MarkForCompare => {
                if let Some(at) = self.regimen.compared.iter().position(|c| *c == i) {
                    self.regimen.compared.remove(at);
                } else if self.regimen.compared.len() >= MAX_COMPARED {
                    self.error(words::COMPARE_FULL);
                    return;
                } else {
                    self.regimen.compared.push(i);
                }
                self.recompare();
            }
            _ => {}
        }
    }

    fn open_prompt(&mut self, prompt: Prompt) {
        self.regimen.prompt = Some(OpenPrompt {
            prompt,
            error: None,
        });
    }

    /// A key while a prompt of the Regimen screen is open. An input that is not accepted
    /// stays, with the reason under it.
    pub(crate) fn regimen_prompt_key(&mut self, action: Option<Action>, key: KeyEvent) {
        let Some(OpenPrompt { mut prompt, error }) = self.regimen.prompt.take() else {
            return;
        };
        let cancel = matches!(action, Some(Action::Cancel | Action::No));
        if cancel {
            let report = matches!(
                prompt,
                Prompt::Report(_) | Prompt::ReportAudience(..) | Prompt::ConfirmReport(..)
            );
            self.info(if report {
                words::REPORT_CANCELLED
            } else {
                words::CANCELLED
            });
            return;
        }
        let result: Result<(), String> = match (&mut prompt, action) {
            (Prompt::Example(i), Some(Action::Up | Action::Down)) => {
                if let Some(next) = action.and_then(|a| a.moved(*i, self.examples.len())) {
                    *i = next;
                }
                Err(String::new())
            }
            (Prompt::Example(i), Some(Action::Choose)) => self.add_example(*i),
            (Prompt::Paste, Some(Action::ReadPasted)) => self.add_pasted(),
            (Prompt::Paste, _) => {
                if matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab)
                    && self.paste_box_bytes() + 4 > crate::import::MAX_IMPORT_BYTES
                {
                    Err(words::paste_too_large())
                } else {
                    self.paste_box.input(key);
                    Err(String::new())
                }
            }
            (Prompt::ConfirmOverwrite(path, options), Some(Action::Yes)) => {
                let (path, options) = (path.clone(), *options);
                self.save_regimen(path, options);
                return;
            }
            (Prompt::ConfirmOverwrite(..), _) => Err(String::new()),
            (Prompt::Report(input), Some(Action::FinishEdit)) => {
                if input.value().trim().is_empty() {
                    Err(words::NAME_A_FILE.to_string())
                } else {
                    let path = PathBuf::from(input.value().trim());
                    self.regimen.prompt = Some(OpenPrompt {
                        prompt: Prompt::ReportAudience(path, Audience::Person),
                        error: None,
                    });
                    return;
                }
            }
            (Prompt::ReportAudience(_, audience), Some(Action::Up | Action::Down)) => {
                *audience = match audience {
                    Audience::Person => Audience::Professional,
                    Audience::Professional => Audience::Person,
                };
                Err(String::new())
            }
            (Prompt::ReportAudience(path, audience), Some(Action::Choose)) => {
                let (path, audience) = (path.clone(), *audience);
                self.write_report(
                    path,
                    audience,
                    SaveOptions {
                        expect: Expect::Nothing,
                        replace_read_only: false,
                    },
                );
                return;
            }
            (Prompt::ReportAudience(..), _) => Err(String::new()),
            (Prompt::ConfirmReport(path, audience, options), Some(Action::Yes)) => {
                let (path, audience, options) = (path.clone(), *audience, *options);
                self.write_report(path, audience, options);
                return;
            }
            (Prompt::ConfirmReport(..), _) => Err(String::new()),
            (Prompt::AddFile(input), Some(Action::FinishEdit)) => {
                let path = PathBuf::from(input.value().trim());
                self.add_file(&path)
            }
            (Prompt::Open(input), Some(Action::FinishEdit)) => {
                let path = PathBuf::from(input.value().trim());
                // Asked once about the unsaved regimen, Enter again opens the file.
                let agreed = error.as_deref() == Some(words::UNSAVED_FIRST);
                self.open_regimen(&path, agreed)
            }
            (Prompt::SaveAs(input), Some(Action::FinishEdit)) => {
                let path = PathBuf::from(input.value().trim());
                if input.value().trim().is_empty() {
                    Err(words::NAME_A_FILE.to_string())
                } else {
                    let same = self.regimen.path.as_deref() == Some(path.as_path());
                    let expect = match (self.regimen.disk, same) {
                        (Some(v), true) => Expect::Version(v),
                        _ => Expect::Nothing,
                    };
                    self.save_regimen(
                        path,
                        SaveOptions {
                            expect,
                            replace_read_only: false,
                        },
                    );
                    return;
                }
            }
            (Prompt::Taken(input), Some(Action::FinishEdit)) => match parse_taken(input.value()) {
                Ok(taken) => {
                    let i = self.regimen.selected;
                    if let Some(p) = self.regimen.products.get_mut(i) {
                        p.product.taken = taken;
                    }
                    self.regimen_changed();
                    Ok(())
                }
                Err(e) => Err(e),
            },
            (Prompt::Reason(input), Some(Action::FinishEdit)) => {
                let reason = input.value().trim().to_string();
                let i = self.regimen.selected;
                if let Some(p) = self.regimen.products.get_mut(i) {
                    p.product.reason = (!reason.is_empty()).then_some(reason);
                }
                self.regimen_changed();
                Ok(())
            }
            (
                Prompt::AddFile(input)
                | Prompt::Open(input)
                | Prompt::SaveAs(input)
                | Prompt::Taken(input)
                | Prompt::Reason(input)
                | Prompt::Report(input),
                _,
            ) => match input.handle_key(key) {
                Ok(_) => Err(String::new()),
                Err(too_long) => Err(crate::tui::strings::field_too_long(too_long, false)),
            },
            (Prompt::Example(_), _) => Err(String::new()),
        };
        match result {
            Ok(()) => {}
            // Still open: with the reason, or (an empty reason) as it was.
            Err(why) => {
                let error = if why.is_empty() { error } else { Some(why) };
                self.regimen.prompt = Some(OpenPrompt { prompt, error });
            }
        }
    }

    /// Text pasted into the terminal while a prompt is open. Returns whether it was taken.
    pub(crate) fn regimen_paste(&mut self, text: &str) -> bool {
        if self.screen != Screen::Regimen {
            return false;
        }
        let pasted_bytes = self.paste_box_bytes();
        let Some(open) = &mut self.regimen.prompt else {
            return false;
        };
        match &mut open.prompt {
            Prompt::Paste => {
                let would_be = pasted_bytes + text.len();
                if would_be > crate::import::MAX_IMPORT_BYTES {
                    open.error = Some(words::paste_too_large());
                } else {
                    self.paste_box
                        .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                }
            }
            Prompt::AddFile(input)
            | Prompt::Open(input)
            | Prompt::SaveAs(input)
            | Prompt::Taken(input)
            | Prompt::Reason(input)
            | Prompt::Report(input) => {
                if let Err(too_long) = input.insert_str(text) {
                    open.error = Some(crate::tui::strings::field_too_long(too_long, true));
                }
            }
            Prompt::Example(_)
            | Prompt::ConfirmOverwrite(..)
            | Prompt::ReportAudience(..)
            | Prompt::ConfirmReport(..) => {}
        }
        true
    }

    fn push_product(&mut self, product: Product, saved: SavedLabel) -> Result<(), String> {
        if self.regimen.products.len() >= regimen::MAX_PRODUCTS {
            return Err(words::too_many());
        }
        let name = product.label.name.clone();
        self.regimen.products.push(RegimenProduct {
            product,
            source: None,
            saved,
        });
        self.regimen.selected = self.regimen.products.len() - 1;
        self.regimen_changed();
        self.info(words::added(&name, self.regimen.products.len()));
        Ok(())
    }

    fn add_current_label(&mut self) {
        let label = self.reading.label.clone();
        if label.ingredients.is_empty() {
            return self.error(words::LABEL_EMPTY);
        }
        // The label's file is named when the form holds just what the file says.
        let saved = match (&self.label_path, self.label_dirty) {
            (Some(path), false) => SavedLabel::File(absolute(path)),
            _ => SavedLabel::Inline(Box::new(label.clone())),
        };
        let file = match &saved {
            SavedLabel::File(f) => f.clone(),
            SavedLabel::Inline(_) => words::FROM_THE_FORM.to_string(),
        };
        if let Err(e) = self.push_product(
            Product {
                file,
                label,
                taken: Taken::AsLabel,
                reason: None,
            },
            saved,
        ) {
            self.error(e);
        }
    }

    fn add_example(&mut self, index: usize) -> Result<(), String> {
        let Some(example) = self.examples.get(index).cloned() else {
            return Err(words::NO_EXAMPLES.to_string());
        };
        self.push_product(
            Product {
                file: crate::tui::strings::example_source(&example.file, &example.origin),
                label: example.label.clone(),
                taken: Taken::AsLabel,
                reason: None,
            },
            SavedLabel::Inline(Box::new(example.label)),
        )
    }

    fn add_file(&mut self, path: &Path) -> Result<(), String> {
        if path.as_os_str().is_empty() {
            return Err(words::NAME_A_FILE.to_string());
        }
        let is_regimen =
            crate::fsio::read_text_file(path).is_ok_and(|text| regimen::is_regimen_text(&text));
        if is_regimen {
            return Err(words::is_a_regimen(&crate::diagnostic::display_path(path)));
        }
        let label = crate::load_label_file(path).map_err(|d| first_error(&d.0))?;
        let file = absolute(path);
        self.push_product(
            Product {
                file: file.clone(),
                label,
                taken: Taken::AsLabel,
                reason: None,
            },
            SavedLabel::File(file),
        )
    }

    fn add_pasted(&mut self) -> Result<(), String> {
        let text = self.paste_box.lines().join("\n");
        if text.trim().is_empty() {
            return Err(crate::tui::strings::PASTE_EMPTY.to_string());
        }
        let mut imported = (self.importer)(&text);
        if imported.label.ingredients.is_empty() {
            return Err(words::PASTE_NOTHING_READ.to_string());
        }
        if imported.label.name.trim().is_empty() {
            imported.label.name = words::pasted_name(self.regimen.products.len() + 1);
        }
        let label = imported.label;
        self.push_product(
            Product {
                file: words::PASTED.to_string(),
                label: label.clone(),
                taken: Taken::AsLabel,
                reason: None,
            },
            SavedLabel::Inline(Box::new(label)),
        )
    }

    /// Opens the regimen file the app was started with; why it could not be opened goes to
    /// the status line.
    pub(crate) fn open_regimen_at_start(&mut self, path: &Path) {
        self.screen = Screen::Regimen;
        if let Err(why) = self.open_regimen(path, true) {
            self.error(why);
        }
    }

    /// Opens a regimen file in place of the regimen shown. Products it could not read are
    /// listed with their place; the file keeps them when saved.
    fn open_regimen(&mut self, path: &Path, agreed: bool) -> Result<(), String> {
        if path.as_os_str().is_empty() {
            return Err(words::NAME_A_FILE.to_string());
        }
        if self.regimen.dirty && !agreed {
            // Opening replaces the regimen shown: the user is told first.
            return Err(words::UNSAVED_FIRST.to_string());
        }
        let text = crate::fsio::read_text_file(path).map_err(|d| d.to_string())?;
        let loaded = regimen::load_regimen_file(path).map_err(|d| first_error(&d.0))?;
        // Where each product's label was read from, as shown (relative to the working folder,
        // or "regimen.toml (product 4)" for a label written inline).
        let files: Vec<String> = loaded
            .regimen
            .products
            .iter()
            .map(|p| p.file.clone())
            .collect();
        let products = loaded
            .regimen
            .products
            .into_iter()
            .zip(
                loaded
                    .sources
                    .iter()
                    .copied()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .zip(files)
            .map(|((product, source), file)| {
                // Saved back into this file, a table keeps its `label` as written; saved as
                // another file, a label file is named by its full path (relative to the new
                // file where it can be) and an inline label is written inline again.
                let path = Path::new(&file);
                let saved = if path.is_file() {
                    SavedLabel::File(absolute(path))
                } else {
                    SavedLabel::Inline(Box::new(product.label.clone()))
                };
                RegimenProduct {
                    product,
                    source,
                    saved,
                }
            })
            .collect();
        self.regimen = RegimenState {
            products,
            path: Some(path.to_path_buf()),
            disk: Some(DiskVersion::of(text.as_bytes())),
            original: Some(text),
            person: loaded.regimen.person,
            name: loaded.regimen.name,
            load_errors: loaded.errors,
            ..RegimenState::default()
        };
        self.regimen_changed();
        self.regimen.dirty = false;
        let n = self.regimen.products.len();
        let left_out = self.regimen.load_errors.len();
        self.info(words::opened(
            &crate::diagnostic::display_path(path),
            n,
            left_out,
        ));
        Ok(())
    }

    /// Writes the regimen to `path`, atomically; asks first when that would replace a file
    /// unasked or one changed on disk.
    pub(crate) fn save_regimen(&mut self, path: PathBuf, options: SaveOptions) {
        let same_file = self.regimen.path.as_deref() == Some(path.as_path());
        let folder = path
            .parent()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
        let products: Vec<SavedProduct> = self
            .regimen
            .products
            .iter()
            .map(|p| SavedProduct {
                source: if same_file { p.source } else { None },
                label: match &p.saved {
                    // Added here: named relative to the regimen file where it can be.
                    SavedLabel::File(f) if p.source.is_none() || !same_file => {
                        SavedLabel::File(relative_to(f, folder.as_deref()))
                    }
                    other => other.clone(),
                },
                taken: p.product.taken,
                reason: p.product.reason.clone(),
            })
            .collect();
        // Saved as another file, the opened file's name, `[person]` and comments outside the
        // products are kept, and its products are written anew: their labels named by path
        // (relative to the new file where they can be) or inline.
        let original = self.regimen.original.as_deref();
        let removed = if same_file {
            self.regimen.removed.clone()
        } else {
            (0..original.map_or(0, regimen::product_table_count)).collect()
        };
        let text = match regimen::regimen_toml(original, &products, &removed) {
            Ok(text) => text,
            Err(e) => return self.error(words::cannot_edit(&e)),
        };
        match write_atomically_with(&path, text.as_bytes(), options, || Ok(())) {
            Ok(()) => {
                self.regimen.prompt = None;
                self.regimen.path = Some(path.clone());
                self.regimen.disk = Some(DiskVersion::of(text.as_bytes()));
                self.regimen.original = Some(text);
                self.regimen.removed.clear();
                self.regimen.dirty = false;
                // The products now are the file's own tables, in order: new ones after the
                // tables kept, one table each.
                self.reindex_sources();
                self.info(words::saved(&crate::tui::app::display_abs(&path)));
            }
            Err(
                e @ (SaveError::Exists { .. }
                | SaveError::Changed { .. }
                | SaveError::ReadOnly { .. }),
            ) => {
                let read_only = matches!(e, SaveError::ReadOnly { .. });
                let options = SaveOptions {
                    expect: Expect::Anything,
                    replace_read_only: read_only || options.replace_read_only,
                };
                self.regimen.prompt = Some(OpenPrompt {
                    prompt: Prompt::ConfirmOverwrite(path, options),
                    error: Some(e.to_string()),
                });
            }
            Err(e) => {
                self.error(crate::tui::strings::save_failed(&e.to_string()));
            }
        }
    }

    /// Writes the report `labelcheck report` writes for the regimen shown (checked as the
    /// screen shows it: the current rules and the app's profile), atomically; asks first when
    /// that would replace a file. The status line says where it went.
    pub(crate) fn write_report(&mut self, path: PathBuf, audience: Audience, options: SaveOptions) {
        let regimen = self.regimen_as_checked();
        let profile = regimen::profile_for(&regimen, &self.person.profile);
        let checked = regimen::check(&self.rules.rules, regimen, &profile);
        let date = (self.today)();
        let input = ReportInput {
            checked: &checked,
            rules: &self.rules.rules,
            origin: &self.rules.origin,
            errors: &self.regimen.load_errors,
            date: &date,
            audience,
        };
        let page = match crate::report::html::html(&input) {
            Ok(page) => page,
            Err(e) => return self.error(words::report_not_rendered(&e.to_string())),
        };
        match write_atomically_with(&path, page.as_bytes(), options, || Ok(())) {
            Ok(()) => {
                self.regimen.prompt = None;
                self.info(words::report_written(
                    &crate::tui::app::display_abs(&path),
                    audience,
                    &crate::report::regimen::summary_line(&checked),
                ));
            }
            Err(
                e @ (SaveError::Exists { .. }
                | SaveError::Changed { .. }
                | SaveError::ReadOnly { .. }),
            ) => {
                let options = SaveOptions {
                    expect: Expect::Anything,
                    replace_read_only: matches!(e, SaveError::ReadOnly { .. })
                        || options.replace_read_only,
                };
                self.regimen.prompt = Some(OpenPrompt {
                    prompt: Prompt::ConfirmReport(path, audience, options),
                    error: Some(e.to_string()),
                });
            }
            Err(e) => {
                // The prompt stays with the reason: another file name can be typed.
                self.regimen.prompt = Some(OpenPrompt {
                    prompt: Prompt::Report(TextInput::new(&path.display().to_string())),
                    error: Some(words::report_not_written(&e.to_string())),
                });
            }
        }
    }

    /// The regimen as the screen holds it, as [`regimen::check`] takes it.
    fn regimen_as_checked(&self) -> Regimen {
        Regimen {
            name: self.regimen.name.clone(),
            person: self.regimen.person.clone(),
            products: self
                .regimen
                .products
                .iter()
                .map(|p| p.product.clone())
                .collect(),
        }
    }

    /// After a save, which `[[product]]` table of the written file each product is. The file
    /// is read back, as the next save will edit it.
    fn reindex_sources(&mut self) {
        let Some(path) = self.regimen.path.clone() else {
            return;
        };
        if let Ok(loaded) = regimen::load_regimen_file(&path)
            && loaded.regimen.products.len() == self.regimen.products.len()
        {
            for (p, s) in self.regimen.products.iter_mut().zip(loaded.sources) {
                p.source = Some(s);
            }
        } else {
            // Not the same products read back (a label file changed meanwhile): the next save
            // writes the products afresh rather than editing tables it cannot match.
            self.regimen.original = None;
            for p in &mut self.regimen.products {
                p.source = None;
            }
        }
    }

    /// The regimen changed: it is unsaved, and checked again.
    pub(crate) fn regimen_changed(&mut self) {
        self.regimen.dirty = true;
        self.recheck_regimen();
    }

    /// Checks the regimen again with the current rules and the app's profile (which adds to
    /// the opened file's `[person]`), and recomputes the Compare view.
    pub fn recheck_regimen(&mut self) {
        let regimen = self.regimen_as_checked();
        let profile = regimen::profile_for(&regimen, &self.person.profile);
        let rules = &self.rules.rules;
        let checked = regimen::check(rules, regimen, &profile);
        let index = |rule: &crate::rules::Rule| {
            rules
                .rules
                .iter()
                .position(|r| std::ptr::eq(r, rule))
                .unwrap_or(0)
        };
        let name_of = |i: usize| checked.regimen.products[i].label.name.clone();
        let totals = checked
            .totals
            .iter()
            .map(|t| TotalGauge {
                quantity: t.quantity,
                per_day: t.per_day,
                heaviest_day: t.heaviest_day,
                limits: crate::report::html::limits_for(t, rules, &checked.profile),
                contributions: t
                    .contributions
                    .iter()
                    .map(|c| {
                        format!(
                            "{}: {}",
                            name_of(c.product),
                            c.describe_with_unit(t.quantity.unit())
                        )
                    })
                    .collect(),
            })
            .collect();
        let findings = checked
            .findings
            .iter()
            .map(|f| (f, false))
            .chain(checked.duplications.iter().map(|f| (f, true)))
            .map(|(f, duplication)| TotalFinding {
                rule_index: index(f.finding.rule),
                severity: f.finding.severity(),
                message: f.finding.message.clone(),
                contributions: f.contribution_lines(&checked.regimen),
                duplication,
            })
            .collect();
        let products = checked
            .regimen
            .products
            .iter()
            .zip(&checked.products)
            .map(|(p, c)| {
                (
                    crate::report::regimen::taken_text(p, c),
                    c.findings
                        .iter()
                        .map(|f| (f.severity(), f.rule.id.clone()))
                        .collect(),
                )
            })
            .collect();
        self.regimen.result = RegimenResult {
            person: crate::report::regimen::describe_profile(&checked.profile),
            summary: crate::report::regimen::summary_line(&checked),
            totals,
            findings,
            products,
        };
        self.recompare();
    }

    /// The Compare view's products: those marked, or (fewer than two marked) the first
    /// [`MAX_COMPARED`] of the regimen; checked as `labelcheck compare` checks them, each as
    /// its label says.
    pub(crate) fn recompare(&mut self) {
        let chosen: Vec<usize> = if self.regimen.compared.len() >= 2 {
            let mut marked = self.regimen.compared.clone();
            marked.sort_unstable();
            marked
        } else {
            (0..self.regimen.products.len().min(MAX_COMPARED)).collect()
        };
        let profile = regimen::profile_for(
            &Regimen {
                person: self.regimen.person.clone(),
                ..Regimen::default()
            },
            &self.person.profile,
        );
        let rules = &self.rules.rules;
        let results: Vec<_> = chosen
            .iter()
            .filter_map(|i| self.regimen.products.get(*i))
            .map(|p| {
                check_label(
                    rules,
                    &profile,
                    p.product.file.clone(),
                    p.product.label.clone(),
                )
            })
            .collect();
        self.regimen.compare = CompareTable {
            names: results.iter().map(|r| r.label.name.clone()).collect(),
            rows: crate::report::regimen::compare_table(&results, rules),
        };
    }
}

/// The first problem of a file, in full (file, line, column).
fn first_error(diagnostics: &[crate::diagnostic::Diagnostic]) -> String {
    match diagnostics {
        [] => String::new(),
        [one] => one.to_string(),
        [first, rest @ ..] => words::and_more(&first.to_string(), rest.len()),
    }
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// `file` named from `folder` when it is inside it, else as it is.
fn relative_to(file: &str, folder: Option<&Path>) -> String {
    folder
        .and_then(|f| Path::new(file).strip_prefix(f).ok())
        .map_or_else(|| file.to_string(), |p| p.display().to_string())
}

/// Where the report goes unless the user says otherwise: `report.html` beside the regimen
/// file, or in the current folder.
pub fn default_report_path(regimen_file: Option<&Path>) -> String {
    const NAME: &str = "report.html";
    match regimen_file.and_then(Path::parent) {
        Some(folder) if !folder.as_os_str().is_empty() => folder.join(NAME).display().to_string(),
        _ => NAME.to_string(),
    }
}

/// How a product is taken, as the prompt shows it for editing.
pub fn taken_input(taken: Taken) -> String {
    match taken {
        Taken::AsLabel => "label".to_string(),
        Taken::Daily(n) => number(n),
        Taken::Every {
            period: Period::Weekly,
            servings,
            ..
        } => with_servings(servings, "weekly"),
        Taken::Every {
            period: Period::Monthly,
            servings,
            ..
        } => with_servings(servings, "monthly"),
        Taken::Every { days, servings, .. } => {
            with_servings(servings, &format!("every {} days", number(days)))
        }
    }
}

fn with_servings(servings: f64, when: &str) -> String {
    if servings == 1.0 {
        when.to_string()
    } else {
        format!("{} {when}", number(servings))
    }
}

/// Reads how a product is taken: `label` (or nothing) as the label says; `2` (or `2 a day`)
/// servings a day; `weekly`, `monthly`, `every 10 days`, each optionally after a number of
/// servings taken at once (`2 weekly`).
pub fn parse_taken(text: &str) -> Result<Taken, String> {
    let text = text.trim().to_lowercase();
    let words_: Vec<&str> = text.split_whitespace().collect();
    let (servings, rest): (Option<f64>, &[&str]) = match words_.split_first() {
        Some((first, rest)) => match first.parse::<f64>() {
            Ok(n) if n.is_finite() => (Some(n), rest),
            _ => (None, &words_[..]),
        },
        None => (None, &[]),
    };
    let at_once = |s: Option<f64>| -> Result<f64, String> {
        match s {
            None => Ok(1.0),
            Some(n) if n > 0.0 && n <= MAX_SERVINGS_PER_DAY => Ok(n),
            Some(n) => Err(words::bad_servings(n, MAX_SERVINGS_PER_DAY)),
        }
    };
    match rest {
        [] | ["label"] | ["as", "label"] if servings.is_none() => Ok(Taken::AsLabel),
        [] | ["a", "day"] | ["daily"] | ["/day"] | ["per", "day"] => {
            let n = servings.unwrap_or(1.0);
            validate_servings_per_day(n)
                .map(Taken::Daily)
                .map_err(|e| e.to_string())
        }
        ["weekly"] | ["once", "a", "week"] | ["a", "week"] => Ok(Taken::Every {
            days: 7.0,
            servings: at_once(servings)?,
            period: Period::Weekly,
        }),
        ["monthly"] | ["once", "a", "month"] | ["a", "month"] => Ok(Taken::Every {
            days: DAYS_PER_MONTH,
            servings: at_once(servings)?,
            period: Period::Monthly,
        }),
        ["every", n, "days" | "day"] => {
            let days: f64 = n.parse().map_err(|_| words::bad_taken(&text))?;
            if !(days > 0.0 && days <= regimen::MAX_EVERY_DAYS) {
                return Err(words::bad_interval(days, regimen::MAX_EVERY_DAYS));
            }
            Ok(Taken::Every {
                days,
                servings: at_once(servings)?,
                period: if days == 7.0 {
                    Period::Weekly
                } else {
                    Period::Days
                },
            })
        }
        _ => Err(words::bad_taken(&text)),
    }
}
