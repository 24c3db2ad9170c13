//! Text panes laid out line by line here rather than by ratatui's wrapping, so that the view
//! knows which screen row holds what: a link's rows are made hyperlinks (OSC 8), and a link is
//! never cut by the border or broken at a word.

use ratatui::buffer::Buffer;
use ratatui::buffer::CellDiffOption;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Lines laid out for a width, with the link (if any) each line shows part of.
#[derive(Debug, Default)]
pub struct LaidOut {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<Option<String>>,
}

impl LaidOut {
    /// Adds styled text, wrapped at spaces to `width` columns; a word longer than the width
    /// is broken. An empty `spans` adds an empty line.
    pub fn text(&mut self, spans: Vec<Span<'static>>, width: usize) {
        // A line break in the text (a rationale written over several lines) starts a line.
        let mut pieces: Vec<Vec<Span<'static>>> = Vec::new();
        let mut current: Vec<Span<'static>> = Vec::new();
        for span in spans {
            for (i, part) in span.content.split('\n').enumerate() {
                if i > 0 {
                    pieces.push(std::mem::take(&mut current));
                }
                if !part.is_empty() {
                    current.push(Span::styled(part.to_string(), span.style));
                }
            }
        }
        pieces.push(current);
        for piece in pieces {
            for line in wrap_spans(piece, width) {
                self.lines.push(line);
                self.links.push(None);
            }
        }
    }

    /// Adds a link on lines of its own: indented by `indent` when it fits so, else from the
    /// first column, and a link longer than the width goes on as many whole lines as it needs.
    /// Every character of it is shown, and each of its lines links to the whole link.
    pub fn link(&mut self, url: &str, indent: usize, style: Style, width: usize) {
        let width = width.max(1);
        let len = url.chars().count();
        if len + indent <= width {
            self.lines
                .push(Line::styled(format!("{}{url}", " ".repeat(indent)), style));
            self.links.push(Some(url.to_string()));
            return;
        }
        let chars: Vec<char> = url.chars().collect();
        for piece in chars.chunks(width) {
            self.lines
                .push(Line::styled(piece.iter().collect::<String>(), style));
            self.links.push(Some(url.to_string()));
        }
    }
}

/// Wraps styled spans to `width` columns at spaces, keeping each piece's style; words longer
/// than the width are broken. Spaces at the start of a wrapped line are dropped.
pub fn wrap_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    // Words and runs of spaces, each with its style.
    let mut tokens: Vec<(String, Style, bool)> = Vec::new();
    for span in &spans {
        let mut current = String::new();
        let mut current_space = false;
        for c in span.content.chars() {
            let space = c == ' ';
            if !current.is_empty() && space != current_space {
                tokens.push((std::mem::take(&mut current), span.style, current_space));
            }
            current_space = space;
            current.push(c);
        }
        if !current.is_empty() {
            tokens.push((current, span.style, current_space));
        }
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (text, style, space) = &tokens[i];
        if *space {
            let w = text.chars().count();
            if used > 0 && used + w <= width {
                line.push(Span::styled(text.clone(), *style));
                used += w;
            } else if used > 0 {
                lines.push(Line::from(std::mem::take(&mut line)));
                used = 0;
            }
            i += 1;
            continue;
        }
        // A word and the words glued to it (other styles, no space between) move together.
        let mut j = i;
        let mut group = 0;
        while j < tokens.len() && !tokens[j].2 {
            group += tokens[j].0.chars().count();
            j += 1;
        }
        if used > 0 && used + group > width {
            trim_end(&mut line);
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        for (text, style, _) in &tokens[i..j] {
            let mut rest: Vec<char> = text.chars().collect();
            while !rest.is_empty() {
                if used == width {
                    lines.push(Line::from(std::mem::take(&mut line)));
                    used = 0;
                }
                let take = rest.len().min(width - used);
                let piece: String = rest.drain(..take).collect();
                used += take;
                line.push(Span::styled(piece, *style));
            }
        }
        i = j;
    }
    trim_end(&mut line);
    if !line.is_empty() || lines.is_empty() {
        lines.push(Line::from(line));
    }
    lines
}

fn trim_end(line: &mut Vec<Span<'static>>) {
    while line.last().is_some_and(|s| s.content.trim().is_empty()) {
        line.pop();
    }
}

/// Whether `url` may be sent inside an OSC 8 sequence: printable ASCII only, so that nothing
/// in a rules file can end the sequence early or write to the terminal.
pub fn linkable(url: &str) -> bool {
    !url.is_empty() && url.len() <= 2048 && url.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// Makes the cells of row `y` from `x`, `width` columns, a hyperlink to `url` (OSC 8): each
/// cell's character is wrapped in the link's start and end, and told to take one column,
/// so that a popup drawn over part of the row still replaces exactly the cells it covers.
pub fn hyperlink_row(buffer: &mut Buffer, x: u16, y: u16, width: u16, url: &str) {
    if !linkable(url) {
        return;
    }
    let one = std::num::NonZeroU16::MIN;
    for col in x..x.saturating_add(width) {
        let Some(cell) = buffer.cell_mut((col, y)) else {
            continue;
        };
        let symbol = cell.symbol().to_string();
        if symbol.trim().is_empty() {
            continue;
        }
        cell.set_symbol(&format!("\x1b]8;;{url}\x1b\\{symbol}\x1b]8;;\x1b\\"));
        cell.set_diff_option(CellDiffOption::ForcedWidth(one));
    }
}

/// Renders laid-out lines into `area` from line `scroll`, making the link rows hyperlinks
/// when `hyperlinks` is on.
pub fn render_laid_out(
    laid: &LaidOut,
    scroll: usize,
    area: Rect,
    hyperlinks: bool,
    buffer: &mut Buffer,
) {
    use ratatui::widgets::Widget;
    for (row, index) in (scroll..laid.lines.len())
        .take(area.height as usize)
        .enumerate()
    {
        let y = area.y + row as u16;
        let line_area = Rect::new(area.x, y, area.width, 1);
        (&laid.lines[index]).render(line_area, buffer);
        if hyperlinks && let Some(url) = &laid.links[index] {
            hyperlink_row(buffer, area.x, y, area.width, url);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_styles() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let lines = wrap_spans(
            vec![
                Span::styled("caution ", bold),
                Span::raw("above the level of the rule"),
            ],
            12,
        );
        assert_eq!(
            texts(&lines),
            ["caution", "above the", "level of the", "rule"]
        );
        assert_eq!(lines[0].spans[0].style, bold);
    }

    #[test]
    fn a_word_longer_than_the_width_is_broken_not_lost() {
        let lines = wrap_spans(vec![Span::raw("a abcdefghij b")], 4);
        assert_eq!(texts(&lines), ["a", "abcd", "efgh", "ij b"]);
    }

    #[test]
    fn a_long_link_keeps_every_character_on_lines_of_its_own() {
        let url = "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/";
        let mut laid = LaidOut::default();
        laid.link(url, 2, Style::new(), 20);
        let joined: String = laid.lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(joined, url);
        assert!(laid.links.iter().all(|l| l.as_deref() == Some(url)));
        let mut short = LaidOut::default();
        short.link("https://a.b/", 2, Style::new(), 20);
        assert_eq!(texts(&short.lines), ["  https://a.b/"]);
    }

    #[test]
    fn only_printable_ascii_links_are_sent_to_the_terminal() {
        assert!(linkable("https://example.org/a?b=c#d"));
        assert!(!linkable("https://example.org/\x1b]8;;evil"));
        assert!(!linkable("https://example.org/a b"));
        assert!(!linkable("https://exämple.org/"));
    }
}
