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

/// Reads a file as UTF-8 text, refusing folders, huge files and binary data with a message
/// that names the file (and, for bad bytes, the line and column where they start).
pub fn read_text_file(path: &Path) -> Result<String, Diagnostic> {
    read_text_file_limited(path, MAX_INPUT_BYTES)
}

/// [`read_text_file`] with another size limit (label text may be a long pasted page).
pub fn read_text_file_limited(path: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    let name = display_path(path);
    let cannot = |e: std::io::Error| {
        Diagnostic::whole_file(&name, format!("cannot read file: {}", io_reason(&e)))
    };
    // Open once and ask the open file for its size: one path lookup per file, which matters
    // when checking folders of thousands of labels.
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err(Diagnostic::whole_file(
            &name,
            "is a folder, not a file".to_string(),
        ));
    }
    if meta.len() > max_bytes {
        return Err(Diagnostic::whole_file(
            &name,
            format!(
                "file is {} bytes; labelcheck reads files of at most {} ({max_bytes} bytes)",
                meta.len(),
                if max_bytes == MAX_INPUT_BYTES {
                    "1 MiB".to_string()
                } else {
                    format!("{} MiB", max_bytes / (1024 * 1024))
                }
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
            format!("file grew past {max_bytes} bytes while being read"),
        ));
    }
    text_from_bytes(&name, bytes)
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
