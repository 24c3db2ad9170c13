//! The DSLD v9 `Label` record, as far as labelcheck reads it.
//!
//! The shape follows the DSLD API documentation (`GET /v9/label/{id}`, API 9.x,
//! <https://dsldapi.od.nih.gov>) and the open-source DSLD cleaners that describe its fields.
//! A record has many more fields (contacts, events, netContents, images…); unknown fields are
//! ignored, while the fields read here must have the documented type. Fields DSLD leaves out
//! or sets to `null` are `None`; only `id`, `fullName` and `ingredientRows` are required, and
//! in a quantity its `quantity` and `unit` (an amount "not provided" is `0` with unit `NP`).

use serde::Deserialize;

/// One label.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: u64,
    pub full_name: String,
    #[serde(default)]
    pub brand_name: Option<String>,
    #[serde(default)]
    pub physical_state: Option<Langual>,
    #[serde(default)]
    pub serving_sizes: Option<Vec<ServingSize>>,
    pub ingredient_rows: Vec<Row>,
    #[serde(default, rename = "otheringredients")]
    pub other_ingredients: Option<OtherIngredients>,
    #[serde(default)]
    pub statements: Option<Vec<Statement>>,
    /// LanguaL claim categories ("Structure/Function"…), not the printed text.
    #[serde(default)]
    pub claims: Option<Vec<Langual>>,
    #[serde(default)]
    pub target_groups: Option<Vec<String>>,
    /// 0 on the market, 1 off it (some exports write it as a string).
    #[serde(default)]
    pub off_market: Option<Flag>,
}

/// 0/1 written as a number, a string or a boolean.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Flag {
    Number(f64),
    Text(String),
    Bool(bool),
}

impl Flag {
    pub fn is_set(&self) -> bool {
        match self {
            Flag::Number(n) => *n != 0.0,
            Flag::Text(t) => !matches!(t.trim(), "" | "0" | "false"),
            Flag::Bool(b) => *b,
        }
    }
}

/// A LanguaL code and its description (physical state, claim category…).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Langual {
    #[serde(default)]
    pub langual_code: Option<String>,
    #[serde(default)]
    pub langual_code_description: Option<String>,
}

/// One serving-size column of the Supplement Facts panel.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServingSize {
    #[serde(default)]
    pub order: Option<f64>,
    #[serde(default)]
    pub min_quantity: Option<f64>,
    #[serde(default)]
    pub max_quantity: Option<f64>,
    #[serde(default)]
    pub min_daily_servings: Option<f64>,
    #[serde(default)]
    pub max_daily_servings: Option<f64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// One row of the panel; blends hold further rows in `nestedRows`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub name: String,
    #[serde(default)]
    pub ingredient_group: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub forms: Option<Vec<Form>>,
    #[serde(default)]
    pub quantity: Option<Vec<Quantity>>,
    #[serde(default)]
    pub nested_rows: Option<Vec<Row>>,
}

/// The "as …" / "from …" part of a row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Form {
    pub name: String,
    #[serde(default)]
    pub prefix: Option<String>,
}

/// A row's amount in one serving-size column.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    #[serde(default)]
    pub serving_size_order: Option<f64>,
    #[serde(default)]
    pub serving_size_quantity: Option<f64>,
    #[serde(default)]
    pub serving_size_unit: Option<String>,
    #[serde(default)]
    pub operator: Option<String>,
    pub quantity: f64,
    pub unit: String,
    #[serde(default)]
    pub daily_value_target_group: Option<Vec<DailyValue>>,
}

/// The %DV printed for one target group.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyValue {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub operator: Option<String>,
    #[serde(default)]
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherIngredients {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub ingredients: Option<Vec<OtherIngredient>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherIngredient {
    pub name: String,
}

/// A printed statement: directions, precautions, the FDA disclaimer…
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Statement {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}
