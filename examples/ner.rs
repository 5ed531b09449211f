//! Train or evaluate the NER tagger.
//!
//!     cargo run --release --example ner -- train [DATA_DIR] [OUT]    (see scripts/train_ner.sh)
//!     cargo run --release --example ner -- eval WEIGHTS FILE...     (IOB2 or CoNLL-2003 files)
//!
//! DATA_DIR defaults to ../shared/data/ner; OUT to data/model/ner.bin. Training reads
//! only the openly licensed corpora; conll2003-dev is read by `eval` to measure, never
//! to train.

use std::path::{Path, PathBuf};

use parallax::model::gazetteer::{Gazetteer, Sources};
use parallax::model::ner::augment::{Pools, sports_sentences, with_names_swapped};
use parallax::model::ner::features::{MINOR_WORDS, SentenceView};
use parallax::model::ner::train::{LabelledSentence, Score, TrainOptions, read_iob, spans, train};
use parallax::model::ner::{Class, Tagger};

const ALL: [Class; 4] = [Class::Per, Class::Org, Class::Loc, Class::Misc];
const NO_MISC: [Class; 3] = [Class::Per, Class::Org, Class::Loc];

fn read(path: &Path, annotated: &[Class]) -> Vec<LabelledSentence> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    read_iob(&text, annotated)
}

/// Gazetteers from the files in data/gazetteers (the same ones built into the binary).
fn gazetteer() -> Gazetteer {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteers");
    let load = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let common_words = load("common_words.txt");
    let (places, demonyms, organisations, first_names, titles, org_words) = (
        load("places.tsv"),
        load("demonyms.tsv"),
        load("organisations.tsv"),
        load("first_names.txt"),
        load("titles.tsv"),
        load("org_words.tsv"),
    );
    Gazetteer::from_sources(&Sources {
        places: &places,
        demonyms: &demonyms,
        organisations: &organisations,
        first_names: &first_names,
        titles: &titles,
        org_words: &org_words,
        common_words: &common_words,
    })
}

/// Names for the synthetic sports sentences: people from the corpora's PER spans,
/// towns, regions and countries from the place gazetteer.
fn pools(sentences: &[LabelledSentence]) -> Pools {
    let mut pools = Pools::default();
    let mut seen = std::collections::HashSet::new();
    for s in sentences {
        for (a, b, class) in spans(&s.labels) {
            let words = &s.words[a..b];
            let plain = words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            });
            if class == Class::Per
                && (2..=3).contains(&words.len())
                && plain
                && seen.insert(words.to_vec())
            {
                pools.people.push(words.to_vec());
            }
            let capitalised = words[0].chars().next().is_some_and(char::is_uppercase);
            if class == Class::Org && words.len() <= 5 && capitalised && seen.insert(words.to_vec())
            {
                pools.organisations.push(words.to_vec());
            }
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteers");
    let places = std::fs::read_to_string(dir.join("places.tsv")).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    for line in places.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(name), Some(level)) = (cols.first(), cols.get(5)) else {
            continue;
        };
        let words: Vec<String> = name.split(' ').map(String::from).collect();
        if !name.chars().next().is_some_and(char::is_uppercase)
            || words.len() > 3
            || !seen.insert(name.to_string())
        {
            continue;
        }
        match *level {
            "city" => pools.towns.push(words),
            "state" => pools.regions.push(words),
            "country" => pools.countries.push(words),
            _ => {}
        }
    }
    // WordNet's cities and regions too (counties, states, provinces: clubs and county
    // sides are named after them); acronyms left out.
    for line in parallax::model::lexicon::PROPER_NOUNS
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let Some((name, category)) = line.split_once('\t') else {
            continue;
        };
        let words: Vec<String> = name.split(' ').map(String::from).collect();
        let plain = words.len() <= 2
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().skip(1).all(char::is_lowercase)
            });
        if !plain || !seen.insert(name.to_string()) {
            continue;
        }
        match category {
            "city" => pools.towns.push(words),
            "region" => pools.regions.push(words),
            _ => {}
        }
    }
    pools
}

/// Training corpora: (file under DATA_DIR, classes it annotates).
const TRAINING: &[(&str, bool)] = &[
    ("wikigold/wikigold.iob2.tsv", true),
    ("gum/gum-news-train.iob2.tsv", true),
    ("gum/gum-other-train.iob2.tsv", true),
    ("uner-en-ewt/en_ewt-uner-train.iob2.tsv", false),
    ("btc/btc-train.iob2.tsv", false),
];

const DEV: &[(&str, bool)] = &[
    ("conll2003-dev/eng.testa", true),
    ("gum/gum-news-dev.iob2.tsv", true),
    ("gum/gum-other-dev.iob2.tsv", true),
    ("uner-en-ewt/en_ewt-uner-dev.iob2.tsv", false),
    ("btc/btc-dev.iob2.tsv", false),
];

/// Copies of some sentences in capitals and in Title Case, so headlines are not foreign.
fn with_case_variants(sentences: Vec<LabelledSentence>) -> Vec<LabelledSentence> {
    let mut out = Vec::with_capacity(sentences.len() * 12 / 10);
    for (i, s) in sentences.into_iter().enumerate() {
        if i % 10 == 3 {
            let mut upper = s.clone();
            upper.words = upper.words.iter().map(|w| w.to_uppercase()).collect();
            out.push(upper);
        }
        if i % 10 == 6 && s.words.len() <= 16 {
            let mut title = s.clone();
            title.words = title
                .words
                .iter()
                .enumerate()
                .map(|(k, w)| {
                    if k > 0 && MINOR_WORDS.contains(&w.to_lowercase().as_str()) {
                        w.clone()
                    } else {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect())
                            .unwrap_or_default()
                    }
                })
                .collect();
            out.push(title);
        }
        out.push(s);
    }
    out
}

/// The tagger's labels for each sentence, read a document at a time as the model reads
/// an article (sentences of one `document` are consecutive).
fn tag_all(
    tagger: &Tagger,
    gazetteer: &Gazetteer,
    sentences: &[LabelledSentence],
) -> Vec<Vec<parallax::model::ner::Label>> {
    let mut out = Vec::with_capacity(sentences.len());
    for doc in sentences.chunk_by(|a, b| a.document == b.document) {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let bits: Vec<Vec<u32>> = words.iter().map(|w| gazetteer.bits(w)).collect();
        let views: Vec<SentenceView> = words
            .iter()
            .zip(&bits)
            .map(|(w, b)| SentenceView { words: w, gaz: b })
            .collect();
        let weight = std::env::var("CONSISTENCY")
            .ok()
            .and_then(|v| v.parse().ok());
        out.extend(tagger.tag_document_with(
            &views,
            weight.unwrap_or(parallax::model::ner::model::CONSISTENCY_WEIGHT),
        ));
    }
    out
}

fn evaluate(
    tagger: &Tagger,
    gazetteer: &Gazetteer,
    sentences: &[LabelledSentence],
) -> (Score, Vec<(Class, Score)>) {
    let mut total = Score::default();
    let mut per_class: Vec<(Class, Score)> =
        NO_MISC.iter().map(|c| (*c, Score::default())).collect();
    for (s, labels) in sentences.iter().zip(tag_all(tagger, gazetteer, sentences)) {
        let gold = spans(&s.labels);
        let predicted = spans(&labels);
        total.add(&gold, &predicted, &NO_MISC);
        for (class, score) in per_class.iter_mut() {
            score.add(&gold, &predicted, &[*class]);
        }
    }
    (total, per_class)
}

fn report(name: &str, tagger: &Tagger, gazetteer: &Gazetteer, sentences: &[LabelledSentence]) {
    let (total, per_class) = evaluate(tagger, gazetteer, sentences);
    let classes: Vec<String> = per_class
        .iter()
        .map(|(c, s)| format!("{} {:.3}", c.name(), s.f1()))
        .collect();
    println!(
        "{name:<45} P {:.3} R {:.3} F1 {:.3}  ({})",
        total.precision(),
        total.recall(),
        total.f1(),
        classes.join(", ")
    );
    if std::env::var_os("PER_CLASS").is_some() {
        for (c, s) in &per_class {
            println!(
                "    {:<4} P {:.3} R {:.3} F1 {:.3}",
                c.name(),
                s.precision(),
                s.recall(),
                s.f1()
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") => {
            let data = PathBuf::from(args.get(1).cloned().unwrap_or("../shared/data/ner".into()));
            let out = PathBuf::from(args.get(2).cloned().unwrap_or("data/model/ner.bin".into()));
            let epochs: usize = std::env::var("EPOCHS")
                .ok()
                .and_then(|e| e.parse().ok())
                .unwrap_or(12);
            let gazetteer = gazetteer();
            let mut sentences = Vec::new();
            for (file, has_misc) in TRAINING {
                let classes: &[Class] = if *has_misc { &ALL } else { &NO_MISC };
                let s = read(&data.join(file), classes);
                eprintln!("{file}: {} sentences", s.len());
                sentences.extend(s);
            }
            let sports: usize = std::env::var("SPORTS")
                .ok()
                .and_then(|e| e.parse().ok())
                .unwrap_or(3000);
            let pools = pools(&sentences);
            eprintln!(
                "synthetic sports sentences: {sports} (from {} people, {} towns, {} regions, {} countries); {} organisations to swap in",
                pools.people.len(),
                pools.towns.len(),
                pools.regions.len(),
                pools.countries.len(),
                pools.organisations.len()
            );
            let swap: u64 = std::env::var("SWAP")
                .ok()
                .and_then(|e| e.parse().ok())
                .unwrap_or(30);
            let swapped = with_names_swapped(&sentences, &pools, swap, 20_261_204);
            let mut sentences = with_case_variants(sentences);
            sentences.extend(swapped);
            // Spread through the data so every epoch's shuffle mixes them in.
            sentences.extend(sports_sentences(&pools, sports, 20_261_203));
            let start = std::time::Instant::now();
            let bytes = train(
                &sentences,
                &|words| gazetteer.bits(words),
                &TrainOptions {
                    epochs,
                    seed: 20_241_122,
                    min_weight: 0.02,
                },
                &mut |epoch, errors, tokens| {
                    eprintln!("epoch {epoch}: {errors} token errors of {tokens}");
                },
            );
            eprintln!(
                "trained in {:.1}s; {} bytes",
                start.elapsed().as_secs_f64(),
                bytes.len()
            );
            if let Some(parent) = out.parent() {
                std::fs::create_dir_all(parent).expect("create output folder");
            }
            std::fs::write(&out, &bytes).expect("write weights");
            let tagger = Tagger::decode(&bytes).expect("decode");
            eprintln!("{} features", tagger.feature_count());
            for (file, has_misc) in DEV {
                let path = data.join(file);
                if path.exists() {
                    let classes: &[Class] = if *has_misc { &ALL } else { &NO_MISC };
                    report(file, &tagger, &gazetteer, &read(&path, classes));
                }
            }
        }
        Some("eval") => {
            let weights = std::fs::read(args.get(1).expect("WEIGHTS")).expect("read weights");
            let tagger = Tagger::decode(&weights).expect("decode weights");
            let gazetteer = gazetteer();
            for file in &args[2..] {
                report(file, &tagger, &gazetteer, &read(Path::new(file), &ALL));
            }
        }
        Some("errors") => {
            // One line per wrong or missed span: `FN|FP gold-or-guess TEXT ‖ sentence`.
            let weights = std::fs::read(args.get(1).expect("WEIGHTS")).expect("read weights");
            let tagger = Tagger::decode(&weights).expect("decode weights");
            let gazetteer = gazetteer();
            for file in &args[2..] {
                let sentences = read(Path::new(file), &ALL);
                for (s, labels) in sentences
                    .iter()
                    .zip(tag_all(&tagger, &gazetteer, &sentences))
                {
                    let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                    let gold: Vec<_> = spans(&s.labels)
                        .into_iter()
                        .filter(|x| x.2 != Class::Misc)
                        .collect();
                    let guess: Vec<_> = spans(&labels)
                        .into_iter()
                        .filter(|x| x.2 != Class::Misc)
                        .collect();
                    // `tag` spans of `these` missing from `those`, with what overlaps them.
                    let report =
                        |tag: &str,
                         these: &[(usize, usize, Class)],
                         those: &[(usize, usize, Class)]| {
                            let text = |a: usize, b: usize| words[a..b].join(" ");
                            for x in these.iter().filter(|x| !those.contains(x)) {
                                let other = those
                                    .iter()
                                    .find(|y| y.0 < x.1 && x.0 < y.1)
                                    .map(|y| format!("{} [{}]", y.2.name(), text(y.0, y.1)))
                                    .unwrap_or("-".into());
                                println!(
                                    "{tag}\t{}\t{}\t{other}\t{}",
                                    x.2.name(),
                                    text(x.0, x.1),
                                    words.join(" ")
                                );
                            }
                        };
                    report("FN", &gold, &guess);
                    report("FP", &guess, &gold);
                }
            }
        }
        _ => eprintln!(
            "usage: ner train [DATA_DIR] [OUT] | ner eval WEIGHTS FILE... | ner errors WEIGHTS FILE..."
        ),
    }
}
