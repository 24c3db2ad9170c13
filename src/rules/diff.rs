//! How a rule set differs from the built-in one: which thresholds, severities and switches a
//! user changed, which rules they added or lack. `labelcheck rules --diff`, the rules screen's
//! "edited" mark, the note on a rationale whose figures no longer match, and the built-in rules
//! added to a saved file that predates them all come from here.

use std::sync::OnceLock;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::edit::NumericParam;
use super::{DEFAULT_RULES_TOML, Rule, RuleSet, Severity};
use crate::format::number;

/// The built-in rule set, parsed once.
pub fn builtin() -> &'static RuleSet {
    static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
    BUILTIN.get_or_init(|| match super::parse_rules(DEFAULT_RULES_TOML) {
        Ok(load) => load.rules,
        Err(_) => panic!("the built-in rules.toml is invalid (a build defect)"),
    })
}

/// A threshold that differs from the built-in rule's.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdChange {
    /// What it is: "limit", "limit, ages 19–50 y".
    pub label: String,
    pub unit: String,
    pub builtin: f64,
    pub now: f64,
}

/// How one rule differs from the built-in rule with its id.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleDiff {
    Changed {
        id: String,
        /// (built-in, now)
        severity: Option<(Severity, Severity)>,
        /// (built-in, now)
        enabled: Option<(bool, bool)>,
        thresholds: Vec<ThresholdChange>,
        /// The rule's kind or parameters changed in a way that is not a number (a quantity,
        /// a form, a pattern…).
        other: bool,
    },
    /// In this set, not in the built-in one.
    Added { id: String },
    /// In the built-in set, not in this one.
    Removed { id: String },
}

/// The thresholds of `rule` that differ from those of the built-in rule with the same id;
/// empty for a rule the built-in set does not have, or whose parameters are laid out
/// differently (another kind, another number of age bands).
pub fn threshold_changes(rule: &Rule) -> Vec<ThresholdChange> {
    let Some(base) = builtin().rule(&rule.id) else {
        return Vec::new();
    };
    compare_params(&base.numeric_params(), &rule.numeric_params()).unwrap_or_default()
}

/// `None` when the two lists do not describe the same parameters.
fn compare_params(base: &[NumericParam], now: &[NumericParam]) -> Option<Vec<ThresholdChange>> {
    if base.len() != now.len() || base.iter().zip(now).any(|(b, n)| b.path != n.path) {
        return None;
    }
    Some(
        base.iter()
            .zip(now)
            .filter(|(b, n)| b.value != n.value)
            .map(|(b, n)| ThresholdChange {
                label: n.label.clone(),
                unit: n.unit.clone(),
                builtin: b.value,
                now: n.value,
            })
            .collect(),
    )
}

/// How `rule` differs from the built-in rule with its id; `None` when it does not (or the
/// built-in set has no such rule).
pub fn rule_diff(rule: &Rule) -> Option<RuleDiff> {
    let base = builtin().rule(&rule.id)?;
    let severity = (base.severity != rule.severity).then_some((base.severity, rule.severity));
    let enabled = (base.enabled != rule.enabled).then_some((base.enabled, rule.enabled));
    let params = compare_params(&base.numeric_params(), &rule.numeric_params());
    // Numbers are listed one by one; anything else that differs (a quantity, a form, a
    // pattern, another kind) is said once.
    let other = match &params {
        None => true,
        Some(changes) => changes.is_empty() && base.parameters() != rule.parameters(),
    };
    let thresholds = params.unwrap_or_default();
    if severity.is_none() && enabled.is_none() && thresholds.is_empty() && !other {
        return None;
    }
    Some(RuleDiff::Changed {
        id: rule.id.clone(),
        severity,
        enabled,
        thresholds,
        other,
    })
}

/// Whether a rule differs from the built-in rule with its id (severity, switch or numbers).
pub fn is_edited(rule: &Rule) -> bool {
    rule_diff(rule).is_some()
}

/// Every difference between `rules` and the built-in set, in the order of `rules`, then the
/// built-in rules `rules` lacks.
pub fn diff(rules: &RuleSet) -> Vec<RuleDiff> {
    let mut out: Vec<RuleDiff> = rules
        .rules
        .iter()
        .filter_map(|r| match builtin().rule(&r.id) {
            None => Some(RuleDiff::Added { id: r.id.clone() }),
            Some(_) => rule_diff(r),
        })
        .collect();
    out.extend(
        missing_builtin(rules)
            .into_iter()
            .map(|r| RuleDiff::Removed { id: r.id.clone() }),
    );
    out
}

/// The built-in rules whose ids `rules` does not have.
pub fn missing_builtin(rules: &RuleSet) -> Vec<&'static Rule> {
    builtin()
        .rules
        .iter()
        .filter(|r| rules.rule(&r.id).is_none())
        .collect()
}

/// Rules of a set that measure or match something other than the built-in rule of the same
/// id (a quantity, a form, a pattern, another kind), beyond numbers, severity and switch.
pub fn differing_beyond_numbers(rules: &RuleSet) -> Vec<String> {
    rules
        .rules
        .iter()
        .filter(|r| matches!(rule_diff(r), Some(RuleDiff::Changed { other: true, .. })))
        .map(|r| r.id.clone())
        .collect()
}

/// The one-line notice for a saved file whose rules differ from the built-in ones beyond what
/// the app edits: the built-in rule changed since the file was saved (vitamin K of unstated
/// form added to vka-vitamin-k), or the file was edited by hand. Said, so that a finding the
/// built-in rule would give cannot go missing unnoticed.
pub fn differing_notice(ids: &[String]) -> String {
    format!(
        "{} in this file measure{} or match{} something other than the built-in rule{} of the \
         same id (a quantity, form or pattern): the built-in rules changed since the file was \
         saved, or it was edited by hand; `labelcheck rules --diff` shows how",
        ids.join(", "),
        if ids.len() == 1 { "s" } else { "" },
        if ids.len() == 1 { "es" } else { "" },
        if ids.len() == 1 { "" } else { "s" },
    )
}

/// The one-line notice when built-in rules were added to a saved file.
pub fn added_notice(ids: &[String]) -> String {
    format!(
        "{} built-in rule{} not in this file {} added: {} (saving the rules writes {} into it)",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        if ids.len() == 1 { "was" } else { "were" },
        ids.join(", "),
        if ids.len() == 1 { "it" } else { "them" },
    )
}

/// `text` with the built-in `[[rule]]` tables of `missing` appended, and the built-in sources
/// they cite that `rules` lacks, as `[sources.KEY]` tables. The file's own text is kept as it
/// is; what is added comes after it.
pub fn with_builtin_rules(text: &str, rules: &RuleSet, missing: &[&Rule]) -> String {
    let Ok(base) = DEFAULT_RULES_TOML.parse::<DocumentMut>() else {
        return text.to_string();
    };
    let tables: Vec<&Table> = base
        .get("rule")
        .and_then(Item::as_array_of_tables)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut added = DocumentMut::new();
    let mut rule_tables = ArrayOfTables::new();
    let mut source_keys: Vec<&str> = Vec::new();
    for rule in missing {
        if let Some(table) = tables
            .iter()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(rule.id.as_str()))
        {
            let mut table = (*table).clone();
            table.decor_mut().set_prefix("\n");
            rule_tables.push(table);
        }
        for key in &rule.sources {
            if rules.source(key).is_none() && !source_keys.contains(&key.as_str()) {
                source_keys.push(key);
            }
        }
    }
    added.insert("rule", Item::ArrayOfTables(rule_tables));
    if !source_keys.is_empty() {
        let mut sources = Table::new();
        sources.set_implicit(true);
        for key in source_keys {
            if let Some(entry) = base
                .get("sources")
                .and_then(|s| s.get(key))
                .and_then(Item::as_table)
            {
                let mut entry = entry.clone();
                entry.decor_mut().set_prefix("\n");
                sources.insert(key, Item::Table(entry));
            }
        }
        added.insert("sources", Item::Table(sources));
    }
    let mut out = text.to_string();
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    out.push_str(
        "\n# Added by labelcheck from its built-in rules: rules this file did not have yet.\n",
    );
    out.push_str(added.to_string().trim_start_matches('\n'));
    out
}

/// The line put before a rationale when the rule's thresholds are not the built-in ones: the
/// rationale was written for the built-in figures, and says so rather than explain a changed
/// limit with the old number. `None` when every threshold is the built-in one.
pub fn rationale_note(rule: &Rule) -> Option<String> {
    let changes = threshold_changes(rule);
    if changes.is_empty() {
        return None;
    }
    let what: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {} (built-in: {})",
                c.label,
                number(c.now),
                c.unit,
                number(c.builtin)
            )
        })
        .collect();
    Some(format!(
        "Edited threshold: {}. Figures quoted below are the built-in rule's (default).",
        what.join("; ")
    ))
}

/// A rule's rationale as shown to the user: with [`rationale_note`] first when its thresholds
/// were edited.
pub fn rationale_shown(rule: &Rule) -> String {
    match rationale_note(rule) {
        Some(note) => format!("{note}\n{}", rule.rationale),
        None => rule.rationale.clone(),
    }
}

/// `labelcheck rules --diff`: one line per rule that differs from the built-in set.
pub fn describe(diffs: &[RuleDiff]) -> Vec<String> {
    diffs
        .iter()
        .map(|d| match d {
            RuleDiff::Added { id } => format!("{id}: added (not a built-in rule)"),
            RuleDiff::Removed { id } => format!("{id}: removed (a built-in rule this set lacks)"),
            RuleDiff::Changed {
                id,
                severity,
                enabled,
                thresholds,
                other,
            } => {
                let mut parts = Vec::new();
                if let Some((b, n)) = enabled {
                    parts.push(format!("enabled {} (built-in: {})", n, b));
                }
                if let Some((b, n)) = severity {
                    parts.push(format!("severity {n} (built-in: {b})"));
                }
                for c in thresholds {
                    parts.push(format!(
                        "{} {} {} (built-in: {})",
                        c.label,
                        number(c.now),
                        c.unit,
                        number(c.builtin)
                    ));
                }
                if *other {
                    parts.push("other parameters differ".to_string());
                }
                format!("{id}: {}", parts.join("; "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_rules;

    fn edited(from: &str, to: &str) -> RuleSet {
        let text = DEFAULT_RULES_TOML.replacen(from, to, 1);
        assert_ne!(text, DEFAULT_RULES_TOML, "{from} is in the built-in rules");
        parse_rules(&text).expect("parses").rules
    }

    #[test]
    fn the_built_in_rules_do_not_differ_from_themselves() {
        assert!(diff(builtin()).is_empty());
        assert!(builtin().rules.iter().all(|r| rationale_note(r).is_none()));
    }

    #[test]
    fn a_changed_limit_is_named_with_both_figures() {
        let rules = edited("limit = 10000 ", "limit = 8000 ");
        let rule = rules.rule("d-above-caution").expect("rule");
        assert_eq!(
            describe(&diff(&rules)),
            vec!["d-above-caution: limit 8,000 IU/day (built-in: 10,000)".to_string()]
        );
        let note = rationale_note(rule).expect("note");
        assert!(note.contains("8,000 IU/day (built-in: 10,000)"), "{note}");
        assert!(rationale_shown(rule).starts_with(&note));
    }

    #[test]
    fn severity_and_switch_changes_are_listed_but_need_no_rationale_note() {
        let rules = edited("severity = \"notice\"", "severity = \"warning\"");
        let changed = diff(&rules);
        assert_eq!(changed.len(), 1);
        assert!(describe(&changed)[0].contains("severity warning (built-in: notice)"));
        assert!(rules.rules.iter().all(|r| rationale_note(r).is_none()));
    }

    #[test]
    fn missing_rules_are_appended_with_their_sources_and_the_file_parses() {
        // A saved file from before a rule existed (the last one that cites a source no other
        // rule cites), and without that source.
        let full = parse_rules(DEFAULT_RULES_TOML).expect("parses").rules;
        let own_source = |r: &crate::rules::Rule| {
            r.sources
                .iter()
                .any(|k| full.rules.iter().filter(|o| o.sources.contains(k)).count() == 1)
        };
        let last = full
            .rules
            .iter()
            .rev()
            .find(|r| own_source(r))
            .expect("a rule cites a source of its own");
        let at = DEFAULT_RULES_TOML
            .find(&format!("id = \"{}\"\n", last.id))
            .expect("the rule's id");
        let start = DEFAULT_RULES_TOML[..at].rfind("[[rule]]").expect("a rule");
        let end = ["\n[[rule]]", "\n[sources", "\n# ---"]
            .iter()
            .filter_map(|m| DEFAULT_RULES_TOML[at..].find(m))
            .min()
            .map_or(DEFAULT_RULES_TOML.len(), |i| at + i + 1);
        let old = format!(
            "{}{}",
            &DEFAULT_RULES_TOML[..start],
            &DEFAULT_RULES_TOML[end..]
        );
        let old_rules = parse_rules(&old).expect("old parses").rules;
        let missing = missing_builtin(&old_rules);
        assert_eq!(
            missing.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            vec![last.id.as_str()]
        );
        let merged = with_builtin_rules(&old, &old_rules, &missing);
        assert!(merged.starts_with(&old), "the file's own text comes first");
        let rules = parse_rules(&merged).expect("merged parses").rules;
        assert!(missing_builtin(&rules).is_empty());
        assert!(diff(&rules).is_empty(), "{:?}", diff(&rules));

        // Without a source only that rule cites, the source comes back with it.
        let only_last = last
            .sources
            .iter()
            .find(|k| full.rules.iter().filter(|r| r.sources.contains(k)).count() == 1)
            .expect("the last rule cites a source of its own");
        let at = old
            .find(&format!("[sources.{only_last}]\n"))
            .or_else(|| old.find(&format!("[sources.\"{only_last}\"]\n")))
            .expect("the source");
        let next = old[at..].find("\n\n").map_or(old.len(), |i| at + i + 2);
        let older = format!("{}{}", &old[..at], &old[next..]);
        let older_rules = parse_rules(&older).expect("older parses").rules;
        assert!(older_rules.source(only_last).is_none());
        let merged = with_builtin_rules(&older, &older_rules, &missing_builtin(&older_rules));
        let rules = parse_rules(&merged).expect("merged parses").rules;
        assert!(rules.source(only_last).is_some());
        assert!(diff(&rules).is_empty(), "{:?}", diff(&rules));
    }
}
