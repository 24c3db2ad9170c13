//! Finding amounts in label text: "5,000 IU", "5000IU", "125 mcg (5,000 IU)", "25µg/1000iu",
//! "62.5µg (2,500i.u)", "1000 UI", "37,5 µg", "1.25 mg (50,000 USP units)", "10micrograms".
//! Percentages (%DV, %NRV) have no unit and are never read as amounts.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::label::Unit;

/// One amount found in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub value: f64,
    pub unit: Unit,
    /// Byte range of the number and unit in the line.
    pub span: Range<usize>,
}

fn amount_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A number (thousands with commas, decimals with a point or a comma), optional space,
        // then a unit that ends at a word boundary ("2 gummies" is not 2 g).
        Regex::new(
            r"(?ix)
            (?P<num> \d{1,3}(?:,\d{3})+(?:\.\d+)? | \d+(?:[.,]\d+)? | \.\d+ )
            \s*
            (?P<unit>
                mcg | µg | ug | micrograms? | microgrammes? |
                mg | milligrams? | milligrammes? |
                g | grams? | grammes? |
                i\.\s?u\.? | iu | ui | u\.i\.? | usp\s+units? | international\s+units?
            )
            (?:\b|$|[^\p{L}\p{N}])",
        )
        .unwrap_or_else(|e| panic!("amount pattern: {e}"))
    })
}

/// Parses "1,000" (thousands), "37,5" (decimal comma), "62.5": the numbers the amount pattern
/// matches are read as people type them.
pub fn parse_number(text: &str) -> Option<f64> {
    crate::format::parse_number(text).ok()
}

fn unit_of(text: &str) -> Option<Unit> {
    let u = text.to_lowercase().replace([' ', '.'], "");
    match u.as_str() {
        "mcg" | "µg" | "ug" | "microgram" | "micrograms" | "microgramme" | "microgrammes" => {
            Some(Unit::Mcg)
        }
        "mg" | "milligram" | "milligrams" | "milligramme" | "milligrammes" => Some(Unit::Mg),
        "g" | "gram" | "grams" | "gramme" | "grammes" => Some(Unit::G),
        "iu" | "ui" | "uspunit" | "uspunits" | "internationalunit" | "internationalunits" => {
            Some(Unit::Iu)
        }
        _ => None,
    }
}

/// Every amount in a line, left to right. The pattern is only searched (a fast DFA); the number
/// and unit are then split by hand, which avoids the slower capture-group engine on every line.
pub fn find_amounts(line: &str) -> Vec<Found> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    amount_regex()
        .find_iter(line)
        .filter_map(|m| {
            let text = m.as_str();
            let num_len = text
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(text.len());
            let (num, rest) = text.split_at(num_len);
            let unit_text = rest
                .trim_start()
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
            // "1/2 tablet", "B12", "K2 100": a digit glued to a letter before it is part of a
            // name, not an amount.
            if line[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            {
                return None;
            }
            let end =
                m.start() + num_len + (rest.len() - rest.trim_start().len()) + unit_text.len();
            Some(Found {
                value: parse_number(num)?,
                unit: unit_of(unit_text)?,
                span: m.start()..end,
            })
        })
        .filter(|f| f.value > 0.0)
        .collect()
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
        assert_eq!(
            amounts("300 μg".replace('μ', "µ").as_str()),
            [(300.0, Unit::Mcg)]
        );
        assert_eq!(amounts("250 I.U."), [(250.0, Unit::Iu)]);
    }

    #[test]
    fn percentages_and_counts_are_not_amounts() {
        assert!(amounts("625%").is_empty());
        assert!(amounts("Serving Size 2 Gummies").is_empty());
        assert!(amounts("Vitamin B12 and MK-7").is_empty());
        assert!(amounts("Servings Per Container 60").is_empty());
    }
}
