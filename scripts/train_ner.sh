#!/usr/bin/env bash
# Regenerates data/model/ner.bin from the openly licensed NER corpora in ../shared/data/ner
# (wikigold, GUM, UNER English-EWT, BTC), then reports on their dev sets and on CoNLL-2003
# dev (measured only, never trained on). EPOCHS=N overrides the 12 passes.
#   scripts/train_ner.sh [DATA_DIR] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet --example ner -- train "${1:-../shared/data/ner}" "${2:-data/model/ner.bin}"
