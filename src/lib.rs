//! Parallax: a terminal workbench for comparing news reports of one event.
//!
//! Data flows one way: files → [`corpus`] (documents with titles, dates, debris) →
//! views ([`tui`]) and exports ([`cli`]).

pub mod cli;
pub mod corpus;
pub mod date;
pub mod sanitize;
pub mod tui;
