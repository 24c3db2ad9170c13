//! The paste box for label text, and reading it on a worker thread.

use std::sync::mpsc;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::import::{Imported, MAX_IMPORT_BYTES};
use crate::tui::app::{App, ImportJob, Popup, Waker};
use crate::tui::keys::Action;
use crate::tui::strings;

impl App {
    pub(crate) fn paste_key(&mut self, action: Option<Action>, key: KeyEvent) {
        self.popup = Some(Popup::Paste);
        match action {
            Some(Action::Cancel) => {
                self.popup = None;
                self.info(strings::PASTE_CANCELLED);
            }
            Some(Action::ReadPasted) => self.import_pasted(),
            _ if self.paste_box_bytes() + 4 > MAX_IMPORT_BYTES
                && matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab) =>
            {
                // Four bytes: the longest character a key can type.
                self.error(strings::paste_too_large(
                    self.paste_box_bytes() + 4,
                    MAX_IMPORT_BYTES,
                ));
            }
            _ => {
                self.paste_box.input(key);
            }
        }
    }

    pub(crate) fn importing_key(&mut self, action: Option<Action>) {
        if action == Some(Action::Cancel) {
            self.cancel_import();
            self.popup = Some(Popup::Paste);
            self.info(strings::IMPORT_CANCELLED);
        } else {
            self.popup = Some(Popup::Importing);
        }
    }

    /// The size of the paste box's text in bytes, as it would be imported.
    pub(crate) fn paste_box_bytes(&self) -> usize {
        let lines = self.paste_box.lines();
        lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
    }

    /// Starts reading the paste box on a worker thread, so the app keeps drawing and Esc can
    /// cancel. The result comes back through [`App::poll_workers`] (or
    /// [`App::wait_for_import`]).
    pub(crate) fn import_pasted(&mut self) {
        let text = self.paste_box.lines().join("\n");
        if text.trim().is_empty() {
            self.popup = Some(Popup::Paste);
            return self.error(strings::PASTE_EMPTY);
        }
        if self
            .cancelled_import
            .as_ref()
            .is_some_and(|worker| !worker.is_finished())
        {
            self.popup = Some(Popup::Paste);
            return self.error(strings::IMPORT_STILL_STOPPING);
        }
        self.cancelled_import = None;
        let (send, result) = mpsc::channel();
        let importer = self.importer;
        let waker = self.waker.clone();
        let started = std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let imported = importer(&text);
                // The receiver is gone when the import was cancelled: nothing to do then.
                if send.send(imported).is_ok()
                    && let Some(wake) = waker
                {
                    wake();
                }
            });
        match started {
            Ok(worker) => {
                self.import_job = Some(ImportJob { result, worker });
                self.popup = Some(Popup::Importing);
            }
            Err(e) => {
                self.popup = Some(Popup::Paste);
                self.error(strings::import_not_started(&crate::diagnostic::io_reason(
                    &e,
                )));
            }
        }
    }

    /// Whether an import is running (started and neither finished nor cancelled).
    pub fn import_running(&self) -> bool {
        self.import_job.is_some()
    }

    /// Stops waiting for the running import. Its thread cannot be stopped from outside; it
    /// runs to its end and its result is dropped.
    pub(crate) fn cancel_import(&mut self) {
        if let Some(job) = self.import_job.take() {
            self.cancelled_import = Some(job.worker);
        }
    }

    /// Takes the result of a worker that finished, if any. The event loop calls this when a
    /// worker wakes it.
    pub fn poll_workers(&mut self) {
        let Some(job) = &self.import_job else {
            return;
        };
        match job.result.try_recv() {
            Ok(imported) => {
                self.import_job = None;
                self.import_finished(imported);
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => self.import_failed(),
        }
    }

    /// Waits for the running import and takes its result: for callers without an event loop
    /// (tests, benchmarks).
    pub fn wait_for_import(&mut self) {
        let Some(job) = self.import_job.take() else {
            return;
        };
        match job.result.recv() {
            Ok(imported) => self.import_finished(imported),
            Err(_) => self.import_failed(),
        }
    }

    /// The worker ended without a result (it panicked): the text is still in the box.
    pub(crate) fn import_failed(&mut self) {
        self.import_job = None;
        self.popup = Some(Popup::Paste);
        self.error(strings::IMPORT_FAILED);
    }

    /// An import's result. Text with no amounts keeps the box open with the reason; a label
    /// with unsaved changes is only replaced after the user agrees.
    pub(crate) fn import_finished(&mut self, imported: Imported) {
        if imported.label.ingredients.is_empty() {
            self.popup = Some(Popup::Paste);
            return self.error(strings::nothing_imported(imported.unparsed.len()));
        }
        if self.label_dirty {
            self.pending_import = Some(imported);
            self.popup = Some(Popup::ConfirmImport);
        } else {
            self.apply_import(imported);
        }
    }

    pub(crate) fn apply_import(&mut self, imported: Imported) {
        let text_lines: Vec<String> = self.paste_box.lines().to_vec();
        self.import_report = strings::import_report(&imported, &text_lines);
        // Nothing imported is saved yet: quitting should ask.
        self.replace_form(&imported.label, true);
        self.popup = Some(Popup::ImportReport { scroll: 0 });
        self.info(strings::imported(
            imported.label.ingredients.len(),
            imported.unparsed.len(),
        ));
    }

    /// How workers wake the event loop.
    pub fn set_waker(&mut self, waker: Waker) {
        self.waker = Some(waker);
    }
}
