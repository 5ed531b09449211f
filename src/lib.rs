// Matrix code (Viterbi, perceptron weights) reads better with index loops.
#![allow(clippy::needless_range_loop)]
// Nested conditions that read as "if this, then check that" stay nested.
#![allow(clippy::collapsible_if, clippy::collapsible_match)]
//! Parallax: a terminal workbench for comparing news reports of one event.
//!
//! Data flows one way: files → [`corpus`] (documents with titles, dates, debris) →
//! views ([`tui`]) and exports ([`cli`]).

pub mod cache;
pub mod cli;
pub mod corpus;
pub mod date;
pub mod export;
pub mod failure;
pub mod model;
pub mod sanitize;
pub mod session;
pub mod timings;
pub mod tui;
