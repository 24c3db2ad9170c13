//! A single-line text input: the text and a cursor, edited by keys. No terminal in it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

/// The most characters a field grows to by typing or pasting: a label line is never longer,
/// and it keeps a stuck key or a huge paste from growing a field without bound.
pub const MAX_FIELD_CHARS: usize = 2_000;

/// Text that was not taken because the field would grow past [`MAX_FIELD_CHARS`]. Nothing of
/// it was inserted: a field never holds half a paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    pub limit: usize,
    /// How long the field would have been, in characters.
    pub would_be: usize,
}

impl TextInput {
    /// An input holding `value`, whole: a value loaded from a file may be longer than what
    /// typing reaches, and opening it to edit must never cut it.
    pub fn new(value: &str) -> Self {
        let value = value.to_string();
        let cursor = value.chars().count();
        TextInput { value, cursor }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Inserts text at the cursor, all of it or, when the field would grow past
    /// [`MAX_FIELD_CHARS`], none of it. Returns whether the text changed.
    pub fn insert_str(&mut self, text: &str) -> Result<bool, TooLong> {
        // Pasted newlines and tabs become spaces, and invisible characters are shown: every
        // field is one line of plain text.
        let clean = crate::escape::spaced(text);
        let added = clean.chars().count();
        if added == 0 {
            return Ok(false);
        }
        let would_be = self.value.chars().count() + added;
        if would_be > MAX_FIELD_CHARS {
            return Err(TooLong {
                limit: MAX_FIELD_CHARS,
                would_be,
            });
        }
        let at = self.byte_index(self.cursor);
        self.value.insert_str(at, &clean);
        self.cursor += added;
        Ok(true)
    }

    /// Applies an editing key; returns whether the text changed, or why a typed character was
    /// not taken.
    pub fn handle_key(&mut self, key: KeyEvent) -> Result<bool, TooLong> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        Ok(match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.value.is_empty();
                self.value.clear();
                self.cursor = 0;
                changed
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                false
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.value.chars().count();
                false
            }
            KeyCode::Char(c) if !ctrl => return self.insert_str(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_index(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
                true
            }
            KeyCode::Delete if self.cursor < self.value.chars().count() => {
                let at = self.byte_index(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.value.chars().count());
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = self.value.chars().count();
                false
            }
            _ => false,
        })
    }

    /// The part of the text to show in `width` columns, keeping the cursor visible, and the
    /// cursor's column within it.
    pub fn visible(&self, width: usize) -> (String, usize) {
        window(&self.value, self.cursor, width)
    }
}

/// The `width`-column window of `text` that shows the cursor (a char index), and the cursor's
/// column inside it.
pub fn window(text: &str, cursor: usize, width: usize) -> (String, usize) {
    if width == 0 {
        return (String::new(), 0);
    }
    let cursor = cursor.min(text.chars().count());
    let start = cursor.saturating_sub(width.saturating_sub(1));
    let shown: String = text.chars().skip(start).take(width).collect();
    (shown, cursor - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_and_deleting_work_with_multibyte_text() {
        let mut input = TextInput::new("µg");
        assert_eq!(input.handle_key(key(KeyCode::Char('!'))), Ok(true));
        assert_eq!(input.value(), "µg!");
        assert_eq!(input.handle_key(key(KeyCode::Home)), Ok(false));
        assert_eq!(input.handle_key(key(KeyCode::Delete)), Ok(true));
        assert_eq!(input.value(), "g!");
        assert_eq!(input.handle_key(key(KeyCode::End)), Ok(false));
        assert_eq!(input.handle_key(key(KeyCode::Backspace)), Ok(true));
        assert_eq!(input.value(), "g");
        assert_eq!(input.handle_key(key(KeyCode::Left)), Ok(false));
    }

    #[test]
    fn pasted_control_characters_become_spaces() {
        let mut input = TextInput::new("");
        assert_eq!(input.insert_str("a\tb\nc"), Ok(true));
        assert_eq!(input.value(), "a b c");
        assert_eq!(input.cursor(), 5);
    }

    #[test]
    fn text_that_would_pass_the_limit_is_refused_whole_never_cut() {
        let mut input = TextInput::new("abc");
        let err = input.insert_str(&"x".repeat(MAX_FIELD_CHARS)).unwrap_err();
        assert_eq!(
            err,
            TooLong {
                limit: MAX_FIELD_CHARS,
                would_be: MAX_FIELD_CHARS + 3
            }
        );
        assert_eq!(input.value(), "abc", "nothing of the paste was taken");
        assert_eq!(input.insert_str(&"x".repeat(MAX_FIELD_CHARS - 3)), Ok(true));
        assert!(input.handle_key(key(KeyCode::Char('y'))).is_err());
        assert_eq!(input.value().chars().count(), MAX_FIELD_CHARS);
        // A longer value loaded from a file is kept whole; it may shrink, not grow.
        let long = "é".repeat(MAX_FIELD_CHARS + 500);
        let mut input = TextInput::new(&long);
        assert_eq!(input.value(), long);
        assert!(input.handle_key(key(KeyCode::Char('y'))).is_err());
        assert_eq!(input.handle_key(key(KeyCode::Backspace)), Ok(true));
        assert_eq!(input.value().chars().count(), MAX_FIELD_CHARS + 499);
    }

    #[test]
    fn the_visible_window_follows_the_cursor() {
        let input = TextInput::new("abcdefghij");
        assert_eq!(input.visible(4), ("hij".to_string(), 3));
        assert_eq!(input.visible(0), (String::new(), 0));
    }
}
