//! Category counts, computed in the background by a thread with its own
//! read view, so the browser opens at once on a large store and the counts
//! fill in (with running totals) while the operator looks around.

use crate::model::stats::Category;
use crate::store::{Namespace, ScanRange, StorageService, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

/// Keys per category so far.
pub type Tally = BTreeMap<Category, u64>;

/// Where the counting stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counts {
    /// Still scanning: the totals so far.
    Running(Tally),
    /// Every key counted.
    Done(Tally),
    /// The scan failed: the error, naming the file.
    Failed(String),
}

enum Message {
    Progress(Tally),
    Done(Tally),
    Failed(String),
}

/// The counting thread's handle; dropping it cancels the count.
pub struct Counter {
    state: Counts,
    receiver: Receiver<Message>,
    cancel: Arc<AtomicBool>,
}

/// How many keys between two progress reports.
const REPORT_EVERY: u64 = 50_000;

impl Counter {
    /// Starts counting the namespace of the store at `path`.
    pub fn start(path: PathBuf, namespace: Namespace) -> Counter {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        std::thread::spawn(move || {
            let result = (|| -> crate::Result<Option<Tally>> {
                let store = Store::open_read(&path)?;
                let mut storage = StorageService::new(store, namespace);
                let mut tally: Tally = Category::ALL.iter().map(|c| (*c, 0)).collect();
                let mut seen = 0u64;
                for item in storage.scan(&ScanRange::default())? {
                    let (key, _) = item?;
                    *tally.entry(Category::of(&key)).or_default() += 1;
                    seen += 1;
                    if seen.is_multiple_of(REPORT_EVERY) {
                        if stop.load(Ordering::Relaxed) {
                            return Ok(None);
                        }
                        let _ = sender.send(Message::Progress(tally.clone()));
                    }
                }
                Ok(Some(tally))
            })();
            let _ = match result {
                Ok(Some(tally)) => sender.send(Message::Done(tally)),
                Ok(None) => Ok(()),
                Err(e) => sender.send(Message::Failed(e.to_string())),
            };
        });
        Counter {
            state: Counts::Running(Tally::new()),
            receiver,
            cancel,
        }
    }

    /// Takes in what the thread reported; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        loop {
            match self.receiver.try_recv() {
                Ok(message) => {
                    self.apply(message);
                    changed = true;
                }
                Err(TryRecvError::Empty) => return changed,
                Err(TryRecvError::Disconnected) => {
                    if matches!(self.state, Counts::Running(_)) {
                        self.state = Counts::Failed("the counting thread stopped".into());
                        return true;
                    }
                    return changed;
                }
            }
        }
    }

    /// Blocks until the count is finished (for tests and scripted runs).
    pub fn wait(&mut self) {
        while matches!(self.state, Counts::Running(_)) {
            match self.receiver.recv() {
                Ok(message) => self.apply(message),
                Err(_) => {
                    self.state = Counts::Failed("the counting thread stopped".into());
                }
            }
        }
    }

    fn apply(&mut self, message: Message) {
        self.state = match message {
            Message::Progress(t) => Counts::Running(t),
            Message::Done(t) => Counts::Done(t),
            Message::Failed(e) => Counts::Failed(e),
        };
    }

    /// The counts so far.
    pub fn counts(&self) -> &Counts {
        &self.state
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
