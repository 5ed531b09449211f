//! Styles. With `NO_COLOR` set (https://no-color.org) nothing is coloured: emphasis comes
//! from bold, underline, reverse and dim only.

use ratatui::style::{Color, Modifier, Style};

use crate::model::types::EntityType;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` environment variable is set to anything non-empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn colored() -> Theme {
        Theme { color: true }
    }

    pub fn monochrome() -> Theme {
        Theme { color: false }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn text(&self) -> Style {
        Style::default()
    }

    pub fn debris(&self) -> Style {
        self.pick(
            Style::default().fg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    pub fn placeholder(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Yellow),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            self.pick(
                Style::default()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            self.pick(
                Style::default().fg(Color::White).bg(Color::DarkGray),
                Style::default().add_modifier(Modifier::BOLD),
            )
        }
    }

    pub fn pane_meta(&self, focused: bool) -> Style {
        if focused {
            self.pick(
                Style::default().fg(Color::Cyan),
                Style::default().add_modifier(Modifier::UNDERLINED),
            )
        } else {
            self.pick(Style::default().fg(Color::Gray), Style::default())
        }
    }

    pub fn separator(&self) -> Style {
        self.pick(Style::default().fg(Color::DarkGray), Style::default())
    }

    pub fn status(&self) -> Style {
        self.pick(
            Style::default().fg(Color::White).bg(Color::Rgb(40, 40, 48)),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn status_error(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    pub fn status_warning(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Yellow),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn action_name(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn heading(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Cyan),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Gray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    pub fn matched(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// Mentions of an entity in the text, coloured by type; underlined without colour.
    pub fn entity(&self, kind: EntityType) -> Style {
        if !self.color {
            return Style::default().add_modifier(Modifier::UNDERLINED);
        }
        let color = match kind {
            EntityType::Person => Color::LightMagenta,
            EntityType::Org => Color::LightCyan,
            EntityType::Gpe | EntityType::Loc | EntityType::Fac => Color::LightGreen,
            EntityType::Norp => Color::Yellow,
            EntityType::Date | EntityType::Time => Color::LightBlue,
            EntityType::Cardinal
            | EntityType::Quantity
            | EntityType::Money
            | EntityType::Percent
            | EntityType::Ordinal => Color::LightRed,
            _ => Color::Gray,
        };
        Style::default().fg(color)
    }

    /// Mentions of the chosen entity.
    pub fn entity_selected(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// The mention of the chosen entity that `.` and `,` last went to.
    /// A span being selected in a pane.
    pub fn selection(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::UNDERLINED),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        )
    }

    pub fn current_mention(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Black)
                .bg(Color::LightCyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::default()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// A group's status as a word: contested stands out.
    pub fn status_word(&self, status: crate::model::groups::Status) -> Style {
        use crate::model::groups::Status;
        match status {
            Status::Contested => self.pick(
                Style::default()
                    .fg(Color::LightRed)
                    .add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            Status::Corroborated => self.pick(
                Style::default().fg(Color::LightGreen),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Status::Single => self.dim(),
        }
    }

    /// The analyst's tags and notes.
    pub fn annotation(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::LightMagenta)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn overlay_border(&self) -> Style {
        self.pick(Style::default().fg(Color::Cyan), Style::default())
    }
}
