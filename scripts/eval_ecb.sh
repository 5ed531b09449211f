#!/usr/bin/env bash
# Scores the release binary on the ECB+ development topics (cross-document entities
# and claim links) with the shared scorer. Reads ../shared/data/ecb-dev; writes only
# to OUT (default /tmp/parallax-ecb). The ECB+ texts are never copied into the repo.
#   scripts/eval_ecb.sh [OUT] [--per-subtopic]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/parallax-ecb}
shift || true
data=../shared/data/ecb-dev
mkdir -p "$out"
cargo build --release --quiet
for dir in "$data"/ecb/*/; do
  name=$(basename "$dir")
  target/release/parallax extract "$dir" --format json > "$out/$name.json" 2>/dev/null
done
python3 ../shared/tools/score_ecb.py "$data/gold.json" "$out" "$@" > "$out/score.json"
python3 - "$out/score.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().strip().splitlines()
s = json.loads(lines[0])
e = s["entity"]
for sub in ("named", "PER", "ORG", "LOC"):
    for var in ("matched", "all_gold"):
        r = e[sub]["exact"][var]
        print(f"entity {sub:<5} exact {var:<8} CoNLL F1 {r['conll_f1']:.3f}  mention recall {r['mention_recall']:.3f}")
l = s["event"]["links"]
print(f"event links P {l['p']:.3f} R {l['r']:.3f} F1 {l['f1']:.3f} kappa {l['kappa']:.3f} MCC {l['mcc']:.3f}")
print("checks", s["checks"])
print(lines[-1])
PY
