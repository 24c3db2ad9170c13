//! What wakes the UI thread, all through one channel: terminal events (read on a thread of
//! their own), a worker that finished, and the reasons to stop — the terminal could not be
//! read, it hung up, or a signal (SIGHUP, SIGTERM) asked the app to end. The UI thread sleeps
//! in `recv` until one of them comes: it never polls.

use std::io;
use std::sync::mpsc::Sender;
use std::thread;

use ratatui::crossterm::event::{self, Event};

/// A message to the UI thread.
#[derive(Debug)]
pub enum Wake {
    Terminal(Event),
    /// A worker (an import) has a result.
    Worker,
    Stop(Stop),
}

/// Why the app must end although the user did not quit. Unsaved work is kept for the next
/// start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The terminal cannot be read: end of input or an error (the reason).
    Unreadable(String),
    /// The terminal hung up (its window closed, its connection dropped), seen as SIGHUP or by
    /// the hang-up watch.
    HangUp,
    /// SIGTERM.
    Terminated,
}

/// Reads terminal events on their own thread and sends them on. An error ends the thread
/// with [`Stop::Unreadable`].
pub fn read_terminal(wake: Sender<Wake>) -> io::Result<()> {
    thread::Builder::new()
        .name("terminal input".into())
        .spawn(move || {
            loop {
                let (message, last) = match event::read() {
                    Ok(event) => (Wake::Terminal(event), false),
                    Err(e) => (Wake::Stop(Stop::Unreadable(e.to_string())), true),
                };
                if wake.send(message).is_err() || last {
                    return;
                }
            }
        })
        .map(drop)
}

/// Sends [`Stop::HangUp`] on SIGHUP and [`Stop::Terminated`] on SIGTERM, and watches the
/// terminal for a hang-up that comes without a signal (SIGHUP blocked, or not sent to this
/// process). Without the watch, crossterm's reader spins at 100 % CPU on a terminal that has
/// gone: it reads end-of-input again and again and never returns.
///
/// SIGHUP is handled even when it was ignored at start (`nohup`): this app has no use without
/// its terminal, and ending with unsaved work kept beats spinning.
#[cfg(unix)]
pub fn watch_for_hangup(wake: &Sender<Wake>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    let to_ui = wake.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let stop = if signal == SIGHUP {
                    Stop::HangUp
                } else {
                    Stop::Terminated
                };
                let _ = to_ui.send(Wake::Stop(stop));
            }
        })?;
    let to_ui = wake.clone();
    thread::Builder::new()
        .name("hang-up watch".into())
        .spawn(move || {
            if wait_for_hangup(&io::stdin()) {
                let _ = to_ui.send(Wake::Stop(Stop::HangUp));
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn watch_for_hangup(_wake: &Sender<Wake>) -> io::Result<()> {
    Ok(())
}

/// Sleeps until `terminal` hangs up; `false` if that cannot be watched. `poll` asked for no
/// event still reports a hang-up (and errors), and nothing else: no wake-up per key.
#[cfg(unix)]
pub fn wait_for_hangup(terminal: &impl std::os::fd::AsFd) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    loop {
        let mut fds = [PollFd::new(terminal, PollFlags::empty())];
        match poll(&mut fds, None) {
            Ok(_) => {
                return fds[0]
                    .revents()
                    .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL);
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_watch_wakes_when_the_terminal_hangs_up_and_not_before() {
        let pty = nix::pty::openpty(None, None).expect("a pseudo-terminal");
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let slave = pty.slave;
        std::thread::spawn(move || {
            let _ = done_tx.send(wait_for_hangup(&slave));
        });
        // Input on the terminal is not a hang-up.
        nix::unistd::write(&pty.master, b"q").expect("type");
        assert!(
            done_rx
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "woke without a hang-up"
        );
        drop(pty.master);
        let woke = done_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("woke after the hang-up");
        assert!(woke);
    }
}
