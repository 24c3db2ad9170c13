//! A DSLD record mapped to labelcheck's [`Label`], with where each value came from and a
//! warning for everything that could not be read as printed.
//!
//! The traps of DSLD data, and how they are read here:
//! - An amount "not provided" is `quantity: 0, unit: "NP"`: it is unknown, never 0. The
//!   ingredient is left out of the label and a warning says which rules could not be applied.
//! - One ingredient can have several serving-size columns (a "< 4 years" and a "4 + years"
//!   column): the column is chosen by the %DV target group of its amounts, the adults and
//!   children 4 years and over unless the profile's age says otherwise.
//! - Blends and sub-totals hold rows inside `nestedRows`: a parent whose nested rows declare
//!   the same nutrient is not counted again.
//! - Old labels give vitamin D in IU, new ones in mcg: each amount keeps its unit, and the
//!   intake converts (1 mcg = 40 IU) as it does for any label.

use super::model::{DailyValue, Quantity, Record, Row, ServingSize};
use crate::label::names::{self, Nutrient};
use crate::label::{
    DosageForm, DvPopulation, Ingredient, Label, PrintedPercent, Unit, validate_amount,
    validate_servings_per_day,
};

/// A DSLD record read as a label.
#[derive(Debug, Clone, PartialEq)]
pub struct DsldLabel {
    pub id: u64,
    pub label: Label,
    pub off_market: bool,
    /// The serving-size column read: its `servingSizeOrder` and the target group it is for.
    pub column: Column,
    /// What could not be read as printed: amounts not provided, units not understood…, each
    /// saying which rules could not be applied. Nothing in them was guessed.
    pub warnings: Vec<String>,
    /// Where each value of the label came from: key → JSON path and value.
    pub sources: Vec<(&'static str, String)>,
    /// Per ingredient of `label.ingredients`, the JSON path it was read from.
    pub ingredient_sources: Vec<String>,
    /// Rows read but not made into ingredients, and why (an amount in CFU, a parent counted
    /// through its nested rows…).
    pub skipped: Vec<String>,
    /// The %DV printed for each ingredient read, with its target group.
    pub daily_values: Vec<PrintedDailyValue>,
    /// The LanguaL claim categories DSLD assigns ("Structure/Function"); not printed text.
    pub claim_categories: Vec<String>,
}

/// The %DV printed beside an amount, and who it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedDailyValue {
    pub ingredient: String,
    pub percent: f64,
    pub group: Option<String>,
}

/// The serving-size column read.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub order: u32,
    /// The %DV target group of the column ("Adults and children 4 or more years of age").
    pub group: Option<String>,
    /// How many columns the record has.
    pub of: usize,
}

/// Whom a serving column (its %DV target group) is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population {
    Infants,
    /// Children 1 to 3 years ("< 4 years").
    YoungChildren,
    /// Adults and children 4 years and over.
    FourAndOver,
    PregnantOrLactating,
    Other,
}

impl Population {
    /// Reads a DSLD target-group name.
    pub fn of_group(name: &str) -> Population {
        let n = name.to_lowercase();
        if n.contains("pregnan") || n.contains("lactat") {
            Population::PregnantOrLactating
        } else if n.contains("infant") || n.contains("months") {
            Population::Infants
        } else if [
            "1-3",
            "1 - 3",
            "1 to 3",
            "< 4",
            "<4",
            "under 4",
            "less than 4",
        ]
        .iter()
        .any(|w| n.contains(w))
        {
            Population::YoungChildren
        } else if n.contains("4 or more")
            || n.contains("4 +")
            || n.contains("4+")
            || n.contains("adult")
        {
            Population::FourAndOver
        } else {
            Population::Other
        }
    }

    /// The column wanted for a person of `age` years (adults and children 4+ when unknown).
    pub fn for_age(age: Option<f64>) -> Population {
        match age {
            Some(a) if a < 1.0 => Population::Infants,
            Some(a) if a < 4.0 => Population::YoungChildren,
            _ => Population::FourAndOver,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Population::Infants => "infants",
            Population::YoungChildren => "children 1 to 3 years",
            Population::FourAndOver => "adults and children 4 years and over",
            Population::PregnantOrLactating => "pregnant or lactating women",
            Population::Other => "another group",
        }
    }
}

/// A nutrient's family, for not counting a parent row and its nested rows twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    D,
    K,
    Calcium,
    Magnesium,
}

fn family(n: Nutrient) -> Option<Family> {
    match n {
        Nutrient::VitaminD(_) => Some(Family::D),
        Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => Some(Family::K),
        Nutrient::Calcium => Some(Family::Calcium),
        Nutrient::Magnesium => Some(Family::Magnesium),
        Nutrient::Other => None,
    }
}

/// Which rules an unknown amount of this nutrient keeps from being applied.
fn rules_not_applied(n: Nutrient) -> &'static str {
    match n {
        Nutrient::VitaminD(_) => "the vitamin D dose rules (per day, upper limits, IU/mass)",
        Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => {
            "the vitamin K rules (form, dose, anticoagulants)"
        }
        Nutrient::Calcium => "the calcium rules",
        Nutrient::Magnesium => "the magnesium rules",
        Nutrient::Other => "no rule",
    }
}

fn order_of(q: &Quantity) -> u32 {
    q.serving_size_order
        .filter(|o| o.is_finite() && *o >= 1.0)
        .map_or(1, |o| o as u32)
}

/// Every row, nested ones included, depth first.
fn all_rows<'r>(rows: &'r [Row], out: &mut Vec<&'r Row>) {
    for row in rows {
        out.push(row);
        if let Some(nested) = &row.nested_rows {
            all_rows(nested, out);
        }
    }
}

/// Chooses the serving-size column to read.
fn choose_column(record: &Record, age: Option<f64>, warnings: &mut Vec<String>) -> Column {
    let mut rows = Vec::new();
    all_rows(&record.ingredient_rows, &mut rows);
    // Each column with the target groups its amounts' %DV are for, in column order.
    let mut columns: Vec<(u32, Vec<String>)> = Vec::new();
    for q in rows.iter().flat_map(|r| r.quantity.iter().flatten()) {
        let order = order_of(q);
        let at = match columns.iter().position(|(o, _)| *o == order) {
            Some(at) => at,
            None => {
                columns.push((order, Vec::new()));
                columns.len() - 1
            }
        };
        let groups = &mut columns[at].1;
        for name in q
            .daily_value_target_group
            .iter()
            .flatten()
            .filter_map(|dv| dv.name.as_deref())
        {
            if !groups.iter().any(|g| g == name) {
                groups.push(name.to_string());
            }
        }
    }
    columns.sort_by_key(|(o, _)| *o);
    let of = columns.len().max(1);
    let wanted = Population::for_age(age);
    if let Some((order, groups)) = columns
        .iter()
        .find(|(_, groups)| groups.iter().any(|g| Population::of_group(g) == wanted))
    {
        let group = groups
            .iter()
            .find(|g| Population::of_group(g) == wanted)
            .cloned();
        return Column {
            order: *order,
            group,
            of,
        };
    }
    let (order, groups) = columns.first().cloned().unwrap_or((1, Vec::new()));
    if columns.len() > 1 {
        warnings.push(format!(
            "the panel has {} serving columns and none is marked for {}: column {order} ({}) is read",
            columns.len(),
            wanted.words(),
            if groups.is_empty() {
                "no target group given".to_string()
            } else {
                groups.join(", ")
            }
        ));
    }
    Column {
        order,
        group: groups.first().cloned(),
        of,
    }
}

/// The serving size of column `order`.
fn serving_of(record: &Record, order: u32) -> Option<(usize, &ServingSize)> {
    let sizes = record.serving_sizes.as_deref().unwrap_or_default();
    sizes
        .iter()
        .enumerate()
        .find(|(_, s)| s.order.is_some_and(|o| o as u32 == order))
        .or_else(|| (sizes.len() == 1).then(|| (0, &sizes[0])))
        .or_else(|| {
            sizes
                .get(order as usize - 1)
                .map(|s| (order as usize - 1, s))
        })
}

fn dosage_form(description: &str) -> Option<DosageForm> {
    let d = description.to_lowercase();
    let form = if d.contains("softgel") {
        DosageForm::Softgel
    } else if d.contains("chew") {
        DosageForm::Chewable
    } else if d.contains("capsule") {
        DosageForm::Capsule
    } else if d.contains("tablet") {
        DosageForm::Tablet
    } else if d.contains("gumm") || d.contains("jelly") {
        DosageForm::Gummy
    } else if d.contains("lozenge") {
        DosageForm::Lozenge
    } else if d.contains("spray") {
        DosageForm::Spray
    } else if d.contains("drop") {
        DosageForm::Drops
    } else if d.contains("liquid") {
        DosageForm::Liquid
    } else if d.contains("powder") {
        DosageForm::Powder
    } else if d.contains("granul") {
        DosageForm::Granules
    } else {
        return None;
    };
    Some(form)
}

/// A DSLD unit as one labelcheck converts; `None` for units that are not a plain mass or IU
/// ("mcg DFE", "CFU", "Calorie(s)").
fn unit_of(text: &str) -> Option<Unit> {
    match text.trim().to_lowercase().as_str() {
        "gram(s)" | "gram" | "grams" => Some(Unit::G),
        "milligram(s)" => Some(Unit::Mg),
        "microgram(s)" => Some(Unit::Mcg),
        "international unit(s)" => Some(Unit::Iu),
        other => other.parse().ok(),
    }
}

/// The %DV printed in a column: the percent of its first target group that gives one ("<" read
/// as "less than").
fn printed_dv(q: &Quantity) -> Option<PrintedPercent> {
    let dv = q
        .daily_value_target_group
        .iter()
        .flatten()
        .find(|dv| dv.percent.is_some_and(|p| p.is_finite() && p >= 0.0))?;
    let percent = dv.percent?;
    Some(match dv.operator.as_deref().map(str::trim) {
        Some("<") | Some("<=") => PrintedPercent::LessThan(percent),
        _ => PrintedPercent::Value(percent),
    })
}

/// The US %DV population of a column's target group.
fn dv_population(group: &str) -> Option<DvPopulation> {
    match Population::of_group(group) {
        Population::FourAndOver => Some(DvPopulation::Adults),
        Population::YoungChildren => Some(DvPopulation::Children1To3),
        Population::Infants => Some(DvPopulation::Infants),
        Population::PregnantOrLactating => Some(DvPopulation::PregnancyLactation),
        Population::Other => None,
    }
}

fn is_not_provided(q: &Quantity) -> bool {
    let unit = q.unit.trim();
    unit.eq_ignore_ascii_case("np") || unit.eq_ignore_ascii_case("not provided")
}

struct Mapper {
    column: u32,
    /// Keep what only `import` shows: where each value came from, rows not used, unchecked
    /// ingredients, the %DV printed. A survey needs none of it.
    full: bool,
    warnings: Vec<String>,
    skipped: Vec<String>,
    daily_values: Vec<PrintedDailyValue>,
}

/// How many recognised names a thread keeps: DSLD repeats a few thousand ingredient names
/// across its records; past this the memory is emptied and refilled, so it stays bounded.
const RECOGNISED_KEPT: usize = 16_384;

/// [`names::recognise`] of a row's name and forms, remembered per thread: on a survey of many
/// records the same names come back again and again, and looking one up costs far less than
/// recognising it. The answer is the same either way.
fn recognise_cached(name: &str, forms: &[&str]) -> Nutrient {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    type Seen = HashMap<u64, (Box<str>, Box<[Box<str>]>, Nutrient)>;
    thread_local! {
        static SEEN: RefCell<Seen> = RefCell::new(HashMap::new());
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    forms.hash(&mut hasher);
    let key = hasher.finish();
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some((n, f, nutrient)) = seen.get(&key)
            && **n == *name
            && f.len() == forms.len()
            && f.iter().zip(forms).all(|(a, b)| **a == **b)
        {
            return *nutrient;
        }
        let form = (!forms.is_empty()).then(|| forms.join(", "));
        let nutrient = names::recognise(name, form.as_deref());
        if seen.len() >= RECOGNISED_KEPT {
            seen.clear();
        }
        seen.insert(
            key,
            (
                name.into(),
                forms.iter().map(|f| Box::from(*f)).collect(),
                nutrient,
            ),
        );
        nutrient
    })
}

/// Where a row is in the record, written out only when a message or a source needs it:
/// `ingredientRows[2].nestedRows[0]`.
#[derive(Clone, Copy)]
struct RowPath<'a> {
    parent: Option<&'a RowPath<'a>>,
    index: usize,
}

impl std::fmt::Display for RowPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.parent {
            Some(p) => write!(f, "{p}.nestedRows[{}]", self.index),
            None => write!(f, "ingredientRows[{}]", self.index),
        }
    }
}

/// Where each value of the label came from, written only for `import` (`full`): a survey
/// maps millions of records and shows none of it.
struct Sources {
    full: bool,
    list: Vec<(&'static str, String)>,
}

impl Sources {
    fn push(&mut self, key: &'static str, source: impl FnOnce() -> String) {
        if self.full {
            self.list.push((key, source()));
        }
    }
}

/// An ingredient read from a row, with what it is and its source.
struct Read {
    ingredient: Ingredient,
    nutrient: Nutrient,
    source: String,
}

impl Mapper {
    /// Reads `rows`; returns the ingredients in panel order and the families they declare.
    fn rows(&mut self, rows: &[Row], parent: Option<&RowPath<'_>>) -> (Vec<Read>, Vec<Family>) {
        let mut out = Vec::new();
        let mut families = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let path = RowPath { parent, index };
            let (children, child_families) = match &row.nested_rows {
                Some(nested) if !nested.is_empty() => self.rows(nested, Some(&path)),
                _ => (Vec::new(), Vec::new()),
            };
            if let Some(read) = self.row(row, &path) {
                let fam = family(read.nutrient);
                match fam {
                    Some(f) if child_families.contains(&f) => self.skipped.push(format!(
                        "{path} \"{}\": not counted, its nested rows declare the same nutrient",
                        row.name
                    )),
                    _ => {
                        if let Some(f) = fam {
                            families.push(f);
                        }
                        out.push(read);
                    }
                }
            }
            families.extend(child_families);
            out.extend(children);
        }
        (out, families)
    }

    fn row(&mut self, row: &Row, path: &RowPath<'_>) -> Option<Read> {
        let forms: Vec<&str> = row
            .forms
            .iter()
            .flatten()
            .map(|f| f.name.trim())
            .filter(|f| !f.is_empty())
            .collect();
        let nutrient = recognise_cached(&row.name, &forms);
        let checked = nutrient != Nutrient::Other;
        if !checked && !self.full {
            return None;
        }
        let form = (!forms.is_empty()).then(|| forms.join(", "));
        let quantities = row.quantity.as_deref().unwrap_or_default();
        let picked = quantities
            .iter()
            .enumerate()
            .find(|(_, q)| order_of(q) == self.column)
            .or_else(|| (quantities.len() == 1).then(|| (0, &quantities[0])));
        let Some((qi, q)) = picked else {
            if checked && !quantities.is_empty() {
                self.warnings.push(format!(
                    "{path} \"{}\": no amount in serving column {}: {} could not be applied",
                    row.name,
                    self.column,
                    rules_not_applied(nutrient)
                ));
            }
            return None;
        };
        let qpath = || format!("{path}.quantity[{qi}]");
        let refuse = |mapper: &mut Self, why: String| {
            if checked {
                mapper.warnings.push(format!(
                    "{} \"{}\": {why}: {} could not be applied",
                    qpath(),
                    row.name,
                    rules_not_applied(nutrient)
                ));
            } else {
                mapper
                    .skipped
                    .push(format!("{} \"{}\": {why}", qpath(), row.name));
            }
            None
        };
        if is_not_provided(q) {
            return refuse(
                self,
                "amount not provided (NP) — unknown, not 0".to_string(),
            );
        }
        let Some(unit) = unit_of(&q.unit) else {
            return refuse(self, format!("unit \"{}\" is not a mass or IU", q.unit));
        };
        if let Some(op) = q.operator.as_deref().map(str::trim)
            && !op.is_empty()
            && op != "="
        {
            return refuse(
                self,
                format!(
                    "amount printed as \"{op} {} {}\", not an exact figure",
                    q.quantity, q.unit
                ),
            );
        }
        if let Err(e) = validate_amount(q.quantity, unit) {
            return refuse(self, e.to_string());
        }
        if matches!(nutrient, Nutrient::Calcium | Nutrient::Magnesium)
            && crate::import::vocabulary::names_a_salt(&row.name)
        {
            return refuse(
                self,
                "the amount is the salt's weight, not the elemental mineral's".to_string(),
            );
        }
        // IU converts to mass only for vitamin D (as `intake::check_unit` says for label files).
        if unit == Unit::Iu && !matches!(nutrient, Nutrient::VitaminD(_)) {
            if checked {
                return refuse(
                    self,
                    "IU is used only for vitamin D (1 mcg = 40 IU); for other nutrients it converts differently for each form".to_string(),
                );
            }
            self.skipped.push(format!(
                "{} \"{}\": IU is not converted for this ingredient",
                qpath(),
                row.name
            ));
            return None;
        }
        let mut ingredient = Ingredient::new(&row.name, form.as_deref(), q.quantity, unit);
        ingredient.printed.dv = printed_dv(q);
        if !self.full {
            return Some(Read {
                ingredient,
                nutrient,
                source: String::new(),
            });
        }
        for dv in q.daily_value_target_group.iter().flatten() {
            if let DailyValue {
                percent: Some(p),
                name,
                ..
            } = dv
            {
                self.daily_values.push(PrintedDailyValue {
                    ingredient: row.name.clone(),
                    percent: *p,
                    group: name.clone(),
                });
            }
        }
        Some(Read {
            ingredient,
            nutrient,
            source: format!("{}: {} {} {}", qpath(), row.name, plain(q.quantity), q.unit),
        })
    }
}

fn plain(n: f64) -> String {
    crate::format::plain(n)
}

/// Statements whose text is a direction, the disclaimer, or a claim.
fn statement_role(kind: &str) -> Option<Role> {
    // ASCII case folding: DSLD's statement types are English, and a survey reads millions.
    let has = |w: &str| {
        kind.as_bytes()
            .windows(w.len())
            .any(|win| win.eq_ignore_ascii_case(w.as_bytes()))
    };
    if has("direction") || has("suggested") {
        Some(Role::Directions)
    } else if has("disclaimer") {
        Some(Role::Disclaimer)
    } else if has("precaution")
        || has("storage")
        || has("formulation")
        || has("identity")
        || has("version code")
        || has("tamper")
        || has("seals")
        || has("contact")
    {
        None
    } else if has("general statement") || has("claim") || has("function") {
        Some(Role::Claim)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Directions,
    Disclaimer,
    Claim,
}

/// Maps a record to a label for a person of `age` years (the serving column depends on it).
pub fn map_record(record: &Record, age: Option<f64>) -> DsldLabel {
    map_with(record, age, true)
}

/// [`map_record`] for a survey: the same label as far as the rules see it (the nutrients they
/// check, the carrier, claims, directions, the disclaimer) and the same warnings, without
/// what only `import` shows (sources, rows not used, unchecked ingredients, %DV printed).
pub fn map_record_for_survey(record: &Record, age: Option<f64>) -> DsldLabel {
    map_with(record, age, false)
}

fn map_with(record: &Record, age: Option<f64>, full: bool) -> DsldLabel {
    let mut warnings = Vec::new();
    let mut sources = Sources {
        full,
        list: Vec::new(),
    };
    let column = choose_column(record, age, &mut warnings);
    let mut label = Label {
        name: record.full_name.trim().to_string(),
        ..Label::default()
    };
    if label.name.is_empty() {
        label.name = format!("DSLD label {}", record.id);
        sources.push("name", || {
            "fullName is empty: named by the DSLD id".to_string()
        });
    } else {
        sources.push("name", || "fullName".to_string());
    }
    if let Some(brand) = record
        .brand_name
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        label.brand = Some(brand.to_string());
        sources.push("brand", || "brandName".to_string());
    }
    if let Some(desc) = record
        .physical_state
        .as_ref()
        .and_then(|p| p.langual_code_description.as_deref())
        && let Some(form) = dosage_form(desc)
    {
        label.form = Some(form);
        sources.push("form", || format!("physicalState \"{desc}\""));
    }

    let mut mapper = Mapper {
        column: column.order,
        full,
        warnings: Vec::new(),
        skipped: Vec::new(),
        daily_values: Vec::new(),
    };
    let (read, _) = mapper.rows(&record.ingredient_rows, None);

    // What one serving is, and how many a day: the amounts of a column are for
    // `servingSizeQuantity` units, the serving size allows up to `maxQuantity` units, up to
    // `maxDailyServings` times a day.
    let per_amount = record
        .ingredient_rows
        .iter()
        .flat_map(|r| r.quantity.iter().flatten())
        .find(|q| order_of(q) == column.order)
        .and_then(|q| {
            q.serving_size_quantity
                .filter(|n| *n > 0.0 && n.is_finite())
                .map(|n| (n, q.serving_size_unit.clone()))
        });
    match serving_of(record, column.order) {
        Some((si, serving)) => {
            let unit = serving.unit.clone().unwrap_or_default();
            let amount_units = per_amount.as_ref().map(|(n, _)| *n);
            let size = amount_units
                .or(serving.max_quantity)
                .or(serving.min_quantity);
            if let Some(size) = size {
                label.serving_size = Some(format!("{} {}", plain(size), unit).trim().to_string());
                sources.push("serving_size", || match amount_units {
                    Some(_) => "quantity[].servingSizeQuantity of the amounts read".to_string(),
                    None => format!("servingSizes[{si}].maxQuantity"),
                });
            }
            match serving.max_daily_servings.filter(|n| n.is_finite()) {
                Some(daily) => {
                    let units_per_serving = match (serving.max_quantity, amount_units) {
                        (Some(max), Some(per)) if max > 0.0 && (max - per).abs() > f64::EPSILON => {
                            Some(max / per)
                        }
                        _ => None,
                    };
                    let spd = daily * units_per_serving.unwrap_or(1.0);
                    match validate_servings_per_day(spd) {
                        Ok(v) => {
                            label.servings_per_day = Some(v);
                            sources.push("servings_per_day", || match units_per_serving {
                                    None => format!("servingSizes[{si}].maxDailyServings = {}", plain(daily)),
                                    Some(k) => format!(
                                        "servingSizes[{si}].maxDailyServings {} × maxQuantity {} ÷ servingSizeQuantity {} (×{})",
                                        plain(daily),
                                        plain(serving.max_quantity.unwrap_or_default()),
                                        plain(amount_units.unwrap_or_default()),
                                        plain(k)
                                    ),
                                });
                        }
                        Err(e) => warnings.push(format!(
                            "servingSizes[{si}].maxDailyServings: {e}; 1 serving a day is assumed"
                        )),
                    }
                }
                None => warnings.push(format!(
                    "servingSizes[{si}] gives no maxDailyServings: 1 serving a day is assumed"
                )),
            }
        }
        None => {
            warnings.push("the record has no servingSizes: 1 serving a day is assumed".to_string())
        }
    }

    if let Some(other) = &record.other_ingredients {
        let names: Vec<String> = other
            .ingredients
            .iter()
            .flatten()
            .map(|i| i.name.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if !names.is_empty() {
            label.other_ingredients = names;
            sources.push("other_ingredients", || {
                "otheringredients.ingredients[].name".to_string()
            });
        } else if let Some(text) = other.text.as_deref().filter(|t| !t.trim().is_empty()) {
            label.other_ingredients = crate::label::split_list(text);
            sources.push("other_ingredients", || "otheringredients.text".to_string());
        }
    }

    if let Some(group) = &column.group
        && let Some(population) = dv_population(group)
    {
        label.dv_population = Some(population);
        if full {
            sources.push("dv_population", || {
                format!(
                    "dailyValueTargetGroup \"{group}\" of serving column {}",
                    column.order
                )
            });
        }
    }
    let mut directions = Vec::new();
    let mut other_statements = Vec::new();
    let mut statement_paths = Vec::new();
    let mut claim_paths = Vec::new();
    let mut direction_paths = Vec::new();
    for (i, s) in record.statements.iter().flatten().enumerate() {
        let (Some(kind), Some(notes)) = (s.kind.as_deref(), s.notes.as_deref()) else {
            continue;
        };
        let notes = notes.trim();
        if notes.is_empty() {
            continue;
        }
        match statement_role(kind) {
            Some(Role::Directions) => {
                directions.push(notes.to_string());
                if full {
                    direction_paths.push(format!("statements[{i}]"));
                }
            }
            Some(Role::Disclaimer) if label.disclaimer.is_none() => {
                label.disclaimer = Some(notes.to_string());
                sources.push("disclaimer", || format!("statements[{i}] \"{kind}\""));
            }
            Some(Role::Claim) => {
                label.claims.push(notes.to_string());
                if full {
                    claim_paths.push(format!("statements[{i}]"));
                }
            }
            Some(Role::Disclaimer) => {}
            None => {
                other_statements.push(notes.to_string());
                if full {
                    statement_paths.push(format!("statements[{i}]"));
                }
            }
        }
    }
    // The statements besides claims, directions and the disclaimer (precautions, storage,
    // the statement of identity…), for the rules on required statements. A record with no
    // statements at all leaves them unknown.
    if record.statements.is_some() {
        label.statements = Some(other_statements);
        sources.push("statements", || {
            if statement_paths.is_empty() {
                "statements (none besides claims, directions and the disclaimer)".to_string()
            } else {
                statement_paths.join(", ")
            }
        });
    }
    if !directions.is_empty() {
        label.directions = Some(directions.join(" "));
        sources.push("directions", || direction_paths.join(", "));
    }
    if !label.claims.is_empty() {
        sources.push("claims", || claim_paths.join(", "));
    }
    if let Some(groups) = record.target_groups.as_deref()
        && !groups.is_empty()
    {
        match target_ages(groups) {
            Ok(Some((min, max))) => {
                label.target_age_min = Some(min);
                label.target_age_max = max;
                let path = format!("targetGroups {groups:?}");
                sources.push("target_age_min", || path.clone());
                if max.is_some() {
                    sources.push("target_age_max", || path);
                }
            }
            Ok(None) => {}
            Err(group) => warnings.push(format!(
                "targetGroups \"{group}\" names an age group without its ages: the target age \
                 is not set, so the rules for children say they were not checked"
            )),
        }
    }
    let claim_categories = record
        .claims
        .iter()
        .flatten()
        .filter_map(|c| c.langual_code_description.clone())
        .collect();

    let mut ingredient_sources = Vec::with_capacity(read.len());
    for r in read {
        label.ingredients.push(r.ingredient);
        ingredient_sources.push(r.source);
    }
    warnings.extend(mapper.warnings);
    DsldLabel {
        id: record.id,
        label,
        off_market: record.off_market.as_ref().is_some_and(|f| f.is_set()),
        column,
        warnings,
        sources: sources.list,
        ingredient_sources,
        skipped: mapper.skipped,
        daily_values: mapper.daily_values,
        claim_categories,
    }
}

/// The ages a record's `targetGroups` cover ("Adult (18 - 50 Years)", "Children (4+ Years)",
/// "Infants (0 - 12 Months)"): the youngest lower bound, and the oldest upper bound unless a
/// group is open-ended. Groups that are not age groups ("Pregnant Women", "Vegetarian") are
/// passed over; `Ok(None)` when no group gives ages. An age group without its ages is the
/// group's name as the error: the ages are not guessed from the word.
fn target_ages(groups: &[String]) -> Result<Option<(f64, Option<f64>)>, String> {
    let mut min: Option<f64> = None;
    let mut max: Option<Option<f64>> = None;
    for group in groups {
        match group_ages(group) {
            Some((lo, hi)) => {
                min = Some(min.map_or(lo, |m| m.min(lo)));
                max = Some(match (max, hi) {
                    (None, hi) => hi,
                    (Some(None), _) | (_, None) => None,
                    (Some(Some(a)), Some(b)) => Some(a.max(b)),
                });
            }
            None => {
                let lower = group.to_lowercase();
                if [
                    "adult",
                    "child",
                    "infant",
                    "teen",
                    "adolescent",
                    "senior",
                    "kid",
                    "toddler",
                ]
                .iter()
                .any(|w| lower.contains(w))
                {
                    return Err(group.clone());
                }
            }
        }
    }
    Ok(min.map(|m| (m, max.flatten())))
}

/// "(18 - 50 Years)" → (18, Some(50)); "(51+ Years)" → (51, None); "(0 - 12 Months)" →
/// (0, Some(1)).
fn group_ages(group: &str) -> Option<(f64, Option<f64>)> {
    let open = group.find('(')?;
    let close = open + group[open..].find(')')?;
    let inside = group[open + 1..close].trim().to_lowercase();
    let (numbers, scale) = if let Some(n) = inside.strip_suffix("years") {
        (n, 1.0)
    } else if let Some(n) = inside.strip_suffix("months") {
        (n, 1.0 / 12.0)
    } else {
        return None;
    };
    let numbers = numbers.trim();
    let number = |t: &str| {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| (0.0..=1_440.0).contains(v))
    };
    if let Some(from) = numbers.strip_suffix('+') {
        return Some((number(from)? * scale, None));
    }
    let (lo, hi) = numbers.split_once(['-', '–'])?;
    let (lo, hi) = (number(lo)? * scale, number(hi)? * scale);
    (lo <= hi).then_some((lo, Some(hi)))
}
