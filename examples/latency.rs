//! Workbench responsiveness on a corpus: time to the first frame (loading the files and
//! drawing, as the workbench does before the model has run), then, with the model's
//! results in place, the time from each key to its new frame (update plus drawing
//! through the real crossterm backend into memory), p50 / p99 / max. Finder searches
//! and sidebar filters run a slice per frame between keys, as in the workbench; the
//! slowest of those frames and the longest wait for complete results are reported too.
//!
//! Then the same for following the most mentioned entity through the corpus: opening
//! its concordance (`w`), moving in it, filtering it, opening a mention (Enter), and
//! stepping with `.` and `,` across documents.
//!
//!     cargo run --release --example latency -- FOLDER [KEYS]
//!
//! The model uses the analysis cache as the workbench does (see the README); set
//! PARALLAX_NO_CACHE=1 to time it cold.
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parallax::tui::keymap::Keymap;
use parallax::tui::keys::parse_sequence;
use parallax::tui::state::App;
use parallax::tui::theme::Theme;
use parallax::tui::{update, view};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

struct Sink;

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What an analyst does: read, page, switch panes and documents, walk the comparison
/// and the sidebar (filtering it too), search, tag.
const SCRIPT: &str = "<Down> <Down> <PageDown> <Tab> <Down> n <PageDown> c <Down> <Down> <Enter> \
    <Down> <PageDown> e f k i m <Enter> <Down> <Enter> f <Esc> e <Down> <Down> <Enter> \
    . . , a <End> <Home> p / m i n <Esc> c <Down> 1 u s s t t z z <Up> <PageUp>";

/// Following the most mentioned entity: its concordance opened, walked, filtered and
/// left for a mention; `.` and `,` across documents.
const FOLLOW_SCRIPT: &str = "w <Down> <Down> <PageDown> <Down> <PageDown> <PageDown> <Up> <PageUp> <Enter> \
    . . . , w <PageDown> <PageDown> <PageDown> <Enter> . , , w s a i d <Down> <Enter> . w <Esc>";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let folder = std::path::PathBuf::from(args.next().expect("usage: latency FOLDER [KEYS]"));
    let keys: usize = args
        .next()
        .map_or(2000, |k| k.parse().expect("KEYS is a number"));
    let size = Rect::new(0, 0, 140, 45);
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(Sink),
        TerminalOptions {
            viewport: Viewport::Fixed(size),
        },
    )
    .unwrap();

    let start = Instant::now();
    let corpus = Arc::new(parallax::corpus::load(&[folder]));
    let loaded = start.elapsed();
    let mut app = App::new(
        corpus.clone(),
        Keymap::default_keymap(),
        Theme::colored(),
        size,
    );
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    let first_frame = start.elapsed();

    let t = Instant::now();
    // As the workbench does: the cache the environment names (PARALLAX_CACHE_DIR,
    // PARALLAX_NO_CACHE), so a second run shows the warm start.
    let cache = parallax::cache::Cache::from_env();
    let analysis = Arc::new(parallax::model::analyze_cached(
        &corpus,
        cache.as_ref(),
        &mut |_| {},
    ));
    let model = t.elapsed();
    let t = Instant::now();
    app.set_analysis(analysis);
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    let results_shown = t.elapsed();

    let script = parse_sequence(SCRIPT).unwrap();
    let mut times = Vec::with_capacity(keys);
    let mut slowest = (Duration::ZERO, String::new());
    let mut slowest_tick = Duration::ZERO;
    let mut slowest_settled = (Duration::ZERO, String::new());
    for i in 0..keys {
        let key = script[i % script.len()];
        let t = Instant::now();
        update::handle_key(&mut app, key);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
        let took = t.elapsed();
        // As the run loop does before the next key: carry on a search (finder, sidebar
        // filter) a slice per frame until its results are complete.
        while update::busy(&app) {
            let s = Instant::now();
            update::tick(&mut app);
            terminal.draw(|f| view::draw(f, &app)).unwrap();
            slowest_tick = slowest_tick.max(s.elapsed());
        }
        let settled = t.elapsed();
        if settled > slowest_settled.0 {
            slowest_settled = (settled, key.to_string());
        }
        if took > slowest.0 {
            slowest = (took, key.to_string());
        }
        times.push(took);
        if app.quit {
            app.quit = false;
        }
    }
    times.sort();
    let follow = follow_the_most_mentioned(&mut app, &mut terminal, keys / 2);
    println!(
        "{} documents, {} words: loaded in {:.0} ms, first frame at {:.0} ms; model {:.2} s, results on screen in {:.0} ms",
        corpus.documents.len(),
        corpus
            .documents
            .iter()
            .map(|d| d.word_count())
            .sum::<usize>(),
        loaded.as_secs_f64() * 1000.0,
        first_frame.as_secs_f64() * 1000.0,
        model.as_secs_f64(),
        results_shown.as_secs_f64() * 1000.0,
    );
    println!(
        "key to frame over {keys} keys: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (key {})",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0,
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1
    );
    println!(
        "searches (finder, sidebar filter): longest frame between keys {:.2} ms; longest from a key to complete results {:.0} ms (key {})",
        slowest_tick.as_secs_f64() * 1000.0,
        slowest_settled.0.as_secs_f64() * 1000.0,
        slowest_settled.1
    );
    println!("{follow}");
}

/// Times the keys of FOLLOW_SCRIPT on the most mentioned entity, `keys` of them.
fn follow_the_most_mentioned(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Sink>>,
    keys: usize,
) -> String {
    use parallax::tui::state::{Area, Followed, Overlay};
    let Some(analysis) = app.analysis.clone() else {
        return String::new();
    };
    let Some(entity) =
        (0..analysis.entities.len()).max_by_key(|&e| analysis.entities[e].mentions.len())
    else {
        return String::new();
    };
    let mentions = analysis.entities[entity].mentions.len();
    let documents = app.index.as_ref().map_or(0, |ix| ix.document_count(entity));
    app.overlay = Overlay::None;
    app.area = Area::Panes;
    app.followed = Some(Followed::Entity(entity));
    // Building the concordance alone, as `w` does.
    let t = Instant::now();
    let built = parallax::tui::concordance::Concordance::new(
        &app.corpus,
        &analysis,
        Followed::Entity(entity),
        0,
        0,
    );
    let build = t.elapsed();
    drop(built);
    let script = parse_sequence(FOLLOW_SCRIPT).unwrap();
    let mut times = Vec::with_capacity(keys);
    let mut opens = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut slowest_settled = Duration::ZERO;
    for i in 0..keys {
        let key = script[i % script.len()];
        let t = Instant::now();
        update::handle_key(app, key);
        terminal.draw(|f| view::draw(f, app)).unwrap();
        let took = t.elapsed();
        while update::busy(app) {
            update::tick(app);
            terminal.draw(|f| view::draw(f, app)).unwrap();
        }
        slowest_settled = slowest_settled.max(t.elapsed());
        if key.to_string() == "w" {
            opens.push(took);
        }
        if took > slowest.0 {
            slowest = (took, key.to_string());
        }
        times.push(took);
    }
    times.sort();
    opens.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "following the most mentioned entity ({} mentions in {} documents): concordance built in {:.2} ms; \
         key to frame over {keys} keys: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (key {}); \
         opening it ({} times): p50 {:.2} ms, max {:.2} ms; filter complete within {:.0} ms",
        mentions,
        documents,
        ms(build),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(slowest.0),
        slowest.1,
        opens.len(),
        ms(percentile(&opens, 0.5)),
        ms(opens.last().copied().unwrap_or_default()),
        ms(slowest_settled),
    )
}
