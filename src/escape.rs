//! Text from input, made safe to show.
//!
//! A label name, a file path, a claim, an error message or a rules file's rationale can hold
//! characters a terminal acts on instead of showing: escape sequences that set the window
//! title, clear the screen or plant a hyperlink, a newline that starts what looks like another
//! report entry, bidi overrides that show text in another order than it is stored, and
//! zero-width characters that hide a difference. Everything printed from input goes through
//! [`visible`] first.
//!
//! The convention (documented in README.md): each such character is written as Rust writes it
//! in a string, `\u{…}` with its code point in lower-case hex (`\u{1b}`, `\u{202e}`), except
//! the three everybody knows: `\n`, `\r` and `\t`. Everything else — including non-ASCII
//! letters, µ and emoji — is shown as it is. Backslashes are not doubled, so the result is for
//! reading, not for parsing back.

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is: C0 controls (including newline and
/// tab), DEL, C1 controls, bidi embeddings, overrides, isolates and marks, zero-width and
/// invisible characters, and the Unicode line and paragraph separators (some terminals and
/// editors start a new line at them).
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        // C0, DEL and C1: `char::is_control`.
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Soft hyphen: invisible unless a line breaks there.
        | '\u{ad}'
        // Arabic letter mark (a bidi mark).
        | '\u{61c}'
        // Mongolian vowel separator (zero-width in current Unicode).
        | '\u{180e}'
        // Zero-width space, non-joiner, joiner; left-to-right and right-to-left marks.
        | '\u{200b}'..='\u{200f}'
        // Line and paragraph separators; bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
        | '\u{2028}'..='\u{202e}'
        // Word joiner, invisible operators, bidi isolates (LRI, RLI, FSI, PDI), deprecated
        // format characters.
        | '\u{2060}'..='\u{206f}'
        // Zero-width no-break space (also the byte-order mark).
        | '\u{feff}'
        // Interlinear annotation characters.
        | '\u{fff9}'..='\u{fffb}'
    )
}

/// `text` with every [hidden](is_hidden) character written visibly (`\u{1b}`, `\n`), borrowed
/// unchanged when there is none — the common case costs one scan.
pub fn visible(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(is_hidden) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends one character, escaped if it is [hidden](is_hidden).
pub fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_hidden(c) => {
            use std::fmt::Write;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `text` for a one-line input field: every [hidden](is_hidden) character becomes a space, so
/// that a pasted newline or tab separates words and nothing invisible is kept. Used by the
/// app's text fields, where an escape would be typed text the user did not mean.
pub fn spaced(text: &str) -> Cow<'_, str> {
    if !text.contains(is_hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_hidden(c) { ' ' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_shown_as_escapes() {
        assert_eq!(visible("\x1b]0;pwned\x07"), "\\u{1b}]0;pwned\\u{7}");
        assert_eq!(visible("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(visible("\u{7f}\u{85}\u{9b}"), "\\u{7f}\\u{85}\\u{9b}");
    }

    #[test]
    fn bidi_and_zero_width_characters_are_shown_as_escapes() {
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("D\u{200b}3"), "D\\u{200b}3");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(visible("\u{feff}name"), "\\u{feff}name");
        assert_eq!(visible("a\u{2028}b"), "a\\u{2028}b");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in [
            "Vitamin D3 25 µg (1,000 IU)",
            "Ölbasis — 日本語 ✓",
            "C:\\labels",
            "",
        ] {
            assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn fields_get_spaces_instead() {
        assert_eq!(spaced("a\tb\nc\u{202e}d"), "a b c d");
        assert!(matches!(spaced("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn every_control_character_is_hidden() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if c.is_control() {
                assert!(is_hidden(c), "{:x}", c as u32);
            }
        }
    }
}
