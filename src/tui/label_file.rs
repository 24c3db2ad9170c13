//! Saving a label over the file it came from: only what changed is rewritten (`toml_edit`), so
//! the file's comments, key order, number formats and unknown keys stay — including the
//! importer's `# line N:` provenance comments above each ingredient.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::fsio::TextStyle;
use crate::label::{Ingredient, Label, PrintedPercent};

/// `label` written into the label file `text`; `Err` when `text` is not TOML that can be
/// edited (the caller then writes a fresh file).
pub fn update_label_text(text: &str, label: &Label) -> Result<String, String> {
    let style = TextStyle::of(text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc: DocumentMut = body
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let top = doc.as_table_mut();
    set(top, "name", Some(Value::from(label.name.as_str())));
    set(top, "brand", label.brand.as_deref().map(Value::from));
    set(top, "form", label.form.map(|f| Value::from(f.as_str())));
    set(
        top,
        "serving_size",
        label.serving_size.as_deref().map(Value::from),
    );
    set(top, "servings_per_day", label.servings_per_day.map(number));
    set(top, "other_ingredients", list(&label.other_ingredients));
    set(top, "claims", list(&label.claims));
    set(
        top,
        "directions",
        label.directions.as_deref().map(Value::from),
    );
    set(
        top,
        "disclaimer",
        label.disclaimer.as_deref().map(Value::from),
    );
    set(
        top,
        "carrier",
        label.carrier.map(|c| Value::from(c.as_str())),
    );
    set(
        top,
        "dv_population",
        label.dv_population.map(|p| Value::from(p.as_str())),
    );
    // `statements = []` (none printed) is kept apart from no key (not known).
    set(
        top,
        "statements",
        label
            .statements
            .as_ref()
            .map(|s| Value::Array(s.iter().map(String::as_str).collect::<Array>())),
    );
    set(top, "target_age_min", label.target_age_min.map(number));
    set(top, "target_age_max", label.target_age_max.map(number));
    let tables = match top
        .get_mut("ingredient")
        .and_then(Item::as_array_of_tables_mut)
    {
        Some(tables) => tables,
        None => {
            top.insert("ingredient", Item::ArrayOfTables(ArrayOfTables::new()));
            top.get_mut("ingredient")
                .and_then(Item::as_array_of_tables_mut)
                .ok_or("the ingredient list cannot be written")?
        }
    };
    // Rows are matched by position: the form keeps the file's order.
    while tables.len() > label.ingredients.len() {
        tables.remove(tables.len() - 1);
    }
    for (i, ingredient) in label.ingredients.iter().enumerate() {
        match tables.get_mut(i) {
            Some(table) => set_ingredient(table, ingredient),
            None => {
                let mut table = Table::new();
                set_ingredient(&mut table, ingredient);
                tables.push(table);
            }
        }
    }
    Ok(style.apply(doc.to_string()))
}

fn set_ingredient(table: &mut Table, ingredient: &Ingredient) {
    set(table, "name", Some(Value::from(ingredient.name.as_str())));
    set(table, "form", ingredient.form.as_deref().map(Value::from));
    set(table, "amount", Some(number(ingredient.amount)));
    set(table, "unit", Some(Value::from(ingredient.unit.as_str())));
    set(table, "alt_amount", ingredient.alt.map(|(a, _)| number(a)));
    set(
        table,
        "alt_unit",
        ingredient.alt.map(|(_, u)| Value::from(u.as_str())),
    );
    set(table, "percent_dv", ingredient.printed.dv.map(percent));
    set(table, "percent_nrv", ingredient.printed.nrv.map(percent));
}

/// A printed percentage as a label file writes it: a number, or the text ("<1%").
fn percent(p: PrintedPercent) -> Value {
    match p {
        PrintedPercent::Value(v) => number(v),
        less => Value::from(less.to_string()),
    }
}

pub(crate) fn number(value: f64) -> Value {
    crate::format::whole(value).map_or_else(|| Value::from(value), Value::from)
}

pub(crate) fn list(items: &[String]) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.iter().map(String::as_str).collect::<Array>()))
}

/// Sets `key` to `value` (removes it for `None`). A value that already means the same is left
/// exactly as written (`1_000`, `25.0`, a multi-line array); a changed one keeps the spacing
/// and comment around it.
pub(crate) fn set(table: &mut Table, key: &str, value: Option<Value>) {
    let Some(mut value) = value else {
        table.remove(key);
        return;
    };
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) if same(old, &value) => {}
        Some(old) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same(a, b))
        }
        _ => match (as_number(a), as_number(b)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
    }
}

fn as_number(value: &Value) -> Option<f64> {
    value
        .as_float()
        .or_else(|| value.as_integer().map(|i| i as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMPORTED: &str = "# Imported by labelcheck from panel.txt. Check every value.\n\
name = \"Drops\"\n\
servings_per_day = 0.14285714285714285 # one a week\n\
claims = [\n  \"Supports bones\",\n]\n\
\n\
# line 3: Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)\n\
[[ingredient]]\n\
name = \"Vitamin D3\"\n\
amount = 25.0\n\
unit = \"mcg\"\n\
alt_amount = 1_000\n\
alt_unit = \"IU\"\n\
\n\
# line 4: Vitamin K2 (as MK-7) 100 mcg\n\
[[ingredient]]\n\
name = \"Vitamin K2\"\n\
form = \"MK-7\"\n\
amount = 100\n\
unit = \"mcg\"\n\
\n\
# Lines not used (1):\n\
#   9: Keep out of reach of children.\n";

    fn label() -> Label {
        crate::parse_label_text("x.toml", IMPORTED).expect("a label")
    }

    #[test]
    fn an_unchanged_label_writes_the_file_back_byte_for_byte() {
        assert_eq!(
            update_label_text(IMPORTED, &label()).expect("edits"),
            IMPORTED
        );
    }

    #[test]
    fn a_change_rewrites_only_that_value_and_keeps_every_comment() {
        let mut label = label();
        label.ingredients[1].amount = 200.0;
        label.brand = Some("Acme".into());
        let text = update_label_text(IMPORTED, &label).expect("edits");
        for kept in [
            "# Imported by labelcheck from panel.txt.",
            "servings_per_day = 0.14285714285714285 # one a week\n",
            "claims = [\n  \"Supports bones\",\n]\n",
            "# line 3: Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)\n[[ingredient]]\n",
            "amount = 25.0\n",
            "alt_amount = 1_000\n",
            "# line 4: Vitamin K2 (as MK-7) 100 mcg\n[[ingredient]]\n",
            "#   9: Keep out of reach of children.\n",
        ] {
            assert!(text.contains(kept), "{kept:?} lost:\n{text}");
        }
        assert!(text.contains("amount = 200\n"), "{text}");
        assert!(text.contains("brand = \"Acme\"\n"), "{text}");
        assert_eq!(
            text.lines().count(),
            IMPORTED.lines().count() + 1,
            "one line added, none lost:\n{text}"
        );
        let read = crate::parse_label_text("x.toml", &text).expect("loads");
        assert_eq!(read, label);
    }

    #[test]
    fn the_regional_keys_edited_in_the_form_are_written_and_load_back() {
        let mut label = label();
        label.dv_population = Some(crate::label::DvPopulation::Infants);
        label.statements = Some(vec!["Keep out of reach of young children.".into()]);
        label.target_age_min = Some(0.0);
        label.target_age_max = Some(1.0);
        label.ingredients[0].printed.dv = Some(PrintedPercent::Value(125.0));
        label.ingredients[1].printed.nrv = Some(PrintedPercent::LessThan(1.0));
        let text = update_label_text(IMPORTED, &label).expect("edits");
        assert!(text.contains("dv_population = \"infants\"\n"), "{text}");
        assert!(text.contains("percent_dv = 125\n"), "{text}");
        assert!(text.contains("percent_nrv = \"<1%\"\n"), "{text}");
        assert!(
            text.contains("# line 4: Vitamin K2 (as MK-7) 100 mcg\n"),
            "{text}"
        );
        let read = crate::parse_label_text("x.toml", &text).expect("loads");
        assert_eq!(read, label);
        // None printed stays apart from not known.
        label.statements = Some(Vec::new());
        let text = update_label_text(&text, &label).expect("edits");
        assert!(text.contains("statements = []\n"), "{text}");
        label.statements = None;
        let text = update_label_text(&text, &label).expect("edits");
        assert!(!text.contains("statements"), "{text}");
    }

    #[test]
    fn removed_and_added_ingredients_keep_the_others_comments() {
        let mut label = label();
        let k2 = label.ingredients.remove(1);
        label.ingredients.push(Ingredient {
            name: "Vitamin K1".into(),
            ..k2
        });
        let text = update_label_text(IMPORTED, &label).expect("edits");
        assert!(text.contains("# line 3: Vitamin D3"), "{text}");
        assert!(text.contains("alt_amount = 1_000"), "{text}");
        let read = crate::parse_label_text("x.toml", &text).expect("loads");
        assert_eq!(read, label);
    }
}
