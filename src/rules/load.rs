//! Reading rules.toml. Every problem points at its line and column; keys labelcheck does not
//! know are kept (so a saved file loses nothing) but reported as warnings, so a misspelt
//! optional key does not pass unnoticed.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use super::kinds::RuleKind;
use super::model::{Rule, SourceEntry};
use super::read::Ctx;
use super::region::Region;
use super::{Evidence, RuleSet};
use crate::diagnostic::Problem;
use crate::tomlread::{Fields, parse_document};

/// A problem that does not stop the rules from loading.
pub type Warning = Problem;

/// A successfully loaded rule set and what was noticed along the way.
#[derive(Debug, Clone)]
pub struct RulesLoad {
    pub rules: RuleSet,
    pub warnings: Vec<Warning>,
}

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
    // Every id read, also of rules with problems of their own: a reference to such a rule is
    // not a second mistake.
    let mut ids: Vec<(String, Range<usize>)> = Vec::new();
    let mut suppress_refs: Vec<(usize, String, Range<usize>)> = Vec::new();
    for (table, span) in rule_tables {
        let read = read_rule(table, span, &sources, &mut ctx);
        let Some((id, id_span)) = read.id else {
            continue;
        };
        if ids.iter().any(|(known, _)| *known == id) {
            ctx.fail(
                id_span.clone(),
                format!("duplicate rule id `{id}`: ids must be unique"),
            );
        }
        let index = ids.len();
        ids.push((id, id_span));
        suppress_refs.extend(read.suppressed_by.into_iter().map(|(s, sp)| (index, s, sp)));
        rules.extend(read.rule);
    }
    let mut edges = Vec::new();
    for (from, id, span) in suppress_refs {
        match ids.iter().position(|(known, _)| *known == id) {
            Some(to) => edges.push((from, to, span)),
            None => ctx.fail(
                span,
                format!("`suppressed_by` names `{id}`, which is not a rule id in this file"),
            ),
        }
    }
    refuse_suppression_cycles(&ids, &edges, &mut ctx);
    for (key, span) in top.unknown() {
        ctx.warnings.push(Problem::new(
            span,
            format!("unknown top-level key `{key}` is ignored (known: schema, rule, sources)"),
        ));
    }

    if ctx.problems.is_empty() {
        ctx.warnings.sort_by_key(|w| w.span.start);
        Ok(RulesLoad {
            rules: RuleSet {
                rules,
                sources,
                regions: Vec::new(),
            },
            warnings: ctx.warnings,
        })
    } else {
        ctx.problems.sort_by_key(|p| p.span.start);
        Err(ctx.problems)
    }
}

/// Re-reads one rule from its table's text alone (`table_text`, as
/// [`super::edit::RulesDocument::rule_text`] gives it) against the sources of `rules`.
///
/// `None` whenever the whole file might read differently: the table does not read cleanly (a
/// problem or a warning — the whole-file parse words it with its line and column), or the rule
/// has claim patterns (their memory budget is counted over the whole file). The caller checks
/// that what ties rules together (id, `suppressed_by`) is unchanged.
pub fn reread_rule(table_text: &str, rules: &RuleSet) -> Option<Rule> {
    let doc = parse_document(table_text).ok()?;
    let mut ctx = Ctx::default();
    let read = read_rule(doc.get_ref(), doc.span(), &rules.sources, &mut ctx);
    let clean = ctx.problems.is_empty() && ctx.warnings.is_empty() && ctx.claim_patterns == 0;
    read.rule.filter(|_| clean)
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
    "region",
    "also_regions",
    "regulation",
];

/// Rules in a `suppressed_by` cycle could each hide the other, so that none is reported: a
/// cycle of any length is an error, reported once at the reference that closes it.
fn refuse_suppression_cycles(
    ids: &[(String, Range<usize>)],
    edges: &[(usize, usize, Range<usize>)],
    ctx: &mut Ctx,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut marks = vec![Mark::New; ids.len()];
    for start in 0..ids.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Depth-first, without recursion: (rule, index of its next edge).
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = Mark::OnPath;
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            let out = edges.iter().filter(|(from, _, _)| *from == node).nth(*next);
            *next += 1;
            match out {
                None => {
                    marks[node] = Mark::Done;
                    path.pop();
                }
                Some((_, to, span)) => match marks[*to] {
                    Mark::New => {
                        marks[*to] = Mark::OnPath;
                        path.push((*to, 0));
                    }
                    Mark::OnPath => {
                        let from = path.iter().position(|(n, _)| n == to).unwrap_or(0);
                        let cycle: Vec<&str> = path[from..]
                            .iter()
                            .map(|(n, _)| ids[*n].0.as_str())
                            .chain(std::iter::once(ids[*to].0.as_str()))
                            .collect();
                        ctx.fail(
                            span.clone(),
                            format!(
                                "`suppressed_by` makes a cycle ({}): rules that suppress each \
                                 other could hide every finding among them",
                                cycle.join(" → ")
                            ),
                        );
                    }
                    Mark::Done => {}
                },
            }
        }
    }
}

/// What was read of one `[[rule]]` table: its id when it has one (also when the rule has
/// problems), its suppression references, and the rule when it has no problems.
struct ReadRule {
    id: Option<(String, Range<usize>)>,
    suppressed_by: Vec<(String, Range<usize>)>,
    rule: Option<Rule>,
}

fn read_rule(
    table: &DeTable<'_>,
    span: Range<usize>,
    sources: &[(String, SourceEntry)],
    ctx: &mut Ctx,
) -> ReadRule {
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

    let region = ctx
        .keep(f.take_string("region"))
        .flatten()
        .and_then(|s| parse_at::<Region>(&s, ctx));
    let also_regions: Vec<Region> = ctx
        .keep(f.take_string_list("also_regions"))
        .unwrap_or_default()
        .iter()
        .filter_map(|s| parse_at::<Region>(s, ctx))
        .collect();
    let regulation = ctx
        .keep(f.take_string("regulation"))
        .flatten()
        .map(Spanned::into_inner);

    let kind_text = ctx.keep(f.require_string("kind", "one of the rule kinds"));
    let kind = kind_text.and_then(|k| RuleKind::read(&k, &mut f, ctx));

    let kind_doc = kind.as_ref().map(RuleKind::doc);
    for (key, kspan) in f.unknown() {
        ctx.warn(
            kspan,
            format!(
                "unknown key `{key}` in rule `{}` is ignored{}",
                id.as_ref().map_or("?", |i| i.get_ref().as_str()),
                kind_doc
                    .map(|doc| {
                        let keys: Vec<&str> = COMMON_KEYS
                            .iter()
                            .copied()
                            .chain(doc.parameters.iter().map(|p| p.key))
                            .collect();
                        format!(" (kind `{}` uses: {})", doc.name, keys.join(", "))
                    })
                    .unwrap_or_default()
            ),
        );
    }

    let refs = suppressed_by
        .iter()
        .map(|s| (s.get_ref().clone(), s.span()))
        .collect();
    let valid = ctx.problems.len() == before;
    let rule = || -> Option<Rule> {
        Some(Rule {
            id: id.as_ref()?.get_ref().clone(),
            title: title?.into_inner(),
            severity: severity?,
            enabled,
            kind: kind?,
            rationale: rationale?.into_inner().trim().to_string(),
            evidence: evidence?,
            sources: source_keys.into_iter().map(Spanned::into_inner).collect(),
            suppressed_by: suppressed_by.into_iter().map(Spanned::into_inner).collect(),
            region,
            also_regions,
            regulation,
        })
    };
    ReadRule {
        id: id
            .as_ref()
            .filter(|i| is_kebab_case(i.get_ref()))
            .map(|i| (i.get_ref().clone(), i.span())),
        suppressed_by: refs,
        rule: if valid { rule() } else { None },
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_load_without_warnings() {
        let load = parse_rules(super::super::DEFAULT_RULES_TOML).expect("built-in rules parse");
        assert!(load.warnings.is_empty(), "{:?}", load.warnings);
        assert!(load.rules.rules.len() >= 13);
    }
}
