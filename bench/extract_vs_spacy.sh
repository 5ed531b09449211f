#!/usr/bin/env bash
# Whole-process `parallax extract` speed beside spaCy's small English model (NER only)
# on the same ~50,000 words of news, both on one core (taskset -c 0), in one run.
# Needs the spaCy venv described in bench/README.md and ../shared/data/ecb-dev.
#   bench/extract_vs_spacy.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
python3 bench/make_news_text.py > /dev/null
cargo build --release --quiet
words=$(cat bench/out/news50k/*.txt | wc -w)
best=""
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  taskset -c 0 target/release/parallax extract bench/out/news50k --format json > /dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
done
peak=$( { /usr/bin/time -v taskset -c 0 target/release/parallax extract bench/out/news50k --format json > /dev/null; } 2>&1 | awk -F: '/Maximum resident/ {print $2}')
ours=$(echo "$words / $best" | bc -l)
printf 'parallax extract: %d words, best of %d whole-process runs %.3f s = %.0f words/s, peak RSS %d kB\n' "$words" "$runs" "$best" "$ours" "$peak"
spacy_json=$(taskset -c 0 /work/venv-spacy/bin/python bench/spacy_ner.py)
echo "spaCy: $spacy_json"
theirs=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["words_per_s_best"])' "$spacy_json")
printf 'spaCy en_core_web_sm NER only: %.0f words/s (best pass)\n' "$theirs"
printf 'ratio: %.1fx\n' "$(echo "$ours / $theirs" | bc -l)"
