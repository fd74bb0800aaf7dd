//! Named tests for the defects reproduced in issue 12, each failing
//! before its fix.

mod common;

use common::{cpp_store, files_of, storectl, TestEnv};

#[test]
fn create_refuses_a_store_without_current_and_deletes_nothing() {
    let env = cpp_store(3000);
    std::fs::remove_file(env.db.join("CURRENT")).unwrap();
    let before = files_of(&env.db);
    let out = env.run(&["--create", "put", "x", "1"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--create refuses"), "{stderr}");
    assert!(
        stderr.contains("MANIFEST-"),
        "should name what is there: {stderr}"
    );
    assert!(
        files_of(&env.db) == before,
        "--create changed a directory it refused"
    );
}

#[test]
fn create_refuses_a_directory_of_stray_files() {
    for names in [
        &["000007.ldb", "000009.sst", "LOG", "LOG.old"][..],
        &["12.log"],
        &["notes.txt"],
    ] {
        let env = TestEnv::empty();
        std::fs::create_dir(&env.db).unwrap();
        for n in names {
            std::fs::write(env.db.join(n), b"precious").unwrap();
        }
        let before = files_of(&env.db);
        let out = env.run(&["--create", "put", "x", "1"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{names:?}");
        assert!(files_of(&env.db) == before, "{names:?}: files changed");
        assert!(!env.db.join("CURRENT").exists());
    }
    // Missing and empty directories are created; an existing store opens.
    let env = TestEnv::empty();
    env.run(&["--create", "put", "x", "1"]).assert().success();
    env.run(&["--create", "put", "y", "2"]).assert().success();
    assert_eq!(env.stdout(&["scan", "--count"]), "2\n");
    let env = TestEnv::empty();
    std::fs::create_dir(&env.db).unwrap();
    env.run(&["--create", "put", "x", "1"]).assert().success();
}

#[test]
fn an_empty_storectl_db_does_not_break_an_explicit_db() {
    let env = TestEnv::new();
    let out = storectl()
        .env("STORECTL_DB", "")
        .env("STORECTL_PREFIX", "")
        .arg("--db")
        .arg(&env.db)
        .arg("hash")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn writers_on_a_missing_store_hint_create() {
    let env = TestEnv::empty();
    for args in [
        &["put", "a", "1"][..],
        &["block", "put", "{\"stateRoot\":\"0x1\",\"height\":1}"],
        &["delete", "a"],
    ] {
        let out = env.run(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr.contains("--create"), "{args:?}: {stderr}");
    }
}

#[test]
fn verify_reports_an_unopenable_store_as_a_storage_finding() {
    for current in [&b""[..], b"MANIFEST-000001", b"garbage\n"] {
        let env = TestEnv::new();
        std::fs::write(env.db.join("CURRENT"), current).unwrap();
        let out = env.run(&["verify", "-o", "json"]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{current:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("\"storage\"") && stdout.contains("CURRENT"),
            "{stdout}"
        );
        // Other commands say what is wrong, not "does not exist".
        let out = env.run(&["scan"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr.contains("CURRENT") && !stderr.contains("does not exist"),
            "{stderr}"
        );
    }
    let env = TestEnv::new();
    let manifest = std::fs::read_dir(&env.db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("MANIFEST-")
        })
        .unwrap();
    std::fs::remove_file(manifest).unwrap();
    env.run(&["verify"]).assert().code(5);
}

#[test]
fn snapshot_restore_never_deletes_or_restores_snapshots() {
    let env = TestEnv::new();
    env.run(&["state", "put", "m1", "{\"stateRoot\":\"0x01\"}"])
        .assert()
        .success();
    env.run(&[
        "snapshot",
        "create",
        "--key-prefix",
        "",
        "--id",
        "everything",
    ])
    .assert()
    .success();
    env.run(&["snapshot", "create", "--machine", "m1", "--id", "later"])
        .assert()
        .success();
    env.run(&["put", "extra", "1"]).assert().success();
    env.run(&["snapshot", "restore", "everything"])
        .assert()
        .success();
    let ids = env.stdout(&["snapshot", "list", "-o", "plain"]);
    assert!(ids.contains("everything") && ids.contains("later"), "{ids}");
    env.run(&["get", "-q", "extra"]).assert().code(3);
    // A snapshot's data never holds snapshot metadata.
    let show = env.stdout(&["snapshot", "show", "everything", "--data", "-o", "json"]);
    assert!(!show.contains("snapshot:later"), "{show}");
}

#[test]
fn prune_keeps_an_unreadable_snapshot_and_deletes_only_real_ids() {
    let env = TestEnv::new();
    for id in ["s1", "s2", "s3"] {
        env.run(&["snapshot", "create", "--all", "--id", id])
            .assert()
            .success();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    env.run(&["put", "snapshot:bad", "\"not an object\""])
        .assert()
        .success();
    let out = env
        .run(&["prune", "--snapshots-keep", "1", "--yes"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("snapshot bad is unreadable and is kept"),
        "{stderr}"
    );
    let keys = env.stdout(&["scan", "snapshot:", "--keys-only", "-o", "plain"]);
    assert_eq!(keys, "snapshot:bad\nsnapshot:s3\n");
    let list = env.stdout(&["snapshot", "list", "-o", "json"]);
    assert!(list.contains("\"id\":\"bad\""), "{list}");
}

/// A value nested `n` levels deep, as `JSON.stringify` writes it.
fn deep(n: usize) -> String {
    "{\"a\":[".repeat(n) + "\"x\\ud83d\"" + &"]}".repeat(n)
}

#[test]
fn values_the_seed_writes_round_trip_through_every_command() {
    // Issue 12: lone surrogates and nesting past 128 levels were refused,
    // printed as null, or skipped by verify.
    let env = TestEnv::new();
    let lone = "{\"stateRoot\":\"x\\ud83d\",\"machineId\":\"m1\"}";
    env.run(&["state", "put", "m1", lone]).assert().success();
    let list = env.stdout(&["state", "list", "-o", "json"]);
    assert!(list.contains("\"stateRoot\":\"x\\ud83d\""), "{list}");
    assert!(!list.contains("null"), "{list}");
    let roots = env.stdout(&["state", "roots", "-o", "plain"]);
    assert_eq!(roots.lines().count(), 1, "{roots}");
    assert_eq!(
        env.stdout(&["get", "state:m1", "-o", "json"]),
        format!("{lone}\n")
    );
    // A block holding a lone surrogate is accepted and stored exactly; its
    // height index names it the way JSON.stringify would.
    let block = "{\"stateRoot\":\"0xb1\",\"height\":2,\"memo\":\"x\\ud83d\"}";
    env.run(&["block", "put", block]).assert().success();
    assert_eq!(
        env.stdout(&["block", "get", "--height", "2", "-o", "json"]),
        format!("{block}\n")
    );
    // verify reads it: a height entry naming a block at another height is found.
    env.run(&["put", "height:1", "\"0xb1\""]).assert().success();
    let out = env.run(&["verify", "-o", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stdout).contains("whose height is 2"));
    env.run(&["delete", "height:1"]).assert().success();

    // 300 levels deep: put, get, export/import (plain and canonical),
    // snapshot show, fixtures.
    let value = deep(300);
    env.run(&["put", "deep", &value]).assert().success();
    assert_eq!(
        env.stdout(&["get", "deep", "-o", "json"]),
        format!("{value}\n")
    );
    assert!(env.stdout(&["get", "deep"]).contains("x\\ud83d"));
    let hash = env.stdout(&["hash"]);
    for canonical in [false, true] {
        let file = env.path(if canonical { "c.json" } else { "d.ndjson" });
        let mut args = vec!["export", file.to_str().unwrap()];
        if canonical {
            args.push("--canonical");
        }
        env.run(&args).assert().success();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("null"), "canonical={canonical}");
        let copy = TestEnv::empty();
        copy.run(&["--create", "import", file.to_str().unwrap()])
            .assert()
            .success();
        assert_eq!(copy.stdout(&["hash"]), hash, "canonical={canonical}");
    }
    env.run(&["snapshot", "create", "--key-prefix", "deep", "--id", "d"])
        .assert()
        .success();
    let show = env.stdout(&["snapshot", "show", "d", "--data", "-o", "json"]);
    assert!(
        show.contains(&format!("\"value\":{value}")),
        "{}",
        &show[..200]
    );
    let fixture = format!(
        "{{\"format\":\"storectl-fixture\",\"blocks\":[{{\"stateRoot\":\"0xd\",\"height\":0,\"body\":{value}}}],\
         \"states\":[{{\"machine\":\"w\",\"state\":{{\"stateRoot\":\"x\\ud83d\"}},\"subKeys\":{{\"k\":{value}}}}}]}}"
    );
    let fixture_file = env.file("fixture.json", &fixture);
    let fx = TestEnv::empty();
    fx.run(&["--create", "import", fixture_file.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        fx.stdout(&["get", "state:w:k", "-o", "json"]),
        format!("{value}\n")
    );
    let batch = format!("{{\"type\":\"put\",\"key\":\"b\",\"value\":{value}}}\n");
    env.run(&["batch", "-"])
        .write_stdin(batch)
        .assert()
        .success();
    assert_eq!(
        env.stdout(&["get", "b", "-o", "json"]),
        format!("{value}\n")
    );
}

#[test]
fn block_latest_is_right_after_a_wide_gap() {
    // Issue 12: deleting height:100..299 of a 3,000-block chain made
    // `block latest` print 99.
    let env = TestEnv::new();
    let blocks: String = (0..3000u64)
        .map(|h| format!("{{\"stateRoot\":\"0x{h:x}\",\"height\":{h}}}\n"))
        .collect();
    env.run(&["block", "put", "-"])
        .write_stdin(blocks)
        .assert()
        .success();
    let deletes: String = (100..300)
        .map(|h| format!("{{\"type\":\"delete\",\"key\":\"height:{h}\"}}\n"))
        .collect();
    env.run(&["batch", "-"])
        .write_stdin(deletes)
        .assert()
        .success();
    assert_eq!(env.stdout(&["block", "latest", "--height-only"]), "2999\n");
    let fast = env.stdout(&["stats", "--fast", "-o", "json"]);
    assert!(fast.contains("\"maxHeight\":2999"), "{fast}");
    // A chain that starts far from 0 and has holes everywhere.
    let env = TestEnv::new();
    let blocks: String = [5u64, 70, 900, 12_345, 12_346, 999_999]
        .iter()
        .map(|h| format!("{{\"stateRoot\":\"0x{h:x}\",\"height\":{h}}}\n"))
        .collect();
    env.run(&["block", "put", "-"])
        .write_stdin(blocks)
        .assert()
        .success();
    assert_eq!(
        env.stdout(&["block", "latest", "--height-only"]),
        "999999\n"
    );
}

#[test]
fn stats_counts_a_seed_incremental_snapshot() {
    let env = TestEnv::new();
    env.run(&[
        "put",
        "snapshot:s1",
        "{\"id\":\"s1\",\"timestamp\":1,\"data\":{}}",
    ])
    .assert()
    .success();
    env.run(&["put", "snapshot:s2:base", "\"s1\""])
        .assert()
        .success();
    let list = env.stdout(&["snapshot", "list", "-o", "plain"]);
    assert_eq!(list.lines().count(), 2, "{list}");
    let stats = env.stdout(&["stats", "-o", "json"]);
    assert!(stats.contains("\"snapshots\":2"), "{stats}");
}

/// Peak RSS in bytes of one run of storectl with `args` (measured by a
/// Python parent whose only child it is).
fn peak_rss(env: &TestEnv, args: &[&str]) -> u64 {
    peak_rss_exiting(env, args, 0)
}

/// [`peak_rss`] of a run that must exit with `code`.
fn peak_rss_exiting(env: &TestEnv, args: &[&str], code: i32) -> u64 {
    let bin = assert_cmd::cargo::cargo_bin("storectl");
    let mut cmd = vec![
        bin.to_str().unwrap().to_string(),
        "--db".into(),
        env.db.to_str().unwrap().into(),
    ];
    cmd.extend(args.iter().map(|a| a.to_string()));
    let script = "import json,resource,subprocess,sys\n\
                  r=subprocess.run(json.loads(sys.argv[1]),stdout=subprocess.DEVNULL)\n\
                  assert r.returncode==int(sys.argv[2]), r.returncode\n\
                  print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            script,
            &serde_json::to_string(&cmd).unwrap(),
            &code.to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse::<u64>()
        .unwrap()
        * 1024
}

#[test]
fn large_values_are_printed_in_bounded_memory() {
    // Issue 12: a 20 MB JSON array cost 1.18 GB in `get` and 2.2 GB in
    // `export --canonical`.
    let env = TestEnv::new();
    let value = format!(
        "[{}]",
        (0..400_000)
            .map(|i| format!("{{\"k\":{i},\"s\":\"{i:032x}\"}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    env.run(&["put", "big", "-"])
        .write_stdin(value.clone())
        .assert()
        .success();
    let limit = 3 * value.len() as u64;
    for args in [
        &["get", "big"][..],
        &["get", "big", "-o", "json"],
        &["scan", "-o", "ndjson"],
        &["export", "-"],
        &["export", "--canonical", "-"],
    ] {
        let rss = peak_rss(&env, args);
        assert!(
            rss < limit,
            "{args:?}: peak RSS {rss} bytes for a {} byte value",
            value.len()
        );
    }
}

#[test]
fn put_from_stdin_refuses_input_over_the_limit() {
    let env = TestEnv::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .arg("--db")
        .arg(&env.db)
        .args(["put", "k", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..300 {
            if stdin.write_all(&chunk).is_err() {
                break; // refused: the reader closed
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("MiB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.run(&["get", "-q", "k"]).assert().code(3);
}

#[test]
fn export_refuses_to_overwrite_a_file_without_force() {
    let env = TestEnv::new();
    env.run(&["put", "a", "1"]).assert().success();
    let file = env.file("precious.dump", "do not lose me");
    let out = env
        .run(&["export", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "do not lose me");
    let out = env
        .run(&["export", file.to_str().unwrap(), "--force"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(file.to_str().unwrap()),
        "names the file"
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\"key\":\"a\""));
}

#[test]
fn the_stdin_spool_never_follows_a_planted_symlink() {
    // Issue 12: the spool had a predictable name, no O_EXCL, and followed
    // symlinks: `import -` overwrote another file.
    let env = TestEnv::empty();
    let tmp = env.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let victim = env.file("victim.txt", "intact");
    // Planted as a stale spool of a process that does not exist.
    std::os::unix::fs::symlink(&victim, tmp.join("storectl-import-999999999-x.tmp")).unwrap();
    let records = "{\"key\":\"a\",\"value\":1}\n";
    env.run(&["--create", "import", "-"])
        .env("TMPDIR", &tmp)
        .write_stdin(records)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "intact");
    assert!(
        std::fs::read_dir(&tmp).unwrap().next().is_none(),
        "the spool or the planted link remains"
    );
    assert_eq!(env.stdout(&["get", "a"]), "1\n");
}

#[test]
fn an_empty_namespace_is_explained() {
    // Issue 12: `scan --prefix block: --count` printed 0 with no hint.
    let env = TestEnv::new();
    env.run(&["put", "block:0x1", "{}"]).assert().success();
    env.run(&["--prefix", "chain7", "put", "k", "1"])
        .assert()
        .success();
    let out = env
        .run(&["scan", "--prefix", "block:", "--count"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("holds no keys") && stderr.contains("\"\", \"chain7\""),
        "{stderr}"
    );
    // The key filter has one spelling everywhere (the positional stays).
    assert_eq!(
        env.stdout(&["scan", "--key-prefix", "block:", "--count"]),
        "1\n"
    );
    assert_eq!(env.stdout(&["scan", "block:", "--count"]), "1\n");
    // A namespace that has keys, with a filter that matches none: no warning.
    let out = env.run(&["scan", "nothing:", "--count"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("holds no keys"));
}

#[test]
fn errors_are_one_line_with_the_full_subcommand_path() {
    let env = TestEnv::new();
    let one_line = |args: &[&str], code: i32| -> String {
        let out = env.run(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        stderr
    };
    let e = one_line(&["snapshot", "show", "nope"], 3);
    assert!(e.starts_with("storectl: snapshot show: "), "{e}");
    let e = one_line(&["scan", "--limt", "3"], 2);
    assert!(
        e.starts_with("storectl: scan: ") && e.contains("--limit"),
        "keeps clap's suggestion: {e}"
    );
    let e = one_line(&["snapshott", "list"], 2);
    assert!(
        e.starts_with("storectl: ") && e.contains("'snapshot'"),
        "{e}"
    );
    env.run(&["put", "bad", "1"]).assert().success();
    env.run(&["put", "height:1", "\"0xnone\""])
        .assert()
        .success();
    let out = env.run(&["verify", "--checks", "blocks"]).output().unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.starts_with("storectl: verify: found "),
        "no repeated word: {e}"
    );
}

#[test]
fn plain_output_prints_a_json_strings_text_and_dry_runs_count_from_one() {
    let env = TestEnv::new();
    env.run(&["put", "height:5", "\"0xab\""]).assert().success();
    assert_eq!(env.stdout(&["get", "height:5", "-o", "plain"]), "0xab\n");
    assert_eq!(env.stdout(&["get", "height:5", "-o", "json"]), "\"0xab\"\n");
    let ops = "{\"type\":\"put\",\"key\":\"a\",\"value\":1}\n{\"type\":\"delete\",\"key\":\"height:5\"}\n";
    let out = env
        .run(&["batch", "--dry-run", "-", "-o", "plain"])
        .write_stdin(ops)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("1\tput\ta\t") && text.contains("\n2\tdelete\theight:5\t"),
        "{text}"
    );
}

#[test]
fn verify_reports_every_finding_in_bounded_memory() {
    // Seen after issue 12: 250,000 findings held in memory cost 425 MB.
    let env = TestEnv::empty();
    let n = 100_000;
    let mut lines = String::new();
    for i in 0..n {
        // Long keys: every finding names one.
        let key = format!(":blob:{i:08}:{}", "k".repeat(150));
        let value = format!("not json {i} {}", "x".repeat(40));
        lines.push_str(&format!(
            "{} {}\n",
            common::hex(key.as_bytes()),
            common::hex(value.as_bytes())
        ));
    }
    let mut child = std::process::Command::new("python3")
        .arg(common::cpp_script())
        .args(["load", env.db.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(lines.as_bytes())
            .unwrap();
    }
    assert!(child.wait().unwrap().success());
    // Reading the store costs the same to every command (here the whole
    // store is one batch in the log); the findings must add little to it.
    let baseline = peak_rss(&env, &["scan", "--count"]);
    for format in ["ndjson", "json", "plain", "table"] {
        let rss = peak_rss_exiting(&env, &["verify", "--checks", "values", "-o", format], 5);
        assert!(
            rss < baseline + (16 << 20),
            "verify -o {format}: peak RSS {rss} bytes for {n} findings, scan --count {baseline}"
        );
    }
    // Every finding is still reported, in key order, exactly once.
    let out = env
        .run(&["verify", "--checks", "values", "-o", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8(out.stdout).unwrap();
    let keys: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["key"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(keys.len(), n);
    let suffix = "k".repeat(150);
    assert_eq!(keys[0], format!("blob:00000000:{suffix}"));
    assert_eq!(keys[n - 1], format!("blob:{:08}:{suffix}", n - 1));
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    let doc: serde_json::Value = serde_json::from_slice(
        &env.run(&["verify", "--checks", "values", "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["findings"].as_array().unwrap().len(), n);
    assert_eq!(doc["checks"][0]["findings"], n);
}

/// `block put` held the whole input several times over (the text, every
/// parsed block, two maps of hashes): 1.19 GB for a million blocks. It
/// must now need about what `import` of the same records into an existing
/// store needs (the engine's write buffer) plus its two compact maps (64
/// bytes a block), far less than another copy of the input.
#[test]
fn block_put_memory_is_import_plus_compact_maps_not_the_input() {
    let n = 60_000u64;
    let mut blocks = String::new();
    let mut records = String::new();
    for h in 0..n {
        let hash = h.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d;
        let root = format!("0x{hash:016x}{h:048x}");
        let block = format!(
            "{{\"stateRoot\":\"{root}\",\"height\":{h},\"parentRoot\":null,\"transactions\":[],\"timestamp\":{}}}",
            1_700_000_000_000u64 + h
        );
        records.push_str(&format!("{{\"key\":\"block:{root}\",\"value\":{block}}}\n"));
        records.push_str(&format!(
            "{{\"key\":\"height:{h}\",\"value\":\"{root}\"}}\n"
        ));
        blocks.push_str(&block);
        blocks.push('\n');
    }
    let put = TestEnv::empty();
    let input = put.file("blocks.ndjson", &blocks);
    let size = std::fs::metadata(&input).unwrap().len();
    let put_peak = peak_rss(&put, &["--create", "block", "put", input.to_str().unwrap()]);
    let import = TestEnv::empty();
    let empty = import.file("empty.ndjson", "");
    import.stdout(&["--create", "import", empty.to_str().unwrap()]);
    let input = import.file("records.ndjson", &records);
    let import_peak = peak_rss(&import, &["import", input.to_str().unwrap()]);
    assert_eq!(
        put.stdout(&["hash"]),
        import.stdout(&["hash"]),
        "the same store either way"
    );
    assert!(
        put_peak < import_peak + size,
        "block put peaked at {put_peak} bytes, import of the same records at {import_peak}; the input is {size} bytes"
    );
}

/// `verify --checks blocks` (or a block key exempted from the values check
/// with `--allow-non-json`) said a store was fine — exit 0 — when a
/// `block:` key held a value that is not JSON: the blocks check left
/// non-JSON values to the values check, which was off. It is now the
/// blocks check's finding whenever the values check did not report it.
#[test]
fn verify_checks_blocks_reports_a_block_that_is_not_json() {
    let env = TestEnv::new();
    env.run(&["batch", "-"])
        .write_stdin(r#"{"type":"put","key":"block:0xnotjson","raw":{"text":"{\"stateRoot\":"}}"#)
        .assert()
        .success();
    let out = env
        .run(&["verify", "--checks", "blocks", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"][0]["key"], "block:0xnotjson");
    assert_eq!(
        doc["findings"][0]["message"],
        "not a valid block: not valid JSON"
    );
}

/// `verify` passed (exit 0) a `root:<r>` or `state:<m>` entry holding JSON
/// that is not an object — no state at all — because the states check
/// skipped every value that was not an object, leaving it to the values
/// check, which only asks whether it is JSON.
#[test]
fn verify_reports_a_root_entry_that_is_not_a_state() {
    let env = TestEnv::new();
    env.run(&["batch", "-"])
        .write_stdin("{\"type\":\"put\",\"key\":\"root:0xarr\",\"value\":[1]}\n{\"type\":\"put\",\"key\":\"state:m1\",\"value\":\"text\"}\n")
        .assert()
        .success();
    let out = env.run(&["verify", "-o", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["root:0xarr", "state:m1"], "{doc}");
}

/// NDJSON records `k000000`.. for `count` keys, even (`odd == false`) or
/// odd numbers, each value naming `round`.
fn round_records(round: u32, odd: bool, count: u32) -> String {
    (0..count)
        .map(|i| {
            let key = 2 * i + u32::from(odd);
            format!(
                "{{\"key\":\"k{key:06}\",\"value\":{{\"r\":{round},\"pad\":\"{}\"}}}}\n",
                "x".repeat(80)
            )
        })
        .collect()
}

/// (level, file number) of every live table, from `inspect manifest`.
fn live_tables(env: &TestEnv) -> Vec<(u64, u64)> {
    let doc: serde_json::Value =
        serde_json::from_str(&env.stdout(&["inspect", "manifest", "-o", "json"])).unwrap();
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["level"].as_u64().unwrap(), t["file"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_write_never_lets_the_engine_compact_a_damaged_table_away() {
    // Three overlapping rounds written through the engine leave three
    // level-0 tables; a fourth makes the engine compact all of them.
    let env = TestEnv::empty();
    let first = env.file("r1.ndjson", &round_records(1, false, 3000));
    env.run(&["--create", "import", first.to_str().unwrap()])
        .assert()
        .success();
    for round in 2..=4 {
        let records = env.file(
            &format!("r{round}.ndjson"),
            &round_records(round, false, 3000),
        );
        env.run(&["import", "--merge", records.to_str().unwrap()])
            .assert()
            .success();
    }
    let tables = live_tables(&env);
    let level0: Vec<u64> = tables.iter().filter(|t| t.0 == 0).map(|t| t.1).collect();
    assert_eq!(level0.len(), 3, "{tables:?}");
    // The newest level-0 table holds round 4's values: damage its first
    // data block. Compacted without it, those keys would silently go back
    // to round 3's values, and the damage would vanish from the store.
    let newest = env
        .db
        .join(format!("{:06}.ldb", level0.iter().max().unwrap()));
    let mut bytes = std::fs::read(&newest).unwrap();
    bytes[10] ^= 0x55;
    std::fs::write(&newest, &bytes).unwrap();
    // Odd keys interleave with the even ones, so their table stays in
    // level 0 and is the fourth: the engine compacts level 0 at close.
    let ops: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"type\":\"put\",\"key\":\"k{:06}\",\"value\":{{\"r\":5,\"pad\":\"{}\"}}}}\n",
                2 * i + 1,
                "y".repeat(80)
            )
        })
        .collect();
    let out = env.run(&["batch", "-"]).write_stdin(ops).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(newest.file_name().unwrap().to_str().unwrap())
            && stderr.contains("stopped the storage engine"),
        "{stderr}"
    );
    // The stop came while compacting at exit: the batch itself is in, and
    // the error says so (an operator must not be told to redo it).
    assert!(
        stderr.contains("Every write made before the stop is in the store"),
        "{stderr}"
    );
    assert!(
        env.stdout(&["get", "k000001", "-o", "json"])
            .contains("\"r\":5"),
        "the batch is in the store"
    );
    // The damaged table is still live and still reported: nothing was
    // compacted away.
    assert!(newest.exists());
    assert!(live_tables(&env)
        .iter()
        .any(|t| t.0 == 0 && newest.ends_with(format!("{:06}.ldb", t.1))));
    let out = env
        .run(&["verify", "--checks", "storage"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let scan = env.run(&["scan", "--count"]).output().unwrap();
    assert_eq!(scan.status.code(), Some(1), "the damage must stay visible");
}

#[test]
fn json_laid_out_with_spaces_round_trips_byte_for_byte() {
    // Others write JSON with spaces (Python's json.dumps does). A record
    // embedded such a value as "value", which batch and import store
    // compacted: scan | batch changed the bytes with exit 0, and export |
    // import was refused with a digest mismatch.
    let env = TestEnv::new();
    let ops = r#"{"type":"put","key":"spaced","raw":{"text":"{\"a\": 1, \"b\": [1, 2]}"}}
{"type":"put","key":"tabbed","raw":{"text":"[1,\t2]"}}
{"type":"put","key":"compact","value":{"a":"x y"}}
"#;
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    let hash = env.stdout(&["hash"]);
    let records = env.stdout(&["scan", "-o", "ndjson"]);
    // Compact JSON stays embedded; the rest is raw text.
    assert!(
        records.contains(r#"{"key":"compact","value":{"a":"x y"}}"#),
        "{records}"
    );
    let copy = TestEnv::new();
    copy.run(&["batch", "-"])
        .write_stdin(
            records
                .lines()
                .map(|l| format!("{{\"type\":\"put\",{}\n", &l[1..]))
                .collect::<String>(),
        )
        .assert()
        .success();
    assert_eq!(copy.stdout(&["hash"]), hash, "scan | batch changed values");
    for form in [&[][..], &["--canonical"][..]] {
        let dump = env.path(&format!("d{}.dump", form.len()));
        let mut args = vec!["export", dump.to_str().unwrap()];
        args.extend_from_slice(form);
        env.run(&args).assert().success();
        let restored = TestEnv::empty();
        restored
            .run(&["--create", "import", dump.to_str().unwrap()])
            .assert()
            .success();
        assert_eq!(restored.stdout(&["hash"]), hash, "{form:?}");
        assert_eq!(
            restored.stdout(&["get", "spaced", "-o", "plain"]),
            "{\"a\": 1, \"b\": [1, 2]}\n"
        );
    }
}

#[test]
fn a_block_ending_inside_one_keys_versions_is_not_damage() {
    // rusty-leveldb gives a block that ends between two versions of one
    // key (a deletion, then the older value) an index separator one type
    // byte before that deletion. Reads are unaffected, but storectl called
    // it damage: `batch` of a valid input exited 1, every later write was
    // refused, and `verify` reported the table corrupt.
    let env = TestEnv::new();
    let ops: String = (0..20_000)
        .map(|h| {
            let put =
                format!("{{\"type\":\"put\",\"key\":\"height:{h}\",\"value\":\"0x{h:064x}\"}}\n");
            if h % 3 == 0 {
                put
            } else {
                format!("{put}{{\"type\":\"delete\",\"key\":\"height:{h}\"}}\n")
            }
        })
        .collect();
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    env.run(&["put", "after", "1"]).assert().success();
    env.run(&["verify", "--checks", "storage"])
        .assert()
        .success();
    assert_eq!(env.stdout(&["scan", "--count"]), "6668\n");
    // C++ LevelDB reads the same store the same way.
    let cpp_keys: Vec<Vec<u8>> = common::cpp_dump(&env.db)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let ours: Vec<Vec<u8>> = env
        .stdout(&["--raw", "scan", "--keys-only", "-o", "plain"])
        .lines()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    assert_eq!(cpp_keys.len(), 6668);
    assert_eq!(ours, cpp_keys);
    env.run(&["compact"]).assert().success();
    env.run(&["verify", "--checks", "storage,values"])
        .assert()
        .success();
    assert_eq!(env.stdout(&["get", "after", "-o", "plain"]), "1\n");
    assert_eq!(
        env.stdout(&["get", "height:19998", "-o", "plain"]),
        "0x0000000000000000000000000000000000000000000000000000000000004e1e\n"
    );
}
