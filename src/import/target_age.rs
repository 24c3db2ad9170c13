//! The ages a product is for, read from what its text says: "for adults", "children 4 years
//! and older", "not for children under 12", "for ages 4–12". Statements that admit a group
//! widen the range (directions for adults and for children 4 and over make a product for ages
//! 4 and over); statements that exclude an age bound it from below. When they disagree, or a
//! statement gives no age ("not suitable for children"), nothing is set and a warning says why.
//!
//! A %DV column heading ("% Daily Value for adults and children 4 years of age and older") names
//! the population of the Daily Values, not who the product is for, and is not read here.

use std::sync::LazyLock;

use regex::Regex;

use super::ImportWarning;
use crate::format::number;

fn pattern(text: &str) -> Regex {
    Regex::new(text).unwrap_or_else(|e| panic!("target age pattern {text}: {e}"))
}

/// The age taken as "adult".
const ADULT_AGE: f64 = 18.0;

/// The oldest age a statement may name and still be read as an age in years.
const MAX_AGE: f64 = 120.0;

/// What the text says about the ages the product is for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetAge {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The lines the ages were read from, for the import's provenance comment.
    pub lines: Vec<usize>,
}

/// One statement about age, read from a line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Statement {
    /// The product is for ages from `min` (to `max`).
    Admits { min: f64, max: Option<f64> },
    /// The product is not for anyone younger than this.
    Excludes { below: f64 },
    /// The line is about age but gives none ("not for children", "for children").
    NoAge,
}

static EXCLUDES_UNDER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:not\s+(?:suitable\s+|recommended\s+|intended\s+|to\s+be\s+(?:used|given|taken)\s+)?(?:for|by)|do\s+not\s+give\s+to|keep\s+away\s+from)\s+(?:use\s+(?:by|in)\s+)?children\s+(?:under|below|younger\s+than|less\s+than)\s+(?:the\s+age\s+of\s+)?(\d{1,3})\b",
    )
});

static EXCLUDES_INFANTS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bnot\s+(?:suitable\s+|recommended\s+|intended\s+)?for\s+(?:use\s+(?:by|in)\s+)?infants\b",
    )
});

static EXCLUDES_CHILDREN: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:not\s+(?:suitable\s+|recommended\s+|intended\s+|to\s+be\s+(?:used|given|taken)\s+)?(?:for|by)|do\s+not\s+give\s+to)\s+(?:use\s+(?:by|in)\s+)?children\b",
    )
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:ages?|aged|children(?:\s+aged)?)\s+(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*(?:years?|yrs?)?\b",
    )
});

static FROM_AGE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:children|ages?|aged|kids)\s+(?:aged\s+)?(\d{1,3})\s*(?:\+|(?:years?|yrs?)?\s*(?:of\s+age\s+)?(?:and|or|&)\s+(?:older|over|above|up))",
    )
});

static ADULTS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)\badults?\s+only\b|\bfor\s+adult\s+use\s+only\b|\bonly\s+for\s+adults\b")
});

static ADULTS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)(?:\bfor\s+adults?\b|\bfor\s+adult\s+use\b|^\s*adults?\s*(?:\(|:|,|-|–|take\b))")
});

static CHILDREN_NO_AGE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\bfor\s+(?:children|kids|infants)\b"));

/// Whether a line may be about age at all: one cheap search before the patterns.
// "age" only at a word's start: "dosage", "usage" and "package" are on most labels. An ASCII
// word boundary keeps the fast engine on lines with µ or é.
static MENTIONS_AGE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)adult|child|infant|kids|(?-u:\b)age"));

/// A %DV heading names the Daily Values' population, not the product's.
fn is_dv_heading(lower: &str) -> bool {
    lower.contains("daily value") || lower.contains("% dv") || lower.contains("%dv")
}

fn age(digits: &str) -> Option<f64> {
    digits.parse::<f64>().ok().filter(|a| *a <= MAX_AGE)
}

/// The statements about age on one line.
fn statements(line: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut excluded = false;
    for c in EXCLUDES_UNDER.captures_iter(line) {
        if let Some(below) = age(&c[1]) {
            out.push(Statement::Excludes { below });
            excluded = true;
        }
    }
    if ADULTS_ONLY.is_match(line) {
        out.push(Statement::Excludes { below: ADULT_AGE });
        excluded = true;
    }
    if EXCLUDES_INFANTS.is_match(line) {
        out.push(Statement::Excludes { below: 1.0 });
        excluded = true;
    }
    if !excluded && EXCLUDES_CHILDREN.is_match(line) {
        out.push(Statement::NoAge);
        return out;
    }
    let mut ranged = false;
    for c in RANGE.captures_iter(line) {
        if let (Some(min), Some(max)) = (age(&c[1]), age(&c[2]))
            && min <= max
        {
            out.push(Statement::Admits {
                min,
                max: Some(max),
            });
            ranged = true;
        }
    }
    if !ranged && !excluded {
        for c in FROM_AGE.captures_iter(line) {
            if let Some(min) = age(&c[1]) {
                out.push(Statement::Admits { min, max: None });
            }
        }
    }
    if !excluded && ADULTS.is_match(line) {
        out.push(Statement::Admits {
            min: ADULT_AGE,
            max: None,
        });
    }
    if out.is_empty() && CHILDREN_NO_AGE.is_match(line) {
        out.push(Statement::NoAge);
    }
    out
}

/// Reads the ages the product is for from the text's lines (numbered from 1), with a warning
/// for anything that does not settle them.
pub fn read<'t>(
    lines: impl IntoIterator<Item = (usize, &'t str)>,
    warnings: &mut Vec<ImportWarning>,
) -> TargetAge {
    let mut admits: Vec<(usize, f64, Option<f64>)> = Vec::new();
    let mut excludes: Vec<(usize, f64)> = Vec::new();
    let mut no_age: Vec<usize> = Vec::new();
    let mut mentions_adults = false;
    for (n, line) in lines {
        if !MENTIONS_AGE.is_match(line) {
            continue;
        }
        let lower = line.to_lowercase();
        if is_dv_heading(&lower) {
            continue;
        }
        mentions_adults |= lower.contains("adult");
        for s in statements(line) {
            match s {
                Statement::Admits { min, max } => admits.push((n, min, max)),
                Statement::Excludes { below } => excludes.push((n, below)),
                Statement::NoAge => no_age.push(n),
            }
        }
    }
    let floor = excludes
        .iter()
        .map(|(_, b)| *b)
        .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))));
    let youngest = admits
        .iter()
        .map(|(_, m, _)| *m)
        .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.min(b))));
    let mut lines: Vec<usize> = admits
        .iter()
        .map(|(n, ..)| *n)
        .chain(excludes.iter().map(|(n, _)| *n))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    if let (Some(floor), Some(youngest)) = (floor, youngest)
        && youngest < floor
    {
        let (admit_line, ..) = admits
            .iter()
            .find(|(_, m, _)| *m == youngest)
            .copied()
            .unwrap_or((0, youngest, None));
        let (exclude_line, _) = excludes
            .iter()
            .find(|(_, b)| *b == floor)
            .copied()
            .unwrap_or((0, floor));
        warnings.push(ImportWarning::at(
            admit_line,
            format!(
                "line {admit_line} gives the product to ages from {} but line {exclude_line} \
                 excludes children under {}: the target age is not set",
                number(youngest),
                number(floor)
            ),
        ));
        return TargetAge::default();
    }
    // An exclusion is the one bound the text states: directions for adults next to "not for
    // children under 12" leave ages 12–17 unsaid, so the lower age is kept (a higher one would
    // hide the children's rules from them).
    let min = floor.or(youngest);
    // The oldest age admitted, unless a statement admits every age from its minimum on or the
    // text speaks of adults too ("children 6–12: half the adult dose").
    let max = if admits.is_empty() || mentions_adults || admits.iter().any(|(_, _, m)| m.is_none())
    {
        None
    } else {
        admits
            .iter()
            .filter_map(|(_, _, m)| *m)
            .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))))
    };
    if min.is_none()
        && let Some(&line) = no_age.first()
    {
        warnings.push(ImportWarning::at(
            line,
            "the text speaks of children or infants without an age: the target age is not set",
        ));
    }
    TargetAge { min, max, lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ages(text: &str) -> (Option<f64>, Option<f64>, usize) {
        let mut warnings = Vec::new();
        let t = read(
            text.lines().enumerate().map(|(i, l)| (i + 1, l)),
            &mut warnings,
        );
        (t.min, t.max, warnings.len())
    }

    #[test]
    fn the_common_statements_give_their_ages() {
        assert_eq!(ages("For adults only."), (Some(18.0), None, 0));
        assert_eq!(
            ages("Adults: take one softgel daily."),
            (Some(18.0), None, 0)
        );
        assert_eq!(
            ages("Children 4 years and older: 1 tablet a day"),
            (Some(4.0), None, 0)
        );
        assert_eq!(ages("Suitable for children 12+"), (Some(12.0), None, 0));
        assert_eq!(ages("Not for children under 12."), (Some(12.0), None, 0));
        assert_eq!(
            ages("Do not give to children under 4 years."),
            (Some(4.0), None, 0)
        );
        assert_eq!(ages("For ages 4-12."), (Some(4.0), Some(12.0), 0));
        assert_eq!(
            ages("THIS PRODUCT IS NOT INTENDED FOR INFANTS."),
            (Some(1.0), None, 0)
        );
    }

    #[test]
    fn directions_for_several_groups_cover_them_all() {
        let text = "Adults: take 2 gummies daily.\nChildren 4 years and older: take 1 gummy daily.";
        assert_eq!(ages(text), (Some(4.0), None, 0));
        // Ages 4–17 are left unsaid: the stated bound is kept, not the higher one.
        let text = "Not for children under 4.\nAdults: 2 a day.";
        assert_eq!(ages(text), (Some(4.0), None, 0));
        assert_eq!(
            ages("Children ages 6-12 use half of adult dose."),
            (Some(6.0), None, 0)
        );
        assert_eq!(ages("For adult use only."), (Some(18.0), None, 0));
    }

    #[test]
    fn a_dv_heading_is_not_the_products_age() {
        assert_eq!(
            ages("% Daily Value for adults and children 4 years of age and older"),
            (None, None, 0)
        );
    }

    #[test]
    fn contradictions_and_statements_without_an_age_are_warnings_not_guesses() {
        let text = "Children 4 years and older: 1 a day.\nNot for children under 12.";
        assert_eq!(ages(text), (None, None, 1));
        assert_eq!(ages("Not suitable for children."), (None, None, 1));
        assert_eq!(ages("A vitamin D for kids"), (None, None, 1));
        assert_eq!(ages("Made for children"), (None, None, 1));
    }
}
