//! regimen.toml: a person and the products they take, each a label file (or label text) named
//! relative to the regimen file, or a label written inline.
//!
//! A problem with one product (a missing file, a label that does not parse, a schedule of 0)
//! leaves that product out with an error at its line and column; the other products are still
//! checked. A problem with the file itself or its `[person]` table stops the regimen: checking
//! it for the wrong person would mislead.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{DAYS_PER_MONTH, Period, Product, Regimen, Taken};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Source, display_path, io_reason};
use crate::format::number;
use crate::fsio::read_text_file;
use crate::label::{MAX_SERVINGS_PER_DAY, read_label, suggestion, validate_servings_per_day};
use crate::profile::Profile;
use crate::tomlread::{Fields, parse_document, type_name};

/// The most products a regimen may hold, nested regimen files included.
pub const MAX_PRODUCTS: usize = 100;

/// The longest schedule accepted: once a year.
pub const MAX_EVERY_DAYS: f64 = 366.0;

const REGIMEN_KEYS: &[&str] = &["name", "person", "product"];
const PRODUCT_KEYS: &[&str] = &["label", "servings_per_day", "schedule", "reason"];

/// The `[person]` table of a regimen file; the other keys are read with their spans.
#[derive(serde::Deserialize)]
struct PersonTable {
    person: Option<Profile>,
}
const SCHEDULE_KEYS: &[&str] = &["every_days", "servings"];

/// A regimen with the problems of the products left out of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadedRegimen {
    pub regimen: Regimen,
    /// One or more per product left out, each at its file, line and column.
    pub errors: Vec<Diagnostic>,
    /// For each product, in order, the number (from 0) of the file's own `[[product]]` table
    /// it came from: a regimen file named as a product brings several. The app edits those
    /// tables when it saves, leaving the others (products left out with an error) as written.
    /// Empty for `check --together`.
    pub sources: Vec<usize>,
    /// How deep in regimen files naming regimen files the reading is.
    depth: usize,
}

/// Whether label-file text is a regimen: it has `[[product]]` tables.
pub fn is_regimen_text(text: &str) -> bool {
    // Cheap look first: most label files never mention the word.
    text.contains("product")
        && parse_document(text).is_ok_and(|doc| doc.get_ref().contains_key("product"))
}

/// Loads a regimen file; products are read relative to its folder.
pub fn load_regimen_file(path: &Path) -> Result<LoadedRegimen, Diagnostics> {
    let mut out = LoadedRegimen::default();
    let mut stack = Vec::new();
    let text = read_text_file(path).map_err(|d| Diagnostics(vec![d]))?;
    let top = read_regimen(path, &text, &mut stack, &mut out)?;
    out.regimen.name = top.name;
    out.regimen.person = top.person;
    Ok(out)
}

/// Reads regimen text reported under `name`, with product paths relative to `folder`.
pub fn parse_regimen_text(
    name: &str,
    text: &str,
    folder: &Path,
) -> Result<LoadedRegimen, Diagnostics> {
    let mut out = LoadedRegimen::default();
    let mut stack = Vec::new();
    let top = read_document(name, text, folder, &mut stack, &mut out)?;
    out.regimen.name = top.name;
    out.regimen.person = top.person;
    Ok(out)
}

/// One person's products given as label files (`check --together`), each taken as its label
/// says. Files that cannot be read are errors; the others make the regimen.
pub fn regimen_from_label_files(paths: &[PathBuf]) -> LoadedRegimen {
    let mut out = LoadedRegimen::default();
    for path in paths.iter().take(MAX_PRODUCTS) {
        match crate::load_label_file(path) {
            Ok(label) => out.regimen.products.push(Product {
                file: display_path(path),
                label,
                taken: Taken::AsLabel,
                reason: None,
            }),
            Err(d) => out.errors.extend(d.0),
        }
    }
    if paths.len() > MAX_PRODUCTS {
        out.errors.push(Diagnostic::whole_file(
            display_path(&paths[MAX_PRODUCTS]),
            format!(
                "a regimen holds at most {MAX_PRODUCTS} products; this file and the {} after it are left out",
                paths.len() - MAX_PRODUCTS - 1
            ),
        ));
    }
    out
}

/// What the top of a regimen file says besides its products.
struct Top {
    name: Option<String>,
    person: Option<Profile>,
}

fn read_regimen(
    path: &Path,
    text: &str,
    stack: &mut Vec<PathBuf>,
    out: &mut LoadedRegimen,
) -> Result<Top, Diagnostics> {
    let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
    stack.push(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    let top = read_document(&display_path(path), text, &folder, stack, out);
    stack.pop();
    top
}

fn read_document(
    name: &str,
    text: &str,
    folder: &Path,
    stack: &mut Vec<PathBuf>,
    out: &mut LoadedRegimen,
) -> Result<Top, Diagnostics> {
    out.depth += 1;
    let top = read_document_at_depth(name, text, folder, stack, out);
    out.depth -= 1;
    top
}

fn read_document_at_depth(
    name: &str,
    text: &str,
    folder: &Path,
    stack: &mut Vec<PathBuf>,
    out: &mut LoadedRegimen,
) -> Result<Top, Diagnostics> {
    let source = Source::new(name, text);
    let fail = |problems: Vec<Problem>| source.diagnostics(&problems);
    if text.trim().is_empty() {
        return Err(fail(vec![Problem::new(
            0..0,
            "file is empty: a regimen needs at least one [[product]] with a `label`",
        )]));
    }
    let doc = parse_document(text).map_err(|p| fail(vec![p]))?;
    let mut f = Fields::new(doc.get_ref(), doc.span());
    let mut problems = Vec::new();
    let regimen_name = keep(f.take_string("name"), &mut problems)
        .flatten()
        .map(Spanned::into_inner);
    // The `[person]` table has the keys of a saved profile and is read the same way.
    let person = match keep(f.take_table("person"), &mut problems).flatten() {
        Some(_) => match toml::from_str::<PersonTable>(text) {
            Ok(table) => table.person,
            Err(e) => {
                problems.push(Problem::new(
                    e.span().unwrap_or(0..0),
                    format!("[person]: {}", e.message().trim()),
                ));
                None
            }
        },
        None => None,
    };
    let products = keep(f.take_table_list("product"), &mut problems).unwrap_or_default();
    for (key, span) in f.unknown() {
        problems.push(unknown_key(&key, span, "a regimen", REGIMEN_KEYS));
    }
    if products.is_empty() && problems.is_empty() {
        problems.push(Problem::new(
            0..0,
            "the regimen lists no products: add [[product]] tables, each with `label = \"FILE\"`",
        ));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.span.start);
        return Err(fail(problems));
    }
    for (i, (table, span)) in products.into_iter().enumerate() {
        if out.regimen.products.len() >= MAX_PRODUCTS {
            out.errors.push(source.diagnostic(&Problem::new(
                span,
                format!(
                    "a regimen holds at most {MAX_PRODUCTS} products; this product and the ones after it are left out"
                ),
            )));
            break;
        }
        read_product(&source, folder, i + 1, table, span, stack, out);
        if out.depth == 1 {
            out.sources.resize(out.regimen.products.len(), i);
        }
    }
    Ok(Top {
        name: regimen_name,
        person,
    })
}

fn keep<T>(result: Result<T, Problem>, problems: &mut Vec<Problem>) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
}

fn unknown_key(key: &str, span: Range<usize>, what: &str, known: &[&str]) -> Problem {
    let hint = suggestion(key, known)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Problem::new(
        span,
        format!(
            "unknown key `{}`{hint}; {what} has {}",
            crate::escape::visible(key),
            known.join(", ")
        ),
    )
}

/// Reads one `[[product]]`: its problems become errors in `out`, and the product is left out.
fn read_product(
    source: &Source<'_>,
    folder: &Path,
    number_in_file: usize,
    table: &DeTable<'_>,
    span: Range<usize>,
    stack: &mut Vec<PathBuf>,
    out: &mut LoadedRegimen,
) {
    let mut problems = Vec::new();
    let mut f = Fields::new(table, span.clone());
    let label_value = f.take("label");
    let taken = read_taken(&mut f, &mut problems);
    let reason = keep(f.take_string("reason"), &mut problems)
        .flatten()
        .map(Spanned::into_inner);
    for (key, span) in f.unknown() {
        problems.push(unknown_key(&key, span, "a [[product]]", PRODUCT_KEYS));
    }
    let Some(label_value) = label_value else {
        problems.push(Problem::new(
            span.start..span.start,
            "missing required key `label` (a label file or label text, relative to this file)",
        ));
        out.errors.extend(source.diagnostics(&problems).0);
        return;
    };
    match label_value.get_ref() {
        DeValue::Table(inline) => {
            let label = read_label(inline, label_value.span(), &mut problems);
            if !problems.is_empty() {
                problems.sort_by_key(|p| p.span.start);
                out.errors.extend(source.diagnostics(&problems).0);
                return;
            }
            let Some(taken) = taken else { return };
            out.regimen.products.push(Product {
                file: format!("{} (product {number_in_file})", source.name),
                label,
                taken,
                reason,
            });
        }
        DeValue::String(relative) => {
            let place = label_value.span();
            if !problems.is_empty() {
                out.errors.extend(source.diagnostics(&problems).0);
                return;
            }
            let Some(taken) = taken else { return };
            // Read through the path as written (a `..` after a link goes where the system says);
            // shown without the `..` steps.
            let path = folder.join(relative.as_ref());
            let shown = display_path(&joined(folder, relative.as_ref()));
            let left_out = |why: String| source.diagnostic(&Problem::new(place.clone(), why));
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    out.errors.push(left_out(format!(
                        "cannot read the label {shown}: {}; this product is left out",
                        io_reason(&e)
                    )));
                    return;
                }
            };
            if meta.is_dir() {
                out.errors.push(left_out(format!(
                    "{shown} is a folder, not a label file; this product is left out"
                )));
                return;
            }
            if crate::is_label_text(&path) {
                push_label_file(&path, &shown, taken, reason, out, left_out);
                return;
            }
            let text = match read_text_file(&path) {
                Ok(text) => text,
                Err(d) => {
                    out.errors.push(d);
                    out.errors.push(left_out(
                        "this product's label could not be read (see above); it is left out".into(),
                    ));
                    return;
                }
            };
            if !is_regimen_text(&text) {
                push_label_file(&path, &shown, taken, reason, out, left_out);
                return;
            }
            // A regimen file named as a product brings in all its products.
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if let Some(at) = stack.iter().position(|p| *p == canonical) {
                let chain: Vec<String> = stack[at..]
                    .iter()
                    .chain(std::iter::once(&canonical))
                    .map(|p| display_path(p))
                    .collect();
                out.errors.push(left_out(format!(
                    "regimen files include each other ({}); this product is left out",
                    chain.join(" → ")
                )));
                return;
            }
            if taken != Taken::AsLabel {
                out.errors.push(left_out(
                    "this names a regimen file: how its products are taken is set in that file, not with servings_per_day or schedule here; it is left out"
                        .into(),
                ));
                return;
            }
            if let Err(d) = read_regimen(&path, &text, stack, out) {
                out.errors.extend(d.0);
                out.errors.push(left_out(
                    "this regimen file could not be read (see above); its products are left out"
                        .into(),
                ));
            }
        }
        other => {
            problems.push(Problem::new(
                label_value.span(),
                format!(
                    "`label` must be a file name in quotes or a label table ([product.label]), found {}",
                    type_name(other)
                ),
            ));
            out.errors.extend(source.diagnostics(&problems).0);
        }
    }
}

/// `folder/relative` with `..` steps taken where they can be without reading the disk
/// (`examples/regimens/../a.toml` is `examples/a.toml`), so paths read as the user wrote them.
fn joined(folder: &Path, relative: &str) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in folder.join(relative).components() {
        match c {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn push_label_file(
    path: &Path,
    shown: &str,
    taken: Taken,
    reason: Option<String>,
    out: &mut LoadedRegimen,
    left_out: impl Fn(String) -> Diagnostic,
) {
    match crate::load_label_file(path) {
        Ok(label) => out.regimen.products.push(Product {
            file: shown.to_string(),
            label,
            taken,
            reason,
        }),
        Err(d) => {
            out.errors.extend(d.0);
            out.errors.push(left_out(
                "this product's label could not be read (see above); it is left out".into(),
            ));
        }
    }
}

/// `servings_per_day = N` or `schedule = "daily" | "weekly" | "monthly" | { every_days, servings }`;
/// neither means as the label says. `None` when there is a problem (recorded).
fn read_taken(f: &mut Fields<'_, '_>, problems: &mut Vec<Problem>) -> Option<Taken> {
    let before = problems.len();
    let servings = keep(f.take_number("servings_per_day"), problems).flatten();
    let schedule = f.take("schedule");
    let taken = match (servings, schedule) {
        (Some(_), Some(sched)) => {
            problems.push(Problem::new(
                sched.span(),
                "give either `servings_per_day` or `schedule`, not both",
            ));
            None
        }
        (Some(s), None) => match validate_servings_per_day(*s.get_ref()) {
            Ok(v) => Some(Taken::Daily(v)),
            Err(e) => {
                problems.push(Problem::new(s.span(), e.to_string()));
                None
            }
        },
        (None, Some(sched)) => read_schedule(sched, problems),
        (None, None) => Some(Taken::AsLabel),
    };
    if problems.len() > before { None } else { taken }
}

fn read_schedule(value: &Spanned<DeValue<'_>>, problems: &mut Vec<Problem>) -> Option<Taken> {
    match value.get_ref() {
        DeValue::String(s) => match s.trim() {
            "daily" => Some(Taken::Daily(1.0)),
            "weekly" => Some(Taken::Every {
                days: 7.0,
                servings: 1.0,
                period: Period::Weekly,
            }),
            "monthly" => Some(Taken::Every {
                days: DAYS_PER_MONTH,
                servings: 1.0,
                period: Period::Monthly,
            }),
            other => {
                problems.push(Problem::new(
                    value.span(),
                    format!(
                        "unknown schedule \"{}\": use \"daily\", \"weekly\", \"monthly\" or {{ every_days = N }}",
                        crate::escape::visible(other)
                    ),
                ));
                None
            }
        },
        DeValue::Table(table) => {
            let mut f = Fields::new(table, value.span());
            let before = problems.len();
            let days = keep(
                f.require_number("every_days", "how many days apart, e.g. 10"),
                problems,
            );
            let servings = keep(f.take_number("servings"), problems).flatten();
            for (key, span) in f.unknown() {
                problems.push(unknown_key(&key, span, "a schedule", SCHEDULE_KEYS));
            }
            let days = days.and_then(|d| {
                let v = *d.get_ref();
                if v <= 0.0 {
                    problems.push(Problem::new(
                        d.span(),
                        format!(
                            "`every_days` must be greater than 0 (found {}): a product is taken once every so many days",
                            number(v)
                        ),
                    ));
                    None
                } else if v > MAX_EVERY_DAYS {
                    problems.push(Problem::new(
                        d.span(),
                        format!(
                            "`every_days` {} is more than a year: at most {} is accepted",
                            number(v),
                            number(MAX_EVERY_DAYS)
                        ),
                    ));
                    None
                } else {
                    Some(v)
                }
            });
            let servings = match servings {
                None => Some(1.0),
                Some(s) if *s.get_ref() > 0.0 && *s.get_ref() <= MAX_SERVINGS_PER_DAY => {
                    Some(*s.get_ref())
                }
                Some(s) => {
                    problems.push(Problem::new(
                        s.span(),
                        format!(
                            "`servings` (taken at once) must be greater than 0 and at most {} (found {})",
                            number(MAX_SERVINGS_PER_DAY),
                            number(*s.get_ref())
                        ),
                    ));
                    None
                }
            };
            if problems.len() > before {
                return None;
            }
            let days = days?;
            Some(Taken::Every {
                days,
                servings: servings?,
                period: if (days - 7.0).abs() < 1e-9 {
                    Period::Weekly
                } else {
                    Period::Days
                },
            })
        }
        other => {
            problems.push(Problem::new(
                value.span(),
                format!(
                    "`schedule` must be \"daily\", \"weekly\", \"monthly\" or {{ every_days = N }}, found {}",
                    type_name(other)
                ),
            ));
            None
        }
    }
}
