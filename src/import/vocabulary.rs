//! The words label text uses, defined once: dosage-form words, counted units a dose is measured
//! in, number words, salt words, and how a nutrient is named in prose.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::label::DosageForm;
use crate::label::names::{DForm, K2Form, Nutrient, fold};

/// Form words, most specific first, with the form they name.
const FORM_WORDS: &[(&str, DosageForm)] = &[
    ("chewable", DosageForm::Chewable),
    ("chewables", DosageForm::Chewable),
    ("soft gelatin capsule", DosageForm::Softgel),
    ("soft gelatin capsules", DosageForm::Softgel),
    ("soft gelatine capsule", DosageForm::Softgel),
    ("soft gelatine capsules", DosageForm::Softgel),
    ("softgel capsule", DosageForm::Softgel),
    ("softgel capsules", DosageForm::Softgel),
    ("soft capsules", DosageForm::Softgel),
    ("soft capsule", DosageForm::Softgel),
    ("capsule molle", DosageForm::Softgel),
    ("capsules molles", DosageForm::Softgel),
    ("weichkapsel", DosageForm::Softgel),
    ("weichkapseln", DosageForm::Softgel),
    ("comprimé à croquer", DosageForm::Chewable),
    ("comprimés à croquer", DosageForm::Chewable),
    ("kautablette", DosageForm::Chewable),
    ("kautabletten", DosageForm::Chewable),
    ("chewable tablet", DosageForm::Chewable),
    ("à croquer", DosageForm::Chewable),
    ("effervescent tablet", DosageForm::Tablet),
    ("effervescent tablets", DosageForm::Tablet),
    ("brausetablette", DosageForm::Tablet),
    ("brausetabletten", DosageForm::Tablet),
    ("comprimé effervescent", DosageForm::Tablet),
    ("comprimés effervescents", DosageForm::Tablet),
    ("oral drops", DosageForm::Drops),
    ("tropfen", DosageForm::Drops),
    ("krople", DosageForm::Drops),
    ("solution buvable en gouttes", DosageForm::Drops),
    ("soft orange capsule", DosageForm::Softgel),
    ("softgel", DosageForm::Softgel),
    ("softgels", DosageForm::Softgel),
    ("soft gel", DosageForm::Softgel),
    ("soft gels", DosageForm::Softgel),
    ("gummy", DosageForm::Gummy),
    ("gummies", DosageForm::Gummy),
    ("lozenge", DosageForm::Lozenge),
    ("lozenges", DosageForm::Lozenge),
    ("lozenge s", DosageForm::Lozenge),
    ("pastille", DosageForm::Lozenge),
    // An ampoule of oral solution is a liquid, whatever the product calls itself ("D drop").
    ("ampoule", DosageForm::Liquid),
    ("ampoules", DosageForm::Liquid),
    ("drop", DosageForm::Drops),
    ("drops", DosageForm::Drops),
    ("gouttes", DosageForm::Drops),
    ("goutte", DosageForm::Drops),
    ("gotas", DosageForm::Drops),
    ("spray", DosageForm::Spray),
    ("sprays", DosageForm::Spray),
    ("scoop", DosageForm::Powder),
    ("scoops", DosageForm::Powder),
    ("powder", DosageForm::Powder),
    ("granules", DosageForm::Granules),
    ("granules effervescents", DosageForm::Granules),
    ("granulés", DosageForm::Granules),
    ("granulés effervescents", DosageForm::Granules),
    ("sachet", DosageForm::Granules),
    ("capsule", DosageForm::Capsule),
    ("capsules", DosageForm::Capsule),
    ("cápsula", DosageForm::Capsule),
    ("cápsulas", DosageForm::Capsule),
    ("capsula", DosageForm::Capsule),
    ("capsulas", DosageForm::Capsule),
    ("vegcaps", DosageForm::Capsule),
    ("vegicaps", DosageForm::Capsule),
    ("vegicap", DosageForm::Capsule),
    ("veggie capsules", DosageForm::Capsule),
    ("kapsel", DosageForm::Capsule),
    ("kapseln", DosageForm::Capsule),
    ("caplet", DosageForm::Tablet),
    ("tablet", DosageForm::Tablet),
    ("tablets", DosageForm::Tablet),
    ("comprimé", DosageForm::Tablet),
    ("comprimés", DosageForm::Tablet),
    ("tablette", DosageForm::Tablet),
    ("tabletten", DosageForm::Tablet),
    ("unit dose", DosageForm::Liquid),
    ("dropper", DosageForm::Liquid),
    ("oral solution", DosageForm::Liquid),
    ("solution buvable", DosageForm::Liquid),
    ("ampule", DosageForm::Liquid),
    ("syrup", DosageForm::Liquid),
    ("teaspoon", DosageForm::Liquid),
    ("teaspoons", DosageForm::Liquid),
    ("ml", DosageForm::Liquid),
    ("liquid", DosageForm::Liquid),
];

/// The most specific form word in a piece of text.
pub fn form_in(text: &str) -> Option<DosageForm> {
    form_in_folded(&fold(text))
}

/// All form words, space-padded as folded text is, searched in one pass.
static FORM_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let padded = FORM_WORDS.iter().map(|(w, _)| format!(" {w} "));
    AhoCorasick::new(padded).unwrap_or_else(|e| panic!("form words: {e}"))
});

/// [`form_in`] for text already folded.
pub fn form_in_folded(folded: &str) -> Option<DosageForm> {
    FORM_MATCHER
        .find_overlapping_iter(folded)
        // Specific words ("chewable", "soft capsule") win over general ones in the same text;
        // among equals, the first in the text.
        .min_by_key(|m| (m.pattern().as_usize(), m.start()))
        .map(|m| FORM_WORDS[m.pattern().as_usize()].1)
}

/// A counted unit a dose is measured in, and the form word it names.
pub fn unit_word(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches("(s)");
    Some(match w {
        "drop" | "drops" | "goutte" | "gouttes" | "gota" | "gotas" | "tropfen" | "krople"
        | "kropli" => "drop",
        "capsule" | "capsules" | "cápsula" | "cápsulas" | "capsula" | "capsulas" | "caps"
        | "vegcap" | "vegcaps" | "vegicap" | "vegicaps" | "kapsel" | "kapseln" => "capsule",
        "softgel" | "softgels" | "soft gel" | "soft gels" | "weichkapsel" | "weichkapseln" => {
            "softgel"
        }
        "tablet" | "tablets" | "tab" | "tabs" | "comprimé" | "comprimés" | "caplet" | "caplets"
        | "tablette" | "tabletten" | "brausetablette" | "brausetabletten" | "kautablette"
        | "kautabletten" => "tablet",
        "gummy" | "gummies" => "gummy",
        "lozenge" | "lozenges" | "pastille" | "pastilles" => "lozenge",
        "spray" | "sprays" | "pump" | "pumps" => "spray",
        "scoop" | "scoops" => "scoop",
        "sachet" | "sachets" | "stick" | "sticks" => "sachet",
        "ampoule" | "ampoules" | "ampule" | "ampules" | "vial" | "vials" | "phial" => "ampoule",
        "teaspoon" | "teaspoons" | "tsp" => "teaspoon",
        "dose" | "doses" | "serving" | "servings" | "dropperful" | "dropperfuls" => "dose",
        _ => return None,
    })
}

const COUNT_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("a", 1.0),
    ("an", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("une", 1.0),
    ("un", 1.0),
    ("deux", 2.0),
    ("trois", 3.0),
];

/// "2", "two", "one (1)" → a count.
pub fn count(word: &str) -> Option<f64> {
    let w = word.trim().to_lowercase();
    if let Ok(n) = w.parse::<f64>() {
        return (n > 0.0 && n < 1000.0).then_some(n);
    }
    COUNT_WORDS
        .iter()
        .find(|(name, _)| *name == w)
        .map(|(_, n)| *n)
}

/// The words that make an ingredient name a salt ("calcium carbonate", "carbonate de calcium",
/// "Calciumcarbonat"): its weight is not the mineral's.
const SALT_WORDS: &[&str] = &[
    "carbonate",
    "carbonat",
    "citrate",
    "citrat",
    "gluconate",
    "gluconat",
    "lactate",
    "lactat",
    "phosphate",
    "phosphat",
    "oxide",
    "oxyde",
    "oxid",
    "hydroxide",
    "hydroxyde",
    "glycinate",
    "bisglycinate",
    "malate",
    "aspartate",
    "chloride",
    "chlorure",
    "sulfate",
    "sulphate",
    "orotate",
    "threonate",
    "taurate",
    "pidolate",
    "lactogluconate",
    "ascorbate",
    "fumarate",
    "stearate",
];

/// Whether an ingredient name names a mineral salt rather than the mineral.
pub fn names_a_salt(name: &str) -> bool {
    let folded = fold(name);
    // "magnesium hydroxide equivalent to magnesium": the amount is the elemental one.
    if [
        " equivalent ",
        " elemental ",
        " élément ",
        " entsprechend ",
        " corresponding ",
    ]
    .iter()
    .any(|w| folded.contains(w))
    {
        return false;
    }
    SALT_WORDS.iter().any(|w| {
        folded.contains(&format!(" {w} "))
            || folded
                .split(' ')
                .any(|word| word.len() > w.len() && word.ends_with(w))
    })
}

/// Nutrients of one family: one vitamin D, one vitamin K, one mineral.
pub fn same_family(a: Nutrient, b: Nutrient) -> bool {
    family(a).is_some() && family(a) == family(b)
}

/// The family a checked nutrient belongs to — vitamin D, vitamin K, calcium, magnesium — as a
/// small number for lookups; `None` for what labelcheck does not check.
pub fn family(n: Nutrient) -> Option<u8> {
    match n {
        Nutrient::VitaminD(_) => Some(0),
        Nutrient::K1 | Nutrient::K2(_) | Nutrient::KUnspecified => Some(1),
        Nutrient::Calcium => Some(2),
        Nutrient::Magnesium => Some(3),
        Nutrient::Other => None,
    }
}

/// A canonical name for a nutrient read from prose, where the words around it are a sentence.
pub fn canonical_name(n: Nutrient) -> &'static str {
    match n {
        Nutrient::VitaminD(DForm::D3) => "Vitamin D3",
        Nutrient::VitaminD(DForm::D2) => "Vitamin D2",
        Nutrient::VitaminD(DForm::Unspecified) => "Vitamin D",
        Nutrient::K1 => "Vitamin K1",
        Nutrient::K2(K2Form::Mk7) => "Vitamin K2 (MK-7)",
        Nutrient::K2(K2Form::Mk4) => "Vitamin K2 (MK-4)",
        Nutrient::K2(K2Form::Unspecified) => "Vitamin K2",
        Nutrient::KUnspecified => "Vitamin K",
        Nutrient::Calcium => "Calcium",
        Nutrient::Magnesium => "Magnesium",
        Nutrient::Other => "Other",
    }
}

pub fn is_unspecified(n: Nutrient) -> bool {
    matches!(
        n,
        Nutrient::VitaminD(DForm::Unspecified)
            | Nutrient::K2(K2Form::Unspecified)
            | Nutrient::KUnspecified
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dosage_forms_in_their_many_names() {
        let cases = [
            ("20,000 IU soft gelatin capsules", DosageForm::Softgel),
            ("1 softgel capsule", DosageForm::Softgel),
            ("capsule molle", DosageForm::Softgel),
            ("60 vegicaps", DosageForm::Capsule),
            ("oral solution in ampoule", DosageForm::Liquid),
            ("Ipram D drop 5mg ampoule", DosageForm::Liquid),
            ("effervescent tablets", DosageForm::Tablet),
            ("Brausetabletten", DosageForm::Tablet),
            ("comprimé à sucer ou à croquer", DosageForm::Chewable),
            ("granulés effervescents en sachet", DosageForm::Granules),
            ("Tropfen zum Einnehmen", DosageForm::Drops),
            ("2 teaspoons (10 ml)", DosageForm::Liquid),
        ];
        for (text, form) in cases {
            assert_eq!(form_in(text), Some(form), "{text}");
        }
    }

    #[test]
    fn counted_units_and_number_words() {
        assert_eq!(unit_word("Tropfen"), Some("drop"));
        assert_eq!(unit_word("ampoules"), Some("ampoule"));
        assert_eq!(unit_word("teaspoons"), Some("teaspoon"));
        assert_eq!(unit_word("vegicaps"), Some("capsule"));
        assert_eq!(count("two"), Some(2.0));
        assert_eq!(count("trois"), Some(3.0));
    }

    #[test]
    fn salts_are_told_from_elemental_amounts() {
        assert!(names_a_salt("calcium citrate"));
        assert!(names_a_salt("Carbonate de calcium"));
        assert!(names_a_salt("Calciumcarbonat"));
        assert!(!names_a_salt("Calcium"));
        assert!(!names_a_salt("magnesium hydroxide equivalent to magnesium"));
    }
}
