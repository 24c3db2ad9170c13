//! Directions → the highest number of servings a day they allow.
//!
//! A direction gives a dose ("2 drops", "1 to 3 lozenges", "one (1) capsule") and a frequency
//! ("daily", "one to three times daily", "twice a day", "every week", "every 2 days"). Doses
//! per day = dose × frequency; servings per day = that ÷ the units in one serving. The highest
//! value over all directions is kept, because a label is judged at the most it allows.

use std::sync::OnceLock;

use regex::Regex;

use super::vocabulary::{count, unit_word};

const NUM: &str = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|une|un|deux|trois|quatre|cinq|six|ein|eine|zwei|drei|vier|jedna|jeden|dwie|dwa|trzy)";

fn dose_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "1 to 3 lozenges", "one (1) capsule", "2 drops", "1-2 tablets", "a capsule".
        let pattern = format!(
            r"(?i)(?-u:\b)(?P<a>{NUM}|a|an)(?:\s*\(\d+\))?(?:\s*(?:to|-|–|or|à|a|bis|do|oder|ou)\s*(?P<b>{NUM})(?:\s*\(\d+\))?)?\s+(?:\w+\s+)?(?P<unit>drops?|gouttes?|capsules?|cápsulas?|caps|softgels?|soft\s+gels?|tablets?|tabs?|caplets?|comprimés?|gumm(?:y|ies)|lozenges?|pastilles?|sprays?|pumps?|scoops?|sachets?|doses?|servings?|dropperfuls?|tropfen|krop(?:la|le|li)|ampoules?|ampules?|kapseln?|tabletten?|brausetabletten?|weichkapseln?|teaspoons?|tsp)(?:[^\p{{L}}\p{{N}}]|$)"
        );
        Regex::new(&pattern).unwrap_or_else(|e| panic!("dose pattern: {e}"))
    })
}

fn times_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "one to three times daily", "2 times a day", "once or twice daily", "twice weekly".
        let freq = r"(?:once|twice|thrice|\d+\s*-?\s*(?:x|times|mal|fois|razy)|(?:one|two|three|four|five|six)\s+times)";
        let pattern = format!(
            r"(?i)(?-u:\b)(?P<a>{freq})(?:\s*(?:to|-|–|or)\s*(?P<b>{freq}|\d+|one|two|three|four|five|six)(?:\s+times)?)?\s*(?:(?:a|per|each|every)\s+)?(?P<per>day|daily|d(?-u:\b)|week|weekly|month|monthly|täglich|pro\s+tag|par\s+jour|jour|dziennie|na\s+dobę|wöchentlich|pro\s+woche|par\s+semaine|monatlich|pro\s+monat|par\s+mois)"
        );
        Regex::new(&pattern).unwrap_or_else(|e| panic!("times pattern: {e}"))
    })
}

fn times_value(text: &str) -> Option<f64> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "once" => Some(1.0),
        "twice" => Some(2.0),
        "thrice" => Some(3.0),
        _ => {
            let first = t
                .split(|c: char| c.is_whitespace() || c == 'x' || c == '-')
                .next()
                .unwrap_or("");
            count(first)
        }
    }
}

fn period_days(per: &str) -> f64 {
    match per.to_lowercase().as_str() {
        "week" | "weekly" | "semaine" | "woche" | "wochen" | "tygodni" => 7.0,
        "month" | "monthly" | "moi" | "mois" | "monat" | "monate" | "miesiące" | "miesięcy" => {
            30.0
        }
        _ => 1.0,
    }
}

/// Words at least one of which any frequency contains: a cheap test that skips the patterns
/// for the many lines that give no frequency at all.
pub const FREQUENCY_HINTS: &[&str] = &[
    "day",
    "daily",
    "diari",
    "día",
    "week",
    "month",
    "once",
    "twice",
    "thrice",
    "times",
    "every",
    "meal",
    "jour",
    "semai",
    "semana",
    "mens",
    "/d",
    " x ",
    "/w",
    "/mo",
    "tous les",
    "mois",
    "täg",
    "pro tag",
    "woch",
    "monat",
    "dobę",
    "dzien",
    "tydz",
    "fortnight",
    "alle ",
    "-mal",
    " mal ",
    "fois",
    "razy",
    "/24",
];

/// Doses per day in one sentence, from its frequency words; `None` when it gives none.
/// Whether lower-cased text has a word any frequency contains: without one, no sentence in it
/// can be a direction with a frequency.
pub fn may_give_frequency(lower: &str) -> bool {
    FREQUENCY_HINTS.iter().any(|h| lower.contains(h))
}

fn frequency(sentence: &str) -> Option<f64> {
    let lower = sentence.to_lowercase();
    if !may_give_frequency(&lower) {
        return None;
    }
    let mut best: Option<f64> = None;
    let take = |best: &mut Option<f64>, v: f64| *best = Some(best.map_or(v, |b: f64| b.max(v)));
    // `is_match` runs on the fast engine; captures only where there is something to capture.
    let times = times_regex();
    for c in times
        .is_match(sentence)
        .then(|| times.captures_iter(sentence))
        .into_iter()
        .flatten()
    {
        let a = c.name("a").and_then(|m| times_value(m.as_str()));
        let b = c.name("b").and_then(|m| times_value(m.as_str()));
        let per = c.name("per").map_or(1.0, |m| period_days(m.as_str()));
        if let Some(n) = b.or(a) {
            take(&mut best, n / per);
        }
    }
    if best.is_some() {
        return best;
    }
    static EVERY: OnceLock<Regex> = OnceLock::new();
    let every = EVERY.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:every|tous\s+les|toutes\s+les|alle|co)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|other|deux|trois|quatre|six|zwei|drei|vier)\s+(?P<per>days?|weeks?|months?|jours|semaines|mois|tage|wochen|monate|dni|tygodni|miesiące|miesięcy)(?-u:\b)")
            .unwrap_or_else(|e| panic!("every pattern: {e}"))
    });
    for c in every
        .is_match(sentence)
        .then(|| every.captures_iter(sentence))
        .into_iter()
        .flatten()
    {
        let n = match c.name("n").map(|m| m.as_str().to_lowercase()) {
            Some(ref o) if o == "other" => 2.0,
            Some(n) => count(&n).unwrap_or(1.0),
            None => 1.0,
        };
        let per = c
            .name("per")
            .map_or("day", |m| m.as_str())
            .trim_end_matches('s');
        take(&mut best, 1.0 / (n * period_days(per)));
    }
    if lower.contains("fortnight") {
        take(&mut best, 1.0 / 14.0);
    }
    if best.is_some() {
        return best;
    }
    let has = |words: &[&str]| words.iter().any(|w| contains_word(&lower, w));
    if has(&[
        "daily",
        "a day",
        "per day",
        "each day",
        "every day",
        "once a day",
        "one-a-day",
        "/day",
        "/d",
        "per diem",
        "par jour",
        "täglich",
        "pro tag",
        "na dobę",
        "dziennie",
        "al día",
        "diaria",
        "diario",
    ]) {
        take(&mut best, 1.0);
    } else if has(&[
        "weekly",
        "a week",
        "per week",
        "each week",
        "every week",
        "once a week",
        "/week",
        "/wk",
        "par semaine",
        "pro woche",
        "wöchentlich",
        "tygodniowo",
        "semanal",
    ]) {
        take(&mut best, 1.0 / 7.0);
    } else if has(&[
        "monthly",
        "a month",
        "per month",
        "each month",
        "every month",
        "once a month",
        "/month",
        "par mois",
        "pro monat",
        "monatlich",
        "miesięcznie",
        "mensual",
    ]) {
        take(&mut best, 1.0 / 30.0);
    } else if has(&[
        "with meals",
        "after meals",
        "before meals",
        "with each meal",
        "after each meal",
        "before each meal",
    ]) {
        // One dose per meal, with no count given: up to three a day.
        take(&mut best, 3.0);
    }
    best
}

fn contains_word(haystack: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(i) = haystack[from..].find(phrase) {
        let start = from + i;
        let end = start + phrase.len();
        // A phrase that starts with a sign ("/day") may follow a word ("IU/day").
        let before_ok = start == 0
            || !phrase.starts_with(char::is_alphanumeric)
            || !haystack[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = end == haystack.len()
            || !haystack[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// The serving: how many units of what ("2 drops" → (2, "drop")).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Serving {
    pub count: f64,
    pub unit: Option<&'static str>,
}

/// Servings per day allowed by one direction sentence: the highest over its clauses
/// ("40000 IU once every week for 7 weeks followed by 40000 IU each a month").
pub fn servings_in(sentence: &str, serving: Serving, serving_d_iu: Option<f64>) -> Option<f64> {
    static CLAUSE: OnceLock<Regex> = OnceLock::new();
    static OR_AMOUNT: OnceLock<Regex> = OnceLock::new();
    let clause = CLAUSE.get_or_init(|| {
        Regex::new(r"(?i)\s+(?:followed\s+by|then)\s+|;\s*")
            .unwrap_or_else(|e| panic!("clause pattern: {e}"))
    });
    // "… or 20000 IU twice every week": an alternative regimen starts a new clause; "once or
    // twice daily" and "1 or 2 capsules" do not.
    let or_amount = OR_AMOUNT.get_or_init(|| {
        Regex::new(r"(?i),?\s+or,?\s+(?:up\s+to\s+)?(\d[\d,.\s]*\s*(?:iu|ui|mcg|µg|mg)(?-u:\b))")
            .unwrap_or_else(|e| panic!("or pattern: {e}"))
    });
    let sentence = or_amount.replace_all(sentence, "; $1");
    clause
        .split(&sentence)
        .filter_map(|c| clause_servings(c, serving, serving_d_iu))
        .fold(None, |best: Option<f64>, v| {
            Some(best.map_or(v, |b| b.max(v)))
        })
}

fn clause_servings(sentence: &str, serving: Serving, serving_d_iu: Option<f64>) -> Option<f64> {
    let whole = frequency(sentence)?;
    let mut dose: Option<(f64, &'static str)> = None;
    let mut dose_at = 0;
    let doses = dose_regex();
    for c in doses
        .is_match(sentence)
        .then(|| doses.captures_iter(sentence))
        .into_iter()
        .flatten()
    {
        let a = c.name("a").and_then(|m| count(m.as_str()));
        let b = c.name("b").and_then(|m| count(m.as_str()));
        let unit = c
            .name("unit")
            .and_then(|m| unit_word(&m.as_str().replace(char::is_whitespace, " ")));
        // "a dose of 45 mg/day" describes an amount, not a count of doses.
        let article = c
            .name("a")
            .is_some_and(|m| matches!(m.as_str().to_lowercase().as_str(), "a" | "an"));
        if article && unit == Some("dose") {
            continue;
        }
        if let (Some(n), Some(unit)) = (b.or(a), unit)
            && dose.is_none_or(|(d, _)| n > d)
        {
            dose = Some((n, unit));
            dose_at = c.get(0).map_or(0, |m| m.start());
        }
    }
    let amounts = super::amounts::find_amounts(sentence);
    // The frequency that follows a dose, up to the next amount, is the dose's ("2-3 capsules
    // per month" after "1,400-2,000 IU/day"; "50,000 IU/week … or 4,000 IU/day"); otherwise
    // any in the clause.
    let frequency_from = |at: usize| {
        let end = amounts
            .iter()
            .map(|f| f.span.start)
            .find(|&s| s > at)
            .unwrap_or(sentence.len());
        Some(frequency(&sentence[at..end]).unwrap_or(whole))
    };
    if dose.is_none() {
        // A dose given as an amount of vitamin D: "40000 IU once every week" with 40000 IU
        // in one serving is one serving a week.
        // Only an amount of vitamin D counts: IU, or micrograms ("50 µg weekly"); "500 mg of
        // calcium" in the same sentence is not a dose of it.
        if let Some(per) = serving_d_iu.filter(|v| *v > 0.0)
            && let Some(first) = amounts
                .iter()
                .find(|f| matches!(f.unit, crate::label::Unit::Iu | crate::label::Unit::Mcg))
        {
            let iu = match first.unit.mcg_factor() {
                None => first.value,
                Some(factor) => first.value * factor * crate::label::units::IU_PER_MCG_VITAMIN_D,
            };
            return Some(iu / per * frequency_from(first.span.start)?);
        }
    }
    let freq = frequency_from(dose_at)?;
    if dose.is_none() && !mentions_taking(sentence) {
        return None;
    }
    // "one-a-day formula", "take daily": a frequency with no counted dose is one serving.
    let (n, unit) = dose.unwrap_or((1.0, "dose"));
    let per_serving = match (unit, serving.unit) {
        ("dose", _) => 1.0,
        (u, Some(s)) if u == s || same_family(u, s) => serving.count,
        _ => 1.0,
    };
    Some(n * freq / per_serving)
}

/// "Take daily" has a frequency and a verb of taking but no count: one serving each time.
fn mentions_taking(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    [
        "take ",
        "one-a-day",
        "chew ",
        "dissolve ",
        "use ",
        "mix ",
        "apply ",
        "prendre ",
        "tomar ",
        "tome ",
        "iniciar ",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn same_family(a: &str, b: &str) -> bool {
    // A softgel is counted like a capsule when the label mixes the words.
    fn norm(u: &str) -> &str {
        if u == "softgel" { "capsule" } else { u }
    }
    norm(a) == norm(b)
}

/// The highest servings per day over all direction sentences.
pub fn servings_per_day(
    directions: &[String],
    serving: Serving,
    serving_d_iu: Option<f64>,
) -> Option<f64> {
    directions
        .iter()
        .flat_map(|d| split_sentences(d))
        .filter_map(|s| servings_in(&s, serving, serving_d_iu))
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(None, |best: Option<f64>, v| {
            Some(best.map_or(v, |b| b.max(v)))
        })
}

fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, ch) in chars.iter().enumerate() {
        current.push(*ch);
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        // A full stop ends a sentence unless it sits inside a number ("0.5") or an abbreviation ("e.g.").
        if (*ch == '.' && next.is_whitespace() && !prev.is_ascii_digit() && prev != 'g')
            || *ch == ';'
        {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spd(text: &str, count: f64, unit: &'static str) -> Option<f64> {
        servings_per_day(
            &[text.to_string()],
            Serving {
                count,
                unit: Some(unit),
            },
            None,
        )
    }

    #[test]
    fn the_highest_number_of_servings_a_day_is_read() {
        assert_eq!(
            spd("Take 2 drops one to three times daily.", 2.0, "drop"),
            Some(3.0)
        );
        assert_eq!(
            spd("Take 1 to 3 lozenges daily.", 1.0, "lozenge"),
            Some(3.0)
        );
        assert_eq!(
            spd(
                "Take 1 capsule one to two times daily with meals.",
                1.0,
                "capsule"
            ),
            Some(2.0)
        );
        assert_eq!(
            spd(
                "Take 2 tablets up to two times daily with meals.",
                2.0,
                "tablet"
            ),
            Some(2.0)
        );
        assert_eq!(
            spd("Adults: Chew 2 gummies daily.", 2.0, "gummy"),
            Some(1.0)
        );
        assert_eq!(
            spd("Take 1 softgel daily with a meal.", 1.0, "softgel"),
            Some(1.0)
        );
        assert_eq!(
            spd(
                "Adults: 2 sprays into the mouth once or twice daily.",
                2.0,
                "spray"
            ),
            Some(2.0)
        );
        assert_eq!(
            spd(
                "The recommended dose is 1 tablet twice a day for adults.",
                1.0,
                "tablet"
            ),
            Some(2.0)
        );
        assert_eq!(
            spd("Recommended Dosage: One (1) drop each day.", 1.0, "drop"),
            Some(1.0)
        );
    }

    #[test]
    fn weekly_monthly_and_every_n_days() {
        let weekly = spd(
            "Take one (1) capsule every week, or as directed.",
            1.0,
            "capsule",
        )
        .expect("weekly");
        assert!((weekly - 1.0 / 7.0).abs() < 1e-9);
        let monthly = spd("Take 1 capsule once a month.", 1.0, "capsule").expect("monthly");
        assert!((monthly - 1.0 / 30.0).abs() < 1e-9);
        assert_eq!(
            spd("Take 1 capsule every 2 days.", 1.0, "capsule"),
            Some(0.5)
        );
        assert_eq!(
            spd(
                "Take 1 capsule per day. Later you can reduce to 1 capsule every 2 days.",
                1.0,
                "capsule"
            ),
            Some(1.0)
        );
    }

    #[test]
    fn doses_given_as_amounts_count_against_the_serving() {
        let dirs = ["40000 IU once every week for 7 weeks followed by 40000 IU each a month for 3 to 4 months or 20000 IU twice every week for 7 weeks".to_string()];
        let v = servings_per_day(
            &dirs,
            Serving {
                count: 1.0,
                unit: Some("capsule"),
            },
            Some(40_000.0),
        )
        .expect("weekly");
        assert!((v - 1.0 / 7.0).abs() < 1e-9, "{v}");
    }

    #[test]
    fn meals_without_a_count_mean_up_to_three() {
        assert_eq!(
            spd(
                "take one lozenge 30 - 60 minutes after meals or prior to bedtime",
                1.0,
                "lozenge"
            ),
            Some(3.0)
        );
    }

    #[test]
    fn text_without_directions_gives_nothing() {
        assert_eq!(spd("Keep out of reach of children.", 1.0, "capsule"), None);
        assert_eq!(spd("allows for easy daily dosing", 1.0, "drop"), None);
        assert_eq!(
            spd("at a dose of 45 mg/day for 2 years", 1.0, "capsule"),
            None
        );
    }
}

#[cfg(test)]
mod real_text_tests {
    use super::*;

    fn per_day(text: &str, unit: &'static str, serving_d_iu: Option<f64>) -> Option<f64> {
        servings_per_day(
            &[text.to_string()],
            Serving {
                count: 1.0,
                unit: Some(unit),
            },
            serving_d_iu,
        )
        .map(|v| (v * 1e6).round() / 1e6)
    }

    #[test]
    fn once_or_twice_daily_with_two_tablets_is_four() {
        assert_eq!(
            per_day("Take 2 tablets once or twice daily.", "tablet", None),
            Some(4.0)
        );
    }

    #[test]
    fn a_range_counts_at_its_top() {
        assert_eq!(
            per_day("Take 2–4 teaspoons daily.", "teaspoon", None),
            Some(4.0)
        );
        assert_eq!(per_day("täglich 6 – 10 Tropfen", "drop", None), Some(10.0));
        assert_eq!(
            per_day("od 6 do 20 kropli na dobę", "drop", None),
            Some(20.0)
        );
    }

    #[test]
    fn weekly_fortnightly_and_monthly_doses() {
        assert_eq!(per_day("1 capsule weekly", "capsule", None), Some(0.142857));
        assert_eq!(
            per_day("1 ampoule fortnightly", "ampoule", None),
            Some(0.071429)
        );
        assert_eq!(
            per_day("Une ampoule tous les 3 mois.", "ampoule", None),
            Some(0.011111)
        );
        assert_eq!(
            per_day("1 ampoule every month", "ampoule", None),
            Some(0.033333)
        );
        // A rate after an amount, with the count in parentheses.
        assert_eq!(
            per_day("40,000 IU/week (2 capsules) for 7 weeks", "capsule", None),
            Some(0.285714)
        );
        // An amount as the dose: 50,000 IU a week of a 25,000 IU tablet.
        assert_eq!(
            per_day(
                "Adults: 50,000 IU/week for 6 weeks or, 3,000 - 4,000 IU/day",
                "tablet",
                Some(25_000.0)
            ),
            Some(0.285714)
        );
    }

    #[test]
    fn frequencies_in_other_languages() {
        assert_eq!(
            per_day(
                "Erwachsene nehmen 2-mal täglich 1 Brausetablette ein.",
                "tablet",
                None
            ),
            Some(2.0)
        );
        assert_eq!(
            per_day("1 comprimé à sucer ou à croquer par jour", "tablet", None),
            Some(1.0)
        );
    }

    #[test]
    fn a_calcium_amount_is_not_a_dose_of_vitamin_d() {
        assert_eq!(
            per_day(
                "1 tablet per day (500 mg of calcium and 1000 IU of vitamin D3)",
                "tablet",
                Some(1000.0)
            ),
            Some(1.0)
        );
    }
}
