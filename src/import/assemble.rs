//! Stage 4: facts → the label, with what the reader is not sure of said as warnings.
//!
//! A restatement of the same nutrient and amount counts once and its line is listed as such; a
//! "Vitamin K" total above indented K1/K2 lines is not counted twice; a mineral given only as
//! its salt's weight is not counted as the mineral; an implausible amount is reported and not
//! used; a nutrient declared with different amounts (several products or strengths in one
//! text, or a contradiction) keeps its first amount and the others are named. Nothing is summed
//! across products and nothing is guessed.

use super::directions::{Serving, servings_per_day};
use super::extract::{Declared, Facts, excerpt};
use super::vocabulary::{form_in, is_unspecified, same_family};
use super::{ImportWarning, Imported, RestatedLine};
use crate::format::number;
use crate::label::names::{DForm, K2Form, Nutrient, fold};
use crate::label::{Carrier, Label};

/// The most a serving can plausibly hold, in mcg, per nutrient family: 25 mg (1,000,000 IU) of
/// vitamin D, 5 g of calcium or magnesium, 1 g of vitamin K. Anything above is a misread or a
/// misprint.
fn plausible_mcg(n: Nutrient) -> Option<f64> {
    match n {
        Nutrient::VitaminD(_) => Some(25_000.0),
        Nutrient::Calcium | Nutrient::Magnesium => Some(5_000_000.0),
        Nutrient::K1 | Nutrient::K2(_) => Some(1_000_000.0),
        Nutrient::Other => None,
    }
}

fn family_noun(n: Nutrient) -> &'static str {
    match n {
        Nutrient::VitaminD(_) => "vitamin D",
        Nutrient::K1 | Nutrient::K2(_) => "vitamin K",
        Nutrient::Calcium => "calcium",
        Nutrient::Magnesium => "magnesium",
        Nutrient::Other => "this ingredient",
    }
}

fn line_of(d: &Declared) -> usize {
    d.ingredient.line.unwrap_or(0)
}

/// "Vitamin D3 800 IU".
fn described(d: &Declared) -> String {
    format!(
        "{} {} {}",
        d.ingredient.name,
        number(d.ingredient.amount),
        d.ingredient.unit.as_str()
    )
}

/// Assembles the label.
pub fn assemble(facts: Facts, text: &str, name: &str) -> Imported {
    let Facts {
        declared,
        serving,
        serving_size,
        form,
        explicit_form,
        other_ingredients,
        has_ingredient_list,
        directions,
        claims,
        disclaimer,
        other_variants,
        panels,
        unparsed,
        mut warnings,
    } = facts;
    let mut restated = Vec::new();
    if panels.len() > 1 {
        warnings.push(ImportWarning::at(
            panels[1],
            format!(
                "the text holds {} Supplement/Nutrition Facts panels: only what the first says is \
                 meant to be read, and amounts of other products are never added up",
                panels.len()
            ),
        ));
    }
    if let Some(line) = other_variants {
        warnings.push(ImportWarning::at(
            line,
            "the text says the product comes in other variants or strengths; only one product's \
             amounts are read",
        ));
    }
    let declared = plausible(declared, &mut warnings);
    let declared = without_salt_weights(declared, &mut warnings);
    let merged = merge(declared, &mut restated);
    let kept = first_of_each(merged, &mut warnings);
    let mut label = Label {
        name: name.to_string(),
        ingredients: kept.into_iter().map(|d| d.ingredient).collect(),
        serving_size,
        other_ingredients,
        claims,
        disclaimer,
        ..Label::default()
    };
    refine_forms(&mut label, text);
    let serving = serving.unwrap_or(Serving {
        count: 1.0,
        unit: None,
    });
    let d_iu = crate::label::Intake::from_label(&label)
        .per_serving
        .vitamin_d_iu;
    label.servings_per_day = servings_per_day(&directions, serving, (d_iu > 0.0).then_some(d_iu))
        .map(|v| (v * 1e6).round() / 1e6);
    if !directions.is_empty() {
        label.directions = Some(directions.join(" "));
    }
    label.form = form.or(explicit_form).or_else(|| form_in(text));
    if !has_ingredient_list {
        // Nothing tells what the vitamins are carried in: say so rather than judge a dry form
        // as having no oil.
        label.carrier = Some(Carrier::Unknown);
    }
    warnings.sort_by_key(|w| w.line.unwrap_or(0));
    Imported {
        label,
        unparsed,
        restated,
        warnings,
    }
}

/// Drops amounts no serving can hold, each with a warning.
fn plausible(declared: Vec<Declared>, warnings: &mut Vec<ImportWarning>) -> Vec<Declared> {
    declared
        .into_iter()
        .filter(|d| {
            let mcg = normalised(d);
            let too_much = plausible_mcg(d.nutrient).is_some_and(|max| mcg > max);
            let invalid =
                crate::label::validate_amount(d.ingredient.amount, d.ingredient.unit).is_err();
            if too_much || invalid {
                warnings.push(ImportWarning::at(
                    line_of(d),
                    format!(
                        "{} is not a plausible amount of {} for one serving; it is not used",
                        described(d),
                        family_noun(d.nutrient)
                    ),
                ));
            }
            !(too_much || invalid)
        })
        .collect()
}

/// A mineral given only as its salt's weight ("calcium citrate 100 mg") is not the mineral's
/// amount: it is left out, silently when the elemental amount is declared elsewhere, with a
/// warning when it is not.
fn without_salt_weights(
    declared: Vec<Declared>,
    warnings: &mut Vec<ImportWarning>,
) -> Vec<Declared> {
    let elemental: Vec<Nutrient> = declared
        .iter()
        .filter(|d| !d.salt_only)
        .map(|d| d.nutrient)
        .collect();
    declared
        .into_iter()
        .filter(|d| {
            if !d.salt_only {
                return true;
            }
            if !elemental.iter().any(|n| same_family(*n, d.nutrient)) {
                warnings.push(ImportWarning::at(
                    line_of(d),
                    format!(
                        "{} is the weight of the salt, and the text gives no amount of elemental \
                         {}: {} is recorded as not known",
                        described(d),
                        family_noun(d.nutrient),
                        family_noun(d.nutrient)
                    ),
                ));
            }
            false
        })
        .collect()
}

/// Restatements of the same nutrient and amount count once (the more specific form is kept);
/// a salt's weight where its elemental amount is also given counts as the elemental amount;
/// a vitamin K total with sub-lines that add up to it is not counted twice.
fn merge(declared: Vec<Declared>, restated: &mut Vec<RestatedLine>) -> Vec<Declared> {
    let salts: Vec<(Nutrient, f64, usize)> = declared
        .iter()
        .filter_map(|d| d.salt_mcg.map(|s| (d.nutrient, s, line_of(d))))
        .collect();
    let mut kept: Vec<Declared> = Vec::new();
    let mut note = |line: usize, of: usize| {
        if line != of && !restated.iter().any(|r: &RestatedLine| r.line == line) {
            restated.push(RestatedLine { line, restates: of });
        }
    };
    for d in declared {
        let amount = normalised(&d);
        let same = |x: f64| (x - amount).abs() <= amount * 1e-6;
        let duplicate = kept
            .iter()
            .position(|k| same_family(k.nutrient, d.nutrient) && same(normalised(k)));
        // "Calcium Carbonate 1500mg" restated where "(equivalent to Calcium 600mg)" is given.
        let salt_restated = salts
            .iter()
            .filter(|_| d.salt_mcg.is_none())
            .find(|(n, s, _)| same_family(*n, d.nutrient) && same(*s))
            .map(|(_, _, line)| *line);
        if let Some(i) = duplicate {
            let k = &mut kept[i];
            // Keep the more specific form of the two ("Vitamin D3" over "vitamin D").
            if is_unspecified(k.nutrient) && !is_unspecified(d.nutrient) {
                note(line_of(k), line_of(&d));
                *k = d;
            } else {
                note(line_of(&d), line_of(k));
            }
        } else if let Some(of) = salt_restated {
            note(line_of(&d), of);
        } else {
            let mut i = 0;
            while i < kept.len() {
                let k = &kept[i];
                let salt_of_this = k.salt_mcg.is_none()
                    && d.salt_mcg.is_some_and(|s| {
                        same_family(k.nutrient, d.nutrient) && (normalised(k) - s).abs() <= s * 1e-6
                    });
                if salt_of_this {
                    note(line_of(k), line_of(&d));
                    kept.remove(i);
                } else {
                    i += 1;
                }
            }
            kept.push(d);
        }
    }
    // A vitamin K total with sub-lines.
    let mut drop = Vec::new();
    for (i, total) in kept.iter().enumerate() {
        if total.nutrient != Nutrient::K2(K2Form::Unspecified)
            || !fold(&total.ingredient.name).contains(" vitamin k ")
        {
            continue;
        }
        let subs: Vec<&Declared> = kept
            .iter()
            .skip(i + 1)
            .take_while(|s| {
                s.indent > total.indent && matches!(s.nutrient, Nutrient::K1 | Nutrient::K2(_))
            })
            .collect();
        let sum: f64 = subs.iter().map(|s| normalised(s)).sum();
        if !subs.is_empty() && (sum - normalised(total)).abs() <= normalised(total) * 0.01 {
            drop.push(i);
        }
    }
    for &i in &drop {
        if let Some(first_sub) = kept.get(i + 1) {
            note(line_of(&kept[i]), line_of(first_sub));
        }
    }
    kept.into_iter()
        .enumerate()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, d)| d)
        .collect()
}

/// The nutrient a second declaration would contradict: vitamin D of any form, vitamin K of the
/// same form, a mineral.
fn conflicts(a: Nutrient, b: Nutrient) -> bool {
    match (a, b) {
        (Nutrient::VitaminD(_), Nutrient::VitaminD(_)) => true,
        (Nutrient::Other, _) | (_, Nutrient::Other) => false,
        (x, y) => x == y,
    }
}

/// One amount per nutrient: when a nutrient is declared again with another amount (another
/// strength or product in the same text, or a contradiction), the first is kept and the others
/// are named in a warning. Amounts are never added up across products.
fn first_of_each(merged: Vec<Declared>, warnings: &mut Vec<ImportWarning>) -> Vec<Declared> {
    let mut kept: Vec<Declared> = Vec::new();
    for d in merged {
        match kept.iter().find(|k| conflicts(k.nutrient, d.nutrient)) {
            Some(first) => warnings.push(ImportWarning::at(
                line_of(&d),
                format!(
                    "{} is declared again with another amount (line {}: {}); the text may \
                     describe several products or strengths, or contradict itself: the first \
                     amount is used, the other is not added (line {}: \"{}\")",
                    family_noun(d.nutrient),
                    line_of(first),
                    described(first),
                    line_of(&d),
                    excerpt(&described(&d)),
                ),
            )),
            None => kept.push(d),
        }
    }
    kept
}

fn normalised(d: &Declared) -> f64 {
    match d.ingredient.unit.mcg_factor() {
        Some(f) => d.ingredient.amount * f,
        None => d.ingredient.amount / crate::label::units::IU_PER_MCG_VITAMIN_D,
    }
}

/// Vitamin D or K2 whose form a line does not give, when the rest of the text names exactly
/// one form ("Lichen Providing Vitamin D3" in the ingredients, "menaquinona-7" in a
/// description), takes that form.
fn refine_forms(label: &mut Label, text: &str) {
    let folded = fold(text);
    let has = |w: &str| folded.contains(&format!(" {w} "));
    let d3 = [
        "d3",
        "cholecalciferol",
        "colecalciferol",
        "vitamin d 3",
        "d 3",
    ]
    .iter()
    .any(|w| has(w));
    let d2 = ["d2", "ergocalciferol", "vitamin d 2"]
        .iter()
        .any(|w| has(w));
    let mk7 = ["mk 7", "mk7", "menaquinone 7", "menaquinona 7", "menaq7"]
        .iter()
        .any(|w| has(w));
    let mk4 = [
        "mk 4",
        "mk4",
        "menaquinone 4",
        "menaquinona 4",
        "menatetrenone",
    ]
    .iter()
    .any(|w| has(w));
    for ing in &mut label.ingredients {
        let hint = match ing.nutrient() {
            Nutrient::VitaminD(DForm::Unspecified) if d3 != d2 => {
                Some(if d3 { "D3" } else { "D2" })
            }
            Nutrient::K2(K2Form::Unspecified) if mk7 != mk4 => {
                Some(if mk7 { "MK-7" } else { "MK-4" })
            }
            _ => None,
        };
        if let Some(hint) = hint {
            let note = format!("{hint}, named elsewhere in the text");
            ing.form = Some(match ing.form.take() {
                Some(f) => format!("{f}; {note}"),
                None => note,
            });
        }
    }
}
