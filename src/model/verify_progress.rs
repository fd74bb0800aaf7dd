//! verify's progress: the keys a scan meets, counted where they are met
//! and handed to the caller's callback a thousand at a time.

/// Keys scanned between calls of [`super::verify::verify`]'s `progress`.
pub const PROGRESS_EVERY: u64 = 1024;

/// Counts the keys a scan meets and hands them to a `progress` callback
/// every [`PROGRESS_EVERY`] keys (one atomic count per thousand keys, not
/// per key) and when flushed.
pub(super) struct Ticks<'p, P: Fn(u64) -> bool> {
    progress: &'p P,
    pending: u64,
}

impl<'p, P: Fn(u64) -> bool> Ticks<'p, P> {
    pub(super) fn new(progress: &'p P) -> Ticks<'p, P> {
        Ticks {
            progress,
            pending: 0,
        }
    }

    /// One more key; `false`: stop.
    #[inline]
    pub(super) fn tick(&mut self) -> bool {
        self.pending += 1;
        self.pending < PROGRESS_EVERY || self.flush()
    }

    /// Hands over the keys counted; `false`: stop.
    pub(super) fn flush(&mut self) -> bool {
        let pending = std::mem::take(&mut self.pending);
        pending == 0 || (self.progress)(pending)
    }
}
