//! Every sentence the terminal UI shows, in one place so the wording can be reviewed.

use crate::format::{NumberError, number, plain};
use crate::label::{
    AmountError, DForm, K2Form, MAX_SERVINGS_PER_DAY, MIN_SERVINGS_PER_DAY, Nutrient,
    ServingsError, max_amount,
};
use crate::profile::{AgeError, Anticoagulant, MAX_AGE_YEARS};
use ratatui::crossterm::event::KeyCode;

use super::keys::{Action, Scope};

/// The Regimen screen's and the Compare view's sentences.
#[path = "regimen_strings.rs"]
pub mod regimen;

pub const APP_TITLE: &str = "labelcheck";
pub const DISCLAIMER: &str = "informs, does not prescribe";
pub const TOO_SMALL: &str = "Terminal too small";
pub const ENLARGE_OR_QUIT: &str = "Enlarge the window, or press q to quit.";

pub fn terminal_size(width: u16, height: u16, min_width: u16, min_height: u16) -> String {
    format!("{width}×{height} — needs at least {min_width}×{min_height}")
}

/// A screen's tab: the key that shows it and its name.
pub fn screen_tab(screen: super::app::Screen) -> (&'static str, &'static str) {
    use super::app::Screen as S;
    match screen {
        S::Label => ("1", "Label"),
        S::Examples => ("2", "Examples"),
        S::Rules => ("3", "Rules"),
        S::Regimen => ("4", regimen::TAB_REGIMEN),
        S::Compare => ("5", regimen::TAB_COMPARE),
    }
}

pub const LABEL_UNSAVED: &str = "label unsaved";
pub const RULES_UNSAVED: &str = "rules unsaved";

pub const BUILTIN: &str = "built-in";
pub const NOT_STATED: &str = "(not stated)";
pub const TYPE_OWN: &str = "✎ type your own…";
pub const NO_FORM: &str = "(no form stated)";
pub const BLANK_ROW: &str = "a blank row";
pub const PICK_FORM: &str = "Product form";
pub const PICK_PERIOD: &str = "Servings are counted";
pub const PICK_ANTICOAGULANT: &str = "Anticoagulant the person takes";
pub const PICK_CARRIER: &str = "Carrier: detect from other ingredients, or as the label says";

/// The carrier choices, in the order the picker lists them: detection first.
pub const CARRIER_CHOICES: [Option<crate::label::Carrier>; 4] = [
    None,
    Some(crate::label::Carrier::Oil),
    Some(crate::label::Carrier::None),
    Some(crate::label::Carrier::Unknown),
];

/// A carrier choice in words.
pub fn carrier_choice(carrier: Option<crate::label::Carrier>) -> &'static str {
    match carrier {
        None => "detect",
        Some(crate::label::Carrier::Oil) => "oil",
        Some(crate::label::Carrier::None) => "none",
        Some(crate::label::Carrier::Unknown) => "unknown",
    }
}
pub const PICK_INGREDIENT: &str = "Ingredient";
pub const PICK_INGREDIENT_FORM: &str = "Form (the \"as …\" part)";
pub const PICK_UNIT: &str = "Unit";
pub const PICK_SEVERITY: &str = "Severity";
pub const NAME_NEEDED: &str = "Enter the product name before saving the label.";
pub const NOT_SAVED: &str = "Not saved.";
pub const RULES_NOT_EDITABLE: &str =
    "These rules cannot be edited here: the file could not be parsed for editing.";
pub const PASTE_HINT: &str = "Press Enter on a field to edit it, then paste.";
pub const NO_FINDINGS: &str = "No findings for this label with the current rules and profile.";
pub const NO_FINDINGS_FOR_WHAT_IS_CHECKED: &str =
    "No findings for what is checked — fix the marked fields to check the rest.";
pub const NOTHING_CHECKED: &str = "Nothing is checked until the marked fields are fixed.";
pub const EMPTY_LABEL: &str = "Enter a label: add an ingredient with `a`, or load an example (2).";
pub const SAVE_LABEL_AS: &str = "Save label as (path)";
pub const SAVE_RULES_AS: &str = "Save rules as (path)";
pub const QUIT_TITLE: &str = "Quit?";
pub const LOAD_EXAMPLE_TITLE: &str = "Load example?";
pub const OVERWRITE_LABEL_TITLE: &str = "Save over the file?";
pub fn overwrite_label(path: &str) -> String {
    format!(
        "Write the label over {}? Its comments and layout are kept. y: save over it · s: save as… another file · n: cancel",
        crate::escape::visible(path)
    )
}
pub const REPLACE_WITH_EXAMPLE: &str =
    "The label in the form has unsaved changes. Replace it with the example? (y / n)";
pub const REPLACE_LABEL_TITLE: &str = "Replace the label?";
pub const REPLACE_WITH_PASTED: &str =
    "The label in the form has unsaved changes. Replace it with the pasted label? (y / n)";
pub const OVERWRITE_TITLE: &str = "Overwrite?";
pub const CHANGED_ON_DISK_TITLE: &str = "Changed on disk";
pub const READ_ONLY_TITLE: &str = "Read-only file";
pub const SAVE_AS_KEYS: &str = "Enter saves · Esc cancels";
pub const HELP_TITLE: &str = "Keys — ? or Esc closes";
pub const NO_EXAMPLES: &str = "No examples.";
pub const PASTE_TITLE: &str = "Paste label text — Ctrl-D reads it · Esc cancels";
pub const PASTE_PLACEHOLDER: &str =
    "Paste the Supplement Facts panel (or the label's ingredient list and directions) here.";
pub const PASTE_CANCELLED: &str = "Paste cancelled; the form is unchanged.";
pub const PASTE_EMPTY: &str = "Paste some label text first (or Esc to cancel).";
pub const IMPORT_REPORT_TITLE: &str = "What was read — Esc closes";
pub const IMPORTING_TITLE: &str = "Reading label text — Esc cancels";
pub const IMPORT_CANCELLED: &str = "Reading cancelled; the text is still in the box.";
pub const IMPORT_STILL_STOPPING: &str =
    "The cancelled reading is still finishing; press Ctrl-D again in a moment.";
pub const IMPORT_FAILED: &str =
    "Reading the text failed (an internal error); the text is still in the box.";

/// Shown while label text is read on a worker thread.
pub fn importing(lines: usize) -> String {
    format!(
        "Reading {} line{} of label text…",
        number(lines as f64),
        if lines == 1 { "" } else { "s" }
    )
}

pub fn import_not_started(reason: &str) -> String {
    format!("Could not start reading the text: {reason}. The text is still in the box.")
}

/// A paste (or a key) that would make the paste box larger than the importer reads.
pub fn paste_too_large(would_be: usize, limit: usize) -> String {
    let mib = |bytes: usize| number((bytes as f64 / (1024.0 * 1024.0) * 10.0).ceil() / 10.0);
    format!(
        "Not added: the paste box would hold {} MiB of text, and label text is read up to {} MiB. The box is unchanged.",
        mib(would_be),
        mib(limit)
    )
}

pub fn nothing_imported(not_used: usize) -> String {
    format!(
        "No ingredient amounts found ({not_used} lines not used). Expected lines like \"Vitamin D3 125 mcg (5,000 IU)\"."
    )
}

pub fn imported(ingredients: usize, not_used: usize) -> String {
    format!(
        "Imported {ingredients} ingredient{}; {not_used} line{} not used. Check the form against the label and enter the product name.",
        if ingredients == 1 { "" } else { "s" },
        if not_used == 1 { "" } else { "s" }
    )
}

/// The report shown after an import: every value with its source line, and every line not used.
pub fn import_report(imported: &crate::import::Imported, text: &[String]) -> Vec<String> {
    use crate::format::number;
    let label = &imported.label;
    let source = |n: usize| {
        text.get(n.wrapping_sub(1))
            .map_or(String::new(), |l| l.trim().replace('\t', "  "))
    };
    let mut out = Vec::new();
    if !imported.warnings.is_empty() {
        out.push(format!(
            "Warnings ({}): the text does not settle these, and nothing was guessed.",
            imported.warnings.len()
        ));
        for w in &imported.warnings {
            out.push(format!("  ! {}", crate::report::import::warning_text(w)));
        }
        out.push(String::new());
    }
    out.push(format!("Read {} ingredient(s):", label.ingredients.len()));
    for ing in &label.ingredients {
        let alt = ing
            .alt
            .map(|(a, u)| format!(" ({} {u})", number(a)))
            .unwrap_or_default();
        let form = ing
            .form
            .as_deref()
            .map(|f| format!(" [{f}]"))
            .unwrap_or_default();
        out.push(format!(
            "  {}{form}: {} {}{alt}",
            ing.name,
            number(ing.amount),
            ing.unit
        ));
        if let Some(line) = ing.line {
            out.push(format!("      from line {line}: {}", source(line)));
        }
    }
    out.push(String::new());
    out.push(format!(
        "Form: {}",
        label.form.map_or("not found", |f| f.as_str())
    ));
    out.push(format!(
        "Servings per day: {}",
        label
            .servings_per_day
            .map_or("not stated (1 is assumed)".to_string(), |s| format!(
                "{} (from the directions)",
                number(s)
            ))
    ));
    out.push(format!(
        "Other ingredients: {}",
        if label.other_ingredients.is_empty()
            && label.carrier == Some(crate::label::Carrier::Unknown)
        {
            "none listed (the carrier is recorded as unknown)".to_string()
        } else if label.other_ingredients.is_empty() {
            "none listed".to_string()
        } else {
            label.other_ingredients.join(", ")
        }
    ));
    out.push(format!(
        "Claims: {} · Disclaimer: {}",
        label.claims.len(),
        if label.disclaimer.is_some() {
            "printed"
        } else {
            "not printed"
        }
    ));
    out.push(String::new());
    if !imported.restated.is_empty() {
        out.push(format!(
            "Restating another line, counted once ({}):",
            imported.restated.len()
        ));
        for r in &imported.restated {
            out.push(format!(
                "  {} (same as line {}): {}",
                r.line,
                r.restates,
                source(r.line)
            ));
        }
    }
    if imported.unparsed.is_empty() {
        out.push("Every other line was used.".into());
    } else {
        out.push(format!(
            "Not used ({} line{}):",
            imported.unparsed.len(),
            if imported.unparsed.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
        for u in &imported.unparsed {
            out.push(format!("  {}: {}", u.line, u.text));
        }
    }
    out.push(String::new());
    out.push(
        "Fix anything that was misread in the form; enter the product name before saving.".into(),
    );
    out
}

pub const KNOWN_INGREDIENTS: &[&str] = &[
    "Vitamin D3",
    "Vitamin D2",
    "Vitamin D",
    "Vitamin K2",
    "Vitamin K1",
    "Vitamin K",
    "Calcium",
    "Magnesium",
];

/// Forms offered for an ingredient, by what its name is recognised as.
pub fn forms_for(nutrient: Nutrient) -> &'static [&'static str] {
    match nutrient {
        Nutrient::VitaminD(DForm::D2) => &["ergocalciferol"],
        Nutrient::VitaminD(_) => &[
            "cholecalciferol",
            "cholecalciferol from lanolin",
            "cholecalciferol from lichen",
            "ergocalciferol",
        ],
        Nutrient::K1 => &["phylloquinone", "phytonadione"],
        Nutrient::K2(K2Form::Mk7 | K2Form::Mk4 | K2Form::Unspecified) => &[
            "MK-7 (menaquinone-7)",
            "MK-4 (menatetrenone)",
            "MK-7 (MenaQ7®)",
            "all-trans MK-7",
        ],
        // "Vitamin K" with no form yet: offer every form, K1 as well as K2.
        Nutrient::KUnspecified => &[
            "phylloquinone",
            "MK-7 (menaquinone-7)",
            "MK-4 (menatetrenone)",
            "MK-7 (MenaQ7®)",
        ],
        Nutrient::Calcium => &["calcium carbonate", "calcium citrate", "calcium phosphate"],
        Nutrient::Magnesium => &[
            "magnesium citrate",
            "magnesium glycinate",
            "magnesium oxide",
        ],
        Nutrient::Other => &[
            "cholecalciferol",
            "ergocalciferol",
            "MK-7 (menaquinone-7)",
            "MK-4 (menatetrenone)",
            "phylloquinone",
        ],
    }
}

pub fn anticoagulant_choice(a: Anticoagulant) -> &'static str {
    match a {
        Anticoagulant::None => "none",
        Anticoagulant::Vka => "vka (warfarin, acenocoumarol, phenprocoumon)",
        Anticoagulant::Doac => "doac (apixaban, rivaroxaban, dabigatran…)",
    }
}

pub fn field_label(field: super::form::FieldId) -> &'static str {
    use super::form::FieldId as F;
    match field {
        F::Name => "Name",
        F::Brand => "Brand",
        F::Form => "Form",
        F::ServingSize => "Serving size",
        F::Servings => "Servings taken",
        F::Period => "  counted",
        F::OtherIngredients => "Other ingr.",
        F::Carrier => "  carrier",
        F::Directions => "Directions",
        F::Disclaimer => "Disclaimer",
        F::DvPopulation => "%DV for",
        F::Statements => "Statements",
        F::TargetAgeMin => "For ages from",
        F::TargetAgeMax => "  up to",
    }
}

pub fn field_placeholder(field: super::form::FieldId) -> &'static str {
    use super::form::FieldId as F;
    match field {
        F::Name => "(required to save)",
        F::Servings => "(how many; 1 if empty)",
        F::OtherIngredients => "(e.g. olive oil)",
        F::Disclaimer => "(as printed, if any)",
        F::Statements => "(warnings, storage… as printed; ; between)",
        F::TargetAgeMin => "(years, as the label says)",
        F::TargetAgeMax => "(years)",
        _ => "",
    }
}

/// How servings are counted, as the form shows the choice.
pub fn period(period: super::form::Period) -> &'static str {
    use super::form::Period as P;
    match period {
        P::Day => "per day",
        P::Week => "per week",
        P::Month => "per month",
    }
}

pub const INGREDIENT_NAME_NEEDED: &str = "name needed";
pub const CHOOSE_A_UNIT: &str = "choose a unit";
/// The form's short form of the core's refusal of IU for anything but vitamin D.
pub const IU_ONLY_FOR_VITAMIN_D: &str = "IU only for vitamin D";

/// Why a number typed into the form is not accepted.
pub fn number_error(error: &NumberError) -> String {
    match error {
        NumberError::Empty => "enter a number".into(),
        NumberError::NotANumber(typed) | NumberError::NotFinite(typed) => {
            format!("\"{typed}\" is not a number")
        }
    }
}

/// Why an ingredient's amount is not accepted (shown beside "row N:").
pub fn amount_error(error: &AmountError) -> String {
    match error {
        AmountError::NotANumber => "must be a number, not nan".into(),
        AmountError::Infinite => "must be a finite number".into(),
        AmountError::NotPositive(found) => {
            format!("must be greater than 0 (found {})", number(*found))
        }
        AmountError::Implausible { found, unit } => format!(
            "{} {unit} is not plausible for one serving: at most {} {unit} is accepted",
            number(*found),
            number(max_amount(*unit))
        ),
    }
}

/// Why the servings field is not accepted, whatever the figure's fault.
pub fn servings_error(_error: &ServingsError) -> String {
    format!(
        "must be at least one a year ({}) and at most {} a day",
        number(MIN_SERVINGS_PER_DAY),
        plain(MAX_SERVINGS_PER_DAY)
    )
}

/// Why the person's age is not accepted.
pub fn age_error(error: &AgeError) -> String {
    match error {
        AgeError::NotAnAge => "age must be a number of years, 0 or more (0.5 = six months)".into(),
        AgeError::TooOld => format!("age must be at most {MAX_AGE_YEARS} years"),
    }
}

/// The label screen's summary heading: "Per day: ", or with the servings when not 1.
/// What comes before the per-day intake on the label screen: "Per day: " for one serving a
/// day; otherwise how the product is taken first ("1 capsule per week (50,000 IU; 7,143
/// IU/day on average) · per day on average: ").
pub fn intake_heading(intake: &crate::label::Intake) -> String {
    if intake.servings_per_day == 1.0 {
        "Per day: ".to_string()
    } else if intake.schedule().is_daily() {
        format!(
            "{} · per day: ",
            crate::escape::visible(&intake.dose_text())
        )
    } else {
        format!(
            "{} · per day on average: ",
            crate::escape::visible(&intake.dose_text())
        )
    }
}

/// Added to a pane title when its contents differ from the file.
const UNSAVED_MARK: &str = "(unsaved)";

/// The label form's title: the file it was loaded from or saved to, if any.
pub fn label_title(path: Option<&str>, unsaved: bool) -> String {
    let title = match path {
        Some(path) => format!("Label: {path}"),
        None => "Label".to_string(),
    };
    if unsaved {
        format!("{title} {UNSAVED_MARK}")
    } else {
        title
    }
}

/// The findings pane's first line when not everything typed is checked:
/// `incomplete — 1 ingredient not checked (amount "12k" is not a number)`.
pub fn incomplete(rows_left_out: usize, errors: usize, reason: &str) -> String {
    if rows_left_out > 0 {
        format!(
            "incomplete — {rows_left_out} ingredient{} not checked ({reason})",
            if rows_left_out == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "incomplete — {errors} field{} not read ({reason})",
            if errors == 1 { "" } else { "s" }
        )
    }
}

/// The first problem, named by its field: `amount "12k" is not a number`.
pub fn incomplete_reason(at: super::form::FieldRef, error: &str) -> String {
    use super::form::{Column, FieldRef};
    match at {
        // `amount "12k" is not a number`, `amount: enter a number`
        FieldRef::Cell(_, Column::Amount) if error.starts_with('"') => format!("amount {error}"),
        FieldRef::Cell(_, Column::Amount) => format!("amount: {error}"),
        FieldRef::Cell(_, Column::Alt) => format!("also declared as: {error}"),
        FieldRef::Cell(_, c @ (Column::PercentDv | Column::PercentNrv)) => {
            format!("{}: {error}", column_heading(c))
        }
        FieldRef::Cell(_, Column::Unit) | FieldRef::Cell(_, Column::Name) => error.to_string(),
        FieldRef::Cell(_, Column::Form) | FieldRef::Claim(_) => error.to_string(),
        FieldRef::Field(field) => format!("{}: {error}", field_label(field).trim()),
    }
}

/// The amount field's message while its vitamin D amount is asked about.
pub fn did_you_mean(question: &super::form::DoseQuestion) -> String {
    match question.suggestion {
        Some((amount, unit)) => format!("did you mean {} {unit}?", number(amount)),
        None => format!(
            "{} IU a serving is more than 10× the caution level: is it right?",
            number(question.typed_iu)
        ),
    }
}

/// The line under an ingredient whose vitamin D amount is asked about.
pub fn dose_question_line(question: &super::form::DoseQuestion, typed: &str) -> String {
    match question.suggestion {
        Some((amount, unit)) => format!(
            "  ? did you mean {} {unit}?  y: take it · n: keep {typed}",
            number(amount)
        ),
        None => format!(
            "  ? {} IU a serving, over 10× the caution level  n: it is right",
            number(question.typed_iu)
        ),
    }
}

pub const KEPT_AS_TYPED: &str = "Kept as typed: the findings now treat this amount as real.";

/// Marks text that is in error, so that it shows without colour too.
pub const INVALID_MARK: &str = "! ";

/// Ctrl-S on a label the label file would not load back: nothing is written.
pub fn label_would_not_load(reason: &str) -> String {
    format!("Not saved: the label file would not load ({reason}). Nothing typed is lost.")
}
pub const NO_INGREDIENTS_TO_SAVE: &str = "Not saved: a label needs at least one ingredient with a name, amount and unit — add one with `a`.";

pub fn invalid_fields(count: usize) -> String {
    format!("{count} invalid field(s)")
}

/// The selected field's error, under the form.
pub fn field_error(field_label: &str, error: &str) -> String {
    format!("{field_label}: {error}")
}

/// The selected ingredient row's error, under the form; rows count from 1.
pub fn row_error(row: usize, error: &str) -> String {
    format!("row {row}: {error}")
}

pub const INGREDIENTS: &str = "Ingredients";

pub fn column_heading(column: super::form::Column) -> &'static str {
    use super::form::Column as C;
    match column {
        C::Name => "name",
        C::Form => "form",
        C::Amount => "amount",
        C::Unit => "unit",
        C::Alt => "also declared as",
        C::PercentDv => "printed %DV",
        C::PercentNrv => "printed %NRV",
    }
}

/// Shown for a value that is not given (an ingredient's form, an example's brand).
pub const NOT_GIVEN: &str = "—";
pub const ADD_INGREDIENT_ROW: &str = "+ add ingredient (a)";
pub const CLAIMS: &str = "Claims";
pub const CLAIM_BULLET: &str = "• ";
/// What comes before the second declaration on its line under an ingredient.
pub const ALT_LEAD: &str = "  also declared as: ";
/// The line under an ingredient with its form, when the pane is too narrow for a form column.
pub const FORM_LEAD: &str = "  form: ";
pub const ADD_CLAIM_ROW: &str = "+ add claim (Enter)";
/// What comes before a printed percentage on its line under an ingredient.
pub const PERCENT_DV_LEAD: &str = "  printed %DV: ";
pub const PERCENT_NRV_LEAD: &str = "  printed %NRV: ";
/// The line under an ingredient with a printed percentage ("25", "<1%").
pub fn percent_line(column: super::form::Column, text: &str) -> String {
    let lead = percent_lead(column);
    if text.is_empty() {
        format!("{lead}— (not printed)")
    } else {
        format!("{lead}{text}")
    }
}
pub fn percent_lead(column: super::form::Column) -> &'static str {
    if column == super::form::Column::PercentNrv {
        PERCENT_NRV_LEAD
    } else {
        PERCENT_DV_LEAD
    }
}
pub fn percent_error(text: &str) -> String {
    format!(
        "\"{}\" is not a percentage: write it as printed, e.g. 25 or <1%",
        crate::escape::visible(text)
    )
}
pub const TARGET_AGE_ORDER: &str = "must not be below the youngest age";
pub const PICK_DV_POPULATION: &str = "Whose Daily Values the printed %DV column uses";
/// The %DV population as the form shows it.
pub fn dv_population_choice(p: Option<crate::label::DvPopulation>) -> String {
    match p {
        None => "not stated (adults)".to_string(),
        Some(p) => p.as_str().to_string(),
    }
}
/// The line under an ingredient with its second declaration ("(1,000 IU)" beside "25 mcg").
pub fn alt_line(alt: &str) -> String {
    if alt.is_empty() {
        format!("{ALT_LEAD}— (→ to add, e.g. 1000 IU)")
    } else {
        format!("{ALT_LEAD}{alt}")
    }
}
pub const ALT_NEEDS_UNIT: &str = "write an amount and a unit, e.g. 1000 IU or 25 mcg";
pub fn alt_unknown_unit(unit: &str) -> String {
    format!("unknown unit \"{unit}\": use IU, mcg, mg or g")
}

pub fn findings_title(count: usize) -> String {
    format!("Findings ({count})")
}

pub const DETAIL_TITLE: &str = "Why, and the sources";
pub const THRESHOLD_LABEL: &str = "Threshold: ";
pub const EVIDENCE_LABEL: &str = "Evidence: ";
pub const SOURCES_HEADING: &str = "Sources";

/// The status after `y` copied a finding.
pub fn finding_copied(rule_id: &str) -> String {
    format!("Copied {rule_id} (OSC 52; some terminals need it enabled, see ?).")
}
pub const NOTHING_TO_COPY: &str = "No finding selected to copy.";

/// The last line of a finding's detail.
pub fn disclaimer_sentence() -> String {
    format!("{APP_TITLE} {DISCLAIMER}.")
}

pub fn examples_title(count: usize) -> String {
    format!("Examples ({count})")
}

/// The example browser's title with its order, and how many rows a filter keeps.
pub fn examples_list_title(
    shown: usize,
    total: usize,
    order: super::filter::ExampleOrder,
) -> String {
    let base = if shown == total {
        examples_title(total)
    } else {
        format!("Examples ({shown} of {total})")
    };
    match order {
        super::filter::ExampleOrder::FileName => base,
        super::filter::ExampleOrder::WorstFirst => format!("{base}, worst first"),
    }
}

/// The status after `s` in the example browser.
pub fn examples_sorted(order: super::filter::ExampleOrder) -> &'static str {
    match order {
        super::filter::ExampleOrder::FileName => "Examples sorted by file name.",
        super::filter::ExampleOrder::WorstFirst => {
            "Examples sorted by worst finding first (with the current rules and profile)."
        }
    }
}

/// The filter line over a filtered list.
pub const FILTER_LEAD: &str = "/ ";
pub const NO_EXAMPLE_MATCHES: &str = "No example matches the filter; Esc clears it.";
pub const NO_RULE_MATCHES: &str = "No rule matches the filter; Esc clears it.";
/// The rules list's title when a filter hides some rules.
pub fn rules_shown(shown: usize, total: usize) -> String {
    format!("{shown} of {total} rules")
}

pub const PREVIEW_TITLE: &str = "Preview";
pub const PREVIEW_BRAND: &str = "Brand";
pub const PREVIEW_FORM: &str = "Form";
pub const PREVIEW_SERVING: &str = "Serving";
pub const PREVIEW_FILE: &str = "File";
pub const PREVIEW_PER_DAY: &str = "Per day";
pub const ENTER_LOADS_EXAMPLE: &str = "Enter loads it into the form.";

/// An example's file and where it comes from ("built-in" or its folder).
pub fn example_source(file: &str, origin: &str) -> String {
    format!("{file} ({origin})")
}

/// The heading over an example's findings in the preview.
pub fn example_findings(count: usize) -> String {
    format!(
        "{count} finding{} with the current rules and profile",
        if count == 1 { "" } else { "s" }
    )
}

/// The rule list's title: where the rules come from.
/// Which rules are in use, for the header: "built-in rules", "saved rules", "rules: my.toml".
pub fn rules_in_use(origin: &crate::RulesOrigin) -> String {
    use crate::RulesOrigin as O;
    match origin {
        O::Builtin => "built-in rules".to_string(),
        O::Saved(_) => "saved rules".to_string(),
        O::File(p) | O::Env(p) => format!(
            "rules: {}",
            crate::escape::visible(&p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned()
            ))
        ),
    }
}

pub fn rules_title(origin: &str, unsaved: bool) -> String {
    if unsaved {
        format!("Rules: {origin} {UNSAVED_MARK}")
    } else {
        format!("Rules: {origin}")
    }
}

/// Whether a rule is on, in the rule list.
pub fn rule_state(enabled: bool) -> &'static str {
    if enabled { "on" } else { "off" }
}

pub fn params_title(rule_id: &str) -> String {
    format!("Parameters: {rule_id}")
}

pub const PARAM_ENABLED: &str = "enabled";
pub const PARAM_SEVERITY: &str = "severity";

pub fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

pub const FIRES_WHEN: &str = "Fires when ";
pub const RULE_EVIDENCE: &str = "Evidence ";

/// The sources a rule cites, by key.
pub fn rule_sources(keys: &[String]) -> String {
    format!("Sources: {}", keys.join(", "))
}

/// Named in the rules screen's findings title when the label has no name yet.
pub const THE_CURRENT_LABEL: &str = "the current label";

/// The rules screen's findings title: how many findings the rules give for the label.
pub fn live_findings_title(count: usize, label_name: &str) -> String {
    format!("{count} finding(s) for {label_name}")
}

pub fn removed_row(name: &str) -> String {
    format!("Removed {name}.")
}

pub fn loaded_example(file: &str, findings: usize) -> String {
    format!(
        "Loaded example {file}: {findings} finding{}.",
        if findings == 1 { "" } else { "s" }
    )
}

/// After saving the rules: to the user's saved rules (which every command now uses), or to
/// another file.
pub fn saved_rules(path: &str, saved_rules: bool) -> String {
    if saved_rules {
        format!("Saved rules to {path}; labelcheck uses them from now on.")
    } else {
        format!("Saved rules to {path}. Use it with: labelcheck --rules {path}")
    }
}

/// The mark after an edited rule's id in the rules list.
pub const EDITED_MARK: &str = "edited";

pub fn rule_reset(id: &str) -> String {
    format!("{id} is back to the built-in severity, on/off and thresholds (not saved yet).")
}

pub fn rule_reset_partly(id: &str) -> String {
    format!(
        "{id}: severity, on/off and thresholds are back to the built-in ones; its other parameters differ from the built-in rule and were kept."
    )
}

pub fn rule_already_builtin(id: &str) -> String {
    format!("{id} is already as built in.")
}

pub fn not_a_builtin_rule(id: &str) -> String {
    format!("{id} is not a built-in rule: there is nothing to reset it to.")
}

pub fn saved_label(path: &str) -> String {
    format!("Saved label to {path}.")
}

pub fn save_failed(reason: &str) -> String {
    format!("Not saved: {reason}. Your edits are kept.")
}

/// Why typed or pasted text was not put in a field; the field keeps what it had.
pub fn field_too_long(too_long: super::input::TooLong, pasted: bool) -> String {
    let limit = number(too_long.limit as f64);
    if pasted {
        format!(
            "Not pasted: the field would be {} characters long, and a field takes at most {limit}. The field is unchanged.",
            number(too_long.would_be as f64)
        )
    } else {
        format!("Not typed: the field is at its limit of {limit} characters.")
    }
}

pub const RECOVERY_TITLE: &str = "Restore unsaved work?";
pub const RECOVERY_DISCARDED: &str = "The kept work was discarded.";
pub const RESTORED: &str = "Unsaved work restored. Ctrl-S saves the label; on the Rules screen the rules, on the Regimen screen the regimen.";
/// Why unsaved work could not be kept.
pub const NO_RECOVERY_FOLDER: &str = "there is no folder to keep it in (no home folder)";

/// Asked at start when an earlier session ended without saving and its work was kept.
pub fn recovery_question(recovery: &super::recovery::Recovery) -> String {
    let mut kept = Vec::new();
    if let Some(label) = &recovery.label {
        let name = if label.form.name.trim().is_empty() {
            "(no name)".to_string()
        } else {
            format!("\"{}\"", label.form.name.trim())
        };
        kept.push(match &label.path {
            Some(path) => format!("the label {name} ({})", path.display()),
            None => format!("the label {name} (not saved to a file yet)"),
        });
    }
    if let Some(rules) = &recovery.rules {
        kept.push(format!("the rules for {}", rules.save_path.display()));
    }
    if let Some(person) = &recovery.person {
        kept.push(match &person.name {
            Some(name) => format!(
                "the person profile \"{}\" as changed",
                crate::escape::visible(name)
            ),
            None => "the person profile".to_string(),
        });
    }
    if let Some(regimen) = &recovery.regimen {
        let n = regimen.product.len();
        let products = if n == 1 {
            "1 product".to_string()
        } else {
            format!("{n} products")
        };
        kept.push(match &regimen.path {
            Some(path) => format!(
                "the regimen of {products} ({})",
                crate::escape::visible(&path.display().to_string())
            ),
            None => format!("the regimen of {products} (not saved to a file yet)"),
        });
    }
    format!(
        "labelcheck ended last time without saving (its terminal went away, or it was stopped). It kept {}. Restore it? It replaces what is open now. y restores · n discards it · Esc asks again next time",
        kept.join(" and ")
    )
}

pub fn recovery_not_removed(file: &std::path::Path, reason: &str) -> String {
    format!("Could not remove {}: {reason}.", file.display())
}

pub fn recovery_kept_for_later(file: &std::path::Path) -> String {
    format!(
        "The kept work stays in {}; the next start offers it again.",
        file.display()
    )
}

pub fn restored_partly(problems: &str, file: &std::path::Path) -> String {
    format!(
        "Not everything could be restored ({problems}); the kept work stays in {}.",
        file.display()
    )
}

/// Why the app ended although the user did not quit, for the messages below.
pub fn stopped(why: &super::wake::Stop) -> String {
    use super::wake::Stop;
    match why {
        Stop::HangUp => "the terminal hung up".into(),
        Stop::Terminated => "it was stopped (SIGTERM)".into(),
        Stop::Unreadable(reason) if reason.is_empty() => "the terminal could not be read".into(),
        Stop::Unreadable(reason) => format!("the terminal could not be read ({reason})"),
    }
}

pub fn terminal_failed(reason: &str) -> String {
    format!("the terminal could not be drawn on ({reason})")
}

pub const CRASHED: &str = "of an internal error";

/// Printed on standard error after the app ended without the user quitting: `why` is one of
/// the reasons above. The path is quoted with its special characters escaped.
pub fn kept_unsaved_work(why: &str, file: &std::path::Path) -> String {
    format!(
        "labelcheck ended because {why}; unsaved work was kept in {file:?}. The next start offers to restore it."
    )
}

pub fn unsaved_work_lost(why: &str, reason: &str) -> String {
    format!("labelcheck ended because {why}, and unsaved work could not be kept: {reason}.")
}

pub fn fix_before_saving(n: usize) -> String {
    format!(
        "Fix the {n} field{} marked in red before saving.",
        if n == 1 { "" } else { "s" }
    )
}

/// Asked before quitting with unsaved changes.
pub fn quit_unsaved(label: bool, rules: bool, regimen: bool) -> String {
    let things: Vec<&str> = [
        (label, "the label"),
        (rules, "the rules"),
        (regimen, "the regimen"),
    ]
    .into_iter()
    .filter_map(|(unsaved, what)| unsaved.then_some(what))
    .collect();
    let unsaved = match things.as_slice() {
        [] | [_] => {
            let one = things.first().copied().unwrap_or("the rules");
            let verb = if one == "the rules" { "have" } else { "has" };
            format!(
                "{}{} {verb} unsaved changes.",
                one[..1].to_uppercase(),
                &one[1..]
            )
        }
        [init @ .., last] => {
            let init = init.join(", ");
            format!(
                "{}{} and {last} have unsaved changes.",
                init[..1].to_uppercase(),
                &init[1..]
            )
        }
    };
    format!("{unsaved} Quit without saving? (y / n)")
}

/// The question a save asks before writing, and its title: over a file that exists (a new
/// label file; the built-in rules saved for the first time), over one that changed on disk
/// since it was loaded or last saved, or over one marked read-only.
pub fn save_question(
    question: super::app::SaveQuestion,
    target: &super::app::SaveTarget,
    path: &str,
) -> (&'static str, String) {
    use super::app::{SaveQuestion as Q, SaveTarget as T};
    let these = match target {
        T::Rules | T::RulesAs(_) => "these rules",
        T::Label(_) => "this label",
    };
    match question {
        Q::Exists => (
            OVERWRITE_TITLE,
            format!("{path} already exists. Overwrite it with {these}? (y / n)"),
        ),
        Q::Changed => (
            CHANGED_ON_DISK_TITLE,
            format!(
                "{path} changed on disk since it was loaded or last saved. Overwrite it with {these}? (y / n)"
            ),
        ),
        Q::ReadOnly => (
            READ_ONLY_TITLE,
            format!(
                "{path} is read-only. Replace it with {these} anyway (it stays read-only)? (y / n)"
            ),
        ),
    }
}

/// The file name offered when a new label is saved: "D3 + K2 Drops" → "d3-k2-drops.toml".
pub fn label_file_name(product_name: &str) -> String {
    format!("{}.toml", slug(product_name))
}

/// A file name from a product name: "D3 + K2 Drops" → "d3-k2-drops".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "label".into()
    } else {
        trimmed.chars().take(60).collect()
    }
}

/// The key bar's word and the help's description of each action.
pub fn action(action: Action) -> (&'static str, &'static str) {
    use Action as A;
    match action {
        A::Quit => ("quit", "quit (asks first if something is unsaved)"),
        A::Help => ("help", "this help"),
        A::Save => (
            "save",
            "save the label; on the Rules screen save the rules (comments and order are kept): the built-in rules are saved as your own, in your config folder, and used from then on",
        ),
        A::ShowLabel => ("screen", "Label"),
        A::ShowExamples => ("screen", "Examples"),
        A::ShowRules => ("screen", "Rules"),
        A::NextPane => ("pane", "next (past the last pane: the next screen)"),
        A::PreviousPane => ("pane", "previous"),
        A::Up => ("move", "up"),
        A::Down => ("move", "down"),
        A::Left => ("change", "previous choice, or the column to the left"),
        A::Right => ("change", "next choice, or the column to the right"),
        A::ScrollUp => ("scroll", "up a line"),
        A::ScrollDown => ("scroll", "down a line"),
        A::PageUp => ("scroll", "up a page"),
        A::PageDown => ("scroll", "down a page"),
        A::ScrollTop => ("scroll", "to the top"),
        A::Edit => (
            "edit",
            "edit the value, or choose from a list (form, unit, ingredient, severity)",
        ),
        A::Back => ("back", "back to the pane before"),
        A::AddIngredient => ("add", "add an ingredient"),
        A::TakeSuggestion => (
            "take it",
            "take the amount suggested by \"did you mean …?\"",
        ),
        A::KeepAsTyped => (
            "keep",
            "keep the amount as typed when asked \"did you mean …?\"",
        ),
        A::RemoveIngredient => ("remove", "remove the selected ingredient or claim"),
        A::PasteLabel => (
            "paste",
            "paste label text (a Supplement Facts panel) and read it into the form",
        ),
        A::OpenDetail => ("detail", "read the finding's detail: rationale and sources"),
        A::LoadExample => ("load", "load the example into the form"),
        A::OpenRule => ("edit", "edit the rule's parameters"),
        A::ToggleRule => ("on/off", "turn the selected rule on or off"),
        A::ResetRule => (
            "reset",
            "reset the selected rule to the built-in one (rules marked \"edited\" differ from it)",
        ),
        A::SaveRulesAs => ("save as", "save the rules as… another file"),
        A::SaveLabelAs => ("save as", "save the label as… another file instead"),
        A::FinishEdit => ("done", "keep the value typed"),
        A::LeaveField => (
            "leave",
            "leave the field (an invalid threshold is put back) and move on",
        ),
        A::UndoEdit => (
            "undo edit",
            "cancel the edit: the value before it is put back",
        ),
        A::MoveCursor => ("move cursor", "move the cursor"),
        A::ClearField => ("clear", "clear the field"),
        A::Choose => ("select", "take the option"),
        A::Cancel => ("cancel", "cancel"),
        A::Close => ("close", "close (any other key closes too)"),
        A::SaveUnderName => ("save", "save under the name typed"),
        A::ReadPasted => ("read it", "read the pasted text into the form"),
        A::Yes => ("yes", "yes"),
        A::No => ("no", "no"),
        A::Restore => ("restore", "restore the kept work"),
        A::CopyFinding => (
            "copy",
            "copy the selected finding (rule, severity, message, threshold, rationale, sources with their links) to the clipboard, through the terminal (OSC 52); some terminals need it allowed first, e.g. tmux: set -g set-clipboard on",
        ),
        A::Filter => (
            "filter",
            "filter the list: type to narrow it, Enter keeps the filter, Esc clears it",
        ),
        A::KeepFilter => ("keep", "keep the filter and go back to the list"),
        A::ClearFilter => ("clear", "clear the filter: the whole list again"),
        A::SortExamples => (
            "sort",
            "sort the examples by file name, or by worst finding first",
        ),
        A::Discard => ("discard", "delete the kept work"),
        A::Later => ("later", "decide next time (the work stays kept)"),
        A::ShowRegimen => ("screen", "Regimen"),
        A::ShowCompare => ("screen", "Compare"),
        A::AddCurrentLabel => ("add", "the label in the form"),
        A::AddExampleProduct => ("add", "an example label"),
        A::AddFileProduct => ("add", "a label file (or label text file)"),
        A::AddPastedProduct => ("add", "pasted label text"),
        A::SetTaken => (
            "taken",
            "how the selected product is taken: as the label says, servings a day, weekly, monthly or every N days",
        ),
        A::SetReason => (
            "reason",
            "why the selected product is taken (shown in the report)",
        ),
        A::RemoveProduct => ("remove", "remove the selected product from the regimen"),
        A::MarkForCompare => (
            "compare",
            "mark or unmark the selected product for the Compare view (2–4)",
        ),
        A::OpenRegimen => ("open", "open a regimen file (regimen.toml)"),
        A::SaveRegimenAs => ("save as", "save the regimen as another file"),
        A::WriteReport => (
            "report",
            "write the regimen's report to hand over (HTML, for the person or a professional)",
        ),
        A::ShowPerson => (
            "person",
            "the person profile (age, pregnancy, conditions, medicines) and the regions checked",
        ),
        A::ChangePerson => (
            "tick/edit",
            "tick or clear a box, type the age, take the next choice, or choose a saved profile",
        ),
        A::SaveProfile => (
            "save",
            "save the profile in profiles.toml in your config folder (asks before replacing one)",
        ),
        A::ClosePerson => (
            "done",
            "close: the profile stays in use for this session, saved or not",
        ),
    }
}

/// A help line for several actions the key bar names alike: "move: up, down".
pub fn help_merged(short: &str, descriptions: &[&str]) -> String {
    format!("{short}: {}", descriptions.join(", "))
}

/// The help's section title for the keys of a scope.
pub fn scope_title(scope: Scope) -> &'static str {
    use Scope as S;
    match scope {
        S::Always => "Even while typing",
        S::Global => "Everywhere",
        S::Navigation => "Screens and panes",
        S::LabelScreen => "Label screen",
        S::LabelForm => "Label form",
        S::Findings => "Findings",
        S::FindingDetail => "Finding detail",
        S::Examples => "Examples",
        S::RulesScreen => "Rules screen",
        S::RulesList => "Rules list",
        S::RuleParams => "Rule parameters",
        S::Editing => "Typing into a field",
        S::Filtering => "Typing a filter",
        S::HelpPopup => "This help",
        S::Picker => "Choosing from a list",
        S::SaveAs => "Save as…",
        S::PasteBox => "Pasting label text",
        S::Importing => "Reading pasted text",
        S::ImportReport => "Import report",
        S::Recovery => "Kept unsaved work",
        S::ConfirmQuit => "Quit?",
        S::ConfirmOverwrite => "Save over the label's file?",
        S::Confirm => "Questions",
        S::Regimen => "Regimen screen",
        S::RegimenInput => "Typing a file, how a product is taken or a reason",
        S::Compare => "Compare view",
        S::PersonPopup => "Person profile",
    }
}

/// How the help writes a key that is not a character.
pub fn key_name(code: KeyCode) -> &'static str {
    match code {
        KeyCode::Up => "↑",
        KeyCode::Down => "↓",
        KeyCode::Left => "←",
        KeyCode::Right => "→",
        KeyCode::Enter => "Enter",
        KeyCode::Esc => "Esc",
        KeyCode::Tab => "Tab",
        KeyCode::BackTab => "Shift-Tab",
        KeyCode::PageUp => "PgUp",
        KeyCode::PageDown => "PgDn",
        KeyCode::Home => "Home",
        KeyCode::End => "End",
        KeyCode::Delete => "Delete",
        KeyCode::Backspace => "Backspace",
        _ => "key",
    }
}

/// The help's last lines, after the keys.
pub const HELP_MOUSE_TITLE: &str = "Mouse";
pub const HELP_MOUSE: &str = "Click a tab to show its screen, a row (field, ingredient, finding, example, rule) to select it; the wheel scrolls the list or text under the pointer. To select text with the mouse while the app has it, hold Shift while dragging (most terminals; Option on macOS Terminal and iTerm2).";
pub const HELP_ABOUT_TITLE: &str = "About";
pub const HELP_ABOUT: &str = "labelcheck informs; it does not prescribe. Findings are reasons to look closer or to ask a pharmacist or doctor, not medical advice.";

// The person profile popup and the header's line about the person.

pub const PERSON_TITLE: &str = "Person: who the labels are checked for";
pub const PERSON_HINT: &str =
    "Changes apply at once. Esc: use it for this session; Ctrl-S: save it.";
pub const NO_CONFIG_FOLDER: &str =
    "profiles cannot be saved or listed: the system names no config folder (no home folder)";
pub const NOBODY_IN_PARTICULAR: &str = "(nobody in particular: an adult, nothing stated)";
pub const PICK_SAVED_PROFILE: &str = "Saved profiles (profiles.toml)";
pub const PROFILE_NOT_SAVED: &str = "Profile not saved.";
pub const PROFILE_NAME_RULE: &str =
    "a profile name is letters, digits, - and _ (as typed after --profile)";
pub const SAVE_PROFILE_AS: &str = "Save profile as (name in profiles.toml)";
pub const RESTORED_WITH_PERSON: &str = "Unsaved work restored; the age and anticoagulant it kept \
     with the label are now in the person profile (P), unsaved.";
pub const REPLACE_PROFILE_TITLE: &str = "Replace saved profile?";
pub const SWITCH_PROFILE_TITLE: &str = "Leave unsaved profile changes?";

/// Under the person popup's list when it does not all fit.
pub fn person_more_rows(above: bool, below: bool) -> &'static str {
    match (above, below) {
        (true, true) => "↑↓ more rows above and below",
        (false, true) => "↓ more rows below",
        _ => "↑ more rows above",
    }
}

pub fn profiles_unreadable(reason: &str) -> String {
    format!("The saved profiles cannot be read: {reason}")
}

pub fn no_saved_profiles(path: &str) -> String {
    format!(
        "No saved profiles yet ({}): Ctrl-S in this popup saves one",
        crate::escape::visible(path)
    )
}

/// A saved profile in the picker: its name and what it states.
pub fn saved_profile_choice(name: &str, summary: &str) -> String {
    let about = summary.split_once(": ").map_or(summary, |(_, rest)| rest);
    format!("{} — {}", crate::escape::visible(name), about)
}

pub fn profile_in_use(name: &str) -> String {
    if name.is_empty() {
        "Profile: nobody in particular (an adult, nothing stated).".to_string()
    } else {
        format!("Profile \"{}\" in use.", crate::escape::visible(name))
    }
}

pub fn saved_profile(name: &str, path: &str) -> String {
    format!(
        "Saved profile \"{}\" in {} (use it with --profile {}).",
        crate::escape::visible(name),
        crate::escape::visible(path),
        crate::escape::visible(name)
    )
}

pub fn replace_profile(name: &str) -> String {
    format!(
        "profiles.toml already has a profile \"{}\". Replace it with this one? (Its comments \
         stay.)",
        crate::escape::visible(name)
    )
}

pub fn switch_profile(name: &str) -> String {
    let to = if name.is_empty() {
        "nobody in particular".to_string()
    } else {
        format!("the saved profile \"{}\"", crate::escape::visible(name))
    };
    format!("The profile in use has changes not saved in profiles.toml. Use {to} instead?")
}

/// The popup's line about which saved profile is in use.
pub fn person_saved_row(name: Option<&str>, edited: bool) -> String {
    match (name, edited) {
        (None, false) => "‹ none: this session only ›".to_string(),
        (None, true) => "‹ none: this session only (not saved) ›".to_string(),
        (Some(n), false) => format!("‹ {} ›", crate::escape::visible(n)),
        (Some(n), true) => format!("‹ {} (changed, not saved) ›", crate::escape::visible(n)),
    }
}

pub fn person_row_label(row: super::person::PersonRow) -> &'static str {
    use super::person::PersonRow as R;
    match row {
        R::Saved => "Saved profile",
        R::Age => "Age (years)",
        R::Anticoagulant => "Anticoagulant",
        R::Pregnancy => "Pregnancy",
        R::Condition(_) => "Condition",
        R::Medicine(_) => "Medicine",
        R::Region(_) => "Region",
    }
}

/// The value shown on a row of the person popup (not the age being typed).
pub fn person_row_value(
    state: &super::person::PersonState,
    row: super::person::PersonRow,
) -> String {
    use super::person::PersonRow as R;
    let tick = |on: bool| if on { "[x]" } else { "[ ]" };
    let p = &state.profile;
    match row {
        R::Saved => person_saved_row(p.name.as_deref(), state.edited),
        R::Age => match p.age_years {
            Some(a) => number(a),
            None => "(adult, age not given)".to_string(),
        },
        R::Anticoagulant => format!("‹ {} ›", anticoagulant_words(p.anticoagulant)),
        R::Pregnancy => format!("‹ {} ›", p.pregnancy.describe()),
        R::Condition(c) => format!("{} {}", tick(p.has_condition(c)), condition_words(c)),
        R::Medicine(m) => format!("{} {}", tick(p.takes(m)), m.describe()),
        R::Region(r) => format!(
            "{} {} {}",
            tick(state.regions.contains(&r)),
            r.as_str(),
            r.describe()
        ),
    }
}

/// An anticoagulant in the person popup, short enough for 80 columns.
fn anticoagulant_words(a: crate::profile::Anticoagulant) -> &'static str {
    use crate::profile::Anticoagulant as A;
    match a {
        A::None => "none",
        A::Vka => "VKA (warfarin, acenocoumarol, phenprocoumon)",
        A::Doac => "DOAC (apixaban, rivaroxaban, edoxaban, dabigatran)",
    }
}

/// A condition in the person popup, short enough for 80 columns.
fn condition_words(c: crate::profile::Condition) -> &'static str {
    use crate::profile::Condition as C;
    match c {
        C::Granulomatous => "sarcoidosis or other granulomatous disease",
        other => other.describe(),
    }
}

/// The person in a few words: "72 y, VKA, thiazide" ("adult" when no age is given).
fn person_words(p: &crate::profile::Profile) -> String {
    use crate::profile::{Anticoagulant, Pregnancy};
    let mut parts = vec![match p.age_years {
        Some(a) => format!("{} y", number(a)),
        None => "adult".to_string(),
    }];
    match p.anticoagulant {
        Anticoagulant::None => {}
        Anticoagulant::Vka => parts.push("VKA".to_string()),
        Anticoagulant::Doac => parts.push("DOAC".to_string()),
    }
    if p.pregnancy != Pregnancy::None {
        parts.push(p.pregnancy.as_str().to_string());
    }
    parts.extend(p.conditions.iter().map(|c| c.as_str().to_string()));
    parts.extend(p.medicines.iter().map(|m| m.as_str().to_string()));
    parts.join(", ")
}

/// The header's line about the person and the regions, longest first: "Person: 72 y, VKA,
/// thiazide · regions: us", then shorter forms for a narrow terminal.
pub fn person_header(state: &super::person::PersonState) -> Vec<String> {
    let who = match state.profile.name.as_deref() {
        Some(n) => format!("Person {}", crate::escape::visible(n)),
        None => "Person".to_string(),
    };
    let mark = if state.edited && state.profile.name.is_some() {
        "*"
    } else {
        ""
    };
    let words = person_words(&state.profile);
    let regions: Vec<&str> = state.regions.iter().map(|r| r.as_str()).collect();
    let (long_regions, short_regions) = if regions.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" · regions: {}", regions.join(", ")),
            format!(" · {}", regions.join(",")),
        )
    };
    let short_who = match state.profile.name.as_deref() {
        Some(n) => format!("{}{mark}: ", crate::escape::visible(n)),
        None => String::new(),
    };
    vec![
        format!("{who}{mark}: {words}{long_regions}"),
        format!("{short_who}{words}{short_regions}"),
    ]
}

pub const RULE_REGION: &str = "Checked: ";

/// A regional rule's state on the Rules screen: checked only when its region is selected.
pub fn regional_state(region: crate::rules::Region, selected: bool, enabled: bool) -> String {
    match (enabled, selected) {
        (false, _) => format!("off (turned off; region {region})"),
        (true, true) => format!("on (region {region} selected)"),
        (true, false) => format!("off (region {region} not selected: P chooses regions)"),
    }
}
