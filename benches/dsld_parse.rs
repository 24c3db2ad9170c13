//! The floor for `labelcheck survey`: reading and parsing every DSLD record (and label file)
//! of the paths given, on the same threads and with the same reader as the survey, without
//! mapping or checking them. Run it beside the survey on the same files:
//!
//! ```text
//! cargo bench --bench dsld_parse -- /tmp/dsld-200k           # into the DSLD record model
//! cargo bench --bench dsld_parse -- --value /tmp/dsld-200k   # into serde_json::Value
//! ```
//!
//! It prints how many records were parsed and how long it took (whole-process timings for
//! BENCHMARKS.md come from timing this binary and `labelcheck survey` from outside).

use std::path::PathBuf;

fn main() {
    let into = if std::env::args().any(|a| a == "--value") {
        labelcheck::survey::ParseInto::Value
    } else {
        labelcheck::survey::ParseInto::Record
    };
    // `cargo bench` passes `--bench`; every other argument is a path.
    let paths: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        eprintln!("usage: cargo bench --bench dsld_parse -- PATH…");
        std::process::exit(2);
    }
    let (files, errors) = labelcheck::collect_label_paths(&paths);
    for e in &errors {
        eprintln!("{e}");
    }
    let started = std::time::Instant::now();
    let parsed = labelcheck::survey::parse_only(&files, into, &|_| {});
    println!(
        "parsed {} records ({} failed) from {} files into {:?} in {:.2} s",
        parsed.records,
        parsed.failed,
        files.len(),
        into,
        started.elapsed().as_secs_f64()
    );
}
