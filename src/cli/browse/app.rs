//! The browser's state and what each key does; no terminal here, so the
//! whole behaviour is driven by tests through [`App::key`].

use super::counts::{Counter, Counts};
use super::overlay::{self, Overlay};
use super::value::ValueView;
use super::window::{Filter, Position, Window};
use crate::cli::output::OutputFormat;
use crate::model::block::{block_key, block_meta_bytes, BlockStorage};
use crate::model::height::parse_height_key;
use crate::model::state::state_key;
use crate::model::stats::Category;
use crate::store::codec::escape_bytes;
use crate::store::json;
use crate::store::{Namespace, StorageService, Store};
use anyhow::Result;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

/// Which pane the arrow keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The category list.
    Categories,
    /// The key list.
    Keys,
    /// The value (scrolls).
    Value,
}

/// A line of input being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// `/`: incremental search by key prefix; the key to return to on Esc.
    Search {
        /// What was typed.
        input: String,
        /// The selected key and filter before the search.
        origin: Option<(usize, Vec<u8>)>,
    },
    /// `g`: go to the block at a height.
    Height {
        /// What was typed.
        input: String,
    },
}

/// The filters of the category pane, in order.
pub fn filters() -> Vec<Filter> {
    vec![
        Filter::all(),
        Filter::prefix("block", "block:"),
        Filter::prefix("height", "height:"),
        Filter::prefix("state", "state:"),
        Filter::prefix("root", "root:"),
        Filter::prefix("snapshot", "snapshot:"),
        Filter::other(),
    ]
}

/// The browser.
pub struct App {
    path: PathBuf,
    label: String,
    namespace: Namespace,
    storage: StorageService,
    /// The category pane's filters.
    pub filters: Vec<Filter>,
    /// The filter shown.
    pub filter: usize,
    /// The key list.
    pub window: Window,
    /// The pane arrows move in.
    pub focus: Focus,
    /// A line being typed, if any.
    pub prompt: Option<Prompt>,
    /// A full-screen view over the panes (help, a snapshot), if any.
    pub overlay: Option<Overlay>,
    /// First line of the value shown.
    pub value_scroll: usize,
    value_cache: Option<ValueView>,
    counter: Counter,
    /// The last action's outcome (errors are marked).
    pub message: Option<(String, bool)>,
    history: Vec<(usize, Vec<u8>)>,
    /// What `y`/`Y` copied, to print on exit when there is no clipboard.
    pub yanked: Vec<String>,
    copy_format: OutputFormat,
    clipboard: Option<Vec<String>>,
    /// Set by `q`, Esc or Ctrl-C.
    pub quit: bool,
}

impl App {
    /// Opens a read view of the store at `path` and its first page.
    pub fn open(path: &Path, namespace: Namespace, copy_format: OutputFormat) -> Result<App> {
        let storage = StorageService::new(Store::open_read(path)?, namespace.clone());
        let filters = filters();
        let mut app = App {
            path: path.to_path_buf(),
            label: path.display().to_string(),
            counter: Counter::start(path.to_path_buf(), namespace.clone()),
            namespace,
            storage,
            window: Window::new(filters[0].clone(), 1),
            filters,
            filter: 0,
            focus: Focus::Keys,
            prompt: None,
            overlay: None,
            value_scroll: 0,
            value_cache: None,
            message: None,
            history: Vec::new(),
            yanked: Vec::new(),
            copy_format,
            clipboard: None,
            quit: false,
        };
        app.window.home(&mut app.storage)?;
        Ok(app)
    }

    /// Shows `key` (or the next key) first, in the category holding it.
    pub fn start_at(&mut self, key: &[u8]) -> Result<()> {
        if let Some(i) = self
            .filters
            .iter()
            .position(|f| f.name != "all" && f.contains(key))
        {
            self.show_filter(i);
        }
        self.window.seek(&mut self.storage, key)?;
        Ok(())
    }

    /// Copies with this command (argv) instead of printing on exit.
    pub fn set_clipboard(&mut self, command: Option<Vec<String>>) {
        self.clipboard = command;
    }

    /// How the status line names the store (its path, as given).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Names the store differently in the status line.
    pub fn set_label(&mut self, label: impl Into<String>) {
        self.label = label.into();
    }

    /// The namespace browsed.
    pub fn namespace(&self) -> &Namespace {
        &self.namespace
    }

    /// The category counts so far.
    pub fn counts(&self) -> &Counts {
        self.counter.counts()
    }

    /// Takes in the counting thread's progress; true when it changed.
    pub fn poll_counts(&mut self) -> bool {
        self.counter.poll()
    }

    /// Waits for the counts (tests, golden screens).
    pub fn wait_counts(&mut self) {
        self.counter.wait()
    }

    /// The number of keys of filter `index`, when known; `running` tells
    /// whether the count is still going.
    pub fn filter_count(&self, index: usize) -> Option<(u64, bool)> {
        let (tally, running) = match self.counter.counts() {
            Counts::Running(t) => (t, true),
            Counts::Done(t) => (t, false),
            Counts::Failed(_) => return None,
        };
        let of = |c: Category| tally.get(&c).copied().unwrap_or(0);
        let n = match self.filters.get(index)?.name {
            "all" => tally.values().sum(),
            "block" => of(Category::Block),
            "height" => of(Category::Height),
            "state" => of(Category::State) + of(Category::StateSubKey),
            "root" => of(Category::Root),
            "snapshot" => of(Category::Snapshot),
            _ => of(Category::Other),
        };
        Some((n, running))
    }

    /// "12 of 250,000" for the selected key, as far as it is known.
    pub fn position_text(&self) -> String {
        let total = match self.filter_count(self.filter) {
            Some((n, false)) => Some(n),
            _ => None,
        };
        let of = total
            .map(|t| format!(" of {}", thousands(t)))
            .unwrap_or_default();
        if self.window.rows.is_empty() {
            return "no keys".into();
        }
        match (self.window.position, total) {
            (Position::FromStart(i), _) => format!("{}{of}", thousands(i + 1)),
            (Position::FromEnd(i), Some(t)) => format!("{}{of}", thousands(t.saturating_sub(i))),
            (Position::FromEnd(0), None) => "last".into(),
            (Position::FromEnd(i), None) => format!("last - {}", thousands(i)),
            (Position::Unknown, _) => format!("?{of}"),
        }
    }

    /// Sizes the key list to `rows` lines, re-reading the window if needed.
    pub fn fit(&mut self, rows: usize) {
        let rows = rows.max(1);
        if rows != self.window.height {
            let result = self.window.refill(&mut self.storage, rows);
            self.report(result);
        }
    }

    /// The selected value, laid out once per selection (a new selection
    /// starts at its first line).
    pub fn value_view(&mut self) -> Option<&ValueView> {
        let row = self.window.current()?;
        if self.value_cache.as_ref().is_none_or(|v| v.key != row.key) {
            self.value_cache = Some(ValueView::new(&row.key, &row.value));
            self.value_scroll = 0;
        }
        self.value_cache.as_ref()
    }

    fn report(&mut self, result: Result<()>) {
        if let Err(e) = result {
            self.message = Some((format!("error: {e:#}"), true));
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    /// Handles one key press.
    pub fn key(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        if let Some(overlay) = &mut self.overlay {
            if overlay.key(key) {
                self.overlay = None;
            }
            return;
        }
        if self.prompt.is_some() {
            let result = self.prompt_key(key);
            self.report(result);
            return;
        }
        self.message = None;
        let result = self.normal_key(key);
        self.report(result);
    }

    fn normal_key(&mut self, key: KeyEvent) -> Result<()> {
        let storage = &mut self.storage;
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Tab => self.focus = next_focus(self.focus, 1),
            KeyCode::BackTab => self.focus = next_focus(self.focus, 2),
            KeyCode::Left | KeyCode::Char('h') => {
                self.focus = match self.focus {
                    Focus::Value => Focus::Keys,
                    _ => Focus::Categories,
                }
            }
            KeyCode::Right | KeyCode::Char('l') => {
                self.focus = match self.focus {
                    Focus::Categories => Focus::Keys,
                    _ => Focus::Value,
                }
            }
            KeyCode::Char(c @ '1'..='7') => self.select_filter(c as usize - '1' as usize)?,
            KeyCode::Down | KeyCode::Char('j') => match self.focus {
                Focus::Categories => self.select_filter((self.filter + 1) % self.filters.len())?,
                Focus::Keys => self.window.down(storage)?,
                Focus::Value => self.value_scroll += 1,
            },
            KeyCode::Up | KeyCode::Char('k') => match self.focus {
                Focus::Categories => {
                    let n = self.filters.len();
                    self.select_filter((self.filter + n - 1) % n)?
                }
                Focus::Keys => self.window.up(storage)?,
                Focus::Value => self.value_scroll = self.value_scroll.saturating_sub(1),
            },
            KeyCode::PageDown => match self.focus {
                Focus::Value => self.value_scroll += self.window.height,
                _ => self.window.page_down(storage)?,
            },
            KeyCode::PageUp => match self.focus {
                Focus::Value => {
                    self.value_scroll = self.value_scroll.saturating_sub(self.window.height)
                }
                _ => self.window.page_up(storage)?,
            },
            KeyCode::Home => match self.focus {
                Focus::Value => self.value_scroll = 0,
                _ => self.window.home(storage)?,
            },
            KeyCode::End => match self.focus {
                Focus::Value => self.value_scroll = usize::MAX / 2,
                _ => self.window.end(storage)?,
            },
            KeyCode::Char('/') => {
                let origin = self.window.current().map(|r| (self.filter, r.key.clone()));
                self.prompt = Some(Prompt::Search {
                    input: String::new(),
                    origin,
                });
            }
            KeyCode::Char('g') => {
                self.prompt = Some(Prompt::Height {
                    input: String::new(),
                })
            }
            KeyCode::Enter => self.follow()?,
            KeyCode::Backspace | KeyCode::Char('b') => self.back()?,
            KeyCode::Char('y') => self.copy(false),
            KeyCode::Char('Y') => self.copy(true),
            KeyCode::Char('r') => self.reload()?,
            KeyCode::Char('?') => self.overlay = Some(overlay::help()),
            _ => {}
        }
        Ok(())
    }

    fn prompt_key(&mut self, key: KeyEvent) -> Result<()> {
        let Some(prompt) = &mut self.prompt else {
            return Ok(());
        };
        let (input, is_search) = match prompt {
            Prompt::Search { input, .. } => (input, true),
            Prompt::Height { input } => (input, false),
        };
        match key.code {
            KeyCode::Esc => {
                let prompt = self.prompt.take();
                if let Some(Prompt::Search {
                    origin: Some((filter, origin)),
                    ..
                }) = prompt
                {
                    self.show_filter(filter);
                    self.window.seek(&mut self.storage, &origin)?;
                }
                return Ok(());
            }
            KeyCode::Enter => {
                let prompt = self.prompt.take();
                match prompt {
                    Some(Prompt::Height { input }) => self.go_to_height(&input)?,
                    Some(Prompt::Search {
                        origin: Some(origin),
                        ..
                    }) => self.history.push(origin),
                    _ => {}
                }
                return Ok(());
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char(c) if is_search || c.is_ascii_digit() => input.push(c),
            _ => return Ok(()),
        }
        if is_search {
            let prefix = input.clone().into_bytes();
            self.search(&prefix)?;
        }
        Ok(())
    }

    /// Seeks to the first key starting with `prefix` (in the shown category
    /// when it can hold such keys, else in all keys).
    fn search(&mut self, prefix: &[u8]) -> Result<()> {
        if !self.filters[self.filter].may_hold_prefix(prefix) {
            self.show_filter(0);
        }
        self.window.seek(&mut self.storage, prefix)?;
        if !self
            .window
            .current()
            .is_some_and(|r| r.key.starts_with(prefix))
        {
            self.info(format!(
                "no key starts with {}; showing the next key",
                escape_bytes(prefix)
            ));
        } else {
            self.message = None;
        }
        Ok(())
    }

    fn go_to_height(&mut self, input: &str) -> Result<()> {
        let Ok(height) = input.parse::<u64>() else {
            self.info("type a height (digits), then Enter");
            return Ok(());
        };
        match BlockStorage::new(&mut self.storage).hash_at_height(height)? {
            Some(hash) => self.jump(&block_key(&hash), &format!("height:{height}")),
            None => {
                self.info(format!(
                    "no block at height {height}: height:{height} is not in the store"
                ));
                Ok(())
            }
        }
    }

    /// Shows `key` (selected), remembering where we were for `b`; says so
    /// when the key is not in the store (`why` names what pointed to it).
    fn jump(&mut self, key: &[u8], why: &str) -> Result<()> {
        if let Some(row) = self.window.current() {
            self.history.push((self.filter, row.key.clone()));
        }
        if !self.filters[self.filter].contains(key) {
            let category = self
                .filters
                .iter()
                .position(|f| f.name != "all" && f.contains(key))
                .unwrap_or(0);
            self.show_filter(category);
        }
        self.window.seek(&mut self.storage, key)?;
        if self.window.current().is_none_or(|r| r.key != key) {
            self.message = Some((
                format!("{} (named by {why}) is not in the store", escape_bytes(key)),
                true,
            ));
        }
        Ok(())
    }

    /// Enter: a height goes to its block, a block to its root, a root to
    /// its machine's state, a state to its root, a snapshot opens its
    /// chain and contents.
    fn follow(&mut self) -> Result<()> {
        let Some(row) = self.window.current().cloned() else {
            return Ok(());
        };
        let text = std::str::from_utf8(&row.value).ok();
        let shown = escape_bytes(&row.key);
        if parse_height_key(&row.key).is_some() {
            match text.and_then(json::decode_string) {
                Some(hash) => return self.jump(&block_key(&hash), &shown),
                None => self.info(format!("{shown} does not hold a block hash string")),
            }
        } else if row.key.starts_with(b"block:") {
            match block_meta_bytes(&row.value) {
                Ok(meta) => {
                    let root = format!("root:{}", meta.state_root).into_bytes();
                    return self.jump(&root, &format!("{shown}'s stateRoot"));
                }
                Err(e) => self.info(format!("{shown} is not a readable block: {e}")),
            }
        } else if row.key.starts_with(b"root:") {
            match text
                .and_then(|t| json::field(t, "machineId"))
                .and_then(json::decode_string)
            {
                Some(machine) => {
                    return self.jump(&state_key(&machine), &format!("{shown}'s machineId"))
                }
                None => self.info(format!("{shown} names no machineId")),
            }
        } else if row
            .key
            .strip_prefix(b"state:")
            .is_some_and(|machine| !machine.contains(&b':'))
        {
            match text
                .and_then(|t| json::field(t, "stateRoot"))
                .and_then(json::decode_string)
            {
                Some(root) => {
                    let root = format!("root:{root}").into_bytes();
                    return self.jump(&root, &format!("{shown}'s stateRoot"));
                }
                None => self.info(format!("{shown} names no stateRoot")),
            }
        } else if let Some(rest) = row.key.strip_prefix(b"snapshot:") {
            let rest = String::from_utf8_lossy(rest);
            let id = rest.strip_suffix(":base").unwrap_or(&rest).to_string();
            self.overlay = Some(overlay::snapshot(&mut self.storage, &id));
        } else {
            self.info("Enter follows height → block → root ⇄ state, and opens snapshots");
        }
        Ok(())
    }

    /// `b`: back to where the last jump or search started.
    fn back(&mut self) -> Result<()> {
        let Some((filter, key)) = self.history.pop() else {
            self.info("nothing to go back to");
            return Ok(());
        };
        self.show_filter(filter);
        self.window.seek(&mut self.storage, &key)?;
        Ok(())
    }

    fn show_filter(&mut self, index: usize) {
        if index != self.filter {
            self.filter = index;
            self.window = Window::new(self.filters[index].clone(), self.window.height);
        }
    }

    fn select_filter(&mut self, index: usize) -> Result<()> {
        if index >= self.filters.len() {
            return Ok(());
        }
        self.show_filter(index);
        self.window.home(&mut self.storage)
    }

    /// `r`: a new read view (the owner may have written since).
    fn reload(&mut self) -> Result<()> {
        let store = Store::open_read(&self.path)?;
        self.storage = StorageService::new(store, self.namespace.clone());
        self.counter = Counter::start(self.path.clone(), self.namespace.clone());
        let height = self.window.height;
        self.window.refill(&mut self.storage, height)?;
        self.value_cache = None;
        self.info("reloaded: a new read view of the store");
        Ok(())
    }

    /// `y` the key as `get` takes it, `Y` the value as `get -o FORMAT` prints it.
    fn copy(&mut self, value: bool) {
        let Some(row) = self.window.current() else {
            return;
        };
        let (what, text) = if value {
            (
                "value",
                super::clipboard::copy_value(self.copy_format, &row.value),
            )
        } else {
            ("key", super::clipboard::copy_key(&row.key))
        };
        match &self.clipboard {
            Some(command) => match super::clipboard::copy(command, &text) {
                Ok(()) => self.info(format!("copied the {what} with {}", command[0])),
                Err(e) => {
                    self.yanked.push(text);
                    self.info(format!("{e}; the {what} will be printed on exit"));
                }
            },
            None => {
                self.yanked.push(text);
                self.info(format!("no clipboard: the {what} will be printed on exit"));
            }
        }
    }
}

fn next_focus(focus: Focus, steps: usize) -> Focus {
    let order = [Focus::Categories, Focus::Keys, Focus::Value];
    let at = order.iter().position(|f| *f == focus).unwrap_or(1);
    order[(at + steps) % order.len()]
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
