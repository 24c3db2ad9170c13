//! The mouse: a click on a tab shows its screen, a click on a row selects it, the wheel scrolls
//! the list or text under the pointer. The view records where it drew what ([`HitMap`], kept
//! in the model from the last draw), so a click maps to what is on screen.

use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::app::{App, LabelPane, Popup, RulesPane, Screen};
use super::form::Column;
use super::keys::Action;

/// What is drawn somewhere on screen, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Tab(Screen),
    /// A line of the label form: the form row (index into [`App::form_rows`]) and, on an
    /// ingredient's line, the column under the pointer.
    FormRow(usize, Option<Column>),
    /// The label form's pane (for the wheel).
    Form,
    Finding(usize),
    Findings,
    Detail,
    Example(usize),
    Examples,
    Rule(usize),
    Rules,
    Param(usize),
    Params,
    /// The help, the import report: text popups the wheel scrolls.
    PopupText,
    /// An option of an open picker.
    PickerOption(usize),
    Picker,
}

impl Region {
    fn in_popup(self) -> bool {
        matches!(
            self,
            Region::PopupText | Region::PickerOption(_) | Region::Picker
        )
    }
}

/// Where the last draw put each region, in drawing order (later ones are on top).
#[derive(Debug, Clone, Default)]
pub struct HitMap {
    areas: Vec<(Rect, Region)>,
    /// How far the finding's detail scrolls: until its last line is at the bottom of the pane.
    /// The view lays the text out, so only the last draw knows.
    pub detail_max_scroll: Option<u16>,
    /// The same for the help.
    pub help_max_scroll: Option<u16>,
}

impl HitMap {
    pub fn clear(&mut self) {
        self.areas.clear();
        self.detail_max_scroll = None;
        self.help_max_scroll = None;
    }

    pub fn add(&mut self, area: Rect, region: Region) {
        if area.width > 0 && area.height > 0 {
            self.areas.push((area, region));
        }
    }

    /// Rows of a list drawn in `area` (one line each), from row `offset` of `rows`.
    pub fn add_rows(
        &mut self,
        area: Rect,
        offset: usize,
        rows: &[usize],
        row: fn(usize) -> Region,
    ) {
        for (line, index) in rows
            .iter()
            .skip(offset)
            .take(area.height as usize)
            .enumerate()
        {
            self.add(
                Rect::new(area.x, area.y + line as u16, area.width, 1),
                row(*index),
            );
        }
    }

    /// The topmost region at `(column, row)`; with `popup_only`, only a popup's.
    pub fn at(&self, column: u16, row: u16, popup_only: bool) -> Option<Region> {
        let at = Position::new(column, row);
        self.areas
            .iter()
            .rev()
            .filter(|(_, r)| !popup_only || r.in_popup())
            .find(|(area, _)| area.contains(at))
            .map(|(_, r)| *r)
    }
}

/// Lines the wheel scrolls a text pane by, per notch.
const WHEEL_LINES: usize = 3;

impl App {
    /// Handles a mouse event; returns whether anything changed (and the screen must be drawn).
    pub fn handle_mouse(&mut self, event: MouseEvent) -> bool {
        let down = match event.kind {
            MouseEventKind::Down(MouseButton::Left) => None,
            MouseEventKind::ScrollDown => Some(true),
            MouseEventKind::ScrollUp => Some(false),
            _ => return false,
        };
        let region = self
            .hits
            .borrow()
            .at(event.column, event.row, self.popup.is_some());
        let Some(region) = region else {
            return false;
        };
        match down {
            None => self.click(region),
            Some(down) => self.wheel(region, down),
        }
        true
    }

    fn click(&mut self, region: Region) {
        if let Some(popup) = self.popup.take() {
            match (region, popup) {
                (Region::PickerOption(i), Popup::Pick(mut picker)) => {
                    picker.selected = i;
                    self.picker_key(picker, Some(Action::Choose));
                }
                (_, popup) => self.popup = Some(popup),
            }
            return;
        }
        // A click elsewhere leaves the field being typed into, as Tab does.
        if self.editing.is_some() {
            self.edit_key(Some(Action::LeaveField), KeyEvent::from(KeyCode::Tab));
            if self.editing.is_some() || self.popup.is_some() {
                return;
            }
        }
        self.example_filter.typing = false;
        self.rule_filter.typing = false;
        self.status = None;
        match region {
            Region::Tab(screen) => self.screen = screen,
            Region::FormRow(row, column) => {
                self.label_pane = LabelPane::Form;
                self.form_row = row.min(self.form_rows().len() - 1);
                if let Some(column) = column {
                    self.form_column = column;
                }
            }
            Region::Form => self.label_pane = LabelPane::Form,
            Region::Finding(i) => {
                self.label_pane = LabelPane::Findings;
                if i != self.finding_selected {
                    self.finding_selected = i;
                    self.detail_scroll = 0;
                }
            }
            Region::Findings => self.label_pane = LabelPane::Findings,
            Region::Detail => self.label_pane = LabelPane::Detail,
            Region::Example(i) => self.example_selected = i,
            Region::Rule(i) => {
                self.rules_pane = RulesPane::List;
                if i != self.rule_selected {
                    self.rule_selected = i;
                    self.param_selected = 0;
                }
            }
            Region::Rules => self.rules_pane = RulesPane::List,
            Region::Param(i) => {
                self.rules_pane = RulesPane::Params;
                self.param_selected = i;
            }
            Region::Params => self.rules_pane = RulesPane::Params,
            Region::Examples | Region::PopupText | Region::PickerOption(_) | Region::Picker => {}
        }
    }

    /// The wheel over `region`: lists move their selection a row, text scrolls a few lines.
    /// The focus stays where it is.
    fn wheel(&mut self, region: Region, down: bool) {
        let step = if down { Action::Down } else { Action::Up };
        let scroll = if down {
            Action::ScrollDown
        } else {
            Action::ScrollUp
        };
        if let Some(popup) = self.popup.take() {
            match popup {
                Popup::Help { .. } | Popup::ImportReport { .. } => {
                    let mut popup = Some(popup);
                    for _ in 0..WHEEL_LINES {
                        if let Some(p) = popup.take() {
                            self.popup_key(p, Some(scroll), KeyEvent::from(KeyCode::Null));
                            popup = self.popup.take();
                        }
                    }
                    self.popup = popup;
                }
                Popup::Pick(picker) => self.picker_key(picker, Some(step)),
                other => self.popup = Some(other),
            }
            return;
        }
        match region {
            Region::FormRow(..) | Region::Form => {
                if self.editing.is_none() {
                    let len = self.form_rows().len();
                    self.form_row = super::keys::step(self.form_row, len, down);
                }
            }
            Region::Finding(_) | Region::Findings => {
                let next = super::keys::step(self.finding_selected, self.findings.len(), down);
                if next != self.finding_selected {
                    self.finding_selected = next;
                    self.detail_scroll = 0;
                }
            }
            Region::Detail => {
                for _ in 0..WHEEL_LINES {
                    self.scroll_detail(scroll);
                }
            }
            Region::Example(_) | Region::Examples => {
                let shown = self.visible_examples();
                self.example_selected =
                    super::filter::step_within(self.example_selected, &shown, down);
            }
            Region::Rule(_) | Region::Rules => {
                let shown = self.visible_rules();
                let next = super::filter::step_within(self.rule_selected, &shown, down);
                if next != self.rule_selected {
                    self.rule_selected = next;
                    self.param_selected = 0;
                }
            }
            Region::Param(_) | Region::Params => {
                self.param_selected =
                    super::keys::step(self.param_selected, self.param_rows().len(), down);
            }
            Region::Tab(_) | Region::PopupText | Region::PickerOption(_) | Region::Picker => {}
        }
    }
}

impl App {
    /// Scrolls the finding's detail, no further than its last line (as last drawn).
    pub(crate) fn scroll_detail(&mut self, action: Action) {
        if let Some(scroll) = action.scrolled(self.detail_scroll) {
            let max = self.hits.borrow().detail_max_scroll;
            self.detail_scroll = max.map_or(scroll, |max| scroll.min(max));
        }
    }
}

/// Asks the terminal to report clicks and the wheel, not pointer movement: xterm's press and
/// release tracking (1000) in SGR encoding (1006, any column). crossterm's
/// `EnableMouseCapture` also turns on motion tracking (1002, 1003), which would wake the app at
/// every move of the pointer for nothing; its `DisableMouseCapture` turns all of them off.
#[derive(Debug, Clone, Copy)]
pub struct EnableClickReports;

impl ratatui::crossterm::Command for EnableClickReports {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> std::io::Result<()> {
        ratatui::crossterm::Command::execute_winapi(&ratatui::crossterm::event::EnableMouseCapture)
    }

    #[cfg(windows)]
    fn is_ansi_code_supported(&self) -> bool {
        false
    }
}
