//! Following an entity or a claim group through the whole corpus, not only the documents
//! in the panes: `.` and `,` step through every place it is stated in corpus order
//! (document order, then offset); a document no pane shows is opened in the focused
//! pane, and the status line says where the step landed ("NAME: mention 5 of 9 ·
//! document 3 of 5").
//!
//! Every lookup reads the analysis already in memory: an entity's mentions are sorted
//! by document and offset, so a step is a binary search over them, never a scan of the
//! documents.

use super::state::{App, Area, Followed, Level};
use crate::model::Analysis;
use crate::sanitize::{self, sanitize};

/// The places a followed entity or group is stated, in corpus order: (document, start)
/// of each mention, or of each claim of the group.
pub struct Places<'a> {
    analysis: &'a Analysis,
    kind: PlacesKind<'a>,
}

enum PlacesKind<'a> {
    /// Indices into the analysis's mentions, which are in corpus order.
    Mentions(&'a [usize]),
    /// Claim indices, sorted by (document, start).
    Claims(Vec<usize>),
}

impl<'a> Places<'a> {
    pub fn of(analysis: &'a Analysis, target: Followed) -> Option<Places<'a>> {
        let kind = match target {
            Followed::Entity(e) => PlacesKind::Mentions(&analysis.entities.get(e)?.mentions),
            Followed::Group(g) => {
                let mut claims: Vec<usize> = analysis
                    .groups
                    .get(g)?
                    .claims
                    .iter()
                    .copied()
                    .filter(|&c| c < analysis.claims.len())
                    .collect();
                claims.sort_by_key(|&c| (analysis.claims[c].doc, analysis.claims[c].start, c));
                claims.dedup();
                PlacesKind::Claims(claims)
            }
        };
        Some(Places { analysis, kind })
    }

    pub fn len(&self) -> usize {
        match &self.kind {
            PlacesKind::Mentions(m) => m.len(),
            PlacesKind::Claims(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (document, start, end) of place `k`.
    pub fn at(&self, k: usize) -> (usize, usize, usize) {
        match &self.kind {
            PlacesKind::Mentions(m) => {
                let m = &self.analysis.mentions[m[k]];
                (m.doc, m.start, m.end)
            }
            PlacesKind::Claims(c) => {
                let c = &self.analysis.claims[c[k]];
                (c.doc, c.start, c.end)
            }
        }
    }

    /// The mention (index into the analysis's mentions) or claim of place `k`.
    pub fn item(&self, k: usize) -> usize {
        match &self.kind {
            PlacesKind::Mentions(m) => m[k],
            PlacesKind::Claims(c) => c[k],
        }
    }

    /// How many places come before (document, offset); with `inclusive`, also those
    /// at it.
    pub fn count_before(&self, doc: usize, offset: usize, inclusive: bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (d, s, _) = self.at(mid);
            let before = if inclusive {
                (d, s) <= (doc, offset)
            } else {
                (d, s) < (doc, offset)
            };
            if before {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// What `.`, `,` and `:mentions` follow here: in the sidebar the entity under its
/// cursor, in the comparison the group under its cursor, in the panes the entity or
/// group chosen last.
pub fn target(app: &App) -> Option<Followed> {
    let analysis = app.analysis.as_deref()?;
    let found = match app.area {
        Area::Sidebar => app
            .sidebar
            .selected_entity()
            .or(app.selected_entity)
            .map(Followed::Entity),
        Area::Claims => app.comparison.selected_group().map(Followed::Group),
        Area::Panes => app
            .followed
            .or(app.selected_entity.map(Followed::Entity))
            .or(app.sidebar.selected_entity().map(Followed::Entity)),
    };
    found.filter(|f| match *f {
        Followed::Entity(e) => e < analysis.entities.len(),
        Followed::Group(g) => g < analysis.groups.len(),
    })
}

/// Why there is nothing to follow, for the status line.
pub fn nothing_to_follow(app: &App) -> &'static str {
    if app.analysis.is_none() {
        "the model is still reading the documents"
    } else if app.area == Area::Claims && app.comparison.folded_event().is_some() {
        "the event is folded: open it (toggle_fold) and choose one of its groups"
    } else {
        "choose an entity (sidebar, finder) or a claim (comparison) first"
    }
}

/// Makes `target` the one followed: an entity is highlighted in every pane.
pub fn follow(app: &mut App, target: Followed) {
    app.followed = Some(target);
    if let Followed::Entity(e) = target {
        app.selected_entity = Some(e);
    }
}

/// Steps to the next (or previous) place the followed entity or group is stated, in
/// corpus order from where the focused pane is, wrapping at the ends.
pub fn step(app: &mut App, forward: bool) {
    let (Some(analysis), Some(target)) = (app.analysis.clone(), target(app)) else {
        let why = nothing_to_follow(app);
        app.set_status(Level::Info, why);
        return;
    };
    follow(app, target);
    let Some(places) = Places::of(&analysis, target) else {
        return;
    };
    let Some(pane) = app.panes.get(app.focus) else {
        return;
    };
    if places.is_empty() {
        let name = target_name(&analysis, target, 60);
        app.set_status(Level::Info, format!("{name} is stated nowhere"));
        return;
    }
    // From the mention last jumped to, else from the top of the pane.
    let (doc, here) = (pane.doc, pane.mark.unwrap_or(pane.top));
    let n = places.len();
    let (k, wrapped) = if forward {
        let k = places.count_before(doc, here, pane.mark.is_some());
        if k == n { (0, true) } else { (k, false) }
    } else {
        match places.count_before(doc, here, false) {
            0 => (n - 1, true),
            k => (k - 1, false),
        }
    };
    let (doc, start, _) = places.at(k);
    go_to(app, doc, start, false);
    let mut text = position_text(app, &analysis, target, &places, k);
    if wrapped {
        text.push_str(if forward {
            " · from the first again"
        } else {
            " · from the last again"
        });
    }
    app.set_status(Level::Info, text);
}

/// Brings byte `offset` of document `doc` into view: in the focused pane if it shows
/// the document, else in the pane that does (which takes the focus), else the focused
/// pane opens it. With `into_focused` the focused pane always shows it (a pane that
/// showed it gets the focused pane's document).
pub fn go_to(app: &mut App, doc: usize, offset: usize, into_focused: bool) {
    let Some(current) = app.panes.get(app.focus).map(|p| p.doc) else {
        return;
    };
    if current != doc {
        match app.panes.iter().position(|p| p.doc == doc) {
            Some(other) if into_focused => {
                app.panes.swap(app.focus, other);
                app.prepare_layout();
            }
            Some(other) => app.focus = other,
            None => {
                let focus = app.focus;
                app.show_document(focus, doc);
            }
        }
    }
    let focus = app.focus;
    app.show_offset(focus, offset);
}

/// "NAME: mention 5 of 9 · document 3 of 5" for place `k`.
pub fn position_text(
    app: &App,
    analysis: &Analysis,
    target: Followed,
    places: &Places,
    k: usize,
) -> String {
    let (doc, _, _) = places.at(k);
    let (rank, documents) = match target {
        Followed::Entity(e) => {
            let docs = app.index.as_ref().map_or(&[][..], |ix| ix.documents(e));
            let rank = docs.partition_point(|&(d, _)| (d as usize) < doc);
            (rank + 1, docs.len())
        }
        Followed::Group(_) => {
            // Places are in corpus order: the documents before this one are counted
            // once each.
            let mut rank = 0;
            let mut last = None;
            let mut total = 0;
            for i in 0..places.len() {
                let d = places.at(i).0;
                if last != Some(d) {
                    total += 1;
                    if d <= doc {
                        rank += 1;
                    }
                    last = Some(d);
                }
            }
            (rank, total)
        }
    };
    let what = match target {
        Followed::Entity(_) => "mention",
        Followed::Group(_) => "sentence",
    };
    format!(
        "{}: {what} {} of {} · document {rank} of {documents}",
        target_name(analysis, target, 60),
        k + 1,
        places.len()
    )
}

/// The followed entity's name or the group's label, made safe and cut to `max` columns.
pub fn target_name(analysis: &Analysis, target: Followed, max: usize) -> String {
    let name = match target {
        Followed::Entity(e) => analysis.entities.get(e).map_or("", |e| e.name.as_str()),
        Followed::Group(g) => analysis.groups.get(g).map_or("", |g| g.label.as_str()),
    };
    sanitize::truncate(&sanitize(name), max).into_owned()
}
