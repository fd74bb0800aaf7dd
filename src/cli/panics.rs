//! rusty-leveldb panics on some damaged files (e.g. a truncated table)
//! instead of returning an error. The CLI turns such a panic into a one-line
//! error with exit code 1: this hook records the message instead of printing
//! a backtrace, and `main_with_args` reports it.

use std::sync::Mutex;

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Replaces the default panic output with recording the message.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!(
                "{}{place}",
                message.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
    }));
}

/// The message of the last panic, if one was recorded.
pub fn last_message() -> String {
    LAST_PANIC
        .lock()
        .ok()
        .and_then(|m| m.clone())
        .unwrap_or_else(|| "unknown failure".into())
}
