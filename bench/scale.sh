#!/usr/bin/env bash
# Scale benchmark: extract and compare on corpora of 100, 1,000 and 10,000 articles
# (built by bench/make_scale_corpus.py from the staged news sentences, fixed seed):
# wall time and peak memory of the whole process, cold (--no-cache), filling an empty
# cache, and warm (from the cache); then the workbench's time to first frame and
# key-to-frame latency with the cache warm (examples/latency.rs).
#
#   bash bench/scale.sh [SIZES...]        (default: 100 1000 10000)
#
# The cache used is bench/out/cache (emptied first), never the user's.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100 1000 10000}")
read -r -a sizes <<< "${sizes[*]}"
cargo build --release --quiet
cargo build --release --quiet --example latency
for n in "${sizes[@]}"; do
  [ -d "bench/out/scale/$n" ] || python3 bench/make_scale_corpus.py "$n"
done
export PARALLAX_CACHE_DIR="$PWD/bench/out/cache"
unset PARALLAX_NO_CACHE
rm -rf "$PARALLAX_CACHE_DIR"
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
# Prints "SECONDS MB" for one run of parallax with the given arguments.
measure() {
  /usr/bin/time -f "%e %M" -o "$timing" target/release/parallax "$@" > /dev/null 2> /dev/null
  read -r secs kb < "$timing"
  printf '%s %d' "$secs" "$((kb / 1024))"
}
printf '%-8s %-8s %16s %16s %16s\n' articles command "cold s / MB" "filling s / MB" "warm s / MB"
for n in "${sizes[@]}"; do
  for cmd in extract compare; do
    read -r cs cm <<< "$(measure "$cmd" --no-cache "bench/out/scale/$n")"
    # extract fills the cache for both commands: compare's first run is already warm,
    # so its "filling" column is measured on an emptied cache too.
    rm -rf "$PARALLAX_CACHE_DIR"
    read -r fs fm <<< "$(measure "$cmd" "bench/out/scale/$n")"
    read -r ws wm <<< "$(measure "$cmd" "bench/out/scale/$n")"
    printf '%-8s %-8s %9s %6s %9s %6s %9s %6s\n' "$n" "$cmd" "$cs" "$cm" "$fs" "$fm" "$ws" "$wm"
  done
done
# Where the cold time goes, stage by stage (PARALLAX_TIMINGS), and the work that must
# stay near-linear: grouping's candidate pairs per claim (bounded by construction: a
# claim probes through at most 6 terms of at most 400 claims each).
printf '\n%-8s %10s %12s %14s %16s %12s\n' articles claims "not copies" "postings read" "candidate pairs" "per claim"
for n in "${sizes[@]}"; do
  PARALLAX_TIMINGS=1 target/release/parallax extract --no-cache "bench/out/scale/$n" 2> "bench/out/timings-$n.txt" > /dev/null
  awk -v n="$n" '
    /^count  claims not copies/ { nc = $NF; next }
    /^count  claims/ { c = $NF }
    /^count  postings scanned/ { s = $NF }
    /^count  candidate pairs/ { p = $NF }
    END { printf "%-8s %10d %12d %14d %16d %12.1f\n", n, c, nc, s, p, (nc ? p / nc : 0) }
  ' "bench/out/timings-$n.txt"
done
for n in "${sizes[@]}"; do
  echo "== stages, $n articles (cold, wall seconds)"
  grep '^timing' "bench/out/timings-$n.txt" | sed 's/^timing //'
done
for n in "${sizes[@]}"; do
  # The loop above leaves only the last run's entries: warm this corpus first.
  target/release/parallax extract "bench/out/scale/$n" > /dev/null
  echo "== latency, $n articles (cache warm)"
  target/release/examples/latency "bench/out/scale/$n" 2000
done
