//! Rules in words and as data: what triggers each one, and its parameters.

use serde_json::Value;

use super::Rule;
use super::edit::NumericParam;

impl Rule {
    /// What makes the rule fire, in one sentence.
    pub fn trigger(&self) -> String {
        let mut text = self.kind.trigger();
        if !self.suppressed_by.is_empty() {
            text.push_str(&format!(
                "; silent when {} fires",
                self.suppressed_by.join(" or ")
            ));
        }
        text
    }

    /// The kind's parameters as JSON, keyed as in rules.toml.
    pub fn parameters(&self) -> Value {
        self.kind.parameters()
    }

    /// The thresholds of this rule that the rules editor offers.
    pub fn numeric_params(&self) -> Vec<NumericParam> {
        self.kind.numeric_params()
    }
}
