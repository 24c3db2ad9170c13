//! The `/` filter of the example browser and the rules list: typed words narrow the list to
//! the rows that hold all of them (any case). No terminal here.

use super::input::TextInput;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub input: TextInput,
    /// Keys are typed into the filter (after `/`, until Enter or Esc).
    pub typing: bool,
}

impl ListFilter {
    /// The filter's text as typed.
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Whether the filter narrows the list at all.
    pub fn is_active(&self) -> bool {
        !self.text().trim().is_empty()
    }

    /// Whether a row whose searchable texts are `fields` is shown: every word of the filter
    /// is in one of them, ignoring case.
    pub fn matches<'a>(&self, fields: impl IntoIterator<Item = &'a str> + Clone) -> bool {
        self.text().split_whitespace().all(|word| {
            let word = word.to_lowercase();
            fields
                .clone()
                .into_iter()
                .any(|f| f.to_lowercase().contains(&word))
        })
    }

    pub fn clear(&mut self) {
        *self = ListFilter::default();
    }
}

/// The order of the example browser.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExampleOrder {
    /// By file name (as the folder lists them; built-in examples first).
    #[default]
    FileName,
    /// The example with the most serious finding first; examples without findings last.
    WorstFirst,
}

/// The selection after the list changed to `shown`: the selected row if it is still shown,
/// else the first row shown (or the old selection when nothing is shown).
pub fn keep_selection(selected: usize, shown: &[usize]) -> usize {
    if shown.contains(&selected) {
        selected
    } else {
        shown.first().copied().unwrap_or(selected)
    }
}

/// One step up or down through the rows `shown`, from `selected`.
pub fn step_within(selected: usize, shown: &[usize], forward: bool) -> usize {
    let Some(at) = shown.iter().position(|i| *i == selected) else {
        return keep_selection(selected, shown);
    };
    shown[super::keys::step(at, shown.len(), forward)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(text: &str) -> ListFilter {
        ListFilter {
            input: TextInput::new(text),
            typing: false,
        }
    }

    #[test]
    fn every_word_must_be_found_in_some_field_ignoring_case() {
        let f = filter("k2 SOFT");
        assert!(f.matches(["D3 + K2 softgel", "brand"]));
        assert!(f.matches(["Vitamin K2", "softgel.toml"]));
        assert!(!f.matches(["Vitamin D3 softgel"]));
        assert!(filter("  ").matches(["anything"]));
        assert!(!filter("  ").is_active());
    }

    #[test]
    fn moving_stays_within_the_rows_shown() {
        let shown = [2, 5, 7];
        assert_eq!(step_within(5, &shown, true), 7);
        assert_eq!(step_within(7, &shown, true), 7);
        assert_eq!(step_within(2, &shown, false), 2);
        assert_eq!(step_within(3, &shown, true), 2);
        assert_eq!(keep_selection(4, &[]), 4);
    }
}
