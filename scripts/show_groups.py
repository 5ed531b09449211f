#!/usr/bin/env python3
"""Summarise the groups of `parallax extract --format json`: multi-document groups with
their claims per document and conflicts. Usage: parallax extract corpus | python3 scripts/show_groups.py"""
import json
import sys

data = json.load(sys.stdin)
claims = {c["id"]: c for c in data["claims"]}
order = {"contested": 0, "corroborated": 1, "single": 2}
for g in sorted(data["groups"], key=lambda g: (order[g["status"]], int(g["id"][1:]))):
    if g["status"] == "single" and "--all" not in sys.argv:
        continue
    print(f'{g["id"]} {g["status"].upper()}  {g["label"][:100]}')
    for cid in g["claims"]:
        c = claims[cid]
        print(f'    {c["doc"][:3]} [{c["stance"]}] {c["text"][:130]}')
    for k in g["conflicts"]:
        vals = "; ".join(f'{v["doc"][:3]}: {v["text"]} ({v["normalized"]})' for v in k["values"])
        print(f'    ! {k["slot"]}: {vals}' + (f' -- {k["note"]}' if k.get("note") else ""))
print(sum(1 for g in data["groups"] if g["status"] != "single"), "multi-document groups of", len(data["groups"]))
