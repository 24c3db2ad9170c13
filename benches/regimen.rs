//! Regimen benchmarks (divan): `cargo bench --bench regimen`. Targets are in BENCHMARKS.md:
//! checking a regimen of 10 products ≤ 20 µs; its HTML report ≤ 50 ms.

use std::hint::black_box;

use labelcheck::examples::BUILTIN_EXAMPLES;
use labelcheck::regimen::{self, Product, Regimen, Taken};
use labelcheck::report::html::{self, Audience, ReportInput};
use labelcheck::{Profile, RulesOrigin, builtin_rules, parse_label_text};

fn main() {
    divan::main();
}

/// Ten products: the built-in examples in order (claims, D2, MK-4, calcium, magnesium, a
/// weekly capsule…), every third on a schedule of its own.
fn ten_products() -> Regimen {
    let products = BUILTIN_EXAMPLES
        .iter()
        .cycle()
        .take(10)
        .enumerate()
        .map(|(i, (name, text))| Product {
            file: (*name).to_string(),
            label: parse_label_text(name, text).unwrap_or_default(),
            taken: if i % 3 == 2 {
                Taken::Every {
                    days: 7.0,
                    servings: 1.0,
                    period: regimen::Period::Weekly,
                }
            } else {
                Taken::AsLabel
            },
            reason: Some("a reason".into()),
        })
        .collect();
    Regimen {
        name: Some("Ten products".into()),
        person: None,
        products,
    }
}

/// Totals, contributions, amount rules on the total, the other rules per product,
/// duplications, on products already normalised, as `check_one_normalised_label` in the core
/// benchmarks (target: ≤ 20 µs).
#[divan::bench]
fn check_normalised_regimen_of_10_products(bencher: divan::Bencher) {
    let rules = builtin_rules().rules;
    let regimen = ten_products();
    let intakes = regimen::normalise(&regimen);
    let profile = Profile::of_age(Some(70.0));
    bencher
        .with_inputs(|| (regimen.clone(), intakes.clone()))
        .bench_local_values(|(r, i)| regimen::check_normalised(&rules, black_box(r), i, &profile));
}

/// The same with the ten labels normalised first (the whole of `regimen::check`).
#[divan::bench]
fn check_regimen_of_10_products(bencher: divan::Bencher) {
    let rules = builtin_rules().rules;
    let regimen = ten_products();
    let profile = Profile::of_age(Some(70.0));
    bencher
        .with_inputs(|| regimen.clone())
        // The result is returned so that divan drops it (and the regimen moved into it) after
        // timing: freeing the labels' strings is not part of checking them.
        .bench_local_values(|r| regimen::check(&rules, black_box(r), &profile));
}

/// Check and render the HTML report of 10 products (target: ≤ 50 ms).
#[divan::bench]
fn report_html_10_products(bencher: divan::Bencher) {
    let rules = builtin_rules().rules;
    let regimen = ten_products();
    let profile = Profile::of_age(Some(70.0));
    bencher
        .with_inputs(|| regimen.clone())
        .bench_local_values(|r| {
            let checked = regimen::check(&rules, r, &profile);
            let page = html::html(&ReportInput {
                checked: &checked,
                rules: &rules,
                origin: &RulesOrigin::Builtin,
                errors: &[],
                date: "2026-01-15",
                audience: Audience::Professional,
            });
            black_box(page.map(|p| p.len()).unwrap_or(0))
        });
}

/// Normalising the ten labels alone (`regimen::normalise`), the part of `regimen::check` that
/// `check_normalised_regimen_of_10_products` leaves out.
#[divan::bench]
fn normalise_10_products(bencher: divan::Bencher) {
    let regimen = ten_products();
    bencher.bench_local(|| regimen::normalise(black_box(&regimen)));
}

/// For comparison: the ten labels each checked alone against every rule (already normalised).
#[divan::bench]
fn ten_single_label_checks(bencher: divan::Bencher) {
    let rules = builtin_rules().rules;
    let regimen = ten_products();
    let intakes = regimen::normalise(&regimen);
    let profile = Profile::of_age(Some(70.0));
    bencher.bench_local(|| {
        regimen
            .products
            .iter()
            .zip(&intakes)
            .map(|(p, i)| rules.check(&p.label, i, &profile))
            .collect::<Vec<_>>()
    });
}
