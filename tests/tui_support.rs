//! Helpers the app's test modules share: keys pressed into the model, and a frame drawn
//! without colour on a test backend.

use labelcheck::tui::app::App;
use labelcheck::tui::theme::Theme;
use labelcheck::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key, without modifiers.
pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Ctrl with a letter.
pub fn ctrl(app: &mut App, ch: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL));
}

/// Each character of `text` as a key.
pub fn typ(app: &mut App, text: &str) {
    for ch in text.chars() {
        press(app, KeyCode::Char(ch));
    }
}

/// The frame the app draws at `width`×`height`, without colour.
pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| view::render(app, &Theme { color: false }, frame))
        .expect("draws");
    terminal
}
