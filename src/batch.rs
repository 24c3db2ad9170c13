//! Many labels at once: walking the folders given to `check`, and streaming the labels through
//! the checker on all cores while handing the results back in file order.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path, io_reason};
use crate::{Finding, Intake, Label, Profile, RuleSet, Severity, is_label_text, load_label_file};

/// Whether a file is one `check` reads from a folder: label files and label text.
fn is_label_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || is_label_text(path)
}

/// Expands the paths given to `check`: files as they are, folders to every label file inside
/// (recursively, sorted, hidden entries skipped). A folder with no labels and a path that does
/// not exist are errors; the rest are still checked.
pub fn collect_label_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => errors.push(Diagnostic::whole_file(
                display_path(path),
                format!("cannot read: {}", io_reason(&e)),
            )),
            Ok(meta) if meta.is_dir() => {
                let before = files.len();
                walk(path, &mut files, &mut errors);
                if files.len() == before {
                    errors.push(Diagnostic::whole_file(
                        display_path(path),
                        "folder holds no label files (*.toml) or label text (*.txt)",
                    ));
                }
            }
            Ok(_) => files.push(path.clone()),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Diagnostic::whole_file(
                display_path(dir),
                format!("cannot read folder: {}", io_reason(&e)),
            ));
            return;
        }
    };
    // The entry's type comes with the directory listing: no extra `stat` per file. Links are
    // followed with one `stat`, as a user pointing at a folder of links would expect.
    let mut paths: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let is_dir = match e.file_type() {
                Ok(t) if t.is_symlink() => e.path().is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            (e.path(), is_dir)
        })
        .collect();
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, files, errors);
        } else if is_label_file(&path) {
            files.push(path);
        }
    }
}

/// One label, checked.
#[derive(Debug, Clone)]
pub struct CheckedLabel<'r> {
    pub file: String,
    pub label: Label,
    pub intake: Intake,
    pub findings: Vec<Finding<'r>>,
}

/// The outcome of checking several files: results for the labels that loaded, and an error
/// for each that did not.
#[derive(Debug, Clone, Default)]
pub struct Batch<'r> {
    pub results: Vec<CheckedLabel<'r>>,
    pub errors: Vec<Diagnostic>,
}

impl Batch<'_> {
    /// The most severe finding across all labels.
    pub fn worst(&self) -> Option<Severity> {
        worst(&self.results)
    }
}

/// The most severe finding across `results`.
pub fn worst(results: &[CheckedLabel<'_>]) -> Option<Severity> {
    results
        .iter()
        .flat_map(|r| r.findings.iter().map(Finding::severity))
        .max()
}

/// Checks one label already in memory.
pub fn check_label<'r>(
    rules: &'r RuleSet,
    profile: &Profile,
    file: String,
    label: Label,
) -> CheckedLabel<'r> {
    let intake = Intake::from_label(&label);
    let findings = rules.check(&label, &intake, profile);
    CheckedLabel {
        file,
        label,
        intake,
        findings,
    }
}

/// Checks every label under `paths`, in file order.
pub fn check_paths<'r>(rules: &'r RuleSet, profile: &Profile, paths: &[PathBuf]) -> Batch<'r> {
    let (files, mut errors) = collect_label_paths(paths);
    let mut batch = check_files(rules, profile, &files);
    errors.append(&mut batch.errors);
    batch.errors = errors;
    batch
}

/// Checks files in order, spreading them over the machine's cores: reading and parsing dominate
/// a batch, and each file is independent.
pub fn check_files<'r>(rules: &'r RuleSet, profile: &Profile, files: &[PathBuf]) -> Batch<'r> {
    let mut batch = Batch {
        results: Vec::with_capacity(files.len()),
        errors: Vec::new(),
    };
    let done: Result<(), std::convert::Infallible> = check_files_streamed(
        rules,
        profile,
        files,
        |results| results,
        |mut results, errors| {
            batch.results.append(&mut results);
            batch.errors.extend_from_slice(errors);
            Ok(())
        },
    );
    let Ok(()) = done;
    batch
}

/// How many files a worker takes at a time in [`check_files_streamed`].
const STREAM_CHUNK: usize = 64;

/// Checks files on all cores and hands the outcome back in file order, a chunk at a time, so
/// that a batch of any size is written as it is checked instead of being held whole.
///
/// `map` runs on the worker that checked the chunk (e.g. to serialise the results); `sink` runs
/// on the calling thread, in file order, with `map`'s output and the chunk's load errors. When
/// `sink` fails (a closed pipe, say), the workers stop and the error is returned.
pub fn check_files_streamed<'r, T: Send, E>(
    rules: &'r RuleSet,
    profile: &Profile,
    files: &[PathBuf],
    map: impl Fn(Vec<CheckedLabel<'r>>) -> T + Sync,
    mut sink: impl FnMut(T, &[Diagnostic]) -> Result<(), E>,
) -> Result<(), E> {
    let check_chunk = |chunk: &[PathBuf]| -> (T, Vec<Diagnostic>) {
        let mut results = Vec::with_capacity(chunk.len());
        let mut errors = Vec::new();
        for file in chunk {
            match load_label_file(file) {
                Ok(label) => results.push(check_label(rules, profile, display_path(file), label)),
                Err(d) => errors.extend(d.0),
            }
        }
        (map(results), errors)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if workers == 1 || files.len() <= STREAM_CHUNK {
        for chunk in files.chunks(STREAM_CHUNK) {
            let (out, errors) = check_chunk(chunk);
            sink(out, &errors)?;
        }
        return Ok(());
    }
    let chunks: Vec<&[PathBuf]> = files.chunks(STREAM_CHUNK).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    // A bounded queue: workers wait rather than run far ahead of a slow reader.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, (T, Vec<Diagnostic>))>(workers * 4);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, chunks, check_chunk) = (&next, &chunks, &check_chunk);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(chunk) = chunks.get(i) else { break };
                    // The receiver is gone only when the sink failed: stop.
                    if tx.send((i, check_chunk(chunk))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Chunks finish out of order; hold the early ones until their turn comes.
        let mut waiting = std::collections::BTreeMap::new();
        let mut turn = 0;
        // `into_iter` moves the receiver into this closure: returning early drops it, which is
        // what tells the workers to stop.
        for (i, outcome) in rx.into_iter() {
            waiting.insert(i, outcome);
            while let Some((out, errors)) = waiting.remove(&turn) {
                sink(out, &errors)?;
                turn += 1;
            }
        }
        Ok(())
    })
}
