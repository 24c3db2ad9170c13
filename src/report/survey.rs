//! `labelcheck survey` output: text with bar charts drawn in characters, JSON, and CSV for
//! spreadsheets. Every name from the input is escaped (text) or quoted (CSV) before it is
//! written.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::escape::visible;
use crate::format::number;
use crate::rules::RuleSet;
use crate::survey::{D_BANDS_IU, Survey};
use crate::{Profile, RulesOrigin};

/// The labels of the vitamin D per day bands.
pub fn band_labels() -> [String; 5] {
    let b = D_BANDS_IU;
    [
        format!("≤ {} IU", number(b[0])),
        format!("≤ {} IU", number(b[1])),
        format!("≤ {} IU", number(b[2])),
        format!("≤ {} IU", number(b[3])),
        format!("> {} IU", number(b[3])),
    ]
}

/// `part` of `whole` as a percentage with one decimal ("12.5%"); "–" when there is no whole.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn fraction(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The width of the longest bar.
const BAR: usize = 30;

/// A bar of `part` against `max`, in eighths of a character; at least a sliver when `part` is
/// not 0, so that a rare case is never drawn as none.
fn bar(part: u64, max: u64) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if max == 0 || part == 0 {
        return String::new();
    }
    let eighths = ((part as f64 / max as f64) * (BAR * 8) as f64)
        .round()
        .max(1.0) as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    out
}

/// Rows of `label  count  share  bar`, aligned.
fn chart(out: &mut String, rows: &[(String, u64)], whole: u64) {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let label_width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let count_width = rows
        .iter()
        .map(|(_, n)| number(*n as f64).len())
        .max()
        .unwrap_or(1);
    for (label, n) in rows {
        let pad = label_width - label.chars().count();
        let _ = writeln!(
            out,
            "  {label}{}  {:>count_width$}  {:>6}  {}",
            " ".repeat(pad),
            number(*n as f64),
            share(*n, whole),
            bar(*n, max)
        );
    }
}

fn who(profile: &Profile) -> String {
    let column = match profile.age_years {
        Some(_) => "",
        None => "; DSLD records in their column for adults and children 4 years and over",
    };
    format!("{}{column}", profile.summary())
}

/// The text report.
pub fn text(s: &Survey, rules: &RuleSet, profile: &Profile, origin: &RulesOrigin) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Survey of {} label(s) read; {} record(s) or file(s) could not be read (listed on standard error).",
        number(s.labels as f64),
        number(s.failed() as f64)
    );
    let _ = writeln!(out, "Checked for: {}.", visible(&who(profile)));
    if s.with_notes > 0 {
        let _ = writeln!(
            out,
            "{} label(s) have something not read as printed (an amount not provided, a unit not understood, no daily servings…; see `labelcheck check` for each); for {} of them the vitamin D amount is unknown and the vitamin D dose rules could not be applied.",
            number(s.with_notes as f64),
            number(s.vitamin_d_unknown as f64)
        );
    }
    if s.off_market > 0 {
        let _ = writeln!(
            out,
            "{} DSLD record(s) are marked off the market.",
            number(s.off_market as f64)
        );
    }

    let _ = writeln!(
        out,
        "\nLabels each rule fires on (share of the labels read):"
    );
    let rows: Vec<(String, u64)> = rules
        .rules
        .iter()
        .zip(&s.rule_labels)
        .filter(|(r, _)| r.enabled && r.applies_in(&rules.regions))
        .map(|(r, n)| (format!("{:<7} {}", r.severity.as_str(), visible(&r.id)), *n))
        .collect();
    chart(&mut out, &rows, s.labels);

    let _ = writeln!(
        out,
        "\nVitamin D per day ({} label(s) with vitamin D):",
        number(s.with_vitamin_d as f64)
    );
    let bands: Vec<(String, u64)> = band_labels().into_iter().zip(s.vitamin_d_bands).collect();
    chart(&mut out, &bands, s.with_vitamin_d);

    let with_k2: u64 = s.k2_forms.values().sum();
    let _ = writeln!(
        out,
        "\nVitamin K2 forms ({} label(s) with K2):",
        number(with_k2 as f64)
    );
    if with_k2 == 0 {
        let _ = writeln!(out, "  none");
    } else {
        let mut forms: Vec<(String, u64)> =
            s.k2_forms.iter().map(|(k, v)| (k.clone(), *v)).collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chart(&mut out, &forms, with_k2);
    }

    let _ = writeln!(out, "\nCarriers (what the vitamins come in):");
    let carriers: Vec<(String, u64)> = ["oil", "none", "unknown"]
        .iter()
        .map(|c| (c.to_string(), s.carriers.get(*c).copied().unwrap_or(0)))
        .collect();
    chart(&mut out, &carriers, s.labels);
    let oil_total: u64 = s.oils.values().sum();
    if oil_total > 0 {
        let _ = writeln!(out, "  most named oils:");
        let mut oils: Vec<(String, u64)> = s
            .oils
            .iter()
            .map(|(k, v)| (visible(k).into_owned(), *v))
            .collect();
        oils.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        oils.truncate(10);
        let mut sub = String::new();
        chart(&mut sub, &oils, oil_total);
        for line in sub.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }

    if !s.top.is_empty() {
        let _ = writeln!(out, "\nTop {} label(s) by vitamin D per day:", s.top.len());
        let width = s
            .top
            .iter()
            .map(|t| number(t.vitamin_d_iu_per_day).len())
            .max()
            .unwrap_or(1);
        for (i, t) in s.top.iter().enumerate() {
            let brand = t
                .brand
                .as_deref()
                .map(|b| format!(" ({})", visible(b)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>2}. {:>width$} IU  {}{brand}  {}",
                i + 1,
                number(t.vitamin_d_iu_per_day),
                visible(&t.name),
                visible(&t.file)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nRun `labelcheck explain RULE` for a rule's rationale and sources. labelcheck informs; it does not prescribe."
    );
    let _ = writeln!(out, "Rules used: {}.", visible(&origin.summary()));
    out
}

/// The JSON report.
pub fn json(s: &Survey, rules: &RuleSet, profile: &Profile, origin: &RulesOrigin) -> Value {
    let bands: Vec<Value> = band_labels()
        .iter()
        .enumerate()
        .map(|(i, label)| {
            json!({
                "band": label,
                "up_to_iu": D_BANDS_IU.get(i),
                "labels": s.vitamin_d_bands[i],
                "share": fraction(s.vitamin_d_bands[i], s.with_vitamin_d),
            })
        })
        .collect();
    json!({
        "labels_read": s.labels,
        "labels_failed": s.failed(),
        "errors": s.errors.iter().map(|(_, d)| json!({
            "file": d.file, "line": d.line, "column": d.column, "message": d.message,
        })).collect::<Vec<_>>(),
        "profile": serde_json::to_value(profile).unwrap_or(Value::Null),
        "rules": rules.rules.iter().zip(&s.rule_labels).filter(|(r, _)| r.enabled && r.applies_in(&rules.regions)).map(|(r, n)| json!({
            "id": r.id, "severity": r.severity.as_str(), "labels": n, "share": fraction(*n, s.labels),
        })).collect::<Vec<_>>(),
        "vitamin_d_per_day": {
            "labels_with_vitamin_d": s.with_vitamin_d,
            "labels_vitamin_d_unknown": s.vitamin_d_unknown,
            "bands": bands,
        },
        "labels_with_unread_amounts": s.with_notes,
        "k2_forms": s.k2_forms,
        "carriers": s.carriers,
        "oils": s.oils,
        "off_market": s.off_market,
        "top_vitamin_d_per_day": s.top.iter().map(|t| json!({
            "file": t.file, "name": t.name, "brand": t.brand, "vitamin_d_iu_per_day": t.vitamin_d_iu_per_day,
        })).collect::<Vec<_>>(),
        "rules_origin": {"origin": origin.kind(), "path": origin.path().map(crate::diagnostic::display_path)},
    })
}

/// A cell a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`, `@` or a
/// tab is prefixed with `'`.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The CSV report: one row per figure, `section,item,labels,share,detail`.
pub fn csv(s: &Survey, rules: &RuleSet) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "item", "labels", "share", "detail"])?;
    let mut row = |section: &str, item: &str, n: u64, whole: u64, detail: &str| {
        w.write_record([
            section.to_string(),
            cell(item),
            n.to_string(),
            fraction(n, whole)
                .map(|f| format!("{f:.6}"))
                .unwrap_or_default(),
            cell(detail),
        ])
    };
    row("labels", "read", s.labels, 0, "")?;
    row(
        "labels",
        "failed",
        s.failed() as u64,
        0,
        "records or files that could not be read",
    )?;
    row(
        "labels",
        "amount not provided or unreadable",
        s.with_notes,
        s.labels,
        "",
    )?;
    row("labels", "off market", s.off_market, s.labels, "")?;
    for (r, n) in rules
        .rules
        .iter()
        .zip(&s.rule_labels)
        .filter(|(r, _)| r.enabled && r.applies_in(&rules.regions))
    {
        row("rule", &r.id, *n, s.labels, r.severity.as_str())?;
    }
    for (label, n) in band_labels().iter().zip(s.vitamin_d_bands) {
        row("vitamin_d_per_day", label, n, s.with_vitamin_d, "")?;
    }
    row(
        "vitamin_d_per_day",
        "unknown (not provided)",
        s.vitamin_d_unknown,
        s.labels,
        "",
    )?;
    let with_k2: u64 = s.k2_forms.values().sum();
    for (form, n) in &s.k2_forms {
        row("k2_form", form, *n, with_k2, "")?;
    }
    for (carrier, n) in &s.carriers {
        row("carrier", carrier, *n, s.labels, "")?;
    }
    let oils: u64 = s.oils.values().sum();
    for (oil, n) in &s.oils {
        row("oil", oil, *n, oils, "")?;
    }
    for t in &s.top {
        w.write_record([
            "top_vitamin_d_per_day".to_string(),
            cell(&t.name),
            String::new(),
            String::new(),
            format!(
                "{} IU/day; {}",
                crate::format::plain(t.vitamin_d_iu_per_day),
                cell(&t.file)
            ),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
