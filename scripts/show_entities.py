#!/usr/bin/env python3
"""Summarise `parallax extract --format json` output: one line per entity.
Usage: parallax extract corpus | python3 scripts/show_entities.py [TYPE...]"""
import json
import sys

data = json.load(sys.stdin)
only = set(sys.argv[1:])
for e in data["entities"]:
    if only and e["type"] not in only:
        continue
    docs = sorted({m["doc"][:3] for m in e["mentions"]})
    print(f'{e["id"]:>5} {e["type"]:<9} {e["name"]!r:<45} n={len(e["mentions"]):<3} docs={",".join(docs):<20} '
          f'{e.get("normalized") or ""} aliases={e["aliases"]}')
