//! Saving a person profile into the saved profiles file (`profiles.toml`): only the profile's
//! own table is rewritten (`toml_edit`), so other profiles, comments and key order stay.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::label_file::{list, number, set};
use crate::fsio::TextStyle;
use crate::profile::{Anticoagulant, Pregnancy, Profile};

/// Whether `name` can name a saved profile: letters, digits, `-` and `_`, so that
/// `--profile NAME` is typed as it is written in the file.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Whether `key` of `table` is written and reads as exactly `values` (one string for a single
/// value, an array for a list), in any words the profile file accepts and in any order.
fn means<T: std::str::FromStr + PartialEq>(table: &Table, key: &str, values: &[T]) -> bool {
    let Some(value) = table.get(key).and_then(Item::as_value) else {
        return false;
    };
    let read: Option<Vec<T>> = match value {
        Value::String(s) => s.value().parse().ok().map(|v| vec![v]),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().and_then(|s| s.parse().ok()))
            .collect(),
        _ => None,
    };
    read.is_some_and(|read| {
        read.len() == values.len()
            && read.iter().all(|r| values.contains(r))
            && values.iter().all(|v| read.contains(v))
    })
}

/// Whether the profiles file `text` has a profile called `name`.
pub fn has_profile(text: &str, name: &str) -> bool {
    text.parse::<DocumentMut>().ok().is_some_and(|doc| {
        doc.get("profile")
            .and_then(Item::as_table_like)
            .is_some_and(|t| t.contains_key(name))
    })
}

/// `profile` written as `[profile.NAME]` into the profiles file `text` (empty for a new file).
/// Keys at their default are removed; `Err` when `text` is not TOML that can be edited.
pub fn update_profiles_text(text: &str, name: &str, profile: &Profile) -> Result<String, String> {
    let style = TextStyle::of(text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc: DocumentMut = body
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().trim().to_string())?;
    let top = doc.as_table_mut();
    if !top.contains_key("profile") {
        let mut profiles = Table::new();
        profiles.set_implicit(true);
        top.insert("profile", Item::Table(profiles));
    }
    let profiles = top
        .get_mut("profile")
        .and_then(Item::as_table_mut)
        .ok_or("`profile` is not a table of profiles")?;
    if !profiles.contains_key(name) {
        profiles.insert(name, Item::Table(Table::new()));
    }
    let table = profiles
        .get_mut(name)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| format!("`profile.{name}` is not a table"))?;
    set(table, "age", profile.age_years.map(number));
    // A value the user wrote in other words ("warfarin" for vka, "hctz" for thiazide) is kept
    // as written while it still means the same.
    if !means(table, "anticoagulant", &[profile.anticoagulant]) {
        set(
            table,
            "anticoagulant",
            (profile.anticoagulant != Anticoagulant::None)
                .then(|| Value::from(profile.anticoagulant.as_str())),
        );
    }
    if !means(table, "pregnancy", &[profile.pregnancy]) {
        set(
            table,
            "pregnancy",
            (profile.pregnancy != Pregnancy::None).then(|| Value::from(profile.pregnancy.as_str())),
        );
    }
    let keys = |items: Vec<&str>| items.into_iter().map(String::from).collect::<Vec<_>>();
    if !means(table, "conditions", &profile.conditions) {
        set(
            table,
            "conditions",
            list(&keys(
                profile.conditions.iter().map(|c| c.as_str()).collect(),
            )),
        );
    }
    if !means(table, "medicines", &profile.medicines) {
        set(
            table,
            "medicines",
            list(&keys(
                profile.medicines.iter().map(|m| m.as_str()).collect(),
            )),
        );
    }
    Ok(style.apply(doc.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Condition, Medicine, parse_profiles};

    const SAVED: &str = "# My people\n\
[profile.mum]\n\
age = 82 # as of 2026\n\
anticoagulant = \"warfarin\"\n\
medicines = [\"digoxin\"]\n\
\n\
# the baby\n\
[profile.baby]\n\
age = 0.5\n";

    #[test]
    fn saving_one_profile_keeps_the_others_and_every_comment() {
        let mut mum = Profile::of_age(Some(83.0));
        mum.anticoagulant = Anticoagulant::Vka;
        mum.add_medicine(Medicine::Thiazide);
        let text = update_profiles_text(SAVED, "mum", &mum).expect("edits");
        for kept in [
            "# My people\n",
            "age = 83 # as of 2026\n",
            "anticoagulant = \"warfarin\"\n",
            "# the baby\n[profile.baby]\nage = 0.5\n",
        ] {
            assert!(text.contains(kept), "{kept:?} lost:\n{text}");
        }
        let read = parse_profiles("profiles.toml", &text).expect("loads");
        let back = read
            .iter()
            .find(|p| p.name.as_deref() == Some("mum"))
            .expect("mum");
        assert_eq!(back.age_years, Some(83.0));
        assert_eq!(back.anticoagulant, Anticoagulant::Vka);
        assert_eq!(back.medicines, vec![Medicine::Thiazide]);
        assert_eq!(read.len(), 2);
    }

    #[test]
    fn a_new_profile_goes_into_a_new_or_existing_file_and_loads_back() {
        let mut dad = Profile::of_age(Some(72.0));
        dad.add_condition(Condition::Ckd);
        for start in ["", SAVED] {
            let text = update_profiles_text(start, "dad", &dad).expect("edits");
            assert!(text.contains("[profile.dad]\n"), "{text}");
            let read = parse_profiles("profiles.toml", &text).expect("loads");
            let back = read
                .iter()
                .find(|p| p.name.as_deref() == Some("dad"))
                .expect("dad");
            assert_eq!(back.conditions, vec![Condition::Ckd]);
            assert!(has_profile(&text, "dad"));
        }
        assert!(!has_profile(SAVED, "dad"));
        assert!(has_profile(SAVED, "baby"));
    }

    #[test]
    fn keys_set_back_to_their_default_are_removed_and_a_broken_file_is_refused() {
        let text = update_profiles_text(SAVED, "mum", &Profile::default()).expect("edits");
        let read = parse_profiles("profiles.toml", &text).expect("loads");
        assert_eq!(
            read.iter()
                .find(|p| p.name.as_deref() == Some("mum"))
                .expect("mum")
                .age_years,
            None
        );
        assert!(update_profiles_text("[profile.x\n", "x", &Profile::default()).is_err());
        assert!(update_profiles_text("profile = 3\n", "x", &Profile::default()).is_err());
    }

    #[test]
    fn names_are_what_the_command_line_can_type() {
        assert!(valid_name("mum") && valid_name("dad-72") && valid_name("a_b"));
        assert!(
            !valid_name("")
                && !valid_name("my mum")
                && !valid_name("x.y")
                && !valid_name("\u{1b}[31m")
        );
    }
}
