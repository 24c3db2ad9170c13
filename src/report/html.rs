//! The report to hand over: a regimen's check as one self-contained HTML page (or Markdown),
//! shaped like a pharmacist's medication review.
//!
//! The page is rendered from askama templates (`templates/report.html`, `templates/report.md`)
//! filled from one view built here. HTML escapes every value at render time; for Markdown,
//! every value is escaped here, as it is put in the view. The page needs no script and
//! fetches nothing: the charts are inline SVG and the styles are in the page.

use askama::Template;

use crate::diagnostic::Diagnostic;
use crate::format::number;
use crate::regimen::{CheckedRegimen, Contribution, NutrientTotal, RegimenFinding};
use crate::rules::kinds::RuleKind;
use crate::rules::model::Basis;
use crate::rules::{Finding, RuleSet, Severity};
use crate::{Profile, RulesOrigin};

/// Who the report is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Plain words for the person who takes the products.
    Person,
    /// Adds rule ids, thresholds and evidence kinds, for a pharmacist or doctor.
    Professional,
}

/// What a report is made from. The date is handed in: the core never reads the clock.
pub struct ReportInput<'a, 'r> {
    pub checked: &'a CheckedRegimen<'r>,
    pub rules: &'a RuleSet,
    pub origin: &'a RulesOrigin,
    /// Products left out of the regimen, listed in the report.
    pub errors: &'a [Diagnostic],
    /// "2026-11-29".
    pub date: &'a str,
    pub audience: Audience,
}

// --- Every sentence of the report --------------------------------------------------------------

const TITLE: &str = "Supplement review";
const STATEMENT: &str = "labelcheck informs; it does not prescribe. This report lists what the \
    rules named above flag in these labels, for the person described. It is not medical advice, \
    and no finding, or the absence of one, means that a product or an amount is safe. Bring it \
    to your pharmacist or doctor and decide together.";
const NOTHING_FOUND: &str = "No findings for the rules checked. That is not a statement that \
    these products are safe: only the rules listed were checked, against what the labels say.";
const TOTALS_NOTE: &str = "Each bar is the amount per day on average, split by product. Lines \
    mark the limits the rules use. A product taken weekly or monthly is averaged over its \
    schedule; the amount on a day every product is taken is written under the bar.";
const DUPLICATIONS_NOTE: &str = "Upper limits concern everything a person takes, so the same \
    nutrient from several products is worth seeing together.";

fn advice(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Warning => (
            "Talk to your pharmacist or doctor before taking these",
            "These findings concern a medicine or an amount that should be discussed before \
             you go on taking the products as listed.",
        ),
        Severity::Caution => (
            "Ask your pharmacist or doctor before continuing at these amounts",
            "These amounts are past a limit the rules use; doses like these are usually taken \
             only with medical advice.",
        ),
        Severity::Notice => (
            "Worth mentioning at your next review",
            "Points about the products that are worth knowing; they do not call for a change on \
             their own.",
        ),
        Severity::Info => (
            "For information",
            "Notes that help read the labels; no action is suggested by these rules.",
        ),
    }
}

// --- The view the templates read ---------------------------------------------------------------

struct Header {
    title: String,
    for_whom: String,
    profile: String,
    date: String,
    rules_used: String,
    rules_count: String,
    products: String,
    version: String,
}

struct SummaryGroup {
    severity: &'static str,
    heading: &'static str,
    advice: &'static str,
    items: Vec<SummaryItem>,
}

struct SummaryItem {
    title: String,
    message: String,
    about: String,
}

struct ProductView {
    number: usize,
    name: String,
    details: String,
    file: String,
    taken: String,
    reason: Option<String>,
    per_day: String,
    colour: &'static str,
    findings: Vec<String>,
}

struct TotalView {
    noun: String,
    per_day: String,
    heaviest_day: Option<String>,
    contributions: Vec<Legend>,
    limits: Vec<String>,
    chart: Chart,
}

struct Legend {
    colour: &'static str,
    text: String,
}

struct Chart {
    width: u32,
    height: u32,
    bar_y: u32,
    bar_height: u32,
    description: String,
    segments: Vec<Segment>,
    heaviest: Option<Segment>,
    marks: Vec<Mark>,
}

struct Segment {
    x: String,
    width: String,
    colour: &'static str,
    title: String,
}

struct Mark {
    x: String,
    colour: &'static str,
    label: String,
    label_y: u32,
    anchor: &'static str,
}

struct FindingView {
    severity: &'static str,
    title: String,
    scope: String,
    message: String,
    contributions: Vec<String>,
    rationale: String,
    evidence: String,
    evidence_kind: String,
    rule_id: String,
    trigger: String,
    threshold: Option<String>,
    sources: Vec<SourceView>,
}

struct SourceView {
    key: String,
    citation: String,
    url: Option<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct HtmlReport {
    professional: bool,
    header: Header,
    summary: Vec<SummaryGroup>,
    nothing_found: Option<&'static str>,
    products: Vec<ProductView>,
    totals: Vec<TotalView>,
    totals_note: &'static str,
    findings: Vec<FindingView>,
    duplications: Vec<FindingView>,
    duplications_note: &'static str,
    errors: Vec<String>,
    statement: &'static str,
}

#[derive(Template)]
#[template(path = "report.md", escape = "none")]
struct MarkdownReport {
    professional: bool,
    header: Header,
    summary: Vec<SummaryGroup>,
    nothing_found: Option<&'static str>,
    products: Vec<ProductView>,
    totals: Vec<TotalView>,
    findings: Vec<FindingView>,
    duplications: Vec<FindingView>,
    duplications_note: &'static str,
    errors: Vec<String>,
    statement: &'static str,
}

/// The report as one HTML page.
pub fn html(input: &ReportInput<'_, '_>) -> Result<String, askama::Error> {
    let v = View::build(input, &|s: &str| s.to_string());
    HtmlReport {
        professional: input.audience == Audience::Professional,
        header: v.header,
        summary: v.summary,
        nothing_found: v.nothing_found,
        products: v.products,
        totals: v.totals,
        totals_note: TOTALS_NOTE,
        findings: v.findings,
        duplications: v.duplications,
        duplications_note: DUPLICATIONS_NOTE,
        errors: v.errors,
        statement: STATEMENT,
    }
    .render()
}

/// The report as Markdown.
pub fn markdown(input: &ReportInput<'_, '_>) -> Result<String, askama::Error> {
    let v = View::build(input, &markdown_text);
    MarkdownReport {
        professional: input.audience == Audience::Professional,
        header: v.header,
        summary: v.summary,
        nothing_found: v.nothing_found,
        products: v.products,
        totals: v.totals,
        findings: v.findings,
        duplications: v.duplications,
        duplications_note: DUPLICATIONS_NOTE,
        errors: v.errors,
        statement: STATEMENT,
    }
    .render()
}

/// Text made inert in Markdown: characters that start inline markup (emphasis, code, links,
/// HTML, table cells) are escaped, and so is what would start a block at the beginning of a
/// value (a heading, a list item); line breaks become spaces so a value stays on its line.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = true;
    let mut digits = false;
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if crate::escape::is_hidden(c) => {
                out.push_str(&crate::escape::visible(&c.to_string()))
            }
            c => out.push(c),
        }
        digits = (at_start || digits) && c.is_ascii_digit();
        at_start = false;
    }
    out
}

/// Colours of the products in the charts (a colour-blind-friendly set; every chart also
/// writes its numbers).
const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#bab0ac",
];

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "#b3261e",
        Severity::Caution => "#9a5b00",
        Severity::Notice => "#00677f",
        Severity::Info => "#3f5f9f",
    }
}

struct View {
    header: Header,
    summary: Vec<SummaryGroup>,
    nothing_found: Option<&'static str>,
    products: Vec<ProductView>,
    totals: Vec<TotalView>,
    findings: Vec<FindingView>,
    duplications: Vec<FindingView>,
    errors: Vec<String>,
}

impl View {
    fn build(input: &ReportInput<'_, '_>, t: &dyn Fn(&str) -> String) -> View {
        let checked = input.checked;
        let regimen = &checked.regimen;
        let n = regimen.products.len();
        let header = Header {
            title: match &regimen.name {
                Some(name) => t(&format!("{TITLE}: {name}")),
                None => TITLE.to_string(),
            },
            for_whom: regimen
                .name
                .as_deref()
                .map_or_else(|| "not named".to_string(), t),
            profile: t(&describe_profile(&checked.profile)),
            date: t(input.date),
            rules_used: t(&input.origin.summary()),
            rules_count: format!(
                "{} rules enabled",
                input
                    .rules
                    .rules
                    .iter()
                    .filter(|r| input.rules.is_active(r))
                    .count()
            ),
            products: format!("{n} product{}", if n == 1 { "" } else { "s" }),
            version: format!("labelcheck {}", env!("CARGO_PKG_VERSION")),
        };

        let name_of = |i: usize| regimen.products[i].name().to_string();
        let products: Vec<ProductView> = regimen
            .products
            .iter()
            .zip(&checked.products)
            .enumerate()
            .map(|(i, (p, c))| {
                let mut details = Vec::new();
                if let Some(b) = &p.label.brand {
                    details.push(b.clone());
                }
                if let Some(f) = p.label.form {
                    details.push(f.as_str().to_string());
                }
                ProductView {
                    number: i + 1,
                    name: t(p.name()),
                    details: t(&details.join(", ")),
                    file: t(&p.file),
                    taken: t(&super::regimen::taken_text(p, c)),
                    reason: p.reason.as_deref().map(t),
                    per_day: t(&super::summarise_intake(&c.intake)),
                    colour: PALETTE[i % PALETTE.len()],
                    findings: c
                        .findings
                        .iter()
                        .map(|f| t(&format!("{}: {}", f.severity(), f.rule.title)))
                        .collect(),
                }
            })
            .collect();

        let totals = checked
            .totals
            .iter()
            .map(|total| total_view(total, input, &name_of, t))
            .collect();

        let finding_view = |f: &Finding<'_>, scope: String, contributions: Vec<String>| {
            finding_view(f, scope, contributions, input.rules, t)
        };
        let total_scope = "the total of all products".to_string();
        let findings: Vec<FindingView> = checked
            .findings
            .iter()
            .map(|f| {
                finding_view(
                    &f.finding,
                    total_scope.clone(),
                    f.contribution_lines(regimen),
                )
            })
            .chain(
                product_findings(checked)
                    .into_iter()
                    .map(|(f, names, messages)| {
                        let mut view = finding_view(f, names.join(", "), Vec::new());
                        if messages.len() > 1 {
                            view.message = String::new();
                            view.contributions = messages.iter().map(|m| t(m)).collect();
                        }
                        view
                    }),
            )
            .collect();
        let mut findings = findings;
        // Stable: the total's findings come before a product's of the same severity.
        findings.sort_by_key(|f| std::cmp::Reverse(severity_rank(f.severity)));
        let duplications = checked
            .duplications
            .iter()
            .map(|f| {
                finding_view(
                    &f.finding,
                    total_scope.clone(),
                    f.contribution_lines(regimen),
                )
            })
            .collect();

        let summary = summary_groups(checked, t);
        let nothing_found = checked.worst().is_none().then_some(NOTHING_FOUND);
        let errors = input
            .errors
            .iter()
            .map(|d| {
                t(&format!(
                    "{}:{}:{}: {}",
                    d.file, d.line, d.column, d.message
                ))
            })
            .collect();
        View {
            header,
            summary,
            nothing_found,
            products,
            totals,
            findings,
            duplications,
            errors,
        }
    }
}

/// Each product finding once per rule: the first finding, the products it fired for, and
/// the messages ("product: message" when they differ, else the one message).
fn product_findings<'a, 'r>(
    checked: &'a CheckedRegimen<'r>,
) -> Vec<(&'a Finding<'r>, Vec<String>, Vec<String>)> {
    // (finding, products it fired for, (product, message) for each)
    type Grouped<'a, 'r> = (&'a Finding<'r>, Vec<String>, Vec<(String, String)>);
    let mut out: Vec<Grouped<'a, 'r>> = Vec::new();
    for (p, c) in checked.regimen.products.iter().zip(&checked.products) {
        for f in &c.findings {
            let name = p.name().to_string();
            match out.iter_mut().find(|(g, _, _)| g.rule.id == f.rule.id) {
                Some((_, names, messages)) => {
                    names.push(name.clone());
                    messages.push((name, f.message.clone()));
                }
                None => out.push((f, vec![name.clone()], vec![(name, f.message.clone())])),
            }
        }
    }
    out.into_iter()
        .map(|(f, names, messages)| {
            let same = messages.iter().all(|(_, m)| *m == messages[0].1);
            let messages = if same {
                vec![messages[0].1.clone()]
            } else {
                messages
                    .into_iter()
                    .map(|(name, m)| format!("{name}: {m}"))
                    .collect()
            };
            (f, names, messages)
        })
        .collect()
}

fn severity_rank(s: &str) -> usize {
    Severity::ALL
        .iter()
        .position(|v| v.as_str() == s)
        .unwrap_or(0)
}

fn describe_profile(p: &Profile) -> String {
    super::regimen::describe_profile(p)
}

fn summary_groups(checked: &CheckedRegimen<'_>, t: &dyn Fn(&str) -> String) -> Vec<SummaryGroup> {
    let regimen = &checked.regimen;
    let mut items: Vec<(Severity, SummaryItem)> = Vec::new();
    let on_total = |f: &RegimenFinding<'_>| {
        let names: Vec<&str> = f
            .contributions
            .iter()
            .flat_map(|(_, cs)| cs.iter().map(|c| c.product))
            .fold(Vec::new(), |mut acc: Vec<usize>, i| {
                if !acc.contains(&i) {
                    acc.push(i);
                }
                acc
            })
            .into_iter()
            .map(|i| regimen.products[i].name())
            .collect();
        if names.is_empty() {
            "all products together".to_string()
        } else {
            format!("from {}", names.join(", "))
        }
    };
    for f in checked.findings.iter().chain(&checked.duplications) {
        items.push((
            f.finding.severity(),
            SummaryItem {
                title: t(&f.finding.rule.title),
                message: t(&f.finding.message),
                about: t(&on_total(f)),
            },
        ));
    }
    // A rule that fires for several products is one item naming them all.
    for (f, names, messages) in product_findings(checked) {
        items.push((
            f.severity(),
            SummaryItem {
                title: t(&f.rule.title),
                message: t(&messages.join("; ")),
                about: t(&names.join(", ")),
            },
        ));
    }
    Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let group: Vec<SummaryItem> = items
                .iter_mut()
                .filter(|(sev, _)| sev == s)
                .map(|(_, item)| SummaryItem {
                    title: std::mem::take(&mut item.title),
                    message: std::mem::take(&mut item.message),
                    about: std::mem::take(&mut item.about),
                })
                .collect();
            let (heading, advice) = advice(*s);
            (!group.is_empty()).then_some(SummaryGroup {
                severity: s.as_str(),
                heading,
                advice,
                items: group,
            })
        })
        .collect()
}

fn finding_view(
    f: &Finding<'_>,
    scope: String,
    contributions: Vec<String>,
    rules: &RuleSet,
    t: &dyn Fn(&str) -> String,
) -> FindingView {
    let rule = f.rule;
    FindingView {
        severity: f.severity().as_str(),
        title: t(&rule.title),
        scope: t(&scope),
        message: t(&f.message),
        contributions: contributions.iter().map(|c| t(c)).collect(),
        rationale: t(&crate::rules::diff::rationale_shown(rule)),
        evidence: t(rule.evidence.describe()),
        evidence_kind: t(rule.evidence.as_str()),
        rule_id: t(&rule.id),
        trigger: t(&rule.kind.trigger()),
        threshold: f.threshold.as_ref().map(|th| {
            t(&format!(
                "{} {} {}",
                th.comparison,
                number(th.value),
                th.unit
            ))
        }),
        sources: rule
            .sources
            .iter()
            .map(|key| {
                let entry = rules.source(key);
                SourceView {
                    key: t(key),
                    citation: t(entry.map_or("(not in the rules file)", |e| e.citation.as_str())),
                    url: entry.and_then(|e| e.url.as_deref()).map(t),
                }
            })
            .collect(),
    }
}

/// The limits the rules use for a quantity, for the person: (words, value, severity), lowest
/// first. The app's Regimen screen draws its gauges with the same limits.
pub fn limits_for(
    total: &NutrientTotal,
    rules: &RuleSet,
    profile: &Profile,
) -> Vec<(String, f64, Severity)> {
    let mut out: Vec<(String, f64, Severity)> = rules
        .rules
        .iter()
        .filter(|r| rules.is_active(r) && r.region.is_none())
        .filter_map(|r| match &r.kind {
            RuleKind::Above(a)
                if a.quantity == total.quantity
                    && a.basis == Basis::DailyAverage
                    && a.applies_at(profile.age_years) =>
            {
                a.limit
                    .applied(profile.age_years)
                    .map(|l| (a.limit_name.clone(), l.value, r.severity))
            }
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

const CHART_WIDTH: f64 = 640.0;

fn total_view(
    total: &NutrientTotal,
    input: &ReportInput<'_, '_>,
    name_of: &dyn Fn(usize) -> String,
    t: &dyn Fn(&str) -> String,
) -> TotalView {
    let q = total.quantity;
    let unit = q.per_day_unit();
    let limits = limits_for(total, input.rules, &input.checked.profile);
    let bolus = (total.heaviest_day - total.per_day).abs() > 1e-9;
    let top = limits
        .iter()
        .map(|l| l.1)
        .chain([total.per_day, if bolus { total.heaviest_day } else { 0.0 }])
        .fold(0.0f64, f64::max)
        * 1.1;
    let scale = |v: f64| {
        if top > 0.0 {
            v / top * CHART_WIDTH
        } else {
            0.0
        }
    };
    let px = |v: f64| format!("{:.1}", v);
    let mut x = 0.0;
    let segments: Vec<Segment> = total
        .contributions
        .iter()
        .map(|c: &Contribution| {
            let w = scale(c.per_day);
            let s = Segment {
                x: px(x),
                width: px(w),
                colour: PALETTE[c.product % PALETTE.len()],
                title: t(&format!(
                    "{}: {} {unit}",
                    name_of(c.product),
                    number(c.per_day)
                )),
            };
            x += w;
            s
        })
        .collect();
    let marks: Vec<Mark> = limits
        .iter()
        .enumerate()
        .map(|(i, (name, value, severity))| {
            let x = scale(*value);
            Mark {
                x: px(x),
                colour: severity_colour(*severity),
                label: t(&format!("{name}: {}", number(*value))),
                // Alternate label rows so that close limits do not overlap.
                label_y: if i % 2 == 0 { 12 } else { 26 },
                anchor: if x > CHART_WIDTH * 0.6 {
                    "end"
                } else {
                    "start"
                },
            }
        })
        .collect();
    let label_rows: u32 = if marks.len() > 1 { 30 } else { 16 };
    let bar_y = label_rows + 4;
    let bar_height = 22;
    let heaviest = bolus.then(|| Segment {
        x: "0".into(),
        width: px(scale(total.heaviest_day)),
        colour: "#555555",
        title: t(&format!(
            "on a day every product is taken: {} {}",
            number(total.heaviest_day),
            q.unit()
        )),
    });
    let height = bar_y + bar_height + if bolus { 14 } else { 4 };
    let description = t(&format!(
        "{}: {} {unit} on average{}",
        q.noun(),
        number(total.per_day),
        limits
            .iter()
            .map(|(name, v, _)| format!("; {name} {}", number(*v)))
            .collect::<String>()
    ));
    TotalView {
        noun: t(&capitalised(q.noun())),
        per_day: t(&format!("{} {unit}", number(total.per_day))),
        heaviest_day: bolus.then(|| {
            t(&format!(
                "{} {} on a day every product is taken",
                number(total.heaviest_day),
                q.unit()
            ))
        }),
        contributions: total
            .contributions
            .iter()
            .map(|c| Legend {
                colour: PALETTE[c.product % PALETTE.len()],
                text: t(&format!(
                    "{} {}",
                    name_of(c.product),
                    c.describe_with_unit(q.unit())
                )),
            })
            .collect(),
        limits: limits
            .iter()
            .map(|(name, v, s)| {
                let over = if total.per_day > *v {
                    " — the total is above it"
                } else {
                    ""
                };
                t(&format!("{name}: {} {unit} ({s}){over}", number(*v)))
            })
            .collect(),
        chart: Chart {
            width: CHART_WIDTH as u32,
            height,
            bar_y,
            bar_height,
            description,
            segments,
            heaviest,
            marks,
        },
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
