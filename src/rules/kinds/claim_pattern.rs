use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use regex::{Regex, RegexBuilder};
use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "claim-pattern",
    fires_on: "a claim printed on the label matches any of the patterns (regular expressions, \
        case-insensitive).",
    why: "Some claims are not allowed on a supplement or are not supported by the evidence \
        (\"reverses arterial calcification\"): this kind finds them by their wording.",
    parameters: [
        PATTERNS = "patterns": "a list of regular expressions, matched case-insensitively",
    ],
    example: r#"
kind = "claim-pattern"
patterns = ['\brevers\w*\b.*\bcalcif', '\bunclog']
"#,
    #[derive(Debug, Clone)]
    pub struct ClaimPattern {
        pub patterns: Vec<Regex>,
    }
}

impl Kind for ClaimPattern {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let list = ctx.keep(f.take_string_list(PATTERNS)).unwrap_or_default();
        if list.is_empty() {
            ctx.fail(
                f.span().start..f.span().start,
                "kind `claim-pattern` needs `patterns`: a list of regular expressions",
            );
            return None;
        }
        let mut patterns = Vec::new();
        for p in &list {
            match compile_claim_pattern(p.get_ref()) {
                Ok(re) => patterns.push(re),
                Err(err) => {
                    let detail = err.to_string();
                    let last = detail
                        .lines()
                        .rfind(|l| !l.trim().is_empty())
                        .unwrap_or("")
                        .trim()
                        .trim_start_matches("error:")
                        .trim()
                        .to_string();
                    ctx.fail(
                        p.span(),
                        format!("pattern is not a valid regular expression: {last}"),
                    );
                }
            }
        }
        (patterns.len() == list.len()).then_some(ClaimPattern { patterns })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let matched: Vec<String> = s
            .label
            .claims
            .iter()
            .filter(|c| self.patterns.iter().any(|p| p.is_match(c)))
            .map(|c| format!("\"{}\"", c.trim()))
            .collect();
        Some(Fired::new(match matched.as_slice() {
            [] => return None,
            [one] => format!("the claim {one} reads as a disease or reversal claim"),
            _ => format!(
                "the claims {} read as disease or reversal claims",
                matched.join(", ")
            ),
        }))
    }

    fn trigger(&self) -> String {
        format!(
            "a claim on the label matches one of {} disease or reversal patterns",
            self.patterns.len()
        )
    }

    fn parameters(&self) -> Value {
        json!({ PATTERNS: self.patterns.iter().map(|p| p.as_str()).collect::<Vec<_>>() })
    }
}

/// How many compiled claim patterns [`compile_claim_pattern`] keeps.
const PATTERN_CACHE_SIZE: usize = 64;

/// Compiles a claim pattern (case-insensitive), reusing an earlier compilation of the same
/// text. The app re-reads the whole rules file on every keystroke in a threshold, and compiling
/// the default claim patterns (Unicode word classes, case-insensitive) takes about 2 ms, far
/// more than the rest of the reload; the patterns themselves rarely change.
fn compile_claim_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    static CACHE: Mutex<Option<HashMap<String, Regex>>> = Mutex::new(None);
    // A panic elsewhere while the lock was held cannot leave the map half-updated.
    let cached = CACHE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .and_then(|c| c.get(pattern).cloned());
    if let Some(re) = cached {
        return Ok(re);
    }
    let re = RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()?;
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let map = cache.get_or_insert_with(HashMap::new);
    // Edited files can bring any number of patterns; start afresh rather than grow.
    if map.len() >= PATTERN_CACHE_SIZE {
        map.clear();
    }
    map.insert(pattern.to_string(), re.clone());
    Ok(re)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    #[test]
    fn fires_on_matching_claims_and_quotes_each() {
        let kind = rule_of_kind("kind = \"claim-pattern\"\npatterns = ['\\bunclog']");
        let label = |claims: &[&str]| Label {
            claims: claims.iter().map(|s| s.to_string()).collect(),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(&["Supports healthy bones*"])).is_none());
        let fired = judge(label(&["UNCLOGS arteries*", "Bones*"])).expect("fires");
        assert_eq!(
            fired.message,
            "the claim \"UNCLOGS arteries*\" reads as a disease or reversal claim"
        );
    }

    #[test]
    fn cached_patterns_are_the_ones_asked_for() {
        // More distinct patterns than the cache holds, twice over: each must match its own
        // text and only that, whether compiled afresh or taken from the cache.
        for round in 0..2 {
            for i in 0..(PATTERN_CACHE_SIZE * 2) {
                let re = compile_claim_pattern(&format!(r"\bclaim{i}\b")).expect("compiles");
                assert!(
                    re.is_match(&format!("A CLAIM{i} here")),
                    "round {round}, {i}"
                );
                assert!(
                    !re.is_match(&format!("claim{}", i + 1000)),
                    "round {round}, {i}"
                );
            }
        }
        assert!(compile_claim_pattern("(unclosed").is_err());
        assert!(
            compile_claim_pattern("(unclosed").is_err(),
            "errors are not cached"
        );
    }
}
