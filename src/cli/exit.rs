//! Exit codes, mapped from errors in exactly one place.
//!
//! 0 ok · 1 error · 2 usage · 3 not found · 4 store locked/busy ·
//! 5 a check found problems · 130 interrupted. Scripts depend on these.

use crate::error::StoreError;
use std::sync::atomic::{AtomicBool, Ordering};

/// Success.
pub const OK: i32 = 0;
/// Any failure not listed below.
pub const ERROR: i32 = 1;
/// Bad command line (clap uses 2 as well).
pub const USAGE: i32 = 2;
/// The key, block, state or snapshot asked for does not exist.
pub const NOT_FOUND: i32 = 3;
/// Another process holds the store's LOCK.
pub const LOCKED: i32 = 4;
/// A check (verify, diff) found problems.
pub const FINDINGS: i32 = 5;
/// Stopped by SIGINT (SIGTERM gives 143, SIGHUP 129: 128 + the signal).
pub const INTERRUPTED: i32 = 130;

/// The exit-code table printed at the end of `--help`.
pub const HELP_TABLE: &str = "Exit codes:
  0    success
  1    error (bad input, corruption, I/O); nothing was written, except by a
       command writing in chunks (import, block put, prune, block rewind), which
       then says \"stopped part way\" and how far it got
  2    usage error (bad flags or arguments, no --db)
  3    not found (key, block, state, snapshot)
  4    store locked by another process (see --lock-wait)
  5    a check found problems (verify, diff)
  130  interrupted (SIGINT; 143 for SIGTERM, 129 for SIGHUP)";

/// A command-line mistake that clap cannot see (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The command's check found problems; its report is already printed (exit 5).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FindingsError(pub String);

/// A not-found that has already been reported, or was asked to be quiet (exit 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct QuietNotFound(pub String);

/// The exit code for an error that reached `main`.
pub fn code_for(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if let Some(store) = cause.downcast_ref::<StoreError>() {
            return match store {
                StoreError::NotFound { .. } => NOT_FOUND,
                StoreError::Locked { .. } | StoreError::RepositoryBusy { .. } => LOCKED,
                _ => ERROR,
            };
        }
        if cause.is::<UsageError>() {
            return USAGE;
        }
        if cause.is::<FindingsError>() {
            return FINDINGS;
        }
        if cause.is::<QuietNotFound>() {
            return NOT_FOUND;
        }
        if cause.is::<super::interrupt::Interrupted>() {
            return super::interrupt::exit_code();
        }
    }
    ERROR
}

/// Whether the error is stdout closing under us (`storectl scan | head`),
/// which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    super::output::stdout_closed()
        || err.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
                || cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
                    == Some(std::io::ErrorKind::BrokenPipe)
        })
}

/// Set by a check (verify, diff, …) once it knows it found problems,
/// before or while it prints them.
static FOUND_PROBLEMS: AtomicBool = AtomicBool::new(false);

/// The running check found problems: its exit code is 5 even if its
/// reader goes away before the report is out (`verify | head`, a pager
/// quit early), never the 0 of a closed stdout.
pub fn found_problems() {
    FOUND_PROBLEMS.store(true, Ordering::Relaxed);
}

/// The exit code when stdout's reader went away: 0, as for `scan | head`,
/// unless a check had found problems (5).
pub fn code_for_closed_stdout() -> i32 {
    if FOUND_PROBLEMS.load(Ordering::Relaxed) {
        FINDINGS
    } else {
        OK
    }
}

/// Whether the error should be printed (quiet not-founds are not).
pub fn should_report(err: &anyhow::Error) -> bool {
    !err.chain().any(|cause| cause.is::<QuietNotFound>())
}
