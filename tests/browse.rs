//! `browse`: the browser's behaviour driven key by key through the library
//! (no terminal), golden screens rendered with ratatui's test backend, and
//! the paging checked against `storectl scan` on real stores.
//! Regenerate the golden screens with `STORECTL_BLESS=1 cargo test --test browse`.

mod common;

use common::{browse_fixture, decode_ndjson, files_of, Helper, TestEnv};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::Path;
use storectl::cli::browse::app::{App, Prompt};
use storectl::cli::browse::render;
use storectl::cli::output::OutputFormat;
use storectl::model::stats::Category;
use storectl::store::Namespace;

fn open(env: &TestEnv) -> App {
    let mut app = App::open(&env.db, Namespace::prefixed(""), OutputFormat::Json).unwrap();
    app.set_label("fixture-db");
    app.wait_counts();
    app
}

/// Presses keys given by name: `j`, `Enter`, `PgDn`, or text typed char by char (`"text:abc"`).
fn press(app: &mut App, keys: &[&str]) {
    for name in keys {
        let code = match *name {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "Down" => KeyCode::Down,
            "Up" => KeyCode::Up,
            "PgDn" => KeyCode::PageDown,
            "PgUp" => KeyCode::PageUp,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Backspace" => KeyCode::Backspace,
            text if text.starts_with("text:") => {
                for c in text["text:".len()..].chars() {
                    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
                continue;
            }
            one => KeyCode::Char(one.chars().next().unwrap()),
        };
        app.key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// Renders the app on a `width`×`height` test terminal; the screen as text.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    app.fit(render::list_rows(Rect::new(0, 0, width, height)));
    terminal.draw(|f| render::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/browse")
        .join(format!("{name}.txt"));
    if std::env::var_os("STORECTL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "screen {name} differs from {} (STORECTL_BLESS=1 regenerates):\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

fn selected_key(app: &App) -> String {
    String::from_utf8_lossy(&app.window.current().expect("a selected row").key).into_owned()
}

fn selected_value(app: &App) -> String {
    String::from_utf8_lossy(&app.window.current().expect("a selected row").value).into_owned()
}

#[test]
fn golden_main_view() {
    let env = browse_fixture(40);
    let mut app = open(&env);
    press(&mut app, &["j", "j"]);
    golden("main", &screen(&mut app, 110, 20));
}

#[test]
fn golden_narrow_views() {
    let env = browse_fixture(40);
    let mut app = open(&env);
    golden("narrow-60x12", &screen(&mut app, 60, 12));
    golden("tiny-40x10", &screen(&mut app, 40, 10));
}

#[test]
fn golden_help_view() {
    let env = browse_fixture(40);
    let mut app = open(&env);
    press(&mut app, &["?"]);
    golden("help", &screen(&mut app, 100, 26));
    press(&mut app, &["Esc"]);
    assert!(
        app.overlay.is_none() && !app.quit,
        "Esc closes the help, not the browser"
    );
}

#[test]
fn golden_snapshot_chain_view() {
    let env = browse_fixture(40);
    let mut app = open(&env);
    press(&mut app, &["6", "j", "Enter"]);
    assert_eq!(app.filters[app.filter].name, "snapshot");
    let shown = screen(&mut app, 100, 20);
    assert!(shown.contains("chain of snapshot s2"), "{shown}");
    assert!(shown.contains("↳ s1"), "{shown}");
    assert!(shown.contains("deleted state:beta"), "{shown}");
    golden("snapshot-chain", &shown);
}

#[test]
fn golden_search_prompt() {
    let env = browse_fixture(40);
    let mut app = open(&env);
    press(&mut app, &["/", "text:root:"]);
    golden("search", &screen(&mut app, 100, 14));
}

/// The keys of one category as `storectl scan` lists them.
fn scan_keys(env: &TestEnv, category: Option<&str>) -> Vec<Vec<u8>> {
    let all = decode_ndjson(&env.stdout(&["scan", "-o", "ndjson"]));
    all.into_iter()
        .map(|(k, _)| k)
        .filter(|k| match category {
            None => true,
            Some("state") => matches!(Category::of(k), Category::State | Category::StateSubKey),
            Some(name) => Category::of(k).name() == name,
        })
        .collect()
}

/// The selected keys while pressing `key` until the selection stops moving.
fn walk(app: &mut App, key: &str) -> Vec<Vec<u8>> {
    let mut seen = vec![app.window.current().unwrap().key.clone()];
    loop {
        press(app, &[key]);
        let next = app.window.current().unwrap().key.clone();
        if Some(&next) == seen.last() {
            return seen;
        }
        seen.push(next);
    }
}

#[test]
fn paging_visits_every_key_in_scan_order_in_every_category() {
    let env = browse_fixture(120);
    let mut app = open(&env);
    app.fit(7);
    for (index, name) in [
        "all", "block", "height", "state", "root", "snapshot", "other",
    ]
    .iter()
    .enumerate()
    {
        let expected = scan_keys(&env, (*name != "all").then_some(*name));
        press(&mut app, &[&(index + 1).to_string()]);
        assert_eq!(app.filters[app.filter].name, *name);

        // One key at a time, down.
        let seen = walk(&mut app, "j");
        assert_eq!(seen, expected, "{name}: j walks every key in order");
        assert_eq!(
            app.position_text(),
            format!("{} of {}", expected.len(), expected.len())
        );

        // One key at a time, up from the end.
        press(&mut app, &["End"]);
        let mut back = walk(&mut app, "k");
        assert_eq!(app.position_text(), format!("1 of {}", expected.len()));
        back.reverse();
        assert_eq!(back, expected, "{name}: k walks every key back");

        // Page by page: every page is a run of consecutive keys, and the
        // pages reach the last key.
        press(&mut app, &["Home"]);
        let mut last_page = Vec::new();
        for _ in 0..expected.len() {
            let page: Vec<Vec<u8>> = app.window.rows.iter().map(|r| r.key.clone()).collect();
            let at = expected.iter().position(|k| *k == page[0]).unwrap();
            assert_eq!(
                page,
                expected[at..at + page.len()],
                "{name}: a page is a run"
            );
            assert_eq!(page.len(), expected.len().min(7), "{name}: pages are full");
            let selected = app.window.current().unwrap().key.clone();
            let index = expected.iter().position(|k| *k == selected).unwrap();
            assert_eq!(
                app.position_text(),
                format!("{} of {}", index + 1, expected.len()),
                "{name}: the position follows the pages"
            );
            if page == last_page {
                break;
            }
            last_page = page;
            press(&mut app, &["PgDn"]);
        }
        assert_eq!(
            last_page.last(),
            expected.last(),
            "{name}: PgDn reaches the end"
        );
        for _ in 0..expected.len() {
            press(&mut app, &["PgUp"]);
        }
        assert_eq!(
            app.window.rows[0].key, expected[0],
            "{name}: PgUp reaches the top"
        );
        let selected = app.window.current().unwrap().key.clone();
        let index = expected.iter().position(|k| *k == selected).unwrap();
        assert_eq!(
            app.position_text(),
            format!("{} of {}", index + 1, expected.len()),
            "{name}: the position follows PgUp"
        );
    }
}

#[test]
fn category_counts_match_stats() {
    let env = browse_fixture(60);
    let app = open(&env);
    let stats: serde_json::Value =
        serde_json::from_str(&env.stdout(&["stats", "-o", "json"])).unwrap();
    let keys = |c: &str| stats["categories"][c]["keys"].as_u64().unwrap();
    let expect = [
        (
            "all",
            Category::ALL.iter().map(|c| keys(c.name())).sum::<u64>(),
        ),
        ("block", keys("block")),
        ("height", keys("height")),
        ("state", keys("state") + keys("stateSubKey")),
        ("root", keys("root")),
        ("snapshot", keys("snapshot")),
        ("other", keys("other")),
    ];
    for (i, (name, n)) in expect.iter().enumerate() {
        assert_eq!(app.filters[i].name, *name);
        assert_eq!(app.filter_count(i), Some((*n, false)), "{name}");
    }
    assert_eq!(expect[1].1, 60);
    assert_eq!(expect[6].1, 2, "config:network and the binary key");
}

#[test]
fn enter_follows_height_to_block_to_root_to_state_and_b_goes_back() {
    let env = browse_fixture(30);
    let mut app = open(&env);
    press(&mut app, &["/", "text:height:17", "Enter"]);
    assert_eq!(selected_key(&app), "height:17");
    let hash = serde_json::from_str::<String>(&selected_value(&app)).unwrap();
    press(&mut app, &["Enter"]);
    assert_eq!(selected_key(&app), format!("block:{hash}"));
    assert!(selected_value(&app).contains("\"height\":17"));
    press(&mut app, &["Enter"]);
    assert_eq!(selected_key(&app), format!("root:{hash}"));
    press(&mut app, &["Enter"]);
    assert_eq!(selected_key(&app), "state:gamma", "17 % 3 == 2: gamma");
    let state_root: serde_json::Value = serde_json::from_str(&selected_value(&app)).unwrap();
    press(&mut app, &["Enter"]);
    assert_eq!(
        selected_key(&app),
        format!("root:{}", state_root["stateRoot"].as_str().unwrap())
    );
    press(&mut app, &["b", "b", "b", "b"]);
    assert_eq!(selected_key(&app), "height:17");
    assert!(app.message.is_none());
}

#[test]
fn g_goes_to_the_block_at_a_height_and_says_when_there_is_none() {
    let env = browse_fixture(30);
    let mut app = open(&env);
    press(&mut app, &["g", "text:21", "Enter"]);
    assert!(app.prompt.is_none());
    assert!(selected_key(&app).starts_with("block:0x"));
    assert!(
        selected_value(&app).contains("\"height\":21,"),
        "{}",
        selected_value(&app)
    );
    assert_eq!(
        app.filters[app.filter].name, "all",
        "the block is in the shown category"
    );
    press(&mut app, &["3", "g", "text:21", "Enter"]);
    assert_eq!(
        app.filters[app.filter].name, "block",
        "moves to the block category"
    );
    let before = selected_key(&app);
    press(&mut app, &["g", "text:999", "Enter"]);
    let (message, _) = app.message.clone().expect("a message");
    assert!(message.contains("no block at height 999"), "{message}");
    assert_eq!(selected_key(&app), before, "stays where it was");
}

#[test]
fn a_block_whose_root_is_missing_is_reported_not_hidden() {
    let env = browse_fixture(10);
    let mut app = open(&env);
    press(&mut app, &["g", "text:4", "Enter"]);
    let hash = selected_key(&app)["block:".len()..].to_string();
    env.run(&["delete", &format!("root:{hash}")])
        .assert()
        .success();
    press(&mut app, &["r", "Enter"]);
    let (message, is_error) = app.message.clone().expect("a message");
    assert!(
        is_error && message.contains(&format!("root:{hash}")),
        "{message}"
    );
    assert!(message.contains("is not in the store"), "{message}");
}

#[test]
fn search_seeks_as_you_type_and_esc_returns() {
    let env = browse_fixture(30);
    let mut app = open(&env);
    press(&mut app, &["2", "j", "j"]);
    let origin = selected_key(&app);
    press(&mut app, &["/", "text:state:b"]);
    assert!(matches!(app.prompt, Some(Prompt::Search { .. })));
    assert_eq!(
        app.filters[app.filter].name, "all",
        "block cannot hold state: keys"
    );
    assert_eq!(selected_key(&app), "state:beta");
    press(&mut app, &["text:eta:o"]);
    assert_eq!(selected_key(&app), "state:beta:owner");
    press(
        &mut app,
        &["Backspace", "Backspace", "Backspace", "Backspace"],
    );
    assert_eq!(selected_key(&app), "state:beta");
    press(&mut app, &["text:zzz"]);
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .0
        .contains("no key starts with state:bezzz"));
    press(&mut app, &["Esc"]);
    assert!(app.prompt.is_none());
    assert_eq!(app.filters[app.filter].name, "block");
    assert_eq!(selected_key(&app), origin);
}

#[test]
fn copies_print_the_key_and_value_as_the_cli_does() {
    let env = browse_fixture(10);
    let mut app = open(&env);
    press(&mut app, &["/", "text:config:", "Enter", "y", "Y"]);
    let get = env.stdout(&["get", "config:network", "-o", "json"]);
    assert_eq!(
        app.yanked,
        vec!["config:network".to_string(), get.trim_end().to_string()]
    );
    // The binary key is copied as hex for --hex, its bytes as {"raw": ...}.
    press(&mut app, &["End", "y", "Y"]);
    assert_eq!(app.yanked[2], "ff006b6579 (hex, for --hex)");
    let get = env.stdout(&["--hex", "get", "ff006b6579", "-o", "json"]);
    assert_eq!(app.yanked[3], get.trim_end());
}

#[test]
fn tiny_and_resized_terminals_never_panic() {
    let env = browse_fixture(30);
    let mut app = open(&env);
    let sizes = [
        (1, 1),
        (2, 2),
        (10, 3),
        (40, 10),
        (49, 8),
        (79, 24),
        (200, 60),
        (40, 10),
    ];
    for keys in [
        &[][..],
        &["?"],
        &["Esc", "6", "Enter"],
        &["Esc", "/", "text:x"],
    ] {
        press(&mut app, keys);
        for (w, h) in sizes {
            let shown = screen(&mut app, w, h);
            assert_eq!(shown.lines().count(), h as usize);
        }
    }
    press(&mut app, &["Esc", "1", "End"]);
    let key = selected_key(&app);
    screen(&mut app, 40, 10);
    screen(&mut app, 120, 40);
    assert_eq!(selected_key(&app), key, "a resize keeps the selected key");
}

#[test]
fn browsing_never_writes_to_the_store() {
    let env = browse_fixture(30);
    let before = files_of(&env.db);
    let mut app = open(&env);
    press(
        &mut app,
        &[
            "PgDn",
            "End",
            "Home",
            "/",
            "text:height:",
            "Enter",
            "Enter",
            "Enter",
            "r",
            "g",
            "text:5",
            "Enter",
            "6",
            "Enter",
            "Esc",
            "q",
        ],
    );
    assert!(app.quit);
    drop(app);
    assert_eq!(
        files_of(&env.db),
        before,
        "every file byte-identical, none added"
    );
}

#[test]
fn a_deep_or_binary_value_is_shown_losslessly() {
    let env = browse_fixture(5);
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    env.run(&["put", "config:deep", &deep]).assert().success();
    let mut app = open(&env);
    press(&mut app, &["/", "text:config:deep", "Enter"]);
    let shown = screen(&mut app, 100, 20);
    assert!(shown.contains("value · 400 bytes · JSON"), "{shown}");
    assert!(!shown.contains("null"), "{shown}");
    press(&mut app, &["End"]);
    let shown = screen(&mut app, 100, 20);
    assert!(shown.contains("bytes, not UTF-8"), "{shown}");
    assert!(shown.contains("00000000  00 01 02 ff"), "{shown}");
    assert!(shown.contains("\\xff\\x00key"), "{shown}");
}

#[test]
fn the_readme_shows_the_current_main_view() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let main = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/browse/main.txt"),
    )
    .unwrap();
    assert!(
        readme.contains(&format!("```text\n{main}```")),
        "README.md's browse capture is not tests/golden/browse/main.txt: copy it over"
    );
}

#[test]
fn every_key_binding_is_documented() {
    let commands =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/commands.md"))
            .unwrap();
    let man = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man/storectl-browse.1"),
    )
    .unwrap();
    let section = &commands[commands.find("## browse").expect("a browse section")..];
    for key in [
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "Tab",
        "Shift-Tab",
        "Enter",
        "Esc",
        "Ctrl-C",
        "/",
        "g",
        "b",
        "y",
        "Y",
        "r",
        "?",
        "q",
        "j",
        "k",
        "h",
        "l",
        "1",
        "7",
        "Backspace",
    ] {
        assert!(
            section.contains(&format!("`{key}`")),
            "docs/commands.md lacks {key}"
        );
    }
    for line in storectl::cli::browse::KEY_BINDINGS.lines().skip(1) {
        let line = line.trim().replace('-', "\\-");
        assert!(man.contains(&line), "the man page lacks {line:?}");
    }
}

#[test]
fn y_copies_the_value_as_get_prints_it_in_every_output_mode() {
    let env = browse_fixture(5);
    env.run(&["put", "height:99", "\"0xabc\""])
        .assert()
        .success();
    for (mode, format) in [
        ("table", OutputFormat::Table),
        ("json", OutputFormat::Json),
        ("ndjson", OutputFormat::Ndjson),
        ("plain", OutputFormat::Plain),
    ] {
        let mut app = App::open(&env.db, Namespace::prefixed(""), format).unwrap();
        for key in ["config:network", "height:99", "state:alpha"] {
            press(&mut app, &["/", &format!("text:{key}"), "Enter", "Y"]);
            let get = env.stdout(&["get", key, "-o", mode]);
            let copied = app.yanked.last().unwrap();
            if mode == "ndjson" {
                // `get -o ndjson` prints the record; `Y` copies the value.
                let record: serde_json::Value = serde_json::from_str(&get).unwrap();
                assert_eq!(
                    serde_json::from_str::<serde_json::Value>(copied).unwrap(),
                    record["value"]
                );
            } else {
                assert_eq!(copied, get.trim_end_matches('\n'), "{mode} {key}");
            }
        }
    }
}

#[test]
fn a_damaged_table_is_an_error_on_screen_never_a_shorter_list() {
    let env = browse_fixture(400);
    env.run(&["compact"]).assert().success();
    let table = env
        .files()
        .into_keys()
        .filter(|n| n.ends_with(".ldb"))
        .max_by_key(|n| std::fs::metadata(env.db.join(n)).unwrap().len())
        .expect("the fixture has a table");
    let path = env.db.join(&table);
    // A data block in the middle: the first page still reads.
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 20] {
        *b ^= 0xFF;
    }
    std::fs::write(&path, &bytes).unwrap();
    match App::open(&env.db, Namespace::prefixed(""), OutputFormat::Json) {
        Err(e) => panic!("the first page is readable: {e:#}"),
        Ok(mut app) => {
            app.wait_counts();
            let shown = screen(&mut app, 120, 20);
            assert!(shown.contains("counting failed"), "{shown}");
            assert!(shown.contains(&table), "the file is named: {shown}");
            // Walking the list reaches the damaged block: an error, not an end.
            for _ in 0..2000 {
                press(&mut app, &["PgDn"]);
                if app.message.is_some() {
                    break;
                }
            }
            let (message, is_error) = app.message.clone().expect("an error");
            assert!(is_error && message.contains(&table), "{message}");
        }
    }
}

/// A C++ LevelDB process (plyvel) holding the store open and putting
/// `full key<TAB>value` lines from its stdin, answering `ok` to each.
struct CppWriter(Helper);

impl CppWriter {
    fn start(db: &Path) -> CppWriter {
        let script = "import plyvel,sys\ndb=plyvel.DB(sys.argv[1])\nprint('ready',flush=True)\nfor line in sys.stdin:\n    k,v=line.rstrip('\\n').split('\\t')\n    db.put(k.encode(),v.encode())\n    print('ok',flush=True)\ndb.close()\n";
        CppWriter(Helper::start(&["-c", script, db.to_str().unwrap()]))
    }

    fn put(&mut self, key: &str, value: &str) {
        use std::io::Write;
        let stdin = self.0.child.stdin.as_mut().unwrap();
        writeln!(stdin, ":{key}\t{value}").unwrap();
        stdin.flush().unwrap();
        assert_eq!(self.0.line(), "ok");
    }
}

#[test]
fn browse_works_on_a_store_a_cpp_leveldb_process_holds_and_writes() {
    let env = browse_fixture(30);
    let mut writer = CppWriter::start(&env.db);
    let mut app = open(&env);
    let before = app.filter_count(0).unwrap().0;
    writer.put("config:zz-live", r#"{"live":true}"#);
    // The read view is one moment of the store: the new key is not there...
    press(&mut app, &["/", "text:config:zz", "Enter"]);
    assert_ne!(selected_key(&app), "config:zz-live");
    // ...until `r` takes a new read view.
    press(&mut app, &["r"]);
    app.wait_counts();
    press(&mut app, &["/", "text:config:zz", "Enter"]);
    assert_eq!(selected_key(&app), "config:zz-live");
    assert_eq!(selected_value(&app), r#"{"live":true}"#);
    assert_eq!(app.filter_count(0), Some((before + 1, false)));
    // The owner still holds its lock and keeps writing.
    writer.put("config:zz-after", "1");
}
