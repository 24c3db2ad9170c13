//! Property: whatever `suppressed_by` graph a rules file draws between its rules, no finding is
//! hidden by a cycle. A graph with a cycle does not load; in one without, a finding is silent
//! only when a finding that suppresses it is reported.

use labelcheck::label::{DosageForm, Ingredient, Unit};
use labelcheck::rules::DEFAULT_RULES_TOML;
use labelcheck::{Anticoagulant, Label, Profile, RulesOrigin, check_label, parse_rules_text};
use proptest::prelude::*;

/// The health rules' ids: the regional rules at the end of the file are checked only with
/// `--region`, so they take no part in these labels' findings.
fn rule_ids() -> Vec<String> {
    DEFAULT_RULES_TOML
        .lines()
        .take_while(|l| !l.starts_with("# Regional label rules"))
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect()
}

/// The built-in rules with every `suppressed_by` replaced by the graph's edges.
fn rules_with_graph(ids: &[String], edges: &[Vec<usize>]) -> String {
    let mut out = String::new();
    let mut rule = 0;
    for line in DEFAULT_RULES_TOML.lines() {
        if line.starts_with("suppressed_by") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with("id = \"") {
            if let Some(edges) = edges.get(rule).filter(|e| !e.is_empty()) {
                let by: Vec<String> = edges.iter().map(|&to| format!("\"{}\"", ids[to])).collect();
                out.push_str(&format!("suppressed_by = [{}]\n", by.join(", ")));
            }
            rule += 1;
        }
    }
    out
}

fn has_cycle(edges: &[Vec<usize>]) -> bool {
    // A rule is on a cycle when it can reach itself.
    (0..edges.len()).any(|start| {
        let mut seen = vec![false; edges.len()];
        let mut stack: Vec<usize> = edges[start].clone();
        while let Some(node) = stack.pop() {
            if node == start {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(&edges[node]);
            }
        }
        false
    })
}

/// Labels that between them fire most of the rules.
fn labels() -> Vec<(Label, Profile)> {
    let d = |iu| Ingredient::new("Vitamin D2", Some("ergocalciferol"), iu, Unit::Iu);
    let mk4 = Ingredient::new("Vitamin K2", Some("MK-4"), 10.0, Unit::Mcg);
    let calcium = Ingredient::new("Calcium", None, 3000.0, Unit::Mg);
    let tablet = |ingredients: Vec<Ingredient>| Label {
        name: "T".into(),
        form: Some(DosageForm::Tablet),
        other_ingredients: vec!["cellulose".into()],
        claims: vec!["Unclogs arteries*".into()],
        ingredients,
        ..Label::default()
    };
    let vka = Profile {
        anticoagulant: Anticoagulant::Vka,
        ..Profile::default()
    };
    vec![
        (tablet(vec![d(20_000.0), mk4.clone(), calcium]), vka),
        (tablet(vec![d(5_000.0)]), Profile::default()),
        (
            tablet(vec![d(2_000.0), mk4]),
            Profile {
                age_years: Some(2.0),
                ..Profile::default()
            },
        ),
    ]
}

/// Up to two suppressors for each built-in rule, by index.
fn graphs() -> impl Strategy<Value = Vec<Vec<usize>>> {
    let n = rule_ids().len();
    prop::collection::vec(prop::collection::vec(0..n, 0..3), n)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_finding_is_ever_hidden_by_a_suppression_cycle(
        raw in graphs()
    ) {
        let ids = rule_ids();
        // No rule suppresses itself (refused separately); no id twice in one list.
        let edges: Vec<Vec<usize>> = raw
            .into_iter()
            .enumerate()
            .map(|(i, mut out)| {
                out.retain(|&j| j != i);
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        let text = rules_with_graph(&ids, &edges);
        let loaded = parse_rules_text("graph.toml", &text, RulesOrigin::Builtin);
        prop_assert_eq!(loaded.is_err(), has_cycle(&edges));
        let Ok(loaded) = loaded else { return Ok(()) };
        let plain = parse_rules_text("plain.toml", &rules_with_graph(&ids, &vec![Vec::new(); ids.len()]), RulesOrigin::Builtin)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (label, profile) in labels() {
            let all: Vec<String> = check_label(&plain.rules, &profile, "l".into(), label.clone())
                .findings.iter().map(|f| f.rule.id.clone()).collect();
            let reported: Vec<String> = check_label(&loaded.rules, &profile, "l".into(), label)
                .findings.iter().map(|f| f.rule.id.clone()).collect();
            for id in all.iter().filter(|id| !reported.contains(id)) {
                let i = ids.iter().position(|x| x == id).unwrap_or(usize::MAX);
                prop_assert!(
                    edges[i].iter().any(|&j| reported.contains(&ids[j])),
                    "{} is silent, but none of its suppressors is reported ({:?})", id, reported
                );
            }
            // And a finding whose suppressor is reported is silent.
            for id in &reported {
                let i = ids.iter().position(|x| x == id).unwrap_or(usize::MAX);
                prop_assert!(!edges[i].iter().any(|&j| reported.contains(&ids[j])), "{} should be silent", id);
            }
        }
    }
}
