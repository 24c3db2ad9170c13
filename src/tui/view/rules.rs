//! The rules screen: every rule with its severity and state, the selected rule's parameters
//! (editable), what triggers it, and the current label's findings changing live.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::{cell, fit};
use crate::format::plain_for_editing;
use crate::tui::app::{App, EditTarget, ParamRow, RulesPane};
use crate::tui::input::window;
use crate::tui::mouse::Region;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(45),
        Constraint::Percentage(55),
    ]));
    list(app, theme, frame, left);
    let rows = app.param_rows();
    let params_height = (rows.len() as u16 + 2).min(right.height / 2);
    let findings_height = (app.findings.len() as u16 + 2)
        .clamp(3, 8)
        .min(right.height / 4);
    let [params_area, about_area, findings_area] = right.layout(&Layout::vertical([
        Constraint::Length(params_height),
        Constraint::Fill(1),
        Constraint::Length(findings_height),
    ]));
    params(app, &rows, theme, frame, params_area);
    about(app, theme, frame, about_area);
    live_findings(app, theme, frame, findings_area);
}

fn list(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.rules_pane == RulesPane::List;
    let shown = app.visible_rules();
    let total = app.rules.rules.rules.len();
    let origin = if shown.len() == total {
        app.rules.origin.describe()
    } else {
        format!(
            "{} · {}",
            app.rules.origin.describe(),
            strings::rules_shown(shown.len(), total)
        )
    };
    let title = super::title_fitting(
        |origin| format!(" {} ", strings::rules_title(origin, app.rules_dirty)),
        &origin,
        area.width.saturating_sub(2) as usize,
        true,
    );
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let list_area = super::filter_line(&app.rule_filter, theme, frame, inner);
    let width = list_area.width as usize;
    let items: Vec<ListItem> = shown
        .iter()
        .map(|i| &app.rules.rules.rules[*i])
        .map(|r| {
            // A regional rule is checked only when its region is selected (person popup, P).
            let active = app.rules.rules.is_active(r);
            let state = format!("{:<3} ", strings::rule_state(active));
            let style = if active { Style::new() } else { theme.dim() };
            let region = r.region.map(|g| format!(" · {g}")).unwrap_or_default();
            ListItem::new(Line::from(vec![
                Span::styled(state, style),
                Span::styled(
                    format!("{:<8}", r.severity.as_str()),
                    theme.severity(r.severity),
                ),
                Span::styled(
                    fit(
                        &if crate::rules::diff::is_edited(r) {
                            format!("{}{region} · {}", r.id, strings::EDITED_MARK)
                        } else {
                            format!("{}{region}", r.id)
                        },
                        width.saturating_sub(12),
                    ),
                    style,
                ),
            ]))
        })
        .collect();
    let selected = shown.iter().position(|i| *i == app.rule_selected);
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected(focused)),
        list_area,
        &mut state,
    );
    if shown.is_empty() && total > 0 {
        frame.render_widget(
            Paragraph::new(strings::NO_RULE_MATCHES)
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            list_area,
        );
    }
    let mut hits = app.hits.borrow_mut();
    hits.add(area, Region::Rules);
    hits.add_rows(list_area, state.offset(), &shown, Region::Rule);
}

fn params(app: &App, rows: &[ParamRow], theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.rules_pane == RulesPane::Params;
    let Some(rule) = app.rules.rules.rules.get(app.rule_selected) else {
        return;
    };
    let block = Block::bordered()
        .title(format!(" {} ", strings::params_title(&rule.id)))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let label_w = 26.min(width / 2);
    let value_w = width.saturating_sub(label_w + 1);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, row) in rows.iter().enumerate() {
        let selected = i == app.param_selected;
        let row_style = if selected {
            theme.selected(focused)
        } else {
            Style::new()
        };
        let (label, value, unit) = match row {
            ParamRow::Enabled => (
                strings::PARAM_ENABLED.to_string(),
                strings::yes_no(rule.enabled).to_string(),
                String::new(),
            ),
            ParamRow::Severity => (
                strings::PARAM_SEVERITY.to_string(),
                format!("‹ {} ›", rule.severity),
                String::new(),
            ),
            ParamRow::Number(p) => (p.label.clone(), plain_for_editing(p.value), p.unit.clone()),
        };
        let mut spans = vec![
            Span::styled(cell(&label, label_w), theme.label()),
            Span::raw(" "),
        ];
        let editing = app.editing.as_ref().filter(|e| {
            matches!((&e.target, row), (EditTarget::Param { rule: r, path }, ParamRow::Number(p)) if *r == app.rule_selected && *path == p.path)
        });
        match editing {
            Some(e) => {
                let (shown, cur) = window(e.input.value(), e.input.cursor(), value_w.min(14));
                cursor = Some((lines.len(), label_w + 1 + cur));
                let style = if e.error.is_some() {
                    theme.error()
                } else {
                    theme.editing()
                };
                spans.push(Span::styled(cell(&shown, value_w.min(14)), style));
                if let Some(err) = &e.error {
                    spans.push(Span::styled(
                        format!(" {}", fit(err, value_w.saturating_sub(15))),
                        theme.error(),
                    ));
                } else {
                    spans.push(Span::raw(format!(
                        " {}",
                        fit(&unit, value_w.saturating_sub(15))
                    )));
                }
            }
            None => {
                let style = match row {
                    ParamRow::Severity => theme.severity(rule.severity),
                    _ => Style::new(),
                };
                spans.push(Span::styled(
                    cell(&format!("{value} {unit}"), value_w),
                    style.patch(row_style),
                ));
            }
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    {
        let mut hits = app.hits.borrow_mut();
        hits.add(area, Region::Params);
        let rows: Vec<usize> = (0..rows.len()).collect();
        hits.add_rows(inner, 0, &rows, Region::Param);
    }
    if let Some((line, col)) = cursor
        && (line as u16) < inner.height
        && col < width
    {
        frame.set_cursor_position(Position::new(inner.x + col as u16, inner.y + line as u16));
    }
}

fn about(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(rule) = app.rules.rules.rules.get(app.rule_selected) else {
        return;
    };
    let block = Block::bordered()
        .title(format!(" {} ", rule.title))
        .border_style(theme.border(false));
    let mut lines = Vec::new();
    // A regional rule says whether it is checked: only when its region is selected.
    if let Some(region) = rule.region {
        lines.push(Line::from(vec![
            Span::styled(strings::RULE_REGION, theme.label()),
            Span::styled(
                strings::regional_state(region, app.person.regions.contains(&region), rule.enabled),
                theme.title(),
            ),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::styled(strings::FIRES_WHEN, theme.label()),
            Span::raw(rule.trigger()),
        ]),
        Line::from(vec![
            Span::styled(strings::RULE_EVIDENCE, theme.label()),
            Span::styled(rule.evidence.as_str(), theme.title()),
            Span::raw(format!(" — {}", rule.evidence.describe())),
        ]),
        Line::raw(""),
    ]);
    if let Some(note) = crate::rules::diff::rationale_note(rule) {
        lines.push(Line::styled(note, theme.label()));
    }
    lines.extend([
        Line::raw(rule.rationale.clone()),
        Line::raw(""),
        Line::styled(strings::rule_sources(&rule.sources), theme.dim()),
    ]);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

fn live_findings(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let name = if app.reading.label.name.is_empty() {
        strings::THE_CURRENT_LABEL.to_string()
    } else {
        app.reading.label.name.clone()
    };
    let block = Block::bordered()
        .title(super::title_fitting(
            |name| {
                format!(
                    " {} ",
                    strings::live_findings_title(app.findings.len(), name)
                )
            },
            &name,
            area.width.saturating_sub(2) as usize,
            false,
        ))
        .border_style(theme.border(false));
    let lines: Vec<Line> = app
        .findings
        .iter()
        .map(|f| {
            let rule = &app.rules.rules.rules[f.rule_index];
            Line::from(vec![
                Span::styled(
                    format!("{:<8}", f.severity.as_str()),
                    theme.severity(f.severity),
                ),
                Span::raw(rule.id.clone()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
