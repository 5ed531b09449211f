//! Where everything goes on the screen, as a pure function of the screen size, how many
//! panes are shown and which parts are visible. Update uses it for page sizes and mouse
//! hits; the views use it to draw.

use ratatui::layout::Rect;

/// Narrowest pane worth showing: about 36 columns of text, so that two fit at 80.
pub const MIN_PANE_WIDTH: u16 = 38;
/// Title (two lines), meta line, rule.
pub const PANE_HEADER_HEIGHT: u16 = 4;
/// The entity sidebar's width.
pub const SIDEBAR_WIDTH: u16 = 32;
/// Below this width the sidebar starts hidden, so that two panes still fit.
pub const SIDEBAR_AUTO_WIDTH: u16 = 2 * MIN_PANE_WIDTH + SIDEBAR_WIDTH;
/// Below this height the comparison starts hidden, so the panes keep room to read.
pub const COMPARISON_AUTO_HEIGHT: u16 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneLayout {
    /// The whole pane, separator column included.
    pub area: Rect,
    pub header: Rect,
    pub text: Rect,
}

/// Which parts are on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parts {
    pub panes: bool,
    pub sidebar: bool,
    pub comparison: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLayout {
    pub panes: Vec<PaneLayout>,
    pub sidebar: Option<Rect>,
    pub comparison: Option<Rect>,
    pub status: Rect,
    /// Everything above the status bar.
    pub body: Rect,
}

/// The width the panes share.
pub fn panes_width(width: u16, parts: Parts) -> u16 {
    if !parts.panes {
        return 0;
    }
    if parts.sidebar {
        width.saturating_sub(SIDEBAR_WIDTH)
    } else {
        width
    }
}

/// How many article panes fit across `width` columns for a corpus of `documents`.
pub fn pane_count(width: u16, documents: usize) -> usize {
    let fit = usize::from((width / MIN_PANE_WIDTH).max(1));
    fit.min(documents.max(1))
}

pub fn compute(area: Rect, panes: usize, parts: Parts) -> ScreenLayout {
    let status_height = u16::from(area.height > 0);
    let body = Rect {
        height: area.height.saturating_sub(status_height),
        ..area
    };
    let status = Rect {
        y: area.y + body.height,
        height: status_height,
        ..area
    };
    // The comparison along the bottom: a third of the height, or all of it alone.
    let comparison = parts.comparison.then(|| {
        let height = if parts.panes || parts.sidebar {
            (body.height / 3).clamp(6.min(body.height), 18)
        } else {
            body.height
        };
        Rect {
            y: body.y + body.height - height,
            height,
            ..body
        }
    });
    let body = Rect {
        height: body.height - comparison.map_or(0, |c| c.height),
        ..body
    };
    let sidebar = parts.sidebar.then(|| {
        let width = if parts.panes {
            SIDEBAR_WIDTH.min(body.width)
        } else {
            body.width
        };
        Rect { width, ..body }
    });
    let panes_area = Rect {
        x: body.x + sidebar.map_or(0, |s| s.width),
        width: panes_width(body.width, parts),
        ..body
    };
    let mut pane_layouts = Vec::new();
    if parts.panes && panes_area.width > 0 {
        let count = panes.max(1) as u16;
        let base = panes_area.width / count;
        let extra = panes_area.width % count;
        let mut x = panes_area.x;
        for i in 0..count {
            let width = base + u16::from(i < extra);
            let pane = Rect {
                x,
                width,
                ..panes_area
            };
            x += width;
            // One column of separator on the right of all but the last pane, one column
            // of margin on the left of the text.
            let separator = u16::from(i + 1 < count);
            let inner_width = width.saturating_sub(separator);
            let header_height = PANE_HEADER_HEIGHT.min(pane.height);
            let header = Rect {
                x: pane.x,
                y: pane.y,
                width: inner_width,
                height: header_height,
            };
            let text = Rect {
                x: pane.x + 1.min(inner_width),
                y: pane.y + header_height,
                width: inner_width.saturating_sub(2),
                height: pane.height - header_height,
            };
            pane_layouts.push(PaneLayout {
                area: pane,
                header,
                text,
            });
        }
    }
    ScreenLayout {
        panes: pane_layouts,
        sidebar,
        comparison,
        status,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PANES: Parts = Parts {
        panes: true,
        sidebar: false,
        comparison: false,
    };

    #[test]
    fn two_panes_at_80_three_at_120() {
        assert_eq!(pane_count(80, 5), 2);
        assert_eq!(pane_count(120, 5), 3);
        assert_eq!(pane_count(160, 5), 4);
        assert_eq!(pane_count(160, 1), 1);
        assert_eq!(pane_count(20, 5), 1);
    }

    #[test]
    fn panes_tile_the_body() {
        let layout = compute(Rect::new(0, 0, 81, 24), 2, PANES);
        assert_eq!(layout.status, Rect::new(0, 23, 81, 1));
        assert_eq!(layout.panes[0].area, Rect::new(0, 0, 41, 23));
        assert_eq!(layout.panes[1].area, Rect::new(41, 0, 40, 23));
        assert_eq!(layout.panes[0].text, Rect::new(1, 4, 38, 19));
        assert_eq!(layout.panes[1].text.width, 38);
        assert_eq!(layout.sidebar, None);
    }

    #[test]
    fn sidebar_takes_the_left_edge() {
        let parts = Parts {
            panes: true,
            sidebar: true,
            comparison: false,
        };
        let layout = compute(Rect::new(0, 0, 140, 45), 2, parts);
        assert_eq!(layout.sidebar, Some(Rect::new(0, 0, SIDEBAR_WIDTH, 44)));
        assert_eq!(layout.panes[0].area.x, SIDEBAR_WIDTH);
        assert_eq!(pane_count(panes_width(140, parts), 5), 2);
        // Zoomed sidebar: the whole body.
        let zoomed = compute(
            Rect::new(0, 0, 80, 24),
            2,
            Parts {
                panes: false,
                sidebar: true,
                comparison: false,
            },
        );
        assert_eq!(zoomed.sidebar, Some(Rect::new(0, 0, 80, 23)));
        assert!(zoomed.panes.is_empty());
    }

    #[test]
    fn comparison_takes_the_bottom_third() {
        let parts = Parts {
            panes: true,
            sidebar: true,
            comparison: true,
        };
        let layout = compute(Rect::new(0, 0, 140, 45), 2, parts);
        let comparison = layout.comparison.unwrap();
        assert_eq!(comparison, Rect::new(0, 30, 140, 14));
        assert_eq!(layout.sidebar.unwrap().height, 30);
        assert_eq!(layout.panes[0].area.height, 30);
    }

    #[test]
    fn tiny_screens_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 3)] {
            let layout = compute(Rect::new(0, 0, w, h), 2, PANES);
            for pane in layout.panes {
                assert!(pane.text.right() <= w.max(1) + 1);
            }
        }
    }
}
