//! A regimen: the products one person takes, each with how it is taken, totalled per nutrient
//! and checked as a whole.
//!
//! Upper limits concern everything a person takes, so every rule that measures an amount runs
//! on the regimen's total (per day, averaged over a schedule), and each total finding lists the
//! products that contribute. Rules about a product's forms, carrier and claims still run per
//! product. A weekly or monthly product stays visible as a bolus: besides its daily average,
//! each product has the amount on a day it is taken, and the total has the amount on a day
//! everything is taken together.

mod file;
mod save;

use crate::format::number;
use crate::label::{Intake, Label, Nutrients};
use crate::profile::Profile;
use crate::rules::kinds::{Fired, ProductAmounts};
use crate::rules::{Finding, Quantity, RuleKind, RuleSet, Severity};

pub use file::{
    LoadedRegimen, MAX_EVERY_DAYS, MAX_PRODUCTS, is_regimen_text, load_regimen_file,
    parse_regimen_text, regimen_from_label_files,
};
pub use save::{SavedLabel, SavedProduct, product_table_count, regimen_toml};

/// The products one person takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Regimen {
    /// Words for whose regimen it is (`name` in regimen.toml), if given.
    pub name: Option<String>,
    /// The `[person]` table, if the file has one.
    pub person: Option<Profile>,
    pub products: Vec<Product>,
}

/// One product of a regimen.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Where the label came from: its file, or the regimen file for an inline label.
    pub file: String,
    pub label: Label,
    pub taken: Taken,
    /// Why the person takes it ("osteoporosis, started by GP"), if noted.
    pub reason: Option<String>,
}

/// How a product is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Taken {
    /// As the label says: its `servings_per_day` (1 when it gives none).
    AsLabel,
    /// This many servings a day, whatever the label says.
    Daily(f64),
    /// `servings` servings at once, every `days` days.
    Every {
        days: f64,
        servings: f64,
        period: Period,
    },
}

/// How a schedule was written, so it is said back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Weekly,
    Monthly,
    Days,
}

/// Days in an average month (365.25 / 12), for `schedule = "monthly"`.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

impl Taken {
    /// Average servings a day.
    pub fn servings_per_day(self, label: &Label) -> f64 {
        match self {
            Taken::AsLabel => label.servings_per_day(),
            Taken::Daily(n) => n,
            Taken::Every { days, servings, .. } => servings / days,
        }
    }

    /// How many servings are taken at once on a day the product is taken, and every how many
    /// days: a daily product is taken every day (its day's servings), a label saying 1/7 of a
    /// serving a day is one serving every 7 days.
    pub fn administration(self, label: &Label) -> (f64, f64) {
        match self {
            Taken::Every { days, servings, .. } => (servings, days),
            _ => {
                let per_day = self.servings_per_day(label);
                if per_day >= 1.0 {
                    (per_day, 1.0)
                } else {
                    (1.0, 1.0 / per_day)
                }
            }
        }
    }

    /// "2 a day", "1 once a week", "1 every 10 days", "1 a day (as the label says)".
    pub fn describe(self, label: &Label) -> String {
        let (servings, days) = self.administration(label);
        let count = number(servings);
        let when = match self {
            Taken::Every {
                period: Period::Weekly,
                ..
            } => "once a week".to_string(),
            Taken::Every {
                period: Period::Monthly,
                ..
            } => "once a month".to_string(),
            _ if (days - 1.0).abs() < 1e-9 => "a day".to_string(),
            _ if (days - 7.0).abs() < 0.01 => "once a week".to_string(),
            _ => format!("every {} days", number(days)),
        };
        let serving_word = if (servings - 1.0).abs() < 1e-9 {
            "serving"
        } else {
            "servings"
        };
        let source = if self == Taken::AsLabel {
            if label.servings_per_day.is_some() {
                " (as the label says)"
            } else {
                " (the label does not say; 1 a day assumed)"
            }
        } else {
            ""
        };
        format!("{count} {serving_word} {when}{source}")
    }
}

impl Product {
    /// The product's name as its label prints it.
    pub fn name(&self) -> &str {
        &self.label.name
    }

    /// The label normalised as this person takes it: the regimen's servings replace the
    /// label's in the daily average.
    pub fn intake_as_taken(&self) -> Intake {
        let mut intake = Intake::from_label(&self.label);
        let servings = self.taken.servings_per_day(&self.label);
        intake.servings_per_day = servings;
        intake.per_day = intake.per_serving.scaled(servings);
        intake
    }
}

/// One product's part in a nutrient's total.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Index of the product in the regimen.
    pub product: usize,
    /// Average per day.
    pub per_day: f64,
    /// Per serving.
    pub per_serving: f64,
    /// Servings taken at once, and every how many days.
    pub servings: f64,
    pub every_days: f64,
}

impl Contribution {
    /// The amount on a day the product is taken.
    pub fn per_administration(&self) -> f64 {
        self.per_serving * self.servings
    }

    /// Taken less often than daily: its day's amount is a bolus inside the average.
    pub fn is_bolus(&self) -> bool {
        self.every_days > 1.0 + 1e-9
    }

    /// "5,000", "800 × 2", "50,000 every 7 days (7,142.86/day on average)": the product's part
    /// in the quantity's unit, as a finding lists it.
    pub fn describe(&self) -> String {
        self.describe_in("")
    }

    /// As [`Contribution::describe`], with the unit after each amount: "400 IU × 2",
    /// "50,000 IU every 7 days (7,142.86 IU/day on average)".
    pub fn describe_with_unit(&self, unit: &str) -> String {
        self.describe_in(&format!(" {unit}"))
    }

    fn describe_in(&self, unit: &str) -> String {
        let amount = if (self.servings - 1.0).abs() < 1e-9 {
            format!("{}{unit}", number(self.per_serving))
        } else {
            format!(
                "{}{unit} × {}",
                number(self.per_serving),
                number(self.servings)
            )
        };
        if self.is_bolus() {
            format!(
                "{amount} every {} days ({}{unit}/day on average)",
                number(self.every_days),
                number(self.per_day)
            )
        } else {
            amount
        }
    }
}

/// A nutrient's total across the regimen.
#[derive(Debug, Clone, PartialEq)]
pub struct NutrientTotal {
    pub quantity: Quantity,
    /// Average per day, all products.
    pub per_day: f64,
    /// On a day every product is taken (each bolus included whole).
    pub heaviest_day: f64,
    pub contributions: Vec<Contribution>,
}

/// The quantities a regimen's totals list, in this order: vitamin D in IU whatever each label
/// printed, each vitamin K form in mcg (vitamin K printed without a form on its own line, never
/// added to K2), elemental calcium and magnesium in mg.
pub const TOTALLED: [Quantity; 8] = [
    Quantity::VitaminDIu,
    Quantity::K1Mcg,
    Quantity::K2Mk7Mcg,
    Quantity::K2Mk4Mcg,
    Quantity::K2UnspecifiedMcg,
    Quantity::KUnspecifiedMcg,
    Quantity::CalciumMg,
    Quantity::MagnesiumMg,
];

/// A product checked as part of a regimen.
#[derive(Debug, Clone)]
pub struct CheckedProduct<'r> {
    /// The label as taken, normalised (per day is the average over its schedule).
    pub intake: Intake,
    /// Servings at once and every how many days.
    pub servings: f64,
    pub every_days: f64,
    /// Findings of the rules that judge one product (forms, carrier, claims).
    pub findings: Vec<Finding<'r>>,
}

/// A finding on the regimen, with the products behind each quantity it measures.
#[derive(Debug, Clone)]
pub struct RegimenFinding<'r> {
    pub finding: Finding<'r>,
    pub contributions: Vec<(Quantity, Vec<Contribution>)>,
}

impl RegimenFinding<'_> {
    /// "vitamin D 6,400 IU/day: Softgel A 5,000, Calcium+D tablet 800 × 2", one line per
    /// quantity the finding measures that any product supplies.
    pub fn contribution_lines(&self, regimen: &Regimen) -> Vec<String> {
        self.contributions
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(q, cs)| {
                let total: f64 = cs.iter().map(|c| c.per_day).sum();
                let parts: Vec<String> = cs
                    .iter()
                    .map(|c| format!("{} {}", regimen.products[c.product].name(), c.describe()))
                    .collect();
                format!(
                    "{} {} {}: {}",
                    q.noun(),
                    number(total),
                    q.per_day_unit(),
                    parts.join(", ")
                )
            })
            .collect()
    }
}

/// A regimen checked against a rule set for a person.
#[derive(Debug, Clone)]
pub struct CheckedRegimen<'r> {
    pub regimen: Regimen,
    pub profile: Profile,
    pub products: Vec<CheckedProduct<'r>>,
    /// The totals of the nutrients any product supplies, in [`TOTALLED`] order.
    pub totals: Vec<NutrientTotal>,
    /// The total as one intake: per day the sum of averages, per serving the heaviest day.
    pub total_intake: Intake,
    /// Findings of the amount rules on the total, most severe first.
    pub findings: Vec<RegimenFinding<'r>>,
    /// Findings of the regimen-only rules (the same nutrient from several products).
    pub duplications: Vec<RegimenFinding<'r>>,
}

impl CheckedRegimen<'_> {
    /// The most severe finding anywhere in the regimen.
    pub fn worst(&self) -> Option<Severity> {
        self.all_findings().map(Finding::severity).max()
    }

    /// Every finding: on the total, duplications, then each product's.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding<'_>> {
        self.findings
            .iter()
            .chain(&self.duplications)
            .map(|f| &f.finding)
            .chain(self.products.iter().flat_map(|p| p.findings.iter()))
    }

    /// How many findings there are in all.
    pub fn finding_count(&self) -> usize {
        self.all_findings().count()
    }

    /// The total of one quantity, if any product supplies it.
    pub fn total(&self, quantity: Quantity) -> Option<&NutrientTotal> {
        self.totals.iter().find(|t| t.quantity == quantity)
    }
}

/// The profile a regimen is checked for: its `[person]` table, with what the command line
/// states taking precedence (an age, an anticoagulant or pregnancy other than none) or added
/// to it (conditions, medicines).
pub fn profile_for(regimen: &Regimen, command_line: &Profile) -> Profile {
    let Some(person) = &regimen.person else {
        return command_line.clone();
    };
    let mut profile = person.clone();
    if command_line.age_years.is_some() {
        profile.age_years = command_line.age_years;
    }
    if command_line.anticoagulant != crate::profile::Anticoagulant::None {
        profile.anticoagulant = command_line.anticoagulant;
    }
    if command_line.pregnancy != crate::profile::Pregnancy::None {
        profile.pregnancy = command_line.pregnancy;
    }
    for c in &command_line.conditions {
        profile.add_condition(*c);
    }
    for m in &command_line.medicines {
        profile.add_medicine(*m);
    }
    if command_line.name.is_some() {
        profile.name = command_line.name.clone();
    }
    profile
}

/// Checks a regimen: the health rules that measure amounts on the total, regimen-only rules on
/// the products together, the other rules (forms, carrier, claims, regional label rules) on
/// each product.
pub fn check<'r>(rules: &'r RuleSet, regimen: Regimen, profile: &Profile) -> CheckedRegimen<'r> {
    let intakes = normalise(&regimen);
    check_normalised(rules, regimen, intakes, profile)
}

/// Each product normalised as the person takes it, in order: what [`check_normalised`] needs.
/// (The app keeps these while only the rules or the profile change.)
pub fn normalise(regimen: &Regimen) -> Vec<Intake> {
    regimen
        .products
        .iter()
        .map(Product::intake_as_taken)
        .collect()
}

/// [`check`] with the products already normalised by [`normalise`] (one intake per product,
/// in order).
pub fn check_normalised<'r>(
    rules: &'r RuleSet,
    regimen: Regimen,
    intakes: Vec<Intake>,
    profile: &Profile,
) -> CheckedRegimen<'r> {
    // Which rules run on the total, found once rather than for every product: the health
    // rules that measure amounts. A regional rule judges a product's label for a market (a
    // maximum per daily dose of a supplement), so it stays with each product.
    let on_total: Vec<bool> = rules
        .rules
        .iter()
        .map(|r| r.region.is_none() && !r.kind.measures().is_empty())
        .collect();
    let products: Vec<CheckedProduct<'r>> = regimen
        .products
        .iter()
        .zip(intakes)
        .map(|(p, intake)| {
            let findings = rules.check_rules(&p.label, &intake, profile, |i, r| {
                !on_total[i] && !is_regimen_only(&r.kind)
            });
            let (servings, every_days) = p.taken.administration(&p.label);
            CheckedProduct {
                intake,
                servings,
                every_days,
                findings,
            }
        })
        .collect();

    let totals: Vec<NutrientTotal> = TOTALLED
        .iter()
        .filter_map(|&q| {
            let contributions = contributions(q, &products);
            (!contributions.is_empty()).then(|| NutrientTotal {
                quantity: q,
                per_day: contributions.iter().map(|c| c.per_day).sum(),
                heaviest_day: contributions
                    .iter()
                    .map(Contribution::per_administration)
                    .sum(),
                contributions,
            })
        })
        .collect();

    let total_intake = total_intake(&products);
    let total_label = Label {
        name: "regimen total".to_string(),
        ..Label::default()
    };
    let findings = rules
        .check_rules(&total_label, &total_intake, profile, |i, _| on_total[i])
        .into_iter()
        .map(|finding| {
            let contributions = finding
                .rule
                .kind
                .measures()
                .into_iter()
                .flat_map(expand)
                .map(|q| (q, contributions(q, &products)))
                .collect();
            RegimenFinding {
                finding,
                contributions,
            }
        })
        .collect();

    let amounts: Vec<ProductAmounts<'_>> = regimen
        .products
        .iter()
        .zip(&products)
        .map(|(p, c)| ProductAmounts {
            name: p.name(),
            per_day: &c.intake.per_day,
        })
        .collect();
    let mut duplications: Vec<RegimenFinding<'r>> = rules
        .rules
        .iter()
        .filter(|r| rules.is_active(r))
        .filter_map(|rule| {
            let RuleKind::SameNutrient(kind) = &rule.kind else {
                return None;
            };
            let shared = kind.shared(&amounts);
            let Fired {
                message,
                threshold,
                place,
                audit,
            } = kind.fired(&amounts, &shared)?;
            let contributions = shared
                .into_iter()
                .map(|(q, _)| (q, contributions(q, &products)))
                .collect();
            Some(RegimenFinding {
                finding: Finding {
                    rule,
                    message,
                    threshold,
                    place,
                    audit,
                },
                contributions,
            })
        })
        .collect();
    duplications.sort_by_key(|f| std::cmp::Reverse(f.finding.severity()));

    CheckedRegimen {
        regimen,
        profile: profile.clone(),
        products,
        totals,
        total_intake,
        findings,
        duplications,
    }
}

/// Rules that judge several products together and never one label.
fn is_regimen_only(kind: &RuleKind) -> bool {
    matches!(kind, RuleKind::SameNutrient(_))
}

/// The quantities a finding's contributions are listed for: a total (all K2, vitamin K) is
/// shown by its forms, so the reader sees which product brings which.
fn expand(q: Quantity) -> Vec<Quantity> {
    match q {
        Quantity::K2TotalMcg => vec![
            Quantity::K2Mk7Mcg,
            Quantity::K2Mk4Mcg,
            Quantity::K2UnspecifiedMcg,
        ],
        Quantity::VitaminKTotalMcg => vec![
            Quantity::K1Mcg,
            Quantity::K2Mk7Mcg,
            Quantity::K2Mk4Mcg,
            Quantity::K2UnspecifiedMcg,
            Quantity::KUnspecifiedMcg,
        ],
        other => vec![other],
    }
}

fn contributions(q: Quantity, products: &[CheckedProduct<'_>]) -> Vec<Contribution> {
    products
        .iter()
        .enumerate()
        .filter(|(_, p)| q.of(&p.intake.per_day) > 0.0)
        .map(|(i, p)| Contribution {
            product: i,
            per_day: q.of(&p.intake.per_day),
            per_serving: q.of(&p.intake.per_serving),
            servings: p.servings,
            every_days: p.every_days,
        })
        .collect()
}

/// The regimen's total as one intake the amount rules can judge: per day the sum of each
/// product's daily average, per serving the amounts on a day everything is taken.
fn total_intake(products: &[CheckedProduct<'_>]) -> Intake {
    let mut total = Intake::from_label(&Label::default());
    let mut per_day = Nutrients::default();
    let mut heaviest = Nutrients::default();
    for p in products {
        per_day = add(&per_day, &p.intake.per_day);
        heaviest = add(&heaviest, &p.intake.per_serving.scaled(p.servings));
        for form in &p.intake.vitamin_d_forms {
            if !total.vitamin_d_forms.contains(form) {
                total.vitamin_d_forms.push(*form);
            }
        }
    }
    total.vitamin_d_forms.sort();
    total.per_day = per_day;
    total.per_serving = heaviest;
    total.servings_per_day = 1.0;
    total.carrier_reason = "a regimen of several products".to_string();
    total
}

fn add(a: &Nutrients, b: &Nutrients) -> Nutrients {
    Nutrients {
        vitamin_d_iu: a.vitamin_d_iu + b.vitamin_d_iu,
        k1_mcg: a.k1_mcg + b.k1_mcg,
        k2_mk7_mcg: a.k2_mk7_mcg + b.k2_mk7_mcg,
        k2_mk4_mcg: a.k2_mk4_mcg + b.k2_mk4_mcg,
        k2_unspecified_mcg: a.k2_unspecified_mcg + b.k2_unspecified_mcg,
        k_unspecified_mcg: a.k_unspecified_mcg + b.k_unspecified_mcg,
        calcium_mg: a.calcium_mg + b.calcium_mg,
        magnesium_mg: a.magnesium_mg + b.magnesium_mg,
    }
}

#[cfg(test)]
mod tests;
