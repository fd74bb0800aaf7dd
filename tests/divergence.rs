//! When two nodes disagree: `diff`, `bisect` and `block rewind` on two
//! stores built from one fixture, one of them forked at height 700.

mod common;

use common::{cpp_script, Helper, TestEnv};
use std::process::{Command, Stdio};

fn blocks(from: u64, to: u64, tag: &str) -> String {
    (from..to)
        .map(|h| format!("{{\"stateRoot\":\"0x{tag}{h:04}\",\"height\":{h},\"txs\":[{h}]}}\n"))
        .collect()
}

/// Two stores: A with blocks 0..1000, B forked at 700, plus planted key
/// differences.
fn pair() -> (TestEnv, TestEnv) {
    let a = TestEnv::new();
    let b = TestEnv::new();
    for env in [&a, &b] {
        env.run(&["block", "put", "-"])
            .write_stdin(blocks(0, 700, "c"))
            .assert()
            .success();
        env.run(&["put", "p:z", "1"]).assert().success();
        env.run(&[
            "state",
            "put",
            "m1",
            "{\"stateRoot\":\"0xc0100\",\"machineId\":\"m1\"}",
        ])
        .assert()
        .success();
    }
    a.run(&["block", "put", "-"])
        .write_stdin(blocks(700, 1000, "a"))
        .assert()
        .success();
    b.run(&["block", "put", "-"])
        .write_stdin(blocks(700, 1000, "b"))
        .assert()
        .success();
    a.run(&[
        "put",
        "root:0xa0700",
        "{\"stateRoot\":\"0xa0700\",\"machineId\":\"m1\",\"n\":1}",
    ])
    .assert()
    .success();
    b.run(&[
        "put",
        "root:0xb0700",
        "{\"stateRoot\":\"0xb0700\",\"machineId\":\"m1\",\"n\":2}",
    ])
    .assert()
    .success();
    a.run(&["put", "p:y", "\"only in a\""]).assert().success();
    b.run(&["put", "p:x", "\"only in b\""]).assert().success();
    b.run(&["put", "p:z", "2"]).assert().success();
    a.run(&["put", "p:j", "{\"a\":1,\"b\":2}"])
        .assert()
        .success();
    b.run(&["put", "p:j", "{\"b\":2,\"a\":1}"])
        .assert()
        .success();
    (a, b)
}

/// Holds a store open in C++ LevelDB (its LOCK held) until dropped.
fn hold(env: &TestEnv) -> Helper {
    Helper::start(&[
        cpp_script().to_str().unwrap(),
        "hold",
        env.db.to_str().unwrap(),
    ])
}

#[test]
fn diff_and_bisect_find_exactly_the_planted_differences_on_live_stores() {
    let (a, b) = pair();
    let _ha = hold(&a);
    let _hb = hold(&b);
    let other = b.db.to_str().unwrap();
    // Outside the chain: exactly the planted keys.
    let out = a
        .run(&["diff", other, "p:", "-o", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(String, bool, bool, bool)> = lines
        .iter()
        .map(|l| {
            (
                l["key"].as_str().unwrap().to_string(),
                l.get("a").is_some(),
                l.get("b").is_some(),
                l.get("same_json").is_some(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("p:j".into(), true, true, true),
            ("p:x".into(), false, true, false),
            ("p:y".into(), true, false, false),
            ("p:z".into(), true, true, false),
        ]
    );
    assert_eq!(lines[3]["a"], 1);
    assert_eq!(lines[3]["b"], 2);
    // --json-equal: j counts as equal.
    let counts: serde_json::Value = serde_json::from_slice(
        &a.run(&[
            "diff",
            other,
            "--key-prefix",
            "p:",
            "--count",
            "--json-equal",
            "-o",
            "json",
        ])
        .output()
        .unwrap()
        .stdout,
    )
    .unwrap();
    assert_eq!(counts["onlyA"], 1);
    assert_eq!(counts["onlyB"], 1);
    assert_eq!(counts["differ"], 1);
    // The chain: 300 blocks and 300 heights differ (only in one side each),
    // plus the two root entries.
    let counts: serde_json::Value = serde_json::from_slice(
        &a.run(&["diff", other, "--count", "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(counts["onlyA"], 300 + 1 + 1, "{counts}");
    assert_eq!(counts["onlyB"], 300 + 1 + 1, "{counts}");
    assert_eq!(counts["differ"], 300 + 1, "{counts}");
    // Identical ranges: exit 0.
    a.run(&["diff", other, "block:0xc"]).assert().success();
    // bisect: height 700, both blocks, and how their states differ.
    let out = a.run(&["bisect", other, "-o", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["firstDivergent"], 700);
    assert_eq!(v["lastCommon"], 699);
    assert_eq!(v["a"]["hash"], "0xa0700");
    assert_eq!(v["b"]["hash"], "0xb0700");
    assert_eq!(v["a"]["block"]["stateRoot"], "0xa0700");
    assert_eq!(v["a"]["stateExists"], true);
    let fields: Vec<&str> = v["stateDiff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["n", "stateRoot"]);
    assert!(
        v["probes"].as_u64().unwrap() < 30,
        "binary search, not a scan: {v}"
    );
}

#[test]
fn bisect_handles_genesis_and_different_lengths() {
    let a = TestEnv::new();
    let b = TestEnv::new();
    a.run(&["block", "put", "-"])
        .write_stdin(blocks(0, 50, "a"))
        .assert()
        .success();
    b.run(&["block", "put", "-"])
        .write_stdin(blocks(0, 50, "b"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(
        &a.run(&["bisect", b.db.to_str().unwrap(), "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["firstDivergent"], 0);
    assert_eq!(v["lastCommon"], serde_json::Value::Null);
    // Same chain, one longer: they agree up to the shorter head.
    let c = TestEnv::new();
    c.run(&["block", "put", "-"])
        .write_stdin(blocks(0, 80, "a"))
        .assert()
        .success();
    let out = a
        .run(&["bisect", c.db.to_str().unwrap(), "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["agreeUpTo"], 49);
}

#[test]
fn rewinding_both_sides_to_699_makes_them_agree() {
    let (a, b) = pair();
    // The plan first; nothing changes without --yes (stdin is not a terminal).
    let plan: serde_json::Value = serde_json::from_slice(
        &b.run(&["block", "rewind", "--to", "699", "--dry-run", "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(plan["heightsRemoved"], 300);
    assert_eq!(plan["blocksRemoved"], 300);
    assert_eq!(plan["first"]["height"], 700);
    assert_eq!(plan["last"]["hash"], "0xb0999");
    b.run(&["block", "rewind", "--to", "699"]).assert().code(2);
    // m1's state (0xc0100) is a kept block's root: not ahead.
    assert!(plan["statesAhead"].as_array().unwrap().is_empty());
    // A machine moved to a forked block's root is listed and restored.
    b.run(&[
        "state",
        "put",
        "m1",
        "{\"stateRoot\":\"0xb0700\",\"machineId\":\"m1\",\"n\":2}",
    ])
    .assert()
    .success();
    b.run(&[
        "put",
        "root:0xc0600",
        "{\"stateRoot\":\"0xc0600\",\"machineId\":\"m1\",\"n\":0}",
    ])
    .assert()
    .success();
    for env in [&a, &b] {
        env.run(&[
            "block",
            "rewind",
            "--to",
            "699",
            "--restore-states",
            "--yes",
        ])
        .assert()
        .success();
        env.run(&["verify", "--checks", "blocks"])
            .assert()
            .success();
        assert_eq!(env.stdout(&["block", "latest", "--height-only"]), "699\n");
    }
    assert_eq!(
        b.stdout(&["state", "get", "m1", "-o", "json"]),
        "{\"stateRoot\":\"0xc0600\",\"machineId\":\"m1\",\"n\":0}\n"
    );
    let other = b.db.to_str().unwrap();
    a.run(&["diff", other, "block:"]).assert().success();
    a.run(&["diff", other, "height:"]).assert().success();
    let out = a.run(&["bisect", other, "-o", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn bisect_prints_deeply_nested_blocks_and_state_members_whole() {
    // Found in review: bisect re-parsed stored JSON into serde_json values,
    // whose parser stops at 128 levels, and printed `null` instead.
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let a = TestEnv::new();
    let b = TestEnv::new();
    for (env, tag) in [(&a, "a"), (&b, "b")] {
        env.run(&["block", "put", "-"])
            .write_stdin(format!(
                "{{\"stateRoot\":\"0x{tag}0\",\"height\":0,\"txs\":{deep}}}\n"
            ))
            .assert()
            .success();
        env.run(&[
            "state",
            "put",
            "m1",
            &format!(
                "{{\"stateRoot\":\"0x{tag}0\",\"machineId\":\"m1\",\"deep\":{},\"side\":\"{tag}\"}}",
                deep.replace('1', &format!("\"{tag}\""))
            ),
        ])
        .assert()
        .success();
    }
    let out = a
        .run(&["bisect", b.db.to_str().unwrap(), "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    assert!(!text.contains("\"block\":null"), "{text}");
    let deep_of = |tag: &str| deep.replace('1', &format!("\"{tag}\""));
    assert!(
        text.contains(&format!(
            "{{\"field\":\"deep\",\"a\":{},\"b\":{}}}",
            deep_of("a"),
            deep_of("b")
        )),
        "{text}"
    );
    for tag in ["a", "b"] {
        assert!(
            text.contains(&format!(
                "\"block\":{{\"stateRoot\":\"0x{tag}0\",\"height\":0,\"txs\":{deep}}}"
            )),
            "{text}"
        );
    }
    assert!(
        text.contains("{\"field\":\"side\",\"a\":\"a\",\"b\":\"b\"}"),
        "{text}"
    );
    assert!(text.contains("{\"field\":\"stateRoot\""), "{text}");
    assert!(json_depth_ok(&text));
}

/// Whether `text` is well-formed JSON, by Python's parser (which, unlike
/// serde_json's, accepts 200 levels of nesting).
fn json_depth_ok(text: &str) -> bool {
    Command::new("python3")
        .args(["-c", "import json,sys; json.loads(sys.stdin.read())"])
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(text.as_bytes())?;
            c.wait()
        })
        .map(|s| s.success())
        .unwrap_or(false)
}
