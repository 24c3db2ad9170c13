//! Saving the rules or the label: atomic, asking first when a file would be replaced unasked.

use std::path::{Path, PathBuf};

use super::app::{App, PendingSave, Popup, SaveQuestion, SaveTarget, display_abs};
use super::label_file::update_label_text;
use super::strings;
use crate::RulesOrigin;
use crate::fsio::{DiskVersion, Expect, SaveError, SaveOptions, write_atomically_with};
use crate::label::label_to_toml;
use crate::rules::edit::save_rules_atomically;

impl App {
    /// Writes the rules or the label with `options`; a save that needs the user's agreement
    /// opens the question instead.
    pub(crate) fn save(&mut self, target: SaveTarget, options: SaveOptions) {
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
                let text = self.label_text();
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
                self.label_overwrite_agreed = true;
                self.info(strings::saved_label(&display_abs(&path)));
                self.label_path = Some(path);
            }
        }
    }

    /// The label as a label file: written into the file it was opened from, so that the
    /// file's comments and layout stay (also when saved as another file); a fresh file when
    /// there is none or it cannot be read as TOML.
    fn label_text(&self) -> String {
        // Far more than any label file; a larger one is written fresh.
        const MAX_LABEL_BYTES: u64 = 16 * 1024 * 1024;
        self.label_path
            .as_deref()
            .filter(|p| !crate::is_label_text(p))
            .and_then(|p| crate::fsio::read_text_file_limited(p, MAX_LABEL_BYTES).ok())
            .and_then(|text| update_label_text(&text, &self.reading.label).ok())
            .unwrap_or_else(|| label_to_toml(&self.reading.label))
    }

    /// A save that did not happen: asks when the user can allow it, says why otherwise.
    pub(crate) fn save_refused(&mut self, mut save: PendingSave, error: SaveError) {
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
    pub(crate) fn create_saved_rules_folder(&self, path: &Path) -> Result<(), String> {
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
    pub(crate) fn origin_of_saved_file(&self, path: PathBuf) -> RulesOrigin {
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
}
