#!/usr/bin/env python3
"""Build benchmark corpora of N articles from the real news sentences in ../shared/data/ner.

Sentences come from the news parts of the staged NER data: GUM's Wikinews documents
(all splits) and the CoNLL-2003 dev set (Reuters). They are detokenised and grouped
into "stories": each story is a pool of sentences, and about five articles (outlets)
draw from the same pool, so that the articles of a story repeat and share claims as
real coverage of one event does. Each article gets a headline, a dateline and about 600
words. A fixed seed makes the output the same on every run.

The text belongs to its publishers and the CoNLL data is for measuring only:
bench/out/ is git-ignored and must never be committed.

Usage (from the repo root):  python3 bench/make_scale_corpus.py 100 1000 10000
Writes bench/out/scale/N/*.txt
"""
import argparse
import os
import random
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NER = os.path.join(REPO, "..", "shared", "data", "ner")
SOURCES = [
    os.path.join(NER, "gum", "gum-news-train.iob2.tsv"),
    os.path.join(NER, "gum", "gum-news-dev.iob2.tsv"),
    os.path.join(NER, "gum", "gum-news-test.iob2.tsv"),
    os.path.join(NER, "conll2003-dev", "eng.testa"),
]
OUTLETS = ["Daily Ledger", "The Courier", "Metro Wire", "Evening Post", "World Desk",
           "News Today", "The Observer Line", "Capital Report"]
MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.",
          "Nov.", "Dec."]


def sentences(path):
    """Token lists of the sentences of one IOB file (first column is the token)."""
    out, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    out.append(current)
                current = []
                continue
            token = line.split("\t")[0].split(" ")[0]
            if token == "-DOCSTART-":
                continue
            current.append(token)
    if current:
        out.append(current)
    return out


def detokenise(tokens):
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return text


def load_pool():
    pool = []
    for path in SOURCES:
        if not os.path.exists(path):
            continue
        for tokens in sentences(path):
            if 6 <= len(tokens) <= 60 and tokens[0][:1].isupper():
                pool.append(detokenise(tokens))
    if not pool:
        raise SystemExit(f"no sentences found under {os.path.normpath(NER)}")
    return pool


def build(n, pool, out_dir, seed):
    rng = random.Random(seed * 1_000_003 + n)
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    stories = max(1, n // 5)
    words = 0
    for i in range(n):
        story = i % stories
        story_rng = random.Random(seed * 7919 + story)
        start = story_rng.randrange(len(pool))
        # The story's pool: 60 neighbouring sentences; each article takes most of them,
        # in its own order, plus a few of its own.
        story_pool = [pool[(start + k) % len(pool)] for k in range(60)]
        body = rng.sample(story_pool, 24) + rng.sample(pool, 6)
        rng.shuffle(body)
        outlet = OUTLETS[i % len(OUTLETS)]
        day = 1 + story % 28
        month = MONTHS[story % 12]
        headline = story_pool[0][:90].rstrip(" ,.;:")
        paragraphs = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
        text = (
            f"{headline}\n\n{outlet}\n{month} {day}, 2024 - {10 + i % 12}:{i % 60:02d}\n\n"
            + "\n\n".join(paragraphs)
            + "\n"
        )
        words += len(text.split())
        with open(os.path.join(out_dir, f"{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    return words


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", type=int, nargs="+", help="numbers of articles")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    pool = load_pool()
    for n in args.sizes:
        out_dir = os.path.join(HERE, "out", "scale", str(n))
        words = build(n, pool, out_dir, args.seed)
        print(f"{out_dir}: {n} articles, {words} words (pool of {len(pool)} sentences)")


if __name__ == "__main__":
    main()
