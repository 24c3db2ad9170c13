//! Finding amounts in label text: "5,000 IU", "5000IU", "125 mcg (5,000 IU)", "25µg/1000iu",
//! "62.5µg (2,500i.u)", "1000 UI", "37,5 µg", "1.25 mg (50,000 USP units)", "10micrograms",
//! "20 000 IU", "1.000 I.E.", "400 j.m.", "1000 МЕ".
//! Percentages (%DV, %NRV) have no unit and are never read as amounts.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::label::Unit;

/// One amount found in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub value: f64,
    pub unit: Unit,
    /// Byte range of the number and unit in the line.
    pub span: Range<usize>,
    /// Printed with a minus sign glued to it ("-5000 IU"): not an amount a label can hold.
    pub negative: bool,
}

/// How a text writes its numbers. Continental text ("1.000 I.E.", "37,5 µg") groups thousands
/// with a point and writes decimals with a comma; English text the other way round. Both group
/// thousands with spaces ("20 000 IU").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    English,
    Continental,
}

static CONTINENTAL_HINT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\d\s*(?:i\.\s?e\.|ie|u\.\s?i\.|ui|j\.\s?m\.|ne|ме)(?:[^\p{L}\p{N}]|$)|\d,\d{1,2}(?:[^\d]|$)|\d+\.\d{3},\d",
    )
});

impl NumberStyle {
    /// Continental when the text writes international units the continental way (I.E., UI,
    /// j.m., NE, МЕ) or has a decimal comma.
    pub fn of(text: &str) -> NumberStyle {
        if CONTINENTAL_HINT.is_match(text) {
            NumberStyle::Continental
        } else {
            NumberStyle::English
        }
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("amount pattern {pattern}: {e}"))
}

/// A number (thousands grouped with commas, points or spaces; decimals with a point or a
/// comma), optional space, then a unit that ends at a word boundary ("2 gummies" is not 2 g).
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?ix)
        (?P<num>
            \d{1,3}(?:,\d{3})+(?:\.\d+)?
          | \d{1,3}(?:\.\d{3})+(?:,\d+)?
          | \d{1,3}(?:[\x20\u{a0}\u{2009}\u{202f}]\d{3})+(?:[.,]\d+)?
          | \d+(?:[.,]\d+)?
          | \.\d+
        )
        [\x20\u{a0}\u{2009}\u{202f}]*
        (?P<unit>
            mcg | µg | μg | ug | micrograms? | microgrammes? | mikrogramm |
            mg | milligrams? | milligrammes? | milligramm |
            g | grams? | grammes? | gramm |
            i\.\s?u\.? | iu | u\.\s?i\.? | ui | i\.\s?e\.? | ie | j\.\s?m\.? | ne | ме |
            usp\s+units? | international\s+units? | internationale\s+einheiten |
            unités?\s+internationales?
        )
        (?:\b|$|[^\p{L}\p{N}])",
    )
});

/// Reads the number part of an amount: thousands separators and the decimal sign are settled
/// by the text's style, then the number is read by the one parser of typed numbers.
pub fn read_number(text: &str, style: NumberStyle) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}'))
        .collect();
    let commas = t.matches(',').count();
    let points = t.matches('.').count();
    let group_of_three = |sep: char| {
        t.split(sep)
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    let integer_part = t.split([',', '.']).next().unwrap_or("");
    // A group of three digits after a separator groups thousands ("60,000", "1.000") unless
    // the number starts with 0 ("0,025 mg") — continental text writes decimals with a comma
    // too, but hardly ever three of them.
    let grouped = |sep: char| group_of_three(sep) && integer_part != "0";
    let normalised = match (commas, points) {
        (0, 0) => t,
        (_, 0) if grouped(',') => t.replace(',', ""),
        // "37,5", a decimal comma.
        (1, 0) => t.replace(',', "."),
        // "1.000", "1.000.000" in continental text; "62.5" and "1.000" (one) in English.
        (0, _) if grouped('.') && (points > 1 || style == NumberStyle::Continental) => {
            t.replace('.', "")
        }
        (0, 1) => t,
        // "1,000.5" and "1.000,5": the last separator is the decimal one.
        _ => {
            let last_comma = t.rfind(',');
            let last_point = t.rfind('.');
            if last_comma > last_point {
                t.replace('.', "").replace(',', ".")
            } else {
                t.replace(',', "")
            }
        }
    };
    // The separators are settled: what is left is a plain number for the one parser.
    crate::format::parse_number(&normalised).ok()
}

fn unit_of(text: &str) -> Option<Unit> {
    let u = text.to_lowercase().replace([' ', '.'], "");
    match u.as_str() {
        "mcg" | "µg" | "μg" | "ug" | "microgram" | "micrograms" | "microgramme"
        | "microgrammes" | "mikrogramm" => Some(Unit::Mcg),
        "mg" | "milligram" | "milligrams" | "milligramme" | "milligrammes" | "milligramm" => {
            Some(Unit::Mg)
        }
        "g" | "gram" | "grams" | "gramme" | "grammes" | "gramm" => Some(Unit::G),
        "iu"
        | "ui"
        | "ie"
        | "jm"
        | "ne"
        | "ме"
        | "uspunit"
        | "uspunits"
        | "internationalunit"
        | "internationalunits"
        | "internationaleeinheiten"
        | "unitéinternationale"
        | "unitésinternationales"
        | "unitéinternationales"
        | "unitésinternationale" => Some(Unit::Iu),
        _ => None,
    }
}

/// Every amount in a line, left to right, its numbers read in the line's own style.
pub fn find_amounts(line: &str) -> Vec<Found> {
    find_amounts_styled(line, NumberStyle::of(line))
}

/// Every amount in a line, left to right, its numbers read in `style`. The pattern is only
/// searched (a fast DFA); the number and unit are then split by hand, which avoids the slower
/// capture-group engine on every line.
pub fn find_amounts_styled(line: &str, style: NumberStyle) -> Vec<Found> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(m) = AMOUNT.find_at(line, at) {
        let before = &line[..m.start()];
        // "1/2 tablet", "B12", "K2 100": a digit glued to a letter before it is part of a
        // name, not an amount. Look again right after that name's digits ("D3 400 IU"). Text
        // copied from a PDF glues whole words to amounts ("calcium élément500,00 mg"): a word
        // of four letters or more with two digits or more is not a name like B12.
        let letters = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .count();
        let digits = m.as_str().bytes().take_while(u8::is_ascii_digit).count();
        if letters > 0 && !(letters >= 4 && digits >= 2) {
            at = m.start() + digits.max(1);
            continue;
        }
        at = m.end();
        let Some(found) = amount_at(line, m.start(), m.as_str(), style) else {
            continue;
        };
        // "20 IU/mg", "10 000 UI/ml": a concentration, not an amount.
        if CONCENTRATION.is_match(&line[found.span.end..]) {
            continue;
        }
        // "400/800 IU": two strengths, the first printed without its unit.
        if let Some(c) = SHARED_UNIT.captures(&line[..found.span.start])
            && let Some(first) = c.name("n")
            && let Some(value) = read_number(first.as_str(), style)
        {
            out.push(Found {
                value,
                unit: found.unit,
                span: first.start()..first.end(),
                negative: false,
            });
        }
        out.push(found);
    }
    out.retain(|f| f.value > 0.0);
    out
}

static CONCENTRATION: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*/\s*(?:mg|g|ml|kg|gram|gramm)(?:[^\p{L}]|$)"));

/// A bare number and a slash right before an amount: "400/" in "400/800 IU".
static SHARED_UNIT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:^|[^\w.,/])(?P<n>\d+(?:[.,]\d+)?)\s*/\s*$"));

/// The amount in `text`, a match of [`AMOUNT`] starting at byte `start` of `line`.
fn amount_at(line: &str, start: usize, text: &str, style: NumberStyle) -> Option<Found> {
    let num_len = text
        .char_indices()
        .find(|(i, c)| {
            !(c.is_ascii_digit()
                || matches!(c, '.' | ',')
                || (matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
                    // A space inside the number only when three digits follow.
                    && text[i + c.len_utf8()..]
                        .chars()
                        .take(3)
                        .filter(char::is_ascii_digit)
                        .count()
                        == 3
                    && !text[i + c.len_utf8()..]
                        .chars()
                        .nth(3)
                        .is_some_and(|d| d.is_ascii_digit())))
        })
        .map_or(text.len(), |(i, _)| i);
    let (num, rest) = text.split_at(num_len);
    let unit_text = rest
        .trim_start_matches([' ', '\u{a0}', '\u{2009}', '\u{202f}'])
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let before = &line[..start];
    let negative = before.ends_with(['-', '−'])
        && before[..before.len() - before.chars().next_back().map_or(0, char::len_utf8)]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(');
    let end = start + num_len + (rest.len() - rest.trim_start().len()) + unit_text.len();
    Some(Found {
        value: read_number(num, style)?,
        unit: unit_of(unit_text)?,
        span: start..end,
        negative,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(line: &str) -> Vec<(f64, Unit)> {
        find_amounts(line)
            .into_iter()
            .map(|f| (f.value, f.unit))
            .collect()
    }

    #[test]
    fn the_spellings_of_the_issue_are_read() {
        assert_eq!(amounts("5,000 IU"), [(5000.0, Unit::Iu)]);
        assert_eq!(amounts("5000IU"), [(5000.0, Unit::Iu)]);
        assert_eq!(
            amounts("125 mcg (5,000 IU)"),
            [(125.0, Unit::Mcg), (5000.0, Unit::Iu)]
        );
        assert_eq!(
            amounts("25µg/1000iu"),
            [(25.0, Unit::Mcg), (1000.0, Unit::Iu)]
        );
        assert_eq!(
            amounts("62.5µg (2,500i.u)"),
            [(62.5, Unit::Mcg), (2500.0, Unit::Iu)]
        );
        assert_eq!(amounts("1000 UI"), [(1000.0, Unit::Iu)]);
        assert_eq!(amounts("37,5 µg"), [(37.5, Unit::Mcg)]);
        assert_eq!(
            amounts("1.25 mg (50,000 USP units)"),
            [(1.25, Unit::Mg), (50000.0, Unit::Iu)]
        );
        assert_eq!(amounts("15 mg of menatetrenone"), [(15.0, Unit::Mg)]);
        assert_eq!(amounts("10micrograms"), [(10.0, Unit::Mcg)]);
        assert_eq!(amounts("300 μg"), [(300.0, Unit::Mcg)]);
        assert_eq!(amounts("250 I.U."), [(250.0, Unit::Iu)]);
    }

    #[test]
    fn thousands_grouped_by_spaces_are_one_number() {
        assert_eq!(
            amounts("20 000 IU (equivalent to 500 µg)"),
            [(20000.0, Unit::Iu), (500.0, Unit::Mcg)]
        );
        assert_eq!(amounts("20\u{a0}000 IU"), [(20000.0, Unit::Iu)]);
        assert_eq!(amounts("20\u{202f}000 IU"), [(20000.0, Unit::Iu)]);
        assert_eq!(amounts("1 000 000 UI"), [(1_000_000.0, Unit::Iu)]);
        assert_eq!(
            amounts("800 IU (20 microgram)"),
            [(800.0, Unit::Iu), (20.0, Unit::Mcg)]
        );
        // Two numbers that merely stand side by side are not one.
        assert_eq!(amounts("2 400 mg"), [(2400.0, Unit::Mg)]);
        assert_eq!(amounts("1 2000 IU"), [(2000.0, Unit::Iu)]);
    }

    #[test]
    fn continental_numbers_group_with_points_and_decimal_with_commas() {
        assert_eq!(amounts("1.000 I.E."), [(1000.0, Unit::Iu)]);
        assert_eq!(
            amounts("Calcium 1.000 mg und 880 I.E."),
            [(1000.0, Unit::Mg), (880.0, Unit::Iu)]
        );
        assert_eq!(
            amounts("2500,00 mg / 880 UI"),
            [(2500.0, Unit::Mg), (880.0, Unit::Iu)]
        );
        assert_eq!(amounts("400 j.m."), [(400.0, Unit::Iu)]);
        assert_eq!(amounts("1000 МЕ"), [(1000.0, Unit::Iu)]);
        assert_eq!(amounts("400 NE"), [(400.0, Unit::Iu)]);
        assert_eq!(amounts("1.000 IE"), [(1000.0, Unit::Iu)]);
        // English text: a point is a decimal point.
        assert_eq!(amounts("Vitamin K2 1.000 mg"), [(1.0, Unit::Mg)]);
        assert_eq!(
            read_number("1.000,5", NumberStyle::Continental),
            Some(1000.5)
        );
        assert_eq!(read_number("1,000.5", NumberStyle::English), Some(1000.5));
    }

    #[test]
    fn concentrations_are_not_amounts_and_shared_units_are_read() {
        assert_eq!(
            amounts("vitamin D3 (stabilized 20 IU/mg) 200 IU"),
            [(200.0, Unit::Iu)]
        );
        assert_eq!(amounts("ZYMAD 10 000 UI/ml"), []);
        assert_eq!(
            amounts("Vitamin D3 IP 400/800 IU"),
            [(400.0, Unit::Iu), (800.0, Unit::Iu)]
        );
        assert_eq!(
            amounts("25µg/1000iu"),
            [(25.0, Unit::Mcg), (1000.0, Unit::Iu)]
        );
        assert_eq!(amounts("1/2 tablet 400 IU"), [(400.0, Unit::Iu)]);
    }

    #[test]
    fn a_glued_minus_sign_is_noted() {
        let found = find_amounts("Vitamin D3 -5000 IU");
        assert!(found[0].negative);
        assert!(!find_amounts("Vitamin D3 - 5000 IU")[0].negative);
        assert!(!find_amounts("Vitamin D3-5000 IU")[0].negative);
        assert_eq!(
            amounts("Vitamin D3 400 IU per 3 drops"),
            [(400.0, Unit::Iu)]
        );
        assert_eq!(amounts("B12 500 mcg"), [(500.0, Unit::Mcg)]);
        assert_eq!(amounts("calcium élément500,00 mg"), [(500.0, Unit::Mg)]);
    }

    #[test]
    fn percentages_and_counts_are_not_amounts() {
        assert!(amounts("625%").is_empty());
        assert!(amounts("Serving Size 2 Gummies").is_empty());
        assert!(amounts("Vitamin B12 and MK-7").is_empty());
        assert!(amounts("Servings Per Container 60").is_empty());
        assert!(amounts("25 mmol").is_empty());
    }
}
