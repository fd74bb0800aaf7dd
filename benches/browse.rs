//! `browse` responsiveness on a real store: time to the first frame, and
//! per-keystroke latency (key handling + the read it causes + drawing the
//! frame) for each kind of key, with peak RSS.
//!
//!   cargo bench --bench browse -- DIR        # DIR: a store (e.g. 1M records
//!                                            # made by benches/compare.sh)
//!
//! Frames are drawn on ratatui's test backend (no terminal I/O), so the
//! numbers are the browser's own work; a terminal adds its write time.

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use storectl::cli::browse::app::App;
use storectl::cli::browse::render;
use storectl::cli::output::OutputFormat;
use storectl::store::Namespace;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn frame(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    app.fit(render::list_rows(Rect::new(0, 0, WIDTH, HEIGHT)));
    terminal.draw(|f| render::draw(f, app)).unwrap();
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let Some(dir) = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: cargo bench --bench browse -- STORE_DIR");
        return;
    };
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();

    // Time to the first frame (the read view opened, the first page read
    // and drawn; counts run in the background).
    let mut opens = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let mut app = App::open(&dir, Namespace::prefixed(""), OutputFormat::Table).unwrap();
        frame(&mut terminal, &mut app);
        opens.push(start.elapsed());
    }
    opens.sort();
    println!(
        "| first frame (open + first page + draw) | median {} ms, max {} ms |",
        ms(opens[2]),
        ms(opens[4])
    );

    let mut app = App::open(&dir, Namespace::prefixed(""), OutputFormat::Table).unwrap();
    frame(&mut terminal, &mut app);
    let start = Instant::now();
    app.wait_counts();
    println!(
        "| category counts complete (background) | {} ms |",
        ms(start.elapsed())
    );

    let mut plan: Vec<(&str, Vec<KeyEvent>)> = vec![
        ("j (next key)", vec![key(KeyCode::Char('j')); 300]),
        ("PgDn", vec![key(KeyCode::PageDown); 100]),
        ("End", vec![key(KeyCode::End)]),
        ("k (previous key)", vec![key(KeyCode::Char('k')); 300]),
        ("PgUp", vec![key(KeyCode::PageUp); 100]),
        ("Home", vec![key(KeyCode::Home)]),
    ];
    let mut search = vec![key(KeyCode::Char('/'))];
    search.extend(chars("root:0x8f3"));
    search.push(key(KeyCode::Enter));
    plan.push(("/ search, per typed char", search));
    let mut height = vec![key(KeyCode::Char('g'))];
    height.extend(chars("123456"));
    height.push(key(KeyCode::Enter));
    plan.push(("g height Enter", height));
    plan.push(("Enter (block -> root)", vec![key(KeyCode::Enter)]));
    plan.push(("b (back)", vec![key(KeyCode::Char('b'))]));
    plan.push(("category 1..7", chars("2345671")));
    plan.push(("r (reload)", vec![key(KeyCode::Char('r'))]));

    println!("| key | presses | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|");
    let mut worst = Duration::ZERO;
    for (name, keys) in plan {
        let mut times = Vec::new();
        for k in keys {
            let start = Instant::now();
            app.key(k);
            frame(&mut terminal, &mut app);
            times.push(start.elapsed());
        }
        if let Some((message, true)) = &app.message {
            eprintln!("{name}: {message}");
        }
        times.sort();
        worst = worst.max(*times.last().unwrap());
        println!(
            "| {name} | {} | {} | {} | {} |",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap())
        );
    }
    // SAFETY: getrusage fills the struct passed.
    let rss_kb = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage.ru_maxrss
    };
    println!(
        "\nslowest keystroke {} ms; peak RSS {} MB",
        ms(worst),
        rss_kb / 1024
    );
}
