//! `browse` end to end in a real terminal: the binary runs inside tmux,
//! keys are sent with `send-keys` and the screen read with `capture-pane`.
//! Skips (saying so) where tmux is not installed or cannot start.

mod common;

use common::{browse_fixture, storectl};
use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server (own socket) running one command in a window.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Runs `command` in a `width`×`height` window; `None` (after saying
    /// why) when tmux cannot run here.
    fn start(name: &str, command: &str, width: u16, height: u16) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipping {name}: tmux is not installed (apt-get install tmux)");
            return None;
        }
        let tmux = Tmux {
            socket: format!("storectl-test-{}-{name}", std::process::id()),
        };
        let out = tmux
            .command()
            .args([
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(command)
            .output()
            .expect("run tmux");
        if !out.status.success() {
            eprintln!(
                "skipping {name}: tmux cannot start here: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return None;
        }
        Some(tmux)
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys (tmux key names: `Enter`, `PageDown`, `Escape`, text).
    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types text literally.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-l", text]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p"])
    }

    /// The screen once it contains every one of `texts` (fails with the
    /// screen after 10 s).
    fn wait_for(&self, texts: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {texts:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn resize(&self, width: u16, height: u16) {
        self.run(&[
            "resize-window",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// Whether the pane is on the alternate screen (a full-screen program runs).
    fn alternate_on(&self) -> bool {
        self.run(&["display-message", "-p", "#{alternate_on}"])
            .trim()
            == "1"
    }

    /// The pid of the program the pane's shell runs (browse).
    fn child_pid(&self) -> u32 {
        let shell: u32 = self
            .run(&["display-message", "-p", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap();
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .expect("the shell's children");
        children.split_whitespace().next().unwrap().parse().unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
    }
}

/// The shell command run in the pane: browse, then its exit code and
/// whether the terminal is back in canonical (cooked) mode.
fn browse_command(db: &std::path::Path, extra: &str) -> String {
    format!(
        "'{}' --db '{}' browse --no-clipboard {extra}; echo \"EXIT:$?\"; stty -a | grep -o -- '-*icanon' | sed 's/^/MODE:/'; sleep 120",
        env!("CARGO_BIN_EXE_storectl"),
        db.display()
    )
}

#[test]
fn browse_in_a_real_terminal() {
    let env = browse_fixture(120);
    let Some(tmux) = Tmux::start("main", &browse_command(&env.db, ""), 100, 30) else {
        return;
    };
    // Category counts (exact once the background count is done).
    let screen = tmux.wait_for(&[
        "all · 1 of 374",
        "│ 2 block         120│",
        "│ 7 other           2│",
    ]);
    assert!(screen.contains("›block:0x"), "{screen}");
    assert!(tmux.alternate_on());

    // Paging: the list holds 27 rows, the selection keeps its line.
    tmux.send(&["PageDown"]);
    tmux.wait_for(&["all · 28 of 374"]);
    tmux.send(&["End"]);
    tmux.wait_for(&["all · 374 of 374"]);
    tmux.send(&["Home"]);
    tmux.wait_for(&["all · 1 of 374"]);

    // Incremental search by key prefix.
    tmux.send(&["/"]);
    tmux.type_text("state:beta");
    tmux.wait_for(&["search key prefix: state:beta", "›state:beta "]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["?:help /:search"]);

    // Jump to a block by height, then follow it to its root.
    tmux.send(&["g"]);
    tmux.type_text("77");
    tmux.send(&["Enter"]);
    tmux.wait_for(&["\"height\": 77,"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["›root:0x", "\"n\": 77"]);

    // A snapshot's chain.
    tmux.send(&["6"]);
    tmux.wait_for(&["snapshot · 1 of 3", "›snapshot:s1"]);
    tmux.send(&["j"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["chain of snapshot s2", "↳ s1", "deleted state:beta"]);
    tmux.send(&["Escape"]);
    tmux.wait_for(&["›snapshot:s2"]);

    // A tiny terminal, then back.
    tmux.resize(40, 10);
    let small = tmux.wait_for(&["┏ snapshot"]);
    assert!(small.lines().all(|l| l.chars().count() <= 40), "{small}");
    tmux.resize(100, 30);
    tmux.wait_for(&["│ 2 block         120│"]);

    // Copy the key, quit: the terminal is restored and the copy printed.
    tmux.send(&["y"]);
    tmux.wait_for(&["printed on exit"]);
    tmux.send(&["q"]);
    let screen = tmux.wait_for(&["EXIT:0", "MODE:icanon"]);
    assert!(!tmux.alternate_on(), "left the alternate screen");
    assert!(screen.lines().any(|l| l == "snapshot:s2"), "{screen}");
}

#[test]
fn sigterm_and_sigint_close_browse_and_restore_the_terminal() {
    for (name, signal, code) in [
        ("sigterm", libc::SIGTERM, 143),
        ("sigint", libc::SIGINT, 130),
    ] {
        let env = browse_fixture(20);
        let Some(tmux) = Tmux::start(name, &browse_command(&env.db, ""), 90, 20) else {
            return;
        };
        tmux.wait_for(&["all · 1 of"]);
        let browse = tmux.child_pid() as i32;
        // SAFETY: sends a signal to the child process just found.
        assert_eq!(unsafe { libc::kill(browse, signal) }, 0);
        tmux.wait_for(&[&format!("EXIT:{code}"), "MODE:icanon"]);
        assert!(!tmux.alternate_on(), "{name}");
    }
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let env = browse_fixture(20);
    let Some(tmux) = Tmux::start("ctrlc", &browse_command(&env.db, "height:5"), 90, 20) else {
        return;
    };
    tmux.wait_for(&["›height:5", "height · "]);
    tmux.send(&["C-c"]);
    tmux.wait_for(&["EXIT:0", "MODE:icanon"]);
    assert!(!tmux.alternate_on());
}

#[test]
fn browse_refuses_when_stdout_is_not_a_terminal() {
    let env = browse_fixture(5);
    let out = storectl()
        .arg("--db")
        .arg(&env.db)
        .arg("browse")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn a_panic_restores_the_terminal() {
    if !cfg!(debug_assertions) {
        eprintln!("skipping: the panic hook exists in test (debug) builds only");
        return;
    }
    let env = browse_fixture(20);
    let command = format!("STORECTL_TEST_PANIC_KEY=x {}", browse_command(&env.db, ""));
    let Some(tmux) = Tmux::start("panic", &command, 90, 20) else {
        return;
    };
    tmux.wait_for(&["all · 1 of"]);
    tmux.send(&["x"]);
    let screen = tmux.wait_for(&["EXIT:1", "MODE:icanon"]);
    assert!(!tmux.alternate_on());
    assert!(screen.contains("test panic on key x"), "{screen}");
}

#[test]
fn browse_exits_when_its_terminal_goes_away() {
    let env = browse_fixture(20);
    let Some(tmux) = Tmux::start("hangup", &browse_command(&env.db, ""), 90, 20) else {
        return;
    };
    tmux.wait_for(&["all · 1 of"]);
    let browse = tmux.child_pid();
    // The terminal closes under it (as when an SSH connection drops).
    drop(tmux);
    let running = || {
        std::fs::read_to_string(format!("/proc/{browse}/status"))
            .map(|s| !s.contains("State:\tZ"))
            .unwrap_or(false)
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while running() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !running(),
        "browse (pid {browse}) still runs after its terminal went away"
    );
}
