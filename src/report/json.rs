//! The JSON contract for scripts (documented in README.md).
//!
//! ```text
//! { "results": [ { "file", "label": {name, brand, form}, "intake": {...}, "findings": [...] } ],
//!   "errors":  [ { "file", "line", "column", "message" } ] }
//! ```

use serde_json::{Value, json};

use crate::rules::{Finding, RuleSet};
use crate::{Batch, CheckedLabel, Diagnostic, Intake, LoadedRules};

/// The whole `check --format json` document.
pub fn batch(batch: &Batch<'_>, rules: &RuleSet) -> Value {
    json!({
        "results": batch.results.iter().map(|r| result(r, rules)).collect::<Vec<_>>(),
        "errors": batch.errors.iter().map(error).collect::<Vec<_>>(),
    })
}

pub fn result(r: &CheckedLabel<'_>, rules: &RuleSet) -> Value {
    json!({
        "file": r.file,
        "label": {
            "name": r.label.name,
            "brand": r.label.brand,
            "form": r.label.form.map(|f| f.as_str()),
        },
        "intake": intake(&r.intake),
        "findings": r.findings.iter().map(|f| finding(f, rules)).collect::<Vec<_>>(),
    })
}

pub fn intake(i: &Intake) -> Value {
    json!({
        "per_serving": i.per_serving,
        "per_day": i.per_day,
        "vitamin_d_forms": i.vitamin_d_forms,
        "servings_per_day": i.servings_per_day,
        "carrier": i.carrier,
        "carrier_source": i.carrier_source,
    })
}

pub fn finding(f: &Finding<'_>, rules: &RuleSet) -> Value {
    json!({
        "rule": f.rule.id,
        "severity": f.severity(),
        "title": f.rule.title,
        "message": f.message,
        "rationale": f.rule.rationale,
        "evidence": f.rule.evidence,
        "threshold": f.threshold,
        "sources": sources(&f.rule.sources, rules),
    })
}

fn sources(keys: &[String], rules: &RuleSet) -> Vec<Value> {
    keys.iter()
        .map(|k| {
            let entry = rules.source(k);
            json!({
                "key": k,
                "citation": entry.map(|s| s.citation.as_str()),
                "url": entry.and_then(|s| s.url.as_deref()),
            })
        })
        .collect()
}

pub fn error(d: &Diagnostic) -> Value {
    json!({ "file": d.file, "line": d.line, "column": d.column, "message": d.message })
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
            "rationale": r.rationale,
            "sources": sources(&r.sources, set),
        })).collect::<Vec<_>>(),
        "warnings": loaded.warnings.iter().map(error).collect::<Vec<_>>(),
    })
}
