//! `labelcheck survey`: every label found is checked, and only aggregate figures are kept —
//! how many labels fire each rule, the spread of vitamin D per day, K2 forms, carriers, and the
//! labels with the most vitamin D. Memory stays flat whatever the number of labels: DSLD files
//! are read a record at a time, records are checked on all cores, and each worker keeps only
//! counts (and the top N), merged at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostic::{Diagnostic, display_path};
use crate::dsld::{self, RawRecord};
use crate::{CheckedLabel, Profile, RuleSet, load_label_file};

/// Where a label is in the survey: the file's index among the files, and the record's index
/// in its file. Results are ordered by it, so they do not depend on which worker ran first.
pub type Order = (usize, usize);

/// The vitamin D per day bands, upper bounds in IU (the last band is everything above).
pub const D_BANDS_IU: [f64; 4] = [1_000.0, 2_000.0, 4_000.0, 10_000.0];

/// One of the labels with the most vitamin D per day.
#[derive(Debug, Clone, PartialEq)]
pub struct TopLabel {
    pub order: Order,
    /// The file, with the DSLD id for a DSLD record.
    pub file: String,
    pub name: String,
    pub brand: Option<String>,
    pub vitamin_d_iu_per_day: f64,
}

/// The aggregate figures of a survey.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Survey {
    /// Labels read and checked.
    pub labels: u64,
    /// Records or files that could not be read, each with its error (in order).
    pub errors: Vec<(Order, Diagnostic)>,
    /// Per rule of the rule set (same order), how many labels it fired on.
    pub rule_labels: Vec<u64>,
    /// Labels with any vitamin D amount read.
    pub with_vitamin_d: u64,
    /// Labels per vitamin D band ([`D_BANDS_IU`], then above the last).
    pub vitamin_d_bands: [u64; 5],
    /// Labels with a warning: something not read as printed (an amount "not provided", a unit
    /// not understood, no daily servings…).
    pub with_notes: u64,
    /// Labels whose vitamin D amount was not provided (DSLD "NP") or could not be read.
    pub vitamin_d_unknown: u64,
    /// Labels with vitamin K2, by the forms declared ("MK-7", "MK-4", "unstated form", or a
    /// combination joined by " + ").
    pub k2_forms: BTreeMap<String, u64>,
    /// Labels by carrier: oil, none, unknown.
    pub carriers: BTreeMap<String, u64>,
    /// Labels with an oil carrier, by the oil named (lower case).
    pub oils: BTreeMap<String, u64>,
    /// DSLD records marked off the market.
    pub off_market: u64,
    /// The labels with the most vitamin D per day, most first (ties in file order).
    pub top: Vec<TopLabel>,
    /// How many labels `top` keeps.
    pub top_n: usize,
}

impl Survey {
    fn new(rules: &RuleSet, top_n: usize) -> Survey {
        Survey {
            rule_labels: vec![0; rules.rules.len()],
            top_n,
            ..Survey::default()
        }
    }

    /// Adds one checked label.
    pub fn add(
        &mut self,
        rules: &RuleSet,
        order: Order,
        checked: &CheckedLabel<'_>,
        off_market: bool,
    ) {
        self.labels += 1;
        let mut fired: Vec<usize> = checked
            .findings
            .iter()
            .filter_map(|f| rules.rules.iter().position(|r| std::ptr::eq(r, f.rule)))
            .collect();
        fired.sort_unstable();
        fired.dedup();
        for i in fired {
            self.rule_labels[i] += 1;
        }
        let day = &checked.intake.per_day;
        let d = day.vitamin_d_iu;
        if d > 0.0 {
            self.with_vitamin_d += 1;
            let band = D_BANDS_IU.iter().position(|b| d <= *b).unwrap_or(4);
            self.vitamin_d_bands[band] += 1;
            self.consider_top(order, checked, d);
        }
        if !checked.notes.is_empty() {
            self.with_notes += 1;
            if checked
                .notes
                .iter()
                .any(|n| n.contains("vitamin D dose rules"))
            {
                self.vitamin_d_unknown += 1;
            }
        }
        if day.k2_total_mcg() > 0.0 {
            let forms: Vec<&str> = [
                (day.k2_mk7_mcg, "MK-7"),
                (day.k2_mk4_mcg, "MK-4"),
                (day.k2_unspecified_mcg, "unstated form"),
            ]
            .iter()
            .filter(|(v, _)| *v > 0.0)
            .map(|(_, n)| *n)
            .collect();
            count(&mut self.k2_forms, &forms.join(" + "));
        }
        count(&mut self.carriers, checked.intake.carrier.as_str());
        if let Some(oil) = &checked.intake.carrier_source {
            let oil = oil.trim();
            if oil.chars().all(|c| c.is_lowercase() || !c.is_alphabetic()) {
                count(&mut self.oils, oil);
            } else {
                count(&mut self.oils, &oil.to_lowercase());
            }
        }
        if off_market {
            self.off_market += 1;
        }
    }

    fn consider_top(&mut self, order: Order, checked: &CheckedLabel<'_>, d: f64) {
        if self.top_n == 0 {
            return;
        }
        let entry = || TopLabel {
            order,
            file: checked.file.clone(),
            name: checked.label.name.clone(),
            brand: checked.label.brand.clone(),
            vitamin_d_iu_per_day: d,
        };
        if self.top.len() < self.top_n {
            self.top.push(entry());
            return;
        }
        // The weakest kept: least vitamin D, latest in file order.
        let weakest = self
            .top
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| ranks(b, a))
            .map(|(i, _)| i);
        if let Some(i) = weakest {
            let candidate = entry();
            if ranks(&candidate, &self.top[i]).is_lt() {
                self.top[i] = candidate;
            }
        }
    }

    /// Adds another worker's figures.
    pub fn merge(&mut self, other: Survey) {
        self.labels += other.labels;
        self.errors.extend(other.errors);
        for (a, b) in self.rule_labels.iter_mut().zip(other.rule_labels) {
            *a += b;
        }
        self.with_vitamin_d += other.with_vitamin_d;
        for (a, b) in self.vitamin_d_bands.iter_mut().zip(other.vitamin_d_bands) {
            *a += b;
        }
        self.with_notes += other.with_notes;
        self.vitamin_d_unknown += other.vitamin_d_unknown;
        for (map, theirs) in [
            (&mut self.k2_forms, other.k2_forms),
            (&mut self.carriers, other.carriers),
            (&mut self.oils, other.oils),
        ] {
            for (k, v) in theirs {
                *map.entry(k).or_default() += v;
            }
        }
        self.off_market += other.off_market;
        self.top.extend(other.top);
        self.top.sort_by(ranks);
        self.top.truncate(self.top_n);
    }

    /// Records or files that could not be read.
    pub fn failed(&self) -> usize {
        self.errors.len()
    }

    fn finish(mut self) -> Survey {
        self.errors.sort_by_key(|a| a.0);
        self.top.sort_by(ranks);
        self
    }
}

/// Adds one to `key`'s count, copying the key only the first time it is seen.
fn count(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

/// Most vitamin D first; equal amounts in file order.
fn ranks(a: &TopLabel, b: &TopLabel) -> std::cmp::Ordering {
    b.vitamin_d_iu_per_day
        .total_cmp(&a.vitamin_d_iu_per_day)
        .then(a.order.cmp(&b.order))
}

/// What a worker is handed.
enum Work {
    /// A label file or label text.
    File(usize, PathBuf),
    /// Records of a DSLD file.
    Records(usize, Arc<str>, Vec<RawRecord>),
}

/// How many DSLD records go to a worker at a time.
const RECORDS_PER_BATCH: usize = 256;

/// Reads every file in order, handing labels to `workers` threads that each fold them into
/// their own accumulator with `on_file`/`on_record`; returns the accumulators (the calling
/// thread's, holding the errors that end a file, first). `progress` is told the bytes read
/// so far.
fn run<A: Send>(
    files: &[PathBuf],
    init: &(dyn Fn() -> A + Sync),
    on_file: &(dyn Fn(&mut A, usize, &Path) + Sync),
    on_record: &(dyn Fn(&mut A, usize, &str, RawRecord) + Sync),
    on_error: &(dyn Fn(&mut A, Order, Diagnostic) + Sync),
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<A> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Work>(workers * 4);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let rx = &rx;
                scope.spawn(move || {
                    let mut acc = init();
                    loop {
                        let work = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        match work {
                            Ok(Work::File(i, path)) => on_file(&mut acc, i, &path),
                            Ok(Work::Records(i, name, records)) => {
                                for r in records {
                                    on_record(&mut acc, i, &name, r);
                                }
                            }
                            Err(_) => break,
                        }
                    }
                    acc
                })
            })
            .collect();
        let mut own = init();
        let mut done: u64 = 0;
        for (i, path) in files.iter().enumerate() {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            if !dsld::is_dsld_file(path) {
                let _ = tx.send(Work::File(i, path.clone()));
                done += size;
                progress(done);
                continue;
            }
            let name: Arc<str> = Arc::from(display_path(path));
            let mut batch = Vec::with_capacity(RECORDS_PER_BATCH);
            let mut last_index = 0;
            let ended = dsld::read::for_each_raw(path, |raw, read| {
                last_index = raw.position.index + 1;
                batch.push(raw);
                if batch.len() == RECORDS_PER_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(RECORDS_PER_BATCH));
                    let _ = tx.send(Work::Records(i, name.clone(), full));
                    progress(done + read.min(size));
                }
            });
            if !batch.is_empty() {
                let _ = tx.send(Work::Records(i, name.clone(), batch));
            }
            if let Err(d) = ended {
                on_error(&mut own, (i, last_index), d);
            }
            done += size;
            progress(done);
        }
        drop(tx);
        let mut all = vec![own];
        for h in handles {
            match h.join() {
                Ok(acc) => all.push(acc),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// Checks one label as the survey needs it: which rules fire (the same engine as `check`, in
/// its verdict-only mode, so no message is written), with the intake the figures come from;
/// the rules that could not judge it are not asked, as the survey does not report them.
fn survey_check<'r>(
    rules: &'r RuleSet,
    profile: &Profile,
    file: String,
    label: crate::Label,
) -> CheckedLabel<'r> {
    let intake = crate::Intake::from_label(&label);
    let findings = rules.check_verdicts(&label, &intake, profile);
    CheckedLabel {
        file,
        label,
        intake,
        findings,
        notes: Vec::new(),
        not_checked: Vec::new(),
    }
}

/// Checks every label in `files` (label files, label text, DSLD records) for `profile` and
/// returns the aggregate figures, keeping the `top_n` labels with the most vitamin D per day.
pub fn survey(
    rules: &RuleSet,
    profile: &Profile,
    files: &[PathBuf],
    top_n: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Survey {
    let init = || Survey::new(rules, top_n);
    let on_file = |s: &mut Survey, i: usize, path: &Path| match load_label_file(path) {
        Ok(label) => {
            let checked = survey_check(rules, profile, display_path(path), label);
            s.add(rules, (i, 0), &checked, false);
        }
        Err(d) => {
            for diag in d.0 {
                s.errors.push(((i, 0), diag));
            }
        }
    };
    let on_record = |s: &mut Survey, i: usize, file: &str, raw: RawRecord| match dsld::parse_record(
        &raw.text,
    ) {
        Ok(record) => {
            let d = dsld::map_record_for_survey(&record, profile.age_years);
            let mut checked = survey_check(rules, profile, dsld::record_name(file, d.id), d.label);
            checked.notes = d.warnings;
            s.add(rules, (i, raw.position.index), &checked, d.off_market);
        }
        Err(e) => s.errors.push((
            (i, raw.position.index),
            dsld::read::record_diagnostic(file, raw.position, &e),
        )),
    };
    let on_error = |s: &mut Survey, order: Order, d: Diagnostic| s.errors.push((order, d));
    let mut parts = run(files, &init, &on_file, &on_record, &on_error, progress).into_iter();
    let mut total = parts.next().unwrap_or_else(init);
    for p in parts {
        total.merge(p);
    }
    total.finish()
}

/// What reading and parsing alone gives: the floor a survey is measured against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parsed {
    pub records: u64,
    pub failed: u64,
}

/// What [`parse_only`] parses each record into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseInto {
    /// The DSLD record model, tracking the JSON path as the survey does.
    Record,
    /// A generic `serde_json::Value` holding every field: plain JSON parsing.
    Value,
}

/// Reads and parses every label in `files` as [`survey`] does, on the same threads, without
/// mapping or checking them: the floor for the survey's speed.
pub fn parse_only(files: &[PathBuf], into: ParseInto, progress: &(dyn Fn(u64) + Sync)) -> Parsed {
    let init = Parsed::default;
    let on_file = |p: &mut Parsed, _: usize, path: &Path| match crate::fsio::read_text_file(path)
        .ok()
        .filter(|_| !crate::is_label_text(path))
        .map(|t| crate::label::parse_label(&t).is_ok())
    {
        Some(true) => p.records += 1,
        _ => p.failed += 1,
    };
    let on_record = |p: &mut Parsed, _: usize, _: &str, raw: RawRecord| {
        let ok = match into {
            ParseInto::Record => dsld::parse_record(&raw.text).is_ok(),
            ParseInto::Value => serde_json::from_str::<serde_json::Value>(&raw.text).is_ok(),
        };
        if ok {
            p.records += 1;
        } else {
            p.failed += 1;
        }
    };
    let on_error = |p: &mut Parsed, _: Order, _: Diagnostic| p.failed += 1;
    run(files, &init, &on_file, &on_record, &on_error, progress)
        .into_iter()
        .fold(Parsed::default(), |a, b| Parsed {
            records: a.records + b.records,
            failed: a.failed + b.failed,
        })
}

#[cfg(test)]
mod tests {
    use crate::profile::{Anticoagulant, Condition, Medicine};
    use crate::rules::Region;
    use crate::{Profile, load_label_file};

    /// The verdict-only mode is the same engine: on every label of the test corpus, for every
    /// region and a range of people, it fires exactly the rules a full check reports.
    #[test]
    fn the_survey_fires_exactly_the_rules_a_full_check_reports() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labels");
        let mut labels = Vec::new();
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if let Ok(label) = load_label_file(&path) {
                    labels.push(label);
                }
            }
        }
        assert!(labels.len() > 50, "the corpus is found ({})", labels.len());
        let mut people = vec![Profile::default()];
        for age in [0.5, 2.0, 8.0, 15.0, 40.0, 80.0] {
            people.push(Profile::of_age(Some(age)));
        }
        let mut on_warfarin = Profile::of_age(Some(70.0));
        on_warfarin.anticoagulant = Anticoagulant::Vka;
        on_warfarin.add_condition(Condition::Ckd);
        on_warfarin.add_medicine(Medicine::Thiazide);
        people.push(on_warfarin);
        let all_regions = crate::rules::diff::builtin()
            .clone()
            .with_regions(&Region::ALL);
        for rules in [crate::rules::diff::builtin(), &all_regions] {
            for label in &labels {
                let intake = crate::Intake::from_label(label);
                for person in &people {
                    let full: Vec<&str> = rules
                        .check(label, &intake, person)
                        .iter()
                        .map(|f| f.rule.id.as_str())
                        .collect();
                    let verdicts = rules.check_verdicts(label, &intake, person);
                    let ids: Vec<&str> = verdicts.iter().map(|f| f.rule.id.as_str()).collect();
                    assert_eq!(full, ids, "{}", label.name);
                }
            }
        }
    }
}
