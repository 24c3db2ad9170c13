//! The terminal UI: a label form with live findings, an example browser, and a rules editor.
//!
//! The model ([`app::App`]) knows nothing of the terminal; [`view`] renders it; this module only
//! owns the terminal and the event loop. The loop blocks on the next event and redraws only
//! when something changed, so an idle app uses no CPU.

pub mod app;
pub mod form;
pub mod input;
pub mod strings;
pub mod theme;
pub mod view;

use std::io;
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

pub use app::{App, Options};

/// Runs the app until the user quits. The terminal is restored on return, on error and on
/// panic (ratatui's hook restores it before the panic message prints).
pub fn run(options: Options, theme: theme::Theme) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook (installed by try_init) leaves raw mode and the alternate screen; this one,
    // run first, also turns off bracketed paste and shows the cursor the app may have hidden.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste, Show);
        ratatui_hook(info);
    }));
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, App::new(options), &theme);
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(io::stdout(), Show);
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    mut app: App,
    theme: &theme::Theme,
) -> io::Result<()> {
    let mut redraw = Redraw::Yes;
    loop {
        if redraw != Redraw::No {
            terminal.draw(|frame| view::render(&app, theme, frame))?;
        }
        // Blocks until the next event: no polling, no busy loop.
        redraw = handle_event(&mut app, event::read()?);
        if matches!(redraw, Redraw::Resized) {
            // A window drag sends many resizes: take them all, then draw once.
            while event::poll(Duration::ZERO)? {
                handle_event(&mut app, event::read()?);
            }
            terminal.autoresize()?;
        }
        if app.should_quit {
            return Ok(());
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redraw {
    No,
    Yes,
    Resized,
}

fn handle_event(app: &mut App, event: Event) -> Redraw {
    // Only presses count: key releases and repeats (reported on Windows) are not new keys.
    if let Some(key) = event.as_key_press_event() {
        app.handle_key(key);
        return Redraw::Yes;
    }
    match event {
        Event::Paste(text) => {
            app.handle_paste(&text);
            Redraw::Yes
        }
        Event::Resize(_, _) => Redraw::Resized,
        _ => Redraw::No,
    }
}
