//! Stage 4: facts → the label, with what the reader is not sure of said as warnings.
//!
//! A restatement of the same nutrient and amount counts once and its line is listed as such; a
//! "Vitamin K" total above indented K1/K2 lines is not counted twice; a mineral given only as
//! its salt's weight is not counted as the mineral; an implausible amount is reported and not
//! used; a nutrient declared with different amounts (several products or strengths in one
//! text, or a contradiction) keeps its first amount and the others are named. Nothing is summed
//! across products and nothing is guessed.

use std::collections::{HashMap, HashSet};

use super::directions::{Serving, servings_per_day};
use super::extract::{Declared, Facts, excerpt};
use super::vocabulary::{family, form_in_folded, is_unspecified, same_family};
use super::{ImportWarning, Imported, RestatedLine};
use crate::format::number;
use crate::label::names::{DForm, K2Form, Nutrient, fold, is_oil};
use crate::label::{Carrier, DosageForm, Label};

/// The most warnings listed: a text that contradicts itself a thousand times is said to, once.
const MAX_WARNINGS: usize = 50;

/// The most a serving can plausibly hold, in mcg, per nutrient family: 25 mg (1,000,000 IU) of
/// vitamin D, 5 g of calcium or magnesium, 1 g of vitamin K. Anything above is a misread or a
/// misprint.
fn plausible_mcg(n: Nutrient) -> Option<f64> {
    match n {
        Nutrient::VitaminD(_) => Some(25_000.0),
        Nutrient::Calcium | Nutrient::Magnesium => Some(5_000_000.0),
        Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => Some(1_000_000.0),
        Nutrient::Other => None,
    }
}

fn family_noun(n: Nutrient) -> &'static str {
    match n {
        Nutrient::VitaminD(_) => "vitamin D",
        Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => "vitamin K",
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
    let mut declared = declared;
    if panels.len() > 1 {
        // Several panels are several products (or versions): the first is read, and what the
        // others declare is named, never added.
        let later: Vec<usize> = declared
            .iter()
            .map(line_of)
            .filter(|&l| l >= panels[1])
            .collect();
        declared.retain(|d| line_of(d) < panels[1]);
        let named = match later.as_slice() {
            [] => String::new(),
            [one] => format!("; line {one} is in a later panel and is not read"),
            [first, .., last] => {
                format!("; lines {first}–{last} are in later panels and are not read")
            }
        };
        warnings.push(ImportWarning::at(
            panels[1],
            format!(
                "the text holds {} Supplement/Nutrition Facts panels: only the first is read{named}",
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
    let (merged, per_drop) = per_drop_first(merged, &mut restated);
    let serving = if per_drop {
        Some(Serving {
            count: 1.0,
            unit: Some("drop"),
        })
    } else {
        serving
    };
    let kept = first_of_each(merged, &mut warnings);
    let folded = fold(text);
    let columns = PercentColumns::of(text, &folded);
    let mut label = Label {
        name: name.to_string(),
        ingredients: kept
            .into_iter()
            .map(|d| columns.place(d, &mut warnings))
            .collect(),
        dv_population: columns.population,
        statements: Some(unparsed.iter().map(|u| u.text.clone()).collect()),
        serving_size,
        other_ingredients,
        claims,
        disclaimer,
        ..Label::default()
    };
    refine_forms(&mut label, &folded);
    let target = super::target_age::read(
        text.lines().enumerate().map(|(i, l)| (i + 1, l)),
        &mut warnings,
    );
    label.target_age_min = target.min;
    label.target_age_max = target.max;
    let form_in_text = form_in_folded(&folded);
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
    label.form = form.or(explicit_form).or(form_in_text);
    // "Each 5 ml contains" makes a liquid, "each capsule contains" a capsule: when the text
    // names a kind of it (drops or a spray; a soft capsule; a chewable tablet), that is the form.
    if let (Some(general), Some(specific)) = (label.form, form_in_text)
        && matches!(
            (general, specific),
            (DosageForm::Liquid, DosageForm::Drops | DosageForm::Spray)
                | (DosageForm::Capsule, DosageForm::Softgel)
                | (DosageForm::Tablet, DosageForm::Chewable)
        )
    {
        label.form = Some(specific);
    }
    if !has_ingredient_list && !label.other_ingredients.iter().any(|i| is_oil(i)) {
        // Nothing tells what the vitamins are carried in: say so rather than judge a dry form
        // as having no oil.
        label.carrier = Some(Carrier::Unknown);
    }
    warnings.sort_by_key(|w| w.line.unwrap_or(0));
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - MAX_WARNINGS;
        warnings.truncate(MAX_WARNINGS);
        warnings.push(ImportWarning {
            line: None,
            message: format!("… and {more} more warnings like these"),
        });
    }
    Imported {
        label,
        unparsed,
        restated,
        warnings,
        target_age_lines: target.lines,
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
    // Every search is a lookup by (family, amount), so that a text of any length is merged in
    // linear time.
    let salts: HashMap<(u8, i64), usize> = declared
        .iter()
        .filter_map(|d| Some(((family(d.nutrient)?, key(d.salt_mcg?)), line_of(d))))
        .collect();
    let mut slots: Vec<Option<Declared>> = Vec::with_capacity(declared.len());
    let mut by_amount: HashMap<(u8, i64), usize> = HashMap::new();
    let mut noted: HashSet<usize> = restated.iter().map(|r| r.line).collect();
    let mut note = |line: usize, of: usize| {
        if line != of && noted.insert(line) {
            restated.push(RestatedLine { line, restates: of });
        }
    };
    for d in declared {
        // Ingredients labelcheck does not check (zinc, excipients…) are kept as read.
        let Some(fam) = family(d.nutrient) else {
            slots.push(Some(d));
            continue;
        };
        let amount = key(normalised(&d));
        if let Some(&i) = by_amount.get(&(fam, amount)) {
            let Some(k) = slots[i].as_mut() else {
                continue;
            };
            // Keep the more specific form of the two ("Vitamin D3" over "vitamin D"), and the
            // composition section's statement over a title's.
            if (is_unspecified(k.nutrient) && !is_unspecified(d.nutrient))
                || (d.in_composition && !k.in_composition)
            {
                note(line_of(k), line_of(&d));
                *k = d;
            } else {
                note(line_of(&d), line_of(k));
            }
            continue;
        }
        // "Calcium Carbonate 1500mg" restated where "(equivalent to Calcium 600mg)" is given.
        if d.salt_mcg.is_none()
            && let Some(&of) = salts.get(&(fam, amount))
        {
            note(line_of(&d), of);
            continue;
        }
        // A salt stated with its elemental amount replaces an earlier plain statement of the
        // salt's weight.
        if let Some(salt) = d.salt_mcg
            && let Some(&i) = by_amount.get(&(fam, key(salt)))
            && let Some(k) = slots[i].take_if(|k| k.salt_mcg.is_none())
        {
            note(line_of(&k), line_of(&d));
            by_amount.remove(&(fam, key(salt)));
        }
        by_amount.insert((fam, amount), slots.len());
        slots.push(Some(d));
    }
    let kept: Vec<Declared> = slots.into_iter().flatten().collect();
    // A vitamin K total with sub-lines.
    let mut drop = vec![false; kept.len()];
    for (i, total) in kept.iter().enumerate() {
        if !matches!(
            total.nutrient,
            Nutrient::KUnspecified | Nutrient::K2(K2Form::Unspecified)
        ) || !fold(&total.ingredient.name).contains(" vitamin k ")
        {
            continue;
        }
        let subs: Vec<&Declared> = kept
            .iter()
            .skip(i + 1)
            .take_while(|s| {
                s.indent > total.indent
                    && matches!(
                        s.nutrient,
                        Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified
                    )
            })
            .collect();
        let sum: f64 = subs.iter().map(|s| normalised(s)).sum();
        if !subs.is_empty() && (sum - normalised(total)).abs() <= normalised(total) * 0.01 {
            drop[i] = true;
            note(line_of(total), line_of(subs[0]));
        }
    }
    kept.into_iter()
        .zip(drop)
        .filter_map(|(d, dropped)| (!dropped).then_some(d))
        .collect()
}

/// An amount in mcg as a lookup key, to the nanogram: two statements of one amount in
/// different units ("25 µg", "1,000 IU", "0.025 mg") meet on the same key.
fn key(mcg: f64) -> i64 {
    (mcg * 1000.0).round() as i64
}

/// Drops sold by strength per mL often say what one drop holds as well ("1 ml (36 drops)
/// contains 2,400 IU … 1 drop contains 67 IU"): the drop is the serving, and the per-mL
/// declaration of that nutrient restates the strength on another basis.
fn per_drop_first(
    merged: Vec<Declared>,
    restated: &mut Vec<RestatedLine>,
) -> (Vec<Declared>, bool) {
    let per_drop: Vec<(Nutrient, usize)> = merged
        .iter()
        .filter(|d| d.per_drop)
        .map(|d| (d.nutrient, line_of(d)))
        .collect();
    if per_drop.is_empty() {
        return (merged, false);
    }
    let kept = merged
        .into_iter()
        .filter(|d| {
            if d.per_drop || !d.per_ml {
                return true;
            }
            match per_drop.iter().find(|(n, _)| conflicts(*n, d.nutrient)) {
                Some((_, of)) => {
                    if !restated.iter().any(|r| r.line == line_of(d)) {
                        restated.push(RestatedLine {
                            line: line_of(d),
                            restates: *of,
                        });
                    }
                    false
                }
                None => true,
            }
        })
        .collect();
    (kept, true)
}

/// What a second declaration would contradict: vitamin D of any form, vitamin K of the same
/// form, a mineral.
fn conflict_key(n: Nutrient) -> Nutrient {
    match n {
        Nutrient::VitaminD(_) => Nutrient::VitaminD(DForm::Unspecified),
        other => other,
    }
}

fn conflicts(a: Nutrient, b: Nutrient) -> bool {
    a != Nutrient::Other && conflict_key(a) == conflict_key(b)
}

/// One amount per nutrient: when a nutrient is declared again with another amount (another
/// strength or product in the same text, or a contradiction), the first is kept and the others
/// are named in a warning. Amounts are never added up across products.
fn first_of_each(merged: Vec<Declared>, warnings: &mut Vec<ImportWarning>) -> Vec<Declared> {
    let mut kept: Vec<Declared> = Vec::new();
    let mut first_in: HashMap<Nutrient, usize> = HashMap::new();
    let mut conflicts_seen = 0;
    for d in merged {
        if d.nutrient == Nutrient::Other {
            kept.push(d);
            continue;
        }
        let which = conflict_key(d.nutrient);
        match first_in.get(&which).copied() {
            Some(i) => {
                conflicts_seen += 1;
                if conflicts_seen > MAX_WARNINGS {
                    // Counted, not worded: see the summary line below.
                    if d.in_composition && !kept[i].in_composition {
                        kept[i] = d;
                    }
                    continue;
                }
                // A medicine's composition section is its legal statement: it wins over a
                // title or a page's prose.
                let (used, other) = if d.in_composition && !kept[i].in_composition {
                    let title = std::mem::replace(&mut kept[i], d);
                    (&kept[i], title)
                } else {
                    (&kept[i], d)
                };
                warnings.push(ImportWarning::at(
                    line_of(&other),
                    format!(
                        "{} is declared with two amounts (line {}: {}; line {}: {}); the text \
                         may describe several products or strengths, or contradict itself: \
                         {} is used{}; the other is not added",
                        family_noun(other.nutrient),
                        line_of(used).min(line_of(&other)),
                        excerpt(&described(if line_of(used) < line_of(&other) {
                            used
                        } else {
                            &other
                        })),
                        line_of(used).max(line_of(&other)),
                        excerpt(&described(if line_of(used) < line_of(&other) {
                            &other
                        } else {
                            used
                        })),
                        described(used),
                        if used.in_composition && !other.in_composition {
                            " (from the composition section)"
                        } else {
                            ""
                        },
                    ),
                ));
            }
            None => {
                first_in.entry(which).or_insert(kept.len());
                kept.push(d);
            }
        }
    }
    if conflicts_seen > MAX_WARNINGS {
        warnings.push(ImportWarning {
            line: None,
            message: format!(
                "… and {} more amounts declared again with another value, none of them added",
                conflicts_seen - MAX_WARNINGS
            ),
        });
    }
    kept
}

fn normalised(d: &Declared) -> f64 {
    match d.ingredient.unit.mcg_factor() {
        Some(f) => d.ingredient.amount * f,
        None => d.ingredient.amount / crate::label::units::IU_PER_MCG_VITAMIN_D,
    }
}

/// Vitamin D or K whose form a line does not give, when the rest of the text names exactly
/// one form ("Lichen Providing Vitamin D3" in the ingredients, "menaquinona-7" in a
/// description), takes that form.
fn refine_forms(label: &mut Label, folded: &str) {
    let has = |w: &str| folded.contains(&format!(" {w} "));
    let d3 = [
        "d3",
        "cholecalciferol",
        "colecalciferol",
        "cholécalciférol",
        "colécalciférol",
        "cholekalcyferol",
        "cholekalcyferolu",
        "vitamin d 3",
        "d 3",
    ]
    .iter()
    .any(|w| has(w));
    let d2 = ["d2", "ergocalciferol", "ergocalciférol", "vitamin d 2"]
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
            Nutrient::K2(K2Form::Unspecified) | Nutrient::KUnspecified if mk7 != mk4 => {
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

/// What the panel says about its percentage column: a %DV (US) or %NRV/%RI (EU) heading, and
/// for a %DV column the population it is for.
struct PercentColumns {
    dv: bool,
    nrv: bool,
    population: Option<crate::label::DvPopulation>,
}

impl PercentColumns {
    fn of(text: &str, folded: &str) -> PercentColumns {
        let has = |w: &str| folded.contains(w);
        let dv = has(" daily value") || has(" dv ");
        let nrv = has(" nrv")
            || has(" reference intake")
            || has(" ri ")
            || has(" vnr ")
            || has(" nrw ")
            || has(" ajr ")
            || has(" nutrient reference value");
        // Only a %DV heading names the population; a warning elsewhere ("not for pregnant
        // women") must not.
        let population = if dv {
            text.lines()
                // A cheap look first: folding every line again would cost a second pass.
                .filter(|l| {
                    l.contains("DV") || l.contains("dv") || l.contains("aily") || l.contains("AILY")
                })
                .filter(|l| {
                    let f = fold(l);
                    f.contains(" daily value") || f.contains(" dv ")
                })
                .find_map(|l| {
                    use crate::label::DvPopulation as P;
                    let f = fold(l);
                    if f.contains(" children 1 3 ") || f.contains(" children 1 to 3 ") {
                        Some(P::Children1To3)
                    } else if f.contains(" infants") {
                        Some(P::Infants)
                    } else if f.contains(" pregnant") || f.contains(" lactating") {
                        Some(P::PregnancyLactation)
                    } else {
                        None
                    }
                })
        } else {
            None
        };
        PercentColumns {
            dv,
            nrv,
            population,
        }
    }

    /// The ingredient with its printed percentage in the column the panel names; a percentage
    /// whose column the text does not settle is left out with a warning, never guessed.
    fn place(&self, d: Declared, warnings: &mut Vec<ImportWarning>) -> crate::label::Ingredient {
        use super::extract::PercentColumn as C;
        let mut ingredient = d.ingredient;
        let Some((percent, column)) = d.percent else {
            return ingredient;
        };
        let column = match (column, self.dv, self.nrv) {
            (C::Unnamed, true, false) => C::Dv,
            (C::Unnamed, false, true) => C::Nrv,
            (c, _, _) => c,
        };
        match column {
            C::Dv => ingredient.printed.dv = Some(percent),
            C::Nrv => ingredient.printed.nrv = Some(percent),
            C::Unnamed => {
                if let Some(line) = ingredient.line {
                    warnings.push(ImportWarning::at(
                        line,
                        format!(
                            "{} is printed with {percent}, but the text does not say whether that is a %DV or a %NRV; it was not read",
                            ingredient.name
                        ),
                    ));
                }
            }
        }
        ingredient
    }
}
