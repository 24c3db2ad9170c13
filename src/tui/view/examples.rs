//! The example browser: example labels on the left, the highlighted one's key facts and
//! findings on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::fit;
use crate::label::Intake;
use crate::report::summarise_intake;
use crate::tui::app::App;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(45),
        Constraint::Percentage(55),
    ]));
    let block = Block::bordered()
        .title(format!(" {} ", strings::examples_title(app.examples.len())))
        .border_style(theme.border(true));
    let width = left.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = app
        .examples
        .iter()
        .map(|e| ListItem::new(Line::raw(fit(&e.label.name, width))))
        .collect();
    let mut state = ListState::default().with_selected(Some(app.example_selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(block)
            .highlight_style(theme.selected(true)),
        left,
        &mut state,
    );

    let block = Block::bordered()
        .title(format!(" {} ", strings::PREVIEW_TITLE))
        .border_style(theme.border(false));
    let Some(example) = app.examples.get(app.example_selected) else {
        frame.render_widget(Paragraph::new(strings::NO_EXAMPLES).block(block), right);
        return;
    };
    let label = &example.label;
    let intake = Intake::from_label(label);
    let findings = app.example_findings(app.example_selected);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<10}"), theme.label()),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        Line::styled(label.name.clone(), theme.title()),
        field(
            strings::PREVIEW_BRAND,
            label
                .brand
                .clone()
                .unwrap_or_else(|| strings::NOT_GIVEN.into()),
        ),
        field(
            strings::PREVIEW_FORM,
            label
                .form
                .map_or(strings::NOT_GIVEN.into(), |f| f.as_str().to_string()),
        ),
        field(
            strings::PREVIEW_SERVING,
            label
                .serving_size
                .clone()
                .unwrap_or_else(|| strings::NOT_GIVEN.into()),
        ),
        field(
            strings::PREVIEW_FILE,
            strings::example_source(&example.file, &example.origin),
        ),
        Line::raw(""),
        Line::styled(strings::PREVIEW_PER_DAY, theme.title()),
        Line::raw(summarise_intake(&intake)),
        Line::raw(""),
        Line::styled(strings::example_findings(findings.len()), theme.title()),
    ];
    for (severity, id) in &findings {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<8}", severity.as_str()),
                theme.severity(*severity),
            ),
            Span::raw(id.clone()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(strings::ENTER_LOADS_EXAMPLE, theme.dim()));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        right,
    );
}
