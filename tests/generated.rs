//! The committed completion scripts and man pages match what the binary
//! generates. Regenerate both with `STORECTL_BLESS=1 cargo test --test generated`.

mod common;

use common::storectl;
use std::path::Path;

const SHELLS: &[(&str, &str)] = &[
    ("bash", "storectl.bash"),
    ("zsh", "_storectl"),
    ("fish", "storectl.fish"),
    ("powershell", "_storectl.ps1"),
    ("elvish", "storectl.elv"),
];

fn bless() -> bool {
    std::env::var_os("STORECTL_BLESS").is_some()
}

#[test]
fn committed_completions_are_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in SHELLS {
        let out = storectl().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        let path = dir.join(file);
        if bless() {
            std::fs::write(&path, &out.stdout).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is stale: run `STORECTL_BLESS=1 cargo test --test generated`"
        );
    }
}

#[test]
fn committed_man_pages_are_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    let pages = storectl::cli::man::render_man_pages();
    assert!(pages.iter().any(|(n, _)| n == "storectl.1"));
    assert!(pages
        .iter()
        .any(|(n, _)| n == "storectl-snapshot-restore.1"));
    for (name, roff) in &pages {
        let text = String::from_utf8_lossy(roff);
        assert!(
            text.contains("\n.SH EXAMPLES\n.nf\n"),
            "{name} has no EXAMPLES section"
        );
    }
    if bless() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, roff) in &pages {
            std::fs::write(dir.join(name), roff).unwrap();
        }
        return;
    }
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    committed.sort();
    let mut expected: Vec<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(
        committed, expected,
        "docs/man is stale: run `STORECTL_BLESS=1 cargo test --test generated`"
    );
    for (name, roff) in &pages {
        let on_disk = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(
            &on_disk == roff,
            "docs/man/{name} is stale: run `STORECTL_BLESS=1 cargo test --test generated`"
        );
    }
}

#[test]
fn help_shows_examples_and_only_the_options_that_matter() {
    let help = |args: &[&str]| {
        let out = storectl().args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let get = help(&["get", "--help"]);
    assert!(get.contains("Examples:") && !get.contains("--create") && !get.contains("--lock-wait"));
    let put = help(&["put", "--help"]);
    assert!(put.contains("Examples:") && put.contains("--create") && put.contains("--lock-wait"));
    let verify = help(&["verify", "--help"]);
    assert!(
        verify.contains("storage, values, blocks, states, snapshots"),
        "{verify}"
    );
    // Reading commands still accept the options (scripts pass them everywhere).
    let env = common::TestEnv::new();
    env.run(&["get", "x", "--create", "--lock-wait", "1"])
        .assert()
        .code(3);
    // Completions know the check names and that --db is a directory.
    let bash = help(&["completions", "bash"]);
    assert!(bash.contains("storage values blocks states snapshots"));
}
