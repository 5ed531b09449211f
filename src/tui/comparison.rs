//! Actions on the claim comparison: moving between its rows, choosing one (every pane
//! goes to that group's claim), showing or hiding it.

use super::action::ActionKind;
use super::state::{App, Area, Level};
use crate::sanitize::sanitize;

/// Moves the comparison's cursor by `delta` rows.
pub fn move_cursor(app: &mut App, delta: isize) {
    let n = app.comparison.rows.len();
    if n == 0 {
        return;
    }
    let target = (app.comparison.cursor as isize)
        .saturating_add(delta)
        .clamp(0, n as isize - 1);
    app.comparison.cursor = target as usize;
}

/// Moves the cursor to the first group of the next event (or back to the start of this
/// event, then of the one before), and aligns the panes on it, as choosing it would.
pub fn move_to_event(app: &mut App, forward: bool) {
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    let rows = &app.comparison.rows;
    let event = |i: usize| crate::export::compare::event_of_row(&analysis, rows[i]);
    let Some(cursor) = (app.comparison.cursor < rows.len()).then_some(app.comparison.cursor) else {
        return;
    };
    let start_of = |mut i: usize| {
        while i > 0 && event(i - 1) == event(i) {
            i -= 1;
        }
        i
    };
    let target = if forward {
        (cursor + 1..rows.len()).find(|&i| event(i) != event(cursor))
    } else {
        let start = start_of(cursor);
        if start < cursor {
            Some(start)
        } else {
            start.checked_sub(1).map(start_of)
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
    let (Some(analysis), Some(g)) = (app.analysis.clone(), app.comparison.selected_group()) else {
        return;
    };
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
