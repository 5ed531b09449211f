//! Exports of the model's results: the `parallax.extract/1` JSON.

pub mod compare;
pub mod extract;
pub mod json;
