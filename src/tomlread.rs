//! Reading TOML tables field by field, with the byte span of every key and value.
//!
//! Labels and rule sets are read through this instead of serde derive so that every problem —
//! a wrong type, a negative amount, a key nobody asked for — can point at the exact line and
//! column, and so that the message can say what the field means rather than what serde expected.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Problem;

/// Parses a whole TOML document, turning a syntax error (duplicate key, bad quote…) into a
/// [`Problem`] at the place the parser stopped.
pub fn parse_document(text: &str) -> Result<Spanned<DeTable<'_>>, Problem> {
    DeTable::parse(text).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        Problem::new(
            span,
            format!("not valid TOML: {}", first_line(err.message())),
        )
    })
}

fn first_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// What a TOML value is, in words, for "expected a number, found a string".
pub fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The fields of one table. Each `take_*` marks a key as known; [`Fields::unknown`] lists
/// the keys nobody took, which a label rejects and a rule set only warns about.
pub struct Fields<'t, 'i> {
    span: Range<usize>,
    entries: Vec<(&'t str, Range<usize>, &'t Spanned<DeValue<'i>>)>,
    taken: Vec<bool>,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, span: Range<usize>) -> Self {
        let entries: Vec<_> = table
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
            .collect();
        let taken = vec![false; entries.len()];
        Fields {
            span,
            entries,
            taken,
        }
    }

    /// Span of the table itself, for "missing key" problems.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The raw value of a key, marking it as known.
    pub fn take(&mut self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        let i = self.entries.iter().position(|(k, _, _)| *k == key)?;
        self.taken[i] = true;
        Some(self.entries[i].2)
    }

    /// Keys nobody took, with the span of the key.
    pub fn unknown(&self) -> Vec<(String, Range<usize>)> {
        self.entries
            .iter()
            .zip(&self.taken)
            .filter(|(_, taken)| !**taken)
            .map(|((k, span, _), _)| (k.to_string(), span.clone()))
            .collect()
    }

    pub fn missing(&self, key: &str, what: &str) -> Problem {
        Problem::new(
            self.span.start..self.span.start,
            format!("missing required key `{key}` ({what})"),
        )
    }

    pub fn take_string(&mut self, key: &str) -> Result<Option<Spanned<String>>, Problem> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => string_value(key, v).map(Some),
        }
    }

    pub fn require_string(&mut self, key: &str, what: &str) -> Result<Spanned<String>, Problem> {
        self.take_string(key)?
            .ok_or_else(|| self.missing(key, what))
    }

    pub fn take_number(&mut self, key: &str) -> Result<Option<Spanned<f64>>, Problem> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => number_value(key, v).map(Some),
        }
    }

    pub fn require_number(&mut self, key: &str, what: &str) -> Result<Spanned<f64>, Problem> {
        self.take_number(key)?
            .ok_or_else(|| self.missing(key, what))
    }

    pub fn take_bool(&mut self, key: &str) -> Result<Option<Spanned<bool>>, Problem> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => Ok(Some(Spanned::new(v.span(), *b))),
                other => Err(Problem::new(
                    v.span(),
                    format!("`{key}` must be true or false, found {}", type_name(other)),
                )),
            },
        }
    }

    /// A list of strings; an absent key is an empty list.
    pub fn take_string_list(&mut self, key: &str) -> Result<Vec<Spanned<String>>, Problem> {
        let Some(v) = self.take(key) else {
            return Ok(Vec::new());
        };
        let DeValue::Array(items) = v.get_ref() else {
            return Err(Problem::new(
                v.span(),
                format!(
                    "`{key}` must be a list of strings like [\"a\", \"b\"], found {}",
                    type_name(v.get_ref())
                ),
            ));
        };
        items
            .iter()
            .map(|item| string_value(&format!("each item of `{key}`"), item))
            .collect()
    }

    /// A list of tables (`[[key]]` or `key = [{…}, {…}]`); an absent key is an empty list.
    pub fn take_table_list(
        &mut self,
        key: &str,
    ) -> Result<Vec<(&'t DeTable<'i>, Range<usize>)>, Problem> {
        let Some(v) = self.take(key) else {
            return Ok(Vec::new());
        };
        let DeValue::Array(items) = v.get_ref() else {
            return Err(Problem::new(
                v.span(),
                format!(
                    "`{key}` must be a list of tables ([[{key}]]), found {}",
                    type_name(v.get_ref())
                ),
            ));
        };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::Table(t) => Ok((t, item.span())),
                other => Err(Problem::new(
                    item.span(),
                    format!(
                        "each item of `{key}` must be a table, found {}",
                        type_name(other)
                    ),
                )),
            })
            .collect()
    }

    /// A table (`[key]`), if present.
    pub fn take_table(
        &mut self,
        key: &str,
    ) -> Result<Option<(&'t DeTable<'i>, Range<usize>)>, Problem> {
        let Some(v) = self.take(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::Table(t) => Ok(Some((t, v.span()))),
            other => Err(Problem::new(
                v.span(),
                format!(
                    "`{key}` must be a table ([{key}]), found {}",
                    type_name(other)
                ),
            )),
        }
    }
}

fn string_value(key: &str, v: &Spanned<DeValue<'_>>) -> Result<Spanned<String>, Problem> {
    match v.get_ref() {
        DeValue::String(s) => Ok(Spanned::new(v.span(), s.to_string())),
        other => Err(Problem::new(
            v.span(),
            format!(
                "{} must be a string in quotes, found {}",
                quote_key(key),
                type_name(other)
            ),
        )),
    }
}

fn quote_key(key: &str) -> String {
    if key.starts_with("each ") {
        key.to_string()
    } else {
        format!("`{key}`")
    }
}

/// A finite number from an integer or float value. TOML allows `nan` and `inf`; no amount or
/// threshold can be either, so they are refused here once for every caller.
pub(crate) fn number_value(key: &str, v: &Spanned<DeValue<'_>>) -> Result<Spanned<f64>, Problem> {
    let number = match v.get_ref() {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            i128::from_str_radix(&digits, i.radix())
                .ok()
                .map(|n| n as f64)
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::String(s) => {
            return Err(Problem::new(
                v.span(),
                format!("`{key}` must be a number without quotes, found the string \"{s}\""),
            ));
        }
        other => {
            return Err(Problem::new(
                v.span(),
                format!("`{key}` must be a number, found {}", type_name(other)),
            ));
        }
    };
    match number {
        Some(n) if n.is_finite() => Ok(Spanned::new(v.span(), n)),
        Some(n) if n.is_nan() => Err(Problem::new(
            v.span(),
            format!("`{key}` must be a number, not nan"),
        )),
        _ => Err(Problem::new(
            v.span(),
            format!("`{key}` must be a finite number, not infinite"),
        )),
    }
}
