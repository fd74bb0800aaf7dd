//! Every command in every output mode (`-o table|json|ndjson|plain`):
//! JSON parses, NDJSON parses line by line, plain has no table drawing.
//! The list is checked against the CLI's own command tree, so a new
//! command cannot skip a mode.

mod common;

use clap::CommandFactory;
use common::TestEnv;
use storectl::cli::Cli;

/// One invocation per leaf command (its path first), with what it needs.
fn invocations(env: &TestEnv) -> Vec<Vec<String>> {
    let batch = env.file(
        "ops.ndjson",
        "{\"type\":\"put\",\"key\":\"b1\",\"value\":1}\n",
    );
    let dump = env.path("out.dump");
    let import = env.file("in.ndjson", "{\"key\":\"imported\",\"value\":{\"x\":1}}\n");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let table = std::fs::read_dir(&env.db)
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "ldb"))
        })
        .unwrap_or_else(|| env.db.join("000000.ldb"));
    vec![
        s(&["inspect", "manifest"]),
        s(&["inspect", "log"]),
        s(&["inspect", "table", table.to_str().unwrap(), "--entries"]),
        s(&["find", "k1"]),
        s(&["salvage", "--dry-run"]),
        s(&["metrics"]),
        s(&["follow", "--from-start", "--idle-exit", "0.3"]),
        s(&["checkpoint", env.path("ckpt").to_str().unwrap()]),
        s(&["backup", "create", env.path("repo").to_str().unwrap()]),
        s(&["backup", "list", env.path("repo").to_str().unwrap()]),
        s(&["backup", "verify", env.path("repo").to_str().unwrap()]),
        s(&[
            "backup",
            "restore",
            env.path("repo").to_str().unwrap(),
            "1",
            env.path("restored").to_str().unwrap(),
        ]),
        s(&["backup", "create", env.path("repo").to_str().unwrap()]),
        s(&["backup", "delete", env.path("repo").to_str().unwrap(), "2"]),
        s(&[
            "backup",
            "prune",
            env.path("repo").to_str().unwrap(),
            "--keep",
            "1",
        ]),
        s(&["diff", env.db.to_str().unwrap()]),
        s(&["bisect", env.db.to_str().unwrap()]),
        s(&["block", "rewind", "--to", "1", "--dry-run"]),
        s(&["get", "k1"]),
        s(&["put", "k2", "{\"a\":1}"]),
        s(&["delete", "k2"]),
        s(&["scan"]),
        s(&["batch", batch.to_str().unwrap()]),
        s(&["block", "get", "--height", "1"]),
        s(&["block", "latest"]),
        s(&["block", "list"]),
        s(&["block", "put", "{\"stateRoot\":\"0x3\",\"height\":3}"]),
        s(&["state", "get", "m1"]),
        s(&["state", "list"]),
        s(&["state", "roots"]),
        s(&["state", "put", "m2", "{\"stateRoot\":\"0x22\"}"]),
        s(&["snapshot", "create", "--all", "--id", "s2"]),
        s(&["snapshot", "list"]),
        s(&["snapshot", "show", "s1", "--data"]),
        s(&["snapshot", "chain", "s1"]),
        s(&["snapshot", "diff", "s1", "s2"]),
        s(&["snapshot", "restore", "s1", "--dry-run"]),
        s(&["snapshot", "delete", "s2"]),
        s(&["verify"]),
        s(&["compact"]),
        s(&["stats"]),
        s(&["hash"]),
        s(&["prune", "--blocks-below", "1", "--dry-run"]),
        s(&["export", dump.to_str().unwrap(), "--force"]),
        s(&["import", "--merge", import.to_str().unwrap()]),
    ]
}

fn leaf_paths(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands() {
        let path = format!("{prefix}{}", sub.get_name());
        if sub.has_subcommands() {
            leaf_paths(sub, &format!("{path} "), out);
        } else {
            out.push(path);
        }
    }
}

fn seeded() -> TestEnv {
    let env = TestEnv::new();
    env.run(&["put", "k1", "{\"v\":1}"]).assert().success();
    let blocks = "{\"stateRoot\":\"0x1\",\"height\":1,\"timestamp\":1700000000000}\n{\"stateRoot\":\"0x2\",\"height\":2}\n";
    env.run(&["block", "put", "-"])
        .write_stdin(blocks)
        .assert()
        .success();
    env.run(&[
        "state",
        "put",
        "m1",
        "{\"stateRoot\":\"0x11\",\"machineId\":\"m1\"}",
    ])
    .assert()
    .success();
    env.run(&["snapshot", "create", "--all", "--id", "s1"])
        .assert()
        .success();
    env
}

#[test]
fn every_command_has_every_output_mode() {
    let probe = TestEnv::empty();
    let listed: Vec<String> = invocations(&probe)
        .iter()
        .map(|inv| {
            let n =
                if ["block", "state", "snapshot", "inspect", "backup"].contains(&inv[0].as_str()) {
                    2
                } else {
                    1
                };
            inv[..n].join(" ")
        })
        .collect();
    let mut leaves = Vec::new();
    leaf_paths(&Cli::command(), "", &mut leaves);
    for leaf in leaves {
        // browse is interactive (exit 2 without a terminal): `-o` sets how
        // `Y` copies a value, checked per mode in tests/browse.rs.
        if leaf == "completions" || leaf == "browse" || leaf.ends_with("help") {
            continue;
        }
        assert!(
            listed.contains(&leaf),
            "`{leaf}` is missing from the output-mode matrix"
        );
    }
    for mode in ["table", "json", "ndjson", "plain"] {
        let env = seeded();
        for inv in invocations(&env) {
            let mut args: Vec<&str> = inv.iter().map(String::as_str).collect();
            args.extend(["-o", mode]);
            let out = env.run(&args).output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let code = out.status.code();
            let ok_codes = if args[0] == "snapshot" && args[1] == "diff" {
                [Some(0), Some(5)]
            } else {
                [Some(0), Some(0)]
            };
            assert!(
                ok_codes.contains(&code),
                "{args:?}: exit {code:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            match mode {
                "json" if !stdout.trim().is_empty() => {
                    serde_json::from_str::<serde_json::Value>(&stdout).unwrap_or_else(|e| {
                        panic!("{args:?}: not one JSON document ({e}): {stdout}")
                    });
                }
                "ndjson" => {
                    for line in stdout.lines().filter(|l| !l.is_empty()) {
                        serde_json::from_str::<serde_json::Value>(line)
                            .unwrap_or_else(|e| panic!("{args:?}: not NDJSON ({e}): {line}"));
                    }
                }
                "plain" => assert!(
                    !stdout.contains(['│', '┌', '╞', '└']),
                    "{args:?}: plain output draws a table: {stdout}"
                ),
                _ => {}
            }
        }
    }
}
