//! End-to-end tests of export / import, fixtures, and the documented examples.

mod common;

use common::TestEnv;
use predicates::prelude::*;
use proptest::prelude::*;
use std::path::Path;

fn export(env: &TestEnv) -> String {
    env.stdout(&["--raw", "export"])
}

/// The records of a dump (without header and trailer).
fn records(dump: &str) -> Vec<String> {
    let lines: Vec<&str> = dump.lines().collect();
    lines[1..lines.len() - 1]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn load_ops(env: &TestEnv, ops: &str) {
    env.run(&["--raw", "batch", "-"])
        .write_stdin(ops.to_string())
        .assert()
        .success();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Any store, binary keys and non-JSON or empty values included,
    /// round-trips byte for byte through export and import.
    #[test]
    fn export_import_round_trips_any_store(
        entries in proptest::collection::btree_map(
            proptest::collection::vec(any::<u8>(), 1..12),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..24),
                Just(Vec::new()),
                "[a-z ]{0,12}".prop_map(|s| s.into_bytes()),
                any::<i64>().prop_map(|n| format!("{{\"n\":{n}}}").into_bytes()),
            ],
            0..20,
        )
    ) {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let env = TestEnv::new();
        let ops: String = entries
            .iter()
            .map(|(k, v)| format!("{{\"type\":\"put\",\"key\":{{\"bytes\":\"{}\"}},\"raw\":{{\"bytes\":\"{}\"}}}}\n", b64.encode(k), b64.encode(v)))
            .collect();
        load_ops(&env, &ops);
        let first = export(&env);
        let file = env.file("dump.ndjson", &first);
        let copy = TestEnv::empty();
        copy.run(&["--raw", "--create", "import", file.to_str().unwrap()]).assert().success();
        let second = export(&copy);
        prop_assert_eq!(records(&first), records(&second));
        prop_assert_eq!(first.lines().last(), second.lines().last());
        prop_assert_eq!(env.stdout(&["--raw", "hash"]), copy.stdout(&["--raw", "hash"]));
        // The canonical form round-trips too.
        let canonical = env.stdout(&["--raw", "export", "--canonical"]);
        let file = env.file("dump.json", &canonical);
        let third = TestEnv::empty();
        third.run(&["--raw", "--create", "import", file.to_str().unwrap()]).assert().success();
        prop_assert_eq!(third.stdout(&["--raw", "hash"]), env.stdout(&["--raw", "hash"]));
    }
}

fn sample_store() -> TestEnv {
    let env = TestEnv::new();
    let ops: String = (0..50)
        .map(|i| format!("{{\"type\":\"put\",\"key\":\"block:{i:03}\",\"value\":{{\"stateRoot\":\"{i:03}\",\"height\":{i}}}}}\n"))
        .collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    env
}

#[test]
fn export_writes_header_records_trailer_and_no_part_file() {
    let env = sample_store();
    let target = env.path("out.dump");
    env.run(&["export", target.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    assert!(!env.path("out.dump.part").exists());
    let dump = std::fs::read_to_string(&target).unwrap();
    let lines: Vec<&str> = dump.lines().collect();
    assert_eq!(lines.len(), 52);
    assert!(lines[0].starts_with(
        "{\"format\":\"storectl-dump\",\"version\":1,\"prefix\":\"\",\"raw\":false,\"created\":"
    ));
    let hash = env.stdout(&["hash"]);
    assert_eq!(
        lines[51],
        format!(
            "{{\"end\":true,\"records\":50,\"hash\":\"{}\"}}",
            hash.trim()
        )
    );
    // Ranges.
    let part = env.stdout(&["export", "--start", "block:010", "--end", "block:020"]);
    assert_eq!(part.lines().count(), 12);
    let prefixed = env.stdout(&["export", "--key-prefix", "block:04"]);
    assert_eq!(prefixed.lines().count(), 12);
}

#[test]
fn a_malformed_dump_line_is_named_and_nothing_is_written() {
    let env = sample_store();
    let dump = env.stdout(&["export"]);
    let mut lines: Vec<String> = dump.lines().map(String::from).collect();
    lines[7] = "{\"key\":\"block:x\",\"value\":{oops}".into();
    let bad = env.file("bad.dump", &(lines.join("\n") + "\n"));
    // Into a new store: not created at all.
    let fresh = TestEnv::empty();
    fresh
        .run(&["--create", "import", bad.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.dump: line 8:"));
    assert!(!fresh.db.exists());
    assert_eq!(
        std::fs::read_dir(fresh.dir.path()).unwrap().count(),
        0,
        "a temporary directory was left behind"
    );
    // Into an existing store with --merge: unchanged.
    let target = TestEnv::new();
    target.run(&["put", "keep", "1"]).assert().success();
    let before = target.files();
    target
        .run(&["import", "--merge", bad.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 8"));
    assert!(
        before == target.files(),
        "a rejected import changed the store"
    );

    // A digest mismatch is reported at the trailer's line.
    let mut lines: Vec<String> = dump.lines().map(String::from).collect();
    lines[3] = lines[3].replace("\"height\":2", "\"height\":99");
    let tampered = env.file("tampered.dump", &(lines.join("\n") + "\n"));
    target
        .run(&["import", "--merge", tampered.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 52: digest mismatch"));
    // A truncated dump (no trailer).
    let truncated: String = dump.lines().take(20).map(|l| format!("{l}\n")).collect();
    let truncated = env.file("truncated.dump", &truncated);
    target
        .run(&["import", "--merge", truncated.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("without its trailer"));
    assert!(before == target.files());
}

#[test]
fn import_needs_merge_for_a_non_empty_namespace_and_can_keep_keys() {
    let env = sample_store();
    let dump = env.file("d.dump", &env.stdout(&["export"]));
    let target = TestEnv::new();
    target
        .run(&["put", "block:001", "\"mine\""])
        .assert()
        .success();
    target
        .run(&["import", dump.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--merge"));
    target
        .run(&[
            "import",
            "--merge",
            "--no-overwrite",
            dump.to_str().unwrap(),
        ])
        .assert()
        .success();
    target
        .run(&["get", "block:001", "-o", "json"])
        .assert()
        .stdout("\"mine\"\n");
    target
        .run(&["get", "block:002", "-o", "json"])
        .assert()
        .success();
    target
        .run(&["import", "--merge", dump.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(target.stdout(&["hash"]), env.stdout(&["hash"]));
    // Without --create a missing store is an error.
    let missing = TestEnv::empty();
    missing
        .run(&["import", dump.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--create"));
    assert!(!missing.db.exists());
}

#[test]
fn scan_output_pipes_into_import() {
    let env = sample_store();
    let scanned = env.stdout(&["scan", "block:01", "-o", "ndjson"]);
    let copy = TestEnv::empty();
    copy.run(&["--create", "import", "-"])
        .write_stdin(scanned.clone())
        .assert()
        .success();
    assert_eq!(copy.stdout(&["scan", "-o", "ndjson"]), scanned);
    // Into another namespace.
    copy.run(&["--prefix", "other", "import", "-"])
        .write_stdin(scanned.clone())
        .assert()
        .success();
    assert_eq!(
        copy.stdout(&["--prefix", "other", "scan", "-o", "ndjson"]),
        scanned
    );
}

#[test]
fn canonical_export_is_stable_and_diffable() {
    let a = sample_store();
    let b = TestEnv::new();
    let ops: String = (0..50)
        .rev()
        .map(|i| format!("{{\"type\":\"put\",\"key\":\"block:{i:03}\",\"value\":{{ \"stateRoot\" : \"{i:03}\", \"height\": {i} }}}}\n"))
        .collect();
    b.run(&["batch", "-"]).write_stdin(ops).assert().success();
    b.run(&["compact"]).assert().success();
    let ca = a.stdout(&["export", "--canonical"]);
    assert_eq!(ca, b.stdout(&["export", "--canonical"]));
    assert_eq!(ca, a.stdout(&["export", "--canonical"]));
    assert!(ca.contains("\n    {\n      \"key\": \"block:000\",\n      \"value\": {\n        \"stateRoot\": \"000\",\n"), "{ca}");
}

fn fenced_blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```\n").expect("closed fence");
        blocks.push(&body[..end]);
        rest = &body[end + 4..];
    }
    blocks
}

#[test]
fn the_fixture_example_in_the_docs_builds_the_documented_store() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fixtures.md"))
            .unwrap();
    let example = fenced_blocks(&doc, "json")[0];
    let env = TestEnv::empty();
    let file = env.file("fixture.json", example);
    env.run(&["--create", "import", file.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(env.stdout(&["block", "latest", "--height-only"]), "1\n");
    env.run(&["state", "get", "wallet", "-o", "json"])
        .assert()
        .stdout("{\"stateRoot\":\"0xa1\",\"machineId\":\"wallet\",\"version\":2}\n");
    env.run(&["verify"]).assert().code(0);
    assert_eq!(env.stdout(&["get", "height:1", "-o", "json"]), "\"0xa1\"\n");
    assert_eq!(
        env.stdout(&["get", "root:0xa1", "-o", "json"]),
        "{\"stateRoot\":\"0xa1\",\"machineId\":\"wallet\",\"version\":2}\n"
    );
    assert_eq!(
        env.stdout(&["state", "list", "-o", "plain"]),
        "wallet\t0xa1\t2\n"
    );
    // Same input, same contents.
    let again = TestEnv::empty();
    again
        .run(&["--create", "import", file.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(again.stdout(&["hash"]), env.stdout(&["hash"]));
    // A block without stateRoot is named, and nothing is written.
    let broken = example.replacen("\"stateRoot\": \"0xa1\", \"height\": 1", "\"height\": 1", 1);
    let file = env.file("broken.json", &broken);
    let none = TestEnv::empty();
    none.run(&["--create", "import", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "broken.json: blocks[1] (line 7): missing \"stateRoot\"",
        ));
    assert!(!none.db.exists());
}

#[test]
fn the_readme_quick_start_runs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("## Quick start").unwrap();
    let end = start + readme[start..].find("\n## Documentation").unwrap();
    let blocks = fenced_blocks(&readme[start..end], "sh");
    assert_eq!(blocks.len(), 4);
    let bin_dir = assert_cmd::cargo::cargo_bin("storectl")
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let dir = tempfile::tempdir().unwrap();
    for block in blocks {
        let out = std::process::Command::new("bash")
            .args(["-euo", "pipefail", "-c", block])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("STORECTL_DB")
            .env_remove("STORECTL_PREFIX")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README block failed:\n{block}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Plain NDJSON records of 4 MiB or more are checked and sorted in two
/// halves on two threads: a key given in both halves keeps the second
/// half's value (input order), a key given twice in one half keeps its
/// last, and a bad line in the second half is named by its line number in
/// the whole input, with nothing created.
#[test]
fn a_large_import_checked_in_two_halves_keeps_input_order_and_line_numbers() {
    let n = 24_000u64;
    let pad = "p".repeat(200);
    let mut lines: Vec<String> = (0..n)
        .map(|i| {
            let key = (i * 7919) % 9000; // keys repeat, within and across halves
            format!(
                "{{\"key\":\"k:{key:05}\",\"value\":{{\"line\":{},\"pad\":\"{pad}\"}}}}",
                i + 1
            )
        })
        .collect();
    let mut expected = std::collections::BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let key = (i as u64 * 7919) % 9000;
        expected.insert(format!("k:{key:05}"), i + 1);
        assert!(line.len() > 200);
    }
    let input = lines.join("\n") + "\n";
    assert!(input.len() > 4 << 20, "{} bytes", input.len());
    let env = TestEnv::empty();
    let path = env.file("in.ndjson", &input);
    env.run(&["--create", "import", path.to_str().unwrap()])
        .assert()
        .success();
    let scanned = env.stdout(&["scan", "-o", "ndjson"]);
    let got: Vec<(String, u64)> = scanned
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["key"].as_str().unwrap().to_string(),
                v["value"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = expected.into_iter().map(|(k, l)| (k, l as u64)).collect();
    assert!(got == want, "the last line of each key wins");

    // A bad line late in the input (the second half).
    lines[20_000] = "{\"key\":\"k:bad\",\"value\":}".into();
    let env = TestEnv::empty();
    let path = env.file("in.ndjson", &(lines.join("\n") + "\n"));
    env.run(&["--create", "import", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 20001:"));
    assert!(!env.db.exists());
}

/// A FIFO at `path` that a thread fills with `text` (for the next reader).
fn fifo(path: &Path, text: String) -> std::thread::JoinHandle<()> {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo reads nothing else.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let path = path.to_path_buf();
    std::thread::spawn(move || std::fs::write(path, text).unwrap())
}

#[test]
fn import_reads_a_pipe_as_it_reads_stdin() {
    // `import <(zcat records.gz)` and named pipes failed: "read /dev/fd/63:
    // Illegal seek (os error 29)" (the input is read more than once, and
    // checked in two halves read at their offsets). A pipe is now spooled,
    // as stdin is; errors still name it.
    let env = TestEnv::empty();
    let records: String = (0..3000)
        .map(|i| format!("{{\"key\":\"k{i:05}\",\"value\":{{\"n\":{i}}}}}\n"))
        .collect();
    let pipe = env.path("records.pipe");
    let writer = fifo(&pipe, records.clone());
    env.run(&["--create", "import", pipe.to_str().unwrap()])
        .assert()
        .success();
    writer.join().unwrap();
    assert_eq!(env.stdout(&["scan", "--count"]), "3000\n");
    assert_eq!(
        env.stdout(&["get", "k02999", "-o", "plain"]),
        "{\"n\":2999}\n"
    );
    // Into the store, with a bad last line: refused whole, the pipe named.
    std::fs::remove_file(&pipe).unwrap();
    let writer = fifo(&pipe, format!("{records}{{\"key\":\"bad\"\n"));
    let before = env.files();
    env.run(&["import", "--merge", pipe.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("records.pipe: line 3001"));
    writer.join().unwrap();
    assert_eq!(env.files(), before);
}

#[test]
fn export_into_a_file_prints_a_summary_for_machines() {
    // `export FILE -o json` printed nothing on stdout (the note went to
    // stderr): a script had no record count or digest to check.
    let env = TestEnv::new();
    env.run(&["put", "a", "{\"n\":1}"]).assert().success();
    env.run(&["put", "b", "[2]"]).assert().success();
    let hash = env.stdout(&["hash"]);
    for (format, canonical) in [("json", false), ("ndjson", true)] {
        let file = env.path(&format!("out-{format}.dump"));
        let mut args = vec!["-o", format, "export", file.to_str().unwrap()];
        if canonical {
            args.push("--canonical");
        }
        let out = env.stdout(&args);
        let summary: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(out.lines().count(), 1, "{out}");
        assert_eq!(summary["action"], "export");
        assert_eq!(summary["file"], file.to_str().unwrap());
        assert_eq!(summary["records"], 2);
        assert_eq!(summary["hash"], hash.trim(), "the digest `hash` prints");
        let dump = std::fs::read_to_string(&file).unwrap();
        assert!(dump.contains(hash.trim()), "the dump's own digest: {dump}");
    }
    // To stdout the dump is the output, whatever -o says.
    let dump = env.stdout(&["-o", "json", "export", "-"]);
    assert!(dump.starts_with("{\"format\":\"storectl-dump\""), "{dump}");
}
