//! The integration tests, one module per file beside this one, built as ONE test binary.
//!
//! Each `tests/*.rs` file used to be its own binary; cargo compiled and linked thirty of them,
//! which was most of a newcomer's first `cargo test` (BENCHMARKS.md, "Set-up time"). Cargo.toml
//! sets `autotests = false` and names this file as the only integration test target, so a new
//! file in `tests/` must be declared below — `every_test_file_is_a_module` fails until it is.
//!
//! Run one file's tests with a filter: `cargo test --test all tui_render::`.

mod bad_input;
mod bad_input_catalogue;
mod claims_table;
mod cli;
mod cli_output;
mod dsld;
mod escape_properties;
mod escaping;
mod examples;
mod import_cli;
mod import_corpus;
mod import_robust;
mod profiles;
#[cfg(feature = "tui")]
mod properties;
mod regimen_cli;
mod regions;
mod report_html;
mod rules;
#[cfg(feature = "tui")]
mod rules_save;
mod saved_rules;
mod suppression_properties;
mod survey;
#[cfg(feature = "tui")]
mod tui_app;
#[cfg(feature = "tui")]
mod tui_keys;
#[cfg(feature = "tui")]
mod tui_person;
#[cfg(feature = "tui")]
mod tui_pty;
#[cfg(feature = "tui")]
mod tui_regimen;
#[cfg(feature = "tui")]
mod tui_render;
#[cfg(feature = "tui")]
mod tui_support;
mod walk;

/// A `tests/*.rs` file not declared above would never be compiled or run.
#[test]
fn every_test_file_is_a_module() {
    let source = include_str!("all.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/ is readable") {
        let path = entry.expect("tests/ entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 file name");
            if stem != "all" && !source.contains(&format!("\nmod {stem};")) {
                missing.push(stem.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "declare these test files as modules in tests/all.rs: {missing:?}"
    );
}
