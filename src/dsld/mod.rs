//! NIH Dietary Supplement Label Database (DSLD) records: reading them (one record per `.json`
//! file, an array of records, or JSON Lines) and mapping each to a [`crate::Label`].

pub mod map;
pub mod model;
pub mod read;

use std::path::Path;

pub use map::{DsldLabel, Population, map_record, map_record_for_survey};
pub use model::Record;
pub use read::{Position, RawRecord, RecordError, is_dsld_file, parse_record};

use crate::diagnostic::{Diagnostic, display_path};

/// The name a DSLD record is reported under: `file [DSLD 12345]`.
pub fn record_name(file: &str, id: u64) -> String {
    format!("{file} [DSLD {id}]")
}

/// Reads every record of a DSLD file and maps it for a person of `age` years. Records that
/// cannot be read are errors naming the file, the record and the JSON path; the others are
/// still returned.
pub fn load_file(path: &Path, age: Option<f64>) -> (Vec<DsldLabel>, Vec<Diagnostic>) {
    let name = display_path(path);
    let mut labels = Vec::new();
    let mut errors = Vec::new();
    let ended = read::for_each_raw(path, |raw, _| match parse_record(&raw.text) {
        Ok(record) => labels.push(map_record(record, age)),
        Err(e) => errors.push(read::record_diagnostic(&name, raw.position, &e)),
    });
    if let Err(d) = ended {
        errors.push(d);
    }
    (labels, errors)
}
