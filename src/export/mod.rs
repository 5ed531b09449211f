//! Exports of the model's results: the `parallax.extract/1` JSON.

pub mod compare;
pub mod extract;
pub mod json;

/// "1 group", "2 groups": a count with its noun, plural unless the count is one.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
