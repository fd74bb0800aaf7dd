//! What a command that writes in atomic chunks says when it stops part way
//! (a write fails, the disk fills, an interrupt): how much of its work the
//! store now holds and how to finish. Every other failing command has
//! written nothing; these have, and an operator must not have to guess.

/// How far a chunked write got: `done` units of `total` (when known)
/// were written, in whole atomic chunks of `chunk`.
pub struct Progress {
    /// Units written in chunks that completed.
    pub done: u64,
    /// Units the command set out to write, when known.
    pub total: Option<u64>,
    /// What a unit is ("records", "blocks", "keys").
    pub unit: &'static str,
    /// What one atomic chunk holds ("10000 records").
    pub chunk: String,
    /// How to finish the job once the cause is fixed.
    pub finish: &'static str,
}

impl Progress {
    /// `total` deletions in chunks of about `per_chunk`, each block with
    /// its height entry (prune, block rewind).
    pub fn deletions(total: u64, per_chunk: usize, finish: &'static str) -> Progress {
        Progress {
            done: 0,
            total: Some(total),
            unit: "keys",
            chunk: format!("about {per_chunk} deletions, each block with its height entry"),
            finish,
        }
    }
}

/// Runs `write`, which adds to `progress.done` as its chunks land (and may
/// set `progress.total` once known); returns how many units were written.
/// A failure says how far it got ([`stopped`]).
pub fn write_in_chunks(
    mut progress: Progress,
    write: impl FnOnce(&mut Progress) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    match write(&mut progress) {
        Ok(()) => Ok(progress.done),
        Err(e) => Err(stopped(e, &progress)),
    }
}

/// `err` (a failure after the writing began), saying what was written
/// before it. The chunk in progress when the write failed may have landed
/// too (its log record can be whole although the write reported an error),
/// and nothing after it was written. Exit codes still follow the cause.
fn stopped(err: anyhow::Error, progress: &Progress) -> anyhow::Error {
    // An interrupt is acted on between chunks: none is in flight.
    let interrupted = err.chain().any(|c| c.is::<super::interrupt::Interrupted>());
    let in_flight = if interrupted {
        "; nothing after them was"
    } else {
        "; the chunk being written may also have landed, nothing after it did"
    };
    let of = progress
        .total
        .map_or(String::new(), |total| format!(" of {total}"));
    let done = match (progress.done, progress.total) {
        (done, Some(total)) if done == total && total > 0 => format!(
            "all {total} {} were written (atomic chunks of {}), but what follows them failed",
            progress.unit, progress.chunk
        ),
        (0, _) if interrupted => format!(
            "none{of} {} were written (atomic chunks of {})",
            progress.unit, progress.chunk
        ),
        (0, _) => format!(
            "none{of} {} were written before this, except perhaps the first atomic chunk of {}",
            progress.unit, progress.chunk
        ),
        (done, _) => format!(
            "{done}{of} {} were written before this, in whole atomic chunks of {}{in_flight}",
            progress.unit, progress.chunk
        ),
    };
    err.context(format!("stopped part way: {done}; {}", progress.finish))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(done: u64, total: Option<u64>) -> String {
        let err = anyhow::anyhow!("No space left on device");
        let progress = Progress {
            done,
            total,
            unit: "blocks",
            chunk: "1000 blocks".into(),
            finish: "run the same command again",
        };
        let err = stopped(err, &progress);
        err.chain()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(": ")
    }

    #[test]
    fn says_how_far_the_write_got_and_keeps_the_cause() {
        assert_eq!(
            said(47000, Some(60000)),
            "stopped part way: 47000 of 60000 blocks were written before this, in whole atomic chunks of 1000 blocks; the chunk being written may also have landed, nothing after it did; run the same command again: No space left on device"
        );
        assert!(said(60000, Some(60000))
            .starts_with("stopped part way: all 60000 blocks were written (atomic chunks of 1000 blocks), but what follows them failed;"));
        assert!(said(0, Some(5)).starts_with(
            "stopped part way: none of 5 blocks were written before this, except perhaps the first atomic chunk of 1000 blocks;"
        ));
        assert!(said(3000, None).starts_with("stopped part way: 3000 blocks were written"));
        let interrupted = stopped(
            anyhow::Error::new(super::super::interrupt::Interrupted(
                "block put stopped".into(),
            )),
            &Progress {
                done: 2000,
                total: Some(5000),
                unit: "blocks",
                chunk: "1000 blocks".into(),
                finish: "run it again",
            },
        );
        assert_eq!(
            format!("{interrupted:#}"),
            "stopped part way: 2000 of 5000 blocks were written before this, in whole atomic chunks of 1000 blocks; nothing after them was; run it again: interrupted: block put stopped"
        );
    }
}
