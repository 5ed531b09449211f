#!/usr/bin/env python3
"""Build the NER speed benchmark input: ~50,000 words of real news text.

Copies whole ECB+ article files (../shared/data/ecb-dev/ecb/*/*.txt, relative to the
repo root), in sorted path order, into bench/out/news50k/ until the whitespace-split
word count reaches 50,000, and writes their concatenation to bench/out/news50k.txt.
Deterministic. The article texts belong to their publishers: bench/out/ is git-ignored
and must never be committed.

Usage (from the repo root):  python3 bench/make_news_text.py [--words 50000]
"""
import argparse
import glob
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SRC = os.path.join(REPO, "..", "shared", "data", "ecb-dev", "ecb")
OUT = os.path.join(HERE, "out")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=50_000, help="stop once this many words are copied")
    args = ap.parse_args()

    # Plain lexicographic order of the paths (so 10_ecb sorts before 1_ecb).
    paths = sorted(glob.glob(os.path.join(SRC, "*", "*.txt")))
    if not paths:
        raise SystemExit(f"no article files under {os.path.normpath(SRC)}")

    folder = os.path.join(OUT, f"news{args.words // 1000}k")
    if os.path.isdir(folder):
        shutil.rmtree(folder)  # start clean so the folder holds exactly this selection
    os.makedirs(folder)

    total, chosen, texts = 0, [], []
    for path in paths:
        if total >= args.words:
            break
        with open(path, encoding="utf-8") as f:
            text = f.read()
        name = os.path.basename(path)  # e.g. 10_1ecb.txt: unique across sub-topics
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.split())
        chosen.append(os.path.relpath(path, SRC))
        texts.append(text if text.endswith("\n") else text + "\n")

    with open(folder + ".txt", "w", encoding="utf-8") as f:
        f.write("\n".join(texts))  # a blank line between articles

    print(json.dumps({"folder": os.path.relpath(folder, REPO), "files": len(chosen),
                      "words": total, "first": chosen[0], "last": chosen[-1]}))


if __name__ == "__main__":
    main()
