//! Training the tagger: an averaged structured perceptron (Collins 2002) over sentences
//! read from IOB files. Corpora that do not annotate a class (most lack MISC) are
//! partially labelled: where they say O, any label of an unannotated class is allowed
//! too, and the update moves towards the best path that agrees with what *is* known.
//!
//! Used by `examples/train_ner.rs`; lives in the library so that training and tagging
//! share one feature extractor.

use std::collections::HashMap;

use super::features::{SentenceView, sentence_features};
use super::model::{Class, LABELS, Label, Scorer, encode, viterbi};

/// One training or evaluation sentence.
#[derive(Debug, Clone)]
pub struct LabelledSentence {
    pub words: Vec<String>,
    pub labels: Vec<Label>,
    /// Classes this sentence's corpus annotates; others may hide under O.
    pub annotated: Vec<Class>,
    /// Which document of its file the sentence is from (`-DOCSTART-` lines divide them).
    pub document: usize,
}

/// Reads an IOB2 file (`TOKEN<TAB>TAG`) or a CoNLL-2003 file (`TOKEN POS CHUNK TAG`,
/// IOB1). `-DOCSTART-` lines and blank lines separate sentences.
pub fn read_iob(text: &str, annotated: &[Class]) -> Vec<LabelledSentence> {
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut document = 0;
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>, document: usize| {
        if !words.is_empty() {
            sentences.push(LabelledSentence {
                words: std::mem::take(words),
                labels: iob_to_labels(tags),
                annotated: annotated.to_vec(),
                document,
            });
            tags.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            flush(&mut words, &mut tags, document);
            if line.starts_with("-DOCSTART-") {
                document += 1;
            }
            continue;
        }
        let separator = if line.contains('\t') { '\t' } else { ' ' };
        let mut parts = line.split(separator);
        // The token first, the tag last; a line with no tag is O.
        let word = parts.next().unwrap_or_default();
        let tag = parts.next_back().unwrap_or("O");
        words.push(word.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut words, &mut tags, document);
    sentences
}

/// IOB1 or IOB2 tags to BIO labels (an I-X that does not continue an X starts one).
/// Unknown classes become O.
fn iob_to_labels(tags: &[String]) -> Vec<Label> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev: Option<Class> = None;
    for tag in tags {
        let parsed = tag
            .split_once('-')
            .and_then(|(bi, c)| Class::parse(c).map(|class| (bi, class)));
        let label = match parsed {
            Some(("B", class)) => Label::begin(class),
            Some(("I", class)) if prev == Some(class) => Label::inside(class),
            Some((_, class)) => Label::begin(class),
            None => Label::O,
        };
        prev = label.class();
        out.push(label);
    }
    out
}

/// Exact-span entities of a label sequence: (start, end, class), end exclusive.
pub fn spans(labels: &[Label]) -> Vec<(usize, usize, Class)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Class)> = None;
    for (i, label) in labels.iter().enumerate() {
        let continues = label.is_inside() && open.is_some_and(|(_, c)| Some(c) == label.class());
        if !continues {
            if let Some((s, c)) = open.take() {
                out.push((s, i, c));
            }
            if let Some(class) = label.class() {
                open = Some((i, class));
            }
        }
    }
    if let Some((s, c)) = open {
        out.push((s, labels.len(), c));
    }
    out
}

/// Weights being learned, with the sums needed for averaging.
struct Averaged {
    index: HashMap<u64, usize>,
    weights: Vec<[f32; LABELS]>,
    totals: Vec<[f64; LABELS]>,
    stamps: Vec<[u64; LABELS]>,
    transitions: [[f32; LABELS]; LABELS],
    transition_totals: [[f64; LABELS]; LABELS],
    transition_stamps: [[u64; LABELS]; LABELS],
    starts: [f32; LABELS],
    start_totals: [f64; LABELS],
    start_stamps: [u64; LABELS],
    clock: u64,
}

impl Scorer for Averaged {
    fn add_scores(&self, feature: u64, scores: &mut [f32; LABELS]) {
        if let Some(&row) = self.index.get(&(feature | 1)) {
            for (s, w) in scores.iter_mut().zip(&self.weights[row]) {
                *s += w;
            }
        }
    }

    fn transition(&self, prev: usize, next: usize) -> f32 {
        self.transitions[prev][next]
    }

    fn start(&self, label: usize) -> f32 {
        self.starts[label]
    }
}

impl Averaged {
    fn new() -> Averaged {
        Averaged {
            index: HashMap::new(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            transitions: [[0.0; LABELS]; LABELS],
            transition_totals: [[0.0; LABELS]; LABELS],
            transition_stamps: [[0; LABELS]; LABELS],
            starts: [0.0; LABELS],
            start_totals: [0.0; LABELS],
            start_stamps: [0; LABELS],
            clock: 0,
        }
    }

    fn update_feature(&mut self, feature: u64, label: usize, delta: f32) {
        let next = self.weights.len();
        let row = *self.index.entry(feature | 1).or_insert(next);
        if row == next {
            self.weights.push([0.0; LABELS]);
            self.totals.push([0.0; LABELS]);
            self.stamps.push([0; LABELS]);
        }
        let elapsed = (self.clock - self.stamps[row][label]) as f64;
        self.totals[row][label] += elapsed * f64::from(self.weights[row][label]);
        self.stamps[row][label] = self.clock;
        self.weights[row][label] += delta;
    }

    fn update_transition(&mut self, prev: usize, next: usize, delta: f32) {
        let elapsed = (self.clock - self.transition_stamps[prev][next]) as f64;
        self.transition_totals[prev][next] += elapsed * f64::from(self.transitions[prev][next]);
        self.transition_stamps[prev][next] = self.clock;
        self.transitions[prev][next] += delta;
    }

    fn update_start(&mut self, label: usize, delta: f32) {
        let elapsed = (self.clock - self.start_stamps[label]) as f64;
        self.start_totals[label] += elapsed * f64::from(self.starts[label]);
        self.start_stamps[label] = self.clock;
        self.starts[label] += delta;
    }

    fn learn(&mut self, features: &[Vec<u64>], gold: &[Label], guess: &[Label]) {
        self.clock += 1;
        if gold == guess {
            return;
        }
        // One label of each per word (a sentence built with fewer labels than words
        // learns from the words it labels).
        let mut prev: Option<(Label, Label)> = None;
        for ((feats, &g), &p) in features.iter().zip(gold).zip(guess) {
            if g != p {
                for f in feats {
                    self.update_feature(*f, g.0 as usize, 1.0);
                    self.update_feature(*f, p.0 as usize, -1.0);
                }
            }
            if g != p || prev.is_some_and(|(gp, pp)| gp != pp) {
                match prev {
                    Some((gp, pp)) => {
                        self.update_transition(gp.0 as usize, g.0 as usize, 1.0);
                        self.update_transition(pp.0 as usize, p.0 as usize, -1.0);
                    }
                    None => {
                        self.update_start(g.0 as usize, 1.0);
                        self.update_start(p.0 as usize, -1.0);
                    }
                }
            }
            prev = Some((g, p));
        }
    }

    /// The averaged weights, dropping features whose weights all round to nothing.
    fn finish(self, min_weight: f32) -> Vec<u8> {
        let clock = self.clock.max(1) as f64;
        let average = |total: f64, w: f32, stamp: u64| -> f32 {
            ((total + (self.clock - stamp) as f64 * f64::from(w)) / clock) as f32
        };
        let mut features = Vec::with_capacity(self.weights.len());
        let mut entries: Vec<(&u64, &usize)> = self.index.iter().collect();
        entries.sort();
        for (key, &row) in entries {
            let mut averaged = [0f32; LABELS];
            for l in 0..LABELS {
                averaged[l] = average(
                    self.totals[row][l],
                    self.weights[row][l],
                    self.stamps[row][l],
                );
            }
            if averaged.iter().any(|w| w.abs() >= min_weight) {
                features.push((*key, averaged));
            }
        }
        let mut transitions = [[0f32; LABELS]; LABELS];
        for p in 0..LABELS {
            for n in 0..LABELS {
                transitions[p][n] = average(
                    self.transition_totals[p][n],
                    self.transitions[p][n],
                    self.transition_stamps[p][n],
                );
            }
        }
        let mut starts = [0f32; LABELS];
        for l in 0..LABELS {
            starts[l] = average(self.start_totals[l], self.starts[l], self.start_stamps[l]);
        }
        encode(&features, &transitions, &starts)
    }
}

/// Which labels a position may take given what its corpus annotates.
fn allowed_masks(sentence: &LabelledSentence) -> Option<Vec<u16>> {
    let missing: Vec<Class> = Class::ALL
        .iter()
        .copied()
        .filter(|c| !sentence.annotated.contains(c))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut extra = 0u16;
    for class in missing {
        extra |= 1 << Label::begin(class).0;
        extra |= 1 << Label::inside(class).0;
    }
    Some(
        sentence
            .labels
            .iter()
            .map(|l| {
                let own = 1u16 << l.0;
                if *l == Label::O { own | extra } else { own }
            })
            .collect(),
    )
}

/// A deterministic shuffle (xorshift), so training runs repeat exactly.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Features whose averaged weights are all below this are dropped.
    pub min_weight: f32,
}

/// Trains on `sentences`, each with its gazetteer bits computed by `gaz`. Returns the
/// weights file's bytes. `progress` hears (epoch, errors, tokens).
pub fn train(
    sentences: &[LabelledSentence],
    gaz: &dyn Fn(&[&str]) -> Vec<u32>,
    options: &TrainOptions,
    progress: &mut dyn FnMut(usize, usize, usize),
) -> Vec<u8> {
    let mut model = Averaged::new();
    // Per sentence: the features of each word, and the labels each word may take.
    type Prepared = (Vec<Vec<u64>>, Option<Vec<u16>>);
    let prepared: Vec<Prepared> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let bits = gaz(&words);
            let mut features = Vec::new();
            sentence_features(
                &SentenceView {
                    words: &words,
                    gaz: &bits,
                },
                &mut features,
            );
            (features, allowed_masks(s))
        })
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut seed = options.seed.max(1);
    for epoch in 0..options.epochs {
        shuffle(&mut order, &mut seed);
        let mut errors = 0;
        let mut tokens = 0;
        for &i in &order {
            let (features, allowed) = &prepared[i];
            let guess = viterbi(&model, features, None);
            // The target: the gold labels, or for partial annotation the best path
            // that agrees with them.
            let gold = match allowed {
                None => sentences[i].labels.clone(),
                Some(mask) => viterbi(&model, features, Some(mask)),
            };
            errors += gold.iter().zip(&guess).filter(|(g, p)| g != p).count();
            tokens += gold.len();
            model.learn(features, &gold, &guess);
        }
        progress(epoch + 1, errors, tokens);
    }
    model.finish(options.min_weight)
}

/// Exact-span precision, recall and F1 over the given classes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.true_positives as f64 / self.predicted as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.true_positives as f64 / self.gold as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(
        &mut self,
        gold: &[(usize, usize, Class)],
        predicted: &[(usize, usize, Class)],
        classes: &[Class],
    ) {
        let keep = |s: &&(usize, usize, Class)| classes.contains(&s.2);
        let gold: Vec<_> = gold.iter().filter(keep).collect();
        let predicted: Vec<_> = predicted.iter().filter(keep).collect();
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.true_positives += predicted.iter().filter(|p| gold.contains(p)).count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iob2_and_conll_iob1() {
        let iob2 = "-DOCSTART-\n\nMaria\tB-PER\nLopez\tI-PER\nsaid\tO\n\nIn\tO\nLima\tB-LOC\n";
        let s = read_iob(iob2, &[Class::Per, Class::Loc, Class::Org]);
        assert_eq!(s.len(), 2);
        assert_eq!(spans(&s[0].labels), vec![(0, 2, Class::Per)]);
        let conll = "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n\nPeter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n";
        let s = read_iob(conll, &Class::ALL);
        assert_eq!(
            spans(&s[0].labels),
            vec![(0, 1, Class::Org), (2, 3, Class::Misc)]
        );
        assert_eq!(spans(&s[1].labels), vec![(0, 2, Class::Per)]);
    }

    #[test]
    fn reads_odd_iob_lines() {
        // A token without a tag, an empty token, extra columns, stray spaces, a CR.
        let text = "Lone\n\tB-PER\nRoe x y I-PER\r\n  \n\n-DOCSTART- O\n@\tO\n";
        let s = read_iob(text, &Class::ALL);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["Lone", "", "Roe"]);
        assert_eq!(spans(&s[0].labels), vec![(1, 3, Class::Per)]);
        assert_eq!(s[1].words, ["@"]);
        assert!(read_iob("", &Class::ALL).is_empty());
        assert_eq!(spans(&[]), vec![]);
        assert_eq!(
            spans(&[Label::inside(Class::Org)]),
            vec![(0, 1, Class::Org)]
        );
    }

    #[test]
    fn trains_on_sentences_with_too_few_labels() {
        // Built by hand, not read: two words, one label; and no words at all.
        let data = [
            LabelledSentence {
                words: vec!["Alice".into(), "ran".into()],
                labels: vec![Label::begin(Class::Per)],
                annotated: vec![Class::Per],
                document: 0,
            },
            LabelledSentence {
                words: vec![],
                labels: vec![],
                annotated: Class::ALL.to_vec(),
                document: 0,
            },
        ];
        let bytes = train(
            &data,
            &|_| Vec::new(),
            &TrainOptions {
                epochs: 2,
                seed: 0,
                min_weight: 0.0,
            },
            &mut |_, _, _| {},
        );
        assert!(super::super::model::Tagger::decode(&bytes).is_ok());
        let s = Score::default();
        assert_eq!((s.precision(), s.recall(), s.f1()), (0.0, 0.0, 0.0));
    }

    #[test]
    fn learns_a_toy_task_and_partial_labels_allow_misc() {
        let text =
            "Alice\tB-PER\nvisited\tO\nParis\tB-LOC\n\nBob\tB-PER\nvisited\tO\nRome\tB-LOC\n\n";
        let mut data = read_iob(&text.repeat(5), &Class::ALL);
        let partial = read_iob(
            "Carol\tB-PER\nvisited\tO\nOlympics\tO\n",
            &[Class::Per, Class::Org, Class::Loc],
        );
        assert_eq!(
            allowed_masks(&partial[0]).unwrap()[2] & (1 << Label::begin(Class::Misc).0),
            1 << Label::begin(Class::Misc).0
        );
        data.extend(partial);
        let bytes = train(
            &data,
            &|w| vec![0; w.len()],
            &TrainOptions {
                epochs: 5,
                seed: 7,
                min_weight: 0.0,
            },
            &mut |_, _, _| {},
        );
        let tagger = super::super::model::Tagger::decode(&bytes).unwrap();
        let words = ["Alice", "visited", "Rome"];
        let labels = tagger.tag(
            &SentenceView {
                words: &words,
                gaz: &[0, 0, 0],
            },
            &mut Vec::new(),
        );
        assert_eq!(spans(&labels), vec![(0, 1, Class::Per), (2, 3, Class::Loc)]);
    }
}
