//! SARIF 2.1.0 output of `check --format sarif`, for a formulator's CI or editor: each finding
//! is a result at the line and column of the label file's value it is about (the printed %DV,
//! the vitamin D unit, the statements), with the rule's regulation paragraph, rationale and
//! sources as its help text. Labels that could not be read are tool notifications with their
//! place; rules that could not judge a label ("the label text has no %DV column") are notes.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Tally;
use crate::diagnostic::{Diagnostic, Source, display_path};
use crate::label::{Intake, Label, value_span};
use crate::rules::{LabelPlace, Quantity, Rule, RuleSet, Severity};
use crate::{CheckedLabel, Finding, LoadedRules, Profile};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a severity: a warning fails a build as an error would.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "error",
        Severity::Caution => "warning",
        Severity::Notice | Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, and the characters a URI gives a
/// meaning to percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '\\' => out.push('/'),
            '%' | ' ' | '#' | '?' | '[' | ']' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '^' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The rule's help: the regulation paragraph first, then why, then the sources.
fn help(rule: &Rule, set: &RuleSet) -> String {
    let mut text = String::new();
    if let Some(reg) = &rule.regulation {
        text.push_str(&format!("Regulation: {reg}.\n\n"));
    }
    text.push_str(&crate::rules::diff::rationale_shown(rule));
    text.push_str("\n\nSources:");
    for key in &rule.sources {
        match set.source(key) {
            Some(s) => {
                text.push_str(&format!("\n[{key}] {}", s.citation));
                if let Some(url) = &s.url {
                    text.push_str(&format!(" {url}"));
                }
            }
            None => text.push_str(&format!("\n[{key}]")),
        }
    }
    text
}

fn rule_descriptor(rule: &Rule, set: &RuleSet) -> Value {
    json!({
        "id": rule.id,
        "name": rule.title,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": format!("Fires when {}.", rule.trigger()) },
        "help": { "text": help(rule, set) },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "severity": rule.severity,
            "evidence": rule.evidence,
            "region": rule.region,
            "also_regions": rule.also_regions,
            "regulation": rule.regulation,
        },
    })
}

/// The first ingredient that supplies a quantity, for findings about an amount per day.
fn ingredient_of(label: &Label, quantity: Quantity) -> Option<usize> {
    label.ingredients.iter().position(|i| {
        let one = Label {
            ingredients: vec![i.clone()],
            ..Label::default()
        };
        quantity.of(&Intake::from_label(&one).per_serving) > 0.0
    })
}

/// Where a finding points: the kind's place, or for an amount rule the ingredient that
/// supplies its quantity.
fn place_of(f: &Finding<'_>, label: &Label) -> Option<LabelPlace> {
    if let Some(p) = &f.place {
        return Some(p.clone());
    }
    let params = f.rule.parameters();
    if f.rule.kind.name() == "iu-mass-mismatch" {
        return iu_mismatch_place(label, &params);
    }
    let quantity = params
        .get("quantity")
        .and_then(Value::as_str)
        .and_then(Quantity::from_key)?;
    ingredient_of(label, quantity).map(|i| LabelPlace::ingredient(i, "amount"))
}

/// The IU figure of the first vitamin D line whose IU and mass disagree beyond the rule's
/// tolerance (the kind reports the lines by name only).
fn iu_mismatch_place(label: &Label, params: &Value) -> Option<LabelPlace> {
    use crate::label::{Nutrient, Unit};
    let tolerance = params.get("tolerance_percent").and_then(Value::as_f64)?;
    label.ingredients.iter().enumerate().find_map(|(i, ing)| {
        if !matches!(ing.nutrient(), Nutrient::VitaminD(_)) {
            return None;
        }
        let (mass, iu, key) = match (ing.unit, ing.alt) {
            (Unit::Iu, Some((a, u))) => (u.mcg_factor()? * a, ing.amount, "amount"),
            (u, Some((a, Unit::Iu))) => (u.mcg_factor()? * ing.amount, a, "alt_amount"),
            _ => return None,
        };
        let expected = mass * crate::label::units::IU_PER_MCG_VITAMIN_D;
        ((iu - expected).abs() / expected * 100.0 > tolerance)
            .then(|| LabelPlace::ingredient(i, key))
    })
}

/// The SARIF region of a place in a label file's text, or, for label text (.txt), the line an
/// ingredient was read from.
fn region(place: &LabelPlace, label: &Label, text: Option<&str>) -> Option<Value> {
    if let Some(text) = text {
        let span = value_span(text, place.ingredient, place.key)
            // A key the file leaves out (no `statements`): the ingredient, or nothing.
            .or_else(|| {
                place
                    .ingredient
                    .and_then(|i| value_span(text, Some(i), "name"))
            })?;
        let src = Source::new("", text);
        let (start_line, start_column) = src.line_column(span.start);
        let (end_line, end_column) = src.line_column(span.end);
        return Some(json!({
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        }));
    }
    let line = place
        .ingredient
        .and_then(|i| label.ingredients.get(i))
        .and_then(|i| i.line)?;
    Some(json!({ "startLine": line }))
}

fn location(file: &str, region: Option<Value>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
    if let (Some(r), Some(map)) = (region, physical.as_object_mut()) {
        map.insert("region".to_string(), r);
    }
    json!({ "physicalLocation": physical })
}

fn error_notification(d: &Diagnostic) -> Value {
    let region =
        (d.line > 0).then(|| json!({ "startLine": d.line, "startColumn": d.column.max(1) }));
    json!({
        "level": "error",
        "message": { "text": d.message },
        "locations": [location(&d.file, region)],
    })
}

/// The results of one checked label.
fn label_results(
    r: &CheckedLabel<'_>,
    path: Option<&Path>,
    index: &HashMap<&str, usize>,
    results: &mut Vec<Value>,
    notes: &mut Vec<Value>,
) {
    // A label file is read again for the places of its values; label text has line numbers.
    let text = path
        .filter(|p| !crate::is_label_text(p))
        .and_then(|p| crate::fsio::read_text_file(p).ok());
    for f in &r.findings {
        let region = place_of(f, &r.label).and_then(|p| region(&p, &r.label, text.as_deref()));
        let mut result = json!({
            "ruleId": f.rule.id,
            "level": level(f.severity()),
            "message": { "text": f.message },
            "locations": [location(&r.file, region)],
        });
        if let Some(map) = result.as_object_mut() {
            if let Some(i) = index.get(f.rule.id.as_str()) {
                map.insert("ruleIndex".to_string(), json!(i));
            }
            let mut properties = json!({ "severity": f.severity() });
            if let (Some(a), Some(p)) = (&f.audit, properties.as_object_mut()) {
                p.insert("printed".to_string(), json!(a.printed));
                p.insert("recomputed".to_string(), json!(a.recomputed));
            }
            if let (Some(reg), Some(p)) = (&f.rule.regulation, properties.as_object_mut()) {
                p.insert("regulation".to_string(), json!(reg));
            }
            map.insert("properties".to_string(), properties);
        }
        results.push(result);
    }
    for n in &r.not_checked {
        notes.push(json!({
            "level": "note",
            "message": { "text": format!("{}: not checked: {}", n.rule.id, n.reason) },
            "locations": [location(&r.file, None)],
            "associatedRule": { "id": n.rule.id },
        }));
    }
}

/// Checks `files` and writes one SARIF 2.1.0 log. Errors also go to `errors` as the text
/// report writes them. The log is written once every label is checked: SARIF is one JSON
/// document, and its results are held until then (a finding is a few hundred bytes).
pub fn write_check(
    out: &mut impl Write,
    errors: &mut impl Write,
    loaded: &LoadedRules,
    profile: &Profile,
    files: &[PathBuf],
    walk_errors: &[Diagnostic],
) -> io::Result<Tally> {
    let set = &loaded.rules;
    let active: Vec<&Rule> = set.rules.iter().filter(|r| set.is_active(r)).collect();
    let index: HashMap<&str, usize> = active
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let paths: HashMap<String, &PathBuf> = files.iter().map(|p| (display_path(p), p)).collect();
    let mut tally = Tally::default();
    tally.add_errors(walk_errors);
    let _ = errors.write_all(super::text::errors(walk_errors).as_bytes());
    let mut notifications: Vec<Value> = walk_errors.iter().map(error_notification).collect();
    let mut results = Vec::new();
    let mut notes = Vec::new();
    let done: Result<(), std::convert::Infallible> = crate::check_files_streamed(
        set,
        profile,
        files,
        |checked| checked,
        |checked, load_errors| {
            let _ = errors.write_all(super::text::errors(load_errors).as_bytes());
            tally.add_errors(load_errors);
            notifications.extend(load_errors.iter().map(error_notification));
            tally.merge(&Tally::of(&checked));
            for r in &checked {
                let path = paths.get(&r.file).map(|p| p.as_path());
                label_results(r, path, &index, &mut results, &mut notes);
            }
            Ok(())
        },
    );
    let Ok(()) = done;
    let _ = errors.flush();
    notifications.extend(notes);
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": { "driver": {
                "name": "labelcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": active.iter().map(|r| rule_descriptor(r, set)).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": tally.errors == 0,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer(&mut *out, &log).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(tally)
}
