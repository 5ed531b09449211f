#!/usr/bin/env python3
"""What cross-article sentence linking on ECB+ can reach with word overlap alone.

Reads ../shared/data/ecb-dev (gold sentences and event clusters; never copied into the
repository) and prints the Matthews correlation of the scorer's link decision (two
validated sentences of different documents linked when they share a label) for:
  oracle   one label per sentence: its sub-topic's most frequent gold event cluster
  stems    linking sentences that share a content stem found in >= 10% of the
           sub-topic's documents (a pairwise decision, not a grouping)
  gold-event-stems      linking sentences whose GOLD event words share a stem (the
           issue's baseline: event words given; a pairwise decision)
  ... as a grouping     the same links closed transitively, as any grouping that puts
           each sentence in one group must (A~B and B~C put A, B, C in one group)
  ... dominant stem     each sentence grouped by the one of its gold event stems that
           most of the sub-topic's documents use (a grouping, event words given)
  logreg   a logistic regression over lexical pair features, fitted and scored on the
           same pairs (an optimistic ceiling for pairwise decisions from word overlap)
Needs numpy and snowballstemmer (pip install numpy snowballstemmer).
    python3 scripts/ecb_link_ceiling.py
"""
import collections
import json
import math
import os
import re

import numpy as np
import snowballstemmer

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "ecb-dev")
STEM = snowballstemmer.stemmer("english").stemWord
STOP = set(
    """a an the and or but if of in on at to for from by with without about as into onto
    over under after before during since until while than then that this these those there
    here it its he she they them his her their we our you your i me my is are was were be
    been being am has have had having do does did done will would shall should can could may
    might must not no nor so too very also just only more most less least some any all each
    every both either neither one two three four five six seven eight nine ten who whom
    whose which what when where why how said says say told tell according reported report
    reports news new year years week day days time first last people""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
WEEKDAYS = {STEM(w) for w in "monday tuesday wednesday thursday friday saturday sunday".split()}


def subtopics():
    gold = json.load(open(os.path.join(DATA, "gold.json"), encoding="utf-8"))
    for key in sorted(gold["subtopics"]):
        st = gold["subtopics"][key]
        texts = {
            d["id"]: open(os.path.join(DATA, "ecb", d["path"]), encoding="utf-8").read()
            for d in st["docs"]
        }
        items = []
        for d in st["docs"]:
            raw = texts[d["id"]].encode("utf-8")
            for s in d["annotated"]:
                a, b = d["sentences"][s]
                items.append((d["id"], s, raw[a:b].decode("utf-8")))
        labels = collections.defaultdict(set)
        event_stems = collections.defaultdict(set)
        for m in st["events"]:
            if m["annotated"]:
                labels[(m["doc"], m["sentence"])].add(m["cluster"])
                event_stems[(m["doc"], m["sentence"])].add(m["stem"])
        yield texts, items, labels, event_stems


def words(text):
    """(lower-case stems, stems of capitalised words past the first) of a text."""
    low, cap = set(), set()
    for k, w in enumerate(WORD.findall(text)):
        lw = w.lower()
        if lw in STOP or len(lw) < 3:
            continue
        (cap if w[0].isupper() and k > 0 else low).add(STEM(lw))
    return low, cap


def mcc(tp, gp, pp, n):
    fp, fn = pp - tp, gp - tp
    tn = n - tp - fp - fn
    den = math.sqrt(pp * gp * (n - pp) * (n - gp)) or 1.0
    return (tp * tn - fp * fn) / den


def main():
    counts = collections.Counter()
    rows, gold_links = [], []
    for texts, items, labels, event_stems in subtopics():
        ndocs = len(texts)
        df = collections.Counter()
        for t in texts.values():
            low, cap = words(t)
            df.update(low | cap)
        frequent = {s for s, c in df.items() if c >= 0.1 * ndocs and c >= 2}
        freq = collections.Counter(c for it in items for c in labels[it[:2]])
        dominant = {
            it[:2]: {max(labels[it[:2]], key=lambda c: (freq[c], c))} if labels[it[:2]] else set()
            for it in items
        }
        info = [words(it[2]) + (it[1],) for it in items]
        # Gold event words: the baseline links pairs sharing a stem; a grouping must
        # close those links transitively, or pick one stem per sentence.
        stems_of = [event_stems[it[:2]] for it in items]
        stem_docs = collections.Counter(
            s for d in texts for s in set().union(*[event_stems[it[:2]] for it in items if it[0] == d])
        )
        dominant_stem = [
            max(st, key=lambda s: (stem_docs[s], s)) if st else ("none", k)
            for k, st in enumerate(stems_of)
        ]
        parent = list(range(len(items)))

        def root(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if items[i][0] != items[j][0] and stems_of[i] & stems_of[j]:
                    parent[root(i)] = root(j)
        idf = lambda s: math.log((ndocs + 1) / (df[s] + 0.5))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                x, y = items[i], items[j]
                if x[0] == y[0]:
                    continue
                g = bool(labels[x[:2]] & labels[y[:2]])
                (la, ca, pa), (lb, cb, pb) = info[i], info[j]
                shared_low, shared_all = la & lb, (la | ca) & (lb | cb)
                counts["pairs"] += 1
                counts["gold"] += g
                for name, linked in (
                    ("oracle", bool(dominant[x[:2]] & dominant[y[:2]])),
                    ("stems", bool(shared_all & frequent)),
                    ("gold-event-stems", bool(stems_of[i] & stems_of[j])),
                    ("  ... as a grouping", root(i) == root(j)),
                    ("  ... dominant stem", dominant_stem[i] == dominant_stem[j]),
                ):
                    counts[name] += linked
                    counts[name + "_tp"] += linked and g
                wa, wb = (la | ca) & WEEKDAYS, (lb | cb) & WEEKDAYS
                rows.append([
                    len(shared_low), sum(idf(s) for s in shared_low), len(shared_all),
                    sum(idf(s) for s in shared_all), len(la | lb),
                    len(shared_low) / math.sqrt(max(1, len(la) * len(lb))),
                    min(len(ca - cb - lb), len(cb - ca - la)),
                    float(bool(wa) and bool(wb) and not (wa & wb)),
                    (pa == 0) + (pb == 0), max(pa, pb),
                ])
                gold_links.append(g)
    n, gp = counts["pairs"], counts["gold"]
    print(f"pairs {n}, gold links {gp} ({gp / n:.2f})")
    for name in (
        "oracle", "stems", "gold-event-stems", "  ... as a grouping", "  ... dominant stem"
    ):
        print(f"{name:7} MCC {mcc(counts[name + '_tp'], gp, counts[name], n):.3f}")
    x = np.array(rows, float)
    y = np.array(gold_links, float)
    z = np.hstack([(x - x.mean(0)) / (x.std(0) + 1e-9), np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    for _ in range(3000):
        p = 1 / (1 + np.exp(-z @ w))
        w -= 0.5 * z.T @ (p - y) / len(y)
    p = 1 / (1 + np.exp(-z @ w))
    best = max(
        (mcc(int(((p > t) & (y > 0)).sum()), gp, int((p > t).sum()), n), t)
        for t in np.arange(0.3, 0.95, 0.02)
    )
    print(f"logreg  MCC {best[0]:.3f} (threshold {best[1]:.2f}, fitted on the pairs it scores)")


if __name__ == "__main__":
    main()
