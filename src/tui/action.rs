//! The one vocabulary of actions. Every key in a keymap names one of these; every one is
//! also a command on the command line; the help overlay, the command line's completion
//! and `parallax keymap check` all read this table.

use std::fmt;

/// What an action's argument is, if it takes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    None,
    /// A document name, completed from the corpus.
    Document,
    /// Free text to the end of the line.
    Text,
    /// A part of the screen: panes, entities or claims.
    Area,
    /// Free text that may be left out: the action then asks for it its own way.
    OptionalText,
    /// A tag name, completed from the session's tags.
    Tag,
}

impl ArgKind {
    /// Must a command give the argument (or, from a key, be asked for it)?
    pub fn required(self) -> bool {
        matches!(
            self,
            ArgKind::Document | ArgKind::Text | ArgKind::Area | ArgKind::Tag
        )
    }
}

macro_rules! actions {
    ($( $variant:ident = $name:literal, $arg:ident, $desc:literal; )*) => {
        /// A named thing the analyst can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ActionKind { $($variant),* }

        impl ActionKind {
            pub const ALL: &'static [ActionKind] = &[$(ActionKind::$variant),*];

            /// The snake_case name used in keymaps and on the command line.
            pub fn name(self) -> &'static str {
                match self { $(ActionKind::$variant => $name),* }
            }

            /// One line for the help overlay and completion.
            pub fn description(self) -> &'static str {
                match self { $(ActionKind::$variant => $desc),* }
            }

            pub fn arg(self) -> ArgKind {
                match self { $(ActionKind::$variant => ArgKind::$arg),* }
            }
        }
    };
}

actions! {
    Quit = "quit", None, "Quit Parallax";
    ToggleHelp = "toggle_help", None, "Show or hide the keys of the active keymap";
    CommandLine = "command_line", None, "Open the command line";
    OpenFinder = "open_finder", None, "Fuzzy-find a document, entity, claim or command";
    Cancel = "cancel", None, "Close the overlay or clear a pending key sequence";
    Redraw = "redraw", None, "Redraw the whole screen";
    FocusNextPane = "focus_next_pane", None, "Move focus to the next pane";
    FocusPrevPane = "focus_prev_pane", None, "Move focus to the previous pane";
    ScrollDown = "scroll_down", None, "Scroll down one line";
    ScrollUp = "scroll_up", None, "Scroll up one line";
    HalfPageDown = "half_page_down", None, "Scroll down half a page";
    HalfPageUp = "half_page_up", None, "Scroll up half a page";
    PageDown = "page_down", None, "Scroll down one page";
    PageUp = "page_up", None, "Scroll up one page";
    ScrollTop = "scroll_top", None, "Go to the top";
    ScrollBottom = "scroll_bottom", None, "Go to the bottom";
    NextDocument = "next_document", None, "Show the next document in the focused pane";
    PrevDocument = "prev_document", None, "Show the previous document in the focused pane";
    Open = "open", Document, "Show the best fuzzy match for NAME in the focused pane";
    View = "view", Area, "Focus a part of the screen: panes, entities or claims";
    ToggleSidebar = "toggle_sidebar", None, "Show or hide the entity sidebar";
    ToggleComparison = "toggle_comparison", None, "Show or hide the claim comparison";
    Zoom = "zoom", None, "Give the focused part the whole screen, or back";
    NextMention = "next_mention", None, "Go to the next mention of the chosen entity (or claim), in any document";
    PrevMention = "prev_mention", None, "Go to the previous mention of the chosen entity (or claim), in any document";
    Mentions = "mentions", None, "List every mention of the chosen entity (or claim), to filter and open";
    Filter = "filter", OptionalText, "Filter the entity list (fuzzy): type, or give the TEXT";
    SubmitCommand = "submit", None, "Run the command line or accept the finder's choice";
    CompleteNext = "complete_next", None, "Complete the command line (next candidate)";
    CompletePrev = "complete_prev", None, "Complete the command line (previous candidate)";
    HistoryPrev = "history_prev", None, "Recall the previous command";
    HistoryNext = "history_next", None, "Recall the next command";
    SelectNext = "select_next", None, "Select the next item in the list";
    SelectPrev = "select_prev", None, "Select the previous item in the list";
    CursorLeft = "cursor_left", None, "Move the cursor left";
    CursorRight = "cursor_right", None, "Move the cursor right";
    CursorStart = "cursor_start", None, "Move the cursor to the start of the input";
    CursorEnd = "cursor_end", None, "Move the cursor to the end of the input";
    DeleteBack = "delete_back", None, "Delete the character before the cursor";
    DeleteForward = "delete_forward", None, "Delete the character under the cursor";
    DeleteWord = "delete_word", None, "Delete the word before the cursor";
    ClearInput = "clear_input", None, "Clear the input";
    Tag = "tag", Tag, "Tag the selected claim: verified, disputed, false, unverified, key...";
    Untag = "untag", Tag, "Remove a tag from the selected claim";
    Note = "note", OptionalText, "Write a note on the selected claim (- deletes it)";
    NoteEntity = "note_entity", OptionalText, "Write a note on the selected entity";
    NoteDocument = "note_document", OptionalText, "Write a note on the focused pane's document";
    MarkEntity = "mark_entity", None, "Mark the selected entity to merge with another";
    Merge = "merge", OptionalText, "Merge the selected entity with NAME, or with the marked ones";
    Split = "split", OptionalText, "Split the mentions spelt NAME off the selected entity";
    Reject = "reject", OptionalText, "Not a name: this mention, or with all every mention with its text";
    Retype = "retype", OptionalText, "Retype this mention's entity: :retype ORG, or :retype ORG all for every mention with its text";
    SelectSpan = "select_span", None, "Start selecting a span in the focused pane (again: stop)";
    SelectGrow = "select_grow", None, "Take the next word into the selection";
    SelectShrink = "select_shrink", None, "Give back the selection's last word";
    SelectNextWord = "select_next_word", None, "Move the selection to the next word";
    SelectPrevWord = "select_prev_word", None, "Move the selection to the previous word";
    Name = "name", OptionalText, "Name the selected span: :name PERSON (ORG, GPE, LOC, ...)";
    MoveClaim = "move_claim", OptionalText, "Move the selected claim to the group matching TEXT, or alone";
    NextEvent = "next_event", None, "Go to the next event in the comparison and align the panes on it";
    PrevEvent = "prev_event", None, "Go to the previous event in the comparison and align the panes on it";
    ToggleFold = "toggle_fold", None, "Fold the comparison's event under the cursor to its heading, or open it";
    Fold = "fold", None, "Fold the comparison's event under the cursor to its heading";
    Unfold = "unfold", None, "Open the comparison's folded event under the cursor";
    FoldAll = "fold_all", None, "Fold every event in the comparison to its heading";
    UnfoldAll = "unfold_all", None, "Open every folded event in the comparison";
    Explain = "explain", OptionalText, "Mark the selected group's conflict as explained (NOTE says why)";
    Undo = "undo", None, "Undo the last change to the session";
    Redo = "redo", None, "Redo the change last undone";
    Save = "save", None, "Save the session";
    Export = "export", Text, "Export the session: :export json|csv|markdown|w3c FILE";
}

impl ActionKind {
    /// Looks an action up by its name or a command-line alias.
    pub fn from_name(name: &str) -> Option<ActionKind> {
        let canonical = match name {
            "q" | "q!" | "quit!" | "exit" => "quit",
            "help" | "h" => "toggle_help",
            "o" | "e" | "edit" => "open",
            "finder" | "find" => "open_finder",
            "w" | "write" => "save",
            "move" => "move_claim",
            "concordance" | "kwic" => "mentions",
            other => other,
        };
        ActionKind::ALL
            .iter()
            .copied()
            .find(|a| a.name() == canonical)
    }

    /// How far a scrolling action moves a list or a view whose page is `page` rows:
    /// the ends are "very far", for the caller to clamp.
    pub fn scroll_delta(self, page: isize) -> isize {
        match self {
            ActionKind::ScrollDown => 1,
            ActionKind::ScrollUp => -1,
            ActionKind::HalfPageDown => page / 2,
            ActionKind::HalfPageUp => -page / 2,
            ActionKind::PageDown => page,
            ActionKind::PageUp => -page,
            ActionKind::ScrollTop => isize::MIN / 4,
            _ => isize::MAX / 4,
        }
    }

    /// All action names, for error messages and completion.
    pub fn names() -> Vec<&'static str> {
        ActionKind::ALL.iter().map(|a| a.name()).collect()
    }
}

/// An action with its argument, as bound in a keymap ("open") or typed (":open report").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Action {
    pub kind: ActionKind,
    pub arg: Option<String>,
}

impl Action {
    pub fn new(kind: ActionKind) -> Action {
        Action { kind, arg: None }
    }

    pub fn with_arg(kind: ActionKind, arg: impl Into<String>) -> Action {
        Action {
            kind,
            arg: Some(arg.into()),
        }
    }

    /// Parses "name" or "name argument...".
    pub fn parse(text: &str) -> Result<Action, String> {
        let text = text.trim();
        let (name, rest) = match text.split_once(char::is_whitespace) {
            Some((n, r)) => (n, r.trim()),
            None => (text, ""),
        };
        if name.is_empty() {
            return Err("empty command".into());
        }
        let kind = ActionKind::from_name(name).ok_or_else(|| unknown_action_message(name))?;
        match (kind.arg(), rest.is_empty()) {
            (ArgKind::None, false) => Err(format!("{} takes no argument", kind.name())),
            (_, true) => Ok(Action::new(kind)),
            (_, false) => Ok(Action::with_arg(kind, rest)),
        }
    }
}

impl From<ActionKind> for Action {
    fn from(kind: ActionKind) -> Action {
        Action::new(kind)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.arg {
            Some(arg) => write!(f, "{} {}", self.kind.name(), arg),
            None => f.write_str(self.kind.name()),
        }
    }
}

/// "unknown action: x (did you mean y?)".
pub fn unknown_action_message(name: &str) -> String {
    let suggestion = ActionKind::ALL
        .iter()
        .map(|a| (edit_distance(name, a.name()), a.name()))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min();
    match suggestion {
        Some((_, close)) => format!("unknown action \"{name}\" (did you mean \"{close}\"?)"),
        None => format!("unknown action \"{name}\""),
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b_chars.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b_chars.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for kind in ActionKind::ALL {
            let name = kind.name();
            assert!(seen.insert(name), "duplicate {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
            assert_eq!(ActionKind::from_name(name), Some(*kind));
            assert!(!kind.description().is_empty());
        }
    }

    #[test]
    fn parse_commands() {
        assert_eq!(Action::parse("q"), Ok(Action::new(ActionKind::Quit)));
        assert_eq!(Action::parse(" quit "), Ok(Action::new(ActionKind::Quit)));
        assert_eq!(
            Action::parse("open  second report"),
            Ok(Action::with_arg(ActionKind::Open, "second report"))
        );
        assert_eq!(Action::parse("open"), Ok(Action::new(ActionKind::Open)));
        assert_eq!(
            Action::parse("quit now"),
            Err("quit takes no argument".to_string())
        );
        assert_eq!(
            Action::parse("scrol_down"),
            Err("unknown action \"scrol_down\" (did you mean \"scroll_down\"?)".to_string())
        );
        assert_eq!(
            Action::parse("no_such_action"),
            Err("unknown action \"no_such_action\"".to_string())
        );
    }
}
