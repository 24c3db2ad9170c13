//! The Regimen screen (products on the left; totals as gauges against the limits and the
//! findings on the total on the right) and the Compare view (products in columns).
//!
//! Every gauge writes its numbers and says "above" or "below" each limit, so it reads the same
//! without colour (`NO_COLOR`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Clear, List, ListItem, ListState, Paragraph, Row, Table, Wrap,
};

use super::{cell, fit};
use crate::escape::visible;
use crate::format::number;
use crate::report::html::Audience;
use crate::tui::app::App;
use crate::tui::screens::regimen::{Prompt, RegimenState, TotalGauge};
use crate::tui::strings::regimen as words;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(40),
        Constraint::Percentage(60),
    ]));
    products(&app.regimen, theme, frame, left);
    totals_and_findings(app, theme, frame, right);
    if let Some(open) = &app.regimen.prompt {
        prompt(app, &open.prompt, open.error.as_deref(), theme, frame, area);
    }
}

fn products(state: &RegimenState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = match &state.path {
        Some(path) => format!(
            " {} ({}) · {} ",
            words::PRODUCTS_TITLE,
            state.products.len(),
            visible(&path.display().to_string())
        ),
        None => format!(" {} ({}) ", words::PRODUCTS_TITLE, state.products.len()),
    };
    let width = area.width.saturating_sub(2) as usize;
    let block = Block::bordered()
        .title(fit(&title, width))
        .border_style(theme.border(state.prompt.is_none()));
    if state.products.is_empty() {
        frame.render_widget(
            Paragraph::new(words::NO_PRODUCTS)
                .wrap(Wrap { trim: true })
                .style(theme.dim())
                .block(block),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = state
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mark = if state.compared.contains(&i) {
                format!("{} ", words::MARKED)
            } else {
                String::new()
            };
            let mut lines = vec![Line::from(vec![
                Span::styled(mark, theme.key()),
                Span::styled(fit(&visible(&p.product.label.name), width), theme.title()),
            ])];
            let (taken, findings) = state.result.products.get(i).cloned().unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", words::TAKEN), theme.label()),
                Span::raw(fit(&taken, width.saturating_sub(9))),
            ]));
            if let Some(reason) = &p.product.reason {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {}", words::REASON), theme.label()),
                    Span::raw(fit(&visible(reason), width.saturating_sub(10))),
                ]));
            }
            for (severity, id) in findings {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<8}", severity.as_str()),
                        theme.severity(severity),
                    ),
                    Span::raw(fit(&id, width.saturating_sub(10))),
                ]));
            }
            ListItem::new(lines)
        })
        .collect();
    let mut list = ListState::default().with_selected(Some(state.selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(block)
            .highlight_style(theme.selected(true)),
        area,
        &mut list,
    );
}

/// The bar of a gauge: the total filled in, each limit marked with ┃, scaled so the highest
/// limit (or the total, if higher) fits with room to spare.
fn bar(total: &TotalGauge, width: usize) -> (String, String, usize) {
    let top = total
        .limits
        .iter()
        .map(|(_, v, _)| *v)
        .fold(total.per_day, f64::max)
        * 1.1;
    let at = |v: f64| -> usize {
        if top <= 0.0 {
            0
        } else {
            ((v / top) * width as f64).round().clamp(0.0, width as f64) as usize
        }
    };
    let filled = at(total.per_day);
    let marks: Vec<usize> = total
        .limits
        .iter()
        .map(|(_, v, _)| at(*v).min(width.saturating_sub(1)))
        .collect();
    let glyph = |i: usize, full: bool| {
        if marks.contains(&i) {
            '┃'
        } else if full {
            '█'
        } else {
            '░'
        }
    };
    let full: String = (0..filled).map(|i| glyph(i, true)).collect();
    let empty: String = (filled..width).map(|i| glyph(i, false)).collect();
    let percent = total.limits.first().map_or(0, |(_, v, _)| {
        ((total.per_day / v) * 100.0).round() as usize
    });
    (full, empty, percent)
}

fn totals_and_findings(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let state = &app.regimen;
    let block = Block::bordered()
        .title(format!(" {} ", words::TOTALS_TITLE))
        .border_style(theme.border(false));
    let width = area.width.saturating_sub(2) as usize;
    let result = &state.result;
    let mut lines: Vec<Line> = Vec::new();
    if !state.products.is_empty() {
        lines.push(Line::styled(result.summary.clone(), theme.title()));
        lines.push(Line::styled(result.person.clone(), theme.dim()));
        lines.push(Line::raw(""));
        if result.totals.is_empty() {
            lines.push(Line::styled(words::NO_TOTALS, theme.dim()));
        }
    }
    let bar_width = width.saturating_sub(4).clamp(10, 48);
    for total in &result.totals {
        let q = total.quantity;
        let unit = q.unit();
        let mut head = vec![
            Span::styled(format!("{} ", q.noun()), theme.title()),
            Span::raw(format!("{} {}", number(total.per_day), q.per_day_unit())),
        ];
        if (total.heaviest_day - total.per_day).abs() > 1e-9 {
            head.push(Span::styled(
                format!("; {} {unit} {}", number(total.heaviest_day), words::BOLUS),
                theme.dim(),
            ));
        }
        lines.push(Line::from(head));
        let (full, empty, _) = bar(total, bar_width);
        let fill_style = match total.above() {
            Some(s) => theme.severity(s),
            None => theme.ok(),
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(full, fill_style),
            Span::styled(empty, theme.dim()),
        ]));
        if total.limits.is_empty() {
            lines.push(Line::styled(format!("  {}", words::NO_LIMIT), theme.dim()));
        }
        for (name, value, severity) in &total.limits {
            let above = total.per_day > *value;
            let text = words::against(
                &visible(name),
                &format!("{} {}", number(*value), q.per_day_unit()),
                total.per_day.total_cmp(value),
            );
            let percent = number((total.per_day / value * 100.0).round());
            let (style, tail) = if above {
                (
                    theme.severity(*severity),
                    format!(" · {percent}% · {}", severity.as_str()),
                )
            } else {
                (Style::new(), format!(" · {percent}%"))
            };
            lines.push(Line::from(vec![
                Span::raw("  ┃ "),
                Span::styled(text, style),
                Span::styled(tail, if above { style } else { theme.dim() }),
            ]));
        }
        for c in &total.contributions {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", words::CONTRIBUTIONS), theme.label()),
                Span::raw(visible(c).into_owned()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    if !result.findings.is_empty() {
        lines.push(Line::styled(
            format!("{} ({})", words::FINDINGS_TITLE, result.findings.len()),
            theme.title(),
        ));
    }
    let rules = &app.rules.rules;
    for f in &result.findings {
        let rule = &rules.rules[f.rule_index.min(rules.rules.len().saturating_sub(1))];
        let mut head = vec![
            Span::styled(
                format!("{} ", f.severity.as_str()),
                theme.severity(f.severity),
            ),
            Span::styled(format!("{} ", visible(&rule.id)), theme.title()),
        ];
        if f.duplication {
            head.push(Span::styled(
                format!("({}) ", words::DUPLICATION),
                theme.dim(),
            ));
        }
        head.push(Span::raw(visible(&f.message).into_owned()));
        lines.push(Line::from(head));
        for c in &f.contributions {
            lines.push(Line::raw(format!("  {}", visible(c))));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", words::WHY), theme.label()),
            Span::raw(visible(rule.rationale.trim()).into_owned()),
        ]));
        let sources: Vec<String> = rule
            .sources
            .iter()
            .filter_map(|key| {
                rules
                    .source(key)
                    .map(|s| format!("[{}] {}", visible(key), visible(&s.citation)))
            })
            .collect();
        if !sources.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", words::SOURCES), theme.label()),
                Span::raw(sources.join("; ")),
            ]));
        }
        lines.push(Line::raw(""));
    }
    if !state.load_errors.is_empty() {
        lines.push(Line::styled(words::LEFT_OUT, theme.error()));
        for e in &state.load_errors {
            lines.push(Line::raw(format!("  {e}")));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((state.scroll, 0))
            .block(block),
        area,
    );
}

fn prompt(
    app: &App,
    prompt: &Prompt,
    error: Option<&str>,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let wide = area.width.saturating_sub(4).clamp(20, 76);
    let error_line = |lines: &mut Vec<Line>| {
        if let Some(e) = error {
            lines.push(Line::styled(e.to_string(), theme.error()));
        }
    };
    let titled = |title: &str| {
        Block::bordered()
            .title(format!(" {title} "))
            .border_style(theme.border(true))
    };
    match prompt {
        Prompt::Paste => {
            let rect = area.centered(
                Constraint::Length(area.width.saturating_sub(4).max(1)),
                Constraint::Length(area.height.saturating_sub(4).max(1)),
            );
            frame.render_widget(Clear, rect);
            let block = titled(words::PROMPT_PASTE);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let [text, bottom] = inner.layout(&Layout::vertical([
                Constraint::Fill(1),
                Constraint::Length(u16::from(error.is_some())),
            ]));
            frame.render_widget(&app.paste_box, text);
            if let Some(e) = error {
                frame.render_widget(Line::styled(e.to_string(), theme.error()), bottom);
            }
        }
        Prompt::Example(selected) => {
            let height = (app.examples.len() as u16 + 2).min(area.height.saturating_sub(2));
            let rect = area.centered(Constraint::Length(wide), Constraint::Length(height));
            frame.render_widget(Clear, rect);
            let w = rect.width.saturating_sub(2) as usize;
            let items: Vec<ListItem> = app
                .examples
                .iter()
                .map(|e| ListItem::new(fit(&visible(&e.label.name), w)))
                .collect();
            let mut state = ListState::default().with_selected(Some(*selected));
            frame.render_stateful_widget(
                List::new(items)
                    .block(titled(words::PROMPT_EXAMPLE))
                    .highlight_style(theme.selected(true)),
                rect,
                &mut state,
            );
        }
        Prompt::ConfirmOverwrite(path, _) => {
            let rect = area.centered(Constraint::Length(wide), Constraint::Length(7));
            frame.render_widget(Clear, rect);
            let mut lines = vec![Line::raw(visible(&path.display().to_string()).into_owned())];
            error_line(&mut lines);
            lines.push(Line::raw(words::OVERWRITE_QUESTION));
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: true })
                    .block(titled(words::PROMPT_OVERWRITE)),
                rect,
            );
        }
        Prompt::ReportAudience(path, audience) => {
            let rect = area.centered(Constraint::Length(wide), Constraint::Length(6));
            frame.render_widget(Clear, rect);
            let block = titled(words::PROMPT_AUDIENCE);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let w = inner.width as usize;
            let [file, list] = inner.layout(&Layout::vertical([
                Constraint::Length(2),
                Constraint::Fill(1),
            ]));
            frame.render_widget(
                Paragraph::new(vec![
                    Line::raw(fit(&words::report_to(&path.display().to_string()), w)),
                    Line::styled(words::AUDIENCE_HELP, theme.dim()),
                ]),
                file,
            );
            let items: Vec<ListItem> = [Audience::Person, Audience::Professional]
                .into_iter()
                .map(|a| ListItem::new(fit(words::audience(a), w)))
                .collect();
            let selected = usize::from(*audience == Audience::Professional);
            let mut state = ListState::default().with_selected(Some(selected));
            frame.render_stateful_widget(
                List::new(items).highlight_style(theme.selected(true)),
                list,
                &mut state,
            );
        }
        Prompt::ConfirmReport(path, ..) => {
            let rect = area.centered(Constraint::Length(wide), Constraint::Length(7));
            frame.render_widget(Clear, rect);
            let mut lines = vec![Line::raw(visible(&path.display().to_string()).into_owned())];
            error_line(&mut lines);
            lines.push(Line::raw(words::REPORT_OVERWRITE_QUESTION));
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: true })
                    .block(titled(words::PROMPT_REPORT_OVERWRITE)),
                rect,
            );
        }
        Prompt::AddFile(input)
        | Prompt::Open(input)
        | Prompt::SaveAs(input)
        | Prompt::Taken(input)
        | Prompt::Reason(input)
        | Prompt::Report(input) => {
            let (title, help) = match prompt {
                Prompt::AddFile(_) => (words::PROMPT_ADD_FILE, None),
                Prompt::Report(_) => (words::PROMPT_REPORT, Some(words::REPORT_HELP)),
                Prompt::Open(_) => (words::PROMPT_OPEN, None),
                Prompt::SaveAs(_) => (words::PROMPT_SAVE_AS, None),
                Prompt::Taken(_) => (words::PROMPT_TAKEN, Some(words::TAKEN_HELP)),
                _ => (words::PROMPT_REASON, None),
            };
            let inner_w = wide.saturating_sub(2);
            let error_rows = error.map_or(0, |e| {
                (e.chars().count() as u16).div_ceil(inner_w.max(1)).max(1)
            });
            let height = 3 + u16::from(help.is_some()) + error_rows;
            let rect = area.centered(Constraint::Length(wide), Constraint::Length(height));
            frame.render_widget(Clear, rect);
            let block = titled(title);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let (shown, cur) = input.visible(inner.width.saturating_sub(1) as usize);
            let mut lines = vec![Line::styled(shown, theme.editing())];
            if let Some(help) = help {
                lines.push(Line::styled(help, theme.dim()));
            }
            error_line(&mut lines);
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
            if inner.width > 0 && inner.height > 0 {
                frame.set_cursor_position(Position::new(inner.x + cur as u16, inner.y));
            }
        }
    }
}

/// The Compare view: one column per product, the rows `labelcheck compare` prints.
pub fn render_compare(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let table = &app.regimen.compare;
    let block = Block::bordered()
        .title(format!(" {} ", words::COMPARE_TITLE))
        .border_style(theme.border(true));
    if table.names.len() < 2 {
        frame.render_widget(
            Paragraph::new(vec![
                Line::raw(words::COMPARE_TOO_FEW),
                Line::styled(words::COMPARE_HOW, theme.dim()),
            ])
            .wrap(Wrap { trim: true })
            .block(block),
            area,
        );
        return;
    }
    let inner_w = area.width.saturating_sub(2) as usize;
    let head_w = table
        .rows
        .iter()
        .map(|(h, _)| h.chars().count())
        .max()
        .unwrap_or(0)
        .min(inner_w / 4);
    let n = table.names.len();
    let col_w = (inner_w.saturating_sub(head_w + n)) / n;
    let header = Row::new(
        std::iter::once(Cell::from("")).chain(
            table
                .names
                .iter()
                .map(|name| Cell::from(Span::styled(cell(&visible(name), col_w), theme.title()))),
        ),
    );
    let rows: Vec<Row> = table
        .rows
        .iter()
        .skip(app.regimen.compare_scroll as usize)
        .map(|(head, cells)| {
            Row::new(
                std::iter::once(Cell::from(Span::styled(
                    cell(&visible(head), head_w),
                    theme.label(),
                )))
                .chain(cells.iter().map(|c| {
                    let style = crate::rules::Severity::ALL
                        .iter()
                        .find(|s| s.as_str() == c)
                        .map_or(Style::new(), |s| theme.severity(*s));
                    Cell::from(Span::styled(cell(&visible(c), col_w), style))
                })),
            )
        })
        .collect();
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(head_w as u16))
        .chain((0..n).map(|_| Constraint::Length(col_w as u16)))
        .collect();
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .block(block),
        top,
    );
    frame.render_widget(
        Line::styled(format!(" {}", words::COMPARE_HOW), theme.dim()),
        bottom,
    );
}
