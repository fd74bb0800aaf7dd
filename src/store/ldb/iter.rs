//! Iterators over internal keys: the common interface, a two-level
//! iterator (index entries → child iterators: a table's data blocks, or a
//! level's tables) and a merging iterator over several sorted sources.
//!
//! Every step can fail (a block that does not read is an error, never the
//! end of the data). An iterator is used in one direction at a time:
//! `seek`/`seek_to_first` then `next`, or `seek_before`/`seek_to_last`
//! then `prev`.

use super::block::RunCursor;
use super::error::ReadResult;
use super::format::compare_internal;
use std::cmp::Ordering;

/// A cursor over entries in internal-key order.
pub trait InternalIterator {
    /// Whether the cursor is on an entry.
    fn valid(&self) -> bool;
    /// Moves to the first entry.
    fn seek_to_first(&mut self) -> ReadResult<()>;
    /// Moves to the last entry.
    fn seek_to_last(&mut self) -> ReadResult<()>;
    /// Moves to the first entry `>= target`.
    fn seek(&mut self, target: &[u8]) -> ReadResult<()>;
    /// Moves to the last entry `< target`.
    fn seek_before(&mut self, target: &[u8]) -> ReadResult<()>;
    /// Moves forward.
    fn next(&mut self) -> ReadResult<()>;
    /// Moves backward.
    fn prev(&mut self) -> ReadResult<()>;
    /// The current internal key.
    fn key(&self) -> &[u8];
    /// The current value.
    fn value(&self) -> &[u8];
}

impl InternalIterator for RunCursor {
    fn valid(&self) -> bool {
        RunCursor::valid(self)
    }
    fn seek_to_first(&mut self) -> ReadResult<()> {
        RunCursor::seek_to_first(self);
        Ok(())
    }
    fn seek_to_last(&mut self) -> ReadResult<()> {
        RunCursor::seek_to_last(self);
        Ok(())
    }
    fn seek(&mut self, target: &[u8]) -> ReadResult<()> {
        RunCursor::seek(self, target);
        Ok(())
    }
    fn seek_before(&mut self, target: &[u8]) -> ReadResult<()> {
        RunCursor::seek_before(self, target);
        Ok(())
    }
    fn next(&mut self) -> ReadResult<()> {
        RunCursor::next(self);
        Ok(())
    }
    fn prev(&mut self) -> ReadResult<()> {
        RunCursor::prev(self);
        Ok(())
    }
    fn key(&self) -> &[u8] {
        RunCursor::key(self)
    }
    fn value(&self) -> &[u8] {
        RunCursor::value(self)
    }
}

impl InternalIterator for Box<dyn InternalIterator> {
    fn valid(&self) -> bool {
        (**self).valid()
    }
    fn seek_to_first(&mut self) -> ReadResult<()> {
        (**self).seek_to_first()
    }
    fn seek_to_last(&mut self) -> ReadResult<()> {
        (**self).seek_to_last()
    }
    fn seek(&mut self, target: &[u8]) -> ReadResult<()> {
        (**self).seek(target)
    }
    fn seek_before(&mut self, target: &[u8]) -> ReadResult<()> {
        (**self).seek_before(target)
    }
    fn next(&mut self) -> ReadResult<()> {
        (**self).next()
    }
    fn prev(&mut self) -> ReadResult<()> {
        (**self).prev()
    }
    fn key(&self) -> &[u8] {
        (**self).key()
    }
    fn value(&self) -> &[u8] {
        (**self).value()
    }
}

/// What the entries of a two-level iterator's index point to.
pub trait ChildSource {
    /// The iterator an index entry opens.
    type Child: InternalIterator;
    /// Opens the child named by an index entry's value.
    fn open_child(&self, index_value: &[u8]) -> ReadResult<Self::Child>;
}

/// An index whose entries (keyed by the last key of each child) open child
/// iterators, walked as one sequence, as C++ LevelDB's TwoLevelIterator.
pub struct TwoLevelIter<S: ChildSource> {
    index: RunCursor,
    source: S,
    child: Option<S::Child>,
    child_handle: Vec<u8>,
}

impl<S: ChildSource> TwoLevelIter<S> {
    /// Walks the children named by `index`, opened through `source`.
    pub fn new(index: RunCursor, source: S) -> Self {
        TwoLevelIter {
            index,
            source,
            child: None,
            child_handle: Vec::new(),
        }
    }

    /// Opens the child of the current index entry (reusing it when it is
    /// the one already open).
    fn init_child(&mut self) -> ReadResult<()> {
        if !self.index.valid() {
            self.child = None;
            return Ok(());
        }
        let handle = self.index.value();
        if self.child.is_some() && self.child_handle == handle {
            return Ok(());
        }
        self.child = None;
        let child = self.source.open_child(handle)?;
        self.child_handle.clear();
        self.child_handle.extend_from_slice(handle);
        self.child = Some(child);
        Ok(())
    }

    fn child_valid(&self) -> bool {
        self.child.as_ref().is_some_and(|c| c.valid())
    }

    fn skip_empty_forward(&mut self) -> ReadResult<()> {
        while !self.child_valid() {
            if !self.index.valid() {
                self.child = None;
                return Ok(());
            }
            self.index.next();
            self.init_child()?;
            if let Some(c) = self.child.as_mut() {
                c.seek_to_first()?;
            }
        }
        Ok(())
    }

    fn skip_empty_backward(&mut self) -> ReadResult<()> {
        while !self.child_valid() {
            if !self.index.valid() {
                self.child = None;
                return Ok(());
            }
            self.index.prev();
            self.init_child()?;
            if let Some(c) = self.child.as_mut() {
                c.seek_to_last()?;
            }
        }
        Ok(())
    }
}

impl<S: ChildSource> InternalIterator for TwoLevelIter<S> {
    fn valid(&self) -> bool {
        self.child_valid()
    }

    fn seek_to_first(&mut self) -> ReadResult<()> {
        self.index.seek_to_first();
        self.init_child()?;
        if let Some(c) = self.child.as_mut() {
            c.seek_to_first()?;
        }
        self.skip_empty_forward()
    }

    fn seek_to_last(&mut self) -> ReadResult<()> {
        self.index.seek_to_last();
        self.init_child()?;
        if let Some(c) = self.child.as_mut() {
            c.seek_to_last()?;
        }
        self.skip_empty_backward()
    }

    fn seek(&mut self, target: &[u8]) -> ReadResult<()> {
        self.index.seek(target);
        self.init_child()?;
        if let Some(c) = self.child.as_mut() {
            c.seek(target)?;
        }
        self.skip_empty_forward()
    }

    fn seek_before(&mut self, target: &[u8]) -> ReadResult<()> {
        // The last entry below `target` is in the first child whose last
        // key is `>= target`, or in an earlier one.
        self.index.seek(target);
        if !self.index.valid() {
            self.index.seek_to_last();
        }
        self.init_child()?;
        if let Some(c) = self.child.as_mut() {
            c.seek_before(target)?;
        }
        self.skip_empty_backward()
    }

    fn next(&mut self) -> ReadResult<()> {
        if let Some(c) = self.child.as_mut() {
            c.next()?;
        }
        self.skip_empty_forward()
    }

    fn prev(&mut self) -> ReadResult<()> {
        if let Some(c) = self.child.as_mut() {
            c.prev()?;
        }
        self.skip_empty_backward()
    }

    fn key(&self) -> &[u8] {
        self.child.as_ref().expect("valid iterator").key()
    }

    fn value(&self) -> &[u8] {
        self.child.as_ref().expect("valid iterator").value()
    }
}

/// The union of several sorted sources, in internal-key order.
pub struct MergingIter {
    children: Vec<Box<dyn InternalIterator>>,
    current: Option<usize>,
    /// The best child but the current one, as of the last full pick: the
    /// other children do not move while the current one steps, so when the
    /// current child's new key still comes strictly before this one's, the
    /// current child is still the best and no other key is compared.
    runner_up: Option<usize>,
}

impl MergingIter {
    /// Merges `children`.
    pub fn new(children: Vec<Box<dyn InternalIterator>>) -> Self {
        MergingIter {
            children,
            current: None,
            runner_up: None,
        }
    }

    /// Picks the child whose key comes first in direction `want` (`Less`:
    /// smallest; on equal keys the earlier child), and the runner-up.
    fn pick(&mut self, want: Ordering) {
        let mut best: Option<usize> = None;
        let mut second: Option<usize> = None;
        for (i, child) in self.children.iter().enumerate() {
            if !child.valid() {
                continue;
            }
            match best {
                Some(b) if compare_internal(child.key(), self.children[b].key()) != want => {
                    second = match second {
                        Some(s)
                            if compare_internal(child.key(), self.children[s].key()) != want =>
                        {
                            Some(s)
                        }
                        _ => Some(i),
                    };
                }
                _ => {
                    second = best;
                    best = Some(i);
                }
            }
        }
        self.current = best;
        self.runner_up = second;
    }

    /// After the current child stepped in direction `want`: keeps it when
    /// it still comes strictly first, else picks again.
    fn repick(&mut self, want: Ordering) {
        if let Some(i) = self.current {
            let child = &self.children[i];
            if child.valid() {
                match self.runner_up {
                    None => return,
                    Some(r) if compare_internal(child.key(), self.children[r].key()) == want => {
                        return
                    }
                    _ => {}
                }
            }
        }
        self.pick(want);
    }

    fn each(
        &mut self,
        mut f: impl FnMut(&mut Box<dyn InternalIterator>) -> ReadResult<()>,
    ) -> ReadResult<()> {
        for child in &mut self.children {
            f(child)?;
        }
        Ok(())
    }
}

impl InternalIterator for MergingIter {
    fn valid(&self) -> bool {
        self.current.is_some()
    }

    fn seek_to_first(&mut self) -> ReadResult<()> {
        self.each(|c| c.seek_to_first())?;
        self.pick(Ordering::Less);
        Ok(())
    }

    fn seek_to_last(&mut self) -> ReadResult<()> {
        self.each(|c| c.seek_to_last())?;
        self.pick(Ordering::Greater);
        Ok(())
    }

    fn seek(&mut self, target: &[u8]) -> ReadResult<()> {
        self.each(|c| c.seek(target))?;
        self.pick(Ordering::Less);
        Ok(())
    }

    fn seek_before(&mut self, target: &[u8]) -> ReadResult<()> {
        self.each(|c| c.seek_before(target))?;
        self.pick(Ordering::Greater);
        Ok(())
    }

    fn next(&mut self) -> ReadResult<()> {
        if let Some(i) = self.current {
            self.children[i].next()?;
        }
        self.repick(Ordering::Less);
        Ok(())
    }

    fn prev(&mut self) -> ReadResult<()> {
        if let Some(i) = self.current {
            self.children[i].prev()?;
        }
        self.repick(Ordering::Greater);
        Ok(())
    }

    fn key(&self) -> &[u8] {
        self.children[self.current.expect("valid iterator")].key()
    }

    fn value(&self) -> &[u8] {
        self.children[self.current.expect("valid iterator")].value()
    }
}
