//! The seed's `BatchProcessor`: collects operations and writes them in
//! atomic chunks of at most `max_batch_size`.

use super::batch::BatchOperation;
use super::service::StorageService;
use crate::error::Result;

/// Buffers operations and writes one atomic batch every `max_batch_size`
/// operations and on [`BatchProcessor::finish`]. Dropping it without
/// `finish` writes nothing more: a command that stops on an error or an
/// interrupt must not write a partial chunk after it.
pub struct BatchProcessor<'a> {
    storage: &'a mut StorageService,
    pending: Vec<BatchOperation>,
    max_batch_size: usize,
    written: u64,
}

impl<'a> BatchProcessor<'a> {
    /// A writer into `storage` flushing every `max_batch_size` operations (at least 1).
    pub fn new(storage: &'a mut StorageService, max_batch_size: usize) -> Self {
        BatchProcessor {
            storage,
            pending: Vec::new(),
            max_batch_size: max_batch_size.max(1),
            written: 0,
        }
    }

    /// Queues an operation, writing the chunk when it is full.
    pub fn add(&mut self, op: BatchOperation) -> Result<()> {
        self.pending.push(op);
        if self.pending.len() >= self.max_batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the queued operations as one atomic batch.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.storage.batch(&self.pending)?;
        self.written += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    /// How many operations were written so far (whole chunks).
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes what is left and returns how many operations were written.
    pub fn finish(mut self) -> Result<u64> {
        self.flush()?;
        Ok(self.written)
    }
}
