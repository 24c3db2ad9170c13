//! Errors that point at a place in a file.
//!
//! Every input problem labelcheck reports — a label, a rules file, label text — becomes a
//! [`Diagnostic`]: the file, the 1-based line and column, and a sentence saying what is wrong.
//! Problems are found on byte spans while parsing; [`Source`] turns a span into line and column.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use crate::escape::visible;

/// A problem found at a byte span of some input, before the file it came from is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem {
            span,
            message: message.into(),
        }
    }
}

/// A problem with its place: file, line and column (both 1-based; column counts characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The text of the offending line, for pointing at the column. Empty when there is none.
    #[serde(skip)]
    pub source_line: String,
}

impl Diagnostic {
    /// A problem about a whole file (unreadable, too large, a folder with no labels…).
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 1,
            column: 1,
            message: message.into(),
            source_line: String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File names and messages quote input: never let them reach a terminal raw.
        write!(
            f,
            "{}:{}:{}: {}",
            visible(&self.file),
            self.line,
            self.column,
            visible(&self.message)
        )
    }
}

impl std::error::Error for Diagnostic {}

/// Several diagnostics from one input; displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The text of one input and the name it is reported under.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source { name, text }
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past the end, or
    /// inside a multi-byte character, are moved to the nearest valid place.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    fn line_text(&self, line: usize) -> String {
        self.text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string()
    }

    pub fn diagnostic(&self, problem: &Problem) -> Diagnostic {
        let (line, column) = self.line_column(problem.span.start);
        Diagnostic {
            file: self.name.to_string(),
            line,
            column,
            message: problem.message.clone(),
            source_line: self.line_text(line),
        }
    }

    pub fn diagnostics(&self, problems: &[Problem]) -> Diagnostics {
        Diagnostics(problems.iter().map(|p| self.diagnostic(p)).collect())
    }
}

/// A path as the user would recognise it in a message.
pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

/// The reason of an I/O error without Rust's "(os error N)" suffix.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}
