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

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the edited rules do not parse, nothing was written: {0}")]
    Invalid(String),
    #[error("cannot write {path}: {reason}")]
    Io { path: String, reason: String },
}

/// The temporary file used while saving `path`.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rules.toml".into());
    path.with_file_name(format!(".{name}.labelcheck-{}.tmp", std::process::id()))
}

/// Atomic write of any file (rules or label).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomically_with(path, bytes, || Ok(()))
}

/// [`write_atomically`] with a step run between writing the temporary file and renaming it,
/// so tests can simulate a crash at the worst moment.
pub fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let io = |e: std::io::Error| SaveError::Io {
        path: path.display().to_string(),
        reason: io_reason(&e),
    };
    let tmp = temp_path_for(path);
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        before_rename()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: &str =
        "name = \"D3\"\n\n[[ingredient]]\nname = \"Vitamin D3\"\namount = 1000\nunit = \"IU\"\n";

    #[test]
    fn a_crash_between_write_and_rename_leaves_the_original_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("label.toml");
        std::fs::write(&path, LABEL).expect("write");
        let edited = LABEL.replacen("amount = 1000", "amount = 1", 1);
        let err = write_atomically_with(&path, edited.as_bytes(), || {
            Err(std::io::Error::other("power cut"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("power cut"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), LABEL);
        assert!(!temp_path_for(&path).exists());
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
