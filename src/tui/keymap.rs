//! Keymaps are data: a TOML table per context mapping key sequences to actions.
//!
//! ```toml
//! [panes]
//! "j" = "scroll_down"
//! "g g" = "scroll_top"
//! "o" = "open"          # an action that takes an argument opens the command line
//! ```
//!
//! Resolving a key is a pure function of the keymap, the active contexts and the keys
//! pressed so far; tests call it without a terminal.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::action::{Action, ActionKind, unknown_action_message};
use super::keys::{Code, Key, Mods, format_sequence, parse_sequence};

/// Where a binding applies. The active contexts are searched most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Panes,
    Sidebar,
    Claims,
    Help,
    Command,
    Finder,
    /// The concordance of mentions; the finder's keys apply there too.
    Mentions,
    /// A span being selected in a pane; the panes' keys apply there too.
    Selection,
}

impl Context {
    pub const ALL: &'static [Context] = &[
        Context::Global,
        Context::Panes,
        Context::Sidebar,
        Context::Claims,
        Context::Help,
        Context::Command,
        Context::Finder,
        Context::Mentions,
        Context::Selection,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Panes => "panes",
            Context::Sidebar => "sidebar",
            Context::Claims => "claims",
            Context::Help => "help",
            Context::Command => "command",
            Context::Finder => "finder",
            Context::Mentions => "mentions",
            Context::Selection => "selection",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// The keymaps that ship inside the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
}

/// A loaded keymap: per context, key sequences to actions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    /// Where it came from ("default", a file path), for the status bar and help.
    pub origin: String,
    contexts: BTreeMap<Context, BTreeMap<Vec<Key>, Action>>,
    /// Sequences bound to "none": removed from a keymap this one is laid over.
    removed: BTreeMap<Context, Vec<Vec<Key>>>,
}

/// One problem in a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.origin, self.line, self.message)
    }
}

/// The answer to "what do these keys mean here?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The keys complete a binding.
    Matched(Action),
    /// The keys start one or more longer bindings: wait for the next key.
    Pending,
    /// No binding starts with these keys.
    NotFound,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn valid_contexts() -> String {
    Context::ALL
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn valid_key_names() -> &'static str {
    "a single character, or <Enter> <Esc> <Tab> <Backspace> <Delete> <Insert> <Up> <Down> \
     <Left> <Right> <Home> <End> <PageUp> <PageDown> <Space> <lt> <F1>..<F24>, with \
     modifiers C- A- S- as in <C-d>; sequences separated by spaces as in \"g g\""
}

impl Keymap {
    /// Parses keymap text. `origin` names the file in messages. Reports every problem
    /// found, not only the first.
    pub fn parse(text: &str, origin: &str) -> Result<Keymap, Vec<KeymapError>> {
        let err = |line: usize, message: String| KeymapError {
            origin: origin.to_string(),
            line,
            message,
        };
        let raw = match DeTable::parse(text) {
            Ok(raw) => raw.into_inner(),
            Err(e) => {
                let line = e.span().map_or(1, |s| line_of(text, s.start));
                let message = e.message().trim().to_string();
                return Err(vec![err(line, format!("invalid TOML: {message}"))]);
            }
        };
        let mut errors = Vec::new();
        let mut keymap = Keymap {
            origin: origin.to_string(),
            contexts: BTreeMap::new(),
            removed: BTreeMap::new(),
        };
        for (context_name, value) in raw.iter() {
            let line = line_of(text, context_name.span().start);
            let Some(context) = Context::from_name(context_name.get_ref()) else {
                errors.push(err(
                    line,
                    format!(
                        "unknown context [{}] (valid contexts: {})",
                        context_name.get_ref(),
                        valid_contexts()
                    ),
                ));
                continue;
            };
            let Some(table) = value.get_ref().as_table() else {
                errors.push(err(
                    line,
                    format!(
                        "[{}] must be a table of \"key\" = \"action\" lines",
                        context.name()
                    ),
                ));
                continue;
            };
            for (key_text, action_value) in table.iter() {
                let line = line_of(text, key_text.span().start);
                let key_text: &str = key_text.get_ref();
                let keys = match parse_sequence(key_text) {
                    Ok(keys) => keys,
                    Err(e) => {
                        errors.push(err(
                            line,
                            format!(
                                "[{}] key \"{key_text}\": {e} (valid keys: {})",
                                context.name(),
                                valid_key_names()
                            ),
                        ));
                        continue;
                    }
                };
                let Some(action_text) = action_value.get_ref().as_str() else {
                    errors.push(err(
                        line,
                        format!(
                            "[{}] key \"{key_text}\": the action must be a string such as \"quit\"",
                            context.name()
                        ),
                    ));
                    continue;
                };
                if action_text.trim() == "none" {
                    keymap.contexts.entry(context).or_default().remove(&keys);
                    keymap.removed.entry(context).or_default().push(keys);
                    continue;
                }
                match Action::parse(action_text) {
                    Ok(action) => {
                        keymap
                            .contexts
                            .entry(context)
                            .or_default()
                            .insert(keys, action);
                    }
                    Err(e) => {
                        let name = action_text.split_whitespace().next().unwrap_or("");
                        let message = if ActionKind::from_name(name).is_none() {
                            format!(
                                "[{}] key \"{key_text}\": {} (valid actions: {})",
                                context.name(),
                                unknown_action_message(name),
                                ActionKind::names().join(", ")
                            )
                        } else {
                            format!("[{}] key \"{key_text}\": {e}", context.name())
                        };
                        errors.push(err(line, message));
                    }
                }
            }
        }
        // A sequence that is a prefix of another can never be reached.
        for (context, bindings) in &keymap.contexts {
            let seqs: Vec<&Vec<Key>> = bindings.keys().collect();
            for pair in seqs.windows(2) {
                if pair[1].starts_with(pair[0]) {
                    errors.push(err(
                        line_for_key(text, &format_sequence(pair[0])),
                        format!(
                            "[{}] key \"{}\" is a prefix of \"{}\", so \"{}\" could never be reached",
                            context.name(),
                            format_sequence(pair[0]),
                            format_sequence(pair[1]),
                            format_sequence(pair[1]),
                        ),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(keymap)
        } else {
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }

    /// A built-in keymap by name.
    pub fn builtin(name: &str) -> Option<Keymap> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        Keymap::parse(text, &format!("keymaps/{name}.toml")).ok()
    }

    /// The default keymap. It ships inside the binary and is checked by the tests.
    pub fn default_keymap() -> Keymap {
        Keymap::builtin("default").unwrap_or_default()
    }

    /// Loads a keymap file.
    pub fn load_file(path: &Path) -> Result<Keymap, Vec<KeymapError>> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![KeymapError {
                origin: origin.clone(),
                line: 0,
                message: format!("cannot read: {e}"),
            }]
        })?;
        Keymap::parse(&text, &origin)
    }

    /// Lays `other` over this keymap: its bindings replace any of ours that would clash
    /// (same keys, or one a prefix of the other).
    pub fn overlay(&mut self, other: &Keymap) {
        for (context, sequences) in &other.removed {
            if let Some(ours) = self.contexts.get_mut(context) {
                for keys in sequences {
                    ours.remove(keys);
                }
            }
        }
        for (context, bindings) in &other.contexts {
            let ours = self.contexts.entry(*context).or_default();
            for (keys, action) in bindings {
                ours.retain(|k, _| !(k.starts_with(keys) || keys.starts_with(k)));
                ours.insert(keys.clone(), action.clone());
            }
        }
        self.origin = format!("{} + {}", self.origin, other.origin);
    }

    /// What `pressed` means with `contexts` active (most specific first).
    pub fn resolve(&self, contexts: &[Context], pressed: &[Key]) -> Resolution {
        if pressed.is_empty() {
            return Resolution::NotFound;
        }
        for context in contexts {
            let Some(bindings) = self.contexts.get(context) else {
                continue;
            };
            if let Some(action) = bindings.get(pressed) {
                return Resolution::Matched(action.clone());
            }
            let longer = bindings
                .range(pressed.to_vec()..)
                .next()
                .is_some_and(|(k, _)| k.starts_with(pressed));
            if longer {
                return Resolution::Pending;
            }
        }
        Resolution::NotFound
    }

    /// Every binding, by context then in the vocabulary's order.
    pub fn bindings(&self, context: Context) -> Vec<Binding> {
        let mut out: Vec<Binding> = self
            .contexts
            .get(&context)
            .map(|b| {
                b.iter()
                    .map(|(keys, action)| Binding {
                        keys: keys.clone(),
                        action: action.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Within an action: shorter sequences first, plain characters before named and
        // modified keys ("q, <C-c>").
        let special = |keys: &[Key]| {
            keys.iter()
                .filter(|k| k.mods != Mods::default() || !matches!(k.code, Code::Char(_)))
                .count()
        };
        out.sort_by(|a, b| {
            (
                a.action.kind,
                &a.action.arg,
                a.keys.len(),
                special(&a.keys),
                &a.keys,
            )
                .cmp(&(
                    b.action.kind,
                    &b.action.arg,
                    b.keys.len(),
                    special(&b.keys),
                    &b.keys,
                ))
        });
        out
    }

    /// The keys bound to `kind` in any context, for hints ("press ? for help").
    pub fn keys_for(&self, kind: ActionKind) -> Vec<String> {
        let mut keys: Vec<String> = self
            .contexts
            .values()
            .flat_map(|b| b.iter())
            .filter(|(_, a)| a.kind == kind && a.arg.is_none())
            .map(|(k, _)| format_sequence(k))
            .collect();
        keys.sort_by_key(|k| (k.len(), k.clone()));
        keys.dedup();
        keys
    }

    /// Actions no context binds: a shipped keymap must leave none.
    pub fn unbound_actions(&self) -> Vec<ActionKind> {
        ActionKind::ALL
            .iter()
            .copied()
            .filter(|kind| {
                !self
                    .contexts
                    .values()
                    .any(|b| b.values().any(|a| a.kind == *kind))
            })
            .collect()
    }
}

/// The line where a key is written, for errors found after parsing.
fn line_for_key(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    text.find(&quoted)
        .or_else(|| text.find(key))
        .map_or(1, |offset| line_of(text, offset))
}

/// Where the user's own keymap lives: `$XDG_CONFIG_HOME/parallax/keymap.toml`, or
/// `~/.config/parallax/keymap.toml`.
pub fn user_keymap_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("keymap.toml"))
}

/// Parallax's folder in the XDG config directory.
pub fn config_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("parallax"))
}

/// What `--keymap NAME|FILE` refers to.
pub enum KeymapChoice {
    Builtin(&'static str),
    File(PathBuf),
}

/// Finds `--keymap`'s argument: a built-in name, a file, or a name under `keymaps/` (in
/// the working directory, then the user's config directory).
pub fn find_keymap(name_or_file: &str) -> Result<KeymapChoice, String> {
    if let Some((name, _)) = BUILTIN.iter().find(|(n, _)| *n == name_or_file) {
        return Ok(KeymapChoice::Builtin(name));
    }
    let path = PathBuf::from(name_or_file);
    if path.is_file() {
        return Ok(KeymapChoice::File(path));
    }
    let mut candidates = vec![PathBuf::from("keymaps").join(format!("{name_or_file}.toml"))];
    if let Some(dir) = config_dir() {
        candidates.push(dir.join("keymaps").join(format!("{name_or_file}.toml")));
    }
    candidates
        .into_iter()
        .find(|p| p.is_file())
        .map(KeymapChoice::File)
        .ok_or_else(|| {
            let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            format!(
                "no keymap named \"{name_or_file}\" (built in: {}; or give a file path)",
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Key> {
        parse_sequence(text).unwrap()
    }

    #[test]
    fn shipped_keymaps_parse_and_bind_every_action() {
        for (name, text) in BUILTIN {
            let keymap = Keymap::parse(text, name).unwrap_or_else(|e| {
                panic!(
                    "{name}: {}",
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
            assert_eq!(
                keymap.unbound_actions(),
                vec![],
                "{name} leaves actions unbound"
            );
        }
    }

    #[test]
    fn resolves_sequences_by_context() {
        let keymap = Keymap::parse(
            "[global]\nq = \"quit\"\n\"<C-c>\" = \"quit\"\n[panes]\n\"g g\" = \"scroll_top\"\nj = \"scroll_down\"\nq = \"cancel\"\n",
            "test",
        )
        .unwrap();
        let panes = [Context::Panes, Context::Global];
        assert_eq!(keymap.resolve(&panes, &keys("g")), Resolution::Pending);
        assert_eq!(
            keymap.resolve(&panes, &keys("g g")),
            Resolution::Matched(ActionKind::ScrollTop.into())
        );
        assert_eq!(keymap.resolve(&panes, &keys("g j")), Resolution::NotFound);
        // The more specific context wins.
        assert_eq!(
            keymap.resolve(&panes, &keys("q")),
            Resolution::Matched(ActionKind::Cancel.into())
        );
        assert_eq!(
            keymap.resolve(&[Context::Global], &keys("q")),
            Resolution::Matched(ActionKind::Quit.into())
        );
        assert_eq!(
            keymap.resolve(&panes, &keys("<C-c>")),
            Resolution::Matched(ActionKind::Quit.into())
        );
    }

    #[test]
    fn reports_unknown_action_with_line_key_and_valid_names() {
        let text = "[global]\nq = \"quit\"\n\n[panes]\nx = \"no_such_action\"\n";
        let errors = Keymap::parse(text, "bad.toml").unwrap_err();
        assert_eq!(errors.len(), 1);
        let message = errors[0].to_string();
        assert!(
            message.starts_with(
                "bad.toml:5: [panes] key \"x\": unknown action \"no_such_action\" (valid actions: quit, toggle_help,"
            ),
            "{message}"
        );
    }

    #[test]
    fn reports_bad_keys_contexts_and_syntax() {
        let errors = Keymap::parse("[panes]\n\"<Hyper-x>\" = \"quit\"\n", "k.toml").unwrap_err();
        assert!(errors[0].to_string().starts_with(
            "k.toml:2: [panes] key \"<Hyper-x>\": unknown key \"<Hyper-x>\" (valid keys:"
        ));
        let errors = Keymap::parse("[pains]\nj = \"scroll_down\"\n", "k.toml").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "k.toml:1: unknown context [pains] (valid contexts: global, panes, sidebar, claims, help, command, finder, mentions, selection)"
        );
        let errors = Keymap::parse("[panes]\nj = \n", "k.toml").unwrap_err();
        assert!(
            errors[0].to_string().starts_with("k.toml:2: invalid TOML"),
            "{}",
            errors[0]
        );
        let errors = Keymap::parse("[panes]\nj = 3\n", "k.toml").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "k.toml:2: [panes] key \"j\": the action must be a string such as \"quit\""
        );
        let errors = Keymap::parse(
            "[panes]\ng = \"scroll_top\"\n\"g g\" = \"scroll_top\"\n",
            "k.toml",
        )
        .unwrap_err();
        assert!(
            errors[0].message.contains("\"g\" is a prefix of \"g g\""),
            "{}",
            errors[0]
        );
        let errors = Keymap::parse("[global]\nq = \"quit now\"\n", "k.toml").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "k.toml:2: [global] key \"q\": quit takes no argument"
        );
    }

    #[test]
    fn reports_every_error_in_order() {
        let text = "[panes]\na = \"nope\"\nb = \"scroll_down\"\nc = \"nada\"\n";
        let errors = Keymap::parse(text, "k.toml").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 4]);
    }

    #[test]
    fn overlay_replaces_clashing_bindings_and_none_unbinds() {
        let mut base = Keymap::parse(
            "[panes]\n\"g g\" = \"scroll_top\"\nj = \"scroll_down\"\n",
            "base",
        )
        .unwrap();
        let user = Keymap::parse("[panes]\ng = \"scroll_bottom\"\n", "user").unwrap();
        base.overlay(&user);
        let panes = [Context::Panes];
        assert_eq!(
            base.resolve(&panes, &keys("g")),
            Resolution::Matched(ActionKind::ScrollBottom.into())
        );
        let removal = Keymap::parse("[panes]\nj = \"none\"\n", "u").unwrap();
        base.overlay(&removal);
        assert_eq!(base.resolve(&panes, &keys("j")), Resolution::NotFound);
    }

    #[test]
    fn bound_arguments_are_kept() {
        let keymap = Keymap::parse("[panes]\nx = \"open second\"\n", "k").unwrap();
        assert_eq!(
            keymap.resolve(&[Context::Panes], &keys("x")),
            Resolution::Matched(Action::with_arg(ActionKind::Open, "second"))
        );
    }
}
