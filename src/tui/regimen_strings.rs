//! Every sentence of the Regimen screen and the Compare view (`strings::regimen`).

use crate::escape::visible;
use crate::format::number;

pub const TAB_REGIMEN: &str = "Regimen";
pub const TAB_COMPARE: &str = "Compare";
pub const UNSAVED_MARK: &str = "regimen unsaved";

pub const PRODUCTS_TITLE: &str = "Products";
pub const TOTALS_TITLE: &str = "Totals per day against the limits";
pub const FINDINGS_TITLE: &str = "Findings on the total";
pub const NO_PRODUCTS: &str = "No products yet. Add the label in the form (c), an example (e), a label file (f) or pasted label text (p); open a regimen.toml with o.";
pub const NO_TOTALS: &str = "No vitamin D, vitamin K, calcium or magnesium in the products.";
pub const NO_LIMIT: &str = "no limit in the rules for this nutrient";
pub const REASON: &str = "reason: ";
pub const TAKEN: &str = "taken: ";
pub const CONTRIBUTIONS: &str = "from: ";
pub const LEFT_OUT: &str = "Left out when the file was read:";
pub const WHY: &str = "Why: ";
pub const SOURCES: &str = "Sources: ";
pub const DUPLICATION: &str = "duplication";
pub const MARKED: &str = "[compare]";
pub const BOLUS: &str = "on a day everything is taken";

pub const NO_EXAMPLES: &str = "There are no examples to add.";
pub const NO_PRODUCT_SELECTED: &str = "No product selected: add one first.";
pub const COMPARE_FULL: &str = "The Compare view holds 4 products: unmark one first (x).";
pub const CANCELLED: &str = "Cancelled; the regimen is as it was.";
pub const NAME_A_FILE: &str = "Type a file name (or Esc to cancel).";
pub const LABEL_EMPTY: &str = "The label in the form has no ingredients yet: nothing to add.";
pub const FROM_THE_FORM: &str = "the label in the form";
pub const PASTED: &str = "pasted label text";
pub const PASTE_NOTHING_READ: &str = "No vitamin D, K, calcium or magnesium amount could be read from the pasted text; edit it (or Esc to cancel).";
pub const UNSAVED_FIRST: &str = "The regimen shown has unsaved changes: Enter again opens the file in its place and drops them; Esc keeps them (save with Ctrl-S).";

pub const PROMPT_ADD_FILE: &str = "Add a label file (.toml, or label text .txt)";
pub const PROMPT_OPEN: &str = "Open a regimen file (regimen.toml)";
pub const PROMPT_SAVE_AS: &str = "Save the regimen as";
pub const PROMPT_TAKEN: &str = "How is it taken?";
pub const TAKEN_HELP: &str = "label · 2 (a day) · weekly · monthly · every 10 days · 2 weekly";
pub const PROMPT_REASON: &str = "Why is it taken? (shown in the report)";
pub const PROMPT_PASTE: &str = "Paste label text to add (Ctrl-D reads it)";
pub const PROMPT_EXAMPLE: &str = "Add an example";
pub const PROMPT_OVERWRITE: &str = "Save over this file?";
pub const OVERWRITE_QUESTION: &str =
    "y writes the regimen there; n or Esc leaves the file as it is.";

pub const PROMPT_REPORT: &str = "Write the report to";
pub const REPORT_HELP: &str = "an HTML file to print or hand over; Enter, then who it is for";
pub const PROMPT_AUDIENCE: &str = "Who is the report for?";
pub const AUDIENCE_HELP: &str = "↑↓ choose · Enter writes it · Esc cancels";
pub const PROMPT_REPORT_OVERWRITE: &str = "Write the report over this file?";
pub const REPORT_OVERWRITE_QUESTION: &str =
    "y writes the report there; n or Esc leaves the file as it is.";
pub const REPORT_NOTHING: &str = "No products yet: add one before writing a report.";
pub const REPORT_CANCELLED: &str = "Cancelled; no report was written.";

/// The audience as the report prompt lists it.
pub fn audience(audience: crate::report::html::Audience) -> &'static str {
    match audience {
        crate::report::html::Audience::Person => "the person who takes the products (plain words)",
        crate::report::html::Audience::Professional => {
            "a pharmacist or doctor (rule ids, thresholds, evidence kinds)"
        }
    }
}

pub fn report_to(path: &str) -> String {
    format!("To {}", visible(path))
}

pub fn report_written(
    path: &str,
    audience: crate::report::html::Audience,
    summary: &str,
) -> String {
    let whom = match audience {
        crate::report::html::Audience::Person => "for the person",
        crate::report::html::Audience::Professional => "for a professional",
    };
    format!(
        "Wrote the report ({whom}) to {}: {}.",
        visible(path),
        visible(summary.trim_end_matches('.'))
    )
}

pub fn report_not_rendered(reason: &str) -> String {
    format!(
        "The report could not be made ({}); no file was written.",
        visible(reason)
    )
}

pub fn report_not_written(reason: &str) -> String {
    format!(
        "Not written: {}. Type another file (or Esc to cancel).",
        visible(reason)
    )
}

pub const COMPARE_TITLE: &str = "Compare products (each as its label says)";
pub const COMPARE_HOW: &str =
    "Mark 2–4 products with x on the Regimen screen (4); without marks the first four are shown.";
pub const COMPARE_TOO_FEW: &str =
    "Add two or more products on the Regimen screen (4) to compare them.";

pub fn from_nested(file: &str) -> String {
    format!(
        "This product comes from the regimen file {}: change or remove it in that file.",
        visible(file)
    )
}

pub fn removed(name: &str) -> String {
    format!("Removed {} from the regimen.", visible(name))
}

pub fn added(name: &str, count: usize) -> String {
    format!(
        "Added {} ({count} product{} in the regimen).",
        visible(name),
        if count == 1 { "" } else { "s" }
    )
}

pub fn too_many() -> String {
    format!(
        "A regimen holds at most {} products.",
        crate::regimen::MAX_PRODUCTS
    )
}

pub fn paste_too_large() -> String {
    format!(
        "The pasted text would be more than {} MB: paste less.",
        crate::import::MAX_IMPORT_BYTES / (1024 * 1024)
    )
}

pub fn is_a_regimen(path: &str) -> String {
    format!(
        "{} is a regimen file, not a label: open it with o.",
        visible(path)
    )
}

pub fn pasted_name(n: usize) -> String {
    format!("Pasted label {n}")
}

pub fn opened(path: &str, products: usize, left_out: usize) -> String {
    let mut text = format!(
        "Opened {}: {products} product{}.",
        visible(path),
        if products == 1 { "" } else { "s" }
    );
    if left_out > 0 {
        text.push_str(&format!(
            " {left_out} problem{} (listed under the findings); the file keeps what could not be read.",
            if left_out == 1 { "" } else { "s" }
        ));
    }
    text
}

pub fn saved(path: &str) -> String {
    format!("Saved the regimen to {}.", visible(path))
}

pub fn cannot_edit(reason: &str) -> String {
    format!(
        "The regimen file cannot be edited ({}); save it as another file (s).",
        visible(reason)
    )
}

pub fn and_more(first: &str, more: usize) -> String {
    format!(
        "{first} (and {more} more problem{})",
        if more == 1 { "" } else { "s" }
    )
}

pub fn bad_servings(n: f64, max: f64) -> String {
    format!(
        "{} servings at once: give a number above 0 and at most {}.",
        number(n),
        number(max)
    )
}

pub fn bad_interval(days: f64, max: f64) -> String {
    format!(
        "every {} days: give a number of days above 0 and at most {}.",
        number(days),
        number(max)
    )
}

pub fn bad_taken(text: &str) -> String {
    format!(
        "\"{}\" is not understood: type label, a number a day (2), weekly, monthly or every N days.",
        visible(text)
    )
}

/// "above tolerable upper intake level (UL) 4,000 IU/day": where the total stands against a
/// limit, in words, so the gauge reads without colour. `order` is the total compared with the
/// limit.
pub fn against(limit: &str, value: &str, order: std::cmp::Ordering) -> String {
    let word = match order {
        std::cmp::Ordering::Greater => "above",
        std::cmp::Ordering::Equal => "at",
        std::cmp::Ordering::Less => "below",
    };
    format!("{word} {limit} {value}")
}
