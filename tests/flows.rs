//! Flows: key strings fed through the real keymap and update, checking the state a user
//! would see change. No terminal involved.

mod common;

use common::{app_on, app_with_keymap, corpus_path, press, type_text};
use parallax::tui::keymap::Keymap;
use parallax::tui::state::{Level, Overlay};
use parallax::tui::update::{self, Effect};

#[test]
fn opens_two_panes_at_80_columns_and_three_at_120() {
    let app = app_on(&[corpus_path()], 80, 24);
    assert_eq!(app.panes.len(), 2);
    assert_eq!(app.panes[0].doc, 0);
    assert_eq!(app.panes[1].doc, 1);
    // With the entity sidebar beside them, two at 120 and three at 160.
    let app = app_on(&[corpus_path()], 120, 40);
    assert!(app.parts().sidebar);
    assert_eq!(app.panes.len(), 2);
    let app = app_on(&[corpus_path()], 160, 48);
    assert_eq!(app.panes.len(), 3);
    // Without it, three at 120.
    let mut app = app_on(&[corpus_path()], 120, 40);
    press(&mut app, "s");
    assert!(!app.parts().sidebar);
    assert_eq!(app.panes.len(), 3);
}

#[test]
fn scrolls_by_line_half_page_page_and_ends() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    let page = app.page_height(0);
    press(&mut app, "<Down> <Down>");
    assert_eq!(app.top_line(0), 2);
    press(&mut app, "<Up>");
    assert_eq!(app.top_line(0), 1);
    press(&mut app, "<C-d>");
    assert_eq!(app.top_line(0), 1 + page / 2);
    press(&mut app, "<C-u>");
    assert_eq!(app.top_line(0), 1);
    press(&mut app, "<PageDown>");
    assert_eq!(app.top_line(0), page);
    press(&mut app, "<End>");
    let last = app.wrapped(0).unwrap().lines.len() - page;
    assert_eq!(app.top_line(0), last);
    assert_eq!(app.scroll_percent(0), 100);
    press(&mut app, "<Down>");
    assert_eq!(app.top_line(0), last, "scrolling stops at the end");
    press(&mut app, "<Home>");
    assert_eq!(app.top_line(0), 0);
    press(&mut app, "<Up>");
    assert_eq!(app.top_line(0), 0, "and at the top");
    // The other pane did not move.
    assert_eq!(app.top_line(1), 0);
}

#[test]
fn vim_keymap_sequences() {
    let mut app = app_with_keymap(&[corpus_path()], 80, 24, Keymap::builtin("vim").unwrap());
    press(&mut app, "j j j");
    assert_eq!(app.top_line(0), 3);
    press(&mut app, "g");
    assert_eq!(
        app.pending_keys.len(),
        1,
        "g waits for the rest of the sequence"
    );
    press(&mut app, "g");
    assert_eq!(app.top_line(0), 0);
    assert!(app.pending_keys.is_empty());
    press(&mut app, "G");
    assert!(app.top_line(0) > 0);
    // A broken sequence: "g" then "j" scrolls down (j on its own).
    press(&mut app, "g g g j");
    assert_eq!(app.top_line(0), 1);
    press(&mut app, "<C-w> w");
    assert_eq!(app.focus, 1);
    press(&mut app, "g t");
    assert_eq!(app.panes[1].doc, 2);
    assert_eq!(press(&mut app, "Z Z"), Effect::Quit);
}

#[test]
fn focus_moves_and_documents_cycle() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, 1);
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, 0, "focus wraps around");
    press(&mut app, "<S-Tab>");
    assert_eq!(app.focus, 1);
    // Cycling skips the document the other pane shows.
    press(&mut app, "n");
    assert_eq!(app.panes[1].doc, 2);
    press(&mut app, "n n n");
    assert_eq!(app.panes[1].doc, 1, "5 documents, pane 0 shows the first");
    press(&mut app, "p");
    assert_eq!(app.panes[1].doc, 4);
    // A document returns where it was left.
    press(&mut app, "<Down> <Down> <Down> n p");
    assert_eq!(app.panes[1].doc, 4);
    assert_eq!(app.top_line(1), 3);
}

#[test]
fn open_command_puts_the_best_fuzzy_match_in_the_focused_pane() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, ":");
    type_text(&mut app, "open 48 countries");
    press(&mut app, "<Enter>");
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(
        app.corpus.documents[app.panes[0].doc].id,
        "004_f5f366391a8bcebe"
    );
    // Opening a document shown in the other pane swaps the two.
    press(&mut app, ":");
    type_text(&mut app, "open 001");
    press(&mut app, "<Enter>");
    assert_eq!(app.panes[0].doc, 1);
    assert_eq!(app.panes[1].doc, 4);
    // No match: an error in the status bar, nothing moves.
    press(&mut app, ":");
    type_text(&mut app, "open zzzzqqq");
    press(&mut app, "<Enter>");
    let status = app.status.clone().unwrap();
    assert_eq!(status.level, Level::Error);
    assert_eq!(status.text, "no document matches \"zzzzqqq\"");
    assert_eq!(app.panes[0].doc, 1);
}

#[test]
fn open_key_asks_for_the_name_on_the_command_line() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "o");
    match &app.overlay {
        Overlay::Command(cmd) => assert_eq!(cmd.input.text, "open "),
        other => panic!("expected the command line, got {other:?}"),
    }
    type_text(&mut app, "allies condemn");
    press(&mut app, "<Enter>");
    assert_eq!(
        app.corpus.documents[app.panes[0].doc].id,
        "003_837abf464deb74e2"
    );
}

#[test]
fn command_line_completes_names_and_documents() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, ":");
    type_text(&mut app, "scroll_b");
    press(&mut app, "<Tab>");
    let Overlay::Command(cmd) = &app.overlay else {
        panic!()
    };
    assert_eq!(cmd.input.text, "scroll_bottom");
    press(&mut app, "<C-u>");
    type_text(&mut app, "ope");
    press(&mut app, "<Tab>");
    let Overlay::Command(cmd) = &app.overlay else {
        panic!()
    };
    assert_eq!(cmd.input.text, "open ");
    assert_eq!(
        cmd.completions
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["open", "open_finder"]
    );
    type_text(&mut app, "003");
    press(&mut app, "<Tab>");
    let Overlay::Command(cmd) = &app.overlay else {
        panic!()
    };
    assert_eq!(cmd.input.text, "open 003_837abf464deb74e2");
    press(&mut app, "<Enter>");
    assert_eq!(app.panes[0].doc, 3);
    // History.
    press(&mut app, ": <Up>");
    let Overlay::Command(cmd) = &app.overlay else {
        panic!()
    };
    assert_eq!(cmd.input.text, "open 003_837abf464deb74e2");
    press(&mut app, "<Esc>");
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn quit_and_q_end_the_program() {
    for command in ["quit", "q"] {
        let mut app = app_on(&[corpus_path()], 80, 24);
        press(&mut app, ":");
        type_text(&mut app, command);
        press(&mut app, "<Enter>");
        assert!(app.quit, ":{command}");
    }
    let mut app = app_on(&[corpus_path()], 80, 24);
    assert_eq!(press(&mut app, "q"), Effect::Quit);
}

#[test]
fn unknown_commands_and_keys_say_so() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, ":");
    type_text(&mut app, "scrol_down");
    press(&mut app, "<Enter>");
    assert_eq!(
        app.status.clone().unwrap().text,
        "unknown action \"scrol_down\" (did you mean \"scroll_down\"?)"
    );
    press(&mut app, "<F9>");
    assert_eq!(
        app.status.clone().unwrap().text,
        "<F9> is not bound (press ? for help)"
    );
}

#[test]
fn help_overlay_opens_scrolls_and_closes() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "?");
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    press(&mut app, "<Down> <Down>");
    assert_eq!(app.overlay, Overlay::Help { scroll: 2 });
    press(&mut app, "<End>");
    let Overlay::Help { scroll } = app.overlay else {
        panic!()
    };
    assert!(scroll > 2);
    // Keys for the panes do not reach them while help is open.
    assert_eq!(app.top_line(0), 0);
    press(&mut app, "?");
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn finder_opens_documents_and_runs_commands() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, "/");
    type_text(&mut app, "promise help");
    press(&mut app, "<Enter>");
    assert_eq!(app.panes[0].doc, 2);
    press(&mut app, "/");
    type_text(&mut app, "toggle_help");
    press(&mut app, "<Enter>");
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
}

#[test]
fn finder_chooses_entities_by_any_spelling_and_claims_by_their_words() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let analysis = app.analysis.clone().unwrap();
    // A spelling that is only an alias still finds the one person.
    press(&mut app, "/");
    type_text(&mut app, "Jang Ho-jin");
    press(&mut app, "<Enter>");
    let chosen = app.selected_entity.expect("an entity is chosen");
    assert_eq!(analysis.entities[chosen].name, "Chang Ho-jin");
    assert_eq!(app.sidebar.selected_entity(), Some(chosen));
    // A claim found by its words aligns the panes as the comparison does.
    press(&mut app, "/");
    type_text(&mut app, "joint statement condemning");
    press(&mut app, "<Enter>");
    let group = app.comparison.selected_group().unwrap();
    assert!(
        analysis.groups[group].label.contains("joint statement"),
        "{}",
        analysis.groups[group].label
    );
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("document"), "{status}");
}

#[test]
fn resize_keeps_the_reading_position_and_pane_count_follows_width() {
    let mut app = app_on(&[corpus_path()], 120, 40);
    press(&mut app, "s <Tab> <Tab> <Down> <Down> <Down> <Down>");
    assert_eq!(app.focus, 2);
    let top = app.panes[0].top;
    update::resize(&mut app, 80, 24);
    assert_eq!(app.panes.len(), 2);
    assert_eq!(app.focus, 1, "focus stays on a visible pane");
    assert_eq!(app.panes[0].top, top);
    update::resize(&mut app, 160, 48);
    assert_eq!(app.panes.len(), 4);
    assert_eq!(
        app.panes[0].top, top,
        "the position survives a second re-wrap"
    );
    let docs: Vec<usize> = app.panes.iter().map(|p| p.doc).collect();
    assert_eq!(docs, [0, 1, 2, 3], "the documents come back in order");
}

#[test]
fn mouse_click_focuses_and_wheel_scrolls_the_pane_under_it() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut app = app_on(&[corpus_path()], 80, 24);
    let at = |kind, column| MouseEvent {
        kind,
        column,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    update::handle_mouse(&mut app, at(MouseEventKind::Down(MouseButton::Left), 60));
    assert_eq!(app.focus, 1);
    update::handle_mouse(&mut app, at(MouseEventKind::ScrollDown, 10));
    assert_eq!(app.top_line(0), 3);
    assert_eq!(app.focus, 1, "the wheel does not move focus");
    update::handle_mouse(&mut app, at(MouseEventKind::ScrollUp, 10));
    assert_eq!(app.top_line(0), 0);
}

#[test]
fn paste_goes_into_the_command_line() {
    let mut app = app_on(&[corpus_path()], 80, 24);
    press(&mut app, ":");
    update::handle_paste(&mut app, "open 004\n");
    let Overlay::Command(cmd) = &app.overlay else {
        panic!()
    };
    assert_eq!(cmd.input.text, "open 004 ");
}

#[test]
fn a_bad_user_keymap_falls_back_to_the_default_with_a_notice() {
    use parallax::tui::run::choose_keymap;
    let bad = common::fixture("keymaps/unknown_action.toml");
    let (keymap, notice) = choose_keymap(None, Some(&bad)).unwrap();
    assert_eq!(keymap, Keymap::default_keymap());
    let notice = notice.unwrap();
    assert!(
        notice.starts_with("your keymap was not used (1 problem), keymaps/default.toml instead: "),
        "{notice}"
    );
    assert!(
        notice.contains(
            "unknown_action.toml:5: [panes] key \"x\": unknown action \"no_such_action\""
        )
    );

    // A good user keymap is laid over the chosen one.
    let good = common::fixture("keymaps/valid_custom.toml");
    let (keymap, notice) = choose_keymap(Some("vim"), Some(&good)).unwrap();
    assert_eq!(notice, None);
    let mut app = app_with_keymap(&[corpus_path()], 80, 24, keymap);
    press(&mut app, "j J");
    assert_eq!(
        app.top_line(0),
        app.page_height(0),
        "j then a page (less one line of context)"
    );
    assert_eq!(press(&mut app, "<C-x> <C-c>"), Effect::Quit);

    // --keymap with a bad file: the default, and a notice.
    let (keymap, notice) = choose_keymap(Some(bad.to_str().unwrap()), None).unwrap();
    assert_eq!(keymap, Keymap::default_keymap());
    assert!(
        notice
            .unwrap()
            .starts_with("keymap not used, default instead: ")
    );
}

#[test]
fn sidebar_lists_people_first_and_choosing_highlights_everywhere() {
    use parallax::tui::sidebar::Row;
    use parallax::tui::state::Area;
    let mut app = app_on(&[corpus_path()], 140, 45);
    assert!(app.parts().sidebar);
    let analysis = app.analysis.clone().unwrap();
    // People first, each group by mentions.
    assert!(matches!(app.sidebar.rows[0], Row::Heading { group: 0, .. }));
    let Row::Entity(first) = app.sidebar.rows[1] else {
        panic!()
    };
    assert_eq!(analysis.entities[first].kind.name(), "PERSON");
    press(&mut app, "e");
    assert_eq!(app.area, Area::Sidebar);
    // Walk down to the adviser whose name is spelt three ways.
    let target = analysis
        .entities
        .iter()
        .position(|e| e.name == "Chang Ho-jin")
        .unwrap();
    for _ in 0..20 {
        if app.sidebar.selected_entity() == Some(target) {
            break;
        }
        press(&mut app, "<Down>");
    }
    assert_eq!(app.sidebar.selected_entity(), Some(target));
    assert_eq!(
        app.selected_entity,
        Some(target),
        "the entity under the cursor is highlighted"
    );
    press(&mut app, "<Enter>");
    // Both panes (documents 1 and 2) now show a mention near their top.
    for (i, pane) in app.panes.iter().enumerate() {
        let mentions = app.mentions_of(target, pane.doc);
        assert!(!mentions.is_empty());
        assert_eq!(
            pane.mark,
            Some(mentions[0].0),
            "pane {i} went to the first mention"
        );
    }
    let status = app.status.clone().unwrap().text;
    assert!(
        status.starts_with("Chang Ho-jin (PERSON): 7 mentions in 3 documents"),
        "{status}"
    );
    // Next mention in every pane from the sidebar; then back to panes and on.
    press(&mut app, "<Esc>");
    assert_eq!(app.area, Area::Panes);
    let before = app.panes[0].mark;
    press(&mut app, ".");
    assert!(app.panes[0].mark > before);
    press(&mut app, ",");
    assert_eq!(app.panes[0].mark, before);
}

#[test]
fn sidebar_filter_is_fuzzy_and_escape_clears_it() {
    let mut app = app_on(&[corpus_path()], 140, 45);
    press(&mut app, "e /");
    assert!(app.sidebar.filtering);
    type_text(&mut app, "kirby");
    let analysis = app.analysis.clone().unwrap();
    let shown: Vec<String> = app
        .sidebar
        .rows
        .iter()
        .filter_map(|r| match r {
            parallax::tui::sidebar::Row::Entity(e) => Some(analysis.entities[*e].name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(shown, ["John Kirby"]);
    press(&mut app, "<Enter>");
    assert!(!app.sidebar.filtering);
    assert_eq!(app.sidebar.filter.text, "kirby", "Enter keeps the filter");
    press(&mut app, "/ <Esc>");
    assert!(app.sidebar.filter.text.is_empty());
    assert!(app.sidebar.rows.len() > 20);
    // By name on the command line, from the panes.
    press(&mut app, "<Esc> :");
    type_text(&mut app, "filter sullivan");
    press(&mut app, "<Enter>");
    assert_eq!(app.area, parallax::tui::state::Area::Sidebar);
    assert!(!app.sidebar.filtering);
    let chosen = app.sidebar.selected_entity().unwrap();
    assert_eq!(analysis.entities[chosen].name, "Jake Sullivan");
}

#[test]
fn view_command_zoom_and_toggle() {
    use parallax::tui::state::Area;
    let mut app = app_on(&[corpus_path()], 80, 24);
    assert!(!app.parts().sidebar, "no room at 80 columns");
    press(&mut app, ":");
    type_text(&mut app, "view entities");
    press(&mut app, "<Enter>");
    assert_eq!(app.area, Area::Sidebar);
    assert!(app.parts().sidebar, "asking for it shows it");
    press(&mut app, "z");
    assert!(
        app.parts().sidebar && !app.parts().panes,
        "zoomed: the sidebar alone"
    );
    press(&mut app, "z s");
    assert!(!app.parts().sidebar);
    assert_eq!(app.area, Area::Panes);
    assert_eq!(app.panes.len(), 2);
    press(&mut app, ":");
    type_text(&mut app, "view nowhere");
    press(&mut app, "<Enter>");
    assert_eq!(
        app.status.clone().unwrap().text,
        "no part called \"nowhere\" (try: panes, entities, claims)"
    );
}

#[test]
fn comparison_shows_contested_first_and_choosing_aligns_the_panes() {
    use parallax::model::groups::Status;
    use parallax::tui::state::Area;
    let mut app = app_on(&[corpus_path()], 140, 45);
    assert!(app.parts().comparison, "on screen at 140x45");
    let analysis = app.analysis.clone().unwrap();
    let first = app.comparison.selected_group().unwrap();
    assert_eq!(analysis.groups[first].status, Status::Contested);
    press(&mut app, ":");
    type_text(&mut app, "view claims");
    press(&mut app, "<Enter>");
    assert_eq!(app.area, Area::Claims);
    // Show documents 2 and 5, which both state the joint statement.
    press(&mut app, "<Esc>");
    press(&mut app, ":");
    type_text(&mut app, "open 004");
    press(&mut app, "<Enter> c <Enter>");
    let group = &analysis.groups[first];
    for pane in &app.panes {
        if let Some(&c) = group
            .claims
            .iter()
            .find(|&&c| analysis.claims[c].doc == pane.doc)
        {
            assert_eq!(
                pane.mark,
                Some(analysis.claims[c].start),
                "pane on document {} aligned",
                pane.doc
            );
        }
    }
    let status = app.status.clone().unwrap().text;
    assert!(
        status.starts_with("contested: ") && status.ends_with(", 2 of them in the panes"),
        "{status}"
    );
    press(&mut app, "<Down>");
    assert_eq!(app.comparison.cursor, 1);
    press(&mut app, "t");
    assert!(!app.parts().comparison);
    assert_eq!(app.area, Area::Panes);
}
