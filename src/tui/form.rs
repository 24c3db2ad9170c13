//! The label entry form: every field as the user typed it, turned into a [`Label`] on demand.
//! The person the label is checked for is not part of it (see [`super::person`]). Invalid fields are reported one by one; the rest of the label is
//! still checked, so one typo never blanks the findings.

use crate::format::plain_for_editing;
use crate::label::Carrier;
use crate::label::intake::check_unit;
use crate::label::names::{self, Nutrient};
use crate::label::units::IU_PER_MCG_VITAMIN_D;
use crate::label::{
    DosageForm, DvPopulation, Ingredient, Label, PrintedPercent, PrintedPercents, Unit,
    validate_amount, validate_positive_amount, validate_servings_per_day,
};
use crate::profile::validate_age;

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
    /// Whose Daily Values the printed %DV column uses (US panels).
    DvPopulation,
    /// Statements printed besides claims and directions (warnings, storage…), `;` between.
    Statements,
    /// The youngest age the label says the product is for.
    TargetAgeMin,
    /// The oldest age the label says the product is for.
    TargetAgeMax,
}

impl FieldId {
    pub const ALL: [FieldId; 14] = [
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
        FieldId::DvPopulation,
        FieldId::Statements,
        FieldId::TargetAgeMin,
        FieldId::TargetAgeMax,
    ];

    /// Fields chosen from a list rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            FieldId::Form | FieldId::Period | FieldId::Carrier | FieldId::DvPopulation
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
    /// The %DV printed beside the amount (US panels), on a line of its own.
    PercentDv,
    /// The %NRV / %RI printed beside the amount (EU labels), on a line of its own.
    PercentNrv,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Form,
        Column::Amount,
        Column::Unit,
        Column::Alt,
        Column::PercentDv,
        Column::PercentNrv,
    ];

    /// Columns shown on a line of their own under the ingredient's row.
    pub fn is_under_row(self) -> bool {
        matches!(self, Column::Alt | Column::PercentDv | Column::PercentNrv)
    }
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
    /// The %DV the label prints beside the amount, as typed ("25", "<1%"); empty when the
    /// label prints none.
    pub percent_dv: String,
    /// The %NRV / %RI the label prints beside the amount, as typed.
    pub percent_nrv: String,
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
            && self.percent_dv.trim().is_empty()
            && self.percent_nrv.trim().is_empty()
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
    pub ingredients: Vec<IngredientRow>,
    /// The printed disclaimer ("These statements have not been evaluated…").
    pub disclaimer: String,
    /// The servings as the loaded label gave them (per day) and as the form showed them: while
    /// the field and its period are unchanged, the label's own figure is kept exactly (a file's
    /// 0.142857 stays 0.142857; 1 per week typed is 1/7).
    pub servings_loaded: Option<(String, Period, f64)>,
    /// Whose Daily Values the printed %DV column uses; `None` = not stated (the adults' column).
    pub dv_population: Option<DvPopulation>,
    /// The statements printed (warnings, storage, "food supplement"…), `;` between them; empty
    /// = not known, unless [`LabelForm::statements_none_printed`].
    pub statements: String,
    /// The label file said `statements = []`: none printed, which rules can judge (an empty
    /// field otherwise means "not known"). Typing a statement ends it.
    pub statements_none_printed: bool,
    /// The youngest and oldest ages the label says the product is for, as typed.
    pub target_age_min: String,
    pub target_age_max: String,
    /// The carrier a label states (an imported text with no ingredient list: unknown); `None`
    /// detects it from the other ingredients.
    pub carrier: Option<Carrier>,
}

/// What the form means right now: the label to check, and what is wrong where.
#[derive(Debug, Clone, PartialEq)]
pub struct FormReading {
    pub label: Label,
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
                FieldRef::Cell(i, column) if !column.is_under_row() => Some(*i),
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

/// The statements typed in one line, split at `;`.
fn split_statements(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

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

/// A printed percentage as the form shows it: "25", "<1%".
fn percent_text(percent: Option<PrintedPercent>) -> String {
    match percent {
        None => String::new(),
        Some(PrintedPercent::Value(v)) => plain_for_editing(v),
        Some(less) => less.to_string(),
    }
}

/// Reads a typed printed percentage; empty is none.
fn parse_percent(text: &str) -> Result<Option<PrintedPercent>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    PrintedPercent::parse(text)
        .map(Some)
        .ok_or_else(|| strings::percent_error(text.trim()))
}

/// Reads a typed age of a product's target group; empty is none.
fn parse_target_age(text: &str) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_number(text)
        .and_then(|a| validate_age(a).map_err(|e| strings::age_error(&e)))
        .map(Some)
}

/// The statements as the form shows them: one line, `;` between them.
fn statements_text(statements: &[String]) -> String {
    statements.join("; ")
}

impl LabelForm {
    /// Fills the form from a label (an example, a loaded file).
    pub fn from_label(label: &Label) -> LabelForm {
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
            disclaimer: label.disclaimer.clone().unwrap_or_default(),
            servings_loaded,
            dv_population: label.dv_population,
            statements: label
                .statements
                .as_deref()
                .map(statements_text)
                .unwrap_or_default(),
            statements_none_printed: label.statements.as_ref().is_some_and(Vec::is_empty),
            target_age_min: label
                .target_age_min
                .map(plain_for_editing)
                .unwrap_or_default(),
            target_age_max: label
                .target_age_max
                .map(plain_for_editing)
                .unwrap_or_default(),
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
                        percent_dv: percent_text(i.printed.dv),
                        percent_nrv: percent_text(i.printed.nrv),
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
                FieldId::DvPopulation => strings::dv_population_choice(self.dv_population),
                FieldId::Statements => self.statements.clone(),
                FieldId::TargetAgeMin => self.target_age_min.clone(),
                FieldId::TargetAgeMax => self.target_age_max.clone(),
            },
            FieldRef::Cell(i, col) => match self.ingredients.get(i) {
                None => String::new(),
                Some(row) => match col {
                    Column::Name => row.name.clone(),
                    Column::Form => row.form.clone(),
                    Column::Amount => row.amount.clone(),
                    Column::Unit => row.unit.map_or(String::new(), |u| u.as_str().to_string()),
                    Column::Alt => row.alt.clone(),
                    Column::PercentDv => row.percent_dv.clone(),
                    Column::PercentNrv => row.percent_nrv.clone(),
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
                FieldId::Statements => {
                    if !value.trim().is_empty() {
                        self.statements_none_printed = false;
                    }
                    self.statements = value;
                }
                FieldId::TargetAgeMin => self.target_age_min = value,
                FieldId::TargetAgeMax => self.target_age_max = value,
                FieldId::Form | FieldId::Period | FieldId::Carrier | FieldId::DvPopulation => {}
            },
            FieldRef::Cell(i, col) => {
                if let Some(row) = self.ingredients.get_mut(i) {
                    match col {
                        Column::Name => row.name = value,
                        Column::Form => row.form = value,
                        Column::Amount => row.amount = value,
                        Column::Unit => row.unit = value.parse().ok(),
                        Column::Alt => row.alt = value,
                        Column::PercentDv => row.percent_dv = value,
                        Column::PercentNrv => row.percent_nrv = value,
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
            dv_population: self.dv_population,
            statements: None,
            target_age_min: None,
            target_age_max: None,
        };
        let statements = split_statements(&self.statements);
        label.statements = if !statements.is_empty() {
            Some(statements)
        } else if self.statements_none_printed {
            Some(Vec::new())
        } else {
            None
        };
        for (field, text, slot) in [
            (
                FieldId::TargetAgeMin,
                &self.target_age_min,
                &mut label.target_age_min,
            ),
            (
                FieldId::TargetAgeMax,
                &self.target_age_max,
                &mut label.target_age_max,
            ),
        ] {
            match parse_target_age(text) {
                Ok(age) => *slot = age,
                Err(e) => errors.push((FieldRef::Field(field), e)),
            }
        }
        if let (Some(lo), Some(hi)) = (label.target_age_min, label.target_age_max)
            && hi < lo
        {
            label.target_age_max = None;
            errors.push((
                FieldRef::Field(FieldId::TargetAgeMax),
                strings::TARGET_AGE_ORDER.into(),
            ));
        }
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
            // A printed percentage that cannot be read is marked, and the ingredient still
            // checked without it (the regional rules then say "not checked").
            let mut printed = PrintedPercents::default();
            let mut percent_errors = Vec::new();
            for (column, text, slot) in [
                (Column::PercentDv, &row.percent_dv, &mut printed.dv),
                (Column::PercentNrv, &row.percent_nrv, &mut printed.nrv),
            ] {
                match parse_percent(text) {
                    Ok(p) => *slot = p,
                    Err(e) => percent_errors.push((FieldRef::Cell(i, column), e)),
                }
            }
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
            errors.extend(percent_errors);
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
                printed,
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
            percent_dv: String::new(),
            percent_nrv: String::new(),
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
            target_age_min: "old".into(),
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
                    percent_dv: String::new(),
                    percent_nrv: String::new(),
                },
                IngredientRow {
                    name: "Vitamin K2".into(),
                    form: "MK-7".into(),
                    amount: "100".into(),
                    unit: Some(Unit::Mcg),
                    alt: String::new(),
                    confirmed: None,
                    percent_dv: String::new(),
                    percent_nrv: String::new(),
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
        assert!(
            reading
                .error(FieldRef::Field(FieldId::TargetAgeMin))
                .is_some()
        );
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
                target_age_min: age.into(),
                ingredients: vec![d3_row(amount)],
                ..LabelForm::default()
            }
            .read();
            [
                FieldRef::Field(FieldId::Servings),
                FieldRef::Field(FieldId::TargetAgeMin),
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
        let form = LabelForm::from_label(&label);
        assert_eq!(
            form.period,
            Period::Week,
            "0.142857 a day shows as 1 per week"
        );
        let reading = form.read();
        assert_eq!(reading.label.ingredients, label.ingredients);
        assert!(
            (reading.label.servings_per_day.expect("set") - label.servings_per_day.expect("set"))
                .abs()
                < 1e-5
        );
    }

    #[test]
    fn the_regional_label_keys_are_edited_in_the_form_and_read_back() {
        let text = "name = \"Baby drops\"\ndv_population = \"infants\"\n\
                    statements = [\"Keep out of reach of children.\", \"Store cool.\"]\n\
                    target_age_min = 0\ntarget_age_max = 1\n\
                    [[ingredient]]\nname = \"Vitamin D3\"\namount = 10\nunit = \"mcg\"\n\
                    percent_dv = 100\npercent_nrv = \"<1%\"\n";
        let label = crate::parse_label_text("x.toml", text).expect("parses");
        let form = LabelForm::from_label(&label);
        assert_eq!(form.text(FieldRef::Field(FieldId::DvPopulation)), "infants");
        assert_eq!(
            form.text(FieldRef::Field(FieldId::Statements)),
            "Keep out of reach of children.; Store cool."
        );
        assert_eq!(form.text(FieldRef::Cell(0, Column::PercentDv)), "100");
        assert_eq!(form.text(FieldRef::Cell(0, Column::PercentNrv)), "<1%");
        assert_eq!(
            form.read().label,
            label,
            "nothing lost on the way through the form"
        );
    }

    #[test]
    fn bad_printed_percentages_and_target_ages_are_marked_and_the_rest_still_reads() {
        let mut form = LabelForm {
            name: "x".into(),
            ingredients: vec![d3_row("1000")],
            target_age_min: "12".into(),
            target_age_max: "4".into(),
            ..LabelForm::default()
        };
        form.set_text(FieldRef::Cell(0, Column::PercentDv), "lots");
        let reading = form.read();
        assert_eq!(
            reading.error(FieldRef::Cell(0, Column::PercentDv)),
            Some("\"lots\" is not a percentage: write it as printed, e.g. 25 or <1%")
        );
        assert_eq!(
            reading.error(FieldRef::Field(FieldId::TargetAgeMax)),
            Some("must not be below the youngest age")
        );
        assert_eq!(
            reading.label.ingredients.len(),
            1,
            "the row is still checked"
        );
        assert_eq!(
            reading.label.ingredients[0].printed,
            PrintedPercents::default()
        );
        form.target_age_max = String::new();
        let incomplete = form.read().incomplete().expect("said");
        assert!(incomplete.contains("printed %DV: \"lots\""), "{incomplete}");
    }

    #[test]
    fn statements_none_printed_stay_apart_from_not_known() {
        let mut form = LabelForm {
            statements_none_printed: true,
            ..LabelForm::default()
        };
        assert_eq!(form.read().label.statements, Some(Vec::new()));
        form.set_text(FieldRef::Field(FieldId::Statements), "Store cool");
        assert_eq!(
            form.read().label.statements,
            Some(vec!["Store cool".to_string()])
        );
        form.set_text(FieldRef::Field(FieldId::Statements), "");
        assert_eq!(form.read().label.statements, None, "cleared: not known");
    }
}
