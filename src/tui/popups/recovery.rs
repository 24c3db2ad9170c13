//! Work an earlier session kept when it ended unsaved: offered at start, restored or discarded.

use std::path::PathBuf;

use crate::fsio::{Expect, SaveError, SaveOptions, write_atomically_with};
use crate::rules::edit::RulesDocument;
use crate::tui::app::{App, LabelPane, Popup, RecoveryOffer, Screen, read_recovery};
use crate::tui::keys::Action;
use crate::tui::recovery::{
    self, FormRecord, RecoveredLabel, RecoveredPerson, RecoveredRegimen, RecoveredRules, Recovery,
};
use crate::tui::strings;
use crate::{RulesOrigin, parse_rules_text};

impl App {
    pub(crate) fn recovery_key(&mut self, offer: RecoveryOffer, action: Option<Action>) {
        match action {
            Some(Action::Restore) => self.restore(offer),
            Some(Action::Discard) => match std::fs::remove_file(&offer.file) {
                Ok(()) => self.info(strings::RECOVERY_DISCARDED),
                Err(e) => self.error(strings::recovery_not_removed(
                    &offer.file,
                    &crate::diagnostic::io_reason(&e),
                )),
            },
            Some(Action::Later) => self.info(strings::recovery_kept_for_later(&offer.file)),
            _ => self.popup = Some(Popup::OfferRecovery(Box::new(offer))),
        }
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
        if !self.has_unsaved() && !self.person.has_changes() {
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
            person: self.person.has_changes().then(|| RecoveredPerson {
                name: self.person.profile.name.clone(),
                changed: self.person.edited,
                regions: self
                    .person
                    .regions
                    .iter()
                    .map(|r| r.as_str().to_string())
                    .collect(),
                profile: self.person.profile.clone(),
            }),
            regimen: self
                .regimen
                .dirty
                .then(|| RecoveredRegimen::of(&self.regimen)),
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
    pub(crate) fn restore(&mut self, offer: RecoveryOffer) {
        let RecoveryOffer { file, recovery } = offer;
        // The label form is shown when one was restored; else the regimen, when one was.
        let restored_label = recovery.label.is_some();
        let mut problems = Vec::new();
        let mut earlier_person = None;
        if let Some(label) = recovery.label {
            // An earlier version kept the person's age and anticoagulant with the form: they
            // go to this session's profile (unsaved), not to the label.
            earlier_person = label.form.earlier_person();
            if let Some((age, anticoagulant)) = earlier_person {
                self.person.profile.age_years = age;
                self.person.profile.anticoagulant = anticoagulant;
                self.person.edited = true;
            }
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
        if let Some(person) = recovery.person {
            self.person.profile = person.profile;
            self.person.profile.name = person.name;
            self.person.regions = person
                .regions
                .iter()
                .filter_map(|r| r.parse().ok())
                .collect();
            self.person.edited = person.changed;
            self.person.regions_changed = true;
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
        if let Some(regimen) = recovery.regimen {
            match regimen.to_state() {
                Ok(state) => {
                    self.regimen = state;
                    if !restored_label {
                        self.screen = Screen::Regimen;
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        self.recheck();
        if problems.is_empty() {
            let _ = std::fs::remove_file(&file);
            match earlier_person {
                Some(_) => self.info(strings::RESTORED_WITH_PERSON),
                None => self.info(strings::RESTORED),
            }
        } else {
            self.error(strings::restored_partly(&problems.join("; "), &file));
        }
    }
}
