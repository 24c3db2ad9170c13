//! Unsaved work kept when the app ends without the user quitting — its terminal went away
//! (SIGHUP, a closed window, an error reading or drawing), SIGTERM, or a crash — and offered
//! back at the next start.
//!
//! One file per session, `recovery-PID.toml`, in the user's data folder
//! (`$XDG_DATA_HOME/labelcheck` or `~/.local/share/labelcheck` on Linux). It holds the label
//! form as typed (invalid fields too: nothing typed is lost) and the rules text as edited, each
//! with the file it belongs to and the version of that file the edits started from, so a save
//! after restoring still notices a file someone else changed in between.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::form::{IngredientRow, LabelForm, Period};
use super::screens::regimen::{RegimenProduct, RegimenState};
use crate::fsio::DiskVersion;
use crate::label::label_to_toml;
use crate::label::{Carrier, DosageForm, DvPopulation, Unit};
use crate::profile::Anticoagulant;
use crate::regimen::{Period as RegimenPeriod, Product, SavedLabel, Taken};

/// What a recovery file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// The recovery file's own format, for a later labelcheck to recognise.
    pub format: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<RecoveredLabel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RecoveredRules>,
    /// The person profile, changed and not saved in profiles.toml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<RecoveredPerson>,
    /// The regimen on the Regimen screen, changed and not saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regimen: Option<RecoveredRegimen>,
}

/// The Regimen screen's regimen, unsaved: each product's label written out whole (as a label
/// file says it), so what the user added is back even when a label file changed or went away
/// meanwhile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveredRegimen {
    /// The regimen file it was opened from or last saved to; none for a new regimen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// That file's version then ([`DiskVersion::token`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_version: Option<String>,
    /// That file's text then, which the next save edits (its comments and unread products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// The `[[product]]` tables of that file whose products were removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<usize>,
    /// The file's `[person]` table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<crate::profile::Profile>,
    /// The file's `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The products of the file that could not be read, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_error: Vec<RecoveredDiagnostic>,
    #[serde(default)]
    pub product: Vec<RecoveredProduct>,
}

/// Why a product of the opened regimen file could not be read, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveredDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One product of an unsaved regimen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveredProduct {
    /// Where its label came from, as the screen shows it.
    pub file: String,
    /// The label, in the label file format.
    pub label: String,
    /// The `[[product]]` table of the opened file it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
    /// The label file a save names; none when a save writes the label inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_file: Option<String>,
    pub taken: RecoveredTaken,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How a product is taken, exactly (no rounding through words).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "lowercase")]
pub enum RecoveredTaken {
    Label,
    Daily {
        servings: f64,
    },
    Every {
        days: f64,
        servings: f64,
        period: RecoveredPeriod,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecoveredPeriod {
    Weekly,
    Monthly,
    Days,
}

/// The person profile in use, changed since it was loaded or saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveredPerson {
    /// The saved profile it started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the profile differs from the saved one (or, unnamed, from the one the session
    /// started with); only the regions changed otherwise.
    #[serde(default)]
    pub changed: bool,
    /// The regions checked (`us`, `eu`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The keys of a saved profile (age, anticoagulant, pregnancy, conditions, medicines).
    #[serde(default)]
    pub profile: crate::profile::Profile,
}

/// The format this build writes and reads.
pub const FORMAT: u32 = 1;

/// The label form, unsaved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveredLabel {
    /// The label file it was loaded from or last saved to; none for a new label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// That file's version when it was loaded or last saved ([`DiskVersion::token`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_version: Option<String>,
    pub form: FormRecord,
}

/// The rules, edited and unsaved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveredRules {
    /// Where "save rules" writes.
    pub save_path: PathBuf,
    /// Whether the rules came from that file (rather than the built-in rules).
    pub from_file: bool,
    /// The file's version when it was loaded or last saved ([`DiskVersion::token`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_version: Option<String>,
    pub text: String,
}

/// Every field of the form as text, as the user typed it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FormRecord {
    pub name: String,
    pub brand: String,
    pub form: String,
    pub serving_size: String,
    pub servings: String,
    pub per_week: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub per_month: bool,
    pub other_ingredients: String,
    /// Claims as earlier versions kept them: one line, separated by `;`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub claims: String,
    /// One claim an entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claim: Vec<String>,
    pub directions: String,
    /// The person's age as earlier versions kept it with the label form; read only: the
    /// person is no longer part of the label (a restored one is put in the session's profile).
    #[serde(skip_serializing)]
    pub age: String,
    /// The person's anticoagulant as earlier versions kept it; read only, as `age`.
    #[serde(skip_serializing)]
    pub anticoagulant: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dv_population: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub statements: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub statements_none_printed: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_age_min: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_age_max: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclaimer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// The loaded label's servings a day, kept exactly while the field is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub servings_loaded: Option<f64>,
    pub ingredient: Vec<RowRecord>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RowRecord {
    pub name: String,
    pub form: String,
    pub amount: String,
    pub unit: String,
    /// The amount the user confirmed when asked "did you mean …?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<String>,
    /// The second declaration as typed ("1000 IU").
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alt: String,
    /// The second declaration as earlier versions kept it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_unit: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub percent_dv: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub percent_nrv: String,
}

impl FormRecord {
    pub fn of(form: &LabelForm) -> FormRecord {
        FormRecord {
            name: form.name.clone(),
            brand: form.brand.clone(),
            form: form.form.map_or(String::new(), |f| f.as_str().to_string()),
            serving_size: form.serving_size.clone(),
            servings: form.servings.clone(),
            per_week: form.period == Period::Week,
            per_month: form.period == Period::Month,
            other_ingredients: form.other_ingredients.clone(),
            claims: String::new(),
            claim: form.claims.clone(),
            directions: form.directions.clone(),
            age: String::new(),
            anticoagulant: String::new(),
            dv_population: form.dv_population.map(|p| p.as_str().to_string()),
            statements: form.statements.clone(),
            statements_none_printed: form.statements_none_printed,
            target_age_min: form.target_age_min.clone(),
            target_age_max: form.target_age_max.clone(),
            disclaimer: Some(form.disclaimer.clone()).filter(|d| !d.is_empty()),
            carrier: form.carrier.map(|c| c.as_str().to_string()),
            servings_loaded: form
                .servings_loaded
                .as_ref()
                .filter(|(text, period, _)| *text == form.servings && *period == form.period)
                .map(|(_, _, per_day)| *per_day),
            ingredient: form
                .ingredients
                .iter()
                .map(|row| RowRecord {
                    name: row.name.clone(),
                    form: row.form.clone(),
                    amount: row.amount.clone(),
                    unit: row.unit.map_or(String::new(), |u| u.as_str().to_string()),
                    alt: row.alt.clone(),
                    confirmed: row.confirmed.clone(),
                    alt_amount: None,
                    alt_unit: None,
                    percent_dv: row.percent_dv.clone(),
                    percent_nrv: row.percent_nrv.clone(),
                })
                .collect(),
        }
    }

    /// The form back. Choices this build does not know are left unset; typed text is kept as
    /// it was, valid or not.
    pub fn to_form(&self) -> LabelForm {
        let period = if self.per_month {
            Period::Month
        } else if self.per_week {
            Period::Week
        } else {
            Period::Day
        };
        LabelForm {
            servings_loaded: self
                .servings_loaded
                .map(|per_day| (self.servings.clone(), period, per_day)),
            name: self.name.clone(),
            brand: self.brand.clone(),
            form: self.form.parse::<DosageForm>().ok(),
            serving_size: self.serving_size.clone(),
            servings: self.servings.clone(),
            period,
            other_ingredients: self.other_ingredients.clone(),
            claims: if self.claim.is_empty() {
                self.claims
                    .split(';')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect()
            } else {
                self.claim.clone()
            },
            directions: self.directions.clone(),
            dv_population: self
                .dv_population
                .as_deref()
                .and_then(|p| p.parse::<DvPopulation>().ok()),
            statements: self.statements.clone(),
            statements_none_printed: self.statements_none_printed,
            target_age_min: self.target_age_min.clone(),
            target_age_max: self.target_age_max.clone(),
            disclaimer: self.disclaimer.clone().unwrap_or_default(),
            carrier: self.carrier.as_deref().and_then(Carrier::parse),
            ingredients: self
                .ingredient
                .iter()
                .map(|row| IngredientRow {
                    name: row.name.clone(),
                    form: row.form.clone(),
                    amount: row.amount.clone(),
                    unit: row.unit.parse::<Unit>().ok(),
                    alt: if row.alt.is_empty() {
                        row.alt_amount
                            .zip(row.alt_unit.as_deref().and_then(|u| u.parse::<Unit>().ok()))
                            .map(crate::tui::form::alt_text)
                            .unwrap_or_default()
                    } else {
                        row.alt.clone()
                    },
                    confirmed: row.confirmed.clone(),
                    percent_dv: row.percent_dv.clone(),
                    percent_nrv: row.percent_nrv.clone(),
                })
                .collect(),
        }
    }
}

impl FormRecord {
    /// The person's age and anticoagulant a recovery file of an earlier version kept with the
    /// label form, when it has them (an age that is not one is left out).
    pub fn earlier_person(&self) -> Option<(Option<f64>, Anticoagulant)> {
        let age = crate::format::parse_number(&self.age)
            .ok()
            .and_then(|a| crate::profile::validate_age(a).ok());
        let anticoagulant = self
            .anticoagulant
            .parse::<Anticoagulant>()
            .unwrap_or_default();
        (age.is_some() || anticoagulant != Anticoagulant::None).then_some((age, anticoagulant))
    }
}

impl RecoveredTaken {
    pub fn of(taken: Taken) -> RecoveredTaken {
        match taken {
            Taken::AsLabel => RecoveredTaken::Label,
            Taken::Daily(servings) => RecoveredTaken::Daily { servings },
            Taken::Every {
                days,
                servings,
                period,
            } => RecoveredTaken::Every {
                days,
                servings,
                period: match period {
                    RegimenPeriod::Weekly => RecoveredPeriod::Weekly,
                    RegimenPeriod::Monthly => RecoveredPeriod::Monthly,
                    RegimenPeriod::Days => RecoveredPeriod::Days,
                },
            },
        }
    }

    /// Back, when the numbers are ones a regimen file would accept.
    pub fn to_taken(self) -> Result<Taken, String> {
        let taken = match self {
            RecoveredTaken::Label => Taken::AsLabel,
            RecoveredTaken::Daily { servings } => Taken::Daily(
                crate::label::validate_servings_per_day(servings).map_err(|e| e.to_string())?,
            ),
            RecoveredTaken::Every {
                days,
                servings,
                period,
            } => {
                let valid = days > 0.0
                    && days <= crate::regimen::MAX_EVERY_DAYS
                    && servings > 0.0
                    && servings <= crate::label::MAX_SERVINGS_PER_DAY;
                if !valid {
                    return Err(format!(
                        "a product taken {servings} servings every {days} days"
                    ));
                }
                Taken::Every {
                    days,
                    servings,
                    period: match period {
                        RecoveredPeriod::Weekly => RegimenPeriod::Weekly,
                        RecoveredPeriod::Monthly => RegimenPeriod::Monthly,
                        RecoveredPeriod::Days => RegimenPeriod::Days,
                    },
                }
            }
        };
        Ok(taken)
    }
}

impl RecoveredRegimen {
    /// The regimen as the Regimen screen holds it.
    pub fn of(state: &RegimenState) -> RecoveredRegimen {
        RecoveredRegimen {
            // Absolute: the next start may be in another folder.
            path: state
                .path
                .as_ref()
                .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())),
            disk_version: state.disk.map(|v| v.token()),
            original: state.original.clone(),
            removed: state.removed.clone(),
            person: state.person.clone(),
            name: state.name.clone(),
            load_error: state
                .load_errors
                .iter()
                .map(|d| RecoveredDiagnostic {
                    file: d.file.clone(),
                    line: d.line,
                    column: d.column,
                    message: d.message.clone(),
                })
                .collect(),
            product: state
                .products
                .iter()
                .map(|p| RecoveredProduct {
                    file: p.product.file.clone(),
                    label: label_to_toml(&p.product.label),
                    source: p.source,
                    saved_file: match &p.saved {
                        SavedLabel::File(f) => Some(f.clone()),
                        SavedLabel::Inline(_) => None,
                    },
                    taken: RecoveredTaken::of(p.product.taken),
                    reason: p.product.reason.clone(),
                })
                .collect(),
        }
    }

    /// The Regimen screen's state back (unsaved), or what could not be read back.
    pub fn to_state(&self) -> Result<RegimenState, String> {
        let products = self
            .product
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let label = crate::label::parse_label(&p.label).map_err(|problems| {
                    let first = problems
                        .first()
                        .map(|e| e.message.clone())
                        .unwrap_or_default();
                    format!("regimen product {}: {first}", i + 1)
                })?;
                let taken = p
                    .taken
                    .to_taken()
                    .map_err(|e| format!("regimen product {}: {e}", i + 1))?;
                let saved = match &p.saved_file {
                    Some(f) => SavedLabel::File(f.clone()),
                    None => SavedLabel::Inline(Box::new(label.clone())),
                };
                Ok(RegimenProduct {
                    product: Product {
                        file: p.file.clone(),
                        label,
                        taken,
                        reason: p.reason.clone(),
                    },
                    source: p.source,
                    saved,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        if products.len() > crate::regimen::MAX_PRODUCTS {
            return Err(format!(
                "a regimen of {} products (at most {})",
                products.len(),
                crate::regimen::MAX_PRODUCTS
            ));
        }
        Ok(RegimenState {
            products,
            path: self.path.clone(),
            original: self.original.clone(),
            disk: self
                .disk_version
                .as_deref()
                .and_then(DiskVersion::from_token),
            removed: self.removed.clone(),
            person: self.person.clone(),
            name: self.name.clone(),
            dirty: true,
            load_errors: self
                .load_error
                .iter()
                .map(|d| crate::diagnostic::Diagnostic {
                    file: d.file.clone(),
                    line: d.line,
                    column: d.column,
                    message: d.message.clone(),
                    excerpt: None,
                })
                .collect(),
            ..RegimenState::default()
        })
    }
}

impl RecoveredLabel {
    pub fn disk_version(&self) -> Option<DiskVersion> {
        self.disk_version
            .as_deref()
            .and_then(DiskVersion::from_token)
    }
}

impl RecoveredRules {
    pub fn disk_version(&self) -> Option<DiskVersion> {
        self.disk_version
            .as_deref()
            .and_then(DiskVersion::from_token)
    }
}

impl Recovery {
    pub fn to_toml(&self) -> Result<String, String> {
        let body = toml::to_string(self).map_err(|e| e.to_string())?;
        Ok(format!("{HEADER}{body}"))
    }

    pub fn from_toml(text: &str) -> Result<Recovery, String> {
        let recovery: Recovery = toml::from_str(text).map_err(|e| e.message().to_string())?;
        if recovery.format != FORMAT {
            return Err(format!(
                "recovery file format {} is not known",
                recovery.format
            ));
        }
        Ok(recovery)
    }
}

const HEADER: &str = "# labelcheck: unsaved work from a session that ended without quitting.\n\
# The next start of labelcheck offers to restore it.\n\n";

/// The folder recovery files go in: the user's data folder for labelcheck, if there is one.
pub fn default_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "labelcheck").map(|d| d.data_dir().to_path_buf())
}

/// The recovery file this process writes in `folder`.
pub fn file_for_this_session(folder: &Path) -> PathBuf {
    folder.join(format!("recovery-{}.toml", std::process::id()))
}

/// Recovery files in `folder`, oldest first.
pub fn files_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("recovery-") && name.ends_with(".toml")
        })
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_file()
                .then(|| (meta.modified().unwrap_or(std::time::UNIX_EPOCH), e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, path)| path).collect()
}

/// Creates the folder for recovery files, readable by the user only: it holds what they
/// typed, including a person's age and medication.
pub fn create_folder(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_invalid_fields_survives_the_recovery_file_exactly() {
        let form = LabelForm {
            name: "Odd \"name\"\nwith a newline".into(),
            form: Some(DosageForm::Softgel),
            servings: "2x".into(),
            period: Period::Week,
            dv_population: Some(DvPopulation::Infants),
            statements: "Keep out of reach of children; Store cool".into(),
            target_age_max: "3x".into(),
            carrier: Some(Carrier::Oil),
            disclaimer: "These statements…".into(),
            ingredients: vec![
                IngredientRow {
                    name: "Vitamin D3".into(),
                    amount: "12abc".into(),
                    unit: Some(Unit::Iu),
                    alt: "125 mcg".into(),
                    percent_dv: "<1%".into(),
                    percent_nrv: "abc".into(),
                    ..Default::default()
                },
                IngredientRow::default(),
            ],
            ..Default::default()
        };
        let recovery = Recovery {
            format: FORMAT,
            label: Some(RecoveredLabel {
                path: Some(PathBuf::from("/labels/x.toml")),
                disk_version: Some(DiskVersion::of(b"x").token()),
                form: FormRecord::of(&form),
            }),
            rules: Some(RecoveredRules {
                save_path: PathBuf::from("rules.toml"),
                from_file: false,
                disk_version: None,
                text: "# rules\r\n[[rule]]\r\n".into(),
            }),
            person: Some(RecoveredPerson {
                name: Some("mum".into()),
                changed: true,
                regions: vec!["us".into()],
                profile: crate::profile::Profile {
                    age_years: Some(0.5),
                    anticoagulant: Anticoagulant::Vka,
                    medicines: vec![crate::profile::Medicine::Digoxin],
                    ..Default::default()
                },
            }),
            regimen: Some(RecoveredRegimen {
                path: Some(PathBuf::from("/regimens/mum.toml")),
                disk_version: Some(DiskVersion::of(b"r").token()),
                original: Some("# mum's\r\n[[product]]\r\nlabel = \"a.toml\"\r\n".into()),
                removed: vec![0],
                person: None,
                name: Some("Mum's".into()),
                load_error: vec![RecoveredDiagnostic {
                    file: "b.toml".into(),
                    line: 3,
                    column: 9,
                    message: "not found".into(),
                }],
                product: vec![RecoveredProduct {
                    file: "/labels/a.toml".into(),
                    label: "name = \"A\"\n".into(),
                    source: Some(0),
                    saved_file: Some("a.toml".into()),
                    taken: RecoveredTaken::Every {
                        days: crate::regimen::DAYS_PER_MONTH,
                        servings: 1.0 / 3.0,
                        period: RecoveredPeriod::Monthly,
                    },
                    reason: Some("GP \"said\"".into()),
                }],
            }),
        };
        let text = recovery.to_toml().expect("serialises");
        assert!(text.starts_with("# labelcheck: unsaved work"));
        let back = Recovery::from_toml(&text).expect("reads back");
        assert_eq!(back, recovery);
        let label = back.label.expect("label");
        assert_eq!(label.form.to_form(), form);
        assert_eq!(label.disk_version(), Some(DiskVersion::of(b"x")));
    }

    #[test]
    fn an_earlier_recovery_files_person_is_read_but_never_written() {
        let text =
            "format = 1\n[label.form]\nname = \"x\"\nage = \"72\"\nanticoagulant = \"vka\"\n";
        let recovery = Recovery::from_toml(text).expect("reads");
        let form = recovery.label.expect("label").form;
        assert_eq!(
            form.earlier_person(),
            Some((Some(72.0), Anticoagulant::Vka))
        );
        let written = FormRecord::of(&form.to_form());
        assert_eq!(written.earlier_person(), None);
        let again = toml::to_string(&written).expect("serialises");
        assert!(
            !again.contains("age") && !again.contains("anticoagulant"),
            "{again}"
        );
    }

    #[test]
    fn a_regimen_product_taken_in_a_way_no_regimen_file_accepts_is_not_restored() {
        for taken in [
            RecoveredTaken::Daily { servings: -1.0 },
            RecoveredTaken::Every {
                days: 0.0,
                servings: 1.0,
                period: RecoveredPeriod::Days,
            },
            RecoveredTaken::Every {
                days: 7.0,
                servings: f64::NAN,
                period: RecoveredPeriod::Weekly,
            },
        ] {
            assert!(taken.to_taken().is_err(), "{taken:?}");
        }
        let weekly = Taken::Every {
            days: 7.0,
            servings: 2.0,
            period: RegimenPeriod::Weekly,
        };
        assert_eq!(RecoveredTaken::of(weekly).to_taken(), Ok(weekly));
        let regimen = RecoveredRegimen {
            path: None,
            disk_version: None,
            original: None,
            removed: Vec::new(),
            person: None,
            name: None,
            load_error: Vec::new(),
            product: vec![RecoveredProduct {
                file: "pasted".into(),
                label: "name = \"x\"\nnot a key = 1\n".into(),
                source: None,
                saved_file: None,
                taken: RecoveredTaken::Label,
                reason: None,
            }],
        };
        let why = regimen.to_state().expect_err("an unreadable label");
        assert!(why.starts_with("regimen product 1: "), "{why}");
    }

    #[test]
    fn an_unknown_format_is_not_read() {
        assert!(Recovery::from_toml("format = 99\n").is_err());
        assert!(Recovery::from_toml("not toml = = =").is_err());
    }
}
