//! The person the labels are checked for, and the markets whose label rules apply: a profile
//! of the session, not part of any label. It starts from the command line (`--profile NAME`,
//! `--age`…, `--region`), can be chosen from the saved profiles (`profiles.toml` in the config
//! folder), edited, saved, or used unsaved for the session.

use std::path::PathBuf;

use crate::profile::{Anticoagulant, Condition, Medicine, Pregnancy, Profile};
use crate::rules::Region;

/// The session's person and regions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonState {
    /// Who the labels are checked for; `profile.name` is the saved profile it was loaded from
    /// or last saved as.
    pub profile: Profile,
    /// The markets whose label rules are checked besides the health rules.
    pub regions: Vec<Region>,
    /// Changed since it was loaded or saved (the header and the popup say "unsaved").
    pub edited: bool,
    /// The regions were changed in the popup (kept with unsaved work if the app ends
    /// unexpectedly; they are never saved in a profile).
    pub regions_changed: bool,
    /// The selected row of the person popup.
    pub row: usize,
    /// The saved profiles file (`profiles.toml` in the config folder); `None` when the system
    /// names no config folder.
    pub profiles_path: Option<PathBuf>,
}

/// A row of the person popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonRow {
    /// Which saved profile: Enter lists those in profiles.toml.
    Saved,
    Age,
    Anticoagulant,
    Pregnancy,
    Condition(Condition),
    Medicine(Medicine),
    Region(Region),
}

impl PersonRow {
    /// Every row, in the order the popup lists them.
    pub fn all() -> Vec<PersonRow> {
        let mut rows = vec![
            PersonRow::Saved,
            PersonRow::Age,
            PersonRow::Anticoagulant,
            PersonRow::Pregnancy,
        ];
        rows.extend(Condition::ALL.iter().copied().map(PersonRow::Condition));
        rows.extend(Medicine::ALL.iter().copied().map(PersonRow::Medicine));
        rows.extend(Region::ALL.iter().copied().map(PersonRow::Region));
        rows
    }
}

/// The next value of a list of choices, one step forward or back, round.
fn rotate<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let n = all.len();
    let i = all.iter().position(|v| *v == current).unwrap_or(0);
    all[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }]
}

impl PersonState {
    pub fn new(profile: Profile, regions: Vec<Region>, profiles_path: Option<PathBuf>) -> Self {
        let mut regions = regions;
        regions.sort_unstable();
        regions.dedup();
        PersonState {
            profile,
            regions,
            edited: false,
            regions_changed: false,
            row: 0,
            profiles_path,
        }
    }

    pub fn current_row(&self) -> PersonRow {
        let rows = PersonRow::all();
        rows[self.row.min(rows.len() - 1)]
    }

    /// Changes the row's value: a choice one step forward or back, a box ticked or cleared.
    /// `false` for rows that are not changed this way (the saved profile, the age).
    pub fn change(&mut self, row: PersonRow, forward: bool) -> bool {
        let p = &mut self.profile;
        match row {
            PersonRow::Saved | PersonRow::Age => return false,
            PersonRow::Anticoagulant => {
                p.anticoagulant = rotate(Anticoagulant::ALL, p.anticoagulant, forward);
            }
            PersonRow::Pregnancy => {
                p.pregnancy = rotate(Pregnancy::ALL, p.pregnancy, forward);
            }
            PersonRow::Condition(c) => {
                if p.has_condition(c) {
                    p.conditions.retain(|x| *x != c);
                } else {
                    p.add_condition(c);
                }
            }
            PersonRow::Medicine(m) => {
                if p.takes(m) {
                    p.medicines.retain(|x| *x != m);
                } else {
                    p.add_medicine(m);
                }
            }
            PersonRow::Region(r) => {
                // The regions are the session's, not the saved profile's.
                if self.regions.contains(&r) {
                    self.regions.retain(|x| *x != r);
                } else {
                    self.regions.push(r);
                    self.regions.sort_unstable();
                }
                self.regions_changed = true;
                return true;
            }
        }
        self.edited = true;
        true
    }

    /// Whether anything in the popup changed that a recovery file should keep.
    pub fn has_changes(&self) -> bool {
        self.edited || self.regions_changed
    }

    /// Sets the age (`None`: an adult, age not given).
    pub fn set_age(&mut self, age: Option<f64>) {
        if self.profile.age_years != age {
            self.profile.age_years = age;
            self.edited = true;
        }
    }
}
