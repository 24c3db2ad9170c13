//! The person profile popup: the saved profile in use, the age, anticoagulant, pregnancy,
//! conditions, medicines and the regions checked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::{cell, fit};
use crate::tui::app::App;
use crate::tui::person::PersonRow;
use crate::tui::popups::person::PersonPopup;
use crate::tui::strings;
use crate::tui::theme::Theme;

const LABEL_WIDTH: usize = 13;

pub fn render(app: &App, popup: &PersonPopup, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rows = PersonRow::all();
    let rect = area.centered(
        Constraint::Length(area.width.saturating_sub(4).clamp(1, 84)),
        // The status line and the key bar stay visible below it.
        Constraint::Length(
            (rows.len() as u16 + 5)
                .min(area.height.saturating_sub(4))
                .max(1),
        ),
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", strings::PERSON_TITLE))
        .border_style(theme.border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = inner.width as usize;
    let hint_lines = textwrap::wrap(strings::PERSON_HINT, width.max(1)).len() as u16;
    let [hint, list_area, message] = inner.layout(&Layout::vertical([
        Constraint::Length(hint_lines),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(
        Paragraph::new(strings::PERSON_HINT)
            .style(theme.dim())
            .wrap(Wrap { trim: true }),
        hint,
    );
    let value_width = width.saturating_sub(LABEL_WIDTH + 1);
    let mut previous: Option<&str> = None;
    let mut cursor = None;
    let items: Vec<ListItem> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            // A group's label only on its first row.
            let label = strings::person_row_label(*row);
            let shown_label = if previous == Some(label) { "" } else { label };
            previous = Some(label);
            let value = match (&popup.age, row) {
                (Some(edit), PersonRow::Age) => {
                    let (visible, cur) = edit.input.visible(value_width.saturating_sub(1));
                    cursor = Some((i, LABEL_WIDTH + 1 + cur));
                    return ListItem::new(Line::from(vec![
                        Span::styled(cell(shown_label, LABEL_WIDTH), theme.label()),
                        Span::raw(" "),
                        Span::styled(cell(&visible, value_width), theme.editing()),
                    ]));
                }
                _ => strings::person_row_value(&app.person, *row),
            };
            ListItem::new(Line::from(vec![
                Span::styled(cell(shown_label, LABEL_WIDTH), theme.label()),
                Span::raw(" "),
                Span::raw(fit(&value, value_width)),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.person.row.min(rows.len() - 1)));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected(true)),
        list_area,
        &mut state,
    );
    if let Some((row, col)) = cursor {
        let offset = state.offset();
        if row >= offset
            && ((row - offset) as u16) < list_area.height
            && (col as u16) < list_area.width
        {
            frame.set_cursor_position(Position::new(
                list_area.x + col as u16,
                list_area.y + (row - offset) as u16,
            ));
        }
    }
    let offset = state.offset();
    let below = rows.len() > offset + list_area.height as usize;
    if popup.age.as_ref().is_none_or(|e| e.error.is_none()) && (below || offset > 0) {
        frame.render_widget(
            Line::styled(
                fit(strings::person_more_rows(offset > 0, below), width),
                theme.dim(),
            ),
            message,
        );
    }
    if let Some(error) = popup.age.as_ref().and_then(|e| e.error.as_deref()) {
        frame.render_widget(
            Line::styled(
                fit(&format!("{}{error}", strings::INVALID_MARK), width),
                theme.error(),
            ),
            message,
        );
    }
}
