//! labelcheck: checks vitamin D3 + K2 supplement labels against an editable, cited rule set.
//!
//! The core has no UI: it loads a [`Label`] (from a label file), normalises it to an
//! [`Intake`], checks it against a [`RuleSet`] for a [`Profile`], and returns [`Finding`]s that
//! the CLI renders as text or JSON and the terminal UI shows with their rationale and sources.
//!
//! labelcheck informs; it does not prescribe.

#![deny(clippy::unwrap_used, clippy::expect_used)]

mod batch;
pub mod diagnostic;
pub mod dsld;
pub mod escape;
pub mod examples;
pub mod format;
pub mod fsio;
pub mod import;
pub mod label;
pub mod profile;
pub mod regimen;
pub mod report;
pub mod rules;
pub mod survey;
mod tomlread;
#[cfg(feature = "tui")]
pub mod tui;

use std::path::{Path, PathBuf};

pub use batch::{
    Batch, CheckedLabel, LabelWalk, check_files, check_files_streamed, check_label, check_paths,
    collect_label_paths, is_label_file, worst,
};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use label::{Intake, Label};
pub use profile::{Anticoagulant, Profile};
pub use rules::{Finding, RuleSet, Severity};

use diagnostic::{Source, display_path};
use fsio::read_text_file;

/// Where a rule set came from, so a save knows where to write and every report can say which
/// rules were used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesOrigin {
    /// The rules compiled into the binary.
    Builtin,
    /// A file given with `--rules` (or opened with "Save rules as…" in the app).
    File(PathBuf),
    /// The file named by the `LABELCHECK_RULES` environment variable.
    Env(PathBuf),
    /// The rules the user saved, `rules.toml` in the user's config folder.
    Saved(PathBuf),
}

impl RulesOrigin {
    /// The name rules are reported under: the file's path, or `<built-in rules.toml>`.
    pub fn describe(&self) -> String {
        match self.path() {
            None => rules::DEFAULT_RULES_NAME.to_string(),
            Some(p) => display_path(p),
        }
    }

    /// The file the rules were read from; `None` for the built-in rules.
    pub fn path(&self) -> Option<&Path> {
        match self {
            RulesOrigin::Builtin => None,
            RulesOrigin::File(p) | RulesOrigin::Env(p) | RulesOrigin::Saved(p) => Some(p),
        }
    }

    /// How the rules were chosen, as JSON's `rules.origin` says it: `built-in`, `--rules`,
    /// `LABELCHECK_RULES` or `saved`.
    pub fn kind(&self) -> &'static str {
        match self {
            RulesOrigin::Builtin => "built-in",
            RulesOrigin::File(_) => "--rules",
            RulesOrigin::Env(_) => RULES_ENV,
            RulesOrigin::Saved(_) => "saved",
        }
    }

    /// Which rules were used, in words: "the built-in rules", "your saved rules (PATH)"…
    pub fn summary(&self) -> String {
        match self {
            RulesOrigin::Builtin => "the built-in rules".to_string(),
            RulesOrigin::File(p) => format!("{} (--rules)", display_path(p)),
            RulesOrigin::Env(p) => format!("{} ({RULES_ENV})", display_path(p)),
            RulesOrigin::Saved(p) => format!("your saved rules, {}", display_path(p)),
        }
    }
}

/// The environment variable that names a rules file, used when `--rules` is not given.
pub const RULES_ENV: &str = "LABELCHECK_RULES";

/// The file the user's saved rules are kept in, inside the config folder.
pub const SAVED_RULES_FILE: &str = "rules.toml";

/// labelcheck's folder in the user's config folder: `$XDG_CONFIG_HOME/labelcheck` (by default
/// `~/.config/labelcheck`) on Linux, the platform's own elsewhere; `None` when the system
/// names no home folder. The CLI calls this and hands the result to the library.
pub fn default_config_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "labelcheck").map(|d| d.config_dir().to_path_buf())
}

/// Where the user's saved rules are kept in `config_folder`.
pub fn saved_rules_path(config_folder: &Path) -> PathBuf {
    config_folder.join(SAVED_RULES_FILE)
}

/// Which rules to use: `--rules FILE`, else the `LABELCHECK_RULES` file, else the user's saved
/// rules (when that file exists), else the built-in ones.
pub fn choose_rules(
    option: Option<&Path>,
    env: Option<&Path>,
    config_folder: Option<&Path>,
) -> RulesOrigin {
    if let Some(p) = option {
        return RulesOrigin::File(p.to_path_buf());
    }
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return RulesOrigin::Env(p.to_path_buf());
    }
    match config_folder.map(saved_rules_path) {
        // A saved file that cannot be read is still chosen, so that its error is shown rather
        // than the built-in rules used silently.
        Some(p) if std::fs::symlink_metadata(&p).is_ok() => RulesOrigin::Saved(p),
        _ => RulesOrigin::Builtin,
    }
}

/// A rule set ready to use, with the warnings its file produced.
#[derive(Debug, Clone)]
pub struct LoadedRules {
    pub rules: RuleSet,
    pub warnings: Vec<Diagnostic>,
    pub origin: RulesOrigin,
    /// The text the rules were read from (kept so the rules editor can save format-preserving),
    /// with any built-in rules the file lacked added at its end.
    pub text: String,
    /// Ids of built-in rules the user's saved file did not have, added to `rules` and `text`.
    pub added_from_builtin: Vec<String>,
    /// The file's text as read, when rules were added to it (`text` differs).
    pub file_text: Option<String>,
}

/// Parses rules text reported under `name`.
pub fn parse_rules_text(
    name: &str,
    text: &str,
    origin: RulesOrigin,
) -> Result<LoadedRules, Diagnostics> {
    let src = Source::new(name, text);
    match rules::parse_rules(text) {
        Ok(load) => Ok(LoadedRules {
            rules: load.rules,
            warnings: src.diagnostics(&load.warnings).0,
            origin,
            text: text.to_string(),
            added_from_builtin: Vec::new(),
            file_text: None,
        }),
        Err(problems) => Err(src.diagnostics(&problems)),
    }
}

impl LoadedRules {
    /// After an edit confined to rule `index` of the file, whose table now reads `table_text`
    /// and whose whole text is now `text`: re-reads that one rule and puts it in place, leaving
    /// the rules as [`parse_rules_text`] of `text` would give them (tests compare the two).
    /// Returns `false`, changing nothing, whenever the whole file must be read instead: the
    /// rules carry warnings (their positions may move), the table does not read cleanly alone
    /// (the whole-file parse words the problem with its line and column), or the edit changed
    /// what ties rules together (id, `suppressed_by`, sources).
    pub fn reread_rule(&mut self, index: usize, table_text: &str, text: String) -> bool {
        if !self.warnings.is_empty() {
            return false;
        }
        let Some(old) = self.rules.rules.get(index) else {
            return false;
        };
        let Some(rule) = rules::reread_rule(table_text, &self.rules) else {
            return false;
        };
        if rule.id != old.id
            || rule.suppressed_by != old.suppressed_by
            || rule.sources != old.sources
        {
            return false;
        }
        self.rules.rules[index] = rule;
        self.text = text;
        self.added_from_builtin.clear();
        self.file_text = None;
        true
    }
}

/// The built-in rules.
pub fn builtin_rules() -> LoadedRules {
    match parse_rules_text(
        rules::DEFAULT_RULES_NAME,
        rules::DEFAULT_RULES_TOML,
        RulesOrigin::Builtin,
    ) {
        Ok(loaded) => loaded,
        Err(d) => panic!("the built-in rules.toml is invalid (a build defect): {d}"),
    }
}

/// Loads `--rules PATH`, or the built-in rules when no path is given.
pub fn load_rules(path: Option<&Path>) -> Result<LoadedRules, Diagnostics> {
    load_rules_from(path.map_or(RulesOrigin::Builtin, |p| RulesOrigin::File(p.to_path_buf())))
}

/// Loads the rules `origin` names. The user's saved rules get the built-in rules they lack
/// (rules added to labelcheck after the file was saved), with a warning naming them.
pub fn load_rules_from(origin: RulesOrigin) -> Result<LoadedRules, Diagnostics> {
    let Some(path) = origin.path().map(Path::to_path_buf) else {
        return Ok(builtin_rules());
    };
    // "cannot read file: no such file or folder" would leave the user wondering
    // whether the rules were read at all.
    if std::fs::metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        let message = match &origin {
            RulesOrigin::Env(_) => format!("the rules file named by {RULES_ENV} does not exist"),
            _ => "the rules file does not exist".to_string(),
        };
        return Err(Diagnostics(vec![Diagnostic::whole_file(
            display_path(&path),
            message,
        )]));
    }
    let text = read_text_file(&path).map_err(|d| Diagnostics(vec![d]))?;
    let name = display_path(&path);
    let saved = matches!(origin, RulesOrigin::Saved(_));
    let mut loaded = parse_rules_text(&name, &text, origin)?;
    if !saved {
        return Ok(loaded);
    }
    let differing = rules::diff::differing_beyond_numbers(&loaded.rules);
    let differing = (!differing.is_empty())
        .then(|| Diagnostic::whole_file(name.clone(), rules::diff::differing_notice(&differing)));
    let missing = rules::diff::missing_builtin(&loaded.rules);
    if missing.is_empty() {
        loaded.warnings.extend(differing);
        return Ok(loaded);
    }
    let merged = rules::diff::with_builtin_rules(&text, &loaded.rules, &missing);
    let ids: Vec<String> = missing.iter().map(|r| r.id.clone()).collect();
    let mut merged = parse_rules_text(&name, &merged, loaded.origin)?;
    merged.warnings.push(Diagnostic::whole_file(
        name,
        rules::diff::added_notice(&ids),
    ));
    merged.warnings.extend(differing);
    merged.added_from_builtin = ids;
    merged.file_text = Some(text);
    Ok(merged)
}

/// Parses label-file text reported under `name`.
pub fn parse_label_text(name: &str, text: &str) -> Result<Label, Diagnostics> {
    label::parse_label(text).map_err(|problems| Source::new(name, text).diagnostics(&problems))
}

/// Loads one label: a label file (TOML), label text (`.txt`) read by the importer, or a DSLD
/// file holding one record (`.json`, `.jsonl`; read for adults and children 4 years and over).
pub fn load_label_file(path: &Path) -> Result<Label, Diagnostics> {
    if is_label_text(path) {
        return import_label_text_file(path).map(|imported| imported.label);
    }
    if dsld::is_dsld_file(path) {
        return load_dsld_record(path, None, None).map(|d| d.label);
    }
    let text = read_text_file(path).map_err(|d| Diagnostics(vec![d]))?;
    parse_label_text(&display_path(path), &text)
}

/// Loads one DSLD record from `path` mapped for a person of `age` years: the record with DSLD
/// id `id`, or the file's only record. A file whose records cannot be read, or that holds
/// several records when no id is given, is an error saying so.
pub fn load_dsld_record(
    path: &Path,
    id: Option<u64>,
    age: Option<f64>,
) -> Result<dsld::DsldLabel, Diagnostics> {
    let name = display_path(path);
    let (labels, errors) = dsld::load_file(path, age);
    let count = labels.len();
    let chosen = match id {
        Some(id) => labels.into_iter().find(|l| l.id == id),
        None if count == 1 => labels.into_iter().next(),
        None => None,
    };
    match chosen {
        Some(label) => Ok(label),
        None if !errors.is_empty() && (id.is_some() || count == 0) => Err(Diagnostics(errors)),
        None => Err(Diagnostics(vec![Diagnostic::whole_file(
            name,
            match id {
                Some(id) => {
                    format!("no record with DSLD id {id} among the file's {count} record(s)")
                }
                None => format!(
                    "the file holds {count} DSLD records: choose one with `labelcheck import FILE --id ID`, or check them all with `labelcheck check` or `labelcheck survey`"
                ),
            },
        )])),
    }
}

/// Whether a path holds label text (a pasted panel) rather than a label file.
pub fn is_label_text(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The name an imported label gets: the file's name without its extension.
pub fn label_name_for(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "Imported label".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Reads label text from a file and imports it.
pub fn import_label_text_file(path: &Path) -> Result<import::Imported, Diagnostics> {
    let text = fsio::read_text_file_limited(path, import::MAX_IMPORT_BYTES as u64)
        .map_err(|d| Diagnostics(vec![d]))?;
    import_text_checked(&display_path(path), &text, &label_name_for(path))
        .map_err(|e| e.diagnostics)
}

/// Label text that makes no label: why, and the lines that could not be used, so the user sees
/// what was read without the text being imported a second time.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{diagnostics}")]
pub struct ImportError {
    pub diagnostics: Diagnostics,
    pub unparsed: Vec<import::UnparsedLine>,
}

/// Imports label text reported under `source`. Text in which no ingredient amount is found is
/// an error naming the source: it would make an empty label. The error keeps the lines not
/// used, for the caller to show.
pub fn import_text_checked(
    source: &str,
    text: &str,
    name: &str,
) -> Result<import::Imported, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError {
            diagnostics: Diagnostics(vec![Diagnostic::whole_file(
                source,
                "the label text is empty: paste or save the label's Supplement Facts panel",
            )]),
            // Blank text has no line to list.
            unparsed: Vec::new(),
        });
    }
    let imported = import::import_text(text, name);
    if imported.label.ingredients.is_empty() {
        let not_used = imported.unparsed.len();
        // An amount that was read and refused (implausible, negative…) says why there is none.
        let why = imported
            .warnings
            .first()
            .map(|w| format!(" ({})", report::import::warning_text(w)))
            .unwrap_or_default();
        return Err(ImportError {
            diagnostics: Diagnostics(vec![Diagnostic::whole_file(
                source,
                format!(
                    "no ingredient amounts found in this label text ({not_used} line{} not used){why}; \
                     expected lines like \"Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU)\"",
                    if not_used == 1 { "" } else { "s" }
                ),
            )]),
            unparsed: imported.unparsed,
        });
    }
    Ok(imported)
}
