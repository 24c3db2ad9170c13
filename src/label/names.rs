//! Recognising ingredients from the words printed on a label.
//!
//! Labels name the same thing many ways ("Vitamin K2 (as MK-7)", "menaquinone-7", "MenaQ7®",
//! "K2VITAL", "all-trans MK-7"). Text is folded to lower-case words separated by single spaces,
//! with punctuation, ® and ™ removed, and then matched as whole words or phrases — so "MK-7",
//! "MK 7" and "mk7" agree, and "oil" never matches inside "boil".

use std::fmt;

/// What an ingredient line is, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nutrient {
    VitaminD(DForm),
    K1,
    K2(K2Form),
    /// Vitamin K printed without a form ("Vitamin K 100 mcg"), or K1 and K2 given as one
    /// amount: it may be K1, K2 or both, so it is never counted or named as K2.
    KUnspecified,
    Calcium,
    Magnesium,
    /// Anything else (zinc, vitamin C…): kept and listed, not checked.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DForm {
    D3,
    D2,
    Unspecified,
}

impl DForm {
    pub fn as_str(self) -> &'static str {
        match self {
            DForm::D3 => "D3",
            DForm::D2 => "D2",
            DForm::Unspecified => "unspecified",
        }
    }
}

impl fmt::Display for DForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum K2Form {
    Mk7,
    Mk4,
    Unspecified,
}

/// Folds text to lower-case words: letters and digits kept, everything else a single space.
/// A letter run followed by a digit run stays one word only if written together ("mk7").
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut push = |ch: char| {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for ch in text.chars() {
        if ch.is_ascii() {
            push(ch.to_ascii_lowercase());
        } else {
            ch.to_lowercase().for_each(&mut push);
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether folded text contains a word or phrase (itself written folded, without padding).
/// Folded text is space-padded, so a whole-word match starts right after a space and ends right
/// before one; comparing at word starts only is much cheaper than a substring search per phrase.
fn has(folded: &str, phrase: &str) -> bool {
    has_any(folded, &[phrase])
}

/// Whether folded text contains any of the phrases: each word start is visited once and every
/// phrase compared there, rather than the whole text scanned once per phrase.
fn has_any(folded: &str, phrases: &[&str]) -> bool {
    let text = folded.as_bytes();
    (1..text.len())
        .filter(|&i| text[i - 1] == b' ')
        .any(|i| phrases.iter().any(|p| phrase_at(text, i, p.as_bytes())))
}

/// Whether the phrase is at `i` and ends before a space.
fn phrase_at(text: &[u8], i: usize, p: &[u8]) -> bool {
    !p.is_empty()
        && i + p.len() < text.len()
        && text[i + p.len()] == b' '
        && &text[i..i + p.len()] == p
}

const D3_WORDS: &[&str] = &[
    "d3",
    "vitamin d 3",
    "cholecalciferol",
    "colecalciferol",
    "cholecalciférol",
    "cholécalciférol",
    "colecalciferolo",
    "cholecalciferolum",
    "colecalciferolum",
    "cholekalcyferol",
    "cholekalcyferolu",
    "kolekalciferol",
];
const D2_WORDS: &[&str] = &["d2", "vitamin d 2", "ergocalciferol", "ergocalciférol"];
const D_WORDS: &[&str] = &[
    "vitamin d",
    "vitamine d",
    "vitamina d",
    "witamina d",
    "witaminy d",
    "calciferol",
];

const MK7_WORDS: &[&str] = &[
    "mk 7",
    "mk7",
    "menaquinone 7",
    "menaquinone7",
    "menaq7",
    "k2vital",
    "menaquingold",
];
const MK4_WORDS: &[&str] = &[
    "mk 4",
    "mk4",
    "menaquinone 4",
    "menaquinone4",
    "menatetrenone",
];
const K2_WORDS: &[&str] = &[
    "k2",
    "vitamin k 2",
    "menaquinone",
    "menaquinones",
    "vitamin k2",
];
const K1_WORDS: &[&str] = &[
    "k1",
    "vitamin k 1",
    "phylloquinone",
    "phytonadione",
    "phytomenadione",
    "phyllokinone",
];
const K_WORDS: &[&str] = &["vitamin k", "vitamine k", "vitamina k"];
const CALCIUM_WORDS: &[&str] = &["calcium", "ca", "calcio", "kalzium", "wapń", "wapnia"];
const MAGNESIUM_WORDS: &[&str] = &[
    "magnesium",
    "mg",
    "magnésium",
    "magnesio",
    "magnez",
    "magnezu",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    D,
    K,
    Calcium,
    Magnesium,
}

/// The family a piece of folded text names, if any. Vitamins are tried before minerals so
/// that "Vitamin D3 (as cholecalciferol) with calcium" stays vitamin D.
fn family(folded: &str) -> Option<Family> {
    if has_any(folded, D3_WORDS) || has_any(folded, D2_WORDS) || has_any(folded, D_WORDS) {
        Some(Family::D)
    } else if has_any(folded, MK7_WORDS)
        || has_any(folded, MK4_WORDS)
        || has_any(folded, K2_WORDS)
        || has_any(folded, K1_WORDS)
        || has_any(folded, K_WORDS)
    {
        Some(Family::K)
    } else if has(folded, "calcium") {
        Some(Family::Calcium)
    } else if has(folded, "magnesium") {
        Some(Family::Magnesium)
    } else {
        None
    }
}

/// Recognises an ingredient from its printed name and its "as …" form, read together.
///
/// The name decides the family (vitamin D, vitamin K, calcium, magnesium); the name and form
/// together decide the sub-form. A name that names no family ("MenaQ7®" does; "Proprietary
/// blend" does not) falls back to the form. Two different K2 forms in one line ("MK-4 and
/// MK-7") cannot be split, so that amount counts as unspecified K2; "Vitamin K" with no form,
/// or K1 and K2 in one line, is vitamin K of unstated form.
pub fn recognise(name: &str, form: Option<&str>) -> Nutrient {
    let name_f = fold(name);
    let form_f = fold(form.unwrap_or(""));
    let both = format!("{name_f}{form_f}");
    let fam = family(&name_f)
        .or_else(|| family(&form_f))
        .or_else(|| short_symbol(&name_f));
    match fam {
        None => Nutrient::Other,
        Some(Family::D) => {
            let d3 = has_any(&both, D3_WORDS);
            let d2 = has_any(&both, D2_WORDS);
            Nutrient::VitaminD(match (d3, d2) {
                (true, false) => DForm::D3,
                (false, true) => DForm::D2,
                _ => DForm::Unspecified,
            })
        }
        Some(Family::K) => {
            let mk7 = has_any(&both, MK7_WORDS);
            let mk4 = has_any(&both, MK4_WORDS);
            let k1 = has_any(&both, K1_WORDS);
            let k2 = has_any(&both, K2_WORDS) || mk7 || mk4;
            match (k1, k2, mk7, mk4) {
                // "Vitamin K" with no form, or K1 and K2 in one amount that cannot be split:
                // its own quantity, counted for vitamin K in total (the anticoagulant rule,
                // totals) but never as K2.
                (false, false, ..) | (true, true, ..) => Nutrient::KUnspecified,
                (true, false, ..) => Nutrient::K1,
                (false, true, true, false) => Nutrient::K2(K2Form::Mk7),
                (false, true, false, true) => Nutrient::K2(K2Form::Mk4),
                (false, true, ..) => Nutrient::K2(K2Form::Unspecified),
            }
        }
        Some(Family::Calcium) => Nutrient::Calcium,
        Some(Family::Magnesium) => Nutrient::Magnesium,
    }
}

/// How many recognised names a thread keeps for [`recognise_cached`]; past this the memory is
/// emptied and refilled, so it stays bounded.
const RECOGNISED_KEPT: usize = 16_384;

/// [`recognise`], remembered per thread: checking many labels asks for the same few thousand
/// names again and again (each rule and the intake ask per ingredient), and looking one up
/// costs far less than recognising it. The answer is the same either way.
pub fn recognise_cached(name: &str, form: Option<&str>) -> Nutrient {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    type Seen = HashMap<u64, (Box<str>, Option<Box<str>>, Nutrient)>;
    thread_local! {
        static SEEN: RefCell<Seen> = RefCell::new(HashMap::new());
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    form.hash(&mut hasher);
    let key = hasher.finish();
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some((n, f, nutrient)) = seen.get(&key)
            && **n == *name
            && f.as_deref() == form
        {
            return *nutrient;
        }
        let nutrient = recognise(name, form);
        if seen.len() >= RECOGNISED_KEPT {
            seen.clear();
        }
        seen.insert(key, (name.into(), form.map(Box::from), nutrient));
        nutrient
    })
}

/// Chemical symbols used alone as a name ("Ca", "Mg") on some panels.
fn short_symbol(name_f: &str) -> Option<Family> {
    let trimmed = name_f.trim();
    if CALCIUM_WORDS.contains(&trimmed) {
        Some(Family::Calcium)
    } else if MAGNESIUM_WORDS.contains(&trimmed) {
        Some(Family::Magnesium)
    } else {
        None
    }
}

/// Words that make an "other ingredient" an oil or fat carrier. Matched as whole words, so
/// "magnesium stearate" and "carnauba wax" are not fats, while "MCT oil powder",
/// "medium-chain triglycerides" and "hydrogenated vegetable oil" are.
const OIL_WORDS: &[&str] = &[
    "oil",
    "oils",
    "triglyceride",
    "triglycerides",
    "mct",
    "mcts",
    "fat",
    "fats",
    "huile",
    "huiles",
    "olio",
    "aceite",
    "öl",
    "ghee",
    "lard",
    "tallow",
];

/// Word endings that make a compound word an oil or fat: "Sonnenblumenöl", "Sojaöl",
/// "triglycérides", "macroglycérides".
const OIL_SUFFIXES: &[&str] = &["öl", "glycerides", "glycérides", "glyceride", "glycéride"];

/// Words that make an oil a flavouring (peppermint oil, lemon essential oil): added for taste in
/// a tiny amount, not the vitamins' carrier.
const FLAVOUR_WORDS: &[&str] = &[
    "peppermint",
    "spearmint",
    "mint",
    "orange",
    "lemon",
    "lime",
    "citrus",
    "grapefruit",
    "tangerine",
    "mandarin",
    "aniseed",
    "anise",
    "clove",
    "cinnamon",
    "eucalyptus",
    "essential",
    "essentielle",
    "ätherisches",
    "flavour",
    "flavor",
    "flavouring",
    "flavoring",
    "aroma",
    "arôme",
    "aromatisant",
    "citron",
    "menthe",
];

/// Whether an other-ingredient names an oil or fat that can carry the vitamins: a flavouring
/// oil does not count.
pub fn is_oil(ingredient: &str) -> bool {
    let folded = fold(ingredient);
    let oily = has_any(&folded, OIL_WORDS)
        || folded
            .split(' ')
            .any(|w| OIL_SUFFIXES.iter().any(|s| w.ends_with(s)));
    oily && !has_any(&folded, FLAVOUR_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrase search as it was before `has_any` visited word starts once: one scan of the
    /// text per phrase. The two must agree on every text and phrase.
    fn has_any_per_phrase(folded: &str, phrases: &[&str]) -> bool {
        phrases.iter().any(|phrase| {
            let text = folded.as_bytes();
            let p = phrase.as_bytes();
            if p.is_empty() || p.len() + 2 > text.len() {
                return false;
            }
            (1..=text.len() - p.len() - 1).any(|i| {
                text[i - 1] == b' '
                    && text[i] == p[0]
                    && text[i + p.len()] == b' '
                    && &text[i..i + p.len()] == p
            })
        })
    }

    #[test]
    fn the_word_start_search_finds_what_the_per_phrase_scan_found() {
        let lists: &[&[&str]] = &[
            D3_WORDS,
            D2_WORDS,
            D_WORDS,
            MK7_WORDS,
            MK4_WORDS,
            K2_WORDS,
            K1_WORDS,
            K_WORDS,
            OIL_WORDS,
            FLAVOUR_WORDS,
            CALCIUM_WORDS,
            MAGNESIUM_WORDS,
            &["calcium"],
            &["magnesium"],
            &[""],
            &[" "],
            &["d 3 "],
        ];
        // Every phrase of every list as a text, alone, padded, glued to neighbours, cut short;
        // the examples' ingredient names and forms; odd spacing and non-ASCII.
        let mut texts: Vec<String> = vec![
            String::new(),
            " ".into(),
            "  ".into(),
            "vitamin d3 as cholecalciferol".into(),
            "Vitamin K2 (as MK-7 menaquinone-7) from natto".into(),
            "Cholécalciférol  (lanolin)".into(),
            "partiell hydriertes Sojaöl".into(),
            "natural orange flavour (orange oil)".into(),
            "Ca".into(),
            "Mg".into(),
        ];
        for (_, text) in crate::examples::BUILTIN_EXAMPLES {
            if let Ok(label) = crate::label::parse_label(text) {
                texts.extend(label.ingredients.iter().map(|i| i.name.clone()));
                texts.extend(label.ingredients.iter().filter_map(|i| i.form.clone()));
                texts.extend(label.other_ingredients.iter().cloned());
            }
        }
        for list in lists {
            for p in *list {
                texts.push((*p).to_string());
                texts.push(format!("x{p}"));
                texts.push(format!("{p}x"));
                texts.push(format!("a {p} b"));
                texts.push(p.chars().skip(1).collect());
                texts.push(
                    p.chars()
                        .take(p.chars().count().saturating_sub(1))
                        .collect(),
                );
            }
        }
        for text in &texts {
            for folded in [fold(text), text.clone(), format!(" {text} ")] {
                for list in lists {
                    assert_eq!(
                        has_any(&folded, list),
                        has_any_per_phrase(&folded, list),
                        "{folded:?} {list:?}"
                    );
                    for p in *list {
                        assert_eq!(has(&folded, p), has_any_per_phrase(&folded, &[p]));
                    }
                }
            }
        }
    }

    #[test]
    fn carrier_oils_count_and_flavouring_oils_do_not() {
        assert!(is_oil("extra virgin olive oil"));
        assert!(is_oil("partiell hydriertes Sojaöl"));
        assert!(is_oil("Triglycérides"));
        assert!(is_oil("macroglycérides oléiques"));
        assert!(!is_oil("peppermint essential oil"));
        assert!(!is_oil("huile essentielle de citron"));
        assert!(!is_oil("natural orange flavour (orange oil)"));
        assert!(!is_oil("magnesium stearate"));
        assert!(!is_oil("glycerin"));
    }

    #[test]
    fn vitamin_d3_is_recognised_from_name_or_form() {
        assert_eq!(recognise("Vitamin D3", None), Nutrient::VitaminD(DForm::D3));
        assert_eq!(
            recognise("Vitamin D", Some("as cholecalciferol from lanolin")),
            Nutrient::VitaminD(DForm::D3)
        );
        assert_eq!(
            recognise("Vitamin D3 (from lichen)", None),
            Nutrient::VitaminD(DForm::D3)
        );
        assert_eq!(
            recognise("Cholecalciferol", None),
            Nutrient::VitaminD(DForm::D3)
        );
    }

    #[test]
    fn vitamin_d2_and_plain_d_are_told_apart() {
        assert_eq!(
            recognise("Vitamin D2", Some("ergocalciferol")),
            Nutrient::VitaminD(DForm::D2)
        );
        assert_eq!(
            recognise("Ergocalciferol", None),
            Nutrient::VitaminD(DForm::D2)
        );
        assert_eq!(
            recognise("Vitamin D", None),
            Nutrient::VitaminD(DForm::Unspecified)
        );
    }

    #[test]
    fn k2_forms_are_recognised_by_every_trade_and_chemical_name() {
        for (name, form) in [
            ("Vitamin K2", Some("as MK-7")),
            ("Vitamin K2", Some("menaquinone-7")),
            ("Vitamin K2 (MK7)", None),
            ("MenaQ7®", None),
            ("Vitamin K2", Some("K2VITAL®")),
            ("Vitamin K2", Some("MenaquinGold™")),
            ("Vitamin K2", Some("all-trans MK-7")),
            ("Vitamin K", Some("as menaquinone-7")),
        ] {
            assert_eq!(
                recognise(name, form),
                Nutrient::K2(K2Form::Mk7),
                "{name} / {form:?}"
            );
        }
        for (name, form) in [
            ("Vitamin K2", Some("as MK-4")),
            ("Vitamin K2", Some("menatetrenone")),
            ("Menaquinone-4", None),
        ] {
            assert_eq!(
                recognise(name, form),
                Nutrient::K2(K2Form::Mk4),
                "{name} / {form:?}"
            );
        }
        assert_eq!(
            recognise("Vitamin K2", None),
            Nutrient::K2(K2Form::Unspecified)
        );
        assert_eq!(
            recognise("Vitamin K2", Some("as MK-4 and MK-7")),
            Nutrient::K2(K2Form::Unspecified)
        );
    }

    #[test]
    fn vitamin_k_without_a_form_is_its_own_quantity_not_k2() {
        for (name, form) in [
            ("Vitamin K", None),
            ("Vitamin K", Some("from natural sources")),
            ("Vitamine K", None),
            ("Vitamina K", None),
            ("Vitamin K", Some("as phylloquinone and menaquinone-7")),
            ("Vitamin K1 + K2", None),
            ("Vitamin K (K1, MK-4)", None),
        ] {
            assert_eq!(
                recognise(name, form),
                Nutrient::KUnspecified,
                "{name} / {form:?}"
            );
        }
        assert_eq!(
            recognise("Vitamin K", Some("as menaquinone")),
            Nutrient::K2(K2Form::Unspecified)
        );
    }

    #[test]
    fn k1_is_recognised_by_its_chemical_names() {
        for name in [
            "Vitamin K1",
            "Phylloquinone",
            "Phytonadione",
            "Phytomenadione",
        ] {
            assert_eq!(recognise(name, None), Nutrient::K1, "{name}");
        }
        assert_eq!(
            recognise("Vitamin K", Some("as phylloquinone")),
            Nutrient::K1
        );
    }

    #[test]
    fn minerals_are_recognised_with_their_salts() {
        assert_eq!(
            recognise("Calcium", Some("as calcium carbonate")),
            Nutrient::Calcium
        );
        assert_eq!(recognise("Calcium citrate", None), Nutrient::Calcium);
        assert_eq!(
            recognise("Magnesium", Some("as magnesium glycinate")),
            Nutrient::Magnesium
        );
        assert_eq!(recognise("Zinc", Some("as zinc citrate")), Nutrient::Other);
        assert_eq!(recognise("Vitamin C", None), Nutrient::Other);
    }

    #[test]
    fn carrier_words_match_whole_words_only() {
        for oil in [
            "extra virgin olive oil",
            "MCT oil",
            "medium-chain triglycerides",
            "sunflower oil powder",
            "vegetable oil (hydrogenated)",
            "huile d'olive",
        ] {
            assert!(is_oil(oil), "{oil}");
        }
        for not_oil in [
            "magnesium stearate",
            "carnauba wax",
            "sunflower lecithin",
            "microcrystalline cellulose",
            "boiled water",
        ] {
            assert!(!is_oil(not_oil), "{not_oil}");
        }
    }
}
