//! `labelcheck import RECORD.json`: a DSLD record as a label file, each value preceded by a
//! comment naming the JSON path it was read from, and what could not be read listed.

use crate::dsld::DsldLabel;
use crate::escape::visible;
use crate::format::number;
use crate::label::label_to_toml;

/// A comment line: input text escaped, so that nothing in it can end the comment.
fn comment(out: &mut String, text: &str) {
    out.push_str("# ");
    out.push_str(&visible(text));
    out.push('\n');
}

/// The label file of a DSLD record, with its provenance.
pub fn to_toml(d: &DsldLabel, source: &str) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        &format!(
            "Read by labelcheck from {source}: DSLD label {} (https://dsld.od.nih.gov/label/{}).",
            d.id, d.id
        ),
    );
    out.push_str(
        "# Check every value against the label: each shows the JSON path it was read from.\n",
    );
    let group = d
        .column
        .group
        .as_deref()
        .map(|g| format!(" ({g})"))
        .unwrap_or_default();
    comment(
        &mut out,
        &format!(
            "Serving column {} of {}{group} is read.",
            d.column.order, d.column.of
        ),
    );
    if d.off_market {
        out.push_str("# DSLD marks this product off the market.\n");
    }
    if !d.warnings.is_empty() {
        out.push_str(&format!(
            "#\n# WARNINGS ({}): these were not read as printed; nothing was guessed.\n",
            d.warnings.len()
        ));
        for w in &d.warnings {
            comment(&mut out, &format!("  {w}"));
        }
    }
    out.push('\n');
    let body = label_to_toml(&d.label);
    let mut ingredient = 0;
    for line in body.lines() {
        if line == "[[ingredient]]" {
            if let Some(src) = d.ingredient_sources.get(ingredient) {
                comment(&mut out, &format!("from {src}"));
            }
            ingredient += 1;
        } else if ingredient == 0
            && let Some((key, _)) = line.split_once(" = ")
            && let Some((_, src)) = d.sources.iter().find(|(k, _)| *k == key)
        {
            comment(&mut out, &format!("from {src}"));
        }
        out.push_str(line);
        out.push('\n');
    }
    if !d.daily_values.is_empty() {
        out.push_str("\n# %DV printed (target group):\n");
        for dv in &d.daily_values {
            comment(
                &mut out,
                &format!(
                    "  {}: {}%{}",
                    dv.ingredient,
                    number(dv.percent),
                    dv.group
                        .as_deref()
                        .map(|g| format!(" ({g})"))
                        .unwrap_or_default()
                ),
            );
        }
    }
    if !d.claim_categories.is_empty() {
        comment(
            &mut out,
            &format!("DSLD claim categories: {}", d.claim_categories.join(", ")),
        );
    }
    if d.skipped.is_empty() {
        out.push_str("\n# Every other ingredient row was read.\n");
    } else {
        out.push_str(&format!("\n# Rows not used ({}):\n", d.skipped.len()));
        for s in &d.skipped {
            comment(&mut out, &format!("  {s}"));
        }
    }
    out
}

/// `import --format json` of a DSLD record: the label, its intake, the DSLD id, the serving
/// column, the warnings, where each value came from, the rows not used and the %DV printed.
pub fn to_json(d: &DsldLabel) -> serde_json::Value {
    use serde_json::json;
    let label = &d.label;
    let intake = crate::Intake::from_label(label);
    json!({
        "dsld_id": d.id,
        "label": {
            "name": label.name,
            "brand": label.brand,
            "form": label.form.map(|f| f.as_str()),
            "serving_size": label.serving_size,
            "servings_per_day": label.servings_per_day,
            "other_ingredients": label.other_ingredients,
            "claims": label.claims,
            "directions": label.directions,
            "disclaimer": label.disclaimer,
            "ingredients": label.ingredients.iter().zip(&d.ingredient_sources).map(|(i, src)| json!({
                "name": i.name,
                "form": i.form,
                "amount": i.amount,
                "unit": i.unit.as_str(),
                "source": src,
            })).collect::<Vec<_>>(),
        },
        "intake": super::json::intake(&intake),
        "column": {"order": d.column.order, "of": d.column.of, "group": d.column.group},
        "off_market": d.off_market,
        "warnings": d.warnings,
        "sources": d.sources.iter().map(|(k, v)| json!({"key": k, "source": v})).collect::<Vec<_>>(),
        "rows_not_used": d.skipped,
        "daily_values": d.daily_values.iter().map(|dv| json!({
            "ingredient": dv.ingredient, "percent": dv.percent, "group": dv.group,
        })).collect::<Vec<_>>(),
        "claim_categories": d.claim_categories,
    })
}
