//! `DbIter`: the user's view of a merged internal iterator — for each user
//! key the newest version visible at the read sequence, deletions hiding
//! older values — over a key range, forward or backward.

use super::error::{ReadError, ReadResult};
use super::format::{lookup_key, parse_internal_key, MAX_SEQUENCE, TYPE_VALUE};
use super::iter::{InternalIterator, MergingIter};
use std::path::PathBuf;

/// Live `(key, value)` pairs of `[lower, upper)` in one direction.
pub struct DbIter {
    inner: MergingIter,
    dir: PathBuf,
    sequence: u64,
    lower: Vec<u8>,
    upper: Option<Vec<u8>>,
    reverse: bool,
    started: bool,
    done: bool,
    /// Forward: the user key whose remaining (older) versions are skipped.
    skip: Option<Vec<u8>>,
}

impl DbIter {
    /// Iterates `[lower, upper)` of `inner` as of `sequence`.
    pub fn new(
        inner: MergingIter,
        dir: PathBuf,
        sequence: u64,
        lower: Vec<u8>,
        upper: Option<Vec<u8>>,
        reverse: bool,
    ) -> DbIter {
        DbIter {
            inner,
            dir,
            sequence,
            lower,
            upper,
            reverse,
            started: false,
            done: false,
            skip: None,
        }
    }

    fn bad_key(&self) -> ReadError {
        ReadError::corrupt(
            &self.dir,
            None,
            "undecodable internal key in a table or log",
        )
    }

    fn next_forward(&mut self) -> ReadResult<Option<(Vec<u8>, Vec<u8>)>> {
        let mut item = None;
        self.visit(|key, value| {
            item = Some((key.to_vec(), value.to_vec()));
            Ok::<bool, ReadError>(false)
        })?;
        Ok(item)
    }

    /// Forward only: calls `visit(user key, value)` on each remaining live
    /// entry, borrowed from the blocks (nothing is copied), until `visit`
    /// returns `false` or the range ends.
    pub fn visit<E: From<ReadError>>(
        &mut self,
        mut visit: impl FnMut(&[u8], &[u8]) -> Result<bool, E>,
    ) -> Result<(), E> {
        assert!(!self.reverse, "visit walks forward");
        if self.done {
            return Ok(());
        }
        if !self.started {
            self.started = true;
            self.inner.seek(&lookup_key(&self.lower, MAX_SEQUENCE))?;
        }
        while self.inner.valid() {
            let parsed = parse_internal_key(self.inner.key()).ok_or_else(|| self.bad_key())?;
            if self.upper.as_deref().is_some_and(|u| parsed.user_key >= u) {
                break;
            }
            if parsed.sequence > self.sequence || self.skip.as_deref() == Some(parsed.user_key) {
                self.inner.next()?;
                continue;
            }
            let skip = self.skip.get_or_insert_with(Vec::new);
            skip.clear();
            skip.extend_from_slice(parsed.user_key);
            let more = parsed.kind != TYPE_VALUE || visit(parsed.user_key, self.inner.value())?;
            self.inner.next()?;
            if !more {
                return Ok(());
            }
        }
        self.done = true;
        Ok(())
    }

    fn next_reverse(&mut self) -> ReadResult<Option<(Vec<u8>, Vec<u8>)>> {
        if !self.started {
            self.started = true;
            match &self.upper {
                Some(upper) => self.inner.seek_before(&lookup_key(upper, MAX_SEQUENCE))?,
                None => self.inner.seek_to_last()?,
            }
        }
        // Backwards, a user key's versions come oldest first: the last
        // visible one seen decides.
        while self.inner.valid() {
            let key = {
                let parsed = parse_internal_key(self.inner.key()).ok_or_else(|| self.bad_key())?;
                if parsed.user_key < self.lower.as_slice() {
                    return Ok(None);
                }
                parsed.user_key.to_vec()
            };
            let mut newest: Option<(u8, Vec<u8>)> = None;
            while self.inner.valid() {
                let parsed = parse_internal_key(self.inner.key()).ok_or_else(|| self.bad_key())?;
                if parsed.user_key != key.as_slice() {
                    break;
                }
                if parsed.sequence <= self.sequence {
                    let value = if parsed.kind == TYPE_VALUE {
                        self.inner.value().to_vec()
                    } else {
                        Vec::new()
                    };
                    newest = Some((parsed.kind, value));
                }
                self.inner.prev()?;
            }
            if let Some((TYPE_VALUE, value)) = newest {
                return Ok(Some((key, value)));
            }
        }
        Ok(None)
    }
}

impl Iterator for DbIter {
    type Item = ReadResult<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let step = if self.reverse {
            self.next_reverse()
        } else {
            self.next_forward()
        };
        match step {
            Ok(Some(item)) => Some(Ok(item)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
