//! Phrase lists in rules (claims, required statements): matched as whole words in folded text,
//! so case, punctuation and line breaks do not matter and "reach" never matches "breach".
//! Shared by regional kinds; not a kind itself.

use toml::Spanned;

use crate::label::names::fold;
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

/// The most phrases one rule may list, and the longest phrase: a rule's matching stays
/// proportional to the label's size.
const MAX_PHRASES: usize = 64;
const MAX_PHRASE_CHARS: usize = 200;

/// Phrases, folded, each padded for a whole-word match.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrases {
    /// As written in rules.toml, for messages and JSON.
    pub written: Vec<String>,
    folded: Vec<String>,
}

impl Phrases {
    /// Reads a required, non-empty list of phrases.
    pub fn read(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Option<Phrases> {
        let list = ctx.keep(f.take_string_list(key))?;
        if list.is_empty() {
            ctx.fail(
                f.span().start..f.span().start,
                format!("`{key}` needs at least one phrase, e.g. [\"do not exceed\"]"),
            );
            return None;
        }
        if list.len() > MAX_PHRASES {
            ctx.fail(
                list[MAX_PHRASES].span(),
                format!(
                    "`{key}` lists {} phrases: at most {MAX_PHRASES} are accepted",
                    list.len()
                ),
            );
            return None;
        }
        let before = ctx.problems.len();
        let mut folded = Vec::new();
        for p in &list {
            let f = fold(p.get_ref());
            if f.trim().is_empty() || p.get_ref().chars().count() > MAX_PHRASE_CHARS {
                ctx.fail(
                    p.span(),
                    format!("each phrase of `{key}` needs a word and at most {MAX_PHRASE_CHARS} characters"),
                );
            }
            folded.push(f);
        }
        (ctx.problems.len() == before).then(|| Phrases {
            written: list.into_iter().map(Spanned::into_inner).collect(),
            folded,
        })
    }

    /// The first phrase found in `text` as whole words.
    pub fn find_in(&self, text: &str) -> Option<&str> {
        let folded = fold(text);
        self.folded
            .iter()
            .position(|p| folded.contains(p.as_str()))
            .map(|i| self.written[i].as_str())
    }
}
