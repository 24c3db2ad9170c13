//! Rendering the app state. Each screen has its own file; nothing here changes state.

mod examples;
mod label;
mod person;
mod popup;
mod regimen;
mod rules;
pub mod text;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Screen, StatusKind};
use super::keys::{self, KeyHint};
use super::mouse::Region;
use super::strings;
use super::theme::Theme;

/// Below this size the app shows a "terminal too small" message instead of the screens.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    app.hits.borrow_mut().clear();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(theme, frame, area);
        return;
    }
    let [top, body, status, keys] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    tabs(app, theme, frame, top);
    match app.screen {
        Screen::Label => label::render(app, theme, frame, body),
        Screen::Examples => examples::render(app, theme, frame, body),
        Screen::Rules => rules::render(app, theme, frame, body),
        Screen::Regimen => regimen::render(app, theme, frame, body),
        Screen::Compare => regimen::render_compare(app, theme, frame, body),
    }
    status_line(app, theme, frame, status);
    key_bar(app, theme, frame, keys);
    if let Some(popup) = &app.popup {
        popup::render(app, popup, theme, frame, area);
    }
}

fn too_small(theme: &Theme, frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::styled(strings::TOO_SMALL, theme.title()),
        Line::raw(strings::terminal_size(
            area.width,
            area.height,
            MIN_WIDTH,
            MIN_HEIGHT,
        )),
        Line::raw(strings::ENLARGE_OR_QUIT),
    ];
    let y = area.y + area.height.saturating_sub(3) / 2;
    let inner = Rect::new(
        area.x,
        y,
        area.width,
        area.height.saturating_sub(y - area.y),
    );
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        inner,
    );
}

fn tabs(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = Span::styled(format!(" {} ", strings::APP_TITLE), theme.title());
    let mut marks = Vec::new();
    if app.label_dirty {
        marks.push(strings::LABEL_UNSAVED);
    }
    if app.rules_dirty {
        marks.push(strings::RULES_UNSAVED);
    }
    if app.regimen.dirty {
        marks.push(strings::regimen::UNSAVED_MARK);
    }
    let person = strings::person_header(&app.person);
    // Where the five named tabs leave no room for the unsaved marks, the person in few words
    // and the rules in use, the tabs not shown give only their key.
    let tabs_of = |compact: bool| -> Vec<(Screen, Span<'static>)> {
        [
            Screen::Label,
            Screen::Examples,
            Screen::Rules,
            Screen::Regimen,
            Screen::Compare,
        ]
        .into_iter()
        .map(|screen| {
            let (key, name) = strings::screen_tab(screen);
            let (style, text) = if app.screen == screen {
                (theme.selected(true), format!(" {key} {name} "))
            } else if compact {
                (Style::new(), format!(" {key} "))
            } else {
                (Style::new(), format!(" {key} {name} "))
            };
            (screen, Span::styled(text, style))
        })
        .collect()
    };
    // Each tab is a space and its name.
    let width_of =
        |tabs: &[(Screen, Span<'_>)]| -> usize { tabs.iter().map(|(_, s)| s.width() + 1).sum() };
    let mut tabs = tabs_of(false);
    let least = marks.join(", ").chars().count()
        + person[1].chars().count()
        + strings::rules_in_use(&app.rules.origin).chars().count()
        + 8;
    if width_of(&tabs) + least > area.width as usize {
        tabs = tabs_of(true);
    }
    let tabs_width = width_of(&tabs);
    let rules = strings::rules_in_use(&app.rules.origin);
    let joined = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let marks = marks.join(", ");
    let (person, short_person) = (&person[0], &person[1]);
    // On a narrow terminal the unsaved marks matter most, then who the label is checked for and
    // which rules are used (the app's name and the motto give way to them first), then the
    // person in fewer words.
    let width = area.width as usize;
    let candidates = [
        (true, joined(&[&marks, person, &rules, strings::DISCLAIMER])),
        (true, joined(&[&marks, person, &rules])),
        (false, joined(&[&marks, person, &rules])),
        (false, joined(&[&marks, short_person, &rules])),
        (false, joined(&[&marks, short_person])),
    ];
    let fits = |with_title: bool, text: &str| {
        let used = tabs_width + if with_title { title.width() } else { 0 };
        text.chars().count() + used + 2 <= width
    };
    let (with_title, right) = candidates
        .into_iter()
        .find(|(with_title, text)| fits(*with_title, text))
        .unwrap_or_else(|| {
            let room = width.saturating_sub(tabs_width + 2);
            (false, fit(&joined(&[&marks, short_person]), room))
        });
    let mut spans = Vec::new();
    if with_title {
        spans.push(title);
    }
    for (screen, tab) in tabs {
        spans.push(Span::raw(" "));
        // Where the tab is drawn, for a mouse click on it.
        let x: usize = spans.iter().map(|s| s.width()).sum();
        app.hits.borrow_mut().add(
            Rect::new(
                area.x.saturating_add(x as u16),
                area.y,
                (tab.width() as u16).min(area.width.saturating_sub(x as u16)),
                1,
            ),
            Region::Tab(screen),
        );
        spans.push(tab);
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = width.saturating_sub(used + right.chars().count() + 1);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(right, theme.dim()));
    frame.render_widget(Line::from(spans), area);
}

fn status_line(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let line = match &app.status {
        Some(status) => {
            let style = if status.kind == StatusKind::Error {
                theme.error()
            } else {
                theme.ok()
            };
            Line::styled(format!(" {}", status.text), style)
        }
        None => match &app.editing {
            Some(e) if e.error.is_some() => Line::styled(
                format!(" {}", e.error.clone().unwrap_or_default()),
                theme.error(),
            ),
            _ => Line::raw(""),
        },
    };
    frame.render_widget(line, area);
}

/// The keys that apply where the focus is, from the key table.
pub fn key_hints(app: &App) -> Vec<KeyHint> {
    keys::hints(&app.scopes())
}

/// The key bar: every hint where the focus is, never one cut in half. When they do not all fit
/// with two spaces between them they are set closer; if they still do not fit, the last ones
/// (moving between panes and screens, also in the tabs and the help) are left out whole.
fn key_bar(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let hints = key_hints(app);
    let width = area.width as usize;
    let wide = |h: &[KeyHint]| {
        h.iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 3)
            .sum::<usize>()
    };
    let close = |h: &[KeyHint]| {
        h.iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 2)
            .sum::<usize>()
    };
    let (shown, gap) = if wide(&hints) <= width {
        (hints.len(), " ")
    } else {
        let mut n = hints.len();
        while n > 0 && close(&hints[..n]) > width {
            n -= 1;
        }
        (n, "")
    };
    let mut spans = Vec::new();
    for (key, what) in &hints[..shown] {
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {what}{gap}")));
    }
    frame.render_widget(Line::from(spans), area);
}

/// Truncates text to `width` columns, ending with "…" when cut.
pub(super) fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

/// Keeps the end of `text` in `width` columns, starting with "…" when cut: a path's file
/// name matters more than its first folders.
pub(super) fn fit_start(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        text.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let tail: String = text.chars().skip(count - (width - 1)).collect();
        format!("…{tail}")
    }
}

/// A pane title `make(part)` in `width` columns, `part` (a path, a name) cut to fit: from
/// its start when `from_start`, else from its end.
pub(super) fn title_fitting(
    make: impl Fn(&str) -> String,
    part: &str,
    width: usize,
    from_start: bool,
) -> String {
    let full = make(part);
    let over = full.chars().count().saturating_sub(width);
    if over == 0 {
        return full;
    }
    let room = part.chars().count().saturating_sub(over);
    let cut = if from_start {
        fit_start(part, room)
    } else {
        fit(part, room)
    };
    make(&cut)
}

/// Pads or truncates to exactly `width` columns.
pub(super) fn cell(text: &str, width: usize) -> String {
    format!("{:<width$}", fit(text, width))
}

/// The filter's line at the top of a list's pane, when a filter is typed or kept; the rest of
/// `area` is left for the list. The cursor is shown while the filter is being typed.
pub(super) fn filter_line(
    filter: &super::filter::ListFilter,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> Rect {
    if !filter.typing && !filter.is_active() {
        return area;
    }
    let [line, rest] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    let lead = strings::FILTER_LEAD.chars().count();
    let room = (line.width as usize).saturating_sub(lead + 1);
    let (shown, cursor) = crate::tui::input::window(filter.text(), filter.input.cursor(), room);
    let style = if filter.typing {
        theme.editing()
    } else {
        theme.title()
    };
    frame.render_widget(
        Line::from(vec![
            Span::styled(strings::FILTER_LEAD, theme.key()),
            Span::styled(shown, style),
        ]),
        line,
    );
    if filter.typing && line.width > 0 {
        let x = (lead + cursor).min(line.width as usize - 1) as u16;
        frame.set_cursor_position(ratatui::layout::Position::new(line.x + x, line.y));
    }
    rest
}
