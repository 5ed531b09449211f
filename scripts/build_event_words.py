#!/usr/bin/env python3
"""Build Parallax's table of event words, data/lexicon/event_words.tsv, from the WordNet
3.0 database of Debian's `wordnet-base` package (never needed at run time: the table is
committed and built into the binary, src/model/lexicon.rs).

Usage (from the repository root; Python 3 standard library only):

    apt-get install -y wordnet-base
    python3 scripts/build_event_words.py [--wordnet /usr/share/wordnet] [--out data/lexicon]

Each line is `word<TAB>concept concept ...`: a lower-case verb or event noun and the
numbers of the meanings it may have, so that two words which can mean the same happening
share a number:

- a verb's first three senses (its synsets: "arrest" and "apprehend" share one) and the
  direct hypernyms of its first two ("condemn" is a kind of "denounce");
- an event noun's first two senses (WordNet's noun.act, noun.event, noun.phenomenon and
  noun.process) with the verbs they derive from ("death" shares the meanings of "die",
  "shooting" those of "shoot"), and their direct hypernyms;
- irregular verb forms (verb.exc) with the meanings of their base ("fled" of "flee").

Numbers are dense and given in the order the meanings are first met in sorted words, so
the output is deterministic. Nothing is special-cased for any corpus.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_wordnet as wordnet  # noqa: E402

EVENT_NOUN_FILES = {4, 11, 19, 22}  # noun.act, noun.event, noun.phenomenon, noun.process
VERB_SENSES, VERB_HYPERNYM_SENSES = 3, 2
NOUN_SENSES = 2


def single_word(lemma):
    return lemma.isalpha() and lemma.islower()


def hypernyms(synsets, key):
    return [(p, t) for s, t, p in synsets[key][2] if s in ("@", "@i")]


def derived_verbs(synsets, key):
    return [(p, t) for s, t, p in synsets[key][2] if s == "+" and p == "v"]


def meanings(synsets, verbs, nouns):
    found = {}
    for lemma, (offsets, _) in verbs.items():
        if not single_word(lemma):
            continue
        keys = [("v", o) for o in offsets[:VERB_SENSES]]
        for o in offsets[:VERB_HYPERNYM_SENSES]:
            keys += hypernyms(synsets, ("v", o))
        found.setdefault(lemma, []).extend(keys)
    for lemma, (offsets, _) in nouns.items():
        if not single_word(lemma):
            continue
        keys = []
        for o in offsets[:NOUN_SENSES]:
            key = ("n", o)
            if synsets[key][0] not in EVENT_NOUN_FILES:
                continue
            keys += derived_verbs(synsets, key)
            keys.append(key)
            keys += hypernyms(synsets, key)
        if keys:
            found.setdefault(lemma, []).extend(keys)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "data", "lexicon"))
    args = parser.parse_args()
    wn = args.wordnet
    synsets = wordnet.read_database(wn)
    verbs = wordnet.read_sense_order(wn, "v")
    nouns = wordnet.read_sense_order(wn, "n")
    found = meanings(synsets, verbs, nouns)
    for form, base in wordnet.read_exceptions(wn, "verb"):
        if single_word(form) and base in found and form not in found:
            found[form] = list(found[base])
    numbers = {}
    lines = []
    for word in sorted(found):
        ids = []
        for key in found[word]:
            n = numbers.setdefault(key, len(numbers))
            if n not in ids:
                ids.append(n)
        lines.append(word + "\t" + " ".join(map(str, ids)) + "\n")
    what = (
        "event_words.tsv - verbs and event nouns with the WordNet meanings they may have, "
        "word<TAB>meaning numbers; see scripts/build_event_words.py."
    )
    text = wordnet.header(what, wordnet.debian_version(), wordnet.licence_text(wn)).replace(
        "scripts/build_wordnet.py", "scripts/build_event_words.py", 1
    )
    text += "".join(lines)
    path = os.path.join(os.path.normpath(args.out), "event_words.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    notes = os.path.join(os.path.normpath(args.out), "EVENT_WORDS.md")
    with open(notes, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# event_words.tsv\n\n"
            "Verbs and event nouns with the WordNet meanings they may have, one per line:\n"
            "`word<TAB>meaning numbers`. Parallax uses it so that paraphrases meet: in claim\n"
            "groups a word joins the term of its most frequent meaning (\"apprehended\" that\n"
            "of \"arrested\"), and groups whose event words share a meaning may be one event.\n\n"
            f"- Source: WordNet 3.0, Princeton University, from Debian's `wordnet-base`\n"
            f"  ({wordnet.debian_version()}), under the WordNet 3.0 licence (notice in\n"
            "  `LICENSE-WordNet.txt` and at the top of the table).\n"
            "- What a word's meanings are: see the docstring of `scripts/build_event_words.py`.\n"
            f"- Size: {len(lines):,} words, {len(numbers):,} meanings, "
            f"{len(text.encode('utf-8')):,} bytes.\n"
            "- Regenerate: `python3 scripts/build_event_words.py` (deterministic; never\n"
            "  needed at run time, the table is built into the binary).\n"
        )
    print(f"{path}: {len(lines):,} words, {len(numbers):,} meanings, "
          f"{len(text.encode('utf-8')):,} bytes")


if __name__ == "__main__":
    main()
