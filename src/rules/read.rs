//! Reading the values rule kinds are made of — quantities, forms, thresholds — with every
//! problem collected at its span, so that a rules file reports all of its mistakes at once.

use std::ops::Range;

use toml::Spanned;

use super::model::{FormName, Quantity};
use crate::diagnostic::Problem;
use crate::tomlread::Fields;

/// Thresholds larger than this are refused as typos when loading, and clamped to it when typed
/// in the rules editor: no nutrient limit comes near it.
pub const MAX_THRESHOLD: f64 = 1.0e9;

/// The problems and warnings found while reading one rules file, and what its claim patterns
/// have used of the file's budget.
#[derive(Default)]
pub struct Ctx {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Claim patterns read so far.
    pub claim_patterns: usize,
    /// Bytes of memory the compiled claim patterns take so far.
    pub claim_pattern_bytes: usize,
}

impl Ctx {
    /// The value, or `None` with its problem recorded.
    pub fn keep<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    pub fn fail(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem::new(span, message));
    }

    pub fn warn(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.warnings.push(Problem::new(span, message));
    }
}

/// A required quantity such as `vitamin_d_iu`.
pub fn quantity(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Quantity> {
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

/// A non-empty list of quantities.
pub fn quantity_list(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Vec<Quantity>> {
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

/// A non-empty list of forms such as `["mk7"]`.
pub fn forms(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Vec<FormName>> {
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

/// A required, non-negative, plausible threshold.
pub fn threshold(f: &mut Fields<'_, '_>, key: &str, what: &str, ctx: &mut Ctx) -> Option<f64> {
    let v = ctx.keep(f.require_number(key, what))?;
    check_threshold(key, &v, ctx)
}

/// Checks a threshold that was read: not negative, not absurd.
pub fn check_threshold(key: &str, v: &Spanned<f64>, ctx: &mut Ctx) -> Option<f64> {
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

/// An optional string with a default: the words a message uses for a limit.
pub fn text_or(f: &mut Fields<'_, '_>, key: &str, default: &str, ctx: &mut Ctx) -> String {
    ctx.keep(f.take_string(key))
        .flatten()
        .map_or_else(|| default.to_string(), Spanned::into_inner)
}

/// `basis = "daily_average" | "per_dose"`; the daily average when absent.
pub fn basis(
    f: &mut Fields<'_, '_>,
    key: &str,
    ctx: &mut Ctx,
) -> Option<crate::rules::model::Basis> {
    use crate::rules::model::Basis;
    match ctx.keep(f.take_string(key))? {
        None => Some(Basis::DailyAverage),
        Some(b) => match Basis::from_key(b.get_ref()) {
            Some(v) => Some(v),
            None => {
                ctx.fail(
                    b.span(),
                    format!(
                        "unknown basis \"{}\": use daily_average (the default) or per_dose",
                        b.get_ref()
                    ),
                );
                None
            }
        },
    }
}
