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
use crate::tui::mouse::Region;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(45),
        Constraint::Percentage(55),
    ]));
    let shown = app.visible_examples();
    let block = Block::bordered()
        .title(format!(
            " {} ",
            strings::examples_list_title(shown.len(), app.examples.len(), app.example_order)
        ))
        .border_style(theme.border(true));
    let inner = block.inner(left);
    frame.render_widget(block, left);
    let list_area = super::filter_line(&app.example_filter, theme, frame, inner);
    let width = list_area.width as usize;
    let items: Vec<ListItem> = shown
        .iter()
        .map(|i| ListItem::new(Line::raw(fit(&app.examples[*i].label.name, width))))
        .collect();
    let selected = shown.iter().position(|i| *i == app.example_selected);
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected(true)),
        list_area,
        &mut state,
    );
    if shown.is_empty() && !app.examples.is_empty() {
        frame.render_widget(
            Paragraph::new(strings::NO_EXAMPLE_MATCHES)
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            list_area,
        );
    }
    {
        let mut hits = app.hits.borrow_mut();
        hits.add(left, Region::Examples);
        hits.add_rows(list_area, state.offset(), &shown, Region::Example);
    }

    let block = Block::bordered()
        .title(format!(" {} ", strings::PREVIEW_TITLE))
        .border_style(theme.border(false));
    let example = app
        .examples
        .get(app.example_selected)
        .filter(|_| shown.contains(&app.example_selected));
    let Some(example) = example else {
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
