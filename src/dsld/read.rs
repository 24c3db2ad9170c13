//! Reading DSLD files record by record: one record per `.json` file, an array of records, or
//! JSON Lines (`.jsonl`). Records are handed out one at a time as their text, so memory stays
//! flat whatever the file's size; each is then parsed on its own, so a bad record is an error
//! naming its JSON path and the others go on.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::de::{SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::model::Record;
use crate::diagnostic::{Diagnostic, display_path, io_reason};

/// Where a record is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 0-based index of the record in its file.
    pub index: usize,
    /// The line it starts on, for JSON Lines (1-based).
    pub line: Option<usize>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "record {} (line {line})", self.index + 1),
            None => write!(f, "record {}", self.index + 1),
        }
    }
}

/// One record's text, not parsed yet.
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub position: Position,
    pub text: String,
}

/// Whether a path is a DSLD file by its extension: `.json` or `.jsonl`.
pub fn is_dsld_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        e.eq_ignore_ascii_case("json")
            || e.eq_ignore_ascii_case("jsonl")
            || e.eq_ignore_ascii_case("ndjson")
    })
}

fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// Reads the records of a DSLD file in order, handing each to `each` with the number of bytes
/// read so far. An error that ends the file (it cannot be opened, its JSON is cut short or
/// malformed) is returned after the records before it were handed out.
pub fn for_each_raw(path: &Path, mut each: impl FnMut(RawRecord, u64)) -> Result<(), Diagnostic> {
    let name = display_path(path);
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::whole_file(&name, format!("cannot read: {}", io_reason(&e))))?;
    let mut reader = Counting {
        inner: BufReader::with_capacity(1 << 16, file),
        read: 0,
    };
    if is_json_lines(path) {
        return read_lines(&name, &mut reader, &mut each);
    }
    match first_byte(&mut reader).map_err(|e| io_error(&name, &e))? {
        Some(b'[') => read_array(&name, reader, &mut each),
        Some(b'{') => read_objects(&name, reader, &mut each),
        Some(_) => Err(Diagnostic::whole_file(
            &name,
            "not DSLD label JSON: expected a label record ({…}) or an array of them ([…])",
        )),
        None => Err(Diagnostic::whole_file(&name, "the file is empty")),
    }
}

fn io_error(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::whole_file(name, format!("cannot read: {}", io_reason(e)))
}

/// A reader that counts the bytes taken from it, for progress.
struct Counting<R> {
    inner: R,
    read: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.read += amt as u64;
        self.inner.consume(amt);
    }
}

/// The first byte that is not white space (or a byte-order mark), left unread.
fn first_byte<R: BufRead>(reader: &mut R) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        let Some(pos) = buf
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0xEF | 0xBB | 0xBF))
        else {
            if buf.is_empty() {
                return Ok(None);
            }
            let n = buf.len();
            reader.consume(n);
            continue;
        };
        let byte = buf[pos];
        reader.consume(pos);
        return Ok(Some(byte));
    }
}

fn syntax_error(name: &str, e: &serde_json::Error, after: usize) -> Diagnostic {
    let what = if e.is_eof() {
        "the JSON ends in the middle of a record (a cut-short file?)".to_string()
    } else {
        format!("malformed JSON: {}", strip_position(&e.to_string()))
    };
    Diagnostic {
        file: name.to_string(),
        line: e.line().max(1),
        column: e.column().max(1),
        message: format!("{what}; the {after} record(s) before it were read"),
        excerpt: None,
    }
}

/// serde_json's messages end with " at line L column C", which the diagnostic already says.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

fn read_lines<R: BufRead>(
    name: &str,
    reader: &mut Counting<R>,
    each: &mut impl FnMut(RawRecord, u64),
) -> Result<(), Diagnostic> {
    let mut line = String::new();
    let mut number = 0;
    let mut index = 0;
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| io_error(name, &e))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        each(
            RawRecord {
                position: Position {
                    index,
                    line: Some(number),
                },
                text: text.to_string(),
            },
            reader.read,
        );
        index += 1;
    }
}

fn read_objects<R: BufRead>(
    name: &str,
    reader: Counting<R>,
    each: &mut impl FnMut(RawRecord, u64),
) -> Result<(), Diagnostic> {
    let mut stream = serde_json::Deserializer::from_reader(reader).into_iter::<Box<RawValue>>();
    let mut index = 0;
    while let Some(next) = stream.next() {
        let raw = next.map_err(|e| syntax_error(name, &e, index))?;
        each(
            RawRecord {
                position: Position { index, line: None },
                text: raw.get().to_string(),
            },
            stream.byte_offset() as u64,
        );
        index += 1;
    }
    Ok(())
}

/// Walks the elements of a top-level array one at a time (a `Visitor` through
/// `deserialize_seq`), so the array is never held whole.
struct Elements<'a, F> {
    each: &'a mut F,
    count: &'a mut usize,
}

impl<'de, F: FnMut(RawRecord, u64)> Visitor<'de> for Elements<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of DSLD label records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            (self.each)(
                RawRecord {
                    position: Position {
                        index: *self.count,
                        line: None,
                    },
                    text: raw.get().to_string(),
                },
                0,
            );
            *self.count += 1;
        }
        Ok(())
    }
}

fn read_array<R: BufRead>(
    name: &str,
    reader: Counting<R>,
    each: &mut impl FnMut(RawRecord, u64),
) -> Result<(), Diagnostic> {
    use serde::Deserializer as _;
    let mut count = 0;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let done = (&mut de).deserialize_seq(Elements {
        each,
        count: &mut count,
    });
    done.and_then(|()| de.end())
        .map_err(|e| syntax_error(name, &e, count))
}

/// Why a record could not be read: where in the record, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The DSLD id, when the record has a readable one.
    pub id: Option<u64>,
    /// The JSON path of the problem (`ingredientRows[3].quantity[0].unit`); empty for the
    /// record as a whole.
    pub path: String,
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Parses one record's text. Most records are good: they are parsed once, plainly; a record
/// that fails is parsed again with its JSON path tracked, to say where it went wrong.
pub fn parse_record(text: &str) -> Result<Record, RecordError> {
    if let Ok(record) = serde_json::from_str::<Record>(text) {
        return Ok(record);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Record>(&mut de) {
        Ok(record) => Ok(record),
        Err(e) => {
            #[derive(serde::Deserialize)]
            struct IdOnly {
                id: Option<u64>,
            }
            let id = serde_json::from_str::<IdOnly>(text).ok().and_then(|r| r.id);
            let path = e.path().to_string();
            Err(RecordError {
                id,
                path,
                message: strip_position(&e.into_inner().to_string()).to_string(),
            })
        }
    }
}

/// The diagnostic for a record that could not be read.
pub fn record_diagnostic(file: &str, position: Position, error: &RecordError) -> Diagnostic {
    let id = error
        .id
        .map(|id| format!(" (DSLD id {id})"))
        .unwrap_or_default();
    Diagnostic {
        file: file.to_string(),
        line: position.line.unwrap_or(1),
        column: 1,
        message: format!("{position}{id}: {error}"),
        excerpt: None,
    }
}
