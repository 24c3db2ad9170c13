//! The report to hand over: the HTML page parsed as a browser would, its sections, totals,
//! findings and escaping; the Markdown rendering; the `report` command.

use std::path::Path;

use assert_cmd::Command;
use labelcheck::regimen::{self, Product, Regimen, Taken};
use labelcheck::report::html::{self, Audience, ReportInput};
use labelcheck::{Label, Profile, RulesOrigin, builtin_rules, load_label_file};
use scraper::{Html, Selector};

fn example(name: &str) -> Label {
    load_label_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .expect("example loads")
}

fn product(label: Label, taken: Taken, reason: Option<&str>) -> Product {
    Product {
        file: format!("{}.toml", label.name),
        label,
        taken,
        reason: reason.map(str::to_string),
    }
}

/// A 5,000 IU softgel, calcium tablets twice a day and a weekly 50,000 IU capsule.
fn regimen_of_three() -> Regimen {
    Regimen {
        name: Some("Test regimen".into()),
        person: None,
        products: vec![
            product(
                example("d3-5000-k2-mk7-olive-softgel.toml"),
                Taken::AsLabel,
                Some("low vitamin D"),
            ),
            product(
                example("calcium-d3-k2-tablet.toml"),
                Taken::Daily(2.0),
                Some("osteoporosis, started by GP"),
            ),
            product(
                example("d3-50000-weekly-capsule.toml"),
                Taken::Every {
                    days: 7.0,
                    servings: 1.0,
                    period: regimen::Period::Weekly,
                },
                None,
            ),
        ],
    }
}

fn render(regimen: Regimen, profile: &Profile, audience: Audience) -> Html {
    let rules = builtin_rules();
    let checked = regimen::check(&rules.rules, regimen, profile);
    let page = html::html(&ReportInput {
        checked: &checked,
        rules: &rules.rules,
        origin: &RulesOrigin::Builtin,
        errors: &[],
        date: "2026-01-15",
        audience,
    })
    .expect("renders");
    Html::parse_document(&page)
}

fn select(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn the_page_has_every_section_of_a_medication_review() {
    let doc = render(
        regimen_of_three(),
        &Profile::of_age(Some(72.0)),
        Audience::Person,
    );
    for id in [
        "about",
        "summary",
        "products",
        "totals",
        "findings",
        "duplications",
        "statement",
    ] {
        assert_eq!(select(&doc, &format!("#{id}")).len(), 1, "section #{id}");
    }
    let about = select(&doc, "#about").concat();
    assert!(about.contains("age 72, no anticoagulant"), "{about}");
    assert!(about.contains("2026-01-15"), "{about}");
    assert!(about.contains("the built-in rules"), "{about}");
    let statement = select(&doc, "#statement").concat();
    assert!(
        statement.contains("labelcheck informs; it does not prescribe"),
        "{statement}"
    );
    // Self-contained: no script, nothing loaded from elsewhere.
    assert!(select(&doc, "script").is_empty());
    assert!(select(&doc, "link").is_empty());
    assert!(select(&doc, "img").is_empty());
    let style = select(&doc, "style").concat();
    assert!(style.contains("@page"), "prints with page margins");
}

#[test]
fn products_are_listed_with_how_they_are_taken_and_why() {
    let doc = render(regimen_of_three(), &Profile::default(), Audience::Person);
    let items = select(&doc, "#products li");
    assert_eq!(items.len(), 3);
    assert!(items[1].contains("1 tablet 2 times a day"), "{}", items[1]);
    assert!(
        items[1].contains("Reason: osteoporosis, started by GP"),
        "{}",
        items[1]
    );
    assert!(
        items[2].contains("1 capsule per week (50,000 IU; 7,143 IU/day on average)"),
        "{}",
        items[2]
    );
}

#[test]
fn totals_are_bar_charts_against_the_limits_with_the_numbers_written() {
    let doc = render(regimen_of_three(), &Profile::default(), Audience::Person);
    let headings = select(&doc, "#totals h3");
    assert_eq!(
        headings[0], "Vitamin D: 12,942.86 IU/day",
        "5,000 + 400 × 2 + 50,000 / 7"
    );
    let charts = select(&doc, "#totals svg");
    assert_eq!(charts.len(), headings.len());
    // The vitamin D chart: one segment per product, the UL and caution lines labelled.
    let first = Selector::parse("#totals .total").expect("selector");
    let total = doc.select(&first).next().expect("a total");
    let rects = Selector::parse("svg rect[fill^='#']").expect("selector");
    assert!(total.select(&rects).count() >= 4, "background + 3 products");
    let labels: String = total
        .select(&Selector::parse("svg text").expect("selector"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert!(
        labels.contains("tolerable upper intake level (UL): 4,000"),
        "{labels}"
    );
    assert!(labels.contains("caution level: 10,000"), "{labels}");
    let text = total.text().collect::<String>();
    assert!(
        text.contains("55,800 IU on a day every product is taken"),
        "the bolus: {text}"
    );
    assert!(
        text.contains("50,000 IU every 7 days (7,142.86 IU/day on average)"),
        "{text}"
    );
}

#[test]
fn a_chart_draws_only_the_limits_for_the_persons_age() {
    let lines = |profile: &Profile| -> String {
        let doc = render(regimen_of_three(), profile, Audience::Person);
        let first = Selector::parse("#totals .total").expect("selector");
        let total = doc.select(&first).next().expect("a total");
        total
            .select(&Selector::parse("svg text").expect("selector"))
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    // A child's caution level (twice the UL for ages 9 to 18: 8,000 IU) is not an adult's.
    let adult = lines(&Profile {
        age_years: Some(72.0),
        ..Profile::default()
    });
    assert!(!adult.contains("8,000"), "{adult}");
    assert!(adult.contains("caution level: 10,000"), "{adult}");
    let child = lines(&Profile {
        age_years: Some(12.0),
        ..Profile::default()
    });
    assert!(child.contains("8,000"), "{child}");
}

#[test]
fn findings_show_contributions_rationale_evidence_and_full_sources() {
    let doc = render(regimen_of_three(), &Profile::default(), Audience::Person);
    let findings = select(&doc, "#findings .finding");
    let caution = findings
        .iter()
        .find(|f| f.contains("Vitamin D above the caution level"))
        .expect("the caution on the total");
    assert!(
        caution
            .contains("vitamin D 12,942.86 IU/day: D3 5,000 IU + K2 MK-7 100 mcg Softgels 5,000"),
        "{caution}"
    );
    assert!(caution.contains("Why:"), "{caution}");
    assert!(caution.contains("official reference value"), "{caution}");
    assert!(
        caution.contains("Institute of Medicine"),
        "a full citation: {caution}"
    );
    // The person's rendering leaves rule ids out; the professional's has them.
    assert!(!caution.contains("d-above-caution"), "{caution}");
    let pro = render(
        regimen_of_three(),
        &Profile::default(),
        Audience::Professional,
    );
    let pro_findings = select(&pro, "#findings .finding").concat();
    assert!(
        pro_findings.contains("rule d-above-caution"),
        "{pro_findings}"
    );
    assert!(
        pro_findings.contains("threshold: above 10,000 IU/day"),
        "{pro_findings}"
    );
    assert!(pro_findings.contains("reference-value"), "{pro_findings}");
    // Duplications are listed on their own.
    let dups = select(&doc, "#duplications .finding").concat();
    assert!(
        dups.contains("The same nutrient from more than one product"),
        "{dups}"
    );
    // The summary groups by severity with what to do.
    let summary = select(&doc, "#summary h3").concat();
    assert!(
        summary.contains("Ask your pharmacist or doctor before continuing"),
        "{summary}"
    );
}

#[test]
fn a_hostile_label_name_is_text_not_markup() {
    let mut label = example("d3-only-10000-softgel.toml");
    label.name = "<script>alert(1)</script><b onmouseover=x>Evil & Co</b>".into();
    label.brand = Some("\"><img src=x onerror=alert(2)>".into());
    let regimen = Regimen {
        name: Some("<i>name</i>".into()),
        person: None,
        products: vec![product(label, Taken::AsLabel, Some("<a href=x>reason</a>"))],
    };
    let doc = render(regimen, &Profile::default(), Audience::Professional);
    assert!(select(&doc, "script").is_empty());
    assert!(select(&doc, "img").is_empty());
    assert!(select(&doc, "b").is_empty());
    assert!(select(&doc, "#products a").is_empty());
    assert!(select(&doc, "h1 i").is_empty());
    let products = select(&doc, "#products").concat();
    assert!(
        products.contains("<script>alert(1)</script><b onmouseover=x>Evil & Co</b>"),
        "{products}"
    );
    assert!(products.contains("<a href=x>reason</a>"), "{products}");
}

#[test]
fn no_findings_is_said_for_the_rules_checked_and_never_safe() {
    let mut label = example("d3-5000-k2-mk7-olive-softgel.toml");
    label.ingredients[0].amount = 1_000.0;
    label.ingredients[0].unit = labelcheck::label::Unit::Iu;
    label.ingredients[0].alt = None;
    let regimen = Regimen {
        name: None,
        person: None,
        products: vec![product(label, Taken::AsLabel, None)],
    };
    let doc = render(regimen, &Profile::default(), Audience::Person);
    let summary = select(&doc, "#summary").concat();
    assert!(
        summary.contains("No findings for the rules checked"),
        "{summary}"
    );
    assert!(select(&doc, "#duplications").is_empty());
}

#[test]
fn markdown_escapes_label_text_and_keeps_the_sections() {
    let rules = builtin_rules();
    let mut r = regimen_of_three();
    r.products[0].label.name = "*bold* [link](http://x) <b>x</b> | cell".into();
    let checked = regimen::check(&rules.rules, r, &Profile::default());
    let md = html::markdown(&ReportInput {
        checked: &checked,
        rules: &rules.rules,
        origin: &RulesOrigin::Builtin,
        errors: &[],
        date: "2026-01-15",
        audience: Audience::Person,
    })
    .expect("renders");
    for heading in [
        "## Summary",
        "## Products and how they are taken",
        "## Totals per day against the limits",
        "## Findings",
        "## The same nutrient from several products",
    ] {
        assert!(md.contains(heading), "{heading} in\n{md}");
    }
    assert!(
        md.contains(r"\*bold\* \[link\](http://x) \<b\>x\</b\> \| cell"),
        "{md}"
    );
    assert!(md.contains("labelcheck informs; it does not prescribe"));
}

#[test]
fn the_report_command_writes_one_file_and_accepts_a_single_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.html");
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("HOME", dir.path())
        .env_remove("LABELCHECK_RULES")
        .args([
            "report",
            "--date",
            "2026-01-15",
            "examples/regimens/calcium-d-softgel-regimen.toml",
            "-o",
        ])
        .arg(&out);
    let status = cmd.output().expect("runs");
    assert_eq!(status.status.code(), Some(0), "{:?}", status);
    let page = std::fs::read_to_string(&out).expect("written");
    let doc = Html::parse_document(&page);
    assert_eq!(select(&doc, "#products li").len(), 4);
    assert!(select(&doc, "#about").concat().contains("age 72"));

    let single = dir.path().join("single.md");
    let mut cmd = Command::cargo_bin("labelcheck").expect("binary");
    let status = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("HOME", dir.path())
        .env_remove("LABELCHECK_RULES")
        .args([
            "report",
            "--format",
            "markdown",
            "--date",
            "2026-01-15",
            "examples/d3-only-10000-softgel.toml",
            "-o",
        ])
        .arg(&single)
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0));
    let md = std::fs::read_to_string(&single).expect("written");
    assert!(md.contains("- **Products:** 1 product"), "{md}");
}
