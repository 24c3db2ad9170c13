//! Reference values for percentage columns (the US Daily Values, the EU Nutrient Reference
//! Values) and the label lines they apply to. Shared by the regional kinds that recompute a
//! printed %DV or %NRV; not a kind itself.

use serde_json::{Map, Value, json};

use crate::format::number;
use crate::label::{DvPopulation, Ingredient, Label, Nutrient, PrintedPercent, Unit};
use crate::rules::read::{Ctx, check_threshold};
use crate::tomlread::Fields;

/// A nutrient with a reference value, in the unit the value is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefNutrient {
    VitaminD,
    VitaminK,
    Calcium,
    Magnesium,
}

impl RefNutrient {
    pub const ALL: [RefNutrient; 4] = [
        RefNutrient::VitaminD,
        RefNutrient::VitaminK,
        RefNutrient::Calcium,
        RefNutrient::Magnesium,
    ];

    /// The key of its value in a `reference` table.
    pub fn key(self) -> &'static str {
        match self {
            RefNutrient::VitaminD => "vitamin_d_mcg",
            RefNutrient::VitaminK => "vitamin_k_mcg",
            RefNutrient::Calcium => "calcium_mg",
            RefNutrient::Magnesium => "magnesium_mg",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            RefNutrient::VitaminD | RefNutrient::VitaminK => "mcg",
            RefNutrient::Calcium | RefNutrient::Magnesium => "mg",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            RefNutrient::VitaminD => "vitamin D",
            RefNutrient::VitaminK => "vitamin K",
            RefNutrient::Calcium => "calcium",
            RefNutrient::Magnesium => "magnesium",
        }
    }

    pub fn of(nutrient: Nutrient) -> Option<RefNutrient> {
        match nutrient {
            Nutrient::VitaminD(_) => Some(RefNutrient::VitaminD),
            Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => Some(RefNutrient::VitaminK),
            Nutrient::Calcium => Some(RefNutrient::Calcium),
            Nutrient::Magnesium => Some(RefNutrient::Magnesium),
            Nutrient::Other => None,
        }
    }

    /// Words a claim uses to name the nutrient, folded (see [`crate::label::names::fold`]).
    fn words(self) -> &'static [&'static str] {
        match self {
            RefNutrient::VitaminD => &["vitamin d", "vitamin d3", "d3", "cholecalciferol"],
            RefNutrient::VitaminK => &[
                "vitamin k",
                "vitamin k2",
                "k2",
                "vitamin k1",
                "mk 7",
                "mk7",
                "menaquinone",
            ],
            RefNutrient::Calcium => &["calcium"],
            RefNutrient::Magnesium => &["magnesium"],
        }
    }

    /// The nutrients a text names ("Excellent source of vitamin D and calcium").
    pub fn named_in(text: &str) -> Vec<RefNutrient> {
        let folded = crate::label::names::fold(text);
        RefNutrient::ALL
            .into_iter()
            .filter(|n| n.words().iter().any(|w| folded.contains(&format!(" {w} "))))
            .collect()
    }
}

/// A line of the label with a reference nutrient, and its amount per serving, unrounded, in
/// the reference value's unit.
pub struct RefLine<'l> {
    pub index: usize,
    pub ingredient: &'l Ingredient,
    pub nutrient: RefNutrient,
    pub amount: f64,
}

impl RefLine<'_> {
    /// "12.5 mcg", "500 mg".
    pub fn amount_text(&self) -> String {
        format!("{} {}", number(self.amount), self.nutrient.unit())
    }
}

/// The label's lines with a reference nutrient and an amount that converts to its unit.
/// Vitamin D declared only in IU counts at 40 IU per mcg.
pub fn lines(label: &Label) -> Vec<RefLine<'_>> {
    label
        .ingredients
        .iter()
        .enumerate()
        .filter_map(|(index, ingredient)| {
            let nutrient = RefNutrient::of(ingredient.nutrient())?;
            let mass = |amount: f64, unit: Unit| unit.mcg_factor().map(|f| amount * f);
            let mcg = mass(ingredient.amount, ingredient.unit)
                .or_else(|| ingredient.alt.and_then(|(a, u)| mass(a, u)))
                .or_else(|| {
                    (nutrient == RefNutrient::VitaminD && ingredient.unit == Unit::Iu)
                        .then(|| ingredient.amount / crate::label::units::IU_PER_MCG_VITAMIN_D)
                })?;
            let amount = match nutrient.unit() {
                "mg" => mcg / 1_000.0,
                _ => mcg,
            };
            Some(RefLine {
                index,
                ingredient,
                nutrient,
                amount,
            })
        })
        .collect()
}

/// Which printed column a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The US %DV (Daily Value) column.
    Dv,
    /// The EU %NRV (%RI) column.
    Nrv,
}

impl Column {
    pub fn key(self) -> &'static str {
        match self {
            Column::Dv => "dv",
            Column::Nrv => "nrv",
        }
    }

    /// "%DV", "%NRV".
    pub fn name(self) -> &'static str {
        match self {
            Column::Dv => "%DV",
            Column::Nrv => "%NRV",
        }
    }

    /// The label file key of the column on an ingredient.
    pub fn label_key(self) -> &'static str {
        match self {
            Column::Dv => "percent_dv",
            Column::Nrv => "percent_nrv",
        }
    }

    /// What the reference value is called: "DV", "NRV".
    pub fn reference_name(self) -> &'static str {
        match self {
            Column::Dv => "DV",
            Column::Nrv => "NRV",
        }
    }

    pub fn printed(self, ingredient: &Ingredient) -> Option<PrintedPercent> {
        match self {
            Column::Dv => ingredient.printed.dv,
            Column::Nrv => ingredient.printed.nrv,
        }
    }

    /// The population whose values apply: the label's %DV population (adults by default);
    /// EU NRVs are set for adults only.
    pub fn population(self, label: &Label) -> DvPopulation {
        match self {
            Column::Dv => label.dv_population.unwrap_or(DvPopulation::Adults),
            Column::Nrv => DvPopulation::Adults,
        }
    }

    /// Whose values were used, for messages: "DVs for adults and children 4 years and over".
    pub fn values_for(self, population: DvPopulation) -> String {
        match self {
            Column::Dv => format!("DVs for {}", population.describe()),
            Column::Nrv => "adult NRVs".to_string(),
        }
    }

    /// Reads `column = "dv" | "nrv"`.
    pub fn read(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Column> {
        let v = ctx.keep(f.require_string(key, "dv (US %DV) or nrv (EU %NRV)"))?;
        match v.get_ref().as_str() {
            "dv" => Some(Column::Dv),
            "nrv" => Some(Column::Nrv),
            other => {
                ctx.fail(
                    v.span(),
                    format!("unknown column \"{other}\": use dv (US %DV) or nrv (EU %NRV)"),
                );
                None
            }
        }
    }

    /// "the label text has no %DV column".
    pub fn missing(self) -> String {
        format!("the label text has no {} column", self.name())
    }
}

/// Reference values by population: `reference.adults = { vitamin_d_mcg = 20, … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct References {
    by_population: Vec<(DvPopulation, [Option<f64>; 4])>,
}

impl References {
    /// The reference value of a nutrient for a population, when the table has one.
    pub fn value(&self, population: DvPopulation, nutrient: RefNutrient) -> Option<f64> {
        let i = RefNutrient::ALL.iter().position(|n| *n == nutrient)?;
        self.by_population
            .iter()
            .find(|(p, _)| *p == population)
            .and_then(|(_, values)| values[i])
    }

    /// The printed percentage, unrounded: amount ÷ reference × 100.
    pub fn percent(&self, population: DvPopulation, line: &RefLine<'_>) -> Option<f64> {
        self.value(population, line.nutrient)
            .map(|v| line.amount / v * 100.0)
    }

    /// Reads a `reference` table: one subtable per population, each with the nutrients'
    /// values (greater than 0). The adults' values are required.
    pub fn read(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<References> {
        let Some((table, span)) = ctx.keep(f.take_table(key)).flatten() else {
            ctx.fail(
                f.span().start..f.span().start,
                format!(
                    "missing required key `{key}` (e.g. {key}.adults = {{ vitamin_d_mcg = 20, vitamin_k_mcg = 120 }})"
                ),
            );
            return None;
        };
        let before = ctx.problems.len();
        let mut by_population = Vec::new();
        for (name, value) in table.iter() {
            let population = match name.get_ref().parse::<DvPopulation>() {
                Ok(p) => p,
                Err(msg) => {
                    ctx.fail(name.span(), msg.replace("dv_population", "population"));
                    continue;
                }
            };
            let toml::de::DeValue::Table(values) = value.get_ref() else {
                ctx.fail(
                    value.span(),
                    format!(
                        "`{key}.{population}` must be a table such as {{ vitamin_d_mcg = 20 }}"
                    ),
                );
                continue;
            };
            let mut g = Fields::new(values, value.span());
            let mut row = [None; 4];
            for (slot, nutrient) in row.iter_mut().zip(RefNutrient::ALL) {
                let Some(Some(v)) = ctx.keep(g.take_number(nutrient.key())) else {
                    continue;
                };
                if *v.get_ref() <= 0.0 {
                    ctx.fail(
                        v.span(),
                        format!("`{}` must be greater than 0", nutrient.key()),
                    );
                    continue;
                }
                *slot = check_threshold(nutrient.key(), &v, ctx);
            }
            for (unknown, uspan) in g.unknown() {
                let keys: Vec<&str> = RefNutrient::ALL.iter().map(|n| n.key()).collect();
                ctx.fail(
                    uspan,
                    format!(
                        "unknown nutrient `{unknown}` in `{key}.{population}`: use {}",
                        keys.join(", ")
                    ),
                );
            }
            by_population.push((population, row));
        }
        if !by_population
            .iter()
            .any(|(p, _)| *p == DvPopulation::Adults)
        {
            ctx.fail(
                span,
                format!("`{key}` needs the adults' values: {key}.adults = {{ … }}"),
            );
        }
        (ctx.problems.len() == before).then_some(References { by_population })
    }

    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        for (population, row) in &self.by_population {
            let mut values = Map::new();
            for (v, nutrient) in row.iter().zip(RefNutrient::ALL) {
                if let Some(v) = v {
                    values.insert(nutrient.key().to_string(), json!(v));
                }
            }
            out.insert(population.as_str().to_string(), Value::Object(values));
        }
        Value::Object(out)
    }
}

/// A percentage for messages: "62.5%", "0.42%".
pub fn percent_text(p: f64) -> String {
    format!("{}%", number(p))
}
