//! Label files: TOML in, TOML out.

use toml::de::DeTable;

use super::{
    Carrier, DosageForm, DvPopulation, Ingredient, Label, PrintedPercent, PrintedPercents, Unit,
    validate_amount, validate_positive_amount, validate_servings_per_day,
};
use crate::diagnostic::Problem;
use crate::tomlread::{Fields, parse_document};

/// Parses a label file. All problems found are returned, each at its span, so that a user
/// fixing a file sees every mistake at once rather than one per run.
pub fn parse_label(text: &str) -> Result<Label, Vec<Problem>> {
    if text.trim().is_empty() {
        return Err(vec![Problem::new(
            0..0,
            "file is empty: a label needs at least `name` and one [[ingredient]]",
        )]);
    }
    let doc = parse_document(text).map_err(|p| vec![p])?;
    let mut problems = Vec::new();
    let label = read_label(doc.get_ref(), doc.span(), &mut problems);
    if problems.is_empty() {
        Ok(label)
    } else {
        problems.sort_by_key(|p| p.span.start);
        Err(problems)
    }
}

/// Collects a field's value, or its problem, carrying on so that every problem is reported.
fn keep<T>(result: Result<T, Problem>, problems: &mut Vec<Problem>) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(p) => {
            problems.push(p);
            None
        }
    }
}

fn read_label(
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) -> Label {
    let mut f = Fields::new(table, span);
    let mut label = Label::default();

    if let Some(name) = keep(
        f.require_string("name", "the product name as printed"),
        problems,
    ) {
        if name.get_ref().trim().is_empty() {
            problems.push(Problem::new(name.span(), "`name` must not be empty"));
        }
        label.name = name.into_inner();
    }
    label.brand = keep(f.take_string("brand"), problems)
        .flatten()
        .map(|s| s.into_inner());
    if let Some(Some(form)) = keep(f.take_string("form"), problems) {
        match form.get_ref().parse::<DosageForm>() {
            Ok(v) => label.form = Some(v),
            Err(msg) => problems.push(Problem::new(form.span(), msg)),
        }
    }
    label.serving_size = keep(f.take_string("serving_size"), problems)
        .flatten()
        .map(|s| s.into_inner());
    if let Some(Some(spd)) = keep(f.take_number("servings_per_day"), problems) {
        match validate_servings_per_day(*spd.get_ref()) {
            Ok(v) => label.servings_per_day = Some(v),
            Err(e) => problems.push(Problem::new(spd.span(), e.to_string())),
        }
    }
    label.other_ingredients = strings(keep(f.take_string_list("other_ingredients"), problems));
    label.claims = strings(keep(f.take_string_list("claims"), problems));
    label.directions = keep(f.take_string("directions"), problems)
        .flatten()
        .map(|s| s.into_inner());
    label.disclaimer = keep(f.take_string("disclaimer"), problems)
        .flatten()
        .map(|s| s.into_inner());
    if let Some(Some(carrier)) = keep(f.take_string("carrier"), problems) {
        match Carrier::parse(carrier.get_ref()) {
            Some(c) => label.carrier = Some(c),
            None => problems.push(Problem::new(
                carrier.span(),
                format!(
                    "unknown carrier \"{}\": use oil, none or unknown (or leave it out to detect it from other_ingredients)",
                    carrier.get_ref()
                ),
            )),
        }
    }

    read_regional_keys(table, &mut f, &mut label, problems);

    let ingredient_tables = keep(f.take_table_list("ingredient"), problems).unwrap_or_default();
    let has_ingredient_key = !ingredient_tables.is_empty();
    for (table, span) in ingredient_tables {
        if let Some(ingredient) = read_ingredient(table, span, problems) {
            label.ingredients.push(ingredient);
        }
    }

    for (key, span) in f.unknown() {
        let hint = suggestion(&key, LABEL_KEYS)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        problems.push(Problem::new(
            span,
            format!(
                "unknown key `{key}`{hint}; a label has {}",
                LABEL_KEYS.join(", ")
            ),
        ));
    }
    if !has_ingredient_key && problems.is_empty() {
        problems.push(Problem::new(
            f.span().start..f.span().start,
            "the label lists no ingredients: add at least one [[ingredient]] with name, amount and unit",
        ));
    }
    label
}

const LABEL_KEYS: &[&str] = &[
    "name",
    "brand",
    "form",
    "serving_size",
    "servings_per_day",
    "other_ingredients",
    "claims",
    "directions",
    "disclaimer",
    "carrier",
    "dv_population",
    "statements",
    "target_age_min",
    "target_age_max",
    "ingredient",
];

const INGREDIENT_KEYS: &[&str] = &[
    "name",
    "form",
    "amount",
    "unit",
    "alt_amount",
    "alt_unit",
    "percent_dv",
    "percent_nrv",
];

/// The keys the regional rules read: the %DV column's population, the statements printed and
/// the ages the product is for.
fn read_regional_keys(
    table: &DeTable<'_>,
    f: &mut Fields<'_, '_>,
    label: &mut Label,
    problems: &mut Vec<Problem>,
) {
    if let Some(Some(p)) = keep(f.take_string("dv_population"), problems) {
        match p.get_ref().parse::<DvPopulation>() {
            Ok(v) => label.dv_population = Some(v),
            Err(msg) => problems.push(Problem::new(p.span(), msg)),
        }
    }
    // Present, even empty, means the statements are known: "none printed" is a fact a rule
    // can judge; absent means unknown.
    if table.iter().any(|(k, _)| k.get_ref() == "statements") {
        label.statements = keep(f.take_string_list("statements"), problems)
            .map(|list| list.into_iter().map(|s| s.into_inner()).collect());
    }
    let mut age = |key: &str| {
        let v = keep(f.take_number(key), problems).flatten()?;
        match crate::profile::validate_age(*v.get_ref()) {
            Ok(a) => Some((a, v.span())),
            Err(e) => {
                problems.push(Problem::new(v.span(), format!("`{key}`: {e}")));
                None
            }
        }
    };
    let min = age("target_age_min");
    let max = age("target_age_max");
    if let (Some((lo, _)), Some((hi, span))) = (&min, &max)
        && hi < lo
    {
        problems.push(Problem::new(
            span.clone(),
            "`target_age_max` must not be below `target_age_min`",
        ));
    }
    label.target_age_min = min.map(|(a, _)| a);
    label.target_age_max = max.map(|(a, _)| a);
}

/// A printed percentage: a number (`25`) or the text as printed (`"<1%"`).
fn read_percent(
    f: &mut Fields<'_, '_>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<PrintedPercent> {
    let v = f.take(key)?;
    let parsed = match v.get_ref() {
        toml::de::DeValue::String(s) => PrintedPercent::parse(s),
        _ => keep(crate::tomlread::number_value(key, v), problems)
            .and_then(|n| PrintedPercent::parse(&crate::format::plain(*n.get_ref()))),
    };
    if parsed.is_none() {
        problems.push(Problem::new(
            v.span(),
            format!(
                "`{key}` must be the percentage as printed: a number such as 25, or \"<1%\" (at most {})",
                crate::format::number(super::printed::MAX_PERCENT)
            ),
        ));
    }
    parsed
}

fn strings(list: Option<Vec<toml::Spanned<String>>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|s| s.into_inner())
        .collect()
}

fn read_ingredient(
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) -> Option<Ingredient> {
    let before = problems.len();
    let mut f = Fields::new(table, span);
    let name = keep(
        f.require_string("name", "the ingredient as printed, e.g. \"Vitamin D3\""),
        problems,
    );
    if let Some(n) = &name
        && n.get_ref().trim().is_empty()
    {
        problems.push(Problem::new(
            n.span(),
            "ingredient `name` must not be empty",
        ));
    }
    let form = keep(f.take_string("form"), problems)
        .flatten()
        .map(|s| s.into_inner());
    let amount = keep(
        f.require_number("amount", "how much per serving, a number greater than 0"),
        problems,
    );
    let unit_text = keep(f.require_string("unit", "IU, mcg, mg or g"), problems);
    let unit = unit_text
        .as_ref()
        .and_then(|u| match u.get_ref().parse::<Unit>() {
            Ok(unit) => Some((unit, u.span())),
            Err(msg) => {
                problems.push(Problem::new(u.span(), msg));
                None
            }
        });
    // How much is plausible depends on the unit; without one, only the sign can be checked.
    let amount = amount.and_then(|a| {
        let checked = match &unit {
            Some((unit, _)) => validate_amount(*a.get_ref(), *unit),
            None => validate_positive_amount(*a.get_ref()),
        };
        checked
            .map_err(|e| problems.push(Problem::new(a.span(), e.to_string())))
            .ok()
    });
    let alt_amount = keep(f.take_number("alt_amount"), problems).flatten();
    let alt_unit = keep(f.take_string("alt_unit"), problems).flatten();
    let alt = match (alt_amount, alt_unit) {
        (None, None) => None,
        (Some(a), Some(u)) => {
            let unit = u
                .get_ref()
                .parse::<Unit>()
                .map_err(|msg| problems.push(Problem::new(u.span(), format!("alt_unit: {msg}"))))
                .ok();
            let value = match unit {
                Some(unit) => validate_amount(*a.get_ref(), unit),
                None => validate_positive_amount(*a.get_ref()),
            }
            .map_err(|e| problems.push(Problem::new(a.span(), format!("alt_{e}"))))
            .ok();
            value.zip(unit)
        }
        (Some(a), None) => {
            problems.push(Problem::new(
                a.span(),
                "`alt_amount` needs `alt_unit` (the unit of the second declaration)",
            ));
            None
        }
        (None, Some(u)) => {
            problems.push(Problem::new(
                u.span(),
                "`alt_unit` needs `alt_amount` (the second declaration's amount)",
            ));
            None
        }
    };
    let printed = PrintedPercents {
        dv: read_percent(&mut f, "percent_dv", problems),
        nrv: read_percent(&mut f, "percent_nrv", problems),
    };
    for (key, kspan) in f.unknown() {
        let hint = suggestion(&key, INGREDIENT_KEYS)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        problems.push(Problem::new(
            kspan,
            format!(
                "unknown key `{key}` in [[ingredient]]{hint}; an ingredient has {}",
                INGREDIENT_KEYS.join(", ")
            ),
        ));
    }
    let name = name?.into_inner();
    let (unit, unit_span) = unit?;
    let ingredient = Ingredient {
        name,
        form,
        amount: amount?,
        unit,
        alt,
        line: None,
        printed,
    };
    if let Err(msg) = super::intake::check_unit(&ingredient) {
        problems.push(Problem::new(unit_span, msg));
    }
    (problems.len() == before).then_some(ingredient)
}

/// The closest known key to a misspelt one, if it is close enough to be a typo.
/// The known word closest to `key` (a typo), if one is close enough to be what was meant.
pub fn suggestion<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Writes a label in the label file format, so that a label entered by hand (or imported)
/// can be saved and checked again later.
pub fn label_to_toml(label: &Label) -> String {
    use crate::format::plain;
    use toml_writer_helpers::*;
    let mut out = String::new();
    line(&mut out, "name", &quote(&label.name));
    if let Some(brand) = &label.brand {
        line(&mut out, "brand", &quote(brand));
    }
    if let Some(form) = label.form {
        line(&mut out, "form", &quote(form.as_str()));
    }
    if let Some(s) = &label.serving_size {
        line(&mut out, "serving_size", &quote(s));
    }
    if let Some(spd) = label.servings_per_day {
        line(&mut out, "servings_per_day", &plain(spd));
    }
    if !label.other_ingredients.is_empty() {
        line(
            &mut out,
            "other_ingredients",
            &list(&label.other_ingredients),
        );
    }
    if !label.claims.is_empty() {
        line(&mut out, "claims", &list(&label.claims));
    }
    if let Some(d) = &label.directions {
        line(&mut out, "directions", &quote(d));
    }
    if let Some(d) = &label.disclaimer {
        line(&mut out, "disclaimer", &quote(d));
    }
    if let Some(c) = label.carrier {
        line(&mut out, "carrier", &quote(c.as_str()));
    }
    if let Some(p) = label.dv_population {
        line(&mut out, "dv_population", &quote(p.as_str()));
    }
    if let Some(statements) = &label.statements {
        // One statement a line: imported label text gives many.
        if statements.is_empty() {
            line(&mut out, "statements", "[]");
        } else {
            out.push_str("statements = [\n");
            for s in statements {
                out.push_str("  ");
                out.push_str(&quote(s));
                out.push_str(",\n");
            }
            out.push_str("]\n");
        }
    }
    if let Some(a) = label.target_age_min {
        line(&mut out, "target_age_min", &plain(a));
    }
    if let Some(a) = label.target_age_max {
        line(&mut out, "target_age_max", &plain(a));
    }
    for ing in &label.ingredients {
        out.push_str("\n[[ingredient]]\n");
        line(&mut out, "name", &quote(&ing.name));
        if let Some(form) = &ing.form {
            line(&mut out, "form", &quote(form));
        }
        line(&mut out, "amount", &plain(ing.amount));
        line(&mut out, "unit", &quote(ing.unit.as_str()));
        if let Some((amount, unit)) = ing.alt {
            line(&mut out, "alt_amount", &plain(amount));
            line(&mut out, "alt_unit", &quote(unit.as_str()));
        }
        for (key, p) in [
            ("percent_dv", ing.printed.dv),
            ("percent_nrv", ing.printed.nrv),
        ] {
            match p {
                Some(PrintedPercent::Value(v)) => line(&mut out, key, &plain(v)),
                Some(less) => line(&mut out, key, &quote(&less.to_string())),
                None => {}
            }
        }
    }
    out
}

/// The byte span of a value in a label file: `key` of the label (`"statements"`), or of its
/// `index`th ingredient. `None` when the file does not parse or has no such key.
pub fn value_span(
    text: &str,
    ingredient: Option<usize>,
    key: &str,
) -> Option<std::ops::Range<usize>> {
    let doc = parse_document(text).ok()?;
    let table = doc.get_ref();
    let value = |t: &DeTable<'_>| {
        t.iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v.span())
    };
    match ingredient {
        None => value(table),
        Some(i) => {
            let (_, list) = table.iter().find(|(k, _)| k.get_ref() == "ingredient")?;
            let toml::de::DeValue::Array(items) = list.get_ref() else {
                return None;
            };
            match items.get(i)?.get_ref() {
                toml::de::DeValue::Table(t) => value(t),
                _ => None,
            }
        }
    }
}

mod toml_writer_helpers {
    pub fn line(out: &mut String, key: &str, value: &str) {
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(value);
        out.push('\n');
    }

    /// A TOML basic string on one line. Newlines, quotes, backslashes and every character a
    /// terminal or editor would hide ([`crate::escape::is_hidden`]) are written as escapes, so
    /// a value can never start a line of its own that reads as another key, and what the
    /// file says is what a reviewer sees.
    pub fn quote(s: &str) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if crate::escape::is_hidden(c) => {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    pub fn list(items: &[String]) -> String {
        let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
        format!("[{}]", quoted.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "Example D3 + K2 Softgels"
brand = "Example Co"
form = "softgel"
serving_size = "1 softgel"
servings_per_day = 1
other_ingredients = ["extra virgin olive oil", "gelatin", "glycerin"]
claims = ["Supports healthy arteries*"]
directions = "Take 1 softgel daily with a meal."
disclaimer = "These statements have not been evaluated by the Food and Drug Administration."

[[ingredient]]
name = "Vitamin D3"
form = "cholecalciferol"
amount = 125
unit = "mcg"
alt_amount = 5000
alt_unit = "IU"

[[ingredient]]
name = "Vitamin K2"
form = "as MK-7"
amount = 100
unit = "µg"
"#;

    #[test]
    fn the_documented_example_parses() {
        let label = parse_label(GOOD).expect("parses");
        assert_eq!(label.name, "Example D3 + K2 Softgels");
        assert_eq!(label.form, Some(DosageForm::Softgel));
        assert_eq!(label.ingredients.len(), 2);
        assert_eq!(label.ingredients[1].unit, Unit::Mcg);
    }

    #[test]
    fn a_saved_label_reads_back_identically() {
        let label = parse_label(GOOD).expect("parses");
        let written = label_to_toml(&label);
        assert_eq!(parse_label(&written).expect("re-parses"), label);
    }

    #[test]
    fn strings_with_quotes_and_newlines_survive_saving() {
        let mut label = parse_label(GOOD).expect("parses");
        label.name = "Tricky \"quoted\"\nname \\ with backslash".into();
        label.servings_per_day = Some(1.0 / 7.0);
        let back = parse_label(&label_to_toml(&label)).expect("re-parses");
        assert_eq!(back, label);
    }

    #[test]
    fn strings_are_written_on_one_line_with_hidden_characters_escaped() {
        let mut label = parse_label(GOOD).expect("parses");
        label.name = "p\nservings_per_day = 50\n# \u{1b}[2J \u{202e} \"q\" \\".into();
        let written = label_to_toml(&label);
        let first = written.lines().next().expect("a line");
        assert_eq!(
            first,
            r#"name = "p\nservings_per_day = 50\n# \u001B[2J \u202E \"q\" \\""#
        );
        assert!(!written.contains("servings_per_day = 50\n"), "{written}");
        assert_eq!(parse_label(&written).expect("re-parses"), label);
    }

    #[test]
    fn a_misspelt_key_is_reported_with_a_suggestion() {
        let text = GOOD.replace("amount = 125", "amout = 125");
        let problems = parse_label(&text).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("unknown key `amout`")
                    && p.message.contains("did you mean `amount`")),
            "{problems:?}"
        );
    }
}
