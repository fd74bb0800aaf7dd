//! Test environment: a temporary store per test and helpers to run the real
//! `storectl` binary against it (in the manner of fd's `TestEnv`).
#![allow(dead_code)]

pub mod forge;
pub mod support;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tempfile::TempDir;

/// A temporary directory with a store path inside it.
pub struct TestEnv {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl TestEnv {
    /// A temp dir whose store path does not exist yet.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("db");
        TestEnv { dir, db }
    }

    /// A temp dir with an empty store created by storectl.
    pub fn new() -> Self {
        let env = Self::empty();
        env.run(&["--create", "batch", "-"])
            .write_stdin("")
            .assert()
            .success();
        env
    }

    /// `storectl --db <store> ARGS...`, with no STORECTL_* from the outside.
    pub fn run(&self, args: &[&str]) -> Command {
        let mut cmd = storectl();
        cmd.arg("--db").arg(&self.db).args(args);
        cmd
    }

    /// Runs and returns stdout, asserting success.
    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args).output().expect("run storectl");
        assert!(
            out.status.success(),
            "storectl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// A path inside the temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file inside the temp dir and returns its path.
    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write test file");
        p
    }

    /// Every file of the store with its bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files_of(&self.db)
    }
}

/// The `storectl` binary with a clean environment.
pub fn storectl() -> Command {
    let mut cmd = Command::cargo_bin("storectl").expect("storectl binary");
    cmd.env_remove("STORECTL_DB").env_remove("STORECTL_PREFIX");
    cmd
}

/// Copies the files of a store directory to `to` (a subdirectory, which a
/// store never has but a damage test may put in a table's place, is
/// copied as an empty directory).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir(to.join(e.file_name())).unwrap();
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Every file in a directory with its bytes (a subdirectory: no bytes).
pub fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("list store dir")
        .map(|e| {
            let e = e.expect("dir entry");
            let bytes = if e.file_type().expect("file type").is_dir() {
                Vec::new()
            } else {
                std::fs::read(e.path()).expect("read store file")
            };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// Path of the C++ LevelDB helper script.
pub fn cpp_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/cpp_leveldb.py")
}

/// Runs the C++ LevelDB helper (plyvel); panics with how to install it.
pub fn cpp(args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new("python3")
        .arg(cpp_script())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run python3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'plyvel'"),
        "the interop tests need C++ LevelDB through plyvel: pip install plyvel"
    );
    out
}

/// A store of `n` seed-shaped entries written by the real C++ LevelDB
/// (`cpp_leveldb.py write`: Snappy tables, the last entries only in the log).
pub fn cpp_store(n: usize) -> TestEnv {
    let env = TestEnv::empty();
    let out = cpp(&["write", env.db.to_str().unwrap(), &n.to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env
}

/// A store written by the seed's code shapes through the real C++ LevelDB
/// (`cpp_leveldb.py seed`).
pub fn seed_store() -> TestEnv {
    let env = TestEnv::empty();
    let out = cpp(&["seed", env.db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env
}

/// The store's entries as the C++ engine sees them: (key, value) bytes.
pub fn cpp_dump(db: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let out = cpp(&["dump", db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "dump failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let (k, v) = line.split_once(' ').expect("hex pair");
            (unhex(k), unhex(v))
        })
        .collect()
}

/// Decodes a hex string.
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Decodes `scan -o ndjson` output back into (key, value) bytes.
pub fn decode_ndjson(text: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    text.lines()
        .map(|line| {
            let rec: serde_json::Value = serde_json::from_str(line).expect("ndjson line");
            let key = match &rec["key"] {
                serde_json::Value::String(s) => s.as_bytes().to_vec(),
                other => b64.decode(other["bytes"].as_str().unwrap()).unwrap(),
            };
            let value = if let Some(raw) = rec.get("raw") {
                match raw.get("text") {
                    Some(t) => t.as_str().unwrap().as_bytes().to_vec(),
                    None => b64.decode(raw["bytes"].as_str().unwrap()).unwrap(),
                }
            } else {
                // Embedded JSON is stored text byte for byte: re-extract it from the line.
                let start = line.find(",\"value\":").unwrap() + ",\"value\":".len();
                line.as_bytes()[start..line.len() - 1].to_vec()
            };
            (key, value)
        })
        .collect()
}

/// Lowercase hex of `bytes` (the `load` helper's input format).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A deterministic seed-shaped store for the browser's tests: `blocks`
/// blocks at heights 1..=blocks (keys `block:<hash>` in random order), the
/// height index, a root per block, three machines with sub-keys, a chain of
/// two snapshots (s1 <- s2) with fixed times, a binary key with a non-JSON
/// value, and one key outside the categories.
pub fn browse_fixture(blocks: u64) -> TestEnv {
    let env = TestEnv::empty();
    let hash = |i: u64| -> String {
        let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d;
        let mut out = String::from("0x");
        for _ in 0..4 {
            x ^= x >> 29;
            x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            out.push_str(&format!("{x:016x}"));
        }
        out
    };
    let machines = ["alpha", "beta", "gamma"];
    let mut lines = Vec::new();
    for h in 1..=blocks {
        let root = hash(h);
        let machine = machines[(h % 3) as usize];
        lines.push(format!(
            r#"{{"key":"block:{root}","value":{{"stateRoot":"{root}","height":{h},"parentRoot":"{}","transactions":[],"timestamp":{}}}}}"#,
            hash(h - 1),
            1_700_000_000_000u64 + h * 1000
        ));
        lines.push(format!(r#"{{"key":"height:{h}","value":"{root}"}}"#));
        lines.push(format!(
            r#"{{"key":"root:{root}","value":{{"stateRoot":"{root}","machineId":"{machine}","n":{h}}}}}"#
        ));
    }
    for (i, m) in machines.iter().enumerate() {
        let root = hash(blocks - i as u64);
        lines.push(format!(
            r#"{{"key":"state:{m}","value":{{"stateRoot":"{root}","machineId":"{m}","n":{}}}}}"#,
            blocks - i as u64
        ));
        for sub in ["config", "owner"] {
            lines.push(format!(
                r#"{{"key":"state:{m}:{sub}","value":{{"{sub}":"{m}-{sub}"}}}}"#
            ));
        }
    }
    lines.push(r#"{"key":"snapshot:s1","value":{"id":"s1","timestamp":1700000000000,"data":{"state:alpha":{"n":1},"state:beta":{"n":2}},"storectl":1,"range":{"all":true},"base":null,"entries":2,"deleted":[],"extra":[]}}"#.to_string());
    lines.push(r#"{"key":"snapshot:s2","value":{"id":"s2","timestamp":1700000060000,"data":{"state:alpha":{"n":3}},"storectl":1,"range":{"all":true},"base":"s1","entries":1,"deleted":["state:beta"],"extra":[]}}"#.to_string());
    lines.push(r#"{"key":"snapshot:s2:base","value":"s1"}"#.to_string());
    // A binary key (not UTF-8) holding bytes that are not JSON.
    lines.push(r#"{"key":{"bytes":"/wBrZXk="},"raw":{"bytes":"AAEC/w=="}}"#.to_string());
    lines.push(r#"{"key":"config:network","value":{"name":"testnet","deep":[[[1]]]}}"#.to_string());
    let input = lines.join("\n") + "\n";
    env.run(&["--create", "import", "-"])
        .write_stdin(input)
        .assert()
        .success();
    env
}

/// A long-lived helper process (`python3 ARGS...`) that prints `ready`
/// once it has started, and stops when its stdin closes: it is stopped and
/// waited for when dropped.
pub struct Helper {
    pub child: std::process::Child,
    pub out: std::io::BufReader<std::process::ChildStdout>,
}

impl Helper {
    /// Runs `python3 args...` and waits for its `ready` line.
    pub fn start(args: &[&str]) -> Helper {
        let mut child = std::process::Command::new("python3")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run python3");
        let out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut helper = Helper { child, out };
        assert_eq!(helper.line(), "ready", "helper {args:?} did not start");
        helper
    }

    /// Its next line of output, trimmed.
    pub fn line(&mut self) -> String {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut self.out, &mut line).unwrap();
        line.trim().to_string()
    }

    /// Closes its stdin and waits for it to exit.
    pub fn stop(mut self) {
        drop(self.child.stdin.take());
        self.child.wait().unwrap();
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}
