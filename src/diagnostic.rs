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

/// The most problems reported for one file. A file with more gets one last diagnostic, at
/// the next problem's place, saying how many more there are: a mistake repeated on every line
/// of a large file must not print megabytes of errors.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 20;

/// The most characters of the offending line shown around the column.
pub const EXCERPT_CHARS: usize = 200;

/// The most characters of a message. Messages quote input (an unknown key, a unit, a string
/// found where a number belongs); past this, the middle of the message is left out.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// A problem with its place: file, line and column (both 1-based; column counts characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Part of the offending line, for pointing at the column; `None` when there is none.
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
}

/// At most [`EXCERPT_CHARS`] characters of a line around a column: what is shown under an
/// error with a caret, whatever the length of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The characters shown, as in the input (not yet escaped for a terminal).
    pub text: String,
    /// How many characters of `text` come before the column.
    pub caret: usize,
    /// Whether the line goes on before `text` starts.
    pub cut_before: bool,
    /// Whether the line goes on after `text` ends.
    pub cut_after: bool,
}

impl Excerpt {
    /// The excerpt of `line` around the character at `column` (0-based).
    fn of(line: &str, column: usize) -> Option<Excerpt> {
        if line.is_empty() {
            return None;
        }
        // Up to half the window before the column, and the rest after it.
        let start = column.saturating_sub(EXCERPT_CHARS / 2);
        let mut chars = line.char_indices().skip(start);
        let from = chars.next().map_or(line.len(), |(i, _)| i);
        let mut to = line.len();
        let mut cut_after = false;
        for (n, (i, _)) in line[from..].char_indices().enumerate() {
            if n == EXCERPT_CHARS {
                to = from + i;
                cut_after = true;
                break;
            }
        }
        Some(Excerpt {
            text: line[from..to].to_string(),
            caret: column - start,
            cut_before: start > 0,
            cut_after,
        })
    }
}

impl Diagnostic {
    /// A problem about a whole file (unreadable, too large, a folder with no labels…).
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 1,
            column: 1,
            message: shorten(message.into()),
            excerpt: None,
        }
    }
}

/// A message of at most [`MAX_MESSAGE_CHARS`] characters: a longer one keeps its start and its
/// end (which usually says what to do) around " … ".
fn shorten(message: String) -> String {
    let count = message.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return message;
    }
    let head: String = message.chars().take(MAX_MESSAGE_CHARS * 2 / 3).collect();
    let tail: String = message
        .chars()
        .skip(count - MAX_MESSAGE_CHARS / 3 + 3)
        .collect();
    format!("{head} … {tail}")
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

/// Where each line of a text starts, found once so that placing many problems costs a binary
/// search each rather than a scan from the start of the text.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts(starts)
    }

    /// The 0-based line holding `offset`, and where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&start| start <= offset) - 1;
        (line, self.0[line])
    }
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source { name, text }
    }

    /// A byte offset moved to the nearest valid place: not past the end, not inside a
    /// multi-byte character.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past the end, or
    /// inside a multi-byte character, are moved to the nearest valid place.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    fn placed(&self, problem: &Problem, line: usize, line_start: usize) -> Diagnostic {
        let offset = self.clamp(problem.span.start);
        let column = self.text[line_start..offset].chars().count();
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        Diagnostic {
            file: self.name.to_string(),
            line: line + 1,
            column: column + 1,
            message: shorten(problem.message.clone()),
            excerpt: Excerpt::of(line_text, column),
        }
    }

    pub fn diagnostic(&self, problem: &Problem) -> Diagnostic {
        let offset = self.clamp(problem.span.start);
        let before = &self.text[..offset];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.placed(problem, line, line_start)
    }

    /// The first [`MAX_DIAGNOSTICS_PER_FILE`] problems placed in the text, and, when there are
    /// more, one saying how many more at the place of the next.
    pub fn diagnostics(&self, problems: &[Problem]) -> Diagnostics {
        let starts = LineStarts::of(self.text);
        let place = |p: &Problem| {
            let (line, line_start) = starts.line_of(self.clamp(p.span.start));
            self.placed(p, line, line_start)
        };
        let mut out: Vec<Diagnostic> = problems
            .iter()
            .take(MAX_DIAGNOSTICS_PER_FILE)
            .map(place)
            .collect();
        if let Some(next) = problems.get(MAX_DIAGNOSTICS_PER_FILE) {
            let more = problems.len() - MAX_DIAGNOSTICS_PER_FILE;
            let mut d = place(next);
            d.message = format!(
                "… and {} more problem{} from here on; fix the ones above and check again",
                crate::format::number(more as f64),
                if more == 1 { "" } else { "s" }
            );
            d.excerpt = None;
            out.push(d);
        }
        Diagnostics(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A label whose one long line repeats the same mistake `n` times.
    fn one_line_with_problems(n: usize) -> (String, Vec<Problem>) {
        let item = "{name=\"D3\",amount=-1,unit=\"IU\"},";
        let text = format!("name = \"x\"\ningredient = [{}]\n", item.repeat(n));
        let first = text.find('{').unwrap_or(0);
        let problems = (0..n)
            .map(|i| first + i * item.len() + 18)
            .map(|at| Problem::new(at..at, "amount must be greater than 0"))
            .collect();
        (text, problems)
    }

    #[test]
    fn many_problems_on_one_long_line_are_capped_with_a_count_and_short_excerpts() {
        let (text, problems) = one_line_with_problems(40_000);
        assert!(text.len() > 1_000_000);
        let diags = Source::new("big.toml", &text).diagnostics(&problems).0;
        assert_eq!(diags.len(), MAX_DIAGNOSTICS_PER_FILE + 1);
        for d in &diags[..MAX_DIAGNOSTICS_PER_FILE] {
            let excerpt = d.excerpt.as_ref().expect("an excerpt");
            assert!(excerpt.text.chars().count() <= EXCERPT_CHARS, "{excerpt:?}");
            assert!(excerpt.cut_after);
            let at_caret: String = excerpt.text.chars().skip(excerpt.caret).take(2).collect();
            assert_eq!(at_caret, "-1", "{excerpt:?}");
        }
        let last = &diags[MAX_DIAGNOSTICS_PER_FILE];
        assert_eq!(
            last.to_string(),
            format!(
                "big.toml:2:{}: … and 39,980 more problems from here on; fix the ones above and check again",
                problems[MAX_DIAGNOSTICS_PER_FILE].span.start - text.find('\n').unwrap_or(0)
            )
        );
        assert_eq!(last.excerpt, None);
    }

    #[test]
    fn positions_found_once_agree_with_a_scan_from_the_start() {
        let text = "a = 1\nµg = \"é\"\r\n\n  x = [1,\n2]";
        let problems: Vec<Problem> = (0..=text.len() + 2)
            .map(|i| Problem::new(i..i, "p"))
            .collect();
        let src = Source::new("t", text);
        for chunk in problems.chunks(MAX_DIAGNOSTICS_PER_FILE) {
            for (p, d) in chunk.iter().zip(src.diagnostics(chunk).0) {
                assert_eq!((d.line, d.column), src.line_column(p.span.start), "{p:?}");
                assert_eq!(d, src.diagnostic(p));
            }
        }
    }

    #[test]
    fn the_excerpt_is_the_window_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let x = Excerpt::of(&line, 500).expect("excerpt");
        assert_eq!(x.text.chars().count(), EXCERPT_CHARS);
        assert_eq!(x.text.chars().nth(x.caret), Some('X'));
        assert!(x.cut_before && x.cut_after);
        let short = Excerpt::of("amount = -5", 9).expect("excerpt");
        assert_eq!((short.text.as_str(), short.caret), ("amount = -5", 9));
        assert!(!short.cut_before && !short.cut_after);
        assert_eq!(Excerpt::of("", 0), None);
    }

    #[test]
    fn a_huge_message_keeps_its_start_and_end() {
        let message = format!("unknown unit \"{}\": use IU or mcg", "k".repeat(1_000_000));
        let d = Diagnostic::whole_file("f", message);
        assert!(
            d.message.chars().count() <= MAX_MESSAGE_CHARS,
            "{}",
            d.message.len()
        );
        assert!(d.message.starts_with("unknown unit \"kkk"));
        assert!(d.message.ends_with("kkk\": use IU or mcg"));
        assert!(d.message.contains(" … "));
    }
}
