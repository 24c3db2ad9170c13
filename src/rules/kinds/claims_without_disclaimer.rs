use serde_json::{Value, json};

use super::{Fired, Kind, Subject};
use crate::label::Label;
use crate::rules::read::Ctx;
use crate::tomlread::Fields;

kind_doc! {
    name: "claims-without-disclaimer",
    fires_on: "structure/function claims are printed on the label and `disclaimer` is not. A \
        claim every part of which (split at commas, semicolons, slashes, bullets and \"and\") \
        contains one of not_claims or is one of content_claims, or that contains one of \
        health_claims, is not counted.",
    why: "US law requires a structure/function claim on a supplement to carry the FDA \
        disclaimer; this kind notes claims printed without it. Statements that are not \
        structure/function claims (\"gluten free\", \"vegan\", an authorised health claim) \
        need no disclaimer.",
    parameters: [
        NOT_CLAIMS = "not_claims": "optional: phrases (case-insensitive) of statements that are \
            not structure/function claims, e.g. [\"gluten free\", \"vegan\"]",
        HEALTH_CLAIMS = "health_claims": "optional: phrases (case-insensitive) of authorised \
            health claims; a claim containing one is not a structure/function claim",
        CONTENT_CLAIMS = "content_claims": "optional: nutrient-content claims (case-insensitive), \
            e.g. [\"high potency\"]; a part that is exactly one of them is not counted (\"High \
            potency\" alone, but not \"High potency formula for strong bones\")",
    ],
    example: r#"
kind = "claims-without-disclaimer"
not_claims = ["gluten free", "non-gmo", "vegan"]
health_claims = ["may reduce the risk of osteoporosis"]
content_claims = ["high potency"]
"#,
    #[derive(Debug, Clone)]
    pub struct ClaimsWithoutDisclaimer {
        pub not: NotStructureFunction,
    }
}

/// What is not a structure/function claim: the three phrase lists this kind and
/// `disclaimer-wording` share, read from the same keys.
#[derive(Debug, Clone)]
pub struct NotStructureFunction {
    /// Lower-case phrases.
    pub not_claims: Vec<String>,
    /// Lower-case phrases.
    pub health_claims: Vec<String>,
    /// Lower-case phrases, matched as a whole part.
    pub content_claims: Vec<String>,
}

impl NotStructureFunction {
    pub(super) fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> NotStructureFunction {
        NotStructureFunction {
            not_claims: phrases(f, NOT_CLAIMS, ctx),
            health_claims: phrases(f, HEALTH_CLAIMS, ctx),
            content_claims: phrases(f, CONTENT_CLAIMS, ctx),
        }
    }

    /// Whether any list is given (the disclaimer wording rule filters only then).
    pub(super) fn is_empty(&self) -> bool {
        self.not_claims.is_empty() && self.health_claims.is_empty() && self.content_claims.is_empty()
    }

    /// Whether a printed claim is a structure/function claim: not when every part of it
    /// contains one of the `not_claims` phrases or is one of the `content_claims`, nor when it
    /// contains one of the `health_claims`.
    fn is_structure_function(&self, claim: &str) -> bool {
        let folded = fold(claim);
        if self.health_claims.iter().any(|h| folded.contains(h.as_str())) {
            return false;
        }
        let mut parts = folded
            .split([',', ';', '/', '|', '•', '·', '&'])
            .flat_map(|p| p.split(" and "))
            .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|p| !p.is_empty())
            .peekable();
        if parts.peek().is_none() {
            return true;
        }
        !parts.all(|p| {
            self.not_claims.iter().any(|n| p.contains(n.as_str()))
                || self.content_claims.iter().any(|c| p == c)
        })
    }

    /// The structure/function claims on a label.
    pub(super) fn claims<'l>(&'l self, label: &'l Label) -> impl Iterator<Item = &'l str> {
        label
            .claims
            .iter()
            .map(String::as_str)
            .filter(|c| self.is_structure_function(c))
    }
}

/// Lower case, with runs of spaces and hyphens made one space: "Gluten-Free" → "gluten free".
fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    for word in lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// A list of phrases, folded.
fn phrases(f: &mut Fields<'_, '_>, key: &str, ctx: &mut Ctx) -> Vec<String> {
    ctx.keep(f.take_string_list(key))
        .unwrap_or_default()
        .into_iter()
        .map(|p| fold(p.get_ref()))
        .filter(|p| !p.is_empty())
        .collect()
}

impl Kind for ClaimsWithoutDisclaimer {
    const DOC: super::KindDoc = DOC;

    fn read(f: &mut Fields<'_, '_>, ctx: &mut Ctx) -> Option<Self> {
        Some(ClaimsWithoutDisclaimer {
            not: NotStructureFunction::read(f, ctx),
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Option<Fired> {
        // The disclaimer first: with one printed, the claims need not be read at all.
        if s.label.disclaimer.is_some() {
            return None;
        }
        let n = self.not.claims(s.label).count();
        if n == 0 {
            return None;
        }
        if s.verdict_only() {
            return Some(Fired::verdict());
        }
        Some(Fired::new(format!(
            "{n} structure/function claim{} printed without the FDA disclaimer (\"This statement has not been evaluated by the Food and Drug Administration…\")",
            if n == 1 { " is" } else { "s are" }
        )))
    }

    fn trigger(&self) -> String {
        "structure/function claims are printed on the label and the FDA disclaimer is not"
            .to_string()
    }

    fn parameters(&self) -> Value {
        json!({
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

    #[test]
    fn fires_on_claims_without_the_disclaimer_only() {
        let kind = rule_of_kind("kind = \"claims-without-disclaimer\"");
        let label = |claims: &[&str], disclaimer: Option<&str>| Label {
            claims: claims.iter().map(|s| s.to_string()).collect(),
            disclaimer: disclaimer.map(str::to_string),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(&[], None)).is_none());
        assert!(judge(label(&["Supports bones*"], Some("These statements…"))).is_none());
        let fired = judge(label(&["Supports bones*", "Heart health*"], None)).expect("fires");
        assert!(
            fired.message.starts_with("2 structure/function claims are printed without"),
            "{}",
            fired.message
        );
    }

    #[test]
    fn free_from_labels_and_the_osteoporosis_health_claim_are_not_structure_function_claims() {
        let kind = rule_of_kind(
            "kind = \"claims-without-disclaimer\"\n\
             not_claims = [\"gluten free\", \"non-gmo\", \"vegan\"]\n\
             health_claims = [\"may reduce the risk of osteoporosis\"]",
        );
        let label = |claims: &[&str]| Label {
            claims: claims.iter().map(|s| s.to_string()).collect(),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(&["Gluten-Free", "Non-GMO & Vegan"])).is_none());
        assert!(
            judge(label(&[
                "Adequate calcium and vitamin D throughout life, as part of a well-balanced diet, \
                 may reduce the risk of osteoporosis"
            ]))
            .is_none()
        );
        assert!(judge(label(&["Vegan, supports healthy bones"])).is_some());
    }

    #[test]
    fn a_nutrient_content_claim_alone_is_not_a_structure_function_claim() {
        let kind = rule_of_kind(
            "kind = \"claims-without-disclaimer\"\n\
             content_claims = [\"high potency\", \"excellent source of vitamin D\"]",
        );
        let label = |claims: &[&str]| Label {
            claims: claims.iter().map(|s| s.to_string()).collect(),
            ingredients: vec![Ingredient::new("Vitamin D3", None, 1000.0, Unit::Iu)],
            ..Label::default()
        };
        let judge = |l| judge(&kind, l, None, Anticoagulant::None);
        assert!(judge(label(&["High Potency"])).is_none());
        assert!(judge(label(&["*High-Potency*", "Excellent source of Vitamin D"])).is_none());
        // Matched as a whole part: a claim that goes on is still a structure/function claim.
        assert!(judge(label(&["High potency formula for strong bones"])).is_some());
        assert!(judge(label(&["High potency; supports healthy bones"])).is_some());
    }
}
