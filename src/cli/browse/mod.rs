//! `storectl browse`: a full-screen, read-only browser over a read view of
//! the store (ratatui + crossterm). The state and key handling live in
//! [`app`] and are tested without a terminal; this module owns the terminal:
//! raw mode and the alternate screen, restored on every way out (quit,
//! error, panic, SIGINT/SIGTERM/SIGHUP).

pub mod app;
pub mod clipboard;
pub mod counts;
pub mod overlay;
pub mod render;
pub mod value;
pub mod window;

use super::exit::UsageError;
use super::interrupt;
use super::GlobalArgs;
use anyhow::Result;
use app::App;
use clap::Args;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// Every key binding, as one literal: the help view (`?`), `browse --help`
/// and the man page all show this text.
macro_rules! key_bindings {
    () => {
        "\
Keys:
  ↑ ↓  j k         previous / next key (in the focused pane)
  PgUp PgDn        previous / next page
  Home End         first / last key of the category
  Tab Shift-Tab    focus the next / previous pane (categories, keys, value)
  ← →  h l         focus the pane to the left / right
  1 … 7            show a category: all, block, height, state, root, snapshot, other
  /                search: type a key prefix; the list seeks as you type;
                   Enter keeps the place, Esc returns
  g                go to the block at a height: type digits, then Enter
  Enter            follow: height:N → its block, a block → root:<stateRoot>,
                   a root → state:<machineId>, a state → root:<stateRoot>,
                   a snapshot → its chain and contents
  b  Backspace     back to where the last jump or search started
  y                copy the key (as `storectl get` takes it; hex when binary)
  Y                copy the value (as `storectl get -o FORMAT` prints it)
  r                reload: a new read view (the owner may have written)
  ?                this help
  q  Esc  Ctrl-C   quit (Esc first closes a view or a prompt)"
    };
}

/// Every key binding (see `key_bindings!`).
pub const KEY_BINDINGS: &str = key_bindings!();

/// Arguments of `browse`.
#[derive(Debug, Args)]
#[command(after_help = concat!(
    "Read-only: it opens a private read view (no lock, nothing written) and is \
     safe on a store another process is using. Category counts fill in from a \
     background scan; the key list pages with seeks and never loads the whole \
     store. Copies go to the clipboard (wl-copy, xclip, xsel, pbcopy); without \
     one they are printed on stdout when browse exits; `-o FORMAT` sets how `Y` \
     copies a value (as `get -o FORMAT` prints it; default table: pretty JSON).\n\n",
    key_bindings!(),
    "\n\n",
    "stdout must be a terminal (exit 2 otherwise): use scan, get and block in scripts."
))]
pub struct BrowseArgs {
    /// Open with the list at this key (or the next one).
    #[arg(value_name = "KEY")]
    pub key: Option<OsString>,

    /// Never use a clipboard tool: print copies on stdout at exit.
    #[arg(long)]
    pub no_clipboard: bool,
}

/// Raw mode and the alternate screen, left again when dropped (also while
/// a panic unwinds).
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            terminal::LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
    }
}

/// Runs `browse`.
pub fn run(g: &GlobalArgs, args: &BrowseArgs) -> Result<()> {
    if !std::io::stdout().is_terminal() {
        return Err(UsageError(
            "browse is interactive and needs a terminal, but stdout is not one; \
             in scripts use `scan`, `get` or `block get`"
                .into(),
        )
        .into());
    }
    let path = g.db_path()?;
    crate::store::open::require_store(path, false)?;
    let mut app = App::open(path, g.namespace(), g.output)?;
    if !args.no_clipboard {
        app.set_clipboard(clipboard::detect());
    }
    if let Some(key) = &args.key {
        app.start_at(&g.key_arg(key)?)?;
    }
    interrupt::install();
    watch_for_hangup();
    let outcome = {
        let _guard = TerminalGuard::enter()?;
        let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
        terminal.clear()?;
        event_loop(&mut terminal, &mut app)
    };
    let mut out = std::io::stdout().lock();
    for text in &app.yanked {
        writeln!(out, "{text}")?;
    }
    out.flush()?;
    outcome
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<std::io::Stdout>>,
    app: &mut App,
) -> Result<()> {
    loop {
        let size = terminal.size()?;
        app.fit(render::list_rows(size.into()));
        terminal.draw(|frame| render::draw(frame, app))?;
        // Wake up now and then for the counts and for signals.
        let mut redraw = false;
        while !redraw {
            if interrupt::requested() {
                return Err(interrupt::Interrupted("browse closed".into()).into());
            }
            if event::poll(Duration::from_millis(100))? {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => {
                        test_panic(&key);
                        app.key(key);
                        redraw = true;
                    }
                    Event::Resize(..) => redraw = true,
                    _ => {}
                }
            }
            if app.quit {
                return Ok(());
            }
            redraw |= app.poll_counts();
        }
    }
}

/// Exits (129, as for SIGHUP) when the terminal hangs up (its window closed,
/// the SSH connection dropped). crossterm 0.29 reads a hung-up terminal's
/// end of file in a loop that never returns, so the event loop would spin
/// forever; a thread watches the terminal instead. Nothing is lost: browse
/// never writes.
fn watch_for_hangup() {
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(100));
        let mut fd = libc::pollfd {
            fd: libc::STDOUT_FILENO,
            events: 0,
            revents: 0,
        };
        // SAFETY: polls one descriptor described by a valid struct.
        let ready = unsafe { libc::poll(&mut fd, 1, 0) };
        if ready > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            std::process::exit(128 + libc::SIGHUP);
        }
    });
}

/// Test builds only: panics on the key named by `STORECTL_TEST_PANIC_KEY`,
/// so the tests can check that a panic restores the terminal.
#[cfg(debug_assertions)]
fn test_panic(key: &ratatui::crossterm::event::KeyEvent) {
    use ratatui::crossterm::event::KeyCode;
    if let (KeyCode::Char(c), Ok(wanted)) = (key.code, std::env::var("STORECTL_TEST_PANIC_KEY")) {
        if wanted == c.to_string() {
            panic!("test panic on key {c} (STORECTL_TEST_PANIC_KEY)");
        }
    }
}

#[cfg(not(debug_assertions))]
fn test_panic(_key: &ratatui::crossterm::event::KeyEvent) {}
