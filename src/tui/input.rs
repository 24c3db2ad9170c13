//! A single-line text input: the text and a cursor, edited by keys. No terminal in it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

/// The most characters a field takes: a label line is never longer, and it keeps a stuck key
/// or a huge paste from growing a field without bound.
pub const MAX_FIELD_CHARS: usize = 2_000;

impl TextInput {
    pub fn new(value: &str) -> Self {
        let value: String = value.chars().take(MAX_FIELD_CHARS).collect();
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

    pub fn insert_str(&mut self, text: &str) {
        // Pasted newlines and tabs become spaces: every field is one line.
        for ch in crate::escape::spaced(text).chars() {
            if self.value.chars().count() >= MAX_FIELD_CHARS {
                break;
            }
            let at = self.byte_index(self.cursor);
            self.value.insert(at, ch);
            self.cursor += 1;
        }
    }

    /// Applies an editing key; returns whether the text changed.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
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
            KeyCode::Char(c) if !ctrl => {
                self.insert_str(&c.to_string());
                true
            }
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
        }
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
        assert!(input.handle_key(key(KeyCode::Char('!'))));
        assert_eq!(input.value(), "µg!");
        input.handle_key(key(KeyCode::Home));
        input.handle_key(key(KeyCode::Delete));
        assert_eq!(input.value(), "g!");
        input.handle_key(key(KeyCode::End));
        input.handle_key(key(KeyCode::Backspace));
        assert_eq!(input.value(), "g");
        assert!(!input.handle_key(key(KeyCode::Left)));
    }

    #[test]
    fn pasted_control_characters_become_spaces_and_length_is_capped() {
        let mut input = TextInput::new("");
        input.insert_str("a\tb\nc");
        assert_eq!(input.value(), "a b c");
        input.insert_str(&"x".repeat(5_000));
        assert_eq!(input.value().chars().count(), MAX_FIELD_CHARS);
    }

    #[test]
    fn the_visible_window_follows_the_cursor() {
        let input = TextInput::new("abcdefghij");
        assert_eq!(input.visible(4), ("hij".to_string(), 3));
        assert_eq!(input.visible(0), (String::new(), 0));
    }
}
