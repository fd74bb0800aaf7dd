//! The committed completion scripts match what the binary generates.
//! Regenerate with `STORECTL_BLESS=1 cargo test --test generated`.

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

#[test]
fn committed_completions_are_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("STORECTL_BLESS").is_some();
    for (shell, file) in SHELLS {
        let out = storectl().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        let path = dir.join(file);
        if bless {
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
