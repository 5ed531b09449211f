#!/usr/bin/env bash
# Scale benchmark: extract and compare on corpora of 100, 1,000 and 10,000 articles
# (built by bench/make_scale_corpus.py from the staged news sentences, fixed seed):
# wall time and peak memory of the whole process, then the workbench's time to first
# frame and key-to-frame latency (examples/latency.rs).
#
#   bash bench/scale.sh [SIZES...]        (default: 100 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100 1000 10000}")
read -r -a sizes <<< "${sizes[*]}"
cargo build --release --quiet
cargo build --release --quiet --example latency
for n in "${sizes[@]}"; do
  [ -d "bench/out/scale/$n" ] || python3 bench/make_scale_corpus.py "$n"
done
printf '%-8s %-10s %10s %12s\n' articles command seconds "peak MB"
for n in "${sizes[@]}"; do
  for cmd in extract compare; do
    /usr/bin/time -f "%e %M" -o /tmp/parallax-scale-time \
      target/release/parallax "$cmd" "bench/out/scale/$n" > /dev/null 2>/dev/null
    read -r secs kb < /tmp/parallax-scale-time
    printf '%-8s %-10s %10s %12d\n' "$n" "$cmd" "$secs" "$((kb / 1024))"
  done
done
for n in "${sizes[@]}"; do
  echo "== latency, $n articles"
  target/release/examples/latency "bench/out/scale/$n" 2000
done
