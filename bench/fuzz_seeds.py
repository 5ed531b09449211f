#!/usr/bin/env python3
"""Seeds for a local run of the model's fuzz target, from the staged NER texts.

Writes fuzz/corpus/model-real/ (git-ignored: the texts belong to their publishers and are
never committed): short texts of 1-12 consecutive sentences from every file of
../shared/data/ner (tweets, news, Wikipedia, web text), half tokenised as the files have
them, half detokenised. libFuzzer mutates from these towards what real text looks like.

    python3 bench/fuzz_seeds.py [COUNT]     (default 2000)
    cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O model corpus/model corpus/model-real seeds/model
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from staged_sweep import REPO, detokenise, sentences, staged_files  # noqa: E402


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(7)
    out = os.path.join(REPO, "fuzz", "corpus", "model-real")
    os.makedirs(out, exist_ok=True)
    per_file = [s for s in (sentences(p) for p in staged_files()) if s]
    for i in range(count):
        sents = per_file[i % len(per_file)]
        n = rng.randint(1, 12)
        k = rng.randrange(max(1, len(sents) - n))
        lines = [" ".join(t) if i % 2 else detokenise(t) for t in sents[k:k + n]]
        with open(os.path.join(out, f"s{i:05d}"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    print(f"{out}: {count} seeds from {len(per_file)} files")


if __name__ == "__main__":
    main()
