//! Popups drawn over the screen: help, confirmations, the save-as prompt and pickers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::fit;
use crate::tui::app::{App, Popup};
use crate::tui::keys;
use crate::tui::mouse::Region;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn render(app: &App, popup: &Popup, theme: &Theme, frame: &mut Frame, area: Rect) {
    match popup {
        Popup::Help { scroll } => help(app, *scroll, theme, frame, area),
        Popup::ConfirmQuit => confirm(
            strings::QUIT_TITLE,
            &strings::quit_unsaved(app.label_dirty, app.rules_dirty, app.regimen.dirty),
            theme,
            frame,
            area,
        ),
        Popup::ConfirmOverwrite(path) => confirm_sized(
            strings::OVERWRITE_LABEL_TITLE,
            &strings::overwrite_label(&path.display().to_string()),
            theme,
            frame,
            area,
            7,
        ),
        Popup::ConfirmLoadExample(_) => confirm(
            strings::LOAD_EXAMPLE_TITLE,
            strings::REPLACE_WITH_EXAMPLE,
            theme,
            frame,
            area,
        ),
        Popup::ConfirmSave { save, question } => {
            let path = app.save_path(&save.target).display().to_string();
            let (title, text) = strings::save_question(*question, &save.target, &path);
            confirm(title, &text, theme, frame, area);
        }
        Popup::Person(person) => super::person::render(app, person, theme, frame, area),
        Popup::ConfirmProfileOverwrite(name) => confirm(
            strings::REPLACE_PROFILE_TITLE,
            &strings::replace_profile(name),
            theme,
            frame,
            area,
        ),
        Popup::ConfirmSwitchProfile(name) => confirm(
            strings::SWITCH_PROFILE_TITLE,
            &strings::switch_profile(name),
            theme,
            frame,
            area,
        ),
        Popup::SaveLabelAs(input) | Popup::SaveRulesAs(input) | Popup::SaveProfileAs(input) => {
            let rect = area.centered(Constraint::Length(64), Constraint::Length(5));
            frame.render_widget(Clear, rect);
            let title = if matches!(popup, Popup::SaveRulesAs(_)) {
                strings::SAVE_RULES_AS
            } else if matches!(popup, Popup::SaveProfileAs(_)) {
                strings::SAVE_PROFILE_AS
            } else {
                strings::SAVE_LABEL_AS
            };
            let block = Block::bordered()
                .title(format!(" {title} "))
                .border_style(theme.border(true));
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let (shown, cur) = input.visible(inner.width.saturating_sub(1) as usize);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(shown, theme.editing()),
                    Line::styled(strings::SAVE_AS_KEYS, theme.dim()),
                ]),
                inner,
            );
            if inner.width > 0 && inner.height > 0 {
                frame.set_cursor_position(Position::new(inner.x + cur as u16, inner.y));
            }
        }
        Popup::Paste => {
            let rect = area.centered(
                Constraint::Length(area.width.saturating_sub(4).max(1)),
                Constraint::Length(area.height.saturating_sub(4).max(1)),
            );
            frame.render_widget(Clear, rect);
            let block = Block::bordered()
                .title(format!(" {} ", strings::PASTE_TITLE))
                .border_style(theme.border(true));
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            frame.render_widget(&app.paste_box, inner);
        }
        Popup::Importing => {
            let rect = area.centered(Constraint::Length(60), Constraint::Length(3));
            frame.render_widget(Clear, rect);
            let block = Block::bordered()
                .title(format!(" {} ", strings::IMPORTING_TITLE))
                .border_style(theme.border(true));
            frame.render_widget(
                Paragraph::new(strings::importing(app.paste_box.lines().len())).block(block),
                rect,
            );
        }
        Popup::OfferRecovery(offer) => confirm_sized(
            strings::RECOVERY_TITLE,
            &strings::recovery_question(&offer.recovery),
            theme,
            frame,
            area,
            9,
        ),
        Popup::ConfirmImport => confirm(
            strings::REPLACE_LABEL_TITLE,
            strings::REPLACE_WITH_PASTED,
            theme,
            frame,
            area,
        ),
        Popup::ImportReport { scroll } => {
            let rect = area.centered(
                Constraint::Length(area.width.saturating_sub(4).max(1)),
                Constraint::Length(area.height.saturating_sub(4).max(1)),
            );
            frame.render_widget(Clear, rect);
            app.hits.borrow_mut().add(rect, Region::PopupText);
            let lines: Vec<Line> = app
                .import_report
                .iter()
                .map(|l| Line::raw(l.clone()))
                .collect();
            let block = Block::bordered()
                .title(format!(" {} ", strings::IMPORT_REPORT_TITLE))
                .border_style(theme.border(true));
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll((*scroll, 0))
                    .block(block),
                rect,
            );
        }
        Popup::Pick(picker) => {
            let width = picker
                .options
                .iter()
                .map(|o| o.chars().count())
                .max()
                .unwrap_or(10)
                .max(picker.title.len()) as u16
                + 6;
            let rect = area.centered(
                Constraint::Length(width),
                Constraint::Length(picker.options.len() as u16 + 2),
            );
            frame.render_widget(Clear, rect);
            let inner_w = rect.width.saturating_sub(2) as usize;
            let items: Vec<ListItem> = picker
                .options
                .iter()
                .map(|o| ListItem::new(fit(o, inner_w)))
                .collect();
            let mut state = ListState::default().with_selected(Some(picker.selected));
            let list = List::new(items)
                .block(
                    Block::bordered()
                        .title(format!(" {} ", picker.title))
                        .border_style(theme.border(true)),
                )
                .highlight_style(theme.selected(true));
            frame.render_stateful_widget(list, rect, &mut state);
            let mut hits = app.hits.borrow_mut();
            hits.add(rect, Region::Picker);
            let rows: Vec<usize> = (0..picker.options.len()).collect();
            let inner = Rect::new(
                rect.x.saturating_add(1),
                rect.y.saturating_add(1),
                rect.width.saturating_sub(2),
                rect.height.saturating_sub(2),
            );
            hits.add_rows(inner, state.offset(), &rows, Region::PickerOption);
        }
    }
}

fn confirm(title: &str, text: &str, theme: &Theme, frame: &mut Frame, area: Rect) {
    confirm_sized(title, text, theme, frame, area, 6);
}

fn confirm_sized(
    title: &str,
    text: &str,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    height: u16,
) {
    let rect = area.centered(Constraint::Length(60), Constraint::Length(height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(theme.border(true));
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: true })
            .block(block),
        rect,
    );
}

/// Columns of the help's keys column.
const HELP_KEYS_WIDTH: usize = 16;

fn help(app: &App, scroll: u16, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rect = area.centered(
        Constraint::Length(78),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    frame.render_widget(Clear, rect);
    app.hits.borrow_mut().add(rect, Region::PopupText);
    // What a key does wraps under itself, beside the keys column, not under the keys.
    let width = rect.width.saturating_sub(2) as usize;
    let text_width = width.saturating_sub(HELP_KEYS_WIDTH + 2).max(10);
    let indent = " ".repeat(HELP_KEYS_WIDTH + 2);
    let mut lines: Vec<Line> = Vec::new();
    for line in keys::help_lines() {
        if line.keys.is_empty() {
            lines.push(Line::styled(line.what, theme.title()));
            continue;
        }
        let mut first = Some(Span::styled(
            format!("  {:<HELP_KEYS_WIDTH$}", line.keys),
            theme.key(),
        ));
        // Keys too long for their column get a line of their own.
        if line.keys.chars().count() >= HELP_KEYS_WIDTH {
            lines.push(Line::from(first.take().into_iter().collect::<Vec<_>>()));
        }
        for piece in textwrap::wrap(&line.what, text_width) {
            let lead = first.take().unwrap_or_else(|| Span::raw(indent.clone()));
            lines.push(Line::from(vec![lead, Span::raw(piece.into_owned())]));
        }
    }
    lines.push(Line::styled(strings::HELP_MOUSE_TITLE, theme.title()));
    for piece in textwrap::wrap(strings::HELP_MOUSE, width.saturating_sub(2).max(10)) {
        lines.push(Line::raw(format!("  {piece}")));
    }
    lines.push(Line::styled(strings::HELP_ABOUT_TITLE, theme.title()));
    for piece in textwrap::wrap(strings::HELP_ABOUT, width.max(10)) {
        lines.push(Line::raw(piece.into_owned()));
    }
    // Every line is wrapped to the width above: the count is what the help scrolls through.
    let height = rect.height.saturating_sub(2) as usize;
    app.hits.borrow_mut().help_max_scroll =
        Some(u16::try_from(lines.len().saturating_sub(height)).unwrap_or(u16::MAX));
    let block = Block::bordered()
        .title(format!(" {} ", strings::HELP_TITLE))
        .border_style(theme.border(true));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        rect,
    );
}
