//! The label entry form: every field as the user typed it, turned into a [`Label`] and a
//! [`Profile`] on demand. Invalid fields are reported one by one; the rest of the label is
//! still checked, so one typo never blanks the findings.

use crate::format::plain_for_editing;
use crate::label::Carrier;
use crate::label::intake::check_unit;
use crate::label::names::{self, Nutrient};
use crate::label::units::IU_PER_MCG_VITAMIN_D;
use crate::label::{
    DosageForm, DvPopulation, Ingredient, Label, PrintedPercents, Unit, validate_amount,
    validate_positive_amount, validate_servings_per_day,
};
use crate::profile::{Anticoagulant, Profile, validate_age};

use super::strings;

/// A top-level field of the form, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Name,
    Brand,
    Form,
    ServingSize,
    Servings,
    Period,
    OtherIngredients,
    Carrier,
    Directions,
    Disclaimer,
    Age,
    Anticoagulant,
}

impl FieldId {
    pub const ALL: [FieldId; 12] = [
        FieldId::Name,
        FieldId::Brand,
        FieldId::Form,
        FieldId::ServingSize,
        FieldId::Servings,
        FieldId::Period,
        FieldId::OtherIngredients,
        FieldId::Carrier,
        FieldId::Directions,
        FieldId::Disclaimer,
        FieldId::Age,
        FieldId::Anticoagulant,
    ];

    /// Fields chosen from a list rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            FieldId::Form | FieldId::Period | FieldId::Carrier | FieldId::Anticoagulant
        )
    }
}

/// A column of an ingredient row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Form,
    Amount,
    Unit,
    /// The second declaration ("(1,000 IU)" beside "25 mcg"), shown on a line of its own.
    Alt,
}

impl Column {
    pub const ALL: [Column; 5] = [
        Column::Name,
        Column::Form,
        Column::Amount,
        Column::Unit,
        Column::Alt,
    ];
}

/// One place in the form that can hold a value (and an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRef {
    Field(FieldId),
    Cell(usize, Column),
    Claim(usize),
}

/// Servings are entered per day, week or month (a weekly 50,000 IU capsule is "1 per week").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    /// Days in the period; a month counts as 30 days, as the importer reads "a month".
    pub fn days(self) -> f64 {
        match self {
            Period::Day => 1.0,
            Period::Week => 7.0,
            Period::Month => 30.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IngredientRow {
    pub name: String,
    pub form: String,
    pub amount: String,
    pub unit: Option<Unit>,
    /// The second declaration a label prints beside the amount ("(1,000 IU)" beside
    /// "25 mcg"), as typed: an amount and a unit, or empty.
    pub alt: String,
    /// The %DV / %NRV the label prints beside the amount, kept as loaded (not edited here).
    pub printed: PrintedPercents,
    /// The amount, unit and second declaration the user said are right when asked "did you
    /// mean …?" ([`IngredientRow::dose_key`]); asked again once any of them changes.
    pub confirmed: Option<String>,
}

impl IngredientRow {
    /// What a confirmation of the amount is about.
    pub fn dose_key(&self) -> String {
        format!(
            "{} {} {}",
            self.amount.trim(),
            self.unit.map_or("", Unit::as_str),
            self.alt.trim()
        )
    }

    fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.form.trim().is_empty()
            && self.amount.trim().is_empty()
            && self.alt.trim().is_empty()
    }
}

/// The form's contents, as text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelForm {
    pub name: String,
    pub brand: String,
    pub form: Option<DosageForm>,
    pub serving_size: String,
    pub servings: String,
    pub period: Period,
    pub other_ingredients: String,
    /// One claim a row, as printed.
    pub claims: Vec<String>,
    pub directions: String,
    pub age: String,
    pub anticoagulant: Anticoagulant,
    /// The rest of the person's profile (name, pregnancy, conditions, medicines), kept as
    /// given so that reading the form does not drop it.
    pub person: Profile,
    pub ingredients: Vec<IngredientRow>,
    /// The printed disclaimer ("These statements have not been evaluated…").
    pub disclaimer: String,
    /// The servings as the loaded label gave them (per day) and as the form showed them: while
    /// the field and its period are unchanged, the label's own figure is kept exactly (a file's
    /// 0.142857 stays 0.142857; 1 per week typed is 1/7).
    pub servings_loaded: Option<(String, Period, f64)>,
    /// Label keys the form does not edit (the %DV population, printed statements, target
    /// ages), kept as loaded so that checking and saving lose none of them.
    pub kept: KeptKeys,
    /// The carrier a label states (an imported text with no ingredient list: unknown); `None`
    /// detects it from the other ingredients.
    pub carrier: Option<Carrier>,
}

/// Label keys the form keeps without editing them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeptKeys {
    pub dv_population: Option<DvPopulation>,
    pub statements: Option<Vec<String>>,
    pub target_age_min: Option<f64>,
    pub target_age_max: Option<f64>,
}

/// What the form means right now: the label and profile to check, and what is wrong where.
#[derive(Debug, Clone, PartialEq)]
pub struct FormReading {
    pub label: Label,
    pub profile: Profile,
    pub errors: Vec<(FieldRef, String)>,
    /// Vitamin D amounts asked about before they are checked, by ingredient row.
    pub questions: Vec<(usize, DoseQuestion)>,
}

/// A vitamin D amount the form asks about before the findings treat it as real: more than
/// ten times the caution level a serving, or exactly 40 times off its second declaration
/// (the IU figure typed as micrograms, or the other way round).
#[derive(Debug, Clone, PartialEq)]
pub struct DoseQuestion {
    /// The amount as typed, in IU a serving.
    pub typed_iu: f64,
    /// What was probably meant, when one reading is likely.
    pub suggestion: Option<(f64, Unit)>,
}

/// Ten times the caution level a serving is asked about.
const ASK_ABOVE_CAUTION_TIMES: f64 = 10.0;

fn in_iu(amount: f64, unit: Unit) -> f64 {
    match unit.mcg_factor() {
        None => amount,
        Some(factor) => amount * factor * IU_PER_MCG_VITAMIN_D,
    }
}

/// Whether a vitamin D amount needs asking about, and what was probably meant.
fn dose_question(ingredient: &Ingredient, caution_iu: f64) -> Option<DoseQuestion> {
    let typed_iu = in_iu(ingredient.amount, ingredient.unit);
    if let Some((alt_amount, alt_unit)) = ingredient.alt
        && (alt_unit == Unit::Iu) != (ingredient.unit == Unit::Iu)
    {
        let alt_iu = in_iu(alt_amount, alt_unit);
        let ratio = typed_iu / alt_iu;
        let off_by_40 = |r: f64| (r / IU_PER_MCG_VITAMIN_D - 1.0).abs() < 1e-6;
        if alt_iu > 0.0 && (off_by_40(ratio) || off_by_40(1.0 / ratio)) {
            // The second declaration, in the unit the amount was typed in.
            let meant = match ingredient.unit.mcg_factor() {
                None => alt_iu,
                Some(factor) => alt_iu / IU_PER_MCG_VITAMIN_D / factor,
            };
            return Some(DoseQuestion {
                typed_iu,
                suggestion: Some((meant, ingredient.unit)),
            });
        }
    }
    let ask_above = caution_iu * ASK_ABOVE_CAUTION_TIMES;
    if typed_iu <= ask_above {
        return None;
    }
    // The same number one unit down: 5000 mcg meant as 5000 IU, 5 mg as 5 mcg.
    let smaller = match ingredient.unit {
        Unit::Iu => None,
        Unit::Mcg => Some(Unit::Iu),
        Unit::Mg => Some(Unit::Mcg),
        Unit::G => Some(Unit::Mg),
    };
    let suggestion = smaller
        .map(|unit| (ingredient.amount, unit))
        .filter(|(amount, unit)| in_iu(*amount, *unit) <= ask_above);
    Some(DoseQuestion {
        typed_iu,
        suggestion,
    })
}

impl FormReading {
    /// Why what is checked is not all that was typed: how many ingredient rows were left out
    /// (or fields not read) and the first reason, or `None` when everything typed is checked.
    pub fn incomplete(&self) -> Option<String> {
        let (first_at, first) = self.errors.first()?;
        let mut rows: Vec<usize> = self
            .errors
            .iter()
            .filter_map(|(at, _)| match at {
                // A row whose second declaration is wrong is still checked, without it.
                FieldRef::Cell(i, column) if *column != Column::Alt => Some(*i),
                _ => None,
            })
            .collect();
        rows.dedup();
        let reason = strings::incomplete_reason(*first_at, first);
        Some(strings::incomplete(rows.len(), self.errors.len(), &reason))
    }

    /// The question about row `row`'s vitamin D amount, if one is open.
    pub fn question(&self, row: usize) -> Option<&DoseQuestion> {
        self.questions
            .iter()
            .find(|(r, _)| *r == row)
            .map(|(_, q)| q)
    }

    pub fn error(&self, at: FieldRef) -> Option<&str> {
        self.errors
            .iter()
            .find(|(r, _)| *r == at)
            .map(|(_, m)| m.as_str())
    }
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub use crate::label::split_list;

/// Reads a typed number, with the reason worded for the field when it is not one.
fn parse_number(text: &str) -> Result<f64, String> {
    crate::format::parse_number(text).map_err(|e| strings::number_error(&e))
}

/// The servings a label's per-day figure is typed as: a whole number a week or a month when
/// it is one (1/7 a day is "1 per week"), else the per-day figure itself.
fn servings_as_typed(per_day: f64) -> (String, Period) {
    if per_day < 1.0 {
        for period in [Period::Week, Period::Month] {
            let n = per_day * period.days();
            if n.round() >= 1.0 && (n - n.round()).abs() < 0.001 {
                return (plain_for_editing(n.round()), period);
            }
        }
    }
    (plain_for_editing(per_day), Period::Day)
}

/// A second declaration as the form shows it: "1000 IU".
pub fn alt_text((amount, unit): (f64, Unit)) -> String {
    format!("{} {}", plain_for_editing(amount), unit.as_str())
}

/// Reads a typed second declaration ("1,000 IU", "25mcg"); empty is none.
fn parse_alt(text: &str) -> Result<Option<(f64, Unit)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let split = text
        .find(|c: char| c.is_alphabetic() || c == 'µ' || c == 'μ')
        .ok_or_else(|| strings::ALT_NEEDS_UNIT.to_string())?;
    let (number, unit) = text.split_at(split);
    let unit: Unit = unit
        .trim()
        .parse()
        .map_err(|_| strings::alt_unknown_unit(unit.trim()))?;
    let amount = parse_number(number.trim())
        .and_then(|a| validate_amount(a, unit).map_err(|e| strings::amount_error(&e)))?;
    Ok(Some((amount, unit)))
}

impl LabelForm {
    /// Fills the form from a label and profile (an example, a loaded file).
    pub fn from_label(label: &Label, profile: &Profile) -> LabelForm {
        let (servings, period) = match label.servings_per_day {
            None => (String::new(), Period::Day),
            Some(spd) => servings_as_typed(spd),
        };
        let servings_loaded = label
            .servings_per_day
            .map(|spd| (servings.clone(), period, spd));
        LabelForm {
            name: label.name.clone(),
            brand: label.brand.clone().unwrap_or_default(),
            form: label.form,
            serving_size: label.serving_size.clone().unwrap_or_default(),
            servings,
            period,
            other_ingredients: label.other_ingredients.join(", "),
            claims: label.claims.clone(),
            directions: label.directions.clone().unwrap_or_default(),
            age: profile.age_years.map(plain_for_editing).unwrap_or_default(),
            anticoagulant: profile.anticoagulant,
            person: profile.clone(),
            disclaimer: label.disclaimer.clone().unwrap_or_default(),
            servings_loaded,
            kept: KeptKeys {
                dv_population: label.dv_population,
                statements: label.statements.clone(),
                target_age_min: label.target_age_min,
                target_age_max: label.target_age_max,
            },
            carrier: label.carrier,
            ingredients: label
                .ingredients
                .iter()
                .map(|i| {
                    let mut row = IngredientRow {
                        name: i.name.clone(),
                        form: i.form.clone().unwrap_or_default(),
                        amount: plain_for_editing(i.amount),
                        unit: Some(i.unit),
                        alt: i.alt.map(alt_text).unwrap_or_default(),
                        printed: i.printed,
                        confirmed: None,
                    };
                    // A label file states its amounts: only amounts typed here are asked about
                    // (the rules still flag a file's implausible amounts).
                    row.confirmed = Some(row.dose_key());
                    row
                })
                .collect(),
        }
    }

    pub fn text(&self, at: FieldRef) -> String {
        match at {
            FieldRef::Field(f) => match f {
                FieldId::Name => self.name.clone(),
                FieldId::Brand => self.brand.clone(),
                FieldId::Form => self.form.map_or(String::new(), |f| f.as_str().to_string()),
                FieldId::ServingSize => self.serving_size.clone(),
                FieldId::Servings => self.servings.clone(),
                FieldId::Period => strings::period(self.period).to_string(),
                FieldId::OtherIngredients => self.other_ingredients.clone(),
                FieldId::Carrier => strings::carrier_choice(self.carrier).to_string(),
                FieldId::Directions => self.directions.clone(),
                FieldId::Disclaimer => self.disclaimer.clone(),
                FieldId::Age => self.age.clone(),
                FieldId::Anticoagulant => self.anticoagulant.as_str().to_string(),
            },
            FieldRef::Cell(i, col) => match self.ingredients.get(i) {
                None => String::new(),
                Some(row) => match col {
                    Column::Name => row.name.clone(),
                    Column::Form => row.form.clone(),
                    Column::Amount => row.amount.clone(),
                    Column::Unit => row.unit.map_or(String::new(), |u| u.as_str().to_string()),
                    Column::Alt => row.alt.clone(),
                },
            },
            FieldRef::Claim(i) => self.claims.get(i).cloned().unwrap_or_default(),
        }
    }

    /// Sets a typed field. Choice fields are set with their own methods.
    pub fn set_text(&mut self, at: FieldRef, value: &str) {
        let value = value.to_string();
        match at {
            FieldRef::Field(f) => match f {
                FieldId::Name => self.name = value,
                FieldId::Brand => self.brand = value,
                FieldId::ServingSize => self.serving_size = value,
                FieldId::Servings => self.servings = value,
                FieldId::OtherIngredients => self.other_ingredients = value,
                FieldId::Directions => self.directions = value,
                FieldId::Disclaimer => self.disclaimer = value,
                FieldId::Age => self.age = value,
                FieldId::Form | FieldId::Period | FieldId::Carrier | FieldId::Anticoagulant => {}
            },
            FieldRef::Cell(i, col) => {
                if let Some(row) = self.ingredients.get_mut(i) {
                    match col {
                        Column::Name => row.name = value,
                        Column::Form => row.form = value,
                        Column::Amount => row.amount = value,
                        Column::Unit => row.unit = value.parse().ok(),
                        Column::Alt => row.alt = value,
                    }
                }
            }
            FieldRef::Claim(i) => {
                if let Some(claim) = self.claims.get_mut(i) {
                    *claim = value;
                }
            }
        }
    }

    /// Reads the form with no vitamin D amount asked about (see [`LabelForm::read_with`]).
    pub fn read(&self) -> FormReading {
        self.read_with(None)
    }

    /// Reads the form. Blank ingredient rows are ignored; a row with an error is left out of
    /// the label (and the error reported) so that the rest is still checked. With the caution
    /// level (IU a day), a vitamin D amount far above it or 40 times off its second
    /// declaration is left out until the user confirms it.
    pub fn read_with(&self, caution_iu: Option<f64>) -> FormReading {
        let mut questions = Vec::new();
        let mut errors = Vec::new();
        let mut label = Label {
            name: self.name.trim().to_string(),
            brand: opt(&self.brand),
            form: self.form,
            serving_size: opt(&self.serving_size),
            servings_per_day: None,
            other_ingredients: split_list(&self.other_ingredients),
            claims: self
                .claims
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            directions: opt(&self.directions),
            disclaimer: opt(&self.disclaimer),
            carrier: self.carrier,
            ingredients: Vec::new(),
            dv_population: self.kept.dv_population,
            statements: self.kept.statements.clone(),
            target_age_min: self.kept.target_age_min,
            target_age_max: self.kept.target_age_max,
        };
        let loaded = self
            .servings_loaded
            .as_ref()
            .filter(|(text, period, _)| *text == self.servings && *period == self.period)
            .map(|(_, _, per_day)| *per_day);
        if let Some(per_day) = loaded {
            label.servings_per_day = Some(per_day);
        } else if !self.servings.trim().is_empty() {
            let per_day = parse_number(&self.servings).and_then(|n| {
                validate_servings_per_day(n / self.period.days())
                    .map_err(|e| strings::servings_error(&e))
            });
            match per_day {
                Ok(v) => label.servings_per_day = Some(v),
                Err(e) => errors.push((FieldRef::Field(FieldId::Servings), e)),
            }
        }
        let mut profile = Profile {
            age_years: None,
            anticoagulant: self.anticoagulant,
            ..self.person.clone()
        };
        if !self.age.trim().is_empty() {
            let age = parse_number(&self.age)
                .and_then(|a| validate_age(a).map_err(|e| strings::age_error(&e)));
            match age {
                Ok(a) => profile.age_years = Some(a),
                Err(e) => errors.push((FieldRef::Field(FieldId::Age), e)),
            }
        }
        for (i, row) in self.ingredients.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let before = errors.len();
            let mut alt_error = None;
            if row.name.trim().is_empty() {
                errors.push((
                    FieldRef::Cell(i, Column::Name),
                    strings::INGREDIENT_NAME_NEEDED.into(),
                ));
            }
            let amount = parse_number(&row.amount).and_then(|a| {
                match row.unit {
                    Some(unit) => validate_amount(a, unit),
                    None => validate_positive_amount(a),
                }
                .map_err(|e| strings::amount_error(&e))
            });
            let amount = match amount {
                Ok(a) => Some(a),
                Err(e) => {
                    errors.push((FieldRef::Cell(i, Column::Amount), e));
                    None
                }
            };
            let alt = match parse_alt(&row.alt) {
                Ok(alt) => alt,
                Err(e) => {
                    alt_error = Some((FieldRef::Cell(i, Column::Alt), e));
                    None
                }
            };
            let Some(unit) = row.unit else {
                errors.push((
                    FieldRef::Cell(i, Column::Unit),
                    strings::CHOOSE_A_UNIT.into(),
                ));
                continue;
            };
            let checked = errors.len() == before;
            // A wrong second declaration is marked, and the ingredient still checked without it.
            errors.extend(alt_error);
            let (Some(amount), true) = (amount, checked) else {
                continue;
            };
            let ingredient = Ingredient {
                name: row.name.trim().to_string(),
                form: opt(&row.form),
                amount,
                unit,
                alt,
                line: None,
                printed: row.printed,
            };
            let is_d = matches!(
                names::recognise(&ingredient.name, ingredient.form.as_deref()),
                Nutrient::VitaminD(_)
            );
            let question = caution_iu
                .filter(|_| is_d && row.confirmed.as_deref() != Some(row.dose_key().as_str()))
                .and_then(|caution| dose_question(&ingredient, caution));
            if let Some(question) = question {
                errors.push((
                    FieldRef::Cell(i, Column::Amount),
                    strings::did_you_mean(&question),
                ));
                questions.push((i, question));
                continue;
            }
            match check_unit(&ingredient) {
                Ok(()) => label.ingredients.push(ingredient),
                Err(_) => errors.push((
                    FieldRef::Cell(i, Column::Unit),
                    strings::IU_ONLY_FOR_VITAMIN_D.into(),
                )),
            }
        }
        FormReading {
            label,
            profile,
            errors,
            questions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d3_row(amount: &str) -> IngredientRow {
        IngredientRow {
            name: "Vitamin D3".into(),
            form: String::new(),
            amount: amount.into(),
            unit: Some(Unit::Iu),
            alt: String::new(),
            confirmed: None,
            printed: Default::default(),
        }
    }

    #[test]
    fn a_valid_form_reads_as_a_label() {
        let form = LabelForm {
            name: "Mine".into(),
            servings: "1".into(),
            period: Period::Week,
            other_ingredients: "olive oil, gelatin (bovine, kosher)".into(),
            claims: vec!["Supports bones, teeth".into(), " Supports arteries".into()],
            ingredients: vec![d3_row("50,000")],
            ..LabelForm::default()
        };
        let reading = form.read();
        assert!(reading.errors.is_empty(), "{:?}", reading.errors);
        assert_eq!(reading.label.ingredients[0].amount, 50_000.0);
        assert!((reading.label.servings_per_day.expect("set") - 1.0 / 7.0).abs() < 1e-9);
        assert_eq!(
            reading.label.other_ingredients,
            ["olive oil", "gelatin (bovine, kosher)"]
        );
        assert_eq!(
            reading.label.claims,
            ["Supports bones, teeth", "Supports arteries"]
        );
    }

    #[test]
    fn invalid_fields_are_marked_and_the_rest_still_reads() {
        let form = LabelForm {
            name: "Mine".into(),
            servings: "0".into(),
            age: "old".into(),
            ingredients: vec![
                d3_row("12abc"),
                d3_row("-5"),
                IngredientRow {
                    name: "Vitamin K2".into(),
                    form: "MK-7".into(),
                    amount: "100".into(),
                    unit: Some(Unit::Iu),
                    alt: String::new(),
                    confirmed: None,
                    printed: Default::default(),
                },
                IngredientRow {
                    name: "Vitamin K2".into(),
                    form: "MK-7".into(),
                    amount: "100".into(),
                    unit: Some(Unit::Mcg),
                    alt: String::new(),
                    confirmed: None,
                    printed: Default::default(),
                },
                IngredientRow::default(),
            ],
            ..LabelForm::default()
        };
        let reading = form.read();
        assert_eq!(
            reading.error(FieldRef::Cell(0, Column::Amount)),
            Some("\"12abc\" is not a number")
        );
        assert_eq!(
            reading.error(FieldRef::Cell(1, Column::Amount)),
            Some("must be greater than 0 (found -5)")
        );
        assert_eq!(
            reading.error(FieldRef::Cell(2, Column::Unit)),
            Some("IU only for vitamin D")
        );
        assert!(reading.error(FieldRef::Field(FieldId::Servings)).is_some());
        assert!(reading.error(FieldRef::Field(FieldId::Age)).is_some());
        assert_eq!(
            reading.label.ingredients.len(),
            1,
            "only the valid K2 row is checked"
        );
    }

    #[test]
    fn refusals_from_the_core_are_worded_for_the_field() {
        let read = |servings: &str, age: &str, amount: &str| {
            let reading = LabelForm {
                servings: servings.into(),
                age: age.into(),
                ingredients: vec![d3_row(amount)],
                ..LabelForm::default()
            }
            .read();
            [
                FieldRef::Field(FieldId::Servings),
                FieldRef::Field(FieldId::Age),
                FieldRef::Cell(0, Column::Amount),
            ]
            .map(|at| reading.error(at).map(str::to_string))
        };
        assert_eq!(
            read("101", "-1", "20000000"),
            [
                Some("must be at least one a year (0.0027) and at most 100 a day".into()),
                Some("age must be a number of years, 0 or more (0.5 = six months)".into()),
                Some(
                    "20,000,000 IU is not plausible for one serving: at most 10,000,000 IU is accepted"
                        .into()
                ),
            ]
        );
        assert_eq!(
            read("0", "131", ""),
            [
                Some("must be at least one a year (0.0027) and at most 100 a day".into()),
                Some("age must be at most 130 years".into()),
                Some("enter a number".into()),
            ]
        );
        assert_eq!(
            read("1e400", "old", "0"),
            [
                Some("\"1e400\" is not a number".into()),
                Some("\"old\" is not a number".into()),
                Some("must be greater than 0 (found 0)".into()),
            ]
        );
    }

    #[test]
    fn a_label_round_trips_through_the_form() {
        let (_, text) = crate::examples::BUILTIN_EXAMPLES[4];
        let label = crate::parse_label_text("x", text).expect("parses");
        let profile = Profile {
            age_years: Some(0.5),
            anticoagulant: Anticoagulant::Vka,
            ..Profile::default()
        };
        let form = LabelForm::from_label(&label, &profile);
        assert_eq!(
            form.period,
            Period::Week,
            "0.142857 a day shows as 1 per week"
        );
        let reading = form.read();
        assert_eq!(reading.profile, profile);
        assert_eq!(reading.label.ingredients, label.ingredients);
        assert!(
            (reading.label.servings_per_day.expect("set") - label.servings_per_day.expect("set"))
                .abs()
                < 1e-5
        );
    }
}
