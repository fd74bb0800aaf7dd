//! SIGINT, SIGTERM and SIGHUP for long commands: the first signal sets a
//! flag that the command checks at its chunk boundaries, so it stops
//! cleanly (no `.part` file, no half-built store) and exits 128 + the
//! signal's number (130 for Ctrl-C); a second signal exits at once.

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal that arrived (0: none).
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// The command was interrupted; the message says what was done.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: {0}")]
pub struct Interrupted(pub String);

extern "C" fn on_signal(sig: libc::c_int) {
    if SIGNAL.swap(sig, Ordering::SeqCst) != 0 {
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(128 + sig) };
    }
}

/// Catches SIGINT, SIGTERM and SIGHUP for the rest of the process.
pub fn install() {
    // SAFETY: the handler only touches an atomic and calls _exit.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as *const () as usize;
        libc::sigemptyset(&mut action.sa_mask);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// Whether a signal arrived.
pub fn requested() -> bool {
    SIGNAL.load(Ordering::Relaxed) != 0
}

/// The exit code for an interrupted command: 128 + the signal (130 when
/// none was recorded).
pub fn exit_code() -> i32 {
    match SIGNAL.load(Ordering::Relaxed) {
        0 => 130,
        sig => 128 + sig,
    }
}

/// Fails with [`Interrupted`] (saying `what_was_done`) once a signal arrived.
pub fn check(what_was_done: impl FnOnce() -> String) -> anyhow::Result<()> {
    if requested() {
        return Err(Interrupted(what_was_done()).into());
    }
    Ok(())
}
