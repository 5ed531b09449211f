#!/usr/bin/env python3
"""Sweep every staged NER text through `parallax extract` and `parallax compare`.

Every file of ../shared/data/ner (news, Wikipedia, web text, tweets; the CoNLL dev set
too, which is only read here, never trained on) is cut into its sentences, and the
sentences are joined into articles of 20-40 sentences, in the order they come, so an
article holds what the file holds: quoted tweets with their handles and links, tables
of results, lists, ALL-CAPS headlines, tokenised text (`" , ( )` as separate words).
Half the articles keep the tokens spaced as the files have them; the other half are
detokenised as a news page prints them. The first line of each article is its first
sentence (its title), then paragraphs of three sentences.

    python3 bench/staged_sweep.py              # every sentence once (about 1,500 articles)
    python3 bench/staged_sweep.py --articles 10000
    python3 bench/staged_sweep.py --build-only --articles 1000

Without --articles each sentence is used once; with it, articles are drawn (fixed seed)
from the files in proportion to their size until there are that many. The articles go
to bench/out/sweep/N/ (git-ignored: the texts belong to their publishers and must never
be committed). Then `extract` and `compare` run over the folder with the cache off; the
sweep passes when both exit 0, stderr holds no "panicked" and no backtrace, and the
JSON parses. It exits 1 otherwise, printing what failed.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_scale_corpus import detokenise, sentences  # noqa: E402  (one reader of IOB files)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NER = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "ner"))
BINARY = os.path.join(REPO, "target", "release", "parallax")


def staged_files():
    """Every token file under the staged NER data, in a fixed order."""
    found = []
    for root, _, files in os.walk(NER):
        for name in files:
            if name.endswith(".tsv") and name != "gum-docs.tsv" or name == "eng.testa":
                found.append(os.path.join(root, name))
    return sorted(found)


def article(tokens_of_sentences, tokenised):
    lines = [" ".join(t) if tokenised else detokenise(t) for t in tokens_of_sentences]
    title, body = lines[0], lines[1:]
    paragraphs = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def build(out_dir, count, seed):
    rng = random.Random(seed)
    per_file = [(path, sentences(path)) for path in staged_files()]
    if not per_file:
        raise SystemExit(f"no staged texts under {NER}")
    articles = []  # (file, first sentence index, sentences)
    if count is None:
        for path, sents in per_file:
            k = 0
            while k < len(sents):
                n = rng.randint(20, 40)
                articles.append((path, k, sents[k:k + n]))
                k += n
    else:
        weights = [len(s) for _, s in per_file]
        while len(articles) < count:
            path, sents = rng.choices(per_file, weights)[0]
            n = rng.randint(20, 40)
            k = rng.randrange(max(1, len(sents) - n))
            articles.append((path, k, sents[k:k + n]))
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    words = 0
    for i, (path, k, sents) in enumerate(articles):
        text = article(sents, tokenised=i % 2 == 0)
        words += len(text.split())
        stem = os.path.splitext(os.path.basename(path))[0]
        name = f"{i:05d}-{stem}-{k}.txt"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(text)
    files = len(per_file)
    print(f"{out_dir}: {len(articles)} articles, {words} words, from {files} staged files")


def run(command, folder):
    """Runs one command; returns (ok, seconds, problems)."""
    started = time.monotonic()
    proc = subprocess.run(
        [BINARY, command, "--no-cache", folder] + (["--format", "json"]),
        capture_output=True,
    )
    seconds = time.monotonic() - started
    problems = []
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        problems.append(f"exit code {proc.returncode}")
    if "panicked" in stderr or "stack backtrace" in stderr or "RUST_BACKTRACE" in stderr:
        problems.append("a panic reached stderr")
    try:
        json.loads(proc.stdout)
    except ValueError as e:
        problems.append(f"output is not JSON ({e})")
    # Failures the model caught, by where they happened: one line per place.
    places = {}
    for line in stderr.splitlines():
        if line.startswith("warning:") and "model failed," in line:
            place = line.rsplit("(at ", 1)[-1].rstrip(")") if "(at " in line else line
            places.setdefault(place, []).append(line.split(": ")[1])
    for place, docs in sorted(places.items(), key=lambda kv: -len(kv[1])):
        problems.append(f"model failed at {place} in {len(docs)} documents, e.g. {docs[0]}")
    return not problems, seconds, problems, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, help="draw this many articles (default: every sentence once)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build-only", action="store_true", help="write the articles, run nothing")
    args = ap.parse_args()
    label = str(args.articles) if args.articles else "all"
    out_dir = os.path.join(HERE, "out", "sweep", label)
    build(out_dir, args.articles, args.seed)
    if args.build_only:
        return 0
    if not os.path.exists(BINARY):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    failed = False
    for command in ("extract", "compare"):
        ok, seconds, problems, stdout = run(command, out_dir)
        summary = ""
        if ok and command == "extract":
            data = json.loads(stdout)
            summary = (f": {len(data['documents'])} documents, {len(data['entities'])} entities, "
                       f"{len(data['claims'])} claims, {len(data['groups'])} groups")
        print(f"{command}: {'ok' if ok else 'FAILED'} in {seconds:.1f} s{summary}")
        for p in problems[:20]:
            print(f"  {p}")
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
