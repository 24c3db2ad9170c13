//! Stage 3: classified lines → facts. What each statement says is read: the serving, the
//! declared ingredients with their amounts, other ingredients, directions, claims and the
//! disclaimer; lines that say nothing the label needs are kept to be listed.

use std::sync::LazyLock;

use regex::Regex;

use super::amounts::{Found, NumberStyle, find_amounts_styled};
use super::classify::{CLAIM_MARKS, Classified, DISCLAIMER_EXACT, LineKind};
use super::directions::Serving;
use super::lines::Line;
use super::vocabulary::{canonical_name, count, form_in, names_a_salt, same_family, unit_word};
use super::{ImportWarning, UnparsedLine};
use crate::label::names::{self, DForm, Nutrient, fold};
use crate::label::{DosageForm, Ingredient, Unit};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("import pattern {pattern}: {e}"))
}

static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|each|a)(?:\s*\(\d+\))?\s+(?:[\w\-]+\s+){0,2}?(?P<unit>drops?|gouttes?|capsules?|softgels?|soft\s+gels?|tablets?|caplets?|gumm(?:y|ies)|lozenges?|sprays?|scoops?|sachets?|doses?|servings?)(?:\(s\))?(?-u:\b)",
    )
});

static OF: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*\)?\s*(?:of|de|d'|du|of\s+the)\s+(?P<name>[^,;.+]+)"));

/// A name right after the amount, as continental prose writes it: "22 Mikrogramm
/// Colecalciferol (entsprechend …)", "10 µg cholecalciferol".
static NAME_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*(?P<name>[\p{L}][\p{L}\-]+(?:\s+[\p{L}\d][\p{L}\d\-]*)?)"));

static AS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^(?P<name>[^(\[]+?)\s*[(\[]\s*(?:as|from)\s+(?P<form>[^)\]]+)[)\]](?P<rest>.*)$")
});

static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:[•*\-\s]+|.*(?-u:\b)(?:contains?|provides?|providing|supplies|supply|delivers?|contient|enthält|zawiera)\s*:?\s+|strength\s*:\s*|ingredients?\s*:\s*)",
    )
});

/// What the lines say, before it is assembled into a label.
#[derive(Debug, Default)]
pub struct Facts {
    pub declared: Vec<Declared>,
    pub serving: Option<Serving>,
    pub serving_size: Option<String>,
    /// The form a serving statement names.
    pub form: Option<DosageForm>,
    /// The form a "Form: …" line names.
    pub explicit_form: Option<DosageForm>,
    pub other_ingredients: Vec<String>,
    /// Whether the text has an other-ingredients list at all (an empty one counts).
    pub has_ingredient_list: bool,
    pub directions: Vec<String>,
    pub claims: Vec<String>,
    pub disclaimer: Option<String>,
    /// Where the text says the product exists in other variants.
    pub other_variants: Option<usize>,
    /// Lines of panel headings ("Supplement Facts"), to notice several panels.
    pub panels: Vec<usize>,
    pub unparsed: Vec<UnparsedLine>,
    pub warnings: Vec<ImportWarning>,
}

/// "1 drop contains", "Une goutte contient", "(1 Tropfen enthält ca.", "Każda kropla zawiera
/// około", "1 goutte =": what follows is the amount in one drop.
/// A percentage printed right after an amount, as a %DV or %NRV column gives it: "625%",
/// "| 83%", "(DV 100%)", "<1%", "NRV 200%". Tried only when the rest of the line holds a '%'.
static PERCENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[\s|:…\.\-–)]*\(?\s*(?P<col>%?\s*(?:dv|nrv|ri|vnr|nrw|ajr)\b)?\s*:?\s*(?P<less><|less\s+than)?\s*(?P<n>\d{1,7}(?:[.,]\d{1,3})?)\s*%",
    )
});

/// Which column a printed percentage belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentColumn {
    Dv,
    Nrv,
    /// The line does not say; the panel's heading decides.
    Unnamed,
}

/// The percentage printed after an amount, and which column it is, when there is one.
fn percent_after(after: &str) -> Option<(crate::label::PrintedPercent, PercentColumn)> {
    if !after.contains('%') {
        return None;
    }
    let c = PERCENT_AFTER.captures(after)?;
    let n = c.name("n")?.as_str().replace(',', ".");
    let text = if c.name("less").is_some() {
        format!("<{n}")
    } else {
        n
    };
    let percent = crate::label::PrintedPercent::parse(&text)?;
    let column = match c
        .name("col")
        .map(|m| m.as_str().trim_start_matches('%').trim().to_lowercase())
    {
        Some(col) if col == "dv" => PercentColumn::Dv,
        Some(_) => PercentColumn::Nrv,
        None => PercentColumn::Unnamed,
    };
    Some((percent, column))
}

static ONE_DROP: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:^|[^\w])(?:1|one|une|each|chaque|jeder|ein|każda|1\s+kropla)\s+(?:drop|goutte|tropfen|kropla)\s*(?:\([^)]*\)\s*)?(?:contains?|contient|enthält|zawiera|provides?|=|:)?\s*(?:ca\.?|approx\.?|approximately|about|environ|około|ok\.)?\s*$",
    )
});

/// A line about one millilitre: "1 ml solution (36 drops) contains", "Pour 1 ml", "/ml".
static PER_ML: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?:(?-u:\b)(?:1|one|per|pour|each|je|każdy|jeder)\s+ml(?-u:\b)|/\s*ml(?-u:\b))")
});

static ELEMENTAL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?-u:\b)elemental\s+(?P<element>\p{L}+)\s*$"));

/// The composition section of a medicine's summary or leaflet.
static COMPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:qualitative\s+and\s+quantitative\s+composition|composition\s+qualitative\s+et\s+quantitative|qualitative\s+und\s+quantitative\s+zusammensetzung|skład\s+jakościowy\s+i\s+ilościowy)",
    )
});

/// A numbered section heading ("3. Pharmaceutical form", "4.2 Posologie"): the end of a
/// section.
static SECTION: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*\d+(?:\.\d+)*\.?\s+\p{Lu}"));

/// A line that only says the basis of the amounts around it: "Pour 1 ml.", "Per 100 ml:".
static ML_BASIS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^\s*(?:pour|per|for|pro|na|je)\s+\d+(?:[.,]\d+)?\s*ml\s*[.:]?\s*$")
});

static PANEL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^[\s•*]*(?:supplement(?:al)?\s+facts|nutrition\s+facts)"));

/// Reads every classified line.
pub fn extract(lines: impl IntoIterator<Item = Classified>, style: NumberStyle) -> Facts {
    let mut facts = Facts::default();
    let mut serving_is_each = false;
    // Declarations that follow a "Pour 100 ml :" line are per that volume.
    let mut per_ml_ahead: u8 = 0;
    let mut in_composition = false;
    for c in lines {
        let c = &c;
        let line = &c.line;
        let t = line.text.as_str();
        if COMPOSITION.is_match(t) {
            in_composition = true;
        } else if SECTION.is_match(t) {
            in_composition = false;
        }
        if ML_BASIS.is_match(t) {
            // "Pour 1 ml." under a declaration, or "Pour 100 ml :" above the next ones.
            for d in facts.declared.iter_mut().rev() {
                match d.ingredient.line {
                    Some(n) if n + 1 >= line.number() && n + 3 >= line.number() => d.per_ml = true,
                    _ => break,
                }
            }
            per_ml_ahead = 2;
            continue;
        }
        let ml_context = per_ml_ahead > 0;
        per_ml_ahead = if c.has(|k| *k == LineKind::Declarations) {
            per_ml_ahead.saturating_sub(1)
        } else {
            per_ml_ahead
        };
        if c.has(|k| *k == LineKind::TooLong) {
            facts.unparsed.push(UnparsedLine {
                line: line.number(),
                text: format!("{}…", t.chars().take(80).collect::<String>()),
            });
            continue;
        }
        let mut used = false;
        for kind in &c.kinds {
            match kind {
                LineKind::ListItems { partial } => {
                    facts.has_ingredient_list |= !partial;
                    read_list(t, line, style, &mut facts);
                    used = true;
                }
                LineKind::Disclaimer { start } => {
                    let printed = t[*start..].trim().trim_start_matches(CLAIM_MARKS).trim();
                    let printed = printed.trim_matches(|c| c == '(' || c == ')').trim();
                    if !DISCLAIMER_EXACT.is_match(printed) {
                        facts.warnings.push(ImportWarning::at(
                            line.number(),
                            "the disclaimer printed is not the exact wording US law requires (\"This statement has not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.\")",
                        ));
                    }
                    facts.disclaimer = Some(printed.to_string());
                    used = true;
                    // Claims printed on the same line before the disclaimer.
                    let before = t[..*start].trim().trim_end_matches('(').trim();
                    if before.ends_with(CLAIM_MARKS) && before.len() > 3 {
                        facts.claims.extend(split_claims(before));
                    }
                }
                LineKind::ServingSize { rest } => {
                    if let Some((s, f)) = serving_from(rest) {
                        if !serving_is_each {
                            facts.serving = Some(s);
                        }
                        facts.form = facts.form.or(f);
                    }
                    facts
                        .serving_size
                        .get_or_insert_with(|| rest.trim().to_string());
                    used = true;
                }
                LineKind::Contains { statement } => {
                    if let Some((s, f)) = serving_from(statement)
                        && (s.unit.is_some() || f.is_some())
                    {
                        facts.serving = Some(s);
                        serving_is_each = true;
                        if f.is_some() {
                            facts.form = f;
                        }
                        facts
                            .serving_size
                            .get_or_insert_with(|| statement.trim().to_string());
                    }
                    used = true;
                }
                LineKind::PerUnit { count, unit, form } => {
                    if facts.serving.is_none() {
                        facts.serving = Some(Serving {
                            count: *count,
                            unit: *unit,
                        });
                        facts.form = facts.form.or(*form);
                    }
                }
                LineKind::FormStatement(f) => {
                    facts.explicit_form = Some(*f);
                    used = true;
                }
                LineKind::ListHeader {
                    rest_at, partial, ..
                } => {
                    facts.has_ingredient_list |= !partial;
                    read_list(&t[*rest_at..], line, style, &mut facts);
                    used = true;
                }
                LineKind::Declarations => {
                    let prose = t.split_whitespace().count() > 14;
                    // On a line that goes on with an other-ingredients list, only the amounts
                    // before the list are declarations.
                    let list_start = c.kinds.iter().find_map(|k| match k {
                        LineKind::ListHeader { start, .. } | LineKind::Advice { start } => {
                            Some(*start)
                        }
                        _ => None,
                    });
                    let amounts: Vec<Found> = c
                        .amounts
                        .iter()
                        .filter(|f| list_start.is_none_or(|s| f.span.end <= s))
                        .cloned()
                        .collect();
                    let mut found = declarations(line, &amounts, prose);
                    for d in found.iter().filter(|d| d.negative) {
                        facts.warnings.push(ImportWarning::at(
                            line.number(),
                            format!(
                                "{} is printed with a minus sign; an amount cannot be negative, so it is not used",
                                d.ingredient.name
                            ),
                        ));
                    }
                    found.retain(|d| !d.negative);
                    for d in &mut found {
                        d.per_ml |= ml_context;
                        d.in_composition = in_composition;
                    }
                    if found.iter().any(|d| d.nutrient != Nutrient::Other)
                        || (!found.is_empty() && !prose)
                    {
                        used = true;
                        // "equ. to Elemental Calcium 500mg" on its own line restates the line
                        // above with the elemental amount.
                        if restates_above(t)
                            && let (Some(prev), Some(new)) =
                                (facts.declared.last_mut(), found.first())
                            && same_family(prev.nutrient, new.nutrient)
                        {
                            if prev.salt_only {
                                prev.salt_only = false;
                                prev.salt_mcg = prev
                                    .ingredient
                                    .unit
                                    .mcg_factor()
                                    .map(|f| prev.ingredient.amount * f);
                            }
                            prev.ingredient.amount = new.ingredient.amount;
                            prev.ingredient.unit = new.ingredient.unit;
                            continue;
                        }
                        facts.declared.extend(found);
                    }
                }
                LineKind::Direction => {
                    // Only up to general advice on the same line.
                    let end = c
                        .kinds
                        .iter()
                        .find_map(|k| match k {
                            LineKind::Advice { start } => Some(*start),
                            _ => None,
                        })
                        .unwrap_or(t.len());
                    facts.directions.push(t[..end].trim().to_string());
                    used = true;
                }
                LineKind::Advice { start } => {
                    facts.warnings.push(ImportWarning::at(
                        line.number(),
                        format!(
                            "general advice, not this product's dose, is not used: \"{}\"",
                            excerpt(&t[*start..])
                        ),
                    ));
                }
                LineKind::OtherVariants => {
                    facts.other_variants.get_or_insert(line.number());
                }
                LineKind::Claim => {
                    if !used {
                        facts.claims.extend(split_claims(t));
                        used = true;
                    }
                }
                LineKind::Heading => {
                    if PANEL.is_match(t) {
                        facts.panels.push(line.number());
                    }
                    used = true;
                }
                LineKind::Warning | LineKind::TooLong => {}
            }
        }
        if !used {
            facts.unparsed.push(UnparsedLine {
                line: line.number(),
                text: t.to_string(),
            });
        }
    }
    facts.other_ingredients.dedup();
    facts
}

/// At most 80 characters of a line, for a message.
pub fn excerpt(text: &str) -> String {
    if text.chars().count() <= 80 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(79).collect::<String>())
    }
}

/// "equ. to Elemental Calcium 500mg", "Quantité correspondant à calcium élément 1000 mg",
/// "entsprechend 600 mg Calcium": a line restating the one above with the elemental amount.
fn restates_above(text: &str) -> bool {
    let f = fold(text);
    f.starts_with(" equ")
        || f.starts_with(" quantité correspondant")
        || f.starts_with(" entsprechend")
        || f.starts_with(" soit ")
        || f.starts_with(" corresponding to ")
}

/// Two claims on one line ("Supports bones* Supports immunity*") are two claims.
fn split_claims(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next_starts_claim = chars.get(i + 1).is_some_and(|(_, n)| n.is_whitespace())
            && chars.get(i + 2).is_some_and(|(_, n)| n.is_uppercase());
        if CLAIM_MARKS.contains(&c) && next_starts_claim {
            let end = at + c.len_utf8();
            out.push(text[start..end].trim().to_string());
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Reads an other-ingredients list that follows its heading on the line; items with an amount
/// of a nutrient are declarations.
fn read_list(rest: &str, line: &Line, style: NumberStyle, facts: &mut Facts) {
    for item in crate::label::split_list(rest) {
        let amounts = find_amounts_styled(&item, style);
        // An item is a declaration only when it gives an amount of a nutrient; "0,66 mg
        // Sojaöl" in a list of excipients is an other ingredient.
        let items = if amounts.is_empty() {
            Vec::new()
        } else {
            let item_line = Line {
                numbers: line.numbers.clone(),
                text: item.clone(),
                indent: line.indent,
                amounts: None,
            };
            let found = declarations(&item_line, &amounts, false);
            if found.iter().any(|d| d.nutrient != Nutrient::Other) {
                found
            } else {
                Vec::new()
            }
        };
        if items.is_empty() {
            let cleaned = item.trim().trim_end_matches(['.', '…']).trim();
            if !cleaned.is_empty() && !is_filler(cleaned) {
                facts.other_ingredients.push(cleaned.to_string());
            }
        } else {
            facts.declared.extend(items);
        }
    }
}

/// The serving a statement describes: its count and counted unit, and the form it implies.
pub fn serving_from(text: &str) -> Option<(Serving, Option<DosageForm>)> {
    let form = form_in(text);
    // "0.1 ml (five drops)": prefer a counted unit anywhere in the statement.
    let counted = &*COUNTED;
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
    // In prose, the name is what follows the last comma outside parentheses ("…, vitamin-D3
    // 200 IU as cholecalciferol BP, magnesium (as magnesium oxide) 40mg").
    let before_clean = last_clause(before_clean);
    // "Magnesium Sulphate eq to Elemental Manganese": the amount is of what is elemental.
    if let Some(c) = ELEMENTAL.captures(before_clean) {
        let element = c.name("element").map_or("", |m| m.as_str());
        let n = names::recognise(element, None);
        // An element labelcheck does not check is named alone, so that the salt's name
        // ("Magnesium Sulphate eq to Elemental Manganese") cannot make it read as magnesium.
        let name = if n == Nutrient::Other {
            element.to_string()
        } else {
            before_clean.to_string()
        };
        return Some((n, name));
    }
    // "125 mcg of vitamin K1 and 12.5 mcg of vitamin K2": the words before the second amount
    // belong to the first ("of vitamin K1 and"); the second's own name follows it.
    if OF.is_match(before_clean)
        && let Some(c) = OF.captures(after)
    {
        let name = c.name("name").map_or("", |m| m.as_str()).trim();
        let n = names::recognise(name, None);
        if n != Nutrient::Other {
            return Some((n, name.to_string()));
        }
    }
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
    let of = &*OF;
    if let Some(c) = of.captures(after) {
        let name = c.name("name").map_or("", |m| m.as_str()).trim();
        let n = names::recognise(name, None);
        if n != Nutrient::Other {
            return Some((n, name.to_string()));
        }
    }
    // "22 Mikrogramm Colecalciferol", when nothing before the amount names it.
    if before_clean.chars().count() <= 12 {
        return name_after(after);
    }
    None
}

/// The text after the last comma or semicolon outside parentheses, when it names a nutrient.
fn last_clause(text: &str) -> &str {
    let mut depth = 0i32;
    let mut cut = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' if depth == 0 => cut = Some(i + 1),
            _ => {}
        }
    }
    match cut {
        Some(at) if names::recognise(text[at..].trim(), None) != Nutrient::Other => {
            text[at..].trim()
        }
        _ => text,
    }
}

/// The nutrient named right after an amount ("600 mg Calcium und 400 I.E. Vitamin D3").
fn name_after(after: &str) -> Option<(Nutrient, String)> {
    let c = NAME_AFTER.captures(after)?;
    let mut name = c.name("name").map_or("", |m| m.as_str()).trim();
    for joiner in [
        " und", " and", " et", " i", " y", " e", " +", " with", " mit", " avec",
    ] {
        name = name.strip_suffix(joiner).unwrap_or(name);
    }
    let lower = name.to_lowercase();
    // German compounds name the salt in one word: "Calciumcarbonat", "Magnesiumoxid".
    let n = match names::recognise(name, None) {
        Nutrient::Other if lower.starts_with("calcium") || lower.starts_with("kalzium") => {
            Nutrient::Calcium
        }
        Nutrient::Other if lower.starts_with("magnesium") => Nutrient::Magnesium,
        n => n,
    };
    (n != Nutrient::Other).then(|| (n, name.to_string()))
}

/// Splits "Vitamin D3 (as cholecalciferol)" into name and form.
fn split_name(text: &str) -> (String, Option<String>) {
    let as_re = &*AS;
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
pub struct Declared {
    pub ingredient: Ingredient,
    pub nutrient: Nutrient,
    pub indent: usize,
    /// For a mineral salt stated with its elemental equivalent, the salt's amount in mcg (so a
    /// restatement of the salt elsewhere is not counted as more of the mineral).
    pub salt_mcg: Option<f64>,
    /// The name is a salt ("calcium carbonate 1250 mg") and no elemental amount is given: the
    /// weight is the salt's, not the mineral's.
    pub salt_only: bool,
    /// Printed with a minus sign.
    pub negative: bool,
    /// Declared for one drop ("1 drop contains 200 IU", "Une goutte contient 300 UI") in a text
    /// that may also give the strength per mL.
    pub per_drop: bool,
    /// Declared on a line about a millilitre ("1 ml (36 drops) contains", "Pour 1 ml").
    pub per_ml: bool,
    /// Declared in a medicine's composition section ("2. Qualitative and quantitative
    /// composition"), which is the legal statement of what a unit holds.
    pub in_composition: bool,
    /// The %DV or %NRV printed after the amount.
    pub percent: Option<(crate::label::PrintedPercent, PercentColumn)>,
}

/// Reads the amounts of one line into declarations.
fn declarations(line: &Line, found: &[Found], prose_names: bool) -> Vec<Declared> {
    let text = &line.text;
    // Continental prose names the nutrient after its amount ("600 mg Calcium und 400 I.E.
    // Vitamin D3"): when nothing before the first amount names a nutrient and a name follows
    // it, every amount on the line takes the name that follows it.
    let amount_first = found.first().is_some_and(|first| {
        let before = strip_lead(&text[..first.span.start]);
        let after_end = found.get(1).map_or(text.len(), |f| f.span.start);
        names::recognise(before, None) == Nutrient::Other
            && name_after(&text[first.span.end..after_end]).is_some()
    });
    let mut out: Vec<Declared> = Vec::new();
    let mut i = 0;
    let mut prev_end = 0;
    while i < found.len() {
        let primary = &found[i];
        // "Calcium Carbonate / Colecalciferol 1500mg / 400IU": names and amounts paired in order;
        // "Calcium-dura Vit D3 Brause 600 mg/400 I.E.": a title names both, in order.
        if let Some(next) = found.get(i + 1) {
            let gap = text[primary.span.end..next.span.start].trim();
            let before_text = &text[prev_end..primary.span.start];
            let mut names: Vec<&str> = before_text.split('/').map(str::trim).collect();
            if names.len() == 1
                && let Some(at) = second_family_at(before_text)
            {
                names = vec![before_text[..at].trim(), before_text[at..].trim()];
            }
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
                                printed: Default::default(),
                            },
                            nutrient: *nutrient,
                            indent: line.indent,
                            salt_mcg: None,
                            salt_only: is_mineral(*nutrient) && names_a_salt(name),
                            negative: amount.negative,
                            per_drop: false,
                            per_ml: PER_ML.is_match(text),
                            in_composition: false,
                            percent: None,
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
            let equivalent = [
                " equivalent ",
                " equ ",
                " equiv ",
                " entsprechend ",
                " correspondant ",
                " soit ",
                " équivalent ",
                " equivalente ",
                " odpowiada ",
            ]
            .iter()
            .any(|w| gap_folded.contains(w));
            let short_gap = gap
                .trim()
                .chars()
                .all(|c| matches!(c, '(' | '/' | '=' | '[' | ' ' | ','));
            let is_iu = |f: &Found| f.unit == Unit::Iu;
            // A mass and IU are one amount said twice only when they are of the same order
            // ("125 mcg (5,000 IU)", or a misprint like "(50,000 IU)"); "600 mg/400 I.E." in a
            // calcium + D title is two amounts.
            let same_order = match (primary.unit.mcg_factor(), next.unit.mcg_factor()) {
                (Some(f), None) => within_100x(primary.value * f * 40.0, next.value),
                (None, Some(f)) => within_100x(next.value * f * 40.0, primary.value),
                _ => true,
            };
            if (short_gap || (equivalent && is_iu(primary) != is_iu(next))) && same_order {
                if is_iu(primary) != is_iu(next) {
                    alt = Some(next);
                    group_end = next.span.end;
                }
            } else if equivalent
                && is_iu(primary) == is_iu(next)
                // "…equivalent to calcium 250 mg, magnesium hydroxide equivalent to magnesium
                // 100 mg": a comma starts the next item.
                && !gap.trim_start().starts_with([',', ';'])
                && gap.len() < 60
            {
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
        let named_after = if amount_first {
            name_after(after)
        } else {
            None
        };
        let near = named_after
            .or_else(|| nutrient_near(before, after))
            .or_else(|| {
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
        let salt_only = elemental.is_none() && is_mineral(nutrient) && names_a_salt(&name);
        out.push(Declared {
            ingredient: Ingredient {
                name,
                form,
                amount: value,
                unit,
                alt: alt_pair,
                line: Some(line.numbers[0]),
                printed: Default::default(),
            },
            nutrient,
            indent: line.indent,
            salt_mcg,
            salt_only,
            negative: primary.negative,
            per_drop: ONE_DROP.is_match(before),
            per_ml: PER_ML.is_match(text),
            in_composition: false,
            percent: percent_after(after),
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

fn within_100x(a: f64, b: f64) -> bool {
    a > 0.0 && b > 0.0 && (a / b).max(b / a) <= 100.0
}

static FAMILY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?P<ca>calci|calcium|kalzium|calcio)|(?P<d>vit(?:amin[ea]?)?\.?\s*d\s*3?(?-u:\b)|(?-u:\b)d3(?-u:\b)|c[oh]{1,2}l[eé]calcif)|(?P<mg>magnes)|(?P<k>vit(?:amin[ea]?)?\.?\s*k\s*2?(?-u:\b)|(?-u:\b)k2(?-u:\b)|(?-u:\b)mk-?7)",
    )
});

/// Where a second nutrient family starts in a title that names two ("Calcium-dura Vit D3").
fn second_family_at(text: &str) -> Option<usize> {
    let mut first: Option<&str> = None;
    for c in FAMILY_WORD.captures_iter(text) {
        let (group, m) = ["ca", "d", "mg", "k"]
            .iter()
            .find_map(|g| c.name(g).map(|m| (*g, m)))?;
        match first {
            None => first = Some(group),
            Some(f) if f != group => return Some(m.start()),
            Some(_) => {}
        }
    }
    None
}

fn is_mineral(n: Nutrient) -> bool {
    matches!(n, Nutrient::Calcium | Nutrient::Magnesium)
}

/// Drops leading words that introduce a declaration ("Each capsule contains", "•", "Strength:").
fn strip_lead(text: &str) -> &str {
    let lead = &*LEAD;
    let stripped = lead.find(text).map_or(text, |m| &text[m.end()..]);
    stripped.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ':')
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::amounts::find_amounts;

    /// Name, amount, unit and second declaration of each ingredient read.
    type Read = (String, f64, Unit, Option<(f64, Unit)>);

    fn declared(text: &str) -> Vec<Read> {
        let line = Line {
            numbers: vec![1],
            text: text.to_string(),
            indent: 0,
            amounts: None,
        };
        declarations(&line, &find_amounts(text), false)
            .into_iter()
            .map(|d| {
                (
                    d.ingredient.name,
                    d.ingredient.amount,
                    d.ingredient.unit,
                    d.ingredient.alt,
                )
            })
            .collect()
    }

    #[test]
    fn a_second_declaration_in_any_wording_is_the_same_amount() {
        for text in [
            "Vitamin D3 800 IU (20 microgram)",
            "Vitamin D3 20 000 IU (equivalent to 500 μg vitamin D3)",
            "Vitamin D3 200 IU = 5 mcg",
            "Vitamin D3 1000 IU / 25µg",
            "Vitamin D3 10 µg (entsprechend 400 I.E.)",
        ] {
            let d = declared(text);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].2, Unit::Mcg, "{text}: the mass is the declaration");
            assert!(d[0].3.is_some_and(|(_, u)| u == Unit::Iu), "{text}: {d:?}");
        }
    }

    #[test]
    fn amounts_of_very_different_order_are_two_amounts() {
        let d = declared("Calcium-dura Vit D3 Brause 600 mg/400 I.E.");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].1, d[0].2), (600.0, Unit::Mg));
        assert_eq!((d[1].1, d[1].2), (400.0, Unit::Iu));
    }

    #[test]
    fn names_after_amounts_in_continental_prose() {
        let d = declared("600 mg Calcium und 400 I.E. Vitamin D3");
        assert_eq!(d[0].0, "Calcium");
        assert_eq!(d[1].0, "Vitamin D3");
    }

    #[test]
    fn two_claims_on_one_line_are_two_claims() {
        assert_eq!(
            split_claims("Supports healthy bones* Supports the immune system†"),
            ["Supports healthy bones*", "Supports the immune system†"]
        );
    }
}
