//! The terminal UI: a label form with live findings, an example browser, and a rules editor.
//!
//! The model ([`app::App`]) knows nothing of the terminal; [`view`] renders it; this module only
//! owns the terminal and the event loop. The loop blocks on the next event and redraws only
//! when something changed, so an idle app uses no CPU.

pub mod app;
pub mod clipboard;
mod editing;
pub mod filter;
pub mod form;
pub mod input;
pub mod keys;
pub mod label_file;
pub mod mouse;
pub mod person;
pub mod popups;
pub mod profiles_file;
pub mod recovery;
mod save;
pub mod screens;
pub mod strings;
pub mod theme;
pub mod view;
pub mod wake;

use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, Event,
};
use ratatui::crossterm::execute;

pub use app::{App, Options};
use wake::{Stop, Wake};

/// Runs the app until the user quits. The terminal is restored on return, on error and on
/// panic (ratatui's hook restores it before the panic message prints).
///
/// When the app ends any other way — the terminal hangs up or cannot be read or drawn on,
/// SIGHUP or SIGTERM, a panic — unsaved edits are written to a recovery file
/// ([`recovery`]), which the next start offers to restore.
pub fn run(options: Options, theme: theme::Theme) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook (installed by try_init) leaves raw mode and the alternate screen; this one,
    // run first, also turns off bracketed paste and mouse reports and shows the cursor the app
    // may have hidden.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture,
            Show
        );
        ratatui_hook(info);
    }));
    let _ = execute!(
        io::stdout(),
        EnableBracketedPaste,
        mouse::EnableClickReports
    );
    let (wake, woken) = mpsc::channel();
    let mut app = App::new(options);
    app.hyperlinks = hyperlinks_supported(std::env::var("TERM").ok().as_deref());
    let worker_done = wake.clone();
    app.set_waker(Arc::new(move || {
        let _ = worker_done.send(Wake::Worker);
    }));
    if let Some(folder) = recovery::default_folder() {
        app.use_recovery_folder(folder);
    }
    let started = wake::read_terminal(wake.clone()).and_then(|()| wake::watch_for_hangup(&wake));
    let ended = match started {
        Ok(()) => std::panic::catch_unwind(AssertUnwindSafe(|| {
            event_loop(&mut terminal, &mut app, &theme, &woken)
        })),
        Err(e) => Ok(Ended::Failed(e)),
    };
    // Unsaved work is kept before the terminal is touched again: a terminal that has gone
    // makes every write to it fail, and nothing may stop the work from being kept.
    let why = match &ended {
        Ok(Ended::Quit) => None,
        Ok(Ended::Stopped(why)) => Some(strings::stopped(why)),
        Ok(Ended::Failed(e)) => Some(strings::terminal_failed(&e.to_string())),
        Err(_) => Some(strings::CRASHED.to_string()),
    };
    let message = why.and_then(|why| match app.keep_unsaved_work() {
        Ok(None) => None,
        Ok(Some(path)) => Some(strings::kept_unsaved_work(&why, &path)),
        Err(reason) => Some(strings::unsaved_work_lost(&why, &reason)),
    });
    // Errors are ignored here: ratatui's `restore` and the terminal's drop print them with
    // `eprintln!`, which panics when standard error is a terminal that has gone.
    let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
    if !matches!(ended, Ok(Ended::Quit)) {
        std::mem::forget(terminal);
    }
    if let Some(message) = message {
        // On a terminal that has gone nobody reads this; the next start tells instead.
        let _ = writeln!(io::stderr(), "{message}");
    }
    match ended {
        Ok(Ended::Quit) => Ok(()),
        Ok(Ended::Stopped(_)) => Ok(()),
        Ok(Ended::Failed(e)) => Err(e),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// How the event loop ended.
enum Ended {
    /// The user quit.
    Quit,
    Stopped(Stop),
    /// The terminal could not be drawn on.
    Failed(io::Error),
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: &theme::Theme,
    woken: &Receiver<Wake>,
) -> Ended {
    let mut redraw = true;
    loop {
        if redraw && let Err(e) = terminal.draw(|frame| view::render(app, theme, frame)) {
            return Ended::Failed(e);
        }
        // Sleeps until the next event: no polling, no busy loop. Every sender gone means
        // nothing can wake this loop again.
        let Ok(first) = woken.recv() else {
            return Ended::Stopped(Stop::Unreadable(String::new()));
        };
        redraw = false;
        let mut resized = false;
        let mut next = Some(first);
        // A window drag sends many resizes, a paste many keys: take every message already
        // waiting, then draw once.
        while let Some(message) = next {
            match message {
                Wake::Terminal(event) => match handle_event(app, event) {
                    Redraw::No => {}
                    Redraw::Yes => redraw = true,
                    Redraw::Resized => {
                        redraw = true;
                        resized = true;
                    }
                },
                Wake::Worker => {
                    app.poll_workers();
                    redraw = true;
                }
                Wake::Stop(why) => return Ended::Stopped(why),
            }
            if app.should_quit {
                return Ended::Quit;
            }
            if let Some(sequence) = app.take_clipboard() {
                let mut out = io::stdout();
                if let Err(e) = out
                    .write_all(sequence.as_bytes())
                    .and_then(|()| out.flush())
                {
                    return Ended::Failed(e);
                }
            }
            next = woken.try_recv().ok();
        }
        if resized && let Err(e) = terminal.autoresize() {
            return Ended::Failed(e);
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
        Event::Mouse(mouse) if app.handle_mouse(mouse) => Redraw::Yes,
        _ => Redraw::No,
    }
}

/// Whether links are sent as terminal hyperlinks (OSC 8). Terminals that do not know OSC 8
/// ignore it, as the standard for such sequences asks, so it is on except where it is known
/// to show as stray text: no `TERM`, `TERM=dumb`, and the Linux console. `NO_COLOR` does
/// not turn it off: it is about colour, and a link looks like the text around it.
pub fn hyperlinks_supported(term: Option<&str>) -> bool {
    !matches!(term, None | Some("" | "dumb" | "linux"))
}

#[cfg(test)]
mod tests {
    use super::hyperlinks_supported;

    #[test]
    fn hyperlinks_are_off_only_where_they_would_show_as_text() {
        for term in [
            "xterm-256color",
            "tmux-256color",
            "screen",
            "alacritty",
            "wezterm",
        ] {
            assert!(hyperlinks_supported(Some(term)), "{term}");
        }
        for term in [None, Some(""), Some("dumb"), Some("linux")] {
            assert!(!hyperlinks_supported(term), "{term:?}");
        }
    }
}
