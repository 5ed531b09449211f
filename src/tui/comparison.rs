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
