//! Helpers to run the Python side of the tests (`tests/support/*.py`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A file under `tests/support`.
pub fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// Runs `differential.py ARGS`, asserting success.
pub fn differential(args: &[&str]) {
    differential_out(args);
}

/// Runs `differential.py ARGS`, asserting success; its standard output.
pub fn differential_out(args: &[&str]) -> String {
    let out = std::process::Command::new("python3")
        .arg(support("differential.py"))
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "differential.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("differential.py prints text")
}

/// Builds one of the named reproduction stores at `db`.
pub fn repro(db: &Path, name: &str) {
    differential(&["repro", db.to_str().unwrap(), name]);
}
