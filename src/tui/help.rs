//! The help overlay's content, generated from the active keymap: per context, each
//! action with the keys bound to it, its name and its description.

use super::keymap::{Context, Keymap};
use super::keys::format_sequence;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(String),
    Binding {
        keys: String,
        action: String,
        description: String,
    },
    Blank,
}

fn context_title(context: Context) -> &'static str {
    match context {
        Context::Global => "Everywhere (global)",
        Context::Panes => "Article panes (panes)",
        Context::Sidebar => "Entity sidebar (sidebar)",
        Context::Claims => "Claim comparison (claims)",
        Context::Help => "This help (help)",
        Context::Command => "Command line (command)",
        Context::Finder => "Finder (finder)",
        Context::Mentions => "Concordance of mentions (mentions; the finder's keys too)",
        Context::Selection => "Selecting a span in a pane (selection; the panes' keys too)",
    }
}

pub fn rows(keymap: &Keymap) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for context in Context::ALL {
        let bindings = keymap.bindings(*context);
        if bindings.is_empty() {
            continue;
        }
        if !rows.is_empty() {
            rows.push(HelpRow::Blank);
        }
        rows.push(HelpRow::Heading(context_title(*context).to_string()));
        // One row per action (with its argument), listing all its keys.
        let mut i = 0;
        while i < bindings.len() {
            let action = &bindings[i].action;
            let mut keys = Vec::new();
            while i < bindings.len() && bindings[i].action == *action {
                keys.push(format_sequence(&bindings[i].keys));
                i += 1;
            }
            rows.push(HelpRow::Binding {
                keys: keys.join(", "),
                action: action.to_string(),
                description: action.kind.description().to_string(),
            });
        }
    }
    rows.push(HelpRow::Blank);
    rows.push(HelpRow::Heading("Commands".to_string()));
    rows.push(HelpRow::Binding {
        keys: ":".to_string(),
        action: "NAME [ARGUMENT]".to_string(),
        description: "Every action above is also a command, e.g. :quit, :q, :open NAME".to_string(),
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_quit_with_its_keys() {
        let rows = rows(&Keymap::default_keymap());
        let quit = rows
            .iter()
            .find_map(|r| match r {
                HelpRow::Binding { keys, action, .. } if action == "quit" => Some(keys.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(quit, "q, <C-c>");
        assert!(matches!(&rows[0], HelpRow::Heading(h) if h.contains("global")));
    }
}
