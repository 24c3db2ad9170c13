//! Reading label text — a pasted Supplement Facts panel, a Canadian "Medicinal ingredients"
//! list, an EU panel with µg and %NRV, French "UI", prescription "each capsule contains…"
//! prose — into a [`Label`].
//!
//! The reader works line by line. Each line is recognised as one of: a serving statement, an
//! ingredient declaration (a nutrient name with an amount), an other-ingredients list,
//! directions, a claim, the DSHEA disclaimer, or a known heading. Every ingredient keeps the
//! number of the line it came from, and every line that could not be used is returned, so a
//! user sees exactly what was read and what was not.

pub mod amounts;
pub mod directions;

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::label::names::{self, DForm, K2Form, Nutrient, fold};
use crate::label::{DosageForm, Ingredient, Label, Unit};
use amounts::{Found, find_amounts};
use directions::{Serving, count, servings_per_day, unit_word};

/// A line the importer could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnparsedLine {
    pub line: usize,
    pub text: String,
}

/// The result of reading label text.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub label: Label,
    pub unparsed: Vec<UnparsedLine>,
}

/// The most text read: label text is a few kilobytes; this keeps a mistaken 1 GB paste from
/// taking minutes while leaving room for very long pages.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;

/// A line longer than this is not a label line (a minified page, binary noise): it is listed
/// as unparsed without being scanned.
const MAX_LINE_CHARS: usize = 2_000;

#[derive(Debug, Clone)]
struct Line {
    /// 1-based numbers of the physical lines this logical line joins.
    numbers: Vec<usize>,
    text: String,
    indent: usize,
}

fn clean(line: &str) -> String {
    line.replace('\t', "   ")
        .replace(['\u{a0}', '\u{2009}', '\u{202f}'], " ")
        .replace('μ', "µ")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .trim_end()
        .to_string()
}

fn paren_balance(text: &str) -> i32 {
    text.chars().fold(0, |n, c| match c {
        '(' | '[' => n + 1,
        ')' | ']' => n - 1,
        _ => n,
    })
}

/// Physical lines → logical lines: a name wrapped onto the next line ("Vitamin K2 (as
/// menaquinone-7 from" / "chickpea) [MenaQ7®]  100 mcg") and a name whose amount sits alone on
/// the next line ("Vitamin D" / "25µg/1000iu") are joined.
fn logical_lines(text: &str) -> Vec<Line> {
    let physical: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, clean(l)))
        .collect();
    let mut out: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < physical.len() {
        let (n, raw) = &physical[i];
        let indent = raw.chars().take_while(|c| *c == ' ').count();
        let mut line = Line {
            numbers: vec![*n],
            text: raw.trim().to_string(),
            indent,
        };
        while i + 1 < physical.len() && line.text.chars().count() < MAX_LINE_CHARS {
            let next = physical[i + 1].1.trim();
            let no_amount = find_amounts(&line.text).is_empty();
            let open = paren_balance(&line.text) > 0 && no_amount && !next.is_empty();
            let bare_name = no_amount
                && line.text.len() < 40
                && find_amounts(next)
                    .first()
                    .is_some_and(|f| f.span.start == 0)
                && names::recognise(&line.text, None) != Nutrient::Other;
            if !(open || bare_name) {
                break;
            }
            line.text = format!("{} {}", line.text, next);
            line.numbers.push(physical[i + 1].0);
            i += 1;
        }
        out.push(line);
        i += 1;
    }
    out
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| {
        Regex::new(pattern).unwrap_or_else(|e| panic!("import pattern {pattern}: {e}"))
    })
}

fn disclaimer_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)(statements?\s+(?:has|have)\s+not\s+been\s+evaluated\s+by\s+the\s+(?:u\.?s\.?\s+)?food\s+and\s+drug\s+administration)",
    )
}

fn list_header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^[\s•*\-–]*(?:the\s+)?(?:other|inactive|non-?\s?medicinal|nonmedicinal)\s+ingredients?(?:\s+are)?(?-u:\b)\s*[:\-–]?\s*|^[\s•*\-–]*(?:ingredients|ingrédients|ingredientes|composition|excipients?|support\s+liposoluble|base)\s*[:\-–]\s*|^[\s•*\-–]*(?:ingredients|composition)\s*$|^\s*in\s+a\s+base\s+of\s+(?:a\s+|an\s+)?|(?-u:\b)it\s+also\s+contains\s+|(?-u:\b)concentrate\s+contains\s+",
    )
}

fn serving_size_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^\s*serving\s+size\s*:?\s*(?P<rest>.+)$|quantit[ée]\s+par\s+(?:dose|prise)[^(]*\((?P<fr>[^)]+)\)",
    )
}

fn contains_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "Each capsule contains", "Two Drops Contain:", "1 capsule provides", "Each Serving/Drop
    // (0.03 ml) Contains", "One dose (drop) contains", "each uncoated chewable tablet contains".
    regex(
        &RE,
        r"(?i)(?-u:\b)(?P<count>each|one|two|three|four|five|six|per|\d+)\s+(?P<words>(?:[\w/®\-]+\s+){0,3}?)(?P<unit>[\w/]+)(?:\s*\((?P<paren>[^)]*)\))?\s*(?::\s*)?(?:contains?|provides?|providing|supplies|delivers?)(?-u:\b)",
    )
}

fn per_unit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)(?-u:\b)per\s+(?:(?P<count>\d+(?:\.\d+)?|one|two|three|four|five)\s+)?(?P<unit>drops?|sprays?|capsules?|softgels?|tablets?|gumm(?:y|ies)|lozenges?|scoops?|ml|mL)(?-u:\b)",
    )
}

fn direction_start_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^[\s•*(]*(?:directions?|suggested\s+(?:use|usage|dose)|recommended\s+(?:use|dosage|dose|daily\s+dose)|dosage(?:\s+and\s+administration)?|dose|usage|how\s+to\s+(?:use|take)|recommendation|mode\s+d'emploi|posologie|conseils\s+d'utilisation|modo\s+de\s+(?:uso|empleo)|the\s+recommended\s+dose)(?-u:\b)",
    )
}

fn warning_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^[\s•*(]*(?:caution|warnings?|note|important|indications?|contraindications?|do\s+not|keep\s+out|overdose)(?-u:\b)",
    )
}

/// An amount followed by how often to take it: "40000 IU once every week", "2000 IU (1
/// tablet) daily" — a dose, not what a serving contains.
fn amount_then_frequency(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let freq = regex(
        &RE,
        r"(?i)^\s*(?:\([^)]*\)\s*)?(?:once|twice|thrice|\d+\s*(?:x|times)|daily|a\s+day|per\s+day|each\s+day|every|weekly|monthly|each\s+a)(?-u:\b)",
    );
    find_amounts(text)
        .iter()
        .any(|f| freq.is_match(&text[f.span.end..]))
}

fn is_direction_line(text: &str, serving: Serving) -> bool {
    direction_start_re().is_match(text)
        || directions::servings_in(text, serving, None).is_some()
        || amount_then_frequency(text)
}

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^[\s•*]*(?:supplement(?:al)?\s+facts|nutrition\s+facts|amount\s+per\s+serving|%\s*daily\s+value|%?\s*dv|servings?\s+per\s+container|medicinal\s+ingredients|typical\s+values|nrv(?-u:\b)|per\s+serving|active\s+ingredients?|the\s+active\s+substances?\s+are|strength|each\s+[\w\s]*contains\s*:?)[\s:]*(?:.*%\s*daily\s+value.*|\d+.*|about\s+\d+.*)?$",
    )
}

/// Form words, most specific first, with the form they name.
const FORM_WORDS: &[(&str, DosageForm)] = &[
    ("chewable", DosageForm::Chewable),
    ("chewables", DosageForm::Chewable),
    ("soft capsule", DosageForm::Softgel),
    ("soft orange capsule", DosageForm::Softgel),
    ("softgel", DosageForm::Softgel),
    ("softgels", DosageForm::Softgel),
    ("soft gel", DosageForm::Softgel),
    ("soft gels", DosageForm::Softgel),
    ("gummy", DosageForm::Gummy),
    ("gummies", DosageForm::Gummy),
    ("lozenge", DosageForm::Lozenge),
    ("lozenges", DosageForm::Lozenge),
    ("lozenge s", DosageForm::Lozenge),
    ("pastille", DosageForm::Lozenge),
    ("drop", DosageForm::Drops),
    ("drops", DosageForm::Drops),
    ("gouttes", DosageForm::Drops),
    ("goutte", DosageForm::Drops),
    ("gotas", DosageForm::Drops),
    ("spray", DosageForm::Spray),
    ("sprays", DosageForm::Spray),
    ("scoop", DosageForm::Powder),
    ("scoops", DosageForm::Powder),
    ("powder", DosageForm::Powder),
    ("granules", DosageForm::Granules),
    ("sachet", DosageForm::Granules),
    ("capsule", DosageForm::Capsule),
    ("capsules", DosageForm::Capsule),
    ("cápsula", DosageForm::Capsule),
    ("cápsulas", DosageForm::Capsule),
    ("capsula", DosageForm::Capsule),
    ("capsulas", DosageForm::Capsule),
    ("vegcaps", DosageForm::Capsule),
    ("caplet", DosageForm::Tablet),
    ("tablet", DosageForm::Tablet),
    ("tablets", DosageForm::Tablet),
    ("comprimé", DosageForm::Tablet),
    ("comprimés", DosageForm::Tablet),
    ("dropper", DosageForm::Liquid),
    ("ml", DosageForm::Liquid),
    ("liquid", DosageForm::Liquid),
];

/// The most specific form word in a piece of text.
fn form_in(text: &str) -> Option<DosageForm> {
    let folded = fold(text);
    FORM_WORDS
        .iter()
        .filter_map(|(w, f)| folded.find(&format!(" {w} ")).map(|pos| (pos, *w, *f)))
        // Specific words ("chewable", "soft capsule") win over general ones in the same text.
        .min_by_key(|(pos, w, _)| {
            (
                FORM_WORDS.iter().position(|(x, _)| x == w).unwrap_or(0),
                *pos,
            )
        })
        .map(|(_, _, f)| f)
}

/// The serving a statement describes: its count and counted unit, and the form it implies.
fn serving_from(text: &str) -> Option<(Serving, Option<DosageForm>)> {
    let form = form_in(text);
    // "0.1 ml (five drops)": prefer a counted unit anywhere in the statement.
    static COUNTED: OnceLock<Regex> = OnceLock::new();
    let counted = regex(
        &COUNTED,
        r"(?i)(?-u:\b)(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|each|a)(?:\s*\(\d+\))?\s+(?:[\w\-]+\s+){0,2}?(?P<unit>drops?|gouttes?|capsules?|softgels?|soft\s+gels?|tablets?|caplets?|gumm(?:y|ies)|lozenges?|sprays?|scoops?|sachets?|doses?|servings?)(?:\(s\))?(?-u:\b)",
    );
    if let Some(c) = counted.captures(text) {
        let n = c
            .name("n")
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_default();
        let n = if n == "each" || n == "a" {
            1.0
        } else {
            count(&n)?
        };
        let unit = c.name("unit").and_then(|m| unit_word(m.as_str()));
        return Some((Serving { count: n, unit }, form));
    }
    form.map(|f| {
        (
            Serving {
                count: 1.0,
                unit: None,
            },
            Some(f),
        )
    })
}

/// Where on a line a nutrient's name is, judged from the text before and after its amount.
fn nutrient_near(before: &str, after: &str) -> Option<(Nutrient, String)> {
    let before_clean = before
        .trim()
        .trim_end_matches(|c: char| {
            matches!(c, ':' | '-' | '–' | '.' | '(' | '/' | ',' | '=') || c.is_whitespace()
        })
        .trim();
    let n_before = names::recognise(before_clean, None);
    if n_before != Nutrient::Other {
        // The form may follow the amount: "Vitamin D 150 IU (DV 38%) - cholecalciferol (D3)".
        let refined = names::recognise(before_clean, Some(after));
        let nutrient = if same_family(refined, n_before) {
            refined
        } else {
            n_before
        };
        return Some((nutrient, before_clean.to_string()));
    }
    // "15 mg of menatetrenone", "125 mcg of vitamin K1", "2500 UI de D3".
    static OF: OnceLock<Regex> = OnceLock::new();
    let of = regex(
        &OF,
        r"(?i)^\s*\)?\s*(?:of|de|d'|du|of\s+the)\s+(?P<name>[^,;.+]+)",
    );
    if let Some(c) = of.captures(after) {
        let name = c.name("name").map_or("", |m| m.as_str()).trim();
        let n = names::recognise(name, None);
        if n != Nutrient::Other {
            return Some((n, name.to_string()));
        }
    }
    None
}

fn same_family(a: Nutrient, b: Nutrient) -> bool {
    matches!(
        (a, b),
        (Nutrient::VitaminD(_), Nutrient::VitaminD(_))
            | (
                Nutrient::K2(_) | Nutrient::K1,
                Nutrient::K2(_) | Nutrient::K1
            )
            | (Nutrient::Calcium, Nutrient::Calcium)
            | (Nutrient::Magnesium, Nutrient::Magnesium)
    )
}

/// A canonical name for a nutrient read from prose, where the words around it are a sentence.
fn canonical_name(n: Nutrient) -> &'static str {
    match n {
        Nutrient::VitaminD(DForm::D3) => "Vitamin D3",
        Nutrient::VitaminD(DForm::D2) => "Vitamin D2",
        Nutrient::VitaminD(DForm::Unspecified) => "Vitamin D",
        Nutrient::K1 => "Vitamin K1",
        Nutrient::K2(K2Form::Mk7) => "Vitamin K2 (MK-7)",
        Nutrient::K2(K2Form::Mk4) => "Vitamin K2 (MK-4)",
        Nutrient::K2(K2Form::Unspecified) => "Vitamin K2",
        Nutrient::Calcium => "Calcium",
        Nutrient::Magnesium => "Magnesium",
        Nutrient::Other => "Other",
    }
}

/// Splits "Vitamin D3 (as cholecalciferol)" into name and form.
fn split_name(text: &str) -> (String, Option<String>) {
    static AS: OnceLock<Regex> = OnceLock::new();
    let as_re = regex(
        &AS,
        r"(?i)^(?P<name>[^(\[]+?)\s*[(\[]\s*(?:as|from)\s+(?P<form>[^)\]]+)[)\]](?P<rest>.*)$",
    );
    if let Some(c) = as_re.captures(text) {
        let name = c.name("name").map_or("", |m| m.as_str()).trim().to_string();
        let mut form = c.name("form").map_or("", |m| m.as_str()).trim().to_string();
        let rest = c.name("rest").map_or("", |m| m.as_str()).trim();
        if !rest.is_empty() {
            form = format!("{form} {rest}");
        }
        return (name, Some(form));
    }
    (text.trim().to_string(), None)
}

/// Nutrition-panel rows that are not ingredients (they are listed as not used).
fn is_nutrition_row(name: &str) -> bool {
    let f = fold(name);
    [
        "calories",
        "total carbohydrate",
        "total sugars",
        "added sugars",
        "total fat",
        "protein",
        "sodium",
        "dietary fiber",
        "sugars",
    ]
    .iter()
    .any(|w| f.trim_start().starts_with(w))
        // "Includes 3 g Added Sugars"
        || f.contains(" includes ")
}

/// One ingredient read from a line, before de-duplication.
#[derive(Debug, Clone)]
struct Declared {
    ingredient: Ingredient,
    nutrient: Nutrient,
    indent: usize,
    /// For a mineral salt stated with its elemental equivalent, the salt's amount in mcg (so a
    /// restatement of the salt elsewhere is not counted as more of the mineral).
    salt_mcg: Option<f64>,
}

/// Reads the amounts of one line into declarations.
fn declarations(line: &Line, prose_names: bool) -> Vec<Declared> {
    let text = &line.text;
    let found = find_amounts(text);
    let mut out: Vec<Declared> = Vec::new();
    let mut i = 0;
    let mut prev_end = 0;
    while i < found.len() {
        let primary = &found[i];
        // "Calcium Carbonate / Colecalciferol 1500mg / 400IU": names and amounts paired in order.
        if let Some(next) = found.get(i + 1) {
            let gap = text[primary.span.end..next.span.start].trim();
            let names: Vec<&str> = text[prev_end..primary.span.start]
                .split('/')
                .map(str::trim)
                .collect();
            if gap == "/" && names.len() == 2 {
                let recognised: Vec<Nutrient> =
                    names.iter().map(|n| names::recognise(n, None)).collect();
                if recognised.iter().all(|n| *n != Nutrient::Other)
                    && !same_family(recognised[0], recognised[1])
                {
                    for ((name, nutrient), amount) in
                        names.iter().zip(&recognised).zip([primary, next])
                    {
                        let (n, f) = split_name(strip_lead(name));
                        out.push(Declared {
                            ingredient: Ingredient {
                                name: n,
                                form: f,
                                amount: amount.value,
                                unit: amount.unit,
                                alt: None,
                                line: Some(line.numbers[0]),
                            },
                            nutrient: *nutrient,
                            indent: line.indent,
                            salt_mcg: None,
                        });
                    }
                    prev_end = next.span.end;
                    i += 2;
                    continue;
                }
            }
        }
        // A second amount right after, in parentheses or after a slash or "equivalent to",
        // is the same thing in another unit ("125 mcg (5,000 IU)", "25µg/1000iu").
        let mut alt: Option<&Found> = None;
        let mut elemental: Option<&Found> = None;
        let mut group_end = primary.span.end;
        if let Some(next) = found.get(i + 1) {
            let gap = &text[primary.span.end..next.span.start];
            let gap_folded = fold(gap);
            let equivalent = gap_folded.contains(" equivalent ")
                || gap_folded.contains(" equ ")
                || gap_folded.contains(" equiv ");
            let short_gap = gap
                .trim()
                .chars()
                .all(|c| matches!(c, '(' | '/' | '=' | '[' | ' ' | ','));
            let is_iu = |f: &Found| f.unit == Unit::Iu;
            if short_gap || (equivalent && is_iu(primary) != is_iu(next)) {
                if is_iu(primary) != is_iu(next) {
                    alt = Some(next);
                    group_end = next.span.end;
                }
            } else if equivalent && is_iu(primary) == is_iu(next) {
                // "Calcium Carbonate 1500mg (equivalent to Calcium 600mg)": the elemental amount.
                elemental = Some(next);
                group_end = next.span.end;
            }
        }
        let next_start = found
            .iter()
            .skip(i + 1)
            .find(|f| f.span.start >= group_end)
            .map_or(text.len(), |f| f.span.start);
        let before = &text[prev_end..primary.span.start];
        let after = &text[group_end..next_start];
        let near = nutrient_near(before, after).or_else(|| {
            // An amount in IU with no name is vitamin D: no other nutrient labelcheck reads is
            // declared in IU.
            (primary.unit == Unit::Iu || alt.is_some_and(|a| a.unit == Unit::Iu)).then(|| {
                (
                    Nutrient::VitaminD(DForm::Unspecified),
                    "Vitamin D".to_string(),
                )
            })
        });
        let (nutrient, name_text) = match near {
            Some(v) => v,
            None => {
                let name = before
                    .trim()
                    .trim_end_matches([':', '-', '.', '('])
                    .trim()
                    .to_string();
                if name.is_empty() || name.chars().count() > 60 || is_nutrition_row(&name) {
                    prev_end = group_end;
                    i += if alt.is_some() || elemental.is_some() {
                        2
                    } else {
                        1
                    };
                    continue;
                }
                (Nutrient::Other, name)
            }
        };
        let long = name_text.split_whitespace().count() > 7 || prose_names;
        let (name, form) = if long && nutrient != Nutrient::Other {
            (canonical_name(nutrient).to_string(), None)
        } else {
            let (n, f) = split_name(strip_lead(&name_text));
            (
                if n.is_empty() {
                    canonical_name(nutrient).to_string()
                } else {
                    n
                },
                f,
            )
        };
        let (value, unit) = match elemental {
            Some(e) => (e.value, e.unit),
            None => (primary.value, primary.unit),
        };
        // For vitamin D the mass is the declaration and IU the optional second one.
        let (value, unit, alt_pair) = match alt {
            Some(a) if primary.unit == Unit::Iu => {
                (a.value, a.unit, Some((primary.value, primary.unit)))
            }
            Some(a) => (value, unit, Some((a.value, a.unit))),
            None => (value, unit, None),
        };
        let salt_mcg = elemental.and_then(|_| primary.unit.mcg_factor().map(|f| primary.value * f));
        out.push(Declared {
            ingredient: Ingredient {
                name,
                form,
                amount: value,
                unit,
                alt: alt_pair,
                line: Some(line.numbers[0]),
            },
            nutrient,
            indent: line.indent,
            salt_mcg,
        });
        prev_end = group_end;
        i += if alt.is_some() || elemental.is_some() {
            2
        } else {
            1
        };
    }
    out
}

/// Drops leading words that introduce a declaration ("Each capsule contains", "•", "Strength:").
fn strip_lead(text: &str) -> &str {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let lead = regex(
        &LEAD,
        r"(?i)^(?:[•*\-\s]+|.*(?-u:\b)(?:contains?|provides?|providing|supplies|supply|delivers?)\s*:?\s+|strength\s*:\s*|ingredients?\s*:\s*)",
    );
    let stripped = lead.find(text).map_or(text, |m| &text[m.end()..]);
    stripped.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ':')
}

fn is_parenthetical(text: &str) -> bool {
    text.starts_with('(') && text.trim_end().ends_with(')') && paren_balance(text) == 0
}

/// Reads label text. `name` becomes the label's name (label text rarely states one clearly).
pub fn import_text(text: &str, name: &str) -> Imported {
    let text = if text.len() > MAX_IMPORT_BYTES {
        let mut end = MAX_IMPORT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let lines = logical_lines(text);
    let mut label = Label {
        name: name.to_string(),
        ..Label::default()
    };
    let mut unparsed = Vec::new();
    let mut declared: Vec<Declared> = Vec::new();
    let mut direction_texts: Vec<String> = Vec::new();
    let mut serving: Option<Serving> = None;
    let mut serving_is_each = false;
    let mut form: Option<DosageForm> = None;
    let mut explicit_form: Option<DosageForm> = None;
    let mut pending_list_header = false;

    for line in &lines {
        let t = line.text.as_str();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > MAX_LINE_CHARS {
            unparsed.push(UnparsedLine {
                line: line.numbers[0],
                text: format!("{}…", t.chars().take(80).collect::<String>()),
            });
            continue;
        }
        let mut used = false;
        let amounts_here = find_amounts(t);
        let warning = warning_re().is_match(t);
        let direction = is_direction_line(
            t,
            serving.unwrap_or(Serving {
                count: 1.0,
                unit: None,
            }),
        );

        if pending_list_header {
            pending_list_header = false;
            if amounts_here.is_empty() && !disclaimer_re().is_match(t) {
                label.other_ingredients.extend(list_items(t));
                continue;
            }
        }

        if let Some(m) = disclaimer_re().find(t) {
            let start = t[..m.start()]
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, '.' | '*' | '†' | '‡'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            label.disclaimer = Some(
                t[start..]
                    .trim()
                    .trim_start_matches(['*', '†', '‡', ' '])
                    .to_string(),
            );
            used = true;
            if start > 0 {
                // A claim printed on the same line before the disclaimer.
                let before = t[..start].trim();
                if before.ends_with(['*', '†', '‡']) && before.len() > 3 {
                    label.claims.push(before.to_string());
                }
            }
        }

        // Serving statements.
        if let Some(c) = serving_size_re().captures(t) {
            let rest = c
                .name("rest")
                .or_else(|| c.name("fr"))
                .map_or("", |m| m.as_str());
            if let Some((s, f)) = serving_from(rest) {
                if !serving_is_each {
                    serving = Some(s);
                }
                form = form.or(f);
            }
            label
                .serving_size
                .get_or_insert_with(|| rest.trim().to_string());
            used = true;
        }
        let lower = t.to_lowercase();
        let may_contain = ["contain", "provid", "suppl", "deliver"]
            .iter()
            .any(|w| lower.contains(w));
        if let Some(c) = may_contain.then(|| contains_re().captures(t)).flatten() {
            let statement = c.get(0).map_or("", |m| m.as_str());
            if let Some((s, f)) = serving_from(statement)
                && (s.unit.is_some() || f.is_some())
            {
                serving = Some(s);
                serving_is_each = true;
                if f.is_some() {
                    form = f;
                }
                label
                    .serving_size
                    .get_or_insert_with(|| statement.trim().to_string());
            }
            used = true;
        }
        if serving.is_none()
            && let Some(c) = per_unit_re().captures(t)
        {
            let unit = c.name("unit").map_or("", |m| m.as_str());
            let n = c
                .name("count")
                .and_then(|m| count(m.as_str()))
                .unwrap_or(1.0);
            serving = Some(Serving {
                count: n,
                unit: unit_word(unit),
            });
            form = form.or_else(|| form_in(unit));
        }
        if let Some(f) = explicit_form_line(t) {
            explicit_form = Some(f);
            used = true;
        }

        // Lists of other ingredients.
        if let Some(m) = list_header_re().find(t) {
            let rest = &t[m.end()..];
            if rest.trim().is_empty() && m.start() == 0 {
                pending_list_header = true;
            } else {
                for item in crate::label::split_list(rest) {
                    let item_line = Line {
                        numbers: line.numbers.clone(),
                        text: item.clone(),
                        indent: line.indent,
                    };
                    let items = if find_amounts(&item).is_empty() {
                        Vec::new()
                    } else {
                        declarations(&item_line, false)
                    };
                    if items.is_empty() {
                        let cleaned = item.trim().trim_end_matches(['.', '…']).trim();
                        if !cleaned.is_empty() && !is_filler(cleaned) {
                            label.other_ingredients.push(cleaned.to_string());
                        }
                    } else {
                        declared.extend(items);
                    }
                }
            }
            used = true;
        } else if !amounts_here.is_empty() && !is_parenthetical(t) {
            // Declarations, unless the line is a direction ("2000 IU (1 tablet) daily") or
            // a note in parentheses about another listing.
            if !direction && !warning {
                let prose = t.split_whitespace().count() > 14;
                let found = declarations(line, prose);
                if found.iter().any(|d| d.nutrient != Nutrient::Other)
                    || (!found.is_empty() && !prose)
                {
                    used = true;
                    // "equ. to Elemental Calcium 500mg" on its own line restates the line above.
                    if fold(t).trim_start().starts_with("equ")
                        && let (Some(prev), Some(new)) = (declared.last_mut(), found.first())
                        && same_family(prev.nutrient, new.nutrient)
                    {
                        prev.ingredient.amount = new.ingredient.amount;
                        prev.ingredient.unit = new.ingredient.unit;
                        continue;
                    }
                    declared.extend(found);
                }
            }
        }

        // Directions.
        if direction && !warning {
            direction_texts.push(t.to_string());
            used = true;
        }

        // Claims: marketing lines marked with a symbol that points at the disclaimer.
        if !used && amounts_here.is_empty() && is_claim(t) {
            label.claims.push(t.to_string());
            used = true;
        }
        if !used && heading_re().is_match(t) {
            used = true;
        }
        if !used {
            unparsed.push(UnparsedLine {
                line: line.numbers[0],
                text: t.to_string(),
            });
        }
    }

    label.ingredients = merge(declared);
    refine_forms(&mut label, text);
    let serving = serving.unwrap_or(Serving {
        count: 1.0,
        unit: None,
    });
    let d_iu = crate::label::Intake::from_label(&label)
        .per_serving
        .vitamin_d_iu;
    label.servings_per_day =
        servings_per_day(&direction_texts, serving, (d_iu > 0.0).then_some(d_iu))
            .map(|v| (v * 1e6).round() / 1e6);
    if !direction_texts.is_empty() {
        label.directions = Some(direction_texts.join(" "));
    }
    label.form = form.or(explicit_form).or_else(|| form_in(text));
    label.other_ingredients.dedup();
    Imported { label, unparsed }
}

/// "Form: Tablets", "Oral Solid Dosage Form-Tablets".
fn explicit_form_line(text: &str) -> Option<DosageForm> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(&RE, r"(?i)(?-u:\b)form\s*[:\-–]\s*(?P<f>[\w\s]+)$");
    re.captures(text)
        .and_then(|c| form_in(c.name("f").map_or("", |m| m.as_str())))
}

/// Items that stand for "whatever else is needed", not an ingredient.
fn is_filler(item: &str) -> bool {
    let f = fold(item);
    let f = f.trim();
    f == "q s"
        || f == "qs"
        || f.ends_with(" q s")
        || f.ends_with(" qs")
        || f.starts_with("list continues")
}

fn list_items(text: &str) -> Vec<String> {
    crate::label::split_list(text)
        .into_iter()
        .map(|s| s.trim().trim_end_matches('.').trim().to_string())
        .filter(|s| !s.is_empty() && !is_filler(s))
        .collect()
}

fn is_claim(text: &str) -> bool {
    let t = text.trim();
    let marked = t.ends_with(['*', '†', '‡']);
    let starts_with_mark = t.starts_with(['*', '†', '‡']);
    let words = t.split_whitespace().count();
    marked && !starts_with_mark && words >= 2 && !fold(t).contains(" daily value ")
}

/// Combines the declarations: a restatement of the same nutrient and amount (a title and a
/// panel, "Strength" and "Each tablet contains") counts once, and a "Vitamin K" total printed
/// above indented K1/K2 lines that add up to it is not counted twice.
fn merge(declared: Vec<Declared>) -> Vec<Ingredient> {
    let salts: Vec<(Nutrient, f64)> = declared
        .iter()
        .filter_map(|d| d.salt_mcg.map(|s| (d.nutrient, s)))
        .collect();
    let mut kept: Vec<Declared> = Vec::new();
    for d in declared {
        let amount = normalised(&d);
        let same = |x: f64| (x - amount).abs() <= amount * 1e-6;
        let duplicate = kept
            .iter()
            .any(|k| same_family(k.nutrient, d.nutrient) && same(normalised(k)));
        // "Calcium Carbonate 1500mg" restated where "(equivalent to Calcium 600mg)" is given.
        let salt_restated = d.salt_mcg.is_none()
            && salts
                .iter()
                .any(|(n, s)| same_family(*n, d.nutrient) && same(*s));
        if duplicate {
            // Keep the more specific form of the two ("Vitamin D3" over "vitamin D").
            if let Some(k) = kept
                .iter_mut()
                .find(|k| same_family(k.nutrient, d.nutrient) && same(normalised(k)))
                && is_unspecified(k.nutrient)
                && !is_unspecified(d.nutrient)
            {
                *k = d;
            }
        } else if !salt_restated {
            kept.retain(|k| {
                !(k.salt_mcg.is_none()
                    && d.salt_mcg.is_some_and(|s| {
                        same_family(k.nutrient, d.nutrient) && (normalised(k) - s).abs() <= s * 1e-6
                    }))
            });
            kept.push(d);
        }
    }
    // A vitamin K total with sub-lines.
    let mut drop = Vec::new();
    for (i, total) in kept.iter().enumerate() {
        if total.nutrient != Nutrient::K2(K2Form::Unspecified)
            || !fold(&total.ingredient.name).contains(" vitamin k ")
        {
            continue;
        }
        let subs: Vec<&Declared> = kept
            .iter()
            .skip(i + 1)
            .take_while(|s| {
                s.indent > total.indent && matches!(s.nutrient, Nutrient::K1 | Nutrient::K2(_))
            })
            .collect();
        let sum: f64 = subs.iter().map(|s| normalised(s)).sum();
        if !subs.is_empty() && (sum - normalised(total)).abs() <= normalised(total) * 0.01 {
            drop.push(i);
        }
    }
    kept.into_iter()
        .enumerate()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, d)| d.ingredient)
        .collect()
}

fn is_unspecified(n: Nutrient) -> bool {
    matches!(
        n,
        Nutrient::VitaminD(DForm::Unspecified) | Nutrient::K2(K2Form::Unspecified)
    )
}

fn normalised(d: &Declared) -> f64 {
    match d.ingredient.unit.mcg_factor() {
        Some(f) => d.ingredient.amount * f,
        None => d.ingredient.amount / crate::label::units::IU_PER_MCG_VITAMIN_D,
    }
}

/// Vitamin D or K2 whose form a line does not give, when the rest of the text names exactly
/// one form ("Lichen Providing Vitamin D3" in the ingredients, "menaquinona-7" in a
/// description), takes that form.
fn refine_forms(label: &mut Label, text: &str) {
    let folded = fold(text);
    let has = |w: &str| folded.contains(&format!(" {w} "));
    let d3 = [
        "d3",
        "cholecalciferol",
        "colecalciferol",
        "vitamin d 3",
        "d 3",
    ]
    .iter()
    .any(|w| has(w));
    let d2 = ["d2", "ergocalciferol", "vitamin d 2"]
        .iter()
        .any(|w| has(w));
    let mk7 = ["mk 7", "mk7", "menaquinone 7", "menaquinona 7", "menaq7"]
        .iter()
        .any(|w| has(w));
    let mk4 = [
        "mk 4",
        "mk4",
        "menaquinone 4",
        "menaquinona 4",
        "menatetrenone",
    ]
    .iter()
    .any(|w| has(w));
    for ing in &mut label.ingredients {
        let hint = match ing.nutrient() {
            Nutrient::VitaminD(DForm::Unspecified) if d3 != d2 => {
                Some(if d3 { "D3" } else { "D2" })
            }
            Nutrient::K2(K2Form::Unspecified) if mk7 != mk4 => {
                Some(if mk7 { "MK-7" } else { "MK-4" })
            }
            _ => None,
        };
        if let Some(hint) = hint {
            let note = format!("{hint}, named elsewhere in the text");
            ing.form = Some(match ing.form.take() {
                Some(f) => format!("{f}; {note}"),
                None => note,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Intake;

    fn read(text: &str) -> (Label, Intake) {
        let imported = import_text(text, "t");
        let intake = Intake::from_label(&imported.label);
        (imported.label, intake)
    }

    #[test]
    fn serving_statements_in_their_many_spellings() {
        for (text, form, servings) in [
            (
                "Two Drops Contain:\nVitamin D3 1000 IU\nTake 2 drops daily.",
                DosageForm::Drops,
                1.0,
            ),
            (
                "Vitamin D3 400 IU per 3 drops\nTake 6 drops daily.",
                DosageForm::Drops,
                2.0,
            ),
            (
                "Each capsule contains 15 mg of menatetrenone.\nTake 1 capsule three times daily.",
                DosageForm::Capsule,
                3.0,
            ),
            (
                "1 capsule provides:\nVitamin D 25µg/1000iu\nTake one capsule daily.",
                DosageForm::Capsule,
                1.0,
            ),
            (
                "Vitamin D3 250 IU per spray\nUse 1 spray twice daily.",
                DosageForm::Spray,
                2.0,
            ),
            (
                "Quantité par dose journalière (3 gouttes)\nVitamine D3 1000 UI",
                DosageForm::Drops,
                0.0,
            ),
        ] {
            let (label, intake) = read(text);
            assert_eq!(label.form, Some(form), "{text}");
            assert!(
                intake.per_serving.vitamin_d_iu > 0.0 || intake.per_serving.k2_mk4_mcg > 0.0,
                "{text}"
            );
            if servings > 0.0 {
                assert_eq!(label.servings_per_day, Some(servings), "{text}");
            }
        }
    }

    #[test]
    fn amounts_in_their_many_spellings() {
        for (line, iu) in [
            ("Vitamin D3 5,000 IU", 5000.0),
            ("Vitamin D3 5000IU", 5000.0),
            (
                "Vitamin D3 (as cholecalciferol) 125 mcg (5,000 IU) 625%",
                5000.0,
            ),
            ("Vitamin D 25µg/1000iu", 1000.0),
            ("Vitamin D3 62.5µg (2,500i.u)", 2500.0),
            ("Vitamine D3 1000 UI", 1000.0),
            ("Vitamine D3 37,5 µg", 1500.0),
            (
                "Vitamin D (as ergocalciferol) 1.25 mg (50,000 USP units)",
                50000.0,
            ),
        ] {
            assert_eq!(read(line).1.per_serving.vitamin_d_iu, iu, "{line}");
        }
        assert_eq!(
            read("Each capsule contains 15 mg of menatetrenone.")
                .1
                .per_serving
                .k2_mk4_mcg,
            15000.0
        );
    }

    #[test]
    fn a_name_split_over_two_lines_is_joined() {
        let (label, intake) =
            read("Vitamin K2 (as menaquinone-7 from\n  chickpea) [MenaQ7®]        100 mcg   83%");
        assert_eq!(intake.per_serving.k2_mk7_mcg, 100.0);
        assert_eq!(label.ingredients[0].line, Some(1));
        let (_, intake) = read("Vitamin D\n25µg/1000iu");
        assert_eq!(intake.per_serving.vitamin_d_iu, 1000.0);
    }

    #[test]
    fn other_ingredient_lists_in_their_many_headings() {
        for (text, carrier) in [
            (
                "Vitamin D3 1000 IU\nOther Ingredients\nSafflower oil, gelatin.",
                crate::label::Carrier::Oil,
            ),
            (
                "Vitamin D3 1000 IU\nInactive ingredients: rice flour, gelatin.",
                crate::label::Carrier::None,
            ),
            (
                "Vitamine D3 1000 UI\nSupport liposoluble : huile d'olive vierge extra",
                crate::label::Carrier::Oil,
            ),
            (
                "Vitamin D3 1000 IU\nNon-Medicinal Ingredients\nMedium chain triglycerides.",
                crate::label::Carrier::Oil,
            ),
        ] {
            assert_eq!(read(text).1.carrier, carrier, "{text}");
        }
    }

    #[test]
    fn a_vitamin_k_total_is_not_counted_twice() {
        let text = "Vitamin K (total)           300 mcg\n   as phylloquinone (K1)    100 mcg\n   as menaquinone-7 (MK-7)  200 mcg";
        let (_, intake) = read(text);
        assert_eq!(intake.per_serving.k1_mcg, 100.0);
        assert_eq!(intake.per_serving.k2_mk7_mcg, 200.0);
        assert_eq!(intake.per_serving.k2_unspecified_mcg, 0.0);
    }

    #[test]
    fn claims_and_the_disclaimer_are_read() {
        let text = "Vitamin D3 1000 IU\nSupports bone health†\n†These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.";
        let (label, _) = read(text);
        assert_eq!(label.claims, ["Supports bone health†"]);
        assert!(
            label
                .disclaimer
                .as_deref()
                .is_some_and(|d| d.starts_with("These statements"))
        );
    }

    #[test]
    fn every_line_not_used_is_listed_with_its_number() {
        let imported = import_text(
            "Vitamin D3 1000 IU\n\nMade with love in Vermont\nVitamin D3 1000 IU",
            "t",
        );
        assert_eq!(
            imported.unparsed,
            [UnparsedLine {
                line: 3,
                text: "Made with love in Vermont".into()
            }]
        );
        assert_eq!(
            imported.label.ingredients.len(),
            1,
            "a restatement counts once"
        );
    }
}
