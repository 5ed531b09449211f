//! Named-entity recognition: a structured perceptron over BIO labels with word, shape,
//! affix, context and gazetteer features. Trained by `examples/train_ner.rs` (see
//! `scripts/train_ner.sh`) from the open corpora in `../shared/data/ner`.

pub mod augment;
pub mod features;
mod lanes;
pub mod learn;
pub mod memo;
pub mod model;
pub mod train;

pub use model::{Class, Label, Tagger};
