//! Writing a regimen back to regimen.toml, as the app edits it: the file's own `[[product]]`
//! tables are edited in place (how each is taken, its reason) or removed, so the file's
//! comments, layout and `[person]` table stay; products added are appended after them.

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::{Period, Taken};
use crate::label::{Label, label_to_toml};

/// Where a saved product's label is.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedLabel {
    /// A label file, as the regimen file names it (relative to the regimen file's folder, or
    /// absolute).
    File(String),
    /// The label written inline, as `[product.label]`.
    Inline(Box<Label>),
}

/// One product as the app holds it when saving.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedProduct {
    /// The number (from 0) of the `[[product]]` table of the original file it was read from;
    /// `None` for a product added since.
    pub source: Option<usize>,
    pub label: SavedLabel,
    pub taken: Taken,
    pub reason: Option<String>,
}

/// The regimen file to write: `original` (the file as read, if any) with its product tables
/// edited — those numbered in `removed` taken out, the one table each product in `products`
/// came from given the product's `taken` and `reason` — and the products without a source
/// appended. Tables that are neither removed nor any product's (products left out with an
/// error when read) stay as written. A table that brought several products (it names another
/// regimen file) is left as written.
pub fn regimen_toml(
    original: Option<&str>,
    products: &[SavedProduct],
    removed: &[usize],
) -> Result<String, String> {
    let header = "# A regimen: the products one person takes (labelcheck).\n";
    let body = original.map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
    let mut doc: DocumentMut = match body {
        Some(text) => text
            .parse()
            .map_err(|e: toml_edit::TomlError| e.message().to_string())?,
        None => header
            .parse()
            .map_err(|e: toml_edit::TomlError| e.message().to_string())?,
    };
    if let Some(item) = doc.get_mut("product") {
        let Some(tables) = item.as_array_of_tables_mut() else {
            return Err("`product` in the file is not a list of [[product]] tables".into());
        };
        for p in products {
            let Some(i) = p.source else { continue };
            let shared = products.iter().filter(|q| q.source == Some(i)).count() > 1;
            if shared {
                continue;
            }
            if let Some(table) = tables.get_mut(i) {
                set_taken(table, p.taken);
                set_reason(table, p.reason.as_deref());
            }
        }
        let mut removed: Vec<usize> = removed.to_vec();
        removed.sort_unstable();
        removed.dedup();
        for i in removed.into_iter().rev() {
            if i < tables.len() {
                tables.remove(i);
            }
        }
        if tables.is_empty() {
            doc.remove("product");
        }
    }
    let mut text = doc.to_string();
    for p in products.iter().filter(|p| p.source.is_none()) {
        if !text.is_empty() && !text.ends_with("\n\n") {
            text.push('\n');
        }
        text.push_str(&new_product(p));
    }
    Ok(text)
}

fn set_value(table: &mut Table, key: &str, value: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        // A comment after the old value stays after the new one.
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn set_taken(table: &mut Table, taken: Taken) {
    match taken_value(taken) {
        None => {
            table.remove("servings_per_day");
            table.remove("schedule");
        }
        Some((key, value)) => {
            let other = if key == "schedule" {
                "servings_per_day"
            } else {
                "schedule"
            };
            table.remove(other);
            set_value(table, key, value);
        }
    }
}

fn set_reason(table: &mut Table, reason: Option<&str>) {
    match reason.filter(|r| !r.trim().is_empty()) {
        Some(r) => set_value(table, "reason", Value::from(r)),
        None => {
            table.remove("reason");
        }
    }
}

/// The key and value that say how a product is taken; `None` as the label says.
fn taken_value(taken: Taken) -> Option<(&'static str, Value)> {
    match taken {
        Taken::AsLabel => None,
        Taken::Daily(n) => Some(("servings_per_day", number_value(n))),
        Taken::Every {
            period: Period::Weekly,
            servings: 1.0,
            ..
        } => Some(("schedule", Value::from("weekly"))),
        Taken::Every {
            period: Period::Monthly,
            servings: 1.0,
            ..
        } => Some(("schedule", Value::from("monthly"))),
        Taken::Every { days, servings, .. } => {
            let mut t = InlineTable::new();
            t.insert("every_days", number_value(days));
            if servings != 1.0 {
                t.insert("servings", number_value(servings));
            }
            Some(("schedule", Value::InlineTable(t)))
        }
    }
}

/// How many `[[product]]` tables regimen text has (0 when it does not parse).
pub fn product_table_count(text: &str) -> usize {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .parse::<DocumentMut>()
        .ok()
        .and_then(|doc| {
            doc.get("product")
                .and_then(Item::as_array_of_tables)
                .map(|t| t.len())
        })
        .unwrap_or(0)
}

/// Whole numbers as integers (`2`, not `2.0`), others as they are.
fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// A `[[product]]` table as text, its label named or written inline.
fn new_product(p: &SavedProduct) -> String {
    let mut out = String::from("[[product]]\n");
    if let SavedLabel::File(path) = &p.label {
        out.push_str(&format!("label = {}\n", Value::from(path.as_str())));
    }
    if let Some((key, value)) = taken_value(p.taken) {
        out.push_str(&format!("{key} = {value}\n"));
    }
    if let Some(r) = p.reason.as_deref().filter(|r| !r.trim().is_empty()) {
        out.push_str(&format!("reason = {}\n", Value::from(r)));
    }
    if let SavedLabel::Inline(label) = &p.label {
        out.push_str("[product.label]\n");
        for line in label_to_toml(label).lines() {
            if line == "[[ingredient]]" {
                out.push_str("[[product.label.ingredient]]");
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regimen::{DAYS_PER_MONTH, parse_regimen_text};
    use std::path::Path;

    const FILE: &str = "# my regimen\n[person]\nage = 72\n\n[[product]]\nlabel = \"a.toml\"\nservings_per_day = 2 # as the GP said\nreason = \"bones\"\n\n# the weekly one\n[[product]]\nlabel = \"b.toml\"\nschedule = \"weekly\"\n";

    fn weekly() -> Taken {
        Taken::Every {
            days: 7.0,
            servings: 1.0,
            period: Period::Weekly,
        }
    }

    #[test]
    fn editing_a_product_keeps_the_files_comments_and_person() {
        let products = [
            SavedProduct {
                source: Some(0),
                label: SavedLabel::File("a.toml".into()),
                taken: Taken::Daily(3.0),
                reason: Some("bones".into()),
            },
            SavedProduct {
                source: Some(1),
                label: SavedLabel::File("b.toml".into()),
                taken: Taken::Every {
                    days: 10.0,
                    servings: 1.0,
                    period: Period::Days,
                },
                reason: Some("prescribed".into()),
            },
        ];
        let text = regimen_toml(Some(FILE), &products, &[]).expect("writes");
        assert!(
            text.starts_with("# my regimen\n[person]\nage = 72\n"),
            "{text}"
        );
        assert!(
            text.contains("servings_per_day = 3 # as the GP said"),
            "{text}"
        );
        assert!(text.contains("# the weekly one\n[[product]]"), "{text}");
        assert!(text.contains("schedule = { every_days = 10 }"), "{text}");
        assert!(text.contains("reason = \"prescribed\""), "{text}");
    }

    #[test]
    fn removed_tables_go_and_added_products_follow_readable_again() {
        let label = crate::parse_label_text(
            "x.toml",
            "name = \"Inline D3\"\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n",
        )
        .expect("label");
        let products = [
            SavedProduct {
                source: Some(1),
                label: SavedLabel::File("b.toml".into()),
                taken: weekly(),
                reason: None,
            },
            SavedProduct {
                source: None,
                label: SavedLabel::Inline(Box::new(label.clone())),
                taken: Taken::Every {
                    days: DAYS_PER_MONTH,
                    servings: 1.0,
                    period: Period::Monthly,
                },
                reason: Some("a \"quoted\" reason".into()),
            },
        ];
        let text = regimen_toml(Some(FILE), &products, &[0]).expect("writes");
        assert!(!text.contains("a.toml"), "{text}");
        assert!(text.contains("[[product.label.ingredient]]"), "{text}");
        // The written file reads back: the inline product with its schedule and reason.
        let back = parse_regimen_text("r.toml", &text, Path::new("/nonexistent")).expect("parses");
        let inline = back
            .regimen
            .products
            .iter()
            .find(|p| p.label.name == "Inline D3")
            .expect("inline product read back");
        assert_eq!(inline.reason.as_deref(), Some("a \"quoted\" reason"));
        assert!(matches!(
            inline.taken,
            Taken::Every {
                period: Period::Monthly,
                ..
            }
        ));
        assert_eq!(inline.label.ingredients, label.ingredients);
    }

    #[test]
    fn a_new_regimen_file_has_only_what_was_added() {
        let products = [SavedProduct {
            source: None,
            label: SavedLabel::File("/abs/c.txt".into()),
            taken: Taken::AsLabel,
            reason: None,
        }];
        let text = regimen_toml(None, &products, &[]).expect("writes");
        assert!(
            text.contains("[[product]]\nlabel = \"/abs/c.txt\"\n"),
            "{text}"
        );
        assert!(!text.contains("servings_per_day"), "{text}");
    }

    #[test]
    fn tables_of_products_left_out_stay_as_written() {
        // Table 1 was left out when read (say its file was missing): no product has it.
        let products = [SavedProduct {
            source: Some(0),
            label: SavedLabel::File("a.toml".into()),
            taken: Taken::AsLabel,
            reason: None,
        }];
        let text = regimen_toml(Some(FILE), &products, &[]).expect("writes");
        assert!(
            text.contains("label = \"b.toml\"\nschedule = \"weekly\""),
            "{text}"
        );
        assert!(!text.contains("servings_per_day"), "{text}");
        assert!(!text.contains("bones"), "{text}");
    }
}
