//! Many labels at once: walking the folders given to `check`, and streaming the labels through
//! the checker on all cores while handing the results back in file order.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path, io_reason};
use crate::{Finding, Intake, Label, Profile, RuleSet, Severity, is_label_text, load_label_file};

/// Whether a file is one `check` reads: label files, label text and DSLD records (`.json`,
/// `.jsonl`).
pub fn is_label_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || is_label_text(path)
        || crate::dsld::is_dsld_file(path)
}

/// How folders given to `check` (and `--examples`) are searched for labels.
#[derive(Debug, Clone, Default)]
pub struct LabelWalk {
    /// Globs of files and folders to leave out, as in a `.gitignore` (`drafts/`, `*-old.toml`).
    exclude: Vec<String>,
}

impl LabelWalk {
    /// A walk that leaves out what `exclude` matches. A glob that does not parse is an error
    /// naming it.
    pub fn new(exclude: &[String]) -> Result<LabelWalk, String> {
        let walk = LabelWalk {
            exclude: exclude.to_vec(),
        };
        walk.overrides(Path::new("."))?;
        Ok(walk)
    }

    fn overrides(&self, root: &Path) -> Result<ignore::overrides::Override, String> {
        let mut builder = ignore::overrides::OverrideBuilder::new(root);
        for glob in &self.exclude {
            // In an override, a glob with `!` leaves out what it matches.
            builder.add(&format!("!{glob}")).map_err(|e| {
                format!(
                    "--exclude {}: not a valid glob ({})",
                    crate::escape::visible(glob),
                    crate::escape::visible(&first_line(&e.to_string()))
                )
            })?;
        }
        builder.build().map_err(|e| e.to_string())
    }

    /// Expands the paths given to `check`: files as they are, folders to every label file
    /// inside — recursively, in sorted order, leaving out hidden entries, what `.gitignore`
    /// (in a git work tree) and `.ignore` files list, and what `--exclude` matches. Links to
    /// files are followed; links to folders below the paths given are not, so a link loop
    /// cannot make the walk endless, and a file reached twice (through a link, or two
    /// overlapping paths) is checked once. A named file that is not a label file, a folder
    /// with no labels and a path that does not exist are errors; the rest are still checked.
    pub fn collect(&self, paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let mut found = Found::default();
        for path in paths {
            match std::fs::metadata(path) {
                Err(e) => found.errors.push(Diagnostic::whole_file(
                    display_path(path),
                    format!("cannot read: {}", io_reason(&e)),
                )),
                Ok(meta) if meta.is_dir() => {
                    let before = found.files.len();
                    self.walk(path, &mut found);
                    if found.files.len() == before && !found.seen_in(path) {
                        found.errors.push(Diagnostic::whole_file(
                            display_path(path),
                            "folder holds no label files (*.toml), label text (*.txt) or DSLD records (*.json, *.jsonl)",
                        ));
                    }
                }
                Ok(_) if !is_label_file(path) => found.errors.push(Diagnostic::whole_file(
                    display_path(path),
                    "not a label file (.toml, .txt, or DSLD .json/.jsonl)",
                )),
                Ok(meta) => found.add(path.clone(), identity(&meta)),
            }
        }
        (found.files, found.errors)
    }

    fn walk(&self, root: &Path, found: &mut Found) {
        let overrides = match self.overrides(root) {
            Ok(o) => o,
            // `new` checked every glob.
            Err(e) => {
                found
                    .errors
                    .push(Diagnostic::whole_file(display_path(root), e));
                return;
            }
        };
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(false)
            .overrides(overrides)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let (path, reason) = walk_error(&e);
                    found.errors.push(Diagnostic::whole_file(
                        display_path(path.unwrap_or(root)),
                        format!("cannot read folder: {reason}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            if entry.depth() == 0 || !is_label_file(path) {
                continue;
            }
            let Some(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                continue;
            }
            // A link is looked through: to a folder it is not followed, to anything else it is
            // a file to check (reading says why a broken link or a pipe cannot be).
            let target = std::fs::metadata(path);
            if kind.is_symlink() && target.as_ref().is_ok_and(|m| m.is_dir()) {
                continue;
            }
            found.add(path.to_path_buf(), target.ok().as_ref().and_then(identity));
        }
    }
}

/// The first line of an error from a library, which may add more.
fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// The path (if any) and the reason of an error met while walking.
fn walk_error(err: &ignore::Error) -> (Option<&Path>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path), walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child), "a link loops back".to_string()),
        ignore::Error::Io(e) => (None, io_reason(e)),
        other => (None, first_line(&other.to_string())),
    }
}

/// A file's identity, so that one reached by two paths is checked once.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The files found so far, each once, and the errors.
#[derive(Default)]
struct Found {
    files: Vec<PathBuf>,
    errors: Vec<Diagnostic>,
    identities: std::collections::HashSet<(u64, u64)>,
    /// Folders whose only labels were found already by another path.
    skipped_twice: Vec<PathBuf>,
}

impl Found {
    fn add(&mut self, path: PathBuf, identity: Option<(u64, u64)>) {
        match identity {
            Some(id) if !self.identities.insert(id) => self.skipped_twice.push(path),
            _ => self.files.push(path),
        }
    }

    /// Whether a label under `dir` was left out only because it was found already.
    fn seen_in(&self, dir: &Path) -> bool {
        self.skipped_twice.iter().any(|p| p.starts_with(dir))
    }
}

/// [`LabelWalk::collect`] with no `--exclude`.
pub fn collect_label_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    LabelWalk::default().collect(paths)
}

/// One label, checked.
#[derive(Debug, Clone)]
pub struct CheckedLabel<'r> {
    pub file: String,
    pub label: Label,
    pub intake: Intake,
    pub findings: Vec<Finding<'r>>,
    /// What could not be read as printed (a DSLD amount "not provided"…), each saying which
    /// rules could not be applied.
    pub notes: Vec<String>,
    /// Active rules that could not judge the label, and why (regional rules only).
    pub not_checked: Vec<crate::rules::NotChecked<'r>>,
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
    let not_checked = rules.not_checked(&label, &intake, profile);
    CheckedLabel {
        file,
        label,
        intake,
        findings,
        notes: Vec::new(),
        not_checked,
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
            if crate::dsld::is_dsld_file(file) {
                let name = display_path(file);
                let (labels, mut load_errors) = crate::dsld::load_file(file, profile.age_years);
                for d in labels {
                    let mut checked = check_label(
                        rules,
                        profile,
                        crate::dsld::record_name(&name, d.id),
                        d.label,
                    );
                    checked.notes = d.warnings;
                    results.push(checked);
                }
                errors.append(&mut load_errors);
                continue;
            }
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
