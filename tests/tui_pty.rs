//! The real binary in a pseudo-terminal: type a label, see the caution, load an example, edit
//! a threshold, save the rules, quit — and check rules.toml on disk.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";
const ENTER: &str = "\r";
const CTRL_U: &str = "\x15";
const CTRL_S: &str = "\x13";

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("non-zero")
}

struct Session {
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the app wrote, for what the screen does not show (OSC 52, OSC 8).
    raw: Arc<Mutex<Vec<u8>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    /// Asks the thread reading the app's output to stop (and close its end of the terminal).
    stop_reading: Arc<AtomicBool>,
    reading: std::thread::JoinHandle<()>,
}

impl Session {
    fn start(dir: &std::path::Path) -> Session {
        Session::start_with(dir, &[])
    }

    fn start_with(dir: &std::path::Path, env: &[(&str, &str)]) -> Session {
        Session::start_command(dir, &[env!("CARGO_BIN_EXE_labelcheck")], env)
    }

    /// Runs `argv` in a 120×40 pseudo-terminal in `dir`. The app's data folder (where it keeps
    /// unsaved work) is `dir/data` and its config folder (saved rules) `dir/config`, never the
    /// user's own.
    fn start_command(dir: &std::path::Path, argv: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::from_argv(argv.iter().map(Into::into).collect());
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", dir);
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env_remove("LABELCHECK_RULES");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawns");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nonzero(40), nonzero(120), 0)));
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buf[..n]);
                }
                if let Ok(mut raw) = raw_sink.lock() {
                    raw.extend_from_slice(&buf[..n]);
                }
            }
        });
        Session {
            writer,
            screen,
            raw,
            child,
            master: pty.master,
            stop_reading,
            reading,
        }
    }

    /// Closes the terminal under the app, as closing its window does: every handle on the
    /// pseudo-terminal's master side is dropped. `redraw_key` makes the app draw, so that the
    /// reading thread wakes, sees it must stop and lets go of its handle.
    fn hang_up(mut self, redraw_key: &str) -> Box<dyn portable_pty::Child + Send + Sync> {
        self.stop_reading.store(true, Ordering::SeqCst);
        self.send(redraw_key);
        self.reading.join().expect("the reading thread ends");
        drop(self.writer);
        drop(self.master);
        self.child
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Let the reader thread take the last bytes the app wrote.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The terminal as the shell gets it back: main screen, cursor shown, and (on Unix) the
    /// line discipline in cooked mode with echo.
    fn assert_restored(&self) {
        let parser = self.screen.lock().expect("screen");
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            parser.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reports are still on"
        );
        #[cfg(unix)]
        {
            use nix::sys::termios::LocalFlags;
            let termios = self.master.get_termios().expect("termios");
            assert!(
                termios.local_flags.contains(LocalFlags::ICANON),
                "not in cooked (canonical) mode"
            );
            assert!(
                termios.local_flags.contains(LocalFlags::ECHO),
                "echo is off"
            );
        }
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!(
            "timed out waiting for {text:?}; the screen shows:\n{}",
            self.contents()
        );
    }
}

#[test]
fn a_user_types_a_label_loads_an_example_edits_a_threshold_and_saves_the_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(dir.path());
    s.wait_for("1 Label");

    // A label with 12,000 IU of vitamin D3.
    s.send("a");
    s.wait_for("Vitamin D3");
    s.send(DOWN);
    s.send(ENTER); // Vitamin D3; the amount column is next
    s.send(RIGHT);
    s.send(ENTER); // unit picker
    s.send(UP);
    s.send(ENTER); // IU
    s.send(LEFT);
    s.send(ENTER);
    s.send("12000");
    s.send(ENTER);
    s.wait_for("caution Vitamin D above the caution level");
    s.wait_for("12,000 IU/day of vitamin D is above the 10,000 IU/day");

    // Load an example over it (the typed label is unsaved, so the app asks).
    s.send("2");
    s.wait_for("Examples (14)");
    s.send(DOWN);
    s.send(DOWN);
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("Load example?");
    s.send("y");
    s.wait_for("Loaded example d3-5000-k2-mk7-olive-softgel.toml");

    // Lower the caution level to 5,000 IU and save.
    s.send("3");
    s.wait_for("Parameters: d-above-caution");
    s.send(ENTER);
    s.send(DOWN);
    s.send(DOWN);
    s.send(ENTER);
    s.send(CTRL_U);
    s.send("5000");
    s.send(ENTER);
    s.wait_for("caution d-above-caution");
    s.send(CTRL_S);
    s.wait_for("Saved rules to");

    // Everything is saved, so q quits at once.
    s.send("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = s.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the app did not quit:\n{}",
            s.contents()
        );
        std::thread::sleep(Duration::from_millis(25));
    };
    assert!(status.success(), "exit status {status:?}");

    // The built-in rules are saved as the user's own, in the config folder; nothing is written
    // where the app was started (which may be the source tree, whose rules.toml is built in).
    assert!(!dir.path().join("rules.toml").exists());
    let saved_path = dir.path().join("config/labelcheck/rules.toml");
    let saved = std::fs::read_to_string(&saved_path).expect("saved rules written");
    assert!(
        saved.contains("limit = 5000                # IU/day; the IOM's no-observed-adverse-effect level (NOAEL)"),
        "the new limit with its comment:\n{saved}"
    );
    let original = labelcheck::rules::DEFAULT_RULES_TOML;
    let differing: Vec<_> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        differing.len(),
        1,
        "only the edited line changed: {differing:?}"
    );
    assert_eq!(original.lines().count(), saved.lines().count());

    // The next commands use the saved rules and say so.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_labelcheck"))
        .args(["rules"])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("LABELCHECK_RULES")
        .output()
        .expect("runs");
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.contains("your saved rules") && listing.contains("above 5,000 IU/day"),
        "{listing}"
    );
}

#[test]
fn quitting_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(dir.path());
    s.wait_for("1 Label");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn a_panic_inside_the_app_still_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start_with(dir.path(), &[("LABELCHECK_TEST_PANIC_KEY", "!")]);
    s.wait_for("1 Label");
    // While the app runs the terminal is raw and on the alternate screen: the checks below
    // see a real change.
    assert!(s.screen.lock().expect("screen").screen().alternate_screen());
    #[cfg(unix)]
    {
        let termios = s.master.get_termios().expect("termios");
        assert!(
            !termios
                .local_flags
                .contains(nix::sys::termios::LocalFlags::ICANON),
            "raw mode while running"
        );
    }
    s.send("!");
    let status = s.wait_exit();
    assert!(
        !status.success(),
        "the app panicked, so it must not report success"
    );
    s.assert_restored();
    s.wait_for("test panic requested");
}

/// Waits for a process that lost its terminal; the deadline only keeps a hang from blocking
/// the test run.
fn wait_gone(child: &mut Box<dyn portable_pty::Child + Send + Sync>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the app did not exit after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Adds 12,000 IU of vitamin D3 and leaves it unsaved.
fn type_an_unsaved_label(s: &mut Session) {
    s.send("a");
    s.wait_for("Vitamin D3");
    s.send(DOWN);
    s.send(ENTER);
    s.send(RIGHT);
    s.send(ENTER);
    s.send(UP);
    s.send(ENTER); // IU
    s.send(LEFT);
    s.send(ENTER);
    s.send("12000");
    s.send(ENTER);
    s.wait_for("caution Vitamin D above the caution level");
    s.wait_for("label unsaved");
}

fn recovery_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    labelcheck::tui::recovery::files_in(&dir.join("data").join("labelcheck"))
}

/// The terminal goes away under an app with unsaved work: it exits at once (no spinning),
/// keeps the work, and the next start restores it.
fn the_terminal_goes_away(argv_prefix: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut argv = argv_prefix.to_vec();
    argv.push(env!("CARGO_BIN_EXE_labelcheck"));
    let mut s = Session::start_command(dir.path(), &argv, &[]);
    s.wait_for("1 Label");
    type_an_unsaved_label(&mut s);
    let mut child = s.hang_up("?");
    wait_gone(&mut child);
    let kept = recovery_files(dir.path());
    assert_eq!(kept.len(), 1, "one recovery file: {kept:?}");
    let text = std::fs::read_to_string(&kept[0]).expect("read");
    assert!(text.contains("amount = \"12000\""), "{text}");

    let mut next = Session::start(dir.path());
    next.wait_for("Restore unsaved work?");
    next.send("y");
    next.wait_for("Unsaved work restored");
    next.wait_for("12,000 IU/day of vitamin D is above the 10,000 IU/day");
    assert!(
        recovery_files(dir.path()).is_empty(),
        "restored work is not offered again"
    );
    next.send("\x03"); // Ctrl-C: unsaved, so the app asks
    next.wait_for("Quit without saving?");
    next.send("y");
    assert!(next.wait_exit().success());
}

#[test]
fn closing_the_terminal_keeps_unsaved_work_and_the_next_start_restores_it() {
    the_terminal_goes_away(&[]);
}

#[test]
fn closing_the_terminal_with_sighup_ignored_ends_the_app_at_once_and_keeps_the_work() {
    // As under nohup: the app starts with SIGHUP ignored.
    the_terminal_goes_away(&["sh", "-c", "trap '' HUP; exec \"$0\""]);
}

#[test]
fn closing_the_terminal_with_sighup_blocked_is_still_noticed() {
    // No signal arrives at all: only the terminal itself says it hung up. (Before, the app
    // spun at 100 % CPU here for ever.) perl is part of every Debian-like system; without it
    // there is nothing to run this with.
    if std::process::Command::new("perl")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("perl not found: skipped");
        return;
    }
    the_terminal_goes_away(&[
        "perl",
        "-MPOSIX",
        "-e",
        "sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGHUP)) or die; exec @ARGV or die",
    ]);
}

#[cfg(unix)]
#[test]
fn sigterm_keeps_unsaved_work_restores_the_terminal_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(dir.path());
    s.wait_for("1 Label");
    type_an_unsaved_label(&mut s);
    let pid = s.child.process_id().expect("a pid");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("signal");
    s.wait_exit();
    s.assert_restored();
    s.wait_for("labelcheck ended because it was stopped (SIGTERM); unsaved work was kept in");
    assert_eq!(recovery_files(dir.path()).len(), 1);
}

impl Session {
    /// Where `text` is on the screen: (column, row), counted from 0.
    fn position_of(&self, text: &str) -> (usize, usize) {
        let contents = self.contents();
        contents
            .lines()
            .enumerate()
            .find_map(|(y, row)| row.find(text).map(|b| (row[..b].chars().count(), y)))
            .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{contents}"))
    }

    /// A left click at (column, row), as a terminal reports it in SGR mouse mode (1-based).
    fn click(&mut self, (x, y): (usize, usize)) {
        self.send(&format!(
            "\x1b[<0;{};{}M\x1b[<0;{};{}m",
            x + 1,
            y + 1,
            x + 1,
            y + 1
        ));
    }

    /// One notch of the wheel down at (column, row).
    fn wheel_down(&mut self, (x, y): (usize, usize)) {
        self.send(&format!("\x1b[<65;{};{}M", x + 1, y + 1));
    }

    /// Text pasted with bracketed paste.
    fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }
}

#[test]
fn the_mouse_clicks_tabs_and_rows_and_the_wheel_scrolls_and_pasted_text_arrives_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(dir.path());
    s.wait_for("1 Label");
    assert_ne!(
        s.screen
            .lock()
            .expect("screen")
            .screen()
            .mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the app asks for mouse reports"
    );

    // A click on a tab shows its screen.
    let rules_tab = s.position_of("3 Rules");
    s.click(rules_tab);
    s.wait_for("Parameters: ");
    let examples_tab = s.position_of("2 Examples");
    s.click(examples_tab);
    s.wait_for("Examples (14)");

    // A click on an example selects it (its preview shows); the wheel moves on to the next.
    let row = s.position_of("D3 50,000 IU");
    s.click(row);
    s.wait_for("d3-50000-weekly-capsule.toml (built-in)");
    s.wheel_down(row);
    s.wait_for("d3-k2-iu-mismatch-softgel.toml (built-in)");

    // Bracketed paste into the paste box: the lines arrive whole, then are read into the form.
    let label_tab = s.position_of("1 Label");
    s.click(label_tab);
    s.wait_for("Label");
    s.send("p");
    s.wait_for("Paste label text");
    s.paste("Supplement Facts\rServing Size 1 Softgel\rVitamin D3 (as cholecalciferol) 125 mcg (5,000 IU)\rVitamin K2 (as MK-7) 100 mcg");
    s.wait_for("Vitamin K2 (as MK-7) 100 mcg");
    s.send("\x04"); // Ctrl-D reads it
    s.wait_for("What was read");
    s.send("\x1b");
    s.wait_for("5,000 IU");

    // A click on the Name field, Enter, and a paste into it.
    let name = s.position_of("Name ");
    s.click(name);
    s.send(ENTER);
    s.send("\x15"); // Ctrl-U clears it
    s.paste("Pasted D3 + K2");
    s.send(ENTER);
    s.wait_for("Pasted D3 + K2");

    // A click on a finding selects it and shows its detail.
    let finding = s.position_of("notice  Vitamin D above");
    s.click(finding);
    s.wait_for("y copy");
    s.send("y");
    s.wait_for("Copied d-above-ul (OSC 52");
    let written = String::from_utf8_lossy(&s.raw.lock().expect("output")).into_owned();
    let start = written
        .find("\x1b]52;c;")
        .expect("an OSC 52 sequence was written");
    let end = start + written[start..].find('\x07').expect("ended by BEL");
    let copied =
        labelcheck::tui::clipboard::decode_osc52(&written[start..=end]).expect("base64 text");
    assert!(
        copied.starts_with("notice d-above-ul") && copied.contains("Sources"),
        "{copied}"
    );
    // Clicks and the wheel are asked for, pointer movement is not (it would wake the app for
    // nothing).
    assert!(written.contains("\x1b[?1000h") && written.contains("\x1b[?1006h"));
    assert!(!written.contains("\x1b[?1003h") && !written.contains("\x1b[?1002h"));
    // The detail's links went out as hyperlinks (TERM is xterm-256color here).
    assert!(
        written.contains("\x1b]8;;https://"),
        "no OSC 8 hyperlink written"
    );
    s.send("q");
    s.wait_for("Quit?");
    s.send("y");
    assert!(s.wait_exit().success());
    s.assert_restored();
}
