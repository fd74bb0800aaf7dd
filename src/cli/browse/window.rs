//! The key list's window: the rows on screen, paged through the store with
//! seeks (never by loading the whole store). A filter is a sorted list of
//! disjoint user-key ranges (a category's prefix, or the gaps between the
//! categories for "other"), so every move is a bounded number of seeks.

use crate::store::{ScanRange, StorageService};
use anyhow::Result;

/// `[start, end)` in user-key space; `end == None` is "to the last key".
type Range = (Vec<u8>, Option<Vec<u8>>);

/// One key of the list with its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The user key.
    pub key: Vec<u8>,
    /// The stored value.
    pub value: Vec<u8>,
}

/// The keys a list shows: the whole namespace, one category, or "other".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Shown in the category pane.
    pub name: &'static str,
    ranges: Vec<Range>,
}

/// The key prefixes of the seed's categories, in byte order.
pub const CATEGORY_PREFIXES: [&str; 5] = ["block:", "height:", "root:", "snapshot:", "state:"];

impl Filter {
    /// Every key.
    pub fn all() -> Filter {
        Filter {
            name: "all",
            ranges: vec![(Vec::new(), None)],
        }
    }

    /// The keys starting with `prefix`.
    pub fn prefix(name: &'static str, prefix: &str) -> Filter {
        let end = crate::store::keys::prefix_upper_bound(prefix.as_bytes());
        Filter {
            name,
            ranges: vec![(prefix.as_bytes().to_vec(), end)],
        }
    }

    /// The keys outside every category prefix.
    pub fn other() -> Filter {
        let mut ranges = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        for prefix in CATEGORY_PREFIXES {
            ranges.push((from, Some(prefix.as_bytes().to_vec())));
            from = crate::store::keys::prefix_upper_bound(prefix.as_bytes())
                .expect("category prefixes end in ':'");
        }
        ranges.push((from, None));
        Filter {
            name: "other",
            ranges,
        }
    }

    /// Whether `key` is one of the filter's keys.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.ranges
            .iter()
            .any(|(s, e)| key >= s.as_slice() && e.as_ref().is_none_or(|e| key < e.as_slice()))
    }

    /// Whether some key of the filter can start with `prefix`.
    pub fn may_hold_prefix(&self, prefix: &[u8]) -> bool {
        let upper = crate::store::keys::prefix_upper_bound(prefix);
        self.ranges.iter().any(|(lo, hi)| {
            upper.as_ref().is_none_or(|u| u.as_slice() > lo.as_slice())
                && hi.as_ref().is_none_or(|h| prefix < h.as_slice())
        })
    }

    /// Up to `n` keys `>= from` (or `> from` when `exclusive`), ascending.
    pub fn forward(
        &self,
        storage: &mut StorageService,
        from: &[u8],
        exclusive: bool,
        n: usize,
    ) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        // The smallest key after `from` is `from` + 0x00.
        let mut start = from.to_vec();
        if exclusive {
            start.push(0);
        }
        for (lo, hi) in &self.ranges {
            if rows.len() >= n {
                break;
            }
            if hi
                .as_ref()
                .is_some_and(|hi| start.as_slice() >= hi.as_slice())
            {
                continue;
            }
            let range = ScanRange {
                start: Some(lo.clone().max(start.clone())),
                end: hi.clone(),
                limit: Some(n - rows.len()),
                ..ScanRange::default()
            };
            for item in storage.scan(&range)? {
                let (key, value) = item?;
                rows.push(Row { key, value });
            }
        }
        Ok(rows)
    }

    /// Up to `n` keys `< before` (`None`: from the last key), ascending.
    pub fn backward(
        &self,
        storage: &mut StorageService,
        before: Option<&[u8]>,
        n: usize,
    ) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        for (lo, hi) in self.ranges.iter().rev() {
            if rows.len() >= n {
                break;
            }
            if before.is_some_and(|b| b <= lo.as_slice()) {
                continue;
            }
            let end = match (hi, before) {
                (Some(hi), Some(b)) => Some(hi.as_slice().min(b).to_vec()),
                (Some(hi), None) => Some(hi.clone()),
                (None, b) => b.map(<[u8]>::to_vec),
            };
            let range = ScanRange {
                start: Some(lo.clone()),
                end,
                limit: Some(n - rows.len()),
                reverse: true,
                ..ScanRange::default()
            };
            for item in storage.scan(&range)? {
                let (key, value) = item?;
                rows.push(Row { key, value });
            }
        }
        rows.reverse();
        Ok(rows)
    }
}

/// Where the selected row is, counted from the first key of the filter
/// (known after Home and relative moves) or from its last key (after End).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 0-based index from the first key.
    FromStart(u64),
    /// 0-based index from the last key.
    FromEnd(u64),
    /// After a seek: not known without counting.
    Unknown,
}

impl Position {
    fn shift(self, by: i64) -> Position {
        match self {
            Position::FromStart(i) => Position::FromStart(i.saturating_add_signed(by)),
            Position::FromEnd(i) => Position::FromEnd(i.saturating_add_signed(-by)),
            Position::Unknown => Position::Unknown,
        }
    }
}

/// The rows on screen and the selected one.
#[derive(Debug, Clone)]
pub struct Window {
    /// What the list shows.
    pub filter: Filter,
    /// The visible rows, ascending.
    pub rows: Vec<Row>,
    /// Index of the selected row in `rows`.
    pub selected: usize,
    /// Rows the screen holds.
    pub height: usize,
    /// The selected row's place in the filter.
    pub position: Position,
}

impl Window {
    /// An empty window of `filter` (call [`Window::home`] to fill it).
    pub fn new(filter: Filter, height: usize) -> Window {
        Window {
            filter,
            rows: Vec::new(),
            selected: 0,
            height: height.max(1),
            position: Position::Unknown,
        }
    }

    /// The selected row.
    pub fn current(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// The first page.
    pub fn home(&mut self, storage: &mut StorageService) -> Result<()> {
        self.rows = self.filter.forward(storage, &[], false, self.height)?;
        self.selected = 0;
        self.position = Position::FromStart(0);
        Ok(())
    }

    /// The last page, the last key selected.
    pub fn end(&mut self, storage: &mut StorageService) -> Result<()> {
        self.rows = self.filter.backward(storage, None, self.height)?;
        self.selected = self.rows.len().saturating_sub(1);
        self.position = Position::FromEnd(0);
        Ok(())
    }

    /// A page showing the first key `>= key`, selected (the last key when
    /// none is). Returns whether a key `>= key` exists.
    pub fn seek(&mut self, storage: &mut StorageService, key: &[u8]) -> Result<bool> {
        let mut rows = self.filter.forward(storage, key, false, self.height)?;
        if rows.is_empty() {
            self.end(storage)?;
            return Ok(false);
        }
        // Fill a short last page from above so the screen stays full.
        let mut selected = 0;
        if rows.len() < self.height {
            let mut above =
                self.filter
                    .backward(storage, Some(&rows[0].key), self.height - rows.len())?;
            selected = above.len();
            above.append(&mut rows);
            rows = above;
        }
        self.rows = rows;
        self.selected = selected;
        self.position = Position::Unknown;
        Ok(true)
    }

    /// Re-reads the window (after a reload or a resize to `height` rows),
    /// keeping the selected key on its screen line when it still exists
    /// (else the next key is selected).
    pub fn refill(&mut self, storage: &mut StorageService, height: usize) -> Result<()> {
        self.height = height.max(1);
        let Some(key) = self.current().map(|r| r.key.clone()) else {
            return self.home(storage);
        };
        let line = self.selected.min(self.height - 1);
        let mut above = self.filter.backward(storage, Some(&key), line)?;
        let mut below = self
            .filter
            .forward(storage, &key, false, self.height - above.len())?;
        if below.is_empty() {
            return self.end(storage);
        }
        let kept = below[0].key == key;
        let total = above.len() + below.len();
        if total < self.height {
            let first = above.first().unwrap_or(&below[0]).key.clone();
            let mut more = self
                .filter
                .backward(storage, Some(&first), self.height - total)?;
            more.append(&mut above);
            above = more;
        }
        self.selected = above.len();
        above.append(&mut below);
        self.rows = above;
        if !kept {
            self.position = Position::Unknown;
        }
        Ok(())
    }

    /// One row down (scrolling at the bottom).
    pub fn down(&mut self, storage: &mut StorageService) -> Result<()> {
        if self.selected + 1 < self.rows.len() {
            self.selected += 1;
            self.position = self.position.shift(1);
            return Ok(());
        }
        let Some(last) = self.rows.last() else {
            return Ok(());
        };
        let next = self.filter.forward(storage, &last.key, true, 1)?;
        if let Some(row) = next.into_iter().next() {
            self.rows.push(row);
            if self.rows.len() > self.height {
                self.rows.remove(0);
            }
            self.selected = self.rows.len() - 1;
            self.position = self.position.shift(1);
        }
        Ok(())
    }

    /// One row up (scrolling at the top).
    pub fn up(&mut self, storage: &mut StorageService) -> Result<()> {
        if self.selected > 0 {
            self.selected -= 1;
            self.position = self.position.shift(-1);
            return Ok(());
        }
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let prev = self.filter.backward(storage, Some(&first.key), 1)?;
        if let Some(row) = prev.into_iter().next() {
            self.rows.insert(0, row);
            self.rows.truncate(self.height);
            self.selected = 0;
            self.position = self.position.shift(-1);
        }
        Ok(())
    }

    /// One page down; the selection keeps its line.
    pub fn page_down(&mut self, storage: &mut StorageService) -> Result<()> {
        let Some(last) = self.rows.last() else {
            return Ok(());
        };
        let mut next = self.filter.forward(storage, &last.key, true, self.height)?;
        if next.is_empty() {
            let moved = self.rows.len() - 1 - self.selected;
            self.selected = self.rows.len() - 1;
            self.position = self.position.shift(moved as i64);
            return Ok(());
        }
        // The new page ends `next.len()` keys further; keep it full.
        let shift = next.len();
        let keep = self.height - next.len().min(self.height);
        let mut rows: Vec<Row> = self
            .rows
            .split_off(self.rows.len() - keep.min(self.rows.len()));
        rows.append(&mut next);
        self.rows = rows;
        self.position = self.position.shift(shift as i64);
        self.selected = self.selected.min(self.rows.len() - 1);
        Ok(())
    }

    /// One page up; the selection keeps its line.
    pub fn page_up(&mut self, storage: &mut StorageService) -> Result<()> {
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let mut prev = self
            .filter
            .backward(storage, Some(&first.key), self.height)?;
        if prev.is_empty() {
            self.position = self.position.shift(-(self.selected as i64));
            self.selected = 0;
            return Ok(());
        }
        let shift = prev.len();
        let keep = self.height - prev.len().min(self.height);
        self.rows.truncate(keep);
        prev.append(&mut self.rows);
        self.rows = prev;
        self.position = self.position.shift(-(shift as i64));
        self.selected = self.selected.min(self.rows.len() - 1);
        Ok(())
    }
}
