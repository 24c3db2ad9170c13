//! The JSON contract for scripts (documented in README.md).
//!
//! ```text
//! { "results": [ { "file", "label": {name, brand, form}, "intake": {...}, "findings": [...],
//!                  "notes": [...] (only when a label has any) } ],
//!   "errors":  [ { "file", "line", "column", "message" } ],
//!   "schema_version": 1,
//!   "summary": { "files_checked", "files_failed", "errors", "findings": {warning, caution,
//!                notice, info}, "worst_severity" },
//!   "rules": { "origin", "path" } }
//! ```
//!
//! Keys are only ever added, at the end of an object; removing or renaming one, or changing
//! what a value means, increases [`SCHEMA_VERSION`].

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

use super::Tally;
use crate::label::{Carrier, DForm, Nutrients};
use crate::rules::{RuleKind, RuleSet, Severity};
use crate::{CheckedLabel, Diagnostic, Intake, LoadedRules, Profile, RulesOrigin};

// Borrowed views of a result, serialised straight to the output: a batch of 10,000 labels
// writes tens of megabytes, and building `Value` trees of copied strings first cost more than
// checking the labels.

#[derive(Serialize)]
struct LabelView<'a> {
    name: &'a str,
    brand: Option<&'a str>,
    form: Option<&'static str>,
}

#[derive(Serialize)]
struct IntakeView<'a> {
    per_serving: &'a Nutrients,
    per_day: &'a Nutrients,
    vitamin_d_forms: &'a [DForm],
    servings_per_day: f64,
    /// Days between administrations: 1 for a daily product (however many servings a day), 7
    /// for a weekly one.
    dose_interval_days: f64,
    /// How the product is taken, as the text report prints it.
    dose: String,
    carrier: Carrier,
    carrier_source: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceView<'a> {
    key: &'a str,
    citation: Option<&'a str>,
    url: Option<&'a str>,
}

/// A rule that could not judge the label, and why.
#[derive(Serialize)]
struct NotCheckedView<'a> {
    rule: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

/// A rule's finding JSON around the parts that vary (message and threshold), serialised once
/// per run: rationale and citations are most of the output, and copying their bytes is much
/// cheaper than escaping them again for every finding.
struct RuleJson {
    /// `{"rule":…,"severity":…,"title":…,"message":`
    head: Vec<u8>,
    /// `,"rationale":…,"evidence":…,"threshold":`
    middle: Vec<u8>,
    /// `,"sources":[…],"region":…,"regulation":…,"audit":` (the audit and `}` follow)
    tail: Vec<u8>,
}

fn rule_json(rule: &crate::rules::Rule, rules: &RuleSet) -> RuleJson {
    let string = |s: &str| serde_json::to_vec(s).unwrap_or_default();
    let mut head = b"{\"rule\":".to_vec();
    head.extend(string(&rule.id));
    head.extend(b",\"severity\":\"");
    head.extend(rule.severity.as_str().as_bytes());
    head.extend(b"\",\"title\":");
    head.extend(string(&rule.title));
    head.extend(b",\"message\":");
    let mut middle = b",\"rationale\":".to_vec();
    middle.extend(string(&crate::rules::diff::rationale_shown(rule)));
    middle.extend(b",\"evidence\":\"");
    middle.extend(rule.evidence.as_str().as_bytes());
    middle.extend(b"\",\"threshold\":");
    let sources = source_views(&rule.sources, rules);
    let mut tail = b",\"sources\":".to_vec();
    tail.extend(serde_json::to_vec(&sources).unwrap_or_default());
    tail.extend(b",\"region\":");
    tail.extend(serde_json::to_vec(&rule.region).unwrap_or_default());
    tail.extend(b",\"regulation\":");
    tail.extend(serde_json::to_vec(&rule.regulation).unwrap_or_default());
    tail.extend(b",\"audit\":");
    RuleJson { head, middle, tail }
}

/// One result as compact JSON.
fn write_result(buf: &mut Vec<u8>, r: &CheckedLabel<'_>, rules: &RuleSet, fragments: &[RuleJson]) {
    let label = LabelView {
        name: &r.label.name,
        brand: r.label.brand.as_deref(),
        form: r.label.form.map(|f| f.as_str()),
    };
    let intake = intake_view(&r.intake);
    // Writing to a Vec cannot fail, and the views hold only serialisable data.
    buf.extend(b"{\"file\":");
    let _ = serde_json::to_writer(&mut *buf, &r.file);
    buf.extend(b",\"label\":");
    let _ = serde_json::to_writer(&mut *buf, &label);
    buf.extend(b",\"intake\":");
    let _ = serde_json::to_writer(&mut *buf, &intake);
    buf.extend(b",\"findings\":[");
    for (i, f) in r.findings.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        let index = rules
            .rules
            .iter()
            .position(|rule| std::ptr::eq(rule, f.rule));
        // A finding from a rule outside `rules` (never the case in `check`) is serialised in full.
        let owned;
        let parts = match index.and_then(|i| fragments.get(i)) {
            Some(parts) => parts,
            None => {
                owned = rule_json(f.rule, rules);
                &owned
            }
        };
        buf.extend(&parts.head);
        let _ = serde_json::to_writer(&mut *buf, &f.message);
        buf.extend(&parts.middle);
        let _ = serde_json::to_writer(&mut *buf, &f.threshold);
        buf.extend(&parts.tail);
        let _ = serde_json::to_writer(&mut *buf, &f.audit);
        buf.push(b'}');
    }
    buf.extend(b"],\"not_checked\":");
    let not_checked: Vec<NotCheckedView<'_>> = r
        .not_checked
        .iter()
        .map(|n| NotCheckedView {
            rule: &n.rule.id,
            reason: &n.reason,
        })
        .collect();
    let _ = serde_json::to_writer(&mut *buf, &not_checked);
    // What could not be read as printed (DSLD amounts not provided…); only when there is any.
    if !r.notes.is_empty() {
        buf.extend(b",\"notes\":");
        let _ = serde_json::to_writer(&mut *buf, &r.notes);
    }
    buf.push(b'}');
}

/// The version of the `check --format json` document (README.md, "JSON output").
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct SummaryView {
    files_checked: usize,
    files_failed: usize,
    errors: usize,
    findings: FindingCounts,
    worst_severity: Option<Severity>,
}

#[derive(Serialize)]
struct FindingCounts {
    warning: usize,
    caution: usize,
    notice: usize,
    info: usize,
}

fn summary_view(tally: &Tally) -> SummaryView {
    SummaryView {
        files_checked: tally.labels,
        files_failed: tally.failed_files,
        errors: tally.errors,
        findings: FindingCounts {
            warning: tally.count(Severity::Warning),
            caution: tally.count(Severity::Caution),
            notice: tally.count(Severity::Notice),
            info: tally.count(Severity::Info),
        },
        worst_severity: tally.worst(),
    }
}

/// Which rules a `check` used: `{"origin": "built-in" | "--rules" | "LABELCHECK_RULES" |
/// "saved", "path": the file or null}`.
#[derive(Serialize)]
struct RulesView<'a> {
    origin: &'static str,
    path: Option<&'a std::path::Path>,
}

fn rules_view(origin: &RulesOrigin) -> RulesView<'_> {
    RulesView {
        origin: origin.kind(),
        path: origin.path(),
    }
}

/// `,"schema_version":1,"summary":{…},"rules":{…}}` and a newline: the end of a `check`
/// document.
fn write_end(
    out: &mut impl Write,
    tally: &Tally,
    origin: &RulesOrigin,
    profile: &Profile,
) -> io::Result<()> {
    write!(out, ",\"schema_version\":{SCHEMA_VERSION},\"summary\":")?;
    serde_json::to_writer(&mut *out, &summary_view(tally)).map_err(io::Error::other)?;
    out.write_all(b",\"rules\":")?;
    serde_json::to_writer(&mut *out, &rules_view(origin)).map_err(io::Error::other)?;
    out.write_all(b",\"profile\":")?;
    serde_json::to_writer(&mut *out, &profile_view(profile)).map_err(io::Error::other)?;
    out.write_all(b"}\n")
}

/// Checks `files` and writes the `check --format json` document as compact JSON followed by a
/// newline, streaming: labels are checked and serialised on all cores and written in file order
/// as they are done, so memory stays flat however many files there are. `errors` are problems
/// found before checking (e.g. a folder with no labels); they come first in the `errors` list,
/// followed by each file that did not load.
pub fn write_check(
    out: &mut impl Write,
    loaded: &LoadedRules,
    profile: &Profile,
    files: &[PathBuf],
    mut errors: Vec<Diagnostic>,
) -> io::Result<Tally> {
    let rules = &loaded.rules;
    let fragments: Vec<RuleJson> = rules.rules.iter().map(|r| rule_json(r, rules)).collect();
    let fragments = &fragments;
    let mut tally = Tally::default();
    tally.add_errors(&errors);
    out.write_all(b"{\"results\":[")?;
    crate::check_files_streamed(
        rules,
        profile,
        files,
        |results| {
            // About 5.5 KB of JSON per label with the default rules; a little more avoids regrowing.
            let mut buf = Vec::with_capacity(results.len() * 6 * 1024);
            for r in &results {
                buf.push(b',');
                write_result(&mut buf, r, rules, fragments);
            }
            (buf, Tally::of(&results))
        },
        |(buf, chunk), load_errors| {
            // Each chunk's JSON starts with a comma; the first in the document must not.
            let body = if tally.labels == 0 {
                buf.get(1..).unwrap_or_default()
            } else {
                &buf[..]
            };
            out.write_all(body)?;
            tally.merge(&chunk);
            tally.add_errors(load_errors);
            errors.extend_from_slice(load_errors);
            Ok::<(), io::Error>(())
        },
    )?;
    out.write_all(b"],\"errors\":")?;
    let views: Vec<ErrorView<'_>> = errors.iter().map(error_view).collect();
    serde_json::to_writer(&mut *out, &views).map_err(io::Error::other)?;
    write_end(out, &tally, &loaded.origin, profile)?;
    out.flush()?;
    Ok(tally)
}

/// The `check --format json` document when the rules did not load: nothing was checked, but
/// scripts still get a document to parse, with the rules file's errors.
pub fn check_without_rules(errors: &[Diagnostic], origin: &RulesOrigin) -> Value {
    let mut tally = Tally::default();
    tally.add_errors(errors);
    json!({
        "results": [],
        "errors": errors.iter().map(error).collect::<Vec<_>>(),
        "schema_version": SCHEMA_VERSION,
        "summary": summary_view(&tally),
        "rules": rules_view(origin),
    })
}

/// The person the labels were checked for: `{"name": "mum" | null, "age": 82 | null,
/// "anticoagulant": "none", "pregnancy": "none", "conditions": [], "medicines": []}`.
pub fn profile_view(p: &Profile) -> Value {
    json!({
        "name": p.name,
        "age": p.age_years,
        "anticoagulant": p.anticoagulant,
        "pregnancy": p.pregnancy,
        "conditions": p.conditions,
        "medicines": p.medicines,
    })
}

pub fn intake(i: &Intake) -> Value {
    serde_json::to_value(intake_view(i)).unwrap_or(Value::Null)
}

fn intake_view(i: &Intake) -> IntakeView<'_> {
    IntakeView {
        per_serving: &i.per_serving,
        per_day: &i.per_day,
        vitamin_d_forms: &i.vitamin_d_forms,
        servings_per_day: i.servings_per_day,
        dose_interval_days: match i.schedule() {
            crate::label::intake::Schedule::Daily { .. } => 1.0,
            crate::label::intake::Schedule::Intermittent { days } => days,
        },
        dose: i.dose_text(),
        carrier: i.carrier,
        carrier_source: i.carrier_source.as_deref(),
    }
}

fn source_views<'a>(keys: &'a [String], rules: &'a RuleSet) -> Vec<SourceView<'a>> {
    keys.iter()
        .map(|k| {
            let entry = rules.source(k);
            SourceView {
                key: k,
                citation: entry.map(|s| s.citation.as_str()),
                url: entry.and_then(|s| s.url.as_deref()),
            }
        })
        .collect()
}

pub fn error(d: &Diagnostic) -> Value {
    serde_json::to_value(error_view(d)).unwrap_or(Value::Null)
}

fn error_view(d: &Diagnostic) -> ErrorView<'_> {
    ErrorView {
        file: &d.file,
        line: d.line,
        column: d.column,
        message: &d.message,
    }
}

/// `labelcheck rules --kinds --format json`: the kinds' documentation.
pub fn kinds() -> Value {
    json!({
        "kinds": RuleKind::DOCS.iter().map(|d| json!({
            "name": d.name,
            "fires_on": d.fires_on,
            "why": d.why,
            "parameters": d.parameters.iter().map(|p| json!({
                "key": p.key,
                "meaning": p.meaning,
            })).collect::<Vec<_>>(),
            "example": d.example.trim(),
        })).collect::<Vec<_>>(),
    })
}

/// `labelcheck rules --diff --format json`: per rule id, how it differs from the built-in rule.
pub fn rules_diff(loaded: &LoadedRules) -> Value {
    use crate::rules::diff::RuleDiff;
    let diffs = crate::rules::diff::diff(&loaded.rules);
    json!({
        "rules": rules_view(&loaded.origin),
        "differences": diffs.iter().map(|d| match d {
            RuleDiff::Added { id } => json!({ "id": id, "change": "added" }),
            RuleDiff::Removed { id } => json!({ "id": id, "change": "removed" }),
            RuleDiff::Changed { id, severity, enabled, thresholds, other } => json!({
                "id": id,
                "change": "changed",
                "severity": severity.map(|(b, n)| json!({ "built_in": b, "now": n })),
                "enabled": enabled.map(|(b, n)| json!({ "built_in": b, "now": n })),
                "thresholds": thresholds.iter().map(|t| json!({
                    "parameter": t.label,
                    "unit": t.unit,
                    "built_in": t.builtin,
                    "now": t.now,
                })).collect::<Vec<_>>(),
                "other_parameters_differ": other,
            }),
        }).collect::<Vec<_>>(),
    })
}

/// `labelcheck rules --format json`.
pub fn rules(loaded: &LoadedRules) -> Value {
    let set = &loaded.rules;
    json!({
        "origin": loaded.origin.describe(),
        "rules": set.rules.iter().map(|r| json!({
            "id": r.id,
            "title": r.title,
            "kind": r.kind.name(),
            "severity": r.severity,
            "enabled": r.enabled,
            "trigger": r.trigger(),
            "parameters": r.parameters(),
            "suppressed_by": r.suppressed_by,
            "evidence": r.evidence,
            "rationale": crate::rules::diff::rationale_shown(r),
            "sources": source_views(&r.sources, set),
            "region": r.region,
            "also_regions": r.also_regions,
            "regulation": r.regulation,
        })).collect::<Vec<_>>(),
        "warnings": loaded.warnings.iter().map(error).collect::<Vec<_>>(),
    })
}
