//! The person a label is checked for: what a pharmacist asks first (age, pregnancy, kidney
//! disease and other conditions, medicines). Optional: without one, an adult with no stated
//! condition on no medicine.
//!
//! A profile is not part of a label. It comes from the command line (`--age`, `--condition`…),
//! from a named profile saved in the user's config folder (`profiles.toml`, picked with
//! `--profile NAME`), or from a `[person]` table of a regimen file; the keys are the same in
//! all files (see [`PROFILES_FILE`]).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::{Diagnostic, Problem, Source, display_path};

/// Who will take the product.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// The profile's name when it was read from the saved profiles (`--profile NAME`); not a
    /// key of a profile table.
    #[serde(skip)]
    pub name: Option<String>,
    /// Age in years; fractions for infants (0.5 = six months). `None` = adult, age not given.
    #[serde(
        rename = "age",
        deserialize_with = "deserialize_age",
        skip_serializing_if = "Option::is_none"
    )]
    pub age_years: Option<f64>,
    pub anticoagulant: Anticoagulant,
    pub pregnancy: Pregnancy,
    /// Conditions the person has, without repeats, in [`Condition::ALL`] order.
    #[serde(deserialize_with = "deserialize_set")]
    pub conditions: Vec<Condition>,
    /// Medicines the person takes (anticoagulants apart), without repeats, in
    /// [`Medicine::ALL`] order.
    #[serde(deserialize_with = "deserialize_set")]
    pub medicines: Vec<Medicine>,
}

impl Profile {
    /// An adult (or a person of `age`) with nothing else stated.
    pub fn of_age(age_years: Option<f64>) -> Profile {
        Profile {
            age_years,
            ..Profile::default()
        }
    }

    pub fn has_condition(&self, c: Condition) -> bool {
        self.conditions.contains(&c)
    }

    pub fn takes(&self, m: Medicine) -> bool {
        self.medicines.contains(&m)
    }

    /// Adds a condition, keeping the list in order without repeats.
    pub fn add_condition(&mut self, c: Condition) {
        insert_sorted(&mut self.conditions, c, Condition::ALL);
    }

    /// Adds a medicine, keeping the list in order without repeats.
    pub fn add_medicine(&mut self, m: Medicine) {
        insert_sorted(&mut self.medicines, m, Medicine::ALL);
    }

    /// Whether nothing but (perhaps) the age is stated.
    pub fn is_plain(&self) -> bool {
        self.anticoagulant == Anticoagulant::None
            && self.pregnancy == Pregnancy::None
            && self.conditions.is_empty()
            && self.medicines.is_empty()
    }

    /// The profile in one line, for a report: "profile \"mum\": age 82 y; anticoagulant vka;
    /// conditions: kidney-stones". Values are the keys a profile file uses.
    pub fn summary(&self) -> String {
        let mut parts = vec![match self.age_years {
            Some(a) => format!("age {} y", crate::format::number(a)),
            None => "adult (no age given)".to_string(),
        }];
        if self.anticoagulant != Anticoagulant::None {
            parts.push(format!("anticoagulant {}", self.anticoagulant));
        }
        if self.pregnancy != Pregnancy::None {
            parts.push(self.pregnancy.to_string());
        }
        if !self.conditions.is_empty() {
            let c: Vec<&str> = self.conditions.iter().map(|c| c.as_str()).collect();
            parts.push(format!("conditions: {}", c.join(", ")));
        }
        if !self.medicines.is_empty() {
            let m: Vec<&str> = self.medicines.iter().map(|m| m.as_str()).collect();
            parts.push(format!("medicines: {}", m.join(", ")));
        }
        if self.is_plain() {
            parts.push("no conditions or medicines stated".to_string());
        }
        let who = match &self.name {
            Some(n) => format!("profile \"{n}\""),
            None => "profile from the command line".to_string(),
        };
        format!("{who}: {}", parts.join("; "))
    }
}

fn insert_sorted<T: Copy + PartialEq>(list: &mut Vec<T>, item: T, order: &[T]) {
    if !list.contains(&item) {
        list.push(item);
        let rank = |x: &T| order.iter().position(|o| o == x).unwrap_or(usize::MAX);
        list.sort_by_key(rank);
    }
}

/// The oldest age accepted, in years.
pub const MAX_AGE_YEARS: f64 = 130.0;

/// Why an age is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AgeError {
    /// Negative, infinite or NaN.
    #[error("age must be a number of years, 0 or more (0.5 = six months)")]
    NotAnAge,
    /// Above [`MAX_AGE_YEARS`].
    #[error("age must be at most {max} years", max = MAX_AGE_YEARS)]
    TooOld,
}

/// Checks an age in years.
pub fn validate_age(age: f64) -> Result<f64, AgeError> {
    if !age.is_finite() || age < 0.0 {
        Err(AgeError::NotAnAge)
    } else if age > MAX_AGE_YEARS {
        Err(AgeError::TooOld)
    } else {
        Ok(age)
    }
}

fn deserialize_age<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let age = f64::deserialize(d)?;
    validate_age(age)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("{e} (found {age})")))
}

fn deserialize_set<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Copy + PartialEq + ProfileEnum,
{
    let items = Vec::<T>::deserialize(d)?;
    let mut out = Vec::new();
    for item in items {
        insert_sorted(&mut out, item, T::ALL_VALUES);
    }
    Ok(out)
}

/// What every enum of a profile has: its values, a key, words for a message.
pub trait ProfileEnum: Sized + Copy + 'static {
    const ALL_VALUES: &'static [Self];
    /// The key in a profile file and on the command line.
    fn as_str(self) -> &'static str;
    /// Words for a message or the app.
    fn describe(self) -> &'static str;
    /// Other words accepted for the value (drug names for a class).
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
    /// "condition", "medicine"…: what the value is, for an error message.
    const WHAT: &'static str;
}

/// Parses a value by its key or an alias, case-insensitively, with an error listing the keys.
fn parse_enum<T: ProfileEnum>(s: &str) -> Result<T, String> {
    let wanted = s.trim().to_lowercase();
    T::ALL_VALUES
        .iter()
        .copied()
        .find(|v| v.as_str() == wanted || v.aliases().contains(&wanted.as_str()))
        .ok_or_else(|| {
            let keys: Vec<&str> = T::ALL_VALUES.iter().map(|v| v.as_str()).collect();
            format!(
                "unknown {} \"{}\": use one of {}",
                T::WHAT,
                crate::escape::visible(s),
                keys.join(", ")
            )
        })
}

macro_rules! profile_enum {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $key:literal: $words:literal $([$($alias:literal),*])?,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $ty {
            $($(#[$vmeta])* $variant,)*
        }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant,)*];

            /// The key in a profile file and on the command line.
            pub fn as_str(self) -> &'static str {
                <Self as ProfileEnum>::as_str(self)
            }

            /// Words for a message or the app.
            pub fn describe(self) -> &'static str {
                <Self as ProfileEnum>::describe(self)
            }
        }

        impl ProfileEnum for $ty {
            const ALL_VALUES: &'static [$ty] = $ty::ALL;
            const WHAT: &'static str = $what;

            fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $key,)*
                }
            }

            fn describe(self) -> &'static str {
                match self {
                    $($ty::$variant => $words,)*
                }
            }

            fn aliases(self) -> &'static [&'static str] {
                match self {
                    $($ty::$variant => &[$($($alias),*)?],)*
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_enum(s)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

profile_enum! {
    /// Oral anticoagulant class. Vitamin K counteracts vitamin K antagonists (warfarin,
    /// acenocoumarol, phenprocoumon), which act on vitamin K epoxide reductase;
    /// DOACs (dabigatran, rivaroxaban, apixaban…) act on thrombin or factor Xa instead.
    #[derive(Default)]
    pub enum Anticoagulant ("anticoagulant") {
        #[default]
        None = "none": "no anticoagulant",
        // Only the drugs evidence.md names as VKAs (§3); another name is refused with the list
        // of classes rather than guessed at.
        Vka = "vka": "a vitamin K antagonist (warfarin, acenocoumarol, phenprocoumon)"
            ["warfarin", "acenocoumarol", "phenprocoumon"],
        Doac = "doac": "a direct oral anticoagulant (DOAC: apixaban, rivaroxaban, edoxaban, dabigatran)"
            ["apixaban", "rivaroxaban", "dabigatran", "edoxaban"],
    }
}

profile_enum! {
    /// Pregnancy or breastfeeding: the upper limits do not change, but advice is worded for
    /// the person and the label's %DV population differs.
    #[derive(Default)]
    pub enum Pregnancy ("pregnancy status") {
        #[default]
        None = "none": "neither pregnant nor breastfeeding",
        Pregnant = "pregnant": "pregnant" ["pregnancy"],
        Breastfeeding = "breastfeeding": "breastfeeding" ["lactating", "lactation", "nursing"],
    }
}

profile_enum! {
    /// A condition that changes what a dose means: the upper limits assume healthy people.
    pub enum Condition ("condition") {
        Ckd = "ckd": "chronic kidney disease" ["chronic-kidney-disease", "kidney-disease"],
        Hypercalcaemia = "hypercalcaemia": "a history of hypercalcaemia (high blood calcium)"
            ["hypercalcemia"],
        Granulomatous = "granulomatous-disease":
            "sarcoidosis or another granulomatous disease (e.g. tuberculosis)"
            ["sarcoidosis", "granulomatous", "tuberculosis"],
        PrimaryHyperparathyroidism = "primary-hyperparathyroidism": "primary hyperparathyroidism"
            ["hyperparathyroidism"],
        Lymphoma = "lymphoma": "lymphoma" [],
        KidneyStones = "kidney-stones": "kidney stones" ["kidney-stone", "nephrolithiasis"],
    }
}

profile_enum! {
    /// A medicine that interacts with vitamin D, calcium or magnesium (anticoagulants are
    /// [`Anticoagulant`]).
    pub enum Medicine ("medicine") {
        Thiazide = "thiazide": "a thiazide diuretic (e.g. hydrochlorothiazide)"
            ["hydrochlorothiazide", "hctz", "thiazides"],
        Digoxin = "digoxin": "digoxin" [],
        Levothyroxine = "levothyroxine": "levothyroxine" ["thyroxine"],
        Bisphosphonate = "bisphosphonate": "a bisphosphonate (e.g. alendronate)"
            ["alendronate", "bisphosphonates"],
        Tetracycline = "tetracycline": "a tetracycline antibiotic" ["tetracyclines", "doxycycline"],
        Quinolone = "quinolone": "a quinolone antibiotic (e.g. ciprofloxacin)"
            ["fluoroquinolone", "quinolones", "ciprofloxacin"],
    }
}

/// The file, in the user's config folder, that holds named profiles:
///
/// ```toml
/// [profile.mum]
/// age = 82                        # years; 0.5 = six months
/// anticoagulant = "vka"           # none, vka or doac
/// pregnancy = "none"              # none, pregnant or breastfeeding
/// conditions = ["kidney-stones"]  # ckd, hypercalcaemia, granulomatous-disease,
///                                 # primary-hyperparathyroidism, lymphoma, kidney-stones
/// medicines = ["thiazide"]        # thiazide, digoxin, levothyroxine, bisphosphonate,
///                                 # tetracycline, quinolone
/// ```
///
/// Every key is optional; unknown keys are refused.
pub const PROFILES_FILE: &str = "profiles.toml";

/// Where the saved profiles are kept in `config_folder`.
pub fn profiles_path(config_folder: &Path) -> PathBuf {
    config_folder.join(PROFILES_FILE)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    #[serde(default)]
    profile: BTreeMap<String, Profile>,
}

/// Parses the text of a profiles file: every named profile, each with its name set.
pub fn parse_profiles(name: &str, text: &str) -> Result<Vec<Profile>, Diagnostic> {
    let file: ProfilesFile = toml::from_str(text).map_err(|e| toml_diagnostic(name, text, &e))?;
    Ok(file
        .profile
        .into_iter()
        .map(|(n, mut p)| {
            p.name = Some(n);
            p
        })
        .collect())
}

/// Parses a `[person]`-style table's text (the keys of one profile).
pub fn parse_profile_table(name: &str, text: &str) -> Result<Profile, Diagnostic> {
    toml::from_str(text).map_err(|e| toml_diagnostic(name, text, &e))
}

fn toml_diagnostic(name: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    Source::new(name, text).diagnostic(&Problem::new(span, e.message().trim().to_string()))
}

/// Loads the profile called `name` from the profiles file in `config_folder`. A missing file
/// or name is an error naming the file and the profiles it has.
pub fn load_profile(config_folder: Option<&Path>, name: &str) -> Result<Profile, Diagnostic> {
    let Some(folder) = config_folder else {
        return Err(Diagnostic::whole_file(
            PROFILES_FILE,
            format!(
                "profile \"{}\" cannot be found: the system names no config folder",
                crate::escape::visible(name)
            ),
        ));
    };
    let path = profiles_path(folder);
    let shown = display_path(&path);
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(Diagnostic::whole_file(
            &shown,
            format!(
                "profile \"{}\" cannot be found: there is no profiles file; create it with a \
                 [profile.{}] table (keys: age, anticoagulant, pregnancy, conditions, medicines)",
                crate::escape::visible(name),
                crate::escape::visible(name)
            ),
        ));
    }
    let text = crate::fsio::read_text_file(&path)?;
    let profiles = parse_profiles(&shown, &text)?;
    let names: Vec<String> = profiles
        .iter()
        .filter_map(|p| {
            p.name
                .as_deref()
                .map(|n| crate::escape::visible(n).into_owned())
        })
        .collect();
    profiles
        .into_iter()
        .find(|p| p.name.as_deref() == Some(name))
        .ok_or_else(|| {
            Diagnostic::whole_file(
                &shown,
                format!(
                    "no profile \"{}\" in this file; it has: {}",
                    crate::escape::visible(name),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_table_reads_every_field_and_sorts_the_lists() {
        let p = parse_profile_table(
            "regimen.toml",
            "age = 0.5\nanticoagulant = \"warfarin\"\npregnancy = \"breastfeeding\"\n\
             conditions = [\"kidney-stones\", \"ckd\", \"ckd\"]\nmedicines = [\"hctz\"]\n",
        )
        .expect("parses");
        assert_eq!(p.age_years, Some(0.5));
        assert_eq!(p.anticoagulant, Anticoagulant::Vka);
        assert_eq!(p.pregnancy, Pregnancy::Breastfeeding);
        assert_eq!(p.conditions, vec![Condition::Ckd, Condition::KidneyStones]);
        assert_eq!(p.medicines, vec![Medicine::Thiazide]);
        assert_eq!(
            parse_profile_table("x", "").expect("empty"),
            Profile::default()
        );
    }

    #[test]
    fn unknown_keys_and_values_are_refused_with_line_column_and_the_choices() {
        let err = parse_profile_table("regimen.toml", "age = 40\nsmoker = true\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err:?}");
        assert!(err.message.contains("smoker"), "{}", err.message);
        let err = parse_profile_table("r", "conditions = [\"gout\"]\n").unwrap_err();
        assert!(
            err.message
                .contains("unknown condition \"gout\": use one of ckd,"),
            "{}",
            err.message
        );
        let err = parse_profile_table("r", "age = -3\n").unwrap_err();
        assert!(err.message.contains("0 or more"), "{}", err.message);
    }

    #[test]
    fn saved_profiles_are_found_by_name_and_a_missing_name_lists_the_others() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join(PROFILES_FILE),
            "[profile.mum]\nage = 82\nmedicines = [\"digoxin\"]\n\n[profile.baby]\nage = 0.25\n",
        )
        .expect("write");
        let mum = load_profile(Some(dir.path()), "mum").expect("found");
        assert_eq!(mum.name.as_deref(), Some("mum"));
        assert_eq!(mum.medicines, vec![Medicine::Digoxin]);
        let err = load_profile(Some(dir.path()), "dad").unwrap_err();
        assert!(err.message.contains("it has: baby, mum"), "{}", err.message);
        let empty = tempfile::tempdir().expect("temp dir");
        let err = load_profile(Some(empty.path()), "mum").unwrap_err();
        assert!(err.message.contains("no profiles file"), "{}", err.message);
    }

    #[test]
    fn drug_names_parse_to_their_class_and_an_unlisted_drug_is_refused() {
        assert_eq!("Warfarin".parse(), Ok(Anticoagulant::Vka));
        assert_eq!("phenprocoumon".parse(), Ok(Anticoagulant::Vka));
        // Not named as a VKA by the project's evidence sheet, so not guessed at.
        assert!("fluindione".parse::<Anticoagulant>().is_err());
        assert_eq!("apixaban".parse(), Ok(Anticoagulant::Doac));
        assert_eq!("alendronate".parse(), Ok(Medicine::Bisphosphonate));
        assert_eq!("sarcoidosis".parse(), Ok(Condition::Granulomatous));
        let err = "aspirin".parse::<Anticoagulant>().unwrap_err();
        assert_eq!(
            err,
            "unknown anticoagulant \"aspirin\": use one of none, vka, doac"
        );
    }

    #[test]
    fn the_summary_names_the_profile_and_says_when_nothing_is_stated() {
        assert_eq!(
            Profile::default().summary(),
            "profile from the command line: adult (no age given); no conditions or medicines stated"
        );
        let mut p = Profile::of_age(Some(82.0));
        p.name = Some("mum".into());
        p.add_condition(Condition::KidneyStones);
        p.add_medicine(Medicine::Thiazide);
        assert_eq!(
            p.summary(),
            "profile \"mum\": age 82 y; conditions: kidney-stones; medicines: thiazide"
        );
    }
}
