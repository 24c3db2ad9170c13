//! Stage 1: text → logical lines. Markup and typography are cleaned away (HTML tags and
//! entities, zero-width and bidi characters, no-break and thin spaces, dot leaders and table
//! pipes), line ends of every convention are honoured, and a line that continues on the next
//! (a wrapped name, a name whose amount sits alone below it, a word hyphenated across a PDF
//! line break) is joined into one.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::amounts::{Found, NumberStyle, find_amounts_styled};
use crate::label::names::{self, Nutrient};

/// A line longer than this is not a label line (a minified page, binary noise): it is listed
/// as unparsed without being scanned.
pub const MAX_LINE_CHARS: usize = 2_000;

/// One logical line of label text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based numbers of the physical lines this logical line joins.
    pub numbers: Vec<usize>,
    pub text: String,
    pub indent: usize,
    /// The amounts in `text`, when already found (a physical line kept whole).
    pub amounts: Option<Vec<Found>>,
}

impl Line {
    /// The number of its first physical line.
    pub fn number(&self) -> usize {
        self.numbers[0]
    }
}

/// Physical lines of any line-end convention: "\r\n", "\n", and a lone "\r" (old Mac text).
pub fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)</?[a-z][a-z0-9]*(?:\s[^<>]{0,200})?/?>"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
/// Runs of leader characters between a name and its amount ("Calcium ........ 500 mg",
/// "Vitamin D ____ 25 µg"), and table pipes.
static LEADER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\s*(?:[.…·_]{3,}|…[.…·_]+|-{3,})\s*|\s*\|\s*"));

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("line pattern {pattern}: {e}"))
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "micro" | "mu" => 'µ',
        "reg" => '®',
        "trade" => '™',
        "copy" => '©',
        "deg" => '°',
        "dagger" => '†',
        "Dagger" => '‡',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "times" => '×',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        _ => return None,
    })
}

/// Characters that change how text looks or reads without being text: zero-width characters,
/// the byte-order mark and bidi controls.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{ad}'
    )
}

/// Cleans one physical line: markup, entities, invisible characters, typographic spaces and
/// quotes, leaders and pipes.
pub fn clean(line: &str) -> String {
    let mut text: Cow<'_, str> = Cow::Borrowed(line);
    if text.contains('<') {
        text = Cow::Owned(TAG.replace_all(&text, " ").into_owned());
    }
    if text.contains('&') {
        text = Cow::Owned(
            ENTITY
                .replace_all(&text, |c: &regex::Captures<'_>| {
                    let whole = &c[0];
                    entity(&whole[1..whole.len() - 1])
                        .map_or_else(|| whole.to_string(), String::from)
                })
                .into_owned(),
        );
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if is_invisible(c) => {}
            '\t' => out.push_str("   "),
            '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2007}' | '\u{2002}' | '\u{2003}' => {
                out.push(' ')
            }
            'μ' => out.push('µ'),
            '\u{2018}' | '\u{2019}' => out.push('\''),
            c => out.push(c),
        }
    }
    let leader_like = out.contains("...")
        || out.contains('…')
        || out.contains("___")
        || out.contains("---")
        || out.contains("···")
        || out.contains('|');
    if leader_like && LEADER.is_match(&out) {
        // A leader becomes a column gap, so that "Calcium .... 500 mg" reads as a row.
        out = LEADER
            .replace_all(&out, |c: &regex::Captures<'_>| {
                if c[0].trim().is_empty() || c[0].contains(|ch: char| ch.is_alphanumeric()) {
                    c[0].to_string()
                } else {
                    "   ".to_string()
                }
            })
            .into_owned();
    }
    out.truncate(out.trim_end().len());
    out
}

/// Open brackets minus closed ones.
pub fn paren_balance(text: &str) -> i32 {
    text.chars().fold(0, |n, c| match c {
        '(' | '[' => n + 1,
        ')' | ']' => n - 1,
        _ => n,
    })
}

/// Whether a line ends in a word broken by a hyphen that continues on the next line
/// ("chole-" / "calciferol"), as text copied from a PDF does.
fn hyphenated(line: &str, next: &str) -> bool {
    let mut tail = line.chars().rev();
    tail.next() == Some('-')
        && tail.next().is_some_and(char::is_alphabetic)
        && tail.next().is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase)
}

/// Physical lines → logical lines: a name wrapped onto the next line ("Vitamin K2 (as
/// menaquinone-7 from" / "chickpea) [MenaQ7®]  100 mcg"), a name whose amount sits alone on the
/// next line ("Vitamin D" / "25µg/1000iu") and a hyphenated word are joined.
pub fn logical_lines(text: &str, style: NumberStyle) -> Vec<Line> {
    let physical: Vec<(usize, String)> = physical_lines(text)
        .enumerate()
        .map(|(i, l)| (i + 1, clean(l)))
        .collect();
    // Each physical line's amounts are looked for once: (has one, starts with one).
    let mut found: Vec<Option<Vec<Found>>> = physical
        .iter()
        .map(|(_, l)| Some(find_amounts_styled(l.trim(), style)))
        .collect();
    let amounts: Vec<(bool, bool)> = found
        .iter()
        .map(|f| {
            let f = f.as_deref().unwrap_or_default();
            (!f.is_empty(), f.first().is_some_and(|a| a.span.start == 0))
        })
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
            amounts: found[i].take(),
        };
        let mut has_amount = amounts[i].0;
        while i + 1 < physical.len() && line.text.len() < MAX_LINE_CHARS {
            // A name with no amount whose amount starts a following line.
            let bare_name = |text: &str, has_amount: bool| {
                !has_amount && text.len() < 40 && names::recognise(text, None) != Nutrient::Other
            };
            // A table cell split over lines ("(Cholecalciferol)" / "|" / "125 mcg |"): the
            // empty cells between a name and its amount are skipped.
            let mut skip = 0;
            while skip < 2
                && i + 2 + skip < physical.len()
                && physical[i + 1 + skip].1.trim().is_empty()
            {
                skip += 1;
            }
            if skip > 0 && !(amounts[i + 1 + skip].1 && bare_name(&line.text, has_amount)) {
                skip = 0;
            }
            i += skip;
            let next = physical[i + 1].1.trim();
            if hyphenated(&line.text, next) {
                line.amounts = None;
                line.text.pop();
                line.text.push_str(next);
                line.numbers.push(physical[i + 1].0);
                has_amount |= amounts[i + 1].0;
                i += 1;
                continue;
            }
            let open = paren_balance(&line.text) > 0 && !has_amount && !next.is_empty();
            let joins_amount = amounts[i + 1].1 && bare_name(&line.text, has_amount);
            if !(open || joins_amount) {
                break;
            }
            line.text = format!("{} {}", line.text, next);
            line.amounts = None;
            line.numbers.push(physical[i + 1].0);
            has_amount |= amounts[i + 1].0;
            i += 1;
        }
        split_sentences(line, &mut out);
        i += 1;
    }
    out
}

/// A line longer than this is prose (an SmPC section run together, a shop page's paragraph):
/// it is read sentence by sentence.
const PROSE_CHARS: usize = 200;

/// A sentence end: a full stop or semicolon, space, then a capital or a bullet; a bullet
/// between spaces. (A dash between spaces is a range, "6 – 10 Tropfen", not a sentence end.)
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| regex(r"[.;]\s+[\p{Lu}•\-–]|\s•\s"));

/// Splits a long line into its sentences, each keeping the line's number.
fn split_sentences(line: Line, out: &mut Vec<Line>) {
    if line.text.len() <= PROSE_CHARS || line.text.len() > MAX_LINE_CHARS {
        out.push(line);
        return;
    }
    let mut start = 0;
    for m in SENTENCE_END.find_iter(&line.text) {
        // Keep "ca. 500" and "No. 5" whole: only a capital after the stop ends a sentence,
        // and a one-word "sentence" ("Art.") is not one.
        let end = m.start() + 1;
        let piece = line.text[start..end].trim();
        if piece.split_whitespace().count() < 2 {
            continue;
        }
        out.push(Line {
            text: piece.to_string(),
            amounts: None,
            ..line.clone()
        });
        start = end;
    }
    let rest = line.text[start..].trim();
    if !rest.is_empty() {
        out.push(Line {
            text: rest.to_string(),
            amounts: None,
            ..line
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        logical_lines(text, NumberStyle::English)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn markup_and_entities_are_cleaned() {
        assert_eq!(
            clean("<td>Vitamin D3</td><td>25&nbsp;&micro;g</td>"),
            " Vitamin D3  25 µg"
        );
        assert_eq!(clean("10 &#181;g &amp; 400&#x20;IU"), "10 µg & 400 IU");
        assert_eq!(clean("&unknown; stays"), "&unknown; stays");
    }

    #[test]
    fn invisible_characters_and_typographic_spaces_go() {
        assert_eq!(
            clean("\u{feff}Vita\u{200b}min D\u{202e}3 20\u{202f}000 IU"),
            "Vitamin D3 20 000 IU"
        );
        assert_eq!(clean("25 μg"), "25 µg");
    }

    #[test]
    fn leaders_and_pipes_become_column_gaps() {
        assert_eq!(clean("Calcium ........ 500 mg"), "Calcium   500 mg");
        assert_eq!(
            clean("Vitamin D | 25 µg | 500%"),
            "Vitamin D   25 µg   500%"
        );
        assert_eq!(clean("Calcium ____ 500 mg"), "Calcium   500 mg");
        // A decimal point and a dash between words are not leaders.
        assert_eq!(
            clean("62.5 µg vitamin D3 - cholecalciferol"),
            "62.5 µg vitamin D3 - cholecalciferol"
        );
    }

    #[test]
    fn prose_is_read_sentence_by_sentence() {
        let prose = "Devikap. Skład i postać: Krople doustne, roztwór o smaku anyżowym. Każdy ml \
                     (około 30 kropli) zawiera 15 000 IU cholekalcyferolu. Każda kropla zawiera \
                     około 500 IU. Dawkowanie: 500 IU (1 kropla) na dobę. Uwaga: ca. 500 IU.";
        let lines = logical_lines(prose, NumberStyle::English);
        assert!(lines.len() >= 5, "{lines:?}");
        assert!(lines.iter().all(|l| l.number() == 1));
        assert!(
            lines
                .iter()
                .any(|l| l.text == "Każda kropla zawiera około 500 IU.")
        );
        assert!(lines.iter().any(|l| l.text == "Uwaga: ca. 500 IU."));
    }

    #[test]
    fn every_line_end_convention_splits_lines() {
        assert_eq!(texts("a\rb\r\nc\nd"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn wrapped_names_and_hyphenated_words_are_joined() {
        assert_eq!(
            texts("Vitamin K2 (as menaquinone-7 from\nchickpea) 100 mcg"),
            ["Vitamin K2 (as menaquinone-7 from chickpea) 100 mcg"]
        );
        assert_eq!(texts("Vitamin D\n25µg/1000iu"), ["Vitamin D 25µg/1000iu"]);
        assert_eq!(texts("Chole-\ncalciferol 25 µg"), ["Cholecalciferol 25 µg"]);
        assert_eq!(
            texts("(Cholecalciferol)\n|\n125 mcg |\nMethylcellulose"),
            ["(Cholecalciferol) 125 mcg", "Methylcellulose"]
        );
        // A dash at the end of a name is not a hyphenated word: the amount below is joined.
        assert_eq!(texts("Vitamin D3 -\n25 µg"), ["Vitamin D3 - 25 µg"]);
    }
}
