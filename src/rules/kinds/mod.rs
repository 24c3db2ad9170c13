//! Rule kinds: what a rule measures and when it fires. A rule in rules.toml is an instance of
//! one kind with its own thresholds, rationale and sources; the kind is code.
//!
//! Each kind is one file here, holding everything about it: its documentation (the sections
//! `labelcheck rules --kinds` prints and the header of rules.toml repeats), its parameter keys,
//! reading and validating them, evaluating a label with the finding's message, the sentence
//! that says what triggers it, its parameters as JSON, the numbers the rules editor may change,
//! and its tests. This file is the one list of kinds: adding a kind is a new file and one line
//! in [`kinds!`] below.

use serde_json::Value;
use toml::Spanned;

use super::check::Threshold;
use super::edit::NumericParam;
use super::model::{FormGroup, FormName, Limit, Quantity, age_words};
use super::read::Ctx;
use crate::format::number;
use crate::label::{Intake, Label};
use crate::profile::Profile;
use crate::tomlread::Fields;

/// One parameter of a kind: its key in rules.toml and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindParam {
    pub key: &'static str,
    pub meaning: &'static str,
}

/// A kind's documentation, in the fixed sections every kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindDoc {
    /// The value of `kind = "…"` in rules.toml.
    pub name: &'static str,
    /// When a rule of this kind fires, in one or two sentences.
    pub fires_on: &'static str,
    /// What the kind is for.
    pub why: &'static str,
    pub parameters: &'static [KindParam],
    /// The kind-specific lines of a `[[rule]]` table.
    pub example: &'static str,
}

/// What a kind judges: one label, normalised, for one person.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub label: &'a Label,
    pub intake: &'a Intake,
    pub profile: &'a Profile,
    /// Whether the finding's words are wanted, or only whether the rule fires.
    pub detail: Detail,
}

/// How much a kind says when it fires. One engine decides; only what it writes differs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// The message, threshold, place and audit trail: for reports.
    #[default]
    Full,
    /// Only that the rule fired (an empty message): for counting findings over many labels,
    /// as `labelcheck survey` does.
    Verdict,
}

impl Subject<'_> {
    /// Whether only the verdict is wanted: a kind that knows it fires may return
    /// [`Fired::verdict`] before building its message.
    pub fn verdict_only(&self) -> bool {
        self.detail == Detail::Verdict
    }
}

/// What a kind says when it fires: the message with the measured value, and the threshold
/// crossed (for scripts), when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub message: String,
    pub threshold: Option<Threshold>,
    /// The value on the label the finding is about, for SARIF and editors.
    pub place: Option<LabelPlace>,
    /// What was printed and what labelcheck recomputed (regional rules).
    pub audit: Option<Audit>,
}

impl Fired {
    pub fn new(message: String) -> Fired {
        Fired {
            message,
            threshold: None,
            place: None,
            audit: None,
        }
    }

    /// A rule that fired, without words: what [`Detail::Verdict`] asks for.
    pub fn verdict() -> Fired {
        Fired::new(String::new())
    }

    pub fn with_threshold(message: String, threshold: Threshold) -> Fired {
        Fired {
            threshold: Some(threshold),
            ..Fired::new(message)
        }
    }

    /// The same finding, pointing at a value of the label.
    pub fn at(self, place: LabelPlace) -> Fired {
        Fired {
            place: Some(place),
            ..self
        }
    }

    /// The same finding, with what was printed and what was recomputed.
    pub fn audited(self, printed: String, recomputed: String) -> Fired {
        Fired {
            audit: Some(Audit {
                printed,
                recomputed,
            }),
            ..self
        }
    }
}

/// What a rule means for one person (`labelcheck explain RULE --age 4`): whether it can speak
/// for them, and in words the limit or condition that applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForPerson {
    /// Whether the rule can fire for this person (given a label that meets it).
    pub applies: bool,
    /// "limit for this person: 3,000 IU/day for ages 4–8 y", "does not apply: …".
    pub sentence: String,
}

/// A value of a label file: a key of the label, or a key of one of its ingredients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelPlace {
    /// The ingredient's index among the label's ingredients; `None` for a key of the label.
    pub ingredient: Option<usize>,
    /// The key in the label file ("percent_dv", "statements", "claims").
    pub key: &'static str,
}

impl LabelPlace {
    pub fn label(key: &'static str) -> LabelPlace {
        LabelPlace {
            ingredient: None,
            key,
        }
    }

    pub fn ingredient(index: usize, key: &'static str) -> LabelPlace {
        LabelPlace {
            ingredient: Some(index),
            key,
        }
    }
}

/// The audit trail of a regional finding: the value as printed and as recomputed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Audit {
    pub printed: String,
    pub recomputed: String,
}

/// Everything a rule kind does. Implemented once per kind file.
pub trait Kind: Sized {
    const DOC: KindDoc;

    /// Reads the kind's parameters from a `[[rule]]` table, recording every problem in `ctx`.
    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self>;

    /// Judges one label; `None` when the rule does not fire.
    fn evaluate(&self, subject: &Subject<'_>) -> Option<Fired>;

    /// What makes the rule fire, in one sentence, with its thresholds.
    fn trigger(&self) -> String;

    /// The parameters as JSON, keyed as in rules.toml.
    fn parameters(&self) -> Value;

    /// The thresholds the rules editor offers.
    fn numeric_params(&self) -> Vec<NumericParam> {
        Vec::new()
    }

    /// The per-day amounts the rule measures. A rule that measures amounts runs on a
    /// regimen's total (upper limits apply to everything a person takes); one that measures
    /// none (forms, carrier, claims) runs on each product. The default, none, keeps a kind
    /// per product, where it can never hide a finding.
    fn measures(&self) -> Vec<Quantity> {
        Vec::new()
    }

    /// Why the rule could not judge this label, when the label lacks what it needs (the
    /// label text has no %DV column, the printed statements are not known). A rule that is
    /// not checked never fires: missing information is said, never turned into a finding.
    fn not_checked(&self, _subject: &Subject<'_>) -> Option<String> {
        None
    }

    /// What the rule means for this person: the limit for their age, whether their profile
    /// makes it speak. `None` for a kind that judges every person alike.
    fn for_person(&self, _profile: &Profile) -> Option<ForPerson> {
        None
    }
}

/// Declares a kind's documentation once: the `DOC` constant the program prints, the parameter
/// keys as constants (the reading code and the editor use these, never the string again), and
/// the same sections as the kind struct's doc comment.
macro_rules! kind_doc {
    (
        name: $name:literal,
        fires_on: $fires:literal,
        why: $why:literal,
        parameters: [$($key:ident = $key_text:literal: $meaning:literal),* $(,)?],
        example: $example:literal,
        $(#[$meta:meta])*
        pub struct $ty:ident $($body:tt)*
    ) => {
        $(const $key: &str = $key_text;)*

        const DOC: $crate::rules::kinds::KindDoc = $crate::rules::kinds::KindDoc {
            name: $name,
            fires_on: $fires,
            why: $why,
            parameters: &[$($crate::rules::kinds::KindParam { key: $key_text, meaning: $meaning },)*],
            example: $example,
        };

        #[doc = concat!(
            "The `", $name, "` rule kind.\n\n## What it fires on\n\nWhen ", $fires,
            "\n\n## Why\n\n", $why,
            "\n\n## Parameters\n\n", $("- `", $key_text, "`: ", $meaning, "\n",)*
            "\n## Example\n\n```toml", $example, "```\n"
        )]
        $(#[$meta])*
        pub struct $ty $($body)*
    };
}

/// Declares the kinds: each kind's module, the [`RuleKind`] enum with one variant per kind, and
/// one delegating `match` per method. Dispatch stays static: checking a label is a loop over an enum.
macro_rules! kinds {
    ($($module:ident::$variant:ident),* $(,)?) => {
        $(
            mod $module;
            pub use $module::$variant;
        )*

        /// What a rule measures and when it fires: one variant per kind file.
        #[derive(Debug, Clone)]
        pub enum RuleKind {
            $($variant($variant),)*
        }

        impl RuleKind {
            /// Every kind's documentation, in the order rules.toml describes them.
            pub const DOCS: &'static [KindDoc] = &[$(<$variant as Kind>::DOC,)*];

            pub fn doc(&self) -> &'static KindDoc {
                match self {
                    $(RuleKind::$variant(_) => &<$variant as Kind>::DOC,)*
                }
            }

            /// Reads a kind named `name` from a rule's table; an unknown name is a problem at
            /// its span.
            pub(super) fn read(
                name: &Spanned<String>,
                f: &mut Fields<'_, '_>,
                ctx: &mut Ctx,
            ) -> Option<RuleKind> {
                $(
                    if name.get_ref() == <$variant as Kind>::DOC.name {
                        return <$variant as Kind>::read(f, ctx).map(RuleKind::$variant);
                    }
                )*
                let names: Vec<&str> = Self::DOCS.iter().map(|d| d.name).collect();
                ctx.fail(
                    name.span(),
                    format!(
                        "unknown rule kind \"{}\": use one of {}",
                        name.get_ref(),
                        names.join(", ")
                    ),
                );
                None
            }

            pub fn evaluate(&self, subject: &Subject<'_>) -> Option<Fired> {
                match self {
                    $(RuleKind::$variant(k) => k.evaluate(subject),)*
                }
            }

            pub fn trigger(&self) -> String {
                match self {
                    $(RuleKind::$variant(k) => k.trigger(),)*
                }
            }

            pub fn parameters(&self) -> Value {
                match self {
                    $(RuleKind::$variant(k) => k.parameters(),)*
                }
            }

            pub fn numeric_params(&self) -> Vec<NumericParam> {
                match self {
                    $(RuleKind::$variant(k) => k.numeric_params(),)*
                }
            }

            pub fn measures(&self) -> Vec<Quantity> {
                match self {
                    $(RuleKind::$variant(k) => k.measures(),)*
                }
            }

            pub fn not_checked(&self, subject: &Subject<'_>) -> Option<String> {
                match self {
                    $(RuleKind::$variant(k) => k.not_checked(subject),)*
                }
            }

            pub fn for_person(&self, profile: &Profile) -> Option<ForPerson> {
                match self {
                    $(RuleKind::$variant(k) => k.for_person(profile),)*
                }
            }
        }
    };
}

kinds! {
    above::Above,
    below::Below,
    missing_companion::MissingCompanion,
    ratio_below::RatioBelow,
    form_preference::FormPreference,
    form_present::FormPresent,
    carrier::CarrierIs,
    profile_conflict::ProfileConflict,
    claim_pattern::ClaimPattern,
    iu_mass_mismatch::IuMassMismatch,
    claims_without_disclaimer::ClaimsWithoutDisclaimer,
    disclaimer_wording::DisclaimerWording,
    intermittent_dose::IntermittentDose,
    percent_of_reference::PercentOfReference,
    percent_less_than::PercentLessThan,
    declared_below_percent::DeclaredBelowPercent,
    vitamin_d_mass_first::VitaminDMassFirst,
    content_claim::ContentClaim,
    required_statement::RequiredStatement,
    above_for_children::AboveForChildren,
    single_ingredient::SingleIngredient,
    same_nutrient::SameNutrient,
    interval_dose::IntervalDose,
}

pub use same_nutrient::ProductAmounts;

// Shared by the regional kinds; not kinds themselves.
mod phrases;
mod reference;

impl RuleKind {
    /// The value of `kind = "…"`.
    pub fn name(&self) -> &'static str {
        self.doc().name
    }

    /// The documentation of the kind called `name`.
    pub fn doc_named(name: &str) -> Option<&'static KindDoc> {
        Self::DOCS.iter().find(|d| d.name == name)
    }
}

/// A limit for a person's age, in words: the value in force and its age band, or why the rule
/// does not speak (below the youngest band, or no age given and no fallback). `None` for a
/// fixed limit, which is the same for everyone.
fn limit_for_person(limit: &Limit, word: &str, unit: &str, age: Option<f64>) -> Option<ForPerson> {
    let Limit::ByAge { bands, .. } = limit else {
        return None;
    };
    Some(match (limit.applied(age), age) {
        (Some(applied), _) => ForPerson {
            applies: true,
            sentence: format!(
                "{word} for this person: {} {unit}{}",
                number(applied.value),
                applied.scope
            ),
        },
        (None, Some(age)) => ForPerson {
            applies: false,
            sentence: format!(
                "not checked at {}: the youngest age band starts at {}",
                age_words(age),
                age_words(bands.first().map_or(0.0, |b| b.from_age))
            ),
        },
        (None, None) => ForPerson {
            applies: false,
            sentence: "not checked without an age: give --age".to_string(),
        },
    })
}

/// "MK-4 (1,000 mcg/day) and K2 of unstated form (10 mcg/day)", "D2 (ergocalciferol) (800
/// IU/day, 100% of the vitamin D)": the forms present, with their amounts, and their share of
/// the group when the group is vitamin D.
fn describe_forms(forms: impl Iterator<Item = FormName>, intake: &Intake) -> String {
    let parts: Vec<String> = forms
        .filter(|f| f.present(intake))
        .map(|f| {
            let group = f.group();
            let unit = group.quantity().per_day_unit();
            match f.amount(intake) {
                Some(a) if group == FormGroup::VitaminD => {
                    let total = group.quantity().of(&intake.per_day);
                    let share = if total > 0.0 { a / total * 100.0 } else { 0.0 };
                    format!(
                        "{} ({} {unit}, {}% of the vitamin D)",
                        f.label(),
                        number(a),
                        number(share.round())
                    )
                }
                Some(a) => format!("{} ({} {unit})", f.label(), number(a)),
                None => f.label().to_string(),
            }
        })
        .collect();
    if parts.is_empty() {
        "no declared form".to_string()
    } else {
        parts.join(" and ")
    }
}

/// The part of the rules.toml header that lists quantities, forms, kinds and their parameters,
/// generated from the code. A test keeps the header in rules.toml equal to it.
pub fn rules_toml_reference() -> String {
    const WIDTH: usize = 95;
    let quantities: Vec<&str> = Quantity::ALL.iter().map(|q| q.key()).collect();
    let forms: Vec<&str> = FormName::ALL.iter().map(|f| f.key()).collect();
    let mut out = String::new();
    push_wrapped(
        &mut out,
        &format!(
            "Amounts are per day (per serving × servings per day). Quantities: {}. Forms: {}.",
            quantities.join(", "),
            forms.join(", ")
        ),
        "# ",
        "# ",
        WIDTH,
    );
    out.push_str("#\n# Kinds and their parameters (`labelcheck rules --kinds` shows each with an example):\n");
    for doc in RuleKind::DOCS {
        out.push_str("#\n");
        out.push_str(&format!("#   {}\n", doc.name));
        push_wrapped(
            &mut out,
            &format!("Fires when {}", doc.fires_on),
            "#     ",
            "#     ",
            WIDTH,
        );
        if doc.parameters.is_empty() {
            push_wrapped(&mut out, "No parameters.", "#     ", "#     ", WIDTH);
        }
        for p in doc.parameters {
            push_wrapped(
                &mut out,
                &format!("{}: {}", p.key, p.meaning),
                "#     - ",
                "#       ",
                WIDTH,
            );
        }
    }
    out
}

fn push_wrapped(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, options) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Ingredient;
    use crate::profile::Anticoagulant;
    use crate::rules::{DEFAULT_RULES_TOML, parse_rules};

    /// The kind read from the kind-specific lines of a rule (`kind = "…"` and its parameters).
    pub(crate) fn rule_of_kind(lines: &str) -> RuleKind {
        match parse_rules(&rules_with_example(lines)) {
            Ok(load) => load.rules.rules[0].kind.clone(),
            Err(problems) => panic!("does not load: {problems:?}"),
        }
    }

    /// Judges a label with these ingredients and other fields, one serving a day.
    pub(crate) fn judge(
        kind: &RuleKind,
        label: Label,
        age: Option<f64>,
        anticoagulant: Anticoagulant,
    ) -> Option<Fired> {
        let profile = Profile {
            age_years: age,
            anticoagulant,
            ..Profile::default()
        };
        judge_for(kind, label, &profile)
    }

    /// Judges a label (one serving a day unless it says otherwise) for a person.
    pub(crate) fn judge_for(kind: &RuleKind, label: Label, profile: &Profile) -> Option<Fired> {
        let label = Label {
            servings_per_day: label.servings_per_day.or(Some(1.0)),
            ..label
        };
        let intake = Intake::from_label(&label);
        kind.evaluate(&Subject {
            label: &label,
            intake: &intake,
            profile,
            detail: Detail::Full,
        })
    }

    /// Judges a label holding one ingredient, for an adult (or `age`) on no anticoagulant.
    pub(crate) fn fire(kind: &RuleKind, ingredient: Ingredient, age: Option<f64>) -> Option<Fired> {
        let label = Label {
            ingredients: vec![ingredient],
            ..Label::default()
        };
        judge(kind, label, age, Anticoagulant::None)
    }

    /// A rules file holding one rule: the kind's example with the keys every rule has.
    fn rules_with_example(kind_lines: &str) -> String {
        format!(
            "[[rule]]\nid = \"example\"\ntitle = \"Example\"\nseverity = \"notice\"\n\
             rationale = \"Why.\"\nevidence = \"convention\"\nsources = [\"S\"]\n{}\n\n\
             [sources.S]\ncitation = \"A source.\"\n",
            kind_lines.trim()
        )
    }

    #[test]
    fn every_kind_example_loads_without_warnings_as_that_kind() {
        for doc in RuleKind::DOCS {
            let text = rules_with_example(doc.example);
            let load = parse_rules(&text)
                .unwrap_or_else(|p| panic!("the example of `{}` does not load: {p:?}", doc.name));
            assert!(
                load.warnings.is_empty(),
                "{}: {:?}",
                doc.name,
                load.warnings
            );
            assert_eq!(load.rules.rules[0].kind.name(), doc.name);
        }
    }

    #[test]
    fn json_parameters_use_the_documented_keys_in_their_order() {
        for doc in RuleKind::DOCS {
            let load = parse_rules(&rules_with_example(doc.example)).expect("loads");
            let params = load.rules.rules[0].parameters();
            let keys: Vec<&str> = params
                .as_object()
                .expect("an object")
                .keys()
                .map(String::as_str)
                .collect();
            let documented: Vec<&str> = doc.parameters.iter().map(|p| p.key).collect();
            let mut in_order = documented.iter();
            for key in &keys {
                assert!(
                    in_order.any(|d| d == key),
                    "kind `{}`: JSON key `{key}` is not documented, or out of the documented order",
                    doc.name
                );
            }
        }
    }

    #[test]
    fn kind_names_are_unique_and_every_section_is_written() {
        let mut names: Vec<&str> = RuleKind::DOCS.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RuleKind::DOCS.len());
        for doc in RuleKind::DOCS {
            assert!(!doc.fires_on.trim().is_empty(), "{}", doc.name);
            assert!(!doc.why.trim().is_empty(), "{}", doc.name);
            assert!(doc.example.contains(&format!("kind = \"{}\"", doc.name)));
        }
    }

    #[test]
    fn the_rules_toml_header_describes_the_kinds_as_the_code_does() {
        let generated = rules_toml_reference();
        let start = DEFAULT_RULES_TOML
            .find("# Amounts are per day")
            .expect("rules.toml has the kinds section");
        let end = start
            + DEFAULT_RULES_TOML[start..]
                .find("# ----")
                .expect("the kinds section ends with a rule line");
        assert_eq!(
            &DEFAULT_RULES_TOML[start..end],
            generated,
            "rules.toml's header differs from the kind docs; replace that part with:\n{generated}"
        );
    }
}
