//! End-to-end tests of verify, compact, stats, hash and prune.

mod common;

use common::{cpp_script, hex, seed_store, TestEnv};
use predicates::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn findings(env: &TestEnv, args: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut full = vec!["verify", "-o", "json"];
    full.extend_from_slice(args);
    let out = env.run(&full).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("verify -o json");
    let list = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["key"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap(), list)
}

#[test]
fn a_consistent_seed_store_verifies_clean() {
    let env = seed_store();
    let before = env.files();
    env.run(&["verify"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("│ blocks    ┆ 2400"));
    env.run(&["--prefix", "chain7", "verify"]).assert().code(0);
    let (code, found) = findings(&env, &[]);
    assert_eq!((code, found), (0, vec![]));
    assert!(before == env.files(), "verify changed the store");
}

#[test]
fn planted_problems_are_each_reported_with_their_key() {
    let env = seed_store();
    let root = |h: u64| format!("0x0000{h:060x}");
    let ops = format!(
        r#"{{"type":"delete","key":"block:{r5}"}}
{{"type":"put","key":"height:6","value":"{r7}"}}
{{"type":"put","key":"root:0xbad","value":{{"stateRoot":"0xother"}}}}
{{"type":"put","key":"snapshot:orphan:base","value":"no-such-snapshot"}}
{{"type":"put","key":"snapshot:c1","value":{{"id":"c1","timestamp":1,"data":{{}}}}}}
{{"type":"put","key":"snapshot:c1:base","value":"c2"}}
{{"type":"put","key":"snapshot:c2","value":{{"id":"c2","timestamp":2,"data":{{}}}}}}
{{"type":"put","key":"snapshot:c2:base","value":"c1"}}
{{"type":"put","key":"misc:note","raw":{{"text":"not json"}}}}
{{"type":"delete","key":"height:1100"}}
{{"type":"put","key":"block:0xmismatch","value":{{"stateRoot":"0xother2","height":2000}}}}
{{"type":"put","key":"height:2000","value":"0xmismatch"}}
{{"type":"put","key":"block:0xesc","value":{{"stateRoot":"0x\u0065sc","height":2001}}}}
{{"type":"put","key":"height:2001","value":"\u0030xesc"}}
{{"type":"put","key":"block:0xnotjson","raw":{{"text":"{{\"stateRoot\":"}}}}
{{"type":"put","key":"block:0xarray","value":[1,2]}}
{{"type":"put","key":"root:0xarr","value":[1]}}
{{"type":"put","key":"state:mraw","raw":{{"text":"zzz"}}}}
"#,
        r5 = root(5),
        r7 = root(7)
    );
    env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    let (code, found) = findings(&env, &[]);
    assert_eq!(code, 5);
    let has = |check: &str, key: &str, text: &str| {
        assert!(
            found
                .iter()
                .any(|(c, k, m)| c == check && k == key && m.contains(text)),
            "no {check} finding for {key} containing {text:?} in {found:#?}"
        )
    };
    has("blocks", "height:5", "does not exist");
    has("blocks", "height:6", "whose height is 7");
    has(
        "blocks",
        &format!("block:{}", root(6)),
        &format!("orphan: height:6 names block {}, not this one", root(7)),
    );
    has(
        "blocks",
        &format!("block:{}", root(1100)),
        "orphan: not indexed",
    );
    has("blocks", "height:1100", "gap: height 1100 is missing");
    has(
        "blocks",
        "block:0xmismatch",
        "stateRoot is 0xother2, not the key's hash 0xmismatch",
    );
    has(
        "blocks",
        "height:2000",
        "points to block 0xmismatch, whose stateRoot is 0xother2",
    );
    // A block value that is not JSON is the values check's finding only;
    // one that is JSON but not a block is the blocks check's only.
    has("values", "block:0xnotjson", "not JSON");
    has(
        "blocks",
        "block:0xarray",
        "not a valid block: a block must be a JSON object",
    );
    let about = |key: &str| -> Vec<&str> {
        found
            .iter()
            .filter(|(_, k, _)| k == key)
            .map(|(c, _, _)| c.as_str())
            .collect()
    };
    assert_eq!(about("block:0xnotjson"), ["values"], "{found:#?}");
    // The same for states: a root entry that is JSON but no object is the
    // states check's finding; a state that is not JSON, the values check's.
    has(
        "states",
        "root:0xarr",
        "holds [1], not a JSON object (a state)",
    );
    assert_eq!(about("root:0xarr"), ["states"], "{found:#?}");
    assert_eq!(about("state:mraw"), ["values"], "{found:#?}");
    assert_eq!(about("block:0xarray"), ["blocks"], "{found:#?}");
    // Escaped JSON strings name the same block: nothing to report.
    assert!(
        !found
            .iter()
            .any(|(_, k, _)| k == "block:0xesc" || k == "height:2001"),
        "{found:#?}"
    );
    has("states", "root:0xbad", "stateRoot is 0xother");
    has(
        "snapshots",
        "snapshot:orphan:base",
        "base no-such-snapshot does not exist",
    );
    has("snapshots", "snapshot:c1:base", "cycle");
    has("values", "misc:note", "not JSON");
    // --checks selects; --allow-non-json exempts.
    let (code, found) = findings(&env, &["--checks", "values", "--allow-non-json", "misc:"]);
    assert_eq!((code, found.len()), (5, 2), "{found:#?}");
    let (code, found) = findings(
        &env,
        &[
            "--checks",
            "values",
            "--allow-non-json",
            "misc:",
            "--allow-non-json",
            "block:0xnotjson",
            "--allow-non-json",
            "state:mraw",
        ],
    );
    assert_eq!((code, found.len()), (0, 0));
    let (_, found) = findings(&env, &["--checks", "states"]);
    assert!(
        found
            .iter()
            .any(|(_, k, m)| k == "state:mraw" && m.contains("not a JSON object")),
        "{found:#?}"
    );
    // Exempt from the values check (or with it off), a non-JSON block is
    // still no block: the blocks check says so.
    for args in [
        &["--allow-non-json", "block:0xnotjson"][..],
        &["--checks", "blocks"][..],
    ] {
        let (_, found) = findings(&env, args);
        let about: Vec<_> = found
            .iter()
            .filter(|(_, k, _)| k == "block:0xnotjson")
            .collect();
        assert_eq!(about.len(), 1, "{args:?}: {about:#?}");
        assert_eq!(about[0].0, "blocks");
        assert!(about[0].2.contains("not a valid block: not valid JSON"));
    }
    env.run(&["verify", "--checks", "bogus"]).assert().code(2);
    // The table shows the summary and the findings.
    env.run(&["verify"])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("root:0xbad"));
}

#[test]
fn a_damaged_table_is_reported_by_file_without_a_panic() {
    let env = seed_store();
    let table = env
        .files()
        .into_keys()
        .filter(|n| n.ends_with(".ldb"))
        .max_by_key(|n| std::fs::metadata(env.db.join(n)).unwrap().len())
        .expect("a table");
    let path = env.db.join(&table);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[100..120] {
        *b ^= 0xFF;
    }
    std::fs::write(&path, &bytes).unwrap();
    let out = env.run(&["verify", "-o", "json"]).output().unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 5 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains(&table),
        "the damaged file is not named: {text}"
    );
    assert!(text.contains("checksum mismatch"), "{text}");
    // A truncated table, too: verify names it; other commands fail cleanly.
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let out = env
        .run(&["verify", "--checks", "storage"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&table));
    let out = env.run(&["verify"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [&["scan", "--count"][..], &["block", "list", "-o", "plain"]] {
        let out = env.run(args).output().unwrap();
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked");
        if !out.status.success() {
            assert_eq!(out.status.code(), Some(1));
            assert!(String::from_utf8_lossy(&out.stderr).starts_with("storectl:"));
        }
    }
}

#[test]
fn compact_keeps_contents_and_shrinks_overwritten_stores() {
    let env = TestEnv::new();
    // Three rounds of the same keys with incompressible values: three
    // level-0 tables (below the engine's own compaction trigger of four).
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut noise = || {
        (0..48)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                format!("{:x}", seed & 0xF)
            })
            .collect::<String>()
    };
    for round in 0..3 {
        let ops: String = (0..4000)
            .map(|i| format!("{{\"type\":\"put\",\"key\":\"k{i:05}\",\"value\":{{\"round\":{round},\"pad\":\"{}\"}}}}\n", noise()))
            .collect();
        env.run(&["batch", "-"]).write_stdin(ops).assert().success();
    }
    let export_before = env.stdout(&["--raw", "scan", "-o", "ndjson"]);
    let hash_before = env.stdout(&["hash"]);
    let size = |env: &TestEnv| -> u64 { env.files().values().map(|v| v.len() as u64).sum() };
    let bytes_before = size(&env);
    let out = env.stdout(&["compact", "-o", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    // (Opening for writing rotates the engine's LOG file, so allow a little.)
    assert!(
        report["before"]["bytes"]
            .as_u64()
            .unwrap()
            .abs_diff(bytes_before)
            < 4096
    );
    assert!(
        report["after"]["bytes"].as_u64().unwrap() < report["before"]["bytes"].as_u64().unwrap()
    );
    let bytes_after = size(&env);
    assert!(
        bytes_after < bytes_before / 2,
        "compact did not shrink: {bytes_before} -> {bytes_after}"
    );
    assert_eq!(env.stdout(&["hash"]), hash_before);
    assert_eq!(
        env.stdout(&["--raw", "scan", "-o", "ndjson"]),
        export_before
    );
    env.run(&["verify"]).assert().code(0);
}

#[test]
fn stats_counts_match_the_store() {
    let env = seed_store();
    let stats: serde_json::Value =
        serde_json::from_str(&env.stdout(&["stats", "-o", "json"])).unwrap();
    let cat = |name: &str| stats["categories"][name]["keys"].as_u64().unwrap();
    assert_eq!(cat("block"), 1200);
    assert_eq!(cat("height"), 1200);
    assert_eq!(cat("state"), 3);
    assert_eq!(cat("stateSubKey"), 2 + 3 + 4);
    assert_eq!(cat("root"), 9);
    assert_eq!(cat("snapshot"), 2);
    assert_eq!(cat("other"), 0);
    assert_eq!(stats["minHeight"], 0);
    assert_eq!(stats["maxHeight"], 1199);
    assert_eq!(stats["machines"], 3);
    assert_eq!(
        stats["snapshots"], 2,
        "a seed incremental snapshot is known by its link"
    );
    let total: u64 = env.files().values().map(|v| v.len() as u64).sum();
    assert_eq!(stats["disk"]["total"]["bytes"].as_u64().unwrap(), total);
    // Key and value bytes agree with a scan.
    let scanned = common::decode_ndjson(&env.stdout(&["scan", "block:", "-o", "ndjson"]));
    let value_bytes: usize = scanned.iter().map(|(_, v)| v.len()).sum();
    assert_eq!(
        stats["categories"]["block"]["valueBytes"].as_u64().unwrap(),
        value_bytes as u64
    );
    let fast: serde_json::Value =
        serde_json::from_str(&env.stdout(&["stats", "--fast", "-o", "json"])).unwrap();
    assert_eq!(fast["maxHeight"], 1199);
    assert_eq!(fast["exact"], false);
}

#[test]
fn hash_depends_only_on_contents() {
    let entries: Vec<(String, String)> = (0..3000)
        .map(|i| (format!("state:m{}:k{i}", i % 7), format!("{{\"v\":{i}}}")))
        .collect();
    let forward = TestEnv::new();
    let ops: String = entries
        .iter()
        .map(|(k, v)| format!("{{\"type\":\"put\",\"key\":\"{k}\",\"value\":{v}}}\n"))
        .collect();
    forward
        .run(&["batch", "-"])
        .write_stdin(ops)
        .assert()
        .success();

    let backward = TestEnv::new();
    for chunk in entries.iter().rev().collect::<Vec<_>>().chunks(500) {
        let ops: String = chunk
            .iter()
            .map(|(k, v)| format!("{{\"type\":\"put\",\"key\":\"{k}\",\"value\":{v}}}\n"))
            .collect();
        backward
            .run(&["batch", "-"])
            .write_stdin(ops)
            .assert()
            .success();
    }
    backward.run(&["compact"]).assert().success();

    let by_cpp = TestEnv::empty();
    let mut child = Command::new("python3")
        .arg(cpp_script())
        .args(["load", by_cpp.db.to_str().unwrap()])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let stdin = child.stdin.as_mut().unwrap();
        for (k, v) in entries.iter().rev() {
            let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
            writeln!(stdin, "{} {}", hex(&format!(":{k}")), hex(v)).unwrap();
        }
    }
    assert!(child.wait().unwrap().success());

    let h = forward.stdout(&["hash"]);
    assert!(h.starts_with("sha256:"));
    assert_eq!(backward.stdout(&["hash"]), h);
    assert_eq!(by_cpp.stdout(&["hash"]), h);
    // Different contents, different hash; --raw covers the whole store.
    backward
        .run(&["put", "state:m1:k1", "0"])
        .assert()
        .success();
    assert_ne!(backward.stdout(&["hash"]), h);
    assert_ne!(forward.stdout(&["--raw", "hash"]), h);
    let json: serde_json::Value =
        serde_json::from_str(&forward.stdout(&["hash", "-o", "json"])).unwrap();
    assert_eq!(json["entries"], 3000);
}

#[test]
fn prune_dry_run_and_real_run_agree() {
    let env = seed_store();
    // A snapshot chain s1 <- s2 <- s3, and an unrelated old snapshot s0.
    env.run(&["snapshot", "create", "--machine", "alpha", "--id", "s0"])
        .assert()
        .success();
    env.run(&["snapshot", "create", "--machine", "beta", "--id", "s1"])
        .assert()
        .success();
    env.run(&["snapshot", "create", "--base", "s1", "--id", "s2"])
        .assert()
        .success();
    env.run(&["snapshot", "create", "--base", "s2", "--id", "s3"])
        .assert()
        .success();
    let before_keys: Vec<String> = env
        .stdout(&["scan", "--keys-only", "-o", "plain"])
        .lines()
        .map(String::from)
        .collect();
    let plan: serde_json::Value = serde_json::from_str(&env.stdout(&[
        "prune",
        "--blocks-below",
        "100",
        "--snapshots-keep",
        "1",
        "--dry-run",
        "-o",
        "json",
    ]))
    .unwrap();
    let mut planned: Vec<String> = plan["blockKeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(planned.len(), 200);
    // s3 is kept with the chain it needs; s0 and the seed's snapshots go.
    assert_eq!(
        plan["snapshotsKeptAsBases"],
        serde_json::json!(["s1", "s2"])
    );
    let snaps: Vec<String> = plan["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(snaps, ["s0", "seed-snap-1", "seed-snap-2"]);
    // Without a terminal, prune needs --yes.
    env.run(&["prune", "--blocks-below", "100"])
        .assert()
        .code(2);
    env.run(&[
        "prune",
        "--blocks-below",
        "100",
        "--snapshots-keep",
        "1",
        "--yes",
    ])
    .assert()
    .success();
    let after_keys: Vec<String> = env
        .stdout(&["scan", "--keys-only", "-o", "plain"])
        .lines()
        .map(String::from)
        .collect();
    for id in &snaps {
        planned.push(format!("snapshot:{id}"));
    }
    planned.push("snapshot:seed-snap-2:base".into());
    let expected: Vec<String> = before_keys
        .iter()
        .filter(|k| !planned.contains(k))
        .cloned()
        .collect();
    assert_eq!(after_keys, expected);
    assert_eq!(
        env.stdout(&["snapshot", "list", "-o", "plain"]),
        "s1\ns2\ns3\n"
    );
    env.run(&["snapshot", "restore", "s3", "--dry-run"])
        .assert()
        .success();
    assert_eq!(
        env.stdout(&["block", "list", "--limit", "1", "-o", "plain"])
            .split('\t')
            .next(),
        Some("100")
    );
}

/// A raw import (`--raw import`) of seed-shaped records in the namespaces
/// `""` (the default), `a` and `b`, with planted problems of every key
/// check: several tables written in key order, none overlapping, so verify
/// reads each once for both its storage and key checks.
fn tables_alone_store(env: &TestEnv) {
    let mix = |n: u64| {
        let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let hash = |n: u64| {
        format!(
            "0x{:016x}{:016x}{:016x}{:016x}",
            mix(n),
            mix(!n),
            mix(n ^ 1 << 40),
            mix(n ^ 1 << 50)
        )
    };
    let mut records = Vec::new();
    for ns in ["", "a", "b"] {
        for h in 0..5000u64 {
            // A gap at 100, a fork's stray block, a dangling index entry.
            if h == 100 {
                continue;
            }
            let named = if h == 300 { hash(999_999) } else { hash(h) };
            let block = serde_json::json!({"stateRoot": hash(h), "height": h,
                "parentRoot": hash(h.wrapping_sub(1)), "transactions": [hash(h + 7)]});
            records.push((format!("{ns}:block:{}", hash(h)), block.to_string()));
            records.push((format!("{ns}:height:{h}"), format!("\"{named}\"")));
            records.push((format!("{ns}:root:{}", hash(h)), "{\"k\":1}".to_string()));
        }
        records.push((
            format!("{ns}:state:m1"),
            format!("{{\"stateRoot\":\"{}\"}}", hash(5_000_000)),
        ));
        records.push((format!("{ns}:block:bad"), "not json".to_string()));
    }
    records.sort();
    let lines: String = records
        .iter()
        .map(|(k, v)| format!("{}\n", serde_json::json!({"key": k, "raw": {"text": v}})))
        .collect();
    let input = env.file("records.ndjson", &lines);
    env.run(&[
        "--create",
        "--raw",
        "import",
        "--quiet",
        input.to_str().unwrap(),
    ])
    .assert()
    .success();
}

/// Flips the bits `mask` of the byte at `at(length)`.
fn flip(bytes: &mut [u8], at: fn(usize) -> usize, mask: u8) {
    bytes[at(bytes.len())] ^= mask;
}

/// A finding: check, key, message.
type Found = (String, String, String);

/// A way to damage a table, and which of the store's tables get it.
type Damage<'a> = (&'static str, fn(&mut Vec<u8>), &'a [usize]);

/// verify's findings split into the storage check's and the others'.
fn split_findings(found: Vec<Found>) -> (Vec<Found>, Vec<Found>) {
    found.into_iter().partition(|f| f.0 == "storage")
}

#[test]
fn tables_read_once_for_both_checks_report_what_each_check_reports_alone() {
    let base = TestEnv::empty();
    tables_alone_store(&base);
    let tables: Vec<String> = base
        .files()
        .into_keys()
        .filter(|n| n.ends_with(".ldb"))
        .collect();
    assert!(tables.len() >= 3, "only {} tables", tables.len());
    let middle = tables.len() / 2;
    let damages: [Damage<'_>; 6] = [
        ("none", |_| {}, &[0]),
        // In every table: a table that holds keys of two namespaces is
        // damaged on either side of the boundary.
        (
            "a data byte flipped early",
            |b| flip(b, |len| len / 4, 0x20),
            &[0, 1, 2, 3, 4, 5],
        ),
        (
            "a data byte flipped late",
            |b| flip(b, |len| len * 3 / 4, 0x20),
            &[0, 1, 2, 3, 4, 5],
        ),
        (
            "a flipped index byte",
            |b| flip(b, |len| len - 70, 1),
            &[middle],
        ),
        (
            "bytes appended",
            |b| b.extend_from_slice(b"garbage"),
            &[middle],
        ),
        ("a truncated table", |b| b.truncate(b.len() / 2), &[middle]),
    ];
    for (damage, change, which) in damages {
        for &t in which.iter().filter(|&&t| t < tables.len()) {
            let env = TestEnv::empty();
            common::copy_dir(&base.db, &env.db);
            let table = env.db.join(&tables[t]);
            let mut bytes = std::fs::read(&table).unwrap();
            change(&mut bytes);
            std::fs::write(&table, &bytes).unwrap();
            for ns in [
                &["--prefix", ""][..],
                &["--prefix", "a"],
                &["--prefix", "b"],
                &["--raw"],
            ] {
                let args = |checks: &[&'static str]| {
                    let mut a: Vec<&str> = ns.to_vec();
                    a.push("verify");
                    a.extend_from_slice(checks);
                    a
                };
                let full = env.run(&args(&["-o", "json"])).output().unwrap();
                let storage = env
                    .run(&args(&["--checks", "storage", "-o", "json"]))
                    .output()
                    .unwrap();
                let keys = env
                    .run(&args(&[
                        "--checks",
                        "values,blocks,states,snapshots",
                        "-o",
                        "json",
                    ]))
                    .output()
                    .unwrap();
                let json = |o: &std::process::Output| -> serde_json::Value {
                    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| {
                        panic!("{damage} {ns:?}: {}", String::from_utf8_lossy(&o.stderr))
                    })
                };
                let (full, storage, keys) = (json(&full), json(&storage), json(&keys));
                let list = |v: &serde_json::Value| -> Vec<(String, String, String)> {
                    v["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| {
                            let s = |k: &str| f[k].as_str().unwrap().to_string();
                            (s("check"), s("key"), s("message"))
                        })
                        .collect()
                };
                let (full_storage, full_keys) = split_findings(list(&full));
                let (alone_storage, _) = split_findings(list(&storage));
                // The storage check, items and findings, as when run alone
                // (with one more finding when damage stopped the key checks).
                assert_eq!(
                    full["checks"][0]["items"], storage["checks"][0]["items"],
                    "{damage} {ns:?}"
                );
                let unread =
                    |f: &(String, String, String)| f.2.starts_with("the keys could not be read");
                let walked: Vec<_> = full_storage
                    .iter()
                    .filter(|f| !unread(f))
                    .cloned()
                    .collect();
                assert_eq!(walked, alone_storage, "{damage} {ns:?}");
                // The key checks, as through the merged view alone: the
                // same findings and counts, or stopped by the same damage
                // (a damaged block outside the namespace stops neither).
                let (keys_storage, keys_found) = split_findings(list(&keys));
                assert_eq!(full_keys, keys_found, "{damage} {ns:?}");
                let stopped: Vec<_> = full_storage.iter().filter(|f| unread(f)).collect();
                assert_eq!(
                    stopped,
                    keys_storage.iter().collect::<Vec<_>>(),
                    "{damage} {ns:?}"
                );
                let others = |v: &serde_json::Value| -> Vec<serde_json::Value> {
                    let checks = v["checks"].as_array().unwrap().iter();
                    checks
                        .filter(|c| c["check"] != "storage")
                        .cloned()
                        .collect()
                };
                assert_eq!(others(&full), others(&keys), "{damage} {ns:?}");
                if damage == "none" {
                    assert_eq!(full_storage, vec![], "{ns:?}");
                    assert!(
                        !full_keys.is_empty(),
                        "{ns:?}: the planted problems were not found"
                    );
                }
            }
        }
    }
    // Two tables damaged (the first and the last): both problems, in file
    // order, as the storage check alone reports them.
    let env = TestEnv::empty();
    common::copy_dir(&base.db, &env.db);
    for name in [&tables[0], &tables[tables.len() - 1]] {
        let path = env.db.join(name);
        let mut bytes = std::fs::read(&path).unwrap();
        flip(&mut bytes, |len| len / 2, 0x08);
        std::fs::write(&path, &bytes).unwrap();
    }
    // With --raw every table lies in the namespace, so both are walked.
    let (_, full) = findings(&env, &["--raw"]);
    let (_, alone) = findings(&env, &["--raw", "--checks", "storage"]);
    let (full_storage, _) = split_findings(full);
    assert_eq!(full_storage.len(), 3, "{full_storage:?}");
    assert_eq!(full_storage[..2], alone[..], "{full_storage:?}");
    assert!(
        full_storage[0].1.ends_with(&tables[0])
            && full_storage[1].1.ends_with(&tables[tables.len() - 1])
    );
}

/// Stores `value` under the exact key bytes `key`, runs `verify -o json`
/// (which must find problems) and returns its findings as (check, message):
/// keys that are not UTF-8 are printed as `{"bytes": ...}`.
fn findings_after_raw_put(env: &TestEnv, key: &[u8], value: &str) -> Vec<(String, String)> {
    env.run(&["--raw", "--hex", "put", &hex(key), value])
        .assert()
        .success();
    let out = env.run(&["verify", "-o", "json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(5), "{report}");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
            (text(&f["check"]), text(&f["message"]))
        })
        .collect()
}

/// Asserts that `found` holds a finding of `check` whose message holds `text`.
fn assert_found(found: &[(String, String)], check: &str, text: &str) {
    assert!(
        found.iter().any(|(c, m)| c == check && m.contains(text)),
        "no {check} finding containing {text:?} in {found:?}"
    );
}

/// The seed writes a block under `block:` + its stateRoot's UTF-8, and
/// reads it by height through that key. A block whose key is not UTF-8
/// (0xFF) but whose stateRoot is U+FFFD (what that byte shows as) is not
/// reachable from its height entry; verify used to compare the hashes as
/// lossy text and call the store consistent.
#[test]
fn verify_matches_block_keys_by_bytes_not_by_lossy_text() {
    let env = TestEnv::new();
    env.run(&["put", "height:0", "\"\u{fffd}\""])
        .assert()
        .success();
    let block = "{\"stateRoot\":\"\u{fffd}\",\"height\":0}";
    let found = findings_after_raw_put(&env, b":block:\xff", block);
    assert_found(&found, "blocks", "not the key's hash");
    assert_found(&found, "blocks", "which does not exist");
}

/// The same for a state's root entry: `root:` + 0xFF holding a state whose
/// stateRoot is U+FFFD is not the entry the seed reads for that root.
#[test]
fn verify_matches_root_keys_by_bytes_not_by_lossy_text() {
    let env = TestEnv::new();
    let state = "{\"stateRoot\":\"\u{fffd}\",\"n\":1}";
    let found = findings_after_raw_put(&env, b":root:\xff", state);
    assert_found(&found, "states", "whose stateRoot is");
}

/// A height entry naming a hash forged so that its fingerprint under
/// verify's former unkeyed function equals the real block's: verify
/// matched the two and called the store consistent (exit 0), though the
/// seed reading that height finds no block. Fingerprints are now keyed
/// per run, so no forgery made in advance can match.
#[test]
fn verify_is_not_fooled_by_a_hash_forged_to_share_a_fingerprint() {
    let env = TestEnv::new();
    let real = format!("0x{}", "ab".repeat(32));
    let forged = common::forge::forged_twin(&real);
    let block = format!("{{\"stateRoot\":\"{real}\",\"height\":0}}");
    env.run(&["put", &format!("block:{real}"), &block])
        .assert()
        .success();
    let found = findings_after_raw_put(&env, b":height:0", &format!("\"{forged}\""));
    assert_found(&found, "blocks", "which does not exist");
    assert_found(&found, "blocks", "orphan");
}

/// A snapshot link under an id that is not UTF-8 (`snapshot:` 0xFF
/// `:base`): verify read the id as lossy text, followed the chain of
/// another key (`snapshot:` U+FFFD) and stopped with "snapshot � not
/// found" (exit 3) instead of reporting the key.
#[test]
fn verify_reports_snapshot_keys_whose_id_is_not_utf8() {
    let env = TestEnv::new();
    let found = findings_after_raw_put(&env, b":snapshot:\xff:base", "\"no-such-base\"");
    assert_found(&found, "snapshots", "not UTF-8");
}

/// `snapshot list` hid a snapshot key whose id is not UTF-8 (the lossy id
/// named another key, which did not exist): it is listed with its problem,
/// and prune keeps it and says how to remove it by its exact bytes.
#[test]
fn snapshot_list_shows_a_key_whose_id_is_not_utf8() {
    let env = TestEnv::new();
    let key = hex(b":snapshot:\xff");
    env.run(&[
        "--raw",
        "--hex",
        "put",
        &key,
        "{\"id\":\"x\",\"timestamp\":1,\"data\":{}}",
    ])
    .assert()
    .success();
    let list: serde_json::Value =
        serde_json::from_str(&env.stdout(&["snapshot", "list", "-o", "json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert!(
        list[0]["problem"].as_str().unwrap().contains("not UTF-8"),
        "{list}"
    );
    env.run(&["prune", "--snapshots-keep", "0", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("--raw --hex delete"));
    // Kept: the key is still there.
    env.run(&["--raw", "--hex", "get", &key]).assert().success();
}

/// The rows of the drawn tables in `verify`'s table output, cell by
/// cell (not the headers).
fn table_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| -> Vec<String> {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .filter(|row| row[0] != "check")
        .collect()
}

/// The table (the default output) counts findings past those it shows
/// instead of wording them all; its counts and the findings it shows must
/// be exactly `-o json`'s, whichever check finds more than the report
/// keeps in memory.
#[test]
fn verify_table_shows_the_counts_and_first_findings_json_lists() {
    // (orphan blocks, height entries naming no block, entries naming a
    // block at another height)
    for (orphans, missing, elsewhere) in [(1200u32, 20u32, 5u32), (4, 1500, 300)] {
        let env = TestEnv::empty();
        let mut records = String::new();
        let mut add = |key: String, value: String| {
            records.push_str(&format!("{{\"key\":{key:?},{value}}}\n"));
        };
        for i in 0..7 {
            add(
                format!("blob:{i}"),
                "\"raw\":{\"text\":\"not json\"}".into(),
            );
            add(
                format!("root:r{i}"),
                "\"value\":{\"stateRoot\":\"other\"}".into(),
            );
            add(
                format!("height:{}", 90_000 + i),
                "\"value\":{\"not\":\"a hash\"}".into(),
            );
        }
        for h in 0..orphans {
            add(
                format!("block:0xo{h}"),
                format!("\"value\":{{\"stateRoot\":\"0xo{h}\",\"height\":{h}}}"),
            );
        }
        for h in 0..missing {
            add(
                format!("height:{}", 50_000 + h),
                format!("\"value\":\"0xgone{h}\""),
            );
        }
        for h in 0..elsewhere {
            // Block at height 70000+h, named by the entry at 80000+h.
            add(
                format!("block:0xe{h}"),
                format!(
                    "\"value\":{{\"stateRoot\":\"0xe{h}\",\"height\":{}}}",
                    70_000 + h
                ),
            );
            add(
                format!("height:{}", 80_000 + h),
                format!("\"value\":\"0xe{h}\""),
            );
        }
        add(
            "snapshot:s1".into(),
            "\"value\":{\"id\":\"s1\",\"timestamp\":1,\"data\":{}}".into(),
        );
        add("snapshot:s1:base".into(), "\"value\":\"gone\"".into());
        let input = env.file("records.ndjson", &records);
        env.run(&["import", "--create", input.to_str().unwrap()])
            .assert()
            .success();

        let json = env.run(&["verify", "-o", "json"]).output().unwrap();
        assert_eq!(json.status.code(), Some(5));
        let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let listed = doc["findings"].as_array().unwrap();
        let total = listed.len();
        assert!(total > 1100, "{total} findings");
        let table = env.run(&["verify"]).output().unwrap();
        assert_eq!(table.status.code(), Some(5));
        let rows = table_rows(&String::from_utf8(table.stdout).unwrap());
        let (summary, shown): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|r| r.len() == 3 && r[1].parse::<u64>().is_ok());
        let counts: Vec<Vec<String>> = doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                vec![
                    c["check"].as_str().unwrap().to_string(),
                    c["items"].to_string(),
                    c["findings"].to_string(),
                ]
            })
            .collect();
        assert_eq!(summary, counts, "orphans {orphans}, missing {missing}");
        let first: Vec<Vec<String>> = listed[..50]
            .iter()
            .map(|f| {
                ["check", "key", "message"]
                    .map(|k| f[k].as_str().unwrap().to_string())
                    .to_vec()
            })
            .collect();
        assert_eq!(shown, first, "orphans {orphans}, missing {missing}");
        let kinds =
            |from: &[Vec<String>], what: &str| from.iter().filter(|f| f[2].contains(what)).count();
        // The shown findings reach past the scan's into the height
        // index's and the orphans'.
        assert!(
            kinds(&first, "points to block") > 0 && (orphans < 50 || kinds(&first, "orphan") > 0)
        );
        assert!(String::from_utf8_lossy(&table.stderr)
            .contains(&format!("{} more finding(s)", total - 50)));
    }
}

/// Seen in the fourteenth session: a height entry naming a block that
/// exists but is not a valid block (its height `2.0`, its value not JSON)
/// was worded "which does not exist" — false, and an operator acting on it
/// would look for a block that is there. It is worded as what it is; a
/// block that is truly missing is still "does not exist".
#[test]
fn an_entry_naming_an_invalid_block_does_not_say_the_block_is_missing() {
    let env = TestEnv::empty();
    let records = [
        r#"{"key":"block:0xaa","value":{"stateRoot":"0xaa","height":2.0}}"#,
        r#"{"key":"height:2","value":"0xaa"}"#,
        r#"{"key":"block:0xnj","raw":{"text":"not json"}}"#,
        r#"{"key":"height:3","value":"0xnj"}"#,
        r#"{"key":"height:4","value":"0xgone"}"#,
        r#"{"key":"block:0xok","value":{"stateRoot":"0xok","height":1}}"#,
        r#"{"key":"height:1","value":"0xok"}"#,
    ]
    .join("\n");
    let input = env.file("records.ndjson", &records);
    env.run(&["import", "--create", input.to_str().unwrap()])
        .assert()
        .success();
    let (code, found) = findings(&env, &[]);
    assert_eq!(code, 5);
    let about = |key: &str| -> Vec<String> {
        found
            .iter()
            .filter(|(_, k, _)| k == key)
            .map(|(_, _, m)| m.clone())
            .collect()
    };
    assert_eq!(
        about("height:2"),
        ["points to block 0xaa, which is not a valid block (see its own finding)"],
        "{found:#?}"
    );
    assert_eq!(
        about("height:3"),
        ["points to block 0xnj, which is not a valid block (see its own finding)"],
        "{found:#?}"
    );
    assert_eq!(
        about("height:4"),
        ["points to block 0xgone, which does not exist"],
        "{found:#?}"
    );
    assert_eq!(about("block:0xaa").len(), 1, "{found:#?}");
    assert!(about("block:0xnj")[0].contains("not JSON"), "{found:#?}");
}
