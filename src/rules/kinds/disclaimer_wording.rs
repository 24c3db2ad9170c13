use serde_json::{Value, json};

use super::claims_without_disclaimer::NotStructureFunction;
use super::{Fired, Kind, Subject};
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "disclaimer-wording",
    fires_on: "the label prints a disclaimer that is none of the accepted texts (compared \
        ignoring case, spacing and a leading * or †). With not_claims, health_claims or \
        content_claims, only when structure/function claims are printed.",
    why: "The FDA disclaimer has a required wording, singular or plural; a paraphrase does not \
        meet the rule even when its meaning is close.",
    parameters: [
        ACCEPTED = "accepted": "the required texts, e.g. the singular and the plural form",
        NOT_CLAIMS = "not_claims": "optional: as for claims-without-disclaimer",
        HEALTH_CLAIMS = "health_claims": "optional: as for claims-without-disclaimer",
        CONTENT_CLAIMS = "content_claims": "optional: as for claims-without-disclaimer",
    ],
    example: r#"
kind = "disclaimer-wording"
accepted = ["This statement has not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease."]
"#,
    #[derive(Debug, Clone)]
    pub struct DisclaimerWording {
        pub accepted: Vec<String>,
        pub not: NotStructureFunction,
        /// `accepted` as compared ([`normalise`]d once, not at every label checked).
        accepted_normalised: Vec<String>,
    }
}

/// The text compared: lower case, single spaces, without the symbols that link a disclaimer
/// to its claims (*, †, ‡) or quotation marks around it.
fn normalise(text: &str) -> String {
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '†' | '‡' | '"' | '“' | '”')
    })
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

impl Kind for DisclaimerWording {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        let accepted: Vec<String> = ctx
            .keep(f.take_string_list(ACCEPTED))
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.into_inner())
            .collect();
        if accepted.is_empty() {
            ctx.fail(
                f.span().start..f.span().start,
                "kind `disclaimer-wording` needs `accepted`: the required disclaimer texts",
            );
            return None;
        }
        let not = NotStructureFunction::read(f, ctx);
        let accepted_normalised = accepted.iter().map(|a| normalise(a)).collect();
        Some(DisclaimerWording {
            accepted_normalised,
            accepted,
            not,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        let printed = s.label.disclaimer.as_deref()?;
        // The wording first: an accepted text needs no look at the claims.
        let shown = normalise(printed);
        if self.accepted_normalised.contains(&shown) {
            return None;
        }
        if !self.not.is_empty() && self.not.claims(s.label).next().is_none() {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        Some(Fired::new(format!(
            "the disclaimer printed is not the required text: \"{}\"",
            printed.trim()
        )))
    }

    fn trigger(&self) -> String {
        "a disclaimer is printed whose wording is not the required text".to_string()
    }

    fn parameters(&self) -> Value {
        json!({
            ACCEPTED: self.accepted,
            NOT_CLAIMS: self.not.not_claims,
            HEALTH_CLAIMS: self.not.health_claims,
            CONTENT_CLAIMS: self.not.content_claims,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::label::{Ingredient, Label, Unit};
    use crate::profile::Anticoagulant;
    use crate::rules::kinds::tests::{judge, rule_of_kind};

    const SINGULAR: &str = "This statement has not been evaluated by the Food and Drug \
        Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.";
    const PLURAL: &str = "These statements have not been evaluated by the Food and Drug \
        Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.";

    #[test]
    fn only_the_required_singular_or_plural_text_is_accepted() {
        let kind = rule_of_kind(&format!(
            "kind = \"disclaimer-wording\"\naccepted = [\"{SINGULAR}\", \"{PLURAL}\"]\n\
             not_claims = [\"vegan\"]"
        ));
        let label = |claims: &[&str], disclaimer: Option<&str>| Label {
            claims: claims.iter().map(|s| s.to_string()).collect(),
            disclaimer: disclaimer.map(str::to_string),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        let claims = ["Supports healthy bones*"];
        assert!(judge(label(&claims, Some(SINGULAR))).is_none());
        assert!(judge(label(&claims, Some(&format!("* {PLURAL}")))).is_none());
        assert!(judge(label(&claims, Some(&SINGULAR.to_uppercase()))).is_none());
        assert!(judge(label(&claims, None)).is_none(), "the missing case is another rule's");
        let paraphrase = "These statements have not been reviewed by the FDA. Not intended to \
            diagnose, treat, cure or prevent any disease.";
        let fired = judge(label(&claims, Some(paraphrase))).expect("fires");
        assert!(
            fired.message.starts_with("the disclaimer printed is not the required text"),
            "{}",
            fired.message
        );
        assert!(
            judge(label(&["Vegan"], Some(paraphrase))).is_none(),
            "no structure/function claim"
        );
    }
}
