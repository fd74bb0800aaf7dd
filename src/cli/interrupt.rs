//! Ctrl-C (SIGINT) for long commands: the first SIGINT sets a flag that the
//! command checks at its chunk boundaries, so it stops cleanly (no `.part`
//! file, no half-built store) and exits 130; a second SIGINT exits at once.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The command was interrupted; the message says what was done (exit 130).
#[derive(Debug, thiserror::Error)]
#[error("interrupted: {0}")]
pub struct Interrupted(pub String);

extern "C" fn on_sigint(_: libc::c_int) {
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(130) };
    }
}

/// Catches SIGINT for the rest of the process.
pub fn install() {
    // SAFETY: the handler only touches an atomic and calls _exit.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigint as *const () as usize;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
    }
}

/// Whether SIGINT arrived.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Fails with [`Interrupted`] (saying `what_was_done`) once SIGINT arrived.
pub fn check(what_was_done: impl FnOnce() -> String) -> anyhow::Result<()> {
    if requested() {
        return Err(Interrupted(what_was_done()).into());
    }
    Ok(())
}
