//! A regimen's check and a comparison of products, as text for people and JSON for scripts.
//! Every label-supplied string (names, files, reasons) is made visible before it reaches a
//! terminal.

use std::fmt::Write;

use anstyle::Style;
use serde_json::{Value, json};

use super::json::{self, SCHEMA_VERSION};
use super::text::severity_style;
use crate::escape::visible;
use crate::format::number;
use crate::label::Intake;
use crate::profile::{Anticoagulant, Pregnancy, Profile};
use crate::regimen::{CheckedRegimen, Contribution, RegimenFinding, Taken};
use crate::rules::{Finding, Quantity, RuleSet, Severity};
use crate::{CheckedLabel, Diagnostic, RulesOrigin};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// "an adult (age not given), no anticoagulant", "age 72, on a vitamin K antagonist (…),
/// conditions: chronic kidney disease": the person in words, for a report's heading.
pub fn describe_profile(p: &Profile) -> String {
    let mut parts = vec![match p.age_years {
        Some(a) => format!("age {}", number(a)),
        None => "an adult (age not given)".to_string(),
    }];
    parts.push(match p.anticoagulant {
        Anticoagulant::None => "no anticoagulant".to_string(),
        other => format!("on {}", other.describe()),
    });
    if p.pregnancy != Pregnancy::None {
        parts.push(p.pregnancy.describe().to_string());
    }
    if !p.conditions.is_empty() {
        let c: Vec<&str> = p.conditions.iter().map(|c| c.describe()).collect();
        parts.push(format!("conditions: {}", c.join(", ")));
    }
    if !p.medicines.is_empty() {
        let m: Vec<&str> = p.medicines.iter().map(|m| m.describe()).collect();
        parts.push(format!("medicines: {}", m.join(", ")));
    }
    let text = parts.join(", ");
    match &p.name {
        Some(name) => format!("profile \"{}\": {text}", visible(name)),
        None => text,
    }
}

/// How a product is taken, with the amount per administration and the daily average:
/// "1 capsule per week (50,000 IU; 7,143 IU/day on average)", and whether that is the
/// label's direction. Several servings at once on a schedule are said in servings.
pub fn taken_text(p: &crate::regimen::Product, c: &crate::regimen::CheckedProduct<'_>) -> String {
    let at_once_one = (c.servings - 1.0).abs() < 1e-9 || c.every_days <= 1.0 + 1e-9;
    let text = if at_once_one {
        c.intake.dose_text()
    } else {
        p.taken.describe(&p.label)
    };
    match p.taken {
        Taken::AsLabel if p.label.servings_per_day.is_some() => {
            format!("{text}, as the label says")
        }
        Taken::AsLabel => {
            format!("{text}; the label does not say how often, so once a day is assumed")
        }
        _ if at_once_one => format!("{text}, as noted in the regimen"),
        _ => text,
    }
}

/// "no findings for the rules checked among 3 products", or the counts by severity.
pub fn summary_line(checked: &CheckedRegimen<'_>) -> String {
    let n = checked.regimen.products.len();
    let products = format!("{n} product{}", if n == 1 { "" } else { "s" });
    let counts = severity_counts(checked.all_findings());
    if counts.is_empty() {
        format!("no findings for the rules checked among {products}")
    } else {
        format!("{} among {products}", counts.join(", "))
    }
}

fn severity_counts<'a, 'r: 'a>(findings: impl Iterator<Item = &'a Finding<'r>>) -> Vec<String> {
    let mut n = [0usize; 4];
    for f in findings {
        n[f.severity() as usize] += 1;
    }
    Severity::ALL
        .iter()
        .rev()
        .filter(|s| n[**s as usize] > 0)
        .map(|s| {
            let count = n[*s as usize];
            let word = if *s == Severity::Info || count == 1 {
                s.as_str().to_string()
            } else {
                format!("{}s", s.as_str())
            };
            format!("{count} {word}")
        })
        .collect()
}

/// "5,000 IU", "1,200 mg": an amount with its quantity's unit.
fn amount(q: Quantity, value: f64) -> String {
    format!("{} {}", number(value), q.unit())
}

/// The text report of a regimen.
pub fn text(checked: &CheckedRegimen<'_>, origin: &RulesOrigin) -> String {
    let mut out = String::new();
    let r = &checked.regimen;
    let title = match &r.name {
        Some(name) => format!("Regimen: {}", visible(name)),
        None => "Regimen".to_string(),
    };
    let _ = writeln!(
        out,
        "{BOLD}{title}{BOLD:#} — {} product{}, checked for {}",
        r.products.len(),
        if r.products.len() == 1 { "" } else { "s" },
        describe_profile(&checked.profile)
    );
    let _ = writeln!(out, "\n{BOLD}Products{BOLD:#}");
    for (i, (p, c)) in r.products.iter().zip(&checked.products).enumerate() {
        let _ = writeln!(
            out,
            "  {}. {}  {DIM}{}{DIM:#}",
            i + 1,
            visible(p.name()),
            visible(&p.file)
        );
        let _ = writeln!(out, "     taken: {}", visible(&taken_text(p, c)));
        if let Some(reason) = &p.reason {
            let _ = writeln!(out, "     reason: {}", visible(reason));
        }
        for f in &c.findings {
            let _ = writeln!(out, "     {}", finding_line(f));
        }
    }
    let _ = writeln!(
        out,
        "\n{BOLD}Totals{BOLD:#} (per day on average; on a day every product is taken)"
    );
    if checked.totals.is_empty() {
        let _ = writeln!(
            out,
            "  none of the products supplies a nutrient the rules check"
        );
    }
    // At least 20 columns; wider when a long name ("vitamin K (form not stated)") is listed.
    let width = checked
        .totals
        .iter()
        .map(|t| t.quantity.noun().chars().count())
        .max()
        .unwrap_or(0)
        .max(20);
    for t in &checked.totals {
        let bolus = if (t.heaviest_day - t.per_day).abs() > 1e-9 {
            format!(
                "; {} on a day every product is taken",
                amount(t.quantity, t.heaviest_day)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<width$} {}/day{bolus}",
            t.quantity.noun(),
            amount(t.quantity, t.per_day)
        );
        let parts: Vec<String> = t
            .contributions
            .iter()
            .map(|c| contribution(checked, c))
            .collect();
        let _ = writeln!(out, "  {:<width$} {DIM}{}{DIM:#}", "", parts.join("; "));
    }
    if !checked.findings.is_empty() {
        let _ = writeln!(out, "\n{BOLD}Findings on the total{BOLD:#}");
        for f in &checked.findings {
            total_finding(&mut out, checked, f);
        }
    }
    if !checked.duplications.is_empty() {
        let _ = writeln!(
            out,
            "\n{BOLD}The same nutrient from several products{BOLD:#}"
        );
        for f in &checked.duplications {
            total_finding(&mut out, checked, f);
        }
    }
    let _ = writeln!(out, "\n{}.", capitalise(&summary_line(checked)));
    if checked.worst().is_some() {
        let _ = writeln!(
            out,
            "Run `labelcheck explain RULE` for a rule's rationale and sources. labelcheck informs; it does not prescribe."
        );
    }
    let _ = writeln!(out, "Rules: {}", visible(&origin.summary()));
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn finding_line(f: &Finding<'_>) -> String {
    let style = severity_style(f.severity());
    format!(
        "{style}{:<7}{style:#}  {}  {}",
        f.severity().as_str(),
        visible(&f.rule.id),
        visible(&f.message)
    )
}

fn contribution(checked: &CheckedRegimen<'_>, c: &Contribution) -> String {
    format!(
        "{} {}",
        visible(checked.regimen.products[c.product].name()),
        c.describe()
    )
}

fn total_finding(out: &mut String, checked: &CheckedRegimen<'_>, f: &RegimenFinding<'_>) {
    let _ = writeln!(out, "  {}", finding_line(&f.finding));
    for line in f.contribution_lines(&checked.regimen) {
        let _ = writeln!(out, "           {DIM}{}{DIM:#}", visible(&line));
    }
}

/// The `check` JSON document of a regimen: the `regimen` result, the errors of products left
/// out, and the summary and rules objects of every `check` document.
pub fn json(
    checked: &CheckedRegimen<'_>,
    file: Option<&str>,
    rules: &RuleSet,
    origin: &RulesOrigin,
    errors: &[Diagnostic],
) -> Value {
    let r = &checked.regimen;
    let products: Vec<Value> = r
        .products
        .iter()
        .zip(&checked.products)
        .map(|(p, c)| {
            json!({
                "file": p.file,
                "label": {
                    "name": p.label.name,
                    "brand": p.label.brand,
                    "form": p.label.form.map(|f| f.as_str()),
                },
                "reason": p.reason,
                "taken": taken_json(p, c),
                "intake": json::intake(&c.intake),
                "findings": c.findings.iter().map(|f| json::finding(f, rules)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let totals: Vec<Value> = checked
        .totals
        .iter()
        .map(|t| {
            json!({
                "quantity": t.quantity.key(),
                "unit": t.quantity.per_day_unit(),
                "per_day": t.per_day,
                "heaviest_day": t.heaviest_day,
                "contributions": t.contributions.iter().map(|c| contribution_json(checked, c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let finding = |f: &RegimenFinding<'_>| {
        let mut v = json::finding(&f.finding, rules);
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "contributions".into(),
                f.contributions
                    .iter()
                    .map(|(q, cs)| {
                        json!({
                            "quantity": q.key(),
                            "per_day": cs.iter().map(|c| c.per_day).sum::<f64>(),
                            "products": cs.iter().map(|c| contribution_json(checked, c)).collect::<Vec<_>>(),
                        })
                    })
                    .collect::<Vec<_>>()
                    .into(),
            );
            o.insert("contributions_text".into(), f.contribution_lines(r).into());
        }
        v
    };
    let mut counts = [0usize; 4];
    for f in checked.all_findings() {
        counts[f.severity() as usize] += 1;
    }
    json!({
        "regimen": {
            "file": file,
            "name": r.name,
            "person": json::profile_view(&checked.profile),
            "products": products,
            "totals": totals,
            "findings": checked.findings.iter().map(finding).collect::<Vec<_>>(),
            "duplications": checked.duplications.iter().map(finding).collect::<Vec<_>>(),
        },
        "errors": errors.iter().map(json::error).collect::<Vec<_>>(),
        "schema_version": SCHEMA_VERSION,
        "summary": {
            "products": r.products.len(),
            "errors": errors.len(),
            "findings": {
                "warning": counts[Severity::Warning as usize],
                "caution": counts[Severity::Caution as usize],
                "notice": counts[Severity::Notice as usize],
                "info": counts[Severity::Info as usize],
            },
            "worst_severity": checked.worst(),
            "text": summary_line(checked),
        },
        "rules": json::rules_used(origin),
    })
}

fn taken_json(p: &crate::regimen::Product, c: &crate::regimen::CheckedProduct<'_>) -> Value {
    json!({
        "description": taken_text(p, c),
        "servings_per_day": p.taken.servings_per_day(&p.label),
        "servings_at_once": c.servings,
        "every_days": c.every_days,
        "from_label": p.taken == Taken::AsLabel,
    })
}

fn contribution_json(checked: &CheckedRegimen<'_>, c: &Contribution) -> Value {
    json!({
        "product": c.product,
        "name": checked.regimen.products[c.product].name(),
        "per_day": c.per_day,
        "per_serving": c.per_serving,
        "servings_at_once": c.servings,
        "every_days": c.every_days,
        "per_administration": c.per_administration(),
    })
}

// --- compare ---------------------------------------------------------------------------------

/// The rows of a comparison: what each product supplies per day, its forms and carrier.
fn compare_rows(results: &[CheckedLabel<'_>]) -> Vec<(String, Vec<String>)> {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let row = |f: &dyn Fn(&CheckedLabel<'_>) -> String| results.iter().map(f).collect();
    rows.push(("file".into(), row(&|r| visible(&r.file).into_owned())));
    rows.push((
        "brand".into(),
        row(&|r| {
            r.label
                .brand
                .as_deref()
                .map_or("—".into(), |b| visible(b).into_owned())
        }),
    ));
    rows.push((
        "form".into(),
        row(&|r| r.label.form.map_or("—".into(), |f| f.as_str().to_string())),
    ));
    rows.push((
        "servings a day".into(),
        row(&|r| {
            let n = number(r.intake.servings_per_day);
            if r.label.servings_per_day.is_some() {
                n
            } else {
                format!("{n} (assumed)")
            }
        }),
    ));
    for q in crate::regimen::TOTALLED {
        if results.iter().any(|r| q.of(&r.intake.per_day) > 0.0) {
            rows.push((
                format!("{}/day", q.noun()),
                row(&|r| per_day_cell(q, &r.intake)),
            ));
        }
    }
    rows.push((
        "vitamin D form".into(),
        row(&|r| {
            if r.intake.vitamin_d_forms.is_empty() {
                "—".into()
            } else {
                r.intake
                    .vitamin_d_forms
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }),
    ));
    rows.push((
        "carrier".into(),
        row(&|r| match &r.intake.carrier_source {
            Some(s) => format!("{} ({})", r.intake.carrier.as_str(), visible(s)),
            None => r.intake.carrier.as_str().to_string(),
        }),
    ));
    rows
}

fn per_day_cell(q: Quantity, intake: &Intake) -> String {
    let v = q.of(&intake.per_day);
    if v <= 0.0 {
        return "—".into();
    }
    let per_serving = q.of(&intake.per_serving);
    if intake.servings_per_day < 1.0 {
        format!("{} ({}/serving)", amount(q, v), amount(q, per_serving))
    } else {
        amount(q, v)
    }
}

/// The rule ids that fire for any product, in rule-file order.
fn fired_rules<'r>(results: &[CheckedLabel<'r>], rules: &'r RuleSet) -> Vec<&'r str> {
    rules
        .rules
        .iter()
        .filter(|rule| {
            results
                .iter()
                .any(|r| r.findings.iter().any(|f| f.rule.id == rule.id))
        })
        .map(|rule| rule.id.as_str())
        .collect()
}

/// The most characters a column of the comparison table takes; longer cells are cut with "…".
const COLUMN_CHARS: usize = 32;

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The rows of the side-by-side comparison, as `compare` prints them and the app's Compare
/// view shows them: (row heading, one cell per product) for each amount per day, the vitamin D
/// form, the carrier, then each rule that fires for any product (its severity, or "—").
pub fn compare_table(results: &[CheckedLabel<'_>], rules: &RuleSet) -> Vec<(String, Vec<String>)> {
    let mut rows = compare_rows(results);
    for id in fired_rules(results, rules) {
        rows.push((
            id.to_string(),
            results
                .iter()
                .map(|r| {
                    r.findings
                        .iter()
                        .find(|f| f.rule.id == id)
                        .map_or("—".to_string(), |f| f.severity().as_str().to_string())
                })
                .collect(),
        ));
    }
    rows
}

/// Products side by side: one column per product, one row per amount, form, carrier and rule
/// that fired; then each product's findings in full.
pub fn compare_text(results: &[CheckedLabel<'_>], rules: &RuleSet) -> String {
    let rows = compare_table(results, rules);
    let names: Vec<String> = results
        .iter()
        .map(|r| cut(&visible(&r.label.name), COLUMN_CHARS))
        .collect();
    let head_width = rows
        .iter()
        .map(|(h, _)| h.chars().count())
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..results.len())
        .map(|i| {
            rows.iter()
                .map(|(_, cells)| cut(&cells[i], COLUMN_CHARS).chars().count())
                .chain(std::iter::once(names[i].chars().count()))
                .max()
                .unwrap_or(1)
        })
        .collect();
    let mut out = String::new();
    let line = |out: &mut String, head: &str, cells: &[String], style: Style| {
        let _ = write!(out, "{:<head_width$}", head);
        for (cell, w) in cells.iter().zip(&widths) {
            let cell = cut(cell, COLUMN_CHARS);
            let pad = w.saturating_sub(cell.chars().count());
            let _ = write!(out, "  {style}{cell}{style:#}{}", " ".repeat(pad));
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    };
    line(&mut out, "", &names, BOLD);
    for (head, cells) in &rows {
        line(&mut out, head, cells, Style::new());
    }
    out.push('\n');
    for r in results {
        let _ = writeln!(out, "{BOLD}{}{BOLD:#}", visible(&r.label.name));
        if r.findings.is_empty() {
            let _ = writeln!(out, "  no findings for the rules checked");
        }
        for f in &r.findings {
            let _ = writeln!(out, "  {}", finding_line(f));
        }
    }
    out.push_str(
        "\nRun `labelcheck explain RULE` for a rule's rationale and sources. labelcheck informs; it does not prescribe.\n",
    );
    out
}

/// The `compare --format json` document.
pub fn compare_json(
    results: &[CheckedLabel<'_>],
    rules: &RuleSet,
    origin: &RulesOrigin,
    errors: &[Diagnostic],
) -> Value {
    let products: Vec<Value> = results
        .iter()
        .map(|r| {
            json!({
                "file": r.file,
                "label": {
                    "name": r.label.name,
                    "brand": r.label.brand,
                    "form": r.label.form.map(|f| f.as_str()),
                },
                "intake": json::intake(&r.intake),
                "findings": r.findings.iter().map(|f| json::finding(f, rules)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "compare": { "products": products },
        "errors": errors.iter().map(json::error).collect::<Vec<_>>(),
        "schema_version": SCHEMA_VERSION,
        "rules": json::rules_used(origin),
    })
}
