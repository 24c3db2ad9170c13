//! Stage 2: logical lines → classified lines. Each line gets the kinds of statement it holds
//! ([`LineKind`]) — a serving statement, declarations, an other-ingredients list, directions, a
//! claim, the disclaimer, a heading, general advice — judged from the line alone and the line
//! before it. What the statements say is read in the next stage.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::amounts::{Found, NumberStyle, find_amounts_styled};
use super::directions::{self, Serving};
use super::lines::{Line, MAX_LINE_CHARS, paren_balance};
use super::vocabulary::form_in;
use crate::label::DosageForm;
use crate::label::names::fold;

/// What a line holds. A line may hold several ("Each capsule contains 25 µg vitamin D3" is a
/// serving statement and a declaration).
#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    /// Longer than any label line: not scanned.
    TooLong,
    /// Items of an other-ingredients list whose heading stood alone on the line before.
    ListItems { partial: bool },
    /// The FDA disclaimer, from this byte offset.
    Disclaimer { start: usize },
    /// "Serving Size: 2 drops": the text after the heading.
    ServingSize { rest: String },
    /// "Each capsule contains", "2 drops provide": the statement.
    Contains { statement: String },
    /// "per 2 drops", "per tablet": the serving when nothing else gives one.
    PerUnit {
        count: f64,
        unit: Option<&'static str>,
        form: Option<DosageForm>,
    },
    /// "Form: Tablets".
    FormStatement(DosageForm),
    /// An other-ingredients heading from byte `start`; the items follow it on the line from
    /// `rest_at`, or on the next line when nothing follows. A partial list names only some
    /// other ingredients (the excipients "with known effect").
    ListHeader {
        start: usize,
        rest_at: usize,
        partial: bool,
    },
    /// Amounts that may declare ingredients.
    Declarations,
    /// How to take the product.
    Direction,
    /// A warning or caution: never a declaration or a direction.
    Warning,
    /// General advice, not the product's own dose, from byte `start`: per kilogram of body
    /// weight, a reference intake, what "everyone" should have.
    Advice { start: usize },
    /// Says the product exists in other variants ("also available as…").
    OtherVariants,
    /// A marketing claim marked with a footnote sign.
    Claim,
    /// A panel heading ("Supplement Facts", "Amount Per Serving").
    Heading,
}

/// A line with what it holds and the amounts in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub line: Line,
    pub kinds: Vec<LineKind>,
    pub amounts: Vec<Found>,
}

impl Classified {
    pub fn has(&self, kind: impl Fn(&LineKind) -> bool) -> bool {
        self.kinds.iter().any(kind)
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("import pattern {pattern}: {e}"))
}

/// The FDA disclaimer in its singular and plural wordings and near variants ("the FDA",
/// "the U.S. Food and Drug Administration").
pub static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(statements?\s+(?:has|have)\s+not\s+been\s+(?:evaluated|approved|reviewed)\s+by\s+the\s+(?:u\.?\s?s\.?\s+)?(?:food\s+(?:and|&)\s+drug\s+administration|fda))",
    )
});

/// The exact opening of the disclaimer 21 CFR 101.93 requires, singular or plural.
pub static DISCLAIMER_EXACT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:this\s+statement\s+has|these\s+statements\s+have)\s+not\s+been\s+evaluated\s+by\s+the\s+food\s+and\s+drug\s+administration\.?\s+this\s+product\s+is\s+not\s+intended\s+to\s+diagnose,\s+treat,\s+cure,?\s+or\s+prevent\s+any\s+disease\.?",
    )
});

/// An other-ingredients heading: at the start of a line, or after a medicinal list on the same
/// line ("… 25 mcg (1000 IU) Nonmedicinal Ingredients: sunflower oil").
static LIST_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:^|[\s.;)])[\s•*\-–]*(?:the\s+)?(?:other|inactive|non-?\s?medicinal|nonmedicinal)\s+ingredients?(?:\s+are)?(?:\s*[:\-–]\s*|\s*$)|^[\s•*\-–]*(?:ingredients|ingrédients|ingredientes|composition|excipients?|support\s+liposoluble|base|sonstige\s+bestandteile|zutaten|list\s+of\s+excipients)(?:\s+(?:with\s+known\s+effects?|mit\s+bekannter\s+wirkung|à\s+effet\s+notoire))?\s*[:\-–]\s*|^[\s•*\-–]*(?:ingredients|composition)\s*$|^\s*in\s+a\s+base\s+of\s+(?:a\s+|an\s+)?|(?-u:\b)it\s+also\s+contains\s+|(?-u:\b)concentrate\s+contains\s+",
    )
});

/// A list of only the excipients "with known effect": a part of the other ingredients.
static PARTIAL_LIST: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)known\s+effect|bekannter\s+wirkung|effet\s+notoire"));

static SERVING_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*serving\s+size\s*:?\s*(?P<rest>.+)$|quantit[ée]\s+par\s+(?:dose|prise)[^(]*\((?P<fr>[^)]+)\)",
    )
});

/// "Each capsule contains", "Two Drops Contain:", "1 capsule provides", "Each Serving/Drop
/// (0.03 ml) Contains", "One dose (drop) contains", "each uncoated chewable tablet contains",
/// "1 Brausetablette enthält", "chaque comprimé contient".
static CONTAINS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?P<count>each|one|two|three|four|five|six|per|chaque|une?|jede|\d+(?:\.\d+)?)\s+(?P<words>(?:[\w/®\-]+\s+){0,3}?)(?P<unit>[\w/]+)(?:\s*\((?P<paren>[^)]*)\))?\s*(?::\s*)?(?:contains?|provides?|providing|supplies|delivers?|contient|enthält|enthalten)(?-u:\b)",
    )
});

static PER_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)per\s+(?:(?P<count>\d+(?:\.\d+)?|one|two|three|four|five)\s+)?(?P<unit>drops?|sprays?|capsules?|softgels?|tablets?|gumm(?:y|ies)|lozenges?|scoops?|sachets?|ampoules?)(?-u:\b)",
    )
});

static DIRECTION_START: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[\s•*(]*(?:directions?|suggested\s+(?:use|usage|dose)|recommended\s+(?:use|dosage|dose|daily\s+dose)|dosage(?:\s+and\s+administration)?|dose|usage|how\s+to\s+(?:use|take)|recommendation|mode\s+d'emploi|posologie|conseils\s+d'utilisation|modo\s+de\s+(?:uso|empleo)|the\s+recommended\s+dose|dosierung|verzehrempfehlung|anwendung|dawkowanie)(?-u:\b)",
    )
});

static WARNING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[\s•*(]*(?:caution|warnings?|note|important|indications?|contraindications?|do\s+not|keep\s+out|overdose|overdosage|precautions?|side\s+effects|mises\s+en\s+garde|warnhinweise?)(?-u:\b)",
    )
});

/// General advice that is not the product's dose: an amount per kilogram of body weight, a
/// reference intake.
static ADVICE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:/\s*kg(?-u:\b)|(?-u:\b)per\s+kg(?-u:\b)|(?-u:\b)par\s+kg(?-u:\b)|(?-u:\b)pro\s+kg(?-u:\b)|(?-u:\b)kg\s+(?:of\s+)?body\s*weight|(?-u:\b)kg\s+de\s+poids|(?-u:\b)kg\s+körpergewicht|recommended\s+(?:dietary\s+allowance|daily\s+intake|intake)|(?-u:\b)rda(?-u:\b)|reference\s+intake|adequate\s+intake|(?-u:\b)everyone(?-u:\b)|(?-u:\b)government(?-u:\b)|department\s+of\s+health|public\s+health)",
    )
});

static OTHER_VARIANTS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:also\s+available\s+(?:as|in)|available\s+in\s+(?:strengths|several\s+strengths|\d)|other\s+strengths|autres\s+dosages|auch\s+erhältlich)",
    )
});

/// An amount followed by how often to take it: "40000 IU once every week", "2000 IU (1
/// tablet) daily" — a dose, not what a serving contains.
static AMOUNT_FREQUENCY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:\([^)]*\)\s*)?(?:once|twice|thrice|\d+\s*(?:x|times)|daily|a\s+day|per\s+day|/\s*day|each\s+day|every|weekly|fortnightly|monthly|each\s+a)(?-u:\b)",
    )
});

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[\s•*]*(?:supplement(?:al)?\s+facts|nutrition\s+facts|amount\s+per\s+serving|%\s*daily\s+value|%?\s*dv|servings?\s+per\s+container|medicinal\s+ingredients|typical\s+values|nrv(?-u:\b)|per\s+serving|active\s+ingredients?|the\s+active\s+substances?\s+are|strength|each\s+[\w\s]*contains\s*:?|\d+(?:\.\d+)*\.?\s+qualitative\s+and\s+quantitative\s+composition|\d+(?:\.\d+)*\.?\s+composition\s+qualitative\s+et\s+quantitative|qualitative\s+und\s+quantitative\s+zusammensetzung|wirkstoffe?)[\s:]*(?:.*%\s*daily\s+value.*|\d+.*|about\s+\d+.*)?$",
    )
});

static FORM_LINE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?-u:\b)form\s*[:\-–]\s*(?P<f>[\w\s]+)$"));

/// "Form: Tablets", "Oral Solid Dosage Form-Tablets".
fn explicit_form(text: &str) -> Option<DosageForm> {
    FORM_LINE
        .captures(text)
        .and_then(|c| form_in(c.name("f").map_or("", |m| m.as_str())))
}

pub fn is_parenthetical(text: &str) -> bool {
    text.starts_with('(') && text.trim_end().ends_with(')') && paren_balance(text) == 0
}

/// Footnote signs that tie a claim to the disclaimer.
pub const CLAIM_MARKS: &[char] = &['*', '†', '‡', '¹', '²', '³', '§'];

/// A marketing line marked with a footnote sign (or a footnote digit glued to its last word).
pub fn is_claim(text: &str) -> bool {
    let t = text.trim();
    let digit_mark = {
        let mut tail = t.chars().rev();
        tail.next().is_some_and(|c| c.is_ascii_digit())
            && tail.next().is_some_and(char::is_alphabetic)
    };
    let marked = t.ends_with(CLAIM_MARKS) || digit_mark;
    let starts_with_mark = t.starts_with(CLAIM_MARKS);
    let words = t.split_whitespace().count();
    marked
        && !starts_with_mark
        && words >= if digit_mark { 3 } else { 2 }
        && !fold(t).contains(" daily value ")
}

/// Which patterns a line may match, by the words they need.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Disclaimer,
    Serving,
    Contains,
    Per,
    Form,
    Advice,
    Variants,
    List,
    Frequency,
}

/// Words one of which a line must hold for a pattern to be worth trying.
const GATE_WORDS: &[(&str, Gate)] = &[
    ("evaluated", Gate::Disclaimer),
    ("approved", Gate::Disclaimer),
    ("reviewed", Gate::Disclaimer),
    ("serving", Gate::Serving),
    ("quantit", Gate::Serving),
    ("contain", Gate::Contains),
    ("provid", Gate::Contains),
    ("suppl", Gate::Contains),
    ("deliver", Gate::Contains),
    ("contient", Gate::Contains),
    ("enthält", Gate::Contains),
    ("per ", Gate::Per),
    ("form", Gate::Form),
    ("kg", Gate::Advice),
    ("intake", Gate::Advice),
    ("rda", Gate::Advice),
    ("allowance", Gate::Advice),
    ("everyone", Gate::Advice),
    ("government", Gate::Advice),
    ("health", Gate::Advice),
    ("available", Gate::Variants),
    ("strength", Gate::Variants),
    ("dosages", Gate::Variants),
    ("erhältlich", Gate::Variants),
    ("ingredient", Gate::List),
    ("ingrédient", Gate::List),
    ("composition", Gate::List),
    ("excipient", Gate::List),
    ("base", Gate::List),
    ("bestandteile", Gate::List),
    ("zutaten", Gate::List),
    ("contains", Gate::List),
    ("support", Gate::List),
];

/// The gates a line opens, found in one pass (ASCII letters in any case).
#[derive(Clone, Copy)]
struct Gates(u16);

static GATE_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = GATE_WORDS
        .iter()
        .map(|(w, _)| *w)
        .chain(directions::FREQUENCY_HINTS.iter().copied());
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words)
        .unwrap_or_else(|e| panic!("gate words: {e}"))
});

impl Gates {
    fn of(text: &str) -> Gates {
        let mut bits = 0u16;
        for m in GATE_MATCHER.find_overlapping_iter(text) {
            let gate = GATE_WORDS
                .get(m.pattern().as_usize())
                .map_or(Gate::Frequency, |(_, g)| *g);
            bits |= 1 << gate as u16;
        }
        Gates(bits)
    }

    fn has(self, gate: Gate) -> bool {
        self.0 & (1 << gate as u16) != 0
    }
}

/// Whether a line reads as directions.
fn is_direction(text: &str, gates: Gates, amounts: &[Found]) -> bool {
    let any_serving = Serving {
        count: 1.0,
        unit: None,
    };
    DIRECTION_START.is_match(text)
        || (gates.has(Gate::Frequency)
            && (directions::servings_in(text, any_serving, None).is_some()
                || amounts
                    .iter()
                    .any(|f| AMOUNT_FREQUENCY.is_match(&text[f.span.end..]))))
}

/// Classifies every line, one at a time as the next stage asks for them (so that a long text
/// is never held twice). A list heading alone on its line makes the next line its items.
pub fn classify(
    lines: impl IntoIterator<Item = Line>,
    style: NumberStyle,
) -> impl Iterator<Item = Classified> {
    let mut pending_list: Option<bool> = None;
    lines
        .into_iter()
        .filter_map(move |line| classify_line(line, style, &mut pending_list))
}

fn classify_line(
    mut line: Line,
    style: NumberStyle,
    pending_list: &mut Option<bool>,
) -> Option<Classified> {
    {
        let t = line.text.as_str();
        if t.is_empty() {
            return None;
        }
        if t.len() > MAX_LINE_CHARS && t.chars().count() > MAX_LINE_CHARS {
            *pending_list = None;
            return Some(Classified {
                line,
                kinds: vec![LineKind::TooLong],
                amounts: Vec::new(),
            });
        }
        let amounts = match line.amounts.take() {
            Some(found) => found,
            None => find_amounts_styled(t, style),
        };
        let mut kinds = Vec::new();
        // Cheap word tests first, all in one pass: most lines need none of the patterns below.
        let gates = Gates::of(t);
        let disclaimer = gates
            .has(Gate::Disclaimer)
            .then(|| DISCLAIMER.find(t))
            .flatten();
        if let Some(partial) = pending_list.take()
            && disclaimer.is_none()
            && (amounts.is_empty() || partial)
        {
            return Some(Classified {
                line,
                kinds: vec![LineKind::ListItems { partial }],
                amounts,
            });
        }
        if let Some(m) = disclaimer {
            let start = t[..m.start()]
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, '.' | '(') || CLAIM_MARKS.contains(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            kinds.push(LineKind::Disclaimer { start });
        }
        if let Some(c) = gates
            .has(Gate::Serving)
            .then(|| SERVING_SIZE.captures(t))
            .flatten()
        {
            let rest = c
                .name("rest")
                .or_else(|| c.name("fr"))
                .map_or("", |m| m.as_str());
            kinds.push(LineKind::ServingSize {
                rest: rest.to_string(),
            });
        }
        let may_contain = gates.has(Gate::Contains);
        if let Some(c) = may_contain.then(|| CONTAINS.captures(t)).flatten() {
            kinds.push(LineKind::Contains {
                statement: c.get(0).map_or("", |m| m.as_str()).to_string(),
            });
        }
        if let Some(c) = gates.has(Gate::Per).then(|| PER_UNIT.captures(t)).flatten() {
            let unit = c.name("unit").map_or("", |m| m.as_str());
            kinds.push(LineKind::PerUnit {
                count: c
                    .name("count")
                    .and_then(|m| super::vocabulary::count(m.as_str()))
                    .unwrap_or(1.0),
                unit: super::vocabulary::unit_word(unit),
                form: form_in(unit),
            });
        }
        if let Some(f) = gates.has(Gate::Form).then(|| explicit_form(t)).flatten() {
            kinds.push(LineKind::FormStatement(f));
        }
        let warning = WARNING.is_match(t);
        let advice = (t.bytes().any(|b| b.is_ascii_digit()) && gates.has(Gate::Advice))
            .then(|| ADVICE.find(t))
            .flatten()
            // The advice begins at the amount it is about: "1,000 IU per 25 kg…".
            .map(|m| {
                amounts
                    .iter()
                    .rev()
                    .find(|f| f.span.end <= m.start() && t[f.span.end..m.start()].len() < 40)
                    .map_or(m.start(), |f| f.span.start)
            });
        if gates.has(Gate::Variants) && OTHER_VARIANTS.is_match(t) {
            kinds.push(LineKind::OtherVariants);
        }
        let list_words = gates.has(Gate::List);
        if let Some(m) = list_words.then(|| LIST_HEADER.find(t)).flatten() {
            let partial = PARTIAL_LIST.is_match(m.as_str());
            if t[m.end()..].trim().is_empty() && m.start() == 0 {
                *pending_list = Some(partial);
            }
            // Medicinal ingredients before the heading on the same line are declarations.
            if amounts.iter().any(|f| f.span.end <= m.start()) {
                kinds.push(LineKind::Declarations);
            }
            kinds.push(LineKind::ListHeader {
                start: m.start(),
                rest_at: m.end(),
                partial,
            });
        } else if let Some(start) = advice {
            // What the line says before the advice is still about the product: "Dosierung:
            // täglich 1 Tablette. Säuglinge: 25 I.E. pro kg Körpergewicht."
            let before: Vec<Found> = amounts
                .iter()
                .filter(|f| f.span.end <= start)
                .cloned()
                .collect();
            let direction = is_direction(&t[..start], Gates::of(&t[..start]), &before);
            if !before.is_empty() && !direction && !warning {
                kinds.push(LineKind::Declarations);
            }
            if direction && !warning {
                kinds.push(LineKind::Direction);
            }
            kinds.push(LineKind::Advice { start });
        } else {
            let direction = is_direction(t, gates, &amounts);
            if !amounts.is_empty() && !is_parenthetical(t) && !direction && !warning {
                kinds.push(LineKind::Declarations);
            }
            if direction && !warning {
                kinds.push(LineKind::Direction);
            }
        }
        if warning {
            kinds.push(LineKind::Warning);
        }
        if amounts.is_empty() && is_claim(t) {
            kinds.push(LineKind::Claim);
        }
        if HEADING.is_match(t) {
            kinds.push(LineKind::Heading);
        }
        Some(Classified {
            line,
            kinds,
            amounts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::logical_lines;

    fn kinds(text: &str) -> Vec<LineKind> {
        let style = NumberStyle::of(text);
        classify(logical_lines(text, style), style)
            .next()
            .map(|c| c.kinds)
            .unwrap_or_default()
    }

    #[test]
    fn a_serving_statement_with_an_amount_is_both() {
        let k = kinds("Each capsule contains 25 µg vitamin D3");
        assert!(matches!(k[0], LineKind::Contains { .. }), "{k:?}");
        assert!(k.contains(&LineKind::Declarations), "{k:?}");
    }

    #[test]
    fn per_kilogram_advice_is_neither_a_declaration_nor_a_direction() {
        assert_eq!(
            kinds("1,000 IU per 25 kg of body weight daily"),
            [LineKind::Advice { start: 0 }]
        );
        assert!(matches!(
            kinds("Infants: 100 IU/kg/day")[..],
            [LineKind::Advice { .. }]
        ));
        // What a line declares before the advice is still the product's.
        let k = kinds("10µg (500 IU) of Vitamin D per tablet. A report says everyone needs 10ug");
        assert!(k.contains(&LineKind::Declarations), "{k:?}");
        assert!(k.contains(&LineKind::Advice { start: 54 }), "{k:?}");
    }

    #[test]
    fn a_warning_is_never_a_declaration() {
        assert_eq!(kinds("Do not exceed 4000 IU a day."), [LineKind::Warning]);
    }

    #[test]
    fn claims_are_marked_by_any_footnote_sign() {
        assert!(is_claim("Supports healthy bones*"));
        assert!(is_claim("Supports healthy bones†"));
        assert!(is_claim("Supports healthy bones¹"));
        assert!(is_claim("Supports healthy bones1"));
        assert!(!is_claim("Vitamin D3 400"));
        assert!(!is_claim("*Daily Value not established"));
    }

    #[test]
    fn directions_and_amounts_with_a_frequency_are_directions() {
        assert_eq!(
            kinds("Take 2 tablets once or twice daily."),
            [LineKind::Direction]
        );
        assert_eq!(kinds("40000 IU once every week"), [LineKind::Direction]);
    }

    #[test]
    fn smpc_section_headings_are_headings() {
        assert_eq!(
            kinds("2. Qualitative and quantitative composition"),
            [LineKind::Heading]
        );
        assert_eq!(
            kinds("Qualitative und quantitative Zusammensetzung"),
            [LineKind::Heading]
        );
    }

    #[test]
    fn other_variants_are_noticed() {
        assert!(kinds("Also available as 1000 IU tablets").contains(&LineKind::OtherVariants));
    }
}
