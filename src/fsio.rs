//! Files in and out: reading text (from a file or standard input) with a size limit, and atomic saves of rules and labels.
//!
//! Every read refuses folders, huge files and binary data with a [`Diagnostic`] that names the
//! file; every save writes a temporary file beside the target and renames it over, so a failure
//! at any step leaves the original as it was.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Problem, Source, display_path, io_reason};

/// Inputs larger than this are refused before parsing: no real label or rule set comes close,
/// and it keeps a mistaken path (a log file, a disk image) from being read into memory.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Reads a file as UTF-8 text, refusing folders, anything else that is not a regular file
/// (a named pipe, a device, a socket), huge files and binary data with a message that names
/// the file (and, for bad bytes, the line and column where they start).
pub fn read_text_file(path: &Path) -> Result<String, Diagnostic> {
    read_text_file_limited(path, MAX_INPUT_BYTES)
}

/// [`read_text_file`] with another size limit (label text may be a long pasted page).
pub fn read_text_file_limited(path: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    let name = display_path(path);
    let cannot = |e: std::io::Error| {
        Diagnostic::whole_file(&name, format!("cannot read file: {}", io_reason(&e)))
    };
    // A named pipe would block the read until something writes to it, a device can be
    // endless: look before opening. The open itself does not wait either (see
    // `open_without_waiting`), and the open file is asked again, in case the path was
    // replaced in between.
    refuse_unless_regular(&name, &std::fs::metadata(path).map_err(cannot)?)?;
    let file = open_without_waiting(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    refuse_unless_regular(&name, &meta)?;
    if meta.len() > max_bytes {
        return Err(Diagnostic::whole_file(
            &name,
            format!(
                "file is {} bytes; labelcheck reads files of at most {} ({max_bytes} bytes)",
                meta.len(),
                mib(max_bytes)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    // The size can change between the check and the read; never read past the limit.
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Diagnostic::whole_file(
            &name,
            format!(
                "file was {} bytes when opened and grew past {} while being read; \
                 labelcheck reads files of at most {}",
                meta.len(),
                crate::format::number(max_bytes as f64),
                mib(max_bytes)
            ),
        ));
    }
    text_from_bytes(&name, bytes)
}

/// "1 MiB", "16 MiB".
fn mib(bytes: u64) -> String {
    format!(
        "{} MiB",
        crate::format::number(bytes as f64 / (1024.0 * 1024.0))
    )
}

/// Refuses anything but a regular file, saying what it is instead.
fn refuse_unless_regular(name: &str, meta: &std::fs::Metadata) -> Result<(), Diagnostic> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(Diagnostic::whole_file(name, "is a folder, not a file"));
    }
    Err(Diagnostic::whole_file(
        name,
        format!(
            "is {}, not a regular file: labelcheck reads only regular files",
            special_file_kind(&kind)
        ),
    ))
}

#[cfg(unix)]
fn special_file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Opens a file for reading without waiting: a named pipe swapped in after the check would
/// otherwise block the open until a writer comes. Reading a regular file is unaffected.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The name standard input is reported under.
pub const STDIN_NAME: &str = "<stdin>";

/// Why standard input gave no text.
#[derive(Debug, thiserror::Error)]
pub enum StdinError {
    #[error("{STDIN_NAME}: cannot read: {0}")]
    Unreadable(std::io::Error),
    #[error("{STDIN_NAME}: label text is larger than {} MiB", .max_bytes / (1024 * 1024))]
    TooLarge { max_bytes: u64 },
    /// Bytes that are not text, with the line and column where they start.
    #[error("{0}")]
    NotText(Diagnostic),
}

/// Reads standard input as UTF-8 text, refusing more than `max_bytes` (a pipe has no size to
/// ask for first, so at most one byte past the limit is read).
pub fn read_stdin_text_limited(max_bytes: u64) -> Result<String, StdinError> {
    read_stream_text_limited(std::io::stdin().lock(), max_bytes)
}

fn read_stream_text_limited(stream: impl Read, max_bytes: u64) -> Result<String, StdinError> {
    let mut bytes = Vec::new();
    stream
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(StdinError::Unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(StdinError::TooLarge { max_bytes });
    }
    text_from_bytes(STDIN_NAME, bytes).map_err(StdinError::NotText)
}

/// Checks that bytes are text (UTF-8 without NUL bytes), pointing at the first bad byte.
pub fn text_from_bytes(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = text.find('\0') {
                let src = Source::new(name, &text);
                return Err(src.diagnostic(&Problem::new(
                    nul..nul,
                    "file contains a NUL byte: this looks like binary data, not text",
                )));
            }
            Ok(text)
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let src = Source::new(name, &prefix);
            Err(src.diagnostic(&Problem::new(
                valid..valid,
                "file is not UTF-8 text (binary data or another encoding); save it as UTF-8",
            )))
        }
    }
}

// ----- saving -------------------------------------------------------------------------------
//
// A save never changes more than the file's contents. It writes a new file beside the target,
// with a random name, created exclusively (so a link planted under that name is never
// followed), gives it the target's mode and owner, flushes it, renames it over the target and
// flushes the folder. A symbolic link is followed to the file it names: the link stays a link
// and its target is updated. A file marked read-only, or one that changed on disk since it was
// read, is left alone unless the caller says the user agreed.

use std::ffi::OsString;
use std::fs::{File, Metadata};

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the edited rules do not parse, nothing was written: {0}")]
    Invalid(String),
    /// The file is marked read-only. Nothing was written; saving with
    /// [`SaveOptions::replace_read_only`] replaces it.
    #[error("{path} is read-only, nothing was written")]
    ReadOnly { path: String },
    /// A file is there where the save expected none ([`Expect::Nothing`]). Nothing was written.
    #[error("{path} already exists, nothing was written")]
    Exists { path: String },
    /// The file is not what it was when it was read or last saved ([`Expect::Version`]): someone
    /// else changed it. Nothing was written.
    #[error("{path} changed on disk since it was read, nothing was written")]
    Changed { path: String },
    #[error("cannot write {path}: {reason}")]
    Io { path: String, reason: String },
}

/// What a file held when it was read or saved: its length and a hash of its bytes. Comparing
/// it with the file on disk tells whether someone else changed the file in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DiskVersion {
    len: u64,
    hash: u64,
}

impl DiskVersion {
    /// The version of these bytes.
    pub fn of(bytes: &[u8]) -> DiskVersion {
        let mut hash = Fnv1a::default();
        hash.write(bytes);
        DiskVersion {
            len: bytes.len() as u64,
            hash: hash.0,
        }
    }

    /// The version of the file at `path` now (following links), or `None` when there is none.
    pub fn read(path: &Path) -> std::io::Result<Option<DiskVersion>> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut hash = Fnv1a::default();
        let mut len = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hash.write(&buf[..n]);
                    len += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Some(DiskVersion { len, hash: hash.0 }))
    }

    /// A short text form, for a recovery file: "LEN-HASH" in hexadecimal.
    pub fn token(&self) -> String {
        format!("{:x}-{:016x}", self.len, self.hash)
    }

    /// Reads [`DiskVersion::token`]'s text form back.
    pub fn from_token(token: &str) -> Option<DiskVersion> {
        let (len, hash) = token.split_once('-')?;
        Some(DiskVersion {
            len: u64::from_str_radix(len, 16).ok()?,
            hash: u64::from_str_radix(hash, 16).ok()?,
        })
    }
}

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`), so a version written
/// to a recovery file means the same to the next build.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// What a save may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expect {
    /// Whatever is there (nothing to compare with, or the user agreed to overwrite it).
    #[default]
    Anything,
    /// No file: saving under a new name never replaces someone else's file unasked.
    Nothing,
    /// The file as it was read or last saved. A file deleted since is simply written again.
    Version(DiskVersion),
}

/// How a save treats what it finds at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveOptions {
    pub expect: Expect,
    /// Replace a file marked read-only (the user was asked and agreed).
    pub replace_read_only: bool,
}

/// How a text file ends its lines and whether it starts with a byte-order mark, so that a
/// save writes them back the way the file had them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStyle {
    pub crlf: bool,
    pub bom: bool,
}

impl TextStyle {
    /// The style of a text: CRLF when most of its line ends are CRLF.
    pub fn of(text: &str) -> TextStyle {
        let crlf = text.matches("\r\n").count();
        let lf = text.matches('\n').count() - crlf;
        TextStyle {
            crlf: crlf > lf,
            bom: text.starts_with('\u{feff}'),
        }
    }

    /// `text` (any mix of LF and CRLF, with or without a BOM) in this style. A lone CR is
    /// left as it is.
    pub fn apply(&self, text: String) -> String {
        // The common case, an LF file edited as LF text, costs one scan and no copy: the rules
        // editor calls this on every keystroke.
        if !self.crlf && !self.bom && !text.starts_with('\u{feff}') && !text.contains("\r\n") {
            return text;
        }
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut out = String::with_capacity(body.len() + body.len() / 16 + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        for piece in body.split_inclusive('\n') {
            match piece.strip_suffix('\n') {
                Some(line) => {
                    out.push_str(line.strip_suffix('\r').unwrap_or(line));
                    out.push_str(if self.crlf { "\r\n" } else { "\n" });
                }
                None => out.push_str(piece),
            }
        }
        out
    }
}

/// Temporary files of a save end with this, after the target's name and random letters:
/// `.rules.toml.Xa8Qz01mPk.labelcheck-tmp`. Nothing reads such a file as a label or rules
/// (it is hidden and does not end in `.toml` or `.txt`).
pub const TEMP_SUFFIX: &str = ".labelcheck-tmp";

/// A save killed between creating its temporary file and renaming it (kill -9, a power cut)
/// leaves the temporary file behind. The next save of the same file removes such leftovers once
/// they are older than this. Younger ones may belong to a save in progress in another labelcheck.
/// Age is measured against the new temporary file's own time stamp, so the file system's clock
/// decides, not this machine's.
pub const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// How many symbolic links a save follows to find the real file (as Linux's own limit).
const MAX_LINKS: usize = 40;

/// Atomic write of any file (rules, label, recovery), replacing whatever is there unless it is
/// marked read-only.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomically_with(path, bytes, SaveOptions::default(), || Ok(()))
}

/// [`write_atomically`] with [`SaveOptions`] and a step run between writing the temporary file
/// and renaming it, so tests can simulate a crash at the worst moment.
pub fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    options: SaveOptions,
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let shown = display_path(path);
    let io = |e: std::io::Error| SaveError::Io {
        path: shown.clone(),
        reason: io_reason(&e),
    };
    let target = link_target(path).map_err(io)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(SaveError::Io {
                path: shown,
                reason: "it is not a regular file".into(),
            });
        }
        if options.expect == Expect::Nothing {
            return Err(SaveError::Exists { path: shown });
        }
        if is_read_only(meta) && !options.replace_read_only {
            return Err(SaveError::ReadOnly { path: shown });
        }
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| OsString::from("file"), ToOwned::to_owned);
    let prefix = temp_prefix(&name);

    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(10);
    #[cfg(unix)]
    if existing.is_none() {
        // A new file gets the usual mode for new files: the kernel applies the umask to 0666.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Random name, O_CREAT | O_EXCL: never opens a file or link that is already there.
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    remove_stale_temp_files(&dir, &name, tmp.as_file());
    let written = (|| {
        tmp.write_all(bytes)?;
        if let Some(meta) = &existing {
            keep_owner_and_mode(tmp.as_file(), meta)?;
        }
        tmp.as_file().sync_all()?;
        before_rename()
    })();
    // On any error `tmp` is dropped, which removes the temporary file.
    written.map_err(io)?;
    // Checked last, just before the rename, to leave the least room for another save.
    if let Expect::Version(version) = options.expect
        && DiskVersion::read(&target)
            .map_err(io)?
            .is_some_and(|now| now != version)
    {
        return Err(SaveError::Changed { path: shown });
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    sync_folder(&dir).map_err(io)
}

/// The file a save writes: `path`, or the file its symbolic link (or chain of links) names.
fn link_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)?;
                // A relative link is relative to the folder the link is in; `join` keeps an
                // absolute one as it is.
                target = match target.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            Ok(_) => return Ok(target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// The start of the temporary file names for a target named `name`: ".NAME.".
fn temp_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    prefix
}

/// Whether `file_name` is a temporary file of a save of the target named `name`: this
/// version's random names, or the fixed `.NAME.labelcheck-PID.tmp` of earlier versions.
pub fn is_temp_file_for(file_name: &std::ffi::OsStr, name: &std::ffi::OsStr) -> bool {
    let prefix = temp_prefix(name);
    let Some(rest) = file_name
        .as_encoded_bytes()
        .strip_prefix(prefix.as_encoded_bytes())
    else {
        return false;
    };
    let all = |bytes: &[u8], f: fn(&u8) -> bool| !bytes.is_empty() && bytes.iter().all(f);
    if let Some(random) = rest.strip_suffix(TEMP_SUFFIX.as_bytes()) {
        return all(random, u8::is_ascii_alphanumeric);
    }
    rest.strip_prefix(b"labelcheck-")
        .and_then(|r| r.strip_suffix(b".tmp"))
        .is_some_and(|pid| all(pid, u8::is_ascii_digit))
}

/// Removes temporary files of earlier saves of `name` in `dir` that are older than
/// [`STALE_TEMP_AGE`] compared with `fresh` (the temporary file just created). Best effort: a
/// leftover that cannot be removed does no harm, as nothing reads it.
fn remove_stale_temp_files(dir: &Path, name: &std::ffi::OsStr, fresh: &File) {
    let Ok(now) = fresh.metadata().and_then(|m| m.modified()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !is_temp_file_for(&entry.file_name(), name) {
            continue;
        }
        // `DirEntry::metadata` does not follow links: only regular files are removed.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the file is marked read-only: its owner may not write it (`chmod u-w`), whoever is
/// saving. Root could write it anyway; the mark still says someone did not want it changed.
fn is_read_only(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o200 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

/// Gives the new file the old one's owner, group and mode. The owner can only be given by root;
/// anyone may give the group if they belong to it. Mode last: changing the owner clears the
/// set-id bits.
fn keep_owner_and_mode(file: &File, old: &Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, fchown};
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid())
            && fchown(file, Some(old.uid()), Some(old.gid())).is_err()
        {
            let _ = fchown(file, None, Some(old.gid()));
        }
    }
    file.set_permissions(old.permissions())
}

/// Flushes a folder, so that the rename itself survives a power cut. Some file systems cannot
/// flush a folder and say so; that is not an error of the save.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        match File::open(dir).and_then(|d| d.sync_all()) {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported
                ) =>
            {
                Ok(())
            }
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod save_tests {
    use super::*;

    const LABEL: &str =
        "name = \"D3\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n";
    const EDITED: &str =
        "name = \"D3\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1\nunit = \"IU\"\n";

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).expect("read")
    }

    #[test]
    fn a_crash_between_write_and_rename_leaves_the_original_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("label.toml");
        std::fs::write(&path, LABEL).expect("write");
        let err = write_atomically_with(&path, EDITED.as_bytes(), SaveOptions::default(), || {
            Err(std::io::Error::other("power cut"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("power cut"), "{err}");
        assert_eq!(read(&path), LABEL);
        assert_eq!(names_in(dir.path()), ["label.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_or_a_device_is_refused_without_waiting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("label.toml");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        // No writer ever opens the pipe: a blocking open or read would hang this test.
        let err = read_text_file(&fifo).unwrap_err();
        assert_eq!(
            err.message,
            "is a named pipe (FIFO), not a regular file: labelcheck reads only regular files"
        );
        let err = read_text_file(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero:1:1: is a character device, not a regular file: labelcheck reads only regular files"
        );
    }

    #[test]
    fn the_temporary_file_has_a_random_recognisable_name_beside_the_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rules.toml");
        let mut seen = Vec::new();
        for _ in 0..2 {
            write_atomically_with(&path, b"x", SaveOptions::default(), || {
                seen.extend(
                    names_in(dir.path())
                        .into_iter()
                        .filter(|n| n != "rules.toml"),
                );
                Ok(())
            })
            .expect("saved");
        }
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_ne!(seen[0], seen[1], "a new random name each time");
        for name in &seen {
            assert!(name.starts_with(".rules.toml.") && name.ends_with(TEMP_SUFFIX));
            assert!(is_temp_file_for(name.as_ref(), "rules.toml".as_ref()));
        }
        assert_eq!(names_in(dir.path()), ["rules.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_under_the_old_predictable_temp_name_is_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").expect("write");
        let path = dir.path().join("rules.toml");
        let planted = dir
            .path()
            .join(format!(".rules.toml.labelcheck-{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).expect("plant a link");
        write_atomically(&path, b"new rules").expect("saved");
        assert_eq!(read(&victim), "precious");
        assert_eq!(read(&path), "new rules");
        assert!(planted.is_symlink(), "a link is not a leftover to remove");
    }

    #[cfg(unix)]
    #[test]
    fn a_save_keeps_the_mode_and_a_new_file_gets_the_usual_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("private.toml");
        std::fs::write(&path, LABEL).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomically(&path, EDITED.as_bytes()).expect("saved");
        assert_eq!(read(&path), EDITED);
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o7777;
        assert_eq!(mode(&path), 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomically(&path, LABEL.as_bytes()).expect("saved");
        assert_eq!(mode(&path), 0o640);
        // A new file: the same mode as any file this process creates (0666 less the umask),
        // not the temporary file's private 0600.
        let fresh = dir.path().join("new.toml");
        write_atomically(&fresh, LABEL.as_bytes()).expect("saved");
        let usual = dir.path().join("usual");
        std::fs::write(&usual, "x").expect("write");
        assert_eq!(mode(&fresh), mode(&usual));
    }

    #[cfg(unix)]
    #[test]
    fn a_save_by_root_keeps_the_owner_and_group() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("theirs.toml");
        std::fs::write(&path, LABEL).expect("write");
        // Only root can give a file away; elsewhere there is nothing to check.
        if std::os::unix::fs::chown(&path, Some(4321), Some(4322)).is_err() {
            return;
        }
        write_atomically(&path, EDITED.as_bytes()).expect("saved");
        let meta = std::fs::metadata(&path).expect("stat");
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
        assert_eq!(read(&path), EDITED);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_written_at_the_links_target_and_the_link_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).expect("mkdir");
        let real = real_dir.join("rules.toml");
        std::fs::write(&real, LABEL).expect("write");
        // A chain: link2 → link1 (relative) → real/rules.toml.
        let link1 = dir.path().join("link1.toml");
        std::os::unix::fs::symlink("real/rules.toml", &link1).expect("link");
        let link2 = dir.path().join("link2.toml");
        std::os::unix::fs::symlink(&link1, &link2).expect("link");
        write_atomically(&link2, EDITED.as_bytes()).expect("saved");
        assert!(link1.is_symlink() && link2.is_symlink(), "links stay links");
        assert_eq!(read(&real), EDITED, "the real file is updated");
        assert_eq!(names_in(&real_dir), ["rules.toml"]);
        assert_eq!(names_in(dir.path()), ["link1.toml", "link2.toml", "real"]);
        // A link to a file that does not exist yet creates it there.
        let dangling = dir.path().join("dangling.toml");
        std::os::unix::fs::symlink("real/new.toml", &dangling).expect("link");
        write_atomically(&dangling, LABEL.as_bytes()).expect("saved");
        assert!(dangling.is_symlink());
        assert_eq!(read(&real_dir.join("new.toml")), LABEL);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::os::unix::fs::symlink(&b, &a).expect("link");
        std::os::unix::fs::symlink(&a, &b).expect("link");
        let err = write_atomically(&a, b"x").unwrap_err();
        assert!(err.to_string().contains("symbolic links"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_replaced_only_when_asked_to_and_stays_read_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("locked.toml");
        std::fs::write(&path, LABEL).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let err = write_atomically(&path, EDITED.as_bytes()).unwrap_err();
        assert!(matches!(err, SaveError::ReadOnly { .. }), "{err}");
        assert_eq!(read(&path), LABEL, "not overwritten, even by root");
        assert_eq!(names_in(dir.path()), ["locked.toml"]);
        let agreed = SaveOptions {
            replace_read_only: true,
            ..SaveOptions::default()
        };
        write_atomically_with(&path, EDITED.as_bytes(), agreed, || Ok(())).expect("saved");
        assert_eq!(read(&path), EDITED);
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o444);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rules.toml");
        std::fs::write(&path, LABEL).expect("write");
        let loaded = DiskVersion::read(&path).expect("read").expect("exists");
        assert_eq!(loaded, DiskVersion::of(LABEL.as_bytes()));
        let expecting = |v| SaveOptions {
            expect: Expect::Version(v),
            ..SaveOptions::default()
        };
        // Someone else saves first.
        std::fs::write(&path, "theirs").expect("write");
        let err = write_atomically_with(&path, EDITED.as_bytes(), expecting(loaded), || Ok(()))
            .unwrap_err();
        assert!(matches!(err, SaveError::Changed { .. }), "{err}");
        assert_eq!(read(&path), "theirs");
        assert_eq!(
            names_in(dir.path()),
            ["rules.toml"],
            "no temporary file left"
        );
        // The same version is written; a deleted file is written again.
        let theirs = DiskVersion::of(b"theirs");
        write_atomically_with(&path, EDITED.as_bytes(), expecting(theirs), || Ok(())).expect("ok");
        std::fs::remove_file(&path).expect("rm");
        write_atomically_with(&path, LABEL.as_bytes(), expecting(theirs), || Ok(())).expect("ok");
        assert_eq!(read(&path), LABEL);
        // A new file is never written over one that appeared.
        let nothing = SaveOptions {
            expect: Expect::Nothing,
            ..SaveOptions::default()
        };
        let err = write_atomically_with(&path, EDITED.as_bytes(), nothing, || Ok(())).unwrap_err();
        assert!(matches!(err, SaveError::Exists { .. }), "{err}");
        assert_eq!(read(&path), LABEL);
    }

    #[test]
    fn disk_versions_survive_their_text_form() {
        let v = DiskVersion::of(LABEL.as_bytes());
        assert_eq!(DiskVersion::from_token(&v.token()), Some(v));
        assert_ne!(DiskVersion::of(b"a"), DiskVersion::of(b"b"));
        assert_eq!(DiskVersion::from_token("zz"), None);
    }

    #[test]
    fn leftover_temp_files_from_a_killed_save_are_removed_once_stale() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rules.toml");
        std::fs::write(&path, LABEL).expect("write");
        let leftover = |name: &str, age_secs: u64| {
            let p = dir.path().join(name);
            let f = File::create(&p).expect("create");
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_secs);
            f.set_modified(when).expect("set mtime");
            p
        };
        let stale = STALE_TEMP_AGE.as_secs() + 60;
        // What kill -9 between creating and renaming leaves: this version's and older ones'.
        let killed = leftover(".rules.toml.Ab3dE9fG0h.labelcheck-tmp", stale);
        let old_style = leftover(".rules.toml.labelcheck-4242.tmp", stale);
        // A save in progress in another labelcheck, and files that only look alike.
        let in_progress = leftover(".rules.toml.Zz9yX8wV7u.labelcheck-tmp", 5);
        let other_file = leftover(".label.toml.Ab3dE9fG0h.labelcheck-tmp", stale);
        let unrelated = leftover(".rules.toml.backup", stale);
        write_atomically(&path, EDITED.as_bytes()).expect("saved");
        assert!(
            !killed.exists() && !old_style.exists(),
            "stale leftovers removed"
        );
        assert!(in_progress.exists() && other_file.exists() && unrelated.exists());
        assert_eq!(read(&path), EDITED);
    }

    #[test]
    fn temp_file_names_are_recognised_exactly() {
        let is = |n: &str| is_temp_file_for(n.as_ref(), "r.toml".as_ref());
        assert!(is(".r.toml.a1B2c3D4e5.labelcheck-tmp"));
        assert!(is(".r.toml.labelcheck-17.tmp"));
        assert!(!is(".r.toml..labelcheck-tmp"));
        assert!(!is(".r.toml.a/b.labelcheck-tmp"));
        assert!(!is(".r.toml.labelcheck-.tmp"));
        assert!(!is("r.toml"));
        assert!(!is(".r.toml.x.tmp"));
    }

    #[test]
    fn line_ends_and_byte_order_mark_are_kept() {
        let crlf = TextStyle::of("\u{feff}a = 1\r\nb = 2\r\n");
        assert_eq!(
            crlf,
            TextStyle {
                crlf: true,
                bom: true
            }
        );
        assert_eq!(
            crlf.apply("a = 1\r\nb = 3\nc = 4\n".into()),
            "\u{feff}a = 1\r\nb = 3\r\nc = 4\r\n"
        );
        let lf = TextStyle::of("a = 1\nb = 2\n");
        assert_eq!(lf, TextStyle::default());
        assert_eq!(lf.apply("\u{feff}a\r\nb\nc".into()), "a\nb\nc");
        assert_eq!(
            lf.apply("a\rb\n".into()),
            "a\rb\n",
            "a lone CR is not a line end"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_input_past_the_limit_is_refused_with_the_limit_in_mib() {
        let too_long = vec![b'a'; 2 * 1024 * 1024 + 1];
        let err = read_stream_text_limited(&too_long[..], 2 * 1024 * 1024).unwrap_err();
        assert_eq!(err.to_string(), "<stdin>: label text is larger than 2 MiB");
        let exact = read_stream_text_limited(&[b'a'; 1024][..], 1024).expect("at the limit");
        assert_eq!(exact.len(), 1024);
    }

    #[test]
    fn standard_input_that_is_not_text_points_at_the_first_bad_byte() {
        let err = read_stream_text_limited(&b"a\n\xff\xfe"[..], 1024).unwrap_err();
        let StdinError::NotText(d) = err else {
            panic!("{err}")
        };
        assert_eq!((d.file.as_str(), d.line, d.column), ("<stdin>", 2, 1));
    }
}
