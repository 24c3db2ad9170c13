//! Editing rules.toml in place: only the edited values change; comments, order, formatting and
//! keys labelcheck does not know are kept. Saving is atomic: the new text is re-parsed, written
//! to a temporary file in the same folder, and renamed over the original.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Value};

use super::Severity;
use crate::format::number;
use crate::fsio::{SaveError, SaveOptions, TextStyle, write_atomically_with};

use super::read::MAX_THRESHOLD;

/// Where a numeric parameter lives inside one `[[rule]]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamPath {
    /// A key of the rule table: `limit`, `minimum`, `per`…
    Key(&'static str),
    /// `age_limits[index].limit`.
    AgeLimit(usize),
}

/// A number a user may change in the rules editor.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericParam {
    pub path: ParamPath,
    /// What it is, for the editor: "limit, ages 19–50 y".
    pub label: String,
    pub value: f64,
    /// "IU/day", "mcg per 1,000 IU"…
    pub unit: String,
}

impl NumericParam {
    pub fn new(path: ParamPath, label: String, value: f64, unit: String) -> NumericParam {
        NumericParam {
            path,
            label,
            value,
            unit,
        }
    }
}

/// Checks a threshold typed by a user: a number, not negative, not absurd. Returns the value
/// to store (clamped to the maximum) and a note when it was clamped.
pub fn validate_threshold(text: &str) -> Result<(f64, Option<String>), String> {
    use crate::format::{NumberError, parse_number};
    let value = parse_number(text).map_err(|e| match e {
        NumberError::Empty => "enter a number".to_string(),
        NumberError::NotANumber(typed) => format!("\"{typed}\" is not a number"),
        NumberError::NotFinite(_) => "enter a finite number".to_string(),
    })?;
    if value < 0.0 {
        return Err("must not be negative".into());
    }
    if value > MAX_THRESHOLD {
        return Ok((
            MAX_THRESHOLD,
            Some(format!("clamped to the maximum, {}", number(MAX_THRESHOLD))),
        ));
    }
    Ok((value, None))
}

/// A rules file open for editing.
#[derive(Debug, Clone)]
pub struct RulesDocument {
    doc: DocumentMut,
    /// The file's line ends and byte-order mark, which `toml_edit` does not keep.
    style: TextStyle,
}

impl RulesDocument {
    pub fn parse(text: &str) -> Result<RulesDocument, String> {
        text.parse::<DocumentMut>()
            .map(|doc| RulesDocument {
                doc,
                style: TextStyle::of(text),
            })
            .map_err(|e| format!("cannot edit the rules file: {}", e.message()))
    }

    /// The document as it would be saved: a CRLF file stays CRLF throughout (`toml_edit` writes
    /// LF after every line it prints) and a file that began with a byte-order mark keeps it.
    pub fn text(&self) -> String {
        self.style.apply(self.doc.to_string())
    }

    fn rule_table(&mut self, rule_index: usize) -> Result<&mut toml_edit::Table, String> {
        self.doc
            .get_mut("rule")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|rules| rules.get_mut(rule_index))
            .ok_or_else(|| {
                format!(
                    "rule #{} is not a [[rule]] table in the file",
                    rule_index + 1
                )
            })
    }

    /// Sets a numeric parameter. Whole numbers are written as integers ("5000", not "5000.0").
    pub fn set_number(
        &mut self,
        rule_index: usize,
        path: &ParamPath,
        value: f64,
    ) -> Result<(), String> {
        let table = self.rule_table(rule_index)?;
        let target: &mut Value = match path {
            ParamPath::Key(key) => table
                .get_mut(key)
                .and_then(Item::as_value_mut)
                .ok_or_else(|| format!("`{key}` is not a value in this rule"))?,
            ParamPath::AgeLimit(i) => table
                .get_mut("age_limits")
                .and_then(Item::as_array_mut)
                .and_then(|a| a.get_mut(*i))
                .and_then(Value::as_inline_table_mut)
                .and_then(|t| t.get_mut("limit"))
                .ok_or_else(|| {
                    format!("age limit #{} is not an inline table with `limit`", i + 1)
                })?,
        };
        replace_keeping_decor(target, number_value(value));
        Ok(())
    }

    pub fn set_severity(&mut self, rule_index: usize, severity: Severity) -> Result<(), String> {
        self.set_key(rule_index, "severity", Value::from(severity.as_str()))
    }

    pub fn set_enabled(&mut self, rule_index: usize, enabled: bool) -> Result<(), String> {
        self.set_key(rule_index, "enabled", Value::from(enabled))
    }

    fn set_key(&mut self, rule_index: usize, key: &str, value: Value) -> Result<(), String> {
        let table = self.rule_table(rule_index)?;
        match table.get_mut(key).and_then(Item::as_value_mut) {
            Some(existing) => replace_keeping_decor(existing, value),
            None => {
                table.insert(key, Item::Value(value));
            }
        }
        Ok(())
    }
}

fn number_value(value: f64) -> Value {
    crate::format::whole(value).map_or_else(|| Value::from(value), Value::from)
}

/// Replaces a value but keeps the whitespace and trailing comment around it: a comment after a
/// value belongs to it.
fn replace_keeping_decor(target: &mut Value, mut value: Value) {
    *value.decor_mut() = target.decor().clone();
    *target = value;
}

/// Writes `text` to `path` atomically: validate, write a temporary file beside it, flush it to
/// disk, rename it over `path`. A failure at any step leaves the original file as it was; a
/// read-only file, or one that is not what `options` expect, is not replaced (see
/// [`crate::fsio::write_atomically_with`]).
pub fn save_rules_atomically(
    path: &Path,
    text: &str,
    options: SaveOptions,
) -> Result<(), SaveError> {
    if let Err(problems) = super::parse_rules(text) {
        let first = problems
            .first()
            .map(|p| p.message.clone())
            .unwrap_or_default();
        return Err(SaveError::Invalid(first));
    }
    write_atomically_with(path, text.as_bytes(), options, || Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{DEFAULT_RULES_TOML, parse_rules};

    fn index_of(id: &str) -> usize {
        parse_rules(DEFAULT_RULES_TOML)
            .expect("parses")
            .rules
            .rules
            .iter()
            .position(|r| r.id == id)
            .expect("rule")
    }

    /// Lines that differ between two texts.
    fn changed_lines(a: &str, b: &str) -> Vec<(String, String)> {
        a.lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .map(|(x, y)| (x.to_string(), y.to_string()))
            .collect()
    }

    #[test]
    fn editing_a_limit_changes_only_that_value_and_keeps_its_comment() {
        let mut doc = RulesDocument::parse(DEFAULT_RULES_TOML).expect("parses");
        doc.set_number(
            index_of("d-above-caution"),
            &ParamPath::Key("limit"),
            5000.0,
        )
        .expect("set");
        let text = doc.text();
        assert_eq!(text.lines().count(), DEFAULT_RULES_TOML.lines().count());
        let changed = changed_lines(DEFAULT_RULES_TOML, &text);
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(
            changed[0].1,
            "limit = 5000                # IU/day; the IOM's no-observed-adverse-effect level (NOAEL)"
        );
        let rules = parse_rules(&text).expect("re-parses").rules;
        assert_eq!(
            rules
                .rule("d-above-caution")
                .expect("rule")
                .numeric_params()[0]
                .value,
            5000.0
        );
    }

    #[test]
    fn editing_an_age_band_keeps_the_inline_comment() {
        let mut doc = RulesDocument::parse(DEFAULT_RULES_TOML).expect("parses");
        doc.set_number(
            index_of("calcium-above-ul"),
            &ParamPath::AgeLimit(5),
            1800.5,
        )
        .expect("set");
        let changed = changed_lines(DEFAULT_RULES_TOML, &doc.text());
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(
            changed[0].1,
            "  { from_age = 51, limit = 1800.5 },   # 51 years and over"
        );
    }

    #[test]
    fn severity_and_enabled_edits_keep_everything_else() {
        let mut doc = RulesDocument::parse(DEFAULT_RULES_TOML).expect("parses");
        let i = index_of("no-oil-carrier");
        doc.set_severity(i, Severity::Warning).expect("set");
        doc.set_enabled(i, false).expect("set");
        let changed = changed_lines(DEFAULT_RULES_TOML, &doc.text());
        assert_eq!(
            changed,
            vec![
                (
                    "severity = \"notice\"".to_string(),
                    "severity = \"warning\"".to_string()
                ),
                ("enabled = true".to_string(), "enabled = false".to_string()),
            ]
        );
    }

    #[test]
    fn unknown_keys_survive_an_edit() {
        let text = DEFAULT_RULES_TOML.replacen(
            "limit = 10000 ",
            "reviewed_by = \"pharmacist\"  # local note\nlimit = 10000 ",
            1,
        ) + "\n[local]\nowner = \"clinic\"\n";
        let mut doc = RulesDocument::parse(&text).expect("parses");
        doc.set_number(
            index_of("d-above-caution"),
            &ParamPath::Key("limit"),
            8000.0,
        )
        .expect("set");
        let out = doc.text();
        assert!(out.contains("reviewed_by = \"pharmacist\"  # local note"));
        assert!(out.contains("[local]\nowner = \"clinic\""));
        assert!(out.contains("limit = 8000 "));
    }

    #[test]
    fn typed_thresholds_are_validated() {
        assert_eq!(validate_threshold("5000"), Ok((5000.0, None)));
        assert_eq!(validate_threshold(" 2,500 "), Ok((2500.0, None)));
        assert!(
            validate_threshold("12abc")
                .unwrap_err()
                .contains("not a number")
        );
        assert_eq!(
            validate_threshold("-1").unwrap_err(),
            "must not be negative"
        );
        assert!(validate_threshold("").is_err());
        assert!(validate_threshold("nan").is_err());
        let (v, note) = validate_threshold("1e12").expect("clamped");
        assert_eq!(v, MAX_THRESHOLD);
        assert!(note.is_some());
    }

    #[test]
    fn a_failed_save_leaves_the_original_file_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rules.toml");
        std::fs::write(&path, DEFAULT_RULES_TOML).expect("write");
        // Invalid text is refused before anything is written.
        let err = save_rules_atomically(&path, "this is not = = toml", SaveOptions::default())
            .unwrap_err();
        assert!(matches!(err, SaveError::Invalid(_)));
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            DEFAULT_RULES_TOML
        );
        // A folder that cannot hold the temporary file fails cleanly too.
        let missing = dir.path().join("no-such-folder").join("rules.toml");
        assert!(matches!(
            save_rules_atomically(&missing, DEFAULT_RULES_TOML, SaveOptions::default()),
            Err(SaveError::Io { .. })
        ));
        // No temporary file is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_crlf_file_with_a_bom_comes_back_crlf_throughout_with_its_bom() {
        let crlf = format!("\u{feff}{}", DEFAULT_RULES_TOML.replace('\n', "\r\n"));
        let mut doc = RulesDocument::parse(&crlf).expect("parses");
        assert_eq!(doc.text(), crlf, "unedited, byte for byte");
        doc.set_enabled(index_of("d-above-caution"), false)
            .expect("set");
        doc.set_number(
            index_of("d-above-caution"),
            &ParamPath::Key("limit"),
            8000.0,
        )
        .expect("set");
        let text = doc.text();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text.matches('\n').count(),
            text.matches("\r\n").count(),
            "no bare LF"
        );
        assert_eq!(
            text.replace("\r\n", "\n").trim_start_matches('\u{feff}'),
            DEFAULT_RULES_TOML
                .replacen("enabled = true", "enabled = false", 1)
                .replacen("limit = 10000 ", "limit = 8000 ", 1)
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rules.toml");
        save_rules_atomically(&path, &text, SaveOptions::default()).expect("saved");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
}
