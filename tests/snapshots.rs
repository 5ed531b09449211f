//! Whole screens on ratatui's TestBackend, at the sizes analysts use.

mod common;

use common::{app_on, corpus_path, fixture, press, render, type_text};
use parallax::tui::state::App;
use parallax::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

#[test]
fn first_screen_80x24() {
    let app = app_on(&[corpus_path()], 80, 24);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn first_screen_160x48() {
    let app = app_on(&[corpus_path()], 160, 48);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn first_screen_120x40() {
    let app = app_on(&[corpus_path()], 120, 40);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn first_screen_140x45() {
    let app = app_on(&[corpus_path()], 140, 45);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn entity_chosen_in_the_sidebar_140x45() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    press(&mut app, "e <Down> <Down> <Enter>");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn comparison_row_with_who_says_it_140x45() {
    // The third row (the advisers' condemnation, after the doubt contested in its
    // event) is corroborated: under the list, who says it in each document.
    let mut app = app_on(&[corpus_path()], 140, 45);
    type_text(&mut app, ":view claims");
    press(&mut app, "<Enter> <Down> <Down>");
    let screen = render(&app);
    assert!(
        screen.contains("said by: 000_848f1216 White House"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// The concordance of the adviser chosen in the finder: his mentions in every
/// document, grouped by document, each name at one column.
fn concordance_of_the_adviser(width: u16, height: u16) -> String {
    let mut app = app_on(&[corpus_path()], width, height);
    press(&mut app, "/");
    type_text(&mut app, "Jake Sullivan");
    press(&mut app, "<Enter>");
    type_text(&mut app, ":mentions");
    press(&mut app, "<Enter>");
    render(&app)
}

#[test]
fn concordance_of_an_entity_140x45() {
    insta::assert_snapshot!(concordance_of_the_adviser(140, 45));
}

#[test]
fn concordance_of_an_entity_80x24() {
    insta::assert_snapshot!(concordance_of_the_adviser(80, 24));
}

#[test]
fn concordance_of_a_claim_group_140x45() {
    // The first row of the comparison: each sentence with its document, stance and
    // value.
    let mut app = app_on(&[corpus_path()], 140, 45);
    press(&mut app, "c w");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn concordance_filtered_80x24() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "/");
    type_text(&mut app, "Chang Ho-jin");
    press(&mut app, "<C-o>");
    type_text(&mut app, "condemn");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn scrolled_and_focused_second_pane_80x24() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "<Tab> <PageDown>");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn help_overlay_80x24() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "?");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn help_overlay_160x48() {
    let mut app = app_on(&[corpus_path()], 160, 48);
    press(&mut app, "?");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn command_line_with_completions_80x24() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, ":");
    type_text(&mut app, "open ");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn finder_80x24() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "/");
    type_text(&mut app, "korea");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn wide_and_combining_characters_80x24() {
    let app = app_on(&[fixture("wide")], 80, 24);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn debris_is_shown_dimmed_not_removed() {
    let app = app_on(&[corpus_path()], 160, 48);
    let screen = render(&app);
    assert!(screen.contains("WhatsApp Channel Join Now"));
}

fn styles_used(app: &App) -> Vec<(Color, Color)> {
    let backend = TestBackend::new(app.size.width, app.size.height);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal
        .draw(|f| parallax::tui::view::draw(f, app))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    buffer.content.iter().map(|c| (c.fg, c.bg)).collect()
}

#[test]
fn no_color_means_no_colours() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    app.theme = Theme::monochrome();
    for overlay_keys in ["", "?", ":", "/"] {
        if !overlay_keys.is_empty() {
            press(&mut app, "<Esc>");
            press(&mut app, overlay_keys);
        }
        assert!(
            styles_used(&app)
                .iter()
                .all(|(fg, bg)| *fg == Color::Reset && *bg == Color::Reset),
            "colour used with NO_COLOR after {overlay_keys:?}"
        );
    }
    app.theme = Theme::colored();
    assert!(styles_used(&app).iter().any(|(fg, _)| *fg != Color::Reset));
}

#[test]
fn tiny_terminals_do_not_break() {
    for (w, h) in [(1, 1), (10, 3), (20, 5), (39, 10), (200, 4)] {
        let mut app = app_on(&[corpus_path()], w, h);
        render(&app);
        for keys in ["?", "<Esc> :", "<Esc> /", "<Esc> <End>"] {
            press(&mut app, keys);
            render(&app);
        }
    }
}

#[test]
fn braces_move_between_events_and_align_the_panes() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    type_text(&mut app, ":view claims");
    press(&mut app, "<Enter> }");
    // The story's event (the condemnations and the joint statement, with what points
    // back to them: "this condemnation", "this collaboration") holds sixteen groups,
    // its two contested ones first: the next event starts at row 16.
    assert_eq!(app.comparison.cursor, 16);
    // The advisers' call holds two groups.
    press(&mut app, "}");
    assert_eq!(app.comparison.cursor, 18);
    let analysis = app.analysis.as_ref().unwrap();
    let g = app.comparison.selected_group().unwrap();
    assert_eq!(analysis.events[analysis.groups[g].event].groups.len(), 2);
    // Back to the start of the event before, then by name.
    press(&mut app, "{");
    assert_eq!(app.comparison.cursor, 16);
    type_text(&mut app, ":prev_event");
    press(&mut app, "<Enter>");
    assert_eq!(app.comparison.cursor, 0);
    press(&mut app, "{");
    assert!(render(&app).contains("this is the first event"));
}

#[test]
fn folded_events_are_one_line_each_and_open_again_140x45() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    type_text(&mut app, ":view claims");
    press(&mut app, "<Enter>");
    let events = app.analysis.as_ref().unwrap().events.len();
    press(&mut app, "-");
    let screen = render(&app);
    assert!(
        screen.contains(&format!("{events} events folded")),
        "{screen}"
    );
    // Every heading is folded, the first one is under the cursor, and no group is
    // selected, so a tag has nothing to land on.
    assert!(screen.matches("▸ EVENT").count() >= 8, "{screen}");
    assert!(!screen.contains("▾ EVENT"), "{screen}");
    assert!(
        screen.contains("folded: 16 groups (2 contested, 9 corroborated, 5 single)"),
        "{screen}"
    );
    assert_eq!(app.comparison.selected_group(), None);
    insta::assert_snapshot!(screen);
    // Down moves from heading to heading: the second event's rows start after the
    // first event's groups.
    let first = app.comparison.events[0].unwrap();
    let second_row = app.analysis.as_ref().unwrap().events[first].groups.len();
    let second = app.comparison.events[second_row].unwrap();
    press(&mut app, "<Down>");
    assert_eq!(app.comparison.folded_event(), Some(second));
    // Enter aligns the panes on the event; Space opens it and its groups come back.
    press(&mut app, "<Enter>");
    assert!(render(&app).contains("event "), "{}", render(&app));
    press(&mut app, "<Space>");
    let screen = render(&app);
    assert_eq!(screen.matches("▾ EVENT").count(), 1, "{screen}");
    assert!(app.comparison.selected_group().is_some());
    // Down walks its groups, then goes on to the next heading, still folded.
    let groups = app.analysis.as_ref().unwrap().events[second].groups.len();
    for _ in 0..groups - 1 {
        press(&mut app, "<Down>");
        assert!(app.comparison.selected_group().is_some());
    }
    press(&mut app, "<Down>");
    assert!(app.comparison.folded_event().is_some());
    // By name, as from the command line.
    type_text(&mut app, ":unfold_all");
    press(&mut app, "<Enter>");
    assert!(!render(&app).contains("▸ EVENT"));
    type_text(&mut app, ":fold");
    press(&mut app, "<Enter>");
    assert_eq!(render(&app).matches("▸ EVENT").count(), 1);
}

#[test]
fn vim_folds_with_z_keys() {
    use parallax::tui::keymap::Keymap;
    let mut app =
        common::app_with_keymap(&[corpus_path()], 140, 45, Keymap::builtin("vim").unwrap());
    type_text(&mut app, ":view claims");
    press(&mut app, "<Enter> z M");
    assert!(app.comparison.folded_event().is_some());
    press(&mut app, "j z o");
    assert!(app.comparison.selected_group().is_some());
    assert_eq!(
        app.comparison.folded.len() + 1,
        app.analysis.as_ref().unwrap().events.len()
    );
    press(&mut app, "z R");
    assert!(app.comparison.folded.is_empty());
}

#[test]
fn a_tag_on_a_folded_event_says_to_open_it() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    type_text(&mut app, ":view claims");
    press(&mut app, "<Enter> <Space> 1");
    let screen = render(&app);
    assert!(screen.contains("the event is folded: open it"), "{screen}");
    assert!(!app.session.dirty());
}

#[test]
fn a_span_selected_to_name_140x45() {
    // `v` on the adviser's mention, then two words more: the span is drawn over the
    // text and the status bar says how to name it.
    let mut app = app_on(&[corpus_path()], 140, 45);
    app.theme = Theme::colored();
    press(&mut app, "/");
    type_text(&mut app, "Jake Sullivan");
    press(&mut app, "<Enter>");
    press(&mut app, "v <Right> <Right>");
    let s = app.selection.expect("a selection");
    let text = &app.corpus.documents[s.doc].text[s.start..s.end];
    assert_eq!(text.split_whitespace().count(), 3, "{text}");
    // The selected cells are the only ones drawn on the selection's colour, and they
    // read as the span.
    let backend = TestBackend::new(app.size.width, app.size.height);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal
        .draw(|f| parallax::tui::view::draw(f, &app))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let area = app.layout().panes[app.focus].text;
    let selected: String = (area.y..area.bottom())
        .flat_map(|y| (area.x..area.right()).map(move |x| (x, y)))
        .map(|(x, y)| {
            let c = &buffer[(x, y)];
            if c.bg == Color::LightYellow {
                c.symbol()
            } else {
                "\n"
            }
        })
        .collect::<String>()
        .split('\n')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        selected.split_whitespace().collect::<Vec<_>>().join(" "),
        text
    );
    insta::assert_snapshot!(render(&app));
}

#[test]
fn sidebar_after_a_name_is_rejected_140x45() {
    // Every mention spelt like the capital is not a name: it is gone from the sidebar.
    let mut app = app_on(&[corpus_path()], 140, 45);
    press(&mut app, "/");
    type_text(&mut app, "Washington");
    press(&mut app, "<Enter>");
    type_text(&mut app, ":reject all");
    press(&mut app, "<Enter> e");
    let screen = render(&app);
    assert!(
        screen.contains("rejected \"WASHINGTON\": 2 mentions in 2 documents"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
