//! Following an entity or a claim through the whole corpus (issue 22): `.` and `,` walk
//! every mention in corpus order, opening documents the panes do not show; the
//! concordance (`:mentions`) lists them all, filters, and opens one.

mod common;

use common::{app_on, app_with_keymap, corpus_path, press, render, type_text};
use parallax::tui::concordance::Row;
use parallax::tui::keymap::Keymap;
use parallax::tui::state::{App, Area, Followed, Overlay};

fn entity(app: &App, name: &str) -> usize {
    let analysis = app.analysis.as_ref().unwrap();
    analysis
        .entities
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}"))
}

/// (document, start) of every mention of `e`, in corpus order.
fn mentions(app: &App, e: usize) -> Vec<(usize, usize)> {
    let analysis = app.analysis.as_ref().unwrap();
    let mut m: Vec<(usize, usize)> = analysis.entities[e]
        .mentions
        .iter()
        .map(|&m| (analysis.mentions[m].doc, analysis.mentions[m].start))
        .collect();
    m.sort();
    m
}

fn status(app: &App) -> String {
    app.status.clone().map(|s| s.text).unwrap_or_default()
}

fn choose_in_finder(app: &mut App, name: &str) {
    press(app, "/");
    type_text(app, name);
    press(app, "<Enter>");
}

fn concordance(app: &App) -> &parallax::tui::concordance::Concordance {
    match &app.overlay {
        Overlay::Mentions(c) => c,
        other => panic!("the concordance is not open: {other:?}"),
    }
}

#[test]
fn dot_walks_every_mention_in_corpus_order_across_documents() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let e = entity(&app, "Jake Sullivan");
    let all = mentions(&app, e);
    let mut docs: Vec<usize> = all.iter().map(|m| m.0).collect();
    docs.dedup();
    assert!(docs.len() >= 3, "{docs:?}");
    choose_in_finder(&mut app, "Jake Sullivan");
    assert_eq!(app.selected_entity, Some(e));
    // Choosing brought the focused pane (document 1) to his first mention.
    assert_eq!(app.focus, 0);
    assert_eq!(
        (app.panes[0].doc, app.panes[0].mark),
        (all[0].0, Some(all[0].1))
    );
    let n = all.len();
    for step in 1..=n {
        press(&mut app, ".");
        let k = step % n;
        let (doc, start) = all[k];
        let pane = &app.panes[app.focus];
        assert_eq!((pane.doc, pane.mark), (doc, Some(start)), "step {step}");
        let rank = docs.iter().position(|&d| d == doc).unwrap() + 1;
        let mut expected = format!(
            "Jake Sullivan: mention {} of {n} · document {rank} of {}",
            k + 1,
            docs.len()
        );
        if k == 0 {
            expected.push_str(" · from the first again");
        }
        assert_eq!(status(&app), expected);
        // Never the same document twice on screen.
        assert_ne!(app.panes[0].doc, app.panes[1].doc);
    }
    // And back: `,` from the first mention goes round to the last.
    press(&mut app, ",");
    let pane = &app.panes[app.focus];
    assert_eq!((pane.doc, pane.mark), (all[n - 1].0, Some(all[n - 1].1)));
    assert!(
        status(&app).ends_with(" · from the last again"),
        "{}",
        status(&app)
    );
    press(&mut app, ",");
    let pane = &app.panes[app.focus];
    assert_eq!((pane.doc, pane.mark), (all[n - 2].0, Some(all[n - 2].1)));
    assert!(status(&app).starts_with(&format!("Jake Sullivan: mention {} of {n}", n - 1)));
}

#[test]
fn an_entity_named_only_outside_the_panes_is_opened_in_the_focused_pane() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let e = entity(&app, "Volodymyr Zelenskiy");
    let all = mentions(&app, e);
    let (doc, start) = all[0];
    let shown: Vec<usize> = app.panes.iter().map(|p| p.doc).collect();
    assert!(!shown.contains(&doc), "a document outside the panes");
    // Focus the second pane: that one opens it, the first stays.
    press(&mut app, "<Tab>");
    choose_in_finder(&mut app, "Zelenskiy");
    assert_eq!(app.selected_entity, Some(e));
    press(&mut app, ".");
    assert_eq!(app.focus, 1);
    assert_eq!(app.panes[1].doc, doc);
    assert_eq!(app.panes[1].mark, Some(start));
    assert_eq!(app.panes[0].doc, shown[0], "the other pane stays");
    assert_eq!(
        status(&app),
        format!(
            "Volodymyr Zelenskiy: mention 1 of {} · document 1 of 1",
            all.len()
        )
    );
    // The mention is on screen, highlighted as the one the walk is at.
    let screen = render(&app);
    assert!(screen.contains("Zelenskiy"), "{screen}");
}

#[test]
fn the_sidebar_walks_the_corpus_too_and_its_details_count_every_document() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let e = entity(&app, "Chang Ho-jin");
    press(&mut app, "e");
    for _ in 0..30 {
        if app.sidebar.selected_entity() == Some(e) {
            break;
        }
        press(&mut app, "<Down>");
    }
    assert_eq!(app.sidebar.selected_entity(), Some(e));
    // The details list the mentions in every document, most first.
    let screen = render(&app);
    assert!(screen.contains(" 4 in #1 · 2 in #3 · 1 in #2"), "{screen}");
    let all = mentions(&app, e);
    let mut seen = Vec::new();
    for _ in 0..all.len() {
        press(&mut app, ".");
        let pane = &app.panes[app.focus];
        seen.push((pane.doc, pane.mark.unwrap()));
    }
    seen.sort();
    assert_eq!(seen, all, "every mention once, in every document");
    assert_eq!(app.area, Area::Sidebar, "the keyboard stays in the sidebar");
}

#[test]
fn dot_on_a_claim_group_visits_the_sentences_that_state_it() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let analysis = app.analysis.clone().unwrap();
    // The first group the comparison lists that three documents state.
    press(&mut app, "c");
    let g = loop {
        let g = app.comparison.selected_group().unwrap();
        if analysis.group_documents(g).len() >= 3 {
            break g;
        }
        press(&mut app, "<Down>");
    };
    let mut places: Vec<(usize, usize)> = analysis.groups[g]
        .claims
        .iter()
        .map(|&c| (analysis.claims[c].doc, analysis.claims[c].start))
        .collect();
    places.sort();
    let docs = analysis.group_documents(g);
    // From the top of the first document.
    app.panes[0].mark = None;
    app.panes[0].top = 0;
    press(&mut app, "a");
    app.followed = Some(Followed::Group(g));
    for (k, &(doc, start)) in places.iter().enumerate() {
        press(&mut app, ".");
        let pane = &app.panes[app.focus];
        assert_eq!((pane.doc, pane.mark), (doc, Some(start)));
        let rank = docs.iter().position(|&d| d == doc).unwrap() + 1;
        let text = status(&app);
        assert!(
            text.ends_with(&format!(
                ": sentence {} of {} · document {rank} of {}",
                k + 1,
                places.len(),
                docs.len()
            )),
            "{text}"
        );
    }
    // In the comparison, `.` follows the row under the cursor.
    press(&mut app, "c <Down>");
    let other = app.comparison.selected_group().unwrap();
    press(&mut app, ".");
    assert_eq!(app.followed, Some(Followed::Group(other)));
}

#[test]
fn mentions_lists_every_document_that_names_him_and_enter_opens_one() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let e = entity(&app, "Jake Sullivan");
    let all = mentions(&app, e);
    choose_in_finder(&mut app, "Jake Sullivan");
    type_text(&mut app, ":mentions");
    press(&mut app, "<Enter>");
    let c = concordance(&app);
    assert_eq!(c.target, Followed::Entity(e));
    assert_eq!(c.lines.len(), all.len());
    // A heading per document with its count, then its lines.
    let headings: Vec<(usize, usize)> = c
        .rows
        .iter()
        .filter_map(|r| match *r {
            Row::Document { doc, shown, .. } => Some((doc, shown)),
            Row::Line(_) => None,
        })
        .collect();
    let mut expected: Vec<(usize, usize)> = Vec::new();
    for &(d, _) in &all {
        match expected.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => expected.push((d, 1)),
        }
    }
    assert_eq!(headings, expected);
    let screen = render(&app);
    assert!(
        screen.contains("Mentions of Jake Sullivan · PERSON"),
        "{screen}"
    );
    for &(d, _) in &expected {
        let label: String = app.corpus.documents[d].id.chars().take(12).collect();
        let lines = screen
            .lines()
            .filter(|l| l.contains(&format!(" {label} ")) && l.contains("Sullivan"))
            .count();
        assert!(lines >= 1, "a line of {label} with the mention:\n{screen}");
    }
    // Every mention line puts the name at one column.
    let columns: Vec<usize> = screen
        .lines()
        .filter(|l| l.starts_with('│') && l.contains("Sullivan"))
        .filter_map(|l| {
            let at = l.find("Jake Sullivan").or_else(|| l.find("Sullivan"))?;
            Some(unicode_width::UnicodeWidthStr::width(&l[..at]))
        })
        .collect();
    assert_eq!(columns.len(), all.len(), "{screen}");
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}");

    // Down to the last mention, in a document no pane shows; Enter opens it in the
    // focused pane.
    press(&mut app, "<PageDown> <PageDown>");
    let c = concordance(&app);
    let last = c.selected().unwrap();
    assert_eq!(last, all.len() - 1);
    let (doc, start) = all[last];
    assert!(app.panes.iter().all(|p| p.doc != doc));
    press(&mut app, "<Enter>");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.panes[app.focus].doc, doc);
    assert_eq!(app.panes[app.focus].mark, Some(start));
    assert_eq!(
        status(&app),
        format!(
            "Jake Sullivan: mention {n} of {n} · document {d} of {d}",
            n = all.len(),
            d = expected.len()
        )
    );
    // `.` goes on from there, round to the first.
    press(&mut app, ".");
    assert_eq!(app.panes[app.focus].mark, Some(all[0].1));
}

#[test]
fn typing_filters_the_concordance_and_escape_closes_it() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    choose_in_finder(&mut app, "Jake Sullivan");
    press(&mut app, "w");
    let total = concordance(&app).lines.len();
    type_text(&mut app, "telephone");
    let c = concordance(&app);
    assert!(c.search.is_none(), "a few lines are matched at once");
    assert_eq!(c.shown, 1, "{:?}", c.rows);
    let line = c.lines[c.selected().unwrap()];
    let text = &app.corpus.documents[line.doc].text[line.context.0..line.context.1];
    assert!(text.contains("telephone"), "{text}");
    let screen = render(&app);
    assert!(
        screen.contains("002_8c51b0f38795dcb8 · 1 of 2 mentions"),
        "{screen}"
    );
    assert!(screen.contains(&format!("1 of {total} match")), "{screen}");
    // A filter on the document's label.
    press(&mut app, "<C-u>");
    assert_eq!(concordance(&app).shown, total);
    let id = app.corpus.documents[2].id.clone();
    type_text(&mut app, &id[..6]);
    let c = concordance(&app);
    assert!(c.shown >= 1);
    assert!(c.rows.iter().all(|r| match *r {
        Row::Document { doc, .. } => doc == 2,
        Row::Line(i) => c.lines[i].doc == 2,
    }));
    type_text(&mut app, "zzzz");
    assert!(render(&app).contains("no line matches the filter"));
    press(&mut app, "<Esc>");
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn mentions_works_from_the_sidebar_the_comparison_and_the_finder() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let analysis = app.analysis.clone().unwrap();
    // The sidebar: the entity under its cursor.
    press(&mut app, "e <Down> <Down>");
    let e = app.sidebar.selected_entity().unwrap();
    press(&mut app, "w");
    assert_eq!(concordance(&app).target, Followed::Entity(e));
    press(&mut app, "<Esc>");
    // The comparison: the group under its cursor, each sentence with its stance.
    press(&mut app, "c");
    let g = app.comparison.selected_group().unwrap();
    press(&mut app, "w");
    let c = concordance(&app);
    assert_eq!(c.target, Followed::Group(g));
    assert_eq!(c.lines.len(), analysis.groups[g].claims.len());
    let screen = render(&app);
    assert!(
        screen.contains("Sentences that state it (contested)"),
        "{screen}"
    );
    for &claim in &analysis.groups[g].claims {
        assert!(
            screen.contains(analysis.claims[claim].stance.name()),
            "{screen}"
        );
    }
    press(&mut app, "<Esc> a");
    // The finder: the entity under its cursor, without choosing it first.
    press(&mut app, "/");
    type_text(&mut app, "Chang Ho-jin");
    press(&mut app, "<C-o>");
    let chang = entity(&app, "Chang Ho-jin");
    assert_eq!(concordance(&app).target, Followed::Entity(chang));
    assert_eq!(concordance(&app).lines.len(), 7);
    // The vim keymap: `*` opens it.
    let mut vim = app_with_keymap(&[corpus_path()], 140, 45, Keymap::builtin("vim").unwrap());
    press(&mut vim, "<C-w> e j");
    let e = vim.sidebar.selected_entity().unwrap();
    press(&mut vim, "*");
    assert_eq!(concordance(&vim).target, Followed::Entity(e));
}

#[test]
fn a_click_chooses_a_line_and_a_second_click_opens_it() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut app = app_on(&[corpus_path()], 140, 45);
    choose_in_finder(&mut app, "Jake Sullivan");
    press(&mut app, "w");
    let click = |app: &mut App, row: u16| {
        parallax::tui::update::handle_mouse(
            app,
            MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: 40,
                row,
                modifiers: KeyModifiers::NONE,
            },
        );
    };
    // The line of the third document that tells of the telephone call, as drawn.
    let screen = render(&app);
    let y = screen
        .lines()
        .position(|l| l.contains("telephone conversation"))
        .unwrap() as u16;
    click(&mut app, y);
    let c = concordance(&app);
    let line = c.lines[c.selected().unwrap()];
    assert_eq!(line.doc, 2);
    // A heading is no line: nothing changes.
    click(&mut app, y - 1);
    assert_eq!(
        concordance(&app).lines[concordance(&app).selected().unwrap()],
        line
    );
    click(&mut app, y);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.panes[app.focus].doc, 2);
    assert_eq!(app.panes[app.focus].mark, Some(line.key.0));
}
