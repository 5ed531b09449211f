//! Actions on the claim comparison: moving between its rows, choosing one (every pane
//! goes to that group's claim), showing or hiding it.

use super::action::ActionKind;
use super::state::{App, Area, Level};
use crate::sanitize::sanitize;

/// Moves the comparison's cursor by `delta` lines (a folded event is one).
pub fn move_cursor(app: &mut App, delta: isize) {
    app.comparison.move_by(delta);
}

/// Folds the event under the cursor (`Some(true)`), opens it (`Some(false)`) or toggles
/// it (`None`).
pub fn set_fold(app: &mut App, fold: Option<bool>) {
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    match app.comparison.set_fold(fold) {
        Some(folded) => {
            let e = app.comparison.selected_event().unwrap_or_default();
            let groups = analysis.events.get(e).map_or(0, |ev| ev.groups.len());
            let what = if folded { "folded" } else { "unfolded" };
            app.set_status(
                Level::Info,
                format!(
                    "event {} {what}: {}",
                    e + 1,
                    crate::export::counted(groups, "group")
                ),
            );
        }
        None => app.set_status(Level::Info, "no event under the cursor"),
    }
}

/// Folds every event to its heading, or opens every one.
pub fn fold_all(app: &mut App, fold: bool) {
    app.comparison.fold_all(fold);
    let events = app.comparison.folded.len();
    let text = if fold {
        format!(
            "{} folded; fold one again to open it",
            crate::export::counted(events, "event")
        )
    } else {
        "every event unfolded".to_string()
    };
    app.set_status(Level::Info, text);
}

/// Moves the cursor to the first group of the next event (or back to the start of this
/// event, then of the one before), and aligns the panes on it, as choosing it would.
pub fn move_to_event(app: &mut App, forward: bool) {
    if app.analysis.is_none() {
        return;
    }
    let comparison = &app.comparison;
    let rows = comparison.rows.len();
    let Some(cursor) = (comparison.cursor < rows).then_some(comparison.cursor) else {
        return;
    };
    let event = |i: usize| comparison.events.get(i).copied().flatten();
    // Starts of events are always lines the cursor can rest on, folded or not.
    let target = if forward {
        (cursor + 1..rows).find(|&i| event(i) != event(cursor))
    } else {
        let start = comparison.start_of_event(cursor);
        if start < cursor {
            Some(start)
        } else {
            start.checked_sub(1).map(|i| comparison.start_of_event(i))
        }
    };
    match target {
        Some(row) => {
            app.comparison.cursor = row;
            app.area = Area::Claims;
            choose(app);
        }
        None => {
            let which = if forward { "last" } else { "first" };
            app.set_status(Level::Info, format!("this is the {which} event"));
        }
    }
}

/// Page keys in the comparison move its cursor by a page.
pub fn page(app: &mut App, kind: ActionKind) {
    let page = app
        .layout()
        .comparison
        .map_or(8, |r| r.height.saturating_sub(4) as isize)
        .max(1);
    let delta = kind.scroll_delta(page);
    move_cursor(app, delta);
}

/// Aligns every pane on the chosen group's claim in its document; a pane whose
/// document has none keeps its place.
pub fn choose(app: &mut App) {
    if let Some(e) = app.comparison.folded_event() {
        return choose_event(app, e);
    }
    let (Some(analysis), Some(g)) = (app.analysis.clone(), app.comparison.selected_group()) else {
        return;
    };
    app.followed = Some(super::state::Followed::Group(g));
    let group = &analysis.groups[g];
    let mut aligned = 0;
    for index in 0..app.panes.len() {
        let doc = app.panes[index].doc;
        if let Some(&c) = group
            .claims
            .iter()
            .find(|&&c| analysis.claims[c].doc == doc)
        {
            app.show_offset(index, analysis.claims[c].start);
            aligned += 1;
        }
    }
    let docs = analysis.group_documents(g);
    app.set_status(
        Level::Info,
        format!(
            "{}: {} document{}, {} of them in the panes",
            group.status.name(),
            docs.len(),
            if docs.len() == 1 { "" } else { "s" },
            aligned
        ),
    );
    if aligned == 0 {
        let ids: Vec<String> = docs
            .iter()
            .take(4)
            .map(|&d| sanitize(&app.corpus.documents[d].id).into_owned())
            .collect();
        app.set_status(
            Level::Info,
            format!(
                "the panes show none of its documents ({}); :open one",
                ids.join(", ")
            ),
        );
    }
}

/// Aligns every pane on the event's first claim in its document (a folded event's
/// heading is chosen as a whole).
fn choose_event(app: &mut App, e: usize) {
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    let Some(event) = analysis.events.get(e) else {
        return;
    };
    let mut aligned = 0;
    for index in 0..app.panes.len() {
        let doc = app.panes[index].doc;
        let first = event
            .claims
            .iter()
            .map(|&c| &analysis.claims[c])
            .filter(|c| c.doc == doc)
            .map(|c| c.start)
            .min();
        if let Some(start) = first {
            app.show_offset(index, start);
            aligned += 1;
        }
    }
    app.set_status(
        Level::Info,
        format!(
            "event {}, {}: {}, {aligned} of them in the panes",
            e + 1,
            event.status.name(),
            crate::export::counted(event.docs.len(), "document"),
        ),
    );
}

pub fn toggle(app: &mut App) {
    let visible = app.parts().comparison;
    app.comparison_choice = Some(!visible);
    if visible && app.area == Area::Claims {
        app.area = Area::Panes;
    }
    if app.zoom {
        app.zoom = false;
    }
    app.fit_panes();
}
