use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::format::number;
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "claim-pattern",
    fires_on: "a claim printed on the label matches any of the patterns (regular expressions, \
        case-insensitive).",
    why: "Some claims are not allowed on a supplement or are not supported by the evidence \
        (\"reverses arterial calcification\"): this kind finds them by their wording.",
    parameters: [
        PATTERNS = "patterns": "a list of regular expressions, matched case-insensitively (at \
            most 256 in a rules file, compiled within 32 MiB)",
    ],
    example: r#"
kind = "claim-pattern"
patterns = ['\brevers\w*\b.*\bcalcif', '\bunclog']
"#,
    #[derive(Debug, Clone)]
    pub struct ClaimPattern {
        /// The patterns as written, for output.
        pub patterns: Vec<String>,
        /// All of them compiled together: one pass over a claim, whatever their number.
        matcher: Arc<Compiled>,
    }
}

/// Claim patterns a rules file may hold in all. Every claim of every label is matched against
/// them, and an edited file is re-read on each keystroke in the rules editor.
pub const MAX_CLAIM_PATTERNS: usize = 256;

/// Memory the compiled claim patterns of one rules file may take in all.
pub const CLAIM_PATTERN_MEMORY: usize = 32 << 20;

#[derive(Debug)]
struct Compiled {
    regex: Regex,
    bytes: usize,
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
        let span = f.take(PATTERNS).map_or(f.span(), |v| v.span());
        ctx.claim_patterns += list.len();
        if ctx.claim_patterns > MAX_CLAIM_PATTERNS {
            ctx.fail(
                span,
                format!(
                    "too many claim patterns: this file has {} so far, and a rules file may hold \
                     at most {MAX_CLAIM_PATTERNS}",
                    ctx.claim_patterns
                ),
            );
            return None;
        }
        let patterns: Vec<String> = list.iter().map(|p| p.get_ref().clone()).collect();
        let matcher = match compiled(&patterns) {
            Some(done) => done,
            None => {
                // Say what is wrong with each pattern before compiling them together.
                let before = ctx.problems.len();
                for p in &list {
                    if let Err(reason) = check_syntax(p.get_ref()) {
                        ctx.fail(
                            p.span(),
                            format!("pattern is not a valid regular expression: {reason}"),
                        );
                    }
                }
                if ctx.problems.len() > before {
                    return None;
                }
                let budget = CLAIM_PATTERN_MEMORY.saturating_sub(ctx.claim_pattern_bytes);
                match compile(&patterns, budget) {
                    Ok(done) => done,
                    Err(()) => {
                        ctx.fail(
                            span,
                            format!(
                                "these claim patterns are too large to compile: the patterns of \
                                 a rules file may take at most {} MiB in all; simplify or remove \
                                 some",
                                number((CLAIM_PATTERN_MEMORY >> 20) as f64)
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        ctx.claim_pattern_bytes += matcher.bytes;
        if ctx.claim_pattern_bytes > CLAIM_PATTERN_MEMORY {
            ctx.fail(
                span,
                format!(
                    "these claim patterns are too large to compile: the patterns of a rules file \
                     may take at most {} MiB in all; simplify or remove some",
                    number((CLAIM_PATTERN_MEMORY >> 20) as f64)
                ),
            );
            return None;
        }
        Some(ClaimPattern { patterns, matcher })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        if s.verdict_only() {
            let any = s.label.claims.iter().any(|c| self.matcher.regex.is_match(c));
            return any.then(Fired::verdict);
        }
        let matched: Vec<String> = s
            .label
            .claims
            .iter()
            .filter(|c| self.matcher.regex.is_match(c.as_str()))
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
        json!({ PATTERNS: self.patterns })
    }
}

/// Why a pattern does not parse, in the regex crate's words (the last line of its message).
fn check_syntax(pattern: &str) -> Result<(), String> {
    let mut parser = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build();
    parser.parse(pattern).map(|_| ()).map_err(|err| {
        err.to_string()
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .trim_start_matches("error:")
            .trim()
            .to_string()
    })
}

/// Compiles patterns into one matcher, within `budget` bytes for its automaton.
fn compile(patterns: &[String], budget: usize) -> Result<Arc<Compiled>, ()> {
    let regex = Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(true))
        .configure(
            Regex::config()
                .nfa_size_limit(Some(budget))
                .hybrid_cache_capacity(1 << 20)
                // Only "does any pattern match" is asked: without capture slots the fallback
                // engine's cache stays small (with them, 200 patterns took hundreds of MB).
                .which_captures(WhichCaptures::None),
        )
        .build_many(patterns)
        .map_err(|_| ())?;
    let bytes = regex.memory_usage();
    if bytes > budget {
        return Err(());
    }
    let done = Arc::new(Compiled { regex, bytes });
    remember(patterns, &done);
    Ok(done)
}

/// How many compiled pattern lists are kept.
const CACHE_SIZE: usize = 16;

type Cache = HashMap<Vec<String>, Arc<Compiled>>;

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// An earlier compilation of the same patterns. The app re-reads the whole rules file on every
/// keystroke in a threshold, and compiling claim patterns (Unicode word classes, case-insensitive)
/// costs milliseconds, far more than the rest of the reload; the patterns rarely change.
fn compiled(patterns: &[String]) -> Option<Arc<Compiled>> {
    // A panic elsewhere while the lock was held cannot leave the map half-updated.
    CACHE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .and_then(|c| c.get(patterns).cloned())
}

fn remember(patterns: &[String], done: &Arc<Compiled>) {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let map = cache.get_or_insert_with(HashMap::new);
    // Edited files can bring any number of pattern lists; start afresh rather than grow.
    if map.len() >= CACHE_SIZE {
        map.clear();
    }
    map.insert(patterns.to_vec(), Arc::clone(done));
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
        // More distinct lists than the cache holds, twice over: each must match its own text
        // and only that, whether compiled afresh or taken from the cache.
        for round in 0..2 {
            for i in 0..(CACHE_SIZE * 2) {
                let patterns = vec![format!(r"\bclaim{i}\b"), format!("other{i}")];
                let done = compiled(&patterns)
                    .map_or_else(|| compile(&patterns, CLAIM_PATTERN_MEMORY), Ok)
                    .expect("compiles");
                assert!(done.regex.is_match(&format!("A CLAIM{i} here")), "{round}, {i}");
                assert!(done.regex.is_match(&format!("OTHER{i}")), "{round}, {i}");
                assert!(!done.regex.is_match(&format!("claim{}", i + 1000)), "{round}, {i}");
            }
        }
        assert!(check_syntax("(unclosed").is_err());
    }

    #[test]
    fn matching_two_hundred_patterns_keeps_its_cache_small() {
        let patterns: Vec<String> = (0..200)
            .map(|i| format!(r"\bunclogs?\s+arter\w*{i}\b"))
            .collect();
        let done = compile(&patterns, CLAIM_PATTERN_MEMORY).expect("compiles");
        let mut cache = done.regex.create_cache();
        for claim in ["Unclogs arteries naturally*", "Supports healthy bones* — ünïcödé"] {
            let _ = done.regex.search_with(&mut cache, &regex_automata::Input::new(claim));
        }
        // With capture slots for every pattern the search cache took hundreds of megabytes.
        assert!(
            cache.memory_usage() < 32 << 20,
            "{} bytes",
            cache.memory_usage()
        );
    }

    /// A rules file with `rules` claim-pattern rules of `per_rule` patterns each.
    fn pattern_file(rules: usize, per_rule: usize, pattern: &dyn Fn(usize) -> String) -> String {
        let mut text = String::new();
        for r in 0..rules {
            let list: Vec<String> = (0..per_rule)
                .map(|i| format!("'{}'", pattern(r * per_rule + i)))
                .collect();
            text.push_str(&format!(
                "[[rule]]\nid = \"c{r}\"\ntitle = \"C\"\nseverity = \"info\"\nrationale = \"x\"\n\
                 evidence = \"convention\"\nsources = [\"S\"]\nkind = \"claim-pattern\"\n\
                 patterns = [{}]\n\n",
                list.join(", ")
            ));
        }
        text + "[sources.S]\ncitation = \"c\"\n"
    }

    #[test]
    fn a_rules_file_may_hold_at_most_the_pattern_budget() {
        let word = |i: usize| format!(r"\bword{i}\b");
        assert!(crate::rules::parse_rules(&pattern_file(4, MAX_CLAIM_PATTERNS / 4, &word)).is_ok());
        let problems = crate::rules::parse_rules(&pattern_file(5, 60, &word))
            .expect_err("over the count");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.starts_with("too many claim patterns"), "{problems:?}");
    }

    #[test]
    fn patterns_that_compile_too_large_are_refused_with_a_clear_error() {
        // Each pattern alone compiles; together they exceed the file's memory budget.
        let bomb = |i: usize| format!(r"\w{{50}}x{i}\w{{50}}");
        let problems = crate::rules::parse_rules(&pattern_file(1, 200, &bomb))
            .expect_err("over the memory budget");
        assert!(problems[0].message.contains("too large to compile"), "{problems:?}");
    }

    #[test]
    fn every_invalid_pattern_is_reported_at_its_place() {
        let text = pattern_file(1, 3, &|i| if i == 1 { "ok".into() } else { format!("(bad{i}") });
        let problems = crate::rules::parse_rules(&text).expect_err("invalid");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.message.starts_with("pattern is not a valid regular expression: ")));
    }
}
