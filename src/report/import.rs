//! `labelcheck import` output: the imported label as a label file a reviewer can check line by
//! line, or as JSON with its intake and the lines not used.

use serde_json::{Value, json};

use crate::escape::visible;
use crate::import::{ImportWarning, Imported};
use crate::label::{Intake, label_to_toml};

/// The label as a label file, with the provenance a reviewer needs: each ingredient preceded by
/// the line it was read from, and every line not used listed at the end.
///
/// Text from input that goes into a comment (the source's name, the lines) is escaped: a
/// newline in it would end the comment and let the rest be read as keys.
pub fn to_toml(imported: &Imported, source: &str, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let line_text = |n: usize| {
        lines
            .get(n.wrapping_sub(1))
            .map_or(String::new(), |l| l.trim().replace('\t', "  "))
    };
    let mut out = format!(
        "# Imported by labelcheck from {}. Check every value against the label:\n\
         # each ingredient shows the line it was read from; lines not used are listed at the end.\n",
        visible(source)
    );
    if !imported.warnings.is_empty() {
        out.push_str(&format!(
            "#\n# WARNINGS ({}): the text does not settle these; nothing was guessed.\n",
            imported.warnings.len()
        ));
        for w in &imported.warnings {
            out.push_str(&format!("#   {}\n", visible(&warning_text(w))));
        }
        out.push_str("#\n");
    }
    let body = label_to_toml(&imported.label).replace(
        "\ncarrier = \"unknown\"\n",
        "\n# The text lists no other ingredients, so what carries the vitamins is not known;\n\
         # change this to \"oil\" or \"none\" if the label says, or remove it to detect it.\n\
         carrier = \"unknown\"\n",
    );
    let mut ingredients = imported.label.ingredients.iter();
    for (i, part) in body.split("\n[[ingredient]]\n").enumerate() {
        if i == 0 {
            out.push_str(&with_target_age_source(part, imported, &line_text));
            continue;
        }
        out.push('\n');
        if let Some(line) = ingredients.next().and_then(|ing| ing.line) {
            out.push_str(&format!("# line {line}: {}\n", visible(&line_text(line))));
        }
        out.push_str("[[ingredient]]\n");
        out.push_str(part);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if !imported.restated.is_empty() {
        out.push_str(&format!(
            "\n# Lines that restate another, counted once ({}):\n",
            imported.restated.len()
        ));
        for r in &imported.restated {
            out.push_str(&format!(
                "#   {} (same as line {}): {}\n",
                r.line,
                r.restates,
                visible(&line_text(r.line))
            ));
        }
    }
    if imported.unparsed.is_empty() {
        out.push_str("\n# Every other line of the text was used.\n");
    } else {
        out.push_str(&format!(
            "\n# Lines not used ({}):\n",
            imported.unparsed.len()
        ));
        for u in &imported.unparsed {
            out.push_str(&format!("#   {}: {}\n", u.line, visible(&u.text)));
        }
    }
    out
}

/// The label's keys, with the lines the target age was read from above `target_age_min`.
fn with_target_age_source(
    keys: &str,
    imported: &Imported,
    line_text: &dyn Fn(usize) -> String,
) -> String {
    if imported.target_age_lines.is_empty() {
        return keys.to_string();
    }
    let comment: String = imported
        .target_age_lines
        .iter()
        .map(|n| format!("# target age from line {n}: {}\n", visible(&line_text(*n))))
        .collect();
    let key = ["\ntarget_age_min = ", "\ntarget_age_max = "]
        .iter()
        .filter_map(|k| keys.find(k))
        .min();
    match key {
        Some(at) => format!("{}\n{comment}{}", &keys[..at], &keys[at + 1..]),
        None => keys.to_string(),
    }
}

/// "line 12: vitamin D is declared again…", or the message alone.
pub fn warning_text(w: &ImportWarning) -> String {
    match w.line {
        Some(line) => format!("line {line}: {}", w.message),
        None => w.message.clone(),
    }
}

/// `import --format json`: `{"label": {...}, "intake": {...}, "unparsed_lines": [...],
/// "warnings": [...], "restated_lines": [...]}`.
pub fn to_json(imported: &Imported) -> Value {
    let label = &imported.label;
    let intake = Intake::from_label(label);
    json!({
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
            "carrier": label.carrier.map(|c| c.as_str()),
            "ingredients": label.ingredients.iter().map(|i| json!({
                "name": i.name,
                "form": i.form,
                "amount": i.amount,
                "unit": i.unit.as_str(),
                "alt_amount": i.alt.map(|(a, _)| a),
                "alt_unit": i.alt.map(|(_, u)| u.as_str()),
                "line": i.line,
                "percent_dv": i.printed.dv.map(|p| p.to_string()),
                "percent_nrv": i.printed.nrv.map(|p| p.to_string()),
            })).collect::<Vec<_>>(),
            "dv_population": label.dv_population.map(|p| p.as_str()),
            "statements": label.statements,
        },
        "intake": super::json::intake(&intake),
        "unparsed_lines": imported.unparsed,
        "warnings": imported.warnings,
        "restated_lines": imported.restated,
    })
}
