//! `inspect` and `find` on stores of known shape, cross-checked with C++
//! LevelDB's own dump tool (`DumpFile`, what `leveldbutil` runs) where the
//! library is installed (Debian's libleveldb-dev; skipped, saying so,
//! elsewhere).

mod common;

use common::{cpp, cpp_store, TestEnv};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

use common::support::repro;

/// The reference dump tool, built once; `None` when it cannot be built here.
fn leveldbutil() -> Option<&'static Path> {
    static TOOL: OnceLock<Option<PathBuf>> = OnceLock::new();
    TOOL.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("leveldbutil");
        let built = std::process::Command::new("g++")
            .args(["-O1", "-o"])
            .arg(&out)
            .arg(support("leveldbutil.cc"))
            .arg("-lleveldb")
            .output()
            .is_ok_and(|o| o.status.success());
        if !built {
            eprintln!("skipped the leveldbutil cross-check: install g++ and libleveldb-dev");
        }
        built.then_some(out)
    })
    .as_deref()
}

/// `(sequence, type)` of every entry or operation leveldbutil prints.
fn reference_entries(file: &Path) -> Option<Vec<(u64, String)>> {
    let tool = leveldbutil()?;
    let out = std::process::Command::new(tool).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut entries = Vec::new();
    let mut sequence = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("--- offset ") {
            // A log record: "--- offset N; sequence S"
            sequence = rest.rsplit(' ').next().unwrap().parse().unwrap();
        } else if let Some(op) = line
            .strip_prefix("  put ")
            .map(|_| "value")
            .or(line.strip_prefix("  del ").map(|_| "deletion"))
        {
            entries.push((sequence, op.to_string()));
            sequence += 1;
        } else if let Some((_, rest)) = line.rsplit_once("' @ ") {
            // A table entry: "'key' @ S : val => 'value'" or ": del => ''"
            let (seq, kind) = rest.split_once(" : ").unwrap();
            let kind = if kind.starts_with("val") {
                "value"
            } else {
                "deletion"
            };
            entries.push((seq.parse().unwrap(), kind.to_string()));
        }
    }
    Some(entries)
}

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn table_files(db: &Path) -> Vec<PathBuf> {
    let mut t: Vec<PathBuf> = std::fs::read_dir(db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ldb"))
        .collect();
    t.sort();
    t
}

#[test]
fn find_lists_every_version_newest_first_and_marks_the_returned_one() {
    let env = TestEnv::empty();
    repro(&env.db, "layered");
    let rows = json_lines(&env.stdout(&["find", "k", "-o", "ndjson"]));
    let summary: Vec<(u64, &str, &str, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["sequence"].as_u64().unwrap(),
                r["type"].as_str().unwrap(),
                if r["level"] == "log" { "log" } else { "table" },
                r["returned"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (103, "deletion", "log", true),
            (2, "value", "table", false),
            (1, "value", "table", false)
        ]
    );
    assert_eq!(rows[1]["value"], "v2");
    assert_eq!(rows[2]["value"], "v1");
    assert!(rows[1]["level"].as_u64().unwrap() < rows[2]["level"].as_u64().unwrap());
    // A key that occurs nowhere: exit 3.
    env.run(&["find", "nothing"]).assert().code(3);
    // A table left behind (not in the live version) is searched and marked.
    let stray = env.db.join("999999.ldb");
    std::fs::copy(&table_files(&env.db)[0], &stray).unwrap();
    let rows = json_lines(&env.stdout(&["find", "k", "-o", "ndjson"]));
    assert!(rows
        .iter()
        .any(|r| r["file"] == "999999.ldb" && r["live"] == false));
    assert_eq!(rows.iter().filter(|r| r["returned"] == true).count(), 1);
}

#[test]
fn table_entries_agree_with_the_reference_dump() {
    // A table written by C++ LevelDB and one written by storectl.
    let cpp_env = TestEnv::empty();
    assert!(cpp(&["write", cpp_env.db.to_str().unwrap(), "800"])
        .status
        .success());
    let ours = TestEnv::new();
    let ops: String = (0..500)
        .map(|i| format!("{{\"type\":\"put\",\"key\":\"k{i:04}\",\"value\":{i}}}\n"))
        .collect();
    ours.run(&["batch", "-"])
        .write_stdin(ops)
        .assert()
        .success();
    ours.run(&["delete", "k0007"]).assert().success();
    ours.run(&["compact"]).assert().success();
    for env in [&cpp_env, &ours] {
        for table in table_files(&env.db) {
            let rows = json_lines(&env.stdout(&[
                "inspect",
                "table",
                table.to_str().unwrap(),
                "--entries",
                "-o",
                "ndjson",
            ]));
            assert!(!rows.is_empty());
            let got: Vec<(u64, String)> = rows
                .iter()
                .map(|r| {
                    (
                        r["sequence"].as_u64().unwrap(),
                        r["type"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            // Blocks: every checksum checks.
            let blocks = json_lines(&env.stdout(&[
                "inspect",
                "table",
                table.to_str().unwrap(),
                "-o",
                "ndjson",
            ]));
            assert!(blocks.iter().all(|b| b["checksum"] == "ok"));
            if let Some(want) = reference_entries(&table) {
                assert_eq!(got, want, "{}", table.display());
            }
        }
    }
}

#[test]
fn logs_show_damage_and_torn_tails_and_go_on() {
    let env = TestEnv::empty();
    repro(&env.db, "layered");
    let log = env.db.join("000008.log");
    let clean = json_lines(&env.stdout(&["inspect", "log", log.to_str().unwrap(), "-o", "ndjson"]));
    assert!(clean.iter().all(|r| r["status"] == "ok"));
    if let Some(want) = reference_entries(&log) {
        let got: Vec<(u64, String)> = clean
            .iter()
            .flat_map(|r| r["ops"].as_array().unwrap().iter())
            .map(|op| {
                (
                    op["sequence"].as_u64().unwrap(),
                    if op["type"] == "put" {
                        "value"
                    } else {
                        "deletion"
                    }
                    .to_string(),
                )
            })
            .collect();
        assert_eq!(got, want);
    }
    // A log of many records (written by C++ LevelDB, which leaves its log
    // at close): damage one in the middle, tear the tail.
    let big = TestEnv::empty();
    let script = "import plyvel,sys\ndb=plyvel.DB(sys.argv[1],create_if_missing=True,write_buffer_size=64<<20)\nfor i in range(60): db.put(b':k%02d'%i, b'\"'+b'v'*1500+b'\"')\ndb.close()";
    let out = std::process::Command::new("python3")
        .args(["-c", script, big.db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_dir(&big.db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "log")
                && std::fs::metadata(p).unwrap().len() > 50_000
        })
        .max()
        .expect("a log holding the records");
    let mut bytes = std::fs::read(&log).unwrap();
    bytes[10_000] ^= 0xFF;
    let cut = bytes.len() - 3;
    std::fs::write(&log, &bytes[..cut]).unwrap();
    let out = big
        .run(&["inspect", "log", log.to_str().unwrap(), "-o", "ndjson"])
        .output()
        .unwrap();
    let rows = json_lines(&String::from_utf8_lossy(&out.stdout));
    let statuses: Vec<&str> = rows.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert!(statuses.contains(&"damaged"), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&"torn tail"), "{statuses:?}");
    let damaged_at = statuses.iter().position(|s| *s == "damaged").unwrap();
    assert!(
        statuses[damaged_at + 1..].contains(&"ok"),
        "reading goes on after the damage: {statuses:?}"
    );
}

#[test]
fn the_manifest_agrees_with_the_live_files() {
    let env = cpp_store(3000);
    let doc: serde_json::Value =
        serde_json::from_str(&env.stdout(&["inspect", "manifest", "-o", "json"])).unwrap();
    let mut listed: Vec<u64> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_u64().unwrap())
        .collect();
    listed.sort();
    // C++ LevelDB deletes files it no longer uses when it closes cleanly.
    let mut present: Vec<u64> = table_files(&env.db)
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().parse().unwrap())
        .collect();
    present.sort();
    assert_eq!(listed, present);
    assert_eq!(doc["comparator"], "leveldb.BytewiseComparator");
    let edits = env.stdout(&["inspect", "manifest", "--edits", "-o", "ndjson"]);
    assert!(edits.lines().count() >= 2);
    // stats shows the same levels, also without a scan.
    let stats: serde_json::Value =
        serde_json::from_str(&env.stdout(&["stats", "--fast", "-o", "json"])).unwrap();
    let files: u64 = stats["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["files"].as_u64().unwrap())
        .sum();
    assert_eq!(files as usize, listed.len());
}

#[test]
fn inspect_log_values_print_deeply_nested_json_whole() {
    // Found in review: the record was re-parsed into a serde_json value,
    // whose parser stops at 128 levels, and printed as `null`.
    let env = TestEnv::new();
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    env.run(&["put", "k", &deep]).assert().success();
    let log = std::fs::read_dir(&env.db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    for format in ["ndjson", "json"] {
        let text = env.stdout(&[
            "inspect",
            "log",
            log.to_str().unwrap(),
            "--values",
            "-o",
            format,
        ]);
        assert!(!text.contains("\"record\":null"), "{text}");
        assert!(
            text.contains(&format!("\"record\":{{\"key\":\":k\",\"value\":{deep}}}")),
            "-o {format}: {text}"
        );
    }
}
