//! `metrics`: the exposition validated by Prometheus's own checker, and the
//! HTTP server scraped by a real client while a C++ writer adds blocks.

mod common;

use common::{seed_store, Helper, TestEnv};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// `promtool check metrics` on `text`; `None` when promtool is missing.
fn promtool(text: &str) -> Option<(bool, String)> {
    let mut child = match Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            eprintln!("skipped the promtool check: install promtool (Debian package prometheus)");
            return None;
        }
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.success() && said.trim().is_empty(), said))
}

fn value(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

#[test]
fn the_exposition_passes_promtool_for_empty_seed_and_damaged_stores() {
    let empty = TestEnv::new();
    let seed = seed_store();
    for env in [&empty, &seed] {
        let text = env.stdout(&["metrics"]);
        assert_eq!(value(&text, "storectl_up"), Some(1.0));
        if let Some((ok, said)) = promtool(&text) {
            assert!(ok, "promtool: {said}\n{text}");
        }
    }
    let text = seed.stdout(&["metrics", "--verify"]);
    assert_eq!(value(&text, "storectl_latest_height"), Some(1199.0));
    assert!(
        text.contains("storectl_keys{category=\"block\"} 1200"),
        "{text}"
    );
    assert!(text.contains("storectl_verify_findings{check=\"blocks\"} 0"));
    // A damaged store: storectl_up 0, still a valid exposition, exit 1.
    let table = std::fs::read_dir(&seed.db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ldb"))
        .unwrap();
    std::fs::write(&table, b"").unwrap();
    let out = seed.run(&["metrics"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(value(&text, "storectl_up"), Some(0.0));
    if let Some((ok, said)) = promtool(&text) {
        assert!(ok, "promtool: {said}");
    }
    // The textfile is written whole.
    let path = seed.path("storectl.prom");
    seed.run(&["metrics", "--textfile", path.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        value(&std::fs::read_to_string(&path).unwrap(), "storectl_up"),
        Some(0.0)
    );
}

fn scrape(port: u16, path: &str) -> (u16, String) {
    let script = "import sys,urllib.request,urllib.error\ntry:\n r=urllib.request.urlopen(sys.argv[1],timeout=10); print(r.status); print(r.read().decode(),end='')\nexcept urllib.error.HTTPError as e:\n print(e.code)";
    let out = Command::new("python3")
        .args(["-c", script, &format!("http://127.0.0.1:{port}{path}")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let (status, body) = text.split_once('\n').unwrap_or((&text, ""));
    (status.trim().parse().unwrap(), body.to_string())
}

#[test]
fn the_server_follows_a_live_writer_and_stops_on_sigterm() {
    let env = TestEnv::empty();
    let writer = Helper::start(&[
        support("differential.py").to_str().unwrap(),
        "chain",
        env.db.to_str().unwrap(),
    ]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut server = Command::new(assert_cmd::cargo::cargo_bin("storectl"))
        .arg("--db")
        .arg(&env.db)
        .args(["metrics", "--listen", "127.0.0.1:0", "--interval", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut announce = String::new();
    stderr.read_line(&mut announce).unwrap();
    let port: u16 = announce
        .trim()
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches("/metrics")
        .parse()
        .unwrap();
    let mut heights = Vec::new();
    for _ in 0..4 {
        let (status, body) = scrape(port, "/metrics");
        assert_eq!(status, 200);
        assert_eq!(value(&body, "storectl_up"), Some(1.0), "{body}");
        heights.push(value(&body, "storectl_latest_height").unwrap());
        assert!(value(&body, "storectl_latest_block_age_seconds").unwrap() < 60.0);
        std::thread::sleep(std::time::Duration::from_millis(400));
    }
    assert!(
        heights.windows(2).all(|w| w[0] <= w[1]) && heights[3] > heights[0],
        "{heights:?}"
    );
    assert_eq!(scrape(port, "/other").0, 404);
    // Stop the writer; the next scrape agrees with stats on the same store.
    writer.stop();
    let (_, body) = scrape(port, "/metrics");
    let stats: serde_json::Value =
        serde_json::from_str(&env.stdout(&["stats", "-o", "json"])).unwrap();
    assert_eq!(
        value(&body, "storectl_latest_height"),
        stats["maxHeight"].as_f64()
    );
    assert!(body.contains(&format!(
        "storectl_keys{{category=\"block\"}} {}",
        stats["categories"]["block"]["keys"]
    )));
    unsafe { libc::kill(server.id() as libc::pid_t, libc::SIGTERM) };
    let status = server.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "the server exits cleanly on SIGTERM"
    );
}

#[test]
fn fast_estimates_category_counts_close_to_the_exact_scan() {
    let seed = seed_store();
    let exact = seed.stdout(&["metrics"]);
    let fast = seed.stdout(&["metrics", "--fast"]);
    assert!(fast.contains("estimated from table indexes"), "{fast}");
    let mut compared = 0;
    for category in [
        "block",
        "height",
        "state",
        "stateSubKey",
        "root",
        "snapshot",
        "other",
    ] {
        for family in ["storectl_keys", "storectl_value_bytes"] {
            let name = format!("{family}{{category=\"{category}\"}}");
            let want = value(&exact, &name).unwrap();
            let got = value(&fast, &name).unwrap();
            if want == 0.0 {
                assert_eq!(got, 0.0, "{name}: estimated {got} for an empty category");
            } else {
                compared += 1;
                let error = (got - want).abs() / want;
                assert!(error < 0.25, "{name}: estimated {got}, exact {want}");
            }
        }
    }
    assert!(compared >= 6, "the seed store fills several categories");
    if let Some((ok, said)) = promtool(&fast) {
        assert!(ok, "promtool: {said}");
    }
}
