//! Building a store on a second thread while entries are produced on
//! this one: the hand-over between the two, in bounded memory.

use super::{BulkBuild, StoreBuilder, WholeTable};
use crate::store::digest::ContentDigest;
use crate::{Result, StoreError};
use std::borrow::Cow;
use std::path::Path;

/// Entries are handed to [`build_alongside`]'s thread in chunks of about
/// this many bytes (a larger entry makes a chunk of its own).
const HANDOVER_BYTES: usize = 1 << 20;

/// What [`build_alongside`]'s thread is handed.
enum Handover {
    /// Entries laid out as [`ContentDigest::encode_entry`] lays them out
    /// (u64 length, key, u64 length, value).
    Entries(Vec<u8>),
    /// One entry whose large value the feed owned: moved, not copied.
    Entry(Vec<u8>, Vec<u8>),
    /// Copy this table whole.
    Table(WholeTable),
    /// Every entry was handed over: finish the store.
    Done,
}

/// The next length-prefixed part of `chunk` from `p`.
fn take_part<'a>(chunk: &'a [u8], p: &mut usize) -> &'a [u8] {
    let len = u64::from_le_bytes(chunk[*p..*p + 8].try_into().expect("8 bytes")) as usize;
    let part = &chunk[*p + 8..*p + 8 + len];
    *p += 8 + len;
    part
}

/// Where a feed of [`build_alongside`] puts the new store's entries.
pub trait EntrySink {
    /// The next entry (keys strictly increasing).
    fn entry(&mut self, key: &[u8], value: Cow<'_, [u8]>) -> Result<()>;
    /// The next keys are those of `table`, copied whole: no other file
    /// holds a key in its range, so reading it gives exactly the newest
    /// versions it holds.
    fn whole_table(&mut self, table: &WholeTable) -> Result<()>;
}

/// [`build_alongside`]'s side of the hand-over.
struct Handing {
    tx: std::sync::mpsc::SyncSender<Handover>,
    chunk: Vec<u8>,
    /// The builder stopped taking hand-overs (its error says why).
    failed: bool,
}

impl Handing {
    fn send(&mut self, handover: Handover) -> Result<()> {
        let sent = self.tx.send(handover).is_ok();
        self.failed |= !sent;
        sent.then_some(())
            .ok_or_else(|| StoreError::Inconsistent("the store builder stopped".into()))
    }

    /// Hands over the entries gathered so far.
    fn flush(&mut self) -> Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(HANDOVER_BYTES + 64));
        self.send(Handover::Entries(full))
    }
}

impl EntrySink for Handing {
    fn entry(&mut self, key: &[u8], value: Cow<'_, [u8]>) -> Result<()> {
        match value {
            Cow::Owned(value) if value.len() >= HANDOVER_BYTES => {
                // The entries before it first, in order.
                self.flush()?;
                self.send(Handover::Entry(key.to_vec(), value))
            }
            value => {
                ContentDigest::encode_entry(&mut self.chunk, key, &value);
                if self.chunk.len() >= HANDOVER_BYTES {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    fn whole_table(&mut self, table: &WholeTable) -> Result<()> {
        self.flush()?;
        self.send(Handover::Table(table.clone()))
    }
}

/// Builds a new store in `dir` (as [`StoreBuilder`]) on a second thread
/// while `feed` produces its entries in key order on this one, into the
/// [`EntrySink`] it is given. Entries are handed over in chunks through a
/// queue of two, so memory stays bounded; a value of [`HANDOVER_BYTES`] or
/// more that the feed owns is moved over whole instead of copied into a
/// chunk. When `feed` fails, the store is left unfinished (the caller
/// discards `dir`); when the builder fails, its error is returned.
pub fn build_alongside<T>(
    dir: &Path,
    feed: impl FnOnce(&mut dyn EntrySink) -> Result<T>,
) -> Result<(T, BulkBuild)> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Handover>(8);
    std::thread::scope(|scope| {
        let builder = scope.spawn(move || -> Result<BulkBuild> {
            let mut builder = StoreBuilder::new(dir);
            for handover in rx {
                let chunk = match handover {
                    Handover::Entries(chunk) => chunk,
                    Handover::Entry(key, value) => {
                        builder.add(&key, &value)?;
                        continue;
                    }
                    Handover::Table(table) => {
                        builder.copy_table(&table)?;
                        continue;
                    }
                    Handover::Done => return builder.finish(),
                };
                let mut p = 0;
                while p < chunk.len() {
                    let key = take_part(&chunk, &mut p);
                    let value = take_part(&chunk, &mut p);
                    builder.add(key, value)?;
                }
            }
            Err(StoreError::Inconsistent(
                "the store being built was abandoned".into(),
            ))
        });
        let mut handing = Handing {
            tx,
            chunk: Vec::with_capacity(HANDOVER_BYTES + 64),
            failed: false,
        };
        let fed = feed(&mut handing);
        if fed.is_ok() {
            let done = handing.flush().and_then(|()| handing.send(Handover::Done));
            handing.failed |= done.is_err();
        }
        let handover_failed = handing.failed;
        drop(handing);
        let built = builder
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (fed, built) {
            (Ok(fed), Ok(built)) => Ok((fed, built)),
            // A failed hand-over is explained by the builder's error.
            (_, Err(e)) if handover_failed => Err(e),
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_built_alongside_holds_every_entry_and_reports_the_right_error() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'x'; 3 * HANDOVER_BYTES];
        let keys: Vec<Vec<u8>> = (0..50_000u32)
            .map(|i| format!("k{i:06}").into_bytes())
            .collect();
        let (fed, built) = build_alongside(dir.path(), |sink| {
            for (i, key) in keys.iter().enumerate() {
                let value: Cow<[u8]> = match i {
                    777 => Cow::Borrowed(&big),
                    778 => Cow::Owned(big.clone()),
                    _ => Cow::Borrowed(key),
                };
                sink.entry(key, value)?;
            }
            Ok(keys.len())
        })
        .unwrap();
        assert_eq!((fed, built.entries), (50_000, 50_000));
        let version = crate::store::ldb::open_version(dir.path()).unwrap();
        for key in [&b"k000777"[..], b"k000778"] {
            assert_eq!(version.get(key).unwrap().as_deref(), Some(&big[..]));
        }
        assert_eq!(
            version.get(b"k049999").unwrap().as_deref(),
            Some(&b"k049999"[..])
        );
        // The feed's own error is returned and the store is not finished.
        let dir = tempfile::tempdir().unwrap();
        let failed = build_alongside(dir.path(), |sink| {
            sink.entry(b"a", Cow::Borrowed(b"1"))?;
            Err::<(), _>(StoreError::bad_input("stopped by the feed"))
        });
        assert!(
            matches!(failed, Err(StoreError::BadInput(m)) if m.contains("stopped by the feed"))
        );
        assert!(!dir.path().join("CURRENT").exists());
        // The builder's error explains a hand-over that failed.
        let dir = tempfile::tempdir().unwrap();
        let failed = build_alongside(dir.path(), |sink| {
            for i in (0..200_000u32).rev() {
                sink.entry(format!("k{i:06}").as_bytes(), Cow::Borrowed(&[0u8; 64]))?;
            }
            Ok(())
        });
        assert!(
            matches!(&failed, Err(StoreError::BadInput(m)) if m.contains("not in strictly increasing order")),
            "{failed:?}"
        );
    }
}
