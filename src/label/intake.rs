//! Normalising a label to what a person takes: amounts in one unit per nutrient, per serving
//! and per day, the vitamin D forms present, and whether the product carries its fat-soluble
//! vitamins in oil.

use serde::Serialize;

use super::names::{self, DForm, K2Form, Nutrient};
use super::units::{IU_PER_MCG_VITAMIN_D, Unit};
use super::{Ingredient, Label};

/// Amounts of the nutrients the rules look at. Vitamin D in IU, vitamin K in mcg, minerals
/// in mg (as elemental, the way US panels declare them).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Nutrients {
    pub vitamin_d_iu: f64,
    pub k1_mcg: f64,
    pub k2_mk7_mcg: f64,
    pub k2_mk4_mcg: f64,
    pub k2_unspecified_mcg: f64,
    pub calcium_mg: f64,
    pub magnesium_mg: f64,
    /// Vitamin K printed without a form, or K1 and K2 as one amount: vitamin K, not K2. Last,
    /// because the JSON contract only adds keys at the end of an object.
    pub k_unspecified_mcg: f64,
}

impl Nutrients {
    pub fn k2_total_mcg(&self) -> f64 {
        self.k2_mk7_mcg + self.k2_mk4_mcg + self.k2_unspecified_mcg
    }

    /// Every vitamin K: K1, K2 and vitamin K whose form is not stated.
    pub fn vitamin_k_total_mcg(&self) -> f64 {
        self.k1_mcg + self.k2_total_mcg() + self.k_unspecified_mcg
    }

    pub fn scaled(&self, factor: f64) -> Nutrients {
        Nutrients {
            vitamin_d_iu: self.vitamin_d_iu * factor,
            k1_mcg: self.k1_mcg * factor,
            k2_mk7_mcg: self.k2_mk7_mcg * factor,
            k2_mk4_mcg: self.k2_mk4_mcg * factor,
            k2_unspecified_mcg: self.k2_unspecified_mcg * factor,
            k_unspecified_mcg: self.k_unspecified_mcg * factor,
            calcium_mg: self.calcium_mg * factor,
            magnesium_mg: self.magnesium_mg * factor,
        }
    }
}

/// Whether the fat-soluble vitamins come in an oil or fat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Carrier {
    Oil,
    None,
    Unknown,
}

impl Carrier {
    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::Oil => "oil",
            Carrier::None => "none",
            Carrier::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Carrier> {
        match s {
            "oil" => Some(Carrier::Oil),
            "none" => Some(Carrier::None),
            "unknown" => Some(Carrier::Unknown),
            _ => None,
        }
    }
}

/// A label reduced to what a person takes. Both figures are kept: the amount taken at once
/// (`per_serving`, one administration) and the daily average (`per_day`). A weekly or monthly
/// product averaged to a day would hide its bolus; rules say which figure they test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intake {
    /// What one administration (one serving) supplies.
    pub per_serving: Nutrients,
    /// The daily average: per serving × servings per day.
    pub per_day: Nutrients,
    /// Vitamin D forms declared, in a stable order (D3, D2, unspecified).
    pub vitamin_d_forms: Vec<DForm>,
    pub servings_per_day: f64,
    pub carrier: Carrier,
    /// The other ingredient that makes the carrier an oil.
    pub carrier_source: Option<String>,
    /// Why the carrier is what it is, in words ("no oil or fat among the other ingredients").
    #[serde(skip)]
    pub carrier_reason: String,
    /// Ingredients that are not checked (zinc, vitamin C…), as printed.
    #[serde(skip)]
    pub unchecked: Vec<String>,
    /// Vitamin D lines that declare both a mass and IU (to check they agree; the mass is used).
    #[serde(skip)]
    pub iu_mass_pairs: Vec<IuMassPair>,
    /// Vitamin D per serving by form, in IU, in the order of `vitamin_d_forms`.
    #[serde(skip)]
    pub vitamin_d_iu_by_form: Vec<(DForm, f64)>,
    /// The serving as printed ("1 capsule"), for saying how the product is taken.
    #[serde(skip)]
    pub serving_size: Option<String>,
}

/// How often a product is taken, from its servings per day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// One or more servings every day.
    Daily { servings: f64 },
    /// One serving every `days` days (a weekly, monthly… product).
    Intermittent { days: f64 },
}

impl Schedule {
    pub fn of(servings_per_day: f64) -> Schedule {
        if servings_per_day >= 1.0 - 1e-9 {
            Schedule::Daily {
                servings: servings_per_day,
            }
        } else {
            // Label files store 1/7 as 0.142857: a whole number of days within 0.01 is that.
            let days = 1.0 / servings_per_day;
            let whole = days.round();
            Schedule::Intermittent {
                days: if (days - whole).abs() < 0.01 {
                    whole
                } else {
                    days
                },
            }
        }
    }

    /// "a day", "2 times a day", "per week", "every 2 weeks", "per month", "every 10 days".
    pub fn words(self) -> String {
        use crate::format::number;
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        match self {
            Schedule::Daily { servings } if near(servings, 1.0) => "a day".to_string(),
            Schedule::Daily { servings } => format!("{} times a day", number(servings)),
            Schedule::Intermittent { days } if near(days, 7.0) => "per week".to_string(),
            Schedule::Intermittent { days } if near(days % 7.0, 0.0) && days < 60.0 => {
                format!("every {} weeks", number((days / 7.0).round()))
            }
            Schedule::Intermittent { days } if (28.0..=31.0).contains(&days) => {
                "per month".to_string()
            }
            Schedule::Intermittent { days } => format!("every {} days", number(days)),
        }
    }

    pub fn is_daily(self) -> bool {
        matches!(self, Schedule::Daily { .. })
    }
}

impl Intake {
    pub fn schedule(&self) -> Schedule {
        Schedule::of(self.servings_per_day)
    }

    /// How the product is taken, with the amount per administration and the daily average:
    /// "1 capsule per week (50,000 IU; 7,143 IU/day on average)", "1 softgel a day (5,000 IU)".
    /// The amount is vitamin D's when the product has some, else the first of vitamin K,
    /// calcium and magnesium it has. The text report, the app and other reports print this.
    pub fn dose_text(&self) -> String {
        use crate::format::number;
        let serving = self
            .serving_size
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("1 serving");
        let schedule = self.schedule();
        let amount = |n: &Nutrients| -> Option<(f64, &'static str)> {
            [
                (n.vitamin_d_iu, "IU"),
                (n.vitamin_k_total_mcg(), "mcg vitamin K"),
                (n.calcium_mg, "mg calcium"),
                (n.magnesium_mg, "mg magnesium"),
            ]
            .into_iter()
            .find(|(v, _)| *v > 0.0)
        };
        let detail = match (amount(&self.per_serving), amount(&self.per_day), schedule) {
            (Some((dose, unit)), _, Schedule::Daily { servings })
                if (servings - 1.0).abs() < 1e-9 =>
            {
                format!(" ({} {unit})", number(dose))
            }
            (Some((dose, unit)), Some((day, _)), Schedule::Daily { .. }) => {
                format!(
                    " ({} {unit} each; {} {unit} a day)",
                    number(dose),
                    number(day)
                )
            }
            (Some((dose, unit)), Some((day, _)), Schedule::Intermittent { .. }) => {
                let (first, rest) = unit.split_once(' ').unwrap_or((unit, ""));
                let rest = if rest.is_empty() {
                    String::new()
                } else {
                    format!(" {rest}")
                };
                // An average is an estimate: whole units read better than 7,142.86.
                let day = if day >= 10.0 { day.round() } else { day };
                format!(
                    " ({} {unit}; {} {first}/day{rest} on average)",
                    number(dose),
                    number(day)
                )
            }
            _ => String::new(),
        };
        format!("{serving} {}{detail}", schedule.words())
    }
}

/// A vitamin D line that declares a mass and an IU figure.
#[derive(Debug, Clone, PartialEq)]
pub struct IuMassPair {
    pub name: String,
    pub mass_mcg: f64,
    pub declared_iu: f64,
}

impl IuMassPair {
    /// The IU the mass stands for (1 mcg = 40 IU).
    pub fn mass_iu(&self) -> f64 {
        self.mass_mcg * IU_PER_MCG_VITAMIN_D
    }

    /// How far the printed IU is from the mass, as a fraction of the mass's IU.
    pub fn relative_error(&self) -> f64 {
        (self.declared_iu - self.mass_iu()).abs() / self.mass_iu()
    }
}

impl Serialize for DForm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Refuses units that cannot be converted for this ingredient. IU converts to mass only for
/// vitamin D (1 mcg = 40 IU); for other vitamins the factor depends on the chemical form, and
/// for minerals IU does not exist.
pub fn check_unit(ingredient: &Ingredient) -> Result<(), String> {
    if ingredient.unit == Unit::Iu && !matches!(ingredient.nutrient(), Nutrient::VitaminD(_)) {
        return Err(format!(
            "IU is used here only for vitamin D (1 mcg = 40 IU); give the amount of \"{}\" in mcg, mg or g — \
             IU converts to mass differently for each vitamin and not at all for minerals",
            ingredient.name
        ));
    }
    Ok(())
}

impl Intake {
    /// Normalises a label. Ingredients whose unit cannot be converted (which a parsed label
    /// file never has) are listed as unchecked rather than guessed at.
    pub fn from_label(label: &Label) -> Intake {
        let mut per_serving = Nutrients::default();
        let mut forms: Vec<DForm> = Vec::new();
        let mut unchecked = Vec::new();
        let mut pairs = Vec::new();
        let mut by_form: Vec<(DForm, f64)> = Vec::new();
        for ing in &label.ingredients {
            let nutrient = ing.nutrient();
            let added = match nutrient {
                Nutrient::VitaminD(form) => {
                    // With a mass and an IU figure, the mass is the declaration (FDA: vitamin D
                    // in mcg, IU optional beside it), whichever the label prints first.
                    let mass_mcg = ing
                        .unit
                        .mcg_factor()
                        .map(|f| ing.amount * f)
                        .or_else(|| ing.alt.and_then(|(a, u)| u.mcg_factor().map(|f| a * f)));
                    let printed_iu = if ing.unit == Unit::Iu {
                        Some(ing.amount)
                    } else {
                        ing.alt.and_then(|(a, u)| (u == Unit::Iu).then_some(a))
                    };
                    if let (Some(mass), Some(iu)) = (mass_mcg, printed_iu) {
                        pairs.push(IuMassPair {
                            name: ing.name.clone(),
                            mass_mcg: mass,
                            declared_iu: iu,
                        });
                    }
                    let iu = mass_mcg.map(|m| m * IU_PER_MCG_VITAMIN_D).or(printed_iu);
                    if let Some(iu) = iu {
                        per_serving.vitamin_d_iu += iu;
                        if !forms.contains(&form) {
                            forms.push(form);
                        }
                        match by_form.iter_mut().find(|(f, _)| *f == form) {
                            Some((_, total)) => *total += iu,
                            None => by_form.push((form, iu)),
                        }
                    }
                    iu.is_some()
                }
                Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => {
                    match ing.unit.mcg_factor() {
                        Some(f) => {
                            let mcg = ing.amount * f;
                            match nutrient {
                                Nutrient::K1 => per_serving.k1_mcg += mcg,
                                Nutrient::K2(K2Form::Mk7) => per_serving.k2_mk7_mcg += mcg,
                                Nutrient::K2(K2Form::Mk4) => per_serving.k2_mk4_mcg += mcg,
                                Nutrient::KUnspecified => per_serving.k_unspecified_mcg += mcg,
                                _ => per_serving.k2_unspecified_mcg += mcg,
                            }
                            true
                        }
                        None => false,
                    }
                }
                Nutrient::Calcium | Nutrient::Magnesium => match ing.unit.mcg_factor() {
                    Some(f) => {
                        let mg = ing.amount * f / 1_000.0;
                        if nutrient == Nutrient::Calcium {
                            per_serving.calcium_mg += mg;
                        } else {
                            per_serving.magnesium_mg += mg;
                        }
                        true
                    }
                    None => false,
                },
                Nutrient::Other => false,
            };
            if !added {
                unchecked.push(ing.name.clone());
            }
        }
        forms.sort();
        by_form.sort_by_key(|(f, _)| *f);
        let servings_per_day = label.servings_per_day();
        let (carrier, carrier_source, carrier_reason) = detect_carrier(label);
        Intake {
            per_serving,
            per_day: per_serving.scaled(servings_per_day),
            vitamin_d_forms: forms,
            servings_per_day,
            carrier,
            carrier_source,
            carrier_reason,
            unchecked,
            iu_mass_pairs: pairs,
            vitamin_d_iu_by_form: by_form,
            serving_size: label.serving_size.clone(),
        }
    }
}

/// `oil` when any other ingredient is an oil or fat; `none` when other ingredients are listed
/// without one, or when none are listed and the form is dry by nature; otherwise `unknown`.
fn detect_carrier(label: &Label) -> (Carrier, Option<String>, String) {
    if let Some(carrier) = label.carrier {
        let source = (carrier == Carrier::Oil)
            .then(|| {
                label
                    .other_ingredients
                    .iter()
                    .find(|i| names::is_oil(i))
                    .cloned()
            })
            .flatten();
        let reason = match carrier {
            Carrier::Unknown => "no other ingredients listed",
            Carrier::Oil => "the label says the vitamins are in oil",
            Carrier::None => "the label says there is no oil",
        };
        return (carrier, source, reason.to_string());
    }
    if let Some(oil) = label.other_ingredients.iter().find(|i| names::is_oil(i)) {
        return (
            Carrier::Oil,
            Some(oil.clone()),
            format!("{oil} is an oil or fat"),
        );
    }
    if !label.other_ingredients.is_empty() {
        return (
            Carrier::None,
            None,
            "no oil or fat among the other ingredients".into(),
        );
    }
    match label.form {
        Some(form) if form.is_dry() => (
            Carrier::None,
            None,
            format!("a dry form ({form}) with no other ingredients listed"),
        ),
        _ => (Carrier::Unknown, None, "no other ingredients listed".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::DosageForm;

    #[test]
    fn vitamin_d_mass_converts_at_40_iu_per_mcg() {
        let label = Label {
            ingredients: vec![Ingredient::new("Vitamin D3", None, 125.0, Unit::Mcg)],
            ..Label::default()
        };
        assert_eq!(Intake::from_label(&label).per_day.vitamin_d_iu, 5_000.0);
        let label = Label {
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1.25, Unit::Mg)],
            ..Label::default()
        };
        assert_eq!(Intake::from_label(&label).per_day.vitamin_d_iu, 50_000.0);
    }

    #[test]
    fn per_day_is_per_serving_times_servings() {
        let label = Label {
            servings_per_day: Some(1.0 / 7.0),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 50_000.0, Unit::Iu)],
            ..Label::default()
        };
        let intake = Intake::from_label(&label);
        assert_eq!(intake.per_serving.vitamin_d_iu, 50_000.0);
        assert!((intake.per_day.vitamin_d_iu - 7_142.857).abs() < 0.01);
    }

    #[test]
    fn a_weekly_dose_is_told_per_administration_and_as_a_daily_average() {
        let label = Label {
            serving_size: Some("1 capsule".into()),
            servings_per_day: Some(1.0 / 7.0),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 50_000.0, Unit::Iu)],
            ..Label::default()
        };
        let intake = Intake::from_label(&label);
        assert_eq!(intake.schedule(), Schedule::Intermittent { days: 7.0 });
        assert_eq!(
            intake.dose_text(),
            "1 capsule per week (50,000 IU; 7,143 IU/day on average)"
        );
    }

    #[test]
    fn daily_and_other_intervals_are_worded_as_a_label_would() {
        let text = |spd: f64, size: Option<&str>| {
            Intake::from_label(&Label {
                serving_size: size.map(str::to_string),
                servings_per_day: Some(spd),
                ingredients: vec![Ingredient::new("Vitamin D3", None, 1_000.0, Unit::Iu)],
                ..Label::default()
            })
            .dose_text()
        };
        assert_eq!(text(1.0, Some("1 softgel")), "1 softgel a day (1,000 IU)");
        assert_eq!(
            text(2.0, Some("1 tablet")),
            "1 tablet 2 times a day (1,000 IU each; 2,000 IU a day)"
        );
        assert_eq!(
            text(1.0 / 30.0, None),
            "1 serving per month (1,000 IU; 33 IU/day on average)"
        );
        assert_eq!(
            text(1.0 / 14.0, None),
            "1 serving every 2 weeks (1,000 IU; 71 IU/day on average)"
        );
        assert_eq!(
            text(0.1, None),
            "1 serving every 10 days (1,000 IU; 100 IU/day on average)"
        );
        let calcium = Intake::from_label(&Label {
            servings_per_day: Some(1.0 / 7.0),
            ingredients: vec![Ingredient::new("Calcium", None, 700.0, Unit::Mg)],
            ..Label::default()
        });
        assert_eq!(
            calcium.dose_text(),
            "1 serving per week (700 mg calcium; 100 mg/day calcium on average)"
        );
    }

    #[test]
    fn k_forms_and_minerals_land_in_their_own_buckets() {
        let label = Label {
            ingredients: vec![
                Ingredient::new("Vitamin K2", Some("as MK-7"), 0.1, Unit::Mg),
                Ingredient::new("Vitamin K2", Some("menatetrenone"), 1_000.0, Unit::Mcg),
                Ingredient::new("Vitamin K2", None, 10.0, Unit::Mcg),
                Ingredient::new("Vitamin K1", None, 90.0, Unit::Mcg),
                Ingredient::new("Vitamin K", None, 30.0, Unit::Mcg),
                Ingredient::new("Calcium", Some("carbonate"), 0.5, Unit::G),
                Ingredient::new("Magnesium", Some("glycinate"), 100.0, Unit::Mg),
                Ingredient::new("Zinc", None, 10.0, Unit::Mg),
            ],
            ..Label::default()
        };
        let n = Intake::from_label(&label).per_serving;
        assert_eq!(n.k2_mk7_mcg, 100.0);
        assert_eq!(n.k2_mk4_mcg, 1_000.0);
        assert_eq!(n.k2_unspecified_mcg, 10.0);
        assert_eq!(n.k1_mcg, 90.0);
        assert_eq!(n.k_unspecified_mcg, 30.0);
        assert_eq!(
            n.k2_total_mcg(),
            1_110.0,
            "vitamin K of unstated form is not K2"
        );
        assert_eq!(n.vitamin_k_total_mcg(), 1_230.0);
        assert_eq!(n.calcium_mg, 500.0);
        assert_eq!(n.magnesium_mg, 100.0);
        assert_eq!(
            Intake::from_label(&label).unchecked,
            vec!["Zinc".to_string()]
        );
    }

    #[test]
    fn iu_for_anything_but_vitamin_d_is_refused_with_a_reason() {
        let err = check_unit(&Ingredient::new("Vitamin K2", None, 100.0, Unit::Iu)).unwrap_err();
        assert!(err.contains("only for vitamin D"), "{err}");
        assert!(check_unit(&Ingredient::new("Vitamin D3", None, 100.0, Unit::Iu)).is_ok());
    }

    #[test]
    fn carrier_is_oil_none_or_unknown() {
        let mut label = Label {
            other_ingredients: vec!["gelatin".into(), "MCT oil".into()],
            ..Label::default()
        };
        let intake = Intake::from_label(&label);
        assert_eq!(intake.carrier, Carrier::Oil);
        assert_eq!(intake.carrier_source.as_deref(), Some("MCT oil"));

        label.other_ingredients = vec!["microcrystalline cellulose".into()];
        assert_eq!(Intake::from_label(&label).carrier, Carrier::None);

        label.other_ingredients.clear();
        assert_eq!(Intake::from_label(&label).carrier, Carrier::Unknown);
        label.form = Some(DosageForm::Tablet);
        assert_eq!(Intake::from_label(&label).carrier, Carrier::None);
        label.form = Some(DosageForm::Softgel);
        assert_eq!(Intake::from_label(&label).carrier, Carrier::Unknown);
    }
}
