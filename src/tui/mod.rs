//! The workbench: state, actions, update, keymap and views kept apart.
//!
//! Data flows one way: keys and mouse become [`action::Action`]s through the
//! [`keymap`]; [`update`] applies them to the [`state::App`]; [`view`] draws the state.

pub mod action;
pub mod annotate;
pub mod help;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod learning;
pub mod run;
pub mod search;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

pub use run::{Options, run};
pub mod comparison;
pub mod concordance;
pub mod correct;
pub mod entities;
pub mod finder;
pub mod follow;
pub mod index;
pub mod sidebar;
