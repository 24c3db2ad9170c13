//! Editing rules.toml in place: only the edited values change; comments, order, formatting and
//! keys labelcheck does not know are kept. Saving is atomic: the new text is re-parsed, written
//! to a temporary file in the same folder, and renamed over the original.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, Value};

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
    /// The `[[rule]]` tables changed since [`RulesDocument::begin_edit`], as they were before
    /// it: undoing an edit restores only these, so an edit need not copy the whole document.
    before_edit: Vec<(usize, Table)>,
}

impl RulesDocument {
    pub fn parse(text: &str) -> Result<RulesDocument, String> {
        text.parse::<DocumentMut>()
            .map(|doc| RulesDocument {
                doc,
                style: TextStyle::of(text),
                before_edit: Vec::new(),
            })
            .map_err(|e| format!("cannot edit the rules file: {}", e.message()))
    }

    /// The document as it would be saved: a CRLF file stays CRLF throughout (`toml_edit` writes
    /// LF after every line it prints) and a file that began with a byte-order mark keeps it.
    pub fn text(&self) -> String {
        self.style.apply(self.doc.to_string())
    }

    /// Starts an edit: the rule tables changed from now on are remembered, for
    /// [`RulesDocument::undo_edit`] and [`RulesDocument::edited_rules`].
    pub fn begin_edit(&mut self) {
        self.before_edit.clear();
    }

    /// Puts back every rule table changed since [`RulesDocument::begin_edit`].
    pub fn undo_edit(&mut self) {
        for (index, table) in std::mem::take(&mut self.before_edit) {
            if let Some(now) = self.rule_tables_mut().and_then(|r| r.get_mut(index)) {
                *now = table;
            }
        }
    }

    /// The indexes of the rules changed since [`RulesDocument::begin_edit`], in the order of
    /// their first change.
    pub fn edited_rules(&self) -> Vec<usize> {
        self.before_edit.iter().map(|(index, _)| *index).collect()
    }

    /// One `[[rule]]` table as TOML, without its header: the same keys and values the whole
    /// file holds for that rule.
    pub fn rule_text(&self, rule_index: usize) -> Option<String> {
        self.doc
            .get("rule")
            .and_then(Item::as_array_of_tables)
            .and_then(|rules| rules.get(rule_index))
            .map(Table::to_string)
    }

    fn rule_tables_mut(&mut self) -> Option<&mut toml_edit::ArrayOfTables> {
        self.doc
            .get_mut("rule")
            .and_then(Item::as_array_of_tables_mut)
    }

    /// The table of a rule about to change; its state before the edit is kept once.
    fn rule_table(&mut self, rule_index: usize) -> Result<&mut Table, String> {
        let known = self.before_edit.iter().any(|(i, _)| *i == rule_index);
        let rules = self
            .doc
            .get_mut("rule")
            .and_then(Item::as_array_of_tables_mut);
        let Some(table) = rules.and_then(|rules| rules.get_mut(rule_index)) else {
            return Err(format!(
                "rule #{} is not a [[rule]] table in the file",
                rule_index + 1
            ));
        };
        if !known {
            self.before_edit.push((rule_index, table.clone()));
        }
        Ok(table)
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

    /// The built-in rules edited as the rules screen edits them, re-read two ways: the one
    /// edited rule spliced in, and the whole text parsed again. `None` when the splice was
    /// refused (the caller then parses the whole file).
    fn spliced_and_full(
        edit: impl FnOnce(&mut RulesDocument) -> Result<(), String>,
    ) -> (
        Option<crate::LoadedRules>,
        Result<crate::LoadedRules, crate::Diagnostics>,
    ) {
        let mut doc = RulesDocument::parse(DEFAULT_RULES_TOML).expect("parses");
        doc.begin_edit();
        edit(&mut doc).expect("edit applies");
        let text = doc.text();
        let mut spliced = crate::builtin_rules();
        let index = match doc.edited_rules()[..] {
            [index] => index,
            ref other => panic!("one rule edited, not {other:?}"),
        };
        let table = doc.rule_text(index).expect("table");
        let done = spliced.reread_rule(index, &table, text.clone());
        let full = crate::parse_rules_text(
            crate::rules::DEFAULT_RULES_NAME,
            &text,
            crate::RulesOrigin::Builtin,
        );
        (done.then_some(spliced), full)
    }

    fn assert_same(spliced: &crate::LoadedRules, full: &crate::LoadedRules) {
        // `Rule` holds compiled patterns, so the comparison is of the full debug form.
        assert_eq!(format!("{:?}", spliced.rules), format!("{:?}", full.rules));
        assert_eq!(spliced.text, full.text);
        assert_eq!(spliced.warnings, full.warnings);
        assert_eq!(spliced.added_from_builtin, full.added_from_builtin);
        assert_eq!(spliced.file_text, full.file_text);
    }

    type Edit<'a> = Box<dyn FnOnce(&mut RulesDocument) -> Result<(), String> + 'a>;

    #[test]
    fn a_spliced_threshold_severity_or_enabled_edit_equals_a_full_reparse_for_every_rule() {
        let rules = parse_rules(DEFAULT_RULES_TOML).expect("parses").rules;
        let mut spliced_count = 0;
        for (index, rule) in rules.rules.iter().enumerate() {
            let mut edits: Vec<Edit<'_>> = vec![
                Box::new(move |doc| doc.set_enabled(index, !rule.enabled)),
                Box::new(move |doc| {
                    let next = if rule.severity == Severity::Warning {
                        Severity::Info
                    } else {
                        Severity::Warning
                    };
                    doc.set_severity(index, next)
                }),
            ];
            for param in rule.numeric_params() {
                // A changed value, and one that makes a band or ratio invalid.
                for value in [param.value * 1.5 + 0.25, 0.0] {
                    let path = param.path.clone();
                    edits.push(Box::new(move |doc| doc.set_number(index, &path, value)));
                }
            }
            for edit in edits {
                match spliced_and_full(edit) {
                    (Some(spliced), Ok(full)) => {
                        assert_same(&spliced, &full);
                        spliced_count += 1;
                    }
                    (None, _) => {}
                    (Some(_), Err(e)) => {
                        panic!(
                            "rule `{}` spliced although the file does not read: {e}",
                            rule.id
                        )
                    }
                }
            }
        }
        // Only the claim-pattern rules are always read with the whole file.
        assert!(spliced_count > 100, "{spliced_count} edits spliced");
    }

    #[test]
    fn an_invalid_value_is_not_spliced_and_the_full_parse_locates_it() {
        let index = index_of("k2-d-ratio");
        let (spliced, full) =
            spliced_and_full(|doc| doc.set_number(index, &ParamPath::Key("per"), 0.0));
        assert!(spliced.is_none(), "refused");
        let errors = full.expect_err("`per` = 0 does not read").0;
        let line = DEFAULT_RULES_TOML
            .lines()
            .position(|l| l.starts_with("per = 1000"))
            .expect("line")
            + 1;
        assert_eq!(
            (errors[0].line, errors[0].column, errors[0].message.as_str()),
            (line, 7, "`per` must be greater than 0")
        );
    }

    #[test]
    fn a_failed_edit_is_undone_and_only_edited_rules_are_remembered() {
        let mut doc = RulesDocument::parse(DEFAULT_RULES_TOML).expect("parses");
        let i = index_of("d-above-caution");
        doc.begin_edit();
        doc.set_enabled(i, false).expect("set");
        doc.set_number(i, &ParamPath::Key("limit"), 7000.0)
            .expect("set");
        assert!(
            doc.set_number(i, &ParamPath::Key("no-such-key"), 1.0)
                .is_err()
        );
        assert_eq!(doc.edited_rules(), vec![i]);
        doc.undo_edit();
        assert_eq!(doc.text(), DEFAULT_RULES_TOML);
        doc.begin_edit();
        assert!(doc.edited_rules().is_empty());
    }
}
