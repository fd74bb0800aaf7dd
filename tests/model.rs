//! End-to-end tests of `block` and `state` on real stores, including one
//! written by the seed's code shapes through the real C++ LevelDB.

mod common;

use common::{seed_store, TestEnv};
use predicates::prelude::*;

fn block_json(height: u64) -> String {
    format!("{{\"stateRoot\":\"0x{height:04x}\",\"height\":{height},\"transactions\":[{}],\"timestamp\":{}}}",
        vec!["1"; (height % 3) as usize].join(","), 1_700_000_000 + height)
}

fn blocks_ndjson(heights: impl IntoIterator<Item = u64>) -> String {
    heights.into_iter().map(|h| block_json(h) + "\n").collect()
}

fn store_with_blocks(heights: impl IntoIterator<Item = u64>) -> TestEnv {
    let env = TestEnv::new();
    env.run(&["block", "put", "-"])
        .write_stdin(blocks_ndjson(heights))
        .assert()
        .success();
    env
}

fn listed_heights(env: &TestEnv, args: &[&str]) -> Vec<u64> {
    let mut full = vec!["block", "list", "-o", "plain"];
    full.extend_from_slice(args);
    env.stdout(&full)
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn block_list_orders_numerically_around_digit_boundaries() {
    let env = store_with_blocks(0..=120);
    assert_eq!(
        listed_heights(&env, &["--from", "8", "--to", "11"]),
        [8, 9, 10, 11]
    );
    assert_eq!(
        listed_heights(&env, &["--from", "98", "--to", "101"]),
        [98, 99, 100, 101]
    );
    assert_eq!(
        listed_heights(&env, &["--from", "98", "--to", "101", "--reverse"]),
        [101, 100, 99, 98]
    );
    assert_eq!(
        listed_heights(&env, &["--reverse", "--limit", "3"]),
        [120, 119, 118]
    );
    assert_eq!(listed_heights(&env, &["--limit", "3"]), [0, 1, 2]);
    let all = listed_heights(&env, &[]);
    assert_eq!(all, (0..=120).collect::<Vec<_>>());
    // ndjson: one stored block per line, exactly as stored.
    let lines = env.stdout(&["block", "list", "--from", "9", "--to", "10", "-o", "ndjson"]);
    assert_eq!(lines, format!("{}\n{}\n", block_json(9), block_json(10)));
    // The table shows tx counts and timestamps (seconds here) as ISO time.
    let table = env.stdout(&["block", "list", "--from", "10", "--to", "10"]);
    assert!(
        table.contains("│ 10     ┆ 0x000a ┆ 1   ┆ 2023-11-14T22:13:30.000Z │"),
        "{table}"
    );
}

#[test]
fn sparse_heights_are_listed_in_numeric_order() {
    let heights = [3u64, 9, 10, 99, 100, 1000, 5000, 10000, 123456];
    let env = store_with_blocks(heights);
    assert_eq!(listed_heights(&env, &[]), heights);
    assert_eq!(
        listed_heights(&env, &["--reverse"]),
        heights.iter().rev().copied().collect::<Vec<_>>()
    );
    assert_eq!(
        listed_heights(&env, &["--from", "10", "--to", "5000"]),
        [10, 99, 100, 1000, 5000]
    );
}

#[test]
fn block_latest_on_dense_and_sparse_chains() {
    let dense = store_with_blocks(0..=1030);
    assert_eq!(
        dense.stdout(&["block", "latest", "--height-only"]),
        "1030\n"
    );
    dense
        .run(&["block", "latest", "-o", "json"])
        .assert()
        .success()
        .stdout(block_json(1030) + "\n");
    assert_eq!(
        dense.stdout(&["block", "latest", "--height-only", "-o", "json"]),
        "{\"height\":1030}\n"
    );

    let from_one = store_with_blocks(1..=99);
    assert_eq!(
        from_one.stdout(&["block", "latest", "--height-only"]),
        "99\n"
    );

    // No block at 0 or 1: the search has no anchor and reads the index.
    let sparse = store_with_blocks([5, 17, 300, 42]);
    assert_eq!(
        sparse.stdout(&["block", "latest", "--height-only"]),
        "300\n"
    );

    // Gaps after the start: small gaps are probed past.
    let gappy = store_with_blocks([0, 1, 2, 3, 40, 41, 100, 101]);
    assert_eq!(gappy.stdout(&["block", "latest", "--height-only"]), "101\n");
    let far = store_with_blocks([0, 1, 2, 100_000]);
    assert_eq!(
        far.stdout(&["block", "latest", "--height-only", "--exact"]),
        "100000\n"
    );
}

#[test]
fn block_latest_on_an_empty_chain_exits_3() {
    let env = TestEnv::new();
    env.run(&["block", "latest"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("height index is empty"));
}

#[test]
fn block_get_by_hash_and_height() {
    let env = store_with_blocks(0..=12);
    env.run(&["block", "get", "0x000a", "-o", "json"])
        .assert()
        .success()
        .stdout(block_json(10) + "\n");
    env.run(&["block", "get", "--height", "10", "-o", "json"])
        .assert()
        .success()
        .stdout(block_json(10) + "\n");
    env.run(&["block", "get", "--height", "10"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"stateRoot\": \"0x000a\""));
    env.run(&["block", "get", "0xffff"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("block 0xffff not found"));
    env.run(&["block", "get", "--height", "13"])
        .assert()
        .code(3);
    env.run(&["block", "get"]).assert().code(2);
}

#[test]
fn a_dangling_height_index_is_an_error_that_says_so() {
    let env = store_with_blocks(0..=5);
    env.run(&["delete", "block:0x0003"]).assert().success();
    env.run(&["block", "get", "--height", "3"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("height:3 points to block 0x0003")
                .and(predicate::str::contains("dangling")),
        );
    // list skips it and says so.
    let out = env.run(&["block", "list", "-o", "plain"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 5);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("height:3 points to missing block 0x0003")
    );
    // A height index holding something other than a hash string.
    env.run(&["put", "height:4", "{\"not\":\"a hash\"}"])
        .assert()
        .success();
    env.run(&["block", "get", "--height", "4"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("height:4 holds"));
}

#[test]
fn block_put_writes_block_and_index_exactly_as_the_seed() {
    let env = TestEnv::new();
    env.run(&[
        "block",
        "put",
        "{ \"stateRoot\": \"0xab\", \"height\": 7, \"x\": 1.0 }",
    ])
    .assert()
    .success();
    assert_eq!(
        env.stdout(&["--raw", "scan", "-o", "ndjson"]),
        "{\"key\":\":block:0xab\",\"value\":{\"stateRoot\":\"0xab\",\"height\":7,\"x\":1.0}}\n\
         {\"key\":\":height:7\",\"value\":\"0xab\"}\n"
    );
    // A JSON array of blocks, from a file.
    let file = env.file(
        "blocks.json",
        &format!("[\n{},\n{}\n]\n", block_json(8), block_json(9)),
    );
    env.run(&["block", "put", file.to_str().unwrap(), "-o", "json"])
        .assert()
        .success()
        .stdout("{\"action\":\"block put\",\"saved\":2,\"lowest\":8,\"highest\":9}\n");
    assert_eq!(listed_heights(&env, &[]), [7, 8, 9]);
}

#[test]
fn block_put_validates_everything_before_writing() {
    let env = store_with_blocks(0..=2);
    let before = env.files();
    let bad = format!(
        "{}\n{}\n{{\"height\":5}}\n{}\n",
        block_json(3),
        block_json(4),
        block_json(6)
    );
    env.run(&["block", "put", "-"])
        .write_stdin(bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "<stdin>: line 3: missing \"stateRoot\"",
        ));
    for (bad, message) in [
        (
            "{\"stateRoot\":\"0x9\",\"height\":-1}",
            "non-negative integer",
        ),
        (
            "{\"stateRoot\":\"0x9\",\"height\":2.5}",
            "non-negative integer",
        ),
        (
            "{\"stateRoot\":7,\"height\":2}",
            "\"stateRoot\" must be a string",
        ),
    ] {
        env.run(&["block", "put", bad])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
    // Two different blocks for one height in the input.
    let clash = format!(
        "{}\n{{\"stateRoot\":\"0xother\",\"height\":3}}\n",
        block_json(3)
    );
    env.run(&["block", "put", "-"])
        .write_stdin(clash)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 2: block 0xother has height 3, which line 1 gives to block 0x0003",
        ));
    // A different block already stored at that height.
    env.run(&["block", "put", "-"])
        .write_stdin(format!(
            "{}\n{{\"stateRoot\":\"0xother\",\"height\":1}}\n",
            block_json(3)
        ))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "height 1 already holds block 0x0001, not 0xother (use --force",
        ));
    // The same hash at another height.
    env.run(&["block", "put", "{\"stateRoot\":\"0x0001\",\"height\":50}"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already stored at height 1"));
    assert_eq!(
        before,
        env.files(),
        "a rejected block put changed the store"
    );
    // Re-saving the same block is fine; --force replaces.
    env.run(&["block", "put", &block_json(1)])
        .assert()
        .success();
    env.run(&[
        "block",
        "put",
        "{\"stateRoot\":\"0xother\",\"height\":1}",
        "--force",
    ])
    .assert()
    .success();
    env.run(&["block", "get", "--height", "1", "-o", "json"])
        .assert()
        .stdout("{\"stateRoot\":\"0xother\",\"height\":1}\n");
}

#[test]
fn block_put_of_many_blocks_in_chunks() {
    let env = store_with_blocks(0..2500);
    assert_eq!(env.stdout(&["scan", "height:", "--count"]), "2500\n");
    assert_eq!(env.stdout(&["scan", "block:", "--count"]), "2500\n");
    assert_eq!(env.stdout(&["block", "latest", "--height-only"]), "2499\n");
}

#[test]
fn state_put_get_list_and_roots() {
    let env = TestEnv::new();
    env.run(&[
        "state",
        "put",
        "m1",
        "{\"stateRoot\":\"0x1\",\"machineId\":\"m1\",\"n\":1}",
    ])
    .assert()
    .success();
    env.run(&["state", "put", "m1", "-"])
        .write_stdin("{\n \"stateRoot\": \"0x2\",\n \"machineId\": \"m1\"\n}\n")
        .assert()
        .success();
    env.run(&["state", "put", "m10", "{\"stateRoot\":\"0xa\"}"])
        .assert()
        .success();
    env.run(&["put", "state:m1:account:1", "5"])
        .assert()
        .success();
    env.run(&["put", "state:m1:account:2", "6"])
        .assert()
        .success();
    // Written exactly as the seed writes them, in one batch.
    assert_eq!(
        env.stdout(&["--raw", "scan", "-o", "plain", "--keys-only"]),
        ":root:0x1\n:root:0x2\n:root:0xa\n:state:m1\n:state:m10\n:state:m1:account:1\n:state:m1:account:2\n"
    );
    env.run(&["state", "get", "m1", "-o", "json"])
        .assert()
        .stdout("{\"stateRoot\":\"0x2\",\"machineId\":\"m1\"}\n");
    env.run(&["state", "get", "--root", "0x1", "-o", "json"])
        .assert()
        .stdout("{\"stateRoot\":\"0x1\",\"machineId\":\"m1\",\"n\":1}\n");
    env.run(&["state", "get", "nobody"]).assert().code(3);
    env.run(&["state", "get", "--root", "0xnone"])
        .assert()
        .code(3);
    // Sub-keys are counted, never listed as machines.
    assert_eq!(
        env.stdout(&["state", "list", "-o", "plain"]),
        "m1\t0x2\t2\nm10\t0xa\t0\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.stdout(&["state", "list", "-o", "json"])).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({"machine":"m1","stateRoot":"0x2","hasState":true,"subKeys":2})
    );
    assert_eq!(
        env.stdout(&["state", "roots", "-o", "plain"]),
        "0x1\n0x2\n0xa\n"
    );
    assert_eq!(
        env.stdout(&["state", "roots", "m1", "-o", "plain"]),
        "0x1\n0x2\n"
    );
}

#[test]
fn state_put_rejects_bad_states_and_writes_nothing() {
    let env = TestEnv::new();
    let before = env.files();
    for (args, message) in [
        (
            &["state", "put", "m1", "{\"x\":1}"][..],
            "missing \"stateRoot\"",
        ),
        (
            &["state", "put", "m1", "{\"stateRoot\":1}"],
            "must be a string",
        ),
        (&["state", "put", "m1", "[1]"], "JSON object"),
        (
            &[
                "state",
                "put",
                "m1",
                "{\"stateRoot\":\"0x1\",\"machineId\":\"m2\"}",
            ],
            "machineId is \"m2\", not \"m1\"",
        ),
        (
            &["state", "put", "a:b", "{\"stateRoot\":\"0x1\"}"],
            "contain no ':'",
        ),
        (
            &["state", "put", "m1", "/no/such/file.json"],
            "/no/such/file.json",
        ),
    ] {
        env.run(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
    assert!(before == env.files(), "the store files changed");
}

#[test]
fn works_on_a_store_written_by_the_seed_through_cpp_leveldb() {
    let env = seed_store();
    let before = env.files();

    // Default prefix "".
    assert_eq!(env.stdout(&["block", "latest", "--height-only"]), "1199\n");
    assert_eq!(
        env.stdout(&["block", "list", "-o", "plain"])
            .lines()
            .count(),
        1200
    );
    let h100 = env.stdout(&["block", "get", "--height", "100", "-o", "json"]);
    let block: serde_json::Value = serde_json::from_str(&h100).unwrap();
    assert_eq!(block["height"], 100);
    env.run(&[
        "block",
        "get",
        block["stateRoot"].as_str().unwrap(),
        "-o",
        "json",
    ])
    .assert()
    .stdout(h100.clone());
    assert_eq!(
        listed_heights(&env, &["--from", "98", "--to", "101"]),
        [98, 99, 100, 101]
    );
    assert_eq!(
        env.stdout(&["state", "list", "-o", "plain"]),
        "alpha\t0xdefault-alpha-2\t2\nbeta\t0xdefault-beta-2\t3\ngamma\t0xdefault-gamma-2\t4\n"
    );
    assert_eq!(
        env.stdout(&["state", "roots", "beta", "-o", "plain"])
            .lines()
            .count(),
        3
    );
    env.run(&["state", "get", "alpha", "-o", "json"])
        .assert()
        .stdout(predicate::str::contains("\"note\":\"é\""));

    // Prefix "chain7".
    let p = ["--prefix", "chain7"];
    let with =
        |args: &[&str]| -> Vec<String> { p.iter().chain(args).map(|s| s.to_string()).collect() };
    let run =
        |args: &[&str]| env.stdout(&with(args).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run(&["block", "latest", "--height-only"]), "1049\n");
    assert_eq!(
        run(&["block", "list", "-o", "plain", "--reverse", "--limit", "2"])
            .lines()
            .count(),
        2
    );
    assert_eq!(
        run(&["state", "list", "-o", "plain"]),
        "m1\t0xchain7-m1-2\t2\nm2\t0xchain7-m2-2\t3\n"
    );

    assert!(before == env.files(), "reading the seed's store changed it");
}

/// Into a store that does not exist, `block put --create` builds the store
/// whole (sorted tables, renamed into place): the same contents as putting
/// the blocks into an existing store; an input whose blocks disagree
/// (first disagreement in input order named, either kind) creates nothing.
#[test]
fn block_put_into_a_new_store_builds_it_whole_or_not_at_all() {
    let lines: String = (0..3000u64).rev().map(|h| block_json(h) + "\n").collect();
    let new = TestEnv::empty();
    new.run(&["--create", "block", "put", "-"])
        .write_stdin(lines.clone())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "saved 3000 blocks, heights 0 to 2999",
        ));
    let existing = TestEnv::new();
    existing
        .run(&["block", "put", "-"])
        .write_stdin(lines.clone())
        .assert()
        .success();
    assert_eq!(new.stdout(&["hash"]), existing.stdout(&["hash"]));
    new.run(&["verify"]).assert().success();

    for (extra, message) in [
        (
            "{\"stateRoot\":\"0xother\",\"height\":7}\n{\"stateRoot\":\"0x0009\",\"height\":7000}\n",
            "line 3001: block 0xother has height 7, which line 2993 gives to block 0x0007",
        ),
        (
            "{\"stateRoot\":\"0x0009\",\"height\":7000}\n{\"stateRoot\":\"0xother\",\"height\":7}\n",
            "line 3001: block 0x0009 has height 7000, but line 2991 gives it height 9",
        ),
    ] {
        let env = TestEnv::empty();
        env.run(&["--create", "block", "put", "-"])
            .write_stdin(format!("{lines}{extra}"))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
        assert!(!env.db.exists(), "a refused input created the store");
        let left: Vec<_> = std::fs::read_dir(env.db.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("storectl"))
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}
