#!/usr/bin/env bash
# Cross-validate each candidate NLU pipeline in configs/ on data/nlu and print a table of
# intent and entity F1. DIET candidates take about 10 minutes each on 2 cores. Usage:
#   bash scripts/compare_pipelines.sh [FOLDS [CONFIG...]]
set -euo pipefail
cd "$(dirname "$0")/.."
FOLDS=${1:-3}
shift || true
CONFIGS=("$@")
[[ ${#CONFIGS[@]} -gt 0 ]] || CONFIGS=(configs/*.yml)
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p results/cv
for config in "${CONFIGS[@]}"; do
  name=$(basename "$config" .yml)
  start=$(date +%s)
  .venv/bin/rasa test nlu --nlu data/nlu --config "$config" --cross-validation --folds "$FOLDS" \
    --out "results/cv/$name" > "results/cv-$name.log" 2>&1
  echo $(( $(date +%s) - start )) > "results/cv/$name/seconds"
done
.venv/bin/python scripts/summarise_cv.py results/cv
