//! Full-screen views over the panes: the key bindings, and a snapshot's
//! chain and contents (what `snapshot chain` and `snapshot show --data`
//! print).

use super::KEY_BINDINGS;
use crate::cli::output::{format_timestamp_ms, value_cell};
use crate::cli::snapshot::range_cell;
use crate::model::snapshot::SnapshotManager;
use crate::store::codec::escape_bytes;
use crate::store::StorageService;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

/// Entries of a snapshot listed at most.
const MAX_ENTRIES: usize = 2_000;

/// A scrollable text view.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// Shown in the frame.
    pub title: String,
    /// The text.
    pub lines: Vec<Line<'static>>,
    /// First line shown.
    pub scroll: usize,
}

impl Overlay {
    /// Handles a key; true when the view should close.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('?') => return true,
            KeyCode::Down | KeyCode::Char('j') => self.scroll += 1,
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll += 10,
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = self.lines.len().saturating_sub(1),
            _ => {}
        }
        self.scroll = self.scroll.min(self.lines.len().saturating_sub(1));
        false
    }
}

/// The key bindings.
pub fn help() -> Overlay {
    Overlay {
        title: "keys (Esc closes)".into(),
        lines: KEY_BINDINGS
            .lines()
            .map(|l| Line::raw(l.to_string()))
            .collect(),
        scroll: 0,
    }
}

fn heading(text: String) -> Line<'static> {
    Line::styled(text, Style::default().add_modifier(Modifier::BOLD))
}

/// Snapshot `id`: its chain to the root (as `snapshot chain`), then what
/// it stores and deletes (as `snapshot show --data`).
pub fn snapshot(storage: &mut StorageService, id: &str) -> Overlay {
    let mut lines = vec![heading(format!("chain of snapshot {id}, newest first"))];
    let mut manager = SnapshotManager::new(storage);
    match manager.chain(id) {
        Ok(chain) => {
            lines.push(Line::raw(format!(
                "  {:<24} {:<24} {:>8} {:>9}  range",
                "id", "time", "entries", "deletions"
            )));
            for (i, link) in chain.links.iter().enumerate() {
                let time = link.timestamp.map(format_timestamp_ms).unwrap_or_default();
                lines.push(Line::raw(format!(
                    "{} {:<24} {:<24} {:>8} {:>9}  {}",
                    if i == 0 { "•" } else { "↳" },
                    link.id,
                    time,
                    link.entries,
                    link.deletions,
                    range_cell(link)
                )));
            }
            match chain.problem {
                Some(problem) => lines.push(Line::styled(
                    format!("broken chain: {problem}"),
                    Style::default().add_modifier(Modifier::BOLD),
                )),
                None => lines.push(Line::raw(format!(
                    "{} snapshot(s) in the chain, ending at its root",
                    chain.links.len()
                ))),
            }
        }
        Err(e) => lines.push(Line::raw(format!("cannot follow the chain: {e}"))),
    }
    lines.push(Line::raw(""));
    match manager.load(id) {
        Ok(Some(content)) => {
            lines.push(heading(format!(
                "contents of {id}: {} entries, {} deletions",
                content.data.len(),
                content.deleted.len()
            )));
            for (key, value) in content.data.iter().take(MAX_ENTRIES) {
                lines.push(Line::raw(format!(
                    "  {} = {}",
                    escape_bytes(key),
                    value_cell(value)
                )));
            }
            if content.data.len() > MAX_ENTRIES {
                lines.push(Line::raw(format!(
                    "  … {} more (`storectl snapshot show {id} --data` lists all)",
                    content.data.len() - MAX_ENTRIES
                )));
            }
            for key in content.deleted.iter().take(MAX_ENTRIES) {
                lines.push(Line::raw(format!("  deleted {}", escape_bytes(key))));
            }
        }
        Ok(None) => lines.push(Line::raw(format!("snapshot {id} does not exist"))),
        Err(e) => lines.push(Line::raw(format!("cannot read snapshot {id}: {e}"))),
    }
    Overlay {
        title: format!("snapshot {id} (Esc closes)"),
        lines,
        scroll: 0,
    }
}
