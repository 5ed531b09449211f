//! Actions on entities: choosing one in the sidebar (`follow` steps through its
//! mentions), filtering the list, and showing or zooming the sidebar.

use super::action::ActionKind;
use super::state::{App, Area, Level};
use crate::sanitize::sanitize;

/// Highlights `entity` everywhere and brings every pane to its next mention (from where
/// the pane is; the first one if none follows).
pub fn choose(app: &mut App, entity: usize) {
    super::follow::follow(app, super::state::Followed::Entity(entity));
    let mut found_in = 0;
    for index in 0..app.panes.len() {
        let doc = app.panes[index].doc;
        let mentions = app.mentions_of(entity, doc);
        let top = app.panes[index].top;
        if let Some(&(start, _)) = mentions
            .iter()
            .find(|(s, _)| *s >= top)
            .or(mentions.first())
        {
            app.show_offset(index, start);
            found_in += 1;
        }
    }
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    let e = &analysis.entities[entity];
    let documents = app.index.as_ref().map_or(0, |i| i.document_count(entity));
    app.set_status(
        Level::Info,
        format!(
            "{} ({}): {} mention{} in {} document{}; {} of the panes show it",
            sanitize(&e.name),
            e.kind.name(),
            e.mentions.len(),
            if e.mentions.len() == 1 { "" } else { "s" },
            documents,
            if documents == 1 { "" } else { "s" },
            found_in
        ),
    );
}

/// Moves the sidebar's cursor; the entity under it is highlighted in the panes.
pub fn move_cursor(app: &mut App, delta: isize) {
    app.sidebar.move_cursor(delta);
    app.selected_entity = app.sidebar.selected_entity();
    if let Some(e) = app.selected_entity {
        app.followed = Some(super::state::Followed::Entity(e));
    }
}

/// Page keys in the sidebar move the cursor by a page.
pub fn page(app: &mut App, kind: ActionKind) {
    let page = app
        .layout()
        .sidebar
        .map_or(10, |r| r.height.saturating_sub(4) as isize)
        .max(1);
    let delta = kind.scroll_delta(page);
    move_cursor(app, delta);
}

/// Rebuilds the sidebar after its filter changed.
pub fn refilter(app: &mut App) {
    if let Some(analysis) = app.analysis.clone() {
        app.sidebar.refilter(&analysis);
        app.selected_entity = app.sidebar.selected_entity();
    }
}

/// `:view panes|entities`.
pub fn view(app: &mut App, name: &str) {
    let Some(area) = Area::parse(name) else {
        app.set_status(
            Level::Error,
            format!(
                "no part called \"{}\" (try: {})",
                sanitize(name),
                Area::NAMES.join(", ")
            ),
        );
        return;
    };
    if area == Area::Sidebar && !app.parts().sidebar && !app.zoom {
        app.sidebar_choice = Some(true);
    }
    if area == Area::Claims && !app.parts().comparison && !app.zoom {
        app.comparison_choice = Some(true);
    }
    app.area = area;
    if app.analysis.is_none() && area != Area::Panes {
        app.set_status(Level::Info, "the model is still reading the documents");
    }
    app.fit_panes();
}

pub fn toggle_sidebar(app: &mut App) {
    let visible = app.parts().sidebar;
    app.sidebar_choice = Some(!visible);
    if visible && app.area == Area::Sidebar {
        app.area = Area::Panes;
    }
    if app.zoom {
        app.zoom = false;
    }
    app.fit_panes();
}

pub fn toggle_zoom(app: &mut App) {
    app.zoom = !app.zoom;
    app.fit_panes();
}
