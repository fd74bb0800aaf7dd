//! Drawing the browser: category pane, key list, value pane, status line,
//! and the overlay on top. Narrow terminals drop the category pane, then
//! stack the key list over the value.

use super::app::{thousands, App, Focus, Prompt};
use crate::store::codec::escape_bytes;
use crate::store::Namespace;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// Where each part goes on a screen of `area`.
pub struct Areas {
    /// The category pane (absent on narrow screens).
    pub categories: Option<Rect>,
    /// The key list.
    pub keys: Rect,
    /// The value pane.
    pub value: Rect,
    /// The status line.
    pub status: Rect,
}

/// The layout of a screen.
pub fn areas(area: Rect) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    if main.width >= 80 {
        let [c, k, v] = Layout::horizontal([
            Constraint::Length(22),
            Constraint::Percentage(40),
            Constraint::Min(0),
        ])
        .areas(main);
        Areas {
            categories: Some(c),
            keys: k,
            value: v,
            status,
        }
    } else {
        let direction = if main.width >= 50 {
            Direction::Horizontal
        } else {
            Direction::Vertical
        };
        let [k, v] = Layout::default()
            .direction(direction)
            .constraints([Constraint::Percentage(50), Constraint::Min(0)])
            .areas(main);
        Areas {
            categories: None,
            keys: k,
            value: v,
            status,
        }
    }
}

/// Rows the key list holds on a screen of `area`.
pub fn list_rows(area: Rect) -> usize {
    areas(area).keys.height.saturating_sub(2) as usize
}

fn pane(title: String, focused: bool) -> Block<'static> {
    let block = Block::default().borders(Borders::ALL).title(title);
    if focused {
        block
            .border_type(BorderType::Thick)
            .border_style(Style::default().fg(Color::Cyan))
    } else {
        block
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    let parts = areas(area);
    if let Some(c) = parts.categories {
        categories(frame, app, c);
    }
    keys(frame, app, parts.keys);
    value_pane(frame, app, parts.value);
    status(frame, app, parts.status);
    if let Some(overlay) = &app.overlay {
        // Over the panes, leaving the status line.
        let box_area = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(Clear, box_area);
        let text = Paragraph::new(overlay.lines.clone())
            .block(pane(format!(" {} ", overlay.title), true))
            .wrap(Wrap { trim: false })
            .scroll((overlay.scroll.min(u16::MAX as usize) as u16, 0));
        frame.render_widget(text, box_area);
    }
}

fn count_text(app: &App, index: usize) -> String {
    match app.filter_count(index) {
        Some((n, false)) => thousands(n),
        Some((n, true)) => format!("{}…", thousands(n)),
        None => "?".into(),
    }
}

fn categories(frame: &mut Frame, app: &App, area: Rect) {
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = app
        .filters
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let count = count_text(app, i);
            let label = format!(
                "{}{} {}",
                if i == app.filter { "›" } else { " " },
                i + 1,
                f.name
            );
            let pad = width.saturating_sub(label.chars().count() + count.chars().count());
            let style = if i == app.filter {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::styled(format!("{label}{}{count}", " ".repeat(pad)), style)
        })
        .collect();
    let block = pane(" categories ".into(), app.focus == Focus::Categories);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn keys(frame: &mut Frame, app: &App, area: Rect) {
    let width = area.width.saturating_sub(3) as usize;
    let lines: Vec<Line> = app
        .window
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let selected = i == app.window.selected;
            let text = cut(&escape_bytes(&row.key), width);
            if selected {
                Line::styled(
                    format!("›{text}"),
                    Style::default().add_modifier(Modifier::REVERSED),
                )
            } else {
                Line::raw(format!(" {text}"))
            }
        })
        .collect();
    let filter = &app.filters[app.filter];
    let title = format!(" {} · {} ", filter.name, app.position_text());
    let block = pane(title, app.focus == Focus::Keys);
    if lines.is_empty() {
        let empty = Paragraph::new(format!(" no {} keys", filter.name)).block(block);
        frame.render_widget(empty, area);
    } else {
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

fn value_pane(frame: &mut Frame, app: &mut App, area: Rect) {
    let focused = app.focus == Focus::Value;
    let size = app.window.current().map(|r| r.value.len() as u64);
    // Lays out a newly selected value (and resets the scroll) first.
    let kind = app.value_view().map(|v| v.kind);
    let title = match (size, kind) {
        (Some(size), Some(kind)) => format!(" value · {} bytes · {kind} ", thousands(size)),
        _ => " value ".into(),
    };
    let block = pane(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (width, rows) = (inner.width as usize, inner.height as usize);
    let requested = app.value_scroll;
    let Some(view) = app.value_view() else {
        return;
    };
    let scroll = requested.min(view.lines.len().saturating_sub(1));
    // Long lines (hashes, strings) wrap at the pane's edge, character by
    // character; only the lines on screen are laid out.
    let mut shown: Vec<Line<'static>> = Vec::with_capacity(rows);
    for line in view.lines.iter().skip(scroll) {
        if shown.len() >= rows {
            break;
        }
        shown.extend(hard_wrap(line, width));
    }
    shown.truncate(rows);
    app.value_scroll = scroll;
    frame.render_widget(Paragraph::new(shown), inner);
}

/// `line` split into rows of at most `width` characters, keeping styles.
fn hard_wrap(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    if width == 0 {
        return Vec::new();
    }
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in &line.spans {
        let mut text: &str = &span.content;
        while !text.is_empty() {
            let room = width - used;
            let take = text
                .char_indices()
                .nth(room)
                .map_or(text.len(), |(at, _)| at);
            current.push(Span::styled(text[..take].to_string(), span.style));
            used += text[..take].chars().count();
            text = &text[take..];
            if used == width {
                rows.push(Line::from(std::mem::take(&mut current)));
                used = 0;
            }
        }
    }
    if !current.is_empty() || rows.is_empty() {
        rows.push(Line::from(current));
    }
    rows
}

fn status(frame: &mut Frame, app: &App, area: Rect) {
    let line = match &app.prompt {
        Some(Prompt::Search { input, .. }) => Line::from(vec![
            Span::styled("search key prefix: ", Style::default().fg(Color::Cyan)),
            Span::raw(format!("{input}█")),
            Span::styled(
                "  Enter keeps, Esc returns",
                Style::default().add_modifier(Modifier::DIM),
            ),
        ]),
        Some(Prompt::Height { input }) => Line::from(vec![
            Span::styled("go to block at height: ", Style::default().fg(Color::Cyan)),
            Span::raw(format!("{input}█")),
        ]),
        None => {
            let ns = match app.namespace() {
                Namespace::Raw => "raw keys".to_string(),
                Namespace::Prefixed(p) => format!("prefix {:?}", String::from_utf8_lossy(p)),
            };
            let place = format!(
                "{} · {ns} · {} {} · ",
                app.label(),
                app.filters[app.filter].name,
                app.position_text()
            );
            let count_failure = match app.counts() {
                super::counts::Counts::Failed(e) => Some((format!("counting failed: {e}"), true)),
                _ => None,
            };
            let tail = match app.message.as_ref().or(count_failure.as_ref()) {
                Some((text, true)) => Span::styled(text.clone(), Style::default().fg(Color::Red)),
                Some((text, false)) => {
                    Span::styled(text.clone(), Style::default().fg(Color::Yellow))
                }
                None => Span::styled(
                    "?:help /:search g:height Enter:follow q:quit",
                    Style::default().add_modifier(Modifier::DIM),
                ),
            };
            Line::from(vec![Span::raw(place), tail])
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// `text` cut to `width` characters in the middle (`block:0x00…03`), so
/// both a key's category and the end of its hash stay visible.
fn cut(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    if width < 2 {
        return text.chars().take(width).collect();
    }
    let tail = (width - 1) / 3;
    let head = width - 1 - tail;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(n - tail));
    out
}
