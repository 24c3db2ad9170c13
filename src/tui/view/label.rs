//! The label screen: the entry form, the per-day intake, the findings and the selected
//! finding's rationale and sources.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::{cell, fit};
use crate::format::number;
use crate::report::summarise_intake;
use crate::tui::app::{App, EditTarget, FormRow, LabelPane};
use crate::tui::form::{Column, FieldRef};
use crate::tui::mouse::Region;
use crate::tui::strings;
use crate::tui::theme::Theme;
use crate::tui::view::text::{LaidOut, render_laid_out};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    // A product not taken once a day says how it is taken first, as the text report does:
    // "1 capsule per week (50,000 IU; 7,143 IU/day on average)", so a bolus is not hidden by
    // its average.
    let heading = strings::intake_heading(&app.intake);
    let intake = summarise_intake(&app.intake);
    let summary_height = textwrap::wrap(&format!("{heading}{intake}"), area.width.max(1) as usize)
        .len()
        .clamp(2, 3) as u16;
    let [summary, main] = area.layout(&Layout::vertical([
        Constraint::Length(summary_height),
        Constraint::Fill(1),
    ]));
    let summary_line = Line::from(vec![
        Span::styled(heading, theme.title()),
        Span::raw(intake),
    ]);
    frame.render_widget(
        Paragraph::new(summary_line).wrap(Wrap { trim: true }),
        summary,
    );

    let [left, right] = main.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    form(app, theme, frame, left);
    let notes = findings_notes(app, right.width.saturating_sub(2) as usize).len() as u16;
    let list_height = (app.findings.len() as u16 + notes + 2).clamp(3, right.height / 2);
    let [list, detail_area] = right.layout(&Layout::vertical([
        Constraint::Length(list_height),
        Constraint::Fill(1),
    ]));
    findings(app, theme, frame, list);
    detail(app, theme, frame, detail_area);
}

const LABEL_WIDTH: usize = 14;

fn form(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.label_pane == LabelPane::Form;
    let path = app.label_path.as_ref().map(|p| p.display().to_string());
    let title = match &path {
        Some(path) => super::title_fitting(
            |p| format!(" {} ", strings::label_title(Some(p), app.label_dirty)),
            path,
            area.width.saturating_sub(2) as usize,
            true,
        ),
        None => format!(" {} ", strings::label_title(None, app.label_dirty)),
    };
    let selected_row = app.current_form_row();
    let error_hint = selected_error(app, selected_row);
    let mut block = Block::bordered()
        .title(title)
        .border_style(theme.border(focused));
    if let Some(err) = &error_hint {
        block = block.title_bottom(Line::styled(format!(" {err} "), theme.error()));
    } else if !app.reading.errors.is_empty() {
        block = block.title_bottom(Line::styled(
            format!(" {} ", strings::invalid_fields(app.reading.errors.len())),
            theme.error(),
        ));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let value_width = width.saturating_sub(LABEL_WIDTH + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0usize;
    let mut cursor: Option<(usize, usize)> = None;
    // For the mouse: each row's lines (index, row, first line, end), and the lines under an
    // ingredient that hold one of its columns (the second declaration; the form when narrow).
    let mut row_lines: Vec<(usize, FormRow, usize, usize)> = Vec::new();
    let mut column_lines: Vec<(usize, Column)> = Vec::new();
    for (index, row) in app.form_rows().into_iter().enumerate() {
        let is_selected = index == app.form_row;
        if matches!(row, FormRow::Ingredient(0))
            || (row == FormRow::AddIngredient && app.form.ingredients.is_empty())
        {
            lines.push(Line::styled(
                fit(
                    &format!("── {} {}", strings::INGREDIENTS, "─".repeat(width)),
                    width,
                ),
                theme.dim(),
            ));
            lines.push(Line::styled(
                fit(
                    &ingredient_columns(width)
                        .iter()
                        .map(|(c, w)| match c {
                            Column::Unit => strings::column_heading(*c).to_string(),
                            _ => cell(strings::column_heading(*c), *w),
                        })
                        .collect::<Vec<_>>()
                        .join("│"),
                    width,
                ),
                theme.dim(),
            ));
        }
        if matches!(row, FormRow::Claim(0))
            || (row == FormRow::AddClaim && app.form.claims.is_empty())
        {
            lines.push(Line::styled(
                fit(
                    &format!("── {} {}", strings::CLAIMS, "─".repeat(width)),
                    width,
                ),
                theme.dim(),
            ));
        }
        if is_selected {
            selected_line = lines.len();
        }
        let row_start = lines.len();
        match row {
            FormRow::Field(field) => {
                let at = FieldRef::Field(field);
                let error = app.reading.error(at);
                let label_style = if error.is_some() {
                    theme.error()
                } else {
                    theme.label()
                };
                let mut spans = vec![
                    Span::styled(cell(strings::field_label(field), LABEL_WIDTH), label_style),
                    Span::raw(" "),
                ];
                match editing_at(app, at) {
                    Some((text, col)) if is_selected => {
                        let (visible, cur) = window(&text, col, value_width);
                        cursor = Some((lines.len(), LABEL_WIDTH + 1 + cur));
                        spans.push(Span::styled(cell(&visible, value_width), theme.editing()));
                    }
                    _ => {
                        let value = app.form.text(at);
                        let shown = if field.is_choice() {
                            format!(
                                "‹ {} ›",
                                if value.is_empty() {
                                    strings::NOT_STATED.to_string()
                                } else {
                                    value
                                }
                            )
                        } else {
                            value
                        };
                        let (text, style) = if error.is_some() {
                            (format!("{}{shown}", strings::INVALID_MARK), theme.error())
                        } else if shown.is_empty() {
                            (strings::field_placeholder(field).to_string(), theme.dim())
                        } else {
                            (shown, Style::new())
                        };
                        let row_style = if is_selected {
                            theme.selected(focused)
                        } else {
                            Style::new()
                        };
                        spans.push(Span::styled(
                            cell(&text, value_width),
                            style.patch(row_style),
                        ));
                    }
                }
                lines.push(Line::from(spans));
            }
            FormRow::Ingredient(i) => {
                let columns = ingredient_columns(width);
                let mut spans = Vec::new();
                let mut start = 0usize;
                for (col_index, (column, w)) in columns.iter().enumerate() {
                    let (column, w) = (column, *w);
                    let at = FieldRef::Cell(i, *column);
                    let cell_selected = is_selected && app.form_column == *column;
                    let error = app.reading.error(at).is_some();
                    if col_index > 0 {
                        start += columns[col_index - 1].1 + 1;
                    }
                    let span = match editing_at(app, at) {
                        Some((text, col)) if cell_selected => {
                            let (visible, cur) = window(&text, col, w);
                            cursor = Some((lines.len(), start + cur));
                            Span::styled(cell(&visible, w), theme.editing())
                        }
                        _ => {
                            let text = app.form.text(at);
                            let mut style = if error { theme.error() } else { Style::new() };
                            if cell_selected {
                                style = style.patch(theme.selected(focused));
                            } else if is_selected {
                                style = style.patch(theme.selected(false));
                            }
                            let shown = if error {
                                // Marked in text too, for a terminal without colour.
                                format!("{}{text}", strings::INVALID_MARK.trim_end())
                            } else if text.is_empty() && *column == Column::Form {
                                strings::NOT_GIVEN.to_string()
                            } else {
                                text
                            };
                            Span::styled(cell(&shown, w), style)
                        }
                    };
                    if col_index > 0 {
                        spans.push(Span::styled("│", theme.dim()));
                    }
                    spans.push(span);
                }
                lines.push(Line::from(spans));
                // Too narrow for a form column: the form on a line of its own, under the
                // selected row.
                if columns.len() < 4 && is_selected {
                    let at = FieldRef::Cell(i, Column::Form);
                    let lead = strings::FORM_LEAD.chars().count();
                    let value_w = width.saturating_sub(lead);
                    let form_selected = app.form_column == Column::Form;
                    if form_selected {
                        selected_line = lines.len();
                    }
                    column_lines.push((lines.len(), Column::Form));
                    let span = match editing_at(app, at).filter(|_| form_selected) {
                        Some((text, col)) => {
                            let (visible, cur) = window(&text, col, value_w);
                            cursor = Some((lines.len(), lead + cur));
                            Span::styled(cell(&visible, value_w), theme.editing())
                        }
                        None => {
                            let text = app.form.text(at);
                            let error = app.reading.error(at).is_some();
                            let shown = if error {
                                format!("{}{text}", strings::INVALID_MARK.trim_end())
                            } else if text.is_empty() {
                                strings::NOT_GIVEN.to_string()
                            } else {
                                text
                            };
                            let mut style = if error { theme.error() } else { theme.dim() };
                            if form_selected {
                                style = style.patch(theme.selected(focused));
                            }
                            Span::styled(cell(&shown, value_w), style)
                        }
                    };
                    lines.push(Line::from(vec![
                        Span::styled(strings::FORM_LEAD, theme.dim()),
                        span,
                    ]));
                }
                // "Did you mean …?" about a vitamin D amount, under its row.
                if let Some(question) = app.reading.question(i) {
                    let typed = format!(
                        "{} {}",
                        app.form.text(FieldRef::Cell(i, Column::Amount)),
                        app.form.text(FieldRef::Cell(i, Column::Unit))
                    );
                    let text = strings::dose_question_line(question, &typed);
                    for piece in textwrap::wrap(&text, width.max(1)) {
                        lines.push(Line::styled(cell(&piece, width), theme.error()));
                    }
                }
                // The second declaration, on a line of its own under the row.
                let at = FieldRef::Cell(i, Column::Alt);
                let alt = app.form.text(at);
                let alt_selected = is_selected && app.form_column == Column::Alt;
                if let Some((text, col)) = editing_at(app, at).filter(|_| alt_selected) {
                    let lead = strings::ALT_LEAD.chars().count();
                    let (visible, cur) = window(&text, col, width.saturating_sub(lead));
                    cursor = Some((lines.len(), lead + cur));
                    selected_line = lines.len();
                    column_lines.push((lines.len(), Column::Alt));
                    lines.push(Line::from(vec![
                        Span::styled(strings::ALT_LEAD, theme.dim()),
                        Span::styled(cell(&visible, width.saturating_sub(lead)), theme.editing()),
                    ]));
                } else if !alt.is_empty() || is_selected {
                    column_lines.push((lines.len(), Column::Alt));
                    let error = app.reading.error(at).is_some();
                    let mut style = if error { theme.error() } else { theme.dim() };
                    let alt = if error {
                        format!("{}{alt}", strings::INVALID_MARK)
                    } else {
                        alt
                    };
                    if alt_selected {
                        style = style.patch(theme.selected(focused));
                        selected_line = lines.len();
                    }
                    lines.push(Line::styled(cell(&strings::alt_line(&alt), width), style));
                }
                // The printed %DV and %NRV, each on a line of its own when the label prints
                // one or the column is selected (→ past "also declared as" reaches them).
                for column in [Column::PercentDv, Column::PercentNrv] {
                    let at = FieldRef::Cell(i, column);
                    let text = app.form.text(at);
                    let column_selected = is_selected && app.form_column == column;
                    let lead = strings::percent_lead(column);
                    if let Some((typed, col)) = editing_at(app, at).filter(|_| column_selected) {
                        let lead_w = lead.chars().count();
                        let (visible, cur) = window(&typed, col, width.saturating_sub(lead_w));
                        cursor = Some((lines.len(), lead_w + cur));
                        selected_line = lines.len();
                        lines.push(Line::from(vec![
                            Span::styled(lead, theme.dim()),
                            Span::styled(
                                cell(&visible, width.saturating_sub(lead_w)),
                                theme.editing(),
                            ),
                        ]));
                    } else if !text.is_empty() || column_selected {
                        let error = app.reading.error(at).is_some();
                        let mut style = if error { theme.error() } else { theme.dim() };
                        let text = if error {
                            format!("{}{text}", strings::INVALID_MARK)
                        } else {
                            text
                        };
                        if column_selected {
                            style = style.patch(theme.selected(focused));
                            selected_line = lines.len();
                        }
                        lines.push(Line::styled(
                            cell(&strings::percent_line(column, &text), width),
                            style,
                        ));
                    }
                }
            }
            FormRow::Claim(i) => {
                let at = FieldRef::Claim(i);
                let lead = strings::CLAIM_BULLET.chars().count();
                let value_w = width.saturating_sub(lead);
                match editing_at(app, at) {
                    Some((text, col)) if is_selected => {
                        let (visible, cur) = window(&text, col, value_w);
                        cursor = Some((lines.len(), lead + cur));
                        lines.push(Line::from(vec![
                            Span::raw(strings::CLAIM_BULLET),
                            Span::styled(cell(&visible, value_w), theme.editing()),
                        ]));
                    }
                    _ => {
                        let style = if is_selected {
                            theme.selected(focused)
                        } else {
                            Style::new()
                        };
                        lines.push(Line::from(vec![
                            Span::raw(strings::CLAIM_BULLET),
                            Span::styled(cell(&app.form.text(at), value_w), style),
                        ]));
                    }
                }
            }
            FormRow::AddClaim => {
                let style = if is_selected {
                    theme.selected(focused)
                } else {
                    theme.dim()
                };
                lines.push(Line::styled(cell(strings::ADD_CLAIM_ROW, width), style));
            }
            FormRow::AddIngredient => {
                let style = if is_selected {
                    theme.selected(focused)
                } else {
                    theme.dim()
                };
                lines.push(Line::styled(
                    cell(strings::ADD_INGREDIENT_ROW, width),
                    style,
                ));
            }
        }
        row_lines.push((index, row, row_start, lines.len()));
    }
    let height = inner.height as usize;
    // The selected row shows whole where it can: its lines under it (the form when narrow,
    // "did you mean", the second declaration) scroll into view with it.
    let selected_end = row_lines
        .iter()
        .find(|(index, ..)| *index == app.form_row)
        .map_or(selected_line + 1, |(_, _, _, end)| *end)
        .max(selected_line + 1);
    let offset = selected_end.saturating_sub(height).min(selected_line);
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    record_form_rows(app, inner, offset, &row_lines, &column_lines);
    if let Some((line, col)) = cursor
        && line >= offset
        && line - offset < height
        && col < width
    {
        frame.set_cursor_position(Position::new(
            inner.x + col as u16,
            inner.y + (line - offset) as u16,
        ));
    }
}

/// Tells the mouse which form row (and ingredient column) each visible line shows.
fn record_form_rows(
    app: &App,
    inner: Rect,
    offset: usize,
    row_lines: &[(usize, FormRow, usize, usize)],
    column_lines: &[(usize, Column)],
) {
    let mut hits = app.hits.borrow_mut();
    hits.add(inner, Region::Form);
    let height = inner.height as usize;
    let width = inner.width as usize;
    for (index, row, start, end) in row_lines {
        for line in (*start..*end).filter(|l| *l >= offset && *l - offset < height) {
            let y = inner.y + (line - offset) as u16;
            if matches!(row, FormRow::Ingredient(_)) && line == *start {
                let mut x = 0usize;
                for (column, w) in ingredient_columns(width) {
                    let w = if column == Column::Unit {
                        width.saturating_sub(x)
                    } else {
                        w + 1
                    };
                    hits.add(
                        Rect::new(inner.x + x as u16, y, w as u16, 1),
                        Region::FormRow(*index, Some(column)),
                    );
                    x += w;
                }
            } else {
                let column = column_lines
                    .iter()
                    .find(|(l, _)| *l == line)
                    .map(|(_, c)| *c);
                hits.add(
                    Rect::new(inner.x, y, inner.width, 1),
                    Region::FormRow(*index, column),
                );
            }
        }
    }
}

const AMOUNT_W: usize = 9;
const UNIT_W: usize = 4;

/// Below this many columns the form's pane has no form column: names get the room, so that
/// rows stay distinguishable ("Vitamin D3" and "Vitamin K2" are not both cut to "Vitami"),
/// and the selected row shows its form on a line of its own.
const NARROW_FORM: usize = 32;

/// The ingredient table's columns and their widths (the unit's is the rest of the line).
fn ingredient_columns(width: usize) -> Vec<(Column, usize)> {
    let rest = width.saturating_sub(AMOUNT_W + UNIT_W + 3);
    if width < NARROW_FORM {
        let name = width.saturating_sub(AMOUNT_W + UNIT_W + 2);
        return vec![
            (Column::Name, name),
            (Column::Amount, AMOUNT_W),
            (Column::Unit, UNIT_W),
        ];
    }
    vec![
        (Column::Name, rest / 2 + rest % 2),
        (Column::Form, rest / 2),
        (Column::Amount, AMOUNT_W),
        (Column::Unit, UNIT_W),
    ]
}

/// The text and cursor column of the field being edited, if it is `at`.
fn editing_at(app: &App, at: FieldRef) -> Option<(String, usize)> {
    let editing = app.editing.as_ref()?;
    (editing.target == EditTarget::Form(at))
        .then(|| (editing.input.value().to_string(), editing.input.cursor()))
}

use crate::tui::input::window;

fn selected_error(app: &App, row: FormRow) -> Option<String> {
    match row {
        FormRow::Field(f) => app
            .reading
            .error(FieldRef::Field(f))
            .map(|e| strings::field_error(strings::field_label(f), e)),
        FormRow::Ingredient(i) => Column::ALL.iter().find_map(|c| {
            app.reading
                .error(FieldRef::Cell(i, *c))
                .map(|e| strings::row_error(i + 1, e))
        }),
        FormRow::AddIngredient | FormRow::Claim(_) | FormRow::AddClaim => None,
    }
}

/// The findings pane's lines above the list, wrapped to `width`: what was not checked (in
/// full, never only in a border), and what an empty list means. The bool marks error lines.
fn findings_notes(app: &App, width: usize) -> Vec<(String, bool)> {
    let mut notes = Vec::new();
    let width = width.max(1);
    if let Some(incomplete) = app.reading.incomplete() {
        let text = format!("{}{incomplete}", strings::INVALID_MARK);
        for line in textwrap::wrap(&text, width) {
            notes.push((line.into_owned(), true));
        }
    }
    if app.findings.is_empty() {
        let text = if app.reading.label.ingredients.is_empty() {
            (!app.reading.errors.is_empty()).then_some(strings::NOTHING_CHECKED)
        } else if app.reading.errors.is_empty() {
            Some(strings::NO_FINDINGS)
        } else {
            Some(strings::NO_FINDINGS_FOR_WHAT_IS_CHECKED)
        };
        let text = text.unwrap_or(strings::EMPTY_LABEL);
        for line in textwrap::wrap(text, width) {
            notes.push((line.into_owned(), false));
        }
    }
    notes
}

fn findings(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.label_pane == LabelPane::Findings;
    let block = Block::bordered()
        .title(format!(" {} ", strings::findings_title(app.findings.len())))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let notes = findings_notes(app, width);
    let [notes_area, list_area] = inner.layout(&Layout::vertical([
        Constraint::Length(notes.len() as u16),
        Constraint::Fill(1),
    ]));
    let lines: Vec<Line> = notes
        .into_iter()
        .map(|(text, error)| {
            if error {
                Line::styled(text, theme.error())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), notes_area);
    if app.findings.is_empty() {
        return;
    }
    let items: Vec<ListItem> = app
        .findings
        .iter()
        .map(|f| {
            let rule = &app.rules.rules.rules[f.rule_index];
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!("{:<8}", f.severity.as_str()),
                    theme.severity(f.severity),
                ),
                Span::raw(fit(&rule.title, width.saturating_sub(8))),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.finding_selected));
    let list = List::new(items).highlight_style(theme.selected(focused));
    frame.render_stateful_widget(list, list_area, &mut state);
    let mut hits = app.hits.borrow_mut();
    hits.add(area, Region::Findings);
    let rows: Vec<usize> = (0..app.findings.len()).collect();
    hits.add_rows(list_area, state.offset(), &rows, Region::Finding);
}

fn detail(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.label_pane == LabelPane::Detail;
    app.hits.borrow_mut().add(area, Region::Detail);
    let block = Block::bordered()
        .title(format!(" {} ", strings::DETAIL_TITLE))
        .border_style(theme.border(focused));
    let Some(f) = app.findings.get(app.finding_selected) else {
        frame.render_widget(
            Paragraph::new(strings::DISCLAIMER)
                .style(theme.dim())
                .block(block),
            area,
        );
        return;
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let rules = &app.rules.rules;
    let rule = &rules.rules[f.rule_index];
    let mut laid = LaidOut::default();
    laid.text(
        vec![
            Span::styled(
                format!("{} ", f.severity.as_str()),
                theme.severity(f.severity),
            ),
            Span::styled(format!("{} ", rule.id), theme.title()),
            Span::raw(rule.title.clone()),
        ],
        width,
    );
    laid.text(vec![Span::raw(f.message.clone())], width);
    if let Some(t) = &f.threshold {
        laid.text(
            vec![
                Span::styled(strings::THRESHOLD_LABEL, theme.label()),
                Span::raw(format!("{} {} {}", t.comparison, number(t.value), t.unit)),
            ],
            width,
        );
    }
    laid.text(
        vec![
            Span::styled(strings::EVIDENCE_LABEL, theme.label()),
            Span::styled(rule.evidence.as_str(), theme.title()),
            Span::raw(format!(" — {}", rule.evidence.describe())),
        ],
        width,
    );
    laid.text(Vec::new(), width);
    if let Some(note) = crate::rules::diff::rationale_note(rule) {
        laid.text(vec![Span::styled(note, theme.label())], width);
    }
    laid.text(vec![Span::raw(rule.rationale.clone())], width);
    laid.text(Vec::new(), width);
    laid.text(
        vec![Span::styled(strings::SOURCES_HEADING, theme.title())],
        width,
    );
    for key in &rule.sources {
        if let Some(s) = rules.source(key) {
            laid.text(
                vec![
                    Span::styled(format!("[{key}] "), theme.title()),
                    Span::raw(s.citation.clone()),
                ],
                width,
            );
            if let Some(url) = &s.url {
                // Shown escaped; a link that needed escaping is not made a hyperlink.
                let shown = crate::escape::visible(url);
                let first = laid.links.len();
                laid.link(&shown, 2, theme.dim(), width);
                if shown != url.as_str() {
                    laid.links[first..].iter_mut().for_each(|l| *l = None);
                }
            }
        }
    }
    laid.text(Vec::new(), width);
    laid.text(
        vec![Span::styled(strings::disclaimer_sentence(), theme.dim())],
        width,
    );
    app.hits.borrow_mut().detail_max_scroll = Some(
        u16::try_from(laid.lines.len().saturating_sub(inner.height as usize)).unwrap_or(u16::MAX),
    );
    render_laid_out(
        &laid,
        app.detail_scroll as usize,
        inner,
        app.hyperlinks,
        frame.buffer_mut(),
    );
}
