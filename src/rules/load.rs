//! Reading rules.toml. Every problem points at its line and column; keys labelcheck does not
//! know are kept (so a saved file loses nothing) but reported as warnings, so a misspelt
//! optional key does not pass unnoticed.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use regex::{Regex, RegexBuilder};
use toml::Spanned;
use toml::de::DeTable;

use super::model::{AgeLimit, FormGroup, FormName, Limit, Quantity, Rule, RuleKind, SourceEntry};
use super::{Evidence, RuleSet};
use crate::diagnostic::Problem;
use crate::label::Carrier;
use crate::profile::{Anticoagulant, MAX_AGE_YEARS};
use crate::tomlread::{Fields, parse_document};

/// A problem that does not stop the rules from loading.
pub type Warning = Problem;

/// A successfully loaded rule set and what was noticed along the way.
#[derive(Debug, Clone)]
pub struct RulesLoad {
    pub rules: RuleSet,
    pub warnings: Vec<Warning>,
}

/// The kinds a rule may have, for messages.
pub const KINDS: &[&str] = &[
    "above",
    "below",
    "missing-companion",
    "ratio-below",
    "form-preference",
    "form-present",
    "carrier",
    "profile-conflict",
    "claim-pattern",
    "iu-mass-mismatch",
    "claims-without-disclaimer",
];

/// Thresholds larger than this are refused as typos (no nutrient limit comes near it).
const MAX_THRESHOLD: f64 = 1.0e9;

/// Parses a rule set; on failure returns every problem found, sorted by position.
pub fn parse_rules(text: &str) -> Result<RulesLoad, Vec<Problem>> {
    if text.trim().is_empty() {
        return Err(vec![Problem::new(
            0..0,
            "rules file is empty: it needs [[rule]] tables and a [sources] table",
        )]);
    }
    let doc = parse_document(text).map_err(|p| vec![p])?;
    let mut ctx = Ctx::default();
    let mut top = Fields::new(doc.get_ref(), doc.span());

    if let Some(Some(schema)) = ctx.keep(top.take_number("schema"))
        && *schema.get_ref() != 1.0
    {
        ctx.problems.push(Problem::new(
            schema.span(),
            format!(
                "unsupported `schema` {}: this labelcheck reads schema 1",
                crate::format::number(*schema.get_ref())
            ),
        ));
    }

    let sources = match ctx.keep(top.take_table("sources")) {
        Some(Some((table, span))) => read_sources(table, span, &mut ctx),
        Some(None) => {
            ctx.problems.push(Problem::new(
                0..0,
                "missing [sources] table: every rule cites sources by key",
            ));
            Vec::new()
        }
        None => Vec::new(),
    };

    let rule_tables = ctx.keep(top.take_table_list("rule")).unwrap_or_default();
    if rule_tables.is_empty() && ctx.problems.is_empty() {
        ctx.problems
            .push(Problem::new(0..0, "the rules file has no [[rule]] tables"));
    }
    let mut rules = Vec::new();
    let mut id_spans: Vec<(String, Range<usize>)> = Vec::new();
    let mut suppress_refs: Vec<(String, Range<usize>)> = Vec::new();
    for (table, span) in rule_tables {
        if let Some((rule, id_span, refs)) = read_rule(table, span, &sources, &mut ctx) {
            if id_spans.iter().any(|(id, _)| *id == rule.id) {
                ctx.problems.push(Problem::new(
                    id_span.clone(),
                    format!("duplicate rule id `{}`: ids must be unique", rule.id),
                ));
            }
            id_spans.push((rule.id.clone(), id_span));
            suppress_refs.extend(refs);
            rules.push(rule);
        }
    }
    for (id, span) in suppress_refs {
        if !id_spans.iter().any(|(known, _)| *known == id) {
            ctx.problems.push(Problem::new(
                span,
                format!("`suppressed_by` names `{id}`, which is not a rule id in this file"),
            ));
        }
    }
    for (key, span) in top.unknown() {
        ctx.warnings.push(Problem::new(
            span,
            format!("unknown top-level key `{key}` is ignored (known: schema, rule, sources)"),
        ));
    }

    if ctx.problems.is_empty() {
        ctx.warnings.sort_by_key(|w| w.span.start);
        Ok(RulesLoad {
            rules: RuleSet { rules, sources },
            warnings: ctx.warnings,
        })
    } else {
        ctx.problems.sort_by_key(|p| p.span.start);
        Err(ctx.problems)
    }
}

#[derive(Default)]
struct Ctx {
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
}

impl Ctx {
    fn keep<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    fn fail(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem::new(span, message));
    }
}

fn read_sources(
    table: &DeTable<'_>,
    _span: Range<usize>,
    ctx: &mut Ctx,
) -> Vec<(String, SourceEntry)> {
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let key_text = key.get_ref().to_string();
        let toml::de::DeValue::Table(entry) = value.get_ref() else {
            ctx.fail(
                value.span(),
                format!(
                    "source `{key_text}` must be a table with `citation` and `url`, e.g. [sources.{key_text}]"
                ),
            );
            continue;
        };
        let mut f = Fields::new(entry, value.span());
        let citation = ctx.keep(f.require_string("citation", "the full reference"));
        let url = ctx.keep(f.take_string("url")).flatten();
        for (unknown, span) in f.unknown() {
            ctx.warnings.push(Problem::new(
                span,
                format!("unknown key `{unknown}` in source `{key_text}` is ignored (known: citation, url)"),
            ));
        }
        if let Some(citation) = citation {
            if citation.get_ref().trim().is_empty() {
                ctx.fail(
                    citation.span(),
                    format!("source `{key_text}` has an empty citation"),
                );
            }
            out.push((
                key_text,
                SourceEntry {
                    citation: citation.into_inner(),
                    url: url.map(Spanned::into_inner),
                },
            ));
        }
    }
    out
}

/// Keys every rule has, whatever its kind.
const COMMON_KEYS: &[&str] = &[
    "id",
    "kind",
    "title",
    "severity",
    "enabled",
    "rationale",
    "evidence",
    "sources",
    "suppressed_by",
];

#[allow(clippy::type_complexity)]
fn read_rule(
    table: &DeTable<'_>,
    span: Range<usize>,
    sources: &[(String, SourceEntry)],
    ctx: &mut Ctx,
) -> Option<(Rule, Range<usize>, Vec<(String, Range<usize>)>)> {
    let before = ctx.problems.len();
    let mut f = Fields::new(table, span);
    let id = ctx.keep(f.require_string("id", "a stable kebab-case id like \"d-above-caution\""));
    if let Some(id) = &id
        && !is_kebab_case(id.get_ref())
    {
        ctx.fail(
                id.span(),
                format!(
                    "rule id \"{}\" must be kebab-case: lower-case letters and digits joined by single hyphens",
                    id.get_ref()
                ),
            );
    }
    let title = ctx.keep(f.require_string("title", "a one-line summary"));
    let severity = ctx
        .keep(f.require_string("severity", "info, notice, caution or warning"))
        .and_then(|s| parse_at(&s, ctx));
    let enabled = ctx
        .keep(f.take_bool("enabled"))
        .flatten()
        .is_none_or(Spanned::into_inner);
    let rationale = ctx.keep(f.require_string("rationale", "why the rule exists, 2–5 sentences"));
    let evidence = ctx
        .keep(f.require_string("evidence", "how strong the basis is"))
        .and_then(|s| parse_at::<Evidence>(&s, ctx));
    let source_keys = ctx.keep(f.take_string_list("sources")).unwrap_or_default();
    if source_keys.is_empty() {
        let at = id.as_ref().map_or(f.span(), |i| i.span());
        ctx.fail(
            at,
            "every rule needs `sources`: a list of keys into [sources]",
        );
    }
    for key in &source_keys {
        if !sources.iter().any(|(k, _)| k == key.get_ref()) {
            ctx.fail(
                key.span(),
                format!(
                    "unknown source key `{}`: add it under [sources] or fix the spelling",
                    key.get_ref()
                ),
            );
        }
    }
    let suppressed_by = ctx
        .keep(f.take_string_list("suppressed_by"))
        .unwrap_or_default();
    if let (Some(id), Some(own)) = (
        &id,
        suppressed_by
            .iter()
            .find(|s| id.as_ref().is_some_and(|i| i.get_ref() == s.get_ref())),
    ) {
        ctx.fail(
            own.span(),
            format!("rule `{}` cannot be suppressed by itself", id.get_ref()),
        );
    }

    let kind_text = ctx.keep(f.require_string("kind", "one of the rule kinds"));
    let kind = kind_text.and_then(|k| read_kind(&k, &mut f, ctx));

    let kind_name = kind.as_ref().map(|k| k.name());
    for (key, kspan) in f.unknown() {
        ctx.warnings.push(Problem::new(
            kspan,
            format!(
                "unknown key `{key}` in rule `{}` is ignored{}",
                id.as_ref().map_or("?", |i| i.get_ref().as_str()),
                kind_name
                    .map(|k| format!(" (kind `{k}` uses: {})", kind_keys(k).join(", ")))
                    .unwrap_or_default()
            ),
        ));
    }

    if ctx.problems.len() != before {
        return None;
    }
    let id = id?;
    let id_span = id.span();
    let refs = suppressed_by
        .iter()
        .map(|s| (s.get_ref().clone(), s.span()))
        .collect();
    Some((
        Rule {
            id: id.into_inner(),
            title: title?.into_inner(),
            severity: severity?,
            enabled,
            kind: kind?,
            rationale: rationale?.into_inner().trim().to_string(),
            evidence: evidence?,
            sources: source_keys.into_iter().map(Spanned::into_inner).collect(),
            suppressed_by: suppressed_by.into_iter().map(Spanned::into_inner).collect(),
        },
        id_span,
        refs,
    ))
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn parse_at<T: std::str::FromStr<Err = String>>(s: &Spanned<String>, ctx: &mut Ctx) -> Option<T> {
    match s.get_ref().parse::<T>() {
        Ok(v) => Some(v),
        Err(msg) => {
            ctx.fail(s.span(), msg);
            None
        }
    }
}

/// The kind-specific keys, for the unknown-key warning.
fn kind_keys(kind: &str) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        "above" => &[
            "quantity",
            "limit",
            "age_limits",
            "limit_when_age_unknown",
            "age_unknown_note",
            "limit_name",
        ],
        "below" => &["quantity", "minimum", "limit_name"],
        "missing-companion" => &["quantity", "minimum", "companion"],
        "ratio-below" => &[
            "numerator",
            "denominator",
            "per",
            "minimum",
            "denominator_at_least",
            "limit_name",
        ],
        "form-preference" => &["group", "preferred"],
        "form-present" => &["forms"],
        "carrier" => &["carrier"],
        "profile-conflict" => &["anticoagulants", "quantities"],
        "claim-pattern" => &["patterns"],
        "iu-mass-mismatch" => &["tolerance_percent"],
        _ => &[],
    };
    COMMON_KEYS.iter().chain(own).copied().collect()
}

fn read_kind(kind: &Spanned<String>, f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<RuleKind> {
    let limit_name = |f: &mut Fields<'_, '_>, ctx: &mut Ctx, default: &str| {
        ctx.keep(f.take_string("limit_name"))
            .flatten()
            .map_or_else(|| default.to_string(), Spanned::into_inner)
    };
    match kind.get_ref().as_str() {
        "above" => {
            let quantity = quantity(f, "quantity", ctx);
            let limit = read_limit(f, ctx);
            let limit_name = limit_name(f, ctx, "limit");
            Some(RuleKind::Above {
                quantity: quantity?,
                limit: limit?,
                limit_name,
            })
        }
        "below" => {
            let quantity = quantity(f, "quantity", ctx);
            let minimum = threshold(
                f,
                "minimum",
                "the amount per day below which the rule fires",
                ctx,
            );
            let limit_name = limit_name(f, ctx, "minimum");
            Some(RuleKind::Below {
                quantity: quantity?,
                minimum: minimum?,
                limit_name,
            })
        }
        "missing-companion" => {
            let quantity = quantity(f, "quantity", ctx);
            let minimum = threshold(
                f,
                "minimum",
                "the amount per day from which a companion is expected",
                ctx,
            );
            let companion = self::quantity(f, "companion", ctx);
            Some(RuleKind::MissingCompanion {
                quantity: quantity?,
                minimum: minimum?,
                companion: companion?,
            })
        }
        "ratio-below" => {
            let numerator = quantity(f, "numerator", ctx);
            let denominator = quantity(f, "denominator", ctx);
            let per = threshold(
                f,
                "per",
                "units of the denominator the ratio is expressed per",
                ctx,
            );
            if per == Some(0.0) {
                let span = f.take("per").map_or(f.span(), |v| v.span());
                ctx.fail(span, "`per` must be greater than 0");
            }
            let minimum = threshold(f, "minimum", "the ratio below which the rule fires", ctx);
            let at_least = threshold(
                f,
                "denominator_at_least",
                "the denominator amount from which the ratio is judged",
                ctx,
            );
            let limit_name = limit_name(f, ctx, "minimum");
            Some(RuleKind::RatioBelow {
                numerator: numerator?,
                denominator: denominator?,
                per: per.filter(|p| *p > 0.0)?,
                minimum: minimum?,
                denominator_at_least: at_least?,
                limit_name,
            })
        }
        "form-preference" => {
            let group = ctx
                .keep(f.require_string("group", "vitamin-d, k1 or k2"))
                .and_then(|g| match FormGroup::from_key(g.get_ref()) {
                    Some(v) => Some(v),
                    None => {
                        ctx.fail(
                            g.span(),
                            format!("unknown group \"{}\": use vitamin-d, k1 or k2", g.get_ref()),
                        );
                        None
                    }
                });
            let preferred = forms(f, "preferred", ctx);
            if let (Some(group), Some(preferred)) = (group, &preferred)
                && let Some(stray) = preferred.iter().find(|p| p.group() != group)
            {
                let span = f.take("preferred").map_or(f.span(), |v| v.span());
                ctx.fail(
                    span,
                    format!(
                        "preferred form `{}` is not a {} form",
                        stray.key(),
                        group.noun()
                    ),
                );
                return None;
            }
            Some(RuleKind::FormPreference {
                group: group?,
                preferred: preferred?,
            })
        }
        "form-present" => Some(RuleKind::FormPresent {
            forms: forms(f, "forms", ctx)?,
        }),
        "carrier" => {
            let c = ctx.keep(f.require_string("carrier", "oil, none or unknown"))?;
            match Carrier::parse(c.get_ref()) {
                Some(carrier) => Some(RuleKind::Carrier { carrier }),
                None => {
                    ctx.fail(
                        c.span(),
                        format!(
                            "unknown carrier \"{}\": use oil, none or unknown",
                            c.get_ref()
                        ),
                    );
                    None
                }
            }
        }
        "profile-conflict" => {
            let list = ctx
                .keep(f.take_string_list("anticoagulants"))
                .unwrap_or_default();
            if list.is_empty() {
                ctx.fail(
                    f.span().start..f.span().start,
                    "kind `profile-conflict` needs `anticoagulants`, e.g. [\"vka\"]",
                );
            }
            let mut anticoagulants = Vec::new();
            for a in &list {
                match a.get_ref().parse::<Anticoagulant>() {
                    Ok(v) => anticoagulants.push(v),
                    Err(msg) => ctx.fail(a.span(), msg),
                }
            }
            let quantities = quantity_list(f, "quantities", ctx)?;
            (anticoagulants.len() == list.len() && !list.is_empty()).then_some(
                RuleKind::ProfileConflict {
                    anticoagulants,
                    quantities,
                },
            )
        }
        "claim-pattern" => {
            let list = ctx.keep(f.take_string_list("patterns")).unwrap_or_default();
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
            (patterns.len() == list.len()).then_some(RuleKind::ClaimPattern { patterns })
        }
        "iu-mass-mismatch" => {
            let tolerance = threshold(
                f,
                "tolerance_percent",
                "how far IU may differ from mass × 40, in percent",
                ctx,
            )?;
            Some(RuleKind::IuMassMismatch {
                tolerance_percent: tolerance,
            })
        }
        "claims-without-disclaimer" => Some(RuleKind::ClaimsWithoutDisclaimer),
        other => {
            ctx.fail(
                kind.span(),
                format!(
                    "unknown rule kind \"{other}\": use one of {}",
                    KINDS.join(", ")
                ),
            );
            None
        }
    }
}

fn quantity(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Quantity> {
    let q = ctx.keep(f.require_string(key, "a quantity such as vitamin_d_iu or k2_total_mcg"))?;
    parse_quantity(&q, ctx)
}

fn parse_quantity(q: &Spanned<String>, ctx: &mut Ctx) -> Option<Quantity> {
    match Quantity::from_key(q.get_ref()) {
        Some(v) => Some(v),
        None => {
            let names: Vec<_> = Quantity::ALL.iter().map(|q| q.key()).collect();
            ctx.fail(
                q.span(),
                format!(
                    "unknown quantity \"{}\": use one of {}",
                    q.get_ref(),
                    names.join(", ")
                ),
            );
            None
        }
    }
}

fn quantity_list(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Vec<Quantity>> {
    let list = ctx.keep(f.take_string_list(key))?;
    if list.is_empty() {
        ctx.fail(
            f.span().start..f.span().start,
            format!("`{key}` needs at least one quantity, e.g. [\"k2_total_mcg\"]"),
        );
        return None;
    }
    let parsed: Vec<_> = list.iter().filter_map(|q| parse_quantity(q, ctx)).collect();
    (parsed.len() == list.len()).then_some(parsed)
}

fn forms(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Vec<FormName>> {
    let list = ctx.keep(f.take_string_list(key))?;
    if list.is_empty() {
        ctx.fail(
            f.span().start..f.span().start,
            format!("`{key}` needs at least one form, e.g. [\"mk7\"]"),
        );
        return None;
    }
    let mut out = Vec::new();
    for item in &list {
        match FormName::from_key(item.get_ref()) {
            Some(v) => out.push(v),
            None => {
                let names: Vec<_> = FormName::ALL.iter().map(|f| f.key()).collect();
                ctx.fail(
                    item.span(),
                    format!(
                        "unknown form \"{}\": use one of {}",
                        item.get_ref(),
                        names.join(", ")
                    ),
                );
            }
        }
    }
    (out.len() == list.len()).then_some(out)
}

/// A non-negative, plausible threshold.
fn threshold(f: &mut Fields<'_, '_>, key: &str, what: &str, ctx: &mut Ctx) -> Option<f64> {
    let v = ctx.keep(f.require_number(key, what))?;
    check_threshold(key, &v, ctx)
}

fn check_threshold(key: &str, v: &Spanned<f64>, ctx: &mut Ctx) -> Option<f64> {
    let n = *v.get_ref();
    if n < 0.0 {
        ctx.fail(
            v.span(),
            format!(
                "`{key}` must not be negative (found {})",
                crate::format::number(n)
            ),
        );
        None
    } else if n > MAX_THRESHOLD {
        ctx.fail(
            v.span(),
            format!(
                "`{key}` {} is not plausible: at most {} is accepted",
                crate::format::number(n),
                crate::format::number(MAX_THRESHOLD)
            ),
        );
        None
    } else {
        Some(n)
    }
}

fn read_limit(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Limit> {
    let before = ctx.problems.len();
    let fixed = ctx.keep(f.take_number("limit")).flatten();
    let bands = ctx.keep(f.take_table_list("age_limits"))?;
    let unknown = ctx.keep(f.take_number("limit_when_age_unknown")).flatten();
    let note = ctx.keep(f.take_string("age_unknown_note")).flatten();
    match (fixed, bands.is_empty()) {
        (Some(limit), true) => {
            if let Some(u) = &unknown {
                ctx.warnings.push(Problem::new(
                    u.span(),
                    "`limit_when_age_unknown` is ignored: this rule has a fixed `limit`",
                ));
            }
            check_threshold("limit", &limit, ctx).map(Limit::Fixed)
        }
        (Some(limit), false) => {
            ctx.fail(
                limit.span(),
                "give either `limit` or `age_limits`, not both",
            );
            None
        }
        (None, true) => {
            // A `limit` that is present but invalid has already been reported.
            if ctx.problems.len() > before {
                return None;
            }
            ctx.fail(f.span().start..f.span().start, "kind `above` needs `limit` (a number) or `age_limits` (a list of { from_age, limit })");
            None
        }
        (None, false) => {
            let mut out: Vec<AgeLimit> = Vec::new();
            let before = ctx.problems.len();
            for (table, span) in bands {
                let mut bf = Fields::new(table, span.clone());
                let from = ctx.keep(
                    bf.require_number("from_age", "age in years from which the limit applies"),
                );
                let limit = ctx.keep(bf.require_number("limit", "the limit for this age band"));
                for (key, kspan) in bf.unknown() {
                    ctx.fail(
                        kspan,
                        format!("unknown key `{key}` in an age limit: use from_age and limit"),
                    );
                }
                let (Some(from), Some(limit)) = (from, limit) else {
                    continue;
                };
                let Some(limit_value) = check_threshold("limit", &limit, ctx) else {
                    continue;
                };
                let age = *from.get_ref();
                if !(0.0..=MAX_AGE_YEARS).contains(&age) {
                    ctx.fail(
                        from.span(),
                        format!("`from_age` must be between 0 and {MAX_AGE_YEARS} years"),
                    );
                    continue;
                }
                if let Some(prev) = out.last()
                    && age <= prev.from_age
                {
                    ctx.fail(from.span(), "age limits must be listed youngest first, each `from_age` greater than the one before");
                    continue;
                }
                out.push(AgeLimit {
                    from_age: age,
                    limit: limit_value,
                });
            }
            let when_age_unknown = match &unknown {
                Some(u) => Some(check_threshold("limit_when_age_unknown", u, ctx)?),
                None => None,
            };
            (ctx.problems.len() == before).then_some(Limit::ByAge {
                bands: out,
                when_age_unknown,
                age_unknown_note: note.map(Spanned::into_inner),
            })
        }
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

    #[test]
    fn the_builtin_rules_load_without_warnings() {
        let load = parse_rules(super::super::DEFAULT_RULES_TOML).expect("built-in rules parse");
        assert!(load.warnings.is_empty(), "{:?}", load.warnings);
        assert!(load.rules.rules.len() >= 13);
    }
}
